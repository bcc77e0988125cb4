//! A trust list saved for offline verification, as `tongban cert trust-list save` writes it: the
//! hub's id and public key next to the signed list.

use serde::{Deserialize, Serialize};
use tongban_crypto::PublicKey;
use tongban_crypto::trust_list::{SignedTrustList, TrustList, TrustListError};

use crate::seal_book::SealBook;

/// A saved trust list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedTrustList {
    /// Instance id of the hub.
    pub hub_id: String,
    /// The hub's SM2 public key, SEC1 uncompressed, lowercase hex.
    pub hub_public_key: String,
    /// The list as the hub signed it.
    pub trust_list: SignedTrustList,
}

/// Why a saved trust list cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrustFileError {
    /// The text is neither a saved list nor a signed list.
    #[error("not a saved trust list: {0}")]
    Malformed(String),
    /// A bare signed list was given without the hub key to check it with.
    #[error("the file holds a signed trust list without the hub key; give the key with --hub-key")]
    HubKeyMissing,
    /// The hub key is not a valid SM2 public key.
    #[error("the hub key is invalid: {0}")]
    HubKey(String),
    /// The file's key is not the one the verifier pinned.
    #[error("the file's hub key {found} is not the expected key {expected}")]
    HubKeyMismatch {
        /// Id of the pinned key.
        expected: String,
        /// Id of the key in the file.
        found: String,
    },
    /// The list's signature or content failed its check.
    #[error(transparent)]
    List(#[from] TrustListError),
}

/// A verified trust list with its seals.
#[derive(Debug, Clone)]
pub struct LoadedTrustList {
    /// The list.
    pub list: TrustList,
    /// Its seals.
    pub seals: SealBook,
    /// The hub key it was verified with.
    pub hub_key: PublicKey,
}

/// Reads `text`, a [`SavedTrustList`] or a bare signed list, and verifies it with `pinned_key`
/// (hex) when given, otherwise with the key in the file.
///
/// # Errors
/// A [`TrustFileError`] naming what is wrong.
pub fn load_trust_file(
    text: &str,
    pinned_key: Option<&str>,
) -> Result<LoadedTrustList, TrustFileError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| TrustFileError::Malformed(error.to_string()))?;
    let parse_key = |hex: &str| {
        PublicKey::from_hex(hex.trim()).map_err(|error| TrustFileError::HubKey(error.to_string()))
    };
    let pinned = pinned_key.map(parse_key).transpose()?;
    let (signed, hub_key) = if value.get("trust_list").is_some() {
        let saved: SavedTrustList = serde_json::from_value(value)
            .map_err(|error| TrustFileError::Malformed(error.to_string()))?;
        let in_file = parse_key(&saved.hub_public_key)?;
        if let Some(pinned) = &pinned
            && pinned != &in_file
        {
            return Err(TrustFileError::HubKeyMismatch {
                expected: pinned.key_id().to_string(),
                found: in_file.key_id().to_string(),
            });
        }
        (saved.trust_list, in_file)
    } else {
        let signed: SignedTrustList = serde_json::from_value(value)
            .map_err(|error| TrustFileError::Malformed(error.to_string()))?;
        (signed, pinned.ok_or(TrustFileError::HubKeyMissing)?)
    };
    let list = signed.verify(&hub_key)?;
    let seals = SealBook::from_trust_list(&list, &hub_key);
    Ok(LoadedTrustList {
        list,
        seals,
        hub_key,
    })
}
