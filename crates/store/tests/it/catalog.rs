//! The service catalog: upserts by content hash, materials, lookups, listing, counts and the
//! change stamp.

use chrono::{DateTime, Utc};
use tongban_domain::catalog::{
    Fee, GuideTimeLimit, ItemType, LegalBasis, ListKind, Material, ServiceGuide, ServiceItem,
};
use tongban_store::catalog::{
    GuideCounts, ServiceItemCounts, UpsertOutcome, count_service_items, find_service_item,
    list_service_item_materials, list_service_items, service_items_stamp, upsert_service_item,
};
use tongban_store::{ChangeStamp, Store};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect, error_chain};

const SOURCE: &str = "test-catalog";

fn material(order: u32, name: &str, required: bool) -> Material {
    Material {
        order,
        name: name.to_owned(),
        required,
        original_count: Some(1),
        copy_count: if required { Some(2) } else { None },
        source: Some("申请人自备".to_owned()),
        acceptance_standard: None,
    }
}

fn guide(materials: Vec<Material>) -> ServiceGuide {
    ServiceGuide {
        acceptance_conditions: Some("申请人具有本市户籍".to_owned()),
        statutory_time_limit: Some(GuideTimeLimit {
            value: 20,
            unit_code: Some("1".to_owned()),
            explanation: Some("自受理之日起计算".to_owned()),
        }),
        promised_time_limit: Some(GuideTimeLimit {
            value: 5,
            unit_code: Some("1".to_owned()),
            explanation: None,
        }),
        fee: Some(Fee {
            charged: false,
            description: None,
        }),
        legal_basis: vec![LegalBasis {
            law_name: "中华人民共和国居民身份证法".to_owned(),
            document_number: None,
            clause: Some("第八条".to_owned()),
            text: None,
        }],
        materials,
    }
}

fn item(record_id: &str, list_kind: ListKind, guide: Option<ServiceGuide>) -> ServiceItem {
    ServiceItem {
        source: SOURCE.to_owned(),
        record_id: record_id.to_owned(),
        list_kind,
        region_code: Some("110000".to_owned()),
        region_name: Some("北京市".to_owned()),
        name: "居民身份证换领".to_owned(),
        parent_name: Some("居民身份证申领、换领、补领".to_owned()),
        handling_item_name: None,
        item_code: Some("000107001000".to_owned()),
        implementation_code: Some("11110000000000000000000107001000".to_owned()),
        handling_item_code: None,
        item_type_code_raw: Some("20".to_owned()),
        item_type_name_raw: Some("公共服务".to_owned()),
        item_type: Some(ItemType::PublicService),
        exercise_level_code: Some("2".to_owned()),
        implementing_agency: Some("北京市公安局".to_owned()),
        implementing_agency_uscc: None,
        online_url: Some("https://example.org/guide/1".to_owned()),
        guide,
    }
}

async fn upsert(
    store: &Store,
    backend: &str,
    item: &ServiceItem,
    hash: &str,
    now: DateTime<Utc>,
) -> UpsertOutcome {
    let mut transaction = store.pool().begin().await.expect("begin");
    let outcome = match upsert_service_item(&mut transaction, item, hash, now).await {
        Ok(outcome) => outcome,
        Err(error) => panic!(
            "{backend}: upsert {}: {}",
            item.record_id,
            error_chain(&error)
        ),
    };
    transaction.commit().await.expect("commit");
    outcome
}

async fn stored_times(store: &Store, record_id: &str) -> (i64, i64) {
    let row: (i64, i64) = sqlx::query_as(
        "SELECT imported_at, updated_at FROM service_items WHERE source = $1 AND record_id = $2",
    )
    .bind(SOURCE)
    .bind(record_id)
    .fetch_one(store.pool())
    .await
    .expect("read timestamps");
    row
}

#[tokio::test]
async fn upsert_inserts_skips_and_replaces() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let original = item(
            "item-1",
            ListKind::Implementation,
            Some(guide(vec![
                material(1, "居民身份证", true),
                material(2, "户口簿", false),
            ])),
        );

        // Insert.
        let outcome = upsert(&store, backend, &original, "hash-1", at_millis(1_000)).await;
        assert_eq!(outcome, UpsertOutcome::Inserted, "{backend}: first upsert");
        let found = find_service_item(store.pool(), SOURCE, "item-1")
            .await
            .expect("find");
        assert_eq!(found.as_ref(), Some(&original), "{backend}: round trip");
        let materials = list_service_item_materials(store.pool(), SOURCE, "item-1")
            .await
            .expect("materials");
        let expected = original.guide.as_ref().map(|guide| guide.materials.clone());
        assert_eq!(
            Some(materials),
            expected,
            "{backend}: materials after insert"
        );

        // Same hash: nothing is written, even though the item passed in differs.
        let mut renamed = original.clone();
        renamed.name = "居民身份证换领（新）".to_owned();
        let outcome = upsert(&store, backend, &renamed, "hash-1", at_millis(2_000)).await;
        assert_eq!(outcome, UpsertOutcome::Unchanged, "{backend}: same hash");
        let found = find_service_item(store.pool(), SOURCE, "item-1")
            .await
            .expect("find");
        assert_eq!(found.as_ref(), Some(&original), "{backend}: row untouched");
        assert_eq!(
            stored_times(&store, "item-1").await,
            (1_000, 1_000),
            "{backend}: times untouched"
        );

        // New hash: row and materials are replaced.
        let replacement_materials = vec![
            material(1, "居民身份证原件", true),
            material(2, "近期免冠照片", true),
            material(3, "委托书", false),
        ];
        let mut changed = renamed.clone();
        changed.guide = Some(guide(replacement_materials.clone()));
        changed.item_type = Some(ItemType::AdministrativeConfirmation);
        changed.region_name = None;
        let outcome = upsert(&store, backend, &changed, "hash-2", at_millis(3_000)).await;
        assert_eq!(outcome, UpsertOutcome::Updated, "{backend}: new hash");
        let found = find_service_item(store.pool(), SOURCE, "item-1")
            .await
            .expect("find");
        assert_eq!(found.as_ref(), Some(&changed), "{backend}: row replaced");
        let materials = list_service_item_materials(store.pool(), SOURCE, "item-1")
            .await
            .expect("materials");
        assert_eq!(
            materials, replacement_materials,
            "{backend}: materials replaced"
        );
        assert_eq!(
            stored_times(&store, "item-1").await,
            (1_000, 3_000),
            "{backend}: first import kept, update time set"
        );
    }
}

#[tokio::test]
async fn update_without_guide_removes_materials() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let with_guide = item(
            "item-2",
            ListKind::Base,
            Some(guide(vec![material(1, "营业执照", true)])),
        );
        upsert(&store, backend, &with_guide, "hash-1", at_millis(1_000)).await;

        let without_guide = ServiceItem {
            guide: None,
            ..with_guide.clone()
        };
        let outcome = upsert(&store, backend, &without_guide, "hash-2", at_millis(2_000)).await;

        assert_eq!(outcome, UpsertOutcome::Updated, "{backend}");
        let found = find_service_item(store.pool(), SOURCE, "item-2")
            .await
            .expect("find")
            .expect("item is stored");
        assert_eq!(found.guide, None, "{backend}: guide removed");
        assert!(!found.guide_complete(), "{backend}: guide incomplete");
        let materials = list_service_item_materials(store.pool(), SOURCE, "item-2")
            .await
            .expect("materials");
        assert!(materials.is_empty(), "{backend}: {materials:?}");
    }
}

#[tokio::test]
async fn duplicate_material_order_fails_the_upsert() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let broken = item(
            "item-3",
            ListKind::Base,
            Some(guide(vec![
                material(1, "申请表", true),
                material(1, "照片", true),
            ])),
        );

        let mut transaction = store.pool().begin().await.expect("begin");
        let result = upsert_service_item(&mut transaction, &broken, "hash-1", at_millis(1)).await;
        drop(transaction);

        assert!(result.is_err(), "{backend}: {result:?}");
        let found = find_service_item(store.pool(), SOURCE, "item-3")
            .await
            .expect("find");
        assert_eq!(found, None, "{backend}: nothing stored after rollback");
    }
}

#[tokio::test]
async fn find_unknown_item_returns_none() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;

        let found = find_service_item(store.pool(), SOURCE, "missing")
            .await
            .expect("find");
        let materials = list_service_item_materials(store.pool(), SOURCE, "missing")
            .await
            .expect("materials");

        assert_eq!(found, None, "{backend}");
        assert!(materials.is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn counts_group_by_list_and_guide() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let empty = count_service_items(store.pool()).await.expect("count");
        assert_eq!(empty, ServiceItemCounts::default(), "{backend}: empty");

        let complete = || Some(guide(vec![material(1, "申请表", true)]));
        let items = [
            item("b1", ListKind::Base, complete()),
            item("b2", ListKind::Base, complete()),
            item("b3", ListKind::Base, None),
            item("i1", ListKind::Implementation, complete()),
            item("i2", ListKind::Implementation, None),
            item("i3", ListKind::Implementation, None),
            item("i4", ListKind::Implementation, None),
        ];
        for item in &items {
            upsert(&store, backend, item, "hash", at_millis(1_000)).await;
        }
        let counts = count_service_items(store.pool()).await.expect("count");

        let expected = ServiceItemCounts {
            base: GuideCounts {
                guide_complete: 2,
                guide_incomplete: 1,
            },
            implementation: GuideCounts {
                guide_complete: 1,
                guide_incomplete: 3,
            },
        };
        assert_eq!(counts, expected, "{backend}");
        assert_eq!(counts.total(), 7, "{backend}: total");
    }
}

#[tokio::test]
async fn listing_and_change_stamp_follow_imports() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let empty = service_items_stamp(store.pool()).await.expect("stamp");
        assert_eq!(empty, ChangeStamp::default(), "{backend}: empty table");

        let second = item("item-b", ListKind::Base, None);
        let first = item(
            "item-a",
            ListKind::Implementation,
            Some(guide(vec![material(1, "居民身份证", true)])),
        );
        upsert(&store, backend, &second, "hash-b", at_millis(1_000)).await;
        upsert(&store, backend, &first, "hash-a", at_millis(2_000)).await;
        let listed = list_service_items(store.pool()).await.expect("list");
        let imported = service_items_stamp(store.pool()).await.expect("stamp");

        assert_eq!(
            listed,
            [first.clone(), second.clone()],
            "{backend}: ordered, with guides"
        );
        assert_eq!(
            imported,
            ChangeStamp {
                rows: 2,
                last_change_millis: Some(2_000)
            },
            "{backend}: stamp after import"
        );

        upsert(&store, backend, &first, "hash-a", at_millis(3_000)).await;
        let unchanged = service_items_stamp(store.pool()).await.expect("stamp");
        let mut renamed = second.clone();
        renamed.name = "居民身份证补领".to_owned();
        upsert(&store, backend, &renamed, "hash-b2", at_millis(4_000)).await;
        let changed = service_items_stamp(store.pool()).await.expect("stamp");

        assert_eq!(
            unchanged, imported,
            "{backend}: an unchanged import keeps the stamp"
        );
        assert_eq!(
            changed.last_change_millis,
            Some(4_000),
            "{backend}: a change moves it"
        );
    }
}
