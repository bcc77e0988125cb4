//! Turns a [`Query`] into a tantivy query: every word required, each word an OR group of its
//! synonyms across the weighted fields, and the filters on top.
//!
//! The text is segmented here rather than handed to tantivy's `QueryParser`: people type free
//! text, and the parser would read `AND`, quotes, brackets and `field:` as syntax and reject
//! unbalanced ones. It would also turn a word that segments into several tokens into a phrase
//! of overlapping search-mode tokens.

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery,
    Query as TantivyQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;

use crate::Query;
use crate::lexicon::Lexicon;
use crate::schema::Fields;
use crate::tokenizer::normalize_word;

/// Share of the other matching fields' scores that a word group adds to its best field. A word
/// in the name and the guide ranks above a word in the name only, while matches in several
/// guide fields add little next to a name match.
const TIE_BREAKER: f32 = 0.1;

/// Operator words of tantivy's query language, spelled in capitals as the language requires.
const OPERATOR_WORDS: [&str; 6] = ["AND", "OR", "NOT", "TO", "&&", "||"];

/// A query ready to run.
pub(crate) enum Compiled {
    /// Text with words: ranked by score.
    Scored(Box<dyn TantivyQuery>),
    /// No text: every entry that passes the filters, in document key order.
    Listing(Box<dyn TantivyQuery>),
    /// Text without a searchable word, such as punctuation or stop words only: no hits.
    Nothing,
}

/// Compiles `query`, which must have been validated.
pub(crate) fn compile(lexicon: &Lexicon, fields: &Fields, query: &Query) -> Compiled {
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = filters(fields, query)
        .into_iter()
        .map(|filter| {
            let filter: Box<dyn TantivyQuery> = Box::new(ConstScoreQuery::new(filter, 0.0));
            (Occur::Must, filter)
        })
        .collect();

    if query.text.trim().is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
        return Compiled::Listing(Box::new(BooleanQuery::new(clauses)));
    }
    let words = query_words(lexicon, &query.text);
    if words.is_empty() {
        return Compiled::Nothing;
    }
    for word in &words {
        clauses.push((Occur::Must, word_query(lexicon, fields, word)));
    }
    Compiled::Scored(Box::new(BooleanQuery::new(clauses)))
}

/// Returns the words of `text` a query requires, in order and without repeats: jieba's default
/// segmentation with query syntax, punctuation and stop words removed.
///
/// NOTE: a word of one character matches only where jieba segmented it as a word of its own, so
/// it misses most texts that contain it. 税 alone finds 3 entries of the reference catalogs,
/// while more than 50 have it in their names.
fn query_words(lexicon: &Lexicon, text: &str) -> Vec<String> {
    let free_text = strip_syntax(text);
    let mut words: Vec<String> = Vec::new();
    for token in lexicon.jieba.cut(&free_text, true) {
        let Some(word) = normalize_word(token.word) else {
            continue;
        };
        if !lexicon.is_stop_word(&word) && !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Removes operator words, `field:` prefixes and `^2` or `~1` suffixes; quotes, brackets and
/// other symbols need no removal because segmentation drops punctuation.
fn strip_syntax(text: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for chunk in text.split_whitespace() {
        if OPERATOR_WORDS.contains(&chunk) {
            continue;
        }
        kept.push(strip_modifier(strip_field_prefix(chunk)));
    }
    kept.join(" ")
}

/// Returns `chunk` without a trailing boost (`^2`, `^1.5`) or slop (`~1`), whose number would
/// otherwise become a required word.
fn strip_modifier(chunk: &str) -> &str {
    match chunk.rfind(['^', '~']) {
        Some(index)
            if chunk[index + 1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.') =>
        {
            &chunk[..index]
        }
        _ => chunk,
    }
}

/// Returns `chunk` without a leading ASCII `name:`, which tantivy reads as a field name. So
/// `name:` and `ICP:` go, while Chinese text before a colon stays.
fn strip_field_prefix(chunk: &str) -> &str {
    let chunk = chunk.trim_start_matches(['+', '-', '(']);
    match chunk.split_once(':') {
        Some((name, rest))
            if !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.') =>
        {
            rest
        }
        _ => chunk,
    }
}

/// Returns the group that matches `word` or a synonym of it in any weighted field.
fn word_query(lexicon: &Lexicon, fields: &Fields, word: &str) -> Box<dyn TantivyQuery> {
    let mut alternatives: Vec<Box<dyn TantivyQuery>> = Vec::new();
    for alternative in lexicon.expand(word) {
        let pieces = split_into_pieces(lexicon, &alternative);
        for (field, boost) in fields.weighted_text_fields() {
            let term = Term::from_field_text(field, &alternative);
            let term_query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            alternatives.push(Box::new(BoostQuery::new(Box::new(term_query), boost)));
            if let Some(pieces) = &pieces {
                let terms = pieces
                    .iter()
                    .map(|(offset, piece)| (*offset, Term::from_field_text(field, piece)))
                    .collect();
                let phrase = PhraseQuery::new_with_offset(terms);
                alternatives.push(Box::new(BoostQuery::new(Box::new(phrase), boost)));
            }
        }
    }
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        alternatives,
        TIE_BREAKER,
    ))
}

/// Splits a word of three or more characters into the shorter dictionary words that search
/// mode indexes inside it, with their character offsets, or returns `None` when they do not
/// cover it. A text where the word was segmented as part of a longer one, such as 社会保障 inside
/// 社会保障卡, contains these pieces at these distances but not the word itself.
fn split_into_pieces(lexicon: &Lexicon, word: &str) -> Option<Vec<(usize, String)>> {
    let length = word.chars().count();
    if length < 3 {
        return None;
    }
    let candidates: Vec<_> = lexicon
        .jieba
        .cut_for_search(word, false)
        .into_iter()
        .filter(|token| token.end - token.start < length)
        .collect();
    let mut pieces = Vec::new();
    let mut position = 0;
    while position < length {
        // The longest piece starting here leaves the fewest pieces to match.
        let piece = candidates
            .iter()
            .filter(|token| token.start == position)
            .max_by_key(|token| token.end)?;
        pieces.push((position, normalize_word(piece.word)?));
        position = piece.end;
    }
    (pieces.len() >= 2).then_some(pieces)
}

/// Returns a query per filter set in `query`.
fn filters(fields: &Fields, query: &Query) -> Vec<Box<dyn TantivyQuery>> {
    let mut terms = Vec::new();
    if let Some(node) = &query.node {
        terms.push(Term::from_field_text(fields.node, node));
    }
    if let Some(department) = query.department_filter() {
        terms.push(Term::from_field_text(fields.department, department));
    }
    if let Some(item_type) = query.item_type {
        terms.push(Term::from_field_text(
            fields.item_type_code,
            item_type.code(),
        ));
    }
    if query.guide_complete_only {
        terms.push(Term::from_field_bool(fields.guide_complete, true));
    }
    terms
        .into_iter()
        .map(|term| -> Box<dyn TantivyQuery> {
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        })
        .collect()
}
