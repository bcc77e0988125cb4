//! National identifiers, each a validated type built only by a `parse` function whose error
//! names the rule that failed.

pub mod case_number;
pub mod certificate_id;
pub mod division;
pub mod implementation_code;
pub mod iso7064;
pub mod org_code;
pub mod resident_id;
pub mod uscc;

pub use case_number::{CaseNumber, CaseNumberError, NodeCode};
pub use certificate_id::{CertificateId, CertificateIdError};
pub use division::{
    DivisionCode, DivisionError, DivisionLevel, DivisionRecord, DivisionStatus, Divisions,
    Successor,
};
pub use implementation_code::{ExerciseLevel, ImplementationCode, ImplementationCodeError};
pub use org_code::{OrgCode, OrgCodeError};
pub use resident_id::{RegionPolicy, ResidentId, ResidentIdError, Sex};
pub use uscc::{CreditCode, CreditCodeError};

/// How strictly an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputMode {
    /// A person typed it into a form: full-width characters, spaces and lowercase letters are
    /// normalised before the checks.
    #[default]
    Form,
    /// A machine sent it in a protocol field: only the canonical form is accepted.
    Strict,
}

/// Normalises what a person typed: full-width ASCII (U+FF01–U+FF5E) becomes ASCII, every kind of
/// white space (including the ideographic space U+3000) and the hyphens people put in grouped
/// numbers are dropped, and letters become uppercase.
pub(crate) fn normalise_form_input(input: &str, drop_hyphens: bool) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFF01 + 0x21).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .filter(|c| !(drop_hyphens && matches!(c, '-' | '\u{2010}'..='\u{2015}')))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_input_folds_full_width_and_spaces() {
        assert_eq!(
            normalise_form_input("１１０１０５\u{3000}19491231 002ｘ", false),
            "11010519491231002X"
        );
    }

    #[test]
    fn form_input_keeps_hyphens_unless_asked() {
        assert_eq!(normalise_form_input("77604965-3", false), "77604965-3");
        assert_eq!(normalise_form_input("77604965－3", true), "776049653");
    }
}
