//! Converting a figure to vector PDF with svg2pdf, for `\includegraphics` in
//! LaTeX. Text stays text in the embedded font (subset and embedded), so it
//! is searchable and sharp at any zoom; the page is exactly the figure's
//! size in mm. The output holds no timestamps or random ids: the same SVG
//! always gives the same bytes (svg2pdf is patched for that, see
//! `vendor/svg2pdf/PATCHES.md`).
//!
//! The files are PDF 1.7. pdfLaTeX, which writes PDF 1.5 by default, includes
//! them with a version warning only; `\pdfminorversion=7` in the preamble
//! silences it. LuaLaTeX and XeLaTeX include them as they are.

use crate::render::svg::{SvgParseError, parse_svg};
use resvg::usvg;

/// usvg converts absolute units at this resolution (CSS pixels); telling
/// svg2pdf the same keeps 1 mm in the SVG 1 mm on the PDF page.
const CSS_DPI: f32 = 96.0;

/// Why a figure could not be converted to PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The SVG could not be parsed.
    #[error(transparent)]
    Parse(#[from] SvgParseError),
    /// svg2pdf failed (its error type implements no `std::error::Error`,
    /// so it is carried as a value, not as a source).
    #[error("cannot convert the figure to PDF: {reason}")]
    Convert {
        /// The converter's reason.
        reason: svg2pdf::ConversionError,
    },
}

/// Converts a parsed SVG into a one-page PDF with embedded font subsets.
pub fn tree_to_pdf(tree: &usvg::Tree) -> Result<Vec<u8>, PdfError> {
    let conversion = svg2pdf::ConversionOptions {
        embed_text: true,
        compress: true,
        ..Default::default()
    };
    let page = svg2pdf::PageOptions { dpi: CSS_DPI };
    svg2pdf::to_pdf(tree, conversion, page).map_err(|reason| PdfError::Convert { reason })
}

/// Parses `svg` and converts it to PDF.
///
/// ```
/// let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="160mm" height="90mm" viewBox="0 0 160 90">
///   <text x="10" y="20" font-size="4">Ruhrgebiet</text></svg>"#;
/// let pdf = ruhrmap::svg_to_pdf(svg).unwrap();
/// assert!(pdf.starts_with(b"%PDF-"));
/// assert_eq!(pdf, ruhrmap::svg_to_pdf(svg).unwrap()); // deterministic
/// ```
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, PdfError> {
    tree_to_pdf(&parse_svg(svg)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_is_the_figure_size_in_points() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="160mm" height="90mm" viewBox="0 0 160 90"/>"#;
        let pdf = svg_to_pdf(svg).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        // 160 mm = 453.54 pt, 90 mm = 255.12 pt
        let media_box = text
            .split("/MediaBox [")
            .nth(1)
            .expect("a MediaBox")
            .split(']')
            .next()
            .unwrap();
        let numbers: Vec<f64> = media_box
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect();
        assert_eq!(numbers.len(), 4);
        assert!(
            (numbers[2] - 453.543).abs() < 0.01 && (numbers[3] - 255.118).abs() < 0.01,
            "{numbers:?}"
        );
    }

    #[test]
    fn text_is_kept_as_text_with_an_embedded_font() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="50mm" height="20mm" viewBox="0 0 50 20">
            <text x="2" y="10" font-size="4" font-family="'Noto Sans', sans-serif">Essen</text></svg>"#;
        let pdf = svg_to_pdf(svg).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("/FontFile2"),
            "TrueType font program embedded"
        );
        assert!(text.contains("NotoSans"), "font named in the PDF");
    }
}
