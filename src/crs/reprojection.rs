//! The one wrapper around `proj4rs` (a pure-Rust port of PROJ.4): a CRS and
//! the transformation between it and WGS84 longitude/latitude in degrees,
//! with the one error type of this folder.

use geo_types::Coord;
use proj4rs::proj::Proj;

/// WGS84 longitude/latitude as every transformation here starts or ends in.
const WGS84: &str = "+proj=longlat +ellps=WGS84 +towgs84=0,0,0 +no_defs";

/// Why a CRS could not be set up or a point not transformed. The text of
/// proj4rs' error is kept (its error type cannot be cloned, and a figure's
/// projected geometry, errors included, is shared between panels).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CrsError {
    /// The CRS is neither an EPSG code proj4rs defines nor a proj string.
    #[error(
        "unknown CRS {crs:?}: {reason} (expected e.g. \"EPSG:25832\" or a proj string \"+proj=utm +zone=32 +ellps=GRS80\")"
    )]
    UnknownCrs {
        /// The CRS as given.
        crs: String,
        /// What proj4rs reported.
        reason: String,
    },
    /// The CRS is geographic (degrees); maps need metres for an honest scale bar.
    #[error(
        "CRS {crs:?} is geographic; maps need a projected CRS in metres such as \"EPSG:25832\""
    )]
    NotMetric {
        /// The CRS as given.
        crs: String,
    },
    /// A point could not be transformed (outside the projection's domain).
    #[error("cannot transform ({x}, {y}) {}: {reason}", if *.to_wgs84 { format!("from {crs} to EPSG:4326") } else { format!("from EPSG:4326 to {crs}") })]
    Transform {
        /// Input x (easting or longitude).
        x: f64,
        /// Input y (northing or latitude).
        y: f64,
        /// The CRS other than WGS84.
        crs: String,
        /// Whether the point was transformed from `crs` to WGS84 (else from WGS84 to `crs`).
        to_wgs84: bool,
        /// What proj4rs reported (boxed: the error travels inside others).
        reason: Box<str>,
    },
}

/// The name the map side gives [`CrsError`]: the same type.
pub type ProjectionError = CrsError;

/// A CRS and its transformation to and from WGS84 (EPSG:4326) in degrees.
///
/// ```
/// use geo_types::Coord;
/// use ruhrmap::crs::Reprojection;
/// let utm = Reprojection::from_epsg(25832).unwrap();
/// // a point in Bochum, ETRS89 / UTM 32N; GDAL gives 7.23485596, 51.50713696
/// let p = utm.to_wgs84(Coord { x: 377_500.0, y: 5_707_700.0 }).unwrap();
/// assert!((p.x - 7.23485596).abs() < 1e-8 && (p.y - 51.50713696).abs() < 1e-8);
/// let back = utm.from_wgs84(p).unwrap();
/// assert!((back.x - 377_500.0).abs() < 1e-4 && (back.y - 5_707_700.0).abs() < 1e-4);
/// ```
pub struct Reprojection {
    crs: String,
    proj: Proj,
    wgs84: Proj,
}

impl std::fmt::Debug for Reprojection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reprojection")
            .field("crs", &self.crs)
            .finish()
    }
}

impl Reprojection {
    /// Sets up the transformation for `EPSG:code`.
    pub fn from_epsg(code: u16) -> Result<Reprojection, CrsError> {
        Reprojection::with(format!("EPSG:{code}"), Proj::from_epsg_code(code))
    }

    /// Sets up the transformation for `crs`: `"EPSG:nnnn"` or a proj string
    /// (`"+proj=…"`).
    pub fn new(crs: &str) -> Result<Reprojection, CrsError> {
        Reprojection::with(crs.to_string(), Proj::from_user_string(crs))
    }

    fn with(crs: String, proj: proj4rs::errors::Result<Proj>) -> Result<Reprojection, CrsError> {
        let unknown = |crs: &str, e: proj4rs::errors::Error| CrsError::UnknownCrs {
            crs: crs.to_string(),
            reason: e.to_string(),
        };
        let proj = proj.map_err(|e| unknown(&crs, e))?;
        let wgs84 = Proj::from_proj_string(WGS84).map_err(|e| unknown(WGS84, e))?;
        Ok(Reprojection { crs, proj, wgs84 })
    }

    /// The CRS as given, e.g. `"EPSG:25832"`.
    pub fn crs(&self) -> &str {
        &self.crs
    }

    /// Whether the CRS is projected in metres (not geographic, not
    /// geocentric, unit the metre).
    pub fn is_metric(&self) -> bool {
        !self.proj.is_latlong()
            && !self.proj.is_geocent()
            && (self.proj.to_meter() - 1.0).abs() <= 1e-12
    }

    /// Converts a point of the CRS to WGS84 (x longitude, y latitude) in degrees.
    pub fn to_wgs84(&self, point: Coord<f64>) -> Result<Coord<f64>, CrsError> {
        let p = self.transform(point, Direction::ToWgs84)?;
        Ok(Coord {
            x: p.x.to_degrees(),
            y: p.y.to_degrees(),
        })
    }

    /// Converts WGS84 (x longitude, y latitude) in degrees to the CRS.
    pub fn from_wgs84(&self, lonlat: Coord<f64>) -> Result<Coord<f64>, CrsError> {
        let p = self.transform(lonlat, Direction::FromWgs84)?;
        if self.proj.is_latlong() {
            Ok(Coord {
                x: p.x.to_degrees(),
                y: p.y.to_degrees(),
            })
        } else {
            Ok(p)
        }
    }

    /// One proj4rs transformation: degrees of a geographic side in radians,
    /// a result that is not finite an error.
    fn transform(&self, point: Coord<f64>, direction: Direction) -> Result<Coord<f64>, CrsError> {
        let (from, to) = match direction {
            Direction::ToWgs84 => (&self.proj, &self.wgs84),
            Direction::FromWgs84 => (&self.wgs84, &self.proj),
        };
        let error = |reason: String| CrsError::Transform {
            x: point.x,
            y: point.y,
            crs: self.crs.clone(),
            to_wgs84: matches!(direction, Direction::ToWgs84),
            reason: reason.into_boxed_str(),
        };
        let mut p = if from.is_latlong() {
            (point.x.to_radians(), point.y.to_radians(), 0.0)
        } else {
            (point.x, point.y, 0.0)
        };
        proj4rs::transform::transform(from, to, &mut p).map_err(|e| error(e.to_string()))?;
        if !p.0.is_finite() || !p.1.is_finite() {
            return Err(error("result is not finite".to_string()));
        }
        Ok(Coord { x: p.0, y: p.1 })
    }
}

#[derive(Debug, Clone, Copy)]
enum Direction {
    ToWgs84,
    FromWgs84,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_crs_and_points_outside_the_domain_are_errors() {
        let err = Reprojection::from_epsg(9999).unwrap_err();
        assert!(
            matches!(&err, CrsError::UnknownCrs { crs, .. } if crs == "EPSG:9999"),
            "{err}"
        );
        assert!(Reprojection::new("not a crs").is_err());
        let utm = Reprojection::from_epsg(25832).unwrap();
        assert!(utm.is_metric());
        assert!(!Reprojection::from_epsg(4326).unwrap().is_metric());
        let err = utm
            .from_wgs84(Coord {
                x: f64::NAN,
                y: 91.0,
            })
            .unwrap_err();
        assert!(
            err.to_string().contains("from EPSG:4326 to EPSG:25832"),
            "{err}"
        );
        // the error stays as small as the one the figures shared before
        assert!(std::mem::size_of::<CrsError>() <= 64);
    }

    #[test]
    fn geographic_crs_round_trip_in_degrees() {
        let etrs = Reprojection::from_epsg(4258).unwrap();
        let p = etrs.to_wgs84(Coord { x: 7.2, y: 51.5 }).unwrap();
        assert!(
            (p.x - 7.2).abs() < 1e-9 && (p.y - 51.5).abs() < 1e-9,
            "{p:?}"
        );
        let back = etrs.from_wgs84(p).unwrap();
        assert!((back.x - 7.2).abs() < 1e-9 && (back.y - 51.5).abs() < 1e-9);
    }
}
