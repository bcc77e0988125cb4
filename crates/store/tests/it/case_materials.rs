//! The file records of a case, stored several to a statement.

use tongban_store::StoreError;
use tongban_store::cases::{CaseMaterial, insert_materials, list_materials};
use tongban_testkit::each_backend;

use crate::support::{START, at_millis, connect_with_draft_case};

fn material(number: u16) -> CaseMaterial {
    CaseMaterial {
        id: format!("material-{number:02}"),
        case_id: "case-1".to_owned(),
        material_name: format!("附件{number}"),
        file_name: format!("scan-{number}.pdf"),
        content_type: "application/pdf".to_owned(),
        size_bytes: 1_000 + u64::from(number),
        sm3: format!("{number:064x}"),
        object_key: format!("materials/2026-03-02/0{}/material-{number:02}", number % 10),
        uploaded_at: at_millis(START + i64::from(number)),
        uploaded_by: "person-1".to_owned(),
    }
}

#[tokio::test]
async fn twenty_materials_round_trip() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect_with_draft_case(&database).await;
        let materials: Vec<CaseMaterial> = (0..20).map(material).collect();
        let records: Vec<&CaseMaterial> = materials.iter().collect();

        let mut connection = store.pool().acquire().await.expect("connection");
        insert_materials(&mut connection, &records)
            .await
            .unwrap_or_else(|error| panic!("{backend}: {error}"));
        drop(connection);

        let listed = list_materials(store.pool(), "case-1").await.expect("list");
        assert_eq!(listed, materials, "{backend}");
    }
}

#[tokio::test]
async fn oversized_material_stores_none() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect_with_draft_case(&database).await;
        let mut too_large = material(2);
        too_large.size_bytes = u64::MAX;
        let (first, second) = (material(1), material(3));

        let mut connection = store.pool().acquire().await.expect("connection");
        let outcome = insert_materials(&mut connection, &[&first, &too_large, &second]).await;
        drop(connection);

        assert!(
            matches!(
                outcome,
                Err(StoreError::InvalidInput {
                    field: "size_bytes",
                    ..
                })
            ),
            "{backend}: {outcome:?}"
        );
        let listed = list_materials(store.pool(), "case-1").await.expect("list");
        assert!(listed.is_empty(), "{backend}: {listed:?}");
    }
}
