# 所有页面共用的部分。

layout-skip-to-content = 跳到正文
layout-account-nav = 账户与语言
layout-main-nav = 主导航
layout-login = 登录
layout-logout = 退出
# Between a label and its value in running text.
layout-label-separator = ：
layout-footer = 一体化在线政务服务平台 · 一网通办
error-unauthorized = 请先登录。
error-forbidden = 您没有权限执行此操作。
error-not-found = 找不到您要的页面或数据。
error-unavailable = 服务暂时繁忙，请稍后再试。
error-internal = 服务出现内部错误，已记录，请稍后再试。
error-back-home = 返回首页
error-title-not-found = 未找到
error-title-forbidden = 无权访问
error-title-bad-request = 请求有误
error-title-internal = 服务错误
error-title-conflict = 无法执行
error-invalid = 部分内容有误，请检查后重试。
error-csrf = 表单已过期或来源不明，请刷新页面后重新提交。
hub-home-title = 首页
hub-home-intro = 一网通办：一次登录，全国办事。在这里注册和登录，然后在任一省级或部门平台办理事项。
node-home-title = 首页
node-home-intro = 在这里查找和办理本地区、本部门的政务服务事项。
