//! Times reading one workbook sheet into a table, in-process, for the
//! comparison with pandas `read_excel` (benches/compare/compare.py, step
//! `workbook`):
//!
//!     bench_workbook FILE.xlsx#SHEET [--repeat N]
//!
//! Prints JSON: the rows and columns read and the seconds of each repeat of
//! `ruhrmap::table::read_any_table` (opening the file, unzipping, parsing the
//! sheet's XML, turning the cells into text, finding and checking the
//! columns). Process start and the JSON output are not included.

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .expect("usage: bench_workbook FILE.xlsx#SHEET [--repeat N]"),
    );
    let repeat: usize = match (args.next().as_deref(), args.next()) {
        (Some("--repeat"), Some(n)) => n.parse().expect("--repeat takes a number"),
        _ => 1,
    };
    let mut seconds = Vec::with_capacity(repeat);
    let mut shape = (0, 0);
    for _ in 0..repeat {
        let start = Instant::now();
        let table = ruhrmap::table::read_any_table(&path).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        });
        seconds.push(start.elapsed().as_secs_f64());
        shape = (table.rows.len(), table.headers.len());
    }
    let list: Vec<String> = seconds.iter().map(|s| format!("{s:.6}")).collect();
    println!(
        "{{\"rows\": {}, \"columns\": {}, \"read_s\": [{}]}}",
        shape.0,
        shape.1,
        list.join(", ")
    );
}
