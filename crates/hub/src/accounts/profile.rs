//! `GET /account`: the person's profile, assurance level, legal persons and whom they act for.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tongban_domain::time::CHINA_STANDARD_TIME;
use tongban_i18n::{Lang, Message};
use tongban_services::accounts::{Account, AccountType, AssuranceLevel, Role};
use tongban_services::data_sharing::identity::Verification;
use tongban_services::fields::FieldErrors;
use tongban_services::legal_persons::{self, LegalPersonForm, Mandate, field};
use tongban_web::{Chrome, PageError, RequestLang};

use super::acting::{Choice, choices};
use crate::HubState;
use crate::pages::{FieldView, SummaryItem, chrome, see_other, summary};
use crate::session::{Visitor, service_error};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    csrf: String,
    account: Account,
    account_type: String,
    masked_resident_id: Option<String>,
    masked_phone: Option<String>,
    assurance_level: String,
    assurance_explained: String,
    verification: Option<super::verify::Notice>,
    can_verify: bool,
    role: String,
    acting_current: String,
    choices: Vec<Choice>,
    mandates: Vec<MandateRow>,
    can_register_legal_person: bool,
    legal_person_fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
}

/// A row of the table of legal persons.
struct MandateRow {
    name: String,
    credit_code: String,
    granted_at: String,
}

/// `GET /account`: the account page, or the login page for someone not logged in. The
/// `verification` parameter shows the outcome of the real-name verification just run.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<super::verify::VerificationQuery>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "account-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    if visitor.account.is_none() {
        return Ok(see_other(&super::login_url("/account"), []));
    }
    render(
        &state,
        lang,
        &uri,
        &visitor,
        &LegalPersonForm::default(),
        &FieldErrors::new(),
        query.outcome(),
    )
    .await
}

/// Renders the account page of the logged-in `visitor`, with the legal-person form showing
/// `form` and `errors`; the status is 422 when there are errors.
pub(super) async fn render(
    state: &HubState,
    lang: Lang,
    uri: &Uri,
    visitor: &Visitor,
    form: &LegalPersonForm,
    errors: &FieldErrors,
    verification: Option<Verification>,
) -> Result<Response, PageError> {
    let frame = chrome(state, lang, "account-title", uri, visitor);
    let Some(account) = visitor.account.clone() else {
        return Ok(see_other(&super::login_url("/account"), []));
    };
    let mandates = legal_persons::list_mandates(&state.store, &account.id)
        .await
        .map_err(|error| PageError {
            chrome: frame.clone(),
            error: service_error(error),
        })?;
    let acting = visitor
        .acting_for_in_force(state)
        .await
        .map_err(PageError::in_page(&frame))?;

    let acting_current = match &acting {
        Some(legal_person) => Message::new("acting-current-legal-person")
            .arg("name", legal_person.name.as_str())
            .arg("credit_code", legal_person.credit_code.as_str()),
        None => Message::new("acting-current-self"),
    }
    .render(lang);
    let legal_person_fields = vec![
        FieldView::new(field::CREDIT_CODE, "field-credit-code", lang)
            .value(&form.credit_code)
            .hint("field-credit-code-hint", lang)
            .error_from(errors, lang),
        FieldView::new(field::NAME, "field-legal-person-name", lang)
            .autocomplete("organization")
            .value(&form.name)
            .error_from(errors, lang),
    ];
    let page = AccountPage {
        csrf: visitor.session.csrf_token().to_owned(),
        account_type: Message::new(match account.account_type {
            AccountType::NaturalPerson => "account-type-natural-person",
            AccountType::Operator => "account-type-operator",
        })
        .render(lang),
        masked_resident_id: account.resident_id.as_deref().map(mask_resident_id),
        masked_phone: account.phone.as_deref().map(mask_phone),
        assurance_level: Message::new(match account.assurance_level {
            AssuranceLevel::SelfAsserted => "assurance-self-asserted",
            AssuranceLevel::RegistryVerified => "assurance-registry-verified",
        })
        .render(lang),
        assurance_explained: Message::new(match account.assurance_level {
            AssuranceLevel::SelfAsserted => "assurance-self-asserted-explained",
            AssuranceLevel::RegistryVerified => "assurance-registry-verified-explained",
        })
        .render(lang),
        verification: verification.map(|outcome| super::verify::Notice::of(outcome, lang)),
        can_verify: account.account_type == AccountType::NaturalPerson
            && account.assurance_level == AssuranceLevel::SelfAsserted,
        role: Message::new(match account.role {
            Role::User => "role-user",
            Role::Admin => "role-admin",
        })
        .render(lang),
        acting_current,
        choices: choices(&account, &mandates, acting.as_ref(), lang),
        mandates: mandates.iter().map(row).collect(),
        can_register_legal_person: account.account_type == AccountType::NaturalPerson,
        legal_person_fields,
        summary: summary(errors, lang),
        account,
        chrome: frame,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, tongban_web::html(&page)).into_response())
}

fn row(mandate: &Mandate) -> MandateRow {
    MandateRow {
        name: mandate.legal_person.name.clone(),
        credit_code: mandate.legal_person.credit_code.clone(),
        granted_at: mandate
            .granted_at
            .with_timezone(&CHINA_STANDARD_TIME)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    }
}

/// Shows the region and the last four characters of a resident ID number: enough for the
/// person to recognise it, too little for someone looking over their shoulder.
fn mask_resident_id(number: &str) -> String {
    mask(number, 6, 4)
}

/// Shows the first three and the last four digits of a phone number, as Chinese services do.
fn mask_phone(number: &str) -> String {
    mask(number, 3, 4)
}

fn mask(text: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= keep_start + keep_end {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - keep_start - keep_end;
    let mut masked: String = chars[..keep_start].iter().collect();
    masked.push_str(&"*".repeat(hidden));
    masked.extend(&chars[chars.len() - keep_end..]);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask_resident_id("11010519491231002X"), "110105********002X");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask("abc", 3, 4), "***");
    }
}
