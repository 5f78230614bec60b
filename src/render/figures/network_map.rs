//! Network maps (Figs. 2–5): one panel per project in a grid, all panels on
//! the same extent and scale with one legend.
//!
//! Each panel shows the region shaded by sub-region with Kreis borders and
//! the region outline on top, the grey municipalities around it, and the
//! project's network: the coordination, core partners and looser partners
//! with distinct symbols, spread inside their municipality where several
//! share one; links from the coordination to every partner, under the
//! markers, fanned out where they would run along one another; partners
//! outside the region counted at the frame edge towards their location;
//! partners without location in a box; and the names of the municipalities
//! that carry partners, placed without covering anything.

use crate::boundaries::Context;
use crate::crs::{PageTransform, ProjectionError};
use crate::network::{Partner, Project, Role};
use crate::render::chart::{Bar, BarChart, bar_chart};
use crate::render::feature_info::{FeatureInfo, FeatureKind};
use crate::render::figures::base_map::{
    BaseMapGeometry, FrameGeometry, RegionMembership, polygon_to_page,
};
use crate::render::figures::figure::{BuiltFigure, FigureBuildError, FigureInputs, check_projects};
use crate::render::fonts::TextMetrics;
use crate::render::layout::{
    BadgeStyle, EdgeBadge, OutsideItem, group_by_direction, layout_badges,
};
use crate::render::layout::{BlockAnchor, FURNITURE_INK, ellipsize, scale_and_north, wrap_text};
use crate::render::layout::{Containment, Disc, spread_markers};
use crate::render::layout::{FanOut, RoutedLink, route_links};
use crate::render::layout::{FeatureBox, LabelBox, LayoutReport, MarkerBox, UnplacedLabel, bbox};
use crate::render::layout::{FrameMargins, MapFrame};
use crate::render::layout::{LabelRequest, Obstacles, PlacementRules, place_labels};
use crate::render::layout::{LegendEntry, LegendSection, LegendStyle, layout_legend};
use crate::render::layout::{
    attribution_line, finish_scene, line_height, new_scene, push_group, title_block,
};
use crate::render::scene::{
    Bounds, Color, FontWeight, Group, Item, Path, PathData, Point, Rect, Stroke, Style, Text,
};
use crate::render::symbology::{self as sym, RoleSymbol, role_symbol};
use crate::render::{FigureStyle, LegendPlacement};
use crate::text::Lang;
use geo_types::Coord;
use std::collections::BTreeMap;

/// A network figure: which projects, how laid out.
#[derive(Debug, Clone)]
pub struct NetworkMap<'c> {
    /// Figure id (file stem, prefix of element ids).
    pub id: &'c str,
    /// Title drawn above the maps.
    pub title: &'c str,
    /// Projects, one panel each, in reading order.
    pub projects: &'c [String],
    /// Panel columns; two for two or more projects when `None`.
    pub columns: Option<usize>,
    /// Draw a bar chart of partners per sub-region below the maps.
    pub subregion_chart: bool,
    /// Resolved style.
    pub style: &'c FigureStyle,
    /// Language of all labels.
    pub lang: Lang,
    /// Note appended to the attribution.
    pub note: Option<&'c str>,
}

/// Space between a panel heading's project id and its title (mm).
const HEADING_GAP: f64 = 1.6;
/// Gap between panel columns (mm).
const GAP_X: f64 = 4.0;
/// Gap between panel rows (mm).
const GAP_Y: f64 = 3.0;
/// Margin inside each panel's frame around the region (mm).
const PANEL_MARGIN: f64 = 2.0;
/// Gap between markers that share a municipality (mm).
const MARKER_GAP: f64 = 0.25;
/// Opacity of the sub-region fills: light tints under the network.
pub(crate) const FILL_OPACITY: f64 = 0.55;
/// Length of a link's end kept free of labels, beyond the marker rim (mm).
const LINK_END: f64 = 1.5;

/// One placed marker.
#[derive(Debug, Clone)]
struct Marker<'n> {
    partner: &'n Partner,
    center: Point,
    symbol: RoleSymbol,
    inside: bool,
}

/// A municipality carrying partners in one panel.
#[derive(Debug, Clone)]
struct Cluster {
    municipality: usize,
    markers: Vec<usize>,
    enclosing: Disc,
    has_coordinator: bool,
}

/// A link as drawn.
#[derive(Debug, Clone)]
struct DrawnLink {
    id: String,
    role: Role,
    route: RoutedLink,
    /// Radius of the marker or badge edge at the end (mm), 0 for badges.
    end_radius: f64,
}

/// A placed label: its report entry, its text and its leader line, if any.
type LabelItem = (LabelBox, Text, Option<[Coord<f64>; 2]>);

/// Everything one panel holds, in page coordinates.
struct Panel<'n> {
    project: &'n Project,
    frame_box: Bounds,
    transform: PageTransform,
    markers: Vec<Marker<'n>>,
    links: Vec<DrawnLink>,
    badges: Vec<EdgeBadge>,
    unknown: Option<(Bounds, Vec<Item>)>,
    labels: Vec<LabelItem>,
    unplaced: Vec<UnplacedLabel>,
    heading: Vec<Item>,
    heading_bounds: Bounds,
}

/// Which symbols occur anywhere in the figure (the legend shows exactly these).
#[derive(Debug, Default, Clone, Copy)]
struct Used {
    roles: [bool; 3],
    links: [bool; 3],
    outside: bool,
    unknown: bool,
}

fn role_index(role: Role) -> usize {
    match role {
        Role::Coordinator => 0,
        Role::Core => 1,
        Role::Loose => 2,
    }
}

impl NetworkMap<'_> {
    /// Builds the figure.
    pub fn render(&self, inputs: &FigureInputs) -> Result<BuiltFigure, FigureBuildError> {
        let network = inputs.network;
        let metrics = inputs.metrics;
        let lang = self.lang;
        let style = self.style;
        check_projects(self.id, self.projects, network)?;
        let projects: Vec<&Project> = self
            .projects
            .iter()
            .filter_map(|id| network.project(id))
            .collect();
        for p in &projects {
            if network.partners_of(&p.id).next().is_none() {
                return Err(FigureBuildError::ProjectWithoutPartners {
                    figure: self.id.to_string(),
                    project: p.id.clone(),
                });
            }
        }
        let proj_err = |source: ProjectionError| FigureBuildError::Projection {
            figure: self.id.to_string(),
            source,
        };
        let membership =
            RegionMembership::new(inputs.boundaries, inputs.region, Some(inputs.subregions));
        if membership.members.is_empty() {
            return Err(FigureBuildError::EmptyRegion {
                figure: self.id.to_string(),
                region: inputs.region.name().to_string(),
            });
        }
        let projection = inputs.projected.projection();
        let region_extent = inputs
            .projected
            .extent_of(&membership.members)
            .map_err(proj_err)?;

        // what the legend has to explain
        let mut used = Used::default();
        for p in &projects {
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

        // ---- page layout ----------------------------------------------------
        let n = projects.len();
        let columns = self
            .columns
            .unwrap_or(if n == 1 { 1 } else { 2 })
            .clamp(1, n.max(1));
        let rows = n.div_ceil(columns);
        let width = style.width_mm;
        let legend_style = LegendStyle::new(style.legend_pt);
        let sections = self.legend_sections(&used, inputs);
        let scale_block_w = 32.0;
        let right_legend_w = if style.legend == LegendPlacement::Right {
            let l = layout_legend(
                &sections,
                Point::new(0.0, 0.0),
                60.0,
                &legend_style,
                metrics,
            );
            l.bounds.width().max(scale_block_w) + GAP_X
        } else {
            0.0
        };
        let grid_w = width - right_legend_w;
        let panel_w = (grid_w - GAP_X * (columns - 1) as f64) / columns as f64;
        let frame = MapFrame::fit_width(
            region_extent,
            panel_w,
            FrameMargins::uniform(PANEL_MARGIN),
            0.0,
        );
        let panel_h = frame.height_mm;

        let title = title_block(self.title, width, style.title_pt, style.show_title, metrics);
        let title_h = title.height;

        let heading_line_h = line_height(metrics, style.panel_title_pt, FontWeight::Bold);
        let headings: Vec<Vec<String>> = projects
            .iter()
            .map(|p| heading_lines(p, panel_w, style.panel_title_pt, metrics))
            .collect();
        let heading_rows = headings.iter().map(Vec::len).max().unwrap_or(1);
        let heading_h = heading_rows as f64 * heading_line_h + 0.8;
        let cell_h = heading_h + panel_h;

        // the legend goes into an empty grid cell when one is free and large enough
        let empty_cells = rows * columns - n;
        let cell_legend = match style.legend {
            LegendPlacement::Auto if empty_cells > 0 => {
                let l = layout_legend(
                    &sections,
                    Point::new(0.0, 0.0),
                    panel_w * empty_cells as f64 + GAP_X * (empty_cells - 1) as f64,
                    &legend_style,
                    metrics,
                );
                l.bounds.height() + 10.0 <= cell_h
            }
            _ => false,
        };

        let grid_top = title_h;
        let grid_bottom = grid_top + rows as f64 * cell_h + (rows - 1) as f64 * GAP_Y;
        let cell_origin = |k: usize| {
            Point::new(
                (k % columns) as f64 * (panel_w + GAP_X),
                grid_top + (k / columns) as f64 * (cell_h + GAP_Y),
            )
        };

        // ---- geometry shared by all panels ------------------------------------
        let window = frame.lonlat_window(projection, 0.05).map_err(proj_err)?;
        // Douglas–Peucker at 0.08 mm on the page: invisible, and it keeps files small
        let tolerance_m = 0.08 / frame.mm_per_metre();
        let frame_geometry =
            FrameGeometry::new(inputs.projected, window, tolerance_m).map_err(proj_err)?;
        let base = BaseMapGeometry::new(
            &frame_geometry,
            &membership.in_region,
            &membership.kreis,
            &membership.class,
            inputs.subregions.classes().len(),
        )
        .clipped(frame.extent);
        let fills: Vec<Color> = inputs
            .subregions
            .classes()
            .iter()
            .map(|c| Color::from_hex(&c.fill).unwrap_or(sym::UNCLASSED_FILL))
            .collect();
        let north = projection
            .unproject(frame.center())
            .and_then(|c| projection.north_angle(c))
            .map_err(proj_err)?;

        // ---- panels -----------------------------------------------------------
        let mut panels: Vec<Panel> = Vec::new();
        let mut warnings: Vec<String> = Vec::new();
        for (k, project) in projects.iter().enumerate() {
            let cell = cell_origin(k);
            let map_origin = Point::new(cell.x, cell.y + heading_h);
            let frame_box = Bounds {
                x0: map_origin.x,
                y0: map_origin.y,
                x1: map_origin.x + panel_w,
                y1: map_origin.y + panel_h,
            };
            let transform = frame.page_transform(Coord {
                x: map_origin.x,
                y: map_origin.y,
            });
            let mut panel = self
                .build_panel(
                    project,
                    frame_box,
                    transform,
                    &frame_geometry,
                    &frame,
                    inputs,
                    &mut warnings,
                )
                .map_err(proj_err)?;
            let (heading, heading_bounds) = heading_items(
                project,
                &headings[k],
                cell,
                style.panel_title_pt,
                heading_line_h,
                metrics,
            );
            panel.heading = heading;
            panel.heading_bounds = heading_bounds;
            panels.push(panel);
        }

        // ---- legend, scale bar, north arrow -----------------------------------
        let (legend_origin, legend_width) = if cell_legend {
            let c = cell_origin(n);
            (Point::new(c.x + 1.0, c.y + 1.0), grid_w - c.x - 1.0)
        } else if style.legend == LegendPlacement::Right {
            (Point::new(grid_w + GAP_X, grid_top), right_legend_w - GAP_X)
        } else {
            (
                Point::new(0.0, grid_bottom + 3.0),
                width - scale_block_w - 4.0,
            )
        };
        let legend = layout_legend(
            &sections,
            legend_origin,
            legend_width,
            &legend_style,
            metrics,
        );
        let anchor = if cell_legend || style.legend == LegendPlacement::Right {
            BlockAnchor::Left(legend_origin.x)
        } else {
            BlockAnchor::Right(width - 0.5)
        };
        let scale_top = if cell_legend || style.legend == LegendPlacement::Right {
            legend.bounds.y1 + 3.0
        } else {
            grid_bottom + 3.0
        };
        let (scale, arrow) = scale_and_north(
            anchor,
            scale_top,
            22.0,
            frame.mm_per_metre(),
            north,
            style.small_pt,
            lang,
            metrics,
        );
        let furniture_bottom = legend.bounds.y1.max(scale.bounds.y1).max(arrow.bounds.y1);
        let content_bottom = if cell_legend || style.legend == LegendPlacement::Right {
            grid_bottom.max(furniture_bottom)
        } else {
            furniture_bottom
        };

        // ---- optional bar chart: partners per sub-region --------------------------
        let chart = if self.subregion_chart {
            let bars = self.subregion_bars(&projects, inputs);
            let height = 7.0 + bars.len() as f64 * 3.4;
            let chart = BarChart {
                id: format!("{}-chart-subregions", self.id),
                title: Some(
                    lang.pick("Partner:innen je Teilraum", "Partners per sub-region")
                        .to_string(),
                ),
                value_label: Some(lang.pick("Anzahl", "Number").to_string()),
                bars,
                font_size_pt: style.legend_pt,
                ink: FURNITURE_INK,
            };
            // wide enough for the longest category and bars of about 40 mm
            let label_w = chart
                .bars
                .iter()
                .map(|b| metrics.advance_mm(&b.label, style.legend_pt, FontWeight::Regular))
                .fold(0.0, f64::max);
            let width = (label_w + 42.0).clamp((width / 2.0).min(80.0), width);
            let embedded = bar_chart(&chart, Point::new(0.0, content_bottom + 3.0), width, height)
                .map_err(|source| FigureBuildError::Chart {
                    figure: self.id.to_string(),
                    source,
                })?;
            Some(embedded)
        } else {
            None
        };
        let content_bottom = chart
            .as_ref()
            .map_or(content_bottom, |c| c.origin.y + c.height_mm);

        // ---- title and attribution --------------------------------------------
        let (attribution, attribution_bounds, height) = attribution_line(
            self.id,
            content_bottom,
            width,
            style.small_pt,
            lang,
            projection.crs(),
            self.note,
            metrics,
        );

        // ---- scene -------------------------------------------------------------
        let mut scene = new_scene(width, height, self.title, lang);
        let mut layout = LayoutReport {
            figure: self.id.to_string(),
            width_mm: width,
            height_mm: height,
            scale_denominator: (frame.scale_denominator()).round(),
            crs: projection.crs().to_string(),
            ..LayoutReport::default()
        };
        let mut features: Vec<(String, FeatureInfo)> = Vec::new();
        for panel in panels {
            let pid = panel.project.id.clone();
            features.extend(panel_features(&panel, inputs, lang));
            let clip = PathData::rect(
                panel.frame_box.x0,
                panel.frame_box.y0,
                panel.frame_box.width(),
                panel.frame_box.height(),
            );
            let drawn = base.draw(
                &panel.transform,
                &fills,
                FILL_OPACITY,
                &format!("{}-{pid}", self.id),
            );
            let mut put = |layer: &str, suffix: &str, items: Vec<Item>, clipped: bool| {
                push_group(
                    &mut scene,
                    layer,
                    format!("{pid}-{suffix}"),
                    items,
                    clipped.then(|| clip.clone()),
                );
            };
            put("context", "context", drawn.context, false);
            put("subregions", "subregions", drawn.fills, false);
            put(
                "municipalities",
                "municipalities",
                drawn.municipality_borders,
                false,
            );
            put("borders", "borders", drawn.borders, false);
            // the base map is cut to the frame already; links may bow over its edge, so they keep a clip path
            // links: looser first, core on top
            let mut link_items: Vec<Item> = Vec::new();
            for role in [Role::Loose, Role::Core] {
                for l in panel.links.iter().filter(|l| l.role == role) {
                    let data = PathData::new()
                        .move_to(Point::new(l.route.from.x, l.route.from.y))
                        .quad_to(
                            Point::new(l.route.control.x, l.route.control.y),
                            Point::new(l.route.to.x, l.route.to.y),
                        );
                    link_items.push(Item::Path(Path {
                        id: Some(l.id.clone()),
                        data,
                        style: Style::stroke(sym::link_stroke(l.role)),
                    }));
                }
            }
            put("links", "links", link_items, true);
            // markers: looser first so the coordination is never covered
            let mut marker_items: Vec<Item> = Vec::new();
            let mut order: Vec<usize> = (0..panel.markers.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(role_index(panel.markers[i].partner.role)));
            for i in order {
                let m = &panel.markers[i];
                marker_items.push(m.symbol.item(m.center, Some(m.partner.id.clone())));
            }
            for m in &panel.markers {
                layout.markers.push(MarkerBox {
                    id: m.partner.id.clone(),
                    panel: pid.clone(),
                    kind: m.partner.role.as_str().to_string(),
                    bbox: bbox(&m.symbol.bounds(m.center)),
                    inside_municipality: m.inside,
                });
            }
            put("markers", "markers", marker_items, false);
            // edge badges and the unknown-location box belong with the markers' layer
            let mut badge_items: Vec<Item> = Vec::new();
            for (b_index, b) in panel.badges.iter().enumerate() {
                let id = format!("{pid}-outside-{b_index}");
                badge_items.push(b.group(&id, style.small_pt, FURNITURE_INK).into());
                layout.furniture.push(FeatureBox {
                    id,
                    panel: pid.clone(),
                    bbox: bbox(&b.covered()),
                });
            }
            if let Some((b, items)) = &panel.unknown {
                let mut g = Group::new(format!("{pid}-unknown"));
                g.items = items.clone();
                badge_items.push(g.into());
                layout.furniture.push(FeatureBox {
                    id: format!("{pid}-unknown"),
                    panel: pid.clone(),
                    bbox: bbox(b),
                });
            }
            put("markers", "outside", badge_items, false);
            let mut label_items: Vec<Item> = Vec::new();
            for (report, text, leader) in panel.labels {
                if let Some(points) = leader {
                    label_items.push(sym::leader_line(points, format!("{}-leader", report.id)));
                }
                layout.labels.push(report);
                label_items.push(text.into());
            }
            put("labels", "labels", label_items, false);
            layout.unplaced_labels.extend(panel.unplaced);
            for l in &panel.links {
                if let Some(end) = link_end_box(l) {
                    layout.link_ends.push(FeatureBox {
                        id: l.id.clone(),
                        panel: pid.clone(),
                        bbox: bbox(&end),
                    });
                }
            }
            // frame and heading
            let mut frame_items = vec![Item::Rect(Rect {
                id: Some(format!("{pid}-frame")),
                origin: Point::new(panel.frame_box.x0, panel.frame_box.y0),
                width_mm: panel.frame_box.width(),
                height_mm: panel.frame_box.height(),
                corner_radius_mm: 0.0,
                style: Style::stroke(Stroke::solid(Color::rgb(0x99, 0x99, 0x99), 0.2)),
            })];
            frame_items.extend(panel.heading);
            put("furniture", "frame", frame_items, false);
            layout.panels.push(FeatureBox {
                id: pid.clone(),
                panel: pid.clone(),
                bbox: bbox(&panel.frame_box),
            });
            layout.furniture.push(FeatureBox {
                id: format!("{pid}-heading"),
                panel: pid.clone(),
                bbox: bbox(&panel.heading_bounds),
            });
        }
        layout.legend.push(FeatureBox {
            id: "legend".into(),
            panel: String::new(),
            bbox: bbox(&legend.bounds),
        });
        layout.scale_bar.push(FeatureBox {
            id: "scale-bar".into(),
            panel: String::new(),
            bbox: bbox(&scale.bounds),
        });
        layout.furniture.push(FeatureBox {
            id: "north-arrow".into(),
            panel: String::new(),
            bbox: bbox(&arrow.bounds),
        });
        layout.furniture.push(FeatureBox {
            id: "attribution".into(),
            panel: String::new(),
            bbox: bbox(&attribution_bounds),
        });
        if let Some(b) = title.bounds {
            layout.furniture.push(FeatureBox {
                id: "title".into(),
                panel: String::new(),
                bbox: bbox(&b),
            });
        }
        push_group(
            &mut scene,
            "legend",
            "legend-block".into(),
            vec![legend.group.into()],
            None,
        );
        push_group(
            &mut scene,
            "furniture",
            format!("{}-title", self.id),
            title.items,
            None,
        );
        push_group(
            &mut scene,
            "furniture",
            "map-furniture".into(),
            vec![scale.group.into(), arrow.group.into(), attribution.into()],
            None,
        );
        if let Some(chart) = chart {
            let b = Bounds {
                x0: chart.origin.x,
                y0: chart.origin.y,
                x1: chart.origin.x + chart.width_mm,
                y1: chart.origin.y + chart.height_mm,
            };
            layout.furniture.push(FeatureBox {
                id: chart.id.clone(),
                panel: String::new(),
                bbox: bbox(&b),
            });
            push_group(
                &mut scene,
                "legend",
                format!("{}-chart", self.id),
                vec![Item::Embedded(chart)],
                None,
            );
        }
        for (id, info) in features {
            scene.describe_feature(id, info);
        }
        finish_scene(&mut scene);

        for u in &layout.unplaced_labels {
            warnings.push(format!(
                "figure {}: panel {}: label {:?} could not be placed without overlap",
                self.id, u.panel, u.text
            ));
        }
        Ok(BuiltFigure {
            id: self.id.to_string(),
            scene,
            layout,
            warnings,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn build_panel<'n>(
        &self,
        project: &'n Project,
        frame_box: Bounds,
        transform: PageTransform,
        geometry: &FrameGeometry,
        frame: &MapFrame,
        inputs: &FigureInputs<'n>,
        warnings: &mut Vec<String>,
    ) -> Result<Panel<'n>, ProjectionError> {
        let boundaries = inputs.boundaries;
        let projection = inputs.projected.projection();
        let metrics = inputs.metrics;
        let lang = self.lang;
        let style = self.style;
        let to_page = |lonlat: Coord<f64>| -> Result<Point, ProjectionError> {
            let p = transform.to_page(projection.project(lonlat)?);
            Ok(Point::new(p.x, p.y))
        };

        // partners by kind of location
        let mut by_municipality: BTreeMap<usize, Vec<&Partner>> = BTreeMap::new();
        let mut outside: Vec<(&Partner, OutsideItem)> = Vec::new();
        let mut unknown: BTreeMap<Role, usize> = BTreeMap::new();
        for partner in inputs.network.partners_of(&project.id) {
            match &partner.site {
                Some(site)
                    if site.in_region
                        && site.municipality.is_some_and(|g| geometry.is_selected(g)) =>
                {
                    by_municipality
                        .entry(site.municipality.unwrap_or_default())
                        .or_default()
                        .push(partner);
                }
                Some(site) => {
                    let place = match site.municipality {
                        Some(g) => boundaries.municipalities()[g].name.clone(),
                        None => Context::embedded().place_abroad(site.position, lang),
                    };
                    let position = projection.project(site.position)?;
                    outside.push((
                        partner,
                        OutsideItem {
                            place,
                            position,
                            emphasis: partner.role == Role::Coordinator,
                        },
                    ));
                }
                None => *unknown.entry(partner.role).or_default() += 1,
            }
        }

        // markers, spread inside their municipality
        let mut markers: Vec<Marker> = Vec::new();
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut occupied: Vec<Disc> = Vec::new();
        for (&g, partners) in by_municipality.iter_mut() {
            partners.sort_by(|a, b| a.role.cmp(&b.role).then(a.id.cmp(&b.id)));
            let symbols: Vec<RoleSymbol> = partners.iter().map(|p| role_symbol(p.role)).collect();
            // squares need the half diagonal to clear their neighbours
            let radii: Vec<f64> = symbols
                .iter()
                .map(|s| {
                    if s.square {
                        s.outer_radius() * std::f64::consts::SQRT_2
                    } else {
                        s.outer_radius()
                    }
                })
                .collect();
            let area = polygon_to_page(&geometry.polygon(g), &transform);
            let anchor = to_page(boundaries.municipalities()[g].point)?;
            let spread = spread_markers(
                Coord {
                    x: anchor.x,
                    y: anchor.y,
                },
                &radii,
                MARKER_GAP,
                &area,
                &occupied,
            );
            if spread.containment == Containment::Spilled {
                warnings.push(format!(
                    "figure {}: panel {}: the {} markers in {} do not all fit inside it at this scale",
                    self.id,
                    project.id,
                    partners.len(),
                    boundaries.municipalities()[g].name
                ));
            }
            let first = markers.len();
            for ((partner, symbol), (c, r)) in partners
                .iter()
                .zip(&symbols)
                .zip(spread.centers.iter().zip(&radii))
            {
                occupied.push(Disc {
                    center: *c,
                    radius: *r,
                });
                markers.push(Marker {
                    partner,
                    center: Point::new(c.x, c.y),
                    symbol: *symbol,
                    inside: spread.containment != Containment::Spilled,
                });
            }
            let enclosing = spread.enclosing(&radii);
            clusters.push(Cluster {
                municipality: g,
                markers: (first..markers.len()).collect(),
                enclosing,
                has_coordinator: partners.iter().any(|p| p.role == Role::Coordinator),
            });
        }
        let marker_boxes: Vec<Bounds> = markers.iter().map(|m| m.symbol.bounds(m.center)).collect();

        // partners outside the region: badges at the frame edge
        let items: Vec<OutsideItem> = outside.iter().map(|(_, i)| i.clone()).collect();
        let groups = group_by_direction(&items, frame.center(), 8, 4, lang);
        let centre_page = transform.to_page(frame.center());
        let badges = layout_badges(
            &groups,
            frame_box,
            Point::new(centre_page.x, centre_page.y),
            &marker_boxes,
            &BadgeStyle::new(style.small_pt),
            metrics,
        );

        // links from the coordination (a marker, or its badge) to everyone else
        let hub: Option<Point> = markers
            .iter()
            .find(|m| m.partner.role == Role::Coordinator)
            .map(|m| m.center)
            .or_else(|| {
                badges
                    .iter()
                    .find(|b| {
                        groups[b.group]
                            .members
                            .iter()
                            .any(|&k| outside[k].0.role == Role::Coordinator)
                    })
                    .map(|b| b.link_target)
            });
        let mut links: Vec<DrawnLink> = Vec::new();
        if let Some(hub) = hub {
            let mut targets: Vec<(String, Role, Point, f64)> = Vec::new();
            for m in markers
                .iter()
                .filter(|m| m.partner.role != Role::Coordinator)
            {
                targets.push((
                    format!("{}-link-{}", project.id, m.partner.id),
                    m.partner.role,
                    m.center,
                    m.symbol.outer_radius(),
                ));
            }
            for (b_index, b) in badges.iter().enumerate() {
                for role in [Role::Core, Role::Loose] {
                    if groups[b.group]
                        .members
                        .iter()
                        .any(|&k| outside[k].0.role == role)
                        && b.link_target != hub
                    {
                        targets.push((
                            format!("{}-link-outside-{b_index}-{}", project.id, role.as_str()),
                            role,
                            b.link_target,
                            0.0,
                        ));
                    }
                }
            }
            let points: Vec<Coord<f64>> = targets
                .iter()
                .map(|t| Coord { x: t.2.x, y: t.2.y })
                .collect();
            let routes = route_links(Coord { x: hub.x, y: hub.y }, &points, &FanOut::default());
            for (t, route) in targets.into_iter().zip(routes) {
                links.push(DrawnLink {
                    id: t.0,
                    role: t.1,
                    route,
                    end_radius: t.3,
                });
            }
        } else if !markers.is_empty() || !badges.is_empty() {
            warnings.push(format!("figure {}: panel {}: the coordination has no known location, so no links are drawn", self.id, project.id));
        }

        // partners without location: a box in the emptiest corner
        let unknown_box = if unknown.is_empty() {
            None
        } else {
            let obstacles: Vec<Bounds> = marker_boxes
                .iter()
                .copied()
                .chain(badges.iter().map(EdgeBadge::covered))
                .collect();
            Some(unknown_box(
                &unknown,
                frame_box,
                &obstacles,
                style.small_pt,
                lang,
                metrics,
                &project.id,
            ))
        };

        // labels: municipalities with partners
        let label_pt = style.label_pt;
        let halo = 0.5;
        let mut requests: Vec<LabelRequest> = Vec::new();
        let mut relative: Vec<Bounds> = Vec::new();
        let mut weights: Vec<FontWeight> = Vec::new();
        for c in &clusters {
            let name = &boundaries.municipalities()[c.municipality].name;
            // the coordination's municipality is named in bold
            let mut probe = Text::new(Point::new(0.0, 0.0), name.clone(), label_pt)
                .with_halo(Color::WHITE, halo);
            if c.has_coordinator {
                probe = probe.bold();
            }
            let ink = metrics.ink_bounds(&probe);
            relative.push(ink);
            weights.push(probe.weight);
            requests.push(LabelRequest {
                id: format!(
                    "{}-label-{}",
                    project.id,
                    boundaries.municipalities()[c.municipality].ags
                ),
                text: name.clone(),
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
        let mut hard: Vec<Bounds> = marker_boxes.clone();
        hard.extend(links.iter().filter_map(link_end_box));
        hard.extend(badges.iter().map(EdgeBadge::covered));
        if let Some((b, _)) = &unknown_box {
            hard.push(*b);
        }
        let link_points: Vec<Coord<f64>> = links.iter().flat_map(|l| l.route.sample(24)).collect();
        let placement = place_labels(
            &requests,
            frame_box.expanded(-0.4),
            &Obstacles { hard, link_points },
            &PlacementRules::default(),
        );
        let mut labels = Vec::new();
        for p in &placement.placed {
            let rel = relative[p.request];
            let position = Point::new(p.rect.x0 - rel.x0, p.rect.y0 - rel.y0);
            let req = &requests[p.request];
            let mut text = Text::new(position, req.text.clone(), label_pt)
                .with_halo(Color::WHITE, halo)
                .colored(FURNITURE_INK)
                .with_id(req.id.clone());
            text.weight = weights[p.request];
            let ink = metrics.ink_bounds(&text);
            labels.push((
                LabelBox {
                    text: req.text.clone(),
                    id: req.id.clone(),
                    panel: project.id.clone(),
                    bbox: bbox(&ink),
                    anchor: [
                        crate::render::layout::round_mm(req.anchor.center.x),
                        crate::render::layout::round_mm(req.anchor.center.y),
                    ],
                },
                text,
                p.leader,
            ));
        }
        let unplaced = placement
            .unplaced
            .iter()
            .map(|&i| UnplacedLabel {
                text: requests[i].text.clone(),
                id: requests[i].id.clone(),
                panel: project.id.clone(),
            })
            .collect();

        Ok(Panel {
            project,
            frame_box,
            transform,
            markers,
            links,
            badges,
            unknown: unknown_box,
            labels,
            unplaced,
            heading: Vec::new(),
            heading_bounds: frame_box,
        })
    }

    /// Partners of `projects` (coordinations included) per sub-region class, then
    /// outside the region and without location, for the bar chart.
    fn subregion_bars(&self, projects: &[&Project], inputs: &FigureInputs) -> Vec<Bar> {
        let lang = self.lang;
        let classes = inputs.subregions.classes();
        let mut counts = vec![0u32; classes.len()];
        let (mut outside, mut unknown, mut unclassed) = (0u32, 0u32, 0u32);
        for p in projects {
            for partner in inputs.network.partners_of(&p.id) {
                match &partner.site {
                    Some(site) if site.in_region => {
                        let class = site.municipality.and_then(|g| {
                            inputs
                                .subregions
                                .class_index(inputs.boundaries.municipalities()[g].ags)
                        });
                        match class {
                            Some(c) => counts[c] += 1,
                            None => unclassed += 1,
                        }
                    }
                    Some(_) => outside += 1,
                    None => unknown += 1,
                }
            }
        }
        let mut bars: Vec<Bar> = classes
            .iter()
            .zip(&counts)
            .map(|(c, &n)| Bar {
                label: c.label(lang).to_string(),
                count: n,
                color: sym::tint(
                    Color::from_hex(&c.fill).unwrap_or(sym::UNCLASSED_FILL),
                    0.85,
                ),
            })
            .collect();
        if unclassed > 0 {
            bars.push(Bar {
                label: lang.pick("ohne Teilraum", "no sub-region").into(),
                count: unclassed,
                color: sym::UNCLASSED_FILL,
            });
        }
        bars.push(Bar {
            label: outside_short(inputs, lang),
            count: outside,
            color: Color::rgb(0xa6, 0xa6, 0xa6),
        });
        if unknown > 0 {
            bars.push(Bar {
                label: lang.pick("ohne Ortsangabe", "location unknown").into(),
                count: unknown,
                color: Color::rgb(0xd9, 0xd9, 0xd9),
            });
        }
        bars
    }

    fn legend_sections(&self, used: &Used, inputs: &FigureInputs) -> Vec<LegendSection> {
        let lang = self.lang;
        let mut sections = Vec::new();
        // one row per role: its marker, with the style of the link leading to it
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
                        .move_to(Point::new(-3.2, 0.0))
                        .line_to(Point::new(1.6, 0.0)),
                    style: Style::stroke(sym::link_stroke(role)),
                }));
            }
            let x = if role == Role::Coordinator { 0.0 } else { 1.6 };
            symbol.push(role_symbol(role).item(Point::new(x, 0.0), None));
            actors.push(LegendEntry {
                symbol,
                symbol_width: 6.8,
                symbol_height: 2.6,
                label: role.label(lang).to_string(),
            });
        }
        if used.outside {
            let mut symbol = vec![Item::Rect(Rect {
                id: None,
                origin: Point::new(-3.2, -1.1),
                width_mm: 4.2,
                height_mm: 2.2,
                corner_radius_mm: 0.4,
                style: crate::render::layout::badge_style(),
            })];
            symbol.push(Item::Path(Path {
                id: None,
                data: PathData::new()
                    .move_to(Point::new(3.0, 0.0))
                    .line_to(Point::new(1.5, -0.65))
                    .line_to(Point::new(1.5, 0.65))
                    .close(),
                style: Style::fill(FURNITURE_INK),
            }));
            actors.push(LegendEntry {
                symbol,
                symbol_width: 6.8,
                symbol_height: 2.4,
                label: outside_label(inputs, lang),
            });
        }
        if used.unknown {
            let symbol = vec![Item::Rect(Rect {
                id: None,
                origin: Point::new(-3.2, -1.1),
                width_mm: 4.2,
                height_mm: 2.2,
                corner_radius_mm: 0.0,
                style: unknown_style(),
            })];
            actors.push(LegendEntry {
                symbol,
                symbol_width: 6.8,
                symbol_height: 2.4,
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
        sections.push(boundaries_section(inputs, lang));
        sections
    }
}

/// The legend section naming the sub-region fills of the base map, if the
/// mapping has classes. Every figure that shades by sub-region shows it.
pub(crate) fn subregions_section(inputs: &FigureInputs, lang: Lang) -> Option<LegendSection> {
    let classes: Vec<LegendEntry> = inputs
        .subregions
        .classes()
        .iter()
        .map(|c| {
            let fill = Color::from_hex(&c.fill).unwrap_or(sym::UNCLASSED_FILL);
            let patch = Item::Rect(Rect {
                id: None,
                origin: Point::new(-1.8, -1.2),
                width_mm: 3.6,
                height_mm: 2.4,
                corner_radius_mm: 0.0,
                style: Style::fill(sym::tint(fill, FILL_OPACITY)),
            });
            LegendEntry {
                symbol: vec![patch],
                symbol_width: 4.0,
                symbol_height: 2.4,
                label: c.label(lang).to_string(),
            }
        })
        .collect();
    if classes.is_empty() {
        return None;
    }
    let columns = if classes.len() > 3 { 2 } else { 1 };
    Some(LegendSection {
        id: "legend-subregions".into(),
        title: Some(lang.pick("Teilräume", "Sub-regions").into()),
        entries: classes,
        columns,
    })
}

/// The legend section explaining the base map: region outline, Kreis borders, context.
pub(crate) fn boundaries_section(inputs: &FigureInputs, lang: Lang) -> LegendSection {
    let line = |stroke: Stroke| {
        Item::Path(Path {
            id: None,
            data: PathData::new()
                .move_to(Point::new(-2.0, 0.0))
                .line_to(Point::new(2.0, 0.0)),
            style: Style::stroke(stroke),
        })
    };
    let context_patch = Item::Rect(Rect {
        id: None,
        origin: Point::new(-1.8, -1.2),
        width_mm: 3.6,
        height_mm: 2.4,
        corner_radius_mm: 0.0,
        style: Style::fill(sym::CONTEXT_FILL),
    });
    LegendSection {
        id: "legend-boundaries".into(),
        title: Some(lang.pick("Grenzen", "Boundaries").into()),
        entries: vec![
            LegendEntry {
                symbol: vec![line(Stroke::solid(sym::REGION_OUTLINE, 0.5))],
                symbol_width: 4.0,
                symbol_height: 2.0,
                label: region_name(inputs, lang),
            },
            LegendEntry {
                symbol: vec![line(Stroke::solid(sym::KREIS_BORDER, 0.3))],
                symbol_width: 4.0,
                symbol_height: 2.0,
                label: lang.pick("Kreise", "districts").into(),
            },
            LegendEntry {
                symbol: vec![context_patch],
                symbol_width: 4.0,
                symbol_height: 2.4,
                label: lang
                    .pick("Gemeinden außerhalb", "municipalities outside")
                    .into(),
            },
        ],
        columns: 3,
    }
}

/// The region's name for the legend ("Ruhrgebiet" for the Regionalverband Ruhr).
pub(crate) fn region_name(inputs: &FigureInputs, lang: Lang) -> String {
    if inputs.region.name() == crate::boundaries::RUHR_NAME {
        lang.pick("Ruhrgebiet (RVR)", "Ruhr (RVR)").to_string()
    } else {
        inputs.region.name().to_string()
    }
}

/// "außerhalb des Ruhrgebiets", for chart categories.
fn outside_short(inputs: &FigureInputs, lang: Lang) -> String {
    if inputs.region.name() == crate::boundaries::RUHR_NAME {
        lang.pick("außerhalb des Ruhrgebiets", "outside the Ruhr")
            .to_string()
    } else {
        match lang {
            Lang::De => format!("außerhalb der Region {}", inputs.region.name()),
            Lang::En => format!("outside {}", inputs.region.name()),
        }
    }
}

/// "außerhalb des Ruhrgebiets: Anzahl × Ort".
pub(crate) fn outside_label(inputs: &FigureInputs, lang: Lang) -> String {
    if inputs.region.name() == crate::boundaries::RUHR_NAME {
        lang.pick(
            "außerhalb des Ruhrgebiets (Anzahl × Ort)",
            "outside the Ruhr (count × place)",
        )
        .to_string()
    } else {
        match lang {
            Lang::De => format!(
                "außerhalb der Region {} (Anzahl × Ort)",
                inputs.region.name()
            ),
            Lang::En => format!("outside {} (count × place)", inputs.region.name()),
        }
    }
}

/// The heading lines of a panel: "P4  Title…", at most two lines.
fn heading_lines(
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

fn heading_items(
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

fn unknown_style() -> Style {
    Style::fill_and_stroke(
        Color::WHITE.with_alpha(0.92),
        Stroke::dashed(Color::rgb(0x77, 0x77, 0x77), 0.15, &[0.5, 0.4]),
    )
}

/// The box of partners without location: a dashed frame holding "ohne
/// Ortsangabe:" and one marker with a count per role; put in the panel
/// corner that covers nothing (bottom left first).
fn unknown_box(
    counts: &BTreeMap<Role, usize>,
    frame: Bounds,
    obstacles: &[Bounds],
    font_pt: f64,
    lang: Lang,
    metrics: &TextMetrics,
    project: &str,
) -> (Bounds, Vec<Item>) {
    let pad = 0.6;
    let ascent = metrics.ascent_mm(font_pt, FontWeight::Regular);
    let descent = metrics.descent_mm(font_pt, FontWeight::Regular);
    let caption = format!("{}:", lang.pick("ohne Ortsangabe", "location unknown"));
    let mut w = pad + metrics.advance_mm(&caption, font_pt, FontWeight::Regular);
    let parts: Vec<(Role, String)> = counts.iter().map(|(r, n)| (*r, format!("{n}"))).collect();
    for (role, n) in &parts {
        w += 1.0
            + 2.0 * role_symbol(*role).outer_radius()
            + 0.4
            + metrics.advance_mm(n, font_pt, FontWeight::Regular);
    }
    w += pad;
    let h = ascent + descent + 2.0 * pad;
    let inner = frame.expanded(-0.6);
    let corners = [
        (inner.x0, inner.y1 - h),
        (inner.x1 - w, inner.y1 - h),
        (inner.x0, inner.y0),
        (inner.x1 - w, inner.y0),
    ];
    let boxes: Vec<Bounds> = corners
        .iter()
        .map(|&(x, y)| Bounds {
            x0: x,
            y0: y,
            x1: x + w,
            y1: y + h,
        })
        .collect();
    let b = boxes
        .iter()
        .copied()
        .find(|b| !obstacles.iter().any(|o| b.expanded(0.3).overlaps(o)))
        .unwrap_or(boxes[0]);
    let mut items: Vec<Item> = vec![Item::Rect(Rect {
        id: Some(format!("{project}-unknown-box")),
        origin: Point::new(b.x0, b.y0),
        width_mm: w,
        height_mm: h,
        corner_radius_mm: 0.0,
        style: unknown_style(),
    })];
    let baseline = b.y0 + pad + ascent;
    let mid = b.y0 + h / 2.0;
    items.push(
        Text::new(Point::new(b.x0 + pad, baseline), caption.clone(), font_pt)
            .colored(FURNITURE_INK)
            .into(),
    );
    let mut x = b.x0 + pad + metrics.advance_mm(&caption, font_pt, FontWeight::Regular) + 1.0;
    for (role, n) in parts {
        let s = role_symbol(role);
        let r = s.outer_radius();
        items.push(s.item(Point::new(x + r, mid), None));
        x += 2.0 * r + 0.4;
        items.push(
            Text::new(Point::new(x, baseline), n.clone(), font_pt)
                .colored(FURNITURE_INK)
                .into(),
        );
        x += metrics.advance_mm(&n, font_pt, FontWeight::Regular) + 1.0;
    }
    (b, items)
}

/// The last stretch of a link before its end (beyond the marker rim), as a box.
fn link_end_box(link: &DrawnLink) -> Option<Bounds> {
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
    let half = sym::link_stroke(link.role).width_mm / 2.0;
    Bounds::of_points(pts).map(|b| b.expanded(half))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::ProjectStatus;

    fn project(title: &str) -> Project {
        Project {
            id: "P8".into(),
            title: title.into(),
            field: "HF5".into(),
            status: ProjectStatus::Running,
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
            route: RoutedLink::straight(Coord { x: 0.0, y: 0.0 }, Coord { x: 20.0, y: 0.0 }),
            end_radius: 1.0,
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

/// What the partner markers and links of a panel stand for, by item id: the
/// tooltips of the interactive page and the SVG's `data-*` attributes.
fn panel_features(panel: &Panel, inputs: &FigureInputs, lang: Lang) -> Vec<(String, FeatureInfo)> {
    use geo::{Distance, Geodesic};
    let project = panel.project;
    let place = |p: &Partner| {
        p.site
            .as_ref()
            .and_then(|s| s.municipality)
            .map(|i| inputs.boundaries.municipalities()[i].name.clone())
            .unwrap_or_default()
    };
    let coordinator = panel
        .markers
        .iter()
        .map(|m| m.partner)
        .find(|p| p.role == Role::Coordinator);
    let mut out = Vec::new();
    for m in &panel.markers {
        let p = m.partner;
        let info = FeatureInfo::new(FeatureKind::Partner, p.name.clone())
            .in_project(project.id.clone())
            .with("role", p.role.label(lang))
            .with("role-id", p.role.as_str())
            .with("actor", p.actor_type.label(lang))
            .with("municipality", place(p))
            .with("project", format!("{} {}", project.id, project.title));
        out.push((p.id.clone(), info));
        let Some(hub) = coordinator.filter(|c| c.id != p.id) else {
            continue;
        };
        let mut link = FeatureInfo::new(FeatureKind::Link, format!("{} – {}", hub.name, p.name))
            .in_project(project.id.clone())
            .with("role", p.role.label(lang))
            .with("role-id", p.role.as_str())
            .with("from", format!("{} ({})", hub.name, place(hub)))
            .with("to", format!("{} ({})", p.name, place(p)));
        if let (Some(a), Some(b)) = (&hub.site, &p.site) {
            let km = Geodesic.distance(geo::Point(a.position), geo::Point(b.position)) / 1000.0;
            link = link.with("length-km", format!("{km:.1}"));
        }
        out.push((format!("{}-link-{}", project.id, p.id), link));
    }
    out
}
