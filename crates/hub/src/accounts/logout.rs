//! `POST /logout`: ends the hub session.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_services::accounts;
use tongban_web::{Chrome, PageError, RequestLang};

use crate::HubState;
use crate::pages::{csrf_ok, csrf_rejected, see_other};
use crate::session::{Visitor, service_error};

/// The fields the logout form posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct LogoutForm {
    csrf: String,
}

/// `POST /logout`: ends the session and goes to the home page. Relying parties keep their own
/// sessions; they end them through `/oidc/logout`.
pub(super) async fn submit(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "logged-out-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if !csrf_ok(&visitor, &form.csrf) {
        return Err(csrf_rejected(&frame));
    }

    if let Some(account) = &visitor.account {
        accounts::record_log_out(&state.store, &account.id, "hub")
            .await
            .map_err(|error| PageError {
                chrome: frame.clone(),
                error: service_error(error),
            })?;
    }
    let removal = state
        .sessions
        .end(&visitor.session)
        .await
        .map_err(PageError::in_page(&frame))?;
    Ok(see_other("/", [removal]))
}
