//! `GET /account/acting` and `POST /account/acting`: an agent chooses whether to act for
//! themselves or for one of their legal persons. The choice holds for the session and goes into
//! every ID token issued from it as `acting_for`.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_i18n::{Lang, Message};
use tongban_services::accounts::{Account, ActingFor};
use tongban_services::legal_persons::{self, Mandate};
use tongban_web::{Chrome, PageError, RequestLang};

use super::ReturnTo;
use crate::HubState;
use crate::pages::{chrome, csrf_ok, csrf_rejected, local_return_to, see_other};
use crate::session::{Visitor, service_error};

#[derive(Template)]
#[template(path = "acting.html")]
struct ActingPage {
    chrome: Chrome,
    csrf: String,
    return_to: Option<String>,
    choices: Vec<Choice>,
}

/// A radio button of the choice.
pub(super) struct Choice {
    /// The credit code, or empty for acting as oneself.
    pub value: String,
    /// The text next to the radio button.
    pub label: String,
    /// Whether it is the current choice.
    pub selected: bool,
}

/// The fields the choice form posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ActingForm {
    csrf: String,
    /// A credit code, or empty for acting as oneself.
    acting_for: String,
    return_to: Option<String>,
}

/// Returns the URL of the choice page that continues to `target`.
pub(super) fn choice_url(target: &str) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    serializer.append_pair("return_to", target);
    format!("/account/acting?{}", serializer.finish())
}

/// Returns the choices of `account`: themselves first, then each legal person.
pub(super) fn choices(
    account: &Account,
    mandates: &[Mandate],
    current: Option<&ActingFor>,
    lang: Lang,
) -> Vec<Choice> {
    if mandates.is_empty() {
        return Vec::new();
    }
    let mut choices = vec![Choice {
        value: String::new(),
        label: Message::new("acting-choice-self")
            .arg("name", account.name.as_str())
            .render(lang),
        selected: current.is_none(),
    }];
    choices.extend(mandates.iter().map(|mandate| {
        Choice {
            value: mandate.legal_person.credit_code.clone(),
            label: Message::new("acting-choice-legal-person")
                .arg("name", mandate.legal_person.name.as_str())
                .arg("credit_code", mandate.legal_person.credit_code.as_str())
                .render(lang),
            selected: current
                .is_some_and(|acting| acting.credit_code == mandate.legal_person.credit_code),
        }
    }));
    choices
}

/// `GET /account/acting`: the choice, asked right after login. Someone with no legal person
/// goes straight on.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<ReturnTo>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "acting-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let return_to = local_return_to(query.return_to.as_deref());
    let Some(account) = &visitor.account else {
        let here = choice_url(return_to.as_deref().unwrap_or("/account"));
        return Ok(see_other(&super::login_url(&here), []));
    };
    let mandates = legal_persons::list_mandates(&state.store, &account.id)
        .await
        .map_err(|error| PageError {
            chrome: frame.clone(),
            error: service_error(error),
        })?;
    if mandates.is_empty() {
        return Ok(see_other(return_to.as_deref().unwrap_or("/account"), []));
    }
    let current = visitor
        .acting_for_in_force(&state)
        .await
        .map_err(PageError::in_page(&frame))?;
    let page = ActingPage {
        chrome: chrome(&state, lang, "acting-title", &uri, &visitor),
        csrf: visitor.session.csrf_token().to_owned(),
        choices: choices(account, &mandates, current.as_ref(), lang),
        return_to,
    };
    Ok(tongban_web::html(&page))
}

/// `POST /account/acting`: records the choice in the session and goes on to `return_to` or
/// the account page. Choosing a legal person without a mandate in force is forbidden.
pub(super) async fn submit(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<ActingForm>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "acting-title", &uri);
    let mut visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if !csrf_ok(&visitor, &form.csrf) {
        return Err(csrf_rejected(&frame));
    }
    let return_to = local_return_to(form.return_to.as_deref());
    let Some(account) = visitor.account.clone() else {
        return Ok(see_other(&super::login_url("/account"), []));
    };

    let credit_code = Some(form.acting_for.trim()).filter(|code| !code.is_empty());
    let acting_for = legal_persons::choose_acting_for(&state.store, &account, credit_code)
        .await
        .map_err(|error| PageError {
            chrome: frame.clone(),
            error: service_error(error),
        })?;
    let cookie = visitor
        .set_acting_for(&state, acting_for.as_ref())
        .await
        .map_err(PageError::in_page(&frame))?;
    Ok(see_other(
        return_to.as_deref().unwrap_or("/account"),
        cookie,
    ))
}
