//! The hub side: applying `case.status` messages to the index and to the supervision facts,
//! and listing a holder's cases.

use serde_json::{Map, Value};
use tongban_store::Store;
use tongban_store::case_index::{self, IndexEntry};
use tongban_store::passage::StoreConnection;

use super::{MAX_LISTED, StatusReport};
use crate::ServiceError;
use crate::passage::{BoxFuture, HandlerError, IncomingMessage, MessageHandler};

/// The hub's handler of `case.status`: upserts the index entry of the reported case unless
/// the index contains a report of the same or a later case version.
#[derive(Debug, Clone, Copy, Default)]
pub struct IndexHandler;

fn parse(body: &Map<String, Value>) -> Result<StatusReport, HandlerError> {
    serde_json::from_value(Value::Object(body.clone()))
        .map_err(|error| HandlerError::Rejected(format!("invalid case status report: {error}")))
}

impl MessageHandler for IndexHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse(body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let report = parse(&message.body)?;
            // Only the node that keeps a case reports it, so one node cannot rewrite the
            // index entries of another's cases.
            if report.handling_place != message.sender {
                return Err(HandlerError::Rejected(format!(
                    "node {} reported case {} whose handling place is {}",
                    message.sender, report.case_number, report.handling_place
                )));
            }
            let facts = report
                .facts
                .clone()
                .map(|facts| facts.into_case(&message.sender, &report));
            let entry = IndexEntry {
                reporter: message.sender.clone(),
                case_number: report.case_number,
                holder_subject: report.holder_subject,
                item_name: report.item_name,
                item_code: report.item_code,
                status: report.status,
                receiving_place: report.receiving_place,
                handling_place: report.handling_place,
                case_version: report.case_version,
                changed_at: report.changed_at,
            };
            let written =
                case_index::upsert_entry(&mut *connection, &entry, chrono::Utc::now()).await?;
            if let Some(facts) = &facts {
                tongban_store::evaluation::upsert_supervision_case(&mut *connection, facts).await?;
            }
            if !written {
                tracing::debug!(case_number = %entry.case_number, reporter = %entry.reporter,
                    version = entry.case_version, "an older case status report was ignored");
            }
            Ok(())
        })
    }
}

/// Returns the indexed cases of `holder_subject`, the most recently changed first.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn list_holder_cases(
    store: &Store,
    holder_subject: &str,
) -> Result<Vec<IndexEntry>, ServiceError> {
    Ok(case_index::list_for_holder(store.pool(), holder_subject, MAX_LISTED).await?)
}
