//! The GIS exports of a report: three GeoJSON layers (RFC 7946: WGS84,
//! longitude before latitude, exterior rings counter-clockwise) for analysts
//! who continue in QGIS or ArcGIS.
//!
//! - `partners`: one point per partner row, with project, role, actor type,
//!   AGS, municipality, Kreis, country and town (`DE` and the municipality in
//!   Germany; abroad the country and the nearest town), sub-region, where it
//!   lies relative to the region and the geocoding provenance (`match`);
//! - `links`: one line per cooperation link, from the coordinator to the
//!   partner, with project and role;
//! - `municipalities`: the region's municipalities and every other
//!   municipality holding a partner or a project seat, as MultiPolygons at
//!   the *full* resolution of the boundaries (VG250, quantised to 1e-7°) by
//!   default or, on request, the simplified render topology of the figures;
//!   with counts per role and per project and their sub-region.
//!
//! Rows are never dropped: a partner without known location is a feature
//! with `null` geometry, and so is a link with an end of unknown location.
//! Coordinates are rounded to 7 decimals (about 1 cm); features follow the
//! order of the tables (municipalities: AGS order) and properties a fixed
//! order, one feature per line, so that two exports of the same data are
//! byte-identical and diff well. Names are written exactly as they were
//! read. The collection carries the layer `name` and the boundaries'
//! `attribution` as foreign members.

use crate::boundaries::MunicipalityId;
use crate::export::change_tables::ChangeInputs;
use crate::export::geocoded_table::round_coordinate;
use crate::network::AnalysisInputs;
use crate::network::{Change, LinkIndex, Partner, Role, Site};
use geo::orient::{Direction, Orient};
use geo::{Distance, Geodesic};
use geo_types::{Coord, MultiPolygon, Point};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Which boundaries the municipality layer carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MunicipalityGeometry {
    /// Full resolution (VG250 land parts), for analysis.
    #[default]
    Full,
    /// The simplified render topology the figures use, for light files.
    Render,
}

impl MunicipalityGeometry {
    /// `full` or `render`.
    pub fn as_str(self) -> &'static str {
        match self {
            MunicipalityGeometry::Full => "full",
            MunicipalityGeometry::Render => "render",
        }
    }
}

/// One exported layer.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoJsonLayer {
    /// Layer name and file stem: `partners`, `links` or `municipalities`.
    pub name: &'static str,
    /// The GeoJSON text.
    pub text: String,
    /// The geometry type of every non-null geometry.
    pub geometry_type: &'static str,
    /// Number of features.
    pub features: usize,
    /// Number of features with null geometry (unknown location).
    pub without_geometry: usize,
    /// The features as JSON values (`properties`, `geometry`), in the order
    /// of the text: what the GeoPackage is written from.
    pub records: Vec<Value>,
}

/// The names of the layers, in export order.
pub const EXPORT_LAYERS: [&str; 3] = ["partners", "links", "municipalities"];

fn position(c: Coord<f64>) -> Value {
    json!([round_coordinate(c.x), round_coordinate(c.y)])
}

fn opt_str(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |s| Value::String(s.to_string()))
}

fn collection(
    name: &'static str,
    geometry_type: &'static str,
    features: Vec<Value>,
) -> GeoJsonLayer {
    let without_geometry = features.iter().filter(|f| f["geometry"].is_null()).count();
    let count = features.len();
    let mut text = format!(
        "{{\"type\":\"FeatureCollection\",\"name\":{},\"attribution\":{},\"features\":[",
        Value::from(name),
        Value::from(crate::boundaries::ATTRIBUTION)
    );
    for (k, feature) in features.iter().enumerate() {
        text.push_str(if k == 0 { "\n" } else { ",\n" });
        text.push_str(&feature.to_string());
    }
    text.push_str("\n]}\n");
    GeoJsonLayer {
        name,
        text,
        geometry_type,
        features: count,
        without_geometry,
        records: features,
    }
}

fn feature(properties: Map<String, Value>, geometry: Value) -> Value {
    let mut f = Map::new();
    f.insert("type".into(), "Feature".into());
    f.insert("properties".into(), Value::Object(properties));
    f.insert("geometry".into(), geometry);
    Value::Object(f)
}

/// The provenance of a partner's site: how it was matched, `unresolved` if a
/// place was given but not found, `null` if none was given.
fn match_of(inputs: &AnalysisInputs, partner: &Partner) -> Value {
    match &partner.site {
        Some(site) => site.match_kind.as_str().into(),
        None if inputs
            .network
            .unresolved
            .iter()
            .any(|u| u.partner.as_deref() == Some(partner.id.as_str())) =>
        {
            crate::geocode::MatchKind::Unresolved.as_str().into()
        }
        None => Value::Null,
    }
}

/// The partners layer: one Point per partner row, in table order.
///
/// ```
/// use ruhrmap::export::partners_layer; use ruhrmap::network::AnalysisInputs; use ruhrmap::{Boundaries, Geocoder, Lang, Network, Region, SubregionScheme};
/// let b = Boundaries::embedded();
/// let ruhr = Region::ruhr(b);
/// let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
/// let geocoder = Geocoder::new(b, &ruhr, &zonen);
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
/// let network = Network::load(&dir.join("projects.csv"), &dir.join("partners.csv"), &geocoder).unwrap();
/// let layer = partners_layer(&AnalysisInputs {
///     boundaries: b, region: &ruhr, subregions: &zonen, north_south: None, network: &network, lang: Lang::De,
/// });
/// assert_eq!(layer.features, network.partners.len());
/// let json: serde_json::Value = serde_json::from_str(&layer.text).unwrap();
/// assert_eq!(json["features"][0]["properties"]["name"], network.partners[0].name.as_str());
/// assert_eq!(json["features"][0]["geometry"]["type"], "Point");
/// ```
pub fn partners_layer(inputs: &AnalysisInputs) -> GeoJsonLayer {
    let features = inputs
        .network
        .partners
        .iter()
        .map(|p| feature(partner_properties(inputs, p), site_point(p)))
        .collect();
    collection("partners", "Point", features)
}

/// The properties of one partner feature, in their fixed order.
fn partner_properties(inputs: &AnalysisInputs, p: &Partner) -> Map<String, Value> {
    let lang = inputs.lang;
    let site = p.site.as_ref();
    let municipality = inputs.municipality(site);
    let subregion = inputs.subregion(site);
    let location = inputs.location(site);
    let mut props = Map::new();
    props.insert("id".into(), p.id.as_str().into());
    props.insert("project".into(), p.project.as_str().into());
    props.insert("name".into(), p.name.as_str().into());
    props.insert("role".into(), p.role.as_str().into());
    props.insert("role_id".into(), p.role_id.as_str().into());
    let roles = &inputs.network.categories;
    props.insert(
        "role_label".into(),
        roles.role_label_of(&p.role_id, lang).into(),
    );
    let actor_types = &inputs.network.categories.actor_types;
    props.insert("actor_type".into(), p.actor_type.as_str().into());
    props.insert(
        "actor_type_label".into(),
        actor_types.label(&p.actor_type, lang).into(),
    );
    props.insert("ags".into(), ags_of(inputs, site));
    props.insert(
        "municipality".into(),
        opt_str(municipality.map(|m| m.name.as_str())),
    );
    props.insert(
        "kreis".into(),
        opt_str(municipality.map(|m| m.district.as_str())),
    );
    let (country, town) = inputs.country_and_town(site);
    props.insert("country".into(), opt_str(country.as_deref()));
    props.insert("town".into(), opt_str(town.as_deref()));
    props.insert("in_region".into(), location.in_region().into());
    props.insert("location".into(), location.id().into());
    props.insert(
        "subregion".into(),
        opt_str(subregion.map(|s| s.id.as_str())),
    );
    props.insert(
        "subregion_label".into(),
        opt_str(subregion.map(|s| s.label(lang))),
    );
    props.insert("match".into(), match_of(inputs, p));
    props.insert("source_line".into(), p.line.into());
    props
}

/// The AGS of the municipality a site lies in, or `null`.
fn ags_of(inputs: &AnalysisInputs, site: Option<&Site>) -> Value {
    inputs
        .municipality(site)
        .map_or(Value::Null, |m| m.ags.to_string().into())
}

/// A partner's site as a GeoJSON Point, `null` without one.
fn site_point(p: &Partner) -> Value {
    p.site.map_or(
        Value::Null,
        |s| json!({"type": "Point", "coordinates": position(s.position)}),
    )
}

/// The links layer: one LineString per cooperation link, from the
/// coordinator to the partner, in the order of [`crate::network::Network::links`].
pub fn links_layer(inputs: &AnalysisInputs) -> GeoJsonLayer {
    let features = inputs
        .network
        .links()
        .map(|link| link_feature(inputs, &link.project.id, link.from, link.to))
        .collect();
    collection("links", "LineString", features)
}

/// One link feature: from the coordinator `from` to the partner `to` of `project`.
fn link_feature(inputs: &AnalysisInputs, project: &str, from: &Partner, to: &Partner) -> Value {
    let lang = inputs.lang;
    let role = to.role;
    let from_site = from.site.as_ref();
    let to_site = to.site.as_ref();
    let to_municipality = inputs.municipality(to_site);
    let to_subregion = inputs.subregion(to_site);
    let location = inputs.location(to_site);
    let mut props = Map::new();
    props.insert("project".into(), project.into());
    props.insert("role".into(), role.as_str().into());
    props.insert("role_id".into(), to.role_id.as_str().into());
    let roles = &inputs.network.categories;
    props.insert(
        "role_label".into(),
        roles.role_label_of(&to.role_id, lang).into(),
    );
    props.insert("from_id".into(), from.id.as_str().into());
    props.insert("from_name".into(), from.name.as_str().into());
    props.insert("from_ags".into(), ags_of(inputs, from_site));
    props.insert("to_id".into(), to.id.as_str().into());
    props.insert("to_name".into(), to.name.as_str().into());
    props.insert("to_actor_type".into(), to.actor_type.as_str().into());
    props.insert("to_ags".into(), ags_of(inputs, to_site));
    props.insert(
        "to_municipality".into(),
        opt_str(to_municipality.map(|m| m.name.as_str())),
    );
    let (country, town) = inputs.country_and_town(to_site);
    props.insert("to_country".into(), opt_str(country.as_deref()));
    props.insert("to_town".into(), opt_str(town.as_deref()));
    props.insert("to_location".into(), location.id().into());
    props.insert(
        "to_subregion".into(),
        opt_str(to_subregion.map(|s| s.id.as_str())),
    );
    let (geometry, length) = match (from_site, to_site) {
        (Some(a), Some(b)) => {
            let km = Geodesic.distance(Point(a.position), Point(b.position)) / 1000.0;
            (
                json!({"type": "LineString", "coordinates": [position(a.position), position(b.position)]}),
                Value::from((km * 10.0).round() / 10.0),
            )
        }
        _ => (Value::Null, Value::Null),
    };
    props.insert("length_km".into(), length);
    feature(props, geometry)
}

/// The partners layer of a final evaluation: every partner row of either
/// state exactly once, in the order of [`NetworkChange::partners`] (the
/// current partners in table order, then the ended ones), with the
/// properties of [`partners_layer`] and `change` (`new`, `continued`,
/// `moved`, `ended`), `change_label`, `matched_by` (`id`, `name`,
/// `name_municipality`, or `null`) and `baseline_id`. Moved partners carry
/// their baseline place in `baseline_ags`, `baseline_municipality`,
/// `baseline_lon` and `baseline_lat` (`null` for every other status). An
/// ended partner is a feature at its baseline location, with the baseline's
/// properties.
///
/// [`NetworkChange::partners`]: crate::network::NetworkChange
pub fn change_partners_layer(inputs: &ChangeInputs) -> GeoJsonLayer {
    let lang = inputs.now.lang;
    let (base, now) = (inputs.baseline.network, inputs.now.network);
    let mut features = Vec::with_capacity(inputs.change.partners.len());
    for entry in &inputs.change.partners {
        let earlier = entry.baseline.map(|k| &base.partners[k]);
        let (state, partner) = match (entry.now, earlier) {
            (Some(k), _) => (&inputs.now, &now.partners[k]),
            (None, Some(p)) => (&inputs.baseline, p),
            (None, None) => continue, // no such entry: every one has a side
        };
        let mut props = partner_properties(state, partner);
        props.insert("change".into(), entry.change.as_str().into());
        props.insert("change_label".into(), entry.change.label(lang).into());
        props.insert(
            "matched_by".into(),
            opt_str(entry.matched_by.map(|m| m.as_str())),
        );
        props.insert(
            "baseline_id".into(),
            opt_str(earlier.map(|p| p.id.as_str())),
        );
        let moved_from = earlier
            .filter(|_| entry.change == Change::Moved)
            .and_then(|p| p.site.as_ref());
        let municipality = inputs.baseline.municipality(moved_from);
        props.insert("baseline_ags".into(), ags_of(&inputs.baseline, moved_from));
        props.insert(
            "baseline_municipality".into(),
            opt_str(municipality.map(|m| m.name.as_str())),
        );
        let coordinate = |f: fn(Coord<f64>) -> f64| {
            moved_from.map_or(Value::Null, |s| round_coordinate(f(s.position)).into())
        };
        props.insert("baseline_lon".into(), coordinate(|c| c.x));
        props.insert("baseline_lat".into(), coordinate(|c| c.y));
        features.push(feature(props, site_point(partner)));
    }
    collection("partners", "Point", features)
}

/// The links layer of a final evaluation: every link of either state
/// exactly once (current links in link order, then the ended ones at their
/// baseline ends), with the properties of [`links_layer`] and `change`,
/// `change_label`.
pub fn change_links_layer(inputs: &ChangeInputs) -> GeoJsonLayer {
    let lang = inputs.now.lang;
    let mut features = Vec::with_capacity(inputs.change.links.len());
    for link in &inputs.change.links {
        let (state, LinkIndex { from, to, .. }) = match (link.now, link.baseline) {
            (Some(ends), _) => (&inputs.now, ends),
            (None, Some(ends)) => (&inputs.baseline, ends),
            (None, None) => continue, // no such entry: every one has a side
        };
        let partners = &state.network.partners;
        let mut f = link_feature(state, &link.project, &partners[from], &partners[to]);
        if let Some(props) = f["properties"].as_object_mut() {
            props.insert("change".into(), link.change.as_str().into());
            props.insert("change_label".into(), link.change.label(lang).into());
        }
        features.push(f);
    }
    collection("links", "LineString", features)
}

/// Counts per municipality (boundaries index).
#[derive(Default)]
struct MunicipalityCounts {
    roles: [usize; 3],
    links: usize,
    seats: usize,
    per_project: BTreeMap<usize, usize>,
}

/// The municipalities layer: every member of the region and every other
/// municipality with a partner or a project seat, in AGS order, as
/// MultiPolygons with counts per role (`coordinators`, `core`, `loose`),
/// links ending there, project seats, and partners per network project
/// (`partners_<project id>`, in table order).
pub fn municipalities_layer(
    inputs: &AnalysisInputs,
    geometry: MunicipalityGeometry,
) -> GeoJsonLayer {
    let lang = inputs.lang;
    let b = inputs.boundaries;
    let network = inputs.network;
    let projects: Vec<&str> = network.network_projects().map(|p| p.id.as_str()).collect();
    let mut counts: BTreeMap<MunicipalityId, MunicipalityCounts> = inputs
        .region
        .members()
        .iter()
        .filter_map(|&ags| b.index_of(ags))
        .map(|i| (i, MunicipalityCounts::default()))
        .collect();
    for p in &network.partners {
        if let Some(g) = p.site.and_then(|s| s.municipality) {
            let c = counts.entry(g).or_default();
            c.roles[match p.role {
                Role::Coordinator => 0,
                Role::Core => 1,
                Role::Loose => 2,
            }] += 1;
            if let Some(k) = projects.iter().position(|id| *id == p.project) {
                *c.per_project.entry(k).or_default() += 1;
            }
        }
    }
    for link in network.links() {
        if let Some(g) = link.to.site.and_then(|s| s.municipality) {
            counts.entry(g).or_default().links += 1;
        }
    }
    for project in &network.projects {
        if let Some(g) = project.seat.and_then(|s| s.municipality) {
            counts.entry(g).or_default().seats += 1;
        }
    }
    let features = counts
        .iter()
        .map(|(&g, c)| {
            let m = &b.municipalities()[g];
            let in_region = inputs.region.contains(m.ags);
            let subregion = inputs.subregions.of(m.ags);
            let location = if in_region {
                match inputs.north_south.and_then(|ns| ns.of(m.ags)) {
                    Some(class) if class.id == crate::network::NORTH_CLASS => "region-north",
                    Some(_) => "region-rest",
                    None => "region",
                }
            } else {
                "outside-region"
            };
            let mut props = Map::new();
            props.insert("ags".into(), m.ags.to_string().into());
            props.insert("name".into(), m.name.as_str().into());
            props.insert("kreis".into(), m.district.as_str().into());
            props.insert("land".into(), m.state.as_str().into());
            props.insert("in_region".into(), in_region.into());
            props.insert("location".into(), location.into());
            props.insert(
                "subregion".into(),
                opt_str(subregion.map(|s| s.id.as_str())),
            );
            props.insert(
                "subregion_label".into(),
                opt_str(subregion.map(|s| s.label(lang))),
            );
            props.insert(
                "subregion_fill".into(),
                opt_str(subregion.map(|s| s.fill.as_str())),
            );
            props.insert("partners".into(), c.roles.iter().sum::<usize>().into());
            props.insert("coordinators".into(), c.roles[0].into());
            props.insert("core".into(), c.roles[1].into());
            props.insert("loose".into(), c.roles[2].into());
            props.insert("links".into(), c.links.into());
            props.insert("project_seats".into(), c.seats.into());
            for (k, id) in projects.iter().enumerate() {
                props.insert(
                    format!("partners_{id}"),
                    c.per_project.get(&k).copied().unwrap_or(0).into(),
                );
            }
            let shape = match geometry {
                MunicipalityGeometry::Full => b.geometry(g),
                MunicipalityGeometry::Render => b.render_geometry(g),
            };
            feature(props, multipolygon(shape))
        })
        .collect();
    collection("municipalities", "MultiPolygon", features)
}

/// The sub-regions layer: one MultiPolygon per class of the report's
/// sub-region scheme, the union of its municipalities (dissolved along the
/// shared borders of the full or render topology), with its id, label and
/// fill, the number of its municipalities and the sums of the counts of
/// `municipalities` (the municipalities layer) over them.
///
/// ```
/// use ruhrmap::export::{municipalities_layer, subregions_layer, MunicipalityGeometry}; use ruhrmap::network::AnalysisInputs; use ruhrmap::{Boundaries, Geocoder, Lang, Network, Region, SubregionScheme};
/// let b = Boundaries::embedded();
/// let ruhr = Region::ruhr(b);
/// let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
/// let geocoder = Geocoder::new(b, &ruhr, &zonen);
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
/// let network = Network::load(&dir.join("projects.csv"), &dir.join("partners.csv"), &geocoder).unwrap();
/// let inputs = AnalysisInputs { boundaries: b, region: &ruhr, subregions: &zonen, north_south: None, network: &network, lang: Lang::De };
/// let municipalities = municipalities_layer(&inputs, MunicipalityGeometry::Render);
/// let layer = subregions_layer(&inputs, MunicipalityGeometry::Render, &municipalities);
/// assert_eq!(layer.features, zonen.classes().len());
/// assert_eq!(layer.records[0]["geometry"]["type"], "MultiPolygon");
/// ```
pub fn subregions_layer(
    inputs: &AnalysisInputs,
    geometry: MunicipalityGeometry,
    municipalities: &GeoJsonLayer,
) -> GeoJsonLayer {
    const SUMMED: [&str; 6] = [
        "partners",
        "coordinators",
        "core",
        "loose",
        "links",
        "project_seats",
    ];
    let b = inputs.boundaries;
    let topology = match geometry {
        MunicipalityGeometry::Full => b.full_topology(),
        MunicipalityGeometry::Render => b.render_topology(),
    };
    let features = inputs
        .subregions
        .classes()
        .iter()
        .map(|class| {
            let members: Vec<MunicipalityId> = inputs
                .subregions
                .members_of(&class.id)
                .filter_map(|ags| b.index_of(ags))
                .collect();
            let mut props = Map::new();
            props.insert("subregion".into(), class.id.as_str().into());
            props.insert("subregion_label".into(), class.label(inputs.lang).into());
            props.insert("subregion_fill".into(), class.fill.as_str().into());
            props.insert("municipalities".into(), members.len().into());
            for key in SUMMED {
                let sum: u64 = municipalities
                    .records
                    .iter()
                    .filter(|f| f["properties"]["subregion"] == class.id.as_str())
                    .filter_map(|f| f["properties"][key].as_u64())
                    .sum();
                props.insert(key.into(), sum.into());
            }
            let shape = if members.is_empty() {
                Value::Null
            } else {
                let members: Vec<usize> = members.iter().map(|g| g.index()).collect();
                multipolygon(topology.dissolve(&members))
            };
            feature(props, shape)
        })
        .collect();
    collection("subregions", "MultiPolygon", features)
}

/// A MultiPolygon as RFC 7946 wants it: exterior rings counter-clockwise,
/// holes clockwise, coordinates rounded; rings that rounding leaves with
/// repeated consecutive positions keep only one of each.
fn multipolygon(shape: MultiPolygon<f64>) -> Value {
    let oriented = shape.orient(Direction::Default);
    let ring = |line: &geo_types::LineString<f64>| -> Value {
        let mut out: Vec<Value> = Vec::with_capacity(line.0.len());
        let mut last: Option<(f64, f64)> = None;
        for c in &line.0 {
            let p = (round_coordinate(c.x), round_coordinate(c.y));
            if last != Some(p) {
                out.push(json!([p.0, p.1]));
                last = Some(p);
            }
        }
        Value::Array(out)
    };
    let polygons: Vec<Value> = oriented
        .0
        .iter()
        .map(|poly| {
            let mut rings = vec![ring(poly.exterior())];
            rings.extend(poly.interiors().iter().map(ring));
            Value::Array(rings)
        })
        .collect();
    json!({"type": "MultiPolygon", "coordinates": polygons})
}

/// All three layers, in [`EXPORT_LAYERS`] order.
pub fn export_layers(inputs: &AnalysisInputs, geometry: MunicipalityGeometry) -> Vec<GeoJsonLayer> {
    vec![
        partners_layer(inputs),
        links_layer(inputs),
        municipalities_layer(inputs, geometry),
    ]
}

/// All three layers of a final evaluation, in [`EXPORT_LAYERS`] order: the
/// partners and links of both states with their change
/// ([`change_partners_layer`], [`change_links_layer`]) and the current
/// state's municipalities.
pub fn export_change_layers(
    inputs: &ChangeInputs,
    geometry: MunicipalityGeometry,
) -> Vec<GeoJsonLayer> {
    vec![
        change_partners_layer(inputs),
        change_links_layer(inputs),
        municipalities_layer(&inputs.now, geometry),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::{Boundaries, Region, SubregionScheme};
    use crate::geocode::Geocoder;
    use crate::network::Network;
    use crate::text::Lang;
    use geo::{Area, Contains};
    use std::path::Path;

    fn with_example(test: impl FnOnce(&AnalysisInputs)) {
        let b = Boundaries::embedded();
        let region = Region::ruhr(b);
        let zonen = SubregionScheme::preset("zonen", &region, b).unwrap();
        let north_south = SubregionScheme::preset("nord-sued", &region, b).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
        let geocoder = Geocoder::new(b, &region, &zonen);
        let network = Network::load(
            &dir.join("projects.csv"),
            &dir.join("partners.csv"),
            &geocoder,
        )
        .unwrap();
        test(&AnalysisInputs {
            boundaries: b,
            region: &region,
            subregions: &zonen,
            north_south: Some(&north_south),
            network: &network,
            lang: Lang::De,
        });
    }

    fn parse(layer: &GeoJsonLayer) -> Value {
        serde_json::from_str(&layer.text).unwrap()
    }

    #[test]
    fn every_partner_and_link_is_a_feature_and_names_come_back_exactly() {
        with_example(|inputs| {
            let partners = parse(&partners_layer(inputs));
            let features = partners["features"].as_array().unwrap();
            assert_eq!(features.len(), inputs.network.partners.len());
            for (f, p) in features.iter().zip(&inputs.network.partners) {
                assert_eq!(f["properties"]["name"].as_str().unwrap(), p.name);
                assert_eq!(f["properties"]["id"].as_str().unwrap(), p.id);
                assert_eq!(f["geometry"].is_null(), p.site.is_none());
            }
            let links = parse(&links_layer(inputs));
            assert_eq!(
                links["features"].as_array().unwrap().len(),
                inputs.network.links().count()
            );
            for f in links["features"].as_array().unwrap() {
                if !f["geometry"].is_null() {
                    assert_eq!(f["geometry"]["coordinates"].as_array().unwrap().len(), 2);
                }
            }
        });
    }

    #[test]
    fn coordinates_have_at_most_seven_decimals_and_lon_comes_first() {
        with_example(|inputs| {
            let layer = partners_layer(inputs);
            let json = parse(&layer);
            for f in json["features"].as_array().unwrap() {
                let Some(c) = f["geometry"]["coordinates"].as_array() else {
                    continue;
                };
                let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
                // the example lies in Europe: lon well below lat
                assert!(
                    (-10.0..30.0).contains(&lon) && (35.0..60.0).contains(&lat),
                    "{c:?}"
                );
                for v in c {
                    let text = v.to_string();
                    let decimals = text.split('.').nth(1).map_or(0, str::len);
                    assert!(decimals <= 7, "{text}");
                }
            }
        });
    }

    #[test]
    fn municipalities_are_ccw_multipolygons_holding_their_partners() {
        with_example(|inputs| {
            let layer = municipalities_layer(inputs, MunicipalityGeometry::Full);
            let json = parse(&layer);
            let features = json["features"].as_array().unwrap();
            assert!(features.len() >= inputs.region.members().len());
            let mut total_partners = 0;
            for f in features {
                let geometry: geojson::Geometry =
                    serde_json::from_value(f["geometry"].clone()).unwrap();
                let shape: MultiPolygon<f64> = geometry.try_into().unwrap();
                for poly in &shape.0 {
                    // positive signed area = counter-clockwise exterior
                    assert!(poly.exterior().0.len() >= 4);
                    let exterior = geo_types::Polygon::new(poly.exterior().clone(), vec![]);
                    assert!(exterior.signed_area() > 0.0, "{}", f["properties"]["name"]);
                }
                total_partners += f["properties"]["partners"].as_u64().unwrap() as usize;
                let ags: crate::boundaries::Ags =
                    f["properties"]["ags"].as_str().unwrap().parse().unwrap();
                let g = inputs.boundaries.index_of(ags).unwrap();
                assert!(shape.contains(&Point(inputs.boundaries.point(g))));
            }
            let located_in_germany = inputs
                .network
                .partners
                .iter()
                .filter(|p| p.site.is_some_and(|s| s.municipality.is_some()))
                .count();
            assert_eq!(total_partners, located_in_germany);
            let render = municipalities_layer(inputs, MunicipalityGeometry::Render);
            assert_eq!(render.features, layer.features);
            assert!(render.text.len() < layer.text.len());
        });
    }

    #[test]
    fn exports_are_deterministic() {
        with_example(|inputs| {
            let a = export_layers(inputs, MunicipalityGeometry::Full);
            let b = export_layers(inputs, MunicipalityGeometry::Full);
            assert_eq!(a, b);
        });
    }
}
