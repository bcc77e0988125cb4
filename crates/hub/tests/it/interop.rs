//! A relying party written with Python's authlib logs in against a running hub: discovery, an
//! authorization request with PKCE, the login form, the code exchange, ID token validation
//! against the JWKS, and userinfo.

use std::path::Path;
use std::process::Command;

use tongban_testkit::each_backend;

use crate::support::{Browser, HUB_SECTION, PASSWORD, TestHub, resident_id};

/// Environment variable that skips this test when set to `1`, for machines without Python.
const SKIP_VAR: &str = "TONGBAN_TEST_SKIP_INTEROP";

fn script() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/authlib_login.py")
}

#[tokio::test]
async fn authlib_relying_party_logs_in() {
    if std::env::var(SKIP_VAR).is_ok_and(|value| value == "1") {
        eprintln!("{SKIP_VAR}=1: skipping the authlib interoperability test");
        return;
    }
    let probe = Command::new("python3")
        .args(["-c", "import authlib, requests"])
        .output();
    match probe {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!(
            "python3 cannot import authlib and requests ({}). Install them with \
             `python3 -m pip install authlib requests`, or set {SKIP_VAR}=1 to skip this test.",
            String::from_utf8_lossy(&output.stderr).trim()
        ),
        Err(error) => panic!(
            "python3 cannot be run ({error}). Install Python 3 and \
             `python3 -m pip install authlib requests`, or set {SKIP_VAR}=1 to skip this test."
        ),
    }

    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let secret = hub.register_client("authlib-rp", "ES256").await;
        Browser::new(&hub, "en").register(1).await;

        let url = hub.url.clone();
        let id_number = resident_id(1);
        let secret_for_script = secret.clone();
        let output = tokio::task::spawn_blocking(move || {
            Command::new("python3")
                .arg(script())
                .args([&url, "authlib-rp", &secret_for_script, &id_number, PASSWORD])
                .output()
        })
        .await
        .unwrap()
        .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{backend}: authlib login failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        let summary: serde_json::Value =
            serde_json::from_str(stdout.trim()).unwrap_or_else(|error| {
                panic!("{backend}: the script printed no JSON summary ({error}): {stdout}")
            });
        assert_eq!(summary["userinfo"]["name"], "王五", "{backend}");
        assert_eq!(
            summary["id_token"]["assurance_level"], "self_asserted",
            "{backend}"
        );
        assert_eq!(
            summary["id_token"]["sub"], summary["userinfo"]["sub"],
            "{backend}"
        );
        assert!(
            !stdout.contains(&secret),
            "{backend}: the secret stays out of the output"
        );
        hub.instance.stop().await;
    }
}
