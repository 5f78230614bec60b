//! The figures of a config, end to end: load boundaries, region, sub-regions
//! and the network once; build each figure's scene; render SVG, PNG and PDF
//! from it; write them and the layout report atomically.
//!
//! Figures are built and rendered in parallel (they share the projected
//! topology, whose arcs are projected once per CRS) and written in config
//! order, so the output is the same whatever the number of threads.

use crate::boundaries::{Boundaries, BoundaryError};
use crate::boundaries::{Region, RegionError};
use crate::boundaries::{SubregionError, SubregionScheme};
use crate::crs::{MapProjection, ProjectionError};
use crate::geocode::Geocoder;
use crate::network::{LoadReport, LoadedNetwork, Network, NetworkError};
use crate::render::ProjectedTopology;
use crate::render::TextMetrics;
use crate::render::{Aggregate, ChangeMap, ChangeStates, NetworkMap};
use crate::render::{BuiltFigure, FigureBuildError, FigureInputs, FigureStyle};
use crate::render::{DEFAULT_MAX_CONTEXT_KM, SeatMap, SeatsChangeMap};
use crate::render::{FigureOutputs, OutputError, OutputFormats, render_outputs};
use crate::render::{HtmlError, IndexEntry, write_html, write_index_html};
use crate::render::{Print, print_in_greyscale};
use crate::report::baseline::{Baseline, BaselineError, BaselineSection};
use crate::report::config::{FigureConfig, FigureKind};
use crate::text::Lang;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why the figures of a config could not be made.
#[derive(Debug, thiserror::Error)]
pub enum FigureSetError {
    /// The boundaries folder named in `[data] boundaries` could not be loaded.
    #[error("{config}: [data] boundaries: {source}")]
    Boundaries {
        /// The config file.
        config: PathBuf,
        /// The underlying error.
        #[source]
        source: Box<BoundaryError>,
    },
    /// The `[region]` selectors do not select a region.
    #[error("{config}: [region]: {source}")]
    Region {
        /// The config file.
        config: PathBuf,
        /// The underlying error.
        #[source]
        source: Box<RegionError>,
    },
    /// A sub-region preset or file could not be used.
    #[error("{config}, line {line}: {source}")]
    Subregions {
        /// The config file.
        config: PathBuf,
        /// Line of the setting (the `[subregions]` section or the figure).
        line: usize,
        /// The underlying error.
        #[source]
        source: Box<SubregionError>,
    },
    /// The data tables could not be loaded.
    #[error(transparent)]
    Network(Box<NetworkError>),
    /// A figure's CRS is unusable.
    #[error("{config}, line {line}: {source}")]
    Projection {
        /// The config file.
        config: PathBuf,
        /// Line of the figure.
        line: usize,
        /// The underlying error.
        #[source]
        source: ProjectionError,
    },
    /// A figure could not be built (unknown project, …).
    #[error("{config}, line {line}: {source}")]
    Build {
        /// The config file.
        config: PathBuf,
        /// Line of the figure's entry.
        line: usize,
        /// The underlying error.
        #[source]
        source: FigureBuildError,
    },
    /// A figure's page cannot be as low as its `max_height_mm` allows: the
    /// error points at that key.
    #[error("{config}, line {line}: {key}: {source}")]
    PageTooShort {
        /// The config file.
        config: PathBuf,
        /// Line of the key (of the figure's entry when the default applies).
        line: usize,
        /// The key as a path, e.g. `style.max_height_mm`.
        key: String,
        /// The underlying error.
        #[source]
        source: Box<FigureBuildError>,
    },
    /// A figure could not be rendered or written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A figure's interactive page could not be written.
    #[error("figure '{figure}': {source}")]
    Html {
        /// The figure's id.
        figure: String,
        /// The writer's reason.
        #[source]
        source: HtmlError,
    },
    /// The layout report could not be written.
    #[error(transparent)]
    Write(#[from] crate::files::WriteError),
    /// A change figure was asked for without the earlier state loaded.
    #[error(
        "{config}, line {line}: figure {figure:?} compares with the baseline, but none is loaded; add a [baseline] section naming the earlier projects and partners tables"
    )]
    NoBaseline {
        /// The config file.
        config: PathBuf,
        /// Line of the figure's entry.
        line: usize,
        /// The figure's id.
        figure: String,
    },
}

impl From<NetworkError> for FigureSetError {
    fn from(e: NetworkError) -> FigureSetError {
        FigureSetError::Network(Box::new(e))
    }
}

/// The data all figures of a config draw on.
pub struct FigureData {
    boundaries: BoundariesHandle,
    /// The study region.
    pub region: Region,
    /// The sub-regions from `[subregions]`.
    pub subregions: SubregionScheme,
    /// Projects and partners, geocoded.
    pub network: Network,
    /// Geocoding warnings from loading the network.
    pub load_report: LoadReport,
    /// The earlier state (`[baseline]`) and what changed since, once loaded
    /// with [`FigureData::load_baseline`]; change figures need it.
    pub baseline: Option<Baseline>,
}

enum BoundariesHandle {
    Embedded(&'static Boundaries),
    Loaded(Box<Boundaries>),
}

impl FigureData {
    /// Loads everything `config` names.
    pub fn load(config: &FigureConfig) -> Result<FigureData, FigureSetError> {
        let boundaries = match &config.data.boundaries {
            Some(dir) => BoundariesHandle::Loaded(Box::new(
                Boundaries::from_dir(&config.resolve(dir)).map_err(|source| {
                    FigureSetError::Boundaries {
                        config: config.path.clone(),
                        source: Box::new(source),
                    }
                })?,
            )),
            None => BoundariesHandle::Embedded(Boundaries::embedded()),
        };
        let b: &Boundaries = match &boundaries {
            BoundariesHandle::Embedded(b) => b,
            BoundariesHandle::Loaded(b) => b,
        };
        let region_err = |source| FigureSetError::Region {
            config: config.path.clone(),
            source: Box::new(source),
        };
        let region = match (&config.region.selectors, &config.region.name) {
            (Some(selectors), name) => {
                let name = name.as_deref().unwrap_or("Region");
                Region::from_selectors(name, selectors, b).map_err(region_err)?
            }
            // without selectors the name selects: "Kreis Unna", "Regierungsbezirk Münster"
            (None, Some(name)) => {
                Region::from_selectors(name, std::slice::from_ref(name), b).map_err(region_err)?
            }
            (None, None) => Region::ruhr(b),
        };
        let subregions = load_subregions(config, None, &region, b)?;
        let geocoder = Geocoder::new(b, &region, &subregions);
        let LoadedNetwork {
            network,
            report: load_report,
        } = Network::load_with_report(
            &config.resolve(&config.data.projects),
            &config.resolve(&config.data.partners),
            &geocoder,
            &config.categories,
        )?;
        Ok(FigureData {
            boundaries,
            region,
            subregions,
            network,
            load_report,
            baseline: None,
        })
    }

    /// Loads the earlier state `section` names (relative to `config`),
    /// geocoded like the current one, and compares it with the current network.
    pub fn load_baseline(
        &mut self,
        section: &BaselineSection,
        config: &FigureConfig,
    ) -> Result<(), BaselineError> {
        let geocoder = Geocoder::new(self.boundaries(), &self.region, &self.subregions);
        let baseline = Baseline::load(section, config, &geocoder, &self.network)?;
        self.baseline = Some(baseline);
        Ok(())
    }

    /// The boundaries in use.
    pub fn boundaries(&self) -> &Boundaries {
        match &self.boundaries {
            BoundariesHandle::Embedded(b) => b,
            BoundariesHandle::Loaded(b) => b,
        }
    }
}

fn load_subregions(
    config: &FigureConfig,
    preset: Option<(&str, usize)>,
    region: &Region,
    b: &Boundaries,
) -> Result<SubregionScheme, FigureSetError> {
    let section_line = config
        .subregions
        .preset
        .as_ref()
        .map_or(1, |p| config.line_at(p.span().start));
    let err = |line: usize| {
        move |source: SubregionError| FigureSetError::Subregions {
            config: config.path.clone(),
            line,
            source: Box::new(source),
        }
    };
    match (preset, &config.subregions.file, &config.subregions.preset) {
        // a figure's own setting: a preset name or a mapping file
        (Some((name, line)), _, _) => {
            SubregionScheme::from_spec(name, &config.resolve(Path::new("")), region, b)
                .map_err(err(line))
        }
        (None, Some(file), _) => {
            SubregionScheme::from_file(&config.resolve(file), region, b).map_err(err(section_line))
        }
        (None, None, Some(p)) => {
            SubregionScheme::preset(p.get_ref(), region, b).map_err(err(section_line))
        }
        (None, None, None) => SubregionScheme::default_for(region, b).map_err(err(1)),
    }
}

/// What was made of one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureOutcome {
    /// The figure id.
    pub id: String,
    /// The files written (SVG, PNG, PDF, layout report), in that order.
    pub written: Vec<PathBuf>,
    /// Warnings (unplaced labels, crowded municipalities, …).
    pub warnings: Vec<String>,
    /// Labels that could not be placed.
    pub unplaced_labels: usize,
    /// Whether the config allows unplaced labels for this figure.
    pub unplaced_allowed: bool,
    /// Collisions the layout report counts, as "first ↔ second".
    pub collisions: Vec<String>,
    /// Whether the config allows collisions for this figure (`allow_collisions`).
    pub collisions_allowed: bool,
}

/// The Handlungsfelder's legend labels: `[report] fields` and the labels
/// declared under `[categories]` (which win).
fn field_labels(config: &FigureConfig, network: &Network, lang: Lang) -> BTreeMap<String, String> {
    let mut labels = config.field_labels(lang).clone();
    for c in &network.categories.fields.items {
        if let Some(label) = c.declared_label(lang) {
            labels.insert(c.id.clone(), label.to_string());
        }
    }
    labels
}

/// Builds figure `index` of `config` in `lang` (scene and layout, nothing rendered).
pub fn build_figure(
    config: &FigureConfig,
    index: usize,
    data: &FigureData,
    lang: Lang,
) -> Result<BuiltFigure, FigureSetError> {
    let projections = project_topologies(config, data)?;
    build_with(
        config,
        index,
        data,
        lang,
        &projections,
        TextMetrics::embedded(),
    )
}

/// The render topology projected into every CRS the figures use; arcs are
/// projected on first use and then shared by all figures in that CRS.
fn project_topologies<'b>(
    config: &FigureConfig,
    data: &'b FigureData,
) -> Result<BTreeMap<String, ProjectedTopology<'b>>, FigureSetError> {
    let mut out = BTreeMap::new();
    for (index, spec) in config.figures.iter().enumerate() {
        let crs = config.figure_style(spec).crs;
        if let std::collections::btree_map::Entry::Vacant(entry) = out.entry(crs) {
            let projection =
                MapProjection::new(entry.key()).map_err(|source| FigureSetError::Projection {
                    config: config.path.clone(),
                    line: config.figure_line(index),
                    source,
                })?;
            entry.insert(ProjectedTopology::new(
                data.boundaries().render_topology(),
                projection,
            ));
        }
    }
    Ok(out)
}

fn build_with(
    config: &FigureConfig,
    index: usize,
    data: &FigureData,
    lang: Lang,
    projections: &BTreeMap<String, ProjectedTopology>,
    metrics: &TextMetrics,
) -> Result<BuiltFigure, FigureSetError> {
    let spec = &config.figures[index];
    let line = config.figure_line(index);
    let style = config.figure_style(spec);
    let boundaries = data.boundaries();
    let projected = projections
        .get(&style.crs)
        .expect("project_topologies covers every figure's CRS");
    let own_subregions;
    let subregions = match &spec.subregions {
        Some(p) => {
            own_subregions = load_subregions(
                config,
                Some((p.get_ref(), config.line_at(p.span().start))),
                &data.region,
                boundaries,
            )?;
            &own_subregions
        }
        None => &data.subregions,
    };
    let inputs = FigureInputs {
        boundaries,
        region: &data.region,
        subregions,
        network: &data.network,
        projected,
        metrics,
    };
    let no_data;
    let note = if data.network.projects.is_empty() {
        no_data = no_data_note(config.note(lang), lang);
        Some(no_data.as_str())
    } else {
        config.note(lang)
    };
    let build_err = |source| figure_build_error(config, index, source);
    let statuses: Vec<String> = spec
        .statuses
        .as_ref()
        .map(|s| s.get_ref().clone())
        .unwrap_or_default();
    let labels = field_labels(config, &data.network, lang);
    let network_map = NetworkMap {
        id: spec.id.get_ref(),
        title: spec.title(lang),
        projects: spec.project_ids(),
        columns: spec.columns.as_ref().map(|c| *c.get_ref()),
        subregion_chart: spec.chart.is_some(),
        style: &style,
        lang,
        note,
        change: None,
        aggregate: spec
            .aggregate
            .as_ref()
            .and_then(|a| Aggregate::parse(a.get_ref()))
            .unwrap_or_default(),
    };
    let seat_map = SeatMap {
        id: spec.id.get_ref(),
        title: spec.title(lang),
        projects: spec.project_ids(),
        statuses: &statuses,
        max_context_km: spec.max_context_km.unwrap_or(DEFAULT_MAX_CONTEXT_KM),
        field_labels: &labels,
        style: &style,
        lang,
        note,
        fields_title: None,
    };
    let built = match spec.kind {
        FigureKind::Network => network_map.render(&inputs),
        FigureKind::Seats => seat_map.render(&inputs),
        FigureKind::Change | FigureKind::SeatsChange => {
            let baseline = data
                .baseline
                .as_ref()
                .ok_or_else(|| FigureSetError::NoBaseline {
                    config: config.path.clone(),
                    line,
                    figure: spec.id.get_ref().clone(),
                })?;
            let (baseline_label, now_label) = (
                baseline.section.label(lang),
                baseline.section.label_now(lang),
            );
            let states = ChangeStates {
                baseline: &baseline.network,
                change: &baseline.change,
                baseline_label: &baseline_label,
                now_label: &now_label,
            };
            if spec.kind == FigureKind::Change {
                ChangeMap {
                    map: network_map,
                    states,
                }
                .render(&inputs)
            } else {
                SeatsChangeMap {
                    map: seat_map,
                    states,
                }
                .render(&inputs)
            }
        }
    }
    .map_err(build_err);
    built.map(|mut figure| {
        figure.scene.text = style.text;
        if style.print == Print::Greyscale {
            print_in_greyscale(&mut figure.scene, subregions);
        }
        figure
    })
}

/// Where a figure's build error points: a page too low at the key that sets
/// the height, an unknown or empty project at the `projects` line, anything
/// else at the figure.
fn figure_build_error(
    config: &FigureConfig,
    index: usize,
    source: FigureBuildError,
) -> FigureSetError {
    let spec = &config.figures[index];
    let line = config.figure_line(index);
    // errors about the listed projects point at the `projects` line
    let projects_line = spec
        .projects
        .as_ref()
        .map_or(line, |p| config.line_at(p.span().start));
    match source {
        // a page too low points at the key that sets the height
        FigureBuildError::PageTooShort { .. } => {
            let (key, key_line) = config.max_height_key(index).unwrap_or_else(|| {
                (
                    "style.max_height_mm (not set: the default)".to_string(),
                    line,
                )
            });
            FigureSetError::PageTooShort {
                config: config.path.clone(),
                line: key_line,
                key,
                source: Box::new(source),
            }
        }
        _ => FigureSetError::Build {
            config: config.path.clone(),
            line: match source {
                FigureBuildError::UnknownProject { .. }
                | FigureBuildError::ProjectWithoutPartners { .. } => projects_line,
                _ => line,
            },
            source,
        },
    }
}

/// The note of a figure whose tables hold no project yet (a report just
/// scaffolded by `ruhrmap new`): it says so, before the config's own note.
fn no_data_note(note: Option<&str>, lang: Lang) -> String {
    let text = match lang {
        Lang::De => "Noch keine Daten: Projekte und Partner in die Tabellen eintragen",
        Lang::En => "No data yet: enter projects and partners in the tables",
    };
    match note {
        Some(note) => format!("{text} · {note}"),
        None => text.to_string(),
    }
}

/// Which files a figure is written as. The layout report is always written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureFiles {
    /// `<id>.svg`.
    pub svg: bool,
    /// `<id>.png` at the figure's dpi.
    pub png: bool,
    /// `<id>.pdf`.
    pub pdf: bool,
    /// `<id>.html`, an interactive page per figure, and `index.html` listing them.
    pub html: bool,
}

impl Default for FigureFiles {
    /// SVG, PNG and PDF.
    fn default() -> FigureFiles {
        FigureFiles {
            svg: true,
            png: true,
            pdf: true,
            html: false,
        }
    }
}

impl FigureFiles {
    /// The files `[report] formats` of `config` names; SVG, PNG and PDF
    /// when it names none.
    pub fn for_config(config: &FigureConfig) -> FigureFiles {
        config
            .report
            .formats
            .as_ref()
            .and_then(|f| FigureFiles::from_names(f.get_ref()).ok())
            .unwrap_or_default()
    }

    /// The files named in `formats` (`svg`, `png`, `pdf`, `html`), or the
    /// first unknown name.
    ///
    /// ```
    /// use ruhrmap::report::FigureFiles;
    /// let files = FigureFiles::from_names(&["svg", "html"]).unwrap();
    /// assert!(files.svg && files.html && !files.png);
    /// assert_eq!(FigureFiles::from_names(&["svg", "jpeg"]).unwrap_err(), "jpeg");
    /// ```
    pub fn from_names<S: AsRef<str>>(formats: &[S]) -> Result<FigureFiles, String> {
        let mut files = FigureFiles {
            svg: false,
            png: false,
            pdf: false,
            html: false,
        };
        for name in formats {
            match name.as_ref() {
                "svg" => files.svg = true,
                "png" => files.png = true,
                "pdf" => files.pdf = true,
                "html" => files.html = true,
                other => return Err(other.to_string()),
            }
        }
        Ok(files)
    }
}

/// The `index.html` of the interactive pages: every figure of `config`, in
/// config order, linked to its `<id>.html` under its title in `lang`.
pub fn figure_index_page(config: &FigureConfig, lang: Lang) -> String {
    let entries: Vec<IndexEntry> = config
        .figures
        .iter()
        .map(|spec| IndexEntry {
            href: format!("{}.html", spec.id.get_ref()),
            title: spec.title(lang).to_string(),
        })
        .collect();
    let title = config
        .report
        .title
        .as_deref()
        .unwrap_or(lang.pick("Abbildungen", "Figures"));
    write_index_html(title, &entries, lang)
}

/// Builds, renders and writes every figure of `config` into `out_dir`:
/// `<id>.svg`, `<id>.png` (at the figure's dpi), `<id>.pdf` and
/// `<id>.layout.json`. Nothing of a figure is written unless all of its
/// files rendered; each file is written atomically.
pub fn write_figures(
    config: &FigureConfig,
    data: &FigureData,
    lang: Lang,
    out_dir: &Path,
) -> Result<Vec<FigureOutcome>, FigureSetError> {
    write_figures_as(config, data, lang, out_dir, FigureFiles::default())
}

/// [`write_figures`], writing only the file types in `files` (and the layout report).
pub fn write_figures_as(
    config: &FigureConfig,
    data: &FigureData,
    lang: Lang,
    out_dir: &Path,
    files: FigureFiles,
) -> Result<Vec<FigureOutcome>, FigureSetError> {
    let outcomes = write_figure_files(config, data, lang, out_dir, files)?;
    if files.html {
        let page = figure_index_page(config, lang);
        crate::files::write_bytes_atomically(&out_dir.join("index.html"), page.as_bytes())?;
    }
    Ok(outcomes)
}

/// [`write_figures_as`] without the `index.html`: the files of each figure
/// and its layout report.
pub(crate) fn write_figure_files(
    config: &FigureConfig,
    data: &FigureData,
    lang: Lang,
    out_dir: &Path,
    files: FigureFiles,
) -> Result<Vec<FigureOutcome>, FigureSetError> {
    let projections = project_topologies(config, data)?;
    let metrics = TextMetrics::embedded();
    type Rendered = (BuiltFigure, (FigureOutputs, Option<String>), FigureStyle);
    let rendered: Vec<Result<Rendered, FigureSetError>> = (0..config.figures.len())
        .into_par_iter()
        .map(|index| {
            let built = build_with(config, index, data, lang, &projections, metrics)?;
            let style = config.figure_style(&config.figures[index]);
            let formats = OutputFormats {
                svg: files.svg,
                png_dpi: files.png.then_some(style.dpi),
                pdf: files.pdf,
            };
            let mut outputs = render_outputs(&built.scene, &formats, &built.id)?;
            let html = files
                .html
                .then(|| write_html(&built.scene, lang))
                .transpose()
                .map_err(|source| FigureSetError::Html {
                    figure: built.id.clone(),
                    source,
                })?;
            if !files.svg {
                outputs.svg.clear();
            }
            Ok((built, (outputs, html), style))
        })
        .collect();
    let mut outcomes = Vec::with_capacity(rendered.len());
    for result in rendered {
        let (built, (rendered, html), style) = result?;
        let mut written = Vec::new();
        let outputs: [(&str, Option<&[u8]>); 4] = [
            ("svg", files.svg.then_some(rendered.svg.as_bytes())),
            ("png", rendered.png.as_deref()),
            ("pdf", rendered.pdf.as_deref()),
            ("html", html.as_deref().map(str::as_bytes)),
        ];
        for (ext, bytes) in outputs {
            if let Some(bytes) = bytes {
                let path = out_dir.join(format!("{}.{ext}", built.id));
                crate::files::write_bytes_atomically(&path, bytes)?;
                written.push(path);
            }
        }
        let layout_path = out_dir.join(format!("{}.layout.json", built.id));
        crate::files::write_bytes_atomically(&layout_path, built.layout.to_json().as_bytes())?;
        written.push(layout_path);
        outcomes.push(FigureOutcome {
            id: built.id.clone(),
            written,
            unplaced_labels: built.unplaced_labels(),
            unplaced_allowed: style.allow_unplaced_labels,
            collisions: built.collisions(),
            collisions_allowed: style.allow_collisions,
            warnings: built.warnings,
        });
    }
    Ok(outcomes)
}
