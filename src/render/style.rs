//! The resolved style of one figure: page width, type sizes, map CRS and
//! placement rules, as a report's `[style]` section and a figure's own keys
//! set them.

use crate::render::scene::TextMode;
use serde::Deserialize;

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LegendPlacement {
    /// Chosen by the figure: an empty grid cell if there is one, else below.
    #[default]
    Auto,
    /// Below the map(s), across the full width.
    Below,
    /// To the right of the map(s).
    Right,
}

/// How a figure is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Print {
    /// In colour (the default).
    #[default]
    #[serde(rename = "colour", alias = "color")]
    Colour,
    /// In greys only: every colour becomes the grey of its lightness, and
    /// sub-regions whose greys are too close to tell apart are hatched.
    #[serde(
        rename = "greyscale",
        alias = "grayscale",
        alias = "grey",
        alias = "gray"
    )]
    Greyscale,
}

/// The style of one figure, all values resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureStyle {
    /// Figure width (mm).
    pub width_mm: f64,
    /// PNG resolution (dpi).
    pub dpi: f64,
    /// Municipality labels (pt).
    pub label_pt: f64,
    /// Figure title (pt).
    pub title_pt: f64,
    /// Panel headings (pt).
    pub panel_title_pt: f64,
    /// Legend text (pt).
    pub legend_pt: f64,
    /// Small print (pt).
    pub small_pt: f64,
    /// Map CRS.
    pub crs: String,
    /// Draw the figure title.
    pub show_title: bool,
    /// Accept unplaceable labels.
    pub allow_unplaced_labels: bool,
    /// Accept collisions in the layout report (labels, markers and boxes
    /// drawn over each other); without it a figure with any fails the run.
    pub allow_collisions: bool,
    /// Legend placement.
    pub legend: LegendPlacement,
    /// Text in the embedded font (default) or as glyph outlines.
    pub text: TextMode,
    /// In colour (default) or in greys.
    pub print: Print,
    /// The tallest the page may be (mm); a taller region gets its legend
    /// beside the map or a smaller map.
    pub max_height_mm: f64,
    /// Network panels with more partners in the region than this are drawn
    /// per municipality (or Kreis) when the figure's `aggregate` is `"auto"`.
    pub aggregate_above: usize,
}

/// The default `max_height_mm`: the height of an A4 text block (with the
/// default width of 160 mm, the 160 × 225 mm a report page holds).
pub const DEFAULT_MAX_HEIGHT_MM: f64 = 225.0;

impl Default for FigureStyle {
    /// A4 text width, print resolution, 6.5 pt labels.
    fn default() -> FigureStyle {
        FigureStyle {
            width_mm: 160.0,
            dpi: 300.0,
            label_pt: 6.5,
            title_pt: 9.0,
            panel_title_pt: 7.0,
            legend_pt: 6.5,
            small_pt: 6.0,
            crs: crate::crs::DEFAULT_CRS.to_string(),
            show_title: true,
            allow_unplaced_labels: false,
            allow_collisions: false,
            legend: LegendPlacement::Auto,
            text: TextMode::Font,
            print: Print::Colour,
            max_height_mm: DEFAULT_MAX_HEIGHT_MM,
            aggregate_above: 100,
        }
    }
}
