//! Evaluation on the shared demo of the case tests: people rate closed cases at the node
//! portals and at the hub portal, bad ratings open rectifications, and the supervision pages
//! and exports of the hub and the nodes count them.
//!
//! Every test holds the case clock's lock throughout, so the 浙江 node's clock is where the
//! test put it and only one test rates at a time: the case tests create cases meanwhile but
//! never rate, so rating counts move only with the test that holds the lock.

mod export;
mod ratings;
mod rectification;

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::flows::api_act;
use crate::cases::support::{Browser, hidden_value};

/// Ids of the numbers on a supervision page that the hub and a node must agree on. Overdue
/// counts are left out: an undecided case turns overdue by the viewer's day, and the demo
/// nodes' clocks stand in March 2026 while the hub reads the real date. The on-time rate
/// counts decided cases only, so it is agreed.
pub const AGREED_NUMBERS: [&str; 12] = [
    "total-received",
    "total-closed",
    "total-on-time",
    "total-average-days",
    "total-rectifications",
    "total-rectification-rate",
    "rating-1",
    "rating-2",
    "rating-3",
    "rating-4",
    "rating-5",
    "total-on-time-rate",
];

/// Takes a submitted case at `node` through acceptance, review, approval and closing as
/// `clerk`; returns the closed case.
pub async fn close_case(clerk: &Browser, node: &str, case: &Value) -> Value {
    let id = case["id"].as_str().unwrap();
    let mut version = case["version"].clone();
    let mut last = Value::Null;
    for (action, reason) in [
        ("accept", None),
        ("start_review", None),
        ("approve", Some("同意")),
        ("close", None),
    ] {
        let (status, body) = api_act(
            clerk,
            node,
            id,
            json!({ "action": action, "reason": reason, "expected_version": version }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
        version = body["version"].clone();
        last = body;
    }
    last
}

/// Returns the numbers of the supervision page at `url` by element id.
pub async fn supervision_numbers(browser: &Browser, url: &str) -> BTreeMap<String, String> {
    let page = browser.open(url).await;
    assert_eq!(page.status, StatusCode::OK, "{url}: {}", page.body);
    let mut numbers = BTreeMap::new();
    for id in AGREED_NUMBERS
        .iter()
        .chain(&["total-overdue", "total-rectifications-overdue"])
    {
        let marker = format!("id=\"{id}\">");
        let start = page
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("{url} has no {id}: {}", page.body))
            + marker.len();
        let end = start + page.body[start..].find('<').unwrap();
        numbers.insert((*id).to_owned(), page.body[start..end].to_owned());
    }
    numbers
}

/// Returns the numbers of `numbers` that the hub and a node must agree on.
pub fn agreed(numbers: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    numbers
        .iter()
        .filter(|(id, _)| AGREED_NUMBERS.contains(&id.as_str()))
        .map(|(id, value)| (id.clone(), value.clone()))
        .collect()
}

/// Returns the count of `numbers[id]`.
pub fn count(numbers: &BTreeMap<String, String>, id: &str) -> u64 {
    numbers[id]
        .parse()
        .unwrap_or_else(|_| panic!("{id} is {}", numbers[id]))
}

/// Rates the case at `url` (a rating page of a node or the hub) with `satisfaction`,
/// `comment` and the efficiency sub-rating, as the plain form posts them. Returns the visit.
pub async fn rate(
    browser: &Browser,
    url: &str,
    follow_up: bool,
    satisfaction: &str,
    comment: &str,
) -> crate::cases::support::Visit {
    let form = browser.open(url).await;
    assert_eq!(form.status, StatusCode::OK, "{url}: {}", form.body);
    assert!(form.body.contains("id=\"rating-form\""), "{}", form.body);
    let csrf = hidden_value(&form.body, "csrf").unwrap();
    let follow_up = if follow_up { "1" } else { "0" };
    browser
        .post(
            url,
            &[
                ("csrf", &csrf),
                ("follow_up", follow_up),
                ("satisfaction", satisfaction),
                ("efficiency", satisfaction),
                ("guide_accuracy", ""),
                ("convenience", ""),
                ("usability", ""),
                ("comment", comment),
            ],
        )
        .await
}
