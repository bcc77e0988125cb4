//! The national case index: every status change of a case at a node goes to the hub as a
//! `case.status` message in the transaction of the change, and the hub keeps the latest status
//! of each case for its holder. The message carries the case number, holder, item, status,
//! places and time, the dates and department that performance supervision counts, and never
//! form data or materials.

mod hub;
pub(crate) mod report;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use hub::{IndexHandler, list_holder_cases};
pub use report::Reporter;
pub(crate) use report::hub_id;
pub use tongban_store::case_index::IndexEntry;

/// The message type of a status report.
pub const STATUS_TYPE: &str = "case.status";

/// Cases of one holder that the hub lists at most.
pub const MAX_LISTED: i64 = 500;

/// The body of a `case.status` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusReport {
    /// 办件编号.
    pub case_number: String,
    /// The holder's subject at the hub.
    pub holder_subject: String,
    /// 事项名称.
    pub item_name: String,
    /// 实施编码, or the implementation id when it has none.
    pub item_code: String,
    /// Status name.
    pub status: String,
    /// Node id of 收件地.
    pub receiving_place: String,
    /// Node id of 办理地.
    pub handling_place: String,
    /// The case's version after the change; it orders the reports of one case.
    pub case_version: i64,
    /// When the change happened.
    pub changed_at: DateTime<Utc>,
    /// The application's id at the receiving place: only in the reports to a receiving place
    /// that is another node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The facts performance supervision counts: only in the reports to the hub.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<crate::evaluation::ReportedFacts>,
}

#[cfg(test)]
mod tests {
    use super::StatusReport;

    #[test]
    fn report_carries_no_form_or_materials() {
        let report = StatusReport {
            case_number: "330000202603020000001T".to_owned(),
            holder_subject: "acc-1".to_owned(),
            item_name: "固定资产投资项目节能审查".to_owned(),
            item_code: "zj-energy-review".to_owned(),
            status: "submitted".to_owned(),
            receiving_place: "gd".to_owned(),
            handling_place: "zj".to_owned(),
            case_version: 5,
            changed_at: chrono::DateTime::UNIX_EPOCH,
            application_id: None,
            facts: None,
        };
        let value = serde_json::to_value(&report).unwrap();
        let mut members: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        members.sort_unstable();
        assert_eq!(
            members,
            [
                "case_number",
                "case_version",
                "changed_at",
                "handling_place",
                "holder_subject",
                "item_code",
                "item_name",
                "receiving_place",
                "status",
            ]
        );
    }

    #[test]
    fn report_with_form_data_is_rejected() {
        let body = serde_json::json!({
            "case_number": "330000202603020000001T", "holder_subject": "acc-1",
            "item_name": "节能审查", "item_code": "zj-energy-review", "status": "submitted",
            "receiving_place": "zj", "handling_place": "zj", "case_version": 5,
            "changed_at": "2026-03-02T02:00:00Z", "form_data": { "project_name": "项目" }
        });
        assert!(serde_json::from_value::<StatusReport>(body).is_err());
    }
}
