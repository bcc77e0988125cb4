//! The demo federation in a browser's shoes: log in once at one portal, be recognised at the
//! next; staff and the administrator log in with the passwords the demo printed.

use reqwest::header::LOCATION;
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use tongban_domain::ids::iso7064::mod_11_2_check;
use tongban_server::demo::{Demo, DemoAccount, DemoOptions};

const PASSWORD: &str = "correct horse battery";

/// A browser: one cookie jar for every portal, redirects followed by hand.
struct Browser {
    client: Client,
}

/// The pages a navigation passed through, and where it ended.
struct Visit {
    hops: Vec<(StatusCode, String)>,
    url: String,
    body: String,
}

impl Browser {
    fn new() -> Browser {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap();
        Browser { client }
    }

    /// Opens `url` and follows redirects, at most ten.
    async fn open(&self, url: &str) -> Visit {
        let response = self.client.get(url).send().await.unwrap();
        self.follow(url, response).await
    }

    async fn post(&self, url: &str, form: &[(&str, &str)]) -> Visit {
        let response = self.client.post(url).form(form).send().await.unwrap();
        self.follow(url, response).await
    }

    async fn follow(&self, start: &str, first: Response) -> Visit {
        let mut url = start.to_owned();
        let mut response = first;
        let mut hops = Vec::new();
        for _ in 0..10 {
            hops.push((response.status(), url.clone()));
            if !response.status().is_redirection() {
                break;
            }
            let target = response
                .headers()
                .get(LOCATION)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            url = reqwest::Url::parse(&url)
                .unwrap()
                .join(&target)
                .unwrap()
                .to_string();
            response = self.client.get(&url).send().await.unwrap();
        }
        assert!(
            !response.status().is_redirection(),
            "too many redirects: {:?}",
            hops
        );
        let body = response.text().await.unwrap();
        Visit { hops, url, body }
    }
}

/// Returns the value of the hidden input `name`, with HTML character references decoded as a
/// browser would.
fn hidden_value(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    let raw = body[start..].split('"').next()?;
    let decoded = [
        ("&#38;", "&"),
        ("&amp;", "&"),
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
    ]
    .iter()
    .fold(raw.to_owned(), |text, (entity, plain)| {
        text.replace(entity, plain)
    });
    Some(decoded)
}

fn resident_id() -> String {
    let body = "44030519900101123";
    let check = mod_11_2_check(body.as_bytes()).unwrap();
    format!("{body}{}", char::from(check))
}

fn account<'a>(accounts: &'a [DemoAccount], login: &str) -> &'a DemoAccount {
    accounts
        .iter()
        .find(|account| account.login == login)
        .unwrap()
}

async fn start_demo(dir: &std::path::Path) -> Demo {
    let options = DemoOptions {
        data_dir: dir.to_path_buf(),
        base_port: 0,
        reference_data: None,
    };
    Demo::start(&options).await.unwrap()
}

#[tokio::test]
async fn login_at_guangdong_is_recognised_at_zhejiang() {
    let dir = tempfile::tempdir().unwrap();
    let demo = start_demo(dir.path()).await;
    let [hub, gd, zj, _mps] = [0, 1, 2, 3].map(|index| demo.instances[index].local_url());

    // Someone registers at the hub, then closes the browser.
    let registration = Browser::new();
    let page = registration.open(&format!("{hub}/register")).await;
    let csrf = hidden_value(&page.body, "csrf").unwrap();
    let id = resident_id();
    let done = registration
        .post(
            &format!("{hub}/register"),
            &[
                ("csrf", &csrf),
                ("name", "李四"),
                ("resident_id", &id),
                ("phone", "13800138000"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert!(done.body.contains("李四"), "registration: {}", done.body);

    // A new browser: logging in at the Guangdong portal goes through the hub's login form.
    let browser = Browser::new();
    let login_page = browser.open(&format!("{gd}/login")).await;
    assert!(
        login_page.url.starts_with(&format!("{hub}/login")),
        "{}",
        login_page.url
    );
    let csrf = hidden_value(&login_page.body, "csrf").unwrap();
    let return_to = hidden_value(&login_page.body, "return_to").unwrap();
    let landed = browser
        .post(
            &format!("{hub}/login"),
            &[
                ("csrf", &csrf),
                ("identifier", &id),
                ("password", PASSWORD),
                ("return_to", &return_to),
            ],
        )
        .await;
    assert_eq!(landed.url, format!("{gd}/"), "hops: {:?}", landed.hops);
    assert!(landed.body.contains("id=\"greeting\""), "{}", landed.body);
    assert!(landed.body.contains("李四"));
    assert!(landed.body.contains("self_asserted"));

    // At the Zhejiang portal the same browser is recognised: only redirects, no form.
    let zhejiang = browser.open(&format!("{zj}/login")).await;
    assert_eq!(zhejiang.url, format!("{zj}/"), "hops: {:?}", zhejiang.hops);
    let (last, before) = zhejiang.hops.split_last().unwrap();
    assert_eq!(last.0, StatusCode::OK);
    assert!(
        before
            .iter()
            .all(|(status, _)| *status == StatusCode::SEE_OTHER),
        "{:?}",
        zhejiang.hops
    );
    assert!(
        zhejiang
            .hops
            .iter()
            .any(|(_, url)| url.starts_with(&format!("{hub}/oidc/authorize")))
    );
    assert!(
        !zhejiang
            .hops
            .iter()
            .any(|(_, url)| url.starts_with(&format!("{hub}/login")))
    );
    assert!(zhejiang.body.contains("李四"), "{}", zhejiang.body);

    // Logging out at Guangdong ends the hub session too: Zhejiang's next login needs the form.
    let home = browser.open(&format!("{gd}/")).await;
    let csrf = hidden_value(&home.body, "csrf").unwrap();
    let out = browser
        .post(&format!("{gd}/logout"), &[("csrf", &csrf)])
        .await;
    assert!(
        out.hops
            .iter()
            .any(|(_, url)| url.starts_with(&format!("{hub}/oidc/logout"))),
        "{:?}",
        out.hops
    );
    let fresh = Browser::new();
    let again = fresh.open(&format!("{zj}/login")).await;
    assert!(
        again.url.starts_with(&format!("{hub}/login")),
        "{}",
        again.url
    );

    demo.stop().await;
}

#[tokio::test]
async fn demo_accounts_log_in_with_printed_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let demo = start_demo(dir.path()).await;
    let first = demo.first_start.clone().unwrap();
    assert!(first.items_imported >= 1_700);
    let [hub, gd, ..] = [0, 1, 2, 3].map(|index| demo.instances[index].local_url());

    let clerk = account(&first.accounts, "gd-clerk");
    let browser = Browser::new();
    let form = browser.open(&format!("{gd}/staff/login")).await;
    let csrf = hidden_value(&form.body, "csrf").unwrap();
    let wrong = browser
        .post(
            &format!("{gd}/staff/login"),
            &[
                ("csrf", &csrf),
                ("login_name", "gd-clerk"),
                ("password", "wrong password"),
            ],
        )
        .await;
    assert_eq!(wrong.hops[0].0, StatusCode::UNPROCESSABLE_ENTITY);
    let csrf = hidden_value(&wrong.body, "csrf").unwrap();
    let workbench = browser
        .post(
            &format!("{gd}/staff/login"),
            &[
                ("csrf", &csrf),
                ("login_name", "gd-clerk"),
                ("password", &clerk.password),
            ],
        )
        .await;
    assert_eq!(workbench.url, format!("{gd}/staff"), "{:?}", workbench.hops);
    assert!(
        workbench
            .body
            .contains("id=\"staff-roles\">intake, reviewer, approver, supervisor, admin"),
        "{}",
        workbench.body
    );

    // A clerk of one node is nobody at another.
    let zj = demo.instances[2].local_url();
    let elsewhere = browser.open(&format!("{zj}/staff")).await;
    assert_eq!(elsewhere.url, format!("{zj}/staff/login"));

    let admin = account(&first.accounts, "admin");
    let hub_browser = Browser::new();
    let form = hub_browser.open(&format!("{hub}/login")).await;
    let csrf = hidden_value(&form.body, "csrf").unwrap();
    let account_page = hub_browser
        .post(
            &format!("{hub}/login"),
            &[
                ("csrf", &csrf),
                ("identifier", "admin"),
                ("password", &admin.password),
            ],
        )
        .await;
    assert_eq!(
        account_page.url,
        format!("{hub}/account"),
        "{:?}",
        account_page.hops
    );

    // A second start reuses everything and creates nothing.
    demo.stop().await;
    let again = start_demo(dir.path()).await;
    assert!(again.first_start.is_none());
    again.stop().await;
}
