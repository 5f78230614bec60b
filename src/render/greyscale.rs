//! Greyscale print: every colour of a scene turned into the grey of its
//! lightness, and sub-regions whose greys a reader could not tell apart
//! hatched, on the map and in the legend alike.

use crate::boundaries::{SubregionScheme, drawn_lightness, relative_luminance};
use crate::render::scene::{Color, Hatch, Item, PathData, Scene, Stroke, Style};
use crate::render::symbology::{
    CONTEXT_FILL, CONTEXT_HATCH_INK, CONTEXT_HATCH_SPACING, CONTEXT_HATCHING, HATCH_INK,
    HATCH_SPACING, HATCH_WIDTH, HATCHINGS,
};

/// Greys closer in lightness (L*) than this count as the same in print.
const SAME_GREY: f64 = 6.0;
/// The L* step the grey of the context (what lies beyond the region)
/// keeps from the grey of every sub-region, so that a reader never takes
/// the one for the other.
const CONTEXT_STEP: f64 = 8.0;
/// The lightest and darkest grey (L*) the context may take: light enough
/// to stay behind the map's subject.
const CONTEXT_LIGHTNESS: [f64; 2] = [72.0, 94.0];
/// Steps (L*) between the context greys tried.
const CONTEXT_LIGHTNESS_STEP: f64 = 0.5;

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
    grey_of_luminance(relative_luminance([color.r, color.g, color.b]), color.a)
}

/// The grey of relative luminance `y` (0–1), with alpha `a`.
fn grey_of_luminance(y: f64, a: u8) -> Color {
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
        a,
    }
}

/// How the context is printed: its grey, and whether it is hatched too.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ContextPrint {
    grey: Color,
    hatched: bool,
}

/// The context's print for sub-regions of L* `class_greys`: the lightest
/// grey within [`CONTEXT_LIGHTNESS`] at least [`CONTEXT_STEP`] from every
/// one of them; where none is, the grey farthest from them (the lightest
/// of equals), under a grid that no sub-region's hatching is.
fn context_print(class_greys: &[f64]) -> ContextPrint {
    let [darkest, lightest] = CONTEXT_LIGHTNESS;
    let steps = ((lightest - darkest) / CONTEXT_LIGHTNESS_STEP).round() as usize;
    let levels = (0..=steps).map(|k| lightest - k as f64 * CONTEXT_LIGHTNESS_STEP);
    let step = |l: f64| {
        class_greys
            .iter()
            .map(|g| (g - l).abs())
            .fold(f64::INFINITY, f64::min)
    };
    // the lightest level wins a tie: it comes first, and only a larger step replaces it
    let (level, reached) = levels.fold((lightest, f64::NEG_INFINITY), |best, l| {
        let s = step(l);
        match () {
            _ if best.1 >= CONTEXT_STEP => best,
            _ if s >= CONTEXT_STEP || s > best.1 => (l, s),
            _ => best,
        }
    });
    // L* back to relative luminance (CIELAB, D65)
    let f = (level + 16.0) / 116.0;
    ContextPrint {
        grey: grey_of_luminance(f * f * f, 255),
        hatched: reached < CONTEXT_STEP,
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
    let class_greys: Vec<f64> = subregions
        .classes()
        .iter()
        .filter_map(|c| drawn_lightness(&c.fill))
        .collect();
    let print = PrintPlan {
        kinds: hatchings(subregions),
        context: context_print(&class_greys),
    };
    scene.background = scene.background.map(grey);
    for layer in &mut scene.layers {
        grey_items(&mut layer.items, &print);
    }
}

/// What greyscale print does beyond turning colours grey: the hatching of
/// each sub-region class, the context's grey and hatching.
struct PrintPlan {
    kinds: Vec<usize>,
    context: ContextPrint,
}

fn grey_items(items: &mut Vec<Item>, print: &PrintPlan) {
    let mut out = Vec::with_capacity(items.len());
    for mut item in items.drain(..) {
        let hatch = class_hatch(&item, &print.kinds).or_else(|| context_hatch(&item, print));
        grey_item(&mut item, print);
        out.push(item);
        out.extend(hatch);
    }
    *items = out;
}

fn grey_style(style: &mut Style, print: &PrintPlan) {
    style.fill = style.fill.map(|f| {
        if f == CONTEXT_FILL {
            print.context.grey
        } else {
            grey(f)
        }
    });
    if let Some(stroke) = &mut style.stroke {
        stroke.color = grey(stroke.color);
    }
}

fn grey_item(item: &mut Item, print: &PrintPlan) {
    match item {
        Item::Path(p) => grey_style(&mut p.style, print),
        Item::Circle(c) => grey_style(&mut c.style, print),
        Item::Rect(r) => grey_style(&mut r.style, print),
        Item::Wedge(w) => grey_style(&mut w.style, print),
        Item::Text(t) => {
            t.fill = grey(t.fill);
            if let Some(halo) = &mut t.halo {
                halo.color = grey(halo.color);
            }
        }
        Item::Group(g) => grey_items(&mut g.items, print),
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

/// The hatching over an area of the context (on the map and in the legend:
/// whatever is filled in [`CONTEXT_FILL`]) when its grey alone is too
/// close to a sub-region's.
fn context_hatch(item: &Item, print: &PrintPlan) -> Option<Item> {
    if !print.context.hatched {
        return None;
    }
    let (id, data) = match item {
        Item::Path(p) if p.style.fill == Some(CONTEXT_FILL) => (p.id.clone(), p.data.clone()),
        Item::Rect(r) if r.style.fill == Some(CONTEXT_FILL) => (
            r.id.clone(),
            PathData::rect(r.origin.x, r.origin.y, r.width_mm, r.height_mm),
        ),
        _ => return None,
    };
    Some(Item::Hatch(Hatch {
        id: format!("{}-hatch", id.unwrap_or_else(|| "context".to_string())),
        data,
        angle_deg: CONTEXT_HATCHING.0,
        cross: CONTEXT_HATCHING.1,
        spacing_mm: CONTEXT_HATCH_SPACING,
        stroke: Stroke::solid(grey(CONTEXT_HATCH_INK), HATCH_WIDTH),
    }))
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

    #[test]
    fn the_context_keeps_clear_of_every_subregion_grey() {
        let b = Boundaries::embedded();
        let all: Vec<String> = (1..=16).map(|n| format!("{n:02}")).collect();
        let germany = Region::from_selectors("Deutschland", &all, b).unwrap();
        let ruhr = Region::ruhr(b);
        let schemes = [
            SubregionScheme::preset("zonen", &ruhr, b).unwrap(),
            SubregionScheme::preset("nord-sued", &ruhr, b).unwrap(),
            SubregionScheme::preset("laender", &germany, b).unwrap(),
        ];
        let l_star = |c: Color| crate::boundaries::lightness([c.r, c.g, c.b]);
        for scheme in &schemes {
            let greys: Vec<f64> = scheme
                .classes()
                .iter()
                .map(|c| drawn_lightness(&c.fill).unwrap())
                .collect();
            let print = context_print(&greys);
            let l = l_star(print.grey);
            assert!((CONTEXT_LIGHTNESS[0] - 0.5..=CONTEXT_LIGHTNESS[1] + 0.5).contains(&l));
            let step = greys
                .iter()
                .map(|g| (g - l).abs())
                .fold(f64::INFINITY, f64::min);
            if !print.hatched {
                // the grey alone tells the context apart (0.5: the grey is rounded to a byte)
                assert!(step >= CONTEXT_STEP - 0.5, "{greys:?}: {l} is {step} away");
            } else {
                // no grey keeps the step: the grid does, which no class has
                assert!(!HATCHINGS.contains(&CONTEXT_HATCHING), "{greys:?}");
                // and the grey is still the farthest there is
                assert!(step >= 4.0, "{greys:?}: {l} is {step} away");
            }
        }
        // the Ruhr's zones leave no 8-step gap between L* 72 and 94: hatched;
        // Emscherzone (87.5) and the old context grey (#e4e4e4, 90.6) were 3 apart
        let zonen = [78.9, 70.6, 78.9, 87.5, 96.3, 70.5];
        let print = context_print(&zonen);
        assert!(print.hatched);
        assert!((l_star(print.grey) - 87.5).abs() > 4.0, "{:?}", print.grey);
        // with one pale class the context takes a grey a clear step darker, unhatched
        let print = context_print(&[96.0]);
        assert!(!print.hatched);
        assert!((l_star(print.grey) - 88.0).abs() < 0.6, "{:?}", print.grey);
    }
}
