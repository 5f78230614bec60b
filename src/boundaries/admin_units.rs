//! The administrative units above the municipality that an AGS encodes:
//! Land (2 digits), Regierungsbezirk (3 digits, where one exists) and Kreis
//! or kreisfreie Stadt (5 digits), with their German and English names.
//!
//! Kreise are named from the municipality data (VG250 Kreis layer, the
//! `district` of each municipality); Länder and Regierungsbezirke from
//! `boundaries/admin-units.csv` (its provenance is in
//! `boundaries/PROVENANCE.md`).

use crate::boundaries::municipality::Municipality;
use std::sync::OnceLock;

const ADMIN_UNITS_CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boundaries/admin-units.csv"
));

/// A level of the administrative hierarchy above the municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminLevel {
    /// The 16 Länder.
    Land,
    /// The Regierungsbezirke; a Land without them is one unit.
    Regierungsbezirk,
    /// Kreise and kreisfreie Städte.
    Kreis,
}

/// One administrative unit a municipality lies in.
///
/// ```
/// use ruhrmap::Boundaries;
/// use ruhrmap::boundaries::{AdminLevel, AdminUnit};
/// let b = Boundaries::embedded();
/// let ahlen = b.by_ags("05570004".parse().unwrap()).unwrap();
/// let rb = AdminUnit::of(AdminLevel::Regierungsbezirk, ahlen);
/// assert_eq!((rb.key.as_str(), rb.label_de.as_str()), ("055", "Regierungsbezirk Münster"));
/// assert_eq!(AdminUnit::of(AdminLevel::Kreis, ahlen).label_de, "Kreis Warendorf");
/// assert_eq!(AdminUnit::of(AdminLevel::Land, ahlen).label_en, "North Rhine-Westphalia");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminUnit {
    /// The AGS prefix that identifies the unit (`05`, `055`, `05570`).
    pub key: String,
    /// The German name (`Regierungsbezirk Münster`, `Kreis Warendorf`).
    pub label_de: String,
    /// The English name.
    pub label_en: String,
}

impl AdminUnit {
    /// The unit of `level` that municipality `m` lies in.
    pub fn of(level: AdminLevel, m: &Municipality) -> AdminUnit {
        let digits = m.ags.to_string();
        let land = || {
            let key = &digits[..2];
            let (de, en) = named(key).unwrap_or((m.state.as_str(), m.state.as_str()));
            AdminUnit {
                key: key.to_string(),
                label_de: de.to_string(),
                label_en: en.to_string(),
            }
        };
        match level {
            AdminLevel::Land => land(),
            AdminLevel::Regierungsbezirk => match named(&digits[..3]) {
                Some((de, en)) => AdminUnit {
                    key: digits[..3].to_string(),
                    label_de: de.to_string(),
                    label_en: en.to_string(),
                },
                None => land(),
            },
            AdminLevel::Kreis => AdminUnit {
                key: digits[..5].to_string(),
                label_de: m.district.clone(),
                label_en: m.district.clone(),
            },
        }
    }
}

/// The rows of `admin-units.csv`: AGS prefix, German and English name.
fn units() -> &'static [(String, String, String)] {
    static UNITS: OnceLock<Vec<(String, String, String)>> = OnceLock::new();
    UNITS.get_or_init(|| {
        let mut reader = csv::Reader::from_reader(ADMIN_UNITS_CSV.as_bytes());
        // the file is ours and checked by a unit test
        reader
            .records()
            .flatten()
            .map(|r| {
                (
                    r.get(0).unwrap_or_default().to_string(),
                    r.get(1).unwrap_or_default().to_string(),
                    r.get(2).unwrap_or_default().to_string(),
                )
            })
            .collect()
    })
}

fn named(key: &str) -> Option<(&'static str, &'static str)> {
    units()
        .iter()
        .find(|(k, _, _)| k == key)
        .map(|(_, de, en)| (de.as_str(), en.as_str()))
}

/// The AGS prefix of the Regierungsbezirk named `name`: its full German name
/// (`Regierungsbezirk Münster`), `RB`/`Reg.-Bez.`/`Bezirksregierung` and the
/// seat's name, or the English name; case, umlauts and punctuation aside.
///
/// ```
/// use ruhrmap::boundaries::regierungsbezirk_by_name;
/// assert_eq!(regierungsbezirk_by_name("Regierungsbezirk Münster"), Some("055"));
/// assert_eq!(regierungsbezirk_by_name("reg.-bez. muenster"), Some("055"));
/// assert_eq!(regierungsbezirk_by_name("Münster"), None);
/// ```
pub fn regierungsbezirk_by_name(name: &str) -> Option<&'static str> {
    let key = crate::text::normalize_place_name(name);
    let seat = ["regierungsbezirk", "bezirksregierung", "regbez", "rb"]
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .filter(|s| !s.is_empty());
    units()
        .iter()
        .filter(|(k, _, _)| k.len() == 3)
        .find(|(_, de, en)| {
            let full = crate::text::normalize_place_name(de);
            full == key
                || crate::text::normalize_place_name(en) == key
                || seat.is_some_and(|s| full.strip_prefix("regierungsbezirk") == Some(s))
        })
        .map(|(k, _, _)| k.as_str())
}

/// The German names of all Regierungsbezirke (for suggestions).
pub(crate) fn regierungsbezirk_names() -> impl Iterator<Item = &'static str> {
    units()
        .iter()
        .filter(|(k, _, _)| k.len() == 3)
        .map(|(_, de, _)| de.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::boundary_set::Boundaries;

    #[test]
    fn the_table_agrees_with_the_land_names_of_vg250() {
        let b = Boundaries::embedded();
        let mut lands = 0;
        for m in b.municipalities() {
            let unit = AdminUnit::of(AdminLevel::Land, m);
            assert_eq!(unit.label_de, m.state, "{}", m.ags);
        }
        for (key, de, en) in units() {
            assert!(!de.is_empty() && !en.is_empty(), "{key}");
            assert!(
                b.municipalities().iter().any(|m| m.ags.has_prefix(key)),
                "{key} {de} has no municipality"
            );
            if key.len() == 2 {
                lands += 1;
            } else {
                assert_eq!(key.len(), 3, "{key}");
                assert!(de.starts_with("Regierungsbezirk "), "{de}");
            }
        }
        assert_eq!(lands, 16);
        assert_eq!(regierungsbezirk_names().count(), 19);
    }

    #[test]
    fn a_land_without_regierungsbezirke_is_one_unit() {
        let b = Boundaries::embedded();
        let hannover = b.by_ags("03241001".parse().unwrap()).unwrap();
        let unit = AdminUnit::of(AdminLevel::Regierungsbezirk, hannover);
        assert_eq!(
            (unit.key.as_str(), unit.label_de.as_str()),
            ("03", "Niedersachsen")
        );
        assert_eq!(regierungsbezirk_by_name("RB Köln"), Some("053"));
        assert_eq!(regierungsbezirk_by_name("Upper Bavaria"), Some("091"));
    }
}
