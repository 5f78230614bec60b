//! Topology-preserving simplification for figures: every arc is simplified
//! once (Ramer–Douglas–Peucker in local metres) with its end points fixed, so
//! neighbours keep one shared border and no slivers or gaps appear.

use crate::boundaries::topology::arcs::Topology;
use geo::SimplifyIdx;
use geo_types::{Coord, LineString};

/// Simplifies every arc of `topology` with a tolerance in metres.
///
/// Arc end points are junctions shared with other arcs and never move. Closed
/// arcs (rings without a junction, e.g. islands and enclaves) keep at least
/// three distinct vertices. A ring that would collapse (two arcs between the
/// same junctions simplified onto each other) keeps its arcs unsimplified.
///
/// ```
/// use ruhrmap::boundaries::{simplify_topology, Topology};
/// // a square with a nearly straight side, in 1e-7° steps near 51.5° N
/// let ring = vec![(0, 0), (0, 1_000_000), (500_000, 1_000_020), (1_000_000, 1_000_000), (1_000_000, 0), (0, 0)];
/// let topo = Topology::from_quantized(&[vec![vec![ring]]], [7.0, 51.5], [1e-7, 1e-7]);
/// let simple = simplify_topology(&topo, 5.0);
/// assert!(simple.vertex_count() < topo.vertex_count());
/// ```
pub fn simplify_topology(topology: &Topology, tolerance_m: f64) -> Topology {
    let mut keep_full = vec![false; topology.arcs.len()];
    let arcs = simplify_arcs(topology, tolerance_m, &keep_full);
    // restore arcs of rings that collapsed
    let mut changed = false;
    let probe = Topology {
        arcs,
        geometries: Vec::new(),
        translate: topology.translate,
        scale: topology.scale,
    };
    for ring in topology.geometries.iter().flatten().flatten() {
        let coords = probe.ring_quantized(ring);
        if ring_area2(&coords).abs() == 0 || distinct(&coords) < 3 {
            for &r in ring {
                keep_full[Topology::decode_ref(r).arc] = true;
            }
            changed = true;
        }
    }
    let arcs = if changed {
        simplify_arcs(topology, tolerance_m, &keep_full)
    } else {
        probe.arcs
    };
    Topology {
        arcs,
        geometries: topology.geometries.clone(),
        translate: topology.translate,
        scale: topology.scale,
    }
}

/// Re-quantises a topology onto a grid `factor` times coarser (e.g. 100 turns
/// 1e-7° into 1e-5°, about 1 m), dropping vertices that fall together. Arc end
/// points snap identically in every arc, so shared borders stay shared. Figures
/// need no centimetres, and the coarser grid makes the file much smaller.
///
/// ```
/// use ruhrmap::boundaries::{requantize_topology, Topology};
/// let ring = vec![(0, 0), (0, 1000), (3, 1001), (1000, 1000), (1000, 0), (0, 0)];
/// let topo = Topology::from_quantized(&[vec![vec![ring]]], [7.0, 51.0], [1e-7, 1e-7]);
/// let coarse = requantize_topology(&topo, 100);
/// assert!((coarse.scale[0] - 1e-5).abs() < 1e-18 && (coarse.scale[1] - 1e-5).abs() < 1e-18);
/// assert_eq!(coarse.vertex_count(), 5); // (3, 1001) fell onto (0, 1000)
/// ```
pub fn requantize_topology(topology: &Topology, factor: i32) -> Topology {
    let snap = |v: i32| (v as f64 / factor as f64).round() as i32;
    let arcs = topology
        .arcs
        .iter()
        .map(|arc| {
            let mut out: Vec<[i32; 2]> = Vec::with_capacity(arc.len());
            for p in arc {
                let q = [snap(p[0]), snap(p[1])];
                if out.last() != Some(&q) {
                    out.push(q);
                }
            }
            if out.len() == 1 {
                out.push(out[0]); // a degenerate arc still has two ends
            }
            out
        })
        .collect();
    Topology {
        arcs,
        geometries: topology.geometries.clone(),
        translate: topology.translate,
        scale: [
            topology.scale[0] * factor as f64,
            topology.scale[1] * factor as f64,
        ],
    }
}

fn simplify_arcs(topology: &Topology, tolerance_m: f64, keep_full: &[bool]) -> Vec<Vec<[i32; 2]>> {
    topology
        .arcs
        .iter()
        .zip(keep_full)
        .map(|(arc, &full)| {
            if full || arc.len() <= 2 {
                return arc.clone();
            }
            let lat0 = topology.translate[1] + arc[0][1] as f64 * topology.scale[1];
            let mx = topology.scale[0] * 111_320.0 * lat0.to_radians().cos();
            let my = topology.scale[1] * 110_574.0;
            let line: LineString<f64> = arc
                .iter()
                .map(|p| Coord {
                    x: p[0] as f64 * mx,
                    y: p[1] as f64 * my,
                })
                .collect();
            let closed = arc.first() == arc.last();
            let mut keep = line.simplify_idx(tolerance_m);
            if closed && keep.len() < 4 {
                // keep the two vertices farthest from the start, so the ring keeps an area
                keep = closed_fallback(&line);
            }
            keep.into_iter().map(|i| arc[i]).collect()
        })
        .collect()
}

/// For a closed arc that simplification reduced to a line: start, the vertex
/// farthest from it, the vertex farthest from that chord, and the start again.
fn closed_fallback(line: &LineString<f64>) -> Vec<usize> {
    let pts = &line.0;
    let n = pts.len() - 1;
    let d2 = |a: Coord<f64>, b: Coord<f64>| (a.x - b.x).powi(2) + (a.y - b.y).powi(2);
    let far = (1..n)
        .max_by(|&i, &j| d2(pts[0], pts[i]).total_cmp(&d2(pts[0], pts[j])))
        .unwrap_or(1);
    let (a, b) = (pts[0], pts[far]);
    let off = |p: Coord<f64>| ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)).abs();
    let third = (1..n)
        .filter(|&i| i != far)
        .max_by(|&i, &j| off(pts[i]).total_cmp(&off(pts[j])))
        .unwrap_or(far);
    let mut idx = vec![0, far, third];
    idx[1..].sort_unstable();
    idx.push(n);
    idx.dedup();
    idx
}

fn ring_area2(ring: &[[i32; 2]]) -> i128 {
    ring.windows(2)
        .map(|w| w[0][0] as i128 * w[1][1] as i128 - w[1][0] as i128 * w[0][1] as i128)
        .sum()
}

fn distinct(ring: &[[i32; 2]]) -> usize {
    let mut v: Vec<[i32; 2]> = ring.to_vec();
    v.sort_unstable();
    v.dedup();
    v.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_border_stays_shared_and_endpoints_fixed() {
        // two neighbours with a wiggly shared border
        let border: Vec<(i32, i32)> = (0..=100)
            .map(|k| (1000 + if k % 2 == 0 { 3 } else { 0 }, k * 20))
            .collect();
        let mut left = vec![(0, 0)];
        left.extend(border.iter().copied());
        left.push((0, 2000));
        left.push((0, 0));
        let mut right: Vec<(i32, i32)> = border.iter().rev().copied().collect();
        right.push((1000, 0));
        right.insert(0, (2000, 2000));
        right.insert(0, (2000, 0));
        right.insert(0, (1000, 0));
        right.dedup();
        let topo = Topology::from_quantized(
            &[vec![vec![left]], vec![vec![right]]],
            [7.0, 51.0],
            [1e-7, 1e-7],
        );
        let simple = simplify_topology(&topo, 1.0);
        assert!(simple.vertex_count() < topo.vertex_count());
        for (a, b) in topo.arcs.iter().zip(&simple.arcs) {
            assert_eq!(a.first(), b.first());
            assert_eq!(a.last(), b.last());
        }
        assert_eq!(
            simple.arc_users().iter().filter(|u| u[1].is_some()).count(),
            topo.arc_users().iter().filter(|u| u[1].is_some()).count()
        );
    }

    #[test]
    fn tiny_island_keeps_an_area() {
        let island = vec![(0, 0), (0, 10), (5, 11), (10, 10), (10, 0), (0, 0)];
        let topo = Topology::from_quantized(&[vec![vec![island]]], [7.0, 51.0], [1e-7, 1e-7]);
        let simple = simplify_topology(&topo, 1000.0);
        let ring = simple.ring_quantized(&simple.geometries[0][0][0]);
        assert!(ring.len() >= 4);
        assert_ne!(ring_area2(&ring), 0);
    }
}
