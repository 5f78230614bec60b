//! The output chain from scene to files: golden SVGs and PNGs of small
//! scenes, validity for xmllint and librsvg, escaping of hostile names,
//! fonts and text in the PDF, determinism.
//!
//! Golden files are in `tests/golden/`; regenerate them with
//! `RUHRMAP_BLESS=1 cargo test --test it -- figures:: render_outputs::` after an intended change,
//! and look at the PNGs before committing them.

use crate::support::*;
use proptest::prelude::*;
use ruhrmap::render::{
    Bar, BarChart, Circle, Color, FontWeight, Group, Layer, OutputFormats, Path, PathData, Point,
    Rect, Stroke, Style, Text, TextAnchor, TextMetrics, Transform, Wedge, bar_chart,
    render_outputs,
};
use ruhrmap::text::displayed_text;
use ruhrmap::{Scene, write_svg};

/// Resolution of the golden PNGs: enough to judge text, small files.
const GOLDEN_DPI: f64 = 150.0;
/// Per-channel tolerance of PNG comparisons (anti-aliasing may vary slightly).
const PNG_TOLERANCE: u8 = 24;
/// Pixels allowed beyond the tolerance.
const PNG_MAX_DIFFERING: usize = 40;

const INK: Color = Color::rgb(0x33, 0x33, 0x33);

fn ring(points: &[(f64, f64)]) -> Vec<Point> {
    points.iter().map(|&(x, y)| Point::new(x, y)).collect()
}

/// Every kind of item once: polygon with hole, curves, dashes, circles, pie
/// wedges and ring segments, rounded rect, text with halo, bold, rotated and
/// spaced text, a transformed and clipped group.
fn shapes_scene() -> Scene {
    let mut scene = Scene::new(80.0, 50.0);
    scene.title = Some("Formen & Text".into());

    let mut areas = Layer::new("areas", "Flächen");
    let outer = ring(&[(4.0, 4.0), (36.0, 6.0), (38.0, 30.0), (6.0, 34.0)]);
    let hole = ring(&[(14.0, 14.0), (26.0, 14.0), (26.0, 24.0), (14.0, 24.0)]);
    areas.push(Path {
        id: Some("area with hole".into()),
        data: PathData::polygon([&outer[..], &hole[..]]),
        style: Style::fill_and_stroke(
            Color::rgb(0xd9, 0xef, 0xd3),
            Stroke::solid(Color::rgb(0x88, 0x88, 0x88), 0.3),
        ),
    });
    scene.layers.push(areas);

    let mut links = Layer::new("links", "Verbindungen");
    links.push(Path {
        id: Some("link-quad".into()),
        data: PathData::new()
            .move_to((8.0, 44.0))
            .quad_to((20.0, 30.0), (36.0, 44.0)),
        style: Style::stroke(Stroke::solid(Color::rgb(0x1f, 0x78, 0xb4), 0.5).round_caps()),
    });
    links.push(Path {
        id: Some("link-cubic".into()),
        data: PathData::new().move_to((8.0, 47.0)).cubic_to(
            (16.0, 40.0),
            (28.0, 52.0),
            (36.0, 46.0),
        ),
        style: Style::stroke(Stroke::dashed(
            Color::rgb(0xe6, 0x61, 0x01),
            0.35,
            &[1.2, 0.8],
        )),
    });
    // a river with fractional coordinates: exercises the compact path syntax
    // (".35-.8") in every renderer
    let river: Vec<Point> = (0..=60)
        .map(|k| {
            let x = 40.0 + f64::from(k) / 3.0;
            Point::new(x, 47.0 + 0.8 * (x * 0.9).sin())
        })
        .collect();
    links.push(Path {
        id: Some("river".into()),
        data: PathData::polyline(&river),
        style: Style::stroke(Stroke::solid(Color::rgb(0x4a, 0x90, 0xc8), 0.4).round_caps()),
    });
    scene.layers.push(links);

    let mut markers = Layer::new("markers", "Symbole");
    let shares = [
        (0.5, Color::rgb(0x1b, 0x9e, 0x77)),
        (0.3, Color::rgb(0xd9, 0x5f, 0x02)),
        (0.2, Color::rgb(0x75, 0x70, 0xb3)),
    ];
    let mut start = 0.0;
    for (i, (share, color)) in shares.iter().enumerate() {
        let white_edge = Stroke::solid(Color::WHITE, 0.2);
        markers.push(Wedge {
            id: Some(format!("pie-{i}")),
            center: Point::new(50.0, 12.0),
            radius_mm: 7.0,
            inner_radius_mm: 0.0,
            start_deg: start,
            sweep_deg: share * 360.0,
            style: Style::fill_and_stroke(*color, white_edge.clone()),
        });
        markers.push(Wedge {
            id: Some(format!("ring-{i}")),
            center: Point::new(68.0, 12.0),
            radius_mm: 7.0,
            inner_radius_mm: 3.5,
            start_deg: start,
            sweep_deg: share * 360.0,
            style: Style::fill_and_stroke(*color, white_edge),
        });
        start += share * 360.0;
    }
    markers.push(Circle {
        id: Some("coordinator".into()),
        center: Point::new(8.0, 44.0),
        radius_mm: 1.8,
        style: Style::fill_and_stroke(
            Color::rgb(0x1f, 0x78, 0xb4),
            Stroke::solid(Color::WHITE, 0.3),
        ),
    });
    markers.push(Rect {
        id: Some("box".into()),
        origin: Point::new(44.0, 24.0),
        width_mm: 30.0,
        height_mm: 10.0,
        corner_radius_mm: 1.5,
        style: Style::fill_and_stroke(Color::WHITE.with_alpha(0.8), Stroke::solid(INK, 0.2)),
    });
    let mut panel = Group::new("clipped panel");
    panel.transform = Some(Transform {
        translate_x: 44.0,
        translate_y: 36.0,
        scale: 0.5,
    });
    panel.clip = Some(PathData::rect(0.0, 0.0, 40.0, 20.0));
    panel.push(Circle {
        id: Some("big".into()),
        center: Point::new(20.0, 20.0),
        radius_mm: 16.0,
        style: Style::fill(Color::rgb(0xfd, 0xb8, 0x63)).with_opacity(0.7),
    });
    markers.push(panel);
    scene.layers.push(markers);

    let mut labels = Layer::new("labels", "Beschriftung");
    labels.push(
        Text::new((20.0, 12.0), "Gelsenkirchen", 8.0)
            .anchored(TextAnchor::Middle)
            .with_halo(Color::WHITE, 0.8),
    );
    labels.push(Text::new((46.0, 28.0), "Mülheim an der Ruhr", 6.0).colored(INK));
    labels.push(Text::new((46.0, 32.5), "Projektkoordination", 6.0).bold());
    labels.push(
        Text::new((3.0, 40.0), "RUHR", 7.0)
            .rotated(-90.0)
            .bold()
            .colored(INK),
    );
    labels.push(Text {
        letter_spacing_mm: 0.8,
        ..Text::new((78.0, 48.0), "Emscher", 6.0)
            .anchored(TextAnchor::End)
            .colored(Color::rgb(0x1f, 0x78, 0xb4))
    });
    scene.layers.push(labels);
    scene
}

/// A tiny network map: four municipalities in two sub-regions, a
/// coordinator with curved links to partners, labels with halos, a legend
/// and the plotters bar chart beside it.
fn network_scene() -> Scene {
    let mut scene = Scene::new(120.0, 70.0);
    scene.title = Some("Netzwerk des Projekts P9".into());
    scene.description = Some("© GeoBasis-DE / BKG (2017); illustrative data".into());
    let west = Color::rgb(0xd9, 0xef, 0xd3);
    let east = Color::rgb(0xfd, 0xe0, 0xc5);
    let border = Stroke::solid(Color::WHITE, 0.35);

    let mut areas = Layer::new("municipalities", "Gemeinden");
    let polygons = [
        (
            "05513000",
            "Gelsenkirchen",
            west,
            [(5.0, 10.0), (35.0, 8.0), (38.0, 30.0), (8.0, 33.0)],
        ),
        (
            "05512000",
            "Bottrop",
            west,
            [(8.0, 33.0), (38.0, 30.0), (36.0, 60.0), (6.0, 62.0)],
        ),
        (
            "05562004",
            "Gladbeck",
            east,
            [(35.0, 8.0), (70.0, 12.0), (68.0, 34.0), (38.0, 30.0)],
        ),
        (
            "05913000",
            "Dortmund",
            east,
            [(38.0, 30.0), (68.0, 34.0), (66.0, 62.0), (36.0, 60.0)],
        ),
    ];
    for (ags, _, fill, corners) in &polygons {
        areas.push(Path {
            id: Some(format!("ags-{ags}")),
            data: PathData::polygon([&ring(corners)[..]]),
            style: Style::fill_and_stroke(*fill, border.clone()),
        });
    }
    scene.layers.push(areas);

    let coordinator = Point::new(22.0, 22.0);
    let partners = [
        ("P9-01", Point::new(52.0, 20.0), true),
        ("P9-02", Point::new(50.0, 48.0), true),
        ("P9-03", Point::new(20.0, 48.0), false),
    ];
    let mut links = Layer::new("links", "Verbindungen");
    for (id, to, core) in &partners {
        let mid = Point::new((coordinator.x + to.x) / 2.0, (coordinator.y + to.y) / 2.0);
        let (dx, dy) = (to.x - coordinator.x, to.y - coordinator.y);
        let control = Point::new(mid.x - dy * 0.15, mid.y + dx * 0.15);
        let stroke = if *core {
            Stroke::solid(Color::rgb(0x25, 0x25, 0x25), 0.45).round_caps()
        } else {
            Stroke::dashed(Color::rgb(0x73, 0x73, 0x73), 0.3, &[1.0, 0.7]).round_caps()
        };
        links.push(Path {
            id: Some(format!("link-{id}")),
            data: PathData::new().move_to(coordinator).quad_to(control, *to),
            style: Style::stroke(stroke),
        });
    }
    scene.layers.push(links);

    let mut markers = Layer::new("markers", "Symbole");
    markers.push(Rect {
        id: Some("P9-coordinator".into()),
        origin: Point::new(coordinator.x - 1.8, coordinator.y - 1.8),
        width_mm: 3.6,
        height_mm: 3.6,
        corner_radius_mm: 0.0,
        style: Style::fill_and_stroke(
            Color::rgb(0xb2, 0x18, 0x2b),
            Stroke::solid(Color::WHITE, 0.3),
        ),
    });
    for (id, at, core) in &partners {
        let fill = if *core {
            Color::rgb(0x21, 0x66, 0xac)
        } else {
            Color::rgb(0x92, 0xc5, 0xde)
        };
        markers.push(Circle {
            id: Some((*id).into()),
            center: *at,
            radius_mm: 1.4,
            style: Style::fill_and_stroke(fill, Stroke::solid(Color::WHITE, 0.25)),
        });
    }
    scene.layers.push(markers);

    let mut labels = Layer::new("labels", "Beschriftung");
    let metrics = TextMetrics::embedded();
    for (text, at) in [
        ("Gelsenkirchen", Point::new(22.0, 17.5)),
        ("Gladbeck", Point::new(52.0, 15.5)),
        ("Dortmund", Point::new(50.0, 53.5)),
        ("Bottrop", Point::new(20.0, 53.5)),
    ] {
        let label = Text::new(at, text, 6.5)
            .anchored(TextAnchor::Middle)
            .colored(INK)
            .with_halo(Color::WHITE, 0.7);
        // the metrics must agree with what is drawn: the label fits its column
        assert!(metrics.ink_bounds(&label).width() < 20.0);
        labels.push(label.with_id(format!("label-{text}")));
    }
    scene.layers.push(labels);

    let mut furniture = Layer::new("furniture", "Kartenrahmen");
    furniture.push(Text::new((2.0, 5.0), "Netzwerk des Projekts P9", 8.0).bold());
    furniture.push(
        Text::new((2.0, 68.0), "© GeoBasis-DE / BKG (2017)", 5.0)
            .colored(Color::rgb(0x66, 0x66, 0x66)),
    );
    let legend_x = 72.0;
    let entries: [(&str, Item); 3] = [
        (
            "Projektkoordination",
            Item::Rect(Rect {
                id: None,
                origin: Point::new(legend_x, 8.2),
                width_mm: 3.6,
                height_mm: 3.6,
                corner_radius_mm: 0.0,
                style: Style::fill(Color::rgb(0xb2, 0x18, 0x2b)),
            }),
        ),
        (
            "Verbundpartner:innen",
            Item::Circle(Circle {
                id: None,
                center: Point::new(legend_x + 1.8, 15.0),
                radius_mm: 1.4,
                style: Style::fill(Color::rgb(0x21, 0x66, 0xac)),
            }),
        ),
        (
            "weitere Kooperationspartner:innen",
            Item::Circle(Circle {
                id: None,
                center: Point::new(legend_x + 1.8, 20.0),
                radius_mm: 1.4,
                style: Style::fill(Color::rgb(0x92, 0xc5, 0xde)),
            }),
        ),
    ];
    let mut legend = Group::new("legend");
    legend.label = Some("Legende".into());
    for (i, (text, symbol)) in entries.into_iter().enumerate() {
        legend.items.push(symbol);
        let baseline =
            10.0 + 5.0 * i as f64 + metrics.cap_height_mm(6.0, FontWeight::Regular) / 2.0;
        legend.push(Text::new((legend_x + 5.0, baseline), text, 6.0).colored(INK));
    }
    furniture.push(legend);
    let chart = BarChart {
        id: "chart-partners-per-subregion".into(),
        title: Some("Partner:innen je Teilraum".into()),
        value_label: Some("Anzahl".into()),
        bars: vec![
            Bar {
                label: "Westen".into(),
                count: 2,
                color: west,
            },
            Bar {
                label: "Osten".into(),
                count: 5,
                color: east,
            },
        ],
        font_size_pt: 6.0,
        ink: INK,
    };
    furniture.push(bar_chart(&chart, Point::new(71.0, 30.0), 47.0, 30.0).expect("chart fits"));
    scene.layers.push(furniture);
    scene
}

use ruhrmap::render::Item;

fn formats(dpi: f64) -> OutputFormats {
    OutputFormats {
        svg: true,
        png_dpi: Some(dpi),
        pdf: true,
    }
}

#[test]
fn shapes_match_golden_svg_and_png() {
    let figure = render_outputs(&shapes_scene(), &formats(GOLDEN_DPI), "shapes").unwrap();
    assert_golden_text("shapes.svg", &figure.svg);
    assert_golden_png(
        "shapes.png",
        figure.png.as_deref().unwrap(),
        PNG_TOLERANCE,
        PNG_MAX_DIFFERING,
    );
}

#[test]
fn network_matches_golden_svg_and_png() {
    let figure = render_outputs(&network_scene(), &formats(GOLDEN_DPI), "network").unwrap();
    assert_golden_text("network.svg", &figure.svg);
    assert_golden_png(
        "network.png",
        figure.png.as_deref().unwrap(),
        PNG_TOLERANCE,
        PNG_MAX_DIFFERING,
    );
}

#[test]
fn svg_has_mm_page_inkscape_layers_and_data_ids() {
    let svg = write_svg(&network_scene()).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some("120mm"));
    assert_eq!(root.attribute("height"), Some("70mm"));
    assert_eq!(root.attribute("viewBox"), Some("0 0 120 70"));
    assert!(
        root.attribute("font-family")
            .unwrap()
            .starts_with("'Noto Sans'")
    );
    let inkscape = "http://www.inkscape.org/namespaces/inkscape";
    let layers: Vec<(&str, &str)> = root
        .children()
        .filter(|n| n.attribute((inkscape, "groupmode")) == Some("layer"))
        .map(|n| {
            (
                n.attribute("id").unwrap(),
                n.attribute((inkscape, "label")).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        layers,
        [
            ("municipalities", "Gemeinden"),
            ("links", "Verbindungen"),
            ("markers", "Symbole"),
            ("labels", "Beschriftung"),
            ("furniture", "Kartenrahmen")
        ]
    );
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    for expected in [
        "ags-05913000",
        "link-P9-01",
        "P9-coordinator",
        "P9-03",
        "label-Gelsenkirchen",
        "legend",
    ] {
        assert!(
            ids.contains(&expected),
            "id {expected} missing from {ids:?}"
        );
    }
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        texts.contains(&"Gelsenkirchen")
            && texts
                .iter()
                .any(|t| t.contains("Kooperationspartner:innen"))
    );
}

#[test]
fn svg_is_valid_for_xmllint_and_librsvg() {
    let dir = tempfile::tempdir().unwrap();
    for (name, scene) in [
        ("shapes", shapes_scene()),
        ("network", network_scene()),
        ("escaping", escaping_scene()),
    ] {
        let path = dir.path().join(format!("{name}.svg"));
        std::fs::write(&path, write_svg(&scene).unwrap()).unwrap();
        assert_xmllint_accepts(&path);
        let png = decode_png(&render_with_librsvg(&path));
        // librsvg renders at 96 dpi: the page size in mm must come through
        let expected_width = (scene.width_mm / 25.4 * 96.0).round() as i64;
        assert!(
            (i64::from(png.width) - expected_width).abs() <= 1,
            "{name}: {} px wide, expected {expected_width}",
            png.width
        );
        let inked = png
            .rgba
            .chunks_exact(4)
            .filter(|p| p[3] > 0 && p[0] < 128)
            .count();
        assert!(inked > 50, "{name}: librsvg drew (almost) nothing");
    }
}

#[test]
fn librsvg_draws_the_same_geometry_as_resvg() {
    // without text (librsvg picks fonts through fontconfig, not the embedded
    // font), both renderers must agree up to anti-aliasing
    let mut scene = shapes_scene();
    scene.layers.retain(|layer| layer.id != "labels");
    let svg = write_svg(&scene).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shapes-no-text.svg");
    std::fs::write(&path, &svg).unwrap();
    let resvg = ruhrmap::svg_to_png(&svg, 96.0).unwrap();
    let size = decode_png(&resvg);
    // librsvg rounds the page size up, resvg to the nearest pixel: ask for resvg's size
    let (width, height) = (size.width.to_string(), size.height.to_string());
    let librsvg = render_with_librsvg_args(&path, &["--width", &width, "--height", &height]);
    // measured: 10 of 57,078 pixels beyond 40 per channel, none beyond 80; a
    // misread path (a missing river, a lost hole) would be hundreds
    let difference = compare_png(&librsvg, &resvg, 40).expect("same image size");
    let total = (size.width * size.height) as usize;
    assert!(
        difference.differing_pixels * 2000 < total,
        "{} of {total} pixels differ strongly between librsvg and resvg",
        difference.differing_pixels
    );
}

/// Names an attacker or a careless spreadsheet could supply.
const HOSTILE_NAMES: &[&str] = &[
    "Müller & Söhne <GmbH>",
    "Say \"hi\" & 'bye'",
    "end of CDATA ]]> here",
    "<script>alert(1)</script>",
    "<![CDATA[ x ]]>",
    "&amp; already escaped &#x3C;",
    "ctrl\u{0}\u{1}\u{8}\u{B}\u{C}\u{1B}\u{7F}\u{85}\u{9F}chars",
    "Zeile 1\nZeile 2\r\nZeile 3\tTab",
    "\u{FEFF}BOM and nonchar \u{FFFE}\u{FFFF}",
    "bidi \u{202E}desrever\u{202C} \u{2067}isolate\u{2069} \u{200F}RLM \u{200E}LRM",
    "שלום עולם",
    "zero\u{200B}width\u{200D}joiner\u{00AD}soft",
    "  leading and trailing  ",
    "--> <!-- comment",
    "<?xml-stylesheet href=\"x\"?>",
    "",
];

fn escaping_scene() -> Scene {
    let mut scene = Scene::new(100.0, 10.0 + 6.0 * HOSTILE_NAMES.len() as f64);
    scene.title = Some(HOSTILE_NAMES[3].into());
    scene.description = Some(HOSTILE_NAMES.join(" | "));
    let mut layer = Layer::new(HOSTILE_NAMES[0], HOSTILE_NAMES[1]);
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        let mut group = Group::new(*name);
        group.label = Some((*name).into());
        group.push(Text::new((5.0, 8.0 + 6.0 * i as f64), *name, 9.0).with_id(*name));
        layer.push(group);
    }
    scene.layers.push(layer);
    scene
}

#[test]
fn hostile_names_are_escaped_and_parse_back_intact() {
    let svg = write_svg(&escaping_scene()).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert!(
        !doc.descendants().any(|n| n.has_tag_name("script")),
        "no script element smuggled in"
    );
    assert!(
        !doc.descendants().any(|n| n.is_pi() || n.is_comment()),
        "no processing instruction or comment smuggled in"
    );
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let expected: Vec<String> = HOSTILE_NAMES
        .iter()
        .map(|n| displayed_text(n).into_owned())
        .collect();
    assert_eq!(texts, expected);
    let inkscape = "http://www.inkscape.org/namespaces/inkscape";
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter_map(|n| n.attribute((inkscape, "label")))
        .collect();
    assert_eq!(labels[0], displayed_text(HOSTILE_NAMES[1]));
    assert_eq!(
        &labels[1..],
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("<script>alert(1)</script>"));
    // every id is a valid, unique NCName
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    for id in &ids {
        let mut chars = id.chars();
        assert!(
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_'),
            "{id}"
        );
        assert!(
            chars.all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{id}"
        );
    }
    assert_eq!(
        ids.iter().collect::<std::collections::BTreeSet<_>>().len(),
        ids.len()
    );
    // the raw source shows invisible characters as references, and never a raw control character
    assert!(svg.contains("&#x202E;desrever&#x202C;") && svg.contains("&#x200F;RLM"));
    assert!(!svg.chars().any(|c| c.is_control() && c != '\n'));
    assert!(!svg.contains("]]>"));
}

#[test]
fn pdf_embeds_the_font_and_keeps_text_extractable() {
    let figure = render_outputs(
        &network_scene(),
        &OutputFormats {
            svg: true,
            png_dpi: None,
            pdf: true,
        },
        "network",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("network.pdf");
    std::fs::write(&path, figure.pdf.unwrap()).unwrap();
    let fonts = run_tool("pdffonts", &[path.to_str().unwrap()], "poppler-utils");
    assert!(
        fonts.status.success(),
        "{}",
        String::from_utf8_lossy(&fonts.stderr)
    );
    let listing = String::from_utf8_lossy(&fonts.stdout);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in the PDF:\n{listing}");
    for row in &rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        assert!(row.contains("NotoSans"), "unexpected font: {row}");
        // name, type…, encoding, emb, sub, uni, object, id: emb is the fifth column from the end
        assert_eq!(
            columns[columns.len() - 5],
            "yes",
            "font not embedded: {row}"
        );
    }
    assert!(
        rows.iter().any(|r| r.contains("Bold")),
        "the bold face is used and embedded:\n{listing}"
    );
    let text = run_tool(
        "pdftotext",
        &["-layout", path.to_str().unwrap(), "-"],
        "poppler-utils",
    );
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Netzwerk des Projekts P9",
        "Gelsenkirchen",
        "Verbundpartner:innen",
        "© GeoBasis-DE / BKG (2017)",
        "Partner:innen je Teilraum",
        "Westen",
    ] {
        assert!(
            text.contains(expected),
            "'{expected}' not extractable from the PDF:\n{text}"
        );
    }
}

#[test]
fn outputs_are_byte_identical_across_runs() {
    let first = render_outputs(&network_scene(), &formats(100.0), "network").unwrap();
    let second = render_outputs(&network_scene(), &formats(100.0), "network").unwrap();
    assert_eq!(first.svg, second.svg);
    assert!(first.png == second.png, "PNG differs between runs");
    assert!(first.pdf == second.pdf, "PDF differs between runs");
    let pdf = String::from_utf8_lossy(first.pdf.as_deref().unwrap()).into_owned();
    assert!(
        !pdf.contains("/CreationDate") && !pdf.contains("/ModDate"),
        "no timestamps"
    );
}

#[test]
fn png_records_its_resolution_and_page_size() {
    let figure = render_outputs(&shapes_scene(), &formats(300.0), "shapes").unwrap();
    let png = decode_png(figure.png.as_deref().unwrap());
    assert_eq!((png.width, png.height), (945, 591)); // 80 × 50 mm at 300 dpi
    assert_eq!(png.pixels_per_metre, Some((11811, 11811)));
    assert_eq!(
        png.pixel(0, 0),
        [255, 255, 255, 255],
        "white page background"
    );
}

#[test]
fn text_is_drawn_where_the_metrics_say() {
    // one black label on white: the inked pixels must lie inside its measured ink box
    let mut scene = Scene::new(60.0, 20.0);
    let label = Text::new((30.0, 12.0), "Recklinghausen", 10.0).anchored(TextAnchor::Middle);
    let bounds = TextMetrics::embedded().ink_bounds(&label);
    scene.layer_mut("labels", "Beschriftung").push(label);
    let dpi = 254.0; // 10 px per mm
    let png = decode_png(
        render_outputs(&scene, &formats(dpi), "t")
            .unwrap()
            .png
            .as_deref()
            .unwrap(),
    );
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..png.height {
        for x in 0..png.width {
            if png.pixel(x, y)[0] < 128 {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    assert!(x1 > x0, "the label was not drawn");
    let to_mm = |px: u32| f64::from(px) / 10.0;
    let drawn = (to_mm(x0), to_mm(y0), to_mm(x1 + 1), to_mm(y1 + 1));
    let slack = 0.15;
    assert!(
        (drawn.0 - bounds.x0).abs() < slack && (drawn.2 - bounds.x1).abs() < slack,
        "drawn {drawn:?}, measured {bounds:?}"
    );
    assert!(
        (drawn.1 - bounds.y0).abs() < slack && (drawn.3 - bounds.y1).abs() < slack,
        "drawn {drawn:?}, measured {bounds:?}"
    );
}

fn text_scene(content: &str, id: &str, label: &str) -> Scene {
    let mut scene = Scene::new(50.0, 20.0);
    let mut layer = Layer::new(id, label);
    layer.push(Text::new((2.0, 10.0), content, 8.0).with_id(id));
    scene.layers.push(layer);
    scene
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5275_6872),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_string_survives_the_round_trip(content in any::<String>(), id in any::<String>(), label in any::<String>()) {
        let svg = write_svg(&text_scene(&content, &id, &label)).unwrap();
        let doc = roxmltree::Document::parse(&svg).map_err(|e| TestCaseError::fail(format!("{e}: {svg}")))?;
        let text = doc.descendants().find(|n| n.has_tag_name("text")).unwrap();
        prop_assert_eq!(text.text().unwrap_or(""), displayed_text(&content));
        let layer = doc.root_element().children().find(|n| n.has_tag_name("g")).unwrap();
        prop_assert_eq!(layer.attribute(("http://www.inkscape.org/namespaces/inkscape", "label")).unwrap(), displayed_text(&label));
        let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
        prop_assert_eq!(ids.len(), 3); // background, layer, text
        prop_assert!(ids[1] != ids[2]);
    }

    #[test]
    fn any_string_is_measured_as_it_is_written(content in "\\PC{0,40}") {
        // metrics and writer apply the same policy: measuring the raw string equals measuring the written one
        let metrics = TextMetrics::embedded();
        let written = displayed_text(&content);
        prop_assert_eq!(
            metrics.advance_mm(&content, 8.0, FontWeight::Regular),
            metrics.advance_mm(&written, 8.0, FontWeight::Regular)
        );
    }
}
