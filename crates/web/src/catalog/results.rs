//! The search form and one page of results as `catalog.html` shows them, with every text
//! already in the page's language.

use tongban_domain::catalog::ItemType;
use tongban_i18n::{Lang, Message};
use tongban_search::{Hit, SearchResults};

use super::SearchParams;
use super::labels::item_type_name;

/// An option of a filter.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Value sent.
    pub value: String,
    /// Text shown.
    pub label: String,
    /// Whether the current search uses it.
    pub selected: bool,
}

/// The search form, filled in with the current search.
#[derive(Debug, Clone)]
pub struct SearchForm {
    /// Target of the form's `GET`.
    pub action: String,
    /// Text typed.
    pub text: String,
    /// Item types of list A.1.
    pub item_types: Vec<Choice>,
    /// Departments of the indexed entries.
    pub departments: Vec<Choice>,
    /// Whether only entries with a complete guide are asked for.
    pub complete_only: bool,
    /// The page's language, sent again so that the results stay in it.
    pub lang: Option<String>,
}

impl SearchForm {
    /// Builds the form for `params` at `action`, offering `departments`. A department filter
    /// that is not among them stays selectable, so the form shows what was searched.
    pub fn new(params: &SearchParams, action: &str, departments: &[String], lang: Lang) -> Self {
        let item_types = ItemType::ALL
            .iter()
            .map(|item_type| Choice {
                value: item_type.code().to_owned(),
                label: format!("{} {}", item_type.code(), item_type_name(*item_type, lang)),
                selected: params.item_type == Some(*item_type),
            })
            .collect();
        let mut departments: Vec<Choice> = departments
            .iter()
            .map(|department| Choice {
                value: department.clone(),
                label: department.clone(),
                selected: params.department.as_deref() == Some(department.as_str()),
            })
            .collect();
        if let Some(wanted) = &params.department
            && !departments.iter().any(|choice| choice.selected)
        {
            departments.push(Choice {
                value: wanted.clone(),
                label: wanted.clone(),
                selected: true,
            });
        }
        SearchForm {
            action: action.to_owned(),
            text: params.text.clone(),
            item_types,
            departments,
            complete_only: params.complete_only,
            lang: params.lang.clone(),
        }
    }
}

/// A hit as a result list shows it.
#[derive(Debug, Clone)]
pub struct ResultRow {
    /// The guide page.
    pub href: String,
    /// Name as HTML: escaped, matched words in `<mark>`.
    pub name_html: String,
    /// Matching passage of the guide as HTML, or empty.
    pub snippet_html: String,
    /// A.1 code and name of the item type, if known.
    pub item_type: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Whether the guide is complete.
    pub guide_complete: bool,
}

/// Links to the pages before and after.
#[derive(Debug, Clone)]
pub struct Paging {
    /// Previous page, if any.
    pub previous: Option<String>,
    /// Next page, if any.
    pub next: Option<String>,
    /// "Page 2 of 5".
    pub position: String,
}

/// One page of results.
#[derive(Debug, Clone)]
pub struct ResultsView {
    /// "12 services found, 1–12 shown", or the "nothing found" message.
    pub summary: String,
    /// Whether nothing matched.
    pub empty: bool,
    /// Position of the first hit of this page in all hits, from 1.
    pub first: usize,
    /// The hits of this page.
    pub rows: Vec<ResultRow>,
    /// Paging, when there is more than one page.
    pub paging: Option<Paging>,
}

impl ResultsView {
    /// Builds the view of `results` for `params` searched at `path`; `href_of` returns the
    /// guide page of a hit.
    pub fn new(
        params: &SearchParams,
        results: &SearchResults,
        path: &str,
        lang: Lang,
        href_of: impl Fn(&Hit) -> String,
    ) -> ResultsView {
        let rows: Vec<ResultRow> = results
            .hits
            .iter()
            .map(|hit| ResultRow {
                href: href_of(hit),
                name_html: hit.name_html.clone(),
                snippet_html: hit.snippet.clone(),
                item_type: hit.item_type.map(|item_type| {
                    format!("{} {}", item_type.code(), item_type_name(item_type, lang))
                }),
                department: hit.department.clone(),
                region: hit.region_name.clone(),
                guide_complete: hit.guide_complete,
            })
            .collect();

        let empty = rows.is_empty();
        let summary = if empty {
            Message::new(if results.total > 0 {
                "catalog-results-past-end"
            } else if params.narrows() {
                "catalog-results-none"
            } else {
                "catalog-results-empty-list"
            })
            .arg("total", results.total)
        } else {
            Message::new("catalog-results-summary")
                .arg("total", results.total)
                .arg("first", params.offset + 1)
                .arg("last", params.offset + rows.len())
        }
        .render(lang);

        let page = params.page();
        let pages = results.total.div_ceil(params.limit.max(1));
        let paging = (pages > 1 || page > 1).then(|| Paging {
            previous: (page > 1).then(|| params.page_href(path, page - 1)),
            next: (page < pages).then(|| params.page_href(path, page + 1)),
            position: Message::new("catalog-page-position")
                .arg("page", page)
                .arg("pages", pages.max(1))
                .render(lang),
        });

        ResultsView {
            summary,
            empty,
            first: params.offset + 1,
            rows,
            paging,
        }
    }
}
