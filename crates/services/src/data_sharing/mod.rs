//! Data sharing (数据共享): departments' data services offered to other platforms.
//!
//! A provider node publishes its data services in the data resource catalog at the hub
//! ([`catalog`]). A consumer, a node or the hub itself, requests a grant for a purpose with a
//! legal basis, and the provider approves or denies it ([`grants`]). Queries then travel as
//! signed envelopes through the passage ([`queries`]): the provider checks the grant, answers
//! with a response that repeats the SM3 digest of the request, and every call, answered or
//! rejected, is appended to the hash-chained data access log ([`access_log`]) of the provider,
//! the hub and the consumer.
//!
//! The population registry ([`population`]) of the ministry node is the first data service:
//! `population.identity` matches a name and resident ID number, and the hub uses it for
//! real-name verification at registration ([`identity`]).

pub mod access_log;
pub mod case_checks;
pub mod catalog;
mod error;
pub mod grants;
pub mod identity;
pub mod population;
pub mod queries;

pub use error::DataSharingError;

/// Converts `value` into the JSON object of a message body.
fn body_of<T: serde::Serialize>(
    value: &T,
) -> Result<serde_json::Map<String, serde_json::Value>, DataSharingError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(DataSharingError::Invalid(
            "a message body must be a JSON object".to_owned(),
        )),
        Err(source) => Err(DataSharingError::Encode(source)),
    }
}

/// Reads a message body into `T`.
fn parse_body<T: serde::de::DeserializeOwned>(
    kind: &str,
    body: &serde_json::Map<String, serde_json::Value>,
) -> Result<T, crate::passage::HandlerError> {
    serde_json::from_value(serde_json::Value::Object(body.clone()))
        .map_err(|error| crate::passage::HandlerError::Rejected(format!("invalid {kind}: {error}")))
}

/// Returns the field names of a stored JSON array, or none when it is not one.
fn field_list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Returns the hub's id, from the cached trust list of this node.
async fn hub_of(
    connection: &mut tongban_store::passage::StoreConnection,
) -> Result<String, DataSharingError> {
    crate::case_index::report::hub_id(connection)
        .await?
        .ok_or_else(|| DataSharingError::NotFound("the hub's trust list".to_owned()))
}
