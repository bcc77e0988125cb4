//! The hub's e-seal certificates: a node requests one with a request signed by its enrolled
//! key, the hub certifies the department's seal key, and an operator can revoke the seal.
//! Every certificate and revocation goes into the next trust list.

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use serde_json::json;
use tongban_crypto::SigningKey;
use tongban_crypto::seal::{
    SM2_WITH_SM3_OID, SealCertificate, SignedSealCertificate, SignedSealRequest,
};
use tongban_domain::ids::{CreditCode, Divisions, InputMode};
use tongban_i18n::Message;
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::nodes::{self, NodeStatus};
use tongban_store::seal_certificates::{self, SealRevocation, StoredSealCertificate};

use super::FederationError;
use crate::fields::single;

/// Maximum length of a department or seal name, in characters.
const MAX_NAME_CHARS: usize = 100;

/// How far a request's signing time may lie from the hub's clock, so an old request cannot be
/// replayed to certify a key again long after the node asked.
const REQUEST_TIME_SKEW: TimeDelta = TimeDelta::minutes(10);

/// What the hub needs to certify a seal.
#[derive(Debug, Clone, Copy)]
pub struct SealAuthority<'a> {
    /// Instance id of the hub.
    pub hub_id: &'a str,
    /// The hub's signing key.
    pub signer: &'a SigningKey,
    /// How long a new seal certificate is valid.
    pub validity: TimeDelta,
    /// The division history, to check the department's credit code in full (GB 32100).
    pub divisions: &'a Divisions,
}

/// Certifies the seal of a node's department: checks the node's signature with the node's
/// registered key, the request's fields and time, and stores and returns the certificate. A
/// key that was certified before gets its stored certificate again, so a node may repeat a
/// request whose answer it lost.
///
/// # Errors
/// [`FederationError::NodeNotFound`] for a node that is unknown or revoked,
/// [`FederationError::SignatureRejected`] when the key is not the node's or the signature does
/// not match, [`FederationError::Invalid`] for a field that breaks its rule or a request time
/// more than ten minutes off, and [`FederationError::Store`] when the database fails.
pub async fn certify_seal(
    store: &Store,
    authority: SealAuthority<'_>,
    signed: &SignedSealRequest,
    now: DateTime<Utc>,
) -> Result<SignedSealCertificate, FederationError> {
    let now = super::now_millis(now);
    let node_id = signed.unverified_node_id().unwrap_or_default().to_owned();
    let node = nodes::find_node(store.pool(), &node_id)
        .await?
        .filter(|node| node.status == NodeStatus::Active)
        .ok_or_else(|| FederationError::NodeNotFound {
            node_id: node_id.clone(),
        })?;
    let rejected = |detail: String| FederationError::SignatureRejected {
        node_id: node.node_id.clone(),
        detail,
    };
    let key = nodes::find_key(store.pool(), &signed.key_id)
        .await?
        .filter(|key| key.node_id == node.node_id && key.valid_until.is_none_or(|end| end > now))
        .ok_or_else(|| {
            rejected(format!(
                "key {} is not a current key of the node",
                signed.key_id
            ))
        })?;
    let public_key = tongban_crypto::PublicKey::from_hex(&key.public_key)
        .map_err(|error| rejected(error.to_string()))?;
    let request = signed
        .verify(&public_key)
        .map_err(|error| rejected(error.to_string()))?;

    if (request.requested_at - now).abs() > REQUEST_TIME_SKEW {
        return Err(invalid(
            "requested_at",
            Message::new("federation-seal-request-time"),
        ));
    }
    check_names(&request.department, &request.seal_name)?;
    if CreditCode::parse(
        &request.department_code,
        InputMode::Strict,
        authority.divisions,
    )
    .is_err()
    {
        return Err(invalid(
            "department_code",
            Message::new("federation-seal-department-code"),
        ));
    }
    let seal_key = tongban_crypto::PublicKey::from_hex(&request.public_key)
        .map_err(|_| invalid("public_key", Message::new("federation-seal-public-key")))?;

    if let Some(existing) =
        seal_certificates::find_by_key(store.pool(), seal_key.key_id().as_str()).await?
    {
        if existing.node_id != node.node_id || existing.department_code != request.department_code {
            return Err(FederationError::KeyInUse {
                key_id: existing.key_id,
                owner: existing.node_id,
            });
        }
        return read_document(&existing);
    }

    // Certificates are signed at whole seconds, so a seal certified at 10:00:00.700 must be
    // valid for a certificate signed at 10:00:00.
    let now = now.trunc_subsecs(0);
    let certificate = SealCertificate {
        serial: new_serial(),
        issuer: authority.hub_id.to_owned(),
        node_id: node.node_id.clone(),
        department: request.department.trim().to_owned(),
        department_code: request.department_code.clone(),
        seal_name: request.seal_name.trim().to_owned(),
        public_key: seal_key.to_hex(),
        key_id: seal_key.key_id().to_string(),
        algorithm: SM2_WITH_SM3_OID.to_owned(),
        valid_from: now,
        valid_until: now + authority.validity,
    };
    let signed_certificate =
        SignedSealCertificate::sign(&certificate, authority.signer).map_err(|error| {
            FederationError::InvalidStored {
                what: "seal certificate",
                detail: error.to_string(),
            }
        })?;
    let document = serde_json::to_string(&signed_certificate).map_err(|error| {
        FederationError::InvalidStored {
            what: "seal certificate",
            detail: error.to_string(),
        }
    })?;
    let stored = StoredSealCertificate {
        serial: certificate.serial.clone(),
        node_id: certificate.node_id.clone(),
        department: certificate.department.clone(),
        department_code: certificate.department_code.clone(),
        seal_name: certificate.seal_name.clone(),
        key_id: certificate.key_id.clone(),
        public_key: certificate.public_key.clone(),
        valid_from: certificate.valid_from,
        valid_until: certificate.valid_until,
        issued_at: now,
        document,
        revocation: None,
    };

    let mut transaction = store.begin().await?;
    seal_certificates::insert_seal_certificate(&mut *transaction, &stored).await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: format!("node:{}", node.node_id),
        action: "federation.certify_seal".to_owned(),
        subject: format!("seal/{}", stored.serial),
        reason: None,
        details: Some(json!({
            "department_code": stored.department_code,
            "seal_name": stored.seal_name,
            "key_id": stored.key_id,
            "valid_until": stored.valid_until.to_rfc3339(),
        })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    tracing::info!(serial = %stored.serial, node = %stored.node_id, department = %stored.department_code, "seal certified");
    Ok(signed_certificate)
}

/// The outcome of revoking a seal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealRevocationOutcome {
    /// The seal was revoked now.
    Revoked,
    /// It was revoked before; nothing changed.
    AlreadyRevoked,
}

/// Revokes seal `serial` on behalf of `actor` for `reason`, effective at `now`. The next trust
/// list names the revocation, and verifiers reject what the seal signs from then on.
///
/// # Errors
/// [`FederationError::SealNotFound`] for an unknown serial, [`FederationError::Invalid`] for a
/// blank reason, and [`FederationError::Store`] when the database fails.
pub async fn revoke_seal(
    store: &Store,
    serial: &str,
    reason: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<SealRevocationOutcome, FederationError> {
    let now = super::now_millis(now);
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(invalid(
            "reason",
            Message::new("federation-rule-required").arg("field", "reason"),
        ));
    }
    let mut transaction = store.begin().await?;
    let Some(seal) = seal_certificates::find_by_serial(&mut *transaction, serial).await? else {
        return Err(FederationError::SealNotFound {
            serial: serial.to_owned(),
        });
    };
    let revocation = SealRevocation {
        revoked_at: now,
        reason: reason.to_owned(),
        revoked_by: actor.to_owned(),
    };
    if !seal_certificates::revoke_seal_certificate(&mut *transaction, serial, &revocation).await? {
        return Ok(SealRevocationOutcome::AlreadyRevoked);
    }
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "federation.revoke_seal".to_owned(),
        subject: format!("seal/{serial}"),
        reason: Some(reason.to_owned()),
        details: Some(json!({ "node_id": seal.node_id, "department_code": seal.department_code })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    tracing::info!(%serial, %actor, "seal revoked");
    Ok(SealRevocationOutcome::Revoked)
}

/// Returns every seal certificate the hub issued, ordered by serial.
///
/// # Errors
/// [`FederationError::Store`] when the database fails.
pub async fn list_seals(store: &Store) -> Result<Vec<StoredSealCertificate>, FederationError> {
    Ok(seal_certificates::list_seal_certificates(store.pool()).await?)
}

/// Reads the signed certificate stored with `seal`.
pub(super) fn read_document(
    seal: &StoredSealCertificate,
) -> Result<SignedSealCertificate, FederationError> {
    serde_json::from_str(&seal.document).map_err(|error| FederationError::InvalidStored {
        what: "seal certificate",
        detail: format!("{}: {error}", seal.serial),
    })
}

fn check_names(department: &str, seal_name: &str) -> Result<(), FederationError> {
    let printable = |text: &str| {
        !text.trim().is_empty()
            && text.chars().count() <= MAX_NAME_CHARS
            && !text.contains(['|', '\n', '\r'])
    };
    if !printable(department) {
        return Err(invalid("department", Message::new("federation-seal-name")));
    }
    if !printable(seal_name) {
        return Err(invalid("seal_name", Message::new("federation-seal-name")));
    }
    Ok(())
}

fn invalid(field: &'static str, message: Message) -> FederationError {
    FederationError::Invalid(single(field, message))
}

/// Returns a new serial: 16 upper-case hex digits from the operating system's random source.
fn new_serial() -> String {
    let random = tongban_crypto::random_token(16);
    tongban_crypto::sm3_hex(random.as_bytes())[..16].to_ascii_uppercase()
}
