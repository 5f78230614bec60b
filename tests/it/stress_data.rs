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
    std::fs::write(dir.join("projects.csv"), projects).expect("projects.csv");
    std::fs::write(dir.join("partners.csv"), partners).expect("partners.csv");
    let aggregate = aggregate
        .map(|a| format!("aggregate = \"{a}\"\n"))
        .unwrap_or_default();
    let config = format!(
        "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n\n\
         [[figures]]\nid = \"gross\"\nkind = \"network\"\ntitle = \"Zwei große Netzwerke\"\n\
         projects = [\"S1\", \"S2\"]\n{aggregate}"
    );
    let path = dir.join("report.toml");
    std::fs::write(&path, config).expect("report.toml");
    path
}
