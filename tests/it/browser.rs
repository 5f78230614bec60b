//! The figures in a real browser: headless Chromium driven through
//! chromedriver (WebDriver, over plain HTTP with ureq), and Inkscape.
//!
//! - the interactive pages load without console errors, hovering a partner
//!   shows its tooltip, the project filter hides the other projects'
//!   elements, and a screenshot of the page's figure matches the PNG;
//! - an SVG opened on its own in Chromium draws its text in the font subset
//!   it carries, matching the PNG, on a machine without Noto Sans (the
//!   browser runs with a fontconfig that lists DejaVu only; a control shows
//!   that without the subset the text would differ);
//! - Inkscape's export of an SVG with text as outlines matches the PNG.
//!
//! Missing programs are failures naming the Debian packages (`chromium`,
//! `chromium-driver`, `inkscape`), never skipped tests.

use crate::support::{compare_png, decode_png, failure_dir, run_tool};
use ruhrmap::report::FigureFiles;
use ruhrmap::{FigureConfig, FigureData, Lang, write_figures_as};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const PACKAGES: &str = "apt-get install chromium chromium-driver";
/// WebDriver's key for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// The figure's width on the page (CSS px; `figure.css`).
const FIGURE_PX: f64 = 1200.0;

/// A headless Chromium session through a chromedriver of our own.
struct Browser {
    driver: Child,
    agent: ureq::Agent,
    session: String,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium that sees no Noto Sans.
    fn start() -> Browser {
        for program in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(program).exists(),
                "{program} is needed by the browser tests but is missing: {PACKAGES}"
            );
        }
        let profile = tempfile::tempdir().unwrap();
        let fonts_conf = profile.path().join("fonts.conf");
        std::fs::write(
            &fonts_conf,
            format!(
                "<?xml version=\"1.0\"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{}</cachedir></fontconfig>\n",
                profile.path().join("cache").display()
            ),
        )
        .unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .env("FONTCONFIG_FILE", &fonts_conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER} ({e}): {PACKAGES}"));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            agent,
            session: String::new(),
            base,
            _profile: profile,
        };
        let started = Instant::now();
        while browser
            .agent
            .get(format!("{}/status", browser.base))
            .call()
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let user_data = browser._profile.path().join("chromium");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--window-size=1400,2400",
            &format!("--user-data-dir={}", user_data.display()),
        ];
        let reply = browser.call(
            "POST",
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
                "goog:loggingPrefs": {"browser": "ALL"}
            }}}),
        );
        browser.session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver gave no session: {reply}"))
            .to_string();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.to_string()),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let text = response
            .body_mut()
            .with_config()
            .limit(256 << 20)
            .read_to_string()
            .unwrap();
        let reply: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(
            reply["value"].get("error").is_none(),
            "{method} {path}: {}",
            reply["value"]
        );
        reply
    }

    fn session_call(&self, path: &str, body: Value) -> Value {
        self.call("POST", &format!("/session/{}{path}", self.session), body)["value"].clone()
    }

    fn open(&self, file: &Path) {
        let url = format!("file://{}", file.canonicalize().unwrap().display());
        self.session_call("/url", json!({ "url": url }));
    }

    fn script(&self, script: &str, args: Value) -> Value {
        self.session_call("/execute/sync", json!({"script": script, "args": args}))
    }

    fn element(&self, css: &str) -> String {
        let found = self.session_call("/element", json!({"using": "css selector", "value": css}));
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string()
    }

    /// A PNG of the element matched by `css`.
    fn screenshot(&self, css: &str) -> Vec<u8> {
        use base64::Engine as _;
        let id = self.element(css);
        let reply = self.call(
            "GET",
            &format!("/session/{}/element/{id}/screenshot", self.session),
            Value::Null,
        );
        base64::engine::general_purpose::STANDARD
            .decode(reply["value"].as_str().unwrap())
            .unwrap()
    }

    /// Console messages of level SEVERE since the last call.
    fn console_errors(&self) -> Vec<String> {
        let logs = self.session_call("/se/log", json!({"type": "browser"}));
        logs.as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].to_string())
            .collect()
    }

    fn hover(&self, element: &str) {
        self.session_call(
            "/actions",
            json!({"actions": [{"type": "pointer", "id": "mouse",
                "parameters": {"pointerType": "mouse"},
                "actions": [{"type": "pointerMove", "duration": 0, "x": 0, "y": 0,
                    "origin": {ELEMENT: element}}]}]}),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn fixture_config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/figures/report.toml")
}

/// The fixture figures rendered as SVG, PNG and HTML into a temporary folder.
fn rendered_fixture(lang: Lang) -> (tempfile::TempDir, FigureConfig) {
    let config = FigureConfig::load(&fixture_config()).unwrap();
    let data = FigureData::load(&config).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = FigureFiles {
        html: true,
        ..FigureFiles::default()
    };
    write_figures_as(&config, &data, lang, dir.path(), files).unwrap();
    (dir, config)
}

/// Asserts that two renderings of one figure agree: after cropping to the
/// common size and a 3 × 3 blur, at most `max_share` of the pixels differ
/// by more than 64 in some channel (antialiasing and sub-pixel glyph
/// placement differ between renderers; a substituted font, a moved label or
/// a wrong colour does not pass). Returns the share that differs.
fn assert_similar(name: &str, actual: &[u8], expected: &[u8], max_share: f64) -> f64 {
    let (a, e) = (decode_png(actual), decode_png(expected));
    let (w, h) = (a.width.min(e.width), a.height.min(e.height));
    assert!(
        a.width.abs_diff(e.width) <= 2 && a.height.abs_diff(e.height) <= 2,
        "{name}: {}×{} against {}×{}",
        a.width,
        a.height,
        e.width,
        e.height
    );
    let crop = |img: &crate::support::DecodedPng| {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgba);
        let mut writer = encoder.write_header().unwrap();
        // a 3 × 3 box blur: antialiased edges a pixel apart agree, text a
        // few pixels wider (another font) or moved does not
        let at =
            |x: u32, y: u32, c: u32| u32::from(img.rgba[((y * img.width + x) * 4 + c) as usize]);
        let mut rows = Vec::with_capacity((w * h * 4) as usize);
        for y in 0..h {
            for x in 0..w {
                for c in 0..4 {
                    let (mut sum, mut n) = (0, 0);
                    for yy in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                        for xx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                            sum += at(xx, yy, c);
                            n += 1;
                        }
                    }
                    rows.push((sum / n) as u8);
                }
            }
        }
        writer.write_image_data(&rows).unwrap();
        drop(writer);
        out
    };
    let (ca, ce) = (crop(&a), crop(&e));
    let difference = compare_png(&ca, &ce, 64).unwrap();
    let share = difference.differing_pixels as f64 / f64::from(w * h);
    if share > max_share {
        let dir = failure_dir();
        std::fs::write(dir.join(format!("{name}.actual.png")), &ca).unwrap();
        std::fs::write(dir.join(format!("{name}.expected.png")), &ce).unwrap();
        std::fs::write(dir.join(format!("{name}.diff.png")), &difference.diff_image).unwrap();
        panic!(
            "{name}: {:.2} % of the pixels differ (allowed {:.2} %); images in {}",
            share * 100.0,
            max_share * 100.0,
            dir.display()
        );
    }
    share
}

/// The resolution at which a figure `width_mm` wide is `pixels` wide.
fn dpi_for(pixels: f64, width_mm: f64) -> f64 {
    pixels / (width_mm / 25.4)
}

fn svg_width_mm(svg: &str) -> f64 {
    let start = svg.find("width=\"").unwrap() + 7;
    svg[start..].split("mm").next().unwrap().parse().unwrap()
}

#[test]
fn pages_load_without_console_errors_and_list_every_figure() {
    let (dir, config) = rendered_fixture(Lang::De);
    let browser = Browser::start();
    browser.open(&dir.path().join("index.html"));
    let links = browser.script(
        "return Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))",
        json!([]),
    );
    let expected: Vec<String> = config
        .figures
        .iter()
        .map(|f| format!("{}.html", f.id.get_ref()))
        .collect();
    assert_eq!(links, json!(expected));
    assert_eq!(browser.console_errors(), Vec::<String>::new(), "index.html");
    for page in &expected {
        browser.open(&dir.path().join(page));
        let state = browser.script(
            "return [document.documentElement.lang, document.getElementById('controls').hidden, \
             document.querySelectorAll('[data-kind][tabindex=\"0\"]').length]",
            json!([]),
        );
        assert_eq!(state[0], "de", "{page}");
        assert_eq!(state[1], false, "{page}: the script shows the controls");
        assert!(state[2].as_u64().unwrap() > 0, "{page}: focusable features");
        assert_eq!(browser.console_errors(), Vec::<String>::new(), "{page}");
    }
}

#[test]
fn hovering_or_focusing_a_partner_shows_its_tooltip() {
    let (dir, _) = rendered_fixture(Lang::En);
    let browser = Browser::start();
    browser.open(&dir.path().join("small-network.html"));
    // a partner marker that is topmost at its centre
    let found = browser.script(
        "for (const el of document.querySelectorAll('[data-kind=partner]')) { \
           const r = el.getBoundingClientRect(); \
           const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); \
           if (top && top.closest('[data-kind]') === el) { return [el.id, el.getAttribute('data-name'), el.getAttribute('data-role')]; } } \
         return null",
        json!([]),
    );
    assert!(
        found.is_array(),
        "no partner marker can be hovered: {found}"
    );
    let id = found[0].as_str().unwrap();
    let element = browser.element(&format!("[id=\"{id}\"]"));
    browser.hover(&element);
    let tooltip = browser.script(
        "const t = document.getElementById('tooltip'); return t.hidden ? null : t.textContent",
        json!([]),
    );
    let text = tooltip
        .as_str()
        .unwrap_or_else(|| panic!("no tooltip on {id}"));
    for expected in [
        found[1].as_str().unwrap(),
        found[2].as_str().unwrap(),
        "Role",
        "Municipality",
    ] {
        assert!(
            text.contains(expected),
            "tooltip of {id} lacks {expected:?}: {text}"
        );
    }
    // keyboard: focusing a link shows its ends and length
    let tooltip = browser.script(
        "const l = document.querySelector('[data-kind=link]'); l.focus(); \
         const t = document.getElementById('tooltip'); return t.hidden ? null : t.textContent",
        json!([]),
    );
    let text = tooltip.as_str().expect("a tooltip on focus");
    assert!(text.contains("from") && text.contains("km"), "{text}");
}

#[test]
fn hovering_a_municipality_area_shows_its_subregion_and_count() {
    let (dir, _) = rendered_fixture(Lang::De);
    let browser = Browser::start();
    for (page, count_word) in [
        ("small-network.html", "Partner"),
        ("small-seats.html", "Projekte"),
    ] {
        browser.open(&dir.path().join(page));
        // a point of some municipality area that no marker or label covers
        let found = browser.script(
            "for (const el of document.querySelectorAll('#areas [data-kind=municipality]')) { \
               const r = el.getBoundingClientRect(); \
               for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) { \
                 const x = r.x + r.width * i / 10, y = r.y + r.height * j / 10; \
                 const top = document.elementFromPoint(x, y); \
                 if (top && top.closest('[data-kind]') === el) \
                   return [Math.round(x), Math.round(y), el.getAttribute('data-name'), el.getAttribute('data-subregion')]; } } \
             return null",
            json!([]),
        );
        assert!(
            found.is_array(),
            "{page}: no municipality area can be hovered: {found}"
        );
        let (x, y) = (found[0].as_i64().unwrap(), found[1].as_i64().unwrap());
        browser.session_call(
            "/actions",
            json!({"actions": [{"type": "pointer", "id": "mouse",
                "parameters": {"pointerType": "mouse"},
                "actions": [{"type": "pointerMove", "duration": 0, "x": x, "y": y, "origin": "viewport"}]}]}),
        );
        let tooltip = browser.script(
            "const t = document.getElementById('tooltip'); return t.hidden ? null : t.textContent",
            json!([]),
        );
        let text = tooltip
            .as_str()
            .unwrap_or_else(|| panic!("{page}: no tooltip over {found}"));
        for expected in [
            found[2].as_str().unwrap(),
            found[3].as_str().unwrap(),
            "Teilraum",
            count_word,
        ] {
            assert!(
                text.contains(expected),
                "{page}: tooltip lacks {expected:?}: {text}"
            );
        }
        assert_eq!(browser.console_errors(), Vec::<String>::new(), "{page}");
    }
    // the areas are the page's alone: the SVG carries none
    let svg = std::fs::read_to_string(dir.path().join("small-network.svg")).unwrap();
    assert!(
        !svg.contains("-area-") && !svg.contains("id=\"areas\""),
        "areas leaked into the SVG"
    );
}

#[test]
fn the_project_filter_hides_the_other_projects_elements() {
    let (dir, _) = rendered_fixture(Lang::De);
    let browser = Browser::start();
    browser.open(&dir.path().join("small-seats.html"));
    let options = browser.script(
        "return Array.from(document.querySelectorAll('#project-filter option')).map(o => o.value).filter(v => v)",
        json!([]),
    );
    let options: Vec<String> = serde_json::from_value(options).unwrap();
    assert!(options.len() >= 2, "projects to filter by: {options:?}");
    let chosen = &options[0];
    let option = browser.element(&format!("#project-filter option[value=\"{chosen}\"]"));
    browser.session_call(&format!("/element/{option}/click"), json!({}));
    let shown = browser.script(
        "const out = {shown: 0, hidden: 0, wrong: []}; \
         for (const el of document.querySelectorAll('[data-projects]')) { \
           const mine = el.getAttribute('data-projects').split(' ').includes(arguments[0]); \
           const visible = getComputedStyle(el).display !== 'none'; \
           if (visible) out.shown++; else out.hidden++; \
           if (visible !== mine) out.wrong.push(el.id); } \
         return out",
        json!([chosen]),
    );
    assert_eq!(shown["wrong"], json!([]), "{shown}");
    assert!(
        shown["shown"].as_u64().unwrap() > 0 && shown["hidden"].as_u64().unwrap() > 0,
        "{shown}"
    );
}

#[test]
fn the_page_figure_matches_the_png() {
    let (dir, config) = rendered_fixture(Lang::De);
    let browser = Browser::start();
    for spec in &config.figures {
        let id = spec.id.get_ref();
        browser.open(&dir.path().join(format!("{id}.html")));
        let shot = browser.screenshot("#figure > svg");
        let svg = std::fs::read_to_string(dir.path().join(format!("{id}.svg"))).unwrap();
        let dpi = dpi_for(FIGURE_PX, svg_width_mm(&svg));
        let png = ruhrmap::svg_to_png(&svg, dpi).unwrap();
        // measured: 1.2 % (Chromium snaps glyphs to whole pixels at this
        // size, resvg does not); a fallback font differs far more
        let share = assert_similar(&format!("browser-page-{id}"), &shot, &png, 0.02);
        eprintln!(
            "{id}.html: {:.3} % of the pixels differ from the PNG",
            share * 100.0
        );
    }
}

#[test]
fn an_svg_in_the_browser_draws_its_text_as_the_png_without_noto_sans_installed() {
    let fc = run_tool("fc-list", &[], "fontconfig");
    let installed = String::from_utf8_lossy(&fc.stdout).to_lowercase();
    // the browser sees DejaVu only either way (see Browser::start); say so if the machine has Noto
    if installed.contains("noto sans") {
        eprintln!("Noto Sans is installed here; the browser runs with a fontconfig without it");
    }
    let (dir, _) = rendered_fixture(Lang::De);
    let browser = Browser::start();
    let svg_path = dir.path().join("small-network.svg");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.contains("@font-face{font-family:'Noto Sans'"));
    let png = ruhrmap::svg_to_png(&svg, 96.0).unwrap();
    browser.open(&svg_path);
    let with_font = assert_similar("browser-svg", &browser.screenshot("svg"), &png, 0.01);
    // control: the same SVG without the subset falls back to DejaVu Sans and differs more
    let start = svg.find("<defs><style>").unwrap();
    let end = svg[start..].find("</defs>").unwrap() + start + 7;
    let bare = format!("{}{}", &svg[..start], &svg[end..]);
    let bare_path = dir.path().join("bare.svg");
    std::fs::write(&bare_path, bare).unwrap();
    browser.open(&bare_path);
    let shot = browser.screenshot("svg");
    let without = assert_similar("browser-svg-bare", &shot, &png, 1.0);
    eprintln!(
        "differing pixels: {:.3} % with the subset, {:.3} % without",
        with_font * 100.0,
        without * 100.0
    );
    assert!(
        without > 2.0 * with_font + 0.001,
        "{with_font} vs {without}"
    );
}

#[test]
fn inkscape_exports_an_outlines_svg_as_the_png() {
    let config = FigureConfig::load(&fixture_config()).unwrap();
    let data = FigureData::load(&config).unwrap();
    let figure = ruhrmap::build_figure(&config, 0, &data, Lang::De).unwrap();
    let png = ruhrmap::svg_to_png(&ruhrmap::write_svg(&figure.scene).unwrap(), 96.0).unwrap();
    let mut scene = figure.scene.clone();
    scene.text = ruhrmap::render::TextMode::Outlines;
    let outlines = ruhrmap::write_svg(&scene).unwrap();
    assert!(!outlines.contains("<text") && outlines.contains("aria-label=\"Bochum\""));
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("outlines.svg");
    let png_path = dir.path().join("outlines.png");
    std::fs::write(&svg_path, &outlines).unwrap();
    let output = Command::new("inkscape")
        .args([
            "--export-type=png",
            "--export-dpi=96",
            "--export-background=white",
        ])
        .arg(format!("--export-filename={}", png_path.display()))
        .arg(&svg_path)
        .env("HOME", dir.path())
        .output()
        .unwrap_or_else(|e| {
            panic!("inkscape is needed by this test ({e}): apt-get install inkscape")
        });
    assert!(
        output.status.success(),
        "inkscape: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let exported = std::fs::read(&png_path).unwrap();
    let share = assert_similar("inkscape-outlines", &exported, &png, 0.01);
    eprintln!(
        "Inkscape outlines: {:.3} % of the pixels differ from the PNG",
        share * 100.0
    );
}

#[test]
fn html_pages_are_byte_identical_across_runs_and_small() {
    let (a, config) = rendered_fixture(Lang::De);
    let (b, _) = rendered_fixture(Lang::De);
    for spec in &config.figures {
        let name = format!("{}.html", spec.id.get_ref());
        let first = std::fs::read(a.path().join(&name)).unwrap();
        assert_eq!(
            first,
            std::fs::read(b.path().join(&name)).unwrap(),
            "{name}"
        );
        let svg = std::fs::metadata(a.path().join(format!("{}.svg", spec.id.get_ref())))
            .unwrap()
            .len();
        assert!(
            first.len() as u64 <= 2 * svg + 400_000,
            "{name}: {} bytes",
            first.len()
        );
    }
    assert_eq!(
        std::fs::read(a.path().join("index.html")).unwrap(),
        std::fs::read(b.path().join("index.html")).unwrap()
    );
}

#[test]
fn config_formats_and_text_outlines_are_read_and_checked() {
    let fixture = std::fs::read_to_string(fixture_config()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for name in ["projects.csv", "partners.csv"] {
        let from = fixture_config().parent().unwrap().join(name);
        std::fs::copy(from, dir.path().join(name)).unwrap();
    }
    let config_path = dir.path().join("report.toml");
    let with = |report: &str, style: &str| {
        let text = fixture
            .replace("[report]\n", &format!("[report]\n{report}\n"))
            .replace("[style]\n", &format!("[style]\n{style}\n"));
        std::fs::write(&config_path, text).unwrap();
    };
    with("formats = [\"svg\", \"jpeg\"]", "");
    let err = FigureConfig::load(&config_path).unwrap_err().to_string();
    assert!(
        err.contains("report.formats")
            && err.contains("\"jpeg\"")
            && err.contains("svg, png, pdf, html"),
        "{err}"
    );
    with("formats = [\"html\"]", "text = \"outlines\"");
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_ruhrmap"))
        .args(["render", "-q", "-o"])
        .arg(&out)
        .arg(&config_path)
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "index.html",
            "small-network.html",
            "small-network.layout.json",
            "small-seats.html",
            "small-seats.layout.json"
        ]
    );
    let page = std::fs::read_to_string(out.join("small-network.html")).unwrap();
    assert!(!page.contains("<text") && page.contains("<title>Bochum</title>"));
    with("", "text = \"pfade\"");
    let err = FigureConfig::load(&config_path).unwrap_err().to_string();
    assert!(err.contains("pfade") && err.contains("outlines"), "{err}");
}
