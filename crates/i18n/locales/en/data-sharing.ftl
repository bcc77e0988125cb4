## Data sharing: real-name verification, the data resource catalog and the data access log.

assurance-registry-verified = Verified against the population registry
assurance-registry-verified-explained = Your name and resident ID number match the population registry.

verification-verified = Real-name verification passed: your name and resident ID number match the population registry.
verification-name-mismatch = Real-name verification failed: the name does not match the name the population registry holds for this resident ID number. Check the name and verify again.
verification-not-found = Real-name verification failed: the population registry has no such resident ID number. Check the resident ID number.
verification-rejected = The population registry rejected the verification request, so your identity is not verified yet. Try again later.
verification-pending = The population registry has not answered yet, so your identity is not verified yet. The page updates when the answer arrives, or you can try again later.
verification-unavailable = The population registry cannot be reached right now, so your identity is not verified yet. Try again later.
verification-retry = Verify my identity again

data-access-link = See who used my data
data-access-title = Use of my data
data-access-intro = Every use of your personal data by government departments through data sharing: who used it, which data, when, for which purpose and case.
data-access-empty = Nobody has used your data yet.
data-access-time = Time
data-access-consumer = Used by
data-access-service = Data service
data-access-fields = Data fields
data-access-purpose = Purpose
data-access-case = Case number
data-access-outcome = Outcome
data-access-consumer-hub = National Government Service Platform (real-name verification at registration)
data-access-answered = Provided
data-access-rejected = Rejected ({ $reason })

data-services-title = Data resource catalog
data-services-intro = Data services that departments publish for other platforms. A conditional data service can be called only with a grant the provider approved for a purpose.
data-services-empty = The catalog has no data services yet.
data-services-name = Name
data-services-provider = Providing department
data-services-fields = Data fields
data-services-class = Sharing class
data-services-legal-basis = Legal basis
data-sharing-class-unconditional = Unconditional sharing
data-sharing-class-conditional = Conditional sharing
data-sharing-class-not-shareable = Not shareable

cli-out-access-log-intact = The data access log is intact: { $entries } entries checked.
cli-out-access-log-broken = The data access log is broken at entry { $sequence }: { $problem } ({ $entries } entries before it are intact.)

data-grant-invalid = The grant is invalid: { $detail }
data-grant-admin-only = Only staff with the admin role may request or decide grants of data services.
data-check-fields-missing = Choose at least one data field to ask for.
data-check-no-resident-id = The applicant has no resident ID number, so the population registry cannot be asked.
data-check-no-grant = This node holds no approved grant of this data service; request one from its provider first.
data-check-heading = Check the applicant's data
data-check-intro = Ask the population registry instead of asking the applicant for paper. The call and its result are added to the case history.
data-check-submit = Check identity and household registration
case-page-event-data-query-sent = Data service called
case-page-event-data-query-answered = Data service answered
case-page-detail-data-query = { $service } at { $provider }
cli-out-registry-seeded = Generated { $generated } people; { $added } were added to the population registry, the others were in it already.

cli-registry = Fill the population registry of a ministry node with generated people.
cli-registry-seed = Add generated people with valid, synthetic resident ID numbers to the population registry. The same seed always yields the same people, and numbers the registry has already are skipped.
cli-registry-seed-config = Configuration file of the node that hosts the registry (TOML).
cli-registry-seed-count = How many people to generate.
cli-registry-seed-seed = Seed of the generator; the demo uses the default.
cli-registry-seed-json = Print one JSON object on standard output.

data-grants-title = Data sharing grants
data-grants-intro = Grants of data services this node holds from providers and gave to other platforms. A conditional data service can be called only under an approved, valid grant.
data-grants-held = Grants this node holds
data-grants-given = Grants this node gave
data-grants-none = None.
data-grants-back = Back to the grants
data-grant-request-title = Request a grant
data-grant-request-intro = Ask the providing node for a grant of one data service. Its admin approves or denies the request; the decision appears in the list.
data-grant-field-service = Data service
data-grant-field-provider = Providing node
data-grant-field-consumer = Consuming platform
data-grant-field-purpose = Purpose
data-grant-field-legal-basis = Legal basis
data-grant-field-fields = Data fields
data-grant-field-other-fields = Other data fields, separated by commas
data-grant-field-valid-until = Valid until
data-grant-field-rate-limit = Rate limit (queries per minute)
data-grant-field-status = Status
data-grant-field-reason = Reason
data-grant-choose-provider = Choose a node
data-grant-submit = Send the request
data-grant-decide = Decide the request
data-grant-approve = Approve
data-grant-deny = Deny
data-grant-status-requested = Requested
data-grant-status-approved = Approved
data-grant-status-denied = Denied
data-grant-requested = The request was sent to the providing node.
data-grant-decided = The decision was recorded and sent to the consuming platform.
data-grant-error-required = { $field } is missing. Fill it in.
data-grant-error-fields = Data fields: choose or type at least one field.
data-grant-error-date = Valid until: enter a date as YYYY-MM-DD.
data-grant-error-past = Valid until: the date must be today or later.
data-grant-error-rate = Rate limit (queries per minute): enter a whole number of at least 1.
data-grant-error-decision = Unknown decision “{ $decision }”: choose approve or deny.
