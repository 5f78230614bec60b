//! Writing geocoded partner tables: GeoJSON (RFC 7946) or CSV, one record per
//! input row in input order, the input columns kept and the geocoding
//! columns appended.
//!
//! Records are formatted in parallel, in chunks, and written in order, so a
//! million rows take a fraction of a second and the bytes do not depend on
//! the number of threads.

use crate::geocode::{Geocoder, MatchKind, Resolution};

use crate::table::{PartnerTable, TableRow};

use crate::files::WriteError;
use rayon::prelude::*;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

/// The columns geocoding appends to every record, in order.
///
/// `country` is the ISO 3166-1 alpha-2 code (`DE` in Germany) and `town`
/// the municipality in Germany or the nearest town abroad; both are empty
/// when unknown (unresolved, at sea).
pub const GEOCODE_COLUMNS: [&str; 10] = [
    "ags",
    "municipality",
    "district",
    "subregion",
    "in_region",
    "match",
    "lon",
    "lat",
    "country",
    "town",
];

/// Decimal places of written coordinates: 1e-7° is about a centimetre.
const COORDINATE_DECIMALS: i32 = 7;

/// Rows formatted per parallel task.
const CHUNK_ROWS: usize = 4096;

/// Chunks formatted before they are written.
const BATCH_CHUNKS: usize = 32;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A GeoJSON FeatureCollection of points (RFC 7946: WGS84 lon/lat).
    GeoJson,
    /// Comma-separated UTF-8 text with a header row, `.` as decimal point.
    Csv,
}

impl OutputFormat {
    /// The format a file name asks for: `.geojson`/`.json` or `.csv`.
    ///
    /// ```
    /// use ruhrmap::export::OutputFormat;
    /// use std::path::Path;
    /// assert_eq!(OutputFormat::from_path(Path::new("out.GeoJSON")), Some(OutputFormat::GeoJson));
    /// assert_eq!(OutputFormat::from_path(Path::new("out.csv")), Some(OutputFormat::Csv));
    /// assert_eq!(OutputFormat::from_path(Path::new("out.xlsx")), None);
    /// ```
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Some(OutputFormat::GeoJson),
            "csv" => Some(OutputFormat::Csv),
            _ => None,
        }
    }
}

/// A text that is not an output format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not an output format: expected geojson or csv")]
pub struct OutputFormatError {
    /// The text that was given.
    pub value: String,
}

impl FromStr for OutputFormat {
    type Err = OutputFormatError;

    fn from_str(text: &str) -> Result<OutputFormat, OutputFormatError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "geojson" | "json" => Ok(OutputFormat::GeoJson),
            "csv" => Ok(OutputFormat::Csv),
            _ => Err(OutputFormatError {
                value: text.to_string(),
            }),
        }
    }
}

/// The output column names: the input headers, each renamed to
/// `NAME_input` if it clashes (case-insensitively) with a geocoding column,
/// then [`GEOCODE_COLUMNS`].
///
/// ```
/// let headers = vec!["Name".to_string(), "LAT".to_string(), "lon".to_string()];
/// assert_eq!(
///     ruhrmap::export::output_columns(&headers),
///     ["Name", "LAT_input", "lon_input", "ags", "municipality", "district", "subregion", "in_region", "match", "lon", "lat", "country", "town"]
/// );
/// ```
pub fn output_columns(headers: &[String]) -> Vec<String> {
    let given: std::collections::HashSet<&str> = headers.iter().map(String::as_str).collect();
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    let taken = |name: &str, used: &std::collections::HashSet<String>| {
        GEOCODE_COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(name))
            || used.contains(name)
            || given.contains(name)
    };
    let mut out: Vec<String> = Vec::with_capacity(headers.len() + GEOCODE_COLUMNS.len());
    for (position, header) in headers.iter().enumerate() {
        let mut name = header.clone();
        if header.is_empty() {
            // unnamed columns (Excel's trailing `;;`) are named by position,
            // so that GeoJSON properties stay distinct
            name = format!("column{}", position + 1);
            while taken(&name, &used) {
                name.push('_');
            }
        } else if GEOCODE_COLUMNS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(header))
        {
            name = format!("{header}_input");
            let mut k = 2;
            while taken(&name, &used) {
                name = format!("{header}_input{k}");
                k += 1;
            }
        }
        used.insert(name.clone());
        out.push(name);
    }
    out.extend(GEOCODE_COLUMNS.iter().map(|c| c.to_string()));
    out
}

/// Writes the geocoded table to `path` atomically: nothing is written unless
/// everything is, and an existing file stays as it was on failure.
///
/// `resolutions[i]` belongs to `table.rows[i]`.
///
/// ```
/// use ruhrmap::{Boundaries, Geocoder, Region, SubregionScheme}; use ruhrmap::export::OutputFormat;
/// let b = Boundaries::embedded();
/// let region = Region::ruhr(b);
/// let scheme = SubregionScheme::preset("kreise", &region, b).unwrap();
/// let geocoder = Geocoder::new(b, &region, &scheme);
/// let dir = tempfile::tempdir().unwrap();
/// let input = dir.path().join("p.csv");
/// std::fs::write(&input, "Name;Ort\nRUB;Bochum\nX;Atlantis\n").unwrap();
/// let table = ruhrmap::read_table(&input).unwrap();
/// let resolutions: Vec<_> = table.rows.iter().map(|r| geocoder.resolve_row(&table, r)).collect();
/// let output = dir.path().join("p.geocoded.csv");
/// ruhrmap::export::write_geocoded(&output, OutputFormat::Csv, &table, &resolutions, &geocoder).unwrap();
/// let text = std::fs::read_to_string(&output).unwrap();
/// let lines: Vec<&str> = text.lines().collect();
/// assert_eq!(lines[0], "Name,Ort,ags,municipality,district,subregion,in_region,match,lon,lat,country,town");
/// assert!(lines[1].starts_with("RUB,Bochum,05911000,Bochum,Bochum,"));
/// assert!(lines[1].contains(",true,exact,"));
/// assert!(lines[1].ends_with(",DE,Bochum"));
/// assert_eq!(lines[2], "X,Atlantis,,,,,false,unresolved,,,,");
/// ```
pub fn write_geocoded(
    path: &Path,
    format: OutputFormat,
    table: &PartnerTable,
    resolutions: &[Resolution],
    geocoder: &Geocoder<'_>,
) -> Result<(), WriteError> {
    crate::files::write_atomically(path, |w| {
        render_geocoded(w, format, table, resolutions, geocoder)
    })
}

/// Writes the geocoded table to any writer (e.g. standard output); see
/// [`write_geocoded`].
pub fn render_geocoded(
    w: &mut dyn Write,
    format: OutputFormat,
    table: &PartnerTable,
    resolutions: &[Resolution],
    geocoder: &Geocoder<'_>,
) -> std::io::Result<()> {
    if resolutions.len() != table.rows.len() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{} resolutions for {} rows",
                resolutions.len(),
                table.rows.len()
            ),
        ));
    }
    let mut writer = GeocodedWriter::new(w, format, &table.headers)?;
    // batches of chunks: formatted in parallel, written in order, so memory
    // holds one batch of output rather than the whole file
    let rows = table.rows.len();
    let batch_rows = CHUNK_ROWS * BATCH_CHUNKS;
    for batch_start in (0..rows).step_by(batch_rows) {
        let batch_end = (batch_start + batch_rows).min(rows);
        let formatter = writer.formatter();
        let chunks: Vec<std::io::Result<Vec<u8>>> = (batch_start..batch_end)
            .step_by(CHUNK_ROWS)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|start| {
                let end = (start + CHUNK_ROWS).min(batch_end);
                formatter.format_rows(
                    start == 0,
                    &table.rows[start..end],
                    &resolutions[start..end],
                    geocoder,
                )
            })
            .collect();
        for chunk in chunks {
            writer.write_formatted(&chunk?)?;
        }
    }
    writer.finish()
}

/// Writes a geocoded table piece by piece: the header when created, then
/// blocks of records — formatted by the [`RecordFormatter`], possibly on
/// several threads — written in order, then the closing bytes by
/// [`GeocodedWriter::finish`].
///
/// ```
/// use ruhrmap::export::{GeocodedWriter, OutputFormat};
/// let mut out = Vec::new();
/// let writer = GeocodedWriter::new(&mut out, OutputFormat::GeoJson, &["name".to_string()]).unwrap();
/// writer.finish().unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n");
/// ```
pub struct GeocodedWriter<'w> {
    w: &'w mut dyn Write,
    formatter: RecordFormatter,
}

/// Formats geocoded records for one output format and input header; shared
/// by the threads that format blocks of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFormatter {
    format: OutputFormat,
    /// Output names of the input columns (clashes renamed).
    input_columns: Vec<String>,
}

impl<'w> GeocodedWriter<'w> {
    /// Starts the output for a table with these input `headers`: writes the
    /// CSV header row or the opening of the FeatureCollection.
    pub fn new(
        w: &'w mut dyn Write,
        format: OutputFormat,
        headers: &[String],
    ) -> std::io::Result<GeocodedWriter<'w>> {
        let mut columns = output_columns(headers);
        match format {
            OutputFormat::Csv => {
                let mut header = csv::WriterBuilder::new().from_writer(Vec::new());
                header
                    .write_record(columns.iter().map(|c| csv_cell(c).into_owned()))
                    .map_err(std::io::Error::other)?;
                w.write_all(
                    &header
                        .into_inner()
                        .map_err(|e| std::io::Error::other(e.to_string()))?,
                )?;
            }
            OutputFormat::GeoJson => {
                w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?
            }
        }
        columns.truncate(headers.len());
        Ok(GeocodedWriter {
            w,
            formatter: RecordFormatter {
                format,
                input_columns: columns,
            },
        })
    }

    /// The formatter for this output, to format blocks on other threads.
    pub fn formatter(&self) -> RecordFormatter {
        self.formatter.clone()
    }

    /// Writes records formatted by [`RecordFormatter::format_rows`].
    pub fn write_formatted(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.w.write_all(bytes)
    }

    /// Formats and writes records (`first`: these are the table's first rows).
    pub fn write_rows(
        &mut self,
        first: bool,
        rows: &[TableRow],
        resolutions: &[Resolution],
        geocoder: &Geocoder<'_>,
    ) -> std::io::Result<()> {
        let bytes = self
            .formatter
            .format_rows(first, rows, resolutions, geocoder)?;
        self.write_formatted(&bytes)
    }

    /// Closes the output (the end of the FeatureCollection) and flushes.
    pub fn finish(self) -> std::io::Result<()> {
        if self.formatter.format == OutputFormat::GeoJson {
            self.w.write_all(b"\n]}\n")?;
        }
        self.w.flush()
    }
}

impl RecordFormatter {
    /// Formats records (`resolutions[i]` belongs to `rows[i]`) without
    /// writing them; `first` says whether these are the table's first rows.
    pub fn format_rows(
        &self,
        first: bool,
        rows: &[TableRow],
        resolutions: &[Resolution],
        geocoder: &Geocoder<'_>,
    ) -> std::io::Result<Vec<u8>> {
        if rows.len() != resolutions.len() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} resolutions for {} rows", resolutions.len(), rows.len()),
            ));
        }
        match self.format {
            OutputFormat::Csv => csv_chunk(rows, resolutions, geocoder),
            OutputFormat::GeoJson => {
                geojson_chunk(first, rows, resolutions, geocoder, &self.input_columns)
            }
        }
    }
}

/// CSV records for `rows`.
fn csv_chunk(
    rows: &[TableRow],
    resolutions: &[Resolution],
    geocoder: &Geocoder<'_>,
) -> std::io::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(rows.len() * 128));
    let mut text = String::with_capacity(64);
    let csv_error = std::io::Error::other;
    for (row, resolution) in rows.iter().zip(resolutions) {
        let record = Record::new(&row.values, resolution, geocoder);
        for value in record.values {
            writer.write_field(&*csv_cell(value)).map_err(csv_error)?;
        }
        text.clear();
        if let Some(ags) = record.ags {
            write!(text, "{ags}").map_err(std::io::Error::other)?;
        }
        writer.write_field(&text).map_err(csv_error)?;
        writer
            .write_field(record.municipality.unwrap_or(""))
            .map_err(csv_error)?;
        writer
            .write_field(record.district.unwrap_or(""))
            .map_err(csv_error)?;
        writer
            .write_field(record.subregion.unwrap_or(""))
            .map_err(csv_error)?;
        writer
            .write_field(if record.in_region { "true" } else { "false" })
            .map_err(csv_error)?;
        writer
            .write_field(record.kind.as_str())
            .map_err(csv_error)?;
        match record.position {
            Some((lon, lat)) => {
                text.clear();
                push_coordinate(&mut text, lon);
                writer.write_field(&text).map_err(csv_error)?;
                text.clear();
                push_coordinate(&mut text, lat);
                writer.write_field(&text).map_err(csv_error)?;
            }
            None => {
                writer.write_field("").map_err(csv_error)?;
                writer.write_field("").map_err(csv_error)?;
            }
        }
        writer
            .write_field(record.country.unwrap_or(""))
            .map_err(csv_error)?;
        writer
            .write_field(record.town.unwrap_or(""))
            .map_err(csv_error)?;
        writer.write_record(None::<&[u8]>).map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// An input cell as written to CSV: text a spreadsheet would run as a
/// formula (`=…`, `+…`, `-…`, `@…`) gets a leading apostrophe, see
/// [`crate::export::stats_tables::neutralize_cell`]; numbers such as `-7.25` stay as they are.
/// GeoJSON output keeps every value exactly.
fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.trim().parse::<f64>().is_ok_and(f64::is_finite) {
        std::borrow::Cow::Borrowed(text)
    } else {
        crate::export::stats_tables::neutralize_cell(text)
    }
}

/// GeoJSON features for `rows`, each on its own line; `first` if they are
/// the table's first rows (no comma before the first feature).
fn geojson_chunk(
    first: bool,
    rows: &[TableRow],
    resolutions: &[Resolution],
    geocoder: &Geocoder<'_>,
    columns: &[String],
) -> std::io::Result<Vec<u8>> {
    let mut buffer = Vec::with_capacity(rows.len() * 256);
    for (k, (row, resolution)) in rows.iter().zip(resolutions).enumerate() {
        let record = Record::new(&row.values, resolution, geocoder);
        buffer.extend_from_slice(if first && k == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(
            &mut buffer,
            &Feature {
                columns,
                record: &record,
            },
        )?;
    }
    Ok(buffer)
}

/// Appends a coordinate rounded to [`COORDINATE_DECIMALS`] places, without
/// trailing zeros (`7.2616`, `51`), the same digits as the shortest
/// representation of [`round_coordinate`]'s result, by integer arithmetic.
///
/// ```
/// let mut text = String::new();
/// ruhrmap::export::push_coordinate(&mut text, 7.26160004);
/// text.push(' ');
/// ruhrmap::export::push_coordinate(&mut text, -0.5);
/// text.push(' ');
/// ruhrmap::export::push_coordinate(&mut text, 51.0);
/// assert_eq!(text, "7.2616 -0.5 51");
/// ```
pub fn push_coordinate(text: &mut String, value: f64) {
    let factor = 10f64.powi(COORDINATE_DECIMALS);
    let scaled = (value * factor).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        // far outside any coordinate range: the plain representation
        let _ = write!(text, "{}", round_coordinate(value));
        return;
    }
    let scaled = scaled as i64;
    if scaled < 0 {
        text.push('-');
    }
    let magnitude = scaled.unsigned_abs();
    let unit = 10u64.pow(COORDINATE_DECIMALS as u32);
    let _ = write!(text, "{}", magnitude / unit);
    let mut fraction = magnitude % unit;
    if fraction != 0 {
        let mut digits = COORDINATE_DECIMALS as usize;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            digits -= 1;
        }
        let _ = write!(text, ".{fraction:0digits$}");
    }
}

/// The appended fields of one record, looked up once.
struct Record<'r> {
    values: &'r [String],
    ags: Option<crate::boundaries::Ags>,
    municipality: Option<&'r str>,
    district: Option<&'r str>,
    subregion: Option<&'r str>,
    in_region: bool,
    kind: MatchKind,
    position: Option<(f64, f64)>,
    country: Option<&'r str>,
    town: Option<&'r str>,
}

impl<'r> Record<'r> {
    fn new(
        values: &'r [String],
        resolution: &'r Resolution,
        geocoder: &'r Geocoder<'_>,
    ) -> Record<'r> {
        let municipality = resolution
            .municipality
            .map(|i| &geocoder.boundaries().municipalities()[i]);
        Record {
            values,
            ags: municipality.map(|m| m.ags),
            municipality: municipality.map(|m| m.name.as_str()),
            district: municipality.map(|m| m.district.as_str()),
            subregion: resolution
                .municipality
                .and_then(|i| geocoder.subregion_of(i))
                .map(|s| s.label_de.as_str()),
            in_region: resolution.in_region,
            kind: resolution.match_kind,
            position: resolution
                .position
                .map(|p| (round_coordinate(p.x), round_coordinate(p.y))),
            country: resolution.country.as_deref(),
            town: resolution
                .town
                .as_deref()
                .or(municipality.map(|m| m.name.as_str())),
        }
    }
}

/// Rounds to [`COORDINATE_DECIMALS`] places, so output does not carry
/// spurious precision and stays byte-identical across platforms.
///
/// ```
/// assert_eq!(ruhrmap::export::round_coordinate(7.123456789), 7.1234568);
/// ```
pub fn round_coordinate(value: f64) -> f64 {
    let factor = 10f64.powi(COORDINATE_DECIMALS);
    (value * factor).round() / factor
}

/// One GeoJSON feature, serialised without building a JSON tree.
struct Feature<'f> {
    columns: &'f [String],
    record: &'f Record<'f>,
}

struct Properties<'f>(&'f Feature<'f>);

struct Point(f64, f64);

impl serde::Serialize for Feature<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut feature = serializer.serialize_struct("Feature", 3)?;
        feature.serialize_field("type", "Feature")?;
        feature.serialize_field("properties", &Properties(self))?;
        match self.record.position {
            Some((lon, lat)) => feature.serialize_field("geometry", &Point(lon, lat))?,
            None => feature.serialize_field("geometry", &())?,
        }
        feature.end()
    }
}

impl serde::Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let feature = self.0;
        let r = feature.record;
        let mut map =
            serializer.serialize_map(Some(feature.columns.len() + GEOCODE_COLUMNS.len()))?;
        for (name, value) in feature.columns.iter().zip(r.values) {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("ags", &r.ags)?;
        map.serialize_entry("municipality", &r.municipality)?;
        map.serialize_entry("district", &r.district)?;
        map.serialize_entry("subregion", &r.subregion)?;
        map.serialize_entry("in_region", &r.in_region)?;
        map.serialize_entry("match", r.kind.as_str())?;
        map.serialize_entry("lon", &r.position.map(|p| p.0))?;
        map.serialize_entry("lat", &r.position.map(|p| p.1))?;
        map.serialize_entry("country", &r.country)?;
        map.serialize_entry("town", &r.town)?;
        map.end()
    }
}

impl serde::Serialize for Point {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut point = serializer.serialize_struct("Point", 2)?;
        point.serialize_field("type", "Point")?;
        point.serialize_field("coordinates", &[self.0, self.1])?;
        point.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::{Boundaries, Region, SubregionScheme};
    use std::sync::OnceLock;

    fn geocoder() -> &'static Geocoder<'static> {
        static G: OnceLock<Geocoder<'static>> = OnceLock::new();
        G.get_or_init(|| {
            let b = Boundaries::embedded();
            let region: &'static Region = Box::leak(Box::new(Region::ruhr(b)));
            let scheme: &'static SubregionScheme = Box::leak(Box::new(
                SubregionScheme::preset("kreise", region, b).unwrap(),
            ));
            Geocoder::new(b, region, scheme)
        })
    }

    fn table(text: &str) -> (tempfile::TempDir, PartnerTable) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.csv");
        std::fs::write(&path, text).unwrap();
        let table = crate::table::read_table(&path).unwrap();
        (dir, table)
    }

    fn render(format: OutputFormat, table: &PartnerTable) -> String {
        let g = geocoder();
        let resolutions: Vec<Resolution> =
            table.rows.iter().map(|r| g.resolve_row(table, r)).collect();
        let mut out = Vec::new();
        render_geocoded(&mut out, format, table, &resolutions, g).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn geojson_is_a_feature_collection_in_input_order() {
        let (_d, t) =
            table("name;ort;lat;lon\nRUB;;51,4445;7,2616\nX;Nirgendwo;;\nTU;Dortmund;;\n");
        let text = render(OutputFormat::GeoJson, &t);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["type"], "FeatureCollection");
        let features = json["features"].as_array().unwrap();
        assert_eq!(features.len(), 3);
        let first = &features[0];
        assert_eq!(first["geometry"]["type"], "Point");
        assert_eq!(
            first["geometry"]["coordinates"],
            serde_json::json!([7.2616, 51.4445])
        );
        let keys: Vec<&str> = first["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "name",
                "ort",
                "lat_input",
                "lon_input",
                "ags",
                "municipality",
                "district",
                "subregion",
                "in_region",
                "match",
                "lon",
                "lat",
                "country",
                "town"
            ]
        );
        assert_eq!(first["properties"]["lat_input"], "51,4445");
        assert_eq!(first["properties"]["municipality"], "Bochum");
        assert_eq!(first["properties"]["match"], "coordinates");
        assert_eq!(first["properties"]["in_region"], true);
        assert!(first["properties"]["subregion"].is_string());
        let unresolved = &features[1];
        assert!(unresolved["geometry"].is_null());
        assert_eq!(unresolved["properties"]["match"], "unresolved");
        assert!(unresolved["properties"]["ags"].is_null());
        assert_eq!(features[2]["properties"]["name"], "TU");
    }

    #[test]
    fn csv_keeps_cells_verbatim_and_quotes_as_needed() {
        let (_d, t) = table("Name;Ort\n\"Hochschule, Bochum\";\"Bochum\"\n\"Zeile\neins\";Essen\n");
        let text = render(OutputFormat::Csv, &t);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(headers, output_columns(&t.headers));
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[0][0], "Hochschule, Bochum");
        assert_eq!(&rows[1][0], "Zeile\neins");
        assert_eq!(&rows[1][3], "Essen");
        assert_eq!(&rows[1][7], "exact");
    }

    #[test]
    fn csv_neutralises_formulas_but_not_numbers() {
        let (_d, t) = table(
            "Name;Ort;Notiz\n=HYPERLINK(\"http://x\");Bochum;-7.25\n@SUM(A1);Essen;+49 201\n",
        );
        let text = render(OutputFormat::Csv, &t);
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(&rows[0][0], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&rows[0][2], "-7.25");
        assert_eq!(&rows[1][0], "'@SUM(A1)");
        assert_eq!(&rows[1][2], "'+49 201");
        let json: serde_json::Value =
            serde_json::from_str(&render(OutputFormat::GeoJson, &t)).unwrap();
        assert_eq!(
            json["features"][0]["properties"]["Name"],
            "=HYPERLINK(\"http://x\")"
        );
    }

    #[test]
    fn output_is_deterministic_across_chunking() {
        // more rows than one chunk, so several tasks format in parallel
        let mut text = String::from("name;ort\n");
        for k in 0..(CHUNK_ROWS * 2 + 17) {
            text.push_str(&format!(
                "P{k};{}\n",
                ["Bochum", "Essen-Werden", "Dortmnud", "Atlantis"][k % 4]
            ));
        }
        let (_d, t) = table(&text);
        let a = render(OutputFormat::GeoJson, &t);
        let b = render(OutputFormat::GeoJson, &t);
        assert_eq!(a, b);
        let json: serde_json::Value = serde_json::from_str(&a).unwrap();
        let features = json["features"].as_array().unwrap();
        assert_eq!(features.len(), t.rows.len());
        for (k, f) in features.iter().enumerate() {
            assert_eq!(f["properties"]["name"], format!("P{k}"));
        }
        let csv = render(OutputFormat::Csv, &t);
        assert_eq!(csv.lines().count(), t.rows.len() + 1);
    }

    #[test]
    fn integer_formatting_matches_the_shortest_representation() {
        let mut state: u64 = 0x6e0;
        let mut text = String::new();
        for _ in 0..100_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let value = ((state >> 11) as f64 / (1u64 << 53) as f64) * 360.0 - 180.0;
            for v in [value, (value * 1e4).round() / 1e4, value.trunc()] {
                text.clear();
                push_coordinate(&mut text, v);
                let expected = round_coordinate(v).to_string();
                let expected = if expected == "-0" {
                    "0".to_string()
                } else {
                    expected
                };
                assert_eq!(text, expected, "{v}");
            }
        }
    }

    #[test]
    fn clashing_names_get_distinct_suffixes() {
        let headers: Vec<String> = ["match", "match_input", "Ags"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let columns = output_columns(&headers);
        assert_eq!(&columns[..3], ["match_input2", "match_input", "Ags_input"]);
        let mut unique = columns.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), columns.len());
    }

    #[test]
    fn mismatched_lengths_are_an_error_not_a_panic() {
        let (_d, t) = table("name;ort\nA;Bochum\n");
        let mut out = Vec::new();
        assert!(render_geocoded(&mut out, OutputFormat::Csv, &t, &[], geocoder()).is_err());
    }
}
