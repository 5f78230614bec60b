//! "Did you mean …?": the one rule for which known names a mistyped value is
//! close to, and the one way the hint is written.
//!
//! Values and names are compared by their [`suggestion_key`] (case, umlauts,
//! spaces and punctuation do not matter) with the normalised
//! Damerau-Levenshtein similarity; a name is suggested when that similarity
//! is at least [`SUGGESTION_THRESHOLD`].

use crate::text::transliterate::transliterate;

/// The least similarity (normalised Damerau-Levenshtein, 0 to 1, of the
/// [`suggestion_key`]s) at which a name is suggested: at most half of the
/// letters wrong, swapped, missing or extra.
pub const SUGGESTION_THRESHOLD: f64 = 0.5;

/// The form values and names are compared in: lower case, umlauts spelt out,
/// letters and digits only.
///
/// ```
/// assert_eq!(ruhrmap::text::suggestion_key("Nord-Süd"), "nordsued");
/// ```
pub fn suggestion_key(text: &str) -> String {
    transliterate(&text.to_lowercase())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The similarity of two texts by their [`suggestion_key`]s, from 0
/// (nothing in common) to 1 (the same key).
///
/// ```
/// use ruhrmap::text::suggestion_similarity;
/// assert_eq!(suggestion_similarity("ZONEN", "zonen"), 1.0);
/// assert!(suggestion_similarity("zonn", "zonen") > 0.7);
/// ```
pub fn suggestion_similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_damerau_levenshtein(&suggestion_key(a), &suggestion_key(b))
}

/// The up to `limit` candidates closest to `value`, best first, each at
/// least [`SUGGESTION_THRESHOLD`] similar. A candidate is a spelling and what
/// it stands for (several spellings may stand for one thing, which is then
/// suggested once, by its closest spelling); ties go to the smaller thing.
///
/// ```
/// use ruhrmap::text::suggestions;
/// let presets = [("zonen", "zonen"), ("zones", "zonen"), ("kreise", "kreise")];
/// assert_eq!(suggestions("Zonn", presets, 3), ["zonen"]);
/// assert!(suggestions("Bananenrepublik", presets, 3).is_empty());
/// ```
pub fn suggestions<'c, T: Clone + Ord>(
    value: &str,
    candidates: impl IntoIterator<Item = (&'c str, T)>,
    limit: usize,
) -> Vec<T> {
    let key = suggestion_key(value);
    let mut scored: Vec<(f64, T)> = candidates
        .into_iter()
        .map(|(spelling, thing)| {
            let score = strsim::normalized_damerau_levenshtein(&key, &suggestion_key(spelling));
            (score, thing)
        })
        .filter(|(score, _)| *score >= SUGGESTION_THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut best: Vec<T> = Vec::new();
    for (_, thing) in scored {
        if best.len() == limit {
            break;
        }
        if !best.contains(&thing) {
            best.push(thing);
        }
    }
    best
}

/// The closest candidate to `value`, if one is close enough: the first of
/// [`suggestions`].
///
/// ```
/// use ruhrmap::text::suggestion;
/// let ids = ["P1", "P2", "P14"].map(|id| (id, id));
/// assert_eq!(suggestion("p22", ids), Some("P2"));
/// assert_eq!(suggestion("Netzwerk", ids), None);
/// ```
pub fn suggestion<'c, T: Clone + Ord>(
    value: &str,
    candidates: impl IntoIterator<Item = (&'c str, T)>,
) -> Option<T> {
    suggestions(value, candidates, 1).into_iter().next()
}

/// The hint an error message ends with: `; did you mean "A"?` or
/// `; did you mean "A" or "B"?`, nothing without suggestions.
///
/// ```
/// use ruhrmap::text::did_you_mean;
/// assert_eq!(did_you_mean(&["Kreis Wesel"]), "; did you mean \"Kreis Wesel\"?");
/// assert_eq!(did_you_mean(&["Hagen", "Hamm"]), "; did you mean \"Hagen\" or \"Hamm\"?");
/// assert_eq!(did_you_mean::<&str>(&[]), "");
/// ```
pub fn did_you_mean<S: AsRef<str>>(suggestions: &[S]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = suggestions
        .iter()
        .map(|s| format!("{:?}", s.as_ref()))
        .collect();
    format!("; did you mean {}?", quoted.join(" or "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_gets_its_suggestion_and_an_unrelated_word_none() {
        let names = ["Gelsenkirchen", "Gladbeck", "Bottrop", "Kreis Wesel"];
        let candidates = || names.iter().map(|n| (*n, *n));
        assert_eq!(
            suggestions("Gelsenkirchn", candidates(), 3),
            ["Gelsenkirchen"]
        );
        assert_eq!(
            suggestions("kreis wessel", candidates(), 3),
            ["Kreis Wesel"]
        );
        assert_eq!(suggestions("Bottorp", candidates(), 3), ["Bottrop"]);
        assert!(suggestions("Zeppelinstraße", candidates(), 3).is_empty());
        assert!(suggestions("", candidates(), 3).is_empty());
        assert_eq!(
            did_you_mean(&suggestions("Gelsenkirchn", candidates(), 3)),
            "; did you mean \"Gelsenkirchen\"?"
        );
        assert_eq!(did_you_mean(&suggestions("xyz", candidates(), 3)), "");
    }

    #[test]
    fn the_threshold_is_the_boundary() {
        // "abcd" against "abxy": two of four letters wrong, exactly the threshold
        assert_eq!(suggestion_similarity("abcd", "abxy"), SUGGESTION_THRESHOLD);
        assert_eq!(suggestion("abcd", [("abxy", 1)]), Some(1));
        assert_eq!(suggestion("abcd", [("axyz", 1)]), None);
    }

    #[test]
    fn ties_go_to_the_smaller_thing_and_spellings_count_once() {
        let c = [("ab", "b"), ("ab", "a"), ("abc", "a")];
        assert_eq!(suggestions("ab", c, 3), ["a", "b"]);
        assert_eq!(suggestions("ab", c, 1), ["a"]);
    }
}
