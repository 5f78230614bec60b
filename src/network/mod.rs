//! The project and partner model of a report: projects with their
//! coordination and partners, each partner's site resolved by the geocoder,
//! the links between them, and where each site lies relative to the region
//! ([`SiteLocation`]), and what changed between two states of the data
//! ([`NetworkChange`]). Handlungsfelder, statuses, actor types and roles are
//! the programme's own categories ([`Categories`]).

mod categories;
mod change;
mod model;
mod site_location;
mod vocabulary;

pub use categories::{Categories, Category, CategoryList};
pub use change::{
    Change, ChangeError, LinkChange, LinkIndex, MatchCounts, MatchedBy, NetworkChange,
    PartnerChange, ProjectChange, link_indices,
};
pub use model::{
    Link, LoadReport, LoadedNetwork, Network, NetworkError, Partner, Project, Site, SiteWarning,
    Unresolved,
};
pub use site_location::{AnalysisInputs, NORTH_CLASS, SiteLocation};
pub use vocabulary::{Role, VocabularyError};
