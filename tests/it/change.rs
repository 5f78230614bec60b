//! The comparison of two states of the data (`[baseline]`, `ruhrmap diff`):
//! matching, conservation in every change table, determinism and bad input.

use ruhrmap::export::{Cell, StatsTable};
use ruhrmap::{BuildPlan, Report, build_report};
use std::path::{Path, PathBuf};
use std::process::Command;

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz")
}

fn tables_only() -> BuildPlan {
    BuildPlan {
        figures: Vec::new(),
        exports: false,
        tables: true,
    }
}

fn change_tables(report: &Report) -> Vec<StatsTable> {
    let inputs = report.change_inputs().expect("final.toml has [baseline]");
    ruhrmap::export::compute_change_tables(&inputs)
}

fn count(cell: &Cell) -> usize {
    match cell {
        Cell::Count(n) => *n,
        Cell::Empty => 0,
        other => panic!("not a count: {other:?}"),
    }
}

#[test]
fn every_row_of_both_states_is_counted_once_in_every_table() {
    let report = Report::load(&example_dir().join("final.toml"), None).unwrap();
    let baseline = &report.data.baseline.as_ref().unwrap().network;
    let now = &report.data.network;
    let tables = change_tables(&report);
    let ids: Vec<&str> = tables.iter().map(|t| t.id).collect();
    assert_eq!(
        ids,
        [
            "change-summary",
            "change-by-subregion",
            "change-by-north-south",
            "change-by-kreis",
            "change-by-project"
        ]
    );
    for table in &tables[1..] {
        let (total, rows) = table.rows.split_last().unwrap();
        for (key, expected) in [
            ("partners_baseline", baseline.partners.len()),
            ("partners_now", now.partners.len()),
            ("links_baseline", baseline.links().count()),
            ("links_now", now.links().count()),
        ] {
            let k = table.column(key).unwrap();
            let sum: usize = rows.iter().map(|r| count(&r[k])).sum();
            assert_eq!((table.id, key, sum), (table.id, key, expected));
            assert_eq!(count(&total[k]), expected, "{} {key}", table.id);
        }
    }
    // partners by change status add up to both states
    let project = &tables[4];
    let total = project.rows.last().unwrap();
    let c = |key: &str| count(&total[project.column(key).unwrap()]);
    assert_eq!(
        c("partners_continued") + c("partners_moved") + c("partners_ended"),
        baseline.partners.len()
    );
    assert_eq!(
        c("partners_continued") + c("partners_moved") + c("partners_new"),
        now.partners.len()
    );
    // the example's story: two moved, P8 grew in the north, one id reissued
    let m = report.data.baseline.as_ref().unwrap().change.matching;
    assert_eq!((m.by_name, c("partners_moved")), (1, 2));
    let summary = &tables[0];
    let row = |key: &str| {
        summary
            .rows
            .iter()
            .find(|r| r[0] == Cell::Text(key.into()))
            .unwrap()
            .clone()
    };
    let north = row("links_region_north");
    assert!(count(&north[3]) > count(&north[2]), "{north:?}");
}

#[test]
fn change_tables_are_byte_identical_from_build_to_build() {
    let report = Report::load(&example_dir().join("final.toml"), None).unwrap();
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    for dir in &dirs {
        build_report(&report, dir.path(), &tables_only(), &|_| {}).unwrap();
    }
    for name in ["change-summary.csv", "change-by-kreis.csv", "tables.md"] {
        let read =
            |d: &tempfile::TempDir| std::fs::read(d.path().join("tables").join(name)).unwrap();
        assert_eq!(read(&dirs[0]), read(&dirs[1]), "{name}");
    }
}

#[test]
fn without_baseline_no_change_table_is_written() {
    let report = Report::load(&example_dir().join("report.toml"), None).unwrap();
    assert!(report.data.baseline.is_none() && report.change_inputs().is_none());
    let dir = tempfile::tempdir().unwrap();
    build_report(&report, dir.path(), &tables_only(), &|_| {}).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path().join("tables"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with("change-")), "{names:?}");
    let md = std::fs::read_to_string(dir.path().join("tables/tables.md")).unwrap();
    assert!(!md.contains("Veränderung"), "{md}");
}

/// A folder with a final.toml whose baseline is `baseline_partners`.
fn config_with_baseline(baseline_partners: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let example = example_dir();
    for name in ["projects.csv", "partners.csv"] {
        std::fs::copy(example.join("final").join(name), dir.path().join(name)).unwrap();
    }
    std::fs::copy(
        example.join("projects.csv"),
        dir.path().join("old-projects.csv"),
    )
    .unwrap();
    if let Some(text) = baseline_partners {
        std::fs::write(dir.path().join("old-partners.csv"), text).unwrap();
    }
    let config = "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n\n\
        [baseline]\nprojects = \"old-projects.csv\"\npartners = \"old-partners.csv\"\n\n\
        [[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\n";
    let path = dir.path().join("final.toml");
    std::fs::write(&path, config).unwrap();
    (dir, path)
}

fn run_build(config: &Path, out: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ruhrmap"))
        .args(["stats", "-q"])
        .arg(config)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn bad_baselines_are_clear_errors_and_touch_nothing() {
    let example = std::fs::read_to_string(example_dir().join("partners.csv")).unwrap();
    let cases: [(Option<String>, &[&str]); 3] = [
        (None, &["old-partners.csv", "[baseline]"]),
        (
            Some(example.replace("P2;P2-03;", "P2;P2-02;")),
            &["old-partners.csv, line 33", "P2-02", "line 32"],
        ),
        (
            Some(example.replacen("actor_type", "kind", 1)),
            &["old-partners.csv, line 1", "actor_type"],
        ),
    ];
    for (text, expected) in cases {
        let (_dir, config) = config_with_baseline(text.as_deref());
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("keep.txt"), "x").unwrap();
        let (code, stderr) = run_build(&config, out.path());
        assert_eq!(code, 2, "{stderr}");
        for e in expected {
            assert!(stderr.contains(e), "{e:?} not in {stderr}");
        }
        let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "the output folder was touched: {stderr}");
    }
}

/// Writes projects.csv and partners.csv into a new folder.
fn state(projects: &str, partners: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("projects.csv"), projects).unwrap();
    std::fs::write(dir.path().join("partners.csv"), partners).unwrap();
    dir
}

fn diff(a: &tempfile::TempDir, b: &tempfile::TempDir) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ruhrmap"))
        .arg("diff")
        .arg(a.path().join("partners.csv"))
        .arg(b.path().join("partners.csv"))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const PROJECTS: &str = "id;title;field;status;coordinator;place\n\
    P1;Eins;HF1;running;Stadt Essen;Essen\n\
    P2;Zwei;HF2;running;Stiftung;Bochum\n";

fn row<'t>(md: &'t str, key: &str) -> &'t str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {key} |")))
        .unwrap_or_else(|| panic!("no row {key} in {md}"))
}

#[test]
fn reissued_ids_renamed_partners_and_a_project_that_disappears() {
    let before = state(
        PROJECTS,
        "project;id;name;role;actor_type;place\n\
         P1;a;Stadt Essen;coordinator;municipality;Essen\n\
         P1;b;Hochschule Ruhr West;core;science;Mülheim an der Ruhr\n\
         P1;c;Verein Nord;loose;civil_society;Gelsenkirchen\n\
         P2;d;Stiftung;coordinator;civil_society;Bochum\n\
         P2;e;Kammer;core;association;Dortmund\n",
    );
    let after = state(
        "id;title;field;status;coordinator;place\nP1;Eins;HF1;finished;Stadt Essen;Essen\n",
        "project;id;name;role;actor_type;place\n\
         P1;a;Essen, Stadt;coordinator;municipality;Essen\n\
         P1;x7;HOCHSCHULE RUHR WEST;core;science;Mülheim an der Ruhr\n\
         P1;c;Verein Nord e.V.;loose;civil_society;Herten\n",
    );
    let (code, md, stderr) = diff(&before, &after);
    assert_eq!(code, 0, "{stderr}");
    assert!(row(&md, "matched_by_id").ends_with("| 2 |  |"), "{md}");
    assert!(row(&md, "matched_by_name").ends_with("| 1 |  |"), "{md}");
    assert!(row(&md, "partners_moved").ends_with("| 1 |  |"), "{md}");
    assert!(row(&md, "partners_ended").ends_with("| 2 |  |"), "{md}");
    assert!(row(&md, "projects_ended").ends_with("| 1 |  |"), "{md}");
    assert!(
        row(&md, "projects_status_changed").ends_with("| 1 |  |"),
        "{md}"
    );
    let p2 = row(&md, "P2");
    assert!(
        p2.contains("ausgeschieden") && p2.contains("| 2 | 0 | -2 |"),
        "{p2}"
    );
}

#[test]
fn two_partners_of_one_name_and_place_name_both_lines() {
    let before = state(
        PROJECTS,
        "project;id;name;role;actor_type;place\n\
         P1;a;Stadt Essen;coordinator;municipality;Essen\n\
         P1;b;Verein;loose;civil_society;Essen\n",
    );
    let after = state(
        PROJECTS,
        "project;id;name;role;actor_type;place\n\
         P1;a;Stadt Essen;coordinator;municipality;Essen\n\
         P1;x;Verein;loose;civil_society;Essen\n\
         P1;y;Verein;core;civil_society;Essen\n",
    );
    let (code, md, stderr) = diff(&before, &after);
    assert_eq!(code, 2, "{md}");
    assert!(stderr.contains("partners.csv, lines 3 and 4"), "{stderr}");
    assert!(md.is_empty());
}
