//! The shared-arc topology of the municipalities, its geometry and its
//! simplification without slivers or gaps.

mod arcs;
mod dissolve;
mod geometry;
mod simplify;

pub use arcs::{
    ArcRef, DecodedTopology, DirectedArc, GeometryMeta, QuantizedGeometry, Topology, TopologyError,
};
pub use dissolve::ArcChain;
pub use simplify::{requantize_topology, simplify_topology};
