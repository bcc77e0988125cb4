//! Evaluation (好差评) and performance supervision.
//!
//! The handling node of a case keeps its ratings, the rectifications bad ratings open and the
//! per-case facts supervision counts. The hub keeps copies of all of them in the same tables:
//! the facts ride on each `case.status` report, and every rating and rectification step goes
//! to the hub as an `evaluation.report` message in the transaction of the change. A rating
//! given at the hub portal goes to the handling node as an `evaluation.rating` message and
//! comes back with the node's report, so the node decides whether it is accepted.
//!
//! National and local statistics run the same code over the same tables, so the hub shows the
//! numbers of a node that the node shows itself once every report has arrived.

mod alerts;
mod error;
mod export;
mod facts;
mod hub;
mod rate;
mod rectify;
mod stats;

use serde::{Deserialize, Serialize};

pub use alerts::{Alert, AlertKind, list_alerts};
pub use error::EvaluationError;
pub use export::{ExportFormat, ExportKind, ExportRow, export_rows, render_export};
pub use facts::{ReportedFacts, case_facts};
pub use hub::{RatingHandler, RatingMessage, ReportHandler, rate_at_hub};
pub use rate::{Rater, RatingInput, RatingOutcome, rate_case, sub_rating_key};
pub use rectify::{
    REVIEW_ROLE, RectificationView, StepInput, list_open_rectifications, rectification_view,
    take_step,
};
pub use stats::{Breakdown, Filter, Group, Statistics, statistics};
pub use tongban_store::evaluation::{
    RatingRecord, RectificationEvent, RectificationRecord, SupervisionCase,
};

/// The message type of a node's report of a rating or a rectification step to the hub.
pub const REPORT_TYPE: &str = "evaluation.report";

/// The message type of a rating given at the hub portal, to the handling node.
pub const RATING_TYPE: &str = "evaluation.rating";

/// The rules a region sets for rectifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRules {
    /// Working days a department has to finish a rectification.
    pub rectification_days: u32,
}

impl Default for RegionRules {
    fn default() -> RegionRules {
        RegionRules {
            rectification_days: tongban_domain::evaluation::DEFAULT_RECTIFICATION_DAYS,
        }
    }
}

/// The body of an `evaluation.report` message: a rating, a rectification, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationReport {
    /// The rating, when the report carries a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<RatingCopy>,
    /// The rectification's state after the change, when the report carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectification: Option<RectificationCopy>,
}

/// A rating as it travels to the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingCopy {
    pub id: String,
    pub case_number: String,
    pub channel: String,
    pub portal: String,
    pub follow_up: bool,
    pub satisfaction: u8,
    pub sub_ratings: serde_json::Map<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub rater_subject: String,
    pub rater_name: String,
    pub rated_at: chrono::DateTime<chrono::Utc>,
}

/// A rectification's state as it travels to the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RectificationCopy {
    pub id: String,
    pub case_number: String,
    pub rating_id: String,
    pub department: String,
    pub status: String,
    pub status_before_appeal: String,
    pub opened_on: chrono::NaiveDate,
    pub working_days: u32,
    pub due_on: chrono::NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_on: Option<chrono::NaiveDate>,
    pub version: i64,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl RatingCopy {
    fn of(record: &RatingRecord) -> RatingCopy {
        RatingCopy {
            id: record.id.clone(),
            case_number: record.case_number.clone(),
            channel: record.channel.clone(),
            portal: record.portal.clone(),
            follow_up: record.follow_up,
            satisfaction: record.satisfaction,
            sub_ratings: serde_json::from_str(&record.sub_ratings).unwrap_or_default(),
            comment: record.comment.clone(),
            rater_subject: record.rater_subject.clone(),
            rater_name: record.rater_name.clone(),
            rated_at: record.rated_at,
        }
    }

    fn into_record(self, reporter: &str) -> RatingRecord {
        RatingRecord {
            sub_ratings: serde_json::Value::Object(self.sub_ratings).to_string(),
            reporter: reporter.to_owned(),
            id: self.id,
            case_number: self.case_number,
            channel: self.channel,
            portal: self.portal,
            follow_up: self.follow_up,
            satisfaction: self.satisfaction,
            comment: self.comment,
            rater_subject: self.rater_subject,
            rater_name: self.rater_name,
            rated_at: self.rated_at,
        }
    }
}

impl RectificationCopy {
    fn of(record: &RectificationRecord) -> RectificationCopy {
        RectificationCopy {
            id: record.id.clone(),
            case_number: record.case_number.clone(),
            rating_id: record.rating_id.clone(),
            department: record.department.clone(),
            status: record.status.clone(),
            status_before_appeal: record.status_before_appeal.clone(),
            opened_on: record.opened_on,
            working_days: record.working_days,
            due_on: record.due_on,
            finished_on: record.finished_on,
            version: record.version,
            updated_at: record.updated_at,
        }
    }

    fn into_record(self, reporter: &str) -> RectificationRecord {
        RectificationRecord {
            reporter: reporter.to_owned(),
            id: self.id,
            case_number: self.case_number,
            rating_id: self.rating_id,
            department: self.department,
            status: self.status,
            status_before_appeal: self.status_before_appeal,
            opened_on: self.opened_on,
            working_days: self.working_days,
            due_on: self.due_on,
            finished_on: self.finished_on,
            version: self.version,
            updated_at: self.updated_at,
        }
    }
}
