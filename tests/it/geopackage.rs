//! The GeoPackage of `ruhrmap build` (`gis/<report>.gpkg`), read back with
//! GDAL (`ogrinfo`, `ogr2ogr`; Debian package `gdal-bin`): layers, geometry
//! types, counts and attributes equal to the GeoJSON layers, the QGIS styles
//! in `layer_styles`, the R-tree spatial index, the attribution, byte-identical
//! rebuilds and a clear error when the file cannot be written. Also the flow
//! tables of `gis/flows/`.

use crate::support::run_tool;
use ruhrmap::{BuildPlan, BuildSummary, Report, build_report};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example's exports (no figures), built into `out`.
fn export_example(out: &Path) -> Result<(BuildSummary, PathBuf), ruhrmap::report::BuildError> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
    let report = Report::load(&dir.join("report.toml"), None)?;
    let plan = BuildPlan {
        figures: vec![],
        exports: true,
        tables: false,
    };
    let summary = build_report(&report, out, &plan, &|_| {})?;
    Ok((summary, report.config.geopackage_file()))
}

struct Exported {
    _dir: tempfile::TempDir,
    out: PathBuf,
    gpkg: PathBuf,
}

fn exported() -> &'static Exported {
    static EXPORTED: OnceLock<Exported> = OnceLock::new();
    EXPORTED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let (_, file) = export_example(&out).expect("the example exports");
        assert_eq!(file, Path::new("gis/ruhr-konferenz.gpkg"));
        Exported {
            gpkg: out.join(file),
            out,
            _dir: dir,
        }
    })
}

fn gdal(program: &str, args: &[&str]) -> String {
    let output = run_tool(program, args, "gdal-bin");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("ERROR"),
        "{program} {args:?}: {stderr}"
    );
    String::from_utf8(output.stdout).unwrap()
}

fn geojson(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A layer of the GeoPackage as GeoJSON, converted by GDAL.
fn layer_via_gdal(gpkg: &Path, layer: &str) -> Value {
    let text = gdal(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            "/vsistdout/",
            gpkg.to_str().unwrap(),
            layer,
        ],
    );
    serde_json::from_str(&text).unwrap()
}

const LAYERS: [(&str, &str); 4] = [
    ("partners", "Point"),
    ("links", "Line String"),
    ("municipalities", "Multi Polygon"),
    ("subregions", "Multi Polygon"),
];

#[test]
fn ogrinfo_lists_the_layers_with_their_geometry_types_and_counts() {
    let e = exported();
    let info = gdal("ogrinfo", &["-ro", "-so", "-al", e.gpkg.to_str().unwrap()]);
    // (layer, geometry, count) in the order ogrinfo lists them
    let mut found: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut name = String::new();
    let mut geometry = String::new();
    for line in info.lines() {
        if let Some(v) = line.strip_prefix("Layer name: ") {
            name = v.to_string();
        } else if let Some(v) = line.strip_prefix("Geometry: ") {
            geometry = v.to_string();
        } else if let Some(v) = line.strip_prefix("Feature Count: ") {
            found.insert(name.clone(), (geometry.clone(), v.parse().unwrap()));
        }
    }
    for (layer, kind) in LAYERS {
        let (geometry, count) = found
            .get(layer)
            .unwrap_or_else(|| panic!("no layer {layer} in:\n{info}"));
        assert_eq!(geometry, kind, "{layer}");
        let expected = if layer == "subregions" {
            6 // the zonen preset
        } else {
            let json = geojson(&e.out.join("gis").join(format!("{layer}.geojson")));
            json["features"].as_array().unwrap().len()
        };
        assert_eq!(*count, expected, "{layer}");
    }
    assert!(info.contains("EPSG\",4326"), "WGS84: {info}");
    assert!(
        info.contains("ATTRIBUTION=© GeoBasis-DE / BKG")
            && info.contains("Datenlizenz Deutschland"),
        "the attribution is in gpkg_metadata: {info}"
    );
}

#[test]
fn attributes_and_points_come_back_exactly_as_in_the_geojson() {
    let e = exported();
    for layer in ["partners", "links", "municipalities"] {
        let ours = geojson(&e.out.join("gis").join(format!("{layer}.geojson")));
        let theirs = layer_via_gdal(&e.gpkg, layer);
        let ours = ours["features"].as_array().unwrap();
        let theirs = theirs["features"].as_array().unwrap();
        assert_eq!(ours.len(), theirs.len(), "{layer}");
        for (k, (a, b)) in ours.iter().zip(theirs).enumerate() {
            assert_eq!(
                a["properties"], b["properties"],
                "{layer}, feature {k}: properties differ"
            );
            if layer != "municipalities" {
                assert_eq!(a["geometry"], b["geometry"], "{layer}, feature {k}");
            }
        }
    }
    // a few values by name: Essen is in the Hellwegzone
    let theirs = layer_via_gdal(&e.gpkg, "municipalities");
    let essen = theirs["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == "Essen")
        .expect("Essen");
    assert_eq!(essen["properties"]["ags"], "05113000");
    assert_eq!(essen["properties"]["subregion"], "hellwegzone");
    assert_eq!(essen["properties"]["in_region"], true);
}

#[test]
fn partners_carry_their_country_and_town_through_gdal() {
    let e = exported();
    let partners = layer_via_gdal(&e.gpkg, "partners");
    let by_id = |id: &str| {
        partners["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))["properties"]
            .clone()
    };
    // Amsterdam UMC and Maastricht University are given by coordinates only
    let amsterdam = by_id("P3-13");
    assert_eq!(
        (&amsterdam["country"], &amsterdam["town"]),
        (&"NL".into(), &"Amsterdam".into())
    );
    let maastricht = by_id("P3-14");
    assert_eq!(
        (&maastricht["country"], &maastricht["town"]),
        (&"NL".into(), &"Maastricht".into())
    );
    // a German partner: Germany and its municipality
    let bochum = by_id("P3-16");
    assert_eq!(
        (&bochum["country"], &bochum["town"]),
        (&"DE".into(), &"Bochum".into())
    );
    assert_eq!(bochum["town"], bochum["municipality"]);
    let links = layer_via_gdal(&e.gpkg, "links");
    let to_amsterdam = links["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["to_id"] == "P3-13")
        .expect("the link to Amsterdam");
    assert_eq!(to_amsterdam["properties"]["to_town"], "Amsterdam");
    assert_eq!(to_amsterdam["properties"]["to_country"], "NL");
}

#[test]
fn the_subregions_are_the_union_of_their_municipalities() {
    let e = exported();
    let municipalities = layer_via_gdal(&e.gpkg, "municipalities");
    let subregions = layer_via_gdal(&e.gpkg, "subregions");
    let mut members: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for f in municipalities["features"].as_array().unwrap() {
        if let Some(id) = f["properties"]["subregion"].as_str() {
            let entry = members.entry(id.to_string()).or_default();
            entry.0 += 1;
            entry.1 += f["properties"]["partners"].as_u64().unwrap();
        }
    }
    let features = subregions["features"].as_array().unwrap();
    assert_eq!(features.len(), members.len());
    for f in features {
        let id = f["properties"]["subregion"].as_str().unwrap();
        assert_eq!(
            f["properties"]["municipalities"].as_u64(),
            Some(members[id].0),
            "{id}"
        );
        assert_eq!(
            f["properties"]["partners"].as_u64(),
            Some(members[id].1),
            "{id}"
        );
        assert_eq!(f["geometry"]["type"], "MultiPolygon", "{id}");
    }
    // the area of a sub-region is the sum of its municipalities' (GDAL's SQLite dialect)
    let sql = "SELECT s.subregion, ST_Area(s.geom) - (SELECT SUM(ST_Area(m.geom)) FROM municipalities m WHERE m.subregion = s.subregion) AS d, ST_IsValid(s.geom) AS valid FROM subregions s";
    let out = gdal(
        "ogrinfo",
        &[
            "-ro",
            "-q",
            "-dialect",
            "SQLITE",
            "-sql",
            sql,
            e.gpkg.to_str().unwrap(),
        ],
    );
    let differences: Vec<f64> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("d (Real) = "))
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(differences.len(), members.len(), "{out}");
    assert!(differences.iter().all(|d| d.abs() < 1e-9), "{out}");
    assert_eq!(
        out.matches("valid (Integer) = 1").count(),
        members.len(),
        "{out}"
    );
}

#[test]
fn every_layer_has_its_qgis_style_as_default_and_a_spatial_index() {
    let e = exported();
    let gpkg = e.gpkg.to_str().unwrap();
    let out = gdal(
        "ogrinfo",
        &[
            "-ro",
            "-q",
            "-sql",
            "SELECT f_table_name, f_geometry_column, useAsDefault, substr(styleQML, 1, 14) AS head FROM layer_styles",
            gpkg,
        ],
    );
    for (layer, _) in LAYERS {
        assert!(
            out.contains(&format!("f_table_name (String) = {layer}\n")),
            "{layer}: {out}"
        );
        let index = gdal(
            "ogrinfo",
            &[
                "-ro",
                "-q",
                "-sql",
                &format!("SELECT HasSpatialIndex('{layer}', 'geom')"),
                gpkg,
            ],
        );
        assert!(
            index.contains("HasSpatialIndex (Integer) = 1"),
            "{layer}: {index}"
        );
    }
    assert_eq!(
        out.matches("useAsDefault (Integer(Boolean)) = 1").count(),
        4,
        "{out}"
    );
    assert_eq!(
        out.matches("f_geometry_column (String) = geom").count(),
        4,
        "{out}"
    );
    assert_eq!(
        out.matches("head (String) = <!DOCTYPE qgis").count(),
        4,
        "{out}"
    );

    // a spatial filter (answered from the R-tree) finds the partners in a box around Essen
    let partners = geojson(&e.out.join("gis/partners.geojson"));
    let (w, s, east, n) = (6.9, 51.35, 7.15, 51.55);
    let inside = partners["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["geometry"]["coordinates"].as_array())
        .filter(|c| {
            let (x, y) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            (w..=east).contains(&x) && (s..=n).contains(&y)
        })
        .count();
    assert!(inside > 0);
    let filtered = gdal(
        "ogrinfo",
        &[
            "-ro", "-so", "-spat", "6.9", "51.35", "7.15", "51.55", gpkg, "partners",
        ],
    );
    assert!(
        filtered.contains(&format!("Feature Count: {inside}\n")),
        "{inside} partners in the box: {filtered}"
    );
}

#[test]
fn two_builds_give_byte_identical_geopackages() {
    let e = exported();
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = export_example(&dir.path().join("again")).unwrap();
    let again = std::fs::read(dir.path().join("again").join(file)).unwrap();
    assert!(
        again == std::fs::read(&e.gpkg).unwrap(),
        "the GeoPackage differs between builds"
    );
    assert_eq!(&again[68..72], b"GPKG", "application_id");
}

#[test]
fn an_unwritable_geopackage_folder_is_a_clear_error_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // `gis` is a file: no folder can be made there
    std::fs::write(out.join("gis"), "kein Ordner").unwrap();
    let err = export_example(&out).expect_err("the exports cannot be written");
    let message = err.to_string();
    assert!(message.contains("gis"), "{message}");
    let mut left: Vec<PathBuf> = Vec::new();
    for entry in walk(&out) {
        left.push(entry);
    }
    assert!(
        left.iter().all(|p| !p.to_string_lossy().contains(".gpkg")),
        "no GeoPackage, whole or partial: {left:?}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("gis")).unwrap(),
        "kein Ordner"
    );

    // the library writer: an error naming the file, nothing written
    let layer = ruhrmap::export::GeoJsonLayer {
        name: "partners",
        text: String::new(),
        geometry_type: "Point",
        features: 0,
        without_geometry: 0,
        records: vec![],
    };
    let target = out.join("gis").join("bericht.gpkg");
    let err = ruhrmap::export::write_geopackage(
        &target,
        &[ruhrmap::export::GeoPackageLayer {
            layer: &layer,
            style: None,
        }],
    )
    .unwrap_err();
    assert!(err.to_string().contains("gis/bericht.gpkg"), "{err}");
    assert!(
        walk(&out).len() == 1,
        "only the file `gis`: {:?}",
        walk(&out)
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A flow table as rows of cells by column name.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn the_flow_tables_are_consistent_with_the_links() {
    let e = exported();
    let flows_dir = e.out.join("gis/flows");
    let locations = csv_rows(&flows_dir.join("locations.csv"));
    let flows = csv_rows(&flows_dir.join("flows.csv"));
    let by_project = csv_rows(&flows_dir.join("flows-by-project.csv"));
    let ids: BTreeSet<&str> = locations.iter().map(|l| l["id"].as_str()).collect();
    assert_eq!(ids.len(), locations.len(), "location ids are unique");
    for l in &locations {
        let (lat, lon): (f64, f64) = (l["lat"].parse().unwrap(), l["lon"].parse().unwrap());
        assert!(
            (35.0..60.0).contains(&lat) && (-10.0..30.0).contains(&lon),
            "{l:?}"
        );
        assert!(!l["name"].is_empty());
    }
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for f in flows.iter().chain(&by_project) {
        for end in ["origin", "dest"] {
            assert!(
                ids.contains(f[end].as_str()),
                "{end} {} is a location",
                f[end]
            );
            used.insert(f[end].as_str());
        }
    }
    assert_eq!(used, ids, "every location is a flow end");

    // the counts add up to the links with both ends located, per pair and per project
    let links = geojson(&e.out.join("gis/links.geojson"));
    let located: Vec<&Value> = links["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["geometry"].is_null())
        .collect();
    let count = |rows: &[BTreeMap<String, String>]| -> usize {
        rows.iter()
            .map(|r| r["count"].parse::<usize>().unwrap())
            .sum()
    };
    assert_eq!(count(&flows), located.len());
    assert_eq!(count(&by_project), located.len());
    let mut per_project: BTreeMap<String, usize> = BTreeMap::new();
    for f in &located {
        *per_project
            .entry(f["properties"]["project"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let mut flowed: BTreeMap<String, usize> = BTreeMap::new();
    for r in &by_project {
        *flowed.entry(r["project"].clone()).or_default() += r["count"].parse::<usize>().unwrap();
    }
    assert_eq!(flowed, per_project);
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &by_project {
        *pairs
            .entry((r["origin"].clone(), r["dest"].clone()))
            .or_default() += r["count"].parse::<usize>().unwrap();
    }
    let flat: BTreeMap<(String, String), usize> = flows
        .iter()
        .map(|r| {
            (
                (r["origin"].clone(), r["dest"].clone()),
                r["count"].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(pairs, flat);
    // links between municipalities: the AGS of both ends
    let municipal = located
        .iter()
        .filter(|f| {
            f["properties"]["from_ags"] == "05113000" && f["properties"]["to_ags"] == "05913000"
        })
        .count();
    let essen_dortmund = flat
        .get(&("05113000".to_string(), "05913000".to_string()))
        .copied()
        .unwrap_or(0);
    assert_eq!(essen_dortmund, municipal);
}
