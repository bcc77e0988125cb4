//! Legal persons (法人) and their agents (经办人): a natural person registers a legal person and
//! thereby becomes its first agent, and chooses at login to act for it.
//!
//! A legal person has no password of its own in this version: it only ever acts through an
//! agent's account.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_domain::RuleViolation;
use tongban_domain::ids::{CreditCode, Divisions, InputMode};
use tongban_i18n::Message;
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::legal_persons::{self as stored, MandateInForce, StoredLegalPerson};

use crate::ServiceError;
use crate::accounts::{Account, AccountType, ActingFor};
use crate::fields::{FieldErrors, single};

/// Form field names of the legal-person form.
pub mod field {
    /// The unified social credit code.
    pub const CREDIT_CODE: &str = "credit_code";
    /// The registered name.
    pub const NAME: &str = "legal_person_name";
}

/// Most characters of a registered name; the longest names of enterprises stay below it.
const MAX_NAME_CHARS: usize = 100;

/// The values an agent types to register a legal person.
#[derive(Debug, Clone, Default)]
pub struct LegalPersonForm {
    /// Unified social credit code, as typed.
    pub credit_code: String,
    /// Registered name, as on the business licence.
    pub name: String,
}

/// A mandate in force: the agent may act for this legal person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mandate {
    /// The legal person.
    pub legal_person: ActingFor,
    /// When the mandate was granted.
    pub granted_at: DateTime<Utc>,
    /// The actor who granted it, such as `account:<id>`.
    pub granted_by: String,
}

impl From<MandateInForce> for Mandate {
    fn from(stored: MandateInForce) -> Mandate {
        Mandate {
            legal_person: ActingFor {
                credit_code: stored.credit_code,
                name: stored.legal_person_name,
            },
            granted_at: stored.granted_at,
            granted_by: stored.granted_by,
        }
    }
}

/// Registers the legal person of `form`, with `agent` as its first agent.
///
/// # Errors
/// [`ServiceError::NotAllowed`] when `agent` is not a natural person; [`ServiceError::Invalid`]
/// for a credit code or name that breaks its rule, or a credit code registered already;
/// [`ServiceError::Store`] when the database fails.
pub async fn register_legal_person(
    store: &Store,
    divisions: &Divisions,
    agent: &Account,
    form: &LegalPersonForm,
) -> Result<ActingFor, ServiceError> {
    if agent.account_type != AccountType::NaturalPerson {
        return Err(ServiceError::NotAllowed(
            "only a natural person can be the agent of a legal person".to_owned(),
        ));
    }
    let mut errors = FieldErrors::new();
    let credit_code = match CreditCode::parse(&form.credit_code, InputMode::Form, divisions) {
        Ok(code) => Some(code),
        Err(error) => {
            errors.add(field::CREDIT_CODE, error.message());
            None
        }
    };
    let name = form.name.trim().to_owned();
    let name_chars = name.chars().count();
    if name.is_empty() {
        errors.add(field::NAME, Message::new("legal-person-name-missing"));
    } else if name_chars > MAX_NAME_CHARS {
        errors.add(
            field::NAME,
            Message::new("legal-person-name-too-long")
                .arg("max", MAX_NAME_CHARS)
                .arg("found", name_chars),
        );
    } else if name.chars().any(char::is_control) {
        errors.add(field::NAME, Message::new("legal-person-name-characters"));
    }
    let Some(credit_code) = credit_code else {
        return Err(ServiceError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }

    let now = Utc::now();
    let legal_person = StoredLegalPerson {
        credit_code: credit_code.as_str().to_owned(),
        name,
        registered_by: agent.id.clone(),
        registered_at: now,
    };
    let taken = || {
        ServiceError::Invalid(single(
            field::CREDIT_CODE,
            Message::new("legal-person-taken"),
        ))
    };
    if stored::find_legal_person(store.pool(), &legal_person.credit_code)
        .await?
        .is_some()
    {
        return Err(taken());
    }
    let mut transaction = store.begin().await?;
    if let Err(error) = stored::insert_legal_person(&mut *transaction, &legal_person).await {
        return Err(if error.is_unique_violation() {
            taken()
        } else {
            error.into()
        });
    }
    stored::insert_mandate(
        &mut *transaction,
        &agent.id,
        &legal_person.credit_code,
        now,
        &agent.actor(),
    )
    .await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: agent.actor(),
        action: "legal_person.register".to_owned(),
        subject: subject(&legal_person.credit_code),
        reason: None,
        details: Some(json!({ "name": legal_person.name, "first_agent": agent.id })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Ok(ActingFor {
        credit_code: legal_person.credit_code,
        name: legal_person.name,
    })
}

/// Returns the mandates in force of `account_id`, ordered by the legal person's name.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn list_mandates(store: &Store, account_id: &str) -> Result<Vec<Mandate>, ServiceError> {
    let mandates = stored::list_mandates_in_force(store.pool(), account_id).await?;
    Ok(mandates.into_iter().map(Mandate::from).collect())
}

/// Returns the legal person `credit_code` if `account_id` has a mandate in force for it.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn mandate_in_force(
    store: &Store,
    account_id: &str,
    credit_code: &str,
) -> Result<Option<ActingFor>, ServiceError> {
    let mandate = stored::find_mandate_in_force(store.pool(), account_id, credit_code).await?;
    Ok(mandate.map(|mandate| Mandate::from(mandate).legal_person))
}

/// Makes `agent_id` an agent of `credit_code`, on behalf of `granting`, who must be one.
///
/// # Errors
/// [`ServiceError::NotAllowed`] when `granting` has no mandate for the legal person;
/// [`ServiceError::Invalid`] when `agent_id` has one already; [`ServiceError::Store`] when
/// the database fails, including for an unknown `agent_id`.
pub async fn grant_mandate(
    store: &Store,
    granting: &Account,
    credit_code: &str,
    agent_id: &str,
) -> Result<(), ServiceError> {
    if mandate_in_force(store, &granting.id, credit_code)
        .await?
        .is_none()
    {
        return Err(ServiceError::NotAllowed(format!(
            "account {} has no mandate in force for {credit_code}",
            granting.id
        )));
    }
    let now = Utc::now();
    let mut transaction = store.begin().await?;
    let inserted = stored::insert_mandate(
        &mut *transaction,
        agent_id,
        credit_code,
        now,
        &granting.actor(),
    )
    .await;
    if let Err(error) = inserted {
        return Err(if error.is_unique_violation() {
            ServiceError::Invalid(single(
                field::CREDIT_CODE,
                Message::new("legal-person-mandate-exists"),
            ))
        } else {
            error.into()
        });
    }
    let event = NewAuditEvent {
        occurred_at: now,
        actor: granting.actor(),
        action: "legal_person.grant_mandate".to_owned(),
        subject: subject(credit_code),
        reason: None,
        details: Some(json!({ "agent": agent_id })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Ok(())
}

/// Ends the mandate of `agent_id` for `credit_code` on behalf of `actor`, for `reason`.
/// Returns whether a mandate was in force.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn revoke_mandate(
    store: &Store,
    agent_id: &str,
    credit_code: &str,
    actor: &str,
    reason: &str,
) -> Result<bool, ServiceError> {
    let now = Utc::now();
    let mut transaction = store.begin().await?;
    let revoked =
        stored::revoke_mandate(&mut *transaction, agent_id, credit_code, now, actor).await?;
    if revoked {
        let event = NewAuditEvent {
            occurred_at: now,
            actor: actor.to_owned(),
            action: "legal_person.revoke_mandate".to_owned(),
            subject: subject(credit_code),
            reason: Some(reason.to_owned()),
            details: Some(json!({ "agent": agent_id })),
        };
        audit::record_event(&mut *transaction, &event).await?;
    }
    tongban_store::commit(transaction).await?;
    Ok(revoked)
}

/// Records that `account` now acts for the legal person `credit_code`, or for themselves when
/// it is `None`, and returns what the session must carry.
///
/// # Errors
/// [`ServiceError::NotAllowed`] when the account has no mandate in force for `credit_code`;
/// [`ServiceError::Store`] when the database fails.
pub async fn choose_acting_for(
    store: &Store,
    account: &Account,
    credit_code: Option<&str>,
) -> Result<Option<ActingFor>, ServiceError> {
    let acting_for = match credit_code {
        Some(code) => Some(
            mandate_in_force(store, &account.id, code)
                .await?
                .ok_or_else(|| {
                    ServiceError::NotAllowed(format!(
                        "account {} has no mandate in force for {code}",
                        account.id
                    ))
                })?,
        ),
        None => None,
    };
    let event = NewAuditEvent {
        occurred_at: Utc::now(),
        actor: account.actor(),
        action: "account.choose_acting_for".to_owned(),
        subject: account.subject(),
        reason: None,
        details: Some(
            json!({ "acting_for": acting_for.as_ref().map(|acting| &acting.credit_code) }),
        ),
    };
    audit::record_event(store.pool(), &event).await?;
    Ok(acting_for)
}

/// Returns the audit subject of the legal person `credit_code`.
pub fn subject(credit_code: &str) -> String {
    format!("legal_person/{credit_code}")
}
