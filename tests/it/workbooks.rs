//! Tables from `.xlsx` workbooks, written here with rust_xlsxwriter: cells
//! read as the author sees them, a whole report built from two sheets, and
//! each kind of bad workbook refused with file, sheet, row and column.

use ruhrmap::table::{InputError, read_any_table, read_workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::Path;
use std::process::Command;

/// A cell to write.
enum Cell {
    S(&'static str),
    N(f64),
    Date(u16, u8, u8),
    /// A formula and its cached result.
    F(&'static str, &'static str),
    Empty,
}
use Cell::*;

/// Writes a workbook with `sheets` (name, rows of cells).
fn write(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    S(s) => drop(sheet.write_string(r, c, *s).unwrap()),
                    N(n) => drop(sheet.write_number(r, c, *n).unwrap()),
                    Date(y, m, d) => {
                        let value = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet
                            .write_datetime_with_format(r, c, &value, &date)
                            .unwrap();
                    }
                    F(f, result) => {
                        sheet
                            .write_formula(r, c, Formula::new(*f).set_result(*result))
                            .unwrap();
                    }
                    Empty => {}
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

fn projects() -> Vec<Vec<Cell>> {
    vec![
        vec![
            S("Projekt"),
            S("Titel"),
            S("Handlungsfeld"),
            S("Status"),
            S("Koordination"),
            S("Ort"),
        ],
        vec![
            S("P1"),
            S("Klimaquartiere"),
            S("Klima"),
            S("laufend"),
            S("Stadt Bochum"),
            S("Bochum"),
        ],
        vec![
            S("P2"),
            S("Lernorte"),
            S("Bildung"),
            S("beendet"),
            S("TU Dortmund"),
            S("Dortmund"),
        ],
    ]
}

fn partners() -> Vec<Vec<Cell>> {
    vec![
        vec![
            S("Projekt"),
            S("ID"),
            S("Name"),
            S("Rolle"),
            S("Akteurstyp"),
            S("Ort"),
            S("Breite"),
            S("Länge"),
            S("Beginn"),
            S("Anzahl"),
        ],
        vec![
            S("P1"),
            S("1"),
            S("Stadt Bochum"),
            S("Koordination"),
            S("Kommune"),
            S("Bochum"),
            Empty,
            Empty,
            Date(2024, 5, 1),
            F("=2*6", "12"),
        ],
        vec![
            S("P1"),
            S("2"),
            S("Hochschule Bochum"),
            S("Praxispartner"),
            S("Wissenschaft"),
            Empty,
            N(51.4476),
            N(7.2711),
            Empty,
            N(12.0),
        ],
        vec![
            S("P2"),
            S("3"),
            S("TU Dortmund"),
            S("Koordination"),
            S("Wissenschaft"),
            S("Dortmund"),
            Empty,
            Empty,
            Empty,
            N(51.4),
        ],
        vec![
            S("P2"),
            S("4"),
            S("Verein Lernen"),
            S("Beirat"),
            S("Zivilgesellschaft"),
            S("Herne"),
            Empty,
            Empty,
            Empty,
            Empty,
        ],
    ]
}

#[test]
fn cells_read_as_the_author_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daten.xlsx");
    write(&path, &[("Projekte", projects()), ("Partner", partners())]);
    let table = read_any_table(&dir.path().join("daten.xlsx#Partner")).unwrap();
    assert!(table.path.to_string_lossy().ends_with("daten.xlsx#Partner"));
    assert_eq!(table.headers[8], "Beginn");
    assert_eq!(table.rows.len(), 4);
    let row = |k: usize| &table.rows[k].values;
    assert_eq!(table.rows[0].line, 2);
    assert_eq!(row(0)[8], "2024-05-01");
    assert_eq!(row(0)[9], "12"); // a formula by its cached value
    assert_eq!(row(1)[9], "12"); // not 12.0
    assert_eq!(row(2)[9], "51.4");
    assert_eq!(row(1)[6], "51.4476");
    assert_eq!(table.columns.lat, Some(6));
    // the first sheet without a name
    let first = read_workbook(&path, None).unwrap();
    assert_eq!(first.headers[0], "Projekt");
    assert_eq!(first.rows.len(), 2);
}

/// A report over the two sheets of `daten.xlsx`, with `categories` added.
fn report(dir: &Path, categories: &str) -> std::path::PathBuf {
    let config = dir.join("report.toml");
    std::fs::write(
        &config,
        format!(
            "[data]\nprojects = \"daten.xlsx#Projekte\"\npartners = \"daten.xlsx#Partner\"\n\n{categories}\n\
             [[figures]]\nid = \"netz\"\nkind = \"network\"\ntitle = \"Netzwerke\"\nprojects = [\"P1\", \"P2\"]\n\n\
             [[figures]]\nid = \"sitze\"\nkind = \"seats\"\ntitle = \"Sitze\"\n"
        ),
    )
    .unwrap();
    config
}

fn ruhrmap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ruhrmap"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_report_builds_from_two_sheets_with_its_own_categories() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("daten.xlsx"),
        &[("Projekte", projects()), ("Partner", partners())],
    );
    let config = report(
        dir.path(),
        "[[categories.roles]]\nid = \"Praxispartner\"\nlabel_de = \"Praxispartner:innen\"\nstyle = \"core\"\n\n\
         [[categories.roles]]\nid = \"Beirat\"\nlabel_de = \"Beirat\"\nstyle = \"loose\"\n",
    );
    let out = dir.path().join("out");
    let output = ruhrmap(&[
        "build",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let svg = std::fs::read_to_string(out.join("netz.svg")).unwrap();
    assert!(
        svg.contains("Praxispartner:innen") && svg.contains(">Beirat<"),
        "legend labels"
    );
    let seats = std::fs::read_to_string(out.join("sitze.svg")).unwrap();
    // undeclared fields and statuses: the values themselves, in order of appearance
    assert!(
        seats.contains(">Klima<") && seats.contains(">Bildung<"),
        "field legend"
    );
    assert!(
        seats.contains("1 laufend") && seats.contains("1 beendet"),
        "status legend"
    );
    let partners = std::fs::read_to_string(out.join("gis/partners.geojson")).unwrap();
    assert!(
        partners.contains("\"actor_type\": \"Zivilgesellschaft\"")
            || partners.contains("\"actor_type\":\"Zivilgesellschaft\"")
    );
}

#[test]
fn a_category_outside_the_declared_ones_names_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("daten.xlsx"),
        &[("Projekte", projects()), ("Partner", partners())],
    );
    let config = report(
        dir.path(),
        "[[categories.roles]]\nid = \"Praxispartner\"\n\n[[categories.roles]]\nid = \"Beiräte\"\n",
    );
    let out = dir.path().join("out");
    let output = ruhrmap(&[
        "build",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("daten.xlsx#Partner, line 5, column \"Rolle\": \"Beirat\" is not a role: expected Praxispartner or Beiräte; did you mean \"Beiräte\"?"),
        "{err}"
    );
    assert!(!out.exists(), "no output may be written");
}

fn error_of(sheets: &[(&str, Vec<Vec<Cell>>)], sheet: Option<&str>) -> InputError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daten.xlsx");
    write(&path, sheets);
    read_workbook(&path, sheet).unwrap_err()
}

#[test]
fn an_unknown_sheet_names_the_sheets_there_are() {
    let err = error_of(
        &[("Projekte", projects()), ("Partner", partners())],
        Some("Partnr"),
    )
    .to_string();
    assert!(
        err.ends_with("daten.xlsx: no sheet \"Partnr\"; the workbook has the sheets \"Projekte\", \"Partner\"; did you mean \"Partner\"?"),
        "{err}"
    );
}

#[test]
fn an_empty_sheet_is_refused() {
    let err = error_of(&[("Partner", vec![])], None).to_string();
    assert!(
        err.contains("daten.xlsx, sheet \"Partner\": the sheet is empty"),
        "{err}"
    );
}

#[test]
fn merged_header_cells_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("daten.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Partner").unwrap();
    sheet
        .merge_range(0, 0, 0, 1, "Name", &Format::new())
        .unwrap();
    sheet.write_string(0, 2, "Ort").unwrap();
    sheet.write_string(1, 0, "RUB").unwrap();
    sheet.write_string(1, 2, "Bochum").unwrap();
    workbook.save(&path).unwrap();
    let err = read_workbook(&path, None).unwrap_err().to_string();
    assert!(
        err.contains("sheet \"Partner\", row 1")
            && err.contains("cell A1")
            && err.contains("A1:B1 are merged"),
        "{err}"
    );
}

#[test]
fn a_date_where_a_coordinate_belongs_is_refused() {
    let rows = vec![
        vec![S("Name"), S("Ort"), S("lat"), S("lon")],
        vec![S("RUB"), S("Bochum"), N(51.44), N(7.26)],
        vec![S("TU"), S("Dortmund"), Date(2024, 5, 1), N(7.41)],
    ];
    let err = error_of(&[("Partner", rows)], Some("partner")).to_string();
    assert!(
        err.contains("sheet \"Partner\", row 3, column \"lat\" (cell C3): a date (2024-05-01) where a number belongs"),
        "{err}"
    );
}
