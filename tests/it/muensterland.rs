//! The second example (`examples/muensterland/`): another region, the
//! programme's own categories, the data in one workbook. It builds complete
//! (no unresolved place, no collision in any figure), and its workbook is
//! what the generator writes.

use crate::support::{ruhrmap, stderr};
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/muensterland")
}

#[test]
fn the_muensterland_example_builds_complete_with_its_kreise_and_categories() {
    let out = tempfile::tempdir().unwrap();
    let run = ruhrmap(["build"])
        .arg(example().join("report.toml"))
        .arg("-o")
        .arg(out.path())
        .output();
    let err = stderr(&run);
    // exit 0: every place resolved, every label placed, no collision (allow_collisions = false)
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(!err.contains("warning"), "{err}");
    for figure in [
        "abb-1-sitz-der-projektleitung",
        "abb-2-netzwerke-m1-m3",
        "abb-3-netzwerke-m4-m6",
    ] {
        for ext in ["svg", "png", "pdf", "layout.json"] {
            assert!(
                out.path().join(format!("{figure}.{ext}")).exists(),
                "{figure}.{ext}"
            );
        }
    }
    let summary = std::fs::read_to_string(out.path().join("tables/summary.csv")).unwrap();
    assert!(summary.contains("\nprojects,Projekte,6\n"), "{summary}");
    let by_subregion = std::fs::read_to_string(out.path().join("tables/by-subregion.csv")).unwrap();
    for kreis in [
        "Münster",
        "Kreis Borken",
        "Kreis Coesfeld",
        "Kreis Steinfurt",
        "Kreis Warendorf",
    ] {
        assert!(
            by_subregion.contains(&format!(",{kreis},")),
            "{kreis} missing:\n{by_subregion}"
        );
    }
    // the programme's words reach the legends
    let seats =
        std::fs::read_to_string(out.path().join("abb-1-sitz-der-projektleitung.svg")).unwrap();
    assert!(seats.contains("Klima und Energie") && seats.contains("Umsetzung"));
    let network = std::fs::read_to_string(out.path().join("abb-2-netzwerke-m1-m3.svg")).unwrap();
    assert!(network.contains("Projektleitung") && network.contains("Netzwerkpartner"));
    assert!(std::fs::exists(out.path().join("gis/muensterland.gpkg")).unwrap());
    // and the QGIS styles and the tables, instead of the built-in role words
    let qml = std::fs::read_to_string(out.path().join("gis/partners.qml")).unwrap();
    for label in ["Projektleitung", "Projektpartner", "Netzwerkpartner"] {
        assert!(
            qml.contains(&format!("label=\"{label}\"")),
            "{label} missing from partners.qml"
        );
    }
    assert!(!qml.contains("Verbundpartner"));
    let links = std::fs::read_to_string(out.path().join("gis/links.qml")).unwrap();
    assert!(links.contains("label=\"Netzwerkpartner\""));
    // the Markdown tables' headers say the programme's roles, and nothing of the Ruhr
    let tables = std::fs::read_to_string(out.path().join("tables/tables.md")).unwrap();
    for header in [
        "| Projektleitung | Projektpartner | Netzwerkpartner |",
        "| zu Projektpartner | zu Netzwerkpartner |",
        "| Projektleitung: Sitz | Projektleitung: Lage |",
    ] {
        assert!(tables.contains(header), "{header} missing:\n{tables}");
    }
    for ruhr_word in ["Verbundpartner", "Koordination", "Ruhrgebiet", "nord-sued"] {
        assert!(!tables.contains(ruhr_word), "{ruhr_word} in:\n{tables}");
    }
    // the GIS layers label each partner and link by its declared role
    for (layer, count) in [("partners", 6), ("links", 0)] {
        let text =
            std::fs::read_to_string(out.path().join(format!("gis/{layer}.geojson"))).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let features = json["features"].as_array().unwrap();
        let label_of =
            |f: &serde_json::Value| f["properties"]["role_label"].as_str().unwrap().to_string();
        let leads = features
            .iter()
            .filter(|f| label_of(f) == "Projektleitung")
            .count();
        assert_eq!(
            leads, count,
            "{layer}: one project lead per project, never linked to itself"
        );
        for f in features {
            let label = label_of(f);
            assert!(
                ["Projektleitung", "Projektpartner", "Netzwerkpartner"].contains(&label.as_str()),
                "{layer}: role_label {label:?}"
            );
            assert!(f["properties"]["role_id"].is_string());
        }
    }
    for row in [
        "coordinators,Projektleitung,6",
        "core_partners,Projektpartner,",
        "links_loose,Verbindungen zu Netzwerkpartner,",
    ] {
        assert!(summary.contains(row), "{row} missing:\n{summary}");
    }
}

/// The rows of one `const NAME: &str = "\…";` of the generator.
fn rows_of(source: &str, name: &str) -> Vec<Vec<String>> {
    let start = source
        .find(&format!("const {name}: &str = \"\\\n"))
        .expect(name);
    let body = &source[start..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let body = &body[..body.find("\";").unwrap()];
    body.lines()
        .map(|line| line.split(';').map(str::to_string).collect())
        .collect()
}

#[test]
fn the_workbook_is_what_its_generator_writes() {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/muensterland_daten.rs");
    let source = std::fs::read_to_string(generator).unwrap();
    let projects = rows_of(&source, "PROJEKTE");
    let partners = rows_of(&source, "PARTNER");
    assert_eq!((projects.len(), partners.len()), (7, 50));
    let expected =
        ruhrmap::table::workbook_bytes(&[("Projekte", &projects), ("Partner", &partners)]).unwrap();
    let committed = std::fs::read(example().join("daten.xlsx")).unwrap();
    assert!(
        committed == expected,
        "examples/muensterland/daten.xlsx is out of date: cargo run --example muensterland_daten"
    );
}
