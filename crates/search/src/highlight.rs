//! Highlighting: the item name and a guide passage with the matched words marked, as HTML.
//!
//! tantivy's snippet generator expects tokens in text order without overlap. Search mode emits a
//! word after the shorter words inside it (居民, 身份, 身份证, then 居民身份证), and fed those the
//! generator computes fragment bounds that run backwards and panics. So highlighting segments
//! with its own tokenizer: one token per word of jieba's default segmentation, or one token per
//! inner word where only shorter words inside a word are query terms.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;
use std::sync::Arc;

use tantivy::query::Query as TantivyQuery;
use tantivy::schema::Field;
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::tokenizer::{TextAnalyzer, Token, Tokenizer};
use tantivy::{Searcher, TantivyDocument, Term};

use crate::SearchError;
use crate::lexicon::Lexicon;
use crate::schema::Fields;
use crate::tokenizer::{SegmentedTokens, normalize_word};

/// Maximum length of a guide snippet in bytes of UTF-8, the unit tantivy 0.27 counts in: about
/// 60 Chinese characters.
const SNIPPET_MAX_BYTES: usize = 180;

/// Marks around a matched word.
const MARK_START: &str = "<mark>";
const MARK_END: &str = "</mark>";

/// Snippet generators for one query, made once and used for every hit of a page.
pub(crate) struct Highlighter {
    name: SnippetGenerator,
    guide: Vec<SnippetGenerator>,
}

impl Highlighter {
    /// Prepares the generators for the terms of `query`.
    ///
    /// # Errors
    /// [`SearchError::Index`] when a term's document frequency cannot be read.
    pub(crate) fn new(
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        fields: &Fields,
        lexicon: &Arc<Lexicon>,
    ) -> Result<Highlighter, SearchError> {
        // A name is shown whole, never cut to a fragment.
        let name = generator(searcher, query, fields.name, lexicon, usize::MAX)?;
        let guide = fields
            .snippet_fields()
            .into_iter()
            .map(|field| generator(searcher, query, field, lexicon, SNIPPET_MAX_BYTES))
            .collect::<Result<_, _>>()?;
        Ok(Highlighter { name, guide })
    }

    /// Returns the whole name as HTML with the matched words marked.
    pub(crate) fn name_html(&self, name: &str) -> String {
        let snippet = self.name.snippet(name);
        if snippet.is_empty() {
            return escape_html(name);
        }
        // The fragment runs from the first to the last token, so punctuation outside it, such
        // as a closing bracket, is added back around it.
        let range = snippet.fragment_range();
        let before = name.get(..range.start).unwrap_or_default();
        let after = name.get(range.end..).unwrap_or_default();
        format!(
            "{}{}{}",
            escape_html(before),
            to_marked_html(snippet),
            escape_html(after)
        )
    }

    /// Returns the guide passage with the most matched words as HTML, or an empty string.
    pub(crate) fn guide_snippet(&self, document: &TantivyDocument) -> String {
        let mut best: Option<Snippet> = None;
        for generator in &self.guide {
            let snippet = generator.snippet_from_doc(document);
            let better = best
                .as_ref()
                .is_none_or(|best| snippet.highlighted().len() > best.highlighted().len());
            if !snippet.is_empty() && better {
                best = Some(snippet);
            }
        }
        best.map(to_marked_html).unwrap_or_default()
    }
}

/// Builds the generator of one field the way `SnippetGenerator::create` does (each query term
/// of the field that occurs in the index, weighted by rarity) but with [`HighlightTokenizer`].
fn generator(
    searcher: &Searcher,
    query: &dyn TantivyQuery,
    field: Field,
    lexicon: &Arc<Lexicon>,
    max_bytes: usize,
) -> Result<SnippetGenerator, SearchError> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut weights: BTreeMap<String, f32> = BTreeMap::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let document_frequency = searcher.doc_freq(term)?;
        if document_frequency > 0 {
            weights.insert(text.to_owned(), 1.0 / (1.0 + document_frequency as f32));
        }
    }
    let tokenizer = HighlightTokenizer {
        lexicon: Arc::clone(lexicon),
        terms: Arc::new(weights.keys().cloned().collect()),
    };
    Ok(SnippetGenerator::new(
        weights,
        TextAnalyzer::from(tokenizer),
        field,
        max_bytes,
    ))
}

/// Segments text into ordered, non-overlapping tokens for the snippet generator, splitting a
/// word only to expose inner words that are query terms.
#[derive(Debug, Clone)]
struct HighlightTokenizer {
    lexicon: Arc<Lexicon>,
    terms: Arc<HashSet<String>>,
}

impl Tokenizer for HighlightTokenizer {
    type TokenStream<'a> = SegmentedTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SegmentedTokens {
        let mut tokens = Vec::new();
        for word in self.lexicon.jieba.cut(text, true) {
            let Some(term) = normalize_word(word.word) else {
                continue;
            };
            let inner = if self.terms.contains(&term) {
                Vec::new()
            } else {
                self.inner_terms(word.word)
            };
            if inner.is_empty() {
                push_token(&mut tokens, word.byte_start..word.byte_end, term);
            }
            for (range, inner_term) in inner {
                let range = word.byte_start + range.start..word.byte_start + range.end;
                push_token(&mut tokens, range, inner_term);
            }
        }
        SegmentedTokens::new(tokens)
    }
}

impl HighlightTokenizer {
    /// Returns the query terms among the two- and three-character dictionary words that search
    /// mode indexes inside `word`, as byte ranges within it, ordered and without overlap (the
    /// longer one first where two start together).
    fn inner_terms(&self, word: &str) -> Vec<(Range<usize>, String)> {
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(index, _)| index)
            .chain([word.len()])
            .collect();
        let length = bounds.len() - 1;
        let mut found = Vec::new();
        let mut start = 0;
        while start < length {
            let hit = [3, 2]
                .into_iter()
                .filter(|size| length > *size && start + size <= length)
                .find_map(|size| {
                    let piece = &word[bounds[start]..bounds[start + size]];
                    let term = normalize_word(piece)?;
                    let indexed = self.lexicon.jieba.has_word(piece);
                    (indexed && self.terms.contains(&term)).then_some((size, term))
                });
            match hit {
                Some((size, term)) => {
                    found.push((bounds[start]..bounds[start + size], term));
                    start += size;
                }
                None => start += 1,
            }
        }
        found
    }
}

fn push_token(tokens: &mut Vec<Token>, range: Range<usize>, text: String) {
    tokens.push(Token {
        offset_from: range.start,
        offset_to: range.end,
        position: tokens.len(),
        position_length: 1,
        text,
    });
}

fn to_marked_html(mut snippet: Snippet) -> String {
    snippet.set_snippet_prefix_postfix(MARK_START, MARK_END);
    snippet.to_html()
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(character),
        }
    }
    escaped
}
