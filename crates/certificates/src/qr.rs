//! The payload of a certificate's QR code: a short text the seal signs by itself, so a phone
//! or `tongban cert verify --payload` can check it without the full metadata.
//!
//! ```text
//! TBC1|<identifier>|<holder, masked>|<valid from YYYYMMDD>|<valid until YYYYMMDD or ->|
//!     <issuer>|<seal serial>|<signed at, Unix seconds>|<SM3 of the metadata>|<signature>
//! ```
//!
//! All on one line. The digest is the SM3 digest of the canonical JSON of the metadata and ties
//! the payload to the full certificate; digest and signature are unpadded base64url. The
//! signature is the seal's SM2 signature of every byte before the last `|`. The demo's payload,
//! with a 22-character case number as serial, a 16-character seal serial, a two-character
//! holder name and the 15-character issuer 浙江省发展和改革委员会（演示）, has 317 bytes (see the
//! test `payload_of_demo_size`). QR version 13 holds up to 331 bytes at error correction level
//! M: 69 × 69 modules, which phone cameras read when printed about 3 cm across.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use tongban_crypto::{PublicKey, Signature, SigningKey};

use crate::metadata::{CertificateMetadata, HolderIdType};

/// First field of every payload: the format and its version.
pub const QR_PREFIX: &str = "TBC1";

const SEPARATOR: char = '|';
const DATE_FORMAT: &str = "%Y%m%d";
const NO_END: &str = "-";

/// Why a QR payload could not be read or built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QrPayloadError {
    /// The text is not a payload of this format.
    #[error("not a tongban certificate QR payload: {0}")]
    Malformed(String),
    /// A value to put in the payload contains the separator `|` or a line break.
    #[error("the value {0:?} cannot be put in a QR payload")]
    Unencodable(String),
}

/// A parsed QR payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPayload {
    /// 证照标识.
    pub id: String,
    /// The holder's name with all but its first character masked for a person; a legal
    /// person's name in full.
    pub holder: String,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity, `None` for no end.
    pub valid_until: Option<NaiveDate>,
    /// The issuing department.
    pub issuer: String,
    /// Serial of the seal that signed.
    pub seal_serial: String,
    /// When the seal signed.
    pub signed_at: DateTime<Utc>,
    /// SM3 digest of the canonical JSON of the metadata.
    pub metadata_digest: [u8; 32],
    /// The seal's signature of [`QrPayload::signed_text`].
    pub signature: Signature,
    signed_text: String,
}

impl QrPayload {
    /// Builds and signs the payload of `metadata`, whose canonical JSON has `digest`.
    ///
    /// # Errors
    /// [`QrPayloadError::Unencodable`] when a value contains `|` or a line break.
    pub fn sign(
        metadata: &CertificateMetadata,
        digest: [u8; 32],
        seal: &SigningKey,
    ) -> Result<QrPayload, QrPayloadError> {
        let holder = mask_holder(&metadata.holder, metadata.holder_id_type);
        let signed_at = DateTime::from_timestamp(metadata.signed_at.timestamp(), 0)
            .unwrap_or(metadata.signed_at);
        let fields = [
            QR_PREFIX.to_owned(),
            metadata.id.clone(),
            holder.clone(),
            metadata.valid_from.format(DATE_FORMAT).to_string(),
            metadata.valid_until.map_or_else(
                || NO_END.to_owned(),
                |day| day.format(DATE_FORMAT).to_string(),
            ),
            metadata.issuer.clone(),
            metadata.seal_serial.clone(),
            signed_at.timestamp().to_string(),
            URL_SAFE_NO_PAD.encode(digest),
        ];
        if let Some(bad) = fields
            .iter()
            .find(|field| field.contains([SEPARATOR, '\n', '\r']))
        {
            return Err(QrPayloadError::Unencodable(bad.clone()));
        }
        let signed_text = fields.join("|");
        let signature = seal.sign(signed_text.as_bytes());
        Ok(QrPayload {
            id: metadata.id.clone(),
            holder,
            valid_from: metadata.valid_from,
            valid_until: metadata.valid_until,
            issuer: metadata.issuer.clone(),
            seal_serial: metadata.seal_serial.clone(),
            signed_at,
            metadata_digest: digest,
            signature,
            signed_text,
        })
    }

    /// Reads a payload. Its signature is not checked here.
    ///
    /// # Errors
    /// [`QrPayloadError::Malformed`] naming the first field that is wrong.
    pub fn parse(text: &str) -> Result<QrPayload, QrPayloadError> {
        let malformed = |what: &str| QrPayloadError::Malformed(what.to_owned());
        let (signed_text, signature_text) = text
            .rsplit_once(SEPARATOR)
            .ok_or_else(|| malformed("no signature"))?;
        let fields: Vec<&str> = signed_text.split(SEPARATOR).collect();
        let [
            prefix,
            id,
            holder,
            from,
            until,
            issuer,
            seal_serial,
            signed_at,
            digest,
        ] = fields[..]
        else {
            return Err(malformed("expected 10 fields separated by |"));
        };
        if prefix != QR_PREFIX {
            return Err(malformed("unknown format"));
        }
        let date = |text: &str, what: &str| {
            NaiveDate::parse_from_str(text, DATE_FORMAT).map_err(|_| malformed(what))
        };
        let valid_until = match until {
            NO_END => None,
            text => Some(date(text, "last day of validity")?),
        };
        let signed_at = signed_at
            .parse::<i64>()
            .ok()
            .filter(|_| signed_at.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
            .ok_or_else(|| malformed("signing time"))?;
        let digest: [u8; 32] = URL_SAFE_NO_PAD
            .decode(digest)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| malformed("metadata digest"))?;
        let signature =
            Signature::from_base64url(signature_text).map_err(|_| malformed("signature"))?;
        Ok(QrPayload {
            id: id.to_owned(),
            holder: holder.to_owned(),
            valid_from: date(from, "first day of validity")?,
            valid_until,
            issuer: issuer.to_owned(),
            seal_serial: seal_serial.to_owned(),
            signed_at,
            metadata_digest: digest,
            signature,
            signed_text: signed_text.to_owned(),
        })
    }

    /// Returns the text the signature covers: every byte before the last `|`.
    pub fn signed_text(&self) -> &str {
        &self.signed_text
    }

    /// Returns the whole payload, as the QR code carries it.
    pub fn to_text(&self) -> String {
        format!("{}|{}", self.signed_text, self.signature.to_base64url())
    }

    /// Checks the signature against the seal's `key`.
    ///
    /// # Errors
    /// [`tongban_crypto::SignatureError::Mismatch`] when it does not match.
    pub fn verify_signature(&self, key: &PublicKey) -> Result<(), tongban_crypto::SignatureError> {
        key.verify(self.signed_text.as_bytes(), &self.signature)
    }
}

/// Returns the holder's name as the QR payload shows it: a person's first character followed
/// by one `*` per further character (张三 becomes 张*), a legal person's name in full.
pub fn mask_holder(name: &str, kind: HolderIdType) -> String {
    match kind {
        HolderIdType::CreditCode => name.to_owned(),
        HolderIdType::ResidentId => {
            let mut characters = name.chars();
            let first = characters.next().map(String::from).unwrap_or_default();
            first + &"*".repeat(characters.count())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::FaceField;

    pub(crate) fn sample() -> CertificateMetadata {
        CertificateMetadata {
            id: "1.2.156.3005.2.11330000MB0E00011R001.11330000MB0E00011R.3300002026030200000017.001.X"
                .to_owned(),
            name: "固定资产投资项目节能审查意见".to_owned(),
            name_en: "Energy review opinion".to_owned(),
            type_code: "11330000MB0E00011R001".to_owned(),
            number: "3300002026030200000017".to_owned(),
            issuer: "浙江省发展和改革委员会（演示）".to_owned(),
            issuer_code: "11330000MB0E00011R".to_owned(),
            issued_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            holder: "王五".to_owned(),
            holder_id_type: HolderIdType::ResidentId,
            holder_id: "110105199001010011".to_owned(),
            valid_from: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            valid_until: NaiveDate::from_ymd_opt(2028, 3, 1),
            division_code: "330000".to_owned(),
            face: vec![FaceField {
                label_zh: "项目名称".to_owned(),
                label_en: "Project".to_owned(),
                value: "年产5万吨再生铝项目".to_owned(),
            }],
            case_number: "3300002026030200000017".to_owned(),
            node_id: "zj".to_owned(),
            seal_serial: "0123456789ABCDEF".to_owned(),
            seal_name: "浙江省发展和改革委员会行政审批专用章".to_owned(),
            signed_at: DateTime::from_timestamp(1_772_416_800, 0).unwrap(),
        }
    }

    #[test]
    fn payload_reads_back_and_verifies() {
        let seal = SigningKey::generate();
        let payload = QrPayload::sign(&sample(), [7; 32], &seal).unwrap();
        let parsed = QrPayload::parse(&payload.to_text()).unwrap();
        assert_eq!(parsed, payload);
        assert_eq!(parsed.holder, "王*");
        parsed.verify_signature(seal.public_key()).unwrap();
    }

    #[test]
    fn payload_of_demo_size() {
        let payload = QrPayload::sign(&sample(), [7; 32], &SigningKey::generate()).unwrap();
        assert_eq!(payload.to_text().len(), 317);
        let modules = crate::qr_code::QrModules::encode(&payload.to_text()).unwrap();
        assert_eq!(modules.version(), 13);
        assert_eq!(modules.width(), 69);
    }

    #[test]
    fn separator_in_a_value_is_rejected() {
        let mut metadata = sample();
        metadata.issuer = "甲|乙".to_owned();
        assert!(matches!(
            QrPayload::sign(&metadata, [0; 32], &SigningKey::generate()),
            Err(QrPayloadError::Unencodable(_))
        ));
    }

    #[test]
    fn masking_keeps_first_character_of_persons() {
        assert_eq!(mask_holder("欧阳娜娜", HolderIdType::ResidentId), "欧***");
        assert_eq!(
            mask_holder("杭州某某有限公司", HolderIdType::CreditCode),
            "杭州某某有限公司"
        );
        assert_eq!(mask_holder("", HolderIdType::ResidentId), "");
    }
}
