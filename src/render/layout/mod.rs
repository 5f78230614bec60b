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

pub use co_location::{spread_markers, Containment, Disc, Spread};
pub use label_placement::{
    boxes_overlap, place_labels, LabelPlacement, LabelPosition, LabelRequest, Obstacles,
    PlacedLabel, PlacementRules,
};
pub use layout_report::{
    bbox, round_mm, FeatureBox, LabelBox, LayoutReport, MarkerBox, Overlap, UnplacedLabel,
};
pub use legend::{layout_legend, measure_legend, Legend, LegendEntry, LegendSection, LegendStyle};
pub use link_routing::{route_links, FanOut, RoutedLink};
pub use map_frame::{grow_extent, FrameMargins, MapFrame};
pub use map_furniture::{
    attribution_text, ellipsize, north_arrow, round_scale_length, scale_and_north, scale_bar,
    wrap_text, BlockAnchor, Furniture, FURNITURE_INK,
};
pub use outside_summary::{
    badge_style, group_by_direction, layout_badges, BadgeStyle, EdgeBadge, EdgeGroup, OutsideItem,
};
pub use page_layout::{
    attribution_line, finish_scene, line_height, new_scene, push_group, title_block, TextBlock,
    LAYERS,
};
