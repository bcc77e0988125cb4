//! The QR code of a payload: its modules for drawing as vector squares in the PDF, and SVG
//! for pages.

use qrcode::{EcLevel, QrCode, Version};

/// Error correction level of certificate QR codes: M restores about 15 % of the modules, which
/// survives a crease or a smudge on a printed certificate.
pub const EC_LEVEL: EcLevel = EcLevel::M;

/// Why a QR code could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the payload does not fit a QR code: {0}")]
pub struct QrCodeError(String);

/// The dark and light modules of a QR code.
#[derive(Debug, Clone)]
pub struct QrModules {
    width: usize,
    dark: Vec<bool>,
    version: i16,
}

impl QrModules {
    /// Encodes `payload` at [`EC_LEVEL`] in the smallest version that holds it.
    ///
    /// # Errors
    /// [`QrCodeError`] when it is too long for any version.
    pub fn encode(payload: &str) -> Result<QrModules, QrCodeError> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EC_LEVEL)
            .map_err(|error| QrCodeError(error.to_string()))?;
        let version = match code.version() {
            Version::Normal(version) | Version::Micro(version) => version,
        };
        Ok(QrModules {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|color| color == qrcode::Color::Dark)
                .collect(),
            version,
        })
    }

    /// Returns the number of modules per side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Returns the QR version, 1 to 40.
    pub fn version(&self) -> i16 {
        self.version
    }

    /// Returns whether the module in column `x` and row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// Returns an SVG image of the code with a quiet zone of four modules, scaled by its
    /// `viewBox` to whatever size the page gives it, titled `title` for screen readers.
    pub fn to_svg(&self, title: &str) -> String {
        let size = self.width + 8;
        let mut path = String::new();
        for y in 0..self.width {
            for x in 0..self.width {
                if self.is_dark(x, y) {
                    path.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
                }
            }
        }
        let title = title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
             role=\"img\" aria-labelledby=\"qr-title\" shape-rendering=\"crispEdges\">\
             <title id=\"qr-title\">{title}</title>\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
             <path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_13_holds_331_bytes_at_level_m() {
        assert_eq!(QrModules::encode(&"x".repeat(331)).unwrap().version(), 13);
        assert_eq!(QrModules::encode(&"x".repeat(332)).unwrap().version(), 14);
    }

    #[test]
    fn svg_is_titled_and_escaped() {
        let svg = QrModules::encode("TBC1").unwrap().to_svg("a <b>");
        assert!(
            svg.contains("<title id=\"qr-title\">a &lt;b&gt;</title>"),
            "{svg}"
        );
        assert!(svg.starts_with("<svg"), "{svg}");
    }
}
