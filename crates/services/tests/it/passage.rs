//! The passage's use cases on a database alone: enqueueing, the evidence chain, the worker's
//! retries and dead letters, and the handler registry.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Map, json};
use tongban_crypto::SigningKey;
use tongban_crypto::envelope::Envelope;
use tongban_services::passage::worker::{self, DeliveryError, Transport};
use tongban_services::passage::{
    self, BoxFuture, Handlers, LinkProblem, OutgoingMessage, PING_TYPE, Passage, PassageError,
    PassageSettings, Role,
};
use tongban_store::Store;
use tongban_store::passage::outbox::{self, OutboxStatus};

fn settings() -> PassageSettings {
    PassageSettings {
        max_attempts: 2,
        backoff_base: Duration::from_millis(1),
        backoff_cap: Duration::from_millis(1),
        ..PassageSettings::default()
    }
}

fn hub_passage(store: &Store) -> Passage {
    Passage::new(
        store.clone(),
        Role::Hub,
        "hub",
        Arc::new(SigningKey::generate()),
        Handlers::with_diagnostics(),
        settings(),
    )
}

fn ping<'a>(receiver: &'a str, ordering_key: &'a str) -> OutgoingMessage<'a> {
    let mut body = Map::new();
    body.insert("n".to_owned(), json!(1));
    OutgoingMessage {
        receiver,
        message_type: PING_TYPE,
        ordering_key,
        body,
    }
}

/// A transport that counts posts and fails each one the same way.
#[derive(Debug, Default)]
struct FailingTransport {
    posts: AtomicUsize,
}

impl Transport for FailingTransport {
    fn post<'a>(
        &'a self,
        _url: &'a str,
        _envelope: &'a [u8],
    ) -> BoxFuture<'a, Result<(), DeliveryError>> {
        self.posts.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Err(DeliveryError::transient("connection refused")) })
    }
}

#[tokio::test]
async fn enqueue_numbers_and_attests_at_hub() {
    for database in tongban_testkit::each_backend().await {
        let store = Store::connect(database.url()).await.unwrap();
        let passage = hub_passage(&store);

        passage::send(&passage, ping("gd", "case-1")).await.unwrap();
        passage::send(&passage, ping("gd", "case-1")).await.unwrap();
        passage::send(&passage, ping("gd", "case-2")).await.unwrap();

        let now = chrono::Utc::now();
        let rows = outbox::claim_due(store.pool(), store.backend(), now, now, 10)
            .await
            .unwrap();
        assert_eq!(rows.len(), 3, "{}", database.backend_name());
        let sequences: Vec<(String, i64)> = rows
            .iter()
            .map(|row| (row.ordering_key.clone(), row.sequence))
            .collect();
        let backend = database.backend_name();
        assert!(sequences.contains(&("case-1".to_owned(), 1)), "{backend}");
        assert!(sequences.contains(&("case-1".to_owned(), 2)), "{backend}");
        assert!(sequences.contains(&("case-2".to_owned(), 1)), "{backend}");
        for row in &rows {
            assert_eq!(
                row.destination, "gd",
                "{backend}: the hub delivers to the receiver"
            );
            let envelope = Envelope::from_wire(row.envelope.as_bytes()).unwrap();
            assert!(
                envelope.attestation().is_some(),
                "{backend}: nodes accept only attested envelopes"
            );
        }
    }
}

#[tokio::test]
async fn invalid_message_leaves_no_trace() {
    let database = tongban_testkit::TestDatabase::sqlite();
    let store = Store::connect(database.url()).await.unwrap();
    let passage = hub_passage(&store);

    let error = passage::send(&passage, ping("Not A Node", "k"))
        .await
        .unwrap_err();
    assert!(matches!(error, PassageError::Envelope(_)), "{error:?}");
    let counts = outbox::count_messages(store.pool()).await.unwrap();
    assert_eq!(counts.pending, 0);
    let report = passage::verify_evidence(&store).await.unwrap();
    assert_eq!(report.entries_checked, 0);
}

#[tokio::test]
async fn evidence_chain_detects_changed_entry() {
    for database in tongban_testkit::each_backend().await {
        let store = Store::connect(database.url()).await.unwrap();
        let passage = hub_passage(&store);
        for _ in 0..5 {
            passage::send(&passage, ping("gd", "chain")).await.unwrap();
        }
        let backend = database.backend_name();

        let report = passage::verify_evidence(&store).await.unwrap();
        assert_eq!(report.entries_checked, 5, "{backend}");
        assert_eq!(report.broken, None, "{backend}");

        // The database rejects changes, so the test removes its guard first, as someone
        // with direct access to the file or server could.
        let change = sqlx::query("UPDATE passage_evidence SET receiver = 'zj' WHERE sequence = 3");
        assert!(
            change.execute(store.pool()).await.is_err(),
            "{backend}: the trigger rejects UPDATE"
        );
        let drop_guard = match store.backend() {
            tongban_store::Backend::Sqlite => "DROP TRIGGER passage_evidence_reject_update",
            tongban_store::Backend::Postgres => {
                "DROP TRIGGER passage_evidence_reject_update_delete ON passage_evidence"
            }
        };
        sqlx::query(drop_guard).execute(store.pool()).await.unwrap();
        sqlx::query("UPDATE passage_evidence SET receiver = 'zj' WHERE sequence = 3")
            .execute(store.pool())
            .await
            .unwrap();

        let report = passage::verify_evidence(&store).await.unwrap();
        let broken = report.broken.expect("the changed entry breaks the chain");
        assert_eq!(broken.sequence, 3, "{backend}");
        assert_eq!(broken.problem, LinkProblem::EntryHash, "{backend}");
        assert_eq!(report.entries_checked, 2, "{backend}");
    }
}

#[tokio::test]
async fn worker_retries_then_gives_up() {
    for database in tongban_testkit::each_backend().await {
        let store = Store::connect(database.url()).await.unwrap();
        let passage = hub_passage(&store);
        let backend = database.backend_name();
        let message_id = passage::send(&passage, ping("gd", "retry")).await.unwrap();
        let failing = Arc::new(FailingTransport::default());
        let transport: Arc<dyn Transport> = failing.clone();

        // The hub's registry has no node gd, so no URL is found and nothing is posted; the
        // failure counts as an attempt all the same.
        let first = worker::deliver_due(&passage, &transport).await.unwrap();
        assert_eq!(first.retried, 1, "{backend}");
        tokio::time::sleep(Duration::from_millis(20)).await;
        let second = worker::deliver_due(&passage, &transport).await.unwrap();
        assert_eq!(second.dead, 1, "{backend}: max_attempts is 2");
        assert_eq!(failing.posts.load(Ordering::SeqCst), 0, "{backend}");

        let dead = passage::list_dead_letters(&store).await.unwrap();
        assert_eq!(dead.len(), 1, "{backend}");
        assert_eq!(dead[0].message_id, message_id.as_str(), "{backend}");
        assert_eq!(dead[0].attempts, 2, "{backend}");
        assert!(
            dead[0].last_error.as_deref().unwrap_or("").contains("gd"),
            "{backend}: {:?}",
            dead[0].last_error
        );

        assert!(
            passage::retry_dead_letter(&store, message_id.as_str(), "test")
                .await
                .unwrap()
        );
        let row = outbox::find_message(store.pool(), message_id.as_str())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status, OutboxStatus::Pending, "{backend}");
        assert_eq!(row.attempts, 0, "{backend}");
        assert!(
            !passage::retry_dead_letter(&store, message_id.as_str(), "test")
                .await
                .unwrap(),
            "{backend}: a pending message is no dead letter"
        );
        let events = tongban_store::audit::list_events(store.pool(), "passage/message/", 10)
            .await
            .unwrap();
        assert_eq!(events.len(), 1, "{backend}");
        assert_eq!(events[0].action, "passage.retry_dead_letter", "{backend}");
    }
}

#[test]
fn handler_registry_rejects_repeats() {
    let mut handlers = Handlers::with_diagnostics();
    assert_eq!(handlers.message_types(), vec![PING_TYPE]);
    let error = handlers.register(PING_TYPE, Ignore).unwrap_err();
    assert!(
        matches!(error, PassageError::HandlerExists { .. }),
        "{error:?}"
    );

    let error = handlers.register("Not A Type", Ignore).unwrap_err();
    assert!(matches!(error, PassageError::Envelope(_)), "{error:?}");

    handlers.register("case.status", Ignore).unwrap();
    assert_eq!(handlers.message_types(), vec!["case.status", PING_TYPE]);
}

/// A handler that applies nothing.
struct Ignore;

impl passage::MessageHandler for Ignore {
    fn apply<'a>(
        &'a self,
        _connection: &'a mut passage::StoreConnection,
        _message: &'a passage::IncomingMessage,
    ) -> BoxFuture<'a, Result<(), passage::HandlerError>> {
        Box::pin(async { Ok(()) })
    }
}
