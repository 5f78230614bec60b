//! The font an SVG's text needs, carried inside the SVG: the glyphs of the
//! embedded Noto Sans that the scene's text uses, as a TrueType subset per
//! weight in an `@font-face` rule with a `data:` URI. Browsers then draw the
//! text in the very font the PNG was rendered with, on machines without
//! Noto Sans too (without it they fall back to DejaVu Sans, about 10 %
//! wider, and long labels run into markers).
//!
//! The glyphs are cut out with `subsetter` (the subsetter svg2pdf uses for
//! the PDF). It leaves out what a PDF does not need but a browser does, so
//! three tables are added back:
//! - `cmap` (format 4): the characters used, to the subset's glyph ids;
//! - `OS/2`: copied from the full font (browsers' font sanitisers require it);
//! - `kern` (format 0): the kerning of every pair of adjacent characters in
//!   the scene's text, as the shaper (rustybuzz, as in resvg) applies it from
//!   the full font's `GPOS`, so the browser spaces letters as the PNG does.
//!
//! The same scene always gives the same bytes: characters, pairs and tables
//! are written in sorted order.

use crate::render::fonts::{FONT_FAMILY, TextMetrics, font_data};
use crate::render::scene::{FontWeight, Item, Scene};
use crate::text::displayed_text;
use base64::Engine as _;
use rustybuzz::ttf_parser;
use std::collections::{BTreeMap, BTreeSet};

/// The embedded font could not be cut down. The font is known to work, so
/// this is a defect in the subsetter or here, not in the input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot embed the {weight} font subset in the SVG: {source}")]
pub struct FontSubsetError {
    /// `regular` or `bold`.
    pub weight: &'static str,
    /// The subsetter's reason.
    #[source]
    pub source: subsetter::Error,
}

/// The most kerning pairs one `kern` subtable holds (its length is 16 bits).
const MAX_KERN_PAIRS: usize = 10_000;

/// What the text of one weight needs: its characters and the kerning
/// between adjacent ones (font units).
#[derive(Default)]
struct FontUse {
    chars: BTreeSet<char>,
    kerning: BTreeMap<(char, char), i16>,
}

/// The `<style>` element with one `@font-face` per weight the scene's text
/// uses, or `None` if the scene has no text.
pub(crate) fn font_face_style(scene: &Scene) -> Result<Option<String>, FontSubsetError> {
    let metrics = TextMetrics::embedded();
    let mut uses: BTreeMap<FontWeight, FontUse> = BTreeMap::new();
    for layer in &scene.layers {
        collect(&layer.items, metrics, &mut uses);
    }
    if uses.values().all(|u| u.chars.is_empty()) {
        return Ok(None);
    }
    let mut css = String::from("<style>");
    for (weight, font_use) in &uses {
        if font_use.chars.is_empty() {
            continue;
        }
        let (css_weight, name) = match weight {
            FontWeight::Regular => (400, "regular"),
            FontWeight::Bold => (700, "bold"),
        };
        let subset =
            subset_font(font_data(*weight), font_use).map_err(|source| FontSubsetError {
                weight: name,
                source,
            })?;
        css.push_str("@font-face{font-family:'");
        css.push_str(FONT_FAMILY);
        css.push_str("';font-style:normal;font-weight:");
        css.push_str(&css_weight.to_string());
        css.push_str(";src:url(data:font/ttf;base64,");
        base64::engine::general_purpose::STANDARD.encode_string(&subset, &mut css);
        css.push_str(")format('truetype')}");
    }
    // no `text-rendering: geometricPrecision`: Chromium then lays text out
    // at its size in user units (mm), and long lines drift by 0.4 % from
    // the PNG; by default it lays out at the displayed size, as resvg does
    css.push_str("</style>");
    Ok(Some(css))
}

fn collect(items: &[Item], metrics: &TextMetrics, uses: &mut BTreeMap<FontWeight, FontUse>) {
    for item in items {
        match item {
            Item::Text(text) => {
                let shown = displayed_text(&text.content);
                let font_use = uses.entry(text.weight).or_default();
                font_use.chars.extend(shown.chars());
                add_kerning(&shown, text.weight, metrics, font_use);
            }
            Item::Group(group) => collect(&group.items, metrics, uses),
            Item::Embedded(embedded) => {
                // a chart's text: every character of its markup is a
                // superset, and the chart writes few and plain ones
                let font_use = uses.entry(FontWeight::Regular).or_default();
                font_use.chars.extend(embedded.markup.chars());
                if embedded.markup.contains("bold") {
                    let bold = uses.entry(FontWeight::Bold).or_default();
                    bold.chars.extend(embedded.markup.chars());
                }
            }
            _ => {}
        }
    }
}

/// Records the kerning the shaper applies between adjacent characters of
/// `shown`: the difference between a glyph's shaped and its nominal advance.
/// Lines the shaper changes beyond kerning (ligatures, marks) keep no pairs.
fn add_kerning(shown: &str, weight: FontWeight, metrics: &TextMetrics, font_use: &mut FontUse) {
    let face = metrics.face(weight);
    let chars: Vec<char> = shown.chars().collect();
    let glyphs = metrics.shape(shown, weight);
    let (infos, positions) = (glyphs.glyph_infos(), glyphs.glyph_positions());
    if infos.len() != chars.len() {
        return;
    }
    let one_to_one = infos
        .iter()
        .zip(&chars)
        .all(|(info, &c)| face.glyph_index(c).map(|g| u32::from(g.0)) == Some(info.glyph_id));
    if !one_to_one {
        return;
    }
    for i in 0..chars.len().saturating_sub(1) {
        let glyph = ttf_parser::GlyphId(infos[i].glyph_id as u16);
        let nominal = i32::from(face.glyph_hor_advance(glyph).unwrap_or(0));
        let kern = positions[i].x_advance - nominal;
        if kern != 0 && font_use.kerning.len() < MAX_KERN_PAIRS {
            let value = kern.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16;
            font_use
                .kerning
                .entry((chars[i], chars[i + 1]))
                .or_insert(value);
        }
    }
}

/// A TrueType font with the glyphs of `font_use` only, usable by browsers.
fn subset_font(data: &[u8], font_use: &FontUse) -> Result<Vec<u8>, subsetter::Error> {
    let face = ttf_parser::Face::parse(data, 0).map_err(|_| subsetter::Error::MalformedFont)?;
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut cmap: Vec<(u16, u16)> = Vec::new();
    for &c in &font_use.chars {
        let Ok(code) = u16::try_from(u32::from(c)) else {
            continue; // beyond the Basic Multilingual Plane: not in Noto Sans
        };
        if let Some(glyph) = face.glyph_index(c) {
            cmap.push((code, remapper.remap(glyph.0)));
        }
    }
    let subset = subsetter::subset(data, 0, &remapper)?;
    let mut tables = read_tables(&subset).ok_or(subsetter::Error::MalformedFont)?;
    let new_id: BTreeMap<char, u16> = font_use
        .chars
        .iter()
        .filter_map(|&c| Some((c, remapper.get(face.glyph_index(c)?.0)?)))
        .collect();
    let mut kerning: Vec<(u16, u16, i16)> = font_use
        .kerning
        .iter()
        .filter_map(|(&(a, b), &v)| Some((*new_id.get(&a)?, *new_id.get(&b)?, v)))
        .collect();
    kerning.sort_unstable();
    kerning.dedup_by_key(|&mut (a, b, _)| (a, b));
    tables.push((*b"cmap", cmap_table(&cmap)));
    if let Some(os2) = face.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2")) {
        tables.push((*b"OS/2", os2.to_vec()));
    }
    if !kerning.is_empty() {
        tables.push((*b"kern", kern_table(&kerning)));
    }
    Ok(assemble(tables))
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The tables of an sfnt file, by tag.
fn read_tables(font: &[u8]) -> Option<Vec<([u8; 4], Vec<u8>)>> {
    let count = usize::from(u16_at(font, 4)?);
    (0..count)
        .map(|i| {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
            let offset = u32_at(font, record + 8)? as usize;
            let length = u32_at(font, record + 12)? as usize;
            Some((tag, font.get(offset..offset + length)?.to_vec()))
        })
        .collect()
}

/// `(searchRange, entrySelector, rangeShift)` of a binary-search header
/// over `count` entries of `size` bytes.
fn search_header(count: usize, size: usize) -> [u16; 3] {
    let selector = if count == 0 {
        0
    } else {
        count.ilog2() as usize
    };
    let range = (1usize << selector) * size;
    [
        range as u16,
        selector as u16,
        (count * size - range.min(count * size)) as u16,
    ]
}

/// A `cmap` table with one Windows Unicode BMP subtable (format 4) mapping
/// `codes` (sorted `(character, glyph)` pairs).
fn cmap_table(codes: &[(u16, u16)]) -> Vec<u8> {
    // segments of consecutive characters with consecutive glyphs: (start, end, delta)
    let mut segments: Vec<(u16, u16, u16)> = Vec::new();
    for &(code, glyph) in codes {
        let delta = glyph.wrapping_sub(code);
        match segments.last_mut() {
            Some((_, end, d)) if *end + 1 == code && *d == delta => *end = code,
            _ => segments.push((code, code, delta)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let n = segments.len();
    let mut sub = Vec::with_capacity(16 + 8 * n);
    let length = 16 + 8 * n;
    for v in [4, length as u16, 0, (2 * n) as u16] {
        sub.extend(v.to_be_bytes());
    }
    for v in search_header(n, 2) {
        sub.extend(v.to_be_bytes());
    }
    segments.iter().for_each(|s| sub.extend(s.1.to_be_bytes()));
    sub.extend(0u16.to_be_bytes());
    segments.iter().for_each(|s| sub.extend(s.0.to_be_bytes()));
    segments.iter().for_each(|s| sub.extend(s.2.to_be_bytes()));
    segments.iter().for_each(|_| sub.extend(0u16.to_be_bytes()));
    let mut table = Vec::with_capacity(12 + sub.len());
    for v in [0u16, 1, 3, 1] {
        table.extend(v.to_be_bytes());
    }
    table.extend(12u32.to_be_bytes());
    table.extend(sub);
    table
}

/// A `kern` table (version 0, one horizontal format-0 subtable) with
/// `pairs` sorted by (left, right) glyph.
fn kern_table(pairs: &[(u16, u16, i16)]) -> Vec<u8> {
    let n = pairs.len();
    let mut table = Vec::with_capacity(18 + 6 * n);
    for v in [0u16, 1, 0, (14 + 6 * n) as u16, 1, n as u16] {
        table.extend(v.to_be_bytes());
    }
    for v in search_header(n, 6) {
        table.extend(v.to_be_bytes());
    }
    for &(left, right, value) in pairs {
        table.extend(left.to_be_bytes());
        table.extend(right.to_be_bytes());
        table.extend(value.to_be_bytes());
    }
    table
}

/// A TrueType sfnt from `tables`: sorted directory, 4-byte aligned tables,
/// checksums and the `head` checksum adjustment.
fn assemble(mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    let checksum = |data: &[u8]| {
        data.chunks(4).fold(0u32, |sum, chunk| {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            sum.wrapping_add(u32::from_be_bytes(word))
        })
    };
    tables.sort_by_key(|(tag, _)| *tag);
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend((tables.len() as u16).to_be_bytes());
    for v in search_header(tables.len(), 16) {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset + 8);
        }
        out.extend(*tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::Text;

    fn subset_of(text: &str, weight: FontWeight) -> Vec<u8> {
        let mut font_use = FontUse::default();
        font_use.chars.extend(text.chars());
        add_kerning(text, weight, TextMetrics::embedded(), &mut font_use);
        subset_font(font_data(weight), &font_use).unwrap()
    }

    #[test]
    fn the_subset_maps_its_characters_and_keeps_advances_and_kerning() {
        let text = "AVATAR Mülheim an der Ruhr";
        let subset = subset_of(text, FontWeight::Regular);
        let full = ttf_parser::Face::parse(font_data(FontWeight::Regular), 0).unwrap();
        let small = ttf_parser::Face::parse(&subset, 0).unwrap();
        assert!(subset.len() < 30_000, "{} bytes", subset.len());
        for c in text.chars() {
            let g_full = full.glyph_index(c).unwrap();
            let g_small = small.glyph_index(c).unwrap_or_else(|| panic!("{c} mapped"));
            assert_eq!(
                full.glyph_hor_advance(g_full),
                small.glyph_hor_advance(g_small),
                "{c}"
            );
            assert_eq!(
                full.glyph_bounding_box(g_full),
                small.glyph_bounding_box(g_small),
                "{c}"
            );
        }
        assert!(small.glyph_index('x').is_none());
        for name in [
            b"cmap", b"OS/2", b"kern", b"glyf", b"head", b"hhea", b"hmtx",
        ] {
            let tag = ttf_parser::Tag::from_bytes(name);
            assert!(small.raw_face().table(tag).is_some(), "{name:?}");
        }
        // the legacy kern table carries the shaper's kerning for "AV"
        let kern = small
            .tables()
            .kern
            .unwrap()
            .subtables
            .into_iter()
            .next()
            .unwrap();
        let (a, v) = (
            small.glyph_index('A').unwrap(),
            small.glyph_index('V').unwrap(),
        );
        let metrics = TextMetrics::embedded();
        let shaped = metrics.shape("AV", FontWeight::Regular);
        let expected = shaped.glyph_positions()[0].x_advance
            - i32::from(
                full.glyph_hor_advance(full.glyph_index('A').unwrap())
                    .unwrap(),
            );
        assert!(expected < 0);
        assert_eq!(kern.glyphs_kerning(a, v).map(i32::from), Some(expected));
    }

    #[test]
    fn the_style_is_deterministic_and_names_both_weights() {
        let mut scene = Scene::new(50.0, 20.0);
        let layer = scene.layer_mut("l", "L");
        layer.push(Text::new((1.0, 5.0), "Bochum", 7.0));
        layer.push(Text::new((1.0, 15.0), "Ruhr", 9.0).bold());
        let css = font_face_style(&scene).unwrap().unwrap();
        assert!(css.contains("font-weight:400;src:url(data:font/ttf;base64,"));
        assert!(css.contains("font-weight:700;src:url(data:font/ttf;base64,"));
        assert_eq!(css, font_face_style(&scene).unwrap().unwrap());
        assert!(font_face_style(&Scene::new(5.0, 5.0)).unwrap().is_none());
    }

    #[test]
    fn search_headers_follow_the_spec() {
        assert_eq!(search_header(1, 2), [2, 0, 0]);
        assert_eq!(search_header(39, 2), [64, 5, 14]);
        assert_eq!(search_header(11, 16), [128, 3, 48]);
    }
}
