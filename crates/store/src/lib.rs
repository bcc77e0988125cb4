//! Database access of tongban: the only crate that writes SQL.
//!
//! One code path serves SQLite and PostgreSQL through sqlx's `Any` driver, so every query is
//! a runtime query with `$1, $2, …` placeholders and only bool, integer, text and byte values
//! cross the driver. Timestamps are Unix milliseconds and JSON is text.
//!
//! Writes that need more than one statement take a [`Transaction`](sqlx::Transaction), and the
//! others take any executor, so the caller decides what commits together, for example a change
//! and its audit event.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod case_index;
pub mod cases;
pub mod catalog;
pub mod certificate_index;
pub mod certificate_loans;
pub mod certificates;
mod change_stamp;
pub mod contributions;
pub mod crossing;
pub mod data_sharing;
pub mod department_seals;
pub mod enrolment;
pub mod enrolment_tokens;
mod error;
pub mod evaluation;
pub mod implementations;
pub mod job_locks;
pub mod legal_persons;
pub mod login_throttle;
pub mod nodes;
pub mod oidc_clients;
pub mod oidc_grants;
pub mod passage;
mod pools;
pub mod seal_certificates;
pub mod sessions;
pub mod staff;
mod timestamp;
pub mod trust_list_cache;
pub mod trust_lists;
mod value_rows;

use std::fmt;
use std::str::FromStr;

use sqlx::any::AnyConnectOptions;
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, Transaction};

pub use change_stamp::ChangeStamp;
use error::QueryContext;
pub use error::StoreError;

/// A transaction from [`Store::begin`], for use cases that commit several changes together.
pub type StoreTransaction = Transaction<'static, Any>;

/// Runs `SELECT 1`, to tell whether the database answers.
///
/// # Errors
/// [`StoreError::Query`] when it does not.
pub async fn ping(store: &Store) -> Result<(), StoreError> {
    sqlx::query("SELECT 1")
        .execute(store.pool())
        .await
        .context("ping the database")?;
    Ok(())
}

/// Commits `transaction`.
///
/// # Errors
/// [`StoreError::Query`] when `COMMIT` fails; nothing of the transaction is then stored.
pub async fn commit(transaction: Transaction<'_, Any>) -> Result<(), StoreError> {
    transaction.commit().await.context("commit a transaction")
}

/// A step on the savepoint of one writer inside a transaction that several writers share.
/// Savepoint `n` is named `writer_n`; a savepoint left open is kept by the commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavepointStep {
    /// Opens savepoint `n`.
    Open(u64),
    /// Undoes what was done since savepoint `n` opened, and closes it with those nested in it.
    Undo(u64),
}

/// Takes `step` in `transaction`.
///
/// # Errors
/// [`StoreError::Query`] when a statement fails, or when undoing finds no such savepoint
/// because the database rolled back the whole transaction.
pub async fn savepoint(
    transaction: &mut Transaction<'_, Any>,
    step: SavepointStep,
) -> Result<(), StoreError> {
    let statements = match step {
        SavepointStep::Open(n) => vec![format!("SAVEPOINT writer_{n}")],
        SavepointStep::Undo(n) => vec![
            format!("ROLLBACK TO SAVEPOINT writer_{n}"),
            format!("RELEASE SAVEPOINT writer_{n}"),
        ],
    };
    for statement in statements {
        // The name is built from a number only.
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut **transaction)
            .await
            .context("take a step on a savepoint")?;
    }
    Ok(())
}

static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("migrations/postgres");

/// The database product behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite, one file per hub or node.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// Returns the back end that a URL's scheme names: `sqlite:` or `postgres:`/`postgresql:`.
    ///
    /// # Errors
    /// [`StoreError::UnsupportedScheme`] for any other scheme.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(StoreError::UnsupportedScheme {
                scheme: scheme.to_owned(),
            }),
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// Returns `LIMIT n` with the number written into the statement. A SQLite built without the
/// query planner stability guarantee (`SQLITE_ENABLE_QPSG`, set in `.cargo/config.toml`)
/// compiles a statement again after every new value bound to its `LIMIT`. With a literal the
/// compiled statement stays in the connection's cache either way.
pub(crate) fn limit(rows: impl Into<i64>) -> String {
    format!("LIMIT {}", rows.into().max(0))
}

/// A connection pool to a migrated database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// On PostgreSQL, a few connections whose commits do not wait for the disk, opened when
    /// first used; see [`cases::reserve_case_sequence`].
    unsynced: Option<AnyPool>,
}

impl Store {
    /// Connects to the database at `url` and applies the migrations it has not seen yet.
    ///
    /// A SQLite URL such as `sqlite://data/tongban.sqlite` opens the file and creates it when
    /// missing, unless the URL sets its own `mode`. Every SQLite connection runs with
    /// write-ahead logging, `synchronous = FULL`, foreign keys enforced and a busy timeout of
    /// 5 seconds. A PostgreSQL URL such as `postgres://user@host/db` is used as given.
    ///
    /// # Errors
    /// [`StoreError::UnsupportedScheme`] or [`StoreError::InvalidUrl`] for a bad URL,
    /// [`StoreError::JournalMode`] for an in-memory SQLite database, [`StoreError::Query`] when
    /// the database cannot be reached, and [`StoreError::Migrate`] when a migration fails or an
    /// applied migration no longer matches its file.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let options =
            AnyConnectOptions::from_str(url).map_err(|source| StoreError::InvalidUrl { source })?;

        let (pool, unsynced) = match backend {
            Backend::Sqlite => (pools::connect_sqlite(options).await?, None),
            Backend::Postgres => (
                pools::connect_postgres(options.clone()).await?,
                Some(pools::unsynced_postgres_pool(options)),
            ),
        };

        let migrator = backend.migrator();
        migrator
            .run(&pool)
            .await
            .map_err(|source| StoreError::Migrate { backend, source })?;
        tracing::info!(
            %backend,
            known_migrations = migrator.iter().count(),
            "database connected and migrated"
        );

        Ok(Store {
            pool,
            backend,
            unsynced,
        })
    }

    /// Returns the database product behind the pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Returns the pool whose commits do not wait for the disk, on PostgreSQL only.
    pub(crate) fn unsynced_pool(&self) -> Option<&AnyPool> {
        self.unsynced.as_ref()
    }

    /// Returns the connection pool, for beginning transactions and for reads.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a transaction; what the caller does with it commits together in [`commit`].
    ///
    /// # Errors
    /// [`StoreError::Query`] when no connection can be had or `BEGIN` fails.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, StoreError> {
        match self.backend {
            // A deferred SQLite transaction that reads and then writes fails at once with
            // "database is locked" when another connection committed in between, without
            // waiting for the busy timeout. Taking the write lock at `BEGIN` makes it wait.
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
        .context("begin a transaction")
    }
}
