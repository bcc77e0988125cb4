//! Cross-province handling (跨省通办) between nodes: a receiving place forwards an application
//! to the handling place through the passage, and the handling place reports every status
//! change back.
//!
//! An application travels as `case.material_part` messages, one per piece of at most
//! [`PART_BYTES`] of a material file, followed by one `case.application` message, all with the
//! application's id at the receiving place as ordering key. The passage applies them in that
//! order, so when the application is applied every piece is there.

mod bodies;
mod handlers;
pub mod joint;

pub use bodies::{ApplicantBody, ApplicationBody, MaterialEntry, MaterialPartBody};
pub use handlers::{ApplicationHandler, MaterialPartHandler, MirrorHandler, PassageSlot};

/// The message type of an application forwarded to its handling place.
pub const APPLICATION_TYPE: &str = "case.application";

/// The message type of a piece of a material file of a forwarded application.
pub const MATERIAL_PART_TYPE: &str = "case.material_part";

/// Bytes of a material file per `case.material_part` message. In Base64 a piece takes 4/3 of
/// that, which leaves room within the passage's 1 MiB envelope limit.
pub const PART_BYTES: usize = 512 * 1024;
