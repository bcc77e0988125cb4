//! Telling a material's file type from its content, and rejecting a file whose name or
//! declared media type claims another type than its content has.

/// A file type accepted as a material.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MaterialType {
    /// PDF.
    Pdf,
    /// JPEG image.
    Jpeg,
    /// PNG image.
    Png,
    /// OFD (GB/T 33190), the Chinese fixed-layout document format: a ZIP container whose root
    /// holds `OFD.xml`.
    Ofd,
}

impl MaterialType {
    /// Returns the media type stored and sent with the file.
    pub(super) fn media_type(self) -> &'static str {
        match self {
            MaterialType::Pdf => "application/pdf",
            MaterialType::Jpeg => "image/jpeg",
            MaterialType::Png => "image/png",
            MaterialType::Ofd => "application/ofd",
        }
    }
}

/// Media types that an upload may declare for content of each type, besides the type itself.
/// An OFD file is a ZIP container, and some clients send it as one.
fn declared_aliases(detected: MaterialType) -> &'static [&'static str] {
    match detected {
        MaterialType::Pdf => &["application/x-pdf"],
        MaterialType::Jpeg => &["image/jpg", "image/pjpeg"],
        MaterialType::Png => &[],
        MaterialType::Ofd => &[
            "application/x-ofd",
            "application/zip",
            "application/x-zip-compressed",
        ],
    }
}

/// Media type that browsers send for a file whose extension they do not know. It claims
/// nothing about the content.
const UNKNOWN_MEDIA_TYPE: &str = "application/octet-stream";

/// Returns the type that an upload claims for its content when the `detected` content is not
/// of that type: first the media type `declared` by its part, then the type that the extension
/// of `file_name` stands for. A missing or unknown claim is no contradiction.
pub(super) fn contradicted_claim(
    file_name: &str,
    declared: Option<&str>,
    detected: MaterialType,
) -> Option<String> {
    let matches = |claimed: &str| {
        claimed == detected.media_type() || declared_aliases(detected).contains(&claimed)
    };

    let declared = declared
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|value| !value.is_empty() && value != UNKNOWN_MEDIA_TYPE);
    if let Some(declared) = declared
        && !matches(&declared)
    {
        return Some(declared);
    }

    let by_name = mime_guess::from_path(file_name).first_raw()?;
    if by_name == UNKNOWN_MEDIA_TYPE || matches(by_name) {
        None
    } else {
        Some(by_name.to_owned())
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const ZIP_LOCAL_HEADER: &[u8] = b"PK\x03\x04";
const ZIP_END_OF_DIRECTORY: &[u8] = b"PK\x05\x06";
const ZIP_DIRECTORY_ENTRY: &[u8] = b"PK\x01\x02";
/// PDF readers look for the header within the first 1024 bytes, which some scanners use for
/// a preamble.
const PDF_HEADER_WINDOW: usize = 1024;

/// Returns the type of `content`, or `None` when it is none of the accepted types.
pub(super) fn detect(content: &[u8]) -> Option<MaterialType> {
    if content.starts_with(PNG_SIGNATURE) {
        return Some(MaterialType::Png);
    }
    // Start of image, then the marker of the next segment.
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(MaterialType::Jpeg);
    }
    let window = &content[..content.len().min(PDF_HEADER_WINDOW)];
    if window.windows(5).any(|bytes| bytes == b"%PDF-") {
        return Some(MaterialType::Pdf);
    }
    if content.starts_with(ZIP_LOCAL_HEADER) && zip_has_root_entry(content, b"OFD.xml") {
        return Some(MaterialType::Ofd);
    }
    None
}

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let pair = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_le_bytes([pair[0], pair[1]])))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let quad = bytes.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]])).ok()
}

/// Returns whether the ZIP archive `content` lists an entry named exactly `name` in its
/// central directory. Reads only the fixed-size fields of APPNOTE.TXT sections 4.3.12 and
/// 4.3.16, and gives up on anything out of bounds.
fn zip_has_root_entry(content: &[u8], name: &[u8]) -> bool {
    // The end-of-directory record is 22 bytes plus a comment of at most 65535 bytes.
    let search_from = content.len().saturating_sub(22 + 65_535);
    let Some(end) = content[search_from..]
        .windows(4)
        .rposition(|bytes| bytes == ZIP_END_OF_DIRECTORY)
        .map(|position| search_from + position)
    else {
        return false;
    };
    let (Some(entries), Some(mut at)) = (u16_at(content, end + 10), u32_at(content, end + 16))
    else {
        return false;
    };

    for _ in 0..entries {
        if content.get(at..at + 4) != Some(ZIP_DIRECTORY_ENTRY) {
            return false;
        }
        let (Some(name_length), Some(extra_length), Some(comment_length)) = (
            u16_at(content, at + 28),
            u16_at(content, at + 30),
            u16_at(content, at + 32),
        ) else {
            return false;
        };
        if content.get(at + 46..at + 46 + name_length) == Some(name) {
            return true;
        }
        at += 46 + name_length + extra_length + comment_length;
    }
    false
}

#[cfg(test)]
mod tests;
