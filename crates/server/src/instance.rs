//! Start-up: from a configuration and a bound listener to a serving instance.
//!
//! The caller binds the listener, so a test can bind port 0, learn the port, and write it into
//! the configuration of the instances that call this one before any of them starts.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tongban_crypto::SigningKey;
use tongban_services::catalog_search::CatalogSearch;
use tongban_services::passage::{Passage, Role as PassageRole};
use tongban_store::Store;
use tongban_web::{SessionConfig, Sessions};
use tracing::info;

use crate::config::{Config, Role};
use crate::passage::HttpTransport;

/// A running hub or node.
#[derive(Debug)]
pub struct Instance {
    /// Hub or node.
    pub role: Role,
    /// The instance id.
    pub id: String,
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its database.
    pub store: Store,
    /// The clock of a node's case steps, which tests fix to days the holiday calendar covers;
    /// `None` for a hub.
    pub case_clock: Option<tongban_node::CaseClock>,
    /// The context of a node's case use cases, for tools that drive cases in process such as
    /// `tongban simulate`; `None` for a hub.
    pub case_desk: Option<tongban_node::CaseDesk>,
    /// The passage: what the instance sends and receives as signed envelopes.
    pub passage: Passage,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Instance {
    /// Returns `http://` and the listening address.
    pub fn local_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections, lets requests in progress finish, stops background work,
    /// and waits for all of it.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            if let Err(error) = task.await {
                tracing::warn!(instance = %self.id, %error, "a task ended abnormally");
            }
        }
        self.store.pool().close().await;
        info!(instance = %self.id, "stopped");
    }
}

/// Starts the instance `config` describes on `listener`.
///
/// # Errors
/// When the data folder cannot be created, the database cannot be opened or migrated, or the
/// role's set-up fails.
pub async fn start(config: &Config, listener: TcpListener) -> anyhow::Result<Instance> {
    let id = config.instance.id.clone();
    std::fs::create_dir_all(&config.instance.data_dir).with_context(|| {
        format!(
            "create the data folder {}",
            config.instance.data_dir.display()
        )
    })?;
    let store = Store::connect(&config.database_url())
        .await
        .with_context(|| format!("open the database of instance {id}"))?;
    let sessions = Sessions::new(store.clone(), session_config(config));
    let (shutdown, mut stopped) = watch::channel(false);

    let signing_key = tongban_services::keys::load_or_create_signing_key(&config.instance.data_dir)
        .with_context(|| format!("load the signing key of instance {id}"))?;
    let signing_key = Arc::new(signing_key);
    let mut tasks = Vec::new();
    let mut case_clock = None;
    let mut case_desk = None;
    let (handlers, passage_slot) = crate::handlers::message_handlers(config)?;
    let passage = Passage::new(
        store.clone(),
        match config.role {
            Role::Hub => PassageRole::Hub,
            Role::Node => PassageRole::Node,
        },
        &id,
        signing_key.clone(),
        handlers,
        config.passage.settings(),
    );
    passage_slot.set(passage.clone());

    let router = match config.role {
        Role::Hub => {
            tongban_services::federation::check_signing_key(&store, &signing_key)
                .await
                .with_context(|| format!("check the signing key of hub {id}"))?;
            let state = hub_state(config, &store, sessions.clone(), signing_key, &passage).await?;
            tongban_hub::router(state)
        }
        Role::Node => {
            let state = node_state(config, &store, sessions.clone(), signing_key, &passage).await?;
            case_clock = Some(state.cases.clock());
            case_desk = Some(state.cases.clone());
            // Waits for the hub at most as long as the node's HTTP client allows: 5 s to
            // connect, 15 s in all. A failed attempt is repeated by the refresh task.
            tongban_node::federation::enrol_at_start(&state).await;
            tasks.push(tongban_node::federation::spawn_trust_list_refresh(
                state.clone(),
                shutdown.subscribe(),
            ));
            if let Some(task) =
                spawn_deemed_acceptance(config, &store, &passage, shutdown.subscribe())
            {
                tasks.push(task);
            }
            tongban_node::router(state)
        }
    };

    let addr = listener
        .local_addr()
        .context("read the listening address")?;
    let server_id = id.clone();
    let server = tokio::spawn(async move {
        let serve = axum::serve(listener, router).with_graceful_shutdown(async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        });
        if let Err(error) = serve.await {
            tracing::error!(instance = %server_id, %error, "the server failed");
        }
    });
    let cleanup = tokio::spawn(clean_up(store.clone(), config.role, shutdown.subscribe()));
    let transport = HttpTransport::new(config.passage.settings().request_timeout)
        .context("build the HTTP client of the passage")?;
    let worker = tongban_services::passage::worker::spawn(
        passage.clone(),
        Arc::new(transport),
        shutdown.subscribe(),
    );
    tasks.push(server);
    tasks.push(cleanup);
    tasks.push(worker);

    info!(instance = %id, role = ?config.role, %addr, "started");
    Ok(Instance {
        role: config.role,
        id,
        addr,
        store,
        case_clock,
        case_desk,
        passage,
        shutdown,
        tasks,
    })
}

fn session_config(config: &Config) -> SessionConfig {
    SessionConfig {
        cookie_name: format!("tongban_{}_session", config.instance.id.replace('-', "_")),
        idle: Duration::from_secs(config.session.idle_minutes * 60),
        absolute: Duration::from_secs(config.session.absolute_hours * 3600),
        secure_cookie: config.session.secure_cookie,
    }
}

async fn hub_state(
    config: &Config,
    store: &Store,
    sessions: Sessions,
    signing_key: Arc<SigningKey>,
    passage: &Passage,
) -> anyhow::Result<tongban_hub::HubState> {
    let store = store.clone();
    let section = config.hub.clone().unwrap_or_default();
    let settings = tongban_hub::HubSettings {
        id: config.instance.id.clone(),
        name_zh: config.instance.name_zh.clone(),
        name_en: config.instance.name_en.clone(),
        public_url: config.instance.public_url.clone(),
        data_dir: config.instance.data_dir.clone(),
        trust_list_validity: section.trust_list_validity(),
        enrolment_token_hours: section.enrolment_token_hours,
        login_max_failures: section.login_max_failures,
        login_window_minutes: section.login_window_minutes,
        login_lockout_minutes: section.login_lockout_minutes,
    };
    // Resident ID numbers and credit codes are checked against the division history, which
    // is loaded once here rather than on every registration.
    let divisions =
        tongban_refdata::ReferenceData::locate(config.instance.reference_data.as_deref())
            .and_then(|data| data.divisions())
            .context("load the division history for checking identifiers")?;
    let keys_dir = config.instance.data_dir.join("keys");
    let oidc_keys = tongban_hub::oidc::OidcKeys::load_or_create(&keys_dir)
        .context("load the OpenID Provider's signing keys")?;
    let search = CatalogSearch::for_hub(store.clone())
        .await
        .context("build the search index of the catalog")?;
    Ok(tongban_hub::HubState {
        settings: Arc::new(settings),
        store,
        signing_key,
        sessions,
        divisions: Arc::new(divisions),
        oidc_keys: Arc::new(oidc_keys),
        search: Arc::new(search),
        passage: passage.clone(),
    })
}

async fn node_state(
    config: &Config,
    store: &Store,
    sessions: Sessions,
    signing_key: Arc<SigningKey>,
    passage: &Passage,
) -> anyhow::Result<tongban_node::NodeState> {
    let store = store.clone();
    let section = config
        .node
        .as_ref()
        .context("a node needs a [node] section")?;
    let settings = tongban_node::NodeSettings {
        id: config.instance.id.clone(),
        name_zh: config.instance.name_zh.clone(),
        name_en: config.instance.name_en.clone(),
        public_url: config.instance.public_url.clone(),
        kind: section.kind,
        division_code: section.division_code.clone(),
        node_code: section.node_code.clone(),
        hub_url: section.hub_url.clone(),
        data_dir: config.instance.data_dir.clone(),
        enrolment_token: section
            .enrolment_token
            .as_ref()
            .map(|token| token.expose().clone()),
        trust_list_refresh_seconds: section.trust_list_refresh_seconds,
        rectification_days: section.rectification_days,
    };
    let staff_sessions = Sessions::new(
        store.clone(),
        SessionConfig {
            cookie_name: format!(
                "tongban_{}_staff_session",
                config.instance.id.replace('-', "_")
            ),
            ..session_config(config)
        },
    );
    let staff_login_policy = tongban_services::accounts::LoginPolicy {
        max_failures: section.login_max_failures,
        window: chrono::Duration::minutes(i64::from(section.login_window_minutes)),
        lockout: chrono::Duration::minutes(i64::from(section.login_lockout_minutes)),
    };
    let search = CatalogSearch::for_node(store.clone(), &config.instance.id)
        .await
        .context("build the search index of the implementation list")?;
    let cases = case_desk(config, &store, section, passage).await?;
    Ok(tongban_node::NodeState {
        settings: Arc::new(settings),
        store,
        signing_key,
        sessions,
        staff_sessions,
        staff_login_policy,
        search: Arc::new(search),
        cases,
        passage: passage.clone(),
        trust_list_on_demand: tongban_node::federation::OnDemandRefresh::default(),
    })
}

/// Builds the context of a node's cases: the holiday calendar and the division history from
/// the reference data, the material files in the `objects` folder of the data folder, the
/// issuer of e-certificates with the seal keys of the data folder, and the reporter of status
/// changes to the hub's case index.
async fn case_desk(
    config: &Config,
    store: &Store,
    section: &crate::config::NodeSection,
    passage: &Passage,
) -> anyhow::Result<tongban_node::CaseDesk> {
    let (node_code, division_code) = (&section.node_code, &section.division_code);
    let data = tongban_refdata::ReferenceData::locate(config.instance.reference_data.as_deref())
        .context("find the reference data, which cases need for time limits and identifiers")?;
    let published = data
        .calendar()
        .context("load the holiday calendar for the time limits of cases")?;
    let divisions = data
        .divisions()
        .context("load the division history for checking identifiers in forms")?;
    let calendar = tongban_services::calendar::effective_calendar(store, published.clone())
        .await
        .context("apply the replaced holiday schedules")?;
    let objects = tongban_services::cases::local_object_store(&config.instance.data_dir)
        .context("open the folder of material files")?;
    let node_code = tongban_domain::ids::NodeCode::parse(node_code)
        .with_context(|| format!("the node code {node_code} of case numbers"))?;
    let context = tongban_services::cases::CaseContext::new(
        store.clone(),
        Arc::new(calendar),
        Arc::new(divisions),
        objects,
        node_code,
    )
    .with_issuer(tongban_services::certificates::CertificateIssuer {
        data_dir: config.instance.data_dir.clone(),
        node_id: config.instance.id.clone(),
        division_code: division_code.to_owned(),
    })
    .with_reporter(tongban_services::case_index::Reporter::new(passage.clone()));
    Ok(tongban_node::CaseDesk::new(context, published))
}

/// Deletes expired sessions every ten minutes until shutdown, and at a hub also the
/// authorization codes and access tokens that expired long enough ago.
async fn clean_up(store: Store, role: Role, mut stopped: watch::Receiver<bool>) {
    let mut interval = tokio::time::interval(Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = interval.tick() => {
                let now = chrono::Utc::now();
                match tongban_store::sessions::delete_expired_sessions(store.pool(), now).await {
                    Ok(0) => {}
                    Ok(count) => tracing::debug!(count, "expired sessions deleted"),
                    Err(error) => tracing::warn!(%error, "deleting expired sessions failed"),
                }
                if role == Role::Hub {
                    match tongban_services::oidc_grants::delete_expired_grants(&store, now).await {
                        Ok(0) => {}
                        Ok(count) => tracing::debug!(count, "expired codes and tokens deleted"),
                        Err(error) => tracing::warn!(%error, "deleting expired codes and tokens failed"),
                    }
                }
            }
            // The only change ever sent is the stop signal.
            _ = stopped.changed() => return,
        }
    }
}

/// Starts deemed acceptance (行政许可法 art. 32) of the node's cases: once at start, then
/// every hour. Without a holiday calendar no time limit can be counted, so the task is not
/// started and the reason is logged.
fn spawn_deemed_acceptance(
    config: &Config,
    store: &Store,
    passage: &Passage,
    stopped: watch::Receiver<bool>,
) -> Option<JoinHandle<()>> {
    let published =
        tongban_refdata::ReferenceData::locate(config.instance.reference_data.as_deref())
            .and_then(|data| data.calendar());
    match published {
        Ok(calendar) => Some(tokio::spawn(
            tongban_services::cases::run_deemed_acceptance(
                store.clone(),
                calendar,
                Some(tongban_services::case_index::Reporter::new(passage.clone())),
                Duration::from_secs(3600),
                stopped,
            ),
        )),
        Err(error) => {
            tracing::error!(instance = %config.instance.id, %error,
                "no holiday calendar, so deemed acceptance of cases does not run");
            None
        }
    }
}
