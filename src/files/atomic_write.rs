//! Writing output files atomically: into a temporary file in the same folder,
//! then renamed over the target, so a failed run never leaves a half-written
//! file and an existing output stays intact until the new one is complete.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why an output file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    /// The output file that was to be written.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: std::io::Error,
}

/// Writes `path` by calling `fill` on a buffered writer to a temporary file
/// beside it, then renaming. On any error the temporary file is removed and
/// `path` is untouched.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.txt");
/// ruhrmap::write_atomically(&path, |w| w.write_all(b"hello")).unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"hello");
/// // a failing writer leaves the previous content
/// let failed = ruhrmap::write_atomically(&path, |_| Err(std::io::Error::other("boom")));
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read(&path).unwrap(), b"hello");
/// ```
pub fn write_atomically<F>(path: &Path, fill: F) -> Result<(), WriteError>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let wrap = |source: std::io::Error| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file_name = path.file_name().ok_or_else(|| {
        wrap(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path names no file",
        ))
    })?;
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", file_name.to_string_lossy()))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(wrap)?;
    {
        let mut writer = BufWriter::new(temp.as_file_mut());
        fill(&mut writer).map_err(wrap)?;
        writer.flush().map_err(wrap)?;
    }
    // keep the permissions a plain file would get (tempfile creates 0600)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        let _ = temp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
    temp.as_file().sync_data().map_err(wrap)?;
    temp.persist(path).map_err(|e| wrap(e.error))?;
    Ok(())
}

/// Writes a whole byte buffer atomically (see [`write_atomically`]).
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("a.svg");
/// ruhrmap::files::write_bytes_atomically(&path, b"<svg/>").unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "<svg/>");
/// ```
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically(path, |w| w.write_all(bytes))
}
