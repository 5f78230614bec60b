//! What lies beyond Germany's border: the neighbouring countries and the land
//! (Natural Earth 1:10m), and the towns abroad (GeoNames) that name partners
//! outside Germany. Context only: German municipalities and Germany's border
//! always come from VG250. The data are embedded from `boundaries/context/`
//! (in the binary form build.rs writes) and decoded layer by layer, on first use.

use geo::Contains;
use geo_types::{Coord, LineString, MultiPolygon, Point, Polygon};
use rstar::RTree;
use rstar::primitives::GeomWithData;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::boundaries::context_binary::{AREAS_MAGIC, TOWNS_MAGIC};
use crate::text::{Lang, NormalizedName, UmlautFolding};

// the layers of boundaries/context/, converted to a compact binary form by build.rs
const COUNTRIES_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries.bin"));
const LAND_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/land.bin"));
const TOWNS_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/towns.bin"));
const GERMAN_NAMES_CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boundaries/context/german_names.csv"
));

/// How far (km, great circle) a position may lie from the nearest town abroad
/// and still be named after it. Beyond this (the open sea, say) a partner
/// abroad stays unnamed ("Ausland"), rather than being given a town it is not in.
pub const MAX_TOWN_DISTANCE_KM: f64 = 25.0;

/// Within this distance (km) a town with a German name (a city German
/// readers know) names a position even when a smaller place lies nearer.
pub const MAJOR_TOWN_RADIUS_KM: f64 = 10.0;

/// Mean Earth radius (km) for great-circle distances.
const EARTH_RADIUS_KM: f64 = 6371.0;

/// The ISO code of Germany, whose Natural Earth polygon is land but no
/// context country.
const GERMANY_ISO2: &str = "DE";

/// A country of the context layer.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code (`NL`).
    pub iso2: String,
    /// German name (`Niederlande`).
    pub name_de: String,
    /// English name (`Netherlands`).
    pub name_en: String,
    /// Its area within the context window (lon/lat, WGS84).
    pub area: MultiPolygon<f64>,
}

/// A town outside Germany.
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    /// The GeoNames name (`Nijmegen`, `Brussels`).
    pub name: String,
    /// The German name, where the table of German names has one (`Nimwegen`).
    pub name_de: Option<String>,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country: String,
    /// Its position (lon, lat, WGS84).
    pub position: Coord<f64>,
}

impl Town {
    /// The name to show in a German text: the German name where known, else
    /// the GeoNames name without a district suffix (`Zürich (Kreis 1) / City`
    /// is shown as `Zürich`).
    ///
    /// ```
    /// let c = ruhrmap::boundaries::Context::embedded();
    /// assert_eq!(c.town_named("Nimwegen").unwrap().display_name(), "Nimwegen");
    /// ```
    pub fn display_name(&self) -> &str {
        if let Some(de) = &self.name_de {
            return de;
        }
        match self.name.find(" (Kreis ") {
            Some(cut) => &self.name[..cut],
            None => &self.name,
        }
    }
}

/// A town found near a position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearbyTown<'a> {
    /// The town.
    pub town: &'a Town,
    /// Its great-circle distance from the position (km).
    pub distance_km: f64,
}

/// Town position on the unit sphere, so that the R-tree's nearest neighbour
/// is the nearest by great-circle distance.
type TownPoint = GeomWithData<[f64; 3], usize>;

/// The context layers: countries, land and towns abroad.
///
/// ```
/// use geo_types::Coord;
/// let c = ruhrmap::boundaries::Context::embedded();
/// // Nijmegen lies in the Netherlands
/// let p = Coord { x: 5.86, y: 51.84 };
/// assert_eq!(c.country_at(p).unwrap().name_de, "Niederlande");
/// assert_eq!(c.nearest_town(p).unwrap().town.name, "Nijmegen");
/// // the North Sea: no country, no town within reach
/// let sea = Coord { x: 4.0, y: 54.0 };
/// assert!(c.country_at(sea).is_none() && c.nearest_town(sea).is_none());
/// assert!(!c.is_land(sea));
/// ```
pub struct Context {
    countries: OnceLock<Vec<Country>>,
    land: OnceLock<MultiPolygon<f64>>,
    towns: OnceLock<Towns>,
    /// Place-name key → towns of that name, the one with a German name first.
    by_key: OnceLock<HashMap<String, Vec<usize>>>,
}

/// The towns abroad with their German names, and the R-tree over them.
struct Towns {
    list: Vec<Town>,
    tree: RTree<TownPoint>,
    /// The lines of the table of German names that name a town: (German
    /// name, town), in table order.
    german: Vec<(&'static str, usize)>,
}

impl Context {
    /// The embedded context layers; each layer is decoded on first use (the
    /// geocoder placing a site abroad needs the towns and the countries, but
    /// not the land or the index of town names).
    pub fn embedded() -> &'static Context {
        static CONTEXT: Context = Context {
            countries: OnceLock::new(),
            land: OnceLock::new(),
            towns: OnceLock::new(),
            by_key: OnceLock::new(),
        };
        &CONTEXT
    }

    /// The towns, decoded on first use.
    fn town_layer(&self) -> &Towns {
        self.towns
            .get_or_init(|| Towns::decode(TOWNS_BIN, GERMAN_NAMES_CSV))
    }

    /// The countries, Germany included (its Natural Earth outline, for the
    /// land beneath VG250), in ISO code order.
    pub fn countries(&self) -> &[Country] {
        self.countries.get_or_init(|| {
            decode_areas(COUNTRIES_BIN)
                .into_iter()
                .filter_map(|(names, area)| {
                    let [iso2, name_de, name_en] = <[String; 3]>::try_from(names).ok()?;
                    Some(Country {
                        iso2,
                        name_de,
                        name_en,
                        area,
                    })
                })
                .collect()
        })
    }

    /// The country with ISO code `iso2`.
    ///
    /// ```
    /// let c = ruhrmap::boundaries::Context::embedded();
    /// assert_eq!(c.country("BE").unwrap().name_de, "Belgien");
    /// ```
    pub fn country(&self, iso2: &str) -> Option<&Country> {
        self.countries()
            .iter()
            .find(|c| c.iso2.eq_ignore_ascii_case(iso2))
    }

    /// All land in the context window (what is not land is water).
    pub fn land(&self) -> &MultiPolygon<f64> {
        self.land.get_or_init(|| {
            MultiPolygon(
                decode_areas(LAND_BIN)
                    .into_iter()
                    .flat_map(|(_, area)| area.0)
                    .collect(),
            )
        })
    }

    /// Whether `position` (lon, lat) lies on land.
    pub fn is_land(&self, position: Coord<f64>) -> bool {
        self.land().contains(&Point(position))
    }

    /// The towns abroad.
    pub fn towns(&self) -> &[Town] {
        &self.town_layer().list
    }

    /// The country other than Germany whose Natural Earth area contains
    /// `position`; `None` at sea and in Germany.
    pub fn country_at(&self, position: Coord<f64>) -> Option<&Country> {
        let point = Point(position);
        self.countries()
            .iter()
            .filter(|c| c.iso2 != GERMANY_ISO2)
            .find(|c| c.area.contains(&point))
    }

    /// The town nearest to `position` (lon, lat), if one lies within
    /// [`MAX_TOWN_DISTANCE_KM`].
    ///
    /// GeoNames lists city districts beside the cities: a town with a German
    /// name (a city German readers know) within [`MAJOR_TOWN_RADIUS_KM`] wins
    /// over a nearer place, and districts written `A/B` or `City (Kreis 1) / X`
    /// are passed over, so a partner in central Amsterdam is in Amsterdam,
    /// not in `Nieuwmarkt/Lastage`.
    pub fn nearest_town(&self, position: Coord<f64>) -> Option<NearbyTown<'_>> {
        let towns = self.town_layer();
        let mut best: Option<NearbyTown<'_>> = None;
        for found in towns.tree.nearest_neighbor_iter(&on_sphere(position)) {
            let town = &towns.list[found.data];
            let distance_km = great_circle_km(position, town.position);
            if distance_km > MAX_TOWN_DISTANCE_KM
                || (distance_km > MAJOR_TOWN_RADIUS_KM && best.is_some())
            {
                break;
            }
            let near = NearbyTown { town, distance_km };
            if town.name_de.is_some() && distance_km <= MAJOR_TOWN_RADIUS_KM {
                return Some(near);
            }
            if best.is_none() && !town.name.contains('/') {
                best = Some(near);
            }
        }
        best
    }

    /// How a figure names a position abroad: `Nimwegen (NL)` near a town,
    /// the country (`Niederlande`) without one, else `Ausland` (`abroad`).
    ///
    /// ```
    /// use geo_types::Coord;
    /// use ruhrmap::Lang;
    /// let c = ruhrmap::boundaries::Context::embedded();
    /// assert_eq!(c.place_abroad(Coord { x: 5.86, y: 51.84 }, Lang::De), "Nimwegen (NL)");
    /// assert_eq!(c.place_abroad(Coord { x: 4.0, y: 54.0 }, Lang::En), "abroad");
    /// ```
    pub fn place_abroad(&self, position: Coord<f64>, lang: Lang) -> String {
        if let Some(near) = self.nearest_town(position) {
            let name = match lang {
                Lang::De => near.town.display_name(),
                Lang::En => near.town.name.split(" (Kreis ").next().unwrap_or(""),
            };
            return format!("{name} ({})", near.town.country);
        }
        match self.country_at(position) {
            Some(c) => lang.pick(&c.name_de, &c.name_en).to_string(),
            None => lang.pick("Ausland", "abroad").to_string(),
        }
    }

    /// The town a place text names, by its GeoNames name or its German name
    /// (`Brüssel`, `Lüttich`, `Nimwegen`), matched through the place-name keys
    /// (case, umlauts, ß). Among namesakes the one with a German name wins,
    /// then the first in the table.
    ///
    /// ```
    /// let c = ruhrmap::boundaries::Context::embedded();
    /// let t = c.town_named("Brüssel").unwrap();
    /// assert_eq!((t.name.as_str(), t.country.as_str()), ("Brussels", "BE"));
    /// assert_eq!(c.town_named("STRASSBURG").unwrap().name, "Strasbourg");
    /// assert!(c.town_named("Atlantis").is_none());
    /// ```
    pub fn town_named(&self, text: &str) -> Option<&Town> {
        let key = NormalizedName::parse(text, UmlautFolding::SpellOut);
        let i = *self.name_index().get(key.key())?.first()?;
        Some(&self.town_layer().list[i])
    }

    /// The index of town names, built on first use.
    fn name_index(&self) -> &HashMap<String, Vec<usize>> {
        self.by_key.get_or_init(|| {
            let towns = self.town_layer();
            let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
            let mut key = NormalizedName::new();
            for (i, town) in towns.list.iter().enumerate() {
                key.parse_into(&town.name, UmlautFolding::SpellOut);
                by_key.entry(key.key().to_string()).or_default().push(i);
            }
            // German names: they point at one town and come first among namesakes
            for &(de, i) in &towns.german {
                for text in [de, towns.list[i].name.as_str()] {
                    key.parse_into(text, UmlautFolding::SpellOut);
                    let list = by_key.entry(key.key().to_string()).or_default();
                    list.retain(|&j| j != i);
                    list.insert(0, i);
                }
            }
            by_key
        })
    }
}

impl Towns {
    /// Decodes the towns of build.rs's binary form, gives them the German
    /// names of `german` (`name_de,name,country`) and indexes them.
    fn decode(bytes: &[u8], german: &'static str) -> Towns {
        let mut list = decode_towns(bytes);
        let lines: Vec<(&str, &str, &str)> = german
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut f = line.split(',');
                Some((f.next()?, f.next()?, f.next()?))
            })
            .collect();
        // the first town of each (name, country) the table names, found in one pass
        let mut first: HashMap<(&str, &str), Option<usize>> = lines
            .iter()
            .map(|&(_, name, country)| ((name, country), None))
            .collect();
        for (i, t) in list.iter().enumerate() {
            if let Some(slot @ None) = first.get_mut(&(t.name.as_str(), t.country.as_str())) {
                *slot = Some(i);
            }
        }
        let named: Vec<(&'static str, usize)> = lines
            .iter()
            .filter_map(|&(de, name, country)| Some((de, (*first.get(&(name, country))?)?)))
            .collect();
        for &(de, i) in &named {
            list[i].name_de = Some(de.to_string());
        }
        let tree = RTree::bulk_load(
            list.iter()
                .enumerate()
                .map(|(i, t)| GeomWithData::new(on_sphere(t.position), i))
                .collect(),
        );
        Towns {
            list,
            tree,
            german: named,
        }
    }
}

/// Reads build.rs's binary form ([`context_binary`](super::context_binary)).
/// The embedded data are checked by the unit tests, so a malformed layer is
/// a build defect: it reads as empty rather than failing.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], magic: &[u8; 8]) -> Option<Reader<'a>> {
        Some(Reader {
            bytes: bytes.strip_prefix(magic)?,
        })
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn count(&mut self) -> Option<usize> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        // every counted item takes at least four bytes
        (n <= self.bytes.len() / 4 + 1).then_some(n)
    }

    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<String> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

/// Decodes an area layer: per feature its names and its area.
fn decode_areas(bytes: &[u8]) -> Vec<(Vec<String>, MultiPolygon<f64>)> {
    fn read(r: &mut Reader<'_>) -> Option<Vec<(Vec<String>, MultiPolygon<f64>)>> {
        let n_features = r.count()?;
        let mut features = Vec::with_capacity(n_features);
        for _ in 0..n_features {
            let names = (0..r.count()?)
                .map(|_| r.text())
                .collect::<Option<Vec<String>>>()?;
            let n_polygons = r.count()?;
            let mut polygons = Vec::with_capacity(n_polygons);
            for _ in 0..n_polygons {
                let mut rings = (0..r.count()?).map(|_| {
                    (0..r.count()?)
                        .map(|_| {
                            Some(Coord {
                                x: r.f64()?,
                                y: r.f64()?,
                            })
                        })
                        .collect::<Option<Vec<Coord<f64>>>>()
                        .map(LineString)
                });
                let exterior = rings.next()??;
                let interiors = rings.collect::<Option<Vec<LineString<f64>>>>()?;
                polygons.push(Polygon::new(exterior, interiors));
            }
            features.push((names, MultiPolygon(polygons)));
        }
        Some(features)
    }
    Reader::new(bytes, AREAS_MAGIC)
        .and_then(|mut r| read(&mut r))
        .unwrap_or_default()
}

/// Decodes the town list (without German names).
fn decode_towns(bytes: &[u8]) -> Vec<Town> {
    fn read(r: &mut Reader<'_>) -> Option<Vec<Town>> {
        (0..r.count()?)
            .map(|_| {
                Some(Town {
                    name: r.text()?,
                    name_de: None,
                    country: r.text()?,
                    position: Coord {
                        x: r.f64()?,
                        y: r.f64()?,
                    },
                })
            })
            .collect()
    }
    Reader::new(bytes, TOWNS_MAGIC)
        .and_then(|mut r| read(&mut r))
        .unwrap_or_default()
}

fn on_sphere(p: Coord<f64>) -> [f64; 3] {
    let (lon, lat) = (p.x.to_radians(), p.y.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn great_circle_km(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (la, lb) = (a.y.to_radians(), b.y.to_radians());
    let dlat = lb - la;
    let dlon = (b.x - a.x).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_layers_are_complete() {
        let c = Context::embedded();
        assert_eq!(c.countries().len(), 19);
        assert!(c.country("DE").is_some() && c.country("NL").is_some());
        assert!(c.towns().len() > 20_000, "{} towns", c.towns().len());
        assert!(c.is_land(Coord { x: 7.2, y: 51.5 }), "Bochum is land");
        assert!(
            !c.is_land(Coord { x: 5.0, y: 55.0 }),
            "the North Sea is water"
        );
    }

    #[test]
    fn every_german_name_names_a_town() {
        let c = Context::embedded();
        for line in GERMAN_NAMES_CSV.lines().skip(1) {
            let de = line.split(',').next().unwrap();
            let town = c.town_named(de);
            assert!(
                town.is_some_and(|t| t.name_de.as_deref() == Some(de)),
                "{de}: {town:?}"
            );
        }
    }

    #[test]
    fn foreign_names_resolve() {
        let c = Context::embedded();
        for (text, name, country) in [
            ("Maastricht", "Maastricht", "NL"),
            ("Lüttich", "Liège", "BE"),
            ("Liege", "Liège", "BE"),
            ("Arnheim", "Arnhem", "NL"),
            ("Wien", "Vienna", "AT"),
            ("Prag", "Prague", "CZ"),
            ("Breslau", "Wrocław", "PL"),
            ("Kopenhagen", "Copenhagen", "DK"),
            ("Luxemburg", "Luxembourg", "LU"),
            ("Enschede", "Enschede", "NL"),
        ] {
            let t = c.town_named(text).unwrap();
            assert_eq!((t.name.as_str(), t.country.as_str()), (name, country));
        }
    }

    #[test]
    fn the_binary_form_keeps_what_the_text_forms_say() {
        use crate::boundaries::context_binary::{encode_areas, encode_towns};
        let geojson = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"iso2":"NL","name_de":"Niederlande","name_en":"Netherlands"},
             "geometry":{"type":"Polygon","coordinates":[[[5,51],[6,51],[6,52.25],[5,51]],[]]}},
            {"type":"Feature","properties":{"iso2":"XX"},
             "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
            {"type":"Feature","properties":{"iso2":"BE","name_de":"Belgien","name_en":"Belgium"},
             "geometry":{"type":"MultiPolygon","coordinates":[[],[[[4,50],[5,50],["x"],[5,51],[4,50]]]]}}
        ]}"#;
        let areas = decode_areas(&encode_areas(geojson, &["iso2", "name_de", "name_en"]));
        // the feature without German and English names is left out
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[0].0, ["NL", "Niederlande", "Netherlands"]);
        let nl = &areas[0].1.0[0];
        assert_eq!(nl.exterior().0[2], Coord { x: 6.0, y: 52.25 });
        assert_eq!(nl.interiors().len(), 1);
        // the polygon without rings and the malformed point are left out
        assert_eq!(areas[1].1.0.len(), 1);
        assert_eq!(areas[1].1.0[0].exterior().0.len(), 4);
        let land = decode_areas(&encode_areas(geojson, &[]));
        assert_eq!(land.len(), 3);
        let towns = decode_towns(&encode_towns(
            "name,country,lat,lon\n\"Zürich (Kreis 1) / City\",CH,47.3769,8.5417\nbroken,NL,x,5\n",
        ));
        assert_eq!(towns.len(), 1);
        assert_eq!(towns[0].name, "Zürich (Kreis 1) / City");
        assert_eq!(
            towns[0].position,
            Coord {
                x: 8.5417,
                y: 47.3769
            }
        );
        // a truncated layer reads as empty, not as garbage
        let bytes = encode_towns("name,country,lat,lon\nVenlo,NL,51.37,6.168\n");
        assert!(decode_towns(&bytes[..bytes.len() - 1]).is_empty());
        assert!(decode_areas(b"RMAREA1").is_empty());
    }

    #[test]
    fn nearest_towns_are_near() {
        let c = Context::embedded();
        let amsterdam = c
            .nearest_town(Coord {
                x: 4.9041,
                y: 52.3676,
            })
            .unwrap();
        assert_eq!(amsterdam.town.name, "Amsterdam");
        let venlo = c.nearest_town(Coord { x: 6.168, y: 51.37 }).unwrap();
        assert_eq!(venlo.town.name, "Venlo");
        assert!(venlo.distance_km < 1.0);
        // 80 km off the Dutch coast: nothing
        assert!(c.nearest_town(Coord { x: 3.5, y: 53.0 }).is_none());
        let d = great_circle_km(Coord { x: 7.0, y: 51.0 }, Coord { x: 7.0, y: 52.0 });
        assert!((d - 111.2).abs() < 0.2, "{d}");
    }
}
