//! Chinese full-text search over the service catalog, for the hub's and nodes' search pages.
//!
//! Entries are indexed with tantivy, their Chinese text segmented by jieba in search mode with
//! the crate's user dictionary (`dict/user_dict.txt`). A query requires every word it contains
//! and expands each word to its synonym group (`dict/synonyms.txt`), so 社保卡 finds 社会保障卡.
//! Name matches rank above matches in the service guide. Filters narrow a query to a node, an
//! implementing agency, an item type or entries with a complete guide. A node indexes its
//! implementation list as [`Offer`]s, with its own departments and implementation ids.
//!
//! ```no_run
//! # fn run(items: &[tongban_domain::catalog::ServiceItem]) -> Result<(), tongban_search::SearchError> {
//! use tongban_search::{Query, SearchIndex};
//!
//! let mut index = SearchIndex::create("var/search")?;
//! index.index_items(items.iter().map(|item| (item, "hub")))?;
//! let results = index.search(&Query::new("社保卡挂失"))?;
//! for hit in &results.hits {
//!     println!("{} {}", hit.record.record_id, hit.name);
//! }
//! # Ok(())
//! # }
//! ```

mod compile;
mod error;
mod highlight;
mod index;
mod lexicon;
mod offer;
mod query;
mod results;
mod schema;
mod tokenizer;

pub use error::SearchError;
pub use index::SearchIndex;
pub use offer::Offer;
pub use query::{DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, Query};
pub use results::{Hit, RecordKey, SearchResults};
