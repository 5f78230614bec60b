//! The legend: sections of symbol–label rows, laid out to a given width.
//!
//! A legend explains exactly the symbols a figure uses; the figure builders
//! decide which entries exist (roles present, link kinds drawn, sub-region
//! classes shown), this module only arranges them. Sections flow from left
//! to right and wrap to a new row when the width is used up; within a
//! section entries fill columns top to bottom.

use crate::render::fonts::TextMetrics;
use crate::render::scene::{Bounds, Color, FontWeight, Group, Item, Point, Text, Transform};

/// One row of a legend: a symbol and its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// Symbol items, drawn in a box of `symbol_width` × `symbol_height` mm
    /// whose centre is the origin (0, 0).
    pub symbol: Vec<Item>,
    /// Width of the symbol box (mm).
    pub symbol_width: f64,
    /// Height of the symbol box (mm).
    pub symbol_height: f64,
    /// The explanation.
    pub label: String,
}

/// A titled group of legend entries.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendSection {
    /// Stable id (e.g. `legend-roles`).
    pub id: String,
    /// Heading, or none.
    pub title: Option<String>,
    /// Rows.
    pub entries: Vec<LegendEntry>,
    /// Number of columns the entries are spread over (fewer when the legend is too narrow).
    pub columns: usize,
}

/// Typography and spacing of a legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegendStyle {
    /// Entry text size (pt).
    pub font_pt: f64,
    /// Section title size (pt).
    pub title_pt: f64,
    /// Space between symbol and label (mm).
    pub symbol_gap: f64,
    /// Extra space between rows (mm).
    pub row_gap: f64,
    /// Space between columns of one section (mm).
    pub column_gap: f64,
    /// Space between sections (mm).
    pub section_gap: f64,
    /// Text colour.
    pub ink: Color,
}

impl LegendStyle {
    /// Default spacing for labels of `font_pt`.
    pub fn new(font_pt: f64) -> LegendStyle {
        LegendStyle {
            font_pt,
            title_pt: font_pt,
            symbol_gap: 1.2,
            row_gap: 0.45,
            column_gap: 3.0,
            section_gap: 4.0,
            ink: Color::rgb(0x22, 0x22, 0x22),
        }
    }
}

/// A laid-out legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    /// All legend items.
    pub group: Group,
    /// The area covered (mm).
    pub bounds: Bounds,
}

struct SectionBox {
    width: f64,
    height: f64,
    items: Vec<Item>,
}

fn layout_section(
    section: &LegendSection,
    columns: usize,
    style: &LegendStyle,
    metrics: &TextMetrics,
) -> SectionBox {
    let mut items: Vec<Item> = Vec::new();
    let descent = metrics.descent_mm(style.font_pt, FontWeight::Regular);
    let cap = metrics.cap_height_mm(style.font_pt, FontWeight::Regular);
    // rows as tall as capitals plus descenders, a little air: legends are read row by row
    let line_h = (cap + descent) * 1.12;
    let mut y = 0.0;
    let mut width: f64 = 0.0;
    if let Some(title) = &section.title {
        // baseline one cap height down: the title's capitals start at the section's top
        let t_ascent = metrics.cap_height_mm(style.title_pt, FontWeight::Bold);
        let t = Text::new(Point::new(0.0, t_ascent), title.clone(), style.title_pt)
            .bold()
            .colored(style.ink);
        width = width.max(metrics.advance_mm(title, style.title_pt, FontWeight::Bold));
        items.push(t.into());
        y += t_ascent + metrics.descent_mm(style.title_pt, FontWeight::Bold) + style.row_gap;
    }
    let columns = columns.max(1);
    let per_column = section.entries.len().div_ceil(columns);
    let symbol_w = section
        .entries
        .iter()
        .map(|e| e.symbol_width)
        .fold(0.0, f64::max);
    let mut x = 0.0;
    let mut max_bottom = y;
    for column in section.entries.chunks(per_column.max(1)) {
        let mut cy = y;
        let mut col_w: f64 = 0.0;
        for entry in column {
            let row_h = line_h.max(entry.symbol_height);
            let mid = cy + row_h / 2.0;
            let mut g = Group::new(format!("{}-{}", section.id, items.len()));
            g.items = entry.symbol.clone();
            g.transform = Some(Transform::translate(x + symbol_w / 2.0, mid));
            items.push(g.into());
            // label's capitals centred on the symbol
            let label = Text::new(
                Point::new(x + symbol_w + style.symbol_gap, mid + cap / 2.0),
                entry.label.clone(),
                style.font_pt,
            )
            .colored(style.ink);
            col_w = col_w.max(
                symbol_w
                    + style.symbol_gap
                    + metrics.advance_mm(&entry.label, style.font_pt, FontWeight::Regular),
            );
            items.push(label.into());
            cy += row_h + style.row_gap;
        }
        max_bottom = max_bottom.max(cy - style.row_gap);
        x += col_w + style.column_gap;
    }
    width = width.max(x - style.column_gap);
    SectionBox {
        width,
        height: max_bottom,
        items,
    }
}

/// Lays out `sections` starting at `origin` (top-left, mm) within `max_width` mm.
///
/// ```
/// use ruhrmap::render::{Circle, Color, layout_legend, LegendEntry, LegendSection, LegendStyle, Point, Style, TextMetrics};
/// let dot = Circle { id: None, center: Point::new(0.0, 0.0), radius_mm: 1.0, style: Style::fill(Color::BLACK) };
/// let section = LegendSection {
///     id: "legend-roles".into(), title: Some("Akteure".into()), columns: 1,
///     entries: vec![LegendEntry { symbol: vec![dot.into()], symbol_width: 3.0, symbol_height: 2.0, label: "Projektkoordination".into() }],
/// };
/// let legend = layout_legend(&[section], Point::new(10.0, 20.0), 100.0, &LegendStyle::new(7.0), TextMetrics::embedded());
/// assert!(legend.bounds.x0 >= 10.0 && legend.bounds.y0 >= 20.0);
/// assert!(legend.bounds.width() < 100.0);
/// ```
pub fn layout_legend(
    sections: &[LegendSection],
    origin: Point,
    max_width: f64,
    style: &LegendStyle,
    metrics: &TextMetrics,
) -> Legend {
    // each section uses as many of its columns as fit the width
    let boxes: Vec<SectionBox> = sections
        .iter()
        .map(|s| {
            let mut columns = s.columns.max(1);
            loop {
                let b = layout_section(s, columns, style, metrics);
                if b.width <= max_width || columns == 1 {
                    return b;
                }
                columns -= 1;
            }
        })
        .collect();
    let mut group = Group::new("legend");
    group.label = Some("Legende".to_string());
    let (mut x, mut y, mut row_h) = (0.0_f64, 0.0_f64, 0.0_f64);
    let mut bounds: Option<Bounds> = None;
    for (section, b) in sections.iter().zip(boxes) {
        if x > 0.0 && x + b.width > max_width {
            x = 0.0;
            y += row_h + style.section_gap * 0.45;
            row_h = 0.0;
        }
        let mut g = Group::new(section.id.clone());
        g.items = b.items;
        g.transform = Some(Transform::translate(origin.x + x, origin.y + y));
        let sb = Bounds {
            x0: origin.x + x,
            y0: origin.y + y,
            x1: origin.x + x + b.width,
            y1: origin.y + y + b.height,
        };
        bounds = Some(bounds.map_or(sb, |a| a.union(&sb)));
        group.push(g);
        x += b.width + style.section_gap;
        row_h = row_h.max(b.height);
    }
    Legend {
        group,
        bounds: bounds.unwrap_or(Bounds {
            x0: origin.x,
            y0: origin.y,
            x1: origin.x,
            y1: origin.y,
        }),
    }
}

/// The size the legend would take (width, height in mm) within `max_width`.
pub fn measure_legend(
    sections: &[LegendSection],
    max_width: f64,
    style: &LegendStyle,
    metrics: &TextMetrics,
) -> (f64, f64) {
    let l = layout_legend(sections, Point::new(0.0, 0.0), max_width, style, metrics);
    (l.bounds.width(), l.bounds.height())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::{Circle, Style};

    fn section(id: &str, n: usize, columns: usize) -> LegendSection {
        let dot = Circle {
            id: None,
            center: Point::new(0.0, 0.0),
            radius_mm: 1.0,
            style: Style::fill(Color::BLACK),
        };
        LegendSection {
            id: id.into(),
            title: Some(format!("Titel {id}")),
            columns,
            entries: (0..n)
                .map(|k| LegendEntry {
                    symbol: vec![dot.clone().into()],
                    symbol_width: 3.0,
                    symbol_height: 2.0,
                    label: format!("Eintrag {k}"),
                })
                .collect(),
        }
    }

    #[test]
    fn sections_wrap_when_the_width_is_used_up() {
        let m = TextMetrics::embedded();
        let style = LegendStyle::new(7.0);
        let wide = layout_legend(
            &[section("a", 3, 1), section("b", 3, 1)],
            Point::new(0.0, 0.0),
            200.0,
            &style,
            m,
        );
        let narrow = layout_legend(
            &[section("a", 3, 1), section("b", 3, 1)],
            Point::new(0.0, 0.0),
            25.0,
            &style,
            m,
        );
        assert!(narrow.bounds.height() > wide.bounds.height() * 1.5);
        assert!(narrow.bounds.width() < wide.bounds.width());
    }

    #[test]
    fn columns_give_way_to_a_narrow_width() {
        let m = TextMetrics::embedded();
        let style = LegendStyle::new(7.0);
        let wide = layout_legend(
            &[section("a", 6, 3)],
            Point::new(0.0, 0.0),
            200.0,
            &style,
            m,
        );
        let narrow = layout_legend(
            &[section("a", 6, 3)],
            Point::new(0.0, 0.0),
            wide.bounds.width() - 1.0,
            &style,
            m,
        );
        assert!(narrow.bounds.width() <= wide.bounds.width() - 1.0);
        assert!(narrow.bounds.height() > wide.bounds.height());
    }

    #[test]
    fn columns_shorten_a_section() {
        let m = TextMetrics::embedded();
        let style = LegendStyle::new(7.0);
        let one = layout_legend(
            &[section("a", 6, 1)],
            Point::new(0.0, 0.0),
            200.0,
            &style,
            m,
        );
        let two = layout_legend(
            &[section("a", 6, 2)],
            Point::new(0.0, 0.0),
            200.0,
            &style,
            m,
        );
        assert!(two.bounds.height() < one.bounds.height());
        assert!(two.bounds.width() > one.bounds.width());
    }
}
