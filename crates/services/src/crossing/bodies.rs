//! The bodies of the messages between a receiving place and a handling place.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The body of a `case.application` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationBody {
    /// The application's id at the receiving place.
    pub application_id: String,
    /// The implementation at the handling place.
    pub implementation_id: String,
    /// Who applies.
    pub applicant: ApplicantBody,
    /// Form values by field name, checked at the receiving place.
    pub form_data: BTreeMap<String, String>,
    /// The material files, whose content came before in `case.material_part` messages.
    pub materials: Vec<MaterialEntry>,
    /// When the applicant submitted at the receiving place.
    pub submitted_at: DateTime<Utc>,
}

/// The applicant of a forwarded application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicantBody {
    /// The subject at the hub.
    pub subject: String,
    /// The verified name.
    pub name: String,
    /// 申请者证件类型代码, GA/T 2000.156.
    pub id_type: String,
    /// The document number.
    pub id_number: String,
    /// The legal person the applicant acts for, if any: its credit code.
    pub acting_for_credit_code: Option<String>,
    /// Its name.
    pub acting_for_name: Option<String>,
}

/// One material file of a forwarded application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialEntry {
    /// Its position in the application, from 0; the pieces name it.
    pub index: u32,
    /// The material of the service guide it is for.
    pub material_name: String,
    /// The file name the applicant gave.
    pub file_name: String,
    /// The media type detected at the receiving place.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// SM3 digest of the content, hex; the handling place checks the joined pieces against it.
    pub sm3: String,
    /// Number of pieces.
    pub parts: u32,
}

/// The body of a `case.material_part` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialPartBody {
    /// The application's id at the receiving place.
    pub application_id: String,
    /// The material's index in the application.
    pub material_index: u32,
    /// The piece's position, from 0.
    pub part_index: u32,
    /// The bytes, Base64 (standard alphabet, padded).
    pub content: String,
}
