//! The pieces a figure is laid out from: label placement, co-located
//! markers, link routing, legend, map frame, furniture (scale bar, north
//! arrow, attribution), page blocks, boxes for sites outside the map, and
//! the layout report that records every box.

mod co_location;
mod label_placement;
mod layout_report;
mod legend;
mod link_routing;
mod map_frame;
mod map_furniture;
mod outside_summary;
mod page_layout;
mod symbol_displacement;

pub use co_location::{Containment, Disc, Spread, spread_markers};
pub use label_placement::{
    LabelPlacement, LabelPosition, LabelRequest, LinkLine, Obstacles, PlacedLabel, PlacementRules,
    boxes_overlap, place_labels, polyline_meets_box, segment_meets_box,
};
pub use layout_report::{
    Collision, DisplacedMarker, FeatureBox, LabelBox, LayoutReport, LinkCrossing, LinkPath,
    MarkerBox, Overlap, UnplacedLabel, bbox, round_mm,
};
pub use legend::{Legend, LegendEntry, LegendSection, LegendStyle, layout_legend, measure_legend};
pub use link_routing::{FanOut, RoutedLink, route_links};
pub use map_frame::{FrameMargins, MapFrame, grow_extent};
pub use map_furniture::{
    BlockAnchor, FURNITURE_INK, Furniture, attribution_text, ellipsize, north_arrow,
    round_scale_length, scale_and_north, scale_bar, wrap_text,
};
pub use outside_summary::{
    BadgeStyle, EdgeBadge, EdgeGroup, OutsideItem, badge_style, group_by_direction, layout_badges,
};
pub use page_layout::{
    INTERACTIVE_AREAS, LAYERS, TextBlock, attribution_line, finish_scene, line_height, new_scene,
    push_group, title_block,
};
pub use symbol_displacement::{free_spots, separate_discs};
