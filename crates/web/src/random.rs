//! Random tokens from the operating system's generator.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Returns `bytes` random bytes encoded as unpadded base64url: a token for a cookie, a form,
/// an authorization code or a client secret.
///
/// # Panics
/// When the operating system has no random source, which leaves nothing safe to do.
pub fn token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    #[expect(
        clippy::expect_used,
        reason = "without randomness no token is safe to hand out"
    )]
    getrandom::fill(&mut buffer).expect("the operating system random source is available");
    URL_SAFE_NO_PAD.encode(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_have_expected_length() {
        let one = token(32);
        let two = token(32);
        assert_ne!(one, two);
        assert_eq!(one.len(), 43);
        assert!(
            one.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
}
