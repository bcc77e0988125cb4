//! Cross-province records at a node: pieces of forwarded files and contributions.

use tongban_store::contributions::{
    Contribution, find_contribution, insert_contribution, list_asked_of, record_opinion,
};
use tongban_store::crossing::{MaterialPart, delete_parts, insert_part, list_parts};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect};

const START: i64 = 1_772_416_800_000;

#[tokio::test]
async fn pieces_join_in_order_once() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let now = at_millis(START);
        let piece = |index: i64, content: &'static [u8]| MaterialPart {
            sender: "gd",
            application_id: "case-1",
            material_index: 0,
            part_index: index,
            content,
        };

        for (index, content) in [(1, &b"\x00\xffsecond"[..]), (0, &b"%PDF-first"[..])] {
            let stored = insert_part(store.pool(), &piece(index, content), now)
                .await
                .expect("insert");
            assert!(stored, "{backend}: piece {index}");
        }
        let repeated = insert_part(store.pool(), &piece(0, b"other"), now)
            .await
            .expect("repeat");
        assert!(!repeated, "{backend}: a piece was stored twice");

        let parts = list_parts(store.pool(), "gd", "case-1", 0)
            .await
            .expect("list");
        assert_eq!(
            parts,
            vec![(0, b"%PDF-first".to_vec()), (1, b"\x00\xffsecond".to_vec())],
            "{backend}"
        );
        let other_sender = list_parts(store.pool(), "zj", "case-1", 0)
            .await
            .expect("list");
        assert!(other_sender.is_empty(), "{backend}");

        let deleted = delete_parts(store.pool(), "gd", "case-1")
            .await
            .expect("delete");
        assert_eq!(deleted, 2, "{backend}");
    }
}

#[tokio::test]
async fn contribution_opinion_recorded_once() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let asked = Contribution {
            id: "contribution-1".to_owned(),
            requester: "zj".to_owned(),
            contributor: "gd".to_owned(),
            case_id: None,
            case_number: "330000202603020000001T".to_owned(),
            item_name: "固定资产投资项目节能审查".to_owned(),
            applicant_name: "诸葛岚".to_owned(),
            request: "请核实施工现场".to_owned(),
            requested_by: "审查员".to_owned(),
            requested_at: at_millis(START),
            opinion: None,
            answered_by: None,
            answered_at: None,
        };
        assert!(
            insert_contribution(store.pool(), &asked)
                .await
                .expect("insert"),
            "{backend}"
        );
        assert!(
            !insert_contribution(store.pool(), &asked)
                .await
                .expect("repeat"),
            "{backend}"
        );

        let answered_at = at_millis(START + 60_000);
        let first = record_opinion(store.pool(), &asked.id, "符合要求", "核查员", answered_at)
            .await
            .expect("record");
        assert!(first, "{backend}");
        let second = record_opinion(store.pool(), &asked.id, "重复", "核查员", answered_at)
            .await
            .expect("record again");
        assert!(!second, "{backend}: an opinion was replaced");

        let found = find_contribution(store.pool(), &asked.id)
            .await
            .expect("find")
            .expect("stored");
        assert_eq!(found.opinion.as_deref(), Some("符合要求"), "{backend}");
        assert_eq!(found.answered_at, Some(answered_at), "{backend}");
        let listed = list_asked_of(store.pool(), "gd", 10).await.expect("list");
        assert_eq!(listed, vec![found], "{backend}");
        let none = list_asked_of(store.pool(), "zj", 10).await.expect("list");
        assert!(none.is_empty(), "{backend}");
    }
}
