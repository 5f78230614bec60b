//! The steps a change figure adds to the network panel's: how a partner's
//! marker looks after its change, the arrows of moved partners, and the
//! legend section that explains the change styles and names the two states
//! compared.

use crate::crs::ProjectionError;
use crate::network::{Change, Partner, Project, Role};
use crate::render::chart::Bar;
use crate::render::figures::change_overlay::EarlierSite;
use crate::render::figures::dimensions::{ARROW_TIP_GAP, ROLE_LINK_X, ROLE_MARKER_X, ROLE_SLOT};
use crate::render::figures::figure::FigureInputs;
use crate::render::figures::move_arrow::MoveArrow;
use crate::render::figures::network_figure::NetworkMap;
use crate::render::figures::network_legend::SubregionCounts;
use crate::render::figures::network_panel::{Marker, PanelFrame};
use crate::render::layout::{LegendEntry, LegendSection};
use crate::render::scene::{Item, Path, PathData, Point, Style};
use crate::render::symbology::{self as sym, RoleSymbol, role_symbol};

impl NetworkMap<'_> {
    /// The symbol of a partner's marker and whether it has a ring: the
    /// role's symbol; in a change figure hollow when the partner ended, with
    /// a ring when it is new.
    pub(crate) fn marker_look(&self, partner: &Partner) -> (RoleSymbol, bool) {
        let symbol = role_symbol(partner.role);
        match self.change.map(|c| c.of_partner(partner)) {
            Some(Change::Ended) => (sym::hollow(symbol), false),
            Some(Change::New) => (symbol, true),
            _ => (symbol, false),
        }
    }

    /// Step 4b (change figures): an arrow from the old place of each moved
    /// partner to its marker; none where the old place lies under the marker.
    pub(crate) fn moved_arrows(
        &self,
        markers: &[Marker],
        at: &PanelFrame,
        inputs: &FigureInputs,
    ) -> Result<Vec<MoveArrow>, ProjectionError> {
        let Some(overlay) = self.change else {
            return Ok(Vec::new());
        };
        let projection = inputs.projected.projection();
        let mut arrows = Vec::new();
        for m in markers {
            let Some(EarlierSite {
                position: old,
                municipality: from_municipality,
            }) = overlay.moved_from(m.partner)
            else {
                continue;
            };
            let p = at.transform.to_page(projection.project(old)?);
            let from = Point::new(p.x, p.y);
            let (dx, dy) = (m.center.x - from.x, m.center.y - from.y);
            let distance = dx.hypot(dy);
            let stop = m.outer_radius() + ARROW_TIP_GAP;
            if distance <= stop + sym::MOVE_ARROW_HEAD {
                continue;
            }
            let t = (distance - stop) / distance;
            arrows.push(MoveArrow {
                id: format!("{}-moved-{}", m.partner.project, m.partner.id),
                from,
                to: Point::new(from.x + t * dx, from.y + t * dy),
                from_municipality,
            });
        }
        Ok(arrows)
    }

    /// The legend section of a change figure: which states are compared,
    /// and one row per change status that occurs in its projects (its
    /// marker, with the link leading to it; the arrow for moved partners).
    pub(crate) fn change_section(&self) -> Option<LegendSection> {
        let overlay = self.change?;
        let lang = self.lang;
        let core = role_symbol(Role::Core);
        let at = Point::new(ROLE_MARKER_X, 0.0);
        let link = |change: Change| {
            Item::Path(Path {
                id: None,
                data: PathData::new()
                    .move_to(Point::new(ROLE_LINK_X[0], 0.0))
                    .line_to(Point::new(ROLE_LINK_X[1], 0.0)),
                style: Style::stroke(sym::change_link_stroke(change, Role::Core)),
            })
        };
        let ring_radius = core.outer_radius() + sym::NEW_RING_GAP + sym::NEW_RING_WIDTH / 2.0;
        // only the statuses that occur in the figure's projects
        let shown = |project: &String| self.projects.contains(project);
        let used: Vec<Change> = overlay
            .partners
            .iter()
            .chain(&overlay.links)
            .filter(|((project, _), _)| shown(project))
            .map(|(_, &change)| change)
            .collect();
        let entries = Change::ALL
            .iter()
            .filter(|change| used.contains(change))
            .map(|&change| {
                let symbol = match change {
                    Change::New => vec![
                        link(change),
                        core.item(at, None),
                        sym::new_ring(at, ring_radius, "legend-new-ring".into()),
                    ],
                    Change::Continued => vec![link(change), core.item(at, None)],
                    Change::Moved => {
                        let mut items = sym::move_arrow(
                            Point::new(ROLE_LINK_X[0], 0.0),
                            Point::new(at.x - core.outer_radius() - ARROW_TIP_GAP, 0.0),
                            "legend-moved",
                        );
                        items.push(core.item(at, None));
                        items
                    }
                    Change::Ended => vec![link(change), sym::hollow(core).item(at, None)],
                };
                LegendEntry {
                    symbol,
                    symbol_width: ROLE_SLOT[0],
                    symbol_height: ROLE_SLOT[1],
                    label: change_entry_label(change, lang).into(),
                }
            })
            .collect();
        Some(LegendSection {
            id: "legend-change".into(),
            title: Some(overlay.compared.clone()),
            entries,
            columns: 2,
        })
    }
}

impl NetworkMap<'_> {
    /// The bars of a change figure's charts: partners of `projects` per
    /// sub-region at the baseline (lighter) and now, side by side, and the
    /// same for their links (one per partner besides the coordination,
    /// counted where the partner sits); `None` in a network figure. Moved
    /// partners count at their old place at the baseline.
    pub(crate) fn change_bars(
        &self,
        projects: &[&Project],
        inputs: &FigureInputs,
    ) -> Option<[Vec<Bar>; 2]> {
        let overlay = self.change?;
        let municipalities = inputs.boundaries.municipalities();
        let partners = || {
            projects
                .iter()
                .flat_map(|p| inputs.network.partners_of(&p.id))
        };
        let now = |links: bool| {
            partners()
                .filter(move |p| overlay.of_partner(p) != Change::Ended)
                .filter(move |p| !links || p.role != Role::Coordinator)
                .map(|p| p.site.map(|s| (s.municipality, s.in_region)))
        };
        let before = |links: bool| {
            partners()
                .filter(move |p| overlay.of_partner(p) != Change::New)
                .filter(move |p| !links || p.role != Role::Coordinator)
                .map(|p| match overlay.moved_from(p) {
                    Some(EarlierSite {
                        municipality: g, ..
                    }) => Some((
                        g,
                        g.is_some_and(|g| inputs.region.contains(municipalities[g].ags)),
                    )),
                    None => p.site.map(|s| (s.municipality, s.in_region)),
                })
        };
        let lang = self.lang;
        let bars = |links: bool| {
            let states = [
                (
                    SubregionCounts::of(before(links), inputs),
                    lang.pick("vorher", "before"),
                    BASELINE_BAR_OPACITY,
                ),
                (
                    SubregionCounts::of(now(links), inputs),
                    lang.pick("jetzt", "now"),
                    sym::CHART_FILL_OPACITY,
                ),
            ];
            self.bars_of(&states, inputs)
        };
        Some([bars(false), bars(true)])
    }
}

/// Opacity of the sub-region fill of a baseline bar (lighter than now's).
const BASELINE_BAR_OPACITY: f64 = 0.5;

/// The legend wording of a change status.
fn change_entry_label(change: Change, lang: crate::text::Lang) -> &'static str {
    match change {
        Change::New => lang.pick("neu hinzugekommen", "new"),
        Change::Continued => lang.pick("fortgeführt (am selben Ort)", "continued (same place)"),
        Change::Moved => lang.pick(
            "umgezogen (Pfeil vom alten Ort)",
            "moved (arrow from the old place)",
        ),
        Change::Ended => lang.pick("ausgeschieden (alter Ort)", "ended (old place)"),
    }
}
