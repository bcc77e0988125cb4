//! The JSON shapes of catalog entries and service guides that the hub's and the nodes' APIs
//! return, with their OpenAPI schemas. Raw published codes are kept beside the values derived
//! from them, and a part the source left out is `null` or an empty list, never a default.

use serde::Serialize;
use tongban_domain::catalog::{
    GuideTimeLimit, ItemType, LegalBasis, Material, ServiceGuide, ServiceItem,
};
use tongban_i18n::Lang;
use utoipa::ToSchema;

use super::labels::{WORKING_DAYS_UNIT, exercise_level_message, item_type_message};

/// An item type of GB/T 39046 list A.1.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemTypeJson {
    /// Two-digit A.1 code, such as `01`.
    #[schema(example = "01")]
    pub code: String,
    /// Chinese name, such as 行政许可.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
}

impl ItemTypeJson {
    /// Returns the code and names of `item_type`.
    pub fn new(item_type: ItemType) -> ItemTypeJson {
        let message = item_type_message(item_type);
        ItemTypeJson {
            code: item_type.code().to_owned(),
            name_zh: message.render(Lang::ZhCn),
            name_en: message.render(Lang::En),
        }
    }
}

/// An exercise level code of GB/T 39046 list A.2, with its names when the code is in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExerciseLevelJson {
    /// Code as published, such as `4` (county level).
    pub code: String,
    /// Chinese name, or `null` for a code outside list A.2.
    pub name_zh: Option<String>,
    /// English name, or `null` for a code outside list A.2.
    pub name_en: Option<String>,
}

/// A time limit as the guide states it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimeLimitJson {
    /// The number, in the unit of `unit_code`.
    pub value: u32,
    /// Unit code as published; `1` means working days.
    pub unit_code: Option<String>,
    /// `value` when the unit is working days, else `null`.
    pub working_days: Option<u32>,
    /// The guide's explanation.
    pub explanation: Option<String>,
}

impl TimeLimitJson {
    fn new(limit: &GuideTimeLimit) -> TimeLimitJson {
        let in_working_days = limit.unit_code.as_deref().map(str::trim) == Some(WORKING_DAYS_UNIT);
        TimeLimitJson {
            value: limit.value,
            unit_code: limit.unit_code.clone(),
            working_days: in_working_days.then_some(limit.value),
            explanation: limit.explanation.clone(),
        }
    }
}

/// Fees of an item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeeJson {
    /// Whether a fee is charged.
    pub charged: bool,
    /// Basis and amounts as published.
    pub description: Option<String>,
}

/// A provision of the legal basis.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LegalBasisJson {
    /// Law or regulation.
    pub law_name: String,
    /// Document number.
    pub document_number: Option<String>,
    /// Article or clause.
    pub clause: Option<String>,
    /// Text of the provision, possibly shortened by the source.
    pub text: Option<String>,
}

impl LegalBasisJson {
    fn new(basis: &LegalBasis) -> LegalBasisJson {
        LegalBasisJson {
            law_name: basis.law_name.clone(),
            document_number: basis.document_number.clone(),
            clause: basis.clause.clone(),
            text: basis.text.clone(),
        }
    }
}

/// A material the applicant hands in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MaterialJson {
    /// Position in the guide, from 1.
    pub order: u32,
    /// Name.
    pub name: String,
    /// Whether it is required.
    pub required: bool,
    /// Number of originals.
    pub original_count: Option<u32>,
    /// Number of copies.
    pub copy_count: Option<u32>,
    /// Issuer.
    pub source: Option<String>,
    /// Requirement it must meet.
    pub acceptance_standard: Option<String>,
}

impl MaterialJson {
    fn new(material: &Material) -> MaterialJson {
        MaterialJson {
            order: material.order,
            name: material.name.clone(),
            required: material.required,
            original_count: material.original_count,
            copy_count: material.copy_count,
            source: material.source.clone(),
            acceptance_standard: material.acceptance_standard.clone(),
        }
    }
}

/// The parts of a service guide its source published.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GuideJson {
    /// Acceptance conditions.
    pub acceptance_conditions: Option<String>,
    /// Statutory time limit.
    pub statutory_time_limit: Option<TimeLimitJson>,
    /// Promised time limit.
    pub promised_time_limit: Option<TimeLimitJson>,
    /// Fees.
    pub fee: Option<FeeJson>,
    /// Legal basis.
    pub legal_basis: Vec<LegalBasisJson>,
    /// Materials.
    pub materials: Vec<MaterialJson>,
}

impl GuideJson {
    /// Returns the JSON of `guide`.
    pub fn new(guide: &ServiceGuide) -> GuideJson {
        GuideJson {
            acceptance_conditions: guide.acceptance_conditions.clone(),
            statutory_time_limit: guide.statutory_time_limit.as_ref().map(TimeLimitJson::new),
            promised_time_limit: guide.promised_time_limit.as_ref().map(TimeLimitJson::new),
            fee: guide.fee.as_ref().map(|fee| FeeJson {
                charged: fee.charged,
                description: fee.description.clone(),
            }),
            legal_basis: guide.legal_basis.iter().map(LegalBasisJson::new).collect(),
            materials: guide.materials.iter().map(MaterialJson::new).collect(),
        }
    }
}

/// A catalog entry with its service guide.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogItemJson {
    /// Data set the entry comes from.
    #[schema(example = "guangxi-api-payload")]
    pub source: String,
    /// Id of the entry within its data set.
    #[schema(example = "GX-450721-000104002000")]
    pub record_id: String,
    /// `base` (base catalog) or `implementation` (implementation list).
    pub list_kind: String,
    /// Item name.
    pub name: String,
    /// Main item, where the source groups sub-items.
    pub parent_name: Option<String>,
    /// Handling item name.
    pub handling_item_name: Option<String>,
    /// Base catalog code, raw.
    pub item_code: Option<String>,
    /// Implementation code, raw.
    pub implementation_code: Option<String>,
    /// Handling item code, raw.
    pub handling_item_code: Option<String>,
    /// Item type derived from the published name, when it is an A.1 type.
    pub item_type: Option<ItemTypeJson>,
    /// Item type code as published; platforms number the types differently.
    pub item_type_code_raw: Option<String>,
    /// Item type name as published.
    pub item_type_name_raw: Option<String>,
    /// Exercise level.
    pub exercise_level: Option<ExerciseLevelJson>,
    /// Implementing body.
    pub implementing_agency: Option<String>,
    /// Unified social credit code of the implementing body.
    pub implementing_agency_uscc: Option<String>,
    /// GB/T 2260 code of the region whose list the entry belongs to.
    pub region_code: Option<String>,
    /// Name of that region.
    pub region_name: Option<String>,
    /// Official guide page as published; not fetched or checked.
    pub online_url: Option<String>,
    /// Whether the guide has its statutory time limit, fees, legal basis and materials.
    pub guide_complete: bool,
    /// The published parts of the guide, or `null` when the source published none.
    pub guide: Option<GuideJson>,
}

impl CatalogItemJson {
    /// Returns the JSON of `item`.
    pub fn new(item: &ServiceItem) -> CatalogItemJson {
        CatalogItemJson {
            source: item.source.clone(),
            record_id: item.record_id.clone(),
            list_kind: item.list_kind.as_str().to_owned(),
            name: item.name.clone(),
            parent_name: item.parent_name.clone(),
            handling_item_name: item.handling_item_name.clone(),
            item_code: item.item_code.clone(),
            implementation_code: item.implementation_code.clone(),
            handling_item_code: item.handling_item_code.clone(),
            item_type: item.item_type.map(ItemTypeJson::new),
            item_type_code_raw: item.item_type_code_raw.clone(),
            item_type_name_raw: item.item_type_name_raw.clone(),
            exercise_level: item.exercise_level_code.as_ref().map(|code| {
                let name = exercise_level_message(code);
                ExerciseLevelJson {
                    code: code.clone(),
                    name_zh: name.as_ref().map(|name| name.render(Lang::ZhCn)),
                    name_en: name.as_ref().map(|name| name.render(Lang::En)),
                }
            }),
            implementing_agency: item.implementing_agency.clone(),
            implementing_agency_uscc: item.implementing_agency_uscc.clone(),
            region_code: item.region_code.clone(),
            region_name: item.region_name.clone(),
            online_url: item.online_url.clone(),
            guide_complete: item.guide_complete(),
            guide: item.guide.as_ref().map(GuideJson::new),
        }
    }
}
