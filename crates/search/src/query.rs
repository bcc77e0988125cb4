//! A catalog search request: free text, filters and a page.

use tongban_domain::catalog::ItemType;
use tongban_domain::node::check_node_id;

use crate::SearchError;

/// Maximum number of characters (Unicode scalar values) in a query text. The longest item name
/// of the reference catalogs has 110 characters, so a longer text is pasted content rather than
/// a search.
pub const MAX_QUERY_CHARS: usize = 200;

/// Maximum page size.
pub const MAX_LIMIT: usize = 100;

/// Maximum offset. People read the first few pages, while each page costs work in proportion to
/// offset plus limit.
pub const MAX_OFFSET: usize = 10_000;

/// Page size of [`Query::default`].
pub const DEFAULT_LIMIT: usize = 20;

/// A search of the catalog. Words in `text` are all required, and a word from a synonym group
/// matches any word of the group. Text is free text: query-language syntax such as `AND`,
/// quotes, brackets or `field:` is ignored rather than interpreted. Empty text lists the entries
/// that pass the filters, ordered by node, source and record id.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Free text as the person typed it.
    pub text: String,
    /// Only entries offered by this node.
    pub node: Option<String>,
    /// Only entries of this implementing agency, compared with the catalog's text exactly after
    /// trimming spaces at both ends.
    pub department: Option<String>,
    /// Only entries of this item type (A.1 code).
    pub item_type: Option<ItemType>,
    /// Only entries whose source published a complete service guide.
    pub guide_complete_only: bool,
    /// Hits to skip, at most [`MAX_OFFSET`].
    pub offset: usize,
    /// Hits to return, from 1 to [`MAX_LIMIT`].
    pub limit: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            node: None,
            department: None,
            item_type: None,
            guide_complete_only: false,
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl Query {
    /// Starts a query for `text` with no filters and the first page of [`DEFAULT_LIMIT`] hits.
    pub fn new(text: impl Into<String>) -> Self {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }

    /// Checks the query against the limits above and the node id rule.
    ///
    /// # Errors
    /// [`SearchError::QueryTooLong`], [`SearchError::LimitOutOfRange`],
    /// [`SearchError::OffsetTooLarge`] or [`SearchError::NodeId`], for the first rule broken in
    /// that order.
    pub fn validate(&self) -> Result<(), SearchError> {
        let length = self.text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong { length });
        }
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(SearchError::LimitOutOfRange { limit: self.limit });
        }
        if self.offset > MAX_OFFSET {
            return Err(SearchError::OffsetTooLarge {
                offset: self.offset,
            });
        }
        if let Some(node) = &self.node {
            check_node_id(node).map_err(|source| SearchError::NodeId { source })?;
        }
        Ok(())
    }

    /// Returns the department filter trimmed, or `None` when it is absent or blank.
    pub(crate) fn department_filter(&self) -> Option<&str> {
        self.department
            .as_deref()
            .map(str::trim)
            .filter(|department| !department.is_empty())
    }
}
