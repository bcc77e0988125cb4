//! Use cases of the hub and the nodes: one function per thing an operator, a user or a peer
//! does. Callers own nothing of the database; a use case opens and commits its transactions.

pub mod accounts;
pub mod calendar;
pub mod case_index;
pub mod cases;
pub mod catalog_import;
pub mod catalog_search;
pub mod certificates;
pub mod crossing;
pub mod data_sharing;
mod error;
pub mod evaluation;
pub mod federation;
pub mod fields;
pub mod implementations;
pub mod keys;
pub mod legal_persons;
pub mod oidc_clients;
pub mod oidc_grants;
pub mod passage;
pub mod passwords;
pub mod staff;

pub use error::ServiceError;
