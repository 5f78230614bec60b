//! Grid-accelerated point-in-polygon: a uniform grid, refined where borders
//! run, whose cells lying wholly inside one municipality answer without any
//! edge test. Boundary cells keep only the edges that cross them and the
//! inside/outside state of their centre; a point's state is the centre's,
//! flipped once per edge crossed on the way from the centre to the point.
//!
//! It answers exactly like [`MunicipalityIndex`](crate::locate::municipality_index::MunicipalityIndex)
//! (the tests compare both on random points) at a fraction of the cost.

use crate::boundaries::{Boundaries, MunicipalityId};
use crate::locate::municipality_index::{
    MunicipalityIndex, PartEnvelope, envelope_tree, first_part_containing, quantized_parts,
};
use crate::locate::ring_set::RingSet;
use geo_types::Coord;
use rayon::prelude::*;
use rstar::RTree;
use std::sync::OnceLock;

const TAG_EMPTY: u32 = 0;
/// A root cell with edges that no prepared point falls in
/// ([`GridLocator::for_points`]): its leaf was never built, the exact test decides.
const CODE_UNBUILT: u32 = TAG_EMPTY | 1;
const TAG_INSIDE: u32 = 1 << 30;
const TAG_LEAF: u32 = 2 << 30;
const TAG_SPLIT: u32 = 3 << 30;
const TAG_MASK: u32 = 3 << 30;
const PAYLOAD: u32 = !TAG_MASK;

/// Children per side when a cell is refined.
const SPLIT: usize = 4;
/// The child whose corner is the parent's centre, where the walk starts.
const START: usize = SPLIT + 1;
/// A walk over all children, each step between neighbours: along row 1, then
/// up and down every column.
const STEPS: [(usize, usize); 15] = [
    (5, 4),
    (5, 6),
    (6, 7),
    (4, 0),
    (4, 8),
    (8, 12),
    (5, 1),
    (5, 9),
    (9, 13),
    (6, 2),
    (6, 10),
    (10, 14),
    (7, 3),
    (7, 11),
    (11, 15),
];
/// A boundary cell with more edges than this is refined… (Over Germany, 1.3 %
/// of random points fall into the root cells this refines, so a larger leaf
/// costs the query little, while each refinement costs the build sixteen
/// cells; 32 rather than 16 builds the Germany grid in about 70 % of the time.)
const MAX_LEAF_EDGES: usize = 32;
/// …unless it is this deep already.
const MAX_DEPTH: u8 = 6;
/// Root cells per polygon edge: fine enough that most boundary cells are
/// leaves at once (one memory access less per point), coarse enough that the
/// root stays a few megabytes.
const ROOT_CELLS_PER_EDGE: f64 = 1.0;
/// Marks a candidate part that contains its leaf's centre.
const CENTRE_INSIDE: u32 = 1 << 31;

/// The sizes of a [`GridLocator`]'s structure ([`GridLocator::stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridStats {
    /// Cells of the root grid.
    pub root_cells: usize,
    /// Root cells refined into blocks of finer cells.
    pub refined_blocks: usize,
    /// Fine cells on a boundary, which keep their edges for the exact test.
    pub boundary_leaves: usize,
    /// Edges stored in the boundary leaves.
    pub stored_edges: usize,
}

/// A grid-accelerated point locator with the same answers as
/// [`MunicipalityIndex::locate`].
///
/// Boundary leaves are packed into arrays of 32-bit words, so a point in a
/// boundary cell reads one contiguous record: the candidate count, and per
/// candidate part its municipality, its part number (with a flag for
/// "contains the cell centre") and the chains of its edges crossing the cell,
/// as vertices relative to an integer anchor next to the cell centre. The
/// query recomputes centre and anchor from the cell it walked to; relative
/// integer vertices keep the record small and the arithmetic on them exact.
///
/// ```
/// use geo_types::Coord;
/// use ruhrmap::{Boundaries, GridLocator, Region};
/// let b = Boundaries::embedded();
/// let ruhr: Vec<_> = Region::ruhr(b).members().iter().map(|a| b.index_of(*a).unwrap()).collect();
/// let grid = GridLocator::for_subset(b, &ruhr);
/// let i = grid.locate(Coord { x: 7.4653, y: 51.5136 }).unwrap(); // Dortmund
/// assert_eq!(b.municipalities()[i].name, "Dortmund");
/// assert_eq!(grid.locate(Coord { x: 6.7735, y: 51.2277 }), None); // Düsseldorf is not in the Ruhr
/// ```
pub struct GridLocator {
    origin: [f64; 2],
    cell: [f64; 2],
    cols: usize,
    rows: usize,
    root: Vec<u32>,
    /// Per root row, its refined cells and boundary leaves; the codes in a
    /// row's cells point into that row's arrays (built in parallel, kept as built).
    row_cells: Vec<RowCells>,
    leaf_count: usize,
    edge_count: usize,
    translate: [f64; 2],
    scale: [f64; 2],
    /// The polygon parts, for points lying exactly on an edge.
    parts: Vec<(u32, RingSet)>,
    /// The parts' envelopes, built on the first query in an unbuilt cell.
    envelopes: OnceLock<RTree<PartEnvelope>>,
}

/// The refined cells and boundary leaves of one root row.
struct RowCells {
    /// Refined cells: blocks of SPLIT×SPLIT codes.
    blocks: Vec<u32>,
    /// Boundary leaves, packed (see [`GridLocator`]).
    leaves: Vec<u32>,
}

/// A polygon part during construction: municipality and edges.
struct BuildPart {
    municipality: u32,
    edges: Vec<[i32; 4]>,
}

impl BuildPart {
    fn edge(&self, k: u32) -> [f64; 4] {
        self.edges[k as usize].map(f64::from)
    }
}

impl GridLocator {
    /// Builds the locator over every municipality.
    pub fn new(boundaries: &Boundaries) -> GridLocator {
        let all: Vec<MunicipalityId> = (0..boundaries.municipalities().len())
            .map(MunicipalityId::new)
            .collect();
        GridLocator::for_subset(boundaries, &all)
    }

    /// Builds the locator over the municipalities at the given positions.
    pub fn for_subset(boundaries: &Boundaries, members: &[MunicipalityId]) -> GridLocator {
        let topo = boundaries.full_topology();
        GridLocator::build(
            quantized_parts(boundaries, members),
            topo.translate,
            topo.scale,
            None,
        )
    }

    /// Builds the locator for a known set of points, as a batch geocoder has
    /// them: only the boundary cells some of the points fall in get their
    /// edges, which spares most of the build when the points are fewer than
    /// the cells. It answers every point exactly like [`GridLocator::for_subset`];
    /// a point in a boundary cell none of `points` fell in is decided by the
    /// exact test over the parts, through an R-tree built on first need.
    ///
    /// ```
    /// use geo_types::Coord;
    /// use ruhrmap::{Boundaries, GridLocator, MunicipalityId};
    /// let b = Boundaries::embedded();
    /// let all: Vec<_> = (0..b.municipalities().len()).map(MunicipalityId::new).collect();
    /// let sites = [Coord { x: 7.4653, y: 51.5136 }, Coord { x: 11.5755, y: 48.1372 }];
    /// let grid = GridLocator::for_points(b, &all, &sites);
    /// let found: Vec<_> = grid.locate_all(&sites).into_iter()
    ///     .map(|m| b.municipalities()[m.unwrap()].name.clone()).collect();
    /// assert_eq!(found, ["Dortmund", "München"]);
    /// // any other point is still answered, by the exact test
    /// let bochum = grid.locate(Coord { x: 7.2236, y: 51.4785 }).unwrap();
    /// assert_eq!(b.municipalities()[bochum].name, "Bochum");
    /// ```
    pub fn for_points(
        boundaries: &Boundaries,
        members: &[MunicipalityId],
        points: &[Coord<f64>],
    ) -> GridLocator {
        let topo = boundaries.full_topology();
        GridLocator::build(
            quantized_parts(boundaries, members),
            topo.translate,
            topo.scale,
            Some(points),
        )
    }

    /// Builds the same locator as a [`MunicipalityIndex`] over the same parts.
    pub fn from_index(index: &MunicipalityIndex) -> GridLocator {
        let (parts, translate, scale) = index.parts_for_grid();
        GridLocator::build(parts, translate, scale, None)
    }

    /// Builds the grid over `parts`; with `points`, only the boundary cells
    /// they fall in get leaves (see [`GridLocator::for_points`]).
    fn build(
        parts: Vec<(u32, RingSet)>,
        translate: [f64; 2],
        scale: [f64; 2],
        points: Option<&[Coord<f64>]>,
    ) -> GridLocator {
        let build_parts: Vec<BuildPart> = parts
            .par_iter()
            .with_min_len(64)
            .map(|(m, set)| BuildPart {
                municipality: *m,
                edges: set
                    .rings()
                    .iter()
                    .flat_map(|ring| {
                        ring.windows(2)
                            .map(|w| [w[0][0], w[0][1], w[1][0], w[1][1]])
                    })
                    .filter(|e| e[0] != e[2] || e[1] != e[3])
                    .collect(),
            })
            .collect();
        let total_edges: usize = build_parts.iter().map(|p| p.edges.len()).sum();
        let root = RootLayout::new(&parts, total_edges);
        let occupied = points.map(|points| root.occupied_cells(points, translate, scale));
        let (row_inputs, unbuilt) = root.bucket_edges(&build_parts, occupied.as_ref());
        // each row is built on its own (in parallel), then the rows are joined
        let row_builds: Vec<Builder> = row_inputs
            .into_par_iter()
            .enumerate()
            .map(|(r, entries)| {
                let input = RowInput {
                    entries,
                    unbuilt: unbuilt.as_ref(),
                };
                root.build_row(&build_parts, r, input)
            })
            .collect();

        let RootLayout {
            origin,
            cell,
            cols,
            rows,
        } = root;
        let mut grid = GridLocator {
            origin,
            cell,
            cols,
            rows,
            root: Vec::with_capacity(cols * rows),
            row_cells: Vec::with_capacity(rows),
            leaf_count: 0,
            edge_count: 0,
            translate,
            scale,
            parts: Vec::new(),
            envelopes: OnceLock::new(),
        };
        for b in row_builds {
            assert!(
                b.leaves.len() < PAYLOAD as usize && b.blocks.len() < PAYLOAD as usize,
                "grid row too large for 30-bit offsets"
            );
            grid.root.extend_from_slice(&b.codes);
            grid.leaf_count += b.leaf_count;
            grid.edge_count += b.edge_count;
            grid.row_cells.push(RowCells {
                blocks: b.blocks,
                leaves: b.leaves,
            });
        }
        grid.parts = parts;
        grid
    }
}

/// The entries of one root row, per chunk of parts: `(column, part, edge)`
/// for each edge touching a cell, and `(x, part)` where an edge crosses the
/// row's centre line.
type RowEntries = (Vec<Vec<(u32, u32, u32)>>, Vec<Vec<(f64, u32)>>);

/// What [`RootLayout::build_row`] needs of one row: its entries, and the
/// cells left unbuilt (edges there, but no prepared point), if any.
struct RowInput<'a> {
    entries: RowEntries,
    unbuilt: Option<&'a CellBits>,
}

/// One bit per root cell, row by row.
#[derive(Clone)]
struct CellBits(Vec<u64>);

impl CellBits {
    fn new(cells: usize) -> CellBits {
        CellBits(vec![0; cells.div_ceil(64)])
    }

    #[inline]
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    fn get(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The root grid: where it starts, its cell size and its size in cells.
#[derive(Debug, Clone, Copy)]
struct RootLayout {
    origin: [f64; 2],
    cell: [f64; 2],
    cols: usize,
    rows: usize,
}

impl RootLayout {
    /// A grid over the parts' bounding box (padded) with about
    /// [`ROOT_CELLS_PER_EDGE`] cells per edge.
    fn new(parts: &[(u32, RingSet)], total_edges: usize) -> RootLayout {
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for (_, set) in parts {
            let b = set.bbox();
            bbox = [
                bbox[0].min(b[0] as f64),
                bbox[1].min(b[1] as f64),
                bbox[2].max(b[2] as f64),
                bbox[3].max(b[3] as f64),
            ];
        }
        if parts.is_empty() {
            bbox = [0.0, 0.0, 1.0, 1.0];
        }
        // an odd offset keeps cell centres off the integer vertex grid
        let pad = 10.37;
        let origin = [bbox[0] - pad, bbox[1] - pad];
        let (w, h) = (bbox[2] - bbox[0] + 2.0 * pad, bbox[3] - bbox[1] + 2.0 * pad);
        let target_cells = (total_edges as f64 * ROOT_CELLS_PER_EDGE).clamp(4096.0, 4e6);
        let side = (w * h / target_cells).sqrt();
        let cols = ((w / side).ceil() as usize).max(1);
        let rows = ((h / side).ceil() as usize).max(1);
        RootLayout {
            origin,
            cell: [w / cols as f64, h / rows as f64],
            cols,
            rows,
        }
    }

    /// The root cell a point in quantised coordinates falls in, by the very
    /// arithmetic of [`GridLocator::locate`].
    #[inline]
    fn cell_of(&self, q: [f64; 2]) -> Option<usize> {
        let fx = (q[0] - self.origin[0]) / self.cell[0];
        let fy = (q[1] - self.origin[1]) / self.cell[1];
        // also rejects NaN
        if !(fx >= 0.0 && fy >= 0.0 && fx < self.cols as f64 && fy < self.rows as f64) {
            return None;
        }
        Some(fy as usize * self.cols + fx as usize)
    }

    /// The root cells at least one of the points (lon, lat) falls in.
    fn occupied_cells(
        &self,
        points: &[Coord<f64>],
        translate: [f64; 2],
        scale: [f64; 2],
    ) -> CellBits {
        let cells = self.cols * self.rows;
        points
            .par_chunks(1 << 16)
            .map(|chunk| {
                let mut bits = CellBits::new(cells);
                for p in chunk {
                    let q = [
                        (p.x - translate[0]) / scale[0],
                        (p.y - translate[1]) / scale[1],
                    ];
                    if let Some(i) = self.cell_of(q) {
                        bits.set(i);
                    }
                }
                bits
            })
            .reduce(
                || CellBits::new(cells),
                |mut a, b| {
                    a.0.iter_mut().zip(b.0).for_each(|(x, y)| *x |= y);
                    a
                },
            )
    }

    /// Buckets every edge into the root cells its (slightly widened) bounding
    /// box covers, dropping those the exact segment test says it misses; and
    /// notes where it crosses the centre line of each row, for the scanline
    /// that decides which parts cover each cell centre. Parts go in
    /// contiguous chunks, bucketed in parallel; a row takes the chunks'
    /// entries in chunk order, so they stay in (part, edge) order.
    ///
    /// With `occupied`, cells outside it get no entries, only a bit saying
    /// that edges run there: the second value, the cells to leave unbuilt.
    fn bucket_edges(
        &self,
        build_parts: &[BuildPart],
        occupied: Option<&CellBits>,
    ) -> (Vec<RowEntries>, Option<CellBits>) {
        let RootLayout {
            origin,
            cell,
            cols,
            rows,
        } = *self;
        let margin = 1e-6 * (cell[0] + cell[1]);
        let span =
            |lo: f64, hi: f64, o: f64, size: f64, n: usize| cell_span(lo, hi, margin, o, size, n);
        // a few chunks per thread: each chunk has a list per row, and fewer,
        // longer lists mean fewer allocations
        let chunks = (4 * rayon::current_num_threads()).clamp(4, 32);
        let chunk_len = build_parts.len().div_ceil(chunks).max(1);
        let chunks: Vec<(RowEntries, Option<CellBits>)> = build_parts
            .par_chunks(chunk_len)
            .enumerate()
            .map(|(ci, chunk)| {
                let mut per_row: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); rows];
                let mut crossings: Vec<Vec<(f64, u32)>> = vec![Vec::new(); rows];
                let mut unbuilt = occupied.map(|_| CellBits::new(cols * rows));
                for (i, part) in chunk.iter().enumerate() {
                    let p = (ci * chunk_len + i) as u32;
                    for (k, e) in part.edges.iter().enumerate() {
                        let e = e.map(f64::from);
                        let (c0, c1) =
                            span(e[0].min(e[2]), e[0].max(e[2]), origin[0], cell[0], cols);
                        let (r0, r1) =
                            span(e[1].min(e[3]), e[1].max(e[3]), origin[1], cell[1], rows);
                        for r in r0..=r1 {
                            for c in c0..=c1 {
                                if c0 == c1 && r0 == r1
                                    || segment_touches_rect(&e, &cell_rect(origin, cell, c, r))
                                {
                                    match (occupied, &mut unbuilt) {
                                        (Some(o), Some(u)) if !o.get(r * cols + c) => {
                                            u.set(r * cols + c)
                                        }
                                        _ => per_row[r].push((c as u32, p, k as u32)),
                                    }
                                }
                            }
                            // the rule of `RingSet::contains`: half-open in y
                            let y = origin[1] + (r as f64 + 0.5) * cell[1];
                            if (e[1] > y) != (e[3] > y) {
                                let t = (y - e[1]) / (e[3] - e[1]);
                                crossings[r].push((e[0] + t * (e[2] - e[0]), p));
                            }
                        }
                    }
                }
                ((per_row, crossings), unbuilt)
            })
            .collect();
        let mut row_inputs: Vec<RowEntries> = (0..rows).map(|_| (Vec::new(), Vec::new())).collect();
        let mut unbuilt: Option<CellBits> = None;
        for ((per_row, crossings), bits) in chunks {
            for (r, (list, cross)) in per_row.into_iter().zip(crossings).enumerate() {
                row_inputs[r].0.push(list);
                row_inputs[r].1.push(cross);
            }
            if let Some(bits) = bits {
                match &mut unbuilt {
                    None => unbuilt = Some(bits),
                    Some(all) => all.0.iter_mut().zip(bits.0).for_each(|(a, b)| *a |= b),
                }
            }
        }
        (row_inputs, unbuilt)
    }

    /// Builds root row `r` from its entries: a scanline along the row's
    /// centre line keeps the parts covering each cell centre.
    fn build_row(&self, build_parts: &[BuildPart], r: usize, input: RowInput) -> Builder {
        let RootLayout {
            origin, cell, cols, ..
        } = *self;
        let RowInput {
            entries: (lists, crossing_lists),
            unbuilt,
        } = input;
        let list = lists.iter().flatten();
        let mut crossings: Vec<(f64, u32)> = crossing_lists.concat();
        // the entries came in (part, edge) order; a counting sort by column
        // keeps that order within each column
        let mut start = vec![0u32; cols + 1];
        for &(c, _, _) in list.clone() {
            start[c as usize + 1] += 1;
        }
        for c in 0..cols {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut by_column = vec![(0u32, 0u32); start[cols] as usize];
        for &(c, p, k) in list {
            by_column[fill[c as usize] as usize] = (p, k);
            fill[c as usize] += 1;
        }
        drop(lists);
        crossings.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        // a leaf takes about three words per edge entry; reserving them up
        // front spares the copies of a growing vector
        let mut builder = Builder {
            codes: Vec::with_capacity(cols),
            leaves: Vec::with_capacity(3 * by_column.len()),
            ..Builder::default()
        };
        // parts containing the current cell centre, ascending
        let mut inside: Vec<u32> = Vec::new();
        let mut next_crossing = 0;
        for c in 0..cols {
            let x = origin[0] + (c as f64 + 0.5) * cell[0];
            // a crossing at xc counts for points with x < xc, so the state at
            // x is toggled by every crossing at or left of x
            while next_crossing < crossings.len() && crossings[next_crossing].0 <= x {
                let p = crossings[next_crossing].1;
                match inside.binary_search(&p) {
                    Ok(i) => {
                        inside.remove(i);
                    }
                    Err(i) => inside.insert(i, p),
                }
                next_crossing += 1;
            }
            let crossing = &by_column[start[c] as usize..start[c + 1] as usize];
            let code = if unbuilt.is_some_and(|u| u.get(r * cols + c)) {
                CODE_UNBUILT
            } else {
                let rect = cell_rect(origin, cell, c, r);
                builder.build_cell(build_parts, rect, crossing, &inside, 0)
            };
            builder.codes.push(code);
        }
        builder
    }
}

/// Cells under construction for one root row.
#[derive(Default)]
struct Builder {
    codes: Vec<u32>,
    blocks: Vec<u32>,
    leaves: Vec<u32>,
    leaf_count: usize,
    edge_count: usize,
}

impl Builder {
    /// Encodes one cell, refining it when it holds too many edges. `crossing`
    /// lists the (part, edge) pairs touching the cell in ascending order,
    /// `centre_inside` the parts containing its centre, ascending.
    fn build_cell(
        &mut self,
        parts: &[BuildPart],
        rect: [f64; 4],
        crossing: &[(u32, u32)],
        centre_inside: &[u32],
        depth: u8,
    ) -> u32 {
        if crossing.is_empty() {
            return match centre_inside.first() {
                Some(&p) => TAG_INSIDE | parts[p as usize].municipality,
                None => TAG_EMPTY,
            };
        }
        if crossing.len() > MAX_LEAF_EDGES && depth < MAX_DEPTH {
            return self.split_cell(parts, rect, crossing, centre_inside, depth);
        }
        // the query walks to this cell computing the very same rectangle, so
        // centre and anchor need not be stored
        let (_, anchor) = centre_and_anchor(&rect);
        let offset = self.leaves.len() as u32;
        let count_at = self.leaves.len();
        let w = &mut self.leaves;
        w.push(0);
        let (ax, ay) = (anchor[0] as i32, anchor[1] as i32);
        // candidates are the parts with edges here and those covering the centre,
        // merged in part order so ties resolve as in MunicipalityIndex
        let mut count = 0;
        let (mut i, mut j) = (0, 0);
        loop {
            let from_edges = crossing.get(i).map(|e| e.0);
            let from_centre = centre_inside.get(j).copied();
            let p = match (from_edges, from_centre) {
                (None, None) => break,
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) => a,
                (None, Some(b)) => b,
            };
            let run_end = i + crossing[i..].partition_point(|e| e.0 == p);
            let inside = from_centre == Some(p);
            if inside {
                j += 1;
            }
            let part = &parts[p as usize];
            w.push(part.municipality);
            w.push(p | if inside { CENTRE_INSIDE } else { 0 });
            let chain_count_at = w.len();
            w.push(0);
            // consecutive edges sharing a vertex form one chain of vertices
            let ks = &crossing[i..run_end];
            let mut chains = 0;
            let mut a = 0;
            while a < ks.len() {
                let mut b = a + 1;
                while b < ks.len()
                    && ks[b].1 == ks[b - 1].1 + 1
                    && part.edges[ks[b - 1].1 as usize][2..] == part.edges[ks[b].1 as usize][..2]
                {
                    b += 1;
                }
                w.push((b - a + 1) as u32);
                let first = part.edges[ks[a].1 as usize];
                w.push(first[0].wrapping_sub(ax) as u32);
                w.push(first[1].wrapping_sub(ay) as u32);
                for &(_, k) in &ks[a..b] {
                    let e = part.edges[k as usize];
                    w.push(e[2].wrapping_sub(ax) as u32);
                    w.push(e[3].wrapping_sub(ay) as u32);
                }
                self.edge_count += b - a;
                chains += 1;
                a = b;
            }
            w[chain_count_at] = chains;
            count += 1;
            i = run_end;
        }
        self.leaves[count_at] = count;
        self.leaf_count += 1;
        TAG_LEAF | offset
    }

    /// Refines a cell into SPLIT×SPLIT children.
    fn split_cell(
        &mut self,
        parts: &[BuildPart],
        rect: [f64; 4],
        crossing: &[(u32, u32)],
        centre_inside: &[u32],
        depth: u8,
    ) -> u32 {
        let centre = [(rect[0] + rect[2]) / 2.0, (rect[1] + rect[3]) / 2.0];
        let block = self.blocks.len();
        self.blocks
            .extend(std::iter::repeat_n(TAG_EMPTY, SPLIT * SPLIT));
        let (cw, ch) = (
            (rect[2] - rect[0]) / SPLIT as f64,
            (rect[3] - rect[1]) / SPLIT as f64,
        );
        let sub_rect = |r: usize, c: usize| {
            [
                rect[0] + c as f64 * cw,
                rect[1] + r as f64 * ch,
                rect[0] + (c + 1) as f64 * cw,
                rect[1] + (r + 1) as f64 * ch,
            ]
        };
        let centres: Vec<[f64; 2]> = (0..SPLIT * SPLIT)
            .map(|i| {
                let sub = sub_rect(i / SPLIT, i % SPLIT);
                [(sub[0] + sub[2]) / 2.0, (sub[1] + sub[3]) / 2.0]
            })
            .collect();
        // hand each edge to the children its widened bounding box covers; the
        // lists stay in (part, edge) order
        let margin = 1e-6 * (cw + ch);
        let mut child_lists: Vec<Vec<(u32, u32)>> = vec![Vec::new(); SPLIT * SPLIT];
        for &(p, k) in crossing {
            let e = parts[p as usize].edge(k);
            let span =
                |lo: f64, hi: f64, o: f64, size: f64| cell_span(lo, hi, margin, o, size, SPLIT);
            let (c0, c1) = span(e[0].min(e[2]), e[0].max(e[2]), rect[0], cw);
            let (r0, r1) = span(e[1].min(e[3]), e[1].max(e[3]), rect[1], ch);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (c0 == c1 && r0 == r1) || segment_touches_rect(&e, &sub_rect(r, c)) {
                        child_lists[r * SPLIT + c].push((p, k));
                    }
                }
            }
        }
        let mut crossing_parts: Vec<u32> = crossing.iter().map(|e| e.0).collect();
        crossing_parts.dedup();
        // parts without edges here cover every child; the others' states follow
        // from the parent centre along a path of child centres, flipping at each
        // edge crossed (the centre is the corner shared by the four middle children)
        let mut inside: Vec<Vec<u32>> = vec![
            centre_inside
                .iter()
                .copied()
                .filter(|p| crossing_parts.binary_search(p).is_err())
                .collect();
            SPLIT * SPLIT
        ];
        for &p in &crossing_parts {
            let part = &parts[p as usize];
            let of = |child: usize| -> &[(u32, u32)] {
                let list = &child_lists[child];
                let a = list.partition_point(|e| e.0 < p);
                let b = a + list[a..].partition_point(|e| e.0 == p);
                &list[a..b]
            };
            let parity = |ks: &mut dyn Iterator<Item = u32>, from: [f64; 2], to: [f64; 2]| {
                ks.fold(false, |odd, k| {
                    odd ^ segments_cross(&part.edge(k), from, to)
                })
            };
            let mut state = [false; SPLIT * SPLIT];
            state[START] = centre_inside.binary_search(&p).is_ok()
                ^ parity(&mut of(START).iter().map(|e| e.1), centre, centres[START]);
            for &(a, b) in STEPS.iter() {
                // edges of both children, each once
                let mut merged = merge_unique(of(a), of(b));
                state[b] = state[a] ^ parity(&mut merged, centres[a], centres[b]);
            }
            for (i, set) in inside.iter_mut().enumerate() {
                if state[i] {
                    set.push(p);
                }
            }
        }
        for (i, (list, mut set)) in child_lists.into_iter().zip(inside).enumerate() {
            set.sort_unstable();
            let code = self.build_cell(
                parts,
                sub_rect(i / SPLIT, i % SPLIT),
                &list,
                &set,
                depth + 1,
            );
            self.blocks[block + i] = code;
        }
        TAG_SPLIT | block as u32
    }
}

impl GridLocator {
    /// The municipality containing `p` (lon, lat), as [`MunicipalityIndex::locate`].
    #[inline]
    pub fn locate(&self, p: Coord<f64>) -> Option<MunicipalityId> {
        let q = [
            (p.x - self.translate[0]) / self.scale[0],
            (p.y - self.translate[1]) / self.scale[1],
        ];
        let layout = RootLayout {
            origin: self.origin,
            cell: self.cell,
            cols: self.cols,
            rows: self.rows,
        };
        let i = layout.cell_of(q)?;
        let (c, r) = (i % self.cols, i / self.cols);
        let mut code = self.root[i];
        let row = &self.row_cells[r];
        let mut rect = cell_rect(self.origin, self.cell, c, r);
        loop {
            match code & TAG_MASK {
                TAG_EMPTY if code == CODE_UNBUILT => return self.locate_exact(q),
                TAG_EMPTY => return None,
                TAG_INSIDE => return Some(MunicipalityId::from_u32(code & PAYLOAD)),
                TAG_SPLIT => {
                    let block = (code & PAYLOAD) as usize;
                    let (cw, ch) = (
                        (rect[2] - rect[0]) / SPLIT as f64,
                        (rect[3] - rect[1]) / SPLIT as f64,
                    );
                    let sc = (((q[0] - rect[0]) / cw) as usize).min(SPLIT - 1);
                    let sr = (((q[1] - rect[1]) / ch) as usize).min(SPLIT - 1);
                    rect = [
                        rect[0] + sc as f64 * cw,
                        rect[1] + sr as f64 * ch,
                        rect[0] + (sc + 1) as f64 * cw,
                        rect[1] + (sr + 1) as f64 * ch,
                    ];
                    code = row.blocks[block + sr * SPLIT + sc];
                }
                _ => {
                    let w = &row.leaves[(code & PAYLOAD) as usize..];
                    return self.locate_in_leaf(w, &rect, q);
                }
            }
        }
    }

    /// Decides a point by the exact test over the parts whose envelopes hold
    /// it, in part order as [`MunicipalityIndex::locate`] does.
    #[cold]
    fn locate_exact(&self, q: [f64; 2]) -> Option<MunicipalityId> {
        let tree = self.envelopes.get_or_init(|| envelope_tree(&self.parts));
        first_part_containing(tree, &self.parts, q)
            .map(|i| MunicipalityId::from_u32(self.parts[i].0))
    }

    /// Decides a point in a boundary leaf: per candidate part, the centre's
    /// state flipped once per edge crossed on the way to the point.
    #[inline]
    fn locate_in_leaf(&self, w: &[u32], rect: &[f64; 4], q: [f64; 2]) -> Option<MunicipalityId> {
        let count = w[0] as usize;
        let (centre, anchor) = centre_and_anchor(rect);
        let qr = [q[0] - anchor[0], q[1] - anchor[1]];
        let mut i = 1;
        for _ in 0..count {
            let municipality = w[i];
            let part = w[i + 1];
            let chains = w[i + 2];
            i += 3;
            let mut inside = part & CENTRE_INSIDE != 0;
            let mut on_edge = false;
            for _ in 0..chains {
                let n = w[i] as usize;
                let vs = &w[i + 1..i + 1 + 2 * n];
                i += 1 + 2 * n;
                let mut a = [f64::from(vs[0] as i32), f64::from(vs[1] as i32)];
                for v in vs[2..].chunks_exact(2) {
                    let b = [f64::from(v[0] as i32), f64::from(v[1] as i32)];
                    let e = [a[0], a[1], b[0], b[1]];
                    inside ^= segments_cross(&e, centre, qr);
                    on_edge |= lies_on(&e, qr);
                    a = b;
                }
            }
            // a point exactly on a border is decided by the ray rule of the
            // exact test, so both locators give it to the same neighbour
            if on_edge {
                inside = self.parts[(part & !CENTRE_INSIDE) as usize].1.contains(q);
            }
            if inside {
                return Some(MunicipalityId::from_u32(municipality));
            }
        }
        None
    }

    /// Locates many points, on all cores, keeping their order.
    pub fn locate_all(&self, points: &[Coord<f64>]) -> Vec<Option<MunicipalityId>> {
        points
            .par_iter()
            .with_min_len(4096)
            .map(|p| self.locate(*p))
            .collect()
    }

    /// Sizes of the structure.
    ///
    /// ```
    /// let locator = ruhrmap::GridLocator::new(ruhrmap::Boundaries::embedded());
    /// let stats = locator.stats();
    /// assert!(stats.root_cells > 0 && stats.boundary_leaves > 0);
    /// ```
    pub fn stats(&self) -> GridStats {
        GridStats {
            root_cells: self.root.len(),
            refined_blocks: self.row_cells.iter().map(|r| r.blocks.len()).sum::<usize>()
                / (SPLIT * SPLIT),
            boundary_leaves: self.leaf_count,
            stored_edges: self.edge_count,
        }
    }

    /// Bytes held by the structure, parts for the exact test included.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.root.len()
            + self
                .row_cells
                .iter()
                .map(|r| r.blocks.len() + r.leaves.len())
                .sum::<usize>())
            + self
                .parts
                .iter()
                .map(|(_, s)| s.rings().iter().map(|r| 8 * r.len()).sum::<usize>())
                .sum::<usize>()
    }
}

/// The union of two sorted index lists, each value once.
fn merge_unique<'a>(a: &'a [(u32, u32)], b: &'a [(u32, u32)]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let next = match (a.get(i).map(|e| e.1), b.get(j).map(|e| e.1)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(x), Some(y)) if x < y => {
                i += 1;
                x
            }
            (_, Some(y)) => {
                j += 1;
                y
            }
            (Some(x), None) => {
                i += 1;
                x
            }
            (None, None) => return None,
        };
        Some(next)
    })
}

/// A leaf's centre relative to its anchor, and the anchor: the integer point
/// at or below the centre (centres lie off the integer grid). Vertices are
/// stored relative to the anchor, exact as integers.
#[inline]
fn centre_and_anchor(rect: &[f64; 4]) -> ([f64; 2], [f64; 2]) {
    let centre = [(rect[0] + rect[2]) / 2.0, (rect[1] + rect[3]) / 2.0];
    let anchor = [centre[0].floor(), centre[1].floor()];
    ([centre[0] - anchor[0], centre[1] - anchor[1]], anchor)
}

/// The first and last of `n` cells of `size` starting at `o` that the
/// interval `lo..=hi`, widened by `margin`, reaches (clamped to the cells).
#[inline]
fn cell_span(lo: f64, hi: f64, margin: f64, o: f64, size: f64, n: usize) -> (usize, usize) {
    // truncation equals floor here: negative values clamp to 0 anyway
    let a = (((lo - margin - o) / size).max(0.0) as usize).min(n - 1);
    let b = (((hi + margin - o) / size).max(0.0) as usize).min(n - 1);
    (a, b)
}

fn cell_rect(origin: [f64; 2], cell: [f64; 2], c: usize, r: usize) -> [f64; 4] {
    [
        origin[0] + c as f64 * cell[0],
        origin[1] + r as f64 * cell[1],
        origin[0] + (c + 1) as f64 * cell[0],
        origin[1] + (r + 1) as f64 * cell[1],
    ]
}

/// Whether the segment comes within a small margin of the rectangle (conservative:
/// a false positive only costs an edge test, a false negative would be a wrong answer).
fn segment_touches_rect(e: &[f64; 4], rect: &[f64; 4]) -> bool {
    let m = 1e-6 * ((rect[2] - rect[0]) + (rect[3] - rect[1])) + 1e-9;
    segment_meets_rect(e, &[rect[0] - m, rect[1] - m, rect[2] + m, rect[3] + m])
}

/// Whether the segment `e` (`[x0, y0, x1, y1]`) has a point inside or on
/// the rectangle `rect` (`[x0, y0, x1, y1]`): Liang–Barsky clipping.
///
/// ```
/// use ruhrmap::locate::segment_meets_rect;
/// let r = [0.0, 0.0, 4.0, 2.0];
/// assert!(segment_meets_rect(&[-1.0, 3.0, 3.0, -1.0], &r));
/// assert!(!segment_meets_rect(&[-1.0, 1.0, 1.0, 3.5], &r));
/// ```
pub fn segment_meets_rect(e: &[f64; 4], rect: &[f64; 4]) -> bool {
    let (dx, dy) = (e[2] - e[0], e[3] - e[1]);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, e[0] - rect[0]),
        (dx, rect[2] - e[0]),
        (-dy, e[1] - rect[1]),
        (dy, rect[3] - e[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// Whether `q` lies on edge `e` or within rounding distance of it (1e-6
/// quantisation steps, about 1e-13°): there the two ways of deciding inside
/// could round differently, so the exact test decides.
#[inline]
fn lies_on(e: &[f64; 4], q: [f64; 2]) -> bool {
    const EPS: f64 = 1e-6;
    let (dx, dy) = (e[2] - e[0], e[3] - e[1]);
    let cross = dx * (q[1] - e[1]) - dy * (q[0] - e[0]);
    cross.abs() <= EPS * (dx.abs() + dy.abs())
        && q[0] >= e[0].min(e[2]) - EPS
        && q[0] <= e[0].max(e[2]) + EPS
        && q[1] >= e[1].min(e[3]) - EPS
        && q[1] <= e[1].max(e[3]) + EPS
}

/// Whether edge `e` crosses the segment from `c` to `q`, with half-open rules
/// (a vertex exactly on the segment counts for one of its two edges only), so
/// the parity of crossings equals the change of the even-odd state.
#[inline]
fn segments_cross(e: &[f64; 4], c: [f64; 2], q: [f64; 2]) -> bool {
    // relative to c keeps the products small and exact enough
    let (ax, ay, bx, by) = (e[0] - c[0], e[1] - c[1], e[2] - c[0], e[3] - c[1]);
    let (qx, qy) = (q[0] - c[0], q[1] - c[1]);
    // which side of the line c→q each end lies on
    let sa = qx * ay - qy * ax > 0.0;
    let sb = qx * by - qy * bx > 0.0;
    if sa == sb {
        return false;
    }
    // which side of the edge c and q lie on
    let (ex, ey) = (bx - ax, by - ay);
    let sc = ex * (-ay) - ey * (-ax) > 0.0;
    let sq = ex * (qy - ay) - ey * (qx - ax) > 0.0;
    sc != sq
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_parity_is_consistent_at_shared_vertices() {
        // a wedge with its apex at (0, 0), legs going down
        let e1 = [-1.0, -1.0, 0.0, 0.0];
        let e2 = [0.0, 0.0, 1.0, -1.0];
        let count = |c: [f64; 2], q: [f64; 2]| {
            segments_cross(&e1, c, q) as u8 + segments_cross(&e2, c, q) as u8
        };
        assert_eq!(
            count([-1.0, 0.0], [1.0, 0.0]) % 2,
            0,
            "grazing the apex changes nothing"
        );
        assert_eq!(
            count([-0.5, 1.0], [0.5, -1.0]) % 2,
            1,
            "entering the wedge through its apex crosses once"
        );
        let e3 = [0.0, 0.0, 1.0, 1.0];
        let n = segments_cross(&e1, [0.0, 1.0], [0.0, -1.0]) as u8
            + segments_cross(&e3, [0.0, 1.0], [0.0, -1.0]) as u8;
        assert_eq!(
            n % 2,
            1,
            "passing through a straight line's vertex crosses it once"
        );
    }

    #[test]
    fn rect_touch_test() {
        let rect = [0.0, 0.0, 10.0, 10.0];
        assert!(segment_touches_rect(&[-5.0, 5.0, 15.0, 5.0], &rect));
        assert!(segment_touches_rect(&[2.0, 2.0, 3.0, 3.0], &rect));
        assert!(!segment_touches_rect(&[-5.0, -5.0, -1.0, 20.0], &rect));
        assert!(!segment_touches_rect(&[11.0, 0.0, 20.0, 9.0], &rect));
    }
}

#[cfg(test)]
mod agreement {
    use super::*;

    use crate::test_points::points;

    #[test]
    fn grid_equals_rtree_on_random_points_in_nrw() {
        let b = Boundaries::embedded();
        let nrw: Vec<MunicipalityId> = b
            .municipalities()
            .iter()
            .enumerate()
            .filter(|(_, m)| m.ags.land_key() == "05")
            .map(|(i, _)| MunicipalityId::new(i))
            .collect();
        let index = MunicipalityIndex::for_subset(b, &nrw);
        let grid = GridLocator::from_index(&index);
        let pts = points(42, 200_000, [5.8, 50.3, 9.5, 52.6]);
        let mut hits = 0;
        for p in &pts {
            let g = grid.locate(*p);
            assert_eq!(g, index.locate(*p), "at {p:?}");
            hits += g.is_some() as usize;
        }
        assert!(hits > 100_000);
    }

    #[test]
    fn a_grid_prepared_for_points_answers_every_point_as_the_rtree() {
        // prepared for the first half of the points, asked for all: the second
        // half also falls in boundary cells left unbuilt, and in built ones
        let b = Boundaries::embedded();
        let index = MunicipalityIndex::new(b);
        let all: Vec<MunicipalityId> = (0..b.municipalities().len())
            .map(MunicipalityId::new)
            .collect();
        let ps = points(13, 60_000, [5.5, 47.0, 15.5, 55.5]);
        let grid = GridLocator::for_points(b, &all, &ps[..30_000]);
        let full = GridLocator::new(b);
        assert!(
            grid.stats().boundary_leaves < full.stats().boundary_leaves / 2,
            "{:?} against {:?}",
            grid.stats(),
            full.stats()
        );
        let mut hits = 0;
        for (half, range) in [(0, 0..30_000), (1, 30_000..60_000)] {
            for (k, p) in ps[range].iter().enumerate() {
                let g = grid.locate(*p);
                assert_eq!(g, index.locate(*p), "point {k} of half {half} at {p:?}");
                hits += g.is_some() as usize;
            }
            // the prepared points never need the exact test; the others do
            assert_eq!(grid.envelopes.get().is_some(), half == 1);
        }
        assert!(hits > 30_000, "{hits}");
    }

    #[test]
    fn grid_equals_rtree_over_germany() {
        // random points over and around Germany, and points within a few
        // centimetres of the vertices of every 40th municipality
        let b = Boundaries::embedded();
        let index = MunicipalityIndex::new(b);
        let grid = GridLocator::new(b);
        let mut hits = 0;
        for p in points(7, 150_000, [5.5, 47.0, 15.5, 55.5]) {
            let g = grid.locate(p);
            assert_eq!(g, index.locate(p), "at {p:?}");
            hits += g.is_some() as usize;
        }
        assert!(hits > 75_000, "{hits}");
        let topo = b.full_topology();
        let jitter = points(11, 10_000, [-3e-7, -3e-7, 3e-7, 3e-7]);
        let mut k = 0;
        for m in (0..b.municipalities().len()).step_by(40) {
            for ring in topo.geometries[m].iter().flatten() {
                for v in topo.ring_quantized(ring).iter().step_by(3) {
                    let c = topo.to_lonlat(*v);
                    let d = jitter[k % jitter.len()];
                    k += 1;
                    let p = Coord {
                        x: c.x + d.x,
                        y: c.y + d.y,
                    };
                    assert_eq!(grid.locate(p), index.locate(p), "at {p:?}");
                }
            }
        }
        assert!(k > 5_000, "{k}");
    }

    #[test]
    fn grid_equals_rtree_near_borders() {
        // points sampled close to vertices exercise the boundary cells
        let b = Boundaries::embedded();
        let ruhr: Vec<MunicipalityId> = b
            .municipalities()
            .iter()
            .enumerate()
            .filter(|(_, m)| m.ags.kreis_key() == "05911" || m.ags.kreis_key() == "05954")
            .map(|(i, _)| MunicipalityId::new(i))
            .collect();
        let index = MunicipalityIndex::for_subset(b, &ruhr);
        let grid = GridLocator::from_index(&index);
        let topo = b.full_topology();
        let jitter = points(9, 50_000, [-2e-5, -2e-5, 2e-5, 2e-5]);
        let mut k = 0;
        for &m in &ruhr {
            for ring in topo.geometries[m.index()].iter().flatten() {
                for v in topo.ring_quantized(ring) {
                    let c = topo.to_lonlat(v);
                    let d = jitter[k % jitter.len()];
                    k += 1;
                    let p = Coord {
                        x: c.x + d.x,
                        y: c.y + d.y,
                    };
                    assert_eq!(grid.locate(p), index.locate(p), "at {p:?}");
                }
            }
        }
        assert!(k > 1000);
    }
}
