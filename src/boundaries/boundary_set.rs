//! The municipality boundaries ruhrmap works on: the gazetteer, the
//! full-resolution topology (for geocoding) and the simplified topology (for
//! rendering). The BKG VG250 set in `boundaries/` is embedded in the binary.

use crate::boundaries::ags::Ags;

use crate::boundaries::municipality::{Municipality, MunicipalityId};

use crate::boundaries::topology::{DecodedTopology, Topology, TopologyError};
use geo_types::{Coord, MultiPolygon, Rect};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const EMBEDDED_GAZETTEER: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boundaries/gazetteer.csv"
));
// the TopoJSON files of boundaries/, converted to the compact binary form by build.rs
const EMBEDDED_FULL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gemeinden.bin"));
const EMBEDDED_RENDER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gemeinden-render.bin"));
const EMBEDDED_POSTCODES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boundaries/postcodes.csv"
));

/// File names inside a boundaries folder.
pub(crate) const GAZETTEER_FILE: &str = "gazetteer.csv";
pub(crate) const FULL_FILE: &str = "gemeinden.topo.json";
pub(crate) const RENDER_FILE: &str = "gemeinden-render.topo.json";
pub(crate) const POSTCODES_FILE: &str = "postcodes.csv";

/// Why a boundaries folder could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum BoundaryError {
    /// A file of the folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A gazetteer row is malformed.
    #[error("{path}, line {line}: {message}")]
    Gazetteer {
        /// The gazetteer file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What was wrong.
        message: String,
    },
    /// A topology file is malformed.
    #[error("{path}: {source}")]
    Topology {
        /// The topology file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: TopologyError,
    },
    /// Gazetteer and topology disagree.
    #[error("{path}: {message}")]
    Mismatch {
        /// The topology file.
        path: PathBuf,
        /// What disagrees.
        message: String,
    },
}

/// All municipalities with their geometry.
///
/// Municipality `i` of [`Boundaries::municipalities`] is geometry `i` of both
/// topologies; the list is sorted by AGS.
///
/// ```
/// let b = ruhrmap::Boundaries::embedded();
/// assert!(b.municipalities().len() > 11_000);
/// let essen = b.index_of("05113000".parse().unwrap()).unwrap();
/// assert_eq!(b.municipalities()[essen].name, "Essen");
/// ```
pub struct Boundaries {
    municipalities: Vec<Municipality>,
    full_source: Source,
    full: OnceLock<Result<Topology, String>>,
    /// Per municipality, the lon/lat box of its full-resolution geometry.
    full_bounds: OnceLock<Vec<Option<Rect<f64>>>>,
    render: Topology,
    postcodes: Vec<(String, Vec<MunicipalityId>)>,
}

/// Where the full-resolution topology comes from.
enum Source {
    /// Binary form embedded in the executable, decoded on first use.
    Embedded(&'static [u8]),
    /// Already decoded (and checked) when the folder was loaded.
    Loaded,
}

/// The attribution every figure and export carries.
pub const ATTRIBUTION: &str = "© GeoBasis-DE / BKG (2017)";

impl Boundaries {
    /// The boundaries embedded in the binary (BKG VG250, 2017), loaded once.
    pub fn embedded() -> &'static Boundaries {
        static EMBEDDED: OnceLock<Boundaries> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            let at = PathBuf::from("<embedded>/boundaries");
            let DecodedTopology {
                topology: render,
                ids,
            } = Topology::from_binary(EMBEDDED_RENDER)
                .expect("the embedded boundaries are checked by the test suite");
            Boundaries::from_parts(
                &at,
                EMBEDDED_GAZETTEER,
                render,
                &ids,
                Source::Embedded(EMBEDDED_FULL),
                EMBEDDED_POSTCODES,
            )
            .expect("the embedded boundaries are checked by the test suite")
        })
    }

    /// Loads a boundaries folder written by `ruhrmap boundaries import`.
    pub fn from_dir(dir: &Path) -> Result<Boundaries, BoundaryError> {
        let read = |name: &str| -> Result<String, BoundaryError> {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|source| BoundaryError::Io { path, source })
        };
        let gazetteer = read(GAZETTEER_FILE)?;
        let render = read(RENDER_FILE)?;
        let postcodes = match std::fs::read_to_string(dir.join(POSTCODES_FILE)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => {
                return Err(BoundaryError::Io {
                    path: dir.join(POSTCODES_FILE),
                    source,
                });
            }
        };
        let render_path = dir.join(RENDER_FILE);
        let (render_topo, meta) =
            Topology::from_topojson(&render, None).map_err(|source| BoundaryError::Topology {
                path: render_path,
                source,
            })?;
        let ids: Vec<String> = meta.into_iter().map(|(id, _)| id).collect();
        let boundaries = Boundaries::from_parts(
            dir,
            &gazetteer,
            render_topo,
            &ids,
            Source::Loaded,
            &postcodes,
        )?;
        // the full topology is parsed now, so a broken file is an error here and not later
        let full_path = dir.join(FULL_FILE);
        let text = read(FULL_FILE)?;
        let (full, meta) =
            Topology::from_topojson(&text, None).map_err(|source| BoundaryError::Topology {
                path: full_path.clone(),
                source,
            })?;
        let ids: Vec<String> = meta.into_iter().map(|(id, _)| id).collect();
        check_ids(&full_path, &boundaries.municipalities, &ids)?;
        let _ = boundaries.full.set(Ok(full));
        Ok(boundaries)
    }

    fn from_parts(
        dir: &Path,
        gazetteer: &str,
        render: Topology,
        render_ids: &[String],
        full: Source,
        postcodes: &str,
    ) -> Result<Boundaries, BoundaryError> {
        let gaz_path = dir.join(GAZETTEER_FILE);
        let municipalities = parse_gazetteer(&gaz_path, gazetteer)?;
        check_ids(&dir.join(RENDER_FILE), &municipalities, render_ids)?;
        let mut index: Vec<(String, Vec<MunicipalityId>)> = Vec::new();
        let lookup = |ags: Ags| {
            municipalities
                .binary_search_by_key(&ags, |m| m.ags)
                .ok()
                .map(MunicipalityId::new)
        };
        for (k, line) in postcodes.lines().enumerate().skip(1) {
            let mut parts = line.split(',');
            let (Some(plz), Some(list)) = (parts.next(), parts.next()) else {
                continue;
            };
            let members: Vec<MunicipalityId> = list
                .split(' ')
                .filter_map(|a| a.parse::<Ags>().ok())
                .filter_map(lookup)
                .collect();
            if plz.len() != 5 || members.is_empty() {
                return Err(BoundaryError::Gazetteer {
                    path: dir.join(POSTCODES_FILE),
                    line: k as u64 + 1,
                    message: format!("expected `PLZ,AGS AGS…`, found {line:?}"),
                });
            }
            index.push((plz.to_string(), members));
        }
        index.sort();
        Ok(Boundaries {
            municipalities,
            full_source: full,
            full: OnceLock::new(),
            full_bounds: OnceLock::new(),
            render,
            postcodes: index,
        })
    }

    /// All municipalities, sorted by AGS.
    pub fn municipalities(&self) -> &[Municipality] {
        &self.municipalities
    }

    /// The id (position in [`Boundaries::municipalities`]) of the municipality with this AGS.
    pub fn index_of(&self, ags: Ags) -> Option<MunicipalityId> {
        self.municipalities
            .binary_search_by_key(&ags, |m| m.ags)
            .ok()
            .map(MunicipalityId::new)
    }

    /// The municipality an id names.
    ///
    /// ```
    /// let b = ruhrmap::Boundaries::embedded();
    /// let hagen = b.index_of("05914000".parse().unwrap()).unwrap();
    /// assert_eq!(b.municipality(hagen).name, "Hagen");
    /// ```
    pub fn municipality(&self, id: MunicipalityId) -> &Municipality {
        &self.municipalities[id]
    }

    /// The municipality with this AGS.
    ///
    /// ```
    /// let b = ruhrmap::Boundaries::embedded();
    /// assert_eq!(b.by_ags("05914000".parse().unwrap()).unwrap().name, "Hagen");
    /// ```
    pub fn by_ags(&self, ags: Ags) -> Option<&Municipality> {
        self.index_of(ags).map(|id| &self.municipalities[id])
    }

    /// The municipalities whose territory a postcode covers (from the shipped
    /// postcode table), by index; empty for an unknown postcode.
    ///
    /// ```
    /// let b = ruhrmap::Boundaries::embedded();
    /// let bochum = b.index_of("05911000".parse().unwrap()).unwrap();
    /// assert_eq!(b.postcode_municipalities("44801"), &[bochum]);
    /// ```
    pub fn postcode_municipalities(&self, postcode: &str) -> &[MunicipalityId] {
        match self
            .postcodes
            .binary_search_by(|(p, _)| p.as_str().cmp(postcode))
        {
            Ok(i) => &self.postcodes[i].1,
            Err(_) => &[],
        }
    }

    /// The full-resolution topology (VG250 land parts, quantised to 1e-7°).
    /// Parsed on first use.
    pub fn full_topology(&self) -> &Topology {
        let loaded = self.full.get_or_init(|| {
            let Source::Embedded(bytes) = &self.full_source else {
                return Err("the topology was not loaded with its folder".to_string());
            };
            let DecodedTopology {
                topology: topo,
                ids,
            } = Topology::from_binary(bytes).map_err(|e| e.to_string())?;
            check_ids(Path::new(FULL_FILE), &self.municipalities, &ids)
                .map_err(|e| e.to_string())?;
            Ok(topo)
        });
        match loaded {
            Ok(topo) => topo,
            // from_dir decodes and checks the full topology before returning, and the
            // embedded one is checked by the test suite: this is a broken build
            Err(message) => panic!("full-resolution topology unreadable: {message}"),
        }
    }

    /// The lon/lat bounding box of each municipality's full-resolution
    /// geometry, by index ([`Topology::geometry_bounds`]); found on first use.
    ///
    /// ```
    /// use geo_types::Coord;
    /// let b = ruhrmap::Boundaries::embedded();
    /// let essen = b.index_of("05113000".parse().unwrap()).unwrap();
    /// let bounds = b.full_bounds()[essen.index()].unwrap();
    /// assert!(bounds.min().x < 7.0117 && bounds.max().x > 7.0117);
    /// assert!(bounds.min().y < 51.4513 && bounds.max().y > 51.4513);
    /// ```
    pub fn full_bounds(&self) -> &[Option<Rect<f64>>] {
        self.full_bounds
            .get_or_init(|| self.full_topology().geometry_bounds())
    }

    /// The simplified topology for figures (shared borders kept shared).
    pub fn render_topology(&self) -> &Topology {
        &self.render
    }

    /// A municipality's polygons at full resolution (lon/lat).
    pub fn geometry(&self, id: MunicipalityId) -> MultiPolygon<f64> {
        self.full_topology().multipolygon(id.index())
    }

    /// A municipality's polygons, simplified for rendering (lon/lat).
    pub fn render_geometry(&self, id: MunicipalityId) -> MultiPolygon<f64> {
        self.render.multipolygon(id.index())
    }

    /// A municipality's representative point.
    pub fn point(&self, id: MunicipalityId) -> Coord<f64> {
        self.municipalities[id].point
    }
}

fn check_ids(
    path: &Path,
    municipalities: &[Municipality],
    ids: &[String],
) -> Result<(), BoundaryError> {
    if ids.len() != municipalities.len() {
        return Err(BoundaryError::Mismatch {
            path: path.to_path_buf(),
            message: format!(
                "{} geometries for {} gazetteer rows",
                ids.len(),
                municipalities.len()
            ),
        });
    }
    for (m, id) in municipalities.iter().zip(ids) {
        if *id != m.ags.to_string() {
            return Err(BoundaryError::Mismatch {
                path: path.to_path_buf(),
                message: format!("geometry id {id} where the gazetteer has {}", m.ags),
            });
        }
    }
    Ok(())
}

/// Gazetteer columns, in order.
pub(crate) const GAZETTEER_HEADER: [&str; 8] = [
    "ags", "name", "kind", "district", "state", "lon", "lat", "area_km2",
];

fn parse_gazetteer(path: &Path, text: &str) -> Result<Vec<Municipality>, BoundaryError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let err = |line: u64, message: String| BoundaryError::Gazetteer {
        path: path.to_path_buf(),
        line,
        message,
    };
    let headers = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
    if headers.iter().collect::<Vec<_>>() != GAZETTEER_HEADER {
        return Err(err(
            1,
            format!("expected the header {}", GAZETTEER_HEADER.join(",")),
        ));
    }
    let mut out: Vec<Municipality> = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| err(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let num = |k: usize| -> Result<f64, BoundaryError> {
            record[k].parse::<f64>().map_err(|_| {
                err(
                    line,
                    format!(
                        "column {}: expected a number, found {:?}",
                        GAZETTEER_HEADER[k], &record[k]
                    ),
                )
            })
        };
        let ags: Ags = record[0]
            .parse()
            .map_err(|e: crate::boundaries::ags::AgsError| err(line, e.to_string()))?;
        if let Some(last) = out.last()
            && last.ags >= ags
        {
            return Err(err(
                line,
                format!("AGS {ags} is out of order (the gazetteer is sorted by AGS)"),
            ));
        }
        out.push(Municipality {
            ags,
            name: record[1].to_string(),
            kind: record[2].to_string(),
            district: record[3].to_string(),
            state: record[4].to_string(),
            point: Coord {
                x: num(5)?,
                y: num(6)?,
            },
            area_km2: num(7)?,
        });
    }
    Ok(out)
}
