//! Browser sessions stored in the database, so every instance of a role sees the same ones.
//!
//! The cookie carries a random 256-bit token; the database keeps only its SM3 digest. A session
//! ends after `idle` without requests or `absolute` after it began, whichever comes first, and
//! gets a new token when someone logs in, so a token planted before login is worthless after.

use std::sync::Arc;
use std::time::Duration;

use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use tongban_store::Store;
use tongban_store::sessions::{self, StoredSession};

use crate::WebError;
use crate::lang::cookie_value;
use crate::random;

/// How sessions of one instance are kept.
#[derive(Debug, Clone)]
pub struct SessionConfig {
    /// Cookie name. Every instance needs its own: browsers share cookies between ports of one
    /// host, and the hub and the nodes of a demo all run on 127.0.0.1.
    pub cookie_name: String,
    /// Time without requests after which a session ends.
    pub idle: Duration,
    /// Time after which a session ends whatever happens.
    pub absolute: Duration,
    /// Whether the cookie is sent over HTTPS only. Off only for plain-HTTP loopback setups.
    pub secure_cookie: bool,
}

/// A browser session, new or loaded.
#[derive(Debug, Clone)]
pub struct Session {
    token: Option<String>,
    id_hash: Option<String>,
    /// The account logged in, if any.
    pub account_id: Option<String>,
    /// Values the role keeps, such as the login flow in progress.
    pub data: Map<String, Value>,
    csrf_token: String,
    created_at: DateTime<Utc>,
}

impl Session {
    /// Returns the token forms of this session must send back.
    pub fn csrf_token(&self) -> &str {
        &self.csrf_token
    }

    /// Returns whether `submitted` is this session's CSRF token. The comparison takes the
    /// same time wherever the first difference is.
    pub fn csrf_matches(&self, submitted: &str) -> bool {
        let expected = self.csrf_token.as_bytes();
        let submitted = submitted.as_bytes();
        if expected.len() != submitted.len() {
            return false;
        }
        expected
            .iter()
            .zip(submitted)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }

    /// Returns whether the session is stored.
    pub fn is_stored(&self) -> bool {
        self.id_hash.is_some()
    }

    /// Returns when the session began.
    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    /// Returns the value `key` as a string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.data.get(key).and_then(Value::as_str)
    }
}

/// The sessions of one instance.
#[derive(Debug, Clone)]
pub struct Sessions {
    store: Store,
    config: Arc<SessionConfig>,
}

impl Sessions {
    /// Keeps sessions in `store` as `config` says.
    pub fn new(store: Store, config: SessionConfig) -> Sessions {
        Sessions {
            store,
            config: Arc::new(config),
        }
    }

    /// Returns the configuration.
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// Loads the session whose token the request's cookie carries, if it is still valid.
    ///
    /// # Errors
    /// [`WebError::Store`] when the database fails.
    pub async fn load(&self, headers: &HeaderMap) -> Result<Option<Session>, WebError> {
        let Some(token) = cookie_value(headers, &self.config.cookie_name) else {
            return Ok(None);
        };
        let id_hash = tongban_crypto::sm3_hex(token.as_bytes());
        let now = Utc::now();
        let Some(stored) = sessions::find_session(self.store.pool(), &id_hash, now).await? else {
            return Ok(None);
        };
        if stored.created_at + self.absolute() <= now {
            sessions::delete_session(self.store.pool(), &id_hash).await?;
            return Ok(None);
        }
        let data = match stored.data {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        Ok(Some(Session {
            token: Some(token),
            id_hash: Some(id_hash),
            account_id: stored.account_id,
            data,
            csrf_token: stored.csrf_token,
            created_at: stored.created_at,
        }))
    }

    /// Loads the request's session, or starts a new one that is stored on the first
    /// [`Sessions::save`].
    ///
    /// # Errors
    /// [`WebError::Store`] when the database fails.
    pub async fn load_or_new(&self, headers: &HeaderMap) -> Result<Session, WebError> {
        Ok(self.load(headers).await?.unwrap_or_else(new_session))
    }

    /// Stores `session` and extends it by the idle time. Returns the `Set-Cookie` header to
    /// send when the session was new.
    ///
    /// # Errors
    /// [`WebError::Store`] when the database fails.
    pub async fn save(&self, session: &mut Session) -> Result<Option<HeaderValue>, WebError> {
        let now = Utc::now();
        let expires_at = self.expiry(session.created_at, now);
        if let Some(id_hash) = &session.id_hash {
            let stored = stored_form(session, id_hash.clone(), now, expires_at);
            sessions::update_session(self.store.pool(), &stored).await?;
            return Ok(None);
        }
        let token = random::token(32);
        let id_hash = tongban_crypto::sm3_hex(token.as_bytes());
        let stored = stored_form(session, id_hash.clone(), now, expires_at);
        sessions::insert_session(self.store.pool(), &stored).await?;
        session.token = Some(token.clone());
        session.id_hash = Some(id_hash);
        Ok(Some(self.cookie(&token)))
    }

    /// Logs `session` in as `account_id`: the old token is dropped and a new one issued, so a
    /// token known before login is worthless after. Returns the `Set-Cookie` header.
    ///
    /// # Errors
    /// [`WebError::Store`] when the database fails.
    pub async fn log_in(
        &self,
        session: &mut Session,
        account_id: &str,
    ) -> Result<HeaderValue, WebError> {
        if let Some(id_hash) = session.id_hash.take() {
            sessions::delete_session(self.store.pool(), &id_hash).await?;
        }
        session.token = None;
        session.account_id = Some(account_id.to_owned());
        session.csrf_token = random::token(32);
        session.created_at = Utc::now();
        let cookie = self.save(session).await?;
        cookie.ok_or_else(|| WebError::Internal("a new session got no cookie".to_owned()))
    }

    /// Ends `session` and returns the `Set-Cookie` header that removes its cookie.
    ///
    /// # Errors
    /// [`WebError::Store`] when the database fails.
    pub async fn end(&self, session: &Session) -> Result<HeaderValue, WebError> {
        if let Some(id_hash) = &session.id_hash {
            sessions::delete_session(self.store.pool(), id_hash).await?;
        }
        Ok(self.removal_cookie())
    }

    /// Returns the header that removes the session cookie.
    pub fn removal_cookie(&self) -> HeaderValue {
        let text = format!(
            "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
            self.config.cookie_name
        );
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    fn cookie(&self, token: &str) -> HeaderValue {
        let secure = if self.config.secure_cookie {
            "; Secure"
        } else {
            ""
        };
        let text = format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
            self.config.cookie_name
        );
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    fn absolute(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.config.absolute).unwrap_or(chrono::Duration::hours(12))
    }

    fn expiry(&self, created_at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
        let idle =
            chrono::Duration::from_std(self.config.idle).unwrap_or(chrono::Duration::minutes(30));
        (now + idle).min(created_at + self.absolute())
    }
}

/// Appends a `Set-Cookie` header when there is one.
pub fn set_cookie(headers: &mut HeaderMap, cookie: Option<HeaderValue>) {
    if let Some(cookie) = cookie {
        headers.append(SET_COOKIE, cookie);
    }
}

fn new_session() -> Session {
    Session {
        token: None,
        id_hash: None,
        account_id: None,
        data: Map::new(),
        csrf_token: random::token(32),
        created_at: Utc::now(),
    }
}

fn stored_form(
    session: &Session,
    id_hash: String,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoredSession {
    StoredSession {
        id_hash,
        account_id: session.account_id.clone(),
        data: Value::Object(session.data.clone()),
        csrf_token: session.csrf_token.clone(),
        created_at: session.created_at,
        last_seen_at: now,
        expires_at,
    }
}
