//! Greyscale print: every colour of a scene turned into the grey of its
//! lightness, and sub-regions whose greys a reader could not tell apart
//! hatched, on the map and in the legend alike.

use crate::boundaries::{SubregionScheme, drawn_lightness, relative_luminance};
use crate::render::scene::{Color, Hatch, Item, PathData, Scene, Stroke, Style};
use crate::render::symbology::{HATCH_INK, HATCH_SPACING, HATCH_WIDTH, HATCHINGS};

/// Greys closer in lightness (L*) than this count as the same in print.
const SAME_GREY: f64 = 6.0;

/// The grey of the same lightness as `color` (alpha kept).
///
/// ```
/// use ruhrmap::render::{Color, grey};
/// let g = grey(Color::rgb(0x00, 0x72, 0xb2));
/// assert!(g.r == g.g && g.g == g.b);
/// assert_eq!(grey(Color::WHITE), Color::WHITE);
/// assert_eq!(grey(Color::BLACK.with_alpha(0.5)).a, 128);
/// ```
pub fn grey(color: Color) -> Color {
    let y = relative_luminance([color.r, color.g, color.b]);
    let encoded = if y <= 0.003_130_8 {
        12.92 * y
    } else {
        1.055 * y.powf(1.0 / 2.4) - 0.055
    };
    let v = (encoded * 255.0).round().clamp(0.0, 255.0) as u8;
    Color {
        r: v,
        g: v,
        b: v,
        a: color.a,
    }
}

/// The hatching of each class of `scheme` (an index into [`HATCHINGS`]
/// plus one; 0 for none): a class gets the first hatching that no earlier
/// class of nearly the same grey has.
fn hatchings(scheme: &SubregionScheme) -> Vec<usize> {
    let greys: Vec<f64> = scheme
        .classes()
        .iter()
        .map(|c| drawn_lightness(&c.fill).unwrap_or(100.0))
        .collect();
    let mut kinds: Vec<usize> = Vec::with_capacity(greys.len());
    for (k, l) in greys.iter().enumerate() {
        let taken: Vec<usize> = (0..k)
            .filter(|&j| (greys[j] - l).abs() < SAME_GREY)
            .map(|j| kinds[j])
            .collect();
        let free = (0..=HATCHINGS.len()).find(|h| !taken.contains(h));
        // more classes of one grey than hatchings: repeat them
        kinds.push(free.unwrap_or(1 + k % HATCHINGS.len()));
    }
    kinds
}

/// Turns `scene` into greys: every fill, stroke, text and halo colour,
/// the background and the colours of embedded charts; the base map's
/// sub-region areas (items with ids ending `-class-N`, N a class of
/// `subregions`, as the base map and the legend name them) get the
/// hatching of their class on top.
pub fn print_in_greyscale(scene: &mut Scene, subregions: &SubregionScheme) {
    let kinds = hatchings(subregions);
    scene.background = scene.background.map(grey);
    for layer in &mut scene.layers {
        grey_items(&mut layer.items, &kinds);
    }
}

fn grey_items(items: &mut Vec<Item>, kinds: &[usize]) {
    let mut out = Vec::with_capacity(items.len());
    for mut item in items.drain(..) {
        let hatch = class_hatch(&item, kinds);
        grey_item(&mut item, kinds);
        out.push(item);
        out.extend(hatch);
    }
    *items = out;
}

fn grey_style(style: &mut Style) {
    style.fill = style.fill.map(grey);
    if let Some(stroke) = &mut style.stroke {
        stroke.color = grey(stroke.color);
    }
}

fn grey_item(item: &mut Item, kinds: &[usize]) {
    match item {
        Item::Path(p) => grey_style(&mut p.style),
        Item::Circle(c) => grey_style(&mut c.style),
        Item::Rect(r) => grey_style(&mut r.style),
        Item::Wedge(w) => grey_style(&mut w.style),
        Item::Text(t) => {
            t.fill = grey(t.fill);
            if let Some(halo) = &mut t.halo {
                halo.color = grey(halo.color);
            }
        }
        Item::Group(g) => grey_items(&mut g.items, kinds),
        Item::Embedded(e) => e.markup = grey_markup(&e.markup),
        Item::Hatch(h) => h.stroke.color = grey(h.stroke.color),
    }
}

/// `markup` with every `#rrggbb` colour replaced by its grey.
fn grey_markup(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let candidate = rest.get(at..at + 7).unwrap_or("");
        let is_colour = candidate.len() == 7
            && candidate[1..].bytes().all(|b| b.is_ascii_hexdigit())
            && !rest[at + 7..].starts_with(|c: char| c.is_ascii_alphanumeric());
        match Color::from_hex(candidate).ok().filter(|_| is_colour) {
            Some(c) => {
                out.push_str(&grey(c).to_hex());
                rest = &rest[at + 7..];
            }
            None => {
                out.push('#');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The hatching over a sub-region area, if its class has one.
fn class_hatch(item: &Item, kinds: &[usize]) -> Option<Item> {
    let (id, data) = match item {
        Item::Path(p) => (p.id.as_deref()?, p.data.clone()),
        Item::Rect(r) => (
            r.id.as_deref()?,
            PathData::rect(r.origin.x, r.origin.y, r.width_mm, r.height_mm),
        ),
        _ => return None,
    };
    let (_, class) = id.rsplit_once("-class-")?;
    let kind = *kinds.get(class.parse::<usize>().ok()?)?;
    let (angle_deg, cross) = *HATCHINGS.get(kind.checked_sub(1)?)?;
    Some(Item::Hatch(Hatch {
        id: format!("{id}-hatch"),
        data,
        angle_deg,
        cross,
        spacing_mm: HATCH_SPACING,
        stroke: Stroke::solid(grey(HATCH_INK), HATCH_WIDTH),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::{Boundaries, Region};

    #[test]
    fn greys_keep_lightness_order_and_markup_colours_turn_grey() {
        let dark = grey(Color::rgb(0x00, 0x44, 0x88));
        let light = grey(Color::rgb(0xee, 0xdd, 0x88));
        assert!(dark.r < light.r);
        let markup = r##"<rect fill="#E69F00"/><use href="#a1b2c3d"/><text>#12</text>"##;
        let g = grey_markup(markup);
        let orange = grey(Color::rgb(0xe6, 0x9f, 0x00)).to_hex();
        assert_eq!(
            g,
            format!(r##"<rect fill="{orange}"/><use href="#a1b2c3d"/><text>#12</text>"##)
        );
    }

    #[test]
    fn classes_of_one_grey_get_different_hatchings() {
        let b = Boundaries::embedded();
        let all: Vec<String> = (1..=16).map(|n| format!("{n:02}")).collect();
        let germany = Region::from_selectors("Deutschland", &all, b).unwrap();
        let laender = SubregionScheme::preset("laender", &germany, b).unwrap();
        let kinds = hatchings(&laender);
        let classes = laender.classes();
        assert_eq!(kinds.len(), 16);
        for i in 0..16 {
            for j in i + 1..16 {
                let (li, lj) = (
                    drawn_lightness(&classes[i].fill).unwrap(),
                    drawn_lightness(&classes[j].fill).unwrap(),
                );
                if (li - lj).abs() < SAME_GREY {
                    assert_ne!(
                        kinds[i], kinds[j],
                        "{} and {}",
                        classes[i].id, classes[j].id
                    );
                }
            }
        }
        assert!(
            kinds.contains(&0) && kinds.iter().any(|&k| k > 0),
            "{kinds:?}"
        );
    }
}
