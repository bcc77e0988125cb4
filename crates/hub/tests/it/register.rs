//! `/register`: the happy path, and each rule's error naming its field in the page's language.

use reqwest::StatusCode;
use tongban_testkit::each_backend;

use crate::support::{Browser, HUB_SECTION, PASSWORD, TestHub, location, phone, resident_id};

#[tokio::test]
async fn registration_logs_in_and_shows_account() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let browser = Browser::new(&hub, "zh-CN");

        let csrf = browser.csrf("/register").await;
        let response = browser
            .post(
                "/register",
                &[
                    ("csrf", &csrf),
                    ("name", "王五"),
                    ("resident_id", &resident_id(1).to_lowercase()),
                    ("phone", "139 0000 0001"),
                    ("password", PASSWORD),
                    ("password_confirmation", PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        assert_eq!(location(&response), "/account", "{backend}");

        let page = browser.get("/account").await.text().await.unwrap();
        assert!(page.contains("王五"), "{backend}");
        assert!(
            page.contains("自行声明"),
            "{backend}: assurance level shown"
        );
        assert!(
            page.contains("110105********"),
            "{backend}: ID number masked"
        );
        assert!(
            !page.contains(&resident_id(1)),
            "{backend}: full ID number not shown"
        );
        assert!(page.contains("<html lang=\"zh-CN\">"), "{backend}");
        hub.instance.stop().await;
    }
}

/// A field, the values that break its rule, and the start of the message naming it.
type Case = (&'static str, Vec<(&'static str, String)>, &'static str);

#[tokio::test]
async fn each_rule_names_its_field_and_keeps_input() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let first = Browser::new(&hub, "en");
        first.register(1).await;

        let browser = Browser::new(&hub, "en");
        let mut bad_check = resident_id(2);
        let last = bad_check.pop().unwrap();
        bad_check.push(if last == '0' { '1' } else { '0' });
        let other_phone = phone(2);
        let other_id = resident_id(2);
        let cases: Vec<Case> = vec![
            (
                "name",
                vec![("name", String::new())],
                "Name: enter your name.",
            ),
            (
                "resident_id",
                vec![("resident_id", bad_check.clone())],
                "Resident ID number: the check character",
            ),
            (
                "resident_id",
                vec![("resident_id", "1234".to_owned())],
                "A resident ID number has 18 characters",
            ),
            (
                "resident_id",
                vec![("resident_id", resident_id(1))],
                "Resident ID number: an account with this number exists already",
            ),
            (
                "phone",
                vec![("phone", "12345".to_owned())],
                "Mobile phone number: &#34;12345&#34; is not a mainland mobile number",
            ),
            (
                "phone",
                vec![("phone", phone(1))],
                "Mobile phone number: another account already uses this number",
            ),
            (
                "password",
                vec![
                    ("password", "short".to_owned()),
                    ("password_confirmation", "short".to_owned()),
                ],
                "Password: use at least 8 characters.",
            ),
            (
                "password",
                vec![
                    ("password", other_id.clone()),
                    ("password_confirmation", other_id.clone()),
                ],
                "Password: it must not be your resident ID number",
            ),
            (
                "password",
                vec![
                    ("password", other_phone.clone()),
                    ("password_confirmation", other_phone.clone()),
                ],
                "Password: it must not be your mobile phone number",
            ),
            (
                "password_confirmation",
                vec![("password_confirmation", "something else".to_owned())],
                "Password again: the two passwords differ",
            ),
        ];
        for (field, changes, message) in cases {
            let csrf = browser.csrf("/register").await;
            let mut form: Vec<(&str, String)> = vec![
                ("csrf", csrf),
                ("name", "赵六".to_owned()),
                ("resident_id", other_id.clone()),
                ("phone", other_phone.clone()),
                ("password", PASSWORD.to_owned()),
                ("password_confirmation", PASSWORD.to_owned()),
            ];
            for (name, value) in &changes {
                form.retain(|(existing, _)| existing != name);
                form.push((name, value.clone()));
            }
            let pairs: Vec<(&str, &str)> = form
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            let response = browser.post("/register", &pairs).await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{backend}: {field}"
            );
            let page = response.text().await.unwrap();
            assert!(
                page.contains(message),
                "{backend}: {field}: {message}\n{page}"
            );
            assert!(
                page.contains(&format!("id=\"{field}-error\"")),
                "{backend}: {field}: error element"
            );
            let described = format!("aria-describedby=\"{field}-hint {field}-error\"");
            let described_no_hint = format!("aria-describedby=\"{field}-error\"");
            assert!(
                page.contains(&described) || page.contains(&described_no_hint),
                "{backend}: {field}: input linked to its error"
            );
            assert!(
                page.contains(&format!("href=\"#{field}\"")),
                "{backend}: summary links {field}"
            );
            assert!(
                page.contains("value=\"赵六\"") || field == "name",
                "{backend}: {field}: name kept"
            );
            assert!(
                !page.contains(PASSWORD),
                "{backend}: {field}: password not echoed"
            );
        }
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn form_without_csrf_token_is_rejected() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let browser = Browser::new(&hub, "en");
        browser.csrf("/register").await;
        let response = browser
            .post(
                "/register",
                &[
                    ("csrf", "forged"),
                    ("name", "王五"),
                    ("resident_id", &resident_id(1)),
                    ("phone", &phone(1)),
                    ("password", PASSWORD),
                    ("password_confirmation", PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{backend}");
        let page = response.text().await.unwrap();
        assert!(page.contains("The form expired"), "{backend}: {page}");
        hub.instance.stop().await;
    }
}
