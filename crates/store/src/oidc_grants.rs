//! Authorization codes and access tokens of the OpenID Provider, stored by the SM3 digest of
//! their value.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row, Transaction};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// The legal person an agent acts for, as stored with a code or token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActingFor {
    /// Unified social credit code.
    pub credit_code: String,
    /// Name of the legal person.
    pub name: String,
}

/// An authorization code as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAuthorizationCode {
    /// SM3 digest of the code, hex.
    pub code_hash: String,
    /// The client the code was issued to.
    pub client_id: String,
    /// The account that logged in.
    pub account_id: String,
    /// The redirect URI of the authorization request.
    pub redirect_uri: String,
    /// Space-separated scopes.
    pub scope: String,
    /// The nonce of the authorization request, if it had one.
    pub nonce: Option<String>,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// When the person logged in.
    pub auth_time: DateTime<Utc>,
    /// The legal person the agent acts for.
    pub acting_for: Option<StoredActingFor>,
    /// When the code was issued.
    pub issued_at: DateTime<Utc>,
    /// When it stops being redeemable.
    pub expires_at: DateTime<Utc>,
    /// When it was redeemed, if it was.
    pub redeemed_at: Option<DateTime<Utc>>,
}

/// An access token as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccessToken {
    /// SM3 digest of the token, hex.
    pub token_hash: String,
    /// Digest of the code it was issued from.
    pub code_hash: String,
    /// The client it was issued to.
    pub client_id: String,
    /// The account it speaks for.
    pub account_id: String,
    /// Space-separated scopes.
    pub scope: String,
    /// The legal person the agent acts for.
    pub acting_for: Option<StoredActingFor>,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// When it stops being valid.
    pub expires_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Inserts `code`.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails.
pub async fn insert_authorization_code<'e, E>(
    executor: E,
    code: &StoredAuthorizationCode,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let (acting_code, acting_name) = acting_columns(code.acting_for.as_ref());
    sqlx::query(
        "INSERT INTO oidc_authorization_codes (code_hash, client_id, account_id, redirect_uri, \
             scope, nonce, code_challenge, auth_time, acting_for_credit_code, acting_for_name, \
             issued_at, expires_at, redeemed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(code.code_hash.as_str())
    .bind(code.client_id.as_str())
    .bind(code.account_id.as_str())
    .bind(code.redirect_uri.as_str())
    .bind(code.scope.as_str())
    .bind(code.nonce.as_deref())
    .bind(code.code_challenge.as_str())
    .bind(to_millis(code.auth_time))
    .bind(acting_code)
    .bind(acting_name)
    .bind(to_millis(code.issued_at))
    .bind(to_millis(code.expires_at))
    .bind(code.redeemed_at.map(to_millis))
    .execute(executor)
    .await
    .context("insert an authorization code")?;
    Ok(())
}

/// Marks the code with digest `code_hash` redeemed at `now` and returns it, if it was issued
/// to `client_id`, is not expired and was not redeemed before. Otherwise nothing changes and
/// `None` is returned.
///
/// The check and the change are one conditional `UPDATE`, so of any number of concurrent
/// redemptions exactly one gets the code.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn redeem_authorization_code<'e, E>(
    executor: E,
    code_hash: &str,
    client_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<StoredAuthorizationCode>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "UPDATE oidc_authorization_codes SET redeemed_at = $3 \
         WHERE code_hash = $1 AND client_id = $2 AND redeemed_at IS NULL AND expires_at > $3 \
         RETURNING code_hash, client_id, account_id, redirect_uri, scope, nonce, \
             code_challenge, auth_time, acting_for_credit_code, acting_for_name, issued_at, \
             expires_at, redeemed_at",
    )
    .bind(code_hash)
    .bind(client_id)
    .bind(to_millis(now))
    .fetch_optional(executor)
    .await
    .context("redeem an authorization code")?;
    row.as_ref().map(code_from_row).transpose()
}

/// Returns the code with digest `code_hash`, redeemed or not.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_authorization_code<'e, E>(
    executor: E,
    code_hash: &str,
) -> Result<Option<StoredAuthorizationCode>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT code_hash, client_id, account_id, redirect_uri, scope, nonce, code_challenge, \
             auth_time, acting_for_credit_code, acting_for_name, issued_at, expires_at, \
             redeemed_at \
         FROM oidc_authorization_codes WHERE code_hash = $1",
    )
    .bind(code_hash)
    .fetch_optional(executor)
    .await
    .context("look up an authorization code")?;
    row.as_ref().map(code_from_row).transpose()
}

/// Inserts `token`.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails.
pub async fn insert_access_token<'e, E>(
    executor: E,
    token: &StoredAccessToken,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let (acting_code, acting_name) = acting_columns(token.acting_for.as_ref());
    sqlx::query(
        "INSERT INTO oidc_access_tokens (token_hash, code_hash, client_id, account_id, scope, \
             acting_for_credit_code, acting_for_name, issued_at, expires_at, revoked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(token.token_hash.as_str())
    .bind(token.code_hash.as_str())
    .bind(token.client_id.as_str())
    .bind(token.account_id.as_str())
    .bind(token.scope.as_str())
    .bind(acting_code)
    .bind(acting_name)
    .bind(to_millis(token.issued_at))
    .bind(to_millis(token.expires_at))
    .bind(token.revoked_at.map(to_millis))
    .execute(executor)
    .await
    .context("insert an access token")?;
    Ok(())
}

/// Returns the access token with digest `token_hash` if it is neither expired at `now` nor
/// revoked.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_valid_access_token<'e, E>(
    executor: E,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<StoredAccessToken>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT token_hash, code_hash, client_id, account_id, scope, acting_for_credit_code, \
             acting_for_name, issued_at, expires_at, revoked_at \
         FROM oidc_access_tokens \
         WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(to_millis(now))
    .fetch_optional(executor)
    .await
    .context("look up an access token")?;
    row.as_ref().map(token_from_row).transpose()
}

/// Revokes every access token issued from the code with digest `code_hash` and returns how
/// many were still in force.
///
/// # Errors
/// [`StoreError::Query`] when the update fails.
pub async fn revoke_access_tokens_of_code<'e, E>(
    executor: E,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<u64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE oidc_access_tokens SET revoked_at = $2 \
         WHERE code_hash = $1 AND revoked_at IS NULL",
    )
    .bind(code_hash)
    .bind(to_millis(now))
    .execute(executor)
    .await
    .context("revoke the access tokens of a code")?;
    Ok(result.rows_affected())
}

/// Deletes the codes and access tokens that expired before `before` and returns how many rows
/// went. Pass a time well in the past, so that a replayed code is still recognised as one.
///
/// # Errors
/// [`StoreError::Query`] when a delete fails.
pub async fn delete_expired_grants(
    transaction: &mut Transaction<'_, Any>,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    // Tokens first: they refer to their codes.
    let tokens = sqlx::query(
        "DELETE FROM oidc_access_tokens WHERE expires_at < $1 OR code_hash IN \
             (SELECT code_hash FROM oidc_authorization_codes WHERE expires_at < $1)",
    )
    .bind(to_millis(before))
    .execute(&mut **transaction)
    .await
    .context("delete expired access tokens")?;
    let codes = sqlx::query("DELETE FROM oidc_authorization_codes WHERE expires_at < $1")
        .bind(to_millis(before))
        .execute(&mut **transaction)
        .await
        .context("delete expired authorization codes")?;
    Ok(tokens.rows_affected() + codes.rows_affected())
}

fn acting_columns(acting_for: Option<&StoredActingFor>) -> (Option<&str>, Option<&str>) {
    match acting_for {
        Some(acting) => (
            Some(acting.credit_code.as_str()),
            Some(acting.name.as_str()),
        ),
        None => (None, None),
    }
}

/// Reads the two acting-for columns, which are both set or both empty.
fn acting_from_row(
    row: &AnyRow,
    what: &'static str,
) -> Result<Option<StoredActingFor>, StoreError> {
    let credit_code: Option<String> = row.try_get("acting_for_credit_code").context(what)?;
    let name: Option<String> = row.try_get("acting_for_name").context(what)?;
    Ok(match (credit_code, name) {
        (Some(credit_code), Some(name)) => Some(StoredActingFor { credit_code, name }),
        _ => None,
    })
}

fn instant(
    row: &AnyRow,
    column: &'static str,
    what: &'static str,
) -> Result<DateTime<Utc>, StoreError> {
    let millis: i64 = row.try_get(column).context(what)?;
    from_millis(column, millis)
}

fn optional_instant(
    row: &AnyRow,
    column: &'static str,
    what: &'static str,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let millis: Option<i64> = row.try_get(column).context(what)?;
    millis.map(|millis| from_millis(column, millis)).transpose()
}

fn code_from_row(row: &AnyRow) -> Result<StoredAuthorizationCode, StoreError> {
    const WHAT: &str = "read an authorization code";
    Ok(StoredAuthorizationCode {
        code_hash: row.try_get("code_hash").context(WHAT)?,
        client_id: row.try_get("client_id").context(WHAT)?,
        account_id: row.try_get("account_id").context(WHAT)?,
        redirect_uri: row.try_get("redirect_uri").context(WHAT)?,
        scope: row.try_get("scope").context(WHAT)?,
        nonce: row.try_get("nonce").context(WHAT)?,
        code_challenge: row.try_get("code_challenge").context(WHAT)?,
        auth_time: instant(row, "auth_time", WHAT)?,
        acting_for: acting_from_row(row, WHAT)?,
        issued_at: instant(row, "issued_at", WHAT)?,
        expires_at: instant(row, "expires_at", WHAT)?,
        redeemed_at: optional_instant(row, "redeemed_at", WHAT)?,
    })
}

fn token_from_row(row: &AnyRow) -> Result<StoredAccessToken, StoreError> {
    const WHAT: &str = "read an access token";
    Ok(StoredAccessToken {
        token_hash: row.try_get("token_hash").context(WHAT)?,
        code_hash: row.try_get("code_hash").context(WHAT)?,
        client_id: row.try_get("client_id").context(WHAT)?,
        account_id: row.try_get("account_id").context(WHAT)?,
        scope: row.try_get("scope").context(WHAT)?,
        acting_for: acting_from_row(row, WHAT)?,
        issued_at: instant(row, "issued_at", WHAT)?,
        expires_at: instant(row, "expires_at", WHAT)?,
        revoked_at: optional_instant(row, "revoked_at", WHAT)?,
    })
}
