//! Change maps: one panel per project, like the network map, showing what
//! changed since the baseline (`[baseline]`). The panels are network panels
//! drawn from the *compared network* — the current partners and, at their
//! baseline place, the partners that ended — with a [`ChangeOverlay`] that
//! tells the network figure's steps how each partner and link changed:
//! continued partners as in the network map, new ones with a ring, ended
//! ones hollow, moved ones with a thin arrow from their old place; links
//! new, kept and ended styled apart; a legend section naming the two
//! states compared.
//!
//! In the compared network an ended partner keeps its role, with its id
//! suffixed `-ended`; the coordination of a project that continues under
//! another coordination is drawn as an ended partner (a hollow disc), so
//! that every panel has one coordination to draw links from. Ended links
//! are drawn from the current coordination.

use crate::network::{Change, LinkIndex, Network, NetworkChange, Role};
use crate::render::figures::change_overlay::{ChangeOverlay, EarlierSite};
use crate::render::figures::figure::{BuiltFigure, FigureBuildError, FigureInputs};
use crate::render::figures::network_figure::{Aggregate, NetworkMap};
use crate::text::Lang;

/// The two states a change figure compares, with their names.
#[derive(Debug, Clone, Copy)]
pub struct ChangeStates<'c> {
    /// The earlier state.
    pub baseline: &'c Network,
    /// What changed since (the current state is the figure inputs' network).
    pub change: &'c NetworkChange,
    /// What the earlier state is called ("Zwischenevaluation 2026").
    pub baseline_label: &'c str,
    /// What the current state is called.
    pub now_label: &'c str,
}

impl ChangeStates<'_> {
    /// "seit Zwischenevaluation 2026 (jetzt: Abschlussevaluation)", for legend titles.
    pub fn since(&self, lang: Lang) -> String {
        match lang {
            Lang::De => format!("seit {} (jetzt: {})", self.baseline_label, self.now_label),
            Lang::En => format!("since {} (now: {})", self.baseline_label, self.now_label),
        }
    }
}

/// A change figure: a network figure's projects and layout, and the two
/// states it compares.
#[derive(Debug, Clone)]
pub struct ChangeMap<'c> {
    /// Projects, panels, chart, style and language as for a network figure
    /// (its `change` is set when drawing).
    pub map: NetworkMap<'c>,
    /// The two states compared.
    pub states: ChangeStates<'c>,
}

/// The id an ended baseline partner has in the compared network.
fn ended_id(id: &str) -> String {
    format!("{id}-ended")
}

/// The compared network of two states and how each of its partners and
/// links changed.
pub(crate) fn compared_network(
    baseline: &Network,
    now: &Network,
    change: &NetworkChange,
    compared: String,
) -> (Network, ChangeOverlay) {
    let mut network = Network {
        projects: now.projects.clone(),
        partners: now.partners.clone(),
        unresolved: Vec::new(),
        categories: now.categories.clone(),
    };
    let mut overlay = ChangeOverlay {
        compared,
        ..ChangeOverlay::default()
    };
    for project in &change.projects {
        if let (Some(b), None) = (project.baseline, project.now) {
            network.projects.push(baseline.projects[b].clone());
        }
    }
    // the id each baseline partner has in the compared network
    let mut compared_id: Vec<Option<String>> = vec![None; baseline.partners.len()];
    for entry in &change.partners {
        match (entry.now, entry.baseline) {
            (Some(k), earlier) => {
                let p = &now.partners[k];
                if let Some(b) = earlier {
                    compared_id[b] = Some(p.id.clone());
                    if entry.change == Change::Moved
                        && let Some(site) = baseline.partners[b].site
                    {
                        overlay.moved_from.insert(
                            ChangeOverlay::key(p),
                            EarlierSite {
                                position: site.position,
                                municipality: site.municipality,
                            },
                        );
                    }
                }
                overlay.partners.insert(ChangeOverlay::key(p), entry.change);
            }
            (None, Some(b)) => {
                let mut p = baseline.partners[b].clone();
                p.id = ended_id(&p.id);
                // one coordination per panel: the current one, if the project continues
                if p.role == Role::Coordinator && now.coordinator_of(&p.project).is_some() {
                    p.role = Role::Core;
                }
                compared_id[b] = Some(p.id.clone());
                overlay
                    .partners
                    .insert(ChangeOverlay::key(&p), Change::Ended);
                network.partners.push(p);
            }
            (None, None) => {}
        }
    }
    for link in &change.links {
        let key = match (link.now, link.baseline) {
            (Some(LinkIndex { to, .. }), _) => Some(ChangeOverlay::key(&now.partners[to])),
            (None, Some(LinkIndex { to, .. })) => compared_id[to]
                .clone()
                .map(|id| (baseline.partners[to].project.clone(), id)),
            (None, None) => None,
        };
        if let Some(key) = key {
            // a link that ended to a partner that continued is not drawn:
            // the partner's current link wins
            overlay.links.entry(key).or_insert(link.change);
        }
    }
    (network, overlay)
}

impl ChangeMap<'_> {
    /// Builds the figure from the current state in `inputs`.
    pub fn render(&self, inputs: &FigureInputs) -> Result<BuiltFigure, FigureBuildError> {
        let lang = self.map.lang;
        let compared = format!(
            "{} {}",
            lang.pick("Veränderung", "Change"),
            self.states.since(lang)
        );
        let states = &self.states;
        let (network, overlay) =
            compared_network(states.baseline, inputs.network, states.change, compared);
        let inputs = FigureInputs {
            network: &network,
            ..*inputs
        };
        NetworkMap {
            change: Some(&overlay),
            aggregate: Aggregate::None,
            ..self.map.clone()
        }
        .render(&inputs)
    }
}
