//! The language of every text a figure, table or export shows to its reader.
//!
//! German is the working language of the users and the default; English is
//! offered for international readers (`--lang en`).

use std::fmt;
use std::str::FromStr;

/// The language of labels, legends and table headers.
///
/// ```
/// use ruhrmap::Lang;
/// assert_eq!("en".parse::<Lang>().unwrap(), Lang::En);
/// assert_eq!(" DE ".parse::<Lang>().unwrap(), Lang::De);
/// assert_eq!(Lang::default(), Lang::De);
/// assert_eq!(Lang::En.to_string(), "en");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// German (`de`), the default.
    #[default]
    De,
    /// English (`en`).
    En,
}

/// Why a text does not name a supported language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {value:?}: expected \"de\" (Deutsch) or \"en\" (English)")]
pub struct LangError {
    /// The text that was given.
    pub value: String,
}

impl Lang {
    /// Every supported language, in the order they are offered.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The ISO 639-1 code, `de` or `en`.
    ///
    /// ```
    /// assert_eq!(ruhrmap::Lang::De.code(), "de");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// Picks the German or the English text.
    ///
    /// ```
    /// use ruhrmap::Lang;
    /// assert_eq!(Lang::En.pick("Legende", "Legend"), "Legend");
    /// ```
    pub fn pick<'t>(self, german: &'t str, english: &'t str) -> &'t str {
        match self {
            Lang::De => german,
            Lang::En => english,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = LangError;

    /// Accepts the codes `de` and `en` in any case, and the names
    /// `deutsch`/`german` and `englisch`/`english` that users type as well.
    fn from_str(text: &str) -> Result<Lang, LangError> {
        match text.trim().to_lowercase().as_str() {
            "de" | "deutsch" | "german" => Ok(Lang::De),
            "en" | "englisch" | "english" => Ok(Lang::En),
            _ => Err(LangError {
                value: text.to_string(),
            }),
        }
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Lang, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>().unwrap(), lang);
        }
    }

    #[test]
    fn rejects_other_languages_with_the_accepted_ones_named() {
        let err = "fr".parse::<Lang>().unwrap_err();
        assert!(err.to_string().contains("\"de\""), "{err}");
        assert!(err.to_string().contains("\"en\""), "{err}");
    }

    #[test]
    fn deserializes_from_toml_strings() {
        #[derive(serde::Deserialize)]
        struct Config {
            lang: Lang,
        }
        let config: Config = toml::from_str("lang = \"en\"").unwrap();
        assert_eq!(config.lang, Lang::En);
        assert!(toml::from_str::<Config>("lang = \"nl\"").is_err());
    }
}
