# 办件的申请、材料、办理和期限。

case-not-found = 找不到该办件，或您无权查看。
case-changed-meanwhile = 办件已被他人修改，请刷新后重试。
case-role-missing = 只有具有“{ $role }”角色的工作人员才能“{ $action }”。
case-role-intake = 受理
case-role-reviewer = 审查
case-role-approver = 决定
case-role-supervisor = 监督
case-role-admin = 管理
case-not-editable = 办件当前状态为“{ $status }”，不能再修改。
case-invalid = 填写的内容有误，请检查后重试。
case-implementation-unavailable = 本平台已不再办理事项“{ $id }”。
case-internal = 系统内部出错，已记录日志，请稍后重试。

case-field-required = 请填写“{ $label_zh }”。
case-field-too-long = “{ $label_zh }”最多 { $max } 个字，现在有 { $length } 个字。
case-field-number = “{ $label_zh }”应为数字，例如 12 或 3.5。
case-field-date = “{ $label_zh }”应为 YYYY-MM-DD 格式的日期，例如 2025-10-09。
case-field-option = “{ $label_zh }”请从以下选项中选择：{ $options }。
case-field-phone = “{ $label_zh }”应为 11 位手机号码，以 13 至 19 开头。
case-field-identifier = “{ $label_zh }”有误：{ $reason }
case-field-unknown = 表单中没有字段“{ $name }”，该值未保存。

case-material-unknown = 办事指南中没有材料“{ $material }”。
case-material-empty = 材料“{ $material }”的文件是空的。
case-material-too-large = 材料“{ $material }”的文件有 { $size } 字节，超过了上限 { $max } 字节。
case-material-type = 材料“{ $material }”只接受 PDF、JPEG、PNG 或 OFD 文件，“{ $file }”的内容不是其中任何一种。
case-material-type-mismatch = 材料“{ $material }”的文件“{ $file }”标明的类型是 { $claimed }，内容却是 { $detected }。请上传内容与文件名和类型一致的文件。
case-material-missing = 请上传材料“{ $material }”。

case-reason-required = “{ $action }”需要填写理由。
case-correction-items-required = 一次性告知补正时，请逐项列出需要补正的全部内容。
case-special-procedure-required = 启动特别程序时，请选择特别程序种类并填写名称。

case-reason-deemed-acceptance = 收到申请之日起五个工作日内未告知补正，依《中华人民共和国行政许可法》第三十二条自收到申请之日起即为受理。
case-reason-calendar-replaced = 节假日安排已调整，期限重新计算。
