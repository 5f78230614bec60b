//! The project networks: projects with their coordination seat, partners with
//! role, actor type and site, and the implicit links from each coordinator to
//! the other partners of its project; loaded and validated from two CSV
//! tables.
//!
//! `projects.csv` has one row per project (`id`, `title`, `field` HF1–HF5,
//! `status`, `coordinator`, `place` of the coordination seat, optional `lat`,
//! `lon`, `focus`); `partners.csv` one row per partner of a project
//! (`project`, `id`, `name`, `role`, `actor_type`, `place`, optional `lat`,
//! `lon`). German column names (`Projekt`, `Titel`, `Handlungsfeld`, `Rolle`,
//! `Akteurstyp`, `Ort`, …) and values (`Verbundpartner`, `Wissenschaft`,
//! `laufend`, …) are understood too.

use crate::table::{InputError, PartnerTable, RowCoordinates, TableRow, read_any_table};

use crate::boundaries::MunicipalityId;
use crate::geocode::{Geocoder, MatchKind};

use crate::network::categories::Categories;
use crate::network::vocabulary::{Role, VocabularyError};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a partner or a coordination seat is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Site {
    /// Longitude, latitude (WGS84): the given coordinates, or the
    /// representative point of the matched municipality.
    pub position: geo_types::Coord<f64>,
    /// The municipality, `None` outside Germany.
    pub municipality: Option<MunicipalityId>,
    /// Whether the municipality is a member of the region.
    pub in_region: bool,
    /// How the site was found.
    pub match_kind: MatchKind,
}

/// One partner of one project (an organisation in two projects is two partners).
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// The partner id, unique in the table (`P1-03`).
    pub id: String,
    /// The id of the project.
    pub project: String,
    /// The organisation's name.
    pub name: String,
    /// How it is drawn: the coordination, a core or a looser partner.
    pub role: Role,
    /// Its role as the programme names it (a [`Categories`] id, e.g. `core`).
    pub role_id: String,
    /// Its kind (a [`Categories`] id, e.g. `science`).
    pub actor_type: String,
    /// Where it is; `None` if the table gives no location or it could not be
    /// resolved (then it is listed in [`Network::unresolved`] too).
    pub site: Option<Site>,
    /// The 1-based line of the row in the partners table.
    pub line: u64,
}

/// One project.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The project id (`P1`, `RK15`).
    pub id: String,
    /// The title.
    pub title: String,
    /// The Handlungsfeld (a [`Categories`] id, e.g. `HF1`).
    pub field: String,
    /// Where the project stands (a [`Categories`] id, e.g. `running`).
    pub status: String,
    /// The coordinating organisation.
    pub coordinator: String,
    /// The seat of the coordination; `None` if no location is given or it
    /// could not be resolved.
    pub seat: Option<Site>,
}

/// A place that was given but could not be resolved. The row stays in the
/// network (with `site`/`seat` `None`); this entry says why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unresolved {
    /// The table.
    pub path: PathBuf,
    /// The 1-based line of the row.
    pub line: u64,
    /// The project id.
    pub project: String,
    /// The partner id; `None` for a project's coordination seat.
    pub partner: Option<String>,
    /// The partner's or coordinator's name.
    pub name: String,
    /// The place text as given (empty if only coordinates were given).
    pub place: String,
    /// The closest municipality names the geocoder found.
    pub candidates: Vec<String>,
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let subject = match &self.partner {
            Some(id) => format!("partner {id}"),
            None => format!("seat of project {}", self.project),
        };
        write!(
            f,
            "{}, line {}: {subject} ({:?}): place {:?} not resolved",
            self.path.display(),
            self.line,
            self.name,
            self.place
        )?;
        if !self.candidates.is_empty() {
            write!(f, "; closest: {}", self.candidates.join(", "))?;
        }
        Ok(())
    }
}

/// A geocoding warning for one row (e.g. swapped latitude and longitude).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteWarning {
    /// The table.
    pub path: PathBuf,
    /// The 1-based line of the row.
    pub line: u64,
    /// The geocoder's message.
    pub message: String,
}

impl fmt::Display for SiteWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, line {}: {}",
            self.path.display(),
            self.line,
            self.message
        )
    }
}

/// What loading noticed besides errors, for the command line to show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    /// Geocoding warnings, in file order (projects first).
    pub warnings: Vec<SiteWarning>,
}

/// A link of the network: from a project's coordinator to one other partner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link<'n> {
    /// The project.
    pub project: &'n Project,
    /// The coordinator.
    pub from: &'n Partner,
    /// The partner (core or loose).
    pub to: &'n Partner,
}

impl Link<'_> {
    /// The role of the linked partner, which decides the link's style.
    pub fn role(&self) -> Role {
        self.to.role
    }
}

/// The projects and partners of a report.
///
/// ```
/// use ruhrmap::{Boundaries, Geocoder, Network, Region, Role, SubregionScheme};
/// let b = Boundaries::embedded();
/// let region = Region::ruhr(b);
/// let zonen = SubregionScheme::preset("zonen", &region, b).unwrap();
/// let geocoder = Geocoder::new(b, &region, &zonen);
/// let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
/// let network = Network::load(&dir.join("projects.csv"), &dir.join("partners.csv"), &geocoder).unwrap();
/// assert_eq!(network.projects.len(), 73);
/// let coordinator = network.coordinator_of("P9").unwrap();
/// assert_eq!(coordinator.role, Role::Coordinator);
/// let site = coordinator.site.unwrap();
/// assert_eq!(b.municipalities()[site.municipality.unwrap()].name, "Gelsenkirchen");
/// assert_eq!(network.links().filter(|l| l.project.id == "P9").count(), 12);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    /// The projects, in table order.
    pub projects: Vec<Project>,
    /// The partners, in table order.
    pub partners: Vec<Partner>,
    /// Places given but not resolved, in file order (projects first). Rows
    /// without any location (empty place and coordinates) are not listed:
    /// they are partners of unknown location, shown apart in the figures.
    pub unresolved: Vec<Unresolved>,
    /// The categories: those declared, then every other value the tables
    /// use, in order of first appearance.
    pub categories: Categories,
}

/// Why a network could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// A table could not be read (file, encoding, CSV structure, numbers).
    #[error(transparent)]
    Table(#[from] InputError),
    /// A required column is missing.
    #[error("{}, line 1: no {column} column (accepted names: {}); the header has {}", .path.display(), .accepted.join(", "), quoted(.found))]
    MissingColumn {
        /// The table.
        path: PathBuf,
        /// The column's canonical name.
        column: &'static str,
        /// The header names accepted for it.
        accepted: Vec<&'static str>,
        /// The header as found.
        found: Vec<String>,
    },
    /// A required cell is empty.
    #[error("{}, line {line}, column {column:?}: the {what} is empty", .path.display())]
    MissingValue {
        /// The table.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
        /// The column's name in the header.
        column: String,
        /// What the cell holds (`project id`, `partner name`, …).
        what: &'static str,
    },
    /// A Handlungsfeld, status, role or actor type is not one of the declared ones.
    #[error("{}, line {line}, column {column:?}: {source}", .path.display())]
    Vocabulary {
        /// The table.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
        /// The column's name in the header.
        column: String,
        /// The value, the accepted values and the nearest one.
        #[source]
        source: Box<VocabularyError>,
    },
    /// Only one of latitude and longitude is given.
    #[error("{}, line {line}: only one of latitude and longitude is given; give both or neither", .path.display())]
    HalfCoordinates {
        /// The table.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
    },
    /// An id occurs twice.
    #[error("{}, line {line}, column {column:?}: {what} id {id:?} already used on line {first_line}", .path.display())]
    DuplicateId {
        /// The table.
        path: PathBuf,
        /// The line of the second occurrence.
        line: u64,
        /// The column's name in the header.
        column: String,
        /// `project` or `partner`.
        what: &'static str,
        /// The id.
        id: String,
        /// The line of the first occurrence.
        first_line: u64,
    },
    /// A partner refers to a project the projects table does not have.
    #[error("{}, line {line}, column {column:?}: unknown project {value:?}: no such id in the projects table{}", .path.display(), .suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
    UnknownProject {
        /// The partners table.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
        /// The column's name in the header.
        column: String,
        /// The project id as given.
        value: String,
        /// The closest project id.
        suggestion: Option<String>,
    },
    /// A project with partners has no coordinator.
    #[error("{}: project {project:?} has {partners} partners on lines {} but none with role \"coordinator\"; exactly one is needed", .path.display(), line_list(.lines))]
    NoCoordinator {
        /// The partners table.
        path: PathBuf,
        /// The project id.
        project: String,
        /// How many partners it has.
        partners: usize,
        /// The lines of its partners.
        lines: Vec<u64>,
    },
    /// A project has more than one coordinator.
    #[error("{}: project {project:?} has {} coordinators, on lines {}; exactly one is needed (make the others \"core\")", .path.display(), .lines.len(), line_list(.lines))]
    SeveralCoordinators {
        /// The partners table.
        path: PathBuf,
        /// The project id.
        project: String,
        /// The lines of the coordinator rows.
        lines: Vec<u64>,
    },
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn line_list(lines: &[u64]) -> String {
    lines
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A required or optional column: canonical name and accepted header names.
struct ColumnSpec {
    name: &'static str,
    accepted: &'static [&'static str],
}

const PROJECT_ID: ColumnSpec = ColumnSpec {
    name: "id",
    accepted: &[
        "id",
        "project",
        "projekt",
        "project_id",
        "projekt_id",
        "projektnummer",
        "nr",
    ],
};
const PROJECT_TITLE: ColumnSpec = ColumnSpec {
    name: "title",
    accepted: &[
        "title",
        "titel",
        "projekttitel",
        "project_title",
        "bezeichnung",
    ],
};
const PROJECT_FIELD: ColumnSpec = ColumnSpec {
    name: "field",
    accepted: &["field", "handlungsfeld", "hf", "action_field"],
};
const PROJECT_STATUS: ColumnSpec = ColumnSpec {
    name: "status",
    accepted: &["status", "stand", "projektstatus"],
};
const PROJECT_COORDINATOR: ColumnSpec = ColumnSpec {
    name: "coordinator",
    accepted: &[
        "coordinator",
        "koordination",
        "projektkoordination",
        "koordinator",
        "lead",
        "federfuehrung",
    ],
};
const PARTNER_PROJECT: ColumnSpec = ColumnSpec {
    name: "project",
    accepted: &["project", "projekt", "project_id", "projekt_id"],
};
const PARTNER_ID: ColumnSpec = ColumnSpec {
    name: "id",
    accepted: &["id", "partner_id", "partnerid", "nr"],
};
const PARTNER_NAME: ColumnSpec = ColumnSpec {
    name: "name",
    accepted: &[
        "name",
        "partner",
        "organisation",
        "organization",
        "einrichtung",
        "institution",
    ],
};
const PARTNER_ROLE: ColumnSpec = ColumnSpec {
    name: "role",
    accepted: &["role", "rolle", "funktion"],
};
const PARTNER_ACTOR_TYPE: ColumnSpec = ColumnSpec {
    name: "actor_type",
    accepted: &[
        "actor_type",
        "akteurstyp",
        "akteursgruppe",
        "akteurgruppe",
        "typ",
        "type",
    ],
};

/// Column positions of a table, looked up by [`ColumnSpec`].
struct Columns<'t> {
    table: &'t PartnerTable,
}

impl<'t> Columns<'t> {
    fn required(&self, spec: &ColumnSpec) -> Result<usize, NetworkError> {
        self.table
            .column(spec.accepted)
            .ok_or_else(|| NetworkError::MissingColumn {
                path: self.table.path.clone(),
                column: spec.name,
                accepted: spec.accepted.to_vec(),
                found: self.table.headers.clone(),
            })
    }

    fn header(&self, column: usize) -> String {
        self.table.headers[column].clone()
    }

    fn cell<'r>(&self, row: &'r TableRow, column: usize) -> &'r str {
        row.values.get(column).map(|v| v.trim()).unwrap_or("")
    }

    /// A non-empty cell, or [`NetworkError::MissingValue`].
    fn non_empty<'r>(
        &self,
        row: &'r TableRow,
        column: usize,
        what: &'static str,
    ) -> Result<&'r str, NetworkError> {
        let value = self.cell(row, column);
        if value.is_empty() {
            return Err(NetworkError::MissingValue {
                path: self.table.path.clone(),
                line: row.line,
                column: self.header(column),
                what,
            });
        }
        Ok(value)
    }

    /// A non-empty cell resolved against the categories by `resolve`.
    fn category<T>(
        &self,
        row: &TableRow,
        column: usize,
        what: &'static str,
        resolve: impl FnOnce(&str) -> Result<T, VocabularyError>,
    ) -> Result<T, NetworkError> {
        let value = self.non_empty(row, column, what)?;
        resolve(value).map_err(|source| NetworkError::Vocabulary {
            path: self.table.path.clone(),
            line: row.line,
            column: self.header(column),
            source: Box::new(source),
        })
    }
}

/// The outcome of geocoding one row.
struct Located {
    site: Option<Site>,
    unresolved: Option<(String, Vec<String>)>,
    warnings: Vec<String>,
}

/// Geocodes one row's place and coordinates; `Ok(None)` when the row gives no
/// location at all.
fn locate(
    table: &PartnerTable,
    row: &TableRow,
    geocoder: &Geocoder,
) -> Result<Option<Located>, NetworkError> {
    let place = table.place_text(row);
    let RowCoordinates { lon, lat } = table.coordinates(row);
    if lon.is_some() != lat.is_some() {
        return Err(NetworkError::HalfCoordinates {
            path: table.path.clone(),
            line: row.line,
        });
    }
    if place.is_none() && lon.is_none() {
        return Ok(None);
    }
    let resolution = geocoder.resolve(place.as_deref(), lon, lat);
    let site = match resolution.position {
        Some(position) if resolution.match_kind.is_resolved() => Some(Site {
            position,
            municipality: resolution.municipality,
            in_region: resolution.in_region,
            match_kind: resolution.match_kind,
        }),
        _ => None,
    };
    let unresolved = site.is_none().then(|| {
        (
            place.as_deref().unwrap_or("").to_string(),
            resolution.candidates.clone(),
        )
    });
    Ok(Some(Located {
        site,
        unresolved,
        warnings: resolution.warnings,
    }))
}

impl Network {
    /// Reads and validates `projects.csv` and `partners.csv` (any Excel CSV
    /// flavour, or a workbook sheet `daten.xlsx#Partner`, see
    /// [`read_any_table`]) and geocodes every coordination seat and
    /// partner site.
    ///
    /// Handlungsfelder, statuses, actor types and roles are taken as they
    /// come (see [`Categories`]); [`Network::load_with_report`] checks them
    /// against declared ones.
    ///
    /// Every row is checked: a duplicate project or partner id, a partner of an
    /// unknown project, a project with partners but no or several
    /// coordinators is an error naming the file, line, column and value, with
    /// the accepted values and the nearest one. A place that cannot be
    /// resolved is not an error: the row is kept without site and listed in
    /// [`Network::unresolved`].
    pub fn load(
        projects_csv: &Path,
        partners_csv: &Path,
        geocoder: &Geocoder,
    ) -> Result<Network, NetworkError> {
        Network::load_with_report(projects_csv, partners_csv, geocoder, &Categories::default())
            .map(|loaded| loaded.network)
    }

    /// [`Network::load`] with the programme's `categories` (a value outside a
    /// declared list is an error naming file, line, column, value and the
    /// declared ones), also returning the geocoding warnings. Two tables
    /// with only their headers (a report not filled in yet) give an empty
    /// network; one such table beside a filled one is an error.
    pub fn load_with_report(
        projects_csv: &Path,
        partners_csv: &Path,
        geocoder: &Geocoder,
        categories: &Categories,
    ) -> Result<LoadedNetwork, NetworkError> {
        let not_filled_in = |r: &Result<PartnerTable, InputError>| {
            matches!(r, Err(InputError::NoRows { geojson: false, .. }))
        };
        let projects = read_any_table(projects_csv);
        let partners = read_any_table(partners_csv);
        if not_filled_in(&projects) && not_filled_in(&partners) {
            // a report not filled in yet (as `ruhrmap new` writes it): no data, no error
            return Ok(LoadedNetwork {
                network: Network {
                    categories: categories.clone(),
                    ..Network::default()
                },
                report: LoadReport::default(),
            });
        }
        Network::from_tables(&projects?, &partners?, geocoder, categories)
    }

    /// Builds the network from tables already read.
    pub fn from_tables(
        projects_table: &PartnerTable,
        partners_table: &PartnerTable,
        geocoder: &Geocoder,
        categories: &Categories,
    ) -> Result<LoadedNetwork, NetworkError> {
        let mut loaded = LoadedNetwork {
            network: Network {
                categories: categories.clone(),
                ..Network::default()
            },
            report: LoadReport::default(),
        };
        geocoder.expect_points(projects_table.rows.len() + partners_table.rows.len());
        let project_lines = loaded.read_projects(projects_table, geocoder)?;
        loaded.read_partners(partners_table, &project_lines, geocoder)?;
        loaded.network.check_coordinators(&partners_table.path)?;
        Ok(loaded)
    }

    /// Exactly one coordinator for every project that has partners.
    fn check_coordinators(&self, partners_path: &Path) -> Result<(), NetworkError> {
        let network = self;
        for project in &network.projects {
            let partners: Vec<&Partner> = network.partners_of(&project.id).collect();
            if partners.is_empty() {
                continue;
            }
            let coordinators: Vec<u64> = partners
                .iter()
                .filter(|p| p.role == Role::Coordinator)
                .map(|p| p.line)
                .collect();
            match coordinators.len() {
                1 => {}
                0 => {
                    return Err(NetworkError::NoCoordinator {
                        path: partners_path.to_path_buf(),
                        project: project.id.clone(),
                        partners: partners.len(),
                        lines: partners.iter().map(|p| p.line).collect(),
                    });
                }
                _ => {
                    return Err(NetworkError::SeveralCoordinators {
                        path: partners_path.to_path_buf(),
                        project: project.id.clone(),
                        lines: coordinators,
                    });
                }
            }
        }
        Ok(())
    }

    /// The project with this id.
    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// The partners of a project, coordinator included, in table order.
    pub fn partners_of<'s>(&'s self, project: &'s str) -> impl Iterator<Item = &'s Partner> {
        self.partners.iter().filter(move |p| p.project == project)
    }

    /// The coordinator of a project, if it has partners.
    pub fn coordinator_of<'s>(&'s self, project: &str) -> Option<&'s Partner> {
        self.partners
            .iter()
            .find(|p| p.project == project && p.role == Role::Coordinator)
    }

    /// The projects that have partners (the networks), in table order.
    pub fn network_projects(&self) -> impl Iterator<Item = &Project> {
        self.projects
            .iter()
            .filter(|p| self.partners.iter().any(|q| q.project == p.id))
    }

    /// The links: from each project's coordinator to every other partner of
    /// the project, in table order.
    pub fn links(&self) -> impl Iterator<Item = Link<'_>> {
        self.projects.iter().flat_map(move |project| {
            let coordinator = self.coordinator_of(&project.id);
            self.partners_of(&project.id)
                .filter(|p| p.role != Role::Coordinator)
                .filter_map(move |to| coordinator.map(|from| Link { project, from, to }))
        })
    }

    /// The partners with no known site (no location given, or unresolved).
    pub fn without_site(&self) -> impl Iterator<Item = &Partner> {
        self.partners.iter().filter(|p| p.site.is_none())
    }
}

/// The id closest to `value`, by case-insensitive edit distance.
fn closest_id<'a>(value: &str, ids: impl Iterator<Item = &'a str>) -> Option<String> {
    let value = value.to_lowercase();
    ids.map(|id| {
        (
            strsim::normalized_damerau_levenshtein(&value, &id.to_lowercase()),
            id,
        )
    })
    .filter(|(score, _)| *score >= 0.3)
    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
    .map(|(_, id)| id.to_string())
}

/// A network as loaded ([`Network::load_with_report`]), with what loading noticed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadedNetwork {
    /// The network.
    pub network: Network,
    /// The geocoding warnings.
    pub report: LoadReport,
}

impl LoadedNetwork {
    fn warn(&mut self, path: &Path, line: u64, messages: Vec<String>) {
        self.report
            .warnings
            .extend(messages.into_iter().map(|message| SiteWarning {
                path: path.to_path_buf(),
                line,
                message,
            }));
    }

    /// Reads the projects table; the line of each project id.
    fn read_projects(
        &mut self,
        projects_table: &PartnerTable,
        geocoder: &Geocoder,
    ) -> Result<HashMap<String, u64>, NetworkError> {
        // Projects.
        let columns = Columns {
            table: projects_table,
        };
        let id_column = columns.required(&PROJECT_ID)?;
        let title_column = columns.required(&PROJECT_TITLE)?;
        let field_column = columns.required(&PROJECT_FIELD)?;
        let status_column = columns.required(&PROJECT_STATUS)?;
        let coordinator_column = columns.required(&PROJECT_COORDINATOR)?;
        let mut project_lines: HashMap<String, u64> = HashMap::new();
        for row in &projects_table.rows {
            let id = columns.non_empty(row, id_column, "project id")?;
            if let Some(&first_line) = project_lines.get(id) {
                return Err(NetworkError::DuplicateId {
                    path: projects_table.path.clone(),
                    line: row.line,
                    column: columns.header(id_column),
                    what: "project",
                    id: id.to_string(),
                    first_line,
                });
            }
            project_lines.insert(id.to_string(), row.line);
            let categories = &mut self.network.categories;
            let field = columns.category(row, field_column, "Handlungsfeld", |v| {
                categories.resolve_field(v)
            })?;
            let status = columns.category(row, status_column, "status", |v| {
                categories.resolve_status(v)
            })?;
            let coordinator = columns.cell(row, coordinator_column).to_string();
            let mut seat = None;
            if let Some(located) = locate(projects_table, row, geocoder)? {
                self.warn(&projects_table.path, row.line, located.warnings);
                seat = located.site;
                if let Some((place, candidates)) = located.unresolved {
                    self.network.unresolved.push(Unresolved {
                        path: projects_table.path.clone(),
                        line: row.line,
                        project: id.to_string(),
                        partner: None,
                        name: coordinator.clone(),
                        place,
                        candidates,
                    });
                }
            }
            self.network.projects.push(Project {
                id: id.to_string(),
                title: columns.cell(row, title_column).to_string(),
                field,
                status,
                coordinator,
                seat,
            });
        }

        Ok(project_lines)
    }

    /// Reads the partners table, each partner in a known project.
    fn read_partners(
        &mut self,
        partners_table: &PartnerTable,
        project_lines: &HashMap<String, u64>,
        geocoder: &Geocoder,
    ) -> Result<(), NetworkError> {
        // Partners.
        let columns = Columns {
            table: partners_table,
        };
        let project_column = columns.required(&PARTNER_PROJECT)?;
        let id_column = columns.required(&PARTNER_ID)?;
        let name_column = match partners_table.columns.name {
            Some(column) => column,
            None => columns.required(&PARTNER_NAME)?,
        };
        let role_column = columns.required(&PARTNER_ROLE)?;
        let actor_column = columns.required(&PARTNER_ACTOR_TYPE)?;
        let mut partner_lines: HashMap<String, u64> = HashMap::new();
        for row in &partners_table.rows {
            let project = columns.non_empty(row, project_column, "project id")?;
            if !project_lines.contains_key(project) {
                let ids = self.network.projects.iter().map(|p| p.id.as_str());
                return Err(NetworkError::UnknownProject {
                    path: partners_table.path.clone(),
                    line: row.line,
                    column: columns.header(project_column),
                    value: project.to_string(),
                    suggestion: closest_id(project, ids),
                });
            }
            let id = columns.non_empty(row, id_column, "partner id")?;
            if let Some(&first_line) = partner_lines.get(id) {
                return Err(NetworkError::DuplicateId {
                    path: partners_table.path.clone(),
                    line: row.line,
                    column: columns.header(id_column),
                    what: "partner",
                    id: id.to_string(),
                    first_line,
                });
            }
            partner_lines.insert(id.to_string(), row.line);
            let name = columns.non_empty(row, name_column, "partner name")?;
            let categories = &mut self.network.categories;
            let (role_id, role) =
                columns.category(row, role_column, "role", |v| categories.resolve_role(v))?;
            let actor_type = columns.category(row, actor_column, "actor type", |v| {
                categories.resolve_actor_type(v)
            })?;
            let mut site = None;
            if let Some(located) = locate(partners_table, row, geocoder)? {
                self.warn(&partners_table.path, row.line, located.warnings);
                site = located.site;
                if let Some((place, candidates)) = located.unresolved {
                    self.network.unresolved.push(Unresolved {
                        path: partners_table.path.clone(),
                        line: row.line,
                        project: project.to_string(),
                        partner: Some(id.to_string()),
                        name: name.to_string(),
                        place,
                        candidates,
                    });
                }
            }
            self.network.partners.push(Partner {
                id: id.to_string(),
                project: project.to_string(),
                name: name.to_string(),
                role,
                role_id,
                actor_type,
                site,
                line: row.line,
            });
        }

        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::{Boundaries, Region, SubregionScheme};
    use crate::text::Lang;

    /// A programme's declared categories, as a report config gives them.
    const CATEGORIES: &str = r#"
        fields = [{ id = "HF1" }, { id = "HF2" }, { id = "HF3" }, { id = "HF4" }, { id = "HF5" }]
        statuses = [
            { id = "running", label_de = "laufend" },
            { id = "finished", label_de = "abgeschlossen" },
            { id = "not_pursued", label_de = "nicht weiterverfolgt" },
        ]
        actor_types = [
            { id = "municipality" }, { id = "science" }, { id = "business" },
            { id = "civil_society" }, { id = "association", aliases = ["Verband"] },
        ]
        roles = [
            { id = "core", label_de = "Verbundpartner:innen" },
            { id = "loose", aliases = ["Kooperationspartner"] },
        ]
    "#;

    const PROJECTS: &str = "id;title;field;status;coordinator;place\n\
        P1;Eins;HF1;running;Stadt Bochum;Bochum\n\
        P2;Zwei;hf 2;abgeschlossen;Stiftung;Essen-Rüttenscheid\n\
        RK3;Drei;HF5;not_pursued;Ministerium;Düsseldorf\n";

    const PARTNERS: &str = "project;id;name;role;actor_type;place;lat;lon\n\
        P1;a;Stadt Bochum;coordinator;municipality;Bochum;;\n\
        P1;b;Hochschule;core;science;Mülheim a.d. Ruhr;;\n\
        P1;c;Verein;loose;civil_society;;;\n\
        P1;d;Firma;Kooperationspartner;business;Zzyzx;;\n\
        P2;e;Stiftung;coordinator;civil_society;;51,4556;7,0116\n\
        P2;f;Kammer;Verbundpartner:innen;Verband;Dortmund;;\n";

    /// Loads the two tables from text and returns the result.
    fn load(projects: &str, partners: &str) -> Result<Network, NetworkError> {
        let b = Boundaries::embedded();
        let region = Region::ruhr(b);
        let scheme = SubregionScheme::preset("zonen", &region, b).unwrap();
        let geocoder = Geocoder::new(b, &region, &scheme);
        let dir = tempfile::tempdir().unwrap();
        let projects_path = dir.path().join("projects.csv");
        let partners_path = dir.path().join("partners.csv");
        std::fs::write(&projects_path, projects).unwrap();
        std::fs::write(&partners_path, partners).unwrap();
        let categories: Categories = toml::from_str(CATEGORIES).unwrap();
        Network::load_with_report(&projects_path, &partners_path, &geocoder, &categories)
            .map(|loaded| loaded.network)
    }

    fn ags_of(site: &Option<Site>) -> Option<String> {
        let b = Boundaries::embedded();
        site.and_then(|s| s.municipality)
            .map(|i| b.municipalities()[i].ags.to_string())
    }

    #[test]
    fn loads_projects_partners_sites_and_links() {
        let network = load(PROJECTS, PARTNERS).unwrap();
        assert_eq!(network.projects.len(), 3);
        assert_eq!(network.partners.len(), 6);
        let p2 = network.project("P2").unwrap();
        assert_eq!((p2.field.as_str(), p2.status.as_str()), ("HF2", "finished"));
        assert_eq!(ags_of(&p2.seat).as_deref(), Some("05113000")); // Essen
        let outside = network.project("RK3").unwrap().seat.unwrap();
        assert!(!outside.in_region);

        let by_id = |id: &str| network.partners.iter().find(|p| p.id == id).unwrap();
        assert_eq!(ags_of(&by_id("b").site).as_deref(), Some("05117000")); // Mülheim
        assert_eq!(by_id("e").site.unwrap().match_kind, MatchKind::Coordinates);
        assert_eq!(by_id("d").role, Role::Loose);
        assert_eq!(by_id("f").actor_type, "association");
        assert_eq!(
            (by_id("f").role_id.as_str(), by_id("f").role),
            ("core", Role::Core)
        );
        assert_eq!(by_id("f").line, 7);

        // The unresolved place is kept, listed and explained; the empty one is not an error.
        assert!(by_id("d").site.is_none());
        assert!(by_id("c").site.is_none());
        assert_eq!(network.unresolved.len(), 1);
        let unresolved = &network.unresolved[0];
        assert_eq!(
            (unresolved.line, unresolved.partner.as_deref()),
            (5, Some("d"))
        );
        assert!(unresolved.to_string().contains("Zzyzx"), "{unresolved}");
        assert_eq!(network.without_site().count(), 2);

        let links: Vec<(&str, &str, Role)> = network
            .links()
            .map(|l| (l.from.id.as_str(), l.to.id.as_str(), l.role()))
            .collect();
        assert_eq!(
            links,
            [
                ("a", "b", Role::Core),
                ("a", "c", Role::Loose),
                ("a", "d", Role::Loose),
                ("e", "f", Role::Core)
            ]
        );
        let ids: Vec<&str> = network.network_projects().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["P1", "P2"]);
    }

    #[test]
    fn an_unknown_role_names_line_column_and_the_nearest_value() {
        let partners = PARTNERS.replace("P1;b;Hochschule;core", "P1;b;Hochschule;cora");
        let err = load(PROJECTS, &partners).unwrap_err();
        match &err {
            NetworkError::Vocabulary {
                line,
                column,
                source,
                ..
            } => {
                assert_eq!((*line, column.as_str()), (3, "role"));
                assert_eq!(source.suggestion.as_deref(), Some("core"));
                assert_eq!(source.expected, ["core", "loose"]);
            }
            other => panic!("unexpected {other}"),
        }
        let message = err.to_string();
        assert!(
            message.contains("partners.csv, line 3") && message.contains("\"cora\""),
            "{message}"
        );
    }

    #[test]
    fn unknown_actor_type_status_and_field_are_errors() {
        let partners = PARTNERS.replace(";science;", ";sience;");
        let err = load(PROJECTS, &partners).unwrap_err();
        assert!(
            matches!(&err, NetworkError::Vocabulary { source, .. } if source.suggestion.as_deref() == Some("science")),
            "{err}"
        );
        let projects = PROJECTS.replace(";running;", ";runing;");
        let err = load(&projects, PARTNERS).unwrap_err();
        assert!(
            matches!(&err, NetworkError::Vocabulary { line: 2, source, .. } if source.suggestion.as_deref() == Some("running")),
            "{err}"
        );
        let projects = PROJECTS.replace(";HF5;", ";Mobilität;");
        let err = load(&projects, PARTNERS).unwrap_err();
        assert!(
            matches!(&err, NetworkError::Vocabulary { line: 4, source, .. } if source.value == "Mobilität"),
            "{err}"
        );
        assert!(
            err.to_string().ends_with(
                "line 4, column \"field\": \"Mobilität\" is not a Handlungsfeld: expected HF1, HF2, HF3, HF4 or HF5"
            ),
            "{err}"
        );
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let partners = PARTNERS.replace("P2;f;", "P2;b;");
        let err = load(PROJECTS, &partners).unwrap_err();
        assert!(
            matches!(
                &err,
                NetworkError::DuplicateId {
                    line: 7,
                    first_line: 3,
                    what: "partner",
                    ..
                }
            ),
            "{err}"
        );
        let projects = PROJECTS.replace("RK3;", "P2;");
        let err = load(&projects, PARTNERS).unwrap_err();
        assert!(
            matches!(
                &err,
                NetworkError::DuplicateId {
                    line: 4,
                    first_line: 3,
                    what: "project",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn every_network_needs_exactly_one_coordinator() {
        let partners = PARTNERS.replace("P2;e;Stiftung;coordinator", "P2;e;Stiftung;core");
        let err = load(PROJECTS, &partners).unwrap_err();
        assert!(
            matches!(&err, NetworkError::NoCoordinator { project, lines, .. } if project == "P2" && *lines == [6, 7]),
            "{err}"
        );
        let partners = PARTNERS.replace("P1;b;Hochschule;core", "P1;b;Hochschule;Koordination");
        let err = load(PROJECTS, &partners).unwrap_err();
        assert!(
            matches!(&err, NetworkError::SeveralCoordinators { project, lines, .. } if project == "P1" && *lines == [2, 3]),
            "{err}"
        );
    }

    #[test]
    fn partners_of_unknown_projects_get_the_closest_id() {
        let partners = PARTNERS.replace("P2;f;", "P22;f;");
        let err = load(PROJECTS, &partners).unwrap_err();
        assert!(
            matches!(&err, NetworkError::UnknownProject { line: 7, value, suggestion: Some(s), .. } if value == "P22" && s == "P2"),
            "{err}"
        );
    }

    #[test]
    fn missing_columns_values_and_half_coordinates_are_errors() {
        let partners = PARTNERS.replace("actor_type", "kind");
        let err = load(PROJECTS, &partners).unwrap_err();
        assert!(
            matches!(
                &err,
                NetworkError::MissingColumn {
                    column: "actor_type",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("akteurstyp"), "{err}");
        let partners = PARTNERS.replace("P1;b;Hochschule;", "P1;b;;");
        let err = load(PROJECTS, &partners).unwrap_err();
        assert!(
            matches!(
                &err,
                NetworkError::MissingValue {
                    line: 3,
                    what: "partner name",
                    ..
                }
            ),
            "{err}"
        );
        let partners = PARTNERS.replace(";51,4556;7,0116", ";51,4556;");
        let err = load(PROJECTS, &partners).unwrap_err();
        assert!(
            matches!(&err, NetworkError::HalfCoordinates { line: 6, .. }),
            "{err}"
        );
        let partners = PARTNERS.replace(";51,4556;", ";nördlich;");
        assert!(matches!(
            load(PROJECTS, &partners),
            Err(NetworkError::Table(_))
        ));
    }

    #[test]
    fn undeclared_categories_come_as_they_are() {
        let b = Boundaries::embedded();
        let region = Region::ruhr(b);
        let scheme = SubregionScheme::preset("zonen", &region, b).unwrap();
        let geocoder = Geocoder::new(b, &region, &scheme);
        let dir = tempfile::tempdir().unwrap();
        let projects = dir.path().join("projects.csv");
        let partners = dir.path().join("partners.csv");
        std::fs::write(&projects, PROJECTS.replace(";HF5;", ";Mobilität;")).unwrap();
        std::fs::write(&partners, PARTNERS).unwrap();
        let network = Network::load(&projects, &partners, &geocoder).unwrap();
        let c = &network.categories;
        assert_eq!(c.fields.ids(), ["HF1", "hf 2", "Mobilität"]);
        assert_eq!(
            c.statuses.ids(),
            ["running", "abgeschlossen", "not_pursued"]
        );
        assert_eq!(c.statuses.label("abgeschlossen", Lang::En), "abgeschlossen");
        let styles: Vec<(&str, Role)> = c
            .roles
            .ids()
            .into_iter()
            .map(|r| (r, c.role_style(r)))
            .collect();
        assert_eq!(
            styles,
            [
                ("core", Role::Core),
                ("loose", Role::Loose),
                ("Kooperationspartner", Role::Loose),
                ("Verbundpartner:innen", Role::Core)
            ]
        );
        assert_eq!(network.coordinator_of("P1").unwrap().role_id, "coordinator");
    }

    #[test]
    fn german_headers_are_understood() {
        let projects = PROJECTS.replace(
            "id;title;field;status;coordinator;place",
            "Projekt;Titel;Handlungsfeld;Status;Koordination;Ort",
        );
        let partners = PARTNERS.replace(
            "project;id;name;role;actor_type;place;lat;lon",
            "Projekt;ID;Organisation;Rolle;Akteurstyp;Ort;Breite;Länge",
        );
        let network = load(&projects, &partners).unwrap();
        assert_eq!(network.partners.len(), 6);
        assert_eq!(network.links().count(), 4);
    }

    #[test]
    fn vocabulary_round_trips_and_labels() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert_ne!(role.label(Lang::De), role.label(Lang::En));
        }
        assert_eq!(Role::Core.label(Lang::De), "Verbundpartner:innen");
        assert_eq!(
            Role::Loose.label(Lang::De),
            "weitere Kooperationspartner:innen"
        );
        let err = "xyz".parse::<Role>().unwrap_err();
        assert_eq!(err.suggestion, None);
        assert_eq!(serde_json::to_string(&Role::Loose).unwrap(), "\"loose\"");
    }
}
