# Importing a node's implementation list.

implementation-file-invalid = The implementation list is invalid: { $detail }
implementation-duplicate-id = The implementation list has the id { $id } twice.
implementation-rule-id = Implementation { $id }: the id must be 1 to 64 lowercase letters, digits and hyphens.
implementation-rule-department = Implementation { $id }: the handling department is missing.
implementation-rule-item-unknown = Implementation { $id }: the catalog has no such item; import the catalog first.
implementation-rule-guide-incomplete = Implementation { $id }: the item's service guide is incomplete (statutory time limit, fees, legal basis or materials are missing), so it cannot be offered online.
implementation-rule-field-name = Implementation { $id }: the form field name "{ $field }" must be 1 to 40 lowercase letters, digits and underscores.
implementation-rule-field-duplicate = Implementation { $id }: the form field "{ $field }" appears twice.
implementation-rule-field-label = Implementation { $id }: the form field "{ $field }" needs a Chinese and an English label.
implementation-rule-field-options = Implementation { $id }: the field "{ $field }" must list options if and only if it is a choice field.
implementation-rule-field-length = Implementation { $id }: the form field "{ $field }" must allow 1 to 5000 characters.
