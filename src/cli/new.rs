//! `ruhrmap new`: a report folder to start from, for a region.

use super::EXIT_OK;
use ruhrmap::Boundaries;
use ruhrmap::report::scaffold_report;
use std::path::PathBuf;

/// Start a new report: config, table templates and README in a new folder.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Writes DIR/report.toml (commented, German), the projects and partners tables \
as daten.xlsx (sheets Projekte, Partner) and as projekte.csv/partner.csv (German Excel: \
semicolon, UTF-8 with BOM), and DIR/README.md saying what to fill in. \
`ruhrmap build DIR/report.toml -o DIR/out` works at once.\n\n\
Exit status: 0 written, 2 the folder is not empty or the region matches nothing."
)]
pub struct Args {
    /// The new report folder (created; must be missing or empty).
    pub dir: PathBuf,
    /// The study region: a name ("Kreis Unna", "Regierungsbezirk Münster",
    /// "Nordrhein-Westfalen") or AGS prefixes, comma-separated; the
    /// Regionalverband Ruhr when absent.
    #[arg(long)]
    pub region: Option<String>,
}

/// Runs `ruhrmap new`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let made = scaffold_report(&args.dir, args.region.as_deref(), Boundaries::embedded())?;
    eprintln!(
        "new report for {} (sub-regions: {}) in {}:",
        made.region,
        made.subregions,
        args.dir.display()
    );
    for file in &made.files {
        eprintln!("  {}", file.display());
    }
    eprintln!(
        "fill in the tables (README.md says how), then: ruhrmap build {} -o {}",
        args.dir.join("report.toml").display(),
        args.dir.join("out").display()
    );
    Ok(EXIT_OK)
}
