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

#[test]
fn implementation_list_loads_or_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("node.sqlite").display());
    let catalog = tongban(&["import", "catalog", "--database-url", &url, "--json"]);
    assert_eq!(catalog.status.code(), Some(0));

    // One entry points at a catalog item that does not exist, so nothing is stored.
    let broken = dir.path().join("broken.toml");
    let list = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/demo/implementations-zj.toml"
    ))
    .unwrap();
    std::fs::write(
        &broken,
        list.replacen("GX-450721-000141005000", "GX-000000-000000000000", 1),
    )
    .unwrap();
    let path = broken.to_str().unwrap();
    let output = tongban(&["import", "implementations", path, "--database-url", &url]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("zj-religious-building"), "{stderr}");
    assert!(
        stored_implementations(&url).is_empty(),
        "a broken list stored entries"
    );

    let good = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config/demo/implementations-zj.toml"
    );
    let args = [
        "import",
        "implementations",
        good,
        "--database-url",
        &url,
        "--json",
    ];
    let output = tongban(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stored = json_of(&output);
    assert_eq!(stored["stored"], 3, "{stored}");
    assert_eq!(stored["ids"][0], "zj-energy-review", "{stored}");
    assert_eq!(stored_implementations(&url).len(), 3);

    let missing = tongban(&["import", "implementations", "/nonexistent/list.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("/nonexistent/list.toml"), "{stderr}");
}

/// Returns the ids of the implementations stored in the database at `url`.
fn stored_implementations(url: &str) -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = tongban_store::Store::connect(url).await.unwrap();
        let list = tongban_store::implementations::list_implementations(store.pool())
            .await
            .unwrap();
        store.pool().close().await;
        list.into_iter().map(|entry| entry.id).collect()
    })
}
