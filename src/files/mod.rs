//! Writing output files so that a reader never sees half of one: every file
//! is written beside its target and renamed into place.

mod atomic_write;

pub use atomic_write::{WriteError, write_atomically, write_bytes_atomically};
