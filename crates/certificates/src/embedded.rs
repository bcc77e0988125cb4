//! Finding the certificate document inside a certificate PDF. The PDF carries it as an
//! uncompressed attachment, so its JSON text appears in the file as written and can be read
//! without a PDF parser.

use crate::document::{DOCUMENT_FORMAT, DocumentError, SignedCertificate};

/// Returns the certificate document attached to the PDF `bytes`.
///
/// # Errors
/// [`DocumentError::Malformed`] when the file has no such attachment or it cannot be read.
pub fn find_document_in_pdf(bytes: &[u8]) -> Result<SignedCertificate, DocumentError> {
    let marker = format!("{{\"format\":\"{DOCUMENT_FORMAT}\"");
    let start = find(bytes, marker.as_bytes()).ok_or_else(|| {
        DocumentError::Malformed("the PDF has no tongban certificate attachment".to_owned())
    })?;
    // The attachment is one JSON object; reading stops at its closing brace.
    let mut values =
        serde_json::Deserializer::from_slice(&bytes[start..]).into_iter::<serde_json::Value>();
    let value = match values.next() {
        Some(Ok(value)) => value,
        Some(Err(error)) => return Err(DocumentError::Malformed(error.to_string())),
        None => return Err(DocumentError::Malformed("empty attachment".to_owned())),
    };
    SignedCertificate::from_json(&value.to_string())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
