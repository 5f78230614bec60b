//! Reading SVG back into a render tree (`usvg::Tree`) with the embedded
//! fonts, the common first step of PNG and PDF output. Parsing once and
//! handing the same tree to both writers keeps them in agreement and saves
//! the second parse.

use crate::render::fonts::{FONT_FAMILY, font_database};
use resvg::usvg;

/// The SVG could not be read into a render tree.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the SVG for rendering: {source}")]
pub struct SvgParseError {
    /// The parser's reason.
    #[source]
    pub source: usvg::Error,
}

/// Parses `svg` with the embedded font database: text resolves to the
/// embedded Noto Sans whatever `font-family` says, so it never vanishes and
/// renders identically on every machine. Relative file references are not
/// resolved (figures are self-contained).
///
/// ```
/// let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="20mm" height="10mm" viewBox="0 0 20 10">
///   <text x="1" y="8" font-size="6" font-family="NoSuchFont, serif">Ruhr</text></svg>"#;
/// let tree = ruhrmap::render::parse_svg(svg).unwrap();
/// assert!(tree.root().has_children()); // the text was laid out, not dropped
/// ```
pub fn parse_svg(svg: &str) -> Result<usvg::Tree, SvgParseError> {
    let options = usvg::Options {
        fontdb: font_database(),
        font_family: FONT_FAMILY.to_string(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|source| SvgParseError { source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_svg_is_an_error_not_a_panic() {
        let err = parse_svg("<svg><g></svg>").unwrap_err();
        assert!(err.to_string().starts_with("cannot read the SVG"), "{err}");
        assert!(parse_svg("").is_err());
    }

    #[test]
    fn millimetre_units_map_to_96_dpi_pixels() {
        let tree = parse_svg(r#"<svg xmlns="http://www.w3.org/2000/svg" width="25.4mm" height="50.8mm" viewBox="0 0 25.4 50.8"/>"#)
            .unwrap();
        assert!((tree.size().width() - 96.0).abs() < 1e-3);
        assert!((tree.size().height() - 192.0).abs() < 1e-3);
    }
}
