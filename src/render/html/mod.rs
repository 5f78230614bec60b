//! Interactive HTML: one self-contained page per figure (the figure's SVG
//! inline, with tooltips, a project filter, layer toggles, zoom and pan in
//! a few lines of plain JavaScript) and an index page per report. Nothing
//! is loaded from the network, so the pages work from `file://`; with
//! scripts off they show the static figure. The template, script and style
//! are the files beside this one.

mod page;

pub use page::{HtmlError, IndexEntry, write_html, write_index_html};
