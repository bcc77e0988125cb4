//! `/api/openapi.json` and `/api/docs` at the hub and a node.

use super::{between, demo, get, json};

#[tokio::test]
async fn hub_document_lists_catalog_paths() {
    let hub = &demo().hub;

    let (status, document) = json(&format!("{hub}/api/openapi.json")).await;

    assert_eq!(status, 200);
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1."));
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/catalog/items"));
    assert!(paths.contains_key("/api/catalog/items/{source}/{record_id}"));
    let parameters: Vec<&str> = document["paths"]["/api/catalog/items"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parameter| parameter["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        parameters,
        ["q", "type", "department", "complete", "offset", "limit"]
    );
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for schema in [
        "CatalogItemJson",
        "CatalogItemPage",
        "GuideJson",
        "ApiErrorJson",
    ] {
        assert!(schemas.contains_key(schema), "{schema}");
    }
}

#[tokio::test]
async fn node_document_lists_the_service_paths() {
    let zj = &demo().zj;

    let (_, document) = json(&format!("{zj}/api/openapi.json")).await;

    assert!(document["openapi"].as_str().unwrap().starts_with("3.1."));
    let paths = document["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/services"));
    assert!(paths.contains_key("/api/services/{implementation_id}"));
}

#[tokio::test]
async fn docs_page_and_its_assets_load() {
    for base in [&demo().hub, &demo().zj] {
        let client = crate::support::client();
        let response = client.get(format!("{base}/api/docs")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(policy.contains("script-src 'self'"), "{policy}");
        let html = response.text().await.unwrap();
        assert!(html.contains("href=\"/api/openapi.json\""));

        let scripts: Vec<&str> = html
            .split("<script src=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        assert_eq!(scripts.len(), 3);
        for script in scripts {
            let response = client.get(format!("{base}{script}")).send().await.unwrap();
            assert_eq!(response.status(), 200, "{script}");
            let kind = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(kind.contains("javascript"), "{script}: {kind}");
            let body = response.text().await.unwrap();
            assert!(body.len() > 100, "{script}");
            if script.ends_with("swagger-initializer.js") {
                assert!(body.contains("\"/api/openapi.json\""), "{body}");
                assert!(!body.contains("{{config}}"));
            }
        }
        let stylesheet = between(&html, "<link rel=\"stylesheet\" href=\"", "\">");
        let stylesheet = &stylesheet["<link rel=\"stylesheet\" href=\"".len()..];
        let (status, css) = get(&format!("{base}{stylesheet}")).await;
        assert_eq!(status, 200, "{stylesheet}");
        assert!(css.contains(".swagger-ui"));
    }
}

#[tokio::test]
async fn docs_page_speaks_both_languages() {
    let hub = &demo().hub;

    let (_, zh) = get(&format!("{hub}/api/docs?lang=zh-CN")).await;
    let (_, en) = get(&format!("{hub}/api/docs?lang=en")).await;

    assert!(zh.contains("<h1 class=\"api-docs-title\">API 文档</h1>"));
    assert!(en.contains("<h1 class=\"api-docs-title\">API documentation</h1>"));
}
