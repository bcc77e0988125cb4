# 办事指南与事项检索：总枢纽的全国事项目录、节点的实施清单及其 JSON API。

## 页面与导航
catalog-nav-services = 办事服务
catalog-search-title = 事项检索
catalog-list-title = 本平台办事服务
catalog-search-intro-hub = 检索全国政务服务事项目录，查看各事项的办事指南。
catalog-search-intro-node = 检索本平台可在线申请的事项。
catalog-home-heading = 查找政务服务
catalog-home-browse = 浏览全部事项
catalog-home-offered = 本平台可办事项
catalog-home-all = 查看全部可办事项

## 检索表单
catalog-search-form = 事项检索
catalog-search-label = 事项名称或关键词
catalog-search-hint = 例如：身份证、社保卡、节能审查。多个词之间用空格分隔，须全部匹配。
catalog-filters = 筛选条件
catalog-filter-type = 事项类型
catalog-filter-type-all = 全部类型
catalog-filter-department = 实施部门
catalog-filter-department-all = 全部部门
catalog-filter-complete = 只看办事指南完整的事项
catalog-search-submit = 检索

## 检索结果
catalog-results-heading = 检索结果
catalog-results-summary = 共找到 { $total } 个事项，当前显示第 { $first }–{ $last } 个。
catalog-results-none = 没有找到符合条件的事项。请换一个关键词，或减少筛选条件后重试。
catalog-results-empty-list = 暂无事项。
catalog-results-past-end = 共找到 { $total } 个事项，但本页超出了结果范围，请返回第一页。
catalog-hit-type = 事项类型
catalog-hit-department = 实施部门
catalog-hit-region = 所属区域
catalog-hit-incomplete = 办事指南不完整
catalog-paging = 分页
catalog-page-previous = 上一页
catalog-page-next = 下一页
catalog-page-position = 第 { $page } 页，共 { $pages } 页

## 参数错误
catalog-param-number = 参数 { $name } 须为非负整数，收到的是“{ $value }”。
catalog-param-page = 参数 page（页码）须从 1 开始。
catalog-param-type = 参数 type 须为 GB/T 39046 附录 A.1 的两位事项类型代码（如 01、20），“{ $value }”不是。
catalog-param-flag = 参数 { $name } 须为 true 或 false，收到的是“{ $value }”。

## 办事指南
guide-title = 办事指南
guide-kicker-hub = 全国政务服务事项目录 · 办事指南
guide-heading = 办事指南
guide-back-to-search = 返回事项检索
guide-back-to-list = 返回本平台办事服务
guide-incomplete-title = 办事指南不完整
guide-incomplete-text = 来源未公布本事项完整的办事指南（法定办结时限、收费、设定依据或申请材料有缺项）。以下只列出来源公布的内容，缺项不作推测；办理前请向实施部门咨询。
guide-none-published = 来源未公布本事项的办事指南。
guide-part-missing = 来源未公布此项。
guide-not-stated = 未注明
guide-yes = 是
guide-no = 否
guide-facts-heading = 事项信息
guide-fact-item-type = 事项类型
guide-fact-exercise-level = 行使层级
guide-fact-implementing-body = 实施主体
guide-fact-body-credit-code = 实施主体统一社会信用代码
guide-fact-implementation-code = 实施编码
guide-fact-item-code = 基本编码
guide-fact-region = 所属区域
guide-fact-online-url = 官方办事指南网址（未核实）
guide-fact-source = 数据来源
guide-conditions-heading = 受理条件
guide-materials-heading = 申请材料
guide-material-name = 材料名称
guide-material-required = 是否必需
guide-material-originals = 原件份数
guide-material-copies = 复印件份数
guide-material-source = 来源渠道
guide-material-standard = 要求：
guide-limits-heading = 办理时限
guide-limit-statutory = 法定办结时限
guide-limit-promised = 承诺办结时限
guide-working-days = { $days } 个工作日
guide-limit-unit-code = { $value }（时限单位代码 { $unit }，按来源原样）
guide-limit-unit-missing = { $value }（来源未注明单位）
guide-fees-heading = 收费
guide-fee-charged = 收费
guide-fee-free = 不收费
guide-fee-description = 来源说明：
guide-basis-heading = 设定依据

## 节点办事指南
guide-node-heading = 在本平台办理
guide-node-department = 办理部门
guide-node-department-code = 办理部门统一社会信用代码
guide-node-statutory = 法定办结时限（本平台）
guide-node-promised = 承诺办结时限（本平台）
guide-apply = 在线申请
guide-apply-login-hint = 申请前须先登录，登录后自动回到申请页。
guide-form-heading = 申请时需填写的内容
guide-form-intro = 除申请人信息外，申请表还会询问以下内容：
guide-form-none = 除申请人信息外无需填写其他内容。
guide-form-field = 填写项
guide-form-kind = 类型
guide-form-required = 是否必填
field-kind-text = 文字
field-kind-textarea = 多行文字
field-kind-number = 数字
field-kind-date = 日期
field-kind-select = 选择
field-kind-phone = 手机号码
field-kind-resident-id = 居民身份证号码
field-kind-credit-code = 统一社会信用代码

## 代码表名称（GB/T 39046 附录 A.1、A.2）
item-type-01 = 行政许可
item-type-02 = 行政处罚
item-type-03 = 行政强制
item-type-04 = 行政征收
item-type-05 = 行政给付
item-type-06 = 行政检查
item-type-07 = 行政确认
item-type-08 = 行政奖励
item-type-09 = 行政裁决
item-type-10 = 其他行政权力
item-type-20 = 公共服务
exercise-level-1 = 国家级
exercise-level-2 = 省级
exercise-level-3 = 市级
exercise-level-4 = 县级
exercise-level-5 = 镇（乡、街道）级
exercise-level-6 = 村（社区）级
exercise-level-7 = 分级管理

## API 文档
api-docs-title = API 文档
api-docs-intro = 本页用 Swagger UI 展示本平台的 JSON API。不运行脚本时可直接下载 OpenAPI 3.1 文档：
api-docs-json-link = openapi.json
