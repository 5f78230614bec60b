//! The layout report written beside every figure (`<figure>.layout.json`):
//! where each label, marker, link end and piece of furniture landed, in SVG
//! user units (mm), and which labels could not be placed.
//!
//! It lets tests and reviewers check a figure without looking at pixels:
//! [`LayoutReport::overlaps`] lists every label that touches another label,
//! a marker, a link end, the legend or the scale bar.

use crate::render::scene::Bounds;
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
}

/// One overlap found by [`LayoutReport::overlaps`].
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    /// The label's id.
    pub label: String,
    /// What it overlaps: `label:<id>`, `marker:<id>`, `link-end:<id>`, `legend:<id>`, `scale-bar:<id>`, `furniture:<id>`.
    pub with: String,
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
