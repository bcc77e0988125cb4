//! The data resource catalog (数据资源目录): a provider node publishes its data services to
//! the hub, which lists every node's.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tongban_store::Store;
use tongban_store::data_sharing::services::{self as stored, DataService};
use tongban_store::passage::StoreConnection;

use super::{DataSharingError, body_of, parse_body};
use crate::passage::{
    BoxFuture, HandlerError, IncomingMessage, MessageHandler, OutgoingMessage, Passage, enqueue,
};

/// The message type of a published data service, from its provider to the hub.
pub const PUBLISH_TYPE: &str = "data.service.publish";

/// The id of the identity check of the population registry.
pub const IDENTITY_SERVICE: &str = "population.identity";

/// The fields of `population.identity`: whether name and number match, and what the
/// registry has about a person who matches.
pub const IDENTITY_FIELDS: [&str; 4] =
    ["identity_match", "birth_date", "sex", "household_division"];

/// The sharing classes of GB/T 39046's data catalog: free to every platform, with a grant for
/// a purpose, or not at all.
pub const SHARING_CLASSES: [&str; 3] = ["unconditional", "conditional", "not_shareable"];

/// A data service as published and listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    /// Such as `population.identity`.
    pub id: String,
    /// Node id of the provider.
    pub provider_node: String,
    /// Providing department in Simplified Chinese.
    pub provider_department_zh: String,
    /// Providing department in English.
    pub provider_department_en: String,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// The field names it returns.
    pub fields: Vec<String>,
    /// `unconditional`, `conditional` or `not_shareable`.
    pub sharing_class: String,
    /// The law or regulation that allows the sharing.
    pub legal_basis: String,
    /// When it was published.
    pub published_at: DateTime<Utc>,
}

impl ServiceEntry {
    fn check(&self) -> Result<(), DataSharingError> {
        if !SHARING_CLASSES.contains(&self.sharing_class.as_str()) {
            return Err(DataSharingError::Invalid(format!(
                "sharing class {:?} is not one of {SHARING_CLASSES:?}",
                self.sharing_class
            )));
        }
        if self.id.is_empty() || self.fields.is_empty() {
            return Err(DataSharingError::Invalid(
                "a data service needs an id and at least one field".to_owned(),
            ));
        }
        Ok(())
    }

    fn to_stored(&self) -> Result<DataService, DataSharingError> {
        Ok(DataService {
            id: self.id.clone(),
            provider_node: self.provider_node.clone(),
            provider_department_zh: self.provider_department_zh.clone(),
            provider_department_en: self.provider_department_en.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            fields: serde_json::to_string(&self.fields).map_err(DataSharingError::Encode)?,
            sharing_class: self.sharing_class.clone(),
            legal_basis: self.legal_basis.clone(),
            published_at: self.published_at,
        })
    }

    fn from_stored(service: DataService) -> ServiceEntry {
        ServiceEntry {
            fields: super::field_list(&service.fields),
            id: service.id,
            provider_node: service.provider_node,
            provider_department_zh: service.provider_department_zh,
            provider_department_en: service.provider_department_en,
            name_zh: service.name_zh,
            name_en: service.name_en,
            sharing_class: service.sharing_class,
            legal_basis: service.legal_basis,
            published_at: service.published_at,
        }
    }
}

/// Returns the entry of the population registry's identity check, provided by `node`.
pub fn identity_service(node: &str, now: DateTime<Utc>) -> ServiceEntry {
    ServiceEntry {
        id: IDENTITY_SERVICE.to_owned(),
        provider_node: node.to_owned(),
        provider_department_zh: "公安部".to_owned(),
        provider_department_en: "Ministry of Public Security".to_owned(),
        name_zh: "人口基础信息身份核验".to_owned(),
        name_en: "Population registry identity check".to_owned(),
        fields: IDENTITY_FIELDS
            .iter()
            .map(|&field| field.to_owned())
            .collect(),
        sharing_class: "conditional".to_owned(),
        legal_basis: "《国务院关于在线政务服务的若干规定》（国务院令第716号）第七条".to_owned(),
        published_at: now,
    }
}

/// Publishes `entry` of this node: stores it here, where grants and queries are checked
/// against it, and sends it to the hub's catalog.
///
/// # Errors
/// [`DataSharingError::Invalid`] for an entry that breaks a rule or is not this node's,
/// [`DataSharingError::Store`] or [`DataSharingError::Passage`] when storing or sending fails.
pub async fn publish(passage: &Passage, entry: &ServiceEntry) -> Result<(), DataSharingError> {
    entry.check()?;
    if entry.provider_node != passage.instance_id() {
        return Err(DataSharingError::Invalid(format!(
            "data service {} is provided by {}, not by {}",
            entry.id,
            entry.provider_node,
            passage.instance_id()
        )));
    }
    let mut transaction = passage.store().begin().await?;
    stored::upsert_service(&mut *transaction, &entry.to_stored()?).await?;
    let hub = super::hub_of(&mut transaction).await?;
    let message = OutgoingMessage {
        receiver: &hub,
        message_type: PUBLISH_TYPE,
        ordering_key: &format!("data-service-{}", entry.id),
        body: body_of(entry)?,
    };
    enqueue(&mut transaction, passage, message).await?;
    tongban_store::commit(transaction).await?;
    passage.wake();
    tracing::info!(service = %entry.id, "data service published");
    Ok(())
}

/// Returns every data service this instance has: the whole catalog at the hub, its own at
/// a node.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn list_services(store: &Store) -> Result<Vec<ServiceEntry>, DataSharingError> {
    let services = stored::list_services(store.pool()).await?;
    Ok(services
        .into_iter()
        .map(ServiceEntry::from_stored)
        .collect())
}

/// Returns data service `id`.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn find_service(
    store: &Store,
    id: &str,
) -> Result<Option<ServiceEntry>, DataSharingError> {
    let service = stored::find_service(store.pool(), id).await?;
    Ok(service.map(ServiceEntry::from_stored))
}

/// Stores at the hub the data service a node published. A node may publish only its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublishHandler;

impl MessageHandler for PublishHandler {
    fn check(&self, body: &Map<String, Value>) -> Result<(), HandlerError> {
        parse_body::<ServiceEntry>("data service", body).map(|_| ())
    }

    fn apply<'a>(
        &'a self,
        connection: &'a mut StoreConnection,
        message: &'a IncomingMessage,
    ) -> BoxFuture<'a, Result<(), HandlerError>> {
        Box::pin(async move {
            let entry: ServiceEntry = parse_body("data service", &message.body)?;
            if entry.provider_node != message.sender {
                return Err(HandlerError::Rejected(format!(
                    "{} may not publish data service {} of {}",
                    message.sender, entry.id, entry.provider_node
                )));
            }
            entry
                .check()
                .map_err(|error| HandlerError::Rejected(error.to_string()))?;
            let stored = entry
                .to_stored()
                .map_err(|error| HandlerError::Rejected(error.to_string()))?;
            stored::upsert_service(&mut *connection, &stored).await?;
            tracing::info!(service = %entry.id, provider = %message.sender,
                "data service added to the catalog");
            Ok(())
        })
    }
}
