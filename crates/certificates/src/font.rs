//! The CJK font of certificate PDFs, read from the system at run time: by default face 2,
//! "Noto Serif CJK SC", of Debian's fonts-noto-cjk package.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where Debian's fonts-noto-cjk package installs the serif collection.
pub const DEFAULT_FONT_PATH: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

/// Index of "Noto Serif CJK SC" in that collection.
pub const DEFAULT_FONT_INDEX: u32 = 2;

/// Why the font cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FontError {
    /// The file cannot be read.
    #[error(
        "cannot read the certificate font {}: {source}; install Debian's fonts-noto-cjk \
         package or set the font path in the node configuration",
        path.display()
    )]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file has no usable font at the index.
    #[error("the file {} has no usable font at index {index}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The face index.
        index: u32,
    },
}

/// A loaded font, cheap to clone.
#[derive(Clone)]
pub struct CertificateFont {
    pub(crate) font: krilla::text::Font,
    path: PathBuf,
}

impl std::fmt::Debug for CertificateFont {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CertificateFont")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl CertificateFont {
    /// Reads face `index` of the font file at `path`.
    ///
    /// # Errors
    /// [`FontError::Read`] naming the path when the file cannot be read, and
    /// [`FontError::Invalid`] when it holds no font at `index`.
    pub fn load(path: &Path, index: u32) -> Result<CertificateFont, FontError> {
        let bytes = std::fs::read(path).map_err(|source| FontError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let font =
            krilla::text::Font::new(Arc::new(bytes).into(), index).ok_or(FontError::Invalid {
                path: path.to_path_buf(),
                index,
            })?;
        Ok(CertificateFont {
            font,
            path: path.to_path_buf(),
        })
    }

    /// Returns the file the font was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
