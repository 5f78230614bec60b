//! Hostile names through every output: partner and project names holding
//! markup, quotes, CDATA ends, formulas, control characters and bidi marks
//! come out escaped in SVG, QML and Markdown, byte for byte as data in
//! GeoJSON and JSON, and neutralised where a spreadsheet would run them in
//! CSV. Runs the real binary (`ruhrmap geocode`, `ruhrmap build`).

use crate::support::{ruhrmap, stderr};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Names a hostile or careless source could deliver. No control characters
/// here: a CSV holding them is refused as binary (see `bad_input.rs`); the
/// GeoJSON tests add them.
const HOSTILE: [&str; 12] = [
    "<script>alert(1)</script>",
    "]]><x/>",
    "Müller & Söhne \"GmbH\" 'KG'",
    "=HYPERLINK(\"http://example.invalid\";\"klick\")",
    "+49 201 123",
    "-Verein",
    "@SUM(A1)",
    "\u{202E}gnirts desrever\u{202C}",
    "\u{200F}RLM \u{200E}LRM \u{2066}isolate\u{2069}",
    "<!-- comment --> <?pi x?> <![CDATA[ y ]]>",
    "&amp; &#x41; &unknown;",
    "Tab\tinside ; semicolon, comma",
];

/// Control characters, only possible through JSON escapes (cells are
/// trimmed, so none at either end).
const CONTROL: [&str; 3] = [
    "Bell\u{7}Null\u{0}",
    "Escape\u{1b}[31mred",
    "Zeilen\nUmbruch\r\nEnde",
];

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// Every file below `dir`, relative.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Whether a spreadsheet would run `cell` as a formula.
fn runs_as_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '@', '\t', '\r'])
        || (cell.starts_with('-') && cell.trim().parse::<f64>().is_err())
}

/// Checks one SVG: well-formed, nothing smuggled in, ids usable, no raw
/// control character; returns its text nodes.
fn check_svg(path: &Path) -> Vec<String> {
    let svg = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", path.display()));
    for node in doc.descendants() {
        assert!(
            !node.has_tag_name("script") && !node.has_tag_name("foreignObject"),
            "{}: <{:?}> smuggled in",
            path.display(),
            node.tag_name()
        );
        assert!(
            !node.is_pi() && !node.is_comment(),
            "{}: processing instruction or comment smuggled in",
            path.display()
        );
        for attribute in node.attributes() {
            assert!(
                !attribute.name().starts_with("on"),
                "{}: event handler {}",
                path.display(),
                attribute.name()
            );
        }
    }
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{}: duplicate ids", path.display());
    for id in &ids {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{}: id {id:?}",
            path.display()
        );
    }
    assert!(!svg.contains("<script"), "{}", path.display());
    assert!(
        !svg.chars().any(|c| c.is_control() && c != '\n'),
        "{}: raw control character",
        path.display()
    );
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

/// A report over two projects whose titles, coordinators and partners are
/// the hostile names; `tables_as_geojson` writes the tables as GeoJSON (so
/// they may hold control characters), else as Excel-style CSV.
fn hostile_report(dir: &Path, titles: &[&str], names: &[&str], tables_as_geojson: bool) {
    let places = ["Essen", "Bochum", "Münster", "Dortmund", "Herne", ""];
    let roles = ["coordinator", "core", "loose"];
    let mut projects = vec![row(&[
        "id",
        "title",
        "field",
        "status",
        "coordinator",
        "place",
    ])];
    let mut partners = vec![row(&[
        "project",
        "id",
        "name",
        "role",
        "actor_type",
        "place",
    ])];
    for (p, title) in titles.iter().enumerate() {
        let id = format!("P{}", p + 1);
        projects.push(row(&[&id, title, "HF3", "running", names[p], "Essen"]));
        for (k, name) in names
            .iter()
            .enumerate()
            .filter(|(k, _)| k % titles.len() == p)
        {
            let role = if k == p {
                "coordinator"
            } else {
                roles[1 + k % 2]
            };
            partners.push(row(&[
                &id,
                &format!("{id}-{k}"),
                name,
                role,
                "science",
                places[k % places.len()],
            ]));
        }
    }
    let as_geojson = |rows: &[Vec<String>]| {
        let features: Vec<Value> = rows[1..]
            .iter()
            .map(|r| {
                let properties: serde_json::Map<String, Value> = rows[0]
                    .iter()
                    .zip(r)
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect();
                serde_json::json!({"type": "Feature", "properties": properties, "geometry": null})
            })
            .collect();
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string()
    };
    let (projects_file, partners_file) = if tables_as_geojson {
        std::fs::write(dir.join("projects.geojson"), as_geojson(&projects)).unwrap();
        std::fs::write(dir.join("partners.geojson"), as_geojson(&partners)).unwrap();
        ("projects.geojson", "partners.geojson")
    } else {
        std::fs::write(dir.join("projects.csv"), csv_text(&projects)).unwrap();
        std::fs::write(dir.join("partners.csv"), csv_text(&partners)).unwrap();
        ("projects.csv", "partners.csv")
    };
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let ids: Vec<String> = (1..=titles.len())
        .map(|p| quoted(&format!("P{p}")))
        .collect();
    let config = format!(
        "[report]\ntitle = {}\nnote = {}\n\n[data]\nprojects = \"{projects_file}\"\npartners = \"{partners_file}\"\n\n\
[[figures]]\nid = \"netz\"\nkind = \"network\"\ntitle = {}\nprojects = [{}]\n\n\
[[figures]]\nid = \"sitze\"\nkind = \"seats\"\ntitle = {}\n",
        quoted(titles[0]),
        quoted(names[1]),
        quoted(&format!("Netzwerk {}", titles[0])),
        ids.join(", "),
        quoted(names[0]),
    );
    std::fs::write(dir.join("report.toml"), config).unwrap();
}

/// Builds the hostile report and checks every output.
fn build_and_check(titles: &[&str], names: &[&str], tables_as_geojson: bool) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    hostile_report(d, titles, names, tables_as_geojson);
    let output = ruhrmap(["build", "report.toml", "-o", "out", "-q"])
        .dir(d)
        .output();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    let out = d.join("out");

    // SVG: escaped, parses back to the text as drawn
    let mut texts = Vec::new();
    for svg in files(&out)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
    {
        texts.extend(check_svg(svg));
    }
    assert!(
        texts
            .iter()
            .any(|t| t.contains("<script>alert(1)</script>")),
        "the title with markup is drawn as text: {texts:?}"
    );

    // QGIS styles are XML too
    for qml in files(&out)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "qml"))
    {
        let text = std::fs::read_to_string(qml).unwrap();
        roxmltree::Document::parse_with_options(
            &text,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{}: {e}", qml.display()));
    }

    // GeoJSON and JSON: the names as data, byte for byte
    let partners: Value =
        serde_json::from_slice(&std::fs::read(out.join("gis/partners.geojson")).unwrap()).unwrap();
    let exported: BTreeMap<String, String> = partners["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["properties"]["id"].as_str().unwrap().to_string(),
                f["properties"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (k, name) in names.iter().enumerate() {
        let id = format!("P{}-{k}", k % titles.len() + 1);
        assert_eq!(exported.get(&id).map(String::as_str), Some(*name), "{id}");
    }
    for json in files(&out)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "geojson"))
    {
        serde_json::from_slice::<Value>(&std::fs::read(json).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", json.display()));
    }

    // CSV: nothing a spreadsheet runs; what is not neutralised is exact
    let mut titles_seen = Vec::new();
    for csv_path in files(&out)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        let mut reader = csv::Reader::from_path(csv_path).unwrap();
        let headers = reader.headers().unwrap().clone();
        for record in reader.records() {
            let record = record.unwrap();
            for (header, cell) in headers.iter().zip(record.iter()) {
                assert!(
                    !runs_as_formula(cell),
                    "{}: {header} = {cell:?}",
                    csv_path.display()
                );
                if header == "title" {
                    titles_seen.push(cell.to_string());
                }
            }
        }
    }
    for title in titles {
        let expected = if runs_as_formula(title) {
            format!("'{title}")
        } else {
            title.to_string()
        };
        assert!(
            titles_seen.contains(&expected),
            "{expected:?} not among {titles_seen:?}"
        );
    }

    // Markdown: no raw markup, every table row with the header's cell count
    let markdown = std::fs::read_to_string(out.join("tables/tables.md")).unwrap();
    let unescaped = |line: &str, c: char| {
        let chars: Vec<char> = line.chars().collect();
        (0..chars.len())
            .filter(|&k| chars[k] == c && (k == 0 || chars[k - 1] != '\\'))
            .count()
    };
    for line in markdown.lines() {
        assert_eq!(unescaped(line, '<'), 0, "raw markup: {line}");
        assert!(
            !line.chars().any(|c| c.is_control()),
            "control character: {line:?}"
        );
    }
    let mut columns: Option<usize> = None;
    for line in markdown.lines() {
        if line.starts_with('|') {
            let cells = unescaped(line, '|');
            assert_eq!(
                *columns.get_or_insert(cells),
                cells,
                "a cell broke out: {line}"
            );
        } else {
            columns = None;
        }
    }
}

#[test]
fn hostile_names_in_csv_tables_through_build() {
    build_and_check(&HOSTILE[..2], &HOSTILE, false);
}

#[test]
fn hostile_names_with_control_characters_in_geojson_tables_through_build() {
    let names: Vec<&str> = HOSTILE.iter().chain(&CONTROL).copied().collect();
    build_and_check(&[HOSTILE[0], CONTROL[0], HOSTILE[7]], &names, true);
}

/// `geocode`: GeoJSON out keeps every name exactly, CSV out neutralises
/// formulas and keeps the rest exactly.
#[test]
fn hostile_names_through_geocode() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let names: Vec<&str> = HOSTILE.iter().chain(&CONTROL).copied().collect();
    let features: Vec<Value> = names
        .iter()
        .map(|n| {
            serde_json::json!({"type": "Feature", "properties": {"name": n, "ort": "Bochum", (*n): "x"}, "geometry": null})
        })
        .collect();
    std::fs::write(
        d.join("p.geojson"),
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    let output = ruhrmap(["geocode", "p.geojson", "-o", "out.geojson", "-q"])
        .dir(d)
        .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let geojson: Value =
        serde_json::from_slice(&std::fs::read(d.join("out.geojson")).unwrap()).unwrap();
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), names.len());
    for (feature, name) in features.iter().zip(&names) {
        assert_eq!(feature["properties"]["name"], *name);
        // a hostile column name is a property key like any other
        assert_eq!(feature["properties"][*name], "x", "{name:?}");
    }

    let output = ruhrmap(["geocode", "p.geojson", "-o", "out.csv", "-q"])
        .dir(d)
        .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut reader = csv::Reader::from_path(d.join("out.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let name_column = headers.iter().position(|h| h == "name").unwrap();
    for header in headers.iter() {
        assert!(!runs_as_formula(header), "header {header:?}");
    }
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), names.len());
    for (record, name) in records.iter().zip(&names) {
        let cell = &record[name_column];
        if runs_as_formula(name) {
            assert_eq!(cell, format!("'{name}"));
        } else {
            assert_eq!(cell, *name);
        }
        assert!(record.iter().all(|c| !runs_as_formula(c)), "{record:?}");
    }
}
