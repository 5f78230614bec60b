//! The name index over the municipalities: from the text people write in a
//! partner list (`Bochum`, `MUELHEIM A.D. RUHR`, `Gelsenkirchen-Buer`,
//! `Universitätsstraße 150, 44801 Bochum`, `Dortmnud`) to one municipality.
//!
//! Every key is computed once when the index is built and held in hash maps,
//! so a lookup is a normalisation into a reused buffer plus one or two hash
//! probes; only misspelt names pay for the edit-distance search, whose
//! deletion index is built on first use.

use crate::boundaries::{Boundaries, MunicipalityId, Region};
use crate::geocode::match_kind::MatchKind;
use crate::text::JaroWinklerIndex;
use crate::text::{NormalizedName, UmlautFolding, transliterate};
use std::borrow::Borrow;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::OnceLock;

/// Why the first candidate of an ambiguous name was chosen over the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preference {
    /// The text names exactly one municipality.
    Unique,
    /// The chosen one lies in the region, the others do not.
    Region,
    /// The chosen one lies in the region's Land, the others do not.
    Land,
    /// The chosen one is the likeliest of equally placed namesakes (a
    /// kreisfreie Stadt, then a Stadt, then the largest by area): a guess
    /// worth a warning.
    Size,
}

/// A place text resolved to a municipality.
///
/// ```
/// use ruhrmap::{Boundaries, MatchKind, Region}; use ruhrmap::geocode::Gazetteer;
/// let b = Boundaries::embedded();
/// let gazetteer = Gazetteer::new(b, &Region::ruhr(b));
/// let m = gazetteer.find("Wetter").unwrap();
/// assert_eq!(b.municipalities()[m.municipality].name, "Wetter (Ruhr)");
/// assert_eq!(m.kind, MatchKind::Normalized);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch<'g> {
    /// The municipality.
    pub municipality: MunicipalityId,
    /// Which rule matched.
    pub kind: MatchKind,
    /// The other municipalities the text could mean, best first; empty when
    /// the text is unambiguous.
    pub alternatives: Cow<'g, [MunicipalityId]>,
    /// Why `municipality` was preferred over the first alternative.
    pub preference: Preference,
    /// A remark worth passing on, e.g. a postcode that contradicts the town.
    pub note: Option<String>,
}

/// The name index over all municipalities of a [`Boundaries`] set, with the
/// preferences of one [`Region`] for ambiguous names: a namesake in the
/// region first, then one in the region's Land, then the larger one.
///
/// ```
/// use ruhrmap::{Boundaries, MatchKind, Region}; use ruhrmap::geocode::Gazetteer;
/// let b = Boundaries::embedded();
/// let gazetteer = Gazetteer::new(b, &Region::ruhr(b));
/// let name = |text: &str| gazetteer.find(text).map(|m| (b.municipalities()[m.municipality].name.as_str(), m.kind));
/// assert_eq!(name("Bochum"), Some(("Bochum", MatchKind::Exact)));
/// assert_eq!(name("muelheim a.d. ruhr"), Some(("Mülheim an der Ruhr", MatchKind::Normalized)));
/// assert_eq!(name("Gelsenkirchen-Buer"), Some(("Gelsenkirchen", MatchKind::District)));
/// assert_eq!(name("Universitätsstraße 150, 44801 Bochum"), Some(("Bochum", MatchKind::Address)));
/// assert_eq!(name("Dortmnud"), Some(("Dortmund", MatchKind::Fuzzy)));
/// assert_eq!(name("Voerde"), Some(("Voerde (Niederrhein)", MatchKind::Normalized)));
/// assert_eq!(name("Münster").map(|(n, _)| n), Some("Münster"));
/// assert_eq!(name("xyzzy"), None);
/// ```
pub struct Gazetteer<'a> {
    boundaries: &'a Boundaries,
    /// Official name → candidates, best first.
    exact: NameMap<&'a str>,
    /// Normalised full and base keys (umlauts spelt out) → candidates, best first.
    keys: NameMap<Box<str>>,
    /// Keys with umlauts stripped, where they differ from the spelt-out ones.
    stripped: NameMap<Box<str>>,
    /// Keys of the Länder and words for Germany: address parts to skip.
    country_words: FastMap<Box<str>, ()>,
    /// Per municipality: 0 in the region, 1 in its Land, 2 elsewhere.
    class: Vec<u8>,
    /// Per municipality: position in the overall preference order.
    rank: Vec<u32>,
    /// Per municipality: its full key, for naming the closest candidates.
    full_keys: Vec<Box<str>>,
    fuzzy: OnceLock<FuzzyIndex>,
    /// The index for the closest names, built on first use.
    similar: OnceLock<JaroWinklerIndex>,
}

/// A hash map with a fast, non-cryptographic hash (the keys are our own
/// data, so there is no flooding to defend against): the multiply-rotate
/// scheme of rustc's FxHasher, eight bytes at a time.
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Keys → candidate lists (best first), the lists stored back to back in one
/// vector so a lookup touches little memory.
struct NameMap<K> {
    spans: FastMap<K, (u32, u32)>,
    lists: Vec<MunicipalityId>,
}

impl<K: Hash + Eq + Borrow<str>> NameMap<K> {
    /// Builds the map, sorting every list by `rank`.
    fn new(map: HashMap<K, Vec<MunicipalityId>>, rank: &[u32]) -> NameMap<K> {
        let mut entries: Vec<(K, Vec<MunicipalityId>)> = map.into_iter().collect();
        // a fixed order, so the layout does not depend on the hash seed
        // (the keys are distinct: an unstable sort gives the same order)
        entries.sort_unstable_by(|a, b| a.0.borrow().cmp(b.0.borrow()));
        let mut spans = FastMap::default();
        let mut lists = Vec::new();
        for (key, mut list) in entries {
            list.sort_by_key(|&i| rank[i.index()]);
            spans.insert(key, (lists.len() as u32, list.len() as u32));
            lists.extend_from_slice(&list);
        }
        NameMap { spans, lists }
    }

    fn get(&self, key: &str) -> Option<&[MunicipalityId]> {
        let &(start, len) = self.spans.get(key)?;
        Some(&self.lists[start as usize..(start + len) as usize])
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &[MunicipalityId])> + '_ {
        self.spans.iter().map(|(k, &(start, len))| {
            (
                k.borrow(),
                &self.lists[start as usize..(start + len) as usize],
            )
        })
    }
}

/// Reused normalisation buffers, one set per thread.
#[derive(Default)]
struct Scratch {
    spelt: NormalizedName,
    stripped: NormalizedName,
}

thread_local! {
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// Words that stand for the country in an address.
const COUNTRY_WORDS: [&str; 8] = [
    "deutschland",
    "germany",
    "de",
    "d",
    "brd",
    "bundesrepublikdeutschland",
    "nrw",
    "federalrepublicofgermany",
];

/// Street-name endings: an address part ending so is not a town.
const STREET_ENDINGS: [&str; 12] = [
    "strasse", "str", "weg", "platz", "allee", "ring", "gasse", "damm", "ufer", "chaussee", "wall",
    "pfad",
];

impl<'a> Gazetteer<'a> {
    /// Builds the index over every municipality of `boundaries`, preferring
    /// `region` for ambiguous names.
    pub fn new(boundaries: &'a Boundaries, region: &Region) -> Gazetteer<'a> {
        let municipalities = boundaries.municipalities();
        let class: Vec<u8> = municipalities
            .iter()
            .map(|m| {
                if region.contains(m.ags) {
                    0
                } else if region.shares_land(m.ags) {
                    1
                } else {
                    2
                }
            })
            .collect();
        // the overall preference order: region, Land, real municipalities
        // before unincorporated areas, kreisfrei, Stadt, larger area, AGS. The
        // shipped VG250 edition carries no population (EWZ); the kind of
        // municipality stands in for it before area does: "Hagen" is the
        // kreisfreie Stadt, not the larger Hagen im Bremischen
        let kind_rank = |i: usize| -> u8 {
            let m = &municipalities[i];
            if m.is_kreisfrei() || m.kind.eq_ignore_ascii_case("Kreisfreie Stadt") {
                0
            } else if m.kind.contains("Stadt") {
                1
            } else {
                2
            }
        };
        let unincorporated = |i: usize| municipalities[i].kind.starts_with("Gemeindefrei");
        // the text tests once per municipality, not once per comparison
        let group: Vec<(u8, bool, u8)> = (0..municipalities.len())
            .map(|i| (class[i], unincorporated(i), kind_rank(i)))
            .collect();
        let mut order: Vec<usize> = (0..municipalities.len()).collect();
        // the index breaks every tie: the order is total, an unstable sort gives it too
        order.sort_unstable_by(|&a, &b| {
            group[a]
                .cmp(&group[b])
                .then(
                    municipalities[b]
                        .area_km2
                        .total_cmp(&municipalities[a].area_km2),
                )
                .then(a.cmp(&b))
        });
        let mut rank = vec![0u32; municipalities.len()];
        for (position, &i) in order.iter().enumerate() {
            rank[i] = position as u32;
        }

        let mut keys: HashMap<Box<str>, Vec<MunicipalityId>> = HashMap::new();
        let mut stripped: HashMap<Box<str>, Vec<MunicipalityId>> = HashMap::new();
        let mut full_keys = Vec::with_capacity(municipalities.len());
        let mut spelt = NormalizedName::new();
        let mut bare = NormalizedName::new();
        for (i, m) in municipalities.iter().enumerate() {
            let index = MunicipalityId::new(i);
            spelt.parse_into(&m.name, UmlautFolding::SpellOut);
            bare.parse_into(&m.name, UmlautFolding::Strip);
            full_keys.push(Box::from(spelt.key()));
            let add = |map: &mut HashMap<Box<str>, Vec<MunicipalityId>>, key: &str| {
                if key.is_empty() {
                    return;
                }
                let list = map.entry(Box::from(key)).or_default();
                if !list.contains(&index) {
                    list.push(index);
                }
            };
            add(&mut keys, spelt.key());
            if let Some(base) = spelt.base() {
                add(&mut keys, base);
            }
            if bare.key() != spelt.key() {
                add(&mut stripped, bare.key());
                if let Some(base) = bare.base() {
                    add(&mut stripped, base);
                }
            }
        }
        add_exonyms(&mut keys, boundaries);
        // An official name has the candidates of its normalised key, so that
        // case, transliteration and hyphens never change the answer: "Halle"
        // weighs Halle (Saale) and Halle (Westf.) as "halle" does.
        let mut exact: HashMap<&'a str, Vec<MunicipalityId>> = HashMap::new();
        for (i, m) in municipalities.iter().enumerate() {
            exact.entry(m.name.as_str()).or_insert_with(|| {
                keys.get(&full_keys[i])
                    .cloned()
                    .unwrap_or_else(|| vec![MunicipalityId::new(i)])
            });
        }
        let exact = NameMap::new(exact, &rank);
        let keys = NameMap::new(keys, &rank);
        let stripped = NameMap::new(stripped, &rank);
        let mut country_words: FastMap<Box<str>, ()> =
            COUNTRY_WORDS.iter().map(|w| (Box::from(*w), ())).collect();
        for m in municipalities {
            country_words
                .entry(Box::from(spelt_key(&m.state)))
                .or_default();
        }
        Gazetteer {
            boundaries,
            exact,
            keys,
            stripped,
            country_words,
            class,
            rank,
            full_keys,
            fuzzy: OnceLock::new(),
            similar: OnceLock::new(),
        }
    }

    /// The boundaries the index was built over.
    pub fn boundaries(&self) -> &'a Boundaries {
        self.boundaries
    }

    /// Resolves a place text, trying in turn
    /// 1. the exact official name ([`MatchKind::Exact`]);
    /// 2. the normalised name, also without its qualifier and with umlauts
    ///    spelt out or stripped ([`MatchKind::Normalized`]);
    /// 3. a district suffix, `City-District` or `District (City)` ([`MatchKind::District`]);
    /// 4. postcode and town, or a street address whose parts name the town
    ///    ([`MatchKind::Postcode`], [`MatchKind::Address`]);
    /// 5. the nearest name by edit distance: one edit for names of four to
    ///    seven letters, two from eight ([`MatchKind::Fuzzy`]).
    ///
    /// `None` if nothing matches; [`Gazetteer::closest`] names candidates then.
    pub fn find(&self, text: &str) -> Option<PlaceMatch<'_>> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(list) = self.exact.get(text) {
            return Some(self.matched(list, MatchKind::Exact));
        }
        SCRATCH.with(|cell| {
            let mut scratch = cell.take();
            let found = self.find_normalized(text, &mut scratch);
            cell.set(scratch);
            found
        })
    }

    fn find_normalized(&self, text: &str, scratch: &mut Scratch) -> Option<PlaceMatch<'_>> {
        if let Some((list, kind)) = self.lookup_name(text, scratch, true) {
            return Some(self.matched(list, kind));
        }
        if text
            .bytes()
            .any(|b| b.is_ascii_digit() || matches!(b, b',' | b';' | b'\n' | b'\r' | b'|'))
            && let Some(found) = self.find_address(text, scratch)
        {
            return Some(found);
        }
        self.find_fuzzy(text, scratch)
    }

    /// Steps 2 and 3 of [`Gazetteer::find`] (exact included, fuzzy not):
    /// the ranked candidates and the kind of match.
    fn lookup_name(
        &self,
        text: &str,
        scratch: &mut Scratch,
        allow_district: bool,
    ) -> Option<(&[MunicipalityId], MatchKind)> {
        let text = text.trim();
        if let Some(list) = self.exact.get(text) {
            return Some((list, MatchKind::Exact));
        }
        let spelt = &mut scratch.spelt;
        spelt.parse_into(text, UmlautFolding::SpellOut);
        if spelt.key().is_empty() || spelt.is_numeric() {
            return None;
        }
        if let Some(list) = self.keys.get(spelt.key()) {
            return Some((list, MatchKind::Normalized));
        }
        if let Some(list) = spelt.base().and_then(|base| self.keys.get(base)) {
            return Some((list, MatchKind::Normalized));
        }
        let bare = &mut scratch.stripped;
        bare.parse_into(text, UmlautFolding::Strip);
        for map in [&self.stripped, &self.keys] {
            if let Some(list) = map
                .get(bare.key())
                .or_else(|| bare.base().and_then(|base| map.get(base)))
            {
                return Some((list, MatchKind::Normalized));
            }
        }
        // districts only for a plain name: an address part with a house
        // number or several comma-separated parts is an address
        let plain = !text
            .bytes()
            .any(|b| b.is_ascii_digit() || matches!(b, b',' | b';' | b'\n' | b'\r' | b'|'));
        if !allow_district || !plain {
            return None;
        }
        for prefix in spelt.leading_keys() {
            if let Some(list) = self.keys.get(prefix) {
                return Some((list, MatchKind::District));
            }
        }
        for prefix in bare.leading_keys() {
            if let Some(list) = self.stripped.get(prefix).or_else(|| self.keys.get(prefix)) {
                return Some((list, MatchKind::District));
            }
        }
        // "Buer (Gelsenkirchen)": the qualifier names the city
        if text.contains('(')
            && let Some(list) = spelt.qualifier().and_then(|q| self.keys.get(q))
        {
            return Some((list, MatchKind::District));
        }
        None
    }

    /// Step 4 of [`Gazetteer::find`]: postcode and town, or a street address.
    fn find_address(&self, text: &str, scratch: &mut Scratch) -> Option<PlaceMatch<'_>> {
        let parts: Vec<&str> = text
            .split([',', ';', '\n', '\r', '|'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if let Some((at, postcode)) = parts
            .iter()
            .enumerate()
            .find_map(|(k, p)| find_postcode(p).map(|pc| (k, pc)))
        {
            return self.resolve_postcode(&parts, at, postcode, scratch);
        }
        // no postcode: the town is one of the parts, usually the last
        for part in parts.iter().rev() {
            if self.is_country(part, scratch) {
                continue;
            }
            let town = match part.rfind(|c: char| c.is_ascii_digit()) {
                // "Universitätsstraße 150 Bochum": the town follows the house number
                Some(k) => after_house_number(&part[k + 1..]),
                None if looks_like_street(part) => continue,
                None => part,
            };
            if town.is_empty() {
                continue;
            }
            if let Some((list, _)) = self.lookup_name(town, scratch, true) {
                return Some(self.matched(list, MatchKind::Address));
            }
        }
        None
    }

    fn resolve_postcode(
        &self,
        parts: &[&str],
        at: usize,
        postcode: Postcode<'_>,
        scratch: &mut Scratch,
    ) -> Option<PlaceMatch<'_>> {
        let part = parts[at];
        let after = part[postcode.end..]
            .trim()
            .trim_start_matches(['-', '–'])
            .trim();
        let before = part[..postcode.start].trim();
        let before_is_town = !before.is_empty()
            && !before.bytes().any(|b| b.is_ascii_digit())
            && !looks_like_street(before);
        let (town, town_part) = if !after.is_empty() {
            (after, None)
        } else if before_is_town {
            (before, None)
        } else if let Some(next) = parts
            .get(at + 1)
            .filter(|p| !p.bytes().any(|b| b.is_ascii_digit()))
        {
            (*next, Some(at + 1))
        } else {
            ("", None)
        };
        // a postcode and a town and nothing else (but a country) is a
        // postcode match; anything more is a street address
        let street_part = parts
            .iter()
            .enumerate()
            .any(|(k, p)| k != at && Some(k) != town_part && !self.is_country(p, scratch))
            || (!after.is_empty() && !before.is_empty() && !is_country_prefix(before));
        let kind = if street_part {
            MatchKind::Address
        } else {
            MatchKind::Postcode
        };
        let by_postcode = self.boundaries.postcode_municipalities(postcode.digits);
        let by_town = if town.is_empty() {
            None
        } else {
            self.lookup_name(town, scratch, true)
        };
        match by_town {
            Some((towns, _)) => {
                if let Some(&i) = towns.iter().find(|&&i| by_postcode.contains(&i)) {
                    return Some(self.single(i, kind));
                }
                let mut found = self.matched(towns, kind);
                if !by_postcode.is_empty() {
                    let names: Vec<&str> = by_postcode
                        .iter()
                        .map(|&i| self.boundaries.municipalities()[i].name.as_str())
                        .collect();
                    found.note = Some(format!(
                        "postcode {} belongs to {}, not to {}; the town was taken",
                        postcode.digits,
                        names.join(", "),
                        self.boundaries.municipalities()[found.municipality].name
                    ));
                }
                Some(found)
            }
            None if !by_postcode.is_empty() => {
                let mut ranked: Vec<MunicipalityId> = by_postcode.to_vec();
                ranked.sort_by_key(|&i| self.rank[i.index()]);
                let mut found = self.matched_owned(ranked, kind);
                if !town.is_empty() {
                    found.note = Some(format!(
                        "town {town:?} not recognised; placed by postcode {}",
                        postcode.digits
                    ));
                }
                Some(found)
            }
            None if !town.is_empty() => {
                // unknown postcode and a misspelt town
                let mut found = self.find_fuzzy(town, scratch)?;
                found.note = Some(format!(
                    "postcode {} is not in the postcode table",
                    postcode.digits
                ));
                Some(found)
            }
            None => None,
        }
    }

    /// Whether an address part only names the country or a Land.
    fn is_country(&self, part: &str, scratch: &mut Scratch) -> bool {
        scratch.spelt.parse_into(part, UmlautFolding::SpellOut);
        self.country_words.contains_key(scratch.spelt.key())
    }

    /// Step 5 of [`Gazetteer::find`]: the nearest keys by edit distance.
    fn find_fuzzy(&self, text: &str, scratch: &mut Scratch) -> Option<PlaceMatch<'_>> {
        // an address: the misspelt town is the last part that is neither a
        // street nor the country
        for part in text.split([',', ';', '\n', '\r', '|']).map(str::trim).rev() {
            if part.is_empty() || part.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            scratch.spelt.parse_into(part, UmlautFolding::SpellOut);
            let query = scratch.spelt.key();
            if self.country_words.contains_key(query) || names_a_street(&scratch.spelt) {
                continue;
            }
            let max_edits = allowed_edits(query.len());
            if max_edits == 0 {
                return None;
            }
            let fuzzy = self
                .fuzzy
                .get_or_init(|| FuzzyIndex::build(&self.keys, &self.stripped));
            let mut hits = fuzzy.nearest(query, max_edits);
            if hits.is_empty() {
                return None;
            }
            hits.sort_by_key(|&i| self.rank[i.index()]);
            hits.dedup();
            return Some(self.matched_owned(hits, MatchKind::Fuzzy));
        }
        None
    }

    /// Up to `limit` municipalities whose names are closest to `text`
    /// (Jaro-Winkler similarity of the normalised keys, above 0.7), most
    /// similar first, equally similar ones in the preference order, one
    /// municipality per name: the suggestions for an unresolved place. An
    /// index keeps this from scoring every name; the answer is that of
    /// scoring every name.
    ///
    /// ```
    /// use ruhrmap::{Boundaries, Region}; use ruhrmap::geocode::Gazetteer;
    /// let b = Boundaries::embedded();
    /// let gazetteer = Gazetteer::new(b, &Region::ruhr(b));
    /// let closest = gazetteer.closest("Gelsnekrichn", 3);
    /// assert_eq!(b.municipalities()[closest[0]].name, "Gelsenkirchen");
    /// ```
    pub fn closest(&self, text: &str, limit: usize) -> Vec<MunicipalityId> {
        let query = spelt_key(text);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        self.similar_names()
            .closest(&query, limit)
            .into_iter()
            .map(MunicipalityId::new)
            .collect()
    }

    fn similar_names(&self) -> &JaroWinklerIndex {
        self.similar.get_or_init(|| {
            let names: Vec<&str> = self
                .boundaries
                .municipalities()
                .iter()
                .map(|m| m.name.as_str())
                .collect();
            JaroWinklerIndex::new(&self.full_keys, &self.rank, &names)
        })
    }

    /// Where municipality `i` lies for the preferences: 0 in the region, 1
    /// in a Land of the region, 2 elsewhere.
    pub(crate) fn placement(&self, i: MunicipalityId) -> u8 {
        self.class[i.index()]
    }

    /// Whether `text` is municipality `i`'s full name in some spelling (case,
    /// umlauts, hyphens aside), qualifier included: `Münster` is, `Halle` is
    /// not Halle (Westf.)'s.
    pub(crate) fn is_full_name(&self, text: &str, i: MunicipalityId) -> bool {
        self.boundaries.municipality(i).name == text
            || spelt_key(text) == *self.full_keys[i.index()]
    }

    fn matched<'g>(&'g self, list: &'g [MunicipalityId], kind: MatchKind) -> PlaceMatch<'g> {
        PlaceMatch {
            municipality: list[0],
            kind,
            alternatives: Cow::Borrowed(&list[1..]),
            preference: self.preference(list),
            note: None,
        }
    }

    fn matched_owned(&self, list: Vec<MunicipalityId>, kind: MatchKind) -> PlaceMatch<'_> {
        let preference = self.preference(&list);
        let mut list = list;
        let first = list.remove(0);
        PlaceMatch {
            municipality: first,
            kind,
            alternatives: Cow::Owned(list),
            preference,
            note: None,
        }
    }

    fn single(&self, municipality: MunicipalityId, kind: MatchKind) -> PlaceMatch<'_> {
        PlaceMatch {
            municipality,
            kind,
            alternatives: Cow::Borrowed(&[]),
            preference: Preference::Unique,
            note: None,
        }
    }

    fn preference(&self, list: &[MunicipalityId]) -> Preference {
        match list {
            [] | [_] => Preference::Unique,
            [first, second, ..] => {
                let (a, b) = (self.class[first.index()], self.class[second.index()]);
                match (a, b) {
                    (0, 1 | 2) => Preference::Region,
                    (1, 2) => Preference::Land,
                    _ => Preference::Size,
                }
            }
        }
    }
}

/// The English, Dutch and French names of German cities (`Cologne`,
/// `Keulen`, `Munich`, `Aix-la-Chapelle`): `exonym,languages,ags,name`, the
/// official name for checking. Source and licence: `boundaries/PROVENANCE.md`.
const EXONYMS_CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/boundaries/exonyms.csv"
));

/// Adds the keys of the exonyms to `keys`, each naming its city beside any
/// municipality of that name (Dutch `Aken` is Aachen, and also the key of
/// Aken (Elbe): the usual preferences decide). Cities missing from
/// `boundaries` (a boundaries folder of another edition) are skipped.
fn add_exonyms(keys: &mut HashMap<Box<str>, Vec<MunicipalityId>>, boundaries: &Boundaries) {
    let mut name = NormalizedName::new();
    let mut reader = csv::Reader::from_reader(EXONYMS_CSV.as_bytes());
    for record in reader.records().flatten() {
        let (Some(exonym), Some(Ok(ags))) = (
            record.get(0),
            record.get(2).map(str::parse::<crate::boundaries::Ags>),
        ) else {
            continue;
        };
        let Some(index) = boundaries.index_of(ags) else {
            continue;
        };
        name.parse_into(exonym, UmlautFolding::SpellOut);
        if name.key().is_empty() {
            continue;
        }
        let list = keys.entry(Box::from(name.key())).or_default();
        if !list.contains(&index) {
            list.push(index);
        }
    }
}

/// How many edits a fuzzy match may need, by the length of the query key.
fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

fn spelt_key(text: &str) -> String {
    crate::text::normalize_place_name(text)
}

/// Whether an address part names a street (`Hauptstraße`, `Kirchweg`, `Am Markt`).
fn looks_like_street(part: &str) -> bool {
    let lower = transliterate(&part.trim_end_matches('.').to_lowercase()).into_owned();
    let last = lower.split_whitespace().last().unwrap_or("");
    STREET_ENDINGS.iter().any(|ending| last.ends_with(ending))
        || lower.starts_with("am ")
        || lower.starts_with("an der ")
        || lower.starts_with("postfach")
}

/// The text after a house number, without a letter suffix (`150a Bochum` → `Bochum`).
fn after_house_number(rest: &str) -> &str {
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(letter), Some(space)) if letter.is_alphabetic() && space.is_whitespace() => {
            rest[letter.len_utf8()..].trim()
        }
        _ => rest.trim(),
    }
}

/// Whether a normalised address part names a street (`Hauptstraße`,
/// `Kirchweg`, `Am Markt`), judged by its first and last word.
fn names_a_street(name: &NormalizedName) -> bool {
    let last = name.last_word().unwrap_or("");
    STREET_ENDINGS.iter().any(|ending| last.ends_with(ending))
        || matches!(name.first_word(), Some("am" | "an" | "postfach"))
}

/// `D-` or `DE-` before a postcode names the country, not a street.
fn is_country_prefix(before: &str) -> bool {
    let b = before.trim_end_matches(['-', ' ']);
    b.eq_ignore_ascii_case("d") || b.eq_ignore_ascii_case("de")
}

/// A five-digit postcode found in an address part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Postcode<'t> {
    digits: &'t str,
    start: usize,
    end: usize,
}

/// The postcode in `part`: a run of exactly five digits, preferably one
/// followed by a town name; `None` if there is none.
fn find_postcode(part: &str) -> Option<Postcode<'_>> {
    let bytes = part.as_bytes();
    let mut found: Option<Postcode> = None;
    let mut k = 0;
    while k < bytes.len() {
        if !bytes[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let start = k;
        while k < bytes.len() && bytes[k].is_ascii_digit() {
            k += 1;
        }
        if k - start == 5 {
            let candidate = Postcode {
                digits: &part[start..k],
                start,
                end: k,
            };
            let followed_by_town = part[k..]
                .trim_start()
                .starts_with(|c: char| c.is_alphabetic());
            if followed_by_town {
                return Some(candidate);
            }
            found = Some(candidate);
        }
    }
    found
}

/// Symmetric-deletion index over the keys (the SymSpell idea): every key is
/// stored under the hashes of all its variants with up to two letters
/// deleted; a query looks up its own deletion variants, and the candidates
/// found are checked with the true edit distance. This finds every key
/// within the allowed edits without comparing against all keys.
///
/// The variant hashes live in an open-addressing table, so each probe is
/// about one memory access; queries try one deletion first and two only if
/// that finds nothing.
struct FuzzyIndex {
    keys: Vec<(Box<str>, Box<[MunicipalityId]>)>,
    /// Open-addressing table of variant hashes (0 marks an empty slot).
    slots: Vec<Slot>,
    mask: usize,
    /// Key ids, grouped by variant hash, each with the number of letters its
    /// variant deleted in the top bits; a slot points at its group.
    owners: Vec<u32>,
}

/// Where the deletion count sits in an owner entry, and the mask of the key id.
const DELETED_SHIFT: u32 = 30;
const ID_MASK: u32 = (1 << DELETED_SHIFT) - 1;

#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u64,
    start: u32,
    end: u32,
}

impl FuzzyIndex {
    fn build(keys: &NameMap<Box<str>>, stripped: &NameMap<Box<str>>) -> FuzzyIndex {
        let mut all: Vec<(Box<str>, Box<[MunicipalityId]>)> = keys
            .iter()
            .chain(stripped.iter())
            .map(|(k, v)| (Box::from(k), Box::from(v)))
            .collect();
        all.sort();
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        for (id, (key, _)) in all.iter().enumerate() {
            let depth = allowed_edits(key.len() + 2).min(2);
            for_each_deletion(key.as_bytes(), depth, |hash, deleted| {
                pairs.push((hash, id as u32 | deleted << DELETED_SHIFT))
            });
        }
        pairs.sort_unstable();
        pairs.dedup();
        let unique = pairs.chunk_by(|a, b| a.0 == b.0).count();
        let size = (unique * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![Slot::default(); size];
        let mut owners = Vec::with_capacity(pairs.len());
        for group in pairs.chunk_by(|a, b| a.0 == b.0) {
            let hash = group[0].0;
            let start = owners.len() as u32;
            owners.extend(group.iter().map(|&(_, id)| id));
            let mut at = slot_of(hash, mask);
            while slots[at].hash != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = Slot {
                hash,
                start,
                end: owners.len() as u32,
            };
        }
        FuzzyIndex {
            keys: all,
            slots,
            mask,
            owners,
        }
    }

    /// The key ids stored under a variant hash.
    fn owners_of(&self, hash: u64) -> &[u32] {
        let mut at = slot_of(hash, self.mask);
        loop {
            let slot = self.slots[at];
            if slot.hash == hash {
                return &self.owners[slot.start as usize..slot.end as usize];
            }
            if slot.hash == 0 {
                return &[];
            }
            at = (at + 1) & self.mask;
        }
    }

    /// The municipalities of the keys at the smallest edit distance
    /// (optimal string alignment) from `query`, if it is at most `max_edits`.
    fn nearest(&self, query: &str, max_edits: usize) -> Vec<MunicipalityId> {
        let mut candidates: Vec<u32> = Vec::new();
        let mut hashes: Vec<u64> = Vec::new();
        for depth in 1..=max_edits {
            // all probes first, then the lookups: independent loads that the
            // processor can overlap
            hashes.clear();
            for_each_deletion(query.as_bytes(), depth, |hash, _| hashes.push(hash));
            candidates.clear();
            for &hash in &hashes {
                // a key within `depth` edits shares a variant with the query
                // that has at most `depth` deletions on either side
                let owners = self.owners_of(hash);
                candidates.extend(
                    owners
                        .iter()
                        .filter(|&&o| (o >> DELETED_SHIFT) as usize <= depth)
                        .map(|&o| o & ID_MASK),
                );
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut best = max_edits + 1;
            let mut hits: Vec<MunicipalityId> = Vec::new();
            for &id in &candidates {
                let (key, municipalities) = &self.keys[id as usize];
                if key.len().abs_diff(query.len()) > depth {
                    continue;
                }
                let Some(distance) = osa_within(query.as_bytes(), key.as_bytes(), depth) else {
                    continue;
                };
                if distance < best {
                    best = distance;
                    hits.clear();
                }
                if distance == best {
                    hits.extend_from_slice(municipalities);
                }
            }
            // every key within `depth` edits has been seen at this depth
            if best <= depth {
                return hits;
            }
        }
        Vec::new()
    }
}

/// The optimal-string-alignment distance (edits: insert, delete,
/// substitute, swap two neighbours) between two keys if it is at most
/// `max`, computed on the stack with an early exit; the same numbers as
/// `strsim::osa_distance`, which allocates and cannot stop early, so it is
/// used only for keys longer than the stack rows.
fn osa_within(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    const ROW: usize = 64;
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.len() >= ROW || b.len() >= ROW {
        let distance =
            strsim::osa_distance(std::str::from_utf8(a).ok()?, std::str::from_utf8(b).ok()?);
        return (distance <= max).then_some(distance);
    }
    // three rows of the dynamic programme (i-2, i-1, i), rotated by index
    // rather than copied; distances below 64 fit a byte
    let mut rows = [[0u8; ROW]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j as u8;
    }
    let (mut before, mut previous, mut current) = (0usize, 1usize, 2usize);
    let limit = max.min(usize::from(u8::MAX)) as u8;
    for i in 1..=a.len() {
        rows[current][0] = i as u8;
        let mut row_min = i as u8;
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut value = (rows[previous][j] + 1)
                .min(rows[current][j - 1] + 1)
                .min(rows[previous][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(rows[before][j - 2] + 1);
            }
            rows[current][j] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
        (before, previous, current) = (previous, current, before);
    }
    let distance = usize::from(rows[previous][b.len()]);
    (distance <= max).then_some(distance)
}

/// The table slot where the search for `hash` starts.
fn slot_of(hash: u64, mask: usize) -> usize {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

/// Calls `emit` with the FNV-1a hash of `bytes` with every combination of up
/// to `depth` (at most 2) bytes deleted, the original included, and the
/// number of bytes deleted. Hashes are
/// never 0 (0 marks an empty slot of the table).
fn for_each_deletion(bytes: &[u8], depth: usize, mut emit: impl FnMut(u64, u32)) {
    let hash_skipping = |skip_a: usize, skip_b: usize| -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (k, &b) in bytes.iter().enumerate() {
            if k != skip_a && k != skip_b {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        hash.max(1)
    };
    let none = usize::MAX;
    emit(hash_skipping(none, none), 0);
    if depth >= 1 {
        for a in 0..bytes.len() {
            emit(hash_skipping(a, none), 1);
            if depth >= 2 {
                for b in a + 1..bytes.len() {
                    emit(hash_skipping(a, b), 2);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::Ags;

    fn gazetteer() -> &'static Gazetteer<'static> {
        static G: OnceLock<Gazetteer<'static>> = OnceLock::new();
        static R: OnceLock<Region> = OnceLock::new();
        let b = Boundaries::embedded();
        G.get_or_init(|| Gazetteer::new(b, R.get_or_init(|| Region::ruhr(b))))
    }

    fn found(text: &str) -> Option<(Ags, MatchKind)> {
        let g = gazetteer();
        g.find(text)
            .map(|m| (g.boundaries().municipalities()[m.municipality].ags, m.kind))
    }

    fn ags(text: &str) -> Ags {
        text.parse().unwrap()
    }

    #[test]
    fn exact_names() {
        assert_eq!(found("Bochum"), Some((ags("05911000"), MatchKind::Exact)));
        assert_eq!(
            found("  Mülheim an der Ruhr "),
            Some((ags("05117000"), MatchKind::Exact))
        );
        assert_eq!(
            found("Wetter (Hessen)"),
            Some((ags("06534021"), MatchKind::Exact))
        );
    }

    #[test]
    fn normalised_names() {
        for text in [
            "BOCHUM",
            "bochum",
            "Stadt Bochum",
            "Bochum, Stadt",
            "Mülheim a.d. Ruhr",
            "Muelheim an der Ruhr",
            "Mulheim an der Ruhr",
            "Castrop Rauxel",
            "castrop-rauxel",
            "Hamm (Westf.)",
            "Hamm/Westf.",
        ] {
            let (found_ags, kind) = found(text).unwrap_or_else(|| panic!("{text} not found"));
            assert_eq!(kind, MatchKind::Normalized, "{text}");
            let expected = match text.to_lowercase() {
                t if t.contains("bochum") => "05911000",
                t if t.contains("heim") => "05117000",
                t if t.contains("castrop") => "05562004",
                _ => "05915000",
            };
            assert_eq!(found_ags, ags(expected), "{text}");
        }
    }

    #[test]
    fn ambiguous_names_prefer_region_then_land_then_size() {
        let g = gazetteer();
        let wetter = g.find("Wetter").unwrap();
        assert_eq!(
            g.boundaries().municipalities()[wetter.municipality].ags,
            ags("05954032")
        );
        assert_eq!(wetter.preference, Preference::Region);
        assert!(
            wetter
                .alternatives
                .iter()
                .any(|&i| g.boundaries().municipalities()[i].ags == ags("06534021"))
        );
        assert_eq!(found("Voerde").unwrap().0, ags("05170044"));
        let muenster = g.find("Münster").unwrap();
        assert_eq!(
            g.boundaries().municipalities()[muenster.municipality].ags,
            ags("05515000")
        );
        assert_eq!(muenster.preference, Preference::Land);
        assert_eq!(muenster.kind, MatchKind::Exact);
        // Frankfurt: neither in the region nor in NRW; the larger (or, with
        // equal areas, the kreisfreie) city is a guess, marked as such
        let frankfurt = g.find("Frankfurt").unwrap();
        assert_eq!(frankfurt.preference, Preference::Size);
        let m = &g.boundaries().municipalities()[frankfurt.municipality];
        let other = &g.boundaries().municipalities()[frankfurt.alternatives[0]];
        assert!(
            m.area_km2 >= other.area_km2,
            "{} {} vs {} {}",
            m.name,
            m.area_km2,
            other.name,
            other.area_km2
        );
    }

    #[test]
    fn every_exonym_names_its_city_by_ags_and_official_name() {
        let b = Boundaries::embedded();
        let mut reader = csv::Reader::from_reader(EXONYMS_CSV.as_bytes());
        let mut rows = 0;
        for record in reader.records() {
            let record = record.unwrap();
            let city = b.by_ags(ags(&record[2])).unwrap();
            assert_eq!(city.name, &record[3], "{}", &record[0]);
            assert!(
                record[1]
                    .split(' ')
                    .all(|l| matches!(l, "en" | "nl" | "fr")),
                "{:?}",
                &record[1]
            );
            assert_eq!(found(&record[0]).unwrap().0, city.ags, "{}", &record[0]);
            rows += 1;
        }
        assert!(rows >= 40, "{rows}");
    }

    #[test]
    fn district_suffixes_name_the_city() {
        assert_eq!(
            found("Bochum-Wattenscheid"),
            Some((ags("05911000"), MatchKind::District))
        );
        assert_eq!(
            found("Gelsenkirchen-Buer"),
            Some((ags("05513000"), MatchKind::District))
        );
        assert_eq!(
            found("Essen-Rüttenscheid"),
            Some((ags("05113000"), MatchKind::District))
        );
        assert_eq!(
            found("Essen Rüttenscheid"),
            Some((ags("05113000"), MatchKind::District))
        );
        assert_eq!(
            found("Mülheim-Styrum"),
            Some((ags("05117000"), MatchKind::District))
        );
        assert_eq!(
            found("Buer (Gelsenkirchen)"),
            Some((ags("05513000"), MatchKind::District))
        );
        // a hyphenated official name is not a district
        assert_eq!(
            found("Kamp-Lintfort"),
            Some((ags("05170020"), MatchKind::Exact))
        );
    }

    #[test]
    fn postcodes_and_addresses() {
        let b = Boundaries::embedded();
        let bochum = b.index_of(ags("05911000")).unwrap();
        assert!(b.postcode_municipalities("44801").contains(&bochum));
        assert_eq!(
            found("Universitätsstraße 150, 44801 Bochum"),
            Some((ags("05911000"), MatchKind::Address))
        );
        assert_eq!(
            found("Universitätsstraße 150\n44801 Bochum"),
            Some((ags("05911000"), MatchKind::Address))
        );
        assert_eq!(
            found("44801 Bochum"),
            Some((ags("05911000"), MatchKind::Postcode))
        );
        assert_eq!(
            found("D-44801 Bochum, Deutschland"),
            Some((ags("05911000"), MatchKind::Postcode))
        );
        // the postcode alone is enough where the table knows it
        assert_eq!(found("44801"), Some((ags("05911000"), MatchKind::Postcode)));
        // a street address without postcode
        assert_eq!(
            found("Rüttenscheider Straße 1, Essen"),
            Some((ags("05113000"), MatchKind::Address))
        );
        assert_eq!(
            found("Essen, Rüttenscheider Str. 1"),
            Some((ags("05113000"), MatchKind::Address))
        );
        assert_eq!(
            found("Universitätsstraße 150 Bochum"),
            Some((ags("05911000"), MatchKind::Address))
        );
    }

    #[test]
    fn a_town_contradicting_the_postcode_wins_with_a_note() {
        let g = gazetteer();
        let m = g.find("44801 Herne").unwrap();
        assert_eq!(
            g.boundaries().municipalities()[m.municipality].name,
            "Herne"
        );
        assert!(m.note.as_deref().unwrap().contains("44801"), "{:?}", m.note);
    }

    #[test]
    fn unknown_postcode_falls_back_to_the_town() {
        // 99999 is not a German postcode; the town decides
        assert_eq!(
            found("99999 Bochum"),
            Some((ags("05911000"), MatchKind::Postcode))
        );
    }

    #[test]
    fn misspelt_names_are_fuzzy() {
        assert_eq!(found("Dortmnud"), Some((ags("05913000"), MatchKind::Fuzzy)));
        assert_eq!(
            found("Gelsenkirchn"),
            Some((ags("05513000"), MatchKind::Fuzzy))
        );
        assert_eq!(
            found("Oberhasuen"),
            Some((ags("05119000"), MatchKind::Fuzzy))
        );
        assert_eq!(
            found("Recklinghasuen"),
            Some((ags("05562032"), MatchKind::Fuzzy))
        );
        assert_eq!(found("Hattngen"), Some((ags("05954016"), MatchKind::Fuzzy)));
        assert_eq!(
            found("Universitätsstraße 150, 99999 Bohcum"),
            Some((ags("05911000"), MatchKind::Fuzzy))
        );
        // too far, too short, or nonsense
        assert_eq!(found("Dxrtxxnd"), None);
        assert_eq!(found("Xy"), None);
        assert_eq!(found("Lorem ipsum dolor"), None);
    }

    #[test]
    fn fuzzy_index_agrees_with_a_full_scan() {
        // every key within the allowed edits must be found, for a fixed set of
        // queries derived from real names by seeded edits
        let g = gazetteer();
        let index = FuzzyIndex::build(&g.keys, &g.stripped);
        let mut state: u64 = 0x5eed;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        };
        for _ in 0..300 {
            let (key, _) = &index.keys[next(index.keys.len())];
            let mut bytes = key.as_bytes().to_vec();
            match next(3) {
                0 if bytes.len() > 1 => {
                    bytes.remove(next(bytes.len()));
                }
                1 => {
                    let at = next(bytes.len());
                    bytes[at] = b'a' + next(26) as u8;
                }
                _ => bytes.insert(next(bytes.len() + 1), b'a' + next(26) as u8),
            }
            let query = String::from_utf8(bytes).unwrap();
            let max = allowed_edits(query.len());
            let mut expected: Vec<MunicipalityId> = Vec::new();
            let mut best = max + 1;
            for (k, list) in &index.keys {
                let d = strsim::osa_distance(&query, k);
                if d < best {
                    best = d;
                    expected.clear();
                }
                if d == best && d <= max {
                    expected.extend_from_slice(list);
                }
            }
            let mut got = index.nearest(&query, max);
            got.sort_unstable();
            got.dedup();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(got, expected, "query {query:?}");
        }
    }

    #[test]
    fn bounded_osa_agrees_with_strsim() {
        let mut state: u64 = 0x05ca;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        };
        for _ in 0..5000 {
            let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
                (0..next(12))
                    .map(|_| (b'a' + next(4) as u8) as char)
                    .collect()
            };
            let (a, b) = (word(&mut next), word(&mut next));
            let expected = strsim::osa_distance(&a, &b);
            for max in 0..4 {
                assert_eq!(
                    osa_within(a.as_bytes(), b.as_bytes(), max),
                    (expected <= max).then_some(expected),
                    "{a:?} {b:?} max {max}"
                );
            }
        }
    }

    #[test]
    fn closest_names_for_unresolved_text() {
        let g = gazetteer();
        let names: Vec<&str> = g
            .closest("Rcklnghsn", 3)
            .iter()
            .map(|&i| g.boundaries().municipalities()[i].name.as_str())
            .collect();
        assert!(names.contains(&"Recklinghausen"), "{names:?}");
        assert!(g.closest("", 3).is_empty());
    }

    /// The suggestions as they were computed before the index: every key
    /// scored, sorted by similarity and preference, one per name.
    fn closest_by_scoring_all(g: &Gazetteer<'_>, text: &str, limit: usize) -> Vec<MunicipalityId> {
        let query = spelt_key(text);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut scored: Vec<(f64, u32, usize)> = g
            .full_keys
            .iter()
            .enumerate()
            .map(|(i, key)| (strsim::jaro_winkler(&query, key), g.rank[i], i))
            .filter(|(score, _, _)| *score > 0.7)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let names = g.boundaries().municipalities();
        let mut out: Vec<MunicipalityId> = Vec::with_capacity(limit);
        for (_, _, i) in scored {
            if !out.iter().any(|&j| names[j].name == names[i].name) {
                out.push(MunicipalityId::new(i));
                if out.len() == limit {
                    break;
                }
            }
        }
        out
    }

    /// A real name changed as people mistype it, one to three times: a letter
    /// deleted, inserted, replaced, or swapped with its neighbour; umlauts
    /// and ß spelt out; umlauts stripped and ss written ß; upper or lower case.
    fn mistyped(name: &str, next: &mut impl FnMut(usize) -> usize) -> String {
        let mut chars: Vec<char> = name.chars().collect();
        for _ in 0..1 + next(3) {
            let len = chars.len();
            match next(8) {
                0 if len > 1 => {
                    chars.remove(next(len));
                }
                1 => chars.insert(next(len + 1), (b'a' + next(26) as u8) as char),
                2 if len > 1 => {
                    let at = next(len - 1);
                    chars.swap(at, at + 1);
                }
                3 if len > 0 => chars[next(len)] = (b'a' + next(26) as u8) as char,
                4 => {
                    let spelt: String = chars.iter().collect::<String>();
                    let spelt = crate::text::transliterate(&spelt);
                    chars = spelt.chars().collect();
                }
                5 => {
                    let stripped: String = chars.iter().collect::<String>();
                    let stripped = stripped
                        .replace('ä', "a")
                        .replace('ö', "o")
                        .replace('ü', "u")
                        .replace("ss", "ß");
                    chars = stripped.chars().collect();
                }
                6 => {
                    chars = chars
                        .iter()
                        .collect::<String>()
                        .to_uppercase()
                        .chars()
                        .collect()
                }
                _ => {
                    chars = chars
                        .iter()
                        .collect::<String>()
                        .to_lowercase()
                        .chars()
                        .collect()
                }
            }
        }
        chars.into_iter().collect()
    }

    #[test]
    fn closest_agrees_with_scoring_every_name() {
        let g = gazetteer();
        let names = g.boundaries().municipalities();
        let mut state: u64 = 0xc105e57;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        };
        let mut texts: Vec<String> = (0..1000)
            .map(|_| mistyped(&names[next(names.len())].name, &mut next))
            .collect();
        // unrelated texts: random letters, and words that name no place
        for _ in 0..200 {
            let len = 1 + next(25);
            texts.push(
                (0..len)
                    .map(|_| b"abcdefghijklmnopqrstuvwxyz  -.0123"[next(34)] as char)
                    .collect(),
            );
        }
        texts.extend(
            [
                "k. A.",
                "online",
                "bundesweit",
                "Partner ohne Ortsangabe",
                "Atlantis",
                "xyzzy",
                "ß",
                "Ü",
            ]
            .map(String::from),
        );
        let mut suggested = 0;
        for text in &texts {
            // a shorter answer is the start of a longer one: score all once
            let expected = closest_by_scoring_all(g, text, 8);
            suggested += usize::from(!expected.is_empty());
            for limit in [1, 3, 8] {
                let expected = &expected[..limit.min(expected.len())];
                assert_eq!(g.closest(text, limit), expected, "{text:?}, limit {limit}");
            }
        }
        // the comparison is not vacuous: most texts have suggestions
        assert!(
            suggested > texts.len() / 2,
            "{suggested} of {}",
            texts.len()
        );
    }

    #[test]
    fn empty_and_numeric_text_is_not_a_place() {
        assert_eq!(found(""), None);
        assert_eq!(found("   "), None);
        assert_eq!(found("12"), None);
    }
}
