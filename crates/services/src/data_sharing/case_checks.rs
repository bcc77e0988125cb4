//! Data services in case review: a reviewer calls a data service the node has a grant for
//! about a case's applicant, instead of asking the applicant for paper. The call and the
//! response each become an event of the case history.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_domain::case::CaseStatus;
use tongban_i18n::Message;
use tongban_store::cases::{self as stored_cases, ActorKind, ID_TYPE_RESIDENT_CARD, NewCaseEvent};
use tongban_store::data_sharing::queries::DataQuery;
use tongban_store::passage::StoreConnection;

use super::queries::{NewQuery, QueryResponseBody, enqueue_query};
use crate::cases::{CaseContext, CaseError, Clerk, find_clerk_case};
use crate::fields::single;
use crate::passage::HandlerError;

/// The case history action of a call.
pub const QUERY_SENT_ACTION: &str = "data_query_sent";

/// The case history action of its response.
pub const QUERY_ANSWERED_ACTION: &str = "data_query_answered";

/// The states in which a reviewer checks an applicant's data.
const OPEN: [CaseStatus; 3] = [
    CaseStatus::Accepted,
    CaseStatus::UnderReview,
    CaseStatus::SpecialProcedure,
];

fn invalid(field: &'static str, key: &'static str) -> CaseError {
    CaseError::Invalid(single(field, Message::new(key)))
}

/// Calls data service `service_id` about the applicant of case `case_id` for `fields`, and
/// records the call in the case history, in one transaction. Needs the reviewer role and a
/// grant of the service to this node.
///
/// # Errors
/// [`CaseError::NotFound`] when the clerk may not see the case, [`CaseError::RoleMissing`],
/// and [`CaseError::NotEditable`] unless the case is accepted and not yet decided.
/// [`CaseError::Invalid`] names the field when the node has no grant, no field is requested or
/// the applicant has no resident ID number. [`CaseError::Store`] or [`CaseError::Passage`]
/// when sending fails.
pub async fn check_applicant(
    context: &CaseContext,
    clerk: &Clerk,
    case_id: &str,
    service_id: &str,
    fields: &[String],
) -> Result<DataQuery, CaseError> {
    let case = find_clerk_case(&context.store, clerk, case_id).await?;
    if !clerk.has_role("reviewer") && !clerk.has_role("admin") {
        return Err(CaseError::RoleMissing {
            action: tongban_domain::case::Action::StartReview,
            role: "reviewer",
        });
    }
    if !OPEN.contains(&case.status) {
        return Err(CaseError::NotEditable {
            status: case.status,
        });
    }
    if fields.is_empty() {
        return Err(invalid("fields", "data-check-fields-missing"));
    }
    if case.applicant.id_type != ID_TYPE_RESIDENT_CARD {
        return Err(invalid("service_id", "data-check-no-resident-id"));
    }
    let passage = context
        .reporter
        .as_ref()
        .map(crate::case_index::Reporter::passage)
        .ok_or_else(|| invalid("service_id", "data-check-no-grant"))?;
    let now = context.now();
    let grant = super::grants::usable_grant(&context.store, service_id, passage.instance_id(), now)
        .await
        .map_err(failed)?
        .filter(|grant| grant.status == "approved" && grant.valid_until > now)
        .ok_or_else(|| invalid("service_id", "data-check-no-grant"))?;

    let query = NewQuery {
        service_id: service_id.to_owned(),
        provider_node: grant.provider_node.clone(),
        subject: case.applicant.id_number.clone(),
        name: Some(case.applicant.name.clone()),
        fields: fields.to_vec(),
        purpose: None,
        case_number: case.case_number.clone(),
        requested_by: format!("staff:{}", clerk.id),
        grant_id: Some(grant.id.clone()),
    };
    let mut transaction = context.store.begin().await?;
    let sent = enqueue_query(&mut transaction, passage, &query)
        .await
        .map_err(failed)?;
    let event = NewCaseEvent {
        case_id: case.id.clone(),
        occurred_at: now,
        actor_kind: ActorKind::Clerk,
        actor_id: clerk.id.clone(),
        actor_name: clerk.name.clone(),
        action: QUERY_SENT_ACTION.to_owned(),
        from_status: Some(case.status),
        to_status: case.status,
        reason: Some(sent.purpose.clone()),
        details: Some(json!({
            "query_id": sent.id,
            "service_id": service_id,
            "provider": grant.provider_node,
            "fields": fields,
            "grant_id": grant.id,
        })),
        step: None,
    };
    stored_cases::append_case_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    Ok(sent)
}

fn failed(error: super::DataSharingError) -> CaseError {
    match error {
        super::DataSharingError::Store(error) => CaseError::Store(error),
        super::DataSharingError::Passage(error) => CaseError::Passage(error),
        other => CaseError::InvalidStored {
            what: "data query",
            detail: other.to_string(),
        },
    }
}

/// Records the response to a reviewer's call in the history of its case; does nothing for
/// queries of no case. Runs in the transaction that records the response.
///
/// # Errors
/// [`HandlerError::Store`] when the database fails.
pub(super) async fn record_response(
    connection: &mut StoreConnection,
    query: &DataQuery,
    response: &QueryResponseBody,
    now: DateTime<Utc>,
) -> Result<(), HandlerError> {
    let (Some(case_number), Some(clerk_id)) = (
        query.case_number.as_deref(),
        query.requested_by.strip_prefix("staff:"),
    ) else {
        return Ok(());
    };
    let Some(case_id) = stored_cases::find_case_id_by_number(&mut *connection, case_number).await?
    else {
        return Ok(());
    };
    let Some(case) = stored_cases::find_case(&mut *connection, &case_id).await? else {
        return Ok(());
    };
    let event = NewCaseEvent {
        case_id,
        occurred_at: now,
        actor_kind: ActorKind::System,
        actor_id: format!("node/{}", query.provider_node),
        actor_name: query.provider_node.clone(),
        action: QUERY_ANSWERED_ACTION.to_owned(),
        from_status: Some(case.status),
        to_status: case.status,
        reason: response.reason.clone(),
        details: Some(json!({
            "query_id": query.id,
            "service_id": query.service_id,
            "outcome": response.outcome,
            "result": response.result,
            "requested_by": clerk_id,
        })),
        step: None,
    };
    stored_cases::append_case_event(&mut *connection, &event).await?;
    Ok(())
}
