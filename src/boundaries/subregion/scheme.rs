//! Sub-regions: the classes by which the municipalities of a region are
//! shaded in the figures and summed up in the tables, and the presets that
//! ship with the crate.
//!
//! The administrative presets `kreise`, `regierungsbezirke` and `laender`
//! work for any region: they are read off the AGS and the municipality data.
//! The Ruhr's own presets `zonen` and `nord-sued` are data, not code: they
//! live in `assets/subregions/` (one CSV of municipalities per preset, one
//! TOML of classes with labels and fills; the reasoning is in the README
//! there) and are compiled into the binary. A user mapping file
//! replaces a preset; reading those files is the business of
//! [`crate::subregion_mapping`].

use crate::boundaries::admin_units::{AdminLevel, AdminUnit};
use crate::boundaries::ags::Ags;
use crate::boundaries::subregion::colouring::{choose_fills, class_neighbours};
use crate::boundaries::subregion::error::SubregionError;

use crate::boundaries::boundary_set::Boundaries;

use crate::text::{Lang, line_of_offset, suggestion, transliterate_char};

use crate::boundaries::region::Region;
use std::collections::BTreeMap;
use std::path::Path;

/// The preset used for the Regionalverband Ruhr when a report names none
/// (other regions: [`SubregionScheme::default_for`]).
pub const DEFAULT_SUBREGION_PRESET: &str = "zonen";

/// The names of the presets, in the order they are offered.
pub const SUBREGION_PRESETS: [&str; 6] = [
    "kreise",
    "zonen",
    "nord-sued",
    "regierungsbezirke",
    "laender",
    "none",
];

const CLASSES_TOML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/subregions/classes.toml"
));
const ZONEN_CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/subregions/zonen.csv"
));
const NORD_SUED_CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/subregions/nord-sued.csv"
));

/// One class of a sub-region scheme, e.g. the Hellwegzone.
///
/// ```
/// use ruhrmap::{Boundaries, Lang, Region, SubregionScheme};
/// let b = Boundaries::embedded();
/// let zonen = SubregionScheme::preset("zonen", &Region::ruhr(b), b).unwrap();
/// let essen = zonen.of("05113000".parse().unwrap()).unwrap();
/// assert_eq!(essen.id, "hellwegzone");
/// assert_eq!(essen.label(Lang::De), "Hellwegzone");
/// assert_eq!(essen.label(Lang::En), "Hellweg zone");
/// assert!(essen.fill.starts_with('#') && essen.fill.len() == 7);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Subregion {
    /// A stable identifier of lowercase ASCII letters, digits and hyphens, used
    /// in SVG ids, exports and tables (`hellwegzone`, `kreis-wesel`).
    pub id: String,
    /// The German label shown in legends and tables.
    pub label_de: String,
    /// The English label.
    pub label_en: String,
    /// The fill colour as `#rrggbb` (lowercase hex).
    pub fill: String,
}

impl Subregion {
    /// The label in the given language.
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.label_de, &self.label_en)
    }
}

/// A sub-region scheme: named classes in display order and the class of each
/// member of a region.
///
/// Only members of the region the scheme was built for have a class; every
/// other municipality gets `None` from [`SubregionScheme::of`]. Members the
/// source leaves out are listed by [`SubregionScheme::unassigned`].
///
/// ```
/// use ruhrmap::{Boundaries, Region, SubregionScheme};
/// let b = Boundaries::embedded();
/// let ruhr = Region::ruhr(b);
/// let scheme = SubregionScheme::preset("nord-sued", &ruhr, b).unwrap();
/// let gelsenkirchen = "05513000".parse().unwrap();
/// let bochum = "05911000".parse().unwrap();
/// assert_eq!(scheme.of(gelsenkirchen).unwrap().id, "nord");
/// assert_eq!(scheme.of(bochum).unwrap().id, "rest");
/// assert!(scheme.of("05515000".parse().unwrap()).is_none()); // Münster: outside the region
/// assert!(scheme.unassigned().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubregionScheme {
    name: String,
    classes: Vec<Subregion>,
    /// AGS → index into `classes`.
    assignment: BTreeMap<Ags, usize>,
    /// Region members without a class, sorted.
    unassigned: Vec<Ags>,
    /// Pairs of classes `(a, b)`, `a < b`, whose members share a border.
    neighbours: Vec<(usize, usize)>,
}

/// The class records of `classes.toml`.
#[derive(serde::Deserialize)]
struct PresetClasses {
    #[serde(rename = "zonen")]
    zonen: Vec<Subregion>,
    #[serde(rename = "nord-sued")]
    nord_sued: Vec<Subregion>,
    palette: Palette,
}

#[derive(serde::Deserialize)]
struct Palette {
    fills: Vec<String>,
}

impl SubregionScheme {
    /// A built-in preset restricted to the members of `region`:
    /// - `kreise`: the Kreise and kreisfreie Städte, from the first five AGS
    ///   digits, named as VG250 names them (any region);
    /// - `regierungsbezirke`: the Regierungsbezirke (a Land without them is
    ///   one class, named after the Land; any region);
    /// - `laender`: the Länder (any region);
    /// - `none`: no classes, nothing shaded (any region);
    /// - `zonen`: the landscape and mining belts of the Ruhr: Linker
    ///   Niederrhein, Lippezone, Vestische Zone, Emscherzone, Hellwegzone and
    ///   Ruhrzone, approximated by whole municipalities (the Ruhr's default);
    /// - `nord-sued`: the northern Ruhr against the rest.
    ///
    /// The names are matched case-insensitively, and `nord-süd`, `nordsued`,
    /// `zones`, `districts`, `länder`, `states` and `keine` are understood
    /// too. Classes without a member in the region are left out, so legends
    /// show only what the map shows. `zonen` or `nord-sued` for a region
    /// sharing no municipality with the Ruhr is an error.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let kreise = SubregionScheme::preset("kreise", &Region::ruhr(b), b).unwrap();
    /// assert_eq!(kreise.classes().len(), 15);
    /// let unna = Region::from_selectors("Unna", &["Kreis Unna".into()], b).unwrap();
    /// let zonen = SubregionScheme::preset("zonen", &unna, b).unwrap();
    /// let ids: Vec<&str> = zonen.classes().iter().map(|c| c.id.as_str()).collect();
    /// assert_eq!(ids, ["lippezone", "hellwegzone", "ruhrzone"]);
    /// assert!(SubregionScheme::preset("zonenn", &unna, b).is_err());
    /// ```
    pub fn preset(
        name: &str,
        region: &Region,
        boundaries: &Boundaries,
    ) -> Result<SubregionScheme, SubregionError> {
        let preset = canonical_preset_name(name).ok_or_else(|| SubregionError::UnknownPreset {
            name: name.to_string(),
            suggestion: closest_preset(name),
        })?;
        let classes = preset_classes()?;
        let level = match preset {
            "none" => return Ok(SubregionScheme::none(region)),
            "kreise" => Some(AdminLevel::Kreis),
            "regierungsbezirke" => Some(AdminLevel::Regierungsbezirk),
            "laender" => Some(AdminLevel::Land),
            _ => None,
        };
        if let Some(level) = level {
            return Ok(SubregionScheme::administrative(
                preset, level, &classes, region, boundaries,
            ));
        }
        let (class_list, members_csv, file) = match preset {
            "zonen" => (classes.zonen, ZONEN_CSV, "zonen.csv"),
            _ => (classes.nord_sued, NORD_SUED_CSV, "nord-sued.csv"),
        };
        let members = preset_members(preset, file, members_csv, &class_list)?;
        let scheme = SubregionScheme::from_parts(
            preset,
            class_list,
            members,
            (region, boundaries),
            &classes.palette.fills,
        );
        if scheme.assignment.is_empty() {
            return Err(SubregionError::NoOverlap {
                scheme: preset.to_string(),
                region: region.name().to_string(),
            });
        }
        Ok(scheme)
    }

    /// A scheme from a setting that names either a preset or a mapping
    /// file (`--subregions`, a report's `[subregions]` or a figure's
    /// `subregions`): a mapping file if the setting has an extension (preset
    /// names have none; an unsupported one is then reported as such) or names
    /// an existing file, a preset otherwise. A relative file is taken from
    /// `base` (the config's folder; the working folder for the command line).
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SubregionScheme};
    /// use std::path::Path;
    /// let b = Boundaries::embedded();
    /// let ruhr = Region::ruhr(b);
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("achsen.csv"), "ags,subregion\n05911000,Mitte\n").unwrap();
    /// let file = SubregionScheme::from_spec("achsen.csv", dir.path(), &ruhr, b).unwrap();
    /// assert_eq!(file.name(), "achsen");
    /// let preset = SubregionScheme::from_spec("Kreise", dir.path(), &ruhr, b).unwrap();
    /// assert_eq!(preset.classes().len(), 15);
    /// ```
    pub fn from_spec(
        spec: &str,
        base: &Path,
        region: &Region,
        boundaries: &Boundaries,
    ) -> Result<SubregionScheme, SubregionError> {
        let path = base.join(spec);
        if Path::new(spec).extension().is_some() || path.is_file() {
            SubregionScheme::from_file(&path, region, boundaries)
        } else {
            SubregionScheme::preset(spec, region, boundaries)
        }
    }

    /// The sub-regions of a report that names none: `zonen` for the
    /// Regionalverband Ruhr; for any other region the first of Länder,
    /// Regierungsbezirke and Kreise that splits it into more than one class,
    /// or its one Kreis.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let name = |selectors: &[&str]| {
    ///     let sel: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
    ///     let region = Region::from_selectors("x", &sel, b).unwrap();
    ///     SubregionScheme::default_for(&region, b).unwrap().name().to_string()
    /// };
    /// assert_eq!(SubregionScheme::default_for(&Region::ruhr(b), b).unwrap().name(), "zonen");
    /// assert_eq!(name(&["Nordrhein-Westfalen"]), "regierungsbezirke");
    /// assert_eq!(name(&["05515", "05554", "05558", "05566", "05570"]), "kreise");
    /// assert_eq!(name(&["05", "06"]), "laender");
    /// ```
    pub fn default_for(
        region: &Region,
        boundaries: &Boundaries,
    ) -> Result<SubregionScheme, SubregionError> {
        if region.members() == Region::ruhr(boundaries).members() {
            return SubregionScheme::preset(DEFAULT_SUBREGION_PRESET, region, boundaries);
        }
        let classes = preset_classes()?;
        let levels = [
            ("laender", AdminLevel::Land),
            ("regierungsbezirke", AdminLevel::Regierungsbezirk),
            ("kreise", AdminLevel::Kreis),
        ];
        let mut scheme = SubregionScheme::none(region);
        for (name, level) in levels {
            scheme = SubregionScheme::administrative(name, level, &classes, region, boundaries);
            if scheme.classes.len() > 1 {
                break;
            }
        }
        Ok(scheme)
    }

    /// The administrative units of `level` that the region's members lie in,
    /// in AGS order; fills chosen from the palette so that neighbours differ.
    fn administrative(
        name: &str,
        level: AdminLevel,
        presets: &PresetClasses,
        region: &Region,
        boundaries: &Boundaries,
    ) -> SubregionScheme {
        let mut keys: BTreeMap<String, usize> = BTreeMap::new();
        let mut classes: Vec<Subregion> = Vec::new();
        let mut used_ids: Vec<String> = Vec::new();
        let mut members = Vec::with_capacity(region.members().len());
        for &ags in region.members() {
            let Some(m) = boundaries.by_ags(ags) else {
                continue;
            };
            let unit = AdminUnit::of(level, m);
            let class = *keys.entry(unit.key).or_insert_with(|| {
                let id = unique_id(&slug(&unit.label_de), &used_ids);
                used_ids.push(id.clone());
                classes.push(Subregion {
                    id,
                    label_de: unit.label_de,
                    label_en: unit.label_en,
                    fill: String::new(),
                });
                classes.len() - 1
            });
            members.push((ags, class));
        }
        SubregionScheme::from_parts(
            name,
            classes,
            members,
            (region, boundaries),
            &presets.palette.fills,
        )
    }

    /// Reads a user mapping that replaces a preset; the format follows the
    /// extension:
    /// - `.csv` (also `.tsv`, `.txt`): a header row, a column `ags` and/or
    ///   `name` (also `gemeinde`, `municipality`, `gemeindeschlüssel`) and a
    ///   column `subregion` (also `teilraum`, `zone`, `klasse`, `class`);
    ///   optional `label_en` and `fill` columns. It is read by the table
    ///   reader ([`crate::table::read_delimited_table`]): the delimiter (`,`,
    ///   `;` or tab) and the encoding (UTF-8 with or without BOM, UTF-16 with
    ///   BOM, or Windows-1252) are detected as Excel writes them; header
    ///   names are compared by [`crate::table::header_key`], so `Teilraum
    ///   (Name)` is `teilraum`. A row may name a whole Kreis. TOML and
    ///   GeoJSON mappings are decoded the same way.
    /// - `.toml`: a table `[subregions]` of `name = [members]` (AGS, names of
    ///   municipalities or Kreise), optional tables `[label_en]` and `[fill]`
    ///   keyed by sub-region name, and an optional top-level `name`.
    /// - `.geojson`/`.json`: Polygon or MultiPolygon features in WGS84 with a
    ///   property `subregion` (or `name`, `label_de`, `label`, `id`), optional
    ///   `label_en` and `fill`; a municipality belongs to the polygon holding
    ///   its representative point ([`crate::boundaries::municipality::Municipality::point`]).
    ///
    /// Classes keep the order of their first appearance; classes without a
    /// fill get the next tint of the built-in palette.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("teilraeume.csv");
    /// std::fs::write(&path, "Gemeinde;Teilraum\nBochum;Mitte\nKreis Wesel;West\n").unwrap();
    /// let scheme = SubregionScheme::from_file(&path, &Region::ruhr(b), b).unwrap();
    /// assert_eq!(scheme.of("05911000".parse().unwrap()).unwrap().label_de, "Mitte");
    /// assert_eq!(scheme.of("05170048".parse().unwrap()).unwrap().id, "west"); // Wesel
    /// assert_eq!(scheme.unassigned().len(), 53 - 1 - 13);
    /// ```
    pub fn from_file(
        path: &Path,
        region: &Region,
        boundaries: &Boundaries,
    ) -> Result<SubregionScheme, SubregionError> {
        let mapping =
            crate::boundaries::subregion::mapping::read_mapping(path, region, boundaries)?;
        let palette = preset_classes()?.palette.fills;
        let mut classes = Vec::with_capacity(mapping.classes.len());
        let mut used_ids: Vec<String> = Vec::new();
        for class in mapping.classes {
            let id = unique_id(&slug(&class.label_de), &used_ids);
            used_ids.push(id.clone());
            classes.push(Subregion {
                id,
                label_en: class.label_en.unwrap_or_else(|| class.label_de.clone()),
                label_de: class.label_de,
                fill: class.fill.unwrap_or_default(),
            });
        }
        let scheme = SubregionScheme::from_parts(
            &mapping.name,
            classes,
            mapping.members,
            (region, boundaries),
            &palette,
        );
        if scheme.assignment.is_empty() {
            return Err(SubregionError::NoOverlap {
                scheme: scheme.name.clone(),
                region: region.name().to_string(),
            });
        }
        Ok(scheme)
    }

    /// A scheme without classes: no municipality is shaded. Every member of
    /// `region` is unassigned.
    ///
    /// ```
    /// let b = ruhrmap::Boundaries::embedded();
    /// let none = ruhrmap::SubregionScheme::none(&ruhrmap::Region::ruhr(b));
    /// assert!(none.classes().is_empty());
    /// assert_eq!(none.unassigned().len(), 53);
    /// ```
    pub fn none(region: &Region) -> SubregionScheme {
        SubregionScheme {
            name: "none".to_string(),
            classes: Vec::new(),
            assignment: BTreeMap::new(),
            unassigned: region.members().to_vec(),
            neighbours: Vec::new(),
        }
    }

    /// Builds a scheme from classes and `(AGS, class index)` pairs, keeping
    /// only members of the region and classes that have at least one. A
    /// class whose `fill` is empty gets one from `palette`, chosen so that
    /// neighbouring classes differ ([`choose_fills`]); the others keep theirs.
    fn from_parts(
        name: &str,
        classes: Vec<Subregion>,
        members: Vec<(Ags, usize)>,
        (region, boundaries): (&Region, &Boundaries),
        palette: &[String],
    ) -> SubregionScheme {
        let mut used = vec![false; classes.len()];
        let mut raw: BTreeMap<Ags, usize> = BTreeMap::new();
        for (ags, class) in members {
            if region.contains(ags) && boundaries.by_ags(ags).is_some() {
                used[class] = true;
                raw.insert(ags, class);
            }
        }
        // Renumber the classes that are kept, preserving their order.
        let mut new_index = vec![usize::MAX; classes.len()];
        let mut kept = Vec::new();
        for (i, class) in classes.into_iter().enumerate() {
            if used[i] {
                new_index[i] = kept.len();
                kept.push(class);
            }
        }
        let assignment: BTreeMap<Ags, usize> = raw
            .into_iter()
            .map(|(ags, c)| (ags, new_index[c]))
            .collect();
        let unassigned = region
            .members()
            .iter()
            .copied()
            .filter(|ags| !assignment.contains_key(ags))
            .collect();
        let mut class_of = vec![None; boundaries.municipalities().len()];
        for (&ags, &class) in &assignment {
            if let Some(i) = boundaries.index_of(ags) {
                class_of[i.index()] = Some(class);
            }
        }
        let neighbours = class_neighbours(boundaries.render_topology(), &class_of);
        let declared: Vec<Option<String>> = kept
            .iter()
            .map(|c| (!c.fill.is_empty()).then(|| c.fill.clone()))
            .collect();
        let fills = choose_fills(&declared, &neighbours, palette);
        for (class, fill) in kept.iter_mut().zip(fills) {
            class.fill = fill;
        }
        SubregionScheme {
            name: name.to_string(),
            classes: kept,
            assignment,
            unassigned,
            neighbours,
        }
    }

    /// The scheme's name: the preset name, or for a mapping file its `name`
    /// entry or file stem.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The classes in display (legend) order.
    pub fn classes(&self) -> &[Subregion] {
        &self.classes
    }

    /// The pairs of classes `(a, b)` (indices into
    /// [`SubregionScheme::classes`], `a < b`) whose members share a border,
    /// sorted. Their fills differ.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let s = SubregionScheme::preset("kreise", &Region::ruhr(b), b).unwrap();
    /// let essen = s.classes().iter().position(|c| c.id == "essen").unwrap();
    /// let bordering = s.neighbours().iter().filter(|(x, y)| *x == essen || *y == essen).count();
    /// assert!(bordering >= 6);
    /// for &(x, y) in s.neighbours() {
    ///     assert_ne!(s.classes()[x].fill, s.classes()[y].fill);
    /// }
    /// ```
    pub fn neighbours(&self) -> &[(usize, usize)] {
        &self.neighbours
    }

    /// The class of a municipality, or `None` if it is not a member of the
    /// region or the scheme leaves it out.
    pub fn of(&self, ags: Ags) -> Option<&Subregion> {
        self.assignment.get(&ags).map(|&i| &self.classes[i])
    }

    /// The position of a municipality's class in [`SubregionScheme::classes`].
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let s = SubregionScheme::preset("nord-sued", &Region::ruhr(b), b).unwrap();
    /// assert_eq!(s.class_index("05562032".parse().unwrap()), Some(0)); // Recklinghausen: nord
    /// ```
    pub fn class_index(&self, ags: Ags) -> Option<usize> {
        self.assignment.get(&ags).copied()
    }

    /// The class with this id.
    pub fn class(&self, id: &str) -> Option<&Subregion> {
        self.classes.iter().find(|c| c.id == id)
    }

    /// The members of a class, in AGS order.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let s = SubregionScheme::preset("kreise", &Region::ruhr(b), b).unwrap();
    /// assert_eq!(s.members_of("kreis-unna").count(), 10);
    /// ```
    pub fn members_of<'s>(&'s self, id: &'s str) -> impl Iterator<Item = Ags> + 's {
        let index = self.classes.iter().position(|c| c.id == id);
        self.assignment
            .iter()
            .filter(move |&(_, &c)| Some(c) == index)
            .map(|(&ags, _)| ags)
    }

    /// Every assigned municipality with its class, in AGS order.
    pub fn assignments(&self) -> impl Iterator<Item = (Ags, &Subregion)> + '_ {
        self.assignment
            .iter()
            .map(|(&ags, &i)| (ags, &self.classes[i]))
    }

    /// The members of the region that have no class, in AGS order (for a
    /// warning: they are drawn unshaded).
    pub fn unassigned(&self) -> &[Ags] {
        &self.unassigned
    }
}

/// Maps the accepted spellings of a preset name to the canonical one.
fn canonical_preset_name(name: &str) -> Option<&'static str> {
    let key: String = name
        .trim()
        .to_lowercase()
        .replace('ü', "ue")
        .replace('ä', "ae")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match key.as_str() {
        "kreise" | "districts" | "kreisundkreisfreiestaedte" => Some("kreise"),
        "zonen" | "zones" => Some("zonen"),
        "nordsued" | "northsouth" => Some("nord-sued"),
        "regierungsbezirke" | "regierungsbezirk" | "regbez" | "governmentregions" => {
            Some("regierungsbezirke")
        }
        "laender" | "land" | "bundeslaender" | "states" | "lander" => Some("laender"),
        "none" | "keine" | "ohne" => Some("none"),
        _ => None,
    }
}

fn closest_preset(name: &str) -> Option<String> {
    suggestion(name, SUBREGION_PRESETS.iter().map(|p| (*p, *p))).map(str::to_string)
}

/// Every fill the built-in presets draw with: the classes' own fills
/// (`zonen`, `nord-sued`) and the palette the others are coloured from
/// (`classes.toml`).
///
/// ```
/// let fills = ruhrmap::boundaries::preset_fills();
/// assert!(fills.len() >= 10 && fills.iter().all(|f| f.starts_with('#')));
/// ```
pub fn preset_fills() -> Vec<String> {
    let Ok(presets) = preset_classes() else {
        return Vec::new();
    };
    presets
        .zonen
        .iter()
        .chain(&presets.nord_sued)
        .map(|c| c.fill.clone())
        .chain(presets.palette.fills)
        .collect()
}

fn preset_classes() -> Result<PresetClasses, SubregionError> {
    toml::from_str(CLASSES_TOML).map_err(|e| SubregionError::InvalidPreset {
        preset: "all".to_string(),
        file: "classes.toml",
        line: e
            .span()
            .map(|s| line_of_offset(CLASSES_TOML, s.start))
            .unwrap_or(1),
        message: e.message().to_string(),
    })
}

/// Parses a preset's `ags,name,subregion` CSV into `(AGS, class index)` pairs.
fn preset_members(
    preset: &str,
    file: &'static str,
    text: &str,
    classes: &[Subregion],
) -> Result<Vec<(Ags, usize)>, SubregionError> {
    let invalid = |line: u64, message: String| SubregionError::InvalidPreset {
        preset: preset.to_string(),
        file,
        line,
        message,
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut members = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(1);
            invalid(line, e.to_string())
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(1);
        let ags: Ags = record
            .get(0)
            .unwrap_or_default()
            .parse()
            .map_err(|e: crate::boundaries::ags::AgsError| invalid(line, e.to_string()))?;
        let class_id = record.get(2).unwrap_or_default();
        let class = classes
            .iter()
            .position(|c| c.id == class_id)
            .ok_or_else(|| {
                invalid(
                    line,
                    format!("sub-region {class_id:?} is not defined in classes.toml"),
                )
            })?;
        members.push((ags, class));
    }
    Ok(members)
}

/// A lowercase ASCII identifier for a label: umlauts transliterated, every
/// other run of non-alphanumerics a single hyphen.
///
/// `"Nördliches Ruhrgebiet"` becomes `noerdliches-ruhrgebiet`.
pub(crate) fn slug(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars().flat_map(char::to_lowercase) {
        let piece: &str = match (transliterate_char(c), c) {
            (Some(german), _) => german,
            (None, 'é' | 'è' | 'ê') => "e",
            (None, 'à' | 'á' | 'â') => "a",
            (None, c) if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if piece == "-" {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(piece);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("subregion");
    }
    out
}

fn unique_id(base: &str, used: &[String]) -> String {
    if !used.iter().any(|u| u == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !used.iter().any(|u| u == candidate))
        .expect("an unused suffix exists")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ruhr() -> (&'static Boundaries, Region) {
        let b = Boundaries::embedded();
        (b, Region::ruhr(b))
    }

    #[test]
    fn every_preset_assigns_all_53_members_of_the_ruhr() {
        let (b, region) = ruhr();
        assert_eq!(region.members().len(), 53);
        for preset in SUBREGION_PRESETS.iter().filter(|p| **p != "none") {
            let scheme = SubregionScheme::preset(preset, &region, b).unwrap();
            assert!(
                scheme.unassigned().is_empty(),
                "{preset} leaves {:?} out",
                scheme.unassigned()
            );
            for &ags in region.members() {
                assert!(scheme.of(ags).is_some(), "{preset}: {ags} unassigned");
            }
            assert_eq!(scheme.assignments().count(), 53, "{preset}");
        }
    }

    #[test]
    fn preset_files_list_each_member_once_with_its_official_name() {
        let (b, region) = ruhr();
        for (preset, text) in [("zonen", ZONEN_CSV), ("nord-sued", NORD_SUED_CSV)] {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let mut seen = BTreeSet::new();
            for record in reader.records() {
                let record = record.unwrap();
                let ags: Ags = record[0].parse().unwrap();
                assert!(seen.insert(ags), "{preset}: {ags} twice");
                assert!(region.contains(ags), "{preset}: {ags} is not in the RVR");
                assert_eq!(
                    b.by_ags(ags).unwrap().name,
                    &record[1],
                    "{preset}: name of {ags}"
                );
            }
            assert_eq!(seen.len(), 53, "{preset}");
        }
    }

    #[test]
    fn every_class_of_a_preset_has_members_and_a_valid_unique_id() {
        let (b, region) = ruhr();
        let classes = preset_classes().unwrap();
        for (preset, list) in [("zonen", &classes.zonen), ("nord-sued", &classes.nord_sued)] {
            let scheme = SubregionScheme::preset(preset, &region, b).unwrap();
            assert_eq!(
                scheme.classes().len(),
                list.len(),
                "{preset}: a class has no member"
            );
            let ids: BTreeSet<&str> = list.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(ids.len(), list.len(), "{preset}: duplicate id");
            for class in list {
                assert_eq!(
                    slug(&class.id),
                    class.id,
                    "{preset}: id {:?} is not a slug",
                    class.id
                );
                assert!(
                    is_hex_colour(&class.fill),
                    "{preset}: fill {:?}",
                    class.fill
                );
            }
        }
    }

    fn is_hex_colour(s: &str) -> bool {
        s.len() == 7
            && s.starts_with('#')
            && s[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    #[test]
    fn kreise_classes_are_the_districts_of_their_members() {
        let (b, region) = ruhr();
        let scheme = SubregionScheme::preset("kreise", &region, b).unwrap();
        assert_eq!(scheme.classes().len(), 15);
        for (ags, class) in scheme.assignments() {
            assert_eq!(b.by_ags(ags).unwrap().district, class.label_de, "{ags}");
        }
    }

    #[test]
    fn administrative_presets_work_for_any_region() {
        let b = Boundaries::embedded();
        let muensterland = Region::from_selectors(
            "Münsterland",
            &["05515", "05554", "05558", "05566", "05570"].map(String::from),
            b,
        )
        .unwrap();
        let kreise = SubregionScheme::preset("kreise", &muensterland, b).unwrap();
        let labels: Vec<&str> = kreise
            .classes()
            .iter()
            .map(|c| c.label_de.as_str())
            .collect();
        assert_eq!(
            labels,
            [
                "Münster",
                "Kreis Borken",
                "Kreis Coesfeld",
                "Kreis Steinfurt",
                "Kreis Warendorf"
            ]
        );
        assert!(kreise.unassigned().is_empty());
        let fills: BTreeSet<&str> = kreise.classes().iter().map(|c| c.fill.as_str()).collect();
        assert_eq!(fills.len(), 5, "{fills:?}");
        let rb = SubregionScheme::preset("Regierungsbezirke", &muensterland, b).unwrap();
        assert_eq!(rb.classes().len(), 1);
        assert_eq!(rb.classes()[0].id, "regierungsbezirk-muenster");
        let none = SubregionScheme::preset("keine", &muensterland, b).unwrap();
        assert!(none.classes().is_empty());
        assert_eq!(none.unassigned().len(), muensterland.members().len());
        let nrw = Region::from_selectors("NRW", &["05".to_string()], b).unwrap();
        let default = SubregionScheme::default_for(&nrw, b).unwrap();
        assert_eq!(default.name(), "regierungsbezirke");
        let ids: Vec<&str> = default.classes().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "regierungsbezirk-duesseldorf",
                "regierungsbezirk-koeln",
                "regierungsbezirk-muenster",
                "regierungsbezirk-detmold",
                "regierungsbezirk-arnsberg"
            ]
        );
        assert_eq!(default.assignments().count(), nrw.members().len());
        assert_eq!(
            SubregionScheme::default_for(&muensterland, b)
                .unwrap()
                .name(),
            "kreise"
        );
        // the same input, the same scheme
        assert_eq!(SubregionScheme::default_for(&nrw, b).unwrap(), default);
    }

    #[test]
    fn zonen_puts_the_big_cities_where_the_geography_does() {
        let (b, region) = ruhr();
        let scheme = SubregionScheme::preset(DEFAULT_SUBREGION_PRESET, &region, b).unwrap();
        let zone = |ags: &str| scheme.of(ags.parse().unwrap()).unwrap().id.clone();
        for hellweg in ["05112000", "05113000", "05911000", "05913000"] {
            assert_eq!(zone(hellweg), "hellwegzone", "{hellweg}");
        }
        for emscher in ["05119000", "05512000", "05513000", "05916000"] {
            assert_eq!(zone(emscher), "emscherzone", "{emscher}");
        }
        assert_eq!(zone("05914000"), "ruhrzone"); // Hagen
        for en in region.members().iter().filter(|a| a.has_prefix("05954")) {
            assert_eq!(scheme.of(*en).unwrap().id, "ruhrzone", "{en}");
        }
        let ids: Vec<&str> = scheme.classes().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 6);
    }

    #[test]
    fn the_northern_ruhr_is_the_emscher_vest_and_lippe_zones() {
        let (b, region) = ruhr();
        let zonen = SubregionScheme::preset("zonen", &region, b).unwrap();
        let nord_sued = SubregionScheme::preset("nord-sued", &region, b).unwrap();
        for &ags in region.members() {
            let zone = zonen.of(ags).unwrap().id.as_str();
            let northern = matches!(zone, "emscherzone" | "vestische-zone" | "lippezone");
            let expected = if northern { "nord" } else { "rest" };
            assert_eq!(nord_sued.of(ags).unwrap().id, expected, "{ags} in {zone}");
        }
        for kreis_re in region.members().iter().filter(|a| a.has_prefix("05562")) {
            assert_eq!(nord_sued.of(*kreis_re).unwrap().id, "nord");
        }
    }

    /// Every preset and default scheme of these regions: neighbouring
    /// classes differ in fill and, as drawn, by the lightness step; no fill
    /// is so dark that what lies on top would drown.
    #[test]
    fn neighbouring_classes_differ_in_fill_and_drawn_lightness() {
        use crate::boundaries::subregion::colouring::{
            MIN_NEIGHBOUR_LIGHTNESS_STEP, drawn_lightness,
        };
        let b = Boundaries::embedded();
        let region = |name: &str, selectors: &[&str]| {
            let sel: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
            Region::from_selectors(name, &sel, b).unwrap()
        };
        let regions = [
            Region::ruhr(b),
            region(
                "Münsterland",
                &["05515", "05554", "05558", "05566", "05570"],
            ),
            region("NRW", &["05"]),
            region(
                "Deutschland",
                &[
                    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13",
                    "14", "15", "16",
                ],
            ),
        ];
        let mut checked = 0;
        for r in &regions {
            for preset in [
                "kreise",
                "regierungsbezirke",
                "laender",
                "zonen",
                "nord-sued",
            ] {
                let Ok(scheme) = SubregionScheme::preset(preset, r, b) else {
                    continue;
                };
                let classes = scheme.classes();
                for c in classes {
                    let l = drawn_lightness(&c.fill).unwrap();
                    assert!(
                        l > 60.0,
                        "{preset} in {}: {} too dark ({l})",
                        r.name(),
                        c.fill
                    );
                }
                for &(x, y) in scheme.neighbours() {
                    let (p, q) = (&classes[x], &classes[y]);
                    assert_ne!(
                        p.fill,
                        q.fill,
                        "{preset} in {}: {} and {}",
                        r.name(),
                        p.id,
                        q.id
                    );
                    let step = (drawn_lightness(&p.fill).unwrap()
                        - drawn_lightness(&q.fill).unwrap())
                    .abs();
                    assert!(
                        step >= MIN_NEIGHBOUR_LIGHTNESS_STEP,
                        "{preset} in {}: {} {} and {} {} differ by L* {step:.1}",
                        r.name(),
                        p.id,
                        p.fill,
                        q.id,
                        q.fill
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 400, "only {checked} neighbouring pairs seen");
    }

    #[test]
    fn the_palette_comes_in_lightness_levels_a_step_apart() {
        use crate::boundaries::subregion::colouring::{
            MIN_NEIGHBOUR_LIGHTNESS_STEP, drawn_lightness,
        };
        let palette = preset_classes().unwrap().palette.fills;
        let mut levels: Vec<f64> = palette
            .iter()
            .map(|f| drawn_lightness(f).unwrap())
            .collect();
        levels.sort_by(|a, b| b.total_cmp(a));
        levels.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        assert!(levels.len() >= 5, "{levels:?}");
        for w in levels.windows(2) {
            assert!(w[0] - w[1] >= MIN_NEIGHBOUR_LIGHTNESS_STEP, "{levels:?}");
        }
    }

    #[test]
    fn preset_names_are_forgiving_and_unknown_ones_get_a_suggestion() {
        let (b, region) = ruhr();
        for alias in ["Zonen", "nord-süd", "NORDSUED", "districts"] {
            assert!(
                SubregionScheme::preset(alias, &region, b).is_ok(),
                "{alias}"
            );
        }
        let err = SubregionScheme::preset("zonn", &region, b).unwrap_err();
        assert!(
            matches!(&err, SubregionError::UnknownPreset { suggestion: Some(s), .. } if s == "zonen"),
            "{err}"
        );
        assert!(err.to_string().contains("nord-sued"), "{err}");
    }

    #[test]
    fn a_spec_is_a_file_by_its_extension_or_existence_and_a_preset_otherwise() {
        let (b, region) = ruhr();
        let dir = tempfile::tempdir().unwrap();
        let spec = |s: &str| SubregionScheme::from_spec(s, dir.path(), &region, b);
        assert_eq!(spec("nord-süd").unwrap().name(), "nord-sued");
        assert!(matches!(
            spec("zonn"),
            Err(SubregionError::UnknownPreset { suggestion: Some(s), .. }) if s == "zonen"
        ));
        // any extension means a file: the format error, not "unknown preset"
        assert!(matches!(
            spec("teilraeume.xlsx"),
            Err(SubregionError::UnsupportedFormat { .. })
        ));
        assert!(matches!(
            spec("fehlt.csv"),
            Err(SubregionError::Read { .. })
        ));
        // an existing file without an extension is read as a file (and refused by its format)
        std::fs::write(dir.path().join("zonen"), "ags,subregion\n").unwrap();
        assert!(matches!(
            spec("zonen"),
            Err(SubregionError::UnsupportedFormat { .. })
        ));
    }

    #[test]
    fn a_preset_outside_the_ruhr_is_an_error() {
        let b = Boundaries::embedded();
        let bavaria = Region::from_selectors("Bayern", &["09".to_string()], b).unwrap();
        assert!(matches!(
            SubregionScheme::preset("zonen", &bavaria, b),
            Err(SubregionError::NoOverlap { .. })
        ));
    }

    #[test]
    fn slugs_are_ascii_and_readable() {
        assert_eq!(slug("Nördliches Ruhrgebiet"), "noerdliches-ruhrgebiet");
        assert_eq!(slug("  Süd / West  "), "sued-west");
        assert_eq!(slug("Straße 1"), "strasse-1");
        assert_eq!(slug("!!"), "subregion");
        assert_eq!(
            unique_id("nord", &["nord".into(), "nord-2".into()]),
            "nord-3"
        );
    }
}
