//! Rejected input and its messages.

use tongban_domain::RuleViolation;
use tongban_i18n::Lang;
use tongban_search::{MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, Query, SearchError};

use crate::catalog;

fn rejected(query: &Query) -> SearchError {
    catalog().index.search(query).unwrap_err()
}

#[test]
fn long_text_is_rejected_with_both_numbers() {
    let at_limit = "证".repeat(MAX_QUERY_CHARS);
    assert!(catalog().index.search(&Query::new(at_limit)).is_ok());

    let error = rejected(&Query::new("证".repeat(MAX_QUERY_CHARS + 1)));
    assert!(
        matches!(error, SearchError::QueryTooLong { length: 201 }),
        "{error:?}"
    );
    assert_eq!(error.rule(), "search-query-too-long");
    let zh = error.message().render(Lang::ZhCn);
    let en = error.message().render(Lang::En);
    assert!(
        zh.contains("200") && zh.contains("201") && zh.contains("检索词"),
        "{zh}"
    );
    assert!(
        en.contains("200") && en.contains("201") && en.contains("search text"),
        "{en}"
    );
}

#[test]
fn page_size_must_be_in_range() {
    for limit in [1, MAX_LIMIT] {
        let query = Query {
            limit,
            ..Query::new("护照")
        };
        assert!(catalog().index.search(&query).is_ok(), "{limit}");
    }
    for limit in [0, MAX_LIMIT + 1] {
        let error = rejected(&Query {
            limit,
            ..Query::new("护照")
        });
        assert_eq!(error.rule(), "search-limit-out-of-range", "{limit}");
        assert!(error.message().render(Lang::En).contains("limit"));
        assert!(error.message().render(Lang::ZhCn).contains("每页条数"));
    }
}

#[test]
fn offset_is_capped() {
    let query = Query {
        offset: MAX_OFFSET,
        ..Query::new("护照")
    };
    assert!(catalog().index.search(&query).is_ok());
    let error = rejected(&Query {
        offset: MAX_OFFSET + 1,
        ..Query::new("护照")
    });
    assert_eq!(error.rule(), "search-offset-too-large");
}

#[test]
fn node_filter_must_be_a_node_id() {
    let error = rejected(&Query {
        node: Some("四川".to_owned()),
        ..Query::new("护照")
    });
    assert_eq!(error.rule(), "search-node-id");
    assert!(error.message().render(Lang::ZhCn).contains("四川"));
    assert!(error.message().render(Lang::En).contains("四川"));
}

#[test]
fn every_message_exists_in_both_languages() {
    let errors = [
        rejected(&Query::new("证".repeat(MAX_QUERY_CHARS + 1))),
        rejected(&Query {
            limit: 0,
            ..Query::default()
        }),
        rejected(&Query {
            offset: MAX_OFFSET + 1,
            ..Query::default()
        }),
        rejected(&Query {
            node: Some(String::new()),
            ..Query::default()
        }),
    ];
    for error in errors {
        for lang in Lang::ALL {
            let text = error.message().render(lang);
            assert_ne!(text, error.rule(), "{} missing in {lang}", error.rule());
        }
    }
}

#[test]
fn symbols_alone_find_nothing_without_failing() {
    for typed in ["\"", "(", "AND", "*", "：、！", "\\", "的", "name:"] {
        let results = catalog().index.search(&Query::new(typed)).unwrap();
        assert_eq!(results.total, 0, "{typed}");
    }
}
