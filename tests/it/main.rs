//! The integration tests, one crate: each module drives the library's public
//! API or the `ruhrmap` binary in temporary folders; `support` holds what
//! they share.

mod architecture;
mod bad_input;
mod beyond_border;
mod boundaries;
mod build;
mod example_data;
mod figures;
mod fuzz_regressions;
mod geocode;
mod geopackage;
mod injection;
mod input_properties;
mod render_outputs;
mod support;
