//! Getting arbitrary strings (partner names, titles, ids from data) into XML
//! safely and predictably: the character policy for displayed text, escaping
//! of text content and attribute values, and valid, unique XML ids.
//!
//! # Character policy for displayed text
//!
//! A label comes from a spreadsheet cell and may hold anything. What is drawn
//! is [`displayed_text`] of it, and the SVG writer and the text metrics both
//! use exactly that, so the measured label is the drawn label:
//!
//! 1. **XML whitespace and line breaks** (space, tab, line feed, carriage
//!    return, vertical tab, form feed, U+0085 NEL, U+2028, U+2029) become a
//!    single space; runs are collapsed and the ends trimmed. This is what SVG
//!    renderers would do with the plain spaces anyway (`xml:space="default"`),
//!    but they would *delete* a line feed instead of turning it into a space
//!    ("Essen\nNord" would read "EssenNord").
//! 2. **Characters XML cannot carry or that have no visible meaning are
//!    removed**: the other C0 controls, DEL, the C1 controls U+0080–U+009F,
//!    the byte-order mark U+FEFF and the Unicode noncharacters (U+FDD0–U+FDEF
//!    and U+xFFFE/U+xFFFF in every plane).
//! 3. **Invisible but meaningful characters are kept**, and written as
//!    numeric character references (`&#x200F;`) so they can be seen and
//!    edited in the SVG source: the bidirectional marks, embeddings,
//!    overrides and isolates (U+061C, U+200E/U+200F, U+202A–U+202E,
//!    U+2066–U+2069), zero-width space/joiners (U+200B–U+200D), word joiner
//!    and invisible operators (U+2060–U+2064), soft hyphen (U+00AD), and all
//!    non-ASCII spaces (no-break space U+00A0, U+2000–U+200A, U+202F, U+205F,
//!    U+3000). Keeping the bidi controls preserves right-to-left names; their
//!    effect is confined to the one `<text>` element.
//!
//! `<`, `&` and `>` are always escaped in text (so `]]>` can never appear);
//! attribute values also escape both quote characters.

use crate::text::transliterate::transliterate_char;
use std::borrow::Cow;
use std::collections::HashSet;

/// Whether `c` is XML whitespace or a line/paragraph break, which the policy
/// turns into a plain space.
fn is_breaking_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `c` is removed from displayed text (rule 2 of the policy).
fn is_removed(c: char) -> bool {
    let code = u32::from(c);
    (c.is_control() && !is_breaking_space(c))
        || c == '\u{FEFF}'
        || (0xFDD0..=0xFDEF).contains(&code)
        || (code & 0xFFFE) == 0xFFFE
}

/// Whether `c` is kept but written as a numeric character reference (rule 3).
pub(crate) fn is_written_as_reference(c: char) -> bool {
    matches!(
        c,
        '\u{A0}'
            | '\u{AD}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{2000}'..='\u{200F}'
            | '\u{202A}'..='\u{202F}'
            | '\u{205F}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3000}'
    )
}

/// The text that is drawn for `raw`, after the character policy of this
/// module: whitespace collapsed to single spaces and trimmed, control
/// characters and noncharacters removed, everything else kept.
/// Borrows when nothing changes.
///
/// ```
/// use ruhrmap::text::displayed_text;
/// assert_eq!(displayed_text("  Essen\n Nord\t"), "Essen Nord");
/// assert_eq!(displayed_text("Bo\u{0}chum\u{7}"), "Bochum");
/// assert_eq!(displayed_text("\u{200F}שלום"), "\u{200F}שלום"); // bidi marks are kept
/// assert!(matches!(displayed_text("Gelsenkirchen"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn displayed_text(raw: &str) -> Cow<'_, str> {
    let unchanged = !raw.starts_with(' ')
        && !raw.ends_with(' ')
        && !raw.contains("  ")
        && !raw
            .chars()
            .any(|c| (is_breaking_space(c) && c != ' ') || is_removed(c));
    if unchanged {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars() {
        if is_breaking_space(c) {
            pending_space = !out.is_empty();
        } else if !is_removed(c) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Appends `c` as a hexadecimal numeric character reference.
fn push_reference(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "&#x{:X};", u32::from(c));
}

/// Appends `text` (already passed through [`displayed_text`]) as escaped
/// XML character data.
pub(crate) fn push_escaped_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if is_written_as_reference(c) => push_reference(out, c),
            c => out.push(c),
        }
    }
}

/// Appends `value` as the content of a double-quoted attribute, applying
/// the displayed-text policy first (attribute values are whitespace-normalised
/// by XML parsers anyway).
pub(crate) fn push_escaped_attribute(out: &mut String, value: &str) {
    for c in displayed_text(value).chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => push_escaped_text(out, c.encode_utf8(&mut [0; 4])),
        }
    }
}

/// A valid XML id (an NCName, restricted to ASCII so it also works as a CSS
/// selector and in Inkscape) derived deterministically from `raw`.
///
/// German letters are transliterated (ä → ae, ß → ss), every other run of
/// characters outside `A–Z a–z 0–9 _ . -` becomes one `-`, and an id that
/// does not start with a letter or `_` gets the prefix `id-`.
///
/// ```
/// use ruhrmap::text::xml_id;
/// assert_eq!(xml_id("P4/Partner 03"), "P4-Partner-03");
/// assert_eq!(xml_id("Mülheim an der Ruhr"), "Muelheim-an-der-Ruhr");
/// assert_eq!(xml_id("05913000"), "id-05913000");
/// assert_eq!(xml_id("<script>"), "script");
/// assert_eq!(xml_id(""), "id");
/// ```
pub fn xml_id(raw: &str) -> String {
    let mut id = String::with_capacity(raw.len());
    let mut pending_dash = false;
    for c in raw.chars() {
        let replacement = transliterate_char(c);
        let ascii = c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
        if replacement.is_none() && !ascii {
            pending_dash = !id.is_empty();
            continue;
        }
        if pending_dash && c != '-' {
            id.push('-');
        }
        pending_dash = false;
        match replacement {
            Some(r) => id.push_str(r),
            None => id.push(c),
        }
    }
    let starts_well = id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if id.is_empty() {
        "id".to_string()
    } else if starts_well {
        id
    } else {
        format!("id-{id}")
    }
}

/// Hands out unique XML ids within one document: the first request for a
/// name gets [`xml_id`] of it, later colliding requests get `-2`, `-3`, …
/// appended. Deterministic for a fixed order of requests.
///
/// ```
/// let mut ids = ruhrmap::text::IdRegistry::default();
/// assert_eq!(ids.claim("P1 Essen"), "P1-Essen");
/// assert_eq!(ids.claim("P1/Essen"), "P1-Essen-2");
/// assert_eq!(ids.claim("P1-Essen"), "P1-Essen-3");
/// ```
#[derive(Debug, Default, Clone)]
pub struct IdRegistry {
    used: HashSet<String>,
}

impl IdRegistry {
    /// A unique id derived from `raw`, reserved for the caller.
    pub fn claim(&mut self, raw: &str) -> String {
        let base = xml_id(raw);
        if self.used.insert(base.clone()) {
            return base;
        }
        (2u64..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| !self.used.contains(candidate))
            .inspect(|unique| {
                self.used.insert(unique.clone());
            })
            .expect("an unbounded counter always finds a free id")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_line_breaks_become_spaces() {
        assert_eq!(displayed_text("a\r\nb"), "a b");
        assert_eq!(displayed_text("\u{2028}a \u{85} b\u{2029}"), "a b");
        assert_eq!(displayed_text(" \t\n "), "");
    }

    #[test]
    fn controls_and_noncharacters_are_removed_but_format_characters_kept() {
        assert_eq!(displayed_text("a\u{1}\u{1F}\u{7F}\u{9B}b"), "ab");
        assert_eq!(displayed_text("\u{FEFF}a\u{FFFE}\u{FDD0}\u{1FFFF}"), "a");
        let bidi = "x\u{202E}y\u{2066}z\u{2069}\u{200D}";
        assert_eq!(displayed_text(bidi), bidi);
        // a removed character between two spaces does not leave two spaces
        assert_eq!(displayed_text("a \u{0} b"), "a b");
    }

    #[test]
    fn text_escaping_never_produces_markup() {
        let mut out = String::new();
        push_escaped_text(&mut out, "<b>&]]>\u{200F}");
        assert_eq!(out, "&lt;b&gt;&amp;]]&gt;&#x200F;");
    }

    #[test]
    fn attribute_escaping_covers_quotes_and_newlines() {
        let mut out = String::new();
        push_escaped_attribute(&mut out, "\"Kreis\" 'Wesel'\n& <Co>");
        assert_eq!(out, "&quot;Kreis&quot; &apos;Wesel&apos; &amp; &lt;Co&gt;");
    }

    #[test]
    fn ids_are_ncnames() {
        for raw in [
            "", "-", "9", ".x", "ä", "a b", "Ω", "P1:Essen", "x--y", "__a",
        ] {
            let id = xml_id(raw);
            let first = id.chars().next().unwrap();
            assert!(
                first.is_ascii_alphabetic() || first == '_',
                "{raw:?} -> {id:?}"
            );
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)),
                "{raw:?} -> {id:?}"
            );
        }
        assert_eq!(xml_id("ä"), "ae");
        assert_eq!(xml_id("Ω"), "id");
        assert_eq!(xml_id("x--y"), "x--y");
        assert_eq!(xml_id("a -- b"), "a---b");
    }

    #[test]
    fn registry_skips_ids_taken_by_suffixing() {
        let mut ids = IdRegistry::default();
        assert_eq!(ids.claim("a-2"), "a-2");
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-3");
    }
}
