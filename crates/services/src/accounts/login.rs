//! Logging in with a resident ID number, phone number or operator login name and a password,
//! with failures counted and keys locked in the database so every hub instance agrees.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use tongban_domain::ids::{Divisions, InputMode, RegionPolicy, ResidentId};
use tongban_domain::time::today_in_china;
use tongban_store::Store;
use tongban_store::accounts::{self as stored, AccountKey, StoredAccount};
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::login_throttle::{self, ThrottleRule};

use crate::ServiceError;
use crate::passwords::{self, PasswordError};

use super::validate::{MAX_PASSWORD_CHARS, normalise_phone};
use super::{Account, actor, subject};

/// When failed logins lock an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginPolicy {
    /// Failed logins within `window` that lock the account.
    pub max_failures: u32,
    /// Time from the first counted failure in which failures add up.
    pub window: Duration,
    /// Time a lock lasts.
    pub lockout: Duration,
}

/// The outcome of a login attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The password matched.
    LoggedIn(Account),
    /// The identifier or the password is wrong. The outcome does not say which one.
    Rejected,
    /// Too many failures: no login is tried until `until`. An identifier that names no account
    /// locks in the same way, so a lock reveals nothing about whether the account exists.
    Locked {
        /// When logins are accepted again.
        until: DateTime<Utc>,
    },
}

/// The identifier field's value, recognised as one kind of identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identifier {
    ResidentId(String),
    Phone(String),
    LoginName(String),
}

impl Identifier {
    fn kind(&self) -> &'static str {
        match self {
            Identifier::ResidentId(_) => "resident_id",
            Identifier::Phone(_) => "phone",
            Identifier::LoginName(_) => "login_name",
        }
    }

    fn key(&self) -> AccountKey<'_> {
        match self {
            Identifier::ResidentId(value) => AccountKey::ResidentId(value),
            Identifier::Phone(value) => AccountKey::Phone(value),
            Identifier::LoginName(value) => AccountKey::LoginName(value),
        }
    }

    fn value(&self) -> &str {
        match self {
            Identifier::ResidentId(value)
            | Identifier::Phone(value)
            | Identifier::LoginName(value) => value,
        }
    }
}

/// Logs in with `identifier` (a resident ID number, a mobile phone number or an operator's
/// login name) and `password`.
///
/// Every attempt is recorded in the audit trail: a success, a failure, and the failure that
/// locks. Failures count per account, or per identifier when it names no account, so
/// `policy.max_failures` failures within `policy.window` lock it for `policy.lockout`.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails, [`ServiceError::Password`] when a stored
/// hash cannot be checked.
pub async fn log_in(
    store: &Store,
    divisions: &Divisions,
    identifier: &str,
    password: &str,
    policy: &LoginPolicy,
) -> Result<LoginOutcome, ServiceError> {
    let typed = identifier.trim();
    let identifier = recognise(identifier, divisions);
    let account = match &identifier {
        Some(identifier) => stored::find_account(store.pool(), identifier.key()).await?,
        None => None,
    };
    let (login_key, audit_actor, audit_subject) = match &account {
        Some(account) => (
            subject(&account.id),
            actor(&account.id),
            subject(&account.id),
        ),
        None => {
            // The digest keeps a mistyped ID number or phone number of a real person out of
            // the throttle table and the audit trail.
            let typed = identifier.as_ref().map_or(typed, Identifier::value);
            let digest = tongban_crypto::sm3_hex(typed.as_bytes());
            let key = format!("login/{}", &digest[..32]);
            (key.clone(), "anonymous".to_owned(), key)
        }
    };
    let kind = identifier.as_ref().map_or("unrecognised", Identifier::kind);
    let record = |action: &str, details: serde_json::Value| NewAuditEvent {
        occurred_at: Utc::now(),
        actor: audit_actor.clone(),
        action: action.to_owned(),
        subject: audit_subject.clone(),
        reason: None,
        details: Some(details),
    };

    // NOTE: attempts that pass this check before any of them is counted are all tried, so a
    // burst of parallel requests can exceed `max_failures` by the number in flight.
    let now = Utc::now();
    if let Some(until) = login_throttle::find_lock(store.pool(), &login_key, now).await? {
        let event = record(
            "account.log_in_failed",
            json!({ "identifier": kind, "reason": "locked" }),
        );
        audit::record_event(store.pool(), &event).await?;
        return Ok(LoginOutcome::Locked { until });
    }

    let matches = check_password(account.as_ref(), password).await?;
    let mut transaction = store.begin().await?;
    if let (true, Some(account)) = (matches, account) {
        login_throttle::clear_failures(&mut *transaction, &login_key).await?;
        let event = record("account.log_in", json!({ "identifier": kind }));
        audit::record_event(&mut *transaction, &event).await?;
        tongban_store::commit(transaction).await?;
        return Ok(LoginOutcome::LoggedIn(Account::from_stored(account)?));
    }

    let rule = ThrottleRule {
        max_failures: policy.max_failures,
        window: policy.window,
        lockout: policy.lockout,
    };
    let count = login_throttle::record_failure(&mut *transaction, &login_key, now, rule).await?;
    let event = record(
        "account.log_in_failed",
        json!({ "identifier": kind, "reason": "credentials", "failures": count.failures }),
    );
    audit::record_event(&mut *transaction, &event).await?;
    if let Some(until) = count.locked_until {
        let event = record(
            "account.lock",
            json!({ "failures": count.failures, "locked_until": until.to_rfc3339() }),
        );
        audit::record_event(&mut *transaction, &event).await?;
    }
    tongban_store::commit(transaction).await?;
    Ok(match count.locked_until {
        Some(until) => {
            tracing::info!(subject = %audit_subject, %until, "login locked after failures");
            LoginOutcome::Locked { until }
        }
        None => LoginOutcome::Rejected,
    })
}

/// Records in the audit trail that account `account_id` logged out at the hub. `via` names
/// where, such as `hub` or the client of an RP-initiated logout.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn record_log_out(
    store: &Store,
    account_id: &str,
    via: &str,
) -> Result<(), ServiceError> {
    let event = NewAuditEvent {
        occurred_at: Utc::now(),
        actor: actor(account_id),
        action: "account.log_out".to_owned(),
        subject: subject(account_id),
        reason: None,
        details: Some(json!({ "via": via })),
    };
    audit::record_event(store.pool(), &event).await?;
    Ok(())
}

/// Recognises an identifier. A phone number comes first, because 11 digits are never a resident
/// ID number. Text starting with a letter is a login name, and anything else is read as a
/// resident ID number typed into a form. Returns `None` for text that fits none of them.
fn recognise(input: &str, divisions: &Divisions) -> Option<Identifier> {
    if let Some(phone) = normalise_phone(input) {
        return Some(Identifier::Phone(phone));
    }
    let trimmed = input.trim();
    let starts_with_letter = trimmed
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    if starts_with_letter {
        return Some(Identifier::LoginName(trimmed.to_ascii_lowercase()));
    }
    // Any region code that ever existed passes: the number is compared with stored ones, and
    // the strict rule applied at registration cannot be loosened here by accident.
    match ResidentId::parse(
        trimmed,
        InputMode::Form,
        divisions,
        today_in_china(),
        RegionPolicy::InUseAnyYear,
    ) {
        Ok(id) => Some(Identifier::ResidentId(id.as_str().to_owned())),
        Err(_) => None,
    }
}

/// Checks `password` against the account's hash, or against a stand-in hash when there is no
/// account. Both take the same time, so the response time reveals nothing about the account.
async fn check_password(
    account: Option<&StoredAccount>,
    password: &str,
) -> Result<bool, ServiceError> {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Ok(false);
    }
    let stored_hash = match account {
        Some(account) => account.password_hash.clone(),
        None => stand_in_hash().await?,
    };
    let matches = passwords::verify_password_blocking(password.to_owned(), stored_hash).await?;
    Ok(matches && account.is_some())
}

/// Returns a hash of a random password with the current parameters, made once per process.
async fn stand_in_hash() -> Result<String, PasswordError> {
    static STAND_IN: OnceLock<String> = OnceLock::new();
    if let Some(hash) = STAND_IN.get() {
        return Ok(hash.clone());
    }
    let hash = passwords::hash_password_blocking(tongban_crypto::random_token(16)).await?;
    Ok(STAND_IN.get_or_init(|| hash).clone())
}

#[cfg(test)]
mod tests {
    use tongban_domain::ids::{DivisionCode, DivisionLevel, DivisionRecord, DivisionStatus};

    use super::*;

    fn divisions() -> Divisions {
        let record = DivisionRecord {
            code: DivisionCode::parse("110105").unwrap(),
            name: "朝阳区".to_owned(),
            province_name: "北京市".to_owned(),
            prefecture_name: None,
            level: DivisionLevel::County,
            status: DivisionStatus::Active,
            start_year: 1981,
            end_year: None,
            successors: Vec::new(),
        };
        Divisions::new(vec![record], 1981, 2024)
    }

    #[test]
    fn identifiers_are_recognised() {
        let divisions = divisions();
        let cases = [
            (
                "138 0013 8000",
                Some(Identifier::Phone("13800138000".to_owned())),
            ),
            (
                "11010519491231002x",
                Some(Identifier::ResidentId("11010519491231002X".to_owned())),
            ),
            ("Admin", Some(Identifier::LoginName("admin".to_owned()))),
            ("11010519491231002", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(recognise(input, &divisions), expected, "{input:?}");
        }
    }
}
