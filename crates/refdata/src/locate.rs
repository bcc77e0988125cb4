//! Where the reference data directory is found.

use std::path::{Path, PathBuf};

use crate::RefDataError;

/// Environment variable that names the reference data directory.
pub const ENV_VAR: &str = "TONGBAN_REFERENCE_DATA";

/// Returns the first existing directory of the search order documented on
/// [`crate::ReferenceData::locate`].
pub(crate) fn find(explicit: Option<&Path>) -> Result<PathBuf, RefDataError> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(ENV_VAR).filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(dir));
    }

    let mut tried = Vec::new();
    if let Ok(current) = std::env::current_dir() {
        tried.push(current.join("../shared/data"));
    }
    // crates/refdata → the checkout → its sibling shared/data.
    tried.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    for candidate in &tried {
        if candidate.is_dir() {
            return Ok(candidate
                .canonicalize()
                .unwrap_or_else(|_| candidate.clone()));
        }
    }
    Err(RefDataError::NotFound { tried })
}
