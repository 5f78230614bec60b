//! Line numbers of positions in a text, for messages that name the line.

/// The 1-based line of byte `offset` in `text` (an offset past the end is
/// the last line).
///
/// ```
/// use ruhrmap::text::line_of_offset;
/// let text = "a = 1\nb = 2\n";
/// assert_eq!(line_of_offset(text, 0), 1);
/// assert_eq!(line_of_offset(text, 6), 2);
/// assert_eq!(line_of_offset(text, 99), 3);
/// ```
pub fn line_of_offset(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}
