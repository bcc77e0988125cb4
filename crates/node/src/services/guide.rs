//! `GET /services/{implementation_id}`: the guide of one service as this node offers it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_domain::implementation::{FieldKind, FormField, Implementation};
use tongban_i18n::{Lang, Message};
use tongban_store::{catalog, implementations};
use tongban_web::catalog::guide::TimeLimitView;
use tongban_web::catalog::labels::{working_days_text, yes_no};
use tongban_web::catalog::{Fact, ItemView};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::{LIST_PATH, apply_path};
use crate::NodeState;
use crate::auth::Viewer;
use crate::chrome::page_chrome;

#[derive(Template)]
#[template(path = "service_guide.html")]
struct GuidePage {
    chrome: Chrome,
    handling: Vec<Fact>,
    item: ItemView,
    fields: Vec<FieldRow>,
    apply_href: String,
    logged_in: bool,
    list_href: &'static str,
}

/// A field of the application form, as the guide lists it.
struct FieldRow {
    label: String,
    kind: String,
    required: String,
}

/// `GET /services/{implementation_id}`: the node's department and time limits, the catalog's
/// guide, the fields of the form and the link to apply; 404 in the page's language for an id
/// the node does not offer.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let frame = page_chrome(&state, lang, "guide-title", &uri, None);
    let session = state
        .sessions
        .load(&headers)
        .await
        .map_err(PageError::in_page(&frame))?;
    let mut chrome = page_chrome(&state, lang, "guide-title", &uri, session.as_ref());
    let not_found = || PageError::in_page(&chrome)(WebError::NotFound);

    let implementation = implementations::find_implementation(state.store.pool(), &id)
        .await
        .map_err(PageError::in_page(&chrome))?
        .ok_or_else(not_found)?;
    let item = catalog::find_service_item(
        state.store.pool(),
        &implementation.source,
        &implementation.record_id,
    )
    .await
    .map_err(PageError::in_page(&chrome))?
    .ok_or_else(not_found)?;

    let logged_in = session.as_ref().and_then(Viewer::of).is_some();
    let apply = apply_path(&implementation.id);
    let apply_href = if logged_in {
        apply
    } else {
        let encoded: String = url::form_urlencoded::byte_serialize(apply.as_bytes()).collect();
        format!("/login?return_to={encoded}")
    };

    let mut view = ItemView::new(&item, lang);
    if let (Some(guide_view), Some(guide)) = (view.guide.as_mut(), item.guide.as_ref()) {
        // The node's commitments replace the catalog's limits: cases here are timed by them.
        guide_view.statutory = implementation
            .statutory_days
            .map(|days| TimeLimitView::node_limit(days, guide.statutory_time_limit.as_ref(), lang));
        guide_view.promised = implementation
            .promised_days
            .map(|days| TimeLimitView::node_limit(days, guide.promised_time_limit.as_ref(), lang));
    }
    chrome.title = item.name.clone();
    Ok(tongban_web::html(&GuidePage {
        chrome,
        handling: handling_facts(&implementation, lang),
        item: view,
        fields: implementation
            .form
            .iter()
            .map(|field| field_row(field, lang))
            .collect(),
        apply_href,
        logged_in,
        list_href: LIST_PATH,
    }))
}

/// Returns the department that handles the service here and its time limits.
fn handling_facts(implementation: &Implementation, lang: Lang) -> Vec<Fact> {
    let days = |days: Option<u32>| days.map(|days| working_days_text(days, lang));
    vec![
        Fact::new(
            "guide-node-department",
            Some(implementation.department.clone()),
            lang,
        ),
        Fact::new(
            "guide-node-department-code",
            implementation.department_code.clone(),
            lang,
        ),
        Fact::new(
            "guide-node-statutory",
            days(implementation.statutory_days),
            lang,
        ),
        Fact::new(
            "guide-node-promised",
            days(implementation.promised_days),
            lang,
        ),
    ]
}

fn field_row(field: &FormField, lang: Lang) -> FieldRow {
    let kind = Message::new(match field.kind {
        FieldKind::Text => "field-kind-text",
        FieldKind::Textarea => "field-kind-textarea",
        FieldKind::Number => "field-kind-number",
        FieldKind::Date => "field-kind-date",
        FieldKind::Select => "field-kind-select",
        FieldKind::Phone => "field-kind-phone",
        FieldKind::ResidentId => "field-kind-resident-id",
        FieldKind::CreditCode => "field-kind-credit-code",
    })
    .render(lang);
    let kind = if field.options.is_empty() {
        kind
    } else {
        let separator = Message::new("layout-label-separator").render(lang);
        format!("{kind}{separator}{}", field.options.join(" / "))
    };
    FieldRow {
        label: field.label(lang).to_owned(),
        kind,
        required: yes_no(field.required, lang),
    }
}
