//! The per-case facts of supervision, as the handling node derives them from a case.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tongban_domain::calendar::WorkCalendar;
use tongban_store::cases::CaseRecord;
use tongban_store::evaluation::SupervisionCase;

use crate::case_index::StatusReport;

/// The facts a `case.status` report carries besides the status, for national statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedFacts {
    pub department: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_time: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_days: Option<u32>,
}

// TODO: a case that last changed before supervision facts were kept has no row until it
// changes again, because a backfill needs the calendar and migrations have none.

/// Returns the supervision facts of `case` at node `reporter`, whose item is `item_name` with
/// code `item_code`. The handling time counts the working days from acceptance to the decision
/// on `calendar`. It stays `None` without a calendar or when the range reaches a year without
/// a schedule.
pub fn case_facts(
    case: &CaseRecord,
    case_number: &str,
    reporter: &str,
    item_name: &str,
    item_code: &str,
    calendar: Option<&WorkCalendar>,
) -> SupervisionCase {
    let due_on = case.promised_due.or(case.statutory_due);
    let on_time = match (case.decided_on, due_on) {
        (Some(decided), Some(due)) => Some(decided <= due),
        _ => None,
    };
    let handling_days = match (case.accepted_on, case.decided_on, calendar) {
        (Some(accepted), Some(decided), Some(calendar)) => {
            calendar.working_days_between(accepted, decided).ok()
        }
        _ => None,
    };
    SupervisionCase {
        reporter: reporter.to_owned(),
        case_number: case_number.to_owned(),
        department: case.department.clone(),
        department_code: case.department_code.clone(),
        item_code: item_code.to_owned(),
        item_name: item_name.to_owned(),
        status: case.status.as_str().to_owned(),
        received_on: case.received_on,
        accepted_on: case.accepted_on,
        decided_on: case.decided_on,
        closed_on: case.closed_on,
        due_on,
        on_time,
        handling_days,
        case_version: case.version,
        changed_at: case.updated_at,
    }
}

impl ReportedFacts {
    /// Returns the facts of `case` that travel with its status report.
    pub fn of(case: &SupervisionCase) -> ReportedFacts {
        ReportedFacts {
            department: case.department.clone(),
            department_code: case.department_code.clone(),
            received_on: case.received_on,
            accepted_on: case.accepted_on,
            decided_on: case.decided_on,
            closed_on: case.closed_on,
            due_on: case.due_on,
            on_time: case.on_time,
            handling_days: case.handling_days,
        }
    }

    /// Returns the hub's row of the facts that `report` of node `reporter` carries.
    pub fn into_case(self, reporter: &str, report: &StatusReport) -> SupervisionCase {
        SupervisionCase {
            reporter: reporter.to_owned(),
            case_number: report.case_number.clone(),
            department: self.department,
            department_code: self.department_code,
            item_code: report.item_code.clone(),
            item_name: report.item_name.clone(),
            status: report.status.clone(),
            received_on: self.received_on,
            accepted_on: self.accepted_on,
            decided_on: self.decided_on,
            closed_on: self.closed_on,
            due_on: self.due_on,
            on_time: self.on_time,
            handling_days: self.handling_days,
            case_version: report.case_version,
            changed_at: report.changed_at,
        }
    }
}
