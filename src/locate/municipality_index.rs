//! Point-in-polygon lookup of municipalities: an R-tree over the envelopes of
//! every polygon part finds the candidates, an exact even-odd crossing test on
//! the full-resolution rings decides.

use crate::boundaries::{Boundaries, MunicipalityId};
use crate::locate::ring_set::RingSet;
use geo_types::Coord;
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

/// Envelope of one polygon part + the part's position in its list of parts.
pub(crate) type PartEnvelope = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// The polygon parts of the municipalities at the given positions, in member
/// order, each with its municipality (a [`MunicipalityId`]'s `u32`) and its
/// rings in quantised coordinates; put together on all cores.
pub(crate) fn quantized_parts(
    boundaries: &Boundaries,
    members: &[MunicipalityId],
) -> Vec<(u32, RingSet)> {
    let topo = boundaries.full_topology();
    let per_member: Vec<Vec<(u32, RingSet)>> = members
        .par_iter()
        .with_min_len(64)
        .map(|&id| {
            let m = id.index();
            topo.geometries[m]
                .iter()
                .map(|rings| {
                    let set = RingSet::new(rings.iter().map(|r| topo.ring_quantized(r)).collect());
                    (m as u32, set)
                })
                .collect()
        })
        .collect();
    per_member.into_iter().flatten().collect()
}

/// The R-tree over the parts' envelopes.
pub(crate) fn envelope_tree(parts: &[(u32, RingSet)]) -> RTree<PartEnvelope> {
    RTree::bulk_load(
        parts
            .iter()
            .enumerate()
            .map(|(i, (_, set))| {
                let [x0, y0, x1, y1] = set.bbox().map(f64::from);
                GeomWithData::new(Rectangle::from_corners([x0, y0], [x1, y1]), i)
            })
            .collect(),
    )
}

/// The first part (in list order) containing `q`, quantised: overlapping
/// source polygons (there are a few self-intersecting rings in VG250) resolve
/// deterministically.
pub(crate) fn first_part_containing(
    tree: &RTree<PartEnvelope>,
    parts: &[(u32, RingSet)],
    q: [f64; 2],
) -> Option<usize> {
    let mut best: Option<usize> = None;
    for hit in tree.locate_all_at_point(&q) {
        let part = hit.data;
        if best.is_some_and(|b| b <= part) {
            continue;
        }
        if parts[part].1.contains(q) {
            best = Some(part);
        }
    }
    best
}

/// An R-tree index of municipality polygons for locating points.
///
/// Works in the quantised coordinate space of the topology, so the exact test
/// sees the very integers that were imported and shared borders cannot leave
/// gaps or overlaps between neighbours.
///
/// ```
/// use geo_types::Coord;
/// use ruhrmap::{Boundaries, MunicipalityIndex};
/// let b = Boundaries::embedded();
/// let index = MunicipalityIndex::new(b);
/// // Bochum Hauptbahnhof
/// let i = index.locate(Coord { x: 7.2236, y: 51.4785 }).unwrap();
/// assert_eq!(b.municipalities()[i].name, "Bochum");
/// // the North Sea is in no municipality
/// assert_eq!(index.locate(Coord { x: 5.0, y: 55.0 }), None);
/// ```
pub struct MunicipalityIndex {
    tree: RTree<PartEnvelope>,
    parts: Vec<(u32, RingSet)>,
    translate: [f64; 2],
    scale: [f64; 2],
}

impl MunicipalityIndex {
    /// Indexes every municipality of `boundaries` at full resolution.
    pub fn new(boundaries: &Boundaries) -> MunicipalityIndex {
        let all: Vec<MunicipalityId> = (0..boundaries.municipalities().len())
            .map(MunicipalityId::new)
            .collect();
        MunicipalityIndex::for_subset(boundaries, &all)
    }

    /// Indexes only the municipalities at the given positions (e.g. a region's).
    ///
    /// ```
    /// use geo_types::Coord;
    /// use ruhrmap::{Boundaries, MunicipalityIndex};
    /// let b = Boundaries::embedded();
    /// let essen = b.index_of("05113000".parse().unwrap()).unwrap();
    /// let index = MunicipalityIndex::for_subset(b, &[essen]);
    /// assert_eq!(index.locate(Coord { x: 7.0117, y: 51.4513 }), Some(essen));
    /// assert_eq!(index.locate(Coord { x: 7.2236, y: 51.4785 }), None); // Bochum is not indexed
    /// ```
    pub fn for_subset(boundaries: &Boundaries, members: &[MunicipalityId]) -> MunicipalityIndex {
        let topo = boundaries.full_topology();
        let parts = quantized_parts(boundaries, members);
        MunicipalityIndex {
            tree: envelope_tree(&parts),
            parts,
            translate: topo.translate,
            scale: topo.scale,
        }
    }

    /// Converts lon/lat to the (fractional) quantised coordinate space.
    pub(crate) fn quantize(&self, p: Coord<f64>) -> [f64; 2] {
        [
            (p.x - self.translate[0]) / self.scale[0],
            (p.y - self.translate[1]) / self.scale[1],
        ]
    }

    /// The municipality (index into [`Boundaries::municipalities`]) containing `p`
    /// (lon, lat), or `None` outside every indexed polygon. A point exactly on a
    /// shared border belongs to one of the two neighbours, consistently.
    pub fn locate(&self, p: Coord<f64>) -> Option<MunicipalityId> {
        if !(p.x.is_finite() && p.y.is_finite()) {
            return None;
        }
        let q = self.quantize(p);
        first_part_containing(&self.tree, &self.parts, q)
            .map(|part| MunicipalityId::from_u32(self.parts[part].0))
    }

    /// Every indexed municipality whose envelope contains `p`, for diagnostics.
    pub fn candidates(&self, p: Coord<f64>) -> Vec<MunicipalityId> {
        let q = self.quantize(p);
        let mut out: Vec<MunicipalityId> = self
            .tree
            .locate_in_envelope_intersecting(&AABB::from_point(q))
            .map(|h| MunicipalityId::from_u32(self.parts[h.data].0))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The indexed parts (municipality, rings) and the quantisation, for building a
    /// [`crate::locate::grid_locator::GridLocator`] over the very same polygons.
    pub(crate) fn parts_for_grid(&self) -> (Vec<(u32, RingSet)>, [f64; 2], [f64; 2]) {
        (self.parts.clone(), self.translate, self.scale)
    }

    /// The number of indexed polygon parts.
    pub fn part_count(&self) -> usize {
        self.parts.len()
    }

    /// Brute force: tests every indexed part without the R-tree. Used to verify
    /// the tree; far slower.
    pub fn locate_brute_force(&self, p: Coord<f64>) -> Option<MunicipalityId> {
        let q = self.quantize(p);
        self.parts
            .iter()
            .find(|(_, set)| set.contains(q))
            .map(|(m, _)| MunicipalityId::from_u32(*m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_points::points;

    #[test]
    fn rtree_agrees_with_brute_force_on_random_points() {
        let b = Boundaries::embedded();
        let ruhr: Vec<MunicipalityId> = b
            .municipalities()
            .iter()
            .enumerate()
            .filter(|(_, m)| m.ags.land_key() == "05")
            .map(|(i, _)| MunicipalityId::new(i))
            .collect();
        let index = MunicipalityIndex::for_subset(b, &ruhr);
        let mut found = 0;
        for p in points(0x5eed, 2000, [6.4, 51.2, 7.9, 51.9]) {
            let fast = index.locate(p);
            assert_eq!(fast, index.locate_brute_force(p), "at {p:?}");
            found += fast.is_some() as usize;
        }
        assert!(found > 1500, "NRW covers most of this box, found {found}");
    }
}
