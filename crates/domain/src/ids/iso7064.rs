//! Check-character systems of ISO 7064 used by the national identifier standards.

/// Weights of positions 1 to 17 of a resident ID number: 2^(18−i) mod 11 (GB 11643-1999).
const MOD_11_2_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check characters of ISO 7064 MOD 11-2, indexed by the weighted sum mod 11.
const MOD_11_2_CHECK: [u8; 11] = *b"10X98765432";

/// Returns the ISO 7064 MOD 11-2 check character of 17 decimal digits, or `None` when `digits`
/// is not exactly 17 ASCII digits.
pub fn mod_11_2_check(digits: &[u8]) -> Option<u8> {
    if digits.len() != MOD_11_2_WEIGHTS.len() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = digits
        .iter()
        .zip(MOD_11_2_WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    usize::try_from(sum % 11)
        .ok()
        .map(|index| MOD_11_2_CHECK[index])
}

/// Returns the value 0–35 of `0-9A-Z`, or `None` for any other byte.
pub fn alphanumeric_value(byte: u8) -> Option<u32> {
    match byte {
        b'0'..=b'9' => Some(u32::from(byte - b'0')),
        b'A'..=b'Z' => Some(u32::from(byte - b'A') + 10),
        _ => None,
    }
}

/// Returns the ISO 7064 MOD 37,36 (hybrid system, M = 36) check character of `text` over the
/// alphabet `0-9A-Z`, or `None` when `text` holds another byte. GB/T 36904 uses it for the last
/// character of an e-certificate identifier.
pub fn mod_37_36_check(text: &[u8]) -> Option<u8> {
    let mut product: u32 = 36;
    for byte in text {
        let mut sum = (product + alphanumeric_value(*byte)?) % 36;
        if sum == 0 {
            sum = 36;
        }
        product = (2 * sum) % 37;
    }
    // The check value c makes (product + c) mod 36 equal 1.
    let check = (37 - product) % 36;
    let check = u8::try_from(check).ok()?;
    Some(if check < 10 {
        b'0' + check
    } else {
        b'A' + check - 10
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod_11_2_matches_gb_11643_samples() {
        assert_eq!(mod_11_2_check(b"11010519491231002"), Some(b'X'));
        assert_eq!(mod_11_2_check(b"44052418800101001"), Some(b'4'));
        assert_eq!(mod_11_2_check(b"11010119760805689"), Some(b'7'));
    }

    #[test]
    fn mod_11_2_rejects_non_digits() {
        assert_eq!(mod_11_2_check(b"1101051949123100A"), None);
        assert_eq!(mod_11_2_check(b"1101"), None);
    }

    #[test]
    fn mod_37_36_matches_real_certificate_identifiers() {
        assert_eq!(
            mod_37_36_check(b"11100000000013338W00911330105002500287C2025052201002"),
            Some(b'0')
        );
        assert_eq!(
            mod_37_36_check(b"11100000000013338W01111430000006122244L20230000403001"),
            Some(b'U')
        );
    }

    #[test]
    fn mod_37_36_rejects_lowercase() {
        assert_eq!(mod_37_36_check(b"abc"), None);
    }
}
