//! From data to figures. A figure kind ([`SeatMap`], [`NetworkMap`]) lays
//! out a [`Scene`] – plain data in millimetres: groups, paths, circles,
//! text – from the boundaries, the network and the [`FigureStyle`]; the scene
//! is written as SVG, rasterised to PNG and converted to PDF.
//!
//! Laying out may fail (a projection that cannot be set up); writing a valid
//! scene cannot.

mod chart;
mod feature_info;
mod figures;
mod fonts;
mod greyscale;
mod html;
mod layout;
mod output;
mod pdf;
mod raster;
mod scene;
mod style;
mod svg;
mod symbology;

pub use chart::{Bar, BarChart, ChartError, bar_chart};
pub use feature_info::{FeatureInfo, FeatureKind};
pub use figures::{
    Aggregate, BaseMapGeometry, BorderDetail, BuiltFigure, ChangeMap, ChangeOverlay, ChangeStates,
    DEFAULT_MAX_CONTEXT_KM, EarlierSite, FigureBuildError, FigureInputs, FrameGeometry, NetworkMap,
    ProjectedTopology, RegionMembership, SeatMap, SeatsChangeMap, polygon_to_page, to_path,
};
pub use fonts::{FONT_FAMILY, FONT_FAMILY_CSS, LineExtent, TextMetrics, font_data, font_database};
pub use greyscale::{grey, print_in_greyscale};
pub use html::{HtmlError, IndexEntry, write_html, write_index_html};
pub use layout::{
    BadgeStyle, BlockAnchor, Collision, Containment, Disc, DisplacedMarker, EdgeBadge, EdgeGroup,
    FURNITURE_INK, FanOut, FeatureBox, FrameMargins, Furniture, LAYERS, LabelBox, LabelPlacement,
    LabelPosition, LabelRequest, LayoutReport, Legend, LegendEntry, LegendSection, LegendStyle,
    LinkCrossing, LinkLine, LinkPath, MapFrame, MarkerBox, Obstacles, OutsideItem, Overlap,
    PlacedLabel, PlacementRules, RoutedLink, Spread, TextBlock, UnplacedLabel, attribution_line,
    attribution_text, badge_style, bbox, boxes_overlap, ellipsize, finish_scene, free_spots,
    group_by_direction, grow_extent, layout_badges, layout_legend, line_height, measure_legend,
    new_scene, north_arrow, place_labels, polyline_meets_box, push_group, round_mm,
    round_scale_length, route_links, scale_and_north, scale_bar, segment_meets_box, separate_discs,
    spread_markers, title_block, wrap_text,
};
pub use output::{FigureOutputs, OutputError, OutputFormats, render_outputs, write_outputs};
pub use pdf::{PdfError, svg_to_pdf, tree_to_pdf};
pub use raster::{DRAFT_DPI, PRINT_DPI, RasterError, encode_png, rasterize, svg_to_png};
pub use scene::{
    Bounds, Circle, Color, ColorError, Embedded, FillRule, FontWeight, Group, Halo, Hatch, Item,
    Layer, LineCap, LineJoin, MM_PER_PT, Path, PathData, Point, Rect, Scene, Segment, Stroke,
    Style, Text, TextAnchor, TextMode, Transform, Wedge,
};
pub use style::{DEFAULT_MAX_HEIGHT_MM, FigureStyle, LegendPlacement, Print};
pub use svg::{FontSubsetError, SvgError, SvgParseError, parse_svg, write_svg};
pub(crate) use symbology::FILL_OPACITY;
pub use symbology::{
    CHANGE_ENDED, CHANGE_MOVED, CHANGE_NEW, CONTEXT_BORDER, CONTEXT_FILL, CORE_BLUE,
    ENDED_LINK_OPACITY, ENDED_RIM_WIDTH, FIELD_COLORS, HOLLOW_FILL_OPACITY, LINK_OPACITY,
    LOOSE_RIM, MOVE_ARROW_HEAD, MOVE_ARROW_WIDTH, MOVE_ORIGIN_RADIUS, MUNICIPALITY_BORDER,
    NEW_RING_GAP, NEW_RING_WIDTH, RoleSymbol, UNCLASSED_FILL, category_color, change_color,
    change_link_stroke, field_color, hollow, link_stroke, move_arrow, new_ring, pie, role_symbol,
    tint,
};
