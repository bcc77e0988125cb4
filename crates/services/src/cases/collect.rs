//! Off-site collection (异地代收代办): a window clerk of the receiving place takes in an
//! application for an item another node handles, on behalf of a person who came to the
//! window, checks their identity and the form, and forwards it.

use std::collections::BTreeMap;

use tongban_domain::RuleViolation;
use tongban_domain::case::Action;
use tongban_domain::ids::{InputMode, RegionPolicy, ResidentId};
use tongban_i18n::Message;
use tongban_store::cases::{CaseApplicant, CaseRecord, ID_TYPE_RESIDENT_CARD};

use super::draft::new_draft;
use super::form::{Completeness, check_form};
use super::forward::enqueue_forwarding;
use super::handed_in::{HandedInFile, check_files, insert_case_with_files, store_files};
use super::steps::{Actor, Change};
use super::submit::mark_submitted;
use super::{CaseContext, CaseError, Clerk};

/// An application a window clerk takes in.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The implementation of this node that forwards to the handling place.
    pub implementation_id: String,
    /// The person's name, as on the identity card the clerk checked.
    pub applicant_name: String,
    /// The person's resident ID number, as on that card.
    pub applicant_id_number: String,
    /// Form values by field name.
    pub values: BTreeMap<String, String>,
    /// The material files.
    pub files: Vec<HandedInFile>,
}

/// Returns the holder subject of an application taken in at a window for the person with
/// resident ID number `id_number`. The window has no hub account of the person, so the
/// subject is the SM3 digest of the number. The person's own views match it with the resident
/// ID number of their login.
pub fn window_subject(id_number: &str) -> String {
    format!(
        "resident-sm3/{}",
        tongban_crypto::sm3_hex(id_number.as_bytes())
    )
}

/// Takes in `collection` at the window of `clerk`: checks the resident ID number, the form and
/// the materials, and stores the application, submitted and forwarded to the handling place in
/// one transaction. Returns it.
///
/// # Errors
/// [`CaseError::RoleMissing`] unless the clerk has the intake role,
/// [`CaseError::ImplementationUnavailable`] for an implementation that this node does not
/// forward, [`CaseError::Invalid`] naming every invalid identity field, form field and
/// material, and the errors of forwarding.
pub async fn collect_application(
    context: &CaseContext,
    clerk: &Clerk,
    collection: Collection,
) -> Result<CaseRecord, CaseError> {
    if !clerk.has_role("intake") && !clerk.has_role("admin") {
        return Err(CaseError::RoleMissing {
            action: Action::Submit,
            role: "intake",
        });
    }
    let offer = context
        .offers
        .get(&context.store, &collection.implementation_id)
        .await?;
    let implementation = &offer.implementation;
    let Some(remote) = &implementation.handled_at else {
        return Err(CaseError::ImplementationUnavailable {
            id: implementation.id.clone(),
        });
    };

    let today = context.today();
    let checked = check_form(
        &implementation.form,
        &collection.values,
        Completeness::Submission,
        &context.divisions,
        today,
    );
    let mut errors = checked.errors;
    let name = collection.applicant_name.trim().to_owned();
    if name.is_empty() {
        errors.add("applicant_name", Message::new("case-collect-name-missing"));
    }
    let id_number = match ResidentId::parse(
        &collection.applicant_id_number,
        InputMode::Form,
        &context.divisions,
        today,
        RegionPolicy::default(),
    ) {
        Ok(id) => id.as_str().to_owned(),
        Err(error) => {
            errors.add(
                "applicant_id_number",
                Message::new("case-collect-id-invalid").arg("reason", error.message()),
            );
            String::new()
        }
    };
    let files = check_files(&offer, &collection.files, &mut errors);
    if !errors.is_empty() {
        return Err(CaseError::Invalid(errors));
    }

    let now = context.now();
    let applicant = CaseApplicant {
        subject: window_subject(&id_number),
        name,
        id_type: ID_TYPE_RESIDENT_CARD.to_owned(),
        id_number,
        acting_for_credit_code: None,
        acting_for_name: None,
    };
    let draft = new_draft(context, implementation, applicant, now);
    let mut change = Change::step(&draft, Action::Submit, Actor::clerk(clerk), now);
    change.before_status = None;
    change.after.version = draft.version;
    mark_submitted(&mut change.after, implementation, checked.values, today);
    change.details = Some(serde_json::json!({
        "collected_at_window": true,
        "identity_checked": "resident_id",
    }));

    let (stored_files, pending) =
        store_files(context, &change.after.id, files, &clerk.id, now).await?;
    let outcome = async {
        let mut write = context.turn.begin(&context.store).await?;
        insert_case_with_files(&mut write, &change.after, &stored_files).await?;
        enqueue_forwarding(context, &mut write, &change.after, remote, &stored_files).await?;
        change.finish_naming(write, &pending).await
    }
    .await;
    if outcome.is_err() {
        pending.discard().await;
    }
    outcome
}
