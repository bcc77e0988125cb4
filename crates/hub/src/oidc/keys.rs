//! The OpenID Provider's signing keys: one ES256 (P-256) and one EdDSA (Ed25519) key, kept as
//! PKCS#8 PEM files readable by their owner only in `<data_dir>/keys/`, created on the first
//! start. Every hub instance behind one issuer must share these files.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use openidconnect::core::{
    CoreEdDsaPrivateSigningKey, CoreJsonWebKey, CoreJsonWebKeySet, CoreJwsSigningAlgorithm,
};
use openidconnect::{JsonWebKey, JsonWebKeyId, PrivateSigningKey};
use sha2::{Digest, Sha256};

use super::es256::Es256SigningKey;

/// File of the ES256 key inside the keys folder.
pub const ES256_KEY_FILE: &str = "oidc-es256.pem";

/// File of the EdDSA key inside the keys folder.
pub const EDDSA_KEY_FILE: &str = "oidc-ed25519.pem";

/// The failure to load the signing keys.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyFileError {
    /// Reading or writing the file or its folder failed.
    #[error("cannot access the OpenID signing key {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The file contains no key of the expected kind.
    #[error("the OpenID signing key file {} is invalid: {detail}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The decoder's message.
        detail: String,
    },
    /// The operating system gave no random bytes for a new key.
    #[error("cannot generate an OpenID signing key: {0}")]
    Random(String),
}

/// The signing keys and the key set published at the JWKS endpoint.
pub struct OidcKeys {
    es256: Es256SigningKey,
    eddsa: CoreEdDsaPrivateSigningKey,
    eddsa_kid: JsonWebKeyId,
    key_set: CoreJsonWebKeySet,
}

impl std::fmt::Debug for OidcKeys {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("OidcKeys")
            .field("es256", &self.es256.kid().as_str())
            .field("eddsa", &self.eddsa_kid.as_str())
            .finish()
    }
}

impl OidcKeys {
    /// Loads both keys from `keys_dir`, generating and saving the ones that are missing.
    ///
    /// A new key is written to a temporary file with mode 0600 in the folder (created with mode
    /// 0700), synced, and linked to its final name, which fails if the name exists. So a file
    /// is never seen half written, and hub instances starting at once end up with the same key.
    ///
    /// # Errors
    /// [`KeyFileError::Io`] when the file system fails, [`KeyFileError::Invalid`] for a file
    /// that contains no key of its kind, [`KeyFileError::Random`] without randomness.
    pub fn load_or_create(keys_dir: &Path) -> Result<OidcKeys, KeyFileError> {
        let es256_path = keys_dir.join(ES256_KEY_FILE);
        let es256_pem = load_or_create_pem(&es256_path, || {
            let key = Es256SigningKey::generate()
                .map_err(|error| KeyFileError::Random(error.to_string()))?;
            key.to_pkcs8_pem().map_err(|detail| KeyFileError::Invalid {
                path: es256_path.clone(),
                detail,
            })
        })?;
        let es256 = Es256SigningKey::from_pkcs8_pem(&es256_pem).map_err(|detail| {
            KeyFileError::Invalid {
                path: es256_path.clone(),
                detail,
            }
        })?;

        let eddsa_path = keys_dir.join(EDDSA_KEY_FILE);
        let eddsa_pem = load_or_create_pem(&eddsa_path, || {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret)
                .map_err(|error| KeyFileError::Random(error.to_string()))?;
            ed25519_dalek::SigningKey::from_bytes(&secret)
                .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
                .map(|pem| pem.to_string())
                .map_err(|error| KeyFileError::Invalid {
                    path: eddsa_path.clone(),
                    detail: error.to_string(),
                })
        })?;
        let invalid_eddsa = |detail: String| KeyFileError::Invalid {
            path: eddsa_path.clone(),
            detail,
        };
        let public = ed25519_dalek::SigningKey::from_pkcs8_pem(&eddsa_pem)
            .map_err(|error| invalid_eddsa(error.to_string()))?
            .verifying_key();
        let eddsa_kid = ed25519_thumbprint(public.as_bytes());
        let eddsa =
            CoreEdDsaPrivateSigningKey::from_ed25519_pem(&eddsa_pem, Some(eddsa_kid.clone()))
                .map_err(invalid_eddsa)?;

        let key_set = CoreJsonWebKeySet::new(vec![
            es256.as_verification_key(),
            eddsa.as_verification_key(),
        ]);
        tracing::info!(
            es256 = es256.kid().as_str(),
            eddsa = eddsa_kid.as_str(),
            "OpenID signing keys loaded"
        );
        Ok(OidcKeys {
            es256,
            eddsa,
            eddsa_kid,
            key_set,
        })
    }

    /// Returns the public keys, as the JWKS endpoint publishes them.
    pub fn key_set(&self) -> &CoreJsonWebKeySet {
        &self.key_set
    }

    /// Returns the ES256 key.
    pub fn es256(&self) -> &Es256SigningKey {
        &self.es256
    }

    /// Returns the EdDSA key.
    pub fn eddsa(&self) -> &CoreEdDsaPrivateSigningKey {
        &self.eddsa
    }

    /// Returns whether `signature` over `message` is valid under the published key `kid` with
    /// `algorithm`.
    pub fn verify(
        &self,
        kid: Option<&str>,
        algorithm: &CoreJwsSigningAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        self.key_set
            .keys()
            .iter()
            .filter(|key: &&CoreJsonWebKey| {
                kid.is_none_or(|kid| key.key_id().is_some_and(|id| id.as_str() == kid))
            })
            .any(|key| key.verify_signature(algorithm, message, signature).is_ok())
    }
}

/// Returns the RFC 7638 thumbprint of an Ed25519 public key.
fn ed25519_thumbprint(public_key: &[u8]) -> JsonWebKeyId {
    let canonical = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(public_key)
    );
    JsonWebKeyId::new(URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes())))
}

/// Returns the PEM text at `path`, first writing the one `generate` makes when the file is
/// missing.
fn load_or_create_pem(
    path: &Path,
    generate: impl FnOnce() -> Result<String, KeyFileError>,
) -> Result<String, KeyFileError> {
    let io_error = |source: io::Error| KeyFileError::Io {
        path: path.to_path_buf(),
        source,
    };
    match fs::read_to_string(path) {
        Ok(pem) => {
            warn_if_readable_by_others(path);
            return Ok(pem);
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(io_error(error)),
    }
    let pem = generate()?;
    match write_new(path, pem.as_bytes()) {
        Ok(()) => {
            tracing::info!(path = %path.display(), "OpenID signing key created");
            Ok(pem)
        }
        // Another instance created the key between our read and our link: use theirs.
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            fs::read_to_string(path).map_err(io_error)
        }
        Err(error) => Err(io_error(error)),
    }
}

/// Writes `contents` to `path`, which must not exist yet, through a synced temporary file.
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)?;

    let temporary = folder.join(format!(".oidc-key.{}.tmp", tongban_crypto::random_token(8)));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(contents)?;
            file.sync_all()
        })
        .and_then(|()| fs::hard_link(&temporary, path));
    let removed = fs::remove_file(&temporary);
    written?;
    removed?;
    #[cfg(unix)]
    fs::File::open(folder)?.sync_all()?;
    Ok(())
}

fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = fs::metadata(path) {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(
                    path = %path.display(),
                    mode = format!("{mode:o}"),
                    "an OpenID signing key file can be read by other users; run chmod 600 on it"
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_start_creates_private_files() {
        let dir = tempfile::tempdir().unwrap();
        let keys_dir = dir.path().join("keys");
        let first = OidcKeys::load_or_create(&keys_dir).unwrap();
        let second = OidcKeys::load_or_create(&keys_dir).unwrap();
        assert_eq!(first.key_set(), second.key_set());
        assert_eq!(first.key_set().keys().len(), 2);

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for file in [ES256_KEY_FILE, EDDSA_KEY_FILE] {
                let mode = fs::metadata(keys_dir.join(file))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o600, "{file}");
            }
            let mode = fs::metadata(&keys_dir).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        let leftovers: Vec<_> = fs::read_dir(&keys_dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .filter(|name| name.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn concurrent_first_starts_agree() {
        let dir = tempfile::tempdir().unwrap();
        let keys_dir = dir.path().join("keys");
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let keys_dir = keys_dir.clone();
                std::thread::spawn(move || OidcKeys::load_or_create(&keys_dir).unwrap())
            })
            .collect();
        let sets: Vec<_> = handles
            .into_iter()
            .map(|handle| handle.join().unwrap().key_set().clone())
            .collect();
        assert!(sets.windows(2).all(|pair| pair[0] == pair[1]));
    }

    #[test]
    fn invalid_file_is_reported_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(ES256_KEY_FILE), "not a key").unwrap();
        let error = OidcKeys::load_or_create(dir.path()).unwrap_err();
        assert!(matches!(error, KeyFileError::Invalid { .. }), "{error}");
        let kept = fs::read_to_string(dir.path().join(ES256_KEY_FILE)).unwrap();
        assert_eq!(kept, "not a key");
    }

    #[test]
    fn ed25519_kid_is_the_rfc7638_thumbprint() {
        // Secret key bytes 0 to 31; the expected value was computed with the Python joserfc
        // library's `OKPKey.thumbprint()`.
        let secret: [u8; 32] = std::array::from_fn(|index| index as u8);
        let public = ed25519_dalek::SigningKey::from_bytes(&secret).verifying_key();
        assert_eq!(
            ed25519_thumbprint(public.as_bytes()).as_str(),
            "1IG2tMH7J2wbJZnOf8LJzQitKf7LMvoAElsuDMVM54Y"
        );
    }
}
