//! Test helpers: a fresh SQLite file or PostgreSQL database for each test.
//!
//! Store tests run against both back ends. [`each_backend`] returns one [`TestDatabase`] per
//! back end, and every database is private to the test that created it, so tests can run in
//! parallel.
//!
//! PostgreSQL tests need a server: `scripts/test` starts a throwaway cluster and sets
//! [`POSTGRES_URL_VAR`]. Without that variable the PostgreSQL helper fails the test, unless
//! [`SKIP_POSTGRES_VAR`] is `1`.

mod postgres;

use std::path::Path;

use tempfile::TempDir;

pub use postgres::{POSTGRES_URL_VAR, SKIP_POSTGRES_VAR};

/// A database that exists for one test and is removed when dropped, unless it is kept.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    backend_name: &'static str,
    // Held for its `Drop`, which deletes the file or the database.
    _cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Sqlite(TempDir),
    Postgres(postgres::DropDatabase),
}

impl TestDatabase {
    /// Creates a temporary directory for a new SQLite file. The file itself is created by the
    /// first connection, because the URL carries `mode=rwc`.
    ///
    /// # Panics
    /// When the temporary directory cannot be created.
    pub fn sqlite() -> TestDatabase {
        let dir = tempfile::Builder::new()
            .prefix("tongban-test-")
            .tempdir()
            .unwrap_or_else(|error| panic!("failed to create a temporary directory: {error}"));
        let url = sqlite_url(&dir.path().join("test.sqlite"));
        TestDatabase {
            url,
            backend_name: "sqlite",
            _cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// Creates a new, empty PostgreSQL database on the server named by [`POSTGRES_URL_VAR`].
    /// The database is dropped when the returned value is dropped.
    ///
    /// Returns `None` only when [`SKIP_POSTGRES_VAR`] is `1`, after printing that PostgreSQL
    /// is skipped.
    ///
    /// # Panics
    /// When [`POSTGRES_URL_VAR`] is unset and PostgreSQL is not explicitly skipped, when the
    /// URL is invalid, or when the server rejects `CREATE DATABASE`.
    pub async fn postgres() -> Option<TestDatabase> {
        let created = postgres::create_database().await?;
        Some(TestDatabase {
            url: created.url.clone(),
            backend_name: "postgres",
            _cleanup: Cleanup::Postgres(created),
        })
    }

    /// Leaves the database in place when this value is dropped, and returns where it is: the
    /// folder of the SQLite file, or the name of the PostgreSQL database. Removing thousands of
    /// files slows the creation of files right after on some file systems, so a benchmark
    /// keeps its database for the operator to remove.
    pub fn keep(&mut self) -> String {
        match &mut self._cleanup {
            Cleanup::Sqlite(dir) => {
                dir.disable_cleanup(true);
                dir.path().display().to_string()
            }
            Cleanup::Postgres(database) => database.keep().to_owned(),
        }
    }

    /// Returns the connection URL of the database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Returns `sqlite` or `postgres`, for assertion messages.
    pub fn backend_name(&self) -> &'static str {
        self.backend_name
    }
}

/// Returns a fresh SQLite database and a fresh PostgreSQL database, in that order.
///
/// The PostgreSQL database is left out only when [`SKIP_POSTGRES_VAR`] is `1`.
///
/// # Panics
/// As [`TestDatabase::sqlite`] and [`TestDatabase::postgres`] do.
pub async fn each_backend() -> Vec<TestDatabase> {
    let mut databases = vec![TestDatabase::sqlite()];
    if let Some(postgres) = TestDatabase::postgres().await {
        databases.push(postgres);
    }
    databases
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}
