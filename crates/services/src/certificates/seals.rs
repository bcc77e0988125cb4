//! A node's e-seals: one SM2 key per department that issues certificates, kept in a key file
//! under `<data_dir>/keys/seals/`, and the certificate the hub issued for it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use tongban_crypto::seal::{SealRequest, SignedSealCertificate, SignedSealRequest};
use tongban_crypto::{PublicKey, SigningKey};
use tongban_store::Store;
use tongban_store::department_seals::{self, CertifiedSeal, DepartmentSeal};

use super::CertificateError;
use crate::keys::load_or_create_key;

/// Folder of the seal key files inside a node's data folder.
pub const SEAL_KEY_DIR: &str = "keys/seals";

/// Returns the path of the seal key of department `department_code`.
pub fn seal_key_path(data_dir: &Path, department_code: &str) -> PathBuf {
    data_dir
        .join(SEAL_KEY_DIR)
        .join(format!("{department_code}.pem"))
}

/// Loads the seal key of department `department_code`, creating it first if there is none.
///
/// # Errors
/// [`CertificateError::KeyFile`] when the file cannot be read, written or parsed.
pub fn load_seal_key(
    data_dir: &Path,
    department_code: &str,
) -> Result<SigningKey, CertificateError> {
    Ok(load_or_create_key(&seal_key_path(
        data_dir,
        department_code,
    ))?)
}

/// Creates a seal key for every department whose implementations issue certificates and
/// records it as waiting for the hub's certificate. A department whose key file and stored key
/// agree is left as it is. Returns the number of seals written.
///
/// # Errors
/// [`CertificateError::KeyFile`] for a key file that cannot be read or written, and
/// [`CertificateError::Store`] when the database fails.
pub async fn prepare_department_seals(
    store: &Store,
    data_dir: &Path,
    now: DateTime<Utc>,
) -> Result<usize, CertificateError> {
    let implementations =
        tongban_store::implementations::list_implementations(store.pool()).await?;
    let mut departments: BTreeMap<String, (String, String)> = BTreeMap::new();
    for implementation in &implementations {
        let (Some(certificate), Some(code)) = (
            &implementation.certificate,
            implementation.department_code.as_deref(),
        ) else {
            continue;
        };
        departments.entry(code.to_owned()).or_insert_with(|| {
            (
                implementation.department.clone(),
                certificate.seal_name_for(&implementation.department),
            )
        });
    }

    let mut written = 0;
    for (code, (department, seal_name)) in departments {
        let key = load_seal_key(data_dir, &code)?;
        let seal = DepartmentSeal {
            department_code: code.clone(),
            department,
            seal_name,
            key_id: key.key_id().to_string(),
            public_key: key.public_key().to_hex(),
            certified: None,
            created_at: now,
        };
        if department_seals::save_uncertified_seal(store.pool(), &seal).await? {
            tracing::info!(department = %code, key_id = %seal.key_id, "seal key prepared");
            written += 1;
        }
    }
    Ok(written)
}

/// A seal that waits for the hub's certificate, with the request to send.
#[derive(Debug, Clone)]
pub struct PendingSeal {
    /// Credit code of the department.
    pub department_code: String,
    /// Id of the seal's key.
    pub key_id: String,
    /// The request, signed with the node's key.
    pub request: SignedSealRequest,
}

/// Returns the signed requests of every seal the hub has not certified yet, or whose
/// certificate has expired by `now`.
///
/// # Errors
/// [`CertificateError::Invalid`] when a request cannot be signed, and
/// [`CertificateError::Store`] when the database fails.
pub async fn pending_seal_requests(
    store: &Store,
    node_id: &str,
    node_key: &SigningKey,
    now: DateTime<Utc>,
) -> Result<Vec<PendingSeal>, CertificateError> {
    let seals = department_seals::list_seals(store.pool()).await?;
    let mut pending = Vec::new();
    for seal in seals {
        if seal
            .certified
            .as_ref()
            .is_some_and(|certified| certified.valid_until > now)
        {
            continue;
        }
        let request = SealRequest {
            node_id: node_id.to_owned(),
            department: seal.department.clone(),
            department_code: seal.department_code.clone(),
            seal_name: seal.seal_name.clone(),
            public_key: seal.public_key.clone(),
            requested_at: now,
        };
        let signed = SignedSealRequest::sign(&request, node_key).map_err(|error| {
            CertificateError::Invalid {
                what: "seal request",
                detail: error.to_string(),
            }
        })?;
        pending.push(PendingSeal {
            department_code: seal.department_code,
            key_id: seal.key_id,
            request: signed,
        });
    }
    Ok(pending)
}

/// Checks the hub's certificate of `pending` with the hub key `hub_key` and stores it.
///
/// # Errors
/// [`CertificateError::Invalid`] when the signature fails or the certificate names another
/// key, department or node, and [`CertificateError::Store`] when the database fails.
pub async fn record_seal_certificate(
    store: &Store,
    node_id: &str,
    hub_key: &PublicKey,
    pending: &PendingSeal,
    signed: &SignedSealCertificate,
    now: DateTime<Utc>,
) -> Result<(), CertificateError> {
    let invalid = |detail: String| CertificateError::Invalid {
        what: "seal certificate",
        detail,
    };
    let certificate = signed
        .verify(hub_key)
        .map_err(|error| invalid(error.to_string()))?;
    if certificate.key_id != pending.key_id
        || certificate.department_code != pending.department_code
        || certificate.node_id != node_id
    {
        return Err(invalid(format!(
            "seal {} certifies key {} of {} at node {}, not the requested seal",
            certificate.serial,
            certificate.key_id,
            certificate.department_code,
            certificate.node_id
        )));
    }
    let document = serde_json::to_string(signed).map_err(|error| invalid(error.to_string()))?;
    let certified = CertifiedSeal {
        serial: certificate.serial.clone(),
        certificate: document,
        valid_from: certificate.valid_from,
        valid_until: certificate.valid_until,
        certified_at: now,
    };
    let saved = department_seals::save_certificate(
        store.pool(),
        &pending.department_code,
        &pending.key_id,
        &certified,
    )
    .await?;
    if saved {
        tracing::info!(serial = %certificate.serial, department = %pending.department_code, "seal certificate stored");
    } else {
        tracing::warn!(department = %pending.department_code, "the seal key changed while its certificate was requested");
    }
    Ok(())
}
