//! `GET` and `POST /cases/{case_id}/rating`: the applicant rates a closed case (好差评) on a
//! plain form, and later rates how a bad rating was followed up.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_domain::case::CaseStatus;
use tongban_domain::evaluation::{Channel, RectificationStatus, Satisfaction};
use tongban_i18n::Message;
use tongban_services::cases::{self, CaseRecord, window_subject};
use tongban_services::evaluation::{self, Rater, RatingInput, RegionRules};
use tongban_services::fields::FieldErrors;
use tongban_store::evaluation as stored;
use tongban_web::evaluation::{RatingFormView, RatingPost};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::rating_path;
use crate::NodeState;
use crate::cases::{PersonPage, case_path, login_redirect, see_other};

#[derive(Template)]
#[template(path = "case_rating.html")]
struct RatingPage {
    chrome: Chrome,
    csrf: String,
    case_href: String,
    rating_action: String,
    notice: Option<String>,
    errors: Vec<String>,
    given: Vec<GivenRating>,
    rectification: Option<RectificationFacts>,
    form: Option<RatingFormView>,
}

/// A rating given before.
struct GivenRating {
    kind: String,
    level: String,
    comment: String,
    at: String,
}

/// What the rater sees of the rectification their bad rating opened.
struct RectificationFacts {
    status: String,
    due: String,
}

/// Query after a rating.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct RatingQuery {
    done: Option<String>,
}

/// `GET /cases/{case_id}/rating`: the ratings given, the rectification's state and the form
/// that fits: the rating of a closed case, or the follow-up rating once the rectification was
/// reported back. A case that is not the person's is 404.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_id): Path<String>,
    Query(query): Query<RatingQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) = PersonPage::load(&state, lang, "rating-title", &uri, &headers).await? else {
        return Ok(login_redirect(&uri, None));
    };
    let case = cases::find_applicant_case(&state.store, &person.applicant, &case_id)
        .await
        .map_err(|error| person.error(error))?;
    let notice = query.done.map(|_| Message::new("rating-done").render(lang));
    let page = rating_page(&state, person, &case, notice, None, None).await?;
    Ok(tongban_web::html(&page))
}

/// `POST /cases/{case_id}/rating`: records the rating and returns to the page (303); invalid
/// input shows the form again with its errors (422).
pub(super) async fn submit(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<RatingPost>,
) -> Result<Response, PageError> {
    let page_path = rating_path(&case_id);
    let Some(person) = PersonPage::load(&state, lang, "rating-title", &uri, &headers).await? else {
        return Ok(login_redirect(&uri, Some(&page_path)));
    };
    if !person.session.csrf_matches(&form.csrf) {
        return Err(person.csrf_error());
    }
    let case = cases::find_applicant_case(&state.store, &person.applicant, &case_id)
        .await
        .map_err(|error| person.error(error))?;
    let Some(case_number) = case.case_number.clone() else {
        return Err(person.error(WebError::NotFound));
    };
    let follow_up = form.follow_up == "1";
    let parsed = RatingInput::parse_fields(
        &case_number,
        Channel::Pc,
        &state.settings.id,
        follow_up,
        |name| form.field(name),
    );
    let input = match parsed {
        Ok(input) => input,
        Err(errors) => {
            let page = rating_page(&state, person, &case, None, Some(&form), Some(&errors)).await?;
            let mut response = tongban_web::html(&page);
            *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(response);
        }
    };
    let rater = Rater {
        subject: person.applicant.subject.clone(),
        name: person.applicant.name.clone(),
        window_subject: Some(window_subject(&person.applicant.id_number)),
    };
    let context = state.cases.context().await.map_err(|e| person.error(e))?;
    let rules = RegionRules {
        rectification_days: state.settings.rectification_days,
    };
    evaluation::rate_case(&context, rules, &rater, &input)
        .await
        .map_err(|error| person.error(error))?;
    Ok(see_other(&format!("{page_path}?done=1")))
}

/// Builds the page of `case`, showing `posted` again with `errors` after an invalid post.
async fn rating_page(
    state: &NodeState,
    person: PersonPage,
    case: &CaseRecord,
    notice: Option<String>,
    posted: Option<&RatingPost>,
    errors: Option<&FieldErrors>,
) -> Result<RatingPage, PageError> {
    let lang = person.chrome.lang;
    let case_number = case.case_number.clone().unwrap_or_default();
    let node_id = state.settings.id.as_str();
    let ratings = stored::list_case_ratings(state.store.pool(), node_id, &case_number)
        .await
        .map_err(|error| person.error(error))?;
    let rectification = stored::find_case_rectification(state.store.pool(), node_id, &case_number)
        .await
        .map_err(|error| person.error(error))?;

    let rated = |follow_up: bool| {
        ratings
            .iter()
            .any(|rating| rating.follow_up == follow_up && rating.channel == Channel::Pc.as_str())
    };
    let reported = rectification
        .as_ref()
        .is_some_and(|record| record.status == RectificationStatus::Reported.as_str());
    let form = if case.status != CaseStatus::Closed {
        None
    } else if !rated(false) {
        Some(false)
    } else if reported && !rated(true) {
        Some(true)
    } else {
        None
    };
    let form = form.map(|follow_up| {
        RatingFormView::new(
            follow_up,
            |name| posted.and_then(|post| post.field(name)),
            lang,
        )
    });
    let given = ratings
        .iter()
        .map(|rating| GivenRating {
            kind: Message::new(if rating.follow_up {
                "rating-kind-follow-up"
            } else {
                "rating-kind-case"
            })
            .render(lang),
            level: Satisfaction::from_code(rating.satisfaction)
                .map(|level| {
                    format!(
                        "{} {}",
                        level.code(),
                        Message::new(level.label_key()).render(lang)
                    )
                })
                .unwrap_or_default(),
            comment: rating.comment.clone().unwrap_or_default(),
            at: tongban_web::case_index::format_time(&rating.rated_at.to_rfc3339()),
        })
        .collect();
    let rectification = rectification.map(|record| RectificationFacts {
        status: RectificationStatus::parse(&record.status)
            .map(|status| Message::new(status.label_key()).render(lang))
            .unwrap_or(record.status),
        due: record.due_on.to_string(),
    });
    let errors = errors
        .map(|errors| {
            errors
                .iter()
                .map(|error| error.message.render(lang))
                .collect()
        })
        .unwrap_or_default();
    let mut chrome = person.chrome;
    chrome.title = Message::new("rating-heading")
        .arg("number", case_number.as_str())
        .render(lang);
    Ok(RatingPage {
        csrf: person.session.csrf_token().to_owned(),
        case_href: case_path(&case.id),
        rating_action: super::rating_path(&case.id),
        notice,
        errors,
        given,
        rectification,
        form,
        chrome,
    })
}
