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
