//! One scene, three files: the SVG is written from the scene, and PNG and
//! PDF are made from that very SVG (parsed once), so the three outputs can
//! never disagree. Files are written atomically.

use crate::files::{WriteError, write_bytes_atomically};
use crate::render::pdf::{PdfError, tree_to_pdf};
use crate::render::raster::{PRINT_DPI, RasterError, encode_png, rasterize};
use crate::render::scene::Scene;
use crate::render::svg::parse_svg;
use crate::render::svg::{SvgError, write_svg};
use std::path::{Path, PathBuf};

/// Which files to produce besides the SVG, which is always made (it is the
/// master the others are derived from).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutputFormats {
    /// Write `<stem>.svg`.
    pub svg: bool,
    /// Write `<stem>.png` at this resolution in dpi, if set.
    pub png_dpi: Option<f64>,
    /// Write `<stem>.pdf`.
    pub pdf: bool,
}

impl Default for OutputFormats {
    /// SVG, PNG at 300 dpi and PDF.
    fn default() -> OutputFormats {
        OutputFormats {
            svg: true,
            png_dpi: Some(PRINT_DPI),
            pdf: true,
        }
    }
}

/// A figure rendered in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureOutputs {
    /// The SVG document.
    pub svg: String,
    /// The PNG file, if asked for.
    pub png: Option<Vec<u8>>,
    /// The PDF file, if asked for.
    pub pdf: Option<Vec<u8>>,
}

/// Why a figure could not be rendered or written. Each variant names the figure.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The scene could not be written as SVG.
    #[error("figure '{figure}': {source}")]
    Svg {
        /// The figure's name.
        figure: String,
        /// The writer's reason.
        #[source]
        source: SvgError,
    },
    /// The SVG could not be rasterised to PNG.
    #[error("figure '{figure}': {source}")]
    Png {
        /// The figure's name.
        figure: String,
        /// The rasteriser's reason.
        #[source]
        source: RasterError,
    },
    /// The SVG could not be converted to PDF.
    #[error("figure '{figure}': {source}")]
    Pdf {
        /// The figure's name.
        figure: String,
        /// The converter's reason.
        #[source]
        source: PdfError,
    },
    /// An output file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Renders `scene` to SVG and, as asked, PNG and PDF; `figure` names it in
/// error messages. PNG and PDF are produced in parallel from one parse of
/// the SVG.
///
/// ```
/// use ruhrmap::render::{OutputFormats, render_outputs, Text}; use ruhrmap::Scene;
/// let mut scene = Scene::new(60.0, 30.0);
/// scene.layer_mut("labels", "Beschriftung").push(Text::new((5.0, 15.0), "Bochum", 9.0));
/// let formats = OutputFormats { svg: true, png_dpi: Some(100.0), pdf: true };
/// let figure = render_outputs(&scene, &formats, "demo").unwrap();
/// assert!(figure.svg.contains(">Bochum</text>"));
/// assert!(figure.png.unwrap().starts_with(b"\x89PNG"));
/// assert!(figure.pdf.unwrap().starts_with(b"%PDF"));
/// ```
pub fn render_outputs(
    scene: &Scene,
    formats: &OutputFormats,
    figure: &str,
) -> Result<FigureOutputs, OutputError> {
    let name = || figure.to_string();
    let svg = write_svg(scene).map_err(|source| OutputError::Svg {
        figure: name(),
        source,
    })?;
    if formats.png_dpi.is_none() && !formats.pdf {
        return Ok(FigureOutputs {
            svg,
            png: None,
            pdf: None,
        });
    }
    let tree = parse_svg(&svg).map_err(|e| OutputError::Png {
        figure: name(),
        source: e.into(),
    })?;
    let (png, pdf) = rayon::join(
        || {
            formats
                .png_dpi
                .map(|dpi| rasterize(&tree, dpi).and_then(|pixmap| encode_png(&pixmap, dpi)))
                .transpose()
        },
        || formats.pdf.then(|| tree_to_pdf(&tree)).transpose(),
    );
    let png = png.map_err(|source| OutputError::Png {
        figure: name(),
        source,
    })?;
    let pdf = pdf.map_err(|source| OutputError::Pdf {
        figure: name(),
        source,
    })?;
    Ok(FigureOutputs { svg, png, pdf })
}

/// Renders `scene` and writes `<dir>/<stem>.svg`, `.png` and `.pdf` as
/// asked, each atomically; returns the paths written, in that order.
/// Nothing is written unless every format rendered.
///
/// ```
/// use ruhrmap::render::{OutputFormats, write_outputs}; use ruhrmap::Scene;
/// let dir = tempfile::tempdir().unwrap();
/// let formats = OutputFormats { png_dpi: Some(50.0), ..OutputFormats::default() };
/// let written = write_outputs(&Scene::new(40.0, 20.0), &formats, dir.path(), "fig1").unwrap();
/// let names: Vec<_> = written.iter().map(|p| p.file_name().unwrap().to_str().unwrap()).collect();
/// assert_eq!(names, ["fig1.svg", "fig1.png", "fig1.pdf"]);
/// ```
pub fn write_outputs(
    scene: &Scene,
    formats: &OutputFormats,
    dir: &Path,
    stem: &str,
) -> Result<Vec<PathBuf>, OutputError> {
    let rendered = render_outputs(scene, formats, stem)?;
    let mut written = Vec::with_capacity(3);
    let files = [
        ("svg", formats.svg.then_some(rendered.svg.as_bytes())),
        ("png", rendered.png.as_deref()),
        ("pdf", rendered.pdf.as_deref()),
    ];
    for (extension, bytes) in files {
        if let Some(bytes) = bytes {
            let path = dir.join(format!("{stem}.{extension}"));
            write_bytes_atomically(&path, bytes)?;
            written.push(path);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::{Circle, Color, Point, Style};

    #[test]
    fn svg_only_skips_parsing_and_rendering() {
        let formats = OutputFormats {
            svg: true,
            png_dpi: None,
            pdf: false,
        };
        let figure = render_outputs(&Scene::new(10.0, 10.0), &formats, "x").unwrap();
        assert!(figure.png.is_none() && figure.pdf.is_none());
    }

    #[test]
    fn errors_name_the_figure_and_leave_no_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut scene = Scene::new(10.0, 10.0);
        scene.layer_mut("m", "M").push(Circle {
            id: None,
            center: Point::new(f64::NAN, 1.0),
            radius_mm: 1.0,
            style: Style::fill(Color::BLACK),
        });
        let err = write_outputs(&scene, &OutputFormats::default(), dir.path(), "fig2").unwrap_err();
        assert!(err.to_string().starts_with("figure 'fig2':"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        let bad_dpi = OutputFormats {
            png_dpi: Some(0.0),
            ..OutputFormats::default()
        };
        let err = write_outputs(&Scene::new(10.0, 10.0), &bad_dpi, dir.path(), "fig3").unwrap_err();
        assert!(matches!(err, OutputError::Png { .. }), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn unwritable_directory_is_reported_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/dir");
        let err = write_outputs(
            &Scene::new(10.0, 10.0),
            &OutputFormats::default(),
            &missing,
            "fig",
        )
        .unwrap_err();
        assert!(matches!(err, OutputError::Write(_)));
        assert!(err.to_string().contains("fig.svg"), "{err}");
    }
}
