//! Hub operators and the administrator role, for the command line and the demo.

use std::fmt;

use chrono::Utc;
use serde_json::json;
use tongban_i18n::Message;
use tongban_store::Store;
use tongban_store::accounts::{self as stored, AccountKey, StoredAccount};
use tongban_store::audit::{self, NewAuditEvent};

use crate::ServiceError;
use crate::fields::{FieldErrors, single};
use crate::passwords;

use super::validate::{check_name, check_password};
use super::{Account, AccountType, AssuranceLevel, Role, field, new_account_id};

/// An operator account to create.
#[derive(Clone)]
pub struct NewOperator {
    /// Login name: 3 to 32 lowercase letters, digits, `.`, `_` or `-`, starting with a letter,
    /// so that it can never be mistaken for a phone or resident ID number.
    pub login_name: String,
    /// The operator's name, shown on pages.
    pub name: String,
    /// Password, at least eight characters.
    pub password: String,
}

impl fmt::Debug for NewOperator {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("NewOperator")
            .field("login_name", &self.login_name)
            .field("name", &self.name)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// Creates an operator account with the administrator role on behalf of `actor` (such as
/// `cli:root` or `demo`). The operator logs in at `/login` with the login name.
///
/// # Errors
/// [`ServiceError::Invalid`] for a login name, name or password that breaks its rule or a login
/// name in use; [`ServiceError::Password`] when hashing fails; [`ServiceError::Store`] when the
/// database fails.
pub async fn create_admin(
    store: &Store,
    operator: &NewOperator,
    actor: &str,
) -> Result<Account, ServiceError> {
    let mut errors = FieldErrors::new();
    let login_name = operator.login_name.trim().to_ascii_lowercase();
    if !is_login_name(&login_name) {
        errors.add(
            field::LOGIN_NAME,
            Message::new("account-login-name-format").arg("input", operator.login_name.as_str()),
        );
    }
    let name = check_name(&operator.name, field::NAME, None, &mut errors);
    let identifiers = [(
        login_name.as_str(),
        Message::new("account-password-is-login-name"),
    )];
    check_password(
        &operator.password,
        &operator.password,
        &identifiers,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }

    let password_hash = passwords::hash_password_blocking(operator.password.clone()).await?;
    let now = super::now_in_store_precision();
    let account = StoredAccount {
        id: new_account_id(),
        account_type: AccountType::Operator.as_str().to_owned(),
        name,
        resident_id: None,
        phone: None,
        login_name: Some(login_name),
        password_hash,
        assurance_level: AssuranceLevel::SelfAsserted.as_str().to_owned(),
        role: Role::Admin.as_str().to_owned(),
        created_at: now,
        updated_at: now,
    };
    let mut transaction = store.begin().await?;
    if let Err(error) = stored::insert_account(&mut *transaction, &account).await {
        if error.is_unique_violation() {
            return Err(ServiceError::Invalid(single(
                field::LOGIN_NAME,
                Message::new("account-login-name-taken"),
            )));
        }
        return Err(error.into());
    }
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "account.create_admin".to_owned(),
        subject: super::subject(&account.id),
        reason: None,
        details: Some(json!({ "login_name": account.login_name })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Account::from_stored(account)
}

/// Gives account `account_id` the role `role` on behalf of `actor`, for `reason`. Returns
/// whether the account exists.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn set_role(
    store: &Store,
    account_id: &str,
    role: Role,
    actor: &str,
    reason: &str,
) -> Result<bool, ServiceError> {
    let now = Utc::now();
    let mut transaction = store.begin().await?;
    let existing = stored::find_account(&mut *transaction, AccountKey::Id(account_id)).await?;
    let Some(existing) = existing else {
        return Ok(false);
    };
    stored::set_account_role(&mut *transaction, account_id, role.as_str(), now).await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "account.set_role".to_owned(),
        subject: super::subject(account_id),
        reason: Some(reason.to_owned()),
        details: Some(json!({ "from": existing.role, "to": role.as_str() })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Ok(true)
}

fn is_login_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (3..=32).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes.iter().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names() {
        for (name, valid) in [
            ("admin", true),
            ("ops.zhang_1", true),
            ("ab", false),
            ("1admin", false),
            ("admin!", false),
            ("管理员", false),
            (&"a".repeat(33), false),
        ] {
            assert_eq!(is_login_name(name), valid, "{name}");
        }
    }
}
