//! The `ruhrmap` command: raw arguments → validated configuration → library calls.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(std::env::args_os())
}
