//! One panel of a network map: a project's partners as markers spread
//! inside their municipality, partners outside the region as badges at the
//! frame edge, the links from the coordination, the box of partners without
//! location, the municipality labels, and the panel's heading. Each is a
//! small step of [`NetworkMap::build_panel`].

use crate::boundaries::{Context, MunicipalityId};
use crate::crs::{PageTransform, ProjectionError};
use crate::network::{Change, Partner, Project, Role};
use crate::render::figures::base_map::{FrameGeometry, polygon_to_page};
use crate::render::figures::dimensions::{
    CORNER_BOX_PAD, HEADING_GAP, LABEL_INSET, LEADER_REACH, LINK_END, MARKER_GAP,
    UNKNOWN_COUNT_GAP, UNKNOWN_ITEM_GAP,
};
use crate::render::figures::figure::FigureInputs;
use crate::render::figures::move_arrow::MoveArrow;
use crate::render::figures::network_aggregate::{
    Level, PLACE_LABELS, PlaceScale, PlaceSymbol, displace, group_by_place,
};
use crate::render::figures::network_figure::NetworkMap;
use crate::render::figures::panel::{
    LabelItem, corner_box, label_probe, placed_labels, unknown_box_style, unplaced_labels,
};
use crate::render::fonts::TextMetrics;
use crate::render::layout::{
    BadgeStyle, EdgeBadge, EdgeGroup, OutsideItem, group_by_direction, layout_badges,
};
use crate::render::layout::{Containment, Disc, spread_markers};
use crate::render::layout::{FURNITURE_INK, ellipsize, wrap_text};
use crate::render::layout::{FanOut, RoutedLink, route_links};
use crate::render::layout::{LabelRequest, LinkLine, Obstacles, PlacementRules, place_labels};
use crate::render::layout::{MapFrame, UnplacedLabel};
use crate::render::scene::{Bounds, FontWeight, Item, Point, Rect, Text};
use crate::render::symbology::{self as sym, RoleSymbol, role_symbol};
use crate::text::Lang;
use geo_types::Coord;
use std::collections::BTreeMap;

/// One placed marker.
#[derive(Debug, Clone)]
pub(crate) struct Marker<'n> {
    pub partner: &'n Partner,
    pub center: Point,
    pub symbol: RoleSymbol,
    pub inside: bool,
    /// Drawn with a ring (a partner new since the baseline).
    pub ring: bool,
}

/// How far a marker's neighbours must keep from its centre: its outer
/// radius (squares: the half diagonal), beyond its ring if it has one.
fn clearance(symbol: &RoleSymbol, ring: bool) -> f64 {
    let body = if symbol.square {
        symbol.outer_radius() * std::f64::consts::SQRT_2
    } else {
        symbol.outer_radius()
    };
    if ring {
        body + sym::NEW_RING_GAP + sym::NEW_RING_WIDTH
    } else {
        body
    }
}

impl Marker<'_> {
    /// The marker's outer half-width (its ring's, if it has one), where links end.
    pub(crate) fn outer_radius(&self) -> f64 {
        if self.ring {
            clearance(&self.symbol, true)
        } else {
            self.symbol.outer_radius()
        }
    }

    /// The page box the marker covers, ring included.
    pub(crate) fn bounds(&self) -> Bounds {
        if !self.ring {
            return self.symbol.bounds(self.center);
        }
        let r = self.outer_radius();
        let c = self.center;
        Bounds {
            x0: c.x - r,
            y0: c.y - r,
            x1: c.x + r,
            y1: c.y + r,
        }
    }

    /// The marker as scene items: its symbol, then its ring.
    pub(crate) fn items(&self) -> Vec<Item> {
        let mut items = vec![self.symbol.item(self.center, Some(self.partner.id.clone()))];
        if self.ring {
            items.push(sym::new_ring(
                self.center,
                clearance(&self.symbol, true) - sym::NEW_RING_WIDTH / 2.0,
                format!("{}-ring", self.partner.id),
            ));
        }
        items
    }
}

impl DrawnLink {
    /// The link's stroke: by the role of its partner and how it changed.
    pub(crate) fn stroke(&self) -> crate::render::scene::Stroke {
        match self.flow_width {
            Some(w) => sym::flow_stroke(w),
            None => sym::change_link_stroke(self.change, self.role),
        }
    }
}

/// A municipality (or, summed up, a Kreis) carrying partners in one panel.
#[derive(Debug, Clone)]
struct Cluster {
    municipality: Option<usize>,
    /// The label's text and the key of its id (AGS or Kreis key).
    name: String,
    key: String,
    markers: Vec<usize>,
    enclosing: Disc,
    has_coordinator: bool,
}

/// A link as drawn.
#[derive(Debug, Clone)]
pub(crate) struct DrawnLink {
    pub id: String,
    pub role: Role,
    /// How the link changed since the baseline (continued in network maps).
    pub change: Change,
    pub route: RoutedLink,
    /// Radius of the marker or badge edge at the end (mm), 0 for badges.
    pub end_radius: f64,
    /// A flow line of a summed-up panel: its width (mm).
    pub flow_width: Option<f64>,
}

/// Everything one panel holds, in page coordinates.
pub(crate) struct Panel<'n> {
    pub project: &'n Project,
    pub frame_box: Bounds,
    pub transform: PageTransform,
    pub markers: Vec<Marker<'n>>,
    /// Summed-up panels: one symbol per municipality or Kreis.
    pub places: Vec<PlaceSymbol>,
    pub links: Vec<DrawnLink>,
    pub badges: Vec<EdgeBadge>,
    pub unknown: Option<(Bounds, Vec<Item>)>,
    pub labels: Vec<LabelItem>,
    pub unplaced: Vec<UnplacedLabel>,
    /// Arrows from the old to the new place of moved partners (change maps).
    pub arrows: Vec<MoveArrow>,
    pub heading: Vec<Item>,
    pub heading_bounds: Bounds,
}

/// Where a panel goes and what it is drawn on.
pub(crate) struct PanelFrame<'g, 'a> {
    pub frame_box: Bounds,
    pub transform: PageTransform,
    pub geometry: &'g FrameGeometry<'a, 'a>,
    pub frame: &'g MapFrame,
    /// The figure's scale of place symbols and flow lines, when some panel
    /// is summed up.
    pub place_scale: Option<PlaceScale>,
}

/// A project's partners by kind of location.
struct PartnersByPlace<'n> {
    /// In the region, by municipality.
    by_municipality: BTreeMap<usize, Vec<&'n Partner>>,
    /// Outside the region (or outside the frame).
    outside: Vec<(&'n Partner, OutsideItem)>,
    /// Without location: count per role.
    unknown: BTreeMap<Role, usize>,
}

/// Markers spread inside their municipalities, and the municipalities.
struct PlacedMarkers<'n> {
    markers: Vec<Marker<'n>>,
    clusters: Vec<Cluster>,
}

/// Partners outside the region, grouped by direction, as badges.
struct Outside {
    groups: Vec<EdgeGroup>,
    badges: Vec<EdgeBadge>,
}

impl NetworkMap<'_> {
    /// Builds one panel: partners by place → markers → badges → links →
    /// unknown box → labels.
    pub(crate) fn build_panel<'n>(
        &self,
        project: &'n Project,
        at: &PanelFrame,
        inputs: &FigureInputs<'n>,
        warnings: &mut Vec<String>,
    ) -> Result<Panel<'n>, ProjectionError> {
        let partners = self.partners_by_place(project, at.geometry, inputs)?;
        let level = self.level(project, inputs);
        let (placed, places) = match level {
            None => (
                self.place_markers(project, &partners, at, inputs, warnings)?,
                Vec::new(),
            ),
            Some(level) => self.summed_up(project, &partners, level, at, inputs, warnings)?,
        };
        let mut marker_boxes: Vec<Bounds> = placed.markers.iter().map(Marker::bounds).collect();
        marker_boxes.extend(places.iter().map(PlaceSymbol::bounds));
        let outside = self.outside_badges(&partners, at, &marker_boxes, inputs.metrics);
        let links = self.links(
            project,
            (&placed.markers, &places),
            &partners,
            &outside,
            warnings,
        );
        let arrows = self.moved_arrows(&placed.markers, at, inputs)?;
        let unknown = (!partners.unknown.is_empty()).then(|| {
            let obstacles: Vec<Bounds> = marker_boxes
                .iter()
                .copied()
                .chain(outside.badges.iter().map(EdgeBadge::covered))
                .collect();
            unknown_box(
                &partners.unknown,
                at.frame_box,
                &obstacles,
                self.style.small_pt,
                self.lang,
                inputs.metrics,
                &project.id,
            )
        });
        let mut hard: Vec<Bounds> = marker_boxes;
        hard.extend(links.iter().filter_map(link_end_box));
        hard.extend(outside.badges.iter().map(EdgeBadge::covered));
        if let Some((b, _)) = &unknown {
            hard.push(*b);
        }
        hard.extend(arrows.iter().map(MoveArrow::origin_box));
        let (labels, mut unplaced) = self.panel_labels(
            project,
            &placed.clusters,
            (&links, &arrows),
            hard,
            at,
            inputs,
        );
        // a summed-up panel names the largest places that have room; the
        // others are left unnamed, and the run says which
        if level.is_some() && !unplaced.is_empty() {
            let names: Vec<&str> = unplaced.iter().map(|u| u.text.as_str()).collect();
            warnings.push(format!(
                "figure {}: panel {}: no room to name {} beside their symbols; they are left unnamed",
                self.id,
                project.id,
                names.join(", ")
            ));
            unplaced.clear();
        }
        Ok(Panel {
            project,
            frame_box: at.frame_box,
            transform: at.transform,
            markers: placed.markers,
            places,
            links,
            badges: outside.badges,
            unknown,
            labels,
            unplaced,
            arrows,
            heading: Vec::new(),
            heading_bounds: at.frame_box,
        })
    }

    /// Step 1: the project's partners in the frame's municipalities, outside, unknown.
    fn partners_by_place<'n>(
        &self,
        project: &'n Project,
        geometry: &FrameGeometry,
        inputs: &FigureInputs<'n>,
    ) -> Result<PartnersByPlace<'n>, ProjectionError> {
        let projection = inputs.projected.projection();
        let mut partners = PartnersByPlace {
            by_municipality: BTreeMap::new(),
            outside: Vec::new(),
            unknown: BTreeMap::new(),
        };
        for partner in inputs.network.partners_of(&project.id) {
            match &partner.site {
                Some(site)
                    if site.in_region
                        && site
                            .municipality
                            .is_some_and(|g| geometry.is_selected(g.index())) =>
                {
                    partners
                        .by_municipality
                        .entry(
                            site.municipality
                                .map(MunicipalityId::index)
                                .unwrap_or_default(),
                        )
                        .or_default()
                        .push(partner);
                }
                Some(site) => {
                    let mut place = match site.municipality {
                        Some(g) => inputs.boundaries.municipalities()[g].name.clone(),
                        None => Context::embedded().place_abroad(site.position, self.lang),
                    };
                    // in a change map the box says what changed out there too
                    let change = self.change.map(|c| c.of_partner(partner));
                    let lang = self.lang;
                    match change {
                        Some(Change::New) => place.push_str(lang.pick(", neu", ", new")),
                        Some(Change::Ended) => {
                            place.push_str(lang.pick(", ausgeschieden", ", ended"));
                        }
                        _ => {}
                    }
                    let position = projection.project(site.position)?;
                    partners.outside.push((
                        partner,
                        OutsideItem {
                            place,
                            position,
                            emphasis: partner.role == Role::Coordinator,
                        },
                    ));
                }
                None => *partners.unknown.entry(partner.role).or_default() += 1,
            }
        }
        Ok(partners)
    }

    /// Step 2: markers, spread inside their municipality.
    fn place_markers<'n>(
        &self,
        project: &Project,
        partners: &PartnersByPlace<'n>,
        at: &PanelFrame,
        inputs: &FigureInputs,
        warnings: &mut Vec<String>,
    ) -> Result<PlacedMarkers<'n>, ProjectionError> {
        let boundaries = inputs.boundaries;
        let projection = inputs.projected.projection();
        let mut placed = PlacedMarkers {
            markers: Vec::new(),
            clusters: Vec::new(),
        };
        let mut occupied: Vec<Disc> = Vec::new();
        for (&g, partners) in &partners.by_municipality {
            let mut partners = partners.clone();
            partners.sort_by(|a, b| a.role.cmp(&b.role).then(a.id.cmp(&b.id)));
            let looks: Vec<(RoleSymbol, bool)> =
                partners.iter().map(|p| self.marker_look(p)).collect();
            let radii: Vec<f64> = looks
                .iter()
                .map(|&(symbol, ring)| clearance(&symbol, ring))
                .collect();
            let area = polygon_to_page(&at.geometry.polygon(g), &at.transform);
            let anchor = at
                .transform
                .to_page(projection.project(boundaries.municipalities()[g].point)?);
            let spread = spread_markers(anchor, &radii, MARKER_GAP, &area, &occupied);
            if spread.containment == Containment::Spilled {
                warnings.push(format!(
                    "figure {}: panel {}: the {} markers in {} do not all fit inside it at this scale",
                    self.id,
                    project.id,
                    partners.len(),
                    boundaries.municipalities()[g].name
                ));
            }
            let first = placed.markers.len();
            for ((partner, &(symbol, ring)), (c, r)) in partners
                .iter()
                .zip(&looks)
                .zip(spread.centers.iter().zip(&radii))
            {
                occupied.push(Disc {
                    center: *c,
                    radius: *r,
                });
                placed.markers.push(Marker {
                    partner,
                    center: Point::new(c.x, c.y),
                    symbol,
                    inside: spread.containment != Containment::Spilled,
                    ring,
                });
            }
            placed.clusters.push(Cluster {
                municipality: Some(g),
                name: boundaries.municipalities()[g].name.clone(),
                key: boundaries.municipalities()[g].ags.to_string(),
                markers: (first..placed.markers.len()).collect(),
                enclosing: spread.enclosing(&radii),
                has_coordinator: partners.iter().any(|p| p.role == Role::Coordinator),
            });
        }
        Ok(placed)
    }

    /// Step 2, summed up: the coordination as its marker, everyone else in
    /// the region as one symbol per place, moved apart where they would
    /// overlap; the places with the most partners are named.
    fn summed_up<'n>(
        &self,
        project: &Project,
        partners: &PartnersByPlace<'n>,
        level: Level,
        at: &PanelFrame,
        inputs: &FigureInputs,
        warnings: &mut Vec<String>,
    ) -> Result<(PlacedMarkers<'n>, Vec<PlaceSymbol>), ProjectionError> {
        let projection = inputs.projected.projection();
        let municipalities = inputs.boundaries.municipalities();
        let mut hubs = PartnersByPlace {
            by_municipality: BTreeMap::new(),
            outside: Vec::new(),
            unknown: BTreeMap::new(),
        };
        let mut rest: Vec<(usize, &Partner)> = Vec::new();
        for (&g, list) in &partners.by_municipality {
            for &p in list {
                if p.role == Role::Coordinator {
                    hubs.by_municipality.entry(g).or_default().push(p);
                } else {
                    rest.push((g, p));
                }
            }
        }
        let mut placed = self.place_markers(project, &hubs, at, inputs, warnings)?;
        let hub_keys: Vec<String> = hubs
            .by_municipality
            .keys()
            .map(|&g| match level {
                Level::Municipality => municipalities[g].ags.to_string(),
                Level::Kreis => municipalities[g].ags.kreis_key(),
            })
            .collect();
        let groups = group_by_place(level, rest.iter().copied(), municipalities);
        let scale = at.place_scale.unwrap_or(PlaceScale {
            level,
            max_count: groups.values().map(|g| g.2.len()).max().unwrap_or(1),
        });
        let mut places: Vec<PlaceSymbol> = Vec::new();
        for (key, (name, municipality, members)) in groups {
            // the true place: the municipality's point, or the mean of the
            // members' municipalities for a Kreis
            let (mut x, mut y) = (0.0, 0.0);
            for (g, _) in rest
                .iter()
                .filter(|(_, p)| members.iter().any(|m| m.id == p.id))
            {
                let c = at
                    .transform
                    .to_page(projection.project(municipalities[*g].point)?);
                x += c.x;
                y += c.y;
            }
            let n = members.len() as f64;
            let anchor = Point::new(x / n, y / n);
            let counts: Vec<(Role, usize)> = [Role::Core, Role::Loose]
                .into_iter()
                .map(|r| (r, members.iter().filter(|p| p.role == r).count()))
                .filter(|c| c.1 > 0)
                .collect();
            places.push(PlaceSymbol {
                id: format!("{}-place-{key}", project.id),
                has_coordinator: hub_keys.contains(&key),
                name,
                key,
                municipality,
                anchor,
                center: anchor,
                radius: scale.radius(members.len()),
                flow_width: scale.width(members.len()),
                counts,
                partners: members.iter().map(|p| p.name.clone()).collect(),
            });
        }
        let fixed: Vec<Disc> = placed
            .markers
            .iter()
            .map(|m| Disc {
                center: Coord {
                    x: m.center.x,
                    y: m.center.y,
                },
                radius: clearance(&m.symbol, m.ring),
            })
            .collect();
        displace(&mut places, &fixed);
        // names: the coordination's place, then the largest ones
        if places.iter().any(|p| p.has_coordinator) {
            placed.clusters.clear();
        }
        let mut by_size: Vec<&PlaceSymbol> = places.iter().collect();
        by_size.sort_by(|a, b| {
            b.has_coordinator
                .cmp(&a.has_coordinator)
                .then(b.total().cmp(&a.total()))
                .then(a.key.cmp(&b.key))
        });
        for p in by_size.into_iter().take(PLACE_LABELS) {
            placed.clusters.push(Cluster {
                municipality: p.municipality,
                name: p.name.clone(),
                key: p.key.clone(),
                markers: Vec::new(),
                enclosing: p.disc(),
                has_coordinator: p.has_coordinator,
            });
        }
        Ok((placed, places))
    }

    /// Step 3: partners outside the region, as badges at the frame edge.
    fn outside_badges(
        &self,
        partners: &PartnersByPlace,
        at: &PanelFrame,
        marker_boxes: &[Bounds],
        metrics: &TextMetrics,
    ) -> Outside {
        let items: Vec<OutsideItem> = partners.outside.iter().map(|(_, i)| i.clone()).collect();
        let centre_page = at.transform.to_page(at.frame.center());
        let lay_out = |sectors: usize| {
            let groups = group_by_direction(&items, at.frame.center(), sectors, 4, self.lang);
            let badges = layout_badges(
                &groups,
                at.frame_box,
                Point::new(centre_page.x, centre_page.y),
                marker_boxes,
                &BadgeStyle::new(self.style.small_pt),
                metrics,
            );
            Outside { groups, badges }
        };
        // eight directions, or four where eight boxes find no room
        let eight = lay_out(8);
        let crowded = eight.badges.iter().enumerate().any(|(k, b)| {
            let c = b.covered();
            marker_boxes.iter().any(|m| m.overlaps(&c))
                || eight.badges[k + 1..]
                    .iter()
                    .any(|o| o.covered().overlaps(&c))
        });
        if crowded { lay_out(4) } else { eight }
    }

    /// Step 4: links from the coordination (a marker, or its badge) to everyone else.
    fn links(
        &self,
        project: &Project,
        (markers, places): (&[Marker], &[PlaceSymbol]),
        partners: &PartnersByPlace,
        outside: &Outside,
        warnings: &mut Vec<String>,
    ) -> Vec<DrawnLink> {
        let has_role = |b: &EdgeBadge, role: Role| {
            outside.groups[b.group]
                .members
                .iter()
                .any(|&k| partners.outside[k].0.role == role)
        };
        let hub: Option<Point> = markers
            .iter()
            .find(|m| m.partner.role == Role::Coordinator)
            .map(|m| m.center)
            .or_else(|| {
                outside
                    .badges
                    .iter()
                    .find(|b| has_role(b, Role::Coordinator))
                    .map(|b| b.link_target)
            });
        let Some(hub) = hub else {
            if !markers.is_empty() || !places.is_empty() || !outside.badges.is_empty() {
                warnings.push(format!("figure {}: panel {}: the coordination has no known location, so no links are drawn", self.id, project.id));
            }
            return Vec::new();
        };
        let mut targets: Vec<(String, Role, Point, f64, Change)> = Vec::new();
        let mut widths: Vec<Option<f64>> = Vec::new();
        for p in places {
            targets.push((
                format!("{}-flow-{}", project.id, p.key),
                Role::Core,
                p.center,
                p.radius,
                Change::Continued,
            ));
            widths.push(Some(p.flow_width));
        }
        for m in markers
            .iter()
            .filter(|m| m.partner.role != Role::Coordinator)
        {
            targets.push((
                format!("{}-link-{}", project.id, m.partner.id),
                m.partner.role,
                m.center,
                m.outer_radius(),
                self.change
                    .map_or(Change::Continued, |c| c.of_link(m.partner)),
            ));
        }
        for (b_index, b) in outside.badges.iter().enumerate() {
            for role in [Role::Core, Role::Loose] {
                if has_role(b, role) && b.link_target != hub {
                    // a badge's link is new or ended when all its links of that role are
                    let changes: Vec<Change> = outside.groups[b.group]
                        .members
                        .iter()
                        .map(|&k| partners.outside[k].0)
                        .filter(|p| p.role == role)
                        .map(|p| self.change.map_or(Change::Continued, |c| c.of_link(p)))
                        .collect();
                    let change = match changes.first() {
                        Some(&first) if changes.iter().all(|&c| c == first) => first,
                        _ => Change::Continued,
                    };
                    targets.push((
                        format!("{}-link-outside-{b_index}-{}", project.id, role.as_str()),
                        role,
                        b.link_target,
                        0.0,
                        change,
                    ));
                }
            }
        }
        let points: Vec<Coord<f64>> = targets
            .iter()
            .map(|t| Coord { x: t.2.x, y: t.2.y })
            .collect();
        let routes = route_links(Coord { x: hub.x, y: hub.y }, &points, &FanOut::default());
        widths.resize(targets.len(), None);
        targets
            .into_iter()
            .zip(routes)
            .zip(widths)
            .map(|((t, route), flow_width)| DrawnLink {
                id: t.0,
                role: t.1,
                change: t.4,
                route,
                end_radius: t.3,
                flow_width,
            })
            .collect()
    }

    /// Step 6: the names of the municipalities with partners (the
    /// coordination's in bold), clear of `hard`, avoiding links where they can.
    fn panel_labels(
        &self,
        project: &Project,
        clusters: &[Cluster],
        (links, arrows): (&[DrawnLink], &[MoveArrow]),
        hard: Vec<Bounds>,
        at: &PanelFrame,
        inputs: &FigureInputs,
    ) -> (Vec<LabelItem>, Vec<UnplacedLabel>) {
        let municipalities = inputs.boundaries.municipalities();
        let label_pt = self.style.label_pt;
        let mut requests: Vec<LabelRequest> = Vec::new();
        let mut relative: Vec<Bounds> = Vec::new();
        let mut weights: Vec<FontWeight> = Vec::new();
        for c in clusters {
            let weight = if c.has_coordinator {
                FontWeight::Bold
            } else {
                FontWeight::Regular
            };
            let ink = inputs
                .metrics
                .ink_bounds(&label_probe(&c.name, label_pt, weight));
            relative.push(ink);
            weights.push(weight);
            requests.push(LabelRequest {
                id: format!("{}-label-{}", project.id, c.key),
                text: c.name.clone(),
                anchor: c.enclosing,
                width: ink.width(),
                height: ink.height(),
                priority: if c.has_coordinator {
                    1000.0
                } else {
                    c.markers.len() as f64
                },
            });
        }
        // the old places of moved partners, named unless a cluster names them
        for a in arrows {
            let Some(g) = a.from_municipality else {
                continue;
            };
            if clusters.iter().any(|c| c.municipality == Some(g.index())) {
                continue;
            }
            let m = &municipalities[g];
            let ink =
                inputs
                    .metrics
                    .ink_bounds(&label_probe(&m.name, label_pt, FontWeight::Regular));
            relative.push(ink);
            weights.push(FontWeight::Regular);
            requests.push(LabelRequest {
                id: format!("{}-label-moved-from-{}", project.id, m.ags),
                text: m.name.clone(),
                anchor: Disc {
                    center: Coord {
                        x: a.from.x,
                        y: a.from.y,
                    },
                    radius: sym::MOVE_ORIGIN_RADIUS,
                },
                width: ink.width(),
                height: ink.height(),
                priority: 0.5,
            });
        }
        let mut lines: Vec<LinkLine> = links
            .iter()
            .map(|l| LinkLine {
                points: l.route.polyline(),
                half_width: l.stroke().width_mm / 2.0,
            })
            .collect();
        lines.extend(arrows.iter().map(|a| LinkLine {
            points: a.sample(),
            half_width: sym::MOVE_ARROW_WIDTH / 2.0,
        }));
        let placement = place_labels(
            &requests,
            at.frame_box.expanded(-LABEL_INSET),
            &Obstacles {
                hard,
                links: lines,
                circles: Vec::new(),
            },
            &PlacementRules {
                leader_reach: LEADER_REACH,
                // not yet here: with it, a label of the 300-partner stress
                // panel (Kamp-Lintfort) finds no place at all
                leaders_clear_labels: false,
                ..PlacementRules::default()
            },
        );
        let labels = placed_labels(
            &placement,
            &requests,
            &relative,
            &weights,
            label_pt,
            &project.id,
            inputs.metrics,
        );
        (labels, unplaced_labels(&placement, &requests, &project.id))
    }
}

/// The heading lines of a panel: "P4  Title…", at most two lines.
pub(crate) fn heading_lines(
    project: &Project,
    width: f64,
    size_pt: f64,
    metrics: &TextMetrics,
) -> Vec<String> {
    let id_w = metrics.advance_mm(&project.id, size_pt, FontWeight::Bold) + HEADING_GAP;
    let lines = wrap_text(
        &project.title,
        width - id_w,
        size_pt,
        FontWeight::Regular,
        metrics,
    );
    match lines.len() {
        0 => vec![String::new()],
        1 | 2 => lines,
        _ => {
            let rest = lines[1..].join(" ");
            vec![
                lines[0].clone(),
                ellipsize(&rest, width - id_w, size_pt, FontWeight::Regular, metrics),
            ]
        }
    }
}

/// The heading of a panel at `origin`: the project id in bold, the title
/// lines beside it; and their ink box.
pub(crate) fn heading_items(
    project: &Project,
    lines: &[String],
    origin: Point,
    size_pt: f64,
    line_h: f64,
    metrics: &TextMetrics,
) -> (Vec<Item>, Bounds) {
    let ascent = metrics.ascent_mm(size_pt, FontWeight::Bold);
    let id_text = Text::new(
        Point::new(origin.x, origin.y + ascent),
        project.id.clone(),
        size_pt,
    )
    .bold()
    .colored(FURNITURE_INK)
    .with_id(format!("{}-heading-id", project.id));
    let id_w = metrics.advance_mm(&project.id, size_pt, FontWeight::Bold) + HEADING_GAP;
    let mut bounds = metrics.ink_bounds(&id_text);
    let mut items: Vec<Item> = vec![id_text.into()];
    for (k, line) in lines.iter().enumerate() {
        let t = Text::new(
            Point::new(origin.x + id_w, origin.y + ascent + k as f64 * line_h),
            line.clone(),
            size_pt,
        )
        .colored(FURNITURE_INK);
        bounds = bounds.union(&metrics.ink_bounds(&t));
        items.push(t.into());
    }
    (items, bounds)
}

/// Step 5: the box of partners without location: a dashed frame holding
/// "ohne Ortsangabe:" and one marker with a count per role; put in the
/// panel corner that covers nothing (bottom left first).
fn unknown_box(
    counts: &BTreeMap<Role, usize>,
    frame: Bounds,
    obstacles: &[Bounds],
    font_pt: f64,
    lang: Lang,
    metrics: &TextMetrics,
    project: &str,
) -> (Bounds, Vec<Item>) {
    let pad = CORNER_BOX_PAD;
    let ascent = metrics.ascent_mm(font_pt, FontWeight::Regular);
    let descent = metrics.descent_mm(font_pt, FontWeight::Regular);
    let caption = format!("{}:", lang.pick("ohne Ortsangabe", "location unknown"));
    let mut w = pad + metrics.advance_mm(&caption, font_pt, FontWeight::Regular);
    let parts: Vec<(Role, String)> = counts.iter().map(|(r, n)| (*r, format!("{n}"))).collect();
    for (role, n) in &parts {
        w += UNKNOWN_ITEM_GAP
            + 2.0 * role_symbol(*role).outer_radius()
            + UNKNOWN_COUNT_GAP
            + metrics.advance_mm(n, font_pt, FontWeight::Regular);
    }
    w += pad;
    let h = ascent + descent + 2.0 * pad;
    let b = corner_box(frame, w, h, obstacles);
    let mut items: Vec<Item> = vec![Item::Rect(Rect {
        id: Some(format!("{project}-unknown-box")),
        origin: Point::new(b.x0, b.y0),
        width_mm: w,
        height_mm: h,
        corner_radius_mm: 0.0,
        style: unknown_box_style(),
    })];
    let baseline = b.y0 + pad + ascent;
    let mid = b.y0 + h / 2.0;
    items.push(
        Text::new(Point::new(b.x0 + pad, baseline), caption.clone(), font_pt)
            .colored(FURNITURE_INK)
            .into(),
    );
    let mut x =
        b.x0 + pad + metrics.advance_mm(&caption, font_pt, FontWeight::Regular) + UNKNOWN_ITEM_GAP;
    for (role, n) in parts {
        let s = role_symbol(role);
        let r = s.outer_radius();
        items.push(s.item(Point::new(x + r, mid), None));
        x += 2.0 * r + UNKNOWN_COUNT_GAP;
        items.push(
            Text::new(Point::new(x, baseline), n.clone(), font_pt)
                .colored(FURNITURE_INK)
                .into(),
        );
        x += metrics.advance_mm(&n, font_pt, FontWeight::Regular) + UNKNOWN_ITEM_GAP;
    }
    (b, items)
}

/// The last stretch of a link before its end (beyond the marker rim), as a
/// box; none for a flow line, which ends at the rim of a place symbol and
/// counts only as a line labels should not cross.
pub(crate) fn link_end_box(link: &DrawnLink) -> Option<Bounds> {
    if link.flow_width.is_some() {
        return None;
    }
    let to = link.route.to;
    let pts: Vec<Point> = link
        .route
        .sample(60)
        .into_iter()
        .filter(|p| {
            let d = (p.x - to.x).hypot(p.y - to.y);
            d >= link.end_radius && d <= link.end_radius + LINK_END
        })
        .map(|p| Point::new(p.x, p.y))
        .collect();
    let half = link.stroke().width_mm / 2.0;
    Bounds::of_points(pts).map(|b| b.expanded(half))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(title: &str) -> Project {
        Project {
            id: "P8".into(),
            title: title.into(),
            field: "HF5".into(),
            status: "running".into(),
            coordinator: "X".into(),
            seat: None,
        }
    }

    #[test]
    fn long_headings_take_two_lines_at_most_and_fit() {
        let m = TextMetrics::embedded();
        let p = project(
            "Chancen im Norden – Bildungs- und Arbeitsmarktoffensive Emscher-Lippe mit sehr vielen weiteren Worten im Titel",
        );
        let lines = heading_lines(&p, 60.0, 7.0, m);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        let id_w = m.advance_mm("P8", 7.0, FontWeight::Bold) + HEADING_GAP;
        for l in &lines {
            assert!(
                m.advance_mm(l, 7.0, FontWeight::Regular) <= 60.0 - id_w + 1e-9,
                "{l}"
            );
        }
        assert_eq!(heading_lines(&project("Kurz"), 60.0, 7.0, m), ["Kurz"]);
    }

    #[test]
    fn link_end_boxes_cover_the_stretch_before_the_marker() {
        let link = DrawnLink {
            id: "P1-link-P1-02".into(),
            role: Role::Core,
            change: Change::Continued,
            route: RoutedLink::straight(Coord { x: 0.0, y: 0.0 }, Coord { x: 20.0, y: 0.0 }),
            end_radius: 1.0,
            flow_width: None,
        };
        let b = link_end_box(&link).unwrap();
        // from the marker rim (19 mm) back by LINK_END, widened by half the stroke
        assert!(
            (b.x1 - 19.0).abs() < 0.4 && (b.x0 - (19.0 - LINK_END)).abs() < 0.4,
            "{b:?}"
        );
        assert!(b.y0 < 0.0 && b.y1 > 0.0);
    }
}
