//! What leaves ruhrmap besides figures: geocoded tables, GeoJSON layers
//! with their QGIS styles, and the statistics tables the report text quotes.

mod geocoded_table;
mod gis_layers;
mod qml_style;
mod stats_tables;

pub use geocoded_table::{
    output_columns, push_coordinate, render_geocoded, round_coordinate, write_geocoded,
    GeocodedWriter, OutputFormat, OutputFormatError, RecordFormatter, GEOCODE_COLUMNS,
};
pub use gis_layers::{
    export_layers, links_layer, municipalities_layer, partners_layer, GeoJsonLayer,
    MunicipalityGeometry, EXPORT_LAYERS,
};
pub use qml_style::{links_style, municipalities_style, partners_style};
pub use stats_tables::{
    compute_tables, neutralize_cell, tables_markdown, Cell, Column, StatsTable,
};
