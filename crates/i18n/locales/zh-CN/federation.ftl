# 联邦：节点标识和类型、接入、节点登记和信任列表。

node-id = 节点标识应为 1 至 32 个小写字母、数字或连字符，实际为“{ $input }”。
node-kind = 节点类型应为 region（地区）或 department（部门），实际为“{ $input }”。

federation-request-invalid = 请求无效：{ $detail }
federation-rule-required = 字段 { $field } 不能为空。
federation-rule-too-long = 字段 { $field } 最多 { $max } 个字符。
federation-rule-endpoint = 字段 { $field } 应为 https:// 地址（仅 127.0.0.1、::1 或 localhost 可用 http://），不含用户名、查询参数、片段，末尾不带斜杠，实际为“{ $value }”。
federation-rule-public-key = 字段 public_key 应为 SM2 公钥：非压缩点的 130 位小写十六进制数字，以 04 开头。
federation-rule-region-division = 地区节点应填写本地区的行政区划代码；100000 用于国务院部门。
federation-rule-ttl = 接入令牌的有效期至少为 1 秒。
federation-rule-validity = 信任列表的有效期至少为 1 秒。
federation-token-unknown = 接入令牌不存在。请向总枢纽运维人员索取由“tongban hub enroll-node”签发的令牌。
federation-token-used = 接入令牌已被使用；每个令牌只能接入一次。请向总枢纽运维人员索取新令牌。
federation-token-cancelled = 接入令牌已在其节点被撤销时作废。请向总枢纽运维人员索取新令牌。
federation-token-expired = 接入令牌已于 { $expired_at } 过期。请向总枢纽运维人员索取新令牌。
federation-token-mismatch = 接入令牌签发给 { $field } 为“{ $expected }”的节点，但请求中为“{ $given }”。请检查节点配置。
federation-key-in-use = 公钥 { $key_id } 已登记给节点 { $owner }；每个节点须使用自己的密钥。
federation-node-not-found = 节点登记中没有节点“{ $node_id }”。
federation-hub-key-changed = 总枢纽的信任列表由密钥 { $stored } 签名，但本实例持有密钥 { $current }。共用一个数据库的总枢纽实例必须共用密钥文件 keys/sm2-signing.pem；请从第一个实例复制该文件。
federation-trust-list-rejected = 来自总枢纽的信任列表被拒绝。
federation-not-enrolled = 本节点尚未接入总枢纽。
federation-internal = 总枢纽发生内部错误，已记录日志；请稍后再试。

cli-hub = 管理总枢纽：接入、列出和撤销节点，登记 OpenID 客户端，列出和吊销电子印章证书。
cli-hub-enroll-node = 签发供节点接入的一次性令牌；令牌只显示这一次。
cli-hub-enroll-node-config = 总枢纽的配置文件（TOML）。
cli-hub-enroll-node-node-id = 节点标识，例如 gd：1 至 32 个小写字母、数字或连字符。
cli-hub-enroll-node-kind = 节点服务于地区（region）还是部门（department）。
cli-hub-enroll-node-division = 地区的行政区划代码（GB/T 2260），国务院部门填 100000。
cli-hub-enroll-node-name-zh = 节点门户的中文名称。
cli-hub-enroll-node-name-en = 节点门户的英文名称。
cli-hub-enroll-node-actor = 签发人，记入审计记录；默认为运行命令的用户。
cli-hub-enroll-node-json = 在标准输出打印一个 JSON 对象。
cli-hub-revoke-node = 撤销节点：下一版信任列表不再包含它，它通过总枢纽的登录随即失效。
cli-hub-revoke-node-config = 总枢纽的配置文件（TOML）。
cli-hub-revoke-node-node-id = 要撤销的节点标识。
cli-hub-revoke-node-reason = 撤销原因，记入审计记录。
cli-hub-revoke-node-actor = 操作人，记入审计记录；默认为运行命令的用户。
cli-hub-revoke-node-json = 在标准输出打印一个 JSON 对象。
cli-hub-nodes = 列出登记的节点及其状态、地址和密钥。
cli-hub-nodes-config = 总枢纽的配置文件（TOML）。
cli-hub-nodes-json = 在标准输出打印一个 JSON 对象。

cli-out-hub-not-a-hub = { $path } 不是总枢纽的配置文件：其 role 应为 "hub"。
cli-out-hub-token-issued = 节点 { $node_id } 的接入令牌，有效期至 { $expires_at }。令牌只显示这一次：
cli-out-hub-token-use = 请将其写入节点配置的 node.enrolment_token，或设置环境变量 TONGBAN__NODE__ENROLMENT_TOKEN，然后启动节点；节点首次启动时完成接入。
cli-out-hub-revoked = 节点 { $node_id } 已撤销：下一版信任列表不再包含它，其 OIDC 客户端和 { $tokens } 个未使用的接入令牌随即失效。
cli-out-hub-already-revoked = 节点 { $node_id } 此前已被撤销，未作任何变更。
cli-out-hub-no-nodes = 尚未登记任何节点。
