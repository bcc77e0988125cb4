//! Service catalogs: implementation lists of real authorities, base catalog samples and full
//! service guides, read into [`ServiceItem`]s with their raw codes kept.
//!
//! A row that breaks a rule is not imported but reported with its file, line and reason.

mod guides;
mod lists;
mod rows;

use std::collections::HashSet;

use tongban_domain::catalog::ServiceItem;
use tongban_domain::ids::{CreditCode, Divisions, ImplementationCode, InputMode};
use tongban_i18n::Message;

use crate::{RefDataError, ReferenceData};

/// A row that was not imported, and why.
#[derive(Debug, Clone)]
pub struct RejectedRow {
    /// File, relative to the data directory.
    pub file: String,
    /// 1-based line; for a JSON array, the position of the entry.
    pub line: u64,
    /// The row's id, where it has one.
    pub record_id: Option<String>,
    /// The rule it breaks.
    pub reason: Message,
}

/// Everything read from the catalog files.
#[derive(Debug, Clone, Default)]
pub struct CatalogLoad {
    /// Valid entries, in file order.
    pub items: Vec<ServiceItem>,
    /// Rows not imported.
    pub rejected: Vec<RejectedRow>,
    /// Each file read with its number of valid entries.
    pub files: Vec<(String, usize)>,
}

impl ReferenceData {
    /// Reads every catalog file of the `service-items` set. Rows are checked against `divisions`:
    /// region codes must be GB/T 2260 codes, declared credit codes and national-format
    /// implementation codes must pass their checks, and ids must be unique within their source.
    ///
    /// # Errors
    /// A [`RefDataError`] when a file is missing or unreadable as a whole; bad rows are reported
    /// in [`CatalogLoad::rejected`] instead.
    pub fn service_items(&self, divisions: &Divisions) -> Result<CatalogLoad, RefDataError> {
        let mut load = CatalogLoad::default();
        for (file, reader) in rows::FILES {
            let path = self.path(file);
            let rows = reader(&path)?;
            let mut seen = HashSet::new();
            let mut accepted = 0;
            for row in rows {
                let checked = row.item.and_then(|item| {
                    check_item(&item, divisions)?;
                    if !seen.insert(item.record_id.clone()) {
                        return Err(Message::new("catalog-reject-duplicate-id")
                            .arg("record_id", item.record_id.as_str()));
                    }
                    Ok(item)
                });
                match checked {
                    Ok(item) => {
                        accepted += 1;
                        load.items.push(item);
                    }
                    Err(reason) => load.rejected.push(RejectedRow {
                        file: (*file).to_owned(),
                        line: row.line,
                        record_id: row.record_id,
                        reason,
                    }),
                }
            }
            load.files.push(((*file).to_owned(), accepted));
        }
        Ok(load)
    }
}

/// The rules every entry must meet, whatever file it comes from.
fn check_item(item: &ServiceItem, divisions: &Divisions) -> Result<(), Message> {
    if item.record_id.trim().is_empty() {
        return Err(Message::new("catalog-reject-missing-id"));
    }
    if item.name.trim().is_empty() {
        return Err(Message::new("catalog-reject-missing-name"));
    }
    if let Some(region) = &item.region_code {
        divisions.check(region).map_err(|error| {
            use tongban_domain::RuleViolation;
            Message::new("catalog-reject-region").arg("reason", error.message())
        })?;
    }
    if let Some(uscc) = &item.implementing_agency_uscc {
        CreditCode::parse(uscc, InputMode::Strict, divisions).map_err(|error| {
            use tongban_domain::RuleViolation;
            Message::new("catalog-reject-agency-uscc").arg("reason", error.message())
        })?;
    }
    if let Some(code) = item
        .implementation_code
        .as_deref()
        .filter(|code| rows::is_national_format(code))
    {
        ImplementationCode::parse(code, InputMode::Strict, divisions).map_err(|error| {
            use tongban_domain::RuleViolation;
            Message::new("catalog-reject-implementation-code").arg("reason", error.message())
        })?;
    }
    Ok(())
}
