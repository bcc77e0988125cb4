//! `tongban demo`: a hub and three nodes on one machine, each with its own SQLite file and
//! folders under one data folder.
//!
//! On the first start the demo writes a configuration file per instance (reusable with
//! `tongban serve --config`), imports the service catalog everywhere, creates the demo accounts
//! and enrols the nodes with the hub, seeds the population registry of the 公安部 node and
//! grants its identity check to the hub and to 浙江. Later starts reuse all of it.

mod data_sharing;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use anyhow::Context;
use tokio::net::TcpListener;
use tongban_refdata::ReferenceData;
use tongban_store::Store;
use tracing::info;

use tongban_domain::node::NodeKind;
use tongban_services::accounts::{self, NewOperator};
use tongban_services::federation::{self, NewEnrolment};
use tongban_services::implementations;
use tongban_services::staff::{self, NewStaff};

use crate::Secret;
use crate::config::Config;
use crate::instance::{self, Instance};

/// How long the demo's enrolment tokens last; the nodes use them within seconds.
const ENROLMENT_TOKEN_LIFETIME: std::time::Duration = std::time::Duration::from_secs(600);

/// The instances of the demo, in start order: the hub first, then the nodes.
pub const MEMBERS: [Member<'static>; 4] = [
    Member {
        id: "hub",
        offset: 0,
        name_zh: "国家政务服务平台",
        name_en: "National Government Service Platform",
        node: None,
    },
    Member {
        id: "gd",
        offset: 1,
        name_zh: "广东政务服务网",
        name_en: "Guangdong Government Services",
        node: Some(NodeFacts {
            kind: "region",
            division_code: "440000",
            node_code: "440000",
        }),
    },
    Member {
        id: "zj",
        offset: 2,
        name_zh: "浙江政务服务网",
        name_en: "Zhejiang Government Services",
        node: Some(NodeFacts {
            kind: "region",
            division_code: "330000",
            node_code: "330000",
        }),
    },
    Member {
        id: "mps",
        offset: 3,
        name_zh: "公安部政务服务平台",
        name_en: "Ministry of Public Security Services",
        node: Some(NodeFacts {
            kind: "department",
            division_code: "100000",
            node_code: "MPS000",
        }),
    },
];

/// One instance of the demo.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// Instance id.
    pub id: &'a str,
    /// Port offset from the base port.
    pub offset: u16,
    /// Portal name in Simplified Chinese.
    pub name_zh: &'a str,
    /// Portal name in English.
    pub name_en: &'a str,
    /// What a node has, or `None` for the hub.
    pub node: Option<NodeFacts<'a>>,
}

/// What a demo node has.
#[derive(Debug, Clone, Copy)]
pub struct NodeFacts<'a> {
    /// `region` or `department`.
    pub kind: &'a str,
    /// GB/T 2260 division code.
    pub division_code: &'a str,
    /// Case number prefix.
    pub node_code: &'a str,
}

/// Where and how the demo runs.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Folder holding every instance's folder and configuration.
    pub data_dir: PathBuf,
    /// Port of the hub; the nodes take the next three. 0 lets the system pick four free ports,
    /// as tests do.
    pub base_port: u16,
    /// Reference data directory, if not found the default way.
    pub reference_data: Option<PathBuf>,
}

/// A running demo.
#[derive(Debug)]
pub struct Demo {
    /// The instances, hub first.
    pub instances: Vec<Instance>,
    /// What the first start created, to show once; `None` on later starts.
    pub first_start: Option<FirstStart>,
}

/// What the first start created.
#[derive(Debug, Clone, Default)]
pub struct FirstStart {
    /// Service items imported into each instance.
    pub items_imported: u64,
    /// Accounts created, with their one-time passwords.
    pub accounts: Vec<DemoAccount>,
}

/// An account the demo created.
#[derive(Clone)]
pub struct DemoAccount {
    /// Instance the account belongs to.
    pub instance: String,
    /// Role, such as `admin` or `clerk`.
    pub role: String,
    /// Login name.
    pub login: String,
    /// The generated password, shown once.
    pub password: String,
}

impl std::fmt::Debug for DemoAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoAccount")
            .field("instance", &self.instance)
            .field("role", &self.role)
            .field("login", &self.login)
            .field("password", &"[redacted]")
            .finish()
    }
}

impl Demo {
    /// Starts the demo: binds every port first, so a port in use stops the demo before anything
    /// runs, then sets up a first start and starts the instances.
    ///
    /// # Errors
    /// When a port is taken, a folder cannot be written, the reference data is missing or an
    /// instance fails to start.
    pub async fn start(options: &DemoOptions) -> anyhow::Result<Demo> {
        let mut listeners = Vec::new();
        let mut ports = Vec::new();
        for member in MEMBERS {
            let port = match options.base_port {
                0 => 0,
                base => base
                    .checked_add(member.offset)
                    .context("the base port is too high")?,
            };
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            let listener = TcpListener::bind(addr)
                .await
                .with_context(|| format!("port {port} for {} is in use", member.id))?;
            ports.push(listener.local_addr()?.port());
            listeners.push(listener);
        }

        std::fs::create_dir_all(&options.data_dir)
            .with_context(|| format!("create the data folder {}", options.data_dir.display()))?;
        let marker = options.data_dir.join("demo-initialized");
        let first = !marker.exists();
        let mut configs = Vec::new();
        for (member, port) in MEMBERS.iter().zip(&ports) {
            configs.push(write_config(options, *member, *port, ports[0])?);
        }

        let mut report = FirstStart::default();
        let mut first_divisions = None;
        if first {
            let data = ReferenceData::locate(options.reference_data.as_deref())?;
            let divisions = data.divisions()?;
            let load = data.service_items(&divisions)?;
            // The implementation lists go in before the nodes start, so that a node's first
            // trust list fetch already has its departments' e-seals certified.
            for (config, member) in configs.iter().zip(&MEMBERS) {
                let store = Store::connect(&config.database_url()).await?;
                let summary =
                    tongban_services::catalog_import::import_catalog(&store, &load, "demo", |_| {})
                        .await?;
                report.items_imported = summary.counts.total();
                if let Some(list) = implementation_list(member.id) {
                    implementations::import_list(&store, list, "demo")
                        .await
                        .with_context(|| {
                            format!("load the implementation list of {}", member.id)
                        })?;
                }
                store.pool().close().await;
            }
            first_divisions = Some(divisions);
        }

        let mut listeners = listeners.into_iter();
        let mut configs = configs.into_iter();
        let (Some(hub_config), Some(hub_listener)) = (configs.next(), listeners.next()) else {
            anyhow::bail!("the demo has no hub");
        };
        let hub = instance::start(&hub_config, hub_listener).await?;
        if first {
            report.accounts.push(create_admin(&hub.store).await?);
        }

        let mut instances = vec![hub];
        for ((mut config, listener), member) in configs.zip(listeners).zip(&MEMBERS[1..]) {
            if first {
                let token = issue_token(&instances[0].store, member).await?;
                if let Some(node) = config.node.as_mut() {
                    node.enrolment_token = Some(Secret::new(token));
                }
            }
            let node = instance::start(&config, listener).await?;
            if first {
                report
                    .accounts
                    .push(create_clerk(&node.store, member).await?);
            }
            instances.push(node);
        }

        if let Some(divisions) = &first_divisions {
            data_sharing::set_up(&instances, divisions)
                .await
                .context("set up the demo's data sharing")?;
        }
        if first {
            std::fs::write(&marker, b"The demo finished its first start.\n")
                .with_context(|| format!("write {}", marker.display()))?;
            info!(data_dir = %options.data_dir.display(), "demo set up");
        }
        Ok(Demo {
            instances,
            first_start: first.then_some(report),
        })
    }

    /// Stops every instance, nodes first.
    pub async fn stop(self) {
        for instance in self.instances.into_iter().rev() {
            instance.stop().await;
        }
    }
}

/// The demo implementation list of node `id`, written for this repository.
fn implementation_list(id: &str) -> Option<&'static str> {
    match id {
        "gd" => Some(include_str!("../../../config/demo/implementations-gd.toml")),
        "zj" => Some(include_str!("../../../config/demo/implementations-zj.toml")),
        _ => None,
    }
}

/// Creates the hub administrator `admin` with a new password.
async fn create_admin(store: &Store) -> anyhow::Result<DemoAccount> {
    let password = tongban_crypto::random_token(12);
    let operator = NewOperator {
        login_name: "admin".to_owned(),
        name: "演示管理员 Demo Administrator".to_owned(),
        password: password.clone(),
    };
    accounts::create_admin(store, &operator, "demo")
        .await
        .context("create the demo administrator")?;
    Ok(DemoAccount {
        instance: "hub".to_owned(),
        role: "admin".to_owned(),
        login: "admin".to_owned(),
        password,
    })
}

/// Issues the one-time token `member` enrols with.
pub(crate) async fn issue_token(hub: &Store, member: &Member<'_>) -> anyhow::Result<String> {
    let node = member.node.context("a node member has node facts")?;
    let kind = match node.kind {
        "department" => NodeKind::Department,
        _ => NodeKind::Region,
    };
    let enrolment = NewEnrolment {
        node_id: member.id.to_owned(),
        kind,
        division_code: node.division_code.to_owned(),
        name_zh: member.name_zh.to_owned(),
        name_en: member.name_en.to_owned(),
    };
    let issued =
        federation::issue_enrolment_token(hub, enrolment, ENROLMENT_TOKEN_LIFETIME, "demo")
            .await
            .with_context(|| format!("issue the enrolment token of {}", member.id))?;
    Ok(issued.token)
}

/// Creates the clerk `<node>-clerk` of `member` with a new password.
pub(crate) async fn create_clerk(
    store: &Store,
    member: &Member<'_>,
) -> anyhow::Result<DemoAccount> {
    let password = tongban_crypto::random_token(12);
    let login = format!("{}-clerk", member.id);
    let clerk = NewStaff {
        login_name: login.clone(),
        name: format!("{}窗口工作人员", member.name_zh),
        roles: ["intake", "reviewer", "approver", "supervisor", "admin"]
            .map(str::to_owned)
            .to_vec(),
        department: None,
    };
    staff::create_staff(store, &clerk, &password, "demo")
        .await
        .with_context(|| format!("create the demo clerk of {}", member.id))?;
    Ok(DemoAccount {
        instance: member.id.to_owned(),
        role: "clerk".to_owned(),
        login,
        password,
    })
}

/// Writes the configuration of `member` into the data folder and loads it back, so the demo
/// runs exactly what `tongban serve --config` would.
pub(crate) fn write_config(
    options: &DemoOptions,
    member: Member<'_>,
    port: u16,
    hub_port: u16,
) -> anyhow::Result<Config> {
    let data_dir = options.data_dir.join(member.id);
    std::fs::create_dir_all(&data_dir).with_context(|| format!("create {}", data_dir.display()))?;
    let hub_url = format!("http://127.0.0.1:{hub_port}");
    let reference = options
        .reference_data
        .as_ref()
        .map(|dir| format!("reference_data = {}\n", toml_string(dir)))
        .unwrap_or_default();
    let mut text = format!(
        "# Written by `tongban demo`; `tongban serve --config` runs it on its own.\n\
         role = \"{role}\"\n\n[instance]\nid = \"{id}\"\nname_zh = \"{name_zh}\"\nname_en = \"{name_en}\"\n\
         listen = \"127.0.0.1:{port}\"\npublic_url = \"http://127.0.0.1:{port}\"\ndata_dir = {data_dir}\n{reference}\n\
         [session]\n# The demo serves plain HTTP on loopback.\nsecure_cookie = false\n",
        role = if member.node.is_some() { "node" } else { "hub" },
        id = member.id,
        name_zh = member.name_zh,
        name_en = member.name_en,
        data_dir = toml_string(&data_dir),
    );
    match member.node {
        Some(node) => text.push_str(&format!(
            "\n[node]\nkind = \"{}\"\ndivision_code = \"{}\"\nnode_code = \"{}\"\nhub_url = \"{hub_url}\"\ntrust_list_refresh_seconds = 30\n",
            node.kind, node.division_code, node.node_code
        )),
        None => text.push_str("\n[hub]\n"),
    }
    let path = options.data_dir.join(format!("{}.toml", member.id));
    std::fs::write(&path, &text).with_context(|| format!("write {}", path.display()))?;
    Ok(Config::load(&path)?)
}

/// A path as a TOML basic string.
fn toml_string(path: &Path) -> String {
    toml::Value::String(path.display().to_string()).to_string()
}
