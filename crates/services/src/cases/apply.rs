//! Applying in one step: the form and every material file handed in at once, checked
//! together and stored as a submitted application in one transaction, with no draft before
//! it. For people who have everything at hand and for systems that apply for them.

use std::collections::BTreeMap;

use tongban_domain::case::{Action, ActorRole, CaseStatus, transition};
use tongban_store::cases::CaseRecord;

use super::draft::{case_applicant, new_draft};
use super::form::{Completeness, check_form};
use super::forward::enqueue_forwarding;
use super::handed_in::{HandedInFile, check_files, insert_case_with_files, store_files};
use super::steps::{Actor, Change};
use super::submit::{Numbering, mark_submitted};
use super::{Applicant, CaseContext, CaseError};

/// A whole application, handed in at once.
#[derive(Debug, Clone)]
pub struct Application {
    /// The implementation of this node applied for.
    pub implementation_id: String,
    /// Form values by field name.
    pub values: BTreeMap<String, String>,
    /// The material files.
    pub files: Vec<HandedInFile>,
}

/// Submits `application` of `applicant` in one step: checks every form field and file as a
/// submission does, stores the files, and then writes the case, its materials and its
/// submission event in one transaction. An application for an item another node handles is
/// forwarded there in that transaction, and the handling node gives it its case number. Any
/// other application gets this node's next case number.
///
/// Certificates of the e-certificate wallet cannot stand in for a material here; they need a
/// draft.
///
/// # Errors
/// [`CaseError::ImplementationUnavailable`] when the node does not offer the implementation.
/// [`CaseError::Invalid`] naming every missing or invalid field and every missing or rejected
/// file, with nothing stored. [`CaseError::Objects`], [`CaseError::Passage`] or
/// [`CaseError::Store`] when storing fails, after which the files already stored are removed
/// again, unless the commit itself failed, which may have stored them. The files of a request
/// dropped before the commit begins are removed in a task of their own. A file that cannot be
/// removed is logged and left behind.
pub async fn apply(
    context: &CaseContext,
    applicant: &Applicant,
    application: Application,
) -> Result<CaseRecord, CaseError> {
    let offer = context
        .offers
        .get(&context.store, &application.implementation_id)
        .await?;
    let implementation = &offer.implementation;
    transition(CaseStatus::Draft, Action::Submit, ActorRole::Applicant)?;

    let today = context.today();
    let checked = check_form(
        &implementation.form,
        &application.values,
        Completeness::Submission,
        &context.divisions,
        today,
    );
    let mut errors = checked.errors;
    let files = check_files(&offer, &application.files, &mut errors);
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }

    let now = context.now();
    let draft = new_draft(context, implementation, case_applicant(applicant), now);
    let mut change = Change::step(&draft, Action::Submit, Actor::applicant(applicant), now);
    change.before_status = None;
    change.after.version = draft.version;
    mark_submitted(&mut change.after, implementation, checked.values, today);
    let (stored_files, pending) =
        store_files(context, &draft.id, files, &applicant.subject, now).await?;

    let outcome = async {
        let numbering = match implementation.handled_at {
            Some(_) => None,
            None => Some(Numbering::prepare(context, today).await?),
        };
        let mut write = context.turn.begin(&context.store).await?;
        if let Some(numbering) = numbering {
            numbering.assign(context, &mut write, &mut change).await?;
        }
        insert_case_with_files(&mut write, &change.after, &stored_files).await?;
        if let Some(remote) = &implementation.handled_at {
            enqueue_forwarding(context, &mut write, &change.after, remote, &stored_files).await?;
        }
        change.finish_naming(write, &pending).await
    }
    .await;
    if outcome.is_err() {
        pending.discard().await;
    }
    outcome
}
