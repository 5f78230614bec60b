//! The map frame: which part of the ground a map shows, in projected metres,
//! and at what scale it fits the panel on the page.
//!
//! The frame starts from the region's extent, may grow to take in further
//! points (coordination seats outside the region in Fig. 1), and keeps a
//! margin in page millimetres around them so that markers, labels and the
//! edge summaries of distant partners have room. All panels of a figure use
//! one frame, so they share extent and scale and can be compared at a glance.

use crate::crs::{MapProjection, PageTransform, ProjectionError};
use geo_types::{Coord, Rect, coord};

/// The ground extent of a map (projected metres) and the page box it fills.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapFrame {
    /// Shown ground extent in projected metres (exactly the panel's aspect).
    pub extent: Rect<f64>,
    /// Panel width on the page (mm).
    pub width_mm: f64,
    /// Panel height on the page (mm).
    pub height_mm: f64,
}

/// Margins (mm on the page) kept between the content and the frame edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameMargins {
    /// Left margin.
    pub left: f64,
    /// Top margin.
    pub top: f64,
    /// Right margin.
    pub right: f64,
    /// Bottom margin.
    pub bottom: f64,
}

impl FrameMargins {
    /// The same margin on every side.
    pub fn uniform(mm: f64) -> FrameMargins {
        FrameMargins {
            left: mm,
            top: mm,
            right: mm,
            bottom: mm,
        }
    }
}

impl MapFrame {
    /// The frame that shows `content` (metres) in a panel `width_mm` wide,
    /// with `margins` on the page around it. The panel height follows from
    /// the content's aspect ratio, but never falls below `min_height_mm`
    /// (extra height is shared equally above and below).
    ///
    /// ```
    /// use geo_types::{coord, Rect};
    /// use ruhrmap::render::{FrameMargins, MapFrame};
    /// // 100 km × 50 km into a 110 mm wide panel with 5 mm margins: 1 mm = 1 km
    /// let content = Rect::new(coord! { x: 300_000.0, y: 5_650_000.0 }, coord! { x: 400_000.0, y: 5_700_000.0 });
    /// let f = MapFrame::fit_width(content, 110.0, FrameMargins::uniform(5.0), 0.0);
    /// assert!((f.height_mm - 60.0).abs() < 1e-9);
    /// assert!((f.scale_denominator() - 1_000_000.0).abs() < 1e-3);
    /// ```
    pub fn fit_width(
        content: Rect<f64>,
        width_mm: f64,
        margins: FrameMargins,
        min_height_mm: f64,
    ) -> MapFrame {
        let inner_w = (width_mm - margins.left - margins.right).max(1.0);
        let mm_per_m = inner_w / content.width().max(1.0);
        let natural_h = content.height() * mm_per_m + margins.top + margins.bottom;
        let height_mm = natural_h.max(min_height_mm);
        let extra = (height_mm - natural_h) / 2.0;
        let to_m = |mm: f64| mm / mm_per_m;
        let extent = Rect::new(
            coord! { x: content.min().x - to_m(margins.left), y: content.min().y - to_m(margins.bottom + extra) },
            coord! { x: content.max().x + to_m(margins.right), y: content.max().y + to_m(margins.top + extra) },
        );
        MapFrame {
            extent,
            width_mm,
            height_mm,
        }
    }

    /// The frame that shows `content` inside a panel of exactly `width_mm` ×
    /// `height_mm`, centred, as large as the margins allow.
    pub fn fit_box(
        content: Rect<f64>,
        width_mm: f64,
        height_mm: f64,
        margins: FrameMargins,
    ) -> MapFrame {
        let inner_w = (width_mm - margins.left - margins.right).max(1.0);
        let inner_h = (height_mm - margins.top - margins.bottom).max(1.0);
        let mm_per_m =
            (inner_w / content.width().max(1.0)).min(inner_h / content.height().max(1.0));
        let cx = (content.min().x + content.max().x) / 2.0
            + ((margins.right - margins.left) / 2.0) / mm_per_m;
        let cy = (content.min().y + content.max().y) / 2.0
            + ((margins.top - margins.bottom) / 2.0) / mm_per_m;
        let half_w = width_mm / mm_per_m / 2.0;
        let half_h = height_mm / mm_per_m / 2.0;
        MapFrame {
            extent: Rect::new(
                coord! { x: cx - half_w, y: cy - half_h },
                coord! { x: cx + half_w, y: cy + half_h },
            ),
            width_mm,
            height_mm,
        }
    }

    /// Millimetres on the page per metre on the ground.
    pub fn mm_per_metre(&self) -> f64 {
        self.width_mm / self.extent.width()
    }

    /// The representative fraction's denominator (1 : n).
    pub fn scale_denominator(&self) -> f64 {
        1000.0 / self.mm_per_metre()
    }

    /// The page transform of a panel whose top-left corner is at `origin` (mm).
    pub fn page_transform(&self, origin: Coord<f64>) -> PageTransform {
        PageTransform {
            mm_per_metre: self.mm_per_metre(),
            min_x: self.extent.min().x,
            max_y: self.extent.max().y,
            origin,
        }
    }

    /// The frame's centre in projected metres.
    pub fn center(&self) -> Coord<f64> {
        self.extent.center()
    }

    /// A lon/lat box that covers the frame (for culling geometry before
    /// projecting it): the frame's outline is sampled and unprojected, then
    /// padded by `pad_fraction` of its size for the curvature of the grid.
    pub fn lonlat_window(
        &self,
        projection: &MapProjection,
        pad_fraction: f64,
    ) -> Result<Rect<f64>, ProjectionError> {
        let (x0, y0, x1, y1) = (
            self.extent.min().x,
            self.extent.min().y,
            self.extent.max().x,
            self.extent.max().y,
        );
        let mut lo = coord! { x: f64::INFINITY, y: f64::INFINITY };
        let mut hi = coord! { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY };
        let n = 8;
        for k in 0..=n {
            let t = k as f64 / n as f64;
            for p in [
                coord! { x: x0 + (x1 - x0) * t, y: y0 },
                coord! { x: x0 + (x1 - x0) * t, y: y1 },
                coord! { x: x0, y: y0 + (y1 - y0) * t },
                coord! { x: x1, y: y0 + (y1 - y0) * t },
            ] {
                let ll = projection.unproject(p)?;
                lo = coord! { x: lo.x.min(ll.x), y: lo.y.min(ll.y) };
                hi = coord! { x: hi.x.max(ll.x), y: hi.y.max(ll.y) };
            }
        }
        let pad_x = (hi.x - lo.x) * pad_fraction;
        let pad_y = (hi.y - lo.y) * pad_fraction;
        Ok(Rect::new(
            coord! { x: lo.x - pad_x, y: lo.y - pad_y },
            coord! { x: hi.x + pad_x, y: hi.y + pad_y },
        ))
    }
}

/// The smallest box holding `extent` and every point of `points` (metres).
///
/// ```
/// use geo_types::{coord, Rect};
/// let r = Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 10.0, y: 10.0 });
/// let g = ruhrmap::render::grow_extent(r, &[coord! { x: -5.0, y: 3.0 }]);
/// assert_eq!(g.min(), coord! { x: -5.0, y: 0.0 });
/// ```
pub fn grow_extent(extent: Rect<f64>, points: &[Coord<f64>]) -> Rect<f64> {
    let mut lo = extent.min();
    let mut hi = extent.max();
    for p in points {
        lo = coord! { x: lo.x.min(p.x), y: lo.y.min(p.y) };
        hi = coord! { x: hi.x.max(p.x), y: hi.y.max(p.y) };
    }
    Rect::new(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> Rect<f64> {
        Rect::new(
            coord! { x: 320_000.0, y: 5_680_000.0 },
            coord! { x: 430_000.0, y: 5_750_000.0 },
        )
    }

    #[test]
    fn fit_width_keeps_margins_in_millimetres() {
        let f = MapFrame::fit_width(
            content(),
            78.0,
            FrameMargins {
                left: 4.0,
                top: 3.0,
                right: 4.0,
                bottom: 3.0,
            },
            0.0,
        );
        let t = f.page_transform(coord! { x: 10.0, y: 20.0 });
        let top_left = t.to_page(coord! { x: content().min().x, y: content().max().y });
        assert!(
            (top_left.x - 14.0).abs() < 1e-9 && (top_left.y - 23.0).abs() < 1e-9,
            "{top_left:?}"
        );
        let bottom_right = t.to_page(coord! { x: content().max().x, y: content().min().y });
        assert!((bottom_right.x - (10.0 + 78.0 - 4.0)).abs() < 1e-9);
        assert!((bottom_right.y - (20.0 + f.height_mm - 3.0)).abs() < 1e-9);
    }

    #[test]
    fn minimum_height_adds_equal_space_above_and_below() {
        let f = MapFrame::fit_width(content(), 78.0, FrameMargins::uniform(2.0), 80.0);
        assert_eq!(f.height_mm, 80.0);
        let t = f.page_transform(coord! { x: 0.0, y: 0.0 });
        let top = t
            .to_page(coord! { x: content().min().x, y: content().max().y })
            .y;
        let bottom = t
            .to_page(coord! { x: content().min().x, y: content().min().y })
            .y;
        assert!((top - (80.0 - bottom)).abs() < 1e-9);
    }

    #[test]
    fn fit_box_contains_content_with_margins() {
        let f = MapFrame::fit_box(content(), 100.0, 100.0, FrameMargins::uniform(5.0));
        let t = f.page_transform(coord! { x: 0.0, y: 0.0 });
        for c in [content().min(), content().max()] {
            let p = t.to_page(c);
            assert!(
                p.x >= 5.0 - 1e-9 && p.x <= 95.0 + 1e-9 && p.y >= 5.0 - 1e-9 && p.y <= 95.0 + 1e-9,
                "{p:?}"
            );
        }
        assert!((f.extent.width() / f.extent.height() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn fit_box_honours_uneven_margins() {
        let m = FrameMargins {
            left: 2.0,
            top: 12.0,
            right: 8.0,
            bottom: 4.0,
        };
        let f = MapFrame::fit_box(content(), 100.0, 80.0, m);
        let t = f.page_transform(coord! { x: 0.0, y: 0.0 });
        let tl = t.to_page(coord! { x: content().min().x, y: content().max().y });
        let br = t.to_page(coord! { x: content().max().x, y: content().min().y });
        // the content is centred in the box left inside the margins
        let inner_cx = (m.left + 100.0 - m.right) / 2.0;
        let inner_cy = (m.top + 80.0 - m.bottom) / 2.0;
        assert!(
            ((tl.x + br.x) / 2.0 - inner_cx).abs() < 1e-9,
            "{tl:?} {br:?}"
        );
        assert!(
            ((tl.y + br.y) / 2.0 - inner_cy).abs() < 1e-9,
            "{tl:?} {br:?}"
        );
        assert!(
            tl.x >= m.left - 1e-9
                && tl.y >= m.top - 1e-9
                && br.x <= 100.0 - m.right + 1e-9
                && br.y <= 80.0 - m.bottom + 1e-9
        );
    }

    #[test]
    fn lonlat_window_covers_the_frame() {
        let p = MapProjection::new(crate::crs::DEFAULT_CRS).unwrap();
        let f = MapFrame::fit_width(content(), 100.0, FrameMargins::uniform(0.0), 0.0);
        let w = f.lonlat_window(&p, 0.0).unwrap();
        for c in [f.extent.min(), f.extent.max(), f.extent.center()] {
            let ll = p.unproject(c).unwrap();
            assert!(
                ll.x >= w.min().x && ll.x <= w.max().x && ll.y >= w.min().y && ll.y <= w.max().y
            );
        }
    }
}
