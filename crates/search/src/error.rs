//! Errors of the catalog search: rejected queries, and failures of the index on disk.

use std::path::PathBuf;

use tongban_domain::RuleViolation;
use tongban_domain::node::NodeError;
use tongban_i18n::{Lang, Message};

/// Failure to build, open or search an index, or a rejected query.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The query text has more characters than [`crate::MAX_QUERY_CHARS`].
    #[error("{}", self.message().render(Lang::En))]
    QueryTooLong {
        /// Characters (Unicode scalar values) in the text.
        length: usize,
    },
    /// The page size is 0 or more than [`crate::MAX_LIMIT`].
    #[error("{}", self.message().render(Lang::En))]
    LimitOutOfRange {
        /// The requested page size.
        limit: usize,
    },
    /// The offset is more than [`crate::MAX_OFFSET`].
    #[error("{}", self.message().render(Lang::En))]
    OffsetTooLarge {
        /// The requested offset.
        offset: usize,
    },
    /// A node id, in a filter or beside an indexed entry, breaks the node id rule.
    #[error("{}", self.message().render(Lang::En))]
    NodeId {
        /// The rule it breaks.
        source: NodeError,
    },
    /// A line of a dictionary file bundled with the crate is invalid.
    #[error("{}", self.message().render(Lang::En))]
    Dictionary {
        /// File name inside the crate's `dict` folder.
        file: &'static str,
        /// 1-based line.
        line: usize,
    },
    /// [`crate::SearchIndex::create`] was given a folder that already contains an index.
    #[error("{}", self.message().render(Lang::En))]
    IndexExists {
        /// The folder.
        path: PathBuf,
    },
    /// [`crate::SearchIndex::open`] was given a folder without an index.
    #[error("{}", self.message().render(Lang::En))]
    IndexMissing {
        /// The folder.
        path: PathBuf,
    },
    /// The index on disk has other fields than this version builds.
    #[error("{}", self.message().render(Lang::En))]
    SchemaMismatch {
        /// The folder.
        path: PathBuf,
    },
    /// The index folder could not be created.
    #[error("{}", self.message().render(Lang::En))]
    Io {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// tantivy failed to write, read or search the index.
    #[error("{}", self.message().render(Lang::En))]
    Index {
        /// The cause.
        source: tantivy::TantivyError,
    },
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(source: tantivy::TantivyError) -> Self {
        SearchError::Index { source }
    }
}

impl RuleViolation for SearchError {
    fn rule(&self) -> &'static str {
        match self {
            SearchError::QueryTooLong { .. } => "search-query-too-long",
            SearchError::LimitOutOfRange { .. } => "search-limit-out-of-range",
            SearchError::OffsetTooLarge { .. } => "search-offset-too-large",
            SearchError::NodeId { .. } => "search-node-id",
            SearchError::Dictionary { .. } => "search-dictionary",
            SearchError::IndexExists { .. } => "search-index-exists",
            SearchError::IndexMissing { .. } => "search-index-missing",
            SearchError::SchemaMismatch { .. } => "search-schema-mismatch",
            SearchError::Io { .. } => "search-io",
            SearchError::Index { .. } => "search-index-failed",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            SearchError::QueryTooLong { length } => message
                .arg("length", *length)
                .arg("max", crate::MAX_QUERY_CHARS),
            SearchError::LimitOutOfRange { limit } => {
                message.arg("limit", *limit).arg("max", crate::MAX_LIMIT)
            }
            SearchError::OffsetTooLarge { offset } => {
                message.arg("offset", *offset).arg("max", crate::MAX_OFFSET)
            }
            SearchError::NodeId { source } => message.arg("reason", source.message()),
            SearchError::Dictionary { file, line } => message.arg("file", *file).arg("line", *line),
            SearchError::IndexExists { path }
            | SearchError::IndexMissing { path }
            | SearchError::SchemaMismatch { path } => {
                message.arg("path", path.display().to_string())
            }
            SearchError::Io { path, source } => message
                .arg("path", path.display().to_string())
                .arg("error", source.to_string()),
            SearchError::Index { source } => message.arg("error", source.to_string()),
        }
    }
}
