//! Cases (办件) of a node: the case rows, their history, suspensions, materials and the
//! daily counter behind case numbers.
//!
//! Every change of a case row raises its `version`. Writers pass the version they read, and
//! [`update_case_if_unchanged`] changes nothing when another writer came first, so two clerks
//! acting at once never both succeed. Put that update first in its transaction: SQLite then
//! takes the write lock before anything else is read, and PostgreSQL locks the row.

mod events;
mod materials;
mod numbers;
mod queries;
mod row;
mod suspensions;
mod write;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::case::CaseStatus;

pub use events::{
    ActorKind, CaseEvent, NewCaseEvent, StepRecord, StepStatus, append_case_event, list_case_events,
};
pub use materials::{
    CaseMaterial, delete_material, find_material, insert_material, insert_materials, list_materials,
};
pub use numbers::{next_case_sequence, reserve_case_sequence};
pub use queries::{
    CaseOrder, CaseQuery, find_case, find_case_id_by_number, list_cases, list_open_cases,
    list_submitted_without_correction,
};
pub use suspensions::{
    NewSuspension, SuspensionKind, SuspensionRecord, close_open_suspension, list_suspensions,
    open_suspension,
};
pub use write::{insert_case, touch_case, update_case_if_unchanged};

/// GA/T 2000.156 code of the 居民身份证 (resident identity card), the document of every
/// applicant the hub registers.
pub const ID_TYPE_RESIDENT_CARD: &str = "111";

/// The applicant: the person logged in at the hub, and the legal person they act for, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseApplicant {
    /// The person's subject at the hub (the OpenID Connect `sub`).
    pub subject: String,
    /// The person's name (申请者名称 when applying for themselves).
    pub name: String,
    /// 申请者证件类型代码, GA/T 2000.156, such as [`ID_TYPE_RESIDENT_CARD`].
    pub id_type: String,
    /// The document number.
    pub id_number: String,
    /// Unified social credit code of the legal person the person acts for as its agent.
    pub acting_for_credit_code: Option<String>,
    /// Name of that legal person.
    pub acting_for_name: Option<String>,
}

/// A stored case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    /// Random id, given when the draft is created.
    pub id: String,
    /// 办件编号, given at submission.
    pub case_number: Option<String>,
    /// The implementation list entry applied for.
    pub implementation_id: String,
    /// The department handling the case, copied from the implementation.
    pub department: String,
    /// That department's unified social credit code, when known.
    pub department_code: Option<String>,
    /// Who applies.
    pub applicant: CaseApplicant,
    /// State.
    pub status: CaseStatus,
    /// 办件类型代码, GB/T 39046 A.6, set at submission.
    pub case_type: Option<String>,
    /// Form values by field name, as last saved.
    pub form_data: BTreeMap<String, String>,
    /// Day of submission (申请), in Asia/Shanghai.
    pub received_on: Option<NaiveDate>,
    /// Day of acceptance (受理), from which the time limits run.
    pub accepted_on: Option<NaiveDate>,
    /// Day of the decision, or of the rejection at intake.
    pub decided_on: Option<NaiveDate>,
    /// Day the case ended: closed, rejected at intake or withdrawn.
    pub closed_on: Option<NaiveDate>,
    /// Statutory time limit in working days, copied at submission.
    pub statutory_days: Option<u32>,
    /// Promised time limit in working days, copied at submission.
    pub promised_days: Option<u32>,
    /// Working days before a due date at which the case turns yellow.
    pub yellow_days: u32,
    /// Last day of the statutory limit; `None` before acceptance and while the clock stops.
    pub statutory_due: Option<NaiveDate>,
    /// Last day of the promised limit, under the same rule.
    pub promised_due: Option<NaiveDate>,
    /// Calendar revision the due dates were computed with.
    pub due_calendar_revision: Option<u64>,
    /// Raised by one on every change.
    pub version: i64,
    /// When the draft was created.
    pub created_at: DateTime<Utc>,
    /// When the case last changed.
    pub updated_at: DateTime<Utc>,
    /// Node id of the receiving place (收件地), which took the application in; `None` in a
    /// case recorded before places were kept, which this node received itself.
    pub receiving_place: Option<String>,
    /// Node id of the handling place (办理地), which decides the case; `None` under the same
    /// rule as `receiving_place`.
    pub handling_place: Option<String>,
    /// For a case another node took in and forwarded: the id of the application at the
    /// receiving place.
    pub receiving_reference: Option<String>,
}
