//! Stress cases: the example's 73 projects on a seats map of all of Germany
//! (the 16 Länder as sub-regions) and of Nordrhein-Westfalen (its
//! Regierungsbezirke). Each passes the layout report's full collision count
//! with every label placed, stays within the size limits of a print figure,
//! and is guarded by golden files: the layout report (exact) and a PNG at
//! screen resolution (with tolerance).
//!
//! Regenerate the golden files with
//! `RUHRMAP_BLESS=1 cargo test --test it -- stress::`
//! after an intended change, and look at the PNG before committing it.

use crate::support::*;
use ruhrmap::render::{Item, OutputFormats, render_outputs};
use ruhrmap::{BuiltFigure, FigureConfig, FigureData, Lang, LayoutReport, Scene, build_figure};
use std::path::Path;

/// At most this much SVG for a figure of a report (bytes).
const MAX_SVG: usize = 400 * 1024;
/// At most this much PNG at 300 dpi (bytes).
const MAX_PNG: usize = 1536 * 1024;

fn build(config: &str) -> BuiltFigure {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/stress")
        .join(config);
    let config = FigureConfig::load(&path).unwrap();
    let data = FigureData::load(&config).unwrap();
    build_figure(&config, 0, &data, Lang::De).unwrap()
}

/// The ids of every path and circle of a scene, with the texts.
fn ids_and_texts(scene: &Scene) -> (Vec<String>, Vec<String>) {
    fn walk(items: &[Item], ids: &mut Vec<String>, texts: &mut Vec<String>) {
        for item in items {
            match item {
                Item::Group(g) => {
                    ids.push(g.id.clone());
                    walk(&g.items, ids, texts);
                }
                Item::Path(p) => ids.extend(p.id.clone()),
                Item::Circle(c) => ids.extend(c.id.clone()),
                Item::Text(t) => texts.push(t.content.clone()),
                _ => {}
            }
        }
    }
    let (mut ids, mut texts) = (Vec::new(), Vec::new());
    for layer in &scene.layers {
        walk(&layer.items, &mut ids, &mut texts);
    }
    (ids, texts)
}

/// The full collision count of the layout report: nothing drawn over
/// anything, every label placed but the `known_unplaced` (exactly those), inside
/// the map and near its symbol – on a leader where the symbols crowd, so
/// measured from the symbol's rim.
fn assert_clean(layout: &LayoutReport, known_unplaced: &[&str]) {
    let collisions = layout.collisions();
    assert!(collisions.is_empty(), "{}: {collisions:#?}", layout.figure);
    assert!(
        layout.overlaps().is_empty(),
        "{}: {:?}",
        layout.figure,
        layout.overlaps()
    );
    let unplaced: Vec<&str> = layout
        .unplaced_labels
        .iter()
        .map(|u| u.text.as_str())
        .collect();
    assert_eq!(
        unplaced, known_unplaced,
        "{}: unplaced labels",
        layout.figure
    );
    let map = layout.panels[0].bbox;
    for label in &layout.labels {
        let l = label.bbox;
        assert!(
            l[0] >= map[0] && l[1] >= map[1] && l[2] <= map[2] && l[3] <= map[3],
            "{}: label {} leaves the map",
            layout.figure,
            label.id
        );
        let symbol = layout
            .markers
            .iter()
            .find(|m| m.id == label.id.replace("label-", "seat-"))
            .unwrap_or_else(|| panic!("{}: label {} names no symbol", layout.figure, label.id));
        let radius = (symbol.bbox[2] - symbol.bbox[0]) / 2.0;
        let dx = (l[0] - label.anchor[0])
            .max(0.0)
            .max(label.anchor[0] - l[2]);
        let dy = (l[1] - label.anchor[1])
            .max(0.0)
            .max(label.anchor[1] - l[3]);
        let from_rim = dx.hypot(dy) - radius;
        assert!(
            from_rim <= 15.0,
            "{}: label {} is {from_rim:.1} mm from its symbol",
            layout.figure,
            label.id
        );
    }
}

/// Layout clean, sizes within the limits, goldens matched.
fn check_print_figure(figure: &BuiltFigure, golden: &str, known_unplaced: &[&str]) {
    assert_clean(&figure.layout, known_unplaced);
    assert_eq!(
        figure.warnings.len(),
        known_unplaced.len(),
        "{:?}",
        figure.warnings
    );
    let print = render_outputs(
        &figure.scene,
        &OutputFormats {
            svg: true,
            png_dpi: Some(300.0),
            pdf: false,
        },
        &figure.id,
    )
    .unwrap();
    assert!(
        print.svg.len() <= MAX_SVG,
        "{}: SVG of {} bytes",
        figure.id,
        print.svg.len()
    );
    let png = print.png.unwrap();
    assert!(
        png.len() <= MAX_PNG,
        "{}: PNG of {} bytes",
        figure.id,
        png.len()
    );
    assert_golden_text(&format!("{golden}.layout.json"), &figure.layout.to_json());
    let screen = render_outputs(
        &figure.scene,
        &OutputFormats {
            svg: false,
            png_dpi: Some(75.0),
            pdf: false,
        },
        &figure.id,
    )
    .unwrap();
    assert_golden_png(&format!("{golden}.png"), &screen.png.unwrap(), 24, 200);
}

#[test]
fn germany_seats_map_is_generalised_displaced_and_clean() {
    let figure = build("germany.toml");
    // At 1:4.3 million the Ruhr's seats crowd: small symbols the pies of
    // Essen, Dortmund, Gelsenkirchen and Bochum close in on move to the
    // crowd's rim, where their labels fit; every label is placed.
    check_print_figure(&figure, "stress-germany-seats", &[]);
    let (ids, texts) = ids_and_texts(&figure.scene);
    // at national extent the grey line marks the Länder, and the legend says so
    assert!(texts.iter().any(|t| t == "Länder"), "{texts:?}");
    assert!(!texts.iter().any(|t| t == "Kreise"), "{texts:?}");
    // the legend explains the leaders of moved symbols
    assert!(
        texts.iter().any(|t| t == "Lage eines verschobenen Symbols"),
        "{texts:?}"
    );
    // nothing lies outside the region on this map, and the legend names nothing there
    assert!(
        !texts.iter().any(|t| t == "Gemeinden außerhalb"),
        "{texts:?}"
    );
    assert!(ids.iter().any(|i| i == "deutschland-sitze-kreis-borders"));
    // the Ruhr's cities crowd each other: moved apart, each with its leader
    let layout = &figure.layout;
    assert!(layout.displaced.len() >= 10, "{:?}", layout.displaced);
    for moved in &layout.displaced {
        let marker = layout
            .markers
            .iter()
            .find(|m| m.id == moved.id)
            .unwrap_or_else(|| panic!("{} is no marker", moved.id));
        let centre = [
            (marker.bbox[0] + marker.bbox[2]) / 2.0,
            (marker.bbox[1] + marker.bbox[3]) / 2.0,
        ];
        assert!(
            (centre[0] - moved.to[0]).abs() < 0.01 && (centre[1] - moved.to[1]).abs() < 0.01,
            "{}: drawn at {centre:?}, reported at {:?}",
            moved.id,
            moved.to
        );
        let d = (moved.to[0] - moved.from[0]).hypot(moved.to[1] - moved.from[1]);
        assert!((d - moved.distance_mm).abs() < 0.01, "{moved:?}");
        assert!(
            moved.distance_mm > 0.0 && moved.distance_mm < 15.0,
            "{moved:?}"
        );
        let radius = (marker.bbox[2] - marker.bbox[0]) / 2.0;
        if moved.distance_mm > radius {
            assert!(
                ids.contains(&format!("{}-leader", moved.id)),
                "{}: moved off its place without a leader",
                moved.id
            );
        }
    }
    // Gelsenkirchen, Bochum and Essen are among them
    for ags in ["05513000", "05911000", "05113000"] {
        assert!(
            layout
                .displaced
                .iter()
                .any(|d| d.id == format!("seat-{ags}")),
            "{ags} not moved"
        );
    }
}

#[test]
fn nrw_seats_map_keeps_municipality_outlines_and_is_clean() {
    let figure = build("nrw.toml");
    check_print_figure(&figure, "stress-nrw-seats", &[]);
    let (ids, texts) = ids_and_texts(&figure.scene);
    // municipalities are about 5 mm wide at this scale: still outlined, under Kreis borders
    assert!(ids.iter().any(|i| i == "nrw-sitze-municipality-borders"));
    assert!(texts.iter().any(|t| t == "Kreise"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t == "Gemeinden außerhalb"),
        "{texts:?}"
    );
}
