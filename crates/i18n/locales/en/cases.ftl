# Applications, materials, handling and time limits of cases.

case-not-found = The case cannot be found, or you may not see it.
case-changed-meanwhile = Someone else changed the case meanwhile. Reload it and try again.
case-role-missing = Only staff with the { $role } role can { $action }.
case-role-intake = intake
case-role-reviewer = reviewer
case-role-approver = approver
case-role-supervisor = supervisor
case-role-admin = admin
case-not-editable = The case's status is "{ $status }", so it can no longer be changed.
case-invalid = Some entries are invalid. Check them and try again.
case-implementation-unavailable = This platform no longer handles the item "{ $id }".
case-internal = The service had an internal error, which was logged; please try again later.

case-field-required = Fill in "{ $label_en }".
case-field-too-long = "{ $label_en }" has { $length } characters; the maximum is { $max }.
case-field-number = "{ $label_en }" must be a number, such as 12 or 3.5.
case-field-date = "{ $label_en }" must be a date written YYYY-MM-DD, such as 2025-10-09.
case-field-option = For "{ $label_en }", choose one of: { $options }.
case-field-phone = "{ $label_en }" must be an 11-digit mobile number starting with 13 to 19.
case-field-identifier = "{ $label_en }" is invalid: { $reason }
case-field-unknown = The form has no field "{ $name }", so its value was not saved.

case-material-unknown = The service guide lists no material "{ $material }".
case-material-empty = The file for the material "{ $material }" is empty.
case-material-too-large = The file for the material "{ $material }" has { $size } bytes; the maximum is { $max } bytes.
case-material-type = The material "{ $material }" accepts PDF, JPEG, PNG or OFD files only, and the content of "{ $file }" is none of these.
case-material-type-mismatch = The file "{ $file }" for the material "{ $material }" is marked as { $claimed }, but its content is { $detected }. Upload a file whose content matches its name and type.
case-material-missing = Upload the material "{ $material }".

case-reason-required = Give a reason to { $action }.
case-correction-items-required = A correction request lists everything to correct, one item each.
case-special-procedure-required = To start a special procedure, choose its type and give its name.

case-reason-deemed-acceptance = No correction was requested within five working days of receipt, so under art. 32 of the Administrative Licensing Law the application counts as accepted from the day it was received.
case-reason-calendar-replaced = The holiday schedule was revised, so the due dates were computed again.
