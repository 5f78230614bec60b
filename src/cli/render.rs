//! `ruhrmap render`: draw the figures a report config describes, each as
//! SVG, PNG, PDF and layout report, written atomically into the output folder.
//!
//! Exit status 1 when a label could not be placed (and the figure does not
//! allow it) or when partner rows could not be located; everything that could
//! be drawn is still written, so the figures can be inspected.

use super::{EXIT_OK, EXIT_PARTIAL};
use anyhow::Context;
use ruhrmap::report::{BaselineSection, FigureFiles};
use ruhrmap::{FigureConfig, FigureData, Lang, write_figures_as};
use std::path::PathBuf;

/// A file type `--formats` can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// SVG with real text and Inkscape layers.
    Svg,
    /// PNG at the figure's dpi.
    Png,
    /// Vector PDF with embedded fonts.
    Pdf,
    /// Interactive HTML page per figure, and index.html listing them.
    Html,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Html => "html",
        })
    }
}

/// Render the figures of a report config as SVG, PNG, PDF and layout report.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Writes <id>.svg, <id>.png, <id>.pdf and <id>.layout.json per [[figures]] entry.\n\n\
Exit status: 0 all figures complete, 1 labels that could not be placed or unresolved partner rows, 2 bad input."
)]
pub struct Args {
    /// The report config (TOML), e.g. examples/ruhr-konferenz/report.toml.
    pub config: PathBuf,
    /// Output folder (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: PathBuf,
    /// Language of all labels (de, en); overrides `[report] lang`.
    #[arg(long)]
    pub lang: Option<Lang>,
    /// File types to write, comma-separated (the layout report is always
    /// written); default: `[report] formats` of the config, else svg,png,pdf.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub formats: Vec<Format>,
    /// Only these figures (ids), comma-separated or repeated.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// No progress or warnings on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `ruhrmap render`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut config = FigureConfig::load(&args.config)?;
    if !args.only.is_empty() {
        for id in &args.only {
            if !config.figures.iter().any(|f| f.id.get_ref() == id) {
                let known: Vec<&str> = config
                    .figures
                    .iter()
                    .map(|f| f.id.get_ref().as_str())
                    .collect();
                anyhow::bail!(
                    "--only {id}: {} has no figure with this id (figures: {})",
                    args.config.display(),
                    known.join(", ")
                );
            }
        }
        config
            .figures
            .retain(|f| args.only.contains(f.id.get_ref()));
    }
    let lang = args.lang.unwrap_or_else(|| config.lang());
    let mut data = FigureData::load(&config)?;
    // change figures compare with the earlier state of [baseline]
    let text = std::fs::read_to_string(&args.config)
        .with_context(|| format!("cannot read {}", args.config.display()))?;
    if let Some(section) = BaselineSection::from_config_text(&text, &args.config)? {
        data.load_baseline(&section, &config)?;
    }
    let created = !args.output.exists();
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("cannot create the output folder {}", args.output.display()))?;
    let files = if args.formats.is_empty() {
        FigureFiles::for_config(&config)
    } else {
        FigureFiles {
            svg: args.formats.contains(&Format::Svg),
            png: args.formats.contains(&Format::Png),
            pdf: args.formats.contains(&Format::Pdf),
            html: args.formats.contains(&Format::Html),
        }
    };
    let outcomes = match write_figures_as(&config, &data, lang, &args.output, files) {
        Ok(outcomes) => outcomes,
        Err(e) => {
            // a figure that cannot be built leaves no empty folder behind
            if created {
                let _ = std::fs::remove_dir(&args.output);
            }
            return Err(e.into());
        }
    };

    let mut code = EXIT_OK;
    if !args.quiet {
        for w in &data.load_report.warnings {
            eprintln!("warning: {w}");
        }
    }
    // named even when quiet: they are why the exit status is 1
    for u in &data.network.unresolved {
        eprintln!("unresolved: {u}");
        code = EXIT_PARTIAL;
    }
    for outcome in &outcomes {
        if !args.quiet {
            let names: Vec<String> = outcome
                .written
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            eprintln!("{}: {}", outcome.id, names.join(", "));
            for w in &outcome.warnings {
                eprintln!("warning: {w}");
            }
        }
        if outcome.unplaced_labels > 0 && !outcome.unplaced_allowed {
            if !args.quiet {
                eprintln!(
                    "error: figure {}: {} label(s) could not be placed; set allow_unplaced_labels = true in its style to accept this",
                    outcome.id, outcome.unplaced_labels
                );
            }
            code = EXIT_PARTIAL;
        }
        if !outcome.collisions.is_empty() && !outcome.collisions_allowed {
            if !args.quiet {
                eprintln!("{}", collision_error(&outcome.id, &outcome.collisions));
            }
            code = EXIT_PARTIAL;
        }
    }
    Ok(code)
}

/// The error naming a figure's collisions (the first few) and the style key
/// that accepts them.
pub(super) fn collision_error(figure: &str, collisions: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut shown: Vec<&str> = collisions.iter().take(SHOWN).map(String::as_str).collect();
    if collisions.len() > SHOWN {
        shown.push("…");
    }
    format!(
        "error: figure {figure}: {} collision(s) in the layout ({}); set allow_collisions = true in its style to accept this",
        collisions.len(),
        shown.join("; ")
    )
}
