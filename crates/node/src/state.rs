//! What every node handler can reach.

use std::sync::Arc;

use serde::Deserialize;
use tongban_i18n::Lang;
use tongban_store::Store;
use tongban_web::Sessions;

/// Whether a node serves a region or a department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A provincial or city platform, identified by its division code.
    Region,
    /// A State Council department's platform, such as 公安部.
    Department,
}

impl NodeKind {
    /// Returns the name used in the configuration and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Region => "region",
            NodeKind::Department => "department",
        }
    }
}

/// Settings of a node instance, from its configuration.
#[derive(Debug, Clone)]
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
    /// Browser sessions.
    pub sessions: Sessions,
}
