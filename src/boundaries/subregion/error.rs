//! Where a sub-region mapping went wrong, and why.

use crate::boundaries::ags::Ags;
use crate::text::did_you_mean;
use std::path::PathBuf;

/// Where in a mapping file a problem is: a line of a CSV or TOML file, or a
/// feature of a GeoJSON file (both 1-based).
///
/// ```
/// use ruhrmap::boundaries::MappingLocation;
/// assert_eq!(MappingLocation::Line(4).to_string(), "line 4");
/// assert_eq!(MappingLocation::Feature(2).to_string(), "feature 2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingLocation {
    /// A line of a CSV or TOML file.
    Line(u32),
    /// A feature of a GeoJSON FeatureCollection, counted from 1.
    Feature(u32),
}

impl MappingLocation {
    /// The location of a line (files beyond 4 billion lines saturate).
    pub(crate) fn line(line: u64) -> MappingLocation {
        MappingLocation::Line(u32::try_from(line).unwrap_or(u32::MAX))
    }

    /// The location of the `number`-th feature.
    pub(crate) fn feature(number: usize) -> MappingLocation {
        MappingLocation::Feature(u32::try_from(number).unwrap_or(u32::MAX))
    }
}

impl std::fmt::Display for MappingLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MappingLocation::Line(line) => write!(f, "line {line}"),
            MappingLocation::Feature(feature) => write!(f, "feature {feature}"),
        }
    }
}

/// Why a sub-region scheme could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SubregionError {
    /// The preset name is not one of [`SUBREGION_PRESETS`](crate::boundaries::SUBREGION_PRESETS).
    #[error("unknown sub-region preset {name:?}: expected one of kreise, zonen, nord-sued, regierungsbezirke, laender, none{}", did_you_mean(.suggestion.as_slice()))]
    UnknownPreset {
        /// The name as given.
        name: String,
        /// The closest preset name, if one is close.
        suggestion: Option<String>,
    },
    /// The data of a built-in preset is inconsistent. This is a defect of the
    /// crate, caught by its unit tests; it is reported rather than panicking.
    #[error("built-in sub-region preset {preset:?}, {file} line {line}: {message}")]
    InvalidPreset {
        /// The preset.
        preset: String,
        /// The asset file.
        file: &'static str,
        /// The 1-based line in that file.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// None of the region's members has a class in the scheme.
    #[error(
        "the sub-region scheme {scheme:?} assigns none of the municipalities of the region {region:?}"
    )]
    NoOverlap {
        /// The scheme's name.
        scheme: String,
        /// The region's name.
        region: String,
    },
    /// The mapping file could not be read.
    #[error("cannot read sub-region mapping {}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// The file's extension is none of the supported formats.
    #[error("{}: unsupported sub-region mapping format {extension:?}: expected .csv (or .tsv/.txt), .toml, or .geojson/.json", .path.display())]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
        /// The extension found (empty if there is none).
        extension: String,
    },
    /// The table reader refused the CSV (an encoding it does not read,
    /// unbalanced quotes, a row with the wrong number of fields); its error
    /// names the file, the line and what was expected.
    #[error(transparent)]
    Table {
        /// The reader's error (its source, too).
        source: crate::table::InputError,
    },
    /// A required column is missing from the CSV header.
    #[error("{}, line 1: no {expected} column; the header has {}", .path.display(), quoted_list(.found))]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column that was expected, with the accepted header names.
        expected: String,
        /// The header's column names.
        found: Vec<String>,
    },
    /// A municipality name or key matches nothing.
    #[error("{}, {location}: unknown municipality {value:?}: expected an 8-digit AGS or the name of a municipality or Kreis of the region{}", .path.display(), did_you_mean(.candidates))]
    UnknownMunicipality {
        /// The file.
        path: PathBuf,
        /// Where in the file (`line 4`).
        location: MappingLocation,
        /// The value as given.
        value: String,
        /// The closest names, best first.
        candidates: Vec<String>,
    },
    /// A municipality name matches several municipalities of the region.
    #[error("{}, {location}: {value:?} names several municipalities: {}; give the AGS instead", .path.display(), .candidates.join(", "))]
    AmbiguousMunicipality {
        /// The file.
        path: PathBuf,
        /// Where in the file.
        location: MappingLocation,
        /// The value as given.
        value: String,
        /// The candidates as `AGS name (district)`.
        candidates: Vec<String>,
    },
    /// A municipality is named that is not a member of the region.
    #[error("{}, {location}: {municipality} is not in the region {region:?}; a sub-region mapping may only name members of the region", .path.display())]
    OutsideRegion {
        /// The file.
        path: PathBuf,
        /// Where in the file.
        location: MappingLocation,
        /// The municipality as `AGS name`.
        municipality: String,
        /// The region's name.
        region: String,
    },
    /// The AGS and the name given in one row disagree.
    #[error("{}, line {line}: AGS {ags} is {official}, but the name column says {given:?}", .path.display())]
    NameMismatch {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
        /// The key given.
        ags: Ags,
        /// The official name of that key.
        official: String,
        /// The name given.
        given: String,
    },
    /// One municipality is put into two different classes.
    #[error("{}, {location}: {municipality} is put into {second:?}, but {first_location} already put it into {first:?}", .path.display())]
    ConflictingAssignment {
        /// The file.
        path: PathBuf,
        /// Where the second assignment is.
        location: MappingLocation,
        /// The municipality as `AGS name`.
        municipality: String,
        /// The first class.
        first: String,
        /// Where the first assignment is.
        first_location: MappingLocation,
        /// The second class.
        second: String,
    },
    /// A fill colour is not `#rrggbb`.
    #[error("{}, {location}: fill {value:?} is not a colour: expected #rrggbb, e.g. #fef3d5", .path.display())]
    InvalidFill {
        /// The file.
        path: PathBuf,
        /// Where in the file.
        location: MappingLocation,
        /// The value as given.
        value: String,
    },
    /// A class gets two different English labels or fills.
    #[error("{}, {location}: sub-region {class:?} has {attribute} {second:?} here but {first:?} earlier", .path.display())]
    ConflictingAttribute {
        /// The file.
        path: PathBuf,
        /// Where the second value is.
        location: MappingLocation,
        /// The class label.
        class: String,
        /// `label_en` or `fill`.
        attribute: &'static str,
        /// The first value.
        first: String,
        /// The second value.
        second: String,
    },
    /// A row or feature names no sub-region.
    #[error("{}, {location}: the sub-region is empty: every municipality needs a sub-region name", .path.display())]
    EmptyClass {
        /// The file.
        path: PathBuf,
        /// Where in the file.
        location: MappingLocation,
    },
    /// A key of the optional `[label_en]` or `[fill]` TOML tables names no sub-region.
    #[error("{}, line {line}: [{table}] names {class:?}, which is not a sub-region of [subregions]{}", .path.display(), did_you_mean(.candidates))]
    UnknownClass {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
        /// The table (`label_en` or `fill`).
        table: &'static str,
        /// The key as given.
        class: String,
        /// The closest sub-region names.
        candidates: Vec<String>,
    },
    /// The TOML is malformed or does not have the expected layout.
    #[error("{}, line {line}: {message}; expected a [subregions] table of name = [members], e.g. Nord = [\"Gelsenkirchen\", \"Kreis Recklinghausen\"]", .path.display())]
    Toml {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the problem (1 if unknown).
        line: u64,
        /// The parser's message.
        message: String,
        /// The parser's error.
        #[source]
        source: Box<toml::de::Error>,
    },
    /// The GeoJSON is malformed.
    #[error("{}: malformed GeoJSON: {source}", .path.display())]
    GeoJson {
        /// The file.
        path: PathBuf,
        /// The parser's error.
        #[source]
        source: geojson::Error,
    },
    /// A GeoJSON feature is not a usable sub-region polygon.
    #[error("{}, feature {feature}: {message}", .path.display())]
    Feature {
        /// The file.
        path: PathBuf,
        /// The 1-based position of the feature in the collection.
        feature: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The representative point of a municipality lies in polygons of two classes.
    #[error("{}: the polygons of features {first_feature} ({first:?}) and {second_feature} ({second:?}) overlap at {municipality}; sub-region polygons must not overlap", .path.display())]
    OverlappingPolygons {
        /// The file.
        path: PathBuf,
        /// The municipality as `AGS name`.
        municipality: String,
        /// The first feature (1-based).
        first_feature: usize,
        /// Its class.
        first: String,
        /// The second feature (1-based).
        second_feature: usize,
        /// Its class.
        second: String,
    },
    /// The file defines no sub-region at all.
    #[error("{}: the file defines no sub-region", .path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
}

fn quoted_list(items: &[String]) -> String {
    quoted_list_with(items, ", ")
}

fn quoted_list_with(items: &[String], separator: &str) -> String {
    items
        .iter()
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(separator)
}
