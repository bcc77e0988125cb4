//! Identifier test vectors: numbers with the answer a validator should give.

use serde::Deserialize;

use crate::{RefDataError, ReferenceData};

/// Resident ID number vectors, relative to the data directory.
pub const RESIDENT_FILE: &str = "id-vectors/ric_gb11643_vectors.csv";
/// Credit code vectors, relative to the data directory.
pub const USCC_FILE: &str = "id-vectors/uscc_gb32100_vectors.csv";

/// The answer a vector expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// Valid as given.
    Valid,
    /// Invalid.
    Invalid,
    /// Valid once normalised (a lowercase letter, spaces): form mode only.
    ValidAfterNormalisation,
    /// The answer depends on a product decision stated in the note.
    PolicyDependent,
}

/// One vector.
#[derive(Debug, Clone, Deserialize)]
pub struct IdVector {
    /// The input, exactly as given (it may hold spaces).
    #[serde(alias = "number", alias = "code")]
    pub value: String,
    /// The expected answer.
    pub expected: Expected,
    /// What the vector exercises, such as `bad_checksum`.
    pub category: String,
    /// Explanation.
    pub note: String,
}

impl ReferenceData {
    /// Loads the vectors of `file` ([`RESIDENT_FILE`] or [`USCC_FILE`]).
    ///
    /// # Errors
    /// A [`RefDataError`] for an unreadable file or row.
    pub fn id_vectors(&self, file: &str) -> Result<Vec<IdVector>, RefDataError> {
        let path = self.path(file);
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::None)
            .from_path(&path)
            .map_err(|error| RefDataError::unparsable(&path, 0, error))?;
        reader
            .deserialize::<IdVector>()
            .enumerate()
            .map(|(index, row)| {
                row.map_err(|error| RefDataError::unparsable(&path, index as u64 + 2, error))
            })
            .collect()
    }
}
