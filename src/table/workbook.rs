//! Reading a table from a workbook (`.xlsx`, `.xlsm`, `.ods`) into the same
//! rows as a CSV file, wherever a table is read: `daten.xlsx#Partner` names
//! a sheet, `daten.xlsx` the first one.
//!
//! Cells become text as the author sees them: a number 51.4 stays `51.4`,
//! an integer-valued number `12` (not `12.0`), a date `2024-05-01` (ISO), a
//! formula its cached value. The header is the first row of the sheet's
//! used area; row numbers are the sheet's own, so an error points at the
//! row the author sees. The table's path is `file#sheet`.

use crate::table::error::InputError;
use crate::table::reader::{
    PartnerTable, TableBlocks, TableFormat, TableRow, check_numbers, find_roles, read_table,
};
use calamine::{Data, ExcelDateTime, Reader, Sheets, open_workbook_auto};
use std::path::{Path, PathBuf};

/// Whether `path` names a workbook, by its extension.
///
/// ```
/// use ruhrmap::table::is_workbook;
/// assert!(is_workbook(std::path::Path::new("Daten.XLSX")));
/// assert!(!is_workbook(std::path::Path::new("daten.csv")));
/// ```
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "ods"].contains(&e.to_ascii_lowercase().as_str()))
}

/// A table path split into the file and, for a workbook, the sheet
/// ([`split_sheet`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPath {
    /// The file: the workbook, or the whole path when it names no sheet.
    pub file: PathBuf,
    /// The sheet after `#` in `daten.xlsx#Partner`; `None` for the first
    /// sheet or a file that is no workbook.
    pub sheet: Option<String>,
}

/// Splits `daten.xlsx#Partner` into the workbook and the sheet; any other
/// path is returned whole.
///
/// ```
/// use ruhrmap::table::{SheetPath, split_sheet};
/// use std::path::{Path, PathBuf};
/// let split = split_sheet(Path::new("d/daten.xlsx#Partner"));
/// assert_eq!(split.file, PathBuf::from("d/daten.xlsx"));
/// assert_eq!(split.sheet.as_deref(), Some("Partner"));
/// let whole = split_sheet(Path::new("a#b.csv"));
/// assert_eq!(whole, SheetPath { file: PathBuf::from("a#b.csv"), sheet: None });
/// ```
pub fn split_sheet(path: &Path) -> SheetPath {
    let text = path.to_string_lossy();
    if let Some((file, sheet)) = text.rsplit_once('#') {
        let file = PathBuf::from(file);
        if is_workbook(&file) {
            return SheetPath {
                file,
                sheet: Some(sheet.to_string()),
            };
        }
    }
    SheetPath {
        file: path.to_path_buf(),
        sheet: None,
    }
}

/// Reads a table from a CSV or GeoJSON file ([`read_table`]) or a workbook
/// sheet (`daten.xlsx#Partner`, or the first sheet of `daten.ods`).
pub fn read_any_table(path: &Path) -> Result<PartnerTable, InputError> {
    let SheetPath { file, sheet } = split_sheet(path);
    if is_workbook(&file) {
        read_workbook(&file, sheet.as_deref())
    } else {
        read_table(path)
    }
}

/// Opens a table for reading block by block ([`TableBlocks::open`]); a
/// workbook sheet is read whole, as one block.
pub fn open_any_blocks(path: &Path) -> Result<TableBlocks, InputError> {
    let SheetPath { file, sheet } = split_sheet(path);
    if is_workbook(&file) {
        Ok(TableBlocks::from_table(read_workbook(
            &file,
            sheet.as_deref(),
        )?))
    } else {
        TableBlocks::open(path)
    }
}

/// The spreadsheet address of a 0-based cell, e.g. `(4, 2)` → `C5`.
fn cell_address(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// A number as a spreadsheet shows it by default: no `.0` on whole numbers.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A date as `YYYY-MM-DD`, with `THH:MM:SS` when it has a time of day.
fn date_text(value: &ExcelDateTime) -> String {
    if value.is_duration() {
        return number_text(value.as_f64());
    }
    let (y, m, d, hh, mm, ss, _) = value.to_ymd_hms_milli();
    if (hh, mm, ss) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")
    }
}

/// The text of a cell as the author sees it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(true) => "WAHR".into(),
        Data::Bool(false) => "FALSCH".into(),
        Data::DateTime(d) => date_text(d),
        Data::Error(e) => e.to_string(),
    }
}

/// The sheet `wanted` names (exactly, else ignoring case), or the first.
fn choose_sheet(path: &Path, names: &[String], wanted: Option<&str>) -> Result<String, InputError> {
    let Some(wanted) = wanted else {
        return names
            .first()
            .cloned()
            .ok_or_else(|| InputError::EmptySheet {
                path: path.to_path_buf(),
                sheet: String::new(),
            });
    };
    if let Some(name) = names.iter().find(|n| *n == wanted).or_else(|| {
        names
            .iter()
            .find(|n| n.to_lowercase() == wanted.to_lowercase())
    }) {
        return Ok(name.clone());
    }
    let suggestion = names
        .iter()
        .map(|n| {
            let score =
                strsim::normalized_damerau_levenshtein(&n.to_lowercase(), &wanted.to_lowercase());
            (score, n)
        })
        .filter(|(score, _)| *score >= 0.4)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n.clone());
    Err(InputError::UnknownSheet {
        path: path.to_path_buf(),
        sheet: wanted.to_string(),
        sheets: names.to_vec(),
        suggestion,
    })
}

/// Reads one sheet of a workbook (the first when `sheet` is `None`) into a
/// table whose rows carry the sheet's row numbers.
///
/// Errors name the file, the sheet, the row and the column: an unknown
/// sheet (with the sheets there are), an empty sheet, merged or empty header
/// cells, a date where a coordinate belongs, a coordinate that is not a number.
pub fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<PartnerTable, InputError> {
    let workbook_err = |source| InputError::Workbook {
        path: path.to_path_buf(),
        source: Box::new(source),
    };
    let mut workbook = open_workbook_auto(path).map_err(workbook_err)?;
    let name = choose_sheet(path, &workbook.sheet_names(), sheet)?;
    let range = workbook.worksheet_range(&name).map_err(workbook_err)?;
    let cell_err =
        |row: u32, column: u32, header: &str, message: String| InputError::WorkbookCell {
            path: path.to_path_buf(),
            sheet: name.clone(),
            row: u64::from(row) + 1,
            column: header.to_string(),
            message: format!("(cell {}): {message}", cell_address(row, column)),
        };
    let Some((top, left)) = range.start().filter(|_| !range.is_empty()) else {
        return Err(InputError::EmptySheet {
            path: path.to_path_buf(),
            sheet: name,
        });
    };
    // merged header cells (xlsx knows them; in .ods they show as empty cells)
    if let Sheets::Xlsx(xlsx) = &mut workbook {
        let merged = xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default();
        if let Some(m) = merged.iter().find(|m| m.start.0 <= top && m.end.0 >= top) {
            return Err(cell_err(
                top,
                m.start.1,
                "",
                format!(
                    "the header cells {}:{} are merged; expected one column name per cell (unmerge them and name each column)",
                    cell_address(m.start.0, m.start.1),
                    cell_address(m.end.0, m.end.1)
                ),
            ));
        }
    }
    let mut rows = range.rows();
    let header_cells = rows.next().unwrap_or_default();
    let headers: Vec<String> = header_cells
        .iter()
        .map(|c| cell_text(c).trim().to_string())
        .collect();
    if let Some(k) = headers.iter().position(String::is_empty) {
        return Err(cell_err(
            top,
            left + k as u32,
            "",
            "the header cell is empty; expected a column name (merged header cells must be unmerged)".into(),
        ));
    }
    let table_path = PathBuf::from(format!("{}#{name}", path.display()));
    let columns = find_roles(&table_path, &headers)?;
    let number_columns: Vec<usize> = [columns.lat, columns.lon].into_iter().flatten().collect();
    let mut table_rows = Vec::with_capacity(range.height());
    for (k, cells) in rows.enumerate() {
        let row = top + 1 + k as u32;
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        for &c in &number_columns {
            if let Some(Data::DateTime(_) | Data::DateTimeIso(_)) = cells.get(c) {
                return Err(cell_err(
                    row,
                    left + c as u32,
                    &headers[c],
                    format!(
                        "a date ({}) where a number belongs; expected a decimal number such as 51.4818 (format the cell as a number, not a date)",
                        cell_text(&cells[c])
                    ),
                ));
            }
        }
        table_rows.push(TableRow {
            line: u64::from(row) + 1,
            values: cells.iter().map(cell_text).collect(),
        });
    }
    if table_rows.is_empty() {
        return Err(InputError::NoRows {
            path: table_path,
            geojson: false,
        });
    }
    check_numbers(&table_path, &headers, &columns, &table_rows)?;
    Ok(PartnerTable {
        path: table_path,
        headers,
        rows: table_rows,
        columns,
        format: TableFormat::Workbook,
    })
}

/// The cells of one sheet to write: its name and rows of text, the header first.
pub type SheetRows<'a> = (&'a str, &'a [Vec<String>]);

/// Whether a cell's text is written as a number: a decimal number with a
/// point, not an id with leading zeros (`05515` stays text).
fn is_number_cell(text: &str) -> bool {
    let digits = text.trim_start_matches('-');
    text.parse::<f64>().is_ok_and(f64::is_finite)
        && !(digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0."))
        && !text.contains(['e', 'E', '+', ' '])
}

/// An `.xlsx` workbook with one sheet per entry of `sheets`, as bytes: the
/// header row bold and frozen, numbers (`51.96`) as number cells, everything
/// else as text. The same sheets give the same bytes (the creation date is
/// fixed), and [`read_workbook`] reads back what was written.
///
/// ```
/// use ruhrmap::table::{read_any_table, workbook_bytes};
/// let rows = vec![vec!["Name".to_string(), "Nr".into(), "lat".into(), "lon".into()], vec!["Uni".into(), "05515".into(), "51.96".into(), "7".into()]];
/// let bytes = workbook_bytes(&[("Partner", &rows)]).unwrap();
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("d.xlsx"), &bytes).unwrap();
/// let table = read_any_table(&dir.path().join("d.xlsx#Partner")).unwrap();
/// assert_eq!(table.rows[0].values, ["Uni", "05515", "51.96", "7"]);
/// assert_eq!(bytes, workbook_bytes(&[("Partner", &rows)]).unwrap());
/// ```
pub fn workbook_bytes(sheets: &[SheetRows<'_>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name)?;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32;
            for (c, text) in row.iter().enumerate() {
                let c = c as u16;
                if r == 0 {
                    sheet.write_string_with_format(r, c, text, &bold)?;
                    let width = text.chars().count().max(12) as f64 + 2.0;
                    sheet.set_column_width(c, width)?;
                } else if is_number_cell(text) {
                    sheet.write_number(r, c, text.parse::<f64>().unwrap_or_default())?;
                } else if !text.is_empty() {
                    sheet.write_string(r, c, text)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_the_author_sees_them() {
        assert_eq!(number_text(51.4), "51.4");
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(-7.25), "-7.25");
        assert_eq!(cell_text(&Data::Int(5)), "5");
        assert_eq!(cell_address(4, 2), "C5");
        assert_eq!(cell_address(0, 27), "AB1");
        let date = ExcelDateTime::new(45413.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&date), "2024-05-01");
        let noon = ExcelDateTime::new(45413.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&noon), "2024-05-01T12:00:00");
    }

    #[test]
    fn numbers_are_written_as_numbers_and_ids_as_text() {
        assert!(is_number_cell("51.96") && is_number_cell("-7.5") && is_number_cell("12"));
        assert!(!is_number_cell("05515") && !is_number_cell("M1") && !is_number_cell("1e5"));
        assert!(is_number_cell("0.5") && !is_number_cell(""));
    }
}
