//! Checks of the `[implementation.certificate]` table of an implementation list.

use std::collections::HashMap;

use tongban_domain::RuleViolation;
use tongban_domain::certificate_type::{CertificateType, FaceValue};
use tongban_domain::ids::{CreditCode, CreditCodeError, Divisions, InputMode};
use tongban_domain::implementation::{FormField, Implementation};
use tongban_i18n::Message;

/// Longest certificate name, seal name or face label, in characters.
const MAX_NAME_CHARS: usize = 100;

/// Checks the certificate type of implementation `id`, handled by `department` with credit
/// code `department_code`.
///
/// # Errors
/// The message naming the implementation and the rule broken.
pub fn check_certificate_type(
    id: &str,
    department: &str,
    department_code: Option<&str>,
    form: &[FormField],
    certificate: &CertificateType,
) -> Result<(), Message> {
    let rule = |key: &'static str| Message::new(key).arg("id", id.to_owned());
    let code =
        department_code.ok_or_else(|| rule("implementation-rule-certificate-department-code"))?;
    check_credit_code(code).map_err(|detail| {
        rule("implementation-rule-certificate-department-code").arg("detail", detail)
    })?;
    if !printable(department) {
        return Err(rule("implementation-rule-certificate-department"));
    }

    let type_code = certificate.type_code.as_str();
    let type_ok = type_code.len() == 21
        && type_code.is_char_boundary(18)
        && check_credit_code(&type_code[..18]).is_ok()
        && type_code[18..].bytes().all(|b| b.is_ascii_digit());
    if !type_ok {
        return Err(
            rule("implementation-rule-certificate-type-code").arg("code", type_code.to_owned())
        );
    }
    if !named(&certificate.name_zh) || !named(&certificate.name_en) {
        return Err(rule("implementation-rule-certificate-name"));
    }
    if !named(&certificate.seal_name_for(department)) {
        return Err(rule("implementation-rule-certificate-seal-name"));
    }
    if certificate
        .validity_years
        .is_some_and(|years| !(1..=100).contains(&years))
    {
        return Err(rule("implementation-rule-certificate-validity"));
    }
    for field in &certificate.face {
        if !named(&field.label_zh) || !named(&field.label_en) {
            return Err(rule("implementation-rule-certificate-face-label"));
        }
        if let FaceValue::Form(name) = &field.value
            && !form.iter().any(|form_field| form_field.name == *name)
        {
            return Err(
                rule("implementation-rule-certificate-face-field").arg("field", name.clone())
            );
        }
    }
    if certificate.proves.iter().any(|material| !named(material)) {
        return Err(rule("implementation-rule-certificate-proves"));
    }
    Ok(())
}

/// Checks that the implementations of one department agree on the department's name and
/// seal name, since a department has one seal.
///
/// # Errors
/// The message naming the department's credit code.
pub fn check_seal_names(implementations: &[Implementation]) -> Result<(), Message> {
    let mut seen: HashMap<&str, (String, String)> = HashMap::new();
    for implementation in implementations {
        let (Some(certificate), Some(code)) = (
            &implementation.certificate,
            implementation.department_code.as_deref(),
        ) else {
            continue;
        };
        let names = (
            implementation.department.clone(),
            certificate.seal_name_for(&implementation.department),
        );
        if let Some(first) = seen.get(code)
            && *first != names
        {
            return Err(
                Message::new("implementation-rule-certificate-seal-conflict")
                    .arg("code", code.to_owned()),
            );
        }
        seen.insert(code, names);
    }
    Ok(())
}

/// Checks every rule of GB 32100 except that the division exists, which needs the division
/// history that the list import does not load; the hub checks it when it certifies the seal.
pub(super) fn check_credit_code(code: &str) -> Result<(), String> {
    match CreditCode::parse(code, InputMode::Strict, &Divisions::default()) {
        Ok(_) | Err(CreditCodeError::DivisionUnknown { .. }) => Ok(()),
        Err(error) => Err(error.message().render(tongban_i18n::Lang::En)),
    }
}

/// Whether `text` can be printed on a certificate and carried in its QR payload: not blank,
/// at most [`MAX_NAME_CHARS`] characters, no `|` and no line break.
fn printable(text: &str) -> bool {
    !text.trim().is_empty()
        && text.chars().count() <= MAX_NAME_CHARS
        && !text.contains(['|', '\n', '\r'])
}

fn named(text: &str) -> bool {
    printable(text)
}
