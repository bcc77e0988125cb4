# 参考数据的加载与检查。

refdata-not-found = 找不到参考数据目录（已尝试：{ $tried }）。请用 --reference-data DIR 指定，或设置环境变量 { $variable }。
refdata-not-a-directory = 参考数据目录 { $path } 不存在或不是目录。
refdata-io = 无法读取 { $path }：{ $error }
refdata-invalid = { $path } 第 { $line } 行：{ $reason }
refdata-unparsable = 无法解析：{ $error }
refdata-empty-file = 文件没有数据行。
refdata-division-level = 层级“{ $value }”不是 province、prefecture 或 county。
refdata-division-status = 状态“{ $value }”不是 active、abolished 或 changed。
refdata-division-years = 停用年份 { $end } 不晚于启用年份 { $start }。
refdata-division-active-ended = 状态为 active 的记录不应有停用年份。
refdata-division-successor = 继任代码“{ $value }”的 [年份] 无效。
refdata-holiday-no-notice = 日期 { $date } 属于 { $year } 年，但没有该年的国务院放假通知。
refdata-holiday-two-notices = { $year } 年有两份放假通知。
refdata-holiday-weekday = { $date } 是星期 { $weekday }，但 iso_weekday 写的是 { $stated }。
refdata-holiday-kind = 类型“{ $value }”不是 off 或 work。
refdata-holiday-gap = 缺少这些年份的放假安排：{ $years }。
refdata-holiday-agree = 两个独立来源对 { $first }—{ $last } 年每一天是否为工作日的结论一致。
refdata-holiday-disagree = 两个来源对以下日期是否为工作日的结论不一致：{ $dates }。
refdata-rejected-row = 未导入 { $file } 第 { $line } 行：{ $reason }
refdata-guides-complete = 共 { $total } 个事项，其中 { $complete } 个有完整的办事指南，其余标记为指南不完整。
refdata-needs-divisions = 行政区划数据无法加载，无法检查事项目录。

catalog-reject-missing-id = 缺少记录编号。
catalog-reject-missing-name = 缺少事项名称。
catalog-reject-duplicate-id = 记录编号 { $record_id } 在同一来源中重复。
catalog-reject-region = 行政区划代码无效：{ $reason }
catalog-reject-agency-uscc = 实施主体统一社会信用代码无效：{ $reason }
catalog-reject-implementation-code = 实施编码无效：{ $reason }
catalog-reject-json = JSON 无法解析：{ $error }
catalog-reject-csv = CSV 行无法解析：{ $error }

data-check-directory = 参考数据目录：{ $dir }
data-check-collected = 采集日期：{ $date }
data-check-rows = { $file }：{ $rows } 行
data-check-years = 覆盖年份：{ $first }—{ $last }
data-check-set-ok = 数据完整有效
