//! Use cases of the hub and the nodes: one function per thing an operator, a user or a peer
//! does. Callers own nothing of the database; a use case opens and commits its transactions.

pub mod calendar;
pub mod catalog_import;
mod error;
pub mod oidc_clients;

pub use error::ServiceError;
