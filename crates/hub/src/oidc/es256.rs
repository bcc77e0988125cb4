//! An ES256 signing key for openidconnect, which signs ID tokens with P-256 but ships no private
//! key type for it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openidconnect::core::{CoreJsonCurveType, CoreJsonWebKey, CoreJwsSigningAlgorithm};
use openidconnect::{JsonWebKeyId, PrivateSigningKey, SigningError};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use sha2::{Digest, Sha256};

/// A P-256 private key that signs JWS with ES256 (RFC 7518 section 3.4).
#[derive(Clone)]
pub struct Es256SigningKey {
    key: SigningKey,
    kid: JsonWebKeyId,
}

impl std::fmt::Debug for Es256SigningKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Es256SigningKey")
            .field("kid", &self.kid.as_str())
            .finish_non_exhaustive()
    }
}

impl Es256SigningKey {
    /// Generates a key from the operating system's random source.
    ///
    /// # Errors
    /// The random source's error when it has none to give.
    pub fn generate() -> Result<Es256SigningKey, getrandom::Error> {
        loop {
            let mut scalar = [0u8; 32];
            getrandom::fill(&mut scalar)?;
            // Fails only for zero or a value not below the group order, about 2^-32 of draws.
            if let Ok(key) = SigningKey::from_slice(&scalar) {
                return Ok(Es256SigningKey::from_key(key));
            }
        }
    }

    /// Reads a PKCS#8 PEM private key.
    ///
    /// # Errors
    /// The decoder's message when `pem` contains no P-256 private key.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Es256SigningKey, String> {
        SigningKey::from_pkcs8_pem(pem)
            .map(Es256SigningKey::from_key)
            .map_err(|error| error.to_string())
    }

    /// Returns the key as a PKCS#8 PEM document.
    ///
    /// # Errors
    /// The encoder's message, which only a broken key could cause.
    pub fn to_pkcs8_pem(&self) -> Result<String, String> {
        self.key
            .to_pkcs8_pem(LineEnding::LF)
            .map(|pem| pem.to_string())
            .map_err(|error| error.to_string())
    }

    /// Returns the key id: the RFC 7638 thumbprint of the public key, so it stays the same as
    /// long as the key does.
    pub fn kid(&self) -> &JsonWebKeyId {
        &self.kid
    }

    fn from_key(key: SigningKey) -> Es256SigningKey {
        let (x, y) = coordinates(&key);
        // RFC 7638 section 3.2: the required members in lexicographic order, no white space.
        let canonical = format!(
            r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
            URL_SAFE_NO_PAD.encode(&x),
            URL_SAFE_NO_PAD.encode(&y)
        );
        let kid = JsonWebKeyId::new(URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes())));
        Es256SigningKey { key, kid }
    }
}

/// Returns the affine x and y coordinates of the public key, 32 bytes each.
fn coordinates(key: &SigningKey) -> (Vec<u8>, Vec<u8>) {
    let point = key.verifying_key().to_sec1_point(false);
    let x = point.x().map(|x| x.to_vec()).unwrap_or_default();
    let y = point.y().map(|y| y.to_vec()).unwrap_or_default();
    (x, y)
}

impl PrivateSigningKey for Es256SigningKey {
    type VerificationKey = CoreJsonWebKey;

    fn sign(
        &self,
        signature_alg: &CoreJwsSigningAlgorithm,
        message: &[u8],
    ) -> Result<Vec<u8>, SigningError> {
        match signature_alg {
            CoreJwsSigningAlgorithm::EcdsaP256Sha256 => {
                let signature: Signature = self
                    .key
                    .try_sign(message)
                    .map_err(|_| SigningError::CryptoError)?;
                // JWS wants the fixed-size r ‖ s form (RFC 7518 section 3.4), not DER.
                Ok(signature.to_bytes().to_vec())
            }
            other => Err(SigningError::UnsupportedAlg(format!("{other:?}"))),
        }
    }

    fn as_verification_key(&self) -> CoreJsonWebKey {
        let (x, y) = coordinates(&self.key);
        CoreJsonWebKey::new_ec(x, y, CoreJsonCurveType::P256, Some(self.kid.clone()))
    }
}

#[cfg(test)]
mod tests {
    use openidconnect::JsonWebKey;

    use super::*;

    #[test]
    fn signature_verifies_with_jwk() {
        let key = Es256SigningKey::generate().unwrap();
        let signature = key
            .sign(&CoreJwsSigningAlgorithm::EcdsaP256Sha256, b"header.payload")
            .unwrap();
        assert_eq!(signature.len(), 64);

        let jwk = key.as_verification_key();
        let algorithm = CoreJwsSigningAlgorithm::EcdsaP256Sha256;
        assert!(
            jwk.verify_signature(&algorithm, b"header.payload", &signature)
                .is_ok()
        );
        assert!(
            jwk.verify_signature(&algorithm, b"header.payloae", &signature)
                .is_err()
        );
        let json = serde_json::to_value(&jwk).unwrap();
        assert_eq!(json["kty"], "EC");
        assert_eq!(json["crv"], "P-256");
        assert_eq!(json["use"], "sig");
        assert_eq!(json["kid"], key.kid().as_str());
    }

    #[test]
    fn other_algorithms_are_refused() {
        let key = Es256SigningKey::generate().unwrap();
        let result = key.sign(&CoreJwsSigningAlgorithm::EdDsa, b"x");
        assert!(matches!(result, Err(SigningError::UnsupportedAlg(_))));
    }

    #[test]
    fn pem_round_trip_keeps_the_kid() {
        let key = Es256SigningKey::generate().unwrap();
        let pem = key.to_pkcs8_pem().unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let again = Es256SigningKey::from_pkcs8_pem(&pem).unwrap();
        assert_eq!(again.kid(), key.kid());
    }

    #[test]
    fn kid_is_the_rfc7638_thumbprint() {
        // The P-256 key of RFC 7515 appendix A.3. The expected thumbprint was computed with
        // the Python joserfc library's `ECKey.thumbprint()`.
        let d = URL_SAFE_NO_PAD
            .decode("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI")
            .unwrap();
        let key = Es256SigningKey::from_key(SigningKey::from_slice(&d).unwrap());
        assert_eq!(
            key.kid().as_str(),
            "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"
        );
    }
}
