//! Text as glyph outlines: a line of text shaped with the embedded font
//! exactly as resvg shapes it (rustybuzz, kerning included) and turned into
//! one path, for SVGs that must look right where the font is missing
//! (editors, print shops). The writer keeps the words in `<title>` and
//! `aria-label`.

use crate::render::fonts::TextMetrics;
use crate::render::scene::{PathData, Point, Text, TextAnchor};
use crate::text::displayed_text;
use rustybuzz::ttf_parser;

/// The outline of `text` on the page, in mm, unrotated (the writer rotates
/// it about `text.position` as it does real text). Empty for text that
/// draws nothing.
pub(crate) fn text_outline(text: &Text, metrics: &TextMetrics) -> PathData {
    let shown = displayed_text(&text.content);
    let face = metrics.face(text.weight);
    let scale = metrics.mm_per_unit(text.size_pt, text.weight);
    let glyphs = metrics.shape(&shown, text.weight);
    let advance = metrics
        .line_extent(
            &text.content,
            text.size_pt,
            text.weight,
            text.letter_spacing_mm,
        )
        .advance_mm;
    let mut pen = match text.anchor {
        TextAnchor::Start => 0.0,
        TextAnchor::Middle => -advance / 2.0,
        TextAnchor::End => -advance,
    };
    let mut builder = Outline {
        data: PathData::new(),
        origin: text.position,
        scale,
        x: 0.0,
        y: 0.0,
    };
    let mut last_cluster = None;
    for (info, position) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
        if last_cluster != Some(info.cluster) {
            if last_cluster.is_some() {
                pen += text.letter_spacing_mm;
            }
            last_cluster = Some(info.cluster);
        }
        builder.x = pen + f64::from(position.x_offset) * scale;
        builder.y = -f64::from(position.y_offset) * scale;
        let _ = face.outline_glyph(ttf_parser::GlyphId(info.glyph_id as u16), &mut builder);
        pen += f64::from(position.x_advance) * scale;
    }
    builder.data
}

/// Collects glyph outlines (font units, y up) as page path data (mm, y down).
struct Outline {
    data: PathData,
    origin: Point,
    scale: f64,
    /// The glyph's origin relative to `origin`, in mm.
    x: f64,
    y: f64,
}

impl Outline {
    fn point(&self, x: f32, y: f32) -> Point {
        Point::new(
            self.origin.x + self.x + f64::from(x) * self.scale,
            self.origin.y + self.y - f64::from(y) * self.scale,
        )
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.point(x, y);
        self.data = std::mem::take(&mut self.data).move_to(p);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.point(x, y);
        self.data = std::mem::take(&mut self.data).line_to(p);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (c, p) = (self.point(x1, y1), self.point(x, y));
        self.data = std::mem::take(&mut self.data).quad_to(c, p);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, p) = (self.point(x1, y1), self.point(x2, y2), self.point(x, y));
        self.data = std::mem::take(&mut self.data).cubic_to(c1, c2, p);
    }

    fn close(&mut self) {
        self.data = std::mem::take(&mut self.data).close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_cover_the_measured_ink() {
        let metrics = TextMetrics::embedded();
        for anchor in [TextAnchor::Start, TextAnchor::Middle, TextAnchor::End] {
            let text = Text::new((40.0, 20.0), "Mülheim an der Ruhr", 8.0).anchored(anchor);
            let outline = text_outline(&text, metrics);
            let drawn = outline.control_bounds().unwrap();
            let ink = metrics.ink_bounds(&text);
            for (a, b) in [
                (drawn.x0, ink.x0),
                (drawn.x1, ink.x1),
                (drawn.y0, ink.y0),
                (drawn.y1, ink.y1),
            ] {
                assert!((a - b).abs() < 0.02, "{anchor:?}: {drawn:?} vs {ink:?}");
            }
        }
        assert!(text_outline(&Text::new((0.0, 0.0), "  ", 8.0), metrics).is_empty());
    }
}
