//! Verification against a seal book built the way a trust list builds it.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use tongban_crypto::SigningKey;
use tongban_crypto::seal::{SM2_WITH_SM3_OID, SealCertificate, SignedSealCertificate};
use tongban_domain::ids::CertificateId;
use tongban_domain::time::CHINA_STANDARD_TIME;

use super::*;
use crate::metadata::{FaceField, HolderIdType};

const DEPARTMENT_CODE: &str = "11330000MB0E00011R";
const SERIAL: &str = "5EA1000000000001";

struct Setup {
    hub: SigningKey,
    seal: SigningKey,
    certificate: SealCertificate,
}

fn beijing(text: &str) -> DateTime<Utc> {
    let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
    CHINA_STANDARD_TIME
        .from_local_datetime(&local)
        .single()
        .unwrap()
        .to_utc()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A seal valid through 2026 and 2027.
fn setup() -> Setup {
    let seal = SigningKey::generate();
    let certificate = SealCertificate {
        serial: SERIAL.to_owned(),
        issuer: "hub".to_owned(),
        node_id: "zj".to_owned(),
        department: "浙江省发展和改革委员会".to_owned(),
        department_code: DEPARTMENT_CODE.to_owned(),
        seal_name: "浙江省发展和改革委员会行政审批专用章".to_owned(),
        public_key: seal.public_key().to_hex(),
        key_id: seal.key_id().to_string(),
        algorithm: SM2_WITH_SM3_OID.to_owned(),
        valid_from: beijing("2026-01-01 00:00:00"),
        valid_until: beijing("2028-01-01 00:00:00"),
    };
    Setup {
        hub: SigningKey::generate(),
        seal,
        certificate,
    }
}

impl Setup {
    fn book(&self) -> SealBook {
        let mut book = SealBook::new();
        let signed = SignedSealCertificate::sign(&self.certificate, &self.hub).unwrap();
        book.insert(&signed, self.hub.public_key()).unwrap();
        book
    }

    fn document(&self, metadata: &CertificateMetadata) -> SignedCertificate {
        SignedCertificate::sign(metadata, &self.seal).unwrap()
    }
}

/// A certificate signed on 2026-03-02 at 10:00 in Beijing, valid until the end of 2027-03-01.
fn metadata() -> CertificateMetadata {
    let type_code = format!("{DEPARTMENT_CODE}001");
    let serial = "3300002026030200000017";
    let id = CertificateId::build(&type_code, DEPARTMENT_CODE, serial, 1).unwrap();
    CertificateMetadata {
        id: id.to_string(),
        name: "固定资产投资项目节能审查意见".to_owned(),
        name_en: "Energy review opinion on a fixed-asset investment project".to_owned(),
        type_code,
        number: serial.to_owned(),
        issuer: "浙江省发展和改革委员会".to_owned(),
        issuer_code: DEPARTMENT_CODE.to_owned(),
        issued_on: date("2026-03-02"),
        holder: "王五".to_owned(),
        holder_id_type: HolderIdType::ResidentId,
        holder_id: "110105199001010011".to_owned(),
        valid_from: date("2026-03-02"),
        valid_until: Some(date("2027-03-01")),
        division_code: "330000".to_owned(),
        face: vec![FaceField {
            label_zh: "项目名称".to_owned(),
            label_en: "Project".to_owned(),
            value: "年产5万吨再生铝项目".to_owned(),
        }],
        case_number: serial.to_owned(),
        node_id: "zj".to_owned(),
        seal_serial: SERIAL.to_owned(),
        seal_name: "浙江省发展和改革委员会行政审批专用章".to_owned(),
        signed_at: beijing("2026-03-02 10:00:00"),
    }
}

fn now() -> DateTime<Utc> {
    beijing("2026-06-01 12:00:00")
}

#[test]
fn signed_certificate_verifies() {
    let setup = setup();
    let book = setup.book();
    let document = setup.document(&metadata());
    let verified = verify_document(&book, &document, now()).unwrap();
    assert_eq!(verified.holder, "王五");
    assert_eq!(verified.seal.serial, SERIAL);
    assert_eq!(verified.seal_revoked_later, None);

    let from_qr = verify_qr(&book, &document.qr_payload, now()).unwrap();
    assert_eq!(from_qr.holder, "王*");
    assert_eq!(from_qr.id, verified.id);
    assert_eq!(from_qr.metadata_digest, verified.metadata_digest);
}

#[test]
fn any_changed_byte_of_the_qr_payload_fails() {
    let setup = setup();
    let book = setup.book();
    let payload = setup.document(&metadata()).qr_payload;
    let bytes = payload.as_bytes();
    for position in 0..bytes.len() {
        let mut changed = bytes.to_vec();
        // Another ASCII character, or a broken UTF-8 sequence inside a Chinese name.
        changed[position] = if bytes[position] == b'A' { b'B' } else { b'A' };
        let Ok(text) = String::from_utf8(changed) else {
            continue;
        };
        assert!(
            verify_qr(&book, &text, now()).is_err(),
            "byte {position} changed: {text}"
        );
    }
}

#[test]
fn any_changed_metadata_value_fails() {
    let setup = setup();
    let book = setup.book();
    let document = setup.document(&metadata());
    let text = document.to_json();
    let start = text.find("\"metadata\"").unwrap();
    let end = text.find("\"qr_payload\"").unwrap();
    let mut checked = 0;
    for position in start + 12..end {
        let byte = text.as_bytes()[position];
        if !byte.is_ascii_alphanumeric() {
            continue;
        }
        let mut changed = text.as_bytes().to_vec();
        changed[position] = if byte == b'1' { b'2' } else { b'1' };
        let changed = String::from_utf8(changed).unwrap();
        let outcome = SignedCertificate::from_json(&changed)
            .map_err(|error| Problem::Malformed {
                detail: error.to_string(),
            })
            .and_then(|document| verify_document(&book, &document, now()));
        assert!(outcome.is_err(), "byte {position} changed");
        checked += 1;
    }
    assert!(checked > 300, "{checked}");
}

#[test]
fn changed_signature_fails() {
    let setup = setup();
    let book = setup.book();
    let mut document = setup.document(&metadata());
    let mut signature = document.signature.clone().into_bytes();
    signature[10] = if signature[10] == b'A' { b'B' } else { b'A' };
    document.signature = String::from_utf8(signature).unwrap();
    assert_eq!(
        verify_document(&book, &document, now()).unwrap_err(),
        Problem::Tampered
    );
}

#[test]
fn changed_face_value_is_tampered() {
    let setup = setup();
    let book = setup.book();
    let mut document = setup.document(&metadata());
    document.metadata["face"][0]["value"] = "年产50万吨再生铝项目".into();
    assert_eq!(
        verify_document(&book, &document, now()).unwrap_err(),
        Problem::Tampered
    );
}

#[test]
fn unknown_seal_fails() {
    let setup = setup();
    let document = setup.document(&metadata());
    assert_eq!(
        verify_document(&SealBook::new(), &document, now())
            .unwrap_err()
            .code(),
        "unknown-seal"
    );
}

#[test]
fn seal_revoked_before_signing_fails() {
    let setup = setup();
    let mut book = setup.book();
    book.revoke(SERIAL, beijing("2026-03-01 09:00:00"));
    let document = setup.document(&metadata());
    assert!(matches!(
        verify_document(&book, &document, now()),
        Err(Problem::SealRevoked { .. })
    ));
    assert!(matches!(
        verify_qr(&book, &document.qr_payload, now()),
        Err(Problem::SealRevoked { .. })
    ));
}

#[test]
fn seal_revoked_after_signing_keeps_certificate_valid() {
    let setup = setup();
    let mut book = setup.book();
    let revoked_at = beijing("2026-04-01 09:00:00");
    book.revoke(SERIAL, revoked_at);
    let document = setup.document(&metadata());
    let verified = verify_document(&book, &document, now()).unwrap();
    assert_eq!(verified.seal_revoked_later, Some(revoked_at));
    let from_qr = verify_qr(&book, &document.qr_payload, now()).unwrap();
    assert_eq!(from_qr.seal_revoked_later, Some(revoked_at));
}

#[test]
fn revocation_at_the_signing_instant_counts_as_before() {
    let setup = setup();
    let mut book = setup.book();
    book.revoke(SERIAL, metadata().signed_at);
    let document = setup.document(&metadata());
    assert_eq!(
        verify_document(&book, &document, now()).unwrap_err().code(),
        "seal-revoked"
    );
}

#[test]
fn seal_expired_or_not_yet_valid_at_signing_fails() {
    let setup = setup();
    let book = setup.book();
    for signed_at in ["2025-12-31 23:59:59", "2028-01-01 00:00:00"] {
        let mut late = metadata();
        late.signed_at = beijing(signed_at);
        let document = setup.document(&late);
        assert_eq!(
            verify_document(&book, &document, now()).unwrap_err().code(),
            "seal-not-valid",
            "{signed_at}"
        );
    }
}

#[test]
fn certificate_expires_at_midnight_in_beijing() {
    let setup = setup();
    let book = setup.book();
    let document = setup.document(&metadata());
    let last_second = beijing("2027-03-01 23:59:59");
    let midnight = beijing("2027-03-02 00:00:00");
    assert!(verify_document(&book, &document, last_second).is_ok());
    assert!(verify_qr(&book, &document.qr_payload, last_second).is_ok());
    assert_eq!(
        verify_document(&book, &document, midnight).unwrap_err(),
        Problem::Expired { ended_at: midnight }
    );
    assert_eq!(
        verify_qr(&book, &document.qr_payload, midnight).unwrap_err(),
        Problem::Expired { ended_at: midnight }
    );
    assert_eq!(midnight.to_rfc3339(), "2027-03-01T16:00:00+00:00");
}

#[test]
fn wrong_check_character_fails() {
    let setup = setup();
    let book = setup.book();
    let mut wrong = metadata();
    let check = wrong.id.pop().unwrap();
    wrong.id.push(if check == '0' { '1' } else { '0' });
    let document = setup.document(&wrong);
    assert_eq!(
        verify_document(&book, &document, now()).unwrap_err().code(),
        "identifier-invalid"
    );
    assert_eq!(
        verify_qr(&book, &document.qr_payload, now())
            .unwrap_err()
            .code(),
        "identifier-invalid"
    );
}

#[test]
fn seal_of_another_department_fails() {
    let setup = setup();
    let book = setup.book();
    let other = "11330000MB0E0002XH";
    let mut foreign = metadata();
    foreign.issuer_code = other.to_owned();
    foreign.id = CertificateId::build(&foreign.type_code, other, &foreign.number, 1)
        .unwrap()
        .to_string();
    let document = setup.document(&foreign);
    assert_eq!(
        verify_document(&book, &document, now()).unwrap_err().code(),
        "issuer-mismatch"
    );
}

#[test]
fn seal_certificate_by_another_hub_is_left_out() {
    let setup = setup();
    let impostor = SigningKey::generate();
    let mut book = SealBook::new();
    let signed = SignedSealCertificate::sign(&setup.certificate, &impostor).unwrap();
    assert!(book.insert(&signed, setup.hub.public_key()).is_err());
    assert!(book.is_empty());
}
