//! Loading a node's implementation list from a TOML file.
//!
//! ```toml
//! [[implementation]]
//! id = "zj-energy-review"
//! source = "guangxi-api-payload"
//! record_id = "GX-450721-000104002000"
//! department = "浙江省发展和改革委员会"
//! # statutory_days and promised_days default to the service guide's working-day limits.
//! yellow_days = 3
//!
//! [[implementation.form]]
//! name = "project_name"
//! label_zh = "项目名称"
//! label_en = "Project name"
//! kind = "text"
//! required = true
//!
//! # Optional: the e-certificate approval issues. It needs `department_code`.
//! [implementation.certificate]
//! type_code = "11330000MB0E00011R001"
//! name_zh = "固定资产投资项目节能审查意见"
//! name_en = "Energy review opinion on a fixed-asset investment project"
//! validity_years = 2
//! proves = ["固定资产投资项目节能审查意见"]
//!
//! [[implementation.certificate.face]]
//! label_zh = "项目名称"
//! label_en = "Project"
//! value = "form.project_name"
//!
//! # Optional: a material of the service guide that an e-certificate can stand for.
//! [[implementation.material]]
//! name = "节能报告"
//! proved_by = ["11440000MB0E00011L001"]
//!
//! # Optional: another node decides the cases; this node takes them in and forwards them.
//! [implementation.handled_at]
//! node = "zj"
//! implementation = "zj-energy-review"
//! ```

use std::collections::HashSet;

use chrono::Utc;
use serde::Deserialize;
use serde_json::json;
use tongban_domain::catalog::GuideTimeLimit;
use tongban_domain::certificate_type::CertificateType;
use tongban_domain::implementation::{
    DEFAULT_MAX_MATERIAL_BYTES, DEFAULT_YELLOW_DAYS, FieldKind, FormField, Implementation,
    MaterialProof, RemoteImplementation,
};
use tongban_i18n::{Lang, Message};
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::catalog;
use tongban_store::implementations;

use crate::ServiceError;

/// The unit code of working days in published service guides.
const WORKING_DAYS_UNIT: &str = "1";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile {
    #[serde(default)]
    implementation: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    source: String,
    record_id: String,
    department: String,
    department_code: Option<String>,
    statutory_days: Option<u32>,
    promised_days: Option<u32>,
    yellow_days: Option<u32>,
    max_material_bytes: Option<u64>,
    #[serde(default)]
    form: Vec<FormField>,
    certificate: Option<CertificateType>,
    handled_at: Option<RemoteImplementation>,
    #[serde(default)]
    material: Vec<MaterialProof>,
}

/// Why an implementation list was rejected; nothing of it is stored then.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.render(Lang::En))]
pub struct ListError(pub Message);

/// Reads the implementation list `text`, checks every entry against the catalog in `store`,
/// and stores them all, on behalf of `actor`. Returns the entries stored.
///
/// An entry must point at a catalog item whose service guide is complete, because people
/// apply online only where they can read the conditions, materials and time limits first.
///
/// # Errors
/// [`ServiceError::ImplementationList`] naming the entry and the rule it breaks, or
/// [`ServiceError::Store`] when the database fails.
pub async fn import_list(
    store: &Store,
    text: &str,
    actor: &str,
) -> Result<Vec<Implementation>, ServiceError> {
    let file: ListFile = toml::from_str(text).map_err(|error| {
        list_error(Message::new("implementation-file-invalid").arg("detail", error.to_string()))
    })?;
    let mut seen = HashSet::new();
    let mut checked = Vec::new();
    for entry in file.implementation {
        if !seen.insert(entry.id.clone()) {
            return Err(list_error(
                Message::new("implementation-duplicate-id").arg("id", entry.id),
            ));
        }
        checked.push(check_entry(store, entry).await?);
    }
    crate::certificates::check_seal_names(&checked).map_err(list_error)?;

    let now = Utc::now();
    let mut transaction = store.begin().await?;
    for implementation in &checked {
        implementations::upsert_implementation(&mut *transaction, implementation, now).await?;
    }
    let ids: Vec<&str> = checked
        .iter()
        .map(|implementation| implementation.id.as_str())
        .collect();
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "implementations.import".to_owned(),
        subject: "implementations".to_owned(),
        reason: None,
        details: Some(json!({ "ids": ids })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Ok(checked)
}

async fn check_entry(store: &Store, entry: Entry) -> Result<Implementation, ServiceError> {
    let id = entry.id.clone();
    let rule = |key: &'static str| list_error(Message::new(key).arg("id", id.clone()));
    let id_ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !id_ok {
        return Err(rule("implementation-rule-id"));
    }
    if entry.department.trim().is_empty() {
        return Err(rule("implementation-rule-department"));
    }
    let item = catalog::find_service_item(store.pool(), &entry.source, &entry.record_id)
        .await?
        .ok_or_else(|| rule("implementation-rule-item-unknown"))?;
    let guide = item
        .guide
        .as_ref()
        .filter(|guide| guide.is_complete())
        .ok_or_else(|| rule("implementation-rule-guide-incomplete"))?;
    check_form(&id, &entry.form)?;
    if let Some(remote) = &entry.handled_at {
        let valid = tongban_domain::node::check_node_id(&remote.node).is_ok()
            && !remote.implementation.trim().is_empty();
        if !valid {
            return Err(rule("implementation-rule-handled-at"));
        }
    }
    let guide_materials: Vec<&str> = guide
        .materials
        .iter()
        .map(|material| material.name.as_str())
        .collect();
    crate::certificates::check_material_proofs(&id, &guide_materials, &entry.material)
        .map_err(list_error)?;
    if let Some(certificate) = &entry.certificate {
        crate::certificates::check_certificate_type(
            &id,
            &entry.department,
            entry.department_code.as_deref(),
            &entry.form,
            certificate,
        )
        .map_err(list_error)?;
    }

    let statutory_days = entry
        .statutory_days
        .or_else(|| working_days(guide.statutory_time_limit.as_ref()));
    let promised_days = entry
        .promised_days
        .or_else(|| working_days(guide.promised_time_limit.as_ref()));
    Ok(Implementation {
        id,
        source: entry.source,
        record_id: entry.record_id,
        department: entry.department.trim().to_owned(),
        department_code: entry.department_code,
        statutory_days,
        promised_days,
        yellow_days: entry.yellow_days.unwrap_or(DEFAULT_YELLOW_DAYS),
        form: entry.form,
        max_material_bytes: entry
            .max_material_bytes
            .unwrap_or(DEFAULT_MAX_MATERIAL_BYTES),
        certificate: entry.certificate,
        handled_at: entry.handled_at,
        material_proofs: entry.material,
    })
}

/// The guide's limit when it is stated in working days; any other unit is left to the list.
fn working_days(limit: Option<&GuideTimeLimit>) -> Option<u32> {
    limit
        .filter(|limit| limit.unit_code.as_deref() == Some(WORKING_DAYS_UNIT))
        .map(|limit| limit.value)
}

fn check_form(id: &str, form: &[FormField]) -> Result<(), ServiceError> {
    let mut names = HashSet::new();
    for field in form {
        let field_rule = |key: &'static str| {
            list_error(
                Message::new(key)
                    .arg("id", id.to_owned())
                    .arg("field", field.name.clone()),
            )
        };
        let name_ok = !field.name.is_empty()
            && field.name.len() <= 40
            && field
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !name_ok {
            return Err(field_rule("implementation-rule-field-name"));
        }
        if !names.insert(field.name.as_str()) {
            return Err(field_rule("implementation-rule-field-duplicate"));
        }
        if field.label_zh.trim().is_empty() || field.label_en.trim().is_empty() {
            return Err(field_rule("implementation-rule-field-label"));
        }
        if (field.kind == FieldKind::Select) == field.options.is_empty() {
            return Err(field_rule("implementation-rule-field-options"));
        }
        if !(1..=5000).contains(&field.max_length) {
            return Err(field_rule("implementation-rule-field-length"));
        }
    }
    Ok(())
}

fn list_error(message: Message) -> ServiceError {
    ServiceError::ImplementationList(ListError(message))
}
