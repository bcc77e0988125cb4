//! The seals a verifier knows: the seal certificates of a verified trust list, each checked
//! once against the hub key, with their revocations.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use tongban_crypto::PublicKey;
use tongban_crypto::seal::{SealCertificate, SealError, SignedSealCertificate};
use tongban_crypto::trust_list::TrustList;

/// A seal whose certificate the hub's signature covers.
#[derive(Debug, Clone)]
pub struct SealEntry {
    /// The certificate.
    pub certificate: SealCertificate,
    /// The seal's public key, parsed once.
    pub public_key: PublicKey,
}

/// The seals a verifier trusts, by serial.
#[derive(Debug, Clone, Default)]
pub struct SealBook {
    seals: HashMap<String, SealEntry>,
    revocations: HashMap<String, DateTime<Utc>>,
    rejected: Vec<(String, String)>,
}

impl SealBook {
    /// Returns an empty book.
    pub fn new() -> SealBook {
        SealBook::default()
    }

    /// Builds the book of a trust list that was verified with `hub_key`. A seal certificate
    /// whose signature or content fails its check is left out and listed by
    /// [`SealBook::rejected`].
    pub fn from_trust_list(list: &TrustList, hub_key: &PublicKey) -> SealBook {
        let mut book = SealBook::new();
        for signed in &list.seals {
            if let Err(error) = book.insert(signed, hub_key) {
                let serial = signed.unverified_serial().unwrap_or_default().to_owned();
                book.rejected.push((serial, error.to_string()));
            }
        }
        for revoked in &list.revoked_seals {
            book.revoke(&revoked.serial, revoked.revoked_at);
        }
        book
    }

    /// Adds the seal of `signed` after checking the hub's signature with `hub_key`. A seal
    /// known already is replaced.
    ///
    /// # Errors
    /// A [`SealError`] when the signature or the content fails its check.
    pub fn insert(
        &mut self,
        signed: &SignedSealCertificate,
        hub_key: &PublicKey,
    ) -> Result<(), SealError> {
        let certificate = signed.verify(hub_key)?;
        let public_key = certificate
            .public_key()
            .map_err(|error| SealError::Malformed(error.to_string()))?;
        if public_key.key_id().as_str() != certificate.key_id {
            return Err(SealError::Malformed(format!(
                "key id {} does not belong to the public key",
                certificate.key_id
            )));
        }
        self.seals.insert(
            certificate.serial.clone(),
            SealEntry {
                certificate,
                public_key,
            },
        );
        Ok(())
    }

    /// Records that seal `serial` was revoked at `at`; of several revocations the earliest
    /// counts.
    pub fn revoke(&mut self, serial: &str, at: DateTime<Utc>) {
        let earliest = self
            .revocations
            .get(serial)
            .map_or(at, |known| (*known).min(at));
        self.revocations.insert(serial.to_owned(), earliest);
    }

    /// Returns the seal `serial`.
    pub fn get(&self, serial: &str) -> Option<&SealEntry> {
        self.seals.get(serial)
    }

    /// Returns when seal `serial` was revoked, if it was.
    pub fn revoked_at(&self, serial: &str) -> Option<DateTime<Utc>> {
        self.revocations.get(serial).copied()
    }

    /// Returns the number of seals.
    pub fn len(&self) -> usize {
        self.seals.len()
    }

    /// Returns whether the book has no seal.
    pub fn is_empty(&self) -> bool {
        self.seals.is_empty()
    }

    /// Returns the seal certificates left out, by serial, with the reason.
    pub fn rejected(&self) -> &[(String, String)] {
        &self.rejected
    }
}
