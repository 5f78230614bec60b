//! Coordinate reference systems: reprojection between an EPSG CRS and WGS84
//! longitude/latitude, delegated to `proj4rs` (a pure-Rust port of PROJ.4).

use proj4rs::proj::Proj;

/// Why a CRS could not be set up or a point not transformed.
#[derive(Debug, thiserror::Error)]
pub enum CrsError {
    /// The EPSG code is not known to proj4rs' definitions.
    #[error(
        "EPSG:{code} is not a supported CRS (supported: any EPSG code proj4rs defines, e.g. 25832, 25833, 31467, 3857, 4326)"
    )]
    UnknownEpsg {
        /// The code that was asked for.
        code: u16,
        /// The underlying error.
        #[source]
        source: proj4rs::errors::Error,
    },
    /// A point could not be transformed (outside the projection's domain).
    #[error("cannot transform ({x}, {y}) from EPSG:{from} to EPSG:{to}: {source}")]
    Transform {
        /// Input x (easting or longitude).
        x: f64,
        /// Input y (northing or latitude).
        y: f64,
        /// Source EPSG code.
        from: u16,
        /// Target EPSG code.
        to: u16,
        /// The underlying error.
        #[source]
        source: proj4rs::errors::Error,
    },
}

/// A transformation between one CRS and WGS84 (EPSG:4326) in degrees.
///
/// ```
/// use ruhrmap::crs::Reprojection;
/// let utm = Reprojection::from_epsg(25832).unwrap();
/// // a point in Bochum, ETRS89 / UTM 32N; GDAL gives 7.23485596, 51.50713696
/// let (lon, lat) = utm.to_wgs84(377_500.0, 5_707_700.0).unwrap();
/// assert!((lon - 7.23485596).abs() < 1e-8 && (lat - 51.50713696).abs() < 1e-8);
/// let (e, n) = utm.from_wgs84(lon, lat).unwrap();
/// assert!((e - 377_500.0).abs() < 1e-4 && (n - 5_707_700.0).abs() < 1e-4);
/// ```
pub struct Reprojection {
    code: u16,
    crs: Proj,
    wgs84: Proj,
    geographic: bool,
}

impl Reprojection {
    /// Sets up the transformation for `EPSG:code`.
    pub fn from_epsg(code: u16) -> Result<Reprojection, CrsError> {
        let crs =
            Proj::from_epsg_code(code).map_err(|source| CrsError::UnknownEpsg { code, source })?;
        let wgs84 = Proj::from_epsg_code(4326)
            .map_err(|source| CrsError::UnknownEpsg { code: 4326, source })?;
        let geographic = crs.is_latlong();
        Ok(Reprojection {
            code,
            crs,
            wgs84,
            geographic,
        })
    }

    /// The EPSG code of the CRS.
    pub fn epsg(&self) -> u16 {
        self.code
    }

    /// Converts a point of the CRS to (longitude, latitude) in degrees.
    pub fn to_wgs84(&self, x: f64, y: f64) -> Result<(f64, f64), CrsError> {
        let (x_in, y_in) = if self.geographic {
            (x.to_radians(), y.to_radians())
        } else {
            (x, y)
        };
        let mut p = (x_in, y_in, 0.0);
        proj4rs::transform::transform(&self.crs, &self.wgs84, &mut p).map_err(|source| {
            CrsError::Transform {
                x,
                y,
                from: self.code,
                to: 4326,
                source,
            }
        })?;
        Ok((p.0.to_degrees(), p.1.to_degrees()))
    }

    /// Converts (longitude, latitude) in degrees to the CRS.
    pub fn from_wgs84(&self, lon: f64, lat: f64) -> Result<(f64, f64), CrsError> {
        let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
        proj4rs::transform::transform(&self.wgs84, &self.crs, &mut p).map_err(|source| {
            CrsError::Transform {
                x: lon,
                y: lat,
                from: 4326,
                to: self.code,
                source,
            }
        })?;
        if self.geographic {
            Ok((p.0.to_degrees(), p.1.to_degrees()))
        } else {
            Ok((p.0, p.1))
        }
    }
}
