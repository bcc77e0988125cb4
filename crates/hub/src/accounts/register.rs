//! `GET /register` and `POST /register`: a natural person creates an account.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_domain::time::today_in_china;
use tongban_i18n::Lang;
use tongban_services::ServiceError;
use tongban_services::accounts::{self, Registration, field};
use tongban_services::data_sharing::identity::Verification;
use tongban_services::fields::FieldErrors;
use tongban_web::{Chrome, PageError, RequestLang};

use super::ReturnTo;
use crate::HubState;
use crate::pages::{
    FieldView, SummaryItem, chrome, csrf_ok, csrf_rejected, local_return_to, see_other, summary,
};
use crate::session::{Visitor, service_error};

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    chrome: Chrome,
    csrf: String,
    return_to: Option<String>,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    login_href: String,
}

/// The fields the registration form posts.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct RegisterForm {
    csrf: String,
    name: String,
    resident_id: String,
    phone: String,
    password: String,
    password_confirmation: String,
    return_to: Option<String>,
}

/// `GET /register`: the empty form, or on to the account for someone logged in already.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<ReturnTo>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "register-title", &uri);
    let mut visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let return_to = local_return_to(query.return_to.as_deref());
    if visitor.account.is_some() {
        return Ok(see_other(return_to.as_deref().unwrap_or("/account"), []));
    }
    let cookie = state
        .sessions
        .save(&mut visitor.session)
        .await
        .map_err(PageError::in_page(&frame))?;

    let page = page(
        &state,
        lang,
        &uri,
        &visitor,
        &RegisterForm::default(),
        &FieldErrors::new(),
        return_to,
    );
    let mut response = tongban_web::html(&page);
    tongban_web::session::set_cookie(response.headers_mut(), cookie);
    Ok(response)
}

/// `POST /register`: creates the account, checks name and resident ID number against the
/// population registry (waiting up to five seconds for the answer) and logs the person in,
/// or shows the form again with every field's error and what was typed, except the
/// passwords. The account page then shows the outcome of the check.
pub(super) async fn submit(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "register-title", &uri);
    let mut visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if !csrf_ok(&visitor, &form.csrf) {
        return Err(csrf_rejected(&frame));
    }
    let return_to = local_return_to(form.return_to.as_deref());

    let registration = Registration {
        name: form.name.clone(),
        resident_id: form.resident_id.clone(),
        phone: form.phone.clone(),
        password: form.password.clone(),
        password_confirmation: form.password_confirmation.clone(),
    };
    let registered = accounts::register_natural_person(
        &state.store,
        &state.divisions,
        &registration,
        today_in_china(),
    )
    .await;
    match registered {
        Ok(account) => {
            let outcome = super::verify::run(&state, &account).await;
            let cookie = visitor
                .log_in(&state, account)
                .await
                .map_err(PageError::in_page(&frame))?;
            // Without a registry in the catalog there is nothing to report.
            let account_page = match outcome {
                Verification::Unavailable => "/account".to_owned(),
                other => format!("/account?verification={}", other.code()),
            };
            Ok(see_other(
                return_to.as_deref().unwrap_or(&account_page),
                [cookie],
            ))
        }
        Err(ServiceError::Invalid(errors)) => {
            let page = page(&state, lang, &uri, &visitor, &form, &errors, return_to);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, tongban_web::html(&page)).into_response())
        }
        Err(other) => Err(PageError {
            chrome: frame,
            error: service_error(other),
        }),
    }
}

fn page(
    state: &HubState,
    lang: Lang,
    uri: &Uri,
    visitor: &Visitor,
    form: &RegisterForm,
    errors: &FieldErrors,
    return_to: Option<String>,
) -> RegisterPage {
    let fields = vec![
        FieldView::new(field::NAME, "field-name", lang)
            .autocomplete("name")
            .value(&form.name)
            .hint("field-name-hint", lang),
        FieldView::new(field::RESIDENT_ID, "field-resident-id", lang)
            .value(&form.resident_id)
            .hint("field-resident-id-hint", lang),
        FieldView::new(field::PHONE, "field-phone", lang)
            .input_type("tel")
            .autocomplete("tel-national")
            .value(&form.phone)
            .hint("field-phone-hint", lang),
        FieldView::new(field::PASSWORD, "field-password", lang)
            .input_type("password")
            .autocomplete("new-password")
            .hint("field-password-hint", lang),
        FieldView::new(
            field::PASSWORD_CONFIRMATION,
            "field-password-confirmation",
            lang,
        )
        .input_type("password")
        .autocomplete("new-password"),
    ];
    let fields = fields
        .into_iter()
        .map(|field| field.error_from(errors, lang))
        .collect();
    let login_href = match &return_to {
        Some(path) => super::login_url(path),
        None => "/login".to_owned(),
    };
    RegisterPage {
        chrome: chrome(state, lang, "register-title", uri, visitor),
        csrf: visitor.session.csrf_token().to_owned(),
        return_to,
        fields,
        summary: summary(errors, lang),
        login_href,
    }
}
