//! The report config parser (`report.toml`) on arbitrary text: every input
//! is either a config or an error naming a line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = ruhrmap::FigureConfig::parse(text, Path::new("report.toml")) {
        let message = e.to_string();
        assert!(message.starts_with("report.toml"), "{message}");
    }
});
