//! Writing a [`Scene`] as an SVG document: the master output from which PNG
//! and PDF are derived.
//!
//! The document is plain SVG 1.1 with presentation attributes, readable by
//! Inkscape, librsvg, resvg and browsers alike:
//! - `width`/`height` in mm and a `viewBox` in mm, so one user unit is 1 mm;
//! - each [`Layer`] is a `<g inkscape:groupmode="layer" inkscape:label=…>`;
//! - text is real `<text>` in the embedded font (`font-family` names it first,
//!   then the generic `sans-serif`), with the character policy and escaping
//!   of the `xml_text` module: whitespace collapsed, control characters
//!   removed, invisible format characters such as bidi marks kept as numeric
//!   character references (`&#x200F;`), `<`, `>`, `&` and quotes escaped;
//! - ids come from the scene, made valid and unique by [`IdRegistry`];
//! - coordinates are rounded to 0.01 mm (far below what print can show).
//!   Path data is written with relative commands whose offsets are computed
//!   between *rounded* points, so rounding never accumulates along a path,
//!   and segments that vanish at that precision are left out;
//! - items of a clipped group that lie wholly outside the clip are left out
//!   (they would be invisible), which keeps map panels with a large context
//!   small and quick to render;
//! - the same scene always gives the same bytes.

use crate::render::feature_info::FeatureInfo;
use crate::render::fonts::{FONT_FAMILY_CSS, TextMetrics};
use crate::render::scene::{
    Circle, Color, Embedded, FillRule, FontWeight, Group, Hatch, Item, Layer, LineCap, LineJoin,
    MM_PER_PT, Path, PathData, Point, Rect, Scene, Segment, Style, Text, TextAnchor, TextMode,
    Transform, Wedge,
};
use crate::render::svg::font_face::{FontSubsetError, font_face_style};
use crate::render::svg::text_outlines::text_outline;
use crate::text::{IdRegistry, displayed_text, push_escaped_attribute, push_escaped_text};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Why a scene cannot be written as SVG. These are errors in the layout
/// that built the scene, reported with enough context to find the element.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SvgError {
    /// The page size is zero, negative, NaN or infinite.
    #[error(
        "page size {width_mm} × {height_mm} mm is invalid: expected positive, finite millimetres"
    )]
    InvalidPage {
        /// Page width given.
        width_mm: f64,
        /// Page height given.
        height_mm: f64,
    },
    /// A coordinate or length of an element is NaN or infinite (or absurdly large).
    #[error(
        "{element} in layer '{layer}' has an invalid {field} ({value}): expected a finite number of millimetres"
    )]
    NonFinite {
        /// Id of the layer holding the element.
        layer: String,
        /// The element: its id if it has one, else its kind.
        element: String,
        /// Which value is invalid (e.g. `radius`, `path point`).
        field: &'static str,
        /// The offending value.
        value: f64,
    },
    /// A path's first drawing command is not a move: SVG requires paths to
    /// start with a move to a point.
    #[error(
        "{element} in layer '{layer}' does not start with a move: build paths with PathData::move_to first"
    )]
    PathWithoutStart {
        /// Id of the layer holding the element.
        layer: String,
        /// The element: its id if it has one, else its kind.
        element: String,
    },
    /// The font subset for the text could not be made.
    #[error(transparent)]
    Font(#[from] FontSubsetError),
}

/// Writes `scene` as a complete SVG document (UTF-8, with XML declaration).
///
/// ```
/// use ruhrmap::{Scene, write_svg}; use ruhrmap::render::{Layer, Text};
/// let mut scene = Scene::new(160.0, 90.0);
/// let mut labels = Layer::new("labels", "Beschriftung");
/// labels.push(Text::new((10.0, 20.0), "Mülheim & <Ruhr>", 8.0).with_id("label-Mülheim"));
/// scene.layers.push(labels);
/// let svg = write_svg(&scene).unwrap();
/// assert!(svg.contains(r#"width="160mm" height="90mm" viewBox="0 0 160 90""#));
/// assert!(svg.contains(r#"<g id="labels" inkscape:groupmode="layer" inkscape:label="Beschriftung">"#));
/// assert!(svg.contains(r#"id="label-Muelheim""#));
/// assert!(svg.contains(">Mülheim &amp; &lt;Ruhr&gt;</text>"));
/// assert_eq!(svg, write_svg(&scene).unwrap()); // deterministic
/// ```
pub fn write_svg(scene: &Scene) -> Result<String, SvgError> {
    write_svg_document(scene, false)
}

/// [`write_svg`]; `interactive` makes every described feature (see
/// [`Scene::features`]) focusable, with `tabindex`, a role and an
/// `aria-label`, for the interactive HTML page.
pub(crate) fn write_svg_document(scene: &Scene, interactive: bool) -> Result<String, SvgError> {
    let valid = |v: f64| v.is_finite() && v > 0.0 && v < MAX_COORDINATE;
    if !valid(scene.width_mm) || !valid(scene.height_mm) {
        return Err(SvgError::InvalidPage {
            width_mm: scene.width_mm,
            height_mm: scene.height_mm,
        });
    }
    let mut writer = SvgWriter {
        out: String::with_capacity(64 * 1024),
        ids: IdRegistry::default(),
        layer: String::new(),
        features: &scene.features,
        outlines: scene.text == TextMode::Outlines,
        interactive,
    };
    writer.document(scene)?;
    Ok(writer.out)
}

/// Larger coordinates than this (1 km) are certainly a layout error, and
/// would overflow the fixed-point path arithmetic long before i64 does.
const MAX_COORDINATE: f64 = 1.0e6;

/// Decimals for coordinates and lengths in mm.
const COORDINATE_DECIMALS: u32 = 2;
/// Decimals for font sizes (in mm), opacities and angles.
const FINE_DECIMALS: u32 = 3;

struct SvgWriter<'a> {
    out: String,
    ids: IdRegistry,
    /// Id of the layer being written, for error messages.
    layer: String,
    /// What the items stand for, by raw id.
    features: &'a BTreeMap<String, FeatureInfo>,
    /// Text as glyph outlines.
    outlines: bool,
    /// Described features focusable (HTML).
    interactive: bool,
}

/// Appends `value` rounded to `decimals`, without trailing zeros or a
/// negative zero. `value` must be finite.
fn push_number(out: &mut String, value: f64, decimals: u32) {
    let factor = 10_i64.pow(decimals);
    let scaled = (value * factor as f64).round() as i64;
    push_fixed(out, scaled, decimals);
}

/// Appends the fixed-point number `scaled / 10^decimals`.
fn push_fixed(out: &mut String, scaled: i64, decimals: u32) {
    let factor = 10_i64.pow(decimals);
    if scaled < 0 {
        out.push('-');
    }
    let magnitude = scaled.unsigned_abs();
    let _ = write!(out, "{}", magnitude / factor as u64);
    let mut fraction = magnitude % factor as u64;
    if fraction != 0 {
        let mut digits = decimals as usize;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            digits -= 1;
        }
        let _ = write!(out, ".{fraction:0digits$}");
    }
}

fn describe(kind: &str, id: &Option<String>) -> String {
    match id {
        Some(id) => format!("{kind} '{id}'"),
        None => format!("{kind} without id"),
    }
}

impl SvgWriter<'_> {
    fn non_finite(&self, element: String, field: &'static str, value: f64) -> SvgError {
        SvgError::NonFinite {
            layer: self.layer.clone(),
            element,
            field,
            value,
        }
    }

    /// Checks that every value is a usable coordinate.
    fn check(
        &self,
        element: impl Fn() -> String,
        fields: &[(&'static str, f64)],
    ) -> Result<(), SvgError> {
        match fields
            .iter()
            .find(|(_, v)| !v.is_finite() || v.abs() >= MAX_COORDINATE)
        {
            Some(&(field, value)) => Err(self.non_finite(element(), field, value)),
            None => Ok(()),
        }
    }

    fn attribute_number(&mut self, name: &str, value: f64, decimals: u32) {
        let _ = write!(self.out, " {name}=\"");
        push_number(&mut self.out, value, decimals);
        self.out.push('"');
    }

    fn attribute_text(&mut self, name: &str, value: &str) {
        let _ = write!(self.out, " {name}=\"");
        push_escaped_attribute(&mut self.out, value);
        self.out.push('"');
    }

    fn id_attribute(&mut self, id: &Option<String>) {
        if let Some(raw) = id {
            let unique = self.ids.claim(raw);
            let _ = write!(self.out, " id=\"{unique}\"");
            self.feature_attributes(raw);
        }
    }

    /// `data-*` attributes (and, when interactive, focus and label) of the
    /// feature the item with raw id `raw` draws, if it is described.
    fn feature_attributes(&mut self, raw: &str) {
        let Some(info) = self.features.get(raw) else {
            return;
        };
        if let Some(kind) = info.kind {
            let _ = write!(self.out, " data-kind=\"{}\"", kind.as_str());
        }
        self.attribute_text("data-name", &info.name);
        if !info.projects.is_empty() {
            self.attribute_text("data-projects", &info.projects.join(" "));
        }
        for (key, value) in &info.fields {
            let key: String = key
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            self.attribute_text(&format!("data-{key}"), value);
        }
        if self.interactive {
            self.out.push_str(" tabindex=\"0\" role=\"img\"");
            self.attribute_text("aria-label", &info.name);
        }
    }

    fn color_attribute(&mut self, name: &str, color: Color) {
        let _ = write!(self.out, " {name}=\"{}\"", color.to_hex());
        if color.a < 255 {
            self.attribute_number(&format!("{name}-opacity"), color.alpha(), FINE_DECIMALS);
        }
    }

    fn document(&mut self, scene: &Scene) -> Result<(), SvgError> {
        self.out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        self.out.push_str(concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"",
            " xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" version=\"1.1\""
        ));
        let (mut width, mut height) = (String::new(), String::new());
        push_number(&mut width, scene.width_mm, COORDINATE_DECIMALS);
        push_number(&mut height, scene.height_mm, COORDINATE_DECIMALS);
        let _ = write!(
            self.out,
            " width=\"{width}mm\" height=\"{height}mm\" viewBox=\"0 0 {width} {height}\""
        );
        let _ = writeln!(self.out, " font-family=\"{FONT_FAMILY_CSS}\">");
        if let Some(title) = &scene.title {
            self.out.push_str("<title>");
            push_escaped_text(&mut self.out, &displayed_text(title));
            self.out.push_str("</title>\n");
        }
        if let Some(description) = &scene.description {
            self.out.push_str("<desc>");
            push_escaped_text(&mut self.out, &displayed_text(description));
            self.out.push_str("</desc>\n");
        }
        if scene.text == TextMode::Font
            && let Some(style) = font_face_style(scene)?
        {
            let _ = writeln!(self.out, "<defs>{style}</defs>");
        }
        if let Some(background) = scene.background {
            let id = self.ids.claim("page-background");
            let _ = write!(
                self.out,
                "<rect id=\"{id}\" width=\"{width}\" height=\"{height}\""
            );
            self.color_attribute("fill", background);
            self.out.push_str("/>\n");
        }
        for layer in &scene.layers {
            if layer.interactive_only && !self.interactive {
                continue;
            }
            self.layer(layer)?;
        }
        self.out.push_str("</svg>\n");
        Ok(())
    }

    fn layer(&mut self, layer: &Layer) -> Result<(), SvgError> {
        self.layer = layer.id.clone();
        let id = self.ids.claim(&layer.id);
        let _ = write!(self.out, "<g id=\"{id}\" inkscape:groupmode=\"layer\"");
        self.attribute_text("inkscape:label", &layer.label);
        self.out.push_str(">\n");
        for item in &layer.items {
            self.item(item)?;
        }
        self.out.push_str("</g>\n");
        Ok(())
    }

    fn item(&mut self, item: &Item) -> Result<(), SvgError> {
        match item {
            Item::Path(path) => self.path(path),
            Item::Circle(circle) => self.circle(circle),
            Item::Rect(rect) => self.rect(rect),
            Item::Wedge(wedge) => self.wedge(wedge),
            Item::Text(text) => self.text(text),
            Item::Group(group) => self.group(group),
            Item::Embedded(embedded) => self.embedded(embedded),
            Item::Hatch(hatch) => self.hatch(hatch),
        }
    }

    /// A `<pattern>` of lines (one tile: a line through its middle, and a
    /// second across it when crossed), turned by the hatch's angle, and the
    /// area's path filled with it.
    fn hatch(&mut self, hatch: &Hatch) -> Result<(), SvgError> {
        if hatch.data.is_empty() {
            return Ok(());
        }
        let element = || describe("hatch", &Some(hatch.id.clone()));
        self.check(
            element,
            &[
                ("angle", hatch.angle_deg),
                ("spacing", hatch.spacing_mm),
                ("stroke width", hatch.stroke.width_mm),
            ],
        )?;
        let mut d = String::with_capacity(hatch.data.segments.len() * 8);
        push_path_data(&mut d, &hatch.data).map_err(|problem| match problem {
            PathProblem::NonFinite(value) => self.non_finite(element(), "hatch point", value),
            PathProblem::NoStart => SvgError::PathWithoutStart {
                layer: self.layer.clone(),
                element: element(),
            },
        })?;
        let id = self.ids.claim(&hatch.id);
        let pattern_id = self.ids.claim(&format!("{id}-pattern"));
        let mut size = String::new();
        push_number(&mut size, hatch.spacing_mm.max(0.1), FINE_DECIMALS);
        let mut half = String::new();
        push_number(&mut half, hatch.spacing_mm.max(0.1) / 2.0, FINE_DECIMALS);
        let mut angle = String::new();
        push_number(&mut angle, hatch.angle_deg, FINE_DECIMALS);
        let _ = write!(
            self.out,
            "<defs><pattern id=\"{pattern_id}\" patternUnits=\"userSpaceOnUse\" \
             width=\"{size}\" height=\"{size}\" patternTransform=\"rotate({angle})\">\
             <path d=\"M0 {half}H{size}"
        );
        if hatch.cross {
            let _ = write!(self.out, "M{half} 0V{size}");
        }
        self.out.push('"');
        self.style(&Style::stroke(hatch.stroke.clone()), element, false)?;
        self.out.push_str("/></pattern></defs>\n<path");
        self.id_attribute(&Some(id));
        let _ = writeln!(
            self.out,
            " d=\"{d}\" fill=\"url(#{pattern_id})\" fill-rule=\"evenodd\"/>"
        );
        Ok(())
    }

    fn style(
        &mut self,
        style: &Style,
        element: impl Fn() -> String,
        with_fill_rule: bool,
    ) -> Result<(), SvgError> {
        match style.fill {
            Some(fill) => {
                self.color_attribute("fill", fill);
                if with_fill_rule && style.fill_rule == FillRule::EvenOdd {
                    self.out.push_str(" fill-rule=\"evenodd\"");
                }
            }
            None => self.out.push_str(" fill=\"none\""),
        }
        if let Some(stroke) = &style.stroke {
            let mut fields = vec![("stroke width", stroke.width_mm)];
            fields.extend(stroke.dash_mm.iter().map(|&d| ("dash length", d)));
            self.check(&element, &fields)?;
            self.color_attribute("stroke", stroke.color);
            self.attribute_number("stroke-width", stroke.width_mm.max(0.0), FINE_DECIMALS);
            if !stroke.dash_mm.is_empty() {
                self.out.push_str(" stroke-dasharray=\"");
                for (i, &dash) in stroke.dash_mm.iter().enumerate() {
                    if i > 0 {
                        self.out.push(' ');
                    }
                    push_number(&mut self.out, dash.max(0.0), FINE_DECIMALS);
                }
                self.out.push('"');
            }
            match stroke.cap {
                LineCap::Butt => {}
                LineCap::Round => self.out.push_str(" stroke-linecap=\"round\""),
                LineCap::Square => self.out.push_str(" stroke-linecap=\"square\""),
            }
            match stroke.join {
                LineJoin::Miter => {}
                LineJoin::Round => self.out.push_str(" stroke-linejoin=\"round\""),
                LineJoin::Bevel => self.out.push_str(" stroke-linejoin=\"bevel\""),
            }
        }
        self.opacity(style.opacity);
        Ok(())
    }

    fn opacity(&mut self, opacity: f64) {
        let opacity = if opacity.is_nan() {
            1.0
        } else {
            opacity.clamp(0.0, 1.0)
        };
        if opacity < 1.0 {
            self.attribute_number("opacity", opacity, FINE_DECIMALS);
        }
    }

    fn path(&mut self, path: &Path) -> Result<(), SvgError> {
        if path.data.is_empty() {
            return Ok(());
        }
        let element = || describe("path", &path.id);
        let mut d = String::with_capacity(path.data.segments.len() * 8);
        push_path_data(&mut d, &path.data).map_err(|problem| match problem {
            PathProblem::NonFinite(value) => self.non_finite(element(), "path point", value),
            PathProblem::NoStart => SvgError::PathWithoutStart {
                layer: self.layer.clone(),
                element: element(),
            },
        })?;
        self.out.push_str("<path");
        self.id_attribute(&path.id);
        let _ = write!(self.out, " d=\"{d}\"");
        self.style(&path.style, element, true)?;
        self.out.push_str("/>\n");
        Ok(())
    }

    fn circle(&mut self, circle: &Circle) -> Result<(), SvgError> {
        let element = || describe("circle", &circle.id);
        self.check(
            element,
            &[
                ("centre x", circle.center.x),
                ("centre y", circle.center.y),
                ("radius", circle.radius_mm),
            ],
        )?;
        self.out.push_str("<circle");
        self.id_attribute(&circle.id);
        self.attribute_number("cx", circle.center.x, COORDINATE_DECIMALS);
        self.attribute_number("cy", circle.center.y, COORDINATE_DECIMALS);
        self.attribute_number("r", circle.radius_mm.max(0.0), FINE_DECIMALS);
        self.style(&circle.style, element, false)?;
        self.out.push_str("/>\n");
        Ok(())
    }

    fn rect(&mut self, rect: &Rect) -> Result<(), SvgError> {
        let element = || describe("rect", &rect.id);
        self.check(
            element,
            &[
                ("x", rect.origin.x),
                ("y", rect.origin.y),
                ("width", rect.width_mm),
                ("height", rect.height_mm),
                ("corner radius", rect.corner_radius_mm),
            ],
        )?;
        self.out.push_str("<rect");
        self.id_attribute(&rect.id);
        self.attribute_number("x", rect.origin.x, COORDINATE_DECIMALS);
        self.attribute_number("y", rect.origin.y, COORDINATE_DECIMALS);
        self.attribute_number("width", rect.width_mm.max(0.0), COORDINATE_DECIMALS);
        self.attribute_number("height", rect.height_mm.max(0.0), COORDINATE_DECIMALS);
        if rect.corner_radius_mm > 0.0 {
            self.attribute_number("rx", rect.corner_radius_mm, COORDINATE_DECIMALS);
        }
        self.style(&rect.style, element, false)?;
        self.out.push_str("/>\n");
        Ok(())
    }

    fn wedge(&mut self, wedge: &Wedge) -> Result<(), SvgError> {
        let element = || describe("wedge", &wedge.id);
        self.check(
            element,
            &[
                ("centre x", wedge.center.x),
                ("centre y", wedge.center.y),
                ("radius", wedge.radius_mm),
                ("inner radius", wedge.inner_radius_mm),
                ("start angle", wedge.start_deg),
                ("sweep angle", wedge.sweep_deg),
            ],
        )?;
        let outer = wedge.radius_mm.max(0.0);
        let inner = wedge.inner_radius_mm.clamp(0.0, outer);
        let sweep = wedge.sweep_deg.abs().min(360.0);
        if sweep == 0.0 || outer == 0.0 {
            return Ok(());
        }
        if sweep == 360.0 && inner == 0.0 {
            return self.circle(&Circle {
                id: wedge.id.clone(),
                center: wedge.center,
                radius_mm: outer,
                style: wedge.style.clone(),
            });
        }
        // clockwise from 12 o'clock; a negative sweep runs back from the start
        let start = if wedge.sweep_deg < 0.0 {
            wedge.start_deg - sweep
        } else {
            wedge.start_deg
        };
        let at = |radius: f64, degrees: f64| {
            let (sin, cos) = degrees.to_radians().sin_cos();
            Point::new(wedge.center.x + radius * sin, wedge.center.y - radius * cos)
        };
        let mut d = String::new();
        let point = |d: &mut String, command: &str, p: Point| {
            d.push_str(command);
            push_number(d, p.x, COORDINATE_DECIMALS);
            d.push(' ');
            push_number(d, p.y, COORDINATE_DECIMALS);
        };
        let arc = |d: &mut String, radius: f64, large: bool, clockwise: bool| {
            d.push('A');
            push_number(d, radius, FINE_DECIMALS);
            d.push(' ');
            push_number(d, radius, FINE_DECIMALS);
            let _ = write!(d, " 0 {} {} ", u8::from(large), u8::from(clockwise));
        };
        if sweep == 360.0 {
            // a full ring: two concentric circles, the inner one a hole (even-odd)
            for radius in [outer, inner] {
                point(&mut d, "M", at(radius, 0.0));
                arc(&mut d, radius, true, true);
                point(&mut d, "", at(radius, 180.0));
                arc(&mut d, radius, true, true);
                point(&mut d, "", at(radius, 360.0));
                d.push('Z');
            }
        } else {
            let large = sweep > 180.0;
            point(&mut d, "M", at(outer, start));
            arc(&mut d, outer, large, true);
            point(&mut d, "", at(outer, start + sweep));
            if inner > 0.0 {
                point(&mut d, "L", at(inner, start + sweep));
                arc(&mut d, inner, large, false);
                point(&mut d, "", at(inner, start));
            } else {
                point(&mut d, "L", wedge.center);
            }
            d.push('Z');
        }
        self.out.push_str("<path");
        self.id_attribute(&wedge.id);
        let _ = write!(self.out, " d=\"{d}\"");
        let style = Style {
            fill_rule: FillRule::EvenOdd,
            ..wedge.style.clone()
        };
        self.style(&style, element, sweep == 360.0)?;
        self.out.push_str("/>\n");
        Ok(())
    }

    fn text(&mut self, text: &Text) -> Result<(), SvgError> {
        let element = || describe("text", &text.id);
        let halo_width = text.halo.map_or(0.0, |h| h.width_mm);
        self.check(
            element,
            &[
                ("x", text.position.x),
                ("y", text.position.y),
                ("font size", text.size_pt),
                ("rotation", text.rotation_deg),
                ("letter spacing", text.letter_spacing_mm),
                ("halo width", halo_width),
            ],
        )?;
        if self.outlines {
            return self.text_as_outline(text);
        }
        self.out.push_str("<text");
        self.id_attribute(&text.id);
        self.attribute_number("x", text.position.x, COORDINATE_DECIMALS);
        self.attribute_number("y", text.position.y, COORDINATE_DECIMALS);
        self.attribute_number(
            "font-size",
            (text.size_pt * MM_PER_PT).max(0.0),
            FINE_DECIMALS,
        );
        if text.weight == FontWeight::Bold {
            self.out.push_str(" font-weight=\"bold\"");
        }
        match text.anchor {
            TextAnchor::Start => {}
            TextAnchor::Middle => self.out.push_str(" text-anchor=\"middle\""),
            TextAnchor::End => self.out.push_str(" text-anchor=\"end\""),
        }
        if text.letter_spacing_mm != 0.0 {
            self.attribute_number("letter-spacing", text.letter_spacing_mm, FINE_DECIMALS);
        }
        self.text_paint(text);
        self.out.push('>');
        push_escaped_text(&mut self.out, &displayed_text(&text.content));
        self.out.push_str("</text>\n");
        Ok(())
    }

    /// Text as one path of glyph outlines, the words in `aria-label` and `<title>`.
    fn text_as_outline(&mut self, text: &Text) -> Result<(), SvgError> {
        let outline = text_outline(text, TextMetrics::embedded());
        let mut d = String::with_capacity(outline.segments.len() * 8);
        push_path_data(&mut d, &outline).map_err(|problem| match problem {
            PathProblem::NonFinite(value) => {
                self.non_finite(describe("text", &text.id), "glyph point", value)
            }
            PathProblem::NoStart => SvgError::PathWithoutStart {
                layer: self.layer.clone(),
                element: describe("text", &text.id),
            },
        })?;
        let words = displayed_text(&text.content);
        self.out.push_str("<path");
        self.id_attribute(&text.id);
        let _ = write!(self.out, " d=\"{d}\"");
        self.text_paint(text);
        self.out.push_str(" role=\"img\"");
        self.attribute_text("aria-label", &words);
        self.out.push_str("><title>");
        push_escaped_text(&mut self.out, &words);
        self.out.push_str("</title></path>\n");
        Ok(())
    }

    /// Fill, halo and rotation of a text, as attributes.
    fn text_paint(&mut self, text: &Text) {
        self.color_attribute("fill", text.fill);
        if let Some(halo) = text.halo.filter(|h| h.width_mm > 0.0) {
            self.color_attribute("stroke", halo.color);
            self.attribute_number("stroke-width", halo.width_mm, FINE_DECIMALS);
            self.out
                .push_str(" stroke-linejoin=\"round\" paint-order=\"stroke\"");
        }
        let mut rotation = String::new();
        push_number(
            &mut rotation,
            text.rotation_deg.rem_euclid(360.0),
            FINE_DECIMALS,
        );
        if rotation != "0" && rotation != "360" {
            let _ = write!(self.out, " transform=\"rotate({rotation} ");
            push_number(&mut self.out, text.position.x, COORDINATE_DECIMALS);
            self.out.push(' ');
            push_number(&mut self.out, text.position.y, COORDINATE_DECIMALS);
            self.out.push_str(")\"");
        }
    }

    fn transform_attribute(&mut self, transform: &Transform) {
        self.out.push_str(" transform=\"translate(");
        push_number(&mut self.out, transform.translate_x, COORDINATE_DECIMALS);
        self.out.push(' ');
        push_number(&mut self.out, transform.translate_y, COORDINATE_DECIMALS);
        self.out.push(')');
        if transform.scale != 1.0 {
            self.out.push_str(" scale(");
            push_number(&mut self.out, transform.scale, 6);
            self.out.push(')');
        }
        self.out.push('"');
    }

    fn group(&mut self, group: &Group) -> Result<(), SvgError> {
        let element = || format!("group '{}'", group.id);
        if let Some(t) = &group.transform {
            self.check(
                element,
                &[
                    ("translation x", t.translate_x),
                    ("translation y", t.translate_y),
                    ("scale", t.scale),
                ],
            )?;
        }
        let id = self.ids.claim(&group.id);
        let clip_id = match &group.clip {
            Some(clip) => {
                let mut d = String::new();
                push_path_data(&mut d, clip).map_err(|problem| match problem {
                    PathProblem::NonFinite(value) => {
                        self.non_finite(element(), "clip point", value)
                    }
                    PathProblem::NoStart => SvgError::PathWithoutStart {
                        layer: self.layer.clone(),
                        element: element(),
                    },
                })?;
                let clip_id = self.ids.claim(&format!("{id}-clip"));
                let _ = writeln!(
                    self.out,
                    "<defs><clipPath id=\"{clip_id}\"><path d=\"{d}\"/></clipPath></defs>"
                );
                Some(clip_id)
            }
            None => None,
        };
        let _ = write!(self.out, "<g id=\"{id}\"");
        self.feature_attributes(&group.id);
        if let Some(label) = &group.label {
            self.attribute_text("inkscape:label", label);
        }
        if let Some(transform) = &group.transform {
            self.transform_attribute(transform);
        }
        self.opacity(group.opacity);
        // The clip is given in the group's own coordinates. With a transform
        // on the same element, renderers agree on that only by the letter
        // of the spec, so the clip goes on an inner, untransformed group.
        let inner_clip = group.transform.is_some() && clip_id.is_some();
        match &clip_id {
            Some(clip_id) if inner_clip => {
                let _ = write!(self.out, ">\n<g clip-path=\"url(#{clip_id})\"");
            }
            Some(clip_id) => {
                let _ = write!(self.out, " clip-path=\"url(#{clip_id})\"");
            }
            None => {}
        }
        self.out.push_str(">\n");
        // Items lying wholly outside the clip would be invisible; leaving
        // them out keeps the file small and spares renderers the work (resvg
        // sizes a clipped group's layer by its content, not by its clip).
        let visible_area = group.clip.as_ref().and_then(PathData::control_bounds);
        for item in &group.items {
            let hidden = match (&visible_area, item.extent()) {
                (Some(area), Some(extent)) => !extent.overlaps(area),
                _ => false,
            };
            if !hidden {
                self.item(item)?;
            }
        }
        if inner_clip {
            self.out.push_str("</g>\n");
        }
        self.out.push_str("</g>\n");
        Ok(())
    }

    fn embedded(&mut self, embedded: &Embedded) -> Result<(), SvgError> {
        let element = || format!("embedded SVG '{}'", embedded.id);
        self.check(
            element,
            &[
                ("x", embedded.origin.x),
                ("y", embedded.origin.y),
                ("width", embedded.width_mm),
                ("height", embedded.height_mm),
                ("view box width", embedded.view_box.0),
                ("view box height", embedded.view_box.1),
            ],
        )?;
        let id = self.ids.claim(&embedded.id);
        let _ = write!(self.out, "<svg id=\"{id}\"");
        self.attribute_number("x", embedded.origin.x, COORDINATE_DECIMALS);
        self.attribute_number("y", embedded.origin.y, COORDINATE_DECIMALS);
        self.attribute_number("width", embedded.width_mm.max(0.0), COORDINATE_DECIMALS);
        self.attribute_number("height", embedded.height_mm.max(0.0), COORDINATE_DECIMALS);
        self.out.push_str(" viewBox=\"0 0 ");
        push_number(&mut self.out, embedded.view_box.0, FINE_DECIMALS);
        self.out.push(' ');
        push_number(&mut self.out, embedded.view_box.1, FINE_DECIMALS);
        self.out.push_str("\">\n");
        self.out.push_str(embedded.markup.trim());
        self.out.push_str("\n</svg>\n");
        Ok(())
    }
}

/// What makes path data unwritable.
enum PathProblem {
    NonFinite(f64),
    NoStart,
}

/// A point in hundredths of a millimetre.
type Fixed = (i64, i64);

fn fixed(p: Point) -> Result<Fixed, PathProblem> {
    for v in [p.x, p.y] {
        if !v.is_finite() || v.abs() >= MAX_COORDINATE {
            return Err(PathProblem::NonFinite(v));
        }
    }
    let scale = 10_f64.powi(COORDINATE_DECIMALS as i32);
    Ok(((p.x * scale).round() as i64, (p.y * scale).round() as i64))
}

/// Appends SVG path data for `data`: an absolute first move, then relative
/// commands between rounded points, with repeated command letters omitted.
fn push_path_data(out: &mut String, data: &PathData) -> Result<(), PathProblem> {
    let mut current: Fixed = (0, 0);
    let mut subpath_start: Fixed = (0, 0);
    let mut last_command = ' ';
    let mut started = false;
    for segment in &data.segments {
        match *segment {
            Segment::MoveTo(p) => {
                let q = fixed(p)?;
                if started {
                    push_command(
                        out,
                        &mut last_command,
                        'm',
                        &[(q.0 - current.0, q.1 - current.1)],
                    );
                } else {
                    push_command(out, &mut last_command, 'M', &[q]);
                    started = true;
                }
                // an explicit letter must follow: bare pairs after a move are lines
                last_command = ' ';
                current = q;
                subpath_start = q;
            }
            _ if !started => return Err(PathProblem::NoStart),
            Segment::LineTo(p) => {
                let q = fixed(p)?;
                let delta = (q.0 - current.0, q.1 - current.1);
                match delta {
                    (0, 0) => {}
                    (dx, 0) => push_single(out, &mut last_command, 'h', dx),
                    (0, dy) => push_single(out, &mut last_command, 'v', dy),
                    _ => push_command(out, &mut last_command, 'l', &[delta]),
                }
                current = q;
            }
            Segment::QuadTo(c, p) => {
                let (c, q) = (fixed(c)?, fixed(p)?);
                push_command(
                    out,
                    &mut last_command,
                    'q',
                    &[
                        (c.0 - current.0, c.1 - current.1),
                        (q.0 - current.0, q.1 - current.1),
                    ],
                );
                current = q;
            }
            Segment::CubicTo(c1, c2, p) => {
                let (c1, c2, q) = (fixed(c1)?, fixed(c2)?, fixed(p)?);
                let rel = |a: Fixed| (a.0 - current.0, a.1 - current.1);
                push_command(out, &mut last_command, 'c', &[rel(c1), rel(c2), rel(q)]);
                current = q;
            }
            Segment::Close => {
                out.push('z');
                last_command = 'z';
                current = subpath_start;
            }
        }
    }
    Ok(())
}

/// Appends a command with coordinate pairs, omitting the letter when it
/// repeats the previous command (SVG's implicit repetition).
fn push_command(out: &mut String, last_command: &mut char, command: char, pairs: &[Fixed]) {
    if *last_command != command {
        out.push(command);
        *last_command = command;
    }
    for &(x, y) in pairs {
        push_coordinate(out, x);
        push_coordinate(out, y);
    }
}

fn push_single(out: &mut String, last_command: &mut char, command: char, value: i64) {
    if *last_command != command {
        out.push(command);
        *last_command = command;
    }
    push_coordinate(out, value);
}

/// Appends one fixed-point coordinate in the most compact form the path
/// grammar allows (as SVG minifiers do): no leading zero (`.5`, `-.25`),
/// and a separating space only where the number would otherwise merge with
/// the previous one. A minus sign always separates; `.5` after `1.2`
/// separates too, since a number holds only one decimal point. On real
/// figures this makes path data about a fifth smaller.
fn push_coordinate(out: &mut String, value: i64) {
    let factor = 10_i64.pow(COORDINATE_DECIMALS);
    let starts_with_point = value.abs() < factor && value != 0;
    // the previous token, if it is a number: its trailing digits and point
    let previous = out.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let previous_number = &out[previous.len()..];
    let needs_space = value >= 0
        && !previous_number.is_empty()
        && (!starts_with_point || !previous_number.contains('.'));
    if needs_space {
        out.push(' ');
    }
    let mut number = String::with_capacity(8);
    push_fixed(&mut number, value, COORDINATE_DECIMALS);
    if starts_with_point {
        number = number.replacen("0.", ".", 1);
    }
    out.push_str(&number);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::Stroke;

    fn number(value: f64, decimals: u32) -> String {
        let mut s = String::new();
        push_number(&mut s, value, decimals);
        s
    }

    #[test]
    fn numbers_are_rounded_without_trailing_zeros() {
        assert_eq!(number(1.0, 2), "1");
        assert_eq!(number(1.5, 2), "1.5");
        assert_eq!(number(1.005001, 2), "1.01");
        assert_eq!(number(-0.001, 2), "0");
        assert_eq!(number(-12.345, 2), "-12.35");
        assert_eq!(number(0.05, 2), "0.05");
        assert_eq!(number(2.8222, 3), "2.822");
        assert_eq!(number(100.0, 3), "100");
    }

    /// Splits compact path data into its numbers, as an SVG parser does:
    /// a number ends at a space, a sign, a command letter or a second point.
    fn path_numbers(d: &str) -> Vec<f64> {
        let mut numbers = Vec::new();
        let mut current = String::new();
        let flush = |current: &mut String, numbers: &mut Vec<f64>| {
            if !current.is_empty() {
                numbers.push(current.parse().expect("a number"));
                current.clear();
            }
        };
        for c in d.chars() {
            match c {
                '-' => {
                    flush(&mut current, &mut numbers);
                    current.push(c);
                }
                '.' if current.contains('.') => {
                    flush(&mut current, &mut numbers);
                    current.push(c);
                }
                '0'..='9' | '.' => current.push(c),
                _ => flush(&mut current, &mut numbers),
            }
        }
        flush(&mut current, &mut numbers);
        numbers
    }

    #[test]
    fn compact_path_numbers_parse_back_exactly() {
        // a deterministic spread of coordinates around zero, with all digit patterns
        let mut data = PathData::new().move_to((0.0, 0.0));
        let mut expected = vec![0.0, 0.0];
        let mut previous = (0_i64, 0_i64);
        for k in 0..500_i64 {
            let x = (k * 37 % 401) - 200; // hundredths of a mm
            let y = (k * 53 % 317) - 158;
            data = data.line_to((x as f64 / 100.0, y as f64 / 100.0));
            let delta = (x - previous.0, y - previous.1);
            match delta {
                (0, 0) => {}
                (dx, 0) => expected.push(dx as f64 / 100.0),
                (0, dy) => expected.push(dy as f64 / 100.0),
                (dx, dy) => expected.extend([dx as f64 / 100.0, dy as f64 / 100.0]),
            }
            previous = (x, y);
        }
        let mut d = String::new();
        assert!(push_path_data(&mut d, &data).is_ok());
        assert!(
            d.contains(".") && !d.contains(" 0.") && !d.contains("-0."),
            "compact form: {d}"
        );
        let parsed = path_numbers(&d);
        assert_eq!(parsed.len(), expected.len());
        for (got, want) in parsed.iter().zip(&expected) {
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
    }

    #[test]
    fn path_data_is_relative_between_rounded_points() {
        let data = PathData::new()
            .move_to((10.004, 20.0))
            .line_to((10.504, 20.0))
            .line_to((10.504, 19.0))
            .line_to((11.0, 18.0))
            .line_to((12.0, 17.0))
            .line_to((12.001, 17.0))
            .close()
            .move_to((0.0, 0.0))
            .cubic_to((1.0, 0.0), (2.0, 1.0), (2.0, 2.0));
        let mut d = String::new();
        assert!(push_path_data(&mut d, &data).is_ok());
        assert_eq!(d, "M10 20h.5v-1l.5-1 1-1zm-10-20c1 0 2 1 2 2");
    }

    #[test]
    fn rounding_does_not_accumulate_along_a_path() {
        // 1000 steps of 0.004 mm: each rounds to 0 alone, but the path must end at 4 mm
        let mut data = PathData::new().move_to((0.0, 0.0));
        for i in 1..=1000 {
            data = data.line_to((f64::from(i) * 0.004, 0.0));
        }
        let mut d = String::new();
        assert!(push_path_data(&mut d, &data).is_ok());
        let steps = d
            .strip_prefix("M0 0h")
            .expect("one run of horizontal lines");
        let total: f64 = path_numbers(steps).iter().sum();
        assert!((total - 4.0).abs() < 1e-9, "{d}");
    }

    #[test]
    fn paths_must_start_with_a_move() {
        let mut scene = Scene::new(10.0, 10.0);
        scene.layer_mut("l", "L").push(Path {
            id: Some("broken".into()),
            data: PathData::new().line_to((1.0, 1.0)).line_to((2.0, 1.0)),
            style: Style::default(),
        });
        let err = write_svg(&scene).unwrap_err();
        assert!(matches!(err, SvgError::PathWithoutStart { .. }), "{err}");
        assert!(err.to_string().contains("'broken'"));
    }

    #[test]
    fn non_finite_values_name_layer_element_and_field() {
        let mut scene = Scene::new(10.0, 10.0);
        scene.layer_mut("markers", "Marker").push(Circle {
            id: Some("P1-Essen".into()),
            center: Point::new(1.0, f64::NAN),
            radius_mm: 1.0,
            style: Style::fill(Color::BLACK),
        });
        let message = write_svg(&scene).unwrap_err().to_string();
        assert!(
            message.contains("circle 'P1-Essen'")
                && message.contains("'markers'")
                && message.contains("centre y"),
            "{message}"
        );
        assert!(matches!(
            write_svg(&Scene::new(0.0, 10.0)),
            Err(SvgError::InvalidPage { .. })
        ));
        assert!(matches!(
            write_svg(&Scene::new(f64::INFINITY, 10.0)),
            Err(SvgError::InvalidPage { .. })
        ));
    }

    #[test]
    fn wedges_become_arcs_full_discs_become_circles() {
        let mut scene = Scene::new(20.0, 20.0);
        let layer = scene.layer_mut("m", "M");
        let style = Style::fill(Color::BLACK);
        let wedge = |id: &str, inner: f64, start: f64, sweep: f64| Wedge {
            id: Some(id.into()),
            center: Point::new(10.0, 10.0),
            radius_mm: 5.0,
            inner_radius_mm: inner,
            start_deg: start,
            sweep_deg: sweep,
            style: style.clone(),
        };
        layer.push(wedge("quarter", 0.0, 0.0, 90.0));
        layer.push(wedge("disc", 0.0, 10.0, 360.0));
        layer.push(wedge("ring", 2.0, 0.0, 360.0));
        layer.push(wedge("back", 2.0, 90.0, -90.0));
        layer.push(wedge("nothing", 0.0, 0.0, 0.0));
        let svg = write_svg(&scene).unwrap();
        assert!(
            svg.contains(r#"<path id="quarter" d="M10 5A5 5 0 0 1 15 10L10 10Z""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<circle id="disc" cx="10" cy="10" r="5""#),
            "{svg}"
        );
        assert!(svg.contains(r##"<path id="ring" d="M10 5A5 5 0 1 1 10 15A5 5 0 1 1 10 5ZM10 8A2 2 0 1 1 10 12A2 2 0 1 1 10 8Z" fill="#000000" fill-rule="evenodd""##), "{svg}");
        // a negative sweep from 90° is the same quarter as 0°..90°
        assert!(
            svg.contains(r#"<path id="back" d="M10 5A5 5 0 0 1 15 10L12 10A2 2 0 0 0 10 8Z""#),
            "{svg}"
        );
        assert!(!svg.contains("nothing"));
    }

    #[test]
    fn groups_carry_transform_clip_and_unique_ids() {
        let mut scene = Scene::new(50.0, 50.0);
        let mut panel = Group::new("panel P1");
        panel.label = Some("Projekt \"P1\"".into());
        panel.transform = Some(Transform {
            translate_x: 5.0,
            translate_y: 6.0,
            scale: 0.5,
        });
        panel.clip = Some(PathData::rect(0.0, 0.0, 20.0, 20.0));
        panel.push(Circle {
            id: Some("panel-P1".into()),
            center: Point::new(1.0, 1.0),
            radius_mm: 1.0,
            style: Style::default(),
        });
        let mut plain = Group::new("plain");
        plain.clip = Some(PathData::rect(0.0, 0.0, 1.0, 1.0));
        plain.opacity = 0.5;
        let layer = scene.layer_mut("panels", "Karten");
        layer.push(panel);
        layer.push(plain);
        let svg = write_svg(&scene).unwrap();
        assert!(svg.contains(r#"<defs><clipPath id="panel-P1-clip"><path d="M0 0h20v20h-20z"/></clipPath></defs>"#), "{svg}");
        assert!(svg.contains(concat!(
            r#"<g id="panel-P1" inkscape:label="Projekt &quot;P1&quot;" transform="translate(5 6) scale(0.5)">"#,
            "\n",
            r#"<g clip-path="url(#panel-P1-clip)">"#
        )));
        assert!(svg.contains(r#"<circle id="panel-P1-2""#), "{svg}");
        assert!(
            svg.contains(r#"<g id="plain" opacity="0.5" clip-path="url(#plain-clip)">"#),
            "{svg}"
        );
    }

    #[test]
    fn items_wholly_outside_a_clip_are_left_out() {
        let mut scene = Scene::new(50.0, 50.0);
        let mut panel = Group::new("panel");
        panel.clip = Some(PathData::rect(0.0, 0.0, 20.0, 20.0));
        let dot = |id: &str, x: f64| Circle {
            id: Some(id.into()),
            center: Point::new(x, 10.0),
            radius_mm: 1.0,
            style: Style::fill_and_stroke(Color::BLACK, Stroke::solid(Color::WHITE, 0.4)),
        };
        panel.push(dot("inside", 10.0));
        panel.push(dot("straddling", 20.5));
        panel.push(dot("just-outside-but-stroked", 21.2)); // the stroke reaches into the clip
        panel.push(dot("outside", 30.0));
        panel.push(Text::new((40.0, 10.0), "far label", 8.0).with_id("text-outside"));
        panel.push(Path {
            id: Some("outside-path".into()),
            data: PathData::polyline(&[Point::new(25.0, 0.0), Point::new(40.0, 40.0)]),
            style: Style::stroke(Stroke::solid(Color::BLACK, 1.0)),
        });
        scene.layer_mut("l", "L").push(panel);
        let svg = write_svg(&scene).unwrap();
        for kept in [
            "inside",
            "straddling",
            "just-outside-but-stroked",
            "text-outside",
        ] {
            assert!(
                svg.contains(&format!("id=\"{kept}\"")),
                "{kept} missing: {svg}"
            );
        }
        assert!(!svg.contains("id=\"outside\""), "{svg}");
        assert!(!svg.contains("outside-path"), "{svg}");
    }

    #[test]
    fn styles_write_only_what_differs_from_svg_defaults() {
        let mut scene = Scene::new(10.0, 10.0);
        scene.background = None;
        let layer = scene.layer_mut("l", "L");
        layer.push(Path {
            id: None,
            data: PathData::polyline(&[Point::new(0.0, 0.0), Point::new(1.0, 1.0)]),
            style: Style::stroke(
                Stroke::dashed(Color::rgb(1, 2, 3).with_alpha(0.5), 0.25, &[1.0, 0.5]).round_caps(),
            ),
        });
        layer.push(Rect {
            id: None,
            origin: Point::new(1.0, 2.0),
            width_mm: 3.0,
            height_mm: 4.0,
            corner_radius_mm: 0.0,
            style: Style::fill(Color::WHITE).with_opacity(0.25),
        });
        let svg = write_svg(&scene).unwrap();
        assert!(svg.contains(concat!(
            r##"<path d="M0 0l1 1" fill="none" stroke="#010203" stroke-opacity="0.502" stroke-width="0.25""##,
            r##" stroke-dasharray="1 0.5" stroke-linecap="round" stroke-linejoin="round"/>"##
        )), "{svg}");
        assert!(
            svg.contains(
                r##"<rect x="1" y="2" width="3" height="4" fill="#ffffff" opacity="0.25"/>"##
            ),
            "{svg}"
        );
        assert!(!svg.contains("page-background"));
    }

    #[test]
    fn text_attributes_and_rotation() {
        let mut scene = Scene::new(10.0, 10.0);
        scene.layer_mut("l", "L").push(
            Text::new((1.0, 2.0), "Hamm", 8.0)
                .bold()
                .anchored(TextAnchor::End)
                .with_halo(Color::WHITE, 0.6)
                .rotated(-30.0),
        );
        let svg = write_svg(&scene).unwrap();
        assert!(svg.contains(concat!(
            r##"<text x="1" y="2" font-size="2.822" font-weight="bold" text-anchor="end" fill="#000000" stroke="#ffffff""##,
            r##" stroke-width="0.6" stroke-linejoin="round" paint-order="stroke" transform="rotate(330 1 2)">Hamm</text>"##
        )), "{svg}");
    }
}
