//! Writing output files safely: an output is never one of the inputs, the
//! registry or another output (the same file under any spelling, through a
//! link or not), and it is written to a temporary file in the same folder
//! and renamed at the end, so that an interrupted run leaves no half file.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::OutputError;

/// A file's identity: the device and inode where the system has them, else
/// its canonical path. An output that does not exist yet is named by its
/// folder's canonical path and its file name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::MetadataExt;
        return Some(Identity::Inode(meta.dev(), meta.ino()));
    }
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return Some(Identity::Path(canonical));
    }
    let name = path.file_name()?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(Identity::Path(std::fs::canonicalize(parent).ok()?.join(name)))
}

/// Refuses, before any work, an output that is one of `inputs` or another
/// output. `outputs` pairs each path with what it is (`--fixes` …).
pub fn check_outputs(inputs: &[&Path], outputs: &[(&str, &Path)]) -> Result<(), String> {
    let ins: Vec<(Option<Identity>, &Path)> = inputs.iter().map(|p| (identity(p), *p)).collect();
    let mut seen: Vec<(Identity, &str, &Path)> = Vec::new();
    for &(what, out) in outputs {
        let Some(id) = identity(out) else { continue };
        if let Some((_, input)) = ins.iter().find(|(i, _)| i.as_ref() == Some(&id)) {
            return Err(format!(
                "{what} {} is the input file {}: it would be overwritten; choose another name",
                out.display(),
                input.display()
            ));
        }
        if let Some((_, other, path)) = seen.iter().find(|(i, _, _)| *i == id) {
            return Err(format!(
                "{what} {} and {other} {} are the same file: one would overwrite the other",
                out.display(),
                path.display()
            ));
        }
        seen.push((id, what, out));
    }
    Ok(())
}

/// A file being written: a temporary file beside the destination, renamed
/// over it by [`AtomicFile::commit`]; dropped without it, the temporary file
/// is removed and the destination untouched.
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    file: Option<io::BufWriter<File>>,
}

impl AtomicFile {
    /// Creates the temporary file for `path`.
    pub fn create(path: &Path) -> Result<AtomicFile, OutputError> {
        let temp = temp_path(path);
        let file = File::create(&temp).map_err(|e| OutputError::new(path, format!("cannot create: {e}")))?;
        Ok(AtomicFile { path: path.to_owned(), temp, file: Some(io::BufWriter::new(file)) })
    }

    /// The temporary file's path (for writers that save to a path).
    #[must_use]
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Flushes, syncs and renames the temporary file over the destination.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let err = |e: io::Error| OutputError::new(&self.path, format!("cannot write: {e}"));
        if let Some(file) = self.file.take() {
            let file = file.into_inner().map_err(|e| err(e.into_error()))?;
            file.sync_all().map_err(err)?;
        }
        std::fs::rename(&self.temp, &self.path).map_err(err)?;
        Ok(())
    }
}

impl AtomicFile {
    /// Renames the temporary file, written by another writer through
    /// [`AtomicFile::temp_path`], over the destination.
    pub fn commit_saved(mut self) -> Result<(), OutputError> {
        self.file = None;
        std::fs::rename(&self.temp, &self.path).map_err(|e| OutputError::new(&self.path, format!("cannot write: {e}")))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().ok_or_else(|| io::Error::other("closed"))?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().ok_or_else(|| io::Error::other("closed"))?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.temp.exists() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// `.name.uscc-PID.tmp` in the destination's folder (a rename within one
/// folder is atomic).
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.uscc-{}.tmp", std::process::id()))
}

/// Writes a whole file atomically with `write`.
pub fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), OutputError> {
    let mut file = AtomicFile::create(path)?;
    write(&mut file).map_err(|e| OutputError::new(path, format!("cannot write: {e}")))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_that_is_an_input_is_refused() {
        let d = std::env::temp_dir().join(format!("uscc-io-files-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let input = d.join("in.csv");
        std::fs::write(&input, "x").unwrap();
        let same = d.join(".").join("in.csv");
        assert!(check_outputs(&[&input], &[("--fixes", &same)]).unwrap_err().contains("overwritten"));
        #[cfg(unix)]
        {
            let link = d.join("link.csv");
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(check_outputs(&[&input], &[("--report", &link)]).is_err());
            let hard = d.join("hard.csv");
            let _ = std::fs::remove_file(&hard);
            std::fs::hard_link(&input, &hard).unwrap();
            assert!(check_outputs(&[&hard], &[("--fixes", &input)]).is_err());
        }
        let a = d.join("new.csv");
        let b = d.join("./new.csv");
        assert!(check_outputs(&[&input], &[("--fixes", &a), ("--report", &b)]).unwrap_err().contains("same file"));
        assert!(check_outputs(&[&input], &[("--fixes", &a), ("--report", &d.join("r.html"))]).is_ok());
    }

    #[test]
    fn an_unfinished_file_leaves_the_destination_alone() {
        let d = std::env::temp_dir().join(format!("uscc-io-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let out = d.join("out.csv");
        std::fs::write(&out, "old").unwrap();
        {
            let mut f = AtomicFile::create(&out).unwrap();
            f.write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "no temporary file left");
        write_file(&out, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
    }
}
