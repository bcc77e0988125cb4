//! What every hub handler can reach.

use std::sync::Arc;

use tongban_domain::ids::Divisions;
use tongban_i18n::Lang;
use tongban_services::catalog_search::CatalogSearch;
use tongban_store::Store;
use tongban_web::Sessions;

use crate::oidc::OidcKeys;

/// Settings of a hub instance, from its configuration.
#[derive(Debug, Clone)]
pub struct HubSettings {
    /// Instance id, such as `hub`.
    pub id: String,
    /// Portal name in Simplified Chinese.
    pub name_zh: String,
    /// Portal name in English.
    pub name_en: String,
    /// URL people and nodes reach the hub at, without a trailing slash.
    pub public_url: String,
    /// Folder for the hub's own files; signing keys live in its `keys` folder.
    pub data_dir: std::path::PathBuf,
    /// How long a signed trust list stays valid; the hub signs a new one when half of it has
    /// passed.
    pub trust_list_validity: std::time::Duration,
    /// Hours a node enrolment token stays usable.
    pub enrolment_token_hours: u64,
    /// Failed logins of one account within `login_window_minutes` that lock it.
    pub login_max_failures: u32,
    /// Window in which failed logins are counted, in minutes.
    pub login_window_minutes: u32,
    /// Minutes a locked account stays locked.
    pub login_lockout_minutes: u32,
}

impl HubSettings {
    /// Returns the portal name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}

/// Shared state of the hub's handlers.
#[derive(Debug, Clone)]
pub struct HubState {
    /// Settings.
    pub settings: Arc<HubSettings>,
    /// Database.
    pub store: Store,
    /// The hub's SM2 signing key, which signs the trust list.
    pub signing_key: Arc<tongban_crypto::SigningKey>,
    /// Browser sessions.
    pub sessions: Sessions,
    /// The division history, which resident ID numbers and credit codes are checked against.
    pub divisions: Arc<Divisions>,
    /// The OpenID Provider's signing keys.
    pub oidc_keys: Arc<OidcKeys>,
    /// Search over every catalog entry, for `/services` and `/api/catalog/items`.
    pub search: Arc<CatalogSearch>,
    /// The passage: relaying envelopes between nodes and receiving those for the hub.
    pub passage: tongban_services::passage::Passage,
}
