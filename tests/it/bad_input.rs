//! The bad-input catalogue: broken, hostile and faulty files and arguments
//! run through the real `ruhrmap` binary.
//!
//! Every case runs twice in a fresh folder: once with no output present and
//! once with an earlier output in place. It asserts that
//! - the exit status is the documented one (2 bad input or usage, 1 partial
//!   results, 0 accepted with a warning);
//! - stderr names the file and the line, feature or key, and what was
//!   expected (each case lists the fragments it needs);
//! - nothing panicked;
//! - on exit 2 no output is created, an earlier output is left byte for
//!   byte, nothing is written to standard output and no temporary file is
//!   left behind.
//!
//! Inputs are generated here, shapefiles by patching the bytes of
//! `tests/fixtures/vg250-shp`, so every case reads as a few lines.

use crate::support::{ruhrmap, stderr};
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------ harness

/// Where a case's command writes.
#[derive(Clone, Copy, Debug)]
enum Target {
    /// Standard output only.
    Stdout,
    /// One output file.
    File(&'static str),
    /// An output folder; the file inside is the one an earlier run left.
    Folder(&'static str, &'static str),
}

/// One bad input: files to create, the command line, what must come out.
struct Case {
    name: &'static str,
    files: Vec<(String, Vec<u8>)>,
    args: Vec<String>,
    target: Target,
    exit: i32,
    expect: Vec<String>,
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        files: Vec::new(),
        args: Vec::new(),
        target: Target::Stdout,
        exit: 2,
        expect: Vec::new(),
    }
}

impl Case {
    fn file(mut self, name: &str, bytes: impl AsRef<[u8]>) -> Case {
        self.files.push((name.to_string(), bytes.as_ref().to_vec()));
        self
    }

    fn files(mut self, files: Vec<(String, Vec<u8>)>) -> Case {
        self.files.extend(files);
        self
    }

    fn run(mut self, args: &[&str]) -> Case {
        self.args = args.iter().map(|a| a.to_string()).collect();
        self
    }

    fn writes(mut self, target: Target) -> Case {
        self.target = target;
        self
    }

    /// Expects exit status `code` and every fragment in stderr.
    fn fails(mut self, code: i32, expect: &[&str]) -> Case {
        self.exit = code;
        self.expect = expect.iter().map(|e| e.to_string()).collect();
        self
    }
}

const PREVIOUS: &[u8] = b"an earlier output that must survive\n";

/// Every file below `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            }
            out.push(path.strip_prefix(root).unwrap().to_path_buf());
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs one case in two fresh folders; returns what went wrong, if anything.
fn check(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    for earlier_output in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in &case.files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
        let previous = match case.target {
            Target::File(name) if earlier_output => Some(dir.path().join(name)),
            Target::Folder(folder, name) if earlier_output => {
                Some(dir.path().join(folder).join(name))
            }
            _ => None,
        };
        if let Some(path) = &previous {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, PREVIOUS).unwrap();
        }
        let before = listing(dir.path());
        let output = ruhrmap(&case.args).dir(dir.path()).output();
        let err = String::from_utf8_lossy(&output.stderr);
        let mut fail = |what: String| {
            problems.push(format!(
                "[{}{}] {what}\n    stderr: {}",
                case.name,
                if earlier_output {
                    ", earlier output present"
                } else {
                    ""
                },
                err.trim_end().replace('\n', "\n            ")
            ))
        };
        if output.status.code() != Some(case.exit) {
            fail(format!(
                "exit status {:?}, expected {}",
                output.status.code(),
                case.exit
            ));
        }
        if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
            fail("panicked".into());
        }
        for fragment in &case.expect {
            if !err.contains(fragment.as_str()) {
                fail(format!("stderr lacks {fragment:?}"));
            }
        }
        let after = listing(dir.path());
        if let Some(tmp) = after.iter().find(|p| p.to_string_lossy().ends_with(".tmp")) {
            fail(format!("temporary file {} left behind", tmp.display()));
        }
        if case.exit == 2 {
            if !output.stdout.is_empty() {
                fail(format!("{} bytes on standard output", output.stdout.len()));
            }
            if after != before {
                fail(format!("files changed: before {before:?}, after {after:?}"));
            }
            if let Some(path) = &previous
                && std::fs::read(path).ok().as_deref() != Some(PREVIOUS)
            {
                fail(format!("the earlier output {} was changed", path.display()));
            }
        }
    }
    problems
}

/// Runs every case and fails with the full list of problems.
fn check_all(cases: Vec<Case>) {
    assert!(!cases.is_empty());
    let problems: Vec<String> = cases.iter().flat_map(check).collect();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ------------------------------------------------------------------ inputs

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vg250-shp")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The municipality layer of the shapefile fixture (`.shp`, `.shx`, `.dbf`,
/// `.prj`, `.cpg`) under `shp/`, each passed through `patch` first (which
/// returns `None` to leave a file out).
fn shapefile(patch: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) -> Vec<(String, Vec<u8>)> {
    ["shp", "shx", "dbf", "prj", "cpg"]
        .iter()
        .filter_map(|ext| {
            patch(ext, fixture(&format!("VG250_GEM.{ext}")))
                .map(|bytes| (format!("shp/VG250_GEM.{ext}"), bytes))
        })
        .collect()
}

/// `bytes` with `value` written at `offset`.
fn patched(mut bytes: Vec<u8>, offset: usize, value: &[u8]) -> Vec<u8> {
    bytes[offset..offset + value.len()].copy_from_slice(value);
    bytes
}

/// The byte offsets of the `.shp` records (after the 100-byte header).
fn shp_record_offsets(shp: &[u8]) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut at = 100;
    while at + 8 <= shp.len() {
        offsets.push(at);
        let words = i32::from_be_bytes(shp[at + 4..at + 8].try_into().unwrap());
        at += 8 + 2 * words as usize;
    }
    offsets
}

/// A boundary GeoJSON FeatureCollection of one municipality with `geometry`.
fn boundary_geojson(geometry: &str) -> String {
    format!(
        r#"{{"type": "FeatureCollection", "features": [
{{"type": "Feature", "properties": {{"AGS": "05911000", "GEN": "Bochum", "BEZ": "Stadt"}},
  "geometry": {geometry}}}
]}}"#
    )
}

/// A square ring around Bochum, closed.
const SQUARE: &str = "[[7.1, 51.4], [7.3, 51.4], [7.3, 51.55], [7.1, 51.55], [7.1, 51.4]]";

fn nested(depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth))
}

const PROJECTS: &str = "id;title;field;status;coordinator;place\n\
P1;Flächenpool Ruhr;HF1;running;Regionalverband Ruhr;Essen\n";
const PARTNERS: &str = "project;id;name;role;actor_type;place\n\
P1;P1-01;Regionalverband Ruhr;coordinator;intermediary;Essen\n\
P1;P1-02;TU Dortmund;core;science;Dortmund\n\
P1;P1-03;Stadt Bochum;loose;municipality;Bochum\n";

/// A report config over `projects.csv` and `partners.csv` with `extra`
/// inserted before the one figure, and `figure_extra` at its end.
fn report(extra: &str, figure_extra: &str) -> String {
    format!(
        "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n{extra}\n\
[[figures]]\nid = \"abb-1\"\nkind = \"network\"\ntitle = \"Netzwerk P1\"\nprojects = [\"P1\"]\n{figure_extra}"
    )
}

/// A render case: config `toml`, the two tables, output folder `out/`.
fn render_case(name: &'static str, toml: &str) -> Case {
    case(name)
        .file("report.toml", toml)
        .file("projects.csv", PROJECTS)
        .file("partners.csv", PARTNERS)
        .run(&["render", "report.toml", "-o", "out", "-q"])
        .writes(Target::Folder("out", "abb-1.svg"))
}

/// A geocode case over input `name` = `bytes`, written to `out.csv`.
fn geocode_case(name: &'static str, file: &'static str, bytes: impl AsRef<[u8]>) -> Case {
    case(name)
        .file(file, bytes)
        .run(&["geocode", file, "-o", "out.csv"])
        .writes(Target::File("out.csv"))
}

/// A boundary import of `source` into `out/`.
fn import_case(name: &'static str, source: &'static str) -> Case {
    case(name)
        .run(&["boundaries", "import", source, "-o", "out", "-q"])
        .writes(Target::Folder("out", "gazetteer.csv"))
}

// ------------------------------------------------------------------ partner tables

#[test]
fn partner_csv() {
    check_all(vec![
        geocode_case(
            "wrong delimiter in the header",
            "p.csv",
            "name|ort\nRUB|Bochum\n",
        )
        .fails(
            2,
            &["p.csv", "line 1", "expected a place column", "\"name|ort\""],
        ),
        geocode_case(
            "delimiter changes below the header",
            "p.csv",
            "name;ort\nTU;Dortmund\nRUB,Bochum\n",
        )
        .fails(
            2,
            &[
                "p.csv",
                "line 3",
                "1 fields where the header has 2",
                "';'",
                "must be quoted",
            ],
        ),
        geocode_case(
            "too many fields",
            "p.csv",
            "name;ort\nA;Bochum\nB;Essen;zu viel\n",
        )
        .fails(2, &["p.csv", "line 3", "3 fields where the header has 2"]),
        geocode_case(
            "too few fields",
            "p.csv",
            "name;ort;lat;lon\nA;Bochum;;\nB;Essen\n",
        )
        .fails(2, &["p.csv", "line 3", "2 fields where the header has 4"]),
        geocode_case(
            "mixed encodings",
            "p.csv",
            b"name;ort\nA;M\xc3\xbclheim\nB;B\xf6nen\n",
        )
        .fails(
            2,
            &[
                "p.csv",
                "line 3",
                "column 4",
                "0xF6",
                "line 2 is UTF-8",
                "CSV UTF-8",
            ],
        ),
        geocode_case(
            "not UTF-8 after a UTF-8 byte-order mark",
            "p.csv",
            b"\xef\xbb\xbfname;ort\nA;B\xf6nen\n",
        )
        .fails(2, &["p.csv", "line 2", "0xF6", "byte-order mark"]),
        geocode_case(
            "UTF-16 with an odd number of bytes",
            "p.csv",
            b"\xff\xfen\x00a\x00m\x00e\x00;\x00o\x00r\x00t\x00\n",
        )
        .fails(2, &["p.csv", "line 1", "malformed UTF-16"]),
        geocode_case("binary data", "p.csv", b"name;ort\nA;Bo\x00\x01chum\n").fails(
            2,
            &[
                "p.csv",
                "line 2",
                "column 5",
                "U+0000",
                "expected CSV or GeoJSON",
            ],
        ),
        geocode_case(
            "unterminated quote",
            "p.csv",
            "name;ort\nA;Bochum\n\"B;Essen\nC;Herne\n",
        )
        .fails(2, &["p.csv", "line 3", "never closed"]),
        geocode_case(
            "no place and no coordinate column",
            "p.csv",
            "name;telefon\nRUB;0234 32-201\n",
        )
        .fails(
            2,
            &["p.csv", "line 1", "expected a place column", "\"telefon\""],
        ),
        geocode_case(
            "latitude without longitude",
            "p.csv",
            "name;lat\nRUB;51.44\n",
        )
        .fails(2, &["p.csv", "line 1", "no longitude column"]),
        geocode_case(
            "the place column twice",
            "p.csv",
            "name;ort;ort\nRUB;Bochum;Essen\n",
        )
        .fails(2, &["p.csv", "line 1", "\"ort\"", "columns 2 and 3"]),
        geocode_case(
            "coordinate columns twice",
            "p.csv",
            "name;lat;lon;Lat\nRUB;51.44;7.26;51.5\n",
        )
        .fails(2, &["p.csv", "line 1", "\"lat\"", "\"Lat\""]),
        geocode_case(
            "unparsable number",
            "p.csv",
            "name;ort;lat;lon\nA;Bochum;51,4;7,2\nB;Essen;51,4;sieben\n",
        )
        .fails(
            2,
            &[
                "p.csv",
                "line 3",
                "\"lon\"",
                "\"sieben\"",
                "expected a decimal number",
            ],
        ),
        geocode_case("NaN as a coordinate", "p.csv", "name;lat;lon\nA;NaN;7.2\n").fails(
            2,
            &[
                "p.csv",
                "line 2",
                "\"lat\"",
                "\"NaN\"",
                "expected a decimal number",
            ],
        ),
        geocode_case(
            "overflowing number",
            "p.csv",
            "name;lat;lon\nA;51.4;1e999\n",
        )
        .fails(
            2,
            &[
                "p.csv",
                "line 2",
                "\"lon\"",
                "\"1e999\"",
                "expected a decimal number",
            ],
        ),
        geocode_case(
            "absurd coordinates next to a place",
            "p.csv",
            "name;ort;lat;lon\nRUB;Bochum;1e300;7.2\n",
        )
        .fails(0, &["p.csv:2: warning", "1e300", "ignored"]),
        geocode_case(
            "absurd coordinates without a place",
            "p.csv",
            "name;lat;lon\nA;51.48;7.21\nB;95;700\n",
        )
        .fails(
            1,
            &["p.csv:3", "no place and no usable coordinates", "(700, 95)"],
        ),
        geocode_case("unknown place", "p.csv", "name;ort\nA;Bochum\nB;Atlantis\n")
            .fails(1, &["p.csv:3", "unresolved place \"Atlantis\""]),
        geocode_case("empty file", "p.csv", "")
            .fails(2, &["p.csv", "empty", "expected a header row"]),
        geocode_case("only a byte-order mark", "p.csv", b"\xef\xbb\xbf")
            .fails(2, &["p.csv", "empty", "expected a header row"]),
        geocode_case("only blank lines", "p.csv", "\n\r\n\n")
            .fails(2, &["p.csv", "empty", "expected a header row"]),
        geocode_case("header only", "p.csv", "name;ort;lat;lon\n")
            .fails(2, &["p.csv", "no data rows", "expected"]),
        geocode_case(
            "header and empty rows only",
            "p.csv",
            "name;ort;lat;lon\n;;;\n;;;\n",
        )
        .fails(2, &["p.csv", "no data rows", "expected"]),
        case("missing input file")
            .run(&["geocode", "partner.csv", "-o", "out.csv"])
            .writes(Target::File("out.csv"))
            .fails(2, &["partner.csv", "No such file"]),
        case("input is a folder")
            .file("tables/readme.txt", "x")
            .run(&["geocode", "tables", "-o", "out.csv"])
            .writes(Target::File("out.csv"))
            .fails(2, &["tables", "cannot read"]),
    ]);
}

#[test]
fn partner_geojson() {
    check_all(vec![
        geocode_case("invalid JSON", "p.geojson", "{\"type\": \"FeatureCollection\",\n\"features\": [\n{\"type\": \"Feature\",}\n]}\n")
            .fails(2, &["p.geojson", "line 3", "not valid JSON"]),
        geocode_case("not a FeatureCollection", "p.geojson", "{\"type\": \"Topology\"}\n")
            .fails(2, &["p.geojson", "line 1", "expected a GeoJSON FeatureCollection"]),
        geocode_case("features is not a list", "p.geojson", "{\"type\": \"FeatureCollection\", \"features\": {}}\n")
            .fails(2, &["p.geojson", "no \"features\" array"]),
        geocode_case("polygon instead of point", "p.geojson", format!(
            "{{\"type\": \"FeatureCollection\", \"features\": [\n{{\"type\": \"Feature\", \"properties\": {{\"name\": \"A\"}}, \"geometry\": {{\"type\": \"Point\", \"coordinates\": [7.2, 51.5]}}}},\n{{\"type\": \"Feature\", \"properties\": {{\"name\": \"B\"}}, \"geometry\": {{\"type\": \"Polygon\", \"coordinates\": [{SQUARE}]}}}}\n]}}\n"))
            .fails(2, &["p.geojson", "line 3", "feature 2", "Polygon", "expected a Point"]),
        geocode_case("coordinates as strings", "p.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [\"7,2\", \"51,5\"]}}\n]}\n")
            .fails(2, &["p.geojson", "line 2", "feature 1", "[longitude, latitude] numbers"]),
        geocode_case("a feature that is not a Feature", "p.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n[7.2, 51.5]\n]}\n")
            .fails(2, &["p.geojson", "feature 1", "not a GeoJSON Feature"]),
        geocode_case("empty collection", "p.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}\n")
            .fails(2, &["p.geojson", "no data rows", "expected"]),
        geocode_case("deeply nested", "p.geojson", format!("{{\"type\": \"FeatureCollection\", \"features\": {}}}", nested(100_000, "")))
            .fails(2, &["p.geojson", "line 1", "nested"]),
    ]);
}

// ------------------------------------------------------------------ boundaries

#[test]
fn boundary_layer_geojson() {
    let import = |name, text: String| import_case(name, "gem.geojson").file("gem.geojson", text);
    check_all(vec![
        import("invalid JSON", format!("{}\n,", boundary_geojson(&format!("{{\"type\": \"Polygon\", \"coordinates\": [{SQUARE}]}}"))))
            .fails(2, &["gem.geojson", "line 5", "column"]),
        import("truncated JSON", boundary_geojson(&format!("{{\"type\": \"Polygon\", \"coordinates\": [{SQUARE}]}}"))[..120].to_string())
            .fails(2, &["gem.geojson", "line 2", "EOF"]),
        import("not GeoJSON at all", "\"VG250\"".into())
            .fails(2, &["gem.geojson", "line 1", "expected a GeoJSON FeatureCollection"]),
        import("point geometry", boundary_geojson("{\"type\": \"Point\", \"coordinates\": [7.2, 51.5]}"))
            .fails(2, &["gem.geojson", "feature 0", "\"Point\"", "expected Polygon or MultiPolygon"]),
        import("null geometry", boundary_geojson("null"))
            .fails(2, &["gem.geojson", "feature 0", "no geometry", "expected a Polygon"]),
        import("coordinates as strings", boundary_geojson("{\"type\": \"Polygon\", \"coordinates\": [[[\"7.1\", \"51.4\"], [7.3, 51.4], [7.3, 51.55], [7.1, 51.4]]]}"))
            .fails(2, &["gem.geojson", "line 3", "\"7.1\"", "expected a number"]),
        import("position with one number", boundary_geojson("{\"type\": \"Polygon\", \"coordinates\": [[[7.1], [7.3, 51.4], [7.3, 51.55], [7.1, 51.4]]]}"))
            .fails(2, &["gem.geojson", "line 3", "two numbers [lon, lat]"]),
        import("unclosed ring", boundary_geojson("{\"type\": \"Polygon\", \"coordinates\": [[[7.1, 51.4], [7.3, 51.4], [7.3, 51.55], [7.1, 51.55]]]}"))
            .fails(2, &["gem.geojson", "feature 0", "not closed"]),
        import("ring of three positions", boundary_geojson("{\"type\": \"Polygon\", \"coordinates\": [[[7.1, 51.4], [7.3, 51.4], [7.1, 51.4]]]}"))
            .fails(2, &["gem.geojson", "feature 0", "3 positions", "at least 4"]),
        import("polygon without rings", boundary_geojson("{\"type\": \"Polygon\", \"coordinates\": []}"))
            .fails(2, &["gem.geojson", "feature 0", "exterior ring"]),
        import("huge coordinates", boundary_geojson("{\"type\": \"Polygon\", \"coordinates\": [[[7.1, 51.4], [1e300, 51.4], [7.3, 51.55], [7.1, 51.4]]]}"))
            .fails(2, &["gem.geojson", "feature 0", "[1e300, 51.4]", "EPSG:4326"]),
        import("projected coordinates", boundary_geojson("{\"type\": \"Polygon\", \"coordinates\": [[[377000, 5700000], [378000, 5700000], [378000, 5701000], [377000, 5700000]]]}"))
            .fails(2, &["gem.geojson", "feature 0", "EPSG:4326", "ogr2ogr"]),
        import("deeply nested coordinates", boundary_geojson(&format!("{{\"type\": \"Polygon\", \"coordinates\": {}}}", nested(100_000, ""))))
            .fails(2, &["gem.geojson", "line 3", "nested"]),
        import("deeply nested lists", nested(1_000_000, ""))
            .fails(2, &["gem.geojson", "line 1"]),
        import("empty collection", "{\"type\": \"FeatureCollection\", \"features\": []}".into())
            .fails(2, &["none of the sources is a VG250 municipality layer", "8-digit AGS"]),
        import("AGS that is no AGS", boundary_geojson(&format!("{{\"type\": \"Polygon\", \"coordinates\": [{SQUARE}]}}")).replace("05911000", "0591100X"))
            .fails(2, &["gem.geojson", "feature 0", "\"0591100X\"", "expected 8 digits"]),
        import("no name attribute", boundary_geojson(&format!("{{\"type\": \"Polygon\", \"coordinates\": [{SQUARE}]}}")).replace("\"GEN\"", "\"NAME\""))
            .fails(2, &["gem.geojson", "feature 0", "GEN"]),
        import("self-intersecting ring (kept, named)", boundary_geojson("{\"type\": \"Polygon\", \"coordinates\": [[[7.1, 51.4], [7.3, 51.55], [7.3, 51.4], [7.1, 51.55], [7.1, 51.4]]]}"))
            .run(&["boundaries", "import", "gem.geojson", "-o", "out"])
            .fails(0, &["warning", "05911000", "intersects itself"]),
        case("missing source")
            .run(&["boundaries", "import", "VG250_GEM.shp", "-o", "out"])
            .writes(Target::Folder("out", "gazetteer.csv"))
            .fails(2, &["VG250_GEM.shp", "cannot read"]),
    ]);
}

#[test]
fn boundary_layer_shapefile() {
    let import = |name| import_case(name, "shp/VG250_GEM.shp");
    let shp = fixture("VG250_GEM.shp");
    let records = shp_record_offsets(&shp);
    assert_eq!(records.len(), 5, "the fixture has five municipalities");
    check_all(vec![
        import("truncated .shp")
            .files(shapefile(|ext, b| Some(if ext == "shp" { b[..9000].to_vec() } else { b })))
            .fails(2, &["VG250_GEM.shp", "truncated"]),
        import(".shp truncated at a record boundary")
            .files(shapefile(|ext, b| Some(if ext == "shp" { b[..records[4]].to_vec() } else { b })))
            .fails(2, &["VG250_GEM.shp", "17820 bytes", "truncated"]),
        import(".shp cut inside its header")
            .files(shapefile(|ext, b| Some(if ext == "shp" { b[..60].to_vec() } else { b })))
            .fails(2, &["VG250_GEM.shp", "100-byte header", "truncated"]),
        import("empty .shp")
            .files(shapefile(|ext, b| Some(if ext == "shp" { Vec::new() } else { b })))
            .fails(2, &["VG250_GEM.shp", "100-byte header"]),
        import("text instead of a .shp")
            .files(shapefile(|ext, b| Some(if ext == "shp" { b"AGS;GEN\n05911000;Bochum\n".repeat(8) } else { b })))
            .fails(2, &["VG250_GEM.shp", "not a shapefile"]),
        import("record length too large")
            .files(shapefile(|ext, b| Some(if ext == "shp" { patched(b, records[0] + 4, &0x7fff_ffffi32.to_be_bytes()) } else { b })))
            .fails(2, &["VG250_GEM.shp", "record 0", "truncated or its record lengths are wrong"]),
        import("record length too small")
            .files(shapefile(|ext, b| Some(if ext == "shp" { patched(b, records[2] + 4, &10i32.to_be_bytes()) } else { b })))
            .fails(2, &["VG250_GEM.shp", "record 2"]),
        import("point count that lies")
            .files(shapefile(|ext, b| Some(if ext == "shp" { patched(b, records[1] + 8 + 40, &0x7fff_ffffi32.to_le_bytes()) } else { b })))
            .fails(2, &["VG250_GEM.shp", "record 1"]),
        // found by the shapefile fuzz target: the reader sized a buffer of 22 GB by it
        import("part start beyond the points")
            .files(shapefile(|ext, b| {
                Some(if ext == "shp" {
                    patched(b, records[1] + 8 + 44, &0x5300_0000u32.to_le_bytes())
                } else {
                    b
                })
            }))
            .fails(2, &["VG250_GEM.shp", "record 1", "part 0 starts at point 1392508928", "damaged"]),
        import("point count beyond the record")
            .files(shapefile(|ext, b| {
                Some(if ext == "shp" {
                    patched(b, records[3] + 8 + 40, &100_000u32.to_le_bytes())
                } else {
                    b
                })
            }))
            .fails(2, &["VG250_GEM.shp", "record 3", "100000 points need", "but the record has 1776"]),
        import("a point record in a polygon layer")
            .files(shapefile(|ext, b| Some(if ext == "shp" { patched(b, records[0] + 8, &1i32.to_le_bytes()) } else { b })))
            .fails(2, &["VG250_GEM.shp", "record 0", "Point", "expected a polygon layer"]),
        import(".dbf with fewer records than the .shp")
            .files(shapefile(|ext, b| Some(if ext == "dbf" { patched(b, 4, &3u32.to_le_bytes()) } else { b })))
            .fails(2, &["VG250_GEM.dbf", "3 records", "5"]),
        import(".dbf with more records than the .shp")
            .files(shapefile(|ext, b| Some(if ext == "dbf" { patched(b, 4, &50u32.to_le_bytes()) } else { b })))
            .fails(2, &["VG250_GEM.dbf", "50 records"]),
        import(".dbf record length that lies")
            .files(shapefile(|ext, b| Some(if ext == "dbf" { patched(b, 10, &0xffffu16.to_le_bytes()) } else { b })))
            .fails(2, &["VG250_GEM.dbf", "truncated"]),
        import(".dbf header length that lies")
            .files(shapefile(|ext, b| Some(if ext == "dbf" { patched(b, 8, &0xffffu16.to_le_bytes()) } else { b })))
            .fails(2, &["VG250_GEM.dbf"]),
        import(".shx with fewer records")
            .files(shapefile(|ext, b| Some(if ext == "shx" { b[..b.len() - 16].to_vec() } else { b })))
            .fails(2, &["VG250_GEM.shx", "3 records", "5"]),
        import("missing .dbf")
            .files(shapefile(|ext, b| (ext != "dbf").then_some(b)))
            .fails(2, &["VG250_GEM.dbf", "is missing", ".shp, .dbf and .prj"]),
        import("missing .prj")
            .files(shapefile(|ext, b| (ext != "prj").then_some(b)))
            .fails(2, &["VG250_GEM.prj", "missing", "--source-crs EPSG:25832"]),
        import(".prj in another CRS")
            .files(shapefile(|ext, b| Some(if ext == "prj" { br#"PROJCS["NAD83 / UTM zone 10N",GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101]]],UNIT["metre",1],AUTHORITY["EPSG","26910"]]"#.to_vec() } else { b })))
            .fails(2, &["VG250_GEM.prj", "NAD83 / UTM zone 10N", "supported", "EPSG:25832"]),
        import(".prj that says WGS84 over projected coordinates")
            .files(shapefile(|ext, b| Some(if ext == "prj" { br#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#.to_vec() } else { b })))
            .fails(2, &["VG250_GEM.shp", "feature 0", "not a WGS84 longitude/latitude", "--source-crs"]),
        import("unreadable .prj")
            .files(shapefile(|ext, b| Some(if ext == "prj" { b"\xff\xfe\x00garbage".to_vec() } else { b })))
            .fails(2, &["VG250_GEM.prj"]),
        case("--source-crs that is no EPSG code")
            .files(shapefile(|_, b| Some(b)))
            .run(&["boundaries", "import", "shp/VG250_GEM.shp", "--source-crs", "UTM32", "-o", "out"])
            .writes(Target::Folder("out", "gazetteer.csv"))
            .fails(2, &["--source-crs \"UTM32\"", "expected EPSG:CODE"]),
        case("--source-crs of an unsupported CRS")
            .files(shapefile(|_, b| Some(b)))
            .run(&["boundaries", "import", "shp/VG250_GEM.shp", "--source-crs", "EPSG:26910", "-o", "out"])
            .writes(Target::Folder("out", "gazetteer.csv"))
            .fails(2, &["VG250_GEM.shp", "feature 0", "outside Germany", "--source-crs"]),
    ]);
}

// ------------------------------------------------------------------ report config

#[test]
fn report_config() {
    check_all(vec![
        render_case("unknown key", &report("", "widht_mm = 150\n")).fails(
            2,
            &["report.toml", "line 10", "widht_mm", "expected one of"],
        ),
        render_case(
            "unknown section",
            &report("[legende]\nplacement = \"below\"\n", ""),
        )
        .fails(2, &["report.toml", "line 4", "legende", "expected one of"]),
        render_case("wrong type", &report("[style]\nwidth_mm = \"breit\"\n", ""))
            .fails(2, &["report.toml", "line 5", "\"breit\"", "expected f64"]),
        render_case(
            "wrong type in a list",
            &report("", "").replace("[\"P1\"]", "[1]"),
        )
        .fails(2, &["report.toml", "line 9", "expected a string"]),
        render_case(
            "aggregation level that does not exist",
            &report("", "aggregate = \"bezirk\"\n"),
        )
        .fails(
            2,
            &[
                "report.toml",
                "line 10",
                "figures[0].aggregate",
                "abb-1",
                "\"bezirk\"",
                "expected one of \"auto\", \"none\", \"municipality\", \"kreis\"",
            ],
        ),
        render_case(
            "aggregation in a seats figure",
            &(report("", "").replace("kind = \"network\"", "kind = \"seats\"")
                + "aggregate = \"kreis\"\n"),
        )
        .fails(
            2,
            &[
                "report.toml",
                "figures[0].aggregate",
                "only network figures",
            ],
        ),
        render_case("TOML syntax error", "[data\nprojects = \"projects.csv\"\n")
            .fails(2, &["report.toml", "line 1"]),
        render_case("value out of range", &report("[style]\ndpi = 20000\n", ""))
            .fails(2, &["report.toml", "style.dpi", "expected 36–1200 dpi"]),
        render_case(
            "page height out of range",
            &report("[style]\nmax_height_mm = 5\n", ""),
        )
        .fails(
            2,
            &["report.toml", "style.max_height_mm", "expected 20–2000 mm"],
        ),
        render_case(
            "page lower than the legend",
            &report("[style]\nmax_height_mm = 30\n", "")
                .replace("kind = \"network\"", "kind = \"seats\""),
        )
        .fails(
            2,
            &[
                "report.toml, line 5: style.max_height_mm:",
                "figure abb-1",
                "max_height_mm = 30",
                "smaller than the legend",
                "set max_height_mm = ",
            ],
        ),
        render_case(
            "a figure's own page height lower than the legend",
            &report("", "[figures.style]\nmax_height_mm = 30\n")
                .replace("kind = \"network\"", "kind = \"seats\""),
        )
        .fails(
            2,
            &[
                "report.toml, line 11: figures[0].style.max_height_mm:",
                "max_height_mm = 30",
                "set max_height_mm = ",
            ],
        ),
        render_case("unknown language", &report("[report]\nlang = \"fr\"\n", "")).fails(
            2,
            &["report.toml", "line 5", "report.lang", "\"fr\"", "expected"],
        ),
        render_case(
            "unknown CRS",
            &report("[style]\ncrs = \"EPSG:99999\"\n", ""),
        )
        .fails(2, &["report.toml", "style.crs", "EPSG:99999", "expected"]),
        render_case(
            "no figures",
            "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n",
        )
        .fails(2, &["report.toml", "figures", "no [[figures]] entry"]),
        render_case(
            "figure id used twice",
            &format!(
                "{}\n[[figures]]\nid = \"abb-1\"\nkind = \"seats\"\ntitle = \"Sitze\"\n",
                report("", "")
            ),
        )
        .fails(
            2,
            &["report.toml", "line 12", "figures[1].id", "must be unique"],
        ),
        render_case(
            "figure id that is no file name",
            &report("", "").replace("abb-1", "../abb 1"),
        )
        .fails(
            2,
            &[
                "report.toml",
                "line 6",
                "figures[0].id",
                "not a usable file name",
            ],
        ),
        render_case(
            "network figure without projects",
            &report("", "").replace("projects = [\"P1\"]\n", ""),
        )
        .fails(
            2,
            &["report.toml", "figures[0].projects", "needs `projects"],
        ),
        render_case(
            "unknown figure kind",
            &report("", "").replace("\"network\"", "\"netzwerk\""),
        )
        .fails(2, &["report.toml", "line 7", "netzwerk", "expected"]),
        render_case(
            "missing data section",
            "[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\n",
        )
        .fails(2, &["report.toml", "data"]),
        case("missing config file")
            .run(&["render", "report.toml", "-o", "out"])
            .writes(Target::Folder("out", "abb-1.svg"))
            .fails(2, &["report.toml", "cannot read"]),
        render_case(
            "missing data file",
            &report("", "").replace("\"partners.csv\"", "\"partner.csv\""),
        )
        .fails(2, &["partner.csv", "cannot read"]),
        render_case(
            "missing sub-region file",
            &report("[subregions]\nfile = \"zonen.csv\"\n", ""),
        )
        .fails(2, &["report.toml", "zonen.csv", "cannot read"]),
        render_case(
            "unknown project in a figure",
            &report("", "").replace("[\"P1\"]", "[\"P11\"]"),
        )
        .fails(2, &["report.toml", "abb-1", "no project \"P11\"", "\"P1\""]),
        render_case(
            "role outside the declared ones",
            &report(
                "[categories]\nroles = [{ id = \"core\" }, { id = \"loose\" }]\n",
                "",
            ),
        )
        .file(
            "partners.csv",
            PARTNERS.replace("core;science", "chef;science"),
        )
        .fails(
            2,
            &[
                "partners.csv",
                "line 3",
                "\"role\"",
                "\"chef\" is not a role: expected core or loose",
            ],
        ),
        render_case(
            "Handlungsfeld outside the declared ones",
            &report(
                "[categories]\nfields = [{ id = \"HF1\" }, { id = \"HF2\" }]\n",
                "",
            ),
        )
        .file("projects.csv", PROJECTS.replace(";HF1;", ";Mobilität;"))
        .fails(
            2,
            &[
                "projects.csv",
                "line 2",
                "\"field\"",
                "\"Mobilität\" is not a Handlungsfeld: expected HF1 or HF2",
            ],
        ),
        render_case("partner of an unknown project", &report("", ""))
            .file(
                "partners.csv",
                format!("{PARTNERS}P2;P2-01;Stadt Essen;coordinator;municipality;Essen\n"),
            )
            .fails(2, &["partners.csv", "line 5", "unknown project \"P2\""]),
        render_case("two coordinators", &report("", ""))
            .file(
                "partners.csv",
                PARTNERS.replace("core;science", "coordinator;science"),
            )
            .fails(
                2,
                &["partners.csv", "\"P1\"", "2 coordinators", "lines 2, 3"],
            ),
        render_case("unresolved partner place", &report("", ""))
            .file("partners.csv", PARTNERS.replace(";Bochum", ";Atlantis"))
            .fails(1, &["partners.csv", "line 4", "Atlantis"]),
    ]);
}

#[test]
fn build_stats_and_watch() {
    let build = |name, toml: &str| {
        render_case(name, toml).run(&["build", "report.toml", "-o", "out", "-q"])
    };
    let stats = |name, toml: &str| {
        render_case(name, toml)
            .run(&["stats", "report.toml", "-o", "out", "-q"])
            .writes(Target::Folder("out", "tables/summary.csv"))
    };
    check_all(vec![
        build(
            "build: unknown key in [exports]",
            &report("[exports]\nformat = \"shp\"\n", ""),
        )
        .fails(2, &["report.toml", "line 5", "format", "expected one of"]),
        build(
            "build: export folder outside the output",
            &report("[exports]\nfolder = \"../gis\"\n", ""),
        )
        .fails(
            2,
            &[
                "report.toml",
                "line 5",
                "exports.folder",
                "leaves the output folder",
            ],
        ),
        build(
            "build: table folder given absolute",
            &report("[tables]\nfolder = \"/tmp/tables\"\n", ""),
        )
        .fails(2, &["report.toml", "line 5", "tables.folder"]),
        build(
            "build: unknown project",
            &report("", "").replace("[\"P1\"]", "[\"P7\"]"),
        )
        .fails(2, &["report.toml", "no project \"P7\""]),
        build("build: output below a regular file", &report("", ""))
            .file("data", "a file")
            .run(&["build", "report.toml", "-o", "data/out", "-q"])
            .writes(Target::File("data"))
            .fails(2, &["data/out"]),
        build("build: unresolved partner", &report("", ""))
            .file("partners.csv", PARTNERS.replace(";Bochum", ";Atlantis"))
            .fails(1, &["partners.csv", "line 4", "Atlantis"]),
        stats(
            "stats: wrong type in [tables]",
            &report("[tables]\ncsv = \"ja\"\n", ""),
        )
        .fails(
            2,
            &["report.toml", "line 5", "\"ja\"", "expected a boolean"],
        ),
        stats(
            "stats: missing partners table",
            &report("", "").replace("\"partners.csv\"", "\"partner.csv\""),
        )
        .fails(2, &["partner.csv", "cannot read"]),
        render_case(
            "stats: bad table to standard output",
            &report(
                "[categories]\nactor_types = [{ id = \"municipality\", label_de = \"Kommune\" }, { id = \"science\" }, { id = \"intermediary\" }]\n",
                "",
            ),
        )
            .file(
                "partners.csv",
                PARTNERS.replace("loose;municipality", "loose;gemeinde"),
            )
            .run(&["stats", "report.toml"])
            .fails(
                2,
                &[
                    "partners.csv",
                    "line 4",
                    "\"gemeinde\" is not an actor type: expected municipality, science or intermediary",
                ],
            ),
        render_case("watch: a config that never loads", "[data\n")
            .run(&[
                "watch",
                "report.toml",
                "-o",
                "out",
                "--max-rebuilds",
                "0",
                "-q",
            ])
            .fails(2, &["report.toml", "line 1"]),
    ]);
}

// ------------------------------------------------------------------ command line

#[test]
fn command_line() {
    let table = "name;ort\nRUB;Bochum\n";
    check_all(vec![
        case("no subcommand").fails(2, &["Usage"]),
        case("unknown subcommand")
            .run(&["karte"])
            .fails(2, &["unrecognized subcommand", "karte"]),
        case("missing input")
            .run(&["geocode"])
            .fails(2, &["required", "<INPUT>"]),
        case("unknown option")
            .file("p.csv", table)
            .run(&["geocode", "p.csv", "--ausgabe", "x.csv"])
            .fails(2, &["--ausgabe"]),
        case("unknown output format")
            .file("p.csv", table)
            .run(&["geocode", "p.csv", "--format", "xlsx", "-o", "out.csv"])
            .writes(Target::File("out.csv"))
            .fails(2, &["xlsx", "geojson, csv"]),
        case("output extension without a format")
            .file("p.csv", table)
            .run(&["geocode", "p.csv", "-o", "out.xlsx"])
            .writes(Target::File("out.xlsx"))
            .fails(2, &["out.xlsx", "--format"]),
        case("unknown sub-region preset")
            .file("p.csv", table)
            .run(&["geocode", "p.csv", "--subregions", "zone", "-o", "out.csv"])
            .writes(Target::File("out.csv"))
            .fails(
                2,
                &[
                    "--subregions",
                    "\"zone\"",
                    "expected one of kreise, zonen, nord-sued",
                ],
            ),
        case("misspelt region")
            .file("p.csv", table)
            .run(&[
                "geocode",
                "p.csv",
                "--region",
                "Kreis Wesl",
                "-o",
                "out.csv",
            ])
            .writes(Target::File("out.csv"))
            .fails(2, &["--region", "Kreis Wesel"]),
        case("negative online interval")
            .file("p.csv", table)
            .run(&[
                "geocode",
                "p.csv",
                "--online",
                "http://127.0.0.1:9",
                "--online-interval=-1",
                "-o",
                "out.csv",
            ])
            .writes(Target::File("out.csv"))
            .fails(2, &["--online-interval", "≥ 0"]),
        case("cache without online")
            .file("p.csv", table)
            .run(&["geocode", "p.csv", "--cache", "c.json", "-o", "out.csv"])
            .writes(Target::File("out.csv"))
            .fails(2, &["--online"]),
        case("negative tolerance")
            .files(shapefile(|_, b| Some(b)))
            .run(&[
                "boundaries",
                "import",
                "shp/VG250_GEM.shp",
                "--tolerance=-5",
                "-o",
                "out",
            ])
            .writes(Target::Folder("out", "gazetteer.csv"))
            .fails(2, &["--tolerance", "non-negative"]),
        case("import without sources")
            .run(&["boundaries", "import", "-o", "out"])
            .fails(2, &["required", "<SOURCES>"]),
        render_case("unknown language on the command line", &report("", ""))
            .run(&["render", "report.toml", "-o", "out", "--lang", "fr"])
            .fails(2, &["--lang", "fr"]),
        render_case("unknown figure id in --only", &report("", ""))
            .run(&["render", "report.toml", "-o", "out", "--only", "abb-9"])
            .fails(2, &["--only abb-9", "report.toml", "abb-1"]),
    ]);
}

// ------------------------------------------------------------------ faults

#[test]
fn outputs_that_cannot_be_written() {
    // tests may run as root, for whom permissions stop nothing: the faults
    // here are paths that cannot be a folder
    check_all(vec![
        geocode_case(
            "output folder is a regular file",
            "p.csv",
            "name;ort\nRUB;Bochum\n",
        )
        .file("results", "a file, not a folder")
        .run(&["geocode", "p.csv", "-o", "results/out.csv"])
        .writes(Target::File("results"))
        .fails(2, &["results/out.csv", "cannot write"]),
        render_case("render folder is a regular file", &report("", ""))
            .file("out", PREVIOUS)
            .writes(Target::File("out"))
            .fails(2, &["out", "cannot create the output folder"]),
        case("boundaries folder below a regular file")
            .files(shapefile(|_, b| Some(b)))
            .file("data", "a file")
            .run(&[
                "boundaries",
                "import",
                "shp/VG250_GEM.shp",
                "-o",
                "data/boundaries",
            ])
            .writes(Target::File("data"))
            .fails(2, &["data/boundaries", "cannot create"]),
        geocode_case("output under /proc", "p.csv", "name;ort\nRUB;Bochum\n")
            .run(&["geocode", "p.csv", "-o", "/proc/version/out.csv"])
            .fails(2, &["/proc/version/out.csv"]),
    ]);
}

#[test]
fn a_full_disk_on_standard_output_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        panic!("/dev/full is needed for this test (Linux)");
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.csv"), "name;ort\nRUB;Bochum\n").unwrap();
    let output = ruhrmap(["geocode", "p.csv", "-q"])
        .dir(dir.path())
        .command()
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("standard output"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// A figure file whose name is taken by a folder cannot be replaced: the run
/// fails naming it, the other outputs are complete files (old or new, never
/// cut short), and no temporary file is left.
#[test]
fn a_figure_file_blocked_by_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("report.toml"), report("", "")).unwrap();
    std::fs::write(d.join("projects.csv"), PROJECTS).unwrap();
    std::fs::write(d.join("partners.csv"), PARTNERS).unwrap();
    let first = ruhrmap(["render", "report.toml", "-o", "out", "-q"])
        .dir(d)
        .output();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let svg_before = std::fs::read(d.join("out/abb-1.svg")).unwrap();
    std::fs::remove_file(d.join("out/abb-1.pdf")).unwrap();
    std::fs::create_dir(d.join("out/abb-1.pdf")).unwrap();
    std::fs::write(d.join("out/abb-1.pdf/keep.txt"), PREVIOUS).unwrap();

    let second = ruhrmap(["render", "report.toml", "-o", "out", "-q"])
        .dir(d)
        .output();
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{err}");
    assert!(err.contains("abb-1.pdf"), "names the path: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read(d.join("out/abb-1.pdf/keep.txt")).unwrap(),
        PREVIOUS
    );
    // the SVG is the same figure again, complete
    assert_eq!(std::fs::read(d.join("out/abb-1.svg")).unwrap(), svg_before);
    let left: Vec<PathBuf> = listing(d)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

// ------------------------------------------------------------------ size

/// A file far larger than any partner table or boundary layer (sparse, so it
/// costs no disk) is refused by its size, before it is read into memory.
#[test]
fn absurdly_large_files_are_refused_by_size() {
    let big = |dir: &Path, name: &str| {
        let file = std::fs::File::create(dir.join(name)).unwrap();
        file.set_len(64 << 30).unwrap();
    };
    let dir = tempfile::tempdir().unwrap();
    big(dir.path(), "p.csv");
    big(dir.path(), "gem.geojson");
    for (args, fragments) in [
        (
            &["geocode", "p.csv", "-o", "out.csv"][..],
            &["p.csv", "68719476736 bytes", "larger than"][..],
        ),
        (
            &["boundaries", "import", "gem.geojson", "-o", "out"][..],
            &["gem.geojson", "68719476736 bytes"][..],
        ),
    ] {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let output = ruhrmap(&args).dir(dir.path()).output();
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        for f in fragments {
            assert!(err.contains(f), "{args:?}: {f:?} missing in {err}");
        }
        assert!(!dir.path().join("out.csv").exists() && !dir.path().join("out").exists());
    }
}

// ------------------------------------------------------------------ workbooks

/// A workbook with the sheets Projekte and Partner holding `PROJECTS` and
/// `PARTNERS`; `partner` may change the Partner sheet after they are written
/// (or, with `fresh`, write it from scratch).
fn workbook(fresh: bool, partner: impl Fn(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, text) in [("Projekte", PROJECTS), ("Partner", PARTNERS)] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        if name == "Partner" && fresh {
            partner(sheet);
            continue;
        }
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split(';').enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
        if name == "Partner" {
            partner(sheet);
        }
    }
    book.save_to_buffer().unwrap()
}

/// A build of a report over the two sheets of `daten.xlsx` = `bytes`.
fn workbook_case(name: &'static str, extra: &str, bytes: Vec<u8>) -> Case {
    let toml = report(extra, "")
        .replace("\"projects.csv\"", "\"daten.xlsx#Projekte\"")
        .replace("\"partners.csv\"", "\"daten.xlsx#Partner\"");
    case(name)
        .file("report.toml", toml)
        .file("daten.xlsx", bytes)
        .run(&["build", "report.toml", "-o", "out", "-q"])
        .writes(Target::Folder("out", "abb-1.svg"))
}

#[test]
fn workbooks() {
    let good = || workbook(false, |_| {});
    check_all(vec![
        workbook_case("workbook: unknown sheet", "", good())
            .file(
                "report.toml",
                report("", "")
                    .replace("\"projects.csv\"", "\"daten.xlsx#Projekte\"")
                    .replace("\"partners.csv\"", "\"daten.xlsx#Partnr\""),
            )
            .fails(
                2,
                &[
                    "daten.xlsx",
                    "no sheet \"Partnr\"",
                    "the workbook has the sheets \"Projekte\", \"Partner\"",
                    "did you mean \"Partner\"",
                ],
            ),
        workbook_case("workbook: empty sheet", "", workbook(true, |_| {}))
            .fails(2, &["daten.xlsx", "sheet \"Partner\"", "the sheet is empty"]),
        workbook_case(
            "workbook: merged header cells",
            "",
            workbook(true, |sheet| {
                let plain = rust_xlsxwriter::Format::new();
                sheet.merge_range(0, 0, 0, 1, "project", &plain).unwrap();
                for (c, h) in ["name", "role", "actor_type", "place"].iter().enumerate() {
                    sheet.write_string(0, c as u16 + 2, *h).unwrap();
                }
                sheet.write_string(1, 0, "P1").unwrap();
            }),
        )
        .fails(2, &["daten.xlsx", "sheet \"Partner\", row 1", "A1:B1 are merged"]),
        workbook_case(
            "workbook: a date where a coordinate belongs",
            "",
            workbook(false, |sheet| {
                let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 5, 1).unwrap();
                sheet.write_string(0, 6, "lat").unwrap();
                sheet.write_string(0, 7, "lon").unwrap();
                sheet.write_number(1, 6, 51.45).unwrap();
                sheet.write_number(1, 7, 7.01).unwrap();
                sheet.write_datetime_with_format(2, 6, &day, &date).unwrap();
                sheet.write_number(2, 7, 7.41).unwrap();
            }),
        )
        .fails(
            2,
            &[
                "daten.xlsx, sheet \"Partner\", row 3",
                "column \"lat\" (cell G3)",
                "a date (2024-05-01) where a number belongs",
            ],
        ),
        workbook_case(
            "workbook: a role outside the declared ones",
            "[[categories.roles]]\nid = \"coordinator\"\n[[categories.roles]]\nid = \"core\"\n[[categories.roles]]\nid = \"Beirat\"\n",
            workbook(false, |sheet| {
                sheet.write_string(3, 3, "Beirät").unwrap();
            }),
        )
        .fails(
            2,
            &[
                "daten.xlsx#Partner, line 4",
                "\"Beirät\" is not a role: expected coordinator, core or Beirat",
                "did you mean \"Beirat\"",
            ],
        ),
        workbook_case(
            "workbook report: a region name that matches nothing",
            "[region]\nname = \"Kreis Una\"\n",
            good(),
        )
        .fails(2, &["report.toml", "\"Kreis Una\"", "did you mean \"Kreis Unna\""]),
    ]);
}
