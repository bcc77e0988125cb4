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

/// The catalog entry every simulated node implements: the energy review of fixed-asset
/// investment projects, a published service guide with two required materials.
pub const RECORD_ID: &str = "GX-450721-000104002000";

/// The materials its guide requires.
pub const MATERIALS: [&str; 2] = ["申请书", "节能报告"];

/// Id of the implementation that `province` handles itself.
pub fn local_item(province: &Province) -> String {
    format!("{}-energy-review", province.id)
}

/// Id of the implementation that `province` offers and `handler` handles.
pub fn offered_item(province: &Province, handler: &Province) -> String {
    format!("{}-{}-energy-review", province.id, handler.id)
}

/// A credit code for the energy department of `province` that passes every GB 32100 check:
/// registered by an organ of state (`11`), in the province's division, with an organisation
/// code of `MB` and six digits of the division code. It names no real organ.
pub fn department_code(province: &Province) -> String {
    let org_body = format!("MB{}", &province.code[..6]);
    let org_check = org_code::check_character(org_body.as_bytes()).unwrap_or('0');
    let body = format!("11{}{org_body}{org_check}", province.code);
    let check = uscc::check_character(body.as_bytes()).map_or('0', char::from);
    format!("{body}{check}")
}

/// The department's name: the province's name and 发展和改革委员会, marked as simulated.
pub fn department_name(province_name: &str) -> String {
    format!("{province_name}发展和改革委员会（模拟）")
}

/// The implementation list of `province`: its own energy review, which issues an
/// e-certificate on approval, and the energy review of `handler` offered for cross-province
/// handling (全程网办). `names` gives the Chinese name of a province by code.
pub fn implementation_list(
    province: &Province,
    handler: &Province,
    names: &dyn Fn(&str) -> String,
) -> String {
    let code = department_code(province);
    let department = department_name(&names(province.code));
    let handler_department = department_name(&names(handler.code));
    let mut list = format!(
        "# Written by `tongban simulate` for the node {id}.\n\n\
         [[implementation]]\nid = \"{local}\"\nsource = \"guangxi-api-payload\"\n\
         record_id = \"{RECORD_ID}\"\ndepartment = \"{department}\"\n\
         department_code = \"{code}\"\nyellow_days = 3\n{form}\n\
         [implementation.certificate]\ntype_code = \"{code}001\"\n\
         name_zh = \"固定资产投资项目节能审查意见\"\n\
         name_en = \"Energy review opinion on a fixed-asset investment project\"\n\
         validity_years = 2\n\n\
         [[implementation.certificate.face]]\nlabel_zh = \"项目名称\"\nlabel_en = \"Project name\"\n\
         value = \"form.project_name\"\n\n\
         [[implementation.certificate.face]]\nlabel_zh = \"办件编号\"\nlabel_en = \"Case number\"\n\
         value = \"case.number\"\n",
        id = province.id,
        local = local_item(province),
        form = FORM,
    );
    if handler != province {
        list.push_str(&format!(
            "\n[[implementation]]\nid = \"{offered}\"\nsource = \"guangxi-api-payload\"\n\
             record_id = \"{RECORD_ID}\"\ndepartment = \"{handler_department}\"\nyellow_days = 3\n\n\
             [implementation.handled_at]\nnode = \"{handler_id}\"\nimplementation = \"{handled}\"\n{FORM}",
            offered = offered_item(province, handler),
            handler_id = handler.id,
            handled = local_item(handler),
        ));
    }
    list
}

/// The form of every simulated energy review.
const FORM: &str = "
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

#[cfg(test)]
mod tests {
    use tongban_domain::ids::{CreditCode, CreditCodeError, Divisions, InputMode};

    use super::*;

    #[test]
    fn department_codes_pass_the_credit_code_checks() {
        for province in &PROVINCES {
            let code = department_code(province);
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
