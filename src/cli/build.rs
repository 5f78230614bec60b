//! `ruhrmap build`: every figure, export and table of a report config, in
//! one run, into one output folder.
//!
//! Progress goes to stderr as a bar when stderr is a terminal; `-q` keeps
//! stderr quiet except for what makes the exit status 1 (unresolved rows,
//! unplaced labels); `--json` prints a summary of what was written to stdout.

use super::{EXIT_OK, EXIT_PARTIAL};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ruhrmap::report::{BuildError, BuildEvent};
use ruhrmap::{BuildPlan, BuildSummary, Lang, Report, ReportConfig, build_report};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Build all figures, GIS exports and tables of a report config.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Writes <figure>.svg/.png/.pdf/.layout.json per [[figures]] entry, \
the GeoJSON layers with QGIS styles ([exports], default folder gis/) and the tables as CSV \
and Markdown ([tables], default folder tables/). Nothing is replaced until everything has been \
made; unchanged files are left untouched.\n\n\
Exit status: 0 complete, 1 unresolved partner rows or labels that could not be placed, 2 bad input."
)]
pub struct Args {
    /// The report config (TOML), e.g. examples/ruhr-konferenz/report.toml.
    pub config: PathBuf,
    /// Output folder (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: PathBuf,
    /// Language of all labels and tables (de, en); overrides `[report] lang`.
    #[arg(long)]
    pub lang: Option<Lang>,
    /// No progress or warnings on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print a machine-readable summary of the files written to stdout.
    #[arg(long)]
    pub json: bool,
}

/// A progress bar on stderr, hidden when stderr is not a terminal or `quiet`.
pub(super) fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// Feeds build events to `bar`, whose first step was loading the data.
pub(super) fn on_event(bar: &ProgressBar, event: BuildEvent) {
    match event {
        BuildEvent::Started { steps } => bar.set_length(steps as u64 + 1),
        BuildEvent::Finished { step } => {
            bar.set_message(step);
            bar.inc(1);
        }
    }
}

/// Prints what a build noticed to stderr and returns its exit status.
/// Unresolved rows and unplaced labels are named even when `quiet`: they are
/// why the status is 1.
pub(super) fn report_outcome(summary: &BuildSummary, quiet: bool) -> u8 {
    if !quiet {
        for w in &summary.warnings {
            eprintln!("warning: {w}");
        }
    }
    for u in &summary.unresolved {
        eprintln!("unresolved: {u}");
    }
    for f in &summary.figures {
        if f.unplaced_labels > 0 && !f.unplaced_allowed {
            eprintln!(
                "error: figure {}: {} label(s) could not be placed; set allow_unplaced_labels = true in its style to accept this",
                f.id, f.unplaced_labels
            );
        }
    }
    for f in &summary.figures {
        if !f.collisions.is_empty() && !f.collisions_allowed {
            eprintln!("{}", super::render::collision_error(&f.id, &f.collisions));
        }
    }
    if summary.is_complete() {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    }
}

/// One line per group of files: figures, exports, tables.
pub(super) fn describe(summary: &BuildSummary) -> Vec<String> {
    let mut lines = Vec::new();
    for f in &summary.figures {
        let names: Vec<String> = f
            .written
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        lines.push(format!("{}: {}", f.id, names.join(", ")));
    }
    for e in &summary.exports {
        lines.push(format!(
            "{}: {} {} feature(s){}",
            e.file.display(),
            e.features,
            e.geometry_type,
            if e.without_geometry > 0 {
                format!(", {} without location", e.without_geometry)
            } else {
                String::new()
            }
        ));
    }
    if !summary.tables.is_empty() {
        lines.push(format!("tables: {}", summary.tables.join(", ")));
    }
    let unchanged = summary.files.iter().filter(|f| !f.changed).count();
    lines.push(format!(
        "{} file(s) in {}, {} changed, {} unchanged",
        summary.files.len(),
        summary.out_dir.display(),
        summary.files.len() - unchanged,
        unchanged
    ));
    lines
}

/// Writes `text` to stdout; a reader that stops reading early (`| head`)
/// is not an error.
pub(super) fn print_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Runs `ruhrmap build`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let bar = progress_bar(args.quiet);
    let result = ReportConfig::load(&args.config)
        .map_err(BuildError::from)
        .and_then(|config| {
            let plan = BuildPlan::everything(&config);
            bar.set_length(plan.steps(&config) as u64 + 1);
            bar.set_message("loading data");
            let report = Report::from_config(config, args.lang)?;
            bar.inc(1);
            build_report(&report, &args.output, &plan, &|e| on_event(&bar, e))
        });
    bar.finish_and_clear();
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => {
            if args.json {
                let json = serde_json::json!({
                    "config": args.config.to_string_lossy(),
                    "output": args.output.to_string_lossy(),
                    "complete": false,
                    "error": e.to_string(),
                });
                print_stdout(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
            }
            return Err(e.into());
        }
    };
    if !args.quiet {
        for line in describe(&summary) {
            eprintln!("{line}");
        }
    }
    let code = report_outcome(&summary, args.quiet);
    if args.json {
        print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&summary.to_json(&args.config))?
        ))?;
    }
    Ok(code)
}
