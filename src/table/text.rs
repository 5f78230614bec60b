//! The text of a partner table read in bounded windows instead of whole: the
//! bytes come from a file (by positioned reads, so that threads can read
//! different stretches at once) or from memory; one pass over them detects
//! the encoding and refuses what is not text, and afterwards any stretch that
//! starts and ends at a line break decodes on its own.
//!
//! The rules are those of [`crate::table::reader::read_table`]: a UTF-8 or UTF-16
//! byte-order mark decides the encoding; without one the text is UTF-8 if all
//! of it is, else Windows-1252, unless UTF-8 sequences elsewhere show a file
//! of mixed encodings. Control characters other than tab and line breaks mean
//! binary data. Every error names the line and column of the first offending
//! byte, found by counting from the start of the file as a whole-file read
//! would.

use crate::table::encoding::TextEncoding;
use crate::table::error::InputError;
use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::Path;

/// Bytes per window of the passes over the whole file.
pub(crate) const WINDOW_BYTES: usize = 1 << 20;

/// The bytes of a table: a regular file read by position, or bytes in memory.
pub(crate) struct ByteSource {
    kind: SourceKind,
    len: u64,
}

enum SourceKind {
    File(File),
    Memory(Vec<u8>),
}

impl std::fmt::Debug for ByteSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            SourceKind::File(_) => "file",
            SourceKind::Memory(_) => "memory",
        };
        write!(f, "ByteSource({kind}, {} bytes)", self.len)
    }
}

impl ByteSource {
    /// Opens a file: a regular file is read by position when asked; anything
    /// else (a pipe, a device) has no length to go by and is read whole now.
    pub(crate) fn open(path: &Path) -> io::Result<ByteSource> {
        let file = File::open(path)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return std::fs::read(path).map(ByteSource::memory);
        }
        Ok(ByteSource {
            kind: SourceKind::File(file),
            len: metadata.len(),
        })
    }

    /// Bytes in memory.
    pub(crate) fn memory(bytes: Vec<u8>) -> ByteSource {
        ByteSource {
            len: bytes.len() as u64,
            kind: SourceKind::Memory(bytes),
        }
    }

    /// The length in bytes (of a file: when it was opened).
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// Up to `len` bytes from `offset`, fewer only at the end; a file's bytes
    /// are read into `buf`.
    pub(crate) fn read<'a>(
        &'a self,
        offset: u64,
        len: usize,
        buf: &'a mut Vec<u8>,
    ) -> io::Result<&'a [u8]> {
        let len = len.min(self.len.saturating_sub(offset) as usize);
        match &self.kind {
            SourceKind::Memory(bytes) => {
                let from = (offset as usize).min(bytes.len());
                Ok(&bytes[from..from + len.min(bytes.len() - from)])
            }
            SourceKind::File(file) => {
                buf.clear();
                buf.resize(len, 0);
                let mut filled = 0;
                while filled < len {
                    match read_at(file, &mut buf[filled..], offset + filled as u64) {
                        Ok(0) => break,
                        Ok(n) => filled += n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                }
                buf.truncate(filled);
                Ok(&buf[..])
            }
        }
    }

    /// Exactly the bytes `[from, to)`: a file that has become shorter since
    /// it was opened is an error, not a silently shorter table.
    pub(crate) fn read_exact<'a>(
        &'a self,
        from: u64,
        to: u64,
        buf: &'a mut Vec<u8>,
    ) -> io::Result<&'a [u8]> {
        let want = (to - from) as usize;
        let bytes = self.read(from, want, buf)?;
        if bytes.len() != want {
            return Err(changed_file());
        }
        Ok(bytes)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

#[cfg(not(any(unix, windows)))]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    // no positioned reads here: seek and read, which is right as long as one
    // thread reads at a time (platforms without unix or windows file APIs
    // have no threads reading files concurrently)
    use std::io::{Read, Seek, SeekFrom};
    let mut file = file;
    file.seek(SeekFrom::Start(offset))?;
    file.read(buf)
}

fn changed_file() -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "the file changed while it was being read",
    )
}

/// A table's bytes with their detected encoding.
#[derive(Debug)]
pub(crate) struct TableText {
    source: ByteSource,
    encoding: TextEncoding,
    /// Where the text starts: after the byte-order mark.
    start: u64,
    /// Bytes per window of the passes over the whole file.
    window: usize,
}

/// How characters are counted for a column number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Count {
    /// UTF-8: every byte but continuation bytes starts a character.
    Utf8,
    /// One byte, one character (Windows-1252).
    Bytes,
    /// UTF-16 code units, the low halves of surrogate pairs not counted.
    Utf16 { big_endian: bool },
}

/// The stretch of code units a window holds: bytes, or UTF-16 units.
pub(crate) enum Units<'a> {
    /// Bytes of an ASCII-compatible encoding (UTF-8, Windows-1252).
    Bytes(&'a [u8]),
    /// UTF-16 code units.
    Wide(&'a [u16]),
}

impl TableText {
    /// Reads the whole source once, in windows of `window` bytes, and detects
    /// its encoding; refuses text that is not in any accepted encoding or
    /// holds control characters.
    pub(crate) fn detect(
        path: &Path,
        source: ByteSource,
        window: usize,
    ) -> Result<TableText, InputError> {
        // a window holds at least one whole character of any encoding
        let window = window.max(4) & !1;
        let io = |source| InputError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut buf = Vec::new();
        let head = source.read(0, 3, &mut buf).map_err(io)?.to_vec();
        let mut text = TableText {
            source,
            encoding: TextEncoding::Utf8,
            start: 0,
            window,
        };
        let encoding_error = |text: &TableText, from: u64, at: u64, count, message| match text
            .position(from, at, count)
        {
            Ok((line, column)) => InputError::Encoding {
                path: path.to_path_buf(),
                line,
                column,
                message,
            },
            Err(source) => io(source),
        };
        let control_error = |text: &TableText, from: u64, (at, c): (u64, u32), count| {
            encoding_error(
                text,
                from,
                at,
                count,
                format!(
                    "control character U+{c:04X}: this does not look like a text table (expected CSV or GeoJSON)"
                ),
            )
        };
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            let big_endian = head[0] == 0xFE;
            text.encoding = if big_endian {
                TextEncoding::Utf16Be
            } else {
                TextEncoding::Utf16Le
            };
            text.start = 2;
            let count = Count::Utf16 { big_endian };
            let scan = text.scan_utf16().map_err(io)?;
            if let Some(at) = scan.malformed {
                return Err(encoding_error(
                    &text,
                    2,
                    at,
                    count,
                    "malformed UTF-16 (a lone surrogate or an odd number of bytes)".to_string(),
                ));
            }
            if let Some(control) = scan.control {
                return Err(control_error(&text, 2, control, count));
            }
            return Ok(text);
        }
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        text.start = if bom { 3 } else { 0 };
        let scan = text.scan_utf8(text.start).map_err(io)?;
        let Some(bad) = scan.invalid else {
            text.encoding = if bom {
                TextEncoding::Utf8Bom
            } else {
                TextEncoding::Utf8
            };
            if let Some(control) = scan.control {
                return Err(control_error(&text, text.start, control, Count::Utf8));
            }
            return Ok(text);
        };
        let bad_byte = text.byte_at(bad).map_err(io)?;
        if bom {
            return Err(encoding_error(
                &text,
                3,
                bad,
                Count::Utf8,
                format!(
                    "byte 0x{bad_byte:02X} is not UTF-8, though the file starts with a UTF-8 byte-order mark; save it again as “CSV UTF-8”"
                ),
            ));
        }
        // UTF-8 sequences elsewhere mean a file of mixed encodings, which no
        // single decoding reads right; before the first bad byte every
        // non-ASCII byte starts one
        let utf8_at = match scan.non_ascii {
            Some(at) => Some(at),
            None => text.find_utf8_sequence(bad).map_err(io)?,
        };
        if let Some(utf8_at) = utf8_at {
            let (utf8_line, _) = text.position(0, utf8_at, Count::Bytes).map_err(io)?;
            return Err(encoding_error(
                &text,
                0,
                bad,
                Count::Bytes,
                format!(
                    "byte 0x{bad_byte:02X} is not UTF-8, but line {utf8_line} is UTF-8: the file mixes encodings; save it again as “CSV UTF-8”"
                ),
            ));
        }
        text.encoding = TextEncoding::Windows1252;
        // the bytes before the first bad one are ASCII: their controls are
        // the same in either encoding
        let control = match scan.control {
            Some(control) => Some(control),
            None => text.find_cp1252_control(bad).map_err(io)?,
        };
        if let Some(control) = control {
            return Err(control_error(&text, 0, control, Count::Bytes));
        }
        Ok(text)
    }

    /// The detected encoding.
    pub(crate) fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Where the text starts (after a byte-order mark).
    pub(crate) fn start(&self) -> u64 {
        self.start
    }

    /// The length of the source in bytes.
    pub(crate) fn len(&self) -> u64 {
        self.source.len()
    }

    /// Bytes per code unit: 2 for UTF-16, else 1.
    pub(crate) fn unit_bytes(&self) -> u64 {
        match self.encoding {
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => 2,
            _ => 1,
        }
    }

    fn byte_at(&self, at: u64) -> io::Result<u8> {
        let mut buf = Vec::new();
        let bytes = self.source.read(at, 1, &mut buf)?;
        bytes.first().copied().ok_or_else(changed_file)
    }

    /// Decodes the bytes `[from, to)`, which start and end at character
    /// boundaries (at line breaks, or at the ends of the text).
    pub(crate) fn decode<'a>(
        &'a self,
        path: &Path,
        from: u64,
        to: u64,
        buf: &'a mut Vec<u8>,
    ) -> Result<Cow<'a, str>, InputError> {
        let io = |source| InputError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bytes = self.source.read_exact(from, to, buf).map_err(io)?;
        // the text was checked whole; a stretch that no longer decodes was
        // changed since
        decode_bytes(self.encoding, bytes).ok_or_else(|| io(changed_file()))
    }

    /// The text from the start up to about `len` bytes, cut back to a whole
    /// character; and whether it reaches the end of the source.
    pub(crate) fn prefix(&self, path: &Path, len: usize) -> Result<(String, bool), InputError> {
        let io = |source| InputError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut buf = Vec::new();
        let bytes = self.source.read(self.start, len, &mut buf).map_err(io)?;
        let end = self.start + bytes.len() as u64 >= self.len();
        let mut cut = bytes.len();
        if !end {
            cut = match self.encoding {
                TextEncoding::Utf8 | TextEncoding::Utf8Bom => match std::str::from_utf8(bytes) {
                    Ok(_) => cut,
                    Err(e) => e.valid_up_to(),
                },
                TextEncoding::Windows1252 => cut,
                TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                    let even = cut & !1;
                    // a high surrogate at the cut waits for its other half
                    let last = (even >= 2).then(|| self.unit(&bytes[even - 2..even]));
                    if last.is_some_and(|u| (0xD800..0xDC00).contains(&u)) {
                        even - 2
                    } else {
                        even
                    }
                }
            };
        }
        let text = decode_bytes(self.encoding, &bytes[..cut]).ok_or_else(|| io(changed_file()))?;
        Ok((text.into_owned(), end && cut == bytes.len()))
    }

    /// The byte offset in the source of byte `pos` of a decoded prefix
    /// (see [`TableText::prefix`]).
    pub(crate) fn offset_in_source(&self, prefix: &str, pos: usize) -> u64 {
        let before = &prefix[..pos];
        self.start
            + match self.encoding {
                TextEncoding::Utf8 | TextEncoding::Utf8Bom => before.len() as u64,
                TextEncoding::Windows1252 => before.chars().count() as u64,
                TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                    2 * before.encode_utf16().count() as u64
                }
            }
    }

    fn unit(&self, pair: &[u8]) -> u16 {
        let pair = [pair[0], pair[1]];
        if self.encoding == TextEncoding::Utf16Be {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    }

    /// Calls `f` with the code units from byte `from` to the end, window by
    /// window, each with the index of its first unit counted from `from`;
    /// stops early when `f` returns false.
    pub(crate) fn for_each_window(
        &self,
        from: u64,
        mut f: impl FnMut(u64, Units<'_>) -> bool,
    ) -> io::Result<()> {
        let mut buf = Vec::new();
        let mut wide: Vec<u16> = Vec::new();
        let width = self.unit_bytes();
        let mut offset = from;
        while offset < self.len() {
            let bytes = self.source.read(offset, self.window, &mut buf)?;
            if bytes.len() < width as usize {
                break; // an odd last byte of UTF-16 is no unit
            }
            let first = (offset - from) / width;
            let go_on = if width == 1 {
                offset += bytes.len() as u64;
                f(first, Units::Bytes(bytes))
            } else {
                let even = bytes.len() & !1;
                wide.clear();
                wide.extend(bytes[..even].chunks_exact(2).map(|p| self.unit(p)));
                offset += even as u64;
                f(first, Units::Wide(&wide))
            };
            if !go_on {
                break;
            }
        }
        Ok(())
    }

    /// Line and column (1-based; the column in characters) of byte `at`,
    /// counting from byte `from`.
    fn position(&self, from: u64, at: u64, count: Count) -> io::Result<(u64, u64)> {
        let mut line = 1u64;
        let mut column = 1u64;
        let mut buf = Vec::new();
        let mut offset = from;
        while offset < at {
            let want = ((at - offset) as usize).min(self.window);
            let bytes = self.source.read(offset, want, &mut buf)?;
            if bytes.is_empty() {
                return Err(changed_file());
            }
            match count {
                Count::Utf8 | Count::Bytes => {
                    for &b in bytes {
                        if b == b'\n' {
                            line += 1;
                            column = 1;
                        } else if count == Count::Bytes || !(0x80..0xC0).contains(&b) {
                            column += 1;
                        }
                    }
                    offset += bytes.len() as u64;
                }
                Count::Utf16 { big_endian } => {
                    let even = bytes.len() & !1;
                    if even == 0 {
                        break;
                    }
                    for pair in bytes[..even].chunks_exact(2) {
                        let pair = [pair[0], pair[1]];
                        let u = if big_endian {
                            u16::from_be_bytes(pair)
                        } else {
                            u16::from_le_bytes(pair)
                        };
                        if u == 0x0A {
                            line += 1;
                            column = 1;
                        } else if !(0xDC00..0xE000).contains(&u) {
                            column += 1;
                        }
                    }
                    offset += even as u64;
                }
            }
        }
        Ok((line, column))
    }

    /// UTF-8 from byte `from`: up to the first byte that is not UTF-8, the
    /// first non-ASCII byte and the first control character.
    fn scan_utf8(&self, from: u64) -> io::Result<Utf8Scan> {
        let mut scan = Utf8Scan::default();
        let mut buf = Vec::new();
        let mut offset = from;
        while offset < self.len() {
            let bytes = self.source.read(offset, self.window, &mut buf)?;
            if bytes.is_empty() {
                return Err(changed_file());
            }
            let at_end = offset + bytes.len() as u64 >= self.len();
            let (valid, bad) = match std::str::from_utf8(bytes) {
                Ok(_) => (bytes.len(), false),
                // a character cut by the window's end is read again with the next
                Err(e) if e.error_len().is_none() && !at_end => (e.valid_up_to(), false),
                Err(e) => (e.valid_up_to(), true),
            };
            let ok = &bytes[..valid];
            if scan.non_ascii.is_none()
                && !ok.is_ascii()
                && let Some(k) = ok.iter().position(|&b| b >= 0x80)
            {
                scan.non_ascii = Some(offset + k as u64);
            }
            if scan.control.is_none()
                && let Some(k) = find_control(ok)
            {
                // C0 and DEL are their own code; C1 is 0xC2 and its code
                let c = if ok[k] == 0xC2 { ok[k + 1] } else { ok[k] };
                scan.control = Some((offset + k as u64, c as u32));
            }
            if bad {
                scan.invalid = Some(offset + valid as u64);
                break;
            }
            offset += valid as u64;
        }
        Ok(scan)
    }

    /// The first UTF-8 sequence (a lead byte with its continuation bytes,
    /// see [`find_utf8_sequence`]) from byte `from` on.
    fn find_utf8_sequence(&self, from: u64) -> io::Result<Option<u64>> {
        let mut buf = Vec::new();
        let mut offset = from;
        while offset < self.len() {
            // three bytes beyond the window complete a sequence starting in it
            let bytes = self.source.read(offset, self.window + 3, &mut buf)?;
            let own = bytes.len().min(self.window);
            if own == 0 {
                return Err(changed_file());
            }
            if let Some(k) = find_utf8_sequence(bytes).filter(|&k| k < own) {
                return Ok(Some(offset + k as u64));
            }
            offset += own as u64;
        }
        Ok(None)
    }

    /// The first control character in Windows-1252 from byte `from` on.
    fn find_cp1252_control(&self, from: u64) -> io::Result<Option<(u64, u32)>> {
        let mut found = None;
        self.for_each_window(from, |first, units| {
            if let Units::Bytes(bytes) = units {
                found = bytes
                    .iter()
                    .position(|&b| is_cp1252_control(b))
                    .map(|k| (from + first + k as u64, bytes[k] as u32));
            }
            found.is_none()
        })?;
        Ok(found)
    }

    /// UTF-16 after the byte-order mark: the first malformed unit (a lone
    /// surrogate, or an odd last byte) and the first control character.
    fn scan_utf16(&self) -> io::Result<Utf16Scan> {
        let mut scan = Utf16Scan::default();
        let mut high_at: Option<u64> = None;
        self.for_each_window(2, |first, units| {
            let Units::Wide(units) = units else {
                return false;
            };
            for (k, &u) in units.iter().enumerate() {
                let at = 2 + 2 * (first + k as u64);
                if let Some(high) = high_at.take() {
                    if (0xDC00..0xE000).contains(&u) {
                        continue;
                    }
                    scan.malformed = Some(high);
                    return false;
                }
                match u {
                    0xD800..=0xDBFF => high_at = Some(at),
                    0xDC00..=0xDFFF => {
                        scan.malformed = Some(at);
                        return false;
                    }
                    _ => {
                        if scan.control.is_none() && is_utf16_control(u) {
                            scan.control = Some((at, u as u32));
                        }
                    }
                }
            }
            true
        })?;
        if scan.malformed.is_none() {
            if let Some(high) = high_at {
                scan.malformed = Some(high);
            } else if (self.len() - 2) % 2 == 1 {
                scan.malformed = Some(self.len() - 1);
            }
        }
        Ok(scan)
    }
}

#[derive(Debug, Default)]
struct Utf8Scan {
    /// The first byte that is not UTF-8.
    invalid: Option<u64>,
    /// The first non-ASCII byte before it.
    non_ascii: Option<u64>,
    /// The first control character before it, and its code.
    control: Option<(u64, u32)>,
}

#[derive(Debug, Default)]
struct Utf16Scan {
    malformed: Option<u64>,
    control: Option<(u64, u32)>,
}

/// Decodes bytes that start and end at character boundaries; `None` if they
/// are not text in `encoding`.
fn decode_bytes(encoding: TextEncoding, bytes: &[u8]) -> Option<Cow<'_, str>> {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => {
            std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
        }
        TextEncoding::Windows1252 => Some(
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0,
        ),
        TextEncoding::Utf16Le => {
            encoding_rs::UTF_16LE.decode_without_bom_handling_and_without_replacement(bytes)
        }
        TextEncoding::Utf16Be => {
            encoding_rs::UTF_16BE.decode_without_bom_handling_and_without_replacement(bytes)
        }
    }
}

/// The byte offset of the first control character other than tab and line
/// breaks in UTF-8: C0 (bytes below 0x20, and DEL) or C1 (U+0080–U+009F,
/// encoded as 0xC2 0x80–0x9F). Works on bytes, as a scan of a large file should.
fn find_control(bytes: &[u8]) -> Option<usize> {
    // most text holds none: a branch-free (vectorised) test of each stretch
    // first, the exact one only where it finds a candidate
    let candidate =
        |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7F) | (b == 0xC2);
    let first = bytes
        .chunks(4096)
        .position(|stretch| stretch.iter().fold(false, |found, &b| found | candidate(b)))?;
    let bytes_from = first * 4096;
    find_control_exact(&bytes[bytes_from..]).map(|k| bytes_from + k)
}

fn find_control_exact(bytes: &[u8]) -> Option<usize> {
    bytes.iter().enumerate().position(|(k, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => matches!(bytes.get(k + 1), Some(0x80..=0x9F)),
        _ => false,
    })
}

/// Whether a Windows-1252 byte decodes to a control character: C0 but tab
/// and line breaks, DEL, and the five bytes the encoding leaves to C1.
fn is_cp1252_control(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F | 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
}

/// Whether a UTF-16 unit is a control character other than tab and line breaks.
fn is_utf16_control(u: u16) -> bool {
    matches!(u, 0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F..=0x9F)
}

/// The offset of a UTF-8 encoded non-ASCII character (a lead byte followed by
/// the right number of continuation bytes), if the bytes contain one.
fn find_utf8_sequence(bytes: &[u8]) -> Option<usize> {
    let is_cont = |b: u8| (0x80..0xC0).contains(&b);
    (0..bytes.len()).find(|&k| {
        let b = bytes[k];
        let need = match b {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => return false,
        };
        k + need < bytes.len()
            && bytes[k + 1..=k + need].iter().all(|&c| is_cont(c))
            && std::str::from_utf8(&bytes[k..=k + need]).is_ok()
    })
}

/// `text` as UTF-16 with its byte order mark, as Excel's "Unicode text"
/// writes it (for the tests of this module and of the table reader).
#[cfg(test)]
pub(crate) fn utf16_with_bom(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message of what `detect` makes of `bytes` with the given window,
    /// or the encoding.
    fn detect(bytes: &[u8], window: usize) -> Result<TextEncoding, String> {
        TableText::detect(
            Path::new("p.csv"),
            ByteSource::memory(bytes.to_vec()),
            window,
        )
        .map(|t| t.encoding())
        .map_err(|e| e.to_string())
    }

    /// The same answer in every window size as in one window.
    fn detect_in_any_window(bytes: &[u8]) -> Result<TextEncoding, String> {
        let whole = detect(bytes, 1 << 30);
        for window in 4..=24 {
            assert_eq!(detect(bytes, window), whole, "window {window}");
        }
        whole
    }

    #[test]
    fn malformed_utf16_is_found_across_windows() {
        let text = "Name\tOrt\nA😀\tMülheim\nB\tEssen\n";
        for big_endian in [false, true] {
            let good = super::utf16_with_bom(text, big_endian);
            let encoding = detect_in_any_window(&good).unwrap();
            assert_eq!(encoding == TextEncoding::Utf16Be, big_endian);
            // 😀 is units 10 and 11 after the mark: drop its low half (a
            // lone high surrogate), or its high half (a lone low one)
            for drop in [11, 10] {
                let at = 2 + 2 * drop;
                let mut bad = good.clone();
                bad.drain(at..at + 2);
                let message = detect_in_any_window(&bad).unwrap_err();
                assert!(
                    message.contains("line 2, column 2: malformed UTF-16"),
                    "{message}"
                );
            }
            // an odd last byte
            let mut odd = good.clone();
            odd.push(b'x');
            let message = detect_in_any_window(&odd).unwrap_err();
            assert!(
                message.contains("line 4, column 1: malformed UTF-16"),
                "{message}"
            );
            // a control character after a surrogate pair counts the pair once
            let message = detect_in_any_window(&super::utf16_with_bom(
                "Name\tOrt\nA😀\u{85}\tM\n",
                big_endian,
            ))
            .unwrap_err();
            assert!(
                message.contains("line 2, column 3: control character U+0085"),
                "{message}"
            );
        }
    }

    #[test]
    fn utf8_errors_are_found_across_windows() {
        // after a byte-order mark: the column counts characters, not bytes
        let message =
            detect_in_any_window(b"\xef\xbb\xbfName;Ort\nA;M\xc3\xbcl\xfcheim\n").unwrap_err();
        assert!(
            message.contains("line 2, column 6: byte 0xFC is not UTF-8, though the file starts with a UTF-8 byte-order mark"),
            "{message}"
        );
        // a C1 control encoded in UTF-8, its two bytes cut by some window
        let message = detect_in_any_window("Name;Ort\nA;Mül\u{85}heim\n".as_bytes()).unwrap_err();
        assert!(
            message.contains("line 2, column 6: control character U+0085"),
            "{message}"
        );
        // UTF-8 characters cut by windows are no error
        assert_eq!(
            detect_in_any_window("Name;Ort\n😀;€ Mülheim\n".as_bytes()),
            Ok(TextEncoding::Utf8)
        );
        // a lone lead byte at the very end is Windows-1252, as in one read
        assert_eq!(
            detect_in_any_window(b"Name;Ort\nA;B\xc3"),
            Ok(TextEncoding::Windows1252)
        );
    }

    #[test]
    fn decoded_stretches_and_prefixes() {
        let text = TableText::detect(
            Path::new("p.csv"),
            ByteSource::memory(b"Ort\nM\xfclheim\nK\xf6ln\n".to_vec()),
            4,
        )
        .unwrap();
        let mut buf = Vec::new();
        assert_eq!(
            text.decode(Path::new("p.csv"), 4, 12, &mut buf).unwrap(),
            "Mülheim\n"
        );
        let (prefix, end) = text.prefix(Path::new("p.csv"), 6).unwrap();
        assert_eq!((prefix.as_str(), end), ("Ort\nMü", false));
        // "ü" is two bytes decoded, one in the file
        assert_eq!(text.offset_in_source(&prefix, prefix.len()), 6);
    }
}
