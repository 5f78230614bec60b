//! Why a table could not be read.

use std::path::PathBuf;

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
    #[error(
        "{path}, line {line}: {found} fields where the header has {expected} (delimiter {delimiter:?}); a value containing the delimiter must be quoted"
    )]
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
    #[error(
        "{path}, line {line}: a quote opens a field here and is never closed; every `\"` that starts a field needs a closing `\"` (a quote inside a field is written `\"\"`)"
    )]
    Quote {
        /// The file.
        path: PathBuf,
        /// Line of the opening quote.
        line: u64,
    },
    /// The file has no header row.
    #[error(
        "{path}: the file is empty; expected a header row naming the columns (e.g. name;ort;lat;lon)"
    )]
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
    #[error(
        "{path}, line {line}, column {column:?}: {value:?} is not a number; expected a decimal number such as 51.4818 or 51,4818"
    )]
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
    #[error(
        "{path} is {size} bytes, larger than the {max} bytes a partner table may have; split it into several tables"
    )]
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
    /// A workbook (`.xlsx`, `.ods`) could not be opened or a sheet not read.
    #[error("{path}: cannot read the workbook: {source}")]
    Workbook {
        /// The file.
        path: PathBuf,
        /// The workbook reader's error.
        #[source]
        source: Box<calamine::Error>,
    },
    /// The workbook has no sheet of the name asked for.
    #[error("{path}: no sheet {sheet:?}; the workbook has the sheets {}{}", .sheets.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "), .suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
    UnknownSheet {
        /// The file.
        path: PathBuf,
        /// The sheet asked for.
        sheet: String,
        /// The sheets there are.
        sheets: Vec<String>,
        /// The closest sheet name.
        suggestion: Option<String>,
    },
    /// The sheet has no cells.
    #[error(
        "{path}, sheet {sheet:?}: the sheet is empty; expected a header row naming the columns (e.g. Projekt, Name, Rolle, Ort) and one row per entry below it"
    )]
    EmptySheet {
        /// The file.
        path: PathBuf,
        /// The sheet.
        sheet: String,
    },
    /// One cell of a workbook is not what its column needs (a merged or
    /// empty header cell, a date where a number belongs).
    #[error("{path}, sheet {sheet:?}, row {row}, column {column:?} {message}")]
    WorkbookCell {
        /// The file.
        path: PathBuf,
        /// The sheet.
        sheet: String,
        /// The 1-based row, as the spreadsheet shows it.
        row: u64,
        /// The column's name in the header (empty for the header itself).
        column: String,
        /// The cell's address, e.g. `(cell C5): `, then what was found and
        /// what was expected.
        message: String,
    },
}
