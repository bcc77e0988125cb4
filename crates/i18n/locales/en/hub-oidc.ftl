# The hub's OpenID Provider: authorization errors shown instead of redirecting, and logout.

oidc-error-title = Login request rejected
oidc-parameter-repeated = The login request names the parameter { $name } more than once. Go back to the service you came from and try again.
oidc-client-id-missing = The login request does not say which service it comes from (client_id is missing).
oidc-client-unknown = The service "{ $client_id }" is not registered with the national platform, or its registration was revoked.
oidc-redirect-uri-missing = The login request does not say where to return (redirect_uri is missing).
oidc-redirect-uri-unregistered = The return address "{ $redirect_uri }" is not registered for this service, so the national platform will not send you there.
oidc-logout-hint-invalid = The logout request carries an ID token that the national platform did not issue.
oidc-logout-client-mismatch = The logout request names one service in client_id and another in its ID token.
oidc-logout-client-unknown = The logout request asks to return to a service, but names no registered service.
oidc-logout-redirect-unregistered = The return address "{ $uri }" is not registered for logout from this service, so the national platform will not send you there.
logout-confirm-title = Log out
logout-confirm-intro = A service asks to log you out of the national platform. Log out?
logout-confirm-submit = Log out
logout-confirm-cancel = Stay logged in
logged-out-title = Logged out
logged-out-intro = You have logged out of the national platform.
