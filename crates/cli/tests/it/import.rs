use crate::{json_of, tongban};

#[tokio::test]
async fn catalog_import_is_idempotent_on_both_backends() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let url = database.url().to_owned();
        let (first, second) = tokio::task::spawn_blocking(move || {
            let first = tongban(&["import", "catalog", "--database-url", &url, "--json"]);
            let second = tongban(&["import", "catalog", "--database-url", &url, "--json"]);
            (first, second)
        })
        .await
        .unwrap();

        assert_eq!(
            first.status.code(),
            Some(0),
            "{backend}: {}",
            String::from_utf8_lossy(&first.stderr)
        );
        let first = json_of(&first);
        let inserted = first["inserted"].as_u64().unwrap();
        assert!(inserted >= 1_700, "{backend}: inserted {inserted}");
        assert_eq!(first["total"].as_u64(), Some(inserted), "{backend}");
        assert_eq!(first["guide_complete"], 3, "{backend}");

        assert_eq!(second.status.code(), Some(0), "{backend}");
        let second = json_of(&second);
        assert_eq!(second["inserted"], 0, "{backend}: second run");
        assert_eq!(second["updated"], 0, "{backend}: second run");
        assert_eq!(
            second["unchanged"].as_u64(),
            Some(inserted),
            "{backend}: second run"
        );
        assert_eq!(
            second["total"].as_u64(),
            Some(inserted),
            "{backend}: second run"
        );
    }
}

#[test]
fn human_output_prints_counts() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("catalog.sqlite").display());
    let output = tongban(&["import", "catalog", "--database-url", &url]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("1828 inserted"), "{text}");
}

#[test]
fn unsupported_database_is_a_data_error() {
    let output = tongban(&["import", "catalog", "--database-url", "mysql://localhost/x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("mysql"));
}
