//! A node's implementation list: the change stamp its search index is compared with.

use tongban_domain::implementation::{DEFAULT_MAX_MATERIAL_BYTES, Implementation};
use tongban_store::ChangeStamp;
use tongban_store::implementations::{implementations_stamp, upsert_implementation};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect};

fn implementation(id: &str, department: &str) -> Implementation {
    Implementation {
        id: id.to_owned(),
        source: "test-catalog".to_owned(),
        record_id: "item-1".to_owned(),
        department: department.to_owned(),
        department_code: None,
        statutory_days: Some(20),
        promised_days: Some(5),
        yellow_days: 3,
        form: Vec::new(),
        max_material_bytes: DEFAULT_MAX_MATERIAL_BYTES,
        certificate: None,
        handled_at: None,
        material_proofs: Vec::new(),
    }
}

#[tokio::test]
async fn stamp_moves_with_every_stored_entry() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;

        let empty = implementations_stamp(store.pool()).await.expect("stamp");
        upsert_implementation(
            store.pool(),
            &implementation("zj-a", "甲局"),
            at_millis(1_000),
        )
        .await
        .expect("store");
        upsert_implementation(
            store.pool(),
            &implementation("zj-b", "乙局"),
            at_millis(2_000),
        )
        .await
        .expect("store");
        let two = implementations_stamp(store.pool()).await.expect("stamp");
        upsert_implementation(
            store.pool(),
            &implementation("zj-a", "丙局"),
            at_millis(3_000),
        )
        .await
        .expect("store");
        let changed = implementations_stamp(store.pool()).await.expect("stamp");

        assert_eq!(empty, ChangeStamp::default(), "{backend}: empty list");
        assert_eq!(
            two,
            ChangeStamp {
                rows: 2,
                last_change_millis: Some(2_000)
            },
            "{backend}: two entries"
        );
        assert_eq!(
            changed,
            ChangeStamp {
                rows: 2,
                last_change_millis: Some(3_000)
            },
            "{backend}: a changed entry moves the stamp"
        );
    }
}
