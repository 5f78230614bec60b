//! What changed between two states of a report's data (an interim and a
//! final evaluation): every partner, project and link of either state with
//! its change status.
//!
//! Matching, in this order:
//! 1. partners with the same `id` in the same project are the same partner
//!    (a renamed partner keeps its id);
//! 2. of the partners left, those whose normalised names (the name key of
//!    [`crate::text::normalize_place_name`]: case, umlauts, `Stadt` …) agree
//!    within the same project — ids that were reissued;
//! 3. where a name occurs more than once in a project on one side, the name
//!    together with the municipality; a name that is still ambiguous is an
//!    error naming both lines ([`ChangeError::Ambiguous`]).
//!
//! A matched partner whose site lies in another municipality (or moved from
//! abroad into Germany or back) has *moved*; one in the same municipality, or
//! without a known site in either state, has *continued*. Unmatched
//! partners of the current state are *new*, those of the baseline *ended*.
//! Projects are matched by id. A link (coordination → partner) is kept when
//! both its ends are matched and the link exists in both states; it has
//! moved when one of its ends moved.
//!
//! Nothing is lost: every partner row of either state is in exactly one
//! [`PartnerChange`], every project in one [`ProjectChange`], every link in
//! one [`LinkChange`].

use crate::boundaries::MunicipalityId;
use crate::network::model::{Network, Partner};
use crate::network::vocabulary::Role;
use crate::text::{Lang, normalize_place_name};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How something changed between the baseline and the current state.
///
/// ```
/// use ruhrmap::network::Change; use ruhrmap::Lang;
/// assert_eq!(Change::Moved.as_str(), "moved");
/// assert_eq!(Change::Ended.label(Lang::De), "ausgeschieden");
/// assert!(Change::New.is_now() && !Change::Ended.is_now());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// Only in the current state.
    New,
    /// In both states, at the same municipality.
    Continued,
    /// In both states, at another municipality.
    Moved,
    /// Only in the baseline.
    Ended,
}

impl Change {
    /// Every status, in table and legend order.
    pub const ALL: [Change; 4] = [Change::New, Change::Continued, Change::Moved, Change::Ended];

    /// The value as written in exports: `new`, `continued`, `moved`, `ended`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Continued => "continued",
            Change::Moved => "moved",
            Change::Ended => "ended",
        }
    }

    /// The label in tables and legends.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Change::New => lang.pick("neu", "new"),
            Change::Continued => lang.pick("fortgeführt", "continued"),
            Change::Moved => lang.pick("umgezogen", "moved"),
            Change::Ended => lang.pick("ausgeschieden", "ended"),
        }
    }

    /// Whether the item exists in the current state.
    pub fn is_now(self) -> bool {
        self != Change::Ended
    }

    /// Whether the item existed in the baseline.
    pub fn was_baseline(self) -> bool {
        self != Change::New
    }
}

/// How a partner of the current state was found in the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchedBy {
    /// The same id in the same project.
    Id,
    /// The same normalised name in the same project.
    Name,
    /// The same normalised name and municipality in the same project.
    NameAndMunicipality,
}

impl MatchedBy {
    /// The value as written in exports: `id`, `name`, `name_municipality`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Id => "id",
            MatchedBy::Name => "name",
            MatchedBy::NameAndMunicipality => "name_municipality",
        }
    }
}

/// One partner row of either state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartnerChange {
    /// The status.
    pub change: Change,
    /// Index into the baseline's partners.
    pub baseline: Option<usize>,
    /// Index into the current partners.
    pub now: Option<usize>,
    /// How the two were matched (`None` for new and ended partners).
    pub matched_by: Option<MatchedBy>,
}

/// One project of either state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectChange {
    /// The project id.
    pub id: String,
    /// New, ended, continued, or moved (the coordination seat lies in another municipality).
    pub change: Change,
    /// Index into the baseline's projects.
    pub baseline: Option<usize>,
    /// Index into the current projects.
    pub now: Option<usize>,
    /// The status at the baseline and now (`running` → `finished` …).
    pub status: (Option<String>, Option<String>),
}

impl ProjectChange {
    /// Whether the project status changed (for a project in both states).
    pub fn status_changed(&self) -> bool {
        matches!(&self.status, (Some(a), Some(b)) if a != b)
    }
}

/// One link (coordination → partner) of either state, as indices into the
/// partners of its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkChange {
    /// The project id.
    pub project: String,
    /// The status.
    pub change: Change,
    /// The link in the baseline.
    pub baseline: Option<LinkIndex>,
    /// The link now.
    pub now: Option<LinkIndex>,
}

/// One link of a network by position: its project in [`Network::projects`], its
/// coordinator and its partner in [`Network::partners`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkIndex {
    /// The project's position.
    pub project: usize,
    /// The coordinator's position.
    pub from: usize,
    /// The partner's position.
    pub to: usize,
}

/// How the partners were matched: the counts the change summary reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchCounts {
    /// Matched by id.
    pub by_id: usize,
    /// Matched by normalised name within the project.
    pub by_name: usize,
    /// Matched by name and municipality within the project.
    pub by_name_and_municipality: usize,
    /// Baseline partners without a match (ended).
    pub unmatched_baseline: usize,
    /// Current partners without a match (new).
    pub unmatched_now: usize,
}

impl MatchCounts {
    /// All matched partners.
    pub fn matched(&self) -> usize {
        self.by_id + self.by_name + self.by_name_and_municipality
    }
}

/// Why two states could not be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// Two partners of one project share a name (and municipality), so the
    /// other state's partner of that name cannot be told which it is.
    #[error(
        "{}, lines {line} and {other_line}: project {project:?} has two partners named {name:?} in the same municipality, and the other state has a partner of that name whose id matches neither; give the partners the same ids in both files, or distinct names",
        .path.display()
    )]
    Ambiguous {
        /// The partners table with the two rows.
        path: PathBuf,
        /// The first row's line.
        line: u64,
        /// The second row's line.
        other_line: u64,
        /// The project id.
        project: String,
        /// The name as written on the first line.
        name: String,
    },
}

/// Every partner, project and link of two states with its change status.
///
/// ```
/// use ruhrmap::network::{Change, NetworkChange};
/// use ruhrmap::{Boundaries, Geocoder, Network, Region, SubregionScheme};
/// let b = Boundaries::embedded();
/// let region = Region::ruhr(b);
/// let zonen = SubregionScheme::preset("zonen", &region, b).unwrap();
/// let geocoder = Geocoder::new(b, &region, &zonen);
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
/// let network = Network::load(&dir.join("projects.csv"), &dir.join("partners.csv"), &geocoder).unwrap();
/// let path = dir.join("partners.csv");
/// let change = NetworkChange::compare(&network, &network, &path, &path).unwrap();
/// assert!(change.partners.iter().all(|p| p.change == Change::Continued));
/// assert_eq!(change.matching.by_id, network.partners.len());
/// assert_eq!(change.links.len(), network.links().count());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetworkChange {
    /// Current partners in table order, then the ended baseline partners in baseline order.
    pub partners: Vec<PartnerChange>,
    /// Current projects in table order, then the ended baseline projects.
    pub projects: Vec<ProjectChange>,
    /// Current links in link order, then the ended baseline links.
    pub links: Vec<LinkChange>,
    /// How the partners were matched.
    pub matching: MatchCounts,
}

/// The links of a network by position, in the order of [`Network::links`],
/// computed in linear time.
pub fn link_indices(network: &Network) -> Vec<LinkIndex> {
    let mut by_project: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, p) in network.partners.iter().enumerate() {
        by_project.entry(p.project.as_str()).or_default().push(k);
    }
    let mut out = Vec::with_capacity(network.partners.len());
    for (j, project) in network.projects.iter().enumerate() {
        let Some(members) = by_project.get(project.id.as_str()) else {
            continue;
        };
        let Some(&coordinator) = members
            .iter()
            .find(|&&k| network.partners[k].role == Role::Coordinator)
        else {
            continue;
        };
        out.extend(
            members
                .iter()
                .filter(|&&k| network.partners[k].role != Role::Coordinator)
                .map(|&k| LinkIndex {
                    project: j,
                    from: coordinator,
                    to: k,
                }),
        );
    }
    out
}

/// The municipality a partner's site lies in: `None` without a site,
/// `Some(None)` abroad.
fn place_of(partner: &Partner) -> Option<Option<MunicipalityId>> {
    partner.site.map(|s| s.municipality)
}

fn moved(a: &Partner, b: &Partner) -> bool {
    matches!((place_of(a), place_of(b)), (Some(x), Some(y)) if x != y)
}

impl NetworkChange {
    /// Compares the `baseline` with the current state `now`; the paths of
    /// the two partners tables are used in error messages.
    pub fn compare(
        baseline: &Network,
        now: &Network,
        baseline_partners: &Path,
        now_partners: &Path,
    ) -> Result<NetworkChange, ChangeError> {
        let (now_to_base, matched_by) =
            match_partners(baseline, now, baseline_partners, now_partners)?;
        let mut base_to_now: Vec<Option<usize>> = vec![None; baseline.partners.len()];
        for (k, b) in now_to_base.iter().enumerate() {
            if let Some(b) = *b {
                base_to_now[b] = Some(k);
            }
        }
        let mut change = NetworkChange::default();
        for (k, partner) in now.partners.iter().enumerate() {
            let entry = match now_to_base[k] {
                Some(b) => {
                    let how = matched_by[k];
                    match how {
                        Some(MatchedBy::Id) => change.matching.by_id += 1,
                        Some(MatchedBy::Name) => change.matching.by_name += 1,
                        _ => change.matching.by_name_and_municipality += 1,
                    }
                    PartnerChange {
                        change: if moved(&baseline.partners[b], partner) {
                            Change::Moved
                        } else {
                            Change::Continued
                        },
                        baseline: Some(b),
                        now: Some(k),
                        matched_by: how,
                    }
                }
                None => {
                    change.matching.unmatched_now += 1;
                    PartnerChange {
                        change: Change::New,
                        baseline: None,
                        now: Some(k),
                        matched_by: None,
                    }
                }
            };
            change.partners.push(entry);
        }
        for (b, matched) in base_to_now.iter().enumerate() {
            if matched.is_none() {
                change.matching.unmatched_baseline += 1;
                change.partners.push(PartnerChange {
                    change: Change::Ended,
                    baseline: Some(b),
                    now: None,
                    matched_by: None,
                });
            }
        }
        change.projects = compare_projects(baseline, now);
        change.links = compare_links(baseline, now, &now_to_base, &base_to_now);
        Ok(change)
    }

    /// The change of the current partner `index`.
    pub fn of_now(&self, index: usize) -> Option<&PartnerChange> {
        // current partners come first, in table order
        self.partners.get(index).filter(|p| p.now == Some(index))
    }

    /// How many partners have each status, in [`Change::ALL`] order.
    pub fn partner_counts(&self) -> [usize; 4] {
        count_by(self.partners.iter().map(|p| p.change))
    }

    /// How many links have each status, in [`Change::ALL`] order.
    pub fn link_counts(&self) -> [usize; 4] {
        count_by(self.links.iter().map(|l| l.change))
    }

    /// How many projects have each status, in [`Change::ALL`] order.
    pub fn project_counts(&self) -> [usize; 4] {
        count_by(self.projects.iter().map(|p| p.change))
    }
}

fn count_by(changes: impl Iterator<Item = Change>) -> [usize; 4] {
    let mut counts = [0; 4];
    for c in changes {
        counts[Change::ALL.iter().position(|&a| a == c).unwrap_or(0)] += 1;
    }
    counts
}

/// For every current partner the matched baseline partner and how it was matched.
type Matching = (Vec<Option<usize>>, Vec<Option<MatchedBy>>);

/// Partners by (project, name key), leaving out those `taken`.
type NameGroups<'n> = HashMap<(&'n str, String), Vec<usize>>;

fn name_groups(network: &Network, taken: impl Fn(usize) -> bool) -> NameGroups<'_> {
    let mut groups: NameGroups = HashMap::new();
    for (k, p) in network.partners.iter().enumerate() {
        if !taken(k) {
            groups
                .entry((p.project.as_str(), normalize_place_name(&p.name)))
                .or_default()
                .push(k);
        }
    }
    groups
}

fn match_partners(
    baseline: &Network,
    now: &Network,
    baseline_path: &Path,
    now_path: &Path,
) -> Result<Matching, ChangeError> {
    let mut now_to_base: Vec<Option<usize>> = vec![None; now.partners.len()];
    let mut how: Vec<Option<MatchedBy>> = vec![None; now.partners.len()];
    let mut base_taken = vec![false; baseline.partners.len()];
    // 1. ids within the same project
    let base_ids: HashMap<(&str, &str), usize> = baseline
        .partners
        .iter()
        .enumerate()
        .map(|(k, p)| ((p.project.as_str(), p.id.as_str()), k))
        .collect();
    for (k, p) in now.partners.iter().enumerate() {
        if let Some(&b) = base_ids.get(&(p.project.as_str(), p.id.as_str())) {
            now_to_base[k] = Some(b);
            how[k] = Some(MatchedBy::Id);
            base_taken[b] = true;
        }
    }
    // 2. and 3. names within the same project, among the partners left
    let base_groups = name_groups(baseline, |k| base_taken[k]);
    let now_groups = name_groups(now, |k| now_to_base[k].is_some());
    let mut keys: Vec<&(&str, String)> = now_groups.keys().collect();
    keys.sort();
    for key in keys {
        let current = &now_groups[key];
        let Some(earlier) = base_groups.get(key) else {
            continue;
        };
        if current.len() == 1 && earlier.len() == 1 {
            now_to_base[current[0]] = Some(earlier[0]);
            how[current[0]] = Some(MatchedBy::Name);
            continue;
        }
        // several of one name: tell them apart by municipality
        let municipality = |p: &Partner| place_of(p).flatten();
        for &k in current {
            let place = municipality(&now.partners[k]);
            let same: Vec<usize> = earlier
                .iter()
                .copied()
                .filter(|&b| municipality(&baseline.partners[b]) == place)
                .collect();
            let twins: Vec<usize> = current
                .iter()
                .copied()
                .filter(|&c| municipality(&now.partners[c]) == place)
                .collect();
            let ambiguous = |network: &Network, path: &Path, rows: &[usize]| {
                let (a, b) = (&network.partners[rows[0]], &network.partners[rows[1]]);
                ChangeError::Ambiguous {
                    path: path.to_path_buf(),
                    line: a.line,
                    other_line: b.line,
                    project: a.project.clone(),
                    name: a.name.clone(),
                }
            };
            match (same.len(), twins.len()) {
                (0, _) => {}
                (1, 1) => {
                    now_to_base[k] = Some(same[0]);
                    how[k] = Some(MatchedBy::NameAndMunicipality);
                }
                (_, n) if n > 1 => return Err(ambiguous(now, now_path, &twins)),
                _ => return Err(ambiguous(baseline, baseline_path, &same)),
            }
        }
    }
    Ok((now_to_base, how))
}

fn compare_projects(baseline: &Network, now: &Network) -> Vec<ProjectChange> {
    let base_ids: HashMap<&str, usize> = baseline
        .projects
        .iter()
        .enumerate()
        .map(|(k, p)| (p.id.as_str(), k))
        .collect();
    let mut seen = vec![false; baseline.projects.len()];
    let mut out = Vec::with_capacity(now.projects.len());
    for (k, project) in now.projects.iter().enumerate() {
        let earlier = base_ids.get(project.id.as_str()).copied();
        let change = match earlier {
            None => Change::New,
            Some(b) => {
                seen[b] = true;
                let before = baseline.projects[b].seat.map(|s| s.municipality);
                let after = project.seat.map(|s| s.municipality);
                match (before, after) {
                    (Some(x), Some(y)) if x != y => Change::Moved,
                    _ => Change::Continued,
                }
            }
        };
        out.push(ProjectChange {
            id: project.id.clone(),
            change,
            baseline: earlier,
            now: Some(k),
            status: (
                earlier.map(|b| baseline.projects[b].status.clone()),
                Some(project.status.clone()),
            ),
        });
    }
    for (b, project) in baseline.projects.iter().enumerate() {
        if !seen[b] {
            out.push(ProjectChange {
                id: project.id.clone(),
                change: Change::Ended,
                baseline: Some(b),
                now: None,
                status: (Some(project.status.clone()), None),
            });
        }
    }
    out
}

fn compare_links(
    baseline: &Network,
    now: &Network,
    now_to_base: &[Option<usize>],
    base_to_now: &[Option<usize>],
) -> Vec<LinkChange> {
    let base_links = link_indices(baseline);
    let now_links = link_indices(now);
    // the baseline links under their current partner indices
    let kept: HashMap<(usize, usize), usize> = base_links
        .iter()
        .enumerate()
        .filter_map(|(k, l)| Some(((base_to_now[l.from]?, base_to_now[l.to]?), k)))
        .collect();
    let mut base_seen = vec![false; base_links.len()];
    let mut out = Vec::with_capacity(now_links.len());
    for &link in &now_links {
        let LinkIndex { project, from, to } = link;
        let earlier = kept.get(&(from, to)).copied();
        let change = match earlier {
            None => Change::New,
            Some(b) => {
                base_seen[b] = true;
                let LinkIndex {
                    from: bf, to: bt, ..
                } = base_links[b];
                let any_moved = moved(&baseline.partners[bf], &now.partners[from])
                    || moved(&baseline.partners[bt], &now.partners[to]);
                if any_moved {
                    Change::Moved
                } else {
                    Change::Continued
                }
            }
        };
        debug_assert!(earlier.is_none() || now_to_base[from].is_some());
        out.push(LinkChange {
            project: now.projects[project].id.clone(),
            change,
            baseline: earlier.map(|b| base_links[b]),
            now: Some(link),
        });
    }
    for (b, &link) in base_links.iter().enumerate() {
        if !base_seen[b] {
            out.push(LinkChange {
                project: baseline.projects[link.project].id.clone(),
                change: Change::Ended,
                baseline: Some(link),
                now: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geocode::MatchKind;
    use crate::network::model::{Project, Site};
    use proptest::prelude::*;

    fn site(municipality: usize) -> Option<Site> {
        Some(Site {
            position: geo_types::Coord { x: 7.0, y: 51.5 },
            municipality: Some(MunicipalityId::new(municipality)),
            in_region: true,
            match_kind: MatchKind::Exact,
        })
    }

    /// A network from `(project, id, name, role, municipality)` rows.
    fn network(rows: &[(&str, &str, &str, Role, usize)]) -> Network {
        let mut network = Network::default();
        for (line, &(project, id, name, role, municipality)) in rows.iter().enumerate() {
            if network.project(project).is_none() {
                network.projects.push(Project {
                    id: project.to_string(),
                    title: String::new(),
                    field: "HF1".into(),
                    status: "running".into(),
                    coordinator: String::new(),
                    seat: None,
                });
            }
            network.partners.push(Partner {
                id: id.to_string(),
                project: project.to_string(),
                name: name.to_string(),
                role_id: role.as_str().into(),
                role,
                actor_type: "science".into(),
                site: site(municipality),
                line: line as u64 + 2,
            });
        }
        network
    }

    fn compare(a: &Network, b: &Network) -> Result<NetworkChange, ChangeError> {
        NetworkChange::compare(a, b, Path::new("alt.csv"), Path::new("neu.csv"))
    }

    use Role::{Coordinator as C, Core as K, Loose as L};

    #[test]
    fn ids_then_names_then_names_with_municipalities() {
        let before = network(&[
            ("P1", "a", "Stadt Essen", C, 1),
            ("P1", "b", "Hochschule Ruhr", K, 2),
            ("P1", "c", "Verein", L, 3),
            ("P1", "d", "Verein", L, 4),
            ("P1", "e", "Alte Firma", L, 5),
        ]);
        let after = network(&[
            ("P1", "a", "Essen, Stadt", C, 1),      // renamed, same id
            ("P1", "x2", "HOCHSCHULE  RUHR", K, 9), // reissued id, moved
            ("P1", "x3", "Verein", L, 4),           // two of a name: by municipality
            ("P1", "x4", "Neue Firma", L, 5),       // new
        ]);
        let change = compare(&before, &after).unwrap();
        let status: Vec<(Change, Option<usize>, Option<usize>)> = change
            .partners
            .iter()
            .map(|p| (p.change, p.baseline, p.now))
            .collect();
        assert_eq!(
            status,
            [
                (Change::Continued, Some(0), Some(0)),
                (Change::Moved, Some(1), Some(1)),
                (Change::Continued, Some(3), Some(2)),
                (Change::New, None, Some(3)),
                (Change::Ended, Some(2), None),
                (Change::Ended, Some(4), None),
            ]
        );
        let m = change.matching;
        assert_eq!((m.by_id, m.by_name, m.by_name_and_municipality), (1, 1, 1));
        assert_eq!((m.unmatched_baseline, m.unmatched_now), (2, 1));
        // links: a→b moved (b moved), a→d kept, a→c and a→e ended, a→x4 new
        assert_eq!(change.link_counts(), [1, 1, 1, 2]);
    }

    #[test]
    fn two_partners_of_one_name_and_place_are_an_error_naming_both_lines() {
        let before = network(&[
            ("P1", "a", "Stadt Essen", C, 1),
            ("P1", "b", "Verein", L, 3),
        ]);
        let after = network(&[
            ("P1", "a", "Stadt Essen", C, 1),
            ("P1", "x", "Verein", L, 3),
            ("P1", "y", "Verein e. V.", L, 3),
            ("P1", "z", "verein", L, 3),
        ]);
        let err = compare(&before, &after).unwrap_err();
        assert!(
            matches!(&err, ChangeError::Ambiguous { line: 3, other_line: 5, project, .. } if project == "P1"),
            "{err}"
        );
        assert!(
            err.to_string().starts_with("neu.csv, lines 3 and 5:"),
            "{err}"
        );
    }

    #[test]
    fn projects_carry_status_changes_and_disappear() {
        let before = network(&[("P1", "a", "A", C, 1), ("P2", "b", "B", C, 2)]);
        let mut after = network(&[("P1", "a", "A", C, 1), ("P3", "c", "C", C, 2)]);
        after.projects[0].status = "finished".into();
        let change = compare(&before, &after).unwrap();
        let projects: Vec<(&str, Change, bool)> = change
            .projects
            .iter()
            .map(|p| (p.id.as_str(), p.change, p.status_changed()))
            .collect();
        assert_eq!(
            projects,
            [
                ("P1", Change::Continued, true),
                ("P3", Change::New, false),
                ("P2", Change::Ended, false)
            ]
        );
        assert_eq!(change.partner_counts(), [1, 1, 0, 1]);
    }

    #[test]
    fn link_indices_agree_with_network_links() {
        let n = network(&[
            ("P1", "b", "B", K, 1),
            ("P1", "a", "A", C, 1),
            ("P2", "c", "C", C, 2),
            ("P1", "d", "D", L, 2),
        ]);
        let expected: Vec<(&str, &str)> = n
            .links()
            .map(|l| (l.from.id.as_str(), l.to.id.as_str()))
            .collect();
        let actual: Vec<(&str, &str)> = link_indices(&n)
            .iter()
            .map(|l| (n.partners[l.from].id.as_str(), n.partners[l.to].id.as_str()))
            .collect();
        assert_eq!(actual, expected);
    }

    /// Random rows: few projects, names and places, so that matches by id,
    /// by name and collisions all occur.
    fn rows() -> impl Strategy<Value = Vec<(u8, u8, u8, u8)>> {
        prop::collection::vec((0u8..4, 0u8..30, 0u8..8, 0u8..3), 0..40)
    }

    fn random_network(rows: &[(u8, u8, u8, u8)]) -> Network {
        let mut seen = std::collections::HashSet::new();
        let mut named = std::collections::HashSet::new();
        let mut coordinated = std::collections::HashSet::new();
        let mut owned: Vec<(String, String, String, Role, usize)> = Vec::new();
        for &(project, id, name, place) in rows {
            // ids are unique in a table; a name occurs at most once per
            // project and place (twice would be ambiguous, tested apart)
            if !seen.insert(id) || !named.insert((project, name, place)) {
                continue;
            }
            let role = if coordinated.insert(project) { C } else { K };
            owned.push((
                format!("P{project}"),
                format!("id{id}"),
                format!("Name {name}"),
                role,
                place as usize,
            ));
        }
        let borrowed: Vec<(&str, &str, &str, Role, usize)> = owned
            .iter()
            .map(|(p, i, n, r, m)| (p.as_str(), i.as_str(), n.as_str(), *r, *m))
            .collect();
        network(&borrowed)
    }

    proptest! {
        #[test]
        fn every_row_of_either_state_appears_exactly_once(a in rows(), b in rows()) {
            let before = random_network(&a);
            let after = random_network(&b);
            let change = compare(&before, &after).unwrap();
            let mut base = vec![0; before.partners.len()];
            let mut now = vec![0; after.partners.len()];
            for p in &change.partners {
                if let Some(k) = p.baseline { base[k] += 1; }
                if let Some(k) = p.now { now[k] += 1; }
                prop_assert_eq!(p.change.was_baseline(), p.baseline.is_some());
                prop_assert_eq!(p.change.is_now(), p.now.is_some());
                if let (Some(x), Some(y)) = (p.baseline, p.now) {
                    prop_assert_eq!(&before.partners[x].project, &after.partners[y].project);
                }
            }
            prop_assert!(base.iter().chain(&now).all(|&c| c == 1));
            let [new, continued, moved, ended] = change.link_counts();
            prop_assert_eq!(continued + moved + ended, before.links().count());
            prop_assert_eq!(new + continued + moved, after.links().count());
            let [new, continued, moved, ended] = change.project_counts();
            prop_assert_eq!(continued + moved + ended, before.projects.len());
            prop_assert_eq!(new + continued + moved, after.projects.len());
            let m = change.matching;
            prop_assert_eq!(m.matched() + m.unmatched_baseline, before.partners.len());
            prop_assert_eq!(m.matched() + m.unmatched_now, after.partners.len());
        }
    }
}
