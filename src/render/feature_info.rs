//! What a drawn item stands for: a partner site, a municipality, a link or
//! an aggregated symbol, with the facts a reader asks about it. Figures
//! record this in the scene beside the drawing ([`crate::render::Scene::features`]);
//! the SVG writer turns it into `data-*` attributes and the HTML page into
//! tooltips, so both tell the same.

/// The kind of a described feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeatureKind {
    /// A partner site (marker).
    Partner,
    /// A municipality (area).
    Municipality,
    /// A link between the coordination and a partner.
    Link,
    /// A symbol standing for several partners or projects.
    Aggregate,
}

impl FeatureKind {
    /// The name written as `data-kind`.
    ///
    /// ```
    /// assert_eq!(ruhrmap::render::FeatureKind::Link.as_str(), "link");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::Partner => "partner",
            FeatureKind::Municipality => "municipality",
            FeatureKind::Link => "link",
            FeatureKind::Aggregate => "aggregate",
        }
    }
}

/// The facts about one drawn feature.
///
/// ```
/// use ruhrmap::render::{FeatureInfo, FeatureKind};
/// let info = FeatureInfo::new(FeatureKind::Partner, "Stadtwerke Bochum")
///     .in_project("P1")
///     .with("role", "core");
/// assert_eq!(info.fields, vec![("role".to_string(), "core".to_string())]);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeatureInfo {
    /// What it is.
    pub kind: Option<FeatureKind>,
    /// Its name as a reader knows it (the tooltip heading and `aria-label`).
    pub name: String,
    /// The projects it belongs to (for the project filter); empty for all.
    pub projects: Vec<String>,
    /// Further facts, as (key, value) in display order. Keys are short
    /// lowercase words (`role`, `municipality`, `length_km`); each is written
    /// as `data-<key>`.
    pub fields: Vec<(String, String)>,
}

impl FeatureInfo {
    /// A feature of `kind` named `name`, with no further facts.
    pub fn new(kind: FeatureKind, name: impl Into<String>) -> FeatureInfo {
        FeatureInfo {
            kind: Some(kind),
            name: name.into(),
            ..FeatureInfo::default()
        }
    }

    /// The same, also belonging to project `project`.
    pub fn in_project(mut self, project: impl Into<String>) -> FeatureInfo {
        let project = project.into();
        if !self.projects.contains(&project) {
            self.projects.push(project);
        }
        self
    }

    /// The same with the fact `key` = `value` appended (empty values are skipped).
    pub fn with(mut self, key: &str, value: impl Into<String>) -> FeatureInfo {
        let value = value.into();
        if !value.is_empty() {
            self.fields.push((key.to_string(), value));
        }
        self
    }

    /// The value of fact `key`, if given.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}
