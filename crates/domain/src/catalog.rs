//! The catalog model: service items, their types and their service guides.

use serde::{Deserialize, Serialize};

/// Item type (事项类型), GB/T 39046 code list A.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    /// 01 行政许可.
    AdministrativeLicensing,
    /// 02 行政处罚.
    AdministrativePenalty,
    /// 03 行政强制.
    AdministrativeCoercion,
    /// 04 行政征收.
    AdministrativeLevy,
    /// 05 行政给付.
    AdministrativePayment,
    /// 06 行政检查.
    AdministrativeInspection,
    /// 07 行政确认.
    AdministrativeConfirmation,
    /// 08 行政奖励.
    AdministrativeReward,
    /// 09 行政裁决.
    AdministrativeAdjudication,
    /// 10 其他行政权力.
    OtherAdministrativePower,
    /// 20 公共服务.
    PublicService,
}

/// Each item type with its A.1 code and its Chinese name as the catalogs write it.
const ITEM_TYPES: [(ItemType, &str, &str); 11] = [
    (ItemType::AdministrativeLicensing, "01", "行政许可"),
    (ItemType::AdministrativePenalty, "02", "行政处罚"),
    (ItemType::AdministrativeCoercion, "03", "行政强制"),
    (ItemType::AdministrativeLevy, "04", "行政征收"),
    (ItemType::AdministrativePayment, "05", "行政给付"),
    (ItemType::AdministrativeInspection, "06", "行政检查"),
    (ItemType::AdministrativeConfirmation, "07", "行政确认"),
    (ItemType::AdministrativeReward, "08", "行政奖励"),
    (ItemType::AdministrativeAdjudication, "09", "行政裁决"),
    (ItemType::OtherAdministrativePower, "10", "其他行政权力"),
    (ItemType::PublicService, "20", "公共服务"),
];

impl ItemType {
    /// Every item type, in the order of their A.1 codes.
    pub const ALL: [ItemType; 11] = [
        ItemType::AdministrativeLicensing,
        ItemType::AdministrativePenalty,
        ItemType::AdministrativeCoercion,
        ItemType::AdministrativeLevy,
        ItemType::AdministrativePayment,
        ItemType::AdministrativeInspection,
        ItemType::AdministrativeConfirmation,
        ItemType::AdministrativeReward,
        ItemType::AdministrativeAdjudication,
        ItemType::OtherAdministrativePower,
        ItemType::PublicService,
    ];

    /// Returns the two-digit A.1 code.
    pub fn code(self) -> &'static str {
        ITEM_TYPES
            .iter()
            .find(|(item_type, _, _)| *item_type == self)
            .map_or("", |entry| entry.1)
    }

    /// Returns the type for an A.1 code, such as `01`.
    pub fn from_code(code: &str) -> Option<ItemType> {
        ITEM_TYPES
            .iter()
            .find(|entry| entry.1 == code)
            .map(|entry| entry.0)
    }

    /// Returns the type for the Chinese name a catalog writes, such as 行政许可. Platforms number
    /// the types differently (one table puts 公共服务 at 20, another at 21), while the names
    /// agree, so the name decides and the raw code is kept beside it.
    pub fn from_name(name: &str) -> Option<ItemType> {
        let name = name.trim();
        ITEM_TYPES
            .iter()
            .find(|entry| entry.2 == name)
            .map(|entry| entry.0)
    }

    /// Returns the Chinese name.
    pub fn name_zh(self) -> &'static str {
        ITEM_TYPES
            .iter()
            .find(|(item_type, _, _)| *item_type == self)
            .map_or("", |entry| entry.2)
    }
}

/// Which list an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// 基本目录: the item as a catalog defines it, without an implementing body.
    Base,
    /// 实施清单: one authority's concrete version of an item.
    Implementation,
}

impl ListKind {
    /// Returns the name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Base => "base",
            ListKind::Implementation => "implementation",
        }
    }
}

/// A time limit as a service guide states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideTimeLimit {
    /// The number.
    pub value: u32,
    /// The unit's raw code as published (`1` = working days in the published code tables).
    pub unit_code: Option<String>,
    /// The guide's own explanation.
    pub explanation: Option<String>,
}

/// A legal provision the item rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    /// Name of the law or regulation.
    pub law_name: String,
    /// Document number, such as 国务院令第716号.
    pub document_number: Option<String>,
    /// Article or clause.
    pub clause: Option<String>,
    /// Text of the provision, possibly shortened by the source.
    pub text: Option<String>,
}

/// A material the applicant hands in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Material {
    /// Position in the guide, from 1.
    pub order: u32,
    /// Name.
    pub name: String,
    /// Whether it is required (是否必备材料).
    pub required: bool,
    /// Number of originals (原件份数).
    pub original_count: Option<u32>,
    /// Number of copies (复印件份数).
    pub copy_count: Option<u32>,
    /// Who issues it or where it comes from.
    pub source: Option<String>,
    /// What the material must satisfy.
    pub acceptance_standard: Option<String>,
}

/// Fees of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// Whether a fee is charged (是否收费).
    pub charged: bool,
    /// The basis and amounts as the guide states them.
    pub description: Option<String>,
}

/// The parts of a service guide (办事指南) that a source publishes in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceGuide {
    /// Acceptance conditions (受理条件).
    pub acceptance_conditions: Option<String>,
    /// Statutory time limit (法定办结时限).
    pub statutory_time_limit: Option<GuideTimeLimit>,
    /// Promised time limit (承诺办结时限).
    pub promised_time_limit: Option<GuideTimeLimit>,
    /// Fees.
    pub fee: Option<Fee>,
    /// Legal basis (设定依据).
    pub legal_basis: Vec<LegalBasis>,
    /// Required materials (申请材料).
    pub materials: Vec<Material>,
}

/// One entry of a catalog as imported, raw codes kept beside what was derived from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    /// Data set the entry comes from.
    pub source: String,
    /// Stable id of the entry within its data set.
    pub record_id: String,
    /// Base catalog or implementation list.
    pub list_kind: ListKind,
    /// GB/T 2260 code of the region whose list it is.
    pub region_code: Option<String>,
    /// Name of that region.
    pub region_name: Option<String>,
    /// Item name (事项名称).
    pub name: String,
    /// Main item (主项) where the source groups sub-items.
    pub parent_name: Option<String>,
    /// Handling item (业务办理项) name.
    pub handling_item_name: Option<String>,
    /// Base catalog code (基本编码), raw.
    pub item_code: Option<String>,
    /// Implementation code (实施编码), raw.
    pub implementation_code: Option<String>,
    /// Handling item code (业务办理项编码), raw.
    pub handling_item_code: Option<String>,
    /// Item type code as published.
    pub item_type_code_raw: Option<String>,
    /// Item type name as published.
    pub item_type_name_raw: Option<String>,
    /// Item type derived from the name.
    pub item_type: Option<ItemType>,
    /// Exercise level code (A.2) as published.
    pub exercise_level_code: Option<String>,
    /// Implementing body as written.
    pub implementing_agency: Option<String>,
    /// Credit code of the implementing body, where published.
    pub implementing_agency_uscc: Option<String>,
    /// Official guide page, not fetched.
    pub online_url: Option<String>,
    /// The parts of the service guide its source publishes, or `None` when it publishes none.
    pub guide: Option<ServiceGuide>,
}

impl ServiceGuide {
    /// Returns whether the guide has what an applicant needs before applying: the statutory
    /// time limit, the fees, the legal basis and the list of materials.
    pub fn is_complete(&self) -> bool {
        self.statutory_time_limit.is_some()
            && self.fee.is_some()
            && !self.legal_basis.is_empty()
            && !self.materials.is_empty()
    }
}

impl ServiceItem {
    /// Returns whether the source published a complete service guide for the item. An item
    /// without one is guide-incomplete: it keeps the parts its source has, and nothing is
    /// filled in for the rest.
    pub fn guide_complete(&self) -> bool {
        self.guide.as_ref().is_some_and(ServiceGuide::is_complete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_type_names_map_to_a1_codes() {
        assert_eq!(
            ItemType::from_name("行政许可").map(ItemType::code),
            Some("01")
        );
        assert_eq!(
            ItemType::from_name(" 公共服务 ").map(ItemType::code),
            Some("20")
        );
        assert_eq!(
            ItemType::from_name("其他行政权力").map(ItemType::code),
            Some("10")
        );
        assert_eq!(ItemType::from_name("行政审批"), None);
    }

    #[test]
    fn a1_codes_round_trip() {
        for (item_type, code, name) in ITEM_TYPES {
            assert_eq!(ItemType::from_code(code), Some(item_type));
            assert_eq!(item_type.name_zh(), name);
        }
    }

    #[test]
    fn all_lists_every_type_in_code_order() {
        let codes: Vec<&str> = ItemType::ALL
            .iter()
            .map(|item_type| item_type.code())
            .collect();
        let expected: Vec<&str> = ITEM_TYPES.iter().map(|entry| entry.1).collect();
        assert_eq!(codes, expected);
    }
}
