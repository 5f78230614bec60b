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
    /// Whether the partners in the region are shown one by one or summed up
    /// per municipality or Kreis.
    pub aggregate: Aggregate,
}

/// How a network panel shows the partners in the region: one marker each,
/// or one symbol per municipality or Kreis whose area tells the count, with
/// flow lines whose width tells the number of links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregate {
    /// One by one, unless a panel has more partners in the region than the
    /// style's `aggregate_above`: then per municipality where a symbol per
    /// municipality fits the map (few would overlap at the region's scale),
    /// else per Kreis (at Land or national extent).
    #[default]
    Auto,
    /// Always one by one.
    None,
    /// Per municipality.
    Municipality,
    /// Per Kreis (kreisfreie Städte are their own).
    Kreis,
}

impl Aggregate {
    /// The values the report config accepts.
    pub const NAMES: [&'static str; 4] = ["auto", "none", "municipality", "kreis"];

    /// The level a config value names, `None` for anything else.
    ///
    /// ```
    /// use ruhrmap::render::Aggregate;
    /// assert_eq!(Aggregate::parse("kreis"), Some(Aggregate::Kreis));
    /// assert_eq!(Aggregate::parse("bezirk"), None);
    /// ```
    pub fn parse(value: &str) -> Option<Aggregate> {
        match value {
            "auto" => Some(Aggregate::Auto),
            "none" => Some(Aggregate::None),
            "municipality" => Some(Aggregate::Municipality),
            "kreis" => Some(Aggregate::Kreis),
            _ => None,
        }
    }
}
