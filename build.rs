//! Embeds the shipped boundaries: the TopoJSON files in `boundaries/` (the
//! published, standard form) and the context layers in `boundaries/context/`
//! are converted to the compact binary forms that the library decodes at
//! start-up, so the binary needs no data set-up and starts fast.

#[allow(dead_code, unused_imports)]
#[path = "src/boundaries/topology/arcs.rs"]
mod topology;

#[allow(dead_code)]
#[path = "src/boundaries/context_binary.rs"]
mod context_binary;

use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=src/boundaries/topology/arcs.rs");
    for (source, target) in [
        ("boundaries/gemeinden.topo.json", "gemeinden.bin"),
        (
            "boundaries/gemeinden-render.topo.json",
            "gemeinden-render.bin",
        ),
    ] {
        println!("cargo:rerun-if-changed={source}");
        let text =
            std::fs::read_to_string(source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
        let (topology, meta) = topology::Topology::from_topojson(&text, None)
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let ids: Vec<String> = meta.into_iter().map(|(id, _)| id).collect();
        std::fs::write(Path::new(&out_dir).join(target), topology.to_binary(&ids))
            .expect("writing to OUT_DIR");
    }
    println!("cargo:rerun-if-changed=src/boundaries/context_binary.rs");
    let context = |name: &str| {
        let source = format!("boundaries/context/{name}");
        println!("cargo:rerun-if-changed={source}");
        std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"))
    };
    for (target, bytes) in [
        (
            "countries.bin",
            context_binary::encode_areas(
                &context("countries.geojson"),
                &["iso2", "name_de", "name_en"],
            ),
        ),
        (
            "land.bin",
            context_binary::encode_areas(&context("land.geojson"), &[]),
        ),
        (
            "towns.bin",
            context_binary::encode_towns(&context("towns.csv")),
        ),
    ] {
        std::fs::write(Path::new(&out_dir).join(target), bytes).expect("writing to OUT_DIR");
    }
}
