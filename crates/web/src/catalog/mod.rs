//! Catalog search and service guides as the hub's and the nodes' pages and JSON API show them.
//!
//! The hub shows the whole catalog and a node its implementation list, with the same search
//! form, result list and guide sections (`catalog.html`) and the same JSON shapes. Each role
//! keeps its own routes and decides where a hit links to.

pub mod api;
pub mod guide;
pub mod labels;
pub mod params;
pub mod results;

pub use guide::{Fact, GuideView, ItemView};
pub use params::{PAGE_SIZE, SearchParams};
pub use results::{Paging, ResultRow, ResultsView, SearchForm};

use tongban_domain::RuleViolation;
use tongban_services::ServiceError;

use crate::WebError;

/// Turns a failed search into the error of the request: a query that breaks a limit is the
/// requester's 400 with the search's own message, the rest is the server's.
pub fn search_failed(error: ServiceError) -> WebError {
    use tongban_search::SearchError;
    match error {
        ServiceError::Search(
            error @ (SearchError::QueryTooLong { .. }
            | SearchError::LimitOutOfRange { .. }
            | SearchError::OffsetTooLarge { .. }),
        ) => WebError::BadRequest(error.message()),
        ServiceError::Store(error) => WebError::Store(error),
        other => WebError::Internal(other.to_string()),
    }
}

/// Percent-encodes `segment` for one segment of a URL path: everything but ASCII letters,
/// digits and `-._~`.
pub fn encode_path_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(
            encode_path_segment("GX-450721-000104002000"),
            "GX-450721-000104002000"
        );
        assert_eq!(encode_path_segment("a/b c"), "a%2Fb%20c");
        assert_eq!(encode_path_segment("身"), "%E8%BA%AB");
    }
}
