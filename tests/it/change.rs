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

/// The final evaluation's exports (no figures, no tables), built into `dir`.
fn export_final(dir: &Path) -> Report {
    let report = Report::load(&example_dir().join("final.toml"), None).unwrap();
    let plan = BuildPlan {
        figures: Vec::new(),
        exports: true,
        tables: false,
    };
    build_report(&report, dir, &plan, &|_| {}).unwrap();
    report
}

fn features(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["features"].as_array().unwrap().clone()
}

#[test]
fn partners_and_links_layers_hold_every_row_of_both_states_once_with_its_change() {
    let dir = tempfile::tempdir().unwrap();
    let report = export_final(dir.path());
    let baseline = &report.data.baseline.as_ref().unwrap().network;
    let now = &report.data.network;
    let partners = features(&dir.path().join("gis/partners.geojson"));
    let status = |f: &serde_json::Value| f["properties"]["change"].as_str().unwrap().to_string();
    // every current partner once (not ended), every baseline partner once
    // (ended ones by their id, matched ones by baseline_id)
    let mut now_ids: Vec<&str> = Vec::new();
    let mut base_ids: Vec<&str> = Vec::new();
    for f in &partners {
        let p = &f["properties"];
        match p["change"].as_str().unwrap() {
            "ended" => base_ids.push(p["id"].as_str().unwrap()),
            "new" => now_ids.push(p["id"].as_str().unwrap()),
            "continued" | "moved" => {
                now_ids.push(p["id"].as_str().unwrap());
                base_ids.push(p["baseline_id"].as_str().unwrap());
            }
            other => panic!("unknown change {other:?}"),
        }
    }
    let sorted = |mut v: Vec<&str>| {
        v.sort_unstable();
        v.into_iter().map(String::from).collect::<Vec<String>>()
    };
    let expected_now = sorted(now.partners.iter().map(|p| p.id.as_str()).collect());
    let expected_base = sorted(baseline.partners.iter().map(|p| p.id.as_str()).collect());
    assert_eq!(sorted(now_ids), expected_now);
    assert_eq!(sorted(base_ids), expected_base);
    // the example's story: eight ended, eleven new, two moved
    let n = |s: &str| partners.iter().filter(|f| status(f) == s).count();
    assert_eq!((n("ended"), n("new"), n("moved")), (8, 11, 2));
    // moved partners carry their baseline place, the others none
    for f in &partners {
        let p = &f["properties"];
        let moved = status(f) == "moved";
        for key in [
            "baseline_ags",
            "baseline_municipality",
            "baseline_lon",
            "baseline_lat",
        ] {
            assert_eq!(!p[key].is_null(), moved, "{key} of {}", p["id"]);
        }
        if moved {
            assert_ne!(p["baseline_ags"], p["ags"], "{}", p["id"]);
        }
    }
    let hagen = partners
        .iter()
        .find(|f| f["properties"]["id"] == "P7-02")
        .unwrap();
    assert_eq!(hagen["properties"]["baseline_municipality"], "Hagen");
    assert_eq!(hagen["properties"]["municipality"], "Schwelm");
    // an ended partner is a feature at its baseline place
    let ended = partners
        .iter()
        .find(|f| f["properties"]["id"] == "P1-27")
        .unwrap();
    let earlier = baseline.partners.iter().find(|p| p.id == "P1-27").unwrap();
    let site = earlier.site.unwrap();
    let c = &ended["geometry"]["coordinates"];
    assert!(
        (c[0].as_f64().unwrap() - site.position.x).abs() < 1e-6,
        "{c}"
    );
    assert!(
        (c[1].as_f64().unwrap() - site.position.y).abs() < 1e-6,
        "{c}"
    );
    // links: both states' links add up
    let links = features(&dir.path().join("gis/links.geojson"));
    let l = |s: &str| links.iter().filter(|f| status(f) == s).count();
    assert_eq!(l("new") + l("continued") + l("moved"), now.links().count());
    assert_eq!(
        l("continued") + l("moved") + l("ended"),
        baseline.links().count()
    );
    assert_eq!(l("ended"), 8);
    // the QGIS styles colour by change
    for layer in ["partners", "links"] {
        let qml = std::fs::read_to_string(dir.path().join(format!("gis/{layer}.qml"))).unwrap();
        assert!(qml.contains("attr=\"change\""), "{layer}");
        assert!(qml.contains("value=\"ended\""), "{layer}");
    }
}

#[test]
fn the_geopackage_layers_carry_the_change_fields_with_the_same_counts() {
    let dir = tempfile::tempdir().unwrap();
    export_final(dir.path());
    let gpkg = dir.path().join("gis/final.gpkg");
    let partners = features(&dir.path().join("gis/partners.geojson"));
    let output = crate::support::run_tool(
        "ogrinfo",
        &["-ro", "-so", gpkg.to_str().unwrap(), "partners", "links"],
        "gdal-bin",
    );
    assert!(
        output.status.success(),
        "{}",
        crate::support::stderr(&output)
    );
    let info = crate::support::stdout(&output);
    assert!(
        info.contains(&format!("Feature Count: {}", partners.len())),
        "{info}"
    );
    for field in [
        "change: String",
        "baseline_municipality: String",
        "baseline_lon: Real",
    ] {
        assert!(info.contains(field), "no {field} in:\n{info}");
    }
    // the ended partners are rows of the GeoPackage layer too
    let sql = "SELECT COUNT(*) AS n FROM partners WHERE change = 'ended'";
    let output = crate::support::run_tool(
        "ogrinfo",
        &["-ro", "-q", gpkg.to_str().unwrap(), "-sql", sql],
        "gdal-bin",
    );
    let text = crate::support::stdout(&output);
    assert!(
        text.contains("n (Integer") && text.contains("= 8"),
        "{text}"
    );
}

#[test]
fn without_a_baseline_the_exports_have_no_change_fields() {
    let dir = tempfile::tempdir().unwrap();
    let report = Report::load(&example_dir().join("report.toml"), None).unwrap();
    let plan = BuildPlan {
        figures: Vec::new(),
        exports: true,
        tables: false,
    };
    build_report(&report, dir.path(), &plan, &|_| {}).unwrap();
    let partners = features(&dir.path().join("gis/partners.geojson"));
    assert_eq!(partners.len(), report.data.network.partners.len());
    assert!(
        partners
            .iter()
            .all(|f| f["properties"].get("change").is_none())
    );
    let qml = std::fs::read_to_string(dir.path().join("gis/partners.qml")).unwrap();
    assert!(qml.contains("attr=\"role\""));
}

/// A final-evaluation config in `dir` over the example's data (absolute
/// paths), with the figures `figures` (TOML).
fn final_config(dir: &Path, figures: &str) -> PathBuf {
    let data = example_dir();
    let path = |name: &str| data.join(name).display().to_string().replace('\\', "/");
    let text = format!(
        "[data]\nprojects = \"{}\"\npartners = \"{}\"\n\n[baseline]\nprojects = \"{}\"\npartners = \"{}\"\nlabel = \"Zwischenevaluation 2026\"\nlabel_en = \"Interim evaluation 2026\"\nlabel_now = \"Abschlussevaluation\"\nlabel_now_en = \"Final evaluation\"\n\n[style]\ncrs = \"EPSG:25832\"\n\n{figures}",
        path("final/projects.csv"),
        path("final/partners.csv"),
        path("projects.csv"),
        path("partners.csv"),
    );
    let config = dir.join("final.toml");
    std::fs::write(&config, text).unwrap();
    config
}

/// The example's change figures: P8 (grown in the north) on its own, P2, P5, P7 and P9 together.
const CHANGE_FIGURE: &str = "[[figures]]\nid = \"veraenderung\"\nkind = \"change\"\ntitle = \"Veränderung\"\ntitle_en = \"Change\"\nprojects = [\"P2\", \"P5\", \"P7\", \"P9\"]\n\n[[figures]]\nid = \"veraenderung-p8\"\nkind = \"change\"\ntitle = \"Veränderung P8\"\nprojects = [\"P8\"]\nchart = \"subregions\"\n\n[[figures]]\nid = \"sitze\"\nkind = \"seats-change\"\ntitle = \"Sitze\"\n";

fn build_change_figure(config: &Path, lang: ruhrmap::Lang) -> ruhrmap::BuiltFigure {
    build_change_figure_at(config, 0, lang)
}

fn build_change_figure_at(
    config: &Path,
    index: usize,
    lang: ruhrmap::Lang,
) -> ruhrmap::BuiltFigure {
    let report = Report::load(config, Some(lang)).unwrap();
    ruhrmap::build_figure(&report.config.figures, index, &report.data, lang).unwrap()
}

fn scene_texts(items: &[ruhrmap::render::Item], out: &mut Vec<String>) {
    for item in items {
        match item {
            ruhrmap::render::Item::Text(t) => out.push(t.content.clone()),
            ruhrmap::render::Item::Group(g) => scene_texts(&g.items, out),
            _ => {}
        }
    }
}

#[test]
fn a_change_figure_shows_every_status_without_collisions_in_german_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let config = final_config(dir.path(), CHANGE_FIGURE);
    for lang in [ruhrmap::Lang::De, ruhrmap::Lang::En] {
        let p8 = build_change_figure_at(&config, 1, lang);
        crate::figures::assert_clean_layout(&p8.layout);
        let svg = ruhrmap::write_svg(&p8.scene).unwrap();
        let rings = svg
            .split("id=\"")
            .filter_map(|rest| rest.split('"').next())
            .filter(|id| id.starts_with("P8-") && id.ends_with("-ring"))
            .count();
        assert_eq!(rings, 8, "P8's eight new partners in the north");
        // the charts: partners and their links per sub-region before and now,
        // one bar per state for each of the six sub-regions and outside the
        // region, in each chart (plotters writes each text on a line of its own)
        let before = lang.pick(" vorher\n</text>", " before\n</text>");
        let now = lang.pick(" jetzt\n</text>", " now\n</text>");
        assert_eq!(
            (svg.matches(before).count(), svg.matches(now).count()),
            (14, 15), // the partners' title ends "… and now" too
            "{lang:?}: chart bars"
        );
        for chart in ["subregions", "links"] {
            assert!(
                p8.layout
                    .furniture
                    .iter()
                    .any(|f| f.id == format!("veraenderung-p8-chart-{chart}")),
                "{lang:?}: chart {chart}"
            );
        }
        // the seats change map: what happened to the projects since
        let seats = build_change_figure_at(&config, 2, lang);
        crate::figures::assert_clean_layout(&seats.layout);
        let mut texts = Vec::new();
        for layer in &seats.scene.layers {
            scene_texts(&layer.items, &mut texts);
        }
        let finished = match lang {
            ruhrmap::Lang::De => "seitdem abgeschlossen",
            ruhrmap::Lang::En => "finished since",
        };
        assert!(texts.iter().any(|t| t == finished), "{lang:?}: {texts:?}");
        let figure = build_change_figure(&config, lang);
        crate::figures::assert_clean_layout(&figure.layout);
        let svg = ruhrmap::write_svg(&figure.scene).unwrap();
        // an ended partner outside the region: its box says so
        let ended_outside = lang.pick("Münster, ausgeschieden", "Münster, ended");
        assert!(svg.contains(ended_outside), "{lang:?}: {ended_outside}");
        // ended partners at their old place, new ones ringed, the moves as arrows
        for id in [
            "P2-21-ended",
            "P2-24-ring",
            "P7-moved-P7-02",
            "P5-moved-P5-04",
        ] {
            assert!(svg.contains(&format!("id=\"{id}\"")), "{lang:?}: no {id}");
        }
        let markers: Vec<&str> = figure
            .layout
            .markers
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert!(markers.contains(&"P2-21-ended") && markers.contains(&"P2-24"));
        // the old place of the move out of Hagen is named
        let labels: Vec<&str> = figure
            .layout
            .labels
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert!(
            labels.contains(&"Hagen") && labels.contains(&"Schwelm"),
            "{labels:?}"
        );
        let mut texts = Vec::new();
        for layer in &figure.scene.layers {
            scene_texts(&layer.items, &mut texts);
        }
        let expected = match lang {
            ruhrmap::Lang::De => [
                "Veränderung seit Zwischenevaluation 2026 (jetzt: Abschlussevaluation)",
                "ausgeschieden (alter Ort)",
            ],
            ruhrmap::Lang::En => [
                "Change since Interim evaluation 2026 (now: Final evaluation)",
                "ended (old place)",
            ],
        };
        for text in expected {
            assert!(
                texts.iter().any(|t| t == text),
                "{lang:?}: no {text:?} in {texts:?}"
            );
        }
    }
}

#[test]
fn change_figures_are_byte_identical_from_build_to_build() {
    let dir = tempfile::tempdir().unwrap();
    let config = final_config(dir.path(), CHANGE_FIGURE);
    let a = build_change_figure(&config, ruhrmap::Lang::De);
    let b = build_change_figure(&config, ruhrmap::Lang::De);
    assert_eq!(a, b);
    let files = |f: &ruhrmap::BuiltFigure| {
        ruhrmap::render::render_outputs(
            &f.scene,
            &ruhrmap::render::OutputFormats {
                svg: true,
                png_dpi: Some(150.0),
                pdf: true,
            },
            "veraenderung",
        )
        .unwrap()
    };
    let (x, y) = (files(&a), files(&b));
    assert_eq!(x.svg, y.svg);
    assert_eq!(x.png, y.png);
    assert_eq!(x.pdf, y.pdf);
}

#[test]
fn a_small_change_figure_matches_its_golden_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let figure = "[[figures]]\nid = \"veraenderung-p5-p7\"\nkind = \"change\"\ntitle = \"Veränderung P5 und P7\"\nprojects = [\"P5\", \"P7\"]\nstyle = { width_mm = 140 }\n";
    let config = final_config(dir.path(), figure);
    let built = build_change_figure(&config, ruhrmap::Lang::De);
    crate::figures::assert_clean_layout(&built.layout);
    let svg = ruhrmap::write_svg(&built.scene).unwrap();
    crate::support::assert_golden_text("figure-change-p5-p7.svg", &svg);
    let files = ruhrmap::render::render_outputs(
        &built.scene,
        &ruhrmap::render::OutputFormats {
            svg: true,
            png_dpi: Some(150.0),
            pdf: false,
        },
        "veraenderung-p5-p7",
    )
    .unwrap();
    crate::support::assert_golden_png("figure-change-p5-p7.png", &files.png.unwrap(), 24, 60);
}

#[test]
fn a_change_figure_without_a_baseline_is_a_config_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = final_config(dir.path(), CHANGE_FIGURE);
    let text = std::fs::read_to_string(&config).unwrap();
    let start = text.find("[baseline]").unwrap();
    let end = text.find("[style]").unwrap();
    let without = format!("{}{}", &text[..start], &text[end..]);
    std::fs::write(&config, &without).unwrap();
    let out = dir.path().join("out");
    let run = crate::support::ruhrmap(["render", config.to_str().unwrap(), "-o"])
        .arg(&out)
        .output();
    assert_eq!(run.status.code(), Some(2));
    let err = crate::support::stderr(&run);
    let line = without[..without.find("id = \"veraenderung\"").unwrap()]
        .lines()
        .count()
        + 1;
    assert!(
        err.contains(&format!("final.toml, line {line}")) && err.contains("[baseline]"),
        "{err}"
    );
    assert!(!out.exists());
}
