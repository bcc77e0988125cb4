# Accounts at the hub: registration, login, the account page, legal persons and agents.

hub-nav-home = Home
hub-nav-account = My account
form-errors-heading = Please correct the following:

## Fields

field-name = Name
field-name-hint = As on your resident identity card.
field-resident-id = Resident ID number
field-resident-id-hint = 18 characters; the last one may be X.
field-phone = Mobile phone number
field-phone-hint = 11 digits, such as 138 0013 8000.
field-password = Password
field-password-hint = At least 8 characters. It must not be your ID number or phone number.
field-password-confirmation = Password again
field-identifier = Resident ID number or mobile phone number
field-identifier-hint = Hub operators enter their login name.
field-login-name = Login name
field-credit-code = Unified social credit code
field-credit-code-hint = 18 characters, as on the business licence.
field-legal-person-name = Name of the legal person

## Field rules

account-name-missing = Name: enter your name.
account-name-too-long = Name: use at most { $max } characters ({ $found } were entered).
account-name-characters = Name: line breaks and control characters are not allowed.
account-phone-missing = Mobile phone number: enter your mobile phone number.
account-phone-format = Mobile phone number: "{ $input }" is not a mainland mobile number; enter 11 digits starting with 13 to 19.
account-phone-taken = Mobile phone number: another account already uses this number.
account-resident-id-taken = Resident ID number: an account with this number exists already. Log in instead.
account-password-too-short = Password: use at least { $min } characters.
account-password-too-long = Password: use at most { $max } characters.
account-password-is-resident-id = Password: it must not be your resident ID number, which many people know.
account-password-is-phone = Password: it must not be your mobile phone number, which many people know.
account-password-is-login-name = Password: it must not be the login name.
account-password-mismatch = Password again: the two passwords differ; type the same password twice.
account-login-name-format = Login name: "{ $input }" is not valid; use 3 to 32 lowercase letters, digits, dots, underscores or hyphens, starting with a letter.
account-login-name-taken = Login name: another account already uses this login name.
legal-person-name-missing = Name of the legal person: enter the name on the business licence.
legal-person-name-too-long = Name of the legal person: use at most { $max } characters ({ $found } were entered).
legal-person-name-characters = Name of the legal person: line breaks and control characters are not allowed.
legal-person-taken = Unified social credit code: this legal person is registered already. Ask one of its agents to add you.
legal-person-mandate-exists = Unified social credit code: this person is an agent of the legal person already.

## Registration

register-title = Register
register-intro = Create one account for every government service platform. Your name and ID number are recorded as you enter them; they are checked against the population registry later.
register-submit = Register
register-have-account = Already registered?
register-link = Register

## Login

login-title = Log in
login-submit = Log in
login-no-account = No account yet?
login-already = You are logged in as { $name }. Log in again to continue, or as someone else.
login-rejected = The ID number or phone number, or the password, is wrong. Check both and try again.
login-locked = Too many failed attempts: logging in with this ID number or phone number is locked until { $until } (Beijing time). Try again then.

## Account page

account-title = My account
account-profile-heading = Profile
account-type-label = Account type
account-type-natural-person = Natural person
account-type-operator = Hub operator
account-assurance-label = Identity assurance
assurance-self-asserted = Self-asserted
assurance-self-asserted-explained = You entered your name and ID number yourself; they have not been checked against the population registry yet. Some services need a checked identity.
account-role-label = Role
role-user = User
role-admin = Administrator
account-logout-submit = Log out of the national platform

## Acting for a legal person

acting-title = Act for
acting-heading = Acting for
acting-intro = You are an agent of one or more legal persons. Choose whom you act for in this session; services you use see the choice.
acting-legend = Act for
acting-choice-self = Myself ({ $name })
acting-choice-legal-person = { $name } (unified social credit code { $credit_code })
acting-current-self = You act for yourself.
acting-current-legal-person = You act as agent for { $name } (unified social credit code { $credit_code }).
acting-submit = Change
acting-continue = Continue

## Legal persons

legal-persons-heading = Legal persons
legal-persons-none = You are not the agent of any legal person.
legal-persons-caption = Legal persons you act for as agent
legal-persons-granted-at = Agent since
legal-person-register-heading = Register a legal person
legal-person-register-intro = Register a company or institution whose agent you are. You become its first agent and can act for it.
legal-person-register-submit = Register the legal person
