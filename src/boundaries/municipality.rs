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

/// Which municipality of a [`crate::boundaries::Boundaries`] set: its position in
/// [`crate::boundaries::Boundaries::municipalities`] (sorted by AGS), as a type of its own so
/// that it cannot be mixed up with other counts and positions. Locators, the geocoder and the
/// network hand it out; [`crate::boundaries::Boundaries::municipality`] and indexing the
/// municipality slice turn it back into the municipality.
///
/// ```
/// use ruhrmap::Boundaries;
/// let b = Boundaries::embedded();
/// let id = b.index_of("05911000".parse().unwrap()).unwrap();
/// assert_eq!(b.municipality(id).name, "Bochum");
/// assert_eq!(b.municipalities()[id].name, "Bochum");
/// assert_eq!(b.municipalities()[id.index()].ags, b.municipality(id).ags);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MunicipalityId(u32);

impl MunicipalityId {
    /// The id of the municipality at `index` in the municipality slice.
    ///
    /// ```
    /// use ruhrmap::boundaries::MunicipalityId;
    /// assert_eq!(MunicipalityId::new(7).index(), 7);
    /// ```
    pub fn new(index: usize) -> MunicipalityId {
        // Germany has about 11,000 municipalities; a u32 keeps ids and lists half the size.
        MunicipalityId(u32::try_from(index).expect("fewer than 2^32 municipalities"))
    }

    /// The id from a stored `u32` position (the locators' compact tables).
    pub(crate) fn from_u32(index: u32) -> MunicipalityId {
        MunicipalityId(index)
    }

    /// Its position in the municipality slice.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::ops::Index<MunicipalityId> for [Municipality] {
    type Output = Municipality;
    fn index(&self, id: MunicipalityId) -> &Municipality {
        &self[id.index()]
    }
}

impl std::ops::Index<MunicipalityId> for Vec<Municipality> {
    type Output = Municipality;
    fn index(&self, id: MunicipalityId) -> &Municipality {
        &self[id.index()]
    }
}
