# 收件地、办理地，全国办件索引与跨省通办。

case-page-receiving-place = 收件地
case-page-handling-place = 办理地

case-index-nav = 我的办件
case-index-title = 我在各平台的办件
case-index-intro = 您在各地区、各部门平台申请的全部办件及其最新状态。点击办件编号，到办理地平台查看办件。
case-index-empty = 您还没有办件。
case-index-changed = 最近变更

case-elsewhere-heading = 我在其他平台的办件
case-elsewhere-empty = 您在其他平台没有办件。
case-elsewhere-login-needed = 您在本平台的登录已过较长时间，无法从国家平台读取您在其他平台的办件。
case-elsewhere-login-link = 重新登录
case-elsewhere-unavailable = 暂时无法连接国家平台，不能显示您在其他平台的办件，请稍后再试。

case-page-event-handling-place-status = 办理地报告状态

case-collect-name-missing = 请按身份证填写申请人姓名。
case-collect-id-invalid = 居民身份证号码无效：{ $reason }
case-page-event-request-contribution = 请求其他平台协办
case-page-event-contribution = 其他平台协办意见

case-contribution-text-missing = 请填写内容。
case-contribution-text-too-long = 内容超过 2000 字，请精简。
case-contribution-no-passage = 本平台无法连接其他平台，不能请求协办。
case-contribution-contributor-invalid = 请填写其他平台的节点标识，如 gd。

implementation-rule-handled-at = 实施清单条目 { $id }：handled_at 须写明办理地的节点标识及其实施清单标识。
