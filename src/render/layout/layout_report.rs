//! The layout report written beside every figure (`<figure>.layout.json`):
//! where each label, marker, link end and piece of furniture landed, in SVG
//! user units (mm), and which labels could not be placed.
//!
//! It lets tests and reviewers check a figure without looking at pixels:
//! [`LayoutReport::overlaps`] lists every label that touches another label,
//! a marker, a link end, the legend or the scale bar.

use crate::render::layout::label_placement::polyline_meets_box;
use crate::render::layout::link_routing::RoutedLink;
use crate::render::scene::Bounds;
use geo_types::Coord;
use serde::{Deserialize, Serialize};

/// A placed label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelBox {
    /// The text shown.
    pub text: String,
    /// Stable id (e.g. `P4-label-05913000`).
    pub id: String,
    /// Panel the label belongs to (e.g. `P4`), empty for single-map figures.
    pub panel: String,
    /// `[x0, y0, x1, y1]` in mm.
    pub bbox: [f64; 4],
    /// The point the label names, `[x, y]` in mm.
    pub anchor: [f64; 2],
}

/// A marker (partner symbol, seat symbol).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkerBox {
    /// Stable id derived from the data (e.g. `P4-coordinator`, `P4-P4-07`).
    pub id: String,
    /// Panel.
    pub panel: String,
    /// What it shows (`coordinator`, `core`, `loose`, `seat`).
    pub kind: String,
    /// `[x0, y0, x1, y1]` in mm.
    pub bbox: [f64; 4],
    /// Whether co-location kept it inside its municipality.
    pub inside_municipality: bool,
}

/// A proportional symbol moved off its true place so that it overlaps no
/// other symbol (see [`separate_discs`](crate::render::separate_discs)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisplacedMarker {
    /// The marker's id (as in [`LayoutReport::markers`]).
    pub id: String,
    /// The true place: where the symbol's centre belongs, `[x, y]` in mm.
    pub from: [f64; 2],
    /// Where its centre is drawn, `[x, y]` in mm.
    pub to: [f64; 2],
    /// How far it was moved (mm).
    pub distance_mm: f64,
}

/// Any other box: link ends, legend, scale bar, north arrow, title,
/// attribution, edge summaries, panels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureBox {
    /// Stable id.
    pub id: String,
    /// Panel, empty for figure-wide furniture.
    pub panel: String,
    /// `[x0, y0, x1, y1]` in mm.
    pub bbox: [f64; 4],
}

/// A link as drawn: a quadratic Bézier curve (straight when the control
/// point lies on the chord) with its stroke width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkPath {
    /// Stable id (e.g. `P4-link-P4-07`).
    pub id: String,
    /// Panel.
    pub panel: String,
    /// Start, control point and end, `[[x, y]; 3]` in mm.
    pub curve: [[f64; 2]; 3],
    /// Stroke width (mm).
    pub width_mm: f64,
}

impl LinkPath {
    /// The report's record of a routed link, rounded like every box.
    pub fn of(id: String, panel: &str, route: &RoutedLink, width_mm: f64) -> LinkPath {
        let pt = |c: Coord<f64>| [round_mm(c.x), round_mm(c.y)];
        LinkPath {
            id,
            panel: panel.to_string(),
            curve: [pt(route.from), pt(route.control), pt(route.to)],
            width_mm: round_mm(width_mm),
        }
    }

    /// The curve as a polyline, as label placement sees it.
    fn polyline(&self) -> Vec<Coord<f64>> {
        let c = |k: usize| Coord {
            x: self.curve[k][0],
            y: self.curve[k][1],
        };
        RoutedLink {
            from: c(0),
            control: c(1),
            to: c(2),
        }
        .polyline()
    }
}

/// A label crossed by a link, found by [`LayoutReport::label_link_crossings`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LinkCrossing {
    /// The label's id.
    pub label: String,
    /// The link's id.
    pub link: String,
}

/// A label that could not be placed without overlap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnplacedLabel {
    /// The text.
    pub text: String,
    /// Stable id.
    pub id: String,
    /// Panel.
    pub panel: String,
}

/// The layout of one figure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LayoutReport {
    /// Figure id (file stem).
    pub figure: String,
    /// Page width (mm).
    pub width_mm: f64,
    /// Page height (mm).
    pub height_mm: f64,
    /// Map scale 1 : n at print size.
    pub scale_denominator: f64,
    /// CRS of the map.
    pub crs: String,
    /// Placed labels.
    pub labels: Vec<LabelBox>,
    /// Markers.
    pub markers: Vec<MarkerBox>,
    /// Ends of links (the last stretch before the partner marker).
    pub link_ends: Vec<FeatureBox>,
    /// Map panels (frames).
    pub panels: Vec<FeatureBox>,
    /// Legend(s).
    pub legend: Vec<FeatureBox>,
    /// Scale bar(s).
    pub scale_bar: Vec<FeatureBox>,
    /// Other furniture: north arrow, title, attribution, panel titles, edge
    /// summaries of partners outside the region, boxes of unlocated partners.
    pub furniture: Vec<FeatureBox>,
    /// Labels that could not be placed.
    pub unplaced_labels: Vec<UnplacedLabel>,
    /// Symbols moved off their true places so as not to overlap (a leader
    /// joins each to its place); absent when none was moved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub displaced: Vec<DisplacedMarker>,
    /// Links as drawn.
    #[serde(default)]
    pub links: Vec<LinkPath>,
    /// Labels crossed by a link, as [`LayoutReport::label_link_crossings`]
    /// found them when the figure was finished.
    #[serde(default)]
    pub label_link_crossings: Vec<LinkCrossing>,
}

/// One overlap found by [`LayoutReport::overlaps`].
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    /// The label's id.
    pub label: String,
    /// What it overlaps: `label:<id>`, `marker:<id>`, `link-end:<id>`, `legend:<id>`, `scale-bar:<id>`, `furniture:<id>`.
    pub with: String,
}

/// One collision found by [`LayoutReport::collisions`]: two things drawn
/// on top of each other, each as `kind:id` (`label:`, `marker:`,
/// `link-end:`, `legend:`, `scale-bar:`, `furniture:`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Collision {
    /// The first of the two.
    pub first: String,
    /// The second of the two.
    pub second: String,
}

/// The shape a marker is drawn with, inferred from its kind: the
/// coordination is a square, every other marker (partners, seat pies) a
/// circle filling its box.
fn marker_is_square(kind: &str) -> bool {
    kind == "coordinator"
}

/// Whether two markers as drawn overlap (touching does not count).
fn markers_collide(a: &MarkerBox, b: &MarkerBox) -> bool {
    let (ba, bb) = (to_bounds(&a.bbox), to_bounds(&b.bbox));
    match (marker_is_square(&a.kind), marker_is_square(&b.kind)) {
        (true, true) => ba.overlaps(&bb),
        (false, false) => {
            let (ca, ra) = circle_of(&ba);
            let (cb, rb) = circle_of(&bb);
            (ca.0 - cb.0).hypot(ca.1 - cb.1) < ra + rb - EPS
        }
        (true, false) => circle_hits_box(&bb, &ba),
        (false, true) => circle_hits_box(&ba, &bb),
    }
}

/// Whether a marker as drawn overlaps a box (touching does not count).
fn marker_hits_box(m: &MarkerBox, b: &Bounds) -> bool {
    let mb = to_bounds(&m.bbox);
    if marker_is_square(&m.kind) {
        mb.overlaps(b)
    } else {
        circle_hits_box(&mb, b)
    }
}

/// Overlaps smaller than this (mm, a thousandth of the rounding of the
/// report) are touching.
const EPS: f64 = 1e-6;

/// Centre and radius of the circle inscribed in a marker's box.
fn circle_of(b: &Bounds) -> ((f64, f64), f64) {
    (
        ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0),
        (b.x1 - b.x0).min(b.y1 - b.y0) / 2.0,
    )
}

/// Whether the circle inscribed in `circle_box` reaches into `b`.
fn circle_hits_box(circle_box: &Bounds, b: &Bounds) -> bool {
    let ((cx, cy), r) = circle_of(circle_box);
    let dx = (b.x0 - cx).max(0.0).max(cx - b.x1);
    let dy = (b.y0 - cy).max(0.0).max(cy - b.y1);
    dx.hypot(dy) < r - EPS && circle_box.overlaps(b)
}

/// Rounds a coordinate to 1/1000 mm so the report is byte-stable.
pub fn round_mm(v: f64) -> f64 {
    let r = (v * 1000.0).round() / 1000.0;
    if r == 0.0 { 0.0 } else { r }
}

/// A [`Bounds`] as the report's `[x0, y0, x1, y1]`, rounded.
pub fn bbox(b: &Bounds) -> [f64; 4] {
    [
        round_mm(b.x0),
        round_mm(b.y0),
        round_mm(b.x1),
        round_mm(b.y1),
    ]
}

fn to_bounds(b: &[f64; 4]) -> Bounds {
    Bounds {
        x0: b[0],
        y0: b[1],
        x1: b[2],
        y1: b[3],
    }
}

impl LayoutReport {
    /// Every label that overlaps another label, a marker, a link end, the
    /// legend, the scale bar or other furniture (boxes that merely touch do
    /// not count). Panels are not obstacles: labels live inside them.
    ///
    /// ```
    /// use ruhrmap::render::{LabelBox, MarkerBox}; use ruhrmap::LayoutReport;
    /// let mut r = LayoutReport::default();
    /// r.labels.push(LabelBox { text: "Essen".into(), id: "l1".into(), panel: "".into(), bbox: [0.0, 0.0, 5.0, 2.0], anchor: [0.0, 3.0] });
    /// r.markers.push(MarkerBox { id: "m1".into(), panel: "".into(), kind: "core".into(), bbox: [4.0, 1.0, 6.0, 3.0], inside_municipality: true });
    /// assert_eq!(r.overlaps().len(), 1);
    /// ```
    pub fn overlaps(&self) -> Vec<Overlap> {
        let mut out = Vec::new();
        for (k, label) in self.labels.iter().enumerate() {
            let b = to_bounds(&label.bbox);
            let mut hit = |with: String, other: &[f64; 4]| {
                if b.overlaps(&to_bounds(other)) {
                    out.push(Overlap {
                        label: label.id.clone(),
                        with,
                    });
                }
            };
            for other in &self.labels[k + 1..] {
                hit(format!("label:{}", other.id), &other.bbox);
            }
            for m in &self.markers {
                hit(format!("marker:{}", m.id), &m.bbox);
            }
            for e in &self.link_ends {
                hit(format!("link-end:{}", e.id), &e.bbox);
            }
            for l in &self.legend {
                hit(format!("legend:{}", l.id), &l.bbox);
            }
            for s in &self.scale_bar {
                hit(format!("scale-bar:{}", s.id), &s.bbox);
            }
            for f in &self.furniture {
                hit(format!("furniture:{}", f.id), &f.bbox);
            }
        }
        out
    }

    /// Every collision in the figure: each label against every other label,
    /// marker, link end, legend, scale bar and box of furniture (as
    /// [`LayoutReport::overlaps`]); markers against each other as drawn (circles as
    /// circles, the coordination's square as a square); and the boxes –
    /// edge summaries of partners outside the region, the box of unknown
    /// locations, legend, scale bar, north arrow, headings, title,
    /// attribution – against markers and against each other. Panels are not
    /// obstacles; touching does not count. Sorted, so the list is stable.
    ///
    /// ```
    /// use ruhrmap::render::{FeatureBox, MarkerBox}; use ruhrmap::LayoutReport;
    /// let marker = |id: &str, x: f64| MarkerBox { id: id.into(), panel: "".into(), kind: "core".into(), bbox: [x, 0.0, x + 2.0, 2.0], inside_municipality: true };
    /// let mut r = LayoutReport::default();
    /// // two discs whose boxes overlap at the corner only: no collision
    /// r.markers.push(marker("a", 0.0));
    /// r.markers.push(MarkerBox { bbox: [1.75, 1.75, 3.75, 3.75], ..marker("b", 0.0) });
    /// assert!(r.collisions().is_empty());
    /// // a legend over a disc is one
    /// r.legend.push(FeatureBox { id: "legend".into(), panel: "".into(), bbox: [1.5, -1.0, 5.0, 0.5] });
    /// assert_eq!(r.collisions().len(), 1);
    /// ```
    pub fn collisions(&self) -> Vec<Collision> {
        let mut out: Vec<Collision> = self
            .overlaps()
            .into_iter()
            .map(|o| Collision {
                first: format!("label:{}", o.label),
                second: o.with,
            })
            .collect();
        for (k, a) in self.markers.iter().enumerate() {
            for b in &self.markers[k + 1..] {
                if markers_collide(a, b) {
                    out.push(Collision {
                        first: format!("marker:{}", a.id),
                        second: format!("marker:{}", b.id),
                    });
                }
            }
        }
        let boxes = self.boxes();
        for (k, (name, b)) in boxes.iter().enumerate() {
            for m in &self.markers {
                if marker_hits_box(m, b) {
                    out.push(Collision {
                        first: format!("marker:{}", m.id),
                        second: name.clone(),
                    });
                }
            }
            for (other, ob) in &boxes[k + 1..] {
                if b.overlaps(ob) {
                    out.push(Collision {
                        first: name.clone(),
                        second: other.clone(),
                    });
                }
            }
        }
        out.sort();
        out
    }

    /// Every label that a link of its panel runs through, the link's stroke
    /// included; no link is exempt, not even one ending at the label's own
    /// symbols. Sorted, so the list is stable.
    ///
    /// ```
    /// use ruhrmap::render::{LabelBox, LinkPath}; use ruhrmap::LayoutReport;
    /// let mut r = LayoutReport::default();
    /// r.labels.push(LabelBox { text: "Essen".into(), id: "l1".into(), panel: "P1".into(), bbox: [10.0, 0.0, 20.0, 3.0], anchor: [9.0, 4.0] });
    /// let link = |id: &str, y: f64| LinkPath { id: id.into(), panel: "P1".into(), curve: [[0.0, y], [15.0, y], [30.0, y]], width_mm: 0.3 };
    /// r.links.push(link("through", 1.5));
    /// r.links.push(link("below", 3.5));
    /// assert_eq!(r.label_link_crossings().len(), 1);
    /// ```
    pub fn label_link_crossings(&self) -> Vec<LinkCrossing> {
        let lines: Vec<(&LinkPath, Vec<Coord<f64>>)> =
            self.links.iter().map(|l| (l, l.polyline())).collect();
        let mut out = Vec::new();
        for label in &self.labels {
            let b = to_bounds(&label.bbox);
            for (link, line) in lines.iter().filter(|(l, _)| l.panel == label.panel) {
                if polyline_meets_box(line, &b.expanded(link.width_mm / 2.0 - EPS)) {
                    out.push(LinkCrossing {
                        label: label.id.clone(),
                        link: link.id.clone(),
                    });
                }
            }
        }
        out.sort();
        out
    }

    /// Fills [`LayoutReport::label_link_crossings`] from the labels and links.
    pub fn record_crossings(&mut self) {
        self.label_link_crossings = self.label_link_crossings();
    }

    /// The boxes that markers and each other must keep clear of, as `kind:id`.
    fn boxes(&self) -> Vec<(String, Bounds)> {
        let named = |kind: &str, list: &[FeatureBox]| -> Vec<(String, Bounds)> {
            list.iter()
                .map(|f| (format!("{kind}:{}", f.id), to_bounds(&f.bbox)))
                .collect()
        };
        let mut boxes = named("legend", &self.legend);
        boxes.extend(named("scale-bar", &self.scale_bar));
        boxes.extend(named("furniture", &self.furniture));
        boxes
    }

    /// The report as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .expect("a layout report holds only finite numbers and strings");
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(id: &str, b: [f64; 4]) -> LabelBox {
        LabelBox {
            text: id.into(),
            id: id.into(),
            panel: String::new(),
            bbox: b,
            anchor: [0.0, 0.0],
        }
    }

    #[test]
    fn touching_boxes_do_not_overlap() {
        let mut r = LayoutReport::default();
        r.labels.push(label("a", [0.0, 0.0, 2.0, 1.0]));
        r.labels.push(label("b", [2.0, 0.0, 4.0, 1.0]));
        r.scale_bar.push(FeatureBox {
            id: "scale-bar".into(),
            panel: String::new(),
            bbox: [0.0, 1.0, 4.0, 2.0],
        });
        assert!(r.overlaps().is_empty());
        r.legend.push(FeatureBox {
            id: "legend".into(),
            panel: String::new(),
            bbox: [3.9, 0.9, 10.0, 10.0],
        });
        let o = r.overlaps();
        assert_eq!(o.len(), 1);
        assert_eq!(
            o[0],
            Overlap {
                label: "b".into(),
                with: "legend:legend".into()
            }
        );
    }

    fn marker(id: &str, kind: &str, b: [f64; 4]) -> MarkerBox {
        MarkerBox {
            id: id.into(),
            panel: String::new(),
            kind: kind.into(),
            bbox: b,
            inside_municipality: true,
        }
    }

    #[test]
    fn markers_collide_as_drawn() {
        let mut r = LayoutReport::default();
        // a square and a disc whose boxes share a corner area the disc does not reach
        r.markers
            .push(marker("coord", "coordinator", [0.0, 0.0, 2.0, 2.0]));
        r.markers.push(marker("disc", "core", [1.8, 1.8, 3.8, 3.8]));
        assert!(r.collisions().is_empty(), "{:?}", r.collisions());
        // two squares with the same overlap do collide
        r.markers[1].kind = "coordinator".into();
        assert_eq!(
            r.collisions(),
            [Collision {
                first: "marker:coord".into(),
                second: "marker:disc".into()
            }]
        );
        // discs collide once their centres are closer than the radii
        r.markers = vec![
            marker("a", "loose", [0.0, 0.0, 2.0, 2.0]),
            marker("b", "seat", [1.9, 0.0, 3.9, 2.0]),
        ];
        assert_eq!(r.collisions().len(), 1);
        r.markers[1].bbox = [2.0, 0.0, 4.0, 2.0];
        assert!(r.collisions().is_empty(), "touching is not a collision");
    }

    #[test]
    fn boxes_collide_with_each_other_and_markers() {
        let mut r = LayoutReport::default();
        let feature = |id: &str, b: [f64; 4]| FeatureBox {
            id: id.into(),
            panel: String::new(),
            bbox: b,
        };
        r.legend.push(feature("legend", [0.0, 10.0, 50.0, 20.0]));
        r.scale_bar
            .push(feature("scale-bar", [40.0, 12.0, 60.0, 14.0]));
        r.furniture
            .push(feature("P1-unknown", [0.0, 0.0, 10.0, 3.0]));
        r.markers
            .push(marker("P1-02", "core", [9.0, 1.0, 11.0, 3.0]));
        assert_eq!(
            r.collisions(),
            [
                Collision {
                    first: "legend:legend".into(),
                    second: "scale-bar:scale-bar".into()
                },
                Collision {
                    first: "marker:P1-02".into(),
                    second: "furniture:P1-unknown".into()
                },
            ]
        );
    }

    #[test]
    fn crossings_follow_the_curve_as_drawn() {
        let mut r = LayoutReport::default();
        r.labels.push(LabelBox {
            panel: "P1".into(),
            ..label("Bochum", [10.0, 4.0, 20.0, 6.0])
        });
        let link = |id: &str, panel: &str, control: [f64; 2]| LinkPath {
            id: id.into(),
            panel: panel.into(),
            curve: [[0.0, 0.0], control, [30.0, 0.0]],
            width_mm: 0.4,
        };
        // the chord passes above the label; a curve bowing down by 5 mm does not
        r.links.push(link("straight", "P1", [15.0, 0.0]));
        assert!(r.label_link_crossings().is_empty());
        r.links.push(link("bowed", "P1", [15.0, 10.0]));
        // the same curve in another panel is not drawn over this label
        r.links.push(link("elsewhere", "P2", [15.0, 10.0]));
        // a curve bowing to 3.85 mm reaches the label with its stroke's half width
        r.links.push(link("grazing", "P1", [15.0, 7.7]));
        r.record_crossings();
        let ids: Vec<&str> = r
            .label_link_crossings
            .iter()
            .map(|c| c.link.as_str())
            .collect();
        assert_eq!(ids, ["bowed", "grazing"]);
        let back: LayoutReport = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(back.label_link_crossings(), r.label_link_crossings);
    }

    #[test]
    fn json_round_trips_and_is_stable() {
        let mut r = LayoutReport {
            figure: "abb-2".into(),
            width_mm: 160.0,
            height_mm: 120.0,
            ..LayoutReport::default()
        };
        r.labels.push(label(
            "Mülheim an der Ruhr",
            [round_mm(1.00049), 2.0, 3.0, 4.0],
        ));
        let json = r.to_json();
        assert!(json.contains("\"labels\""));
        assert!(json.contains("1.0"));
        let back: LayoutReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.to_json(), json);
    }

    #[test]
    fn rounding_avoids_negative_zero() {
        assert_eq!(round_mm(-0.0001).to_string(), "0");
        assert_eq!(round_mm(1.23456), 1.235);
    }
}
