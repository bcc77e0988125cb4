#!/usr/bin/env python3
"""Log in to a tongban hub as a relying party written with authlib would.

Usage: authlib_login.py HUB_URL CLIENT_ID CLIENT_SECRET ID_NUMBER PASSWORD [REDIRECT_URI]

The client must be registered with REDIRECT_URI, by default http://127.0.0.1:9/CLIENT_ID/callback.
Nothing is sent to the redirect URI: the script reads the code from the hub's redirect, as a
browser would hand it over. On success it prints one JSON object with the validated ID token
claims and the userinfo response, and exits 0; any failure raises and exits non-zero.

Needs: python3 -m pip install authlib requests
"""

import contextlib
import html.parser
import json
import secrets
import sys
from urllib.parse import urljoin

import requests
from authlib.integrations.base_client.sync_openid import OpenIDMixin
from authlib.integrations.requests_client import OAuth2Session

TIMEOUT_SECONDS = 10


class HiddenInputs(html.parser.HTMLParser):
    """Collects the hidden inputs of the login form, such as the CSRF token."""

    def __init__(self):
        super().__init__()
        self.values = {}
        self.form_action = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("action") == "/login":
            self.form_action = attributes["action"]
        if tag == "input" and attributes.get("type") == "hidden":
            self.values[attributes.get("name")] = attributes.get("value", "")


class HubClient(OpenIDMixin):
    """authlib's OpenID helpers (ID token parsing) on top of an OAuth2Session."""

    def __init__(self, session, metadata, client_id):
        self.session = session
        self.server_metadata = metadata
        self.client_id = client_id

    def load_server_metadata(self):
        return self.server_metadata

    def _get_session(self):
        # The mixin closes what it gets; the session is still needed afterwards.
        return contextlib.nullcontext(self.session)


def expect_redirect(response, what):
    if response.status_code not in (302, 303):
        raise RuntimeError(f"{what}: expected a redirect, got {response.status_code}: {response.text[:500]}")
    return urljoin(response.url, response.headers["Location"])


def main(hub_url, client_id, client_secret, id_number, password, redirect_uri):
    metadata = requests.get(f"{hub_url}/.well-known/openid-configuration", timeout=TIMEOUT_SECONDS).json()
    if metadata["issuer"] != hub_url:
        raise RuntimeError(f"issuer {metadata['issuer']!r} is not {hub_url!r}")
    if "S256" not in metadata.get("code_challenge_methods_supported", []):
        raise RuntimeError("the hub does not announce PKCE S256")

    oauth = OAuth2Session(
        client_id,
        client_secret,
        scope="openid profile",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )
    code_verifier = secrets.token_urlsafe(48)
    nonce = secrets.token_urlsafe(16)
    authorization_url, state = oauth.create_authorization_url(
        metadata["authorization_endpoint"], code_verifier=code_verifier, nonce=nonce
    )

    # The person's browser: it has no hub session, so the hub sends it to the login page.
    browser = requests.Session()
    login_page_url = expect_redirect(
        browser.get(authorization_url, allow_redirects=False, timeout=TIMEOUT_SECONDS), "authorization request"
    )
    login_page = browser.get(login_page_url, timeout=TIMEOUT_SECONDS)
    form = HiddenInputs()
    form.feed(login_page.text)
    if "csrf" not in form.values or form.form_action is None:
        raise RuntimeError("the login page has no login form with a CSRF token")
    fields = dict(form.values)
    fields.update({"identifier": id_number, "password": password})
    back_to_authorize = expect_redirect(
        browser.post(urljoin(login_page_url, form.form_action), data=fields, allow_redirects=False, timeout=TIMEOUT_SECONDS),
        "login",
    )
    callback = expect_redirect(
        browser.get(back_to_authorize, allow_redirects=False, timeout=TIMEOUT_SECONDS), "authorization after login"
    )
    if not callback.startswith(redirect_uri):
        raise RuntimeError(f"redirected to {callback!r}, not to the registered redirect URI")

    token = oauth.fetch_token(
        metadata["token_endpoint"],
        authorization_response=callback,
        state=state,
        code_verifier=code_verifier,
        timeout=TIMEOUT_SECONDS,
    )
    claims = HubClient(oauth, metadata, client_id).parse_id_token(token, nonce=nonce)
    userinfo = oauth.get(metadata["userinfo_endpoint"], timeout=TIMEOUT_SECONDS).json()
    if userinfo["sub"] != claims["sub"]:
        raise RuntimeError("userinfo speaks of another person than the ID token")

    print(json.dumps({"id_token": dict(claims), "userinfo": userinfo}, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    hub, client, secret, number, word = sys.argv[1:6]
    redirect = sys.argv[6] if len(sys.argv) == 7 else f"http://127.0.0.1:9/{client}/callback"
    main(hub.rstrip("/"), client, secret, number, word, redirect)
