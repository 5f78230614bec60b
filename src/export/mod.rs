//! What leaves ruhrmap besides figures: geocoded tables, GeoJSON layers
//! with their QGIS styles, and the statistics tables the report text quotes.

mod change_tables;
mod flow_tables;
mod geocoded_table;
mod geopackage;
mod gis_layers;
mod qml_style;
mod stats_tables;

pub use change_tables::{ChangeInputs, HELLWEG_CITIES, compute_change_tables};
pub use flow_tables::{FlowTables, flow_tables};
pub use geocoded_table::{
    GEOCODE_COLUMNS, GeocodedWriter, OutputFormat, OutputFormatError, RecordFormatter,
    output_columns, push_coordinate, render_geocoded, round_coordinate, write_geocoded,
};
pub use geopackage::{
    GEOPACKAGE_TIMESTAMP, GeoPackageError, GeoPackageLayer, geopackage_bytes, write_geopackage,
};
pub use gis_layers::{
    EXPORT_LAYERS, GeoJsonLayer, MunicipalityGeometry, change_links_layer, change_partners_layer,
    export_change_layers, export_layers, links_layer, municipalities_layer, partners_layer,
    subregions_layer,
};
pub use qml_style::{
    links_change_style, links_style, links_style_for, municipalities_style, partners_change_style,
    partners_style, partners_style_for,
};
pub use stats_tables::{
    Cell, Column, StatsTable, compute_tables, neutralize_cell, tables_markdown,
};
