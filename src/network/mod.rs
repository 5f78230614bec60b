//! The project and partner model of a report: projects with their
//! coordination and partners, each partner's site resolved by the geocoder,
//! the links between them, and where each site lies relative to the region
//! ([`SiteLocation`]).

mod model;
mod site_location;

pub use model::{
    ActorType, FIELDS, Link, LoadReport, LoadedNetwork, Network, NetworkError, Partner, Project,
    ProjectStatus, Role, Site, SiteWarning, Unresolved, VocabularyError,
};
pub use site_location::{AnalysisInputs, NORTH_CLASS, SiteLocation};
