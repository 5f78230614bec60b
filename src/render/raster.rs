//! Rasterising a figure to PNG with resvg: the resolution is chosen in dots
//! per inch of the printed page and recorded in the file (pHYs chunk), so a
//! layout program places the image at its true size. The PNG is encoded
//! with fixed settings, so the same SVG always gives the same bytes.

use crate::render::svg::{SvgParseError, parse_svg};
use resvg::tiny_skia;
use resvg::usvg;

/// Resolution for print figures.
pub const PRINT_DPI: f64 = 300.0;
/// Resolution for drafts and previews.
pub const DRAFT_DPI: f64 = 200.0;

/// usvg converts absolute units at this resolution (CSS pixels).
const CSS_DPI: f64 = 96.0;
/// Images larger than this many pixels are refused (A3 at 1200 dpi is ~280 M).
const MAX_PIXELS: u64 = 300_000_000;

/// Why a figure could not be rasterised.
#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    /// The SVG could not be parsed.
    #[error(transparent)]
    Parse(#[from] SvgParseError),
    /// The resolution is not a positive, finite number.
    #[error(
        "resolution {dpi} dpi is invalid: expected a positive number such as 300 (print) or 200 (draft)"
    )]
    InvalidDpi {
        /// The resolution asked for.
        dpi: f64,
    },
    /// The image would be empty or too large to allocate.
    #[error(
        "a {width} × {height} pixel image cannot be created: lower the resolution (dpi) or the page size"
    )]
    ImageSize {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// The PNG encoder failed.
    #[error("cannot encode PNG: {source}")]
    Encode {
        /// The encoder's reason.
        #[source]
        source: png::EncodingError,
    },
}

/// Renders a parsed SVG at `dpi` into a pixmap (premultiplied RGBA). The
/// image size is the page size at `dpi`, rounded to whole pixels, and the
/// page is stretched by that rounding (less than half a pixel) to fill the
/// image exactly, so no half-covered edge row or column is left.
pub fn rasterize(tree: &usvg::Tree, dpi: f64) -> Result<tiny_skia::Pixmap, RasterError> {
    if !(dpi.is_finite() && dpi > 0.0) {
        return Err(RasterError::InvalidDpi { dpi });
    }
    let scale = dpi / CSS_DPI;
    let size = tree.size();
    let pixels = |css: f32| (f64::from(css) * scale).round().max(0.0) as u64;
    let (width, height) = (pixels(size.width()), pixels(size.height()));
    let too_large = width.saturating_mul(height) > MAX_PIXELS
        || width > u64::from(u32::MAX)
        || height > u64::from(u32::MAX);
    let pixmap = if too_large {
        None
    } else {
        tiny_skia::Pixmap::new(width as u32, height as u32)
    };
    let mut pixmap = pixmap.ok_or(RasterError::ImageSize { width, height })?;
    let transform = tiny_skia::Transform::from_scale(
        (width as f64 / f64::from(size.width())) as f32,
        (height as f64 / f64::from(size.height())) as f32,
    );
    resvg::render(tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

/// Encodes a pixmap as PNG with `dpi` recorded in the pHYs chunk and the
/// sRGB chunk set. Fully opaque images are written as RGB, others as RGBA
/// (straight alpha). Deterministic: fixed compression and filter settings.
///
/// ```
/// use resvg::tiny_skia::{Color, Pixmap};
/// let mut pixmap = Pixmap::new(3, 2).unwrap();
/// pixmap.fill(Color::WHITE);
/// let png = ruhrmap::render::encode_png(&pixmap, 300.0).unwrap();
/// assert_eq!(&png[1..4], b"PNG");
/// let info = png::Decoder::new(&png[..]).read_info().unwrap().info().clone();
/// assert_eq!(info.color_type, png::ColorType::Rgb);
/// assert_eq!(info.pixel_dims.unwrap().xppu, 11811); // 300 dpi in pixels per metre
/// ```
pub fn encode_png(pixmap: &tiny_skia::Pixmap, dpi: f64) -> Result<Vec<u8>, RasterError> {
    if !(dpi.is_finite() && dpi > 0.0) {
        return Err(RasterError::InvalidDpi { dpi });
    }
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let (color_type, data): (png::ColorType, Vec<u8>) = if opaque {
        // premultiplied and straight colours are equal when alpha is 255
        let rgb = pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (png::ColorType::Rgb, rgb)
    } else {
        let rgba = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        (png::ColorType::Rgba, rgba)
    };
    let pixels_per_metre = (dpi / 0.0254).round() as u32;
    let mut out = Vec::with_capacity(data.len() / 8);
    let encode = |out: &mut Vec<u8>| -> Result<(), png::EncodingError> {
        let mut encoder = png::Encoder::new(out, pixmap.width(), pixmap.height());
        encoder.set_color(color_type);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: pixels_per_metre,
            yppu: pixels_per_metre,
            unit: png::Unit::Meter,
        }));
        // Fast deflate with the Paeth filter. Measured on the example
        // figures at 300 dpi: 7–9 ms per figure and 0.6–1.1 MB, against
        // 55–90 ms and 0.4–0.6 MB for zlib's default level (best filter:
        // Sub). Encoding would otherwise cost as much as rasterising, and
        // the figure set has a time budget; print PNGs of this size are usual.
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::FilterType::Paeth);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&data)?;
        writer.finish()
    };
    encode(&mut out).map_err(|source| RasterError::Encode { source })?;
    Ok(out)
}

/// Parses `svg`, renders it at `dpi` and encodes the PNG.
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="25.4mm" height="12.7mm" viewBox="0 0 25.4 12.7">
///   <rect width="25.4" height="12.7" fill="#ffffff"/></svg>"##;
/// let png = ruhrmap::svg_to_png(svg, 200.0).unwrap();
/// let info = png::Decoder::new(&png[..]).read_info().unwrap().info().clone();
/// assert_eq!((info.width, info.height), (200, 100)); // one inch by half an inch
/// ```
pub fn svg_to_png(svg: &str, dpi: f64) -> Result<Vec<u8>, RasterError> {
    let tree = parse_svg(svg)?;
    encode_png(&rasterize(&tree, dpi)?, dpi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png_bytes: &[u8]) -> (png::OutputInfo, Vec<u8>, png::PixelDimensions) {
        let mut reader = png::Decoder::new(png_bytes).read_info().unwrap();
        let dims = reader.info().pixel_dims.unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        (info, buf, dims)
    }

    #[test]
    fn dpi_sets_pixel_size_and_phys_chunk() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="160mm" height="100mm" viewBox="0 0 160 100">
            <rect width="160" height="100" fill="#ffffff"/><rect x="80" width="80" height="100" fill="#ff0000"/></svg>"##;
        let png_bytes = svg_to_png(svg, 300.0).unwrap();
        let (info, pixels, dims) = decode(&png_bytes);
        assert_eq!((info.width, info.height), (1890, 1181)); // 160 mm and 100 mm at 300 dpi: 1889.8 and 1181.1 px
        assert_eq!(
            (dims.xppu, dims.yppu, dims.unit),
            (11811, 11811, png::Unit::Meter)
        );
        let at = |x: usize, y: usize| &pixels[(y * info.width as usize + x) * 3..][..3];
        assert_eq!(at(10, 10), [255, 255, 255]);
        assert_eq!(at(1880, 1000), [255, 0, 0]);
        assert_eq!(png_bytes, svg_to_png(svg, 300.0).unwrap(), "deterministic");
    }

    #[test]
    fn transparent_pages_keep_straight_alpha() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm" viewBox="0 0 10 10">
            <rect width="10" height="10" fill="#0000ff" fill-opacity="0.5"/></svg>"##;
        let (info, pixels, _) = decode(&svg_to_png(svg, 96.0).unwrap());
        assert_eq!(info.color_type, png::ColorType::Rgba);
        let centre = &pixels[(18 * info.width as usize + 18) * 4..][..4];
        assert_eq!(
            centre[2], 255,
            "straight, not premultiplied blue: {centre:?}"
        );
        assert!((i32::from(centre[3]) - 128).abs() <= 1);
    }

    #[test]
    fn bad_resolutions_and_sizes_are_errors() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm"/>"#;
        for dpi in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                svg_to_png(svg, dpi),
                Err(RasterError::InvalidDpi { .. })
            ));
        }
        let huge = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10000mm" height="10000mm"/>"#;
        let err = svg_to_png(huge, 300.0).unwrap_err();
        assert!(matches!(err, RasterError::ImageSize { .. }), "{err}");
    }
}
