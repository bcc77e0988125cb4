//! Queries to data services as envelopes: the consumer sends a `data.query.request`, the
//! provider checks the grant and returns a `data.query.response` that repeats the SM3 digest
//! of the request, and both append the call to their data access log. The provider also
//! reports each call of a node to the hub in a `data.access.report`, so the hub's log, which
//! people read on the portal, contains every call about them.
//!
//! The provider rejects a query, and logs the rejection, when the grant it names does not
//! exist, belongs to another consumer or service, is not approved, has expired, does not
//! cover a field asked for, or has had `rate_limit_per_minute` answered queries in the last
//! 60 seconds.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::data_sharing::access_log::count_answered_since;
use tongban_store::data_sharing::grants as stored_grants;
use tongban_store::data_sharing::population;
use tongban_store::data_sharing::queries::{self as stored, DataQuery};
use tongban_store::passage::StoreConnection;

use super::access_log::{self, AccessRecord, RecordedAs};
use super::catalog::IDENTITY_SERVICE;
use super::{DataSharingError, body_of, field_list, parse_body};
use crate::crossing::PassageSlot;
use crate::passage::{
    BoxFuture, HandlerError, IncomingMessage, MessageHandler, OutgoingMessage, Passage, enqueue,
};

/// The message type of a query, from the consumer to the provider.
pub const REQUEST_TYPE: &str = "data.query.request";

/// The message type of the provider's response.
pub const RESPONSE_TYPE: &str = "data.query.response";

/// The message type of a provider's report of a node's call, to the hub.
pub const REPORT_TYPE: &str = "data.access.report";

/// The window the rate limit counts answered queries in.
const RATE_WINDOW_SECONDS: i64 = 60;

/// A query a consumer sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewQuery {
    /// The data service.
    pub service_id: String,
    /// Node id of the provider.
    pub provider_node: String,
    /// Resident ID number of the person the query is about.
    pub subject: String,
    /// The person's name, for an identity check.
    pub name: Option<String>,
    /// The field names asked for.
    pub fields: Vec<String>,
    /// Purpose of the use; `None` takes the grant's purpose.
    pub purpose: Option<String>,
    /// 办件编号 of the case the query serves.
    pub case_number: Option<String>,
    /// The requester, such as `account:<id>` or `staff:<id>`.
    pub requested_by: String,
    /// The grant to name; `None` names this consumer's newest usable grant of the service.
    pub grant_id: Option<String>,
}

/// The body of a `data.query.request` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryRequestBody {
    /// The request's id.
    pub request_id: String,
    /// The grant the consumer relies on, empty when it has none.
    pub grant_id: String,
    /// The data service.
    pub service_id: String,
    /// Resident ID number of the person the query is about.
    pub subject: String,
    /// The person's name, for an identity check.
    pub name: Option<String>,
    /// The field names asked for.
    pub fields: Vec<String>,
    /// Purpose of the use.
    pub purpose: String,
    /// 办件编号 of the case the query serves.
    pub case_number: Option<String>,
    /// The requester at the consumer.
    pub requested_by: String,
}

/// The body of a `data.query.response` message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryResponseBody {
    /// The request's id.
    pub request_id: String,
    /// SM3 (hex) of the canonical JSON of the request's body: the response is signed with
    /// it, so it cannot be passed off as the answer to another request.
    pub request_sm3: String,
    /// `answered` or `rejected`.
    pub outcome: String,
    /// The rejection code: `no-grant`, `grant-not-approved`, `grant-expired`,
    /// `field-not-granted`, `rate-limit` or `unknown-service`.
    pub reason: Option<String>,
    /// The returned fields.
    pub result: Map<String, Value>,
}

/// The body of a `data.access.report` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessReportBody {
    /// The request's id.
    pub request_id: String,
    /// The data service.
    pub service_id: String,
    /// Node id of the consumer.
    pub consumer: String,
    /// The grant the query named.
    pub grant_id: String,
    /// Resident ID number of the person the query is about.
    pub subject: String,
    /// The field names asked for.
    pub fields: Vec<String>,
    /// Purpose of the use.
    pub purpose: String,
    /// 办件编号 of the case, if any.
    pub case_number: Option<String>,
    /// `answered` or `rejected`.
    pub outcome: String,
    /// The rejection code.
    pub reason: Option<String>,
}

/// Returns the SM3 digest the response to a request with `body` must repeat.
///
/// # Errors
/// [`DataSharingError::Encode`] when the body cannot be serialised.
pub fn request_digest(body: &Map<String, Value>) -> Result<String, DataSharingError> {
    tongban_crypto::sm3_of_json(body).map_err(DataSharingError::Encode)
}

/// Sends `query` from this consumer: stores it as pending, logs it and puts the request in
/// the outbox, in one transaction, and wakes the delivery worker.
///
/// # Errors
/// As [`enqueue_query`].
pub async fn send_query(
    passage: &Passage,
    query: &NewQuery,
) -> Result<DataQuery, DataSharingError> {
    let mut transaction = passage.store().begin().await?;
    let sent = enqueue_query(&mut transaction, passage, query).await?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    Ok(sent)
}

/// Stores `query` as pending, logs it and puts the request in the outbox on `transaction`,
/// whose caller commits and then wakes the passage. The grant named is the one `query` names,
/// or else this consumer's newest usable one. A query without any grant is still sent, so
/// the provider rejects and logs it.
///
/// # Errors
/// [`DataSharingError::Invalid`] for a query without subject or fields,
/// [`DataSharingError::Store`] or [`DataSharingError::Passage`] when storing or sending fails.
pub async fn enqueue_query(
    transaction: &mut StoreConnection,
    passage: &Passage,
    query: &NewQuery,
) -> Result<DataQuery, DataSharingError> {
    if query.subject.trim().is_empty() || query.fields.is_empty() {
        return Err(DataSharingError::Invalid(
            "a query needs a subject and at least one field".to_owned(),
        ));
    }
    let now = Utc::now();
    let grant = match &query.grant_id {
        Some(id) => stored_grants::find_grant(passage.store().pool(), id).await?,
        None => {
            super::grants::usable_grant(
                passage.store(),
                &query.service_id,
                passage.instance_id(),
                now,
            )
            .await?
        }
    };
    let body = QueryRequestBody {
        request_id: format!("query-{}", tongban_crypto::random_token(12)),
        grant_id: match (&query.grant_id, &grant) {
            (_, Some(grant)) => grant.id.clone(),
            (Some(id), None) => id.clone(),
            (None, None) => String::new(),
        },
        service_id: query.service_id.clone(),
        subject: query.subject.clone(),
        name: query.name.clone(),
        fields: query.fields.clone(),
        purpose: query
            .purpose
            .clone()
            .or_else(|| grant.as_ref().map(|grant| grant.purpose.clone()))
            .unwrap_or_default(),
        case_number: query.case_number.clone(),
        requested_by: query.requested_by.clone(),
    };
    let body_map = body_of(&body)?;
    let stored_query = DataQuery {
        id: body.request_id.clone(),
        grant_id: body.grant_id.clone(),
        service_id: body.service_id.clone(),
        provider_node: query.provider_node.clone(),
        subject: body.subject.clone(),
        fields: serde_json::to_string(&body.fields).map_err(DataSharingError::Encode)?,
        purpose: body.purpose.clone(),
        case_number: body.case_number.clone(),
        requested_by: body.requested_by.clone(),
        request_sm3: request_digest(&body_map)?,
        status: "pending".to_owned(),
        result: None,
        requested_at: now,
        answered_at: None,
    };

    stored::insert_query(&mut *transaction, &stored_query).await?;
    let record = record_of(
        &body,
        &query.provider_node,
        passage.instance_id(),
        "requested",
        None,
    );
    access_log::append(transaction, RecordedAs::Consumer, &record, now).await?;
    let message = OutgoingMessage {
        receiver: &query.provider_node,
        message_type: REQUEST_TYPE,
        ordering_key: &body.request_id,
        body: body_map,
    };
    enqueue(&mut *transaction, passage, message).await?;
    tracing::info!(query = %stored_query.id, service = %stored_query.service_id,
        provider = %stored_query.provider_node, "data query sent");
    Ok(stored_query)
}

/// Returns query `id` of this consumer.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn find_query(store: &Store, id: &str) -> Result<Option<DataQuery>, DataSharingError> {
    Ok(stored::find_query(store.pool(), id).await?)
}

/// Waits up to `limit` for the response to query `id`, checking every 50 ms; returns the
/// query as it is then, pending if no response came.
///
/// # Errors
/// [`DataSharingError::NotFound`] for an unknown query, [`DataSharingError::Store`] when the
/// database fails.
pub async fn wait_for_response(
    store: &Store,
    id: &str,
    limit: std::time::Duration,
) -> Result<DataQuery, DataSharingError> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let query = find_query(store, id)
            .await?
            .ok_or_else(|| DataSharingError::NotFound(format!("data query {id}")))?;
        if query.status != "pending" || tokio::time::Instant::now() >= deadline {
            return Ok(query);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn record_of<'a>(
    body: &'a QueryRequestBody,
    provider_node: &'a str,
    consumer: &'a str,
    outcome: &'a str,
    reason: Option<&'a str>,
) -> AccessRecord<'a> {
    AccessRecord {
        request_id: &body.request_id,
        service_id: &body.service_id,
        provider_node,
        consumer,
        grant_id: &body.grant_id,
        subject: &body.subject,
        fields: &body.fields,
        purpose: &body.purpose,
        case_number: body.case_number.as_deref(),
        outcome,
        reason,
    }
}

/// Answers at the provider a query a consumer sent, after checking its grant, logs the call
/// and sends the response, and a report to the hub when the consumer is a node.
#[derive(Debug, Clone, Default)]
pub struct RequestHandler {
    /// The passage the response goes through.
    pub passage: PassageSlot,
}

impl MessageHandler for RequestHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse_body::<QueryRequestBody>("data query", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let request: QueryRequestBody = parse_body("data query", &message.body)?;
            let passage = self.passage.passage().ok_or_else(|| {
                HandlerError::Rejected("the passage is not set up yet".to_owned())
            })?;
            let rejected = |error: DataSharingError| HandlerError::Rejected(error.to_string());
            let now = Utc::now();
            let request_sm3 = request_digest(&message.body).map_err(rejected)?;

            let rejection = check_grant(connection, &request, &message.sender, now).await?;
            let (outcome, result) = match rejection {
                Some(_) => ("rejected", Map::new()),
                None => ("answered", answer(connection, &request).await?),
            };
            let record = record_of(
                &request,
                &message.receiver,
                &message.sender,
                outcome,
                rejection,
            );
            access_log::append(connection, RecordedAs::Provider, &record, now)
                .await
                .map_err(rejected)?;
            if let Some(reason) = rejection {
                record_rejection(connection, &request, &message.sender, reason, now).await?;
            }

            let response = QueryResponseBody {
                request_id: request.request_id.clone(),
                request_sm3,
                outcome: outcome.to_owned(),
                reason: rejection.map(str::to_owned),
                result,
            };
            let reply = OutgoingMessage {
                receiver: &message.sender,
                message_type: RESPONSE_TYPE,
                ordering_key: &request.request_id,
                body: body_of(&response).map_err(rejected)?,
            };
            enqueue(&mut *connection, passage, reply)
                .await
                .map_err(|error| HandlerError::Rejected(error.to_string()))?;
            report_to_hub(
                connection,
                passage,
                &request,
                &message.sender,
                outcome,
                rejection,
            )
            .await?;
            tracing::info!(query = %request.request_id, consumer = %message.sender,
                service = %request.service_id, outcome, reason = ?rejection, "data query handled");
            Ok(())
        })
    }
}

/// Returns the code of the rule the query breaks, or `None` when its grant covers it.
async fn check_grant(
    connection: &mut StoreConnection,
    request: &QueryRequestBody,
    consumer: &str,
    now: DateTime<Utc>,
) -> Result<Option<&'static str>, HandlerError> {
    let grant = if request.grant_id.is_empty() {
        None
    } else {
        stored_grants::find_grant(&mut *connection, &request.grant_id).await?
    };
    let Some(grant) =
        grant.filter(|grant| grant.consumer == consumer && grant.service_id == request.service_id)
    else {
        return Ok(Some("no-grant"));
    };
    if grant.status != "approved" {
        return Ok(Some("grant-not-approved"));
    }
    if grant.valid_until <= now {
        return Ok(Some("grant-expired"));
    }
    let granted = field_list(&grant.fields);
    if request.fields.iter().any(|field| !granted.contains(field)) {
        return Ok(Some("field-not-granted"));
    }
    let since = now - Duration::seconds(RATE_WINDOW_SECONDS);
    let answered = count_answered_since(&mut *connection, &grant.id, "provider", since).await?;
    if answered >= grant.rate_limit_per_minute {
        return Ok(Some("rate-limit"));
    }
    Ok(None)
}

/// Returns the fields `request` asks for; only `population.identity` is served so far.
async fn answer(
    connection: &mut StoreConnection,
    request: &QueryRequestBody,
) -> Result<Map<String, Value>, HandlerError> {
    let mut result = Map::new();
    if request.service_id != IDENTITY_SERVICE {
        return Ok(result);
    }
    let person = population::find_person(&mut *connection, &request.subject).await?;
    let matched = match (&person, &request.name) {
        (None, _) => "not_found",
        (Some(person), Some(name)) if person.name == name.trim() => "match",
        (Some(_), _) => "name_mismatch",
    };
    let Some(person) = person.filter(|_| matched == "match") else {
        if request.fields.iter().any(|field| field == "identity_match") {
            result.insert("identity_match".to_owned(), json!(matched));
        }
        return Ok(result);
    };
    for field in &request.fields {
        let value = match field.as_str() {
            "identity_match" => json!(matched),
            "birth_date" => json!(person.birth_date),
            "sex" => json!(person.sex),
            "household_division" => json!(person.household_division),
            _ => continue,
        };
        result.insert(field.clone(), value);
    }
    Ok(result)
}

async fn record_rejection(
    connection: &mut StoreConnection,
    request: &QueryRequestBody,
    consumer: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), HandlerError> {
    let event = NewAuditEvent {
        occurred_at: now,
        actor: format!("node:{consumer}"),
        action: "data.query.reject".to_owned(),
        subject: format!("data-query/{}", request.request_id),
        reason: Some(reason.to_owned()),
        details: Some(json!({
            "service_id": request.service_id,
            "grant_id": request.grant_id,
            "fields": request.fields,
        })),
    };
    audit::record_event(&mut *connection, &event).await?;
    tracing::warn!(query = %request.request_id, consumer, reason, "data query rejected");
    Ok(())
}

/// Sends the hub a report of a node's call; the hub's own calls it logs itself.
async fn report_to_hub(
    connection: &mut StoreConnection,
    passage: &Passage,
    request: &QueryRequestBody,
    consumer: &str,
    outcome: &str,
    reason: Option<&str>,
) -> Result<(), HandlerError> {
    let failed = |error: DataSharingError| HandlerError::Rejected(error.to_string());
    let hub = super::hub_of(connection).await.map_err(failed)?;
    if consumer == hub {
        return Ok(());
    }
    let report = AccessReportBody {
        request_id: request.request_id.clone(),
        service_id: request.service_id.clone(),
        consumer: consumer.to_owned(),
        grant_id: request.grant_id.clone(),
        subject: request.subject.clone(),
        fields: request.fields.clone(),
        purpose: request.purpose.clone(),
        case_number: request.case_number.clone(),
        outcome: outcome.to_owned(),
        reason: reason.map(str::to_owned),
    };
    let message = OutgoingMessage {
        receiver: &hub,
        message_type: REPORT_TYPE,
        ordering_key: &request.request_id,
        body: body_of(&report).map_err(failed)?,
    };
    enqueue(&mut *connection, passage, message)
        .await
        .map_err(|error| HandlerError::Rejected(error.to_string()))?;
    Ok(())
}

/// Records at the consumer the response to one of its queries, after checking that it comes
/// from the provider asked and repeats the digest of the request, and logs it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResponseHandler;

impl MessageHandler for ResponseHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse_body::<QueryResponseBody>("data query response", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let response: QueryResponseBody = parse_body("data query response", &message.body)?;
            let now = Utc::now();
            let rejected = |error: DataSharingError| HandlerError::Rejected(error.to_string());
            let query = stored::find_query(&mut *connection, &response.request_id)
                .await?
                .filter(|query| query.provider_node == message.sender)
                .ok_or_else(|| {
                    HandlerError::Rejected(format!(
                        "no query {} to {}",
                        response.request_id, message.sender
                    ))
                })?;
            if response.request_sm3 != query.request_sm3 {
                return Err(HandlerError::Rejected(format!(
                    "the response to {} names request digest {}, not {}",
                    query.id, response.request_sm3, query.request_sm3
                )));
            }
            let outcome = if response.outcome == "answered" {
                "answered"
            } else {
                "rejected"
            };
            let result = match &response.reason {
                Some(reason) if outcome == "rejected" => json!({ "reason": reason }),
                _ => Value::Object(response.result.clone()),
            };
            let fields = field_list(&query.fields);
            let record = AccessRecord {
                request_id: &query.id,
                service_id: &query.service_id,
                provider_node: &query.provider_node,
                consumer: &message.receiver,
                grant_id: &query.grant_id,
                subject: &query.subject,
                fields: &fields,
                purpose: &query.purpose,
                case_number: query.case_number.as_deref(),
                outcome,
                reason: response.reason.as_deref(),
            };
            access_log::append(connection, RecordedAs::Consumer, &record, now)
                .await
                .map_err(rejected)?;
            let recorded = stored::record_response(
                &mut *connection,
                &query.id,
                outcome,
                &result.to_string(),
                now,
            )
            .await?;
            if !recorded {
                return Err(HandlerError::Rejected(format!(
                    "query {} was answered before",
                    query.id
                )));
            }
            super::identity::apply_response(connection, &query, &response).await?;
            super::case_checks::record_response(connection, &query, &response, now).await?;
            tracing::info!(query = %query.id, provider = %message.sender, outcome,
                "data query response received");
            Ok(())
        })
    }
}

/// Appends at the hub a provider's report of a node's call to the hub's data access log.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportHandler;

impl MessageHandler for ReportHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse_body::<AccessReportBody>("data access report", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let report: AccessReportBody = parse_body("data access report", &message.body)?;
            let record = AccessRecord {
                request_id: &report.request_id,
                service_id: &report.service_id,
                provider_node: &message.sender,
                consumer: &report.consumer,
                grant_id: &report.grant_id,
                subject: &report.subject,
                fields: &report.fields,
                purpose: &report.purpose,
                case_number: report.case_number.as_deref(),
                outcome: &report.outcome,
                reason: report.reason.as_deref(),
            };
            access_log::append(connection, RecordedAs::Hub, &record, Utc::now())
                .await
                .map_err(|error| HandlerError::Rejected(error.to_string()))?;
            Ok(())
        })
    }
}
