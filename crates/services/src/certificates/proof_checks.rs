//! The check of an implementation's `[[implementation.material]]` tables: which materials of
//! the service guide a certificate type proves.

use std::collections::HashSet;

use super::list_checks::check_credit_code;
use tongban_domain::implementation::MaterialProof;
use tongban_i18n::Message;

/// Checks that each material of `proofs` is one of `guide_materials` of implementation `id`,
/// appears once, and names at least one certificate type code of GB/T 36904 (a credit code
/// and a 3-digit sequence, 21 characters).
///
/// # Errors
/// The message naming the implementation, the material and the rule it breaks.
pub fn check_material_proofs(
    id: &str,
    guide_materials: &[&str],
    proofs: &[MaterialProof],
) -> Result<(), Message> {
    let mut seen = HashSet::new();
    for proof in proofs {
        let rule = |key: &'static str| {
            Message::new(key)
                .arg("id", id.to_owned())
                .arg("material", proof.name.clone())
        };
        if !guide_materials.contains(&proof.name.as_str()) {
            return Err(rule("implementation-rule-material-unknown"));
        }
        if !seen.insert(proof.name.as_str()) {
            return Err(rule("implementation-rule-material-duplicate"));
        }
        if proof.proved_by.is_empty() {
            return Err(rule("implementation-rule-material-proved-by"));
        }
        for code in &proof.proved_by {
            let code_ok = code.len() == 21
                && code.is_char_boundary(18)
                && check_credit_code(&code[..18]).is_ok()
                && code[18..].bytes().all(|b| b.is_ascii_digit());
            if !code_ok {
                return Err(
                    rule("implementation-rule-material-type-code").arg("code", code.clone())
                );
            }
        }
    }
    Ok(())
}
