//! `GET` and `POST /cases/{case_number}/rating`: rating at the hub portal a closed case of the
//! national case index. The hub sends the rating to the handling node, which records it and
//! reports it back, so the page lists it once that report has arrived.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_domain::evaluation::{Channel, Satisfaction};
use tongban_i18n::Message;
use tongban_services::accounts::Account;
use tongban_services::case_index::{self, IndexEntry};
use tongban_services::evaluation::{self, Rater, RatingInput};
use tongban_services::fields::FieldErrors;
use tongban_store::evaluation as stored;
use tongban_web::evaluation::{RatingFormView, RatingPost};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::rating_path;
use crate::HubState;
use crate::pages::{chrome, see_other};
use crate::session::Visitor;

#[derive(Template)]
#[template(path = "case_rating.html")]
struct RatingPage {
    chrome: Chrome,
    csrf: String,
    notice: Option<String>,
    errors: Vec<String>,
    given: Vec<String>,
    form: Option<RatingFormView>,
    action: String,
}

/// Query after a rating was sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RatingQuery {
    sent: Option<String>,
}

fn rater_of(account: &Account) -> Rater {
    Rater {
        subject: account.id.clone(),
        name: account.name.clone(),
        window_subject: account
            .resident_id
            .as_deref()
            .map(tongban_services::cases::window_subject),
    }
}

/// Returns the index entry of `case_number` among the cases of `account`.
async fn find_entry(
    state: &HubState,
    account: &Account,
    case_number: &str,
) -> Result<IndexEntry, WebError> {
    let rater = rater_of(account);
    let mut subjects = vec![rater.subject];
    subjects.extend(rater.window_subject);
    for subject in subjects {
        let entries = case_index::list_holder_cases(&state.store, &subject)
            .await
            .map_err(crate::session::service_error)?;
        if let Some(entry) = entries
            .into_iter()
            .find(|entry| entry.case_number == case_number)
        {
            return Ok(entry);
        }
    }
    Err(WebError::NotFound)
}

/// `GET /cases/{case_number}/rating`: the ratings the hub has of the case and, for a closed
/// case not yet rated on this channel, the form; 404 for a case that is not the person's.
pub(super) async fn show(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    Path(case_number): Path<String>,
    Query(query): Query<RatingQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let notice = query.sent.map(|_| Message::new("rating-sent").render(lang));
    page(&state, lang, &case_number, &headers, &uri, notice, None).await
}

/// `POST /cases/{case_number}/rating`: sends the rating to the handling node and returns to the
/// page (303); invalid input shows the form again (422).
pub(super) async fn submit(
    State(state): State<HubState>,
    RequestLang(lang): RequestLang,
    Path(case_number): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<RatingPost>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "rating-title", &uri);
    let visitor = Visitor::load(&state, &headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let frame = chrome(&state, lang, "rating-title", &uri, &visitor);
    let fail = |error: WebError| PageError {
        chrome: frame.clone(),
        error,
    };
    let Some(account) = &visitor.account else {
        return Ok(see_other(
            &crate::accounts::login_url(&rating_path(&case_number)),
            [],
        ));
    };
    if !visitor.session.csrf_matches(&form.csrf) {
        return Err(fail(WebError::BadRequest(Message::new("error-csrf"))));
    }
    let parsed = RatingInput::parse_fields(
        &case_number,
        Channel::Pc,
        state.passage.instance_id(),
        form.follow_up == "1",
        |name| form.field(name),
    );
    let input = match parsed {
        Ok(input) => input,
        Err(errors) => {
            return page(
                &state,
                lang,
                &case_number,
                &headers,
                &uri,
                None,
                Some((&form, &errors)),
            )
            .await;
        }
    };
    evaluation::rate_at_hub(&state.store, &state.passage, &rater_of(account), &input)
        .await
        .map_err(|error| fail(error.into()))?;
    Ok(see_other(
        &format!("{}?sent=1", rating_path(&case_number)),
        [],
    ))
}

async fn page(
    state: &HubState,
    lang: tongban_i18n::Lang,
    case_number: &str,
    headers: &HeaderMap,
    uri: &Uri,
    notice: Option<String>,
    posted: Option<(&RatingPost, &FieldErrors)>,
) -> Result<Response, PageError> {
    let frame = Chrome::new(lang, state.settings.name(lang), "rating-title", uri);
    let visitor = Visitor::load(state, headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let mut frame = chrome(state, lang, "rating-title", uri, &visitor);
    let Some(account) = &visitor.account else {
        return Ok(see_other(
            &crate::accounts::login_url(&rating_path(case_number)),
            [],
        ));
    };
    let fail = |error: WebError| PageError {
        chrome: frame.clone(),
        error,
    };
    let entry = find_entry(state, account, case_number)
        .await
        .map_err(fail)?;
    let ratings = stored::list_case_ratings(state.store.pool(), &entry.handling_place, case_number)
        .await
        .map_err(|error| fail(error.into()))?;
    let rated = ratings
        .iter()
        .any(|rating| !rating.follow_up && rating.channel == Channel::Pc.as_str());
    let form = (entry.status == "closed" && !rated && notice.is_none()).then(|| {
        RatingFormView::new(
            false,
            |name| posted.and_then(|(post, _)| post.field(name)),
            lang,
        )
    });
    let given = ratings
        .iter()
        .map(|rating| {
            let level = Satisfaction::from_code(rating.satisfaction)
                .map(|level| Message::new(level.label_key()).render(lang))
                .unwrap_or_default();
            format!(
                "{} {level} {}",
                rating.satisfaction,
                rating.comment.as_deref().unwrap_or("")
            )
        })
        .collect();
    let errors = posted
        .map(|(_, errors)| {
            errors
                .iter()
                .map(|error| error.message.render(lang))
                .collect()
        })
        .unwrap_or_default();
    frame.title = Message::new("rating-heading")
        .arg("number", case_number)
        .render(lang);
    let invalid = posted.is_some();
    let mut response = tongban_web::html(&RatingPage {
        csrf: visitor.session.csrf_token().to_owned(),
        notice,
        errors,
        given,
        form,
        action: rating_path(case_number),
        chrome: frame,
    });
    if invalid {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}
