//! Building a whole report: read the report config once, load and geocode
//! the data once, then make every figure (through the figure set's writer),
//! the GIS exports and the statistics tables, and put them into the output
//! folder together.
//!
//! The config is the figure configuration ([`FigureConfig`]) plus two
//! optional sections, checked here:
//!
//! ```toml
//! [exports]
//! folder = "gis"                  # below the output folder; "." for the folder itself
//! municipality_geometry = "full"  # or "render": the simplified boundaries of the figures
//! qml = true                      # a QGIS style beside each layer
//! geopackage = true               # all layers, sub-regions and styles in one <report>.gpkg
//! flows = true                    # flows/locations.csv, flows.csv, flows-by-project.csv
//! enabled = true
//!
//! [tables]
//! folder = "tables"
//! csv = true
//! markdown = true                 # all tables in one tables.md
//! enabled = true
//! ```
//!
//! Nothing is written until everything has been made: all outputs are first
//! written into a staging folder inside the output folder and only then
//! renamed into place one by one, so a build that fails – a missing data
//! file, an unknown project in a figure – leaves every previous output
//! byte-identical. A file whose content did not change is left untouched
//! (its modification time too), so tools downstream (LaTeX, make) see only
//! real changes. A staging folder that a killed build left behind is removed
//! by the next build into the same folder once it is 15 minutes old.

use crate::boundaries::SubregionScheme;
use crate::export::{ChangeInputs, compute_change_tables, compute_tables, tables_markdown};
use crate::export::{GeoPackageLayer, flow_tables, geopackage_bytes, subregions_layer};
use crate::export::{MunicipalityGeometry, export_change_layers, export_layers};
use crate::geocode::Geocoder;
use crate::network::AnalysisInputs;
use crate::network::{LoadReport, LoadedNetwork, Network, NetworkError, Unresolved};
use crate::report::baseline::{BaselineError, BaselineSection};
use crate::report::config::{FigureConfig, FigureConfigError};
use crate::report::figure_set::{
    FigureData, FigureFiles, FigureOutcome, FigureSetError, figure_index_page, write_figure_files,
};
use crate::table::split_sheet;
use crate::text::Lang;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// Why a report could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The config file could not be read or is invalid (names file and line).
    #[error(transparent)]
    Config(Box<FigureConfigError>),
    /// The data, region or sub-regions could not be loaded, or a figure
    /// could not be made (names file and line).
    #[error(transparent)]
    Figures(#[from] FigureSetError),
    /// The data tables could not be reloaded.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// A build plan names a figure the config does not have.
    #[error("{config}: no figure {id:?} (figures: {known})")]
    UnknownFigure {
        /// The config file.
        config: PathBuf,
        /// The id asked for.
        id: String,
        /// The ids the config has, comma-separated.
        known: String,
    },
    /// An output could not be written or put into place.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An output file could not be written atomically.
    #[error(transparent)]
    Write(#[from] crate::files::WriteError),
    /// The GeoPackage could not be made (names the file).
    #[error(transparent)]
    GeoPackage(#[from] crate::export::GeoPackageError),
    /// The `[baseline]` tables could not be loaded or compared.
    #[error(transparent)]
    Baseline(Box<BaselineError>),
}

impl From<BaselineError> for BuildError {
    fn from(error: BaselineError) -> BuildError {
        BuildError::Baseline(Box::new(error))
    }
}

impl From<FigureConfigError> for BuildError {
    fn from(error: FigureConfigError) -> BuildError {
        BuildError::Config(Box::new(error))
    }
}

fn default_true() -> bool {
    true
}

fn default_exports_folder() -> Spanned<PathBuf> {
    Spanned::new(0..0, PathBuf::from("gis"))
}

fn default_tables_folder() -> Spanned<PathBuf> {
    Spanned::new(0..0, PathBuf::from("tables"))
}

/// `[exports]`: the GIS layers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportsSection {
    /// Write the exports at all.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Folder below the output folder (default `gis`).
    #[serde(default = "default_exports_folder")]
    pub folder: Spanned<PathBuf>,
    /// Full-resolution or render boundaries for the municipality layer.
    #[serde(default)]
    pub municipality_geometry: MunicipalityGeometry,
    /// Write a QGIS style (`.qml`) beside each layer.
    #[serde(default = "default_true")]
    pub qml: bool,
    /// Write all layers (and the sub-regions) into one GeoPackage,
    /// [`ReportConfig::geopackage_file`], with the QGIS styles inside.
    #[serde(default = "default_true")]
    pub geopackage: bool,
    /// Write the links as flows for flowmap.blue: `flows/locations.csv`,
    /// `flows/flows.csv`, `flows/flows-by-project.csv`.
    #[serde(default = "default_true")]
    pub flows: bool,
}

impl Default for ExportsSection {
    fn default() -> ExportsSection {
        ExportsSection {
            enabled: true,
            folder: default_exports_folder(),
            municipality_geometry: MunicipalityGeometry::Full,
            qml: true,
            geopackage: true,
            flows: true,
        }
    }
}

/// `[tables]`: the statistics tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TablesSection {
    /// Write the tables at all.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Folder below the output folder (default `tables`).
    #[serde(default = "default_tables_folder")]
    pub folder: Spanned<PathBuf>,
    /// One CSV file per table.
    #[serde(default = "default_true")]
    pub csv: bool,
    /// All tables in one Markdown file, `tables.md`.
    #[serde(default = "default_true")]
    pub markdown: bool,
}

impl Default for TablesSection {
    fn default() -> TablesSection {
        TablesSection {
            enabled: true,
            folder: default_tables_folder(),
            csv: true,
            markdown: true,
        }
    }
}

/// The sections of the report config that belong to the build.
#[derive(Deserialize)]
struct BuildSections {
    #[serde(default)]
    exports: ExportsSection,
    #[serde(default)]
    tables: TablesSection,
}

/// The whole report config: figures, exports, tables.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// Everything the figures need (`[report]`, `[data]`, `[region]`,
    /// `[subregions]`, `[style]`, `[[figures]]`).
    pub figures: FigureConfig,
    /// `[exports]`.
    pub exports: ExportsSection,
    /// `[tables]`.
    pub tables: TablesSection,
    /// `[baseline]`: the earlier state to compare with, if any.
    pub baseline: Option<BaselineSection>,
    /// The config text as read.
    pub text: String,
}

impl ReportConfig {
    /// Reads and checks a report config.
    // the same error as FigureConfig::load, which carries the TOML error
    #[allow(clippy::result_large_err)]
    pub fn load(path: &Path) -> Result<ReportConfig, FigureConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| FigureConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        ReportConfig::parse(&text, path)
    }

    /// Parses and checks config `text`; `path` is used in messages and to
    /// resolve relative file names.
    ///
    /// ```
    /// use std::path::Path;
    /// let text = "[data]\nprojects = \"p.csv\"\npartners = \"q.csv\"\n\n[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\n\n[exports]\nfolder = \"../elsewhere\"\n";
    /// let err = ruhrmap::ReportConfig::parse(text, Path::new("report.toml")).unwrap_err().to_string();
    /// assert!(err.starts_with("report.toml, line 11: exports.folder:"), "{err}");
    /// let ok = ruhrmap::ReportConfig::parse(&text.replace("../elsewhere", "karten/gis"), Path::new("report.toml")).unwrap();
    /// assert_eq!(ok.exports.folder.get_ref(), Path::new("karten/gis"));
    /// assert_eq!(ok.tables.folder.get_ref(), Path::new("tables"));
    /// ```
    #[allow(clippy::result_large_err)]
    pub fn parse(text: &str, path: &Path) -> Result<ReportConfig, FigureConfigError> {
        let figures = FigureConfig::parse(text, path)?;
        let sections: BuildSections =
            toml::from_str(text).map_err(|source| FigureConfigError::Syntax {
                path: path.to_path_buf(),
                line: source.span().map_or(1, |s| figures.line_at(s.start)),
                message: source.message().trim().to_string(),
                source,
            })?;
        for (name, folder) in [
            ("exports.folder", &sections.exports.folder),
            ("tables.folder", &sections.tables.folder),
        ] {
            let inside = folder
                .get_ref()
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
            if !inside || folder.get_ref().as_os_str().is_empty() {
                return Err(FigureConfigError::Invalid {
                    path: path.to_path_buf(),
                    line: figures.line_at(folder.span().start),
                    field: name.to_string(),
                    message: format!(
                        "{:?} leaves the output folder: give a relative folder without `..`, e.g. \"gis\", or \".\" for the output folder itself",
                        folder.get_ref()
                    ),
                });
            }
        }
        let baseline = BaselineSection::from_config_text(text, path)?;
        Ok(ReportConfig {
            figures,
            exports: sections.exports,
            tables: sections.tables,
            baseline,
            text: text.to_string(),
        })
    }

    /// The GeoPackage of the exports, relative to the output folder: in the
    /// exports folder, named after the config file (`kreise.toml` →
    /// `kreise.gpkg`), or after the config's folder when the config is
    /// called `report.toml` (`ruhr-konferenz/report.toml` →
    /// `ruhr-konferenz.gpkg`).
    ///
    /// ```
    /// use std::path::Path;
    /// let text = "[data]\nprojects = \"p.csv\"\npartners = \"q.csv\"\n\n[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\n";
    /// let c = ruhrmap::ReportConfig::parse(text, Path::new("examples/ruhr-konferenz/report.toml")).unwrap();
    /// assert_eq!(c.geopackage_file(), Path::new("gis/ruhr-konferenz.gpkg"));
    /// let c = ruhrmap::ReportConfig::parse(text, Path::new("kreise.toml")).unwrap();
    /// assert_eq!(c.geopackage_file(), Path::new("gis/kreise.gpkg"));
    /// ```
    pub fn geopackage_file(&self) -> PathBuf {
        let path = self.path();
        let stem = path.file_stem().unwrap_or_default();
        let folder = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.parent().and_then(|d| d.file_name()).map(|n| n.to_owned()))
            .or_else(|| {
                path.parent()
                    .and_then(|d| d.file_name())
                    .map(|n| n.to_owned())
            });
        let name = match folder {
            Some(folder) if stem == "report" => folder,
            _ => stem.to_owned(),
        };
        let mut file = PathBuf::from(name);
        file.set_extension("gpkg");
        self.exports.folder.get_ref().join(file)
    }

    /// The config file.
    pub fn path(&self) -> &Path {
        &self.figures.path
    }

    /// The figure ids, in config order.
    pub fn figure_ids(&self) -> Vec<String> {
        self.figures
            .figures
            .iter()
            .map(|f| f.id.get_ref().clone())
            .collect()
    }

    /// The sub-region mapping file a figure names instead of a preset
    /// (`subregions = "teilraeume.csv"`), resolved beside the config.
    pub fn figure_mapping_file(&self, index: usize) -> Option<PathBuf> {
        let name = self.figures.figures.get(index)?.subregions.as_ref()?;
        let path = Path::new(name.get_ref());
        // a preset is a bare name, a mapping file has an extension
        path.extension()
            .is_some()
            .then(|| self.figures.resolve(path))
    }

    /// The files the projects and partners tables are read from: the
    /// workbook for a sheet (`daten.xlsx#Projekte`), each once.
    pub fn table_files(&self) -> Vec<PathBuf> {
        let c = &self.figures;
        let mut files = vec![split_sheet(&c.resolve(&c.data.projects)).file];
        let partners = split_sheet(&c.resolve(&c.data.partners)).file;
        if !files.contains(&partners) {
            files.push(partners);
        }
        files
    }

    /// The data files the report reads: projects, partners, the sub-region
    /// mappings (of `[subregions]`, then of the figures) and the files of a
    /// boundaries folder (sorted), in that order, each once.
    /// A table of a workbook sheet (`daten.xlsx#Partner`) is the workbook file.
    pub fn data_files(&self) -> Vec<PathBuf> {
        let c = &self.figures;
        let mut files = self.table_files();
        if let Some(file) = &c.subregions.file {
            files.push(c.resolve(file));
        }
        if let Some(b) = &self.baseline {
            for table in [&b.projects, &b.partners] {
                let file = split_sheet(&c.resolve(table)).file;
                if !files.contains(&file) {
                    files.push(file);
                }
            }
        }
        for index in 0..c.figures.len() {
            if let Some(file) = self.figure_mapping_file(index)
                && !files.contains(&file)
            {
                files.push(file);
            }
        }
        if let Some(dir) = &c.data.boundaries {
            let dir = c.resolve(dir);
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_file())
                        .collect()
                })
                .unwrap_or_default();
            entries.sort();
            if entries.is_empty() {
                files.push(dir);
            }
            files.extend(entries);
        }
        files
    }
}

/// A report with its data loaded and geocoded, ready to build.
pub struct Report {
    /// The config.
    pub config: ReportConfig,
    /// Boundaries, region, sub-regions and the geocoded network.
    pub data: FigureData,
    /// The `nord-sued` preset for the region, if it overlaps the Ruhr (for
    /// the northern Ruhr in the tables and exports).
    pub north_south: Option<SubregionScheme>,
    /// The language of all labels.
    pub lang: Lang,
}

impl Report {
    /// Reads the config at `path` and loads everything it names; `lang`
    /// overrides `[report] lang`.
    pub fn load(path: &Path, lang: Option<Lang>) -> Result<Report, BuildError> {
        Report::from_config(ReportConfig::load(path)?, lang)
    }

    /// Loads everything `config` names.
    pub fn from_config(config: ReportConfig, lang: Option<Lang>) -> Result<Report, BuildError> {
        let mut data = FigureData::load(&config.figures)?;
        let north_south =
            SubregionScheme::preset("nord-sued", &data.region, data.boundaries()).ok();
        let lang = lang.unwrap_or_else(|| config.figures.lang());
        if let Some(section) = &config.baseline {
            data.load_baseline(section, &config.figures)?;
        }
        Ok(Report {
            config,
            data,
            north_south,
            lang,
        })
    }

    /// Reads the projects and partners tables again (after they changed) and
    /// geocodes them against the same boundaries, region and sub-regions.
    /// On error the previous network stays.
    pub fn reload_network(&mut self) -> Result<(), BuildError> {
        let c = &self.config.figures;
        let LoadedNetwork {
            network,
            report: load_report,
        } = {
            let geocoder = Geocoder::new(
                self.data.boundaries(),
                &self.data.region,
                &self.data.subregions,
            );
            Network::load_with_report(
                &c.resolve(&c.data.projects),
                &c.resolve(&c.data.partners),
                &geocoder,
                &c.categories,
            )?
        };
        self.set_network(network, load_report);
        self.compare_with_baseline()
    }

    /// Compares the current network with the loaded `[baseline]` again
    /// (after the current tables changed); nothing to do without one.
    pub fn compare_with_baseline(&mut self) -> Result<(), BuildError> {
        if let Some(baseline) = &mut self.data.baseline {
            baseline.compare_with(&self.config.figures, &self.data.network)?;
        }
        Ok(())
    }

    /// Replaces the network (e.g. one loaded with a geocoder kept across reloads).
    pub fn set_network(&mut self, network: Network, load_report: LoadReport) {
        self.data.network = network;
        self.data.load_report = load_report;
    }

    /// The two states compared, if `[baseline]` is configured.
    pub fn change_inputs(&self) -> Option<ChangeInputs<'_>> {
        let baseline = self.data.baseline.as_ref()?;
        Some(ChangeInputs {
            baseline: AnalysisInputs {
                network: &baseline.network,
                ..self.analysis()
            },
            now: self.analysis(),
            change: &baseline.change,
            baseline_label: baseline.section.label(self.lang),
            now_label: baseline.section.label_now(self.lang),
        })
    }

    /// What the exports and tables are computed from.
    pub fn analysis(&self) -> AnalysisInputs<'_> {
        AnalysisInputs {
            boundaries: self.data.boundaries(),
            region: &self.data.region,
            subregions: &self.data.subregions,
            north_south: self.north_south.as_ref(),
            network: &self.data.network,
            lang: self.lang,
        }
    }
}

/// What a build makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildPlan {
    /// Figures by id, in config order.
    pub figures: Vec<String>,
    /// The GIS exports (if `[exports]` enables them).
    pub exports: bool,
    /// The tables (if `[tables]` enables them).
    pub tables: bool,
}

impl BuildPlan {
    /// Every figure, the exports and the tables.
    pub fn everything(config: &ReportConfig) -> BuildPlan {
        BuildPlan {
            figures: config.figure_ids(),
            exports: true,
            tables: true,
        }
    }

    /// Whether the plan makes nothing.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty() && !self.exports && !self.tables
    }

    /// The number of steps [`build_report`] reports progress for.
    pub fn steps(&self, config: &ReportConfig) -> usize {
        self.figures.len()
            + usize::from(self.exports && config.exports.enabled)
            + usize::from(self.tables && config.tables.enabled)
            + 1
    }
}

/// Progress of a build, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildEvent {
    /// The build has this many steps (figures, exports, tables, writing).
    Started {
        /// Number of steps.
        steps: usize,
    },
    /// One step is done.
    Finished {
        /// What was done: a figure id, `exports`, `tables` or `write`.
        step: String,
    },
}

/// What an output file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputKind {
    /// A figure as SVG, PNG or PDF.
    Figure,
    /// A figure's layout report.
    Layout,
    /// A GeoJSON layer.
    Geojson,
    /// A QGIS style.
    Qml,
    /// A CSV table.
    Csv,
    /// The Markdown tables.
    Markdown,
    /// The GeoPackage.
    Geopackage,
}

/// One file of the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: PathBuf,
    /// What it is.
    pub kind: OutputKind,
    /// Whether its content changed (false: the existing file was identical
    /// and left untouched).
    pub changed: bool,
}

/// One exported layer in the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// Layer name.
    pub layer: String,
    /// The GeoJSON file, relative to the output folder.
    pub file: PathBuf,
    /// Number of features.
    pub features: usize,
    /// Features with null geometry (no known location).
    pub without_geometry: usize,
    /// Geometry type.
    pub geometry_type: String,
}

/// What a build did.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    /// The output folder.
    pub out_dir: PathBuf,
    /// Every file written or confirmed unchanged, in a fixed order: figures
    /// in config order, then exports, then tables.
    pub files: Vec<OutputFile>,
    /// The figures (their `written` paths are in the output folder).
    pub figures: Vec<FigureOutcome>,
    /// The exported layers.
    pub exports: Vec<ExportSummary>,
    /// The tables by id.
    pub tables: Vec<String>,
    /// Places given but not resolved.
    pub unresolved: Vec<Unresolved>,
    /// Geocoding warnings and figure warnings.
    pub warnings: Vec<String>,
}

impl BuildSummary {
    /// Labels that could not be placed in figures that do not allow it.
    pub fn unplaced_labels(&self) -> usize {
        self.figures
            .iter()
            .filter(|f| !f.unplaced_allowed)
            .map(|f| f.unplaced_labels)
            .sum()
    }

    /// Collisions in figures that do not allow them.
    pub fn collisions(&self) -> usize {
        self.figures
            .iter()
            .filter(|f| !f.collisions_allowed)
            .map(|f| f.collisions.len())
            .sum()
    }

    /// Whether the build is complete: no unresolved rows, no unplaced labels
    /// and no collisions (beyond those a figure allows).
    pub fn is_complete(&self) -> bool {
        self.unresolved.is_empty() && self.unplaced_labels() == 0 && self.collisions() == 0
    }

    /// The summary as JSON, paths relative to the output folder.
    pub fn to_json(&self, config: &Path) -> Value {
        let rel = |p: &Path| -> String {
            p.strip_prefix(&self.out_dir)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        };
        json!({
            "config": config.to_string_lossy(),
            "output": self.out_dir.to_string_lossy(),
            "complete": self.is_complete(),
            "figures": self.figures.iter().map(|f| json!({
                "id": f.id,
                "files": f.written.iter().map(|p| rel(p)).collect::<Vec<_>>(),
                "unplaced_labels": f.unplaced_labels,
                "unplaced_allowed": f.unplaced_allowed,
                "collisions": f.collisions,
                "collisions_allowed": f.collisions_allowed,
                "warnings": f.warnings,
            })).collect::<Vec<_>>(),
            "exports": self.exports.iter().map(|e| json!({
                "layer": e.layer,
                "file": e.file.to_string_lossy(),
                "geometry_type": e.geometry_type,
                "features": e.features,
                "without_geometry": e.without_geometry,
            })).collect::<Vec<_>>(),
            "tables": self.tables,
            "files": self.files.iter().map(|f| json!({
                "path": f.path.to_string_lossy(),
                "kind": f.kind,
                "changed": f.changed,
            })).collect::<Vec<_>>(),
            "unresolved": self.unresolved.iter().map(|u| json!({
                "file": u.path.to_string_lossy(),
                "line": u.line,
                "project": u.project,
                "partner": u.partner,
                "name": u.name,
                "place": u.place,
                "candidates": u.candidates,
            })).collect::<Vec<_>>(),
            "warnings": self.warnings,
        })
    }
}

/// A file made in memory or in the staging folder, waiting to be put into place.
struct Staged {
    /// Relative to the output folder (and the staging folder).
    path: PathBuf,
    kind: OutputKind,
    /// The content in memory, or `None` for a file in the staging folder.
    bytes: Option<Vec<u8>>,
}

impl Staged {
    fn in_memory(path: PathBuf, kind: OutputKind, bytes: impl Into<Vec<u8>>) -> Staged {
        Staged {
            path,
            kind,
            bytes: Some(bytes.into()),
        }
    }
}

/// The exports and tables of a build, made in memory.
struct Derived {
    exports: Vec<ExportSummary>,
    tables: Vec<String>,
    staged: Vec<Staged>,
}

/// Builds what `plan` asks for into `out_dir` (created if missing). Every
/// output is made first; only when all succeeded are they moved into place,
/// unchanged files left as they are. `progress` is told about each step
/// (from several threads).
pub fn build_report(
    report: &Report,
    out_dir: &Path,
    plan: &BuildPlan,
    progress: &(dyn Fn(BuildEvent) + Sync),
) -> Result<BuildSummary, BuildError> {
    let config = &report.config;
    let indices: Vec<usize> = plan
        .figures
        .iter()
        .map(|id| {
            config
                .figures
                .figures
                .iter()
                .position(|f| f.id.get_ref() == id)
                .ok_or_else(|| BuildError::UnknownFigure {
                    config: config.path().to_path_buf(),
                    id: id.clone(),
                    known: config.figure_ids().join(", "),
                })
        })
        .collect::<Result<_, _>>()?;
    progress(BuildEvent::Started {
        steps: plan.steps(config),
    });
    let created = !out_dir.exists();
    std::fs::create_dir_all(out_dir).map_err(|source| BuildError::Output {
        path: out_dir.to_path_buf(),
        source,
    })?;
    remove_stale_staging(out_dir);
    let result = stage_and_commit(report, out_dir, plan, &indices, progress);
    if result.is_err() && created {
        // a build that failed before writing anything leaves no empty folder
        let _ = std::fs::remove_dir(out_dir);
    }
    result
}

/// The prefix of the staging folders a build makes inside the output folder.
const STAGING_PREFIX: &str = ".ruhrmap-build-";

/// How old a staging folder must be to count as left behind. A build holds
/// its staging folder for about a second; one this old belongs to a build
/// that was killed, not to one running beside this one.
const STALE_STAGING: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Removes staging folders that killed builds left in the output folder.
/// Best effort: a folder that cannot be removed stays, and the build goes on.
fn remove_stale_staging(out_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_PREFIX)
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= STALE_STAGING);
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn stage_and_commit(
    report: &Report,
    out_dir: &Path,
    plan: &BuildPlan,
    indices: &[usize],
    progress: &(dyn Fn(BuildEvent) + Sync),
) -> Result<BuildSummary, BuildError> {
    // the figures are written by the figure set, into a staging folder in the
    // output folder (so that the final renames stay on one file system);
    // exports and tables wait in memory
    let staging = staging_folder(out_dir, indices)?;
    let stage = staging.as_ref().map_or(out_dir, |s| s.path());
    let (figures, rest) = rayon::join(
        || stage_figures(report, indices, stage, progress),
        || stage_derived(report, plan, out_dir, progress),
    );
    let figures = figures?;
    let Derived {
        exports,
        tables,
        staged: rest_staged,
    } = rest?;

    // Everything is made: put it into place.
    let mut outcomes = Vec::new();
    let mut staged = Vec::new();
    for (mut outcome, figure_files) in figures {
        outcome.written = figure_files.iter().map(|s| out_dir.join(&s.path)).collect();
        staged.extend(figure_files);
        outcomes.push(outcome);
    }
    // the index of the interactive pages lists every figure of the report
    if FigureFiles::for_config(&report.config.figures).html && !outcomes.is_empty() {
        let page = figure_index_page(&report.config.figures, report.lang);
        staged.push(Staged::in_memory(
            PathBuf::from("index.html"),
            OutputKind::Figure,
            page,
        ));
    }
    staged.extend(rest_staged);
    // each file is compared and written on its own (in parallel: most of
    // the time goes into waiting for the disk); the list keeps the order
    let files = staged
        .into_par_iter()
        .map(|s| commit(stage, out_dir, s))
        .collect::<Result<Vec<OutputFile>, BuildError>>()?;
    progress(BuildEvent::Finished {
        step: "write".into(),
    });
    let warnings = build_warnings(report, &outcomes);
    Ok(BuildSummary {
        out_dir: out_dir.to_path_buf(),
        files,
        figures: outcomes,
        exports: exports
            .into_iter()
            .map(|mut e| {
                e.file = e.file.components().collect();
                e
            })
            .collect(),
        tables,
        unresolved: report.data.network.unresolved.clone(),
        warnings,
    })
}

/// The GeoPackage of the exported `layers` plus the sub-regions, each with
/// its QGIS style; `file` (relative to `out_dir`) is named in errors.
fn geopackage(
    analysis: &AnalysisInputs,
    layers: &[crate::export::GeoJsonLayer],
    geometry: MunicipalityGeometry,
    style: &dyn Fn(&str) -> String,
    out_dir: &Path,
    file: &Path,
) -> Result<Vec<u8>, BuildError> {
    let municipalities = layers.iter().find(|l| l.name == "municipalities");
    let subregions = municipalities.map(|m| subregions_layer(analysis, geometry, m));
    let all: Vec<&crate::export::GeoJsonLayer> = layers.iter().chain(subregions.as_ref()).collect();
    let styles: Vec<String> = all.iter().map(|l| style(l.name)).collect();
    let items: Vec<GeoPackageLayer> = all
        .iter()
        .zip(&styles)
        .map(|(layer, style)| GeoPackageLayer {
            layer,
            style: Some(style),
        })
        .collect();
    Ok(geopackage_bytes(&out_dir.join(file), &items)?)
}

/// The staging folder for the figures, inside the output folder; none when
/// no figure is built.
fn staging_folder(
    out_dir: &Path,
    indices: &[usize],
) -> Result<Option<tempfile::TempDir>, BuildError> {
    if indices.is_empty() {
        return Ok(None);
    }
    tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(out_dir)
        .map(Some)
        .map_err(|source| BuildError::Output {
            path: out_dir.to_path_buf(),
            source,
        })
}

/// Writes the figures `indices` into `stage` (in parallel), each with the
/// files it staged.
fn stage_figures(
    report: &Report,
    indices: &[usize],
    stage: &Path,
    progress: &(dyn Fn(BuildEvent) + Sync),
) -> Result<Vec<(FigureOutcome, Vec<Staged>)>, BuildError> {
    let config = &report.config;
    let files = FigureFiles::for_config(&config.figures);
    indices
        .par_iter()
        .map(|&index| {
            let mut single = config.figures.clone();
            single.figures = vec![config.figures.figures[index].clone()];
            let mut outcomes =
                write_figure_files(&single, &report.data, report.lang, stage, files)?;
            let outcome = outcomes.pop().expect("one figure in, one outcome out");
            let staged = outcome
                .written
                .iter()
                .map(|p| {
                    let name = PathBuf::from(p.file_name().unwrap_or_default());
                    let kind = if name.to_string_lossy().ends_with(".layout.json") {
                        OutputKind::Layout
                    } else {
                        OutputKind::Figure
                    };
                    Staged {
                        path: name,
                        kind,
                        bytes: None,
                    }
                })
                .collect();
            progress(BuildEvent::Finished {
                step: outcome.id.clone(),
            });
            Ok((outcome, staged))
        })
        .collect()
}

/// The exports and tables the plan asks for, in memory (`out_dir` names
/// files in errors).
fn stage_derived(
    report: &Report,
    plan: &BuildPlan,
    out_dir: &Path,
    progress: &(dyn Fn(BuildEvent) + Sync),
) -> Result<Derived, BuildError> {
    let config = &report.config;
    let analysis = report.analysis();
    let mut staged = Vec::new();
    let mut exports = Vec::new();
    let mut tables = Vec::new();
    if plan.exports && config.exports.enabled {
        exports = stage_exports(report, &analysis, out_dir, &mut staged)?;
        progress(BuildEvent::Finished {
            step: "exports".into(),
        });
    }
    if plan.tables && config.tables.enabled {
        tables = stage_tables(report, &analysis, &mut staged);
        progress(BuildEvent::Finished {
            step: "tables".into(),
        });
    }
    Ok(Derived {
        exports,
        tables,
        staged,
    })
}

/// Stages the GIS layers (and their QGIS styles) of `[exports]`, the
/// GeoPackage and the flow tables.
fn stage_exports(
    report: &Report,
    analysis: &AnalysisInputs,
    out_dir: &Path,
    staged: &mut Vec<Staged>,
) -> Result<Vec<ExportSummary>, BuildError> {
    let config = &report.config;
    let folder = config.exports.folder.get_ref();
    let geometry = config.exports.municipality_geometry;
    let change = report.change_inputs();
    let mut layers = match &change {
        Some(change) => export_change_layers(change, geometry),
        None => export_layers(analysis, geometry),
    };
    let lang = report.lang;
    let categories = &report.data.network.categories;
    let style = |name: &str| match (name, change.is_some()) {
        ("partners", false) => crate::export::partners_style_for(categories, lang),
        ("partners", true) => crate::export::partners_change_style(lang),
        ("links", false) => crate::export::links_style_for(categories, lang),
        ("links", true) => crate::export::links_change_style(lang),
        _ => crate::export::municipalities_style(&report.data.subregions, lang),
    };
    let mut exports = Vec::new();
    for layer in &mut layers {
        let file = folder.join(format!("{}.geojson", layer.name));
        staged.push(Staged::in_memory(
            file.clone(),
            OutputKind::Geojson,
            std::mem::take(&mut layer.text),
        ));
        if config.exports.qml {
            let qml = folder.join(format!("{}.qml", layer.name));
            staged.push(Staged::in_memory(qml, OutputKind::Qml, style(layer.name)));
        }
        exports.push(ExportSummary {
            layer: layer.name.to_string(),
            file,
            features: layer.features,
            without_geometry: layer.without_geometry,
            geometry_type: layer.geometry_type.to_string(),
        });
    }
    if config.exports.geopackage {
        let file = config.geopackage_file();
        let bytes = geopackage(analysis, &layers, geometry, &style, out_dir, &file)?;
        staged.push(Staged::in_memory(file, OutputKind::Geopackage, bytes));
    }
    if config.exports.flows {
        stage_flows(analysis, folder, staged);
    }
    Ok(exports)
}

/// Stages the flow tables (`flows/locations.csv`, `flows.csv`,
/// `flows-by-project.csv`) below `folder`.
fn stage_flows(analysis: &AnalysisInputs, folder: &Path, staged: &mut Vec<Staged>) {
    let tables = flow_tables(analysis);
    let flows = folder.join("flows");
    for (name, text) in [
        ("locations.csv", tables.locations),
        ("flows.csv", tables.flows),
        ("flows-by-project.csv", tables.flows_by_project),
    ] {
        staged.push(Staged::in_memory(flows.join(name), OutputKind::Csv, text));
    }
}

/// Stages the tables of `[tables]` (CSV and Markdown); their ids.
fn stage_tables(
    report: &Report,
    analysis: &AnalysisInputs,
    staged: &mut Vec<Staged>,
) -> Vec<String> {
    let config = &report.config;
    let folder = config.tables.folder.get_ref();
    let mut computed = compute_tables(analysis);
    if let Some(change) = report.change_inputs() {
        computed.extend(compute_change_tables(&change));
    }
    if config.tables.csv {
        for table in &computed {
            let file = folder.join(format!("{}.csv", table.id));
            staged.push(Staged::in_memory(file, OutputKind::Csv, table.to_csv()));
        }
    }
    if config.tables.markdown {
        let title = config
            .figures
            .report
            .title
            .clone()
            .unwrap_or_else(|| report.lang.pick("Tabellen", "Tables").to_string());
        let file = folder.join("tables.md");
        let text = tables_markdown(&computed, &title, report.lang);
        staged.push(Staged::in_memory(file, OutputKind::Markdown, text));
    }
    computed.iter().map(|t| t.id.to_string()).collect()
}

/// The warnings of loading the data, then of each figure.
fn build_warnings(report: &Report, outcomes: &[FigureOutcome]) -> Vec<String> {
    let mut warnings: Vec<String> = report
        .data
        .load_report
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect();
    for outcome in outcomes {
        warnings.extend(
            outcome
                .warnings
                .iter()
                .map(|w| format!("figure {}: {w}", outcome.id)),
        );
    }
    warnings
}

/// Puts one output into place unless the target already has the same bytes:
/// a staged file is renamed over the target, content in memory is written
/// atomically (temporary file beside the target, then renamed).
fn commit(stage: &Path, out_dir: &Path, staged: Staged) -> Result<OutputFile, BuildError> {
    let relative: PathBuf = staged.path.components().collect();
    let to = out_dir.join(&relative);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BuildError::Output { path, source }
    };
    let from = stage.join(&relative);
    let new = match staged.bytes {
        Some(bytes) => bytes,
        None => std::fs::read(&from).map_err(io(&from))?,
    };
    let unchanged = std::fs::read(&to).is_ok_and(|old| old == new);
    if !unchanged {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        if from.exists() && from != to {
            std::fs::rename(&from, &to).map_err(io(&to))?;
        } else {
            crate::files::write_bytes_atomically(&to, &new)?;
        }
    }
    Ok(OutputFile {
        path: relative,
        kind: staged.kind,
        changed: !unchanged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "[data]\nprojects = \"p.csv\"\npartners = \"q.csv\"\n\n[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\n";

    #[test]
    fn build_sections_default_and_reject_unknown_keys_with_line() {
        let c = ReportConfig::parse(BASE, Path::new("r.toml")).unwrap();
        assert!(c.exports.enabled && c.exports.qml && c.tables.csv && c.tables.markdown);
        assert!(c.exports.geopackage && c.exports.flows);
        assert_eq!(c.exports.municipality_geometry, MunicipalityGeometry::Full);
        let err = ReportConfig::parse(
            &format!("{BASE}\n[tables]\nformat = \"xlsx\"\n"),
            Path::new("r.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 11") && err.contains("format"), "{err}");
        let err = ReportConfig::parse(
            &format!("{BASE}\n[exports]\nmunicipality_geometry = \"fine\"\n"),
            Path::new("r.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 11") && err.contains("full"), "{err}");
        let c = ReportConfig::parse(
            &format!("{BASE}\n[exports]\nmunicipality_geometry = \"render\"\nfolder = \".\"\n"),
            Path::new("r.toml"),
        )
        .unwrap();
        assert_eq!(
            c.exports.municipality_geometry,
            MunicipalityGeometry::Render
        );
        let err = ReportConfig::parse(
            &format!("{BASE}\n[tables]\nfolder = \"/tmp/x\"\n"),
            Path::new("r.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 11") && err.contains("tables.folder"),
            "{err}"
        );
    }

    #[test]
    fn data_files_are_resolved_beside_the_config() {
        let c = ReportConfig::parse(
            &format!(
                "{BASE}subregions = \"karten/zonen.toml\"\n\n[[figures]]\nid = \"b\"\nkind = \"seats\"\ntitle = \"U\"\nsubregions = \"kreise\"\n\n[subregions]\nfile = \"teilraeume.csv\"\n"
            ),
            Path::new("/r/report.toml"),
        )
        .unwrap();
        assert_eq!(
            c.data_files(),
            [
                PathBuf::from("/r/p.csv"),
                PathBuf::from("/r/q.csv"),
                PathBuf::from("/r/teilraeume.csv"),
                PathBuf::from("/r/karten/zonen.toml")
            ]
        );
        assert_eq!(c.figure_mapping_file(1), None, "a preset");
    }

    #[test]
    fn plan_steps_count_figures_exports_tables_and_writing() {
        let c = ReportConfig::parse(BASE, Path::new("r.toml")).unwrap();
        let plan = BuildPlan::everything(&c);
        assert_eq!(plan.figures, ["a"]);
        assert_eq!(plan.steps(&c), 4);
        let none = BuildPlan {
            figures: vec![],
            exports: false,
            tables: false,
        };
        assert!(none.is_empty());
    }
}
