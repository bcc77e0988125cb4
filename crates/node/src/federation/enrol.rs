//! Enrolling the node with the hub: `POST <hub_url>/api/federation/enroll` with the one-time
//! token from the configuration, then storing the client credentials and the hub's key.

use chrono::Utc;
use tokio::sync::Mutex;
use tongban_crypto::PublicKey;
use tongban_crypto::trust_list::NodeNames;
use tongban_services::federation::{self, EnrolmentGrant, EnrolmentRequest, FederationError};
use tongban_store::StoreError;
use tongban_store::enrolment::{self, Enrolment};

use super::client::{self, HubRejection};
use crate::NodeState;

/// Serializes enrolments in this process, so the start-up attempt, the background task and a
/// direct call never spend the one-time token twice. Enrolment happens once in a node's life,
/// so waiting for another node's enrolment in the same process costs nothing. Instances in
/// other processes are not serialized: the hub accepts the token once, and [`enrol`] reads
/// the enrolment again when the hub rejects it.
static ENROLMENT: Mutex<()> = Mutex::const_new(());

/// The failure to enrol.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EnrolError {
    /// The node is not enrolled and its configuration has no `node.enrolment_token`.
    #[error(
        "the node is not enrolled and has no enrolment token: set node.enrolment_token or \
         TONGBAN__NODE__ENROLMENT_TOKEN to a token from `tongban hub enroll-node`"
    )]
    NoToken,
    /// The hub could not be reached or did not respond in time.
    #[error("cannot reach the hub at {url}: {source}")]
    Unreachable {
        /// The URL called.
        url: String,
        /// The cause.
        source: reqwest::Error,
    },
    /// The hub responded with an error.
    #[error("the hub rejected the enrolment with status {} ({}): {}", .0.status, .0.code, .0.message)]
    Rejected(HubRejection),
    /// The hub's response is not a valid enrolment grant for this node.
    #[error("the hub's answer to the enrolment is invalid: {0}")]
    InvalidResponse(String),
    /// Storing the enrolment failed.
    #[error(transparent)]
    Federation(#[from] FederationError),
    /// Reading the enrolment failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EnrolError {
    /// Returns whether trying again with the same configuration cannot succeed: no token, or
    /// the hub rejected the request itself (a 4xx status), as for a used or expired token.
    pub fn is_permanent(&self) -> bool {
        match self {
            EnrolError::NoToken => true,
            EnrolError::Rejected(rejection) => (400..500).contains(&rejection.status),
            _ => false,
        }
    }
}

/// Enrols the node with the hub unless it enrolled before, and returns the enrolment.
///
/// # Errors
/// - [`EnrolError::NoToken`] without a configured token.
/// - [`EnrolError::Unreachable`] when the hub does not respond.
/// - [`EnrolError::Rejected`] when the hub rejects the token or a field.
/// - [`EnrolError::InvalidResponse`] for a response that is not a grant for this node.
/// - [`EnrolError::Federation`] or [`EnrolError::Store`] when the database fails.
pub async fn enrol(state: &NodeState) -> Result<Enrolment, EnrolError> {
    let _only_one = ENROLMENT.lock().await;
    if let Some(existing) = enrolment::load_enrolment(state.store.pool()).await? {
        return Ok(existing);
    }
    let settings = &state.settings;
    let token = settings
        .enrolment_token
        .as_deref()
        .ok_or(EnrolError::NoToken)?;

    let request = EnrolmentRequest {
        token: token.to_owned(),
        node_id: settings.id.clone(),
        kind: settings.kind.as_str().to_owned(),
        division_code: settings.division_code.clone(),
        endpoint: settings.public_url.clone(),
        public_key: state.signing_key.public_key().to_hex(),
        names: NodeNames {
            zh_cn: settings.name_zh.clone(),
            en: settings.name_en.clone(),
        },
    };
    let url = format!("{}/api/federation/enroll", settings.hub_url);
    let unreachable = |source| EnrolError::Unreachable {
        url: url.clone(),
        source,
    };
    let http = client::http_client().map_err(unreachable)?;
    let response = http
        .post(&url)
        .json(&request)
        .send()
        .await
        .map_err(unreachable)?;
    if !response.status().is_success() {
        let rejection = client::rejection(response).await;
        // Another instance of this node sharing the database may have spent the one-time
        // token between the check above and this request.
        if let Some(existing) = enrolment::load_enrolment(state.store.pool()).await? {
            return Ok(existing);
        }
        return Err(EnrolError::Rejected(rejection));
    }
    let grant: EnrolmentGrant = response
        .json()
        .await
        .map_err(|error| EnrolError::InvalidResponse(error.to_string()))?;
    check_grant(&grant, &settings.id)?;

    let enrolment = Enrolment {
        node_id: grant.node_id,
        hub_url: settings.hub_url.clone(),
        hub_public_key: grant.hub_public_key,
        client_id: grant.client_id,
        client_secret: grant.client_secret,
        enrolled_at: Utc::now(),
    };
    federation::record_enrolment(&state.store, &enrolment).await?;
    tracing::info!(
        node_id = %enrolment.node_id,
        hub_url = %enrolment.hub_url,
        hub_key_id = %grant.hub_key_id,
        "enrolled with the hub"
    );
    Ok(enrolment)
}

/// Checks that the grant is for this node and that the hub's key and key id agree.
fn check_grant(grant: &EnrolmentGrant, node_id: &str) -> Result<(), EnrolError> {
    if grant.node_id != node_id || grant.client_id != node_id {
        return Err(EnrolError::InvalidResponse(format!(
            "the grant is for node {:?}, not {node_id:?}",
            grant.node_id
        )));
    }
    let hub_key = PublicKey::from_hex(&grant.hub_public_key)
        .map_err(|error| EnrolError::InvalidResponse(error.to_string()))?;
    if hub_key.key_id().as_str() != grant.hub_key_id {
        return Err(EnrolError::InvalidResponse(format!(
            "hub_key_id {:?} is not the id of hub_public_key",
            grant.hub_key_id
        )));
    }
    if grant.client_secret.is_empty() {
        return Err(EnrolError::InvalidResponse(
            "the client secret is empty".to_owned(),
        ));
    }
    Ok(())
}

/// Enrols at start-up if the node is not enrolled and has a token. It logs the outcome instead
/// of failing, because a node that is not enrolled still serves its pages. The trust-list task
/// tries again unless the hub rejected the token.
pub async fn enrol_at_start(state: &NodeState) {
    match enrolment::load_enrolment(state.store.pool()).await {
        Ok(Some(_)) => return,
        Ok(None) => {}
        Err(error) => {
            tracing::warn!(%error, "cannot read the enrolment; trying again later");
            return;
        }
    }
    if state.settings.enrolment_token.is_none() {
        tracing::warn!("{}", EnrolError::NoToken);
        return;
    }
    if let Err(error) = enrol(state).await {
        if error.is_permanent() {
            tracing::error!(%error, "enrolment failed; the node runs without enrolment");
        } else {
            tracing::warn!(%error, "enrolment failed; trying again later");
        }
    }
}

#[cfg(test)]
mod tests {
    use tongban_crypto::SigningKey;

    use super::*;

    fn grant(hub: &SigningKey) -> EnrolmentGrant {
        EnrolmentGrant {
            node_id: "gd".to_owned(),
            client_id: "gd".to_owned(),
            client_secret: "secret".to_owned(),
            hub_id: "hub".to_owned(),
            hub_public_key: hub.public_key().to_hex(),
            hub_key_id: hub.key_id().to_string(),
        }
    }

    #[test]
    fn grant_for_this_node_is_accepted() {
        let hub = SigningKey::generate();
        assert!(check_grant(&grant(&hub), "gd").is_ok());
    }

    type Change = fn(&mut EnrolmentGrant);

    #[test]
    fn grant_with_wrong_parts_is_rejected() {
        let hub = SigningKey::generate();
        let cases: [(&str, Change); 4] = [
            ("other node", |grant| grant.node_id = "zj".to_owned()),
            ("other client", |grant| grant.client_id = "zj".to_owned()),
            ("key id of another key", |grant| {
                grant.hub_key_id = "0000000000000000".to_owned();
            }),
            ("empty secret", |grant| grant.client_secret.clear()),
        ];
        for (case, change) in cases {
            let mut changed = grant(&hub);
            change(&mut changed);
            assert!(
                matches!(
                    check_grant(&changed, "gd"),
                    Err(EnrolError::InvalidResponse(_))
                ),
                "{case}"
            );
        }
    }

    #[test]
    fn settings_debug_hides_enrolment_token() {
        let settings = crate::NodeSettings {
            id: "gd".to_owned(),
            name_zh: "广东政务服务网".to_owned(),
            name_en: "Guangdong Government Services".to_owned(),
            public_url: "http://127.0.0.1:8401".to_owned(),
            kind: crate::NodeKind::Region,
            division_code: "440000".to_owned(),
            node_code: "440000".to_owned(),
            hub_url: "http://127.0.0.1:8400".to_owned(),
            data_dir: "data/gd".into(),
            enrolment_token: Some("s3cr3t-token".to_owned()),
            trust_list_refresh_seconds: 60,
            rectification_days: 15,
        };
        let printed = format!("{settings:?}");
        assert!(!printed.contains("s3cr3t-token"), "{printed}");
        assert!(printed.contains("[redacted]"), "{printed}");
    }

    #[test]
    fn only_client_errors_are_permanent() {
        let rejection = |status| {
            EnrolError::Rejected(HubRejection {
                status,
                code: String::new(),
                message: String::new(),
            })
        };
        assert!(EnrolError::NoToken.is_permanent());
        assert!(rejection(403).is_permanent());
        assert!(rejection(400).is_permanent());
        assert!(!rejection(503).is_permanent());
        assert!(!rejection(500).is_permanent());
    }
}
