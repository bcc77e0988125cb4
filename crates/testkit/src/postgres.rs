//! One PostgreSQL database per test, created on the server that the environment names.

use std::process;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::AnyConnectOptions;
use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// Environment variable with the URL of a PostgreSQL server that tests may create databases
/// on, such as `postgres://postgres@127.0.0.1:55432/postgres`.
pub const POSTGRES_URL_VAR: &str = "TONGBAN_TEST_POSTGRES_URL";

/// Environment variable that skips the PostgreSQL half of the tests when set to `1`.
pub const SKIP_POSTGRES_VAR: &str = "TONGBAN_TEST_SKIP_POSTGRES";

/// A database created for one test. Dropping it drops the database.
#[derive(Debug)]
pub(crate) struct DropDatabase {
    pub(crate) url: String,
    server_url: String,
    name: String,
    /// Set when the database stays in place after the drop.
    keep_on_drop: bool,
}

/// Creates a uniquely named database, or returns `None` when PostgreSQL is explicitly skipped.
pub(crate) async fn create_database() -> Option<DropDatabase> {
    if std::env::var(SKIP_POSTGRES_VAR).is_ok_and(|value| value == "1") {
        eprintln!("{SKIP_POSTGRES_VAR}=1: skipping the PostgreSQL run of this test");
        return None;
    }

    let server_url = match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "{POSTGRES_URL_VAR} is not set, so the PostgreSQL run of this test cannot start. \
             Run the tests with `scripts/test`, which starts a throwaway PostgreSQL server, \
             or set {POSTGRES_URL_VAR} to a server URL such as \
             postgres://postgres@127.0.0.1:55432/postgres. \
             Set {SKIP_POSTGRES_VAR}=1 to skip PostgreSQL deliberately."
        ),
    };
    let name = unique_name();
    let url = database_url(&server_url, &name);

    let mut connection = PgConnection::connect(&server_url)
        .await
        .unwrap_or_else(|error| {
            panic!(
                "failed to connect to the PostgreSQL server {} from {POSTGRES_URL_VAR}: {error}",
                redact_password(&server_url)
            )
        });
    // The name is generated from digits and underscores only, so formatting it into the
    // statement cannot inject SQL.
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut connection)
        .await
        .unwrap_or_else(|error| panic!("failed to create the test database {name}: {error}"));
    if let Err(error) = connection.close().await {
        eprintln!("warning: failed to close the connection that created {name}: {error}");
    }

    Some(DropDatabase {
        url,
        server_url,
        name,
        keep_on_drop: false,
    })
}

impl DropDatabase {
    /// Leaves the database in place when dropped, and returns its name.
    pub(crate) fn keep(&mut self) -> &str {
        self.keep_on_drop = true;
        &self.name
    }
}

impl Drop for DropDatabase {
    fn drop(&mut self) {
        if self.keep_on_drop {
            return;
        }
        let server_url = self.server_url.clone();
        let name = self.name.clone();

        // The test's own runtime may be shutting down, or this thread may be one of its
        // workers where `block_on` panics, so the cleanup gets a thread and a runtime of its own.
        let cleanup = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|error| format!("failed to start a runtime: {error}"))?;
            runtime.block_on(drop_database(&server_url, &name))
        });

        let outcome = cleanup
            .join()
            .unwrap_or_else(|_| Err("the cleanup thread panicked".to_owned()));
        if let Err(error) = outcome {
            eprintln!(
                "warning: failed to drop the test database {}: {error}",
                self.name
            );
        }
    }
}

async fn drop_database(server_url: &str, name: &str) -> Result<(), String> {
    let mut connection = PgConnection::connect(server_url)
        .await
        .map_err(|error| format!("failed to connect: {error}"))?;
    // FORCE (PostgreSQL 13 and later) ends connections that a test's pool left open.
    sqlx::query(AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut connection)
    .await
    .map_err(|error| error.to_string())?;
    connection.close().await.map_err(|error| error.to_string())
}

/// Returns a database name unique among the tests running on this machine, built from the
/// process id, a per-process counter and the clock's nanoseconds.
fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let sequence = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    format!("tongban_test_{}_{sequence}_{nanos}", process::id())
}

/// Returns the server URL with its path replaced by the database name.
fn database_url(server_url: &str, name: &str) -> String {
    let mut options = AnyConnectOptions::from_str(server_url).unwrap_or_else(|error| {
        panic!(
            "{POSTGRES_URL_VAR} is not a valid URL ({}): {error}",
            redact_password(server_url)
        )
    });
    options.database_url.set_path(&format!("/{name}"));
    options.database_url.to_string()
}

/// Returns the URL without its password, for messages.
fn redact_password(url: &str) -> String {
    match AnyConnectOptions::from_str(url) {
        Ok(mut options) => {
            if options.database_url.password().is_some() {
                // Cannot fail: a URL that has a password also has a host.
                let _ = options.database_url.set_password(Some("redacted"));
            }
            options.database_url.to_string()
        }
        Err(_) => "(unparsable URL)".to_owned(),
    }
}
