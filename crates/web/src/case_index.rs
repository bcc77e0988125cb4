//! The JSON of the hub's national case index, which the hub writes at `GET /api/case-index`
//! and the nodes read for their "my cases" pages.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The cases of the person an access token speaks for.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseIndexJson {
    /// The indexed cases, the most recently changed first.
    pub cases: Vec<IndexedCaseJson>,
}

/// One case as the hub's index contains it: its latest reported status and no form data or
/// materials.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IndexedCaseJson {
    /// 办件编号.
    pub case_number: String,
    /// 事项名称.
    pub item_name: String,
    /// 实施编码, or the implementation id when the implementation has no code.
    pub item_code: String,
    /// Status name, such as `submitted` or `approved`.
    pub status: String,
    /// Node id of the receiving place (收件地).
    pub receiving_place: String,
    /// Name of the receiving node in Simplified Chinese, when the hub's registry has it.
    #[serde(default)]
    pub receiving_name_zh: Option<String>,
    /// Name of the receiving node in English, when the hub's registry has it.
    #[serde(default)]
    pub receiving_name_en: Option<String>,
    /// Node id of the handling place (办理地), which keeps the case.
    pub handling_place: String,
    /// Name of the handling node in Simplified Chinese, when the hub's registry has it.
    pub handling_name_zh: Option<String>,
    /// Name of the handling node in English, when the hub's registry has it.
    pub handling_name_en: Option<String>,
    /// The case page at the handling node, when the hub's registry has its endpoint.
    pub url: Option<String>,
    /// When the case last changed at the handling node, RFC 3339.
    pub changed_at: String,
}

impl IndexedCaseJson {
    /// Returns the receiving place in `lang`: the node's name and id, or the id alone when the
    /// hub's registry has no name.
    pub fn receiving_label(&self, lang: tongban_i18n::Lang) -> String {
        let names = (&self.receiving_name_zh, &self.receiving_name_en);
        place_label(&self.receiving_place, names, lang)
    }

    /// Returns the handling place in `lang`, as [`IndexedCaseJson::receiving_label`] does.
    pub fn handling_label(&self, lang: tongban_i18n::Lang) -> String {
        let names = (&self.handling_name_zh, &self.handling_name_en);
        place_label(&self.handling_place, names, lang)
    }
}

/// Returns the node's name in `lang` with its id in brackets, full-width in Chinese, or the
/// node id alone without a name.
fn place_label(
    node_id: &str,
    (name_zh, name_en): (&Option<String>, &Option<String>),
    lang: tongban_i18n::Lang,
) -> String {
    match (lang, name_zh, name_en) {
        (tongban_i18n::Lang::ZhCn, Some(name), _) => format!("{name}（{node_id}）"),
        (tongban_i18n::Lang::En, _, Some(name)) => format!("{name} ({node_id})"),
        _ => node_id.to_owned(),
    }
}

/// Returns the label of status `name` in `lang`, or the name itself for a status this
/// version does not know, as a newer node may report.
pub fn status_label(name: &str, lang: tongban_i18n::Lang) -> String {
    tongban_domain::case::CaseStatus::parse(name).map_or_else(
        || name.to_owned(),
        |status| tongban_i18n::Message::new(status.label_key()).render(lang),
    )
}

/// Returns an RFC 3339 time as `YYYY-MM-DD hh:mm` in Asia/Shanghai, or the text itself when
/// it does not parse.
pub fn format_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_owned(),
        |time| {
            time.with_timezone(&tongban_domain::time::CHINA_STANDARD_TIME)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

#[cfg(test)]
mod tests {
    use tongban_i18n::Lang;

    use super::IndexedCaseJson;

    fn case(receiving_name: Option<(&str, &str)>) -> IndexedCaseJson {
        IndexedCaseJson {
            case_number: "330000202612060000001S".to_owned(),
            item_name: "固定资产投资项目节能审查".to_owned(),
            item_code: "zj-energy-review".to_owned(),
            status: "submitted".to_owned(),
            receiving_place: "gd".to_owned(),
            receiving_name_zh: receiving_name.map(|(zh, _)| zh.to_owned()),
            receiving_name_en: receiving_name.map(|(_, en)| en.to_owned()),
            handling_place: "zj".to_owned(),
            handling_name_zh: None,
            handling_name_en: None,
            url: None,
            changed_at: "2026-12-06T10:00:00+08:00".to_owned(),
        }
    }

    #[test]
    fn place_labels_name_the_node() {
        let named = case(Some(("广东政务服务网", "Guangdong Government Services")));

        assert_eq!(named.receiving_label(Lang::ZhCn), "广东政务服务网（gd）");
        assert_eq!(
            named.receiving_label(Lang::En),
            "Guangdong Government Services (gd)"
        );
        assert_eq!(named.handling_label(Lang::ZhCn), "zj");
        assert_eq!(case(None).receiving_label(Lang::En), "gd");
    }
}
