//! The passage: signed envelopes between the nodes and the hub, delivered at least once from a
//! durable outbox and applied exactly once through an inbox keyed by message id.
//!
//! Sending: a use case calls [`enqueue`] inside the transaction of the change that causes the
//! message, and [`Passage::wake`] after the commit. The message gets the next sequence number
//! of its receiver and ordering key, is sealed with the instance's key, recorded in the
//! evidence log and put in the outbox, all in that transaction.
//!
//! Delivery: the worker of [`worker`] claims due outbox rows and posts them: a node to the
//! hub's `/api/passage/messages`, the hub to the receiver's `/api/passage/inbox`, and several
//! rows for one destination at once to the `/batch` route below each. It marks them delivered
//! on acknowledgement, retries with exponential backoff and full jitter, and gives up (dead
//! letter) after the configured attempts or on a permanent rejection.
//!
//! Relay: the hub checks an envelope from a node ([`relay`], or a batch with
//! [`relay_batch`]), attests it, and stores it in its own outbox for the receiver in one
//! transaction before it acknowledges. An envelope for the hub itself goes to the hub's inbox
//! instead.
//!
//! Receipt: the receiver checks the envelope ([`receive`], or a batch with
//! [`receive_batch`]) and stores it in its inbox keyed by message id. A message is applied by
//! the handler registered for its type ([`Handlers`]) inside the inbox transaction, and only
//! when it is the next of its sender and ordering key; a message that arrives early waits
//! until the gap is filled.
//!
//! Every envelope sent and received is also appended to the evidence log, a hash chain that
//! [`verify_evidence`] walks.

mod apply;
mod backoff;
mod dead_letters;
mod directory;
mod error;
mod evidence;
mod handlers;
mod inbox;
mod outbox;
mod rejections;
mod relay;
pub mod worker;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, Notify, OwnedMutexGuard};
use tongban_crypto::SigningKey;
use tongban_store::{Backend, Store};

pub use backoff::retry_delay;
pub use dead_letters::{list_dead_letters, retry_all_dead_letters, retry_dead_letter};
pub use error::PassageError;
pub use evidence::{BrokenLink, ChainWalk, EvidenceReport, LinkProblem, verify_evidence};
pub use handlers::{BoxFuture, HandlerError, Handlers, IncomingMessage, MessageHandler, PING_TYPE};
pub use inbox::{Receipt, receive, receive_batch};
pub use outbox::{OutgoingMessage, enqueue, send};
pub use rejections::REJECT_ACTION;
pub use relay::{relay, relay_batch};
pub use tongban_store::passage::StoreConnection;

/// The side of the passage an instance is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The hub: relays between nodes and receives messages addressed to it.
    Hub,
    /// A node: sends through the hub and receives from it.
    Node,
}

/// The settings of the delivery worker, from the `[passage]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageSettings {
    /// Attempts after which a message is given up.
    pub max_attempts: u32,
    /// Upper bound of the first retry delay; each retry doubles it up to `backoff_cap`.
    pub backoff_base: Duration,
    /// Largest retry delay.
    pub backoff_cap: Duration,
    /// Rows a worker claims and posts at once.
    pub batch_size: u32,
    /// How long a claimed row belongs to the worker that claimed it.
    pub lease: Duration,
    /// How often an idle worker looks for due rows that another process wrote.
    pub poll_interval: Duration,
    /// How long a request to the next instance may take.
    pub request_timeout: Duration,
    /// How long the trust list or registry read for checking senders is reused.
    pub directory_ttl: Duration,
}

impl Default for PassageSettings {
    fn default() -> Self {
        PassageSettings {
            max_attempts: 20,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            batch_size: 64,
            lease: Duration::from_secs(60),
            poll_interval: Duration::from_millis(500),
            request_timeout: Duration::from_secs(10),
            directory_ttl: Duration::from_secs(1),
        }
    }
}

/// The passage of one hub or node instance. Cloning is cheap and shares everything.
#[derive(Debug, Clone)]
pub struct Passage {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    role: Role,
    instance_id: String,
    signing_key: Arc<SigningKey>,
    handlers: Handlers,
    settings: PassageSettings,
    directory: directory::DirectoryCache,
    /// One passage transaction at a time on SQLite, as in the case use cases: a SQLite writer
    /// that finds the lock taken sleeps 1 to 100 ms before trying again, and queueing in
    /// memory avoids that. `None` on PostgreSQL.
    write_turn: Option<Arc<Mutex<()>>>,
    outbox_ready: Notify,
}

impl Passage {
    /// Builds the passage of instance `instance_id` in `role`, signing with `signing_key` and
    /// applying received messages with `handlers`.
    pub fn new(
        store: Store,
        role: Role,
        instance_id: &str,
        signing_key: Arc<SigningKey>,
        handlers: Handlers,
        settings: PassageSettings,
    ) -> Passage {
        let write_turn = match store.backend() {
            Backend::Sqlite => Some(Arc::new(Mutex::new(()))),
            Backend::Postgres => None,
        };
        Passage {
            inner: Arc::new(Inner {
                directory: directory::DirectoryCache::new(settings.directory_ttl),
                store,
                role,
                instance_id: instance_id.to_owned(),
                signing_key,
                handlers,
                settings,
                write_turn,
                outbox_ready: Notify::new(),
            }),
        }
    }

    /// Returns the database.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Returns hub or node.
    pub fn role(&self) -> Role {
        self.inner.role
    }

    /// Returns the id of this instance, the sender of what it seals.
    pub fn instance_id(&self) -> &str {
        &self.inner.instance_id
    }

    /// Returns the delivery settings.
    pub fn settings(&self) -> &PassageSettings {
        &self.inner.settings
    }

    /// Returns the registered message handlers.
    pub fn handlers(&self) -> &Handlers {
        &self.inner.handlers
    }

    /// Wakes this instance's delivery worker, so a message enqueued in a transaction that has
    /// committed is delivered at once rather than at the worker's next poll.
    pub fn wake(&self) {
        self.inner.outbox_ready.notify_one();
    }

    fn signing_key(&self) -> &SigningKey {
        &self.inner.signing_key
    }

    /// Waits for the writers' turn on SQLite; returns at once on PostgreSQL.
    async fn write_turn(&self) -> Option<OwnedMutexGuard<()>> {
        match &self.inner.write_turn {
            Some(mutex) => Some(mutex.clone().lock_owned().await),
            None => None,
        }
    }
}

/// The instance id every node uses as the destination of its outbox rows: a node delivers
/// everything to the hub it enrolled with.
pub const HUB_DESTINATION: &str = "hub";
