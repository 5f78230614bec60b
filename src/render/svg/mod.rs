//! SVG: the writer for scenes and the parser (usvg) the rasteriser and the
//! PDF converter start from.

mod tree;
mod writer;

pub use tree::{parse_svg, SvgParseError};
pub use writer::{write_svg, SvgError};
