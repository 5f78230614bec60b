//! The names most similar to a text by Jaro-Winkler similarity, found without
//! comparing the text with every name.
//!
//! An unresolved place text gets the closest municipality names as
//! suggestions: the keys whose Jaro-Winkler similarity (`strsim`) to the
//! text's key exceeds [`FLOOR`], best first. Scoring all 11,299 keys costs
//! about 2 ms a text; the index reaches the same answer scoring at most a
//! few hundred keys for the texts of the benchmark, in three stages:
//!
//! 1. **A bound from the characters alone.** Jaro only matches equal
//!    characters, so its number of matches `m` is at most the shared
//!    character multiset `M = Σ min(count in text, count in key)`; without
//!    transpositions the similarity is then at most `(M/|a| + M/|b| + 1) / 3`,
//!    and the Winkler bonus of a common prefix of `l` ≤ 4 characters raises
//!    that to `j + l/10 · (1 − j)`. q-grams of two or more characters give no
//!    such bound: Jaro forgives transposed neighbours, so `abcdef` and
//!    `badcfe` share no bigram yet score 0.83. `M` is counted for 64 keys at
//!    a time: per character occurrence (`e` once, `e` twice, …) a bitset of
//!    the keys that have it, added into bit-sliced counters. Keys are sorted
//!    by length and then bytewise, so a length is one range of keys with one
//!    threshold on `M`, and the keys sharing a prefix with the text are a
//!    range inside it with a lower one.
//! 2. **The exact similarity** of the keys whose bound reaches the level
//!    searched, computed with bit masks and without allocating: the same
//!    numbers as `strsim::jaro_winkler`, bit for bit (a test checks this),
//!    and giving up early on keys that cannot exceed [`FLOOR`].
//! 3. **`strsim::jaro_winkler`** for the keys of the answer, whose scores the
//!    ranking uses.
//!
//! The level starts high and is lowered step by step. Every key not scored
//! yet scores below the current level; once `limit` distinct names are known
//! to score at least the level, no other key can rank among them and the
//! search stops. So the ranking (similarity, then the preference order, one
//! municipality per name) is the one of scoring every key.
//!
//! Keys are normalised names, lower-case ASCII; a key set with other bytes,
//! or keys longer than 255 bytes, is scanned exhaustively instead.

use std::cell::Cell;

/// Similarities at or below this are no suggestion.
pub(crate) const FLOOR: f64 = 0.7;

/// The first level of the search (or the highest bound of any key, if
/// lower); each next level is lower by [`LEVEL_STEP`], or only down to the
/// score that `limit` distinct names are known to reach, and the last is
/// [`FLOOR`]. Small steps keep the keys scored few; each step costs a pass
/// over the bitsets.
const FIRST_LEVEL: f64 = 0.9;
const LEVEL_STEP: f64 = 0.02;

/// Allowance for rounding when a bound decides that a key cannot reach a
/// level: much more than the error of a few floating-point operations, much
/// less than any difference between two similarities of short keys.
const SLACK: f64 = 1e-9;

/// Bits of a counter of shared characters at most: keys up to 255 bytes are
/// indexed; a set with longer keys is only scanned exhaustively.
const MAX_SLICES: usize = 8;

/// Bit masks of the exact stage hold a key's positions in one word.
const MASK_BITS: usize = 64;

/// The name keys of all municipalities, indexed for the most similar keys to
/// a text (see the module documentation).
pub(crate) struct JaroWinklerIndex {
    /// The distinct non-empty keys, sorted by length and then bytewise,
    /// stored back to back.
    bytes: Vec<u8>,
    /// Where each key starts in `bytes`, and one more entry for the end.
    starts: Vec<u32>,
    /// The first four bytes of each key, big-endian, zero-padded: sorted
    /// like the keys within a length, so a prefix is a range found by
    /// binary search.
    heads: Vec<u32>,
    /// The municipalities of each key: those of key `k` are
    /// `owners[owner_starts[k]..owner_starts[k + 1]]`.
    owner_starts: Vec<u32>,
    owners: Vec<u32>,
    /// The keys of each length, as a range of key positions.
    groups: Vec<Group>,
    /// 64-bit words per bitset over the keys.
    words: usize,
    /// Bitsets over the keys, `words` words each: token `first_token[c] + k`
    /// holds the keys with more than `k` occurrences of byte `c`.
    bits: Vec<u64>,
    first_token: [u32; 256],
    token_count: [u32; 256],
    /// Bits of the counters of shared characters: enough for the longest key.
    slices: usize,
    /// Per municipality: its position in the preference order.
    rank: Vec<u32>,
    /// Per municipality: an id of its name, equal for equal names.
    name_id: Vec<u32>,
    /// Whether every key is ASCII, as normalised keys are, and at most 255
    /// bytes long; otherwise characters are not bytes, or the counters
    /// could overflow, and only the exhaustive scan is right.
    indexed: bool,
}

/// The keys of one length.
#[derive(Debug, Clone, Copy)]
struct Group {
    len: usize,
    start: usize,
    end: usize,
}

impl JaroWinklerIndex {
    /// Indexes `keys` (one per municipality, empty for none), with each
    /// municipality's position in the preference order and its name, which
    /// decides which suggestions are the same name.
    pub(crate) fn new(keys: &[Box<str>], rank: &[u32], names: &[&str]) -> JaroWinklerIndex {
        // distinct keys with their municipalities, sorted by length, then bytes
        let mut entries: Vec<(&[u8], u32)> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| !k.is_empty())
            .map(|(i, k)| (k.as_bytes(), i as u32))
            .collect();
        entries.sort_by(|a, b| {
            a.0.len()
                .cmp(&b.0.len())
                .then(a.0.cmp(b.0))
                .then(a.1.cmp(&b.1))
        });
        let mut bytes = Vec::new();
        let mut starts = vec![0u32];
        let mut heads = Vec::new();
        let mut owner_starts = vec![0u32];
        let mut owners = Vec::with_capacity(entries.len());
        for (n, &(key, i)) in entries.iter().enumerate() {
            if n == 0 || entries[n - 1].0 != key {
                if n > 0 {
                    owner_starts.push(owners.len() as u32);
                }
                bytes.extend_from_slice(key);
                starts.push(bytes.len() as u32);
                heads.push(head(key));
            }
            owners.push(i);
        }
        if !entries.is_empty() {
            owner_starts.push(owners.len() as u32);
        }
        let count = heads.len();
        let key = |k: usize| &bytes[starts[k] as usize..starts[k + 1] as usize];
        let mut groups: Vec<Group> = Vec::new();
        for k in 0..count {
            let len = key(k).len();
            match groups.last_mut() {
                Some(g) if g.len == len => g.end = k + 1,
                _ => groups.push(Group {
                    len,
                    start: k,
                    end: k + 1,
                }),
            }
        }
        // one bitset per (byte, occurrence) that some key has
        let mut token_count = [0u32; 256];
        for k in 0..count {
            let mut seen = [0u32; 256];
            for &c in key(k) {
                seen[usize::from(c)] += 1;
            }
            for (most, here) in token_count.iter_mut().zip(seen) {
                *most = (*most).max(here);
            }
        }
        let mut first_token = [0u32; 256];
        let mut tokens = 0u32;
        for c in 0..256 {
            first_token[c] = tokens;
            tokens += token_count[c];
        }
        let words = count.div_ceil(64);
        let mut bits = vec![0u64; tokens as usize * words];
        for k in 0..count {
            let mut seen = [0u32; 256];
            for &c in key(k) {
                let token = (first_token[usize::from(c)] + seen[usize::from(c)]) as usize;
                seen[usize::from(c)] += 1;
                bits[token * words + k / 64] |= 1 << (k % 64);
            }
        }
        let longest = groups.last().map_or(0, |g| g.len);
        let slices = (usize::BITS - longest.leading_zeros()).max(1) as usize;
        // equal names get equal ids, in first-seen order
        let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let name_id = names
            .iter()
            .map(|&name| {
                let next = ids.len() as u32;
                *ids.entry(name).or_insert(next)
            })
            .collect();
        JaroWinklerIndex {
            indexed: bytes.is_ascii() && slices <= MAX_SLICES,
            bytes,
            starts,
            heads,
            owner_starts,
            owners,
            groups,
            words,
            bits,
            first_token,
            token_count,
            slices,
            rank: rank.to_vec(),
            name_id,
        }
    }

    fn key(&self, k: usize) -> &[u8] {
        &self.bytes[self.starts[k] as usize..self.starts[k + 1] as usize]
    }

    fn key_str(&self, k: usize) -> &str {
        // keys were made from `&str`s and are stored whole
        std::str::from_utf8(self.key(k)).unwrap_or("")
    }

    fn owners_of(&self, k: usize) -> &[u32] {
        &self.owners[self.owner_starts[k] as usize..self.owner_starts[k + 1] as usize]
    }

    /// Up to `limit` municipalities whose keys are most similar to `query`
    /// (a normalised key), by `strsim::jaro_winkler` above [`FLOOR`], then by
    /// the preference order; one municipality per name. The same answer as
    /// [`JaroWinklerIndex::closest_exhaustive`].
    pub(crate) fn closest(&self, query: &str, limit: usize) -> Vec<usize> {
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        if !self.indexed || !query.is_ascii() {
            return self.closest_exhaustive(query, limit);
        }
        BUFFERS.with(|cell| {
            let mut buffers = cell.take();
            let found = self.search(query, limit, &mut buffers);
            cell.set(buffers);
            found
        })
    }

    fn search(&self, query: &str, limit: usize, buffers: &mut Buffers) -> Vec<usize> {
        let a = query.as_bytes();
        let mut search = Search::new(self, a, &mut buffers.search);
        let mut exact = ExactQuery::new(a, &mut buffers.exact);
        // keys scored exactly, above FLOOR: (score, key)
        let pending = &mut buffers.pending;
        pending.clear();
        let mut best = BestNames::new(limit);
        let mut level = FIRST_LEVEL.min(search.best_bound());
        let cut = loop {
            search.mark(level);
            search.take_new(|k| {
                let b = self.key(k);
                let score = if b.len() <= MASK_BITS {
                    exact.jaro_winkler(b, true)
                } else {
                    strsim::jaro_winkler(query, self.key_str(k))
                };
                if score + SLACK > FLOOR {
                    pending.push((score, k as u32));
                    for &i in self.owners_of(k) {
                        best.offer(score, self.name_id[i as usize]);
                    }
                }
            });
            // Every key not scored yet scores below `level`. Once `limit`
            // names score at least `known` ≥ `level`, the answer is among the
            // keys scoring at least `known`.
            let known = best.last();
            match known {
                Some(known) if known + SLACK >= level => break known,
                _ if level <= FLOOR => break FLOOR,
                // a step down, or straight down to the score the `limit`-th
                // name already reaches, where the search stops
                _ => {
                    level = (level - LEVEL_STEP).max(known.unwrap_or(FLOOR)).max(FLOOR);
                }
            }
        };
        // the answer's keys, scored with strsim for the ranking
        let mut scored: Vec<(f64, u32)> = Vec::new();
        for &(exact_score, k) in pending.iter() {
            if exact_score + SLACK >= cut {
                let score = strsim::jaro_winkler(query, self.key_str(k as usize));
                if score > FLOOR {
                    scored.extend(self.owners_of(k as usize).iter().map(|&i| (score, i)));
                }
            }
        }
        self.ranked(scored, limit)
    }

    /// [`JaroWinklerIndex::closest`] by scoring every key with
    /// `strsim::jaro_winkler`: the reference, and the way for keys that are
    /// not ASCII.
    pub(crate) fn closest_exhaustive(&self, query: &str, limit: usize) -> Vec<usize> {
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut scored = Vec::new();
        for k in 0..self.heads.len() {
            let score = strsim::jaro_winkler(query, self.key_str(k));
            if score > FLOOR {
                scored.extend(self.owners_of(k).iter().map(|&i| (score, i)));
            }
        }
        self.ranked(scored, limit)
    }

    /// The best `limit` of `scored`: by similarity, then preference, the
    /// first municipality of each name.
    fn ranked(&self, scored: Vec<(f64, u32)>, limit: usize) -> Vec<usize> {
        let mut scored: Vec<(f64, u32, u32)> = scored
            .into_iter()
            .map(|(score, i)| (score, self.rank[i as usize], i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<usize> = Vec::with_capacity(limit);
        for (_, _, i) in scored {
            let name = self.name_id[i as usize];
            if !out.iter().any(|&j| self.name_id[j] == name) {
                out.push(i as usize);
                if out.len() == limit {
                    break;
                }
            }
        }
        out
    }
}

/// Buffers of a search, kept per thread between searches: a search then
/// allocates nothing but its answer once they have grown.
#[derive(Default)]
struct Buffers {
    search: SearchBuffers,
    exact: ExactBuffers,
    pending: Vec<(f64, u32)>,
}

thread_local! {
    static BUFFERS: Cell<Buffers> = Cell::new(Buffers::default());
}

/// The best scores of the `limit` best distinct names seen so far.
struct BestNames {
    limit: usize,
    /// (score, name id), best first, one entry per name.
    top: Vec<(f64, u32)>,
}

impl BestNames {
    fn new(limit: usize) -> BestNames {
        BestNames {
            limit,
            top: Vec::new(),
        }
    }

    /// Takes note that name `name` scores `score`.
    fn offer(&mut self, score: f64, name: u32) {
        if let Some(at) = self.top.iter().position(|&(_, n)| n == name) {
            if self.top[at].0 >= score {
                return;
            }
            self.top.remove(at);
        } else if self.top.len() == self.limit && self.top[self.limit - 1].0 >= score {
            return;
        }
        let at = self.top.partition_point(|&(s, _)| s >= score);
        self.top.insert(at, (score, name));
        self.top.truncate(self.limit);
    }

    /// The score of the `limit`-th best name, once that many are known.
    fn last(&self) -> Option<f64> {
        (self.top.len() == self.limit).then(|| self.top[self.limit - 1].0)
    }
}

/// What a [`Search`] computes per query, kept for reuse.
#[derive(Default)]
struct SearchBuffers {
    /// Per key, the number of characters it shares with the query (as
    /// multisets), bit-sliced: bit `s` of the counters of keys `64x..64x+64`
    /// is word `x * slices + s`.
    counters: Vec<u64>,
    /// Per length group: the whole group, then the keys sharing the first
    /// 1, 2, 3, 4 bytes with the query (empty once the query or the keys are
    /// shorter), each a range of key positions.
    ranges: Vec<[(u32, u32); 5]>,
    /// Per length group: `la·lb / (la + lb)`, which turns a needed Jaro
    /// similarity into a needed count of shared characters.
    scale: Vec<f64>,
    /// Per length group and range: the count threshold marked so far.
    applied: Vec<[usize; 5]>,
    /// Keys whose bound reached a level so far, and those taken of them.
    marked: Vec<u64>,
    taken: Vec<u64>,
    /// The bitsets the query's characters select.
    tokens: Vec<usize>,
}

/// The state of one search: the bound's inputs for every key, and which keys
/// have been marked and taken.
struct Search<'i, 'b> {
    index: &'i JaroWinklerIndex,
    query_len: usize,
    b: &'b mut SearchBuffers,
}

impl<'i, 'b> Search<'i, 'b> {
    fn new(index: &'i JaroWinklerIndex, a: &[u8], b: &'b mut SearchBuffers) -> Search<'i, 'b> {
        let la = a.len() as f64;
        count_shared_characters(index, a, &mut b.tokens, &mut b.counters);
        prefix_ranges(index, a, &mut b.ranges);
        b.scale.clear();
        b.scale.extend(
            index
                .groups
                .iter()
                .map(|g| la * g.len as f64 / (la + g.len as f64)),
        );
        b.applied.clear();
        b.applied.resize(index.groups.len(), [usize::MAX; 5]);
        for bits in [&mut b.marked, &mut b.taken] {
            bits.clear();
            bits.resize(index.words, 0);
        }
        Search {
            index,
            query_len: a.len(),
            b,
        }
    }

    /// The highest bound of any key.
    fn best_bound(&self) -> f64 {
        let slices = self.index.slices;
        let mut best = 0.0f64;
        for (g, ranges) in self.index.groups.iter().zip(&self.b.ranges) {
            for (l, &(start, end)) in ranges.iter().enumerate() {
                let (start, end) = (start as usize, end as usize);
                if start == end {
                    break;
                }
                let mut most: Option<usize> = None;
                for x in start / 64..end.div_ceil(64) {
                    let counter = &self.b.counters[x * slices..(x + 1) * slices];
                    most = most.max(Some(largest_count(counter, range_mask(x, start, end))));
                }
                if let Some(most) = most {
                    best = best.max(bound(self.query_len, g.len, most, l));
                }
            }
        }
        best
    }

    /// Marks the keys whose bound reaches `level`.
    fn mark(&mut self, level: f64) {
        // the Jaro similarity a key with a common prefix of `l` needs
        let needed: [f64; 5] = std::array::from_fn(|l| {
            let bonus = 0.1 * l as f64;
            ((level - bonus) / (1.0 - bonus)).max(FLOOR) - SLACK
        });
        let index = self.index;
        let b = &mut *self.b;
        for (((g, ranges), applied), &scale) in index
            .groups
            .iter()
            .zip(&b.ranges)
            .zip(&mut b.applied)
            .zip(&b.scale)
        {
            let most = self.query_len.min(g.len);
            for (l, &(start, end)) in ranges.iter().enumerate() {
                if start == end {
                    break;
                }
                // (M/la + M/lb + 1) / 3 >= j  ⇔  M >= (3j − 1) · la·lb / (la + lb),
                // rounded down a little against rounding errors
                let t = ceil_positive((3.0 * needed[l] - 1.0) * scale - 1e-6).max(1);
                // a range is marked again only when its threshold falls
                if t <= most && t < applied[l] {
                    mark_at_least(
                        &b.counters,
                        index.slices,
                        start as usize,
                        end as usize,
                        t,
                        &mut b.marked,
                    );
                    applied[l] = t;
                }
            }
        }
    }

    /// Calls `f` with every key marked but not yet taken, and takes it.
    fn take_new(&mut self, mut f: impl FnMut(usize)) {
        for (x, (&marked, taken)) in self.b.marked.iter().zip(&mut self.b.taken).enumerate() {
            let mut new = marked & !*taken;
            *taken |= new;
            while new != 0 {
                f(x * 64 + new.trailing_zeros() as usize);
                new &= new - 1;
            }
        }
    }
}

/// Counts per key the characters it shares with `a` (as multisets) into
/// bit-sliced `counters` (see [`SearchBuffers::counters`]).
fn count_shared_characters(
    index: &JaroWinklerIndex,
    a: &[u8],
    tokens: &mut Vec<usize>,
    counters: &mut Vec<u64>,
) {
    let mut in_query = [0u32; 256];
    for &c in a {
        in_query[usize::from(c)] += 1;
    }
    tokens.clear();
    for (c, &count) in in_query.iter().enumerate() {
        let first = index.first_token[c] as usize;
        tokens.extend(first..first + count.min(index.token_count[c]) as usize);
    }
    counters.clear();
    counters.resize(index.words * index.slices, 0);
    // one instance per counter width, so the adds unroll
    match index.slices {
        1 => count_tokens::<1>(index, tokens, counters),
        2 => count_tokens::<2>(index, tokens, counters),
        3 => count_tokens::<3>(index, tokens, counters),
        4 => count_tokens::<4>(index, tokens, counters),
        5 => count_tokens::<5>(index, tokens, counters),
        6 => count_tokens::<6>(index, tokens, counters),
        7 => count_tokens::<7>(index, tokens, counters),
        _ => count_tokens::<MAX_SLICES>(index, tokens, counters),
    }
}

/// Adds the bitsets of `tokens` into counters of `S` bits.
fn count_tokens<const S: usize>(index: &JaroWinklerIndex, tokens: &[usize], counters: &mut [u64]) {
    for (x, counter) in counters.chunks_exact_mut(S).enumerate() {
        let mut sum = [0u64; S];
        for &token in tokens {
            // add one where the key has the token: a ripple-carry add on 64
            // keys at once
            let mut carry = index.bits[token * index.words + x];
            for bit in &mut sum {
                let next = *bit & carry;
                *bit ^= carry;
                carry = next;
            }
        }
        counter.copy_from_slice(&sum);
    }
}

/// Per length group, the whole group and the key ranges sharing the first
/// 1, 2, 3, 4 bytes with `a` (see [`SearchBuffers::ranges`]).
fn prefix_ranges(index: &JaroWinklerIndex, a: &[u8], out: &mut Vec<[(u32, u32); 5]>) {
    let query_head = head(a);
    out.clear();
    out.extend(index.groups.iter().map(|g| {
        let (mut start, mut end) = (g.start, g.end);
        let mut ranges = [(start as u32, start as u32); 5];
        ranges[0] = (start as u32, end as u32);
        for p in 0..a.len().min(g.len).min(4) {
            let shift = 24 - 8 * p as u32;
            let wanted = query_head >> shift;
            let heads = &index.heads[start..end];
            let from = heads.partition_point(|&h| (h >> shift) < wanted);
            let to = heads.partition_point(|&h| (h >> shift) <= wanted);
            (start, end) = (start + from, start + to);
            if start == end {
                break;
            }
            ranges[p + 1] = (start as u32, end as u32);
        }
        ranges
    }));
}

/// The largest of the bit-sliced counters `counter` among the keys in
/// `live`: top bit first, keep the keys having the bit if any does.
fn largest_count(counter: &[u64], mut live: u64) -> usize {
    let mut value = 0usize;
    for (s, &bit) in counter.iter().enumerate().rev() {
        let having = live & bit;
        // without branches: which way it goes is as good as random
        let any = u64::from(having != 0);
        value |= (any as usize) << s;
        live = (having & any.wrapping_neg()) | (live & any.wrapping_sub(1));
    }
    value
}

/// Sets in `marked` the keys in `start..end` sharing at least `t` characters.
fn mark_at_least(
    counters: &[u64],
    slices: usize,
    start: usize,
    end: usize,
    t: usize,
    marked: &mut [u64],
) {
    match slices {
        1 => mark_at_least_in::<1>(counters, start, end, t, marked),
        2 => mark_at_least_in::<2>(counters, start, end, t, marked),
        3 => mark_at_least_in::<3>(counters, start, end, t, marked),
        4 => mark_at_least_in::<4>(counters, start, end, t, marked),
        5 => mark_at_least_in::<5>(counters, start, end, t, marked),
        6 => mark_at_least_in::<6>(counters, start, end, t, marked),
        7 => mark_at_least_in::<7>(counters, start, end, t, marked),
        _ => mark_at_least_in::<MAX_SLICES>(counters, start, end, t, marked),
    }
}

/// [`mark_at_least`] for counters of `S` bits.
fn mark_at_least_in<const S: usize>(
    counters: &[u64],
    start: usize,
    end: usize,
    t: usize,
    marked: &mut [u64],
) {
    // the bits of `t`, each spread over a word
    let wanted: [u64; S] = std::array::from_fn(|s| 0u64.wrapping_sub(((t >> s) & 1) as u64));
    for x in start / 64..end.div_ceil(64) {
        // bit-sliced comparison of the counters with `t`, top bit first
        let counter = &counters[x * S..(x + 1) * S];
        let (mut greater, mut equal) = (0u64, u64::MAX);
        for s in (0..S).rev() {
            greater |= equal & counter[s] & !wanted[s];
            equal &= !(counter[s] ^ wanted[s]);
        }
        marked[x] |= range_mask(x, start, end) & (greater | equal);
    }
}

/// The smallest integer at least `x`, for `x` below 2^52, without a libm
/// call; 0 for negative `x`.
fn ceil_positive(x: f64) -> usize {
    if x <= 0.0 {
        return 0;
    }
    let whole = x as usize;
    if (whole as f64) < x { whole + 1 } else { whole }
}

/// The bits of word `x` of a bitset that lie in `start..end`.
fn range_mask(x: usize, start: usize, end: usize) -> u64 {
    let low = if x == start / 64 { start % 64 } else { 0 };
    let high = if x == (end - 1) / 64 {
        (end - 1) % 64 + 1
    } else {
        64
    };
    (u64::MAX >> (64 - (high - low))) << low
}

/// The highest Jaro-Winkler similarity two texts of lengths `la` and `lb`
/// sharing `shared` characters and a prefix of `prefix` can have: no
/// transpositions, every shared character matched.
fn bound(la: usize, lb: usize, shared: usize, prefix: usize) -> f64 {
    if shared == 0 {
        return 0.0;
    }
    let m = shared.min(la).min(lb) as f64;
    let jaro = (m / la as f64 + m / lb as f64 + 1.0) / 3.0;
    if jaro > FLOOR {
        jaro + 0.1 * prefix as f64 * (1.0 - jaro)
    } else {
        jaro
    }
}

/// The first four bytes of `key`, big-endian, zero-padded.
fn head(key: &[u8]) -> u32 {
    let mut word = [0u8; 4];
    for (w, &c) in word.iter_mut().zip(key) {
        *w = c;
    }
    u32::from_be_bytes(word)
}

/// What an [`ExactQuery`] computes per query and key length, kept for reuse.
#[derive(Default)]
struct ExactBuffers {
    /// Per query position: the number of its byte among the distinct ones.
    class: Vec<u8>,
    /// Per query position whose window reaches into the key: the key
    /// positions it may match.
    windows: Vec<u64>,
    /// Per distinct query byte (and one for all others): its positions in
    /// the key being scored.
    masks: Vec<u64>,
}

/// A query prepared for the exact Jaro-Winkler similarity with bit masks:
/// each of its bytes numbered by its distinct value, and the matching windows
/// of the key length at hand (keys come sorted by length, so these are
/// computed once per length and round).
struct ExactQuery<'q, 'b> {
    a: &'q [u8],
    /// Per byte value: its number among the query's distinct bytes; bytes
    /// not in the query share the number after the last.
    slot: [u8; 256],
    /// The number of distinct query bytes.
    distinct: usize,
    b: &'b mut ExactBuffers,
    /// The key length `b.windows`, `range` and `need` are for.
    length: usize,
    /// How far from its own position a query byte may match.
    range: usize,
    /// Fewer matches than this keep the similarity at or below [`FLOOR`]
    /// even without transpositions.
    need: usize,
}

impl<'q, 'b> ExactQuery<'q, 'b> {
    /// Prepares an ASCII query.
    fn new(a: &'q [u8], b: &'b mut ExactBuffers) -> ExactQuery<'q, 'b> {
        let mut slot = [u8::MAX; 256];
        let mut distinct = 0usize;
        b.class.clear();
        for &c in a {
            let s = &mut slot[usize::from(c)];
            if *s == u8::MAX {
                *s = distinct as u8;
                distinct += 1;
            }
            b.class.push(*s);
        }
        // ASCII has at most 128 distinct bytes, so the number after the
        // last is free
        for s in slot.iter_mut().filter(|s| **s == u8::MAX) {
            *s = distinct as u8;
        }
        b.masks.clear();
        b.masks.resize(256, 0);
        ExactQuery {
            a,
            slot,
            distinct,
            b,
            length: usize::MAX,
            range: 0,
            need: 0,
        }
    }

    /// Computes the windows, `range` and `need` for keys of `lb` bytes (1
    /// to 64).
    fn prepare(&mut self, lb: usize) {
        if self.length == lb {
            return;
        }
        let la = self.a.len();
        let range = (la.max(lb) / 2).saturating_sub(1);
        self.b.windows.clear();
        for i in 0..la {
            let low = i.saturating_sub(range);
            if low >= lb {
                break;
            }
            let high = lb.min(i + range + 1);
            self.b
                .windows
                .push((u64::MAX >> (64 - (high - low))) << low);
        }
        // m/la + m/lb + 1 > 2.1 is needed for more than FLOOR; in integers
        self.need = (11 * la * lb).div_ceil(10 * (la + lb));
        self.range = range;
        self.length = lb;
    }

    /// `strsim::jaro_winkler` of the query and `b` (ASCII, at most 64 bytes),
    /// with the same greedy matching and the same arithmetic, so the same
    /// number bit for bit. With `give_up`, a key that cannot score above
    /// [`FLOOR`] gets 0 as soon as that is certain.
    fn jaro_winkler(&mut self, b: &[u8], give_up: bool) -> f64 {
        let (la, lb) = (self.a.len(), b.len());
        debug_assert!(lb <= MASK_BITS);
        if la == 0 && lb == 0 {
            return 1.0;
        }
        if la == 0 || lb == 0 {
            return 0.0;
        }
        self.prepare(lb);
        let need = if give_up { self.need } else { 0 };
        if need > la.min(lb) {
            return 0.0;
        }
        let buffers = &mut *self.b;
        // the positions of each query byte in b
        let masks = &mut buffers.masks[..256];
        masks[..=self.distinct].fill(0);
        for (j, &c) in b.iter().enumerate() {
            masks[usize::from(self.slot[usize::from(c)])] |= 1 << j;
        }
        // each query byte takes the first free equal byte of b in its window
        let a = self.a;
        let mut used = 0u64;
        let mut matched = [0u8; MASK_BITS];
        let mut m = 0usize;
        let positions = buffers.windows.iter().zip(&buffers.class).zip(a);
        for (i, ((&window, &s), &c)) in positions.enumerate() {
            let free = masks[usize::from(s)] & !used & window;
            if free != 0 {
                used |= free & free.wrapping_neg();
                matched[m & (MASK_BITS - 1)] = c;
                m += 1;
            } else if m + la - i - 1 < need {
                // too few query bytes left to match
                return 0.0;
            }
        }
        if m == 0 {
            return 0.0;
        }
        // matched bytes in the order of b against those in the order of a
        let mut transpositions = 0usize;
        let mut rest = used;
        for &c in &matched[..m] {
            let j = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if b[j] != c {
                transpositions += 1;
            }
        }
        transpositions /= 2;
        // below FLOOR for certain, in integers: m/la + m/lb + (m−t)/m < 2.1,
        // short of it by far more than rounding; spares three divisions
        if give_up {
            let (m, t) = (m as u64, transpositions as u64);
            let (la, lb) = (la as u64, lb as u64);
            if 10 * (m * m * (la + lb) + (m - t) * la * lb) < 21 * la * lb * m {
                return 0.0;
            }
        }
        let sim = ((m as f64 / la as f64)
            + (m as f64 / lb as f64)
            + ((m - transpositions) as f64 / m as f64))
            / 3.0;
        if sim > 0.7 {
            let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
            sim + 0.1 * prefix as f64 * (1.0 - sim)
        } else {
            sim
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64, for reproducible test inputs.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % n as u64) as usize
        }

        fn word(&mut self, alphabet: &[u8], max_len: usize) -> String {
            let len = self.below(max_len + 1);
            (0..len)
                .map(|_| alphabet[self.below(alphabet.len())] as char)
                .collect()
        }
    }

    #[test]
    fn exact_stage_equals_strsim_bit_for_bit() {
        let mut rng = Rng(0x1a60);
        let mut buffers = ExactBuffers::default();
        // small alphabets make many matches and transpositions
        for alphabet in [
            &b"ab"[..],
            b"abcd",
            b"aeinrst",
            b"abcdefghijklmnopqrstuvwxyz0123456789",
        ] {
            for _ in 0..20_000 {
                let a = rng.word(alphabet, 40);
                let b = rng.word(alphabet, 64);
                let got =
                    ExactQuery::new(a.as_bytes(), &mut buffers).jaro_winkler(b.as_bytes(), false);
                let expected = strsim::jaro_winkler(&a, &b);
                assert_eq!(got.to_bits(), expected.to_bits(), "{a:?} {b:?}");
            }
        }
        // a long query against short keys: windows wider than a mask
        let long = "x".repeat(300) + "abc";
        let got = ExactQuery::new(long.as_bytes(), &mut buffers).jaro_winkler(b"xabc", false);
        assert_eq!(got.to_bits(), strsim::jaro_winkler(&long, "xabc").to_bits());
    }

    #[test]
    fn bigrams_would_lose_a_close_key() {
        // why the bound counts single characters: no shared bigram, yet close
        assert!(strsim::jaro_winkler("abcdef", "badcfe") > FLOOR);
        let keys: Vec<Box<str>> = ["badcfe", "zzzzzz"].map(Box::from).to_vec();
        let index = JaroWinklerIndex::new(&keys, &[0, 1], &["Badcfe", "Zzzzzz"]);
        assert_eq!(index.closest("abcdef", 3), vec![0]);
    }

    #[test]
    fn agrees_with_the_exhaustive_scan_on_random_keys() {
        let mut rng = Rng(0x5eed);
        let alphabet = b"aeilnorstuz";
        for round in 0..20 {
            let count = 50 + rng.below(400);
            let keys: Vec<Box<str>> = (0..count)
                .map(|_| Box::from(rng.word(alphabet, 14).as_str()))
                .collect();
            // a shuffled preference order and some repeated names
            let mut rank: Vec<u32> = (0..count as u32).collect();
            for i in (1..count).rev() {
                rank.swap(i, rng.below(i + 1));
            }
            let names: Vec<String> = (0..count)
                .map(|i| format!("n{}", i % (count - 7)))
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let index = JaroWinklerIndex::new(&keys, &rank, &names);
            for _ in 0..50 {
                let query = rng.word(alphabet, 16);
                for limit in [1, 3, 10] {
                    assert_eq!(
                        index.closest(&query, limit),
                        index.closest_exhaustive(&query, limit),
                        "round {round}, query {query:?}, limit {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn empty_query_or_limit_gives_nothing() {
        let keys: Vec<Box<str>> = ["essen", ""].map(Box::from).to_vec();
        let index = JaroWinklerIndex::new(&keys, &[0, 1], &["Essen", "Leer"]);
        assert!(index.closest("", 3).is_empty());
        assert!(index.closest("essen", 0).is_empty());
        assert_eq!(index.closest("esen", 3), vec![0]);
        // a key that is not ASCII: the exhaustive scan answers
        let keys: Vec<Box<str>> = ["düren"].map(Box::from).to_vec();
        let index = JaroWinklerIndex::new(&keys, &[0], &["Düren"]);
        assert_eq!(index.closest("düren", 3), vec![0]);
    }
}
