//! Map furniture: scale bar, north arrow, title and attribution.
//!
//! The scale bar's length is a round number of kilometres (1, 2 or 5 times
//! a power of ten) measured in the metric map CRS, so it is true at the
//! printed size. The north arrow points to true north at the map's centre,
//! which in UTM differs from the grid's up direction by the meridian
//! convergence (about 1.4° in the Ruhr). The attribution names the
//! boundaries' source as the BKG licence requires.

use crate::render::fonts::TextMetrics;
use crate::render::scene::{
    Bounds, Color, FontWeight, Group, PathData, Point, Rect, Stroke, Style, Text, TextAnchor,
};
use crate::text::Lang;

/// Colour of furniture lines and text.
pub const FURNITURE_INK: Color = Color::rgb(0x22, 0x22, 0x22);

/// A drawn piece of furniture: its items and the page box they cover.
#[derive(Debug, Clone, PartialEq)]
pub struct Furniture {
    /// The items, grouped.
    pub group: Group,
    /// The page area covered (mm), for overlap checks and the layout report.
    pub bounds: Bounds,
}

/// The round scale-bar length (metres) not longer than `max_length_m`:
/// 1, 2 or 5 times a power of ten (so that the half-way tick is round too).
///
/// ```
/// assert_eq!(ruhrmap::render::round_scale_length(23_000.0), 20_000.0);
/// assert_eq!(ruhrmap::render::round_scale_length(9_999.0), 5_000.0);
/// assert_eq!(ruhrmap::render::round_scale_length(2_600.0), 2_000.0);
/// ```
pub fn round_scale_length(max_length_m: f64) -> f64 {
    if max_length_m.is_nan() || max_length_m <= 0.0 {
        return 0.0;
    }
    let power = 10f64.powf(max_length_m.log10().floor());
    [5.0, 2.0, 1.0]
        .iter()
        .map(|f| f * power)
        .find(|&l| l <= max_length_m * (1.0 + 1e-12))
        .unwrap_or(power)
}

/// Formats a distance in kilometres the German or English way (`2,5 km`, `2.5 km`).
fn format_km(metres: f64, lang: Lang) -> String {
    let km = metres / 1000.0;
    let text = if (km - km.round()).abs() < 1e-9 {
        format!("{}", km.round() as i64)
    } else {
        format!("{km}")
    };
    match lang {
        Lang::De => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A scale bar whose left end sits at `origin` (mm, top-left of the bar's box),
/// at most `max_width_mm` long, for a map at `mm_per_metre`.
///
/// The bar has two alternating segments with tick labels "0", the middle and
/// the full length in km, in `font_pt`.
pub fn scale_bar(
    origin: Point,
    max_width_mm: f64,
    mm_per_metre: f64,
    font_pt: f64,
    lang: Lang,
    metrics: &TextMetrics,
) -> Furniture {
    let length_m = round_scale_length(max_width_mm / mm_per_metre);
    let length_mm = length_m * mm_per_metre;
    let bar_h = 0.9;
    let ascent = metrics.cap_height_mm(font_pt, FontWeight::Regular);
    let label_gap = 0.5;
    let bar_y = origin.y + ascent + label_gap;
    let mut group = Group::new("scale-bar");
    group.label = Some(lang.pick("Maßstabsleiste", "Scale bar").to_string());
    let stroke = Stroke::solid(FURNITURE_INK, 0.15);
    let halves = 2;
    for k in 0..halves {
        let x = origin.x + length_mm * k as f64 / halves as f64;
        let fill = if k % 2 == 0 {
            FURNITURE_INK
        } else {
            Color::WHITE
        };
        group.push(Rect {
            id: None,
            origin: Point::new(x, bar_y),
            width_mm: length_mm / halves as f64,
            height_mm: bar_h,
            corner_radius_mm: 0.0,
            style: Style::fill_and_stroke(fill, stroke.clone()),
        });
    }
    let mut bounds = Bounds {
        x0: origin.x,
        y0: origin.y,
        x1: origin.x + length_mm,
        y1: bar_y + bar_h,
    };
    let ticks = [
        (0.0, "0".to_string()),
        (length_m / 2.0, format_km(length_m / 2.0, lang)),
        (length_m, format!("{} km", format_km(length_m, lang))),
    ];
    for (k, (at_m, label)) in ticks.iter().enumerate() {
        let x = origin.x + at_m * mm_per_metre;
        // the unit hangs to the right of the last number, so it is anchored at the number
        let text = if k == 2 {
            let number_w =
                metrics.advance_mm(&format_km(length_m, lang), font_pt, FontWeight::Regular);
            Text::new(
                Point::new(x - number_w / 2.0, origin.y + ascent),
                label.clone(),
                font_pt,
            )
        } else {
            Text::new(Point::new(x, origin.y + ascent), label.clone(), font_pt)
                .anchored(TextAnchor::Middle)
        }
        .colored(FURNITURE_INK);
        bounds = bounds.union(&metrics.ink_bounds(&text));
        group.push(text);
    }
    Furniture { group, bounds }
}

/// A north arrow centred at `center`, `height_mm` tall, pointing `angle_deg`
/// counter-clockwise from the page's up direction (see
/// [`crate::crs::MapProjection::north_angle`]), with an "N" above it.
pub fn north_arrow(
    center: Point,
    height_mm: f64,
    angle_deg: f64,
    font_pt: f64,
    metrics: &TextMetrics,
) -> Furniture {
    let h = height_mm;
    let w = h * 0.42;
    // arrow shape about its centre, pointing up, then rotated
    let (sin, cos) = (-angle_deg).to_radians().sin_cos();
    let rot =
        |x: f64, y: f64| Point::new(center.x + x * cos - y * sin, center.y + x * sin + y * cos);
    let tip = rot(0.0, -h / 2.0);
    let left = rot(-w / 2.0, h / 2.0);
    let right = rot(w / 2.0, h / 2.0);
    let notch = rot(0.0, h * 0.22);
    let mut group = Group::new("north-arrow");
    group.label = Some("N".to_string());
    // left half filled, right half white: readable at any size and in grey
    group.push(crate::render::scene::Path {
        id: None,
        data: PathData::new()
            .move_to(tip)
            .line_to(left)
            .line_to(notch)
            .close(),
        style: Style::fill_and_stroke(FURNITURE_INK, Stroke::solid(FURNITURE_INK, 0.15)),
    });
    group.push(crate::render::scene::Path {
        id: None,
        data: PathData::new()
            .move_to(tip)
            .line_to(notch)
            .line_to(right)
            .close(),
        style: Style::fill_and_stroke(Color::WHITE, Stroke::solid(FURNITURE_INK, 0.15)),
    });
    let n_pos = rot(0.0, -h / 2.0 - 0.6);
    let n = Text::new(n_pos, "N", font_pt)
        .bold()
        .anchored(TextAnchor::Middle)
        .colored(FURNITURE_INK);
    let n_bounds = metrics.ink_bounds(&n);
    group.push(n);
    let arrow = Bounds::of_points([tip, left, right, notch])
        .unwrap_or_default()
        .expanded(0.1);
    Furniture {
        group,
        bounds: arrow.union(&n_bounds),
    }
}

/// Where a furniture block is anchored horizontally.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BlockAnchor {
    /// The block's left edge at this x (mm).
    Left(f64),
    /// The block's right edge at this x (mm).
    Right(f64),
}

/// A scale bar (at most `max_bar_mm` long) with the north arrow to its right,
/// as one block whose top is at `top`, anchored left or right so that it
/// never sticks out of the page.
///
/// ```
/// use ruhrmap::render::{BlockAnchor, scale_and_north, TextMetrics}; use ruhrmap::Lang;
/// let m = TextMetrics::embedded();
/// let (bar, arrow) = scale_and_north(BlockAnchor::Right(90.0), 10.0, 22.0, 0.001, 1.4, 6.0, Lang::De, m);
/// assert!((arrow.bounds.x1 - 90.0).abs() < 1e-9);
/// assert!(bar.bounds.x1 < arrow.bounds.x0);
/// ```
#[allow(clippy::too_many_arguments)] // all plain numbers of one drawing call
pub fn scale_and_north(
    anchor: BlockAnchor,
    top: f64,
    max_bar_mm: f64,
    mm_per_metre: f64,
    north_deg: f64,
    font_pt: f64,
    lang: Lang,
    metrics: &TextMetrics,
) -> (Furniture, Furniture) {
    let arrow_h = 5.0;
    let build = |x: f64| {
        let bar = scale_bar(
            Point::new(x, top),
            max_bar_mm,
            mm_per_metre,
            font_pt,
            lang,
            metrics,
        );
        let arrow = north_arrow(
            Point::new(bar.bounds.x1 + 3.5, top + arrow_h / 2.0 + 1.2),
            arrow_h,
            north_deg,
            font_pt,
            metrics,
        );
        (bar, arrow)
    };
    let (bar, arrow) = build(0.0);
    let shift = match anchor {
        BlockAnchor::Left(left) => left - bar.bounds.x0,
        BlockAnchor::Right(right) => right - arrow.bounds.x1,
    };
    build(shift)
}

/// Lines of `text` broken at spaces so that none is wider than `max_width_mm`
/// (a single over-long word stays on its own line).
pub fn wrap_text(
    text: &str,
    max_width_mm: f64,
    size_pt: f64,
    weight: FontWeight,
    metrics: &TextMetrics,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if !current.is_empty() && metrics.advance_mm(&candidate, size_pt, weight) > max_width_mm {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Shortens `text` with an ellipsis so that it fits `max_width_mm`.
///
/// ```
/// use ruhrmap::render::{ellipsize, FontWeight, TextMetrics};
/// let m = TextMetrics::embedded();
/// let s = ellipsize("Ein sehr langer Projekttitel über vieles", 20.0, 7.0, FontWeight::Regular, m);
/// assert!(s.ends_with('…'));
/// assert!(m.advance_mm(&s, 7.0, FontWeight::Regular) <= 20.0);
/// assert_eq!(ellipsize("kurz", 20.0, 7.0, FontWeight::Regular, m), "kurz");
/// ```
pub fn ellipsize(
    text: &str,
    max_width_mm: f64,
    size_pt: f64,
    weight: FontWeight,
    metrics: &TextMetrics,
) -> String {
    if metrics.advance_mm(text, size_pt, weight) <= max_width_mm {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let s: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if metrics.advance_mm(&s, size_pt, weight) <= max_width_mm {
            return s;
        }
    }
    "…".to_string()
}

/// The attribution line: boundary source, CRS and an optional data note.
///
/// ```
/// let s = ruhrmap::render::attribution_text(ruhrmap::Lang::De, "EPSG:25832", Some("Beispieldaten"));
/// assert!(s.contains("© GeoBasis-DE / BKG (2017)"));
/// assert!(s.contains("EPSG:25832"));
/// ```
pub fn attribution_text(lang: Lang, crs: &str, note: Option<&str>) -> String {
    let mut s = format!(
        "{} {}",
        lang.pick("Geobasisdaten:", "Boundaries:"),
        crate::boundaries::ATTRIBUTION
    );
    s.push_str(&format!(
        " · {} {crs}",
        lang.pick("Projektion", "Projection")
    ));
    if let Some(note) = note.filter(|n| !n.trim().is_empty()) {
        s.push_str(" · ");
        s.push_str(note.trim());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::Item;

    #[test]
    fn scale_bar_length_is_round_and_fits() {
        let m = TextMetrics::embedded();
        // 1 : 1 000 000 → 1 mm = 1 km; at most 25 mm gives 20 km
        let bar = scale_bar(Point::new(10.0, 10.0), 25.0, 0.001, 6.0, Lang::De, m);
        let texts: Vec<&str> = bar
            .group
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.content.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["0", "10", "20 km"]);
        let rects: f64 = bar
            .group
            .items
            .iter()
            .filter_map(|i| {
                if let Item::Rect(r) = i {
                    Some(r.width_mm)
                } else {
                    None
                }
            })
            .sum();
        assert!((rects - 20.0).abs() < 1e-9);
        assert!(bar.bounds.x0 <= 10.0 && bar.bounds.x1 >= 30.0);
    }

    #[test]
    fn decimal_comma_in_german() {
        assert_eq!(format_km(2_500.0, Lang::De), "2,5");
        assert_eq!(format_km(2_500.0, Lang::En), "2.5");
        assert_eq!(format_km(10_000.0, Lang::De), "10");
    }

    #[test]
    fn north_arrow_rotates() {
        let m = TextMetrics::embedded();
        let up = north_arrow(Point::new(0.0, 0.0), 6.0, 0.0, 6.0, m);
        let tilted = north_arrow(Point::new(0.0, 0.0), 6.0, 10.0, 6.0, m);
        let tip = |f: &Furniture| match &f.group.items[0] {
            Item::Path(p) => match p.data.segments[0] {
                crate::render::scene::Segment::MoveTo(p) => p,
                _ => unreachable!(),
            },
            _ => unreachable!(),
        };
        assert!(tip(&up).x.abs() < 1e-12);
        // counter-clockwise on the page: the tip moves left
        assert!(tip(&tilted).x < -0.4, "{:?}", tip(&tilted));
    }

    #[test]
    fn wrapping_respects_width() {
        let m = TextMetrics::embedded();
        let lines = wrap_text(
            "Netzwerke der Projekte P1, P2 und P3 im Ruhrgebiet",
            30.0,
            8.0,
            FontWeight::Bold,
            m,
        );
        assert!(lines.len() >= 2);
        for l in &lines {
            assert!(m.advance_mm(l, 8.0, FontWeight::Bold) <= 30.0 || !l.contains(' '));
        }
        assert_eq!(
            lines.join(" "),
            "Netzwerke der Projekte P1, P2 und P3 im Ruhrgebiet"
        );
    }
}
