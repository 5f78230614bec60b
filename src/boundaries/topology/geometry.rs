//! Topology geometries as geo-types values in lon/lat: the bridge from the
//! quantised [`Topology`] to the geo algorithms and the renderer.

use crate::boundaries::topology::arcs::Topology;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

impl Topology {
    /// Converts a quantised position to lon/lat.
    pub fn to_lonlat(&self, p: [i32; 2]) -> Coord<f64> {
        Coord {
            x: self.translate[0] + p[0] as f64 * self.scale[0],
            y: self.translate[1] + p[1] as f64 * self.scale[1],
        }
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
