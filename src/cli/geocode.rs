//! `ruhrmap geocode`: geocode a partner table and write it as GeoJSON or CSV.
//!
//! Everything that can be resolved is written; then every unresolved row is
//! named on stderr (file, line, value, closest candidates) and the exit
//! status is 1. A malformed input file is refused before anything is written
//! (exit 2), so an existing output file stays as it was.

use super::ordered::run_in_order;
use super::{EXIT_OK, EXIT_PARTIAL};
use anyhow::{anyhow, bail};
use rayon::prelude::*;
use ruhrmap::export::{GeocodedWriter, OutputFormat};
use ruhrmap::geocode::{MATCH_KINDS, NominatimClient};
use ruhrmap::table::{ColumnRoles, InputError, TableBlocks, open_any_blocks};
use ruhrmap::{
    Boundaries, Geocoder, MatchKind, Region, Resolution, SubregionScheme, TableRow,
    write_atomically,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How many warnings are listed one by one before the rest are only counted.
const WARNING_LIMIT: usize = 200;

/// Output format choices on the command line.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum FormatArg {
    /// GeoJSON FeatureCollection (RFC 7946).
    Geojson,
    /// Comma-separated values, UTF-8.
    Csv,
}

/// Geocode a partner table (CSV in any Excel flavour, or GeoJSON points) to
/// municipalities and positions.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Columns are found by name: name/partner/organisation; place/ort/address/adresse/anschrift; \
lat/latitude/breite; lon/lng/longitude/länge. Every other column is passed through: exactly in GeoJSON; \
in CSV a cell that a spreadsheet would run as a formula (=, +, -, @ and not a number) gets a leading apostrophe.\n\n\
Exit status: 0 all rows resolved, 1 some rows unresolved (they are written with match=unresolved), 2 bad input."
)]
pub struct Args {
    /// The partner table: .csv (delimiter and encoding detected) or .geojson.
    pub input: PathBuf,
    /// Output file, .geojson or .csv; standard output if omitted.
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: Option<PathBuf>,
    /// Output format; by default from the output file's extension (GeoJSON on standard output).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// The region deciding `in_region` and preferred among namesakes: AGS
    /// prefixes or names of municipalities, Kreise or Länder, comma-separated
    /// (default: the Regionalverband Ruhr).
    #[arg(long, value_name = "SELECTORS")]
    pub region: Vec<String>,
    /// Sub-regions: a preset (kreise, regierungsbezirke, laender, none; the Ruhr's zonen,
    /// nord-sued) or a mapping file (.csv, .toml, .geojson). Default: zonen for the
    /// Regionalverband Ruhr, otherwise the first of Länder, Regierungsbezirke, Kreise
    /// that splits the region.
    #[arg(long, value_name = "PRESET|FILE")]
    pub subregions: Option<String>,
    /// Also ask a Nominatim-compatible service for street addresses and
    /// unresolved places (e.g. http://localhost:8080). Off by default.
    #[arg(long, value_name = "URL")]
    pub online: Option<String>,
    /// Cache file for online answers (JSON, sorted keys; commit it so reruns need no network).
    #[arg(long, value_name = "FILE", requires = "online")]
    pub cache: Option<PathBuf>,
    /// Seconds between online requests (the public Nominatim allows one per second).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 1.0,
        requires = "online"
    )]
    pub online_interval: f64,
    /// Print no warnings and no summary (unresolved rows are still named).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `ruhrmap geocode`; returns the exit status.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let format = match (args.format, &args.output) {
        (Some(FormatArg::Geojson), _) => OutputFormat::GeoJson,
        (Some(FormatArg::Csv), _) => OutputFormat::Csv,
        (None, Some(path)) => OutputFormat::from_path(path).ok_or_else(|| {
            anyhow!("cannot tell the output format from {}: use the extension .geojson or .csv, or --format geojson|csv", path.display())
        })?,
        (None, None) => OutputFormat::GeoJson,
    };
    // the input first: a file that is malformed as a whole is refused before
    // anything else happens
    let table = open_any_blocks(&args.input).map_err(|e| anyhow!("{e}"))?;

    let boundaries = Boundaries::embedded();
    let region = if args.region.is_empty() {
        Region::ruhr(boundaries)
    } else {
        let name = args.region.join(", ");
        Region::from_selectors(&name, &args.region, boundaries)
            .map_err(|e| anyhow!("--region: {e}"))?
    };
    let subregions = match &args.subregions {
        Some(spec) => load_subregions(spec, &region, boundaries)?,
        None => SubregionScheme::default_for(&region, boundaries)
            .map_err(|e| anyhow!("sub-regions: {e}"))?,
    };
    let client = match &args.online {
        Some(url) => {
            if !(args.online_interval.is_finite() && args.online_interval >= 0.0) {
                bail!(
                    "--online-interval must be a number of seconds ≥ 0, not {}",
                    args.online_interval
                );
            }
            let mut client = NominatimClient::new(url)
                .map_err(|e| anyhow!("--online: {e}"))?
                .with_min_interval(Duration::from_secs_f64(args.online_interval));
            if let Some(cache) = &args.cache {
                client = client
                    .with_cache(cache)
                    .map_err(|e| anyhow!("--cache: {e}"))?;
            }
            Some(client)
        }
        None => None,
    };
    let mut geocoder = Geocoder::new(boundaries, &region, &subregions);
    if let Some(client) = &client {
        geocoder = geocoder.with_online(client);
    }
    geocoder.expect_points(table.approx_records());

    let mut summary = Summary::default();
    match &args.output {
        Some(path) => {
            // a malformed record aborts the atomic write: the temporary file
            // goes, an existing output stays as it was
            let mut malformed: Option<InputError> = None;
            let written = write_atomically(path, |w| {
                stream(w, format, &table, &geocoder, &mut summary, args.quiet).map_err(
                    |e| match e {
                        StreamError::Input(e) => {
                            malformed = Some(e);
                            std::io::Error::other("the input is malformed")
                        }
                        StreamError::Output(e) => e,
                    },
                )
            });
            if let Some(e) = malformed {
                bail!("{e}");
            }
            written.map_err(|e| anyhow!("{e}"))?;
        }
        None => {
            // standard output cannot be taken back: check every record first
            let checks: Vec<Result<(), InputError>> = (0..table.block_count())
                .into_par_iter()
                .map(|i| table.read_block(i).map(drop))
                .collect();
            for check in checks {
                check.map_err(|e| anyhow!("{e}"))?;
            }
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            stream(
                &mut lock,
                format,
                &table,
                &geocoder,
                &mut summary,
                args.quiet,
            )
            .map_err(|e| match e {
                StreamError::Input(e) => anyhow!("{e}"),
                StreamError::Output(e) => anyhow!("cannot write to standard output: {e}"),
            })?;
        }
    }
    if let Some(client) = &client {
        client.save_cache().map_err(|e| anyhow!("{e}"))?;
    }
    report(&args, &table.path, &summary, &geocoder)
}

/// Why streaming stopped.
enum StreamError {
    /// A malformed record.
    Input(InputError),
    /// The output could not be written.
    Output(std::io::Error),
}

impl From<InputError> for StreamError {
    fn from(e: InputError) -> StreamError {
        StreamError::Input(e)
    }
}

impl From<std::io::Error> for StreamError {
    fn from(e: std::io::Error) -> StreamError {
        StreamError::Output(e)
    }
}

/// What the report says about one row: its warnings, or why it is unresolved.
struct Note {
    line: u64,
    warnings: Vec<String>,
    candidates: Vec<String>,
    /// For an unresolved row: its place text, if any.
    unresolved: Option<Option<String>>,
}

/// Counts and notes gathered while streaming.
///
/// Only the notes the report prints are kept: every unresolved row, and rows
/// with warnings until [`WARNING_LIMIT`] warnings are listed (none when
/// quiet). Beyond that warnings are only counted, so a table of a million
/// rows outside Germany costs a counter, not a million messages.
#[derive(Default)]
struct Summary {
    rows: usize,
    by_kind: [usize; MATCH_KINDS.len()],
    in_region: usize,
    /// Warnings of the rows merged so far, listed or not.
    warnings: usize,
    notes: Vec<Note>,
}

impl Summary {
    fn add(&mut self, columns: &ColumnRoles, rows: &[TableRow], resolutions: Vec<Resolution>) {
        self.rows += rows.len();
        for (row, resolution) in rows.iter().zip(resolutions) {
            self.by_kind[MATCH_KINDS
                .iter()
                .position(|k| *k == resolution.match_kind)
                .unwrap_or(0)] += 1;
            self.in_region += usize::from(resolution.in_region);
            let unresolved = resolution.match_kind == MatchKind::Unresolved;
            if unresolved || !resolution.warnings.is_empty() {
                self.notes.push(Note {
                    line: row.line,
                    warnings: resolution.warnings,
                    candidates: resolution.candidates,
                    unresolved: unresolved.then(|| columns.place_text(row).map(|p| p.into_owned())),
                });
            }
        }
    }

    /// Appends the summary of the rows that follow; `quiet`: warnings are
    /// not listed.
    fn merge(&mut self, other: Summary, quiet: bool) {
        self.rows += other.rows;
        for (total, count) in self.by_kind.iter_mut().zip(other.by_kind) {
            *total += count;
        }
        self.in_region += other.in_region;
        for mut note in other.notes {
            // the notes come in file order, so the warnings before this note
            // are the ones the report lists before it
            let before = self.warnings;
            self.warnings += note.warnings.len();
            if quiet || before >= WARNING_LIMIT {
                if note.unresolved.is_none() {
                    continue;
                }
                note.warnings = Vec::new();
            }
            self.notes.push(note);
        }
    }
}

/// Reads, geocodes and writes the table block by block: blocks are read,
/// parsed, resolved and formatted on every thread and written in file order
/// as they are done. At most two blocks more than there are threads are in
/// memory: one per thread, and slack for a slow block holding up the output.
fn stream(
    w: &mut dyn Write,
    format: OutputFormat,
    table: &TableBlocks,
    geocoder: &Geocoder<'_>,
    summary: &mut Summary,
    quiet: bool,
) -> Result<(), StreamError> {
    let mut writer = GeocodedWriter::new(w, format, &table.headers)?;
    let formatter = writer.formatter();
    let mut failure: Option<StreamError> = None;
    run_in_order(
        table.block_count(),
        rayon::current_num_threads() + 2,
        |i| -> Result<(Vec<u8>, Summary), StreamError> {
            let rows = table.read_block(i)?;
            let resolutions: Vec<Resolution> = rows
                .iter()
                .map(|row| geocoder.resolve_record(&table.columns, row))
                .collect();
            let bytes = formatter.format_rows(i == 0, &rows, &resolutions, geocoder)?;
            let mut part = Summary::default();
            part.add(&table.columns, &rows, resolutions);
            // the rows are done with: hand them back on this thread
            drop(rows);
            Ok((bytes, part))
        },
        |block| {
            // the first error in file order stops the run
            let written = block.and_then(|(bytes, part)| {
                writer.write_formatted(&bytes)?;
                Ok(part)
            });
            match written {
                Ok(part) => {
                    summary.merge(part, quiet);
                    true
                }
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        },
    );
    if let Some(e) = failure {
        return Err(e);
    }
    writer.finish()?;
    Ok(())
}

/// A preset name or a mapping file ([`SubregionScheme::from_spec`]).
fn load_subregions(
    spec: &str,
    region: &Region,
    boundaries: &Boundaries,
) -> anyhow::Result<SubregionScheme> {
    SubregionScheme::from_spec(spec, Path::new(""), region, boundaries)
        .map_err(|e| anyhow!("--subregions: {e}"))
}

/// Names unresolved rows and warnings on stderr; returns the exit status.
fn report(
    args: &Args,
    input: &Path,
    summary: &Summary,
    geocoder: &Geocoder<'_>,
) -> anyhow::Result<u8> {
    let file = input.display();
    let stderr = std::io::stderr();
    let mut err = std::io::BufWriter::new(stderr.lock());
    let mut listed = 0usize;
    let mut unresolved = 0usize;
    for note in &summary.notes {
        if !args.quiet && !note.warnings.is_empty() {
            let listing = listed < WARNING_LIMIT;
            for warning in &note.warnings {
                listed += 1;
                if listed <= WARNING_LIMIT {
                    writeln!(err, "{file}:{}: warning: {warning}", note.line)?;
                }
            }
            if listing && !note.candidates.is_empty() && note.unresolved.is_none() {
                writeln!(
                    err,
                    "{file}:{}:   candidates: {}",
                    note.line,
                    note.candidates.join("; ")
                )?;
            }
        }
        if let Some(place) = &note.unresolved {
            unresolved += 1;
            let what = match place {
                Some(text) => format!("unresolved place {text:?}"),
                None => "no place and no usable coordinates".to_string(),
            };
            let closest = if note.candidates.is_empty() {
                String::new()
            } else {
                format!("; closest: {}", note.candidates.join("; "))
            };
            writeln!(err, "{file}:{}: {what}{closest}", note.line)?;
        }
    }
    if !args.quiet && summary.warnings > WARNING_LIMIT {
        writeln!(
            err,
            "{file}: … and {} more warnings",
            summary.warnings - WARNING_LIMIT
        )?;
    }
    if !args.quiet {
        let by_kind: Vec<String> = MATCH_KINDS
            .iter()
            .zip(summary.by_kind)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let target = args.output.as_ref().map_or_else(
            || "standard output".to_string(),
            |p| p.display().to_string(),
        );
        writeln!(
            err,
            "{file}: {} rows geocoded ({}); {} in {}; written to {target}",
            summary.rows,
            if by_kind.is_empty() {
                "none".to_string()
            } else {
                by_kind.join(", ")
            },
            summary.in_region,
            geocoder.region().name()
        )?;
    }
    err.flush()?;
    Ok(if unresolved > 0 {
        EXIT_PARTIAL
    } else {
        EXIT_OK
    })
}
