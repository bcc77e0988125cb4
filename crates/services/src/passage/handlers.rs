//! The registry of message handlers: for each message type, the function that applies a
//! received body inside the inbox transaction.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use tongban_crypto::envelope::check_message_type;
use tongban_store::StoreError;
use tongban_store::passage::{StoreConnection, pings};

use super::PassageError;

/// A boxed future that a handler returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The diagnostic message type: applying it adds one to a counter per sender and ordering
/// key (table `passage_ping_counters`) and changes nothing else. Tests, the fault drills and
/// the benchmark send it to check that every message is applied exactly once.
pub const PING_TYPE: &str = "test.ping";

/// A received message that passed every check, as its handler sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingMessage {
    /// The message id.
    pub message_id: String,
    /// The sender's node id, or the hub's id.
    pub sender: String,
    /// This instance's id.
    pub receiver: String,
    /// The message type.
    pub message_type: String,
    /// The ordering key.
    pub ordering_key: String,
    /// The sequence number within the ordering key, from 1.
    pub sequence: i64,
    /// When the sender sealed the envelope.
    pub sent_at: DateTime<Utc>,
    /// The body.
    pub body: Map<String, Value>,
}

/// Why a handler did not apply a message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HandlerError {
    /// The body is not valid for this message type, or the change it asks for is not
    /// allowed. Sending it again cannot succeed.
    #[error("{0}")]
    Rejected(String),
    /// The database failed; the message is tried again later.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Applies the messages of one type.
///
/// A closure or function `for<'a> Fn(&'a mut StoreConnection, &'a IncomingMessage) ->
/// BoxFuture<'a, Result<(), HandlerError>>` is a handler without a separate check.
pub trait MessageHandler: Send + Sync {
    /// Checks the body before the message is stored, so a body that can never be applied is
    /// rejected to its sender at once. The default accepts every body.
    ///
    /// # Errors
    /// [`HandlerError::Rejected`] with the reason.
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        let _ = body;
        Ok(())
    }

    /// Applies `message` on `connection`, which is inside the inbox transaction: what the
    /// handler writes commits together with the inbox row, or not at all. A handler that
    /// returns an error has its writes rolled back.
    ///
    /// # Errors
    /// [`HandlerError::Rejected`] when the message cannot be applied, which the receiver
    /// reports to the sender (or records, for a message that waited for its turn), and
    /// [`HandlerError::Store`] when the database fails, which makes the sender try again.
    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>>;
}

impl<F> MessageHandler for F
where
    F: for<'a> Fn(
            &'a mut StoreConnection,
            &'a IncomingMessage,
        ) -> BoxFuture<'a, Result<(), HandlerError>>
        + Send
        + Sync,
{
    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        self(connection, message)
    }
}

/// The handlers of an instance, by message type.
#[derive(Clone, Default)]
pub struct Handlers {
    by_type: HashMap<String, Arc<dyn MessageHandler>>,
}

impl Handlers {
    /// Returns a registry without handlers.
    pub fn new() -> Handlers {
        Handlers::default()
    }

    /// Returns a registry with the diagnostic type [`PING_TYPE`].
    pub fn with_diagnostics() -> Handlers {
        let mut handlers = Handlers::new();
        handlers
            .by_type
            .insert(PING_TYPE.to_owned(), Arc::new(Ping));
        handlers
    }

    /// Registers `handler` for `message_type`.
    ///
    /// # Errors
    /// [`PassageError::Envelope`] when the type breaks the message type rule, and
    /// [`PassageError::HandlerExists`] when the type has a handler already.
    pub fn register(
        &mut self,
        message_type: &str,
        handler: impl MessageHandler + 'static,
    ) -> Result<(), PassageError> {
        check_message_type(message_type)?;
        if self.by_type.contains_key(message_type) {
            return Err(PassageError::HandlerExists {
                message_type: message_type.to_owned(),
            });
        }
        self.by_type
            .insert(message_type.to_owned(), Arc::new(handler));
        Ok(())
    }

    /// Returns the handler of `message_type`.
    pub fn get(&self, message_type: &str) -> Option<&dyn MessageHandler> {
        self.by_type.get(message_type).map(Arc::as_ref)
    }

    /// Returns the registered message types, sorted.
    pub fn message_types(&self) -> Vec<&str> {
        let mut types: Vec<&str> = self.by_type.keys().map(String::as_str).collect();
        types.sort_unstable();
        types
    }
}

impl fmt::Debug for Handlers {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Handlers")
            .field("message_types", &self.message_types())
            .finish()
    }
}

/// The handler of [`PING_TYPE`]. The body must be an object; its members are not read.
struct Ping;

impl MessageHandler for Ping {
    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            pings::increment(&mut *connection, &message.sender, &message.ordering_key).await?;
            Ok(())
        })
    }
}
