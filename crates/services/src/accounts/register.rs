//! A natural person registers an account.

use std::fmt;

use chrono::NaiveDate;
use serde_json::json;
use tongban_domain::RuleViolation;
use tongban_domain::ids::{Divisions, InputMode, RegionPolicy, ResidentId};
use tongban_i18n::Message;
use tongban_store::Store;
use tongban_store::accounts::{self as stored, AccountKey, StoredAccount};
use tongban_store::audit::{self, NewAuditEvent};

use crate::ServiceError;
use crate::fields::FieldErrors;
use crate::passwords;

use super::validate::{check_name, check_password, check_phone};
use super::{Account, AccountType, AssuranceLevel, Role, field, new_account_id};

/// The values a person types into the registration form.
#[derive(Clone, Default)]
pub struct Registration {
    /// Name as on the resident identity card.
    pub name: String,
    /// Resident ID number, as typed.
    pub resident_id: String,
    /// Mobile phone number, as typed.
    pub phone: String,
    /// Password.
    pub password: String,
    /// Password typed again.
    pub password_confirmation: String,
}

impl fmt::Debug for Registration {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Registration")
            .field("name", &self.name)
            .field("password", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// Registers a natural person with `self_asserted` assurance: one account per resident ID
/// number and per phone number. `today` is the date in China, which bounds the birth date.
///
/// # Errors
/// [`ServiceError::Invalid`] naming every field that breaks a rule, including a resident ID
/// number or phone number that another account has; [`ServiceError::Password`] when hashing
/// fails; [`ServiceError::Store`] when the database fails.
pub async fn register_natural_person(
    store: &Store,
    divisions: &Divisions,
    registration: &Registration,
    today: NaiveDate,
) -> Result<Account, ServiceError> {
    let mut errors = FieldErrors::new();
    let name = check_name(&registration.name, field::NAME, None, &mut errors);
    let resident_id = match ResidentId::parse(
        &registration.resident_id,
        InputMode::Form,
        divisions,
        today,
        RegionPolicy::default(),
    ) {
        Ok(id) => Some(id),
        Err(error) => {
            errors.add(field::RESIDENT_ID, error.message());
            None
        }
    };
    let phone = check_phone(&registration.phone, &mut errors);
    let mut identifiers = Vec::new();
    if let Some(id) = &resident_id {
        identifiers.push((id.as_str(), Message::new("account-password-is-resident-id")));
        if let Some(legacy) = id.legacy_number() {
            identifiers.push((legacy, Message::new("account-password-is-resident-id")));
        }
    }
    if let Some(phone) = &phone {
        identifiers.push((phone.as_str(), Message::new("account-password-is-phone")));
    }
    check_password(
        &registration.password,
        &registration.password_confirmation,
        &identifiers,
        &mut errors,
    );
    check_not_taken(store, resident_id.as_ref(), phone.as_deref(), &mut errors).await?;

    let (Some(resident_id), Some(phone)) = (resident_id, phone) else {
        return Err(ServiceError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }

    let password_hash = passwords::hash_password_blocking(registration.password.clone()).await?;
    let now = super::now_in_store_precision();
    let account = StoredAccount {
        id: new_account_id(),
        account_type: AccountType::NaturalPerson.as_str().to_owned(),
        name,
        resident_id: Some(resident_id.as_str().to_owned()),
        phone: Some(phone),
        login_name: None,
        password_hash,
        assurance_level: AssuranceLevel::SelfAsserted.as_str().to_owned(),
        role: Role::User.as_str().to_owned(),
        created_at: now,
        updated_at: now,
    };
    let mut transaction = store.begin().await?;
    if let Err(error) = stored::insert_account(&mut *transaction, &account).await {
        if error.is_unique_violation() {
            // Someone registered the same number between the check above and this insert.
            let mut errors = FieldErrors::new();
            check_not_taken(
                store,
                Some(&resident_id),
                account.phone.as_deref(),
                &mut errors,
            )
            .await?;
            if !errors.is_empty() {
                return Err(ServiceError::Invalid(errors));
            }
        }
        return Err(error.into());
    }
    let event = NewAuditEvent {
        occurred_at: now,
        actor: super::actor(&account.id),
        action: "account.register".to_owned(),
        subject: super::subject(&account.id),
        reason: None,
        details: Some(json!({
            "account_type": account.account_type,
            "assurance_level": account.assurance_level,
        })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    tracing::info!(account = %account.id, "natural person registered");
    Account::from_stored(account)
}

/// Records an error for a resident ID number or phone number another account has.
async fn check_not_taken(
    store: &Store,
    resident_id: Option<&ResidentId>,
    phone: Option<&str>,
    errors: &mut FieldErrors,
) -> Result<(), ServiceError> {
    if let Some(id) = resident_id {
        let existing =
            stored::find_account(store.pool(), AccountKey::ResidentId(id.as_str())).await?;
        if existing.is_some() {
            errors.add(
                field::RESIDENT_ID,
                Message::new("account-resident-id-taken"),
            );
        }
    }
    if let Some(phone) = phone {
        let existing = stored::find_account(store.pool(), AccountKey::Phone(phone)).await?;
        if existing.is_some() {
            errors.add(field::PHONE, Message::new("account-phone-taken"));
        }
    }
    Ok(())
}
