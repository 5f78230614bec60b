//! The integration tests, one crate: each module drives the library's public
//! API or the `ruhrmap` binary in temporary folders; `support` holds what
//! they share.

mod any_region;
mod architecture;
mod bad_input;
mod beyond_border;
mod boundaries;
mod browser;
mod build;
mod change;
mod example_data;
mod figures;
mod fuzz_regressions;
mod geocode;
mod geopackage;
mod injection;
mod input_properties;
mod large_networks;
mod locate_crosscheck;
mod muensterland;
mod promises;
mod render_outputs;
mod scaffold;
mod stress;
mod stress_data;
mod subregion_colours;
mod support;
mod workbooks;
