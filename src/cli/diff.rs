//! `ruhrmap diff BASELINE NOW`: what changed between two states of the data,
//! as the change tables in Markdown (no figures).

use super::build::print_stdout;
use super::{EXIT_OK, EXIT_PARTIAL};
use anyhow::Context;
use ruhrmap::export::{ChangeInputs, compute_change_tables, tables_markdown};
use ruhrmap::network::{AnalysisInputs, NetworkChange};
use ruhrmap::{
    Boundaries, Geocoder, Lang, Network, Region, Report, ReportConfig, SubregionScheme,
    write_atomically,
};
use std::path::{Path, PathBuf};

/// Compare two states of a report's data.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "BASELINE and NOW are two report configs (.toml; the data of each config's [data], \
geocoded with the region and sub-regions of NOW) or two partner tables (.csv or .geojson, each with \
projects.csv beside it; the Ruhr and the zonen preset). Partners are matched by id, then by \
normalised name within the project, then by name and municipality.\n\n\
Exit status: 0 complete, 1 unresolved partner rows, 2 bad input (a missing file, an ambiguous name)."
)]
pub struct Args {
    /// The earlier state: a report config or a partners table.
    pub baseline: PathBuf,
    /// The current state: a report config or a partners table.
    pub now: PathBuf,
    /// Write the Markdown here instead of to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of labels (de, en); overrides `[report] lang`.
    #[arg(long)]
    pub lang: Option<Lang>,
    /// What the earlier state is called (default: the baseline config's title, or the file name).
    #[arg(long)]
    pub baseline_label: Option<String>,
    /// What the current state is called.
    #[arg(long)]
    pub now_label: Option<String>,
}

fn is_config(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The projects table beside a partners table.
fn projects_beside(partners: &Path) -> anyhow::Result<PathBuf> {
    let projects = partners
        .parent()
        .unwrap_or(Path::new("."))
        .join("projects.csv");
    anyhow::ensure!(
        projects.is_file(),
        "{}: no projects.csv beside this partners table (looked for {}); give two report configs instead",
        partners.display(),
        projects.display()
    );
    Ok(projects)
}

/// Runs `ruhrmap diff`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let label = |given: &Option<String>, path: &Path| {
        given.clone().unwrap_or_else(|| path.display().to_string())
    };
    let (text, unresolved) = if is_config(&args.now) {
        anyhow::ensure!(
            is_config(&args.baseline),
            "{}: give two report configs (.toml) or two partner tables",
            args.baseline.display()
        );
        let report = Report::load(&args.now, args.lang)?;
        let earlier = ReportConfig::load(&args.baseline)?;
        let c = &earlier.figures;
        let geocoder = Geocoder::new(
            report.data.boundaries(),
            &report.data.region,
            &report.data.subregions,
        );
        let partners = c.resolve(&c.data.partners);
        let network = Network::load(&c.resolve(&c.data.projects), &partners, &geocoder)?;
        let n = &report.config.figures;
        let change = NetworkChange::compare(
            &network,
            &report.data.network,
            &partners,
            &n.resolve(&n.data.partners),
        )?;
        let inputs = ChangeInputs {
            baseline: AnalysisInputs {
                network: &network,
                ..report.analysis()
            },
            now: report.analysis(),
            change: &change,
            baseline_label: label(&args.baseline_label, &args.baseline),
            now_label: label(&args.now_label, &args.now),
        };
        let unresolved = network.unresolved.len() + report.data.network.unresolved.len();
        (markdown(&inputs), unresolved)
    } else {
        let b = Boundaries::embedded();
        let region = Region::ruhr(b);
        let zonen = SubregionScheme::preset("zonen", &region, b)?;
        let north_south = SubregionScheme::preset("nord-sued", &region, b)?;
        let geocoder = Geocoder::new(b, &region, &zonen);
        let load = |partners: &Path| -> anyhow::Result<Network> {
            let projects = projects_beside(partners)?;
            Ok(Network::load(&projects, partners, &geocoder)?)
        };
        let (earlier, now) = (load(&args.baseline)?, load(&args.now)?);
        let change = NetworkChange::compare(&earlier, &now, &args.baseline, &args.now)?;
        let lang = args.lang.unwrap_or_default();
        let analysis = |network| AnalysisInputs {
            boundaries: b,
            region: &region,
            subregions: &zonen,
            north_south: Some(&north_south),
            network,
            lang,
        };
        let inputs = ChangeInputs {
            baseline: analysis(&earlier),
            now: analysis(&now),
            change: &change,
            baseline_label: label(&args.baseline_label, &args.baseline),
            now_label: label(&args.now_label, &args.now),
        };
        (
            markdown(&inputs),
            earlier.unresolved.len() + now.unresolved.len(),
        )
    };
    match &args.output {
        Some(path) => write_atomically(path, |w| w.write_all(text.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print_stdout(&text)?,
    }
    Ok(if unresolved == 0 {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}

fn markdown(inputs: &ChangeInputs) -> String {
    let lang = inputs.now.lang;
    let title = format!(
        "{}: {} → {}",
        lang.pick("Veränderung", "Change"),
        inputs.baseline_label,
        inputs.now_label
    );
    tables_markdown(&compute_change_tables(inputs), &title, lang)
}
