//! Staff of a node: creating clerk accounts and their login, throttled like the hub's.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::login_throttle::{self, ThrottleRule};
use tongban_store::staff::{self, StoredStaff};

use crate::ServiceError;
use crate::accounts::LoginPolicy;
use crate::passwords;

/// Roles a staff account can have: `intake` takes applications in (accept, reject, request a
/// correction), `reviewer` reviews and runs special procedures, `approver` decides and closes,
/// `supervisor` watches the statistics and alerts, `admin` administers the node.
pub const ROLES: [&str; 5] = ["intake", "reviewer", "approver", "supervisor", "admin"];

/// A staff account without its password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// Stable id.
    pub id: String,
    /// Login name.
    pub login_name: String,
    /// Full name.
    pub name: String,
    /// Roles.
    pub roles: Vec<String>,
    /// Department, or `None` for the whole node.
    pub department: Option<String>,
}

impl Staff {
    fn from_stored(stored: StoredStaff) -> Staff {
        Staff {
            id: stored.id,
            login_name: stored.login_name,
            name: stored.name,
            roles: stored.roles,
            department: stored.department,
        }
    }

    /// Returns whether the account has `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|held| held == role)
    }
}

/// A staff account to create.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Login name: 3 to 32 lowercase letters, digits, dots, hyphens or underscores.
    pub login_name: String,
    /// Full name.
    pub name: String,
    /// Roles among [`ROLES`].
    pub roles: Vec<String>,
    /// Department, or `None` for the whole node.
    pub department: Option<String>,
}

/// The outcome of a staff login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffLoginOutcome {
    /// The password matched.
    LoggedIn(Staff),
    /// The login name or the password is wrong; the outcome does not say which.
    Rejected,
    /// Too many failures: no login is tried until `until`.
    Locked {
        /// When logins are accepted again.
        until: DateTime<Utc>,
    },
}

/// Creates the staff account `new` with `password` on behalf of `actor`.
///
/// # Errors
/// [`ServiceError::Invalid`] for a malformed login name, an empty name, an unknown role or a
/// password shorter than 12 characters; [`ServiceError::Store`] when the database fails,
/// including for a login name already taken.
pub async fn create_staff(
    store: &Store,
    new: &NewStaff,
    password: &str,
    actor: &str,
) -> Result<Staff, ServiceError> {
    let login_ok = (3..=32).contains(&new.login_name.len())
        && new
            .login_name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !login_ok {
        return Err(invalid("login_name", "staff-rule-login-name"));
    }
    if new.name.trim().is_empty() {
        return Err(invalid("name", "staff-rule-name"));
    }
    if new.roles.is_empty() || !new.roles.iter().all(|role| ROLES.contains(&role.as_str())) {
        return Err(invalid("roles", "staff-rule-roles"));
    }
    if password.chars().count() < 12 {
        return Err(invalid("password", "staff-rule-password"));
    }

    let password_hash = passwords::hash_password_blocking(password.to_owned()).await?;
    let now = Utc::now();
    let stored = StoredStaff {
        id: format!("staff-{}", tongban_crypto::random_token(12)),
        login_name: new.login_name.clone(),
        name: new.name.trim().to_owned(),
        password_hash,
        roles: new.roles.clone(),
        department: new.department.clone(),
        status: "active".to_owned(),
        created_at: now,
        updated_at: now,
    };
    let mut transaction = store.begin().await?;
    staff::insert_staff(&mut *transaction, &stored).await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "staff.create".to_owned(),
        subject: format!("staff/{}", stored.id),
        reason: None,
        details: Some(
            json!({ "login_name": stored.login_name, "roles": stored.roles, "department": stored.department }),
        ),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Ok(Staff::from_stored(stored))
}

/// Logs staff member `login_name` in with `password`. Failures count per login name in the
/// database, so `policy` holds across every instance of the node, and every attempt is audited.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails, [`ServiceError::Password`] when a stored
/// hash cannot be checked.
pub async fn log_in_staff(
    store: &Store,
    login_name: &str,
    password: &str,
    policy: &LoginPolicy,
) -> Result<StaffLoginOutcome, ServiceError> {
    let login_name = login_name.trim().to_ascii_lowercase();
    let login_key = format!(
        "staff/{}",
        &tongban_crypto::sm3_hex(login_name.as_bytes())[..32]
    );
    let now = Utc::now();
    let audit_event = |action: &str, details: serde_json::Value| NewAuditEvent {
        occurred_at: Utc::now(),
        actor: login_key.clone(),
        action: action.to_owned(),
        subject: login_key.clone(),
        reason: None,
        details: Some(details),
    };

    if let Some(until) = login_throttle::find_lock(store.pool(), &login_key, now).await? {
        audit::record_event(
            store.pool(),
            &audit_event("staff.log_in_failed", json!({ "reason": "locked" })),
        )
        .await?;
        return Ok(StaffLoginOutcome::Locked { until });
    }

    let account = staff::find_staff_by_login(store.pool(), &login_name)
        .await?
        .filter(|account| account.status == "active");
    let matches = match &account {
        Some(account) => {
            passwords::verify_password_blocking(password.to_owned(), account.password_hash.clone())
                .await?
        }
        // Hash anyway, so the time taken does not reveal that the login name is unknown.
        None => {
            let _ = passwords::hash_password_blocking(password.to_owned()).await?;
            false
        }
    };

    let mut transaction = store.begin().await?;
    if let (true, Some(account)) = (matches, account) {
        login_throttle::clear_failures(&mut *transaction, &login_key).await?;
        let event = NewAuditEvent {
            actor: format!("staff/{}", account.id),
            subject: format!("staff/{}", account.id),
            ..audit_event("staff.log_in", json!({}))
        };
        audit::record_event(&mut *transaction, &event).await?;
        tongban_store::commit(transaction).await?;
        return Ok(StaffLoginOutcome::LoggedIn(Staff::from_stored(account)));
    }
    let rule = ThrottleRule {
        max_failures: policy.max_failures,
        window: policy.window,
        lockout: policy.lockout,
    };
    let count = login_throttle::record_failure(&mut *transaction, &login_key, now, rule).await?;
    let details = json!({ "reason": "credentials", "failures": count.failures });
    audit::record_event(
        &mut *transaction,
        &audit_event("staff.log_in_failed", details),
    )
    .await?;
    tongban_store::commit(transaction).await?;
    Ok(match count.locked_until {
        Some(until) => StaffLoginOutcome::Locked { until },
        None => StaffLoginOutcome::Rejected,
    })
}

/// Returns the active staff account `id`.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn find_staff(store: &Store, id: &str) -> Result<Option<Staff>, ServiceError> {
    Ok(staff::find_staff(store.pool(), id)
        .await?
        .filter(|account| account.status == "active")
        .map(Staff::from_stored))
}

fn invalid(field: &'static str, rule: &'static str) -> ServiceError {
    ServiceError::Invalid(crate::fields::single(
        field,
        tongban_i18n::Message::new(rule),
    ))
}
