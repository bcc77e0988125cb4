//! The case (办件) state machine: which step may follow which, and who may take it.
//!
//! GB/T 39046 has no national code list for the overall state of a case, only step records
//! (环节) with a status of 1 待办 or 2 已办 and an action of 通过, 退回 or 其他; tongban defines
//! its own states and maps every transition to a step record.
//!
//! ```text
//! draft ─submit→ submitted ─accept→ accepted ─start_review→ under_review ─approve→ approved ─close→ closed
//!                   │  ↑                                       │   ↑   └─deny→ denied ─close→ closed
//!                   │  └─answer_correction─ correction_requested  │   └─end_special_procedure─┐
//!                   ├─request_correction──────────┘              └─start_special_procedure→ special_procedure
//!                   └─reject→ rejected_at_intake
//! withdraw: from submitted, correction_requested, accepted, under_review, special_procedure
//! ```

mod clock;
mod transition;

pub use clock::{DEEMED_ACCEPTANCE_WORKING_DAYS, DeadlineFlag, correction_notice_due, flag};
pub use transition::{Action, ActorRole, CaseStatus, StepAction, TransitionError, transition};
