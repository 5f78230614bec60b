//! A whole report: the `report.toml` config, the figure set it names, the
//! build that writes every figure, export and table into a staging folder
//! and commits it at once, the watcher that rebuilds what changed, and the
//! scaffold of a new report (`ruhrmap new`).

mod baseline;
mod build;
mod config;
mod figure_set;
mod scaffold;
mod watch;

pub use baseline::{Baseline, BaselineError, BaselineSection};
pub use build::{
    BuildError, BuildEvent, BuildPlan, BuildSummary, ExportSummary, ExportsSection, OutputFile,
    OutputKind, Report, ReportConfig, TablesSection, build_report,
};
pub use config::{
    DataSection, FORMAT_NAMES, FigureConfig, FigureConfigError, FigureKind, FigureSpec,
    RegionSection, ReportSection, StyleSection, SubregionSection,
};
pub use figure_set::{
    FigureData, FigureFiles, FigureOutcome, FigureSetError, build_figure, figure_index_page,
    write_figures, write_figures_as,
};
pub use scaffold::{PARTNER_COLUMNS, PROJECT_COLUMNS, Scaffold, ScaffoldError, scaffold_report};
pub use watch::{
    GeocodingContext, InputFingerprints, Rebuild, Reload, WatchedFiles, Watcher, fingerprints,
    plan_rebuild,
};
