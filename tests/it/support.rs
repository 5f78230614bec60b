//! Helpers shared by the integration tests: golden files (compared
//! byte-for-byte or, for PNG, pixel by pixel with a per-channel tolerance,
//! writing a diff image on failure), PNG decoding and running the external
//! checkers (xmllint, rsvg-convert, pdffonts, pdftotext), and [`ruhrmap`],
//! the one way the tests run the binary.
//!
//! Golden files live in `tests/golden/` and are only ever rewritten when the
//! environment variable `RUHRMAP_BLESS=1` is set; a missing golden file is a
//! failure, not a silent pass.

use geo_types::Coord;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A run of the `ruhrmap` binary being set up: arguments, working folder,
/// standard input (none unless given) and environment, then [`Run::output`].
///
/// ```ignore
/// let output = ruhrmap(["geocode", "p.csv"]).dir(dir.path()).output();
/// assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
/// ```
pub struct Run {
    command: Command,
    stdin: Option<Vec<u8>>,
}

/// Starts a run of the `ruhrmap` binary with `args`; standard input is
/// empty (`/dev/null`) unless [`Run::stdin`] gives it bytes.
pub fn ruhrmap<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_ruhrmap"));
    command.args(args);
    Run {
        command,
        stdin: None,
    }
}

impl Run {
    /// Appends one more argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Run {
        self.command.arg(arg);
        self
    }

    /// Appends more arguments.
    pub fn args<I, S>(mut self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    /// Runs in folder `dir` (relative paths in the arguments resolve there).
    pub fn dir(mut self, dir: &Path) -> Run {
        self.command.current_dir(dir);
        self
    }

    /// Sets an environment variable for the run.
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Run {
        self.command.env(key.into(), value.into());
        self
    }

    /// Feeds `bytes` to the run's standard input (no subcommand reads it
    /// today; here for tests of one that will).
    #[allow(dead_code)]
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Run {
        self.stdin = Some(bytes.into());
        self
    }

    /// The command as set up, for tests that spawn it themselves (e.g. to
    /// read `watch`'s standard error while it runs); standard input is
    /// `/dev/null` unless the caller sets it.
    pub fn command(mut self) -> Command {
        self.command.stdin(Stdio::null());
        self.command
    }

    /// Runs to the end and returns exit status, standard output and error.
    pub fn output(mut self) -> Output {
        let Some(bytes) = self.stdin.take() else {
            return self.command().output().expect("run ruhrmap");
        };
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run ruhrmap");
        let mut input = child.stdin.take().expect("piped standard input");
        // written from a thread, so a child that stops reading early cannot block the test
        let writer = std::thread::spawn(move || {
            // a child that exits without reading everything closes the pipe: not our failure
            let _ = input.write_all(&bytes);
        });
        let output = child.wait_with_output().expect("wait for ruhrmap");
        writer.join().expect("standard input writer");
        output
    }
}

/// A run's standard output as text (invalid UTF-8 replaced).
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A run's standard error as text (invalid UTF-8 replaced).
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Deterministic uniform points (xorshift64*), so no test depends on chance.
pub fn random_points(seed: u64, n: usize, bbox: [f64; 4]) -> Vec<Coord<f64>> {
    let mut s = seed;
    let mut next = move || {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| Coord {
            x: bbox[0] + next() * (bbox[2] - bbox[0]),
            y: bbox[1] + next() * (bbox[3] - bbox[1]),
        })
        .collect()
}

/// Whether golden files are to be (re)written from the current output.
pub fn bless_requested() -> bool {
    std::env::var("RUHRMAP_BLESS").is_ok_and(|v| v == "1")
}

/// The path of golden file `name` in `tests/golden/`.
pub fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Where failing comparisons leave their actual output and diff images.
pub fn failure_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/golden-failures");
    std::fs::create_dir_all(&dir).expect("create target/golden-failures");
    dir
}

fn read_golden(name: &str) -> Vec<u8> {
    let path = golden_path(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} cannot be read ({e}); create it with RUHRMAP_BLESS=1 cargo test --test it -- figures:: render_outputs::",
            path.display()
        )
    })
}

fn bless(name: &str, bytes: &[u8]) {
    let path = golden_path(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot bless {}: {e}", path.display()));
}

/// Asserts that `actual` equals golden text file `name` byte for byte; on a
/// mismatch the actual text is saved beside the other failures and the
/// first differing line is reported.
pub fn assert_golden_text(name: &str, actual: &str) {
    if bless_requested() {
        bless(name, actual.as_bytes());
        return;
    }
    let expected = String::from_utf8(read_golden(name)).expect("golden text is UTF-8");
    if expected == actual {
        return;
    }
    let saved = failure_dir().join(name);
    std::fs::write(&saved, actual).unwrap();
    let (line, (want, got)) = expected
        .lines()
        .chain(std::iter::repeat("<end of file>"))
        .zip(actual.lines().chain(std::iter::repeat("<end of file>")))
        .enumerate()
        .find(|(_, (e, a))| e != a)
        .expect("texts differ, so some line differs");
    panic!(
        "{name} differs from the golden file at line {}:\n  expected: {want}\n  actual:   {got}\nactual output saved to {}; \
         if the change is intended, rerun with RUHRMAP_BLESS=1",
        line + 1,
        saved.display()
    );
}

/// A decoded PNG, normalised to 8-bit RGBA.
pub struct DecodedPng {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// RGBA samples, row by row.
    pub rgba: Vec<u8>,
    /// Pixels per metre from the pHYs chunk, if present and in metres.
    pub pixels_per_metre: Option<(u32, u32)>,
}

impl DecodedPng {
    /// The RGBA value at `(x, y)`.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.width + x) * 4) as usize;
        [
            self.rgba[i],
            self.rgba[i + 1],
            self.rgba[i + 2],
            self.rgba[i + 3],
        ]
    }
}

/// Decodes any 8-bit PNG (grey, RGB, RGBA, palette) into RGBA.
pub fn decode_png(bytes: &[u8]) -> DecodedPng {
    let mut decoder = png::Decoder::new(bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a readable PNG");
    let pixels_per_metre = reader
        .info()
        .pixel_dims
        .filter(|d| d.unit == png::Unit::Meter)
        .map(|d| (d.xppu, d.yppu));
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer).expect("PNG image data");
    let samples = &buffer[..frame.buffer_size()];
    let rgba = match frame.color_type {
        png::ColorType::Rgba => samples.to_vec(),
        png::ColorType::Rgb => samples
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => samples
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => samples.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => unreachable!("EXPAND turns palettes into RGB(A)"),
    };
    DecodedPng {
        width: frame.width,
        height: frame.height,
        rgba,
        pixels_per_metre,
    }
}

/// The outcome of comparing two images of equal size.
#[derive(Debug)]
pub struct PngDifference {
    /// Pixels where some channel differs by more than the tolerance.
    pub differing_pixels: usize,
    /// The largest difference of any channel anywhere.
    pub max_channel_difference: u8,
    /// A visualisation: the expected image faded, differing pixels in red.
    pub diff_image: Vec<u8>,
}

/// Compares two PNGs pixel by pixel; a pixel differs if any of its four
/// channels differs by more than `tolerance`. Errs if the sizes differ.
pub fn compare_png(actual: &[u8], expected: &[u8], tolerance: u8) -> Result<PngDifference, String> {
    let (a, e) = (decode_png(actual), decode_png(expected));
    if (a.width, a.height) != (e.width, e.height) {
        return Err(format!(
            "size {}×{} differs from the expected {}×{}",
            a.width, a.height, e.width, e.height
        ));
    }
    let mut differing_pixels = 0;
    let mut max_channel_difference = 0u8;
    let mut diff = Vec::with_capacity(e.rgba.len());
    for (pa, pe) in a.rgba.chunks_exact(4).zip(e.rgba.chunks_exact(4)) {
        let worst = pa
            .iter()
            .zip(pe)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        max_channel_difference = max_channel_difference.max(worst);
        if worst > tolerance {
            differing_pixels += 1;
            diff.extend_from_slice(&[255, 0, 0, 255]);
        } else {
            let grey = ((u16::from(pe[0]) + u16::from(pe[1]) + u16::from(pe[2])) / 3) as u8;
            let faded = 255 - (255 - grey) / 4;
            diff.extend_from_slice(&[faded, faded, faded, 255]);
        }
    }
    let mut diff_image = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut diff_image, e.width, e.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("PNG header");
        writer.write_image_data(&diff).expect("PNG data");
    }
    Ok(PngDifference {
        differing_pixels,
        max_channel_difference,
        diff_image,
    })
}

/// Asserts that PNG `actual` matches golden image `name` within `tolerance`
/// per channel, allowing at most `max_differing_pixels` pixels beyond it.
/// On failure the actual image and a diff image (differences in red) are
/// written to `target/golden-failures/`.
pub fn assert_golden_png(name: &str, actual: &[u8], tolerance: u8, max_differing_pixels: usize) {
    if bless_requested() {
        bless(name, actual);
        return;
    }
    let expected = read_golden(name);
    let stem = name.trim_end_matches(".png");
    let actual_path = failure_dir().join(format!("{stem}.actual.png"));
    let outcome = compare_png(actual, &expected, tolerance);
    let failure = match outcome {
        Err(size_problem) => Some(size_problem),
        Ok(difference) if difference.differing_pixels > max_differing_pixels => {
            let diff_path = failure_dir().join(format!("{stem}.diff.png"));
            std::fs::write(&diff_path, &difference.diff_image).unwrap();
            Some(format!(
                "{} pixels differ by more than {tolerance} (largest channel difference {}); diff image: {}",
                difference.differing_pixels,
                difference.max_channel_difference,
                diff_path.display()
            ))
        }
        Ok(_) => None,
    };
    if let Some(problem) = failure {
        std::fs::write(&actual_path, actual).unwrap();
        panic!(
            "{name}: {problem}; actual image: {}; if the change is intended, rerun with RUHRMAP_BLESS=1",
            actual_path.display()
        );
    }
}

/// Runs an external checker, failing the test with an installation hint if
/// it is missing. Returns its output (exit status is the caller's to judge).
pub fn run_tool(program: &str, args: &[&str], debian_package: &str) -> std::process::Output {
    Command::new(program).args(args).output().unwrap_or_else(|e| {
        panic!("{program} is needed by this test but cannot be run ({e}): apt-get install {debian_package}")
    })
}

/// Runs `xmllint --noout` on `path` and fails the test on any complaint.
pub fn assert_xmllint_accepts(path: &Path) {
    let output = run_tool(
        "xmllint",
        &["--noout", path.to_str().unwrap()],
        "libxml2-utils",
    );
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "xmllint rejects {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Renders `path` with librsvg's `rsvg-convert` at its default 96 dpi and
/// returns the PNG; fails the test if librsvg reports an error.
pub fn render_with_librsvg(path: &Path) -> Vec<u8> {
    render_with_librsvg_args(path, &[])
}

/// Like [`render_with_librsvg`], with extra `rsvg-convert` arguments (e.g.
/// `--width`, `--height` to get an exact pixel size).
pub fn render_with_librsvg_args(path: &Path, extra: &[&str]) -> Vec<u8> {
    let mut args = vec!["--format", "png"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    let output = run_tool("rsvg-convert", &args, "librsvg2-bin");
    assert!(
        output.status.success(),
        "librsvg cannot render {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}
