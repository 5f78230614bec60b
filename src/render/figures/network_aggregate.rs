//! Network panels summed up by place: when a project has too many partners
//! in the region to show one by one, each municipality (or Kreis) gets one
//! symbol whose area tells how many partners it has, split by role as a pie,
//! and the coordination one flow line to it whose width tells the number of
//! links. Symbols that would overlap are pushed apart (Dorling-style) with
//! a thin leader back to their true place.

use crate::boundaries::Municipality;
use crate::network::{Network, Partner, Project, Role};
use crate::render::figures::dimensions::{
    FLOW_MAX_WIDTH, FLOW_MIN_WIDTH, MARKER_GAP, PLACE_GAP, PLACE_MAX_RADIUS, PLACE_MIN_RADIUS,
};
use crate::render::figures::figure::FigureInputs;
use crate::render::figures::network_figure::{Aggregate, NetworkMap};
use crate::render::layout::{Disc, LegendEntry, LegendSection};
use crate::render::scene::{Bounds, Circle, Item, Path, PathData, Point, Style};
use crate::render::symbology::{self as sym, role_symbol};
use std::collections::BTreeMap;

/// How many places a summed-up panel names at most (the coordination's and
/// the largest); the interactive page names every one.
pub(crate) const PLACE_LABELS: usize = 12;

/// What a summed-up panel groups its partners by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// One symbol per municipality.
    Municipality,
    /// One symbol per Kreis (kreisfreie Städte on their own).
    Kreis,
}

/// The symbol of one place's partners.
#[derive(Debug, Clone)]
pub(crate) struct PlaceSymbol {
    /// `{project}-place-{key}`.
    pub id: String,
    /// Municipality or Kreis name.
    pub name: String,
    /// AGS (municipality) or Kreis key.
    pub key: String,
    /// The municipality, at municipality level.
    pub municipality: Option<usize>,
    /// The true place (page mm).
    pub anchor: Point,
    /// Where the symbol is drawn (page mm), moved off `anchor` if it had to.
    pub center: Point,
    /// Radius (mm): the area is proportional to the count.
    pub radius: f64,
    /// Partners per role (core, loose), in role order.
    pub counts: Vec<(Role, usize)>,
    /// Width (mm) of the flow line to it.
    pub flow_width: f64,
    /// The place holds the coordination too.
    pub has_coordinator: bool,
    /// The names of the partners it stands for (for its tooltip).
    pub partners: Vec<String>,
}

impl PlaceSymbol {
    /// Partners the symbol stands for.
    pub(crate) fn total(&self) -> usize {
        self.counts.iter().map(|c| c.1).sum()
    }

    /// The box the disc covers.
    pub(crate) fn bounds(&self) -> Bounds {
        let (c, r) = (self.center, self.radius);
        Bounds {
            x0: c.x - r,
            y0: c.y - r,
            x1: c.x + r,
            y1: c.y + r,
        }
    }

    /// The disc labels keep clear of.
    pub(crate) fn disc(&self) -> Disc {
        Disc {
            center: geo_types::Coord {
                x: self.center.x,
                y: self.center.y,
            },
            radius: self.radius,
        }
    }

    /// Leader to the true place (when moved), the pie by role, its rim.
    pub(crate) fn items(&self) -> Vec<Item> {
        let mut items = Vec::new();
        let (dx, dy) = (self.center.x - self.anchor.x, self.center.y - self.anchor.y);
        let d = dx.hypot(dy);
        if d > self.radius {
            items.push(sym::leader_line(
                [
                    geo_types::Coord {
                        x: self.anchor.x,
                        y: self.anchor.y,
                    },
                    geo_types::Coord {
                        x: self.center.x - dx / d * self.radius,
                        y: self.center.y - dy / d * self.radius,
                    },
                ],
                format!("{}-leader", self.id),
            ));
        }
        let colours: Vec<_> = self
            .counts
            .iter()
            .map(|&(role, n)| (role_symbol(role).fill, n))
            .collect();
        items.extend(sym::pie(self.center, self.radius, &colours, &self.id));
        items.push(Item::Circle(Circle {
            id: Some(self.id.clone()),
            center: self.center,
            radius_mm: self.radius,
            style: Style::stroke(sym::place_rim()),
        }));
        items
    }
}

impl PlaceScale {
    /// The radius (mm) of a place symbol for `count` partners: area
    /// proportional to the count, the largest place of the figure
    /// [`PLACE_MAX_RADIUS`] wide, none smaller than [`PLACE_MIN_RADIUS`].
    pub(crate) fn radius(&self, count: usize) -> f64 {
        (PLACE_MAX_RADIUS * (count as f64 / self.max_count.max(1) as f64).sqrt())
            .max(PLACE_MIN_RADIUS)
    }

    /// The width (mm) of a flow line of `links` links: proportional to the
    /// number, [`FLOW_MAX_WIDTH`] for the most, never thinner than a hairline.
    pub(crate) fn width(&self, links: usize) -> f64 {
        (FLOW_MAX_WIDTH * links as f64 / self.max_count.max(1) as f64).max(FLOW_MIN_WIDTH)
    }
}

/// The key, name and municipality of the place a municipality is counted in.
fn place_of(level: Level, g: usize, m: &Municipality) -> (String, String, Option<usize>) {
    match level {
        Level::Municipality => (m.ags.to_string(), m.name.clone(), Some(g)),
        Level::Kreis => (m.ags.kreis_key(), m.district.clone(), None),
    }
}

/// A project's partners in the region (the coordination left out) per place:
/// key → (name, municipality, partners).
pub(crate) fn group_by_place<'n>(
    level: Level,
    partners: impl Iterator<Item = (usize, &'n Partner)>,
    municipalities: &[Municipality],
) -> BTreeMap<String, (String, Option<usize>, Vec<&'n Partner>)> {
    let mut out: BTreeMap<String, (String, Option<usize>, Vec<&Partner>)> = BTreeMap::new();
    for (g, p) in partners {
        let (key, name, municipality) = place_of(level, g, &municipalities[g]);
        out.entry(key)
            .or_insert_with(|| (name, municipality, Vec::new()))
            .2
            .push(p);
    }
    out
}

/// The most partners in one place and the most links to one place, over
/// the panels of `projects` drawn at a level: the legend's scales.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PlaceScale {
    /// The level of the (first) summed-up panel.
    pub level: Level,
    /// Most partners in one place.
    pub max_count: usize,
}

/// The share of a panel's symbols per municipality that may overlap
/// another before the panel is summed up per Kreis instead (under
/// `aggregate = "auto"`).
const CROWDED_SHARE: f64 = 0.25;

/// How many of `discs` overlap at least one other (a sweep along x).
fn overlapping(discs: &[Disc]) -> usize {
    let mut order: Vec<usize> = (0..discs.len()).collect();
    order.sort_by(|&a, &b| {
        (discs[a].center.x - discs[a].radius).total_cmp(&(discs[b].center.x - discs[b].radius))
    });
    let mut hit = vec![false; discs.len()];
    for (k, &a) in order.iter().enumerate() {
        let da = &discs[a];
        for &b in &order[k + 1..] {
            let db = &discs[b];
            if db.center.x - db.radius > da.center.x + da.radius {
                break;
            }
            let d = (da.center.x - db.center.x).hypot(da.center.y - db.center.y);
            if d < da.radius + db.radius {
                hit[a] = true;
                hit[b] = true;
            }
        }
    }
    hit.iter().filter(|&&h| h).count()
}

/// Moves the symbols apart until none overlaps another or a fixed disc
/// (the coordination), each as little as it can; deterministic.
pub(crate) fn displace(symbols: &mut [PlaceSymbol], fixed: &[Disc]) {
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..symbols.len() {
            for j in i + 1..symbols.len() {
                let (a, b) = (symbols[i].disc(), symbols[j].disc());
                if let Some((dx, dy)) = push_apart(&a, &b) {
                    symbols[i].center.x -= dx / 2.0;
                    symbols[i].center.y -= dy / 2.0;
                    symbols[j].center.x += dx / 2.0;
                    symbols[j].center.y += dy / 2.0;
                    moved = true;
                }
            }
            for f in fixed {
                if let Some((dx, dy)) = push_apart(f, &symbols[i].disc()) {
                    symbols[i].center.x += dx;
                    symbols[i].center.y += dy;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// How far to move `b` away from `a` so that they keep [`PLACE_GAP`]
/// apart, or `None` when they do already.
fn push_apart(a: &Disc, b: &Disc) -> Option<(f64, f64)> {
    let (dx, dy) = (b.center.x - a.center.x, b.center.y - a.center.y);
    let d = dx.hypot(dy);
    let need = a.radius + b.radius + PLACE_GAP;
    if d >= need - 1e-9 {
        return None;
    }
    // coincident centres part along a fixed direction, so the result is stable
    let (ux, uy) = if d < 1e-9 {
        (0.6, -0.8)
    } else {
        (dx / d, dy / d)
    };
    let step = need - d + 1e-6;
    Some((ux * step, uy * step))
}

impl NetworkMap<'_> {
    /// The level a project's panel is summed up at, `None` for one by one.
    pub(crate) fn level(&self, project: &Project, inputs: &FigureInputs) -> Option<Level> {
        match self.aggregate {
            Aggregate::None => None,
            Aggregate::Municipality => Some(Level::Municipality),
            Aggregate::Kreis => Some(Level::Kreis),
            Aggregate::Auto => {
                let inside = inputs
                    .network
                    .partners_of(&project.id)
                    .filter(|p| p.site.as_ref().is_some_and(|s| s.in_region))
                    .count();
                let crowded =
                    inside > self.style.aggregate_above || !self.one_by_one_fits(project, inputs);
                crowded.then(|| {
                    if self.municipalities_fit(project, inputs) {
                        Level::Municipality
                    } else {
                        Level::Kreis
                    }
                })
            }
        }
    }

    /// Millimetres on the page per metre of the map at the largest scale the
    /// region can be drawn at: the page width across the region's longer
    /// side. A panel is never larger, so what is crowded here is crowded in
    /// any panel.
    fn largest_scale(&self, inputs: &FigureInputs) -> Option<f64> {
        let members: Vec<usize> = inputs
            .region
            .members()
            .iter()
            .filter_map(|&a| inputs.boundaries.index_of(a).map(|g| g.index()))
            .collect();
        let extent = inputs.projected.extent_of(&members).ok()?;
        Some(self.style.width_mm / extent.width().max(extent.height()).max(1.0))
    }

    /// Whether the project's partners fit one by one: at most
    /// [`CROWDED_SHARE`] of the municipalities' marker clusters would overlap
    /// another at the largest scale (see [`NetworkMap::largest_scale`]). A
    /// cluster is the disc that holds its markers, each with its clearance,
    /// packed as the co-location lattice packs them.
    fn one_by_one_fits(&self, project: &Project, inputs: &FigureInputs) -> bool {
        let Some(mm_per_m) = self.largest_scale(inputs) else {
            return true;
        };
        let municipalities = inputs.boundaries.municipalities();
        let mut clusters: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
        for p in inputs.network.partners_of(&project.id) {
            let Some(g) = p
                .site
                .as_ref()
                .filter(|s| s.in_region)
                .and_then(|s| s.municipality)
            else {
                continue;
            };
            let r = role_symbol(p.role).outer_radius();
            // a hexagonal lattice cell per marker, its clearance and gap included
            let cell = 3f64.sqrt() / 2.0 * (2.0 * r + MARKER_GAP).powi(2);
            let c = clusters.entry(g.index()).or_insert((0.0, 0.0));
            c.0 += cell;
            c.1 = c.1.max(r);
        }
        let projection = inputs.projected.projection();
        let discs: Vec<Disc> = clusters
            .iter()
            .filter_map(|(&g, &(area, largest))| {
                let m = projection.project(municipalities[g].point).ok()?;
                Some(Disc {
                    center: geo_types::Coord {
                        x: m.x * mm_per_m,
                        y: m.y * mm_per_m,
                    },
                    radius: (area / std::f64::consts::PI).sqrt().max(largest),
                })
            })
            .collect();
        overlapping(&discs) as f64 <= CROWDED_SHARE * discs.len() as f64
    }

    /// Whether a symbol per municipality fits the panel: at most
    /// [`CROWDED_SHARE`] of the symbols would overlap another at their true
    /// places, at the largest scale the region can be drawn at (the page
    /// width across the region; a panel is never larger, so a map that is
    /// crowded here is crowded in any panel). Displacement moves the few that
    /// overlap; when many would, the panel is summed up per Kreis.
    fn municipalities_fit(&self, project: &Project, inputs: &FigureInputs) -> bool {
        let municipalities = inputs.boundaries.municipalities();
        let Some(mm_per_m) = self.largest_scale(inputs) else {
            return false;
        };
        let partners = inputs.network.partners_of(&project.id).filter_map(|p| {
            let site = p.site.as_ref()?;
            (site.in_region && p.role != Role::Coordinator)
                .then_some(())
                .and(site.municipality.map(|g| (g.index(), p)))
        });
        let groups = group_by_place(Level::Municipality, partners, municipalities);
        let scale = PlaceScale {
            level: Level::Municipality,
            max_count: groups.values().map(|g| g.2.len()).max().unwrap_or(1),
        };
        let projection = inputs.projected.projection();
        let discs: Vec<Disc> = groups
            .values()
            .filter_map(|(_, g, partners)| {
                let m = projection.project(municipalities[(*g)?].point).ok()?;
                Some(Disc {
                    center: geo_types::Coord {
                        x: m.x * mm_per_m,
                        y: m.y * mm_per_m,
                    },
                    radius: scale.radius(partners.len()),
                })
            })
            .collect();
        overlapping(&discs) as f64 <= CROWDED_SHARE * discs.len() as f64
    }

    /// The scales the legend shows, when some panel is summed up.
    pub(crate) fn place_scale(
        &self,
        projects: &[&Project],
        inputs: &FigureInputs,
    ) -> Option<PlaceScale> {
        let network: &Network = inputs.network;
        let municipalities = inputs.boundaries.municipalities();
        let mut scale: Option<PlaceScale> = None;
        for project in projects {
            let Some(level) = self.level(project, inputs) else {
                continue;
            };
            let partners = network.partners_of(&project.id).filter_map(|p| {
                let site = p.site.as_ref()?;
                (site.in_region && p.role != Role::Coordinator)
                    .then_some(())
                    .and(site.municipality.map(|g| (g.index(), p)))
            });
            let max = group_by_place(level, partners, municipalities)
                .values()
                .map(|v| v.2.len())
                .max()
                .unwrap_or(1);
            let s = scale.get_or_insert(PlaceScale {
                level,
                max_count: max,
            });
            s.max_count = s.max_count.max(max);
        }
        scale
    }

    /// Legend: the sizes of place symbols and the widths of flow lines.
    pub(crate) fn place_section(&self, scale: &PlaceScale) -> LegendSection {
        let lang = self.lang;
        let values = scale_values(scale.max_count);
        let r_max = scale.radius(values[0]);
        let w = 2.0 * r_max + 1.0;
        let mut entries: Vec<LegendEntry> = values
            .iter()
            .map(|&v| {
                let r = scale.radius(v);
                LegendEntry {
                    symbol: vec![Item::Circle(Circle {
                        id: None,
                        center: Point::new(0.0, r_max - r),
                        radius_mm: r,
                        style: Style::fill_and_stroke(sym::PLACE_LEGEND_FILL, sym::place_rim()),
                    })],
                    symbol_width: w,
                    symbol_height: 2.0 * r_max,
                    label: match v {
                        1 => lang.pick("1 Partner:in", "1 partner").to_string(),
                        _ => format!("{v} {}", lang.pick("Partner:innen", "partners")),
                    },
                }
            })
            .collect();
        for &v in &values {
            let width = scale.width(v);
            entries.push(LegendEntry {
                symbol: vec![Item::Path(Path {
                    id: None,
                    data: PathData::new()
                        .move_to(Point::new(-w / 2.0, 0.0))
                        .line_to(Point::new(w / 2.0, 0.0)),
                    style: Style::stroke(sym::flow_stroke(width)),
                })],
                symbol_width: w,
                symbol_height: width.max(1.0),
                label: match v {
                    1 => lang.pick("1 Verbindung", "1 link").to_string(),
                    _ => format!("{v} {}", lang.pick("Verbindungen", "links")),
                },
            });
        }
        LegendSection {
            id: "legend-places".into(),
            title: Some(
                match scale.level {
                    Level::Municipality => lang.pick(
                        "Partner:innen und Verbindungen je Gemeinde",
                        "Partners and links per municipality",
                    ),
                    Level::Kreis => lang.pick(
                        "Partner:innen und Verbindungen je Kreis",
                        "Partners and links per district",
                    ),
                }
                .into(),
            ),
            entries,
            columns: 2,
        }
    }
}

/// Round values for a size legend up to `max`: the largest "nice" value not
/// above it, a fifth and a twenty-fifth of it where distinct (at least 1).
///
/// The nice values are 1, 2, 5 × 10ⁿ.
pub(crate) fn scale_values(max: usize) -> Vec<usize> {
    let nice = |v: usize| -> usize {
        let mut best = 1;
        let mut p = 1;
        while p <= v {
            for m in [1, 2, 5] {
                if m * p <= v {
                    best = best.max(m * p);
                }
            }
            p *= 10;
        }
        best
    };
    let top = nice(max.max(1));
    let mut out = vec![top];
    for v in [nice(top / 5), nice(top / 25)] {
        if v >= 1 && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_and_widths_are_proportional() {
        let s = SCALE;
        let a = |n| std::f64::consts::PI * s.radius(n).powi(2);
        assert!((a(40) / a(10) - 4.0).abs() < 1e-9);
        assert!((s.radius(100) - PLACE_MAX_RADIUS).abs() < 1e-9);
        assert!((s.width(60) / s.width(20) - 3.0).abs() < 1e-9);
    }

    #[test]
    fn overlapping_counts_each_disc_that_meets_another() {
        let disc = |x: f64, y: f64, r: f64| Disc {
            center: geo_types::Coord { x, y },
            radius: r,
        };
        // a pair overlapping, one touching neither, a small one inside a big one
        let discs = [
            disc(0.0, 0.0, 1.0),
            disc(1.5, 0.0, 1.0),
            disc(10.0, 0.0, 1.0),
            disc(20.0, 20.0, 3.0),
            disc(20.5, 20.0, 0.5),
        ];
        assert_eq!(overlapping(&discs), 4);
        // far apart in y though close in x
        assert_eq!(overlapping(&[disc(0.0, 0.0, 1.0), disc(0.5, 5.0, 1.0)]), 0);
        assert_eq!(overlapping(&[]), 0);
    }

    #[test]
    fn legend_values_are_round() {
        assert_eq!(scale_values(137), [100, 20, 2]);
        assert_eq!(scale_values(7), [5, 1]);
        assert_eq!(scale_values(0), [1]);
    }

    const SCALE: PlaceScale = PlaceScale {
        level: Level::Municipality,
        max_count: 100,
    };

    fn symbol(key: &str, x: f64, n: usize) -> PlaceSymbol {
        PlaceSymbol {
            id: key.into(),
            name: key.into(),
            key: key.into(),
            municipality: None,
            anchor: Point::new(x, 0.0),
            center: Point::new(x, 0.0),
            radius: SCALE.radius(n),
            counts: vec![(Role::Core, n)],
            flow_width: SCALE.width(n),
            has_coordinator: false,
            partners: Vec::new(),
        }
    }

    #[test]
    fn displaced_symbols_keep_apart_and_clear_of_the_coordination() {
        let mut s = vec![
            symbol("a", 0.0, 50),
            symbol("b", 1.0, 20),
            symbol("c", 1.0, 20),
        ];
        let hub = Disc {
            center: geo_types::Coord { x: 0.5, y: 0.0 },
            radius: 1.6,
        };
        displace(&mut s, &[hub]);
        for (i, a) in s.iter().enumerate() {
            for b in &s[i + 1..] {
                let d = (a.center.x - b.center.x).hypot(a.center.y - b.center.y);
                assert!(d >= a.radius + b.radius + PLACE_GAP - 1e-6, "{a:?} {b:?}");
            }
            assert!(push_apart(&hub, &a.disc()).is_none(), "{a:?}");
        }
    }
}
