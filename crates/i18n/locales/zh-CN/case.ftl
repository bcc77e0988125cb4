# 办件状态和操作。

case-status-draft = 草稿
case-status-submitted = 已申请
case-status-correction-requested = 待补正
case-status-rejected-at-intake = 不予受理
case-status-accepted = 已受理
case-status-under-review = 审查中
case-status-special-procedure = 特别程序中
case-status-approved = 准予许可
case-status-denied = 不予许可
case-status-closed = 已办结
case-status-withdrawn = 已撤回
case-action-submit = 提交申请
case-action-accept = 受理
case-action-reject = 不予受理
case-action-request-correction = 一次性告知补正
case-action-answer-correction = 提交补正材料
case-action-start-review = 开始审查
case-action-start-special-procedure = 启动特别程序
case-action-end-special-procedure = 结束特别程序
case-action-approve = 准予许可
case-action-deny = 不予许可
case-action-close = 办结
case-action-withdraw = 撤回申请
case-transition-not-allowed = 办件当前状态为“{ $status }”，不能“{ $action }”。
case-transition-wrong-actor = “{ $action }”不能由您执行。
