//! Reads the reference data sets tongban operates on from a directory, and checks them.
//!
//! The sets are third-party data (division codes, holiday schedules, service catalogs,
//! identifier test vectors), each described by a `SOURCE.md` in its folder. tongban never
//! ships a copy; an operator names the directory, and each set is validated when loaded.

mod catalog;
mod divisions;
mod error;
mod holidays;
mod locate;
mod report;
pub mod vectors;

use std::path::{Path, PathBuf};

pub use catalog::{CatalogLoad, RejectedRow};
pub use error::RefDataError;
pub use holidays::read_schedule_file;
pub use locate::ENV_VAR;
pub use report::{DataReport, SetReport, render_report};

/// A reference data directory, such as `../shared/data`.
#[derive(Debug, Clone)]
pub struct ReferenceData {
    dir: PathBuf,
}

impl ReferenceData {
    /// Opens `dir` without reading it yet.
    ///
    /// # Errors
    /// [`RefDataError::NotADirectory`] when `dir` is missing or not a directory.
    pub fn open(dir: impl Into<PathBuf>) -> Result<ReferenceData, RefDataError> {
        let dir = dir.into();
        if !dir.is_dir() {
            return Err(RefDataError::NotADirectory { path: dir });
        }
        Ok(ReferenceData { dir })
    }

    /// Finds the directory: `explicit` (a command-line flag) first, then the
    /// `TONGBAN_REFERENCE_DATA` environment variable, then `../shared/data` from the current
    /// directory, then the `shared/data` folder beside the checkout this binary was built from.
    ///
    /// # Errors
    /// [`RefDataError::NotFound`] listing every place that was tried.
    pub fn locate(explicit: Option<&Path>) -> Result<ReferenceData, RefDataError> {
        let dir = locate::find(explicit)?;
        ReferenceData::open(dir)
    }

    /// Returns the directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }
}
