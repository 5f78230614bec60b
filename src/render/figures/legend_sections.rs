//! The legend sections every figure kind shows the same way: the
//! sub-region fills and the boundaries of the base map, and the wording for
//! the region and what lies outside it.

use crate::render::figures::base_map::BorderDetail;
use crate::render::figures::dimensions::{
    AREA_PATCH, AREA_SLOT_W, BOUNDARY_LINE_HALF, BOUNDARY_SLOT_H, KREIS_BORDER_STROKE,
    PATCH_SLOT_H, REGION_OUTLINE_STROKE,
};
use crate::render::figures::figure::FigureInputs;
use crate::render::layout::{LegendEntry, LegendSection};
use crate::render::scene::{Color, Item, Path, PathData, Point, Rect, Stroke, Style};
use crate::render::symbology::{self as sym, FILL_OPACITY};
use crate::text::Lang;

/// A filled `[width, height]` rectangle centred on the legend symbol's origin.
pub(crate) fn centred_patch(size: [f64; 2], style: Style) -> Item {
    Item::Rect(Rect {
        id: None,
        origin: Point::new(-size[0] / 2.0, -size[1] / 2.0),
        width_mm: size[0],
        height_mm: size[1],
        corner_radius_mm: 0.0,
        style,
    })
}

/// The legend section naming the sub-region fills of the base map, if the
/// mapping has classes. Every figure that shades by sub-region shows it.
pub(crate) fn subregions_section(inputs: &FigureInputs, lang: Lang) -> Option<LegendSection> {
    let classes: Vec<LegendEntry> = inputs
        .subregions
        .classes()
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let fill = Color::from_hex(&c.fill).unwrap_or(sym::UNCLASSED_FILL);
            let mut patch = centred_patch(AREA_PATCH, Style::fill(sym::tint(fill, FILL_OPACITY)));
            // named like the base map's areas, so greyscale print hatches both alike
            if let Item::Rect(rect) = &mut patch {
                rect.id = Some(format!("legend-class-{k}"));
            }
            LegendEntry {
                symbol: vec![patch],
                symbol_width: AREA_SLOT_W,
                symbol_height: PATCH_SLOT_H,
                label: c.label(lang).to_string(),
            }
        })
        .collect();
    if classes.is_empty() {
        return None;
    }
    let columns = if classes.len() > 3 { 2 } else { 1 };
    Some(LegendSection {
        id: "legend-subregions".into(),
        title: Some(lang.pick("Teilräume", "Sub-regions").into()),
        entries: classes,
        columns,
    })
}

/// The legend section explaining the base map: region outline, the grey
/// borders inside it (Kreise, or Länder at national extent), and the grey
/// context when the map shows any (`context`).
pub(crate) fn boundaries_section(
    inputs: &FigureInputs,
    lang: Lang,
    detail: BorderDetail,
    context: bool,
) -> LegendSection {
    let line = |stroke: Stroke| LegendEntry {
        symbol: vec![Item::Path(Path {
            id: None,
            data: PathData::new()
                .move_to(Point::new(-BOUNDARY_LINE_HALF, 0.0))
                .line_to(Point::new(BOUNDARY_LINE_HALF, 0.0)),
            style: Style::stroke(stroke),
        })],
        symbol_width: AREA_SLOT_W,
        symbol_height: BOUNDARY_SLOT_H,
        label: String::new(),
    };
    let mut entries = vec![
        LegendEntry {
            label: region_name(inputs, lang),
            ..line(Stroke::solid(sym::REGION_OUTLINE, REGION_OUTLINE_STROKE))
        },
        LegendEntry {
            label: match detail {
                BorderDetail::Laender => lang.pick("Länder", "Länder (states)"),
                _ => lang.pick("Kreise", "districts"),
            }
            .into(),
            ..line(Stroke::solid(sym::KREIS_BORDER, KREIS_BORDER_STROKE))
        },
        LegendEntry {
            symbol: vec![centred_patch(AREA_PATCH, Style::fill(sym::CONTEXT_FILL))],
            symbol_width: AREA_SLOT_W,
            symbol_height: PATCH_SLOT_H,
            label: lang
                .pick("Gemeinden außerhalb", "municipalities outside")
                .into(),
        },
    ];
    if !context {
        entries.pop();
    }
    LegendSection {
        id: "legend-boundaries".into(),
        title: Some(lang.pick("Grenzen", "Boundaries").into()),
        entries,
        columns: 3,
    }
}

/// The region's name for the legend ("Ruhrgebiet" for the Regionalverband Ruhr).
pub(crate) fn region_name(inputs: &FigureInputs, lang: Lang) -> String {
    if inputs.region.name() == crate::boundaries::RUHR_NAME {
        lang.pick("Ruhrgebiet (RVR)", "Ruhr (RVR)").to_string()
    } else {
        inputs.region.name().to_string()
    }
}

/// "außerhalb des Ruhrgebiets", for chart categories.
pub(crate) fn outside_short(inputs: &FigureInputs, lang: Lang) -> String {
    if inputs.region.name() == crate::boundaries::RUHR_NAME {
        lang.pick("außerhalb des Ruhrgebiets", "outside the Ruhr")
            .to_string()
    } else {
        match lang {
            Lang::De => format!("außerhalb der Region {}", inputs.region.name()),
            Lang::En => format!("outside {}", inputs.region.name()),
        }
    }
}

/// "außerhalb des Ruhrgebiets: Anzahl × Ort".
pub(crate) fn outside_label(inputs: &FigureInputs, lang: Lang) -> String {
    if inputs.region.name() == crate::boundaries::RUHR_NAME {
        lang.pick(
            "außerhalb des Ruhrgebiets (Anzahl × Ort)",
            "outside the Ruhr (count × place)",
        )
        .to_string()
    } else {
        match lang {
            Lang::De => format!(
                "außerhalb der Region {} (Anzahl × Ort)",
                inputs.region.name()
            ),
            Lang::En => format!("outside {} (count × place)", inputs.region.name()),
        }
    }
}
