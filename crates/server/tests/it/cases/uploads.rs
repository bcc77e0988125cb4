//! Files that break the rules: over the size limit, or content of another type than declared.
//! Each is rejected with a message naming the material, and nothing is stored.

use reqwest::StatusCode;

use super::demo;
use super::flows::{api_case, api_upload, open_form};
use super::support::{Multipart, Person, material_input};

/// The demo list's size limit of a material file.
const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Returns a file that starts like a PDF and is one byte over the limit.
fn oversized_pdf() -> Vec<u8> {
    let mut content = b"%PDF-1.7\n".to_vec();
    content.resize(MAX_BYTES + 1, b' ');
    content
}

#[tokio::test]
async fn rejected_files_store_nothing() {
    let zj = &demo().zj;
    let person = Person::register("韩雪", "en").await;
    let (form, csrf, id) = open_form(&person, "zj-energy-review").await;
    let input = material_input(&form.body, "申请书");

    // Through the form: one byte over the limit, then a text file declared as PDF.
    let oversized = person
        .browser
        .post_multipart(
            &format!("{zj}/services/zj-energy-review/apply"),
            Multipart::new()
                .text("csrf", &csrf)
                .text("case_id", &id)
                .file(&input, "scan.pdf", "application/pdf", &oversized_pdf())
                .text("intent", "save"),
        )
        .await;
    assert_eq!(oversized.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = format!(
        "The file for the material \"申请书\" has {} bytes; the maximum is {MAX_BYTES} bytes.",
        MAX_BYTES + 1
    );
    assert!(
        oversized.body.contains(&format!(
            "<a href=\"#{input}\">{}",
            message.replace('"', "&#34;")
        )),
        "{}",
        oversized.body
    );
    assert!(oversized.body.contains(&format!("id=\"{input}-error\"")));
    let mistyped = person
        .browser
        .post_multipart(
            &format!("{zj}/services/zj-energy-review/apply"),
            Multipart::new()
                .text("csrf", &csrf)
                .text("case_id", &id)
                .file(
                    &input,
                    "notes.pdf",
                    "application/pdf",
                    b"just some text, not a PDF",
                )
                .text("intent", "save"),
        )
        .await;
    assert_eq!(mistyped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        mistyped
            .body
            .contains("accepts PDF, JPEG, PNG or OFD files only, and the content of &#34;notes.pdf&#34; is none of these"),
        "{}",
        mistyped.body
    );

    // Through the API.
    let (status, body) = api_upload(
        &person,
        &id,
        "申请书",
        "scan.pdf",
        "application/pdf",
        &oversized_pdf(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"][0]["field"], "material");
    assert!(
        body["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("申请书")
    );
    let (status, body) = api_upload(
        &person,
        &id,
        "申请书",
        "photo.png",
        "image/png",
        b"GIF89a not a png",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // No file, no history entry.
    let (_, detail) = api_case(&person, &id).await;
    assert_eq!(detail["materials"].as_array().unwrap().len(), 0);
    assert!(
        !detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|event| event["action"] == "attach_material")
    );
}
