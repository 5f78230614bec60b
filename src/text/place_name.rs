//! Normalisation of German place names into comparison keys, so that the many
//! ways people write a municipality meet the official VG250 name.
//!
//! A key is lower-case ASCII without separators: umlauts are spelt out
//! (`ä` → `ae`, `ß` → `ss`), hyphens, spaces and dots vanish, `St.` becomes
//! `sankt`, prefixes such as `Stadt` or `Landeshauptstadt` are dropped, and the
//! little words that join a name to its qualifier (`an der`, `a.d.`, `am`,
//! `i.`, `v.d.`, `bei` …) are left out. The qualifier itself — whatever follows
//! such a word, a parenthesis or a slash, as in `Wetter (Ruhr)`,
//! `Mülheim an der Ruhr`, `Halle/Saale` — stays in the full key and is cut off
//! in the *base* key, so `Wetter` finds `Wetter (Ruhr)`.

/// How umlauts are folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UmlautFolding {
    /// `ä` → `ae`, `ö` → `oe`, `ü` → `ue`: the German transliteration.
    SpellOut,
    /// `ä` → `a`, `ö` → `o`, `ü` → `u`: what a keyboard without umlauts produces.
    Strip,
}

/// Words that stand before a municipality's name without being part of it.
const PREFIX_WORDS: [&[&str]; 14] = [
    &["freie", "und", "hansestadt"],
    &["kreisfreie", "stadt"],
    &["grosse", "kreisstadt"],
    &["landeshauptstadt"],
    &["hansestadt"],
    &["kreisstadt"],
    &["universitaetsstadt"],
    &["wissenschaftsstadt"],
    &["stadt"],
    &["gemeinde"],
    &["city", "of"],
    &["town", "of"],
    &["municipality", "of"],
    &["lutherstadt"],
];

/// Words that join a name to its qualifier; they are not part of any key.
const CONNECTORS: [&str; 23] = [
    "a", "an", "am", "auf", "b", "bei", "d", "der", "die", "das", "dem", "den", "i", "im", "in",
    "ob", "u", "unter", "v", "vor", "zu", "zum", "zur",
];

/// Words that, after a comma at the end, only say what kind of place it is
/// (Destatis writes `Bochum, Stadt`).
const KIND_SUFFIXES: [&[&str]; 4] = [
    &["kreisfreie", "stadt"],
    &["stadt"],
    &["gemeinde"],
    &["hansestadt"],
];

/// What stood before a word: nothing special, a qualifier opener (`(`, `/`,
/// `[`) or a comma.
const NO_MARK: u8 = 0;
const QUALIFIER_MARK: u8 = 1;
const COMMA_MARK: u8 = 2;

/// A place name taken apart into a normalised key, its token boundaries and
/// the position where its qualifier starts.
///
/// The buffers can be reused with [`NormalizedName::parse_into`], so
/// normalising millions of names allocates nothing once the buffers have
/// grown.
///
/// ```
/// use ruhrmap::text::{NormalizedName, UmlautFolding};
/// let n = NormalizedName::parse("Mülheim a.d. Ruhr", UmlautFolding::SpellOut);
/// assert_eq!(n.key(), "muelheimruhr");
/// assert_eq!(n.base(), Some("muelheim"));
/// assert_eq!(NormalizedName::parse("Mülheim an der Ruhr", UmlautFolding::SpellOut).key(), "muelheimruhr");
/// assert_eq!(NormalizedName::parse("Stadt Castrop Rauxel", UmlautFolding::SpellOut).key(), "castroprauxel");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NormalizedName {
    key: String,
    /// End offset in `key` of each token.
    token_ends: Vec<usize>,
    /// Number of tokens before the qualifier (all tokens if there is none).
    base_tokens: usize,
    /// Scratch: the folded words before prefix and connector handling.
    words: String,
    word_ends: Vec<(usize, u8)>,
}

impl NormalizedName {
    /// An empty name with no buffers allocated yet.
    pub fn new() -> NormalizedName {
        NormalizedName::default()
    }

    /// Normalises `text` into a new value.
    ///
    /// ```
    /// use ruhrmap::text::{NormalizedName, UmlautFolding};
    /// let n = NormalizedName::parse("Halle (Westf.)", UmlautFolding::SpellOut);
    /// assert_eq!((n.key(), n.base()), ("hallewestf", Some("halle")));
    /// let n = NormalizedName::parse("Münster", UmlautFolding::Strip);
    /// assert_eq!(n.key(), "munster");
    /// ```
    pub fn parse(text: &str, folding: UmlautFolding) -> NormalizedName {
        let mut name = NormalizedName::new();
        name.parse_into(text, folding);
        name
    }

    /// Normalises `text` into this value, reusing its buffers.
    ///
    /// ```
    /// use ruhrmap::text::{NormalizedName, UmlautFolding};
    /// let mut n = NormalizedName::new();
    /// n.parse_into("GELSENKIRCHEN-Buer", UmlautFolding::SpellOut);
    /// assert_eq!(n.key(), "gelsenkirchenbuer");
    /// n.parse_into("St. Augustin", UmlautFolding::SpellOut);
    /// assert_eq!(n.key(), "sanktaugustin");
    /// ```
    pub fn parse_into(&mut self, text: &str, folding: UmlautFolding) {
        self.key.clear();
        self.token_ends.clear();
        self.base_tokens = 0;
        self.fold_words(text, folding);
        self.build_key();
    }

    /// Splits `text` into folded lower-case ASCII words in `self.words`,
    /// recording for each word whether a qualifier opener or a comma
    /// preceded it.
    fn fold_words(&mut self, text: &str, folding: UmlautFolding) {
        self.words.clear();
        self.word_ends.clear();
        let mut in_word = false;
        let mut mark = NO_MARK;
        let mut word_mark = NO_MARK;
        for c in text.chars() {
            let folded: &str = match c {
                'a'..='z' | '0'..='9' => {
                    // fast path: plain ASCII
                    if !in_word {
                        word_mark = mark;
                        mark = NO_MARK;
                        in_word = true;
                    }
                    self.words.push(c);
                    continue;
                }
                'A'..='Z' => {
                    if !in_word {
                        word_mark = mark;
                        mark = NO_MARK;
                        in_word = true;
                    }
                    self.words.push(c.to_ascii_lowercase());
                    continue;
                }
                '\'' | '’' | '`' | '´' => continue,
                'ä' | 'Ä' => {
                    if folding == UmlautFolding::SpellOut {
                        "ae"
                    } else {
                        "a"
                    }
                }
                'ö' | 'Ö' => {
                    if folding == UmlautFolding::SpellOut {
                        "oe"
                    } else {
                        "o"
                    }
                }
                'ü' | 'Ü' => {
                    if folding == UmlautFolding::SpellOut {
                        "ue"
                    } else {
                        "u"
                    }
                }
                'ß' | 'ẞ' => "ss",
                'à' | 'á' | 'â' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Å' => "a",
                'æ' | 'Æ' => "ae",
                'ç' | 'Ç' | 'č' | 'Č' | 'ć' | 'Ć' => "c",
                'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
                'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
                'ñ' | 'Ñ' | 'ń' | 'Ń' => "n",
                'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => "o",
                'œ' | 'Œ' => "oe",
                'ù' | 'ú' | 'û' | 'Ù' | 'Ú' | 'Û' => "u",
                'ý' | 'ÿ' | 'Ý' => "y",
                'š' | 'Š' | 'ś' | 'Ś' => "s",
                'ž' | 'Ž' | 'ź' | 'Ź' | 'ż' | 'Ż' => "z",
                'ł' | 'Ł' => "l",
                _ => {
                    if in_word {
                        self.word_ends.push((self.words.len(), word_mark));
                        in_word = false;
                    }
                    if matches!(c, '(' | '/' | '[') {
                        mark = QUALIFIER_MARK;
                    } else if c == ',' && mark == NO_MARK {
                        mark = COMMA_MARK;
                    }
                    continue;
                }
            };
            if !in_word {
                word_mark = mark;
                mark = NO_MARK;
                in_word = true;
            }
            self.words.push_str(folded);
        }
        if in_word {
            self.word_ends.push((self.words.len(), word_mark));
        }
    }

    /// Builds the key from the words: drops prefix words, a trailing kind
    /// suffix and connectors, spells out `st` as `sankt`, and finds where the
    /// qualifier starts.
    fn build_key(&mut self) {
        let count = self.word_ends.len();
        let word = |k: usize| -> &str {
            let start = if k == 0 { 0 } else { self.word_ends[k - 1].0 };
            &self.words[start..self.word_ends[k].0]
        };
        // a prefix such as "Stadt" is dropped only if a name follows it
        let mut first = 0;
        for prefix in PREFIX_WORDS {
            if count > prefix.len() && prefix.iter().enumerate().all(|(k, p)| word(k) == *p) {
                first = prefix.len();
                break;
            }
        }
        // ", Stadt" at the end says what kind of place it is
        let mut last = count;
        for suffix in KIND_SUFFIXES {
            let n = suffix.len();
            if last > first + n
                && self.word_ends[last - n].1 != NO_MARK
                && (0..n).all(|k| word(last - n + k) == suffix[k])
            {
                last -= n;
                break;
            }
        }
        let mut qualifier_at: Option<usize> = None;
        for k in first..last {
            let w = word(k);
            let is_first = k == first;
            if !is_first && self.word_ends[k].1 == QUALIFIER_MARK && qualifier_at.is_none() {
                qualifier_at = Some(self.token_ends.len());
            }
            if !is_first && CONNECTORS.contains(&w) {
                if qualifier_at.is_none() {
                    qualifier_at = Some(self.token_ends.len());
                }
                continue;
            }
            // "St. Augustin": an abbreviated Sankt, only before another word
            if w == "st" && k + 1 < last {
                self.key.push_str("sankt");
            } else {
                self.key.push_str(w);
            }
            self.token_ends.push(self.key.len());
        }
        self.base_tokens = match qualifier_at {
            Some(at) if at > 0 && at < self.token_ends.len() => at,
            _ => self.token_ends.len(),
        };
    }

    /// The full key: every word of the name, qualifier included.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The key without the qualifier (`Wetter (Ruhr)` → `wetter`), if the name
    /// has a qualifier after at least one word.
    ///
    /// ```
    /// use ruhrmap::text::{NormalizedName, UmlautFolding};
    /// assert_eq!(NormalizedName::parse("Wetter (Ruhr)", UmlautFolding::SpellOut).base(), Some("wetter"));
    /// assert_eq!(NormalizedName::parse("Bochum", UmlautFolding::SpellOut).base(), None);
    /// ```
    pub fn base(&self) -> Option<&str> {
        (self.base_tokens < self.token_ends.len())
            .then(|| &self.key[..self.token_ends[self.base_tokens - 1]])
    }

    /// The qualifier's key (`Wetter (Ruhr)` → `ruhr`), if there is one.
    ///
    /// ```
    /// use ruhrmap::text::{NormalizedName, UmlautFolding};
    /// assert_eq!(NormalizedName::parse("Buer (Gelsenkirchen)", UmlautFolding::SpellOut).qualifier(), Some("gelsenkirchen"));
    /// ```
    pub fn qualifier(&self) -> Option<&str> {
        (self.base_tokens < self.token_ends.len())
            .then(|| &self.key[self.token_ends[self.base_tokens - 1]..])
    }

    /// The number of words in the key.
    pub fn token_count(&self) -> usize {
        self.token_ends.len()
    }

    /// The keys of the first `n` words, for `n` from all but one down to one:
    /// `Bochum-Wattenscheid-Mitte` gives `bochumwattenscheid`, then `bochum`.
    ///
    /// ```
    /// use ruhrmap::text::{NormalizedName, UmlautFolding};
    /// let n = NormalizedName::parse("Bochum-Wattenscheid-Mitte", UmlautFolding::SpellOut);
    /// assert_eq!(n.leading_keys().collect::<Vec<_>>(), ["bochumwattenscheid", "bochum"]);
    /// ```
    pub fn leading_keys(&self) -> impl Iterator<Item = &str> + '_ {
        let count = self.token_ends.len();
        (1..count)
            .rev()
            .map(move |n| &self.key[..self.token_ends[n - 1]])
    }

    /// The first word of the key (after a dropped prefix such as `Stadt`).
    ///
    /// ```
    /// use ruhrmap::text::{NormalizedName, UmlautFolding};
    /// let n = NormalizedName::parse("Stadt Bad Homburg v.d. Höhe", UmlautFolding::SpellOut);
    /// assert_eq!((n.first_word(), n.last_word()), (Some("bad"), Some("hoehe")));
    /// ```
    pub fn first_word(&self) -> Option<&str> {
        self.token_ends.first().map(|&end| &self.key[..end])
    }

    /// The last word of the key.
    pub fn last_word(&self) -> Option<&str> {
        let count = self.token_ends.len();
        let start = if count >= 2 {
            self.token_ends[count - 2]
        } else {
            0
        };
        self.token_ends.last().map(|&end| &self.key[start..end])
    }

    /// Whether the key consists of digits only (a postcode, a house number).
    pub fn is_numeric(&self) -> bool {
        !self.key.is_empty() && self.key.bytes().all(|b| b.is_ascii_digit())
    }
}

/// The full normalised key of `text` (see [`NormalizedName`]).
///
/// ```
/// assert_eq!(ruhrmap::text::normalize_place_name("Landeshauptstadt DÜSSELDORF"), "duesseldorf");
/// assert_eq!(ruhrmap::text::normalize_place_name("Castrop-Rauxel"), ruhrmap::text::normalize_place_name("castrop rauxel"));
/// assert_eq!(ruhrmap::text::normalize_place_name("Bochum, Stadt"), "bochum");
/// assert_eq!(ruhrmap::text::normalize_place_name("Gießen"), "giessen");
/// ```
pub fn normalize_place_name(text: &str) -> String {
    NormalizedName::parse(text, UmlautFolding::SpellOut).key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> String {
        normalize_place_name(text)
    }

    fn base(text: &str) -> Option<String> {
        NormalizedName::parse(text, UmlautFolding::SpellOut)
            .base()
            .map(str::to_string)
    }

    #[test]
    fn case_umlauts_and_sharp_s() {
        assert_eq!(key("MÜNSTER"), "muenster");
        assert_eq!(key("Muenster"), "muenster");
        assert_eq!(key("Sprockhövel"), "sprockhoevel");
        assert_eq!(key("Bad Hönningen"), key("bad hoenningen"));
        assert_eq!(key("Gießen"), key("Giessen"));
        assert_eq!(
            NormalizedName::parse("Mülheim", UmlautFolding::Strip).key(),
            "mulheim"
        );
    }

    #[test]
    fn connectors_and_abbreviations() {
        for variant in [
            "Mülheim an der Ruhr",
            "Mülheim a.d. Ruhr",
            "Mülheim a. d. Ruhr",
            "Mülheim/Ruhr",
            "Mülheim (Ruhr)",
            "Muelheim a.d.Ruhr",
        ] {
            assert_eq!(key(variant), "muelheimruhr", "{variant}");
            assert_eq!(base(variant).as_deref(), Some("muelheim"), "{variant}");
        }
        assert_eq!(
            key("Bad Homburg v.d. Höhe"),
            key("Bad Homburg vor der Höhe")
        );
        assert_eq!(key("Frankfurt am Main"), "frankfurtmain");
        assert_eq!(base("Frankfurt (Oder)").as_deref(), Some("frankfurt"));
    }

    #[test]
    fn qualifiers_are_cut_from_the_base() {
        assert_eq!(base("Hamm (Westf.)").as_deref(), Some("hamm"));
        assert_eq!(base("Hamm/Westf.").as_deref(), Some("hamm"));
        assert_eq!(base("Voerde (Niederrhein)").as_deref(), Some("voerde"));
        assert_eq!(base("Halle"), None);
        // a qualifier alone has no base
        assert_eq!(base("(Ruhr)"), None);
    }

    #[test]
    fn prefixes_are_dropped_only_before_a_name() {
        assert_eq!(key("Stadt Bochum"), "bochum");
        assert_eq!(key("Kreisfreie Stadt Hamm"), "hamm");
        assert_eq!(key("Stadt"), "stadt");
        assert_eq!(key("Stadtlohn"), "stadtlohn");
        assert_eq!(key("City of Essen"), "essen");
    }

    #[test]
    fn hyphens_spaces_and_dots_vanish() {
        assert_eq!(key("Kamp-Lintfort"), key("Kamp Lintfort"));
        assert_eq!(key("  Kamp -  Lintfort "), "kamplintfort");
        assert_eq!(key("St. Leon-Rot"), key("Sankt Leon-Rot"));
        // "St" at the end is not a Sankt
        assert_eq!(key("Hof St"), "hofst");
    }

    #[test]
    fn leading_keys_for_district_suffixes() {
        let n = NormalizedName::parse("Mülheim an der Ruhr-Styrum", UmlautFolding::SpellOut);
        assert_eq!(n.leading_keys().next(), Some("muelheimruhr"));
        let n = NormalizedName::parse("Essen-Rüttenscheid", UmlautFolding::SpellOut);
        assert_eq!(n.leading_keys().collect::<Vec<_>>(), ["essen"]);
        assert_eq!(
            NormalizedName::parse("Essen", UmlautFolding::SpellOut)
                .leading_keys()
                .count(),
            0
        );
    }

    #[test]
    fn reuse_leaves_no_trace_of_the_previous_name() {
        let mut n = NormalizedName::new();
        n.parse_into("Wetter (Ruhr)", UmlautFolding::SpellOut);
        n.parse_into("Essen", UmlautFolding::SpellOut);
        assert_eq!(n, NormalizedName::parse("Essen", UmlautFolding::SpellOut));
        assert_eq!(n.base(), None);
        n.parse_into("", UmlautFolding::SpellOut);
        assert_eq!(n.key(), "");
        assert_eq!(n.token_count(), 0);
    }

    #[test]
    fn digits_are_kept() {
        assert!(NormalizedName::parse("44801", UmlautFolding::SpellOut).is_numeric());
        assert!(!NormalizedName::parse("Bochum", UmlautFolding::SpellOut).is_numeric());
    }
}
