//! Words with one fixed meaning and how table values are compared with
//! them: the drawing style of a partner ([`Role`]: the coordination, core and
//! looser partners), the comparison key of a vocabulary word, and the error
//! for a value outside a list.

use crate::text::Lang;
use std::fmt;
use std::str::FromStr;

/// A value of a fixed vocabulary (role, actor type, status) that is none of
/// the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not {} {what}: expected {}{}", article(.what), or_list(.expected), .suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
pub struct VocabularyError {
    /// What kind of value was expected (`role`, `actor type`, `status`).
    pub what: &'static str,
    /// The value as given.
    pub value: String,
    /// The accepted values.
    pub expected: Vec<String>,
    /// The accepted value closest to the one given, if any is close.
    pub suggestion: Option<String>,
}

/// `a` or `an` before `word`.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// `A, B or C`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => "nothing (the list is empty)".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The comparison form of a vocabulary word: lowercase ASCII letters and digits,
/// umlauts spelt out (`Verbundpartner:innen` → `verbundpartnerinnen`).
pub(crate) fn vocabulary_key(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Parses `text` against `(canonical, aliases…, value)` entries.
fn parse_vocabulary<T: Copy>(
    text: &str,
    what: &'static str,
    entries: &[(&'static str, &[&str], T)],
) -> Result<T, VocabularyError> {
    let key = vocabulary_key(text);
    for (canonical, aliases, value) in entries {
        if vocabulary_key(canonical) == key || aliases.iter().any(|a| *a == key) {
            return Ok(*value);
        }
    }
    let key = key.as_str();
    let suggestion = entries
        .iter()
        .flat_map(|(canonical, aliases, _)| {
            std::iter::once(vocabulary_key(canonical))
                .chain(aliases.iter().map(|a| a.to_string()))
                .map(move |alias| {
                    (
                        strsim::normalized_damerau_levenshtein(key, &alias),
                        *canonical,
                    )
                })
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, canonical)| canonical.to_string());
    Err(VocabularyError {
        what,
        value: text.to_string(),
        expected: entries.iter().map(|(c, _, _)| c.to_string()).collect(),
        suggestion,
    })
}

/// Implements `Display`, `FromStr` and string serde for a vocabulary enum.
macro_rules! vocabulary_traits {
    ($type:ty) => {
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $type {
            type Err = VocabularyError;
            fn from_str(text: &str) -> Result<Self, VocabularyError> {
                Self::parse(text)
            }
        }

        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A partner's role in its project.
///
/// ```
/// use ruhrmap::{Lang, Role};
/// assert_eq!("core".parse::<Role>().unwrap(), Role::Core);
/// assert_eq!("Verbundpartner:innen".parse::<Role>().unwrap(), Role::Core);
/// assert_eq!(Role::Loose.as_str(), "loose");
/// assert_eq!(Role::Coordinator.label(Lang::De), "Projektkoordination");
/// assert_eq!(Role::Loose.label(Lang::En), "Further cooperation partners");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The project coordination (`coordinator`); exactly one per project.
    Coordinator,
    /// A core partner, Verbundpartner:in (`core`).
    Core,
    /// A looser cooperation partner, weitere Kooperationspartner:in (`loose`).
    Loose,
}

impl Role {
    /// The role a comparison key ([`vocabulary_key`]) names in the built-in
    /// vocabulary: the role's id or one of its German and English words.
    pub(crate) fn named_by_key(key: &str) -> Option<Role> {
        Role::VOCABULARY
            .iter()
            .find(|(id, words, _)| *id == key || words.contains(&key))
            .map(|&(_, _, role)| role)
    }

    /// Every role, coordinator first.
    pub const ALL: [Role; 3] = [Role::Coordinator, Role::Core, Role::Loose];

    const VOCABULARY: [(&'static str, &'static [&'static str], Role); 3] = [
        (
            "coordinator",
            &[
                "coordination",
                "koordination",
                "projektkoordination",
                "koordinator",
                "koordinatorin",
                "lead",
                "leadpartner",
                "federfuehrung",
            ],
            Role::Coordinator,
        ),
        (
            "core",
            &[
                "verbundpartner",
                "verbundpartnerin",
                "verbundpartnerinnen",
                "kernpartner",
                "kern",
                "corepartner",
                "partner",
            ],
            Role::Core,
        ),
        (
            "loose",
            &[
                "weitere",
                "kooperationspartner",
                "kooperationspartnerin",
                "kooperationspartnerinnen",
                "weitererkooperationspartner",
                "weiterekooperationspartnerinnen",
                "assoziiert",
                "associated",
                "lose",
            ],
            Role::Loose,
        ),
    ];

    /// The value as written in CSV and exports: `coordinator`, `core`, `loose`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Core => "core",
            Role::Loose => "loose",
        }
    }

    /// Parses the canonical value or a German or English alias, ignoring case
    /// and punctuation.
    pub fn parse(text: &str) -> Result<Role, VocabularyError> {
        parse_vocabulary(text, "role", &Role::VOCABULARY)
    }

    /// The legend label, German as the report writes it by default.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Coordinator, Lang::De) => "Projektkoordination",
            (Role::Core, Lang::De) => "Verbundpartner:innen",
            (Role::Loose, Lang::De) => "weitere Kooperationspartner:innen",
            (Role::Coordinator, Lang::En) => "Project coordination",
            (Role::Core, Lang::En) => "Core partners",
            (Role::Loose, Lang::En) => "Further cooperation partners",
        }
    }
}

vocabulary_traits!(Role);
