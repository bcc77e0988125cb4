//! The last signatures a key was found to have made, so that one signature over many
//! messages' batch is checked once, not once per message.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use sm3::{Digest, Sm3};

/// Signatures remembered per key.
const REMEMBERED: usize = 16;

/// The SM3 digests of the last messages that matched, each with its signature.
#[derive(Default)]
pub(super) struct RecentMatches {
    matches: Mutex<VecDeque<([u8; 32], [u8; 64])>>,
}

impl RecentMatches {
    /// Returns the digest under which `message` is remembered.
    pub(super) fn digest(message: &[u8]) -> [u8; 32] {
        Sm3::digest(message).into()
    }

    /// Returns whether `signature` matched the message of `digest` before.
    pub(super) fn contains(&self, digest: &[u8; 32], signature: &[u8; 64]) -> bool {
        let matches = self.matches.lock().unwrap_or_else(PoisonError::into_inner);
        matches
            .iter()
            .any(|(known, known_signature)| known == digest && known_signature == signature)
    }

    /// Remembers that `signature` matched the message of `digest`, forgetting the oldest match
    /// when full.
    pub(super) fn remember(&self, digest: [u8; 32], signature: [u8; 64]) {
        let mut matches = self.matches.lock().unwrap_or_else(PoisonError::into_inner);
        if matches.len() == REMEMBERED {
            matches.pop_front();
        }
        matches.push_back((digest, signature));
    }
}
