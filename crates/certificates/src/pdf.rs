//! The PDF of a certificate: one A4 page with the title, the holder, the face fields, the
//! validity, the issuer and date over a drawn seal with its name, the QR code drawn as vector
//! squares, and the identifier. The signed document is attached uncompressed, so
//! `tongban cert verify --pdf` checks the PDF's content without a PDF parser.
//!
//! The drawn seal is a picture for people; what proves the certificate is the seal's signature
//! in the attachment and the QR code.

use chrono::Datelike;
use krilla::color::rgb;
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use krilla::{Document, SerializeSettings};

use crate::document::SignedCertificate;
use crate::font::CertificateFont;
use crate::metadata::{CertificateMetadata, HolderIdType};
use crate::qr_code::QrModules;

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 72.0;
const LABEL_WIDTH: f32 = 120.0;
const LINE_HEIGHT: f32 = 21.0;
const SEAL_RED: (u8, u8, u8) = (200, 16, 32);

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The document's metadata cannot be read.
    #[error(transparent)]
    Document(#[from] crate::document::DocumentError),
    /// The QR payload does not fit a QR code.
    #[error(transparent)]
    Qr(#[from] crate::qr_code::QrCodeError),
    /// The PDF writer failed, such as on a font it cannot embed.
    #[error("writing the PDF failed: {0}")]
    Write(String),
}

/// Renders the PDF of `document` with `font`, embedding the subset of the font the page uses.
///
/// # Errors
/// A [`PdfError`] when the metadata cannot be read, the QR code cannot be made or the writer
/// fails.
pub fn render_pdf(
    document: &SignedCertificate,
    font: &CertificateFont,
) -> Result<Vec<u8>, PdfError> {
    let metadata = document.metadata()?;
    let modules = QrModules::encode(&document.qr_payload)?;

    let mut pdf = Document::new_with(SerializeSettings::default());
    pdf.set_metadata(
        Metadata::new()
            .title(metadata.name.clone())
            .language("zh-CN".to_owned())
            .creator("tongban".to_owned())
            .authors(vec![metadata.issuer.clone()]),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PdfError::Write("invalid page size".to_owned()))?;
    let mut page = pdf.start_page_with(settings);
    let mut surface = page.surface();
    let mut writer = PageWriter {
        surface: &mut surface,
        font,
    };
    writer.draw(&metadata, &modules);
    surface.finish();
    page.finish();

    let date = metadata.signed_at;
    let attachment = EmbeddedFile {
        path: "certificate.json".to_owned(),
        mime_type: MimeType::new("application/json"),
        description: Some(
            "电子证照元数据与电子印章签名 / e-certificate metadata and seal signature".to_owned(),
        ),
        association_kind: AssociationKind::Data,
        data: document.to_json().into_bytes().into(),
        modification_date: Some(
            krilla::metadata::DateTime::new(u16::try_from(date.year()).unwrap_or(2000))
                .month(u8::try_from(date.month()).unwrap_or(1))
                .day(u8::try_from(date.day()).unwrap_or(1)),
        ),
        compress: Some(false),
        location: None,
    };
    pdf.embed_file(attachment)
        .ok_or_else(|| PdfError::Write("the attachment could not be added".to_owned()))?;
    pdf.finish()
        .map_err(|error| PdfError::Write(format!("{error:?}")))
}

struct PageWriter<'a, 'b> {
    surface: &'a mut Surface<'b>,
    font: &'a CertificateFont,
}

impl PageWriter<'_, '_> {
    fn draw(&mut self, metadata: &CertificateMetadata, modules: &QrModules) {
        self.border();

        self.color((0, 0, 0));
        self.centered(&metadata.name, 26.0, 130.0);
        self.color((90, 90, 90));
        self.centered(&metadata.name_en, 11.0, 156.0);
        self.centered(&format!("编号：{}", metadata.number), 11.0, 182.0);

        self.color((0, 0, 0));
        let holder_id_label = match metadata.holder_id_type {
            HolderIdType::ResidentId => "公民身份号码",
            HolderIdType::CreditCode => "统一社会信用代码",
        };
        let mut y = 232.0;
        y = self.row("持证主体", &metadata.holder, y);
        y = self.row(holder_id_label, &metadata.holder_id, y);
        for field in &metadata.face {
            y = self.row(&field.label_zh, &field.value, y);
        }
        let validity = match metadata.valid_until {
            Some(until) => format!(
                "{} 至 {}",
                chinese_date(metadata.valid_from),
                chinese_date(until)
            ),
            None => format!("{} 起长期有效", chinese_date(metadata.valid_from)),
        };
        self.row("有效期限", &validity, y);

        self.seal(metadata);
        self.qr(modules);

        self.color((60, 60, 60));
        let id_lines = wrap(
            &format!("证照标识：{}", metadata.id),
            8.0,
            PAGE_WIDTH - 2.0 * MARGIN,
        );
        let mut id_y = 782.0;
        for line in id_lines {
            self.text(&line, 8.0, MARGIN, id_y);
            id_y += 11.0;
        }
    }

    fn border(&mut self) {
        for (inset, width) in [(28.0, 2.0), (34.0, 0.6)] {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(
                inset,
                inset,
                PAGE_WIDTH - 2.0 * inset,
                PAGE_HEIGHT - 2.0 * inset,
            ) {
                path.push_rect(rect);
            }
            self.stroke(path, width, (150, 110, 40));
        }
    }

    /// Writes `label` and `value`, the value wrapped beside the label, and returns the line
    /// after them.
    fn row(&mut self, label: &str, value: &str, y: f32) -> f32 {
        self.text(label, 12.0, MARGIN, y);
        let width = PAGE_WIDTH - 2.0 * MARGIN - LABEL_WIDTH;
        let mut line_y = y;
        for line in wrap(value, 12.0, width) {
            self.text(&line, 12.0, MARGIN + LABEL_WIDTH, line_y);
            line_y += LINE_HEIGHT;
        }
        line_y.max(y + LINE_HEIGHT) + 4.0
    }

    /// The issuer and the day over a round red seal with a star, and the seal's name below.
    fn seal(&mut self, metadata: &CertificateMetadata) {
        let (cx, cy, radius) = (420.0, 640.0, 58.0);
        let mut circle = PathBuilder::new();
        let k = 0.552_284_8 * radius;
        circle.move_to(cx + radius, cy);
        circle.cubic_to(cx + radius, cy + k, cx + k, cy + radius, cx, cy + radius);
        circle.cubic_to(cx - k, cy + radius, cx - radius, cy + k, cx - radius, cy);
        circle.cubic_to(cx - radius, cy - k, cx - k, cy - radius, cx, cy - radius);
        circle.cubic_to(cx + k, cy - radius, cx + radius, cy - k, cx + radius, cy);
        circle.close();
        self.stroke(circle, 3.0, SEAL_RED);

        let mut star = PathBuilder::new();
        for point in 0..10 {
            let reach = if point % 2 == 0 { 18.0 } else { 7.0 };
            let angle =
                std::f32::consts::PI * (f32::from(point as u8) / 5.0) - std::f32::consts::FRAC_PI_2;
            let (x, y) = (cx + reach * angle.cos(), cy + reach * angle.sin());
            if point == 0 {
                star.move_to(x, y);
            } else {
                star.line_to(x, y);
            }
        }
        star.close();
        if let Some(path) = star.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(SEAL_RED)));
            self.surface.draw_path(&path);
        }

        self.color(SEAL_RED);
        let mut y = cy + radius + 18.0;
        for line in wrap(
            &format!("（电子印章：{}）", metadata.seal_name),
            9.0,
            2.0 * radius + 40.0,
        ) {
            self.centered_at(&line, 9.0, cx, y);
            y += 12.0;
        }

        self.color((0, 0, 0));
        self.centered_at(&metadata.issuer, 12.0, cx, cy - 8.0);
        self.centered_at(&chinese_date(metadata.issued_on), 12.0, cx, cy + 30.0);
    }

    fn qr(&mut self, modules: &QrModules) {
        let (left, top, size) = (MARGIN, 590.0, 118.0);
        let module = size / f32::from(u16::try_from(modules.width()).unwrap_or(1));
        let mut path = PathBuilder::new();
        for y in 0..modules.width() {
            for x in 0..modules.width() {
                if !modules.is_dark(x, y) {
                    continue;
                }
                let x = left + module * f32::from(u16::try_from(x).unwrap_or(0));
                let y = top + module * f32::from(u16::try_from(y).unwrap_or(0));
                if let Some(rect) = Rect::from_xywh(x, y, module, module) {
                    path.push_rect(rect);
                }
            }
        }
        if let Some(path) = path.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill((0, 0, 0))));
            self.surface.draw_path(&path);
        }
        self.color((60, 60, 60));
        self.centered_at(
            "扫码核验 Scan to verify",
            9.0,
            left + size / 2.0,
            top + size + 16.0,
        );
    }

    fn color(&mut self, color: (u8, u8, u8)) {
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill(color)));
    }

    fn stroke(&mut self, path: PathBuilder, width: f32, color: (u8, u8, u8)) {
        if let Some(path) = path.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(color.0, color.1, color.2).into(),
                width,
                ..Stroke::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    fn text(&mut self, text: &str, size: f32, x: f32, y: f32) {
        self.surface.draw_text(
            Point::from_xy(x, y),
            self.font.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn centered(&mut self, text: &str, size: f32, y: f32) {
        self.centered_at(text, size, PAGE_WIDTH / 2.0, y);
    }

    fn centered_at(&mut self, text: &str, size: f32, center: f32, y: f32) {
        let x = center - text_width(text, size) / 2.0;
        self.text(text, size, x, y);
    }
}

fn fill(color: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        ..Fill::default()
    }
}

/// Returns `day` as 2026年3月2日.
fn chinese_date(day: chrono::NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

/// Estimates the width of `text` at `size`: a full em for CJK characters and about half an em
/// for ASCII, close enough for centring and wrapping in Noto Serif CJK.
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| char_width(c, size)).sum()
}

fn char_width(c: char, size: f32) -> f32 {
    if c.is_ascii() { size * 0.55 } else { size }
}

/// Breaks `text` into lines no wider than `width`, between any two characters, as Chinese
/// text breaks.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        if c == '\n' {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
            continue;
        }
        let advance = char_width(c, size);
        if used + advance > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        line.push(c);
        used += advance;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_characters() {
        let lines = wrap("一二三四五六", 10.0, 25.0);
        assert_eq!(lines, vec!["一二", "三四", "五六"]);
        assert_eq!(wrap("", 10.0, 25.0), vec![""]);
    }
}
