//! `tongban hub register-client`: registers a relying party with the hub's OpenID Provider and
//! prints its client secret once.

use serde_json::{Map, json};
use tongban_i18n::{Lang, Message};
use tongban_services::oidc_clients::{self, NewClient};

use super::{connect, load_hub_config, print_error};
use crate::args::RegisterClientArgs;
use crate::output::{self, Outcome};

/// The maximum length of a client id, in ASCII characters.
const MAX_CLIENT_ID_LENGTH: usize = 64;

pub(super) fn run(lang: Lang, args: &RegisterClientArgs) -> Outcome {
    let (config, _) = match load_hub_config(&args.config, lang, args.json) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    if let Err(message) = check_arguments(args) {
        return print_error("invalid-client", &message, &Map::new(), lang, args.json);
    }
    let client = NewClient {
        client_id: args.client_id.clone(),
        name_zh: args
            .name_zh
            .clone()
            .unwrap_or_else(|| args.client_id.clone()),
        name_en: args
            .name_en
            .clone()
            .unwrap_or_else(|| args.client_id.clone()),
        redirect_uris: args.redirect_uri.clone(),
        post_logout_redirect_uris: args.post_logout_uri.clone(),
        id_token_signed_response_alg: args.alg.clone(),
        node_id: None,
    };
    let actor = args
        .actor
        .clone()
        .unwrap_or_else(crate::commands::default_actor);

    let registered = crate::commands::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let registered = oidc_clients::register_client(&store, client, &actor).await;
        store.pool().close().await;
        Ok(registered)
    });
    let secret = match registered {
        Ok(Ok(secret)) => secret,
        Ok(Err(error)) => {
            let message = Message::new("cli-out-failed").arg("error", error.to_string());
            return print_error("failed", &message, &Map::new(), lang, args.json);
        }
        Err(outcome) => return outcome,
    };

    if args.json {
        output::print_json(&json!({
            "client_id": args.client_id,
            "client_secret": secret,
            "redirect_uris": args.redirect_uri,
            "post_logout_redirect_uris": args.post_logout_uri,
            "id_token_signed_response_alg": args.alg,
        }));
        return Outcome::Valid;
    }
    let heading =
        Message::new("cli-out-hub-client-registered").arg("client_id", args.client_id.as_str());
    println!("{}", heading.render(lang));
    println!("{secret}");
    println!("{}", Message::new("cli-out-hub-client-use").render(lang));
    Outcome::Valid
}

/// Checks the client id and every URI before anything is stored, and returns the message of
/// the first problem.
fn check_arguments(args: &RegisterClientArgs) -> Result<(), Message> {
    let id = &args.client_id;
    let id_ok = !id.is_empty()
        && id.len() <= MAX_CLIENT_ID_LENGTH
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !id_ok {
        return Err(Message::new("cli-out-hub-client-id-invalid").arg("client_id", id.as_str()));
    }
    for uri in args.redirect_uri.iter().chain(&args.post_logout_uri) {
        if !is_absolute_without_fragment(uri) {
            return Err(Message::new("cli-out-hub-client-uri-invalid").arg("uri", uri.as_str()));
        }
    }
    Ok(())
}

/// Returns whether `uri` is an absolute URL with a host and no fragment, as RFC 6749 section 3.1.2
/// requires of a redirection endpoint.
fn is_absolute_without_fragment(uri: &str) -> bool {
    url::Url::parse(uri).is_ok_and(|parsed| parsed.has_host() && parsed.fragment().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uri_rules() {
        assert!(is_absolute_without_fragment("http://127.0.0.1:9/cb"));
        assert!(is_absolute_without_fragment(
            "https://gd.example.gov.cn/oidc/callback?x=1"
        ));
        assert!(!is_absolute_without_fragment("/relative/callback"));
        assert!(!is_absolute_without_fragment(
            "https://gd.example.gov.cn/cb#part"
        ));
        assert!(!is_absolute_without_fragment("not a uri"));
    }
}
