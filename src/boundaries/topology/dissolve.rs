//! The union of some geometries of a [`Topology`], made from its shared arcs:
//! an arc between two members is an inner border and dropped, the others are
//! chained into rings. Exact (the arcs are shared, not compared), and fast
//! enough for the full-resolution boundaries.

use crate::boundaries::topology::arcs::{ArcRef, DirectedArc, Topology};
use geo::{Area, Contains, InteriorPoint};
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use std::collections::{BTreeMap, HashSet};

/// Twice the signed area of a closed quantised ring (positive: counter-clockwise).
fn doubled_area(ring: &[[i32; 2]]) -> i128 {
    ring.windows(2)
        .map(|w| {
            i128::from(w[0][0]) * i128::from(w[1][1]) - i128::from(w[1][0]) * i128::from(w[0][1])
        })
        .sum()
}

/// Directed arcs chained end to start ([`Topology::chain_arcs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArcChain {
    /// The arc references in the order they are walked.
    pub arcs: Vec<ArcRef>,
    /// Whether the chain ends where it starts (a ring).
    pub closed: bool,
}

impl Topology {
    /// The union of geometries `members` as lon/lat polygons: exterior rings
    /// counter-clockwise, holes clockwise, polygons in the order of their
    /// first arc. Members that only touch at a point stay separate polygons.
    ///
    /// ```
    /// use ruhrmap::boundaries::Topology;
    /// // two unit squares side by side become one rectangle
    /// let left = vec![vec![vec![(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]]];
    /// let right = vec![vec![vec![(10, 0), (10, 10), (20, 10), (20, 0), (10, 0)]]];
    /// let topo = Topology::from_quantized(&[left, right], [0.0, 0.0], [1.0, 1.0]);
    /// let union = topo.dissolve(&[0, 1]);
    /// assert_eq!(union.0.len(), 1);
    /// use geo::Area;
    /// assert_eq!(union.unsigned_area(), 200.0);
    /// ```
    pub fn dissolve(&self, members: &[usize]) -> MultiPolygon<f64> {
        let chosen: HashSet<usize> = members.iter().copied().collect();
        let users = self.arc_users();
        // the outline arcs, directed so that the member lies on their left
        let mut directed: Vec<ArcRef> = Vec::new();
        let mut sorted: Vec<usize> = chosen.iter().copied().collect();
        sorted.sort_unstable();
        for &g in &sorted {
            for polygon in &self.geometries[g] {
                for (k, ring) in polygon.iter().enumerate() {
                    let ccw = doubled_area(&self.ring_quantized(ring)) > 0;
                    // exteriors counter-clockwise, holes clockwise
                    let flip = ccw != (k == 0);
                    for &r in ring {
                        let i = Topology::decode_ref(r).arc;
                        let [a, b] = users[i];
                        let other = if a == Some(g) { b } else { a };
                        if other.is_some_and(|o| o != g && chosen.contains(&o)) {
                            continue;
                        }
                        directed.push(if flip { !r } else { r });
                    }
                }
            }
        }
        let rings = self.chain(&directed);
        let (mut exteriors, holes): (Vec<_>, Vec<_>) =
            rings.into_iter().partition(|r| doubled_area(r) > 0);
        // the smallest exterior first, so that a hole goes to the innermost one
        let mut order: Vec<usize> = (0..exteriors.len()).collect();
        order.sort_by_key(|&k| doubled_area(&exteriors[k]));
        let to_line = |ring: &[[i32; 2]]| -> LineString<f64> {
            ring.iter().map(|&p| self.to_lonlat(p)).collect()
        };
        let shells: Vec<Polygon<f64>> = exteriors
            .iter()
            .map(|r| Polygon::new(to_line(r), vec![]))
            .collect();
        let mut interiors: Vec<Vec<LineString<f64>>> = vec![Vec::new(); exteriors.len()];
        for hole in &holes {
            let line = to_line(hole);
            let inside: Option<Coord<f64>> = Polygon::new(line.clone(), vec![])
                .interior_point()
                .map(|p| p.0);
            let owner = inside.and_then(|c| {
                order
                    .iter()
                    .copied()
                    .find(|&k| shells[k].contains(&c) && shells[k].unsigned_area() > 0.0)
            });
            if let Some(k) = owner {
                interiors[k].push(line);
            }
        }
        MultiPolygon(
            exteriors
                .drain(..)
                .zip(interiors)
                .map(|(r, holes)| Polygon::new(to_line(&r), holes))
                .collect(),
        )
    }

    /// Chains directed arcs end to start: each chain begins with the first
    /// unused arc and goes on with the first unused arc that starts where it
    /// ends, until it is back at its start (closed) or no arc continues it.
    /// Chains come in the order of their first arcs.
    ///
    /// ```
    /// use ruhrmap::boundaries::{ArcChain, Topology};
    /// // two squares side by side: the outline of both is one closed chain
    /// let left = vec![vec![vec![(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]]];
    /// let right = vec![vec![vec![(10, 0), (10, 10), (20, 10), (20, 0), (10, 0)]]];
    /// let topo = Topology::from_quantized(&[left, right], [0.0, 0.0], [1.0, 1.0]);
    /// let users = topo.arc_users();
    /// // the arcs of both rings, as the rings walk them, without the shared one
    /// let outer: Vec<i32> = topo.geometries.iter().flatten().flatten().flatten().copied()
    ///     .filter(|&r| users[Topology::decode_ref(r).arc][1].is_none())
    ///     .collect();
    /// let chains = topo.chain_arcs(&outer);
    /// assert_eq!(chains.len(), 1);
    /// assert!(chains[0].closed);
    /// assert_eq!(chains[0].arcs.len(), outer.len());
    /// ```
    pub fn chain_arcs(&self, directed: &[ArcRef]) -> Vec<ArcChain> {
        let ends = |r: ArcRef| -> ([i32; 2], [i32; 2]) {
            let DirectedArc { arc: i, reversed } = Topology::decode_ref(r);
            let a = &self.arcs[i];
            let (s, e) = (a[0], a[a.len() - 1]);
            if reversed { (e, s) } else { (s, e) }
        };
        let mut by_start: BTreeMap<[i32; 2], Vec<usize>> = BTreeMap::new();
        for (k, &r) in directed.iter().enumerate() {
            by_start.entry(ends(r).0).or_default().push(k);
        }
        let mut used = vec![false; directed.len()];
        let mut chains = Vec::new();
        for first in 0..directed.len() {
            if used[first] {
                continue;
            }
            used[first] = true;
            let (start, mut end) = ends(directed[first]);
            let mut chain = vec![directed[first]];
            while end != start {
                let next = by_start
                    .get(&end)
                    .and_then(|ks| ks.iter().copied().find(|&k| !used[k]));
                let Some(k) = next else { break };
                used[k] = true;
                chain.push(directed[k]);
                end = ends(directed[k]).1;
            }
            chains.push(ArcChain {
                arcs: chain,
                closed: end == start,
            });
        }
        chains
    }

    /// Chains directed arcs into closed quantised rings
    /// ([`Topology::chain_arcs`]).
    fn chain(&self, directed: &[ArcRef]) -> Vec<Vec<[i32; 2]>> {
        let mut rings = Vec::new();
        for ArcChain {
            arcs: chain,
            closed,
        } in self.chain_arcs(directed)
        {
            let mut ring = self.ring_quantized(&chain[..1]);
            for k in 1..chain.len() {
                let part = self.ring_quantized(&chain[k..=k]);
                ring.extend_from_slice(&part[1..]);
            }
            if closed && ring.len() >= 4 {
                rings.push(ring);
            }
        }
        rings
    }
}

#[cfg(test)]
mod tests {
    use crate::boundaries::{Boundaries, MunicipalityId};
    use geo::{Area, Contains};
    use geo_types::Point;

    #[test]
    fn a_dissolved_kreis_has_the_area_of_its_municipalities_and_holds_their_points() {
        let b = Boundaries::embedded();
        let members: Vec<usize> = (0..b.municipalities().len())
            .filter(|&g| b.municipalities()[g].ags.has_prefix("05978"))
            .collect();
        assert_eq!(members.len(), 10);
        let union = b.full_topology().dissolve(&members);
        let sum: f64 = members
            .iter()
            .map(|&g| b.geometry(MunicipalityId::new(g)).unsigned_area())
            .sum();
        assert!(
            (union.unsigned_area() - sum).abs() < sum * 1e-9,
            "{} {sum}",
            union.unsigned_area()
        );
        assert_eq!(union.0.len(), 1, "Kreis Unna is one piece");
        for &g in &members {
            assert!(union.contains(&Point(b.point(MunicipalityId::new(g)))));
        }
        // exterior counter-clockwise
        assert!(union.0[0].exterior().0.len() > 100);
        let shell = geo_types::Polygon::new(union.0[0].exterior().clone(), vec![]);
        assert!(shell.signed_area() > 0.0);
    }
}
