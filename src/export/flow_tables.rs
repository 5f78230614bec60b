//! The cooperation links as origin–destination flows, in the two-table
//! layout of flowmap.blue (and the flowmap.gl / kepler.gl flow layers):
//!
//! - `locations.csv`: `id,name,lat,lon`, one row per place a flow starts or
//!   ends: a municipality (id = its AGS, the representative point of the
//!   boundaries) or, for a partner site outside every municipality (abroad),
//!   the site itself (id = `site:<partner id>`);
//! - `flows.csv`: `origin,dest,count`, the links from the coordinator's
//!   municipality to the partner's, counted per pair; a flow within one
//!   municipality has `origin` = `dest` (flowmap.blue shows it as the
//!   place's internal flow);
//! - `flows-by-project.csv`: `origin,dest,count,project`, the same counted
//!   per project as well.
//!
//! A link with an end of unknown location (no site) is in no flow, exactly
//! as it has no geometry in `links.geojson`; the counts of `flows.csv` add
//! up to the links with geometry. Rows are sorted (locations: municipalities
//! in AGS order, then sites in table order; flows by origin, destination,
//! project), coordinates rounded to 7 decimals, names neutralised against
//! spreadsheet formulas: the same data give the same bytes.

use crate::boundaries::MunicipalityId;
use crate::export::geocoded_table::round_coordinate;
use crate::export::stats_tables::neutralize_cell;
use crate::network::AnalysisInputs;
use crate::network::Partner;
use std::collections::BTreeMap;

/// The three flow tables as CSV text (UTF-8, `\n` line ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowTables {
    /// `locations.csv`: `id,name,lat,lon`.
    pub locations: String,
    /// `flows.csv`: `origin,dest,count`.
    pub flows: String,
    /// `flows-by-project.csv`: `origin,dest,count,project`.
    pub flows_by_project: String,
    /// The number of links counted (both ends located).
    pub links: usize,
}

/// A flow end: a municipality (boundaries index) or a partner's own site
/// (partner index), ordered municipalities first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Municipality(MunicipalityId),
    Site(usize),
}

/// The CSV text of `rows` under `header`.
fn csv_text<const N: usize>(header: [&str; N], rows: impl Iterator<Item = [String; N]>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // writing into memory cannot fail
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(&row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The flow tables of the report's links (see the module documentation).
///
/// ```
/// use ruhrmap::export::flow_tables; use ruhrmap::network::AnalysisInputs; use ruhrmap::{Boundaries, Geocoder, Lang, Network, Region, SubregionScheme};
/// let b = Boundaries::embedded();
/// let ruhr = Region::ruhr(b);
/// let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
/// let geocoder = Geocoder::new(b, &ruhr, &zonen);
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
/// let network = Network::load(&dir.join("projects.csv"), &dir.join("partners.csv"), &geocoder).unwrap();
/// let tables = flow_tables(&AnalysisInputs { boundaries: b, region: &ruhr, subregions: &zonen, north_south: None, network: &network, lang: Lang::De });
/// assert!(tables.locations.starts_with("id,name,lat,lon\n"));
/// assert!(tables.flows.starts_with("origin,dest,count\n"));
/// let total: usize = tables.flows.lines().skip(1).map(|l| l.rsplit(',').next().unwrap().parse::<usize>().unwrap()).sum();
/// assert_eq!(total, tables.links);
/// ```
pub fn flow_tables(inputs: &AnalysisInputs) -> FlowTables {
    let network = inputs.network;
    let index_of = |partner: &Partner| -> usize {
        network
            .partners
            .iter()
            .position(|p| std::ptr::eq(p, partner))
            .unwrap_or(usize::MAX)
    };
    let place = |partner: &Partner| -> Option<Place> {
        let site = partner.site.as_ref()?;
        Some(match site.municipality {
            Some(g) => Place::Municipality(g),
            None => Place::Site(index_of(partner)),
        })
    };
    let mut flows: BTreeMap<(Place, Place), usize> = BTreeMap::new();
    let mut by_project: BTreeMap<(Place, Place, &str), usize> = BTreeMap::new();
    let mut links = 0;
    for link in network.links() {
        let (Some(from), Some(to)) = (place(link.from), place(link.to)) else {
            continue;
        };
        links += 1;
        *flows.entry((from, to)).or_default() += 1;
        *by_project
            .entry((from, to, link.project.id.as_str()))
            .or_default() += 1;
    }
    let mut places: Vec<Place> = flows.keys().flat_map(|&(a, b)| [a, b]).collect();
    places.sort_unstable();
    places.dedup();
    let b = inputs.boundaries;
    let id = |p: Place| -> String {
        match p {
            Place::Municipality(g) => b.municipalities()[g].ags.to_string(),
            Place::Site(k) => format!("site:{}", network.partners[k].id),
        }
    };
    let locations = csv_text(
        ["id", "name", "lat", "lon"],
        places.iter().map(|&p| {
            let (name, position) = match p {
                Place::Municipality(g) => (b.municipalities()[g].name.as_str(), b.point(g)),
                Place::Site(k) => {
                    let partner = &network.partners[k];
                    let position = partner.site.map(|s| s.position).unwrap_or_default();
                    (partner.name.as_str(), position)
                }
            };
            [
                id(p),
                neutralize_cell(name).into_owned(),
                round_coordinate(position.y).to_string(),
                round_coordinate(position.x).to_string(),
            ]
        }),
    );
    FlowTables {
        locations,
        flows: csv_text(
            ["origin", "dest", "count"],
            flows
                .iter()
                .map(|(&(a, b), n)| [id(a), id(b), n.to_string()]),
        ),
        flows_by_project: csv_text(
            ["origin", "dest", "count", "project"],
            by_project.iter().map(|(&(a, b, project), n)| {
                [
                    id(a),
                    id(b),
                    n.to_string(),
                    neutralize_cell(project).into_owned(),
                ]
            }),
        ),
        links,
    }
}
