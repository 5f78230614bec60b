//! What a network figure (Figs. 2–5) is asked to show: its projects, panel
//! grid, chart, style and language. The steps that build it live in
//! `network_map.rs` (page and drawing), `network_panel.rs` (one panel) and
//! `network_legend.rs` (legend and chart data).

use crate::render::FigureStyle;
use crate::render::figures::change_overlay::ChangeOverlay;
use crate::text::Lang;

/// A network figure: which projects, how laid out.
#[derive(Debug, Clone)]
pub struct NetworkMap<'c> {
    /// Figure id (file stem, prefix of element ids).
    pub id: &'c str,
    /// Title drawn above the maps.
    pub title: &'c str,
    /// Projects, one panel each, in reading order.
    pub projects: &'c [String],
    /// Panel columns; two for two or more projects when `None`.
    pub columns: Option<usize>,
    /// Draw a bar chart of partners per sub-region below the maps.
    pub subregion_chart: bool,
    /// Resolved style.
    pub style: &'c FigureStyle,
    /// Language of all labels.
    pub lang: Lang,
    /// Note appended to the attribution.
    pub note: Option<&'c str>,
    /// For a change figure: how each partner and link changed since the
    /// baseline (`None` for a network figure).
    pub change: Option<&'c ChangeOverlay>,
}
