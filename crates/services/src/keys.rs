//! SM2 keys on disk: the instance's signing key `<data_dir>/keys/sm2-signing.pem`, created on
//! the first start, and any other key file such as a department's e-seal. Each is a PKCS#8
//! PEM file readable by its owner only.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tongban_crypto::{KeyError, SigningKey};

/// Path of the key file inside an instance's data folder.
pub const SIGNING_KEY_FILE: &str = "keys/sm2-signing.pem";

/// The failure to read or write the key file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyFileError {
    /// Reading the file or its folder failed.
    #[error("cannot read the signing key {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// Creating the file or its folder failed.
    #[error("cannot write the signing key {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// The file does not hold an SM2 private key.
    #[error("the signing key file {} is invalid: {source}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: KeyError,
    },
}

/// Returns the path of the signing key of the instance whose data folder is `data_dir`.
pub fn signing_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SIGNING_KEY_FILE)
}

/// Loads the instance's signing key, generating and saving one first if there is none.
///
/// A new key is written to a temporary file with mode 0600 in the same folder (0700), synced,
/// and then hard-linked to its final name, which fails if the name exists. So the file is
/// never seen half written, and when two processes start at once both end up with the same
/// key. An existing file that others may read is used, with a warning in the log.
///
/// # Errors
/// [`KeyFileError::Read`] or [`KeyFileError::Write`] when the file system fails, and
/// [`KeyFileError::Invalid`] when the file contains no SM2 private key.
pub fn load_or_create_signing_key(data_dir: &Path) -> Result<SigningKey, KeyFileError> {
    load_or_create_key(&signing_key_path(data_dir))
}

/// Loads the key file at `path`, generating and saving a key first if there is none, with
/// the guarantees of [`load_or_create_signing_key`].
///
/// # Errors
/// As [`load_or_create_signing_key`].
pub fn load_or_create_key(path: &Path) -> Result<SigningKey, KeyFileError> {
    let path = path.to_path_buf();
    match fs::read_to_string(&path) {
        Ok(pem) => return parse(&path, &pem),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(source) => return Err(KeyFileError::Read { path, source }),
    }

    let key = SigningKey::generate();
    let pem = key.to_pkcs8_pem().map_err(|source| KeyFileError::Invalid {
        path: path.clone(),
        source,
    })?;
    match write_new(&path, pem.as_bytes()) {
        Ok(()) => {
            tracing::info!(path = %path.display(), key_id = %key.key_id(), "key file created");
            Ok(key)
        }
        // Another process created the key between our read and our link; use theirs.
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            let pem = fs::read_to_string(&path).map_err(|source| KeyFileError::Read {
                path: path.clone(),
                source,
            })?;
            parse(&path, &pem)
        }
        Err(source) => Err(KeyFileError::Write { path, source }),
    }
}

/// Loads the existing key file at `path`.
///
/// # Errors
/// [`KeyFileError::Read`] when it cannot be read, such as when it does not exist, and
/// [`KeyFileError::Invalid`] when it contains no SM2 private key.
pub fn load_key(path: &Path) -> Result<SigningKey, KeyFileError> {
    let pem = fs::read_to_string(path).map_err(|source| KeyFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &pem)
}

fn parse(path: &Path, pem: &str) -> Result<SigningKey, KeyFileError> {
    warn_if_readable_by_others(path);
    SigningKey::from_pkcs8_pem(pem).map_err(|source| KeyFileError::Invalid {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `contents` to `path`, which must not exist, through a synced temporary file.
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    create_private_folder(folder)?;
    let stem = path
        .file_stem()
        .map_or_else(|| "key".into(), |stem| stem.to_string_lossy());
    let temporary = folder.join(format!(".{stem}.{}.tmp", tongban_crypto::random_token(8)));
    let written = write_private_file(&temporary, contents).and_then(|()| link(&temporary, path));
    // After a rename the temporary name is gone already, which is fine.
    let removed = fs::remove_file(&temporary);
    written?;
    if let Err(error) = removed
        && error.kind() != io::ErrorKind::NotFound
    {
        return Err(error);
    }
    // The link is durable only once the folder entry is on disk too.
    #[cfg(unix)]
    fs::File::open(folder)?.sync_all()?;
    Ok(())
}

/// Gives `temporary` the name `path` unless `path` exists. On a file system without hard links
/// it renames after checking that `path` is free, so there two processes creating the key at
/// the same instant could end up with different keys.
fn link(temporary: &Path, path: &Path) -> io::Result<()> {
    match fs::hard_link(temporary, path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
        Err(_) if path.exists() => Err(io::Error::from(io::ErrorKind::AlreadyExists)),
        Err(_) => fs::rename(temporary, path),
    }
}

fn create_private_folder(folder: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

fn write_private_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = fs::metadata(path) {
            let mode = metadata.permissions().mode();
            if mode & 0o077 != 0 {
                tracing::warn!(
                    path = %path.display(),
                    mode = format!("{:o}", mode & 0o777),
                    "the signing key file can be read by other users; run chmod 600 on it"
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
    fn later_starts_reuse_first_key() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create_signing_key(dir.path()).unwrap();
        let again = load_or_create_signing_key(dir.path()).unwrap();
        assert_eq!(first.key_id(), again.key_id());

        let path = signing_key_path(dir.path());
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"), "{text}");
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec!["sm2-signing.pem"]);
    }

    #[cfg(unix)]
    #[test]
    fn key_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        load_or_create_signing_key(dir.path()).unwrap();
        let path = signing_key_path(dir.path());
        let file_mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(file_mode, 0o600, "{file_mode:o}");
        let folder_mode = fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(folder_mode, 0o700, "{folder_mode:o}");
    }

    #[test]
    fn invalid_key_file_is_an_error_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = signing_key_path(dir.path());
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "not a key").unwrap();
        let error = load_or_create_signing_key(dir.path()).unwrap_err();
        assert!(matches!(error, KeyFileError::Invalid { .. }), "{error}");
        assert!(error.to_string().contains("sm2-signing.pem"), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "not a key");
    }

    #[test]
    fn concurrent_first_starts_agree_on_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let ids: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        load_or_create_signing_key(dir.path())
                            .unwrap()
                            .key_id()
                            .to_string()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap())
                .collect()
        });
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    }
}
