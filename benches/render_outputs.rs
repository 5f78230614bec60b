//! The output chain for a figure of realistic size: a four-panel network map
//! of the 53 Ruhr municipalities (real render geometry) with links, markers,
//! haloed labels and a legend, written to SVG, rasterised to PNG at 300 and
//! 200 dpi, and converted to PDF.
//!
//! `cargo bench --bench render_outputs`

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use ruhrmap::render::{
    Circle, Color, Group, Layer, OutputFormats, Path, PathData, Point, Stroke, Style, Text,
    TextAnchor, Transform, encode_png, parse_svg, render_outputs, tree_to_pdf,
};
use ruhrmap::{Boundaries, MunicipalityId, Region, Scene, rasterize, write_svg};
use std::time::Duration;

/// Builds a 160 mm wide figure with four panels of the Ruhr.
fn four_panel_scene() -> Scene {
    let boundaries = Boundaries::embedded();
    let ruhr = Region::ruhr(boundaries);
    let members: Vec<MunicipalityId> = ruhr
        .members()
        .iter()
        .filter_map(|&ags| boundaries.index_of(ags))
        .collect();
    let (mut lon0, mut lat0, mut lon1, mut lat1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let geometries: Vec<_> = members
        .iter()
        .map(|&i| boundaries.render_geometry(i))
        .collect();
    for polygon in geometries.iter().flat_map(|g| g.0.iter()) {
        for c in polygon.exterior().coords() {
            (lon0, lat0, lon1, lat1) = (lon0.min(c.x), lat0.min(c.y), lon1.max(c.x), lat1.max(c.y));
        }
    }
    let panel_width = 78.0;
    let shrink = (lat0.to_radians().cos() + lat1.to_radians().cos()) / 2.0;
    let scale = panel_width / ((lon1 - lon0) * shrink);
    let panel_height = (lat1 - lat0) * scale;
    let project =
        |lon: f64, lat: f64| Point::new((lon - lon0) * shrink * scale, (lat1 - lat) * scale);
    let fills = [
        Color::rgb(0xd9, 0xef, 0xd3),
        Color::rgb(0xfd, 0xe0, 0xc5),
        Color::rgb(0xde, 0xeb, 0xf7),
        Color::rgb(0xf2, 0xf0, 0xf7),
    ];

    let mut scene = Scene::new(160.0, 2.0 * panel_height + 30.0);
    let mut panels = Layer::new("panels", "Karten");
    for panel in 0..4 {
        let mut group = Group::new(format!("panel-P{}", panel + 1));
        group.transform = Some(Transform::translate(
            2.0 + (panel % 2) as f64 * 80.0,
            10.0 + (panel / 2) as f64 * (panel_height + 8.0),
        ));
        group.clip = Some(PathData::rect(0.0, 0.0, panel_width, panel_height));
        for (k, (geometry, &index)) in geometries.iter().zip(&members).enumerate() {
            let mut data = PathData::new();
            for polygon in &geometry.0 {
                let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
                for ring in rings {
                    let points: Vec<Point> = ring.coords().map(|c| project(c.x, c.y)).collect();
                    data.push_ring(&points);
                }
            }
            let ags = boundaries.municipalities()[index].ags;
            group.push(Path {
                id: Some(format!("P{}-ags-{ags}", panel + 1)),
                data,
                style: Style::fill_and_stroke(fills[k % 4], Stroke::solid(Color::WHITE, 0.25)),
            });
        }
        let hub = project(7.0, 51.45);
        for k in 0..40 {
            let angle = f64::from(k) * 0.61;
            let to = Point::new(
                hub.x + 30.0 * angle.cos() * (0.3 + 0.7 * (f64::from(k) / 40.0)),
                hub.y + 18.0 * angle.sin(),
            );
            let control = Point::new(
                (hub.x + to.x) / 2.0 - (to.y - hub.y) * 0.2,
                (hub.y + to.y) / 2.0 + (to.x - hub.x) * 0.2,
            );
            group.push(Path {
                id: Some(format!("link-P{}-{k}", panel + 1)),
                data: PathData::new().move_to(hub).quad_to(control, to),
                style: Style::stroke(
                    Stroke::solid(Color::rgb(0x25, 0x25, 0x25), 0.35).round_caps(),
                ),
            });
            group.push(Circle {
                id: None,
                center: to,
                radius_mm: 1.2,
                style: Style::fill_and_stroke(
                    Color::rgb(0x21, 0x66, 0xac),
                    Stroke::solid(Color::WHITE, 0.2),
                ),
            });
            group.push(
                Text::new((to.x, to.y - 2.0), format!("Gemeinde {k}"), 6.0)
                    .anchored(TextAnchor::Middle)
                    .with_halo(Color::WHITE, 0.6),
            );
        }
        panels.push(group);
    }
    scene.layers.push(panels);
    let mut furniture = Layer::new("furniture", "Kartenrahmen");
    furniture.push(Text::new((2.0, 6.0), "Netzwerke der Projekte P1, P2, P3 und P4", 9.0).bold());
    scene.layers.push(furniture);
    scene
}

fn bench_render(c: &mut Criterion) {
    let scene = four_panel_scene();
    let svg = write_svg(&scene).expect("the bench scene is valid");
    eprintln!(
        "bench figure: {:.0} × {:.0} mm, SVG {} KB",
        scene.width_mm,
        scene.height_mm,
        svg.len() / 1024
    );
    let tree = parse_svg(&svg).expect("own SVG parses");

    let mut group = c.benchmark_group("render_outputs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("write_svg", |b| {
        b.iter(|| write_svg(black_box(&scene)).unwrap())
    });
    group.bench_function("parse_svg", |b| {
        b.iter(|| parse_svg(black_box(&svg)).unwrap())
    });
    group.bench_function("rasterize_300dpi", |b| {
        b.iter(|| rasterize(black_box(&tree), 300.0).unwrap())
    });
    let pixmap = rasterize(&tree, 300.0).unwrap();
    group.bench_function("encode_png_300dpi", |b| {
        b.iter(|| encode_png(black_box(&pixmap), 300.0).unwrap())
    });
    group.bench_function("pdf", |b| b.iter(|| tree_to_pdf(black_box(&tree)).unwrap()));
    group.bench_function("figure_svg_png300_pdf", |b| {
        b.iter(|| render_outputs(black_box(&scene), &OutputFormats::default(), "bench").unwrap())
    });
    let draft = OutputFormats {
        svg: true,
        png_dpi: Some(200.0),
        pdf: false,
    };
    group.bench_function("figure_svg_png200", |b| {
        b.iter(|| render_outputs(black_box(&scene), &draft, "bench").unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
