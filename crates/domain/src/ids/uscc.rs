//! Unified social credit codes (统一社会信用代码, GB 32100-2015).
//!
//! 18 characters: registration authority (1), entity category (1), the GB/T 2260 division of the
//! registering office (6), the GB 11714 organization code with its own check character (9), and
//! a check character (1). The alphabet has 31 symbols: digits and capital letters without
//! I, O, S, V and Z.

use std::fmt;

use serde::Serialize;
use tongban_i18n::Message;

use super::division::{DivisionCode, Divisions};
use super::org_code::{self, OrgCode};
use super::{InputMode, iso7064, normalise_form_input};
use crate::RuleViolation;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1 to 17: 3^(i−1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A registration authority (登记管理部门) and the entity categories it registers, in Chinese and
/// English, from the code table of GB 32100-2015.
struct Authority {
    code: char,
    zh: &'static str,
    en: &'static str,
    categories: &'static [(char, &'static str, &'static str)],
}

const AUTHORITIES: &[Authority] = &[
    Authority {
        code: '1',
        zh: "机构编制",
        en: "institutional establishment office",
        categories: &[
            ('1', "机关", "government organ"),
            ('2', "事业单位", "public institution"),
            (
                '3',
                "中央编办直接管理机构编制的群众团体",
                "mass organization under the central establishment office",
            ),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: '2',
        zh: "外交",
        en: "foreign affairs",
        categories: &[
            ('1', "外国常驻新闻机构", "resident foreign news agency"),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: '3',
        zh: "司法行政",
        en: "judicial administration",
        categories: &[
            ('1', "律师执业机构", "law firm"),
            ('2', "公证处", "notary office"),
            ('3', "基层法律服务所", "grassroots legal service office"),
            ('4', "司法鉴定机构", "forensic appraisal institution"),
            ('5', "仲裁委员会", "arbitration commission"),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: '4',
        zh: "文化",
        en: "culture",
        categories: &[
            ('1', "外国在华文化中心", "foreign cultural centre in China"),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: '5',
        zh: "民政",
        en: "civil affairs",
        categories: &[
            ('1', "社会团体", "social organization"),
            ('2', "民办非企业单位", "private non-enterprise unit"),
            ('3', "基金会", "foundation"),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: '6',
        zh: "旅游",
        en: "tourism",
        categories: &[
            (
                '1',
                "外国旅游部门常驻代表机构",
                "resident office of a foreign tourism authority",
            ),
            (
                '2',
                "港澳台地区旅游部门常驻内地（大陆）代表机构",
                "resident office of a Hong Kong, Macao or Taiwan tourism authority",
            ),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: '7',
        zh: "宗教",
        en: "religious affairs",
        categories: &[
            ('1', "宗教活动场所", "venue for religious activities"),
            ('2', "宗教院校", "religious school"),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: '8',
        zh: "工会",
        en: "trade union",
        categories: &[
            ('1', "基层工会", "grassroots trade union"),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: '9',
        zh: "工商",
        en: "market regulation (industry and commerce)",
        categories: &[
            ('1', "企业", "enterprise"),
            ('2', "个体工商户", "individual business"),
            ('3', "农民专业合作社", "farmers' specialized cooperative"),
        ],
    },
    Authority {
        code: 'A',
        zh: "中央军委改革和编制办公室",
        en: "Reform and Establishment Office of the Central Military Commission",
        categories: &[
            ('1', "军队事业单位", "military public institution"),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: 'N',
        zh: "农业",
        en: "agriculture",
        categories: &[
            (
                '1',
                "组级集体经济组织",
                "group-level collective economic organization",
            ),
            (
                '2',
                "村级集体经济组织",
                "village-level collective economic organization",
            ),
            (
                '3',
                "乡镇级集体经济组织",
                "township-level collective economic organization",
            ),
            ('9', "其他", "other"),
        ],
    },
    Authority {
        code: 'Y',
        zh: "其他",
        en: "other",
        categories: &[('1', "其他", "other")],
    },
];

/// A name in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The code character.
    pub code: char,
    /// Simplified Chinese name.
    pub zh: &'static str,
    /// English name.
    pub en: &'static str,
}

/// A valid unified social credit code and its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreditCode {
    code: String,
    registration_authority: Label,
    entity_category: Label,
    division: DivisionCode,
    division_name: Option<String>,
    org_code: OrgCode,
}

impl CreditCode {
    /// Parses and validates a credit code. In [`InputMode::Form`] spaces, full-width
    /// characters and lowercase letters are normalised first.
    ///
    /// # Errors
    /// A [`CreditCodeError`] naming the first rule broken, checked in this order: length,
    /// alphabet, division digits, check character, organization code, registration authority
    /// and entity category, division. A resident ID number given here is named as such.
    pub fn parse(
        input: &str,
        mode: InputMode,
        divisions: &Divisions,
    ) -> Result<CreditCode, CreditCodeError> {
        let code = match mode {
            InputMode::Form => normalise_form_input(input, false),
            InputMode::Strict => input.to_owned(),
        };
        let found = code.chars().count();
        if found != 18 {
            return Err(CreditCodeError::Length { found });
        }
        check_alphabet(&code)?;
        let bytes = code.as_bytes();

        let division_text = &code[2..8];
        let division =
            DivisionCode::parse(division_text).map_err(|_| CreditCodeError::DivisionFormat {
                text: division_text.to_owned(),
            })?;

        let expected = check_character(&bytes[..17]).ok_or(CreditCodeError::Length { found })?;
        if bytes[17] != expected {
            if looks_like_resident_id(bytes) {
                return Err(CreditCodeError::ResidentIdGiven);
            }
            return Err(CreditCodeError::CheckCharacter {
                expected: char::from(expected),
                found: char::from(bytes[17]),
            });
        }

        let org_code = OrgCode::parse(&code[8..17], InputMode::Strict).map_err(|_| {
            if looks_like_resident_id(bytes) {
                return CreditCodeError::ResidentIdGiven;
            }
            let expected = org_code::check_character(&bytes[8..16]).unwrap_or('?');
            CreditCodeError::OrgCodeCheck {
                org_code: code[8..17].to_owned(),
                expected,
            }
        })?;

        let (registration_authority, entity_category) = authority_and_category(bytes)?;
        let division_name = if division == DivisionCode::NATIONAL {
            None
        } else {
            let record =
                divisions
                    .latest(division)
                    .ok_or_else(|| CreditCodeError::DivisionUnknown {
                        code: division.to_string(),
                    })?;
            Some(record.full_name())
        };

        Ok(CreditCode {
            code,
            registration_authority,
            entity_category,
            division,
            division_name,
            org_code,
        })
    }

    /// Returns the 18 characters.
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// Returns the registration authority (登记管理部门), the first character.
    pub fn registration_authority(&self) -> &Label {
        &self.registration_authority
    }

    /// Returns the entity category (机构类别), the second character.
    pub fn entity_category(&self) -> &Label {
        &self.entity_category
    }

    /// Returns the division of the registering office, characters 3 to 8. Central bodies carry
    /// `100000`, which is not a GB/T 2260 division.
    pub fn division(&self) -> DivisionCode {
        self.division
    }

    /// Returns the newest name of the division, or `None` for `100000`.
    pub fn division_name(&self) -> Option<&str> {
        self.division_name.as_deref()
    }

    /// Returns the embedded organization code, characters 9 to 17.
    pub fn org_code(&self) -> &OrgCode {
        &self.org_code
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// Returns the GB 32100 check character of the first 17 characters:
/// `31 − (Σ vᵢwᵢ mod 31)`, where 31 is written `0`.
pub fn check_character(body: &[u8]) -> Option<u8> {
    if body.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (byte, weight) in body.iter().zip(WEIGHTS) {
        let value = ALPHABET.iter().position(|symbol| symbol == byte)?;
        sum += u32::try_from(value).ok()? * weight;
    }
    let check = (31 - sum % 31) % 31;
    usize::try_from(check).ok().map(|index| ALPHABET[index])
}

fn check_alphabet(code: &str) -> Result<(), CreditCodeError> {
    for (index, c) in code.chars().enumerate() {
        let in_alphabet = c.is_ascii() && ALPHABET.contains(&(c as u8));
        if !in_alphabet {
            return Err(CreditCodeError::Character {
                position: index + 1,
                found: c,
            });
        }
    }
    Ok(())
}

/// A resident ID number has 17 digits, a MOD 11-2 check character and a real birth date in
/// characters 7 to 14.
fn looks_like_resident_id(bytes: &[u8]) -> bool {
    let check_matches = iso7064::mod_11_2_check(&bytes[..17]) == Some(bytes[17]);
    let date_text = std::str::from_utf8(&bytes[6..14]).unwrap_or_default();
    let real_date = chrono::NaiveDate::parse_from_str(date_text, "%Y%m%d").is_ok();
    check_matches && real_date
}

fn authority_and_category(bytes: &[u8]) -> Result<(Label, Label), CreditCodeError> {
    let authority_code = char::from(bytes[0]);
    let category_code = char::from(bytes[1]);
    let authority = AUTHORITIES
        .iter()
        .find(|authority| authority.code == authority_code)
        .ok_or(CreditCodeError::UnknownAuthority {
            found: authority_code,
        })?;
    let category = authority
        .categories
        .iter()
        .find(|(code, _, _)| *code == category_code)
        .ok_or(CreditCodeError::UnknownCategory {
            authority: authority_code,
            found: category_code,
        })?;
    let authority = Label {
        code: authority.code,
        zh: authority.zh,
        en: authority.en,
    };
    let category = Label {
        code: category.0,
        zh: category.1,
        en: category.2,
    };
    Ok((authority, category))
}

/// Why a credit code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CreditCodeError {
    /// Not 18 characters.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Length {
        /// Number of characters found.
        found: usize,
    },
    /// A character outside the 31-symbol alphabet.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Character {
        /// 1-based position.
        position: usize,
        /// The character found.
        found: char,
    },
    /// Characters 3 to 8 are not six digits.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    DivisionFormat {
        /// The six characters.
        text: String,
    },
    /// The 18th character is not the check character of the first 17.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    CheckCharacter {
        /// What the first 17 characters call for.
        expected: char,
        /// What the code has.
        found: char,
    },
    /// The input is a resident ID number.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    ResidentIdGiven,
    /// Characters 9 to 17 fail the GB 11714 check.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    OrgCodeCheck {
        /// The nine characters.
        org_code: String,
        /// The check character their body calls for.
        expected: char,
    },
    /// The first character is no registration authority of GB 32100.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    UnknownAuthority {
        /// The character found.
        found: char,
    },
    /// The second character is no entity category of that authority.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    UnknownCategory {
        /// The authority's character.
        authority: char,
        /// The character found.
        found: char,
    },
    /// Characters 3 to 8 were never a GB/T 2260 code since 1981.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    DivisionUnknown {
        /// The six digits.
        code: String,
    },
}

impl RuleViolation for CreditCodeError {
    fn rule(&self) -> &'static str {
        match self {
            CreditCodeError::Length { .. } => "uscc-length",
            CreditCodeError::Character { .. } => "uscc-character",
            CreditCodeError::DivisionFormat { .. } => "uscc-division-format",
            CreditCodeError::CheckCharacter { .. } => "uscc-check-character",
            CreditCodeError::ResidentIdGiven => "uscc-resident-id-given",
            CreditCodeError::OrgCodeCheck { .. } => "uscc-org-code-check",
            CreditCodeError::UnknownAuthority { .. } => "uscc-unknown-authority",
            CreditCodeError::UnknownCategory { .. } => "uscc-unknown-category",
            CreditCodeError::DivisionUnknown { .. } => "uscc-division-unknown",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            CreditCodeError::ResidentIdGiven => message,
            CreditCodeError::Length { found } => message.arg("found", *found),
            CreditCodeError::Character { position, found } => message
                .arg("position", *position)
                .arg("found", found.to_string()),
            CreditCodeError::DivisionFormat { text } => message.arg("text", text.as_str()),
            CreditCodeError::CheckCharacter { expected, found } => message
                .arg("expected", expected.to_string())
                .arg("found", found.to_string()),
            CreditCodeError::OrgCodeCheck { org_code, expected } => message
                .arg("org_code", org_code.as_str())
                .arg("expected", expected.to_string()),
            CreditCodeError::UnknownAuthority { found } => message.arg("found", found.to_string()),
            CreditCodeError::UnknownCategory { authority, found } => message
                .arg("authority", authority.to_string())
                .arg("found", found.to_string()),
            CreditCodeError::DivisionUnknown { code } => message.arg("code", code.as_str()),
        }
    }
}

#[cfg(test)]
mod tests;
