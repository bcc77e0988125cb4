//! Data sharing over HTTP on the shared demo federations of the passage and case tests. 广东
//! queries the population registry of the 公安部 node `mps` with and without a grant. A person
//! reads on the hub's portal every call about them and nothing about anyone else. A reviewer
//! at 浙江 checks an applicant from the case page.

use std::time::Duration;

use chrono::Utc;
use tongban_services::data_sharing::catalog::IDENTITY_SERVICE;
use tongban_services::data_sharing::grants::{self, Decision, NewGrantRequest};
use tongban_services::data_sharing::queries::{self, NewQuery};
use tongban_services::passage::Passage;
use tongban_store::Store;
use tongban_store::data_sharing::access_log::{self, AccessEntry};
use tongban_store::data_sharing::grants as stored_grants;
use tongban_store::data_sharing::population::{self, RegistryPerson};

use crate::cases::support::{Browser, hidden_value};
use crate::passage::{demo, node_passage, open_store};
use crate::support::eventually;

const PASSWORD: &str = "correct horse battery";

/// How long a message may take across the passage in these tests.
const PASSAGE_WAIT: Duration = Duration::from_secs(30);

/// Returns the registry's people, by resident ID number.
async fn registry(mps: &Store) -> Vec<RegistryPerson> {
    population::list_people(mps.pool(), 400).await.unwrap()
}

/// Sends a query of 广东 naming `grant` about `subject` for `fields` and returns its request id.
async fn query_from_gd(
    gd: &Passage,
    grant: &str,
    subject: &str,
    fields: &[&str],
    case: &str,
) -> String {
    let query = NewQuery {
        service_id: IDENTITY_SERVICE.to_owned(),
        provider_node: "mps".to_owned(),
        subject: subject.to_owned(),
        name: None,
        fields: fields.iter().map(|&field| field.to_owned()).collect(),
        purpose: Some("办件审查 case review".to_owned()),
        case_number: Some(case.to_owned()),
        requested_by: "staff:test".to_owned(),
        grant_id: Some(grant.to_owned()),
    };
    queries::send_query(gd, &query).await.unwrap().id
}

/// Waits for the entry of `request_id` recorded as `recorded_as` in the log of `store`.
async fn logged(store: &Store, subject: &str, request_id: &str, recorded_as: &str) -> AccessEntry {
    let deadline = tokio::time::Instant::now() + PASSAGE_WAIT;
    loop {
        let entries = access_log::entries_about(store.pool(), subject)
            .await
            .unwrap();
        let found = entries.into_iter().find(|entry| {
            entry.request_id == request_id
                && entry.recorded_as == recorded_as
                && entry.outcome != "requested"
        });
        if let Some(entry) = found {
            return entry;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no {recorded_as} entry of {request_id}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Requests a grant for 广东 and approves it at the registry with `decision_until`.
async fn approved_grant(
    gd: &Passage,
    mps: &Passage,
    rate_limit: i64,
    decision_until: chrono::DateTime<Utc>,
) -> String {
    let request = NewGrantRequest {
        service_id: IDENTITY_SERVICE.to_owned(),
        provider_node: "mps".to_owned(),
        purpose: "办件审查 case review".to_owned(),
        legal_basis: "国务院令第716号 第七条".to_owned(),
        fields: vec!["identity_match".to_owned()],
        valid_until: Utc::now() + chrono::Duration::hours(1),
        rate_limit_per_minute: rate_limit,
        requested_by: "staff:test".to_owned(),
    };
    let grant = grants::request_grant(gd, &request).await.unwrap();
    let arrived = eventually(PASSAGE_WAIT, || async {
        stored_grants::find_grant(mps.store().pool(), &grant.id)
            .await
            .unwrap()
            .is_some()
    })
    .await;
    assert!(arrived, "grant {} did not reach the registry", grant.id);
    let decision = Decision {
        approve: true,
        fields: None,
        valid_until: Some(decision_until),
        rate_limit_per_minute: None,
        decided_by: "staff:registry-admin".to_owned(),
        reason: Some("test".to_owned()),
    };
    grants::decide_grant(mps, &grant.id, &decision)
        .await
        .unwrap();
    grant.id
}

#[tokio::test]
async fn queries_outside_grant_rejected_and_logged() {
    let shared = demo();
    let gd = node_passage(&shared.dir, "gd").await;
    let mps = node_passage(&shared.dir, "mps").await;
    let hub = open_store(&shared.dir, "hub").await;
    let people = registry(mps.store()).await;
    let subject = &people[10].resident_id;

    // A grant the registry never gave.
    let request = query_from_gd(
        &gd,
        "grant-never-given",
        subject,
        &["identity_match"],
        "case-no-grant",
    )
    .await;
    let entry = logged(mps.store(), subject, &request, "provider").await;
    assert_eq!(entry.outcome, "rejected");
    assert_eq!(entry.reason.as_deref(), Some("no-grant"));

    let grant = approved_grant(&gd, &mps, 2, Utc::now() + chrono::Duration::hours(1)).await;

    // A field the grant does not cover.
    let request = query_from_gd(&gd, &grant, subject, &["birth_date"], "case-field").await;
    let entry = logged(mps.store(), subject, &request, "provider").await;
    assert_eq!(entry.reason.as_deref(), Some("field-not-granted"));
    assert_eq!(entry.grant_id, grant);

    // Two calls a minute are allowed, the third is not.
    for case in ["case-rate-1", "case-rate-2"] {
        let request = query_from_gd(&gd, &grant, subject, &["identity_match"], case).await;
        let entry = logged(mps.store(), subject, &request, "provider").await;
        assert_eq!(entry.outcome, "answered", "{case}");
    }
    let request = query_from_gd(&gd, &grant, subject, &["identity_match"], "case-rate-3").await;
    let entry = logged(mps.store(), subject, &request, "provider").await;
    assert_eq!(entry.reason.as_deref(), Some("rate-limit"));

    // A grant that has expired.
    let expiring = approved_grant(&gd, &mps, 10, Utc::now() + chrono::Duration::seconds(1)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let request = query_from_gd(&gd, &expiring, subject, &["identity_match"], "case-expired").await;
    let entry = logged(mps.store(), subject, &request, "provider").await;
    assert_eq!(entry.grant_id, expiring);
    assert_eq!(entry.reason.as_deref(), Some("grant-expired"));

    // The hub logged every rejection the registry reported.
    let at_hub = access_log::entries_about(hub.pool(), subject)
        .await
        .unwrap();
    for reason in [
        "no-grant",
        "field-not-granted",
        "rate-limit",
        "grant-expired",
    ] {
        let reported = eventually(PASSAGE_WAIT, || async {
            access_log::entries_about(hub.pool(), subject)
                .await
                .unwrap()
                .iter()
                .any(|entry| entry.recorded_as == "hub" && entry.reason.as_deref() == Some(reason))
        })
        .await;
        assert!(reported, "the hub has no {reason} entry: {at_hub:?}");
    }
}

/// Registers `person` at the hub in a browser asking for English and returns it.
async fn register(hub: &str, person: &RegistryPerson, phone: &str) -> Browser {
    let browser = Browser::speaking("en");
    let form = browser.open(&format!("{hub}/register")).await;
    let csrf = hidden_value(&form.body, "csrf").unwrap();
    let done = browser
        .post(
            &format!("{hub}/register"),
            &[
                ("csrf", &csrf),
                ("name", &person.name),
                ("resident_id", &person.resident_id),
                ("phone", phone),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert!(
        done.url.ends_with("/account?verification=verified"),
        "{}: {}",
        done.url,
        done.body
    );
    browser
}

#[tokio::test]
async fn access_page_lists_own_calls_only() {
    let shared = demo();
    let gd = node_passage(&shared.dir, "gd").await;
    let mps = node_passage(&shared.dir, "mps").await;
    let people = registry(mps.store()).await;
    let (me, other) = (&people[20], &people[21]);

    let browser = register(&shared.hub, me, "13911110020").await;
    let grant = approved_grant(&gd, &mps, 100, Utc::now() + chrono::Duration::hours(1)).await;

    // The scripted calls: three about me (two answered, one rejected) and two about someone
    // else, besides the check at my registration.
    let mut mine = Vec::new();
    for (fields, case) in [
        (&["identity_match"][..], "case-mine-1"),
        (&["identity_match"][..], "case-mine-2"),
        (&["household_division"][..], "case-mine-3"),
    ] {
        mine.push(query_from_gd(&gd, &grant, &me.resident_id, fields, case).await);
    }
    let mut theirs = Vec::new();
    for case in ["case-theirs-1", "case-theirs-2"] {
        theirs
            .push(query_from_gd(&gd, &grant, &other.resident_id, &["identity_match"], case).await);
    }
    let hub = open_store(&shared.dir, "hub").await;
    for request in &mine {
        logged(&hub, &me.resident_id, request, "hub").await;
    }
    for request in &theirs {
        logged(&hub, &other.resident_id, request, "hub").await;
    }

    let page = browser
        .open(&format!("{}/account/data-access", shared.hub))
        .await;
    assert_eq!(page.status, 200);
    for request in &mine {
        assert!(
            page.body.contains(&format!("data-request=\"{request}\"")),
            "{request} is missing: {}",
            page.body
        );
    }
    for case in ["case-mine-1", "case-mine-2", "case-mine-3"] {
        assert!(page.body.contains(case), "{case} is missing");
    }
    assert!(
        page.body.contains("Rejected (field-not-granted)"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("real-name verification at registration"),
        "the registration check is missing"
    );
    for request in &theirs {
        assert!(!page.body.contains(request.as_str()), "{request} is shown");
    }
    assert!(
        !page.body.contains("case-theirs"),
        "another person's case is shown"
    );
    let rows = page.body.matches("data-request=").count();
    assert_eq!(rows, mine.len() + 1, "{}", page.body);

    let other_browser = Browser::speaking("en");
    let anonymous = other_browser
        .open(&format!("{}/account/data-access", shared.hub))
        .await;
    assert!(anonymous.url.contains("/login"), "{}", anonymous.url);
}

/// Returns the demo's registry, as every demo generates it.
fn demo_registry() -> Vec<RegistryPerson> {
    let data = tongban_refdata::ReferenceData::locate(None).unwrap();
    let divisions = data.divisions().unwrap();
    tongban_services::data_sharing::population::generate_people(
        &divisions,
        tongban_services::data_sharing::population::DEMO_SIZE,
        tongban_services::data_sharing::population::DEMO_SEED,
    )
    .unwrap()
}

/// Requests a grant of all identity fields for 浙江 through its staff API and approves it
/// through the registry's staff API.
async fn grant_zj_through_api(zj_clerk: &Browser) {
    let cases = crate::cases::demo();
    let valid_until = (Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    let (status, grant) = zj_clerk
        .api(
            zj_clerk
                .client()
                .post(format!("{}/api/staff/data/grants", cases.zj))
                .json(&serde_json::json!({
                    "service_id": IDENTITY_SERVICE,
                    "provider_node": "mps",
                    "purpose": "办件审查 case review",
                    "legal_basis": "国务院令第716号 第七条",
                    "fields": ["identity_match", "birth_date", "sex", "household_division"],
                    "valid_until": valid_until,
                    "rate_limit_per_minute": 60,
                })),
        )
        .await;
    assert_eq!(status, 202, "{grant}");
    assert_eq!(grant["status"], "requested");
    let grant_id = grant["id"].as_str().unwrap().to_owned();

    let mps_clerk =
        crate::cases::support::clerk_browser(&cases.mps, "mps-clerk", &cases.mps_clerk_password)
            .await;
    let decision_url = format!("{}/api/staff/data/grants/{grant_id}/decision", cases.mps);
    let mut decided = None;
    for _ in 0..PASSAGE_WAIT.as_secs() * 10 {
        let (status, body) = mps_clerk
            .api(
                mps_clerk
                    .client()
                    .post(&decision_url)
                    .json(&serde_json::json!({ "approve": true, "reason": "test" })),
            )
            .await;
        if status == 200 {
            decided = Some(body);
            break;
        }
        assert_eq!(status, 404, "{body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let decided = decided.expect("the request never reached the registry");
    assert_eq!(decided["status"], "approved", "{decided}");
    assert_eq!(
        decided["decided_by"]
            .as_str()
            .map(|by| by.starts_with("staff:")),
        Some(true)
    );

    // Without the CSRF header the API rejects a change.
    let refused = zj_clerk
        .client()
        .post(format!("{}/api/staff/data/grants", cases.zj))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn reviewer_check_enters_case_history() {
    let cases = crate::cases::demo();
    let applicant = demo_registry().swap_remove(50);
    let browser = register(&cases.hub, &applicant, "13911110050").await;
    let person = crate::cases::support::Person {
        browser,
        resident_id: applicant.resident_id.clone(),
        name: applicant.name.clone(),
    };
    person.log_in_at_zj().await;
    let case_id = crate::cases::flows::apply_for_energy_review(&person).await;
    let clerk = crate::cases::support::zj_clerk().await;
    crate::cases::flows::zj_step(&clerk, &case_id, "accept", &[]).await;
    grant_zj_through_api(&clerk).await;

    // 浙江 learns of the registry's approval once its trust list lists `mps`, which enrolled
    // after it: up to a minute after the demo started.
    let page_url = format!("{}/staff/cases/{case_id}", cases.zj);
    let mut sent = false;
    for _ in 0..60 {
        let page = clerk.open(&page_url).await;
        let csrf = hidden_value(&page.body, "csrf").unwrap();
        let done = clerk
            .post(&format!("{page_url}/data-checks"), &[("csrf", &csrf)])
            .await;
        if done.url.ends_with("?done=data-check") {
            sent = true;
            break;
        }
        assert!(done.body.contains("no approved grant"), "{}", done.body);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    assert!(sent, "the check was never sent");

    let answered = crate::support::eventually(PASSAGE_WAIT, || async {
        let page = clerk.open(&page_url).await;
        page.body.contains("Data service answered")
    })
    .await;
    assert!(answered, "no answer in the case history");
    let page = clerk.open(&page_url).await;
    assert!(page.body.contains("Data service called"), "{}", page.body);
    assert!(page.body.contains("identity_match: match"), "{}", page.body);
    assert!(
        page.body.contains(&format!(
            "household_division: {}",
            applicant.household_division
        )),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn catalog_lists_identity_service() {
    let shared = demo();
    let client = crate::support::client();
    let response = client
        .get(format!("{}/api/data/services", shared.hub))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let services: serde_json::Value = response.json().await.unwrap();
    let identity = services
        .as_array()
        .unwrap()
        .iter()
        .find(|service| service["id"] == IDENTITY_SERVICE)
        .expect("population.identity is in the catalog");
    assert_eq!(identity["provider_node"], "mps");
    assert_eq!(identity["sharing_class"], "conditional");
    assert_eq!(identity["fields"][0], "identity_match");

    for (lang, name, class) in [
        ("zh-CN", "人口基础信息身份核验", "有条件共享"),
        (
            "en",
            "Population registry identity check",
            "Conditional sharing",
        ),
    ] {
        let page = Browser::speaking(lang)
            .open(&format!("{}/data/services", shared.hub))
            .await;
        assert_eq!(page.status, 200, "{lang}");
        assert!(page.body.contains(name), "{lang}: {}", page.body);
        assert!(page.body.contains(class), "{lang}: {}", page.body);
    }
}
