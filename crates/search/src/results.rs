//! Search results: one page of hits and the total.

use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::schema::{Field, Value};
use tongban_domain::catalog::ItemType;

use crate::highlight::{Highlighter, escape_html};
use crate::schema::Fields;

/// Identifies a catalog entry within its data set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RecordKey {
    /// Data set the entry comes from ([`tongban_domain::catalog::ServiceItem::source`]).
    pub source: String,
    /// Id of the entry within it.
    pub record_id: String,
}

/// One page of hits and the number of hits in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Entries that match, on every page together.
    pub total: usize,
    /// This page, best first (for a listing without text, in document key order).
    pub hits: Vec<Hit>,
}

/// A catalog entry that matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The entry.
    pub record: RecordKey,
    /// Node that offers it.
    pub node: String,
    /// The node's own id of the entry ([`crate::Offer::offer_id`]), when it was indexed with one.
    pub offer_id: Option<String>,
    /// Item name as indexed, plain text.
    pub name: String,
    /// Item name as HTML: escaped, matched words wrapped in `<mark>`.
    pub name_html: String,
    /// The passage of the service guide (acceptance conditions, materials or legal basis) with
    /// the most matched words, as HTML: escaped, matched words wrapped in `<mark>`. Empty when no
    /// guide text matches, which includes every listing without text.
    pub snippet: String,
    /// The offering node's department ([`crate::Offer::department`]), or else the catalog's
    /// implementing agency, where the catalog names one.
    pub department: Option<String>,
    /// Region whose list the entry belongs to.
    pub region_name: Option<String>,
    /// Item type, where the catalog's type name is a known A.1 type.
    pub item_type: Option<ItemType>,
    /// Whether the source published a complete service guide.
    pub guide_complete: bool,
    /// Relevance (BM25 with field boosts); 0 in a listing without text.
    pub score: f32,
}

/// Builds the hit for a stored document; `highlighter` is `None` for a listing without text.
pub(crate) fn to_hit(
    fields: &Fields,
    document: &TantivyDocument,
    score: f32,
    highlighter: Option<&Highlighter>,
) -> Hit {
    let name = first_text(document, fields.name).unwrap_or_default();
    let (name_html, snippet) = match highlighter {
        Some(highlighter) => (
            highlighter.name_html(&name),
            highlighter.guide_snippet(document),
        ),
        None => (escape_html(&name), String::new()),
    };
    Hit {
        record: RecordKey {
            source: first_text(document, fields.source).unwrap_or_default(),
            record_id: first_text(document, fields.record_id).unwrap_or_default(),
        },
        node: first_text(document, fields.node).unwrap_or_default(),
        offer_id: first_text(document, fields.offer_id),
        name,
        name_html,
        snippet,
        department: first_text(document, fields.department),
        region_name: first_text(document, fields.region),
        item_type: first_text(document, fields.item_type_code)
            .and_then(|code| ItemType::from_code(&code)),
        guide_complete: document
            .get_first(fields.guide_complete)
            .and_then(|value| value.as_bool())
            .unwrap_or(false),
        score,
    }
}

fn first_text(document: &TantivyDocument, field: Field) -> Option<String> {
    document
        .get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_owned)
}
