//! The base map under the figures: municipality polygons, dissolved areas
//! (sub-regions, context) and border lines, all taken from the shared arcs
//! of the render topology.
//!
//! Working on arcs rather than polygons does three things. Each vertex is
//! projected only once, however many polygons and panels use it
//! ([`ProjectedTopology`] caches the projected arcs for all figures of a run).
//! Simplification for the print scale is done per arc, so neighbours keep a
//! common border without slivers. And a border is drawn exactly once, with
//! the style its two sides call for (municipality, Kreis, region outline),
//! instead of twice as the outline of both neighbours.

use crate::boundaries::{ArcRef, DirectedArc, Topology};
use crate::crs::{MapProjection, PageTransform, ProjectionError};
use crate::render::scene::{PathData, Point};
use geo::Simplify;
use geo_types::{Coord, LineString, MultiPolygon, Polygon, Rect, coord};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// A topology whose arcs are projected on first use and kept.
///
/// ```
/// use ruhrmap::Boundaries; use ruhrmap::crs::MapProjection; use ruhrmap::render::ProjectedTopology;
/// let b = Boundaries::embedded();
/// let p = ProjectedTopology::new(b.render_topology(), MapProjection::new("EPSG:25832").unwrap());
/// // the topology's geometries are in the order of the municipalities
/// let essen = b.index_of("05113000".parse().unwrap()).unwrap().index();
/// let extent = p.extent_of(&[essen]).unwrap();
/// // Essen is about 21 km wide
/// assert!(extent.width() > 15_000.0 && extent.width() < 30_000.0, "{extent:?}");
/// ```
pub struct ProjectedTopology<'t> {
    topology: &'t Topology,
    projection: MapProjection,
    arcs: Vec<OnceLock<Result<Vec<Coord<f64>>, ProjectionError>>>,
    users: Vec<[Option<usize>; 2]>,
    bboxes: Vec<[i32; 4]>,
}

impl std::fmt::Debug for ProjectedTopology<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProjectedTopology")
            .field("crs", &self.projection.crs())
            .field("arcs", &self.arcs.len())
            .finish()
    }
}

impl<'t> ProjectedTopology<'t> {
    /// Prepares `topology` for drawing in `projection`. Cheap: nothing is
    /// projected yet; only arc users and quantised bounding boxes are computed.
    pub fn new(topology: &'t Topology, projection: MapProjection) -> ProjectedTopology<'t> {
        let arc_boxes: Vec<[i32; 4]> = topology
            .arcs
            .iter()
            .map(|arc| {
                arc.iter()
                    .fold([i32::MAX, i32::MAX, i32::MIN, i32::MIN], |b, p| {
                        [
                            b[0].min(p[0]),
                            b[1].min(p[1]),
                            b[2].max(p[0]),
                            b[3].max(p[1]),
                        ]
                    })
            })
            .collect();
        let bboxes = topology
            .geometries
            .iter()
            .map(|polys| {
                polys.iter().flatten().flatten().fold(
                    [i32::MAX, i32::MAX, i32::MIN, i32::MIN],
                    |b, &r| {
                        let a = arc_boxes[Topology::decode_ref(r).arc];
                        [
                            b[0].min(a[0]),
                            b[1].min(a[1]),
                            b[2].max(a[2]),
                            b[3].max(a[3]),
                        ]
                    },
                )
            })
            .collect();
        ProjectedTopology {
            topology,
            projection,
            arcs: (0..topology.arcs.len()).map(|_| OnceLock::new()).collect(),
            users: topology.arc_users(),
            bboxes,
        }
    }

    /// The projection used.
    pub fn projection(&self) -> &MapProjection {
        &self.projection
    }

    /// The underlying topology.
    pub fn topology(&self) -> &'t Topology {
        self.topology
    }

    /// For each arc, the (up to two) geometries that use it.
    pub fn users(&self) -> &[[Option<usize>; 2]] {
        &self.users
    }

    /// Arc `i` in projected metres (projected on first use).
    pub fn arc(&self, i: usize) -> Result<&[Coord<f64>], ProjectionError> {
        let cached = self.arcs[i].get_or_init(|| {
            self.topology.arcs[i]
                .iter()
                .map(|&q| self.projection.project(self.topology.to_lonlat(q)))
                .collect()
        });
        match cached {
            Ok(v) => Ok(v),
            Err(e) => Err(e.clone()),
        }
    }

    /// Geometries whose lon/lat bounding box meets `window` (lon/lat), in index order.
    pub fn geometries_in(&self, window: Rect<f64>) -> Vec<usize> {
        let t = self.topology;
        let lo = [
            ((window.min().x - t.translate[0]) / t.scale[0]).floor(),
            ((window.min().y - t.translate[1]) / t.scale[1]).floor(),
        ];
        let hi = [
            ((window.max().x - t.translate[0]) / t.scale[0]).ceil(),
            ((window.max().y - t.translate[1]) / t.scale[1]).ceil(),
        ];
        (0..self.bboxes.len())
            .filter(|&g| {
                let b = self.bboxes[g];
                b[0] <= b[2]
                    && (b[2] as f64) >= lo[0]
                    && (b[0] as f64) <= hi[0]
                    && (b[3] as f64) >= lo[1]
                    && (b[1] as f64) <= hi[1]
            })
            .collect()
    }

    /// The projected bounding box of the given geometries (metres). Only
    /// the arcs on the outline of their union are projected for it: a border
    /// between two of them lies inside, and a Land or all of Germany costs
    /// its outline, not every municipality.
    pub fn extent_of(&self, geometries: &[usize]) -> Result<Rect<f64>, ProjectionError> {
        let mut chosen = vec![false; self.topology.geometries.len()];
        for &g in geometries {
            chosen[g] = true;
        }
        let inner = |i: usize| matches!(self.users[i], [Some(a), Some(b)] if a != b && chosen[a] && chosen[b]);
        let mut lo = coord! { x: f64::INFINITY, y: f64::INFINITY };
        let mut hi = coord! { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY };
        for &g in geometries {
            for &r in self.topology.geometries[g].iter().flatten().flatten() {
                let i = Topology::decode_ref(r).arc;
                if inner(i) {
                    continue;
                }
                for p in self.arc(i)? {
                    lo = coord! { x: lo.x.min(p.x), y: lo.y.min(p.y) };
                    hi = coord! { x: hi.x.max(p.x), y: hi.y.max(p.y) };
                }
            }
        }
        if lo.x > hi.x {
            return Ok(Rect::new(
                coord! { x: 0.0, y: 0.0 },
                coord! { x: 0.0, y: 0.0 },
            ));
        }
        Ok(Rect::new(lo, hi))
    }
}

/// The geometry of one figure's frame: the geometries in view, with their
/// arcs projected and simplified for the print scale.
pub struct FrameGeometry<'p, 't> {
    projected: &'p ProjectedTopology<'t>,
    /// Geometries in view, ascending.
    selected: Vec<usize>,
    /// Simplified arcs (metres), by arc index.
    arcs: BTreeMap<usize, Vec<Coord<f64>>>,
    /// The tolerance they were simplified with (metres).
    tolerance_m: f64,
}

impl<'p, 't> FrameGeometry<'p, 't> {
    /// Selects the geometries meeting `window` (lon/lat) and simplifies their
    /// arcs with a Douglas–Peucker tolerance of `tolerance_m` metres (about
    /// a tenth of a millimetre at print scale is invisible and halves the file).
    /// Arc end points are kept, so shared borders stay shared.
    pub fn new(
        projected: &'p ProjectedTopology<'t>,
        window: Rect<f64>,
        tolerance_m: f64,
    ) -> Result<FrameGeometry<'p, 't>, ProjectionError> {
        FrameGeometry::with_arcs(projected, window, tolerance_m, |_| true)
    }

    /// As [`FrameGeometry::new`], but only the arcs for which `drawn(arc)`
    /// holds are projected and simplified up front: a map at national
    /// extent draws no border between two municipalities of one Kreis and
    /// need not project it. [`FrameGeometry::borders`] and
    /// [`FrameGeometry::dissolve`] must only meet those arcs;
    /// [`FrameGeometry::polygon`] completes the others when asked.
    pub fn with_arcs(
        projected: &'p ProjectedTopology<'t>,
        window: Rect<f64>,
        tolerance_m: f64,
        drawn: impl Fn(usize) -> bool,
    ) -> Result<FrameGeometry<'p, 't>, ProjectionError> {
        let selected = projected.geometries_in(window);
        let mut arcs = BTreeMap::new();
        for &g in &selected {
            for &r in projected.topology.geometries[g].iter().flatten().flatten() {
                let i = Topology::decode_ref(r).arc;
                if arcs.contains_key(&i) || !drawn(i) {
                    continue;
                }
                arcs.insert(i, simplified(projected.arc(i)?, tolerance_m));
            }
        }
        Ok(FrameGeometry {
            projected,
            selected,
            arcs,
            tolerance_m,
        })
    }

    /// The geometries in view, ascending.
    pub fn selected(&self) -> &[usize] {
        &self.selected
    }

    /// Whether geometry `g` is in view.
    pub fn is_selected(&self, g: usize) -> bool {
        self.selected.binary_search(&g).is_ok()
    }

    fn arc_directed(&self, r: ArcRef) -> Vec<Coord<f64>> {
        let DirectedArc { arc: i, reversed } = Topology::decode_ref(r);
        let mut arc = match self.arcs.get(&i) {
            Some(arc) => arc.clone(),
            // an arc left out by `with_arcs`; its projection cannot fail
            // where its neighbours' did not, and an empty piece is the fallback
            None => self
                .projected
                .arc(i)
                .map(|a| simplified(a, self.tolerance_m))
                .unwrap_or_default(),
        };
        if reversed {
            arc.reverse();
        }
        arc
    }

    fn ring(&self, refs: &[ArcRef]) -> Vec<Coord<f64>> {
        let mut out: Vec<Coord<f64>> = Vec::new();
        for &r in refs {
            let arc = self.arc_directed(r);
            let skip = usize::from(!out.is_empty());
            out.extend(arc.into_iter().skip(skip));
        }
        out
    }

    /// Geometry `g` (which must be in view) as simplified polygons in metres.
    pub fn polygon(&self, g: usize) -> MultiPolygon<f64> {
        MultiPolygon(
            self.projected.topology.geometries[g]
                .iter()
                .map(|rings| {
                    let mut rings = rings.iter().map(|r| LineString::from(self.ring(r)));
                    let exterior = rings.next().unwrap_or_else(|| LineString::new(vec![]));
                    Polygon::new(exterior, rings.collect())
                })
                .collect(),
        )
    }

    /// The outline rings (metres) of the union of the geometries in view for
    /// which `member` holds: arcs between two members are dropped and the rest
    /// chained into closed rings. Draw them with the even-odd rule.
    pub fn dissolve(&self, member: impl Fn(usize) -> bool) -> Vec<Vec<Coord<f64>>> {
        let users = self.projected.users();
        let topo = self.projected.topology;
        // directed boundary arcs in a fixed order
        let mut directed: Vec<ArcRef> = Vec::new();
        for &g in &self.selected {
            if !member(g) {
                continue;
            }
            for &r in topo.geometries[g].iter().flatten().flatten() {
                let i = Topology::decode_ref(r).arc;
                let [a, b] = users[i];
                let other = if a == Some(g) { b } else { a };
                let inner = match other {
                    Some(o) => o != g && self.is_selected(o) && member(o),
                    None => false,
                };
                if !inner {
                    directed.push(r);
                }
            }
        }
        chain_rings(&directed, |r| self.arc_directed(r), topo)
    }

    /// Border lines (metres): the arcs used by a geometry in view for which
    /// `keep(first_user, second_user)` holds, chained into polylines.
    pub fn borders(
        &self,
        keep: impl Fn(Option<usize>, Option<usize>) -> bool,
    ) -> Vec<Vec<Coord<f64>>> {
        let users = self.projected.users();
        let chosen: Vec<usize> = self
            .arcs
            .keys()
            .copied()
            .filter(|&i| keep(users[i][0], users[i][1]))
            .collect();
        chain_lines(&chosen, |i| self.arcs[&i].clone())
    }
}

/// An arc (metres) simplified with Douglas–Peucker at `tolerance_m`, its
/// end points kept; as it is when the tolerance is 0.
fn simplified(arc: &[Coord<f64>], tolerance_m: f64) -> Vec<Coord<f64>> {
    let line = LineString::from(arc.to_vec());
    if tolerance_m > 0.0 {
        line.simplify(tolerance_m).0
    } else {
        line.0
    }
}

/// Chains directed arcs into rings ([`Topology::chain_arcs`]), each as
/// its coordinates; an open chain is kept as it is.
fn chain_rings(
    directed: &[ArcRef],
    arc: impl Fn(ArcRef) -> Vec<Coord<f64>>,
    topo: &Topology,
) -> Vec<Vec<Coord<f64>>> {
    let mut rings = Vec::new();
    for chain in topo.chain_arcs(directed) {
        let mut ring = arc(chain.arcs[0]);
        for &r in &chain.arcs[1..] {
            ring.extend(arc(r).into_iter().skip(1));
        }
        if ring.len() >= 3 {
            rings.push(ring);
        }
    }
    rings
}

/// Chains undirected arcs into polylines through vertices where exactly two
/// of them meet.
fn chain_lines(chosen: &[usize], arc: impl Fn(usize) -> Vec<Coord<f64>>) -> Vec<Vec<Coord<f64>>> {
    let lines: Vec<Vec<Coord<f64>>> = chosen
        .iter()
        .map(|&i| arc(i))
        .filter(|l| l.len() >= 2)
        .collect();
    let key = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    let mut at: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (k, l) in lines.iter().enumerate() {
        at.entry(key(&l[0])).or_default().push(k);
        at.entry(key(&l[l.len() - 1])).or_default().push(k);
    }
    let mut used = vec![false; lines.len()];
    let mut out = Vec::new();
    for first in 0..lines.len() {
        if used[first] {
            continue;
        }
        used[first] = true;
        let mut line = lines[first].clone();
        // extend forwards, then backwards, through degree-2 vertices
        for _direction in 0..2 {
            loop {
                let end = key(&line[line.len() - 1]);
                let Some(ks) = at.get(&end) else { break };
                if ks.len() != 2 {
                    break;
                }
                let Some(k) = ks.iter().copied().find(|&k| !used[k]) else {
                    break;
                };
                used[k] = true;
                let next = &lines[k];
                if key(&next[0]) == end {
                    line.extend(next.iter().skip(1).copied());
                } else {
                    line.extend(next.iter().rev().skip(1).copied());
                }
                if key(&line[line.len() - 1]) == key(&line[0]) {
                    break;
                }
            }
            line.reverse();
        }
        out.push(line);
    }
    out
}

/// Rings or lines in metres as page path data through `transform`.
/// Consecutive vertices closer than `min_step_mm` on the page are merged.
pub fn to_path(
    parts: &[Vec<Coord<f64>>],
    transform: &PageTransform,
    closed: bool,
    min_step_mm: f64,
) -> PathData {
    let mut data = PathData::new();
    for part in parts {
        let mut pts: Vec<Point> = Vec::with_capacity(part.len());
        for (k, &c) in part.iter().enumerate() {
            let p = transform.to_page(c);
            let p = Point::new(p.x, p.y);
            let last_vertex = k + 1 == part.len();
            if let Some(prev) = pts.last()
                && !last_vertex
                && (p.x - prev.x).hypot(p.y - prev.y) < min_step_mm
            {
                continue;
            }
            pts.push(p);
        }
        if closed {
            data.push_ring(&pts);
        } else if pts.len() >= 2 {
            data = pts
                .iter()
                .skip(1)
                .fold(data.move_to(pts[0]), |d, &p| d.line_to(p));
        }
    }
    data
}

/// Polygons in metres to page millimetres.
pub fn polygon_to_page(
    polygon: &MultiPolygon<f64>,
    transform: &PageTransform,
) -> MultiPolygon<f64> {
    use geo::MapCoords;
    polygon.map_coords(|c| transform.to_page(c))
}

/// Per geometry (index into the boundaries): region membership, Kreis and
/// sub-region class – what the base map is coloured and bordered by.
#[derive(Debug, Clone)]
pub struct RegionMembership {
    /// Whether municipality `g` belongs to the region.
    pub in_region: Vec<bool>,
    /// The Kreis number (the first five digits of the AGS) of municipality `g`.
    pub kreis: Vec<u32>,
    /// The sub-region class (index into the scheme's classes) of municipality `g`.
    pub class: Vec<Option<usize>>,
    /// Indices of the region's municipalities, ascending.
    pub members: Vec<usize>,
}

impl RegionMembership {
    /// Membership of every municipality of `boundaries`.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SubregionScheme}; use ruhrmap::render::RegionMembership;
    /// let b = Boundaries::embedded();
    /// let ruhr = Region::ruhr(b);
    /// let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
    /// let m = RegionMembership::new(b, &ruhr, Some(&zonen));
    /// assert_eq!(m.members.len(), 53);
    /// let essen = b.index_of("05113000".parse().unwrap()).unwrap().index();
    /// assert!(m.in_region[essen] && m.class[essen].is_some());
    /// assert_eq!(m.kreis[essen], 5113);
    /// ```
    pub fn new(
        boundaries: &crate::boundaries::Boundaries,
        region: &crate::boundaries::Region,
        subregions: Option<&crate::boundaries::SubregionScheme>,
    ) -> RegionMembership {
        let municipalities = boundaries.municipalities();
        let in_region: Vec<bool> = municipalities
            .iter()
            .map(|m| region.contains(m.ags))
            .collect();
        let kreis = municipalities
            .iter()
            .map(|m| m.ags.as_u32() / 1000)
            .collect();
        let class = municipalities
            .iter()
            .zip(&in_region)
            .map(|(m, &inside)| {
                if inside {
                    subregions.and_then(|s| s.class_index(m.ags))
                } else {
                    None
                }
            })
            .collect();
        let members = (0..municipalities.len())
            .filter(|&g| in_region[g])
            .collect();
        RegionMembership {
            in_region,
            kreis,
            class,
            members,
        }
    }
}

/// How finely the base map draws the borders inside the region, chosen by
/// the map scale: municipality outlines only when the region's
/// municipalities are on average at least 4 mm wide on the page
/// (`MIN_OUTLINE_WIDTH` in the style table), Kreis borders as the strong
/// grey line only when the Kreise are at least 10 mm wide
/// (`MIN_KREIS_BORDER_WIDTH`). Coarser levels leave out the finer lines
/// entirely (smaller files, a legible map at national extent); the
/// sub-region fills are dissolved either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BorderDetail {
    /// Municipality outlines (thin, white) and Kreis borders (grey).
    Municipalities,
    /// Kreis borders (grey) only.
    Kreise,
    /// Kreis borders thin and white, Land borders grey.
    Laender,
}

impl BorderDetail {
    /// The level for the region's `members` (indices into `boundaries`) at
    /// `mm_per_metre`, never coarser than `coarsest`.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region}; use ruhrmap::render::BorderDetail;
    /// let b = Boundaries::embedded();
    /// let all: Vec<usize> = (0..b.municipalities().len()).collect();
    /// // Germany on a 160 mm page (about 1 : 4 million): Land borders
    /// let germany = BorderDetail::for_scale(b, &all, 160.0 / 640_000.0, BorderDetail::Laender);
    /// assert_eq!(germany, BorderDetail::Laender);
    /// // the Ruhr on the same page (about 1 : 700 000): every municipality
    /// let ruhr: Vec<usize> = Region::ruhr(b).members().iter().filter_map(|&a| b.index_of(a)).map(|id| id.index()).collect();
    /// assert_eq!(BorderDetail::for_scale(b, &ruhr, 160.0 / 110_000.0, BorderDetail::Laender), BorderDetail::Municipalities);
    /// ```
    pub fn for_scale(
        boundaries: &crate::boundaries::Boundaries,
        members: &[usize],
        mm_per_metre: f64,
        coarsest: BorderDetail,
    ) -> BorderDetail {
        use crate::render::figures::dimensions::{MIN_KREIS_BORDER_WIDTH, MIN_OUTLINE_WIDTH};
        let municipalities = boundaries.municipalities();
        let area_km2: f64 = members.iter().map(|&g| municipalities[g].area_km2).sum();
        let mut kreise: Vec<u32> = members
            .iter()
            .map(|&g| municipalities[g].ags.as_u32() / 1000)
            .collect();
        kreise.sort_unstable();
        kreise.dedup();
        // the side of a square of the average area, on the page
        let mean_width = |n: usize| (area_km2 / n.max(1) as f64).sqrt() * 1000.0 * mm_per_metre;
        let level = if members.is_empty() || mean_width(members.len()) >= MIN_OUTLINE_WIDTH {
            BorderDetail::Municipalities
        } else if mean_width(kreise.len()) >= MIN_KREIS_BORDER_WIDTH {
            BorderDetail::Kreise
        } else {
            BorderDetail::Laender
        };
        level.min(coarsest)
    }

    /// Whether the base map at this level needs the arc between geometries
    /// `a` and `b` (its users): at coarser levels than municipalities, a
    /// border inside one Kreis, with the same region membership and class
    /// on both sides, is neither drawn nor an edge of a fill.
    pub fn needs_arc(
        self,
        users: [Option<usize>; 2],
        in_region: &[bool],
        kreis: &[u32],
        class: &[Option<usize>],
    ) -> bool {
        match users {
            [Some(a), Some(b)] if self != BorderDetail::Municipalities => {
                in_region[a] != in_region[b] || class[a] != class[b] || kreis[a] != kreis[b]
            }
            _ => true,
        }
    }

    /// The key whose change between two municipalities makes the grey
    /// border: the Kreis (first five AGS digits), at [`BorderDetail::Laender`]
    /// the Land (first two).
    fn grey_key(self, kreis: u32) -> u32 {
        match self {
            BorderDetail::Laender => kreis / 1000,
            _ => kreis,
        }
    }
}

/// The base map of one frame in metres, dissolved and split into the line
/// kinds it is drawn with; computed once per figure and drawn into every
/// panel through that panel's page transform.
#[derive(Debug, Clone, Default)]
pub struct BaseMapGeometry {
    /// Outline rings of the municipalities outside the region (grey context).
    pub context: Vec<Vec<Coord<f64>>>,
    /// Per sub-region class (index into the scheme's classes): outline rings.
    pub classes: Vec<(usize, Vec<Vec<Coord<f64>>>)>,
    /// Region municipalities in no class.
    pub unclassed: Vec<Vec<Coord<f64>>>,
    /// Kreis borders (and the national border) outside the region.
    pub context_borders: Vec<Vec<Coord<f64>>>,
    /// Thin white borders inside the region: between municipalities of one
    /// Kreis, or at [`BorderDetail::Laender`] between Kreise of one Land;
    /// none at [`BorderDetail::Kreise`].
    pub municipality_borders: Vec<Vec<Coord<f64>>>,
    /// Grey borders inside the region: between Kreise, or at
    /// [`BorderDetail::Laender`] between Länder.
    pub kreis_borders: Vec<Vec<Coord<f64>>>,
    /// The region's outline.
    pub outline: Vec<Vec<Coord<f64>>>,
}

impl BaseMapGeometry {
    /// Splits the frame's geometry: `in_region[g]` tells region membership,
    /// `kreis[g]` the Kreis key and `class[g]` the sub-region class of
    /// geometry `g` (indices into the boundaries); `detail` which borders
    /// inside the region are drawn.
    pub fn new(
        frame: &FrameGeometry,
        in_region: &[bool],
        kreis: &[u32],
        class: &[Option<usize>],
        class_count: usize,
        detail: BorderDetail,
    ) -> BaseMapGeometry {
        let inside = |g: usize| in_region[g];
        let grey = |g: usize| detail.grey_key(kreis[g]);
        let context = frame.dissolve(|g| !inside(g));
        let classes = (0..class_count)
            .map(|c| (c, frame.dissolve(|g| inside(g) && class[g] == Some(c))))
            .filter(|(_, rings)| !rings.is_empty())
            .collect();
        let unclassed = frame.dissolve(|g| inside(g) && class[g].is_none());
        let context_borders = frame.borders(|a, b| match (a, b) {
            (Some(a), Some(b)) => !inside(a) && !inside(b) && grey(a) != grey(b),
            (Some(a), None) | (None, Some(a)) => !inside(a),
            (None, None) => false,
        });
        let municipality_borders = match detail {
            BorderDetail::Municipalities => frame.borders(|a, b| matches!((a, b), (Some(a), Some(b)) if inside(a) && inside(b) && kreis[a] == kreis[b] && a != b)),
            BorderDetail::Kreise => Vec::new(),
            BorderDetail::Laender => frame.borders(|a, b| matches!((a, b), (Some(a), Some(b)) if inside(a) && inside(b) && kreis[a] != kreis[b] && grey(a) == grey(b))),
        };
        let kreis_borders = frame.borders(|a, b| matches!((a, b), (Some(a), Some(b)) if inside(a) && inside(b) && grey(a) != grey(b)));
        let outline = frame.borders(|a, b| {
            let ia = a.is_some_and(inside);
            let ib = b.is_some_and(inside);
            ia != ib
        });
        BaseMapGeometry {
            context,
            classes,
            unclassed,
            context_borders,
            municipality_borders,
            kreis_borders,
            outline,
        }
    }
}

impl BaseMapGeometry {
    /// The same base map cut to `extent` (metres): whatever lies outside the
    /// frame is not written to the file at all (the panel's clip path only
    /// hides it). Areas are cut with the even-odd rule, lines piece by piece.
    pub fn clipped(&self, extent: Rect<f64>) -> BaseMapGeometry {
        use geo::BooleanOps;
        use geo_types::MultiLineString;
        let frame = extent.to_polygon();
        let areas = |rings: &Vec<Vec<Coord<f64>>>| -> Vec<Vec<Coord<f64>>> {
            if rings.is_empty() {
                return Vec::new();
            }
            // every ring as its own polygon: with the even-odd rule holes cancel out
            let subject = MultiPolygon(
                rings
                    .iter()
                    .map(|r| Polygon::new(LineString::from(r.clone()), vec![]))
                    .collect(),
            );
            subject
                .intersection(&frame)
                .0
                .into_iter()
                .flat_map(|p| {
                    let (exterior, interiors) = p.into_inner();
                    std::iter::once(exterior).chain(interiors).map(|l| l.0)
                })
                .filter(|r| r.len() >= 4)
                .collect()
        };
        let lines = |parts: &Vec<Vec<Coord<f64>>>| -> Vec<Vec<Coord<f64>>> {
            if parts.is_empty() {
                return Vec::new();
            }
            let mls = MultiLineString(parts.iter().map(|l| LineString::from(l.clone())).collect());
            frame
                .clip(&mls, false)
                .0
                .into_iter()
                .map(|l| l.0)
                .filter(|l| l.len() >= 2)
                .collect()
        };
        BaseMapGeometry {
            context: areas(&self.context),
            classes: self
                .classes
                .iter()
                .map(|(c, r)| (*c, areas(r)))
                .filter(|(_, r)| !r.is_empty())
                .collect(),
            unclassed: areas(&self.unclassed),
            context_borders: lines(&self.context_borders),
            municipality_borders: lines(&self.municipality_borders),
            kreis_borders: lines(&self.kreis_borders),
            outline: lines(&self.outline),
        }
    }
}

/// The base map drawn for one panel, by layer.
#[derive(Debug, Clone, Default)]
pub struct BaseMapLayers {
    /// Grey context and its borders.
    pub context: Vec<crate::render::scene::Item>,
    /// Sub-region fills.
    pub fills: Vec<crate::render::scene::Item>,
    /// Thin municipality borders inside the region.
    pub municipality_borders: Vec<crate::render::scene::Item>,
    /// Kreis borders and the region outline, on top.
    pub borders: Vec<crate::render::scene::Item>,
}

/// Vertices closer than this on the page are merged when drawing (mm).
const MIN_STEP_MM: f64 = 0.1;

impl BaseMapGeometry {
    /// Draws the base map through `transform`; `fills[c]` is the fill of
    /// class `c`; ids start with `id`.
    pub fn draw(
        &self,
        transform: &PageTransform,
        fills: &[crate::render::scene::Color],
        fill_opacity: f64,
        id: &str,
    ) -> BaseMapLayers {
        use crate::render::figures::dimensions::{
            CONTEXT_BORDER_STROKE, KREIS_BORDER_STROKE, MUNICIPALITY_BORDER_STROKE,
            REGION_OUTLINE_STROKE,
        };
        use crate::render::scene::{Item, Path, Stroke, Style};
        use crate::render::symbology as sym;
        let path =
            |suffix: &str, parts: &[Vec<Coord<f64>>], closed: bool, style: Style| -> Option<Item> {
                let data = to_path(parts, transform, closed, MIN_STEP_MM);
                (!data.is_empty()).then(|| {
                    Item::Path(Path {
                        id: Some(format!("{id}-{suffix}")),
                        data,
                        style,
                    })
                })
            };
        let mut layers = BaseMapLayers::default();
        layers.context.extend(path(
            "context",
            &self.context,
            true,
            Style::fill(sym::CONTEXT_FILL),
        ));
        layers.context.extend(path(
            "context-borders",
            &self.context_borders,
            false,
            Style::stroke(Stroke::solid(sym::CONTEXT_BORDER, CONTEXT_BORDER_STROKE)),
        ));
        for (c, rings) in &self.classes {
            let fill = fills.get(*c).copied().unwrap_or(sym::UNCLASSED_FILL);
            layers.fills.extend(path(
                &format!("class-{c}"),
                rings,
                true,
                Style::fill(crate::render::symbology::tint(fill, fill_opacity)),
            ));
        }
        layers.fills.extend(path(
            "unclassed",
            &self.unclassed,
            true,
            Style::fill(sym::UNCLASSED_FILL),
        ));
        layers.municipality_borders.extend(path(
            "municipality-borders",
            &self.municipality_borders,
            false,
            Style::stroke(Stroke::solid(
                sym::MUNICIPALITY_BORDER,
                MUNICIPALITY_BORDER_STROKE,
            )),
        ));
        layers.borders.extend(path(
            "kreis-borders",
            &self.kreis_borders,
            false,
            Style::stroke(Stroke::solid(sym::KREIS_BORDER, KREIS_BORDER_STROKE)),
        ));
        layers.borders.extend(path(
            "region-outline",
            &self.outline,
            false,
            Style::stroke(Stroke::solid(sym::REGION_OUTLINE, REGION_OUTLINE_STROKE)),
        ));
        layers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::DEFAULT_CRS;

    /// Three unit squares in a row (quantised), far enough east for UTM 32N.
    fn strip() -> Topology {
        let sq = |x0: i32| {
            vec![vec![vec![
                (x0, 0),
                (x0, 10),
                (x0 + 10, 10),
                (x0 + 10, 0),
                (x0, 0),
            ]]]
        };
        Topology::from_quantized(&[sq(0), sq(10), sq(20)], [7.0, 51.5], [0.001, 0.001])
    }

    #[test]
    fn dissolve_drops_inner_borders() {
        let topo = strip();
        let p = ProjectedTopology::new(&topo, MapProjection::new(DEFAULT_CRS).unwrap());
        let window = Rect::new(coord! { x: 6.0, y: 51.0 }, coord! { x: 8.0, y: 52.0 });
        let f = FrameGeometry::new(&p, window, 0.0).unwrap();
        assert_eq!(f.selected(), &[0, 1, 2]);
        let all = f.dissolve(|_| true);
        assert_eq!(all.len(), 1);
        // the union of three squares is a rectangle: 8 distinct boundary vertices
        // (the inner junction vertices stay on the outline)
        assert_eq!(all[0].len() - 1, 8);
        assert_eq!(all[0][0], all[0][all[0].len() - 1]);
        let two = f.dissolve(|g| g != 1);
        assert_eq!(two.len(), 2);
    }

    #[test]
    fn borders_select_by_users_and_chain() {
        let topo = strip();
        let p = ProjectedTopology::new(&topo, MapProjection::new(DEFAULT_CRS).unwrap());
        let window = Rect::new(coord! { x: 6.0, y: 51.0 }, coord! { x: 8.0, y: 52.0 });
        let f = FrameGeometry::new(&p, window, 0.0).unwrap();
        let inner = f.borders(|a, b| a.is_some() && b.is_some());
        assert_eq!(inner.len(), 2);
        let outline = f.borders(|_, b| b.is_none());
        // the outer arcs chain into one closed line
        assert_eq!(outline.len(), 1);
        assert_eq!(outline[0][0], outline[0][outline[0].len() - 1]);
    }

    #[test]
    fn clipping_keeps_only_what_the_frame_shows() {
        let topo = strip();
        let p = ProjectedTopology::new(&topo, MapProjection::new(DEFAULT_CRS).unwrap());
        let window = Rect::new(coord! { x: 6.0, y: 51.0 }, coord! { x: 8.0, y: 52.0 });
        let f = FrameGeometry::new(&p, window, 0.0).unwrap();
        let in_region = vec![true, false, false];
        let base = BaseMapGeometry::new(
            &f,
            &in_region,
            &[1, 2, 3],
            &[Some(0), None, None],
            1,
            BorderDetail::Municipalities,
        );
        let full = p.extent_of(&[0, 1, 2]).unwrap();
        // keep the left half: the region square and half of the context
        let half = Rect::new(
            full.min(),
            coord! { x: (full.min().x + full.max().x) / 2.0, y: full.max().y },
        );
        let cut = base.clipped(half);
        let max_x = |parts: &Vec<Vec<Coord<f64>>>| {
            parts.iter().flatten().map(|c| c.x).fold(f64::MIN, f64::max)
        };
        assert!(max_x(&cut.context) <= half.max().x + 1e-6);
        assert!(max_x(&cut.context_borders) <= half.max().x + 1e-6);
        assert_eq!(cut.classes.len(), 1);
        use geo::Area;
        let area = |rings: &Vec<Vec<Coord<f64>>>| {
            rings
                .iter()
                .map(|r| Polygon::new(LineString::from(r.clone()), vec![]).unsigned_area())
                .sum::<f64>()
        };
        // of the two context squares, half of the first remains
        let square = area(&base.context) / 2.0;
        assert!(
            (area(&cut.context) - square / 2.0).abs() < square * 0.02,
            "{} vs {}",
            area(&cut.context),
            square / 2.0
        );
    }

    #[test]
    fn border_detail_moves_the_lines_up_a_level() {
        let topo = strip();
        let p = ProjectedTopology::new(&topo, MapProjection::new(DEFAULT_CRS).unwrap());
        let window = Rect::new(coord! { x: 6.0, y: 51.0 }, coord! { x: 8.0, y: 52.0 });
        let f = FrameGeometry::new(&p, window, 0.0).unwrap();
        // squares 0 and 1 in one Kreis, 2 in another Kreis of another Land
        let kreis = [5113, 5113, 6411];
        let class = [Some(0), Some(0), Some(1)];
        let base = |detail| BaseMapGeometry::new(&f, &[true; 3], &kreis, &class, 2, detail);
        let fine = base(BorderDetail::Municipalities);
        assert_eq!(fine.municipality_borders.len(), 1);
        assert_eq!(fine.kreis_borders.len(), 1);
        let kreise = base(BorderDetail::Kreise);
        assert!(kreise.municipality_borders.is_empty());
        assert_eq!(kreise.kreis_borders, fine.kreis_borders);
        // the Kreis border between squares 1 and 2 is a Land border too: it stays grey
        let laender = base(BorderDetail::Laender);
        assert!(laender.municipality_borders.is_empty());
        assert_eq!(laender.kreis_borders, fine.kreis_borders);
        // with both Kreise in one Land, it becomes a thin white line
        let one_land = BaseMapGeometry::new(
            &f,
            &[true; 3],
            &[5113, 5113, 5911],
            &class,
            2,
            BorderDetail::Laender,
        );
        assert_eq!(one_land.municipality_borders, fine.kreis_borders);
        assert!(one_land.kreis_borders.is_empty());
        // the fills are dissolved the same at every level
        assert_eq!(laender.classes, fine.classes);
    }

    #[test]
    fn arcs_left_out_up_front_are_completed_for_polygons() {
        let topo = strip();
        let p = ProjectedTopology::new(&topo, MapProjection::new(DEFAULT_CRS).unwrap());
        let window = Rect::new(coord! { x: 6.0, y: 51.0 }, coord! { x: 8.0, y: 52.0 });
        let all = FrameGeometry::new(&p, window, 0.0).unwrap();
        let none = FrameGeometry::with_arcs(&p, window, 0.0, |_| false).unwrap();
        assert!(none.borders(|_, _| true).is_empty(), "no arc drawn");
        for g in 0..3 {
            assert_eq!(none.polygon(g), all.polygon(g));
        }
    }

    #[test]
    fn a_region_extent_comes_from_its_outline_alone() {
        let b = crate::boundaries::Boundaries::embedded();
        let p = ProjectedTopology::new(
            b.render_topology(),
            MapProjection::new(DEFAULT_CRS).unwrap(),
        );
        let ruhr = crate::boundaries::Region::ruhr(b);
        let members: Vec<usize> = ruhr
            .members()
            .iter()
            .filter_map(|&a| b.index_of(a).map(|id| id.index()))
            .collect();
        let extent = p.extent_of(&members).unwrap();
        // the extent over every vertex of every member, inner borders included
        let every = members
            .iter()
            .flat_map(|&g| p.topology().geometries[g].iter().flatten().flatten())
            .flat_map(|&r| p.arc(Topology::decode_ref(r).arc).unwrap().to_vec())
            .fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |e, c| {
                [e[0].min(c.x), e[1].min(c.y), e[2].max(c.x), e[3].max(c.y)]
            });
        assert_eq!(
            [
                extent.min().x,
                extent.min().y,
                extent.max().x,
                extent.max().y
            ],
            every
        );
    }

    #[test]
    fn window_culls_far_geometries_and_each_arc_is_projected_once() {
        let topo = strip();
        let p = ProjectedTopology::new(&topo, MapProjection::new(DEFAULT_CRS).unwrap());
        let only_first = Rect::new(coord! { x: 6.0, y: 51.0 }, coord! { x: 7.005, y: 52.0 });
        assert_eq!(p.geometries_in(only_first), vec![0]);
        let a = p.arc(0).unwrap().as_ptr();
        let b = p.arc(0).unwrap().as_ptr();
        assert_eq!(a, b);
    }

    #[test]
    fn region_points_lie_in_their_projected_polygons() {
        use geo::Contains;
        let b = crate::boundaries::Boundaries::embedded();
        let ruhr = crate::boundaries::Region::ruhr(b);
        let p = ProjectedTopology::new(
            b.render_topology(),
            MapProjection::new(DEFAULT_CRS).unwrap(),
        );
        let members: Vec<usize> = ruhr
            .members()
            .iter()
            .filter_map(|&a| b.index_of(a))
            .map(|id| id.index())
            .collect();
        let extent = p.extent_of(&members).unwrap();
        let window = Rect::new(
            p.projection().unproject(extent.min()).unwrap(),
            p.projection().unproject(extent.max()).unwrap(),
        );
        let f = FrameGeometry::new(&p, window, 50.0).unwrap();
        for &g in &members {
            let m = &b.municipalities()[g];
            let point = p.projection().project(m.point).unwrap();
            assert!(
                f.polygon(g).contains(&geo_types::Point(point)),
                "{} ({}): point outside its polygon",
                m.name,
                m.ags
            );
        }
    }

    #[test]
    fn to_path_merges_tiny_steps_but_keeps_ends() {
        let t = PageTransform {
            mm_per_metre: 1.0,
            min_x: 0.0,
            max_y: 0.0,
            origin: coord! { x: 0.0, y: 0.0 },
        };
        let line = vec![
            coord! { x: 0.0, y: 0.0 },
            coord! { x: 0.01, y: 0.0 },
            coord! { x: 0.02, y: 0.0 },
            coord! { x: 5.0, y: 0.0 },
        ];
        let d = to_path(&[line], &t, false, 0.1);
        assert_eq!(d.segments.len(), 2);
    }
}
