//! Values a hub session carries besides the account: the login time, and the legal person the
//! agent acts for.

use axum::http::{HeaderMap, HeaderValue};
use chrono::{DateTime, Utc};
use tongban_services::accounts::{self, Account, ActingFor};
use tongban_services::legal_persons;
use tongban_web::{Session, WebError};

use crate::HubState;

/// Session key of the login time, Unix seconds.
const AUTH_TIME: &str = "auth_time";

/// Session key of the legal person the agent acts for, as `{"credit_code", "name"}`.
const ACTING_FOR: &str = "acting_for";

/// A browser's session at the hub and the account logged in, if any.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// The session, new when the browser brought none.
    pub session: Session,
    /// The account logged in.
    pub account: Option<Account>,
}

impl Visitor {
    /// Loads the session of the request and its account. A session whose account is gone
    /// counts as logged out.
    ///
    /// # Errors
    /// [`WebError`] when the database fails.
    pub async fn load(state: &HubState, headers: &HeaderMap) -> Result<Visitor, WebError> {
        let session = state.sessions.load_or_new(headers).await?;
        let account = match &session.account_id {
            Some(id) => accounts::find_account(&state.store, id)
                .await
                .map_err(service_error)?,
            None => None,
        };
        Ok(Visitor { session, account })
    }

    /// Returns when the person logged in.
    pub fn auth_time(&self) -> Option<DateTime<Utc>> {
        let seconds = self.session.data.get(AUTH_TIME)?.as_i64()?;
        DateTime::from_timestamp(seconds, 0)
    }

    /// Returns the legal person the session acts for, as chosen at login.
    pub fn acting_for(&self) -> Option<ActingFor> {
        let value = self.session.data.get(ACTING_FOR)?;
        serde_json::from_value(value.clone()).ok()
    }

    /// Returns the legal person the session acts for if the mandate is still in force, so a
    /// revoked mandate stops counting at once.
    ///
    /// # Errors
    /// [`WebError`] when the database fails.
    pub async fn acting_for_in_force(
        &self,
        state: &HubState,
    ) -> Result<Option<ActingFor>, WebError> {
        let (Some(account), Some(acting)) = (&self.account, self.acting_for()) else {
            return Ok(None);
        };
        legal_persons::mandate_in_force(&state.store, &account.id, &acting.credit_code)
            .await
            .map_err(service_error)
    }

    /// Sets whom the session acts for and stores it.
    ///
    /// # Errors
    /// [`WebError`] when the database fails.
    pub async fn set_acting_for(
        &mut self,
        state: &HubState,
        acting_for: Option<&ActingFor>,
    ) -> Result<Option<HeaderValue>, WebError> {
        match acting_for.map(serde_json::to_value) {
            Some(Ok(value)) => {
                self.session.data.insert(ACTING_FOR.to_owned(), value);
            }
            Some(Err(error)) => return Err(WebError::Internal(error.to_string())),
            None => {
                self.session.data.remove(ACTING_FOR);
            }
        }
        state.sessions.save(&mut self.session).await
    }

    /// Logs the session in as `account` with a new token and the login time. The session acts
    /// for no legal person until the person chooses one. Returns the `Set-Cookie` header.
    ///
    /// # Errors
    /// [`WebError`] when the database fails.
    pub async fn log_in(
        &mut self,
        state: &HubState,
        account: Account,
    ) -> Result<HeaderValue, WebError> {
        self.session.data.remove(ACTING_FOR);
        self.session
            .data
            .insert(AUTH_TIME.to_owned(), Utc::now().timestamp().into());
        let cookie = state
            .sessions
            .log_in(&mut self.session, &account.id)
            .await?;
        self.account = Some(account);
        Ok(cookie)
    }
}

/// Turns a use case's failure into a web error: a form error stays a 400 with its message,
/// anything else is a 500 whose detail goes to the log.
pub fn service_error(error: tongban_services::ServiceError) -> WebError {
    use tongban_services::ServiceError;
    match error {
        ServiceError::Store(error) => WebError::Store(error),
        ServiceError::NotAllowed(_) => WebError::Forbidden,
        other => WebError::Internal(other.to_string()),
    }
}
