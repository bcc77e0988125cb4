//! The hub's certificate index. The issuing node sends a `certificate.index` message through
//! the passage in the transaction that issues, revokes or cancels a certificate. The hub keeps
//! the metadata and current status of each, for the holder's wallet at every portal and for
//! online verification at the hub. The message carries no document, signature or PDF.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tongban_certificates::{
    Problem, SealBook, SignedCertificate, Verified, verify_document, verify_qr,
};
use tongban_crypto::PublicKey;
use tongban_crypto::trust_list::{SignedTrustList, TrustList};
use tongban_store::Store;
use tongban_store::certificate_index::{self, IndexedCertificate};
use tongban_store::certificates::{CertificateStatus, StoredCertificate};
use tongban_store::passage::StoreConnection;
use tongban_store::{seal_certificates, trust_list_cache};

use super::CertificateError;
use crate::passage::{
    BoxFuture, HandlerError, IncomingMessage, MessageHandler, OutgoingMessage, Passage,
    PassageError, enqueue,
};

/// The message type of an index report.
pub const INDEX_TYPE: &str = "certificate.index";

/// Certificates of one holder the hub lists at most.
pub const MAX_LISTED: i64 = 500;

/// The body of a `certificate.index` message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexReport {
    /// 证照标识.
    pub id: String,
    /// 证照名称.
    pub name: String,
    /// The issuing department and its credit code.
    pub issuer: String,
    /// Credit code of the issuer.
    pub issuer_code: String,
    /// The holder's subject at the hub.
    pub holder_subject: String,
    /// The holder's name.
    pub holder_name: String,
    /// First day of validity in Asia/Shanghai.
    pub valid_from: NaiveDate,
    /// Last day, none for no end.
    pub valid_until: Option<NaiveDate>,
    /// Serial of the seal that signed.
    pub seal_serial: String,
    /// SM3 of the canonical metadata, hex.
    pub metadata_digest: String,
    /// `valid`, `revoked` or `cancelled`.
    pub status: String,
    /// The reason for revoking or cancelling it.
    pub status_reason: Option<String>,
    /// When.
    pub status_changed_at: Option<DateTime<Utc>>,
    /// When the seal signed.
    pub issued_at: DateTime<Utc>,
}

/// Enqueues the index report of `certificate`, held by `holder_subject`, to the hub on
/// `connection`. Without a cached trust list the node has not enrolled and nothing can be
/// delivered, so the report is only logged.
///
/// # Errors
/// [`CertificateError::Invalid`] when the stored document cannot be read or the message
/// breaks an envelope rule, and [`CertificateError::Store`] when the database fails. The
/// caller should then roll the change back.
pub async fn report_to_hub(
    connection: &mut StoreConnection,
    passage: &Passage,
    certificate: &StoredCertificate,
    holder_subject: &str,
) -> Result<(), CertificateError> {
    let invalid = |detail: String| CertificateError::Invalid {
        what: "certificate index report",
        detail,
    };
    let Some(hub_id) = hub_id(connection).await? else {
        // TODO: certificates issued before the node has a trust list never reach the index.
        tracing::warn!(certificate = %certificate.id, "no trust list yet, so the hub's certificate index misses a change");
        return Ok(());
    };
    let digest = SignedCertificate::from_json(&certificate.document)
        .and_then(|document| document.canonical_metadata())
        .map(|canonical| tongban_crypto::sm3_hex(&canonical))
        .map_err(|error| invalid(error.to_string()))?;
    let report = IndexReport {
        id: certificate.id.clone(),
        name: certificate.name.clone(),
        issuer: certificate.department.clone(),
        issuer_code: certificate.department_code.clone(),
        holder_subject: holder_subject.to_owned(),
        holder_name: certificate.holder_name.clone(),
        valid_from: certificate.valid_from,
        valid_until: certificate.valid_until,
        seal_serial: certificate.seal_serial.clone(),
        metadata_digest: digest,
        status: certificate.status.as_str().to_owned(),
        status_reason: certificate.status_reason.clone(),
        status_changed_at: certificate.status_changed_at,
        issued_at: certificate.issued_at,
    };
    let body = match serde_json::to_value(&report) {
        Ok(Value::Object(body)) => body,
        Ok(_) => return Err(invalid("the report is not a JSON object".to_owned())),
        Err(error) => return Err(invalid(error.to_string())),
    };
    let message = OutgoingMessage {
        receiver: &hub_id,
        message_type: INDEX_TYPE,
        ordering_key: &certificate.id,
        body,
    };
    enqueue(connection, passage, message)
        .await
        .map_err(|error| match error {
            PassageError::Store(store) => CertificateError::Store(store),
            other => invalid(other.to_string()),
        })?;
    Ok(())
}

/// Returns the hub's id: the issuer of the cached trust list, expired or not.
async fn hub_id(connection: &mut StoreConnection) -> Result<Option<String>, CertificateError> {
    let Some(cached) = trust_list_cache::load_cached(&mut *connection).await? else {
        return Ok(None);
    };
    let invalid = |detail: String| CertificateError::Invalid {
        what: "cached trust list",
        detail,
    };
    let signed: SignedTrustList =
        serde_json::from_str(&cached.document).map_err(|error| invalid(error.to_string()))?;
    let list: TrustList =
        serde_json::from_value(signed.list).map_err(|error| invalid(error.to_string()))?;
    Ok(Some(list.issuer))
}

/// The hub's handler of `certificate.index`: stores a new certificate, or a status change of
/// one the same node reported before.
#[derive(Debug, Clone, Copy, Default)]
pub struct IndexHandler;

fn parse(body: &Map<String, Value>) -> Result<IndexReport, HandlerError> {
    serde_json::from_value(Value::Object(body.clone())).map_err(|error| {
        HandlerError::Rejected(format!("invalid certificate index report: {error}"))
    })
}

impl MessageHandler for IndexHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse(body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let report = parse(&message.body)?;
            // Only the node whose seal signed may report the certificate, so one node cannot
            // change the status of another's certificates.
            let seal =
                seal_certificates::find_by_serial(&mut *connection, &report.seal_serial).await?;
            if seal
                .as_ref()
                .is_none_or(|seal| seal.node_id != message.sender)
            {
                return Err(HandlerError::Rejected(format!(
                    "node {} reported certificate {} of seal {}, which is not its seal",
                    message.sender, report.id, report.seal_serial
                )));
            }
            let revision = i64::from(report.status != CertificateStatus::Valid.as_str());
            let entry = IndexedCertificate {
                id: report.id,
                node_id: message.sender.clone(),
                name: report.name,
                issuer: report.issuer,
                issuer_code: report.issuer_code,
                holder_subject: report.holder_subject,
                holder_name: report.holder_name,
                valid_from: report.valid_from,
                valid_until: report.valid_until,
                seal_serial: report.seal_serial,
                metadata_digest: report.metadata_digest,
                status: report.status,
                status_reason: report.status_reason,
                status_changed_at: report.status_changed_at,
                revision,
                issued_at: report.issued_at,
            };
            let written =
                certificate_index::upsert_certificate(&mut *connection, &entry, Utc::now()).await?;
            if !written {
                tracing::debug!(certificate = %entry.id, reporter = %entry.node_id, "an older certificate index report was ignored");
            }
            Ok(())
        })
    }
}

/// Returns the certificates of `holder_subject` at every node, newest first.
///
/// # Errors
/// [`CertificateError::Store`] when the database fails.
pub async fn list_indexed_certificates(
    store: &Store,
    holder_subject: &str,
) -> Result<Vec<IndexedCertificate>, CertificateError> {
    Ok(certificate_index::list_for_holder(store.pool(), holder_subject, MAX_LISTED).await?)
}

/// The outcome of verifying at the hub.
#[derive(Debug, Clone)]
pub enum HubVerification {
    /// The checks passed and the index has the certificate as valid.
    Valid(Box<Verified>),
    /// The issuer revoked or cancelled it.
    Ended {
        /// The facts the checks established.
        verified: Box<Verified>,
        /// The index entry with the status, reason and time.
        entry: Box<IndexedCertificate>,
    },
    /// The signature checks passed but the index has no such certificate, or one with other
    /// metadata: the hub cannot vouch for it.
    Unknown(Box<Verified>),
    /// A check failed.
    Invalid(Problem),
}

impl HubVerification {
    /// Returns the stable code: `valid`, `revoked`, `cancelled`, `unknown`, or the problem's.
    pub fn code(&self) -> &str {
        match self {
            HubVerification::Valid(_) => "valid",
            HubVerification::Ended { entry, .. } => entry.status.as_str(),
            HubVerification::Unknown(_) => "unknown",
            HubVerification::Invalid(problem) => problem.code(),
        }
    }
}

/// Verifies `input`, a QR payload or a certificate document, at the hub at `now`: the offline
/// checks against the seals the hub certified, then the status in the index.
///
/// # Errors
/// [`CertificateError::Invalid`] for a stored seal certificate that cannot be read, and
/// [`CertificateError::Store`] when the database fails.
pub async fn verify_at_hub(
    store: &Store,
    hub_key: &PublicKey,
    input: &str,
    now: DateTime<Utc>,
) -> Result<HubVerification, CertificateError> {
    let mut book = SealBook::new();
    for seal in seal_certificates::list_seal_certificates(store.pool()).await? {
        let signed =
            serde_json::from_str(&seal.document).map_err(|error| CertificateError::Invalid {
                what: "seal certificate",
                detail: format!("{}: {error}", seal.serial),
            })?;
        book.insert(&signed, hub_key)
            .map_err(|error| CertificateError::Invalid {
                what: "seal certificate",
                detail: format!("{}: {error}", seal.serial),
            })?;
        if let Some(revocation) = &seal.revocation {
            book.revoke(&seal.serial, revocation.revoked_at);
        }
    }
    let input = input.trim();
    let checked = if input.starts_with('{') {
        SignedCertificate::from_json(input)
            .map_err(|error| Problem::Malformed {
                detail: error.to_string(),
            })
            .and_then(|document| verify_document(&book, &document, now))
    } else {
        verify_qr(&book, input, now)
    };
    let verified = match checked {
        Ok(verified) => verified,
        Err(problem) => return Ok(HubVerification::Invalid(problem)),
    };
    let entry = certificate_index::find_certificate(store.pool(), &verified.id).await?;
    match entry {
        Some(entry) if entry.metadata_digest == hex_of(&verified.metadata_digest) => {
            if entry.status == CertificateStatus::Valid.as_str() {
                Ok(HubVerification::Valid(Box::new(verified)))
            } else {
                Ok(HubVerification::Ended {
                    verified: Box::new(verified),
                    entry: Box::new(entry),
                })
            }
        }
        _ => Ok(HubVerification::Unknown(Box::new(verified))),
    }
}

fn hex_of(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
