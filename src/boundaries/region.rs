//! The region a figure or a geocoding run is about: a named set of
//! municipalities. The default is the Regionalverband Ruhr (RVR); any other
//! selection by AGS prefixes or by the names of municipalities, Kreise or
//! Länder works the same way.

use crate::boundaries::admin_units::{regierungsbezirk_by_name, regierungsbezirk_names};
use crate::boundaries::ags::Ags;
use crate::text::{did_you_mean, suggestions};

use crate::boundaries::boundary_set::Boundaries;

/// The eleven kreisfreie Städte of the Regionalverband Ruhr.
const RUHR_CITIES: [u32; 11] = [
    5_112_000, // Duisburg
    5_113_000, // Essen
    5_117_000, // Mülheim an der Ruhr
    5_119_000, // Oberhausen
    5_512_000, // Bottrop
    5_513_000, // Gelsenkirchen
    5_911_000, // Bochum
    5_913_000, // Dortmund
    5_914_000, // Hagen
    5_915_000, // Hamm
    5_916_000, // Herne
];

/// The four Kreise of the Regionalverband Ruhr, as AGS prefixes: Kreis Wesel,
/// Kreis Recklinghausen, Ennepe-Ruhr-Kreis, Kreis Unna.
const RUHR_KREISE: [&str; 4] = ["05170", "05562", "05954", "05978"];

/// The display name of the default region.
pub const RUHR_NAME: &str = "Regionalverband Ruhr";

/// Selector words that stand for the default region.
const RUHR_ALIASES: [&str; 4] = ["ruhr", "rvr", "ruhrgebiet", "regionalverband ruhr"];

/// Selector words that stand for all of Germany.
const GERMANY_ALIASES: [&str; 4] = ["de", "deutschland", "germany", "bundesrepublik deutschland"];

/// Why a region selection could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    /// A selector matched no municipality, Kreis or Land.
    #[error("region selector {selector:?} matches no municipality, Kreis, Regierungsbezirk or Land{}", did_you_mean(.suggestions))]
    Unknown {
        /// The selector as given.
        selector: String,
        /// Similar names that do exist, closest first.
        suggestions: Vec<String>,
    },
    /// A selector names several municipalities and no Kreis or Land.
    #[error("region selector {selector:?} names several municipalities: {}; give the AGS instead", .candidates.join(", "))]
    Ambiguous {
        /// The selector as given.
        selector: String,
        /// The candidates as `AGS name (district)`.
        candidates: Vec<String>,
    },
    /// No selector was given.
    #[error(
        "the region {name:?} has no selectors: give AGS prefixes such as 05170 or names such as \"Kreis Wesel\""
    )]
    Empty {
        /// The region's name.
        name: String,
    },
}

/// A named set of municipalities, kept as sorted AGS.
///
/// ```
/// use ruhrmap::{Boundaries, Region};
/// let b = Boundaries::embedded();
/// let ruhr = Region::ruhr(b);
/// assert_eq!(ruhr.name(), "Regionalverband Ruhr");
/// assert_eq!(ruhr.members().len(), 53);
/// assert!(ruhr.contains("05911000".parse().unwrap())); // Bochum
/// assert!(!ruhr.contains("05515000".parse().unwrap())); // Münster
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    name: String,
    members: Vec<Ags>,
    /// The Land numbers (first two AGS digits) the members lie in, sorted.
    lands: Vec<u32>,
}

impl Region {
    /// The Regionalverband Ruhr: the eleven kreisfreie Städte Duisburg, Essen,
    /// Mülheim an der Ruhr, Oberhausen, Bottrop, Gelsenkirchen, Bochum,
    /// Dortmund, Hagen, Hamm and Herne, and every municipality of Kreis Wesel,
    /// Kreis Recklinghausen, the Ennepe-Ruhr-Kreis and Kreis Unna (53 in all).
    ///
    /// Only municipalities present in `boundaries` become members.
    ///
    /// ```
    /// let b = ruhrmap::Boundaries::embedded();
    /// let ruhr = ruhrmap::Region::ruhr(b);
    /// let names: Vec<&str> = ruhr.members().iter().map(|a| b.by_ags(*a).unwrap().name.as_str()).collect();
    /// assert!(names.contains(&"Wetter (Ruhr)"));
    /// assert!(names.contains(&"Voerde (Niederrhein)"));
    /// ```
    pub fn ruhr(boundaries: &Boundaries) -> Region {
        let members = boundaries
            .municipalities()
            .iter()
            .map(|m| m.ags)
            .filter(|ags| {
                RUHR_CITIES.contains(&ags.as_u32()) || RUHR_KREISE.iter().any(|k| ags.has_prefix(k))
            })
            .collect();
        Region::from_members(RUHR_NAME, members)
    }

    /// Builds a region from selectors, each of which is
    /// - an AGS prefix of 2 to 8 digits (`05` for a Land, `05170` for a Kreis,
    ///   `05911000` for one municipality);
    /// - the name of a Land (`Nordrhein-Westfalen`), a Regierungsbezirk
    ///   (`Regierungsbezirk Münster`, also `RB Münster`), a Kreis or
    ///   kreisfreie Stadt (`Kreis Wesel`, `Ennepe-Ruhr-Kreis`) or a
    ///   municipality (`Wetter (Ruhr)`), compared case-insensitively;
    /// - `ruhr`/`rvr` for the Regionalverband Ruhr, `de`/`Deutschland` for all
    ///   municipalities.
    ///
    /// The members are the union of all selections. A selector that matches
    /// nothing, or a municipality name shared by several municipalities, is an
    /// error naming it.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region};
    /// let b = Boundaries::embedded();
    /// let west = Region::from_selectors("West", &["Kreis Wesel".into(), "05112".into()], b).unwrap();
    /// assert_eq!(west.members().len(), 14); // 13 in Kreis Wesel + Duisburg
    /// assert!(Region::from_selectors("x", &["Atlantis".into()], b).is_err());
    /// ```
    pub fn from_selectors(
        name: &str,
        selectors: &[String],
        boundaries: &Boundaries,
    ) -> Result<Region, RegionError> {
        let selectors: Vec<&str> = selectors
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if selectors.is_empty() {
            return Err(RegionError::Empty {
                name: name.to_string(),
            });
        }
        let mut members: Vec<Ags> = Vec::new();
        for selector in selectors {
            members.extend(select(selector, boundaries)?);
        }
        members.sort_unstable();
        members.dedup();
        Ok(Region::from_members(name, members))
    }

    fn from_members(name: &str, members: Vec<Ags>) -> Region {
        let mut lands: Vec<u32> = members.iter().map(|a| a.as_u32() / 1_000_000).collect();
        lands.dedup();
        Region {
            name: name.to_string(),
            members,
            lands,
        }
    }

    /// The region's display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the municipality `ags` belongs to the region.
    ///
    /// ```
    /// let ruhr = ruhrmap::Region::ruhr(ruhrmap::Boundaries::embedded());
    /// assert!(ruhr.contains("05954032".parse().unwrap())); // Wetter (Ruhr)
    /// assert!(!ruhr.contains("06534021".parse().unwrap())); // Wetter (Hessen)
    /// ```
    pub fn contains(&self, ags: Ags) -> bool {
        self.members.binary_search(&ags).is_ok()
    }

    /// Whether `ags` lies in a Land that some member of the region lies in
    /// (used to prefer nearby namesakes).
    ///
    /// ```
    /// let ruhr = ruhrmap::Region::ruhr(ruhrmap::Boundaries::embedded());
    /// assert!(ruhr.shares_land("05515000".parse().unwrap())); // Münster, NRW
    /// assert!(!ruhr.shares_land("09779187".parse().unwrap())); // Münster, Bayern
    /// ```
    pub fn shares_land(&self, ags: Ags) -> bool {
        self.lands
            .binary_search(&(ags.as_u32() / 1_000_000))
            .is_ok()
    }

    /// The members' AGS, sorted.
    pub fn members(&self) -> &[Ags] {
        &self.members
    }
}

/// The AGS one selector stands for.
fn select(selector: &str, boundaries: &Boundaries) -> Result<Vec<Ags>, RegionError> {
    let all = boundaries.municipalities();
    let lower = selector.to_lowercase();
    if RUHR_ALIASES.contains(&lower.as_str()) {
        return Ok(Region::ruhr(boundaries).members);
    }
    if GERMANY_ALIASES.contains(&lower.as_str()) {
        return Ok(all.iter().map(|m| m.ags).collect());
    }
    let found: Vec<Ags> =
        if selector.bytes().all(|b| b.is_ascii_digit()) && (2..=8).contains(&selector.len()) {
            all.iter()
                .filter(|m| m.ags.has_prefix(selector))
                .map(|m| m.ags)
                .collect()
        } else if let Some(prefix) = regierungsbezirk_by_name(selector) {
            all.iter()
                .filter(|m| m.ags.has_prefix(prefix))
                .map(|m| m.ags)
                .collect()
        } else {
            let same = |text: &str| text.to_lowercase() == lower;
            let by_state: Vec<Ags> = all
                .iter()
                .filter(|m| same(&m.state))
                .map(|m| m.ags)
                .collect();
            let by_district: Vec<Ags> = all
                .iter()
                .filter(|m| same(&m.district))
                .map(|m| m.ags)
                .collect();
            if !by_state.is_empty() {
                by_state
            } else if !by_district.is_empty() {
                by_district
            } else {
                let by_name: Vec<&crate::boundaries::municipality::Municipality> =
                    all.iter().filter(|m| same(&m.name)).collect();
                if by_name.len() > 1 {
                    return Err(RegionError::Ambiguous {
                        selector: selector.to_string(),
                        candidates: by_name
                            .iter()
                            .map(|m| format!("{} {} ({})", m.ags, m.name, m.district))
                            .collect(),
                    });
                }
                by_name.iter().map(|m| m.ags).collect()
            }
        };
    if found.is_empty() {
        return Err(RegionError::Unknown {
            selector: selector.to_string(),
            suggestions: suggest(&lower, boundaries),
        });
    }
    Ok(found)
}

/// Up to three existing Land, Kreis or municipality names closest to `lower`.
fn suggest(lower: &str, boundaries: &Boundaries) -> Vec<String> {
    let mut names: Vec<&str> = boundaries
        .municipalities()
        .iter()
        .flat_map(|m| [m.state.as_str(), m.district.as_str(), m.name.as_str()])
        .collect();
    for name in regierungsbezirk_names() {
        names.push(name);
    }
    names.sort_unstable();
    names.dedup();
    suggestions(lower, names.into_iter().map(|n| (n, n)), 3)
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b() -> &'static Boundaries {
        Boundaries::embedded()
    }

    #[test]
    fn ruhr_has_the_53_municipalities_of_the_rvr() {
        let ruhr = Region::ruhr(b());
        assert_eq!(ruhr.members().len(), 53);
        let names = |prefix: &str| -> Vec<String> {
            ruhr.members()
                .iter()
                .filter(|a| a.has_prefix(prefix))
                .map(|a| b().by_ags(*a).unwrap().name.clone())
                .collect()
        };
        // the eleven kreisfreie Städte, by AGS and official name
        let cities = [
            ("05112000", "Duisburg"),
            ("05113000", "Essen"),
            ("05117000", "Mülheim an der Ruhr"),
            ("05119000", "Oberhausen"),
            ("05512000", "Bottrop"),
            ("05513000", "Gelsenkirchen"),
            ("05911000", "Bochum"),
            ("05913000", "Dortmund"),
            ("05914000", "Hagen"),
            ("05915000", "Hamm"),
            ("05916000", "Herne"),
        ];
        for (ags, name) in cities {
            let ags: Ags = ags.parse().unwrap();
            assert!(ruhr.contains(ags), "{name} missing");
            assert_eq!(b().by_ags(ags).unwrap().name, name);
        }
        let wesel = names("05170");
        assert_eq!(wesel.len(), 13, "{wesel:?}");
        for n in [
            "Wesel",
            "Moers",
            "Dinslaken",
            "Kamp-Lintfort",
            "Voerde (Niederrhein)",
            "Xanten",
        ] {
            assert!(
                wesel.iter().any(|w| w == n),
                "{n} not in Kreis Wesel: {wesel:?}"
            );
        }
        let recklinghausen = names("05562");
        assert_eq!(recklinghausen.len(), 10, "{recklinghausen:?}");
        for n in [
            "Recklinghausen",
            "Marl",
            "Dorsten",
            "Gladbeck",
            "Herten",
            "Castrop-Rauxel",
        ] {
            assert!(
                recklinghausen.iter().any(|w| w == n),
                "{n}: {recklinghausen:?}"
            );
        }
        let ennepe = names("05954");
        assert_eq!(ennepe.len(), 9, "{ennepe:?}");
        for n in [
            "Witten",
            "Hattingen",
            "Wetter (Ruhr)",
            "Schwelm",
            "Sprockhövel",
        ] {
            assert!(ennepe.iter().any(|w| w == n), "{n}: {ennepe:?}");
        }
        let unna = names("05978");
        assert_eq!(unna.len(), 10, "{unna:?}");
        for n in ["Unna", "Lünen", "Kamen", "Schwerte", "Selm"] {
            assert!(unna.iter().any(|w| w == n), "{n}: {unna:?}");
        }
        // nothing else: 11 + 13 + 10 + 9 + 10
        assert_eq!(
            11 + wesel.len() + recklinghausen.len() + ennepe.len() + unna.len(),
            ruhr.members().len()
        );
    }

    #[test]
    fn members_are_sorted_and_unique() {
        let region = Region::from_selectors(
            "x",
            &["05978".into(), "Kreis Unna".into(), "Unna".into()],
            b(),
        )
        .unwrap();
        assert_eq!(region.members().len(), 10);
        assert!(region.members().windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn selects_lands_kreise_names_and_aliases() {
        let nrw = Region::from_selectors("NRW", &["nordrhein-westfalen".into()], b()).unwrap();
        let by_prefix = Region::from_selectors("NRW", &["05".into()], b()).unwrap();
        assert_eq!(nrw.members(), by_prefix.members());
        assert_eq!(
            nrw.members().len(),
            b().municipalities()
                .iter()
                .filter(|m| m.state == "Nordrhein-Westfalen")
                .count()
        );
        let ruhr = Region::from_selectors("Ruhr", &["RVR".into()], b()).unwrap();
        assert_eq!(ruhr.members(), Region::ruhr(b()).members());
        let comma =
            Region::from_selectors("x", &["Ennepe-Ruhr-Kreis, 05913000".into()], b()).unwrap();
        assert_eq!(comma.members().len(), 10);
        let germany = Region::from_selectors("DE", &["Deutschland".into()], b()).unwrap();
        assert_eq!(germany.members().len(), b().municipalities().len());
    }

    #[test]
    fn kreisfreie_stadt_by_name_beats_namesakes() {
        // "Münster" is a kreisfreie Stadt (its own district) and a name shared
        // with municipalities in Hessen and Bayern: the district wins.
        let region = Region::from_selectors("x", &["Münster".into()], b()).unwrap();
        assert_eq!(region.members(), &["05515000".parse::<Ags>().unwrap()]);
    }

    #[test]
    fn errors_name_the_selector_and_suggest() {
        match Region::from_selectors("x", &["Kreis Wesl".into()], b()) {
            Err(RegionError::Unknown {
                selector,
                suggestions,
            }) => {
                assert_eq!(selector, "Kreis Wesl");
                assert_eq!(suggestions.first().map(String::as_str), Some("Kreis Wesel"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            Region::from_selectors("x", &["99".into()], b()),
            Err(RegionError::Unknown { .. })
        ));
        assert!(matches!(
            Region::from_selectors("x", &[" ".into()], b()),
            Err(RegionError::Empty { .. })
        ));
        // Altenstadt exists in Hessen and twice in Bayern
        match Region::from_selectors("x", &["Altenstadt".into()], b()) {
            Err(RegionError::Ambiguous { candidates, .. }) => {
                assert_eq!(candidates.len(), 3, "{candidates:?}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn shares_land_follows_the_members() {
        let ruhr = Region::ruhr(b());
        assert!(ruhr.shares_land("05334002".parse().unwrap()));
        assert!(!ruhr.shares_land("06534021".parse().unwrap()));
    }
}
