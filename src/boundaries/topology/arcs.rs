//! Shared-border topology: polygons stored as references to arcs, so that the
//! border between two neighbours exists once. Read and written as quantised
//! TopoJSON (the format GDAL and QGIS open directly).
//!
//! Coordinates are quantised to an integer grid (1e-7° by default, about 1 cm),
//! which makes coincident vertices of neighbours bit-identical and lets arcs be
//! found by exact comparison.
//!
//! This file has no dependency on geo-types: build.rs includes it to embed the
//! shipped boundaries. The conversion to geo-types geometries lives in
//! `topology_geometry.rs`.

use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// One geometry in quantised integer coordinates: its polygons, each a list
/// of rings (exterior first), each ring a list of vertices.
pub type QuantizedGeometry = Vec<Vec<Vec<(i32, i32)>>>;

/// A geometry's `id` and its other properties, as a TopoJSON file gives them.
pub type GeometryMeta = (String, Map<String, Value>);

/// A reference to an arc: `i` is arc `i` forwards, `!i` (that is `-i - 1`) is arc `i`
/// backwards, as in the TopoJSON specification.
pub type ArcRef = i32;

/// A collection of polygon geometries sharing arcs.
///
/// ```
/// use ruhrmap::boundaries::Topology;
/// // two unit squares side by side share the middle edge
/// let left = vec![vec![vec![(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]]];
/// let right = vec![vec![vec![(10, 0), (10, 10), (20, 10), (20, 0), (10, 0)]]];
/// let topo = Topology::from_quantized(&[left, right], [0.0, 0.0], [1.0, 1.0]);
/// assert_eq!(topo.arc_users().iter().filter(|u| u[1].is_some()).count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Quantised arc vertices (absolute, not delta-encoded).
    pub arcs: Vec<Vec<[i32; 2]>>,
    /// Per geometry: polygons → rings (exterior first) → arc references.
    pub geometries: Vec<Vec<Vec<Vec<ArcRef>>>>,
    /// `translate` of the TopoJSON transform (lon, lat of quantised zero).
    pub translate: [f64; 2],
    /// `scale` of the TopoJSON transform (degrees per quantisation step).
    pub scale: [f64; 2],
}

/// Why a TopoJSON text could not be read as a [`Topology`].
#[derive(Debug, thiserror::Error)]
pub enum TopologyError {
    /// The text is not JSON.
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The JSON is not the expected TopoJSON layout.
    #[error("not a quantised TopoJSON topology: {0}")]
    Layout(String),
}

/// An [`ArcRef`] decoded: which arc, and in which direction it is walked.
///
/// ```
/// use ruhrmap::boundaries::{DirectedArc, Topology};
/// assert_eq!(Topology::decode_ref(3), DirectedArc { arc: 3, reversed: false });
/// assert_eq!(Topology::decode_ref(!3), DirectedArc { arc: 3, reversed: true });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectedArc {
    /// The arc's index in [`Topology::arcs`].
    pub arc: usize,
    /// Whether the arc is walked from its last vertex to its first.
    pub reversed: bool,
}

impl Topology {
    /// Splits an arc reference into the arc's index and whether it runs backwards.
    pub fn decode_ref(arc: ArcRef) -> DirectedArc {
        if arc >= 0 {
            DirectedArc {
                arc: arc as usize,
                reversed: false,
            }
        } else {
            DirectedArc {
                arc: (!arc) as usize,
                reversed: true,
            }
        }
    }

    /// The quantised vertices of a ring (closed: first equals last).
    pub fn ring_quantized(&self, ring: &[ArcRef]) -> Vec<[i32; 2]> {
        let mut out: Vec<[i32; 2]> = Vec::new();
        for &r in ring {
            let DirectedArc {
                arc: i,
                reversed: rev,
            } = Self::decode_ref(r);
            let arc = &self.arcs[i];
            let start = if out.is_empty() { 0 } else { 1 };
            if rev {
                out.extend(arc.iter().rev().skip(start));
            } else {
                out.extend(arc.iter().skip(start));
            }
        }
        out
    }

    /// For each arc, the geometries that use it: `[first, second]`; `second` is `None`
    /// on an outer border (coast, national border, or the edge of the data set).
    pub fn arc_users(&self) -> Vec<[Option<usize>; 2]> {
        let mut users = vec![[None, None]; self.arcs.len()];
        for (g, polys) in self.geometries.iter().enumerate() {
            for ring in polys.iter().flatten() {
                for &r in ring {
                    let i = Self::decode_ref(r).arc;
                    let u: &mut [Option<usize>; 2] = &mut users[i];
                    if u[0].is_none() {
                        u[0] = Some(g);
                    } else if u[0] != Some(g) && u[1].is_none() {
                        u[1] = Some(g);
                    }
                }
            }
        }
        users
    }

    /// The number of stored vertices over all arcs.
    pub fn vertex_count(&self) -> usize {
        self.arcs.iter().map(Vec::len).sum()
    }

    /// Builds a topology from quantised polygons: `geometries[g][p][r]` is ring `r`
    /// (exterior first, closed) of polygon part `p` of geometry `g`.
    ///
    /// Junctions are vertices where the neighbour sequence changes; rings are cut
    /// there and identical arcs (either direction) are stored once. Rings without a
    /// junction become one closed arc, rotated to a canonical start so that an
    /// enclave's outline and its surrounding hole are shared too.
    pub fn from_quantized(
        geometries: &[QuantizedGeometry],
        translate: [f64; 2],
        scale: [f64; 2],
    ) -> Topology {
        // 1. clean rings: drop consecutive duplicates, ensure closed
        let cleaned: Vec<Vec<Vec<Vec<[i32; 2]>>>> = geometries
            .iter()
            .map(|polys| {
                polys
                    .iter()
                    .map(|rings| {
                        rings
                            .iter()
                            .filter_map(|r| clean_ring(r))
                            .collect::<Vec<_>>()
                    })
                    .filter(|rings: &Vec<Vec<[i32; 2]>>| !rings.is_empty())
                    .collect()
            })
            .collect();

        // 2. junctions: a vertex whose (unordered) neighbour pair differs between visits
        let mut seen: HashMap<[i32; 2], ([i32; 2], [i32; 2])> = HashMap::new();
        let mut junctions: std::collections::HashSet<[i32; 2]> = std::collections::HashSet::new();
        for ring in cleaned.iter().flatten().flatten() {
            let n = ring.len() - 1; // closed
            for k in 0..n {
                let p = ring[k];
                let prev = ring[(k + n - 1) % n];
                let next = ring[(k + 1) % n];
                let pair = if prev <= next {
                    (prev, next)
                } else {
                    (next, prev)
                };
                match seen.get(&p) {
                    None => {
                        seen.insert(p, pair);
                    }
                    Some(&existing) => {
                        if existing != pair {
                            junctions.insert(p);
                        }
                    }
                }
            }
        }
        drop(seen);

        // 3. cut rings into arcs, dedupe
        let mut arcs: Vec<Vec<[i32; 2]>> = Vec::new();
        let mut index: HashMap<Vec<[i32; 2]>, usize> = HashMap::new();
        let mut intern = |arc: Vec<[i32; 2]>, arcs: &mut Vec<Vec<[i32; 2]>>| -> ArcRef {
            let reversed: Vec<[i32; 2]> = arc.iter().rev().copied().collect();
            if let Some(&i) = index.get(&arc) {
                return i as ArcRef;
            }
            if let Some(&i) = index.get(&reversed) {
                return !(i as ArcRef);
            }
            let i = arcs.len();
            index.insert(arc.clone(), i);
            arcs.push(arc);
            i as ArcRef
        };

        let mut out_geoms = Vec::with_capacity(cleaned.len());
        for polys in &cleaned {
            let mut out_polys = Vec::with_capacity(polys.len());
            for rings in polys {
                let mut out_rings = Vec::with_capacity(rings.len());
                for ring in rings {
                    let n = ring.len() - 1;
                    let open = &ring[..n];
                    let first_junction = open.iter().position(|p| junctions.contains(p));
                    let refs = match first_junction {
                        None => {
                            // closed arc: rotate to smallest vertex, pick canonical direction
                            let start = (0..n).min_by_key(|&k| open[k]).unwrap_or(0);
                            let mut fwd: Vec<[i32; 2]> =
                                (0..=n).map(|k| open[(start + k) % n]).collect();
                            let bwd: Vec<[i32; 2]> =
                                (0..=n).map(|k| open[(start + n - k % n) % n]).collect();
                            let reversed = bwd < fwd;
                            if reversed {
                                fwd = bwd;
                            }
                            let r = intern(fwd, &mut arcs);
                            vec![if reversed { !r } else { r }]
                        }
                        Some(j) => {
                            let mut refs = Vec::new();
                            let mut current: Vec<[i32; 2]> = vec![open[j]];
                            for k in 1..=n {
                                let p = open[(j + k) % n];
                                current.push(p);
                                if junctions.contains(&p) {
                                    refs.push(intern(std::mem::take(&mut current), &mut arcs));
                                    current.push(p);
                                }
                            }
                            refs
                        }
                    };
                    out_rings.push(refs);
                }
                out_polys.push(out_rings);
            }
            out_geoms.push(out_polys);
        }
        Topology {
            arcs,
            geometries: out_geoms,
            translate,
            scale,
        }
    }

    /// Writes the topology as TopoJSON with delta-encoded arcs. `object` names the
    /// geometry collection; `properties[g]` become geometry `g`'s properties and
    /// `ids[g]` its `id`. Key order and number formatting are fixed, so the same
    /// topology always gives the same bytes.
    pub fn to_topojson(
        &self,
        object: &str,
        ids: &[String],
        properties: &[Map<String, Value>],
    ) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(self.vertex_count() * 12);
        s.push_str("{\"type\":\"Topology\",\"transform\":{\"scale\":[");
        write!(
            s,
            "{},{}],\"translate\":[{},{}]}},",
            self.scale[0], self.scale[1], self.translate[0], self.translate[1]
        )
        .unwrap();
        write!(
            s,
            "\"objects\":{{{}:{{\"type\":\"GeometryCollection\",\"geometries\":[",
            json!(object)
        )
        .unwrap();
        for (g, polys) in self.geometries.iter().enumerate() {
            if g > 0 {
                s.push(',');
            }
            s.push('\n');
            let (kind, arcs) = if polys.len() == 1 {
                ("Polygon", serde_json::to_string(&polys[0]).unwrap())
            } else {
                ("MultiPolygon", serde_json::to_string(polys).unwrap())
            };
            let props = properties.get(g).cloned().unwrap_or_default();
            write!(
                s,
                "{{\"type\":\"{kind}\",\"id\":{},\"properties\":{},\"arcs\":{arcs}}}",
                json!(ids.get(g).cloned().unwrap_or_default()),
                Value::Object(props)
            )
            .unwrap();
        }
        s.push_str("]}},\n\"arcs\":[");
        for (i, arc) in self.arcs.iter().enumerate() {
            if i > 0 {
                s.push_str(",\n");
            }
            s.push('[');
            let mut last = [0i32, 0i32];
            for (k, p) in arc.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                write!(s, "[{},{}]", p[0] - last[0], p[1] - last[1]).unwrap();
                last = *p;
            }
            s.push(']');
        }
        s.push_str("]}\n");
        s
    }

    /// Reads a quantised TopoJSON topology: the first geometry collection of
    /// `objects` (or the one named `object`). Returns the topology and each
    /// geometry's `id` and properties.
    pub fn from_topojson(
        text: &str,
        object: Option<&str>,
    ) -> Result<(Topology, Vec<GeometryMeta>), TopologyError> {
        #[derive(serde::Deserialize)]
        struct Raw {
            transform: RawTransform,
            objects: serde_json::Map<String, Value>,
            arcs: Vec<Vec<[i64; 2]>>,
        }
        #[derive(serde::Deserialize)]
        struct RawTransform {
            scale: [f64; 2],
            translate: [f64; 2],
        }
        let raw: Raw = serde_json::from_str(text)?;
        let arcs: Vec<Vec<[i32; 2]>> = raw
            .arcs
            .into_iter()
            .map(|arc| {
                let mut x = 0i64;
                let mut y = 0i64;
                arc.into_iter()
                    .map(|[dx, dy]| {
                        x += dx;
                        y += dy;
                        [x as i32, y as i32]
                    })
                    .collect()
            })
            .collect();
        let collection = match object {
            Some(name) => raw
                .objects
                .get(name)
                .ok_or_else(|| TopologyError::Layout(format!("no object named {name:?}")))?,
            None => raw
                .objects
                .values()
                .next()
                .ok_or_else(|| TopologyError::Layout("`objects` is empty".into()))?,
        };
        let geoms = collection
            .get("geometries")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                TopologyError::Layout("the object is not a GeometryCollection".into())
            })?;
        let mut geometries = Vec::with_capacity(geoms.len());
        let mut meta = Vec::with_capacity(geoms.len());
        for (k, g) in geoms.iter().enumerate() {
            let kind = g.get("type").and_then(Value::as_str).unwrap_or("");
            let arcs_v = g.get("arcs").cloned().unwrap_or(Value::Null);
            let polys: Vec<Vec<Vec<ArcRef>>> = match kind {
                "Polygon" => vec![serde_json::from_value(arcs_v)?],
                "MultiPolygon" => serde_json::from_value(arcs_v)?,
                other => {
                    return Err(TopologyError::Layout(format!(
                        "geometry {k} has type {other:?}, expected Polygon or MultiPolygon"
                    )));
                }
            };
            for r in polys.iter().flatten().flatten() {
                let i = Self::decode_ref(*r).arc;
                if i >= arcs.len() {
                    return Err(TopologyError::Layout(format!(
                        "geometry {k} refers to arc {i}, but there are {}",
                        arcs.len()
                    )));
                }
            }
            let id = match g.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let props = g
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            geometries.push(polys);
            meta.push((id, props));
        }
        Ok((
            Topology {
                arcs,
                geometries,
                translate: raw.transform.translate,
                scale: raw.transform.scale,
            },
            meta,
        ))
    }
}

/// Magic bytes of the compact binary form.
const BINARY_MAGIC: &[u8; 8] = b"RMTOPO1\0";

impl Topology {
    /// Encodes the topology and the geometry ids in a compact binary form
    /// (zigzag varint deltas), which decodes about twenty times faster than
    /// TopoJSON. The build embeds the shipped TopoJSON this way; TopoJSON stays
    /// the published, standard form.
    ///
    /// ```
    /// use ruhrmap::boundaries::Topology;
    /// let ring = vec![(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)];
    /// let topo = Topology::from_quantized(&[vec![vec![ring]]], [7.0, 51.0], [1e-7, 1e-7]);
    /// let bytes = topo.to_binary(&["05911000".to_string()]);
    /// let back = Topology::from_binary(&bytes).unwrap();
    /// assert_eq!(back.topology, topo);
    /// assert_eq!(back.ids, ["05911000"]);
    /// ```
    pub fn to_binary(&self, ids: &[String]) -> Vec<u8> {
        fn varint(out: &mut Vec<u8>, mut v: u64) {
            while v >= 0x80 {
                out.push((v as u8) | 0x80);
                v >>= 7;
            }
            out.push(v as u8);
        }
        fn zigzag(v: i64) -> u64 {
            ((v << 1) ^ (v >> 63)) as u64
        }
        let mut out = Vec::with_capacity(self.vertex_count() * 3);
        out.extend_from_slice(BINARY_MAGIC);
        for v in [
            self.translate[0],
            self.translate[1],
            self.scale[0],
            self.scale[1],
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        varint(&mut out, self.arcs.len() as u64);
        for arc in &self.arcs {
            varint(&mut out, arc.len() as u64);
            let mut last = [0i64; 2];
            for p in arc {
                varint(&mut out, zigzag(p[0] as i64 - last[0]));
                varint(&mut out, zigzag(p[1] as i64 - last[1]));
                last = [p[0] as i64, p[1] as i64];
            }
        }
        varint(&mut out, self.geometries.len() as u64);
        for (g, polys) in self.geometries.iter().enumerate() {
            let id = ids.get(g).map(String::as_str).unwrap_or("");
            varint(&mut out, id.len() as u64);
            out.extend_from_slice(id.as_bytes());
            varint(&mut out, polys.len() as u64);
            for rings in polys {
                varint(&mut out, rings.len() as u64);
                for ring in rings {
                    varint(&mut out, ring.len() as u64);
                    for &r in ring {
                        varint(&mut out, zigzag(r as i64));
                    }
                }
            }
        }
        out
    }

    /// Decodes [`Topology::to_binary`]'s form: the topology and the geometry ids.
    pub fn from_binary(bytes: &[u8]) -> Result<DecodedTopology, TopologyError> {
        struct Reader<'a> {
            bytes: &'a [u8],
            at: usize,
        }
        impl Reader<'_> {
            fn fail(&self, what: &str) -> TopologyError {
                TopologyError::Layout(format!("binary topology: {what} at byte {}", self.at))
            }
            /// One varint; inlined, as the arcs are millions of them.
            #[inline(always)]
            fn varint(&mut self) -> Result<u64, TopologyError> {
                let mut v = 0u64;
                let rest = &self.bytes[self.at.min(self.bytes.len())..];
                for (k, &b) in rest.iter().take(10).enumerate() {
                    v |= ((b & 0x7f) as u64) << (7 * k);
                    if b < 0x80 {
                        self.at += k + 1;
                        return Ok(v);
                    }
                }
                Err(self.varint_error(rest.len()))
            }
            #[cold]
            fn varint_error(&mut self, available: usize) -> TopologyError {
                if available < 10 {
                    self.at += available;
                    self.fail("unexpected end")
                } else {
                    self.at += 10;
                    self.fail("overlong number")
                }
            }
            #[inline(always)]
            fn signed(&mut self) -> Result<i64, TopologyError> {
                let v = self.varint()?;
                Ok((v >> 1) as i64 ^ -((v & 1) as i64))
            }
            #[inline(always)]
            fn count(&mut self) -> Result<usize, TopologyError> {
                let n = self.varint()? as usize;
                // every counted item takes at least one byte
                if n > self.bytes.len() - self.at.min(self.bytes.len()) + 1 {
                    return Err(self.fail("count larger than the data"));
                }
                Ok(n)
            }
            fn f64(&mut self) -> Result<f64, TopologyError> {
                let chunk = self
                    .bytes
                    .get(self.at..self.at + 8)
                    .ok_or_else(|| self.fail("unexpected end"))?;
                self.at += 8;
                Ok(f64::from_le_bytes(chunk.try_into().expect("eight bytes")))
            }
        }
        if !bytes.starts_with(BINARY_MAGIC) {
            return Err(TopologyError::Layout(
                "not a binary topology (magic bytes differ)".into(),
            ));
        }
        let mut r = Reader {
            bytes,
            at: BINARY_MAGIC.len(),
        };
        let translate = [r.f64()?, r.f64()?];
        let scale = [r.f64()?, r.f64()?];
        let n_arcs = r.count()?;
        let mut arcs = Vec::with_capacity(n_arcs);
        for _ in 0..n_arcs {
            let n = r.count()?;
            let mut arc = Vec::with_capacity(n);
            let mut last = [0i64; 2];
            for _ in 0..n {
                last = [last[0] + r.signed()?, last[1] + r.signed()?];
                arc.push([last[0] as i32, last[1] as i32]);
            }
            arcs.push(arc);
        }
        let n_geoms = r.count()?;
        let mut geometries = Vec::with_capacity(n_geoms);
        let mut ids = Vec::with_capacity(n_geoms);
        for _ in 0..n_geoms {
            let len = r.count()?;
            let id = r
                .bytes
                .get(r.at..r.at + len)
                .ok_or_else(|| r.fail("unexpected end"))?;
            ids.push(String::from_utf8_lossy(id).into_owned());
            r.at += len;
            let n_polys = r.count()?;
            let mut polys = Vec::with_capacity(n_polys);
            for _ in 0..n_polys {
                let n_rings = r.count()?;
                let mut rings = Vec::with_capacity(n_rings);
                for _ in 0..n_rings {
                    let n_refs = r.count()?;
                    let mut ring = Vec::with_capacity(n_refs);
                    for _ in 0..n_refs {
                        let v = r.signed()?;
                        let i = Self::decode_ref(v as ArcRef).arc;
                        if v < i32::MIN as i64 || v > i32::MAX as i64 || i >= arcs.len() {
                            return Err(r.fail("arc reference out of range"));
                        }
                        ring.push(v as ArcRef);
                    }
                    rings.push(ring);
                }
                polys.push(rings);
            }
            geometries.push(polys);
        }
        Ok(DecodedTopology {
            topology: Topology {
                arcs,
                geometries,
                translate,
                scale,
            },
            ids,
        })
    }
}

/// A topology decoded from [`Topology::to_binary`]'s form, with its geometry ids.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedTopology {
    /// The topology.
    pub topology: Topology,
    /// The id of each geometry, in geometry order.
    pub ids: Vec<String>,
}

/// Removes consecutive duplicate vertices and closes the ring; `None` when fewer
/// than three distinct vertices remain.
fn clean_ring(ring: &[(i32, i32)]) -> Option<Vec<[i32; 2]>> {
    let mut out: Vec<[i32; 2]> = Vec::with_capacity(ring.len() + 1);
    for &(x, y) in ring {
        if out.last() != Some(&[x, y]) {
            out.push([x, y]);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 {
        return None;
    }
    out.push(out[0]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: i32, y0: i32, s: i32) -> Vec<(i32, i32)> {
        vec![
            (x0, y0),
            (x0, y0 + s),
            (x0 + s, y0 + s),
            (x0 + s, y0),
            (x0, y0),
        ]
    }

    #[test]
    fn shared_edge_is_one_arc_and_round_trips() {
        let a = vec![vec![square(0, 0, 10)]];
        let b = vec![vec![square(10, 0, 10)]];
        let topo = Topology::from_quantized(&[a.clone(), b.clone()], [6.0, 51.0], [1e-7, 1e-7]);
        let users = topo.arc_users();
        let shared: Vec<_> = users.iter().filter(|u| u[1].is_some()).collect();
        assert_eq!(shared.len(), 1);
        let text = topo.to_topojson(
            "gemeinden",
            &["a".into(), "b".into()],
            &[Map::new(), Map::new()],
        );
        let (back, meta) = Topology::from_topojson(&text, None).unwrap();
        assert_eq!(back, topo);
        assert_eq!(meta[1].0, "b");
        // ring coordinates survive (as sets of vertices, starting point may differ)
        let mut ring: Vec<[i32; 2]> = back.ring_quantized(&back.geometries[0][0][0]);
        ring.pop();
        ring.sort();
        assert_eq!(ring, vec![[0, 0], [0, 10], [10, 0], [10, 10]]);
    }

    #[test]
    fn a_broken_binary_topology_is_an_error_naming_the_byte() {
        let topo =
            Topology::from_quantized(&[vec![vec![square(0, 0, 300)]]], [0.0, 0.0], [1.0, 1.0]);
        let bytes = topo.to_binary(&["a".into()]);
        assert_eq!(Topology::from_binary(&bytes).unwrap().topology, topo);
        // a continuation byte, then the end, where the arc count should be
        let mut cut = bytes[..BINARY_MAGIC.len() + 32].to_vec();
        cut.push(0x80);
        let err = Topology::from_binary(&cut).unwrap_err().to_string();
        assert!(
            err.ends_with(&format!("unexpected end at byte {}", cut.len())),
            "{err}"
        );
        // eleven continuation bytes where the arc count should be
        let mut overlong = bytes[..BINARY_MAGIC.len() + 32].to_vec();
        overlong.extend([0xff; 11]);
        let err = Topology::from_binary(&overlong).unwrap_err().to_string();
        let at = BINARY_MAGIC.len() + 32 + 10;
        assert!(
            err.ends_with(&format!("overlong number at byte {at}")),
            "{err}"
        );
    }

    #[test]
    fn enclave_outline_is_shared_with_the_hole() {
        let outer = vec![vec![square(0, 0, 30), square(10, 10, 10)]];
        let inner = vec![vec![square(10, 10, 10).into_iter().rev().collect()]];
        let topo = Topology::from_quantized(&[outer, inner], [0.0, 0.0], [1.0, 1.0]);
        assert_eq!(topo.arcs.len(), 2);
        assert!(topo.arc_users().iter().any(|u| u[1].is_some()));
    }
}
