//! `ruhrmap stats`: the statistics tables of a report (partners and links per
//! sub-region, Kreis, municipality and project; link shares; key figures),
//! written as CSV and Markdown into the output folder, or printed as
//! Markdown when no folder is given.

use super::build::{describe, print_stdout, report_outcome};
use super::{EXIT_OK, EXIT_PARTIAL};
use ruhrmap::export::tables_markdown;
use ruhrmap::{BuildPlan, Lang, Report, build_report, compute_tables};
use std::path::PathBuf;

/// Compute the statistics tables of a report config.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "With -o, writes the tables as CSV and Markdown into the [tables] folder \
(default tables/) of OUTDIR; without, prints them as Markdown to stdout.\n\n\
Exit status: 0 complete, 1 unresolved partner rows (they are counted as of unknown location), 2 bad input."
)]
pub struct Args {
    /// The report config (TOML), e.g. examples/ruhr-konferenz/report.toml.
    pub config: PathBuf,
    /// Output folder (created if missing); without it the tables go to stdout.
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: Option<PathBuf>,
    /// Language of labels and Markdown headers (de, en); overrides `[report] lang`.
    #[arg(long)]
    pub lang: Option<Lang>,
    /// No warnings on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `ruhrmap stats`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let report = Report::load(&args.config, args.lang)?;
    let Some(output) = &args.output else {
        let tables = compute_tables(&report.analysis());
        let title = report
            .config
            .figures
            .report
            .title
            .clone()
            .unwrap_or_else(|| report.lang.pick("Tabellen", "Tables").to_string());
        print_stdout(&tables_markdown(&tables, &title, report.lang))?;
        for u in &report.data.network.unresolved {
            eprintln!("unresolved: {u}");
        }
        return Ok(if report.data.network.unresolved.is_empty() {
            EXIT_OK
        } else {
            EXIT_PARTIAL
        });
    };
    let plan = BuildPlan {
        figures: Vec::new(),
        exports: false,
        tables: true,
    };
    let summary = build_report(&report, output, &plan, &|_| {})?;
    if !args.quiet {
        for line in describe(&summary) {
            eprintln!("{line}");
        }
    }
    Ok(report_outcome(&summary, args.quiet))
}
