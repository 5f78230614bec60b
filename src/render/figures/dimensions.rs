//! Every size in millimetres the figure kinds use, named once: the style
//! table of the figures' layout. Sizes of the layout pieces themselves
//! (legend rows, badges, scale bar) live with those pieces in
//! `render/layout/`; symbol sizes in `render/symbology.rs`.
//!
//! Legend symbols are drawn around the origin of their entry; an `origin`
//! below is the symbol's top-left corner relative to that point.

// ---- shared by all figure kinds ---------------------------------------------

/// Douglas–Peucker tolerance of the base map on the page: invisible at
/// print size, and it keeps the files small.
pub(crate) const SIMPLIFY_TOLERANCE: f64 = 0.08;
/// Municipality outlines are drawn only when the region's municipalities
/// are on average at least this wide on the page (the side of a square of
/// their mean area); finer lines are left out at national extent (see
/// `BorderDetail`).
pub(crate) const MIN_OUTLINE_WIDTH: f64 = 4.0;
/// Kreis borders keep the strong grey line only when the region's Kreise
/// are on average at least this wide on the page; below (national extent)
/// the grey line marks the Länder and Kreis borders are thin and white.
pub(crate) const MIN_KREIS_BORDER_WIDTH: f64 = 10.0;
/// Padding of the lon/lat culling window, as a fraction of the frame's size
/// (not a length): room for the curvature of the projected grid.
pub(crate) const WINDOW_PAD_FRACTION: f64 = 0.05;
/// White halo around map labels.
pub(crate) const LABEL_HALO: f64 = 0.5;
/// In network panels, a label on a leader line stays this close (mm) to
/// the centre of what it names, so it still reads as its name.
pub(crate) const LEADER_REACH: f64 = 7.5;
/// Labels stay this far inside the map frame.
pub(crate) const LABEL_INSET: f64 = 0.4;
/// Stroke of the grey map frame.
pub(crate) const FRAME_STROKE: f64 = 0.2;
/// Gap between a map (or the panel grid) and the legend or scale block below it.
pub(crate) const BLOCK_GAP: f64 = 3.0;
/// The scale block's right edge stays this far inside the page.
pub(crate) const RIGHT_INSET: f64 = 0.5;
/// Longest scale bar.
pub(crate) const SCALE_BAR_MAX: f64 = 22.0;
/// A box in a map corner (unknown locations) sits this far inside the frame.
pub(crate) const CORNER_BOX_INSET: f64 = 0.6;
/// Free space a corner box keeps around itself from markers and badges.
pub(crate) const CORNER_BOX_CLEARANCE: f64 = 0.3;
/// Padding inside a corner box, around its text.
pub(crate) const CORNER_BOX_PAD: f64 = 0.6;
/// Dashes of a corner box's frame: dash, gap.
pub(crate) const CORNER_BOX_DASH: [f64; 2] = [0.5, 0.4];
/// Stroke of a corner box's dashed frame.
pub(crate) const CORNER_BOX_STROKE: f64 = 0.15;

// ---- shared legend symbols ---------------------------------------------------

/// Colour patch of an area in the legend (sub-region fill, context): width, height.
pub(crate) const AREA_PATCH: [f64; 2] = [3.6, 2.4];
/// Width of the legend slot of an area patch or a boundary line.
pub(crate) const AREA_SLOT_W: f64 = 4.0;
/// Half length of a boundary line in the legend.
pub(crate) const BOUNDARY_LINE_HALF: f64 = 2.0;
/// Height of the legend slot of a boundary line.
pub(crate) const BOUNDARY_SLOT_H: f64 = 2.0;
/// The region's outline, in the map and its legend.
pub(crate) const REGION_OUTLINE_STROKE: f64 = 0.5;
/// Kreis borders, in the map and the legend.
pub(crate) const KREIS_BORDER_STROKE: f64 = 0.3;
/// White borders between municipalities outside the region.
pub(crate) const CONTEXT_BORDER_STROKE: f64 = 0.3;
/// White borders between municipalities inside the region.
pub(crate) const MUNICIPALITY_BORDER_STROKE: f64 = 0.2;
/// Height of a legend slot holding a patch or a box.
pub(crate) const PATCH_SLOT_H: f64 = 2.4;
/// Height of a legend box symbol (edge badge, unknown-location box).
pub(crate) const BOX_SYMBOL_H: f64 = 2.2;
/// Corner radius of the edge badge in the legend.
pub(crate) const BADGE_SYMBOL_CORNER: f64 = 0.4;

// ---- seats map (Fig. 1) -------------------------------------------------------

/// Width of the legend column when the legend goes right of the map.
pub(crate) const SEAT_RIGHT_LEGEND_W: f64 = 48.0;
/// The lowest map frame (mm) a page shrinks its map to before the page's
/// height is called too small for its legend.
pub(crate) const MIN_MAP_HEIGHT: f64 = 40.0;
/// How often a page is laid out again to fit `max_height_mm`.
pub(crate) const PAGE_FIT_ATTEMPTS: usize = 8;
/// How far (mm) a page may exceed `max_height_mm`: rounding, not layout.
pub(crate) const PAGE_FIT_TOLERANCE: f64 = 0.05;
/// Gap between the map and a legend right of it.
pub(crate) const SEAT_LEGEND_GAP: f64 = 4.0;
/// Width kept free for the scale block beside a legend below the map.
pub(crate) const SEAT_SCALE_BLOCK_W: f64 = 36.0;
/// Smallest and largest radius of the largest seat symbol.
pub(crate) const SEAT_R_MAX_RANGE: [f64; 2] = [2.5, 6.0];
/// Share of the map width the largest seat symbol's radius takes (a ratio,
/// clamped to [`SEAT_R_MAX_RANGE`]).
pub(crate) const SEAT_R_MAX_SHARE: f64 = 0.03;
/// Margin around the map extent beyond the largest symbol's radius.
pub(crate) const SEAT_MARGIN_EXTRA: f64 = 1.5;
/// Seat symbols' boxes (and label anchors) are this much larger than the circle.
pub(crate) const SEAT_BOX_PAD: f64 = 0.1;
/// Gaps kept between seat symbols moved apart so as not to overlap, tried
/// in turn until every label finds a place (a wider gap leaves room for
/// leader lines out of a crowd).
pub(crate) const SEAT_DISPLACE_GAPS: [f64; 4] = [0.3, 0.6, 0.9, 1.2];
/// How far a seat label may stand from its symbol (on a leader) once
/// symbols had to be moved apart: the map is crowded there.
pub(crate) const SEAT_CROWDED_LEADER_MAX: f64 = 14.0;
/// How far from its true place a seat symbol shut in by a crowd may be
/// moved to the crowd's rim, so that its label fits beside it.
pub(crate) const SEAT_RESEAT_REACH: f64 = 7.0;
/// How many spots on the crowd's rim are tried for such a symbol (the
/// labels laid out anew for each, the best kept), and how far apart (mm).
pub(crate) const SEAT_RESEAT_TRIES: usize = 6;
pub(crate) const SEAT_RESEAT_SPREAD: f64 = 2.0;
/// Field colour patch in the legend: width, height.
pub(crate) const FIELD_PATCH: [f64; 2] = [3.2, 2.4];
/// Width of the legend slot of a field patch.
pub(crate) const FIELD_SLOT_W: f64 = 3.6;
/// Outline of a field patch.
pub(crate) const FIELD_PATCH_STROKE: f64 = 0.15;
/// Gap between the size legend's circles and their values.
pub(crate) const SIZE_LEGEND_GAP: f64 = 2.5;
/// Outline of the size legend's circles.
pub(crate) const SIZE_CIRCLE_STROKE: f64 = 0.2;
/// How far a size legend's tick runs beyond the largest circle.
pub(crate) const SIZE_TICK_OVERRUN: f64 = 1.0;
/// Stroke of a size legend's tick.
pub(crate) const SIZE_TICK_STROKE: f64 = 0.12;
/// Gap between the largest circle's right edge and the values.
pub(crate) const SIZE_VALUE_OFFSET: f64 = 1.5;
/// Extra height of the size legend beyond the largest circle.
pub(crate) const SIZE_LEGEND_EXTRA_H: f64 = 1.6;
/// A box symbol in the seats legend (far seats, unknown seats): width.
pub(crate) const SEAT_BOX_SYMBOL_W: f64 = 3.4;

// ---- network maps (Figs. 2–5) -----------------------------------------------

/// Space between a panel heading's project id and its title.
pub(crate) const HEADING_GAP: f64 = 1.6;
/// Space below a panel heading.
pub(crate) const HEADING_BOTTOM: f64 = 0.8;
/// Gap between panel columns.
pub(crate) const GAP_X: f64 = 4.0;
/// Gap between panel rows.
pub(crate) const GAP_Y: f64 = 3.0;
/// Margin inside each panel's frame around the region.
pub(crate) const PANEL_MARGIN: f64 = 2.0;
/// Gap between markers that share a municipality.
pub(crate) const MARKER_GAP: f64 = 0.25;
/// Length of a link's end kept free of labels, beyond the marker rim.
pub(crate) const LINK_END: f64 = 1.5;
/// Width of the scale block (scale bar and north arrow).
pub(crate) const SCALE_BLOCK_W: f64 = 32.0;
/// Width a legend right of the panels is measured at.
pub(crate) const RIGHT_LEGEND_PROBE_W: f64 = 60.0;
/// Room a legend in an empty grid cell needs below it.
pub(crate) const CELL_LEGEND_ROOM: f64 = 10.0;
/// A legend in an empty grid cell sits this far inside the cell.
pub(crate) const CELL_LEGEND_INSET: f64 = 1.0;
/// Gap between the scale block and a legend below the panels.
pub(crate) const SCALE_BLOCK_GAP: f64 = 4.0;
/// Bar chart: height of title and axis.
pub(crate) const CHART_BASE_H: f64 = 7.0;
/// Bar chart: height per bar.
pub(crate) const CHART_BAR_H: f64 = 3.4;
/// Bar chart: room for the bars beside the longest category.
pub(crate) const CHART_BARS_W: f64 = 42.0;
/// Bar chart: widest minimum width.
pub(crate) const CHART_MIN_W: f64 = 80.0;
/// Unknown-location box: gap before each role symbol and after each count.
pub(crate) const UNKNOWN_ITEM_GAP: f64 = 1.0;
/// Unknown-location box: gap between a role symbol and its count.
pub(crate) const UNKNOWN_COUNT_GAP: f64 = 0.4;
/// Legend slot of a role row (link and marker): width, height.
pub(crate) const ROLE_SLOT: [f64; 2] = [6.8, 2.6];
/// Legend: the link drawn before a role's marker, from x to x.
pub(crate) const ROLE_LINK_X: [f64; 2] = [-3.2, 1.6];
/// Legend: x of a core or looser partner's marker (the coordination's is 0).
pub(crate) const ROLE_MARKER_X: f64 = 1.6;
/// Legend box symbols of the network map (edge badge, unknown box): left edge, width.
pub(crate) const NETWORK_BOX_SYMBOL_X: [f64; 2] = [-3.2, 4.2];
/// Legend: the arrow of the edge badge: tip x, base x, half height.
pub(crate) const BADGE_ARROW: [f64; 3] = [3.0, 1.5, 0.65];

/// Gap between a moved partner's marker rim and the tip of its arrow (change maps).
pub(crate) const ARROW_TIP_GAP: f64 = 0.25;

/// Summed-up network panels: radius (mm) of the symbol of the place with
/// the most partners in the figure.
pub(crate) const PLACE_MAX_RADIUS: f64 = 2.0;
/// Summed-up network panels: the smallest place symbol's radius (mm).
pub(crate) const PLACE_MIN_RADIUS: f64 = 0.5;
/// Summed-up network panels: free space (mm) between place symbols.
pub(crate) const PLACE_GAP: f64 = 0.25;
/// Summed-up network panels: width (mm) of the flow line to the place with
/// the most partners in the figure.
pub(crate) const FLOW_MAX_WIDTH: f64 = 1.8;
/// Summed-up network panels: the thinnest flow line (mm).
pub(crate) const FLOW_MIN_WIDTH: f64 = 0.2;
