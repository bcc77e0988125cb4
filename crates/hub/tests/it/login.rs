//! `/login` and `/logout`: logging in by ID number or phone, `return_to`, and lockout.

use std::time::Duration;

use reqwest::StatusCode;
use tongban_testkit::{TestDatabase, each_backend};

use crate::support::{Browser, HUB_SECTION, PASSWORD, TestHub, location, phone, resident_id};

#[tokio::test]
async fn login_by_id_or_phone_and_logout() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        Browser::new(&hub, "en").register(1).await;

        for identifier in [resident_id(1), phone(1)] {
            let browser = Browser::new(&hub, "en");
            let response = browser.log_in(&identifier, PASSWORD, None).await;
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{backend}: {identifier}"
            );
            assert_eq!(location(&response), "/account", "{backend}");
            let account = browser.get("/account").await;
            assert_eq!(account.status(), StatusCode::OK, "{backend}");

            browser.log_out().await;
            let after = browser.get("/account").await;
            assert_eq!(
                after.status(),
                StatusCode::SEE_OTHER,
                "{backend}: logged out"
            );
            assert!(location(&after).starts_with("/login"), "{backend}");
        }
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn return_to_accepts_only_local_paths() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        Browser::new(&hub, "en").register(1).await;

        let cases = [
            ("/account?tab=profile", "/account?tab=profile"),
            ("//evil.example/", "/account"),
            ("https://evil.example/", "/account"),
            ("/\\evil.example", "/account"),
        ];
        for (return_to, expected) in cases {
            let browser = Browser::new(&hub, "en");
            let response = browser
                .log_in(&resident_id(1), PASSWORD, Some(return_to))
                .await;
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{backend}: {return_to}"
            );
            assert_eq!(location(&response), expected, "{backend}: {return_to}");
        }
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn wrong_password_keeps_identifier_not_password() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        Browser::new(&hub, "zh-CN").register(1).await;

        let browser = Browser::new(&hub, "zh-CN");
        let response = browser.log_in(&phone(1), "wrong password", None).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}"
        );
        let page = response.text().await.unwrap();
        assert!(
            page.contains("身份证号码、手机号码或密码有误"),
            "{backend}: {page}"
        );
        assert!(
            page.contains(&format!("value=\"{}\"", phone(1))),
            "{backend}"
        );
        assert!(!page.contains("wrong password"), "{backend}");
        hub.instance.stop().await;
    }
}

/// Three failures lock for the configured minute, for a known account and an unknown number
/// alike; after the minute the right password works again. The back ends run at the same time
/// so the test waits the minute only once.
#[tokio::test]
async fn lockout_after_failures_and_unlock_after_lockout() {
    let mut runs = tokio::task::JoinSet::new();
    for database in each_backend().await {
        runs.spawn(lockout_run(database));
    }
    while let Some(run) = runs.join_next().await {
        run.unwrap();
    }
}

async fn lockout_run(database: TestDatabase) {
    let backend = database.backend_name();
    let hub = TestHub::start(&database, HUB_SECTION).await;
    Browser::new(&hub, "en").register(1).await;
    let browser = Browser::new(&hub, "en");

    for attempt in 1..=2 {
        let response = browser
            .log_in(&resident_id(1), "wrong password", None)
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: attempt {attempt}"
        );
    }
    let third = browser
        .log_in(&resident_id(1), "wrong password", None)
        .await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS, "{backend}");
    let page = third.text().await.unwrap();
    assert!(page.contains("locked until"), "{backend}: {page}");
    assert!(page.contains("(Beijing time)"), "{backend}");

    let by_phone = browser.log_in(&phone(1), PASSWORD, None).await;
    assert_eq!(
        by_phone.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "{backend}: the right password is not tried while locked"
    );

    // A number without an account locks the same way, so the lock reveals nothing.
    let mut last = None;
    for _ in 0..3 {
        last = Some(browser.log_in(&resident_id(7), "whatever1", None).await);
    }
    let unknown = last.unwrap();
    assert_eq!(unknown.status(), StatusCode::TOO_MANY_REQUESTS, "{backend}");
    assert!(
        unknown.text().await.unwrap().contains("locked until"),
        "{backend}"
    );

    tokio::time::sleep(Duration::from_secs(61)).await;
    let after = browser.log_in(&phone(1), PASSWORD, None).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "{backend}: unlocked");
    hub.instance.stop().await;
}
