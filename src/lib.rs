//! ruhrmap: cartographic network maps of project partners on the official
//! BKG VG250 municipality boundaries.
//!
//! The pipeline has plain data at every edge: boundaries are loaded
//! ([`Boundaries`]), partner sites are geocoded against them ([`Geocoder`]),
//! a figure is laid out as a scene and written as SVG, then rasterised to
//! PNG and converted to PDF.

mod ags;
mod arc_simplify;
mod atomic_write;
mod base_map;
mod boundaries;
mod boundary_import;
mod chart;
mod co_location;
mod crs;
mod figure;
mod figure_config;
mod figure_output;
mod figure_set;
mod fonts;
mod gazetteer;
mod geocode_output;
mod geocoder;
mod gis_export;
mod grid_locator;
mod jaro_winkler_index;
mod label_placement;
mod lang;
mod layout_report;
mod legend;
mod link_routing;
mod map_frame;
mod map_furniture;
mod map_projection;
mod match_kind;
mod municipality;
mod municipality_index;
mod network;
mod network_map;
mod nominatim;
mod outside_summary;
mod page_layout;
mod pdf;
mod place_name;
mod qml_style;
mod raster;
mod region;
mod report_build;
mod report_watch;
mod ring_set;
mod scene;
mod seat_map;
mod site_location;
mod site_locator;
mod stats_tables;
mod subregion;
mod subregion_mapping;
mod svg_tree;
mod svg_writer;
mod symbology;
mod table_reader;
mod table_text;
#[cfg(test)]
mod test_points;
mod topology;
mod topology_geometry;
mod vg250_source;
mod xml_text;

pub use ags::{Ags, AgsError};
pub use arc_simplify::{requantize_topology, simplify_topology};
pub use atomic_write::{write_atomically, write_bytes_atomically, WriteError};
pub use base_map::{
    polygon_to_page, to_path, BaseMapGeometry, FrameGeometry, ProjectedTopology, RegionMembership,
};
pub use boundaries::{Boundaries, BoundaryError};
pub use boundary_import::{import_boundaries, ImportError, ImportOptions, ImportSummary};
pub use chart::{bar_chart, Bar, BarChart, ChartError};
pub use co_location::{spread_markers, Containment, Disc, Spread};
pub use crs::{CrsError, Reprojection};
pub use figure::{BuiltFigure, FigureBuildError, FigureInputs};
pub use figure_config::{
    DataSection, FigureConfig, FigureConfigError, FigureKind, FigureSpec, FigureStyle,
    LegendPlacement, RegionSection, ReportSection, StyleSection, SubregionSection,
};
pub use figure_output::{render_outputs, write_outputs, FigureOutputs, OutputError, OutputFormats};
pub use figure_set::{
    build_figure, write_figures, write_figures_as, FigureData, FigureFiles, FigureOutcome,
    FigureSetError,
};
pub use fonts::{font_data, font_database, LineExtent, TextMetrics, FONT_FAMILY, FONT_FAMILY_CSS};
pub use gazetteer::{Gazetteer, PlaceMatch, Preference};
pub use geocode_output::{
    output_columns, push_coordinate, render_geocoded, round_coordinate, write_geocoded,
    GeocodedWriter, OutputFormat, OutputFormatError, RecordFormatter, GEOCODE_COLUMNS,
};
pub use geocoder::{Geocoder, Resolution};
pub use gis_export::{
    export_layers, links_layer, municipalities_layer, partners_layer, GeoJsonLayer,
    MunicipalityGeometry, EXPORT_LAYERS,
};
pub use grid_locator::GridLocator;
pub use label_placement::{
    boxes_overlap, place_labels, LabelPlacement, LabelPosition, LabelRequest, Obstacles,
    PlacedLabel, PlacementRules,
};
pub use lang::{Lang, LangError};
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
pub use map_projection::{MapProjection, PageTransform, ProjectionError, DEFAULT_CRS};
pub use match_kind::{MatchKind, MatchKindError, MATCH_KINDS};
pub use municipality::Municipality;
pub use municipality_index::MunicipalityIndex;
pub use network::{
    ActorType, Link, LoadReport, Network, NetworkError, Partner, Project, ProjectStatus, Role,
    Site, SiteWarning, Unresolved, VocabularyError, FIELDS,
};
pub use network_map::NetworkMap;
pub use nominatim::{
    cache_key as nominatim_cache_key, CachedPlace, NominatimClient, OnlineError,
    DEFAULT_MIN_INTERVAL,
};
pub use outside_summary::{
    badge_style, group_by_direction, layout_badges, BadgeStyle, EdgeBadge, EdgeGroup, OutsideItem,
};
pub use page_layout::{
    attribution_line, finish_scene, line_height, new_scene, push_group, title_block, TextBlock,
    LAYERS,
};
pub use pdf::{svg_to_pdf, tree_to_pdf, PdfError};
pub use place_name::{normalize_place_name, NormalizedName, UmlautFolding};
pub use qml_style::{links_style, municipalities_style, partners_style};
pub use raster::{encode_png, rasterize, svg_to_png, RasterError, DRAFT_DPI, PRINT_DPI};
pub use region::{Region, RegionError, RUHR_NAME};
pub use report_build::{
    build_report, BuildError, BuildEvent, BuildPlan, BuildSummary, ExportSummary, ExportsSection,
    OutputFile, OutputKind, Report, ReportConfig, TablesSection,
};
pub use report_watch::{
    fingerprints, plan_rebuild, GeocodingContext, InputFingerprints, Rebuild, Reload, WatchedFiles,
    Watcher,
};
pub use scene::{
    Bounds, Circle, Color, ColorError, Embedded, FillRule, FontWeight, Group, Halo, Item, Layer,
    LineCap, LineJoin, Path, PathData, Point, Rect, Scene, Segment, Stroke, Style, Text,
    TextAnchor, Transform, Wedge, MM_PER_PT,
};
pub use seat_map::{SeatMap, DEFAULT_MAX_CONTEXT_KM};
pub use site_location::{AnalysisInputs, SiteLocation, NORTH_CLASS};
pub use site_locator::SiteLocator;
pub use stats_tables::{
    compute_tables, neutralize_cell, tables_markdown, Cell, Column, StatsTable,
};
pub use subregion::{
    MappingLocation, Subregion, SubregionError, SubregionScheme, DEFAULT_SUBREGION_PRESET,
    SUBREGION_PRESETS,
};
pub use svg_tree::{parse_svg, SvgParseError};
pub use svg_writer::{write_svg, SvgError};
pub use symbology::{
    field_color, link_stroke, pie, role_symbol, tint, RoleSymbol, FIELD_COLORS, LINK_OPACITY,
};
pub use table_reader::{
    header_key, parse_number, read_table, ColumnRoles, InputError, NotANumber, PartnerTable,
    TableBlocks, TableFormat, TableRow, TextEncoding, MAX_TABLE_BYTES,
};
pub use topology::{ArcRef, Topology, TopologyError};
pub use vg250_source::{epsg_from_wkt, parse_geojson, read_source, SourceError, SourceFeature};
pub use xml_text::{displayed_text, xml_id, IdRegistry};
