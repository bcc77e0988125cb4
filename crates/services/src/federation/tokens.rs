//! Issuing one-time enrolment tokens at the hub (`tongban hub enroll-node`).

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use tongban_domain::RuleViolation;
use tongban_domain::ids::DivisionCode;
use tongban_domain::node::{NodeKind, check_node_id};
use tongban_i18n::Message;
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::enrolment_tokens::{self, EnrolmentToken};

use super::FederationError;
use super::checks::check_name;
use crate::fields::FieldErrors;

/// Random bytes in a token: 256 bits, written as 43 base64url characters.
const TOKEN_BYTES: usize = 32;

/// The node an enrolment token is issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnrolment {
    /// Node id, such as `gd`: 1 to 32 lowercase letters, digits and hyphens.
    pub node_id: String,
    /// Region or department.
    pub kind: NodeKind,
    /// GB/T 2260 division code: the region's, or `100000` for a State Council department.
    pub division_code: String,
    /// Portal name in Simplified Chinese, as the trust list shows it.
    pub name_zh: String,
    /// Portal name in English.
    pub name_en: String,
}

/// A token just issued. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The token, to hand to the node's operator once. Only its SM3 digest is stored.
    pub token: String,
    /// The node it enrols.
    pub node_id: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("IssuedToken")
            .field("token", &"[redacted]")
            .field("node_id", &self.node_id)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Issues a one-time token that lets the node `enrolment` describes enrol within `ttl`, on
/// behalf of `actor`, and records the issuance in the audit trail. The token itself appears
/// nowhere but in the return value.
///
/// # Errors
/// [`FederationError::Invalid`] naming each field that breaks its rule (node id, division code,
/// names, a zero `ttl`), [`FederationError::Store`] when the database fails.
pub async fn issue_enrolment_token(
    store: &Store,
    enrolment: NewEnrolment,
    ttl: Duration,
    actor: &str,
) -> Result<IssuedToken, FederationError> {
    let ttl = check(&enrolment, ttl)?;
    let token = tongban_crypto::random_token(TOKEN_BYTES);
    let now = super::now_millis(Utc::now());
    let stored = EnrolmentToken {
        token_digest: tongban_crypto::sm3_hex(token.as_bytes()),
        node_id: enrolment.node_id,
        kind: enrolment.kind.as_str().to_owned(),
        division_code: enrolment.division_code,
        name_zh: enrolment.name_zh.trim().to_owned(),
        name_en: enrolment.name_en.trim().to_owned(),
        issued_by: actor.to_owned(),
        issued_at: now,
        expires_at: now + ttl,
        used_at: None,
        cancelled_at: None,
    };

    let mut transaction = store.begin().await?;
    enrolment_tokens::insert_token(&mut *transaction, &stored).await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "federation.issue_enrolment_token".to_owned(),
        subject: format!("node/{}", stored.node_id),
        reason: None,
        details: Some(json!({
            "kind": stored.kind,
            "division_code": stored.division_code,
            "name_zh": stored.name_zh,
            "name_en": stored.name_en,
            "expires_at": stored.expires_at.to_rfc3339(),
            // A prefix of the digest ties this event to the enrolment that uses the token,
            // and reveals nothing of the token.
            "token_digest_prefix": &stored.token_digest[..16],
        })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;

    tracing::info!(
        node_id = %stored.node_id,
        expires_at = %stored.expires_at,
        "enrolment token issued"
    );
    Ok(IssuedToken {
        token,
        node_id: stored.node_id,
        expires_at: stored.expires_at,
    })
}

fn check(enrolment: &NewEnrolment, ttl: Duration) -> Result<TimeDelta, FederationError> {
    let mut errors = FieldErrors::new();
    if let Err(error) = check_node_id(&enrolment.node_id) {
        errors.add("node_id", error.message());
    }
    match DivisionCode::parse(&enrolment.division_code) {
        Err(error) => errors.add("division_code", error.message()),
        Ok(code) if enrolment.kind == NodeKind::Region && code == DivisionCode::NATIONAL => {
            errors.add(
                "division_code",
                Message::new("federation-rule-region-division"),
            );
        }
        Ok(_) => {}
    }
    check_name(&mut errors, "name_zh", &enrolment.name_zh);
    check_name(&mut errors, "name_en", &enrolment.name_en);
    let ttl = TimeDelta::from_std(ttl)
        .ok()
        .filter(|ttl| *ttl >= TimeDelta::seconds(1));
    if ttl.is_none() {
        errors.add("ttl", Message::new("federation-rule-ttl"));
    }
    match ttl {
        Some(ttl) if errors.is_empty() => Ok(ttl),
        _ => Err(FederationError::Invalid(errors)),
    }
}
