//! Issuing the e-certificate of an approved case: the metadata from the implementation's
//! certificate type and the case, signed with the department's e-seal, stored in the
//! transaction of the approval.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use tongban_certificates::SignedCertificate;
use tongban_certificates::metadata::{CertificateMetadata, FaceField, HolderIdType};
use tongban_certificates::validity::last_day_after_years;
use tongban_domain::certificate_type::{CertificateType, FaceValue};
use tongban_domain::ids::CertificateId;
use tongban_store::Store;
use tongban_store::cases::CaseRecord;
use tongban_store::certificates::{CertificateStatus, StoredCertificate};
use tongban_store::department_seals;

use super::CertificateError;
use super::seals::load_seal_key;

/// Version of a first issue (版本号 of GB/T 36904).
const FIRST_VERSION: u16 = 1;

/// What a node needs to issue certificates.
#[derive(Debug, Clone)]
pub struct CertificateIssuer {
    /// The node's data folder, where the seal keys live.
    pub data_dir: PathBuf,
    /// The node's id.
    pub node_id: String,
    /// The node's GB/T 2260 division code (证照所属管辖属地编码).
    pub division_code: String,
}

/// A certificate ready to be stored with the approval.
#[derive(Debug, Clone)]
pub struct PreparedCertificate {
    /// The row to insert.
    pub stored: StoredCertificate,
}

/// Builds and signs the certificate that approving `case` issues at `now`, or returns `None`
/// when its implementation issues none. `decision_reason` is the clerk's opinion.
///
/// The department's seal must be certified by the hub, valid at `now` and not revoked in the
/// node's cached trust list; otherwise nothing is issued and the approval fails.
///
/// # Errors
/// [`CertificateError::SealNotCertified`] without a certified seal,
/// [`CertificateError::SealNotValid`] for a seal expired, not yet valid or revoked at `now`,
/// [`CertificateError::NoTrustList`] without a valid cached trust list,
/// [`CertificateError::Unissuable`] when the case lacks what the certificate needs,
/// [`CertificateError::KeyFile`] when the seal key cannot be read, and
/// [`CertificateError::Store`] when the database fails.
pub async fn prepare_certificate(
    store: &Store,
    issuer: &CertificateIssuer,
    case: &CaseRecord,
    decision_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<PreparedCertificate>, CertificateError> {
    let Some(implementation) =
        tongban_store::implementations::find_implementation(store.pool(), &case.implementation_id)
            .await?
    else {
        return Ok(None);
    };
    let Some(certificate_type) = implementation.certificate else {
        return Ok(None);
    };
    let department_code = case
        .department_code
        .clone()
        .or(implementation.department_code)
        .ok_or_else(|| {
            CertificateError::Unissuable(format!(
                "implementation {} has no department credit code",
                case.implementation_id
            ))
        })?;
    let now = now.trunc_subsecs(0);

    let not_certified = || CertificateError::SealNotCertified {
        department_code: department_code.clone(),
    };
    let seal = department_seals::find_seal(store.pool(), &department_code)
        .await?
        .ok_or_else(not_certified)?;
    let certified = seal.certified.as_ref().ok_or_else(not_certified)?;
    check_seal_at(
        store,
        &certified.serial,
        certified.valid_from,
        certified.valid_until,
        now,
    )
    .await?;
    let key = load_seal_key(&issuer.data_dir, &department_code)?;
    if key.key_id().as_str() != seal.key_id {
        return Err(CertificateError::Invalid {
            what: "seal key file",
            detail: format!(
                "the key file of {department_code} holds key {}, but the certified key is {}",
                key.key_id(),
                seal.key_id
            ),
        });
    }

    let metadata = build_metadata(
        issuer,
        case,
        &certificate_type,
        &department_code,
        (&certified.serial, &seal.seal_name),
        decision_reason,
        now,
    )?;
    let document =
        SignedCertificate::sign(&metadata, &key).map_err(|error| CertificateError::Invalid {
            what: "certificate document",
            detail: error.to_string(),
        })?;
    Ok(Some(PreparedCertificate {
        stored: StoredCertificate {
            id: metadata.id.clone(),
            case_id: case.id.clone(),
            implementation_id: case.implementation_id.clone(),
            department: case.department.clone(),
            department_code,
            type_code: metadata.type_code.clone(),
            name: metadata.name.clone(),
            holder_id_type: metadata.holder_id_type.as_str().to_owned(),
            holder_id: metadata.holder_id.clone(),
            holder_name: metadata.holder.clone(),
            valid_from: metadata.valid_from,
            valid_until: metadata.valid_until,
            seal_serial: metadata.seal_serial.clone(),
            qr_payload: document.qr_payload.clone(),
            document: document.to_json(),
            status: CertificateStatus::Valid,
            status_reason: None,
            status_changed_by: None,
            status_changed_at: None,
            issued_at: now,
        },
    }))
}

/// Checks that seal `serial` with the given validity may sign at `at`: within its validity
/// and not revoked at or before `at` in the node's cached trust list.
async fn check_seal_at(
    store: &Store,
    serial: &str,
    valid_from: DateTime<Utc>,
    valid_until: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<(), CertificateError> {
    let not_valid = || CertificateError::SealNotValid {
        serial: serial.to_owned(),
        at,
    };
    if at < valid_from || at >= valid_until {
        return Err(not_valid());
    }
    let list = crate::federation::cached_trust_list(store, at)
        .await
        .map_err(|error| CertificateError::Invalid {
            what: "cached trust list",
            detail: error.to_string(),
        })?
        .ok_or(CertificateError::NoTrustList)?;
    match list.seal_revoked_at(serial) {
        Some(revoked_at) if revoked_at <= at => Err(not_valid()),
        _ => Ok(()),
    }
}

fn build_metadata(
    issuer: &CertificateIssuer,
    case: &CaseRecord,
    certificate_type: &CertificateType,
    department_code: &str,
    (seal_serial, seal_name): (&str, &str),
    decision_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CertificateMetadata, CertificateError> {
    let unissuable = |detail: String| CertificateError::Unissuable(detail);
    let case_number = case
        .case_number
        .clone()
        .ok_or_else(|| unissuable(format!("case {} has no case number", case.id)))?;
    let number: String = case_number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let id = CertificateId::build(
        &certificate_type.type_code,
        department_code,
        &number,
        FIRST_VERSION,
    )
    .map_err(|error| unissuable(format!("identifier of case {}: {error}", case.id)))?;

    let issued_on = tongban_domain::time::date_in_china(now);
    let valid_until: Option<NaiveDate> = match certificate_type.validity_years {
        Some(years) => Some(
            last_day_after_years(issued_on, years)
                .ok_or_else(|| unissuable(format!("validity of {years} years is out of range")))?,
        ),
        None => None,
    };
    let (holder, holder_id_type, holder_id) = match (
        &case.applicant.acting_for_credit_code,
        &case.applicant.acting_for_name,
    ) {
        (Some(code), Some(name)) => (name.clone(), HolderIdType::CreditCode, code.clone()),
        _ => (
            case.applicant.name.clone(),
            HolderIdType::ResidentId,
            case.applicant.id_number.clone(),
        ),
    };
    let face = certificate_type
        .face
        .iter()
        .map(|field| FaceField {
            label_zh: field.label_zh.clone(),
            label_en: field.label_en.clone(),
            value: match &field.value {
                FaceValue::Form(name) => case.form_data.get(name).cloned().unwrap_or_default(),
                FaceValue::DecisionReason => decision_reason.unwrap_or_default().to_owned(),
                FaceValue::DecisionDate => issued_on.format("%Y-%m-%d").to_string(),
                FaceValue::CaseNumber => case_number.clone(),
            },
        })
        .collect();

    Ok(CertificateMetadata {
        id: id.to_string(),
        name: certificate_type.name_zh.clone(),
        name_en: certificate_type.name_en.clone(),
        type_code: certificate_type.type_code.clone(),
        number,
        issuer: case.department.clone(),
        issuer_code: department_code.to_owned(),
        issued_on,
        holder,
        holder_id_type,
        holder_id,
        valid_from: issued_on,
        valid_until,
        division_code: issuer.division_code.clone(),
        face,
        case_number,
        node_id: issuer.node_id.clone(),
        seal_serial: seal_serial.to_owned(),
        seal_name: seal_name.to_owned(),
        signed_at: now,
    })
}
