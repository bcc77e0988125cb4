//! Claims about a person in the hub's ID tokens and userinfo responses.
//!
//! Besides the standard claims the hub adds `assurance_level` (such as `self_asserted`),
//! `account_type` (`natural_person` or `operator`) and, when an agent acts for a legal person,
//! `acting_for` with its `credit_code` and `name`. When the grant's scope includes
//! `resident_id`, a natural person's resident ID number goes in as `resident_id`. Relying
//! parties written with openidconnect read them through [`TongbanClaims`].

use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
};
use openidconnect::{
    AccessToken, AdditionalClaims, Audience, EndUserName, IdToken, IdTokenClaims, IssuerUrl,
    JsonWebTokenError, LocalizedClaim, Nonce, StandardClaims, SubjectIdentifier,
};
use serde::{Deserialize, Serialize};
use tongban_services::accounts::{Account, ActingFor};

use super::keys::OidcKeys;

/// Seconds an ID token is valid: long enough for the relying party to check it right after the
/// token response, short enough that a leaked one is soon useless.
pub const ID_TOKEN_LIFETIME_SECONDS: i64 = 600;

/// The scope that releases the `resident_id` claim.
pub const RESIDENT_ID_SCOPE: &str = "resident_id";

/// Returns whether the space-separated `scope` includes [`RESIDENT_ID_SCOPE`].
fn releases_resident_id(scope: &str) -> bool {
    scope
        .split_whitespace()
        .any(|item| item == RESIDENT_ID_SCOPE)
}

/// The claims tongban adds to ID tokens and userinfo responses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TongbanClaims {
    /// The assurance level of the identity, such as `self_asserted`.
    pub assurance_level: String,
    /// `natural_person` or `operator`.
    pub account_type: String,
    /// The legal person the agent acts for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acting_for: Option<ActingFor>,
    /// The canonical resident ID number (GB 11643) of a natural person, when the scope asks for
    /// it; operators have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_id: Option<String>,
}

impl AdditionalClaims for TongbanClaims {}

impl TongbanClaims {
    /// Returns the claims for `account` acting for `acting_for` under the granted `scope`.
    pub fn of(account: &Account, acting_for: Option<&ActingFor>, scope: &str) -> TongbanClaims {
        TongbanClaims {
            assurance_level: account.assurance_level.as_str().to_owned(),
            account_type: account.account_type.as_str().to_owned(),
            acting_for: acting_for.cloned(),
            resident_id: account
                .resident_id
                .clone()
                .filter(|_| releases_resident_id(scope)),
        }
    }
}

/// An ID token of the hub.
pub type HubIdToken = IdToken<
    TongbanClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// The claims of an ID token of the hub.
pub type HubIdTokenClaims = IdTokenClaims<TongbanClaims, CoreGenderClaim>;

/// The facts an ID token states, apart from the key and the algorithm.
#[derive(Debug, Clone)]
pub struct IdTokenFacts<'a> {
    /// The issuer: the hub's public URL.
    pub issuer: &'a IssuerUrl,
    /// The client the token is for.
    pub client_id: &'a str,
    /// The person.
    pub account: &'a Account,
    /// The legal person the agent acts for.
    pub acting_for: Option<&'a ActingFor>,
    /// The granted scopes, space-separated.
    pub scope: &'a str,
    /// The authorization request's nonce.
    pub nonce: Option<&'a str>,
    /// When the person logged in.
    pub auth_time: DateTime<Utc>,
    /// The access token issued with the ID token, for `at_hash`.
    pub access_token: &'a str,
}

/// Signs an ID token stating `facts` with the algorithm the client registered: `EdDSA`, or
/// `ES256` for anything else.
///
/// # Errors
/// A [`JsonWebTokenError`] when signing fails.
pub fn sign_id_token(
    keys: &OidcKeys,
    algorithm: &str,
    facts: &IdTokenFacts<'_>,
) -> Result<HubIdToken, JsonWebTokenError> {
    let now = Utc::now();
    let standard =
        StandardClaims::new(SubjectIdentifier::new(facts.account.id.clone())).set_name(Some(
            LocalizedClaim::from(EndUserName::new(facts.account.name.clone())),
        ));
    let claims = HubIdTokenClaims::new(
        facts.issuer.clone(),
        vec![Audience::new(facts.client_id.to_owned())],
        now + Duration::seconds(ID_TOKEN_LIFETIME_SECONDS),
        now,
        standard,
        TongbanClaims::of(facts.account, facts.acting_for, facts.scope),
    )
    .set_auth_time(Some(facts.auth_time))
    .set_nonce(facts.nonce.map(|nonce| Nonce::new(nonce.to_owned())));
    let access_token = AccessToken::new(facts.access_token.to_owned());

    if algorithm == "EdDSA" {
        HubIdToken::new(
            claims,
            keys.eddsa(),
            CoreJwsSigningAlgorithm::EdDsa,
            Some(&access_token),
            None,
        )
    } else {
        HubIdToken::new(
            claims,
            keys.es256(),
            CoreJwsSigningAlgorithm::EcdsaP256Sha256,
            Some(&access_token),
            None,
        )
    }
}

/// Returns the userinfo response for `account` under the granted `scope`: `sub`, `name` and
/// the tongban claims.
pub fn userinfo_json(
    account: &Account,
    acting_for: Option<&ActingFor>,
    scope: &str,
) -> serde_json::Value {
    let mut body = serde_json::json!({
        "sub": account.id,
        "name": account.name,
        "assurance_level": account.assurance_level.as_str(),
        "account_type": account.account_type.as_str(),
    });
    let Some(object) = body.as_object_mut() else {
        return body;
    };
    if let Some(acting) = acting_for {
        object.insert(
            "acting_for".to_owned(),
            serde_json::json!({ "credit_code": acting.credit_code, "name": acting.name }),
        );
    }
    if let Some(number) = account
        .resident_id
        .as_ref()
        .filter(|_| releases_resident_id(scope))
    {
        object.insert("resident_id".to_owned(), serde_json::json!(number));
    }
    body
}
