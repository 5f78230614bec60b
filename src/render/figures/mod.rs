//! The figure kinds, composed from the layout pieces: the base map shared
//! by all, the seats map (Fig. 1), the network map (Figs. 2–5), and the
//! change maps of a final evaluation built on their steps (`change_map.rs`
//! on the network map's, `seats_change.rs` on the seat map's). Each
//! kind is a sequence of small named steps (page, base map, symbols, links,
//! labels, outside-of-region boxes, legend, furniture, layout report); the
//! chrome all panels share is in `panel.rs` and `legend_sections.rs`, every
//! size in millimetres in `dimensions.rs`.

mod base_map;
mod change_map;
mod change_overlay;
mod change_panel;
mod dimensions;
mod figure;
mod legend_sections;
mod move_arrow;
mod network_aggregate;
mod network_figure;
mod network_legend;
mod network_map;
mod network_panel;
mod page_fit;
mod panel;
mod seat_map;
mod seats_change;

pub use base_map::{
    BaseMapGeometry, BorderDetail, FrameGeometry, ProjectedTopology, RegionMembership,
    polygon_to_page, to_path,
};
pub use change_map::{ChangeMap, ChangeStates};
pub use change_overlay::{ChangeOverlay, EarlierSite};
pub use figure::{BuiltFigure, FigureBuildError, FigureInputs};
pub use network_figure::{Aggregate, NetworkMap};
pub use seat_map::{DEFAULT_MAX_CONTEXT_KM, SeatMap};
pub use seats_change::SeatsChangeMap;
