//! What approving a case issues: the e-certificate type of an implementation, with the fields
//! printed on the certificate's face and where each value comes from.

use std::fmt;

use serde::{Deserialize, Serialize};
use tongban_i18n::Lang;

/// The e-certificate an implementation issues on approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateType {
    /// 证照类型代码 (GB/T 36904): the credit code of the department that defines the type and a
    /// 3-digit sequence, 21 characters in all.
    pub type_code: String,
    /// 证照名称 in Simplified Chinese, the title on the certificate, such as
    /// 固定资产投资项目节能审查意见.
    pub name_zh: String,
    /// The name in English.
    pub name_en: String,
    /// Name of the seal that signs, such as 浙江省发展和改革委员会行政审批专用章; by default the
    /// department's name followed by 行政审批专用章.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal_name: Option<String>,
    /// Years the certificate is valid from the day of the decision; without it the certificate
    /// is valid without end (长期).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_years: Option<u32>,
    /// Names of materials that a certificate of this type can stand for when another item asks
    /// for them, such as 固定资产投资项目节能审查意见.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proves: Vec<String>,
    /// The fields on the certificate's face, in order.
    #[serde(default)]
    pub face: Vec<FaceFieldSource>,
}

/// Suffix of the default seal name: the seal of administrative approval (行政审批专用章).
pub const DEFAULT_SEAL_SUFFIX: &str = "行政审批专用章";

impl CertificateType {
    /// Returns the name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }

    /// Returns the name of the seal that signs for `department`.
    pub fn seal_name_for(&self, department: &str) -> String {
        self.seal_name
            .clone()
            .unwrap_or_else(|| format!("{department}{DEFAULT_SEAL_SUFFIX}"))
    }
}

/// A field on the certificate's face.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceFieldSource {
    /// Label in Simplified Chinese.
    pub label_zh: String,
    /// Label in English.
    pub label_en: String,
    /// Where the value comes from, such as `form.project_name`.
    pub value: FaceValue,
}

/// Where the value of a face field comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum FaceValue {
    /// `form.<name>`: the value of the application form's field `name`.
    Form(String),
    /// `decision.reason`: the opinion the clerk gave with the approval.
    DecisionReason,
    /// `decision.date`: the day of the decision.
    DecisionDate,
    /// `case.number`: the case number (办件编号).
    CaseNumber,
}

impl TryFrom<String> for FaceValue {
    type Error = String;

    fn try_from(text: String) -> Result<FaceValue, String> {
        match text.as_str() {
            "decision.reason" => Ok(FaceValue::DecisionReason),
            "decision.date" => Ok(FaceValue::DecisionDate),
            "case.number" => Ok(FaceValue::CaseNumber),
            _ => match text.strip_prefix("form.") {
                Some(name) if !name.is_empty() => Ok(FaceValue::Form(name.to_owned())),
                _ => Err(format!(
                    "unknown face value {text:?}: expected form.<field>, decision.reason, \
                     decision.date or case.number"
                )),
            },
        }
    }
}

impl From<FaceValue> for String {
    fn from(value: FaceValue) -> String {
        value.to_string()
    }
}

impl fmt::Display for FaceValue {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaceValue::Form(name) => write!(formatter, "form.{name}"),
            FaceValue::DecisionReason => formatter.write_str("decision.reason"),
            FaceValue::DecisionDate => formatter.write_str("decision.date"),
            FaceValue::CaseNumber => formatter.write_str("case.number"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn face_values_read_and_write_back() {
        for text in [
            "form.project_name",
            "decision.reason",
            "decision.date",
            "case.number",
        ] {
            let value = FaceValue::try_from(text.to_owned()).unwrap();
            assert_eq!(value.to_string(), text);
        }
        assert!(FaceValue::try_from("form.".to_owned()).is_err());
        assert!(FaceValue::try_from("applicant.name".to_owned()).is_err());
    }

    #[test]
    fn seal_name_defaults_to_approval_seal() {
        let mut certificate = CertificateType {
            type_code: "11330000MB0E00011R001".to_owned(),
            name_zh: "节能审查意见".to_owned(),
            name_en: "Energy review opinion".to_owned(),
            seal_name: None,
            validity_years: Some(2),
            proves: Vec::new(),
            face: Vec::new(),
        };
        assert_eq!(
            certificate.seal_name_for("浙江省发展和改革委员会"),
            "浙江省发展和改革委员会行政审批专用章"
        );
        certificate.seal_name = Some("专用章".to_owned());
        assert_eq!(certificate.seal_name_for("任意部门"), "专用章");
    }
}
