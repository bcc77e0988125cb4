## Data sharing: real-name verification, the data resource catalog and the data access log.

assurance-registry-verified = 已实名核验
assurance-registry-verified-explained = 您的姓名和身份证号码已与人口信息库核对一致。

verification-verified = 实名认证已通过：姓名和身份证号码与人口信息库一致。
verification-name-mismatch = 实名认证未通过：姓名与人口信息库中该身份证号码登记的姓名不一致。请核对姓名后重新核验。
verification-not-found = 实名认证未通过：人口信息库中没有该身份证号码。请核对身份证号码。
verification-rejected = 人口信息库拒绝了本次核验请求，身份暂未核验。请稍后重试。
verification-pending = 人口信息库尚未答复，身份暂未核验。答复到达后会自动更新，您也可以稍后重试。
verification-unavailable = 暂时无法连接人口信息库，身份暂未核验。请稍后重试。
verification-retry = 重新进行实名核验

data-access-link = 查看谁使用了我的数据
data-access-title = 我的数据使用记录
data-access-intro = 以下是各部门通过数据共享使用您个人数据的每一次记录：使用方、数据项、时间、事由和办件编号。
data-access-empty = 暂无使用您数据的记录。
data-access-time = 时间
data-access-consumer = 使用方
data-access-service = 数据服务
data-access-fields = 数据项
data-access-purpose = 事由
data-access-case = 办件编号
data-access-outcome = 结果
data-access-consumer-hub = 国家政务服务平台（注册实名认证）
data-access-answered = 已提供
data-access-rejected = 已拒绝（{ $reason }）

data-services-title = 数据资源目录
data-services-intro = 各部门发布、可供其他平台共享的数据服务。有条件共享的数据服务须经提供方按用途授权后方可调用。
data-services-empty = 目录中暂无数据服务。
data-services-name = 名称
data-services-provider = 提供部门
data-services-fields = 数据项
data-services-class = 共享类型
data-services-legal-basis = 依据
data-sharing-class-unconditional = 无条件共享
data-sharing-class-conditional = 有条件共享
data-sharing-class-not-shareable = 不予共享

cli-out-access-log-intact = 数据使用日志完整：已校验 { $entries } 条记录。
cli-out-access-log-broken = 数据使用日志在第 { $sequence } 条记录处断裂：{ $problem }（之前的 { $entries } 条记录完整。）

data-grant-invalid = 授权申请无效：{ $detail }
data-grant-admin-only = 只有具有管理员角色的工作人员才能申请或审批数据服务授权。
data-check-fields-missing = 请至少选择一个数据项。
data-check-no-resident-id = 申请人没有居民身份证号码，无法查询人口信息库。
data-check-no-grant = 本平台尚未获得该数据服务的有效授权，请先向提供方申请授权。
data-check-heading = 核验申请人数据
data-check-intro = 通过人口信息库核验，无需申请人另行提交纸质证明。调用及结果将记入办件过程。
data-check-submit = 核验身份和户籍信息
case-page-event-data-query-sent = 调用数据服务
case-page-event-data-query-answered = 数据服务返回结果
case-page-detail-data-query = { $provider } 的 { $service }
cli-out-registry-seeded = 已生成 { $generated } 人，其中 { $added } 人新增至人口信息库，其余已在库中。

cli-registry = 为部委节点的人口信息库生成人员数据。
cli-registry-seed = 向人口信息库添加生成的人员，其居民身份证号码有效但为虚构。相同种子总是生成相同人员，库中已有的号码会被跳过。
cli-registry-seed-config = 承载人口信息库的节点的配置文件（TOML）。
cli-registry-seed-count = 生成的人数。
cli-registry-seed-seed = 生成器的种子；演示环境使用默认值。
cli-registry-seed-json = 在标准输出打印一个 JSON 对象。

data-grants-title = 数据共享授权
data-grants-intro = 本节点从提供方获得的、以及授予其他平台的数据服务授权。有条件共享的数据服务，只能在已批准且有效的授权下调用。
data-grants-held = 本节点获得的授权
data-grants-given = 本节点授予的授权
data-grants-none = 暂无。
data-grants-back = 返回授权列表
data-grant-request-title = 申请授权
data-grant-request-intro = 向提供方节点申请一项数据服务的授权。由其管理员批准或拒绝，结果显示在列表中。
data-grant-field-service = 数据服务
data-grant-field-provider = 提供方节点
data-grant-field-consumer = 使用方平台
data-grant-field-purpose = 用途
data-grant-field-legal-basis = 法律依据
data-grant-field-fields = 数据项
data-grant-field-other-fields = 其他数据项（以逗号分隔）
data-grant-field-valid-until = 有效期至
data-grant-field-rate-limit = 调用频率上限（次/分钟）
data-grant-field-status = 状态
data-grant-field-reason = 理由
data-grant-choose-provider = 请选择节点
data-grant-submit = 提交申请
data-grant-decide = 审批申请
data-grant-approve = 批准
data-grant-deny = 拒绝
data-grant-status-requested = 待审批
data-grant-status-approved = 已批准
data-grant-status-denied = 已拒绝
data-grant-requested = 申请已发送至提供方节点。
data-grant-decided = 审批结果已记录并发送至使用方平台。
data-grant-error-required = 请填写“{ $field }”，此项为必填项。
data-grant-error-fields = 数据项：请至少选择或填写一项。
data-grant-error-date = 有效期至：请按 YYYY-MM-DD 格式填写日期。
data-grant-error-past = 有效期至：日期不能早于今天。
data-grant-error-rate = 调用频率上限（次/分钟）：请填写不小于 1 的整数。
data-grant-error-decision = 无法识别的审批结果“{ $decision }”：请选择批准或拒绝。
