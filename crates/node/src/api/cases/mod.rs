//! The case API: applicants draft, hand in files, submit or apply in one step, follow, answer
//! and withdraw their cases; clerks list their queues, read cases and take steps. One endpoint
//! per module.
//!
//! See [`auth`] for how requests are authenticated and the header that changes need.

pub mod act;
pub mod answer;
pub mod apply;
pub mod auth;
pub mod clerk_download;
pub mod clerk_show;
pub mod collect;
pub mod contributions;
pub mod create;
pub mod delete_material;
pub mod download;
pub mod json;
pub mod lend;
pub mod list;
pub mod queue;
pub mod save_form;
pub mod show;
pub mod submit;
pub mod upload;
pub mod withdraw;

use tongban_services::cases::{self, CaseContext, CaseRecord, Viewer};
use tongban_web::WebError;

use self::json::{CaseDetailJson, CaseFileJson, CaseJson, EventJson, SuspensionJson, form_values};
use crate::NodeState;
use crate::cases::views::{ServiceNames, case_deadlines};

/// Tag of the applicant endpoints in the OpenAPI document.
pub const APPLICANT_TAG: &str = "cases";

/// Tag of the clerk endpoints in the OpenAPI document.
pub const CLERK_TAG: &str = "clerk cases";

/// Returns where the applicant downloads the files of case `id`, before a material's id.
pub(crate) fn applicant_files(id: &str) -> String {
    format!(
        "/api/cases/{}/materials/",
        tongban_web::catalog::encode_path_segment(id)
    )
}

/// Returns where a clerk downloads the files of case `id`, before a material's id.
pub(crate) fn clerk_files(id: &str) -> String {
    format!(
        "/api/staff/cases/{}/materials/",
        tongban_web::catalog::encode_path_segment(id)
    )
}

/// Returns `case` as lists show it, with its time limits today; the document number in full
/// for a clerk (`full_id_number`).
///
/// # Errors
/// [`WebError::Store`] when the database fails.
pub(crate) async fn case_json(
    state: &NodeState,
    context: &CaseContext,
    names: &mut ServiceNames,
    case: &CaseRecord,
    full_id_number: bool,
) -> Result<CaseJson, WebError> {
    let name = names.name(&state.store, &case.implementation_id).await?;
    let deadlines = case_deadlines(case, &context.calendar, context.today());
    Ok(CaseJson::new(case, name, &deadlines, full_id_number))
}

/// Returns `case` with its form values, files, history and suspensions as `viewer` may see
/// them, with files downloaded under `files`.
///
/// # Errors
/// [`WebError::NotFound`] when `viewer` may not see the case, [`WebError::Store`] when the
/// database fails.
pub(crate) async fn detail_json(
    state: &NodeState,
    context: &CaseContext,
    viewer: Viewer<'_>,
    case: &CaseRecord,
    files: &str,
) -> Result<CaseDetailJson, WebError> {
    let store = &state.store;
    // Loans first: a check of a lent certificate commits with its history event, so a loan
    // read as checked has its event in the history read after it.
    let loans = cases::case_loans(context, viewer, &case.id).await?;
    let history = cases::case_history(store, viewer, &case.id).await?;
    let materials = cases::case_materials(store, viewer, &case.id).await?;
    let suspensions = cases::case_suspensions(store, viewer, &case.id).await?;
    let mut names = ServiceNames::default();
    let full_id_number = matches!(viewer, Viewer::Clerk(_));
    let summary = case_json(state, context, &mut names, case, full_id_number).await?;
    let implementation = names
        .get(store, &case.implementation_id)
        .await?
        .map(|(implementation, _)| implementation);
    Ok(CaseDetailJson {
        case: summary,
        form: form_values(case, implementation),
        materials: materials
            .iter()
            .map(|material| CaseFileJson::new(material, files))
            .collect(),
        history: history.iter().map(EventJson::new).collect(),
        suspensions: suspensions.iter().map(SuspensionJson::new).collect(),
        certificates: loans.into_iter().map(lend::LoanJson::of).collect(),
    })
}
