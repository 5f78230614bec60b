//! Map projection: geographic lon/lat (WGS84/ETRS89, degrees) to a metric
//! projected CRS (EPSG:25832, ETRS89 / UTM 32N, unless configured otherwise),
//! and the affine step from projected metres to page millimetres.
//!
//! Every vertex is projected exactly once per figure; the page transform is a
//! cheap scale-and-offset applied afterwards, so panels that share an extent
//! share the projected geometry.

use crate::crs::reprojection::{CrsError, Reprojection};
use geo_types::{Coord, Rect};

/// The CRS maps are drawn in unless a figure asks for another one.
pub const DEFAULT_CRS: &str = "EPSG:25832";

/// A projection from lon/lat degrees to a metric CRS: a [`Reprojection`]
/// whose CRS is checked to be projected in metres.
///
/// ```
/// use geo_types::Coord;
/// let p = ruhrmap::crs::MapProjection::new("EPSG:25832").unwrap();
/// // Essen (lon 7.0, lat 51.45) in UTM 32N, as PROJ's cs2cs gives it
/// let xy = p.project(Coord { x: 7.0, y: 51.45 }).unwrap();
/// assert!((xy.x - 361_028.94).abs() < 0.01, "{xy:?}");
/// assert!((xy.y - 5_701_765.77).abs() < 0.01, "{xy:?}");
/// ```
#[derive(Debug)]
pub struct MapProjection {
    reprojection: Reprojection,
}

impl MapProjection {
    /// Sets up a projection into `crs`: `"EPSG:nnnn"` or a proj string
    /// (`"+proj=…"`). The CRS must be projected and metric.
    pub fn new(crs: &str) -> Result<MapProjection, CrsError> {
        let reprojection = Reprojection::new(crs)?;
        if !reprojection.is_metric() {
            return Err(CrsError::NotMetric {
                crs: crs.to_string(),
            });
        }
        Ok(MapProjection { reprojection })
    }

    /// The CRS as configured, e.g. `"EPSG:25832"`.
    pub fn crs(&self) -> &str {
        self.reprojection.crs()
    }

    /// Projects lon/lat degrees to metres (easting, northing).
    pub fn project(&self, lonlat: Coord<f64>) -> Result<Coord<f64>, CrsError> {
        self.reprojection.from_wgs84(lonlat)
    }

    /// Projects metres back to lon/lat degrees.
    ///
    /// ```
    /// use geo_types::Coord;
    /// let p = ruhrmap::crs::MapProjection::new("EPSG:25832").unwrap();
    /// let back = p.unproject(p.project(Coord { x: 7.2, y: 51.5 }).unwrap()).unwrap();
    /// assert!((back.x - 7.2).abs() < 1e-9 && (back.y - 51.5).abs() < 1e-9);
    /// ```
    pub fn unproject(&self, metres: Coord<f64>) -> Result<Coord<f64>, CrsError> {
        self.reprojection.to_wgs84(metres)
    }

    /// The angle in degrees, counter-clockwise from the page's up direction,
    /// at which true north points at `lonlat`. Meridians converge towards the
    /// pole, so in UTM 32N west of the central meridian (9° E) true north
    /// leans slightly to the right, clockwise (about 1.4° in the Ruhr, a
    /// negative angle here), and a north arrow shows that.
    ///
    /// ```
    /// use geo_types::Coord;
    /// let p = ruhrmap::crs::MapProjection::new("EPSG:25832").unwrap();
    /// let a = p.north_angle(Coord { x: 7.2, y: 51.5 }).unwrap();
    /// assert!(a < -1.0 && a > -1.8, "{a}");
    /// assert!(p.north_angle(Coord { x: 9.0, y: 51.5 }).unwrap().abs() < 1e-6);
    /// // east of the central meridian it leans the other way
    /// assert!(p.north_angle(Coord { x: 10.5, y: 51.5 }).unwrap() > 1.0);
    /// ```
    pub fn north_angle(&self, lonlat: Coord<f64>) -> Result<f64, CrsError> {
        let a = self.project(lonlat)?;
        let b = self.project(Coord {
            x: lonlat.x,
            y: lonlat.y + 0.01,
        })?;
        // angle of the meridian against grid north, positive when it leans west (counter-clockwise)
        Ok((-(b.x - a.x)).atan2(b.y - a.y).to_degrees())
    }
}

/// The affine step from projected metres to page millimetres: a uniform scale
/// and an offset, with the y axis flipped (the page's y grows downwards).
///
/// ```
/// use geo_types::{coord, Coord, Rect};
/// use ruhrmap::crs::PageTransform;
/// // 10 km × 5 km shown in a 100 mm × 50 mm box at (20, 30) on the page
/// let t = PageTransform::fit(Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 10_000.0, y: 5_000.0 }),
///                            Rect::new(coord! { x: 20.0, y: 30.0 }, coord! { x: 120.0, y: 80.0 }));
/// assert_eq!(t.to_page(Coord { x: 0.0, y: 5_000.0 }), Coord { x: 20.0, y: 30.0 });
/// assert_eq!(t.scale_denominator().round(), 100_000.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageTransform {
    /// Millimetres on the page per metre on the ground.
    pub mm_per_metre: f64,
    /// Projected easting shown at the left edge of the box.
    pub min_x: f64,
    /// Projected northing shown at the top edge of the box.
    pub max_y: f64,
    /// Page position (mm) of the box's top-left corner.
    pub origin: Coord<f64>,
}

impl PageTransform {
    /// The transform that shows `extent` (metres) centred in `page_box` (mm)
    /// at the largest uniform scale that fits.
    pub fn fit(extent: Rect<f64>, page_box: Rect<f64>) -> PageTransform {
        let sx = page_box.width() / extent.width().max(f64::MIN_POSITIVE);
        let sy = page_box.height() / extent.height().max(f64::MIN_POSITIVE);
        let s = sx.min(sy);
        let pad_x = (page_box.width() - extent.width() * s) / 2.0;
        let pad_y = (page_box.height() - extent.height() * s) / 2.0;
        PageTransform {
            mm_per_metre: s,
            min_x: extent.min().x,
            max_y: extent.max().y,
            origin: Coord {
                x: page_box.min().x + pad_x,
                y: page_box.min().y + pad_y,
            },
        }
    }

    /// Metres to page millimetres.
    #[inline]
    pub fn to_page(&self, m: Coord<f64>) -> Coord<f64> {
        Coord {
            x: self.origin.x + (m.x - self.min_x) * self.mm_per_metre,
            y: self.origin.y + (self.max_y - m.y) * self.mm_per_metre,
        }
    }

    /// Page millimetres back to metres.
    #[inline]
    pub fn to_metres(&self, p: Coord<f64>) -> Coord<f64> {
        Coord {
            x: self.min_x + (p.x - self.origin.x) / self.mm_per_metre,
            y: self.max_y - (p.y - self.origin.y) / self.mm_per_metre,
        }
    }

    /// The representative fraction's denominator (1 : n) at print size.
    pub fn scale_denominator(&self) -> f64 {
        1000.0 / self.mm_per_metre
    }

    /// The same scale, with the extent's top-left corner moved to `origin`
    /// on the page (used to place the panels of a figure).
    pub fn moved_to(&self, origin: Coord<f64>) -> PageTransform {
        PageTransform { origin, ..*self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    #[test]
    fn known_utm_coordinates() {
        // Dortmund Friedensplatz, reference values from PROJ's cs2cs: 7.4653 E, 51.5136 N
        let p = MapProjection::new(DEFAULT_CRS).unwrap();
        let xy = p
            .project(Coord {
                x: 7.4653,
                y: 51.5136,
            })
            .unwrap();
        assert!((xy.x - 393_506.84).abs() < 0.01, "{xy:?}");
        assert!((xy.y - 5_708_058.19).abs() < 0.01, "{xy:?}");
    }

    #[test]
    fn geographic_crs_is_refused() {
        let err = MapProjection::new("EPSG:4326").unwrap_err();
        assert!(matches!(err, CrsError::NotMetric { .. }), "{err}");
        assert!(MapProjection::new("EPSG:99999").is_err());
        assert!(
            MapProjection::new("not a crs")
                .unwrap_err()
                .to_string()
                .contains("not a crs")
        );
    }

    #[test]
    fn page_transform_round_trips_and_centres() {
        let extent = Rect::new(
            coord! { x: 300_000.0, y: 5_600_000.0 },
            coord! { x: 400_000.0, y: 5_650_000.0 },
        );
        // a box taller than the extent: the map is centred vertically
        let t = PageTransform::fit(
            extent,
            Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 100.0, y: 100.0 }),
        );
        assert_eq!(t.origin, Coord { x: 0.0, y: 25.0 });
        let m = Coord {
            x: 350_000.0,
            y: 5_625_000.0,
        };
        let p = t.to_page(m);
        assert!((p.x - 50.0).abs() < 1e-9 && (p.y - 50.0).abs() < 1e-9);
        let back = t.to_metres(p);
        assert!((back.x - m.x).abs() < 1e-6 && (back.y - m.y).abs() < 1e-6);
    }
}
