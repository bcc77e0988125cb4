//! Rendering a certificate to PDF and reading it back.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use tongban_certificates::embedded::find_document_in_pdf;
use tongban_certificates::font::{
    CertificateFont, DEFAULT_FONT_INDEX, DEFAULT_FONT_PATH, FontError,
};
use tongban_certificates::pdf::render_pdf;
use tongban_certificates::{CertificateMetadata, FaceField, HolderIdType, SignedCertificate};
use tongban_crypto::SigningKey;
use tongban_domain::ids::CertificateId;

fn metadata() -> CertificateMetadata {
    let code = "11330000MB0E00011R";
    let type_code = format!("{code}001");
    let serial = "3300002026030200000017";
    CertificateMetadata {
        id: CertificateId::build(&type_code, code, serial, 1)
            .unwrap()
            .to_string(),
        name: "固定资产投资项目节能审查意见".to_owned(),
        name_en: "Energy review opinion on a fixed-asset investment project".to_owned(),
        type_code,
        number: serial.to_owned(),
        issuer: "浙江省发展和改革委员会（演示）".to_owned(),
        issuer_code: code.to_owned(),
        issued_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        holder: "王五".to_owned(),
        holder_id_type: HolderIdType::ResidentId,
        holder_id: "110105199001010011".to_owned(),
        valid_from: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        valid_until: NaiveDate::from_ymd_opt(2028, 3, 1),
        division_code: "330000".to_owned(),
        face: vec![
            FaceField {
                label_zh: "项目名称".to_owned(),
                label_en: "Project".to_owned(),
                value: "年产5万吨再生铝项目".to_owned(),
            },
            FaceField {
                label_zh: "审查意见".to_owned(),
                label_en: "Opinion".to_owned(),
                value: "同意该项目节能报告。项目年综合能源消费量控制在6200.5吨标准煤以内，\
                        建设单位应落实报告提出的各项节能措施。"
                    .to_owned(),
            },
        ],
        case_number: serial.to_owned(),
        node_id: "zj".to_owned(),
        seal_serial: "5EA1000000000001".to_owned(),
        seal_name: "浙江省发展和改革委员会（演示）行政审批专用章".to_owned(),
        signed_at: DateTime::<Utc>::from_timestamp(1_772_416_800, 0).unwrap(),
    }
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

#[test]
fn pdf_carries_title_as_text_and_the_signed_document() {
    let font = CertificateFont::load(Path::new(DEFAULT_FONT_PATH), DEFAULT_FONT_INDEX)
        .expect("Debian's fonts-noto-cjk is installed");
    let document = SignedCertificate::sign(&metadata(), &SigningKey::generate()).unwrap();
    let bytes = render_pdf(&document, &font).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // A subset: the whole collection has tens of megabytes.
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());

    let attached = find_document_in_pdf(&bytes).unwrap();
    assert_eq!(attached, document);

    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("certificate.pdf");
    std::fs::write(&path, &bytes).unwrap();
    if std::env::var_os("TONGBAN_KEEP_PDF").is_some() {
        std::fs::copy(&path, "/tmp/tongban-certificate.pdf").unwrap();
    }
    if tool("pdftotext") {
        let text = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains("固定资产投资项目节能审查意见"), "{text}");
        assert!(text.contains("年产5万吨再生铝项目"), "{text}");
        assert!(text.contains("证照标识"), "{text}");
    }
    if tool("pdffonts") {
        let fonts = Command::new("pdffonts").arg(&path).output().unwrap();
        let fonts = String::from_utf8(fonts.stdout).unwrap();
        assert!(fonts.contains("NotoSerifCJKsc"), "{fonts}");
        // Columns "emb sub": the font is embedded as a subset.
        assert!(fonts.contains("yes yes"), "{fonts}");
    }
}

#[test]
fn missing_font_names_its_path() {
    let error =
        CertificateFont::load(Path::new("/nonexistent/fonts/NotoSerifCJK.ttc"), 2).unwrap_err();
    assert!(matches!(error, FontError::Read { .. }));
    let message = error.to_string();
    assert!(
        message.contains("/nonexistent/fonts/NotoSerifCJK.ttc"),
        "{message}"
    );
    assert!(message.contains("fonts-noto-cjk"), "{message}");
}
