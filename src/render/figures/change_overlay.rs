//! How each partner and link of a change figure's compared network changed
//! since the baseline: what the network figure's steps ask when they draw a
//! change figure (see `change_map.rs`).

use crate::boundaries::MunicipalityId;
use crate::network::{Change, Partner};
use geo_types::Coord;
use std::collections::BTreeMap;

/// Where a moved partner was at the baseline ([`ChangeOverlay::moved_from`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EarlierSite {
    /// The baseline site (lon, lat).
    pub position: Coord<f64>,
    /// The municipality it lay in; `None` abroad.
    pub municipality: Option<MunicipalityId>,
}

/// How each partner and link of a compared network changed, by
/// (project, partner id); links by the partner they lead to.
#[derive(Debug, Clone, Default)]
pub struct ChangeOverlay {
    /// The status of each partner.
    pub partners: BTreeMap<(String, String), Change>,
    /// The status of each link, by its partner.
    pub links: BTreeMap<(String, String), Change>,
    /// The baseline site of each moved partner.
    pub moved_from: BTreeMap<(String, String), EarlierSite>,
    /// "Zwischenevaluation 2026 → Abschlussevaluation 2028".
    pub compared: String,
}

impl ChangeOverlay {
    /// The key of a partner: (project, id).
    pub(crate) fn key(p: &Partner) -> (String, String) {
        (p.project.clone(), p.id.clone())
    }

    /// The status of a partner of the compared network (continued when unknown).
    pub fn of_partner(&self, p: &Partner) -> Change {
        self.partners
            .get(&ChangeOverlay::key(p))
            .copied()
            .unwrap_or(Change::Continued)
    }

    /// The status of the link to a partner of the compared network.
    pub fn of_link(&self, p: &Partner) -> Change {
        self.links
            .get(&ChangeOverlay::key(p))
            .copied()
            .unwrap_or(Change::Continued)
    }

    /// Where a moved partner was at the baseline: the site and its
    /// municipality; `None` for a partner that did not move.
    ///
    /// ```
    /// use geo_types::Coord;
    /// use ruhrmap::render::{ChangeOverlay, EarlierSite};
    /// use ruhrmap::{Partner, Role};
    /// let partner = Partner {
    ///     id: "7".to_string(),
    ///     project: "P1".to_string(),
    ///     name: "Hochschule Bochum".to_string(),
    ///     role: Role::Core,
    ///     role_id: "core".to_string(),
    ///     actor_type: "science".to_string(),
    ///     site: None,
    ///     line: 2,
    /// };
    /// let mut overlay = ChangeOverlay::default();
    /// assert_eq!(overlay.moved_from(&partner), None);
    /// let earlier = EarlierSite { position: Coord { x: 7.2, y: 51.5 }, municipality: None };
    /// overlay.moved_from.insert(("P1".to_string(), "7".to_string()), earlier);
    /// assert_eq!(overlay.moved_from(&partner), Some(earlier));
    /// ```
    pub fn moved_from(&self, p: &Partner) -> Option<EarlierSite> {
        self.moved_from.get(&ChangeOverlay::key(p)).copied()
    }
}
