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

    // Submitting with a rejected file lists what else the application lacks.
    let submitted = person
        .browser
        .post_multipart(
            &format!("{zj}/services/zj-energy-review/apply"),
            Multipart::new()
                .text("csrf", &csrf)
                .text("case_id", &id)
                .file(&input, "notes.pdf", "application/pdf", b"not a PDF either")
                .text("intent", "submit"),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in [
        "the content of &#34;notes.pdf&#34; is none of these",
        "Fill in &#34;Project name&#34;.",
        "Upload the material &#34;节能报告&#34;.",
    ] {
        assert!(
            submitted.body.contains(expected),
            "{expected}: {}",
            submitted.body
        );
    }

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
    let (status, body) = api_upload(
        &person,
        &id,
        "申请书",
        "scan.pdf",
        "application/pdf",
        b"\x89PNG\r\n\x1a\n a png named and sent as a pdf",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let english = body["error"]["message"]["en"].as_str().unwrap();
    assert!(
        english.contains("marked as application/pdf, but its content is image/png"),
        "{english}"
    );

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
