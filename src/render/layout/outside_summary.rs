//! Summaries of what lies outside the map: partners (or seats) beyond the
//! region are not drawn at their true place but counted in small boxes at
//! the frame edge, in the direction of their true location ("3 × Düsseldorf"
//! at the south-western edge of a Ruhr map), as the report does.
//!
//! Items are grouped by compass sector as seen from the frame's centre; each
//! group becomes one badge with one line per place, most frequent first. The
//! badge sits inside the frame where the ray towards the group meets the
//! frame edge, with a small arrow pointing outwards; a badge slides along the
//! edge to avoid markers and other badges.

use crate::render::fonts::TextMetrics;
use crate::render::scene::{
    Bounds, Color, FontWeight, Group, Path, PathData, Point, Rect, Stroke, Style, Text,
};
use crate::text::Lang;
use geo_types::Coord;

/// One thing outside the map.
#[derive(Debug, Clone, PartialEq)]
pub struct OutsideItem {
    /// Place name shown (municipality; abroad the town and country code,
    /// `Nimwegen (NL)`, or `Ausland` when nothing is known).
    pub place: String,
    /// True position in projected metres.
    pub position: Coord<f64>,
    /// Emphasised items (a coordinator outside the region) get their own bold line.
    pub emphasis: bool,
}

/// Items outside the map that lie in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeGroup {
    /// Direction from the frame centre, degrees counter-clockwise from east
    /// (north is 90°), the circular mean of the members' bearings.
    pub direction_deg: f64,
    /// Indices of the member items, ascending.
    pub members: Vec<usize>,
    /// Display lines: (text, bold), emphasised entries first, then by count
    /// (descending) and name.
    pub lines: Vec<(String, bool)>,
    /// The same summed up in fewer lines, one line less each (down to one):
    /// what a badge shows where its full lines find no free spot.
    pub shorter: Vec<Vec<(String, bool)>>,
}

/// Groups `items` into `sectors` compass sectors around `center` (metres).
/// At most `max_lines` lines per group; further places are summed up in a
/// last line ("+ 4 weitere").
///
/// ```
/// use geo_types::coord;
/// use ruhrmap::render::{group_by_direction, OutsideItem}; use ruhrmap::Lang;
/// let c = coord! { x: 0.0, y: 0.0 };
/// let item = |place: &str, x: f64, y: f64| OutsideItem { place: place.into(), position: coord! { x: x, y: y }, emphasis: false };
/// let items = [item("Düsseldorf", -10.0, -30.0), item("Düsseldorf", -10.0, -30.0), item("Münster", 5.0, 60.0)];
/// let groups = group_by_direction(&items, c, 8, 4, Lang::De);
/// assert_eq!(groups.len(), 2);
/// let lines: Vec<&str> = groups.iter().flat_map(|g| g.lines.iter().map(|l| l.0.as_str())).collect();
/// assert!(lines.contains(&"2 × Düsseldorf") && lines.contains(&"Münster"));
/// ```
pub fn group_by_direction(
    items: &[OutsideItem],
    center: Coord<f64>,
    sectors: usize,
    max_lines: usize,
    lang: Lang,
) -> Vec<EdgeGroup> {
    let sectors = sectors.max(1);
    let width = 360.0 / sectors as f64;
    let bearing = |p: Coord<f64>| {
        (p.y - center.y)
            .atan2(p.x - center.x)
            .to_degrees()
            .rem_euclid(360.0)
    };
    let mut by_sector: std::collections::BTreeMap<usize, Vec<usize>> =
        std::collections::BTreeMap::new();
    for (k, item) in items.iter().enumerate() {
        let s = ((bearing(item.position) / width).round() as usize) % sectors;
        by_sector.entry(s).or_default().push(k);
    }
    by_sector
        .into_values()
        .map(|members| {
            let (sx, sy) = members.iter().fold((0.0, 0.0), |(sx, sy), &k| {
                let a = bearing(items[k].position).to_radians();
                (sx + a.cos(), sy + a.sin())
            });
            let direction_deg = sy.atan2(sx).to_degrees().rem_euclid(360.0);
            let lines = summary_lines(items, &members, max_lines, lang);
            let shorter = (1..lines.len())
                .rev()
                .map(|n| summary_lines(items, &members, n, lang))
                .collect();
            EdgeGroup {
                direction_deg,
                lines,
                shorter,
                members,
            }
        })
        .collect()
}

fn summary_lines(
    items: &[OutsideItem],
    members: &[usize],
    max_lines: usize,
    lang: Lang,
) -> Vec<(String, bool)> {
    // (emphasis, place) → count, in a fixed order
    let mut counts: std::collections::BTreeMap<(bool, String), usize> =
        std::collections::BTreeMap::new();
    for &k in members {
        *counts
            .entry((items[k].emphasis, items[k].place.clone()))
            .or_default() += 1;
    }
    let mut entries: Vec<(bool, String, usize)> =
        counts.into_iter().map(|((e, p), n)| (e, p, n)).collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
    let max_lines = max_lines.max(1);
    let text = |place: &str, n: usize| {
        if n == 1 {
            place.to_string()
        } else {
            format!("{n} × {place}")
        }
    };
    if entries.len() <= max_lines {
        return entries
            .into_iter()
            .map(|(e, p, n)| (text(&p, n), e))
            .collect();
    }
    let shown = max_lines - 1;
    let rest: usize = entries[shown..].iter().map(|e| e.2).sum();
    let mut lines: Vec<(String, bool)> = entries[..shown]
        .iter()
        .map(|(e, p, n)| (text(p, *n), *e))
        .collect();
    lines.push((format!("+ {rest} {}", lang.pick("weitere", "more")), false));
    lines
}

/// A laid-out edge badge.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeBadge {
    /// Index of the group.
    pub group: usize,
    /// The badge box (mm), text and padding, inside the frame.
    pub bounds: Bounds,
    /// Baseline start of each line (mm), with its text and boldness.
    pub lines: Vec<(Point, String, bool)>,
    /// The outward arrow: tip and the two base corners (mm).
    pub arrow: [Point; 3],
    /// Where links to this badge end: the middle of the badge side facing the map.
    pub link_target: Point,
}

/// Typography of badges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BadgeStyle {
    /// Text size (pt).
    pub font_pt: f64,
    /// Padding inside the box (mm).
    pub padding: f64,
    /// Distance of the box from the frame edge (mm).
    pub inset: f64,
    /// Arrow length (mm).
    pub arrow: f64,
}

impl BadgeStyle {
    /// Default badge style for `font_pt` text.
    pub fn new(font_pt: f64) -> BadgeStyle {
        BadgeStyle {
            font_pt,
            padding: 0.6,
            inset: 0.5,
            arrow: 1.6,
        }
    }
}

/// Lays out one badge per group inside `frame` (page mm), at the edge in
/// the group's direction as seen from `center` (page mm). A badge that would
/// cover one of `avoid` (markers) or an earlier badge slides along its edge
/// to the nearest free spot.
pub fn layout_badges(
    groups: &[EdgeGroup],
    frame: Bounds,
    center: Point,
    avoid: &[Bounds],
    style: &BadgeStyle,
    metrics: &TextMetrics,
) -> Vec<EdgeBadge> {
    let ascent = metrics.ascent_mm(style.font_pt, FontWeight::Regular);
    let descent = metrics.descent_mm(style.font_pt, FontWeight::Regular);
    let line_h = ascent + descent;
    let inner = frame.expanded(-style.inset);
    let mut placed: Vec<EdgeBadge> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let mut chosen = None;
        let mut side = Side::Right;
        let mut direction = (1.0, 0.0);
        // the full lines first, then fewer where they find no free spot
        for lines in std::iter::once(&g.lines).chain(&g.shorter) {
            let (b, s, d, free) =
                badge_spot(lines, center, g, &inner, avoid, &placed, style, metrics);
            side = s;
            direction = d;
            chosen = Some((b, lines));
            if free {
                break;
            }
        }
        let (bounds, lines) = chosen.expect("a group has lines");
        placed.push(build_badge(
            gi, lines, bounds, side, direction, style, ascent, line_h,
        ));
    }
    placed
}

/// The nearest spot along the frame edge for a badge of `lines`: its box,
/// side and direction, and whether it is free of `avoid` and `placed`.
#[allow(clippy::too_many_arguments)]
fn badge_spot(
    lines: &[(String, bool)],
    center: Point,
    g: &EdgeGroup,
    inner: &Bounds,
    avoid: &[Bounds],
    placed: &[EdgeBadge],
    style: &BadgeStyle,
    metrics: &TextMetrics,
) -> (Bounds, Side, (f64, f64), bool) {
    let inner = *inner;
    let ascent = metrics.ascent_mm(style.font_pt, FontWeight::Regular);
    let descent = metrics.descent_mm(style.font_pt, FontWeight::Regular);
    let line_h = ascent + descent;
    {
        let w = lines
            .iter()
            .map(|(t, bold)| {
                metrics.advance_mm(
                    t,
                    style.font_pt,
                    if *bold {
                        FontWeight::Bold
                    } else {
                        FontWeight::Regular
                    },
                )
            })
            .fold(0.0, f64::max)
            + 2.0 * style.padding;
        let h = lines.len() as f64 * line_h + 2.0 * style.padding;
        let a = g.direction_deg.to_radians();
        let (dx, dy) = (a.cos(), -a.sin());
        let (hit, side) = ray_to_box(center, dx, dy, &inner);
        // the arrow sits between the box and the frame edge
        let gap = style.arrow + 0.3;
        let (x0, y0) = match side {
            Side::Right => (inner.x1 - gap - w, hit.y - h / 2.0),
            Side::Left => (inner.x0 + gap, hit.y - h / 2.0),
            Side::Top => (hit.x - w / 2.0, inner.y0 + gap),
            Side::Bottom => (hit.x - w / 2.0, inner.y1 - gap - h),
        };
        let along_x = matches!(side, Side::Top | Side::Bottom);
        let clamp = |x0: f64, y0: f64| {
            (
                x0.clamp(inner.x0, (inner.x1 - w).max(inner.x0)),
                y0.clamp(inner.y0, (inner.y1 - h).max(inner.y0)),
            )
        };
        // nearest free spot along the edge: 0, +s, -s, +2s, … up to the frame's length
        let step = 0.5;
        let reach = if along_x {
            inner.width()
        } else {
            inner.height()
        };
        let mut chosen = None;
        let mut k = 0usize;
        while chosen.is_none() && (k as f64) * step <= reach {
            for sign in [1.0, -1.0] {
                if k == 0 && sign < 0.0 {
                    continue;
                }
                let shift = sign * k as f64 * step;
                let (bx, by) = if along_x {
                    clamp(x0 + shift, y0)
                } else {
                    clamp(x0, y0 + shift)
                };
                let b = Bounds {
                    x0: bx,
                    y0: by,
                    x1: bx + w,
                    y1: by + h,
                };
                let padded = b.expanded(0.3);
                if !avoid
                    .iter()
                    .chain(placed.iter().map(|p| &p.bounds))
                    .any(|o| padded.overlaps(o))
                {
                    chosen = Some(b);
                    break;
                }
            }
            k += 1;
        }
        let free = chosen.is_some();
        let bounds = chosen.unwrap_or_else(|| {
            let (bx, by) = clamp(x0, y0);
            Bounds {
                x0: bx,
                y0: by,
                x1: bx + w,
                y1: by + h,
            }
        });
        (bounds, side, (dx, dy), free)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Top,
    Right,
    Bottom,
}

/// Where a ray from `c` in direction (dx, dy) leaves `b`, and through which side.
fn ray_to_box(c: Point, dx: f64, dy: f64, b: &Bounds) -> (Point, Side) {
    let mut best = (f64::INFINITY, Side::Right);
    if dx > 1e-12 {
        best = best.min_by_t((b.x1 - c.x) / dx, Side::Right);
    }
    if dx < -1e-12 {
        best = best.min_by_t((b.x0 - c.x) / dx, Side::Left);
    }
    if dy > 1e-12 {
        best = best.min_by_t((b.y1 - c.y) / dy, Side::Bottom);
    }
    if dy < -1e-12 {
        best = best.min_by_t((b.y0 - c.y) / dy, Side::Top);
    }
    let t = if best.0.is_finite() {
        best.0.max(0.0)
    } else {
        0.0
    };
    (Point::new(c.x + dx * t, c.y + dy * t), best.1)
}

trait MinByT {
    fn min_by_t(self, t: f64, side: Side) -> Self;
}

impl MinByT for (f64, Side) {
    fn min_by_t(self, t: f64, side: Side) -> Self {
        if t >= 0.0 && t < self.0 {
            (t, side)
        } else {
            self
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build_badge(
    group: usize,
    lines: &[(String, bool)],
    bounds: Bounds,
    side: Side,
    (dx, dy): (f64, f64),
    style: &BadgeStyle,
    ascent: f64,
    line_h: f64,
) -> EdgeBadge {
    let lines = lines
        .iter()
        .enumerate()
        .map(|(k, (t, bold))| {
            (
                Point::new(
                    bounds.x0 + style.padding,
                    bounds.y0 + style.padding + ascent + k as f64 * line_h,
                ),
                t.clone(),
                *bold,
            )
        })
        .collect();
    // arrow base centred on the box side facing the edge, tip outwards along the true direction
    let c = bounds.center();
    let (base, link_target) = match side {
        Side::Right => (Point::new(bounds.x1 + 0.3, c.y), Point::new(bounds.x0, c.y)),
        Side::Left => (Point::new(bounds.x0 - 0.3, c.y), Point::new(bounds.x1, c.y)),
        Side::Top => (Point::new(c.x, bounds.y0 - 0.3), Point::new(c.x, bounds.y1)),
        Side::Bottom => (Point::new(c.x, bounds.y1 + 0.3), Point::new(c.x, bounds.y0)),
    };
    let len = style.arrow;
    let half = len * 0.45;
    let tip = Point::new(base.x + dx * len, base.y + dy * len);
    let (nx, ny) = (-dy, dx);
    let arrow = [
        tip,
        Point::new(base.x + nx * half, base.y + ny * half),
        Point::new(base.x - nx * half, base.y - ny * half),
    ];
    EdgeBadge {
        group,
        bounds,
        lines,
        arrow,
        link_target,
    }
}

/// The look of a badge box: white, nearly opaque, thin grey rim.
pub fn badge_style() -> Style {
    Style::fill_and_stroke(
        Color::WHITE.with_alpha(0.92),
        Stroke::solid(Color::rgb(0x77, 0x77, 0x77), 0.15),
    )
}

impl EdgeBadge {
    /// The area the badge covers, arrow included.
    pub fn covered(&self) -> Bounds {
        Bounds::of_points(self.arrow).map_or(self.bounds, |a| a.union(&self.bounds))
    }

    /// The badge as a scene group `id`: box, arrow, text lines in `font_pt` and `ink`.
    pub fn group(&self, id: &str, font_pt: f64, ink: Color) -> Group {
        let mut g = Group::new(id);
        g.push(Rect {
            id: None,
            origin: Point::new(self.bounds.x0, self.bounds.y0),
            width_mm: self.bounds.width(),
            height_mm: self.bounds.height(),
            corner_radius_mm: 0.5,
            style: badge_style(),
        });
        g.push(Path {
            id: None,
            data: PathData::new()
                .move_to(self.arrow[0])
                .line_to(self.arrow[1])
                .line_to(self.arrow[2])
                .close(),
            style: Style::fill(ink),
        });
        for (at, text, bold) in &self.lines {
            let t = Text::new(*at, text.clone(), font_pt).colored(ink);
            g.push(if *bold { t.bold() } else { t });
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    fn item(place: &str, x: f64, y: f64) -> OutsideItem {
        OutsideItem {
            place: place.into(),
            position: coord! { x: x, y: y },
            emphasis: false,
        }
    }

    #[test]
    fn long_groups_are_summed_up() {
        let items: Vec<OutsideItem> = ["A", "B", "C", "D", "E", "E"]
            .iter()
            .map(|p| item(p, 100.0, 1.0))
            .collect();
        let g = group_by_direction(&items, coord! { x: 0.0, y: 0.0 }, 8, 3, Lang::De);
        assert_eq!(g.len(), 1);
        let lines: Vec<&str> = g[0].lines.iter().map(|l| l.0.as_str()).collect();
        assert_eq!(lines, ["2 × E", "A", "+ 3 weitere"]);
    }

    #[test]
    fn emphasised_items_come_first_and_bold() {
        let mut items = vec![item("Köln", 0.0, -100.0), item("Köln", 0.0, -100.0)];
        items.push(OutsideItem {
            emphasis: true,
            ..item("Düsseldorf", 0.0, -90.0)
        });
        let g = group_by_direction(&items, coord! { x: 0.0, y: 0.0 }, 8, 4, Lang::En);
        assert_eq!(g[0].lines[0], ("Düsseldorf".to_string(), true));
        assert_eq!(g[0].lines[1], ("2 × Köln".to_string(), false));
    }

    #[test]
    fn badges_sit_at_the_edge_in_the_true_direction_and_do_not_overlap() {
        let m = TextMetrics::embedded();
        let frame = Bounds {
            x0: 0.0,
            y0: 0.0,
            x1: 80.0,
            y1: 50.0,
        };
        let center = Point::new(40.0, 25.0);
        // south-west, south-south-west and east
        let items = vec![
            item("Düsseldorf", -20.0, -40.0),
            item("Köln", -10.0, -100.0),
            item("Berlin", 500.0, 30.0),
        ];
        let groups = group_by_direction(&items, coord! { x: 0.0, y: 0.0 }, 16, 4, Lang::De);
        let badges = layout_badges(&groups, frame, center, &[], &BadgeStyle::new(6.0), m);
        assert_eq!(badges.len(), groups.len());
        for (k, b) in badges.iter().enumerate() {
            assert!(frame.contains(&b.bounds), "{b:?}");
            for o in &badges[k + 1..] {
                assert!(!b.bounds.overlaps(&o.bounds), "{b:?} {o:?}");
            }
            // the arrow points away from the centre
            let g = &groups[b.group];
            let a = g.direction_deg.to_radians();
            let tip = b.arrow[0];
            let base = Point::new(
                (b.arrow[1].x + b.arrow[2].x) / 2.0,
                (b.arrow[1].y + b.arrow[2].y) / 2.0,
            );
            assert!((tip.x - base.x) * a.cos() + (tip.y - base.y) * -a.sin() > 0.0);
        }
        let berlin = badges
            .iter()
            .find(|b| groups[b.group].lines[0].0 == "Berlin")
            .unwrap();
        assert!(
            berlin.bounds.x1 > 70.0,
            "east badge at the right edge: {berlin:?}"
        );
    }
}
