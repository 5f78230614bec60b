//! User sub-region mappings: reading a CSV or TOML table of municipality →
//! sub-region, or a GeoJSON of sub-region polygons, into classes and
//! assignments for [`crate::boundaries::subregion::scheme::SubregionScheme::from_file`].
//!
//! Every problem is reported with the file and the line (or feature) and what
//! was expected; unknown names come with the closest candidates.

use crate::boundaries::ags::Ags;
use crate::boundaries::boundary_set::Boundaries;
use crate::boundaries::municipality::MunicipalityId;
use crate::boundaries::region::Region;
use crate::boundaries::subregion::error::{MappingLocation, SubregionError};
use crate::table::{InputError, header_key, read_delimited_table, read_text};
use crate::text::{NormalizedName, UmlautFolding, line_of_offset, suggestions};
use geo::Intersects;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A mapping as read from a file, before ids and default fills are given.
pub(crate) struct Mapping {
    /// The scheme's name (a TOML `name` entry or the file stem).
    pub name: String,
    /// The classes in order of first appearance.
    pub classes: Vec<MappedClass>,
    /// `(AGS, index into classes)`, region members only.
    pub members: Vec<(Ags, usize)>,
}

/// A class as a mapping file defines it.
pub(crate) struct MappedClass {
    pub label_de: String,
    pub label_en: Option<String>,
    pub fill: Option<String>,
}

/// Reads a mapping file, choosing the format by its extension.
pub(crate) fn read_mapping(
    path: &Path,
    region: &Region,
    boundaries: &Boundaries,
) -> Result<Mapping, SubregionError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    let read = || read_text(path).map_err(|e| table_error(path, e));
    let lookup = MunicipalityLookup::new(region, boundaries);
    let mapping = match extension.as_str() {
        "csv" | "tsv" | "txt" => read_csv(path, &lookup)?,
        "toml" => read_toml(path, &read()?, &lookup)?,
        "geojson" | "json" => read_geojson(path, &read()?, region, boundaries)?,
        _ => {
            return Err(SubregionError::UnsupportedFormat {
                path: path.to_path_buf(),
                extension,
            });
        }
    };
    if mapping.classes.is_empty() {
        return Err(SubregionError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(mapping)
}

/// A table reader's error as a mapping's: a file that cannot be read, or
/// one without rows, in the mapping's words; anything else as the reader
/// says it (with file, line and what was expected).
fn table_error(path: &Path, error: InputError) -> SubregionError {
    match error {
        InputError::Io { source, .. } => SubregionError::Read {
            path: path.to_path_buf(),
            source,
        },
        InputError::Empty { .. } | InputError::NoRows { .. } => SubregionError::Empty {
            path: path.to_path_buf(),
        },
        source => SubregionError::Table { source },
    }
}

const AGS_HEADERS: [&str; 5] = [
    "ags",
    "gemeindeschluessel",
    "schluessel",
    "gemeindekennziffer",
    "key",
];
const NAME_HEADERS: [&str; 7] = [
    "name",
    "gemeinde",
    "gemeindename",
    "municipality",
    "kommune",
    "gen",
    "stadt",
];
const CLASS_HEADERS: [&str; 8] = [
    "subregion",
    "teilraum",
    "teilregion",
    "zone",
    "klasse",
    "class",
    "labelde",
    "subregionde",
];
const LABEL_EN_HEADERS: [&str; 2] = ["labelen", "subregionen"];
const FILL_HEADERS: [&str; 4] = ["fill", "farbe", "colour", "color"];

fn find_column(keys: &[String], accepted: &[&str]) -> Option<usize> {
    accepted
        .iter()
        .find_map(|a| keys.iter().position(|k| k == a))
}

fn read_csv(path: &Path, lookup: &MunicipalityLookup) -> Result<Mapping, SubregionError> {
    let table = read_delimited_table(path).map_err(|e| table_error(path, e))?;
    let headers = table.headers;
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let ags_column = find_column(&keys, &AGS_HEADERS);
    let name_column = find_column(&keys, &NAME_HEADERS);
    if ags_column.is_none() && name_column.is_none() {
        return Err(SubregionError::MissingColumn {
            path: path.to_path_buf(),
            expected: "municipality (ags, name or gemeinde)".to_string(),
            found: headers,
        });
    }
    let Some(class_column) = find_column(&keys, &CLASS_HEADERS) else {
        return Err(SubregionError::MissingColumn {
            path: path.to_path_buf(),
            expected: "sub-region (subregion, teilraum, zone or klasse)".to_string(),
            found: headers,
        });
    };
    let label_en_column = find_column(&keys, &LABEL_EN_HEADERS);
    let fill_column = find_column(&keys, &FILL_HEADERS);

    let mut builder = MappingBuilder::new(path, file_stem(path));
    // the reader skips rows of bare delimiters, as spreadsheets leave them
    for row in &table.rows {
        let line = row.line;
        let location = MappingLocation::line(line);
        let field = |column: Option<usize>| {
            column
                .and_then(|c| row.values.get(c))
                .map_or("", |v| v.trim())
        };
        let ags_value = field(ags_column);
        let name_value = field(name_column);
        let members = if !ags_value.is_empty() {
            let members = lookup
                .resolve(ags_value)
                .map_err(|e| e.into_error(path, location, ags_value))?;
            if !name_value.is_empty() {
                let official = &lookup.boundaries.by_ags(members[0]).expect("resolved").name;
                if !lookup.names_match(official, name_value) {
                    return Err(SubregionError::NameMismatch {
                        path: path.to_path_buf(),
                        line,
                        ags: members[0],
                        official: official.clone(),
                        given: name_value.to_string(),
                    });
                }
            }
            members
        } else {
            lookup
                .resolve(name_value)
                .map_err(|e| e.into_error(path, location, name_value))?
        };
        let class = builder.class(
            field(Some(class_column)),
            Some(field(label_en_column)).filter(|s| !s.is_empty()),
            Some(field(fill_column)).filter(|s| !s.is_empty()),
            location,
        )?;
        builder.assign(&members, class, location, lookup.boundaries)?;
    }
    Ok(builder.finish())
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("subregions")
        .to_string()
}

/// The TOML layout: `[subregions] Name = ["member", …]`, optional
/// `[label_en]` and `[fill]` keyed by sub-region name.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlMapping {
    name: Option<String>,
    subregions: Ordered<Vec<Spanned<String>>>,
    #[serde(default)]
    label_en: Ordered<Spanned<String>>,
    #[serde(default)]
    fill: Ordered<Spanned<String>>,
}

/// A TOML table read in document order, with the position of each key.
struct Ordered<V>(Vec<(Spanned<String>, V)>);

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

fn read_toml(
    path: &Path,
    text: &str,
    lookup: &MunicipalityLookup,
) -> Result<Mapping, SubregionError> {
    let parsed: TomlMapping = toml::from_str(text).map_err(|source| SubregionError::Toml {
        path: path.to_path_buf(),
        line: source
            .span()
            .map(|s| line_of_offset(text, s.start))
            .unwrap_or(1),
        message: source.message().to_string(),
        source: Box::new(source),
    })?;
    let line = |span: std::ops::Range<usize>| line_of_offset(text, span.start);
    let mut builder = MappingBuilder::new(path, parsed.name.unwrap_or_else(|| file_stem(path)));
    let lookup_attribute = |table: &Ordered<Spanned<String>>, label: &str| {
        table
            .0
            .iter()
            .find(|(k, _)| k.get_ref().trim() == label)
            .map(|(_, v)| v.get_ref().trim().to_string())
    };
    for (key, members) in &parsed.subregions.0 {
        let location = MappingLocation::line(line(key.span()));
        let label = key.get_ref();
        let class = builder.class(
            label,
            lookup_attribute(&parsed.label_en, label.trim()).as_deref(),
            lookup_attribute(&parsed.fill, label.trim()).as_deref(),
            location,
        )?;
        for member in members {
            let member_location = MappingLocation::line(line(member.span()));
            let value = member.get_ref();
            let resolved = lookup
                .resolve(value)
                .map_err(|e| e.into_error(path, member_location, value))?;
            builder.assign(&resolved, class, member_location, lookup.boundaries)?;
        }
    }
    // Keys of [label_en] and [fill] must name a sub-region: a typo there
    // would otherwise silently lose the label or colour.
    let labels: Vec<String> = parsed
        .subregions
        .0
        .iter()
        .map(|(k, _)| k.get_ref().trim().to_string())
        .collect();
    for (table, entries) in [("label_en", &parsed.label_en), ("fill", &parsed.fill)] {
        for (key, _) in &entries.0 {
            if !labels.iter().any(|l| l == key.get_ref().trim()) {
                return Err(SubregionError::UnknownClass {
                    path: path.to_path_buf(),
                    line: line(key.span()),
                    table,
                    class: key.get_ref().clone(),
                    candidates: closest(key.get_ref(), labels.iter().map(String::as_str), 3),
                });
            }
        }
    }
    Ok(builder.finish())
}

const GEOJSON_LABEL_KEYS: [&str; 8] = [
    "subregion",
    "teilraum",
    "teilregion",
    "zone",
    "name",
    "label_de",
    "label",
    "id",
];

fn read_geojson(
    path: &Path,
    text: &str,
    region: &Region,
    boundaries: &Boundaries,
) -> Result<Mapping, SubregionError> {
    let feature_error = |feature: usize, message: String| SubregionError::Feature {
        path: path.to_path_buf(),
        feature,
        message,
    };
    let parsed: geojson::GeoJson = text.parse().map_err(|source| SubregionError::GeoJson {
        path: path.to_path_buf(),
        source,
    })?;
    let features = match parsed {
        geojson::GeoJson::FeatureCollection(collection) => collection.features,
        geojson::GeoJson::Feature(feature) => vec![feature],
        geojson::GeoJson::Geometry(_) => {
            return Err(feature_error(
                1,
                "a bare geometry names no sub-region: wrap it in a Feature with a \"subregion\" property".to_string(),
            ))
        }
    };
    let mut builder = MappingBuilder::new(path, file_stem(path));
    let mut polygons: Vec<ClassPolygon> = Vec::new();
    for (i, feature) in features.into_iter().enumerate() {
        let number = i + 1;
        let location = MappingLocation::feature(number);
        let property = |keys: &[&str]| -> Option<String> {
            let properties = feature.properties.as_ref()?;
            keys.iter().find_map(|key| {
                properties
                    .iter()
                    .find(|(k, _)| k.to_lowercase() == *key)
                    .and_then(|(_, v)| match v {
                        serde_json::Value::String(s) => Some(s.trim().to_string()),
                        serde_json::Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .filter(|s| !s.is_empty())
            })
        };
        let label = property(&GEOJSON_LABEL_KEYS).ok_or_else(|| {
            feature_error(
                number,
                "no sub-region name: expected a property \"subregion\" (or \"name\", \"label_de\", \"label\", \"id\")"
                    .to_string(),
            )
        })?;
        let class = builder.class(
            &label,
            property(&["label_en"]).as_deref(),
            property(&["fill"]).as_deref(),
            location,
        )?;
        let (polygon, rect) =
            feature_polygon(&feature, &label).map_err(|message| feature_error(number, message))?;
        polygons.push(ClassPolygon {
            feature: number,
            class,
            polygon,
            rect,
        });
    }
    assign_by_polygons(path, &polygons, region, boundaries, &mut builder)?;
    Ok(builder.finish())
}

/// A sub-region polygon of a GeoJSON mapping: its feature (1-based), class
/// and bounding box.
struct ClassPolygon {
    feature: usize,
    class: usize,
    polygon: geo_types::MultiPolygon<f64>,
    rect: geo_types::Rect<f64>,
}

/// A feature's Polygon or MultiPolygon in WGS84 and its bounding box; what is
/// wrong otherwise.
fn feature_polygon(
    feature: &geojson::Feature,
    label: &str,
) -> Result<(geo_types::MultiPolygon<f64>, geo_types::Rect<f64>), String> {
    let Some(geometry) = feature.geometry.as_ref() else {
        return Err(format!(
            "sub-region {label:?} has no geometry: expected a Polygon or MultiPolygon"
        ));
    };
    let geometry = geo_types::Geometry::<f64>::try_from(geometry.clone())
        .map_err(|e| format!("unreadable geometry: {e}"))?;
    let multipolygon = match geometry {
        geo_types::Geometry::Polygon(p) => geo_types::MultiPolygon(vec![p]),
        geo_types::Geometry::MultiPolygon(mp) => mp,
        other => {
            return Err(format!(
                "sub-region {label:?} is a {}: expected a Polygon or MultiPolygon",
                geometry_kind(&other)
            ));
        }
    };
    let rect = geo::BoundingRect::bounding_rect(&multipolygon)
        .ok_or_else(|| format!("sub-region {label:?} has an empty polygon"))?;
    if rect.min().x < -180.0 || rect.max().x > 180.0 || rect.min().y < -90.0 || rect.max().y > 90.0
    {
        return Err(format!(
            "coordinates such as ({:.0}, {:.0}) are not WGS84 longitude/latitude; GeoJSON (RFC 7946) must be in EPSG:4326, reproject e.g. with ogr2ogr -t_srs EPSG:4326",
            rect.min().x,
            rect.min().y
        ));
    }
    Ok((multipolygon, rect))
}

/// Gives each member of the region the class of the polygon holding its
/// representative point; two polygons of different classes holding it are an error.
fn assign_by_polygons(
    path: &Path,
    polygons: &[ClassPolygon],
    region: &Region,
    boundaries: &Boundaries,
    builder: &mut MappingBuilder,
) -> Result<(), SubregionError> {
    for &ags in region.members() {
        let Some(municipality) = boundaries.by_ags(ags) else {
            continue;
        };
        let point = geo_types::Point::from(municipality.point);
        let mut holder: Option<(usize, usize)> = None;
        for ClassPolygon {
            feature: number,
            class,
            polygon,
            rect,
        } in polygons
        {
            if !rect.intersects(&point) || !polygon.intersects(&point) {
                continue;
            }
            match holder {
                None => holder = Some((*number, *class)),
                Some((first_feature, first_class)) if first_class != *class => {
                    return Err(SubregionError::OverlappingPolygons {
                        path: path.to_path_buf(),
                        municipality: format!("{} {}", ags, municipality.name),
                        first_feature,
                        first: builder.classes[first_class].label_de.clone(),
                        second_feature: *number,
                        second: builder.classes[*class].label_de.clone(),
                    });
                }
                Some(_) => {}
            }
        }
        if let Some((number, class)) = holder {
            builder.assign(&[ags], class, MappingLocation::feature(number), boundaries)?;
        }
    }
    Ok(())
}

fn geometry_kind(geometry: &geo_types::Geometry<f64>) -> &'static str {
    match geometry {
        geo_types::Geometry::Point(_) => "Point",
        geo_types::Geometry::MultiPoint(_) => "MultiPoint",
        geo_types::Geometry::Line(_) | geo_types::Geometry::LineString(_) => "LineString",
        geo_types::Geometry::MultiLineString(_) => "MultiLineString",
        geo_types::Geometry::GeometryCollection(_) => "GeometryCollection",
        _ => "non-polygon geometry",
    }
}

/// Collects classes and assignments, catching conflicts as they appear.
struct MappingBuilder {
    path: PathBuf,
    name: String,
    classes: Vec<MappedClass>,
    assigned: HashMap<Ags, (usize, MappingLocation)>,
    members: Vec<(Ags, usize)>,
}

impl MappingBuilder {
    fn new(path: &Path, name: String) -> MappingBuilder {
        MappingBuilder {
            path: path.to_path_buf(),
            name,
            classes: Vec::new(),
            assigned: HashMap::new(),
            members: Vec::new(),
        }
    }

    /// The index of the class with this German label, created on first use;
    /// its English label and fill must agree with earlier mentions.
    fn class(
        &mut self,
        label: &str,
        label_en: Option<&str>,
        fill: Option<&str>,
        location: MappingLocation,
    ) -> Result<usize, SubregionError> {
        let label = label.trim();
        if label.is_empty() {
            return Err(SubregionError::EmptyClass {
                path: self.path.clone(),
                location,
            });
        }
        let fill = match fill.map(str::trim) {
            Some(value) => Some(
                parse_fill(value).ok_or_else(|| SubregionError::InvalidFill {
                    path: self.path.clone(),
                    location,
                    value: value.to_string(),
                })?,
            ),
            None => None,
        };
        let label_en = label_en
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let index = match self.classes.iter().position(|c| c.label_de == label) {
            Some(index) => index,
            None => {
                self.classes.push(MappedClass {
                    label_de: label.to_string(),
                    label_en: None,
                    fill: None,
                });
                self.classes.len() - 1
            }
        };
        let class = &mut self.classes[index];
        for (attribute, slot, value) in [
            ("label_en", &mut class.label_en, label_en),
            ("fill", &mut class.fill, fill),
        ] {
            match (slot.as_ref(), value) {
                (Some(first), Some(second)) if *first != second => {
                    return Err(SubregionError::ConflictingAttribute {
                        path: self.path.clone(),
                        location,
                        class: label.to_string(),
                        attribute,
                        first: first.clone(),
                        second,
                    });
                }
                (None, Some(value)) => *slot = Some(value),
                _ => {}
            }
        }
        Ok(index)
    }

    /// Puts municipalities into a class. Naming one twice for the same class
    /// is harmless (a Kreis and one of its towns); for another class it is an
    /// error.
    fn assign(
        &mut self,
        members: &[Ags],
        class: usize,
        location: MappingLocation,
        boundaries: &Boundaries,
    ) -> Result<(), SubregionError> {
        for &ags in members {
            match self.assigned.get(&ags) {
                Some((first, _)) if *first == class => {}
                Some((first, first_location)) => {
                    let name = boundaries
                        .by_ags(ags)
                        .map(|m| m.name.as_str())
                        .unwrap_or("");
                    return Err(SubregionError::ConflictingAssignment {
                        path: self.path.clone(),
                        location,
                        municipality: format!("{ags} {name}"),
                        first: self.classes[*first].label_de.clone(),
                        first_location: *first_location,
                        second: self.classes[class].label_de.clone(),
                    });
                }
                None => {
                    self.assigned.insert(ags, (class, location));
                    self.members.push((ags, class));
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Mapping {
        Mapping {
            name: self.name,
            classes: self.classes,
            members: self.members,
        }
    }
}

/// `#rrggbb` or `#rgb`, any case, normalised to lowercase `#rrggbb`.
fn parse_fill(value: &str) -> Option<String> {
    let hex = value.strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_lowercase())),
        3 => Some(format!(
            "#{}",
            hex.to_lowercase()
                .chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
        )),
        _ => None,
    }
}

/// Why a municipality reference could not be resolved.
enum LookupError {
    Unknown(Vec<String>),
    Ambiguous(Vec<String>),
    Outside {
        municipality: String,
        region: String,
    },
}

impl LookupError {
    fn into_error(self, path: &Path, location: MappingLocation, value: &str) -> SubregionError {
        let path = path.to_path_buf();
        let value = value.to_string();
        match self {
            LookupError::Unknown(candidates) => SubregionError::UnknownMunicipality {
                path,
                location,
                value,
                candidates,
            },
            LookupError::Ambiguous(candidates) => SubregionError::AmbiguousMunicipality {
                path,
                location,
                value,
                candidates,
            },
            LookupError::Outside {
                municipality,
                region,
            } => SubregionError::OutsideRegion {
                path,
                location,
                municipality,
                region,
            },
        }
    }
}

/// Resolves AGS, municipality names and Kreis names to members of a region.
pub(crate) struct MunicipalityLookup<'a> {
    region: &'a Region,
    boundaries: &'a Boundaries,
    /// Normalised official name → municipality indices.
    by_name: HashMap<String, Vec<usize>>,
    /// Normalised name without its qualifier (`wetter` for "Wetter (Ruhr)") → indices.
    by_short_name: HashMap<String, Vec<usize>>,
    /// Normalised Kreis name → the region's members in that Kreis.
    districts: Vec<(String, String, Vec<Ags>)>,
}

impl<'a> MunicipalityLookup<'a> {
    pub(crate) fn new(region: &'a Region, boundaries: &'a Boundaries) -> MunicipalityLookup<'a> {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_short_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in boundaries.municipalities().iter().enumerate() {
            by_name.entry(name_key(&m.name)).or_default().push(i);
            by_short_name.entry(base_key(&m.name)).or_default().push(i);
        }
        let mut districts: Vec<(String, String, Vec<Ags>)> = Vec::new();
        for &ags in region.members() {
            let Some(m) = boundaries.by_ags(ags) else {
                continue;
            };
            let key = name_key(&m.district);
            match districts.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, _, members)) => members.push(ags),
                None => districts.push((key, m.district.clone(), vec![ags])),
            }
        }
        MunicipalityLookup {
            region,
            boundaries,
            by_name,
            by_short_name,
            districts,
        }
    }

    fn describe(&self, index: usize) -> String {
        let m = &self.boundaries.municipalities()[index];
        format!("{} {} ({})", m.ags, m.name, m.district)
    }

    /// The region members a value stands for: one for an AGS or a
    /// municipality name, all members of a Kreis for a Kreis name.
    fn resolve(&self, value: &str) -> Result<Vec<Ags>, LookupError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(LookupError::Unknown(Vec::new()));
        }
        if value.bytes().all(|b| b.is_ascii_digit()) {
            let Ok(ags) = value.parse::<Ags>() else {
                return Err(LookupError::Unknown(Vec::new()));
            };
            let Some(index) = self.boundaries.index_of(ags) else {
                return Err(LookupError::Unknown(Vec::new()));
            };
            if !self.region.contains(ags) {
                return Err(self.outside(index));
            }
            return Ok(vec![ags]);
        }
        let key = name_key(value);
        for table in [&self.by_name, &self.by_short_name] {
            let Some(indices) = table.get(&key) else {
                continue;
            };
            let inside: Vec<usize> = indices
                .iter()
                .copied()
                .filter(|&i| {
                    self.region
                        .contains(self.boundaries.municipalities()[i].ags)
                })
                .collect();
            match inside.len() {
                1 => return Ok(vec![self.boundaries.municipalities()[inside[0]].ags]),
                0 => {}
                _ => {
                    return Err(LookupError::Ambiguous(
                        inside.iter().map(|&i| self.describe(i)).collect(),
                    ));
                }
            }
        }
        let district_key = key
            .strip_prefix("landkreis")
            .map(|k| format!("kreis{k}"))
            .unwrap_or(key.clone());
        if let Some((_, _, members)) = self.districts.iter().find(|(k, _, _)| *k == district_key) {
            return Ok(members.clone());
        }
        if let Some(&index) = self
            .by_name
            .get(&key)
            .or_else(|| self.by_short_name.get(&key))
            .and_then(|v| v.first())
        {
            return Err(self.outside(MunicipalityId::new(index)));
        }
        let names = self
            .region
            .members()
            .iter()
            .filter_map(|&a| self.boundaries.by_ags(a))
            .map(|m| m.name.as_str())
            .chain(self.districts.iter().map(|(_, name, _)| name.as_str()));
        Err(LookupError::Unknown(closest(value, names, 3)))
    }

    fn outside(&self, index: MunicipalityId) -> LookupError {
        let m = &self.boundaries.municipalities()[index];
        LookupError::Outside {
            municipality: format!("{} {}", m.ags, m.name),
            region: self.region.name().to_string(),
        }
    }

    /// Whether a name given beside an AGS is that municipality's name, allowing
    /// the spellings [`name_key`] allows and the name without its qualifier.
    fn names_match(&self, official: &str, given: &str) -> bool {
        let given = name_key(given);
        given == name_key(official) || given == base_key(official)
    }
}

/// A name's comparison key (see [`NormalizedName`]): case, umlauts, "a.d.",
/// "Stadt …", hyphens and spaces do not matter.
fn name_key(name: &str) -> String {
    NormalizedName::parse(name, UmlautFolding::SpellOut)
        .key()
        .to_string()
}

/// The key without the qualifier: `wetter` for "Wetter (Ruhr)".
fn base_key(name: &str) -> String {
    let n = NormalizedName::parse(name, UmlautFolding::SpellOut);
    n.base().unwrap_or(n.key()).to_string()
}

/// The up to `n` names closest to `value` ([`suggestions`]), best first.
pub(crate) fn closest<'n>(
    value: &str,
    names: impl Iterator<Item = &'n str>,
    n: usize,
) -> Vec<String> {
    suggestions(value, names.map(|name| (name, name)), n)
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::subregion::scheme::SubregionScheme;

    fn ruhr() -> (&'static Boundaries, Region) {
        let b = Boundaries::embedded();
        (b, Region::ruhr(b))
    }

    fn write(dir: &tempfile::TempDir, name: &str, contents: &[u8]) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    fn id_of(scheme: &SubregionScheme, ags: &str) -> Option<String> {
        scheme.of(ags.parse().unwrap()).map(|c| c.id.clone())
    }

    #[test]
    fn names_resolve_in_their_common_spellings() {
        let (b, region) = ruhr();
        let lookup = MunicipalityLookup::new(&region, b);
        let one = |name: &str| {
            lookup.resolve(name).ok().map(|v| {
                v.iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
        };
        assert_eq!(one("Mülheim a.d. Ruhr").as_deref(), Some("05117000"));
        assert_eq!(one("MUELHEIM AN DER RUHR").as_deref(), Some("05117000"));
        assert_eq!(one("Stadt Bochum").as_deref(), Some("05911000"));
        assert_eq!(one("Castrop Rauxel").as_deref(), Some("05562004"));
        assert_eq!(one("Wetter").as_deref(), Some("05954032"));
        assert_eq!(one("Fröndenberg").as_deref(), Some("05978012"));
        assert_eq!(one("5911000").as_deref(), Some("05911000"));
        assert_eq!(
            lookup.resolve("Ennepe-Ruhr-Kreis").ok().map(|v| v.len()),
            Some(9)
        );
        assert_eq!(
            lookup.resolve("Landkreis Wesel").ok().map(|v| v.len()),
            Some(13)
        );
        assert!(lookup.names_match("Wetter (Ruhr)", "wetter"));
        assert!(!lookup.names_match("Bochum", "Dortmund"));
    }

    #[test]
    fn csv_with_ags_names_kreise_bom_and_windows_1252() {
        let (b, region) = ruhr();
        let dir = tempfile::tempdir().unwrap();
        // Windows-1252: "ü" is 0xFC, "Süd" is S 0xFC d.
        let mut bytes = b"AGS;Name;Teilraum;Fill\n05911000;Bochum;Mitte;#ABC\n;Hagen;S\xFCd;\n;Ennepe-Ruhr-Kreis;S\xFCd;\n".to_vec();
        bytes.extend_from_slice(b";M\xFClheim a.d. Ruhr;West;#fef3d5\n;;;\n");
        let path = write(&dir, "map.csv", &bytes);
        let scheme = SubregionScheme::from_file(&path, &region, b).unwrap();
        assert_eq!(scheme.name(), "map");
        let labels: Vec<&str> = scheme
            .classes()
            .iter()
            .map(|c| c.label_de.as_str())
            .collect();
        assert_eq!(labels, ["Mitte", "Süd", "West"]);
        assert_eq!(id_of(&scheme, "05911000").as_deref(), Some("mitte"));
        assert_eq!(id_of(&scheme, "05954032").as_deref(), Some("sued")); // Wetter (Ruhr)
        assert_eq!(id_of(&scheme, "05117000").as_deref(), Some("west"));
        assert_eq!(scheme.classes()[0].fill, "#aabbcc");
        assert_eq!(scheme.classes()[2].fill, "#fef3d5");
        assert_eq!(scheme.unassigned().len(), 53 - 1 - 1 - 9 - 1);

        let utf8_bom = write(
            &dir,
            "bom.csv",
            "\u{feff}name,subregion\nGelsenkirchen,Nord\n".as_bytes(),
        );
        let scheme = SubregionScheme::from_file(&utf8_bom, &region, b).unwrap();
        assert_eq!(id_of(&scheme, "05513000").as_deref(), Some("nord"));
    }

    #[test]
    fn utf16_and_windows_1252_mappings_read_like_utf8() {
        let (b, region) = ruhr();
        let dir = tempfile::tempdir().unwrap();
        let text = "Gemeinde\tTeilraum (Name)\tFarbe\nM\u{fc}lheim an der Ruhr\tS\u{fc}d\t#abc\nGelsenkirchen\tNord\t\n";
        let utf16le = write(&dir, "le.csv", &crate::table::utf16_with_bom(text, false));
        let utf16be = write(&dir, "be.txt", &crate::table::utf16_with_bom(text, true));
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let cp1252 = write(&dir, "cp.csv", &cp1252);
        for path in [utf16le, utf16be, cp1252] {
            let scheme = SubregionScheme::from_file(&path, &region, b).unwrap();
            let labels: Vec<&str> = scheme
                .classes()
                .iter()
                .map(|c| c.label_de.as_str())
                .collect();
            assert_eq!(labels, ["Süd", "Nord"], "{}", path.display());
            assert_eq!(id_of(&scheme, "05117000").as_deref(), Some("sued"));
            assert_eq!(id_of(&scheme, "05513000").as_deref(), Some("nord"));
            assert_eq!(scheme.classes()[0].fill, "#aabbcc");
        }
        let toml = "[subregions]\n\"S\u{fc}d\" = [\"M\u{fc}lheim an der Ruhr\"]\n";
        let toml16 = write(&dir, "z.toml", &crate::table::utf16_with_bom(toml, false));
        let scheme = SubregionScheme::from_file(&toml16, &region, b).unwrap();
        assert_eq!(id_of(&scheme, "05117000").as_deref(), Some("sued"));
        let (toml1252, _, _) = encoding_rs::WINDOWS_1252.encode(toml);
        let toml1252 = write(&dir, "w.toml", &toml1252);
        let scheme = SubregionScheme::from_file(&toml1252, &region, b).unwrap();
        assert_eq!(scheme.classes()[0].label_de, "Süd");
    }

    #[test]
    fn the_table_readers_errors_name_line_and_expectation() {
        let (b, region) = ruhr();
        let dir = tempfile::tempdir().unwrap();
        // mixed encodings: line 2 is UTF-8, line 3 Windows-1252
        let path = write(
            &dir,
            "mixed.csv",
            b"gemeinde;zone\nM\xc3\xbclheim an der Ruhr;West\nS\xfcd;Ost\n",
        );
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("mixed.csv, line 3") && message.contains("mixes encodings"),
            "{message}"
        );
        let path = write(&dir, "header.csv", b"gemeinde;zone\n");
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::Empty { .. })
        ));
    }

    #[test]
    fn unknown_names_get_line_and_candidates() {
        let (b, region) = ruhr();
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "map.csv",
            "name;subregion\nBochum;Mitte\nGelsenkirchn;Nord\n".as_bytes(),
        );
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        match &err {
            SubregionError::UnknownMunicipality {
                location,
                value,
                candidates,
                ..
            } => {
                assert_eq!(*location, MappingLocation::Line(3));
                assert_eq!(value, "Gelsenkirchn");
                assert_eq!(
                    candidates.first().map(String::as_str),
                    Some("Gelsenkirchen")
                );
            }
            other => panic!("unexpected {other}"),
        }
        let message = err.to_string();
        assert!(
            message.contains("map.csv")
                && message.contains("line 3")
                && message.contains("Gelsenkirchen"),
            "{message}"
        );
    }

    #[test]
    fn conflicting_rows_and_mismatched_names_are_errors() {
        let (b, region) = ruhr();
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "a.csv",
            b"name,zone\nKreis Unna,Ost\nUnna,Ost\nLuenen,Nord\n",
        );
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        assert!(
            matches!(&err, SubregionError::ConflictingAssignment { location, first_location, .. } if *location == MappingLocation::Line(4) && *first_location == MappingLocation::Line(2)),
            "{err}"
        );
        let path = write(&dir, "b.csv", b"ags,name,zone\n05911000,Dortmund,Mitte\n");
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::NameMismatch { line: 2, .. })
        ));
        let path = write(&dir, "c.csv", b"ags,name,zone\n05515000,,Nord\n");
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        assert!(
            matches!(&err, SubregionError::OutsideRegion { municipality, .. } if municipality.contains("Münster")),
            "{err}"
        );
        let path = write(&dir, "d.csv", b"gemeinde,farbe\nBochum,#fff\n");
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::MissingColumn { .. })
        ));
        let path = write(&dir, "e.csv", b"gemeinde,zone,fill\nBochum,Mitte,blue\n");
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::InvalidFill { .. })
        ));
        let path = write(&dir, "f.csv", b"gemeinde,zone\nBochum,\n");
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::EmptyClass { .. })
        ));
        let path = write(&dir, "g.csv", b"gemeinde,zone\nBochum,Mitte,extra\n");
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::Table {
                source: InputError::FieldCount { line: 2, .. }
            })
        ));
        let path = write(&dir, "h.xlsx", b"");
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::UnsupportedFormat { .. })
        ));
        let missing = dir.path().join("missing.csv");
        assert!(matches!(
            SubregionScheme::from_file(&missing, &region, b),
            Err(SubregionError::Read { .. })
        ));
    }

    #[test]
    fn toml_keeps_document_order_and_reports_lines() {
        let (b, region) = ruhr();
        let dir = tempfile::tempdir().unwrap();
        let text = r##"name = "Planungsräume"

[subregions]
Westen = ["Duisburg", "Kreis Wesel", "05117000"]
Norden = [
  "Gelsenkirchen",
  "Kreis Recklinghausen",
]
Achse = ["Essen", "Bochum", "Dortmund"]

[label_en]
Norden = "North"

[fill]
Achse = "#fef3d5"
"##;
        let path = write(&dir, "map.toml", text.as_bytes());
        let scheme = SubregionScheme::from_file(&path, &region, b).unwrap();
        assert_eq!(scheme.name(), "Planungsräume");
        let ids: Vec<&str> = scheme.classes().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["westen", "norden", "achse"]);
        assert_eq!(scheme.classes()[1].label_en, "North");
        assert_eq!(scheme.classes()[0].label_en, "Westen");
        assert_eq!(scheme.classes()[2].fill, "#fef3d5");
        assert_eq!(id_of(&scheme, "05562032").as_deref(), Some("norden"));
        assert_eq!(scheme.members_of("westen").count(), 1 + 13 + 1);

        let bad = text.replace("\"Kreis Recklinghausen\"", "\"Kreis Recklinghaus\"");
        let path = write(&dir, "bad.toml", bad.as_bytes());
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        assert!(
            matches!(&err, SubregionError::UnknownMunicipality { location, candidates, .. } if *location == MappingLocation::Line(7) && candidates.iter().any(|c| c == "Kreis Recklinghausen")),
            "{err}"
        );
        let bad = text.replace("[fill]\nAchse", "[fill]\nAchsee");
        let path = write(&dir, "bad2.toml", bad.as_bytes());
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        assert!(
            matches!(&err, SubregionError::UnknownClass { line: 15, candidates, .. } if candidates[0] == "Achse"),
            "{err}"
        );
        let path = write(&dir, "bad3.toml", b"[subregion]\nA = [\"Bochum\"]\n");
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        assert!(
            matches!(&err, SubregionError::Toml { line: 1, .. }),
            "{err}"
        );
    }

    fn square(lon0: f64, lat0: f64, lon1: f64, lat1: f64) -> String {
        format!(
            "[[[{lon0},{lat0}],[{lon1},{lat0}],[{lon1},{lat1}],[{lon0},{lat1}],[{lon0},{lat0}]]]"
        )
    }

    #[test]
    fn geojson_polygons_take_the_municipalities_whose_point_they_hold() {
        let (b, region) = ruhr();
        let dir = tempfile::tempdir().unwrap();
        // Split the Ruhr at latitude 51.52 into a northern and southern box.
        let text = format!(
            r##"{{"type":"FeatureCollection","features":[
              {{"type":"Feature","properties":{{"subregion":"Nord","fill":"#E1B293"}},"geometry":{{"type":"Polygon","coordinates":{}}}}},
              {{"type":"Feature","properties":{{"Name":"Süd"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}]}}"##,
            square(6.0, 51.52, 8.5, 52.0),
            square(6.0, 51.0, 8.5, 51.52)
        );
        let path = write(&dir, "zonen.geojson", text.as_bytes());
        let scheme = SubregionScheme::from_file(&path, &region, b).unwrap();
        assert!(scheme.unassigned().is_empty());
        for &ags in region.members() {
            let point = b.by_ags(ags).unwrap().point;
            let expected = if point.y >= 51.52 { "nord" } else { "sued" };
            assert_eq!(scheme.of(ags).unwrap().id, expected, "{ags}");
        }
        assert_eq!(scheme.classes()[0].fill, "#e1b293");

        let overlapping = text.replace(
            &square(6.0, 51.0, 8.5, 51.52),
            &square(6.0, 51.0, 8.5, 51.6),
        );
        let path = write(&dir, "overlap.geojson", overlapping.as_bytes());
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::OverlappingPolygons {
                first_feature: 1,
                second_feature: 2,
                ..
            })
        ));
        let projected = text.replace(
            &square(6.0, 51.0, 8.5, 51.52),
            &square(350000.0, 5650000.0, 420000.0, 5700000.0),
        );
        let path = write(&dir, "utm.geojson", projected.as_bytes());
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        assert!(
            matches!(&err, SubregionError::Feature { feature: 2, message, .. } if message.contains("EPSG:4326")),
            "{err}"
        );
        let point = r#"{"type":"Feature","properties":{"subregion":"X"},"geometry":{"type":"Point","coordinates":[7.0,51.5]}}"#;
        let path = write(&dir, "point.geojson", point.as_bytes());
        let err = SubregionScheme::from_file(&path, &region, b).unwrap_err();
        assert!(
            matches!(&err, SubregionError::Feature { feature: 1, message, .. } if message.contains("Point")),
            "{err}"
        );
        let path = write(&dir, "broken.geojson", b"{\"type\": ");
        assert!(matches!(
            SubregionScheme::from_file(&path, &region, b),
            Err(SubregionError::GeoJson { .. })
        ));
    }
}
