//! `GET` and `POST /staff/data/grants/new`: the form an admin requests a grant with.
//!
//! A node keeps only its own data services, not the hub's catalog, so the service is named by
//! its id and the provider chosen among the nodes of the trust list. The fields of the
//! population registry's identity check are offered as checkboxes.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use tongban_i18n::{Lang, Message};
use tongban_services::data_sharing::DataSharingError;
use tongban_services::data_sharing::catalog::{IDENTITY_FIELDS, IDENTITY_SERVICE};
use tongban_services::data_sharing::grants::{self, NewGrantRequest};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::nodes::{self, NodeChoice};
use super::{GRANTS_PATH, load_admin};
use crate::NodeState;
use crate::cases::see_other;
use crate::staff::cases::{ClerkPage, staff_login};

/// Offset of China Standard Time, in which a validity date ends at midnight.
const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

#[derive(Template)]
#[template(path = "staff_grant_request.html")]
struct RequestPage {
    chrome: Chrome,
    csrf: String,
    errors: Vec<String>,
    nodes: Vec<NodeChoice>,
    known_fields: Vec<FieldChoice>,
    input: RequestInput,
}

/// A checkbox of a known field.
struct FieldChoice {
    name: &'static str,
    checked: bool,
}

/// The form's values, as typed.
#[derive(Debug, Default)]
struct RequestInput {
    csrf: String,
    service_id: String,
    provider_node: String,
    purpose: String,
    legal_basis: String,
    fields: Vec<String>,
    other_fields: String,
    valid_until: String,
    rate_limit: String,
}

impl RequestInput {
    fn from_pairs(pairs: Vec<(String, String)>) -> RequestInput {
        let mut input = RequestInput::default();
        for (name, value) in pairs {
            match name.as_str() {
                "csrf" => input.csrf = value,
                "service_id" => input.service_id = value.trim().to_owned(),
                "provider_node" => input.provider_node = value.trim().to_owned(),
                "purpose" => input.purpose = value,
                "legal_basis" => input.legal_basis = value,
                "fields" => input.fields.push(value),
                "other_fields" => input.other_fields = value,
                "valid_until" => input.valid_until = value.trim().to_owned(),
                "rate_limit_per_minute" => input.rate_limit = value.trim().to_owned(),
                _ => {}
            }
        }
        input
    }

    /// Returns the checked fields and those typed, separated by commas or spaces.
    fn all_fields(&self) -> Vec<String> {
        let typed = self
            .other_fields
            .split([',', '，', ' '])
            .map(str::trim)
            .filter(|field| !field.is_empty())
            .map(str::to_owned);
        let mut fields: Vec<String> = Vec::new();
        for field in self.fields.iter().cloned().chain(typed) {
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        fields
    }
}

fn required(field_key: &'static str, lang: Lang) -> Message {
    Message::new("data-grant-error-required").arg("field", Message::new(field_key).render(lang))
}

/// Returns the end of the day `text` (`YYYY-MM-DD`) in China Standard Time.
fn end_of_day(text: &str) -> Option<DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let next = day.succ_opt()?.and_hms_opt(0, 0, 0)?;
    let offset = FixedOffset::east_opt(CHINA_OFFSET_SECONDS)?;
    Some(
        next.and_local_timezone(offset)
            .single()?
            .with_timezone(&Utc),
    )
}

/// Checks the form and returns the request, or every broken rule naming its field.
fn check(
    input: &RequestInput,
    requested_by: String,
    lang: Lang,
) -> Result<NewGrantRequest, Vec<Message>> {
    let mut errors = Vec::new();
    let texts = [
        (&input.service_id, "data-grant-field-service"),
        (&input.provider_node, "data-grant-field-provider"),
        (&input.purpose, "data-grant-field-purpose"),
        (&input.legal_basis, "data-grant-field-legal-basis"),
    ];
    for (value, key) in texts {
        if value.trim().is_empty() {
            errors.push(required(key, lang));
        }
    }
    let fields = input.all_fields();
    if fields.is_empty() {
        errors.push(Message::new("data-grant-error-fields"));
    }
    let valid_until = end_of_day(&input.valid_until);
    match valid_until {
        None => errors.push(Message::new("data-grant-error-date")),
        Some(end) if end <= Utc::now() => errors.push(Message::new("data-grant-error-past")),
        Some(_) => {}
    }
    let rate_limit = input
        .rate_limit
        .parse::<i64>()
        .ok()
        .filter(|rate| *rate >= 1);
    if rate_limit.is_none() {
        errors.push(Message::new("data-grant-error-rate"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    Ok(NewGrantRequest {
        service_id: input.service_id.clone(),
        provider_node: input.provider_node.clone(),
        purpose: input.purpose.trim().to_owned(),
        legal_basis: input.legal_basis.trim().to_owned(),
        fields,
        valid_until: valid_until.unwrap_or_else(Utc::now),
        rate_limit_per_minute: rate_limit.unwrap_or(1),
        requested_by,
    })
}

async fn render(
    state: &NodeState,
    clerk: ClerkPage,
    input: RequestInput,
    errors: Vec<Message>,
) -> Response {
    let lang = clerk.chrome.lang;
    let own_id = state.settings.id.clone();
    let mut nodes = nodes::trusted_nodes(&state.store, lang).await;
    nodes.retain(|node| node.id != own_id);
    let known_fields = IDENTITY_FIELDS
        .iter()
        .map(|&name| FieldChoice {
            name,
            checked: input.fields.iter().any(|field| field == name),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = RequestPage {
        csrf: clerk.session.csrf_token().to_owned(),
        errors: errors.iter().map(|error| error.render(lang)).collect(),
        nodes,
        known_fields,
        input,
        chrome: clerk.chrome,
    };
    (status, tongban_web::html(&page)).into_response()
}

/// `GET /staff/data/grants/new`: the empty form, for the identity check of the registry.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) = load_admin(&state, lang, "data-grant-request-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let input = RequestInput {
        service_id: IDENTITY_SERVICE.to_owned(),
        rate_limit: "60".to_owned(),
        ..RequestInput::default()
    };
    Ok(render(&state, clerk, input, Vec::new()).await)
}

/// `POST /staff/data/grants/new`: requests the grant and goes to the list (303); a form that
/// breaks a rule comes back with its input and the errors (422).
pub(super) async fn submit(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    headers: HeaderMap,
    uri: Uri,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let Some(clerk) = load_admin(&state, lang, "data-grant-request-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let input = RequestInput::from_pairs(pairs);
    if !clerk.session.csrf_matches(&input.csrf) {
        return Err(clerk.csrf_error());
    }

    let request = match check(&input, format!("staff:{}", clerk.clerk.id), lang) {
        Ok(request) => request,
        Err(errors) => return Ok(render(&state, clerk, input, errors).await),
    };
    match grants::request_grant(&state.passage, &request).await {
        Ok(_) => Ok(see_other(&format!("{GRANTS_PATH}?done=requested"))),
        Err(DataSharingError::Invalid(detail)) => {
            tracing::warn!(%detail, service = %request.service_id, "grant request rejected");
            let error = Message::new("data-grant-invalid").arg("detail", detail);
            Ok(render(&state, clerk, input, vec![error]).await)
        }
        Err(error) => Err(clerk.error(WebError::Internal(error.to_string()))),
    }
}

#[cfg(test)]
mod tests;
