//! What a node offers: its implementation list (实施清单). Each entry points at a catalog item
//! and adds what the node decides: the department that handles it, the time limits it commits
//! to, and the form an applicant fills in.

use serde::{Deserialize, Serialize};
use tongban_i18n::Lang;

/// Kind of a form field, which decides how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    Textarea,
    /// A decimal number, such as an area or an amount.
    Number,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// One of the field's `options`.
    Select,
    /// An 11-digit mainland mobile phone number.
    Phone,
    /// A resident ID number (GB 11643).
    ResidentId,
    /// A unified social credit code (GB 32100).
    CreditCode,
}

/// A field of an application form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// Name in the form and in stored data: lowercase letters, digits and underscores.
    pub name: String,
    /// Label in Simplified Chinese.
    pub label_zh: String,
    /// Label in English.
    pub label_en: String,
    /// Kind and its check.
    pub kind: FieldKind,
    /// The values a `select` field offers, as shown and stored; empty for other kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Whether the field must be filled in before submitting.
    #[serde(default)]
    pub required: bool,
    /// Longest value in characters; 200 when not given.
    #[serde(default = "default_max_length")]
    pub max_length: usize,
}

fn default_max_length() -> usize {
    200
}

impl FormField {
    /// Returns the label in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.label_zh,
            Lang::En => &self.label_en,
        }
    }
}

/// One entry of a node's implementation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Implementation {
    /// Stable id within the node, such as `gd-energy-review`.
    pub id: String,
    /// Source of the catalog entry it implements.
    pub source: String,
    /// Record id of that entry.
    pub record_id: String,
    /// Department that handles the cases, as people know it.
    pub department: String,
    /// Credit code of that department, when known.
    pub department_code: Option<String>,
    /// Statutory time limit in working days from acceptance, if the item has one.
    pub statutory_days: Option<u32>,
    /// Promised time limit in working days from acceptance, if the node promises one.
    pub promised_days: Option<u32>,
    /// Working days before a deadline at which a case turns yellow.
    pub yellow_days: u32,
    /// Fields of the application form, besides who applies.
    pub form: Vec<FormField>,
    /// Largest file accepted per material, in bytes.
    pub max_material_bytes: u64,
    /// The e-certificate approval issues, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<crate::certificate_type::CertificateType>,
    /// The implementation of another node that decides the cases, when this node only takes
    /// the applications in and forwards them (全程网办 of 跨省通办); `None` for an item this
    /// node handles itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled_at: Option<RemoteImplementation>,
    /// Materials of the service guide that an e-certificate can stand for (用证): the
    /// applicant lends one from their wallet instead of uploading a file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub material_proofs: Vec<MaterialProof>,
}

/// A material of the service guide and the certificate types that prove it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialProof {
    /// The material's name, as the service guide lists it.
    pub name: String,
    /// 证照类型代码 (GB/T 36904) of the certificate types that prove the material.
    pub proved_by: Vec<String>,
}

impl Implementation {
    /// Returns the certificate type codes that prove material `name`; empty when none does.
    pub fn proofs_of(&self, name: &str) -> &[String] {
        self.material_proofs
            .iter()
            .find(|proof| proof.name == name)
            .map_or(&[], |proof| proof.proved_by.as_slice())
    }
}

/// An implementation of another node, as a receiving place names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoteImplementation {
    /// Node id of the handling place, such as `zj`.
    pub node: String,
    /// The implementation id at that node.
    pub implementation: String,
}

/// Largest material file a node accepts unless its list says otherwise: 20 MiB, enough for a
/// scanned multi-page document at 300 dpi.
pub const DEFAULT_MAX_MATERIAL_BYTES: u64 = 20 * 1024 * 1024;

/// Working days before a deadline at which a case turns yellow unless the list says otherwise.
pub const DEFAULT_YELLOW_DAYS: u32 = 3;
