//! Material files written to the object store before the transaction that names them commits.
//!
//! A file is written first, so that no committed row names a missing file. Until the commit
//! begins, no stored row names the files, so when a step before it fails, or the request is
//! dropped while it waits, they are removed again. From the moment the commit begins they are
//! kept, because a commit whose outcome was lost, such as a connection that broke after
//! `COMMIT` was sent, may have stored the rows that name them.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use futures_util::future::join_all;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

/// Files of one application written at the same time. Each write takes a thread of the
/// blocking pool while it waits for the disk, so one application with many files must not
/// take them all.
const FILES_AT_ONCE: usize = 4;

/// Writes `files`, each a key and a content, of case `case_id` to `objects`, and returns them
/// pending. [`FILES_AT_ONCE`] files are written at the same time, because each waits for the
/// disk. When one write fails, the files already written are removed.
///
/// The writes run in a task of their own. A request dropped while they run leaves the task
/// to finish, and its output, the pending files, is dropped then, which removes them.
///
/// # Errors
/// The error of the first write that failed.
pub(super) async fn write_files(
    objects: &Arc<dyn ObjectStore>,
    case_id: &str,
    files: Vec<(ObjectPath, Bytes)>,
) -> Result<PendingFiles, object_store::Error> {
    let task = tokio::spawn(write_in_groups(
        Arc::clone(objects),
        case_id.to_owned(),
        files,
    ));
    match task.await {
        Ok(outcome) => outcome,
        Err(error) => Err(object_store::Error::Generic {
            store: "material files",
            source: Box::new(error),
        }),
    }
}

async fn write_in_groups(
    objects: Arc<dyn ObjectStore>,
    case_id: String,
    files: Vec<(ObjectPath, Bytes)>,
) -> Result<PendingFiles, object_store::Error> {
    let mut outcomes = Vec::with_capacity(files.len());
    for group in files.chunks(FILES_AT_ONCE) {
        let puts = group.iter().map(|(key, content)| {
            let payload = PutPayload::from(content.clone());
            objects.put(key, payload)
        });
        outcomes.extend(join_all(puts).await);
    }

    let mut written = Vec::new();
    let mut failure = None;
    for ((key, _), outcome) in files.into_iter().zip(outcomes) {
        match outcome {
            Ok(_) => written.push(key),
            Err(error) => failure = failure.or(Some(error)),
        }
    }
    let pending = PendingFiles::new(objects, &case_id, written);
    match failure {
        Some(error) => {
            pending.discard().await;
            Err(error)
        }
        None => Ok(pending),
    }
}

/// Files of one case that no committed row names yet.
pub(super) struct PendingFiles {
    objects: Arc<dyn ObjectStore>,
    case_id: String,
    keys: Vec<ObjectPath>,
    /// Set when the commit that names the files begins, or when they have been removed.
    settled: AtomicBool,
}

impl PendingFiles {
    /// Takes charge of the files at `keys`, written to `objects` for case `case_id`.
    pub(super) fn new(
        objects: Arc<dyn ObjectStore>,
        case_id: &str,
        keys: Vec<ObjectPath>,
    ) -> PendingFiles {
        PendingFiles {
            objects,
            case_id: case_id.to_owned(),
            keys,
            settled: AtomicBool::new(false),
        }
    }

    /// Keeps the files from now on. Call it right before the commit that names them.
    pub(super) fn keep(&self) {
        self.settled.store(true, Ordering::SeqCst);
    }

    /// Removes the files unless [`PendingFiles::keep`] was called. Kept files are left, and a
    /// warning names them, because the failed commit may have stored the rows that name them.
    pub(super) async fn discard(self) {
        if self.settled.swap(true, Ordering::SeqCst) {
            let keys: Vec<String> = self.keys.iter().map(ToString::to_string).collect();
            tracing::warn!(case = %self.case_id, keys = ?keys,
                "a commit that names material files failed, and the files are kept because it may have stored them");
            return;
        }
        remove(self.objects.as_ref(), &self.case_id, &self.keys).await;
    }
}

impl Drop for PendingFiles {
    /// Removes the files in a task of their own when the request was dropped before the commit
    /// began.
    fn drop(&mut self) {
        if self.settled.load(Ordering::SeqCst) || self.keys.is_empty() {
            return;
        }
        let objects = Arc::clone(&self.objects);
        let case_id = std::mem::take(&mut self.case_id);
        let keys = std::mem::take(&mut self.keys);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move { remove(objects.as_ref(), &case_id, &keys).await });
            }
            Err(_) => tracing::warn!(case = %case_id, files = keys.len(),
                "the material files of a dropped request are left behind, because the runtime has stopped"),
        }
    }
}

/// Removes the files at `keys` of case `case_id`. A file that cannot be removed is logged and
/// left behind.
async fn remove(objects: &dyn ObjectStore, case_id: &str, keys: &[ObjectPath]) {
    for key in keys {
        if let Err(error) = objects.delete(key).await {
            tracing::warn!(case = %case_id, key = %key, %error,
                "removing a material file that no stored row names failed");
        }
    }
}
