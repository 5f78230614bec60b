//! The embedded typeface and everything measured with it.
//!
//! Figures use Noto Sans (Regular and Bold, SIL Open Font License 1.1, see
//! `assets/fonts/OFL.txt`), compiled into the binary. The same font data
//! feeds the renderer's font database ([`font_database`]), in which every
//! generic family (`sans-serif`, `serif`, …) points to it so no text can
//! silently fall back to whatever a machine has installed, and the
//! [`TextMetrics`] the label placer measures with. Text is shaped with the
//! same shaper resvg uses (rustybuzz, kerning included), so a measured label
//! is the rendered label.

use crate::render::scene::{Bounds, FontWeight, MM_PER_PT, Point, Text, TextAnchor};
use crate::text::displayed_text;
use resvg::usvg::fontdb;
use rustybuzz::ttf_parser;
use std::sync::{Arc, OnceLock};

/// The family name of the embedded font, as written first in every
/// `font-family` of the SVG.
pub const FONT_FAMILY: &str = "Noto Sans";

/// The `font-family` value written into SVG: the embedded font, then the
/// generic family for viewers that lack it.
pub const FONT_FAMILY_CSS: &str = "'Noto Sans', sans-serif";

static REGULAR_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSans-Regular.ttf"
));
static BOLD_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/NotoSans-Bold.ttf"
));

/// The raw TrueType data of the embedded font in `weight`.
///
/// ```
/// let data = ruhrmap::render::font_data(ruhrmap::render::FontWeight::Bold);
/// assert_eq!(&data[..4], &[0, 1, 0, 0]); // TrueType outlines
/// ```
pub fn font_data(weight: FontWeight) -> &'static [u8] {
    match weight {
        FontWeight::Regular => REGULAR_TTF,
        FontWeight::Bold => BOLD_TTF,
    }
}

/// The font database for rendering: only the embedded faces, with every
/// generic family mapped to them. Built once per process and shared.
///
/// ```
/// let db = ruhrmap::render::font_database();
/// assert_eq!(db.len(), 2);
/// let query = resvg::usvg::fontdb::Query {
///     families: &[resvg::usvg::fontdb::Family::Serif],
///     ..Default::default()
/// };
/// assert!(db.query(&query).is_some());
/// ```
pub fn font_database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            for data in [REGULAR_TTF, BOLD_TTF] {
                db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
            }
            db.set_sans_serif_family(FONT_FAMILY);
            db.set_serif_family(FONT_FAMILY);
            db.set_monospace_family(FONT_FAMILY);
            db.set_cursive_family(FONT_FAMILY);
            db.set_fantasy_family(FONT_FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// The horizontal and vertical extent of one shaped line of text, relative
/// to the start of its baseline (x to the right, y downwards, in mm).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineExtent {
    /// Advance width: where the next line would start; what `text-anchor`
    /// centres or right-aligns.
    pub advance_mm: f64,
    /// The font's ascent above the baseline (positive), the same for every
    /// string: the height of a line box.
    pub ascent_mm: f64,
    /// The font's descent below the baseline (positive).
    pub descent_mm: f64,
    /// The box actually covered by glyph outlines ("ink"), or `None` if the
    /// text draws nothing (empty or only spaces).
    pub ink: Option<Bounds>,
}

/// Text measurement with the embedded font, in mm on the page.
///
/// ```
/// use ruhrmap::render::{FontWeight, TextMetrics};
/// let metrics = TextMetrics::embedded();
/// let regular = metrics.advance_mm("Gelsenkirchen", 8.0, FontWeight::Regular);
/// let bold = metrics.advance_mm("Gelsenkirchen", 8.0, FontWeight::Bold);
/// assert!(regular > 15.0 && regular < 25.0, "{regular}");
/// assert!(bold > regular);
/// // advance scales linearly with the size
/// let double = metrics.advance_mm("Gelsenkirchen", 16.0, FontWeight::Regular);
/// assert!((double - 2.0 * regular).abs() < 1e-9);
/// ```
pub struct TextMetrics {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
}

impl std::fmt::Debug for TextMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextMetrics")
            .field("family", &FONT_FAMILY)
            .finish_non_exhaustive()
    }
}

impl TextMetrics {
    /// Metrics of the embedded font, parsed once per process.
    pub fn embedded() -> &'static TextMetrics {
        static METRICS: OnceLock<TextMetrics> = OnceLock::new();
        METRICS.get_or_init(|| {
            let face = |data: &'static [u8]| {
                rustybuzz::Face::from_slice(data, 0)
                    .expect("the embedded font is a valid TrueType file (checked by tests)")
            };
            TextMetrics {
                regular: face(REGULAR_TTF),
                bold: face(BOLD_TTF),
            }
        })
    }

    /// The shaper's face of `weight` (it dereferences to the `ttf_parser`
    /// face, for outlines and tables).
    pub(crate) fn face(&self, weight: FontWeight) -> &rustybuzz::Face<'static> {
        match weight {
            FontWeight::Regular => &self.regular,
            FontWeight::Bold => &self.bold,
        }
    }

    /// Millimetres per font unit at `size_pt`.
    fn scale(&self, size_pt: f64, weight: FontWeight) -> f64 {
        size_pt * MM_PER_PT / f64::from(self.face(weight).units_per_em())
    }

    /// The advance width of `text` (after the displayed-text policy, see
    /// `displayed_text`) at `size_pt`, in mm.
    pub fn advance_mm(&self, text: &str, size_pt: f64, weight: FontWeight) -> f64 {
        self.line_extent(text, size_pt, weight, 0.0).advance_mm
    }

    /// The font's ascent above the baseline at `size_pt`, in mm (positive).
    pub fn ascent_mm(&self, size_pt: f64, weight: FontWeight) -> f64 {
        let face = self.face(weight);
        let ascender = face
            .typographic_ascender()
            .unwrap_or_else(|| face.ascender());
        f64::from(ascender) * self.scale(size_pt, weight)
    }

    /// The font's descent below the baseline at `size_pt`, in mm (positive).
    pub fn descent_mm(&self, size_pt: f64, weight: FontWeight) -> f64 {
        let face = self.face(weight);
        let descender = face
            .typographic_descender()
            .unwrap_or_else(|| face.descender());
        -f64::from(descender) * self.scale(size_pt, weight)
    }

    /// The height of capital letters above the baseline at `size_pt`, in mm:
    /// the offset that centres a capitalised label vertically on a point.
    pub fn cap_height_mm(&self, size_pt: f64, weight: FontWeight) -> f64 {
        let face = self.face(weight);
        let cap = face
            .capital_height()
            .map(f64::from)
            .unwrap_or(0.7 * f64::from(face.units_per_em()));
        cap * self.scale(size_pt, weight)
    }

    /// Shapes `shown` (text already through the displayed-text policy) as
    /// resvg does: glyph ids, clusters and positions in font units.
    pub(crate) fn shape(&self, shown: &str, weight: FontWeight) -> rustybuzz::GlyphBuffer {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(shown);
        rustybuzz::shape(self.face(weight), &[], buffer)
    }

    /// Millimetres per font unit at `size_pt` (public to the crate for
    /// writers that place glyphs themselves).
    pub(crate) fn mm_per_unit(&self, size_pt: f64, weight: FontWeight) -> f64 {
        self.scale(size_pt, weight)
    }

    /// Shapes `text` and returns its advance, line box and ink box relative
    /// to the start of the baseline. `letter_spacing_mm` is added between
    /// characters as the SVG renderers do (not after the last one).
    pub fn line_extent(
        &self,
        text: &str,
        size_pt: f64,
        weight: FontWeight,
        letter_spacing_mm: f64,
    ) -> LineExtent {
        let face = self.face(weight);
        let scale = self.scale(size_pt, weight);
        let glyphs = self.shape(&displayed_text(text), weight);
        let mut pen = 0.0_f64;
        let mut ink: Option<Bounds> = None;
        let mut last_cluster = None;
        for (info, position) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
            if last_cluster != Some(info.cluster) {
                if last_cluster.is_some() {
                    pen += letter_spacing_mm;
                }
                last_cluster = Some(info.cluster);
            }
            let glyph = ttf_parser::GlyphId(info.glyph_id as u16);
            if let Some(rect) = face.glyph_bounding_box(glyph) {
                let x = pen + f64::from(position.x_offset) * scale;
                let y = -f64::from(position.y_offset) * scale;
                let glyph_box = Bounds {
                    x0: x + f64::from(rect.x_min) * scale,
                    x1: x + f64::from(rect.x_max) * scale,
                    y0: y - f64::from(rect.y_max) * scale,
                    y1: y - f64::from(rect.y_min) * scale,
                };
                ink = Some(ink.map_or(glyph_box, |b| b.union(&glyph_box)));
            }
            pen += f64::from(position.x_advance) * scale;
        }
        LineExtent {
            advance_mm: pen,
            ascent_mm: self.ascent_mm(size_pt, weight),
            descent_mm: self.descent_mm(size_pt, weight),
            ink,
        }
    }

    /// The characters of `text` the embedded font has no glyph for (they
    /// would be drawn as an empty box), in order of first appearance.
    ///
    /// ```
    /// use ruhrmap::render::{FontWeight, TextMetrics};
    /// let metrics = TextMetrics::embedded();
    /// assert!(metrics.missing_glyphs("Mülheim an der Ruhr – Ümraniye", FontWeight::Regular).is_empty());
    /// assert_eq!(metrics.missing_glyphs("Ruhr 鲁尔", FontWeight::Regular), vec!['鲁', '尔']);
    /// ```
    pub fn missing_glyphs(&self, text: &str, weight: FontWeight) -> Vec<char> {
        let face = self.face(weight);
        let mut missing: Vec<char> = Vec::new();
        for c in displayed_text(text).chars() {
            let invisible = crate::text::is_written_as_reference(c) && !c.is_whitespace();
            if !invisible && face.glyph_index(c).is_none() && !missing.contains(&c) {
                missing.push(c);
            }
        }
        missing
    }

    /// The page area covered by the glyphs of `text`, including its halo and
    /// rotation; a zero-size box at the anchor if it draws nothing. This is
    /// the box to keep free of other labels and markers.
    pub fn ink_bounds(&self, text: &Text) -> Bounds {
        let extent = self.line_extent(
            &text.content,
            text.size_pt,
            text.weight,
            text.letter_spacing_mm,
        );
        match extent.ink {
            Some(ink) => self.place(text, extent.advance_mm, ink),
            None => Bounds::from_corners(text.position, text.position),
        }
    }

    /// The page area of `text`'s line box (advance width × font ascent and
    /// descent), including halo and rotation: a box that does not depend on
    /// which letters the text has, for aligning labels of one kind.
    pub fn line_bounds(&self, text: &Text) -> Bounds {
        let extent = self.line_extent(
            &text.content,
            text.size_pt,
            text.weight,
            text.letter_spacing_mm,
        );
        let line = Bounds {
            x0: 0.0,
            y0: -extent.ascent_mm,
            x1: extent.advance_mm,
            y1: extent.descent_mm,
        };
        self.place(text, extent.advance_mm, line)
    }

    /// Moves a box given relative to the baseline start to the page: anchor
    /// shift, halo margin, rotation about the anchor point.
    fn place(&self, text: &Text, advance_mm: f64, relative: Bounds) -> Bounds {
        let shift = match text.anchor {
            TextAnchor::Start => 0.0,
            TextAnchor::Middle => -advance_mm / 2.0,
            TextAnchor::End => -advance_mm,
        };
        let halo = text.halo.map_or(0.0, |h| h.width_mm / 2.0);
        let local = Bounds {
            x0: relative.x0 + shift,
            x1: relative.x1 + shift,
            ..relative
        }
        .expanded(halo);
        let (sin, cos) = text.rotation_deg.to_radians().sin_cos();
        let corners = [
            (local.x0, local.y0),
            (local.x1, local.y0),
            (local.x1, local.y1),
            (local.x0, local.y1),
        ];
        Bounds::of_points(corners.iter().map(|&(x, y)| {
            Point::new(
                text.position.x + x * cos - y * sin,
                text.position.y + x * sin + y * cos,
            )
        }))
        .expect("four corners")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::Color;

    #[test]
    fn embedded_faces_are_noto_sans_regular_and_bold() {
        for (weight, expected_bold) in [(FontWeight::Regular, false), (FontWeight::Bold, true)] {
            let face = ttf_parser::Face::parse(font_data(weight), 0).unwrap();
            let family = face
                .names()
                .into_iter()
                .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
                .and_then(|n| n.to_string())
                .unwrap();
            assert_eq!(family, FONT_FAMILY);
            assert_eq!(face.is_bold(), expected_bold);
        }
    }

    #[test]
    fn database_resolves_every_generic_family_to_the_embedded_font() {
        let db = font_database();
        for family in [
            fontdb::Family::SansSerif,
            fontdb::Family::Serif,
            fontdb::Family::Monospace,
            fontdb::Family::Cursive,
            fontdb::Family::Fantasy,
            fontdb::Family::Name("Arial"),
        ] {
            let query = fontdb::Query {
                families: &[family, fontdb::Family::SansSerif],
                ..Default::default()
            };
            let id = db.query(&query).expect("every family resolves");
            assert_eq!(db.face(id).unwrap().families[0].0, FONT_FAMILY);
        }
        let bold = fontdb::Query {
            families: &[fontdb::Family::SansSerif],
            weight: fontdb::Weight::BOLD,
            ..Default::default()
        };
        assert_eq!(
            db.face(db.query(&bold).unwrap()).unwrap().weight,
            fontdb::Weight::BOLD
        );
    }

    #[test]
    fn kerning_is_applied() {
        let m = TextMetrics::embedded();
        let pair = m.advance_mm("AV", 10.0, FontWeight::Regular);
        let apart = m.advance_mm("A", 10.0, FontWeight::Regular)
            + m.advance_mm("V", 10.0, FontWeight::Regular);
        assert!(pair < apart - 0.05, "AV {pair} vs A+V {apart}");
    }

    #[test]
    fn measurement_follows_the_displayed_text_policy() {
        let m = TextMetrics::embedded();
        let plain = m.advance_mm("Essen Nord", 8.0, FontWeight::Regular);
        assert_eq!(
            m.advance_mm("  Essen\n\u{1}Nord ", 8.0, FontWeight::Regular),
            plain
        );
        assert_eq!(m.advance_mm("", 8.0, FontWeight::Regular), 0.0);
        assert!(
            m.line_extent(" \n ", 8.0, FontWeight::Regular, 0.0)
                .ink
                .is_none()
        );
    }

    #[test]
    fn ink_sits_on_the_baseline_and_descenders_go_below() {
        let m = TextMetrics::embedded();
        let caps = m
            .line_extent("HEH", 10.0, FontWeight::Regular, 0.0)
            .ink
            .unwrap();
        assert!(
            caps.y1.abs() < 0.01,
            "capitals end at the baseline: {caps:?}"
        );
        assert!(
            (caps.y0 + m.cap_height_mm(10.0, FontWeight::Regular)).abs() < 0.02,
            "{caps:?}"
        );
        let descending = m
            .line_extent("gjp", 10.0, FontWeight::Regular, 0.0)
            .ink
            .unwrap();
        assert!(descending.y1 > 0.5);
        assert!(
            m.ascent_mm(10.0, FontWeight::Regular) > m.cap_height_mm(10.0, FontWeight::Regular)
        );
        assert!(m.descent_mm(10.0, FontWeight::Regular) > 0.0);
    }

    #[test]
    fn letter_spacing_adds_between_characters_only() {
        let m = TextMetrics::embedded();
        let plain = m.line_extent("Ruhr", 8.0, FontWeight::Bold, 0.0).advance_mm;
        let spaced = m.line_extent("Ruhr", 8.0, FontWeight::Bold, 1.0).advance_mm;
        assert!((spaced - plain - 3.0).abs() < 1e-9, "{plain} {spaced}");
    }

    #[test]
    fn anchors_halo_and_rotation_move_the_page_box() {
        let m = TextMetrics::embedded();
        let base = Text::new((50.0, 50.0), "Dortmund", 8.0);
        let start = m.ink_bounds(&base);
        let middle = m.ink_bounds(&base.clone().anchored(TextAnchor::Middle));
        let end = m.ink_bounds(&base.clone().anchored(TextAnchor::End));
        assert!(start.x0 >= 50.0 && start.x0 < 50.5);
        assert!((middle.center().x - 50.0).abs() < 0.3, "{middle:?}");
        assert!(end.x1 <= 50.0 && end.x1 > 49.5);
        let halo = m.ink_bounds(&base.clone().with_halo(Color::WHITE, 1.0));
        assert!((halo.width() - start.width() - 1.0).abs() < 1e-9);
        let vertical = m.ink_bounds(&base.clone().rotated(90.0));
        assert!((vertical.height() - start.width()).abs() < 1e-9);
        assert!((vertical.width() - start.height()).abs() < 1e-9);
        let line = m.line_bounds(&base);
        assert!(line.contains(&start.expanded(-1e-9)));
    }
}
