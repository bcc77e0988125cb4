//! A catalog entry and its service guide as a guide page shows them.
//!
//! Only what the source published is shown. A part it left out is marked as not stated, and
//! an entry without a complete guide carries a notice; nothing is filled in.

use tongban_domain::catalog::{GuideTimeLimit, ServiceGuide, ServiceItem};
use tongban_i18n::{Lang, Message};

use super::labels::{
    WORKING_DAYS_UNIT, exercise_level_message, item_type_name, not_stated, time_limit_text,
    working_days_text, yes_no,
};

/// A labelled value of the facts table.
#[derive(Debug, Clone)]
pub struct Fact {
    /// Label, in the page's language.
    pub label: String,
    /// Value as plain text.
    pub value: String,
}

impl Fact {
    /// Builds a fact labelled by message `label_key`, with "not stated" when `value` is missing
    /// or blank.
    pub fn new(label_key: &'static str, value: Option<String>, lang: Lang) -> Fact {
        Fact {
            label: Message::new(label_key).render(lang),
            value: value
                .filter(|value| !value.trim().is_empty())
                .unwrap_or_else(|| not_stated(lang)),
        }
    }
}

/// A catalog entry as a guide page shows it.
#[derive(Debug, Clone)]
pub struct ItemView {
    /// Item name.
    pub name: String,
    /// Item type, level, implementing body, codes, region, official page and source.
    pub facts: Vec<Fact>,
    /// Whether the guide is complete.
    pub guide_complete: bool,
    /// The published parts of the guide, or `None` when the source published none.
    pub guide: Option<GuideView>,
}

impl ItemView {
    /// Builds the view of `item` in `lang`.
    pub fn new(item: &ServiceItem, lang: Lang) -> ItemView {
        let item_type = match item.item_type {
            Some(item_type) => Some(format!(
                "{} {}",
                item_type.code(),
                item_type_name(item_type, lang)
            )),
            None => raw_code_and_name(
                item.item_type_code_raw.as_deref(),
                item.item_type_name_raw.as_deref(),
            ),
        };
        let level =
            item.exercise_level_code
                .as_deref()
                .map(|code| match exercise_level_message(code) {
                    Some(name) => format!("{} {}", code.trim(), name.render(lang)),
                    None => code.trim().to_owned(),
                });
        let region = raw_code_and_name(item.region_code.as_deref(), item.region_name.as_deref());
        let facts = vec![
            Fact::new("guide-fact-item-type", item_type, lang),
            Fact::new("guide-fact-exercise-level", level, lang),
            Fact::new(
                "guide-fact-implementing-body",
                item.implementing_agency.clone(),
                lang,
            ),
            Fact::new(
                "guide-fact-body-credit-code",
                item.implementing_agency_uscc.clone(),
                lang,
            ),
            Fact::new(
                "guide-fact-implementation-code",
                item.implementation_code.clone(),
                lang,
            ),
            Fact::new("guide-fact-item-code", item.item_code.clone(), lang),
            Fact::new("guide-fact-region", region, lang),
            Fact::new("guide-fact-online-url", item.online_url.clone(), lang),
            Fact::new(
                "guide-fact-source",
                Some(format!("{} / {}", item.source, item.record_id)),
                lang,
            ),
        ];
        ItemView {
            name: item.name.clone(),
            facts,
            guide_complete: item.guide_complete(),
            guide: item.guide.as_ref().map(|guide| GuideView::new(guide, lang)),
        }
    }
}

/// "code name", "code" or "name", whichever parts are there.
fn raw_code_and_name(code: Option<&str>, name: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [code, name]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A time limit as shown: the number with its unit, and the guide's explanation.
#[derive(Debug, Clone)]
pub struct TimeLimitView {
    /// Such as "20 working days".
    pub text: String,
    /// The guide's explanation, as published.
    pub explanation: Option<String>,
}

impl TimeLimitView {
    /// Builds the view of a limit stated by a guide.
    pub fn from_guide(limit: &GuideTimeLimit, lang: Lang) -> TimeLimitView {
        TimeLimitView {
            text: time_limit_text(limit.value, limit.unit_code.as_deref(), lang),
            explanation: non_blank(limit.explanation.as_deref()),
        }
    }
}

impl TimeLimitView {
    /// Builds the view of a limit a node commits to, in working days. The guide's explanation
    /// is kept only when the guide states the same limit in working days, because it explains
    /// that value and no other.
    pub fn node_limit(
        days: u32,
        guide_limit: Option<&GuideTimeLimit>,
        lang: Lang,
    ) -> TimeLimitView {
        let same = guide_limit.filter(|limit| {
            limit.value == days
                && limit.unit_code.as_deref().map(str::trim) == Some(WORKING_DAYS_UNIT)
        });
        TimeLimitView {
            text: working_days_text(days, lang),
            explanation: same.and_then(|limit| non_blank(limit.explanation.as_deref())),
        }
    }
}

/// A row of the materials table.
#[derive(Debug, Clone)]
pub struct MaterialView {
    /// Name.
    pub name: String,
    /// Yes or no.
    pub required: String,
    /// Number of originals, or "not stated".
    pub originals: String,
    /// Number of copies, or "not stated".
    pub copies: String,
    /// Issuer, or "not stated".
    pub source: String,
    /// Requirement it must meet, if stated.
    pub standard: Option<String>,
}

/// A provision of the legal basis.
#[derive(Debug, Clone)]
pub struct LegalBasisView {
    /// Law or regulation.
    pub law: String,
    /// Document number.
    pub document_number: Option<String>,
    /// Article or clause.
    pub clause: Option<String>,
    /// Text of the provision.
    pub text: Option<String>,
}

/// Fees as shown.
#[derive(Debug, Clone)]
pub struct FeeView {
    /// "Fee charged" or "No fee".
    pub charged: String,
    /// Basis and amounts as published.
    pub description: Option<String>,
}

/// The published parts of a service guide.
#[derive(Debug, Clone)]
pub struct GuideView {
    /// Acceptance conditions.
    pub conditions: Option<String>,
    /// Statutory time limit.
    pub statutory: Option<TimeLimitView>,
    /// Promised time limit.
    pub promised: Option<TimeLimitView>,
    /// Fees.
    pub fee: Option<FeeView>,
    /// Legal basis, in published order.
    pub legal_basis: Vec<LegalBasisView>,
    /// Materials, in published order.
    pub materials: Vec<MaterialView>,
}

impl GuideView {
    /// Builds the view of `guide` in `lang`.
    pub fn new(guide: &ServiceGuide, lang: Lang) -> GuideView {
        let count = |count: Option<u32>| count.map_or_else(|| not_stated(lang), |n| n.to_string());
        let materials = guide
            .materials
            .iter()
            .map(|material| MaterialView {
                name: material.name.clone(),
                required: yes_no(material.required, lang),
                originals: count(material.original_count),
                copies: count(material.copy_count),
                source: non_blank(material.source.as_deref()).unwrap_or_else(|| not_stated(lang)),
                standard: non_blank(material.acceptance_standard.as_deref()),
            })
            .collect();
        let legal_basis = guide
            .legal_basis
            .iter()
            .map(|basis| LegalBasisView {
                law: basis.law_name.clone(),
                document_number: non_blank(basis.document_number.as_deref()),
                clause: non_blank(basis.clause.as_deref()),
                text: non_blank(basis.text.as_deref()),
            })
            .collect();
        GuideView {
            conditions: non_blank(guide.acceptance_conditions.as_deref()),
            statutory: guide
                .statutory_time_limit
                .as_ref()
                .map(|limit| TimeLimitView::from_guide(limit, lang)),
            promised: guide
                .promised_time_limit
                .as_ref()
                .map(|limit| TimeLimitView::from_guide(limit, lang)),
            fee: guide.fee.as_ref().map(|fee| FeeView {
                charged: Message::new(if fee.charged {
                    "guide-fee-charged"
                } else {
                    "guide-fee-free"
                })
                .render(lang),
                description: non_blank(fee.description.as_deref()),
            }),
            legal_basis,
            materials,
        }
    }
}

fn non_blank(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}
