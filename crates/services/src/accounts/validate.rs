//! Rules for the fields people type into account forms.

use tongban_i18n::Message;

use crate::fields::FieldErrors;

use super::field;

/// Minimum number of characters in a password.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Maximum number of characters in a password, which bounds the work one login request causes.
pub(crate) const MAX_PASSWORD_CHARS: usize = 128;

/// Maximum number of characters in a person's name. Names of people from minority nationalities written in
/// Chinese characters, with the middle dot, stay well below it.
const MAX_NAME_CHARS: usize = 50;

/// Returns the trimmed name, or records why it is invalid under `field_name`.
pub(crate) fn check_name(
    input: &str,
    field_name: &'static str,
    max_chars: Option<usize>,
    errors: &mut FieldErrors,
) -> String {
    let name = input.trim().to_owned();
    let max = max_chars.unwrap_or(MAX_NAME_CHARS);
    let count = name.chars().count();
    if name.is_empty() {
        errors.add(field_name, Message::new("account-name-missing"));
    } else if count > max {
        errors.add(
            field_name,
            Message::new("account-name-too-long")
                .arg("max", max)
                .arg("found", count),
        );
    } else if name.chars().any(char::is_control) {
        errors.add(field_name, Message::new("account-name-characters"));
    }
    name
}

/// Returns the 11 digits of a mainland mobile phone number as people write it: spaces,
/// hyphens, full-width digits and a leading `+86` are accepted. `None` when it is not one.
pub fn normalise_phone(input: &str) -> Option<String> {
    let mut digits: String = input
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '＋' => '+',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')'))
        .collect();
    if let Some(rest) = digits.strip_prefix("+86") {
        digits = rest.to_owned();
    }
    // Mainland mobile numbers: 11 digits, a 1, then 3 to 9, then nine more.
    let bytes = digits.as_bytes();
    let valid = bytes.len() == 11
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1])
        && bytes.iter().all(u8::is_ascii_digit);
    valid.then_some(digits)
}

/// Returns the phone number, or records why it is invalid.
pub(crate) fn check_phone(input: &str, errors: &mut FieldErrors) -> Option<String> {
    if input.trim().is_empty() {
        errors.add(field::PHONE, Message::new("account-phone-missing"));
        return None;
    }
    let phone = normalise_phone(input);
    if phone.is_none() {
        errors.add(
            field::PHONE,
            Message::new("account-phone-format").arg("input", input.trim()),
        );
    }
    phone
}

/// Records why `password` is invalid, if it is. `identifiers` are the values it must not equal,
/// each with the message that names it.
pub(crate) fn check_password(
    password: &str,
    confirmation: &str,
    identifiers: &[(&str, Message)],
    errors: &mut FieldErrors,
) {
    let count = password.chars().count();
    if count < MIN_PASSWORD_CHARS {
        errors.add(
            field::PASSWORD,
            Message::new("account-password-too-short").arg("min", MIN_PASSWORD_CHARS),
        );
    } else if count > MAX_PASSWORD_CHARS {
        errors.add(
            field::PASSWORD,
            Message::new("account-password-too-long").arg("max", MAX_PASSWORD_CHARS),
        );
    }
    // An ID number or phone number is known to many people, so it is no secret. The comparison
    // ignores case and spaces because the identifiers were normalised the same way.
    let folded: String = password
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    for (identifier, message) in identifiers {
        if !identifier.is_empty() && folded == identifier.to_ascii_uppercase() {
            errors.add(field::PASSWORD, message.clone());
        }
    }
    if password != confirmation {
        errors.add(
            field::PASSWORD_CONFIRMATION,
            Message::new("account-password-mismatch"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_as_people_write_them() {
        for (input, expected) in [
            ("13800138000", Some("13800138000")),
            (" 138 0013 8000 ", Some("13800138000")),
            ("138-0013-8000", Some("13800138000")),
            ("+86 138 0013 8000", Some("13800138000")),
            ("１３８００１３８０００", Some("13800138000")),
            ("19912345678", Some("19912345678")),
            ("12800138000", None),
            ("1380013800", None),
            ("138001380001", None),
            ("23800138000", None),
            ("1380013800a", None),
            ("", None),
        ] {
            assert_eq!(normalise_phone(input).as_deref(), expected, "{input:?}");
        }
    }

    #[test]
    fn password_rules() {
        let identifiers = [
            (
                "11010519491231002X",
                Message::new("account-password-is-resident-id"),
            ),
            ("13800138000", Message::new("account-password-is-phone")),
        ];
        let cases = [
            ("short", "short", Some("account-password-too-short")),
            (
                "11010519491231002x",
                "11010519491231002x",
                Some("account-password-is-resident-id"),
            ),
            (
                "13800138000",
                "13800138000",
                Some("account-password-is-phone"),
            ),
            ("aaaaaaaa", "aaaaaaaa", None),
            ("correct horse", "correct horse", None),
            ("密码密码密码密码", "密码密码密码密码", None),
        ];
        for (password, confirmation, expected) in cases {
            let mut errors = FieldErrors::new();
            check_password(password, confirmation, &identifiers, &mut errors);
            let found = errors.get(field::PASSWORD).map(Message::key);
            assert_eq!(found, expected, "{password:?}");
        }

        let mut errors = FieldErrors::new();
        check_password("correct horse", "correct horsf", &identifiers, &mut errors);
        assert_eq!(
            errors.get(field::PASSWORD_CONFIRMATION).map(Message::key),
            Some("account-password-mismatch")
        );
        let mut errors = FieldErrors::new();
        check_password(
            &"x".repeat(129),
            &"x".repeat(129),
            &identifiers,
            &mut errors,
        );
        assert_eq!(
            errors.get(field::PASSWORD).map(Message::key),
            Some("account-password-too-long")
        );
    }

    #[test]
    fn name_rules() {
        for (input, expected) in [
            ("张三", None),
            ("  阿依古丽·买买提  ", None),
            ("", Some("account-name-missing")),
            ("   ", Some("account-name-missing")),
            ("张\n三", Some("account-name-characters")),
        ] {
            let mut errors = FieldErrors::new();
            check_name(input, field::NAME, None, &mut errors);
            assert_eq!(
                errors.get(field::NAME).map(Message::key),
                expected,
                "{input:?}"
            );
        }
        let mut errors = FieldErrors::new();
        check_name(&"张".repeat(51), field::NAME, None, &mut errors);
        assert_eq!(
            errors.get(field::NAME).map(Message::key),
            Some("account-name-too-long")
        );
    }
}
