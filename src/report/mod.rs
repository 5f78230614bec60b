//! A whole report: the `report.toml` config, the figure set it names, the
//! build that writes every figure, export and table into a staging folder
//! and commits it at once, and the watcher that rebuilds what changed.

mod build;
mod config;
mod figure_set;
mod watch;

pub use build::{
    build_report, BuildError, BuildEvent, BuildPlan, BuildSummary, ExportSummary, ExportsSection,
    OutputFile, OutputKind, Report, ReportConfig, TablesSection,
};
pub use config::{
    DataSection, FigureConfig, FigureConfigError, FigureKind, FigureSpec, RegionSection,
    ReportSection, StyleSection, SubregionSection,
};
pub use figure_set::{
    build_figure, write_figures, write_figures_as, FigureData, FigureFiles, FigureOutcome,
    FigureSetError,
};
pub use watch::{
    fingerprints, plan_rebuild, GeocodingContext, InputFingerprints, Rebuild, Reload, WatchedFiles,
    Watcher,
};
