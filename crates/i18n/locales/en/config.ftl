# Errors of instance configuration files.

config-read = Cannot read the configuration file { $path }: { $error }
config-parse = The configuration file { $path } is invalid: { $detail }
config-invalid = The configuration key { $key } has an invalid value: { $rule }
config-rule-id = Use 1 to 32 lowercase letters, digits and hyphens.
config-rule-url = "{ $value }" must start with http:// or https:// and not end with a slash.
config-rule-section-other-role = An instance whose role is { $role } cannot have this section.
config-rule-section-missing = This section is missing.
config-rule-positive = It must be greater than 0.
config-rule-lease = It must be greater than passage.request_timeout_seconds ({ $timeout }), or a slow post loses its lease and is sent twice.
