//! The configuration file of an instance: typed TOML with environment overrides.
//!
//! Every key is documented on its field. Unknown keys are rejected with their name, so a typo
//! never passes silently. An environment variable `TONGBAN__<SECTION>__<KEY>` overrides the
//! key of the same name, for example `TONGBAN__INSTANCE__LISTEN=127.0.0.1:9000`; its value is
//! read as a TOML value when it is one (a number, a boolean) and as a string otherwise.
//! Secrets such as a database URL with a password are [`Secret`]s and never print.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use tongban_i18n::{Lang, Message};

use crate::Secret;

/// Prefix of the environment variables that override configuration keys.
pub const ENV_PREFIX: &str = "TONGBAN__";

/// Which role an instance plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The national hub.
    Hub,
    /// A provincial, city or department node.
    Node,
}

/// The configuration of one instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `hub` or `node`; the section of the same name must be present.
    pub role: Role,
    /// What every instance has.
    pub instance: InstanceSection,
    /// Browser sessions.
    #[serde(default)]
    pub session: SessionSection,
    /// Settings of a hub.
    pub hub: Option<HubSection>,
    /// Settings of a node.
    pub node: Option<NodeSection>,
    /// Delivery of signed envelopes between the instances.
    #[serde(default)]
    pub passage: PassageSection,
}

/// What every instance has.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceSection {
    /// Id of the instance: lowercase letters, digits and hyphens, such as `hub` or `gd`.
    pub id: String,
    /// Name of the portal in Simplified Chinese.
    pub name_zh: String,
    /// Name of the portal in English.
    pub name_en: String,
    /// Address and port to listen on, such as `127.0.0.1:8400`.
    pub listen: SocketAddr,
    /// URL people and peers reach the instance at, such as `https://gd.example.gov.cn`.
    pub public_url: String,
    /// Folder for the instance's own files: its SQLite database, keys and uploads.
    pub data_dir: PathBuf,
    /// Database URL; by default a SQLite file `tongban.sqlite` in `data_dir`. A PostgreSQL URL
    /// may carry a password, so the value never prints.
    pub database_url: Option<Secret<String>>,
    /// Reference data directory; by default found as the `tongban` command finds it.
    pub reference_data: Option<PathBuf>,
}

/// Browser sessions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionSection {
    /// Minutes without a request after which a session ends.
    pub idle_minutes: u64,
    /// Hours after which a session ends whatever happens.
    pub absolute_hours: u64,
    /// Whether session cookies are sent over HTTPS only. Keep it `true` in production; the
    /// demo on plain-HTTP loopback turns it off.
    pub secure_cookie: bool,
}

impl Default for SessionSection {
    fn default() -> Self {
        SessionSection {
            idle_minutes: 30,
            absolute_hours: 12,
            secure_cookie: true,
        }
    }
}

/// Settings of a hub.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HubSection {
    /// Hours a published trust list stays valid; nodes keep using a cached list this long
    /// when the hub cannot be reached. The hub signs a new list when half of it has passed.
    pub trust_list_validity_hours: u64,
    /// Seconds a published trust list stays valid. When set, it replaces
    /// `trust_list_validity_hours`, for drills and tests that need lists to expire quickly.
    pub trust_list_validity_seconds: Option<u64>,
    /// Hours a node enrolment token stays usable.
    pub enrolment_token_hours: u64,
    /// Failed logins of one account within `login_window_minutes` that lock it.
    pub login_max_failures: u32,
    /// Window in which failed logins are counted, in minutes.
    pub login_window_minutes: u32,
    /// Minutes a locked account stays locked.
    pub login_lockout_minutes: u32,
}

impl Default for HubSection {
    fn default() -> Self {
        HubSection {
            trust_list_validity_hours: 24,
            trust_list_validity_seconds: None,
            enrolment_token_hours: 24,
            login_max_failures: 5,
            login_window_minutes: 15,
            login_lockout_minutes: 15,
        }
    }
}

impl HubSection {
    /// Returns how long a published trust list stays valid.
    pub fn trust_list_validity(&self) -> Duration {
        match self.trust_list_validity_seconds {
            Some(seconds) => Duration::from_secs(seconds),
            None => Duration::from_secs(self.trust_list_validity_hours.saturating_mul(3600)),
        }
    }

    /// Returns how long an enrolment token stays usable.
    pub fn enrolment_token_validity(&self) -> Duration {
        Duration::from_secs(self.enrolment_token_hours.saturating_mul(3600))
    }
}

/// Delivery of signed envelopes between the instances: the outbox worker's retries and
/// batches. Every key has a default.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PassageSection {
    /// Failed attempts after which a message becomes a dead letter, which an operator
    /// retries with `tongban passage dead-letters retry`.
    pub max_attempts: u32,
    /// Milliseconds: the upper bound of the first retry delay. Each further failure doubles
    /// the bound up to `backoff_cap_seconds`; the delay is drawn at random below it.
    pub backoff_base_ms: u64,
    /// Seconds: the largest retry delay.
    pub backoff_cap_seconds: u64,
    /// Outbox rows the worker claims and posts side by side.
    pub batch_size: u32,
    /// Seconds a claimed row belongs to the worker that claimed it. A worker that stops
    /// without recording the outcome leaves its rows to be claimed again after this time,
    /// so it must exceed `request_timeout_seconds`.
    pub lease_seconds: u64,
    /// Milliseconds an idle worker waits before it looks for rows that another process,
    /// such as `tongban passage ping`, wrote.
    pub poll_interval_ms: u64,
    /// Seconds one post to the next instance may take.
    pub request_timeout_seconds: u64,
    /// Milliseconds the registry or trust list read for checking senders is reused, so a
    /// revocation takes effect within this time.
    pub directory_ttl_ms: u64,
}

impl Default for PassageSection {
    fn default() -> Self {
        let defaults = tongban_services::passage::PassageSettings::default();
        let millis = |duration: Duration| u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
        PassageSection {
            max_attempts: defaults.max_attempts,
            backoff_base_ms: millis(defaults.backoff_base),
            backoff_cap_seconds: defaults.backoff_cap.as_secs(),
            batch_size: defaults.batch_size,
            lease_seconds: defaults.lease.as_secs(),
            poll_interval_ms: millis(defaults.poll_interval),
            request_timeout_seconds: defaults.request_timeout.as_secs(),
            directory_ttl_ms: millis(defaults.directory_ttl),
        }
    }
}

impl PassageSection {
    /// Returns the settings of the passage's worker.
    pub fn settings(&self) -> tongban_services::passage::PassageSettings {
        tongban_services::passage::PassageSettings {
            max_attempts: self.max_attempts,
            backoff_base: Duration::from_millis(self.backoff_base_ms),
            backoff_cap: Duration::from_secs(self.backoff_cap_seconds),
            batch_size: self.batch_size,
            lease: Duration::from_secs(self.lease_seconds),
            poll_interval: Duration::from_millis(self.poll_interval_ms),
            request_timeout: Duration::from_secs(self.request_timeout_seconds),
            directory_ttl: Duration::from_millis(self.directory_ttl_ms),
        }
    }

    fn check(&self) -> Result<(), ConfigError> {
        let positive = [
            ("passage.max_attempts", u64::from(self.max_attempts)),
            ("passage.backoff_base_ms", self.backoff_base_ms),
            ("passage.backoff_cap_seconds", self.backoff_cap_seconds),
            ("passage.batch_size", u64::from(self.batch_size)),
            ("passage.poll_interval_ms", self.poll_interval_ms),
            (
                "passage.request_timeout_seconds",
                self.request_timeout_seconds,
            ),
        ];
        for (key, value) in positive {
            if value == 0 {
                return Err(ConfigError::Invalid {
                    key: key.to_owned(),
                    rule: Message::new("config-rule-positive"),
                });
            }
        }
        if self.lease_seconds <= self.request_timeout_seconds {
            return Err(ConfigError::Invalid {
                key: "passage.lease_seconds".to_owned(),
                rule: Message::new("config-rule-lease")
                    .arg("timeout", self.request_timeout_seconds.to_string()),
            });
        }
        Ok(())
    }
}

/// Settings of a node.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSection {
    /// `region` or `department`.
    pub kind: tongban_node::NodeKind,
    /// GB/T 2260 division code: the region's, or `100000` for a State Council department.
    pub division_code: String,
    /// Six characters of `0-9A-Z` that start the node's case numbers: a region's division
    /// code, or a code starting with a letter for a department, such as `MPS000`.
    pub node_code: String,
    /// URL of the hub.
    pub hub_url: String,
    /// One-time enrolment token from `tongban hub enroll-node`, used on the first start.
    pub enrolment_token: Option<Secret<String>>,
    /// Seconds between fetches of the hub's trust list.
    #[serde(default = "default_trust_list_refresh")]
    pub trust_list_refresh_seconds: u64,
    /// Failed logins of one staff account within `login_window_minutes` that lock it.
    #[serde(default = "default_login_max_failures")]
    pub login_max_failures: u32,
    /// Window in which failed staff logins are counted, in minutes.
    #[serde(default = "default_login_minutes")]
    pub login_window_minutes: u32,
    /// Minutes a locked staff account stays locked.
    #[serde(default = "default_login_minutes")]
    pub login_lockout_minutes: u32,
    /// Working days a department has to finish the rectification of a bad rating (差评整改).
    #[serde(default = "default_rectification_days")]
    pub rectification_days: u32,
}

fn default_rectification_days() -> u32 {
    tongban_domain::evaluation::DEFAULT_RECTIFICATION_DAYS
}

fn default_trust_list_refresh() -> u64 {
    60
}

fn default_login_max_failures() -> u32 {
    5
}

fn default_login_minutes() -> u32 {
    15
}

/// Why a configuration was rejected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}", self.message().render(Lang::En))]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML, has an unknown key or a value of the wrong type.
    #[error("{}", self.message().render(Lang::En))]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's description, which names the key.
        detail: String,
    },
    /// A key has a value that breaks a rule.
    #[error("{}", self.message().render(Lang::En))]
    Invalid {
        /// The key, such as `node.division_code`.
        key: String,
        /// The rule.
        rule: Message,
    },
}

impl ConfigError {
    /// Returns the message naming the file or key and the rule.
    pub fn message(&self) -> Message {
        match self {
            ConfigError::Read { path, source } => Message::new("config-read")
                .arg("path", path.display().to_string())
                .arg("error", source.to_string()),
            ConfigError::Parse { path, detail } => Message::new("config-parse")
                .arg("path", path.display().to_string())
                .arg("detail", detail.as_str()),
            ConfigError::Invalid { key, rule } => Message::new("config-invalid")
                .arg("key", key.as_str())
                .arg("rule", rule.clone()),
        }
    }
}

impl Config {
    /// Reads `path`, applies the environment overrides and checks the result.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the file, the key and the rule.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path, std::env::vars())
    }

    /// Parses `text` (read from `path`, for messages) with the overrides among `env`.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn parse(
        text: &str,
        path: &Path,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let parse_error = |detail: String| ConfigError::Parse {
            path: path.to_path_buf(),
            detail,
        };
        let mut table: toml::Table =
            toml::from_str(text).map_err(|error| parse_error(error.to_string()))?;
        for (name, value) in env {
            let Some(key) = name.strip_prefix(ENV_PREFIX) else {
                continue;
            };
            apply_override(&mut table, key, &value).map_err(parse_error)?;
        }
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|error: toml::de::Error| parse_error(error.to_string()))?;
        config.check()?;
        Ok(config)
    }

    /// Returns the database URL: the configured one, or a SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        match &self.instance.database_url {
            Some(url) => url.expose().clone(),
            None => format!(
                "sqlite://{}",
                self.instance.data_dir.join("tongban.sqlite").display()
            ),
        }
    }

    fn check(&self) -> Result<(), ConfigError> {
        let invalid = |key: &str, rule: Message| ConfigError::Invalid {
            key: key.to_owned(),
            rule,
        };
        let id = &self.instance.id;
        let id_ok = !id.is_empty()
            && id.len() <= 32
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            return Err(invalid("instance.id", Message::new("config-rule-id")));
        }
        check_url(&self.instance.public_url)
            .map_err(|rule| invalid("instance.public_url", rule))?;
        match (self.role, &self.hub, &self.node) {
            (Role::Hub, _, Some(_)) => {
                return Err(invalid(
                    "node",
                    Message::new("config-rule-section-other-role").arg("role", "hub"),
                ));
            }
            (Role::Node, Some(_), _) => {
                return Err(invalid(
                    "hub",
                    Message::new("config-rule-section-other-role").arg("role", "node"),
                ));
            }
            (Role::Node, None, None) => {
                return Err(invalid("node", Message::new("config-rule-section-missing")));
            }
            _ => {}
        }
        if let Some(hub) = &self.hub {
            let positive = [
                (
                    "hub.trust_list_validity_hours",
                    Some(hub.trust_list_validity_hours),
                ),
                (
                    "hub.trust_list_validity_seconds",
                    hub.trust_list_validity_seconds,
                ),
                ("hub.enrolment_token_hours", Some(hub.enrolment_token_hours)),
            ];
            for (key, value) in positive {
                if value == Some(0) {
                    return Err(invalid(key, Message::new("config-rule-positive")));
                }
            }
        }
        if let Some(node) = &self.node {
            check_url(&node.hub_url).map_err(|rule| invalid("node.hub_url", rule))?;
            tongban_domain_checks::division(&node.division_code)
                .map_err(|rule| invalid("node.division_code", rule))?;
            tongban_domain_checks::node_code(&node.node_code)
                .map_err(|rule| invalid("node.node_code", rule))?;
            if node.trust_list_refresh_seconds == 0 {
                return Err(invalid(
                    "node.trust_list_refresh_seconds",
                    Message::new("config-rule-positive"),
                ));
            }
            if node.rectification_days == 0 {
                return Err(invalid(
                    "node.rectification_days",
                    Message::new("config-rule-positive"),
                ));
            }
        }
        if self.session.idle_minutes == 0 || self.session.absolute_hours == 0 {
            return Err(invalid("session", Message::new("config-rule-positive")));
        }
        self.passage.check()
    }
}

/// Sets `section__key` (already without the prefix) in `table`.
fn apply_override(table: &mut toml::Table, key: &str, raw: &str) -> Result<(), String> {
    let path: Vec<String> = key.split("__").map(str::to_ascii_lowercase).collect();
    let value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut parsed| parsed.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.to_owned()));
    let Some((last, sections)) = path.split_last() else {
        return Err(format!(
            "environment variable {ENV_PREFIX}{key} names no key"
        ));
    };
    let mut current = table;
    for section in sections {
        let entry = current
            .entry(section.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        current = entry.as_table_mut().ok_or_else(|| {
            format!("environment variable {ENV_PREFIX}{key}: {section} is not a section")
        })?;
    }
    current.insert(last.clone(), value);
    Ok(())
}

fn check_url(text: &str) -> Result<(), Message> {
    let well_formed = (text.starts_with("http://") || text.starts_with("https://"))
        && !text.ends_with('/')
        && text.len() > "https://".len();
    if well_formed {
        Ok(())
    } else {
        Err(Message::new("config-rule-url").arg("value", text))
    }
}

/// Checks of identifiers that appear in configuration.
mod tongban_domain_checks {
    use tongban_domain::RuleViolation;
    use tongban_domain::ids::{DivisionCode, NodeCode};
    use tongban_i18n::Message;

    pub(super) fn division(text: &str) -> Result<(), Message> {
        DivisionCode::parse(text)
            .map(|_| ())
            .map_err(|error| error.message())
    }

    pub(super) fn node_code(text: &str) -> Result<(), Message> {
        NodeCode::parse(text)
            .map(|_| ())
            .map_err(|error| error.message())
    }
}

#[cfg(test)]
mod tests;
