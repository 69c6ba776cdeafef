//! Files readable by their owner only: the database, its `-wal` and `-shm`, the
//! key file and the backups are created with mode 0600 on Unix (Linux and the 信创
//! systems). On Windows the files inherit the ACL of the user's profile folder
//! under Local AppData (see `location`), which only that user and the
//! administrators can read, so nothing is set there.

use std::path::{Path, PathBuf};

/// Create an empty file at `path` that only its owner can read and write; a file
/// already there is kept and its mode tightened.
pub fn create(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    drop(options.open(path)?);
    restrict(path)
}

/// Open a new file for writing (truncating one already there), readable by its
/// owner only.
pub fn write_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    restrict(path)?;
    Ok(file)
}

/// Copy the file `from` to a new file `to` (replacing one there), readable by its
/// owner only, and flush it to disk.
pub fn copy(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut target = write_new(to)?;
    std::io::copy(&mut source, &mut target)?;
    target.sync_all()
}

/// Make the file at `path`, if there is one, readable by its owner only.
pub fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            // A file someone else owns (a shared folder) keeps its mode.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied
                ) => {}
            other => other?,
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// A database file's `-wal` or `-shm` beside it.
pub fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Remove the file at `path`; one that is not there is no error.
pub fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Remove a database file's `-wal` and `-shm`, if any.
pub fn remove_sidecars(db: &Path) -> std::io::Result<()> {
    for suffix in ["-wal", "-shm"] {
        remove_if_there(&sidecar(db, suffix))?;
    }
    Ok(())
}

/// Restrict a database file and its `-wal` and `-shm`.
pub fn restrict_database(db: &Path) -> std::io::Result<()> {
    restrict(db)?;
    restrict(&sidecar(db, "-wal"))?;
    restrict(&sidecar(db, "-shm"))
}
