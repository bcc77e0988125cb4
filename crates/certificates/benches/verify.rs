//! Measures offline certificate verifications per second against the raw SM2 verification
//! rate of the same process, on one thread.
//!
//! Three loops run over the same certificate: `PublicKey::verify` of the QR payload's signed
//! bytes (the raw rate), `verify_qr` (parsing, the seal lookup, the SM2 verification, the
//! identifier's check character, the seal's validity and revocation and the certificate's
//! validity), and `verify_document` (the same on the full document, with its canonical JSON).
//! They alternate in 5 rounds, and each reports its median round. Each loop makes
//! `VERIFY_BENCH_COUNT` verifications in all (default 3,000), a round stopping early after 20
//! seconds, with 100 warm-up calls per round.
//!
//! `cargo bench -p tongban-certificates --bench verify` runs the full measurement. Run
//! without `--bench` (as `cargo test --benches` does), it makes 20 calls per loop so the code
//! keeps working.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first failure"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use tongban_certificates::qr::QrPayload;
use tongban_certificates::{
    CertificateMetadata, FaceField, HolderIdType, SealBook, SignedCertificate, verify_document,
    verify_qr,
};
use tongban_crypto::SigningKey;
use tongban_crypto::seal::{SM2_WITH_SM3_OID, SealCertificate, SignedSealCertificate};
use tongban_domain::ids::CertificateId;

const DEFAULT_COUNT: usize = 3_000;
const FULL_TIME: Duration = Duration::from_secs(20);
const WARM_UP: usize = 100;
const QUICK_COUNT: usize = 20;
const ROUNDS: usize = 5;
const DEPARTMENT_CODE: &str = "11440000MB0E00011L";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Runs `call` until `count` calls are done or [`FULL_TIME`] passed; returns calls per second
/// and the number of calls.
fn rate(count: usize, mut call: impl FnMut()) -> (f64, usize) {
    for _ in 0..WARM_UP.min(count) {
        call();
    }
    let started = Instant::now();
    let mut done = 0;
    while done < count && started.elapsed() < FULL_TIME {
        call();
        done += 1;
    }
    (done as f64 / started.elapsed().as_secs_f64(), done)
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let count = if full {
        std::env::var("VERIFY_BENCH_COUNT")
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or(DEFAULT_COUNT)
    } else {
        QUICK_COUNT
    };

    let hub = SigningKey::generate();
    let seal = SigningKey::generate();
    let seal_certificate = SealCertificate {
        serial: "5EA1000000000003".to_owned(),
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
    let mut book = SealBook::new();
    book.insert(
        &SignedSealCertificate::sign(&seal_certificate, &hub).unwrap(),
        hub.public_key(),
    )
    .unwrap();

    let type_code = format!("{DEPARTMENT_CODE}001");
    let number = "44000020260302000001";
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    let metadata = CertificateMetadata {
        id: CertificateId::build(&type_code, DEPARTMENT_CODE, number, 1)
            .unwrap()
            .to_string(),
        name: "固定资产投资项目节能审查意见".to_owned(),
        name_en: "Energy review opinion on a fixed-asset investment project".to_owned(),
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
        seal_serial: seal_certificate.serial.clone(),
        seal_name: seal_certificate.seal_name.clone(),
        signed_at: at("2026-03-02T02:00:00Z"),
    };
    let document = SignedCertificate::sign(&metadata, &seal).unwrap();
    let payload = QrPayload::parse(&document.qr_payload).unwrap();
    let signed_bytes = payload.signed_text().as_bytes().to_vec();
    let signature =
        tongban_crypto::Signature::from_base64url(document.qr_payload.rsplit('|').next().unwrap())
            .unwrap();
    let now = at("2026-06-01T00:00:00Z");
    let key = seal.public_key();
    assert!(key.verify(&signed_bytes, &signature).is_ok());
    assert!(verify_qr(&book, &document.qr_payload, now).is_ok());
    assert!(verify_document(&book, &document, now).is_ok());

    // The machine is shared, so the three loops alternate in rounds and each reports the
    // median round.
    let per_round = (count / ROUNDS).max(1);
    let mut raw = Vec::new();
    let mut qr = Vec::new();
    let mut full_document = Vec::new();
    for _ in 0..ROUNDS {
        raw.push(rate(per_round, || {
            black_box(key.verify(black_box(&signed_bytes), &signature)).unwrap();
        }));
        qr.push(rate(per_round, || {
            black_box(verify_qr(&book, black_box(&document.qr_payload), now)).unwrap();
        }));
        full_document.push(rate(per_round, || {
            black_box(verify_document(&book, black_box(&document), now)).unwrap();
        }));
    }
    let (raw, raw_calls) = median(&mut raw);
    let (qr, qr_calls) = median(&mut qr);
    let (full_document, document_calls) = median(&mut full_document);

    println!(
        "QR payload: {} bytes; {ROUNDS} rounds, median round shown",
        document.qr_payload.len()
    );
    println!("raw SM2 verify:  {raw:>8.0} /s ({raw_calls} calls in all)");
    println!(
        "verify_qr:       {qr:>8.0} /s ({qr_calls} calls in all), {:.1} % of raw",
        qr / raw * 100.0
    );
    println!(
        "verify_document: {full_document:>8.0} /s ({document_calls} calls in all), {:.1} % of raw",
        full_document / raw * 100.0
    );
}

/// Returns the median rate of `rounds` and the calls of all rounds.
fn median(rounds: &mut [(f64, usize)]) -> (f64, usize) {
    let calls = rounds.iter().map(|(_, calls)| calls).sum();
    rounds.sort_by(|a, b| a.0.total_cmp(&b.0));
    (rounds[rounds.len() / 2].0, calls)
}
