//! The 31 province-level divisions of the mainland as nodes of a simulated federation, and
//! the implementation list each of them handles.

use tongban_domain::ids::{org_code, uscc};

/// A province-level division: its GB/T 2260 code, the node id (its ISO 3166-2:CN suffix in
/// lower case) and its English name. The Chinese name comes from the division history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// GB/T 2260 code.
    pub code: &'static str,
    /// Node id.
    pub id: &'static str,
    /// English name.
    pub name_en: &'static str,
}

const fn province(code: &'static str, id: &'static str, name_en: &'static str) -> Province {
    Province { code, id, name_en }
}

/// Every province-level division of the mainland, in code order.
pub const PROVINCES: [Province; 31] = [
    province("110000", "bj", "Beijing"),
    province("120000", "tj", "Tianjin"),
    province("130000", "he", "Hebei"),
    province("140000", "sx", "Shanxi"),
    province("150000", "nm", "Inner Mongolia"),
    province("210000", "ln", "Liaoning"),
    province("220000", "jl", "Jilin"),
    province("230000", "hl", "Heilongjiang"),
    province("310000", "sh", "Shanghai"),
    province("320000", "js", "Jiangsu"),
    province("330000", "zj", "Zhejiang"),
    province("340000", "ah", "Anhui"),
    province("350000", "fj", "Fujian"),
    province("360000", "jx", "Jiangxi"),
    province("370000", "sd", "Shandong"),
    province("410000", "ha", "Henan"),
    province("420000", "hb", "Hubei"),
    province("430000", "hn", "Hunan"),
    province("440000", "gd", "Guangdong"),
    province("450000", "gx", "Guangxi"),
    province("460000", "hi", "Hainan"),
    province("500000", "cq", "Chongqing"),
    province("510000", "sc", "Sichuan"),
    province("520000", "gz", "Guizhou"),
    province("530000", "yn", "Yunnan"),
    province("540000", "xz", "Xizang"),
    province("610000", "sn", "Shaanxi"),
    province("620000", "gs", "Gansu"),
    province("630000", "qh", "Qinghai"),
    province("640000", "nx", "Ningxia"),
    province("650000", "xj", "Xinjiang"),
];

/// A catalog entry every simulated node implements, with what a node's list adds to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// The end of the implementation ids, such as `energy-review`.
    pub slug: &'static str,
    /// The entry's id in the published service guides.
    pub record_id: &'static str,
    /// The handling department, after the province's name.
    pub department: &'static str,
    /// The first two characters of the department's organisation code, which tell the
    /// departments of one province apart.
    pub org_prefix: &'static str,
    /// The materials the guide requires.
    pub materials: &'static [&'static str],
    /// The form, as `[[implementation.form]]` tables of an implementation list.
    pub form: &'static str,
    /// The e-certificate approval issues: names in Chinese and English, and the form field
    /// its face shows.
    pub certificate: (&'static str, &'static str, &'static str),
}

/// The entries: the energy review of fixed-asset investment projects (two materials) and the
/// approval to demolish a public fitness facility or change its use (one material), both
/// published service guides.
pub const ITEMS: [Item; 2] = [
    Item {
        slug: "energy-review",
        record_id: "GX-450721-000104002000",
        department: "发展和改革委员会",
        org_prefix: "MB",
        materials: &["申请书", "节能报告"],
        form: ENERGY_FORM,
        certificate: (
            "固定资产投资项目节能审查意见",
            "Energy review opinion on a fixed-asset investment project",
            "project_name",
        ),
    },
    Item {
        slug: "fitness-facility",
        record_id: "GX-450721-001033002000",
        department: "体育局",
        org_prefix: "MC",
        materials: &["申请表"],
        form: FITNESS_FORM,
        certificate: (
            "公共体育设施拆迁或者改变用途批准文件",
            "Approval to demolish or change the use of a public sports facility",
            "facility_name",
        ),
    },
];

impl Item {
    /// Returns the form values of the `sequence`-th application.
    pub fn values(&self, sequence: u64) -> Vec<(String, String)> {
        let pair = |name: &str, value: String| (name.to_owned(), value);
        match self.slug {
            "energy-review" => vec![
                pair("project_name", format!("模拟项目{sequence}")),
                pair("annual_energy_tce", format!("{}", 1000 + sequence % 9000)),
            ],
            _ => vec![
                pair("facility_name", format!("模拟全民健身中心{sequence}")),
                pair(
                    "change_kind",
                    ["拆迁", "改变用途"][(sequence % 2) as usize].to_owned(),
                ),
                pair(
                    "reason",
                    "城市更新规划调整，原址另建同等规模设施（模拟）".to_owned(),
                ),
            ],
        }
    }
}

/// Id of the implementation of `item` that `province` handles itself.
pub fn local_item(province: &Province, item: &Item) -> String {
    format!("{}-{}", province.id, item.slug)
}

/// Id of the implementation of `item` that `province` offers and `handler` handles.
pub fn offered_item(province: &Province, handler: &Province, item: &Item) -> String {
    format!("{}-{}-{}", province.id, handler.id, item.slug)
}

/// Returns a credit code for the department of `item` in `province` that passes every GB 32100
/// check: registered by an organ of state (`11`), in the province's division, with an
/// organisation code of the item's prefix and six digits of the division code. It names no
/// real organ.
pub fn department_code(province: &Province, item: &Item) -> String {
    let org_body = format!("{}{}", item.org_prefix, &province.code[..6]);
    let org_check = org_code::check_character(org_body.as_bytes()).unwrap_or('0');
    let body = format!("11{}{org_body}{org_check}", province.code);
    let check = uscc::check_character(body.as_bytes()).map_or('0', char::from);
    format!("{body}{check}")
}

/// Returns the department's name: the province's name and the department, marked as simulated.
pub fn department_name(province_name: &str, item: &Item) -> String {
    format!("{province_name}{}（模拟）", item.department)
}

/// The implementation list of `province`: every item for its own departments, each issuing
/// an e-certificate on approval, and every item of `handler` offered for cross-province
/// handling (全程网办). `names` gives the Chinese name of a province by code.
pub fn implementation_list(
    province: &Province,
    handler: &Province,
    names: &dyn Fn(&str) -> String,
) -> String {
    let mut list = format!(
        "# Written by `tongban simulate` for the node {}.\n",
        province.id
    );
    for item in &ITEMS {
        list.push_str(&local_implementation(province, item, &names(province.code)));
        if handler != province {
            list.push_str(&offered_implementation(
                province,
                handler,
                item,
                &names(handler.code),
            ));
        }
    }
    list
}

fn local_implementation(province: &Province, item: &Item, province_name: &str) -> String {
    let code = department_code(province, item);
    let (name_zh, name_en, face_field) = item.certificate;
    format!(
        "\n[[implementation]]\nid = \"{id}\"\nsource = \"guangxi-api-payload\"\n\
         record_id = \"{record}\"\ndepartment = \"{department}\"\n\
         department_code = \"{code}\"\nyellow_days = 3\n{form}\n\
         [implementation.certificate]\ntype_code = \"{code}001\"\n\
         name_zh = \"{name_zh}\"\nname_en = \"{name_en}\"\nvalidity_years = 2\n\n\
         [[implementation.certificate.face]]\nlabel_zh = \"名称\"\nlabel_en = \"Name\"\n\
         value = \"form.{face_field}\"\n\n\
         [[implementation.certificate.face]]\nlabel_zh = \"办件编号\"\nlabel_en = \"Case number\"\n\
         value = \"case.number\"\n",
        id = local_item(province, item),
        record = item.record_id,
        department = department_name(province_name, item),
        form = item.form,
    )
}

fn offered_implementation(
    province: &Province,
    handler: &Province,
    item: &Item,
    handler_name: &str,
) -> String {
    format!(
        "\n[[implementation]]\nid = \"{offered}\"\nsource = \"guangxi-api-payload\"\n\
         record_id = \"{record}\"\ndepartment = \"{department}\"\nyellow_days = 3\n\n\
         [implementation.handled_at]\nnode = \"{handler_id}\"\nimplementation = \"{handled}\"\n{form}",
        offered = offered_item(province, handler, item),
        record = item.record_id,
        department = department_name(handler_name, item),
        handler_id = handler.id,
        handled = local_item(handler, item),
        form = item.form,
    )
}

/// The form of the energy review.
const ENERGY_FORM: &str = "
[[implementation.form]]
name = \"project_name\"
label_zh = \"项目名称\"
label_en = \"Project name\"
kind = \"text\"
required = true
max_length = 100

[[implementation.form]]
name = \"annual_energy_tce\"
label_zh = \"年综合能源消费量（吨标准煤）\"
label_en = \"Annual energy consumption (tonnes of standard coal equivalent)\"
kind = \"number\"
required = true
";

/// The form of the fitness facility approval.
const FITNESS_FORM: &str = "
[[implementation.form]]
name = \"facility_name\"
label_zh = \"设施名称\"
label_en = \"Facility\"
kind = \"text\"
required = true

[[implementation.form]]
name = \"change_kind\"
label_zh = \"申请事项\"
label_en = \"What is requested\"
kind = \"select\"
options = [\"拆迁\", \"改变用途\"]
required = true

[[implementation.form]]
name = \"reason\"
label_zh = \"理由\"
label_en = \"Reason\"
kind = \"textarea\"
required = true
max_length = 2000
";

#[cfg(test)]
mod tests {
    use tongban_domain::ids::{CreditCode, CreditCodeError, Divisions, InputMode};

    use super::*;

    #[test]
    fn department_codes_pass_the_credit_code_checks() {
        for (province, item) in PROVINCES
            .iter()
            .flat_map(|p| ITEMS.iter().map(move |i| (p, i)))
        {
            let code = department_code(province, item);
            let parsed = CreditCode::parse(&code, InputMode::Strict, &Divisions::default());
            assert!(
                matches!(parsed, Ok(_) | Err(CreditCodeError::DivisionUnknown { .. })),
                "{code}: {parsed:?}"
            );
        }
    }

    #[test]
    fn node_ids_and_codes_are_distinct() {
        let mut ids: Vec<_> = PROVINCES.iter().map(|province| province.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PROVINCES.len());
    }
}
