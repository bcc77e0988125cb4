//! Materials handed in for a case and its suspensions: correction requests and special
//! procedures.

use tongban_i18n::{Lang, Message};
use tongban_services::cases::{CaseMaterial, SuspensionKind, SuspensionRecord};

/// A file handed in.
#[derive(Debug, Clone)]
pub(crate) struct MaterialRow {
    /// Its id.
    pub id: String,
    /// The material of the guide it is for.
    pub material_name: String,
    /// The file name the applicant gave.
    pub file_name: String,
    /// PDF, JPEG, PNG or OFD.
    pub file_type: &'static str,
    /// Its size as people read it.
    pub size: String,
    /// When it was handed in, in Asia/Shanghai.
    pub uploaded_at: String,
    /// The link that downloads it.
    pub href: String,
}

/// Returns the rows of `materials`, whose files download under `href_prefix` followed by the
/// material's id.
pub(crate) fn material_rows(materials: &[CaseMaterial], href_prefix: &str) -> Vec<MaterialRow> {
    materials
        .iter()
        .map(|material| MaterialRow {
            id: material.id.clone(),
            material_name: material.material_name.clone(),
            file_name: material.file_name.clone(),
            file_type: match material.content_type.as_str() {
                "application/pdf" => "PDF",
                "image/jpeg" => "JPEG",
                "image/png" => "PNG",
                "application/ofd" => "OFD",
                _ => "—",
            },
            size: super::format_size(material.size_bytes),
            uploaded_at: super::format_time(material.uploaded_at),
            href: format!("{href_prefix}{}", material.id),
        })
        .collect()
}

/// A correction request or a special procedure.
#[derive(Debug, Clone)]
pub(crate) struct SuspensionRow {
    /// The kind, with the special procedure's A.7 type and name.
    pub kind: String,
    /// First day.
    pub started_on: String,
    /// Last day, or that it still runs.
    pub ended_on: String,
    /// The reason given.
    pub reason: String,
    /// The items of a correction request.
    pub items: Vec<String>,
}

/// Returns the rows of `suspensions`, oldest first.
pub(crate) fn suspension_rows(suspensions: &[SuspensionRecord], lang: Lang) -> Vec<SuspensionRow> {
    suspensions
        .iter()
        .map(|suspension| {
            let opened = &suspension.opened;
            let kind = match opened.kind {
                SuspensionKind::Correction => {
                    Message::new("case-page-suspension-correction").render(lang)
                }
                SuspensionKind::SpecialProcedure => {
                    let type_key = match opened.special_procedure_code.as_deref() {
                        Some("1") => "case-page-procedure-extension",
                        _ => "case-page-procedure-other",
                    };
                    format!(
                        "{}：{}",
                        Message::new(type_key).render(lang),
                        opened.special_procedure_name.as_deref().unwrap_or("")
                    )
                }
            };
            SuspensionRow {
                kind,
                started_on: opened.started_on.to_string(),
                ended_on: suspension.ended_on.map_or_else(
                    || Message::new("case-page-suspension-running").render(lang),
                    |day| day.to_string(),
                ),
                reason: opened.reason.clone(),
                items: opened.items.clone(),
            }
        })
        .collect()
}
