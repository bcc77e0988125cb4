# Identifier checks: each message names the field and the rule it breaks.

resident-empty = The resident ID number is empty.
resident-character = Resident ID number, position { $position }: "{ $found }" is not allowed. Positions 1 to 17 are digits; position 18 is a digit or an uppercase X.
resident-length = A resident ID number has 18 characters (15 for a legacy number), but { $found } were given.
resident-legacy-strict = This field takes only 18-character resident ID numbers; convert the 15-digit legacy number first.
resident-check-character = Resident ID number: the check character (position 18) should be { $expected }, not { $found }. Check the number.
resident-birth-date = Resident ID number: the birth date { $text } is not a real date.
resident-birth-future = Resident ID number: the birth date { $date } is after today ({ $today }).
resident-region-unknown = Resident ID number: the region code { $code } has not been a division code at any time since 1981.
resident-region-not-in-use = Resident ID number: the region code { $code } ({ $name }) was in use from { $from }{ $last ->
    [none] {""} onwards
   *[other] {""} to { $last }
}, which does not fit the birth year { $birth_year }: a number carries the region code in use when it was assigned.

division-format = A division code has 6 digits, but "{ $input }" was given.
division-unknown = The division code { $code } has not been used at any time since { $first_year }.

orgcode-length = An organization code has 9 characters, but { $found } were given.
orgcode-character = Organization code, position { $position }: "{ $found }" is not allowed. Positions 1 to 8 are digits or uppercase letters; position 9 is a digit or X.
orgcode-check-character = Organization code: the check character should be { $expected }, not { $found }.

uscc-length = A unified social credit code has 18 characters, but { $found } were given.
uscc-character = Unified social credit code, position { $position }: "{ $found }" is not allowed. Only digits and uppercase letters other than I, O, S, V and Z are.
uscc-division-format = Unified social credit code: positions 3 to 8 are a division code of 6 digits, but "{ $text }" was given.
uscc-check-character = Unified social credit code: the check character (position 18) should be { $expected }, not { $found }. Check the code.
uscc-resident-id-given = This is a resident ID number, not a unified social credit code.
uscc-org-code-check = Unified social credit code: the organization code { $org_code } in positions 9 to 17 fails its check (its check character should be { $expected }).
uscc-unknown-authority = Unified social credit code: "{ $found }" in position 1 is not a registration authority code.
uscc-unknown-category = Unified social credit code: "{ $found }" in position 2 is not an entity category of registration authority "{ $authority }".
uscc-division-unknown = Unified social credit code: the division code { $code } in positions 3 to 8 has not been used at any time since 1981.

certid-root = An e-certificate identifier starts with the root code { $root }.
certid-part-count = An e-certificate identifier has 5 parts after the root code (type code, issuer code, serial, version, check character), but { $found } were given.
certid-type-code = E-certificate identifier: the type code "{ $text }" should be 21 digits or uppercase letters.
certid-issuer-code = E-certificate identifier: the issuer code "{ $text }" should be an 18-character unified social credit code.
certid-serial = E-certificate identifier: the serial "{ $text }" should be 1 to { $max } digits or uppercase letters.
certid-version = E-certificate identifier: the version "{ $text }" should be 3 digits from 001 to 999.
certid-check-character = E-certificate identifier: the check character should be { $expected }, not "{ $found }".

implcode-length = An implementation code has 31 characters (18 for the implementing body's credit code, 1 for the exercise level, 12 for the catalog code), but { $found } were given.
implcode-implementing-body = Implementation code: the implementing body's code in positions 1 to 18 is invalid. { $reason }
implcode-level = Implementation code: the exercise level "{ $found }" in position 19 is not between 1 and 7.
implcode-catalog-code = Implementation code: the catalog code "{ $text }" in positions 20 to 31 may hold only digits and uppercase letters.

casenumber-length = A case number has 22 characters, but { $found } were given.
casenumber-node-code = Case number: the node code "{ $text }" in positions 1 to 6 should be digits or uppercase letters.
casenumber-date = Case number: the date "{ $text }" in positions 7 to 14 is not a real date.
casenumber-sequence = Case number: the sequence "{ $text }" in positions 15 to 21 should be from 0000001 to 9999999.
casenumber-check-character = Case number: the check character should be { $expected }, not { $found }.
