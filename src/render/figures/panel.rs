//! The chrome every map panel shares, whatever the figure kind: the grey
//! frame, the base-map layer groups, the dashed box of things without
//! location in the emptiest corner, labels placed around their anchors
//! (with halo and leader line), and the layout report's entries for the
//! legend and the map furniture.

use crate::crs::PageTransform;
use crate::crs::ProjectionError;
use crate::render::feature_info::{FeatureInfo, FeatureKind};
use crate::render::figures::base_map::{
    BaseMapGeometry, BaseMapLayers, BorderDetail, FrameGeometry, RegionMembership, to_path,
};
use crate::render::figures::dimensions::{
    BLOCK_GAP, CORNER_BOX_CLEARANCE, CORNER_BOX_DASH, CORNER_BOX_INSET, CORNER_BOX_STROKE,
    FRAME_STROKE, LABEL_HALO, SIMPLIFY_TOLERANCE, WINDOW_PAD_FRACTION,
};
use crate::render::figures::figure::FigureInputs;
use crate::render::fonts::TextMetrics;
use crate::render::layout::MapFrame;
use crate::render::layout::{FURNITURE_INK, Furniture, INTERACTIVE_AREAS, push_group};
use crate::render::layout::{
    FeatureBox, LabelBox, LabelPlacement, LabelRequest, LayoutReport, UnplacedLabel, bbox, round_mm,
};
use crate::render::scene::{
    Bounds, Color, FontWeight, Item, Path, PathData, Point, Rect, Scene, Stroke, Style, Text,
};
use crate::render::symbology as sym;
use crate::text::Lang;
use geo_types::Coord;

/// A placed label: its report entry, its text and its leader line, if any.
pub(crate) type LabelItem = (LabelBox, Text, Option<[Coord<f64>; 2]>);

/// The base map of a frame, shared by all panels on that frame: the
/// geometries in view, the region shaded by sub-region, and north.
pub(crate) struct MapBase<'a> {
    /// The geometries in view, simplified for the print scale.
    pub geometry: FrameGeometry<'a, 'a>,
    /// Context, sub-regions, borders, clipped to the frame.
    pub base: BaseMapGeometry,
    /// Fill of each sub-region class.
    pub fills: Vec<Color>,
    /// Direction of north at the frame's centre (degrees).
    pub north: f64,
    /// The region's municipalities (indices into the boundaries), ascending.
    pub members: Vec<usize>,
    /// Which borders inside the region are drawn.
    pub detail: BorderDetail,
}

impl<'a> MapBase<'a> {
    /// The base map of `frame`, its borders as fine as the scale allows
    /// but never coarser than `coarsest`.
    pub(crate) fn new(
        inputs: &FigureInputs<'a>,
        membership: &RegionMembership,
        frame: &MapFrame,
        coarsest: BorderDetail,
    ) -> Result<MapBase<'a>, ProjectionError> {
        let detail = BorderDetail::for_scale(
            inputs.boundaries,
            &membership.members,
            frame.mm_per_metre(),
            coarsest,
        );
        let projection = inputs.projected.projection();
        let window = frame.lonlat_window(projection, WINDOW_PAD_FRACTION)?;
        let tolerance_m = SIMPLIFY_TOLERANCE / frame.mm_per_metre();
        let users = inputs.projected.users();
        let geometry = FrameGeometry::with_arcs(inputs.projected, window, tolerance_m, |i| {
            detail.needs_arc(
                users[i],
                &membership.in_region,
                &membership.kreis,
                &membership.class,
            )
        })?;
        let base = BaseMapGeometry::new(
            &geometry,
            &membership.in_region,
            &membership.kreis,
            &membership.class,
            inputs.subregions.classes().len(),
            detail,
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
            .and_then(|c| projection.north_angle(c))?;
        Ok(MapBase {
            geometry,
            base,
            fills,
            north,
            members: membership.members.clone(),
            detail,
        })
    }
}

/// The grey frame around a map panel.
pub(crate) fn frame_rect(id: String, frame: &Bounds) -> Item {
    Item::Rect(Rect {
        id: Some(id),
        origin: Point::new(frame.x0, frame.y0),
        width_mm: frame.width(),
        height_mm: frame.height(),
        corner_radius_mm: 0.0,
        style: Style::stroke(Stroke::solid(sym::FRAME_GREY, FRAME_STROKE)),
    })
}

/// The dashed stroke of the box of things without location.
pub(crate) fn unknown_stroke() -> Stroke {
    Stroke::dashed(sym::UNKNOWN_DASH, CORNER_BOX_STROKE, &CORNER_BOX_DASH)
}

/// The box of things without location: white, slightly see-through, dashed.
pub(crate) fn unknown_box_style() -> Style {
    Style::fill_and_stroke(
        Color::WHITE.with_alpha(sym::UNKNOWN_BOX_OPACITY),
        unknown_stroke(),
    )
}

/// A `width` × `height` box in the first corner of `frame` (bottom left,
/// bottom right, top left, top right) that keeps clear of `obstacles`;
/// bottom left when none does.
pub(crate) fn corner_box(frame: Bounds, width: f64, height: f64, obstacles: &[Bounds]) -> Bounds {
    let inner = frame.expanded(-CORNER_BOX_INSET);
    let corners = [
        (inner.x0, inner.y1 - height),
        (inner.x1 - width, inner.y1 - height),
        (inner.x0, inner.y0),
        (inner.x1 - width, inner.y0),
    ];
    let boxes: Vec<Bounds> = corners
        .iter()
        .map(|&(x, y)| Bounds {
            x0: x,
            y0: y,
            x1: x + width,
            y1: y + height,
        })
        .collect();
    boxes
        .iter()
        .copied()
        .find(|b| {
            !obstacles
                .iter()
                .any(|o| b.expanded(CORNER_BOX_CLEARANCE).overlaps(o))
        })
        .unwrap_or(boxes[0])
}

/// Pushes the four base-map groups (context, sub-region fills,
/// municipality borders, Kreis borders and outline), with ids `{prefix}-…`.
pub(crate) fn push_base_map(scene: &mut Scene, prefix: &str, drawn: BaseMapLayers) {
    let groups = [
        ("context", drawn.context),
        ("subregions", drawn.fills),
        ("municipalities", drawn.municipality_borders),
        ("borders", drawn.borders),
    ];
    for (layer, items) in groups {
        push_group(scene, layer, format!("{prefix}-{layer}"), items, None);
    }
}

/// The most municipality areas a map carries into the interactive page:
/// beyond this (a Land and more) the symbols and labels carry the tooltips,
/// and the page stays small.
const MAX_INTERACTIVE_AREAS: usize = 1000;

/// Vertices of a hover area closer than this on the page are merged (mm).
const AREA_STEP_MM: f64 = 0.25;

/// The invisible area of each region municipality in view, for the
/// interactive page only (see [`crate::render::Layer::interactive_only`]):
/// hovering or focusing it shows what `describe` tells of the municipality
/// (index into the boundaries). Ids are `{prefix}-area-{ags}`; the group is
/// clipped to `frame`.
pub(crate) fn push_municipality_areas(
    scene: &mut Scene,
    prefix: &str,
    inputs: &FigureInputs,
    map: &MapBase,
    transform: &PageTransform,
    frame: Bounds,
    describe: impl Fn(usize) -> FeatureInfo,
) {
    let in_view: Vec<usize> = map
        .members
        .iter()
        .copied()
        .filter(|&g| map.geometry.is_selected(g))
        .collect();
    if in_view.len() > MAX_INTERACTIVE_AREAS {
        return;
    }
    let invisible = Style::fill(Color {
        a: 0,
        ..Color::WHITE
    });
    let mut items = Vec::with_capacity(in_view.len());
    for g in in_view {
        let rings: Vec<Vec<Coord<f64>>> = map
            .geometry
            .polygon(g)
            .0
            .into_iter()
            .flat_map(|p| {
                let (exterior, interiors) = p.into_inner();
                std::iter::once(exterior).chain(interiors).map(|l| l.0)
            })
            .collect();
        let data = to_path(&rings, transform, true, AREA_STEP_MM);
        if data.is_empty() {
            continue;
        }
        let info = describe(g);
        let id = format!(
            "{prefix}-area-{}",
            inputs.boundaries.municipalities()[g].ags
        );
        scene.features.insert(id.clone(), info);
        items.push(Item::Path(Path {
            id: Some(id),
            data,
            style: invisible.clone(),
        }));
    }
    let clip = PathData::rect(frame.x0, frame.y0, frame.width(), frame.height());
    push_group(
        scene,
        INTERACTIVE_AREAS,
        format!("{prefix}-areas"),
        items,
        Some(clip),
    );
}

/// What every figure tells of a municipality on hover: its name and
/// sub-region (the figure adds its counts).
pub(crate) fn municipality_info(inputs: &FigureInputs, g: usize, lang: Lang) -> FeatureInfo {
    let m = &inputs.boundaries.municipalities()[g];
    let subregion = inputs
        .subregions
        .of(m.ags)
        .map(|s| s.label(lang).to_string())
        .unwrap_or_default();
    FeatureInfo::new(FeatureKind::Municipality, m.name.clone()).with("subregion", subregion)
}

/// A map label as drawn, at the origin: halo, weight; to measure its ink.
pub(crate) fn label_probe(text: &str, size_pt: f64, weight: FontWeight) -> Text {
    let mut probe = Text::new(Point::new(0.0, 0.0), text.to_string(), size_pt)
        .with_halo(Color::WHITE, LABEL_HALO);
    if weight == FontWeight::Bold {
        probe = probe.bold();
    }
    probe
}

/// The labels `placement` found a place for, as drawn: `relative[i]` is the
/// ink box of request `i` at the origin, `weights[i]` its weight.
pub(crate) fn placed_labels(
    placement: &LabelPlacement,
    requests: &[LabelRequest],
    relative: &[Bounds],
    weights: &[FontWeight],
    size_pt: f64,
    panel: &str,
    metrics: &TextMetrics,
) -> Vec<LabelItem> {
    let mut labels = Vec::new();
    for p in &placement.placed {
        let rel = relative[p.request];
        let position = Point::new(p.rect.x0 - rel.x0, p.rect.y0 - rel.y0);
        let req = &requests[p.request];
        let mut text = Text::new(position, req.text.clone(), size_pt)
            .with_halo(Color::WHITE, LABEL_HALO)
            .colored(FURNITURE_INK)
            .with_id(req.id.clone());
        text.weight = weights[p.request];
        let ink = metrics.ink_bounds(&text);
        labels.push((
            LabelBox {
                text: req.text.clone(),
                id: req.id.clone(),
                panel: panel.to_string(),
                bbox: bbox(&ink),
                anchor: [round_mm(req.anchor.center.x), round_mm(req.anchor.center.y)],
            },
            text,
            p.leader,
        ));
    }
    labels
}

/// The labels `placement` found no place for.
pub(crate) fn unplaced_labels(
    placement: &LabelPlacement,
    requests: &[LabelRequest],
    panel: &str,
) -> Vec<UnplacedLabel> {
    placement
        .unplaced
        .iter()
        .map(|&i| UnplacedLabel {
            text: requests[i].text.clone(),
            id: requests[i].id.clone(),
            panel: panel.to_string(),
        })
        .collect()
}

/// Pushes the labels (each after its leader line) as group `id` of the
/// labels layer and records them in `layout`.
pub(crate) fn push_labels(
    scene: &mut Scene,
    layout: &mut LayoutReport,
    id: String,
    labels: Vec<LabelItem>,
) {
    let mut items = Vec::new();
    for (report, text, leader) in labels {
        if let Some(points) = leader {
            items.push(sym::leader_line(points, format!("{}-leader", report.id)));
        }
        layout.labels.push(report);
        items.push(text.into());
    }
    push_group(scene, "labels", id, items, None);
}

/// A figure-wide or panel box of the layout report.
pub(crate) fn feature(id: impl Into<String>, panel: &str, bounds: &Bounds) -> FeatureBox {
    FeatureBox {
        id: id.into(),
        panel: panel.to_string(),
        bbox: bbox(bounds),
    }
}

/// The scale bar and north arrow as `placed`; below the legend (placed
/// again by `place` at a top) when they would overlap it, as on a page too
/// narrow for both side by side.
pub(crate) fn clear_of_legend(
    placed: (Furniture, Furniture),
    legend: &Bounds,
    place: impl Fn(f64) -> (Furniture, Furniture),
) -> (Furniture, Furniture) {
    let (scale, arrow) = &placed;
    if scale.bounds.overlaps(legend) || arrow.bounds.overlaps(legend) {
        place(legend.y1 + BLOCK_GAP)
    } else {
        placed
    }
}

/// Where the figure-wide blocks went: legend, scale bar, north arrow, attribution, title.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FurnitureBounds {
    /// The legend.
    pub legend: Bounds,
    /// The scale bar.
    pub scale: Bounds,
    /// The north arrow.
    pub arrow: Bounds,
    /// The attribution line.
    pub attribution: Bounds,
    /// The title, if drawn.
    pub title: Option<Bounds>,
}

/// Records the figure-wide blocks in the layout report.
pub(crate) fn report_furniture(layout: &mut LayoutReport, f: &FurnitureBounds) {
    layout.legend.push(feature("legend", "", &f.legend));
    layout.scale_bar.push(feature("scale-bar", "", &f.scale));
    layout.furniture.push(feature("north-arrow", "", &f.arrow));
    layout
        .furniture
        .push(feature("attribution", "", &f.attribution));
    if let Some(b) = f.title {
        layout.furniture.push(feature("title", "", &b));
    }
}
