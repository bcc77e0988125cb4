# Receiving and handling places, the national case index and cross-province handling.

case-page-receiving-place = Receiving place
case-page-handling-place = Handling place

case-index-nav = My cases
case-index-title = My cases at every platform
case-index-intro = Every case you applied for, at any provincial or department platform, with its latest status. Open a case number to see the case at the platform that handles it.
case-index-empty = You have no cases yet.
case-index-changed = Last change

case-elsewhere-heading = My cases at other platforms
case-elsewhere-empty = You have no cases at other platforms.
case-elsewhere-login-needed = Your login here is too old to read your cases at other platforms from the national platform.
case-elsewhere-login-link = Log in again
case-elsewhere-unavailable = Your cases at other platforms cannot be shown now, because the national platform cannot be reached. Try again later.

case-page-event-handling-place-status = Status reported by the handling place

case-collect-name-missing = Enter the applicant's name as on their identity card.
case-collect-id-invalid = The resident ID number is invalid: { $reason }
case-page-event-request-contribution = Contribution asked of another platform
case-page-event-contribution = Contribution of another platform

case-contribution-text-missing = Enter the text.
case-contribution-text-too-long = The text is longer than 2000 characters; shorten it.
case-contribution-no-passage = This platform cannot reach other platforms, so it cannot ask for contributions.
case-contribution-contributor-invalid = Name another platform by its node id, such as gd.

implementation-rule-handled-at = Implementation { $id }: handled_at needs the node id of the handling place and its implementation id.
