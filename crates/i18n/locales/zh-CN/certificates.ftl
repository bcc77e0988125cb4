# 电子证照与电子印章：签发、证照夹、核验与吊销。

certificate-problem-malformed = 这不是 tongban 电子证照或二维码内容：{ $detail }
certificate-problem-identifier-invalid = 证照标识无效：{ $detail }
certificate-problem-unknown-seal = 信任列表中没有序列号为 { $serial } 的电子印章；请保存较新的信任列表后再核验。
certificate-problem-tampered = 印章签名不匹配：证照在签发后被改动。
certificate-problem-issuer-mismatch = 发证机构 { $issuer_code } 不是持有该印章的部门 { $seal_code }。
certificate-problem-seal-not-valid = 电子印章在 { $signed_at } 签章时不在有效期内。
certificate-problem-seal-revoked = 电子印章已于 { $revoked_at } 吊销，早于签章时间 { $signed_at }。
certificate-problem-not-yet-valid = 证照自 { $at } 起有效。
certificate-problem-expired = 证照已于 { $at } 过期。

implementation-rule-certificate-department-code = 实施清单 { $id }：签发证照需要部门的统一社会信用代码（department_code）。{ $detail }
implementation-rule-certificate-department = 实施清单 { $id }：部门名称无法印在证照上（为空、超过 100 个字符，或含有 | 或换行）。
implementation-rule-certificate-type-code = 实施清单 { $id }：证照类型代码 { $code } 应为统一社会信用代码加三位数字。
implementation-rule-certificate-name = 实施清单 { $id }：证照需要中文和英文名称，各不超过 100 个字符，且不含 | 或换行。
implementation-rule-certificate-seal-name = 实施清单 { $id }：印章名称应为 1 至 100 个字符，且不含 | 或换行。
implementation-rule-certificate-validity = 实施清单 { $id }：validity_years 应在 1 至 100 之间。
implementation-rule-certificate-face-label = 实施清单 { $id }：每个照面字段都需要中文和英文标签。
implementation-rule-certificate-face-field = 实施清单 { $id }：照面字段引用的表单字段“{ $field }”不存在。
implementation-rule-certificate-proves = 实施清单 { $id }：证照可替代的材料缺少可用的名称。
implementation-rule-certificate-seal-conflict = 部门 { $code } 的各实施清单对部门或印章的命名不一致；一个部门只有一枚印章。

federation-seal-request-time = 印章申请的签名时间与总枢纽时间相差超过十分钟；请检查节点时钟后重新发送。
federation-seal-department-code = 部门的统一社会信用代码无效。
federation-seal-public-key = 印章公钥不是有效的 SM2 公钥。
federation-seal-name = 部门名称和印章名称应为 1 至 100 个字符，且不含 | 或换行。
federation-signature-rejected = 节点 { $node_id } 的请求未使用该节点的现行密钥签名。
federation-seal-not-found = 总枢纽没有序列号为 { $serial } 的电子印章。

certificate-not-found = 没有该证照。
certificate-role-missing = 吊销或注销证照需要“{ $role }”角色。
certificate-reason-required = 请填写理由。
certificate-already-ended = 该证照此前已{ $status ->
    [cancelled] 注销
   *[other] 吊销
}。
certificate-seal-not-certified = 部门 { $department_code } 的电子印章尚未经总枢纽认证，暂不能签发证照；请稍后再试。
certificate-seal-not-valid = 电子印章 { $serial } 已过期或被吊销，不能为证照签章。
certificate-no-trust-list = 本节点没有来自总枢纽的有效信任列表；获取后再试。
certificate-internal = 由于内部错误，无法处理该证照。

certificate-wallet-title = 我的证照
certificate-wallet-empty = 您还没有本门户签发的证照。
certificate-detail-title = 证照
certificate-detail-back = 返回我的证照
certificate-detail-face = 照面信息
certificate-detail-pdf = 下载 PDF
certificate-detail-present = 亮证
certificate-detail-present-intro = 请向核验人员出示此二维码。二维码包含已签名的证照信息，无需联网即可核验。
certificate-detail-qr-alt = 证照二维码
certificate-detail-payload = 二维码内容
certificate-field-name = 证照名称
certificate-field-id = 证照标识
certificate-field-issuer = 发证机构
certificate-field-holder = 持证主体
certificate-field-valid-from = 有效期起始
certificate-field-valid-until = 有效期截止（北京时间）
certificate-field-issued-at = 签章时间（北京时间）
certificate-field-status = 状态
certificate-field-status-reason = 理由
certificate-field-seal = 电子印章
certificate-no-end = 长期
certificate-status-valid = 有效
certificate-status-revoked = 已吊销
certificate-status-cancelled = 已注销
certificate-verify-title = 核验证照
certificate-verify-input = 二维码内容或证照文件内容
certificate-verify-file = 或上传证照 PDF 或证照文件
certificate-verify-submit = 核验
certificate-verify-outcome-valid = 有效
certificate-verify-outcome-invalid = 无效
certificate-verify-valid = 证照有效：印章签名、电子印章和有效期均核验通过。
certificate-verify-ended = 发证机构已{ $status ->
    [cancelled] 注销
   *[other] 吊销
}该证照：{ $reason }
certificate-verify-empty = 请粘贴二维码内容或选择文件。
certificate-verify-upload-invalid = 无法读取上传的内容；请重新选择文件。
certificate-verify-pdf-without-document = 该 PDF 中没有已签名的证照文件。
certificate-api-status-unknown = 未知状态“{ $status }”：请使用 revoked 或 cancelled。

cli-cert = 核验电子证照，并保存离线核验所需的信任列表。
cli-cert-verify = 根据二维码内容、证照文件或 PDF 核验电子证照。退出码 0 有效，1 无效（打印原因），2 用法或数据错误。
cli-cert-verify-offline = 不联网，依据已保存的信任列表核验。必填：在线核验请使用节点的 /verify 页面或接口。
cli-cert-verify-trust-list = 用 `tongban cert trust-list save` 保存的信任列表。
cli-cert-verify-hub-key = 预期的总枢纽密钥标识（16 位十六进制）或密钥本身（十六进制）；文件中是其他密钥时拒绝。
cli-cert-verify-payload = 二维码内容。
cli-cert-verify-file = 证照 PDF、证照文件（JSON）或内容为二维码文本的文件。
cli-cert-verify-at = 按该时刻（RFC 3339）而非当前时刻核验。
cli-cert-verify-json = 在标准输出打印一个 JSON 对象。
cli-cert-trust-list = 保存总枢纽的信任列表。
cli-cert-trust-list-save = 获取总枢纽签名的信任列表及其密钥，校验签名后一并保存。
cli-cert-trust-list-save-hub = 总枢纽的地址，例如 http://127.0.0.1:8400。
cli-cert-trust-list-save-out = 要写入的文件。
cli-cert-trust-list-save-hub-key = 预期的总枢纽密钥标识（16 位十六进制）或密钥本身（十六进制）；不填时保存总枢纽发来的密钥并打印其标识，请与总枢纽运维方公布的标识比对。
cli-cert-trust-list-save-json = 在标准输出打印一个 JSON 对象。
cli-hub-seals = 列出总枢纽签发的电子印章证书及其吊销情况。
cli-hub-seals-config = 总枢纽的配置文件（TOML）。
cli-hub-seals-json = 在标准输出打印一个 JSON 对象。
cli-hub-revoke-seal = 吊销电子印章：下一版信任列表载明该吊销，此后该印章所签内容均核验不通过。
cli-hub-revoke-seal-config = 总枢纽的配置文件（TOML）。
cli-hub-revoke-seal-serial = 印章序列号，见 `tongban hub seals` 的列表。
cli-hub-revoke-seal-reason = 吊销原因，记入审计记录。
cli-hub-revoke-seal-actor = 执行吊销的操作员，记入审计记录。默认为运行命令的用户。
cli-hub-revoke-seal-json = 在标准输出打印一个 JSON 对象。

cli-out-hub-no-seals = 总枢纽尚未签发电子印章证书。
cli-out-hub-seal-revoked = 印章 { $serial } 已吊销；下一版信任列表将载明该吊销。
cli-out-hub-seal-already-revoked = 印章 { $serial } 此前已吊销；未作更改。
cli-out-cert-offline-only = 请加上 --offline：本命令依据已保存的信任列表核验。要查询发证机构处的当前状态，请使用发证节点的 /verify 页面或接口。
cli-out-cert-at-invalid = --at { $at } 不是 RFC 3339 时间，例如 2026-12-31T16:00:00Z。
cli-out-cert-read-failed = 无法读取 { $path }：{ $error }
cli-out-cert-write-failed = 无法写入 { $path }：{ $error }
cli-out-cert-trust-list-invalid = 信任列表不可用：{ $error }
cli-out-cert-trust-list-expired = 已保存的信任列表已于 { $valid_until } 过期；请用 `tongban cert trust-list save` 重新保存。
cli-out-cert-hub-key-mismatch = 总枢纽密钥为 { $found }，不是预期的 { $expected }。
cli-out-cert-no-input = 请提供 --payload 或 --file。
cli-out-cert-input-invalid = { $path } 不是证照 PDF、证照文件或二维码文本：{ $error }
cli-out-cert-valid = 有效：{ $id }
cli-out-cert-details = 持证主体 { $holder }，发证机构 { $issuer }，有效期 { $valid_from } 至 { $valid_until }，签章印章 { $seal }。
cli-out-cert-seal-revoked-later = 电子印章于签章之后的 { $revoked_at } 被吊销；证照仍然有效。
cli-out-cert-offline-note = 离线核验：发证机构的吊销或注销只能在发证节点的 /verify 查到。
cli-out-cert-invalid = 无效：{ $reason }
cli-out-cert-trust-list-saved = 已将第 { $sequence } 版信任列表（含 { $seals } 枚电子印章）保存到 { $path }。总枢纽密钥标识：{ $key_id }；请与总枢纽运维方公布的标识比对。
certificate-verify-unknown = 签名核验通过，但尚无节点向总枢纽报送该证照，总枢纽无法确认其状态。请向发证机构询问，或到发证节点核验。
certificate-wallet-elsewhere = 其他门户的证照
certificate-wallet-elsewhere-unavailable = 暂时无法显示其他门户的证照，请稍后再试。
certificate-wallet-elsewhere-login = 请重新登录以查看其他门户的证照。
certificate-staff-title = 已签发证照
certificate-staff-empty = 本部门尚未签发证照。
certificate-staff-end = 吊销或注销
certificate-staff-revoke = 吊销
certificate-staff-cancel = 注销
certificate-staff-done-revoked = 证照已吊销。
certificate-staff-done-cancelled = 证照已注销。
