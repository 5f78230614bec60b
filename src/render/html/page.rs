//! Writing the figure page and the index page from their templates.

use crate::render::scene::Scene;
use crate::render::svg::{SvgError, write_svg_document};
use crate::text::{Lang, push_escaped_attribute, push_escaped_text};
use std::collections::BTreeSet;

const PAGE: &str = include_str!("page.html");
const INDEX: &str = include_str!("index.html");
const SCRIPT: &str = include_str!("figure.js");
const STYLE: &str = include_str!("figure.css");

/// Why a figure page could not be written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HtmlError {
    /// The figure's SVG could not be written.
    #[error(transparent)]
    Svg(#[from] SvgError),
}

/// One figure listed on the index page.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The page's file name, relative to the index (`abb-1.html`).
    pub href: String,
    /// The figure's title.
    pub title: String,
}

/// The words of the page in `lang`, for the template and the script.
fn words(lang: Lang) -> serde_json::Value {
    let pick = |de: &str, en: &str| serde_json::Value::from(lang.pick(de, en));
    serde_json::json!({
        "role": pick("Rolle", "Role"),
        "actor": pick("Akteurstyp", "Actor type"),
        "municipality": pick("Gemeinde", "Municipality"),
        "project": pick("Projekt", "Project"),
        "from": pick("von", "from"),
        "to": pick("nach", "to"),
        "length-km": pick("Länge", "Length"),
        "subregion": pick("Teilraum", "Sub-region"),
        "count": pick("Projekte", "Projects"),
        "partners": pick("Partner", "Partners"),
        "members": pick("Enthält", "Members"),
        "decimal": pick(",", "."),
    })
}

/// Replaces each `{{name}}` of `template` by its value, in one pass (the
/// values are not searched again).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.1.len()).sum::<usize>());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}").and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (end, *v))
        }) {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_text(&mut out, text);
    out
}

/// The filter and toggles, for what the scene has.
fn controls(scene: &Scene, lang: Lang) -> String {
    let projects: BTreeSet<&str> = scene
        .features
        .values()
        .flat_map(|f| f.projects.iter().map(String::as_str))
        .collect();
    let mut out = String::from("<div class=\"controls\" id=\"controls\" hidden>\n");
    out.push_str(&format!(
        "<label>{}: <select id=\"project-filter\"><option value=\"\">{}</option>",
        lang.pick("Projekt", "Project"),
        lang.pick("alle", "all")
    ));
    for p in &projects {
        out.push_str("<option value=\"");
        push_escaped_attribute(&mut out, p);
        out.push_str("\">");
        push_escaped_text(&mut out, p);
        out.push_str("</option>");
    }
    out.push_str("</select></label>\n");
    out.push_str(&format!(
        "<fieldset><legend>{}</legend>",
        lang.pick("Ebenen", "Layers")
    ));
    let has_layer = |id: &str| scene.layer(id).is_some_and(|l| !l.items.is_empty());
    let has_role = |role: &str| {
        scene.features.values().any(|f| {
            f.kind == Some(crate::render::feature_info::FeatureKind::Link)
                && f.field("role-id") == Some(role)
        })
    };
    let toggles = [
        (
            has_layer("subregions"),
            "#subregions",
            lang.pick("Teilräume", "Sub-regions"),
        ),
        (
            has_role("core"),
            "[data-kind=link][data-role-id=core]",
            lang.pick("Verbindungen Kernpartner", "Links to core partners"),
        ),
        (
            has_role("loose"),
            "[data-kind=link][data-role-id=loose]",
            lang.pick("Verbindungen lose Partner", "Links to looser partners"),
        ),
        (
            has_layer("labels"),
            "#labels",
            lang.pick("Beschriftung", "Labels"),
        ),
    ];
    for (present, selector, label) in toggles {
        if present {
            out.push_str("<label><input type=\"checkbox\" checked data-toggle=\"");
            push_escaped_attribute(&mut out, selector);
            out.push_str("\"> ");
            push_escaped_text(&mut out, label);
            out.push_str("</label>");
        }
    }
    out.push_str("</fieldset>\n");
    out.push_str(&format!(
        "<span><button type=\"button\" id=\"zoom-in\" aria-label=\"{}\">+</button> <button type=\"button\" id=\"zoom-out\" aria-label=\"{}\">−</button> <button type=\"button\" id=\"zoom-reset\">{}</button></span>\n</div>",
        lang.pick("vergrößern", "zoom in"),
        lang.pick("verkleinern", "zoom out"),
        lang.pick("Gesamtansicht", "Reset view"),
    ));
    out
}

/// Writes `scene` as a self-contained interactive HTML page in `lang`: the
/// SVG inline (the same document [`crate::render::write_svg`] writes, with
/// every described feature focusable), tooltips for partners,
/// municipalities, links and aggregated symbols, a project filter, layer
/// toggles, zoom and pan. No external resources. Deterministic.
///
/// ```
/// use ruhrmap::render::{FeatureInfo, FeatureKind, Circle, Color, Point, Style, write_html};
/// use ruhrmap::{Lang, Scene};
/// let mut scene = Scene::new(60.0, 30.0);
/// scene.title = Some("Netzwerk P1".into());
/// scene.layer_mut("markers", "Akteure").push(Circle {
///     id: Some("P1-01".into()), center: Point::new(10.0, 10.0), radius_mm: 1.5,
///     style: Style::fill(Color::BLACK),
/// });
/// scene.describe_feature("P1-01", FeatureInfo::new(FeatureKind::Partner, "Stadt Essen").in_project("P1"));
/// let html = write_html(&scene, Lang::De).unwrap();
/// assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"));
/// assert!(html.contains(r#"data-kind="partner" data-name="Stadt Essen" data-projects="P1" tabindex="0""#));
/// assert!(!html.contains("http://") || !html.contains("src=\"http"));
/// assert_eq!(html, write_html(&scene, Lang::De).unwrap());
/// ```
pub fn write_html(scene: &Scene, lang: Lang) -> Result<String, HtmlError> {
    let svg = write_svg_document(scene, true)?;
    let svg = match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => &svg[..],
    };
    let title = escaped(scene.title.as_deref().unwrap_or("ruhrmap"));
    let words = words(lang).to_string().replace("</", "<\\/");
    let help = lang.pick(
        "Tabulatortaste: Akteure, Gemeinden und Verbindungen nacheinander; + und − zoomen, Pfeiltasten verschieben, 0 zeigt alles.",
        "Tab: partners, municipalities and links in turn; + and − zoom, arrow keys pan, 0 shows everything.",
    );
    Ok(fill(
        PAGE,
        &[
            ("lang", lang.code()),
            ("title", &title),
            ("css", STYLE.trim()),
            ("controls", &controls(scene, lang)),
            ("svg", svg),
            ("help", help),
            ("words", &words),
            ("js", SCRIPT.trim()),
        ],
    ))
}

/// The index page of a report's figure pages, titled `title`, in `lang`.
///
/// ```
/// use ruhrmap::render::{IndexEntry, write_index_html};
/// let page = write_index_html("Ruhr-Konferenz", &[IndexEntry { href: "abb-1.html".into(), title: "Sitze & Felder".into() }], ruhrmap::Lang::En);
/// assert!(page.contains(r#"<li><a href="abb-1.html">Sitze &amp; Felder</a></li>"#));
/// ```
pub fn write_index_html(title: &str, entries: &[IndexEntry], lang: Lang) -> String {
    let mut items = String::new();
    for entry in entries {
        items.push_str("<li><a href=\"");
        push_escaped_attribute(&mut items, &entry.href);
        items.push_str("\">");
        push_escaped_text(&mut items, &entry.title);
        items.push_str("</a></li>\n");
    }
    fill(
        INDEX,
        &[
            ("lang", lang.code()),
            ("title", &escaped(title)),
            ("items", &items),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once() {
        assert_eq!(
            fill("a{{x}}b{{y}}c{{z}}", &[("x", "{{y}}"), ("y", "2")]),
            "a{{y}}b2c{{z}}"
        );
    }

    #[test]
    fn pages_load_nothing_from_elsewhere() {
        let html = write_html(&Scene::new(20.0, 10.0), Lang::En).unwrap();
        assert!(html.contains("<html lang=\"en\">"));
        for external in ["src=\"http", "href=\"http", "@import", "url(http"] {
            assert!(!html.contains(external), "{external}");
        }
    }
}
