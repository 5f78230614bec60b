//! Page composition shared by all figures: the named layers in drawing
//! order, the title block at the top, the attribution line at the bottom.

use crate::render::fonts::TextMetrics;
use crate::render::layout::map_furniture::{FURNITURE_INK, attribution_text, ellipsize, wrap_text};
use crate::render::scene::{Bounds, Color, FontWeight, Group, Item, Point, Scene, Text};
use crate::text::Lang;

/// The layers of every figure, bottom first: id, German and English label.
pub const LAYERS: [(&str, &str, &str); 10] = [
    ("context", "Kontext", "Context"),
    ("subregions", "Teilräume", "Sub-regions"),
    ("municipalities", "Gemeindegrenzen", "Municipal borders"),
    (
        "borders",
        "Kreis- und Regionsgrenzen",
        "District and region borders",
    ),
    (INTERACTIVE_AREAS, "Gemeindeflächen", "Municipal areas"),
    ("links", "Verbindungen", "Links"),
    ("markers", "Akteure", "Actors"),
    ("labels", "Beschriftung", "Labels"),
    ("legend", "Legende", "Legend"),
    ("furniture", "Kartenrahmen und Titel", "Frame and title"),
];

/// The layer of invisible municipality areas that only the interactive
/// page carries (see [`crate::render::Layer::interactive_only`]).
pub const INTERACTIVE_AREAS: &str = "areas";

/// A new scene with all layers created in order (empty ones are removed by
/// [`finish_scene`]).
pub fn new_scene(width: f64, height: f64, title: &str, lang: Lang) -> Scene {
    let mut scene = Scene::new(width, height);
    scene.title = Some(title.to_string());
    scene.description = Some(crate::boundaries::ATTRIBUTION.to_string());
    for (id, de, en) in LAYERS {
        scene.layer_mut(id, lang.pick(de, en)).interactive_only = id == INTERACTIVE_AREAS;
    }
    scene
}

/// Appends `items` as a group `id` to layer `layer`, clipped to `clip` if given.
pub fn push_group(
    scene: &mut Scene,
    layer: &str,
    id: String,
    items: Vec<Item>,
    clip: Option<crate::render::scene::PathData>,
) {
    if items.is_empty() {
        return;
    }
    let mut g = Group::new(id);
    g.items = items;
    g.clip = clip;
    let label = LAYERS.iter().find(|l| l.0 == layer).map_or(layer, |l| l.1);
    scene.layer_mut(layer, label).push(g);
}

/// Drops layers that stayed empty.
pub fn finish_scene(scene: &mut Scene) {
    scene.layers.retain(|l| !l.items.is_empty());
}

/// Height of a line of text (mm), slightly tighter than the font's line box.
pub fn line_height(metrics: &TextMetrics, size_pt: f64, weight: FontWeight) -> f64 {
    (metrics.ascent_mm(size_pt, weight) + metrics.descent_mm(size_pt, weight)) * 0.92
}

/// A laid-out block of text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    /// The text items.
    pub items: Vec<Item>,
    /// Ink bounds, `None` when empty.
    pub bounds: Option<Bounds>,
    /// Height taken on the page including the gap after it (mm).
    pub height: f64,
}

/// The figure title, bold, wrapped to `width`, starting at the top of the page.
pub fn title_block(
    title: &str,
    width: f64,
    size_pt: f64,
    show: bool,
    metrics: &TextMetrics,
) -> TextBlock {
    if !show || title.trim().is_empty() {
        return TextBlock {
            items: Vec::new(),
            bounds: None,
            height: 0.0,
        };
    }
    let lines = wrap_text(title, width, size_pt, FontWeight::Bold, metrics);
    let line_h = line_height(metrics, size_pt, FontWeight::Bold);
    let ascent = metrics.ascent_mm(size_pt, FontWeight::Bold);
    let mut items = Vec::new();
    let mut bounds: Option<Bounds> = None;
    for (k, line) in lines.iter().enumerate() {
        let t = Text::new(
            Point::new(0.0, ascent + k as f64 * line_h),
            line.clone(),
            size_pt,
        )
        .bold()
        .colored(FURNITURE_INK);
        let b = metrics.ink_bounds(&t);
        bounds = Some(bounds.map_or(b, |a| a.union(&b)));
        items.push(t.into());
    }
    TextBlock {
        items,
        bounds,
        height: lines.len() as f64 * line_h + 2.0,
    }
}

/// The attribution line below `top` (mm), shortened to `width`; returns the
/// text and the page height that ends just below it.
#[allow(clippy::too_many_arguments)] // all plain values of one drawing call
pub fn attribution_line(
    id: &str,
    top: f64,
    width: f64,
    size_pt: f64,
    lang: Lang,
    crs: &str,
    note: Option<&str>,
    metrics: &TextMetrics,
) -> (Text, Bounds, f64) {
    let text = ellipsize(
        &attribution_text(lang, crs, note),
        width,
        size_pt,
        FontWeight::Regular,
        metrics,
    );
    let y = top + 2.0 + metrics.ascent_mm(size_pt, FontWeight::Regular);
    let t = Text::new(Point::new(0.0, y), text, size_pt)
        .colored(Color::rgb(0x55, 0x55, 0x55))
        .with_id(format!("{id}-attribution"));
    let bounds = metrics.ink_bounds(&t);
    let height = (y + metrics.descent_mm(size_pt, FontWeight::Regular) + 0.5).ceil();
    (t, bounds, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_layers_are_dropped_and_order_is_kept() {
        let mut scene = new_scene(100.0, 50.0, "T", Lang::De);
        push_group(
            &mut scene,
            "labels",
            "l".into(),
            vec![Text::new((0.0, 0.0), "a", 7.0).into()],
            None,
        );
        push_group(
            &mut scene,
            "context",
            "c".into(),
            vec![Text::new((0.0, 0.0), "b", 7.0).into()],
            None,
        );
        push_group(&mut scene, "links", "x".into(), vec![], None);
        finish_scene(&mut scene);
        let ids: Vec<&str> = scene.layers.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["context", "labels"]);
        assert_eq!(scene.layers[1].label, "Beschriftung");
    }

    #[test]
    fn attribution_names_the_bkg() {
        let (t, b, h) = attribution_line(
            "f",
            100.0,
            160.0,
            6.0,
            Lang::En,
            "EPSG:25832",
            None,
            TextMetrics::embedded(),
        );
        assert!(t.content.contains(crate::boundaries::ATTRIBUTION));
        assert!(b.y0 > 100.0 && h >= b.y1);
    }
}
