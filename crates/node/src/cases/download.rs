//! The response that hands out a material file.

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tongban_services::cases::CaseMaterial;

/// Returns `content`, the file of `material`, with its detected type and its file name, to
/// save (`attachment`) or to show in the browser (`inline`). Caches keep no copy.
pub(crate) fn material_response(material: &CaseMaterial, content: Bytes, inline: bool) -> Response {
    let disposition = format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        ascii_fallback(&material.file_name),
        percent_encode(&material.file_name),
    );
    let mut response = (StatusCode::OK, content).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&material.content_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// Returns the name with every character outside printable ASCII, and the quote and
/// backslash, replaced by `_`, for clients that ignore `filename*`.
fn ascii_fallback(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Percent-encodes `name` as RFC 8187 `value-chars` for `filename*`.
fn percent_encode(name: &str) -> String {
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_survive_in_both_forms() {
        assert_eq!(ascii_fallback("申请书 v2.pdf"), "___ v2.pdf");
        assert_eq!(ascii_fallback("a\"b.pdf"), "a_b.pdf");
        assert_eq!(
            percent_encode("申请书.pdf"),
            "%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf"
        );
    }
}
