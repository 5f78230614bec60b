//! SVG: the writer for scenes (with the font subset its text needs, or the
//! text as outlines) and the parser (usvg) the rasteriser and the PDF
//! converter start from.

mod font_face;
mod text_outlines;
mod tree;
mod writer;

pub use font_face::FontSubsetError;
pub use tree::{SvgParseError, parse_svg};
pub(crate) use writer::write_svg_document;
pub use writer::{SvgError, write_svg};
