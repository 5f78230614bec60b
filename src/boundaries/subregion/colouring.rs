//! Fills for sub-region classes such that neighbours differ: the classes'
//! adjacency graph from the shared arcs of the boundary topology, coloured
//! greedily (DSATUR) from a palette of light tints whose lightness steps
//! keep neighbours apart in colour, in grey and for every colour-vision
//! deficiency.
//!
//! Lightness is measured *as drawn*: figures lay a fill over white at
//! [`SUBREGION_FILL_OPACITY`], which compresses lightness differences, so
//! every comparison here is made on that tint.

use crate::boundaries::topology::Topology;
use std::collections::BTreeSet;

/// The opacity at which figures and GIS styles lay sub-region fills over
/// white: light tints under the network.
pub const SUBREGION_FILL_OPACITY: f64 = 0.55;

/// The least CIELAB lightness difference (L*, as drawn) between the fills
/// of two neighbouring classes that the colouring aims at.
pub const MIN_NEIGHBOUR_LIGHTNESS_STEP: f64 = 8.0;

/// One channel of `value` laid over white at `opacity` (0–255, rounded).
///
/// ```
/// assert_eq!(ruhrmap::boundaries::tint_channel(0, 0.5), 128);
/// assert_eq!(ruhrmap::boundaries::tint_channel(10, 1.0), 10);
/// ```
pub fn tint_channel(value: u8, opacity: f64) -> u8 {
    let o = opacity.clamp(0.0, 1.0);
    (f64::from(value) * o + 255.0 * (1.0 - o)).round() as u8
}

/// An sRGB channel (0–255) as linear light (0–1).
fn linear(v: u8) -> f64 {
    let v = f64::from(v) / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// Relative luminance Y (0–1) of an opaque sRGB colour: the linear light
/// that lightness and grey levels are computed from.
///
/// ```
/// use ruhrmap::boundaries::relative_luminance;
/// assert_eq!(relative_luminance([255, 255, 255]), 1.0);
/// assert!(relative_luminance([0, 255, 0]) > relative_luminance([255, 0, 0]));
/// ```
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// CIELAB lightness L* (D65) of an opaque sRGB colour, 0 (black) – 100 (white).
///
/// ```
/// use ruhrmap::boundaries::lightness;
/// assert!(lightness([255, 255, 255]) > 99.9);
/// assert!((lightness([119, 119, 119]) - 50.0).abs() < 0.5);
/// ```
pub fn lightness(rgb: [u8; 3]) -> f64 {
    let y = relative_luminance(rgb);
    if y > 216.0 / 24389.0 {
        116.0 * y.cbrt() - 16.0
    } else {
        y * 24389.0 / 27.0
    }
}

/// CIELAB L*, a*, b* (D65) of an opaque sRGB colour.
///
/// ```
/// use ruhrmap::boundaries::lab;
/// let [l, a, b] = lab([0, 114, 178]); // Okabe–Ito blue
/// assert!((l - 46.0).abs() < 2.0 && a < 5.0 && b < -35.0);
/// ```
pub fn lab(rgb: [u8; 3]) -> [f64; 3] {
    let [r, g, b] = rgb.map(linear);
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
    let y = relative_luminance(rgb);
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    [lightness(rgb), 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
}

/// CIELAB of a `#rrggbb` sub-region fill as figures draw it (a tint at
/// [`SUBREGION_FILL_OPACITY`] over white); `None` for text that is no such
/// colour.
pub fn drawn_lab(fill: &str) -> Option<[f64; 3]> {
    Some(lab(
        rgb_of(fill)?.map(|c| tint_channel(c, SUBREGION_FILL_OPACITY))
    ))
}

/// The red, green and blue of a `#rrggbb` fill.
fn rgb_of(hex: &str) -> Option<[u8; 3]> {
    let digits = hex.strip_prefix('#').filter(|d| d.len() == 6)?;
    let byte = |i: usize| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// L* of a `#rrggbb` sub-region fill as figures draw it (a tint at
/// [`SUBREGION_FILL_OPACITY`] over white); `None` for text that is no such
/// colour.
///
/// ```
/// use ruhrmap::boundaries::drawn_lightness;
/// assert!(drawn_lightness("#000000").unwrap() > 45.0); // a tint, not black
/// assert!(drawn_lightness("#ffffff").unwrap() > 99.9);
/// assert!(drawn_lightness("blau").is_none());
/// ```
pub fn drawn_lightness(fill: &str) -> Option<f64> {
    let rgb = rgb_of(fill)?;
    Some(lightness(
        rgb.map(|c| tint_channel(c, SUBREGION_FILL_OPACITY)),
    ))
}

/// The pairs of classes `(a, b)`, `a < b`, whose members share a border:
/// an arc of `topology` separates a municipality of class `a` from one of
/// class `b`. `class_of[g]` is the class of the topology's geometry `g`
/// (a municipality index), `None` outside the scheme. Sorted.
pub(crate) fn class_neighbours(
    topology: &Topology,
    class_of: &[Option<usize>],
) -> Vec<(usize, usize)> {
    let mut pairs = BTreeSet::new();
    for [first, second] in topology.arc_users() {
        let class = |g: Option<usize>| g.and_then(|g| class_of.get(g).copied().flatten());
        if let (Some(a), Some(b)) = (class(first), class(second))
            && a != b
        {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    pairs.into_iter().collect()
}

/// A fill of the palette or a declared one, with its lightness as drawn.
#[derive(Debug, Clone)]
struct Paint {
    fill: String,
    lightness: f64,
}

/// Chooses fills for the classes whose entry in `fills` is `None` from
/// `palette` (`#rrggbb`, lightest first), keeping the declared ones, so
/// that no two neighbouring classes (`neighbours`, as from
/// [`class_neighbours`]) share a fill and their drawn lightness differs by
/// at least [`MIN_NEIGHBOUR_LIGHTNESS_STEP`].
///
/// DSATUR: the next class is the one whose neighbours already show the
/// most different fills, then the one with most neighbours, then the first
/// in class order. It gets the lightest palette level that keeps the step
/// to every coloured neighbour and, among the fills of that level, the one
/// used least so far. When no fill keeps the step (declared fills can
/// leave none), it gets the fill farthest in lightness from its
/// neighbours that none of them has, if any. Deterministic: the same input
/// gives the same fills.
pub(crate) fn choose_fills(
    fills: &[Option<String>],
    neighbours: &[(usize, usize)],
    palette: &[String],
) -> Vec<String> {
    let n = fills.len();
    let mut adjacent: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for &(a, b) in neighbours {
        if a < n && b < n {
            adjacent[a].insert(b);
            adjacent[b].insert(a);
        }
    }
    let palette: Vec<Paint> = palette
        .iter()
        .filter_map(|f| {
            drawn_lightness(f).map(|lightness| Paint {
                fill: f.clone(),
                lightness,
            })
        })
        .collect();
    let mut chosen: Vec<Option<Paint>> = fills
        .iter()
        .map(|f| {
            f.as_ref().map(|fill| Paint {
                lightness: drawn_lightness(fill).unwrap_or(100.0),
                fill: fill.clone(),
            })
        })
        .collect();
    let mut uses = vec![0usize; palette.len()];
    while let Some(class) = next_class(&chosen, &adjacent) {
        let around: Vec<&Paint> = adjacent[class]
            .iter()
            .filter_map(|&j| chosen[j].as_ref())
            .collect();
        let pick = pick_paint(&palette, &around, &uses);
        let paint = match pick {
            Some(i) => {
                uses[i] += 1;
                palette[i].clone()
            }
            // an empty palette: nothing to choose from
            None => Paint {
                fill: "#ffffff".to_string(),
                lightness: 100.0,
            },
        };
        chosen[class] = Some(paint);
    }
    chosen
        .into_iter()
        .map(|p| p.map(|p| p.fill).unwrap_or_default())
        .collect()
}

/// The uncoloured class with the most distinct fills among its neighbours,
/// then the most neighbours, then the lowest index.
fn next_class(chosen: &[Option<Paint>], adjacent: &[BTreeSet<usize>]) -> Option<usize> {
    (0..chosen.len())
        .filter(|&i| chosen[i].is_none())
        .max_by_key(|&i| {
            let saturation: BTreeSet<&str> = adjacent[i]
                .iter()
                .filter_map(|&j| chosen[j].as_ref().map(|p| p.fill.as_str()))
                .collect();
            (saturation.len(), adjacent[i].len(), std::cmp::Reverse(i))
        })
}

/// The palette entry for a class whose coloured neighbours are `around`.
fn pick_paint(palette: &[Paint], around: &[&Paint], uses: &[usize]) -> Option<usize> {
    let distinct = |p: &Paint| around.iter().all(|a| !a.fill.eq_ignore_ascii_case(&p.fill));
    let gap = |p: &Paint| {
        around
            .iter()
            .map(|a| (a.lightness - p.lightness).abs())
            .fold(f64::INFINITY, f64::min)
    };
    let allowed: Vec<usize> = (0..palette.len())
        .filter(|&i| distinct(&palette[i]) && gap(&palette[i]) >= MIN_NEIGHBOUR_LIGHTNESS_STEP)
        .collect();
    if let Some(&first) = allowed.first() {
        // the lightest allowed level; within it the fill used least
        let level = palette[first].lightness;
        return allowed
            .into_iter()
            .filter(|&i| (palette[i].lightness - level).abs() < MIN_NEIGHBOUR_LIGHTNESS_STEP / 2.0)
            .min_by_key(|&i| (uses[i], i));
    }
    (0..palette.len()).max_by(|&i, &j| {
        let key = |k: usize| (distinct(&palette[k]), gap(&palette[k]));
        let (ki, kj) = (key(i), key(j));
        ki.0.cmp(&kj.0)
            .then(ki.1.total_cmp(&kj.1))
            // the earlier entry wins a tie
            .then(j.cmp(&i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn palette() -> Vec<String> {
        ["#fae2bb", "#edae9d", "#5da37d", "#2078a4", "#3c4081"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn a_triangle_and_a_pendant_get_distinct_light_steps() {
        // 0-1-2 a triangle, 3 hangs on 2
        let neighbours = [(0, 1), (0, 2), (1, 2), (2, 3)];
        let fills = choose_fills(&[None, None, None, None], &neighbours, &palette());
        for &(a, b) in &neighbours {
            assert_ne!(fills[a], fills[b]);
            let step =
                (drawn_lightness(&fills[a]).unwrap() - drawn_lightness(&fills[b]).unwrap()).abs();
            assert!(step >= MIN_NEIGHBOUR_LIGHTNESS_STEP, "{fills:?}");
        }
        // the class with most neighbours comes first and takes the lightest
        // fill; the pendant the lightest its one neighbour then allows
        assert_eq!(fills[2], palette()[0]);
        assert_eq!(fills[3], palette()[1]);
    }

    #[test]
    fn declared_fills_stay_and_constrain_their_neighbours() {
        let neighbours = [(0, 1)];
        let fills = choose_fills(&[Some("#fae2bb".into()), None], &neighbours, &palette());
        assert_eq!(fills[0], "#fae2bb");
        assert_ne!(fills[1], "#fae2bb");
    }

    #[test]
    fn the_colouring_is_deterministic_and_ignores_pairs_out_of_range() {
        let neighbours = [(0, 1), (1, 2), (2, 0), (0, 9)];
        let a = choose_fills(&[None, None, None], &neighbours, &palette());
        let b = choose_fills(&[None, None, None], &neighbours, &palette());
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
    }

    #[test]
    fn with_too_few_levels_neighbours_still_differ_in_fill() {
        // K4 with two palette fills of nearly the same lightness
        let neighbours = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)];
        let palette = ["#fae2bb", "#c6ebfa", "#edae9d", "#99c7a3"].map(String::from);
        let fills = choose_fills(&[None, None, None, None], &neighbours, &palette);
        let distinct: BTreeSet<&String> = fills.iter().collect();
        assert_eq!(distinct.len(), 4, "{fills:?}");
    }
}
