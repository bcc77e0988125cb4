//! Highlighted names and guide snippets.

use tongban_search::{Query, SearchIndex};

use crate::{catalog, item_with_guide};

#[test]
fn snippet_escapes_html_in_source_text() {
    let item = item_with_guide(
        "html-1",
        "<b>临时</b>身份证明 & 补办",
        "申请人持<script>alert(1)</script>居民身份证 & \"户口簿\"到窗口办理",
        &["申请表"],
    );
    let mut index = SearchIndex::in_memory().unwrap();
    index.index_items([(&item, "hub")]).unwrap();

    let results = index.search(&Query::new("身份证")).unwrap();
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];

    assert!(!hit.snippet.contains("<script>"), "{}", hit.snippet);
    assert!(hit.snippet.contains("&lt;script&gt;"), "{}", hit.snippet);
    assert!(hit.snippet.contains("&amp;"), "{}", hit.snippet);
    assert!(
        hit.snippet.contains("<mark>居民身份证</mark>"),
        "{}",
        hit.snippet
    );

    assert_eq!(hit.name, "<b>临时</b>身份证明 & 补办");
    assert!(
        hit.name_html.starts_with("&lt;b&gt;临时&lt;/b&gt;"),
        "{}",
        hit.name_html
    );
    assert!(
        hit.name_html.contains("<mark>身份证</mark>明"),
        "{}",
        hit.name_html
    );
    assert!(hit.name_html.ends_with("&amp; 补办"), "{}", hit.name_html);
}

#[test]
fn name_keeps_punctuation_around_marks() {
    let results = catalog().search("身份证");
    let hit = results
        .hits
        .iter()
        .find(|hit| hit.name == "居民身份证办理（包括临时）")
        .unwrap();
    assert_eq!(hit.name_html, "<mark>居民身份证</mark>办理（包括临时）");
}

#[test]
fn real_guide_gives_a_marked_snippet() {
    let results = catalog().search("节能审查");
    let hit = results
        .hits
        .iter()
        .find(|hit| hit.name == "固定资产投资项目节能审查")
        .unwrap();
    assert!(hit.snippet.contains("<mark>节能</mark>"), "{}", hit.snippet);
    let text = hit.snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(text.chars().count() <= 60, "{text}");
    assert!(text.len() < 180, "{text}");
}

#[test]
fn snippet_is_empty_without_guide_match() {
    let results = catalog().search("户口迁移");
    let hit = results
        .hits
        .iter()
        .find(|hit| hit.name == "户口迁移审批")
        .unwrap();
    assert_eq!(hit.snippet, "");
    assert_eq!(hit.name_html, "<mark>户口迁移</mark>审批");
}
