# 命令行：帮助文字（键为 cli-<命令路径>[-<参数>]）和输出。

cli = 一体化在线政务服务平台：总枢纽和节点同一个程序。
cli-reference-data = 参考数据目录（行政区划、节假日安排、政务服务事项）。
cli-lang = 提示语言：zh-CN（默认）或 en。
cli-ids = 校验标识符：居民身份证号码、统一社会信用代码、行政区划代码等。
cli-ids-check = 校验一个标识符；退出码 0 有效，1 无效，2 用法或数据错误。
cli-ids-check-kind = 标识符类型。
cli-ids-check-value = 要校验的值。
cli-ids-check-strict = 只接受规范形式（用于系统间接口字段）。
cli-ids-check-region-any-year = 居民身份证号码的地址码只要在任一年份使用过即接受，而不要求赋号时在用。
cli-ids-check-json = 在标准输出打印一个 JSON 对象。
cli-calendar = 按国务院节假日安排计算工作日和期限。
cli-calendar-deadline = 计算若干个工作日的期限届满日（起算日不计入）。
cli-calendar-deadline-from = 起算日，格式 YYYY-MM-DD。
cli-calendar-deadline-working-days = 期限长度（工作日）。
cli-calendar-deadline-json = 在标准输出打印一个 JSON 对象。
cli-calendar-days = 统计一年的工作日数。
cli-calendar-days-year = 年份。
cli-calendar-days-json = 在标准输出打印一个 JSON 对象。
cli-data = 检查参考数据目录。
cli-data-check = 报告参考数据目录中有哪些数据、有什么问题。
cli-data-check-json = 在标准输出打印一个 JSON 对象。
cli-import = 把参考数据导入数据库。
cli-import-catalog = 导入政务服务事项目录；重复运行不会新增记录。
cli-import-catalog-database-url = 导入的数据库：sqlite://文件 或 postgres://…。
cli-import-catalog-json = 在标准输出打印一个 JSON 对象，不显示进度条。

cli-out-valid = 有效的{ $kind }：{ $value }
cli-out-invalid = 无效：{ $reason }
cli-out-deadline = 自 { $from } 起 { $days } 个工作日，期限届满日为 { $deadline }。
cli-out-days = { $year } 年共有 { $count } 个工作日。

id-kind-resident = 居民身份证号码
id-kind-uscc = 统一社会信用代码
id-kind-orgcode = 组织机构代码
id-kind-division = 行政区划代码
id-kind-cert-id = 电子证照标识
id-kind-implementation-code = 实施编码
id-kind-case-number = 办件编号
cli-out-import-progress = 导入事项
cli-out-import-summary = 新增 { $inserted } 条，更新 { $updated } 条，未变 { $unchanged } 条，拒绝 { $rejected } 行。数据库现有事项 { $total } 个，其中 { $complete } 个有完整的办事指南。
cli-out-import-failed = 导入失败：{ $error }
