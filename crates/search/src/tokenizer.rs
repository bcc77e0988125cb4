//! The tantivy tokenizer that segments Chinese with jieba in search mode.
//!
//! tantivy clones a field's analyzer for every segment it writes and every snippet generator.
//! This tokenizer shares the lexicon through an `Arc`, so a clone costs a reference count. A
//! clone of a jieba instance copies its dictionary instead: about 25 MB and 20 to 30 ms each,
//! measured in a release build on a 2-core Xeon.

use std::sync::Arc;

use jieba_rs::TokenizeMode;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::lexicon::Lexicon;

/// Name under which the tokenizer is registered with each index.
pub(crate) const TOKENIZER_NAME: &str = "tongban_jieba_search";

/// Segments text in jieba's search mode: each word, and also the dictionary words of two and
/// three characters inside a longer word, so 居民身份证 is found by 身份证.
#[derive(Debug, Clone)]
pub(crate) struct JiebaSearchTokenizer {
    lexicon: Arc<Lexicon>,
}

impl JiebaSearchTokenizer {
    pub(crate) fn new(lexicon: Arc<Lexicon>) -> Self {
        JiebaSearchTokenizer { lexicon }
    }
}

impl Tokenizer for JiebaSearchTokenizer {
    type TokenStream<'a> = SegmentedTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SegmentedTokens {
        let tokens: Vec<Token> = self
            .lexicon
            .jieba
            .tokenize(text, TokenizeMode::Search, true)
            .into_iter()
            .filter_map(|word| {
                let term = normalize_word(word.word)?;
                Some(Token {
                    offset_from: word.byte_start,
                    offset_to: word.byte_end,
                    // Positions count characters, so a word and the shorter words search mode
                    // finds inside it sit at their own start, and a phrase of adjacent words can
                    // be matched with character offsets (see `compile`).
                    position: word.start,
                    position_length: word.end - word.start,
                    text: term,
                })
            })
            .collect();
        SegmentedTokens::new(tokens)
    }
}

/// Returns the term a segmented word is indexed and searched as: ASCII letters lowercased, and
/// `None` for words without a letter or digit (punctuation and spaces), which are not indexed.
pub(crate) fn normalize_word(word: &str) -> Option<String> {
    if word.chars().any(char::is_alphanumeric) {
        Some(word.to_ascii_lowercase())
    } else {
        None
    }
}

/// The tokens of one text, segmented up front because jieba returns them all at once.
#[derive(Debug)]
pub(crate) struct SegmentedTokens {
    tokens: std::vec::IntoIter<Token>,
    current: Token,
}

impl SegmentedTokens {
    pub(crate) fn new(tokens: Vec<Token>) -> Self {
        SegmentedTokens {
            tokens: tokens.into_iter(),
            current: Token::default(),
        }
    }
}

impl TokenStream for SegmentedTokens {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.current = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}
