//! Accounts of the hub's unified identity: natural persons who register themselves, and hub
//! operators created from the command line.

mod login;
mod operators;
mod register;
mod validate;

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use tongban_store::Store;
use tongban_store::accounts::{self as stored, AccountKey, StoredAccount};

use crate::ServiceError;

pub use login::{LoginOutcome, LoginPolicy, log_in, record_log_out};
pub use operators::{NewOperator, create_admin, set_role};
pub use register::{Registration, register_natural_person};
pub use validate::{MIN_PASSWORD_CHARS, normalise_phone};

/// Form field names, shared by the use cases' errors and the pages that show them.
pub mod field {
    /// The person's name.
    pub const NAME: &str = "name";
    /// The resident ID number.
    pub const RESIDENT_ID: &str = "resident_id";
    /// The mobile phone number.
    pub const PHONE: &str = "phone";
    /// The password.
    pub const PASSWORD: &str = "password";
    /// The password typed a second time.
    pub const PASSWORD_CONFIRMATION: &str = "password_confirmation";
    /// An operator's login name.
    pub const LOGIN_NAME: &str = "login_name";
}

/// The kind of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    /// A natural person (自然人), identified by a resident ID number.
    NaturalPerson,
    /// A hub operator, identified by a login name.
    Operator,
}

impl AccountType {
    /// Returns the stored and claimed form, such as `natural_person`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountType::NaturalPerson => "natural_person",
            AccountType::Operator => "operator",
        }
    }

    fn parse(text: &str) -> Option<AccountType> {
        match text {
            "natural_person" => Some(AccountType::NaturalPerson),
            "operator" => Some(AccountType::Operator),
            _ => None,
        }
    }
}

/// The assurance that an account belongs to the person it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssuranceLevel {
    /// The person typed their name and resident ID number, which were not checked yet.
    SelfAsserted,
    /// The population registry confirmed that name and resident ID number belong together.
    RegistryVerified,
}

impl AssuranceLevel {
    /// Returns the stored and claimed form, such as `self_asserted`.
    pub fn as_str(self) -> &'static str {
        match self {
            AssuranceLevel::SelfAsserted => "self_asserted",
            AssuranceLevel::RegistryVerified => "registry_verified",
        }
    }

    fn parse(text: &str) -> Option<AssuranceLevel> {
        match text {
            "self_asserted" => Some(AssuranceLevel::SelfAsserted),
            "registry_verified" => Some(AssuranceLevel::RegistryVerified),
            _ => None,
        }
    }
}

/// The role of an account at the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Uses the portal and logs in to relying parties.
    User,
    /// Also administers the hub.
    Admin,
}

impl Role {
    /// Returns the stored form, such as `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Admin => "admin",
        }
    }

    fn parse(text: &str) -> Option<Role> {
        match text {
            "user" => Some(Role::User),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// An account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Stable random id: the `sub` claim.
    pub id: String,
    /// Natural person or operator.
    pub account_type: AccountType,
    /// Name of the person.
    pub name: String,
    /// Canonical resident ID number of a natural person.
    pub resident_id: Option<String>,
    /// Mobile phone number of a natural person.
    pub phone: Option<String>,
    /// Login name of an operator.
    pub login_name: Option<String>,
    /// The assurance level of the identity.
    pub assurance_level: AssuranceLevel,
    /// The role.
    pub role: Role,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

impl Account {
    /// Returns the actor recorded in the audit trail for what this account does.
    pub fn actor(&self) -> String {
        actor(&self.id)
    }

    /// Returns the subject under which the audit trail records changes of this account.
    pub fn subject(&self) -> String {
        subject(&self.id)
    }

    pub(crate) fn from_stored(stored: StoredAccount) -> Result<Account, ServiceError> {
        let invalid = |field: &'static str, value: &str| ServiceError::InvalidStoredAccount {
            account_id: stored.id.clone(),
            field,
            value: value.to_owned(),
        };
        let account_type = AccountType::parse(&stored.account_type)
            .ok_or_else(|| invalid("account_type", &stored.account_type))?;
        let assurance_level = AssuranceLevel::parse(&stored.assurance_level)
            .ok_or_else(|| invalid("assurance_level", &stored.assurance_level))?;
        let role = Role::parse(&stored.role).ok_or_else(|| invalid("role", &stored.role))?;
        Ok(Account {
            id: stored.id,
            account_type,
            name: stored.name,
            resident_id: stored.resident_id,
            phone: stored.phone,
            login_name: stored.login_name,
            assurance_level,
            role,
            created_at: stored.created_at,
        })
    }
}

/// The legal person an agent acts for: what the hub session and the tokens carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActingFor {
    /// Unified social credit code.
    pub credit_code: String,
    /// Registered name.
    pub name: String,
}

/// Returns the account `id`.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails, [`ServiceError::InvalidStoredAccount`] for
/// a row with a value this version does not know.
pub async fn find_account(store: &Store, id: &str) -> Result<Option<Account>, ServiceError> {
    stored::find_account(store.pool(), AccountKey::Id(id))
        .await?
        .map(Account::from_stored)
        .transpose()
}

/// Returns the audit actor of account `id`.
pub fn actor(id: &str) -> String {
    format!("account:{id}")
}

/// Returns the audit subject of account `id`.
pub fn subject(id: &str) -> String {
    format!("account/{id}")
}

/// Returns the current time at the millisecond precision the store keeps, so an account returned
/// at creation equals the one read back later.
fn now_in_store_precision() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

/// Returns a new account id: 128 random bits, base64url. It reveals nothing about the person,
/// so relying parties can store and show it freely.
fn new_account_id() -> String {
    tongban_crypto::random_token(16)
}
