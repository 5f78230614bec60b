//! Reading a partner table: CSV as German Excel and other tools write it, or a
//! GeoJSON FeatureCollection of points, into rows of text with the columns
//! that carry names, places and coordinates identified.
//!
//! CSV: the delimiter (`,`, `;` or tab) is detected from the header row; the
//! text may be UTF-8 with or without BOM, UTF-16 with BOM (Excel's “Unicode
//! text”) or Windows-1252 (Excel's “CSV (Trennzeichen-getrennt)”); numbers may
//! use a decimal comma; quoted fields may span lines. Every cell is kept as
//! written, so the output can pass it through untouched.
//!
//! A CSV file is never held whole: it is read in windows to detect the
//! encoding and to find where its records start, then block by block when
//! the rows are wanted, so memory does not grow with the table. GeoJSON is
//! parsed whole.

use crate::table::encoding::TextEncoding;
use crate::table::error::InputError;
use crate::table::text::{ByteSource, TableText, Units, WINDOW_BYTES};
use crate::text::transliterate_char;
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The form the table was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Delimited text.
    Csv {
        /// The detected field delimiter.
        delimiter: u8,
        /// The detected encoding.
        encoding: TextEncoding,
    },
    /// A GeoJSON FeatureCollection of points.
    GeoJson,
    /// A sheet of an `.xlsx` or `.ods` workbook.
    Workbook,
}

/// One record of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based line of the record's start in the file (for GeoJSON: of the feature's `{`).
    pub line: u64,
    /// The cells, one per header column, as written.
    pub values: Vec<String>,
}

/// Which columns carry what, as positions in [`PartnerTable::headers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ColumnRoles {
    /// The partner's name (`name`, `partner`, `organisation`, …).
    pub name: Option<usize>,
    /// The place text (`ort`, `place`, …; or `adresse`/`address` when the
    /// table has no separate town column).
    pub place: Option<usize>,
    /// Latitude or northing (`lat`, `latitude`, `breite`, …).
    pub lat: Option<usize>,
    /// Longitude or easting (`lon`, `lng`, `longitude`, `länge`, …).
    pub lon: Option<usize>,
    /// A street-address column beside a town column (`adresse` beside `ort`):
    /// the two are read together as `address, town`.
    pub address: Option<usize>,
}

/// A partner table: header, rows and the roles of its columns.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("partner.csv");
/// // German Excel: semicolons, decimal commas, Windows-1252 ("Mülheim" has 0xFC)
/// std::fs::write(&path, b"Name;Ort;Breite;L\xe4nge\r\nRUB;Bochum;51,4445;7,2616\r\nHRW;M\xfclheim;;\r\n").unwrap();
/// let table = ruhrmap::read_table(&path).unwrap();
/// assert_eq!(table.headers, ["Name", "Ort", "Breite", "Länge"]);
/// assert_eq!(table.rows[1].values[1], "Mülheim");
/// assert_eq!(table.rows[1].line, 3);
/// let c = table.coordinates(&table.rows[0]);
/// assert_eq!((c.lon, c.lat), (Some(7.2616), Some(51.4445)));
/// assert_eq!(table.place_text(&table.rows[1]).as_deref(), Some("Mülheim"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerTable {
    /// The file the table was read from.
    pub path: PathBuf,
    /// Column names, trimmed, in file order.
    pub headers: Vec<String>,
    /// The records, in file order.
    pub rows: Vec<TableRow>,
    /// Which columns carry names, places and coordinates.
    pub columns: ColumnRoles,
    /// How the file was read.
    pub format: TableFormat,
}

/// Header names for each role, best first, in the comparison form of
/// [`header_key`].
const NAME_HEADERS: [&str; 9] = [
    "name",
    "partner",
    "partnername",
    "organisation",
    "organization",
    "einrichtung",
    "institution",
    "akteur",
    "organisationsname",
];
const PLACE_HEADERS: [&str; 12] = [
    "place",
    "ort",
    "city",
    "town",
    "stadt",
    "gemeinde",
    "standort",
    "sitz",
    "location",
    "ortsname",
    "gemeindename",
    "municipality",
];
const ADDRESS_HEADERS: [&str; 6] = [
    "address",
    "adresse",
    "anschrift",
    "postanschrift",
    "strasse",
    "street",
];
const LAT_HEADERS: [&str; 8] = [
    "lat",
    "latitude",
    "breite",
    "breitengrad",
    "northing",
    "hochwert",
    "nordwert",
    "y",
];
const LON_HEADERS: [&str; 11] = [
    "lon",
    "lng",
    "long",
    "longitude",
    "laenge",
    "laengengrad",
    "easting",
    "rechtswert",
    "ostwert",
    "x",
    "lange",
];

impl PartnerTable {
    /// The first column whose name is one of `names`, compared
    /// case-insensitively with umlauts spelt out and spaces, dots and
    /// parenthesised additions such as units ignored.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("p.csv");
    /// std::fs::write(&path, "Name,Ort,Rolle (Projekt)\nRUB,Bochum,core\n").unwrap();
    /// let table = ruhrmap::read_table(&path).unwrap();
    /// assert_eq!(table.column(&["role", "rolle"]), Some(2));
    /// assert_eq!(table.column(&["typ"]), None);
    /// ```
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| header_key(n)).collect();
        self.headers
            .iter()
            .position(|h| wanted.contains(&header_key(h)))
    }

    /// The place text of a row: the place cell, or `address, town` when the
    /// table has both columns; `None` when empty.
    pub fn place_text<'r>(&self, row: &'r TableRow) -> Option<Cow<'r, str>> {
        self.columns.place_text(row)
    }

    /// The (longitude, latitude) cells of a row as numbers, `None` where a
    /// cell is empty or the column absent. The values are as written: they
    /// may be swapped or projected; the geocoder sorts that out.
    pub fn coordinates(&self, row: &TableRow) -> RowCoordinates {
        self.columns.coordinates(row)
    }
}

impl ColumnRoles {
    /// The place text of a row: the place cell, or `address, town` when the
    /// table has both columns; `None` when empty.
    ///
    /// ```
    /// use ruhrmap::table::ColumnRoles; use ruhrmap::TableRow;
    /// let roles = ColumnRoles { place: Some(1), address: Some(0), ..Default::default() };
    /// let row = TableRow { line: 2, values: vec!["Universitätsstr. 150".into(), " Bochum ".into()] };
    /// assert_eq!(roles.place_text(&row).as_deref(), Some("Universitätsstr. 150, Bochum"));
    /// ```
    pub fn place_text<'r>(&self, row: &'r TableRow) -> Option<Cow<'r, str>> {
        let cell = |k: Option<usize>| {
            k.and_then(|k| row.values.get(k))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
        };
        match (cell(self.address), cell(self.place)) {
            (Some(address), Some(town)) => Some(Cow::Owned(format!("{address}, {town}"))),
            (None, Some(town)) => Some(Cow::Borrowed(town)),
            (Some(address), None) => Some(Cow::Borrowed(address)),
            (None, None) => None,
        }
    }

    /// The (longitude, latitude) cells of a row as numbers (see
    /// [`parse_number`]); `None` where a cell is empty, not a number or the
    /// column absent.
    ///
    /// ```
    /// use ruhrmap::table::ColumnRoles; use ruhrmap::TableRow;
    /// let roles = ColumnRoles { lat: Some(0), lon: Some(1), ..Default::default() };
    /// let row = TableRow { line: 2, values: vec!["51,48".into(), "7,22".into()] };
    /// let c = roles.coordinates(&row);
    /// assert_eq!((c.lon, c.lat), (Some(7.22), Some(51.48)));
    /// ```
    pub fn coordinates(&self, row: &TableRow) -> RowCoordinates {
        let number = |k: Option<usize>| {
            k.and_then(|k| row.values.get(k))
                .and_then(|v| parse_number(v).ok().flatten())
        };
        RowCoordinates {
            lon: number(self.lon),
            lat: number(self.lat),
        }
    }
}

/// The coordinate cells of a row as numbers ([`ColumnRoles::coordinates`]),
/// as written: they may be swapped or projected.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RowCoordinates {
    /// The longitude (or easting) cell; `None` if empty, not a number or absent.
    pub lon: Option<f64>,
    /// The latitude (or northing) cell; `None` if empty, not a number or absent.
    pub lat: Option<f64>,
}

/// Reads a partner table: GeoJSON if the file name ends in `.geojson` or
/// `.json` or the text starts with `{` or `[`, CSV otherwise.
///
/// The table must have a place column or both coordinate columns, and every
/// coordinate cell must be empty or a number; otherwise the error names the
/// file, line and column (the first such problem in the file).
pub fn read_table(path: &Path) -> Result<PartnerTable, InputError> {
    TableBlocks::open(path)?.into_table()
}

/// Reads a CSV table whatever its columns mean (a sub-region mapping, say),
/// with the detection of [`read_table`] — encoding, delimiter, quoting, rows
/// of empty cells skipped, every record with the header's number of fields —
/// but no column roles: [`PartnerTable::columns`] is empty and no cell is
/// checked. The text is read as CSV whatever the file is called.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("zonen.csv");
/// // Windows-1252, semicolons: "Süd" has 0xFC
/// std::fs::write(&path, b"Gemeinde;Zone\r\nHagen;S\xfcd\r\n;\r\n").unwrap();
/// let table = ruhrmap::table::read_delimited_table(&path).unwrap();
/// assert_eq!(table.headers, ["Gemeinde", "Zone"]);
/// assert_eq!(table.rows.len(), 1);
/// assert_eq!(table.rows[0].values, ["Hagen", "Süd"]);
/// assert_eq!(table.columns, ruhrmap::table::ColumnRoles::default());
/// ```
pub fn read_delimited_table(path: &Path) -> Result<PartnerTable, InputError> {
    TableBlocks::open_with(path, SIZES, TableKind::Delimited)?.into_table()
}

/// The whole text of a file, decoded as the table reader detects it: UTF-8
/// with or without BOM, UTF-16 with BOM, or Windows-1252; text with control
/// characters or of mixed encodings is refused with its line and column.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("zonen.toml");
/// std::fs::write(&path, b"[subregions]\nS\xfcd = [\"Hagen\"]\n").unwrap();
/// assert_eq!(ruhrmap::table::read_text(&path).unwrap(), "[subregions]\nSüd = [\"Hagen\"]\n");
/// ```
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let io = |source| InputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let source = ByteSource::open(path).map_err(io)?;
    let text = TableText::detect(path, source, WINDOW_BYTES)?;
    let mut buf = Vec::new();
    Ok(text
        .decode(path, text.start(), text.len(), &mut buf)?
        .into_owned())
}

/// What a table is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    /// A partner table: CSV or GeoJSON, with column roles and checked coordinates.
    Partners,
    /// CSV whose columns the caller interprets.
    Delimited,
}

/// The largest partner table read. A table is read in windows, so its size
/// does not bound the memory used; a larger file is no partner table.
pub const MAX_TABLE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Bytes of CSV text per block: large enough that parsing dominates the
/// bookkeeping (a read, a decoder, a csv reader per block), small enough
/// that a block of rows stays in the caches. Each thread geocoding a table
/// holds about one block's rows, resolutions and output: about 1 MB for
/// 64 KiB of coordinates, against 4 MB for 256 KiB.
const BLOCK_BYTES: usize = 64 * 1024;

/// How a table is cut up for reading: bytes per window of the passes over
/// the whole file, and bytes per block of records. Tests make both small, so
/// that every boundary case occurs in a few lines.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    window: usize,
    block: usize,
}

const SIZES: Sizes = Sizes {
    window: WINDOW_BYTES,
    block: BLOCK_BYTES,
};

/// A partner table opened for reading block by block: the header, the column
/// roles and the place of every block of records are known, the rows of a
/// block are read from the file, decoded and parsed (and their coordinates
/// checked) when asked for. So a table of any size streams through
/// geocoding in bounded memory, and blocks can be read in parallel.
///
/// Opening reads the file twice in windows of 1 MiB, holding no more than a
/// window: once to detect the encoding, once to find where records start.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("p.csv");
/// std::fs::write(&path, "name;ort\nRUB;Bochum\nTU;Dortmund\n").unwrap();
/// let blocks = ruhrmap::table::TableBlocks::open(&path).unwrap();
/// assert_eq!(blocks.headers, ["name", "ort"]);
/// let rows: Vec<ruhrmap::TableRow> = (0..blocks.block_count()).flat_map(|i| blocks.read_block(i).unwrap()).collect();
/// assert_eq!(rows.len(), 2);
/// assert_eq!(rows[1].line, 3);
/// ```
#[derive(Debug)]
pub struct TableBlocks {
    /// The file.
    pub path: PathBuf,
    /// Column names, trimmed, in file order.
    pub headers: Vec<String>,
    /// Which columns carry names, places and coordinates.
    pub columns: ColumnRoles,
    /// How the file is read.
    pub format: TableFormat,
    source: BlockSource,
}

#[derive(Debug)]
enum BlockSource {
    /// CSV text in the file (or in memory) and its blocks of whole records.
    Csv {
        text: TableText,
        delimiter: u8,
        chunks: Vec<Chunk>,
    },
    /// Rows read whole (GeoJSON), as one block.
    Rows(Vec<TableRow>),
}

impl TableBlocks {
    /// Opens a table: detects the encoding, reads the header, assigns the
    /// column roles and lays out the blocks. Errors of the file as a whole
    /// (encoding, missing columns, an unterminated quote) are found here;
    /// errors of single records when their block is read.
    pub fn open(path: &Path) -> Result<TableBlocks, InputError> {
        TableBlocks::open_with(path, SIZES, TableKind::Partners)
    }

    fn open_with(path: &Path, sizes: Sizes, kind: TableKind) -> Result<TableBlocks, InputError> {
        let io = |source| InputError::Io {
            path: path.to_path_buf(),
            source,
        };
        // refused by its size before it is read
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_TABLE_BYTES {
            return Err(InputError::TooLarge {
                path: path.to_path_buf(),
                size,
                max: MAX_TABLE_BYTES,
            });
        }
        let source = ByteSource::open(path).map_err(io)?;
        TableBlocks::from_source(path, source, sizes, kind)
    }

    /// [`TableBlocks::open`] on the bytes of a file; `path` names it in
    /// messages and its extension chooses GeoJSON (`.geojson`, `.json`).
    ///
    /// ```
    /// use std::path::Path;
    /// let blocks = ruhrmap::table::TableBlocks::from_bytes(Path::new("p.csv"), b"name;ort\nRUB;Bochum\n".to_vec()).unwrap();
    /// assert_eq!(blocks.columns.place, Some(1));
    /// let err = ruhrmap::table::TableBlocks::from_bytes(Path::new("p.csv"), b"name;ort\n".to_vec()).unwrap_err();
    /// assert_eq!(err.to_string(), "p.csv: no data rows, only the header; expected one row per partner below it");
    /// ```
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<TableBlocks, InputError> {
        TableBlocks::from_source(path, ByteSource::memory(bytes), SIZES, TableKind::Partners)
    }

    fn from_source(
        path: &Path,
        source: ByteSource,
        sizes: Sizes,
        kind: TableKind,
    ) -> Result<TableBlocks, InputError> {
        let io = |source| InputError::Io {
            path: path.to_path_buf(),
            source,
        };
        let text = TableText::detect(path, source, sizes.window)?;
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let head = if kind == TableKind::Partners && (extension == "geojson" || extension == "json")
        {
            Head::Json
        } else {
            read_head(path, &text, sizes.window, kind)?
        };
        let (headers, delimiter, body_start, body_line) = match head {
            Head::Json => {
                // GeoJSON is parsed whole
                let mut buf = Vec::new();
                let body = text.decode(path, text.start(), text.len(), &mut buf)?;
                let table = read_geojson(path, &body)?;
                let columns = find_roles(path, &table.headers)?;
                if table.rows.is_empty() {
                    return Err(InputError::NoRows {
                        path: path.to_path_buf(),
                        geojson: true,
                    });
                }
                return Ok(TableBlocks {
                    path: path.to_path_buf(),
                    headers: table.headers,
                    columns,
                    format: TableFormat::GeoJson,
                    source: BlockSource::Rows(table.rows),
                });
            }
            Head::Csv {
                headers,
                delimiter,
                body_start,
                body_line,
            } => (headers, delimiter, body_start, body_line),
        };
        let layout =
            scan_records(&text, body_start, body_line, delimiter, sizes.block).map_err(io)?;
        if let Some(line) = layout.unterminated_quote {
            // an open quote swallows the rest of the file without the csv reader complaining
            return Err(InputError::Quote {
                path: path.to_path_buf(),
                line,
            });
        }
        let columns = match kind {
            TableKind::Partners => find_roles(path, &headers)?,
            TableKind::Delimited => ColumnRoles::default(),
        };
        let blocks = TableBlocks {
            path: path.to_path_buf(),
            headers,
            columns,
            format: TableFormat::Csv {
                delimiter,
                encoding: text.encoding(),
            },
            source: BlockSource::Csv {
                text,
                delimiter,
                chunks: layout.chunks,
            },
        };
        // a header without rows is the wrong sheet or an export cut short;
        // only a body of separators and blanks can hold no row
        if layout.blank
            && (0..blocks.block_count())
                .all(|i| blocks.read_block(i).is_ok_and(|rows| rows.is_empty()))
        {
            return Err(InputError::NoRows {
                path: path.to_path_buf(),
                geojson: false,
            });
        }
        Ok(blocks)
    }

    /// The number of blocks.
    pub fn block_count(&self) -> usize {
        match &self.source {
            BlockSource::Csv { chunks, .. } => chunks.len(),
            BlockSource::Rows(_) => 1,
        }
    }

    /// About how many records the table holds, without reading them: the
    /// lines before the last block, and the last block as many lines per
    /// byte as the blocks before it (a table of one block is counted
    /// exactly). Records spanning lines make it an overestimate.
    ///
    /// ```
    /// use std::path::Path;
    /// let rows = "name;lat;lon\n".to_string() + &"RUB;51.44;7.26\n".repeat(3);
    /// let blocks = ruhrmap::table::TableBlocks::from_bytes(Path::new("p.csv"), rows.into_bytes()).unwrap();
    /// assert_eq!(blocks.approx_records(), 3);
    /// ```
    pub fn approx_records(&self) -> usize {
        match &self.source {
            BlockSource::Csv { chunks, .. } => match chunks.as_slice() {
                [] => 0,
                [_] => self.read_block(0).map_or(0, |rows| rows.len()),
                [first, .., last] => {
                    let lines = (last.line - first.line) as f64;
                    let bytes = (last.start - first.start).max(1) as f64;
                    let all = (last.end - first.start) as f64;
                    (lines * all / bytes).round() as usize
                }
            },
            BlockSource::Rows(rows) => rows.len(),
        }
    }

    /// The rows of block `index` (in file order; blocks follow each other in
    /// file order), with every coordinate cell checked. A block of a file is
    /// read from the file now: if the file has changed since it was opened,
    /// the error says so.
    ///
    /// # Panics
    /// If `index` is not below [`TableBlocks::block_count`].
    pub fn read_block(&self, index: usize) -> Result<Vec<TableRow>, InputError> {
        let rows = match &self.source {
            BlockSource::Csv {
                text,
                delimiter,
                chunks,
            } => {
                let chunk = chunks[index];
                let mut buf = Vec::new();
                let decoded = text.decode(&self.path, chunk.start, chunk.end, &mut buf)?;
                parse_chunk(
                    &self.path,
                    &decoded,
                    chunk.line,
                    *delimiter,
                    &self.headers,
                    &self.columns,
                )?
            }
            BlockSource::Rows(rows) => {
                assert_eq!(index, 0, "a GeoJSON table is one block");
                check_numbers(&self.path, &self.headers, &self.columns, rows)?;
                rows.clone()
            }
        };
        Ok(rows)
    }

    /// A table read whole (a workbook sheet) as one block.
    pub(crate) fn from_table(table: PartnerTable) -> TableBlocks {
        TableBlocks {
            path: table.path,
            headers: table.headers,
            columns: table.columns,
            format: table.format,
            source: BlockSource::Rows(table.rows),
        }
    }

    /// Reads every block (in parallel) into a [`PartnerTable`]; the error is
    /// the first in the file.
    pub fn into_table(self) -> Result<PartnerTable, InputError> {
        let rows = match &self.source {
            BlockSource::Rows(rows) => {
                check_numbers(&self.path, &self.headers, &self.columns, rows)?;
                None
            }
            BlockSource::Csv { .. } => {
                let blocks: Vec<Result<Vec<TableRow>, InputError>> = (0..self.block_count())
                    .into_par_iter()
                    .map(|i| self.read_block(i))
                    .collect();
                let mut rows =
                    Vec::with_capacity(blocks.iter().map(|b| b.as_ref().map_or(0, Vec::len)).sum());
                for block in blocks {
                    rows.extend(block?);
                }
                Some(rows)
            }
        };
        let rows = match (rows, self.source) {
            (Some(rows), _) => rows,
            (None, BlockSource::Rows(rows)) => rows,
            (None, BlockSource::Csv { .. }) => Vec::new(),
        };
        Ok(PartnerTable {
            path: self.path,
            headers: self.headers,
            rows,
            columns: self.columns,
            format: self.format,
        })
    }
}

/// What the start of the text says.
enum Head {
    /// The text is JSON.
    Json,
    /// A CSV header row, and where the records start: the byte offset in the
    /// file and the line.
    Csv {
        headers: Vec<String>,
        delimiter: u8,
        body_start: u64,
        body_line: u64,
    },
}

/// Reads the start of the text, as much as it takes to tell JSON from CSV
/// and to hold the whole header row.
fn read_head(
    path: &Path,
    text: &TableText,
    window: usize,
    kind: TableKind,
) -> Result<Head, InputError> {
    let mut want = window.max(1);
    loop {
        let (prefix, end) = text.prefix(path, want)?;
        let body = prefix.trim_start();
        if kind == TableKind::Partners && body.starts_with(['{', '[']) {
            return Ok(Head::Json);
        }
        if (!body.is_empty() || end)
            && let Some(head) = csv_header(path, text, &prefix, end)?
        {
            return Ok(head);
        }
        // doubling keeps a very long header row from being decoded over and over
        want = want.saturating_mul(2);
    }
}

/// The delimiter of the header row: the most frequent of `;`, tab and `,`
/// outside quotes (ties in that order, as German Excel writes `;`) in the
/// first line; and whether `text` holds that line whole.
fn sniff_delimiter(text: &str) -> (u8, bool) {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut whole = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                whole = true;
                break;
            }
            b';' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b'\t', b','];
    let best = (0..3).max_by_key(|&k| (counts[k], 3 - k)).unwrap_or(2);
    let delimiter = if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    };
    (delimiter, whole)
}

/// Reads the header row at the start of `prefix`, the text from its start
/// (`end`: to its end): the column names, the delimiter and where the
/// records start. `None` if the prefix is too short to tell: it must hold
/// the whole first line, which the delimiter is told from, and the whole
/// header row with something after it.
fn csv_header(
    path: &Path,
    text: &TableText,
    prefix: &str,
    end: bool,
) -> Result<Option<Head>, InputError> {
    let (delimiter, whole_line) = sniff_delimiter(prefix);
    if !whole_line && !end {
        return Ok(None);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(prefix.as_bytes());
    let mut record = csv::StringRecord::new();
    let found = reader
        .read_record(&mut record)
        .map_err(|source| InputError::Csv {
            path: path.to_path_buf(),
            line: 1,
            source,
        })?;
    let pos = reader.position().byte() as usize;
    if !end && (!found || pos >= prefix.len()) {
        return Ok(None);
    }
    let headers: Vec<String> = record.iter().map(|h| h.trim().to_string()).collect();
    if !found || headers.iter().all(String::is_empty) {
        return Err(InputError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(Some(Head::Csv {
        headers,
        delimiter,
        body_start: text.offset_in_source(prefix, pos),
        body_line: 1 + prefix[..pos].matches('\n').count() as u64,
    }))
}

/// A stretch of whole records: bytes `[start, end)` of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Chunk {
    start: u64,
    end: u64,
    /// 1-based line number at `start`.
    line: u64,
}

/// How the records of a CSV body are laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RecordLayout {
    chunks: Vec<Chunk>,
    /// The line of a quote that opens a field and is never closed.
    unterminated_quote: Option<u64>,
    /// Whether the body holds nothing but delimiters, quotes and blanks.
    blank: bool,
}

/// Scans the body (from byte `from`, on line `line`) window by window, by the
/// CSV quoting rules — a quote opens a field only at its start, `""` inside a
/// quoted field is a literal quote, line breaks inside quotes are data — and
/// cuts it into chunks of about `target` code units, cut at line breaks that
/// end a record.
fn scan_records(
    text: &TableText,
    from: u64,
    line: u64,
    delimiter: u8,
    target: usize,
) -> std::io::Result<RecordLayout> {
    let mut scanner = RecordScanner {
        delimiter: delimiter as u32,
        target: target.max(1) as u64,
        quote: QuoteState::Outside,
        field_start: true,
        line,
        open_line: 0,
        chunk_start: 0,
        chunk_line: line,
        chunks: Vec::new(),
        blank: true,
    };
    text.for_each_window(from, |first, units| {
        match units {
            Units::Bytes(units) => scanner.feed(first, units),
            Units::Wide(units) => scanner.feed(first, units),
        }
        true
    })?;
    let width = text.unit_bytes();
    let units = (text.len().saturating_sub(from)) / width;
    if scanner.chunk_start < units {
        scanner
            .chunks
            .push((scanner.chunk_start, units, scanner.chunk_line));
    }
    Ok(RecordLayout {
        chunks: scanner
            .chunks
            .iter()
            .map(|&(start, end, line)| Chunk {
                start: from + start * width,
                end: from + end * width,
                line,
            })
            .collect(),
        unterminated_quote: (scanner.quote == QuoteState::Inside).then_some(scanner.open_line),
        blank: scanner.blank,
    })
}

/// Where the scanner is with respect to quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    /// Outside quoted fields.
    Outside,
    /// Inside a quoted field.
    Inside,
    /// Just after a quote inside a quoted field: a second quote makes both a
    /// literal quote, anything else means the first one closed the field.
    AfterQuote,
}

/// The state of [`scan_records`] between windows.
struct RecordScanner {
    delimiter: u32,
    target: u64,
    quote: QuoteState,
    field_start: bool,
    line: u64,
    open_line: u64,
    /// Unit index (from the start of the body) where the current chunk starts.
    chunk_start: u64,
    chunk_line: u64,
    /// (start, end, line) in units from the start of the body.
    chunks: Vec<(u64, u64, u64)>,
    blank: bool,
}

impl RecordScanner {
    /// Scans the units of one window; `first` is the index of its first unit.
    fn feed<U: Copy + Into<u32>>(&mut self, first: u64, units: &[U]) {
        const QUOTE: u32 = b'"' as u32;
        const LF: u32 = b'\n' as u32;
        const CR: u32 = b'\r' as u32;
        for (k, &unit) in units.iter().enumerate() {
            let u: u32 = unit.into();
            if u == LF {
                self.line += 1;
            }
            if self.blank {
                self.blank = u == self.delimiter || matches!(u, 0x20 | 0x09 | CR | LF | QUOTE);
            }
            match self.quote {
                QuoteState::Inside => {
                    if u == QUOTE {
                        self.quote = QuoteState::AfterQuote;
                    }
                    continue;
                }
                QuoteState::AfterQuote => {
                    if u == QUOTE {
                        self.quote = QuoteState::Inside;
                        continue;
                    }
                    self.quote = QuoteState::Outside;
                }
                QuoteState::Outside => {
                    if u == QUOTE && self.field_start {
                        self.quote = QuoteState::Inside;
                        self.open_line = self.line;
                        self.field_start = false;
                        continue;
                    }
                }
            }
            self.field_start = u == self.delimiter || u == LF || u == CR;
            let at = first + k as u64;
            if u == LF && at + 1 - self.chunk_start >= self.target {
                self.chunks
                    .push((self.chunk_start, at + 1, self.chunk_line));
                self.chunk_start = at + 1;
                self.chunk_line = self.line;
            }
        }
    }
}

/// Parses the records of one chunk; `first_line` is the line it starts on.
/// Each row's coordinate cells are checked as it is read, so the error is
/// the first in the chunk, whatever its kind.
fn parse_chunk(
    path: &Path,
    text: &str,
    first_line: u64,
    delimiter: u8,
    headers: &[String],
    roles: &ColumnRoles,
) -> Result<Vec<TableRow>, InputError> {
    let columns = headers.len();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut rows: Vec<TableRow> = Vec::with_capacity(text.len() / 32);
    let mut last_start = 0usize;
    let mut line = first_line;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(source) => {
                let offset = source
                    .position()
                    .map_or(last_start, |p| p.byte() as usize)
                    .min(text.len());
                let line = first_line
                    + text.as_bytes()[..offset]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count() as u64;
                return Err(InputError::Csv {
                    path: path.to_path_buf(),
                    line,
                    source,
                });
            }
        }
        // the reader's position is where it began reading, before skipped
        // blank lines, and its line count skips them: count newlines instead
        let mut start = record.position().map_or(last_start, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        line += text.as_bytes()[last_start..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        last_start = start;
        // a row of empty cells (Excel's trailing `;;;`) holds no partner
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if record.len() != columns {
            return Err(InputError::FieldCount {
                path: path.to_path_buf(),
                line,
                expected: columns,
                found: record.len(),
                delimiter: delimiter as char,
            });
        }
        let row = TableRow {
            line,
            values: record.iter().map(str::to_string).collect(),
        };
        check_row(path, headers, roles, &row)?;
        rows.push(row);
    }
    Ok(rows)
}

fn read_geojson(path: &Path, text: &str) -> Result<PartnerTable, InputError> {
    let geojson_error = |line: u64, message: String| InputError::GeoJson {
        path: path.to_path_buf(),
        line,
        message,
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        // serde_json stops at 128 levels instead of overflowing the stack
        let hint = if e.to_string().starts_with("recursion limit exceeded") {
            "; arrays or objects are nested more than 128 levels deep, where GeoJSON points need 3"
        } else {
            ""
        };
        geojson_error(e.line() as u64, format!("not valid JSON: {e}{hint}"))
    })?;
    let features: &Vec<serde_json::Value> = match &value {
        serde_json::Value::Object(object)
            if object.get("type").and_then(|t| t.as_str()) == Some("FeatureCollection") =>
        {
            object
                .get("features")
                .and_then(|f| f.as_array())
                .ok_or_else(|| {
                    geojson_error(
                        1,
                        "the FeatureCollection has no \"features\" array".to_string(),
                    )
                })?
        }
        serde_json::Value::Array(list) => list,
        _ => {
            return Err(geojson_error(
                1,
                "expected a GeoJSON FeatureCollection of Point features".to_string(),
            ));
        }
    };
    let lines = feature_lines(text, matches!(value, serde_json::Value::Array(_)));
    let line_of = |k: usize| lines.get(k).copied().unwrap_or(1);
    // the columns: every property key in order of first appearance, then the geometry
    let mut headers: Vec<String> = Vec::new();
    for (k, feature) in features.iter().enumerate() {
        if feature.get("type").and_then(|t| t.as_str()) != Some("Feature") {
            return Err(geojson_error(
                line_of(k),
                format!("feature {} is not a GeoJSON Feature", k + 1),
            ));
        }
        if let Some(properties) = feature.get("properties").and_then(|p| p.as_object()) {
            for key in properties.keys() {
                if !headers.iter().any(|h| h == key) {
                    headers.push(key.clone());
                }
            }
        }
    }
    let column_of =
        |headers: &mut Vec<String>, name: &str| match headers.iter().position(|h| h == name) {
            Some(k) => k,
            None => {
                headers.push(name.to_string());
                headers.len() - 1
            }
        };
    let lon_column = column_of(&mut headers, "lon");
    let lat_column = column_of(&mut headers, "lat");
    let mut rows = Vec::with_capacity(features.len());
    for (k, feature) in features.iter().enumerate() {
        let mut values = vec![String::new(); headers.len()];
        if let Some(properties) = feature.get("properties").and_then(|p| p.as_object()) {
            for (key, value) in properties {
                let at = headers.iter().position(|h| h == key).unwrap_or(0);
                values[at] = match value {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
            }
        }
        let position = feature_point(feature, k).map_err(|m| geojson_error(line_of(k), m))?;
        if let Some(point) = position {
            // the geometry is the position: it replaces lon/lat properties
            let number = |v: f64| {
                serde_json::Number::from_f64(v).map_or_else(String::new, |n| n.to_string())
            };
            values[lon_column] = number(point.x);
            values[lat_column] = number(point.y);
        }
        rows.push(TableRow {
            line: line_of(k),
            values,
        });
    }
    Ok(PartnerTable {
        path: path.to_path_buf(),
        headers,
        rows,
        columns: ColumnRoles::default(),
        format: TableFormat::GeoJson,
    })
}

/// The position of feature `k` (0-based): its Point's longitude and
/// latitude, `None` without geometry; what is wrong otherwise.
fn feature_point(
    feature: &serde_json::Value,
    k: usize,
) -> Result<Option<geo_types::Coord<f64>>, String> {
    let geometry = match feature.get("geometry") {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(geometry) => geometry,
    };
    let kind = geometry.get("type").and_then(|t| t.as_str()).unwrap_or("");
    if kind != "Point" {
        return Err(format!(
            "feature {} has a {kind} geometry; expected a Point (or null with a place property)",
            k + 1
        ));
    }
    let position = geometry
        .get("coordinates")
        .and_then(|c| c.as_array())
        .filter(|c| c.len() >= 2);
    match (
        position.and_then(|c| c[0].as_f64()),
        position.and_then(|c| c[1].as_f64()),
    ) {
        (Some(x), Some(y)) => Ok(Some(geo_types::Coord { x, y })),
        _ => Err(format!(
            "feature {}: Point coordinates must be [longitude, latitude] numbers",
            k + 1
        )),
    }
}

/// The 1-based line on which each feature object starts: the objects at
/// depth 2 (inside `"features": [ … ]` of the top-level object, or inside a
/// top-level array when `top_level_array`).
fn feature_lines(text: &str, top_level_array: bool) -> Vec<u64> {
    let mut lines = Vec::new();
    let mut line: u64 = 1;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut last_key = String::new();
    let mut key_buffer = String::new();
    let mut in_features = top_level_array;
    let feature_depth = if top_level_array { 1 } else { 2 };
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                last_key = std::mem::take(&mut key_buffer);
            } else if depth == 1 {
                key_buffer.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                key_buffer.clear();
            }
            '{' | '[' => {
                if c == '{' && depth == feature_depth && in_features {
                    lines.push(line);
                }
                if c == '[' && depth == 1 && !top_level_array {
                    in_features = last_key == "features";
                }
                depth += 1;
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 1 && !top_level_array {
                    in_features = false;
                }
            }
            _ => {}
        }
    }
    lines
}

/// The comparison form of a column name: lower case, umlauts spelt out, a
/// parenthesised or bracketed addition dropped, only letters and digits.
///
/// ```
/// assert_eq!(ruhrmap::table::header_key("Länge (WGS84)"), "laenge");
/// assert_eq!(ruhrmap::table::header_key(" Organisation "), "organisation");
/// ```
pub fn header_key(header: &str) -> String {
    let head = header.split(['(', '[']).next().unwrap_or("");
    let mut key = String::with_capacity(head.len());
    for c in head.chars().flat_map(char::to_lowercase) {
        match transliterate_char(c) {
            Some(t) => key.push_str(t),
            None if c.is_alphanumeric() => key.push(c),
            None => {}
        }
    }
    key
}

/// Assigns the roles; fails if the table has neither a place column nor both
/// coordinate columns, or only one of the two coordinate columns.
pub(crate) fn find_roles(path: &Path, headers: &[String]) -> Result<ColumnRoles, InputError> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    // the same name twice, or two spellings of a role's name (lat, Lat)
    let role_keys = [
        &NAME_HEADERS[..],
        &PLACE_HEADERS,
        &ADDRESS_HEADERS,
        &LAT_HEADERS,
        &LON_HEADERS,
    ];
    let mut by_name: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut by_role_key: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for second in 0..headers.len() {
        let same_name = (!headers[second].is_empty())
            .then(|| by_name.insert(&headers[second], second))
            .flatten();
        let is_role = role_keys
            .iter()
            .any(|names| names.contains(&keys[second].as_str()));
        let same_role = is_role
            .then(|| by_role_key.insert(&keys[second], second))
            .flatten();
        if let Some(first) = same_name.or(same_role) {
            return Err(InputError::DuplicateColumn {
                path: path.to_path_buf(),
                name: headers[first].clone(),
                other: headers[second].clone(),
                first: first + 1,
                second: second + 1,
            });
        }
    }
    let find = |names: &[&str]| names.iter().find_map(|n| keys.iter().position(|k| k == n));
    let town = find(&PLACE_HEADERS);
    let address = find(&ADDRESS_HEADERS);
    let (place, address) = match (town, address) {
        (Some(town), Some(address)) => (Some(town), Some(address)),
        (town, address) => (town.or(address), None),
    };
    let roles = ColumnRoles {
        name: find(&NAME_HEADERS),
        place,
        lat: find(&LAT_HEADERS),
        lon: find(&LON_HEADERS),
        address,
    };
    let missing = |message: &str| InputError::MissingColumns {
        path: path.to_path_buf(),
        message: message.to_string(),
        found: headers.to_vec(),
    };
    match (roles.lat, roles.lon) {
        (Some(_), None) => {
            return Err(missing(
                "there is a latitude column but no longitude column (lon, lng, longitude, länge)",
            ));
        }
        (None, Some(_)) => {
            return Err(missing(
                "there is a longitude column but no latitude column (lat, latitude, breite)",
            ));
        }
        _ => {}
    }
    if roles.place.is_none() && roles.lat.is_none() {
        return Err(missing(
            "expected a place column (place, ort, address, adresse, anschrift) or coordinate columns (lat/breite and lon/länge)",
        ));
    }
    Ok(roles)
}

/// Every coordinate cell must be empty or a number; the first bad cell (in
/// row order, latitude before longitude) is reported.
pub(crate) fn check_numbers(
    path: &Path,
    headers: &[String],
    columns: &ColumnRoles,
    rows: &[TableRow],
) -> Result<(), InputError> {
    rows.iter()
        .try_for_each(|row| check_row(path, headers, columns, row))
}

/// The coordinate cells of one row must be empty or numbers (latitude is
/// checked first).
fn check_row(
    path: &Path,
    headers: &[String],
    columns: &ColumnRoles,
    row: &TableRow,
) -> Result<(), InputError> {
    for column in [columns.lat, columns.lon].into_iter().flatten() {
        if parse_number(&row.values[column]).is_err() {
            return Err(InputError::Number {
                path: path.to_path_buf(),
                line: row.line,
                column: headers[column].clone(),
                value: row.values[column].clone(),
            });
        }
    }
    Ok(())
}

/// A cell that is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Parses a coordinate cell as spreadsheets write it: `51.4818`, `51,4818`
/// (decimal comma), `5.712.345,6` or `5,712,345.6` (thousands separators),
/// `51.48°`, `7.26 E`, `51° 28′ 54″ N` (degrees, minutes, seconds; S and W
/// negative). `Ok(None)` for an empty cell.
///
/// ```
/// use ruhrmap::table::parse_number;
/// assert_eq!(parse_number("51,4818"), Ok(Some(51.4818)));
/// assert_eq!(parse_number(" 7.2616 "), Ok(Some(7.2616)));
/// assert_eq!(parse_number("5.712.345,5"), Ok(Some(5_712_345.5)));
/// assert_eq!(parse_number("51° 30′ 0″ N"), Ok(Some(51.5)));
/// assert_eq!(parse_number("0° 30' W"), Ok(Some(-0.5)));
/// assert_eq!(parse_number(""), Ok(None));
/// assert!(parse_number("Bochum").is_err());
/// ```
pub fn parse_number(text: &str) -> Result<Option<f64>, NotANumber> {
    let mut t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // the common case, a plain decimal with a point, without detours
    if t.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-'))
        && t.bytes().filter(|&b| b == b'.').count() <= 1
    {
        return match t.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(Some(value)),
            _ => Err(NotANumber),
        };
    }
    // hemisphere letter before or after
    let mut sign = 1.0;
    let hemisphere = |c: char| matches!(c.to_ascii_uppercase(), 'N' | 'S' | 'E' | 'W' | 'O');
    if let Some(last) = t.chars().last().filter(|&c| hemisphere(c)) {
        if matches!(last.to_ascii_uppercase(), 'S' | 'W') {
            sign = -1.0;
        }
        t = t[..t.len() - 1].trim_end();
    } else if let Some(first) = t.chars().next().filter(|&c| hemisphere(c)) {
        if matches!(first.to_ascii_uppercase(), 'S' | 'W') {
            sign = -1.0;
        }
        t = t[1..].trim_start();
    }
    let value = if t.contains(['°', '′', '″', '\'', '"']) {
        parse_dms(t)?
    } else {
        parse_decimal(t)?
    };
    if !value.is_finite() {
        return Err(NotANumber);
    }
    Ok(Some(sign * value))
}

/// A decimal number with `.` or `,` as decimal separator and the other (or
/// spaces) grouping thousands.
fn parse_decimal(text: &str) -> Result<f64, NotANumber> {
    let mut cleaned = String::with_capacity(text.len());
    let last_dot = text.rfind('.');
    let last_comma = text.rfind(',');
    let dots = text.matches('.').count();
    let commas = text.matches(',').count();
    // the decimal separator is the last of the two when both occur, the only
    // one when it occurs once; a separator repeated is a thousands separator
    let decimal: Option<char> = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (Some(_), None) if dots == 1 => Some('.'),
        (None, Some(_)) if commas == 1 => Some(','),
        _ => None,
    };
    for c in text.chars() {
        match c {
            '0'..='9' | '-' | '+' | 'e' | 'E' => cleaned.push(c),
            c if Some(c) == decimal => cleaned.push('.'),
            '.' | ',' | ' ' | '\u{a0}' | '\u{202f}' | '\'' => {}
            '−' => cleaned.push('-'),
            _ => return Err(NotANumber),
        }
    }
    // thousands separators must group three digits
    if decimal.is_none() && (dots > 1 || commas > 1) {
        let sep = if dots > 1 { '.' } else { ',' };
        let groups: Vec<&str> = text.trim_start_matches(['-', '+']).split(sep).collect();
        if groups.iter().skip(1).any(|g| g.len() != 3)
            || groups[0].is_empty()
            || groups[0].len() > 3
        {
            return Err(NotANumber);
        }
    }
    cleaned.parse::<f64>().map_err(|_| NotANumber)
}

/// Degrees, minutes, seconds: `51° 28′ 54.3″` or `51°28'54"`.
fn parse_dms(text: &str) -> Result<f64, NotANumber> {
    let mut parts = [0.0f64; 3];
    let mut count = 0;
    for piece in text
        .split(['°', '′', '″', '\'', '"'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if count == 3 {
            return Err(NotANumber);
        }
        parts[count] = parse_decimal(piece)?;
        count += 1;
    }
    if count == 0 || parts[1] < 0.0 || parts[1] >= 60.0 || parts[2] < 0.0 || parts[2] >= 60.0 {
        return Err(NotANumber);
    }
    let magnitude = parts[0].abs() + parts[1] / 60.0 + parts[2] / 3600.0;
    Ok(if parts[0] < 0.0 {
        -magnitude
    } else {
        magnitude
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    #[test]
    fn excel_semicolon_cp1252_decimal_comma() {
        let (_d, path) = write("p.csv", b"Partner;Anschrift;Breite;L\xe4nge\r\n\"Stra\xdfen.NRW\";\"Wildenbruchplatz 1\r\n45888 Gelsenkirchen\";51,5;7,1\r\n");
        let table = read_table(&path).unwrap();
        assert_eq!(
            table.format,
            TableFormat::Csv {
                delimiter: b';',
                encoding: TextEncoding::Windows1252
            }
        );
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].values[0], "Straßen.NRW");
        assert_eq!(
            table.rows[0].values[1],
            "Wildenbruchplatz 1\r\n45888 Gelsenkirchen"
        );
        assert_eq!(
            table.columns,
            ColumnRoles {
                name: Some(0),
                place: Some(1),
                lat: Some(2),
                lon: Some(3),
                address: None
            }
        );
        let c = table.coordinates(&table.rows[0]);
        assert_eq!((c.lon, c.lat), (Some(7.1), Some(51.5)));
    }

    #[test]
    fn utf8_with_bom_and_tabs() {
        let (_d, path) = write(
            "p.tsv",
            "\u{feff}Name\tOrt\nRUB\tBochum\nTU\tDortmund\n".as_bytes(),
        );
        let table = read_table(&path).unwrap();
        assert_eq!(
            table.format,
            TableFormat::Csv {
                delimiter: b'\t',
                encoding: TextEncoding::Utf8Bom
            }
        );
        assert_eq!(table.headers, ["Name", "Ort"]);
        assert_eq!(
            table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 3]
        );
    }

    #[test]
    fn utf16_little_endian() {
        let text = "Name\tOrt\nHochschule Ruhr West\tMülheim an der Ruhr\n";
        let bytes = crate::table::text::utf16_with_bom(text, false);
        let (_d, path) = write("p.txt", &bytes);
        let table = read_table(&path).unwrap();
        assert_eq!(table.rows[0].values[1], "Mülheim an der Ruhr");
        assert_eq!(
            table.format,
            TableFormat::Csv {
                delimiter: b'\t',
                encoding: TextEncoding::Utf16Le
            }
        );
    }

    #[test]
    fn comma_delimited_with_quoted_commas() {
        let (_d, path) = write("p.csv", b"name,address,lat,lon\n\"RUB\",\"Universit\xc3\xa4tsstra\xc3\x9fe 150, 44801 Bochum\",51.4445,7.2616\n");
        let table = read_table(&path).unwrap();
        assert_eq!(
            table.format,
            TableFormat::Csv {
                delimiter: b',',
                encoding: TextEncoding::Utf8
            }
        );
        assert_eq!(
            table.place_text(&table.rows[0]).as_deref(),
            Some("Universitätsstraße 150, 44801 Bochum")
        );
    }

    #[test]
    fn address_and_town_columns_are_read_together() {
        let (_d, path) = write(
            "p.csv",
            b"Name;Adresse;Ort\nRUB;Universit\xc3\xa4tsstr. 150;Bochum\nX;;Essen\n",
        );
        let table = read_table(&path).unwrap();
        assert_eq!(table.columns.place, Some(2));
        assert_eq!(table.columns.address, Some(1));
        assert_eq!(
            table.place_text(&table.rows[0]).as_deref(),
            Some("Universitätsstr. 150, Bochum")
        );
        assert_eq!(table.place_text(&table.rows[1]).as_deref(), Some("Essen"));
    }

    #[test]
    fn mixed_encodings_are_refused_with_the_line() {
        let (_d, path) = write("p.csv", b"Name;Ort\nA;M\xc3\xbclheim\nB;M\xfcnster\n");
        match read_table(&path) {
            Err(InputError::Encoding {
                line,
                column,
                message,
                ..
            }) => {
                assert_eq!((line, column), (3, 4));
                assert!(message.contains("line 2"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_files_are_refused() {
        let (_d, path) = write("p.csv", b"Name;Ort\nA;B\x00\x01\n");
        assert!(matches!(
            read_table(&path),
            Err(InputError::Encoding {
                line: 2,
                column: 4,
                ..
            })
        ));
    }

    #[test]
    fn wrong_field_counts_name_the_line() {
        let (_d, path) = write("p.csv", b"Name;Ort\nA;Bochum\nB;Essen;extra\n");
        match read_table(&path) {
            Err(InputError::FieldCount {
                line,
                expected,
                found,
                ..
            }) => assert_eq!((line, expected, found), (3, 2, 3)),
            other => panic!("{other:?}"),
        }
        let (_d, path) = write("p.csv", b"Name;Ort;lat;lon\nA;Bochum\n");
        assert!(matches!(
            read_table(&path),
            Err(InputError::FieldCount {
                line: 2,
                expected: 4,
                found: 2,
                ..
            })
        ));
    }

    #[test]
    fn blank_lines_are_skipped_not_errors() {
        let (_d, path) = write("p.csv", b"Name;Ort\n\nA;Bochum\n;\n\n");
        let table = read_table(&path).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 3);
    }

    #[test]
    fn unparsable_numbers_name_line_and_column() {
        let (_d, path) = write(
            "p.csv",
            b"Name;Ort;Breite;L\xe4nge\nA;Bochum;51,4;7,2\nB;Essen;51,4;sieben\n",
        );
        match read_table(&path) {
            Err(e @ InputError::Number { .. }) => {
                let text = e.to_string();
                assert!(
                    text.contains("line 3")
                        && text.contains("\"Länge\"")
                        && text.contains("\"sieben\""),
                    "{text}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn missing_columns_are_named() {
        let (_d, path) = write("p.csv", b"Name;Telefon\nA;0234\n");
        let e = read_table(&path).unwrap_err();
        assert!(matches!(e, InputError::MissingColumns { .. }));
        assert!(e.to_string().contains("\"Telefon\""), "{e}");
        let (_d, path) = write("p.csv", b"Name;lat\nA;51.5\n");
        assert!(
            read_table(&path)
                .unwrap_err()
                .to_string()
                .contains("no longitude column")
        );
        let (_d, path) = write("p.csv", b"");
        assert!(matches!(read_table(&path), Err(InputError::Empty { .. })));
    }

    #[test]
    fn unterminated_quotes_name_their_line() {
        // the csv reader takes the rest of the file into the open quote
        let (_d, path) = write("p.csv", b"Name;Ort\nA;\"Bochum\nB;Essen\n");
        let e = read_table(&path).unwrap_err();
        assert!(matches!(e, InputError::Quote { line: 2, .. }), "{e:?}");
        // a quote inside an unquoted field is a literal character
        let (_d, path) = write("p.csv", b"Name;Ort\nMonitor 24\" GmbH;Bochum\n");
        assert_eq!(
            read_table(&path).unwrap().rows[0].values[0],
            "Monitor 24\" GmbH"
        );
    }

    #[test]
    fn geojson_points_become_rows() {
        let text = r#"{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"name": "RUB", "ort": "Bochum", "n": 3},
     "geometry": {"type": "Point", "coordinates": [7.2616, 51.4445]}},
    {"type": "Feature", "properties": {"name": "HRW", "ort": "Mülheim", "extra": null},
     "geometry": null}
  ]
}"#;
        let (_d, path) = write("p.geojson", text.as_bytes());
        let table = read_table(&path).unwrap();
        assert_eq!(table.format, TableFormat::GeoJson);
        assert_eq!(table.headers, ["name", "ort", "n", "extra", "lon", "lat"]);
        assert_eq!(
            table.rows[0].values,
            ["RUB", "Bochum", "3", "", "7.2616", "51.4445"]
        );
        assert_eq!(table.rows[1].values, ["HRW", "Mülheim", "", "", "", ""]);
        assert_eq!(
            table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [4, 6]
        );
        let c = table.coordinates(&table.rows[0]);
        assert_eq!((c.lon, c.lat), (Some(7.2616), Some(51.4445)));
    }

    #[test]
    fn geojson_other_geometries_are_refused() {
        let text = "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}]}";
        let (_d, path) = write("p.geojson", text.as_bytes());
        match read_table(&path) {
            Err(InputError::GeoJson { line, message, .. }) => {
                assert_eq!(line, 2);
                assert!(message.contains("Polygon"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn chunks_cut_only_between_records() {
        // a quoted field with line breaks and a doubled quote, many times over,
        // cut into small chunks: every cut must fall between records
        let record = "A;\"Zeile 1\nZeile \"\"2\"\"\nZeile 3\";x\n";
        let mut text = String::from("h1;h2;h3\n");
        for _ in 0..5000 {
            text.push_str(record);
        }
        // windows of 1000 bytes: records and quotes cross window boundaries
        let source = ByteSource::memory(text.clone().into_bytes());
        let whole = TableText::detect(Path::new("p.csv"), source, 1000).unwrap();
        let layout = scan_records(&whole, 9, 2, b';', 4096).unwrap();
        assert!(layout.chunks.len() > 1, "{:?}", layout.chunks.len());
        assert_eq!(layout.unterminated_quote, None);
        assert!(!layout.blank);
        let record_len = record.len() as u64;
        let mut expected_start = 9;
        for (k, chunk) in layout.chunks.iter().enumerate() {
            assert_eq!(chunk.start, expected_start);
            assert_eq!(
                (chunk.start - 9) % record_len,
                0,
                "chunk {k} starts inside a record"
            );
            assert_eq!(chunk.line, 2 + 3 * ((chunk.start - 9) / record_len));
            expected_start = chunk.end;
        }
        assert_eq!(expected_start, text.len() as u64);
        // and the parallel parse gives every record with its line
        let (_d, path) = write("p.csv", text.as_bytes());
        let table = read_table(&path).unwrap_err();
        // (no place or coordinate columns: the roles are checked after parsing)
        assert!(matches!(table, InputError::MissingColumns { .. }));
        let text = text.replacen("h1;h2;h3", "name;ort;notiz", 1);
        let (_d, path) = write("p.csv", text.as_bytes());
        let table = read_table(&path).unwrap();
        assert_eq!(table.rows.len(), 5000);
        assert!(
            table
                .rows
                .iter()
                .enumerate()
                .all(|(k, r)| r.line == 2 + 3 * k as u64
                    && r.values[1] == "Zeile 1\nZeile \"2\"\nZeile 3")
        );
    }

    #[test]
    fn errors_in_late_chunks_name_their_line() {
        let mut text = String::from("name;ort;lat;lon\n");
        for k in 0..20_000 {
            text.push_str(&format!("P{k};Bochum;51,4;7,2\n"));
        }
        text.push_str("Q;Essen;51,4;7,2;zu viel\n");
        let (_d, path) = write("p.csv", text.as_bytes());
        assert!(matches!(
            read_table(&path),
            Err(InputError::FieldCount {
                line: 20_002,
                found: 5,
                ..
            })
        ));
        let text = text
            .replace("Q;Essen;51,4;7,2;zu viel", "Q;Essen;51,4;sieben")
            .replacen("P7;Bochum;51,4;7,2", "P7;Bochum;Breite;7,2", 1);
        let (_d, path) = write("p.csv", text.as_bytes());
        match read_table(&path) {
            Err(InputError::Number { line, value, .. }) => {
                assert_eq!((line, value.as_str()), (9, "Breite"))
            }
            other => panic!("{other:?}"),
        }
    }

    /// Everything a read gives (header, format, rows), or the first error's message.
    type ReadAll = Result<(Vec<String>, TableFormat, Vec<TableRow>), String>;

    fn read_all(blocks: Result<TableBlocks, InputError>) -> ReadAll {
        let blocks = blocks.map_err(|e| e.to_string())?;
        let mut rows = Vec::new();
        for i in 0..blocks.block_count() {
            rows.extend(blocks.read_block(i).map_err(|e| e.to_string())?);
        }
        Ok((blocks.headers, blocks.format, rows))
    }

    /// Reads bytes in memory with the given window and block sizes.
    fn read_with(name: &str, bytes: &[u8], window: usize, block: usize) -> ReadAll {
        read_all(TableBlocks::from_source(
            Path::new(name),
            ByteSource::memory(bytes.to_vec()),
            Sizes { window, block },
            TableKind::Partners,
        ))
    }

    /// The whole read, and the same read in tiny windows and blocks of every
    /// size up to `max`, must agree.
    fn assert_window_independent(name: &str, bytes: &[u8], max: usize) -> ReadAll {
        let whole = read_with(name, bytes, 1 << 30, 1 << 30);
        for window in 4..=max {
            for block in [1, 2, 3, window / 2 + 1, window, 3 * window] {
                let small = read_with(name, bytes, window, block);
                assert_eq!(
                    small,
                    whole,
                    "window {window}, block {block}: {:?}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
        whole
    }

    #[test]
    fn the_record_estimate_is_close_for_many_blocks_and_exact_for_one() {
        let mut text = String::from("name;lat;lon\n");
        for k in 0..5000 {
            text.push_str(&format!("Partner {k};51.{k};7.{}\n", k % 7));
        }
        let blocks = |block| {
            TableBlocks::from_source(
                Path::new("p.csv"),
                ByteSource::memory(text.clone().into_bytes()),
                Sizes {
                    window: 4096,
                    block,
                },
                TableKind::Partners,
            )
            .unwrap()
        };
        let many = blocks(1000);
        assert!(many.block_count() > 50);
        let estimate = many.approx_records();
        assert!((4900..=5100).contains(&estimate), "{estimate}");
        assert_eq!(blocks(1 << 30).approx_records(), 5000);
    }

    #[test]
    fn a_streamed_read_gives_the_rows_of_a_whole_read() {
        // quoted fields with line breaks and quotes, CRLF, blank lines,
        // umlauts, trailing empty rows, several thousand lines
        let mut text = String::from("Name;Anschrift;Breite;Länge\r\n");
        for k in 0..3000 {
            match k % 5 {
                0 => text.push_str(&format!(
                    "P{k};\"Straße {k}\r\n44801 Bochum\";51,4{k};7,2\r\n"
                )),
                1 => text.push_str(&format!("\"Q \"\"{k}\"\"\";Mülheim;;\r\n\r\n")),
                2 => text.push_str(&format!("R{k};\"\";51.5;7.1\r\n;;;\r\n")),
                3 => text.push_str(&format!("S{k};Essen;;\n")),
                _ => text.push_str(&format!("T{k};\"a;b\nc\";1;2\r\n")),
            }
        }
        let (_d, path) = write("p.csv", text.as_bytes());
        let whole = read_table(&path).unwrap();
        assert_eq!(whole.rows.len(), 3000);
        // from the file in windows of 64 bytes and blocks of 100: many of each
        let streamed = TableBlocks::open_with(
            &path,
            Sizes {
                window: 64,
                block: 100,
            },
            TableKind::Partners,
        )
        .unwrap();
        assert!(streamed.block_count() > 100, "{}", streamed.block_count());
        let read = read_all(Ok(streamed)).unwrap();
        assert_eq!(read.0, whole.headers);
        assert_eq!(read.1, whole.format);
        assert_eq!(read.2, whole.rows);
        assert_eq!(whole.rows[1].line, 4);
        assert_eq!(whole.rows[2999].values[1], "a;b\nc");
        // the default sizes on a file larger than one window
        let mut big = text.clone();
        while big.len() <= 2 * WINDOW_BYTES {
            big.push_str("U;Herne;51,5;7,2\n");
        }
        let (_d, path) = write("p.csv", big.as_bytes());
        let blocks = TableBlocks::open(&path).unwrap();
        assert!(blocks.block_count() >= 8, "{}", blocks.block_count());
        let read = read_all(Ok(blocks)).unwrap();
        assert_eq!(read.2[..3000], whole.rows[..]);
        assert_eq!(read.2.len(), 3000 + (big.len() - text.len()) / 17);
        assert_eq!(
            read.2.last().unwrap().line,
            big.matches('\n').count() as u64
        );
    }

    #[test]
    fn errors_in_a_later_window_name_their_line() {
        let mut text = String::from("name;ort;lat;lon\n");
        for k in 0..2000 {
            text.push_str(&format!("P{k};\"Bo\nchum\";51,4;7,2\n"));
        }
        // line 4002 is the first after 2000 two-line records
        let cases: [(&str, &[u8], &str); 6] = [
            ("field count", b"Q;Essen;1;2;3\n", "line 4002: 5 fields"),
            (
                "number",
                b"Q;Essen;51,4;sieben\n",
                "line 4002, column \"lon\"",
            ),
            (
                "quote",
                b"Q;\"Essen;1;2\nR;Herne;3;4\n",
                "line 4002: a quote opens",
            ),
            (
                "control",
                b"Q;Es\x01sen;1;2\n",
                "line 4002, column 5: control character U+0001",
            ),
            (
                "mixed, UTF-8 first",
                b"Q;M\xc3\xbclheim;1;2\nR;M\xfcnster;3;4\n",
                "line 4003, column 4: byte 0xFC is not UTF-8, but line 4002 is UTF-8",
            ),
            (
                "cp1252 control",
                b"Q;M\xfcn\x81ster;1;2\n",
                "line 4002, column 6: control character U+0081",
            ),
        ];
        for (what, tail, expected) in cases {
            let mut bytes = text.clone().into_bytes();
            bytes.extend_from_slice(tail);
            let message = read_with("p.csv", &bytes, 256, 512).unwrap_err();
            assert!(message.contains(expected), "{what}: {message}");
            assert_eq!(
                read_with("p.csv", &bytes, 1 << 30, 1 << 30).unwrap_err(),
                message,
                "{what}"
            );
        }
        // a bad byte early, the UTF-8 that makes the file mixed many windows later
        let mut bytes = b"name;ort\nA;M\xfcnster\n".to_vec();
        bytes.extend_from_slice(text.split_once('\n').unwrap().1.as_bytes());
        bytes.extend_from_slice(b"B;M\xc3\xbclheim\n");
        let message = read_with("p.csv", &bytes, 64, 128).unwrap_err();
        assert!(
            message.contains("line 2, column 4: byte 0xFC is not UTF-8, but line 4003 is UTF-8"),
            "{message}"
        );
    }

    #[test]
    fn a_quoted_field_with_line_breaks_across_window_and_block_boundaries() {
        // every cut position of windows and blocks falls somewhere in the
        // quoted field for one of the sizes
        let text =
            "name;ort\r\nA;\"Zeile 1\r\n\"\"Zeile\"\" 2\n;\nZeile 3\"\r\nB;Essen\r\n\"C\";\"\"\n";
        let (_, _, rows) = assert_window_independent("p.csv", text.as_bytes(), 40).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].values[1], "Zeile 1\r\n\"Zeile\" 2\n;\nZeile 3");
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 6, 7]);
        // and an unterminated one, opened in a late window
        let text = "name;ort\nA;Bochum\nB;Essen\nC;\"Herne\nD;Hagen\n";
        let message = assert_window_independent("p.csv", text.as_bytes(), 30).unwrap_err();
        assert!(message.contains("line 4: a quote opens"), "{message}");
    }

    #[test]
    fn cp1252_across_windows() {
        // the first byte that is not UTF-8 comes windows after the start:
        // the whole file is still Windows-1252, the earlier rows included
        let mut bytes = b"Name;Ort\r\n".to_vec();
        for k in 0..200 {
            bytes.extend_from_slice(format!("P{k};Bochum\r\n").as_bytes());
        }
        bytes.extend_from_slice(
            b"Stra\xdfen.NRW;M\xfclheim an der Ruhr\r\n\"\x80 \x84Zitat\x93\";K\xf6ln\r\n",
        );
        let whole = read_with("p.csv", &bytes, 1 << 30, 1 << 30).unwrap();
        assert_eq!(
            whole.1,
            TableFormat::Csv {
                delimiter: b';',
                encoding: TextEncoding::Windows1252
            }
        );
        assert_eq!(whole.2[200].values, ["Straßen.NRW", "Mülheim an der Ruhr"]);
        assert_eq!(whole.2[201].values, ["€ „Zitat“", "Köln"]);
        for (window, block) in [(4, 1), (16, 7), (64, 100), (1000, 33)] {
            assert_eq!(read_with("p.csv", &bytes, window, block), Ok(whole.clone()));
        }
    }

    #[test]
    fn utf16_across_windows() {
        // surrogate pairs (😀) and line breaks at every window boundary for some size
        let text = "Name\tOrt\r\nHochschule 😀 Ruhr West\tMülheim\r\n\"a\r\n😀\"\tEssen\r\n";
        for big_endian in [false, true] {
            let bytes = crate::table::text::utf16_with_bom(text, big_endian);
            let (_, format, rows) = assert_window_independent("p.txt", &bytes, 40).unwrap();
            assert!(matches!(
                format,
                TableFormat::Csv {
                    delimiter: b'\t',
                    ..
                }
            ));
            assert_eq!(rows[0].values, ["Hochschule 😀 Ruhr West", "Mülheim"]);
            assert_eq!(rows[1].values, ["a\r\n😀", "Essen"]);
            assert_eq!(rows[1].line, 3);
        }
    }

    #[test]
    fn random_tables_read_alike_in_any_window() {
        // seeded random tables in every encoding and delimiter, with quoted
        // line breaks, blank lines and now and then a piece that makes them
        // fail: the read in small windows and blocks must equal the whole
        // read, rows or error
        let mut next = crate::test_points::uniform(0x7AB1_E5EE_D5EE_D001);
        let mut pick = |n: usize| ((next() * n as f64) as usize).min(n - 1);
        let mut outcomes = [0usize; 2];
        for _ in 0..300 {
            let delimiter = [b';', b',', b'\t'][pick(3)];
            let encoding = pick(4); // UTF-8, UTF-8 with BOM, Windows-1252, mixed
            let umlaut: &[u8] = match encoding {
                0 | 1 => b"M\xc3\xbclheim",
                2 => b"M\xfclheim",
                _ => [&b"M\xc3\xbclheim"[..], b"M\xfclheim"][pick(2)],
            };
            let mut bytes = if encoding == 1 {
                b"\xef\xbb\xbf".to_vec()
            } else {
                Vec::new()
            };
            let line_end: &[u8] = [&b"\n"[..], b"\r\n"][pick(2)];
            for (k, name) in ["name", "ort", "lat", "lon"].iter().enumerate() {
                if k > 0 {
                    bytes.push(delimiter);
                }
                bytes.extend_from_slice(name.as_bytes());
            }
            bytes.extend_from_slice(line_end);
            for _ in 0..pick(30) {
                let fields = if pick(200) == 0 { 3 + 2 * pick(2) } else { 4 };
                for k in 0..fields {
                    if k > 0 {
                        bytes.push(delimiter);
                    }
                    let field: &[u8] = match (k < 2, pick(10)) {
                        (_, 0) => b"",
                        (_, 1) => b" ",
                        (_, 2) => match pick(15) {
                            0 => b"sieben",
                            1 => b"\"offen",
                            2 => b"a\x01b",
                            3 => b"\x81",
                            4 => b"\xc2\x85",
                            _ => b"",
                        },
                        (true, 3) => b"Bochum",
                        (true, 4) => umlaut,
                        (true, 5) => b"\"a\nb\"",
                        (true, 6) => b"\"x\"\"y\"",
                        (true, 7) => b"\"\r\n\"",
                        (true, _) => b"Essen",
                        (false, 3 | 4) => b"\"51,4\"",
                        (false, _) => b"7.2",
                    };
                    bytes.extend_from_slice(field);
                }
                bytes.extend_from_slice(line_end);
                if pick(10) == 0 {
                    bytes.extend_from_slice(line_end);
                }
            }
            let whole = assert_window_independent("p.csv", &bytes, 12);
            outcomes[usize::from(whole.is_ok())] += 1;
        }
        // both outcomes occur often, so both paths were compared
        assert!(outcomes.iter().all(|&n| n > 40), "{outcomes:?}");
    }

    #[test]
    fn numbers_in_spreadsheet_spellings() {
        assert_eq!(parse_number("51.4818"), Ok(Some(51.4818)));
        assert_eq!(parse_number("-0,5"), Ok(Some(-0.5)));
        assert_eq!(parse_number("375.123,5"), Ok(Some(375_123.5)));
        assert_eq!(parse_number("375,123.5"), Ok(Some(375_123.5)));
        assert_eq!(parse_number("5 712 345"), Ok(Some(5_712_345.0)));
        assert_eq!(parse_number("7,123"), Ok(Some(7.123)));
        assert_eq!(
            parse_number("51°28'54\"N"),
            Ok(Some(51.0 + 28.0 / 60.0 + 54.0 / 3600.0))
        );
        assert_eq!(parse_number("S 33.9"), Ok(Some(-33.9)));
        for bad in ["1.2.3", "12,34,5", "abc", "51°70'", "NaN", "inf", "--1"] {
            assert!(parse_number(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn column_lookup_is_case_and_umlaut_insensitive() {
        let (_d, path) = write(
            "p.csv",
            b"NAME;ORT;Rolle;L\xc3\xa4ngengrad;BREITENGRAD\nA;B;core;7;51\n",
        );
        let table = read_table(&path).unwrap();
        assert_eq!(table.column(&["rolle", "role"]), Some(2));
        assert_eq!(table.columns.lon, Some(3));
        assert_eq!(table.columns.lat, Some(4));
    }
}
