//! The GIS layers as one OGC GeoPackage (1.3): a SQLite file QGIS, ArcGIS
//! and GDAL open directly, with the QGIS styles stored in it so that the
//! layers open styled.
//!
//! Written here, without GDAL: the `application_id` ("GPKG") and
//! `user_version` (10300) pragmas, `gpkg_spatial_ref_sys` (EPSG:4326 and the
//! two undefined systems), `gpkg_contents` with each layer's extent,
//! `gpkg_geometry_columns`, one feature table per layer (`fid`, `geom`, then
//! the GeoJSON properties in their order; integers, reals, booleans and text
//! as the values are), geometries as standard GeoPackage blobs (`GP` header
//! with the xy envelope, then little-endian WKB), an R-tree spatial index per
//! layer (`rtree_<layer>_geom` and its triggers, registered in
//! `gpkg_extensions`), the QGIS styles in `layer_styles` (the table QGIS
//! itself writes; `useAsDefault` makes QGIS apply them) and the attribution
//! and licence of the boundaries in `gpkg_metadata` (GDAL's metadata
//! format, so `ogrinfo` shows it).
//!
//! The file is made in memory and its bytes only depend on the layers: no
//! clock (every timestamp is [`GEOPACKAGE_TIMESTAMP`]), rows in layer order.
//! [`write_geopackage`] puts it into place atomically.

use crate::export::gis_layers::GeoJsonLayer;
use crate::files::{WriteError, write_bytes_atomically};
use crate::text::push_escaped_text;
use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The timestamp every `last_change`, `timestamp` and `update_time` carries,
/// so that two builds of the same data are byte-identical.
pub const GEOPACKAGE_TIMESTAMP: &str = "2000-01-01T00:00:00.000Z";

/// `PRAGMA application_id` of a GeoPackage: "GPKG".
const APPLICATION_ID: i32 = 0x4750_4B47;
/// `PRAGMA user_version`: GeoPackage 1.3.0.
const USER_VERSION: i32 = 10300;
/// The geometry column of every layer.
const GEOMETRY_COLUMN: &str = "geom";
/// WGS84 longitude/latitude.
const SRS_ID: i32 = 4326;
const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";
/// The licence of the VG250 boundaries.
const LICENCE: &str = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0), https://www.govdata.de/dl-de/by-2-0";

/// Why a GeoPackage could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum GeoPackageError {
    /// SQLite refused a step.
    #[error("{path}: cannot make the GeoPackage ({step}): {source}")]
    Sqlite {
        /// The GeoPackage file.
        path: PathBuf,
        /// What was being done, e.g. `layer partners`.
        step: String,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// A feature's geometry is not a GeoJSON geometry of the layer's type.
    #[error("{path}: layer {layer}, feature {feature}: {message}")]
    Geometry {
        /// The GeoPackage file.
        path: PathBuf,
        /// The layer.
        layer: String,
        /// The feature (1-based, as its `fid`).
        feature: usize,
        /// What is wrong.
        message: String,
    },
    /// The file could not be put into place.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// One layer of a GeoPackage: its features and, optionally, the QGIS style
/// (`.qml` text) to store as its default.
#[derive(Debug, Clone, Copy)]
pub struct GeoPackageLayer<'a> {
    /// The layer (name, geometry type, features).
    pub layer: &'a GeoJsonLayer,
    /// The QGIS style.
    pub style: Option<&'a str>,
}

/// Writes the GeoPackage of `layers` to `path`: made in memory, then written
/// to a temporary file beside `path` and renamed, so `path` is either the old
/// file or the complete new one.
///
/// ```
/// use ruhrmap::export::{GeoJsonLayer, GeoPackageLayer, write_geopackage};
/// let layer = GeoJsonLayer {
///     name: "partners", geometry_type: "Point", features: 1, without_geometry: 0, text: String::new(),
///     records: vec![serde_json::json!({"properties": {"name": "Essen"}, "geometry": {"type": "Point", "coordinates": [7.0, 51.45]}})],
/// };
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("a.gpkg");
/// write_geopackage(&path, &[GeoPackageLayer { layer: &layer, style: None }]).unwrap();
/// assert_eq!(&std::fs::read(&path).unwrap()[..15], b"SQLite format 3");
/// // a folder that cannot be made: an error naming the path
/// let blocked = path.join("b.gpkg");
/// let err = write_geopackage(&blocked, &[GeoPackageLayer { layer: &layer, style: None }]).unwrap_err();
/// assert!(err.to_string().contains("a.gpkg/b.gpkg"), "{err}");
/// ```
pub fn write_geopackage(path: &Path, layers: &[GeoPackageLayer]) -> Result<(), GeoPackageError> {
    let bytes = geopackage_bytes(path, layers)?;
    write_bytes_atomically(path, &bytes)?;
    Ok(())
}

/// The bytes of the GeoPackage of `layers`; `path` is named in errors.
pub fn geopackage_bytes(
    path: &Path,
    layers: &[GeoPackageLayer],
) -> Result<Vec<u8>, GeoPackageError> {
    let sqlite = |step: &str| {
        let path = path.to_path_buf();
        let step = step.to_string();
        move |source| GeoPackageError::Sqlite { path, step, source }
    };
    let mut db = Connection::open_in_memory().map_err(sqlite("open"))?;
    let tx = db.transaction().map_err(sqlite("begin"))?;
    create_core_tables(&tx).map_err(sqlite("core tables"))?;
    for item in layers {
        let step = format!("layer {}", item.layer.name);
        let blobs = geometry_blobs(path, item.layer)?;
        write_layer(&tx, item.layer, &blobs).map_err(sqlite(&step))?;
    }
    write_styles(&tx, layers).map_err(sqlite("layer_styles"))?;
    write_metadata(&tx).map_err(sqlite("metadata"))?;
    tx.commit().map_err(sqlite("commit"))?;
    let data = db
        .serialize(rusqlite::MAIN_DB)
        .map_err(sqlite("serialize"))?;
    Ok(data.to_vec())
}

/// `"name"` with inner quotes doubled.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn create_core_tables(db: &Connection) -> rusqlite::Result<()> {
    db.pragma_update(None, "application_id", APPLICATION_ID)?;
    db.pragma_update(None, "user_version", USER_VERSION)?;
    db.execute_batch(
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
         CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));",
    )?;
    let mut srs = db.prepare(
        "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?1, ?2, ?3, ?2, ?4, ?5)",
    )?;
    srs.execute((
        "Undefined cartesian SRS",
        -1,
        "NONE",
        "undefined",
        "undefined cartesian coordinate reference system",
    ))?;
    srs.execute((
        "Undefined geographic SRS",
        0,
        "NONE",
        "undefined",
        "undefined geographic coordinate reference system",
    ))?;
    srs.execute((
        "WGS 84 geodetic",
        SRS_ID,
        "EPSG",
        WGS84_WKT,
        "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
    ))?;
    Ok(())
}

/// An xy envelope: min x, max x, min y, max y (the order of the blob header).
type Envelope = [f64; 4];

fn grow(envelope: &mut Option<Envelope>, other: Envelope) {
    *envelope = Some(match *envelope {
        None => other,
        Some(e) => [
            e[0].min(other[0]),
            e[1].max(other[1]),
            e[2].min(other[2]),
            e[3].max(other[3]),
        ],
    });
}

/// Little-endian WKB of a GeoJSON geometry, growing `envelope`.
struct Wkb {
    bytes: Vec<u8>,
    envelope: Option<Envelope>,
}

impl Wkb {
    fn header(&mut self, kind: u32) {
        self.bytes.push(1);
        self.bytes.extend_from_slice(&kind.to_le_bytes());
    }

    fn count(&mut self, n: usize) -> Result<(), String> {
        let n = u32::try_from(n).map_err(|_| format!("{n} parts are too many for WKB"))?;
        self.bytes.extend_from_slice(&n.to_le_bytes());
        Ok(())
    }

    fn position(&mut self, p: &Value) -> Result<(), String> {
        let (Some(x), Some(y)) = (p[0].as_f64(), p[1].as_f64()) else {
            return Err(format!("expected a position [lon, lat], found {p}"));
        };
        self.bytes.extend_from_slice(&x.to_le_bytes());
        self.bytes.extend_from_slice(&y.to_le_bytes());
        grow(&mut self.envelope, [x, x, y, y]);
        Ok(())
    }

    fn positions(&mut self, list: &Value) -> Result<(), String> {
        let list = array(list, "a list of positions")?;
        self.count(list.len())?;
        list.iter().try_for_each(|p| self.position(p))
    }

    fn polygon(&mut self, rings: &Value) -> Result<(), String> {
        let rings = array(rings, "a list of rings")?;
        self.header(3);
        self.count(rings.len())?;
        rings.iter().try_for_each(|r| self.positions(r))
    }

    /// Appends `geometry` if it has the type `expected`.
    fn geometry(&mut self, geometry: &Value, expected: &str) -> Result<(), String> {
        let kind = geometry["type"].as_str().unwrap_or_default();
        if kind != expected {
            return Err(format!("expected a {expected} geometry, found {geometry}"));
        }
        let coordinates = &geometry["coordinates"];
        match kind {
            "Point" => {
                self.header(1);
                self.position(coordinates)
            }
            "LineString" => {
                self.header(2);
                self.positions(coordinates)
            }
            "MultiPolygon" => {
                let polygons = array(coordinates, "a list of polygons")?;
                self.header(6);
                self.count(polygons.len())?;
                polygons.iter().try_for_each(|p| self.polygon(p))
            }
            _ => Err(format!("{kind} geometries are not exported")),
        }
    }
}

fn array<'v>(value: &'v Value, what: &str) -> Result<&'v Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("expected {what}, found {value}"))
}

/// A GeoPackage geometry blob: `GP`, version 0, flags (little-endian, xy
/// envelope), the SRS id, the envelope, then the WKB.
fn blob(wkb: Wkb) -> (Vec<u8>, Envelope) {
    let envelope = wkb.envelope.unwrap_or([0.0; 4]);
    let mut out = Vec::with_capacity(8 + 32 + wkb.bytes.len());
    out.extend_from_slice(b"GP");
    out.push(0);
    out.push(0b0000_0011);
    out.extend_from_slice(&SRS_ID.to_le_bytes());
    for v in envelope {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&wkb.bytes);
    (out, envelope)
}

/// A feature's geometry blob and its envelope; `None` for a null geometry.
type Blob = Option<(Vec<u8>, Envelope)>;

/// The geometry blob and envelope of every feature.
fn geometry_blobs(path: &Path, layer: &GeoJsonLayer) -> Result<Vec<Blob>, GeoPackageError> {
    layer
        .records
        .iter()
        .enumerate()
        .map(|(k, record)| {
            let geometry = &record["geometry"];
            if geometry.is_null() {
                return Ok(None);
            }
            let mut wkb = Wkb {
                bytes: Vec::new(),
                envelope: None,
            };
            wkb.geometry(geometry, layer.geometry_type)
                .map_err(|message| GeoPackageError::Geometry {
                    path: path.to_path_buf(),
                    layer: layer.name.to_string(),
                    feature: k + 1,
                    message,
                })?;
            Ok(Some(blob(wkb)))
        })
        .collect()
}

/// The SQLite type of an attribute column, from its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnType {
    Integer,
    Real,
    Boolean,
    Text,
}

impl ColumnType {
    fn of<'v>(values: impl Iterator<Item = &'v Value>) -> ColumnType {
        let mut kind: Option<ColumnType> = None;
        for v in values {
            let this = match v {
                Value::Null => continue,
                Value::Bool(_) => ColumnType::Boolean,
                Value::Number(n) if n.is_i64() || n.is_u64() => ColumnType::Integer,
                Value::Number(_) => ColumnType::Real,
                _ => ColumnType::Text,
            };
            kind = Some(match (kind, this) {
                (None, t) => t,
                (Some(a), b) if a == b => a,
                (
                    Some(ColumnType::Integer | ColumnType::Real),
                    ColumnType::Integer | ColumnType::Real,
                ) => ColumnType::Real,
                _ => ColumnType::Text,
            });
        }
        kind.unwrap_or(ColumnType::Text)
    }

    fn sql(self) -> &'static str {
        match self {
            ColumnType::Integer => "INTEGER",
            ColumnType::Real => "REAL",
            ColumnType::Boolean => "BOOLEAN",
            ColumnType::Text => "TEXT",
        }
    }

    fn bind(self, value: &Value) -> Sql {
        match (self, value) {
            (_, Value::Null) => Sql::Null,
            (ColumnType::Boolean, Value::Bool(b)) => Sql::Integer(i64::from(*b)),
            (ColumnType::Integer, Value::Number(n)) => n.as_i64().map_or(Sql::Null, Sql::Integer),
            (ColumnType::Real, Value::Number(n)) => n.as_f64().map_or(Sql::Null, Sql::Real),
            (_, Value::String(s)) => Sql::Text(s.clone()),
            (_, other) => Sql::Text(other.to_string()),
        }
    }
}

/// The attribute columns of a layer: every property key, in first-seen order.
fn columns(layer: &GeoJsonLayer) -> Vec<(String, ColumnType)> {
    let mut names: Vec<&str> = Vec::new();
    for record in &layer.records {
        if let Some(props) = record["properties"].as_object() {
            for key in props.keys() {
                if !names.contains(&key.as_str()) {
                    names.push(key);
                }
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let kind = ColumnType::of(layer.records.iter().map(|r| &r["properties"][name]));
            (name.to_string(), kind)
        })
        .collect()
}

/// The feature table, its contents and geometry-column rows and its R-tree.
fn write_layer(db: &Connection, layer: &GeoJsonLayer, blobs: &[Blob]) -> rusqlite::Result<()> {
    let table = quoted(layer.name);
    let geometry_type = layer.geometry_type.to_ascii_uppercase();
    let columns = columns(layer);
    let mut create = format!(
        "CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {GEOMETRY_COLUMN} {geometry_type}"
    );
    for (name, kind) in &columns {
        create.push_str(&format!(", {} {}", quoted(name), kind.sql()));
    }
    create.push(')');
    db.execute_batch(&create)?;
    let mut extent: Option<Envelope> = None;
    for (_, e) in blobs.iter().flatten() {
        grow(&mut extent, *e);
    }
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, '', ?2, ?3, ?4, ?5, ?6, ?7)",
        (
            layer.name,
            GEOPACKAGE_TIMESTAMP,
            extent.map(|e| e[0]),
            extent.map(|e| e[2]),
            extent.map(|e| e[1]),
            extent.map(|e| e[3]),
            SRS_ID,
        ),
    )?;
    db.execute(
        "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?1, ?2, ?3, ?4, 0, 0)",
        (layer.name, GEOMETRY_COLUMN, &geometry_type, SRS_ID),
    )?;
    let placeholders: String = (0..columns.len() + 2)
        .map(|k| format!("?{}", k + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let names: String = columns
        .iter()
        .map(|(n, _)| format!(", {}", quoted(n)))
        .collect();
    let mut insert = db.prepare(&format!(
        "INSERT INTO {table} (fid, {GEOMETRY_COLUMN}{names}) VALUES ({placeholders})"
    ))?;
    let rtree = quoted(&format!("rtree_{}_{GEOMETRY_COLUMN}", layer.name));
    db.execute_batch(&format!(
        "CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy)"
    ))?;
    let mut index = db.prepare(&format!("INSERT INTO {rtree} VALUES (?1, ?2, ?3, ?4, ?5)"))?;
    for (k, (record, geometry)) in layer.records.iter().zip(blobs).enumerate() {
        let fid = k as i64 + 1;
        let mut row: Vec<Sql> = Vec::with_capacity(columns.len() + 2);
        row.push(Sql::Integer(fid));
        row.push(
            geometry
                .as_ref()
                .map_or(Sql::Null, |(b, _)| Sql::Blob(b.clone())),
        );
        for (name, kind) in &columns {
            row.push(kind.bind(&record["properties"][name.as_str()]));
        }
        insert.execute(rusqlite::params_from_iter(row))?;
        if let Some((_, e)) = geometry {
            index.execute((fid, e[0], e[1], e[2], e[3]))?;
        }
    }
    db.execute_batch(&rtree_triggers(layer.name))?;
    db.execute(
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?1, ?2, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        (layer.name, GEOMETRY_COLUMN),
    )?;
    Ok(())
}

/// The triggers of the R-tree extension (GeoPackage 1.3, annex F.3) that
/// keep `rtree_<t>_geom` in step when a reader edits the layer. They call
/// the `ST_*` functions of the reader (GDAL, QGIS); SQLite resolves them
/// only when a trigger fires.
fn rtree_triggers(table: &str) -> String {
    let t = quoted(table);
    let r = quoted(&format!("rtree_{table}_{GEOMETRY_COLUMN}"));
    let c = GEOMETRY_COLUMN;
    let name = |suffix: &str| quoted(&format!("rtree_{table}_{c}_{suffix}"));
    let values = format!(
        "(NEW.fid, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c}))"
    );
    [
        format!(
            "CREATE TRIGGER {} AFTER INSERT ON {t} WHEN (new.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c})) BEGIN INSERT OR REPLACE INTO {r} VALUES {values}; END;",
            name("insert")
        ),
        format!(
            "CREATE TRIGGER {} AFTER UPDATE OF {c} ON {t} WHEN OLD.fid = NEW.fid AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) BEGIN INSERT OR REPLACE INTO {r} VALUES {values}; END;",
            name("update1")
        ),
        format!(
            "CREATE TRIGGER {} AFTER UPDATE OF {c} ON {t} WHEN OLD.fid = NEW.fid AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id = OLD.fid; END;",
            name("update2")
        ),
        format!(
            "CREATE TRIGGER {} AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id = OLD.fid; INSERT OR REPLACE INTO {r} VALUES {values}; END;",
            name("update3")
        ),
        format!(
            "CREATE TRIGGER {} AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) BEGIN DELETE FROM {r} WHERE id IN (OLD.fid, NEW.fid); END;",
            name("update4")
        ),
        format!(
            "CREATE TRIGGER {} AFTER DELETE ON {t} WHEN old.{c} NOT NULL BEGIN DELETE FROM {r} WHERE id = OLD.fid; END;",
            name("delete")
        ),
    ]
    .join("\n")
}

/// `layer_styles`, as QGIS creates it, with each styled layer's style as
/// its default; registered as an attributes table like QGIS does.
fn write_styles(db: &Connection, layers: &[GeoPackageLayer]) -> rusqlite::Result<()> {
    if layers.iter().all(|l| l.style.is_none()) {
        return Ok(());
    }
    db.execute_batch(
        "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT CURRENT_TIMESTAMP)",
    )?;
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles', ?1)",
        [GEOPACKAGE_TIMESTAMP],
    )?;
    let mut insert = db.prepare(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) VALUES ('', '', ?1, ?2, ?1, ?3, '', 1, ?4, '', NULL, ?5)",
    )?;
    for l in layers {
        if let Some(style) = l.style {
            insert.execute((
                l.layer.name,
                GEOMETRY_COLUMN,
                style,
                "ruhrmap: the symbology of the figures",
                GEOPACKAGE_TIMESTAMP,
            ))?;
        }
    }
    Ok(())
}

/// The attribution and licence of the boundaries, for the whole GeoPackage,
/// in GDAL's metadata format (shown by `ogrinfo`).
fn write_metadata(db: &Connection) -> rusqlite::Result<()> {
    db.execute_batch(
        "CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
         CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER, timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, md_parent_id INTEGER, CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id), CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
         INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES ('gpkg_metadata', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');
         INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES ('gpkg_metadata_reference', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');",
    )?;
    let mut xml = String::from("<GDALMultiDomainMetadata><Metadata>");
    for (key, value) in [
        ("ATTRIBUTION", crate::boundaries::ATTRIBUTION),
        ("LICENCE", LICENCE),
    ] {
        xml.push_str(&format!("<MDI key=\"{key}\">"));
        push_escaped_text(&mut xml, value);
        xml.push_str("</MDI>");
    }
    xml.push_str("</Metadata></GDALMultiDomainMetadata>");
    db.execute(
        "INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata) VALUES (1, 'dataset', 'http://gdal.org', 'text/xml', ?1)",
        [xml],
    )?;
    db.execute(
        "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, column_name, row_id_value, timestamp, md_file_id, md_parent_id) VALUES ('geopackage', NULL, NULL, NULL, ?1, 1, NULL)",
        [GEOPACKAGE_TIMESTAMP],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn layer(geometry_type: &'static str, records: Vec<Value>) -> GeoJsonLayer {
        GeoJsonLayer {
            name: "t",
            text: String::new(),
            geometry_type,
            features: records.len(),
            without_geometry: 0,
            records,
        }
    }

    #[test]
    fn a_point_blob_has_the_gp_header_envelope_and_little_endian_wkb() {
        let l = layer(
            "Point",
            vec![
                json!({"properties": {}, "geometry": {"type": "Point", "coordinates": [7.5, 51.25]}}),
            ],
        );
        let blobs = geometry_blobs(Path::new("t.gpkg"), &l).unwrap();
        let (bytes, envelope) = blobs[0].clone().unwrap();
        assert_eq!(&bytes[..4], b"GP\x00\x03");
        assert_eq!(i32::from_le_bytes(bytes[4..8].try_into().unwrap()), 4326);
        assert_eq!(envelope, [7.5, 7.5, 51.25, 51.25]);
        let wkb = &bytes[8 + 32..];
        assert_eq!(wkb[0], 1, "little endian");
        assert_eq!(
            u32::from_le_bytes(wkb[1..5].try_into().unwrap()),
            1,
            "Point"
        );
        assert_eq!(f64::from_le_bytes(wkb[5..13].try_into().unwrap()), 7.5);
        assert_eq!(f64::from_le_bytes(wkb[13..21].try_into().unwrap()), 51.25);
    }

    #[test]
    fn column_types_follow_the_values() {
        let l = layer(
            "Point",
            vec![
                json!({"properties": {"n": 1, "x": 1, "b": true, "s": "a", "m": 1}, "geometry": null}),
                json!({"properties": {"n": null, "x": 2.5, "b": false, "s": null, "m": "zwei"}, "geometry": null}),
            ],
        );
        let kinds: Vec<(String, ColumnType)> = columns(&l);
        assert_eq!(
            kinds,
            [
                ("n".to_string(), ColumnType::Integer),
                ("x".to_string(), ColumnType::Real),
                ("b".to_string(), ColumnType::Boolean),
                ("s".to_string(), ColumnType::Text),
                ("m".to_string(), ColumnType::Text),
            ]
        );
        assert_eq!(ColumnType::Text.bind(&json!(1)), Sql::Text("1".into()));
    }

    #[test]
    fn a_geometry_of_the_wrong_type_names_the_file_layer_and_feature() {
        let l = layer(
            "Point",
            vec![
                json!({"properties": {}, "geometry": null}),
                json!({"properties": {}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}),
            ],
        );
        let err = geopackage_bytes(
            Path::new("gis/bericht.gpkg"),
            &[GeoPackageLayer {
                layer: &l,
                style: None,
            }],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("gis/bericht.gpkg: layer t, feature 2: expected a Point geometry"),
            "{err}"
        );
    }
}
