# 总枢纽的账户：注册、登录、账户页面、法人与经办人。

hub-nav-home = 首页
hub-nav-account = 我的账户
form-errors-heading = 请更正以下内容：

## 字段

field-name = 姓名
field-name-hint = 与居民身份证上的姓名一致。
field-resident-id = 居民身份证号码
field-resident-id-hint = 18 位，最后一位可能是 X。
field-phone = 手机号码
field-phone-hint = 11 位数字，例如 138 0013 8000。
field-password = 密码
field-password-hint = 至少 8 个字符，不能是身份证号码或手机号码。
field-password-confirmation = 确认密码
field-identifier = 居民身份证号码或手机号码
field-identifier-hint = 平台运维人员请输入登录名。
field-login-name = 登录名
field-credit-code = 统一社会信用代码
field-credit-code-hint = 18 位，见营业执照。
field-legal-person-name = 法人名称

## 字段规则

account-name-missing = 姓名：请填写姓名。
account-name-too-long = 姓名：最多 { $max } 个字符（现有 { $found } 个）。
account-name-characters = 姓名：不能包含换行或控制字符。
account-phone-missing = 手机号码：请填写手机号码。
account-phone-format = 手机号码：“{ $input }”不是大陆手机号码，请填写以 13 至 19 开头的 11 位数字。
account-phone-taken = 手机号码：该号码已被其他账户使用。
account-resident-id-taken = 居民身份证号码：该号码已注册账户，请直接登录。
account-password-too-short = 密码：至少需要 { $min } 个字符。
account-password-too-long = 密码：最多 { $max } 个字符。
account-password-is-resident-id = 密码：不能使用居民身份证号码，很多人都知道这个号码。
account-password-is-phone = 密码：不能使用手机号码，很多人都知道这个号码。
account-password-is-login-name = 密码：不能与登录名相同。
account-password-mismatch = 确认密码：两次输入的密码不一致，请输入相同的密码。
account-login-name-format = 登录名：“{ $input }”无效，请使用 3 至 32 个小写字母、数字、点、下划线或连字符，并以字母开头。
account-login-name-taken = 登录名：该登录名已被其他账户使用。
legal-person-name-missing = 法人名称：请填写营业执照上的名称。
legal-person-name-too-long = 法人名称：最多 { $max } 个字符（现有 { $found } 个）。
legal-person-name-characters = 法人名称：不能包含换行或控制字符。
legal-person-taken = 统一社会信用代码：该法人已登记，请联系其现有经办人为您授权。
legal-person-mandate-exists = 统一社会信用代码：此人已是该法人的经办人。

## 注册

register-title = 注册
register-intro = 注册一个账户，即可使用各级政务服务平台。姓名和身份证号码按您填写的内容记录，稍后与人口信息库核对。
register-submit = 注册
register-have-account = 已有账户？
register-link = 注册

## 登录

login-title = 登录
login-submit = 登录
login-no-account = 还没有账户？
login-already = 您已以 { $name } 的身份登录。请重新登录以继续，或登录其他账户。
login-rejected = 身份证号码、手机号码或密码有误，请检查后重试。
login-locked = 失败次数过多：使用该身份证号码或手机号码登录已锁定至 { $until }（北京时间），请届时再试。

## 账户页面

account-title = 我的账户
account-profile-heading = 基本信息
account-type-label = 账户类型
account-type-natural-person = 自然人
account-type-operator = 平台运维人员
account-assurance-label = 身份核验等级
assurance-self-asserted = 自行声明
assurance-self-asserted-explained = 姓名和身份证号码由您自行填写，尚未与人口信息库核对。部分事项需要经过核验的身份。
account-role-label = 角色
role-user = 用户
role-admin = 管理员
account-logout-submit = 退出国家政务服务平台

## 代表法人办事

acting-title = 办事身份
acting-heading = 办事身份
acting-intro = 您是一个或多个法人的经办人。请选择本次登录以谁的身份办事，您使用的各项服务都会看到这一选择。
acting-legend = 办事身份
acting-choice-self = 本人（{ $name }）
acting-choice-legal-person = { $name }（统一社会信用代码 { $credit_code }）
acting-current-self = 您以本人身份办事。
acting-current-legal-person = 您作为经办人代表 { $name }（统一社会信用代码 { $credit_code }）办事。
acting-submit = 切换
acting-continue = 继续

## 法人

legal-persons-heading = 法人
legal-persons-none = 您还不是任何法人的经办人。
legal-persons-caption = 您作为经办人代表的法人
legal-persons-granted-at = 成为经办人的时间
legal-person-register-heading = 登记法人
legal-person-register-intro = 登记您担任经办人的企业或机构。您将成为其第一位经办人，可以代表它办事。
legal-person-register-submit = 登记法人
