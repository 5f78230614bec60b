//! What lies beyond Germany's border: the neighbouring countries and the land
//! (Natural Earth 1:10m), and the towns abroad (GeoNames) that name partners
//! outside Germany. Context only: German municipalities and Germany's border
//! always come from VG250. The data are embedded from `boundaries/context/`
//! and parsed once, on first use.

use geo::Contains;
use geo_types::{Coord, LineString, MultiPolygon, Point, Polygon};
use rstar::RTree;
use rstar::primitives::GeomWithData;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::{Lang, NormalizedName, UmlautFolding};

const COUNTRIES_GEOJSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boundaries/context/countries.geojson"
));
const LAND_GEOJSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boundaries/context/land.geojson"
));
const TOWNS_CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boundaries/context/towns.csv"
));
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
    countries: Vec<Country>,
    land: MultiPolygon<f64>,
    towns: Vec<Town>,
    tree: RTree<TownPoint>,
    by_key: HashMap<String, Vec<usize>>,
}

impl Context {
    /// The embedded context layers, parsed on first use.
    pub fn embedded() -> &'static Context {
        static CONTEXT: OnceLock<Context> = OnceLock::new();
        CONTEXT.get_or_init(|| {
            Context::parse(COUNTRIES_GEOJSON, LAND_GEOJSON, TOWNS_CSV, GERMAN_NAMES_CSV)
        })
    }

    /// Parses the layers; the embedded data are checked by the unit tests,
    /// so a malformed entry here is a build defect, skipped rather than fatal.
    fn parse(countries: &str, land: &str, towns: &str, german: &str) -> Context {
        let countries: Vec<Country> = features(countries)
            .into_iter()
            .filter_map(|(props, area)| {
                let text = |key: &str| props.get(key)?.as_str().map(str::to_string);
                Some(Country {
                    iso2: text("iso2")?,
                    name_de: text("name_de")?,
                    name_en: text("name_en")?,
                    area,
                })
            })
            .collect();
        let land = MultiPolygon(
            features(land)
                .into_iter()
                .flat_map(|(_, area)| area.0)
                .collect(),
        );
        let mut towns: Vec<Town> = towns
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut f = line.rsplitn(4, ',');
                let lon: f64 = f.next()?.parse().ok()?;
                let lat: f64 = f.next()?.parse().ok()?;
                let country = f.next()?.to_string();
                let name = f.next()?.trim_matches('"').to_string();
                Some(Town {
                    name,
                    name_de: None,
                    country,
                    position: Coord { x: lon, y: lat },
                })
            })
            .collect();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut key = NormalizedName::new();
        for (i, town) in towns.iter().enumerate() {
            key.parse_into(&town.name, UmlautFolding::SpellOut);
            by_key.entry(key.key().to_string()).or_default().push(i);
        }
        // German names: they point at one town and come first among namesakes
        for line in german.lines().skip(1) {
            let mut f = line.split(',');
            let (Some(de), Some(name), Some(country)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let Some(i) = towns
                .iter()
                .position(|t| t.name == name && t.country == country)
            else {
                continue;
            };
            towns[i].name_de = Some(de.to_string());
            for text in [de, name] {
                key.parse_into(text, UmlautFolding::SpellOut);
                let list = by_key.entry(key.key().to_string()).or_default();
                list.retain(|&j| j != i);
                list.insert(0, i);
            }
        }
        let tree = RTree::bulk_load(
            towns
                .iter()
                .enumerate()
                .map(|(i, t)| GeomWithData::new(on_sphere(t.position), i))
                .collect(),
        );
        Context {
            countries,
            land,
            towns,
            tree,
            by_key,
        }
    }

    /// The countries, Germany included (its Natural Earth outline, for the
    /// land beneath VG250), in ISO code order.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// The country with ISO code `iso2`.
    ///
    /// ```
    /// let c = ruhrmap::boundaries::Context::embedded();
    /// assert_eq!(c.country("BE").unwrap().name_de, "Belgien");
    /// ```
    pub fn country(&self, iso2: &str) -> Option<&Country> {
        self.countries
            .iter()
            .find(|c| c.iso2.eq_ignore_ascii_case(iso2))
    }

    /// All land in the context window (what is not land is water).
    pub fn land(&self) -> &MultiPolygon<f64> {
        &self.land
    }

    /// Whether `position` (lon, lat) lies on land.
    pub fn is_land(&self, position: Coord<f64>) -> bool {
        self.land.contains(&Point(position))
    }

    /// The towns abroad.
    pub fn towns(&self) -> &[Town] {
        &self.towns
    }

    /// The country other than Germany whose Natural Earth area contains
    /// `position`; `None` at sea and in Germany.
    pub fn country_at(&self, position: Coord<f64>) -> Option<&Country> {
        let point = Point(position);
        self.countries
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
        let mut best: Option<NearbyTown<'_>> = None;
        for found in self.tree.nearest_neighbor_iter(&on_sphere(position)) {
            let town = &self.towns[found.data];
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
        let i = *self.by_key.get(key.key())?.first()?;
        Some(&self.towns[i])
    }
}

/// The features of a GeoJSON FeatureCollection of (Multi)Polygons, as
/// (properties, area) pairs.
fn features(
    text: &str,
) -> Vec<(
    serde_json::Map<String, serde_json::Value>,
    MultiPolygon<f64>,
)> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let Some(list) = value.get("features").and_then(|f| f.as_array()) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|f| {
            let props = f
                .get("properties")?
                .as_object()
                .cloned()
                .unwrap_or_default();
            let geometry = f.get("geometry")?;
            let coords = geometry.get("coordinates")?;
            let polygons = match geometry.get("type")?.as_str()? {
                "Polygon" => vec![polygon(coords)?],
                "MultiPolygon" => coords.as_array()?.iter().filter_map(polygon).collect(),
                _ => return None,
            };
            Some((props, MultiPolygon(polygons)))
        })
        .collect()
}

fn polygon(rings: &serde_json::Value) -> Option<Polygon<f64>> {
    let mut rings = rings.as_array()?.iter().map(|ring| {
        LineString(
            ring.as_array()
                .map(|points| {
                    points
                        .iter()
                        .filter_map(|p| {
                            Some(Coord {
                                x: p.get(0)?.as_f64()?,
                                y: p.get(1)?.as_f64()?,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
        )
    });
    let exterior = rings.next()?;
    Some(Polygon::new(exterior, rings.collect()))
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
