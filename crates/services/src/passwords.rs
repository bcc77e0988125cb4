//! Password hashing for every account kind: people at the hub, clerks at the nodes.
//!
//! Argon2id with the argon2 crate's defaults (m = 19 456 KiB, t = 2, p = 1), the minimum the
//! OWASP Password Storage Cheat Sheet recommends, stored as a PHC string that carries its own
//! parameters and salt. A hash made with other parameters still verifies, so the costs can be
//! raised later without a migration.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{Error as HashError, PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// The failure to hash or check a password. A wrong password is not an error: it makes
/// [`verify_password`] return `false`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordError {
    /// The hashing itself failed, for example because no random salt could be drawn.
    #[error("failed to hash a password: {0}")]
    Hash(String),
    /// The stored hash is not a PHC string this crate can check.
    #[error("the stored password hash is unreadable: {0}")]
    StoredHash(String),
}

/// Returns the Argon2id PHC string of `password` with a fresh random salt.
///
/// Takes tens of milliseconds of CPU on purpose; call it from a blocking thread in a server.
///
/// # Errors
/// [`PasswordError::Hash`] when no salt can be drawn or hashing fails.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| PasswordError::Hash(error.to_string()))
}

/// Returns whether `password` matches the PHC string `stored`, with the parameters the string
/// names. The comparison takes the same time wherever the first difference is.
///
/// # Errors
/// [`PasswordError::StoredHash`] when `stored` cannot be parsed or names an unsupported
/// algorithm.
pub fn verify_password(password: &str, stored: &str) -> Result<bool, PasswordError> {
    let parsed =
        PasswordHash::new(stored).map_err(|error| PasswordError::StoredHash(error.to_string()))?;
    match hasher().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(HashError::PasswordInvalid) => Ok(false),
        Err(error) => Err(PasswordError::StoredHash(error.to_string())),
    }
}

/// Runs [`hash_password`] on the runtime's blocking pool.
///
/// # Errors
/// As [`hash_password`], and [`PasswordError::Hash`] when the blocking task fails.
pub async fn hash_password_blocking(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|error| PasswordError::Hash(error.to_string()))?
}

/// Runs [`verify_password`] on the runtime's blocking pool.
///
/// # Errors
/// As [`verify_password`], and [`PasswordError::StoredHash`] when the blocking task fails.
pub async fn verify_password_blocking(
    password: String,
    stored: String,
) -> Result<bool, PasswordError> {
    tokio::task::spawn_blocking(move || verify_password(&password, &stored))
        .await
        .map_err(|error| PasswordError::StoredHash(error.to_string()))?
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_argon2id_with_owasp_minimum() {
        let hash = hash_password("correct horse").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert_ne!(hash, hash_password("correct horse").unwrap(), "fresh salt");
    }

    #[test]
    fn verify_accepts_only_the_password() {
        let hash = hash_password("correct horse").unwrap();
        assert!(verify_password("correct horse", &hash).unwrap());
        assert!(!verify_password("correct horsf", &hash).unwrap());
        assert!(!verify_password("", &hash).unwrap());
    }

    #[test]
    fn unreadable_stored_hash_is_an_error() {
        assert!(verify_password("x", "not a phc string").is_err());
        assert!(verify_password("x", "$md5$abc").is_err());
    }
}
