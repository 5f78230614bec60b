//! The figure configuration: the report config file (`report.toml`) as far
//! as figures need it – where the data are, which region and sub-regions,
//! the common style, and one `[[figures]]` entry per figure.
//!
//! Unknown keys are errors that name the key, the file and the line, so a
//! typo (`widht_mm`) never silently falls back to a default. Sections that
//! belong to other commands (`[exports]`, `[tables]`) are accepted as they
//! are and checked by those commands.
//!
//! ```toml
//! [data]
//! projects = "projects.csv"
//! partners = "partners.csv"
//!
//! [subregions]
//! preset = "zonen"
//!
//! [style]
//! width_mm = 160
//!
//! [[categories.fields]]            # optional: the programme's own categories
//! id = "HF1"
//! label_de = "Wirtschaft"
//! color = "#004488"
//!
//! [[figures]]
//! id = "abb-2-netzwerke-p1-p3"
//! kind = "network"
//! title = "Netzwerke der Projekte P1, P2 und P3"
//! projects = ["P1", "P2", "P3"]
//! ```

// `FigureConfigError::Syntax` keeps the TOML reader's whole diagnostic (spans, keys);
// errors are rare and read once, so their size does not matter
#![allow(clippy::result_large_err)]

use crate::network::Categories;
use crate::render::{Aggregate, Color, FigureStyle, LegendPlacement, Print, TextMode};
use crate::text::{Lang, line_of_offset};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Why a figure configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FigureConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The config file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not match the expected layout
    /// (unknown key, wrong type, missing field).
    #[error("{path}, line {line}: {message}")]
    Syntax {
        /// The config file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong, as the TOML reader put it.
        message: String,
        /// The underlying error.
        #[source]
        source: toml::de::Error,
    },
    /// A value is well-formed but not acceptable.
    #[error("{path}, line {line}: {field}: {message}")]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// 1-based line of the offending value.
        line: usize,
        /// The key, e.g. `figures[2].columns`.
        field: String,
        /// What was expected, with a suggestion where one exists.
        message: String,
    },
}

/// The file types `[report] formats` may name.
pub const FORMAT_NAMES: [&str; 4] = ["svg", "png", "pdf", "html"];

/// What a figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// Project networks, one panel per project (Figs. 2–5).
    Network,
    /// Projects by seat of the coordination, proportional pie symbols (Fig. 1).
    Seats,
    /// What changed since `[baseline]`, one panel per project like `network`.
    Change,
    /// Projects by seat like `seats`, the pies telling what changed since
    /// `[baseline]` (new, finished, not pursued, …).
    #[serde(rename = "seats-change")]
    SeatsChange,
}

/// `[report]`: general settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSection {
    /// Report title (not drawn; metadata).
    pub title: Option<String>,
    /// Language of all labels unless the command line says otherwise.
    pub lang: Option<Spanned<String>>,
    /// A note appended to every figure's attribution line, e.g. the data source.
    pub note: Option<String>,
    /// The same note in English.
    pub note_en: Option<String>,
    /// Names of the Handlungsfelder for legends, by id (`HF1 = "Wirtschaft"`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// The same names in English.
    #[serde(default)]
    pub fields_en: BTreeMap<String, String>,
    /// File types `ruhrmap render` writes when `--formats` is not given:
    /// `svg`, `png`, `pdf`, `html` (default: svg, png and pdf).
    pub formats: Option<Spanned<Vec<String>>>,
}

/// `[data]`: input files, relative to the config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSection {
    /// Projects table: CSV, or a workbook sheet (`daten.xlsx#Projekte`;
    /// `daten.ods` for its first sheet).
    pub projects: PathBuf,
    /// Partners table: CSV, GeoJSON or a workbook sheet (`daten.xlsx#Partner`).
    pub partners: PathBuf,
    /// A boundaries folder written by `ruhrmap boundaries import`; the
    /// embedded VG250 boundaries when absent.
    pub boundaries: Option<PathBuf>,
}

/// `[region]`: the study region.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSection {
    /// Name of the region, e.g. "Ruhrgebiet". Without `selectors` the name
    /// also selects the region: a Land, Regierungsbezirk, Kreis or
    /// municipality (`"Kreis Unna"`, `"Regierungsbezirk Münster"`),
    /// `"Ruhr"` or `"Deutschland"`.
    pub name: Option<String>,
    /// AGS prefixes or names of Kreise, Regierungsbezirke, Länder or
    /// municipalities; the Regionalverband Ruhr when both are absent.
    pub selectors: Option<Vec<String>>,
}

/// `[subregions]`: how the region's municipalities are shaded.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubregionSection {
    /// A preset: `kreise`, `regierungsbezirke`, `laender`, `none`, or the
    /// Ruhr's `zonen` and `nord-sued`. When absent: `zonen` for the
    /// Regionalverband Ruhr, otherwise the first of Länder,
    /// Regierungsbezirke and Kreise that splits the region.
    pub preset: Option<Spanned<String>>,
    /// A mapping file (.csv, .toml or .geojson), relative to the config.
    pub file: Option<PathBuf>,
}

/// Style values that `[style]` sets for all figures and each figure may override.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StyleSection {
    /// Figure width (mm).
    pub width_mm: Option<f64>,
    /// PNG resolution (dots per inch).
    pub dpi: Option<f64>,
    /// Municipality labels (pt).
    pub label_pt: Option<f64>,
    /// Figure title (pt).
    pub title_pt: Option<f64>,
    /// Panel headings (pt).
    pub panel_title_pt: Option<f64>,
    /// Legend text (pt).
    pub legend_pt: Option<f64>,
    /// Small print: scale bar, attribution, edge summaries (pt).
    pub small_pt: Option<f64>,
    /// Map CRS, e.g. "EPSG:25832".
    pub crs: Option<String>,
    /// Draw the figure title above the maps.
    pub show_title: Option<bool>,
    /// Accept labels that cannot be placed (they are left out and reported).
    pub allow_unplaced_labels: Option<bool>,
    /// Accept collisions (labels, markers, boxes drawn over each other);
    /// without it a figure with any fails the run (exit status 1).
    pub allow_collisions: Option<bool>,
    /// Where the legend goes.
    pub legend: Option<LegendPlacement>,
    /// `"font"` (default: real text, the font subset carried in the SVG) or
    /// `"outlines"` (glyph outlines, for editors and print shops without the font).
    pub text: Option<TextMode>,
    /// `"colour"` (default) or `"greyscale"`: the figure in greys, with
    /// sub-regions hatched where their greys are too close to tell apart.
    pub print: Option<Print>,
    /// The tallest a figure's page may be (mm; default 225, an A4 text
    /// block): a taller region gets its legend beside the map or a smaller map.
    pub max_height_mm: Option<Spanned<f64>>,
    /// Network panels with more partners in the region than this are drawn
    /// per municipality or Kreis under `aggregate = "auto"` (default 100).
    pub aggregate_above: Option<usize>,
}

/// Sets every key a `[style]` section gives over `style`.
fn apply_style(style: &mut FigureStyle, s: &StyleSection) {
    {
        macro_rules! set {
            ($($f:ident),*) => {$( if let Some(v) = &s.$f { style.$f = v.clone(); } )*};
        }
        set!(
            width_mm,
            dpi,
            label_pt,
            title_pt,
            panel_title_pt,
            legend_pt,
            small_pt,
            crs,
            show_title,
            allow_unplaced_labels,
            allow_collisions,
            legend,
            text,
            print,
            aggregate_above
        );
    }
    if let Some(v) = &s.max_height_mm {
        style.max_height_mm = *v.get_ref();
    }
}

/// One `[[figures]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    /// File stem of the outputs: letters, digits, `-` and `_`.
    pub id: Spanned<String>,
    /// What the figure shows.
    pub kind: FigureKind,
    /// Title (German, or the only title).
    pub title: String,
    /// English title for `--lang en`; the German one is used when absent.
    pub title_en: Option<String>,
    /// Projects shown: one panel each for networks; a filter for seats
    /// (all projects when absent).
    pub projects: Option<Spanned<Vec<String>>>,
    /// Seats only: project statuses counted (`running`, `finished`,
    /// `not_pursued`, `under_review`); all when absent.
    pub statuses: Option<Spanned<Vec<String>>>,
    /// Networks: panel columns (default 2 for two or more projects).
    pub columns: Option<Spanned<usize>>,
    /// Networks and change figures: a bar chart beside the maps;
    /// `"subregions"` counts the partners per sub-region (change figures:
    /// at the baseline and now).
    pub chart: Option<Spanned<String>>,
    /// Sub-regions for this figure, overriding `[subregions]`: a preset name
    /// (`kreise`) or a mapping file relative to the config (`teilraeume.csv`).
    pub subregions: Option<Spanned<String>>,
    /// Seats: how far (km) beyond the region the map may grow to show
    /// seats on the context map; seats farther away are summarised at the edge.
    pub max_context_km: Option<f64>,
    /// Networks: `"auto"` (default), `"none"`, `"municipality"` or
    /// `"kreis"`: partners in the region one by one or summed up per
    /// municipality or Kreis.
    pub aggregate: Option<Spanned<String>>,
    /// Style overrides for this figure.
    #[serde(default)]
    pub style: StyleSection,
}

impl FigureSpec {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &self.title,
        }
    }

    /// The projects listed, empty when absent.
    pub fn project_ids(&self) -> &[String] {
        self.projects
            .as_ref()
            .map_or(&[], |p| p.get_ref().as_slice())
    }
}

/// The whole configuration as figures need it.
#[derive(Debug, Clone)]
pub struct FigureConfig {
    /// The file it was read from.
    pub path: PathBuf,
    /// `[report]`.
    pub report: ReportSection,
    /// `[data]`.
    pub data: DataSection,
    /// `[region]`.
    pub region: RegionSection,
    /// `[subregions]`.
    pub subregions: SubregionSection,
    /// `[style]`.
    pub style: StyleSection,
    /// `[[figures]]`, in file order.
    pub figures: Vec<FigureSpec>,
    /// `[categories]`: the programme's Handlungsfelder, statuses, actor
    /// types and roles; lists not declared take values as the tables give them.
    pub categories: Categories,
    text: String,
    /// Whether the config has a `[baseline]` section (checked in full by
    /// [`crate::report::BaselineSection`]).
    has_baseline: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    #[serde(default)]
    report: ReportSection,
    data: DataSection,
    #[serde(default)]
    region: RegionSection,
    #[serde(default)]
    subregions: SubregionSection,
    #[serde(default)]
    style: StyleSection,
    #[serde(default)]
    figures: Vec<FigureSpec>,
    #[serde(default)]
    categories: Categories,
    // sections of other commands, checked there
    #[allow(dead_code)]
    exports: Option<toml::Value>,
    #[allow(dead_code)]
    tables: Option<toml::Value>,
    baseline: Option<toml::Value>,
}

fn line_of(text: &str, offset: usize) -> usize {
    usize::try_from(line_of_offset(text, offset)).unwrap_or(usize::MAX)
}

impl FigureConfig {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<FigureConfig, FigureConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| FigureConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        FigureConfig::parse(&text, path)
    }

    /// Parses and checks config `text`; `path` is used for messages and to
    /// resolve relative file names.
    ///
    /// ```
    /// use std::path::Path;
    /// let text = "[data]\nprojects = \"p.csv\"\npartners = \"q.csv\"\n\n[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\nwidht_mm = 150\n";
    /// let err = ruhrmap::FigureConfig::parse(text, Path::new("report.toml")).unwrap_err().to_string();
    /// assert!(err.starts_with("report.toml, line 9:"), "{err}");
    /// assert!(err.contains("widht_mm"), "{err}");
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<FigureConfig, FigureConfigError> {
        let doc: Document = toml::from_str(text).map_err(|source| FigureConfigError::Syntax {
            path: path.to_path_buf(),
            line: source.span().map_or(1, |s| line_of(text, s.start)),
            message: source.message().trim().to_string(),
            source,
        })?;
        let config = FigureConfig {
            path: path.to_path_buf(),
            report: doc.report,
            data: doc.data,
            region: doc.region,
            subregions: doc.subregions,
            style: doc.style,
            figures: doc.figures,
            categories: doc.categories,
            text: text.to_string(),
            has_baseline: doc.baseline.is_some(),
        };
        config.check()?;
        Ok(config)
    }

    /// The 1-based line of a byte offset in the config text.
    pub fn line_at(&self, offset: usize) -> usize {
        line_of(&self.text, offset)
    }

    fn invalid(&self, offset: usize, field: String, message: String) -> FigureConfigError {
        FigureConfigError::Invalid {
            path: self.path.clone(),
            line: self.line_at(offset),
            field,
            message,
        }
    }

    /// The byte offset of `"value"` in the `[categories]` part of the text
    /// (for the line of an error), or of the section itself.
    fn categories_offset(&self, value: &str) -> usize {
        let start = self.text.find("categories").unwrap_or(0);
        self.text[start..]
            .find(&format!("{value:?}"))
            .map_or(start, |k| start + k)
    }

    /// Colours parse, ids are unique and non-empty.
    fn check_categories(&self) -> Result<(), FigureConfigError> {
        for (name, list) in self.categories.lists() {
            for (k, c) in list.items.iter().enumerate() {
                let field = format!("categories.{name}[{k}]");
                if c.id.trim().is_empty() {
                    return Err(self.invalid(
                        self.categories_offset(name),
                        format!("{field}.id"),
                        "the id is empty".into(),
                    ));
                }
                if list.items[..k].iter().any(|d| d.id == c.id) {
                    return Err(self.invalid(
                        self.categories_offset(&c.id),
                        format!("{field}.id"),
                        format!("{:?} is declared twice", c.id),
                    ));
                }
                if let Some(color) = &c.color {
                    Color::from_hex(color).map_err(|e| {
                        self.invalid(
                            self.categories_offset(color),
                            format!("{field}.color"),
                            e.to_string(),
                        )
                    })?;
                }
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), FigureConfigError> {
        self.check_categories()?;
        if let Some(lang) = &self.report.lang {
            lang.get_ref().parse::<Lang>().map_err(|e| {
                self.invalid(lang.span().start, "report.lang".into(), e.to_string())
            })?;
        }
        if let Some(formats) = &self.report.formats
            && let Some(unknown) = formats
                .get_ref()
                .iter()
                .find(|f| !FORMAT_NAMES.contains(&f.as_str()))
        {
            return Err(self.invalid(
                formats.span().start,
                "report.formats".into(),
                format!(
                    "unknown format {unknown:?}: expected one of {}",
                    FORMAT_NAMES.join(", ")
                ),
            ));
        }
        if self.subregions.preset.is_some() && self.subregions.file.is_some() {
            let at = self
                .subregions
                .preset
                .as_ref()
                .map_or(0, |p| p.span().start);
            return Err(self.invalid(
                at,
                "subregions".into(),
                "give either `preset` or `file`, not both".into(),
            ));
        }
        self.check_style(&self.style, "style", self.text.find("[style]").unwrap_or(0))?;
        if self.figures.is_empty() {
            return Err(FigureConfigError::Invalid {
                path: self.path.clone(),
                line: line_of(&self.text, self.text.len()),
                field: "figures".into(),
                message: "no [[figures]] entry: add one with id, kind (network | seats | change) and title"
                    .into(),
            });
        }
        let mut seen: Vec<&str> = Vec::new();
        for (k, f) in self.figures.iter().enumerate() {
            self.check_figure(k, f, &mut seen)?;
        }
        Ok(())
    }

    /// Checks the `k`-th figure entry; `seen` holds the ids before it.
    fn check_figure<'c>(
        &self,
        k: usize,
        f: &'c FigureSpec,
        seen: &mut Vec<&'c str>,
    ) -> Result<(), FigureConfigError> {
        let id = f.id.get_ref();
        let at = f.id.span().start;
        let field = |name: &str| format!("figures[{k}].{name}");
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(self.invalid(at, field("id"), format!("{id:?} is not a usable file name: use letters, digits, `-` and `_`, e.g. \"abb-2-netzwerke\"")));
        }
        if seen.contains(&id.as_str()) {
            return Err(self.invalid(at, field("id"), format!("{id:?} is used by an earlier figure; ids name the output files and must be unique")));
        }
        seen.push(id);
        if matches!(f.kind, FigureKind::Change | FigureKind::SeatsChange) && !self.has_baseline {
            return Err(self.invalid(
                at,
                field("kind"),
                "a change figure compares with the earlier state: add a [baseline] section with `projects` and `partners` of the earlier tables".into(),
            ));
        }
        if matches!(f.kind, FigureKind::Network | FigureKind::Change) {
            match &f.projects {
                None => {
                    return Err(self.invalid(
                        at,
                        field("projects"),
                        "a network or change figure needs `projects = [\"P1\", …]`, one panel per project"
                            .into(),
                    ));
                }
                Some(p) if p.get_ref().is_empty() => {
                    return Err(self.invalid(
                        p.span().start,
                        field("projects"),
                        "the list is empty; name at least one project".into(),
                    ));
                }
                _ => {}
            }
            if f.statuses.is_some() {
                return Err(self.invalid(
                    at,
                    field("statuses"),
                    "only seat figures (kind = \"seats\") filter by status".into(),
                ));
            }
        }
        self.check_chart_and_aggregate(k, f)?;
        self.check_lists(k, f)?;
        self.check_style(&f.style, &field("style"), at)
    }

    /// The keys of one kind of figure only: `chart` and `aggregate`.
    fn check_chart_and_aggregate(&self, k: usize, f: &FigureSpec) -> Result<(), FigureConfigError> {
        let id = f.id.get_ref();
        let field = |name: &str| format!("figures[{k}].{name}");
        if let Some(chart) = &f.chart {
            if chart.get_ref() != "subregions" {
                return Err(self.invalid(
                    chart.span().start,
                    field("chart"),
                    format!(
                        "unknown chart {:?}: expected \"subregions\" (partners per sub-region)",
                        chart.get_ref()
                    ),
                ));
            }
            if !matches!(f.kind, FigureKind::Network | FigureKind::Change) {
                return Err(self.invalid(
                    chart.span().start,
                    field("chart"),
                    "only network and change figures have a chart".into(),
                ));
            }
        }
        if let Some(a) = &f.aggregate {
            if Aggregate::parse(a.get_ref()).is_none() {
                return Err(self.invalid(
                    a.span().start,
                    field("aggregate"),
                    format!(
                        "figure {id:?}: unknown aggregation level {:?}: expected one of {}",
                        a.get_ref(),
                        Aggregate::NAMES.map(|n| format!("\"{n}\"")).join(", ")
                    ),
                ));
            }
            if f.kind != FigureKind::Network {
                return Err(self.invalid(
                    a.span().start,
                    field("aggregate"),
                    format!("figure {id:?}: only network figures (kind = \"network\") aggregate their partners"),
                ));
            }
        }
        Ok(())
    }

    /// The lists and numbers of a figure: `projects` (each once), `columns`,
    /// `statuses` (declared ones) and `max_context_km`.
    fn check_lists(&self, k: usize, f: &FigureSpec) -> Result<(), FigureConfigError> {
        let at = f.id.span().start;
        let field = |name: &str| format!("figures[{k}].{name}");
        if let Some(p) = &f.projects {
            let mut ids: Vec<&String> = p.get_ref().iter().collect();
            ids.sort();
            if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
                return Err(self.invalid(
                    p.span().start,
                    field("projects"),
                    format!("{:?} is listed twice", w[0]),
                ));
            }
        }
        if let Some(c) = &f.columns {
            let n = f.project_ids().len().max(1);
            if *c.get_ref() == 0 || *c.get_ref() > n {
                return Err(self.invalid(
                    c.span().start,
                    field("columns"),
                    format!(
                        "expected 1 to {n} (the number of projects), found {}",
                        c.get_ref()
                    ),
                ));
            }
        }
        if let Some(s) = &f.statuses {
            let declared = &self.categories.statuses;
            for status in s.get_ref() {
                if declared.declared && declared.find(status).is_none() {
                    let expected = declared.ids().join(", ");
                    return Err(self.invalid(
                        s.span().start,
                        field("statuses"),
                        format!("unknown status {status:?}: expected one of the statuses declared under [categories]: {expected}"),
                    ));
                }
            }
        }
        if let Some(km) = f.max_context_km
            && !(km >= 0.0 && km.is_finite())
        {
            return Err(self.invalid(
                at,
                field("max_context_km"),
                format!("expected a distance ≥ 0 in km, found {km}"),
            ));
        }
        Ok(())
    }

    fn check_style(
        &self,
        s: &StyleSection,
        name: &str,
        at: usize,
    ) -> Result<(), FigureConfigError> {
        let range = |field: &str,
                     v: Option<f64>,
                     lo: f64,
                     hi: f64,
                     unit: &str|
         -> Result<(), FigureConfigError> {
            match v {
                Some(v) if !(v >= lo && v <= hi) => Err(self.invalid(
                    at,
                    format!("{name}.{field}"),
                    format!("expected {lo}–{hi} {unit}, found {v}"),
                )),
                _ => Ok(()),
            }
        };
        range("width_mm", s.width_mm, 40.0, 1000.0, "mm")?;
        range("dpi", s.dpi, 36.0, 1200.0, "dpi")?;
        let max_height = s.max_height_mm.as_ref().map(|v| *v.get_ref());
        range("max_height_mm", max_height, 20.0, 2000.0, "mm")?;
        for (field, v) in [
            ("label_pt", s.label_pt),
            ("title_pt", s.title_pt),
            ("panel_title_pt", s.panel_title_pt),
            ("legend_pt", s.legend_pt),
            ("small_pt", s.small_pt),
        ] {
            // below 5 pt text is not legible in print
            range(field, v, 5.0, 36.0, "pt")?;
        }
        if let Some(crs) = &s.crs {
            crate::crs::MapProjection::new(crs)
                .map_err(|e| self.invalid(at, format!("{name}.crs"), e.to_string()))?;
        }
        Ok(())
    }

    /// The resolved style of `figure`: defaults, then `[style]`, then the figure's own `style`.
    pub fn figure_style(&self, figure: &FigureSpec) -> FigureStyle {
        let mut style = FigureStyle::default();
        apply_style(&mut style, &self.style);
        apply_style(&mut style, &figure.style);
        style
    }

    /// A path from the config, relative to the config file's folder.
    pub fn resolve(&self, relative: &Path) -> PathBuf {
        if relative.is_absolute() {
            return relative.to_path_buf();
        }
        self.path.parent().unwrap_or(Path::new(".")).join(relative)
    }

    /// The language from `[report] lang`, German by default.
    pub fn lang(&self) -> Lang {
        self.report
            .lang
            .as_ref()
            .and_then(|l| l.get_ref().parse().ok())
            .unwrap_or_default()
    }

    /// The attribution note in `lang`.
    pub fn note(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self
                .report
                .note_en
                .as_deref()
                .or(self.report.note.as_deref()),
            Lang::De => self.report.note.as_deref(),
        }
    }

    /// The names of the Handlungsfelder in `lang` (English falls back to German).
    pub fn field_labels(&self, lang: Lang) -> &BTreeMap<String, String> {
        match lang {
            Lang::En if !self.report.fields_en.is_empty() => &self.report.fields_en,
            _ => &self.report.fields,
        }
    }

    /// Where figure `index`'s `max_height_mm` comes from: the key as a
    /// path (`figures[0].style.max_height_mm` or `style.max_height_mm`) and
    /// its line; `None` when neither sets it (the default applies).
    pub fn max_height_key(&self, index: usize) -> Option<(String, usize)> {
        let own = self.figures[index].style.max_height_mm.as_ref();
        let (key, v) = match own {
            Some(v) => (format!("figures[{index}].style.max_height_mm"), v),
            None => (
                "style.max_height_mm".to_string(),
                self.style.max_height_mm.as_ref()?,
            ),
        };
        Some((key, self.line_at(v.span().start)))
    }

    /// The line of figure `index`'s entry.
    pub fn figure_line(&self, index: usize) -> usize {
        self.line_at(self.figures[index].id.span().start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n\n";

    fn parse(extra: &str) -> Result<FigureConfig, FigureConfigError> {
        FigureConfig::parse(&format!("{BASE}{extra}"), Path::new("/tmp/r/report.toml"))
    }

    #[test]
    fn a_full_config_reads_and_resolves() {
        let c = parse(
            "[style]\nwidth_mm = 150\nlabel_pt = 7\n\n[[figures]]\nid = \"abb-2\"\nkind = \"network\"\ntitle = \"Netzwerke\"\nprojects = [\"P1\", \"P2\", \"P3\"]\ncolumns = 2\nstyle = { width_mm = 120 }\n\n[[figures]]\nid = \"abb-1\"\nkind = \"seats\"\ntitle = \"Sitze\"\ntitle_en = \"Seats\"\n",
        )
        .unwrap();
        assert_eq!(c.figures.len(), 2);
        assert_eq!(c.figure_style(&c.figures[0]).width_mm, 120.0);
        assert_eq!(c.figure_style(&c.figures[1]).width_mm, 150.0);
        assert_eq!(c.figure_style(&c.figures[1]).label_pt, 7.0);
        assert_eq!(c.figure_style(&c.figures[1]).dpi, 300.0);
        assert_eq!(c.figures[1].title(Lang::En), "Seats");
        assert_eq!(c.figures[0].title(Lang::En), "Netzwerke");
        assert_eq!(
            c.resolve(Path::new("projects.csv")),
            PathBuf::from("/tmp/r/projects.csv")
        );
        assert_eq!(c.figure_line(1), 18); // the line of the second entry's id
    }

    #[test]
    fn unknown_keys_name_key_and_line() {
        let err =
            parse("[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\ncolour = \"red\"\n")
                .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 9"), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
        let err = parse("[styel]\nwidth_mm = 1\n").unwrap_err().to_string();
        assert!(err.contains("line 5") && err.contains("styel"), "{err}");
    }

    #[test]
    fn semantic_errors_point_at_the_figure() {
        let err = parse("[[figures]]\nid = \"a\"\nkind = \"network\"\ntitle = \"T\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 6") && err.contains("figures[0].projects"),
            "{err}"
        );
        let err = parse("[[figures]]\nid = \"a b\"\nkind = \"seats\"\ntitle = \"T\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a usable file name"), "{err}");
        let err = parse("[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\n[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"U\"\n").unwrap_err().to_string();
        assert!(err.contains("line 10") && err.contains("unique"), "{err}");
        let err = parse("[[figures]]\nid = \"a\"\nkind = \"network\"\ntitle = \"T\"\nprojects = [\"P1\"]\ncolumns = 3\n").unwrap_err().to_string();
        assert!(err.contains("line 10") && err.contains("columns"), "{err}");
        // statuses of a seats figure: any while none are declared, else declared ones
        let seats =
            "[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\nstatuses = [\"laufen\"]\n";
        parse(seats).unwrap();
        let declared = "[[categories.statuses]]\nid = \"running\"\nlabel_de = \"laufend\"\n";
        parse(&format!("{declared}{}", seats.replace("laufen", "Laufend"))).unwrap();
        let err = parse(&format!("{declared}{seats}"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"laufen\"") && err.contains("running"),
            "{err}"
        );
        let err = parse(&format!(
            "[[categories.fields]]\nid = \"HF1\"\ncolor = \"blau\"\n{seats}"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 7")
                && err.contains("categories.fields[0].color")
                && err.contains("#rrggbb"),
            "{err}"
        );
        let err = parse(&format!("{declared}{declared}{seats}"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("categories.statuses[1].id") && err.contains("twice"),
            "{err}"
        );
        let err = parse("[[figures]]\nid = \"a\"\nkind = \"pie\"\ntitle = \"T\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 7") && err.contains("network"), "{err}");
        let err = parse("[[figures]]\nid = \"a\"\nkind = \"network\"\ntitle = \"T\"\nprojects = [\"P1\"]\nchart = \"pie\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 10") && err.contains("\"subregions\""),
            "{err}"
        );
    }

    #[test]
    fn style_values_are_range_checked() {
        let err = parse(
            "[style]\nlabel_pt = 3\n[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("style.label_pt") && err.contains("found 3"),
            "{err}"
        );
        let err = parse("[style]\ncrs = \"EPSG:4326\"\n[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"T\"\n").unwrap_err().to_string();
        assert!(err.contains("geographic"), "{err}");
    }

    #[test]
    fn no_figures_is_an_error() {
        let err = parse("").unwrap_err().to_string();
        assert!(err.contains("no [[figures]]"), "{err}");
    }
}
