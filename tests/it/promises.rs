//! Promises of the README and the `--help` texts that no other module
//! checks: `render --formats` and `--only`, `build`/`watch --lang en`,
//! `boundaries import --source-crs` and `--tolerance`, `write_atomically`
//! keeping permissions, `geocode` output independent of the thread count,
//! the messages for swapped and projected coordinates, and non-finite or
//! negative numbers in the report config.

use crate::support::{random_points, ruhrmap, stderr};
use ruhrmap::Boundaries;
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

/// A copy of the small figure fixture, `report.toml` edited by `edit`.
fn figure_fixture(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["projects.csv", "partners.csv"] {
        std::fs::copy(fixture("figures").join(name), dir.path().join(name)).unwrap();
    }
    let config = std::fs::read_to_string(fixture("figures/report.toml")).unwrap();
    std::fs::write(dir.path().join("report.toml"), edit(config)).unwrap();
    dir
}

/// The file names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn render_writes_only_the_formats_and_figures_asked_for() {
    let dir = figure_fixture(|c| c);
    let output = ruhrmap([
        "render",
        "report.toml",
        "-o",
        "out",
        "--formats",
        "svg,pdf",
        "--only",
        "small-seats",
        "-q",
    ])
    .dir(dir.path())
    .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        names(&dir.path().join("out")),
        [
            "small-seats.layout.json",
            "small-seats.pdf",
            "small-seats.svg"
        ]
    );
    // a repeated --only and a single format
    let output = ruhrmap([
        "render",
        "report.toml",
        "-o",
        "png",
        "--formats",
        "png",
        "--only",
        "small-seats",
        "--only",
        "small-network",
        "-q",
    ])
    .dir(dir.path())
    .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        names(&dir.path().join("png")),
        [
            "small-network.layout.json",
            "small-network.png",
            "small-seats.layout.json",
            "small-seats.png"
        ]
    );
    // an unknown figure id is a usage error naming it, and writes nothing
    let output = ruhrmap([
        "render",
        "report.toml",
        "-o",
        "none",
        "--only",
        "small-sets",
    ])
    .dir(dir.path())
    .output();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("small-sets"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("none").exists());
}

/// `build` and `watch` take `--lang en` like `render`: the legend of the
/// network figure is English.
#[test]
fn build_and_watch_speak_english_with_lang_en() {
    let dir = figure_fixture(|c| c);
    for (command, extra) in [("build", &[][..]), ("watch", &["--max-rebuilds", "0"][..])] {
        let out = format!("{command}-out");
        let output = ruhrmap([command, "report.toml", "-o", &out, "--lang", "en", "-q"])
            .args(extra)
            .dir(dir.path())
            .output();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}: {}",
            stderr(&output)
        );
        let svg = std::fs::read_to_string(dir.path().join(&out).join("small-network.svg"))
            .unwrap_or_else(|e| panic!("{command}: {e}"));
        assert!(svg.contains(">Project coordination</text>"), "{command}");
        assert!(!svg.contains(">Projektkoordination</text>"), "{command}");
    }
    // and German without it
    let output = ruhrmap(["build", "report.toml", "-o", "de", "-q"])
        .dir(dir.path())
        .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let svg = std::fs::read_to_string(dir.path().join("de/small-network.svg")).unwrap();
    assert!(svg.contains(">Projektkoordination</text>"));
}

/// A copy of the shapefile fixture without its `.prj`.
fn shapefile_without_prj() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("vg250-shp")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e != "prj") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[test]
fn boundaries_import_takes_the_source_crs_when_the_prj_is_missing() {
    let dir = shapefile_without_prj();
    let without = ruhrmap(["boundaries", "import", "VG250_GEM.shp", "-o", "b0", "-q"])
        .dir(dir.path())
        .output();
    assert_eq!(without.status.code(), Some(2), "{}", stderr(&without));
    assert!(
        stderr(&without).contains("--source-crs"),
        "{}",
        stderr(&without)
    );
    assert!(!dir.path().join("b0").exists());

    let with = ruhrmap([
        "boundaries",
        "import",
        "VG250_GEM.shp",
        "-o",
        "b",
        "--source-crs",
        "EPSG:25832",
        "-q",
    ])
    .dir(dir.path())
    .output();
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    let imported = Boundaries::from_dir(&dir.path().join("b")).unwrap();
    let bochum = imported
        .municipalities()
        .iter()
        .position(|m| m.name == "Bochum")
        .map(ruhrmap::MunicipalityId::new)
        .expect("Bochum imported");
    // reprojected from UTM: the representative point lies in Bochum as embedded
    let embedded = Boundaries::embedded();
    let index = ruhrmap::MunicipalityIndex::new(embedded);
    let found = index.locate(imported.point(bochum)).unwrap();
    assert_eq!(embedded.municipalities()[found].name, "Bochum");

    // a wrong CRS is refused, naming the file, not imported as nonsense
    let wrong = ruhrmap([
        "boundaries",
        "import",
        "VG250_GEM.shp",
        "-o",
        "b2",
        "--source-crs",
        "EPSG:4326",
        "-q",
    ])
    .dir(dir.path())
    .output();
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(stderr(&wrong).contains("VG250_GEM"), "{}", stderr(&wrong));
    assert!(!dir.path().join("b2").exists());
}

#[test]
fn boundaries_import_simplifies_by_the_tolerance_given() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture("vg250-shp/VG250_GEM.shp");
    let mut vertices = Vec::new();
    for tolerance in ["1", "40", "400"] {
        let out = dir.path().join(format!("b{tolerance}"));
        let output = ruhrmap(["boundaries", "import"])
            .arg(&source)
            .arg("-o")
            .arg(&out)
            .args(["--tolerance", tolerance, "-q"])
            .output();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let b = Boundaries::from_dir(&out).unwrap();
        vertices.push((
            b.full_topology().vertex_count(),
            b.render_topology().vertex_count(),
        ));
    }
    // the full resolution does not depend on the tolerance, the figures' lines do
    assert!(
        vertices.iter().all(|v| v.0 == vertices[0].0),
        "{vertices:?}"
    );
    assert!(
        vertices[0].1 > vertices[1].1 && vertices[1].1 > vertices[2].1,
        "render vertices at 1, 40, 400 m: {vertices:?}"
    );
    // the npm GeoJSON layout takes it as well
    let output = ruhrmap(["boundaries", "import"])
        .arg(fixture("vg250-npm/gemeinden.geo.json"))
        .arg("-o")
        .arg(dir.path().join("npm"))
        .args(["--tolerance", "5", "-q"])
        .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // a negative or non-numeric tolerance is a usage error
    for bad in ["-3", "nan", "viel"] {
        let output = ruhrmap(["boundaries", "import"])
            .arg(&source)
            .arg("-o")
            .arg(dir.path().join("bad"))
            .arg(format!("--tolerance={bad}"))
            .arg("-q")
            .output();
        assert_eq!(
            output.status.code(),
            Some(2),
            "--tolerance {bad}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("tolerance"), "{}", stderr(&output));
        assert!(!dir.path().join("bad").exists(), "--tolerance {bad}");
    }
}

#[cfg(unix)]
#[test]
fn write_atomically_keeps_the_permissions_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    for wanted in [0o600, 0o640, 0o664, 0o755] {
        let path = dir.path().join(format!("table-{wanted:o}.csv"));
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).unwrap();
        ruhrmap::write_atomically(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(mode(&path), wanted, "{}", path.display());
    }
    // a new file gets what a plain file gets, not tempfile's 0600
    let fresh = dir.path().join("fresh.csv");
    ruhrmap::write_atomically(&fresh, |w| w.write_all(b"new")).unwrap();
    assert_eq!(mode(&fresh), 0o644);
}

#[test]
fn geocode_output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    // 3,000 rows: coordinates over Germany and its neighbours, every tenth a
    // place name instead, every 37th swapped
    let places = [
        "Bochum",
        "Mülheim a.d. Ruhr",
        "Castrop Rauxel",
        "Hamm (Westf.)",
        "Nirgendwo",
    ];
    let mut csv = String::from("name;ort;lat;lon\n");
    for (k, p) in random_points(0x7268_7264, 3_000, [5.0, 47.0, 15.5, 55.5])
        .iter()
        .enumerate()
    {
        let line = if k % 10 == 0 {
            format!("P{k};{};;\n", places[k / 10 % places.len()])
        } else if k % 37 == 0 {
            format!("P{k};;{:.6};{:.6}\n", p.x, p.y)
        } else {
            format!("P{k};;{:.6};{:.6}\n", p.y, p.x)
        };
        csv.push_str(&line);
    }
    std::fs::write(dir.path().join("p.csv"), csv).unwrap();
    let mut runs = Vec::new();
    for threads in ["1", "2"] {
        let mut files = Vec::new();
        for ext in ["csv", "geojson"] {
            let out = format!("out-{threads}.{ext}");
            let output = ruhrmap(["geocode", "p.csv", "-o", &out, "-q"])
                .env("RAYON_NUM_THREADS", threads)
                .dir(dir.path())
                .output();
            // unresolved rows (outside Germany, "Nirgendwo") make it 1
            assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
            files.push(std::fs::read(dir.path().join(&out)).unwrap());
        }
        runs.push(files);
    }
    assert!(
        runs[0][0].len() > 100_000,
        "{} bytes of CSV",
        runs[0][0].len()
    );
    assert!(
        runs[0][0] == runs[1][0],
        "the CSV differs between 1 and 2 threads"
    );
    assert!(
        runs[0][1] == runs[1][1],
        "the GeoJSON differs between 1 and 2 threads"
    );
}

#[test]
fn geocode_reports_swapped_and_projected_coordinates() {
    let dir = tempfile::tempdir().unwrap();
    // Bochum, Rathaus: lat/lon swapped, and ETRS89 / UTM 32N easting/northing
    std::fs::write(
        dir.path().join("p.csv"),
        "name;lat;lon\nvertauscht;7.2160;51.4816\nutm;5705380;374480\n",
    )
    .unwrap();
    let output = ruhrmap(["geocode", "p.csv", "-o", "out.csv"])
        .dir(dir.path())
        .output();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    let about = |line: &str| {
        lines
            .iter()
            .copied()
            .filter(|l| l.contains(line))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let swapped = about("p.csv:2:");
    assert!(
        swapped.contains("swapped") && swapped.contains("lon 7.216"),
        "{err}"
    );
    let projected = about("p.csv:3:");
    assert!(
        projected.contains("EPSG:25832") && projected.contains("easting, northing"),
        "{err}"
    );
    let table = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(table.matches(",Bochum,").count(), 2, "{table}");
}

#[test]
fn non_finite_and_negative_config_values_name_the_key_and_line() {
    // [style] is lines 16–18 of the fixture: width_mm on 17, dpi on 18; the
    // message names the section's line (16) and the key as `style.<key>`
    for (from, to, key) in [
        ("width_mm = 90", "width_mm = nan", "style.width_mm"),
        ("width_mm = 90", "width_mm = inf", "style.width_mm"),
        ("width_mm = 90", "width_mm = -inf", "style.width_mm"),
        ("dpi = 150", "dpi = -1", "style.dpi"),
        ("dpi = 150", "dpi = nan", "style.dpi"),
    ] {
        let dir = figure_fixture(|c| c.replace(from, to));
        let output = ruhrmap(["render", "report.toml", "-o", "out", "-q"])
            .dir(dir.path())
            .output();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{to}: {err}");
        assert!(
            err.contains(&format!("report.toml, line 16: {key}: expected")),
            "{to}: {err}"
        );
        assert!(
            err.contains("expected"),
            "{to}: says what is expected: {err}"
        );
        assert!(!dir.path().join("out").exists(), "{to}");
    }
}
