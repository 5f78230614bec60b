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
//!
//! [`NetworkMap::render`] composes the steps: the grid of panels
//! ([`NetworkMap::grid`]), each panel (`network_panel.rs`), legend and
//! furniture, the optional chart, then the scene and the layout report.

use crate::boundaries::MunicipalityId;
use crate::crs::ProjectionError;
use crate::network::{Change, Project, Role};
use crate::render::LegendPlacement;
use crate::render::chart::{Bar, BarChart, bar_chart};
use crate::render::feature_info::{FeatureInfo, FeatureKind};
use crate::render::figures::base_map::RegionMembership;
use crate::render::figures::change_overlay::ChangeOverlay;
use crate::render::figures::dimensions::{
    BLOCK_GAP, CELL_LEGEND_INSET, CELL_LEGEND_ROOM, CHART_BAR_H, CHART_BARS_W, CHART_BASE_H,
    CHART_MIN_W, GAP_X, GAP_Y, HEADING_BOTTOM, MIN_MAP_HEIGHT, PAGE_FIT_ATTEMPTS,
    PAGE_FIT_TOLERANCE, PANEL_MARGIN, RIGHT_INSET, RIGHT_LEGEND_PROBE_W, SCALE_BAR_MAX,
    SCALE_BLOCK_GAP, SCALE_BLOCK_W,
};
use crate::render::figures::figure::{BuiltFigure, FigureBuildError, FigureInputs, check_projects};
use crate::render::figures::network_figure::NetworkMap;
use crate::render::figures::network_legend::NETWORK_BORDER_DETAIL;
use crate::render::figures::network_legend::{Used, role_index};
use crate::render::figures::network_panel::{
    DrawnLink, Marker, Panel, PanelFrame, heading_items, heading_lines, link_end_box,
};
use crate::render::figures::page_fit::{FitStep, PagePlan};
use crate::render::figures::panel::{
    FurnitureBounds, MapBase, clear_of_legend, feature, frame_rect, municipality_info,
    push_base_map, push_labels, push_municipality_areas, report_furniture,
};
use crate::render::layout::{BlockAnchor, FURNITURE_INK, Furniture, scale_and_north};
use crate::render::layout::{FrameMargins, MapFrame};
use crate::render::layout::{LayoutReport, LinkPath, MarkerBox, bbox};
use crate::render::layout::{Legend, LegendSection, LegendStyle, layout_legend};
use crate::render::layout::{
    TextBlock, attribution_line, finish_scene, line_height, new_scene, push_group, title_block,
};
use crate::render::scene::{
    Bounds, Embedded, FontWeight, Group, Item, Path, PathData, Point, Scene, Style,
};
use crate::render::symbology::FILL_OPACITY;
use crate::text::Lang;
use geo_types::{Coord, Rect as GeoRect};

/// The page grid: panels in rows and columns below the title, and where
/// the legend goes.
struct Grid {
    /// Number of panels.
    n: usize,
    columns: usize,
    width: f64,
    /// Width of the panel grid (the page less a legend column right of it).
    grid_w: f64,
    /// Width of a legend column right of the grid (with its gap), else 0.
    right_legend_w: f64,
    panel_w: f64,
    panel_h: f64,
    frame: MapFrame,
    title: TextBlock,
    heading_line_h: f64,
    /// Heading lines per panel.
    headings: Vec<Vec<String>>,
    heading_h: f64,
    cell_h: f64,
    /// The legend goes into an empty grid cell.
    cell_legend: bool,
    grid_top: f64,
    grid_bottom: f64,
}

impl Grid {
    /// Top left corner of grid cell `k`.
    fn cell_origin(&self, k: usize) -> Point {
        Point::new(
            (k % self.columns) as f64 * (self.panel_w + GAP_X),
            self.grid_top + (k / self.columns) as f64 * (self.cell_h + GAP_Y),
        )
    }
}

/// The page laid out within its maximum height, before the panels are drawn.
struct FittedPage<'a> {
    grid: Grid,
    map: MapBase<'a>,
    blocks: Blocks,
    chart: Vec<Embedded>,
    /// The attribution line, its box and the page height.
    attribution: (crate::render::scene::Text, Bounds, f64),
}

/// Legend, scale bar and north arrow, and how far down they reach.
struct Blocks {
    legend: Legend,
    scale: Furniture,
    arrow: Furniture,
    /// Bottom of the grid and the blocks.
    content_bottom: f64,
}

impl NetworkMap<'_> {
    /// Builds the figure.
    pub fn render(&self, inputs: &FigureInputs) -> Result<BuiltFigure, FigureBuildError> {
        check_projects(self.id, self.projects, inputs.network)?;
        let projects = self.projects_with_partners(inputs)?;
        let membership =
            RegionMembership::new(inputs.boundaries, inputs.region, Some(inputs.subregions));
        if membership.members.is_empty() {
            return Err(FigureBuildError::EmptyRegion {
                figure: self.id.to_string(),
                region: inputs.region.name().to_string(),
            });
        }
        let region_extent = inputs
            .projected
            .extent_of(&membership.members)
            .map_err(|e| self.projection_error(e))?;
        let used = Used::of(&projects, inputs.network);
        let mut sections = self.legend_sections(&used, inputs);
        if let Some(scale) = self.place_scale(&projects, inputs) {
            let at = sections
                .iter()
                .position(|s| s.id == "legend-actors")
                .map_or(0, |k| k + 1);
            sections.insert(at, self.place_section(&scale));
        }
        let fitted = self.fitted_page(inputs, &projects, &sections, region_extent, &membership)?;
        let FittedPage {
            grid,
            map,
            blocks,
            chart,
            attribution: (attribution, attribution_bounds, height),
        } = fitted;
        let mut warnings: Vec<String> = Vec::new();
        let panels = self.panels(inputs, &projects, &grid, &map, &mut warnings)?;
        let mut scene = new_scene(grid.width, height, self.title, self.lang);
        let mut layout = LayoutReport {
            figure: self.id.to_string(),
            width_mm: grid.width,
            height_mm: height,
            scale_denominator: (grid.frame.scale_denominator()).round(),
            crs: inputs.projected.projection().crs().to_string(),
            ..LayoutReport::default()
        };
        for panel in panels {
            for (id, info) in panel_features(&panel, inputs, self.lang, self.change) {
                scene.describe_feature(id, info);
            }
            let project = &panel.project.id;
            let partners_in = |g: usize| {
                panel
                    .markers
                    .iter()
                    .filter(|m| {
                        m.partner.site.as_ref().and_then(|s| s.municipality)
                            == Some(MunicipalityId::new(g))
                    })
                    .count()
            };
            push_municipality_areas(
                &mut scene,
                project,
                inputs,
                &map,
                &panel.transform,
                panel.frame_box,
                |g| {
                    municipality_info(inputs, g, self.lang)
                        .in_project(project.clone())
                        .with("partners", partners_in(g).to_string())
                },
            );
            self.draw_panel(&mut scene, &mut layout, panel, &map);
        }
        report_furniture(
            &mut layout,
            &FurnitureBounds {
                legend: blocks.legend.bounds,
                scale: blocks.scale.bounds,
                arrow: blocks.arrow.bounds,
                attribution: attribution_bounds,
                title: grid.title.bounds,
            },
        );
        self.draw_furniture(&mut scene, grid.title.items, blocks, attribution.into());
        for (k, chart) in chart.into_iter().enumerate() {
            self.draw_chart(&mut scene, &mut layout, chart, k);
        }
        finish_scene(&mut scene);
        layout.record_crossings();
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

    fn projection_error(&self, source: ProjectionError) -> FigureBuildError {
        FigureBuildError::Projection {
            figure: self.id.to_string(),
            source,
        }
    }

    /// Step 1: the projects in panel order; each must have partners.
    fn projects_with_partners<'n>(
        &self,
        inputs: &FigureInputs<'n>,
    ) -> Result<Vec<&'n Project>, FigureBuildError> {
        let network = inputs.network;
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
        Ok(projects)
    }

    /// Steps 2, 4 and 5 within the style's `max_height_mm`: the grid, the
    /// base map, the legend and furniture, the chart and the attribution. A
    /// page that would be taller gets its legend beside the grid (unless the
    /// style places it), then smaller panels; when the legend and the rest
    /// leave no room for legible panels, that is an error naming the figure
    /// and the key.
    fn fitted_page<'a>(
        &self,
        inputs: &FigureInputs<'a>,
        projects: &[&Project],
        sections: &[LegendSection],
        region_extent: GeoRect<f64>,
        membership: &RegionMembership,
    ) -> Result<FittedPage<'a>, FigureBuildError> {
        let max_h = self.style.max_height_mm;
        let mut plan = PagePlan::new(
            self.style.legend == LegendPlacement::Right,
            self.style.legend == LegendPlacement::Auto,
        );
        for attempt in 0..=PAGE_FIT_ATTEMPTS {
            let grid = self.grid(inputs, projects, sections, region_extent, plan);
            let map = MapBase::new(inputs, membership, &grid.frame, NETWORK_BORDER_DETAIL)
                .map_err(|e| self.projection_error(e))?;
            let blocks = self.legend_and_furniture(inputs, &grid, &map, sections);
            let chart = self.chart(inputs, projects, &grid, blocks.content_bottom)?;
            let content_bottom = chart
                .iter()
                .map(|c| c.origin.y + c.height_mm)
                .fold(blocks.content_bottom, f64::max);
            let attribution = attribution_line(
                self.id,
                content_bottom,
                grid.width,
                self.style.small_pt,
                self.lang,
                inputs.projected.projection().crs(),
                self.note,
                inputs.metrics,
            );
            let excess = attribution.2 - max_h;
            let without_panels = attribution.2 - (grid.grid_bottom - grid.grid_top);
            let rows = grid.n.div_ceil(grid.columns).max(1) as f64;
            if excess <= PAGE_FIT_TOLERANCE {
                return Ok(FittedPage {
                    grid,
                    map,
                    blocks,
                    chart,
                    attribution,
                });
            }
            if attempt == PAGE_FIT_ATTEMPTS {
                break;
            }
            if plan.step(excess, grid.panel_h, rows) == FitStep::TooShort {
                return Err(self.page_too_short(without_panels + rows * MIN_MAP_HEIGHT));
            }
        }
        let grid = self.grid(inputs, projects, sections, region_extent, plan);
        Err(self.page_too_short(max_h + grid.n.div_ceil(grid.columns) as f64 * MIN_MAP_HEIGHT))
    }

    fn page_too_short(&self, needed_mm: f64) -> FigureBuildError {
        FigureBuildError::PageTooShort {
            figure: self.id.to_string(),
            max_height_mm: self.style.max_height_mm,
            needed_mm,
        }
    }

    /// Step 2: the page grid: columns, panel size on one common frame (no
    /// taller than `plan` allows), headings, and whether the legend fits an
    /// empty cell.
    fn grid(
        &self,
        inputs: &FigureInputs,
        projects: &[&Project],
        sections: &[LegendSection],
        region_extent: GeoRect<f64>,
        plan: PagePlan,
    ) -> Grid {
        let metrics = inputs.metrics;
        let style = self.style;
        let n = projects.len();
        let columns = self
            .columns
            .unwrap_or(if n == 1 { 1 } else { 2 })
            .clamp(1, n.max(1));
        let rows = n.div_ceil(columns);
        let width = style.width_mm;
        let legend_style = LegendStyle::new(style.legend_pt);
        let right_legend_w = if plan.legend_right {
            let origin = Point::new(0.0, 0.0);
            let l = layout_legend(
                sections,
                origin,
                RIGHT_LEGEND_PROBE_W,
                &legend_style,
                metrics,
            );
            l.bounds.width().max(SCALE_BLOCK_W) + GAP_X
        } else {
            0.0
        };
        let grid_w = width - right_legend_w;
        let mut panel_w = (grid_w - GAP_X * (columns - 1) as f64) / columns as f64;
        if let Some(max_h) = plan.max_map_h {
            // the frame's height is linear in its width beyond the margins
            let aspect = region_extent.width().max(1.0) / region_extent.height().max(1.0);
            panel_w = ((max_h - 2.0 * PANEL_MARGIN) * aspect + 2.0 * PANEL_MARGIN).min(panel_w);
        }
        let frame = MapFrame::fit_width(
            region_extent,
            panel_w,
            FrameMargins::uniform(PANEL_MARGIN),
            0.0,
        );
        let panel_h = frame.height_mm;
        let title = title_block(self.title, width, style.title_pt, style.show_title, metrics);
        let heading_line_h = line_height(metrics, style.panel_title_pt, FontWeight::Bold);
        let headings: Vec<Vec<String>> = projects
            .iter()
            .map(|p| heading_lines(p, panel_w, style.panel_title_pt, metrics))
            .collect();
        let heading_rows = headings.iter().map(Vec::len).max().unwrap_or(1);
        let heading_h = heading_rows as f64 * heading_line_h + HEADING_BOTTOM;
        let cell_h = heading_h + panel_h;
        // the legend goes into an empty grid cell when one is free and large enough
        let empty_cells = rows * columns - n;
        let cell_legend = match style.legend {
            LegendPlacement::Auto if empty_cells > 0 && !plan.legend_right => {
                let room = panel_w * empty_cells as f64 + GAP_X * (empty_cells - 1) as f64;
                let l = layout_legend(sections, Point::new(0.0, 0.0), room, &legend_style, metrics);
                l.bounds.height() + CELL_LEGEND_ROOM <= cell_h
            }
            _ => false,
        };
        let grid_top = title.height;
        let grid_bottom = grid_top + rows as f64 * cell_h + (rows - 1) as f64 * GAP_Y;
        Grid {
            n,
            columns,
            width,
            grid_w,
            right_legend_w,
            panel_w,
            panel_h,
            frame,
            title,
            heading_line_h,
            headings,
            heading_h,
            cell_h,
            cell_legend,
            grid_top,
            grid_bottom,
        }
    }

    /// Step 3: every panel with its heading.
    fn panels<'n>(
        &self,
        inputs: &FigureInputs<'n>,
        projects: &[&'n Project],
        grid: &Grid,
        map: &MapBase,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<Panel<'n>>, FigureBuildError> {
        let mut panels: Vec<Panel> = Vec::new();
        let place_scale = self.place_scale(projects, inputs);
        for (k, project) in projects.iter().enumerate() {
            let cell = grid.cell_origin(k);
            let map_origin = Point::new(cell.x, cell.y + grid.heading_h);
            let at = PanelFrame {
                frame_box: Bounds {
                    x0: map_origin.x,
                    y0: map_origin.y,
                    x1: map_origin.x + grid.panel_w,
                    y1: map_origin.y + grid.panel_h,
                },
                transform: grid.frame.page_transform(Coord {
                    x: map_origin.x,
                    y: map_origin.y,
                }),
                geometry: &map.geometry,
                frame: &grid.frame,
                place_scale,
            };
            let mut panel = self
                .build_panel(project, &at, inputs, warnings)
                .map_err(|e| self.projection_error(e))?;
            let (heading, heading_bounds) = heading_items(
                project,
                &grid.headings[k],
                cell,
                self.style.panel_title_pt,
                grid.heading_line_h,
                inputs.metrics,
            );
            panel.heading = heading;
            panel.heading_bounds = heading_bounds;
            panels.push(panel);
        }
        Ok(panels)
    }

    /// Step 4: the legend (in an empty cell, right of the grid or below it),
    /// the scale bar and north arrow beside or below it.
    fn legend_and_furniture(
        &self,
        inputs: &FigureInputs,
        grid: &Grid,
        map: &MapBase,
        sections: &[LegendSection],
    ) -> Blocks {
        let metrics = inputs.metrics;
        let style = self.style;
        let beside = grid.cell_legend || grid.right_legend_w > 0.0;
        let (legend_origin, legend_width) = if grid.cell_legend {
            let c = grid.cell_origin(grid.n);
            (
                Point::new(c.x + CELL_LEGEND_INSET, c.y + CELL_LEGEND_INSET),
                grid.grid_w - c.x - CELL_LEGEND_INSET,
            )
        } else if grid.right_legend_w > 0.0 {
            (
                Point::new(grid.grid_w + GAP_X, grid.grid_top),
                grid.right_legend_w - GAP_X,
            )
        } else {
            (
                Point::new(0.0, grid.grid_bottom + BLOCK_GAP),
                grid.width - SCALE_BLOCK_W - SCALE_BLOCK_GAP,
            )
        };
        let legend_style = LegendStyle::new(style.legend_pt);
        let legend = layout_legend(
            sections,
            legend_origin,
            legend_width,
            &legend_style,
            metrics,
        );
        let (anchor, scale_top) = if beside {
            (
                BlockAnchor::Left(legend_origin.x),
                legend.bounds.y1 + BLOCK_GAP,
            )
        } else {
            (
                BlockAnchor::Right(grid.width - RIGHT_INSET),
                grid.grid_bottom + BLOCK_GAP,
            )
        };
        let place = |top: f64| {
            scale_and_north(
                anchor,
                top,
                SCALE_BAR_MAX,
                grid.frame.mm_per_metre(),
                map.north,
                style.small_pt,
                self.lang,
                metrics,
            )
        };
        let (scale, arrow) = clear_of_legend(place(scale_top), &legend.bounds, place);
        let furniture_bottom = legend.bounds.y1.max(scale.bounds.y1).max(arrow.bounds.y1);
        let content_bottom = if beside {
            grid.grid_bottom.max(furniture_bottom)
        } else {
            furniture_bottom
        };
        Blocks {
            legend,
            scale,
            arrow,
            content_bottom,
        }
    }

    /// Step 5 (optional): a bar chart of partners per sub-region below
    /// everything; in a change figure, before and now, with the links per
    /// sub-region in a second chart beside it.
    fn chart(
        &self,
        inputs: &FigureInputs,
        projects: &[&Project],
        grid: &Grid,
        content_bottom: f64,
    ) -> Result<Vec<Embedded>, FigureBuildError> {
        if !self.subregion_chart {
            return Ok(Vec::new());
        }
        let lang = self.lang;
        let origin = Point::new(0.0, content_bottom + BLOCK_GAP);
        let Some([partners, links]) = self.change_bars(projects, inputs) else {
            let bars = self.subregion_bars(projects, inputs);
            let title = lang.pick("Partner:innen je Teilraum", "Partners per sub-region");
            let chart = self.bar_chart("subregions", title, bars);
            let width = self.chart_width(&chart, grid.width, inputs);
            return self.embed(&chart, origin, width).map(|c| vec![c]);
        };
        let partners = self.bar_chart(
            "subregions",
            lang.pick(
                "Partner:innen je Teilraum, vorher und jetzt",
                "Partners per sub-region, before and now",
            ),
            partners,
        );
        let links = self.bar_chart(
            "links",
            lang.pick(
                "Verbindungen je Teilraum der Partner:innen",
                "Links per sub-region of the partners",
            ),
            links,
        );
        // side by side when both fit the page's width, else one below the other
        let half = (grid.width - BLOCK_GAP) / 2.0;
        let width = self.chart_width(&partners, half, inputs);
        let first = self.embed(&partners, origin, width)?;
        let second_origin = if 2.0 * width + BLOCK_GAP <= grid.width {
            Point::new(width + BLOCK_GAP, origin.y)
        } else {
            Point::new(0.0, origin.y + first.height_mm + BLOCK_GAP)
        };
        let second = self.embed(&links, second_origin, width)?;
        Ok(vec![first, second])
    }

    /// A bar chart of this figure's text style, id `{figure}-chart-{id}`.
    fn bar_chart(&self, id: &str, title: &str, bars: Vec<Bar>) -> BarChart {
        BarChart {
            id: format!("{}-chart-{id}", self.id),
            title: Some(title.to_string()),
            value_label: Some(self.lang.pick("Anzahl", "Number").to_string()),
            bars,
            font_size_pt: self.style.legend_pt,
            ink: FURNITURE_INK,
        }
    }

    /// Wide enough for the longest category and bars of about
    /// CHART_BARS_W, at most `available`.
    fn chart_width(&self, chart: &BarChart, available: f64, inputs: &FigureInputs) -> f64 {
        let label_w = chart
            .bars
            .iter()
            .map(|b| {
                inputs
                    .metrics
                    .advance_mm(&b.label, chart.font_size_pt, FontWeight::Regular)
            })
            .fold(0.0, f64::max);
        (label_w + CHART_BARS_W).clamp((available / 2.0).min(CHART_MIN_W), available)
    }

    /// The chart drawn at `origin`, `width` wide, as tall as its bars need.
    fn embed(
        &self,
        chart: &BarChart,
        origin: Point,
        width: f64,
    ) -> Result<Embedded, FigureBuildError> {
        let height = CHART_BASE_H + chart.bars.len() as f64 * CHART_BAR_H;
        bar_chart(chart, origin, width, height).map_err(|source| FigureBuildError::Chart {
            figure: self.id.to_string(),
            source,
        })
    }

    /// Step 6: one panel into the scene: base map, links, markers, badges
    /// and the unknown box, labels, frame and heading; and into the report.
    fn draw_panel(
        &self,
        scene: &mut Scene,
        layout: &mut LayoutReport,
        panel: Panel,
        map: &MapBase,
    ) {
        let pid = panel.project.id.clone();
        let drawn = map.base.draw(
            &panel.transform,
            &map.fills,
            FILL_OPACITY,
            &format!("{}-{pid}", self.id),
        );
        push_base_map(scene, &pid, drawn);
        // the base map is cut to the frame already; links may bow over its
        // edge, so they keep a clip path
        let fb = panel.frame_box;
        let clip = PathData::rect(fb.x0, fb.y0, fb.width(), fb.height());
        let mut links = link_items(&panel);
        links.extend(panel.arrows.iter().flat_map(|a| a.items()));
        push_group(scene, "links", format!("{pid}-links"), links, Some(clip));
        self.draw_markers(scene, layout, &panel, &pid);
        push_labels(scene, layout, format!("{pid}-labels"), panel.labels);
        layout.unplaced_labels.extend(panel.unplaced);
        for l in &panel.links {
            if let Some(end) = link_end_box(l) {
                layout.link_ends.push(feature(l.id.clone(), &pid, &end));
            }
            let width = l.stroke().width_mm;
            layout
                .links
                .push(LinkPath::of(l.id.clone(), &pid, &l.route, width));
        }
        let mut frame_items = vec![frame_rect(format!("{pid}-frame"), &panel.frame_box)];
        frame_items.extend(panel.heading);
        push_group(
            scene,
            "furniture",
            format!("{pid}-frame"),
            frame_items,
            None,
        );
        layout
            .panels
            .push(feature(pid.clone(), &pid, &panel.frame_box));
        layout.furniture.push(feature(
            format!("{pid}-heading"),
            &pid,
            &panel.heading_bounds,
        ));
    }

    /// Markers (looser first so the coordination is never covered), then
    /// badges and the unknown box in the markers' layer.
    fn draw_markers(&self, scene: &mut Scene, layout: &mut LayoutReport, panel: &Panel, pid: &str) {
        let mut order: Vec<usize> = (0..panel.markers.len()).collect();
        // ended partners (hollow) at the bottom, then looser to coordination
        let ended = |m: &Marker| {
            self.change
                .is_some_and(|c| c.of_partner(m.partner) == Change::Ended)
        };
        order.sort_by_key(|&i| {
            let m = &panel.markers[i];
            (!ended(m), std::cmp::Reverse(role_index(m.partner.role)))
        });
        let mut marker_items: Vec<Item> = panel.places.iter().flat_map(|p| p.items()).collect();
        marker_items.extend(order.into_iter().flat_map(|i| panel.markers[i].items()));
        for p in &panel.places {
            layout.markers.push(MarkerBox {
                id: p.id.clone(),
                panel: pid.to_string(),
                kind: "place".into(),
                bbox: bbox(&p.bounds()),
                inside_municipality: (p.center.x - p.anchor.x).hypot(p.center.y - p.anchor.y)
                    <= p.radius,
            });
        }
        for m in &panel.markers {
            layout.markers.push(MarkerBox {
                id: m.partner.id.clone(),
                panel: pid.to_string(),
                kind: m.partner.role.as_str().to_string(),
                bbox: bbox(&m.bounds()),
                inside_municipality: m.inside,
            });
        }
        push_group(
            scene,
            "markers",
            format!("{pid}-markers"),
            marker_items,
            None,
        );
        let mut badge_items: Vec<Item> = Vec::new();
        for (b_index, b) in panel.badges.iter().enumerate() {
            let id = format!("{pid}-outside-{b_index}");
            badge_items.push(b.group(&id, self.style.small_pt, FURNITURE_INK).into());
            layout.furniture.push(feature(id, pid, &b.covered()));
        }
        if let Some((b, items)) = &panel.unknown {
            let mut g = Group::new(format!("{pid}-unknown"));
            g.items = items.clone();
            badge_items.push(g.into());
            layout
                .furniture
                .push(feature(format!("{pid}-unknown"), pid, b));
        }
        push_group(
            scene,
            "markers",
            format!("{pid}-outside"),
            badge_items,
            None,
        );
    }

    /// Step 7: legend, title, scale bar, north arrow, attribution.
    fn draw_furniture(
        &self,
        scene: &mut Scene,
        title: Vec<Item>,
        blocks: Blocks,
        attribution: Item,
    ) {
        push_group(
            scene,
            "legend",
            "legend-block".into(),
            vec![blocks.legend.group.into()],
            None,
        );
        push_group(
            scene,
            "furniture",
            format!("{}-title", self.id),
            title,
            None,
        );
        push_group(
            scene,
            "furniture",
            "map-furniture".into(),
            vec![
                blocks.scale.group.into(),
                blocks.arrow.group.into(),
                attribution,
            ],
            None,
        );
    }

    /// The `k`-th bar chart into the legend layer and the report.
    fn draw_chart(&self, scene: &mut Scene, layout: &mut LayoutReport, chart: Embedded, k: usize) {
        let b = Bounds {
            x0: chart.origin.x,
            y0: chart.origin.y,
            x1: chart.origin.x + chart.width_mm,
            y1: chart.origin.y + chart.height_mm,
        };
        layout.furniture.push(feature(chart.id.clone(), "", &b));
        push_group(
            scene,
            "legend",
            if k == 0 {
                format!("{}-chart", self.id)
            } else {
                format!("{}-chart-{k}", self.id)
            },
            vec![Item::Embedded(chart)],
            None,
        );
    }
}

/// The links of a panel: ended first, then looser, core, and new ones on top.
fn link_items(panel: &Panel) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let layer = |l: &DrawnLink| match l.change {
        Change::Ended => 0,
        Change::New => 3,
        _ if l.role == Role::Loose => 1,
        _ => 2,
    };
    for k in 0..4 {
        for l in panel.links.iter().filter(|l| layer(l) == k) {
            let data = PathData::new()
                .move_to(Point::new(l.route.from.x, l.route.from.y))
                .quad_to(
                    Point::new(l.route.control.x, l.route.control.y),
                    Point::new(l.route.to.x, l.route.to.y),
                );
            items.push(Item::Path(Path {
                id: Some(l.id.clone()),
                data,
                style: Style::stroke(l.stroke()),
            }));
        }
    }
    items
}

/// What the partner markers and links of a panel stand for, by item id: the
/// tooltips of the interactive page and the SVG's `data-*` attributes.
fn panel_features(
    panel: &Panel,
    inputs: &FigureInputs,
    lang: Lang,
    change: Option<&ChangeOverlay>,
) -> Vec<(String, FeatureInfo)> {
    let status = |c: Change| c.label(lang).to_string();
    use geo::{Distance, Geodesic};
    let project = panel.project;
    let place = |p: &crate::network::Partner| {
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
            .with("role", inputs.network.categories.role_label(p.role, lang))
            .with("role-id", p.role.as_str())
            .with(
                "actor",
                inputs
                    .network
                    .categories
                    .actor_types
                    .label(&p.actor_type, lang),
            )
            .with("municipality", place(p))
            .with("project", format!("{} {}", project.id, project.title))
            .with(
                "change",
                change.map(|c| status(c.of_partner(p))).unwrap_or_default(),
            );
        out.push((p.id.clone(), info));
        let Some(hub) = coordinator.filter(|c| c.id != p.id) else {
            continue;
        };
        let mut link = FeatureInfo::new(FeatureKind::Link, format!("{} – {}", hub.name, p.name))
            .in_project(project.id.clone())
            .with("role", inputs.network.categories.role_label(p.role, lang))
            .with("role-id", p.role.as_str())
            .with("from", format!("{} ({})", hub.name, place(hub)))
            .with("to", format!("{} ({})", p.name, place(p)))
            .with(
                "change",
                change.map(|c| status(c.of_link(p))).unwrap_or_default(),
            );
        if let (Some(a), Some(b)) = (&hub.site, &p.site) {
            let km = Geodesic.distance(geo::Point(a.position), geo::Point(b.position)) / 1000.0;
            link = link.with("length-km", format!("{km:.1}"));
        }
        out.push((format!("{}-link-{}", project.id, p.id), link));
    }
    out.extend(place_features(panel));
    out
}

/// What a summed-up panel's place symbols show in a tooltip: the place,
/// how many partners it stands for and their names (the pie tells the
/// roles, the heading the project; kept short, as every symbol carries it
/// in the SVG).
fn place_features(panel: &Panel) -> Vec<(String, FeatureInfo)> {
    panel
        .places
        .iter()
        .map(|place| {
            let info = FeatureInfo::new(FeatureKind::Aggregate, place.name.clone())
                .in_project(panel.project.id.clone())
                .with("partners", place.total().to_string())
                .with("members", place.partners.join("; "));
            (place.id.clone(), info)
        })
        .collect()
}
