//! Starts the simulated federation: a hub and one node per province, each with its own
//! SQLite file under one data folder, on free loopback ports.

use std::net::{Ipv4Addr, SocketAddr};

use anyhow::Context;
use tokio::net::TcpListener;
use tongban_domain::ids::Divisions;
use tongban_node::CaseDesk;
use tongban_refdata::CatalogLoad;
use tongban_services::cases::Clerk;
use tongban_services::staff::{self, NewStaff};
use tongban_store::Store;

use super::provinces::{self, Province};
use crate::Secret;
use crate::demo::{self, DemoOptions, Member, NodeFacts};
use crate::instance::{self, Instance};

/// A node of the simulation with what its clerk needs.
#[derive(Debug)]
pub struct SimNode {
    /// The province it serves.
    pub province: Province,
    /// The running instance.
    pub instance: Instance,
    /// Its case use cases.
    pub desk: CaseDesk,
    /// The clerk who handles every case of the node.
    pub clerk: Clerk,
}

/// The running federation.
#[derive(Debug)]
pub struct Federation {
    /// The hub.
    pub hub: Instance,
    /// The nodes, in the order of the provinces given.
    pub nodes: Vec<SimNode>,
}

impl Federation {
    /// Stops the nodes, then the hub.
    pub async fn stop(self) {
        for node in self.nodes.into_iter().rev() {
            node.instance.stop().await;
        }
        self.hub.stop().await;
    }
}

/// Names of a node's portal.
struct PortalNames {
    zh: String,
    en: String,
}

/// Starts a hub and a node for each of `provinces`. Node `i` offers the items of node
/// `i + 1` (the last offers the first's), so every node both sends and receives
/// cross-province applications. `catalog` goes into the hub whole; each node gets only the
/// entries it implements.
///
/// # Errors
/// When a port cannot be bound, a folder or database cannot be written or an instance fails
/// to start.
pub async fn start(
    options: &DemoOptions,
    provinces: &[Province],
    divisions: &Divisions,
    catalog: &CatalogLoad,
) -> anyhow::Result<Federation> {
    let names: Vec<PortalNames> = provinces
        .iter()
        .map(|province| portal_names(province, divisions))
        .collect();
    let members: Vec<Member<'_>> = provinces
        .iter()
        .zip(&names)
        .map(|(province, names)| node_member(province, names))
        .collect();

    let hub_listener = bind().await?;
    let hub_port = hub_listener.local_addr()?.port();
    let hub_config = demo::write_config(options, demo::MEMBERS[0], hub_port, hub_port)?;
    let hub_store = Store::connect(&hub_config.database_url()).await?;
    tongban_services::catalog_import::import_catalog(&hub_store, catalog, "simulate", |_| {})
        .await
        .context("import the catalog into the hub")?;
    hub_store.pool().close().await;
    let hub = instance::start(&hub_config, hub_listener).await?;

    let node_catalog = CatalogLoad {
        items: catalog
            .items
            .iter()
            .filter(|entry| {
                provinces::ITEMS
                    .iter()
                    .any(|item| item.record_id == entry.record_id)
            })
            .cloned()
            .collect(),
        rejected: Vec::new(),
        files: Vec::new(),
    };
    let mut nodes = Vec::with_capacity(provinces.len());
    for (index, (province, member)) in provinces.iter().zip(&members).enumerate() {
        let handler = &provinces[(index + 1) % provinces.len()];
        let list = provinces::implementation_list(province, handler, &|code| {
            province_name(divisions, code)
        });
        let node = start_node(options, (&hub, hub_port), member, &node_catalog, &list).await?;
        nodes.push(SimNode {
            province: *province,
            clerk: node.1,
            desk: node
                .0
                .case_desk
                .clone()
                .context("a node has case use cases")?,
            instance: node.0,
        });
    }
    for node in &nodes {
        wait_for_seal(node).await?;
    }
    Ok(Federation { hub, nodes })
}

/// Waits until the hub has certified the seals of the node's departments and the node has
/// a trust list, which happens in the node's first seconds; before, approval cannot issue the
/// e-certificate.
async fn wait_for_seal(node: &SimNode) -> anyhow::Result<()> {
    let store = &node.instance.store;
    let deadline = tokio::time::Instant::now() + SEAL_WAIT;
    loop {
        let mut certified = true;
        for item in &provinces::ITEMS {
            let code = provinces::department_code(&node.province, item);
            let seal = tongban_store::department_seals::find_seal(store.pool(), &code).await?;
            certified &= seal.is_some_and(|seal| seal.certified.is_some());
        }
        let listed = tongban_services::federation::cached_trust_list(store, chrono::Utc::now())
            .await
            .is_ok_and(|list| list.is_some());
        if certified && listed {
            return Ok(());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the hub did not certify the seals of {} within {} s",
            node.province.id,
            SEAL_WAIT.as_secs()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// How long a node may take to have its seal certified.
const SEAL_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Prepares the database of one node, enrols it with `hub` and starts it with its clerk.
async fn start_node(
    options: &DemoOptions,
    (hub, hub_port): (&Instance, u16),
    member: &Member<'_>,
    catalog: &CatalogLoad,
    list: &str,
) -> anyhow::Result<(Instance, Clerk)> {
    let listener = bind().await?;
    let port = listener.local_addr()?.port();
    let mut config = demo::write_config(options, *member, port, hub_port)?;

    let store = Store::connect(&config.database_url()).await?;
    tongban_services::catalog_import::import_catalog(&store, catalog, "simulate", |_| {})
        .await
        .with_context(|| format!("import the catalog into {}", member.id))?;
    tongban_services::implementations::import_list(&store, list, "simulate")
        .await
        .with_context(|| format!("load the implementation list of {}", member.id))?;
    let clerk = create_clerk(&store, member).await?;
    store.pool().close().await;

    let token = demo::issue_token(&hub.store, member).await?;
    if let Some(node) = config.node.as_mut() {
        node.enrolment_token = Some(Secret::new(token));
    }
    let instance = instance::start(&config, listener).await?;
    Ok((instance, clerk))
}

/// Creates the node's clerk with every role of case handling. Nobody logs in as the clerk,
/// so the password is generated and forgotten.
async fn create_clerk(store: &Store, member: &Member<'_>) -> anyhow::Result<Clerk> {
    let clerk = NewStaff {
        login_name: format!("{}-clerk", member.id),
        name: format!("{}模拟工作人员", member.name_zh),
        roles: ["intake", "reviewer", "approver"]
            .map(str::to_owned)
            .to_vec(),
        department: None,
    };
    let password = tongban_crypto::random_token(16);
    staff::create_staff(store, &clerk, &password, "simulate")
        .await
        .with_context(|| format!("create the clerk of {}", member.id))
}

fn node_member<'a>(province: &'a Province, names: &'a PortalNames) -> Member<'a> {
    Member {
        id: province.id,
        offset: 0,
        name_zh: &names.zh,
        name_en: &names.en,
        node: Some(NodeFacts {
            kind: "region",
            division_code: province.code,
            node_code: province.code,
        }),
    }
}

fn portal_names(province: &Province, divisions: &Divisions) -> PortalNames {
    PortalNames {
        zh: format!(
            "{}政务服务网（模拟）",
            province_name(divisions, province.code)
        ),
        en: format!("{} Government Services (simulated)", province.name_en),
    }
}

/// Returns the Chinese name of the province-level division `code` in use today.
fn province_name(divisions: &Divisions, code: &str) -> String {
    divisions
        .records()
        .iter()
        .find(|record| record.code.to_string() == code && record.end_year.is_none())
        .map_or_else(|| code.to_owned(), |record| record.name.clone())
}

async fn bind() -> anyhow::Result<TcpListener> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .context("bind a loopback port")
}
