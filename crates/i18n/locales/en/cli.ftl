# Command line: help texts (keys cli-<command path>[-<argument>]) and output.

cli = The integrated online government service platform: hub and nodes in one binary.
cli-reference-data = Directory of the reference data sets (divisions, holiday schedules, service items).
cli-lang = Language of messages: zh-CN (default) or en.
cli-ids = Check identifiers: resident ID numbers, credit codes, division codes and more.
cli-ids-check = Check one identifier; exit code 0 valid, 1 invalid, 2 usage or data error.
cli-ids-check-kind = Kind of identifier.
cli-ids-check-value = The value to check.
cli-ids-check-strict = Accept only the canonical form, as in machine-to-machine fields.
cli-ids-check-region-any-year = Accept a resident ID number whose region code was in use in any year, not only when the number was assigned.
cli-ids-check-json = Print one JSON object on standard output.
cli-calendar = Working days and time limits on the official holiday schedules.
cli-calendar-deadline = Compute the day a period of working days ends (the starting day is not counted).
cli-calendar-deadline-from = Starting day, YYYY-MM-DD.
cli-calendar-deadline-working-days = Length of the period in working days.
cli-calendar-deadline-json = Print one JSON object on standard output.
cli-calendar-days = Count the working days of a year.
cli-calendar-days-year = The year.
cli-calendar-days-json = Print one JSON object on standard output.
cli-data = Inspect the reference data directory.
cli-data-check = Report what the reference data directory holds and what is wrong with it.
cli-data-check-json = Print one JSON object on standard output.
cli-import = Import reference data into a database.
cli-import-catalog = Import the service catalog; running it again imports no new rows.
cli-import-catalog-database-url = Database to import into: sqlite://FILE or postgres://….
cli-import-catalog-json = Print one JSON object on standard output instead of the progress bar.

cli-out-valid = Valid { $kind }: { $value }
cli-out-invalid = Invalid: { $reason }
cli-out-deadline = { $days } working days from { $from } end on { $deadline }.
cli-out-days = { $year } has { $count } working days.

id-kind-resident = resident ID number
id-kind-uscc = unified social credit code
id-kind-orgcode = organization code
id-kind-division = division code
id-kind-cert-id = e-certificate identifier
id-kind-implementation-code = implementation code
id-kind-case-number = case number
cli-out-import-progress = Importing items
cli-out-import-summary = { $inserted } inserted, { $updated } updated, { $unchanged } unchanged, { $rejected } rows rejected. The database holds { $total } items, { $complete } of them with a complete service guide.
cli-out-import-failed = The import failed: { $error }
