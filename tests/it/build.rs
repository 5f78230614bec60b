//! `ruhrmap build`, `stats` and `watch` driven as a user would: the real
//! binary on a copy of the example report in a temporary folder.
//!
//! The exports are read back with GDAL's `ogrinfo` (Debian package
//! `gdal-bin`); a missing `ogrinfo` fails the test with a hint rather than
//! skipping it.

use crate::support::{ruhrmap, stderr, stdout};
use ruhrmap::ReportConfig;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::Duration;

const HELLWEG_CITIES: [&str; 4] = ["Duisburg", "Essen", "Bochum", "Dortmund"];

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz")
}

/// A copy of the example report (config and data) in a fresh folder.
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for name in ["report.toml", "projects.csv", "partners.csv"] {
        std::fs::copy(example_dir().join(name), dir.path().join(name)).unwrap();
    }
    let config = dir.path().join("report.toml");
    (dir, config)
}

fn build(config: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ruhrmap(&args).output()
}

/// Every file below `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The example built once, shared by the tests that only read it.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    config: PathBuf,
    json: Value,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let (dir, config) = example_copy();
        let out = dir.path().join("out");
        let result = build(&config, &out, &["--json", "-q"]);
        assert_eq!(
            result.status.code(),
            Some(0),
            "the example builds completely: {}",
            stderr(&result)
        );
        let json: Value = serde_json::from_slice(&result.stdout)
            .unwrap_or_else(|e| panic!("--json prints JSON ({e}): {}", stdout(&result)));
        Built {
            _dir: dir,
            out,
            config,
            json,
        }
    })
}

/// A CSV table of the build as (header, rows of cells by column name).
fn table(out: &Path, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(out.join("tables").join(format!("{name}.csv")))
        .unwrap_or_else(|e| panic!("table {name}: {e}"));
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?} is not a number", row[column]))
}

fn ogrinfo(path: &Path) -> String {
    let output = Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("ogrinfo cannot be run ({e}); install GDAL (Debian: apt-get install gdal-bin)")
        });
    assert!(
        output.status.success(),
        "ogrinfo rejects {}: {}",
        path.display(),
        stderr(&output)
    );
    stdout(&output)
}

fn ogr_field<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines()
        .find_map(|l| l.strip_prefix(key))
        .unwrap_or_else(|| panic!("no {key} in ogrinfo output:\n{info}"))
        .trim()
}

#[test]
fn the_example_build_writes_every_figure_export_and_table() {
    let b = built();
    let config = ReportConfig::load(&b.config).unwrap();
    let mut expected: BTreeSet<PathBuf> = BTreeSet::new();
    for id in config.figure_ids() {
        for ext in ["svg", "png", "pdf", "html", "layout.json"] {
            expected.insert(PathBuf::from(format!("{id}.{ext}")));
        }
    }
    // the example's `[report] formats` asks for the web version
    expected.insert(PathBuf::from("index.html"));
    for layer in ["partners", "links", "municipalities"] {
        expected.insert(Path::new("gis").join(format!("{layer}.geojson")));
        expected.insert(Path::new("gis").join(format!("{layer}.qml")));
    }
    expected.insert(config.geopackage_file());
    for flows in ["locations", "flows", "flows-by-project"] {
        expected.insert(Path::new("gis/flows").join(format!("{flows}.csv")));
    }
    for table in [
        "summary",
        "link-shares",
        "by-subregion",
        "by-north-south",
        "by-kreis",
        "by-municipality",
        "by-project",
    ] {
        expected.insert(Path::new("tables").join(format!("{table}.csv")));
    }
    expected.insert(Path::new("tables").join("tables.md"));
    let found: BTreeSet<PathBuf> = snapshot(&b.out).into_keys().collect();
    assert_eq!(
        found, expected,
        "no more, no fewer files (no staging left behind)"
    );

    // the JSON summary names the same files and says the build is complete
    assert_eq!(b.json["complete"], true);
    let listed: BTreeSet<PathBuf> = b.json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| PathBuf::from(f["path"].as_str().unwrap()))
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(
        b.json["figures"].as_array().unwrap().len(),
        config.figure_ids().len()
    );
    assert!(b.json["unresolved"].as_array().unwrap().is_empty());
    for figure in b.json["figures"].as_array().unwrap() {
        assert_eq!(figure["unplaced_labels"], 0, "{figure}");
    }
    let png = std::fs::read(b.out.join(format!("{}.png", config.figure_ids()[0]))).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let pdf = std::fs::read(b.out.join(format!("{}.pdf", config.figure_ids()[0]))).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // the index links every figure's page, in config order
    let index = std::fs::read_to_string(b.out.join("index.html")).unwrap();
    let positions: Vec<usize> = config
        .figure_ids()
        .iter()
        .map(|id| {
            index
                .find(&format!("href=\"{id}.html\""))
                .unwrap_or_else(|| panic!("index.html does not link {id}.html"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    // each page carries the figure with hoverable municipality areas; the
    // SVG of the same figure does not
    for id in config.figure_ids() {
        let page = std::fs::read_to_string(b.out.join(format!("{id}.html"))).unwrap();
        let svg = std::fs::read_to_string(b.out.join(format!("{id}.svg"))).unwrap();
        let areas = page.matches("-area-").count();
        assert!(areas >= 53, "{id}.html: {areas} municipality areas");
        assert!(!svg.contains("-area-"), "{id}.svg carries the page's areas");
    }
}

#[test]
fn ogrinfo_reads_the_exports_with_their_feature_counts_and_geometry_types() {
    let b = built();
    let partners_csv = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(example_dir().join("partners.csv"))
        .unwrap()
        .records()
        .count();
    let summary = table(&b.out, "summary");
    let links = summary
        .iter()
        .find(|r| r["key"] == "links")
        .map(|r| number(r, "value") as usize)
        .unwrap();
    let municipalities = table(&b.out, "by-municipality")
        .iter()
        .filter(|r| !r["ags"].is_empty())
        .count();
    for (layer, geometry, count) in [
        ("partners", "Point", partners_csv),
        ("links", "Line String", links),
        ("municipalities", "Multi Polygon", municipalities),
    ] {
        let info = ogrinfo(&b.out.join("gis").join(format!("{layer}.geojson")));
        assert_eq!(ogr_field(&info, "Layer name:"), layer);
        assert_eq!(ogr_field(&info, "Geometry:"), geometry, "{layer}");
        assert_eq!(
            ogr_field(&info, "Feature Count:").parse::<usize>().unwrap(),
            count,
            "{layer}"
        );
        // WGS84 longitude/latitude, around the Ruhr
        let extent = ogr_field(&info, "Extent:");
        assert!(extent.starts_with('('), "{extent}");
        // "(xmin, ymin) - (xmax, ymax)"
        let numbers: Vec<f64> = extent
            .split(['(', ')', ',', ' '])
            .filter(|s| !s.is_empty() && *s != "-")
            .map(|s| s.parse().unwrap_or_else(|_| panic!("{s:?} in {extent}")))
            .collect();
        assert_eq!(numbers.len(), 4, "{extent}");
        assert!(
            numbers[0] > 2.0 && numbers[0] < 8.0,
            "{layer} min lon: {extent}"
        );
        assert!(
            numbers[1] > 47.0 && numbers[1] < 52.0,
            "{layer} min lat: {extent}"
        );
        for field in match layer {
            "partners" => &[
                "project",
                "role",
                "actor_type",
                "ags",
                "municipality",
                "subregion",
                "match",
            ][..],
            "links" => &["project", "role", "from_id", "to_id"][..],
            _ => &[
                "ags",
                "name",
                "subregion",
                "coordinators",
                "core",
                "loose",
                "partners_P1",
            ][..],
        } {
            assert!(
                info.lines().any(|l| l.starts_with(&format!("{field}: "))),
                "{layer} has no field {field}:\n{info}"
            );
        }
    }
}

#[test]
fn two_builds_of_the_same_inputs_are_byte_identical() {
    let b = built();
    let second = tempfile::tempdir().unwrap();
    let out = second.path().join("again");
    let result = build(&b.config, &out, &["-q"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let first = snapshot(&b.out);
    let again = snapshot(&out);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        again.keys().collect::<Vec<_>>()
    );
    let mut kinds = BTreeSet::new();
    for (path, bytes) in &first {
        assert!(
            again[path] == *bytes,
            "{} differs between builds",
            path.display()
        );
        kinds.insert(path.extension().unwrap().to_string_lossy().into_owned());
    }
    for kind in ["svg", "png", "pdf", "geojson", "csv", "json", "md", "qml"] {
        assert!(kinds.contains(kind), "compared no .{kind} file");
    }
    // building again into the same folder changes no file
    let result = build(&b.config, &out, &["-q", "--json"]);
    let json: Value = serde_json::from_slice(&result.stdout).unwrap();
    assert!(
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["changed"] == false)
    );
}

#[test]
fn a_failing_build_leaves_the_previous_outputs_byte_identical() {
    let (dir, config) = example_copy();
    let out = dir.path().join("out");
    let result = build(&config, &out, &["-q"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let before = snapshot(&out);
    let good = std::fs::read_to_string(&config).unwrap();

    // a config that names a missing data file
    std::fs::write(
        &config,
        good.replace("partners = \"partners.csv\"", "partners = \"partner.csv\""),
    )
    .unwrap();
    let result = build(&config, &out, &[]);
    assert_eq!(result.status.code(), Some(2));
    let err = stderr(&result);
    assert!(err.contains("partner.csv"), "{err}");
    assert!(
        snapshot(&out) == before,
        "outputs changed after a failed build"
    );

    // a figure that cannot be made fails after others were made: still nothing replaced
    std::fs::write(&config, good.replace("\"P14\"]", "\"P41\"]")).unwrap();
    let result = build(&config, &out, &["--json"]);
    assert_eq!(result.status.code(), Some(2));
    let err = stderr(&result);
    assert!(err.contains("P41") && err.contains("line"), "{err}");
    let json: Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(json["complete"], false);
    assert!(json["error"].as_str().unwrap().contains("P41"));
    assert!(
        snapshot(&out) == before,
        "outputs changed after a failed build"
    );

    // a failed first build leaves no empty output folder
    let fresh = dir.path().join("fresh");
    let result = build(&config, &fresh, &["-q"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(!fresh.exists());
}

/// A build that was killed leaves its staging folder behind; the next build
/// removes it once it is clearly stale, and leaves a young one (a build
/// running beside it) alone.
#[test]
fn a_killed_build_leaves_no_staging_folder_for_long() {
    let (dir, config) = example_copy();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let killed = out.join(".ruhrmap-build-a1b2c3");
    let running = out.join(".ruhrmap-build-d4e5f6");
    for folder in [&killed, &running] {
        std::fs::create_dir(folder).unwrap();
        std::fs::write(folder.join("abb-1-sitz-der-koordination.svg"), "<svg").unwrap();
    }
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::open(&killed)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    let result = build(&config, &out, &["-q"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(!killed.exists(), "the stale staging folder is still there");
    assert!(running.exists(), "a young staging folder was removed");
}

#[test]
fn the_tables_reproduce_the_statements_of_the_report() {
    let b = built();
    // about 190 cooperation links, as many as the projects have
    let summary = table(&b.out, "summary");
    let value = |key: &str| {
        summary
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("no {key} in summary"))["value"]
            .clone()
    };
    let links: usize = value("links").parse().unwrap();
    assert!((185..=195).contains(&links), "{links} links");
    let projects = table(&b.out, "by-project");
    let (total, rows) = projects.split_last().unwrap();
    assert_eq!(total["project"], "total");
    let per_project: f64 = rows.iter().map(|r| number(r, "links")).sum();
    assert_eq!(per_project as usize, links);
    assert_eq!(number(total, "links") as usize, links);

    // P9 is the only project coordinated in the northern Ruhr
    let north: Vec<&str> = rows
        .iter()
        .filter(|r| r["coordinator_location"] == "region-north")
        .map(|r| r["project"].as_str())
        .collect();
    assert_eq!(north, ["P9"]);
    assert_eq!(value("coordinations_region_north_projects"), "P9");

    // partners concentrate in the Hellweg cities Duisburg, Essen, Bochum, Dortmund
    let municipalities = table(&b.out, "by-municipality");
    let mut in_region: Vec<(&str, f64)> = municipalities
        .iter()
        .filter(|r| r["in_region"] == "true")
        .map(|r| (r["municipality"].as_str(), number(r, "partners")))
        .collect();
    in_region.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let top: BTreeSet<&str> = in_region[..4].iter().map(|r| r.0).collect();
    assert_eq!(top, BTreeSet::from(HELLWEG_CITIES), "{in_region:?}");
    assert!(
        in_region[3].1 > in_region[4].1,
        "a tie at rank 4: {in_region:?}"
    );
    // … and so do the coordinations: at least three quarters of them
    let coordinations: f64 = municipalities
        .iter()
        .map(|r| number(r, "coordinators"))
        .sum();
    let in_hellweg_cities: f64 = municipalities
        .iter()
        .filter(|r| HELLWEG_CITIES.contains(&r["municipality"].as_str()))
        .map(|r| number(r, "coordinators"))
        .sum();
    assert!(
        in_hellweg_cities >= 0.75 * coordinations,
        "{in_hellweg_cities} of {coordinations}"
    );

    // the northern Ruhr is under-represented: far fewer of the links into the
    // region than its share of the region's municipalities and area
    let north_south = table(&b.out, "by-north-south");
    let nord = north_south
        .iter()
        .find(|r| r["subregion"] == "nord")
        .unwrap();
    let link_share = number(nord, "share_region_links_percent");
    assert!(
        link_share < 0.75 * number(nord, "share_region_municipalities_percent"),
        "{nord:?}"
    );
    assert!(
        link_share < 0.75 * number(nord, "share_region_area_percent"),
        "{nord:?}"
    );

    // the link shares add up
    let shares = table(&b.out, "link-shares");
    let share = |id: &str| {
        number(
            shares.iter().find(|r| r["location"] == id).unwrap(),
            "links",
        )
    };
    assert_eq!(
        share("region"),
        share("region-north") + share("region-rest")
    );
    assert_eq!(share("total") as usize, links,);
    assert_eq!(
        share("region") + share("outside-region") + share("abroad") + share("unknown"),
        share("total")
    );
    assert_eq!(
        share("region-north") as usize,
        value("links_region_north").parse::<usize>().unwrap()
    );
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised_and_names_stay_exact() {
    let (dir, config) = example_copy();
    let hostile = "=HYPERLINK(\"http://x\";\"klick\") <&> 'Grüße' 🙂";
    let projects = dir.path().join("projects.csv");
    let text_projects = std::fs::read_to_string(&projects).unwrap();
    let p1 = text_projects
        .lines()
        .find(|l| l.starts_with("P1;"))
        .unwrap();
    let title = p1.split(';').nth(1).unwrap();
    std::fs::write(
        &projects,
        text_projects.replacen(p1, &p1.replacen(title, "+Flächen-Pool", 1), 1),
    )
    .unwrap();
    let partners = dir.path().join("partners.csv");
    let text_partners = std::fs::read_to_string(&partners).unwrap();
    let row = text_partners
        .lines()
        .find(|l| l.starts_with("P1;"))
        .unwrap();
    let name = row.split(';').nth(2).unwrap();
    // quoted, as Excel writes a cell holding `;` and `"`
    let quoted = format!("\"{}\"", hostile.replace('"', "\"\""));
    std::fs::write(
        &partners,
        text_partners.replacen(row, &row.replacen(name, &quoted, 1), 1),
    )
    .unwrap();
    let out = dir.path().join("out");
    let result = build(&config, &out, &["-q"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));

    let by_project = table(&out, "by-project");
    let p1 = by_project.iter().find(|r| r["project"] == "P1").unwrap();
    assert_eq!(p1["title"], "'+Flächen-Pool");
    assert_eq!(p1["coordinator"], format!("'{hostile}"));
    for name in [
        "by-project",
        "by-kreis",
        "by-municipality",
        "summary",
        "link-shares",
    ] {
        for row in table(&out, name) {
            for cell in row.values() {
                let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                assert!(!formula, "{name}: {cell:?}");
            }
        }
    }
    // the GeoJSON keeps the name byte for byte, for GDAL too
    let geojson: Value =
        serde_json::from_slice(&std::fs::read(out.join("gis/partners.geojson")).unwrap()).unwrap();
    assert_eq!(geojson["features"][0]["properties"]["name"], hostile);
    let output = Command::new("ogrinfo")
        .args(["-ro", "-al", "-q", "-where", "id = 'P1-01'"])
        .arg(out.join("gis/partners.geojson"))
        .output()
        .expect("ogrinfo (Debian: apt-get install gdal-bin)");
    assert!(
        stdout(&output).contains(&format!("name (String) = {hostile}")),
        "{}",
        stdout(&output)
    );
    // the Markdown keeps it readable, escaped for tables
    let markdown = std::fs::read_to_string(out.join("tables/tables.md")).unwrap();
    assert!(markdown.contains("+Flächen-Pool"));
    assert!(markdown.contains("\\<&\\>"));
}

#[test]
fn stats_prints_markdown_or_writes_only_the_tables() {
    let (dir, config) = example_copy();
    let result = ruhrmap(["stats", config.to_str().unwrap()]).output();
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let markdown = stdout(&result);
    assert!(
        markdown.starts_with("# Evaluation der Ruhr-Konferenz"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Kooperationsverbindungen |"),
        "{markdown}"
    );

    let english = ruhrmap(["stats", config.to_str().unwrap(), "--lang", "en"]).output();
    assert!(stdout(&english).contains("| Cooperation links |"));

    let out = dir.path().join("stats");
    let result = ruhrmap([
        "stats",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .output();
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let files = snapshot(&out);
    assert!(
        files.keys().all(|p| p.starts_with("tables")),
        "{:?}",
        files.keys()
    );
    assert_eq!(files[Path::new("tables/tables.md")], markdown.as_bytes());
}

#[test]
fn usage_and_input_errors_exit_with_2() {
    let missing_output = ruhrmap(["build", "report.toml"]).output();
    assert_eq!(missing_output.status.code(), Some(2));
    let (dir, config) = example_copy();
    let good = std::fs::read_to_string(&config).unwrap();
    assert!(good.contains("folder = \"tables\""));
    std::fs::write(
        &config,
        good.replace("folder = \"tables\"", "folder = \"../x\""),
    )
    .unwrap();
    let result = build(&config, &dir.path().join("out"), &[]);
    assert_eq!(result.status.code(), Some(2));
    let err = stderr(&result);
    let line = good
        .lines()
        .position(|l| l.starts_with("folder = \"tables\""))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("report.toml, line {line}: tables.folder")),
        "{err}"
    );
    assert!(!dir.path().join("x").exists());
}

/// Lines the child writes to stderr, as they come.
fn stderr_lines(child: &mut std::process::Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for a line containing `needle`; returns every line seen up to it.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str, seen: &mut Vec<String>) -> String {
    loop {
        match lines.recv_timeout(Duration::from_secs(180)) {
            Ok(line) => {
                seen.push(line.clone());
                if line.contains(needle) {
                    return line;
                }
            }
            Err(e) => panic!(
                "no line with {needle:?} ({e}); stderr so far:\n{}",
                seen.join("\n")
            ),
        }
    }
}

#[test]
fn watch_rebuilds_only_what_an_edit_touches_and_survives_a_broken_edit() {
    let (dir, config) = example_copy();
    let out = dir.path().join("out");
    let report = ReportConfig::load(&config).unwrap();
    let p5_figure = report
        .figures
        .figures
        .iter()
        .find(|f| f.project_ids().iter().any(|p| p == "P5"))
        .unwrap()
        .id
        .get_ref()
        .clone();
    let mut child = ruhrmap([
        "watch",
        config.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .args(["--poll-ms", "50", "--max-rebuilds", "2", "-q"])
    .command()
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let lines = stderr_lines(&mut child);
    let mut seen = Vec::new();
    wait_for(&lines, "watching", &mut seen);
    let before = snapshot(&out);
    assert!(before.len() > 30, "the first build wrote everything");

    // rename a core partner of P5: its figure, the exports and tables change
    let partners = dir.path().join("partners.csv");
    let good = std::fs::read_to_string(&partners).unwrap();
    let row = good
        .lines()
        .find(|l| l.starts_with("P5;") && l.contains(";core;"))
        .unwrap();
    let mut cells: Vec<&str> = row.split(';').collect();
    let moved_to = if cells[5] == "Oberhausen" {
        "Herne"
    } else {
        "Oberhausen"
    };
    cells[2] = "Neuer Name";
    cells[5] = moved_to;
    std::fs::write(&partners, good.replacen(row, &cells.join(";"), 1)).unwrap();
    let rebuilt = wait_for(&lines, "rebuilt", &mut seen);
    assert!(
        rebuilt.starts_with(&format!("rebuilt {p5_figure}, exports, tables in ")),
        "{rebuilt}"
    );
    assert!(rebuilt.contains("projects and partners read"), "{rebuilt}");
    let after = snapshot(&out);
    for (path, bytes) in &before {
        let name = path.to_string_lossy();
        let may_change =
            name.starts_with(&p5_figure) || name.starts_with("gis") || name.starts_with("tables");
        if !may_change {
            assert!(after[path] == *bytes, "{name} changed");
        }
    }
    assert!(
        after[&PathBuf::from(format!("{p5_figure}.svg"))]
            != before[&PathBuf::from(format!("{p5_figure}.svg"))]
    );
    let geojson = String::from_utf8(after[Path::new("gis/partners.geojson")].clone()).unwrap();
    assert!(geojson.contains("\"Neuer Name\""));
    assert!(geojson.contains(&format!("\"municipality\":\"{moved_to}\"")));

    // a broken edit: an unknown role; the error names file and line, outputs stay
    let line_no = good.lines().position(|l| l == row).unwrap() + 1;
    std::fs::write(
        &partners,
        good.replacen(row, &row.replacen(";core;", ";kern-team;", 1), 1),
    )
    .unwrap();
    let error = wait_for(&lines, "error:", &mut seen);
    assert!(
        error.contains("partners.csv") && error.contains(&format!("line {line_no}")),
        "{error}"
    );
    let status = child.wait().unwrap();
    // the rest of what it said
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(10)) {
        seen.push(line);
    }
    assert_eq!(status.code(), Some(2), "the last rebuild failed");
    assert!(snapshot(&out) == after, "a broken edit changed outputs");
    assert!(
        seen.iter().any(|l| l.contains("last good build are kept")),
        "{}",
        seen.join("\n")
    );
}

/// The licence (Datenlizenz Deutschland – Namensnennung 2.0) requires the
/// attribution with the data: every exported GeoJSON carries it as its
/// `attribution` member.
#[test]
fn every_exported_geojson_carries_the_attribution() {
    let built = built();
    let layers: Vec<PathBuf> = snapshot(&built.out)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "geojson"))
        .collect();
    assert!(layers.len() >= 3, "{layers:?}");
    for layer in layers {
        let json: Value =
            serde_json::from_slice(&std::fs::read(built.out.join(&layer)).unwrap()).unwrap();
        assert_eq!(
            json["attribution"].as_str(),
            Some("© GeoBasis-DE / BKG (2017)"),
            "{}",
            layer.display()
        );
    }
}
