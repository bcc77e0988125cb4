# 标识符校验的提示：每条都写明字段和不符合的规则。

resident-empty = 居民身份证号码不能为空。
resident-character = 居民身份证号码第 { $position } 位的“{ $found }”不允许：前 17 位只能是数字，第 18 位是数字或大写 X。
resident-length = 居民身份证号码应为 18 位（旧版 15 位号码也可），实际为 { $found } 位。
resident-legacy-strict = 此字段只接受 18 位居民身份证号码，请先将 15 位旧号码升位。
resident-check-character = 居民身份证号码第 18 位校验码应为 { $expected }，实际为 { $found }，请核对号码。
resident-birth-date = 居民身份证号码中的出生日期 { $text } 不是有效日期。
resident-birth-future = 居民身份证号码中的出生日期 { $date } 晚于今天（{ $today }）。
resident-region-unknown = 居民身份证号码的地址码 { $code } 自 1981 年以来从未是行政区划代码。
resident-region-not-in-use = 居民身份证号码的地址码 { $code }（{ $name }）自 { $from } 年起使用{ $last ->
    [none] 至今
   *[other] 至 { $last } 年
}，与出生年份 { $birth_year } 年不符：号码只会带有赋号时在用的地址码。

division-format = 行政区划代码应为 6 位数字，实际为“{ $input }”。
division-unknown = 行政区划代码 { $code } 自 { $first_year } 年以来从未使用过。

orgcode-length = 组织机构代码应为 9 位，实际为 { $found } 位。
orgcode-character = 组织机构代码第 { $position } 位的“{ $found }”不允许：前 8 位为数字或大写字母，第 9 位为数字或 X。
orgcode-check-character = 组织机构代码校验码应为 { $expected }，实际为 { $found }。

uscc-length = 统一社会信用代码应为 18 位，实际为 { $found } 位。
uscc-character = 统一社会信用代码第 { $position } 位的“{ $found }”不允许：只能是数字和大写字母（不含 I、O、S、V、Z）。
uscc-division-format = 统一社会信用代码第 3 至 8 位应为行政区划代码（6 位数字），实际为“{ $text }”。
uscc-check-character = 统一社会信用代码第 18 位校验码应为 { $expected }，实际为 { $found }，请核对代码。
uscc-resident-id-given = 这是居民身份证号码，不是统一社会信用代码。
uscc-org-code-check = 统一社会信用代码第 9 至 17 位的组织机构代码 { $org_code } 校验不通过（校验码应为 { $expected }）。
uscc-unknown-authority = 统一社会信用代码第 1 位登记管理部门码“{ $found }”不存在。
uscc-unknown-category = 统一社会信用代码第 2 位机构类别码“{ $found }”不属于登记管理部门“{ $authority }”。
uscc-division-unknown = 统一社会信用代码第 3 至 8 位的行政区划代码 { $code } 自 1981 年以来从未使用过。

certid-root = 电子证照标识应以根代码 { $root }. 开头。
certid-part-count = 电子证照标识在根代码之后应有 5 段（证照类型代码、颁发机构代码、流水号、版本号、校验位），实际为 { $found } 段。
certid-type-code = 电子证照标识中的证照类型代码“{ $text }”应为 21 位数字或大写字母。
certid-issuer-code = 电子证照标识中的颁发机构代码“{ $text }”应为 18 位统一社会信用代码。
certid-serial = 电子证照标识中的流水号“{ $text }”应为 1 至 { $max } 位数字或大写字母。
certid-version = 电子证照标识中的版本号“{ $text }”应为 001 至 999 的 3 位数字。
certid-check-character = 电子证照标识的校验位应为 { $expected }，实际为“{ $found }”。

implcode-length = 实施编码应为 31 位（实施主体统一社会信用代码 18 位 + 行使层级 1 位 + 基本编码 12 位），实际为 { $found } 位。
implcode-implementing-body = 实施编码前 18 位的实施主体代码无效：{ $reason }
implcode-level = 实施编码第 19 位行使层级代码“{ $found }”不在 1 至 7 之间。
implcode-catalog-code = 实施编码第 20 至 31 位基本编码“{ $text }”只能是数字和大写字母。

casenumber-length = 办件编号应为 22 位，实际为 { $found } 位。
casenumber-node-code = 办件编号前 6 位的节点代码“{ $text }”应为数字或大写字母。
casenumber-date = 办件编号第 7 至 14 位的受理日期“{ $text }”不是有效日期。
casenumber-sequence = 办件编号第 15 至 21 位的序号“{ $text }”应为 0000001 至 9999999。
casenumber-check-character = 办件编号校验位应为 { $expected }，实际为 { $found }。
