//! `ruhrmap geocode`: geocode a partner table and write it as GeoJSON or CSV.
//!
//! Everything that can be resolved is written; then every unresolved row is
//! named on stderr (file, line, value, closest candidates) and the exit
//! status is 1. A malformed input file is refused before anything is written
//! (exit 2), so an existing output file stays as it was.

use super::{EXIT_OK, EXIT_PARTIAL};
use anyhow::{anyhow, bail, Context};
use rayon::prelude::*;
use ruhrmap::{
    read_table, render_geocoded, write_geocoded, Boundaries, Geocoder, MatchKind, NominatimClient,
    OutputFormat, Region, Resolution, SubregionScheme, DEFAULT_SUBREGION_PRESET, MATCH_KINDS,
};
use std::io::Write;
use std::path::PathBuf;
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
lat/latitude/breite; lon/lng/longitude/länge. Every other column is passed through.\n\n\
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
    /// Sub-regions: a preset (kreise, zonen, nord-sued) or a mapping file (.csv, .toml, .geojson).
    #[arg(long, value_name = "PRESET|FILE", default_value = DEFAULT_SUBREGION_PRESET)]
    pub subregions: String,
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
    // the input first: a malformed file is refused before anything else happens
    let table = read_table(&args.input).map_err(|e| anyhow!("{e}"))?;

    let boundaries = Boundaries::embedded();
    let region = if args.region.is_empty() {
        Region::ruhr(boundaries)
    } else {
        let name = args.region.join(", ");
        Region::from_selectors(&name, &args.region, boundaries)
            .map_err(|e| anyhow!("--region: {e}"))?
    };
    let subregions = load_subregions(&args.subregions, &region, boundaries)?;
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

    let resolutions: Vec<Resolution> = table
        .rows
        .par_iter()
        .map(|row| geocoder.resolve_row(&table, row))
        .collect();

    match &args.output {
        Some(path) => write_geocoded(path, format, &table, &resolutions, &geocoder)
            .map_err(|e| anyhow!("{e}"))?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            render_geocoded(&mut lock, format, &table, &resolutions, &geocoder)
                .and_then(|_| lock.flush())
                .context("cannot write to standard output")?;
        }
    }
    if let Some(client) = &client {
        client.save_cache().map_err(|e| anyhow!("{e}"))?;
    }

    report(&args, &table, &resolutions, &geocoder)
}

/// A preset name or, if it names an existing file or has a mapping
/// extension, a mapping file.
fn load_subregions(
    spec: &str,
    region: &Region,
    boundaries: &Boundaries,
) -> anyhow::Result<SubregionScheme> {
    let path = PathBuf::from(spec);
    let is_file = path.is_file()
        || matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("csv" | "tsv" | "txt" | "toml" | "geojson" | "json")
        );
    let scheme = if is_file {
        SubregionScheme::from_file(&path, region, boundaries)
    } else {
        SubregionScheme::preset(spec, region, boundaries)
    };
    scheme.map_err(|e| anyhow!("--subregions: {e}"))
}

/// Names unresolved rows and warnings on stderr; returns the exit status.
fn report(
    args: &Args,
    table: &ruhrmap::PartnerTable,
    resolutions: &[Resolution],
    geocoder: &Geocoder<'_>,
) -> anyhow::Result<u8> {
    let file = table.path.display();
    let stderr = std::io::stderr();
    let mut err = std::io::BufWriter::new(stderr.lock());
    let mut warnings = 0usize;
    let mut unresolved = 0usize;
    for (row, resolution) in table.rows.iter().zip(resolutions) {
        if !args.quiet && !resolution.warnings.is_empty() {
            let listed = warnings < WARNING_LIMIT;
            for warning in &resolution.warnings {
                warnings += 1;
                if warnings <= WARNING_LIMIT {
                    writeln!(err, "{file}:{}: warning: {warning}", row.line)?;
                }
            }
            if listed
                && !resolution.candidates.is_empty()
                && resolution.match_kind != MatchKind::Unresolved
            {
                writeln!(
                    err,
                    "{file}:{}:   candidates: {}",
                    row.line,
                    resolution.candidates.join("; ")
                )?;
            }
        }
        if resolution.match_kind == MatchKind::Unresolved {
            unresolved += 1;
            let place = table.place_text(row);
            let what = match &place {
                Some(text) => format!("unresolved place {:?}", text.as_ref()),
                None => "no place and no usable coordinates".to_string(),
            };
            let closest = if resolution.candidates.is_empty() {
                String::new()
            } else {
                format!("; closest: {}", resolution.candidates.join("; "))
            };
            writeln!(err, "{file}:{}: {what}{closest}", row.line)?;
        }
    }
    if warnings > WARNING_LIMIT {
        writeln!(
            err,
            "{file}: … and {} more warnings",
            warnings - WARNING_LIMIT
        )?;
    }
    if !args.quiet {
        let mut counts = [0usize; MATCH_KINDS.len()];
        for r in resolutions {
            counts[MATCH_KINDS
                .iter()
                .position(|k| *k == r.match_kind)
                .unwrap_or(0)] += 1;
        }
        let by_kind: Vec<String> = MATCH_KINDS
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let in_region = resolutions.iter().filter(|r| r.in_region).count();
        let target = args.output.as_ref().map_or_else(
            || "standard output".to_string(),
            |p| p.display().to_string(),
        );
        writeln!(
            err,
            "{file}: {} rows geocoded ({}); {in_region} in {}; written to {target}",
            resolutions.len(),
            if by_kind.is_empty() {
                "none".to_string()
            } else {
                by_kind.join(", ")
            },
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
