//! Reading case rows and the value conversions the case tables share.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::case::CaseStatus;

use super::{CaseApplicant, CaseRecord};
use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::from_millis;

/// The columns [`case_from_row`] reads, in the order of the `cases` table.
pub(super) const CASE_COLUMNS: &str = "id, case_number, implementation_id, department, \
    department_code, applicant_subject, applicant_name, applicant_id_type, applicant_id_number, \
    acting_for_credit_code, acting_for_name, status, case_type, form_data, received_on, \
    accepted_on, decided_on, closed_on, statutory_days, promised_days, yellow_days, \
    statutory_due, promised_due, due_calendar_revision, version, created_at, updated_at, \
    receiving_place, handling_place, receiving_reference";

const DATE_FORMAT: &str = "%Y-%m-%d";

/// Returns the stored form of a date: `YYYY-MM-DD`.
pub(super) fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|date| date.format(DATE_FORMAT).to_string())
}

pub(super) fn parse_date(
    column: &'static str,
    text: Option<String>,
) -> Result<Option<NaiveDate>, StoreError> {
    text.map(|text| {
        NaiveDate::parse_from_str(&text, DATE_FORMAT)
            .map_err(|error| StoreError::invalid_stored_value(column, &text, error))
    })
    .transpose()
}

pub(super) fn days_value(
    column: &'static str,
    value: Option<i64>,
) -> Result<Option<u32>, StoreError> {
    value
        .map(|days| {
            u32::try_from(days)
                .map_err(|error| StoreError::invalid_stored_value(column, days, error))
        })
        .transpose()
}

pub(super) fn case_from_row(row: &AnyRow) -> Result<CaseRecord, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column).context("read a case")
    };
    let optional = |column: &'static str| -> Result<Option<String>, StoreError> {
        row.try_get::<Option<String>, _>(column)
            .context("read a case")
    };
    let integer = |column: &'static str| -> Result<Option<i64>, StoreError> {
        row.try_get::<Option<i64>, _>(column).context("read a case")
    };

    let status_text = text("status")?;
    let status = CaseStatus::parse(&status_text).ok_or_else(|| {
        StoreError::invalid_stored_value("cases.status", &status_text, "unknown case status")
    })?;
    let form_text = text("form_data")?;
    let form_data: BTreeMap<String, String> = serde_json::from_str(&form_text)
        .map_err(|error| StoreError::invalid_stored_value("cases.form_data", &form_text, error))?;
    let revision = integer("due_calendar_revision")?
        .map(|value| {
            u64::try_from(value).map_err(|error| {
                StoreError::invalid_stored_value("cases.due_calendar_revision", value, error)
            })
        })
        .transpose()?;
    let yellow_days = days_value("cases.yellow_days", integer("yellow_days")?)?.unwrap_or(0);
    let version: i64 = row.try_get("version").context("read a case")?;

    Ok(CaseRecord {
        id: text("id")?,
        case_number: optional("case_number")?,
        implementation_id: text("implementation_id")?,
        department: text("department")?,
        department_code: optional("department_code")?,
        applicant: CaseApplicant {
            subject: text("applicant_subject")?,
            name: text("applicant_name")?,
            id_type: text("applicant_id_type")?,
            id_number: text("applicant_id_number")?,
            acting_for_credit_code: optional("acting_for_credit_code")?,
            acting_for_name: optional("acting_for_name")?,
        },
        status,
        case_type: optional("case_type")?,
        form_data,
        received_on: parse_date("cases.received_on", optional("received_on")?)?,
        accepted_on: parse_date("cases.accepted_on", optional("accepted_on")?)?,
        decided_on: parse_date("cases.decided_on", optional("decided_on")?)?,
        closed_on: parse_date("cases.closed_on", optional("closed_on")?)?,
        statutory_days: days_value("cases.statutory_days", integer("statutory_days")?)?,
        promised_days: days_value("cases.promised_days", integer("promised_days")?)?,
        yellow_days,
        statutory_due: parse_date("cases.statutory_due", optional("statutory_due")?)?,
        promised_due: parse_date("cases.promised_due", optional("promised_due")?)?,
        due_calendar_revision: revision,
        version,
        created_at: from_millis(
            "cases.created_at",
            row.try_get("created_at").context("read a case")?,
        )?,
        updated_at: from_millis(
            "cases.updated_at",
            row.try_get("updated_at").context("read a case")?,
        )?,
        receiving_place: optional("receiving_place")?,
        handling_place: optional("handling_place")?,
        receiving_reference: optional("receiving_reference")?,
    })
}
