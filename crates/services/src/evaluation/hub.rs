//! Ratings and rectifications crossing the passage: the hub's copy of what nodes report, a
//! rating given at the hub portal, and the node's handler of such a rating.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tongban_domain::calendar::WorkCalendar;
use tongban_domain::evaluation::{Channel, Satisfaction, SubRatings};
use tongban_store::Store;
use tongban_store::evaluation as stored;
use tongban_store::passage::StoreConnection;

use super::rate::{Env, Rater, RatingInput, record_rating};
use super::{EvaluationError, EvaluationReport, RATING_TYPE, RegionRules};
use crate::crossing::PassageSlot;
use crate::passage::{BoxFuture, HandlerError, IncomingMessage, MessageHandler, Passage};

fn parse<T: serde::de::DeserializeOwned>(
    kind: &str,
    body: &Map<String, Value>,
) -> Result<T, HandlerError> {
    serde_json::from_value(Value::Object(body.clone()))
        .map_err(|error| HandlerError::Rejected(format!("invalid {kind}: {error}")))
}

/// The hub's handler of `evaluation.report`: copies the rating and the rectification of the
/// sending node. A rating already copied and an older rectification state are ignored.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportHandler;

impl MessageHandler for ReportHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<EvaluationReport>("evaluation report", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let report: EvaluationReport = parse("evaluation report", &message.body)?;
            if let Some(rating) = report.rating {
                let record = rating.into_record(&message.sender);
                if !stored::insert_rating(&mut *connection, &record).await? {
                    tracing::debug!(case_number = %record.case_number, sender = %message.sender,
                        "a rating the hub already has was ignored");
                }
            }
            if let Some(rectification) = report.rectification {
                let record = rectification.into_record(&message.sender);
                stored::upsert_rectification_copy(&mut *connection, &record).await?;
            }
            Ok(())
        })
    }
}

/// The body of an `evaluation.rating` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingMessage {
    pub case_number: String,
    pub rater_subject: String,
    pub rater_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_subject: Option<String>,
    pub channel: Channel,
    pub follow_up: bool,
    pub satisfaction: Satisfaction,
    #[serde(default)]
    pub sub_ratings: SubRatings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Sends `input`, given by `rater` at the hub portal, to the node that handles the case, which
/// the hub's case index lists among the rater's cases. The node records it and reports it
/// back. A rating the node rejects, such as a second one of the channel, never reaches the
/// hub's statistics.
///
/// # Errors
/// [`EvaluationError::NotFound`] when the index lists no such case of the rater,
/// [`EvaluationError::NotClosed`] when its indexed status is not closed, and store or passage
/// failures.
pub async fn rate_at_hub(
    store: &Store,
    passage: &Passage,
    rater: &Rater,
    input: &RatingInput,
) -> Result<String, EvaluationError> {
    let mut entries = crate::case_index::list_holder_cases(store, &rater.subject)
        .await
        .map_err(|_| EvaluationError::NotFound)?;
    if let Some(window) = &rater.window_subject {
        entries.extend(
            crate::case_index::list_holder_cases(store, window)
                .await
                .map_err(|_| EvaluationError::NotFound)?,
        );
    }
    let entry = entries
        .into_iter()
        .find(|entry| entry.case_number == input.case_number)
        .ok_or(EvaluationError::NotFound)?;
    if entry.status != "closed" {
        return Err(EvaluationError::NotClosed);
    }
    let rated = stored::find_rating(
        store.pool(),
        &entry.handling_place,
        &input.case_number,
        input.channel.as_str(),
        input.follow_up,
    )
    .await?;
    if rated.is_some() {
        return Err(EvaluationError::AlreadyRated);
    }

    let body = RatingMessage {
        case_number: input.case_number.clone(),
        rater_subject: rater.subject.clone(),
        rater_name: rater.name.clone(),
        window_subject: rater.window_subject.clone(),
        channel: input.channel,
        follow_up: input.follow_up,
        satisfaction: input.satisfaction,
        sub_ratings: input.sub_ratings,
        comment: input.comment.clone(),
    };
    let mut transaction = store.begin().await?;
    let message = crate::passage::OutgoingMessage {
        receiver: &entry.handling_place,
        message_type: RATING_TYPE,
        ordering_key: &input.case_number,
        body: crate::cases::object_of(&body)?,
    };
    crate::passage::enqueue(&mut transaction, passage, message).await?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    tracing::info!(case_number = %input.case_number, node = %entry.handling_place,
        "rating given at the hub sent to the handling node");
    Ok(entry.handling_place)
}

/// A node's handler of `evaluation.rating`: records a rating given at the hub portal as a
/// rating given here, with the hub as its portal.
#[derive(Clone)]
pub struct RatingHandler {
    /// The calendar rectification deadlines are counted in.
    pub calendar: Arc<WorkCalendar>,
    /// The region's rules.
    pub rules: RegionRules,
    /// The node's passage, which the report to the hub goes through.
    pub passage: PassageSlot,
}

impl std::fmt::Debug for RatingHandler {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RatingHandler")
            .field("rules", &self.rules)
            .finish_non_exhaustive()
    }
}

impl MessageHandler for RatingHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<RatingMessage>("rating", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let body: RatingMessage = parse("rating", &message.body)?;
            let passage = self.passage.passage();
            let env = Env {
                node_id: &message.receiver,
                calendar: &self.calendar,
                now: chrono::Utc::now(),
                passage,
            };
            let rater = Rater {
                subject: body.rater_subject,
                name: body.rater_name,
                window_subject: body.window_subject,
            };
            let input = RatingInput {
                case_number: body.case_number,
                channel: body.channel,
                portal: message.sender.clone(),
                follow_up: body.follow_up,
                satisfaction: body.satisfaction,
                sub_ratings: body.sub_ratings,
                comment: body.comment,
            };
            match record_rating(connection, &env, self.rules, &rater, &input).await {
                Ok(_) => Ok(()),
                Err(EvaluationError::Store(error)) => Err(HandlerError::Store(error)),
                Err(error) => Err(HandlerError::Rejected(format!(
                    "rating of case {} rejected: {error}",
                    input.case_number
                ))),
            }
        })
    }
}
