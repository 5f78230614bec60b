//! Geocoding end to end: the library API on coordinates and messy names, and
//! the `ruhrmap geocode` binary on Excel-style files, unresolved rows,
//! malformed input and the optional online backend (against a stub server on
//! 127.0.0.1).

use ruhrmap::{Ags, Boundaries, Geocoder, MatchKind, Region, SubregionScheme, read_table};

use crate::support::{ruhrmap, stderr};
use ruhrmap::crs::Reprojection;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

fn boundaries() -> &'static Boundaries {
    Boundaries::embedded()
}

fn geocoder() -> &'static Geocoder<'static> {
    static GEOCODER: OnceLock<Geocoder<'static>> = OnceLock::new();
    GEOCODER.get_or_init(|| {
        let b = boundaries();
        let region: &'static Region = Box::leak(Box::new(Region::ruhr(b)));
        let scheme: &'static SubregionScheme = Box::leak(Box::new(
            SubregionScheme::preset("kreise", region, b).unwrap(),
        ));
        Geocoder::new(b, region, scheme)
    })
}

fn ags(text: &str) -> Ags {
    text.parse().unwrap()
}

fn name_of(index: Option<ruhrmap::MunicipalityId>) -> Option<&'static str> {
    index.map(|i| boundaries().municipalities()[i].name.as_str())
}

fn point_of(code: &str) -> (f64, f64) {
    let p = boundaries().by_ags(ags(code)).unwrap().point;
    (p.x, p.y)
}

/// Reads a CSV written by `ruhrmap geocode` into header and rows.
fn read_output_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------- library

#[test]
fn coordinates_are_located_in_and_outside_the_region() {
    let g = geocoder();
    let (lon, lat) = point_of("05911000");
    let bochum = g.resolve(None, Some(lon), Some(lat));
    assert_eq!(
        (
            name_of(bochum.municipality),
            bochum.match_kind,
            bochum.in_region
        ),
        (Some("Bochum"), MatchKind::Coordinates, true)
    );
    assert_eq!(
        bochum.position.map(|p| (p.x, p.y)),
        Some((lon, lat)),
        "a given coordinate stays where it is"
    );

    let (lon, lat) = point_of("05515000");
    let muenster = g.resolve(None, Some(lon), Some(lat));
    assert_eq!(
        (name_of(muenster.municipality), muenster.in_region),
        (Some("Münster"), false)
    );

    // Paris: outside Germany, no municipality, the position kept
    let paris = g.resolve(None, Some(2.35), Some(48.86));
    assert_eq!(
        (paris.municipality, paris.match_kind, paris.in_region),
        (None, MatchKind::Coordinates, false)
    );
    assert_eq!(paris.position.map(|p| (p.x, p.y)), Some((2.35, 48.86)));
}

#[test]
fn swapped_and_projected_coordinates_are_corrected() {
    let g = geocoder();
    let (lon, lat) = point_of("05913000"); // Dortmund
    let swapped = g.resolve(None, Some(lat), Some(lon));
    assert_eq!(name_of(swapped.municipality), Some("Dortmund"));
    assert_eq!(swapped.position.map(|p| (p.x, p.y)), Some((lon, lat)));
    assert!(
        swapped.warnings.iter().any(|w| w.contains("swapped")),
        "{:?}",
        swapped.warnings
    );

    let utm = Reprojection::from_epsg(25832).unwrap();
    let geo_types::Coord { x: e, y: n } =
        utm.from_wgs84(geo_types::Coord { x: lon, y: lat }).unwrap();
    let projected = g.resolve(None, Some(e), Some(n));
    assert_eq!(name_of(projected.municipality), Some("Dortmund"));
    let p = projected.position.unwrap();
    assert!((p.x - lon).abs() < 1e-7 && (p.y - lat).abs() < 1e-7);
    assert!(
        projected.warnings.iter().any(|w| w.contains("EPSG:25832")),
        "{:?}",
        projected.warnings
    );
}

#[test]
fn messy_names_resolve_to_the_right_municipality() {
    let g = geocoder();
    let cases: [(&str, &str, MatchKind); 16] = [
        ("Bochum", "05911000", MatchKind::Exact),
        ("  GELSENKIRCHEN ", "05513000", MatchKind::Normalized),
        ("Mülheim a.d. Ruhr", "05117000", MatchKind::Normalized),
        ("Muelheim an der Ruhr", "05117000", MatchKind::Normalized),
        ("Stadt Castrop Rauxel", "05562004", MatchKind::Normalized),
        ("Hamm (Westf.)", "05915000", MatchKind::Normalized),
        ("Wetter", "05954032", MatchKind::Normalized),
        ("Voerde", "05170044", MatchKind::Normalized),
        ("Münster", "05515000", MatchKind::Exact),
        ("Bochum-Wattenscheid", "05911000", MatchKind::District),
        ("Gelsenkirchen-Buer", "05513000", MatchKind::District),
        ("Essen-Rüttenscheid", "05113000", MatchKind::District),
        (
            "Universitätsstraße 150, 44801 Bochum",
            "05911000",
            MatchKind::Address,
        ),
        ("Dortmnud", "05913000", MatchKind::Fuzzy),
        ("Oberhasuen", "05119000", MatchKind::Fuzzy),
        (
            "Essen, Rüttenscheider Str. 2",
            "05113000",
            MatchKind::Address,
        ),
    ];
    for (text, code, kind) in cases {
        let r = g.resolve(Some(text), None, None);
        let found = r.municipality.map(|i| boundaries().municipalities()[i].ags);
        assert_eq!((found, r.match_kind), (Some(ags(code)), kind), "{text:?}");
        assert_eq!(
            r.position,
            Some(boundaries().by_ags(ags(code)).unwrap().point),
            "{text:?} gets the representative point"
        );
    }
}

#[test]
fn postcode_and_town_use_the_postcode_table() {
    let g = geocoder();
    let b = boundaries();
    let bochum = b.index_of(ags("05911000")).unwrap();
    // take a postcode the shipped table assigns to Bochum, whatever it holds
    let postcode = (44700..44900)
        .map(|n| n.to_string())
        .find(|p| b.postcode_municipalities(p).contains(&bochum))
        .expect("a Bochum postcode");
    let r = g.resolve(Some(&format!("{postcode} Bochum")), None, None);
    assert_eq!(
        (r.municipality, r.match_kind),
        (Some(bochum), MatchKind::Postcode)
    );
    // the postcode alone
    let r = g.resolve(Some(&postcode), None, None);
    assert_eq!(r.match_kind, MatchKind::Postcode);
    assert!(
        b.postcode_municipalities(&postcode)
            .contains(&r.municipality.unwrap())
    );
}

#[test]
fn unresolved_names_carry_candidates() {
    let r = geocoder().resolve(Some("Gelsnkrchn-Bür"), None, None);
    assert_eq!(
        (r.match_kind, r.municipality, r.position),
        (MatchKind::Unresolved, None, None)
    );
    assert!(
        r.candidates.iter().any(|c| c.starts_with("Gelsenkirchen")),
        "{:?}",
        r.candidates
    );
}

#[test]
fn excel_csv_through_the_library() {
    let dir = temp_dir();
    // Windows-1252, semicolons, decimal commas, CRLF, a quoted multi-line address
    let path = write(
        dir.path(),
        "partner.csv",
        b"Organisation;Anschrift;Breite;L\xe4nge\r\n\
          Ruhr-Universit\xe4t;\"Universit\xe4tsstra\xdfe 150\r\n44801 Bochum\";;\r\n\
          Hochschule Ruhr West;M\xfclheim an der Ruhr;51,4275;6,8825\r\n",
    );
    let table = read_table(&path).unwrap();
    assert_eq!(
        table.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 4]
    );
    let resolutions: Vec<_> = table
        .rows
        .iter()
        .map(|r| geocoder().resolve_row(&table, r))
        .collect();
    assert_eq!(name_of(resolutions[0].municipality), Some("Bochum"));
    assert_eq!(resolutions[0].match_kind, MatchKind::Address);
    assert_eq!(resolutions[1].match_kind, MatchKind::Coordinates);
    assert_eq!(
        name_of(resolutions[1].municipality),
        Some("Mülheim an der Ruhr")
    );
}

// ---------------------------------------------------------------- binary

#[test]
fn excel_style_csv_end_to_end() {
    let dir = temp_dir();
    write(
        dir.path(),
        "partner.csv",
        b"Name;Ort;Breite;L\xe4nge;Rolle\r\n\
          RUB;Bochum;51,4445;7,2616;core\r\n\
          \"Emschergenossenschaft; Essen\";\"Kronprinzenstra\xdfe 24\r\n45128 Essen\";;;coordinator\r\n\
          HRW;M\xfclheim a.d. Ruhr;;;loose\r\n",
    );
    let output = ruhrmap(["geocode", "partner.csv", "-o", "out.csv"])
        .dir(dir.path())
        .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (headers, rows) = read_output_csv(&dir.path().join("out.csv"));
    assert_eq!(
        headers,
        [
            "Name",
            "Ort",
            "Breite",
            "Länge",
            "Rolle",
            "ags",
            "municipality",
            "district",
            "subregion",
            "in_region",
            "match",
            "lon",
            "lat",
            "country",
            "town"
        ]
    );
    assert_eq!(rows.len(), 3);
    // input cells verbatim, in input order
    assert_eq!(rows[0][..5], ["RUB", "Bochum", "51,4445", "7,2616", "core"]);
    assert_eq!(rows[1][0], "Emschergenossenschaft; Essen");
    assert_eq!(rows[1][1], "Kronprinzenstraße 24\r\n45128 Essen");
    assert_eq!(rows[2][1], "Mülheim a.d. Ruhr");
    let (m, k, lon, lat) = (
        column(&headers, "municipality"),
        column(&headers, "match"),
        column(&headers, "lon"),
        column(&headers, "lat"),
    );
    assert_eq!(
        (
            rows[0][m].as_str(),
            rows[0][k].as_str(),
            rows[0][lon].as_str(),
            rows[0][lat].as_str()
        ),
        ("Bochum", "coordinates", "7.2616", "51.4445")
    );
    assert_eq!(
        (rows[1][m].as_str(), rows[1][k].as_str()),
        ("Essen", "address")
    );
    assert_eq!(
        (rows[2][m].as_str(), rows[2][k].as_str()),
        ("Mülheim an der Ruhr", "normalized")
    );
    assert_eq!(rows[2][column(&headers, "ags")], "05117000");
    assert_eq!(rows[2][column(&headers, "in_region")], "true");
    assert!(!rows[2][column(&headers, "subregion")].is_empty());
}

#[test]
fn utf8_bom_and_tabs_are_read() {
    let dir = temp_dir();
    write(
        dir.path(),
        "p.tsv",
        "\u{feff}name\tplace\nTU Dortmund\tDortmund\nFH\tHerne\n".as_bytes(),
    );
    let output = ruhrmap(["geocode", "p.tsv", "--format", "csv"])
        .dir(dir.path())
        .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "name,place,ags,municipality,district,subregion,in_region,match,lon,lat,country,town"
    );
    assert!(
        lines[1].starts_with("TU Dortmund,Dortmund,05913000,Dortmund,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("FH,Herne,05916000,Herne,"),
        "{}",
        lines[2]
    );
}

#[test]
fn unresolved_rows_are_written_named_and_exit_1() {
    let dir = temp_dir();
    write(
        dir.path(),
        "partner.csv",
        "name;ort\nRUB;Bochum\nX;Gelsnkrchn-Bür\nY;\nTU;Dortmund\n".as_bytes(),
    );
    let output = ruhrmap(["geocode", "partner.csv", "-o", "out.geojson"])
        .dir(dir.path())
        .output();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("partner.csv:3: unresolved place \"Gelsnkrchn-Bür\"; closest: Gelsenkirchen"),
        "{err}"
    );
    assert!(
        err.contains("partner.csv:4: no place and no usable coordinates"),
        "{err}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.geojson")).unwrap())
            .unwrap();
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), 4, "nothing is dropped");
    let names: Vec<&str> = features
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["RUB", "X", "Y", "TU"]);
    for k in [1, 2] {
        assert_eq!(features[k]["properties"]["match"], "unresolved");
        assert!(features[k]["geometry"].is_null());
        assert!(features[k]["properties"]["lon"].is_null());
    }
    assert_eq!(features[3]["properties"]["municipality"], "Dortmund");
    assert_eq!(features[3]["geometry"]["type"], "Point");
}

#[test]
fn malformed_files_exit_2_and_leave_the_output_alone() {
    let dir = temp_dir();
    let previous = b"previous output, must survive\n";
    write(dir.path(), "out.csv", previous);
    let cases: [(&str, &[u8], &[&str]); 4] = [
        (
            "numbers.csv",
            b"name;ort;lat;lon\nA;Bochum;51,4;7,2\nB;Essen;51,4;sieben\n",
            &["numbers.csv", "line 3", "\"lon\"", "\"sieben\""],
        ),
        (
            "columns.csv",
            b"name;telefon\nA;0234\n",
            &["columns.csv", "line 1", "\"telefon\""],
        ),
        (
            "binary.csv",
            b"name;ort\nA;B\x00\x01\x02\n",
            &["binary.csv", "line 2", "column 4"],
        ),
        (
            "fields.csv",
            b"name;ort\nA;Bochum\nB;Essen;zu viel\n",
            &["fields.csv", "line 3", "3 fields"],
        ),
    ];
    for (name, bytes, expected) in cases {
        write(dir.path(), name, bytes);
        let output = ruhrmap(["geocode", name, "-o", "out.csv"])
            .dir(dir.path())
            .output();
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        let err = stderr(&output);
        for part in expected {
            assert!(err.contains(part), "{name}: {part:?} missing in {err}");
        }
        assert_eq!(
            std::fs::read(dir.path().join("out.csv")).unwrap(),
            previous,
            "{name} touched the output"
        );
    }
    // no temporary files left behind either
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn a_bad_record_late_in_a_large_file_aborts_the_streamed_output() {
    let dir = temp_dir();
    let previous = b"previous output\n";
    write(dir.path(), "out.geojson", previous);
    let mut text = String::from("name;ort;lat;lon\n");
    for k in 0..40_000 {
        text.push_str(&format!("P{k};Bochum;51,4818;7,2162\n"));
    }
    text.push_str("Q;Essen;51,45;sieben\n");
    write(dir.path(), "big.csv", text.as_bytes());
    // to a file: the blocks before the bad one were already formatted, but
    // the output is replaced only when everything succeeded
    let output = ruhrmap(["geocode", "big.csv", "-o", "out.geojson"])
        .dir(dir.path())
        .output();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("big.csv, line 40002, column \"lon\""),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(dir.path().join("out.geojson")).unwrap(),
        previous
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // to standard output: nothing at all is written
    let output = ruhrmap(["geocode", "big.csv", "--format", "csv"])
        .dir(dir.path())
        .output();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.is_empty(),
        "{} bytes on stdout",
        output.stdout.len()
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = temp_dir();
    write(dir.path(), "p.csv", b"name;ort\nA;Bochum\n");
    let unknown_extension = ruhrmap(["geocode", "p.csv", "-o", "out.xlsx"])
        .dir(dir.path())
        .output();
    assert_eq!(unknown_extension.status.code(), Some(2));
    assert!(stderr(&unknown_extension).contains("--format"));
    assert!(!dir.path().join("out.xlsx").exists());
    let missing = ruhrmap(["geocode", "nothing.csv"]).dir(dir.path()).output();
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nothing.csv"));
    let bad_region = ruhrmap(["geocode", "p.csv", "--region", "Kreis Wesl"])
        .dir(dir.path())
        .output();
    assert_eq!(bad_region.status.code(), Some(2));
    assert!(
        stderr(&bad_region).contains("Kreis Wesel"),
        "suggests the right name: {}",
        stderr(&bad_region)
    );
}

#[test]
fn geojson_points_in_geojson_out_deterministically() {
    let dir = temp_dir();
    let (lon, lat) = point_of("05562032"); // Recklinghausen
    let input = format!(
        r#"{{"type": "FeatureCollection", "features": [
  {{"type": "Feature", "properties": {{"name": "FH Recklinghausen", "typ": "science"}}, "geometry": {{"type": "Point", "coordinates": [{lon}, {lat}]}}}},
  {{"type": "Feature", "properties": {{"name": "IHK", "ort": "Bochum"}}, "geometry": null}}
]}}"#
    );
    write(dir.path(), "partner.geojson", input.as_bytes());
    let first = ruhrmap(["geocode", "partner.geojson", "-o", "a.geojson"])
        .dir(dir.path())
        .output();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let second = ruhrmap(["geocode", "partner.geojson", "-o", "b.geojson"])
        .dir(dir.path())
        .output();
    assert_eq!(second.status.code(), Some(0));
    let a = std::fs::read(dir.path().join("a.geojson")).unwrap();
    assert_eq!(
        a,
        std::fs::read(dir.path().join("b.geojson")).unwrap(),
        "same input, same bytes"
    );
    let json: serde_json::Value = serde_json::from_slice(&a).unwrap();
    let features = json["features"].as_array().unwrap();
    assert_eq!(features[0]["properties"]["municipality"], "Recklinghausen");
    assert_eq!(features[0]["properties"]["match"], "coordinates");
    assert_eq!(features[0]["properties"]["typ"], "science");
    assert_eq!(features[1]["properties"]["municipality"], "Bochum");
    assert_eq!(features[1]["properties"]["match"], "exact");
}

#[test]
fn region_and_subregion_options() {
    let dir = temp_dir();
    write(dir.path(), "p.csv", b"name;ort\nA;Unna\nB;Bochum\n");
    let output = ruhrmap([
        "geocode",
        "p.csv",
        "-o",
        "out.csv",
        "--region",
        "Kreis Unna",
        "--subregions",
        "zonen",
    ])
    .dir(dir.path())
    .output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (headers, rows) = read_output_csv(&dir.path().join("out.csv"));
    let in_region = column(&headers, "in_region");
    assert_eq!(
        (rows[0][in_region].as_str(), rows[1][in_region].as_str()),
        ("true", "false")
    );
    let subregion = column(&headers, "subregion");
    assert!(!rows[0][subregion].is_empty());
    assert!(
        rows[1][subregion].is_empty(),
        "Bochum lies outside the chosen region"
    );
}

/// A stub Nominatim: one result for queries mentioning "Kronprinzenstra",
/// none otherwise; counts the requests it serves.
fn stub_nominatim() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let served = Arc::new(AtomicUsize::new(0));
    let counter = served.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                    break;
                }
            }
            let body = if request.contains("Kronprinzenstra") {
                r#"[{"lat":"51.4494","lon":"7.0021","display_name":"Kronprinzenstraße 24, Essen"}]"#
            } else {
                "[]"
            };
            counter.fetch_add(1, Ordering::SeqCst);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, served)
}

#[test]
fn online_backend_with_a_committed_cache() {
    let dir = temp_dir();
    write(
        dir.path(),
        "p.csv",
        "name;adresse\nEGLV;Kronprinzenstraße 24, 45128 Essen\nRUB;Bochum\n".as_bytes(),
    );
    let (url, served) = stub_nominatim();
    let args = [
        "geocode",
        "p.csv",
        "-o",
        "out.csv",
        "--online",
        &url,
        "--cache",
        "cache.json",
        "--online-interval",
        "0",
    ];
    let output = ruhrmap(args).dir(dir.path()).output();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (headers, rows) = read_output_csv(&dir.path().join("out.csv"));
    let (k, m, lon) = (
        column(&headers, "match"),
        column(&headers, "municipality"),
        column(&headers, "lon"),
    );
    assert_eq!(
        (
            rows[0][k].as_str(),
            rows[0][m].as_str(),
            rows[0][lon].as_str()
        ),
        ("online", "Essen", "7.0021")
    );
    // a plain town name needs no street-level lookup
    assert_eq!(rows[1][k], "exact");
    assert_eq!(served.load(Ordering::SeqCst), 1);
    let cache = std::fs::read_to_string(dir.path().join("cache.json")).unwrap();
    assert!(
        cache.contains("\"Kronprinzenstraße 24, 45128 Essen\""),
        "{cache}"
    );

    // a rerun is answered from the cache: same output, no request
    let first = std::fs::read(dir.path().join("out.csv")).unwrap();
    let rerun = ruhrmap(args).dir(dir.path()).output();
    assert_eq!(rerun.status.code(), Some(0));
    assert_eq!(std::fs::read(dir.path().join("out.csv")).unwrap(), first);
    assert_eq!(served.load(Ordering::SeqCst), 1);
}

#[test]
fn online_backend_needs_a_usable_url() {
    let dir = temp_dir();
    write(dir.path(), "p.csv", b"name;ort\nA;Bochum\n");
    let output = ruhrmap(["geocode", "p.csv", "--online", "nominatim.example.org"])
        .dir(dir.path())
        .output();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--online"), "{}", stderr(&output));
}
