//! The Amtlicher Gemeindeschlüssel (AGS), the eight-digit official key of a
//! German municipality, and the keys of the Kreis and Land it encodes.

use std::fmt;
use std::str::FromStr;

/// An eight-digit Amtlicher Gemeindeschlüssel such as `05911000` (Bochum).
///
/// Digits 1–2 are the Land, 3 the Regierungsbezirk, 4–5 the Kreis and 6–8 the
/// municipality. It is stored as a number and always printed with eight digits,
/// so leading zeros survive every round trip.
///
/// ```
/// use ruhrmap::Ags;
/// let bochum: Ags = "05911000".parse().unwrap();
/// assert_eq!(bochum.to_string(), "05911000");
/// assert_eq!(bochum.kreis_key(), "05911");
/// assert_eq!(bochum.land_key(), "05");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Ags(u32);

/// Why a text is not an AGS.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{value:?} is not an AGS: expected 8 digits such as 05911000 (a 7-digit key gets its leading zero back)"
)]
pub struct AgsError {
    /// The text that was given.
    pub value: String,
}

impl Ags {
    /// The AGS with this numeric value, if it has at most eight digits.
    ///
    /// ```
    /// use ruhrmap::Ags;
    /// assert_eq!(Ags::from_u32(5_113_000).unwrap().to_string(), "05113000");
    /// assert!(Ags::from_u32(123_456_789).is_none());
    /// ```
    pub fn from_u32(value: u32) -> Option<Ags> {
        (value <= 99_999_999).then_some(Ags(value))
    }

    /// The numeric value (`05911000` is 5 911 000).
    ///
    /// ```
    /// assert_eq!(ruhrmap::Ags::from_u32(5_911_000).unwrap().as_u32(), 5_911_000);
    /// ```
    pub fn as_u32(self) -> u32 {
        self.0
    }

    /// The five-digit Kreis key, e.g. `05170` for every municipality of Kreis Wesel.
    ///
    /// ```
    /// let voerde: ruhrmap::Ags = "05170044".parse().unwrap();
    /// assert_eq!(voerde.kreis_key(), "05170");
    /// ```
    pub fn kreis_key(self) -> String {
        format!("{:05}", self.0 / 1000)
    }

    /// The two-digit Land key, e.g. `05` for Nordrhein-Westfalen.
    ///
    /// ```
    /// let hamm: ruhrmap::Ags = "05915000".parse().unwrap();
    /// assert_eq!(hamm.land_key(), "05");
    /// ```
    pub fn land_key(self) -> String {
        format!("{:02}", self.0 / 1_000_000)
    }

    /// Whether the AGS starts with the digits of `prefix` (a Land, Regierungsbezirk,
    /// Kreis or the full key).
    ///
    /// ```
    /// let unna: ruhrmap::Ags = "05978036".parse().unwrap();
    /// assert!(unna.has_prefix("05978"));
    /// assert!(!unna.has_prefix("05170"));
    /// ```
    pub fn has_prefix(self, prefix: &str) -> bool {
        self.to_string().starts_with(prefix)
    }
}

impl fmt::Display for Ags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08}", self.0)
    }
}

impl FromStr for Ags {
    type Err = AgsError;

    /// Parses eight digits, or seven digits whose leading zero a spreadsheet dropped.
    fn from_str(text: &str) -> Result<Ags, AgsError> {
        let trimmed = text.trim();
        // seven digits are an eight-digit key whose leading zero a spreadsheet dropped,
        // so they cannot start with a zero themselves
        let ok = (trimmed.len() == 8 || (trimmed.len() == 7 && !trimmed.starts_with('0')))
            && trimmed.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(AgsError {
                value: text.to_string(),
            });
        }
        trimmed.parse::<u32>().map(Ags).map_err(|_| AgsError {
            value: text.to_string(),
        })
    }
}

impl serde::Serialize for Ags {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Ags {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Ags, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_digit_keys_regain_their_leading_zero() {
        let ags: Ags = "5911000".parse().unwrap();
        assert_eq!(ags.to_string(), "05911000");
    }

    #[test]
    fn rejects_non_digits_and_wrong_lengths() {
        for bad in ["", "0591100", "059110000", "05911a00", "Bochum"] {
            assert!(bad.parse::<Ags>().is_err(), "{bad} accepted");
        }
    }
}
