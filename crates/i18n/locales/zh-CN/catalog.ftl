# 节点实施清单的导入。

implementation-file-invalid = 实施清单文件有误：{ $detail }
implementation-duplicate-id = 实施清单中的编号 { $id } 出现了两次。
implementation-rule-id = 实施清单条目 { $id }：编号只能包含小写字母、数字和连字符，长度 1 至 64。
implementation-rule-department = 实施清单条目 { $id }：必须写明承办部门。
implementation-rule-item-unknown = 实施清单条目 { $id }：事项目录中没有所指的事项，请先导入事项目录。
implementation-rule-guide-incomplete = 实施清单条目 { $id }：所指事项的办事指南不完整（缺少法定时限、收费、设定依据或申请材料），不能开放网上申请。
implementation-rule-field-name = 实施清单条目 { $id }：表单字段名“{ $field }”只能包含小写字母、数字和下划线，长度 1 至 40。
implementation-rule-field-duplicate = 实施清单条目 { $id }：表单字段名“{ $field }”出现了两次。
implementation-rule-field-label = 实施清单条目 { $id }：表单字段“{ $field }”必须有中文和英文标签。
implementation-rule-field-options = 实施清单条目 { $id }：选择字段“{ $field }”必须列出选项，其他字段不能有选项。
implementation-rule-field-length = 实施清单条目 { $id }：表单字段“{ $field }”的最大长度应在 1 至 5000 之间。
