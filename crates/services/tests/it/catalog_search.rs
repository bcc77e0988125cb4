//! The catalog search of a hub and a node, built from the database and rebuilt after imports.

use tongban_refdata::ReferenceData;
use tongban_search::Query;
use tongban_services::catalog_import::import_catalog;
use tongban_services::catalog_search::{CatalogSearch, HUB_NODE_ID};
use tongban_services::implementations::import_list;
use tongban_store::Store;
use tongban_testkit::TestDatabase;

const DEMO_ZJ: &str = include_str!("../../../../config/demo/implementations-zj.toml");

async fn store_with_catalog(database: &TestDatabase) -> Store {
    let store = Store::connect(database.url()).await.unwrap();
    let data = ReferenceData::locate(None).unwrap();
    let divisions = data.divisions().unwrap();
    let load = data.service_items(&divisions).unwrap();
    import_catalog(&store, &load, "test", |_| {}).await.unwrap();
    store
}

#[tokio::test]
async fn hub_indexes_every_catalog_entry() {
    let database = TestDatabase::sqlite();
    let store = store_with_catalog(&database).await;

    let search = CatalogSearch::for_hub(store).await.unwrap();
    let listing = search.search(&Query::default()).await.unwrap();
    let departments = search.departments().await.unwrap();

    assert_eq!(search.stats().entries, 1828);
    assert_eq!(listing.total, 1828);
    assert!(listing.hits.iter().all(|hit| hit.node == HUB_NODE_ID));
    assert!(departments.contains(&"区人社局".to_owned()));
    assert!(
        departments.windows(2).all(|pair| pair[0] < pair[1]),
        "sorted, no repeats"
    );
}

#[tokio::test]
async fn node_index_follows_its_implementation_list() {
    let database = TestDatabase::sqlite();
    let store = store_with_catalog(&database).await;
    let search = CatalogSearch::for_node(store.clone(), "zj").await.unwrap();
    let before = search.search(&Query::default()).await.unwrap();

    import_list(&store, DEMO_ZJ, "test").await.unwrap();
    let rebuilt = search.refresh().await.unwrap();
    let again = search.refresh().await.unwrap();
    let after = search.search(&Query::new("体育")).await.unwrap();
    let departments = search.departments().await.unwrap();

    assert_eq!(before.total, 0, "nothing offered before the import");
    assert!(rebuilt, "the import changed the list");
    assert!(!again, "nothing changed since");
    assert_eq!(search.stats().entries, 3);
    assert_eq!(after.total, 1);
    assert_eq!(
        after.hits[0].offer_id.as_deref(),
        Some("zj-fitness-facility")
    );
    assert_eq!(
        after.hits[0].department.as_deref(),
        Some("浙江省体育局（演示）")
    );
    assert_eq!(after.hits[0].node, "zj");
    assert_eq!(
        departments,
        [
            "浙江省体育局（演示）",
            "浙江省发展和改革委员会（演示）",
            "浙江省民族宗教事务委员会（演示）",
        ]
    );
}

#[tokio::test]
async fn search_sees_an_import_without_an_explicit_refresh() {
    let database = TestDatabase::sqlite();
    let store = store_with_catalog(&database).await;
    let search = CatalogSearch::for_node(store.clone(), "zj").await.unwrap();

    import_list(&store, DEMO_ZJ, "test").await.unwrap();
    let results = search.search(&Query::default()).await.unwrap();

    assert_eq!(results.total, 3);
}

#[tokio::test]
async fn query_over_a_limit_is_rejected() {
    let database = TestDatabase::sqlite();
    let store = store_with_catalog(&database).await;
    let search = CatalogSearch::for_hub(store).await.unwrap();

    let error = search
        .search(&Query {
            limit: 0,
            ..Query::default()
        })
        .await
        .unwrap_err();

    assert!(matches!(
        error,
        tongban_services::ServiceError::Search(tongban_search::SearchError::LimitOutOfRange {
            limit: 0
        })
    ));
}
