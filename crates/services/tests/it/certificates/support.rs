//! A 浙江省 node whose energy review issues a certificate, with a seal certified by a hub key
//! of the test and a trust list cached from that key.

use chrono::{DateTime, TimeZone, Utc};
use tempfile::TempDir;
use tongban_certificates::trust_file::{SavedTrustList, load_trust_file};
use tongban_crypto::SigningKey;
use tongban_crypto::seal::{RevokedSeal, SignedSealCertificate};
use tongban_crypto::trust_list::{SignedTrustList, TrustList};
use tongban_domain::case::Action;
use tongban_services::cases::{self, CaseRecord};
use tongban_services::certificates::{self, CertificateIssuer};
use tongban_store::certificates::StoredCertificate;
use tongban_store::enrolment::Enrolment;
use tongban_testkit::TestDatabase;

use crate::cases::support::{
    DEMO_ZJ, Node, applicant, energy_clerks, node_with_list, step, submitted_energy_case,
};

pub const DEPARTMENT_CODE: &str = "11330000MB0E00011R";
pub const NODE_ID: &str = "zj";

/// Returns `YYYY-MM-DD HH:MM:SS` in Asia/Shanghai as an instant.
pub fn beijing(text: &str) -> DateTime<Utc> {
    let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
    tongban_domain::time::CHINA_STANDARD_TIME
        .from_local_datetime(&local)
        .single()
        .unwrap()
        .to_utc()
}

/// Returns the demo list of 浙江省 with a certificate type on the energy review, valid two
/// years.
pub fn sealed_list() -> String {
    // The demo's sports approval certificate is left out, so the node has one seal to certify.
    let (head, rest) = DEMO_ZJ
        .split_once("# Approval issues the approval document")
        .expect("the demo list has the sports approval certificate");
    let (_, tail) = rest
        .split_once("[[implementation]]\nid = \"zj-religious-building\"")
        .expect("the demo list has the religious building item");
    let demo = format!("{head}[[implementation]]\nid = \"zj-religious-building\"{tail}");
    let list = demo.replacen(
        "department = \"浙江省发展和改革委员会（演示）\"\n",
        &format!("department = \"浙江省发展和改革委员会（演示）\"\ndepartment_code = \"{DEPARTMENT_CODE}\"\n"),
        1,
    );
    list.replacen(
        "[[implementation]]\nid = \"zj-fitness-facility\"",
        &format!(
            "[implementation.certificate]\ntype_code = \"{DEPARTMENT_CODE}001\"\n\
             name_zh = \"固定资产投资项目节能审查意见\"\n\
             name_en = \"Energy review opinion on a fixed-asset investment project\"\n\
             validity_years = 2\n\n\
             [[implementation.certificate.face]]\nlabel_zh = \"项目名称\"\nlabel_en = \"Project name\"\n\
             value = \"form.project_name\"\n\n\
             [[implementation.certificate.face]]\nlabel_zh = \"审查意见\"\nlabel_en = \"Opinion\"\n\
             value = \"decision.reason\"\n\n\
             [[implementation]]\nid = \"zj-fitness-facility\""
        ),
        1,
    )
}

/// The validity and revocation of the test's seal.
#[derive(Debug, Clone, Copy)]
pub struct SealTerms {
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Default for SealTerms {
    /// Valid through 2026 and 2027, never revoked.
    fn default() -> SealTerms {
        SealTerms {
            valid_from: beijing("2026-01-01 00:00:00"),
            valid_until: beijing("2028-01-01 00:00:00"),
            revoked_at: None,
        }
    }
}

/// A node with a certified seal and a cached trust list.
pub struct Sealed {
    pub node: Node,
    pub hub: SigningKey,
    pub seal: SignedSealCertificate,
    pub serial: String,
    pub data_dir: TempDir,
    pub sequence: u64,
}

impl Sealed {
    /// Opens the node on `database`, certifies its seal with `terms` and caches a trust list
    /// naming the seal and its revocation, if any.
    pub async fn open(database: &TestDatabase, terms: SealTerms) -> Sealed {
        let mut node = node_with_list(database, &sealed_list()).await;
        let data_dir = tempfile::tempdir().unwrap();
        let start = beijing("2026-01-01 09:00:00");
        let prepared = certificates::prepare_department_seals(node.store(), data_dir.path(), start)
            .await
            .unwrap();
        assert_eq!(prepared, 1, "{}", node.backend);

        let hub = SigningKey::generate();
        let node_key = SigningKey::generate();
        let pending = certificates::pending_seal_requests(node.store(), NODE_ID, &node_key, start)
            .await
            .unwrap();
        assert_eq!(pending.len(), 1);
        let request = pending[0].request.verify(node_key.public_key()).unwrap();
        let certificate = tongban_crypto::seal::SealCertificate {
            serial: "5EA1000000000001".to_owned(),
            issuer: "hub".to_owned(),
            node_id: NODE_ID.to_owned(),
            department: request.department,
            department_code: request.department_code,
            seal_name: request.seal_name,
            key_id: tongban_crypto::PublicKey::from_hex(&request.public_key)
                .unwrap()
                .key_id()
                .to_string(),
            public_key: request.public_key,
            algorithm: tongban_crypto::seal::SM2_WITH_SM3_OID.to_owned(),
            valid_from: terms.valid_from,
            valid_until: terms.valid_until,
        };
        let seal = SignedSealCertificate::sign(&certificate, &hub).unwrap();
        certificates::record_seal_certificate(
            node.store(),
            NODE_ID,
            hub.public_key(),
            &pending[0],
            &seal,
            start,
        )
        .await
        .unwrap();
        tongban_services::federation::record_enrolment(
            node.store(),
            &Enrolment {
                node_id: NODE_ID.to_owned(),
                hub_url: "http://127.0.0.1:9".to_owned(),
                hub_public_key: hub.public_key().to_hex(),
                client_id: NODE_ID.to_owned(),
                client_secret: "secret".to_owned(),
                enrolled_at: start,
            },
        )
        .await
        .unwrap();

        node.context = node.context.clone().with_issuer(CertificateIssuer {
            data_dir: data_dir.path().to_path_buf(),
            node_id: NODE_ID.to_owned(),
            division_code: "330000".to_owned(),
        });
        let mut sealed = Sealed {
            node,
            hub,
            seal,
            serial: certificate.serial,
            data_dir,
            sequence: 0,
        };
        sealed.publish(terms.revoked_at).await;
        sealed
    }

    /// Returns the next trust list, with the seal revoked at `revoked_at` if given, valid
    /// until 2030.
    pub fn trust_list(&mut self, revoked_at: Option<DateTime<Utc>>) -> SignedTrustList {
        self.sequence += 1;
        let list = TrustList {
            issuer: "hub".to_owned(),
            sequence: self.sequence,
            issued_at: beijing("2026-01-01 08:00:00"),
            valid_until: beijing("2030-01-01 00:00:00"),
            nodes: Vec::new(),
            seals: vec![self.seal.clone()],
            revoked_seals: revoked_at
                .map(|revoked_at| RevokedSeal {
                    serial: self.serial.clone(),
                    revoked_at,
                })
                .into_iter()
                .collect(),
        };
        SignedTrustList::sign(&list, &self.hub).unwrap()
    }

    /// Caches the next trust list at the node.
    pub async fn publish(&mut self, revoked_at: Option<DateTime<Utc>>) -> SignedTrustList {
        let signed = self.trust_list(revoked_at);
        tongban_services::federation::accept_trust_list(
            self.node.store(),
            self.hub.public_key(),
            &serde_json::to_string(&signed).unwrap(),
            beijing("2026-01-01 09:00:00"),
        )
        .await
        .unwrap();
        signed
    }

    /// Returns the file `tongban cert trust-list save` writes for `list`.
    pub fn saved_file(&self, list: &SignedTrustList) -> String {
        serde_json::to_string(&SavedTrustList {
            hub_id: "hub".to_owned(),
            hub_public_key: self.hub.public_key().to_hex(),
            trust_list: list.clone(),
        })
        .unwrap()
    }

    /// Returns the seals of `list` as an offline verifier loads them.
    pub fn offline_book(&self, list: &SignedTrustList) -> tongban_certificates::SealBook {
        load_trust_file(&self.saved_file(list), None).unwrap().seals
    }

    /// Submits an energy review on `day` and takes it to the step before the decision.
    pub async fn reviewed_case(&self, day: &str, sequence: u32) -> CaseRecord {
        let person = applicant(sequence);
        let case = submitted_energy_case(&self.node, day, &person).await;
        let clerks = energy_clerks();
        let case = step(&self.node, day, &case, &clerks.intake, Action::Accept, None).await;
        step(
            &self.node,
            day,
            &case,
            &clerks.reviewer,
            Action::StartReview,
            None,
        )
        .await
    }

    /// Approves a reviewed case on `day` and returns its certificate.
    pub async fn issued(&self, day: &str, sequence: u32) -> StoredCertificate {
        let case = self.reviewed_case(day, sequence).await;
        let clerks = energy_clerks();
        step(
            &self.node,
            day,
            &case,
            &clerks.approver,
            Action::Approve,
            Some("同意该项目节能审查"),
        )
        .await;
        tongban_store::certificates::find_by_case(self.node.store().pool(), &case.id)
            .await
            .unwrap()
            .expect("approval issued a certificate")
    }
}

/// Returns `text` with the character at `index` replaced by another of the same class.
pub fn change_char(text: &str, index: usize) -> String {
    let mut characters: Vec<char> = text.chars().collect();
    characters[index] = match characters[index] {
        'A' => 'B',
        'a' => 'b',
        '0' => '1',
        c if c.is_ascii_digit() => '0',
        c if c.is_ascii_uppercase() => 'A',
        c if c.is_ascii_lowercase() => 'a',
        _ => 'x',
    };
    characters.into_iter().collect()
}

/// Approves a case with `cases::act` and returns the error.
pub async fn approval_error(sealed: &Sealed, day: &str, case: &CaseRecord) -> cases::CaseError {
    cases::act(
        &sealed.node.on(day),
        &case.id,
        &energy_clerks().approver,
        Action::Approve,
        Some("同意"),
        cases::StepDetails::default(),
    )
    .await
    .expect_err("approval must fail")
}
