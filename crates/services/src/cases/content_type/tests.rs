use super::*;

/// Builds a ZIP archive of empty, stored entries named `names`.
fn zip(names: &[&str]) -> Vec<u8> {
    let mut archive = Vec::new();
    let mut directory = Vec::new();
    for name in names {
        let offset = u32::try_from(archive.len()).unwrap();
        let name_length = u16::try_from(name.len()).unwrap();
        archive.extend_from_slice(ZIP_LOCAL_HEADER);
        archive.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        archive.extend_from_slice(&[0; 12]);
        archive.extend_from_slice(&name_length.to_le_bytes());
        archive.extend_from_slice(&[0, 0]);
        archive.extend_from_slice(name.as_bytes());

        directory.extend_from_slice(ZIP_DIRECTORY_ENTRY);
        directory.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        directory.extend_from_slice(&[0; 12]);
        directory.extend_from_slice(&name_length.to_le_bytes());
        directory.extend_from_slice(&[0; 12]);
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(name.as_bytes());
    }
    let directory_offset = u32::try_from(archive.len()).unwrap();
    let directory_size = u32::try_from(directory.len()).unwrap();
    let entries = u16::try_from(names.len()).unwrap();
    archive.extend_from_slice(&directory);
    archive.extend_from_slice(ZIP_END_OF_DIRECTORY);
    archive.extend_from_slice(&[0, 0, 0, 0]);
    archive.extend_from_slice(&entries.to_le_bytes());
    archive.extend_from_slice(&entries.to_le_bytes());
    archive.extend_from_slice(&directory_size.to_le_bytes());
    archive.extend_from_slice(&directory_offset.to_le_bytes());
    archive.extend_from_slice(&[0, 0]);
    archive
}

#[test]
fn signatures_decide_the_type() {
    let cases: [(&[u8], Option<MaterialType>); 6] = [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", Some(MaterialType::Pdf)),
        (b"\xef\xbb\xbf\n%PDF-1.4\n", Some(MaterialType::Pdf)),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", Some(MaterialType::Jpeg)),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            Some(MaterialType::Png),
        ),
        (b"GIF89a\x01\x00", None),
        (b"plain text that mentions PDF", None),
    ];
    for (content, expected) in cases {
        assert_eq!(detect(content), expected, "{content:?}");
    }
}

#[test]
fn ofd_needs_its_root_document() {
    assert_eq!(
        detect(&zip(&["Doc_0/Document.xml", "OFD.xml"])),
        Some(MaterialType::Ofd)
    );
    // A word-processor file is a ZIP archive too, without OFD.xml.
    assert_eq!(
        detect(&zip(&["[Content_Types].xml", "word/document.xml"])),
        None
    );
    // OFD.xml must be at the root.
    assert_eq!(detect(&zip(&["Doc_0/OFD.xml"])), None);
}

#[test]
fn damaged_archives_are_rejected() {
    let archive = zip(&["OFD.xml"]);
    for cut in [4, 30, archive.len() - 10] {
        assert_eq!(detect(&archive[..cut]), None, "cut at {cut}");
    }
    let mut wrong_offset = archive.clone();
    let at = wrong_offset.len() - 6;
    wrong_offset[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(detect(&wrong_offset), None);
}

#[test]
fn claims_that_match_the_content() {
    let matching = [
        ("scan.pdf", None, MaterialType::Pdf),
        ("SCAN.PDF", Some("application/pdf"), MaterialType::Pdf),
        (
            "scan",
            Some("application/pdf; charset=binary"),
            MaterialType::Pdf,
        ),
        ("photo.jpg", Some("image/pjpeg"), MaterialType::Jpeg),
        ("photo.jpeg", Some("image/jpg"), MaterialType::Jpeg),
        (
            "page.png",
            Some("application/octet-stream"),
            MaterialType::Png,
        ),
        (
            "licence.ofd",
            Some("application/octet-stream"),
            MaterialType::Ofd,
        ),
        ("licence.ofd", Some("application/zip"), MaterialType::Ofd),
        ("申请书", Some(""), MaterialType::Png),
    ];
    for (name, declared, detected) in matching {
        assert_eq!(
            contradicted_claim(name, declared, detected),
            None,
            "{name} declared {declared:?}"
        );
    }
}

#[test]
fn claims_that_contradict_the_content() {
    let contradicting = [
        ("scan.pdf", None, MaterialType::Png, "application/pdf"),
        (
            "scan.png",
            Some("image/png"),
            MaterialType::Pdf,
            "image/png",
        ),
        (
            "scan.pdf",
            Some("image/png"),
            MaterialType::Pdf,
            "image/png",
        ),
        ("photo.jpg", None, MaterialType::Png, "image/jpeg"),
        (
            "letter.docx",
            None,
            MaterialType::Pdf,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "licence",
            Some("application/zip"),
            MaterialType::Pdf,
            "application/zip",
        ),
    ];
    for (name, declared, detected, claimed) in contradicting {
        assert_eq!(
            contradicted_claim(name, declared, detected).as_deref(),
            Some(claimed),
            "{name} declared {declared:?}"
        );
    }
}
