//! Beyond the border: partners abroad named by their town and country, from
//! coordinates (nearest town within 25 km) and from place names (GeoNames
//! and German names), and the open sea left unnamed.

use ruhrmap::boundaries::{Context, MAX_TOWN_DISTANCE_KM};
use ruhrmap::{Boundaries, Geocoder, MatchKind, Region, SubregionScheme};
use std::sync::OnceLock;

fn geocoder() -> &'static Geocoder<'static> {
    static GEOCODER: OnceLock<Geocoder<'static>> = OnceLock::new();
    GEOCODER.get_or_init(|| {
        let b = Boundaries::embedded();
        let region: &'static Region = Box::leak(Box::new(Region::ruhr(b)));
        let scheme: &'static SubregionScheme = Box::leak(Box::new(
            SubregionScheme::preset("kreise", region, b).unwrap(),
        ));
        Geocoder::new(b, region, scheme)
    })
}

/// (town, country) of a resolution.
fn place(r: &ruhrmap::geocode::Resolution) -> (Option<&str>, Option<&str>) {
    (r.town.as_deref(), r.country.as_deref())
}

#[test]
fn partners_across_the_dutch_border_are_named_by_coordinates() {
    let g = geocoder();
    for (lon, lat, town) in [
        (5.8528, 51.8425, "Nimwegen"),
        (6.8958, 52.2183, "Enschede"),
        (6.1681, 51.3700, "Venlo"),
    ] {
        let r = g.resolve(None, Some(lon), Some(lat));
        assert_eq!(r.match_kind, MatchKind::Coordinates);
        assert_eq!(r.municipality, None, "{town}");
        assert_eq!(place(&r), (Some(town), Some("NL")), "{lon}, {lat}");
        assert_eq!(r.position.unwrap().x, lon, "the given position stays");
    }
}

#[test]
fn partners_across_the_dutch_border_are_named_by_place_text() {
    let g = geocoder();
    for (text, town, country) in [
        ("Nijmegen", "Nimwegen", "NL"),
        ("Nimwegen", "Nimwegen", "NL"),
        ("Enschede", "Enschede", "NL"),
        ("Venlo", "Venlo", "NL"),
        ("Brüssel", "Brüssel", "BE"),
        ("Lüttich", "Lüttich", "BE"),
        ("Maastricht", "Maastricht", "NL"),
        ("Straßburg", "Straßburg", "FR"),
        ("Wien", "Wien", "AT"),
        ("Prag", "Prag", "CZ"),
        ("Breslau", "Breslau", "PL"),
        ("Kopenhagen", "Kopenhagen", "DK"),
        ("Luxemburg", "Luxemburg", "LU"),
        ("Arnheim", "Arnheim", "NL"),
    ] {
        let r = g.resolve(Some(text), None, None);
        assert_eq!(r.match_kind, MatchKind::Abroad, "{text}: {r:?}");
        assert_eq!(place(&r), (Some(town), Some(country)), "{text}");
        assert!(r.municipality.is_none() && !r.in_region, "{text}");
        assert!(r.position.is_some(), "{text}");
    }
    // Brussels lies where Brussels is
    let brussels = g.resolve(Some("Brüssel"), None, None).position.unwrap();
    assert!((brussels.x - 4.35).abs() < 0.05 && (brussels.y - 50.85).abs() < 0.05);
}

#[test]
fn german_municipalities_keep_their_names_and_are_in_germany() {
    let g = geocoder();
    let b = Boundaries::embedded();
    // Bergen is also the German name of Mons: the German municipality wins
    let r = g.resolve(Some("Kleve"), None, None);
    assert_eq!(b.municipalities()[r.municipality.unwrap()].name, "Kleve");
    assert_eq!(place(&r), (None, Some("DE")));
    let r = g.resolve(Some("Bergen"), None, None);
    assert_ne!(r.match_kind, MatchKind::Abroad);
    // coordinates in Nijmegen with its Dutch name: no contradiction warned
    let r = g.resolve(Some("Nijmegen"), Some(5.86), Some(51.84));
    assert!(
        r.warnings.iter().all(|w| !w.contains("names")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn the_north_sea_is_not_a_town_80_km_away() {
    let g = geocoder();
    // 80 km off the Dutch coast, north-west of Den Helder
    let r = g.resolve(None, Some(3.6), Some(53.4));
    assert_eq!(r.municipality, None);
    assert_eq!(place(&r), (None, None));
    assert!(
        Context::embedded()
            .nearest_town(geo_types::Coord { x: 3.6, y: 53.4 })
            .is_none()
    );
    assert_eq!(MAX_TOWN_DISTANCE_KM, 25.0);
    // an unknown name stays unresolved, not abroad
    let r = g.resolve(Some("Atlantis"), None, None);
    assert_eq!((r.match_kind, r.town), (MatchKind::Unresolved, None));
}

/// The partners layer names every partner's country and town: `DE` and the
/// municipality in Germany, the country and town abroad, nothing unknown.
#[test]
fn the_partners_layer_carries_country_and_town() {
    use ruhrmap::export::partners_layer;
    use ruhrmap::network::AnalysisInputs;
    use ruhrmap::{Lang, Network};
    let b = Boundaries::embedded();
    let ruhr = Region::ruhr(b);
    let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
    let geocoder = Geocoder::new(b, &ruhr, &zonen);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
    let network = Network::load(
        &dir.join("projects.csv"),
        &dir.join("partners.csv"),
        &geocoder,
    )
    .unwrap();
    let layer = partners_layer(&AnalysisInputs {
        boundaries: b,
        region: &ruhr,
        subregions: &zonen,
        north_south: None,
        network: &network,
        lang: Lang::De,
    });
    let json: serde_json::Value = serde_json::from_str(&layer.text).unwrap();
    let mut abroad = Vec::new();
    for f in json["features"].as_array().unwrap() {
        let p = &f["properties"];
        assert!(p.get("country").is_some() && p.get("town").is_some(), "{p}");
        if f["geometry"].is_null() {
            assert!(p["country"].is_null() && p["town"].is_null(), "{p}");
        } else if p["municipality"].is_string() {
            assert_eq!(p["country"], "DE", "{p}");
            assert_eq!(p["town"], p["municipality"], "{p}");
        } else {
            abroad.push((p["town"].clone(), p["country"].clone()));
        }
    }
    let pair = |t: &str, c: &str| (serde_json::Value::from(t), serde_json::Value::from(c));
    for expected in [
        pair("Amsterdam", "NL"),
        pair("Maastricht", "NL"),
        pair("Brüssel", "BE"),
    ] {
        assert!(abroad.contains(&expected), "{expected:?} not in {abroad:?}");
    }
}
