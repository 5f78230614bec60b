//! A large network, generated deterministically: project S1 with 300
//! partners (70 % in the Ruhr, the rest elsewhere in North Rhine-Westphalia)
//! and S2 with 60, and a report config drawing both as one network figure.
//! Shared by the tests (`large_networks`) and the `figures` benchmark.

use ruhrmap::{Boundaries, Region};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small linear congruential generator: the same numbers on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// An index below `n`, skewed towards the front (big cities first).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.next() as usize % n;
        let b = self.next() as usize % n;
        a.min(b)
    }
}

/// The partners of one project: (name, role, lon, lat).
fn project_rows(
    id: &str,
    n: usize,
    hub: (f64, f64),
    ruhr: &[(f64, f64)],
    nrw: &[(f64, f64)],
    rng: &mut Lcg,
) -> Vec<String> {
    let mut rows = vec![format!(
        "{id};{id}-001;Koordination {id};coordinator;science;;{:.6};{:.6}",
        hub.1, hub.0
    )];
    for k in 1..n {
        // 70 % in the Ruhr, 30 % elsewhere in the Land
        let (lon, lat) = if k % 10 < 7 {
            ruhr[rng.skewed(ruhr.len())]
        } else {
            nrw[rng.skewed(nrw.len())]
        };
        let role = if rng.next() % 5 < 2 { "core" } else { "loose" };
        rows.push(format!(
            "{id};{id}-{:03};Partner {k} von {id};{role};business;;{lat:.6};{lon:.6}",
            k + 1
        ));
    }
    rows
}

/// Writes `projects.csv` and `partners.csv` into `dir`; returns the config
/// line that sets `aggregate` (empty without).
fn write_tables(dir: &Path, projects: &str, partners: &str, aggregate: Option<&str>) -> String {
    std::fs::write(dir.join("projects.csv"), projects).expect("projects.csv");
    std::fs::write(dir.join("partners.csv"), partners).expect("partners.csv");
    aggregate
        .map(|a| format!("aggregate = \"{a}\"\n"))
        .unwrap_or_default()
}

/// Writes `projects.csv`, `partners.csv` and `report.toml` (one network
/// figure `gross` of S1 and S2, `aggregate` as given) into `dir`; returns
/// the config's path.
pub fn write_large_network(dir: &Path, aggregate: Option<&str>) -> PathBuf {
    let b = Boundaries::embedded();
    let region = Region::ruhr(b);
    let point = |i: usize| {
        let m = &b.municipalities()[i];
        (m.point.x, m.point.y)
    };
    let mut ruhr: Vec<usize> = region
        .members()
        .iter()
        .filter_map(|a| b.index_of(*a).map(|id| id.index()))
        .collect();
    // larger municipalities first, so the skew puts more partners there
    ruhr.sort_by(|&x, &y| {
        let (mx, my) = (&b.municipalities()[x], &b.municipalities()[y]);
        my.area_km2
            .total_cmp(&mx.area_km2)
            .then(mx.ags.cmp(&my.ags))
    });
    let nrw: Vec<usize> = (0..b.municipalities().len())
        .filter(|&i| {
            let m = &b.municipalities()[i];
            m.ags.to_string().starts_with("05") && !region.members().contains(&m.ags)
        })
        .collect();
    let ruhr_pts: Vec<(f64, f64)> = ruhr.iter().map(|&i| point(i)).collect();
    let nrw_pts: Vec<(f64, f64)> = nrw.iter().map(|&i| point(i)).collect();
    let find = |name: &str| {
        let i = ruhr
            .iter()
            .copied()
            .find(|&i| b.municipalities()[i].name == name)
            .expect("a Ruhr city");
        point(i)
    };
    let mut rng = Lcg(20_260_101);
    let mut partners = String::from("project;id;name;role;actor_type;place;lat;lon\n");
    for row in project_rows("S1", 300, find("Essen"), &ruhr_pts, &nrw_pts, &mut rng)
        .into_iter()
        .chain(project_rows(
            "S2",
            60,
            find("Dortmund"),
            &ruhr_pts,
            &nrw_pts,
            &mut rng,
        ))
    {
        writeln!(partners, "{row}").expect("write to a string");
    }
    let projects = "id;title;field;status;coordinator;place;lat;lon\n\
        S1;Großes Verbundprojekt mit 300 Partner:innen;HF1;running;Koordination S1;Essen;;\n\
        S2;Verbund mit 60 Partner:innen;HF2;running;Koordination S2;Dortmund;;\n";
    let aggregate = write_tables(dir, projects, &partners, aggregate);
    let config = format!(
        "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n\n\
         [[figures]]\nid = \"gross\"\nkind = \"network\"\ntitle = \"Zwei große Netzwerke\"\n\
         projects = [\"S1\", \"S2\"]\n{aggregate}"
    );
    let path = dir.join("report.toml");
    std::fs::write(&path, config).expect("report.toml");
    path
}

/// Writes a network spread over all of Germany into `dir`: project N1 with
/// 320 partners (the coordination in Essen, the partners in municipalities
/// of every Land, more in the larger ones) and N2 with 40 (coordinated from
/// Leipzig), each a network figure (`national`, `national-klein`) on the
/// region "Deutschland" with the Länder as sub-regions; `aggregate` as given.
/// Returns the config's path.
pub fn write_national_network(dir: &Path, aggregate: Option<&str>) -> PathBuf {
    let b = Boundaries::embedded();
    let ms = b.municipalities();
    // larger municipalities (by area, as a stand-in for weight) first
    let mut all: Vec<usize> = (0..ms.len()).collect();
    all.sort_by(|&x, &y| {
        ms[y]
            .area_km2
            .total_cmp(&ms[x].area_km2)
            .then(ms[x].ags.cmp(&ms[y].ags))
    });
    let points: Vec<(f64, f64)> = all
        .iter()
        .map(|&i| (ms[i].point.x, ms[i].point.y))
        .collect();
    let city = |name: &str| {
        let m = ms.iter().find(|m| m.name == name).expect("a city");
        (m.point.x, m.point.y)
    };
    let mut rng = Lcg(20_261_203);
    let mut partners = String::from("project;id;name;role;actor_type;place;lat;lon\n");
    for (id, n, hub) in [("N1", 320, city("Essen")), ("N2", 40, city("Leipzig"))] {
        writeln!(
            partners,
            "{id};{id}-001;Koordination {id};coordinator;science;;{:.6};{:.6}",
            hub.1, hub.0
        )
        .expect("write to a string");
        for k in 1..n {
            let (lon, lat) = points[rng.skewed(points.len())];
            let role = if rng.next() % 5 < 2 { "core" } else { "loose" };
            writeln!(
                partners,
                "{id};{id}-{:03};Partner {k} von {id};{role};business;;{lat:.6};{lon:.6}",
                k + 1
            )
            .expect("write to a string");
        }
    }
    let projects = "id;title;field;status;coordinator;place;lat;lon\n\
        N1;Bundesweiter Verbund mit 320 Partner:innen;HF1;running;Koordination N1;Essen;;\n\
        N2;Verbund mit 40 Partner:innen;HF2;running;Koordination N2;Leipzig;;\n";
    let aggregate = write_tables(dir, projects, &partners, aggregate);
    let config = format!(
        "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n\n\
         [region]\nname = \"Deutschland\"\n\n[subregions]\npreset = \"laender\"\n\n\
         [style]\nwidth_mm = 160\ndpi = 300\n\n\
         [[figures]]\nid = \"national\"\nkind = \"network\"\n\
         title = \"Ein bundesweites Netzwerk\"\nprojects = [\"N1\"]\n{aggregate}\n\
         [[figures]]\nid = \"national-klein\"\nkind = \"network\"\n\
         title = \"Ein kleines bundesweites Netzwerk\"\nprojects = [\"N2\"]\n{aggregate}"
    );
    let path = dir.join("report.toml");
    std::fs::write(&path, config).expect("report.toml");
    path
}
