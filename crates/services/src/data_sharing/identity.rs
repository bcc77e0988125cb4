//! Real-name verification (实名认证) at the hub: the name and resident ID number of a newly
//! registered person are checked against the population registry through the passage.
//!
//! Registration creates the account with `self_asserted` assurance first, then sends the
//! query and waits a bounded time for the response. When the response reports a match, the
//! response handler raises the account to `registry_verified`, whether the registration is
//! still waiting or the response comes later. A mismatch changes nothing and names the field
//! that does not match. When the registry does not answer in time the account stays
//! `self_asserted`, and the person can ask for the check again from the account page.

use std::time::Duration;

use chrono::Utc;
use serde_json::{Value, json};
use tongban_store::accounts as stored_accounts;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::data_sharing::queries::DataQuery;
use tongban_store::passage::StoreConnection;

use super::DataSharingError;
use super::catalog::IDENTITY_SERVICE;
use super::queries::{NewQuery, QueryResponseBody, send_query, wait_for_response};
use crate::accounts::{Account, AssuranceLevel};
use crate::passage::{HandlerError, Passage};

/// How long registration waits for the registry by default.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// The outcome of a real-name verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// Name and number match the registry: the account is `registry_verified`.
    Verified,
    /// The registry has the number under another name.
    NameMismatch,
    /// The registry does not have the number.
    NotFound,
    /// The registry rejected the query, for example because the hub's grant expired.
    Rejected,
    /// The registry did not answer in time; the response may still come.
    Pending,
    /// No registry is in the catalog, or the hub has no approved grant for it.
    Unavailable,
}

impl Verification {
    /// Returns the code pages and the JSON API show, such as `name-mismatch`.
    pub fn code(self) -> &'static str {
        match self {
            Verification::Verified => "verified",
            Verification::NameMismatch => "name-mismatch",
            Verification::NotFound => "not-found",
            Verification::Rejected => "rejected",
            Verification::Pending => "pending",
            Verification::Unavailable => "unavailable",
        }
    }

    /// Returns the outcome a code names.
    pub fn from_code(code: &str) -> Option<Verification> {
        [
            Verification::Verified,
            Verification::NameMismatch,
            Verification::NotFound,
            Verification::Rejected,
            Verification::Pending,
            Verification::Unavailable,
        ]
        .into_iter()
        .find(|outcome| outcome.code() == code)
    }
}

/// Checks `account`'s name and resident ID number against the population registry and waits
/// up to `wait` for the answer.
///
/// # Errors
/// [`DataSharingError::Store`] or [`DataSharingError::Passage`] when storing or sending the
/// query fails.
pub async fn verify_account(
    passage: &Passage,
    account: &Account,
    wait: Duration,
) -> Result<Verification, DataSharingError> {
    let Some(resident_id) = account.resident_id.as_deref() else {
        return Ok(Verification::Unavailable);
    };
    if account.assurance_level == AssuranceLevel::RegistryVerified {
        return Ok(Verification::Verified);
    }
    let now = Utc::now();
    let service = super::catalog::find_service(passage.store(), IDENTITY_SERVICE).await?;
    let Some(service) = service else {
        return Ok(Verification::Unavailable);
    };
    let grant = super::grants::usable_grant(
        passage.store(),
        IDENTITY_SERVICE,
        passage.instance_id(),
        now,
    )
    .await?;
    if !grant.is_some_and(|grant| grant.status == "approved" && grant.valid_until > now) {
        return Ok(Verification::Unavailable);
    }

    let query = NewQuery {
        service_id: IDENTITY_SERVICE.to_owned(),
        provider_node: service.provider_node,
        subject: resident_id.to_owned(),
        name: Some(account.name.clone()),
        fields: vec!["identity_match".to_owned()],
        purpose: None,
        case_number: None,
        requested_by: account.actor(),
        grant_id: None,
    };
    let sent = send_query(passage, &query).await?;
    let answered = wait_for_response(passage.store(), &sent.id, wait).await?;
    Ok(outcome_of(&answered))
}

/// Returns the verification outcome a stored query stands for.
pub fn outcome_of(query: &DataQuery) -> Verification {
    if query.status == "pending" {
        return Verification::Pending;
    }
    if query.status == "rejected" {
        return Verification::Rejected;
    }
    let result: Value = query
        .result
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or(Value::Null);
    match result.get("identity_match").and_then(Value::as_str) {
        Some("match") => Verification::Verified,
        Some("name_mismatch") => Verification::NameMismatch,
        Some("not_found") => Verification::NotFound,
        _ => Verification::Rejected,
    }
}

/// Raises the account that asked `query` to `registry_verified` when `response` reports a
/// match, with an audit event; does nothing for other queries. Runs in the transaction that
/// records the response.
///
/// # Errors
/// [`HandlerError::Store`] when the database fails.
pub(super) async fn apply_response(
    connection: &mut StoreConnection,
    query: &DataQuery,
    response: &QueryResponseBody,
) -> Result<(), HandlerError> {
    let Some(account_id) = query.requested_by.strip_prefix("account:") else {
        return Ok(());
    };
    let matched = response.result.get("identity_match") == Some(&json!("match"));
    if query.service_id != IDENTITY_SERVICE || response.outcome != "answered" || !matched {
        return Ok(());
    }
    let now = Utc::now();
    let level = AssuranceLevel::RegistryVerified.as_str();
    if !stored_accounts::set_assurance_level(
        &mut *connection,
        account_id,
        &query.subject,
        level,
        now,
    )
    .await?
    {
        tracing::warn!(account = account_id, query = %query.id,
            "registry match for an account that changed or is gone");
        return Ok(());
    }
    let event = NewAuditEvent {
        occurred_at: now,
        actor: format!("node:{}", query.provider_node),
        action: "account.verify".to_owned(),
        subject: crate::accounts::subject(account_id),
        reason: Some("the population registry matched name and resident ID number".to_owned()),
        details: Some(json!({ "query_id": query.id, "assurance_level": level })),
    };
    audit::record_event(&mut *connection, &event).await?;
    tracing::info!(
        account = account_id,
        "account verified against the population registry"
    );
    Ok(())
}
