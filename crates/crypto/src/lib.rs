//! Cryptography of tongban: SM3 digests, canonical JSON (RFC 8785), SM2 signatures and the
//! signed trust list with the e-seal certificates, the ground that signed envelopes and
//! e-certificates stand on.

pub mod envelope;
pub mod seal;
pub mod signing;
pub mod trust_list;

pub use signing::{
    DIST_ID, KeyError, KeyId, PublicKey, Signature, SignatureError, SigningKey, sign_json,
    verify_json,
};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use sm3::{Digest, Sm3};

/// Returns `bytes` random bytes from the operating system, encoded as unpadded base64url: a
/// token for a cookie, a form, an authorization code or a client secret.
///
/// # Panics
/// When the operating system has no random source, which leaves nothing safe to do.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    #[expect(
        clippy::expect_used,
        reason = "without randomness no token is safe to hand out"
    )]
    getrandom::fill(&mut buffer).expect("the operating system random source is available");
    URL_SAFE_NO_PAD.encode(buffer)
}

/// Returns the SM3 digest of `bytes`.
pub fn sm3_digest(bytes: &[u8]) -> [u8; 32] {
    Sm3::digest(bytes).into()
}

/// Returns the SM3 digest of `bytes` as 64 lowercase hex digits.
pub fn sm3_hex(bytes: &[u8]) -> String {
    hex::encode(Sm3::digest(bytes))
}

/// Serializes `value` as canonical JSON (RFC 8785, JSON Canonicalization Scheme): object keys
/// sorted by UTF-16 code units, no white space, numbers in their shortest form. Two parties
/// that hold equal values produce equal bytes, which is what a signature or digest covers.
///
/// # Errors
/// A serialization error when `value` cannot be written as JSON, such as a map with
/// non-string keys or a non-finite float.
pub fn canonical_json<T: Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    serde_json_canonicalizer::to_vec(value)
}

/// Returns the SM3 digest of the canonical JSON of `value`, in hex.
///
/// # Errors
/// As [`canonical_json`].
pub fn sm3_of_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    Ok(sm3_hex(&canonical_json(value)?))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn tokens_differ_and_have_expected_length() {
        let one = random_token(32);
        assert_ne!(one, random_token(32));
        assert_eq!(one.len(), 43);
        assert!(
            one.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn sm3_matches_standard_example() {
        // GM/T 0004-2012 appendix A, example 1: the message "abc".
        assert_eq!(
            sm3_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn canonical_json_sorts_keys_and_drops_space() {
        let value = json!({ "b": 1, "a": [true, null, "x"], "c": { "z": 1.0, "y": 1e21 } });
        let text = String::from_utf8(canonical_json(&value).unwrap()).unwrap();
        assert_eq!(text, r#"{"a":[true,null,"x"],"b":1,"c":{"y":1e+21,"z":1}}"#);
    }

    #[test]
    fn equal_values_hash_equal_whatever_the_order() {
        let one = json!({ "name": "营业执照", "code": "01" });
        let two: serde_json::Value =
            serde_json::from_str(r#"{ "code": "01", "name": "营业执照" }"#).unwrap();
        assert_eq!(sm3_of_json(&one).unwrap(), sm3_of_json(&two).unwrap());
    }
}
