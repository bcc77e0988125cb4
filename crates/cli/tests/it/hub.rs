//! `tongban hub enroll-node | nodes | revoke-node | register-client` against a hub
//! configuration in a temporary folder.

use std::path::{Path, PathBuf};

use chrono::Utc;
use tongban_crypto::SigningKey;
use tongban_crypto::trust_list::NodeNames;
use tongban_services::federation::{self, EnrolmentRequest, Hub};
use tongban_services::oidc_clients;
use tongban_store::{Store, audit};

use crate::{json_of, tongban};

/// Writes a hub configuration whose data folder is inside `dir`, and returns its path.
fn hub_config(dir: &Path) -> PathBuf {
    let data_dir = dir.join("hub");
    let text = format!(
        "role = \"hub\"\n\n[instance]\nid = \"hub\"\nname_zh = \"国家政务服务平台\"\n\
         name_en = \"National Government Service Platform\"\nlisten = \"127.0.0.1:8400\"\n\
         public_url = \"http://127.0.0.1:8400\"\ndata_dir = \"{}\"\n\n[hub]\nenrolment_token_hours = 2\n",
        data_dir.display()
    );
    let path = dir.join("hub.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn database_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("hub/tongban.sqlite").display())
}

fn enroll_args<'a>(config: &'a str, division: &'a str) -> Vec<&'a str> {
    vec![
        "hub",
        "enroll-node",
        "--config",
        config,
        "--node-id",
        "gd",
        "--kind",
        "region",
        "--division",
        division,
        "--name-zh",
        "广东政务服务网",
        "--name-en",
        "Guangdong Government Services",
        "--actor",
        "operator-1",
    ]
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn enroll_list_and_revoke_a_node() {
    let dir = tempfile::tempdir().unwrap();
    let config = hub_config(dir.path());
    let config = config.to_str().unwrap().to_owned();

    let mut args = enroll_args(&config, "440000");
    args.push("--json");
    let issued = {
        let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            tongban(&args)
        })
        .await
        .unwrap()
    };
    assert_eq!(issued.status.code(), Some(0), "{}", stderr(&issued));
    let issued = json_of(&issued);
    let token = issued["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 43);
    assert_eq!(issued["node_id"], "gd");
    let expires_at =
        chrono::DateTime::parse_from_rfc3339(issued["expires_at"].as_str().unwrap()).unwrap();
    let hours = (expires_at.with_timezone(&Utc) - Utc::now()).num_minutes();
    assert!(
        (118..=120).contains(&hours),
        "valid for 2 hours: {hours} minutes"
    );

    // The node side of the enrolment, done in-process against the same database.
    let store = Store::connect(&database_url(dir.path())).await.unwrap();
    let events = audit::list_events(store.pool(), "node/gd", 10)
        .await
        .unwrap();
    assert_eq!(events[0].actor, "operator-1");
    assert!(
        !events[0]
            .details
            .as_ref()
            .unwrap()
            .to_string()
            .contains(&token)
    );
    let hub_key = SigningKey::generate();
    let node_key = SigningKey::generate();
    let request = EnrolmentRequest {
        token,
        node_id: "gd".to_owned(),
        kind: "region".to_owned(),
        division_code: "440000".to_owned(),
        endpoint: "https://gd.example.gov.cn".to_owned(),
        public_key: node_key.public_key().to_hex(),
        names: NodeNames {
            zh_cn: "广东".to_owned(),
            en: "Guangdong".to_owned(),
        },
    };
    let hub = Hub {
        id: "hub",
        public_key: hub_key.public_key(),
    };
    federation::enrol_node(&store, &request, hub, Utc::now())
        .await
        .unwrap();
    store.pool().close().await;

    let config_for_task = config.clone();
    let (listed, human, revoked, again, listed_after) = tokio::task::spawn_blocking(move || {
        let config = config_for_task.as_str();
        (
            tongban(&["hub", "nodes", "--config", config, "--json"]),
            tongban(&["hub", "nodes", "--config", config]),
            tongban(&[
                "hub",
                "revoke-node",
                "--config",
                config,
                "--node-id",
                "gd",
                "--reason",
                "test revocation",
                "--json",
            ]),
            tongban(&[
                "hub",
                "revoke-node",
                "--config",
                config,
                "--node-id",
                "gd",
                "--reason",
                "again",
            ]),
            tongban(&["hub", "nodes", "--config", config, "--json"]),
        )
    })
    .await
    .unwrap();

    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let listed = json_of(&listed);
    let node = &listed["nodes"][0];
    assert_eq!(node["id"], "gd");
    assert_eq!(node["status"], "active");
    assert_eq!(
        node["names"]["zh-CN"], "广东政务服务网",
        "the operator's names win"
    );
    assert_eq!(node["endpoint"], "https://gd.example.gov.cn");
    assert_eq!(node["keys"][0]["key_id"], node_key.key_id().as_str());

    let human = String::from_utf8_lossy(&human.stdout).into_owned();
    assert!(human.contains("gd"), "{human}");
    assert!(human.contains(node_key.key_id().as_str()), "{human}");
    assert!(human.contains("Guangdong Government Services"), "{human}");

    assert_eq!(revoked.status.code(), Some(0), "{}", stderr(&revoked));
    let revoked = json_of(&revoked);
    assert_eq!(revoked["already_revoked"], false);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let again = String::from_utf8_lossy(&again.stdout).into_owned();
    assert!(again.contains("already"), "{again}");

    let listed_after = json_of(&listed_after);
    assert_eq!(listed_after["nodes"][0]["status"], "revoked");
    assert_eq!(
        listed_after["nodes"][0]["revocation_reason"],
        "test revocation"
    );
}

#[test]
fn human_output_shows_token_once_with_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let config = hub_config(dir.path());
    let output = tongban(&enroll_args(config.to_str().unwrap(), "440000"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[1].len(),
        43,
        "the token has a line of its own: {text}"
    );
    assert!(
        lines[2].contains("TONGBAN__NODE__ENROLMENT_TOKEN"),
        "{text}"
    );
}

#[test]
fn invalid_enrolment_names_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    let config = hub_config(dir.path());
    let mut args = enroll_args(config.to_str().unwrap(), "100000");
    args[5] = "GD";
    args.push("--json");
    let output = tongban(&args);
    assert_eq!(output.status.code(), Some(2));
    let error = json_of(&output);
    assert_eq!(error["error"]["rule"], "invalid-field", "{error}");
    assert!(
        error["error"]["fields"]["node_id"]["zh-CN"].is_string(),
        "{error}"
    );
    assert!(
        error["error"]["fields"]["division_code"]["en"].is_string(),
        "{error}"
    );
    assert!(stderr(&output).contains("GD"), "{}", stderr(&output));
}

#[test]
fn revoking_an_unknown_node_fails() {
    let dir = tempfile::tempdir().unwrap();
    let config = hub_config(dir.path());
    let output = tongban(&[
        "hub",
        "revoke-node",
        "--config",
        config.to_str().unwrap(),
        "--node-id",
        "nobody",
        "--reason",
        "typo",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json_of(&output)["error"]["rule"], "node-not-found");
}

#[test]
fn node_configuration_is_not_a_hub() {
    let node = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/node.example.toml");
    let output = tongban(&["hub", "nodes", "--config", node.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json_of(&output)["error"]["rule"], "not-a-hub");
}

#[test]
fn help_of_hub_commands_follows_language() {
    let output = tongban(&["--lang", "zh-CN", "hub", "enroll-node", "--help"]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(text.contains("一次性令牌"), "{text}");
    let output = tongban(&["hub", "revoke-node", "--help"]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(text.contains("trust list"), "{text}");
}

/// Runs `tongban` with `args` on a blocking thread, as a test on the tokio runtime must.
async fn tongban_blocking(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        tongban(&args)
    })
    .await
    .unwrap()
}

fn register_client_args(config: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "hub",
        "register-client",
        "--config",
        config,
        "--client-id",
        "bench-rp",
        "--redirect-uri",
        "http://127.0.0.1:9/bench/callback",
        "--redirect-uri",
        "http://127.0.0.1:9/bench/other",
        "--actor",
        "operator-1",
    ];
    args.extend_from_slice(extra);
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

#[tokio::test]
async fn register_client_prints_secret_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = hub_config(dir.path());
    let config = config.to_str().unwrap().to_owned();

    let first = tongban_blocking(register_client_args(&config, &["--json"])).await;
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let first = json_of(&first);
    assert_eq!(first["client_id"], "bench-rp");
    assert_eq!(first["id_token_signed_response_alg"], "ES256");
    assert_eq!(first["redirect_uris"][1], "http://127.0.0.1:9/bench/other");
    let first_secret = first["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(first_secret.len(), 43);

    // Registering the same id again replaces the client and its secret.
    let second = tongban_blocking(register_client_args(
        &config,
        &[
            "--alg",
            "EdDSA",
            "--post-logout-uri",
            "http://127.0.0.1:9/bench/logged-out",
        ],
    ))
    .await;
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let text = String::from_utf8_lossy(&second.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("bench-rp"), "{text}");
    let second_secret = lines[1].to_owned();
    assert_eq!(
        second_secret.len(),
        43,
        "the secret has a line of its own: {text}"
    );
    assert_ne!(second_secret, first_secret);
    assert!(lines[2].contains("client_secret_basic"), "{text}");

    let store = Store::connect(&database_url(dir.path())).await.unwrap();
    let old = oidc_clients::authenticate_client(&store, "bench-rp", &first_secret)
        .await
        .unwrap();
    assert!(old.is_none(), "the replaced secret no longer works");
    let client = oidc_clients::authenticate_client(&store, "bench-rp", &second_secret)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(client.id_token_signed_response_alg, "EdDSA");
    assert_eq!(client.redirect_uris.len(), 2);
    assert_eq!(
        client.post_logout_redirect_uris,
        vec!["http://127.0.0.1:9/bench/logged-out".to_owned()]
    );
    assert_eq!(client.name_en, "bench-rp");
    let events = audit::list_events(store.pool(), "oidc_client/bench-rp", 10)
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].actor, "operator-1");
    let details = events[0].details.as_ref().unwrap().to_string();
    assert!(!details.contains(&second_secret), "{details}");
    store.pool().close().await;
}

#[test]
fn register_client_rejects_invalid_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let config = hub_config(dir.path());
    let config = config.to_str().unwrap();

    let mut bad_id = register_client_args(config, &["--json"]);
    bad_id[5] = "bench rp".to_owned();
    let bad_id: Vec<&str> = bad_id.iter().map(String::as_str).collect();
    let output = tongban(&bad_id);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json_of(&output)["error"]["rule"], "invalid-client");
    assert!(stderr(&output).contains("bench rp"), "{}", stderr(&output));

    let with_fragment = register_client_args(
        config,
        &[
            "--post-logout-uri",
            "http://127.0.0.1:9/bench#done",
            "--json",
        ],
    );
    let with_fragment: Vec<&str> = with_fragment.iter().map(String::as_str).collect();
    let output = tongban(&with_fragment);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json_of(&output)["error"]["rule"], "invalid-client");
    assert!(stderr(&output).contains("#done"), "{}", stderr(&output));

    let output = tongban(&[
        "hub",
        "register-client",
        "--config",
        config,
        "--client-id",
        "bench-rp",
        "--alg",
        "RS256",
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "missing redirect URI, unknown algorithm"
    );
}
