//! The seat map (Fig. 1): projects by the seat of their coordination.
//!
//! One proportional symbol per seat municipality, its area true to the
//! number of projects coordinated there, divided like a pie into the
//! Handlungsfelder HF1–HF5. Seats outside the region lie on the grey
//! context map, and the map grows to show them when they are near (within
//! `max_context_km`); seats farther away are counted at the frame edge in
//! their direction, seats without location in a box.

use crate::boundaries::{Context, MunicipalityId};
use crate::crs::{PageTransform, ProjectionError};
use crate::network::{Categories, Category, Project};
use crate::render::feature_info::{FeatureInfo, FeatureKind};
use crate::render::figures::base_map::{BorderDetail, RegionMembership};
use crate::render::figures::dimensions::{
    AREA_SLOT_W, BADGE_SYMBOL_CORNER, BLOCK_GAP, BOX_SYMBOL_H, CORNER_BOX_PAD, FIELD_PATCH,
    FIELD_PATCH_STROKE, FIELD_SLOT_W, LABEL_INSET, MIN_MAP_HEIGHT, PAGE_FIT_ATTEMPTS,
    PAGE_FIT_TOLERANCE, PATCH_SLOT_H, RIGHT_INSET, SCALE_BAR_MAX, SEAT_BOX_PAD, SEAT_BOX_SYMBOL_W,
    SEAT_CROWDED_LEADER_MAX, SEAT_DISPLACE_GAPS, SEAT_LEGEND_GAP, SEAT_MARGIN_EXTRA,
    SEAT_R_MAX_RANGE, SEAT_R_MAX_SHARE, SEAT_RESEAT_REACH, SEAT_RESEAT_SPREAD, SEAT_RESEAT_TRIES,
    SEAT_RIGHT_LEGEND_W, SEAT_SCALE_BLOCK_W, SIZE_CIRCLE_STROKE, SIZE_LEGEND_EXTRA_H,
    SIZE_LEGEND_GAP, SIZE_TICK_OVERRUN, SIZE_TICK_STROKE, SIZE_VALUE_OFFSET,
};
use crate::render::figures::figure::{BuiltFigure, FigureBuildError, FigureInputs, check_projects};
use crate::render::figures::legend_sections::{
    boundaries_section, centred_patch, subregions_section,
};
use crate::render::figures::page_fit::{FitStep, PagePlan};
use crate::render::figures::panel::{
    FurnitureBounds, LabelItem, MapBase, clear_of_legend, corner_box, feature, frame_rect,
    label_probe, municipality_info, placed_labels, push_base_map, push_labels,
    push_municipality_areas, report_furniture, unknown_box_style, unknown_stroke, unplaced_labels,
};
use crate::render::fonts::TextMetrics;
use crate::render::layout::{
    BadgeStyle, EdgeBadge, OutsideItem, badge_style, group_by_direction, layout_badges,
};
use crate::render::layout::{BlockAnchor, FURNITURE_INK, Furniture, scale_and_north};
use crate::render::layout::{
    Disc, DisplacedMarker, LayoutReport, MarkerBox, UnplacedLabel, bbox, boxes_overlap, free_spots,
    round_mm, separate_discs,
};
use crate::render::layout::{FrameMargins, MapFrame, grow_extent};
use crate::render::layout::{LabelRequest, LinkLine, Obstacles, PlacementRules, place_labels};
use crate::render::layout::{Legend, LegendEntry, LegendSection, LegendStyle, layout_legend};
use crate::render::layout::{
    TextBlock, attribution_line, finish_scene, line_height, new_scene, push_group, title_block,
};
use crate::render::scene::{
    Bounds, Circle, Color, FontWeight, Group, Item, Path, PathData, Point, Rect, Scene, Stroke,
    Style, Text, TextAnchor,
};
use crate::render::symbology::FILL_OPACITY;
use crate::render::symbology::{self as sym, category_color};
use crate::render::{FigureStyle, LegendPlacement};
use crate::text::Lang;
use geo::{Distance, Euclidean};
use geo_types::{Coord, LineString, Rect as GeoRect};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

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
    /// Title of the legend section of the pie slices ("Handlungsfelder" when `None`).
    pub fields_title: Option<&'c str>,
}

/// Default for [`SeatMap::max_context_km`]: Düsseldorf (about 10 km from the
/// Ruhr's outline) and the neighbouring towns are shown on the map, Münster
/// and Köln (more than 20 km away) are counted at the edge, as placing them
/// would double the map's size for one symbol each.
pub const DEFAULT_MAX_CONTEXT_KM: f64 = 15.0;

/// Projects coordinated from one municipality.
#[derive(Debug, Clone)]
struct Seat {
    municipality: MunicipalityId,
    /// Projected position (metres) of the municipality's point.
    position: Coord<f64>,
    /// Count per field, in field order.
    counts: Vec<usize>,
    total: usize,
}

/// What the figure counts: the projects and their fields, the seats shown
/// on the map (largest first), those counted at the edge, those unknown.
struct SeatSelection<'n> {
    projects: Vec<&'n Project>,
    /// Fields in natural order (HF1 … HF5, then others).
    fields: Vec<String>,
    membership: RegionMembership,
    /// Seats on the map, largest first, so small ones stay visible on top.
    shown: Vec<Seat>,
    /// Seats too far away (and abroad), one item per project.
    far: Vec<OutsideItem>,
    /// Projects without a seat.
    unknown: usize,
    /// The region's extent, grown to the seats shown (metres).
    extent: GeoRect<f64>,
}

/// The page: the map frame and everything sized from it.
struct SeatPage<'a> {
    width: f64,
    map_w: f64,
    /// Width of a legend column right of the map, 0 when the legend is below.
    right_w: f64,
    /// Radius of the largest seat's symbol.
    r_max: f64,
    max_total: usize,
    frame: MapFrame,
    title: TextBlock,
    frame_box: Bounds,
    transform: PageTransform,
    map: MapBase<'a>,
}

impl SeatPage<'_> {
    /// The radius of a symbol for `n` projects: area true to the count.
    fn radius(&self, n: usize) -> f64 {
        self.r_max * (n as f64 / self.max_total as f64).sqrt()
    }
}

/// The seat symbols, their boxes and the label each asks for.
struct SeatSymbols {
    items: Vec<Item>,
    /// Leaders and dots from displaced symbols to their true places.
    leaders: Vec<Item>,
    /// Points along the leaders, which labels should rather not cover.
    leader_lines: Vec<LinkLine>,
    displaced: Vec<DisplacedMarker>,
    /// The symbols as drawn (with their pad), for labels and leaders to avoid.
    discs: Vec<Disc>,
    markers: Vec<MarkerBox>,
    boxes: Vec<Bounds>,
    requests: Vec<LabelRequest>,
    /// Ink box of each label at the origin.
    relative: Vec<Bounds>,
}

impl SeatSymbols {
    /// A symbol `id` of radius `r` drawn at `to` instead of its true place
    /// `from` (mm): the report entry, and a leader from its rim to a dot at
    /// the true place when that lies outside the symbol.
    fn record_displacement(&mut self, id: &str, from: Coord<f64>, to: Coord<f64>, r: f64) {
        let distance = (to.x - from.x).hypot(to.y - from.y);
        self.displaced.push(DisplacedMarker {
            id: id.to_string(),
            from: [round_mm(from.x), round_mm(from.y)],
            to: [round_mm(to.x), round_mm(to.y)],
            distance_mm: round_mm(distance),
        });
        if distance <= r {
            return;
        }
        let rim = Coord {
            x: to.x + (from.x - to.x) * r / distance,
            y: to.y + (from.y - to.y) * r / distance,
        };
        self.leaders
            .push(sym::leader_line([rim, from], format!("{id}-leader")));
        self.leaders
            .push(sym::true_place_dot(from, format!("{id}-true-place")));
        // labels pay for sitting on a leader, as on a link
        self.leader_lines.push(LinkLine {
            points: vec![rim, from],
            half_width: 0.1,
        });
    }
}

/// Symbols, the boxes outside the map, the labels placed and those that
/// found no place: one try at steps 3 to 5.
type SeatLayout = (
    SeatSymbols,
    OutsideBoxes,
    Vec<LabelItem>,
    Vec<UnplacedLabel>,
);

/// How well a try placed its labels, lower is better: every unplaced label
/// counts more than all distances together, then the labels' distances
/// (mm) from their symbols' centres.
fn label_quality(laid: &SeatLayout) -> f64 {
    let reach: f64 = laid
        .2
        .iter()
        .map(|(l, _, _)| {
            let dx = (l.bbox[0] - l.anchor[0])
                .max(0.0)
                .max(l.anchor[0] - l.bbox[2]);
            let dy = (l.bbox[1] - l.anchor[1])
                .max(0.0)
                .max(l.anchor[1] - l.bbox[3]);
            dx.hypot(dy)
        })
        .sum();
    laid.3.len() as f64 * 1e6 + reach
}

/// Seats counted outside the map: badges at the frame edge, the box of
/// unknown seats with its text.
struct OutsideBoxes {
    badges: Vec<EdgeBadge>,
    unknown: Option<(Bounds, String)>,
}

/// Legend, scale bar, north arrow, attribution, and the page height.
struct Blocks {
    legend: Legend,
    scale: Furniture,
    arrow: Furniture,
    attribution: Text,
    attribution_bounds: Bounds,
    height: f64,
}

impl SeatMap<'_> {
    /// Builds the figure.
    pub fn render(&self, inputs: &FigureInputs) -> Result<BuiltFigure, FigureBuildError> {
        check_projects(self.id, self.projects, inputs.network)?;
        let selection = self.select_seats(inputs)?;
        let (mut page, mut blocks) = self.fitted_page(inputs, &selection, false)?;
        let (mut symbols, mut outside, mut labels, mut unplaced) =
            self.symbols_and_labels(inputs, &page, &selection);
        if !symbols.leaders.is_empty() {
            // symbols had to move: the legend explains their leaders, so the
            // page is fitted again with that entry, and the symbols with it
            (page, blocks) = self.fitted_page(inputs, &selection, true)?;
            (symbols, outside, labels, unplaced) =
                self.symbols_and_labels(inputs, &page, &selection);
        }
        let mut layout = LayoutReport {
            figure: self.id.to_string(),
            width_mm: page.width,
            height_mm: blocks.height,
            scale_denominator: page.frame.scale_denominator().round(),
            crs: inputs.projected.projection().crs().to_string(),
            markers: symbols.markers,
            displaced: symbols.displaced,
            unplaced_labels: unplaced,
            ..LayoutReport::default()
        };
        let mut scene = new_scene(page.width, blocks.height, self.title, self.lang);
        for seat in &selection.shown {
            for (id, info) in seat_features(seat, &selection.projects, inputs, self.lang) {
                scene.describe_feature(id, info);
            }
        }
        let seated = |g: usize| {
            selection
                .shown
                .iter()
                .find(|seat| seat.municipality.index() == g)
                .map_or(0, |seat| seat.total)
        };
        push_municipality_areas(
            &mut scene,
            self.id,
            inputs,
            &page.map,
            &page.transform,
            page.frame_box,
            |g| municipality_info(inputs, g, self.lang).with("count", seated(g).to_string()),
        );
        // leaders beneath the symbols: they point out of the crowd, the symbols stay whole
        let mut items = symbols.leaders;
        items.extend(symbols.items);
        self.draw_map(&mut scene, &page, items, &outside, inputs);
        push_labels(
            &mut scene,
            &mut layout,
            format!("{}-labels", self.id),
            labels,
        );
        self.report_boxes(&mut layout, &page, &blocks, &outside);
        if selection.projects.is_empty() {
            let (bounds, items) = self.no_data_box(&page, inputs.metrics);
            layout
                .furniture
                .push(feature(format!("{}-no-data", self.id), "", &bounds));
            push_group(
                &mut scene,
                "legend",
                format!("{}-no-data", self.id),
                items,
                None,
            );
        }
        self.draw_furniture(&mut scene, &page, blocks);
        finish_scene(&mut scene);
        let warnings = layout
            .unplaced_labels
            .iter()
            .map(|u| {
                format!(
                    "figure {}: label {:?} could not be placed without overlap",
                    self.id, u.text
                )
            })
            .collect();
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

    /// Step 1: the projects counted, their seats, and which seats the map shows.
    fn select_seats<'n>(
        &self,
        inputs: &FigureInputs<'n>,
    ) -> Result<SeatSelection<'n>, FigureBuildError> {
        let network = inputs.network;
        let categories = &network.categories;
        let statuses: Vec<&str> = self
            .statuses
            .iter()
            .filter_map(|s| categories.statuses.find(s).map(|c| c.id.as_str()))
            .collect();
        let projects: Vec<&Project> = network
            .projects
            .iter()
            .filter(|p| self.projects.is_empty() || self.projects.contains(&p.id))
            .filter(|p| self.statuses.is_empty() || statuses.contains(&p.status.as_str()))
            .collect();
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
        let mut fields: Vec<String> = projects.iter().map(|p| p.field.clone()).collect();
        fields.sort_by_key(|f| categories.fields.position(f));
        fields.dedup();
        let (seats, abroad, unknown) = self
            .seats(inputs, &projects, &fields)
            .map_err(|e| self.projection_error(e))?;
        let (mut shown, far) = self
            .near_and_far(inputs, &membership, seats, abroad)
            .map_err(|e| self.projection_error(e))?;
        let extent = grow_extent(
            region_extent,
            &shown.iter().map(|s| s.position).collect::<Vec<_>>(),
        );
        shown.sort_by(|a, b| {
            b.total
                .cmp(&a.total)
                .then(a.municipality.cmp(&b.municipality))
        });
        Ok(SeatSelection {
            projects,
            fields,
            membership,
            shown,
            far,
            unknown,
            extent,
        })
    }

    /// The seats by municipality; seats abroad, and the number of projects without seat.
    #[allow(clippy::type_complexity)]
    fn seats(
        &self,
        inputs: &FigureInputs,
        projects: &[&Project],
        fields: &[String],
    ) -> Result<(BTreeMap<MunicipalityId, Seat>, Vec<OutsideItem>, usize), ProjectionError> {
        let projection = inputs.projected.projection();
        let mut seats: BTreeMap<MunicipalityId, Seat> = BTreeMap::new();
        let mut abroad: Vec<OutsideItem> = Vec::new();
        let mut unknown = 0usize;
        for p in projects {
            let field = fields.iter().position(|f| *f == p.field).unwrap_or(0);
            let Some(site) = &p.seat else {
                unknown += 1;
                continue;
            };
            let Some(g) = site.municipality else {
                abroad.push(OutsideItem {
                    place: Context::embedded().place_abroad(site.position, self.lang),
                    position: projection.project(site.position)?,
                    emphasis: false,
                });
                continue;
            };
            let seat = match seats.entry(g) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(Seat {
                    municipality: g,
                    position: projection.project(inputs.boundaries.municipalities()[g].point)?,
                    counts: vec![0; fields.len()],
                    total: 0,
                }),
            };
            seat.counts[field] += 1;
            seat.total += 1;
        }
        Ok((seats, abroad, unknown))
    }

    /// Seats outside the region that are near enough (measured to the
    /// region's outline, not its bounding box) grow the map; the rest go to
    /// the edge, one item per project.
    fn near_and_far(
        &self,
        inputs: &FigureInputs,
        membership: &RegionMembership,
        seats: BTreeMap<MunicipalityId, Seat>,
        abroad: Vec<OutsideItem>,
    ) -> Result<(Vec<Seat>, Vec<OutsideItem>), ProjectionError> {
        let limit = self.max_context_km * 1000.0;
        let outline = region_outline(inputs, membership)?;
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
            if membership.in_region[seat.municipality.index()] || near(seat.position) {
                shown.push(seat);
            } else {
                for _ in 0..seat.total {
                    far.push(OutsideItem {
                        place: inputs.boundaries.municipalities()[seat.municipality]
                            .name
                            .clone(),
                        position: seat.position,
                        emphasis: false,
                    });
                }
            }
        }
        Ok((shown, far))
    }

    /// Steps 2 and 6: the page and its legend and furniture, within the
    /// style's `max_height_mm`. A page that would be taller gets its legend
    /// beside the map (unless the style places it below), then a smaller
    /// map; when the legend and furniture alone leave no room for a map,
    /// that is an error naming the figure and the key.
    fn fitted_page<'a>(
        &self,
        inputs: &FigureInputs<'a>,
        selection: &SeatSelection,
        displaced: bool,
    ) -> Result<(SeatPage<'a>, Blocks), FigureBuildError> {
        let max_h = self.style.max_height_mm;
        let mut plan = PagePlan::new(
            self.style.legend == LegendPlacement::Right,
            self.style.legend == LegendPlacement::Auto,
        );
        // with the legend placed automatically: below, beside, then (for a
        // legend too long to stand beside the map) below again with a smaller map
        for _ in 0..PAGE_FIT_ATTEMPTS {
            let page = self
                .page(inputs, selection, plan)
                .map_err(|e| self.projection_error(e))?;
            let blocks = self.legend_and_furniture(inputs, &page, selection, displaced);
            match plan.step(blocks.height - max_h, page.frame.height_mm, 1.0) {
                FitStep::Fits => return Ok((page, blocks)),
                FitStep::Retry => {}
                FitStep::TooShort => {
                    return Err(self.page_too_short(blocks.height - page.frame.height_mm));
                }
            }
        }
        let page = self
            .page(inputs, selection, plan)
            .map_err(|e| self.projection_error(e))?;
        let blocks = self.legend_and_furniture(inputs, &page, selection, displaced);
        if blocks.height - max_h > PAGE_FIT_TOLERANCE {
            return Err(self.page_too_short(blocks.height - page.frame.height_mm));
        }
        Ok((page, blocks))
    }

    fn page_too_short(&self, without_map: f64) -> FigureBuildError {
        FigureBuildError::PageTooShort {
            figure: self.id.to_string(),
            max_height_mm: self.style.max_height_mm,
            needed_mm: without_map + MIN_MAP_HEIGHT,
        }
    }

    /// The page for `plan`: title, map frame sized to the largest symbol
    /// (and no taller than the plan allows), base map.
    fn page<'a>(
        &self,
        inputs: &FigureInputs<'a>,
        selection: &SeatSelection,
        plan: PagePlan,
    ) -> Result<SeatPage<'a>, ProjectionError> {
        let style = self.style;
        let width = style.width_mm;
        let max_total = selection
            .shown
            .iter()
            .map(|s| s.total)
            .max()
            .unwrap_or(1)
            .max(1);
        let right_w = if plan.legend_right {
            SEAT_RIGHT_LEGEND_W
        } else {
            0.0
        };
        let [r_min, r_top] = SEAT_R_MAX_RANGE;
        let fit = |map_w: f64| {
            let r_max = (map_w * SEAT_R_MAX_SHARE).clamp(r_min, r_top);
            let margin = r_max + SEAT_MARGIN_EXTRA;
            let frame =
                MapFrame::fit_width(selection.extent, map_w, FrameMargins::uniform(margin), 0.0);
            (r_max, margin, frame)
        };
        let mut map_w = width - right_w;
        let (mut r_max, mut margin, mut frame) = fit(map_w);
        if let Some(max_h) = plan.max_map_h {
            // the frame's height is linear in its width beyond the margins;
            // the margins follow the symbol size, so a few rounds settle it
            let aspect = selection.extent.width().max(1.0) / selection.extent.height().max(1.0);
            for _ in 0..PAGE_FIT_ATTEMPTS {
                if frame.height_mm <= max_h + PAGE_FIT_TOLERANCE {
                    break;
                }
                map_w = ((max_h - 2.0 * margin) * aspect + 2.0 * margin).min(map_w);
                (r_max, margin, frame) = fit(map_w);
            }
        }
        let title = title_block(
            self.title,
            width,
            style.title_pt,
            style.show_title,
            inputs.metrics,
        );
        let frame_box = Bounds {
            x0: 0.0,
            y0: title.height,
            x1: map_w,
            y1: title.height + frame.height_mm,
        };
        let transform = frame.page_transform(Coord {
            x: 0.0,
            y: title.height,
        });
        let map = MapBase::new(inputs, &selection.membership, &frame, BorderDetail::Laender)?;
        Ok(SeatPage {
            width,
            map_w,
            right_w,
            r_max,
            max_total,
            frame,
            title,
            frame_box,
            transform,
            map,
        })
    }

    /// Steps 3 to 5: symbols, the boxes outside the map, labels. Where
    /// symbols have to be moved apart, the gap between them grows through
    /// [`SEAT_DISPLACE_GAPS`] until every label finds a place (wider gaps
    /// leave room for leaders out of a crowd); the first try with the fewest
    /// unplaced labels is kept. Within a try, a symbol whose label finds no
    /// place because the crowd closed around it moves to the nearest spot
    /// where its label fits beside it (see [`Self::rim_spot`]).
    fn symbols_and_labels(
        &self,
        inputs: &FigureInputs,
        page: &SeatPage,
        selection: &SeatSelection,
    ) -> SeatLayout {
        let discs: Vec<Disc> = selection
            .shown
            .iter()
            .map(|seat| Disc {
                center: page.transform.to_page(seat.position),
                radius: page.radius(seat.total) + SEAT_BOX_PAD,
            })
            .collect();
        let lay_out = |centres: &[Coord<f64>]| {
            let symbols = self.symbols(inputs, page, selection, &discs, centres);
            let outside =
                self.outside_boxes(inputs, page, &selection.far, selection.unknown, &symbols);
            let (labels, unplaced) = self.labels(inputs, page, &symbols, &outside);
            (symbols, outside, labels, unplaced)
        };
        let attempt = |gap: f64| {
            let mut centres = separate_discs(&discs, page.frame_box, gap);
            let mut laid = lay_out(&centres);
            // each move must place one more label, so this ends
            while let Some((k, spots)) = self.rim_spots(page, &discs, &centres, &laid, gap) {
                let Some((moved, next)) = spots
                    .into_iter()
                    .map(|spot| {
                        let mut moved = centres.clone();
                        moved[k] = spot;
                        let next = lay_out(&moved);
                        (moved, next)
                    })
                    .min_by(|a, b| label_quality(&a.1).total_cmp(&label_quality(&b.1)))
                else {
                    break;
                };
                if next.3.len() >= laid.3.len() {
                    break;
                }
                (centres, laid) = (moved, next);
            }
            laid
        };
        let [first, wider @ ..] = SEAT_DISPLACE_GAPS;
        let mut best = attempt(first);
        for gap in wider {
            if best.3.is_empty() || best.0.displaced.is_empty() {
                break;
            }
            let next = attempt(gap);
            if next.3.len() < best.3.len() {
                best = next;
            }
        }
        best
    }

    /// For the first symbol that was moved apart from others and whose label
    /// then found no place (a crowd of larger symbols closed around it): a
    /// few spots to move it to, nearest its true place first, within
    /// [`SEAT_RESEAT_REACH`], each at least [`SEAT_RESEAT_SPREAD`] from the
    /// others, where it overlaps no other symbol or box and its label fits
    /// right beside it, without a leader. Spots where no placed label is in
    /// the way come first; only when there are none, spots where other
    /// labels will have to make room. A cartographer moves such a symbol to
    /// the rim of the crowd rather than threading a leader out of it.
    fn rim_spots(
        &self,
        page: &SeatPage,
        discs: &[Disc],
        centres: &[Coord<f64>],
        laid: &SeatLayout,
        gap: f64,
    ) -> Option<(usize, Vec<Coord<f64>>)> {
        let (symbols, outside, labels, unplaced) = laid;
        let mut boxes: Vec<Bounds> = outside.badges.iter().map(|b| b.covered()).collect();
        boxes.extend(outside.unknown.as_ref().map(|(b, _)| *b));
        let label_boxes: Vec<Bounds> = labels
            .iter()
            .map(|(l, _, _)| Bounds {
                x0: l.bbox[0],
                y0: l.bbox[1],
                x1: l.bbox[2],
                y1: l.bbox[3],
            })
            .collect();
        let with_labels: Vec<Bounds> = boxes.iter().chain(&label_boxes).copied().collect();
        let beside = PlacementRules {
            leader_max: 0.0,
            ..PlacementRules::default()
        };
        let frame = page.frame_box.expanded(-LABEL_INSET);
        let k = unplaced.iter().find_map(|u| {
            let k = symbols.requests.iter().position(|r| r.id == u.id)?;
            (centres[k] != discs[k].center).then_some(k)
        })?;
        let r = discs[k].radius;
        let spots = free_spots(k, discs, centres, page.frame_box, gap, SEAT_RESEAT_REACH);
        // whether the symbol at `spot` keeps clear of `hard` and its label fits beside it
        let fits = |spot: Coord<f64>, hard: &[Bounds]| {
            let disc_box = Bounds {
                x0: spot.x - r,
                y0: spot.y - r,
                x1: spot.x + r,
                y1: spot.y + r,
            };
            if hard
                .iter()
                .any(|h| boxes_overlap(h, &disc_box, beside.padding))
            {
                return false;
            }
            let anchor = Disc {
                center: spot,
                radius: r,
            };
            let mut circles = symbols.discs.clone();
            circles[k] = anchor;
            let request = LabelRequest {
                anchor,
                ..symbols.requests[k].clone()
            };
            let obstacles = Obstacles {
                hard: hard.to_vec(),
                links: symbols.leader_lines.clone(),
                circles,
            };
            place_labels(&[request], frame, &obstacles, &beside)
                .unplaced
                .is_empty()
        };
        for hard in [&with_labels, &boxes] {
            let mut chosen: Vec<Coord<f64>> = Vec::new();
            for &spot in &spots {
                if chosen.len() == SEAT_RESEAT_TRIES {
                    break;
                }
                let apart = chosen
                    .iter()
                    .all(|c| (c.x - spot.x).hypot(c.y - spot.y) >= SEAT_RESEAT_SPREAD);
                if apart && fits(spot, hard) {
                    chosen.push(spot);
                }
            }
            if !chosen.is_empty() {
                return Some((k, chosen));
            }
        }
        None
    }

    /// Step 3: a pie per seat at `placed` (its disc `discs[i]` moved apart
    /// from the others where they would overlap), its box, and the request
    /// for its label.
    fn symbols(
        &self,
        inputs: &FigureInputs,
        page: &SeatPage,
        selection: &SeatSelection,
        discs: &[Disc],
        placed: &[Coord<f64>],
    ) -> SeatSymbols {
        let categories = &inputs.network.categories;
        let field_colors: Vec<Color> = selection
            .fields
            .iter()
            .map(|f| field_color(categories, f))
            .collect();
        let mut symbols = SeatSymbols {
            items: Vec::new(),
            leaders: Vec::new(),
            leader_lines: Vec::new(),
            displaced: Vec::new(),
            discs: Vec::new(),
            markers: Vec::new(),
            boxes: Vec::new(),
            requests: Vec::new(),
            relative: Vec::new(),
        };
        for ((seat, disc), &c) in selection.shown.iter().zip(discs).zip(placed) {
            let center = Point::new(c.x, c.y);
            let r = page.radius(seat.total);
            let m = &inputs.boundaries.municipalities()[seat.municipality];
            let id = format!("seat-{}", m.ags);
            let inside = c == disc.center || self.still_inside(page, seat, c);
            if c != disc.center {
                symbols.record_displacement(&id, disc.center, c, r);
            }
            symbols.discs.push(Disc {
                center: c,
                radius: disc.radius,
            });
            let counts: Vec<(Color, usize)> = field_colors
                .iter()
                .copied()
                .zip(seat.counts.iter().copied())
                .collect();
            let mut g = Group::new(id.clone());
            g.items = sym::pie(center, r, &counts, &id);
            symbols.items.push(g.into());
            let b = Bounds {
                x0: center.x - r - SEAT_BOX_PAD,
                y0: center.y - r - SEAT_BOX_PAD,
                x1: center.x + r + SEAT_BOX_PAD,
                y1: center.y + r + SEAT_BOX_PAD,
            };
            symbols.markers.push(MarkerBox {
                id: id.clone(),
                panel: String::new(),
                kind: "seat".into(),
                bbox: bbox(&b),
                inside_municipality: inside,
            });
            let text = format!("{} ({})", m.name, seat.total);
            let ink = inputs.metrics.ink_bounds(&label_probe(
                &text,
                self.style.label_pt,
                FontWeight::Regular,
            ));
            symbols.relative.push(ink);
            symbols.requests.push(LabelRequest {
                id: format!("label-{}", m.ags),
                text,
                anchor: Disc {
                    center: c,
                    radius: r + SEAT_BOX_PAD,
                },
                width: ink.width(),
                height: ink.height(),
                priority: seat.total as f64,
            });
        }
        // the report's rounded boxes are what labels must avoid
        symbols.boxes = symbols
            .markers
            .iter()
            .map(|m| Bounds {
                x0: m.bbox[0],
                y0: m.bbox[1],
                x1: m.bbox[2],
                y1: m.bbox[3],
            })
            .collect();
        symbols
    }

    /// Whether a seat symbol moved to `center` (mm) still stands on its municipality.
    fn still_inside(&self, page: &SeatPage, seat: &Seat, center: Coord<f64>) -> bool {
        use geo::Contains;
        page.map.geometry.is_selected(seat.municipality.index())
            && page
                .map
                .geometry
                .polygon(seat.municipality.index())
                .contains(&geo_types::Point(page.transform.to_metres(center)))
    }

    /// Step 4: far seats as badges at the frame edge, unknown seats in a box
    /// in the emptiest corner.
    fn outside_boxes(
        &self,
        inputs: &FigureInputs,
        page: &SeatPage,
        far: &[OutsideItem],
        unknown: usize,
        symbols: &SeatSymbols,
    ) -> OutsideBoxes {
        let metrics = inputs.metrics;
        let small_pt = self.style.small_pt;
        let groups = group_by_direction(far, page.frame.center(), 8, 4, self.lang);
        let centre = page.transform.to_page(page.frame.center());
        let badges = layout_badges(
            &groups,
            page.frame_box,
            Point::new(centre.x, centre.y),
            &symbols.boxes,
            &BadgeStyle::new(small_pt),
            metrics,
        );
        let mut obstacles: Vec<Bounds> = symbols.boxes.clone();
        obstacles.extend(badges.iter().map(|b| b.covered()));
        let unknown = (unknown > 0).then(|| {
            let caption = self.lang.pick("Sitz unbekannt", "seat unknown");
            let text = format!("{caption}: {unknown}");
            let w = metrics.advance_mm(&text, small_pt, FontWeight::Regular) + 2.0 * CORNER_BOX_PAD;
            let h = metrics.ascent_mm(small_pt, FontWeight::Regular)
                + metrics.descent_mm(small_pt, FontWeight::Regular)
                + 2.0 * CORNER_BOX_PAD;
            (corner_box(page.frame_box, w, h, &obstacles), text)
        });
        OutsideBoxes { badges, unknown }
    }

    /// Step 5: the seat labels, clear of symbols, badges and the unknown box.
    fn labels(
        &self,
        inputs: &FigureInputs,
        page: &SeatPage,
        symbols: &SeatSymbols,
        outside: &OutsideBoxes,
    ) -> (Vec<LabelItem>, Vec<UnplacedLabel>) {
        let mut hard: Vec<Bounds> = outside.badges.iter().map(|b| b.covered()).collect();
        if let Some((b, _)) = &outside.unknown {
            hard.push(*b);
        }
        let placement = place_labels(
            &symbols.requests,
            page.frame_box.expanded(-LABEL_INSET),
            &Obstacles {
                hard,
                links: symbols.leader_lines.clone(),
                circles: symbols.discs.clone(),
            },
            &self.placement_rules(symbols),
        );
        let weights = vec![FontWeight::Regular; symbols.requests.len()];
        let labels = placed_labels(
            &placement,
            &symbols.requests,
            &symbols.relative,
            &weights,
            self.style.label_pt,
            "",
            inputs.metrics,
        );
        (labels, unplaced_labels(&placement, &symbols.requests, ""))
    }

    /// The label rules: where symbols had to be moved apart the map is
    /// crowded, and labels may go farther out on a leader.
    fn placement_rules(&self, symbols: &SeatSymbols) -> PlacementRules {
        let rules = PlacementRules::default();
        if symbols.displaced.is_empty() {
            return rules;
        }
        PlacementRules {
            leader_max: SEAT_CROWDED_LEADER_MAX,
            ..rules
        }
    }

    /// Step 6: legend (right of or below the map), scale bar and north
    /// arrow, attribution; the page ends below the lowest of them.
    fn legend_and_furniture(
        &self,
        inputs: &FigureInputs,
        page: &SeatPage,
        selection: &SeatSelection,
        displaced: bool,
    ) -> Blocks {
        let style = self.style;
        let metrics = inputs.metrics;
        let sections = self.legend_sections(page, selection, inputs, displaced);
        let right = page.right_w > 0.0;
        let (legend_origin, legend_w) = if right {
            (
                Point::new(page.map_w + SEAT_LEGEND_GAP, page.frame_box.y0),
                page.right_w - SEAT_LEGEND_GAP,
            )
        } else {
            (
                Point::new(0.0, page.frame_box.y1 + BLOCK_GAP),
                page.width - SEAT_SCALE_BLOCK_W,
            )
        };
        let legend_style = LegendStyle::new(style.legend_pt);
        let legend = layout_legend(&sections, legend_origin, legend_w, &legend_style, metrics);
        let (anchor, scale_top) = if right {
            (
                BlockAnchor::Left(legend_origin.x),
                legend.bounds.y1 + BLOCK_GAP,
            )
        } else {
            (
                BlockAnchor::Right(page.width - RIGHT_INSET),
                page.frame_box.y1 + BLOCK_GAP,
            )
        };
        let place = |top: f64| {
            scale_and_north(
                anchor,
                top,
                SCALE_BAR_MAX,
                page.frame.mm_per_metre(),
                page.map.north,
                style.small_pt,
                self.lang,
                metrics,
            )
        };
        let (scale, arrow) = clear_of_legend(place(scale_top), &legend.bounds, place);
        let bottom = page
            .frame_box
            .y1
            .max(legend.bounds.y1)
            .max(scale.bounds.y1)
            .max(arrow.bounds.y1);
        let (attribution, attribution_bounds, height) = attribution_line(
            self.id,
            bottom,
            page.width,
            style.small_pt,
            self.lang,
            inputs.projected.projection().crs(),
            self.note,
            metrics,
        );
        Blocks {
            legend,
            scale,
            arrow,
            attribution,
            attribution_bounds,
            height,
        }
    }

    /// A map with no project yet (a report just scaffolded): a box in the
    /// middle of the map that says so and what to do.
    fn no_data_box(&self, page: &SeatPage, metrics: &TextMetrics) -> (Bounds, Vec<Item>) {
        let lang = self.lang;
        let lines = [
            (
                lang.pick("Noch keine Daten", "No data yet"),
                FontWeight::Bold,
            ),
            (
                lang.pick(
                    "Projekte und Partner in die Tabellen eintragen",
                    "Enter projects and partners in the tables",
                ),
                FontWeight::Regular,
            ),
        ];
        let pt = self.style.label_pt;
        let pad = CORNER_BOX_PAD;
        let line_h = line_height(metrics, pt, FontWeight::Regular);
        let width = lines
            .iter()
            .map(|(t, w)| metrics.advance_mm(t, pt, *w))
            .fold(0.0, f64::max)
            + 2.0 * pad;
        let height = 2.0 * line_h + 2.0 * pad;
        let f = page.frame_box;
        let (cx, cy) = ((f.x0 + f.x1) / 2.0, (f.y0 + f.y1) / 2.0);
        let bounds = Bounds {
            x0: cx - width / 2.0,
            y0: cy - height / 2.0,
            x1: cx + width / 2.0,
            y1: cy + height / 2.0,
        };
        let mut items = vec![Item::Rect(Rect {
            id: Some(format!("{}-no-data-box", self.id)),
            origin: Point::new(bounds.x0, bounds.y0),
            width_mm: width,
            height_mm: height,
            corner_radius_mm: 0.0,
            style: unknown_box_style(),
        })];
        let ascent = metrics.ascent_mm(pt, FontWeight::Regular);
        for (k, (text, weight)) in lines.into_iter().enumerate() {
            let baseline = bounds.y0 + pad + ascent + k as f64 * line_h;
            let mut t = Text::new(Point::new(cx, baseline), text, pt).colored(FURNITURE_INK);
            t.weight = weight;
            t.anchor = TextAnchor::Middle;
            items.push(t.into());
        }
        (bounds, items)
    }

    /// Step 7: base map, seat symbols, badges and the unknown box.
    fn draw_map(
        &self,
        scene: &mut Scene,
        page: &SeatPage,
        symbols: Vec<Item>,
        outside: &OutsideBoxes,
        inputs: &FigureInputs,
    ) {
        let drawn = page
            .map
            .base
            .draw(&page.transform, &page.map.fills, FILL_OPACITY, self.id);
        push_base_map(scene, self.id, drawn);
        push_group(
            scene,
            "markers",
            format!("{}-seats", self.id),
            symbols,
            None,
        );
        let small_pt = self.style.small_pt;
        let mut items: Vec<Item> = outside
            .badges
            .iter()
            .enumerate()
            .map(|(k, b)| {
                b.group(&format!("{}-outside-{k}", self.id), small_pt, FURNITURE_INK)
                    .into()
            })
            .collect();
        if let Some((b, text)) = &outside.unknown {
            items.push(Item::Rect(Rect {
                id: Some(format!("{}-unknown", self.id)),
                origin: Point::new(b.x0, b.y0),
                width_mm: b.width(),
                height_mm: b.height(),
                corner_radius_mm: 0.0,
                style: unknown_box_style(),
            }));
            let ascent = inputs.metrics.ascent_mm(small_pt, FontWeight::Regular);
            items.push(
                Text::new(
                    Point::new(b.x0 + CORNER_BOX_PAD, b.y0 + CORNER_BOX_PAD + ascent),
                    text.clone(),
                    small_pt,
                )
                .colored(FURNITURE_INK)
                .into(),
            );
        }
        push_group(
            scene,
            "markers",
            format!("{}-outside", self.id),
            items,
            None,
        );
    }

    /// Step 8: legend, title, frame, scale bar, north arrow, attribution.
    fn draw_furniture(&self, scene: &mut Scene, page: &SeatPage, blocks: Blocks) {
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
            page.title.items.clone(),
            None,
        );
        push_group(
            scene,
            "furniture",
            "map-furniture".into(),
            vec![
                frame_rect(format!("{}-frame", self.id), &page.frame_box),
                blocks.scale.group.into(),
                blocks.arrow.group.into(),
                blocks.attribution.into(),
            ],
            None,
        );
    }

    /// Step 9: the layout report's boxes: map, furniture, badges, unknown box.
    fn report_boxes(
        &self,
        layout: &mut LayoutReport,
        page: &SeatPage,
        blocks: &Blocks,
        outside: &OutsideBoxes,
    ) {
        layout.panels.push(feature("map", "", &page.frame_box));
        report_furniture(
            layout,
            &FurnitureBounds {
                legend: blocks.legend.bounds,
                scale: blocks.scale.bounds,
                arrow: blocks.arrow.bounds,
                attribution: blocks.attribution_bounds,
                title: page.title.bounds,
            },
        );
        for (k, b) in outside.badges.iter().enumerate() {
            let id = format!("{}-outside-{k}", self.id);
            layout.furniture.push(feature(id, "", &b.covered()));
        }
        if let Some((b, _)) = &outside.unknown {
            layout
                .furniture
                .push(feature(format!("{}-unknown", self.id), "", b));
        }
    }
}

/// The legend of the seats map: fields, symbol sizes, what is counted,
/// sub-regions, boundaries (with far and unknown seats, and the leader of
/// a symbol moved off its place when any was).
impl SeatMap<'_> {
    fn legend_sections(
        &self,
        page: &SeatPage,
        selection: &SeatSelection,
        inputs: &FigureInputs,
        displaced: bool,
    ) -> Vec<LegendSection> {
        let mut sections = Vec::new();
        sections.extend(self.fields_section(
            &inputs.network.categories,
            &selection.fields,
            &selection.shown,
        ));
        sections.extend(self.sizes_section(page.r_max, page.max_total, inputs));
        sections.push(self.status_section(&inputs.network.categories, &selection.projects));
        sections.extend(subregions_section(inputs, self.lang));
        let mut boundaries = boundaries_section(
            inputs,
            self.lang,
            page.map.detail,
            !page.map.base.context.is_empty(),
        );
        if !selection.far.is_empty() {
            boundaries.entries.push(seat_box_entry(
                BADGE_SYMBOL_CORNER,
                badge_style(),
                self.lang
                    .pick(
                        "weiter entfernt: Anzahl × Ort",
                        "farther away: count × place",
                    )
                    .into(),
            ));
        }
        if displaced {
            boundaries.entries.push(displaced_entry(self.lang));
        }
        if selection.unknown > 0 {
            boundaries.entries.push(seat_box_entry(
                0.0,
                Style::stroke(unknown_stroke()),
                self.lang.pick("Sitz unbekannt", "seat unknown").into(),
            ));
        }
        sections.push(boundaries);
        sections
    }

    /// A colour patch per field that occurs on the map.
    fn fields_section(
        &self,
        categories: &Categories,
        fields: &[String],
        shown: &[Seat],
    ) -> Option<LegendSection> {
        let entries: Vec<LegendEntry> = fields
            .iter()
            .enumerate()
            .filter(|&(k, _)| shown.iter().any(|s| s.counts[k] > 0))
            .map(|(_, f)| {
                let style = Style::fill_and_stroke(
                    field_color(categories, f),
                    Stroke::solid(sym::INK, FIELD_PATCH_STROKE),
                );
                let label = match self.field_labels.get(f) {
                    Some(l) => format!("{f} {l}"),
                    None => f.clone(),
                };
                LegendEntry {
                    symbol: vec![centred_patch(FIELD_PATCH, style)],
                    symbol_width: FIELD_SLOT_W,
                    symbol_height: PATCH_SLOT_H,
                    label,
                }
            })
            .collect();
        if entries.is_empty() {
            return None;
        }
        let columns = if entries.len() > 3 && self.field_labels.is_empty() {
            2
        } else {
            1
        };
        Some(LegendSection {
            id: "legend-fields".into(),
            title: Some(
                self.fields_title
                    .unwrap_or(self.lang.pick("Handlungsfelder", "Fields of action"))
                    .into(),
            ),
            entries,
            columns,
        })
    }

    /// Nested size circles for round counts up to the largest seat.
    fn sizes_section(
        &self,
        r_max: f64,
        max_total: usize,
        inputs: &FigureInputs,
    ) -> Option<LegendSection> {
        let values = size_legend_values(max_total);
        if values.is_empty() {
            return None;
        }
        let metrics = inputs.metrics;
        let legend_pt = self.style.legend_pt;
        let label_w = values
            .iter()
            .map(|v| metrics.advance_mm(&v.to_string(), legend_pt, FontWeight::Regular))
            .fold(0.0, f64::max);
        let big = r_max * (*values.last().unwrap_or(&1) as f64 / max_total as f64).sqrt();
        let mut items: Vec<Item> = Vec::new();
        let w = 2.0 * big + SIZE_LEGEND_GAP + label_w;
        let x0 = -w / 2.0;
        let bottom = big;
        let cap = metrics.cap_height_mm(legend_pt, FontWeight::Regular);
        for &v in values.iter().rev() {
            let r = r_max * (v as f64 / max_total as f64).sqrt();
            let cy = bottom - r;
            items.push(Item::Circle(Circle {
                id: None,
                center: Point::new(x0 + big, cy),
                radius_mm: r,
                style: Style::fill_and_stroke(
                    Color::WHITE,
                    Stroke::solid(sym::INK, SIZE_CIRCLE_STROKE),
                ),
            }));
            items.push(Item::Path(Path {
                id: None,
                data: PathData::new()
                    .move_to(Point::new(x0 + big, cy - r))
                    .line_to(Point::new(x0 + 2.0 * big + SIZE_TICK_OVERRUN, cy - r)),
                style: Style::stroke(Stroke::solid(sym::INK, SIZE_TICK_STROKE)),
            }));
            items.push(
                Text::new(
                    Point::new(x0 + 2.0 * big + SIZE_VALUE_OFFSET, cy - r + cap / 2.0),
                    v.to_string(),
                    legend_pt,
                )
                .colored(FURNITURE_INK)
                .into(),
            );
        }
        Some(LegendSection {
            id: "legend-sizes".into(),
            title: Some(
                self.lang
                    .pick("Projekte je Sitz", "Projects per seat")
                    .into(),
            ),
            entries: vec![LegendEntry {
                symbol: items,
                symbol_width: w,
                symbol_height: 2.0 * big + SIZE_LEGEND_EXTRA_H,
                label: String::new(),
            }],
            columns: 1,
        })
    }

    /// What is counted: the projects by status.
    fn status_section(&self, categories: &Categories, projects: &[&Project]) -> LegendSection {
        let lang = self.lang;
        let entries: Vec<LegendEntry> = categories
            .statuses
            .items
            .iter()
            .map(|s: &Category| (s, projects.iter().filter(|p| p.status == s.id).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| LegendEntry {
                symbol: Vec::new(),
                symbol_width: 0.0,
                symbol_height: 0.0,
                label: format!("{n} {}", s.label(lang)),
            })
            .collect();
        LegendSection {
            id: "legend-status".into(),
            title: Some(match lang {
                Lang::De => format!("{} Projekte", projects.len()),
                Lang::En => format!("{} projects", projects.len()),
            }),
            entries,
            columns: 1,
        }
    }
}

/// A legend entry with a small box symbol (far seats, unknown seats).
fn seat_box_entry(corner: f64, style: Style, label: String) -> LegendEntry {
    LegendEntry {
        symbol: vec![Item::Rect(Rect {
            id: None,
            origin: Point::new(-SEAT_BOX_SYMBOL_W / 2.0, -BOX_SYMBOL_H / 2.0),
            width_mm: SEAT_BOX_SYMBOL_W,
            height_mm: BOX_SYMBOL_H,
            corner_radius_mm: corner,
            style,
        })],
        symbol_width: AREA_SLOT_W,
        symbol_height: PATCH_SLOT_H,
        label,
    }
}

/// The legend entry of a symbol moved off its place: its leader, and the
/// dot at the place.
fn displaced_entry(lang: Lang) -> LegendEntry {
    let (from, to) = (
        Coord {
            x: -AREA_SLOT_W / 2.0 + sym::TRUE_PLACE_DOT_RADIUS,
            y: 0.0,
        },
        Coord {
            x: AREA_SLOT_W / 2.0,
            y: 0.0,
        },
    );
    let mut symbol = vec![sym::leader_line([to, from], "legend-displaced".into())];
    symbol.push(sym::true_place_dot(from, "legend-displaced-dot".into()));
    for item in &mut symbol {
        match item {
            Item::Path(p) => p.id = None,
            Item::Circle(c) => c.id = None,
            _ => {}
        }
    }
    LegendEntry {
        symbol,
        symbol_width: AREA_SLOT_W,
        symbol_height: PATCH_SLOT_H,
        label: lang
            .pick("Lage eines verschobenen Symbols", "place of a moved symbol")
            .into(),
    }
}

/// The colour of Handlungsfeld `field`: declared, or the palette's by its position.
fn field_color(categories: &Categories, field: &str) -> Color {
    let k = categories.fields.position(field).unwrap_or(0);
    let declared = categories
        .fields
        .items
        .get(k)
        .and_then(|c| c.color.as_deref());
    category_color(declared, k)
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
            let i = crate::boundaries::Topology::decode_ref(r).arc;
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
    let listed: Vec<String> = members
        .iter()
        .map(|p| format!("{} {}", p.id, p.title))
        .collect();
    let mut symbol = FeatureInfo::new(FeatureKind::Aggregate, m.name.clone())
        .with("municipality", m.name.clone())
        .with("count", seat.total.to_string())
        .with("members", listed.join("; "));
    let mut label = municipality_info(inputs, seat.municipality.index(), lang)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_legend_values_are_round_and_spread() {
        assert_eq!(size_legend_values(16), vec![1, 5, 15]);
        assert_eq!(size_legend_values(1), vec![1]);
        assert_eq!(size_legend_values(2), vec![1, 2]);
        assert_eq!(size_legend_values(40), vec![1, 5, 25]);
    }
}
