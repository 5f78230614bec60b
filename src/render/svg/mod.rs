//! SVG: the writer for scenes and the parser (usvg) the rasteriser and the
//! PDF converter start from.

mod tree;
mod writer;

pub use tree::{SvgParseError, parse_svg};
pub use writer::{SvgError, write_svg};
