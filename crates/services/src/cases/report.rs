//! The hook that reports a case change to the hub's case index in the change's transaction.

use super::CaseError;
use super::steps::Change;
use super::turn::Write;

/// Enqueues the `case.status` report of `change` in `write` when the change moves a
/// submitted case to another status. Drafts and edits that keep the status are not reported.
///
/// # Errors
/// [`CaseError::Passage`] when the message cannot be enqueued; roll the transaction back.
pub(super) async fn report_change(write: &mut Write, change: &Change) -> Result<(), CaseError> {
    let Some(reporter) = write.reporter.clone() else {
        return Ok(());
    };
    if change.before_status == Some(change.after.status) || change.after.case_number.is_none() {
        return Ok(());
    }
    // An application forwarded to another node is reported by the node that handles it.
    let handled_elsewhere = change
        .after
        .handling_place
        .as_deref()
        .is_some_and(|place| place != reporter.node_id());
    if handled_elsewhere {
        return Ok(());
    }
    reporter
        .report(&mut write.transaction, &change.after)
        .await
        .map_err(|error| CaseError::Passage(Box::new(error)))
}
