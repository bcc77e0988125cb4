//! The query string of a search page or search API call, checked and turned into a
//! [`Query`].
//!
//! Pages and API share the names `q`, `type` (A.1 code), `department` and `complete`. Pages
//! turn over with `page`, 20 hits at a time; the API takes `offset` and `limit`. An empty
//! value counts as absent, as a form sends its unused fields, and unknown names such as
//! `lang` are ignored.

use tongban_domain::RuleViolation;
use tongban_domain::catalog::ItemType;
use tongban_i18n::Message;
use tongban_search::{DEFAULT_LIMIT, Query};

use crate::WebError;

/// Hits on one page of a search page.
pub const PAGE_SIZE: usize = DEFAULT_LIMIT;

/// A checked search request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchParams {
    /// Free text, `q`.
    pub text: String,
    /// Item type filter, `type`.
    pub item_type: Option<ItemType>,
    /// Department filter, `department`.
    pub department: Option<String>,
    /// Only entries with a complete guide, `complete`.
    pub complete_only: bool,
    /// Hits skipped.
    pub offset: usize,
    /// Hits per page.
    pub limit: usize,
    /// The language a page link asked for with `lang`, kept in paging links.
    pub lang: Option<String>,
}

/// The raw values of the parameters both forms share.
#[derive(Debug, Default)]
struct Raw {
    text: Option<String>,
    item_type: Option<String>,
    department: Option<String>,
    complete: Option<String>,
    page: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
    lang: Option<String>,
}

impl Raw {
    fn parse(query: Option<&str>) -> Raw {
        let mut raw = Raw::default();
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let slot = match name.as_ref() {
                "q" => &mut raw.text,
                "type" => &mut raw.item_type,
                "department" => &mut raw.department,
                "complete" => &mut raw.complete,
                "page" => &mut raw.page,
                "offset" => &mut raw.offset,
                "limit" => &mut raw.limit,
                "lang" => &mut raw.lang,
                _ => continue,
            };
            *slot = Some(value.to_owned());
        }
        raw
    }
}

impl SearchParams {
    /// Reads the query string of a search page: `page` from 1, [`PAGE_SIZE`] hits a page.
    ///
    /// # Errors
    /// [`WebError::BadRequest`] naming the parameter whose value is invalid.
    pub fn from_page_query(query: Option<&str>) -> Result<SearchParams, WebError> {
        let raw = Raw::parse(query);
        let page = match raw.page.as_deref() {
            Some(value) => parse_number("page", value)?,
            None => 1,
        };
        if page == 0 {
            return Err(WebError::BadRequest(Message::new("catalog-param-page")));
        }
        let offset = (page - 1).saturating_mul(PAGE_SIZE);
        SearchParams::checked(raw, offset, PAGE_SIZE)
    }

    /// Reads the query string of a search API call: `offset` (default 0) and `limit` (default
    /// 20, at most 100).
    ///
    /// # Errors
    /// [`WebError::BadRequest`] naming the parameter whose value is invalid.
    pub fn from_api_query(query: Option<&str>) -> Result<SearchParams, WebError> {
        let raw = Raw::parse(query);
        let offset = match raw.offset.as_deref() {
            Some(value) => parse_number("offset", value)?,
            None => 0,
        };
        let limit = match raw.limit.as_deref() {
            Some(value) => parse_number("limit", value)?,
            None => DEFAULT_LIMIT,
        };
        SearchParams::checked(raw, offset, limit)
    }

    fn checked(raw: Raw, offset: usize, limit: usize) -> Result<SearchParams, WebError> {
        let item_type = raw
            .item_type
            .as_deref()
            .map(|code| {
                ItemType::from_code(code).ok_or_else(|| {
                    WebError::BadRequest(Message::new("catalog-param-type").arg("value", code))
                })
            })
            .transpose()?;
        let complete_only = match raw.complete.as_deref() {
            None | Some("false" | "0") => false,
            Some("true" | "1" | "on") => true,
            Some(other) => {
                return Err(WebError::BadRequest(
                    Message::new("catalog-param-flag")
                        .arg("name", "complete")
                        .arg("value", other),
                ));
            }
        };
        let params = SearchParams {
            text: raw.text.unwrap_or_default(),
            item_type,
            department: raw.department,
            complete_only,
            offset,
            limit,
            lang: raw.lang,
        };
        params
            .to_query(None)
            .validate()
            .map_err(|error| WebError::BadRequest(error.message()))?;
        Ok(params)
    }

    /// Returns the search query, limited to `node` when given.
    pub fn to_query(&self, node: Option<&str>) -> Query {
        Query {
            text: self.text.clone(),
            node: node.map(str::to_owned),
            department: self.department.clone(),
            item_type: self.item_type,
            guide_complete_only: self.complete_only,
            offset: self.offset,
            limit: self.limit,
        }
    }

    /// Returns whether the request searches or filters, rather than listing everything.
    pub fn narrows(&self) -> bool {
        !self.text.trim().is_empty()
            || self.item_type.is_some()
            || self.department.is_some()
            || self.complete_only
    }

    /// Returns the 1-based page number of a search page.
    pub fn page(&self) -> usize {
        self.offset / self.limit.max(1) + 1
    }

    /// Returns the link to page `page` of this search at `path`, with the same text, filters
    /// and language.
    pub fn page_href(&self, path: &str, page: usize) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if !self.text.is_empty() {
            query.append_pair("q", &self.text);
        }
        if let Some(item_type) = self.item_type {
            query.append_pair("type", item_type.code());
        }
        if let Some(department) = &self.department {
            query.append_pair("department", department);
        }
        if self.complete_only {
            query.append_pair("complete", "true");
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        if let Some(lang) = &self.lang {
            query.append_pair("lang", lang);
        }
        let query = query.finish();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }
}

fn parse_number(name: &'static str, value: &str) -> Result<usize, WebError> {
    value.parse::<usize>().map_err(|_| {
        WebError::BadRequest(
            Message::new("catalog-param-number")
                .arg("name", name)
                .arg("value", value),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_query_reads_filters_and_page() {
        let params = SearchParams::from_page_query(Some(
            "q=%E7%A4%BE%E4%BF%9D%E5%8D%A1&type=20&department=&complete=true&page=3&lang=en",
        ))
        .unwrap();
        assert_eq!(params.text, "社保卡");
        assert_eq!(params.item_type, Some(ItemType::PublicService));
        assert_eq!(params.department, None);
        assert!(params.complete_only);
        assert_eq!(params.offset, 40);
        assert_eq!(params.page(), 3);
        assert_eq!(
            params.page_href("/services", 4),
            "/services?q=%E7%A4%BE%E4%BF%9D%E5%8D%A1&type=20&complete=true&page=4&lang=en"
        );
    }

    #[test]
    fn invalid_values_name_their_parameter() {
        let cases = [
            ("page=0", "catalog-param-page"),
            ("page=x", "catalog-param-number"),
            ("type=99", "catalog-param-type"),
            ("complete=maybe", "catalog-param-flag"),
        ];
        for (query, key) in cases {
            match SearchParams::from_page_query(Some(query)) {
                Err(WebError::BadRequest(message)) => assert_eq!(message.key(), key, "{query}"),
                other => panic!("{query}: {other:?}"),
            }
        }
    }

    #[test]
    fn api_limits_are_checked() {
        let cases = [
            ("limit=0", "search-limit-out-of-range"),
            ("limit=101", "search-limit-out-of-range"),
            ("limit=-1", "catalog-param-number"),
            ("offset=10001", "search-offset-too-large"),
        ];
        for (query, key) in cases {
            match SearchParams::from_api_query(Some(query)) {
                Err(WebError::BadRequest(message)) => assert_eq!(message.key(), key, "{query}"),
                other => panic!("{query}: {other:?}"),
            }
        }
        let params = SearchParams::from_api_query(Some("offset=40&limit=100")).unwrap();
        assert_eq!((params.offset, params.limit), (40, 100));
    }
}
