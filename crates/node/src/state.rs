//! What every node handler can reach.

use std::sync::Arc;

use tongban_i18n::Lang;
use tongban_store::Store;
use tongban_web::Sessions;

pub use tongban_domain::node::NodeKind;

/// Settings of a node instance, from its configuration. `Debug` hides the enrolment token.
#[derive(Clone)]
pub struct NodeSettings {
    /// Node id, such as `gd`.
    pub id: String,
    /// Portal name in Simplified Chinese.
    pub name_zh: String,
    /// Portal name in English.
    pub name_en: String,
    /// URL people and the hub reach the node at, without a trailing slash.
    pub public_url: String,
    /// Region or department.
    pub kind: NodeKind,
    /// GB/T 2260 division code: the region's, or for a department the seat's (`100000`).
    pub division_code: String,
    /// Six-character code in case numbers.
    pub node_code: String,
    /// URL of the hub, without a trailing slash.
    pub hub_url: String,
    /// Folder for the node's own files; its signing key lives in its `keys` folder.
    pub data_dir: std::path::PathBuf,
    /// One-time enrolment token for the first start, if the configuration has one.
    pub enrolment_token: Option<String>,
    /// Seconds between fetches of the hub's trust list.
    pub trust_list_refresh_seconds: u64,
    /// Working days the region gives a department to finish the rectification of a bad
    /// rating.
    pub rectification_days: u32,
}

impl std::fmt::Debug for NodeSettings {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("NodeSettings")
            .field("id", &self.id)
            .field("name_zh", &self.name_zh)
            .field("name_en", &self.name_en)
            .field("public_url", &self.public_url)
            .field("kind", &self.kind)
            .field("division_code", &self.division_code)
            .field("node_code", &self.node_code)
            .field("hub_url", &self.hub_url)
            .field("data_dir", &self.data_dir)
            .field(
                "enrolment_token",
                &self.enrolment_token.as_ref().map(|_| "[redacted]"),
            )
            .field(
                "trust_list_refresh_seconds",
                &self.trust_list_refresh_seconds,
            )
            .finish()
    }
}

impl NodeSettings {
    /// Returns the portal name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}

/// Shared state of the node's handlers.
#[derive(Debug, Clone)]
pub struct NodeState {
    /// Settings.
    pub settings: Arc<NodeSettings>,
    /// Database.
    pub store: Store,
    /// The node's SM2 signing key; its public half is registered at the hub at enrolment.
    pub signing_key: Arc<tongban_crypto::SigningKey>,
    /// Browser sessions of people logged in through the hub.
    pub sessions: Sessions,
    /// Browser sessions of the node's staff, under a cookie of their own.
    pub staff_sessions: Sessions,
    /// When failed staff logins lock an account.
    pub staff_login_policy: tongban_services::accounts::LoginPolicy,
    /// Search over the implementation list, for `/services` and `/api/services`.
    pub search: Arc<tongban_services::catalog_search::CatalogSearch>,
    /// The context of the case pages and the case API.
    pub cases: crate::CaseDesk,
    /// The passage: sending through the hub and receiving what it relays.
    pub passage: tongban_services::passage::Passage,
    /// Fetches of the trust list outside its schedule, for peers and e-seals it lacks.
    pub trust_list_on_demand: crate::federation::OnDemandRefresh,
}
