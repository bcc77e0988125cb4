//! The staff pages of data sharing grants over HTTP on the shared demo federations. The admin
//! of 浙江 requests a grant of the population registry through the form, and the admin of the
//! 公安部 node `mps` approves it through the list. Both lists then show it approved. A form
//! without a purpose is rejected with the field named, and a clerk without the admin role
//! gets 403.

use std::time::Duration;

use chrono::Utc;
use tongban_services::data_sharing::catalog::IDENTITY_SERVICE;
use tongban_services::staff::{self, NewStaff};

use crate::cases::support::{
    Browser, between, clerk_browser, clerk_browser_speaking, hidden_value,
};
use crate::passage::open_store;
use crate::support::eventually;

/// How long a grant or decision may take across the passage, including the trust list fetch
/// after which 浙江 accepts envelopes of `mps`, which enrolled after it.
const PASSAGE_WAIT: Duration = Duration::from_secs(90);

/// Returns a date a month ahead, as the date input sends it.
fn valid_until() -> String {
    (Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string()
}

/// Returns the id of the grant whose row shows `purpose`.
fn grant_id_of(html: &str, purpose: &str) -> Option<String> {
    let before = &html[..html.find(purpose)?];
    let start = before.rfind("id=\"grant-")? + "id=\"grant-".len();
    let end = start + before[start..].find('"')?;
    Some(before[start..end].to_owned())
}

/// Returns the status cell of grant `id` in `html`.
fn status_of(html: &str, id: &str) -> String {
    let row = between(html, &format!("id=\"grant-{id}\""), "</tr>");
    let start = "class=\"grant-status\">";
    between(row, start, "</td>")[start.len()..].to_owned()
}

/// Posts the request form at `node` with `purpose` and `legal_basis`.
async fn post_request(
    browser: &Browser,
    node: &str,
    purpose: &str,
    legal_basis: &str,
) -> crate::cases::support::Visit {
    let url = format!("{node}/staff/data/grants/new");
    let form = browser.open(&url).await;
    assert_eq!(form.status, 200, "{}", form.body);
    let csrf = hidden_value(&form.body, "csrf").unwrap();
    let until = valid_until();
    browser
        .post(
            &url,
            &[
                ("csrf", &csrf),
                ("service_id", IDENTITY_SERVICE),
                ("provider_node", "mps"),
                ("purpose", purpose),
                ("legal_basis", legal_basis),
                ("fields", "identity_match"),
                ("fields", "household_division"),
                ("other_fields", ""),
                ("valid_until", &until),
                ("rate_limit_per_minute", "30"),
            ],
        )
        .await
}

#[tokio::test]
async fn grant_requested_and_approved_through_pages() {
    let cases = crate::cases::demo();
    let zj = clerk_browser(&cases.zj, "zj-clerk", &cases.zj_clerk_password).await;
    let purpose = format!("办件审查 {}", tongban_crypto::random_token(6));

    let home = zj.open(&format!("{}/staff", cases.zj)).await;
    assert!(
        home.body.contains("href=\"/staff/data/grants\""),
        "{}",
        home.body
    );

    let requested = post_request(&zj, &cases.zj, &purpose, "国务院令第716号 第七条").await;
    assert!(
        requested.url.ends_with("?done=requested"),
        "{}",
        requested.url
    );
    let grant_id = grant_id_of(&requested.body, &purpose).expect("the grant is listed");
    assert_eq!(status_of(&requested.body, &grant_id), "Requested");
    let as_consumer = between(&requested.body, "id=\"grants-as-consumer\"", "</table>");
    assert!(as_consumer.contains(&grant_id), "{as_consumer}");
    assert!(
        as_consumer.contains("identity_match, household_division"),
        "{as_consumer}"
    );

    let mps = clerk_browser(&cases.mps, "mps-clerk", &cases.mps_clerk_password).await;
    let list_url = format!("{}/staff/data/grants", cases.mps);
    let form_id = format!("id=\"decide-{grant_id}\"");
    let arrived = eventually(PASSAGE_WAIT, || async {
        mps.open(&list_url).await.body.contains(&form_id)
    })
    .await;
    assert!(arrived, "grant {grant_id} did not reach the registry");
    let list = mps.open(&list_url).await;
    let as_provider = between(&list.body, "id=\"grants-as-provider\"", "</table>");
    assert!(as_provider.contains(&purpose), "{as_provider}");
    let csrf = hidden_value(&list.body, "csrf").unwrap();
    let decided = mps
        .post(
            &format!("{list_url}/{grant_id}/decision"),
            &[
                ("csrf", &csrf),
                ("decision", "approve"),
                ("reason", "用途与法律依据相符"),
            ],
        )
        .await;
    assert!(decided.url.ends_with("?done=decided"), "{}", decided.body);
    assert_eq!(status_of(&decided.body, &grant_id), "Approved");
    assert!(!decided.body.contains(&form_id), "{}", decided.body);

    let zj_list = format!("{}/staff/data/grants", cases.zj);
    let approved = eventually(PASSAGE_WAIT, || async {
        status_of(&zj.open(&zj_list).await.body, &grant_id) == "Approved"
    })
    .await;
    assert!(approved, "浙江 never learned of the approval");
}

#[tokio::test]
async fn request_without_purpose_rejected() {
    let cases = crate::cases::demo();
    let legal_basis = format!("国务院令第716号 {}", tongban_crypto::random_token(6));

    for (lang, field_named) in [("en", "Purpose is missing"), ("zh-CN", "请填写“用途”")] {
        let browser =
            clerk_browser_speaking(lang, &cases.zj, "zj-clerk", &cases.zj_clerk_password).await;
        let rejected = post_request(&browser, &cases.zj, "  ", &legal_basis).await;
        assert_eq!(rejected.status, 422, "{lang}");
        let errors = between(&rejected.body, "id=\"errors\"", "</div>");
        assert!(errors.contains(field_named), "{lang}: {errors}");
        assert!(
            rejected.body.contains(&format!("value=\"{legal_basis}\"")),
            "{lang}: the form lost its input"
        );
        assert!(
            rejected
                .body
                .contains("value=\"household_division\" checked")
        );
    }

    let browser = clerk_browser(&cases.zj, "zj-clerk", &cases.zj_clerk_password).await;
    let (status, listed) = browser
        .api(
            browser
                .client()
                .get(format!("{}/api/staff/data/grants", cases.zj)),
        )
        .await;
    assert_eq!(status, 200, "{listed}");
    assert!(!listed.to_string().contains(&legal_basis), "{listed}");
}

#[tokio::test]
async fn clerk_without_admin_forbidden() {
    let shared = crate::passage::demo();
    let store = open_store(&shared.dir, "zj").await;
    let login = format!("intake-{}", tongban_crypto::random_token(6).to_lowercase());
    let new = NewStaff {
        login_name: login.clone(),
        name: "受理员".to_owned(),
        roles: vec!["intake".to_owned()],
        department: None,
    };
    let password = "correct horse battery";
    staff::create_staff(&store, &new, password, "test")
        .await
        .unwrap();
    let clerk = clerk_browser(&shared.zj, &login, password).await;

    let list = clerk
        .open(&format!("{}/staff/data/grants", shared.zj))
        .await;
    assert_eq!(list.status, 200);
    assert!(!list.body.contains("id=\"request-link\""), "{}", list.body);
    assert!(
        !list.body.contains("href=\"/staff/data/grants\""),
        "{}",
        list.body
    );

    let form = clerk
        .open(&format!("{}/staff/data/grants/new", shared.zj))
        .await;
    assert_eq!(form.status, 403);
    assert!(form.body.contains("admin role"), "{}", form.body);

    let csrf = hidden_value(&list.body, "csrf").unwrap_or_default();
    let posted = clerk
        .post(
            &format!("{}/staff/data/grants/new", shared.zj),
            &[("csrf", &csrf), ("purpose", "x")],
        )
        .await;
    assert_eq!(posted.status, 403);
    let decided = clerk
        .post(
            &format!("{}/staff/data/grants/grant-x/decision", shared.zj),
            &[("csrf", &csrf), ("decision", "approve"), ("reason", "x")],
        )
        .await;
    assert_eq!(decided.status, 403);
}
