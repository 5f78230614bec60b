//! The German transliteration of umlauts and ß (ä → ae, Ä → Ae, ß → ss,
//! ẞ → SS), the one table every slug, id, name key and file name uses.

use std::borrow::Cow;

/// The transliteration of one German letter, keeping its case; `None` for
/// every other character.
///
/// ```
/// use ruhrmap::text::transliterate_char;
/// assert_eq!(transliterate_char('ö'), Some("oe"));
/// assert_eq!(transliterate_char('Ü'), Some("Ue"));
/// assert_eq!(transliterate_char('ẞ'), Some("SS"));
/// assert_eq!(transliterate_char('é'), None);
/// ```
pub fn transliterate_char(c: char) -> Option<&'static str> {
    match c {
        'ä' => Some("ae"),
        'ö' => Some("oe"),
        'ü' => Some("ue"),
        'Ä' => Some("Ae"),
        'Ö' => Some("Oe"),
        'Ü' => Some("Ue"),
        'ß' => Some("ss"),
        'ẞ' => Some("SS"),
        _ => None,
    }
}

/// `text` with its German letters transliterated ([`transliterate_char`]),
/// every other character as it is; borrowed when there is nothing to do.
///
/// ```
/// use ruhrmap::text::transliterate;
/// assert_eq!(transliterate("Mülheim an der Ruhr"), "Muelheim an der Ruhr");
/// assert_eq!(transliterate("Straße, Öl"), "Strasse, Oel");
/// assert_eq!(transliterate("Essen"), "Essen");
/// ```
pub fn transliterate(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(|c| transliterate_char(c).is_some()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match transliterate_char(c) {
            Some(t) => out.push_str(t),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_german_letter_and_nothing_else() {
        assert_eq!(transliterate("äöüÄÖÜßẞ"), "aeoeueAeOeUessSS");
        assert_eq!(transliterate("éèñ-ø 1"), "éèñ-ø 1");
        assert!(matches!(transliterate("Bochum"), Cow::Borrowed(_)));
        // the lower-case text stays lower case
        assert_eq!(transliterate(&"GÖRLITZ".to_lowercase()), "goerlitz");
    }
}
