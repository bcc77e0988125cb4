//! The hub's case index: upserts by case version and listing by holder.

use tongban_store::case_index::{IndexEntry, list_for_holder, upsert_entry};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect};

const START: i64 = 1_772_416_800_000;

fn entry(reporter: &str, number: &str, holder: &str, status: &str, version: i64) -> IndexEntry {
    IndexEntry {
        reporter: reporter.to_owned(),
        case_number: number.to_owned(),
        holder_subject: holder.to_owned(),
        item_name: "固定资产投资项目节能审查".to_owned(),
        item_code: "11450721MB155808114000104002000".to_owned(),
        status: status.to_owned(),
        receiving_place: "gd".to_owned(),
        handling_place: reporter.to_owned(),
        case_version: version,
        changed_at: at_millis(START + version * 60_000),
    }
}

#[tokio::test]
async fn older_report_never_replaces_newer() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let now = at_millis(START);
        let number = "330000202603020000001T";

        let accepted = entry("zj", number, "acc-1", "accepted", 6);
        assert!(
            upsert_entry(store.pool(), &accepted, now)
                .await
                .expect("insert"),
            "{backend}"
        );
        let submitted = entry("zj", number, "acc-1", "submitted", 5);
        let written = upsert_entry(store.pool(), &submitted, now)
            .await
            .expect("stale");
        assert!(!written, "{backend}: an older version was written");
        let repeated = upsert_entry(store.pool(), &accepted, now)
            .await
            .expect("repeat");
        assert!(!repeated, "{backend}: the same version was written twice");

        let listed = list_for_holder(store.pool(), "acc-1", 10)
            .await
            .expect("list");
        assert_eq!(listed, vec![accepted.clone()], "{backend}");

        let approved = entry("zj", number, "acc-1", "approved", 9);
        assert!(
            upsert_entry(store.pool(), &approved, now)
                .await
                .expect("newer"),
            "{backend}"
        );
        let listed = list_for_holder(store.pool(), "acc-1", 10)
            .await
            .expect("list");
        assert_eq!(listed, vec![approved], "{backend}");
    }
}

#[tokio::test]
async fn holder_sees_only_own_cases() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let now = at_millis(START);
        let first = entry("zj", "330000202603020000001T", "acc-1", "submitted", 5);
        let second = entry("gd", "440000202603020000001G", "acc-1", "accepted", 7);
        let foreign = entry("gd", "440000202603020000002E", "acc-2", "submitted", 5);
        for case in [&first, &second, &foreign] {
            upsert_entry(store.pool(), case, now).await.expect("insert");
        }

        let listed = list_for_holder(store.pool(), "acc-1", 10)
            .await
            .expect("list");
        assert_eq!(
            listed,
            vec![second, first],
            "{backend}: newest change first"
        );
        let none = list_for_holder(store.pool(), "acc-3", 10)
            .await
            .expect("list");
        assert!(none.is_empty(), "{backend}");
    }
}
