//! The change tables of a final evaluation: the report's counts for the
//! baseline (`[baseline]`) and the current state side by side, with the
//! difference and the shares, per project, per sub-region, per Kreis and
//! north/south, and the report's statements (share of links into the
//! northern Ruhr, concentration on the Hellweg cities) for both states.
//!
//! Counting rules are those of [`crate::export::compute_tables`], applied to
//! each state on its own: every partner row and every link of either state
//! is counted in exactly one row of each table, so the rows of each column
//! add up to the total row. Written like the other tables (CSV with cells
//! neutralised, Markdown through [`crate::export::tables_markdown`]).

use crate::boundaries::{Ags, SubregionScheme};
use crate::export::stats_tables::{Cell, Column, StatsTable, col, percent};
use crate::network::{
    AnalysisInputs, Change, LinkIndex, NetworkChange, SiteLocation, link_indices,
};
use crate::network::{Network, Partner, Role};
use crate::text::Lang;
use std::collections::BTreeMap;

/// The big cities of the Hellweg on which the interim report found the
/// cooperation concentrated: Duisburg, Essen, Bochum, Dortmund.
pub const HELLWEG_CITIES: [&str; 4] = ["05112000", "05113000", "05911000", "05913000"];

/// The two states compared, with their labels.
pub struct ChangeInputs<'a> {
    /// The earlier state (its `network` is the baseline network).
    pub baseline: AnalysisInputs<'a>,
    /// The current state.
    pub now: AnalysisInputs<'a>,
    /// What changed.
    pub change: &'a NetworkChange,
    /// The label of the earlier state ("Zwischenevaluation 2026").
    pub baseline_label: String,
    /// The label of the current state.
    pub now_label: String,
}

/// Partner and link counts of one state, by a unit key.
struct StateTally<K> {
    partners: BTreeMap<K, usize>,
    links: BTreeMap<K, usize>,
    total_partners: usize,
    total_links: usize,
}

impl<K: Ord + Clone> StateTally<K> {
    fn new(inputs: &AnalysisInputs, key: impl Fn(&Partner, SiteLocation) -> K) -> StateTally<K> {
        let network = inputs.network;
        let keys: Vec<K> = network
            .partners
            .iter()
            .map(|p| key(p, inputs.location(p.site.as_ref())))
            .collect();
        let mut partners: BTreeMap<K, usize> = BTreeMap::new();
        for k in &keys {
            *partners.entry(k.clone()).or_default() += 1;
        }
        let mut links: BTreeMap<K, usize> = BTreeMap::new();
        let all = link_indices(network);
        for &LinkIndex { to, .. } in &all {
            *links.entry(keys[to].clone()).or_default() += 1;
        }
        StateTally {
            partners,
            links,
            total_partners: network.partners.len(),
            total_links: all.len(),
        }
    }

    fn partners(&self, key: &K) -> usize {
        self.partners.get(key).copied().unwrap_or(0)
    }

    fn links(&self, key: &K) -> usize {
        self.links.get(key).copied().unwrap_or(0)
    }
}

fn diff(before: usize, after: usize) -> Cell {
    Cell::Difference(after as i64 - before as i64)
}

/// Columns of every per-unit change table after the unit's id and label.
const UNIT_COLUMNS: [Column; 8] = [
    col(
        "partners_baseline",
        "Partner:innen vorher",
        "Partners before",
    ),
    col("partners_now", "Partner:innen jetzt", "Partners now"),
    col(
        "partners_difference",
        "Differenz Partner:innen",
        "Change in partners",
    ),
    col("links_baseline", "Verbindungen vorher", "Links before"),
    col("links_now", "Verbindungen jetzt", "Links now"),
    col(
        "links_difference",
        "Differenz Verbindungen",
        "Change in links",
    ),
    col(
        "share_links_baseline_percent",
        "Anteil vorher",
        "Share before",
    ),
    col("share_links_now_percent", "Anteil jetzt", "Share now"),
];

/// The cells of one unit: counts before and now, differences, link shares.
fn unit_cells<K: Ord + Clone>(before: &StateTally<K>, after: &StateTally<K>, key: &K) -> Vec<Cell> {
    let (p0, p1) = (before.partners(key), after.partners(key));
    let (l0, l1) = (before.links(key), after.links(key));
    vec![
        Cell::Count(p0),
        Cell::Count(p1),
        diff(p0, p1),
        Cell::Count(l0),
        Cell::Count(l1),
        diff(l0, l1),
        Cell::Percent(percent(l0, before.total_links)),
        Cell::Percent(percent(l1, after.total_links)),
    ]
}

fn total_cells<K>(before: &StateTally<K>, after: &StateTally<K>) -> Vec<Cell> {
    let (p0, p1) = (before.total_partners, after.total_partners);
    let (l0, l1) = (before.total_links, after.total_links);
    vec![
        Cell::Count(p0),
        Cell::Count(p1),
        diff(p0, p1),
        Cell::Count(l0),
        Cell::Count(l1),
        diff(l0, l1),
        Cell::Percent(percent(l0, l0)),
        Cell::Percent(percent(l1, l1)),
    ]
}

fn note(inputs: &ChangeInputs, what: &str) -> String {
    let lang = inputs.now.lang;
    format!(
        "{what} {}: {}; {}: {}.",
        lang.pick("„vorher“", "\"before\""),
        inputs.baseline_label,
        lang.pick("„jetzt“", "\"now\""),
        inputs.now_label
    )
}

/// Where a partner lies, as a unit of a sub-region scheme: a class, the
/// region's unclassed members, or a location outside the region.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SchemeUnit {
    Class(usize),
    Unclassed,
    Outside(SiteLocation),
}

fn scheme_unit(
    inputs: &AnalysisInputs,
    scheme: &SubregionScheme,
    p: &Partner,
    loc: SiteLocation,
) -> SchemeUnit {
    match inputs.municipality(p.site.as_ref()) {
        Some(m) if loc.in_region() => scheme
            .class_index(m.ags)
            .map_or(SchemeUnit::Unclassed, SchemeUnit::Class),
        _ => SchemeUnit::Outside(loc),
    }
}

fn scheme_table(
    inputs: &ChangeInputs,
    scheme: &SubregionScheme,
    id: &'static str,
    title: &str,
) -> StatsTable {
    let lang = inputs.now.lang;
    let before = StateTally::new(&inputs.baseline, |p, loc| {
        scheme_unit(&inputs.baseline, scheme, p, loc)
    });
    let after = StateTally::new(&inputs.now, |p, loc| {
        scheme_unit(&inputs.now, scheme, p, loc)
    });
    let mut rows = Vec::new();
    let mut push = |unit: SchemeUnit, id: String, label: String| {
        let mut row = vec![Cell::Text(id), Cell::Text(label)];
        row.extend(unit_cells(&before, &after, &unit));
        rows.push(row);
    };
    for (k, class) in scheme.classes().iter().enumerate() {
        push(
            SchemeUnit::Class(k),
            class.id.clone(),
            class.label(lang).into(),
        );
    }
    let unclassed = SchemeUnit::Unclassed;
    if before.partners(&unclassed) + after.partners(&unclassed) > 0 {
        let label = lang.pick("ohne Teilraum", "no sub-region");
        push(unclassed, "unclassed".into(), label.into());
    }
    for loc in [
        SiteLocation::OutsideRegion,
        SiteLocation::Abroad,
        SiteLocation::Unknown,
    ] {
        push(
            SchemeUnit::Outside(loc),
            loc.id().into(),
            loc.label(lang).into(),
        );
    }
    let mut total = vec![
        Cell::Text("total".into()),
        Cell::Text(lang.pick("insgesamt", "total").into()),
    ];
    total.extend(total_cells(&before, &after));
    rows.push(total);
    let mut columns = vec![
        col("subregion", "Teilraum", "Sub-region"),
        col("label", "Bezeichnung", "Label"),
    ];
    columns.extend(UNIT_COLUMNS);
    StatsTable {
        id,
        title: title.to_string(),
        note: note(
            inputs,
            lang.pick(
                "Partner:innen und Verbindungen nach Lage der Partner:in;",
                "Partners and links by where the partner lies;",
            ),
        ),
        columns,
        rows,
    }
}

fn kreis_table(inputs: &ChangeInputs) -> StatsTable {
    let lang = inputs.now.lang;
    // (order, key): region Kreise first, then other Kreise, abroad, unknown
    let key = |a: &AnalysisInputs, p: &Partner, loc: SiteLocation| -> (u8, String, String) {
        match (loc, a.municipality(p.site.as_ref())) {
            (SiteLocation::Abroad | SiteLocation::Unknown, _) | (_, None) => {
                (2, loc.id().to_string(), loc.label(lang).to_string())
            }
            (loc, Some(m)) => (
                if loc.in_region() { 0 } else { 1 },
                m.ags.kreis_key(),
                m.district.clone(),
            ),
        }
    };
    let before = StateTally::new(&inputs.baseline, |p, loc| key(&inputs.baseline, p, loc));
    let after = StateTally::new(&inputs.now, |p, loc| key(&inputs.now, p, loc));
    let mut units: Vec<&(u8, String, String)> = before
        .partners
        .keys()
        .chain(after.partners.keys())
        .collect();
    units.sort();
    units.dedup();
    let mut rows = Vec::new();
    for unit in units {
        let mut row = vec![
            Cell::Text(unit.1.clone()),
            Cell::Text(unit.2.clone()),
            Cell::Flag(unit.0 == 0),
        ];
        row.extend(unit_cells(&before, &after, unit));
        rows.push(row);
    }
    let mut total = vec![
        Cell::Text("total".into()),
        Cell::Text(lang.pick("insgesamt", "total").into()),
        Cell::Empty,
    ];
    total.extend(total_cells(&before, &after));
    rows.push(total);
    let mut columns = vec![
        col("kreis", "Kreis", "Kreis"),
        col("name", "Name", "Name"),
        col("in_region", "in der Region", "in the region"),
    ];
    columns.extend(UNIT_COLUMNS);
    StatsTable {
        id: "change-by-kreis",
        title: lang
            .pick(
                "Veränderung nach Kreis und kreisfreier Stadt",
                "Change by Kreis and kreisfreie Stadt",
            )
            .into(),
        note: note(
            inputs,
            lang.pick(
                "Partner:innen und Verbindungen nach Kreis der Partner:in;",
                "Partners and links by the partner's Kreis;",
            ),
        ),
        columns,
        rows,
    }
}

/// Per project: change, status, partners and links in both states and
/// partners by change status.
fn project_table(inputs: &ChangeInputs) -> StatsTable {
    let lang = inputs.now.lang;
    let (base, now) = (inputs.baseline.network, inputs.now.network);
    fn count(network: &Network) -> (BTreeMap<&str, usize>, BTreeMap<&str, usize>) {
        let mut partners: BTreeMap<&str, usize> = BTreeMap::new();
        for p in &network.partners {
            *partners.entry(p.project.as_str()).or_default() += 1;
        }
        let mut links: BTreeMap<&str, usize> = BTreeMap::new();
        for LinkIndex { project: j, .. } in link_indices(network) {
            *links.entry(network.projects[j].id.as_str()).or_default() += 1;
        }
        (partners, links)
    }
    let (p0, l0) = count(base);
    let (p1, l1) = count(now);
    let mut by_status: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for p in &inputs.change.partners {
        let project = match (p.now, p.baseline) {
            (Some(k), _) => now.partners[k].project.as_str(),
            (None, Some(k)) => base.partners[k].project.as_str(),
            (None, None) => continue,
        };
        let slot = Change::ALL.iter().position(|&c| c == p.change).unwrap_or(0);
        by_status.entry(project).or_default()[slot] += 1;
    }
    let get = |m: &BTreeMap<&str, usize>, id: &str| m.get(id).copied().unwrap_or(0);
    let status = |s: &Option<String>| {
        s.as_deref().map_or(Cell::Empty, |s| {
            Cell::Text(now.categories.statuses.label(s, lang).into())
        })
    };
    let mut rows = Vec::new();
    for project in &inputs.change.projects {
        let id = project.id.as_str();
        let title = project
            .now
            .map(|k| &now.projects[k])
            .or(project.baseline.map(|k| &base.projects[k]))
            .map_or(String::new(), |p| p.title.clone());
        let mut row = vec![
            Cell::Text(id.into()),
            Cell::Text(title),
            Cell::Text(project.change.label(lang).into()),
            status(&project.status.0),
            status(&project.status.1),
            Cell::Count(get(&p0, id)),
            Cell::Count(get(&p1, id)),
            diff(get(&p0, id), get(&p1, id)),
            Cell::Count(get(&l0, id)),
            Cell::Count(get(&l1, id)),
            diff(get(&l0, id), get(&l1, id)),
        ];
        let counts = by_status.get(id).copied().unwrap_or_default();
        row.extend(counts.iter().map(|&n| Cell::Count(n)));
        rows.push(row);
    }
    let counts = inputs.change.partner_counts();
    let (lb, ln) = (link_indices(base).len(), link_indices(now).len());
    let mut total = vec![
        Cell::Text("total".into()),
        Cell::Text(lang.pick("insgesamt", "total").into()),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Count(base.partners.len()),
        Cell::Count(now.partners.len()),
        diff(base.partners.len(), now.partners.len()),
        Cell::Count(lb),
        Cell::Count(ln),
        diff(lb, ln),
    ];
    total.extend(counts.iter().map(|&n| Cell::Count(n)));
    rows.push(total);
    StatsTable {
        id: "change-by-project",
        title: lang.pick("Veränderung nach Projekt", "Change by project").into(),
        note: note(
            inputs,
            lang.pick(
                "Projekte beider Stände; Partner:innen nach Veränderung (neu, fortgeführt, umgezogen, ausgeschieden);",
                "Projects of both states; partners by change (new, continued, moved, ended);",
            ),
        ),
        columns: vec![
            col("project", "Projekt", "Project"),
            col("title", "Titel", "Title"),
            col("change", "Veränderung", "Change"),
            col("status_baseline", "Status vorher", "Status before"),
            col("status_now", "Status jetzt", "Status now"),
            UNIT_COLUMNS[0].clone(),
            UNIT_COLUMNS[1].clone(),
            UNIT_COLUMNS[2].clone(),
            UNIT_COLUMNS[3].clone(),
            UNIT_COLUMNS[4].clone(),
            UNIT_COLUMNS[5].clone(),
            col("partners_new", "neu", "new"),
            col("partners_continued", "fortgeführt", "continued"),
            col("partners_moved", "umgezogen", "moved"),
            col("partners_ended", "ausgeschieden", "ended"),
        ],
        rows,
    }
}

/// The headline figures of one state the report's statements rest on.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Statements {
    projects: usize,
    partners: usize,
    links: usize,
    links_region: usize,
    links_north: usize,
    partners_north: usize,
    coordinations_north: usize,
    partners_hellweg: usize,
    links_hellweg: usize,
}

impl Statements {
    fn of(inputs: &AnalysisInputs) -> Statements {
        let network = inputs.network;
        let hellweg: Vec<Ags> = HELLWEG_CITIES
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect();
        let facts: Vec<(SiteLocation, bool)> = network
            .partners
            .iter()
            .map(|p| {
                let in_hellweg = inputs
                    .municipality(p.site.as_ref())
                    .is_some_and(|m| hellweg.contains(&m.ags));
                (inputs.location(p.site.as_ref()), in_hellweg)
            })
            .collect();
        let links = link_indices(network);
        let mut s = Statements {
            projects: network.projects.len(),
            partners: network.partners.len(),
            links: links.len(),
            ..Statements::default()
        };
        for (p, (loc, hw)) in network.partners.iter().zip(&facts) {
            s.partners_north += usize::from(*loc == SiteLocation::RegionNorth);
            s.partners_hellweg += usize::from(*hw);
            s.coordinations_north +=
                usize::from(*loc == SiteLocation::RegionNorth && p.role == Role::Coordinator);
        }
        for &LinkIndex { to, .. } in &links {
            let (loc, hw) = facts[to];
            s.links_region += usize::from(loc.in_region());
            s.links_north += usize::from(loc == SiteLocation::RegionNorth);
            s.links_hellweg += usize::from(hw);
        }
        s
    }
}

/// A row of the summary: key, German and English label, the cells.
type StatementRow = (&'static str, &'static str, &'static str, Vec<Cell>);

/// The summary rows that compare the two states (counts and shares).
fn state_rows(inputs: &ChangeInputs, a: &Statements, b: &Statements) -> Vec<StatementRow> {
    let count = |x: usize, y: usize| vec![Cell::Count(x), Cell::Count(y), diff(x, y)];
    let share = |x: (usize, usize), y: (usize, usize)| {
        let (px, py) = (percent(x.0, x.1), percent(y.0, y.1));
        let points = px.zip(py).map(|(px, py)| py - px);
        vec![
            Cell::Percent(px),
            Cell::Percent(py),
            points.map_or(Cell::Empty, Cell::Points),
        ]
    };
    let mut rows: Vec<StatementRow> = vec![
        (
            "projects",
            "Projekte",
            "Projects",
            count(a.projects, b.projects),
        ),
        (
            "partners",
            "Partner:innen (Zeilen)",
            "Partners (rows)",
            count(a.partners, b.partners),
        ),
        (
            "links",
            "Kooperationsverbindungen",
            "Cooperation links",
            count(a.links, b.links),
        ),
        (
            "links_region",
            "Verbindungen innerhalb der Region",
            "Links within the region",
            count(a.links_region, b.links_region),
        ),
    ];
    if inputs.now.north_south.is_some() {
        rows.extend([
            (
                "links_region_north",
                "Verbindungen ins nördliche Ruhrgebiet",
                "Links into the northern Ruhr",
                count(a.links_north, b.links_north),
            ),
            (
                "share_links_north_percent",
                "Anteil der Verbindungen ins nördliche Ruhrgebiet",
                "Share of links into the northern Ruhr",
                share((a.links_north, a.links), (b.links_north, b.links)),
            ),
            (
                "partners_region_north",
                "Partner:innen im nördlichen Ruhrgebiet",
                "Partners in the northern Ruhr",
                count(a.partners_north, b.partners_north),
            ),
            (
                "coordinations_region_north",
                "Projektkoordinationen im nördlichen Ruhrgebiet",
                "Project coordinations in the northern Ruhr",
                count(a.coordinations_north, b.coordinations_north),
            ),
        ]);
    }
    rows.extend([
        (
            "links_hellweg",
            "Verbindungen nach Duisburg, Essen, Bochum, Dortmund",
            "Links to Duisburg, Essen, Bochum, Dortmund",
            count(a.links_hellweg, b.links_hellweg),
        ),
        (
            "share_links_hellweg_percent",
            "Anteil der Verbindungen nach Duisburg, Essen, Bochum, Dortmund",
            "Share of links to Duisburg, Essen, Bochum, Dortmund",
            share((a.links_hellweg, a.links), (b.links_hellweg, b.links)),
        ),
        (
            "share_partners_hellweg_percent",
            "Anteil der Partner:innen in Duisburg, Essen, Bochum, Dortmund",
            "Share of partners in Duisburg, Essen, Bochum, Dortmund",
            share(
                (a.partners_hellweg, a.partners),
                (b.partners_hellweg, b.partners),
            ),
        ),
    ]);
    rows
}

/// The summary rows that count what changed and how partners were matched.
fn change_rows(inputs: &ChangeInputs) -> Vec<StatementRow> {
    let m = inputs.change.matching;
    let [pn, pc, pm, pe] = inputs.change.partner_counts();
    let [ln, lc, lm, le] = inputs.change.link_counts();
    let [jn, _, _, je] = inputs.change.project_counts();
    let status_changed = inputs
        .change
        .projects
        .iter()
        .filter(|p| p.status_changed())
        .count();
    let only_now = |n: usize| vec![Cell::Empty, Cell::Count(n), Cell::Empty];
    vec![
        (
            "partners_new",
            "neue Partner:innen",
            "New partners",
            only_now(pn),
        ),
        (
            "partners_continued",
            "fortgeführte Partner:innen (gleicher Ort)",
            "Continued partners (same place)",
            only_now(pc),
        ),
        (
            "partners_moved",
            "umgezogene Partner:innen",
            "Partners that moved",
            only_now(pm),
        ),
        (
            "partners_ended",
            "ausgeschiedene Partner:innen",
            "Partners that left",
            only_now(pe),
        ),
        ("links_new", "neue Verbindungen", "New links", only_now(ln)),
        (
            "links_kept",
            "fortbestehende Verbindungen",
            "Links kept",
            only_now(lc + lm),
        ),
        (
            "links_ended",
            "beendete Verbindungen",
            "Links ended",
            only_now(le),
        ),
        (
            "projects_new",
            "neue Projekte",
            "New projects",
            only_now(jn),
        ),
        (
            "projects_ended",
            "nicht mehr geführte Projekte",
            "Projects no longer listed",
            only_now(je),
        ),
        (
            "projects_status_changed",
            "Projekte mit geändertem Status",
            "Projects whose status changed",
            only_now(status_changed),
        ),
        (
            "matched_by_id",
            "zugeordnet über die ID",
            "Matched by id",
            only_now(m.by_id),
        ),
        (
            "matched_by_name",
            "zugeordnet über den Namen",
            "Matched by name",
            only_now(m.by_name),
        ),
        (
            "matched_by_name_municipality",
            "zugeordnet über Namen und Gemeinde",
            "Matched by name and municipality",
            only_now(m.by_name_and_municipality),
        ),
    ]
}

fn statements_table(inputs: &ChangeInputs) -> StatsTable {
    let lang = inputs.now.lang;
    let (a, b) = (
        Statements::of(&inputs.baseline),
        Statements::of(&inputs.now),
    );
    let mut rows = state_rows(inputs, &a, &b);
    rows.extend(change_rows(inputs));
    StatsTable {
        id: "change-summary",
        title: lang
            .pick(
                "Veränderung: Kennzahlen beider Stände",
                "Change: key figures of both states",
            )
            .into(),
        note: note(
            inputs,
            lang.pick(
                "Differenzen von Anteilen in Prozentpunkten;",
                "Differences of shares in percentage points;",
            ),
        ),
        columns: vec![
            col("key", "Schlüssel", "Key"),
            col("label", "Kennzahl", "Figure"),
            col("baseline", "vorher", "before"),
            col("now", "jetzt", "now"),
            col("difference", "Differenz", "Change"),
        ],
        rows: rows
            .into_iter()
            .map(|(key, de, en, cells)| {
                let mut row = vec![Cell::Text(key.into()), Cell::Text(lang.pick(de, en).into())];
                row.extend(cells);
                row
            })
            .collect(),
    }
}

/// Every change table, in a fixed order: `change-summary`,
/// `change-by-subregion`, `change-by-north-south` (when the region overlaps
/// the Ruhr), `change-by-kreis`, `change-by-project`.
pub fn compute_change_tables(inputs: &ChangeInputs) -> Vec<StatsTable> {
    let lang: Lang = inputs.now.lang;
    let mut tables = vec![
        statements_table(inputs),
        scheme_table(
            inputs,
            inputs.now.subregions,
            "change-by-subregion",
            lang.pick("Veränderung nach Teilraum", "Change by sub-region"),
        ),
    ];
    if let Some(north_south) = inputs.now.north_south {
        tables.push(scheme_table(
            inputs,
            north_south,
            "change-by-north-south",
            lang.pick(
                "Veränderung: nördliches und übriges Ruhrgebiet",
                "Change: northern Ruhr and the rest",
            ),
        ));
    }
    tables.push(kreis_table(inputs));
    tables.push(project_table(inputs));
    tables
}
