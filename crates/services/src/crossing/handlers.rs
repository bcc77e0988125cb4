//! The handlers of a node for cross-province messages: pieces of material files and
//! applications at the handling place, and status reports at the receiving place.

use std::sync::{Arc, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tongban_domain::case::CaseStatus;
use tongban_store::cases::{self as stored, ActorKind, NewCaseEvent};
use tongban_store::crossing::{self, MaterialPart};
use tongban_store::passage::StoreConnection;

use super::{ApplicationBody, MaterialPartBody};
use crate::case_index::{Reporter, StatusReport};
use crate::cases::ForwardedCases;
use crate::passage::{BoxFuture, HandlerError, IncomingMessage, MessageHandler, Passage};

/// The node's passage, set once it is built: the handlers are registered before the passage
/// exists, and the application handler sends its status reports through it.
#[derive(Debug, Clone, Default)]
pub struct PassageSlot(Arc<OnceLock<Passage>>);

impl PassageSlot {
    /// Sets the passage; a second call changes nothing.
    pub fn set(&self, passage: Passage) {
        let _ = self.0.set(passage);
    }

    /// Returns the passage, once set.
    pub fn passage(&self) -> Option<&Passage> {
        self.0.get()
    }

    fn reporter(&self) -> Result<Reporter, HandlerError> {
        self.0
            .get()
            .cloned()
            .map(Reporter::new)
            .ok_or_else(|| HandlerError::Rejected("the passage is not set up yet".to_owned()))
    }
}

fn parse<T: DeserializeOwned>(kind: &str, body: &Map<String, Value>) -> Result<T, HandlerError> {
    serde_json::from_value(Value::Object(body.clone()))
        .map_err(|error| HandlerError::Rejected(format!("invalid {kind}: {error}")))
}

/// Stores a piece of a material file of a forwarded application until the application comes.
#[derive(Debug, Clone, Copy, Default)]
pub struct MaterialPartHandler;

impl MessageHandler for MaterialPartHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<MaterialPartBody>("material piece", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let part: MaterialPartBody = parse("material piece", &message.body)?;
            let content = STANDARD.decode(&part.content).map_err(|error| {
                HandlerError::Rejected(format!("material piece is not Base64: {error}"))
            })?;
            let row = MaterialPart {
                sender: &message.sender,
                application_id: &part.application_id,
                material_index: i64::from(part.material_index),
                part_index: i64::from(part.part_index),
                content: &content,
            };
            crossing::insert_part(&mut *connection, &row, chrono::Utc::now()).await?;
            Ok(())
        })
    }
}

/// Creates the case of a forwarded application at the handling place.
#[derive(Debug, Clone)]
pub struct ApplicationHandler {
    /// The context for creating cases.
    pub cases: ForwardedCases,
    /// The passage the new case is reported through.
    pub passage: PassageSlot,
}

impl MessageHandler for ApplicationHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<ApplicationBody>("application", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let application: ApplicationBody = parse("application", &message.body)?;
            let reporter = self.passage.reporter()?;
            let case = self
                .cases
                .create(
                    connection,
                    &reporter,
                    &message.sender,
                    &application,
                    chrono::Utc::now(),
                )
                .await?;
            tracing::info!(case = %case.id, case_number = ?case.case_number,
                receiving_place = %message.sender, application = %application.application_id,
                "forwarded application received");
            Ok(())
        })
    }
}

/// Records at the receiving place the status that the handling place reports on a forwarded
/// application.
#[derive(Debug, Clone, Copy, Default)]
pub struct MirrorHandler;

impl MessageHandler for MirrorHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse::<StatusReport>("case status report", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let report: StatusReport = parse("case status report", &message.body)?;
            let rejected = |reason: String| HandlerError::Rejected(reason);
            let application_id = report
                .application_id
                .as_deref()
                .ok_or_else(|| rejected("the report names no application".to_owned()))?;
            if report.handling_place != message.sender {
                return Err(rejected(format!(
                    "node {} reported for handling place {}",
                    message.sender, report.handling_place
                )));
            }
            let status = CaseStatus::parse(&report.status)
                .ok_or_else(|| rejected(format!("unknown status {}", report.status)))?;
            let before = stored::find_case(&mut *connection, application_id)
                .await?
                .filter(|case| case.handling_place.as_deref() == Some(message.sender.as_str()))
                .ok_or_else(|| rejected(format!("no application {application_id} here")))?;
            let now = chrono::Utc::now();
            crossing::set_forwarded_status(
                &mut *connection,
                application_id,
                &message.sender,
                status.as_str(),
                &report.case_number,
                now,
            )
            .await?;
            let event = NewCaseEvent {
                case_id: application_id.to_owned(),
                occurred_at: now,
                actor_kind: ActorKind::System,
                actor_id: format!("node/{}", message.sender),
                actor_name: message.sender.clone(),
                action: "handling_place_status".to_owned(),
                from_status: Some(before.status),
                to_status: status,
                reason: None,
                details: Some(serde_json::json!({
                    "case_number": report.case_number,
                    "case_version": report.case_version,
                    "changed_at": report.changed_at,
                })),
                step: None,
            };
            stored::append_case_event(&mut *connection, &event).await?;
            Ok(())
        })
    }
}
