//! `POST /account/legal-persons`: a natural person registers a legal person and becomes its
//! first agent.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_services::ServiceError;
use tongban_services::legal_persons::{self, LegalPersonForm};
use tongban_web::{Chrome, PageError, RequestLang};

use crate::HubState;
use crate::pages::{csrf_ok, csrf_rejected, see_other};
use crate::session::{Visitor, service_error};

/// The fields the legal-person form posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RegisterLegalPersonForm {
    csrf: String,
    credit_code: String,
    legal_person_name: String,
}

/// `POST /account/legal-persons`: registers the legal person and goes back to the account
/// page, or shows the account page with the form's errors and what was typed.
pub(super) async fn submit(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<RegisterLegalPersonForm>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "account-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if !csrf_ok(&visitor, &form.csrf) {
        return Err(csrf_rejected(&frame));
    }
    let Some(account) = &visitor.account else {
        return Ok(see_other(&super::login_url("/account"), []));
    };

    let typed = LegalPersonForm {
        credit_code: form.credit_code,
        name: form.legal_person_name,
    };
    let registered =
        legal_persons::register_legal_person(&state.store, &state.divisions, account, &typed).await;
    match registered {
        Ok(_) => Ok(see_other("/account", [])),
        Err(ServiceError::Invalid(errors)) => {
            super::profile::render(&state, lang, &uri, &visitor, &typed, &errors, None).await
        }
        Err(other) => Err(PageError {
            chrome: frame,
            error: service_error(other),
        }),
    }
}
