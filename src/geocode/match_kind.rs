//! How a partner site was placed: the `match` field of every geocoded record.

use std::fmt;
use std::str::FromStr;

/// How a site was resolved to a municipality and a position, from the most to
/// the least direct evidence. Written in lower case (`as_str`) in outputs.
///
/// ```
/// use ruhrmap::MatchKind;
/// assert_eq!(MatchKind::Normalized.as_str(), "normalized");
/// assert_eq!("postcode".parse::<MatchKind>().unwrap(), MatchKind::Postcode);
/// assert_eq!(MatchKind::Fuzzy.to_string(), "fuzzy");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKind {
    /// Given coordinates, located by point in polygon.
    Coordinates,
    /// The exact official municipality name.
    Exact,
    /// The name after normalisation (case, umlauts, qualifiers, prefixes).
    Normalized,
    /// A city district written as `City-District` (`Bochum-Wattenscheid`).
    District,
    /// Postcode and town (`44801 Bochum`).
    Postcode,
    /// A street address whose town part names the municipality.
    Address,
    /// A town outside Germany, by its GeoNames or German name (`Brüssel`);
    /// no municipality.
    Abroad,
    /// A misspelt name, matched by edit distance.
    Fuzzy,
    /// Found by the online (Nominatim-compatible) backend.
    Online,
    /// Not resolved; the record keeps a null geometry.
    Unresolved,
}

/// Every kind, in the order of [`MatchKind`].
pub const MATCH_KINDS: [MatchKind; 10] = [
    MatchKind::Coordinates,
    MatchKind::Exact,
    MatchKind::Normalized,
    MatchKind::District,
    MatchKind::Postcode,
    MatchKind::Address,
    MatchKind::Abroad,
    MatchKind::Fuzzy,
    MatchKind::Online,
    MatchKind::Unresolved,
];

impl MatchKind {
    /// The lower-case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Coordinates => "coordinates",
            MatchKind::Exact => "exact",
            MatchKind::Normalized => "normalized",
            MatchKind::District => "district",
            MatchKind::Postcode => "postcode",
            MatchKind::Address => "address",
            MatchKind::Abroad => "abroad",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Online => "online",
            MatchKind::Unresolved => "unresolved",
        }
    }

    /// Whether the site was placed at all.
    ///
    /// ```
    /// assert!(ruhrmap::MatchKind::Fuzzy.is_resolved());
    /// assert!(!ruhrmap::MatchKind::Unresolved.is_resolved());
    /// ```
    pub fn is_resolved(self) -> bool {
        self != MatchKind::Unresolved
    }
}

impl fmt::Display for MatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is not a match kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{value:?} is not a match kind: expected one of coordinates, exact, normalized, district, postcode, address, abroad, fuzzy, online, unresolved"
)]
pub struct MatchKindError {
    /// The text that was given.
    pub value: String,
}

impl FromStr for MatchKind {
    type Err = MatchKindError;

    fn from_str(text: &str) -> Result<MatchKind, MatchKindError> {
        let wanted = text.trim();
        MATCH_KINDS
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| MatchKindError {
                value: text.to_string(),
            })
    }
}

impl serde::Serialize for MatchKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for MatchKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<MatchKind, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in MATCH_KINDS {
            assert_eq!(kind.as_str().parse::<MatchKind>().unwrap(), kind);
            assert_eq!(kind.as_str(), kind.as_str().to_lowercase());
        }
        assert!("matched".parse::<MatchKind>().is_err());
    }

    #[test]
    fn serde_uses_the_lower_case_name() {
        assert_eq!(
            serde_json::to_string(&MatchKind::Coordinates).unwrap(),
            "\"coordinates\""
        );
        assert_eq!(
            serde_json::from_str::<MatchKind>("\"online\"").unwrap(),
            MatchKind::Online
        );
    }
}
