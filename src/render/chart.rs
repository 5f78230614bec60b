//! Bar charts beside a map (e.g. partners per sub-region), drawn with
//! plotters' SVG backend and embedded into the scene as an [`Embedded`]
//! fragment, so the chart appears in SVG, PNG and PDF alike and uses the
//! same embedded font as the map.
//!
//! plotters lays out in whole pixels; the chart is therefore drawn on a
//! canvas of 0.1 mm units and scaled onto the page by the fragment's
//! `viewBox`, which keeps bars and ticks precise to 0.1 mm. Label areas are
//! sized with [`TextMetrics`] instead of plotters' rough estimate.

use crate::render::fonts::{FONT_FAMILY_CSS, TextMetrics};
use crate::render::scene::{Color, Embedded, FontWeight, MM_PER_PT, Point};
use crate::text::displayed_text;
use plotters::prelude::*;
use plotters::style::Color as _;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Canvas units per millimetre.
const UNITS_PER_MM: f64 = 10.0;
/// plotters' SVG backend writes `font-size` as the given size divided by this.
const PLOTTERS_FONT_FACTOR: f64 = 1.24;
/// Narrowest plot area beside the labels (mm).
const MIN_PLOT_WIDTH: f64 = 5.0;
/// Stroke of the count axis (mm).
const AXIS_STROKE: f64 = 0.2;
/// Stroke of the vertical grid lines (mm).
const GRID_STROKE: f64 = 0.15;
/// Length of the axis ticks (mm).
const TICK_LENGTH: f64 = 0.8;

/// One bar: a category, its count and its colour (e.g. the sub-region fill).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Category label shown left of the bar.
    pub label: String,
    /// The count the bar shows.
    pub count: u32,
    /// Bar fill.
    pub color: Color,
}

/// A horizontal bar chart: categories top to bottom in the given order.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Stable id of the embedded fragment (e.g. `chart-partners-per-subregion`).
    pub id: String,
    /// Optional title above the chart (e.g. "Partner:innen je Teilraum").
    pub title: Option<String>,
    /// Optional description of the value axis (e.g. "Anzahl").
    pub value_label: Option<String>,
    /// The bars, drawn top to bottom.
    pub bars: Vec<Bar>,
    /// Size of all chart text in pt.
    pub font_size_pt: f64,
    /// Colour of axes, ticks and text.
    pub ink: Color,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The chart has no bars.
    #[error("bar chart '{id}' has no bars: give at least one category")]
    NoBars {
        /// The chart's id.
        id: String,
    },
    /// The area or font size is not positive and finite, or too small for the labels.
    #[error("bar chart '{id}' does not fit: {reason}")]
    DoesNotFit {
        /// The chart's id.
        id: String,
        /// What is too small.
        reason: String,
    },
    /// plotters failed to draw.
    #[error("bar chart '{id}' could not be drawn: {source}")]
    Draw {
        /// The chart's id.
        id: String,
        /// plotters' reason.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// A round upper end for the count axis: 1, 2 or 5 times a power of ten,
/// at least `max` and at least 1.
fn axis_end(max: u32) -> u32 {
    let mut magnitude = 1u32;
    loop {
        for step in [1u32, 2, 5] {
            match step.checked_mul(magnitude) {
                Some(end) if end >= max => return end.max(1),
                Some(_) => {}
                None => return max,
            }
        }
        magnitude = match magnitude.checked_mul(10) {
            Some(m) => m,
            None => return max,
        };
    }
}

fn rgb(color: Color) -> RGBAColor {
    RGBColor(color.r, color.g, color.b).mix(color.alpha())
}

/// Draws `chart` into the page rectangle at `origin`, `width_mm` ×
/// `height_mm`, as a fragment to push into a scene layer.
///
/// ```
/// use ruhrmap::render::{Bar, bar_chart, BarChart, Color, Point};
/// let chart = BarChart {
///     id: "chart-partners".into(),
///     title: Some("Partner:innen je Teilraum".into()),
///     value_label: None,
///     bars: vec![
///         Bar { label: "Westliches Ruhrgebiet".into(), count: 12, color: Color::rgb(0x1b, 0x9e, 0x77) },
///         Bar { label: "Östliches Ruhrgebiet".into(), count: 7, color: Color::rgb(0xd9, 0x5f, 0x02) },
///     ],
///     font_size_pt: 7.0,
///     ink: Color::rgb(0x33, 0x33, 0x33),
/// };
/// let fragment = bar_chart(&chart, Point::new(100.0, 10.0), 55.0, 30.0).unwrap();
/// assert_eq!(fragment.view_box, (550.0, 300.0));
/// assert!(fragment.markup.contains("Östliches Ruhrgebiet"));
/// assert!(!fragment.markup.contains("<svg"));
/// ```
pub fn bar_chart(
    chart: &BarChart,
    origin: Point,
    width_mm: f64,
    height_mm: f64,
) -> Result<Embedded, ChartError> {
    let does_not_fit = |reason: String| ChartError::DoesNotFit {
        id: chart.id.clone(),
        reason,
    };
    if chart.bars.is_empty() {
        return Err(ChartError::NoBars {
            id: chart.id.clone(),
        });
    }
    let positive = |v: f64| v.is_finite() && v > 0.0;
    if !positive(width_mm) || !positive(height_mm) || !positive(chart.font_size_pt) {
        return Err(does_not_fit(format!(
            "size {width_mm} × {height_mm} mm, font {} pt: expected positive numbers",
            chart.font_size_pt
        )));
    }
    let metrics = TextMetrics::embedded();
    let font_mm = chart.font_size_pt * MM_PER_PT;
    let labels: Vec<String> = chart
        .bars
        .iter()
        .map(|b| displayed_text(&b.label).into_owned())
        .collect();
    let widest_label = labels
        .iter()
        .map(|l| metrics.advance_mm(l, chart.font_size_pt, FontWeight::Regular))
        .fold(0.0, f64::max);
    let max_count = chart.bars.iter().map(|b| b.count).max().unwrap_or(0);
    let end = axis_end(max_count);
    let widest_value =
        metrics.advance_mm(&end.to_string(), chart.font_size_pt, FontWeight::Regular);

    let title_mm = if chart.title.is_some() {
        font_mm * 2.0
    } else {
        0.0
    };
    let axis_mm = font_mm
        * if chart.value_label.is_some() {
            3.0
        } else {
            1.8
        };
    let label_area_mm = widest_label + font_mm * 0.8;
    let right_mm = widest_value + font_mm * 0.9;
    let plot_width = width_mm - label_area_mm - right_mm;
    let plot_height = height_mm - title_mm - axis_mm;
    if plot_width < MIN_PLOT_WIDTH || plot_height < font_mm * chart.bars.len() as f64 {
        return Err(does_not_fit(format!(
            "{} bars with labels up to {widest_label:.1} mm wide need more than {width_mm} × {height_mm} mm",
            chart.bars.len()
        )));
    }

    let canvas = (units(width_mm), units(height_mm));
    let areas = ChartAreas {
        canvas,
        font_mm,
        title_mm,
        axis_mm,
        label_area_mm,
        right_mm,
        end,
    };
    let mut svg = String::new();
    draw_bars(chart, &labels, &areas, &mut svg).map_err(|source| ChartError::Draw {
        id: chart.id.clone(),
        source,
    })?;
    let markup = inner_markup(&svg).ok_or_else(|| ChartError::Draw {
        id: chart.id.clone(),
        source: "plotters produced no <svg> element".into(),
    })?;
    let markup = markup.replace(
        "font-family=\"sans-serif\"",
        &format!("font-family=\"{FONT_FAMILY_CSS}\""),
    );
    Ok(Embedded {
        id: chart.id.clone(),
        origin,
        width_mm,
        height_mm,
        view_box: (f64::from(canvas.0), f64::from(canvas.1)),
        markup,
    })
}

/// The sizes a chart is drawn with, in mm unless said otherwise.
#[derive(Debug, Clone, Copy)]
struct ChartAreas {
    /// Canvas size in units.
    canvas: (u32, u32),
    font_mm: f64,
    title_mm: f64,
    axis_mm: f64,
    label_area_mm: f64,
    right_mm: f64,
    /// Upper end of the count axis.
    end: u32,
}

/// Canvas units for `mm`.
fn units(mm: f64) -> u32 {
    (mm * UNITS_PER_MM).round().max(0.0) as u32
}

/// Draws the chart with plotters into `svg`: title, axis and mesh, bars,
/// category labels left of the rows and counts right of the bars.
fn draw_bars(
    chart: &BarChart,
    labels: &[String],
    areas: &ChartAreas,
    svg: &mut String,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let ChartAreas {
        canvas,
        font_mm,
        title_mm,
        axis_mm,
        label_area_mm,
        right_mm,
        end,
    } = *areas;
    let font = |weight: FontWeight| {
        let size = font_mm * UNITS_PER_MM * PLOTTERS_FONT_FACTOR;
        let style = if weight == FontWeight::Bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let mut text = TextStyle::from((FontFamily::SansSerif, size, style).into_font());
        text.color = rgb(chart.ink).to_backend_color();
        text
    };
    let root = SVGBackend::with_string(svg, canvas).into_drawing_area();
    let (title_area, chart_area) = root.split_vertically(units(title_mm));
    if let Some(title) = &chart.title {
        let style = font(FontWeight::Bold).pos(Pos::new(HPos::Left, VPos::Top));
        title_area.draw(&Text::new(
            displayed_text(title).into_owned(),
            (0, 0),
            style,
        ))?;
    }
    let n = chart.bars.len();
    // bar i fills the row [n-1-i, n-i] of a continuous category axis, so
    // the first bar is on top; labels are drawn by hand beside the rows
    let row = |i: usize| (n - 1 - i) as f64;
    let mut context = ChartBuilder::on(&chart_area)
        .margin_right(units(right_mm))
        .margin_top(units(font_mm * 0.3))
        .x_label_area_size(units(axis_mm))
        .y_label_area_size(units(label_area_mm))
        .build_cartesian_2d(0u32..end, 0.0..n as f64)?;
    let light = rgb(chart.ink).mix(0.18 * chart.ink.alpha());
    let mut mesh = context.configure_mesh();
    mesh.disable_y_mesh()
        .x_labels(6)
        .y_labels(0)
        .x_label_formatter(&|v| v.to_string())
        .label_style(font(FontWeight::Regular))
        .axis_style(ShapeStyle::from(rgb(chart.ink)).stroke_width(units(AXIS_STROKE).max(1)))
        .bold_line_style(ShapeStyle::from(light).stroke_width(units(GRID_STROKE).max(1)))
        .light_line_style(TRANSPARENT)
        .set_all_tick_mark_size(units(TICK_LENGTH));
    if let Some(value_label) = &chart.value_label {
        mesh.x_desc(displayed_text(value_label).into_owned())
            .axis_desc_style(font(FontWeight::Regular));
    }
    mesh.draw()?;
    context.draw_series(chart.bars.iter().enumerate().map(|(i, bar)| {
        let (bottom, top) = (row(i) + 0.14, row(i) + 0.86);
        Rectangle::new([(0, bottom), (bar.count, top)], rgb(bar.color).filled())
    }))?;
    let gap = units(font_mm * 0.4) as i32;
    let label_style = font(FontWeight::Regular).pos(Pos::new(HPos::Right, VPos::Center));
    context.draw_series(labels.iter().enumerate().map(|(i, label)| {
        EmptyElement::at((0, row(i) + 0.5))
            + Text::new(label.clone(), (-gap, 0), label_style.clone())
    }))?;
    let value_style = font(FontWeight::Regular).pos(Pos::new(HPos::Left, VPos::Center));
    context.draw_series(chart.bars.iter().enumerate().map(|(i, bar)| {
        // the count sits a small gap right of its bar's end
        EmptyElement::at((bar.count, row(i) + 0.5))
            + Text::new(bar.count.to_string(), (gap * 3 / 4, 0), value_style.clone())
    }))?;
    root.present()?;
    Ok(())
}

/// What is inside the outer `<svg>` element of plotters' output.
fn inner_markup(svg: &str) -> Option<String> {
    let start = svg
        .find("<svg")
        .and_then(|s| svg[s..].find('>').map(|e| s + e + 1))?;
    let end = svg.rfind("</svg>")?;
    (start <= end).then(|| svg[start..end].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(labels: &[(&str, u32)]) -> BarChart {
        BarChart {
            id: "chart".into(),
            title: Some("Partner:innen <je> Teilraum".into()),
            value_label: Some("Anzahl".into()),
            bars: labels
                .iter()
                .map(|&(label, count)| Bar {
                    label: label.into(),
                    count,
                    color: Color::rgb(0x1b, 0x9e, 0x77),
                })
                .collect(),
            font_size_pt: 7.0,
            ink: Color::rgb(0x33, 0x33, 0x33),
        }
    }

    #[test]
    fn axis_ends_are_round() {
        let ends: Vec<u32> = [0, 1, 3, 7, 10, 11, 23, 51, 199]
            .iter()
            .map(|&m| axis_end(m))
            .collect();
        assert_eq!(ends, [1, 1, 5, 10, 10, 20, 50, 100, 200]);
        assert_eq!(axis_end(u32::MAX), u32::MAX);
    }

    #[test]
    fn labels_are_escaped_and_ordered_top_to_bottom() {
        let fragment = bar_chart(
            &chart(&[("Nord & Süd", 3), ("<script>", 9)]),
            Point::new(0.0, 0.0),
            60.0,
            30.0,
        )
        .unwrap();
        assert!(fragment.markup.contains("Nord &amp; Süd"));
        assert!(fragment.markup.contains("&lt;script&gt;"));
        assert!(!fragment.markup.contains("<script"));
        assert!(fragment.markup.contains("&lt;je&gt;"));
        let first = fragment.markup.find("Nord &amp; Süd").unwrap();
        let second = fragment.markup.find("&lt;script&gt;").unwrap();
        let y_of = |at: usize| -> i64 {
            let tag = &fragment.markup[..at];
            let y = tag.rfind(" y=\"").unwrap() + 4;
            tag[y..].split('"').next().unwrap().parse().unwrap()
        };
        assert!(
            y_of(first) < y_of(second),
            "first bar is drawn above the second"
        );
        assert!(
            fragment
                .markup
                .contains(&format!("font-family=\"{FONT_FAMILY_CSS}\""))
        );
        assert!(!fragment.markup.contains("font-family=\"sans-serif\""));
    }

    #[test]
    fn impossible_charts_are_errors() {
        assert!(matches!(
            bar_chart(&chart(&[]), Point::default(), 60.0, 30.0),
            Err(ChartError::NoBars { .. })
        ));
        let tiny = bar_chart(
            &chart(&[("Westliches Ruhrgebiet", 1)]),
            Point::default(),
            20.0,
            30.0,
        );
        assert!(
            matches!(tiny, Err(ChartError::DoesNotFit { .. })),
            "{tiny:?}"
        );
        let nan = bar_chart(&chart(&[("a", 1)]), Point::default(), f64::NAN, 30.0);
        assert!(matches!(nan, Err(ChartError::DoesNotFit { .. })));
    }

    #[test]
    fn control_characters_in_labels_do_not_reach_the_markup() {
        let fragment = bar_chart(
            &chart(&[("Bo\u{1}chum\nMitte", 2)]),
            Point::default(),
            60.0,
            30.0,
        )
        .unwrap();
        assert!(fragment.markup.contains("Bochum Mitte"));
        assert!(!fragment.markup.contains('\u{1}'));
    }
}
