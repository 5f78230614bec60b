//! Geocoding of partner sites: from coordinates or a place text to a
//! municipality, a position, and whether the site lies in the region.
//!
//! Coordinates are located by point in polygon on the full-resolution
//! boundaries ([`SiteLocator`]: an R-tree over Germany, and a grid around
//! the region when many points are located). Values that are plainly swapped (latitude 7, longitude 51.5)
//! or projected (ETRS89/UTM 32N eastings and northings, as German
//! authorities publish them; Gauss-Krüger too) are recognised, converted with
//! PROJ definitions and reported. A place text goes through the
//! [`Gazetteer`]; an optional online backend places street addresses
//! precisely.

use crate::boundaries::{Boundaries, Context, MunicipalityId, Region, Subregion, SubregionScheme};

use crate::table::{ColumnRoles, PartnerTable, RowCoordinates, TableRow};

use crate::geocode::gazetteer::{Gazetteer, Preference};

use crate::geocode::match_kind::MatchKind;

use crate::geocode::nominatim::NominatimClient;

use crate::crs::Reprojection;

use crate::locate::SiteLocator;
use geo_types::Coord;
use std::sync::OnceLock;

/// The outcome of geocoding one site.
///
/// ```
/// use ruhrmap::{Boundaries, Geocoder, MatchKind, Region, SubregionScheme};
/// let b = Boundaries::embedded();
/// let region = Region::ruhr(b);
/// let scheme = SubregionScheme::preset("kreise", &region, b).unwrap();
/// let geocoder = Geocoder::new(b, &region, &scheme);
/// let r = geocoder.resolve(Some("Bochum-Wattenscheid"), None, None);
/// assert_eq!(r.match_kind, MatchKind::District);
/// assert_eq!(b.municipalities()[r.municipality.unwrap()].name, "Bochum");
/// assert!(r.in_region);
/// assert_eq!(r.position, Some(b.municipalities()[r.municipality.unwrap()].point));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The municipality, `None` outside Germany or when unresolved.
    pub municipality: Option<MunicipalityId>,
    /// How the site was placed.
    pub match_kind: MatchKind,
    /// The position (lon, lat, WGS84): the given coordinates (corrected if
    /// swapped or projected), the online result, or the municipality's
    /// representative point; `None` when unresolved.
    pub position: Option<Coord<f64>>,
    /// Whether the municipality belongs to the region.
    pub in_region: bool,
    /// What a careful reader should know: corrected coordinates, a guess
    /// among namesakes, a fuzzy match, a contradiction between inputs.
    pub warnings: Vec<String>,
    /// Candidate names: the alternatives of a fuzzy or ambiguous match, or
    /// the closest names of an unresolved place, as `Name (Kreis, AGS)`.
    pub candidates: Vec<String>,
    /// ISO 3166-1 code of the country: `DE` in a municipality; abroad the
    /// Natural Earth country containing the position, else the nearest
    /// town's; `None` at sea or when unresolved.
    pub country: Option<String>,
    /// Abroad: the town the site is in or near (within
    /// [`crate::boundaries::MAX_TOWN_DISTANCE_KM`]), by its German name where
    /// one is known; `None` in Germany, at sea, or when unresolved.
    pub town: Option<String>,
}

impl Resolution {
    fn unresolved() -> Resolution {
        Resolution {
            municipality: None,
            match_kind: MatchKind::Unresolved,
            position: None,
            in_region: false,
            warnings: Vec::new(),
            candidates: Vec::new(),
            country: None,
            town: None,
        }
    }
}

/// The ISO code of Germany, the country of every municipality.
pub const GERMANY: &str = "DE";

/// Country (ISO 3166-1 alpha-2) and town of a position outside every
/// German municipality: the Natural Earth country containing it (else the
/// nearest town's), and the nearest town abroad within reach, by its German
/// name where one is known; `None` for what is not known (at sea).
///
/// ```
/// use geo_types::Coord;
/// let (country, town) = ruhrmap::geocode::abroad_at(Coord { x: 5.69, y: 50.85 });
/// assert_eq!((country.as_deref(), town.as_deref()), (Some("NL"), Some("Maastricht")));
/// assert_eq!(ruhrmap::geocode::abroad_at(Coord { x: 4.0, y: 54.0 }), (None, None));
/// ```
pub fn abroad_at(position: Coord<f64>) -> (Option<String>, Option<String>) {
    let context = Context::embedded();
    let near = context.nearest_town(position);
    let country = context
        .country_at(position)
        .map(|c| c.iso2.clone())
        .or_else(|| near.map(|n| n.town.country.clone()));
    let town = near.map(|n| n.town.display_name().to_string());
    (country, town)
}

/// How many candidates an unresolved place or a fuzzy match names.
const CANDIDATE_LIMIT: usize = 3;

/// Projected coordinate systems recognised by their value ranges, with the
/// easting range (after removing a zone prefix) that identifies them.
struct ProjectedCrs {
    epsg: u16,
    name: &'static str,
    /// Easting range as written in the data.
    easting: (f64, f64),
    /// Subtracted from the easting before reprojecting (a zone prefix).
    prefix: f64,
}

/// Northings of Germany in all these systems lie in this range.
const NORTHING_RANGE: (f64, f64) = (5_200_000.0, 6_150_000.0);

const PROJECTED: [ProjectedCrs; 6] = [
    ProjectedCrs {
        epsg: 25832,
        name: "ETRS89 / UTM zone 32N (EPSG:25832)",
        easting: (150_000.0, 950_000.0),
        prefix: 0.0,
    },
    ProjectedCrs {
        epsg: 25832,
        name: "ETRS89 / UTM zone 32N with zone prefix (EPSG:4647)",
        easting: (32_150_000.0, 32_950_000.0),
        prefix: 32_000_000.0,
    },
    ProjectedCrs {
        epsg: 25833,
        name: "ETRS89 / UTM zone 33N with zone prefix (EPSG:5650)",
        easting: (33_150_000.0, 33_950_000.0),
        prefix: 33_000_000.0,
    },
    ProjectedCrs {
        epsg: 31466,
        name: "DHDN / Gauss-Krüger zone 2 (EPSG:31466)",
        easting: (2_250_000.0, 2_750_000.0),
        prefix: 0.0,
    },
    ProjectedCrs {
        epsg: 31467,
        name: "DHDN / Gauss-Krüger zone 3 (EPSG:31467)",
        easting: (3_250_000.0, 3_750_000.0),
        prefix: 0.0,
    },
    ProjectedCrs {
        epsg: 31468,
        name: "DHDN / Gauss-Krüger zone 4 (EPSG:31468)",
        easting: (4_250_000.0, 4_750_000.0),
        prefix: 0.0,
    },
];

/// Geocodes partner sites against one set of boundaries, for one region and
/// its sub-region scheme.
///
/// `Geocoder` is `Sync`: one instance serves all threads of a parallel run.
///
/// ```
/// use ruhrmap::{Boundaries, Geocoder, MatchKind, Region, SubregionScheme};
/// let b = Boundaries::embedded();
/// let region = Region::ruhr(b);
/// let scheme = SubregionScheme::preset("kreise", &region, b).unwrap();
/// let geocoder = Geocoder::new(b, &region, &scheme);
/// // coordinates given as (lat, lon) by mistake
/// let r = geocoder.resolve(None, Some(51.4818), Some(7.2162));
/// assert_eq!(r.match_kind, MatchKind::Coordinates);
/// assert_eq!(b.municipalities()[r.municipality.unwrap()].name, "Bochum");
/// assert_eq!(r.position.unwrap().x, 7.2162);
/// assert!(r.warnings[0].contains("swapped"));
/// ```
pub struct Geocoder<'a> {
    boundaries: &'a Boundaries,
    region: &'a Region,
    subregions: &'a SubregionScheme,
    gazetteer: Gazetteer<'a>,
    locator: SiteLocator<'a>,
    projections: [OnceLock<Option<Reprojection>>; PROJECTED.len()],
    online: Option<&'a NominatimClient>,
    /// Per municipality: whether it belongs to the region (looked up once,
    /// not per row).
    in_region: Vec<bool>,
    /// Per municipality: its sub-region's position in the scheme's classes.
    member_class: Vec<Option<u16>>,
}

impl<'a> Geocoder<'a> {
    /// A geocoder over all municipalities of `boundaries`; `region` decides
    /// `in_region` and the preference among namesakes, `subregions` the
    /// sub-region of each site.
    pub fn new(
        boundaries: &'a Boundaries,
        region: &'a Region,
        subregions: &'a SubregionScheme,
    ) -> Geocoder<'a> {
        let gazetteer = Gazetteer::new(boundaries, region);
        let locator = SiteLocator::new(boundaries, region);
        Geocoder {
            boundaries,
            region,
            subregions,
            gazetteer,
            locator,
            projections: Default::default(),
            online: None,
            in_region: boundaries
                .municipalities()
                .iter()
                .map(|m| region.contains(m.ags))
                .collect(),
            member_class: boundaries
                .municipalities()
                .iter()
                .map(|m| {
                    subregions
                        .class_index(m.ags)
                        .and_then(|c| u16::try_from(c).ok())
                })
                .collect(),
        }
    }

    /// Also asks `client` (a Nominatim-compatible service) for street
    /// addresses and for places the offline gazetteer cannot resolve.
    pub fn with_online(mut self, client: &'a NominatimClient) -> Geocoder<'a> {
        self.online = Some(client);
        self
    }

    /// The boundaries.
    pub fn boundaries(&self) -> &'a Boundaries {
        self.boundaries
    }

    /// The region.
    pub fn region(&self) -> &'a Region {
        self.region
    }

    /// The sub-region scheme.
    pub fn subregions(&self) -> &'a SubregionScheme {
        self.subregions
    }

    /// The name index.
    pub fn gazetteer(&self) -> &Gazetteer<'a> {
        &self.gazetteer
    }

    /// The sub-region of a municipality, if it has one.
    pub fn subregion_of(&self, id: MunicipalityId) -> Option<&'a Subregion> {
        let class = self.member_class.get(id.index()).copied().flatten()?;
        self.subregions.classes().get(class as usize)
    }

    /// Geocodes one site. Coordinates win when both are given (a given
    /// position stays where it is); the place text is then only checked
    /// against them. Without usable coordinates the place text decides.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Geocoder, MatchKind, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let region = Region::ruhr(b);
    /// let scheme = SubregionScheme::preset("kreise", &region, b).unwrap();
    /// let geocoder = Geocoder::new(b, &region, &scheme);
    /// // Münster lies in Germany but outside the Ruhr
    /// let r = geocoder.resolve(Some("Münster"), None, None);
    /// assert_eq!((r.match_kind, r.in_region), (MatchKind::Exact, false));
    /// // the North Sea: no municipality, the position stays
    /// let r = geocoder.resolve(None, Some(4.0), Some(54.0));
    /// assert_eq!((r.municipality, r.position.map(|p| p.x)), (None, Some(4.0)));
    /// // nothing usable
    /// let r = geocoder.resolve(Some("Atlantis"), None, None);
    /// assert_eq!((r.match_kind, r.position), (MatchKind::Unresolved, None));
    /// ```
    pub fn resolve(&self, place: Option<&str>, lon: Option<f64>, lat: Option<f64>) -> Resolution {
        let place = place.map(str::trim).filter(|p| !p.is_empty());
        let mut notes: Vec<String> = Vec::new();
        match (lon, lat) {
            (Some(x), Some(y)) if !x.is_finite() || !y.is_finite() => notes.push(format!("coordinates ({x}, {y}) are not finite numbers; ignored")),
            (Some(x), Some(y)) if x == 0.0 && y == 0.0 => notes.push("coordinates (0, 0) are a placeholder, not a place; ignored".to_string()),
            (Some(x), Some(y)) => match self.resolve_coordinates(x, y) {
                Some(mut resolution) => {
                    if let Some(text) = place {
                        self.cross_check(&mut resolution, text);
                    }
                    return resolution;
                }
                None => notes.push(format!(
                    "coordinates ({}, {}) are neither longitude/latitude nor projected coordinates in Germany; ignored",
                    shown(x),
                    shown(y)
                )),
            },
            (Some(x), None) => notes.push(format!("longitude {} without latitude; ignored", shown(x))),
            (None, Some(y)) => notes.push(format!("latitude {} without longitude; ignored", shown(y))),
            (None, None) => {}
        }
        let mut resolution = match place {
            Some(text) => self.resolve_place(text),
            None => Resolution::unresolved(),
        };
        notes.append(&mut resolution.warnings);
        resolution.warnings = notes;
        resolution
    }

    /// Geocodes one row of a partner table (its place text and coordinates).
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Geocoder, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let region = Region::ruhr(b);
    /// let scheme = SubregionScheme::preset("kreise", &region, b).unwrap();
    /// let geocoder = Geocoder::new(b, &region, &scheme);
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("p.csv");
    /// std::fs::write(&path, "Name;Ort\nTU Dortmund;Dortmund\n").unwrap();
    /// let table = ruhrmap::read_table(&path).unwrap();
    /// let r = geocoder.resolve_row(&table, &table.rows[0]);
    /// assert_eq!(b.municipalities()[r.municipality.unwrap()].name, "Dortmund");
    /// ```
    pub fn resolve_row(&self, table: &PartnerTable, row: &TableRow) -> Resolution {
        self.resolve_record(&table.columns, row)
    }

    /// Geocodes one row given the roles of its columns (for rows read block
    /// by block with [`crate::table::TableBlocks`]).
    pub fn resolve_record(&self, columns: &ColumnRoles, row: &TableRow) -> Resolution {
        let RowCoordinates { lon, lat } = columns.coordinates(row);
        let place = columns.place_text(row);
        self.resolve(place.as_deref(), lon, lat)
    }

    /// Tells the geocoder that about `points` coordinates are coming, so
    /// that its locator can prepare for them: for many, the grid around the
    /// region is built now; for a few the R-tree answers and no grid is
    /// built (see [`SiteLocator`]). Without it the locator decides from the
    /// points it has seen.
    pub fn expect_points(&self, points: usize) {
        self.locator.expect_points(points);
    }

    fn locate(&self, lon: f64, lat: f64) -> Option<MunicipalityId> {
        self.locator.locate(Coord { x: lon, y: lat })
    }

    fn located(
        &self,
        municipality: Option<MunicipalityId>,
        position: Coord<f64>,
        kind: MatchKind,
    ) -> Resolution {
        let (country, town) = match municipality {
            Some(_) => (Some(GERMANY.to_string()), None),
            None => abroad_at(position),
        };
        Resolution {
            municipality,
            match_kind: kind,
            position: Some(position),
            in_region: municipality.is_some_and(|i| self.in_region[i.index()]),
            warnings: Vec::new(),
            candidates: Vec::new(),
            country,
            town,
        }
    }

    /// A place text that names a town abroad (and no German municipality
    /// other than by spelling).
    fn resolve_abroad(&self, text: &str) -> Option<Resolution> {
        let town = Context::embedded().town_named(text)?;
        let mut r = self.located(None, town.position, MatchKind::Abroad);
        r.country = Some(town.country.clone());
        r.town = Some(town.display_name().to_string());
        Some(r)
    }

    /// Locates given coordinates: as longitude/latitude, swapped, or
    /// projected. `None` if they are none of these.
    fn resolve_coordinates(&self, x: f64, y: f64) -> Option<Resolution> {
        let geographic =
            |lon: f64, lat: f64| (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
        if geographic(x, y) {
            if let Some(i) = self.locate(x, y) {
                return Some(self.located(Some(i), Coord { x, y }, MatchKind::Coordinates));
            }
            if geographic(y, x)
                && let Some(i) = self.locate(y, x)
            {
                let mut r = self.located(Some(i), Coord { x: y, y: x }, MatchKind::Coordinates);
                r.warnings.push(format!("latitude and longitude were swapped (lon {x}, lat {y} lies outside Germany); used lon {y}, lat {x}"));
                return Some(r);
            }
            let mut r = self.located(None, Coord { x, y }, MatchKind::Coordinates);
            r.warnings.push(format!(
                "lon {x}, lat {y} lies in no German municipality (outside Germany or at sea)"
            ));
            return Some(r);
        }
        for (easting, northing, swapped) in [(x, y, false), (y, x, true)] {
            if !(NORTHING_RANGE.0..=NORTHING_RANGE.1).contains(&northing) {
                continue;
            }
            for (k, crs) in PROJECTED.iter().enumerate() {
                if !(crs.easting.0..=crs.easting.1).contains(&easting) {
                    continue;
                }
                let Some(projection) =
                    self.projections[k].get_or_init(|| Reprojection::from_epsg(crs.epsg).ok())
                else {
                    continue;
                };
                let Ok(Coord { x: lon, y: lat }) = projection.to_wgs84(Coord {
                    x: easting - crs.prefix,
                    y: northing,
                }) else {
                    continue; // outside the projection's domain, or not finite
                };
                let i = self.locate(lon, lat);
                let mut r = self.located(i, Coord { x: lon, y: lat }, MatchKind::Coordinates);
                let order = if swapped {
                    "northing, easting (swapped)"
                } else {
                    "easting, northing"
                };
                r.warnings.push(format!(
                    "({x}, {y}) read as {order} in {}; converted to lon {lon:.7}, lat {lat:.7}",
                    crs.name
                ));
                if i.is_none() {
                    r.warnings.push(format!(
                        "lon {lon:.7}, lat {lat:.7} lies in no German municipality"
                    ));
                }
                return Some(r);
            }
        }
        None
    }

    /// Warns when the place text names another municipality than the one
    /// the coordinates lie in.
    fn cross_check(&self, resolution: &mut Resolution, text: &str) {
        let Some(found) = self.gazetteer.find(text) else {
            return;
        };
        if found.kind == MatchKind::Fuzzy && Context::embedded().town_named(text).is_some() {
            return; // a town abroad, not a misspelt municipality
        }
        let all = self.boundaries.municipalities();
        let named = found.municipality;
        if resolution.municipality == Some(named)
            || found
                .alternatives
                .iter()
                .any(|&i| resolution.municipality == Some(i))
        {
            return;
        }
        let located = resolution.municipality.map_or_else(
            || "outside Germany".to_string(),
            |i| format!("in {}", all[i].name),
        );
        resolution.warnings.push(format!("the coordinates lie {located}, but the place {text:?} names {} ({}); the coordinates were kept", all[named].name, all[named].ags));
    }

    /// Resolves a place text: gazetteer, then the online backend.
    fn resolve_place(&self, text: &str) -> Resolution {
        let all = self.boundaries.municipalities();
        let offline = self.gazetteer.find(text);
        if offline.as_ref().is_none_or(|m| m.kind == MatchKind::Fuzzy)
            && let Some(r) = self.resolve_abroad(text)
        {
            return r;
        }
        let street_address = offline
            .as_ref()
            .is_none_or(|m| m.kind == MatchKind::Address);
        if street_address && let Some(client) = self.online {
            match client.lookup(text) {
                Ok(Some(point)) => {
                    let i = self.locate(point.x, point.y);
                    let mut r = self.located(i, point, MatchKind::Online);
                    if i.is_none() {
                        r.warnings.push(format!("the online result for {text:?} (lon {:.7}, lat {:.7}) lies in no German municipality", point.x, point.y));
                    }
                    return r;
                }
                Ok(None) => {}
                Err(e) => {
                    let mut r = offline.map_or_else(Resolution::unresolved, |m| {
                        self.resolution_from_match(text, m)
                    });
                    r.warnings.push(format!("online lookup failed: {e}"));
                    if r.match_kind == MatchKind::Unresolved {
                        r.candidates = self.closest(text);
                    }
                    return r;
                }
            }
        }
        match offline {
            Some(m) => self.resolution_from_match(text, m),
            None => {
                let mut r = Resolution::unresolved();
                r.candidates = self.closest(text);
                let _ = all;
                r
            }
        }
    }

    fn resolution_from_match(
        &self,
        text: &str,
        m: crate::geocode::gazetteer::PlaceMatch<'_>,
    ) -> Resolution {
        let all = self.boundaries.municipalities();
        let mut r = self.located(Some(m.municipality), all[m.municipality].point, m.kind);
        if let Some(note) = m.note.clone() {
            r.warnings.push(note);
        }
        let describe =
            |i: MunicipalityId| format!("{} ({}, {})", all[i].name, all[i].district, all[i].ags);
        if m.kind == MatchKind::Fuzzy {
            r.warnings.push(format!(
                "{text:?} is not a municipality name; taken as {} by spelling",
                all[m.municipality].name
            ));
            r.candidates = std::iter::once(m.municipality)
                .chain(m.alternatives.iter().copied())
                .take(CANDIDATE_LIMIT + 1)
                .map(describe)
                .collect();
        } else if m.preference != Preference::Unique {
            r.candidates = m
                .alternatives
                .iter()
                .take(CANDIDATE_LIMIT)
                .map(|&i| describe(i))
                .collect();
            if let Some(note) = self.ambiguity_note(text, &m) {
                r.warnings.push(note);
            }
        }
        r
    }

    /// What to say about a name several municipalities share, true for the
    /// region at hand: nothing when the region decided or the text is the
    /// chosen one's full name in its Land (`Münster` from the Ruhr), else how
    /// many namesakes lie where and which was taken, with the others.
    fn ambiguity_note(
        &self,
        text: &str,
        m: &crate::geocode::gazetteer::PlaceMatch<'_>,
    ) -> Option<String> {
        let all = self.boundaries.municipalities();
        let g = &self.gazetteer;
        let named_kind = matches!(m.kind, MatchKind::Exact | MatchKind::Normalized);
        match m.preference {
            Preference::Unique | Preference::Region => return None,
            Preference::Land if !named_kind || g.is_full_name(text, m.municipality) => {
                return None;
            }
            Preference::Land | Preference::Size => {}
        }
        let place = g.placement(m.municipality);
        let n = m.alternatives.len() + 1;
        let alike = 1 + m
            .alternatives
            .iter()
            .filter(|&&i| g.placement(i) == place)
            .count();
        let count = |k: usize| {
            if k == 1 {
                "one".to_string()
            } else if k == n {
                "all".to_string()
            } else {
                k.to_string()
            }
        };
        let state = &all[m.municipality].state;
        let where_ = match place {
            0 => format!("{} in the region", count(alike)),
            1 => format!("none in the region, {} in {state}", count(alike)),
            _ => "none in the region or its Land".to_string(),
        };
        let how = if alike == 1 {
            "took it"
        } else {
            // the shipped VG250 edition carries no population (EWZ)
            "took the likeliest (a kreisfreie Stadt, then a Stadt, then the largest by area)"
        };
        let describe =
            |i: MunicipalityId| format!("{} ({}, {})", all[i].name, all[i].district, all[i].ags);
        let others: Vec<String> = m
            .alternatives
            .iter()
            .take(CANDIDATE_LIMIT)
            .map(|&i| describe(i))
            .collect();
        let more = if n - 1 > CANDIDATE_LIMIT { ", …" } else { "" };
        Some(format!(
            "{text:?} names {n} municipalities, {where_}; {how}, {}; the others: {}{more}",
            describe(m.municipality),
            others.join(", ")
        ))
    }

    fn closest(&self, text: &str) -> Vec<String> {
        let all = self.boundaries.municipalities();
        self.gazetteer
            .closest(text, CANDIDATE_LIMIT)
            .into_iter()
            .map(|i| format!("{} ({}, {})", all[i].name, all[i].district, all[i].ags))
            .collect()
    }
}

/// A coordinate as written in messages: as given, but a huge value in
/// exponent form (`1e300`, not 301 digits).
fn shown(v: f64) -> String {
    if v.abs() < 1e15 {
        v.to_string()
    } else {
        format!("{v:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::Ags;

    struct Fixture {
        region: &'static Region,
        scheme: &'static SubregionScheme,
    }

    fn geocoder() -> &'static Geocoder<'static> {
        static G: OnceLock<Geocoder<'static>> = OnceLock::new();
        static F: OnceLock<Fixture> = OnceLock::new();
        let b = Boundaries::embedded();
        let f = F.get_or_init(|| {
            let region: &'static Region = Box::leak(Box::new(Region::ruhr(b)));
            let scheme: &'static SubregionScheme = Box::leak(Box::new(
                SubregionScheme::preset("kreise", region, b).unwrap(),
            ));
            Fixture { region, scheme }
        });
        G.get_or_init(|| Geocoder::new(b, f.region, f.scheme))
    }

    fn ags_of(r: &Resolution) -> Option<Ags> {
        r.municipality
            .map(|i| Boundaries::embedded().municipalities()[i].ags)
    }

    fn ags(text: &str) -> Ags {
        text.parse().unwrap()
    }

    /// Essen's representative point, a point surely inside Essen.
    fn essen_point() -> Coord<f64> {
        Boundaries::embedded()
            .by_ags(ags("05113000"))
            .unwrap()
            .point
    }

    #[test]
    fn coordinates_are_located_and_kept() {
        let p = essen_point();
        let r = geocoder().resolve(None, Some(p.x), Some(p.y));
        assert_eq!(ags_of(&r), Some(ags("05113000")));
        assert_eq!(r.match_kind, MatchKind::Coordinates);
        assert_eq!(r.position, Some(p));
        assert!(r.in_region);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn swapped_coordinates_are_corrected_with_a_warning() {
        let p = essen_point();
        let r = geocoder().resolve(None, Some(p.y), Some(p.x));
        assert_eq!(ags_of(&r), Some(ags("05113000")));
        assert_eq!(r.position, Some(p));
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].contains("swapped"));
    }

    #[test]
    fn utm_coordinates_are_reprojected_with_a_warning() {
        // project Essen's point with the same PROJ definition, then geocode
        let p = essen_point();
        let utm = Reprojection::from_epsg(25832).unwrap();
        let Coord { x: e, y: n } = utm.from_wgs84(p).unwrap();
        for (x, y) in [(e, n), (n, e), (e + 32_000_000.0, n)] {
            let r = geocoder().resolve(None, Some(x), Some(y));
            assert_eq!(ags_of(&r), Some(ags("05113000")), "({x}, {y})");
            let q = r.position.unwrap();
            assert!(
                (q.x - p.x).abs() < 1e-7 && (q.y - p.y).abs() < 1e-7,
                "{q:?} vs {p:?}"
            );
            assert!(r.warnings[0].contains("UTM zone 32N"), "{:?}", r.warnings);
        }
        // Gauss-Krüger zone 2 (Ruhr lies in it); DHDN datum shift: metres
        let gk = Reprojection::from_epsg(31466).unwrap();
        let Coord { x: e, y: n } = gk.from_wgs84(p).unwrap();
        let r = geocoder().resolve(None, Some(e), Some(n));
        assert_eq!(ags_of(&r), Some(ags("05113000")));
        assert!(r.warnings[0].contains("Gauss-Krüger zone 2"));
    }

    #[test]
    fn outside_the_region_and_outside_germany() {
        let muenster = Boundaries::embedded()
            .by_ags(ags("05515000"))
            .unwrap()
            .point;
        let r = geocoder().resolve(None, Some(muenster.x), Some(muenster.y));
        assert_eq!(ags_of(&r), Some(ags("05515000")));
        assert!(!r.in_region);
        // Amsterdam: no municipality, position kept, a warning
        let r = geocoder().resolve(None, Some(4.9), Some(52.37));
        assert_eq!(
            (r.municipality, r.match_kind, r.in_region),
            (None, MatchKind::Coordinates, false)
        );
        assert_eq!(r.position, Some(Coord { x: 4.9, y: 52.37 }));
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn unusable_coordinates_fall_back_to_the_place() {
        for (lon, lat) in [
            (Some(0.0), Some(0.0)),
            (Some(1e12), Some(3.0)),
            (Some(f64::NAN), Some(51.0)),
            (Some(7.0), None),
        ] {
            let r = geocoder().resolve(Some("Herne"), lon, lat);
            assert_eq!(ags_of(&r), Some(ags("05916000")), "{lon:?} {lat:?}");
            assert_eq!(r.match_kind, MatchKind::Exact);
            assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        }
    }

    #[test]
    fn coordinates_win_over_a_contradicting_place() {
        let p = essen_point();
        let r = geocoder().resolve(Some("Bochum"), Some(p.x), Some(p.y));
        assert_eq!(ags_of(&r), Some(ags("05113000")));
        assert_eq!(r.position, Some(p));
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("Bochum") && w.contains("Essen")),
            "{:?}",
            r.warnings
        );
        let agreeing = geocoder().resolve(Some("Essen-Rüttenscheid"), Some(p.x), Some(p.y));
        assert!(agreeing.warnings.is_empty());
    }

    #[test]
    fn place_matches_get_the_representative_point() {
        let b = Boundaries::embedded();
        let r = geocoder().resolve(Some("Mülheim a.d. Ruhr"), None, None);
        assert_eq!(ags_of(&r), Some(ags("05117000")));
        assert_eq!(r.position, Some(b.by_ags(ags("05117000")).unwrap().point));
        assert_eq!(r.match_kind, MatchKind::Normalized);
        assert!(r.in_region);
    }

    #[test]
    fn fuzzy_matches_warn_and_name_candidates() {
        let r = geocoder().resolve(Some("Dortmnud"), None, None);
        assert_eq!(ags_of(&r), Some(ags("05913000")));
        assert_eq!(r.match_kind, MatchKind::Fuzzy);
        assert_eq!(r.warnings.len(), 1);
        assert!(
            r.candidates[0].starts_with("Dortmund"),
            "{:?}",
            r.candidates
        );
    }

    #[test]
    fn unresolved_places_name_the_closest_candidates() {
        let r = geocoder().resolve(Some("Gelsnkrchn-Bür"), None, None);
        assert_eq!(r.match_kind, MatchKind::Unresolved);
        assert_eq!(
            (r.municipality, r.position, r.in_region),
            (None, None, false)
        );
        assert!(
            r.candidates.iter().any(|c| c.starts_with("Gelsenkirchen")),
            "{:?}",
            r.candidates
        );
        let nothing = geocoder().resolve(None, None, None);
        assert_eq!(nothing.match_kind, MatchKind::Unresolved);
        assert!(nothing.candidates.is_empty());
    }

    #[test]
    fn subregions_come_from_the_scheme() {
        let g = geocoder();
        let b = Boundaries::embedded();
        let bochum = b.index_of(ags("05911000")).unwrap();
        assert!(g.subregion_of(bochum).is_some());
        let muenster = b.index_of(ags("05515000")).unwrap();
        assert!(g.subregion_of(muenster).is_none());
    }

    #[test]
    fn geocoder_is_sync() {
        fn assert_sync<T: Sync>() {}
        assert_sync::<Geocoder<'static>>();
    }
}
