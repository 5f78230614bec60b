//! The compact binary form of the context layers (`boundaries/context/`):
//! build.rs converts the shipped GeoJSON and CSV with these functions, and
//! [`super::context`] decodes the result on first use, which is many times
//! faster than parsing the text forms at start-up.
//!
//! Layout (little endian): counts and string lengths as `u32`, coordinates
//! as `f64`, strings as UTF-8 bytes.
//! - areas: features; per feature its names, then polygons → rings →
//!   points (lon, lat).
//! - towns: towns; per town its name, its country, lon, lat.
//!
//! This file has no dependency on the rest of the crate: build.rs includes it.

use serde_json::Value;

/// Magic bytes of an encoded area layer.
pub const AREAS_MAGIC: &[u8; 8] = b"RMAREA1\0";
/// Magic bytes of an encoded town list.
pub const TOWNS_MAGIC: &[u8; 8] = b"RMTOWN1\0";

fn put_u32(out: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).expect("context layers count below 2^32");
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// Encodes the (Multi)Polygon features of a GeoJSON FeatureCollection with
/// the string properties `names` of each; a feature without properties,
/// lacking one of `names`, or without a (Multi)Polygon geometry is left out. Malformed points and
/// polygons without rings are left out; text that is no FeatureCollection
/// gives an empty layer.
#[cfg_attr(not(test), allow(dead_code))]
pub fn encode_areas(geojson: &str, names: &[&str]) -> Vec<u8> {
    let mut features: Vec<(Vec<&str>, Vec<&Value>)> = Vec::new();
    let value: Value = serde_json::from_str(geojson).unwrap_or(Value::Null);
    let list = value.get("features").and_then(Value::as_array);
    for f in list.into_iter().flatten() {
        if f.get("properties").is_none() {
            continue;
        }
        let Some(values) = names
            .iter()
            .map(|key| f.get("properties")?.get(key)?.as_str())
            .collect::<Option<Vec<&str>>>()
        else {
            continue;
        };
        let Some(geometry) = f.get("geometry") else {
            continue;
        };
        let Some(coords) = geometry.get("coordinates") else {
            continue;
        };
        let polygons: Vec<&Value> = match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") if has_rings(coords) => vec![coords],
            Some("MultiPolygon") => match coords.as_array() {
                Some(polygons) => polygons.iter().filter(|p| has_rings(p)).collect(),
                None => continue,
            },
            _ => continue,
        };
        features.push((values, polygons));
    }
    let mut out = AREAS_MAGIC.to_vec();
    put_u32(&mut out, features.len());
    for (values, polygons) in features {
        put_u32(&mut out, values.len());
        for v in values {
            put_str(&mut out, v);
        }
        put_u32(&mut out, polygons.len());
        for rings in polygons {
            let rings = rings.as_array().map(Vec::as_slice).unwrap_or_default();
            put_u32(&mut out, rings.len());
            for ring in rings {
                let points: Vec<[f64; 2]> = ring
                    .as_array()
                    .map(|points| {
                        points
                            .iter()
                            .filter_map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?]))
                            .collect()
                    })
                    .unwrap_or_default();
                put_u32(&mut out, points.len());
                for [x, y] in points {
                    out.extend_from_slice(&x.to_le_bytes());
                    out.extend_from_slice(&y.to_le_bytes());
                }
            }
        }
    }
    out
}

/// Whether a polygon's coordinates are a list with at least one ring.
fn has_rings(coords: &Value) -> bool {
    coords.as_array().is_some_and(|rings| !rings.is_empty())
}

/// Encodes the towns of `towns.csv` (`name,country,lat,lon`, one header
/// line; a quoted name keeps its commas); malformed lines are left out.
#[cfg_attr(not(test), allow(dead_code))]
pub fn encode_towns(csv: &str) -> Vec<u8> {
    let towns: Vec<(&str, &str, f64, f64)> = csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = line.rsplitn(4, ',');
            let lon: f64 = f.next()?.parse().ok()?;
            let lat: f64 = f.next()?.parse().ok()?;
            let country = f.next()?;
            let name = f.next()?.trim_matches('"');
            Some((name, country, lon, lat))
        })
        .collect();
    let mut out = TOWNS_MAGIC.to_vec();
    put_u32(&mut out, towns.len());
    for (name, country, lon, lat) in towns {
        put_str(&mut out, name);
        put_str(&mut out, country);
        out.extend_from_slice(&lon.to_le_bytes());
        out.extend_from_slice(&lat.to_le_bytes());
    }
    out
}
