# 节点门户：通过总枢纽登录和退出。

node-nav-home = 首页
node-login-title = 登录
node-logout-title = 退出
node-login-expired = 登录已过期或未开始，请重新登录。
node-login-state-mismatch = 登录请求与本次会话不符，为安全起见已停止。请重新登录。
node-login-refused = 总枢纽未能完成登录，请重新登录。
node-home-greeting = 您好，
node-home-assurance = 实名认证等级：
node-home-login-hint = 登录后即可在本平台办理事项；在任一平台登录一次，全国通用。
staff-rule-login-name = 登录名应为 3 至 32 个小写字母、数字、点、连字符或下划线。
staff-rule-name = 姓名不能为空。
staff-rule-roles = 角色应为 intake（受理）、reviewer（审查）、approver（决定）、supervisor（监督）或 admin（管理员）中的一个或多个。
staff-rule-password = 工作人员密码至少 12 个字符。
staff-login-title = 工作人员登录
staff-home-title = 工作台
staff-field-login-name = 登录名
staff-field-password = 密码
staff-login-submit = 登录
staff-login-rejected = 登录名或密码不正确。
staff-login-locked = 登录失败次数过多，账户已暂时锁定，请在 { $until }（北京时间）后再试。
staff-home-greeting = 您好，
staff-home-node = 所属平台
staff-home-roles = 角色
staff-home-department = 所属部门
staff-home-whole-node = 全平台
