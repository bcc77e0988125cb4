# Service guides and catalog search: the hub's national catalog, a node's implementation list and
# their JSON API.

## Pages and navigation
catalog-nav-services = Services
catalog-search-title = Find a service
catalog-list-title = Services offered here
catalog-search-intro-hub = Search the national catalog of government services and read each one's service guide.
catalog-search-intro-node = Search the services you can apply for online on this platform.
catalog-home-heading = Find a government service
catalog-home-browse = Browse all services
catalog-home-offered = Services offered here
catalog-home-all = See all services offered here

## Search form
catalog-search-form = Service search
catalog-search-label = Service name or keywords
catalog-search-hint = For example: ID card, social security card, energy review. Separate words with spaces; every word must match.
catalog-filters = Filters
catalog-filter-type = Item type
catalog-filter-type-all = All types
catalog-filter-department = Department
catalog-filter-department-all = All departments
catalog-filter-complete = Only services with a complete service guide
catalog-search-submit = Search

## Results
catalog-results-heading = Results
catalog-results-summary = { $total } services found, showing { $first }–{ $last }.
catalog-results-none = No services match. Try other words or fewer filters.
catalog-results-empty-list = No services yet.
catalog-results-past-end = { $total } services found, but this page is past the last result; go back to the first page.
catalog-hit-type = Item type
catalog-hit-department = Department
catalog-hit-region = Region
catalog-hit-incomplete = Service guide incomplete
catalog-paging = Pages
catalog-page-previous = Previous page
catalog-page-next = Next page
catalog-page-position = Page { $page } of { $pages }

## Parameter errors
catalog-param-number = The parameter { $name } must be a whole number of 0 or more, but "{ $value }" was given.
catalog-param-page = The parameter page (page number) starts at 1.
catalog-param-type = The parameter type must be a two-digit item type code of GB/T 39046 list A.1, such as 01 or 20; "{ $value }" is not one.
catalog-param-flag = The parameter { $name } must be true or false, but "{ $value }" was given.

## Service guide
guide-title = Service guide
guide-kicker-hub = National service catalog · service guide
guide-heading = Service guide
guide-back-to-search = Back to the service search
guide-back-to-list = Back to the services offered here
guide-incomplete-title = Service guide incomplete
guide-incomplete-text = The source has not published a complete service guide for this service: the statutory time limit, fees, legal basis or materials are missing. Only what the source published is shown, and nothing is guessed; ask the implementing department before you apply.
guide-none-published = The source has not published a service guide for this service.
guide-part-missing = The source has not published this part.
guide-not-stated = Not stated
guide-yes = Yes
guide-no = No
guide-facts-heading = About this service
guide-fact-item-type = Item type
guide-fact-exercise-level = Exercise level
guide-fact-implementing-body = Implementing body
guide-fact-body-credit-code = Implementing body's unified social credit code
guide-fact-implementation-code = Implementation code
guide-fact-item-code = Base catalog code
guide-fact-region = Region
guide-fact-online-url = Official guide address (not checked)
guide-fact-source = Data source
guide-conditions-heading = Acceptance conditions
guide-materials-heading = Required materials
guide-material-name = Material
guide-material-required = Required
guide-material-originals = Originals
guide-material-copies = Copies
guide-material-source = Source
guide-material-standard = Requirement:
guide-limits-heading = Time limits
guide-limit-statutory = Statutory time limit
guide-limit-promised = Promised time limit
guide-working-days = { $days ->
    [one] { $days } working day
   *[other] { $days } working days
}
guide-limit-unit-code = { $value } (time limit unit code { $unit }, as published)
guide-limit-unit-missing = { $value } (the source states no unit)
guide-fees-heading = Fees
guide-fee-charged = A fee is charged
guide-fee-free = No fee
guide-fee-description = The source's note:
guide-basis-heading = Legal basis

## Node service guide
guide-node-heading = Apply on this platform
guide-node-department = Handling department
guide-node-department-code = Handling department's unified social credit code
guide-node-statutory = Statutory time limit here
guide-node-promised = Promised time limit here
guide-apply = Apply online
guide-apply-login-hint = You log in first; after login you come back to the application.
guide-form-heading = What you will be asked
guide-form-intro = Besides who applies, the application form asks for:
guide-form-none = Besides who applies, the form asks for nothing else.
guide-form-field = Question
guide-form-kind = Kind
guide-form-required = Required
field-kind-text = Text
field-kind-textarea = Longer text
field-kind-number = Number
field-kind-date = Date
field-kind-select = Choice
field-kind-phone = Mobile phone number
field-kind-resident-id = Resident ID number
field-kind-credit-code = Unified social credit code

## Code list names (GB/T 39046 lists A.1 and A.2)
item-type-01 = Administrative licensing
item-type-02 = Administrative penalty
item-type-03 = Administrative coercion
item-type-04 = Administrative levy
item-type-05 = Administrative payment
item-type-06 = Administrative inspection
item-type-07 = Administrative confirmation
item-type-08 = Administrative reward
item-type-09 = Administrative adjudication
item-type-10 = Other administrative power
item-type-20 = Public service
exercise-level-1 = National
exercise-level-2 = Provincial
exercise-level-3 = Prefecture
exercise-level-4 = County
exercise-level-5 = Township (street)
exercise-level-6 = Village (community)
exercise-level-7 = Managed across levels

## API documentation
api-docs-title = API documentation
api-docs-intro = This page shows the platform's JSON API with Swagger UI. Without scripts, download the OpenAPI 3.1 document:
api-docs-json-link = openapi.json
