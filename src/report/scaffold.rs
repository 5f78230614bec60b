//! `ruhrmap new`: a report folder to start from – a commented `report.toml`,
//! the projects and partners tables as German-Excel CSV and as one workbook,
//! and a README that says what to fill in. `ruhrmap build` works on it at
//! once: its figure says that there are no data yet.
//!
//! ```
//! use ruhrmap::Boundaries;
//! use ruhrmap::report::scaffold_report;
//! let dir = tempfile::tempdir().unwrap();
//! let target = dir.path().join("bericht");
//! let made = scaffold_report(&target, Some("Kreis Unna"), Boundaries::embedded()).unwrap();
//! assert_eq!(made.subregions, "none"); // one Kreis: nothing splits it
//! assert!(target.join("report.toml").exists() && target.join("daten.xlsx").exists());
//! // a second time into the same folder is refused
//! assert!(scaffold_report(&target, None, Boundaries::embedded()).is_err());
//! ```

use crate::boundaries::{
    AdminLevel, AdminUnit, Boundaries, RUHR_NAME, Region, RegionError, SubregionError,
    SubregionScheme,
};
use crate::files::{WriteError, write_bytes_atomically};
use crate::table::workbook_bytes;
use std::path::{Path, PathBuf};

/// Why a report folder could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The folder exists and holds files.
    #[error("{}: the folder is not empty (it holds {}); choose a new or empty folder, nothing was written", .dir.display(), .entries.join(", "))]
    NotEmpty {
        /// The folder.
        dir: PathBuf,
        /// Some of what it holds.
        entries: Vec<String>,
    },
    /// The folder cannot be read or created.
    #[error("{}: {source}", .dir.display())]
    Folder {
        /// The folder.
        dir: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// `--region` names nothing (or something ambiguous).
    #[error("--region {region:?}: {source}")]
    Region {
        /// The region as given.
        region: String,
        /// Why it matches nothing.
        #[source]
        source: RegionError,
    },
    /// The default sub-regions could not be determined.
    #[error(transparent)]
    Subregions(#[from] SubregionError),
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The workbook could not be made.
    #[error("{}: {source}", .path.display())]
    Workbook {
        /// The workbook.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
}

/// What [`scaffold_report`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// The files, in the order written.
    pub files: Vec<PathBuf>,
    /// The region's display name.
    pub region: String,
    /// The sub-region preset the config sets (the default for the region).
    pub subregions: String,
}

/// The projects table's header, as the tables are read (German names).
pub const PROJECT_COLUMNS: [&str; 8] = [
    "Nr",
    "Titel",
    "Handlungsfeld",
    "Status",
    "Koordination",
    "Ort",
    "Breite",
    "Länge",
];

/// The partners table's header.
pub const PARTNER_COLUMNS: [&str; 8] = [
    "Projekt",
    "Nr",
    "Name",
    "Rolle",
    "Akteurstyp",
    "Ort",
    "Breite",
    "Länge",
];

/// The region `--region` names: AGS prefixes or names, comma-separated;
/// the Regionalverband Ruhr when absent. Returns the region and, for the
/// config, its name and selectors (none for the Ruhr).
fn choose_region(
    region: Option<&str>,
    boundaries: &Boundaries,
) -> Result<(Region, Option<Vec<String>>), ScaffoldError> {
    let Some(text) = region else {
        return Ok((Region::ruhr(boundaries), None));
    };
    let selectors: Vec<String> = text
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let err = |source| ScaffoldError::Region {
        region: text.to_string(),
        source,
    };
    // the name: each selector's unit as VG250 names it (an AGS prefix
    // becomes its Kreis, Regierungsbezirk or Land), joined
    let mut names = Vec::new();
    for s in &selectors {
        let one = Region::from_selectors(s, std::slice::from_ref(s), boundaries).map_err(err)?;
        names.push(unit_name(s, &one, boundaries));
    }
    let region = Region::from_selectors(&names.join(", "), &selectors, boundaries).map_err(err)?;
    Ok((region, Some(selectors)))
}

/// The name of what `selector` selected: the selector itself unless it is
/// an AGS prefix, then the unit of that level.
fn unit_name(selector: &str, selected: &Region, boundaries: &Boundaries) -> String {
    let first = selected
        .members()
        .first()
        .and_then(|a| boundaries.by_ags(*a));
    let (Some(m), true) = (first, selector.chars().all(|c| c.is_ascii_digit())) else {
        return selector.to_string();
    };
    let level = match selector.len() {
        2 => AdminLevel::Land,
        3 => AdminLevel::Regierungsbezirk,
        4 | 5 => AdminLevel::Kreis,
        _ => return m.name.clone(),
    };
    AdminUnit::of(level, m).label_de
}

/// A TOML string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The `[region]` and `[subregions]` sections.
fn region_sections(region: &Region, selectors: Option<&[String]>, preset: &str) -> String {
    let region_part = match selectors {
        None => format!(
            "# Die Untersuchungsregion. Ohne Angabe: der {RUHR_NAME} (53 Kommunen).\n\
             # Sonst ein Name (ein Land, ein Regierungsbezirk, ein Kreis, eine Gemeinde)\n\
             # oder AGS-Präfixe, z. B.:\n\
             #   name = \"Regierungsbezirk Münster\"\n\
             #   selectors = [\"05515\", \"05554\", \"05558\", \"05566\", \"05570\"]\n\
             [region]\n"
        ),
        Some([one]) if !one.starts_with(|c: char| c.is_ascii_digit()) => format!(
            "# Die Untersuchungsregion ({} Gemeinden): ein Name (Land, Regierungsbezirk,\n\
             # Kreis, Gemeinde) oder mit `selectors` mehrere Namen und AGS-Präfixe,\n\
             # z. B. selectors = [\"05515\", \"Kreis Borken\"]; `name` steht in der Legende.\n\
             [region]\nname = {}\n",
            region.members().len(),
            quoted(region.name()),
        ),
        Some(selectors) => {
            let list: Vec<String> = selectors.iter().map(|s| quoted(s)).collect();
            format!(
                "# Die Untersuchungsregion ({} Gemeinden): Namen (Land, Regierungsbezirk,\n\
                 # Kreis, Gemeinde) oder AGS-Präfixe (\"05\" NRW, \"055\" RB Münster,\n\
                 # \"05515\" Münster); `name` steht in der Legende.\n\
                 [region]\nname = {}\nselectors = [{}]\n",
                region.members().len(),
                quoted(region.name()),
                list.join(", ")
            )
        }
    };
    format!(
        "{region_part}\n\
         # Flächenfarben der Region nach Teilräumen: kreise (Kreise und kreisfreie\n\
         # Städte), regierungsbezirke, laender, none (keine Teilräume), für das\n\
         # Ruhrgebiet auch zonen und nord-sued; oder eine eigene Zuordnung\n\
         # file = \"teilraeume.csv\" (Spalten ags oder gemeinde, teilraum).\n\
         # Ohne Angabe wählt ruhrmap die erste Ebene, die die Region teilt.\n\
         [subregions]\npreset = {}\n",
        quoted(preset)
    )
}

/// The commented `report.toml`.
fn config_text(region: &Region, selectors: Option<&[String]>, preset: &str) -> String {
    let head = "\
# Bericht: Abbildungen, GIS-Ebenen und Tabellen eines Förderprogramms.
#
#   ruhrmap build report.toml -o out          # alles nach out/
#   ruhrmap watch report.toml -o out          # neu bauen, sobald sich etwas ändert
#   ruhrmap build report.toml -o out --lang en
#
# Pfade gelten relativ zu dieser Datei. Was in die Tabellen gehört, sagt README.md.

[report]
title = \"Mein Bericht\"
lang = \"de\"
# Zusatz in der Quellenzeile jeder Abbildung, z. B. die Datenquelle
note = \"Daten: eigene Erhebung\"

# Die Daten: zwei Tabellen, als CSV (wie Excel sie speichert) oder als
# Tabellenblätter einer Arbeitsmappe. Beides liegt bei; eine Form genügt.
[data]
projects = \"daten.xlsx#Projekte\"
partners = \"daten.xlsx#Partner\"
# projects = \"projekte.csv\"
# partners = \"partner.csv\"

# Die eigenen Kategorien des Programms (optional). Ohne Angabe gilt jeder Wert
# der Tabellen so, wie er dort steht (Reihenfolge des ersten Auftretens, Farben
# aus der Palette). Sind Werte erklärt, ist jeder andere Wert ein Fehler mit
# Datei, Zeile und den erklärten Werten. Beispiele:
#
# [[categories.fields]]            # Handlungsfelder: Tortenstücke der Sitzkarte
# id = \"HF1\"
# label_de = \"Wirtschaft\"
# label_en = \"Economy\"
# color = \"#004488\"
#
# [[categories.statuses]]
# id = \"laufend\"
# aliases = [\"läuft\", \"aktiv\"]
#
# [[categories.roles]]             # \"Koordination\" gibt es immer: genau eine je Projekt
# id = \"Verbundpartner\"
# label_de = \"Verbundpartner:innen\"
# style = \"core\"                   # wie Kernpartner gezeichnet, oder \"loose\"

";
    let figures = "
# Gemeinsamer Stil; jede Abbildung kann ihn mit `style = { … }` ändern.
[style]
width_mm = 160      # Satzspiegelbreite A4
dpi = 300
allow_collisions = false

# Abbildung 1: Projekte nach Sitz der Projektkoordination (Tortendiagramme nach
# Handlungsfeld). Solange die Tabellen leer sind, zeigt sie die Karte mit dem
# Hinweis „Noch keine Daten“.
[[figures]]
id = \"abb-1-sitz-der-koordination\"
kind = \"seats\"
title = \"Projekte nach Sitz der Projektkoordination\"
title_en = \"Projects by seat of the project coordination\"

# Netzwerke einzelner Projekte, ein Feld je Projekt – einkommentieren, sobald
# die Projekte in den Tabellen stehen:
# [[figures]]
# id = \"abb-2-netzwerke\"
# kind = \"network\"
# title = \"Netzwerke der Projekte P1 und P2\"
# projects = [\"P1\", \"P2\"]

# GIS-Ebenen für QGIS (GeoJSON, QGIS-Stile, GeoPackage) und Tabellen (CSV, Markdown).
[exports]
folder = \"gis\"

[tables]
folder = \"tabellen\"
";
    format!(
        "{head}{}{figures}",
        region_sections(region, selectors, preset)
    )
}

/// The README of the new folder.
fn readme_text(region: &Region, preset: &str) -> String {
    format!(
        "# Bericht: {region}

Angelegt mit `ruhrmap new`. Region: {region} ({n} Gemeinden), Teilräume: `{preset}`.

## Was einzutragen ist

Die Daten stehen in zwei Tabellen, entweder in der Arbeitsmappe `daten.xlsx`
(Blätter *Projekte* und *Partner*) oder in `projekte.csv` und `partner.csv`
(Semikolon, UTF-8 – so öffnet und speichert Excel sie als „CSV UTF-8“).
`report.toml` liest die Arbeitsmappe; für die CSV-Dateien dort die zwei Zeilen
unter `[data]` tauschen.

**Projekte** – eine Zeile je Projekt:

| Spalte | Inhalt | Beispiel |
| --- | --- | --- |
| Nr | Projektkennung, eindeutig | P1 |
| Titel | Projekttitel | Quartiere im Wandel |
| Handlungsfeld | Handlungsfeld des Programms | HF1 |
| Status | Stand des Projekts | laufend |
| Koordination | koordinierende Einrichtung | Hochschule Musterstadt |
| Ort | Sitz der Koordination: Gemeinde, PLZ und Ort oder Anschrift | Dortmund |
| Breite, Länge | statt des Orts: Koordinaten (WGS84, z. B. 51.51 und 7.46) | |

**Partner** – eine Zeile je Partner und Projekt, die Koordination eingeschlossen:

| Spalte | Inhalt | Beispiel |
| --- | --- | --- |
| Projekt | Nr des Projekts | P1 |
| Nr | Partnerkennung, eindeutig | P1-01 |
| Name | Einrichtung | Stadt Musterstadt |
| Rolle | Koordination (genau eine je Projekt), Verbundpartner, weitere … | Koordination |
| Akteurstyp | z. B. Kommune, Wissenschaft, Wirtschaft, Zivilgesellschaft | Kommune |
| Ort | Gemeinde, PLZ und Ort oder Anschrift; auch Orte außerhalb der Region und im Ausland | 44135 Dortmund |
| Breite, Länge | statt des Orts: Koordinaten | |

Handlungsfelder, Status, Rollen und Akteurstypen sind die des Programms: ohne
Angabe gilt jeder Wert, wie er in der Tabelle steht. Feste Listen mit Farben
und Beschriftungen erklärt `[categories]` in `report.toml` (Beispiele dort).

## Bauen

```sh
ruhrmap build report.toml -o out
```

schreibt die Abbildungen (SVG, PNG, PDF), die GIS-Ebenen (`out/gis/`) und die
Tabellen (`out/tabellen/`). Solange die Tabellen leer sind, zeigt die Abbildung
die Region mit dem Hinweis „Noch keine Daten“. `ruhrmap watch report.toml -o out`
baut neu, sobald eine Tabelle oder `report.toml` gespeichert wird. Ein Fehler in
den Daten nennt Datei, Zeile und Spalte; die Ausgaben bleiben dann unverändert.
",
        region = region.name(),
        n = region.members().len(),
    )
}

/// A CSV as German Excel reads it: UTF-8 with BOM, `;`, CRLF.
fn csv_bytes(header: &[&str]) -> Vec<u8> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(header.join(";").as_bytes());
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// Fails unless `dir` is missing or empty.
fn check_empty(dir: &Path) -> Result<(), ScaffoldError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(ScaffoldError::Folder {
                dir: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    names.truncate(5);
    Err(ScaffoldError::NotEmpty {
        dir: dir.to_path_buf(),
        entries: names,
    })
}

/// Writes a new report folder `dir` (created if missing; refused unless
/// empty) for `region` (names or AGS prefixes, comma-separated; the
/// Regionalverband Ruhr when `None`), with the sub-regions
/// [`SubregionScheme::default_for`] chooses for it.
pub fn scaffold_report(
    dir: &Path,
    region: Option<&str>,
    boundaries: &Boundaries,
) -> Result<Scaffold, ScaffoldError> {
    check_empty(dir)?;
    let (region, selectors) = choose_region(region, boundaries)?;
    let preset = SubregionScheme::default_for(&region, boundaries)?;
    let preset = if preset.classes().len() > 1 {
        preset.name().to_string()
    } else {
        "none".to_string()
    };
    let projects: Vec<Vec<String>> = vec![PROJECT_COLUMNS.iter().map(|s| s.to_string()).collect()];
    let partners: Vec<Vec<String>> = vec![PARTNER_COLUMNS.iter().map(|s| s.to_string()).collect()];
    let workbook = dir.join("daten.xlsx");
    let workbook_bytes = workbook_bytes(&[("Projekte", &projects), ("Partner", &partners)])
        .map_err(|source| ScaffoldError::Workbook {
            path: workbook.clone(),
            source,
        })?;
    std::fs::create_dir_all(dir).map_err(|source| ScaffoldError::Folder {
        dir: dir.to_path_buf(),
        source,
    })?;
    let files: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            dir.join("report.toml"),
            config_text(&region, selectors.as_deref(), &preset).into_bytes(),
        ),
        (workbook, workbook_bytes),
        (dir.join("projekte.csv"), csv_bytes(&PROJECT_COLUMNS)),
        (dir.join("partner.csv"), csv_bytes(&PARTNER_COLUMNS)),
        (
            dir.join("README.md"),
            readme_text(&region, &preset).into_bytes(),
        ),
    ];
    for (path, bytes) in &files {
        write_bytes_atomically(path, bytes)?;
    }
    Ok(Scaffold {
        files: files.into_iter().map(|(path, _)| path).collect(),
        region: region.name().to_string(),
        subregions: preset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_names_the_region_and_its_default_sub_regions() {
        let b = Boundaries::embedded();
        let (region, selectors) = choose_region(Some("05515, 05554,Kreis Coesfeld"), b).unwrap();
        assert_eq!(region.name(), "Münster, Kreis Borken, Kreis Coesfeld");
        let text = config_text(&region, selectors.as_deref(), "kreise");
        let config =
            crate::report::config::FigureConfig::parse(&text, Path::new("r.toml")).unwrap();
        assert_eq!(
            config.region.selectors.unwrap(),
            ["05515", "05554", "Kreis Coesfeld"]
        );
        assert_eq!(config.subregions.preset.unwrap().into_inner(), "kreise");
        let ruhr = config_text(&Region::ruhr(b), None, "zonen");
        let config =
            crate::report::config::FigureConfig::parse(&ruhr, Path::new("r.toml")).unwrap();
        assert!(config.region.selectors.is_none() && config.region.name.is_none());
    }

    #[test]
    fn an_unknown_region_is_refused_with_suggestions() {
        let err = choose_region(Some("Kreis Una"), Boundaries::embedded())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"Kreis Una\"") && err.contains("Kreis Unna"),
            "{err}"
        );
    }
}
