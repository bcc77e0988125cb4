//! The metadata of an e-certificate, the fields GB/T 36903 exchanges, which the seal signs as
//! canonical JSON.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tongban_i18n::Lang;

/// The kind of number that identifies the holder (持证主体代码类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolderIdType {
    /// A resident ID number (GB 11643), document type 111 of GA/T 2000.156.
    ResidentId,
    /// A unified social credit code (GB 32100) of a legal person.
    CreditCode,
}

impl HolderIdType {
    /// Returns `resident_id` or `credit_code`.
    pub fn as_str(self) -> &'static str {
        match self {
            HolderIdType::ResidentId => "resident_id",
            HolderIdType::CreditCode => "credit_code",
        }
    }

    /// Reads `resident_id` or `credit_code`.
    pub fn parse(text: &str) -> Option<HolderIdType> {
        match text {
            "resident_id" => Some(HolderIdType::ResidentId),
            "credit_code" => Some(HolderIdType::CreditCode),
            _ => None,
        }
    }
}

/// A field printed on the certificate's face (照面信息).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceField {
    /// Label in Simplified Chinese.
    pub label_zh: String,
    /// Label in English.
    pub label_en: String,
    /// The value, as printed.
    pub value: String,
}

impl FaceField {
    /// Returns the label in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.label_zh,
            Lang::En => &self.label_en,
        }
    }
}

/// The metadata of one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateMetadata {
    /// 证照标识 (GB/T 36904).
    pub id: String,
    /// 证照名称 in Simplified Chinese, the title.
    pub name: String,
    /// The name in English.
    pub name_en: String,
    /// 证照类型代码, 21 characters.
    pub type_code: String,
    /// 证照编号, the number printed on the certificate.
    pub number: String,
    /// 证照颁发机构: the issuing department.
    pub issuer: String,
    /// 证照颁发机构代码: its unified social credit code.
    pub issuer_code: String,
    /// 证照颁发日期: the day of the decision, in Asia/Shanghai.
    pub issued_on: NaiveDate,
    /// 持证主体: the holder's name.
    pub holder: String,
    /// 持证主体代码类型.
    pub holder_id_type: HolderIdType,
    /// 持证主体代码: the holder's resident ID number or credit code.
    pub holder_id: String,
    /// 证照有效期起始日期, in Asia/Shanghai.
    pub valid_from: NaiveDate,
    /// 证照有效期截止日期, the last day of validity in Asia/Shanghai; `None` for no end (长期).
    pub valid_until: Option<NaiveDate>,
    /// 证照所属管辖属地编码: the GB/T 2260 division code of the issuing node.
    pub division_code: String,
    /// 照面信息, in order.
    pub face: Vec<FaceField>,
    /// 办件编号 of the approved case.
    pub case_number: String,
    /// The node that issued the certificate.
    pub node_id: String,
    /// Serial of the seal that signs.
    pub seal_serial: String,
    /// Name of that seal (印章名称), printed under the drawn seal.
    pub seal_name: String,
    /// When the seal signed, from the issuing node's clock, to the second.
    pub signed_at: DateTime<Utc>,
}

impl CertificateMetadata {
    /// Returns the name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name,
            Lang::En => &self.name_en,
        }
    }
}
