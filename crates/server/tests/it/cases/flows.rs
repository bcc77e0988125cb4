//! Steps the walks share: applying through the form pages and through the API, and a clerk's
//! step through the workbench.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::demo;
use super::support::{
    Browser, Multipart, Person, Visit, case_id_of, hidden_value, material_input, pdf, png,
};

/// The energy review's form values that pass.
pub const ENERGY_VALUES: [(&str, &str); 2] = [
    ("field-project_name", "年产5万吨再生铝项目"),
    ("field-annual_energy_tce", "6200.5"),
];

/// Opens the application form of `implementation` and returns it with its CSRF token and the
/// draft's id.
pub async fn open_form(person: &Person, implementation: &str) -> (Visit, String, String) {
    let zj = &demo().zj;
    let form = person
        .browser
        .open(&format!("{zj}/services/{implementation}/apply"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = hidden_value(&form.body, "csrf").unwrap();
    let case_id = hidden_value(&form.body, "case_id").unwrap();
    (form, csrf, case_id)
}

/// Applies for `implementation` through its form: `values`, a PDF for each material of
/// `pdf_materials` and a PNG for each of `png_materials`, then the submit button. Returns the
/// case page the browser lands on.
pub async fn apply(
    person: &Person,
    implementation: &str,
    values: &[(&str, &str)],
    pdf_materials: &[&str],
    png_materials: &[&str],
) -> Visit {
    let (form, csrf, case_id) = open_form(person, implementation).await;
    let mut body = Multipart::new()
        .text("csrf", &csrf)
        .text("case_id", &case_id);
    for (name, value) in values {
        body = body.text(name, value);
    }
    for material in pdf_materials {
        let input = material_input(&form.body, material);
        body = body.file(
            &input,
            &format!("{material}.pdf"),
            "application/pdf",
            &pdf(material),
        );
    }
    for material in png_materials {
        let input = material_input(&form.body, material);
        body = body.file(&input, &format!("{material}.png"), "image/png", &png());
    }
    let body = body.text("intent", "submit");
    let zj = &demo().zj;
    let landed = person
        .browser
        .post_multipart(&format!("{zj}/services/{implementation}/apply"), body)
        .await;
    assert_eq!(landed.first, StatusCode::SEE_OTHER, "{}", landed.body);
    assert!(landed.url.contains("?submitted=1"), "{}", landed.url);
    landed
}

/// Applies for the energy review with both its materials as PDF files; returns the case id.
pub async fn apply_for_energy_review(person: &Person) -> String {
    let landed = apply(
        person,
        "zj-energy-review",
        &ENERGY_VALUES,
        &["申请书", "节能报告"],
        &[],
    )
    .await;
    case_id_of(&landed.url)
}

/// Opens case `case_id` at the workbench of `node` and posts step `action` with `fields`, with
/// the CSRF token and the version the page shows.
pub async fn clerk_step(
    clerk: &Browser,
    node: &str,
    case_id: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Visit {
    let page = clerk.open(&format!("{node}/staff/cases/{case_id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = hidden_value(&page.body, "csrf").unwrap();
    let version = hidden_value(&page.body, "version").unwrap();
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("action", action),
        ("version", version.as_str()),
    ];
    form.extend_from_slice(fields);
    clerk
        .post(&format!("{node}/staff/cases/{case_id}/act"), &form)
        .await
}

/// Takes `action` at the 浙江 workbench, expecting it to succeed; returns the case page after.
pub async fn zj_step(
    clerk: &Browser,
    case_id: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Visit {
    let done = clerk_step(clerk, &demo().zj, case_id, action, fields).await;
    assert_eq!(done.first, StatusCode::SEE_OTHER, "{action}: {}", done.body);
    assert!(
        done.url.ends_with(&format!("?done={action}")),
        "{}",
        done.url
    );
    done
}

/// Creates a draft of the energy review through the API, fills it in and uploads both
/// materials; returns its id.
pub async fn api_energy_draft(person: &Person) -> String {
    let zj = &demo().zj;
    let client = person.browser.client();
    let (status, created) = person
        .browser
        .api(
            client
                .post(format!("{zj}/api/cases"))
                .json(&json!({ "implementation_id": "zj-energy-review" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, saved) = person
        .browser
        .api(client.put(format!("{zj}/api/cases/{id}/form")).json(&json!({
            "values": { "project_name": "年产5万吨再生铝项目", "annual_energy_tce": "6200.5" }
        })))
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    for material in ["申请书", "节能报告"] {
        let (status, uploaded) = api_upload(
            person,
            &id,
            material,
            "scan.pdf",
            "application/pdf",
            &pdf(material),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    }
    id
}

/// Uploads `content` through the API as material `material` of case `id`.
pub async fn api_upload(
    person: &Person,
    id: &str,
    material: &str,
    file_name: &str,
    content_type: &str,
    content: &[u8],
) -> (StatusCode, Value) {
    let zj = &demo().zj;
    let body =
        Multipart::new()
            .text("material", material)
            .file("file", file_name, content_type, content);
    let (content_type, bytes) = body.into_parts();
    person
        .browser
        .api(
            person
                .browser
                .client()
                .post(format!("{zj}/api/cases/{id}/materials"))
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes),
        )
        .await
}

/// Submits draft `id` through the API; returns the case.
pub async fn api_submit(person: &Person, id: &str) -> Value {
    let zj = &demo().zj;
    let (status, case) = person
        .browser
        .api(
            person
                .browser
                .client()
                .post(format!("{zj}/api/cases/{id}/submit")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    case
}

/// Returns case `id` as the applicant's API shows it.
pub async fn api_case(person: &Person, id: &str) -> (StatusCode, Value) {
    let zj = &demo().zj;
    person
        .browser
        .api(person.browser.client().get(format!("{zj}/api/cases/{id}")))
        .await
}

/// Takes step `body` on case `id` through the clerk API of `node`.
pub async fn api_act(clerk: &Browser, node: &str, id: &str, body: Value) -> (StatusCode, Value) {
    clerk
        .api(
            clerk
                .client()
                .post(format!("{node}/api/staff/cases/{id}/actions"))
                .json(&body),
        )
        .await
}

/// Returns case `id` as the clerk API of `node` shows it.
pub async fn api_clerk_case(clerk: &Browser, node: &str, id: &str) -> (StatusCode, Value) {
    clerk
        .api(clerk.client().get(format!("{node}/api/staff/cases/{id}")))
        .await
}
