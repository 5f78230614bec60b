//! `ruhrmap watch`: build a report, then rebuild whenever its config or a
//! data file changes – only the figures whose inputs changed, plus exports
//! and tables when the data did. Each rebuild is reported with what was
//! rebuilt and how long it took; a broken edit is reported with file and
//! line, and the last good outputs stay in place until the edit is fixed.

use super::build::{on_event, progress_bar, report_outcome};
use super::{EXIT_BAD_INPUT, EXIT_OK};
use ruhrmap::Lang;
use ruhrmap::report::{BuildError, Rebuild, Reload, Watcher};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Rebuild a report's figures, exports and tables whenever its inputs change.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Watches the config and the data files it names (projects, partners — the workbook for a sheet such as daten.xlsx#Partner —, \
sub-region mapping, boundaries folder) by polling. Stop with Ctrl-C.\n\n\
Exit status (with --max-rebuilds): that of the last rebuild, 0 complete, 1 partial, 2 bad input."
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
    /// Only report rebuilds and errors, no warnings or progress.
    #[arg(short, long)]
    pub quiet: bool,
    /// How often the files are checked, in milliseconds.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub poll_ms: u64,
    /// Stop after this many rebuilds (after the first build); runs until
    /// interrupted when absent.
    #[arg(long, value_name = "N")]
    pub max_rebuilds: Option<u64>,
}

/// The error and its causes, each cause only once.
fn error_text(error: &BuildError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Reports one (re)build on stderr; returns its exit status.
fn report(result: Result<Rebuild, BuildError>, started: Instant, quiet: bool) -> u8 {
    let seconds = started.elapsed().as_secs_f64();
    match result {
        Err(e) => {
            eprintln!("error: {}", error_text(&e));
            eprintln!("the outputs of the last good build are kept; waiting for the next change");
            EXIT_BAD_INPUT
        }
        Ok(rebuild) => {
            let reloaded = match rebuild.reload {
                Reload::Everything => "config and data read",
                Reload::Network => "projects and partners read",
            };
            let Some(summary) = rebuild.summary else {
                eprintln!(
                    "nothing to rebuild: no output depends on what changed ({reloaded}, {seconds:.2} s)"
                );
                return EXIT_OK;
            };
            let mut parts = rebuild.plan.figures.clone();
            if !summary.exports.is_empty() {
                parts.push("exports".into());
            }
            if !summary.tables.is_empty() {
                parts.push("tables".into());
            }
            let changed = summary.files.iter().filter(|f| f.changed).count();
            eprintln!(
                "rebuilt {} in {seconds:.2} s ({reloaded}; {changed} of {} file(s) changed)",
                parts.join(", "),
                summary.files.len()
            );
            report_outcome(&summary, quiet)
        }
    }
}

/// Waits for the next change of a watched file and returns the changed
/// files, once the editor has finished writing (a poll sees nothing new).
fn next_change(watcher: &mut Watcher, poll: Duration) -> Vec<PathBuf> {
    loop {
        std::thread::sleep(poll);
        let mut changed = watcher.poll();
        if changed.is_empty() {
            continue;
        }
        for _ in 0..20 {
            std::thread::sleep(poll.min(Duration::from_millis(100)));
            let more = watcher.poll();
            if more.is_empty() {
                break;
            }
            changed.extend(more);
        }
        changed.sort();
        changed.dedup();
        return changed;
    }
}

/// Runs `ruhrmap watch`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let poll = Duration::from_millis(args.poll_ms);
    let mut watcher = Watcher::new(&args.config, &args.output, args.lang);

    let started = Instant::now();
    let bar = progress_bar(args.quiet);
    let first = watcher.rebuild(&[], None, &|e| on_event(&bar, e));
    bar.finish_and_clear();
    let mut status = report(first, started, args.quiet);
    let watched: Vec<String> = watcher.watched().map(|p| p.display().to_string()).collect();
    eprintln!("watching {} (Ctrl-C to stop)", watched.join(", "));

    let mut rebuilds = 0u64;
    let more = |rebuilds: u64| args.max_rebuilds.is_none_or(|max| rebuilds < max);
    while more(rebuilds) {
        // one geocoder for as long as the region and sub-regions stay the same
        let context = watcher.geocoding_context();
        let geocoder = context.as_ref().map(|c| c.geocoder());
        while more(rebuilds) {
            let changed = next_change(&mut watcher, poll);
            let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
            eprintln!("changed: {}", names.join(", "));
            let started = Instant::now();
            let result = watcher.rebuild(&changed, geocoder.as_ref(), &|_| {});
            status = report(result, started, args.quiet);
            rebuilds += 1;
            if watcher.geocoding_context() != context {
                break;
            }
        }
    }
    Ok(status)
}
