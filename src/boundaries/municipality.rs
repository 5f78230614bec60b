//! A municipality (Gemeinde) as the gazetteer knows it: key, names and a point.

use crate::boundaries::ags::Ags;
use geo_types::Coord;

/// One German municipality from BKG VG250, without its polygon (the polygons
/// live in [`crate::boundaries::boundary_set::Boundaries`], addressed by the same index).
///
/// ```
/// use ruhrmap::Boundaries;
/// let b = Boundaries::embedded();
/// let bochum = b.by_ags("05911000".parse().unwrap()).unwrap();
/// assert_eq!(bochum.name, "Bochum");
/// assert_eq!(bochum.district, "Bochum");
/// assert_eq!(bochum.state, "Nordrhein-Westfalen");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    /// The eight-digit official key.
    pub ags: Ags,
    /// The official name (VG250 `GEN`), e.g. `Wetter (Ruhr)`.
    pub name: String,
    /// The kind of municipality (VG250 `BEZ`), e.g. `Stadt`, `Kreisfreie Stadt`, `Gemeinde`.
    pub kind: String,
    /// The Kreis as it is written in prose (`Kreis Wesel`, `Ennepe-Ruhr-Kreis`), or the
    /// city itself for a kreisfreie Stadt.
    pub district: String,
    /// The Land, e.g. `Nordrhein-Westfalen`.
    pub state: String,
    /// A point inside the municipality's land area (lon, lat in WGS84), used for
    /// municipality-level matches and as label anchor.
    pub point: Coord<f64>,
    /// Land area in km², computed on the full-resolution geometry.
    pub area_km2: f64,
}

impl Municipality {
    /// Whether the municipality is a kreisfreie Stadt (its own district).
    ///
    /// ```
    /// let b = ruhrmap::Boundaries::embedded();
    /// assert!(b.by_ags("05913000".parse().unwrap()).unwrap().is_kreisfrei());
    /// assert!(!b.by_ags("05978036".parse().unwrap()).unwrap().is_kreisfrei());
    /// ```
    pub fn is_kreisfrei(&self) -> bool {
        self.ags.as_u32().is_multiple_of(1000) && self.district == self.name
    }
}
