//! The scene: a plain data tree describing one figure, its single source of
//! truth. Map layouts build a [`Scene`]; the writers turn it into SVG, and the
//! SVG into PNG and PDF, so all three outputs show exactly the same thing.
//!
//! Conventions, fixed for the whole crate:
//! - lengths are millimetres on the printed page, and one SVG user unit is one
//!   millimetre (`width="160mm" viewBox="0 0 160 …"`);
//! - the origin is the top-left corner of the page, `y` grows downwards;
//! - text sizes are typographic points (1 pt = 25.4/72 mm);
//! - angles are degrees; pie wedges start at 12 o'clock and run clockwise,
//!   text rotation is clockwise as in SVG;
//! - ids are chosen by the caller and derived from data (project and partner
//!   ids); the SVG writer turns them into valid, unique XML ids
//!   deterministically, so callers need not sanitise them.
//!
//! The tree holds no renderer state and no references: it can be built,
//! cloned, compared and inspected in tests.

use crate::render::feature_info::FeatureInfo;
use std::collections::BTreeMap;

/// Millimetres per typographic point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// A position on the page in millimetres, origin top left, `y` downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Distance from the left page edge in mm.
    pub x: f64,
    /// Distance from the top page edge in mm.
    pub y: f64,
}

impl Point {
    /// A point at `(x, y)` mm.
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

impl From<(f64, f64)> for Point {
    fn from((x, y): (f64, f64)) -> Point {
        Point { x, y }
    }
}

/// An axis-aligned box on the page in mm (`x0 ≤ x1`, `y0 ≤ y1`), e.g. the
/// extent of a label or marker for overlap tests and the layout report.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bounds {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Bounds {
    /// The box spanned by two corners, in any order.
    ///
    /// ```
    /// use ruhrmap::render::Bounds;
    /// let b = Bounds::from_corners((4.0, 1.0).into(), (0.0, 3.0).into());
    /// assert_eq!((b.x0, b.y0, b.x1, b.y1), (0.0, 1.0, 4.0, 3.0));
    /// assert_eq!(b.width(), 4.0);
    /// ```
    pub fn from_corners(a: Point, b: Point) -> Bounds {
        Bounds {
            x0: a.x.min(b.x),
            y0: a.y.min(b.y),
            x1: a.x.max(b.x),
            y1: a.y.max(b.y),
        }
    }

    /// The smallest box holding all `points`, or `None` for no points.
    pub fn of_points(points: impl IntoIterator<Item = Point>) -> Option<Bounds> {
        points
            .into_iter()
            .map(|p| Bounds::from_corners(p, p))
            .reduce(|a, b| a.union(&b))
    }

    /// Width in mm.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height in mm.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// The centre point.
    pub fn center(&self) -> Point {
        Point::new((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &Bounds) -> Bounds {
        Bounds {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// The box grown by `margin` mm on every side (shrunk for a negative margin).
    pub fn expanded(&self, margin: f64) -> Bounds {
        Bounds {
            x0: self.x0 - margin,
            y0: self.y0 - margin,
            x1: self.x1 + margin,
            y1: self.y1 + margin,
        }
    }

    /// Whether the interiors overlap (boxes that only touch do not).
    ///
    /// ```
    /// use ruhrmap::render::Bounds;
    /// let a = Bounds { x0: 0.0, y0: 0.0, x1: 2.0, y1: 2.0 };
    /// assert!(a.overlaps(&Bounds { x0: 1.0, y0: 1.0, x1: 3.0, y1: 3.0 }));
    /// assert!(!a.overlaps(&Bounds { x0: 2.0, y0: 0.0, x1: 3.0, y1: 2.0 }));
    /// ```
    pub fn overlaps(&self, other: &Bounds) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether `other` lies completely inside this box (edges may touch).
    pub fn contains(&self, other: &Bounds) -> bool {
        self.x0 <= other.x0 && self.y0 <= other.y0 && other.x1 <= self.x1 && other.y1 <= self.y1
    }

    /// The corners as `[x0, y0, x1, y1]`, the layout report's format.
    pub fn to_array(&self) -> [f64; 4] {
        [self.x0, self.y0, self.x1, self.y1]
    }
}

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
    /// Opacity, 0 (transparent) – 255 (opaque).
    pub a: u8,
}

/// A colour string that is not of the form `#rrggbb`, `#rrggbbaa` or `#rgb`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid colour {text:?}: expected #rrggbb, #rrggbbaa or #rgb (hexadecimal), e.g. \"#1f78b4\""
)]
pub struct ColorError {
    /// The text that could not be read as a colour.
    pub text: String,
}

impl Color {
    /// Opaque black.
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    /// Opaque white.
    pub const WHITE: Color = Color::rgb(255, 255, 255);

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 255 }
    }

    /// Reads `#rrggbb`, `#rrggbbaa` or `#rgb` (case-insensitive).
    ///
    /// ```
    /// use ruhrmap::render::Color;
    /// assert_eq!(Color::from_hex("#1F78b4").unwrap(), Color::rgb(0x1f, 0x78, 0xb4));
    /// assert_eq!(Color::from_hex("#fff").unwrap(), Color::WHITE);
    /// assert_eq!(Color::from_hex("#00000080").unwrap().a, 0x80);
    /// assert!(Color::from_hex("red").is_err());
    /// ```
    pub fn from_hex(text: &str) -> Result<Color, ColorError> {
        let err = || ColorError {
            text: text.to_string(),
        };
        let hex = text.trim().strip_prefix('#').ok_or_else(err)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(err());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| err());
        let nibble = |i: usize| {
            u8::from_str_radix(&hex[i..i + 1], 16)
                .map(|v| v * 17)
                .map_err(|_| err())
        };
        match hex.len() {
            3 => Ok(Color::rgb(nibble(0)?, nibble(1)?, nibble(2)?)),
            6 => Ok(Color::rgb(byte(0)?, byte(2)?, byte(4)?)),
            8 => Ok(Color {
                r: byte(0)?,
                g: byte(2)?,
                b: byte(4)?,
                a: byte(6)?,
            }),
            _ => Err(err()),
        }
    }

    /// This colour with opacity `alpha` in 0.0–1.0 (clamped).
    ///
    /// ```
    /// use ruhrmap::render::Color;
    /// assert_eq!(Color::BLACK.with_alpha(0.5).a, 128);
    /// ```
    pub fn with_alpha(self, alpha: f64) -> Color {
        let a = if alpha.is_nan() {
            0.0
        } else {
            alpha.clamp(0.0, 1.0)
        };
        Color {
            a: (a * 255.0).round() as u8,
            ..self
        }
    }

    /// The colour as `#rrggbb`, without alpha.
    ///
    /// ```
    /// assert_eq!(ruhrmap::render::Color::rgb(31, 120, 180).to_hex(), "#1f78b4");
    /// ```
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// The opacity as a fraction 0.0–1.0.
    pub fn alpha(self) -> f64 {
        f64::from(self.a) / 255.0
    }
}

/// How the ends of open strokes are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineCap {
    /// Cut off square at the end point (SVG default).
    #[default]
    Butt,
    /// A half circle beyond the end point.
    Round,
    /// A half square beyond the end point.
    Square,
}

/// How stroke segments meet at corners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineJoin {
    /// Pointed corners (SVG default).
    #[default]
    Miter,
    /// Rounded corners; best for boundaries, which have many sharp vertices.
    Round,
    /// Cut-off corners.
    Bevel,
}

/// The outline of a shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// Colour and opacity of the line.
    pub color: Color,
    /// Line width in mm.
    pub width_mm: f64,
    /// Dash pattern in mm (dash, gap, dash, …); empty for a solid line.
    pub dash_mm: Vec<f64>,
    /// End caps of open lines.
    pub cap: LineCap,
    /// Corner joins.
    pub join: LineJoin,
}

impl Stroke {
    /// A solid line of `width_mm` with round joins and butt caps.
    pub fn solid(color: Color, width_mm: f64) -> Stroke {
        Stroke {
            color,
            width_mm,
            dash_mm: Vec::new(),
            cap: LineCap::Butt,
            join: LineJoin::Round,
        }
    }

    /// A dashed line: `dash_mm` alternates dash and gap lengths.
    pub fn dashed(color: Color, width_mm: f64, dash_mm: &[f64]) -> Stroke {
        Stroke {
            dash_mm: dash_mm.to_vec(),
            ..Stroke::solid(color, width_mm)
        }
    }

    /// The same stroke with round caps (for links and dotted lines).
    pub fn round_caps(self) -> Stroke {
        Stroke {
            cap: LineCap::Round,
            ..self
        }
    }
}

/// Which parts of a self-overlapping path count as inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FillRule {
    /// Even-odd: inner rings of a polygon are holes regardless of their
    /// orientation. The default, because boundary rings carry no guaranteed
    /// winding order.
    #[default]
    EvenOdd,
    /// Non-zero winding (the SVG default).
    NonZero,
}

/// Paint of a shape: fill, outline and overall opacity.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Fill colour (with its own alpha), or none.
    pub fill: Option<Color>,
    /// Outline, or none.
    pub stroke: Option<Stroke>,
    /// Opacity of the whole shape (fill and stroke together), 0.0–1.0.
    pub opacity: f64,
    /// Fill rule for paths.
    pub fill_rule: FillRule,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            fill: None,
            stroke: None,
            opacity: 1.0,
            fill_rule: FillRule::EvenOdd,
        }
    }
}

impl Style {
    /// A filled shape without outline.
    pub fn fill(color: Color) -> Style {
        Style {
            fill: Some(color),
            ..Style::default()
        }
    }

    /// An outline without fill.
    pub fn stroke(stroke: Stroke) -> Style {
        Style {
            stroke: Some(stroke),
            ..Style::default()
        }
    }

    /// A filled shape with an outline.
    pub fn fill_and_stroke(fill: Color, stroke: Stroke) -> Style {
        Style {
            fill: Some(fill),
            stroke: Some(stroke),
            ..Style::default()
        }
    }

    /// The same style with overall opacity `opacity`.
    pub fn with_opacity(self, opacity: f64) -> Style {
        Style { opacity, ..self }
    }
}

/// One drawing command of a [`PathData`]. Coordinates are absolute, in mm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    /// Starts a new subpath at the point.
    MoveTo(Point),
    /// A straight line to the point.
    LineTo(Point),
    /// A quadratic Bézier curve: control point, end point.
    QuadTo(Point, Point),
    /// A cubic Bézier curve: first control point, second control point, end point.
    CubicTo(Point, Point, Point),
    /// Closes the current subpath with a straight line to its start.
    Close,
}

/// The geometry of a path: a sequence of subpaths.
///
/// ```
/// use ruhrmap::render::{PathData, Point};
/// // a square with a square hole: one path, drawn with the even-odd rule
/// let outer = [Point::new(0.0, 0.0), Point::new(10.0, 0.0), Point::new(10.0, 10.0), Point::new(0.0, 10.0)];
/// let hole = [Point::new(3.0, 3.0), Point::new(7.0, 3.0), Point::new(7.0, 7.0), Point::new(3.0, 7.0)];
/// let data = PathData::polygon([&outer[..], &hole[..]]);
/// assert_eq!(data.segments.len(), 2 * 5);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathData {
    /// The drawing commands in order.
    pub segments: Vec<Segment>,
}

impl PathData {
    /// An empty path.
    pub fn new() -> PathData {
        PathData::default()
    }

    /// Appends a move to `p` (starts a subpath).
    pub fn move_to(mut self, p: impl Into<Point>) -> PathData {
        self.segments.push(Segment::MoveTo(p.into()));
        self
    }

    /// Appends a straight line to `p`.
    pub fn line_to(mut self, p: impl Into<Point>) -> PathData {
        self.segments.push(Segment::LineTo(p.into()));
        self
    }

    /// Appends a quadratic Bézier curve via `control` to `end`.
    pub fn quad_to(mut self, control: impl Into<Point>, end: impl Into<Point>) -> PathData {
        self.segments
            .push(Segment::QuadTo(control.into(), end.into()));
        self
    }

    /// Appends a cubic Bézier curve via `c1` and `c2` to `end`.
    pub fn cubic_to(
        mut self,
        c1: impl Into<Point>,
        c2: impl Into<Point>,
        end: impl Into<Point>,
    ) -> PathData {
        self.segments
            .push(Segment::CubicTo(c1.into(), c2.into(), end.into()));
        self
    }

    /// Closes the current subpath.
    pub fn close(mut self) -> PathData {
        self.segments.push(Segment::Close);
        self
    }

    /// An open line through `points` (nothing if fewer than two points).
    pub fn polyline(points: &[Point]) -> PathData {
        let mut data = PathData::new();
        data.push_points(points, false);
        data
    }

    /// A polygon from rings: the first is the exterior, the rest are holes
    /// (or further parts; with [`FillRule::EvenOdd`] orientation does not
    /// matter). A repeated closing point is dropped; rings with fewer than
    /// three distinct points are skipped.
    pub fn polygon<'a>(rings: impl IntoIterator<Item = &'a [Point]>) -> PathData {
        let mut data = PathData::new();
        for ring in rings {
            data.push_ring(ring);
        }
        data
    }

    /// Appends one closed ring (see [`PathData::polygon`]).
    pub fn push_ring(&mut self, ring: &[Point]) {
        let ring = match ring {
            [first, .., last] if first == last => &ring[..ring.len() - 1],
            _ => ring,
        };
        if ring.len() >= 3 {
            self.push_points(ring, true);
        }
    }

    fn push_points(&mut self, points: &[Point], closed: bool) {
        if points.len() < 2 {
            return;
        }
        self.segments.push(Segment::MoveTo(points[0]));
        self.segments
            .extend(points[1..].iter().map(|&p| Segment::LineTo(p)));
        if closed {
            self.segments.push(Segment::Close);
        }
    }

    /// An axis-aligned rectangle as a closed subpath.
    pub fn rect(x: f64, y: f64, width: f64, height: f64) -> PathData {
        PathData::new()
            .move_to((x, y))
            .line_to((x + width, y))
            .line_to((x + width, y + height))
            .line_to((x, y + height))
            .close()
    }

    /// The box holding every point of the path, control points included (a
    /// Bézier curve lies within its control points), or `None` if empty.
    ///
    /// ```
    /// use ruhrmap::render::PathData;
    /// let curve = PathData::new().move_to((0.0, 0.0)).quad_to((5.0, -4.0), (10.0, 0.0));
    /// let b = curve.control_bounds().unwrap();
    /// assert_eq!((b.x0, b.y0, b.x1, b.y1), (0.0, -4.0, 10.0, 0.0));
    /// ```
    pub fn control_bounds(&self) -> Option<Bounds> {
        Bounds::of_points(self.segments.iter().flat_map(|segment| {
            let points: [Option<Point>; 3] = match *segment {
                Segment::MoveTo(p) | Segment::LineTo(p) => [Some(p), None, None],
                Segment::QuadTo(c, p) => [Some(c), Some(p), None],
                Segment::CubicTo(c1, c2, p) => [Some(c1), Some(c2), Some(p)],
                Segment::Close => [None, None, None],
            };
            points.into_iter().flatten()
        }))
    }

    /// Whether the path draws nothing.
    pub fn is_empty(&self) -> bool {
        !self
            .segments
            .iter()
            .any(|s| !matches!(s, Segment::MoveTo(_) | Segment::Close))
    }
}

/// A path: polygons (with holes), polylines and curves.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Optional id, derived from data (e.g. the municipality's AGS).
    pub id: Option<String>,
    /// The geometry.
    pub data: PathData,
    /// Paint.
    pub style: Style,
}

/// An area filled with thin parallel lines (crossed, if asked): how a
/// sub-region is told apart in greyscale print when grey levels alone
/// cannot. Written as an SVG `<pattern>` fill over the area's path (even-odd
/// rule), which the PNG and PDF renderers draw too.
#[derive(Debug, Clone, PartialEq)]
pub struct Hatch {
    /// Id, derived from data; the pattern is named after it.
    pub id: String,
    /// The area.
    pub data: PathData,
    /// Direction of the lines, degrees clockwise from horizontal.
    pub angle_deg: f64,
    /// A second set of lines at right angles to the first.
    pub cross: bool,
    /// Distance between neighbouring lines (mm).
    pub spacing_mm: f64,
    /// Colour and width of the lines.
    pub stroke: Stroke,
}

/// A circle, e.g. a partner marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Circle {
    /// Optional id, derived from data (e.g. the partner id).
    pub id: Option<String>,
    /// Centre in mm.
    pub center: Point,
    /// Radius in mm.
    pub radius_mm: f64,
    /// Paint.
    pub style: Style,
}

/// An axis-aligned rectangle, optionally with rounded corners.
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    /// Optional id.
    pub id: Option<String>,
    /// Top-left corner in mm.
    pub origin: Point,
    /// Width in mm.
    pub width_mm: f64,
    /// Height in mm.
    pub height_mm: f64,
    /// Corner radius in mm (0 for sharp corners).
    pub corner_radius_mm: f64,
    /// Paint.
    pub style: Style,
}

/// A sector of a circle or annulus: one slice of a pie or segmented symbol.
///
/// Angles are degrees clockwise from 12 o'clock; a sweep of 360° or more
/// draws the full disc (or ring).
#[derive(Debug, Clone, PartialEq)]
pub struct Wedge {
    /// Optional id (e.g. `seat-essen-HF2`).
    pub id: Option<String>,
    /// Centre in mm.
    pub center: Point,
    /// Outer radius in mm.
    pub radius_mm: f64,
    /// Inner radius in mm: 0 for a pie slice, more for a ring segment.
    pub inner_radius_mm: f64,
    /// Start angle in degrees clockwise from 12 o'clock.
    pub start_deg: f64,
    /// Angular extent in degrees (clockwise).
    pub sweep_deg: f64,
    /// Paint.
    pub style: Style,
}

/// Font weights available in the embedded font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum FontWeight {
    /// Regular (400).
    #[default]
    Regular,
    /// Bold (700).
    Bold,
}

impl FontWeight {
    /// The CSS numeric weight.
    pub fn css(self) -> u16 {
        match self {
            FontWeight::Regular => 400,
            FontWeight::Bold => 700,
        }
    }
}

/// Which point of the text line its position refers to, horizontally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextAnchor {
    /// The position is the left end of the line.
    #[default]
    Start,
    /// The position is the centre of the line.
    Middle,
    /// The position is the right end of the line.
    End,
}

/// A white (or other) outline drawn behind the glyphs, so text stays
/// legible over boundaries and links. Written as a stroke painted before the
/// fill (`paint-order="stroke"`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Halo {
    /// Halo colour.
    pub color: Color,
    /// Total halo stroke width in mm; it extends half this width beyond the glyph outlines.
    pub width_mm: f64,
}

/// One line of text. Its position is on the alphabetic baseline; use
/// `TextMetrics` for ascent and descent to place it vertically.
///
/// The content is stored as given; the SVG writer escapes it and applies the
/// control-character policy documented on `write_svg`.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// Optional id.
    pub id: Option<String>,
    /// Anchor point on the baseline, in mm.
    pub position: Point,
    /// The characters to show (one line).
    pub content: String,
    /// Font size in pt.
    pub size_pt: f64,
    /// Font weight.
    pub weight: FontWeight,
    /// Horizontal anchoring at `position`.
    pub anchor: TextAnchor,
    /// Glyph colour.
    pub fill: Color,
    /// Optional halo for legibility.
    pub halo: Option<Halo>,
    /// Rotation about `position` in degrees clockwise (0 for horizontal).
    pub rotation_deg: f64,
    /// Extra space after every character in mm (0 for normal spacing).
    pub letter_spacing_mm: f64,
}

impl Text {
    /// Black, regular, start-anchored, unrotated text without halo.
    ///
    /// ```
    /// use ruhrmap::render::{Point, Text, TextAnchor};
    /// let label = Text::new(Point::new(10.0, 20.0), "Essen", 7.0).anchored(TextAnchor::Middle);
    /// assert_eq!(label.content, "Essen");
    /// ```
    pub fn new(position: impl Into<Point>, content: impl Into<String>, size_pt: f64) -> Text {
        Text {
            id: None,
            position: position.into(),
            content: content.into(),
            size_pt,
            weight: FontWeight::Regular,
            anchor: TextAnchor::Start,
            fill: Color::BLACK,
            halo: None,
            rotation_deg: 0.0,
            letter_spacing_mm: 0.0,
        }
    }

    /// The same text with id `id`.
    pub fn with_id(self, id: impl Into<String>) -> Text {
        Text {
            id: Some(id.into()),
            ..self
        }
    }

    /// The same text in bold.
    pub fn bold(self) -> Text {
        Text {
            weight: FontWeight::Bold,
            ..self
        }
    }

    /// The same text with anchor `anchor`.
    pub fn anchored(self, anchor: TextAnchor) -> Text {
        Text { anchor, ..self }
    }

    /// The same text with glyph colour `fill`.
    pub fn colored(self, fill: Color) -> Text {
        Text { fill, ..self }
    }

    /// The same text with a halo of `color`, `width_mm` wide.
    pub fn with_halo(self, color: Color, width_mm: f64) -> Text {
        Text {
            halo: Some(Halo { color, width_mm }),
            ..self
        }
    }

    /// The same text rotated by `degrees` clockwise about its position.
    pub fn rotated(self, degrees: f64) -> Text {
        Text {
            rotation_deg: degrees,
            ..self
        }
    }

    /// The font size in mm.
    pub fn size_mm(&self) -> f64 {
        self.size_pt * MM_PER_PT
    }
}

/// A similarity transform applied to a group: first scale about the group's
/// origin, then translate. Lets a layout draw a map panel in its own
/// coordinates and place it on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    /// Horizontal offset in mm.
    pub translate_x: f64,
    /// Vertical offset in mm.
    pub translate_y: f64,
    /// Uniform scale factor (1 for none).
    pub scale: f64,
}

impl Transform {
    /// A pure translation.
    pub fn translate(x: f64, y: f64) -> Transform {
        Transform {
            translate_x: x,
            translate_y: y,
            scale: 1.0,
        }
    }

    /// Maps a point from group coordinates to the parent's.
    pub fn apply(&self, p: Point) -> Point {
        Point::new(
            p.x * self.scale + self.translate_x,
            p.y * self.scale + self.translate_y,
        )
    }
}

/// A named group of items, e.g. one map panel, one project's links, one
/// legend entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    /// Stable id derived from data (e.g. `panel-P4`, `links-P4`).
    pub id: String,
    /// Optional human-readable label (written as `inkscape:label`).
    pub label: Option<String>,
    /// The items in drawing order (first is drawn first, i.e. lowest).
    pub items: Vec<Item>,
    /// Placement of the group's coordinates in its parent, if not identity.
    pub transform: Option<Transform>,
    /// Clip region in the group's own coordinates: nothing outside it is
    /// drawn (e.g. a map panel's frame).
    pub clip: Option<PathData>,
    /// Opacity of the whole group, 0.0–1.0.
    pub opacity: f64,
}

impl Group {
    /// An empty, unclipped, untransformed, opaque group.
    pub fn new(id: impl Into<String>) -> Group {
        Group {
            id: id.into(),
            opacity: 1.0,
            ..Group::default()
        }
    }

    /// Appends an item.
    pub fn push(&mut self, item: impl Into<Item>) {
        self.items.push(item.into());
    }
}

/// A self-contained SVG fragment placed into a rectangle of the page, e.g. a
/// chart drawn by plotters. It is written as a nested `<svg>` element whose
/// `viewBox` maps the fragment's own units onto the rectangle.
///
/// `markup` is trusted: it must be well-formed SVG element markup (no XML
/// declaration, no DOCTYPE); the chart module produces such fragments.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded {
    /// Stable id.
    pub id: String,
    /// Top-left corner on the page, in mm.
    pub origin: Point,
    /// Width on the page, in mm.
    pub width_mm: f64,
    /// Height on the page, in mm.
    pub height_mm: f64,
    /// Width and height of the fragment's own coordinate system.
    pub view_box: (f64, f64),
    /// The SVG elements (children of the nested `<svg>`).
    pub markup: String,
}

/// One drawable element of a scene.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Polygons, polylines, curves.
    Path(Path),
    /// A circle.
    Circle(Circle),
    /// A rectangle.
    Rect(Rect),
    /// A pie slice or ring segment.
    Wedge(Wedge),
    /// A line of text.
    Text(Text),
    /// A nested group.
    Group(Group),
    /// A trusted SVG fragment (charts).
    Embedded(Embedded),
    /// An area hatched with lines.
    Hatch(Hatch),
}

impl Stroke {
    /// How far the painted stroke can reach beyond the geometry: half the
    /// width, more for square caps, up to twice the width for miter joins
    /// (SVG's default miter limit is 4).
    fn reach(&self) -> f64 {
        match self.join {
            LineJoin::Miter => 2.0 * self.width_mm,
            LineJoin::Round | LineJoin::Bevel => self.width_mm,
        }
        .max(0.0)
    }
}

impl Style {
    fn stroke_reach(&self) -> f64 {
        self.stroke.as_ref().map_or(0.0, Stroke::reach)
    }
}

impl Item {
    /// A box, in the coordinates of the item's parent, outside which the
    /// item paints nothing (geometry plus stroke; generous for miter
    /// joins). `None` for text, whose extent needs font metrics (see
    /// `TextMetrics::ink_bounds`), for groups holding text, and for items
    /// that draw nothing.
    ///
    /// ```
    /// use ruhrmap::render::{Circle, Color, Item, Point, Stroke, Style};
    /// let marker = Item::Circle(Circle {
    ///     id: None,
    ///     center: Point::new(10.0, 10.0),
    ///     radius_mm: 2.0,
    ///     style: Style::fill_and_stroke(Color::BLACK, Stroke::solid(Color::WHITE, 0.5)),
    /// });
    /// let b = marker.extent().unwrap();
    /// assert!(b.x0 <= 7.75 && b.x1 >= 12.25);
    /// ```
    pub fn extent(&self) -> Option<Bounds> {
        match self {
            Item::Path(path) => path
                .data
                .control_bounds()
                .map(|b| b.expanded(path.style.stroke_reach())),
            Item::Circle(c) => {
                let r = c.radius_mm.max(0.0);
                Some(Bounds::from_corners(c.center, c.center).expanded(r + c.style.stroke_reach()))
            }
            Item::Rect(r) => Some(
                Bounds::from_corners(
                    r.origin,
                    Point::new(r.origin.x + r.width_mm, r.origin.y + r.height_mm),
                )
                .expanded(r.style.stroke_reach()),
            ),
            Item::Wedge(w) => {
                let r = w.radius_mm.max(0.0);
                Some(Bounds::from_corners(w.center, w.center).expanded(r + w.style.stroke_reach()))
            }
            Item::Text(_) => None,
            Item::Hatch(h) => h.data.control_bounds(),
            Item::Group(group) => {
                let mut union: Option<Bounds> = None;
                for item in &group.items {
                    let b = item.extent()?;
                    union = Some(union.map_or(b, |u| u.union(&b)));
                }
                let b = union?;
                let b = match &group.clip {
                    Some(clip) => match clip.control_bounds() {
                        Some(c) if b.overlaps(&c) => Bounds {
                            x0: b.x0.max(c.x0),
                            y0: b.y0.max(c.y0),
                            x1: b.x1.min(c.x1),
                            y1: b.y1.min(c.y1),
                        },
                        _ => return None,
                    },
                    None => b,
                };
                Some(match &group.transform {
                    Some(t) => Bounds::from_corners(
                        t.apply(Point::new(b.x0, b.y0)),
                        t.apply(Point::new(b.x1, b.y1)),
                    ),
                    None => b,
                })
            }
            Item::Embedded(e) => Some(Bounds::from_corners(
                e.origin,
                Point::new(e.origin.x + e.width_mm, e.origin.y + e.height_mm),
            )),
        }
    }
}

macro_rules! item_from {
    ($($ty:ident),*) => {$(
        impl From<$ty> for Item {
            fn from(value: $ty) -> Item {
                Item::$ty(value)
            }
        }
    )*};
}
item_from!(Path, Circle, Rect, Wedge, Text, Group, Embedded, Hatch);

/// A layer of the figure (context, sub-regions, links, markers, labels, …),
/// written as an Inkscape layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Stable id (e.g. `links`).
    pub id: String,
    /// Label shown in Inkscape's layer panel (e.g. `Verbindungen`).
    pub label: String,
    /// Items in drawing order.
    pub items: Vec<Item>,
    /// Written only into the interactive HTML page, never into the SVG,
    /// PNG or PDF: invisible shapes that make areas hoverable.
    pub interactive_only: bool,
}

impl Layer {
    /// An empty layer.
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Layer {
        Layer {
            id: id.into(),
            label: label.into(),
            items: Vec::new(),
            interactive_only: false,
        }
    }

    /// Appends an item.
    pub fn push(&mut self, item: impl Into<Item>) {
        self.items.push(item.into());
    }
}

/// A whole figure: page size and ordered layers (first is drawn first).
///
/// ```
/// use ruhrmap::render::{Circle, Color, Layer, Point, Style}; use ruhrmap::Scene;
/// let mut scene = Scene::new(160.0, 120.0);
/// let markers = scene.layer_mut("markers", "Marker");
/// markers.push(Circle {
///     id: Some("P1-coordinator".into()),
///     center: Point::new(80.0, 60.0),
///     radius_mm: 1.5,
///     style: Style::fill(Color::rgb(0x1f, 0x78, 0xb4)),
/// });
/// assert_eq!(scene.layers.len(), 1);
/// // asking again returns the same layer
/// scene.layer_mut("markers", "Marker");
/// assert_eq!(scene.layers.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Page width in mm.
    pub width_mm: f64,
    /// Page height in mm.
    pub height_mm: f64,
    /// Document title (written as `<title>`; not drawn).
    pub title: Option<String>,
    /// Document description (written as `<desc>`; not drawn), e.g. the data source.
    pub description: Option<String>,
    /// Page background, or none for transparent.
    pub background: Option<Color>,
    /// Layers, bottom first.
    pub layers: Vec<Layer>,
    /// How text is written: as text in the embedded font, or as outlines.
    pub text: TextMode,
    /// What the drawn features are (partner, municipality, link, aggregated
    /// symbol), by the raw id of the item that draws them: written as
    /// `data-*` attributes, and what the interactive HTML shows on hover.
    pub features: BTreeMap<String, FeatureInfo>,
}

/// How a scene's text is written into SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextMode {
    /// Real `<text>`, with the subset of the embedded font it uses carried
    /// along as `@font-face`, so browsers draw it exactly as the PNG.
    #[default]
    Font,
    /// Glyph outlines as paths (the words kept in `<title>` and
    /// `aria-label`), for editors and print shops lacking the font.
    Outlines,
}

impl Scene {
    /// An empty page of `width_mm` × `height_mm` with a white background.
    pub fn new(width_mm: f64, height_mm: f64) -> Scene {
        Scene {
            width_mm,
            height_mm,
            title: None,
            description: None,
            background: Some(Color::WHITE),
            layers: Vec::new(),
            text: TextMode::Font,
            features: BTreeMap::new(),
        }
    }

    /// Records what the item with raw id `id` shows (see [`Scene::features`]).
    pub fn describe_feature(&mut self, id: impl Into<String>, info: FeatureInfo) {
        self.features.insert(id.into(), info);
    }

    /// The layer with `id`, appended on top (with `label`) if it does not exist yet.
    pub fn layer_mut(&mut self, id: &str, label: &str) -> &mut Layer {
        match self.layers.iter().position(|l| l.id == id) {
            Some(i) => &mut self.layers[i],
            None => {
                self.layers.push(Layer::new(id, label));
                self.layers.last_mut().expect("just pushed")
            }
        }
    }

    /// The layer with `id`, if present.
    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_parsing_rejects_malformed_text() {
        for bad in [
            "", "#", "#12", "#12345", "#1234567", "123456", "#gg0000", "#+12345",
        ] {
            assert!(Color::from_hex(bad).is_err(), "{bad:?} should be rejected");
        }
        let err = Color::from_hex("blau").unwrap_err();
        assert!(err.to_string().contains("\"blau\""), "{err}");
    }

    #[test]
    fn alpha_round_trips_through_fraction() {
        let c = Color::rgb(1, 2, 3).with_alpha(0.25);
        assert_eq!(c.a, 64);
        assert!((c.alpha() - 64.0 / 255.0).abs() < 1e-12);
        assert_eq!(Color::BLACK.with_alpha(f64::NAN).a, 0);
        assert_eq!(Color::BLACK.with_alpha(7.0).a, 255);
    }

    #[test]
    fn polygon_drops_closing_point_and_degenerate_rings() {
        let ring = [
            Point::new(0.0, 0.0),
            Point::new(1.0, 0.0),
            Point::new(1.0, 1.0),
            Point::new(0.0, 0.0),
        ];
        let sliver = [Point::new(5.0, 5.0), Point::new(6.0, 6.0)];
        let data = PathData::polygon([&ring[..], &sliver[..]]);
        assert_eq!(
            data.segments,
            vec![
                Segment::MoveTo(Point::new(0.0, 0.0)),
                Segment::LineTo(Point::new(1.0, 0.0)),
                Segment::LineTo(Point::new(1.0, 1.0)),
                Segment::Close
            ]
        );
    }

    #[test]
    fn emptiness_ignores_bare_moves() {
        assert!(PathData::new().move_to((1.0, 1.0)).close().is_empty());
        assert!(!PathData::polyline(&[Point::new(0.0, 0.0), Point::new(1.0, 0.0)]).is_empty());
        assert!(PathData::polyline(&[Point::new(0.0, 0.0)]).is_empty());
    }

    #[test]
    fn extents_cover_strokes_transforms_and_clips() {
        let stroke = Stroke::solid(Color::BLACK, 0.5);
        let line = Item::Path(Path {
            id: None,
            data: PathData::polyline(&[Point::new(0.0, 0.0), Point::new(10.0, 0.0)]),
            style: Style::stroke(stroke.clone()),
        });
        let b = line.extent().unwrap();
        assert!(b.y0 <= -0.25 && b.y1 >= 0.25 && b.x0 <= -0.25 && b.x1 >= 10.25);
        let miter = Item::Path(Path {
            id: None,
            data: PathData::polyline(&[Point::new(0.0, 0.0), Point::new(10.0, 0.0)]),
            style: Style::stroke(Stroke {
                join: LineJoin::Miter,
                ..stroke
            }),
        });
        assert!(miter.extent().unwrap().y1 >= 1.0);
        let mut group = Group::new("g");
        group.push(line);
        group.transform = Some(Transform {
            translate_x: 100.0,
            translate_y: 50.0,
            scale: 2.0,
        });
        group.clip = Some(PathData::rect(2.0, -5.0, 3.0, 10.0));
        let b = Item::Group(group.clone()).extent().unwrap();
        assert_eq!((b.x0, b.x1), (104.0, 110.0));
        group.push(Text::new((0.0, 0.0), "x", 8.0));
        assert_eq!(
            Item::Group(group).extent(),
            None,
            "text makes the extent unknown"
        );
        assert_eq!(
            Item::Path(Path {
                id: None,
                data: PathData::new(),
                style: Style::default()
            })
            .extent(),
            None
        );
    }

    #[test]
    fn transform_scales_then_translates() {
        let t = Transform {
            translate_x: 10.0,
            translate_y: 5.0,
            scale: 2.0,
        };
        assert_eq!(t.apply(Point::new(1.0, 2.0)), Point::new(12.0, 9.0));
    }

    #[test]
    fn layer_mut_keeps_order_of_first_request() {
        let mut scene = Scene::new(100.0, 50.0);
        scene.layer_mut("a", "A");
        scene.layer_mut("b", "B");
        scene
            .layer_mut("a", "ignored")
            .push(Text::new((0.0, 0.0), "x", 8.0));
        let ids: Vec<_> = scene.layers.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(scene.layer("a").unwrap().label, "A");
        assert_eq!(scene.layer("a").unwrap().items.len(), 1);
    }
}
