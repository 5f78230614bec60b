//! `ruhrmap new`: the scaffold builds at once (its figure says there are no
//! data yet), the templates' columns are the ones the tables are read by,
//! and a bad region or a non-empty folder is refused with nothing written.

use crate::support::{ruhrmap, stderr};
use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_new_report_builds_at_once_and_says_it_has_no_data_yet() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("bericht");
    let out = ruhrmap(["new", "bericht", "--region", "Regierungsbezirk Münster"])
        .dir(dir.path())
        .output();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let config = read(&report.join("report.toml"));
    assert!(
        config.contains("name = \"Regierungsbezirk Münster\""),
        "{config}"
    );
    assert!(config.contains("preset = \"kreise\""), "{config}");
    let csv = std::fs::read(report.join("partner.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}Projekt;Nr;Name;Rolle".as_bytes()));
    assert!(read(&report.join("README.md")).contains("Koordination"));

    let out = ruhrmap(["build", "bericht/report.toml", "-o", "bericht/out"])
        .dir(dir.path())
        .output();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = read(&report.join("out/abb-1-sitz-der-koordination.svg"));
    assert!(
        svg.contains("Noch keine Daten"),
        "the figure does not say it has no data"
    );
    assert!(
        svg.contains("Kreis Steinfurt"),
        "the legend lacks the Kreise"
    );
    assert!(report.join("out/abb-1-sitz-der-koordination.png").exists());
    // the empty map says so in its middle, in a box the layout report counts
    let layout: serde_json::Value = serde_json::from_str(&read(
        &report.join("out/abb-1-sitz-der-koordination.layout.json"),
    ))
    .unwrap();
    let boxes = layout["furniture"].as_array().expect("furniture");
    assert!(
        boxes
            .iter()
            .any(|b| b["id"] == "abb-1-sitz-der-koordination-no-data"),
        "{boxes:?}"
    );
    assert!(svg.contains("id=\"abb-1-sitz-der-koordination-no-data-box\""));
}

#[test]
fn the_templates_once_filled_in_build_as_csv_and_as_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = ruhrmap(["new", "b", "--region", "05913"])
        .dir(dir.path())
        .output();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let b = dir.path().join("b");
    let config = read(&b.join("report.toml"));
    assert!(
        config.contains("name = \"Dortmund\"") && config.contains("selectors = [\"05913\"]"),
        "{config}"
    );
    // the CSV templates, filled in as Excel would save them
    let mut projects = std::fs::read(b.join("projekte.csv")).unwrap();
    projects.extend_from_slice("P1;Quartiere;HF1;laufend;TU Dortmund;Dortmund;;\r\n".as_bytes());
    std::fs::write(b.join("projekte.csv"), projects).unwrap();
    let mut partners = std::fs::read(b.join("partner.csv")).unwrap();
    partners.extend_from_slice(
        "P1;P1-01;TU Dortmund;Koordination;Wissenschaft;Dortmund;;\r\nP1;P1-02;Stadt Bochum;Verbundpartner;Kommune;44787 Bochum;;\r\n".as_bytes(),
    );
    std::fs::write(b.join("partner.csv"), partners).unwrap();
    let csv_config = config
        .replace(
            "projects = \"daten.xlsx#Projekte\"",
            "projects = \"projekte.csv\"",
        )
        .replace(
            "partners = \"daten.xlsx#Partner\"",
            "partners = \"partner.csv\"",
        );
    std::fs::write(b.join("csv.toml"), csv_config).unwrap();
    let out = ruhrmap(["build", "b/csv.toml", "-o", "b/out"])
        .dir(dir.path())
        .output();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = read(&b.join("out/tabellen/summary.csv"));
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("projects,") && l.ends_with(",1")),
        "{summary}"
    );
    let svg = read(&b.join("out/abb-1-sitz-der-koordination.svg"));
    assert!(!svg.contains("Noch keine Daten"));

    // the workbook template has the same columns on its two sheets
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(b.join("daten.xlsx")).unwrap();
    assert_eq!(workbook.sheet_names(), ["Projekte", "Partner"]);
    for (sheet, header) in [
        ("Projekte", ruhrmap::report::PROJECT_COLUMNS),
        ("Partner", ruhrmap::report::PARTNER_COLUMNS),
    ] {
        let range = workbook.worksheet_range(sheet).unwrap();
        let first: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(first, header);
        assert_eq!(range.height(), 1, "{sheet} holds more than its header");
    }
}

#[test]
fn a_region_that_matches_nothing_is_refused_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let out = ruhrmap(["new", "b", "--region", "Kreis Una"])
        .dir(dir.path())
        .output();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("\"Kreis Una\"") && err.contains("did you mean \"Kreis Unna\""),
        "{err}"
    );
    assert!(
        !dir.path().join("b").exists(),
        "a folder was made for a bad region"
    );
}

#[test]
fn a_folder_that_holds_files_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notizen.txt"), "meine Notizen").unwrap();
    let out = ruhrmap(["new", "."]).dir(dir.path()).output();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("not empty") && err.contains("notizen.txt"),
        "{err}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["notizen.txt"]);
    assert_eq!(read(&dir.path().join("notizen.txt")), "meine Notizen");
    // an empty folder is fine
    let empty = dir.path().join("leer");
    std::fs::create_dir(&empty).unwrap();
    let out = ruhrmap(["new", "leer"]).dir(dir.path()).output();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
