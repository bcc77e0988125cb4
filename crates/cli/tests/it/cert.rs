//! `tongban cert verify --offline` against a saved trust list: exit code 0 valid, 1 not valid
//! with the reason, 2 usage or data error.

use chrono::{DateTime, NaiveDate, Utc};
use tongban_certificates::trust_file::SavedTrustList;
use tongban_certificates::{CertificateMetadata, FaceField, HolderIdType, SignedCertificate};
use tongban_crypto::SigningKey;
use tongban_crypto::seal::{RevokedSeal, SM2_WITH_SM3_OID, SealCertificate, SignedSealCertificate};
use tongban_crypto::trust_list::{SignedTrustList, TrustList};
use tongban_domain::ids::CertificateId;

use crate::{json_of, tongban};

const DEPARTMENT_CODE: &str = "11440000MB0E00011L";
const SERIAL: &str = "5EA1000000000002";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// A trust list with one seal, revoked at `revoked_at` if given, and a certificate that seal
/// signed on 2026-03-02, valid through 2028-03-01 in Beijing.
struct Fixture {
    folder: tempfile::TempDir,
    document: SignedCertificate,
}

impl Fixture {
    fn new(revoked_at: Option<DateTime<Utc>>) -> Fixture {
        let hub = SigningKey::generate();
        let seal = SigningKey::generate();
        let seal_certificate = SealCertificate {
            serial: SERIAL.to_owned(),
            issuer: "hub".to_owned(),
            node_id: "gd".to_owned(),
            department: "广东省发展和改革委员会（演示）".to_owned(),
            department_code: DEPARTMENT_CODE.to_owned(),
            seal_name: "广东省发展和改革委员会（演示）行政审批专用章".to_owned(),
            public_key: seal.public_key().to_hex(),
            key_id: seal.key_id().to_string(),
            algorithm: SM2_WITH_SM3_OID.to_owned(),
            valid_from: at("2026-01-01T00:00:00Z"),
            valid_until: at("2029-01-01T00:00:00Z"),
        };
        let list = TrustList {
            issuer: "hub".to_owned(),
            sequence: 3,
            issued_at: at("2026-01-01T00:00:00Z"),
            valid_until: at("2030-01-01T00:00:00Z"),
            nodes: Vec::new(),
            seals: vec![SignedSealCertificate::sign(&seal_certificate, &hub).unwrap()],
            revoked_seals: revoked_at
                .map(|revoked_at| RevokedSeal {
                    serial: SERIAL.to_owned(),
                    revoked_at,
                })
                .into_iter()
                .collect(),
        };
        let saved = SavedTrustList {
            hub_id: "hub".to_owned(),
            hub_public_key: hub.public_key().to_hex(),
            trust_list: SignedTrustList::sign(&list, &hub).unwrap(),
        };
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(
            folder.path().join("trust.json"),
            serde_json::to_string(&saved).unwrap(),
        )
        .unwrap();

        let type_code = format!("{DEPARTMENT_CODE}001");
        let number = "44000020260302000001";
        let id = CertificateId::build(&type_code, DEPARTMENT_CODE, number, 1).unwrap();
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let metadata = CertificateMetadata {
            id: id.to_string(),
            name: "固定资产投资项目节能审查意见".to_owned(),
            name_en: "Energy review opinion".to_owned(),
            type_code,
            number: number.to_owned(),
            issuer: "广东省发展和改革委员会（演示）".to_owned(),
            issuer_code: DEPARTMENT_CODE.to_owned(),
            issued_on: day("2026-03-02"),
            holder: "林证".to_owned(),
            holder_id_type: HolderIdType::ResidentId,
            holder_id: "11010519491231002X".to_owned(),
            valid_from: day("2026-03-02"),
            valid_until: Some(day("2028-03-01")),
            division_code: "440000".to_owned(),
            face: vec![FaceField {
                label_zh: "项目名称".to_owned(),
                label_en: "Project name".to_owned(),
                value: "年产10万吨锂电池材料项目".to_owned(),
            }],
            case_number: number.to_owned(),
            node_id: "gd".to_owned(),
            seal_serial: SERIAL.to_owned(),
            seal_name: "广东省发展和改革委员会（演示）行政审批专用章".to_owned(),
            signed_at: at("2026-03-02T02:00:00Z"),
        };
        let document = SignedCertificate::sign(&metadata, &seal).unwrap();
        Fixture { folder, document }
    }

    fn trust_list(&self) -> String {
        self.folder.path().join("trust.json").display().to_string()
    }

    /// Runs `cert verify --offline` on `payload` at `time`, with `--json`.
    fn verify_payload(&self, payload: &str, time: &str) -> std::process::Output {
        tongban(&[
            "cert",
            "verify",
            "--offline",
            "--trust-list",
            &self.trust_list(),
            "--payload",
            payload,
            "--at",
            time,
            "--json",
        ])
    }
}

#[test]
fn offline_exit_codes() {
    let fixture = Fixture::new(None);
    let payload = fixture.document.qr_payload.clone();

    let valid = fixture.verify_payload(&payload, "2026-03-03T00:00:00Z");
    assert_eq!(valid.status.code(), Some(0), "{valid:?}");
    assert_eq!(json_of(&valid)["result"], "valid");

    // One changed character of the signature.
    let mut changed: Vec<char> = payload.chars().collect();
    let last = changed.len() - 3;
    changed[last] = if changed[last] == 'A' { 'B' } else { 'A' };
    let changed: String = changed.into_iter().collect();
    let tampered = fixture.verify_payload(&changed, "2026-03-03T00:00:00Z");
    assert_eq!(tampered.status.code(), Some(1), "{tampered:?}");
    assert_eq!(json_of(&tampered)["result"], "tampered");

    // The document file, and one changed byte of its metadata.
    let document_path = fixture.folder.path().join("certificate.json");
    std::fs::write(&document_path, fixture.document.to_json()).unwrap();
    let path = document_path.display().to_string();
    let args = |path: &str| {
        vec![
            "cert".to_owned(),
            "verify".to_owned(),
            "--offline".to_owned(),
            "--trust-list".to_owned(),
            fixture.trust_list(),
            "--file".to_owned(),
            path.to_owned(),
            "--at".to_owned(),
            "2026-03-03T00:00:00Z".to_owned(),
        ]
    };
    let run = |path: &str| {
        let owned = args(path);
        let borrowed: Vec<&str> = owned.iter().map(String::as_str).collect();
        tongban(&borrowed)
    };
    assert_eq!(run(&path).status.code(), Some(0));
    let text = fixture.document.to_json().replace("林证", "林正");
    std::fs::write(&document_path, text).unwrap();
    let output = run(&path);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("Not valid"),
        "{output:?}"
    );

    // Midnight in Beijing ends the last day.
    let last_second = fixture.verify_payload(&payload, "2028-03-01T15:59:59Z");
    assert_eq!(last_second.status.code(), Some(0), "{last_second:?}");
    let midnight = fixture.verify_payload(&payload, "2028-03-01T16:00:00Z");
    assert_eq!(midnight.status.code(), Some(1), "{midnight:?}");
    assert_eq!(json_of(&midnight)["result"], "expired");

    // Usage and data errors.
    let missing = tongban(&[
        "cert",
        "verify",
        "--offline",
        "--trust-list",
        &fixture.trust_list(),
    ]);
    assert_eq!(missing.status.code(), Some(2), "{missing:?}");
    let online = tongban(&[
        "cert",
        "verify",
        "--trust-list",
        &fixture.trust_list(),
        "--payload",
        &payload,
    ]);
    assert_eq!(online.status.code(), Some(2), "{online:?}");
    let no_list = tongban(&[
        "cert",
        "verify",
        "--offline",
        "--trust-list",
        "/nonexistent/trust.json",
        "--payload",
        &payload,
    ]);
    assert_eq!(no_list.status.code(), Some(2), "{no_list:?}");
}

#[test]
fn offline_seal_revocation_policy() {
    // Revoked after it signed: the certificate stays valid, and the output reports the revocation.
    let later = Fixture::new(Some(at("2026-04-01T00:00:00Z")));
    let output = later.verify_payload(&later.document.qr_payload, "2026-05-01T00:00:00Z");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(json_of(&output)["seal_revoked_later"].is_string());

    // Revoked before it signed: not valid.
    let earlier = Fixture::new(Some(at("2026-03-01T00:00:00Z")));
    let output = earlier.verify_payload(&earlier.document.qr_payload, "2026-05-01T00:00:00Z");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(json_of(&output)["result"], "seal-revoked");
}
