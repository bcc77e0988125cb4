//! Cases (办件) at a node. An applicant drafts, hands in materials and submits, or applies in
//! one step. Clerks accept, ask for corrections, review, run special procedures and decide,
//! against time limits counted in working days.
//!
//! Every change of a case commits in one transaction with its event (actor, time, reason and
//! the GB/T 39046 step record). Each change is conditional on the case version read before
//! it, so of two clerks acting at once one succeeds and the other gets
//! [`CaseError::Changed`], with nothing written. Access control is part of every function:
//! an applicant sees only their own cases, a clerk only submitted cases of their department
//! (or of the whole node when they have none), and anyone else gets
//! [`CaseError::NotFound`], which does not reveal that the case exists.

mod applicant;
mod apply;
mod clerk;
mod clock;
mod collect;
mod content_type;
mod deemed;
mod draft;
mod error;
mod form;
mod forward;
mod handed_in;
mod lending;
mod materials;
mod offer;
mod pending_files;
mod queries;
mod receive;
mod report;
mod steps;
mod submit;
mod turn;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use object_store::ObjectStore;
use tongban_domain::calendar::WorkCalendar;
use tongban_domain::ids::{Divisions, NodeCode};
use tongban_store::Store;

pub use applicant::{answer_correction, withdraw};
pub use apply::{Application, apply};
pub use clerk::{SpecialProcedure, SpecialProcedureKind, StepDetails, act, required_role};
pub use clock::{
    Deadline, Deadlines, RecomputeReport, deadlines, recompute_deadlines,
    replace_schedule_and_recompute,
};
pub use collect::{Collection, collect_application, window_subject};
pub use deemed::{accept_overdue_applications, run_deemed_acceptance};
pub use draft::{create_draft, save_draft};
pub use error::CaseError;
pub(crate) use forward::object_of;
pub use handed_in::HandedInFile;
pub use lending::{LEND_FIELD, WalletCertificate, case_loans, lend_certificate};
pub use materials::{
    MATERIAL_FIELD, attach_material, local_object_store, read_material, remove_material,
};
pub use queries::{
    ClerkQueue, QueueEntry, case_history, case_materials, case_suspensions, find_applicant_case,
    find_applicant_case_by_number, find_clerk_case, list_applicant_cases, list_clerk_queue,
    list_forwarded,
};
pub use receive::ForwardedCases;
pub use submit::{check_submission, submit};
pub use tongban_store::cases::{
    ActorKind, CaseApplicant, CaseEvent, CaseMaterial, CaseRecord, NewCaseEvent, StepRecord,
    StepStatus, SuspensionKind, SuspensionRecord,
};

/// A clerk: a staff account of the node. Its roles decide which steps it may take and its
/// department which cases it sees.
pub type Clerk = crate::staff::Staff;

/// The legal person an agent acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActingFor {
    /// Its unified social credit code.
    pub credit_code: String,
    /// Its name.
    pub name: String,
}

/// A person logged in through the hub, applying for themselves or for a legal person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    /// The subject at the hub (the OpenID Connect `sub`).
    pub subject: String,
    /// The verified name.
    pub name: String,
    /// The resident ID number the hub verified (document type 111 of GA/T 2000.156).
    pub id_number: String,
    /// The legal person the person acts for, or `None` when applying for themselves.
    pub acting_for: Option<ActingFor>,
}

/// Who looks at a case.
#[derive(Debug, Clone, Copy)]
pub enum Viewer<'a> {
    /// The applicant.
    Applicant(&'a Applicant),
    /// A clerk of the node.
    Clerk(&'a Clerk),
}

/// What the case use cases of one node work with.
#[derive(Clone)]
pub struct CaseContext {
    /// The node's database.
    pub store: Store,
    /// The calendar time limits are counted in, with replaced schedules applied.
    pub calendar: Arc<WorkCalendar>,
    /// The division history, for checking resident ID numbers and credit codes in forms.
    pub divisions: Arc<Divisions>,
    /// Where material files are kept.
    pub objects: Arc<dyn ObjectStore>,
    /// The node's code in case numbers.
    pub node_code: NodeCode,
    /// Issues the e-certificates of approved cases; `None` on a node that issues none.
    pub issuer: Option<Arc<crate::certificates::CertificateIssuer>>,
    /// Reports status changes to the hub's case index; `None` on a context without a
    /// passage, such as in tests of the case rules alone.
    pub reporter: Option<crate::case_index::Reporter>,
    fixed_now: Option<DateTime<Utc>>,
    offers: Arc<offer::OfferCache>,
    turn: turn::WriteTurn,
}

impl CaseContext {
    /// Builds a context that reads the system clock.
    pub fn new(
        store: Store,
        calendar: Arc<WorkCalendar>,
        divisions: Arc<Divisions>,
        objects: Arc<dyn ObjectStore>,
        node_code: NodeCode,
    ) -> CaseContext {
        CaseContext {
            turn: turn::WriteTurn::for_backend(store.backend()),
            store,
            calendar,
            divisions,
            objects,
            node_code,
            issuer: None,
            reporter: None,
            fixed_now: None,
            offers: Arc::default(),
        }
    }

    /// Returns the context with `issuer`, so approving a case of an implementation with a
    /// certificate type issues the certificate in the approval's transaction.
    pub fn with_issuer(self, issuer: crate::certificates::CertificateIssuer) -> CaseContext {
        CaseContext {
            issuer: Some(Arc::new(issuer)),
            ..self
        }
    }

    /// Returns the context with `reporter`, so every status change of a submitted case
    /// enqueues a `case.status` message to the hub in its transaction, and new cases record
    /// the reporter's node id as their receiving and handling place.
    pub fn with_reporter(self, reporter: crate::case_index::Reporter) -> CaseContext {
        let reporter = reporter.with_calendar(self.calendar.clone());
        CaseContext {
            turn: self.turn.clone().with_reporter(reporter.clone()),
            reporter: Some(reporter),
            ..self
        }
    }

    /// Returns the node id of this node, when the context has a reporter.
    pub fn node_id(&self) -> Option<&str> {
        self.reporter
            .as_ref()
            .map(crate::case_index::Reporter::node_id)
    }

    /// Returns a copy whose clock stands at `now`. The copy shares the caches and the
    /// writers' turn of the original, ; it is for replaying what happened on a given day
    /// and for tests.
    pub fn at(&self, now: DateTime<Utc>) -> CaseContext {
        CaseContext {
            fixed_now: Some(now),
            ..self.clone()
        }
    }

    /// Returns the current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.fixed_now.unwrap_or_else(Utc::now)
    }

    /// Returns today's date in Asia/Shanghai, the day every time limit is counted from.
    pub fn today(&self) -> NaiveDate {
        tongban_domain::time::date_in_china(self.now())
    }
}

impl fmt::Debug for CaseContext {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("CaseContext")
            .field("backend", &self.store.backend())
            .field("calendar_revision", &self.calendar.revision())
            .field("objects", &self.objects.to_string())
            .field("node_code", &self.node_code)
            .field("fixed_now", &self.fixed_now)
            .finish_non_exhaustive()
    }
}
