//! `GET /staff/login`, `POST /staff/login` and `POST /staff/logout`.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_domain::time::CHINA_STANDARD_TIME;
use tongban_i18n::{Lang, Message};
use tongban_services::fields::FieldErrors;
use tongban_services::staff::{self, StaffLoginOutcome};
use tongban_web::form::{FieldView, SummaryItem, summary};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::StaffVisitor;
use crate::NodeState;

#[derive(Template)]
#[template(path = "staff_login.html")]
struct LoginPage {
    chrome: Chrome,
    csrf: String,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    notice: Option<String>,
}

/// The fields the staff login form posts.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct LoginForm {
    csrf: String,
    login_name: String,
    password: String,
}

/// The logout form.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct LogoutForm {
    csrf: String,
}

fn chrome(state: &NodeState, lang: Lang, uri: &Uri) -> Chrome {
    Chrome::new(lang, state.settings.name(lang), "staff-login-title", uri)
        .link("/", "node-nav-home")
}

fn page(
    chrome: Chrome,
    csrf: &str,
    login_name: &str,
    errors: &FieldErrors,
    notice: Option<String>,
) -> LoginPage {
    let lang = chrome.lang;
    let fields = vec![
        FieldView::new("login_name", "staff-field-login-name", lang)
            .autocomplete("username")
            .value(login_name)
            .error_from(errors, lang),
        FieldView::new("password", "staff-field-password", lang)
            .input_type("password")
            .autocomplete("current-password")
            .error_from(errors, lang),
    ];
    LoginPage {
        summary: summary(errors, lang),
        chrome,
        csrf: csrf.to_owned(),
        fields,
        notice,
    }
}

/// `GET /staff/login`: the form.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let frame = chrome(&state, lang, &uri);
    let mut visitor = StaffVisitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let cookie = state
        .staff_sessions
        .save(&mut visitor.session)
        .await
        .map_err(PageError::in_page(&frame))?;
    let mut response = tongban_web::html(&page(
        frame,
        visitor.session.csrf_token(),
        "",
        &FieldErrors::new(),
        None,
    ));
    tongban_web::session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// `POST /staff/login`: checks the password, throttled per login name, and opens the staff
/// area with a new session token.
pub(super) async fn submit(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let frame = chrome(&state, lang, &uri);
    let mut visitor = StaffVisitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if !visitor.session.csrf_matches(&form.csrf) {
        return Err(PageError {
            chrome: frame,
            error: WebError::BadRequest(Message::new("error-csrf")),
        });
    }

    let outcome = staff::log_in_staff(
        &state.store,
        &form.login_name,
        &form.password,
        &state.staff_login_policy,
    )
    .await
    .map_err(|error| PageError {
        chrome: frame.clone(),
        error: WebError::Internal(error.to_string()),
    })?;
    let (status, message) = match outcome {
        StaffLoginOutcome::LoggedIn(staff) => {
            let cookie = state
                .staff_sessions
                .log_in(&mut visitor.session, &staff.id)
                .await
                .map_err(PageError::in_page(&frame))?;
            let mut response = (StatusCode::SEE_OTHER, [(LOCATION, "/staff")]).into_response();
            tongban_web::session::set_cookie(response.headers_mut(), Some(cookie));
            return Ok(response);
        }
        StaffLoginOutcome::Rejected => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Message::new("staff-login-rejected"),
        ),
        StaffLoginOutcome::Locked { until } => {
            let time = until
                .with_timezone(&CHINA_STANDARD_TIME)
                .format("%H:%M")
                .to_string();
            (
                StatusCode::TOO_MANY_REQUESTS,
                Message::new("staff-login-locked").arg("until", time),
            )
        }
    };
    let mut errors = FieldErrors::new();
    errors.add("password", message);
    let body = page(
        frame,
        visitor.session.csrf_token(),
        form.login_name.trim(),
        &errors,
        None,
    );
    Ok((status, tongban_web::html(&body)).into_response())
}

/// `POST /staff/logout`: ends the staff session.
pub(super) async fn log_out(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Result<Response, PageError> {
    let frame = chrome(&state, lang, &uri);
    let visitor = StaffVisitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if !visitor.session.csrf_matches(&form.csrf) {
        return Err(PageError {
            chrome: frame,
            error: WebError::BadRequest(Message::new("error-csrf")),
        });
    }
    let removal = state
        .staff_sessions
        .end(&visitor.session)
        .await
        .map_err(PageError::in_page(&frame))?;
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, "/staff/login")]).into_response();
    tongban_web::session::set_cookie(response.headers_mut(), Some(removal));
    Ok(response)
}
