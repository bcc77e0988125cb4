//! Joint handling (多地联办): the handling place requests another node to contribute a step to
//! a case, such as an opinion or a check. A clerk there records it, and it returns to the
//! case's history at the handling place.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tongban_domain::case::CaseStatus;
use tongban_i18n::Message;
use tongban_store::cases::{self as stored, ActorKind, NewCaseEvent};
use tongban_store::contributions::{self, Contribution};
use tongban_store::passage::StoreConnection;
use tongban_store::{catalog, implementations};

use crate::cases::{CaseContext, CaseError, Clerk, find_clerk_case, object_of};
use crate::fields::single;
use crate::passage::{
    BoxFuture, HandlerError, IncomingMessage, MessageHandler, OutgoingMessage, Passage, enqueue,
};

/// The message type of a request for a contribution.
pub const REQUEST_TYPE: &str = "case.contribution_request";

/// The message type of a contribution made.
pub const CONTRIBUTION_TYPE: &str = "case.contribution";

/// Contributions listed; older ones are left out.
pub const MAX_LISTED: i64 = 200;

/// Maximum length of a request or an opinion, in characters.
const MAX_TEXT_CHARS: usize = 2000;

/// The statuses in which a case may ask for a contribution: accepted and not yet decided.
const OPEN: [CaseStatus; 3] = [
    CaseStatus::Accepted,
    CaseStatus::UnderReview,
    CaseStatus::SpecialProcedure,
];

/// The body of a `case.contribution_request` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// The contribution's id.
    pub contribution_id: String,
    /// 办件编号.
    pub case_number: String,
    /// 事项名称.
    pub item_name: String,
    /// The applicant's name.
    pub applicant_name: String,
    /// The request text.
    pub request: String,
    /// The clerk who asked.
    pub requested_by: String,
    /// When it was asked.
    pub requested_at: chrono::DateTime<Utc>,
}

/// The body of a `case.contribution` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionBody {
    /// The contribution's id.
    pub contribution_id: String,
    /// The opinion or the result of the check.
    pub opinion: String,
    /// The clerk who made it.
    pub answered_by: String,
    /// When it was made.
    pub answered_at: chrono::DateTime<Utc>,
}

fn text_error(field: &'static str, key: &'static str) -> CaseError {
    CaseError::Invalid(single(field, Message::new(key)))
}

fn checked_text(field: &'static str, text: &str) -> Result<String, CaseError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(text_error(field, "case-contribution-text-missing"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(text_error(field, "case-contribution-text-too-long"));
    }
    Ok(text.to_owned())
}

fn passage_of(context: &CaseContext) -> Result<&Passage, CaseError> {
    context
        .reporter
        .as_ref()
        .map(crate::case_index::Reporter::passage)
        .ok_or_else(|| text_error("contributor", "case-contribution-no-passage"))
}

fn passage_failed(error: crate::passage::PassageError) -> CaseError {
    CaseError::Passage(Box::new(error))
}

/// Asks node `contributor` for a contribution to case `case_id` of `clerk`'s node, records
/// the request in the case's history and sends it, in one transaction. Needs the reviewer
/// role.
///
/// # Errors
/// [`CaseError::NotFound`] when the clerk may not see the case, [`CaseError::RoleMissing`],
/// [`CaseError::NotEditable`] unless the case is accepted and not yet decided,
/// [`CaseError::Invalid`] for an empty or too long request or this node as contributor, and
/// [`CaseError::Passage`] or [`CaseError::Store`] when sending fails.
pub async fn request_contribution(
    context: &CaseContext,
    clerk: &Clerk,
    case_id: &str,
    contributor: &str,
    request: &str,
) -> Result<Contribution, CaseError> {
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
    let request = checked_text("request", request)?;
    let passage = passage_of(context)?;
    if contributor == passage.instance_id() || contributor.trim().is_empty() {
        return Err(text_error(
            "contributor",
            "case-contribution-contributor-invalid",
        ));
    }
    let case_number = case.case_number.clone().unwrap_or_default();
    let now = context.now();

    let item_name = item_name(context, &case.implementation_id).await?;

    // The first statement writes, so on SQLite the transaction takes the write lock at once
    // and never has to turn a read lock into a write lock, which fails when another writer
    // is active.
    let mut transaction = context.store.begin().await?;
    let contribution = Contribution {
        id: format!("contribution-{}", tongban_crypto::random_token(12)),
        requester: passage.instance_id().to_owned(),
        contributor: contributor.to_owned(),
        case_id: Some(case.id.clone()),
        case_number: case_number.clone(),
        item_name,
        applicant_name: case.applicant.name.clone(),
        request,
        requested_by: clerk.name.clone(),
        requested_at: now,
        opinion: None,
        answered_by: None,
        answered_at: None,
    };
    contributions::insert_contribution(&mut *transaction, &contribution).await?;
    let event = NewCaseEvent {
        case_id: case.id.clone(),
        occurred_at: now,
        actor_kind: ActorKind::Clerk,
        actor_id: clerk.id.clone(),
        actor_name: clerk.name.clone(),
        action: "request_contribution".to_owned(),
        from_status: Some(case.status),
        to_status: case.status,
        reason: Some(contribution.request.clone()),
        details: Some(serde_json::json!({
            "contribution_id": contribution.id,
            "contributor": contributor,
        })),
        step: None,
    };
    stored::append_case_event(&mut *transaction, &event).await?;
    let body = RequestBody {
        contribution_id: contribution.id.clone(),
        case_number,
        item_name: contribution.item_name.clone(),
        applicant_name: contribution.applicant_name.clone(),
        request: contribution.request.clone(),
        requested_by: contribution.requested_by.clone(),
        requested_at: now,
    };
    let message = OutgoingMessage {
        receiver: contributor,
        message_type: REQUEST_TYPE,
        ordering_key: &contribution.id,
        body: object_of(&body).map_err(passage_failed)?,
    };
    enqueue(&mut transaction, passage, message)
        .await
        .map_err(passage_failed)?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    Ok(contribution)
}

/// Returns 事项名称 of implementation `id`, or the id when the node no longer lists it.
async fn item_name(context: &CaseContext, id: &str) -> Result<String, CaseError> {
    let pool = context.store.pool();
    let Some(implementation) = implementations::find_implementation(pool, id).await? else {
        return Ok(id.to_owned());
    };
    let item =
        catalog::find_service_item(pool, &implementation.source, &implementation.record_id).await?;
    Ok(item.map_or_else(|| id.to_owned(), |item| item.name))
}

/// Returns the contributions other nodes asked of this node, newest first.
///
/// # Errors
/// [`CaseError::Store`] when the database fails.
pub async fn list_asked(context: &CaseContext) -> Result<Vec<Contribution>, CaseError> {
    let Some(node_id) = context.node_id() else {
        return Ok(Vec::new());
    };
    Ok(contributions::list_asked_of(context.store.pool(), node_id, MAX_LISTED).await?)
}

/// Records the `opinion` of `clerk` on contribution `id` asked of this node and sends it to
/// the requester, in one transaction. Needs the reviewer role.
///
/// # Errors
/// [`CaseError::NotFound`] for a contribution not asked of this node,
/// [`CaseError::RoleMissing`], [`CaseError::Changed`] when it was made already,
/// [`CaseError::Invalid`] for an empty or too long opinion, and [`CaseError::Passage`] or
/// [`CaseError::Store`] when sending fails.
pub async fn contribute(
    context: &CaseContext,
    clerk: &Clerk,
    id: &str,
    opinion: &str,
) -> Result<Contribution, CaseError> {
    if !clerk.has_role("reviewer") && !clerk.has_role("admin") {
        return Err(CaseError::RoleMissing {
            action: tongban_domain::case::Action::StartReview,
            role: "reviewer",
        });
    }
    let passage = passage_of(context)?;
    let asked = contributions::find_contribution(context.store.pool(), id)
        .await?
        .filter(|asked| asked.contributor == passage.instance_id())
        .ok_or(CaseError::NotFound)?;
    let opinion = checked_text("opinion", opinion)?;
    let now = context.now();

    let mut transaction = context.store.begin().await?;
    if !contributions::record_opinion(&mut *transaction, id, &opinion, &clerk.name, now).await? {
        return Err(CaseError::Changed);
    }
    let body = ContributionBody {
        contribution_id: id.to_owned(),
        opinion: opinion.clone(),
        answered_by: clerk.name.clone(),
        answered_at: now,
    };
    let message = OutgoingMessage {
        receiver: &asked.requester,
        message_type: CONTRIBUTION_TYPE,
        ordering_key: id,
        body: object_of(&body).map_err(passage_failed)?,
    };
    enqueue(&mut transaction, passage, message)
        .await
        .map_err(passage_failed)?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    Ok(Contribution {
        opinion: Some(opinion),
        answered_by: Some(clerk.name.clone()),
        answered_at: Some(now),
        ..asked
    })
}

fn parse<T: serde::de::DeserializeOwned>(
    kind: &str,
    body: &Map<String, Value>,
) -> Result<T, HandlerError> {
    serde_json::from_value(Value::Object(body.clone()))
        .map_err(|error| HandlerError::Rejected(format!("invalid {kind}: {error}")))
}

/// Stores at the contributor a contribution another node requests.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestHandler;

impl MessageHandler for RequestHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<RequestBody>("contribution request", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let body: RequestBody = parse("contribution request", &message.body)?;
            let contribution = Contribution {
                id: body.contribution_id,
                requester: message.sender.clone(),
                contributor: message.receiver.clone(),
                case_id: None,
                case_number: body.case_number,
                item_name: body.item_name,
                applicant_name: body.applicant_name,
                request: body.request,
                requested_by: body.requested_by,
                requested_at: body.requested_at,
                opinion: None,
                answered_by: None,
                answered_at: None,
            };
            contributions::insert_contribution(&mut *connection, &contribution).await?;
            Ok(())
        })
    }
}

/// Records at the requester a contribution made, in the case's history.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContributionHandler;

impl MessageHandler for ContributionHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<ContributionBody>("contribution", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let body: ContributionBody = parse("contribution", &message.body)?;
            let rejected = |reason: String| HandlerError::Rejected(reason);
            let asked = contributions::find_contribution(&mut *connection, &body.contribution_id)
                .await?
                .filter(|asked| asked.contributor == message.sender)
                .ok_or_else(|| {
                    rejected(format!(
                        "no contribution {} asked of {}",
                        body.contribution_id, message.sender
                    ))
                })?;
            let case_id = asked
                .case_id
                .ok_or_else(|| rejected(format!("contribution {} has no case", asked.id)))?;
            let case = stored::find_case(&mut *connection, &case_id)
                .await?
                .ok_or_else(|| rejected(format!("case {case_id} is gone")))?;
            contributions::record_opinion(
                &mut *connection,
                &asked.id,
                &body.opinion,
                &body.answered_by,
                body.answered_at,
            )
            .await?;
            let event = NewCaseEvent {
                case_id,
                occurred_at: body.answered_at,
                actor_kind: ActorKind::Clerk,
                actor_id: format!("node/{}", message.sender),
                actor_name: format!("{}（{}）", body.answered_by, message.sender),
                action: "contribution".to_owned(),
                from_status: Some(case.status),
                to_status: case.status,
                reason: Some(body.opinion),
                details: Some(serde_json::json!({
                    "contribution_id": asked.id,
                    "contributor": message.sender,
                })),
                step: None,
            };
            stored::append_case_event(&mut *connection, &event).await?;
            Ok(())
        })
    }
}
