//! Command-line front end: argument parsing and dispatch, one subcommand per file.
//! Errors are printed here and mapped to exit codes; the library never prints.

mod boundaries;
mod build;
mod diff;
mod geocode;
mod new;
mod ordered;
mod render;
mod stats;
mod watch;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::process::ExitCode;

/// Exit status for success.
pub const EXIT_OK: u8 = 0;
/// Exit status for partial results: unresolved rows, unplaced labels.
pub const EXIT_PARTIAL: u8 = 1;
/// Exit status for bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Parser)]
#[command(
    name = "ruhrmap",
    version,
    about = "Cartographic network maps on official German municipality boundaries (BKG VG250)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a boundaries folder from BKG VG250 data.
    Boundaries(boundaries::Args),
    /// Geocode a partner table to municipalities and positions.
    Geocode(geocode::Args),
    /// Render the figures of a report config as SVG, PNG, PDF and layout report.
    Render(render::Args),
    /// Build every figure, GIS export and table of a report config.
    Build(build::Args),
    /// Compute the statistics tables of a report config (CSV and Markdown).
    Stats(stats::Args),
    /// Rebuild a report whenever its config or data change.
    Watch(watch::Args),
    /// Start a new report: commented config, table templates (CSV and .xlsx), README.
    New(new::Args),
    /// Compare two states of the data (report configs or partner tables): the change tables.
    Diff(diff::Args),
}

/// Parses `args` and runs the subcommand; returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_OK
            });
        }
    };
    let result: anyhow::Result<u8> = match cli.command {
        Command::Boundaries(a) => boundaries::run(a),
        Command::Geocode(a) => geocode::run(a),
        Command::Render(a) => render::run(a),
        Command::Build(a) => build::run(a),
        Command::Stats(a) => stats::run(a),
        Command::Watch(a) => watch::run(a),
        Command::Diff(a) => diff::run(a),
        Command::New(a) => new::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {}", error_text(&e));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// The error and its causes, joined by `: `; a cause whose text the message
/// already contains (the library's errors name their source) is left out,
/// so nothing is said twice.
fn error_text(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}
