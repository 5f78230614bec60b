//! Networks too large to show partner by partner: a generated project with
//! 300 partners (70 % in the Ruhr, the rest elsewhere in NRW) beside one
//! with 60. The large panel is summed up per municipality, the small one
//! stays one by one, and the figure passes the full collision count.

use crate::figures::assert_clean_layout;
use crate::stress_data::write_large_network;
use crate::support::*;
use ruhrmap::{BuiltFigure, FigureConfig, FigureData, Lang, build_figure};
use std::path::Path;

fn build(config: &Path) -> BuiltFigure {
    let config = FigureConfig::load(config).unwrap();
    let data = FigureData::load(&config).unwrap();
    build_figure(&config, 0, &data, Lang::De).unwrap()
}

fn places(figure: &BuiltFigure, panel: &str) -> usize {
    figure
        .layout
        .markers
        .iter()
        .filter(|m| m.panel == panel && m.kind == "place")
        .count()
}

#[test]
fn a_300_partner_project_is_summed_up_per_municipality_without_collisions() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_large_network(dir.path(), None);
    let figure = build(&config);
    // S1 (about 210 partners in the Ruhr) is summed up, S2 (about 42) is not
    let s1 = places(&figure, "S1");
    assert!(s1 >= 20, "{s1} place symbols in S1");
    assert_eq!(places(&figure, "S2"), 0);
    let s2_markers = figure
        .layout
        .markers
        .iter()
        .filter(|m| m.panel == "S2")
        .count();
    assert!(s2_markers >= 40, "{s2_markers}");
    // one flow line per place, none per partner
    let s1_links: Vec<&str> = figure
        .layout
        .links
        .iter()
        .filter(|l| l.panel == "S1")
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(
        s1_links.iter().filter(|id| id.contains("-flow-")).count(),
        s1
    );
    assert!(s1_links.iter().all(|id| !id.contains("-link-S1-")));
    // the legend explains the sizes and widths
    let svg = ruhrmap::write_svg(&figure.scene).unwrap();
    assert!(svg.contains("Partner:innen und Verbindungen je Gemeinde"));
    assert!(svg.contains("Verbindungen</text>"), "width scale");
    assert_clean_layout(&figure.layout);
    // the golden figure
    assert_golden_text("figure-large-network.svg", &svg);
    let files = ruhrmap::render::render_outputs(
        &figure.scene,
        &ruhrmap::render::OutputFormats {
            svg: true,
            png_dpi: Some(150.0),
            pdf: false,
        },
        "gross",
    )
    .unwrap();
    assert_golden_png("figure-large-network.png", &files.png.unwrap(), 24, 60);
}

#[test]
fn aggregation_follows_the_config() {
    let dir = tempfile::tempdir().unwrap();
    // per Kreis: fewer, larger symbols than per municipality
    let kreis = build(&write_large_network(dir.path(), Some("kreis")));
    assert_clean_layout(&kreis.layout);
    let municipality = build(&write_large_network(dir.path(), Some("municipality")));
    assert!(places(&kreis, "S1") < places(&municipality, "S1"));
    assert!(places(&municipality, "S2") > 0, "forced for every panel");
    // "none" shows every partner of S1 one by one
    let none = build(&write_large_network(dir.path(), Some("none")));
    assert_eq!(places(&none, "S1"), 0);
    let s1 = none
        .layout
        .markers
        .iter()
        .filter(|m| m.panel == "S1")
        .count();
    assert!(s1 > 150, "{s1}");
}
