//! The symbols and colours of the figures, in one place so that maps and
//! legends always agree.
//!
//! Roles are told apart by shape, size, fill and lightness at once, so they
//! stay distinct for every colour-vision deficiency and in greyscale print:
//! the coordination is a near-black square, core partners are mid-blue
//! discs, looser partners smaller light-orange discs with a dark rim. Links
//! to core partners are solid and darker, links to looser partners dashed and
//! lighter. Colours come from the Okabe–Ito and Paul Tol palettes.

use crate::network::{Change, Role};
use crate::render::scene::{
    Bounds, Circle, Color, Item, Path, PathData, Point, Stroke, Style, Wedge,
};

/// Near-black ink for the coordination and strong lines.
pub const INK: Color = Color::rgb(0x1a, 0x1a, 0x1a);
/// Okabe–Ito blue: core partners and their links.
pub const CORE_BLUE: Color = Color::rgb(0x00, 0x72, 0xb2);
/// Okabe–Ito orange: looser partners.
pub const LOOSE_ORANGE: Color = Color::rgb(0xe6, 0x9f, 0x00);
/// Dark rim of looser partners and colour of their links (a darker orange
/// keeps the dashes visible on pale fills).
pub const LOOSE_RIM: Color = Color::rgb(0x8a, 0x5a, 0x00);
/// Grey of municipalities outside the region.
pub const CONTEXT_FILL: Color = Color::rgb(0xe4, 0xe4, 0xe4);
/// Borders between municipalities outside the region.
pub const CONTEXT_BORDER: Color = Color::rgb(0xff, 0xff, 0xff);
/// Borders between municipalities inside the region.
pub const MUNICIPALITY_BORDER: Color = Color::rgb(0xff, 0xff, 0xff);
/// Kreis borders.
pub const KREIS_BORDER: Color = Color::rgb(0x6e, 0x6e, 0x6e);
/// The region's outline.
pub const REGION_OUTLINE: Color = Color::rgb(0x2b, 0x2b, 0x2b);
/// Fill of region municipalities that no sub-region class covers.
pub const UNCLASSED_FILL: Color = Color::rgb(0xf4, 0xf4, 0xf0);

/// The grey frame around a map or panel.
pub const FRAME_GREY: Color = Color::rgb(0x99, 0x99, 0x99);
/// The dashed frame of the box of partners or seats without location.
pub const UNKNOWN_DASH: Color = Color::rgb(0x77, 0x77, 0x77);
/// Opacity of the white fill of the unknown-location box over the map.
pub const UNKNOWN_BOX_OPACITY: f64 = 0.92;
/// Bar of partners outside the region in charts.
pub const OUTSIDE_BAR: Color = Color::rgb(0xa6, 0xa6, 0xa6);
/// Bar of partners without location in charts.
pub const UNKNOWN_BAR: Color = Color::rgb(0xd9, 0xd9, 0xd9);
/// Opacity of the sub-region fills: light tints under the network (the
/// colouring of the sub-regions measures lightness as drawn at it).
pub(crate) const FILL_OPACITY: f64 = crate::boundaries::SUBREGION_FILL_OPACITY;
/// Lines of the hatching that tells sub-regions apart in greyscale print.
pub const HATCH_INK: Color = Color::rgb(0x66, 0x66, 0x66);
/// Width of the hatching lines (mm).
pub const HATCH_WIDTH: f64 = 0.12;
/// Distance between neighbouring hatching lines (mm).
pub const HATCH_SPACING: f64 = 1.1;
/// The hatchings in the order sub-regions get them: (angle in degrees,
/// crossed). A class whose grey no earlier class shares gets none.
pub const HATCHINGS: [(f64, bool); 5] = [
    (45.0, false),
    (-45.0, false),
    (0.0, false),
    (90.0, false),
    (45.0, true),
];
/// The hatching over the context in greyscale print where its grey alone
/// is too close to a sub-region's: (angle in degrees, crossed), a square
/// grid that none of [`HATCHINGS`] is.
pub const CONTEXT_HATCHING: (f64, bool) = (0.0, true);
/// Distance between the lines of the context's grid (mm): wider than a
/// sub-region's hatching, so the context stays quiet.
pub const CONTEXT_HATCH_SPACING: f64 = 2.0;
/// Lines of the context's grid: lighter than a sub-region's hatching.
pub const CONTEXT_HATCH_INK: Color = Color::rgb(0x99, 0x99, 0x99);
/// Opacity of the sub-region fills in charts (stronger than on the map).
pub const CHART_FILL_OPACITY: f64 = 0.85;

/// Colours of the Handlungsfelder HF1–HF5 (Paul Tol's medium-contrast and
/// bright schemes), ordered dark to light so that neighbouring pie slices
/// differ in lightness too (CIELAB L* about 29, 50, 61, 73, 88).
pub const FIELD_COLORS: [Color; 5] = [
    Color::rgb(0x00, 0x44, 0x88),
    Color::rgb(0xbb, 0x55, 0x66),
    Color::rgb(0x66, 0x99, 0xcc),
    Color::rgb(0xdd, 0xaa, 0x33),
    Color::rgb(0xee, 0xdd, 0x88),
];

/// The colour of Handlungsfeld `field` (`HF1`–`HF5`); fields beyond five
/// reuse the palette, unknown ones are grey.
///
/// ```
/// use ruhrmap::render::field_color;
/// assert_ne!(field_color("HF1"), field_color("HF2"));
/// assert_eq!(field_color("xyz"), ruhrmap::render::Color::rgb(0x99, 0x99, 0x99));
/// ```
pub fn field_color(field: &str) -> Color {
    field
        .strip_prefix("HF")
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n >= 1)
        .map_or(Color::rgb(0x99, 0x99, 0x99), |n| {
            FIELD_COLORS[(n - 1) % FIELD_COLORS.len()]
        })
}

/// The colour of the category at `index` of its list: the declared
/// `#rrggbb`, else the palette of the Handlungsfelder by position (which
/// repeats after five).
///
/// ```
/// use ruhrmap::render::{Color, FIELD_COLORS, category_color};
/// assert_eq!(category_color(Some("#ff0000"), 3), Color::rgb(0xff, 0, 0));
/// assert_eq!(category_color(None, 1), FIELD_COLORS[1]);
/// assert_eq!(category_color(None, 6), FIELD_COLORS[1]);
/// ```
pub fn category_color(declared: Option<&str>, index: usize) -> Color {
    declared
        .and_then(|hex| Color::from_hex(hex).ok())
        .unwrap_or(FIELD_COLORS[index % FIELD_COLORS.len()])
}

/// Size and look of one role's marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleSymbol {
    /// Half the width of the marker (mm): the radius of a disc, half the side of a square.
    pub radius: f64,
    /// Square (true) or disc.
    pub square: bool,
    /// Fill.
    pub fill: Color,
    /// Outline colour.
    pub rim: Color,
    /// Outline width (mm).
    pub rim_width: f64,
}

/// The marker of `role`.
pub fn role_symbol(role: Role) -> RoleSymbol {
    match role {
        Role::Coordinator => RoleSymbol {
            radius: 1.15,
            square: true,
            fill: INK,
            rim: Color::WHITE,
            rim_width: 0.3,
        },
        Role::Core => RoleSymbol {
            radius: 0.85,
            square: false,
            fill: CORE_BLUE,
            rim: Color::WHITE,
            rim_width: 0.25,
        },
        Role::Loose => RoleSymbol {
            radius: 0.7,
            square: false,
            fill: LOOSE_ORANGE,
            rim: LOOSE_RIM,
            rim_width: 0.2,
        },
    }
}

impl RoleSymbol {
    /// The marker's outer half-width including its outline (mm).
    pub fn outer_radius(&self) -> f64 {
        self.radius + self.rim_width / 2.0
    }

    /// The page box the marker covers at `center`.
    pub fn bounds(&self, center: Point) -> Bounds {
        let r = self.outer_radius();
        Bounds {
            x0: center.x - r,
            y0: center.y - r,
            x1: center.x + r,
            y1: center.y + r,
        }
    }

    /// The marker at `center` as a scene item with `id`.
    pub fn item(&self, center: Point, id: Option<String>) -> Item {
        let style = Style::fill_and_stroke(self.fill, Stroke::solid(self.rim, self.rim_width));
        if self.square {
            let r = self.radius;
            Item::Path(Path {
                id,
                data: PathData::rect(center.x - r, center.y - r, 2.0 * r, 2.0 * r),
                style,
            })
        } else {
            Item::Circle(Circle {
                id,
                center,
                radius_mm: self.radius,
                style,
            })
        }
    }
}

/// The stroke of a link to a partner of `role` (coordinator links do not exist).
pub fn link_stroke(role: Role) -> Stroke {
    match role {
        Role::Loose => {
            Stroke::dashed(LOOSE_RIM.with_alpha(LINK_OPACITY), 0.25, &[0.9, 0.6]).round_caps()
        }
        _ => Stroke::solid(CORE_BLUE.with_alpha(LINK_OPACITY), 0.4).round_caps(),
    }
}

/// Opacity of links: slightly see-through so that crossings stay readable.
pub const LINK_OPACITY: f64 = 0.85;

/// Flow lines of summed-up network panels: a muted blue-grey, see-through
/// where they overlap.
pub const FLOW_COLOR: Color = Color::rgb(0x4a, 0x6f, 0x8f);
/// Opacity of flow lines.
pub const FLOW_OPACITY: f64 = 0.6;
/// Legend of place symbols: the neutral fill of the size scale.
pub const PLACE_LEGEND_FILL: Color = Color::rgb(0xd9, 0xd9, 0xd9);

/// A flow line of `width_mm` (summed-up network panels).
pub fn flow_stroke(width_mm: f64) -> Stroke {
    Stroke::solid(FLOW_COLOR.with_alpha(FLOW_OPACITY), width_mm).round_caps()
}

/// The rim of a place symbol (summed-up network panels).
pub fn place_rim() -> Stroke {
    Stroke::solid(INK, 0.15)
}

/// Okabe–Ito vermillion: partners and links new since the baseline.
pub const CHANGE_NEW: Color = Color::rgb(0xd5, 0x5e, 0x00);
/// Paul Tol's purple: partners that moved and their arrows.
pub const CHANGE_MOVED: Color = Color::rgb(0xaa, 0x33, 0x77);
/// Dark grey of what ended: the rims of hollow markers, faded links.
pub const CHANGE_ENDED: Color = Color::rgb(0x55, 0x55, 0x55);
/// Opacity of the white inside of a hollow (ended) marker: enough to set it
/// off the sub-region fills, little enough to read as empty.
pub const HOLLOW_FILL_OPACITY: f64 = 0.75;
/// Opacity of the links that ended: faded behind the current ones.
pub const ENDED_LINK_OPACITY: f64 = 0.7;
/// Width of the ring that marks a new partner (mm).
pub const NEW_RING_WIDTH: f64 = 0.35;
/// Gap between a new partner's marker and its ring (mm).
pub const NEW_RING_GAP: f64 = 0.2;
/// Width of the arrow from a moved partner's old place to its new one (mm).
pub const MOVE_ARROW_WIDTH: f64 = 0.25;
/// Length of that arrow's head (mm).
pub const MOVE_ARROW_HEAD: f64 = 1.1;

/// Paul Tol's dark blue: seat slices of projects finished since the baseline.
pub const SEAT_FINISHED: Color = Color::rgb(0x00, 0x44, 0x88);
/// Paul Tol's yellow: seat slices of projects with another status change.
pub const SEAT_OTHER_STATUS: Color = Color::rgb(0xdd, 0xaa, 0x33);
/// Light grey: seat slices of projects whose status did not change.
pub const SEAT_UNCHANGED: Color = Color::rgb(0xcc, 0xcc, 0xcc);

/// The colour that tells a change status apart in exports and legends:
/// vermillion for new, the core blue for continued, purple for moved, dark
/// grey for ended.
///
/// ```
/// use ruhrmap::network::Change; use ruhrmap::render::{change_color, CORE_BLUE};
/// assert_eq!(change_color(Change::Continued), CORE_BLUE);
/// assert_ne!(change_color(Change::New), change_color(Change::Moved));
/// ```
pub fn change_color(change: Change) -> Color {
    match change {
        Change::New => CHANGE_NEW,
        Change::Continued => CORE_BLUE,
        Change::Moved => CHANGE_MOVED,
        Change::Ended => CHANGE_ENDED,
    }
}

/// The stroke of a link with `change` to a partner of `role`: kept links as
/// today ([`link_stroke`]), new ones in vermillion and a little wider,
/// ended ones dark grey, dotted and faded.
pub fn change_link_stroke(change: Change, role: Role) -> Stroke {
    let dash: &[f64] = if role == Role::Loose {
        &[0.9, 0.6]
    } else {
        &[]
    };
    match change {
        Change::New => Stroke::dashed(CHANGE_NEW.with_alpha(LINK_OPACITY), 0.45, dash).round_caps(),
        Change::Ended => Stroke::dashed(
            CHANGE_ENDED.with_alpha(ENDED_LINK_OPACITY),
            0.25,
            &[0.3, 0.6],
        )
        .round_caps(),
        Change::Continued | Change::Moved => link_stroke(role),
    }
}

/// The ring around a partner new since the baseline: a vermillion circle of
/// `radius` (to the middle of its line) around the marker at `center`.
pub fn new_ring(center: Point, radius: f64, id: String) -> Item {
    Item::Circle(Circle {
        id: Some(id),
        center,
        radius_mm: radius,
        style: Style::stroke(Stroke::solid(CHANGE_NEW, NEW_RING_WIDTH)),
    })
}

/// The marker of a partner that ended, made from its role's `symbol`: the
/// same shape and size, hollow (a faded white inside that sets it off the
/// sub-region fills) with a dark grey rim.
///
/// ```
/// use ruhrmap::network::Role; use ruhrmap::render::{hollow, role_symbol, CHANGE_ENDED};
/// let h = hollow(role_symbol(Role::Core));
/// assert_eq!(h.rim, CHANGE_ENDED);
/// assert!(h.fill.a < 255 && h.radius == role_symbol(Role::Core).radius);
/// ```
pub fn hollow(symbol: RoleSymbol) -> RoleSymbol {
    RoleSymbol {
        fill: Color::WHITE.with_alpha(HOLLOW_FILL_OPACITY),
        rim: CHANGE_ENDED,
        rim_width: ENDED_RIM_WIDTH,
        ..symbol
    }
}

/// Rim width of a hollow (ended) marker (mm).
pub const ENDED_RIM_WIDTH: f64 = 0.3;
/// Radius of the dot that marks a moved partner's old place (mm).
pub const MOVE_ORIGIN_RADIUS: f64 = 0.4;

/// The arrow from a moved partner's old place `from` to `to` (where its
/// marker's rim is): a small dot at the start, a thin line, a filled head.
pub fn move_arrow(from: Point, to: Point, id: &str) -> Vec<Item> {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let length = dx.hypot(dy).max(1e-9);
    let (ux, uy) = (dx / length, dy / length);
    let head = MOVE_ARROW_HEAD.min(length / 2.0);
    let base = Point::new(to.x - ux * head, to.y - uy * head);
    let half = head * 0.45;
    vec![
        Item::Circle(Circle {
            id: Some(format!("{id}-from")),
            center: from,
            radius_mm: MOVE_ORIGIN_RADIUS,
            style: Style::fill_and_stroke(Color::WHITE, Stroke::solid(CHANGE_MOVED, 0.2)),
        }),
        Item::Path(Path {
            id: Some(id.to_string()),
            data: PathData::new().move_to(from).line_to(base),
            style: Style::stroke(Stroke::solid(CHANGE_MOVED, MOVE_ARROW_WIDTH).round_caps()),
        }),
        Item::Path(Path {
            id: Some(format!("{id}-head")),
            data: PathData::new()
                .move_to(to)
                .line_to(Point::new(base.x - uy * half, base.y + ux * half))
                .line_to(Point::new(base.x + uy * half, base.y - ux * half))
                .close(),
            style: Style::fill(CHANGE_MOVED),
        }),
    ]
}

/// Leader lines and the dots at the true places of displaced symbols.
const LEADER_GREY: Color = Color::rgb(0x4d, 0x4d, 0x4d);

/// A leader line from a symbol's rim to its label (or to its true place): thin, dark grey.
pub fn leader_line(points: [geo_types::Coord<f64>; 2], id: String) -> Item {
    Item::Path(Path {
        id: Some(id),
        data: PathData::new()
            .move_to(Point::new(points[0].x, points[0].y))
            .line_to(Point::new(points[1].x, points[1].y)),
        style: Style::stroke(Stroke::solid(LEADER_GREY, 0.15).round_caps()),
    })
}

/// Radius (mm) of the dot that marks the true place of a displaced symbol.
pub const TRUE_PLACE_DOT_RADIUS: f64 = 0.3;

/// The true place of a symbol moved aside (see
/// [`separate_discs`](crate::render::separate_discs)): a small dot in the
/// colour of the leader line that joins the symbol to it.
pub fn true_place_dot(center: geo_types::Coord<f64>, id: String) -> Item {
    Item::Circle(Circle {
        id: Some(id),
        center: Point::new(center.x, center.y),
        radius_mm: TRUE_PLACE_DOT_RADIUS,
        style: Style::fill(LEADER_GREY),
    })
}

/// `color` laid over white at `opacity`, as an opaque colour: the light
/// tint a transparent fill gives on paper, without the cost of transparency
/// in renderers and print workflows.
///
/// ```
/// use ruhrmap::render::{Color, tint};
/// assert_eq!(tint(Color::rgb(0, 0, 0), 0.5), Color::rgb(128, 128, 128));
/// assert_eq!(tint(Color::rgb(10, 20, 30), 1.0), Color::rgb(10, 20, 30));
/// ```
pub fn tint(color: Color, opacity: f64) -> Color {
    let mix = |c: u8| crate::boundaries::tint_channel(c, opacity);
    Color::rgb(mix(color.r), mix(color.g), mix(color.b))
}

/// Pie slices for counts per class at `center` with `radius` (mm): one
/// wedge per non-zero count, clockwise from 12 o'clock in class order, with
/// thin white separators; a single class gives a full disc.
pub fn pie(center: Point, radius: f64, counts: &[(Color, usize)], id_prefix: &str) -> Vec<Item> {
    let total: usize = counts.iter().map(|c| c.1).sum();
    let mut items = Vec::new();
    if total == 0 {
        return items;
    }
    let mut start = 0.0;
    for (k, (color, n)) in counts.iter().enumerate() {
        if *n == 0 {
            continue;
        }
        let sweep = 360.0 * *n as f64 / total as f64;
        items.push(Item::Wedge(Wedge {
            id: Some(format!("{id_prefix}-{k}")),
            center,
            radius_mm: radius,
            inner_radius_mm: 0.0,
            start_deg: start,
            sweep_deg: sweep,
            style: Style::fill_and_stroke(*color, Stroke::solid(Color::WHITE, 0.15)),
        }));
        start += sweep;
    }
    // a dark rim around the whole symbol keeps pale slices visible
    items.push(Item::Circle(Circle {
        id: None,
        center,
        radius_mm: radius,
        style: Style::stroke(Stroke::solid(INK, 0.2)),
    }));
    items
}

#[cfg(test)]
mod tests {

    /// The colours of markers and links drawn over sub-region fills.
    const MARKER_COLOURS: [Color; 4] = [CORE_BLUE, LOOSE_ORANGE, LOOSE_RIM, INK];
    /// The least colour difference (CIELAB ΔE*ab) every built-in sub-region
    /// fill, as drawn, keeps from each of [`MARKER_COLOURS`]: the blue tint
    /// that once coloured Kreis Warendorf was 35 from the core partners' blue,
    /// and its markers and links faded into it.
    const MIN_MARKER_CONTRAST: f64 = 40.0;

    #[test]
    fn markers_stand_out_on_every_builtin_fill() {
        use crate::boundaries::{drawn_lab, lab, preset_fills};
        let fills = preset_fills();
        assert!(fills.len() >= 18, "{fills:?}");
        for fill in &fills {
            let f = drawn_lab(fill).unwrap();
            for m in MARKER_COLOURS {
                let c = lab([m.r, m.g, m.b]);
                let d = (0..3).map(|k| (f[k] - c[k]).powi(2)).sum::<f64>().sqrt();
                assert!(
                    d >= MIN_MARKER_CONTRAST,
                    "{fill} as drawn is only {d:.1} from {}",
                    m.to_hex()
                );
            }
        }
        // the blue that once coloured Kreis Warendorf would fail
        let old = drawn_lab("#1d75a1").unwrap();
        let blue = lab([CORE_BLUE.r, CORE_BLUE.g, CORE_BLUE.b]);
        let d = (0..3)
            .map(|k| (old[k] - blue[k]).powi(2))
            .sum::<f64>()
            .sqrt();
        assert!(d < MIN_MARKER_CONTRAST, "{d}");
    }

    use super::*;

    fn luminance(c: Color) -> f64 {
        crate::boundaries::relative_luminance([c.r, c.g, c.b])
    }

    #[test]
    fn role_fills_differ_in_grey() {
        let l: Vec<f64> = Role::ALL
            .iter()
            .map(|&r| luminance(role_symbol(r).fill))
            .collect();
        for i in 0..l.len() {
            for j in i + 1..l.len() {
                assert!((l[i] - l[j]).abs() > 0.1, "{l:?}");
            }
        }
    }

    #[test]
    fn field_colours_differ_in_grey() {
        let mut l: Vec<f64> = FIELD_COLORS.iter().map(|&c| luminance(c)).collect();
        l.sort_by(f64::total_cmp);
        for w in l.windows(2) {
            assert!(w[1] - w[0] > 0.06, "{l:?}");
        }
    }

    #[test]
    fn pie_sweeps_add_up() {
        let items = pie(
            Point::new(0.0, 0.0),
            2.0,
            &[
                (FIELD_COLORS[0], 2),
                (FIELD_COLORS[1], 0),
                (FIELD_COLORS[2], 6),
            ],
            "x",
        );
        let sweeps: Vec<f64> = items
            .iter()
            .filter_map(|i| {
                if let Item::Wedge(w) = i {
                    Some(w.sweep_deg)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(sweeps, vec![90.0, 270.0]);
    }
}
