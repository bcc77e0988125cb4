//! The word lists the search segments and expands Chinese with: jieba's dictionary plus the
//! crate's own user dictionary, synonym groups and query stop words from `dict/`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;

use crate::SearchError;

const USER_DICT: (&str, &str) = ("user_dict.txt", include_str!("../dict/user_dict.txt"));
const SYNONYMS: (&str, &str) = ("synonyms.txt", include_str!("../dict/synonyms.txt"));
const STOP_WORDS: (&str, &str) = ("stop_words.txt", include_str!("../dict/stop_words.txt"));

/// The segmenter with the user dictionary loaded, and the synonym groups and stop words.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub(crate) jieba: Jieba,
    /// Each word of a synonym group, mapped to every word of its groups, itself included.
    synonyms: HashMap<String, Vec<String>>,
    stop_words: HashSet<String>,
}

/// Returns the process-wide lexicon, building it on first use. jieba's dictionary takes 0.1 to
/// 0.25 s to load and about 25 MB to hold (release build on a 2-core Xeon), so every index and
/// query of the process shares one copy.
///
/// # Errors
/// [`SearchError::Dictionary`] when a bundled file has an invalid line.
pub(crate) fn lexicon() -> Result<Arc<Lexicon>, SearchError> {
    static LEXICON: OnceLock<Result<Arc<Lexicon>, (&'static str, usize)>> = OnceLock::new();
    LEXICON
        .get_or_init(|| Lexicon::load().map(Arc::new))
        .clone()
        .map_err(|(file, line)| SearchError::Dictionary { file, line })
}

impl Lexicon {
    /// Builds the lexicon from the bundled files; an error names the file and 1-based line.
    fn load() -> Result<Lexicon, (&'static str, usize)> {
        let mut jieba = Jieba::new();
        for (word, frequency) in parse_user_dict(USER_DICT.1).map_err(|line| (USER_DICT.0, line))? {
            jieba.add_word(word, Some(frequency), None);
        }
        let synonyms = parse_synonyms(SYNONYMS.1).map_err(|line| (SYNONYMS.0, line))?;
        let stop_words = content_lines(STOP_WORDS.1)
            .map(|(_, word)| word.to_owned())
            .collect();
        Ok(Lexicon {
            jieba,
            synonyms,
            stop_words,
        })
    }

    /// Returns `word` and its synonyms, `word` first.
    pub(crate) fn expand(&self, word: &str) -> Vec<String> {
        let mut words = vec![word.to_owned()];
        if let Some(group) = self.synonyms.get(word) {
            words.extend(group.iter().filter(|other| *other != word).cloned());
        }
        words
    }

    /// Returns whether a query drops `word`.
    pub(crate) fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.contains(word)
    }

    /// Returns every word of every synonym group.
    #[cfg(test)]
    pub(crate) fn synonym_words(&self) -> impl Iterator<Item = &str> {
        self.synonyms.keys().map(String::as_str)
    }
}

/// Lines that are neither blank nor `#` comments, trimmed, with their 1-based numbers.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// Parses `word frequency` lines; the error is the number of the first invalid line.
fn parse_user_dict(text: &str) -> Result<Vec<(&str, usize)>, usize> {
    content_lines(text)
        .map(|(number, line)| {
            let mut parts = line.split_whitespace();
            let entry = match (parts.next(), parts.next(), parts.next()) {
                (Some(word), Some(frequency), None) => frequency
                    .parse::<usize>()
                    .ok()
                    .filter(|frequency| *frequency > 0)
                    .map(|frequency| (word, frequency)),
                _ => None,
            };
            entry.ok_or(number)
        })
        .collect()
}

/// Parses groups of at least two space-separated words; the error is the number of the first
/// line with fewer. A word in several groups is expanded to all of them.
fn parse_synonyms(text: &str) -> Result<HashMap<String, Vec<String>>, usize> {
    let mut synonyms: HashMap<String, Vec<String>> = HashMap::new();
    for (number, line) in content_lines(text) {
        let group: Vec<&str> = line.split_whitespace().collect();
        if group.len() < 2 {
            return Err(number);
        }
        for word in &group {
            let expansion = synonyms.entry((*word).to_owned()).or_default();
            for other in &group {
                if !expansion.iter().any(|known| known == other) {
                    expansion.push((*other).to_owned());
                }
            }
        }
    }
    Ok(synonyms)
}

#[cfg(test)]
mod tests;
