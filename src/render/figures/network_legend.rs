//! The legend of a network map (which roles, links and boxes occur) and the
//! optional bar chart of partners per sub-region.

use crate::boundaries::MunicipalityId;
use crate::network::{Network, Project, Role};
use crate::render::chart::Bar;
use crate::render::figures::base_map::BorderDetail;
use crate::render::figures::dimensions::{
    BADGE_ARROW, BADGE_SYMBOL_CORNER, BOX_SYMBOL_H, NETWORK_BOX_SYMBOL_X, PATCH_SLOT_H,
    ROLE_LINK_X, ROLE_MARKER_X, ROLE_SLOT,
};
use crate::render::figures::figure::FigureInputs;
use crate::render::figures::legend_sections::{
    boundaries_section, outside_label, outside_short, subregions_section,
};
use crate::render::figures::network_figure::NetworkMap;
use crate::render::figures::panel::unknown_box_style;
use crate::render::layout::{FURNITURE_INK, LegendEntry, LegendSection, badge_style};
use crate::render::scene::{Color, Item, Path, PathData, Point, Rect, Style};
use crate::render::symbology::{self as sym, role_symbol};

/// The coarsest borders a network map draws: its legend is laid out before
/// the map's scale is known, so it says "Kreise" and the map keeps the Kreis
/// borders at any scale (municipality outlines go when they are too small).
pub(crate) const NETWORK_BORDER_DETAIL: BorderDetail = BorderDetail::Kreise;

/// Which symbols occur anywhere in the figure (the legend shows exactly these).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Used {
    roles: [bool; 3],
    links: [bool; 3],
    outside: bool,
    unknown: bool,
}

/// The position of `role` in [`Role::ALL`] order.
pub(crate) fn role_index(role: Role) -> usize {
    match role {
        Role::Coordinator => 0,
        Role::Core => 1,
        Role::Loose => 2,
    }
}

impl Used {
    /// What the partners of `projects` need explained.
    pub(crate) fn of(projects: &[&Project], network: &Network) -> Used {
        let mut used = Used::default();
        for p in projects {
            for partner in network.partners_of(&p.id) {
                match &partner.site {
                    Some(site) if site.in_region && site.municipality.is_some() => {
                        used.roles[role_index(partner.role)] = true;
                        if partner.role != Role::Coordinator {
                            used.links[role_index(partner.role)] = true;
                        }
                    }
                    Some(_) => {
                        used.outside = true;
                        if partner.role != Role::Coordinator {
                            used.links[role_index(partner.role)] = true;
                        }
                    }
                    None => used.unknown = true,
                }
            }
        }
        used
    }
}

/// A box symbol of the network legend: `[x, width]` of [`NETWORK_BOX_SYMBOL_X`].
fn box_symbol(corner: f64, style: Style) -> Item {
    let [x, width] = NETWORK_BOX_SYMBOL_X;
    Item::Rect(Rect {
        id: None,
        origin: Point::new(x, -BOX_SYMBOL_H / 2.0),
        width_mm: width,
        height_mm: BOX_SYMBOL_H,
        corner_radius_mm: corner,
        style,
    })
}

impl NetworkMap<'_> {
    /// Legend sections: actors and links, sub-regions, boundaries.
    pub(crate) fn legend_sections(&self, used: &Used, inputs: &FigureInputs) -> Vec<LegendSection> {
        let lang = self.lang;
        let mut sections: Vec<LegendSection> = self.change_section().into_iter().collect();
        let mut actors = self.role_entries(used, inputs);
        if used.outside {
            let [tip, base, half] = BADGE_ARROW;
            let symbol = vec![
                box_symbol(BADGE_SYMBOL_CORNER, badge_style()),
                Item::Path(Path {
                    id: None,
                    data: PathData::new()
                        .move_to(Point::new(tip, 0.0))
                        .line_to(Point::new(base, -half))
                        .line_to(Point::new(base, half))
                        .close(),
                    style: Style::fill(FURNITURE_INK),
                }),
            ];
            actors.push(LegendEntry {
                symbol,
                symbol_width: ROLE_SLOT[0],
                symbol_height: PATCH_SLOT_H,
                label: outside_label(inputs, lang),
            });
        }
        if used.unknown {
            actors.push(LegendEntry {
                symbol: vec![box_symbol(0.0, unknown_box_style())],
                symbol_width: ROLE_SLOT[0],
                symbol_height: PATCH_SLOT_H,
                label: lang.pick("ohne Ortsangabe", "location unknown").into(),
            });
        }
        if !actors.is_empty() {
            sections.push(LegendSection {
                id: "legend-actors".into(),
                title: Some(
                    lang.pick("Akteure und Kooperationen", "Actors and links")
                        .into(),
                ),
                entries: actors,
                columns: 1,
            });
        }
        sections.extend(subregions_section(inputs, lang));
        // laid out before the map: the context is named whenever some
        // municipality lies outside the region (not for all of Germany)
        let outside = inputs.region.members().len() < inputs.boundaries.municipalities().len();
        sections.push(boundaries_section(
            inputs,
            lang,
            NETWORK_BORDER_DETAIL,
            outside,
        ));
        sections
    }

    /// One row per role: its marker, with the style of the link leading to it.
    fn role_entries(&self, used: &Used, inputs: &FigureInputs) -> Vec<LegendEntry> {
        let mut actors: Vec<LegendEntry> = Vec::new();
        for role in Role::ALL {
            let marker = used.roles[role_index(role)];
            let link = used.links[role_index(role)];
            if !marker && !link {
                continue;
            }
            let mut symbol: Vec<Item> = Vec::new();
            if link {
                symbol.push(Item::Path(Path {
                    id: None,
                    data: PathData::new()
                        .move_to(Point::new(ROLE_LINK_X[0], 0.0))
                        .line_to(Point::new(ROLE_LINK_X[1], 0.0)),
                    style: Style::stroke(sym::link_stroke(role)),
                }));
            }
            let x = if role == Role::Coordinator {
                0.0
            } else {
                ROLE_MARKER_X
            };
            symbol.push(role_symbol(role).item(Point::new(x, 0.0), None));
            actors.push(LegendEntry {
                symbol,
                symbol_width: ROLE_SLOT[0],
                symbol_height: ROLE_SLOT[1],
                label: inputs.network.categories.role_label(role, self.lang),
            });
        }
        actors
    }

    /// Partners of `projects` (coordinations included) per sub-region class, then
    /// outside the region and without location, for the bar chart.
    pub(crate) fn subregion_bars(&self, projects: &[&Project], inputs: &FigureInputs) -> Vec<Bar> {
        let sites = projects.iter().flat_map(|p| {
            inputs
                .network
                .partners_of(&p.id)
                .map(|partner| partner.site.map(|s| (s.municipality, s.in_region)))
        });
        let counts = SubregionCounts::of(sites, inputs);
        self.bars_of(&[(counts, "", sym::CHART_FILL_OPACITY)], inputs)
    }

    /// The bars of one or more states' counts, per category one bar per
    /// state (labelled with the category and the state's `suffix`, tinted
    /// at its opacity); categories without location or sub-region only
    /// when some state has any.
    pub(crate) fn bars_of(
        &self,
        states: &[(SubregionCounts, &str, f64)],
        inputs: &FigureInputs,
    ) -> Vec<Bar> {
        let lang = self.lang;
        let label = |base: &str, suffix: &str| {
            if suffix.is_empty() {
                base.to_string()
            } else {
                format!("{base} {suffix}")
            }
        };
        let mut bars: Vec<Bar> = Vec::new();
        for (k, c) in inputs.subregions.classes().iter().enumerate() {
            let fill = Color::from_hex(&c.fill).unwrap_or(sym::UNCLASSED_FILL);
            for (counts, suffix, opacity) in states {
                bars.push(Bar {
                    label: label(c.label(lang), suffix),
                    count: counts.classes.get(k).copied().unwrap_or(0),
                    color: sym::tint(fill, *opacity),
                });
            }
        }
        let rest: [OtherBar; 3] = [
            (
                lang.pick("ohne Teilraum", "no sub-region").into(),
                |c| c.unclassed,
                sym::UNCLASSED_FILL,
                false,
            ),
            (
                outside_short(inputs, lang),
                |c| c.outside,
                sym::OUTSIDE_BAR,
                true,
            ),
            (
                lang.pick("ohne Ortsangabe", "location unknown").into(),
                |c| c.unknown,
                sym::UNKNOWN_BAR,
                false,
            ),
        ];
        for (base, count, color, always) in rest {
            if always || states.iter().any(|(c, _, _)| count(c) > 0) {
                for (counts, suffix, _) in states {
                    bars.push(Bar {
                        label: label(&base, suffix),
                        count: count(counts),
                        color,
                    });
                }
            }
        }
        bars
    }
}

/// A bar category besides the sub-regions: its label, its count, its
/// colour, and whether it is shown when no state has any.
type OtherBar = (String, fn(&SubregionCounts) -> u32, Color, bool);

/// Partners per sub-region class, outside the region, without sub-region
/// and without location: what the bar charts show.
#[derive(Debug, Clone, Default)]
pub(crate) struct SubregionCounts {
    pub classes: Vec<u32>,
    pub unclassed: u32,
    pub outside: u32,
    pub unknown: u32,
}

impl SubregionCounts {
    /// Counts sites given as (municipality, in the region), `None` without location.
    pub(crate) fn of(
        sites: impl Iterator<Item = Option<(Option<MunicipalityId>, bool)>>,
        inputs: &FigureInputs,
    ) -> SubregionCounts {
        let mut counts = SubregionCounts {
            classes: vec![0; inputs.subregions.classes().len()],
            ..SubregionCounts::default()
        };
        for site in sites {
            match site {
                Some((municipality, true)) => {
                    let class = municipality.and_then(|g| {
                        inputs
                            .subregions
                            .class_index(inputs.boundaries.municipalities()[g].ags)
                    });
                    match class {
                        Some(c) => counts.classes[c] += 1,
                        None => counts.unclassed += 1,
                    }
                }
                Some(_) => counts.outside += 1,
                None => counts.unknown += 1,
            }
        }
        counts
    }
}
