//! The statistics tables of a report: partners and links per sub-region,
//! per Kreis, per municipality and per project; the shares of links within
//! the region, into the northern Ruhr and outside; and the headline figures
//! (number of cooperation links, coordinations in the north, …).
//!
//! Counting rules, the same in every table:
//! - a *partner* is one row of the partners table (an organisation in two
//!   projects counts twice); coordinators are partners too;
//! - a *link* runs from a project's coordinator to one other partner and is
//!   counted where that partner lies (see [`crate::network::Network::links`]);
//! - where something lies is decided by [`AnalysisInputs::location`];
//!   partners abroad or without known location get rows of their own, so
//!   every table adds up to the totals.
//!
//! Each table is written as CSV (comma-separated, UTF-8, `.` as decimal
//! mark, machine-readable English column keys) and all tables together as
//! one Markdown document with headers in the report language. CSV cells
//! that a spreadsheet would run as a formula – starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return – get a leading apostrophe
//! ([`neutralize_cell`]); the Markdown and the GeoJSON exports keep names
//! unchanged.

use crate::boundaries::{MunicipalityId, SubregionScheme};
use crate::network::{AnalysisInputs, SiteLocation};
use crate::network::{Categories, Partner, Role};
use crate::text::Lang;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Free text (names, ids, labels).
    Text(String),
    /// A count.
    Count(usize),
    /// A percentage, empty when the base is zero.
    Percent(Option<f64>),
    /// An area in km², one decimal.
    Area(f64),
    /// Yes or no.
    Flag(bool),
    /// Nothing (not applicable).
    Empty,
    /// A signed difference of counts (shown with its sign).
    Difference(i64),
    /// A difference of percentages in percentage points, one decimal.
    Points(f64),
}

impl Cell {
    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    /// The cell as written in CSV: `.` decimals, `true`/`false`, text as is
    /// (neutralised later).
    fn csv(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Percent(Some(p)) => format!("{p:.1}"),
            Cell::Area(a) => format!("{a:.1}"),
            Cell::Flag(b) => b.to_string(),
            Cell::Percent(None) | Cell::Empty => String::new(),
            Cell::Difference(d) => d.to_string(),
            Cell::Points(p) => format!("{p:.1}"),
        }
    }

    /// The cell as shown in Markdown in `lang` (German decimal comma).
    fn display(&self, lang: Lang) -> String {
        let decimal = |text: String| match lang {
            Lang::De => text.replace('.', ","),
            Lang::En => text,
        };
        match self {
            Cell::Text(t) => markdown_escape(t),
            Cell::Count(n) => n.to_string(),
            Cell::Percent(Some(p)) => decimal(format!("{p:.1} %")),
            Cell::Area(a) => decimal(format!("{a:.1}")),
            Cell::Flag(b) => lang
                .pick(
                    if *b { "ja" } else { "nein" },
                    if *b { "yes" } else { "no" },
                )
                .to_string(),
            Cell::Percent(None) | Cell::Empty => String::new(),
            Cell::Difference(0) => "0".to_string(),
            Cell::Difference(d) => format!("{d:+}"),
            Cell::Points(p) => {
                format!("{} {}", decimal(format!("{p:+.1}")), lang.pick("Pp.", "pp"))
            }
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Count(_)
                | Cell::Percent(_)
                | Cell::Area(_)
                | Cell::Difference(_)
                | Cell::Points(_)
        )
    }
}

/// A column: a stable key (the CSV header) and labels for Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The CSV header, lowercase with underscores.
    pub key: &'static str,
    /// The German header.
    pub label_de: Cow<'static, str>,
    /// The English header.
    pub label_en: Cow<'static, str>,
}

pub(crate) const fn col(
    key: &'static str,
    label_de: &'static str,
    label_en: &'static str,
) -> Column {
    Column {
        key,
        label_de: Cow::Borrowed(label_de),
        label_en: Cow::Borrowed(label_en),
    }
}

/// One statistics table.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsTable {
    /// The file stem, e.g. `by-kreis`.
    pub id: &'static str,
    /// The heading in the report language.
    pub title: String,
    /// What the numbers mean, in the report language.
    pub note: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl StatsTable {
    /// Removes the column with this key and its cell in every row.
    fn drop_column(&mut self, key: &str) {
        if let Some(k) = self.column(key) {
            self.columns.remove(k);
            for row in &mut self.rows {
                row.remove(k);
            }
        }
    }

    /// The position of the column with this key.
    pub fn column(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// The table as CSV: a header of column keys, then the rows; text cells
    /// that would start a spreadsheet formula are neutralised.
    ///
    /// ```
    /// use ruhrmap::export::{Cell, Column, StatsTable};
    /// let table = StatsTable {
    ///     id: "t", title: "T".into(), note: String::new(),
    ///     columns: vec![Column { key: "name", label_de: "Name".into(), label_en: "Name".into() },
    ///                   Column { key: "n", label_de: "Anzahl".into(), label_en: "Count".into() }],
    ///     rows: vec![vec![Cell::Text("=HYPERLINK(\"x\")".into()), Cell::Count(3)]],
    /// };
    /// assert_eq!(table.to_csv(), "name,n\n\"'=HYPERLINK(\"\"x\"\")\",3\n");
    /// ```
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // writing into memory cannot fail
        let _ = writer.write_record(self.columns.iter().map(|c| c.key));
        for row in &self.rows {
            let _ = writer.write_record(row.iter().map(|cell| match cell {
                Cell::Text(t) => neutralize_cell(t).into_owned(),
                other => other.csv(),
            }));
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// The table as a Markdown section: heading, note, pipe table.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let mut out = format!("## {}\n\n", markdown_escape(&self.title));
        if !self.note.is_empty() {
            out.push_str(&format!("{}\n\n", markdown_escape(&self.note)));
        }
        let header: Vec<String> = self
            .columns
            .iter()
            .map(|c| markdown_escape(lang.pick(&c.label_de, &c.label_en)))
            .collect();
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        let align: Vec<&str> = (0..self.columns.len())
            .map(|k| {
                let numeric = self.rows.iter().any(|r| r[k].is_numeric())
                    && self
                        .rows
                        .iter()
                        .all(|r| r[k].is_numeric() || r[k] == Cell::Empty);
                if numeric { "---:" } else { "---" }
            })
            .collect();
        out.push_str(&format!("| {} |\n", align.join(" | ")));
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| c.display(lang)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out
    }
}

/// Makes a CSV cell safe to open in a spreadsheet: a cell starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so
/// that Excel, LibreOffice and Google Sheets show it as text instead of
/// running it as a formula (CSV injection). Other cells are unchanged.
///
/// ```
/// use ruhrmap::export::neutralize_cell;
/// assert_eq!(neutralize_cell("=1+1"), "'=1+1");
/// assert_eq!(neutralize_cell("-Verein"), "'-Verein");
/// assert_eq!(neutralize_cell("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(neutralize_cell("\tx"), "'\tx");
/// assert_eq!(neutralize_cell("Stadt Essen"), "Stadt Essen");
/// assert_eq!(neutralize_cell(""), "");
/// ```
pub fn neutralize_cell(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Escapes text for a Markdown table cell: backslash-escapes the characters
/// that would end the cell or start emphasis, code, links or HTML, turns
/// line breaks and tabs into spaces and drops other control characters (an
/// escape sequence in a name must not reach a terminal through `ruhrmap
/// stats`).
fn markdown_escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (k, &c) in chars.iter().enumerate() {
        // an underscore inside a word (`network_projects`) cannot start
        // emphasis in CommonMark and stays as it is
        let inside_word = |k: usize| {
            k > 0
                && chars[k - 1].is_alphanumeric()
                && chars.get(k + 1).is_some_and(|n| n.is_alphanumeric())
        };
        match c {
            '_' if inside_word(k) => out.push(c),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// All tables of the report as one Markdown document.
pub fn tables_markdown(tables: &[StatsTable], title: &str, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", markdown_escape(title));
    out.push_str(lang.pick(
        "Zählweise: Partner:innen sind Zeilen der Partnertabelle (einschließlich der Projektkoordination); eine Verbindung führt von der Projektkoordination zu einer weiteren Partner:in und wird dort gezählt, wo diese liegt.\n\n",
        "Counting: partners are rows of the partners table (the coordination included); a link runs from the project coordination to another partner and is counted where that partner lies.\n\n",
    ));
    for table in tables {
        out.push_str(&table.to_markdown(lang));
        out.push('\n');
    }
    out.push_str(&format!(
        "{}: {}\n",
        lang.pick("Gemeindegrenzen", "Municipal boundaries"),
        crate::boundaries::ATTRIBUTION
    ));
    out
}

/// Partners by role and links, summed over some unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    partners: usize,
    coordinators: usize,
    core: usize,
    loose: usize,
    links: usize,
}

impl Tally {
    fn add_partner(&mut self, partner: &Partner) {
        self.partners += 1;
        match partner.role {
            Role::Coordinator => self.coordinators += 1,
            Role::Core => self.core += 1,
            Role::Loose => self.loose += 1,
        }
    }

    fn cells(&self, total_links: usize) -> Vec<Cell> {
        vec![
            Cell::Count(self.partners),
            Cell::Count(self.coordinators),
            Cell::Count(self.core),
            Cell::Count(self.loose),
            Cell::Count(self.links),
            Cell::Percent(percent(self.links, total_links)),
        ]
    }
}

const TALLY_COLUMNS: [Column; 6] = [
    col("partners", "Partner:innen", "Partners"),
    col("coordinators", "Koordination", "Coordination"),
    col("core", "Verbundpartner:innen", "Core partners"),
    col("loose", "weitere Partner:innen", "Further partners"),
    col("links", "Verbindungen", "Links"),
    col(
        "share_links_percent",
        "Anteil Verbindungen",
        "Share of links",
    ),
];

pub(crate) fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// Computes every table from the loaded network, in a fixed order:
/// `summary`, `link-shares`, `by-subregion`, `by-north-south` (when the
/// region overlaps the Ruhr), `by-kreis`, `by-municipality`, `by-project`.
///
/// ```
/// use ruhrmap::{Boundaries, compute_tables, Geocoder, Lang, Network, Region, SubregionScheme}; use ruhrmap::network::AnalysisInputs;
/// let b = Boundaries::embedded();
/// let ruhr = Region::ruhr(b);
/// let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
/// let north_south = SubregionScheme::preset("nord-sued", &ruhr, b).unwrap();
/// let geocoder = Geocoder::new(b, &ruhr, &zonen);
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
/// let network = Network::load(&dir.join("projects.csv"), &dir.join("partners.csv"), &geocoder).unwrap();
/// let tables = compute_tables(&AnalysisInputs {
///     boundaries: b, region: &ruhr, subregions: &zonen, north_south: Some(&north_south),
///     network: &network, lang: Lang::De,
/// });
/// let shares = tables.iter().find(|t| t.id == "link-shares").unwrap();
/// let total = shares.rows.last().unwrap();
/// assert_eq!(total[shares.column("links").unwrap()], ruhrmap::export::Cell::Count(network.links().count()));
/// ```
pub fn compute_tables(inputs: &AnalysisInputs) -> Vec<StatsTable> {
    let facts = Facts::new(inputs);
    let mut tables = vec![
        summary_table(inputs, &facts),
        link_shares_table(inputs, &facts),
        subregion_table(
            inputs,
            &facts,
            inputs.subregions,
            "by-subregion",
            inputs.lang.pick(
                "Partner:innen und Verbindungen nach Teilraum",
                "Partners and links by sub-region",
            ),
        ),
    ];
    if let Some(north_south) = inputs.north_south {
        tables.push(subregion_table(
            inputs,
            &facts,
            north_south,
            "by-north-south",
            inputs.lang.pick(
                "Partner:innen und Verbindungen: nördliches und übriges Ruhrgebiet",
                "Partners and links: northern Ruhr and the rest",
            ),
        ));
    }
    tables.push(kreis_table(inputs, &facts));
    tables.push(municipality_table(inputs, &facts));
    let mut by_project = project_table(inputs, &facts);
    if inputs.north_south.is_none() {
        // the northern Ruhr is a column only where the region has a north
        by_project.drop_column("links_region_north");
    }
    tables.push(by_project);
    relabel_role_columns(&mut tables, &inputs.network.categories);
    tables
}

/// What every table draws on: each partner's and link's location, computed once.
struct Facts<'n> {
    /// (partner, its location) in table order.
    partners: Vec<(&'n Partner, SiteLocation)>,
    /// (project id, partner, location of the partner) for every link.
    links: Vec<(&'n str, &'n Partner, SiteLocation)>,
}

impl<'n> Facts<'n> {
    fn new(inputs: &AnalysisInputs<'n>) -> Facts<'n> {
        let network = inputs.network;
        Facts {
            partners: network
                .partners
                .iter()
                .map(|p| (p, inputs.location(p.site.as_ref())))
                .collect(),
            links: network
                .links()
                .map(|l| {
                    (
                        l.project.id.as_str(),
                        l.to,
                        inputs.location(l.to.site.as_ref()),
                    )
                })
                .collect(),
        }
    }

    fn total_links(&self) -> usize {
        self.links.len()
    }

    /// Tallies partners and links by a key derived from the partner.
    fn tally_by<K: Ord>(&self, key: impl Fn(&Partner, SiteLocation) -> K) -> BTreeMap<K, Tally> {
        let mut out: BTreeMap<K, Tally> = BTreeMap::new();
        for (p, loc) in &self.partners {
            out.entry(key(p, *loc)).or_default().add_partner(p);
        }
        for (_, p, loc) in &self.links {
            out.entry(key(p, *loc)).or_default().links += 1;
        }
        out
    }
}

/// Rows for what lies outside the region: one per location class that occurs
/// (outside the region, abroad, unknown), each with `lead` empty cells first.
fn outside_rows(
    inputs: &AnalysisInputs,
    facts: &Facts,
    lead: usize,
    id_first: bool,
) -> Vec<Vec<Cell>> {
    let tallies = facts.tally_by(|_, loc| loc);
    let mut rows = Vec::new();
    for loc in [
        SiteLocation::OutsideRegion,
        SiteLocation::Abroad,
        SiteLocation::Unknown,
    ] {
        let tally = tallies.get(&loc).copied().unwrap_or_default();
        let mut row = Vec::new();
        if id_first {
            row.push(Cell::text(loc.id()));
        }
        row.push(Cell::text(loc.label(inputs.lang)));
        row.extend((0..lead).map(|_| Cell::Empty));
        row.extend(tally.cells(facts.total_links()));
        rows.push(row);
    }
    rows
}

fn total_row(inputs: &AnalysisInputs, facts: &Facts, lead: usize, id_first: bool) -> Vec<Cell> {
    let mut total = Tally::default();
    for (p, _) in &facts.partners {
        total.add_partner(p);
    }
    total.links = facts.total_links();
    let mut row = Vec::new();
    if id_first {
        row.push(Cell::text("total"));
    }
    row.push(Cell::text(inputs.lang.pick("insgesamt", "total")));
    row.extend((0..lead).map(|_| Cell::Empty));
    row.extend(total.cells(facts.total_links()));
    row
}

/// A row of the summary table: key, German and English label, value.
type SummaryRow = (&'static str, &'static str, &'static str, Cell);

fn summary_table(inputs: &AnalysisInputs, facts: &Facts) -> StatsTable {
    let lang = inputs.lang;
    let mut rows = summary_counts(inputs, facts);
    rows.extend(summary_places(inputs, facts));
    rows.push((
        "unresolved",
        "nicht aufgelöste Ortsangaben",
        "Unresolved places",
        Cell::Count(inputs.network.unresolved.len()),
    ));
    StatsTable {
        id: "summary",
        title: lang.pick("Kennzahlen", "Key figures").to_string(),
        note: format!(
            "{} {}",
            lang.pick("Region:", "Region:"),
            inputs.region.name()
        ),
        columns: vec![
            col("key", "Schlüssel", "Key"),
            col("label", "Kennzahl", "Figure"),
            col("value", "Wert", "Value"),
        ],
        rows: rows
            .into_iter()
            .map(|(key, de, en, value)| {
                let label = declared_role_row_label(inputs, key)
                    .unwrap_or_else(|| lang.pick(de, en).to_string());
                vec![Cell::text(key), Cell::text(label), value]
            })
            .collect(),
    }
}

/// Column headers about a role (`coordinators`, `core`, `loose`, `links_core`,
/// `links_loose`) in the programme's own words where it declares labels for the
/// roles drawn so (`[categories.roles]`); the built-in wording otherwise.
fn relabel_role_columns(tables: &mut [StatsTable], categories: &Categories) {
    for column in tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        // the role drawn so, and the header's words around the role's label
        let (style, before, after) = match column.key {
            "coordinators" | "coordinator" => (Role::Coordinator, ["", ""], ["", ""]),
            "coordinator_municipality" => (Role::Coordinator, ["", ""], [": Sitz", ": seat"]),
            "coordinator_location" => (Role::Coordinator, ["", ""], [": Lage", ": location"]),
            "coordinator_subregion" => {
                (Role::Coordinator, ["", ""], [": Teilraum", ": sub-region"])
            }
            "project_seats" => (Role::Coordinator, ["Sitz: ", "Seat: "], ["", ""]),
            "core" => (Role::Core, ["", ""], ["", ""]),
            "loose" => (Role::Loose, ["", ""], ["", ""]),
            "links_core" => (Role::Core, ["zu ", "to "], ["", ""]),
            "links_loose" => (Role::Loose, ["zu ", "to "], ["", ""]),
            _ => continue,
        };
        for (k, lang) in [Lang::De, Lang::En].into_iter().enumerate() {
            let label = categories.role_label(style, lang);
            if label == style.label(lang) {
                continue;
            }
            let label = format!("{}{label}{}", before[k], after[k]);
            match lang {
                Lang::De => column.label_de = Cow::Owned(label),
                Lang::En => column.label_en = Cow::Owned(label),
            }
        }
    }
}

/// The label of a summary row about a role (`coordinators`, `core_partners`,
/// `links_core`, …) when the programme declares its own labels for the roles
/// drawn so (`[categories.roles]`); `None` keeps the built-in wording.
fn declared_role_row_label(inputs: &AnalysisInputs, key: &str) -> Option<String> {
    let lang = inputs.lang;
    let (style, links) = match key {
        "coordinators" => (Role::Coordinator, false),
        "core_partners" => (Role::Core, false),
        "loose_partners" => (Role::Loose, false),
        "links_core" => (Role::Core, true),
        "links_loose" => (Role::Loose, true),
        _ => return None,
    };
    let label = inputs.network.categories.role_label(style, lang);
    if label == style.label(lang) {
        return None;
    }
    Some(if links {
        format!("{} {label}", lang.pick("Verbindungen zu", "Links to"))
    } else {
        label
    })
}

/// The summary's counts of projects, partners by role and links by role.
fn summary_counts(inputs: &AnalysisInputs, facts: &Facts) -> Vec<SummaryRow> {
    let network = inputs.network;
    let role_count = |role: Role| network.partners.iter().filter(|p| p.role == role).count();
    let links_of = |role: Role| {
        facts
            .links
            .iter()
            .filter(|(_, p, _)| p.role == role)
            .count()
    };
    vec![
        (
            "projects",
            "Projekte",
            "Projects",
            Cell::Count(network.projects.len()),
        ),
        (
            "network_projects",
            "Projekte mit Partnernetzwerk",
            "Projects with a partner network",
            Cell::Count(network.network_projects().count()),
        ),
        (
            "partners",
            "Partner:innen (Zeilen)",
            "Partners (rows)",
            Cell::Count(network.partners.len()),
        ),
        (
            "coordinators",
            "Projektkoordinationen",
            "Project coordinations",
            Cell::Count(role_count(Role::Coordinator)),
        ),
        (
            "core_partners",
            "Verbundpartner:innen",
            "Core partners",
            Cell::Count(role_count(Role::Core)),
        ),
        (
            "loose_partners",
            "weitere Kooperationspartner:innen",
            "Further cooperation partners",
            Cell::Count(role_count(Role::Loose)),
        ),
        (
            "links",
            "Kooperationsverbindungen",
            "Cooperation links",
            Cell::Count(facts.total_links()),
        ),
        (
            "links_core",
            "Verbindungen zu Verbundpartner:innen",
            "Links to core partners",
            Cell::Count(links_of(Role::Core)),
        ),
        (
            "links_loose",
            "Verbindungen zu weiteren Partner:innen",
            "Links to further partners",
            Cell::Count(links_of(Role::Loose)),
        ),
    ]
}

/// The summary's links by where they lead, and the coordinations in the
/// northern Ruhr when the region is split north and south.
fn summary_places(inputs: &AnalysisInputs, facts: &Facts) -> Vec<SummaryRow> {
    let by_location = facts.tally_by(|_, loc| loc);
    let links_at = |locs: &[SiteLocation]| -> usize {
        locs.iter()
            .map(|l| by_location.get(l).map_or(0, |t| t.links))
            .sum()
    };
    let north_coordinations: Vec<&str> = facts
        .partners
        .iter()
        .filter(|(p, loc)| p.role == Role::Coordinator && *loc == SiteLocation::RegionNorth)
        .map(|(p, _)| p.project.as_str())
        .collect();
    let region_locs = [
        SiteLocation::RegionNorth,
        SiteLocation::RegionRest,
        SiteLocation::Region,
    ];
    let mut rows: Vec<SummaryRow> = vec![(
        "links_region",
        "Verbindungen innerhalb der Region",
        "Links within the region",
        Cell::Count(links_at(&region_locs)),
    )];
    if inputs.north_south.is_some() {
        rows.push((
            "links_region_north",
            "Verbindungen ins nördliche Ruhrgebiet",
            "Links into the northern Ruhr",
            Cell::Count(links_at(&[SiteLocation::RegionNorth])),
        ));
    }
    rows.extend([
        (
            "links_outside_region",
            "Verbindungen aus der Region hinaus (Deutschland)",
            "Links leaving the region (Germany)",
            Cell::Count(links_at(&[SiteLocation::OutsideRegion])),
        ),
        (
            "links_abroad",
            "Verbindungen ins Ausland",
            "Links abroad",
            Cell::Count(links_at(&[SiteLocation::Abroad])),
        ),
        (
            "links_unknown",
            "Verbindungen zu Partner:innen ohne bekannten Ort",
            "Links to partners of unknown location",
            Cell::Count(links_at(&[SiteLocation::Unknown])),
        ),
    ]);
    if inputs.north_south.is_some() {
        rows.push((
            "coordinations_region_north",
            "Projektkoordinationen im nördlichen Ruhrgebiet",
            "Project coordinations in the northern Ruhr",
            Cell::Count(north_coordinations.len()),
        ));
        rows.push((
            "coordinations_region_north_projects",
            "davon Projekte",
            "of which projects",
            Cell::text(north_coordinations.join(" ")),
        ));
    }
    rows
}

fn link_shares_table(inputs: &AnalysisInputs, facts: &Facts) -> StatsTable {
    let lang = inputs.lang;
    let total = facts.total_links();
    let mut by_location: BTreeMap<SiteLocation, [usize; 3]> = BTreeMap::new();
    for (_, p, loc) in &facts.links {
        let entry = by_location.entry(*loc).or_default();
        entry[0] += 1;
        match p.role {
            Role::Core => entry[1] += 1,
            _ => entry[2] += 1,
        }
    }
    let get = |loc: SiteLocation| by_location.get(&loc).copied().unwrap_or_default();
    let row = |id: &str, label: String, counts: [usize; 3]| {
        vec![
            Cell::text(id),
            Cell::text(label),
            Cell::Count(counts[0]),
            Cell::Count(counts[1]),
            Cell::Count(counts[2]),
            Cell::Percent(percent(counts[0], total)),
        ]
    };
    let sum = |locs: &[SiteLocation]| {
        locs.iter().fold([0usize; 3], |acc, &l| {
            let c = get(l);
            [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2]]
        })
    };
    let mut rows = vec![row(
        "region",
        format!(
            "{} ({})",
            lang.pick("innerhalb der Region", "within the region"),
            inputs.region.name()
        ),
        sum(&[
            SiteLocation::RegionNorth,
            SiteLocation::RegionRest,
            SiteLocation::Region,
        ]),
    )];
    if inputs.north_south.is_some() {
        for loc in [SiteLocation::RegionNorth, SiteLocation::RegionRest] {
            rows.push(row(
                loc.id(),
                format!("{} {}", lang.pick("davon", "of which"), loc.label(lang)),
                get(loc),
            ));
        }
    }
    for loc in [
        SiteLocation::OutsideRegion,
        SiteLocation::Abroad,
        SiteLocation::Unknown,
    ] {
        rows.push(row(loc.id(), loc.label(lang).to_string(), get(loc)));
    }
    rows.push(row(
        "total",
        lang.pick("insgesamt", "total").to_string(),
        sum(&SiteLocation::ALL),
    ));
    StatsTable {
        id: "link-shares",
        title: lang
            .pick("Anteile der Verbindungen nach Lage der Partner:innen", "Shares of links by where the partner lies")
            .to_string(),
        note: if inputs.north_south.is_some() {
            lang.pick(
                "Anteile an allen Kooperationsverbindungen; das nördliche Ruhrgebiet nach der Einteilung nord-sued.",
                "Shares of all cooperation links; the northern Ruhr as in the nord-sued preset.",
            )
        } else {
            lang.pick("Anteile an allen Kooperationsverbindungen.", "Shares of all cooperation links.")
        }
        .to_string(),
        columns: vec![
            col("location", "Lage", "Location"),
            col("label", "Bezeichnung", "Label"),
            col("links", "Verbindungen", "Links"),
            col("links_core", "zu Verbundpartner:innen", "to core partners"),
            col("links_loose", "zu weiteren Partner:innen", "to further partners"),
            col("share_percent", "Anteil", "Share"),
        ],
        rows,
    }
}

fn subregion_table(
    inputs: &AnalysisInputs,
    facts: &Facts,
    scheme: &SubregionScheme,
    id: &'static str,
    title: &str,
) -> StatsTable {
    let lang = inputs.lang;
    let b = inputs.boundaries;
    // class index per partner; region members without a class get the index
    // after the last class
    let unclassed = scheme.classes().len();
    let class_of = |p: &Partner, loc: SiteLocation| -> Option<usize> {
        if !loc.in_region() {
            return None;
        }
        let ags = inputs.municipality(p.site.as_ref())?.ags;
        Some(scheme.class_index(ags).unwrap_or(unclassed))
    };
    let tallies = facts.tally_by(|p, loc| class_of(p, loc));
    let mut municipalities = vec![0usize; unclassed + 1];
    let mut area = vec![0.0f64; unclassed + 1];
    for &ags in inputs.region.members() {
        let class = scheme.class_index(ags).unwrap_or(unclassed);
        municipalities[class] += 1;
        area[class] += b.by_ags(ags).map_or(0.0, |m| m.area_km2);
    }
    let region_municipalities: usize = municipalities.iter().sum();
    let region_area: f64 = area.iter().sum();
    let region_links: usize = tallies
        .iter()
        .filter(|(k, _)| k.is_some())
        .map(|(_, t)| t.links)
        .sum();
    let mut rows = Vec::new();
    let mut push = |class_id: String, label: String, k: usize| {
        let tally = tallies.get(&Some(k)).copied().unwrap_or_default();
        let mut row = vec![
            Cell::Text(class_id),
            Cell::Text(label),
            Cell::Count(municipalities[k]),
            Cell::Area(area[k]),
        ];
        row.extend(tally.cells(facts.total_links()));
        row.push(Cell::Percent(percent(tally.links, region_links)));
        row.push(Cell::Percent(percent(
            municipalities[k],
            region_municipalities,
        )));
        row.push(Cell::Percent(
            (region_area > 0.0).then(|| area[k] * 100.0 / region_area),
        ));
        rows.push(row);
    };
    for (k, class) in scheme.classes().iter().enumerate() {
        push(class.id.clone(), class.label(lang).to_string(), k);
    }
    if municipalities[unclassed] > 0 {
        push(
            "unclassed".to_string(),
            lang.pick("ohne Teilraum", "no sub-region").to_string(),
            unclassed,
        );
    }
    let extra = 3;
    for mut row in outside_rows(inputs, facts, 2, true) {
        row.extend((0..extra).map(|_| Cell::Empty));
        rows.push(row);
    }
    let mut total = total_row(inputs, facts, 0, true);
    total.insert(2, Cell::Count(region_municipalities));
    total.insert(3, Cell::Area(region_area));
    total.extend((0..extra).map(|_| Cell::Empty));
    rows.push(total);
    let mut columns = vec![
        col("subregion", "Teilraum (Kennung)", "Sub-region (id)"),
        col("label", "Teilraum", "Sub-region"),
        col("municipalities", "Gemeinden", "Municipalities"),
        col("area_km2", "Fläche (km²)", "Area (km²)"),
    ];
    columns.extend(TALLY_COLUMNS);
    columns.extend([
        col(
            "share_region_links_percent",
            "Anteil an Verbindungen in die Region",
            "Share of links into the region",
        ),
        col(
            "share_region_municipalities_percent",
            "Anteil an Gemeinden der Region",
            "Share of the region's municipalities",
        ),
        col(
            "share_region_area_percent",
            "Anteil an Fläche der Region",
            "Share of the region's area",
        ),
    ]);
    StatsTable {
        id,
        title: title.to_string(),
        note: format!(
            "{} {}. {}",
            lang.pick("Einteilung:", "Scheme:"),
            scheme.name(),
            lang.pick(
                "Die Gesamtzeile zählt Gemeinden und Fläche der Region, Partner:innen und Verbindungen insgesamt.",
                "The total row counts the region's municipalities and area, and all partners and links.",
            )
        ),
        columns,
        rows,
    }
}

fn kreis_table(inputs: &AnalysisInputs, facts: &Facts) -> StatsTable {
    let lang = inputs.lang;
    let b = inputs.boundaries;
    // Kreis key → (name, in region, region municipalities)
    let mut kreise: BTreeMap<String, (String, bool, usize)> = BTreeMap::new();
    for &ags in inputs.region.members() {
        if let Some(m) = b.by_ags(ags) {
            let entry = kreise
                .entry(ags.kreis_key())
                .or_insert_with(|| (m.district.clone(), true, 0));
            entry.2 += 1;
        }
    }
    let tallies = facts.tally_by(|p, loc| match loc {
        SiteLocation::Abroad | SiteLocation::Unknown => None,
        _ => inputs
            .municipality(p.site.as_ref())
            .map(|m| m.ags.kreis_key()),
    });
    for (p, loc) in &facts.partners {
        if *loc == SiteLocation::OutsideRegion
            && let Some(m) = inputs.municipality(p.site.as_ref())
        {
            kreise
                .entry(m.ags.kreis_key())
                .or_insert_with(|| (m.district.clone(), false, 0));
        }
    }
    let mut rows = Vec::new();
    // region Kreise first, then the others, each in key order
    for in_region in [true, false] {
        for (key, (name, member, count)) in kreise.iter().filter(|(_, v)| v.1 == in_region) {
            let tally = tallies.get(&Some(key.clone())).copied().unwrap_or_default();
            let mut row = vec![
                Cell::text(key.clone()),
                Cell::text(name.clone()),
                Cell::Flag(*member),
                if *member {
                    Cell::Count(*count)
                } else {
                    Cell::Empty
                },
            ];
            row.extend(tally.cells(facts.total_links()));
            rows.push(row);
        }
    }
    let abroad = facts.tally_by(|_, loc| loc);
    for loc in [SiteLocation::Abroad, SiteLocation::Unknown] {
        let tally = abroad.get(&loc).copied().unwrap_or_default();
        let mut row = vec![
            Cell::text(loc.id()),
            Cell::text(loc.label(lang)),
            Cell::Flag(false),
            Cell::Empty,
        ];
        row.extend(tally.cells(facts.total_links()));
        rows.push(row);
    }
    let mut total = total_row(inputs, facts, 0, true);
    total.insert(2, Cell::Empty);
    total.insert(3, Cell::Count(inputs.region.members().len()));
    rows.push(total);
    let mut columns = vec![
        col("kreis", "Kreisschlüssel", "District key"),
        col(
            "label",
            "Kreis / kreisfreie Stadt",
            "District / county-free city",
        ),
        col("in_region", "in der Region", "in the region"),
        col(
            "municipalities",
            "Gemeinden in der Region",
            "Municipalities in the region",
        ),
    ];
    columns.extend(TALLY_COLUMNS);
    StatsTable {
        id: "by-kreis",
        title: lang
            .pick("Partner:innen und Verbindungen nach Kreis", "Partners and links by district")
            .to_string(),
        note: lang
            .pick(
                "Kreise und kreisfreie Städte der Region, dann weitere Kreise mit Partner:innen, jeweils nach Kreisschlüssel.",
                "Districts of the region, then other districts with partners, each by district key.",
            )
            .to_string(),
        columns,
        rows,
    }
}

fn municipality_table(inputs: &AnalysisInputs, facts: &Facts) -> StatsTable {
    let lang = inputs.lang;
    let b = inputs.boundaries;
    let network = inputs.network;
    let tallies = facts.tally_by(|p, _| p.site.and_then(|s| s.municipality));
    let mut seats: BTreeMap<MunicipalityId, usize> = BTreeMap::new();
    for project in &network.projects {
        if let Some(g) = project.seat.and_then(|s| s.municipality) {
            *seats.entry(g).or_default() += 1;
        }
    }
    let mut projects_at: BTreeMap<MunicipalityId, Vec<&str>> = BTreeMap::new();
    for (p, _) in &facts.partners {
        if let Some(g) = p.site.and_then(|s| s.municipality) {
            let list = projects_at.entry(g).or_default();
            if !list.contains(&p.project.as_str()) {
                list.push(&p.project);
            }
        }
    }
    // every region member, then other municipalities with partners or seats; in AGS order
    let mut shown: Vec<MunicipalityId> = inputs
        .region
        .members()
        .iter()
        .filter_map(|&ags| b.index_of(ags))
        .collect();
    shown.extend(tallies.keys().flatten().chain(seats.keys()).copied());
    shown.sort_unstable();
    shown.dedup();
    let mut rows = Vec::new();
    for g in shown {
        let m = &b.municipalities()[g];
        let in_region = inputs.region.contains(m.ags);
        let site_class = match (in_region, inputs.north_south) {
            (false, _) => SiteLocation::OutsideRegion,
            (true, None) => SiteLocation::Region,
            (true, Some(ns)) => match ns.of(m.ags) {
                Some(c) if c.id == crate::network::NORTH_CLASS => SiteLocation::RegionNorth,
                _ => SiteLocation::RegionRest,
            },
        };
        let tally = tallies.get(&Some(g)).copied().unwrap_or_default();
        let mut row = vec![
            Cell::text(m.ags.to_string()),
            Cell::text(m.name.clone()),
            Cell::text(m.district.clone()),
            Cell::Flag(in_region),
            Cell::text(site_class.id()),
            Cell::text(
                inputs
                    .subregions
                    .of(m.ags)
                    .map_or(String::new(), |s| s.label(lang).to_string()),
            ),
        ];
        row.extend(tally.cells(facts.total_links()));
        row.push(Cell::Count(seats.get(&g).copied().unwrap_or(0)));
        row.push(Cell::text(
            projects_at.get(&g).map_or(String::new(), |l| l.join(" ")),
        ));
        rows.push(row);
    }
    rows.extend(abroad_and_unknown_rows(inputs, facts));
    StatsTable {
        id: "by-municipality",
        title: lang
            .pick("Partner:innen und Verbindungen nach Gemeinde", "Partners and links by municipality")
            .to_string(),
        note: lang
            .pick(
                "Alle Gemeinden der Region und weitere Gemeinden mit Partner:innen oder Projektsitzen, nach AGS; Projektsitze zählen alle Projekte der Projekttabelle.",
                "All municipalities of the region and other municipalities with partners or project seats, by AGS; seats count every project of the projects table.",
            )
            .to_string(),
        columns: municipality_columns(),
        rows,
    }
}

/// The rows after the municipalities: partners abroad and of unknown place.
fn abroad_and_unknown_rows(inputs: &AnalysisInputs, facts: &Facts) -> Vec<Vec<Cell>> {
    let lang = inputs.lang;
    let network = inputs.network;
    let mut rows = Vec::new();
    let by_location = facts.tally_by(|_, loc| loc);
    let abroad_seats = network
        .projects
        .iter()
        .filter(|p| p.seat.is_some_and(|s| s.municipality.is_none()))
        .count();
    let unknown_seats = network.projects.iter().filter(|p| p.seat.is_none()).count();
    for (loc, seat_count) in [
        (SiteLocation::Abroad, abroad_seats),
        (SiteLocation::Unknown, unknown_seats),
    ] {
        let tally = by_location.get(&loc).copied().unwrap_or_default();
        let mut row = vec![
            Cell::Empty,
            Cell::text(loc.label(lang)),
            Cell::Empty,
            Cell::Flag(false),
            Cell::text(loc.id()),
            Cell::Empty,
        ];
        row.extend(tally.cells(facts.total_links()));
        row.push(Cell::Count(seat_count));
        let mut projects: Vec<&str> = Vec::new();
        for (p, l) in &facts.partners {
            if *l == loc && !projects.contains(&p.project.as_str()) {
                projects.push(&p.project);
            }
        }
        row.push(Cell::text(projects.join(" ")));
        rows.push(row);
    }
    rows
}

/// The columns of the municipality table.
fn municipality_columns() -> Vec<Column> {
    let mut columns = vec![
        col("ags", "AGS", "AGS"),
        col("municipality", "Gemeinde", "Municipality"),
        col("kreis", "Kreis", "District"),
        col("in_region", "in der Region", "in the region"),
        col("location", "Lage", "Location"),
        col("subregion", "Teilraum", "Sub-region"),
    ];
    columns.extend(TALLY_COLUMNS);
    columns.push(col(
        "project_seats",
        "Sitz von Projektkoordinationen",
        "Seat of project coordinations",
    ));
    columns.push(col("projects", "Projekte", "Projects"));
    columns
}

fn project_table(inputs: &AnalysisInputs, facts: &Facts) -> StatsTable {
    let lang = inputs.lang;
    let network = inputs.network;
    let mut rows = Vec::new();
    let mut totals = [0usize; 9];
    for project in network.network_projects() {
        let partners: Vec<&(&Partner, SiteLocation)> = facts
            .partners
            .iter()
            .filter(|(p, _)| p.project == project.id)
            .collect();
        let coordinator = partners.iter().find(|(p, _)| p.role == Role::Coordinator);
        let links: Vec<SiteLocation> = facts
            .links
            .iter()
            .filter(|(id, _, _)| *id == project.id)
            .map(|(_, _, loc)| *loc)
            .collect();
        let count = |f: &dyn Fn(SiteLocation) -> bool| links.iter().filter(|&&l| f(l)).count();
        let core = partners
            .iter()
            .filter(|(p, _)| p.role == Role::Core)
            .count();
        let loose = partners
            .iter()
            .filter(|(p, _)| p.role == Role::Loose)
            .count();
        let values = [
            partners.len(),
            core,
            loose,
            links.len(),
            count(&|l| l.in_region()),
            count(&|l| l == SiteLocation::RegionNorth),
            count(&|l| l == SiteLocation::OutsideRegion),
            count(&|l| l == SiteLocation::Abroad),
            count(&|l| l == SiteLocation::Unknown),
        ];
        for (t, v) in totals.iter_mut().zip(values) {
            *t += v;
        }
        let (coordinator_name, municipality, location, subregion) = match coordinator {
            Some((p, loc)) => (
                p.name.clone(),
                inputs
                    .municipality(p.site.as_ref())
                    .map_or(String::new(), |m| m.name.clone()),
                loc.id(),
                inputs
                    .subregion(p.site.as_ref())
                    .map_or(String::new(), |s| s.label(lang).to_string()),
            ),
            None => (
                project.coordinator.clone(),
                String::new(),
                "",
                String::new(),
            ),
        };
        let mut row = vec![
            Cell::text(project.id.clone()),
            Cell::text(project.title.clone()),
            Cell::text(project.field.clone()),
            Cell::text(
                inputs
                    .network
                    .categories
                    .statuses
                    .label(&project.status, lang),
            ),
            Cell::text(coordinator_name),
            Cell::text(municipality),
            Cell::text(location),
            Cell::text(subregion),
        ];
        row.extend(values.iter().map(|&v| Cell::Count(v)));
        row.push(Cell::Percent(percent(values[4], values[3])));
        rows.push(row);
    }
    let mut total = vec![
        Cell::text("total"),
        Cell::text(lang.pick("insgesamt", "total")),
    ];
    total.extend((0..6).map(|_| Cell::Empty));
    total.extend(totals.iter().map(|&v| Cell::Count(v)));
    total.push(Cell::Percent(percent(totals[4], totals[3])));
    rows.push(total);
    StatsTable {
        id: "by-project",
        title: lang
            .pick("Partner:innen und Verbindungen nach Projekt", "Partners and links by project")
            .to_string(),
        note: if inputs.north_south.is_some() {
            lang.pick(
                "Projekte mit Partnernetzwerk in der Reihenfolge der Projekttabelle; Lage der Koordination nach der Einteilung nord-sued.",
                "Projects with a partner network in the order of the projects table; location of the coordination as in the nord-sued preset.",
            )
        } else {
            lang.pick(
                "Projekte mit Partnernetzwerk in der Reihenfolge der Projekttabelle.",
                "Projects with a partner network in the order of the projects table.",
            )
        }
        .to_string(),
        columns: vec![
            col("project", "Projekt", "Project"),
            col("title", "Titel", "Title"),
            col("field", "Handlungsfeld", "Field of action"),
            col("status", "Status", "Status"),
            col("coordinator", "Projektkoordination", "Project coordination"),
            col("coordinator_municipality", "Sitz der Koordination", "Seat of the coordination"),
            col("coordinator_location", "Lage der Koordination", "Location of the coordination"),
            col("coordinator_subregion", "Teilraum der Koordination", "Sub-region of the coordination"),
            col("partners", "Partner:innen", "Partners"),
            col("core", "Verbundpartner:innen", "Core partners"),
            col("loose", "weitere Partner:innen", "Further partners"),
            col("links", "Verbindungen", "Links"),
            col("links_region", "in die Region", "into the region"),
            col("links_region_north", "ins nördliche Ruhrgebiet", "into the northern Ruhr"),
            col("links_outside_region", "aus der Region hinaus", "leaving the region"),
            col("links_abroad", "ins Ausland", "abroad"),
            col("links_unknown", "Ort unbekannt", "location unknown"),
            col("share_region_percent", "Anteil in der Region", "Share in the region"),
        ],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::{Boundaries, Region};
    use crate::geocode::Geocoder;
    use crate::network::Network;
    use std::path::Path;

    struct Example {
        region: Region,
        zonen: SubregionScheme,
        north_south: SubregionScheme,
        network: Network,
    }

    fn example() -> Example {
        let b = Boundaries::embedded();
        let region = Region::ruhr(b);
        let zonen = SubregionScheme::preset("zonen", &region, b).unwrap();
        let north_south = SubregionScheme::preset("nord-sued", &region, b).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
        let network = {
            let geocoder = Geocoder::new(b, &region, &zonen);
            Network::load(
                &dir.join("projects.csv"),
                &dir.join("partners.csv"),
                &geocoder,
            )
            .unwrap()
        };
        Example {
            region,
            zonen,
            north_south,
            network,
        }
    }

    fn tables(e: &Example, lang: Lang) -> Vec<StatsTable> {
        compute_tables(&AnalysisInputs {
            boundaries: Boundaries::embedded(),
            region: &e.region,
            subregions: &e.zonen,
            north_south: Some(&e.north_south),
            network: &e.network,
            lang,
        })
    }

    fn count(cell: &Cell) -> usize {
        match cell {
            Cell::Count(n) => *n,
            other => panic!("not a count: {other:?}"),
        }
    }

    #[test]
    fn every_table_adds_up_to_the_totals() {
        let e = example();
        let links = e.network.links().count();
        let partners = e.network.partners.len();
        for table in tables(&e, Lang::De) {
            for row in &table.rows {
                assert_eq!(row.len(), table.columns.len(), "{}", table.id);
            }
            let (Some(pc), Some(lc)) = (table.column("partners"), table.column("links")) else {
                continue;
            };
            let body =
                &table.rows[..table.rows.len() - if table.id == "by-municipality" { 0 } else { 1 }];
            let sum_p: usize = body.iter().map(|r| count(&r[pc])).sum();
            let sum_l: usize = body.iter().map(|r| count(&r[lc])).sum();
            assert_eq!(sum_p, partners, "partners in {}", table.id);
            assert_eq!(sum_l, links, "links in {}", table.id);
        }
    }

    #[test]
    fn link_shares_split_the_region_into_north_and_rest() {
        let e = example();
        let all = tables(&e, Lang::En);
        let shares = all.iter().find(|t| t.id == "link-shares").unwrap();
        let links = shares.column("links").unwrap();
        let by_id = |id: &str| {
            count(
                &shares
                    .rows
                    .iter()
                    .find(|r| r[0] == Cell::text(id))
                    .unwrap_or_else(|| panic!("no row {id}"))[links],
            )
        };
        assert_eq!(
            by_id("region"),
            by_id("region-north") + by_id("region-rest")
        );
        assert_eq!(
            by_id("total"),
            by_id("region") + by_id("outside-region") + by_id("abroad") + by_id("unknown")
        );
        assert_eq!(by_id("total"), e.network.links().count());
    }

    #[test]
    fn markdown_uses_the_report_language_and_escapes_cells() {
        let table = StatsTable {
            id: "t",
            title: "Anteile".into(),
            note: String::new(),
            columns: vec![col("name", "Name", "Name"), col("share", "Anteil", "Share")],
            rows: vec![
                vec![Cell::text("A | B <x>"), Cell::Percent(Some(12.345))],
                vec![Cell::text("links_core _x_"), Cell::Percent(None)],
            ],
        };
        let de = table.to_markdown(Lang::De);
        assert!(de.contains("| A \\| B \\<x\\> | 12,3 % |"), "{de}");
        assert!(de.contains("| --- | ---: |"), "{de}");
        assert!(de.contains("| links_core \\_x\\_ |  |"), "{de}");
        let en = table.to_markdown(Lang::En);
        assert!(en.contains("| 12.3 % |"), "{en}");
        assert_eq!(
            table.to_csv(),
            "name,share\nA | B <x>,12.3\nlinks_core _x_,\n"
        );
    }

    #[test]
    fn markdown_drops_control_characters() {
        assert_eq!(
            markdown_escape("Bell\u{7}\u{0} \u{1b}[31mrot\tTab\r\nEnde \u{202E}bidi"),
            "Bell \\[31mrot Tab  Ende \u{202E}bidi"
        );
    }

    #[test]
    fn csv_neutralises_formula_cells_but_not_numbers() {
        let table = StatsTable {
            id: "t",
            title: String::new(),
            note: String::new(),
            columns: vec![col("a", "a", "a"), col("b", "b", "b")],
            rows: vec![
                vec![Cell::text("+49 201"), Cell::Count(0)],
                vec![Cell::text("@cmd"), Cell::Percent(None)],
                vec![Cell::text("\r=1"), Cell::Area(3.06)],
            ],
        };
        assert_eq!(table.to_csv(), "a,b\n'+49 201,0\n'@cmd,\n\"'\r=1\",3.1\n");
    }
}
