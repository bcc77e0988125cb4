//! The node side: turning a case change into a `case.status` message to the hub, and keeping
//! the node's own supervision facts of the case.

use std::sync::Arc;

use tongban_crypto::trust_list::{SignedTrustList, TrustList};
use tongban_domain::calendar::WorkCalendar;
use tongban_store::cases::CaseRecord;
use tongban_store::passage::StoreConnection;
use tongban_store::{StoreError, catalog, evaluation, implementations, trust_list_cache};

use super::{STATUS_TYPE, StatusReport};
use crate::cases::object_of;
use crate::evaluation::ReportedFacts;
use crate::passage::{OutgoingMessage, Passage, PassageError, enqueue};

/// Reports the status changes of a node's cases to the hub through the passage.
#[derive(Debug, Clone)]
pub struct Reporter {
    passage: Passage,
    calendar: Option<Arc<WorkCalendar>>,
}

impl Reporter {
    /// Builds the reporter of the node whose passage is `passage`.
    pub fn new(passage: Passage) -> Reporter {
        Reporter {
            passage,
            calendar: None,
        }
    }

    /// Returns the reporter with `calendar`, which counts the handling time in working days
    /// of the supervision facts; without one that time stays unknown.
    pub fn with_calendar(self, calendar: Arc<WorkCalendar>) -> Reporter {
        Reporter {
            calendar: Some(calendar),
            ..self
        }
    }

    /// Returns the node id of this node.
    pub fn node_id(&self) -> &str {
        self.passage.instance_id()
    }

    /// Enqueues the report of `case` to the hub on `transaction`, and to the receiving place
    /// when another node took the application in. The hub is the issuer of the cached trust
    /// list. A node without one has not enrolled, so nothing can be delivered and the change
    /// is only logged.
    ///
    /// # Errors
    /// [`PassageError`] when the database fails or the message breaks an envelope rule; the
    /// change should then be rolled back.
    pub async fn report(
        &self,
        transaction: &mut StoreConnection,
        case: &CaseRecord,
    ) -> Result<(), PassageError> {
        let Some(case_number) = case.case_number.as_deref() else {
            return Ok(());
        };
        let (item_name, item_code) = item_of(transaction, &case.implementation_id).await?;
        let node_id = self.node_id();
        let facts = crate::evaluation::case_facts(
            case,
            case_number,
            node_id,
            &item_name,
            &item_code,
            self.calendar.as_deref(),
        );
        evaluation::upsert_supervision_case(&mut *transaction, &facts).await?;

        let Some(hub_id) = hub_id(transaction).await? else {
            // TODO: status changes made before the node has a trust list never reach the index.
            tracing::warn!(
                case_number,
                "no trust list yet, so the hub's case index misses a change"
            );
            return Ok(());
        };
        let report = StatusReport {
            case_number: case_number.to_owned(),
            holder_subject: case.applicant.subject.clone(),
            item_name,
            item_code,
            status: case.status.as_str().to_owned(),
            receiving_place: case
                .receiving_place
                .clone()
                .unwrap_or_else(|| node_id.to_owned()),
            handling_place: case
                .handling_place
                .clone()
                .unwrap_or_else(|| node_id.to_owned()),
            case_version: case.version,
            changed_at: case.updated_at,
            application_id: None,
            facts: Some(ReportedFacts::of(&facts)),
        };
        let message = OutgoingMessage {
            receiver: &hub_id,
            message_type: STATUS_TYPE,
            ordering_key: case_number,
            body: object_of(&report)?,
        };
        enqueue(&mut *transaction, &self.passage, message).await?;

        // A receiving place that is another node follows the application it forwarded.
        if let (Some(receiving_place), Some(application_id)) =
            (&case.receiving_place, &case.receiving_reference)
            && receiving_place != node_id
        {
            let report = StatusReport {
                application_id: Some(application_id.clone()),
                facts: None,
                ..report
            };
            let message = OutgoingMessage {
                receiver: receiving_place,
                message_type: STATUS_TYPE,
                ordering_key: case_number,
                body: object_of(&report)?,
            };
            enqueue(transaction, &self.passage, message).await?;
        }
        Ok(())
    }

    /// Returns the passage the reports go through.
    pub fn passage(&self) -> &Passage {
        &self.passage
    }

    /// Wakes the delivery worker after the transaction of a report committed.
    pub fn wake(&self) {
        self.passage.wake();
    }
}

/// Returns the hub's id: the issuer of the cached trust list, expired or not.
pub(crate) async fn hub_id(
    transaction: &mut StoreConnection,
) -> Result<Option<String>, PassageError> {
    let Some(cached) = trust_list_cache::load_cached(&mut *transaction).await? else {
        return Ok(None);
    };
    let invalid = |detail: String| PassageError::InvalidStored {
        what: "cached trust list",
        detail,
    };
    let signed: SignedTrustList =
        serde_json::from_str(&cached.document).map_err(|error| invalid(error.to_string()))?;
    let list: TrustList =
        serde_json::from_value(signed.list).map_err(|error| invalid(error.to_string()))?;
    Ok(Some(list.issuer))
}

/// Returns 事项名称 and 实施编码 of implementation `id`, falling back to the id for both when
/// the node no longer lists it.
async fn item_of(
    transaction: &mut StoreConnection,
    id: &str,
) -> Result<(String, String), StoreError> {
    let Some(implementation) = implementations::find_implementation(&mut *transaction, id).await?
    else {
        return Ok((id.to_owned(), id.to_owned()));
    };
    let item = catalog::find_service_item(
        &mut *transaction,
        &implementation.source,
        &implementation.record_id,
    )
    .await?;
    Ok(match item {
        Some(item) => {
            let code = item.implementation_code.unwrap_or_else(|| id.to_owned());
            (item.name, code)
        }
        None => (id.to_owned(), id.to_owned()),
    })
}
