//! QGIS layer styles (`.qml`) for the GIS exports, so that each layer opens
//! in QGIS looking like the figures: partners and links categorised by role
//! with the symbols and colours of [`crate::symbology`], municipalities
//! categorised by sub-region with the fills of the report's sub-region
//! scheme at the figures' opacity, and grey context for the rest.
//!
//! QGIS loads `<layer>.qml` automatically when it sits beside the data file
//! with the same stem. The files hold the symbology category only. Symbol
//! properties are written both as `<Option type="Map">` (read by QGIS 3.16
//! and later) and as `<prop k v>` (QGIS 3.0–3.14), the way QGIS 3.16–3.24
//! write them themselves, so every QGIS 3 release reads them. Sizes are in
//! millimetres, as in the figures.

use crate::boundaries::SubregionScheme;
use crate::network::{Categories, Change, Role};
use crate::render::Color;
use crate::render::{CONTEXT_BORDER, CONTEXT_FILL, MUNICIPALITY_BORDER, UNCLASSED_FILL};
use crate::render::{HOLLOW_FILL_OPACITY, NEW_RING_GAP, NEW_RING_WIDTH};
use crate::render::{
    RoleSymbol, Stroke, change_color, change_link_stroke, link_stroke, role_symbol,
};
use crate::text::Lang;
use crate::text::push_escaped_attribute;

/// The QGIS version the files say they were written for.
const QGIS_VERSION: &str = "3.28.0-Firenze";

/// A symbol layer: QGIS class name and its properties in a fixed order.
struct SymbolLayer {
    class: &'static str,
    properties: Vec<(&'static str, String)>,
}

/// A symbol: type (`marker`, `line`, `fill`), opacity, drawing pass (symbol
/// level) and its one layer.
struct Symbol {
    kind: &'static str,
    alpha: f64,
    pass: u32,
    layer: SymbolLayer,
}

/// One category: attribute value, legend label, symbol.
struct Category {
    value: String,
    label: String,
    symbol: Symbol,
}

fn rgba(color: Color) -> String {
    format!("{},{},{},{}", color.r, color.g, color.b, color.a)
}

/// A number as QGIS writes it: no trailing zeros.
fn num(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped_attribute(out, value);
    out.push('"');
}

/// Writes a categorised renderer on field `field` as a complete `.qml` document.
fn document(field: &str, geometry_type: u8, categories: &[Category]) -> String {
    let mut out = String::from("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis");
    attr(&mut out, "version", QGIS_VERSION);
    attr(&mut out, "styleCategories", "Symbology");
    out.push_str(">\n  <renderer-v2");
    attr(&mut out, "type", "categorizedSymbol");
    attr(&mut out, "attr", field);
    attr(&mut out, "forceraster", "0");
    // symbol levels draw the passes in order: coordination above partners,
    // core links above loose ones
    let levels = categories.iter().any(|c| c.symbol.pass > 0);
    attr(&mut out, "symbollevels", if levels { "1" } else { "0" });
    attr(&mut out, "enableorderby", "0");
    attr(&mut out, "referencescale", "-1");
    out.push_str(">\n    <categories>\n");
    for (k, c) in categories.iter().enumerate() {
        out.push_str("      <category");
        attr(&mut out, "value", &c.value);
        attr(&mut out, "symbol", &k.to_string());
        attr(&mut out, "label", &c.label);
        attr(&mut out, "render", "true");
        attr(&mut out, "type", "string");
        out.push_str("/>\n");
    }
    out.push_str("    </categories>\n    <symbols>\n");
    for (k, c) in categories.iter().enumerate() {
        let s = &c.symbol;
        out.push_str("      <symbol");
        attr(&mut out, "type", s.kind);
        attr(&mut out, "name", &k.to_string());
        attr(&mut out, "alpha", &num(s.alpha));
        attr(&mut out, "clip_to_extent", "1");
        attr(&mut out, "force_rhr", "0");
        out.push_str(">\n        <layer");
        attr(&mut out, "class", s.layer.class);
        attr(&mut out, "enabled", "1");
        attr(&mut out, "locked", "0");
        attr(&mut out, "pass", &s.pass.to_string());
        out.push_str(">\n          <Option type=\"Map\">\n");
        for (name, value) in &s.layer.properties {
            out.push_str("            <Option type=\"QString\"");
            attr(&mut out, "name", name);
            attr(&mut out, "value", value);
            out.push_str("/>\n");
        }
        out.push_str("          </Option>\n");
        for (name, value) in &s.layer.properties {
            out.push_str("          <prop");
            attr(&mut out, "k", name);
            attr(&mut out, "v", value);
            out.push_str("/>\n");
        }
        out.push_str("        </layer>\n      </symbol>\n");
    }
    out.push_str("    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n");
    out.push_str("  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n");
    out.push_str(&format!(
        "  <layerGeometryType>{geometry_type}</layerGeometryType>\n</qgis>\n"
    ));
    out
}

/// Draw order of roles: coordination on top.
fn pass(role: Role) -> u32 {
    match role {
        Role::Coordinator => 2,
        Role::Core => 1,
        Role::Loose => 0,
    }
}

fn marker(role: Role) -> Symbol {
    marker_symbol(&role_symbol(role), pass(role))
}

/// A marker symbol drawn in the drawing pass `pass`.
fn marker_symbol(s: &RoleSymbol, pass: u32) -> Symbol {
    Symbol {
        kind: "marker",
        alpha: 1.0,
        pass,
        layer: SymbolLayer {
            class: "SimpleMarker",
            properties: vec![
                ("angle", "0".into()),
                ("color", rgba(s.fill)),
                ("joinstyle", "miter".into()),
                ("name", if s.square { "square" } else { "circle" }.into()),
                ("offset", "0,0".into()),
                ("offset_unit", "MM".into()),
                ("outline_color", rgba(s.rim)),
                ("outline_style", "solid".into()),
                ("outline_width", num(s.rim_width)),
                ("outline_width_unit", "MM".into()),
                ("scale_method", "diameter".into()),
                // the figure's radius is half the marker's width
                ("size", num(2.0 * s.radius)),
                ("size_unit", "MM".into()),
                ("vertical_anchor_point", "1".into()),
                ("horizontal_anchor_point", "1".into()),
            ],
        },
    }
}

fn line(role: Role) -> Symbol {
    line_symbol(&link_stroke(role), pass(role))
}

/// A line symbol with `stroke`, drawn in the drawing pass `pass`.
fn line_symbol(stroke: &Stroke, pass: u32) -> Symbol {
    let dashed = !stroke.dash_mm.is_empty();
    let dash: Vec<String> = stroke.dash_mm.iter().map(|&d| num(d)).collect();
    Symbol {
        kind: "line",
        // the stroke colour carries the links' opacity already
        alpha: 1.0,
        pass,
        layer: SymbolLayer {
            class: "SimpleLine",
            properties: vec![
                ("capstyle", "round".into()),
                (
                    "customdash",
                    if dashed { dash.join(";") } else { "5;2".into() },
                ),
                ("customdash_unit", "MM".into()),
                ("joinstyle", "round".into()),
                ("line_color", rgba(stroke.color)),
                ("line_style", "solid".into()),
                ("line_width", num(stroke.width_mm)),
                ("line_width_unit", "MM".into()),
                ("offset", "0".into()),
                ("offset_unit", "MM".into()),
                ("use_custom_dash", if dashed { "1" } else { "0" }.into()),
            ],
        },
    }
}

fn fill(color: Color, outline: Color, outline_mm: f64) -> Symbol {
    Symbol {
        kind: "fill",
        alpha: 1.0,
        pass: 0,
        layer: SymbolLayer {
            class: "SimpleFill",
            properties: vec![
                ("color", rgba(color)),
                ("joinstyle", "bevel".into()),
                ("offset", "0,0".into()),
                ("offset_unit", "MM".into()),
                ("outline_color", rgba(outline)),
                ("outline_style", "solid".into()),
                ("outline_width", num(outline_mm)),
                ("outline_width_unit", "MM".into()),
                ("style", "solid".into()),
            ],
        },
    }
}

/// The style of the partners layer: categorised by `role`.
///
/// ```
/// let qml = ruhrmap::export::partners_style(ruhrmap::Lang::De);
/// assert!(qml.contains("attr=\"role\""));
/// assert!(qml.contains("label=\"Projektkoordination\""));
/// ```
pub fn partners_style(lang: Lang) -> String {
    partners_style_for(&Categories::default(), lang)
}

/// [`partners_style`] with the programme's role labels (`[categories.roles]`):
/// each drawing style is labelled with the roles drawn so.
///
/// ```
/// let roles: ruhrmap::network::Categories = toml::from_str("[[roles]]\nid = \"Leitung\"\nlabel_de = \"Projektleitung\"\nstyle = \"coordinator\"\n").unwrap();
/// let qml = ruhrmap::export::partners_style_for(&roles, ruhrmap::Lang::De);
/// assert!(qml.contains("label=\"Projektleitung\""));
/// ```
pub fn partners_style_for(roles: &Categories, lang: Lang) -> String {
    let categories: Vec<Category> = Role::ALL
        .iter()
        .map(|&role| Category {
            value: role.as_str().to_string(),
            label: roles.role_label(role, lang),
            symbol: marker(role),
        })
        .collect();
    document("role", 0, &categories)
}

/// The style of the links layer: categorised by `role` of the linked partner.
pub fn links_style(lang: Lang) -> String {
    links_style_for(&Categories::default(), lang)
}

/// [`links_style`] with the programme's role labels.
pub fn links_style_for(roles: &Categories, lang: Lang) -> String {
    let categories: Vec<Category> = [Role::Core, Role::Loose]
        .iter()
        .map(|&role| Category {
            value: role.as_str().to_string(),
            label: roles.role_label(role, lang),
            symbol: line(role),
        })
        .collect();
    document("role", 1, &categories)
}

/// Draw order of change statuses: ended below, new on top.
fn change_pass(change: Change) -> u32 {
    match change {
        Change::Ended => 0,
        Change::Continued => 1,
        Change::Moved => 2,
        Change::New => 3,
    }
}

/// The marker of a partner with `change` in the GIS: a disc of the change
/// colour the size of a core partner's; a new one a little larger (as its
/// ring in the figures), an ended one hollow (faded white inside, grey rim).
fn change_marker(change: Change) -> Symbol {
    let core = role_symbol(Role::Core);
    let color = change_color(change);
    let symbol = match change {
        Change::Ended => RoleSymbol {
            fill: Color::WHITE.with_alpha(HOLLOW_FILL_OPACITY),
            rim: color,
            rim_width: 0.3,
            ..core
        },
        Change::New => RoleSymbol {
            radius: core.radius + NEW_RING_GAP + NEW_RING_WIDTH / 2.0,
            fill: color,
            ..core
        },
        _ => RoleSymbol {
            fill: color,
            ..core
        },
    };
    marker_symbol(&symbol, change_pass(change))
}

/// The style of the partners layer of a final evaluation: categorised by
/// `change` (new, continued, moved, ended).
///
/// ```
/// let qml = ruhrmap::export::partners_change_style(ruhrmap::Lang::De);
/// assert!(qml.contains("attr=\"change\""));
/// assert!(qml.contains("label=\"ausgeschieden\""));
/// ```
pub fn partners_change_style(lang: Lang) -> String {
    let categories: Vec<Category> = Change::ALL
        .iter()
        .map(|&change| Category {
            value: change.as_str().to_string(),
            label: change.label(lang).to_string(),
            symbol: change_marker(change),
        })
        .collect();
    document("change", 0, &categories)
}

/// The style of the links layer of a final evaluation: categorised by
/// `change`, with the strokes of the change figures (new vermillion, kept
/// as the core links, ended grey, dotted and faded).
pub fn links_change_style(lang: Lang) -> String {
    let categories: Vec<Category> = Change::ALL
        .iter()
        .map(|&change| {
            let stroke = match change {
                Change::Moved => Stroke::solid(change_color(change), 0.4).round_caps(),
                _ => change_link_stroke(change, Role::Core),
            };
            Category {
                value: change.as_str().to_string(),
                label: change.label(lang).to_string(),
                symbol: line_symbol(&stroke, change_pass(change)),
            }
        })
        .collect();
    document("change", 1, &categories)
}

/// The style of the municipalities layer: categorised by `subregion` with
/// the scheme's fills at the figures' opacity; everything else (outside the
/// region, or without a class) in the grey of the figures' context map.
pub fn municipalities_style(subregions: &SubregionScheme, lang: Lang) -> String {
    let opacity = crate::render::FILL_OPACITY;
    let mut categories: Vec<Category> = subregions
        .classes()
        .iter()
        .map(|class| Category {
            value: class.id.clone(),
            label: class.label(lang).to_string(),
            symbol: fill(
                Color::from_hex(&class.fill)
                    .unwrap_or(UNCLASSED_FILL)
                    .with_alpha(opacity),
                MUNICIPALITY_BORDER,
                0.2,
            ),
        })
        .collect();
    // QGIS reads a category with an empty value as "all other values"
    categories.push(Category {
        value: String::new(),
        label: lang
            .pick("übrige Gemeinden", "other municipalities")
            .to_string(),
        symbol: fill(CONTEXT_FILL, CONTEXT_BORDER, 0.3),
    });
    document("subregion", 2, &categories)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boundaries::{Boundaries, Region};
    use crate::render::{CHANGE_ENDED, CORE_BLUE, LINK_OPACITY, LOOSE_RIM};

    fn parse(text: &str) -> roxmltree::Document<'_> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        roxmltree::Document::parse_with_options(text, options)
            .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"))
    }

    /// (value, label, symbol name) of every category, and the symbols by name.
    fn categories(doc: &roxmltree::Document) -> Vec<(String, String, String)> {
        doc.descendants()
            .filter(|n| n.has_tag_name("category"))
            .map(|n| {
                (
                    n.attribute("value").unwrap().to_string(),
                    n.attribute("label").unwrap().to_string(),
                    n.attribute("symbol").unwrap().to_string(),
                )
            })
            .collect()
    }

    fn option<'a>(doc: &'a roxmltree::Document, symbol: &str, name: &str) -> &'a str {
        let symbol = doc
            .descendants()
            .find(|n| n.has_tag_name("symbol") && n.attribute("name") == Some(symbol))
            .unwrap();
        let from_option = symbol
            .descendants()
            .find(|n| n.has_tag_name("Option") && n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("value"))
            .unwrap();
        let from_prop = symbol
            .descendants()
            .find(|n| n.has_tag_name("prop") && n.attribute("k") == Some(name))
            .and_then(|n| n.attribute("v"))
            .unwrap();
        assert_eq!(from_option, from_prop, "{name}");
        from_option
    }

    #[test]
    fn partner_symbols_match_the_figures() {
        let text = partners_style(Lang::De);
        let doc = parse(&text);
        assert_eq!(doc.root_element().tag_name().name(), "qgis");
        let cats = categories(&doc);
        let values: Vec<&str> = cats.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(values, ["coordinator", "core", "loose"]);
        assert_eq!(cats[1].1, "Verbundpartner:innen");
        for (k, role) in Role::ALL.iter().enumerate() {
            let s = role_symbol(*role);
            let name = k.to_string();
            assert_eq!(option(&doc, &name, "color"), rgba(s.fill));
            assert_eq!(option(&doc, &name, "outline_color"), rgba(s.rim));
            let size: f64 = option(&doc, &name, "size").parse().unwrap();
            assert!((size - 2.0 * s.radius).abs() < 1e-9);
        }
        assert_eq!(option(&doc, "0", "name"), "square");
    }

    #[test]
    fn loose_links_are_dashed_and_core_links_solid() {
        let doc_text = links_style(Lang::En);
        let doc = parse(&doc_text);
        let cats = categories(&doc);
        assert_eq!(cats[0].0, "core");
        assert_eq!(cats[1].1, "Further cooperation partners");
        assert_eq!(option(&doc, "0", "use_custom_dash"), "0");
        assert_eq!(option(&doc, "1", "use_custom_dash"), "1");
        // the links carry the figures' opacity
        assert_eq!(
            option(&doc, "0", "line_color"),
            rgba(CORE_BLUE.with_alpha(LINK_OPACITY))
        );
        assert_eq!(
            option(&doc, "1", "line_color"),
            rgba(LOOSE_RIM.with_alpha(LINK_OPACITY))
        );
        // … once: the symbol itself is opaque
        let symbol_alpha = doc
            .descendants()
            .find(|n| n.has_tag_name("symbol") && n.attribute("name") == Some("0"))
            .and_then(|n| n.attribute("alpha"))
            .unwrap();
        assert_eq!(symbol_alpha, "1");
    }

    #[test]
    fn change_styles_categorise_every_status_and_ended_markers_are_hollow() {
        let text = partners_change_style(Lang::En);
        let doc = parse(&text);
        let cats = categories(&doc);
        let values: Vec<&str> = cats.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(values, ["new", "continued", "moved", "ended"]);
        assert_eq!(cats[3].1, "ended");
        assert_eq!(option(&doc, "0", "color"), rgba(crate::render::CHANGE_NEW));
        // ended: a see-through white inside and the grey rim
        let ended_fill = option(&doc, "3", "color");
        assert!(ended_fill.starts_with("255,255,255,") && !ended_fill.ends_with(",255"));
        assert_eq!(option(&doc, "3", "outline_color"), rgba(CHANGE_ENDED));
        let new: f64 = option(&doc, "0", "size").parse().unwrap();
        let kept: f64 = option(&doc, "1", "size").parse().unwrap();
        assert!(new > kept);
        let links = links_change_style(Lang::De);
        let doc = parse(&links);
        assert!(links.contains("attr=\"change\""));
        assert_eq!(categories(&doc)[0].1, "neu");
        assert_eq!(option(&doc, "3", "use_custom_dash"), "1");
        assert_eq!(option(&doc, "1", "use_custom_dash"), "0");
    }

    #[test]
    fn municipality_fills_are_the_subregion_fills_and_labels_are_escaped() {
        let b = Boundaries::embedded();
        let ruhr = Region::ruhr(b);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mapping.csv");
        std::fs::write(
            &path,
            "Gemeinde;Teilraum;fill\nBochum;\"Mitte <&> \"\"Kern\"\"\";#123456\n",
        )
        .unwrap();
        let scheme = SubregionScheme::from_file(&path, &ruhr, b).unwrap();
        let text = municipalities_style(&scheme, Lang::De);
        let doc = parse(&text);
        let cats = categories(&doc);
        assert_eq!(cats.len(), 2);
        assert_eq!(cats[0].1, "Mitte <&> \"Kern\"");
        assert_eq!(cats[1].0, "", "the catch-all category");
        let alpha = (crate::render::FILL_OPACITY * 255.0).round() as u8;
        assert_eq!(option(&doc, "0", "color"), format!("18,52,86,{alpha}"));
        let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
        let doc_text = municipalities_style(&zonen, Lang::De);
        let doc = parse(&doc_text);
        let values: Vec<String> = categories(&doc).into_iter().map(|c| c.0).collect();
        let mut expected: Vec<String> = zonen.classes().iter().map(|c| c.id.clone()).collect();
        expected.push(String::new());
        assert_eq!(values, expected);
    }
}
