//! `[baseline]`: the earlier state of a report's data, for a final
//! evaluation that asks what changed since an interim one.
//!
//! ```toml
//! [baseline]
//! projects = "../projects.csv"     # the same keys as [data], relative to the config
//! partners = "../partners.csv"
//! label = "Zwischenevaluation 2026"
//! label_en = "Interim evaluation 2026"
//! ```
//!
//! The baseline is read and geocoded like `[data]` (same boundaries, region
//! and sub-regions) and compared with it ([`NetworkChange`]). Without
//! `[baseline]` nothing of this exists and every output is as before.

use crate::geocode::Geocoder;
use crate::network::{ChangeError, Network, NetworkChange, NetworkError};
use crate::report::config::{FigureConfig, FigureConfigError};
use crate::text::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `[baseline]` as written in the config.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineSection {
    /// Projects table of the earlier state.
    pub projects: PathBuf,
    /// Partners table of the earlier state.
    pub partners: PathBuf,
    /// What the earlier state is called in tables and legends
    /// ("Zwischenevaluation 2026"); "Ausgangsstand" when absent.
    pub label: Option<String>,
    /// The English label ("baseline" when absent).
    pub label_en: Option<String>,
    /// What the current state is called ("aktueller Stand" when absent).
    pub label_now: Option<String>,
    /// The English label of the current state ("now" when absent).
    pub label_now_en: Option<String>,
}

#[derive(Deserialize)]
struct BaselineDocument {
    baseline: Option<BaselineSection>,
}

impl BaselineSection {
    /// The `[baseline]` section of a config text, if it has one.
    ///
    /// ```
    /// use ruhrmap::report::BaselineSection; use std::path::Path;
    /// let text = "[data]\nprojects = \"p.csv\"\npartners = \"q.csv\"\n\n[baseline]\nprojects = \"a.csv\"\npartners = \"b.csv\"\nlable = \"x\"\n";
    /// let err = BaselineSection::from_config_text(text, Path::new("r.toml")).unwrap_err().to_string();
    /// assert!(err.starts_with("r.toml, line 8:") && err.contains("lable"), "{err}");
    /// let ok = BaselineSection::from_config_text(&text.replace("lable", "label"), Path::new("r.toml")).unwrap().unwrap();
    /// assert_eq!(ok.label(ruhrmap::Lang::De), "x");
    /// assert_eq!(ok.label_now(ruhrmap::Lang::En), "now");
    /// ```
    #[allow(clippy::result_large_err)]
    pub fn from_config_text(
        text: &str,
        path: &Path,
    ) -> Result<Option<BaselineSection>, FigureConfigError> {
        let doc: BaselineDocument =
            toml::from_str(text).map_err(|source| FigureConfigError::Syntax {
                path: path.to_path_buf(),
                line: source.span().map_or(1, |s| {
                    text.as_bytes()[..s.start.min(text.len())]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count()
                        + 1
                }),
                message: source.message().trim().to_string(),
                source,
            })?;
        Ok(doc.baseline)
    }

    /// The label of the earlier state in `lang`.
    pub fn label(&self, lang: Lang) -> String {
        let given = match lang {
            Lang::De => self.label.as_ref(),
            Lang::En => self.label_en.as_ref().or(self.label.as_ref()),
        };
        given
            .cloned()
            .unwrap_or_else(|| lang.pick("Ausgangsstand", "baseline").into())
    }

    /// The label of the current state in `lang`.
    pub fn label_now(&self, lang: Lang) -> String {
        let given = match lang {
            Lang::De => self.label_now.as_ref(),
            Lang::En => self.label_now_en.as_ref().or(self.label_now.as_ref()),
        };
        given
            .cloned()
            .unwrap_or_else(|| lang.pick("aktueller Stand", "now").into())
    }
}

/// Why the baseline could not be loaded or compared.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// A baseline table could not be read or is invalid.
    #[error("{config}: [baseline]: {source}", config = .config.display())]
    Network {
        /// The config file.
        config: PathBuf,
        /// What is wrong with the table (names file, line and column).
        #[source]
        source: Box<NetworkError>,
    },
    /// The two states cannot be matched.
    #[error("{config}: [baseline]: {source}", config = .config.display())]
    Change {
        /// The config file.
        config: PathBuf,
        /// The ambiguity (names file and both lines).
        #[source]
        source: ChangeError,
    },
}

/// The loaded earlier state and what changed since.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The section as configured.
    pub section: BaselineSection,
    /// The earlier projects and partners, geocoded like the current ones.
    pub network: Network,
    /// Every partner, project and link of both states with its status.
    pub change: NetworkChange,
}

impl Baseline {
    /// Loads the baseline tables of `section` (relative to `config`),
    /// geocoded with the `geocoder` of the current data, and compares them
    /// with the current network `now`.
    pub fn load(
        section: &BaselineSection,
        config: &FigureConfig,
        geocoder: &Geocoder,
        now: &Network,
    ) -> Result<Baseline, BaselineError> {
        let partners = config.resolve(&section.partners);
        let network = Network::load(&config.resolve(&section.projects), &partners, geocoder)
            .map_err(|source| BaselineError::Network {
                config: config.path.clone(),
                source: Box::new(source),
            })?;
        let mut baseline = Baseline {
            section: section.clone(),
            network,
            change: NetworkChange::default(),
        };
        baseline.compare_with(config, now)?;
        Ok(baseline)
    }

    /// Compares this baseline with the current network `now` again.
    pub fn compare_with(
        &mut self,
        config: &FigureConfig,
        now: &Network,
    ) -> Result<(), BaselineError> {
        self.change = NetworkChange::compare(
            &self.network,
            now,
            &config.resolve(&self.section.partners),
            &config.resolve(&config.data.partners),
        )
        .map_err(|source| BaselineError::Change {
            config: config.path.clone(),
            source,
        })?;
        Ok(())
    }
}
