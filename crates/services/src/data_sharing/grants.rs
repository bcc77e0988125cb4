//! Grants (有条件共享): a consumer requests a data service for a purpose with a legal basis,
//! and the provider approves or denies, setting the fields, the validity and a rate limit.
//!
//! The grant lives at both ends under one id. The provider's copy is the one that counts:
//! it checks every query against it. The consumer's copy is the grant it names in a query.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::data_sharing::grants::{self as stored, DataGrant, GrantDecision};
use tongban_store::passage::StoreConnection;

use super::{DataSharingError, body_of, field_list, parse_body};
use crate::passage::{
    BoxFuture, HandlerError, IncomingMessage, MessageHandler, OutgoingMessage, Passage, enqueue,
};

/// The message type of a grant request, from the consumer to the provider.
pub const REQUEST_TYPE: &str = "data.grant.request";

/// The message type of the provider's decision, back to the consumer.
pub const DECISION_TYPE: &str = "data.grant.decision";

/// A consumer's request for a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGrantRequest {
    /// The data service.
    pub service_id: String,
    /// Node id of the provider.
    pub provider_node: String,
    /// Purpose of the use.
    pub purpose: String,
    /// The law or regulation the consumer relies on.
    pub legal_basis: String,
    /// The field names asked for.
    pub fields: Vec<String>,
    /// The end of validity asked for.
    pub valid_until: DateTime<Utc>,
    /// Queries per minute asked for.
    pub rate_limit_per_minute: i64,
    /// The requester, such as `staff:<id>` or `demo`.
    pub requested_by: String,
}

/// The body of a `data.grant.request` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantRequestBody {
    /// The grant's id.
    pub grant_id: String,
    /// The data service.
    pub service_id: String,
    /// Purpose of the use.
    pub purpose: String,
    /// The law or regulation the consumer relies on.
    pub legal_basis: String,
    /// The field names asked for.
    pub fields: Vec<String>,
    /// The end of validity asked for.
    pub valid_until: DateTime<Utc>,
    /// Queries per minute asked for.
    pub rate_limit_per_minute: i64,
    /// Who asked.
    pub requested_by: String,
    /// When.
    pub requested_at: DateTime<Utc>,
}

/// The body of a `data.grant.decision` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantDecisionBody {
    /// The grant's id.
    pub grant_id: String,
    /// `approved` or `denied`.
    pub status: String,
    /// The granted field names.
    pub fields: Vec<String>,
    /// End of validity.
    pub valid_until: DateTime<Utc>,
    /// Queries allowed per minute.
    pub rate_limit_per_minute: i64,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// Why.
    pub reason: Option<String>,
}

/// The provider's decision on a grant request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Approve or deny.
    pub approve: bool,
    /// The granted fields, a subset of those requested; `None` grants all requested.
    pub fields: Option<Vec<String>>,
    /// End of validity; `None` keeps the one requested.
    pub valid_until: Option<DateTime<Utc>>,
    /// Queries per minute; `None` keeps the one requested.
    pub rate_limit_per_minute: Option<i64>,
    /// Who decides, such as `staff:<id>`.
    pub decided_by: String,
    /// Why.
    pub reason: Option<String>,
}

/// A grant as the JSON API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantView {
    /// The grant's id.
    pub id: String,
    /// The data service.
    pub service_id: String,
    /// Node id of the provider.
    pub provider_node: String,
    /// Node id of the consumer, or the hub's id.
    pub consumer: String,
    /// Purpose of the use.
    pub purpose: String,
    /// The consumer's legal basis.
    pub legal_basis: String,
    /// The field names requested, or granted once approved.
    pub fields: Vec<String>,
    /// End of validity.
    pub valid_until: DateTime<Utc>,
    /// Queries allowed per minute.
    pub rate_limit_per_minute: i64,
    /// `requested`, `approved` or `denied`.
    pub status: String,
    /// The requester.
    pub requested_by: String,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// Why.
    pub decision_reason: Option<String>,
}

impl GrantView {
    /// Returns the view of a stored grant.
    pub fn of(grant: DataGrant) -> GrantView {
        GrantView {
            fields: field_list(&grant.fields),
            id: grant.id,
            service_id: grant.service_id,
            provider_node: grant.provider_node,
            consumer: grant.consumer,
            purpose: grant.purpose,
            legal_basis: grant.legal_basis,
            valid_until: grant.valid_until,
            rate_limit_per_minute: grant.rate_limit_per_minute,
            status: grant.status,
            requested_by: grant.requested_by,
            requested_at: grant.requested_at,
            decided_by: grant.decided_by,
            decided_at: grant.decided_at,
            decision_reason: grant.decision_reason,
        }
    }
}

fn check_request(request: &NewGrantRequest, now: DateTime<Utc>) -> Result<(), DataSharingError> {
    let invalid = |message: &str| Err(DataSharingError::Invalid(message.to_owned()));
    if request.purpose.trim().is_empty() {
        return invalid("purpose is missing: a grant is for a stated purpose");
    }
    if request.legal_basis.trim().is_empty() {
        return invalid("legal_basis is missing: name the law that allows the use");
    }
    if request.fields.is_empty() {
        return invalid("fields is empty: ask for at least one field");
    }
    if request.rate_limit_per_minute < 1 {
        return invalid("rate_limit_per_minute must be at least 1");
    }
    if request.valid_until <= now {
        return invalid("valid_until must be in the future");
    }
    Ok(())
}

/// Requests a grant at this consumer: stores it as requested and sends the request to the
/// provider, in one transaction.
///
/// # Errors
/// [`DataSharingError::Invalid`] naming the value that breaks a rule,
/// [`DataSharingError::Store`] or [`DataSharingError::Passage`] when storing or sending fails.
pub async fn request_grant(
    passage: &Passage,
    request: &NewGrantRequest,
) -> Result<GrantView, DataSharingError> {
    let now = Utc::now();
    check_request(request, now)?;
    let grant = DataGrant {
        id: format!("grant-{}", tongban_crypto::random_token(12)),
        service_id: request.service_id.clone(),
        provider_node: request.provider_node.clone(),
        consumer: passage.instance_id().to_owned(),
        purpose: request.purpose.clone(),
        legal_basis: request.legal_basis.clone(),
        fields: serde_json::to_string(&request.fields).map_err(DataSharingError::Encode)?,
        valid_until: request.valid_until,
        rate_limit_per_minute: request.rate_limit_per_minute,
        status: "requested".to_owned(),
        requested_by: request.requested_by.clone(),
        requested_at: now,
        decided_by: None,
        decided_at: None,
        decision_reason: None,
    };
    let body = GrantRequestBody {
        grant_id: grant.id.clone(),
        service_id: grant.service_id.clone(),
        purpose: grant.purpose.clone(),
        legal_basis: grant.legal_basis.clone(),
        fields: request.fields.clone(),
        valid_until: grant.valid_until,
        rate_limit_per_minute: grant.rate_limit_per_minute,
        requested_by: grant.requested_by.clone(),
        requested_at: now,
    };

    let mut transaction = passage.store().begin().await?;
    stored::insert_grant(&mut *transaction, &grant).await?;
    record_audit(
        &mut transaction,
        &grant.requested_by,
        "data.grant.request",
        &grant.id,
        Some(&grant.purpose),
        json!({ "service_id": grant.service_id, "provider": grant.provider_node }),
    )
    .await?;
    let message = OutgoingMessage {
        receiver: &grant.provider_node,
        message_type: REQUEST_TYPE,
        ordering_key: &grant.id,
        body: body_of(&body)?,
    };
    enqueue(&mut transaction, passage, message).await?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    tracing::info!(grant = %grant.id, service = %grant.service_id,
        provider = %grant.provider_node, "data grant requested");
    Ok(GrantView::of(grant))
}

/// Decides at the provider on grant `grant_id`, records the decision and sends it to the
/// consumer, in one transaction.
///
/// # Errors
/// [`DataSharingError::NotFound`] for an unknown grant, [`DataSharingError::Invalid`] for a
/// grant decided already or fields that were not requested, [`DataSharingError::Store`] or
/// [`DataSharingError::Passage`] when storing or sending fails.
pub async fn decide_grant(
    passage: &Passage,
    grant_id: &str,
    decision: &Decision,
) -> Result<GrantView, DataSharingError> {
    let now = Utc::now();
    let mut transaction = passage.store().begin().await?;
    let grant = stored::find_grant(&mut *transaction, grant_id)
        .await?
        .filter(|grant| grant.provider_node == passage.instance_id())
        .ok_or_else(|| DataSharingError::NotFound(format!("grant {grant_id}")))?;
    if grant.status != "requested" {
        return Err(DataSharingError::Invalid(format!(
            "grant {grant_id} is {} already",
            grant.status
        )));
    }
    let requested = field_list(&grant.fields);
    let fields = decision.fields.clone().unwrap_or_else(|| requested.clone());
    if let Some(extra) = fields.iter().find(|field| !requested.contains(field)) {
        return Err(DataSharingError::Invalid(format!(
            "field {extra} was not requested, so it cannot be granted"
        )));
    }
    let body = GrantDecisionBody {
        grant_id: grant.id.clone(),
        status: if decision.approve {
            "approved"
        } else {
            "denied"
        }
        .to_owned(),
        fields,
        valid_until: decision.valid_until.unwrap_or(grant.valid_until),
        rate_limit_per_minute: decision
            .rate_limit_per_minute
            .unwrap_or(grant.rate_limit_per_minute)
            .max(1),
        decided_by: decision.decided_by.clone(),
        decided_at: now,
        reason: decision.reason.clone(),
    };

    store_decision(&mut transaction, &body).await?;
    record_audit(
        &mut transaction,
        &body.decided_by,
        "data.grant.decide",
        &grant.id,
        body.reason.as_deref(),
        json!({ "status": body.status, "fields": body.fields, "consumer": grant.consumer }),
    )
    .await?;
    let message = OutgoingMessage {
        receiver: &grant.consumer,
        message_type: DECISION_TYPE,
        ordering_key: &grant.id,
        body: body_of(&body)?,
    };
    enqueue(&mut transaction, passage, message).await?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    tracing::info!(grant = %grant.id, status = %body.status, "data grant decided");
    let decided = stored::find_grant(passage.store().pool(), grant_id)
        .await?
        .ok_or_else(|| DataSharingError::NotFound(format!("grant {grant_id}")))?;
    Ok(GrantView::of(decided))
}

async fn store_decision(
    connection: &mut StoreConnection,
    body: &GrantDecisionBody,
) -> Result<bool, tongban_store::StoreError> {
    let fields = serde_json::to_string(&body.fields).unwrap_or_else(|_| "[]".to_owned());
    let decision = GrantDecision {
        status: &body.status,
        fields: &fields,
        valid_until: body.valid_until,
        rate_limit_per_minute: body.rate_limit_per_minute,
        decided_by: &body.decided_by,
        decided_at: body.decided_at,
        reason: body.reason.as_deref(),
    };
    stored::record_decision(&mut *connection, &body.grant_id, &decision).await
}

async fn record_audit(
    connection: &mut StoreConnection,
    actor: &str,
    action: &str,
    grant_id: &str,
    reason: Option<&str>,
    details: Value,
) -> Result<(), DataSharingError> {
    let event = NewAuditEvent {
        occurred_at: Utc::now(),
        actor: actor.to_owned(),
        action: action.to_owned(),
        subject: format!("data-grant/{grant_id}"),
        reason: reason.map(str::to_owned),
        details: Some(details),
    };
    audit::record_event(&mut *connection, &event).await?;
    Ok(())
}

/// Returns every grant this instance has or gave, newest first.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn list_grants(store: &Store) -> Result<Vec<GrantView>, DataSharingError> {
    let grants = stored::list_grants(store.pool()).await?;
    Ok(grants.into_iter().map(GrantView::of).collect())
}

/// Returns the newest approved grant of `service_id` to this consumer that is valid at
/// `now`, or else its newest grant of any state.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn usable_grant(
    store: &Store,
    service_id: &str,
    consumer: &str,
    now: DateTime<Utc>,
) -> Result<Option<DataGrant>, DataSharingError> {
    let grants = stored::grants_of(store.pool(), service_id, consumer).await?;
    let approved = grants
        .iter()
        .find(|grant| grant.status == "approved" && grant.valid_until > now)
        .cloned();
    Ok(approved.or_else(|| grants.into_iter().next()))
}

/// Stores at the provider a grant request a consumer sent, as requested.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestHandler;

impl MessageHandler for RequestHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse_body::<GrantRequestBody>("data grant request", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let request: GrantRequestBody = parse_body("data grant request", &message.body)?;
            let grant = DataGrant {
                id: request.grant_id.clone(),
                service_id: request.service_id.clone(),
                provider_node: message.receiver.clone(),
                consumer: message.sender.clone(),
                purpose: request.purpose.clone(),
                legal_basis: request.legal_basis.clone(),
                fields: serde_json::to_string(&request.fields)
                    .map_err(|error| HandlerError::Rejected(error.to_string()))?,
                valid_until: request.valid_until,
                rate_limit_per_minute: request.rate_limit_per_minute.max(1),
                status: "requested".to_owned(),
                requested_by: format!("{}:{}", message.sender, request.requested_by),
                requested_at: request.requested_at,
                decided_by: None,
                decided_at: None,
                decision_reason: None,
            };
            if !stored::insert_grant(&mut *connection, &grant).await? {
                return Err(HandlerError::Rejected(format!(
                    "grant {} exists already",
                    grant.id
                )));
            }
            tracing::info!(grant = %grant.id, consumer = %grant.consumer,
                service = %grant.service_id, "data grant request received");
            Ok(())
        })
    }
}

/// Stores at the consumer the provider's decision on one of its grants.
#[derive(Debug, Clone, Copy, Default)]
pub struct DecisionHandler;

impl MessageHandler for DecisionHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse_body::<GrantDecisionBody>("data grant decision", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let body: GrantDecisionBody = parse_body("data grant decision", &message.body)?;
            let grant = stored::find_grant(&mut *connection, &body.grant_id)
                .await?
                .filter(|grant| grant.provider_node == message.sender)
                .ok_or_else(|| {
                    HandlerError::Rejected(format!(
                        "no grant {} from {}",
                        body.grant_id, message.sender
                    ))
                })?;
            store_decision(&mut *connection, &body).await?;
            tracing::info!(grant = %grant.id, status = %body.status, "data grant decision received");
            Ok(())
        })
    }
}
