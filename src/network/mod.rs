//! The project and partner model of a report: projects with their
//! coordination and partners, each partner's site resolved by the geocoder,
//! the links between them, and where each site lies relative to the region
//! ([`SiteLocation`]), and what changed between two states of the data
//! ([`NetworkChange`]).

mod change;
mod model;
mod site_location;

pub use change::{
    Change, ChangeError, LinkChange, MatchCounts, MatchedBy, NetworkChange, PartnerChange,
    ProjectChange, link_indices,
};
pub use model::{
    ActorType, FIELDS, Link, LoadReport, LoadedNetwork, Network, NetworkError, Partner, Project,
    ProjectStatus, Role, Site, SiteWarning, Unresolved, VocabularyError,
};
pub use site_location::{AnalysisInputs, NORTH_CLASS, SiteLocation};
