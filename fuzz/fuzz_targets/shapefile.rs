//! The shapefile reader on arbitrary `.shp`, `.dbf` and `.prj` bytes written
//! into a temporary folder: features or an error, never a panic, and no
//! allocation larger than the files justify.
//!
//! Input layout: a little-endian u32 length of the `.shp`, one of the `.dbf`,
//! then the `.shp` bytes, the `.dbf` bytes, and the rest is the `.prj`
//! (lengths beyond the input are cut to what is there).
#![no_main]

use libfuzzer_sys::fuzz_target;

fn split(data: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let length = |at: usize| {
        data.get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let (shp_len, dbf_len) = (length(0), length(4));
    let rest = data.get(8..).unwrap_or(&[]);
    let (shp, rest) = rest.split_at(shp_len.min(rest.len()));
    let (dbf, prj) = rest.split_at(dbf_len.min(rest.len()));
    (shp, dbf, prj)
}

fuzz_target!(|data: &[u8]| {
    let (shp, dbf, prj) = split(data);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("VG250_GEM.shp");
    std::fs::write(&path, shp).expect("write .shp");
    std::fs::write(path.with_extension("dbf"), dbf).expect("write .dbf");
    std::fs::write(path.with_extension("prj"), prj).expect("write .prj");
    if let Err(e) = ruhrmap::boundaries::read_source(&path, None) {
        let message = e.to_string();
        assert!(message.contains("VG250_GEM."), "{message}");
    }
});
