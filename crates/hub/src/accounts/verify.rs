//! Real-name verification against the population registry: run after registration and from
//! the account page with `POST /account/verify`, and its outcome shown on the account page.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_i18n::{Lang, Message};
use tongban_services::accounts::Account;
use tongban_services::data_sharing::identity::{self, Verification};
use tongban_web::{Chrome, PageError, RequestLang};

use crate::HubState;
use crate::pages::{csrf_ok, csrf_rejected, see_other};
use crate::session::Visitor;

/// The `verification` query parameter of the account page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct VerificationQuery {
    verification: Option<String>,
}

impl VerificationQuery {
    /// Returns the outcome the parameter names, if it names one.
    pub(super) fn outcome(&self) -> Option<Verification> {
        self.verification
            .as_deref()
            .and_then(Verification::from_code)
    }
}

/// The notice of a verification outcome on the account page.
#[derive(Debug, Clone)]
pub(super) struct Notice {
    /// `ok`, `warning` or `error`.
    pub class: &'static str,
    /// The outcome and the next step, in the person's language.
    pub text: String,
}

impl Notice {
    /// Returns the notice of `outcome` in `lang`. A mismatch names the field that does not
    /// match the registry.
    pub(super) fn of(outcome: Verification, lang: Lang) -> Notice {
        let (class, key) = match outcome {
            Verification::Verified => ("ok", "verification-verified"),
            Verification::NameMismatch => ("error", "verification-name-mismatch"),
            Verification::NotFound => ("error", "verification-not-found"),
            Verification::Rejected => ("warning", "verification-rejected"),
            Verification::Pending => ("warning", "verification-pending"),
            Verification::Unavailable => ("warning", "verification-unavailable"),
        };
        Notice {
            class,
            text: Message::new(key).render(lang),
        }
    }
}

/// Checks `account` against the population registry, waiting a bounded time. A failure to
/// send counts as the registry being unavailable, because the account exists either way.
pub(super) async fn run(state: &HubState, account: &Account) -> Verification {
    match identity::verify_account(&state.passage, account, identity::DEFAULT_WAIT).await {
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::error!(account = %account.id, %error, "real-name verification failed to run");
            Verification::Unavailable
        }
    }
}

/// The form of `POST /account/verify`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct VerifyForm {
    csrf: String,
}

/// `POST /account/verify`: runs the verification again for the logged-in person and shows
/// the outcome on the account page.
pub(super) async fn submit(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<VerifyForm>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "account-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if !csrf_ok(&visitor, &form.csrf) {
        return Err(csrf_rejected(&frame));
    }
    let Some(account) = visitor.account.clone() else {
        return Ok(see_other(&super::login_url("/account"), []));
    };
    let outcome = run(&state, &account).await;
    Ok(see_other(
        &format!("/account?verification={}", outcome.code()),
        [],
    ))
}
