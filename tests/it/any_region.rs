//! Regions other than the Ruhr: sub-regions by default and by preset, regions
//! by name, and geocoding that prefers the region whatever the spelling.

use ruhrmap::boundaries::RegionError;
use ruhrmap::{
    Boundaries, FigureConfig, FigureData, Geocoder, MatchKind, Region, Resolution, SubregionScheme,
};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn region(selectors: &[&str]) -> Region {
    let selectors: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
    Region::from_selectors("test", &selectors, Boundaries::embedded()).unwrap()
}

fn labels(scheme: &SubregionScheme) -> Vec<&str> {
    scheme
        .classes()
        .iter()
        .map(|c| c.label_de.as_str())
        .collect()
}

const MUENSTERLAND: [&str; 5] = ["05515", "05554", "05558", "05566", "05570"];

#[test]
fn a_muensterland_report_builds_with_its_kreise_as_sub_regions() {
    let config = FigureConfig::load(&fixture("muensterland/report.toml")).unwrap();
    let data = FigureData::load(&config).unwrap();
    assert_eq!(data.region.name(), "Münsterland");
    assert_eq!(data.subregions.name(), "kreise");
    assert_eq!(
        labels(&data.subregions),
        [
            "Münster",
            "Kreis Borken",
            "Kreis Coesfeld",
            "Kreis Steinfurt",
            "Kreis Warendorf"
        ]
    );
    assert!(data.subregions.unassigned().is_empty());
    // "muenster" and "Münster" are the same city, in the region
    assert!(
        data.load_report.warnings.is_empty(),
        "{:?}",
        data.load_report.warnings
    );

    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_ruhrmap"))
        .args([
            "build",
            fixture("muensterland/report.toml").to_str().unwrap(),
            "-o",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let table = std::fs::read_to_string(out.path().join("tables/by-subregion.csv")).unwrap();
    for kreis in ["kreis-borken,Kreis Borken,17,", "muenster,Münster,1,"] {
        assert!(table.contains(kreis), "{kreis} missing from\n{table}");
    }
    let svg = std::fs::read_to_string(out.path().join("muensterland-netzwerk.svg")).unwrap();
    assert!(svg.contains("Kreis Warendorf"), "legend lacks the Kreise");
}

#[test]
fn the_default_sub_regions_split_the_region_at_the_first_level_that_does() {
    let b = Boundaries::embedded();
    let default = |r: &Region| SubregionScheme::default_for(r, b).unwrap();
    assert_eq!(default(&Region::ruhr(b)).name(), "zonen");
    let nrw = default(&region(&["Nordrhein-Westfalen"]));
    assert_eq!(nrw.name(), "regierungsbezirke");
    assert_eq!(
        labels(&nrw),
        [
            "Regierungsbezirk Düsseldorf",
            "Regierungsbezirk Köln",
            "Regierungsbezirk Münster",
            "Regierungsbezirk Detmold",
            "Regierungsbezirk Arnsberg"
        ]
    );
    assert_eq!(default(&region(&MUENSTERLAND)).name(), "kreise");
    let north = default(&region(&["Niedersachsen", "Bremen", "Hamburg"]));
    assert_eq!(north.name(), "laender");
    assert_eq!(labels(&north), ["Hamburg", "Niedersachsen", "Bremen"]);
    // a single Kreis: its one class
    assert_eq!(labels(&default(&region(&["Kreis Unna"]))), ["Kreis Unna"]);
    // the presets that work anywhere, where zonen once failed
    let bavaria = region(&["09"]);
    for preset in ["kreise", "regierungsbezirke", "laender", "none"] {
        let scheme = SubregionScheme::preset(preset, &bavaria, b).unwrap();
        assert_eq!(
            scheme.assignments().count() + scheme.unassigned().len(),
            bavaria.members().len(),
            "{preset}"
        );
    }
    assert_eq!(
        SubregionScheme::preset("regierungsbezirke", &bavaria, b)
            .unwrap()
            .classes()
            .len(),
        7
    );
    assert!(SubregionScheme::preset("zonen", &bavaria, b).is_err());
}

#[test]
fn regions_are_selected_by_name() {
    let b = Boundaries::embedded();
    let count = |name: &str| region(&[name]).members().len();
    assert_eq!(count("Kreis Unna"), 10);
    assert_eq!(count("Regierungsbezirk Münster"), 78);
    assert_eq!(count("RB Münster"), 78);
    assert_eq!(
        region(&["Regierungsbezirk Münster"]).members(),
        region(&["055"]).members()
    );
    assert_eq!(count("Nordrhein-Westfalen"), count("05"));
    assert_eq!(count("Deutschland"), b.municipalities().len());
    assert_eq!(count("Ruhr"), 53);
    assert_eq!(count("Regionalverband Ruhr"), 53);

    // a config that names its region without selectors
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("muensterland/projects.csv"),
        dir.path().join("projects.csv"),
    )
    .unwrap();
    std::fs::copy(
        fixture("muensterland/partners.csv"),
        dir.path().join("partners.csv"),
    )
    .unwrap();
    let config = |name: &str| {
        let path = dir.path().join("report.toml");
        std::fs::write(
            &path,
            format!(
                "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n\n[region]\nname = \"{name}\"\n\n[[figures]]\nid = \"a\"\nkind = \"seats\"\ntitle = \"Sitze\"\n"
            ),
        )
        .unwrap();
        FigureConfig::load(&path).unwrap()
    };
    let data = FigureData::load(&config("Regierungsbezirk Münster")).unwrap();
    assert_eq!(data.region.members().len(), 78);
    assert_eq!(data.subregions.name(), "kreise");
    let err = match FigureData::load(&config("Regierungsbezirk Münstr")) {
        Err(e) => e,
        Ok(_) => panic!("an unknown region name was accepted"),
    };
    let message = err.to_string();
    assert!(
        message.contains("report.toml") && message.contains("[region]"),
        "{message}"
    );
    let source = std::error::Error::source(&err).unwrap().to_string();
    assert!(
        source.contains("\"Regierungsbezirk Münstr\"")
            && source.contains("did you mean \"Regierungsbezirk Münster\""),
        "{source}"
    );
    assert!(matches!(
        Region::from_selectors("x", &["Kreis Unnna".to_string()], b),
        Err(RegionError::Unknown { suggestions, .. }) if suggestions.first().map(String::as_str) == Some("Kreis Unna")
    ));
}

/// Resolves `text` for a region given by selectors; the AGS and the warnings.
fn geocode(selectors: &[&str], texts: &[&str]) -> Vec<(String, Resolution)> {
    let b = Boundaries::embedded();
    let region = if selectors.is_empty() {
        Region::ruhr(b)
    } else {
        region(selectors)
    };
    let scheme = SubregionScheme::none(&region);
    let geocoder = Geocoder::new(b, &region, &scheme);
    texts
        .iter()
        .map(|t| {
            let r = geocoder.resolve(Some(t), None, None);
            let ags = r
                .municipality
                .map(|i| b.municipalities()[i].ags.to_string())
                .unwrap_or_default();
            (ags, r)
        })
        .collect()
}

#[test]
fn halle_and_hude_do_not_depend_on_case_and_prefer_the_region() {
    // from the Ruhr: the Halle in NRW, whatever the case, with a note naming the others
    for (ags, r) in geocode(&[], &["Halle", "halle", "HALLE"]) {
        assert_eq!(ags, "05754012", "Halle (Westf.)");
        let note = r.warnings.join(" | ");
        assert!(
            note.contains("none in the region, one in Nordrhein-Westfalen")
                && note.contains("Halle (Saale)"),
            "{note}"
        );
        assert_eq!(r.candidates.len(), 3, "{:?}", r.candidates);
    }
    // from Sachsen-Anhalt: Halle (Saale), which lies in the region; no warning
    for (ags, r) in geocode(&["15"], &["Halle", "halle"]) {
        assert_eq!(ags, "15002000");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }
    // Germany-wide: all four in the region, so the likeliest (the kreisfreie Stadt) with a note
    // saying so
    for (ags, r) in geocode(&["Deutschland"], &["Halle", "halle"]) {
        assert_eq!(ags, "15002000");
        assert!(
            r.warnings[0].contains(
                "names 4 municipalities, all in the region; took the likeliest (a kreisfreie Stadt"
            ),
            "{:?}",
            r.warnings
        );
    }
    // the kind of municipality stands in for population before area does: "Hagen" is the
    // kreisfreie Stadt (160 km²), not the larger Hagen im Bremischen (Niedersachsen)
    for (ags, _) in geocode(&["Deutschland"], &["Hagen", "HAGEN"]) {
        assert_eq!(ags, "05914000");
    }
    // Hude: Hude (Oldb), the larger, in every case; in Schleswig-Holstein the village there
    for (ags, _) in geocode(&[], &["Hude", "HUDE", "hude"]) {
        assert_eq!(ags, "03458010");
    }
    for (ags, _) in geocode(&["Schleswig-Holstein"], &["Hude", "HUDE"]) {
        assert_eq!(ags, "01054054");
    }
}

#[test]
fn ambiguity_warnings_say_what_is_true_for_the_region() {
    let (ags, r) = geocode(&["Deutschland"], &["Hamm (Westf.)"]).remove(0);
    assert_eq!(ags, "05915000");
    let note = &r.warnings[0];
    assert!(
        note.contains("names 4 municipalities, all in the region") && !note.contains("none in"),
        "{note}"
    );
    // in the Ruhr the Ruhr's Hamm is simply taken
    let (ags, r) = geocode(&[], &["Hamm (Westf.)"]).remove(0);
    assert_eq!(ags, "05915000");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn english_dutch_and_french_names_of_german_cities_resolve() {
    let cases = [
        ("Cologne", "05315000"),
        ("Keulen", "05315000"),
        ("Munich", "09162000"),
        ("Nuremberg", "09564000"),
        ("Neurenberg", "09564000"),
        ("Brunswick", "03101000"),
        ("Aix-la-Chapelle", "05334002"),
        ("Aken", "05334002"),
        ("Hanover", "03241001"),
        ("Hanovre", "03241001"),
        ("Mayence", "07315000"),
        ("Treves", "07211000"),
        ("Trèves", "07211000"),
        ("Coblence", "07111000"),
        ("Frankfort", "06412000"),
        ("Dusseldorf", "05111000"),
        ("Duesseldorf", "05111000"),
        ("DÜSSELDORF", "05111000"),
    ];
    let texts: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for ((text, expected), (ags, r)) in cases.iter().zip(geocode(&[], &texts)) {
        assert_eq!(&ags, expected, "{text}");
        assert_ne!(r.match_kind, MatchKind::Fuzzy, "{text}");
    }
    // Aken (Elbe) is still Aken for a region around it
    assert_eq!(geocode(&["15"], &["Aken"])[0].0, "15082005");
}

/// The five spellings of a name: official, lower, UPPER, umlauts
/// transliterated, hyphens and spaces swapped.
fn spellings(name: &str) -> [String; 5] {
    let transliterated = name
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('Ä', "Ae")
        .replace('Ö', "Oe")
        .replace('Ü', "Ue")
        .replace('ß', "ss");
    let swapped: String = name
        .chars()
        .map(|c| match c {
            '-' => ' ',
            ' ' => '-',
            c => c,
        })
        .collect();
    [
        name.to_string(),
        name.to_lowercase(),
        name.to_uppercase(),
        transliterated,
        swapped,
    ]
}

#[test]
fn every_official_name_resolves_alike_in_five_spellings() {
    let b = Boundaries::embedded();
    let mut names: Vec<&str> = b.municipalities().iter().map(|m| m.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for selectors in [&[][..], &["Deutschland"][..]] {
        let region = if selectors.is_empty() {
            Region::ruhr(b)
        } else {
            region(selectors)
        };
        let scheme = SubregionScheme::none(&region);
        let geocoder = Geocoder::new(b, &region, &scheme);
        let mut disagreements = Vec::new();
        for name in &names {
            let answers: Vec<Option<ruhrmap::MunicipalityId>> = spellings(name)
                .iter()
                .map(|s| geocoder.resolve(Some(s), None, None).municipality)
                .collect();
            assert!(answers[0].is_some(), "{name} unresolved");
            if answers.iter().any(|a| *a != answers[0]) {
                disagreements.push(format!("{name}: {answers:?}"));
            }
        }
        assert!(
            disagreements.is_empty(),
            "{selectors:?}: {} of {} names resolve differently by spelling: {:?}",
            disagreements.len(),
            names.len(),
            &disagreements[..disagreements.len().min(10)]
        );
    }
}

/// The seats of the example's 73 projects and one project's network on a
/// map of all Germany: each page keeps to an A4 text block (160 × 225 mm) by
/// putting the legend beside the map, and says so in its layout report.
#[test]
fn germany_seats_and_network_figures_fit_an_a4_text_block() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
    for file in ["projects.csv", "partners.csv"] {
        std::fs::copy(example.join(file), dir.path().join(file)).unwrap();
    }
    let config = dir.path().join("report.toml");
    std::fs::write(
        &config,
        "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n\n\
         [region]\nname = \"Deutschland\"\nselectors = [\"Deutschland\"]\n\n\
         [style]\nallow_collisions = true\nallow_unplaced_labels = true\n\n\
         [[figures]]\nid = \"sitze\"\nkind = \"seats\"\ntitle = \"Sitze\"\n\n\
         [[figures]]\nid = \"netz\"\nkind = \"network\"\ntitle = \"Netz\"\nprojects = [\"P3\"]\n",
    )
    .unwrap();
    let config = FigureConfig::load(&config).unwrap();
    let data = FigureData::load(&config).unwrap();
    assert_eq!(data.subregions.classes().len(), 16);
    for index in [0, 1] {
        let figure = ruhrmap::build_figure(&config, index, &data, ruhrmap::Lang::De).unwrap();
        let id = &figure.id;
        assert_eq!(figure.scene.width_mm, 160.0, "{id}");
        assert!(
            figure.scene.height_mm <= 225.0,
            "{id}: page {} mm high",
            figure.scene.height_mm
        );
        assert_eq!(figure.layout.height_mm, figure.scene.height_mm, "{id}");
        // the map is still most of the page: not shrunk to a stamp
        assert!(
            figure.scene.height_mm > 120.0,
            "{id}: {}",
            figure.scene.height_mm
        );
    }
}
