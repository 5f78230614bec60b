//! Text rules every other folder shares: name keys for matching place names
//! (case, ß/ss, umlauts, abbreviations), "did you mean" suggestions, the
//! Jaro-Winkler similarity index, XML escaping and identifiers, and the
//! report language.
//!
//! Nothing here knows about maps or files.

mod jaro_winkler_index;
mod lang;
mod line_number;
mod place_name;
mod suggest;
mod transliterate;
mod xml_text;

pub(crate) use jaro_winkler_index::JaroWinklerIndex;
pub use lang::{Lang, LangError};
pub use line_number::line_of_offset;
pub use place_name::{NormalizedName, UmlautFolding, normalize_place_name};
pub use suggest::{
    SUGGESTION_THRESHOLD, did_you_mean, suggestion, suggestion_key, suggestion_similarity,
    suggestions,
};
pub use transliterate::{transliterate, transliterate_char};
pub use xml_text::{IdRegistry, displayed_text, xml_id};
pub(crate) use xml_text::{is_written_as_reference, push_escaped_attribute, push_escaped_text};
