//! SM2 signatures with SM3 (GM/T 0003-2012, GM/T 0004-2012): signing keys, public keys, key ids
//! and the one signature encoding used on the wire.
//!
//! Every signature is over the bytes given, with the signer ID [`DIST_ID`] in the SM2 `Z`
//! value. On the wire a public key is its SEC1 uncompressed point in lowercase hex, and a
//! signature is the 64 bytes `r ‖ s` in unpadded base64url. Both are parsed strictly, so one
//! key or signature has exactly one text form.
//!
//! NOTE: GM/T 0009 and the e-seal formats (GM/T 0031, GB/T 38540) carry a signature as DER
//! `SEQUENCE { r, s }`, so code that reads or writes those formats must convert.

use std::fmt;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use sm2::elliptic_curve::Generate;
use sm2::elliptic_curve::sec1::ToSec1Point;
use sm2::elliptic_curve::zeroize::Zeroizing;
use sm2::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};

/// The signer ID (distinguishing identifier) that enters the SM2 `Z` value: the default of
/// GM/T 0009-2012 section 10. GM/T 0009-2023 recommends the empty string instead, so a peer
/// that follows the newer edition must be configured with this value to verify our signatures.
pub const DIST_ID: &str = "1234567812345678";

/// Length of an SEC1 uncompressed SM2 point: `04`, then x and y of 32 bytes each.
const PUBLIC_KEY_BYTES: usize = 65;

/// Length of a signature in unpadded base64url: 64 bytes take 86 characters.
const SIGNATURE_TEXT_LEN: usize = 86;

/// The failure to read a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The private key is not a PKCS#8 PEM document holding an SM2 key.
    #[error("invalid SM2 private key: expected a PKCS#8 PEM document (BEGIN PRIVATE KEY)")]
    PrivateKey,
    /// The public key text is not 130 lowercase hex digits starting with `04`.
    #[error(
        "invalid SM2 public key: expected 130 lowercase hex digits of an uncompressed SEC1 \
         point starting with 04"
    )]
    PublicKeyFormat,
    /// The public key is well formed but not a point of the SM2 curve.
    #[error("invalid SM2 public key: the point is not on the SM2 curve")]
    PublicKeyPoint,
}

/// The reason a signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The text is not 86 characters of canonical unpadded base64url for 64 bytes, or `r` or
    /// `s` is out of range.
    #[error(
        "malformed SM2 signature: expected 86 characters of unpadded base64url encoding the \
         64 bytes r and s"
    )]
    Malformed,
    /// The signature does not match the message and the key.
    #[error("the SM2 signature does not match the message and the public key")]
    Mismatch,
    /// The value to sign or verify could not be written as canonical JSON.
    #[error("cannot write the signed value as canonical JSON: {0}")]
    Json(String),
}

/// The short id of a public key: the first 16 hex digits of the SM3 digest of its SEC1
/// uncompressed bytes. It names a key in messages and lists and is never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct KeyId(String);

impl KeyId {
    fn of_point(point: &[u8]) -> KeyId {
        let mut digest = crate::sm3_hex(point);
        digest.truncate(16);
        KeyId(digest)
    }

    /// Returns the id as 16 lowercase hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// An SM2 private key for signing, with its public key.
///
/// `Debug` shows only the key id, and the private scalar is wiped from memory when the key is
/// dropped.
#[derive(Clone)]
pub struct SigningKey {
    signer: sign::PreparedSigner,
    public_key: PublicKey,
}

impl SigningKey {
    /// Generates a new key from the operating system's random source.
    ///
    /// # Panics
    /// When the operating system has no random source, which leaves nothing safe to do.
    pub fn generate() -> SigningKey {
        loop {
            // One key in about 2²⁵⁶ cannot sign (d = n - 1); draw again then.
            if let Some(key) = SigningKey::from_secret(&sm2::SecretKey::generate()) {
                return key;
            }
        }
    }

    /// Reads a PKCS#8 PEM document (`-----BEGIN PRIVATE KEY-----`), as `openssl genpkey
    /// -algorithm SM2` writes it.
    ///
    /// # Errors
    /// [`KeyError::PrivateKey`] when the text is not such a document or contains another kind
    /// of key.
    pub fn from_pkcs8_pem(pem: &str) -> Result<SigningKey, KeyError> {
        let secret = sm2::SecretKey::from_pkcs8_pem(pem).map_err(|_| KeyError::PrivateKey)?;
        SigningKey::from_secret(&secret).ok_or(KeyError::PrivateKey)
    }

    /// Returns the key of `secret`, or `None` for the one private scalar that cannot sign,
    /// n - 1.
    fn from_secret(secret: &sm2::SecretKey) -> Option<SigningKey> {
        // `new` only fails for a signer ID longer than 8191 bytes, and DIST_ID has 16.
        let verifying = match sm2::dsa::VerifyingKey::new(DIST_ID, secret.public_key()) {
            Ok(verifying) => verifying,
            Err(_) => unreachable!("a 16-byte signer ID is always accepted"),
        };
        let public_key = PublicKey::from_verifying_key(verifying);
        let signer = sign::PreparedSigner::new(
            secret.to_nonzero_scalar(),
            public_key.prepared.identity_hash(),
        )?;
        Some(SigningKey { signer, public_key })
    }

    /// Writes the key as a PKCS#8 PEM document with LF line endings. The text is wiped from
    /// memory when the returned value is dropped.
    ///
    /// # Errors
    /// [`KeyError::PrivateKey`] when the encoder fails, which a valid key never makes it do.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        let secret = self.signer.secret_key();
        secret
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| KeyError::PrivateKey)
    }

    /// Returns the public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// Returns the id of the public key.
    pub fn key_id(&self) -> &KeyId {
        self.public_key.key_id()
    }

    /// Signs `message`. The nonce is derived from the key and the message (RFC 6979 style over
    /// SM3), so signing the same message twice gives the same signature.
    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature(self.signer.sign(message).to_bytes().into())
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SigningKey")
            .field("key_id", self.key_id())
            .field("private_key", &"[redacted]")
            .finish()
    }
}

/// An SM2 public key, for verifying.
#[derive(Clone)]
pub struct PublicKey {
    inner: sm2::dsa::VerifyingKey,
    prepared: verify::PreparedKey,
    key_id: KeyId,
    recent: Arc<recent::RecentMatches>,
}

impl PublicKey {
    fn from_verifying_key(inner: sm2::dsa::VerifyingKey) -> PublicKey {
        let key_id = KeyId::of_point(&uncompressed_point(&inner));
        let prepared = verify::PreparedKey::new(inner.as_affine());
        PublicKey {
            inner,
            prepared,
            key_id,
            recent: Arc::default(),
        }
    }

    /// Parses the wire form: 130 lowercase hex digits of the SEC1 uncompressed point.
    ///
    /// # Errors
    /// [`KeyError::PublicKeyFormat`] for any other text, including uppercase hex and the
    /// compressed form, and [`KeyError::PublicKeyPoint`] when the point is not on the curve.
    pub fn from_hex(text: &str) -> Result<PublicKey, KeyError> {
        let well_formed = text.len() == PUBLIC_KEY_BYTES * 2
            && text.starts_with("04")
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !well_formed {
            return Err(KeyError::PublicKeyFormat);
        }
        let bytes = hex::decode(text).map_err(|_| KeyError::PublicKeyFormat)?;
        let inner = sm2::dsa::VerifyingKey::from_sec1_bytes(DIST_ID, &bytes)
            .map_err(|_| KeyError::PublicKeyPoint)?;
        Ok(PublicKey::from_verifying_key(inner))
    }

    /// Returns the wire form: the SEC1 uncompressed point in lowercase hex.
    pub fn to_hex(&self) -> String {
        hex::encode(uncompressed_point(&self.inner))
    }

    /// Returns the key id.
    pub fn key_id(&self) -> &KeyId {
        &self.key_id
    }

    /// Checks that `signature` is this key's signature of `message`.
    ///
    /// # Errors
    /// [`SignatureError::Mismatch`] when it is not.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), SignatureError> {
        let parsed =
            sm2::dsa::Signature::from_slice(&signature.0).map_err(|_| SignatureError::Malformed)?;
        if self.prepared.verify(message, &parsed) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }

    /// Checks `signature` of `message` as [`PublicKey::verify`] does, and remembers the last
    /// few that matched, shared by the key's clones. A signature over the batch of many
    /// messages, checked with each of them, is then computed once.
    ///
    /// # Errors
    /// [`SignatureError::Mismatch`] when it is not this key's signature of `message`.
    pub fn verify_repeated(
        &self,
        message: &[u8],
        signature: &Signature,
    ) -> Result<(), SignatureError> {
        let digest = recent::RecentMatches::digest(message);
        if self.recent.contains(&digest, &signature.0) {
            return Ok(());
        }
        self.verify(message, signature)?;
        self.recent.remember(digest, signature.0);
        Ok(())
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        uncompressed_point(&self.inner) == uncompressed_point(&other.inner)
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("PublicKey")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

fn uncompressed_point(key: &sm2::dsa::VerifyingKey) -> Vec<u8> {
    key.to_sec1_point(false).as_bytes().to_vec()
}

/// An SM2 signature: the 64 bytes `r ‖ s`. `Debug` does not show them.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature([u8; 64]);

impl Signature {
    /// Parses the wire form: exactly 86 characters of unpadded base64url whose unused low bits
    /// are zero, so every signature has one text form.
    ///
    /// # Errors
    /// [`SignatureError::Malformed`] for any other text, and when `r` or `s` is zero or not
    /// below the order of the curve.
    pub fn from_base64url(text: &str) -> Result<Signature, SignatureError> {
        if text.len() != SIGNATURE_TEXT_LEN {
            return Err(SignatureError::Malformed);
        }
        // The standard engine rejects padding and non-zero trailing bits.
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| SignatureError::Malformed)?;
        let bytes: [u8; 64] = bytes.try_into().map_err(|_| SignatureError::Malformed)?;
        sm2::dsa::Signature::from_slice(&bytes).map_err(|_| SignatureError::Malformed)?;
        Ok(Signature(bytes))
    }

    /// Returns the wire form: unpadded base64url of `r ‖ s`.
    pub fn to_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// Returns the 64 bytes `r ‖ s`.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Signature([redacted])")
    }
}

/// Signs the canonical JSON (RFC 8785) of `value`.
///
/// # Errors
/// [`SignatureError::Json`] when `value` cannot be written as JSON.
pub fn sign_json<T: Serialize>(key: &SigningKey, value: &T) -> Result<Signature, SignatureError> {
    let bytes =
        crate::canonical_json(value).map_err(|error| SignatureError::Json(error.to_string()))?;
    Ok(key.sign(&bytes))
}

/// Checks that `signature` is `key`'s signature of the canonical JSON of `value`. Pass the
/// value as it was received, such as a [`serde_json::Value`], so fields this version does not
/// know are covered too.
///
/// # Errors
/// [`SignatureError::Mismatch`] when it is not, [`SignatureError::Json`] when `value` cannot be
/// written as JSON.
pub fn verify_json<T: Serialize>(
    key: &PublicKey,
    value: &T,
    signature: &Signature,
) -> Result<(), SignatureError> {
    let bytes =
        crate::canonical_json(value).map_err(|error| SignatureError::Json(error.to_string()))?;
    key.verify(&bytes, signature)
}

mod comb;
mod recent;
mod sign;
#[cfg(test)]
mod tests;
mod verify;
