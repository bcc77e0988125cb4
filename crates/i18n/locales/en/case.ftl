# Case states and steps.

case-status-draft = draft
case-status-submitted = submitted
case-status-correction-requested = correction requested
case-status-rejected-at-intake = rejected at intake
case-status-accepted = accepted
case-status-under-review = under review
case-status-special-procedure = in a special procedure
case-status-approved = approved
case-status-denied = denied
case-status-closed = closed
case-status-withdrawn = withdrawn
case-action-submit = submit the application
case-action-accept = accept
case-action-reject = reject at intake
case-action-request-correction = request a correction
case-action-answer-correction = supply the corrections
case-action-start-review = start the review
case-action-start-special-procedure = start a special procedure
case-action-end-special-procedure = end the special procedure
case-action-approve = approve
case-action-deny = deny
case-action-close = close
case-action-withdraw = withdraw the application
case-transition-not-allowed = The case is { $status }, so you cannot { $action }.
case-transition-wrong-actor = You cannot { $action } on this case.
