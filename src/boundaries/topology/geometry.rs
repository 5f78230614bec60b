//! Topology geometries as geo-types values in lon/lat: the bridge from the
//! quantised [`Topology`] to the geo algorithms and the renderer.

use crate::boundaries::topology::arcs::Topology;
use geo_types::{Coord, LineString, MultiPolygon, Polygon, Rect};

impl Topology {
    /// Converts a quantised position to lon/lat.
    pub fn to_lonlat(&self, p: [i32; 2]) -> Coord<f64> {
        Coord {
            x: self.translate[0] + p[0] as f64 * self.scale[0],
            y: self.translate[1] + p[1] as f64 * self.scale[1],
        }
    }

    /// The lon/lat bounding box of every geometry, in geometry order; `None`
    /// for a geometry without vertices. Each arc's box is found once and
    /// shared by the geometries on both sides, in quantised coordinates, so
    /// this costs one pass over the vertices.
    ///
    /// ```
    /// use geo_types::Coord;
    /// use ruhrmap::boundaries::Topology;
    /// let left = vec![vec![vec![(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]]];
    /// let right = vec![vec![vec![(10, 0), (10, 10), (30, 10), (30, 0), (10, 0)]]];
    /// let topo = Topology::from_quantized(&[left, right], [7.0, 51.0], [0.5, 0.25]);
    /// let bounds = topo.geometry_bounds();
    /// let right = bounds[1].unwrap();
    /// assert_eq!(right.min(), Coord { x: 12.0, y: 51.0 });
    /// assert_eq!(right.max(), Coord { x: 22.0, y: 53.5 });
    /// ```
    pub fn geometry_bounds(&self) -> Vec<Option<Rect<f64>>> {
        let arc_boxes: Vec<Option<[i32; 4]>> = self
            .arcs
            .iter()
            .map(|arc| {
                let (first, rest) = arc.split_first()?;
                Some(
                    rest.iter()
                        .fold([first[0], first[1], first[0], first[1]], |b, p| {
                            [
                                b[0].min(p[0]),
                                b[1].min(p[1]),
                                b[2].max(p[0]),
                                b[3].max(p[1]),
                            ]
                        }),
                )
            })
            .collect();
        self.geometries
            .iter()
            .map(|polys| {
                let b = polys
                    .iter()
                    .flatten()
                    .flatten()
                    .filter_map(|&r| arc_boxes[Self::decode_ref(r).arc])
                    .reduce(|a, b| {
                        [
                            a[0].min(b[0]),
                            a[1].min(b[1]),
                            a[2].max(b[2]),
                            a[3].max(b[3]),
                        ]
                    })?;
                // the conversion is monotonic in each axis: the corners' images
                // are the extremes of the vertices' images
                Some(Rect::new(
                    self.to_lonlat([b[0], b[1]]),
                    self.to_lonlat([b[2], b[3]]),
                ))
            })
            .collect()
    }

    /// Geometry `index` as lon/lat polygons.
    pub fn multipolygon(&self, index: usize) -> MultiPolygon<f64> {
        let polys = self.geometries[index]
            .iter()
            .map(|rings| {
                let mut rings = rings.iter().map(|ring| {
                    LineString::from(
                        self.ring_quantized(ring)
                            .into_iter()
                            .map(|p| self.to_lonlat(p))
                            .collect::<Vec<_>>(),
                    )
                });
                let exterior = rings.next().unwrap_or_else(|| LineString::new(vec![]));
                Polygon::new(exterior, rings.collect())
            })
            .collect();
        MultiPolygon(polys)
    }
}
