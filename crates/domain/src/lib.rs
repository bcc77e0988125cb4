//! The domain of tongban: validated identifiers, the working-day calendar and the catalog model.
//!
//! Nothing here reads files, talks to a database or serves HTTP. Reference data arrives as
//! values (division records, holiday schedules) built by the `tongban-refdata` crate.

pub mod calendar;
pub mod case;
pub mod catalog;
pub mod certificate_type;
pub mod evaluation;
pub mod ids;
pub mod implementation;
pub mod node;
pub mod time;

pub use tongban_i18n::{Lang, Message};

/// A rule that a value broke, with a stable code for machines and a message for people.
pub trait RuleViolation: std::error::Error {
    /// Returns the stable code of the broken rule, such as `resident-check-character`. It is
    /// also the key of the message in the Fluent catalogs.
    fn rule(&self) -> &'static str;

    /// Returns the message that names the field and the rule, ready to render in either language.
    fn message(&self) -> Message;
}
