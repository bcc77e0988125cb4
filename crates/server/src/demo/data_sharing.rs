//! The demo's data sharing: the population registry at the 公安部 node `mps`, its identity
//! check in the hub's data resource catalog, and an approved grant for the hub's real-name
//! verification at registration. Nodes request their grants through the staff API.

use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use tongban_domain::ids::Divisions;
use tongban_services::data_sharing::catalog::{self, IDENTITY_SERVICE};
use tongban_services::data_sharing::grants::{self, Decision, NewGrantRequest};
use tongban_services::data_sharing::population;
use tongban_services::passage::Passage;
use tongban_store::data_sharing::grants as stored_grants;

use crate::instance::Instance;

/// How long the demo waits for a grant message to cross the passage.
const PASSAGE_WAIT: Duration = Duration::from_secs(30);

/// The node that hosts the population registry.
pub const REGISTRY_NODE: &str = "mps";

/// Sets up data sharing on the first start of the demo: `instances` is the hub followed by
/// the nodes.
///
/// # Errors
/// When the registry cannot be seeded, or a message does not cross the passage in time.
pub async fn set_up(instances: &[Instance], divisions: &Divisions) -> anyhow::Result<()> {
    let hub = instances.first().context("the demo has no hub")?;
    let mps = instance(instances, REGISTRY_NODE)?;
    let people =
        population::generate_people(divisions, population::DEMO_SIZE, population::DEMO_SEED)
            .context("generate the population registry")?;
    population::seed_registry(&mps.store, &people)
        .await
        .context("seed the population registry")?;

    let entry = catalog::identity_service(REGISTRY_NODE, Utc::now());
    retry("publish the identity check", || {
        catalog::publish(&mps.passage, &entry)
    })
    .await?;
    let grant = approve(
        &hub.passage,
        &mps.passage,
        "注册时实名认证",
        vec!["identity_match".to_owned()],
    )
    .await?;
    // Registration checks the registry as soon as the demo is up, so the hub must have the
    // decision and the catalog entry by then.
    wait_for_status(&hub.passage, &grant, "approved").await?;
    wait_for_catalog(&hub.passage).await
}

fn instance<'a>(instances: &'a [Instance], id: &str) -> anyhow::Result<&'a Instance> {
    instances
        .iter()
        .find(|instance| instance.passage.instance_id() == id)
        .with_context(|| format!("the demo has no instance {id}"))
}

/// Requests a grant of the identity check for `consumer` and approves it at `provider` once
/// the request arrives; returns the grant's id.
async fn approve(
    consumer: &Passage,
    provider: &Passage,
    purpose: &str,
    fields: Vec<String>,
) -> anyhow::Result<String> {
    let request = NewGrantRequest {
        service_id: IDENTITY_SERVICE.to_owned(),
        provider_node: REGISTRY_NODE.to_owned(),
        purpose: purpose.to_owned(),
        legal_basis: "《国务院关于在线政务服务的若干规定》（国务院令第716号）第七条".to_owned(),
        fields,
        valid_until: Utc::now() + chrono::Duration::days(365),
        rate_limit_per_minute: 600,
        requested_by: "demo".to_owned(),
    };
    let grant = retry("request a grant", || {
        grants::request_grant(consumer, &request)
    })
    .await?;
    wait_for_status(provider, &grant.id, "requested").await?;
    let decision = Decision {
        approve: true,
        fields: None,
        valid_until: None,
        rate_limit_per_minute: None,
        decided_by: "demo".to_owned(),
        reason: Some("演示数据 Demo data".to_owned()),
    };
    grants::decide_grant(provider, &grant.id, &decision)
        .await
        .with_context(|| format!("approve grant {}", grant.id))?;
    Ok(grant.id)
}

async fn wait_for_status(passage: &Passage, grant_id: &str, status: &str) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + PASSAGE_WAIT;
    loop {
        let grant = stored_grants::find_grant(passage.store().pool(), grant_id).await?;
        if grant.is_some_and(|grant| grant.status == status) {
            return Ok(());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "grant {grant_id} is not {status} at {} after {PASSAGE_WAIT:?}",
            passage.instance_id()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_for_catalog(hub: &Passage) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + PASSAGE_WAIT;
    while catalog::find_service(hub.store(), IDENTITY_SERVICE)
        .await?
        .is_none()
    {
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "{IDENTITY_SERVICE} is not in the hub's catalog after {PASSAGE_WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Runs `step` until it succeeds, for up to [`PASSAGE_WAIT`]: a node that has just enrolled
/// may not have cached the hub's trust list yet.
async fn retry<T, E, F, Fut>(what: &str, mut step: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
    E: std::fmt::Display,
{
    let deadline = tokio::time::Instant::now() + PASSAGE_WAIT;
    loop {
        match step().await {
            Ok(value) => return Ok(value),
            Err(error) if tokio::time::Instant::now() < deadline => {
                tracing::debug!(%error, what, "demo data sharing step failed, retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(error) => anyhow::bail!("{what}: {error}"),
        }
    }
}
