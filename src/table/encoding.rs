//! The text encodings a table may come in.

/// The text encodings the reader detects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 with byte-order mark (Excel's “CSV UTF-8”).
    Utf8Bom,
    /// UTF-16 little-endian with byte-order mark (Excel's “Unicode text”).
    Utf16Le,
    /// UTF-16 big-endian with byte-order mark.
    Utf16Be,
    /// Windows-1252 (Excel's default CSV on German Windows).
    Windows1252,
}
