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

/// The material of the demo's `zj-religious-building` that 广东's energy review opinion proves.
const PROVED_MATERIAL: &str = "拟改建或者新建建筑物的设计草图、位置图、效果图及可行性报告";

#[tokio::test]
async fn material_proofs_load_and_round_trip() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = store_with_catalog(database.url()).await;
        import_list(&store, DEMO_ZJ, "test").await.unwrap();
        let building = tongban_store::implementations::find_implementation(
            store.pool(),
            "zj-religious-building",
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            building.proofs_of(PROVED_MATERIAL),
            ["11440000MB0E00011L001".to_owned()],
            "{backend}"
        );
        assert!(building.proofs_of("建设资金说明").is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn bad_material_proofs_name_entry_and_material() {
    let database = tongban_testkit::TestDatabase::sqlite();
    let store = store_with_catalog(database.url()).await;
    let proved_by = "proved_by = [\"11440000MB0E00011L001\"]";
    let cases = [
        (
            DEMO_ZJ.replace(
                &format!("name = \"{PROVED_MATERIAL}\""),
                "name = \"营业执照\"",
            ),
            "营业执照",
            "is not in the item's service guide",
        ),
        (
            DEMO_ZJ.replace(proved_by, "proved_by = []"),
            PROVED_MATERIAL,
            "at least one certificate type code",
        ),
        (
            DEMO_ZJ.replace(proved_by, "proved_by = [\"11440000MB0E00011L\"]"),
            PROVED_MATERIAL,
            "not a certificate type code",
        ),
        (
            format!(
                "{DEMO_ZJ}\n[[implementation.material]]\nname = \"{PROVED_MATERIAL}\"\n{proved_by}\n"
            ),
            PROVED_MATERIAL,
            "listed twice",
        ),
    ];
    for (text, material, rule) in cases {
        let error = import_list(&store, &text, "test").await.unwrap_err();
        let message = error.to_string();
        assert!(message.contains("zj-religious-building"), "{message}");
        assert!(message.contains(material), "{message}");
        assert!(message.contains(rule), "{message}");
    }
}
