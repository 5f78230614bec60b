//! The illustrative Ruhr-Konferenz dataset in `examples/ruhr-konferenz/`
//! agrees with every statement the evaluation report makes about the
//! projects and their networks. Each test loads the data through
//! `Network::load` and computes the statement from it.

use ruhrmap::{Boundaries, Geocoder, Network, Partner, Region, Role, SubregionScheme, read_table};

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz")
}

/// The example network, geocoded against the Ruhr with the default preset.
fn example() -> Network {
    let b = Boundaries::embedded();
    let region = Region::ruhr(b);
    let scheme = SubregionScheme::preset("zonen", &region, b).unwrap();
    let geocoder = Geocoder::new(b, &region, &scheme);
    let dir = example_dir();
    Network::load(
        &dir.join("projects.csv"),
        &dir.join("partners.csv"),
        &geocoder,
    )
    .unwrap_or_else(|e| panic!("the example does not load: {e}"))
}

const NETWORK_PROJECTS: [&str; 14] = [
    "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10", "P11", "P12", "P13", "P14",
];

const HELLWEG_CITIES: [&str; 4] = ["Duisburg", "Essen", "Bochum", "Dortmund"];

/// The official name of a partner's municipality, if it has one.
fn municipality_name(partner: &Partner) -> Option<&'static str> {
    let b = Boundaries::embedded();
    partner
        .site
        .and_then(|s| s.municipality)
        .map(|i| b.municipalities()[i].name.as_str())
}

fn is_outside_ruhr(partner: &Partner) -> bool {
    partner.site.is_some_and(|s| !s.in_region)
}

fn is_inside_ruhr(partner: &Partner) -> bool {
    partner.site.is_some_and(|s| s.in_region)
}

/// Whether a site lies in the northern Ruhr of the `nord-sued` preset.
fn in_northern_ruhr(site: Option<ruhrmap::network::Site>, nord_sued: &SubregionScheme) -> bool {
    let b = Boundaries::embedded();
    site.and_then(|s| s.municipality)
        .and_then(|i| nord_sued.of(b.municipalities()[i].ags))
        .is_some_and(|class| class.id == "nord")
}

fn nord_sued() -> SubregionScheme {
    let b = Boundaries::embedded();
    SubregionScheme::preset("nord-sued", &Region::ruhr(b), b).unwrap()
}

fn count(network: &Network, project: &str, keep: impl Fn(&Partner) -> bool) -> usize {
    network.partners_of(project).filter(|p| keep(p)).count()
}

#[test]
fn figure_1_has_the_73_projects_of_the_first_pillar_with_their_status() {
    let network = example();
    assert_eq!(network.projects.len(), 73);
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for project in &network.projects {
        *by_status.entry(project.status.as_str()).or_default() += 1;
    }
    assert_eq!(by_status.get("running"), Some(&34));
    assert_eq!(by_status.get("finished"), Some(&23));
    assert_eq!(by_status.get("not_pursued"), Some(&13));
    assert_eq!(by_status.get("under_review"), Some(&3));
    let fields: BTreeSet<&str> = network.projects.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, BTreeSet::from(["HF1", "HF2", "HF3", "HF4", "HF5"]));
}

#[test]
fn coordination_seats_are_mostly_in_the_ruhr_with_ministries_in_duesseldorf() {
    let network = example();
    let b = Boundaries::embedded();
    let seats: Vec<_> = network
        .projects
        .iter()
        .map(|p| p.seat.expect("every project has a seat"))
        .collect();
    let inside = seats.iter().filter(|s| s.in_region).count();
    assert!(
        inside * 4 > seats.len() * 3,
        "only {inside} of {} seats in the Ruhr",
        seats.len()
    );
    let outside: BTreeSet<&str> = seats
        .iter()
        .filter(|s| !s.in_region)
        .filter_map(|s| s.municipality)
        .map(|i| b.municipalities()[i].name.as_str())
        .collect();
    assert!(outside.contains("Düsseldorf"), "{outside:?}");
    let ministries_in_duesseldorf = network
        .projects
        .iter()
        .filter(|p| p.coordinator.starts_with("Ministerium"))
        .filter(|p| {
            p.seat
                .and_then(|s| s.municipality)
                .map(|i| b.municipalities()[i].name.as_str())
                == Some("Düsseldorf")
        })
        .count();
    assert!(
        ministries_in_duesseldorf >= 3,
        "{ministries_in_duesseldorf}"
    );
    // Within the Ruhr, most seats are in the four Hellweg cities.
    let hellweg = seats
        .iter()
        .filter(|s| s.in_region)
        .filter(|s| {
            HELLWEG_CITIES.contains(&b.municipalities()[s.municipality.unwrap()].name.as_str())
        })
        .count();
    assert!(hellweg * 2 > inside, "{hellweg} of {inside}");
}

#[test]
fn the_networks_are_projects_p1_to_p14() {
    let network = example();
    let ids: Vec<&str> = network.network_projects().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, NETWORK_PROJECTS);
    for id in NETWORK_PROJECTS {
        let project = network.project(id).unwrap();
        let coordinator = network.coordinator_of(id).unwrap();
        assert_eq!(project.coordinator, coordinator.name, "{id}");
        assert_eq!(
            project.seat.and_then(|s| s.municipality),
            coordinator.site.and_then(|s| s.municipality),
            "{id}: seat and coordinator site differ"
        );
    }
}

#[test]
fn about_190_cooperation_links() {
    let network = example();
    let links = network.links().count();
    assert!((185..=195).contains(&links), "{links} links");
    assert_eq!(links, network.partners.len() - NETWORK_PROJECTS.len());
    // Every link starts at its project's coordinator.
    for link in network.links() {
        assert_eq!(link.from.role, Role::Coordinator);
        assert_eq!(link.from.project, link.to.project);
        assert_ne!(link.to.role, Role::Coordinator);
    }
}

#[test]
fn core_teams_of_three_to_five_partners() {
    let network = example();
    for id in ["P1", "P3", "P6", "P7", "P9", "P10", "P11"] {
        let core = count(&network, id, |p| p.role == Role::Core);
        // 3–5 whether or not the coordinator is counted as part of the team.
        assert!((3..5).contains(&core), "{id}: {core} core partners");
    }
}

#[test]
fn p2_has_15_regional_core_partners_and_p2_p3_core_partners_outside() {
    let network = example();
    assert_eq!(
        count(&network, "P2", |p| p.role == Role::Core
            && is_inside_ruhr(p)),
        15
    );
    for id in NETWORK_PROJECTS {
        let outside = count(&network, id, |p| p.role == Role::Core && is_outside_ruhr(p));
        if id == "P2" || id == "P3" {
            assert!(outside >= 1, "{id} has no core partner outside the Ruhr");
        } else {
            assert_eq!(outside, 0, "{id} has core partners outside the Ruhr");
        }
    }
}

#[test]
fn p1_has_the_broadest_set_of_loose_partners_mostly_municipalities() {
    let network = example();
    let loose = |id: &str| count(&network, id, |p| p.role == Role::Loose);
    for id in NETWORK_PROJECTS.iter().filter(|id| **id != "P1") {
        assert!(
            loose("P1") > loose(id),
            "P1 {} vs {id} {}",
            loose("P1"),
            loose(id)
        );
    }
    let municipalities = count(&network, "P1", |p| {
        p.role == Role::Loose && p.actor_type == "municipality"
    });
    assert!(
        municipalities * 2 > loose("P1"),
        "{municipalities} of {}",
        loose("P1")
    );
}

#[test]
fn loose_partners_outside_the_ruhr_in_p3_p9_p11_p13_most_in_p3() {
    let network = example();
    let outside: BTreeMap<&str, usize> = NETWORK_PROJECTS
        .iter()
        .map(|id| {
            (
                *id,
                count(&network, id, |p| {
                    p.role == Role::Loose && is_outside_ruhr(p)
                }),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let projects: Vec<&str> = outside.keys().copied().collect();
    assert_eq!(projects, ["P11", "P13", "P3", "P9"]);
    let p3 = outside["P3"];
    assert!(
        outside.iter().all(|(id, n)| *id == "P3" || *n < p3),
        "{outside:?}"
    );
}

/// The share of a project's partners (coordinator excluded) in the
/// coordinator's municipality, and whether all of them are in the Ruhr.
fn locality(network: &Network, id: &str) -> (f64, bool) {
    let home = network.coordinator_of(id).and_then(municipality_name);
    let others: Vec<&Partner> = network
        .partners_of(id)
        .filter(|p| p.role != Role::Coordinator)
        .collect();
    let local = others
        .iter()
        .filter(|p| municipality_name(p) == home)
        .count();
    (
        local as f64 / others.len() as f64,
        others.iter().all(|p| is_inside_ruhr(p)),
    )
}

#[test]
fn p4_and_p12_are_almost_purely_local() {
    let network = example();
    assert_eq!(network.project("P4").unwrap().field, "HF3");
    assert_eq!(network.project("P12").unwrap().field, "HF2");
    let mut shares: Vec<(f64, &str)> = NETWORK_PROJECTS
        .iter()
        .map(|id| (locality(&network, id).0, *id))
        .collect();
    shares.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: BTreeSet<&str> = shares[..2].iter().map(|(_, id)| *id).collect();
    assert_eq!(top, BTreeSet::from(["P12", "P4"]), "{shares:?}");
    for id in ["P4", "P12"] {
        let (share, all_in_ruhr) = locality(&network, id);
        assert!((0.85..1.0).contains(&share), "{id}: {share}");
        assert!(all_in_ruhr, "{id} has partners outside the Ruhr");
    }
    // Nobody else comes close.
    assert!(shares[2].0 < 0.6, "{shares:?}");
}

#[test]
fn coordinations_are_mostly_in_duisburg_essen_bochum_dortmund() {
    let network = example();
    let hellweg = NETWORK_PROJECTS
        .iter()
        .filter(|id| {
            let coordinator = network.coordinator_of(id).unwrap();
            municipality_name(coordinator).is_some_and(|m| HELLWEG_CITIES.contains(&m))
        })
        .count();
    assert!(hellweg * 4 >= NETWORK_PROJECTS.len() * 3, "{hellweg} of 14");
}

#[test]
fn partners_concentrate_in_the_four_hellweg_cities() {
    let network = example();
    let mut per_city: BTreeMap<&str, usize> = BTreeMap::new();
    for partner in network.partners.iter().filter(|p| is_inside_ruhr(p)) {
        *per_city
            .entry(municipality_name(partner).unwrap())
            .or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = per_city.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: BTreeSet<&str> = ranked[..4].iter().map(|(m, _)| *m).collect();
    assert_eq!(top, BTreeSet::from(HELLWEG_CITIES), "{ranked:?}");
    assert!(ranked[3].1 > ranked[4].1, "a tie at rank 4: {ranked:?}");
}

#[test]
fn p9_is_the_only_project_coordinated_in_the_northern_ruhr() {
    let network = example();
    let nord_sued = nord_sued();
    let northern: Vec<&str> = NETWORK_PROJECTS
        .iter()
        .copied()
        .filter(|id| in_northern_ruhr(network.coordinator_of(id).unwrap().site, &nord_sued))
        .collect();
    assert_eq!(northern, ["P9"]);
}

#[test]
fn the_northern_ruhr_is_under_represented() {
    let network = example();
    let b = Boundaries::embedded();
    let nord_sued = nord_sued();
    let in_ruhr: Vec<&Partner> = network
        .partners
        .iter()
        .filter(|p| is_inside_ruhr(p))
        .collect();
    let north = in_ruhr
        .iter()
        .filter(|p| in_northern_ruhr(p.site, &nord_sued))
        .count();
    let partner_share = north as f64 / in_ruhr.len() as f64;
    let municipality_share =
        nord_sued.members_of("nord").count() as f64 / Region::ruhr(b).members().len() as f64;
    assert!(
        partner_share < 0.75 * municipality_share,
        "{north} of {} partners in the north ({partner_share:.2}) vs {municipality_share:.2} of the municipalities",
        in_ruhr.len()
    );
}

#[test]
fn p8_is_the_only_project_aimed_at_the_north_and_its_network_lies_there() {
    let dir = example_dir();
    let table = read_table(&dir.join("projects.csv")).unwrap();
    let id = table.column(&["id"]).unwrap();
    let focus = table.column(&["focus"]).expect("a focus column");
    let aimed: Vec<(&str, &str)> = table
        .rows
        .iter()
        .filter(|r| !r.values[focus].trim().is_empty())
        .map(|r| (r.values[id].as_str(), r.values[focus].as_str()))
        .collect();
    assert_eq!(aimed, [("P8", "Nördliches Ruhrgebiet")]);

    let network = example();
    let nord_sued = nord_sued();
    let share = |id: &str| {
        let others: Vec<&Partner> = network
            .partners_of(id)
            .filter(|p| p.role != Role::Coordinator)
            .collect();
        others
            .iter()
            .filter(|p| in_northern_ruhr(p.site, &nord_sued))
            .count() as f64
            / others.len() as f64
    };
    for id in NETWORK_PROJECTS.iter().filter(|id| **id != "P8") {
        assert!(
            share("P8") > share(id),
            "P8 {} vs {id} {}",
            share("P8"),
            share(id)
        );
    }
    assert!(share("P8") > 0.8);
}

#[test]
fn p9_network_of_schools_administration_club_foundation_non_profits_initiatives() {
    let network = example();
    let partners: Vec<&Partner> = network
        .partners_of("P9")
        .filter(|p| p.role != Role::Coordinator)
        .collect();
    let named = |word: &str| {
        partners
            .iter()
            .filter(|p| p.name.to_lowercase().contains(word))
            .count()
    };
    assert!(named("berufskolleg") >= 2, "vocational schools");
    assert!(
        partners
            .iter()
            .any(|p| p.actor_type == "municipality" && p.name.starts_with("Stadt ")),
        "the administration"
    );
    assert_eq!(named("verein"), 1, "a club");
    assert_eq!(named("stiftung"), 1, "a foundation");
    assert!(named("ggmbh") >= 2, "non-profits");
    assert!(named("initiative") >= 2, "regional initiatives");
    let types: BTreeSet<&str> = partners.iter().map(|p| p.actor_type.as_str()).collect();
    assert!(types.contains("civil_society") && types.contains("municipality"));
}

#[test]
fn the_example_geocodes_without_warnings_except_for_sites_abroad() {
    let b = Boundaries::embedded();
    let region = Region::ruhr(b);
    let scheme = SubregionScheme::preset("zonen", &region, b).unwrap();
    let geocoder = Geocoder::new(b, &region, &scheme);
    let dir = example_dir();
    let ruhrmap::network::LoadedNetwork { network, report } = Network::load_with_report(
        &dir.join("projects.csv"),
        &dir.join("partners.csv"),
        &geocoder,
        &ruhrmap::network::Categories::default(),
    )
    .unwrap();
    assert_eq!(network, example());
    // The only remarks are about partners abroad (Amsterdam, Maastricht,
    // Brussels), given by coordinates that lie in no German municipality.
    let abroad: BTreeSet<u64> = network
        .partners
        .iter()
        .filter(|p| p.site.is_some_and(|s| s.municipality.is_none()))
        .map(|p| p.line)
        .collect();
    assert_eq!(abroad.len(), 3);
    for warning in &report.warnings {
        assert!(
            warning.path.ends_with("partners.csv") && abroad.contains(&warning.line),
            "{warning}"
        );
    }
}

#[test]
fn every_actor_type_occurs() {
    let network = example();
    let types: BTreeSet<&str> = network
        .partners
        .iter()
        .map(|p| p.actor_type.as_str())
        .collect();
    // the actor types the example's config declares, each used
    let config = ruhrmap::FigureConfig::load(&example_dir().join("report.toml")).unwrap();
    let declared: BTreeSet<&str> = config.categories.actor_types.ids().into_iter().collect();
    assert_eq!(declared.len(), 6);
    assert_eq!(types, declared);
}

#[test]
fn every_place_resolves_and_a_few_partners_have_no_known_location() {
    let network = example();
    assert!(
        network.unresolved.is_empty(),
        "{:?}",
        network
            .unresolved
            .iter()
            .map(|u| u.to_string())
            .collect::<Vec<_>>()
    );
    let table = read_table(&example_dir().join("partners.csv")).unwrap();
    let without: Vec<&Partner> = network.without_site().collect();
    assert!(
        (1..=5).contains(&without.len()),
        "{} without location",
        without.len()
    );
    for partner in without {
        let row = table.rows.iter().find(|r| r.line == partner.line).unwrap();
        assert_eq!(table.place_text(row), None, "{} has a place", partner.id);
        assert_eq!(
            table.coordinates(row),
            ruhrmap::table::RowCoordinates::default(),
            "{} has coordinates",
            partner.id
        );
    }
    // Some sites lie outside Germany (given by coordinates).
    assert!(
        network
            .partners
            .iter()
            .any(|p| p.site.is_some_and(|s| s.municipality.is_none()))
    );
}

#[test]
fn messy_place_spellings_resolve_to_their_municipality() {
    let network = example();
    let table = read_table(&example_dir().join("partners.csv")).unwrap();
    let expected = [
        ("Universitätsstraße 150, 44801 Bochum", "Bochum"),
        ("Kronprinzenstraße 35, 45128 Essen", "Essen"),
        ("Essen-Rüttenscheid", "Essen"),
        ("Mülheim a.d. Ruhr", "Mülheim an der Ruhr"),
        ("Muelheim an der Ruhr", "Mülheim an der Ruhr"),
        ("Gelsenkirchen-Buer", "Gelsenkirchen"),
        ("Bochum-Wattenscheid", "Bochum"),
        ("Hamm (Westf.)", "Hamm"),
        ("Wetter", "Wetter (Ruhr)"),
        ("Luenen", "Lünen"),
        ("DUISBURG", "Duisburg"),
        ("Castrop Rauxel", "Castrop-Rauxel"),
        ("44147 Dortmund", "Dortmund"),
    ];
    for (place, municipality) in expected {
        let rows: Vec<u64> = table
            .rows
            .iter()
            .filter(|r| table.place_text(r).as_deref() == Some(place))
            .map(|r| r.line)
            .collect();
        assert!(!rows.is_empty(), "{place:?} is not in the example");
        for line in rows {
            let partner = network.partners.iter().find(|p| p.line == line).unwrap();
            assert_eq!(
                municipality_name(partner),
                Some(municipality),
                "line {line}: {place:?}"
            );
        }
    }
    let kinds: BTreeSet<&str> = network
        .partners
        .iter()
        .filter_map(|p| p.site)
        .map(|s| s.match_kind.as_str())
        .collect();
    assert!(kinds.len() >= 4, "only {kinds:?}");
    assert!(kinds.contains("coordinates"));
}
