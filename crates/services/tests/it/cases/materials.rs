//! Material uploads: checked by content and size, stored with nothing left behind on
//! rejection.

use bytes::Bytes;
use tongban_i18n::Lang;
use tongban_services::cases::{self, CaseError, Viewer};
use tongban_testkit::each_backend;

use super::support::{
    DEMO_ZJ, ENERGY, applicant, energy_clerks, error_keys, event_count, node, node_with_list, pdf,
};

/// Returns the demo list with files of the energy review limited to 1 KiB.
fn small_limit_list() -> String {
    DEMO_ZJ.replacen(
        "yellow_days = 3\n",
        "yellow_days = 3\nmax_material_bytes = 1024\n",
        1,
    )
}

/// Builds a ZIP archive with one empty, stored entry named `name` (APPNOTE.TXT 4.3.7, 4.3.12 and
/// 4.3.16).
fn zip_with(name: &str) -> Bytes {
    let name_length = u16::try_from(name.len()).unwrap().to_le_bytes();
    let mut archive = Vec::new();
    archive.extend_from_slice(b"PK\x03\x04");
    archive.extend_from_slice(&[20, 0]);
    archive.extend_from_slice(&[0; 20]);
    archive.extend_from_slice(&name_length);
    archive.extend_from_slice(&[0, 0]);
    archive.extend_from_slice(name.as_bytes());

    let mut directory = Vec::new();
    directory.extend_from_slice(b"PK\x01\x02");
    directory.extend_from_slice(&[20, 0, 20, 0]);
    directory.extend_from_slice(&[0; 20]);
    directory.extend_from_slice(&name_length);
    directory.extend_from_slice(&[0; 12]);
    directory.extend_from_slice(&0u32.to_le_bytes());
    directory.extend_from_slice(name.as_bytes());

    let directory_offset = u32::try_from(archive.len()).unwrap().to_le_bytes();
    let directory_size = u32::try_from(directory.len()).unwrap().to_le_bytes();
    archive.extend_from_slice(&directory);
    archive.extend_from_slice(b"PK\x05\x06");
    archive.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    archive.extend_from_slice(&directory_size);
    archive.extend_from_slice(&directory_offset);
    archive.extend_from_slice(&[0, 0]);
    Bytes::from(archive)
}

#[tokio::test]
async fn rejected_uploads_store_nothing() {
    for database in each_backend().await {
        let node = node_with_list(&database, &small_limit_list()).await;
        let backend = node.backend;
        let person = applicant(50);
        let context = node.on("2025-11-03");
        let draft = cases::create_draft(&context, &person, ENERGY)
            .await
            .unwrap();
        let events = event_count(&node, &draft.id).await;

        let mut too_large = pdf("big").to_vec();
        too_large.resize(1025, b' ');
        let jpeg = Bytes::from_static(b"\xff\xd8\xff\xe0\0\x10JFIF\0 scanned page");
        let attempts: [(&str, &str, Bytes, &str); 8] = [
            (
                "申请书",
                "big.pdf",
                Bytes::from(too_large),
                "case-material-too-large",
            ),
            ("申请书", "empty.pdf", Bytes::new(), "case-material-empty"),
            (
                "申请书",
                "photo.pdf",
                Bytes::from_static(b"GIF89a\x01\0\x01\0"),
                "case-material-type",
            ),
            (
                "申请书",
                "申请书.pdf",
                Bytes::from_static(b"Dear clerk, here is my application."),
                "case-material-type",
            ),
            (
                "申请书",
                "report.ofd",
                zip_with("word/document.xml"),
                "case-material-type",
            ),
            (
                "营业执照",
                "licence.pdf",
                pdf("licence"),
                "case-material-unknown",
            ),
            (
                "申请书",
                "photo.pdf",
                jpeg.clone(),
                "case-material-type-mismatch",
            ),
            (
                "申请书",
                "申请书.docx",
                pdf("申请书"),
                "case-material-type-mismatch",
            ),
        ];
        for (material, file, content, key) in attempts {
            let error = cases::attach_material(
                &context,
                &draft.id,
                &person,
                cases::HandedInFile::new(material, file, content),
            )
            .await
            .unwrap_err();
            assert_eq!(error_keys(error), [("material", key)], "{backend}: {file}");
        }
        assert_eq!(node.object_files(), 0, "{backend}: no file stored");
        let listed = cases::case_materials(node.store(), Viewer::Applicant(&person), &draft.id)
            .await
            .unwrap();
        assert!(listed.is_empty(), "{backend}");
        assert_eq!(event_count(&node, &draft.id).await, events, "{backend}");

        let error = cases::attach_material(
            &context,
            &draft.id,
            &person,
            cases::HandedInFile::new("节能报告", "x.gif", Bytes::from_static(b"GIF89a")),
        )
        .await
        .unwrap_err();
        let zh = error.message().render(Lang::ZhCn);
        let en = error.message().render(Lang::En);
        assert!(zh.contains("节能报告"), "{backend}: {zh}");
        assert!(zh.contains("x.gif"), "{backend}: {zh}");
        assert!(zh.contains("PDF、JPEG、PNG 或 OFD"), "{backend}: {zh}");
        assert!(en.contains("节能报告"), "{backend}: {en}");
        assert!(en.contains("PDF, JPEG, PNG or OFD"), "{backend}: {en}");
    }
}

#[tokio::test]
async fn accepted_uploads_are_readable_and_removable() {
    for database in each_backend().await {
        let node = node_with_list(&database, &small_limit_list()).await;
        let backend = node.backend;
        let person = applicant(51);
        let stranger = applicant(52);
        let clerks = energy_clerks();
        let context = node.on("2025-11-03");
        let draft = cases::create_draft(&context, &person, ENERGY)
            .await
            .unwrap();

        let ofd = cases::attach_material(
            &context,
            &draft.id,
            &person,
            cases::HandedInFile::new("申请书", "C:\\扫描\\申请书.ofd", zip_with("OFD.xml")),
        )
        .await
        .unwrap();
        assert_eq!(ofd.content_type, "application/ofd", "{backend}");
        assert_eq!(ofd.file_name, "申请书.ofd", "{backend}");
        let jpeg = Bytes::from_static(b"\xff\xd8\xff\xe0\0\x10JFIF\0 scanned page");
        let photo = cases::attach_material(
            &context,
            &draft.id,
            &person,
            cases::HandedInFile::new("节能报告", "report.JPG", jpeg.clone())
                .declared_as("image/jpeg"),
        )
        .await
        .unwrap();
        assert_eq!(photo.content_type, "image/jpeg", "{backend}");
        assert_eq!(
            photo.size_bytes,
            u64::try_from(jpeg.len()).unwrap(),
            "{backend}"
        );
        assert_eq!(photo.sm3, tongban_crypto::sm3_hex(&jpeg), "{backend}");
        assert_eq!(node.object_files(), 2, "{backend}");

        let (record, content) =
            cases::read_material(&context, Viewer::Applicant(&person), &draft.id, &photo.id)
                .await
                .unwrap();
        assert_eq!(record, photo, "{backend}");
        assert_eq!(content, jpeg, "{backend}");
        let hidden =
            cases::read_material(&context, Viewer::Applicant(&stranger), &draft.id, &photo.id)
                .await
                .unwrap_err();
        assert!(matches!(hidden, CaseError::NotFound), "{backend}");
        let draft_for_clerk =
            cases::read_material(&context, Viewer::Clerk(&clerks.admin), &draft.id, &photo.id)
                .await
                .unwrap_err();
        assert!(
            matches!(draft_for_clerk, CaseError::NotFound),
            "{backend}: drafts are private"
        );

        cases::remove_material(&context, &draft.id, &person, &ofd.id)
            .await
            .unwrap();
        assert_eq!(node.object_files(), 1, "{backend}");
        let gone = cases::remove_material(&context, &draft.id, &person, &ofd.id)
            .await
            .unwrap_err();
        assert!(matches!(gone, CaseError::NotFound), "{backend}");

        cases::attach_material(
            &context,
            &draft.id,
            &person,
            cases::HandedInFile::new(
                "申请书",
                "a.png",
                Bytes::from_static(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            ),
        )
        .await
        .unwrap();
        cases::save_draft(
            &context,
            &draft.id,
            &person,
            &super::support::values(&[
                ("project_name", "光伏组件项目"),
                ("annual_energy_tce", "1200"),
            ]),
        )
        .await
        .unwrap();
        let submitted = cases::submit(&context, &draft.id, &person).await.unwrap();
        let (_, by_clerk) = cases::read_material(
            &context,
            Viewer::Clerk(&clerks.intake),
            &submitted.id,
            &photo.id,
        )
        .await
        .unwrap();
        assert_eq!(by_clerk, jpeg, "{backend}");
        let locked = cases::remove_material(&context, &draft.id, &person, &photo.id)
            .await
            .unwrap_err();
        assert!(
            matches!(locked, CaseError::NotEditable { .. }),
            "{backend}: {locked:?}"
        );
        let late = cases::attach_material(
            &context,
            &draft.id,
            &person,
            cases::HandedInFile::new("申请书", "b.pdf", pdf("late")),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(late, CaseError::NotEditable { .. }),
            "{backend}: {late:?}"
        );
    }
}

#[tokio::test]
async fn declared_type_must_match_content() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(55);
        let context = node.on("2025-11-03");
        let draft = cases::create_draft(&context, &person, ENERGY)
            .await
            .unwrap();
        let events = event_count(&node, &draft.id).await;

        let error = cases::attach_material(
            &context,
            &draft.id,
            &person,
            cases::HandedInFile::new("申请书", "scan", pdf("scan")).declared_as("image/png"),
        )
        .await
        .unwrap_err();

        let zh = error.message().render(Lang::ZhCn);
        let en = error.message().render(Lang::En);
        assert!(zh.contains("申请书"), "{backend}: {zh}");
        assert!(zh.contains("image/png"), "{backend}: {zh}");
        assert!(zh.contains("application/pdf"), "{backend}: {zh}");
        assert!(en.contains("marked as image/png"), "{backend}: {en}");
        assert!(en.contains("application/pdf"), "{backend}: {en}");
        assert_eq!(node.object_files(), 0, "{backend}: no file stored");
        assert_eq!(event_count(&node, &draft.id).await, events, "{backend}");

        let declared_loosely = [
            "application/pdf; charset=binary",
            "APPLICATION/PDF",
            "application/octet-stream",
            "application/x-pdf",
        ];
        for declared in declared_loosely {
            let stored = cases::attach_material(
                &context,
                &draft.id,
                &person,
                cases::HandedInFile::new("申请书", "scan.pdf", pdf("scan")).declared_as(declared),
            )
            .await;
            assert!(stored.is_ok(), "{backend}: {declared}: {stored:?}");
        }
        assert_eq!(node.object_files(), 4, "{backend}");
    }
}
