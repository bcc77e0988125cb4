//! `GET /services/{implementation_id}/apply` and `POST` to it: the application form, saved
//! as a draft in as many sittings as the person needs and then submitted.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_domain::case::CaseStatus;
use tongban_domain::catalog::Material;
use tongban_domain::implementation::Implementation;
use tongban_i18n::{Lang, Message};
use tongban_services::cases::{self, CaseError, CaseRecord, Viewer};
use tongban_store::{catalog, implementations};
use tongban_web::{Chrome, PageError, RequestLang, WebError};

use super::form_views::{
    ACCEPTED_FILES, ErrorItem, FORM_ID, InputView, MaterialSlot, PageErrors, attach_posted_files,
    input_views, material_slots, posted_values,
};
use super::upload::read_multipart;
use super::views::mask_id_number;
use super::{PersonPage, case_path, login_redirect, see_other};
use crate::NodeState;
use crate::services::{apply_path, guide_path};

/// Cases of the person looked through for an open draft of the same service. A person with
/// more cases than this since the draft was started gets a new draft.
const DRAFT_SCAN: u32 = 500;

#[derive(Template)]
#[template(path = "case_apply.html")]
struct ApplyPage {
    chrome: Chrome,
    csrf: String,
    action: String,
    case_id: String,
    guide_href: String,
    identity: Identity,
    inputs: Vec<InputView>,
    slots: Vec<MaterialSlot>,
    lend_slots: Vec<super::lend_views::LendSlot>,
    summary: Vec<ErrorItem>,
    notice: Option<String>,
    form_id: &'static str,
    accepted: &'static str,
}

/// The applicant, shown read-only.
struct Identity {
    name: String,
    id_number: String,
    acting_for: Option<String>,
}

/// Query of the form after a save.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ApplyQuery {
    saved: Option<String>,
}

/// The implementation applied for and what its guide lists.
struct Service {
    implementation: Implementation,
    name: String,
    materials: Vec<Material>,
}

async fn service(state: &NodeState, person: &PersonPage, id: &str) -> Result<Service, PageError> {
    let pool = state.store.pool();
    let implementation = implementations::find_implementation(pool, id)
        .await
        .map_err(|error| person.error(error))?
        .ok_or_else(|| person.error(WebError::NotFound))?;
    let item = catalog::find_service_item(pool, &implementation.source, &implementation.record_id)
        .await
        .map_err(|error| person.error(error))?;
    let materials = catalog::list_service_item_materials(
        pool,
        &implementation.source,
        &implementation.record_id,
    )
    .await
    .map_err(|error| person.error(error))?;
    Ok(Service {
        name: item.map_or_else(|| implementation.id.clone(), |item| item.name),
        implementation,
        materials,
    })
}

/// `GET /services/{implementation_id}/apply`: continues the person's open draft of the
/// service, or starts one, and shows the form.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    Query(query): Query<ApplyQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(mut person) =
        PersonPage::load(&state, lang, "case-apply-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let service = service(&state, &person, &id).await?;
    let context = state.cases.context().await.map_err(|e| person.error(e))?;

    let drafts = cases::list_applicant_cases(&state.store, &person.applicant, DRAFT_SCAN)
        .await
        .map_err(|error| person.error(error))?;
    let open = drafts
        .into_iter()
        .find(|case| case.status == CaseStatus::Draft && case.implementation_id == id);
    let case = match open {
        Some(case) => case,
        None => cases::create_draft(&context, &person.applicant, &id)
            .await
            .map_err(|error| person.error(error))?,
    };

    let notice = query
        .saved
        .map(|_| Message::new("case-apply-saved").render(lang));
    let values = case.form_data.clone();
    let page = page(
        &state,
        &mut person,
        &service,
        &case,
        &values,
        &PageErrors::default(),
        notice,
    )
    .await?;
    Ok(tongban_web::html(&page))
}

/// `POST /services/{implementation_id}/apply` (`multipart/form-data`): attaches the files
/// chosen, saves the fields, and with the submit button submits. A rejected file or value is
/// shown again with its error (422); files and values that were accepted stay in the draft.
pub(super) async fn save(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let form_path = apply_path(&id);
    let Some(mut person) =
        PersonPage::load(&state, lang, "case-apply-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, Some(&form_path)));
    };
    let posted = read_multipart(multipart)
        .await
        .map_err(|error| person.error(error))?;
    if !person.session.csrf_matches(posted.text("csrf")) {
        return Err(person.csrf_error());
    }
    let service = service(&state, &person, &id).await?;
    let context = state.cases.context().await.map_err(|e| person.error(e))?;
    let applicant = person.applicant.clone();
    let case = cases::find_applicant_case(&state.store, &applicant, posted.text("case_id"))
        .await
        .map_err(|error| person.error(error))?;
    if case.implementation_id != id {
        return Err(person.error(WebError::NotFound));
    }
    if case.status != CaseStatus::Draft {
        return Ok(see_other(&case_path(&case.id)));
    }

    // A remove button posts the form too; it removes that file and keeps nothing else.
    let removed = posted.text("remove_material");
    if !removed.is_empty() {
        cases::remove_material(&context, &case.id, &applicant, removed)
            .await
            .map_err(|error| person.error(error))?;
        return Ok(see_other(&form_path));
    }

    let mut errors = PageErrors::default();
    attach_posted_files(
        &context,
        &case.id,
        &applicant,
        &posted,
        &service.materials,
        &mut errors,
        lang,
    )
    .await
    .map_err(|error| person.error(error))?;
    super::lend_views::lend_posted(
        &state,
        &context,
        &person,
        (&service.implementation, &service.materials),
        &case.id,
        &posted,
        &mut errors,
    )
    .await
    .map_err(|error| person.error(error))?;
    let files_rejected = !errors.is_empty();
    let values = posted_values(&service.implementation.form, &posted);
    let invalid = cases::save_draft(&context, &case.id, &applicant, &values)
        .await
        .map_err(|error| person.error(error))?;
    errors.add_case_errors(&invalid, None, lang);

    // A submission whose file was rejected waits for the file, and lists what else it lacks.
    // Otherwise submitting reports every missing field and material at once, besides the
    // invalid values.
    if posted.text("intent") == "submit" && files_rejected {
        let lacking = cases::check_submission(&context, &case.id, &applicant)
            .await
            .map_err(|error| person.error(error))?;
        errors.add_case_errors(&lacking, None, lang);
    } else if posted.text("intent") == "submit" {
        match cases::submit(&context, &case.id, &applicant).await {
            Ok(submitted) => {
                return Ok(see_other(&format!(
                    "{}?submitted=1",
                    case_path(&submitted.id)
                )));
            }
            Err(CaseError::Invalid(missing)) => errors.add_case_errors(&missing, None, lang),
            Err(other) => return Err(person.error(other)),
        }
    }
    if errors.is_empty() {
        return Ok(see_other(&format!("{form_path}?saved=1")));
    }

    let case = cases::find_applicant_case(&state.store, &applicant, &case.id)
        .await
        .map_err(|error| person.error(error))?;
    let page = page(&state, &mut person, &service, &case, &values, &errors, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, tongban_web::html(&page)).into_response())
}

/// Builds the form of draft `case` showing `values` and `errors`.
async fn page(
    state: &NodeState,
    person: &mut PersonPage,
    service: &Service,
    case: &CaseRecord,
    values: &BTreeMap<String, String>,
    errors: &PageErrors,
    notice: Option<String>,
) -> Result<ApplyPage, PageError> {
    let lang: Lang = person.chrome.lang;
    let attached =
        cases::case_materials(&state.store, Viewer::Applicant(&person.applicant), &case.id)
            .await
            .map_err(|error| person.error(error))?;
    let href_prefix = format!("{}/materials/", case_path(&case.id));
    let context = state.cases.context().await.map_err(|e| person.error(e))?;
    let lend_slots = super::lend_views::lend_slots(
        state,
        &context,
        person,
        &service.implementation,
        &service.materials,
        &case.id,
        errors,
    )
    .await
    .map_err(|error| person.error(error))?;
    person.chrome.title = Message::new("case-apply-heading")
        .arg("service", service.name.as_str())
        .render(lang);
    let applicant = &person.applicant;
    Ok(ApplyPage {
        chrome: person.chrome.clone(),
        csrf: person.session.csrf_token().to_owned(),
        action: apply_path(&service.implementation.id),
        case_id: case.id.clone(),
        guide_href: guide_path(&service.implementation.id),
        identity: Identity {
            name: applicant.name.clone(),
            id_number: mask_id_number(&applicant.id_number),
            acting_for: applicant
                .acting_for
                .as_ref()
                .map(|legal| format!("{}（{}）", legal.name, legal.credit_code)),
        },
        inputs: input_views(&service.implementation.form, values, errors, lang),
        slots: material_slots(
            &service.materials,
            &attached,
            &href_prefix,
            service.implementation.max_material_bytes,
            errors,
            lang,
        ),
        lend_slots,
        summary: errors.items(),
        notice,
        form_id: FORM_ID,
        accepted: ACCEPTED_FILES,
    })
}
