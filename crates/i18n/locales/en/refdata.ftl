# Loading and checking the reference data.

refdata-not-found = No reference data directory was found (tried { $tried }). Pass --reference-data DIR or set { $variable }.
refdata-not-a-directory = The reference data directory { $path } does not exist or is not a directory.
refdata-io = Cannot read { $path }: { $error }
refdata-invalid = { $path }:{ $line }: { $reason }
refdata-unparsable = cannot be parsed: { $error }
refdata-empty-file = The file has no rows.
refdata-division-level = The level "{ $value }" is not province, prefecture or county.
refdata-division-status = The status "{ $value }" is not active, abolished or changed.
refdata-division-years = The end year { $end } is not after the start year { $start }.
refdata-division-active-ended = An active record has an end year.
refdata-division-successor = The successor "{ $value }" has no valid [year].
refdata-holiday-no-notice = { $date } is in { $year }, which has no State Council holiday notice.
refdata-holiday-two-notices = There are two holiday notices for { $year }.
refdata-holiday-weekday = { $date } is weekday { $weekday }, but iso_weekday says { $stated }.
refdata-holiday-kind = The kind "{ $value }" is not off or work.
refdata-holiday-gap = Holiday schedules are missing for { $years }.
refdata-holiday-agree = Two independent sources agree on every working day of { $first }–{ $last }.
refdata-holiday-disagree = The two sources disagree on whether these dates are working days: { $dates }.
refdata-rejected-row = Not imported: { $file }:{ $line }: { $reason }
refdata-guides-complete = { $complete } of { $total } items have a complete service guide; the others are marked guide-incomplete.
refdata-needs-divisions = The division codes cannot be loaded, so the catalog cannot be checked.

catalog-reject-missing-id = The record id is missing.
catalog-reject-missing-name = The item name is missing.
catalog-reject-duplicate-id = The record id { $record_id } appears twice in the same source.
catalog-reject-region = Invalid division code: { $reason }
catalog-reject-agency-uscc = Invalid credit code of the implementing body: { $reason }
catalog-reject-implementation-code = Invalid implementation code: { $reason }
catalog-reject-json = The JSON cannot be parsed: { $error }
catalog-reject-csv = The CSV row cannot be parsed: { $error }

data-check-directory = Reference data directory: { $dir }
data-check-collected = Collected: { $date }
data-check-rows = { $file }: { $rows } rows
data-check-years = Years covered: { $first }–{ $last }
data-check-set-ok = complete and valid
