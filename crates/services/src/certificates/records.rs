//! The certificates a node issued as their holders and its clerks see them, and the clerks'
//! revocation (吊销) and cancellation (注销) with a reason.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::certificates::{self as stored, CertificateStatus, StoredCertificate};

use super::CertificateError;
use crate::cases::{Applicant, Clerk};
use crate::passage::Passage;

/// Most certificates a wallet lists per holder.
const WALLET_LIMIT: u32 = 500;

/// The staff role that may revoke or cancel a certificate; `admin` may too.
pub const END_ROLE: &str = "approver";

/// Returns the certificates held by `applicant` at this node, newest first: those of the
/// legal person the session acts for, or the person's own when it acts for nobody, as with
/// cases.
///
/// # Errors
/// [`CertificateError::Store`] when the database fails.
pub async fn list_holder_certificates(
    store: &Store,
    applicant: &Applicant,
) -> Result<Vec<StoredCertificate>, CertificateError> {
    let (id_type, id) = holder_of(applicant);
    Ok(stored::list_by_holder(store.pool(), id_type, id, WALLET_LIMIT).await?)
}

/// Returns the holder `applicant` acts as: the kind of number and the number.
fn holder_of(applicant: &Applicant) -> (&'static str, &str) {
    match &applicant.acting_for {
        Some(legal_person) => ("credit_code", legal_person.credit_code.as_str()),
        None => ("resident_id", applicant.id_number.as_str()),
    }
}

/// Returns certificate `id` if `applicant`, acting as they do now, holds it.
///
/// # Errors
/// [`CertificateError::NotFound`] when it does not exist or another holder has it, and
/// [`CertificateError::Store`] when the database fails.
pub async fn find_holder_certificate(
    store: &Store,
    applicant: &Applicant,
    id: &str,
) -> Result<StoredCertificate, CertificateError> {
    let certificate = stored::find_certificate(store.pool(), id)
        .await?
        .ok_or(CertificateError::NotFound)?;
    let (id_type, holder_id) = holder_of(applicant);
    if certificate.holder_id_type == id_type && certificate.holder_id == holder_id {
        Ok(certificate)
    } else {
        Err(CertificateError::NotFound)
    }
}

/// Returns certificate `id` if `clerk` may see it: one of the clerk's department, or any
/// when the clerk works for the whole node.
///
/// # Errors
/// As [`find_holder_certificate`].
pub async fn find_clerk_certificate(
    store: &Store,
    clerk: &Clerk,
    id: &str,
) -> Result<StoredCertificate, CertificateError> {
    let certificate = stored::find_certificate(store.pool(), id)
        .await?
        .ok_or(CertificateError::NotFound)?;
    if clerk
        .department
        .as_ref()
        .is_none_or(|department| *department == certificate.department)
    {
        Ok(certificate)
    } else {
        Err(CertificateError::NotFound)
    }
}

/// Returns the certificates `clerk` may see, newest first.
///
/// # Errors
/// [`CertificateError::Store`] when the database fails.
pub async fn list_clerk_certificates(
    store: &Store,
    clerk: &Clerk,
    limit: u32,
) -> Result<Vec<StoredCertificate>, CertificateError> {
    Ok(stored::list_by_department(store.pool(), clerk.department.as_deref(), limit).await?)
}

/// Revokes or cancels certificate `id` as `clerk` for `reason` at `now`, and records who, when
/// and why as an audit event in the same transaction, with the status report to the hub's
/// index when `passage` is given.
///
/// # Errors
/// [`CertificateError::NotFound`] when the clerk may not see it,
/// [`CertificateError::RoleMissing`] without the [`END_ROLE`] or `admin` role,
/// [`CertificateError::ReasonRequired`] for a blank reason,
/// [`CertificateError::AlreadyEnded`] when it was revoked or cancelled before, and
/// [`CertificateError::Store`] when the database fails.
pub async fn end_certificate(
    store: &Store,
    passage: Option<&Passage>,
    clerk: &Clerk,
    id: &str,
    (status, reason): (CertificateStatus, &str),
    now: DateTime<Utc>,
) -> Result<StoredCertificate, CertificateError> {
    let certificate = find_clerk_certificate(store, clerk, id).await?;
    if !clerk.has_role(END_ROLE) && !clerk.has_role("admin") {
        return Err(CertificateError::RoleMissing { role: END_ROLE });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CertificateError::ReasonRequired);
    }
    let status_name = match status {
        CertificateStatus::Valid => {
            return Err(CertificateError::Unissuable(
                "a certificate cannot be made valid again".to_owned(),
            ));
        }
        CertificateStatus::Revoked => "revoked",
        CertificateStatus::Cancelled => "cancelled",
    };
    let actor = format!("staff:{}", clerk.id);
    let mut transaction = store.begin().await?;
    if !stored::end_certificate(&mut *transaction, id, status, reason, &actor, now).await? {
        return Err(CertificateError::AlreadyEnded {
            status: match certificate.status {
                CertificateStatus::Cancelled => "cancelled",
                _ => "revoked",
            },
        });
    }
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.clone(),
        action: format!("certificate.{status_name}"),
        subject: format!("certificate/{id}"),
        reason: Some(reason.to_owned()),
        details: Some(json!({ "case_id": certificate.case_id, "staff_name": clerk.name })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    let ended = stored::find_certificate(&mut *transaction, id)
        .await?
        .ok_or(CertificateError::NotFound)?;
    if let Some(passage) = passage {
        let holder = tongban_store::cases::find_case(&mut *transaction, &ended.case_id)
            .await?
            .map(|case| case.applicant.subject)
            .unwrap_or_default();
        super::report_to_hub(&mut transaction, passage, &ended, &holder).await?;
    }
    tongban_store::commit(transaction).await?;
    if let Some(passage) = passage {
        passage.wake();
    }
    tracing::info!(certificate = %id, status = status_name, %actor, "certificate ended");
    Ok(ended)
}
