//! `GET /login` and `POST /login`: logging in with a resident ID number or phone number (or an
//! operator's login name) and a password.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use tongban_domain::time::{CHINA_STANDARD_TIME, date_in_china};
use tongban_i18n::{Lang, Message};
use tongban_services::accounts::{self, LoginOutcome, LoginPolicy, field};
use tongban_services::fields::FieldErrors;
use tongban_services::legal_persons;
use tongban_web::{Chrome, PageError, RequestLang};

use super::ReturnTo;
use crate::HubState;
use crate::pages::{
    FieldView, SummaryItem, chrome, csrf_ok, csrf_rejected, local_return_to, see_other, summary,
};
use crate::session::{Visitor, service_error};

/// The login form's identifier field, which takes a resident ID number, a phone number or an
/// operator's login name.
const IDENTIFIER: &str = "identifier";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    csrf: String,
    return_to: Option<String>,
    logged_in_as: Option<String>,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    register_href: String,
}

/// The fields the login form posts.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct LoginForm {
    csrf: String,
    identifier: String,
    password: String,
    return_to: Option<String>,
}

/// `GET /login`: the form. It is shown to someone logged in too, because a relying party may
/// request a fresh login (`prompt=login`).
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<ReturnTo>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "login-title", &uri);
    let mut visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let cookie = state
        .sessions
        .save(&mut visitor.session)
        .await
        .map_err(PageError::in_page(&frame))?;
    let return_to = local_return_to(query.return_to.as_deref());
    let page = page(
        &state,
        lang,
        &uri,
        &visitor,
        "",
        &FieldErrors::new(),
        return_to,
    );
    let mut response = tongban_web::html(&page);
    tongban_web::session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// `POST /login`: logs the person in and sends them on: to the choice of whom to act for when
/// they are an agent of a legal person, otherwise to `return_to` or the account page.
pub(super) async fn submit(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "login-title", &uri);
    let mut visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if !csrf_ok(&visitor, &form.csrf) {
        return Err(csrf_rejected(&frame));
    }
    let return_to = local_return_to(form.return_to.as_deref());

    let policy = LoginPolicy {
        max_failures: state.settings.login_max_failures,
        window: Duration::minutes(i64::from(state.settings.login_window_minutes)),
        lockout: Duration::minutes(i64::from(state.settings.login_lockout_minutes)),
    };
    let outcome = accounts::log_in(
        &state.store,
        &state.divisions,
        &form.identifier,
        &form.password,
        &policy,
    )
    .await
    .map_err(|error| PageError {
        chrome: frame.clone(),
        error: service_error(error),
    })?;

    let (status, message) = match outcome {
        LoginOutcome::LoggedIn(account) => {
            let mandates = legal_persons::list_mandates(&state.store, &account.id)
                .await
                .map_err(|error| PageError {
                    chrome: frame.clone(),
                    error: service_error(error),
                })?;
            let cookie = visitor
                .log_in(&state, account)
                .await
                .map_err(PageError::in_page(&frame))?;
            let target = return_to.unwrap_or_else(|| "/account".to_owned());
            if mandates.is_empty() {
                return Ok(see_other(&target, [cookie]));
            }
            return Ok(see_other(&super::acting::choice_url(&target), [cookie]));
        }
        LoginOutcome::Rejected => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Message::new("login-rejected"),
        ),
        LoginOutcome::Locked { until } => (
            StatusCode::TOO_MANY_REQUESTS,
            Message::new("login-locked").arg("until", china_time(until)),
        ),
    };
    let mut errors = FieldErrors::new();
    errors.add(IDENTIFIER, message);
    let page = page(
        &state,
        lang,
        &uri,
        &visitor,
        &form.identifier,
        &errors,
        return_to,
    );
    Ok((status, tongban_web::html(&page)).into_response())
}

/// Returns `at` in Beijing time as `HH:MM`, with the date in front when it is not today.
fn china_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&CHINA_STANDARD_TIME);
    if local.date_naive() == date_in_china(Utc::now()) {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}

fn page(
    state: &HubState,
    lang: Lang,
    uri: &Uri,
    visitor: &Visitor,
    identifier: &str,
    errors: &FieldErrors,
    return_to: Option<String>,
) -> LoginPage {
    let fields = vec![
        FieldView::new(IDENTIFIER, "field-identifier", lang)
            .autocomplete("username")
            .value(identifier)
            .hint("field-identifier-hint", lang)
            .error_from(errors, lang),
        FieldView::new(field::PASSWORD, "field-password", lang)
            .input_type("password")
            .autocomplete("current-password")
            .error_from(errors, lang),
    ];
    let logged_in_as = visitor.account.as_ref().map(|account| {
        Message::new("login-already")
            .arg("name", account.name.as_str())
            .render(lang)
    });
    let mut register_href = "/register".to_owned();
    if let Some(path) = &return_to {
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        serializer.append_pair("return_to", path);
        register_href = format!("/register?{}", serializer.finish());
    }
    LoginPage {
        chrome: chrome(state, lang, "login-title", uri, visitor),
        csrf: visitor.session.csrf_token().to_owned(),
        return_to,
        logged_in_as,
        fields,
        summary: summary(errors, lang),
        register_href,
    }
}
