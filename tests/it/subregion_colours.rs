//! Sub-region fills on real figures: neighbouring classes never share a
//! fill (the Münsterland's Kreise, NRW by Kreise), and a figure printed in
//! greyscale holds no colour but greys, its sub-regions told apart by grey
//! level and hatching.

use crate::support::decode_png;
use ruhrmap::{FigureConfig, FigureData, Lang, build_figure, svg_to_png, write_svg};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A copy of the Münsterland fixture whose config has `[region]` and
/// `[style]` replaced by `region` and `style` (TOML lines), and
/// `[subregions]` by `subregions`.
fn config_with(region: &str, subregions: &str, style: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for file in ["projects.csv", "partners.csv"] {
        std::fs::copy(fixture("muensterland").join(file), dir.path().join(file)).unwrap();
    }
    let text = format!(
        "[report]\nnote = \"Testdaten\"\n\n[data]\nprojects = \"projects.csv\"\n\
         partners = \"partners.csv\"\n\n[region]\n{region}\n\n[subregions]\n{subregions}\n\n\
         [style]\nwidth_mm = 120\ndpi = 150\nallow_collisions = true\n\
         allow_unplaced_labels = true\n{style}\n\n\
         [[figures]]\nid = \"netz\"\nkind = \"network\"\ntitle = \"Netzwerk\"\nprojects = [\"M1\"]\n"
    );
    let path = dir.path().join("report.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// The fill of every base-map area of class N (`…-class-N`) in `svg`.
fn class_fills(svg: &str) -> BTreeMap<usize, String> {
    let mut fills = BTreeMap::new();
    for element in svg.split('<').filter(|e| e.starts_with("path ")) {
        let attr = |name: &str| {
            let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
            let end = element[start..].find('"')? + start;
            Some(element[start..end].to_string())
        };
        let Some(id) = attr("id") else { continue };
        let Some((_, class)) = id.rsplit_once("-class-") else {
            continue;
        };
        if let (Ok(class), Some(fill)) = (class.parse::<usize>(), attr("fill")) {
            fills.insert(class, fill);
        }
    }
    fills
}

/// Builds the first figure of `config` and checks that no two neighbouring
/// sub-region classes are drawn with the same fill; returns how many
/// neighbouring pairs it checked.
fn assert_neighbours_differ(config: &Path) -> usize {
    let config = FigureConfig::load(config).unwrap();
    let data = FigureData::load(&config).unwrap();
    let figure = build_figure(&config, 0, &data, Lang::De).unwrap();
    let fills = class_fills(&write_svg(&figure.scene).unwrap());
    let classes = data.subregions.classes();
    assert_eq!(fills.len(), classes.len(), "every class drawn: {fills:?}");
    for &(a, b) in data.subregions.neighbours() {
        assert_ne!(
            fills[&a], fills[&b],
            "{} and {} share a border and the fill {}",
            classes[a].label_de, classes[b].label_de, fills[&a]
        );
    }
    data.subregions.neighbours().len()
}

#[test]
fn neighbouring_kreise_of_the_muensterland_are_drawn_in_different_fills() {
    let pairs = assert_neighbours_differ(&fixture("muensterland/report.toml"));
    // Münster borders three Kreise; Borken, Coesfeld, Steinfurt and Warendorf their neighbours
    assert!(pairs >= 7, "only {pairs} neighbouring pairs");
}

#[test]
fn neighbouring_kreise_of_nrw_are_drawn_in_different_fills() {
    let (_dir, config) = config_with(
        "name = \"Nordrhein-Westfalen\"\nselectors = [\"Nordrhein-Westfalen\"]",
        "preset = \"kreise\"",
        "",
    );
    let pairs = assert_neighbours_differ(&config);
    // 53 Kreise and kreisfreie Städte
    assert!(pairs > 100, "only {pairs} neighbouring pairs");
}

/// Every `#rrggbb` in `svg` is a grey, and no other colour syntax occurs.
fn assert_only_greys(svg: &str) {
    let bytes = svg.as_bytes();
    let mut greys = 0;
    for (i, _) in svg.match_indices('#') {
        let Some(hex) = svg.get(i + 1..i + 7) else {
            continue;
        };
        let after = bytes.get(i + 7).copied().unwrap_or(b' ');
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) || after.is_ascii_alphanumeric() {
            continue; // an id reference like url(#x), not a colour
        }
        let hex = hex.to_ascii_lowercase();
        assert!(
            hex[0..2] == hex[2..4] && hex[2..4] == hex[4..6],
            "non-grey colour #{hex} near {:?}",
            &svg[i.saturating_sub(80)..i + 7]
        );
        greys += 1;
    }
    assert!(greys > 20, "only {greys} colours seen");
    for syntax in ["rgb(", "hsl(", "currentColor"] {
        assert!(!svg.contains(syntax), "{syntax} in a greyscale SVG");
    }
}

#[test]
fn a_greyscale_figure_is_grey_throughout_and_hatches_where_greys_coincide() {
    let (_dir, config) = config_with(
        "name = \"Münsterland\"\nselectors = [\"05515\", \"05554\", \"05558\", \"05566\", \"05570\"]",
        "preset = \"kreise\"",
        "print = \"greyscale\"",
    );
    let config = FigureConfig::load(&config).unwrap();
    let data = FigureData::load(&config).unwrap();
    let figure = build_figure(&config, 0, &data, Lang::De).unwrap();
    let svg = write_svg(&figure.scene).unwrap();
    assert_only_greys(&svg);
    // the five Kreise in four lightness levels: two share a grey, one is hatched,
    // on the map and in the legend
    assert!(svg.contains("<pattern "), "no hatching");
    assert!(svg.contains("-class-") && svg.contains("legend-class-"));
    let hatched_on_map = svg.matches("-hatch-pattern\"").count();
    assert!(hatched_on_map >= 2, "{hatched_on_map} hatchings");
    // and the PNG drawn from it is grey pixel by pixel, patterns included
    let png = decode_png(&svg_to_png(&svg, 100.0).unwrap());
    let coloured = png
        .rgba
        .chunks(4)
        .filter(|p| p[0] != p[1] || p[1] != p[2])
        .count();
    assert_eq!(coloured, 0, "{coloured} coloured pixels");
}
