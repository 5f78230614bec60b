//! The point locator the geocoder uses: the R-tree over all of Germany for a
//! few sites, a grid over the region and its surroundings once many are
//! located there. Both answer exactly; the choice only decides which is asked.

use crate::boundaries::{Boundaries, MunicipalityId, Region};

use crate::locate::grid_locator::GridLocator;

use crate::locate::municipality_index::MunicipalityIndex;
use geo_types::Coord;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How far around the region (in degrees, about 30 km) the grid reaches.
const SURROUNDINGS_DEG: f64 = 0.4;

/// Points in the grid's box the R-tree answers, per municipality in the
/// grid, before the grid is built. Building the grid costs about as much per
/// municipality as 15 R-tree lookups (Germany: a grid of 10,900
/// municipalities in 100–150 ms, lookups at 0.7 µs against the grid's
/// 0.08 µs), so from about this many points on the grid pays for itself.
const GRID_AFTER_PER_MUNICIPALITY: usize = 8;

/// Locates sites in any German municipality, fast where most sites are.
///
/// The grid covers every municipality whose bounding box meets the region's
/// box widened by about 30 km. Any municipality containing a point of that
/// widened box is therefore in the grid, so inside the box the grid's answer is
/// the answer; outside it the R-tree over Germany decides. The grid is worth
/// its build only for many points – over all of Germany it takes about 64 MB
/// and 100–150 ms, against the R-tree's 20 MB and 10 ms – so it is built when
/// the caller expects many ([`SiteLocator::expect_points`]) or once
/// [`SiteLocator::grid_threshold`] points in its box have been answered;
/// until then an R-tree over the grid's municipalities answers there (for a
/// region smaller than Germany a fraction of the one over all). The R-tree
/// over Germany is built on first use only, and not at all for points outside
/// the bounding box of Germany (swapped coordinates are tried that way for
/// every point outside Germany).
///
/// ```
/// use geo_types::Coord;
/// use ruhrmap::{Boundaries, Region, SiteLocator};
/// let b = Boundaries::embedded();
/// let ruhr = Region::ruhr(b);
/// let locator = SiteLocator::new(b, &ruhr);
/// let essen = locator.locate(Coord { x: 7.0117, y: 51.4513 }).unwrap();
/// assert_eq!(b.municipalities()[essen].name, "Essen");
/// let munich = locator.locate(Coord { x: 11.5755, y: 48.1372 }).unwrap();
/// assert_eq!(b.municipalities()[munich].name, "München");
/// assert_eq!(locator.locate(Coord { x: 2.35, y: 48.85 }), None); // Paris
/// ```
pub struct SiteLocator<'a> {
    boundaries: &'a Boundaries,
    /// The municipalities the grid covers.
    near_members: Vec<MunicipalityId>,
    near: OnceLock<GridLocator>,
    near_box: [f64; 4],
    /// Points in `near_box` answered by an R-tree so far.
    near_queries: AtomicUsize,
    /// The R-tree over the grid's municipalities, until the grid is built.
    near_index: OnceLock<MunicipalityIndex>,
    /// The bounding box of all municipalities: outside it, no municipality.
    germany_box: [f64; 4],
    germany: OnceLock<MunicipalityIndex>,
}

impl<'a> SiteLocator<'a> {
    /// A locator for sites around `region`; the grid is not built yet.
    pub fn new(boundaries: &'a Boundaries, region: &Region) -> SiteLocator<'a> {
        let bounds = boundaries.full_bounds();
        let bbox_of = |i: usize| match bounds[i] {
            Some(r) => [r.min().x, r.min().y, r.max().x, r.max().y],
            None => [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
        };
        let mut region_box = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for ags in region.members() {
            if let Some(i) = boundaries.index_of(*ags) {
                let b = bbox_of(i.index());
                region_box = [
                    region_box[0].min(b[0]),
                    region_box[1].min(b[1]),
                    region_box[2].max(b[2]),
                    region_box[3].max(b[3]),
                ];
            }
        }
        let near_box = if region_box[0].is_finite() {
            [
                region_box[0] - SURROUNDINGS_DEG,
                region_box[1] - SURROUNDINGS_DEG,
                region_box[2] + SURROUNDINGS_DEG,
                region_box[3] + SURROUNDINGS_DEG,
            ]
        } else {
            [0.0, 0.0, -1.0, -1.0] // an empty region: the R-tree answers everything
        };
        let mut germany_box = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        let members: Vec<MunicipalityId> = (0..boundaries.municipalities().len())
            .filter(|&i| {
                let b = bbox_of(i);
                germany_box = [
                    germany_box[0].min(b[0]),
                    germany_box[1].min(b[1]),
                    germany_box[2].max(b[2]),
                    germany_box[3].max(b[3]),
                ];
                b[0] <= near_box[2]
                    && b[2] >= near_box[0]
                    && b[1] <= near_box[3]
                    && b[3] >= near_box[1]
            })
            .map(MunicipalityId::new)
            .collect();
        SiteLocator {
            boundaries,
            near_members: members,
            near: OnceLock::new(),
            near_box,
            near_queries: AtomicUsize::new(0),
            near_index: OnceLock::new(),
            germany_box,
            germany: OnceLock::new(),
        }
    }

    /// How many points in the grid's box the R-tree answers before the grid
    /// is built: [`GRID_AFTER_PER_MUNICIPALITY`] per municipality it covers.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SiteLocator};
    /// let b = Boundaries::embedded();
    /// let ruhr = SiteLocator::new(b, &Region::ruhr(b));
    /// let de = Region::from_selectors("Deutschland", &["de".into()], b).unwrap();
    /// let germany = SiteLocator::new(b, &de);
    /// // the grid around the Ruhr covers some hundred municipalities, Germany's all
    /// assert!((1_000..20_000).contains(&ruhr.grid_threshold()));
    /// assert!(germany.grid_threshold() > 80_000);
    /// ```
    pub fn grid_threshold(&self) -> usize {
        self.near_members.len() * GRID_AFTER_PER_MUNICIPALITY
    }

    /// Tells the locator that about `points` points are coming: from
    /// [`SiteLocator::grid_threshold`] on, the grid is built now (a bulk
    /// geocoding then never builds the R-tree for points near the region).
    pub fn expect_points(&self, points: usize) {
        if points >= self.grid_threshold() {
            self.grid();
        }
    }

    /// The municipality containing `p` (lon, lat), or `None` outside Germany.
    #[inline]
    pub fn locate(&self, p: Coord<f64>) -> Option<MunicipalityId> {
        let b = &self.near_box;
        let g = &self.germany_box;
        if p.x >= b[0] && p.x <= b[2] && p.y >= b[1] && p.y <= b[3] {
            if let Some(grid) = self.near.get() {
                return grid.locate(p);
            }
            if self.near_queries.fetch_add(1, Ordering::Relaxed) >= self.grid_threshold() {
                return self.grid().locate(p);
            }
            self.near_index().locate(p)
        } else if p.x >= g[0] && p.x <= g[2] && p.y >= g[1] && p.y <= g[3] {
            self.germany().locate(p)
        } else {
            None
        }
    }

    fn grid(&self) -> &GridLocator {
        self.near
            .get_or_init(|| GridLocator::for_subset(self.boundaries, &self.near_members))
    }

    /// The R-tree over the grid's municipalities, for the few points before
    /// the grid: as exact as the grid inside its box, and over a region
    /// smaller than Germany far cheaper to build than the R-tree over all.
    fn near_index(&self) -> &MunicipalityIndex {
        if self.near_members.len() == self.boundaries.municipalities().len() {
            return self.germany();
        }
        self.near_index
            .get_or_init(|| MunicipalityIndex::for_subset(self.boundaries, &self.near_members))
    }

    fn germany(&self) -> &MunicipalityIndex {
        self.germany
            .get_or_init(|| MunicipalityIndex::new(self.boundaries))
    }

    /// Whether the R-tree over Germany has been built.
    #[cfg(test)]
    pub(crate) fn built_germany_index(&self) -> bool {
        self.germany.get().is_some()
    }

    /// Whether the grid has been built.
    #[cfg(test)]
    pub(crate) fn built_grid(&self) -> bool {
        self.near.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_germany_index_is_built_only_for_points_in_germany_s_box() {
        let b = Boundaries::embedded();
        let locator = SiteLocator::new(b, &Region::ruhr(b));
        locator.expect_points(usize::MAX); // the grid answers near the Ruhr
        // Essen; Essen swapped (lon 51.45 lies east of Germany); Paris; the North Sea
        assert!(
            locator
                .locate(Coord {
                    x: 7.0117,
                    y: 51.4513
                })
                .is_some()
        );
        for p in [(51.4513, 7.0117), (2.35, 48.85), (4.0, 54.0)] {
            assert_eq!(locator.locate(Coord { x: p.0, y: p.1 }), None, "{p:?}");
        }
        assert!(!locator.built_germany_index());
        let munich = locator
            .locate(Coord {
                x: 11.5755,
                y: 48.1372,
            })
            .unwrap();
        assert_eq!(b.municipalities()[munich].name, "München");
        assert!(locator.built_germany_index());
    }

    #[test]
    fn the_grid_is_built_after_its_threshold_or_when_many_points_are_expected() {
        let b = Boundaries::embedded();
        let essen = Coord {
            x: 7.0117,
            y: 51.4513,
        };
        let locator = SiteLocator::new(b, &Region::ruhr(b));
        locator.expect_points(locator.grid_threshold() - 1);
        assert!(!locator.built_grid());
        let first = locator.locate(essen);
        assert!(!locator.built_grid());
        // the few points near the region go to the R-tree over the grid's
        // municipalities, not the one over all of Germany
        assert!(!locator.built_germany_index());
        assert!(locator.near_index.get().is_some());
        for _ in 1..locator.grid_threshold() {
            assert_eq!(locator.locate(essen), first);
        }
        assert!(!locator.built_grid());
        assert_eq!(locator.locate(essen), first);
        assert!(locator.built_grid());

        let bulk = SiteLocator::new(b, &Region::ruhr(b));
        bulk.expect_points(bulk.grid_threshold());
        assert!(bulk.built_grid());
        assert_eq!(bulk.locate(essen), first);
        assert!(!bulk.built_germany_index());
    }

    #[test]
    fn agrees_with_the_rtree_inside_and_outside_the_grid() {
        let b = Boundaries::embedded();
        let locator = SiteLocator::new(b, &Region::ruhr(b));
        locator.expect_points(usize::MAX);
        let index = MunicipalityIndex::new(b);
        let mut next = crate::test_points::uniform(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            // half near the Ruhr, half anywhere in and around Germany
            let p = if next() < 0.5 {
                Coord {
                    x: 5.9 + next() * 2.6,
                    y: 50.9 + next() * 1.3,
                }
            } else {
                Coord {
                    x: 5.5 + next() * 10.0,
                    y: 47.0 + next() * 8.5,
                }
            };
            assert_eq!(locator.locate(p), index.locate(p), "at {p:?}");
        }
    }
}
