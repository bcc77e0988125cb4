//! Authorization codes and access tokens of the hub's OpenID Provider: issuing a code, trading
//! it once for an access token, and reading the token back at the userinfo endpoint.
//!
//! Codes and tokens are 256-bit random strings of which only the SM3 digest is stored. A code
//! lives [`CODE_LIFETIME_SECONDS`] and is redeemed once: presenting it again revokes the access
//! tokens issued from it (RFC 6749 section 4.1.2).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use tongban_store::Store;
use tongban_store::accounts::{self as stored_accounts, AccountKey};
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::oidc_clients::OidcClient;
use tongban_store::oidc_grants::{
    self as stored, StoredAccessToken, StoredActingFor, StoredAuthorizationCode,
};

use crate::ServiceError;
use crate::accounts::{self, Account, ActingFor};
use crate::oidc_clients::constant_time_eq;

/// Seconds an authorization code can be redeemed after it was issued.
pub const CODE_LIFETIME_SECONDS: i64 = 60;

/// Seconds an access token is accepted at the userinfo endpoint.
pub const ACCESS_TOKEN_LIFETIME_SECONDS: i64 = 600;

/// Days expired codes and tokens are kept, so that a replayed code is recognised as one and
/// still revokes what was issued from it.
pub const EXPIRED_GRANT_RETENTION_DAYS: i64 = 1;

/// An authorization request the person approved by logging in.
#[derive(Debug, Clone)]
pub struct CodeRequest<'a> {
    /// The client that asked.
    pub client_id: &'a str,
    /// The account that logged in.
    pub account_id: &'a str,
    /// The redirect URI of the request, already checked against the client's list.
    pub redirect_uri: &'a str,
    /// Space-separated scopes.
    pub scope: &'a str,
    /// The request's nonce, returned in the ID token.
    pub nonce: Option<&'a str>,
    /// PKCE S256 challenge.
    pub code_challenge: &'a str,
    /// When the person logged in.
    pub auth_time: DateTime<Utc>,
    /// The legal person the agent acts for.
    pub acting_for: Option<&'a ActingFor>,
}

/// A token request that presents a code.
#[derive(Clone)]
pub struct CodeExchange<'a> {
    /// The code, as the client sent it.
    pub code: &'a str,
    /// The authenticated client.
    pub client_id: &'a str,
    /// The redirect URI the token request repeats.
    pub redirect_uri: &'a str,
    /// The PKCE verifier.
    pub code_verifier: &'a str,
}

impl std::fmt::Debug for CodeExchange<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CodeExchange")
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// The grant of a redeemed code: an access token and the facts the ID token states.
#[derive(Clone)]
pub struct Grant {
    /// The access token, shown to the client once.
    pub access_token: String,
    /// When the access token expires.
    pub expires_at: DateTime<Utc>,
    /// The account that logged in.
    pub account: Account,
    /// The client.
    pub client_id: String,
    /// Space-separated scopes.
    pub scope: String,
    /// The authorization request's nonce.
    pub nonce: Option<String>,
    /// When the person logged in.
    pub auth_time: DateTime<Utc>,
    /// The legal person the agent acts for.
    pub acting_for: Option<ActingFor>,
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Grant")
            .field("account", &self.account.id)
            .field("client_id", &self.client_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// The reason a code was not exchanged. Every case is `invalid_grant` to the client (RFC 6749 section
/// 5.2); the cases differ only in the log and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// No such code for this client, or it expired.
    UnknownOrExpired,
    /// The code was redeemed before; the tokens issued from it were revoked.
    Replayed {
        /// Tokens that were still in force and are now revoked.
        revoked_tokens: u64,
    },
    /// The redirect URI differs from the authorization request's. The code is spent.
    RedirectUriMismatch,
    /// The PKCE verifier does not match the challenge. The code is spent.
    VerifierMismatch,
}

/// The outcome of a code exchange.
#[derive(Debug, Clone)]
pub enum ExchangeOutcome {
    /// The code was good: here is the grant.
    Granted(Box<Grant>),
    /// The code was not good.
    Rejected(Rejection),
}

/// The facts a valid access token gives the userinfo endpoint.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    /// The account the token speaks for.
    pub account: Account,
    /// The client it was issued to.
    pub client_id: String,
    /// Space-separated scopes.
    pub scope: String,
    /// The legal person the agent acts for.
    pub acting_for: Option<ActingFor>,
}

/// Returns the client `client_id` if it is registered and not revoked.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn find_active_client(
    store: &Store,
    client_id: &str,
) -> Result<Option<OidcClient>, ServiceError> {
    let client = tongban_store::oidc_clients::find_client(store.pool(), client_id).await?;
    Ok(client.filter(|client| client.status == "active"))
}

/// Issues an authorization code for `request` and returns it.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn issue_authorization_code(
    store: &Store,
    request: &CodeRequest<'_>,
) -> Result<String, ServiceError> {
    let code = tongban_crypto::random_token(32);
    let now = Utc::now();
    let stored_code = StoredAuthorizationCode {
        code_hash: tongban_crypto::sm3_hex(code.as_bytes()),
        client_id: request.client_id.to_owned(),
        account_id: request.account_id.to_owned(),
        redirect_uri: request.redirect_uri.to_owned(),
        scope: request.scope.to_owned(),
        nonce: request.nonce.map(str::to_owned),
        code_challenge: request.code_challenge.to_owned(),
        auth_time: request.auth_time,
        acting_for: request.acting_for.map(to_stored),
        issued_at: now,
        expires_at: now + Duration::seconds(CODE_LIFETIME_SECONDS),
        redeemed_at: None,
    };
    let mut transaction = store.begin().await?;
    stored::insert_authorization_code(&mut *transaction, &stored_code).await?;
    let event = NewAuditEvent {
        occurred_at: now,
        actor: accounts::actor(request.account_id),
        action: "oidc.issue_code".to_owned(),
        subject: accounts::subject(request.account_id),
        reason: None,
        details: Some(json!({
            "client_id": request.client_id,
            "acting_for": request.acting_for.map(|acting| &acting.credit_code),
        })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    Ok(code)
}

/// Trades the code of `exchange` for an access token, once.
///
/// Redeeming the code, checking it and storing the token happen in one transaction, so a
/// concurrent second redemption either finds no code to redeem or finds the token to revoke.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn exchange_code(
    store: &Store,
    exchange: &CodeExchange<'_>,
) -> Result<ExchangeOutcome, ServiceError> {
    let code_hash = tongban_crypto::sm3_hex(exchange.code.as_bytes());
    let now = Utc::now();
    let mut transaction = store.begin().await?;

    let redeemed =
        stored::redeem_authorization_code(&mut *transaction, &code_hash, exchange.client_id, now)
            .await?;
    let Some(code) = redeemed else {
        let existing = stored::find_authorization_code(&mut *transaction, &code_hash).await?;
        let Some(existing) = existing.filter(|code| code.redeemed_at.is_some()) else {
            tongban_store::commit(transaction).await?;
            return Ok(ExchangeOutcome::Rejected(Rejection::UnknownOrExpired));
        };
        let revoked_tokens =
            stored::revoke_access_tokens_of_code(&mut *transaction, &code_hash, now).await?;
        let event = code_event(
            &existing,
            "oidc.replay_code",
            json!({ "presented_by": exchange.client_id, "revoked_tokens": revoked_tokens }),
        );
        audit::record_event(&mut *transaction, &event).await?;
        tongban_store::commit(transaction).await?;
        tracing::warn!(
            client = exchange.client_id,
            revoked_tokens,
            "authorization code replayed"
        );
        return Ok(ExchangeOutcome::Rejected(Rejection::Replayed {
            revoked_tokens,
        }));
    };

    let rejection = if code.redirect_uri != exchange.redirect_uri {
        Some(Rejection::RedirectUriMismatch)
    } else if !constant_time_eq(
        s256_challenge(exchange.code_verifier).as_bytes(),
        code.code_challenge.as_bytes(),
    ) {
        Some(Rejection::VerifierMismatch)
    } else {
        None
    };
    if let Some(rejection) = rejection {
        let event = code_event(
            &code,
            "oidc.reject_code",
            json!({ "reason": format!("{rejection:?}") }),
        );
        audit::record_event(&mut *transaction, &event).await?;
        tongban_store::commit(transaction).await?;
        return Ok(ExchangeOutcome::Rejected(rejection));
    }

    let account =
        stored_accounts::find_account(&mut *transaction, AccountKey::Id(&code.account_id))
            .await?
            .ok_or_else(|| ServiceError::InvalidStoredAccount {
                account_id: code.account_id.clone(),
                field: "id",
                value: "missing account of an authorization code".to_owned(),
            })?;
    let access_token = tongban_crypto::random_token(32);
    let expires_at = now + Duration::seconds(ACCESS_TOKEN_LIFETIME_SECONDS);
    let token = StoredAccessToken {
        token_hash: tongban_crypto::sm3_hex(access_token.as_bytes()),
        code_hash: code.code_hash.clone(),
        client_id: code.client_id.clone(),
        account_id: code.account_id.clone(),
        scope: code.scope.clone(),
        acting_for: code.acting_for.clone(),
        issued_at: now,
        expires_at,
        revoked_at: None,
    };
    stored::insert_access_token(&mut *transaction, &token).await?;
    let event = code_event(
        &code,
        "oidc.issue_tokens",
        json!({ "client_id": code.client_id }),
    );
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;

    Ok(ExchangeOutcome::Granted(Box::new(Grant {
        access_token,
        expires_at,
        account: Account::from_stored(account)?,
        client_id: code.client_id,
        scope: code.scope,
        nonce: code.nonce,
        auth_time: code.auth_time,
        acting_for: code.acting_for.map(from_stored),
    })))
}

/// Returns the account and grant facts of the access token `token`, if it is valid now.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn find_access_token(
    store: &Store,
    token: &str,
) -> Result<Option<TokenInfo>, ServiceError> {
    let token_hash = tongban_crypto::sm3_hex(token.as_bytes());
    let Some(stored_token) =
        stored::find_valid_access_token(store.pool(), &token_hash, Utc::now()).await?
    else {
        return Ok(None);
    };
    let Some(account) = accounts::find_account(store, &stored_token.account_id).await? else {
        return Ok(None);
    };
    Ok(Some(TokenInfo {
        account,
        client_id: stored_token.client_id,
        scope: stored_token.scope,
        acting_for: stored_token.acting_for.map(from_stored),
    }))
}

/// Deletes codes and tokens that expired more than [`EXPIRED_GRANT_RETENTION_DAYS`] before
/// `now`, and returns how many rows went. The hub's background work runs it every ten
/// minutes.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub async fn delete_expired_grants(store: &Store, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    let mut transaction = store.begin().await?;
    let deleted = stored::delete_expired_grants(
        &mut transaction,
        now - Duration::days(EXPIRED_GRANT_RETENTION_DAYS),
    )
    .await?;
    tongban_store::commit(transaction).await?;
    Ok(deleted)
}

/// Returns the PKCE S256 challenge of `verifier`: base64url without padding of its SHA-256
/// (RFC 7636 section 4.2).
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Returns whether `value` has the form of a PKCE verifier or challenge: 43 to 128 characters
/// from `A-Z a-z 0-9 - . _ ~` (RFC 7636 section 4.1).
pub fn is_pkce_value(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

fn code_event(
    code: &StoredAuthorizationCode,
    action: &str,
    details: serde_json::Value,
) -> NewAuditEvent {
    NewAuditEvent {
        occurred_at: Utc::now(),
        actor: format!("oidc_client:{}", code.client_id),
        action: action.to_owned(),
        subject: accounts::subject(&code.account_id),
        reason: None,
        details: Some(details),
    }
}

fn to_stored(acting_for: &ActingFor) -> StoredActingFor {
    StoredActingFor {
        credit_code: acting_for.credit_code.clone(),
        name: acting_for.name.clone(),
    }
}

fn from_stored(acting_for: StoredActingFor) -> ActingFor {
    ActingFor {
        credit_code: acting_for.credit_code,
        name: acting_for.name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc7636_example() {
        // RFC 7636 appendix B.
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn pkce_value_form() {
        assert!(is_pkce_value(&"a".repeat(43)));
        assert!(is_pkce_value(&"-._~".repeat(32)));
        assert!(!is_pkce_value(&"a".repeat(42)));
        assert!(!is_pkce_value(&"a".repeat(129)));
        assert!(!is_pkce_value(&format!("{}+", "a".repeat(43))));
    }
}
