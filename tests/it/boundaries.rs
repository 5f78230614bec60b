//! The shipped boundaries and the importer that builds them.

use crate::support::random_points;
use geo::{Area, BoundingRect, ChamberlainDuquetteArea, Contains};
use geo_types::Coord;
use ruhrmap::{
    Boundaries, ImportOptions, MunicipalityId, MunicipalityIndex, Region, import_boundaries,
};
use std::path::{Path, PathBuf};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

#[test]
fn embedded_set_is_complete_vg250() {
    let b = Boundaries::embedded();
    assert_eq!(b.municipalities().len(), 11_299);
    let full = b.full_topology();
    assert_eq!(full.geometries.len(), 11_299);
    assert_eq!(b.render_topology().geometries.len(), 11_299);
    // every representative point lies inside its own municipality
    let index = MunicipalityIndex::new(b);
    let mut outside = Vec::new();
    for (i, m) in b.municipalities().iter().enumerate() {
        if index.locate(m.point) != Some(MunicipalityId::new(i)) {
            outside.push(m.ags);
        }
    }
    assert!(
        outside.is_empty(),
        "representative points outside their municipality: {outside:?}"
    );
}

#[test]
fn ruhr_has_53_municipalities_with_official_names() {
    let b = Boundaries::embedded();
    let ruhr = Region::ruhr(b);
    assert_eq!(ruhr.members().len(), 53);
    let name = |ags: &str| b.by_ags(ags.parse().unwrap()).unwrap().name.clone();
    assert_eq!(name("05117000"), "Mülheim an der Ruhr");
    assert_eq!(name("05954032"), "Wetter (Ruhr)");
    assert_eq!(name("05170044"), "Voerde (Niederrhein)");
    for ags in ruhr.members() {
        let m = b.by_ags(*ags).unwrap();
        assert_eq!(m.state, "Nordrhein-Westfalen");
        assert!(
            [
                "05112", "05113", "05117", "05119", "05512", "05513", "05911", "05913", "05914",
                "05915", "05916", "05170", "05562", "05954", "05978"
            ]
            .contains(&ags.kreis_key().as_str())
        );
    }
    let unna = b.by_ags("05978036".parse().unwrap()).unwrap();
    assert_eq!(
        (unna.name.as_str(), unna.district.as_str()),
        ("Unna", "Kreis Unna")
    );
}

#[test]
fn simplified_areas_stay_within_half_a_percent() {
    let b = Boundaries::embedded();
    for ags in Region::ruhr(b).members() {
        let i = b.index_of(*ags).unwrap();
        let full = b.geometry(i).chamberlain_duquette_unsigned_area();
        let render = b.render_geometry(i).chamberlain_duquette_unsigned_area();
        let rel = (render - full).abs() / full;
        assert!(
            rel < 0.005,
            "{}: render area differs by {:.3} %",
            b.municipalities()[i].name,
            rel * 100.0
        );
        // the gazetteer rounds areas to 0.001 km²
        let gazetteer = b.municipalities()[i].area_km2 * 1e6;
        assert!(
            (gazetteer - full).abs() <= 501.0,
            "{}: gazetteer {gazetteer} m², geometry {full} m²",
            b.municipalities()[i].name
        );
    }
}

#[test]
fn neighbours_share_borders_without_gaps_or_overlaps() {
    let b = Boundaries::embedded();
    let topo = b.render_topology();
    // each arc bounds at most two municipalities, and every arc is used
    let mut uses = vec![0u32; topo.arcs.len()];
    for ring in topo.geometries.iter().flatten().flatten() {
        for &r in ring {
            uses[ruhrmap::boundaries::Topology::decode_ref(r).arc] += 1;
        }
    }
    assert!(
        uses.iter().all(|&u| u == 1 || u == 2),
        "an arc is used {:?} times",
        uses.iter().max()
    );
    // No point of the Ruhr lies in two simplified polygons, none of Germany
    // falls into a gap between them, and a point changes municipality only
    // within the simplification tolerance of a border. Every municipality
    // whose box meets the Ruhr's takes part, so the Ruhr's outer border is
    // shared as well.
    // the bounds of the 53 Ruhr municipalities, rounded outward
    let ruhr_box = [6.29, 51.21, 8.00, 51.83];
    let nearby: Vec<MunicipalityId> = (0..b.municipalities().len())
        .map(MunicipalityId::new)
        .filter(|&i| {
            let r = b.geometry(i).bounding_rect().unwrap();
            r.min().x <= ruhr_box[2]
                && r.max().x >= ruhr_box[0]
                && r.min().y <= ruhr_box[3]
                && r.max().y >= ruhr_box[1]
        })
        .collect();
    let ruhr = Region::ruhr(b);
    assert!(
        ruhr.members()
            .iter()
            .all(|a| nearby.contains(&b.index_of(*a).unwrap())),
        "every Ruhr municipality meets the box"
    );
    let polys: Vec<_> = nearby.iter().map(|&i| b.render_geometry(i)).collect();
    let full = MunicipalityIndex::for_subset(b, &nearby);
    let points = random_points(7, 20_000, ruhr_box);
    let mut moved = Vec::new();
    for p in &points {
        let hits: Vec<MunicipalityId> = polys
            .iter()
            .enumerate()
            .filter(|(_, poly)| poly.contains(p))
            .map(|(k, _)| nearby[k])
            .collect();
        assert!(hits.len() <= 1, "{p:?} lies in {hits:?}");
        let found = full.locate(*p);
        if let Some(m) = found {
            assert!(
                !hits.is_empty(),
                "{p:?} (in {}) falls into a gap between the simplified polygons",
                b.municipalities()[m].name
            );
        }
        if hits.first().copied() != found {
            let at = found.or(hits.first().copied()).unwrap();
            moved.push((distance_to_border_m(*p, &b.geometry(at)), *p));
        }
    }
    // RDP keeps every simplified border within the tolerance of the full one
    // (plus the render topology's 1e-5° quantisation, about 1 m)
    let tolerance_m = ImportOptions::default().simplify_tolerance_m + 2.0;
    let worst = moved
        .iter()
        .copied()
        .fold((0.0, Coord { x: 0.0, y: 0.0 }), |w, m| {
            if m.0 > w.0 { m } else { w }
        });
    assert!(
        worst.0 <= tolerance_m,
        "{} of {} points change municipality; {:?} lies {:.1} m from the nearest full-resolution border, beyond {tolerance_m} m",
        moved.len(),
        points.len(),
        worst.1,
        worst.0
    );
}

/// Distance in metres (locally flat) from `p` to the nearest edge of `geometry`.
fn distance_to_border_m(p: Coord<f64>, geometry: &geo_types::MultiPolygon<f64>) -> f64 {
    const METRES_PER_DEGREE: f64 = 111_320.0;
    let kx = METRES_PER_DEGREE * p.y.to_radians().cos();
    let ky = METRES_PER_DEGREE;
    geometry
        .0
        .iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .flat_map(|ring| ring.lines())
        .map(|line| {
            let (ax, ay) = ((line.start.x - p.x) * kx, (line.start.y - p.y) * ky);
            let (bx, by) = ((line.end.x - p.x) * kx, (line.end.y - p.y) * ky);
            let (dx, dy) = (bx - ax, by - ay);
            let length2 = dx * dx + dy * dy;
            let t = if length2 == 0.0 {
                0.0
            } else {
                (-(ax * dx + ay * dy) / length2).clamp(0.0, 1.0)
            };
            (ax + t * dx).hypot(ay + t * dy)
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn imports_the_npm_list_layout_keeping_land_parts() {
    let out = tempfile::tempdir().unwrap();
    let summary = import_boundaries(
        &[fixture("vg250-npm/gemeinden.geo.json")],
        out.path(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(summary.municipalities, 3);
    assert_eq!(summary.water_parts_skipped, 1);
    let b = Boundaries::from_dir(out.path()).unwrap();
    let names: Vec<&str> = b.municipalities().iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Arnis", "Gelsenkirchen", "Herne"]);
    // the imported Herne is the embedded Herne
    let herne = b.index_of("05916000".parse().unwrap()).unwrap();
    let embedded = Boundaries::embedded();
    let e = embedded.index_of("05916000".parse().unwrap()).unwrap();
    let (a1, a2) = (
        b.geometry(herne).unsigned_area(),
        embedded.geometry(e).unsigned_area(),
    );
    assert!((a1 - a2).abs() / a2 < 1e-9);
    assert!(
        std::fs::read_to_string(out.path().join("PROVENANCE.md"))
            .unwrap()
            .contains("© GeoBasis-DE / BKG (2017)")
    );
}

#[test]
fn imports_the_official_shapefile_layout_in_utm32() {
    let out = tempfile::tempdir().unwrap();
    let sources = [
        fixture("vg250-shp/VG250_GEM.shp"),
        fixture("vg250-shp/VG250_KRS.shp"),
    ];
    let summary = import_boundaries(&sources, out.path(), &ImportOptions::default()).unwrap();
    assert_eq!(summary.municipalities, 5);
    let b = Boundaries::from_dir(out.path()).unwrap();
    let witten = b.by_ags("05954036".parse().unwrap()).unwrap();
    assert_eq!(
        (
            witten.name.as_str(),
            witten.district.as_str(),
            witten.state.as_str()
        ),
        ("Witten", "Ennepe-Ruhr-Kreis", "Nordrhein-Westfalen")
    );
    // reprojected back from EPSG:25832, vertices land on the GeoJSON's to well under a centimetre
    let embedded = Boundaries::embedded();
    for m in b.municipalities() {
        let i = b.index_of(m.ags).unwrap();
        let e = embedded.index_of(m.ags).unwrap();
        let (mine, theirs) = (
            b.full_topology()
                .ring_quantized(&b.full_topology().geometries[i.index()][0][0]),
            embedded.full_topology(),
        );
        let theirs_ring = theirs.ring_quantized(&theirs.geometries[e.index()][0][0]);
        let theirs_ll: Vec<Coord<f64>> = theirs_ring.iter().map(|p| theirs.to_lonlat(*p)).collect();
        // every vertex that went through EPSG:25832 and back lies within 2e-7° (about 2 cm) of the original
        let matched = mine
            .iter()
            .filter(|p| {
                let c = b.full_topology().to_lonlat(**p);
                theirs_ll
                    .iter()
                    .any(|t| (t.x - c.x).abs() < 2e-7 && (t.y - c.y).abs() < 2e-7)
            })
            .count();
        assert!(
            matched == mine.len(),
            "{}: {matched} of {} vertices match",
            m.name,
            mine.len()
        );
        let rel = (b.geometry(i).unsigned_area() - embedded.geometry(e).unsigned_area()).abs()
            / embedded.geometry(e).unsigned_area();
        assert!(rel < 1e-7, "{}: area differs by {rel}", m.name);
    }
}

#[test]
fn import_output_is_deterministic() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let sources = [
        fixture("vg250-shp/VG250_GEM.shp"),
        fixture("vg250-shp/VG250_KRS.shp"),
    ];
    import_boundaries(&sources, a.path(), &ImportOptions::default()).unwrap();
    import_boundaries(&sources, b.path(), &ImportOptions::default()).unwrap();
    for name in [
        "gemeinden.topo.json",
        "gemeinden-render.topo.json",
        "gazetteer.csv",
        "postcodes.csv",
        "PROVENANCE.md",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn shapefile_without_dbf_or_prj_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let shp = dir.path().join("VG250_GEM.shp");
    std::fs::copy(fixture("vg250-shp/VG250_GEM.shp"), &shp).unwrap();
    std::fs::copy(
        fixture("vg250-shp/VG250_GEM.shx"),
        dir.path().join("VG250_GEM.shx"),
    )
    .unwrap();
    let err = import_boundaries(
        std::slice::from_ref(&shp),
        &dir.path().join("out"),
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("VG250_GEM.dbf") && err.contains("missing"),
        "{err}"
    );
    std::fs::copy(
        fixture("vg250-shp/VG250_GEM.dbf"),
        dir.path().join("VG250_GEM.dbf"),
    )
    .unwrap();
    let err = import_boundaries(&[shp], &dir.path().join("out"), &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(".prj") && err.contains("--source-crs"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());
}
