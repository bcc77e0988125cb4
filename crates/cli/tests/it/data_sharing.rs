//! Real-name verification at registration across processes: `tongban demo` sets up the
//! federation, then the hub and the 公安部 node `mps` run as separate `tongban serve`
//! processes, and people register at the hub over HTTP. The hub asks the population registry
//! through the passage.

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tongban_store::Store;
use tongban_store::accounts::{self, AccountKey};
use tongban_store::data_sharing::access_log;
use tongban_store::data_sharing::population::{self, RegistryPerson};

use crate::passage_faults::{listen_address, set_up_demo, wait_for_port};
use crate::{json_of, tongban};

const PASSWORD: &str = "correct horse battery";

/// `tongban serve` processes, killed when the test ends, also when it fails.
struct Processes(Vec<Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn serve(dir: &Path, id: &str) -> Child {
    let config = dir.join(format!("{id}.toml"));
    let log = File::create(dir.join(format!("{id}.log"))).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args(["serve", "--config"])
        .arg(&config)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    wait_for_port(&listen_address(&config));
    child
}

async fn open_store(dir: &Path, id: &str) -> Store {
    let path = dir.join(id).join("tongban.sqlite");
    Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

/// A browser without a cookie store: it keeps the session cookie by hand.
struct Browser {
    client: reqwest::Client,
    base: String,
    cookie: Option<String>,
}

impl Browser {
    fn new(base: &str) -> Browser {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Browser {
            client,
            base: base.to_owned(),
            cookie: None,
        }
    }

    fn keep_cookie(&mut self, response: &reqwest::Response) {
        if let Some(value) = response.headers().get("set-cookie") {
            let text = value.to_str().unwrap();
            self.cookie = Some(text.split(';').next().unwrap().to_owned());
        }
    }

    async fn get(&mut self, path: &str) -> (u16, String) {
        let mut request = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept-language", "en");
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        self.keep_cookie(&response);
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Registers and returns where the hub sends the browser next.
    async fn register(&mut self, name: &str, resident_id: &str, phone: &str) -> String {
        let (_, form) = self.get("/register").await;
        let csrf = hidden_value(&form, "csrf");
        let response = self
            .client
            .post(format!("{}/register", self.base))
            .header("accept-language", "en")
            .header("cookie", self.cookie.clone().unwrap())
            .form(&[
                ("csrf", csrf.as_str()),
                ("name", name),
                ("resident_id", resident_id),
                ("phone", phone),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 303, "registration of {name}");
        self.keep_cookie(&response);
        response
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    }
}

fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap() + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// Returns a valid resident ID number of Hangzhou 西湖区 born on 1991-02-03 that the
/// registry does not have.
async fn number_not_in_registry(mps: &Store) -> String {
    for sequence in 100..999 {
        let body = format!("33010619910203{sequence:03}");
        let check = tongban_domain::ids::iso7064::mod_11_2_check(body.as_bytes()).unwrap();
        let number = format!("{body}{}", char::from(check));
        if population::find_person(mps.pool(), &number)
            .await
            .unwrap()
            .is_none()
        {
            return number;
        }
    }
    panic!("every number is in the registry");
}

async fn assurance_of(hub: &Store, resident_id: &str) -> String {
    accounts::find_account(hub.pool(), AccountKey::ResidentId(resident_id))
        .await
        .unwrap()
        .unwrap()
        .assurance_level
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_checks_registry_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    set_up_demo(dir.path());
    let mut processes = Processes(vec![serve(dir.path(), "hub"), serve(dir.path(), "mps")]);
    let hub_url = format!("http://{}", listen_address(&dir.path().join("hub.toml")));
    let mps = open_store(dir.path(), "mps").await;
    let hub = open_store(dir.path(), "hub").await;
    let people: Vec<RegistryPerson> = population::list_people(mps.pool(), 400).await.unwrap();
    assert!(
        people.len() >= 200,
        "the demo registry has {}",
        people.len()
    );

    // The operator's listing names the people to register with, in the registry's order.
    let mps_config = dir.path().join("mps.toml").display().to_string();
    let output = tongban(&[
        "registry",
        "list",
        "--config",
        &mps_config,
        "--limit",
        "3",
        "--json",
    ]);
    assert!(output.status.success(), "{output:?}");
    let listed = json_of(&output);
    let listed_ids: Vec<&str> = listed["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|person| person["resident_id"].as_str().unwrap())
        .collect();
    let stored_ids: Vec<&str> = people[..3]
        .iter()
        .map(|person| person.resident_id.as_str())
        .collect();
    assert_eq!(listed_ids, stored_ids);
    assert_eq!(listed["people"][0]["name"], people[0].name.as_str());

    // In the registry: verified.
    let known = &people[0];
    let mut browser = Browser::new(&hub_url);
    let next = browser
        .register(&known.name, &known.resident_id, "13900000001")
        .await;
    assert_eq!(next, "/account?verification=verified");
    assert_eq!(
        assurance_of(&hub, &known.resident_id).await,
        "registry_verified"
    );
    let (status, page) = browser.get(&next).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Verified against the population registry"),
        "{page}"
    );

    // A number in the registry under another name: the name is wrong.
    let other = &people[1];
    let mut browser = Browser::new(&hub_url);
    let wrong_name = if other.name == "王伟" {
        "李娜"
    } else {
        "王伟"
    };
    let next = browser
        .register(wrong_name, &other.resident_id, "13900000002")
        .await;
    assert_eq!(next, "/account?verification=name-mismatch");
    assert_eq!(
        assurance_of(&hub, &other.resident_id).await,
        "self_asserted"
    );
    let (_, page) = browser.get(&next).await;
    assert!(page.contains("the name does not match"), "{page}");

    // A valid number the registry does not have: the number is wrong.
    let unknown = number_not_in_registry(&mps).await;
    let mut browser = Browser::new(&hub_url);
    let next = browser.register("张三丰", &unknown, "13900000003").await;
    assert_eq!(next, "/account?verification=not-found");
    assert_eq!(assurance_of(&hub, &unknown).await, "self_asserted");
    let (_, page) = browser.get(&next).await;
    assert!(page.contains("has no such resident ID number"), "{page}");

    // The registry is down: no upgrade, the page says so, and the answer upgrades the account
    // once the registry is back.
    let mut mps_process = processes.0.pop().unwrap();
    mps_process.kill().unwrap();
    mps_process.wait().unwrap();
    let late = &people[2];
    let mut browser = Browser::new(&hub_url);
    let next = browser
        .register(&late.name, &late.resident_id, "13900000004")
        .await;
    assert_eq!(next, "/account?verification=pending");
    assert_eq!(assurance_of(&hub, &late.resident_id).await, "self_asserted");
    let (_, page) = browser.get(&next).await;
    assert!(page.contains("has not answered yet"), "{page}");
    processes.0.push(serve(dir.path(), "mps"));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while assurance_of(&hub, &late.resident_id).await != "registry_verified" {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the late answer never upgraded the account"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Each check is in the access logs of the hub (consumer) and the registry (provider).
    for subject in [
        &known.resident_id,
        &other.resident_id,
        &unknown,
        &late.resident_id,
    ] {
        let at_hub = access_log::entries_about(hub.pool(), subject)
            .await
            .unwrap();
        assert!(
            at_hub
                .iter()
                .any(|entry| entry.recorded_as == "consumer" && entry.outcome == "answered"),
            "hub log of {subject}: {at_hub:?}"
        );
        let at_mps = access_log::entries_about(mps.pool(), subject)
            .await
            .unwrap();
        assert!(
            at_mps
                .iter()
                .any(|entry| entry.recorded_as == "provider" && entry.outcome == "answered"),
            "registry log of {subject}: {at_mps:?}"
        );
    }

    for id in ["hub", "mps"] {
        let config = dir.path().join(format!("{id}.toml"));
        let output = tongban(&[
            "evidence",
            "verify",
            "--config",
            config.to_str().unwrap(),
            "--json",
        ]);
        assert!(output.status.success(), "{id}: {output:?}");
        let report = json_of(&output);
        assert_eq!(report["intact"], true, "{id}: {report}");
        assert_eq!(report["access_log"]["intact"], true, "{id}: {report}");
        assert!(
            report["access_log"]["entries_checked"].as_i64().unwrap() >= 3,
            "{id}: {report}"
        );
    }
}
