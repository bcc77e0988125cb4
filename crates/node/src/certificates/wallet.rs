//! The person's certificates at every node from the hub's index, for lending one to a case.

use std::time::Duration;

use serde::Deserialize;
use tongban_services::cases::{Applicant, WalletCertificate};

use crate::NodeState;

/// How long the hub may take to list the person's certificates.
const INDEX_TIMEOUT: Duration = Duration::from_secs(10);

/// The fields of the hub's certificate index that lending reads.
#[derive(Debug, Deserialize)]
struct IndexJson {
    certificates: Vec<IndexedJson>,
}

#[derive(Debug, Deserialize)]
struct IndexedJson {
    id: String,
    issuer: String,
    node_id: String,
    status: String,
}

/// Reads the certificates of `applicant` from the hub's index with their access token, or
/// `None` when the hub cannot be reached or rejects the token. The hub lists only the
/// certificates whose holder is the token's person.
pub(crate) async fn read_wallet(
    state: &NodeState,
    token: &str,
    applicant: &Applicant,
) -> Option<Vec<WalletCertificate>> {
    let url = format!("{}/api/certificate-index", state.settings.hub_url);
    let client = reqwest::Client::builder()
        .timeout(INDEX_TIMEOUT)
        .build()
        .ok()?;
    let response = match client.get(&url).bearer_auth(token).send().await {
        Ok(response) if response.status().is_success() => response,
        Ok(response) => {
            tracing::warn!(status = response.status().as_u16(), %url,
                "the hub's certificate index answered with an error");
            return None;
        }
        Err(error) => {
            tracing::warn!(%error, %url, "reading the hub's certificate index failed");
            return None;
        }
    };
    let index: IndexJson = match response.json().await {
        Ok(index) => index,
        Err(error) => {
            tracing::warn!(%error, %url, "the hub's certificate index sent an invalid body");
            return None;
        }
    };
    let wallet = index
        .certificates
        .into_iter()
        .map(|certificate| WalletCertificate {
            id: certificate.id,
            node_id: certificate.node_id,
            issuer: certificate.issuer,
            holder_subject: applicant.subject.clone(),
            status: certificate.status,
        })
        .collect();
    Some(wallet)
}
