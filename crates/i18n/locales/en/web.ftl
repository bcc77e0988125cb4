# Shared by every page.

layout-skip-to-content = Skip to content
layout-account-nav = Account and language
layout-main-nav = Main navigation
layout-login = Log in
layout-logout = Log out
# Between a label and its value in running text.
layout-label-separator = {": "}
layout-footer = Integrated online government services · one network handles it all
error-unauthorized = Please log in first.
error-forbidden = You are not allowed to do this.
error-not-found = The page or data you asked for cannot be found.
error-unavailable = The service is busy; please try again shortly.
error-internal = The service had an internal error, which was logged; please try again later.
error-back-home = Back to the home page
error-title-not-found = Not found
error-title-forbidden = Not allowed
error-title-bad-request = Invalid request
error-title-internal = Service error
error-title-conflict = Cannot be done now
error-invalid = Some entries are invalid. Check them and try again.
error-csrf = The form expired or came from elsewhere; reload the page and send it again.
hub-home-title = Home
hub-home-intro = One network handles it all: log in once and apply anywhere. Register and log in here, then use any provincial or department platform.
node-home-title = Home
node-home-intro = Find and apply for the government services of this region or department.
