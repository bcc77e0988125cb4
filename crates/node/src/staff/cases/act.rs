//! `POST /staff/cases/{case_id}/act`: a clerk takes a step on a case.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_domain::case::Action;
use tongban_i18n::Message;
use tongban_services::cases::{
    self, CaseError, SpecialProcedure, SpecialProcedureKind, StepDetails,
};
use tongban_web::{PageError, RequestLang, WebError};

use super::action_forms::clerk_action;
use super::detail::{Reshown, clerk_case_page};
use super::{ClerkPage, clerk_case_path, staff_login};
use crate::NodeState;
use crate::cases::form_views::PageErrors;
use crate::cases::see_other;

/// The fields a step form posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ActForm {
    csrf: String,
    action: String,
    /// The case version the page showed.
    version: String,
    reason: String,
    /// The items of a correction request, one per line.
    correction_items: String,
    /// GB/T 39046 A.7 code of the special procedure: `1` or `2`.
    procedure_kind: String,
    procedure_name: String,
}

impl ActForm {
    fn values(&self) -> BTreeMap<String, String> {
        [
            ("reason", &self.reason),
            ("correction_items", &self.correction_items),
            ("procedure_kind", &self.procedure_kind),
            ("procedure_name", &self.procedure_name),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.clone()))
        .collect()
    }
}

/// Returns the special procedure a form starts: `Ok(None)` when nothing was entered, and the
/// error of the type's radio group when a name was given without a type.
fn procedure(form: &ActForm) -> Result<Option<SpecialProcedure>, Message> {
    let kind = match form.procedure_kind.as_str() {
        "1" => SpecialProcedureKind::Extension,
        "2" => SpecialProcedureKind::Other,
        "" if form.procedure_name.trim().is_empty() => return Ok(None),
        _ => return Err(Message::new("case-act-procedure-kind-required")),
    };
    Ok(Some(SpecialProcedure {
        kind,
        name: form.procedure_name.clone(),
    }))
}

/// `POST /staff/cases/{case_id}/act`: takes the step with the details given, if the case still
/// has the version the page showed, and returns to the case (303). Missing details show the
/// form again with their errors (422). A case that changed meanwhile, or a step its state does
/// not allow, shows the case as it now is with the reason (409). A missing role is 403.
pub(super) async fn submit(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<ActForm>,
) -> Result<Response, PageError> {
    let Some(clerk) = ClerkPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    if !clerk.session.csrf_matches(&form.csrf) {
        return Err(clerk.csrf_error());
    }
    let bad = |key: &'static str| WebError::BadRequest(Message::new(key));
    let action = clerk_action(&form.action).ok_or_else(|| clerk.error(bad("case-act-unknown")))?;
    let version: i64 = form
        .version
        .parse()
        .map_err(|_| clerk.error(bad("case-act-version-missing")))?;

    let mut errors = PageErrors::default();
    let special_procedure = match procedure(&form) {
        Ok(procedure) => procedure,
        Err(message) => {
            errors.add(
                format!("{}-procedure_kind", action.as_str()),
                &message,
                lang,
            );
            None
        }
    };
    let details = StepDetails {
        correction_items: form.correction_items.lines().map(str::to_owned).collect(),
        special_procedure: special_procedure.filter(|_| action == Action::StartSpecialProcedure),
        note: None,
        expected_version: Some(version),
    };
    let outcome = if errors.is_empty() {
        let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
        let reason = Some(form.reason.as_str());
        cases::act(&context, &case_id, &clerk.clerk, action, reason, details).await
    } else {
        // The type's error is already recorded; the form is shown again without acting.
        Err(CaseError::Invalid(
            tongban_services::fields::FieldErrors::new(),
        ))
    };

    let error = match outcome {
        Ok(case) => {
            let target = format!("{}?done={}", clerk_case_path(&case.id), action.as_str());
            return Ok(see_other(&target));
        }
        Err(error) => WebError::from(error),
    };
    let mut reshown = Reshown {
        action: Some(action),
        values: form.values(),
        ..Reshown::default()
    };
    match &error {
        WebError::Invalid(invalid) => {
            for field in invalid.iter() {
                let target = match field.field {
                    "special_procedure" => "procedure_name",
                    other => other,
                };
                errors.add(
                    format!("{}-{target}", action.as_str()),
                    &field.message,
                    lang,
                );
            }
        }
        WebError::Conflict(message) | WebError::Denied(message) => {
            reshown.alert = Some(message.render(lang));
        }
        _ => return Err(clerk.error(error)),
    }
    reshown.errors = errors;

    // The page shows the case as it is now, so a clerk whose page was stale sees what changed.
    let case = cases::find_clerk_case(&state.store, &clerk.clerk, &case_id)
        .await
        .map_err(|error| clerk.error(error))?;
    let status = error.status();
    let page = clerk_case_page(&state, clerk, &case, reshown, None).await?;
    Ok((status, tongban_web::html(&page)).into_response())
}
