//! The seat map (Fig. 1): projects by the seat of their coordination.
//!
//! One proportional symbol per seat municipality, its area true to the
//! number of projects coordinated there, divided like a pie into the
//! Handlungsfelder HF1–HF5. Seats outside the region lie on the grey
//! context map, and the map grows to show them when they are near (within
//! `max_context_km`); seats farther away are counted at the frame edge in
//! their direction, seats without location in a box.

use crate::boundaries::Context;
use crate::crs::ProjectionError;
use crate::network::{Project, ProjectStatus};
use crate::render::feature_info::{FeatureInfo, FeatureKind};
use crate::render::figures::base_map::{BaseMapGeometry, FrameGeometry, RegionMembership};
use crate::render::figures::figure::{BuiltFigure, FigureBuildError, FigureInputs, check_projects};
use crate::render::layout::Disc;
use crate::render::layout::{BadgeStyle, OutsideItem, group_by_direction, layout_badges};
use crate::render::layout::{BlockAnchor, FURNITURE_INK, scale_and_north};
use crate::render::layout::{
    FeatureBox, LabelBox, LayoutReport, MarkerBox, UnplacedLabel, bbox, round_mm,
};
use crate::render::layout::{FrameMargins, MapFrame, grow_extent};
use crate::render::layout::{LabelRequest, Obstacles, PlacementRules, place_labels};
use crate::render::layout::{LegendEntry, LegendSection, LegendStyle, layout_legend};
use crate::render::layout::{attribution_line, finish_scene, new_scene, push_group, title_block};
use crate::render::scene::{
    Bounds, Circle, Color, FontWeight, Item, Path, PathData, Point, Rect, Stroke, Style, Text,
};
use crate::render::symbology::{self as sym, field_color};
use crate::render::{FigureStyle, LegendPlacement};
use crate::text::Lang;
use geo::{Distance, Euclidean};
use geo_types::{Coord, LineString};
use std::collections::BTreeMap;

/// A seat figure: which projects, how far the map may grow.
#[derive(Debug, Clone)]
pub struct SeatMap<'c> {
    /// Figure id (file stem, prefix of element ids).
    pub id: &'c str,
    /// Title drawn above the map.
    pub title: &'c str,
    /// Projects counted; all when empty.
    pub projects: &'c [String],
    /// Statuses counted; all when empty.
    pub statuses: &'c [String],
    /// How far beyond the region's outline (km) the map grows to show seats.
    pub max_context_km: f64,
    /// Labels of the Handlungsfelder by id (`HF1` → "Wirtschaft …"); the id is shown when absent.
    pub field_labels: &'c BTreeMap<String, String>,
    /// Resolved style.
    pub style: &'c FigureStyle,
    /// Language of all labels.
    pub lang: Lang,
    /// Note appended to the attribution.
    pub note: Option<&'c str>,
}

/// Default for [`SeatMap::max_context_km`]: Düsseldorf (about 10 km from the
/// Ruhr's outline) and the neighbouring towns are shown on the map, Münster
/// and Köln (more than 20 km away) are counted at the edge, as placing them
/// would double the map's size for one symbol each.
pub const DEFAULT_MAX_CONTEXT_KM: f64 = 15.0;

/// A placed label: its report entry, its text and its leader line, if any.
type LabelItem = (LabelBox, Text, Option<[Coord<f64>; 2]>);

/// Projects coordinated from one municipality.
#[derive(Debug, Clone)]
struct Seat {
    municipality: usize,
    /// Projected position (metres) of the municipality's point.
    position: Coord<f64>,
    /// Count per field, in field order.
    counts: Vec<usize>,
    total: usize,
}

impl SeatMap<'_> {
    /// Builds the figure.
    pub fn render(&self, inputs: &FigureInputs) -> Result<BuiltFigure, FigureBuildError> {
        let network = inputs.network;
        let metrics = inputs.metrics;
        let lang = self.lang;
        let style = self.style;
        let boundaries = inputs.boundaries;
        let proj_err = |source: ProjectionError| FigureBuildError::Projection {
            figure: self.id.to_string(),
            source,
        };
        check_projects(self.id, self.projects, network)?;
        let statuses: Vec<ProjectStatus> = self
            .statuses
            .iter()
            .filter_map(|s| ProjectStatus::parse(s).ok())
            .collect();
        let projects: Vec<&Project> = network
            .projects
            .iter()
            .filter(|p| self.projects.is_empty() || self.projects.contains(&p.id))
            .filter(|p| statuses.is_empty() || statuses.contains(&p.status))
            .collect();
        let membership = RegionMembership::new(boundaries, inputs.region, Some(inputs.subregions));
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

        // fields in natural order (HF1 … HF5, then others)
        let mut fields: Vec<String> = projects.iter().map(|p| p.field.clone()).collect();
        fields.sort_by_key(|f| field_key(f));
        fields.dedup();

        // seats by municipality; abroad and unknown apart
        let mut seats: BTreeMap<usize, Seat> = BTreeMap::new();
        let mut abroad: Vec<OutsideItem> = Vec::new();
        let mut unknown = 0usize;
        for p in &projects {
            let field = fields.iter().position(|f| *f == p.field).unwrap_or(0);
            match &p.seat {
                Some(site) => match site.municipality {
                    Some(g) => {
                        let seat = match seats.entry(g) {
                            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                            std::collections::btree_map::Entry::Vacant(e) => {
                                let position = projection
                                    .project(boundaries.municipalities()[g].point)
                                    .map_err(proj_err)?;
                                e.insert(Seat {
                                    municipality: g,
                                    position,
                                    counts: vec![0; fields.len()],
                                    total: 0,
                                })
                            }
                        };
                        seat.counts[field] += 1;
                        seat.total += 1;
                    }
                    None => abroad.push(OutsideItem {
                        place: Context::embedded().place_abroad(site.position, lang),
                        position: projection.project(site.position).map_err(proj_err)?,
                        emphasis: false,
                    }),
                },
                None => unknown += 1,
            }
        }

        // outside seats near enough grow the map; the rest go to the edge
        // "near" is measured to the region's outline, not its bounding box
        let limit = self.max_context_km * 1000.0;
        let outline = region_outline(inputs, &membership).map_err(proj_err)?;
        let near = |p: Coord<f64>| {
            outline
                .iter()
                .map(|l| Euclidean.distance(&geo_types::Point(p), l))
                .fold(f64::INFINITY, f64::min)
                <= limit
        };
        let mut far: Vec<OutsideItem> = abroad;
        let mut shown: Vec<Seat> = Vec::new();
        for seat in seats.into_values() {
            if membership.in_region[seat.municipality] || near(seat.position) {
                shown.push(seat);
            } else {
                for _ in 0..seat.total {
                    far.push(OutsideItem {
                        place: boundaries.municipalities()[seat.municipality].name.clone(),
                        position: seat.position,
                        emphasis: false,
                    });
                }
            }
        }
        let extent = grow_extent(
            region_extent,
            &shown.iter().map(|s| s.position).collect::<Vec<_>>(),
        );

        // ---- layout -------------------------------------------------------------
        let width = style.width_mm;
        let max_total = shown.iter().map(|s| s.total).max().unwrap_or(1).max(1);
        let legend_style = LegendStyle::new(style.legend_pt);
        let right_w = if style.legend == LegendPlacement::Right {
            48.0
        } else {
            0.0
        };
        let map_w = width - right_w;
        let r_max = (map_w * 0.03).clamp(2.5, 6.0);
        let radius = |n: usize| r_max * (n as f64 / max_total as f64).sqrt();
        let margin = r_max + 1.5;
        let frame = MapFrame::fit_width(extent, map_w, FrameMargins::uniform(margin), 0.0);
        let title = title_block(self.title, width, style.title_pt, style.show_title, metrics);
        let map_origin = Point::new(0.0, title.height);
        let frame_box = Bounds {
            x0: 0.0,
            y0: title.height,
            x1: map_w,
            y1: title.height + frame.height_mm,
        };
        let transform = frame.page_transform(Coord {
            x: map_origin.x,
            y: map_origin.y,
        });
        let window = frame.lonlat_window(projection, 0.05).map_err(proj_err)?;
        let tolerance_m = 0.08 / frame.mm_per_metre();
        let geometry =
            FrameGeometry::new(inputs.projected, window, tolerance_m).map_err(proj_err)?;
        let base = BaseMapGeometry::new(
            &geometry,
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

        // symbols: largest first, so small ones stay visible on top
        shown.sort_by(|a, b| {
            b.total
                .cmp(&a.total)
                .then(a.municipality.cmp(&b.municipality))
        });
        let field_colors: Vec<Color> = fields.iter().map(|f| field_color(f)).collect();
        let mut marker_items: Vec<Item> = Vec::new();
        let mut markers: Vec<MarkerBox> = Vec::new();
        let mut requests: Vec<LabelRequest> = Vec::new();
        let mut relative: Vec<Bounds> = Vec::new();
        let halo = 0.5;
        for seat in &shown {
            let c = transform.to_page(seat.position);
            let center = Point::new(c.x, c.y);
            let r = radius(seat.total);
            let m = &boundaries.municipalities()[seat.municipality];
            let id = format!("seat-{}", m.ags);
            let counts: Vec<(Color, usize)> = field_colors
                .iter()
                .copied()
                .zip(seat.counts.iter().copied())
                .collect();
            let mut g = crate::render::scene::Group::new(id.clone());
            g.items = sym::pie(center, r, &counts, &id);
            marker_items.push(g.into());
            let b = Bounds {
                x0: center.x - r - 0.1,
                y0: center.y - r - 0.1,
                x1: center.x + r + 0.1,
                y1: center.y + r + 0.1,
            };
            markers.push(MarkerBox {
                id: id.clone(),
                panel: String::new(),
                kind: "seat".into(),
                bbox: bbox(&b),
                inside_municipality: true,
            });
            let text = format!("{} ({})", m.name, seat.total);
            let probe = Text::new(Point::new(0.0, 0.0), text.clone(), style.label_pt)
                .with_halo(Color::WHITE, halo);
            let ink = metrics.ink_bounds(&probe);
            relative.push(ink);
            requests.push(LabelRequest {
                id: format!("label-{}", m.ags),
                text,
                anchor: Disc {
                    center: c,
                    radius: r + 0.1,
                },
                width: ink.width(),
                height: ink.height(),
                priority: seat.total as f64,
            });
        }
        let marker_boxes: Vec<Bounds> = markers
            .iter()
            .map(|m| Bounds {
                x0: m.bbox[0],
                y0: m.bbox[1],
                x1: m.bbox[2],
                y1: m.bbox[3],
            })
            .collect();

        // far seats at the edge, unknown seats in a box
        let groups = group_by_direction(&far, frame.center(), 8, 4, lang);
        let centre = transform.to_page(frame.center());
        let badges = layout_badges(
            &groups,
            frame_box,
            Point::new(centre.x, centre.y),
            &marker_boxes,
            &BadgeStyle::new(style.small_pt),
            metrics,
        );
        let mut obstacles: Vec<Bounds> = marker_boxes.clone();
        obstacles.extend(badges.iter().map(|b| b.covered()));
        let unknown_box = (unknown > 0).then(|| {
            let text = format!("{}: {unknown}", lang.pick("Sitz unbekannt", "seat unknown"));
            let w = metrics.advance_mm(&text, style.small_pt, FontWeight::Regular) + 1.2;
            let h = metrics.ascent_mm(style.small_pt, FontWeight::Regular)
                + metrics.descent_mm(style.small_pt, FontWeight::Regular)
                + 1.2;
            let inner = frame_box.expanded(-0.6);
            let candidates = [
                (inner.x0, inner.y1 - h),
                (inner.x1 - w, inner.y1 - h),
                (inner.x0, inner.y0),
                (inner.x1 - w, inner.y0),
            ];
            let boxes: Vec<Bounds> = candidates
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
            (b, text)
        });
        if let Some((b, _)) = &unknown_box {
            obstacles.push(*b);
        }
        let placement = place_labels(
            &requests,
            frame_box.expanded(-0.4),
            &Obstacles {
                hard: obstacles,
                link_points: Vec::new(),
            },
            &PlacementRules::default(),
        );
        let mut labels: Vec<LabelItem> = Vec::new();
        for p in &placement.placed {
            let rel = relative[p.request];
            let req = &requests[p.request];
            let text = Text::new(
                Point::new(p.rect.x0 - rel.x0, p.rect.y0 - rel.y0),
                req.text.clone(),
                style.label_pt,
            )
            .with_halo(Color::WHITE, halo)
            .colored(FURNITURE_INK)
            .with_id(req.id.clone());
            let ink = metrics.ink_bounds(&text);
            labels.push((
                LabelBox {
                    text: req.text.clone(),
                    id: req.id.clone(),
                    panel: String::new(),
                    bbox: bbox(&ink),
                    anchor: [round_mm(req.anchor.center.x), round_mm(req.anchor.center.y)],
                },
                text,
                p.leader,
            ));
        }
        let unplaced: Vec<UnplacedLabel> = placement
            .unplaced
            .iter()
            .map(|&i| UnplacedLabel {
                text: requests[i].text.clone(),
                id: requests[i].id.clone(),
                panel: String::new(),
            })
            .collect();

        // ---- legend ---------------------------------------------------------------
        let sections = self.legend_sections(
            &fields,
            &shown,
            r_max,
            max_total,
            &projects,
            !far.is_empty(),
            unknown > 0,
            inputs,
        );
        let (legend_origin, legend_w) = if style.legend == LegendPlacement::Right {
            (Point::new(map_w + 4.0, frame_box.y0), right_w - 4.0)
        } else {
            (Point::new(0.0, frame_box.y1 + 3.0), width - 36.0)
        };
        let legend = layout_legend(&sections, legend_origin, legend_w, &legend_style, metrics);
        let (anchor, scale_top) = if style.legend == LegendPlacement::Right {
            (BlockAnchor::Left(legend_origin.x), legend.bounds.y1 + 3.0)
        } else {
            (BlockAnchor::Right(width - 0.5), frame_box.y1 + 3.0)
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
        let bottom = frame_box
            .y1
            .max(legend.bounds.y1)
            .max(scale.bounds.y1)
            .max(arrow.bounds.y1);
        let (attribution, attribution_bounds, height) = attribution_line(
            self.id,
            bottom,
            width,
            style.small_pt,
            lang,
            projection.crs(),
            self.note,
            metrics,
        );

        // ---- scene ----------------------------------------------------------------
        let mut scene = new_scene(width, height, self.title, lang);
        for seat in &shown {
            for (id, info) in seat_features(seat, &projects, inputs, lang) {
                scene.describe_feature(id, info);
            }
        }
        let drawn = base.draw(
            &transform,
            &fills,
            crate::render::figures::network_map::FILL_OPACITY,
            self.id,
        );
        push_group(
            &mut scene,
            "context",
            format!("{}-context", self.id),
            drawn.context,
            None,
        );
        push_group(
            &mut scene,
            "subregions",
            format!("{}-subregions", self.id),
            drawn.fills,
            None,
        );
        push_group(
            &mut scene,
            "municipalities",
            format!("{}-municipalities", self.id),
            drawn.municipality_borders,
            None,
        );
        push_group(
            &mut scene,
            "borders",
            format!("{}-borders", self.id),
            drawn.borders,
            None,
        );
        push_group(
            &mut scene,
            "markers",
            format!("{}-seats", self.id),
            marker_items,
            None,
        );
        let mut badge_items: Vec<Item> = badges
            .iter()
            .enumerate()
            .map(|(k, b)| {
                b.group(
                    &format!("{}-outside-{k}", self.id),
                    style.small_pt,
                    FURNITURE_INK,
                )
                .into()
            })
            .collect();
        if let Some((b, text)) = &unknown_box {
            badge_items.push(Item::Rect(Rect {
                id: Some(format!("{}-unknown", self.id)),
                origin: Point::new(b.x0, b.y0),
                width_mm: b.width(),
                height_mm: b.height(),
                corner_radius_mm: 0.0,
                style: Style::fill_and_stroke(
                    Color::WHITE.with_alpha(0.92),
                    Stroke::dashed(Color::rgb(0x77, 0x77, 0x77), 0.15, &[0.5, 0.4]),
                ),
            }));
            badge_items.push(
                Text::new(
                    Point::new(
                        b.x0 + 0.6,
                        b.y0 + 0.6 + metrics.ascent_mm(style.small_pt, FontWeight::Regular),
                    ),
                    text.clone(),
                    style.small_pt,
                )
                .colored(FURNITURE_INK)
                .into(),
            );
        }
        push_group(
            &mut scene,
            "markers",
            format!("{}-outside", self.id),
            badge_items,
            None,
        );
        let mut layout = LayoutReport {
            figure: self.id.to_string(),
            width_mm: width,
            height_mm: height,
            scale_denominator: frame.scale_denominator().round(),
            crs: projection.crs().to_string(),
            markers,
            unplaced_labels: unplaced,
            ..LayoutReport::default()
        };
        let mut label_items = Vec::new();
        for (report, text, leader) in labels {
            if let Some(points) = leader {
                label_items.push(sym::leader_line(points, format!("{}-leader", report.id)));
            }
            layout.labels.push(report);
            label_items.push(text.into());
        }
        push_group(
            &mut scene,
            "labels",
            format!("{}-labels", self.id),
            label_items,
            None,
        );
        let frame_rect = Item::Rect(Rect {
            id: Some(format!("{}-frame", self.id)),
            origin: Point::new(frame_box.x0, frame_box.y0),
            width_mm: frame_box.width(),
            height_mm: frame_box.height(),
            corner_radius_mm: 0.0,
            style: Style::stroke(Stroke::solid(Color::rgb(0x99, 0x99, 0x99), 0.2)),
        });
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
            vec![
                frame_rect,
                scale.group.into(),
                arrow.group.into(),
                attribution.into(),
            ],
            None,
        );
        finish_scene(&mut scene);

        layout.panels.push(FeatureBox {
            id: "map".into(),
            panel: String::new(),
            bbox: bbox(&frame_box),
        });
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
        for (k, b) in badges.iter().enumerate() {
            layout.furniture.push(FeatureBox {
                id: format!("{}-outside-{k}", self.id),
                panel: String::new(),
                bbox: bbox(&b.covered()),
            });
        }
        if let Some((b, _)) = &unknown_box {
            layout.furniture.push(FeatureBox {
                id: format!("{}-unknown", self.id),
                panel: String::new(),
                bbox: bbox(b),
            });
        }
        let mut warnings = Vec::new();
        for u in &layout.unplaced_labels {
            warnings.push(format!(
                "figure {}: label {:?} could not be placed without overlap",
                self.id, u.text
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
    fn legend_sections(
        &self,
        fields: &[String],
        shown: &[Seat],
        r_max: f64,
        max_total: usize,
        projects: &[&Project],
        far: bool,
        unknown: bool,
        inputs: &FigureInputs,
    ) -> Vec<LegendSection> {
        let lang = self.lang;
        let mut sections = Vec::new();
        let used: Vec<bool> = (0..fields.len())
            .map(|k| shown.iter().any(|s| s.counts[k] > 0))
            .collect();
        let field_entries: Vec<LegendEntry> = fields
            .iter()
            .zip(&used)
            .filter(|&(_, &u)| u)
            .map(|(f, _)| {
                let patch = Item::Rect(Rect {
                    id: None,
                    origin: Point::new(-1.6, -1.2),
                    width_mm: 3.2,
                    height_mm: 2.4,
                    corner_radius_mm: 0.0,
                    style: Style::fill_and_stroke(field_color(f), Stroke::solid(sym::INK, 0.15)),
                });
                let label = match self.field_labels.get(f) {
                    Some(l) => format!("{f} {l}"),
                    None => f.clone(),
                };
                LegendEntry {
                    symbol: vec![patch],
                    symbol_width: 3.6,
                    symbol_height: 2.4,
                    label,
                }
            })
            .collect();
        if !field_entries.is_empty() {
            let columns = if field_entries.len() > 3 && self.field_labels.is_empty() {
                2
            } else {
                1
            };
            sections.push(LegendSection {
                id: "legend-fields".into(),
                title: Some(lang.pick("Handlungsfelder", "Fields of action").into()),
                entries: field_entries,
                columns,
            });
        }
        // nested size circles for round counts up to the largest seat
        let values = size_legend_values(max_total);
        if !values.is_empty() {
            let metrics = inputs.metrics;
            let label_w = values
                .iter()
                .map(|v| {
                    metrics.advance_mm(&v.to_string(), self.style.legend_pt, FontWeight::Regular)
                })
                .fold(0.0, f64::max);
            let big = r_max * (*values.last().unwrap_or(&1) as f64 / max_total as f64).sqrt();
            let mut items: Vec<Item> = Vec::new();
            let w = 2.0 * big + 2.5 + label_w;
            let x0 = -w / 2.0;
            let bottom = big;
            for &v in values.iter().rev() {
                let r = r_max * (v as f64 / max_total as f64).sqrt();
                let cy = bottom - r;
                items.push(Item::Circle(Circle {
                    id: None,
                    center: Point::new(x0 + big, cy),
                    radius_mm: r,
                    style: Style::fill_and_stroke(Color::WHITE, Stroke::solid(sym::INK, 0.2)),
                }));
                items.push(Item::Path(Path {
                    id: None,
                    data: PathData::new()
                        .move_to(Point::new(x0 + big, cy - r))
                        .line_to(Point::new(x0 + 2.0 * big + 1.0, cy - r)),
                    style: Style::stroke(Stroke::solid(sym::INK, 0.12)),
                }));
                let cap = metrics.cap_height_mm(self.style.legend_pt, FontWeight::Regular);
                items.push(
                    Text::new(
                        Point::new(x0 + 2.0 * big + 1.5, cy - r + cap / 2.0),
                        v.to_string(),
                        self.style.legend_pt,
                    )
                    .colored(FURNITURE_INK)
                    .into(),
                );
            }
            let label = String::new();
            sections.push(LegendSection {
                id: "legend-sizes".into(),
                title: Some(lang.pick("Projekte je Sitz", "Projects per seat").into()),
                entries: vec![LegendEntry {
                    symbol: items,
                    symbol_width: w,
                    symbol_height: 2.0 * big + 1.6,
                    label,
                }],
                columns: 1,
            });
        }
        // what is counted
        let mut status_counts: Vec<(ProjectStatus, usize)> = ProjectStatus::ALL
            .iter()
            .map(|&s| (s, projects.iter().filter(|p| p.status == s).count()))
            .collect();
        status_counts.retain(|(_, n)| *n > 0);
        let entries: Vec<LegendEntry> = status_counts
            .iter()
            .map(|(s, n)| LegendEntry {
                symbol: Vec::new(),
                symbol_width: 0.0,
                symbol_height: 0.0,
                label: format!("{n} {}", s.label(lang)),
            })
            .collect();
        sections.push(LegendSection {
            id: "legend-status".into(),
            title: Some(match lang {
                Lang::De => format!("{} Projekte", projects.len()),
                Lang::En => format!("{} projects", projects.len()),
            }),
            entries,
            columns: 1,
        });
        sections.extend(crate::render::figures::network_map::subregions_section(
            inputs, lang,
        ));
        let mut boundaries = crate::render::figures::network_map::boundaries_section(inputs, lang);
        let other = &mut boundaries.entries;
        if far {
            let symbol = vec![Item::Rect(Rect {
                id: None,
                origin: Point::new(-1.7, -1.1),
                width_mm: 3.4,
                height_mm: 2.2,
                corner_radius_mm: 0.4,
                style: crate::render::layout::badge_style(),
            })];
            other.push(LegendEntry {
                symbol,
                symbol_width: 4.0,
                symbol_height: 2.4,
                label: lang
                    .pick(
                        "weiter entfernt: Anzahl × Ort",
                        "farther away: count × place",
                    )
                    .into(),
            });
        }
        if unknown {
            let symbol = vec![Item::Rect(Rect {
                id: None,
                origin: Point::new(-1.7, -1.1),
                width_mm: 3.4,
                height_mm: 2.2,
                corner_radius_mm: 0.0,
                style: Style::stroke(Stroke::dashed(
                    Color::rgb(0x77, 0x77, 0x77),
                    0.15,
                    &[0.5, 0.4],
                )),
            })];
            other.push(LegendEntry {
                symbol,
                symbol_width: 4.0,
                symbol_height: 2.4,
                label: lang.pick("Sitz unbekannt", "seat unknown").into(),
            });
        }
        sections.push(boundaries);
        sections
    }
}

/// Sort key of a field id: `HF2` before `HF10`, other ids after, by name.
fn field_key(field: &str) -> (u32, String) {
    match field.strip_prefix("HF").and_then(|n| n.parse::<u32>().ok()) {
        Some(n) => (n, String::new()),
        None => (u32::MAX, field.to_string()),
    }
}

/// The region's outline in projected metres: the arcs between a member and
/// a non-member (or nothing).
fn region_outline(
    inputs: &FigureInputs,
    membership: &RegionMembership,
) -> Result<Vec<LineString<f64>>, ProjectionError> {
    let topology = inputs.projected.topology();
    let users = inputs.projected.users();
    let mut arcs: Vec<usize> = Vec::new();
    for &g in &membership.members {
        for &r in topology.geometries[g].iter().flatten().flatten() {
            let (i, _) = crate::boundaries::Topology::decode_ref(r);
            let [a, b] = users[i];
            let inside = |u: Option<usize>| u.is_some_and(|u| membership.in_region[u]);
            if inside(a) != inside(b) {
                arcs.push(i);
            }
        }
    }
    arcs.sort_unstable();
    arcs.dedup();
    arcs.into_iter()
        .map(|i| {
            inputs
                .projected
                .arc(i)
                .map(|a| LineString::from(a.to_vec()))
        })
        .collect()
}

/// The counts shown in the size legend: 1, the largest round count not above
/// `max_total`, and a round count between them, so the three circles differ
/// clearly in size.
fn size_legend_values(max_total: usize) -> Vec<usize> {
    const ROUND: [usize; 11] = [1, 2, 5, 10, 15, 20, 25, 50, 75, 100, 150];
    let top = ROUND
        .iter()
        .copied()
        .filter(|&v| v <= max_total)
        .max()
        .unwrap_or(1);
    if top <= 2 {
        return (1..=top).collect();
    }
    // middle: the round count nearest to the geometric mean of 1 and `top`
    let mean = (top as f64).sqrt();
    let middle = ROUND
        .iter()
        .copied()
        .filter(|&v| v > 1 && v < top)
        .min_by(|a, b| {
            ((*a as f64).ln() - mean.ln())
                .abs()
                .total_cmp(&((*b as f64).ln() - mean.ln()).abs())
        });
    let mut values = vec![1];
    values.extend(middle);
    values.push(top);
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_sort_naturally() {
        let mut f = vec!["HF10".to_string(), "HF2".into(), "X".into(), "HF1".into()];
        f.sort_by_key(|f| field_key(f));
        assert_eq!(f, ["HF1", "HF2", "HF10", "X"]);
    }

    #[test]
    fn size_legend_values_are_round_and_spread() {
        assert_eq!(size_legend_values(16), vec![1, 5, 15]);
        assert_eq!(size_legend_values(1), vec![1]);
        assert_eq!(size_legend_values(2), vec![1, 2]);
        assert_eq!(size_legend_values(40), vec![1, 5, 25]);
    }
}

/// What a seat symbol (the projects coordinated from one municipality) and
/// its label stand for: the tooltips of the interactive page.
fn seat_features(
    seat: &Seat,
    projects: &[&Project],
    inputs: &FigureInputs,
    lang: Lang,
) -> [(String, FeatureInfo); 2] {
    let m = &inputs.boundaries.municipalities()[seat.municipality];
    let members: Vec<&&Project> = projects
        .iter()
        .filter(|p| p.seat.as_ref().and_then(|s| s.municipality) == Some(seat.municipality))
        .collect();
    let subregion = inputs
        .subregions
        .of(m.ags)
        .map(|s| s.label(lang).to_string())
        .unwrap_or_default();
    let listed: Vec<String> = members
        .iter()
        .map(|p| format!("{} {}", p.id, p.title))
        .collect();
    let mut symbol = FeatureInfo::new(FeatureKind::Aggregate, m.name.clone())
        .with("municipality", m.name.clone())
        .with("count", seat.total.to_string())
        .with("members", listed.join("; "));
    let mut label = FeatureInfo::new(FeatureKind::Municipality, m.name.clone())
        .with("subregion", subregion)
        .with("count", seat.total.to_string());
    for p in &members {
        symbol = symbol.in_project(p.id.clone());
        label = label.in_project(p.id.clone());
    }
    [
        (format!("seat-{}", m.ags), symbol),
        (format!("label-{}", m.ags), label),
    ]
}
