use tongban_refdata::ReferenceData;
use tongban_services::catalog_import::import_catalog;
use tongban_services::implementations::import_list;
use tongban_store::Store;

const DEMO_ZJ: &str = include_str!("../../../../config/demo/implementations-zj.toml");

async fn store_with_catalog(url: &str) -> Store {
    let store = Store::connect(url).await.unwrap();
    let data = ReferenceData::locate(None).unwrap();
    let divisions = data.divisions().unwrap();
    let load = data.service_items(&divisions).unwrap();
    import_catalog(&store, &load, "test", |_| {}).await.unwrap();
    store
}

#[tokio::test]
async fn demo_list_loads_with_guide_time_limits() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = store_with_catalog(database.url()).await;
        let stored = import_list(&store, DEMO_ZJ, "test").await.unwrap();
        assert_eq!(stored.len(), 3, "{backend}");
        let energy =
            tongban_store::implementations::find_implementation(store.pool(), "zj-energy-review")
                .await
                .unwrap()
                .unwrap();
        assert_eq!(energy.statutory_days, Some(20), "{backend}: from the guide");
        assert_eq!(energy.promised_days, Some(5), "{backend}: from the guide");
        assert_eq!(energy.form.len(), 2);
        // Loading again replaces, it does not add.
        import_list(&store, DEMO_ZJ, "test").await.unwrap();
        let all = tongban_store::implementations::list_implementations(store.pool())
            .await
            .unwrap();
        assert_eq!(all.len(), 3, "{backend}");
    }
}

#[tokio::test]
async fn bad_lists_are_rejected_by_entry_and_store_nothing() {
    let database = tongban_testkit::TestDatabase::sqlite();
    let store = store_with_catalog(database.url()).await;
    let cases = [
        (
            DEMO_ZJ.replace(
                "record_id = \"GX-450721-000141005000\"",
                "record_id = \"NO-SUCH-ITEM\"",
            ),
            "zj-religious-building",
        ),
        // A Hubei entry has no guide at all.
        (
            DEMO_ZJ.replace(
                "source = \"guangxi-api-payload\"\nrecord_id = \"GX-450721-000104002000\"",
                "source = \"hubei_provincial_item_list\"\nrecord_id = \"hb-prov-0001\"",
            ),
            "zj-energy-review",
        ),
        (
            DEMO_ZJ.replace("name = \"facility_name\"", "name = \"Facility Name\""),
            "Facility Name",
        ),
        (
            DEMO_ZJ.replace("options = [\"拆迁\", \"改变用途\"]", ""),
            "change_kind",
        ),
        (
            DEMO_ZJ.replace("id = \"zj-fitness-facility\"", "id = \"zj-energy-review\""),
            "zj-energy-review",
        ),
        (
            DEMO_ZJ.replace("yellow_days = 5", "yellow_day = 5"),
            "yellow_day",
        ),
    ];
    for (text, named) in cases {
        let error = import_list(&store, &text, "test").await.unwrap_err();
        assert!(error.to_string().contains(named), "{named}: {error}");
    }
    let all = tongban_store::implementations::list_implementations(store.pool())
        .await
        .unwrap();
    assert!(all.is_empty());
}
