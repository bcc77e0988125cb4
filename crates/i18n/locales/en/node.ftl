# Node portal: login and logout through the hub.

node-nav-home = Home
node-login-title = Log in
node-logout-title = Log out
node-login-expired = The login expired or was never started; please log in again.
node-login-state-mismatch = The login response does not belong to this session, so it was stopped for safety. Please log in again.
node-login-refused = The hub could not complete the login; please log in again.
node-home-greeting = Welcome,
node-home-assurance = Identity assurance level:
node-home-login-hint = Log in to apply for services here; one login works on every portal in the country.
