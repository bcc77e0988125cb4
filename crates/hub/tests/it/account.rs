//! `/account`: registering a legal person, and an agent choosing whom to act for at login.

use reqwest::StatusCode;
use tongban_testkit::each_backend;

use crate::support::{Browser, HUB_SECTION, PASSWORD, TestHub, encode, location, resident_id};

/// A valid credit code from the GB 32100 test vectors of the reference data.
pub const COMPANY: &str = "9136020068H899240K";

/// Registers the legal person `COMPANY` from the account page of a logged-in browser.
pub async fn register_company(browser: &Browser) {
    let csrf = browser.csrf("/account").await;
    let response = browser
        .post(
            "/account/legal-persons",
            &[
                ("csrf", &csrf),
                ("credit_code", COMPANY),
                ("legal_person_name", "景德镇瓷业有限公司"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn legal_person_errors_name_their_field() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;

        let cases = [
            (
                "91360403MAXE01NRX4",
                "甲公司",
                "credit_code",
                "Unified social credit code: the check character",
            ),
            (
                "91360403MAXE01NRX3",
                "",
                "legal_person_name",
                "Name of the legal person: enter the name",
            ),
        ];
        for (code, name, field, message) in cases {
            let csrf = browser.csrf("/account").await;
            let response = browser
                .post(
                    "/account/legal-persons",
                    &[
                        ("csrf", &csrf),
                        ("credit_code", code),
                        ("legal_person_name", name),
                    ],
                )
                .await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{backend}: {field}"
            );
            let page = response.text().await.unwrap();
            assert!(page.contains(message), "{backend}: {field}\n{page}");
            assert!(
                page.contains(&format!("value=\"{code}\"")),
                "{backend}: code kept"
            );
            assert!(page.contains(&format!("id=\"{field}-error\"")), "{backend}");
        }

        register_company(&browser).await;
        let page = browser.get("/account").await.text().await.unwrap();
        assert!(page.contains("景德镇瓷业有限公司"), "{backend}");
        assert!(page.contains(COMPANY), "{backend}");
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn agent_chooses_legal_person_at_login() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        register_company(&browser).await;
        browser.log_out().await;

        let response = browser
            .log_in(&resident_id(1), PASSWORD, Some("/account?from=login"))
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let choice = location(&response);
        assert_eq!(
            choice,
            format!(
                "/account/acting?return_to={}",
                encode("/account?from=login")
            ),
            "{backend}"
        );
        let page = browser.get(&choice).await.text().await.unwrap();
        assert!(page.contains("Myself (王五)"), "{backend}");
        assert!(page.contains(&format!("value=\"{COMPANY}\"")), "{backend}");
        let csrf = crate::support::hidden_value(&page, "csrf").unwrap();

        let chosen = browser
            .post(
                "/account/acting",
                &[
                    ("csrf", &csrf),
                    ("acting_for", COMPANY),
                    ("return_to", "/account?from=login"),
                ],
            )
            .await;
        assert_eq!(chosen.status(), StatusCode::SEE_OTHER, "{backend}");
        assert_eq!(location(&chosen), "/account?from=login", "{backend}");
        let account = browser.get("/account").await.text().await.unwrap();
        assert!(
            account.contains("You act as agent for 景德镇瓷业有限公司"),
            "{backend}: {account}"
        );

        // Acting for a legal person without a mandate is forbidden.
        let refused = browser
            .post(
                "/account/acting",
                &[("csrf", &csrf), ("acting_for", "91360403MAXE01NRX3")],
            )
            .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{backend}");
        hub.instance.stop().await;
    }
}
