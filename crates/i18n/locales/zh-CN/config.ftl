# 实例配置文件的错误提示。

config-read = 无法读取配置文件 { $path }：{ $error }
config-parse = 配置文件 { $path } 有误：{ $detail }
config-invalid = 配置项 { $key } 的值无效：{ $rule }
config-rule-id = 只能包含小写字母、数字和连字符，长度 1 至 32。
config-rule-url = “{ $value }”应以 http:// 或 https:// 开头，且末尾不带斜杠。
config-rule-section-other-role = 角色为 { $role } 的实例不能有此配置节。
config-rule-section-missing = 缺少此配置节。
config-rule-positive = 必须大于 0。
config-rule-lease = 必须大于 passage.request_timeout_seconds（{ $timeout }），否则较慢的投递会失去租约而被重复发送。
