//! The figure kinds, composed from the layout pieces: the base map shared
//! by all, the seats map (Fig. 1) and the network map (Figs. 2–5).

mod base_map;
mod figure;
mod network_map;
mod seat_map;

pub use base_map::{
    BaseMapGeometry, FrameGeometry, ProjectedTopology, RegionMembership, polygon_to_page, to_path,
};
pub use figure::{BuiltFigure, FigureBuildError, FigureInputs};
pub(crate) use network_map::FILL_OPACITY;
pub use network_map::NetworkMap;
pub use seat_map::{DEFAULT_MAX_CONTEXT_KM, SeatMap};
