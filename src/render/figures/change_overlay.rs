//! How each partner and link of a change figure's compared network changed
//! since the baseline: what the network figure's steps ask when they draw a
//! change figure (see `change_map.rs`).

use crate::boundaries::MunicipalityId;
use crate::network::{Change, Partner};
use geo_types::Coord;
use std::collections::BTreeMap;

/// How each partner and link of a compared network changed, by
/// (project, partner id); links by the partner they lead to.
#[derive(Debug, Clone, Default)]
pub struct ChangeOverlay {
    /// The status of each partner.
    pub partners: BTreeMap<(String, String), Change>,
    /// The status of each link, by its partner.
    pub links: BTreeMap<(String, String), Change>,
    /// The baseline site (lon/lat) of each moved partner, and the
    /// municipality it lay in (boundaries index; `None` abroad).
    pub moved_from: BTreeMap<(String, String), (Coord<f64>, Option<MunicipalityId>)>,
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

    /// Where a moved partner was at the baseline: the site and its municipality.
    pub fn moved_from(&self, p: &Partner) -> Option<(Coord<f64>, Option<MunicipalityId>)> {
        self.moved_from.get(&ChangeOverlay::key(p)).copied()
    }
}
