//! Watching a report: noticing that the config or a data file changed, and
//! deciding which figures, exports and tables must be rebuilt.
//!
//! Every output group has an *input fingerprint*, a hash of exactly what it
//! is made from:
//! - a figure: the language; the config sections all figures share
//!   (`[report]`, `[data]`, `[region]`, `[subregions]`, `[style]`) and its
//!   own `[[figures]]` entry, as parsed values (so comments and blank lines do
//!   not count); the region and sub-regions as loaded (members, classes,
//!   fills); the content of the sub-region mappings it uses (the report's
//!   and its own) and of a boundaries folder; and
//!   the records of the projects it shows – for a network figure each listed
//!   project with all its partners and their geocoded sites, for a seat
//!   figure every project with its seat;
//! - the exports and the tables: their own config section, the language,
//!   the region and sub-regions, and the whole network.
//!
//! [`plan_rebuild`] compares the fingerprints of the last good build with
//! the current ones: only what differs is rebuilt. Changing one partner of
//! P5 thus rebuilds the figure showing P5, the exports and the tables, and
//! leaves the other figures alone.
//!
//! [`WatchedFiles`] polls file metadata (size, modification time) and
//! hashes a file's content only when those change, so an editor that
//! rewrites a file without changing it triggers nothing. [`Watcher`] ties it
//! together for `ruhrmap watch`: a broken edit is reported with file and line
//! and the last good outputs stay in place.

use crate::boundaries::Boundaries;
use crate::boundaries::Region;
use crate::boundaries::SubregionScheme;
use crate::geocode::Geocoder;
use crate::network::{LoadedNetwork, Network, Partner, Project, Site};
use crate::report::build::{
    BuildError, BuildEvent, BuildPlan, BuildSummary, Report, ReportConfig, build_report,
};
use crate::report::config::FigureKind;
use crate::text::Lang;
use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The input fingerprints of every output group of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFingerprints {
    /// Per figure id.
    pub figures: BTreeMap<String, u64>,
    /// The GIS exports.
    pub exports: u64,
    /// The tables.
    pub tables: u64,
}

fn hash_site(h: &mut DefaultHasher, site: &Option<Site>) {
    match site {
        None => 0u8.hash(h),
        Some(s) => {
            1u8.hash(h);
            s.position.x.to_bits().hash(h);
            s.position.y.to_bits().hash(h);
            s.municipality.hash(h);
            s.in_region.hash(h);
            s.match_kind.hash(h);
        }
    }
}

fn hash_project(h: &mut DefaultHasher, p: &Project) {
    p.id.hash(h);
    p.title.hash(h);
    p.field.hash(h);
    p.status.as_str().hash(h);
    p.coordinator.hash(h);
    hash_site(h, &p.seat);
}

/// A partner as a figure sees it: everything but the line number, which
/// moves when rows are inserted above and is not drawn.
fn hash_partner(h: &mut DefaultHasher, p: &Partner) {
    p.id.hash(h);
    p.project.hash(h);
    p.name.hash(h);
    p.role.hash(h);
    p.role_id.hash(h);
    p.actor_type.hash(h);
    hash_site(h, &p.site);
}

fn hash_network(h: &mut DefaultHasher, network: &Network) {
    network.projects.len().hash(h);
    for p in &network.projects {
        hash_project(h, p);
    }
    network.partners.len().hash(h);
    for p in &network.partners {
        hash_partner(h, p);
        p.line.hash(h);
    }
    for u in &network.unresolved {
        u.path.hash(h);
        u.line.hash(h);
        u.project.hash(h);
        u.partner.hash(h);
        u.name.hash(h);
        u.place.hash(h);
        u.candidates.hash(h);
    }
}

/// The parsed value of a top-level config key, written canonically.
fn section(document: &toml::Table, key: &str) -> String {
    document.get(key).map_or(String::new(), |v| v.to_string())
}

/// Computes the fingerprints of `report`. `file_hashes` holds the content
/// hashes of the watched files ([`WatchedFiles::hashes`]); those of the data
/// files other than the projects and partners tables (a sub-region mapping,
/// a boundaries folder) go into every fingerprint.
pub fn fingerprints(
    report: &Report,
    file_hashes: &BTreeMap<PathBuf, Option<u64>>,
) -> InputFingerprints {
    let config = &report.config;
    let document: toml::Table = toml::from_str(&config.text).unwrap_or_default();
    let c = &config.figures;
    let tables_of_data = config.table_files();

    // what every output depends on
    let mut base = DefaultHasher::new();
    report.lang.code().hash(&mut base);
    section(&document, "data").hash(&mut base);
    section(&document, "region").hash(&mut base);
    section(&document, "subregions").hash(&mut base);
    report.data.region.name().hash(&mut base);
    report.data.region.members().hash(&mut base);
    report.data.subregions.name().hash(&mut base);
    report.data.subregions.classes().hash(&mut base);
    for (ags, class) in report.data.subregions.assignments() {
        ags.hash(&mut base);
        class.id.hash(&mut base);
    }
    // a mapping file of one figure counts for that figure only
    let figure_files: Vec<Option<PathBuf>> = (0..c.figures.len())
        .map(|index| config.figure_mapping_file(index))
        .collect();
    let shared_mapping = c.subregions.file.as_ref().map(|f| c.resolve(f));
    for file in config.data_files() {
        let own =
            figure_files.contains(&Some(file.clone())) && shared_mapping.as_ref() != Some(&file);
        if !tables_of_data.contains(&file) && !own {
            file.hash(&mut base);
            file_hashes.get(&file).hash(&mut base);
        }
    }
    let base = base.finish();

    let network = &report.data.network;
    let mut figures = BTreeMap::new();
    for (spec, own_file) in c.figures.iter().zip(&figure_files) {
        let mut h = DefaultHasher::new();
        base.hash(&mut h);
        if let Some(file) = own_file {
            file_hashes.get(file).hash(&mut h);
        }
        section(&document, "report").hash(&mut h);
        section(&document, "style").hash(&mut h);
        // the figure's own entry, found by id (entries may be reordered)
        let entry = document
            .get("figures")
            .and_then(|f| f.as_array())
            .and_then(|list| {
                list.iter().find(|e| {
                    e.get("id").and_then(|i| i.as_str()) == Some(spec.id.get_ref().as_str())
                })
            })
            .map_or(String::new(), |e| e.to_string());
        entry.hash(&mut h);
        match spec.kind {
            FigureKind::Network | FigureKind::Change => {
                for id in spec.project_ids() {
                    id.hash(&mut h);
                    match network.project(id) {
                        Some(p) => hash_project(&mut h, p),
                        None => 0u8.hash(&mut h),
                    }
                    for partner in network.partners_of(id) {
                        hash_partner(&mut h, partner);
                    }
                }
            }
            FigureKind::Seats | FigureKind::SeatsChange => {
                for p in &network.projects {
                    hash_project(&mut h, p);
                }
            }
        }
        figures.insert(spec.id.get_ref().clone(), h.finish());
    }
    let mut whole = DefaultHasher::new();
    base.hash(&mut whole);
    hash_network(&mut whole, network);
    let whole = whole.finish();
    let group = |key: &str, extra: &str| {
        let mut h = DefaultHasher::new();
        whole.hash(&mut h);
        section(&document, key).hash(&mut h);
        extra.hash(&mut h);
        h.finish()
    };
    InputFingerprints {
        figures,
        exports: group("exports", ""),
        // the Markdown title is the report title
        tables: group("tables", &section(&document, "report")),
    }
}

/// What must be rebuilt to go from the outputs of `previous` (the last good
/// build; `None` if there was none) to `current`: the figures whose
/// fingerprint differs or is new, in config order, and the exports and
/// tables if theirs differ.
///
/// ```
/// use ruhrmap::report::{InputFingerprints, plan_rebuild};
/// let old = InputFingerprints { figures: [("a".into(), 1), ("b".into(), 2)].into(), exports: 7, tables: 8 };
/// let new = InputFingerprints { figures: [("a".into(), 1), ("b".into(), 3), ("c".into(), 4)].into(), exports: 7, tables: 9 };
/// let plan = plan_rebuild(Some(&old), &new, &["a".into(), "c".into(), "b".into()]);
/// assert_eq!(plan.figures, ["c", "b"]);
/// assert!(!plan.exports && plan.tables);
/// assert_eq!(plan_rebuild(None, &new, &["a".into()]).figures, ["a"]);
/// ```
pub fn plan_rebuild(
    previous: Option<&InputFingerprints>,
    current: &InputFingerprints,
    figure_order: &[String],
) -> BuildPlan {
    let changed = |id: &String| previous.and_then(|p| p.figures.get(id)) != current.figures.get(id);
    BuildPlan {
        figures: figure_order
            .iter()
            .filter(|id| changed(id))
            .cloned()
            .collect(),
        exports: previous.is_none_or(|p| p.exports != current.exports),
        tables: previous.is_none_or(|p| p.tables != current.tables),
    }
}

/// What is known of a file: size, modification time, content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

fn stamp(path: &Path, previous: Option<FileStamp>) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    if let Some(p) = previous
        && p.len == len
        && p.modified == modified
        && modified.is_some()
    {
        return Some(p);
    }
    let bytes = std::fs::read(path).ok()?;
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    Some(FileStamp {
        len,
        modified,
        hash: h.finish(),
    })
}

/// A set of files polled for changes of their content.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("partners.csv");
/// std::fs::write(&path, "a").unwrap();
/// let mut files = ruhrmap::report::WatchedFiles::new(vec![path.clone()]);
/// assert!(files.poll().is_empty());
/// std::fs::write(&path, "b").unwrap();
/// assert_eq!(files.poll(), [path.clone()]);
/// std::fs::write(&path, "b").unwrap(); // rewritten, same content
/// assert!(files.poll().is_empty());
/// std::fs::remove_file(&path).unwrap();
/// assert_eq!(files.poll(), [path]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct WatchedFiles {
    stamps: BTreeMap<PathBuf, Option<FileStamp>>,
}

impl WatchedFiles {
    /// Starts watching `paths` (missing files are watched for appearing).
    pub fn new(paths: Vec<PathBuf>) -> WatchedFiles {
        let mut files = WatchedFiles::default();
        files.set_paths(paths);
        files
    }

    /// Watches exactly `paths` from now on; files already watched keep
    /// their state, new ones are stamped now.
    pub fn set_paths(&mut self, paths: Vec<PathBuf>) {
        let mut stamps = BTreeMap::new();
        for path in paths {
            let known = self.stamps.remove(&path);
            let s = match known {
                Some(s) => s,
                None => stamp(&path, None),
            };
            stamps.insert(path, s);
        }
        self.stamps = stamps;
    }

    /// The files whose content changed (or which appeared or vanished)
    /// since the last poll, in path order.
    pub fn poll(&mut self) -> Vec<PathBuf> {
        let mut changed = Vec::new();
        for (path, old) in self.stamps.iter_mut() {
            let new = stamp(path, *old);
            if new.map(|s| s.hash) != old.map(|s| s.hash) {
                changed.push(path.clone());
            }
            *old = new;
        }
        changed
    }

    /// The content hash of every watched file (`None`: missing or unreadable).
    pub fn hashes(&self) -> BTreeMap<PathBuf, Option<u64>> {
        self.stamps
            .iter()
            .map(|(p, s)| (p.clone(), s.map(|s| s.hash)))
            .collect()
    }

    /// The watched paths.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.stamps.keys().map(PathBuf::as_path)
    }
}

/// How a rebuild got its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Config and all data read anew.
    Everything,
    /// Only the projects and partners tables read anew.
    Network,
}

/// The result of one rebuild.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// How the inputs were read.
    pub reload: Reload,
    /// What was rebuilt.
    pub plan: BuildPlan,
    /// The build's summary; `None` if nothing needed rebuilding.
    pub summary: Option<BuildSummary>,
}

/// What a report's geocoder is made of, owned: a geocoder made from it
/// ([`GeocodingContext::geocoder`]) can serve every reload of the data while
/// the region and sub-regions stay the same, which saves building the name
/// index and the point locator for each edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeocodingContext {
    region: Region,
    subregions: SubregionScheme,
}

impl GeocodingContext {
    /// A geocoder on the embedded boundaries for this region and these sub-regions.
    pub fn geocoder(&self) -> Geocoder<'_> {
        Geocoder::new(Boundaries::embedded(), &self.region, &self.subregions)
    }
}

/// The state of `ruhrmap watch`: the last good report and fingerprints, and
/// the watched files.
pub struct Watcher {
    config_path: PathBuf,
    out_dir: PathBuf,
    lang: Option<Lang>,
    report: Option<Report>,
    built: Option<InputFingerprints>,
    files: WatchedFiles,
    /// The last full reload failed: the loaded report may not match the
    /// config on disk, so the next rebuild reads everything again.
    reload_everything: bool,
}

impl Watcher {
    /// A watcher for the report config at `config_path`, building into
    /// `out_dir`; nothing is read yet.
    pub fn new(config_path: &Path, out_dir: &Path, lang: Option<Lang>) -> Watcher {
        Watcher {
            config_path: config_path.to_path_buf(),
            out_dir: out_dir.to_path_buf(),
            lang,
            report: None,
            built: None,
            reload_everything: true,
            files: WatchedFiles::new(vec![config_path.to_path_buf()]),
        }
    }

    /// The files being watched.
    pub fn watched(&self) -> impl Iterator<Item = &Path> {
        self.files.paths()
    }

    /// The files that changed since the last poll.
    pub fn poll(&mut self) -> Vec<PathBuf> {
        self.files.poll()
    }

    /// The geocoding context of the loaded report, if it uses the embedded
    /// boundaries (a report with its own boundaries folder gets a new
    /// geocoder for each reload).
    pub fn geocoding_context(&self) -> Option<GeocodingContext> {
        let report = self.report.as_ref()?;
        if report.config.figures.data.boundaries.is_some() {
            return None;
        }
        Some(GeocodingContext {
            region: report.data.region.clone(),
            subregions: report.data.subregions.clone(),
        })
    }

    /// The report as last loaded, if any.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Reads what changed and rebuilds what depends on it. `changed` are the
    /// files reported by [`Watcher::poll`]; with only the projects or
    /// partners table among them, only the network is read again. On error
    /// the outputs of the last good build stay as they are, and so does the
    /// state the next rebuild is compared with.
    ///
    /// `geocoder`, if given, geocodes the reread tables; it is used only if
    /// it was made for the same boundaries, region and sub-regions as the
    /// report (see [`Watcher::geocoding_context`]), else a new one is made.
    pub fn rebuild(
        &mut self,
        changed: &[PathBuf],
        geocoder: Option<&Geocoder>,
        progress: &(dyn Fn(BuildEvent) + Sync),
    ) -> Result<Rebuild, BuildError> {
        let network_only = !self.reload_everything
            && self.report.as_ref().is_some_and(|r| {
                let tables = r.config.table_files();
                !changed.is_empty() && changed.iter().all(|p| tables.contains(p))
            });
        let reload = if network_only {
            let report = self.report.as_mut().expect("checked above");
            let fits = geocoder.filter(|g| {
                std::ptr::eq(g.boundaries(), report.data.boundaries())
                    && g.region() == &report.data.region
                    && g.subregions() == &report.data.subregions
            });
            match fits {
                Some(geocoder) => {
                    let c = &report.config.figures;
                    let LoadedNetwork {
                        network,
                        report: load_report,
                    } = Network::load_with_report(
                        &c.resolve(&c.data.projects),
                        &c.resolve(&c.data.partners),
                        geocoder,
                        &c.categories,
                    )?;
                    report.set_network(network, load_report);
                    report.compare_with_baseline()?;
                }
                None => report.reload_network()?,
            }
            Reload::Network
        } else {
            self.reload_everything = true;
            let config = ReportConfig::load(&self.config_path)?;
            // watch the data the new config names, even if they fail to load
            let mut paths = vec![self.config_path.clone()];
            paths.extend(config.data_files());
            self.files.set_paths(paths);
            self.report = Some(Report::from_config(config, self.lang)?);
            self.reload_everything = false;
            Reload::Everything
        };
        let report = self.report.as_ref().expect("loaded above");
        let current = fingerprints(report, &self.files.hashes());
        let plan = plan_rebuild(self.built.as_ref(), &current, &report.config.figure_ids());
        let summary = if plan.is_empty() {
            None
        } else {
            Some(build_report(report, &self.out_dir, &plan, progress)?)
        };
        self.built = Some(current);
        Ok(Rebuild {
            reload,
            plan,
            summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_copy() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
        for name in ["report.toml", "projects.csv", "partners.csv"] {
            std::fs::copy(src.join(name), dir.path().join(name)).unwrap();
        }
        let config = dir.path().join("report.toml");
        (dir, config)
    }

    fn figure_showing(report: &Report, project: &str) -> String {
        report
            .config
            .figures
            .figures
            .iter()
            .find(|f| f.project_ids().iter().any(|p| p == project))
            .unwrap()
            .id
            .get_ref()
            .clone()
    }

    /// A workbook with a project P1 in Dortmund and partners P1-02 in `place`.
    fn write_workbook(path: &Path, place: &str) {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let projects = [
            row(&[
                "Nr",
                "Titel",
                "Handlungsfeld",
                "Status",
                "Koordination",
                "Ort",
            ]),
            row(&["P1", "Eins", "HF1", "laufend", "TU Dortmund", "Dortmund"]),
            row(&["P2", "Zwei", "HF2", "laufend", "RUB", "Bochum"]),
        ];
        let partners = [
            row(&["Projekt", "Nr", "Name", "Rolle", "Akteurstyp", "Ort"]),
            row(&[
                "P1",
                "P1-01",
                "TU Dortmund",
                "Koordination",
                "Wissenschaft",
                "Dortmund",
            ]),
            row(&["P1", "P1-02", "Stadt", "Verbundpartner", "Kommune", place]),
            row(&[
                "P2",
                "P2-01",
                "RUB",
                "Koordination",
                "Wissenschaft",
                "Bochum",
            ]),
        ];
        let bytes =
            crate::table::workbook_bytes(&[("Projekte", &projects), ("Partner", &partners)])
                .unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn a_workbook_sheet_is_watched_as_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let workbook = dir.path().join("daten.xlsx");
        write_workbook(&workbook, "Essen");
        let config = dir.path().join("report.toml");
        std::fs::write(
            &config,
            "[data]\nprojects = \"daten.xlsx#Projekte\"\npartners = \"daten.xlsx#Partner\"\n\n\
             [[figures]]\nid = \"p1\"\nkind = \"network\"\ntitle = \"P1\"\nprojects = [\"P1\"]\n\n\
             [[figures]]\nid = \"p2\"\nkind = \"network\"\ntitle = \"P2\"\nprojects = [\"P2\"]\n",
        )
        .unwrap();
        let out = dir.path().join("out");
        let mut watcher = Watcher::new(&config, &out, None);
        watcher.rebuild(&[], None, &|_| {}).unwrap();
        let watched: Vec<&Path> = watcher.watched().collect();
        assert_eq!(watched, [workbook.as_path(), config.as_path()]);
        assert!(watcher.poll().is_empty());

        write_workbook(&workbook, "Herne");
        let changed = watcher.poll();
        assert_eq!(changed, std::slice::from_ref(&workbook));
        let rebuild = watcher.rebuild(&changed, None, &|_| {}).unwrap();
        assert_eq!(rebuild.reload, Reload::Network);
        assert_eq!(
            rebuild.plan.figures,
            ["p1"],
            "only the figure of the edited project"
        );
        assert!(
            std::fs::read_to_string(out.join("p1.svg"))
                .unwrap()
                .contains("Herne")
        );
    }

    #[test]
    fn a_partner_edit_changes_only_its_figure_exports_and_tables() {
        let (dir, config) = example_copy();
        let mut report = Report::load(&config, None).unwrap();
        let files = WatchedFiles::new(vec![config.clone()]);
        let before = fingerprints(&report, &files.hashes());
        assert_eq!(before, fingerprints(&report, &files.hashes()), "stable");

        let partners = dir.path().join("partners.csv");
        let text = std::fs::read_to_string(&partners).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("P5;") && l.contains(";core;"))
            .unwrap();
        let edited = line.replacen(";core;", ";loose;", 1);
        assert_ne!(line, edited, "the edit changes a P5 partner's role");
        std::fs::write(&partners, text.replacen(line, &edited, 1)).unwrap();
        report.reload_network().unwrap();
        let after = fingerprints(&report, &files.hashes());
        let plan = plan_rebuild(Some(&before), &after, &report.config.figure_ids());
        assert_eq!(plan.figures, [figure_showing(&report, "P5")]);
        assert!(plan.exports && plan.tables);
    }

    #[test]
    fn a_project_seat_edit_changes_the_seat_figure_and_a_comment_changes_nothing() {
        let (dir, config) = example_copy();
        let report = Report::load(&config, None).unwrap();
        let files = WatchedFiles::new(vec![config.clone()]);
        let before = fingerprints(&report, &files.hashes());

        // a comment and blank lines in the config: nothing to rebuild
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("# edited\n\n{text}")).unwrap();
        let report = Report::load(&config, None).unwrap();
        let same = fingerprints(&report, &files.hashes());
        assert!(plan_rebuild(Some(&before), &same, &report.config.figure_ids()).is_empty());

        // a project without partners gets another Handlungsfeld: only Fig. 1
        let projects = dir.path().join("projects.csv");
        let text = std::fs::read_to_string(&projects).unwrap();
        let networks: Vec<&str> = report
            .data
            .network
            .network_projects()
            .map(|p| p.id.as_str())
            .collect();
        let line = text
            .lines()
            .skip(1)
            .find(|l| !networks.contains(&l.split(';').next().unwrap()))
            .unwrap();
        let field = line.split(';').nth(2).unwrap();
        let other = if field == "HF1" { "HF2" } else { "HF1" };
        let edited = line.replacen(&format!(";{field};"), &format!(";{other};"), 1);
        std::fs::write(&projects, text.replacen(line, &edited, 1)).unwrap();
        let report = Report::load(&config, None).unwrap();
        let after = fingerprints(&report, &files.hashes());
        let plan = plan_rebuild(Some(&before), &after, &report.config.figure_ids());
        let seats: Vec<String> = report
            .config
            .figures
            .figures
            .iter()
            .filter(|f| f.kind == FigureKind::Seats)
            .map(|f| f.id.get_ref().clone())
            .collect();
        assert_eq!(plan.figures, seats);
        assert!(plan.tables && plan.exports);
    }

    #[test]
    fn a_kept_geocoder_reads_the_same_network_as_a_new_one() {
        let (dir, config) = example_copy();
        let out = dir.path().join("out");
        let mut watcher = Watcher::new(&config, &out, None);
        let first = watcher.rebuild(&[], None, &|_| {}).unwrap();
        assert_eq!(first.reload, Reload::Everything);
        assert_eq!(
            first.plan.figures.len(),
            watcher.report().unwrap().config.figures.figures.len()
        );
        let context = watcher.geocoding_context().unwrap();
        let geocoder = context.geocoder();

        let partners = dir.path().join("partners.csv");
        let text = std::fs::read_to_string(&partners).unwrap();
        std::fs::write(&partners, text.replacen(";Dortmund;", ";Unna;", 1)).unwrap();
        let changed = watcher.poll();
        assert_eq!(changed, std::slice::from_ref(&partners));
        let kept = watcher.rebuild(&changed, Some(&geocoder), &|_| {}).unwrap();
        assert_eq!(kept.reload, Reload::Network);
        assert!(!kept.plan.is_empty());
        let with_kept = watcher.report().unwrap().data.network.clone();

        let mut fresh = Report::load(&config, None).unwrap();
        fresh.reload_network().unwrap();
        assert_eq!(with_kept, fresh.data.network);

        // nothing changed: nothing to rebuild
        let again = watcher.rebuild(&changed, Some(&geocoder), &|_| {}).unwrap();
        assert!(again.plan.is_empty() && again.summary.is_none());
    }

    #[test]
    fn after_a_broken_edit_the_next_good_one_rebuilds_against_the_last_good_build() {
        let (dir, config) = example_copy();
        let out = dir.path().join("out");
        let mut watcher = Watcher::new(&config, &out, None);
        watcher.rebuild(&[], None, &|_| {}).unwrap();
        let good = std::fs::read_to_string(&config).unwrap();
        let partners = dir.path().join("partners.csv");
        let good_partners = std::fs::read_to_string(&partners).unwrap();

        // the config gets a syntax error: the error names the line
        std::fs::write(&config, good.replacen("[style]", "[style", 1)).unwrap();
        let err = {
            let changed = watcher.poll();
            watcher.rebuild(&changed, None, &|_| {})
        }
        .unwrap_err();
        let line = good.lines().position(|l| l == "[style]").unwrap() + 1;
        assert!(err.to_string().contains(&format!("line {line}")), "{err}");

        // then the partners change while the config is still broken: still the config error
        std::fs::write(&partners, good_partners.replacen(";Dortmund;", ";Unna;", 1)).unwrap();
        let err = {
            let changed = watcher.poll();
            watcher.rebuild(&changed, None, &|_| {})
        }
        .unwrap_err();
        assert!(err.to_string().contains("report.toml"), "{err}");

        // the config is fixed with a new label size: all figures (style) plus
        // exports and tables (partners) are rebuilt, compared with the last good build
        std::fs::write(&config, good.replacen("label_pt = 6.5", "label_pt = 7", 1)).unwrap();
        let rebuild = {
            let changed = watcher.poll();
            watcher.rebuild(&changed, None, &|_| {})
        }
        .unwrap();
        assert_eq!(rebuild.reload, Reload::Everything);
        assert_eq!(
            rebuild.plan.figures.len(),
            watcher.report().unwrap().config.figure_ids().len()
        );
        assert!(rebuild.plan.exports && rebuild.plan.tables);
    }

    #[test]
    fn a_figure_mapping_file_is_watched_and_changes_only_its_figure() {
        let (dir, config) = example_copy();
        let mapping = dir.path().join("teilraeume.csv");
        std::fs::write(&mapping, "Gemeinde;Teilraum\nBochum;Mitte\nEssen;Mitte\n").unwrap();
        let text = std::fs::read_to_string(&config).unwrap();
        let id_line = "id = \"abb-3-netzwerke-p4-p7\"";
        assert!(text.contains(id_line));
        std::fs::write(
            &config,
            text.replacen(
                id_line,
                &format!("{id_line}\nsubregions = \"teilraeume.csv\""),
                1,
            ),
        )
        .unwrap();
        let mut watcher = Watcher::new(&config, &dir.path().join("out"), None);
        watcher.rebuild(&[], None, &|_| {}).unwrap();
        assert!(watcher.watched().any(|p| p == mapping));

        std::fs::write(&mapping, "Gemeinde;Teilraum\nBochum;Mitte\nEssen;West\n").unwrap();
        let changed = watcher.poll();
        assert_eq!(changed, std::slice::from_ref(&mapping));
        let rebuild = watcher.rebuild(&changed, None, &|_| {}).unwrap();
        assert_eq!(rebuild.plan.figures, ["abb-3-netzwerke-p4-p7"]);
        assert!(!rebuild.plan.exports && !rebuild.plan.tables);
    }

    #[test]
    fn a_style_edit_changes_every_figure_but_not_exports_or_tables() {
        let (_dir, config) = example_copy();
        let report = Report::load(&config, None).unwrap();
        let files = WatchedFiles::new(vec![config.clone()]);
        let before = fingerprints(&report, &files.hashes());
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, text.replacen("label_pt = 6.5", "label_pt = 7", 1)).unwrap();
        let report = Report::load(&config, None).unwrap();
        let after = fingerprints(&report, &files.hashes());
        let plan = plan_rebuild(Some(&before), &after, &report.config.figure_ids());
        assert_eq!(plan.figures, report.config.figure_ids());
        assert!(!plan.exports && !plan.tables);
        // another language changes everything
        let english = Report::load(&config, Some(Lang::En)).unwrap();
        let en = fingerprints(&english, &files.hashes());
        let plan = plan_rebuild(Some(&after), &en, &report.config.figure_ids());
        assert_eq!(plan.figures.len(), report.config.figures.figures.len());
        assert!(plan.exports && plan.tables);
    }
}
