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
staff-rule-login-name = The login name must be 3 to 32 lowercase letters, digits, dots, hyphens or underscores.
staff-rule-name = The name must not be empty.
staff-rule-roles = Roles must be one or more of intake, reviewer, approver, supervisor and admin.
staff-rule-password = A staff password has at least 12 characters.
staff-login-title = Staff login
staff-home-title = Workbench
staff-field-login-name = Login name
staff-field-password = Password
staff-login-submit = Log in
staff-login-rejected = The login name or the password is wrong.
staff-login-locked = Too many failed logins: the account is locked; try again after { $until } (Beijing time).
staff-home-greeting = Welcome,
staff-home-node = Platform
staff-home-roles = Roles
staff-home-department = Department
staff-home-whole-node = whole platform
