//! Reading a partner table: CSV as German Excel and other tools write it, or a
//! GeoJSON FeatureCollection of points, into rows of text with the columns
//! that carry names, places and coordinates identified.
//!
//! CSV: the delimiter (`,`, `;` or tab) is detected from the header row; the
//! text may be UTF-8 with or without BOM, UTF-16 with BOM (Excel's “Unicode
//! text”) or Windows-1252 (Excel's “CSV (Trennzeichen-getrennt)”); numbers may
//! use a decimal comma; quoted fields may span lines. Every cell is kept as
//! written, so the output can pass it through untouched.

use rayon::prelude::*;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Why a partner table could not be read. Each error names the file and,
/// where it concerns a part of it, the line (1-based) and column.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not text in any encoding the reader accepts.
    #[error("{path}, line {line}, column {column}: {message}")]
    Encoding {
        /// The file.
        path: PathBuf,
        /// Line of the first offending byte.
        line: u64,
        /// Character position of the offending byte in its line (1-based).
        column: u64,
        /// What was found and what was expected.
        message: String,
    },
    /// The CSV structure is broken (e.g. an unterminated quote).
    #[error("{path}, line {line}: malformed CSV: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The line where the problem was noticed.
        line: u64,
        /// The underlying error.
        #[source]
        source: csv::Error,
    },
    /// A record has more or fewer fields than the header row.
    #[error("{path}, line {line}: {found} fields where the header has {expected} (delimiter {delimiter:?}); a value containing the delimiter must be quoted")]
    FieldCount {
        /// The file.
        path: PathBuf,
        /// Line where the record starts.
        line: u64,
        /// Fields in the header row.
        expected: usize,
        /// Fields in this record.
        found: usize,
        /// The detected delimiter.
        delimiter: char,
    },
    /// A quoted field is never closed.
    #[error("{path}, line {line}: a quote opens a field here and is never closed; every `\"` that starts a field needs a closing `\"` (a quote inside a field is written `\"\"`)")]
    Quote {
        /// The file.
        path: PathBuf,
        /// Line of the opening quote.
        line: u64,
    },
    /// The file has no header row.
    #[error("{path}: the file is empty; expected a header row naming the columns (e.g. name;ort;lat;lon)")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Neither a place column nor a pair of coordinate columns was found.
    #[error("{path}, line 1: {message}; found the columns {}", .found.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", "))]
    MissingColumns {
        /// The file.
        path: PathBuf,
        /// What is missing.
        message: String,
        /// The column names that are there.
        found: Vec<String>,
    },
    /// A coordinate cell is not a number.
    #[error("{path}, line {line}, column {column:?}: {value:?} is not a number; expected a decimal number such as 51.4818 or 51,4818")]
    Number {
        /// The file.
        path: PathBuf,
        /// Line where the record starts.
        line: u64,
        /// The column's name in the header.
        column: String,
        /// The cell as written.
        value: String,
    },
    /// The file is larger than [`MAX_TABLE_BYTES`].
    #[error("{path} is {size} bytes, larger than the {max} bytes a partner table may have; split it into several tables")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The header names a column twice, so which one is meant is ambiguous.
    #[error("{path}, line 1: columns {first} and {second} are both named {name:?}{}; expected each column name once, as the names say which cell is which", if .other != .name { format!(" (as {other:?})") } else { String::new() })]
    DuplicateColumn {
        /// The file.
        path: PathBuf,
        /// The name of the first column.
        name: String,
        /// The name of the second column (the same, or the same in another spelling).
        other: String,
        /// 1-based position of the first column.
        first: usize,
        /// 1-based position of the second column.
        second: usize,
    },
    /// The table has a header but not a single data row.
    #[error("{path}: no data rows, only the header{}; expected one row per partner below it", if *.geojson { " (a FeatureCollection without features)" } else { "" })]
    NoRows {
        /// The file.
        path: PathBuf,
        /// Whether the file is GeoJSON.
        geojson: bool,
    },
    /// A GeoJSON input is not a FeatureCollection of points.
    #[error("{path}, line {line}: {message}")]
    GeoJson {
        /// The file.
        path: PathBuf,
        /// Line of the offending feature (or of the problem).
        line: u64,
        /// What was found and what was expected.
        message: String,
    },
}

/// The text encodings the reader detects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 with byte-order mark (Excel's “CSV UTF-8”).
    Utf8Bom,
    /// UTF-16 little-endian with byte-order mark (Excel's “Unicode text”).
    Utf16Le,
    /// UTF-16 big-endian with byte-order mark.
    Utf16Be,
    /// Windows-1252 (Excel's default CSV on German Windows).
    Windows1252,
}

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
/// assert_eq!(table.coordinates(&table.rows[0]), (Some(7.2616), Some(51.4445)));
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
    pub fn coordinates(&self, row: &TableRow) -> (Option<f64>, Option<f64>) {
        self.columns.coordinates(row)
    }
}

impl ColumnRoles {
    /// The place text of a row: the place cell, or `address, town` when the
    /// table has both columns; `None` when empty.
    ///
    /// ```
    /// use ruhrmap::{ColumnRoles, TableRow};
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
    /// use ruhrmap::{ColumnRoles, TableRow};
    /// let roles = ColumnRoles { lat: Some(0), lon: Some(1), ..Default::default() };
    /// let row = TableRow { line: 2, values: vec!["51,48".into(), "7,22".into()] };
    /// assert_eq!(roles.coordinates(&row), (Some(7.22), Some(51.48)));
    /// ```
    pub fn coordinates(&self, row: &TableRow) -> (Option<f64>, Option<f64>) {
        let number = |k: Option<usize>| {
            k.and_then(|k| row.values.get(k))
                .and_then(|v| parse_number(v).ok().flatten())
        };
        (number(self.lon), number(self.lat))
    }
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

/// The largest partner table read (a million partners take about 100 MB).
pub const MAX_TABLE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Bytes of CSV text per block: large enough that parsing dominates the
/// bookkeeping, small enough that a block of rows stays in the caches.
const BLOCK_BYTES: usize = 256 * 1024;

/// A partner table opened for reading block by block: the header, the column
/// roles and the place of every block of records are known, the rows of a
/// block are parsed (and their coordinates checked) when asked for. This
/// lets a large file stream through geocoding without all its rows in memory
/// at once, and lets blocks be parsed in parallel.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("p.csv");
/// std::fs::write(&path, "name;ort\nRUB;Bochum\nTU;Dortmund\n").unwrap();
/// let blocks = ruhrmap::TableBlocks::open(&path).unwrap();
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
    /// Decoded CSV text and its blocks of whole records.
    Csv {
        text: String,
        delimiter: u8,
        chunks: Vec<Chunk>,
    },
    /// Rows read whole (GeoJSON), as one block.
    Rows(Vec<TableRow>),
}

impl TableBlocks {
    /// Opens a table: reads and decodes the file, reads the header, assigns
    /// the column roles and lays out the blocks. Errors of the file as a
    /// whole (encoding, missing columns, an unterminated quote) are found
    /// here; errors of single records when their block is read.
    pub fn open(path: &Path) -> Result<TableBlocks, InputError> {
        let io = |source| InputError::Io {
            path: path.to_path_buf(),
            source,
        };
        // refused by its size before it is read into memory
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_TABLE_BYTES {
            return Err(InputError::TooLarge {
                path: path.to_path_buf(),
                size,
                max: MAX_TABLE_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        TableBlocks::from_bytes(path, bytes)
    }

    /// [`TableBlocks::open`] on the bytes of a file; `path` names it in
    /// messages and its extension chooses GeoJSON (`.geojson`, `.json`).
    ///
    /// ```
    /// use std::path::Path;
    /// let blocks = ruhrmap::TableBlocks::from_bytes(Path::new("p.csv"), b"name;ort\nRUB;Bochum\n".to_vec()).unwrap();
    /// assert_eq!(blocks.columns.place, Some(1));
    /// let err = ruhrmap::TableBlocks::from_bytes(Path::new("p.csv"), b"name;ort\n".to_vec()).unwrap_err();
    /// assert_eq!(err.to_string(), "p.csv: no data rows, only the header; expected one row per partner below it");
    /// ```
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<TableBlocks, InputError> {
        let (text, start, encoding) = decode(path, bytes)?;
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let body = &text[start..];
        let looks_like_json = body.trim_start().starts_with(['{', '[']);
        if extension == "geojson" || extension == "json" || looks_like_json {
            let table = read_geojson(path, body)?;
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
        let (headers, delimiter, mut chunks) = csv_layout(path, body)?;
        for chunk in &mut chunks {
            chunk.start += start;
            chunk.end += start;
        }
        let columns = find_roles(path, &headers)?;
        let blocks = TableBlocks {
            path: path.to_path_buf(),
            headers,
            columns,
            format: TableFormat::Csv {
                delimiter,
                encoding,
            },
            source: BlockSource::Csv {
                text,
                delimiter,
                chunks,
            },
        };
        // a header without rows is the wrong sheet or an export cut short;
        // only a body of separators and blanks can hold no row
        let blank = |b: u8| b == delimiter || matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'"');
        if let BlockSource::Csv { text, chunks, .. } = &blocks.source {
            let body_is_blank = chunks
                .iter()
                .all(|c| text.as_bytes()[c.start..c.end].iter().all(|&b| blank(b)));
            if body_is_blank
                && (0..chunks.len()).all(|i| blocks.read_block(i).is_ok_and(|rows| rows.is_empty()))
            {
                return Err(InputError::NoRows {
                    path: path.to_path_buf(),
                    geojson: false,
                });
            }
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

    /// The rows of block `index` (in file order; blocks follow each other in
    /// file order), with every coordinate cell checked.
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
                parse_chunk(
                    &self.path,
                    &text[chunk.start..chunk.end],
                    chunk.line,
                    *delimiter,
                    self.headers.len(),
                )?
            }
            BlockSource::Rows(rows) => {
                assert_eq!(index, 0, "a GeoJSON table is one block");
                rows.clone()
            }
        };
        check_numbers(&self.path, &self.headers, &self.columns, &rows)?;
        Ok(rows)
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

/// Decodes the file's bytes, detecting the encoding.
/// Returns the text, the byte offset where the content starts (after a
/// byte-order mark) and the encoding.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<(String, usize, TextEncoding), InputError> {
    // the position of a problem, from the text before it
    let encoding_error = |text_before: &str, message: String| {
        let line = text_before.matches('\n').count() as u64 + 1;
        let column = text_before
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count()) as u64
            + 1;
        InputError::Encoding {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let (text, start, encoding): (String, usize, TextEncoding) = if bytes
        .starts_with(b"\xEF\xBB\xBF")
    {
        match String::from_utf8(bytes) {
            Ok(text) => (text, 3, TextEncoding::Utf8Bom),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let rest = e.as_bytes();
                let before = std::str::from_utf8(&rest[3..valid]).unwrap_or("");
                return Err(encoding_error(before, format!("byte 0x{:02X} is not UTF-8, though the file starts with a UTF-8 byte-order mark; save it again as “CSV UTF-8”", rest[valid])));
            }
        }
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (codec, kind) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, TextEncoding::Utf16Le)
        } else {
            (encoding_rs::UTF_16BE, TextEncoding::Utf16Be)
        };
        match codec.decode_without_bom_handling_and_without_replacement(&bytes[2..]) {
            Some(text) => (text.into_owned(), 0, kind),
            None => {
                let (lossy, _) = codec.decode_without_bom_handling(&bytes[2..]);
                let at = lossy.find('\u{FFFD}').unwrap_or(0);
                return Err(encoding_error(
                    &lossy[..at],
                    "malformed UTF-16 (a lone surrogate or an odd number of bytes)".to_string(),
                ));
            }
        }
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => (text, 0, TextEncoding::Utf8),
            Err(e) => {
                let first_bad = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let bytes = bytes.as_slice();
                // UTF-8 sequences elsewhere mean a file of mixed encodings, which
                // no single decoding reads right
                if let Some(utf8_at) = find_utf8_sequence(bytes) {
                    let (lossy, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                    let utf8_line = bytes[..utf8_at].iter().filter(|&&b| b == b'\n').count() + 1;
                    let before: String = lossy.chars().take(first_bad).collect();
                    return Err(encoding_error(
                        &before,
                        format!("byte 0x{:02X} is not UTF-8, but line {utf8_line} is UTF-8: the file mixes encodings; save it again as “CSV UTF-8”", bytes[first_bad]),
                    ));
                }
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                (text.into_owned(), 0, TextEncoding::Windows1252)
            }
        }
    };
    // control characters mean binary data, not a table
    if let Some(at) = find_control(&text[start..]) {
        let at = start + at;
        let c = text[at..].chars().next().unwrap_or('\0');
        return Err(encoding_error(&text[start..at], format!("control character U+{:04X}: this does not look like a text table (expected CSV or GeoJSON)", c as u32)));
    }
    Ok((text, start, encoding))
}

/// The byte offset of the first control character other than tab and line
/// breaks: C0 (bytes below 0x20, and DEL) or C1 (U+0080–U+009F, encoded as
/// 0xC2 0x80–0x9F). Works on bytes, as a scan of a large file should.
fn find_control(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().position(|(k, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => matches!(bytes.get(k + 1), Some(0x80..=0x9F)),
        _ => false,
    })
}

/// The offset of a UTF-8 encoded non-ASCII character (a lead byte followed by
/// the right number of continuation bytes), if the bytes contain one.
fn find_utf8_sequence(bytes: &[u8]) -> Option<usize> {
    let is_cont = |b: u8| (0x80..0xC0).contains(&b);
    (0..bytes.len()).find(|&k| {
        let b = bytes[k];
        let need = match b {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => return false,
        };
        k + need < bytes.len()
            && bytes[k + 1..=k + need].iter().all(|&c| is_cont(c))
            && std::str::from_utf8(&bytes[k..=k + need]).is_ok()
    })
}

/// The delimiter of the header row: the most frequent of `;`, tab and `,`
/// outside quotes (ties in that order, as German Excel writes `;`).
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b';' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b'\t', b','];
    let best = (0..3).max_by_key(|&k| (counts[k], 3 - k)).unwrap_or(2);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// Reads the header row and lays out the body in blocks of whole records.
fn csv_layout(path: &Path, text: &str) -> Result<(Vec<String>, u8, Vec<Chunk>), InputError> {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let found = reader
        .read_record(&mut record)
        .map_err(|source| InputError::Csv {
            path: path.to_path_buf(),
            line: 1,
            source,
        })?;
    if !found {
        return Err(InputError::Empty {
            path: path.to_path_buf(),
        });
    }
    let headers: Vec<String> = record.iter().map(|h| h.trim().to_string()).collect();
    if headers.iter().all(String::is_empty) {
        return Err(InputError::Empty {
            path: path.to_path_buf(),
        });
    }
    let body_start = reader.position().byte() as usize;
    let layout = scan_records(text.as_bytes(), body_start, delimiter, BLOCK_BYTES);
    if let Some(line) = layout.unterminated_quote {
        // an open quote swallows the rest of the file without the csv reader complaining
        return Err(InputError::Quote {
            path: path.to_path_buf(),
            line,
        });
    }
    Ok((headers, delimiter, layout.chunks))
}

/// A stretch of whole records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Chunk {
    start: usize,
    end: usize,
    /// 1-based line number at `start`.
    line: u64,
}

/// How the records of a CSV body are laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RecordLayout {
    chunks: Vec<Chunk>,
    /// The line of a quote that opens a field and is never closed.
    unterminated_quote: Option<u64>,
}

/// Scans the body (from byte `from`) by the CSV quoting rules — a quote opens
/// a field only at its start, `""` inside a quoted field is a literal quote,
/// line breaks inside quotes are data — and cuts it into
/// chunks of about `target` bytes, cut at line breaks that end a record.
fn scan_records(bytes: &[u8], from: usize, delimiter: u8, target: usize) -> RecordLayout {
    let target = target.max(1);
    let mut chunks = Vec::new();
    let mut chunk_start = from;
    let mut chunk_line = 1 + bytes[..from].iter().filter(|&&b| b == b'\n').count() as u64;
    let mut line = chunk_line;
    let mut open_line = 0;
    let mut quoted = false;
    let mut field_start = true;
    let mut k = from;
    while k < bytes.len() {
        let b = bytes[k];
        if b == b'\n' {
            line += 1;
        }
        if quoted {
            if b == b'"' {
                if bytes.get(k + 1) == Some(&b'"') {
                    k += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
            open_line = line;
            field_start = false;
        } else {
            field_start = b == delimiter || b == b'\n' || b == b'\r';
            if b == b'\n' && k + 1 - chunk_start >= target {
                chunks.push(Chunk {
                    start: chunk_start,
                    end: k + 1,
                    line: chunk_line,
                });
                chunk_start = k + 1;
                chunk_line = line;
            }
        }
        k += 1;
    }
    if chunk_start < bytes.len() {
        chunks.push(Chunk {
            start: chunk_start,
            end: bytes.len(),
            line: chunk_line,
        });
    }
    RecordLayout {
        chunks,
        unterminated_quote: quoted.then_some(open_line),
    }
}

/// Parses the records of one chunk; `first_line` is the line it starts on.
fn parse_chunk(
    path: &Path,
    text: &str,
    first_line: u64,
    delimiter: u8,
    columns: usize,
) -> Result<Vec<TableRow>, InputError> {
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
        rows.push(TableRow {
            line,
            values: record.iter().map(str::to_string).collect(),
        });
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
            ))
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
        match feature.get("geometry") {
            None | Some(serde_json::Value::Null) => {}
            Some(geometry) => {
                let kind = geometry.get("type").and_then(|t| t.as_str()).unwrap_or("");
                if kind != "Point" {
                    return Err(geojson_error(line_of(k), format!("feature {} has a {kind} geometry; expected a Point (or null with a place property)", k + 1)));
                }
                let position = geometry
                    .get("coordinates")
                    .and_then(|c| c.as_array())
                    .filter(|c| c.len() >= 2);
                let (Some(lon), Some(lat)) = (
                    position.and_then(|c| c[0].as_f64()),
                    position.and_then(|c| c[1].as_f64()),
                ) else {
                    return Err(geojson_error(
                        line_of(k),
                        format!(
                            "feature {}: Point coordinates must be [longitude, latitude] numbers",
                            k + 1
                        ),
                    ));
                };
                // the geometry is the position: it replaces lon/lat properties
                values[lon_column] =
                    serde_json::Number::from_f64(lon).map_or_else(String::new, |n| n.to_string());
                values[lat_column] =
                    serde_json::Number::from_f64(lat).map_or_else(String::new, |n| n.to_string());
            }
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
/// assert_eq!(ruhrmap::header_key("Länge (WGS84)"), "laenge");
/// assert_eq!(ruhrmap::header_key(" Organisation "), "organisation");
/// ```
pub fn header_key(header: &str) -> String {
    let head = header.split(['(', '[']).next().unwrap_or("");
    let mut key = String::with_capacity(head.len());
    for c in head.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => key.push_str("ae"),
            'ö' => key.push_str("oe"),
            'ü' => key.push_str("ue"),
            'ß' => key.push_str("ss"),
            c if c.is_alphanumeric() => key.push(c),
            _ => {}
        }
    }
    key
}

/// Assigns the roles; fails if the table has neither a place column nor both
/// coordinate columns, or only one of the two coordinate columns.
fn find_roles(path: &Path, headers: &[String]) -> Result<ColumnRoles, InputError> {
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
            ))
        }
        (None, Some(_)) => {
            return Err(missing(
                "there is a longitude column but no latitude column (lat, latitude, breite)",
            ))
        }
        _ => {}
    }
    if roles.place.is_none() && roles.lat.is_none() {
        return Err(missing("expected a place column (place, ort, address, adresse, anschrift) or coordinate columns (lat/breite and lon/länge)"));
    }
    Ok(roles)
}

/// Every coordinate cell must be empty or a number; the first bad cell (in
/// row order, latitude before longitude) is reported.
fn check_numbers(
    path: &Path,
    headers: &[String],
    columns: &ColumnRoles,
    rows: &[TableRow],
) -> Result<(), InputError> {
    for row in rows {
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
/// use ruhrmap::parse_number;
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
        assert_eq!(table.coordinates(&table.rows[0]), (Some(7.1), Some(51.5)));
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
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
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
        assert!(read_table(&path)
            .unwrap_err()
            .to_string()
            .contains("no longitude column"));
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
        assert_eq!(
            table.coordinates(&table.rows[0]),
            (Some(7.2616), Some(51.4445))
        );
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
        let layout = scan_records(text.as_bytes(), 9, b';', 4096);
        assert!(layout.chunks.len() > 1, "{:?}", layout.chunks.len());
        assert_eq!(layout.unterminated_quote, None);
        let mut expected_start = 9;
        for (k, chunk) in layout.chunks.iter().enumerate() {
            assert_eq!(chunk.start, expected_start);
            assert_eq!(
                (chunk.start - 9) % record.len(),
                0,
                "chunk {k} starts inside a record"
            );
            assert_eq!(
                chunk.line,
                2 + 3 * ((chunk.start - 9) / record.len()) as u64
            );
            expected_start = chunk.end;
        }
        assert_eq!(expected_start, text.len());
        // and the parallel parse gives every record with its line
        let (_d, path) = write("p.csv", text.as_bytes());
        let table = read_table(&path).unwrap_err();
        // (no place or coordinate columns: the roles are checked after parsing)
        assert!(matches!(table, InputError::MissingColumns { .. }));
        let text = text.replacen("h1;h2;h3", "name;ort;notiz", 1);
        let (_d, path) = write("p.csv", text.as_bytes());
        let table = read_table(&path).unwrap();
        assert_eq!(table.rows.len(), 5000);
        assert!(table
            .rows
            .iter()
            .enumerate()
            .all(|(k, r)| r.line == 2 + 3 * k as u64
                && r.values[1] == "Zeile 1\nZeile \"2\"\nZeile 3"));
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
