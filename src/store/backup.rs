//! Start-up backups with SQLite's online backup API, into `backups/` beside the
//! database, keeping the newest ones. The copy of an encrypted database is
//! encrypted with the same key, so the same passwords and recovery code open it.

use std::path::{Path, PathBuf};

use super::keyring::MasterKey;
use super::{Result, Store};

/// How many backups are kept.
pub const KEEP: usize = 10;

/// The backup folder for a database file.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

impl Store {
    /// Copy the database into `backups/<name>-YYYYMMDD-HHMMSS-mmm.db` (for
    /// `medfund.db`, `medfund-20261123-…db`) and delete all but the newest [`KEEP`]
    /// backups of this database. Returns the new file.
    pub fn backup_and_rotate(&self) -> Result<PathBuf> {
        backup_connection(self.conn(), self.path(), self.master_key())
    }
}

/// Back up an open connection to the database at `db_path` and rotate; used by
/// [`Store::backup_and_rotate`] and before a migration changes an existing file.
pub(crate) fn backup_connection(
    conn: &rusqlite::Connection,
    db_path: &Path,
    key: Option<&MasterKey>,
) -> Result<PathBuf> {
    {
        let target = new_backup_path(db_path)?;
        let mut copy = rusqlite::Connection::open(&target)?;
        if let Some(key) = key {
            let _keying = super::open::keying_lock();
            copy.pragma_update(None, "key", key.pragma_value().as_str())?;
            copy.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
        }
        rusqlite::backup::Backup::new(conn, &mut copy)?.run_to_completion(
            256,
            std::time::Duration::ZERO,
            None,
        )?;
        drop(copy);
        let files = list_backups(db_path)?;
        if files.len() > KEEP {
            for old in &files[..files.len() - KEEP] {
                std::fs::remove_file(old)?;
            }
        }
        Ok(target)
    }
}

/// A new backup's name: the time to the millisecond, so that names sort by age;
/// two backups within one millisecond wait for the next.
fn new_backup_path(db_path: &Path) -> Result<PathBuf> {
    let dir = backup_dir(db_path);
    std::fs::create_dir_all(&dir)?;
    let prefix = backup_prefix(db_path);
    Ok(loop {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S-%3f");
        let candidate = dir.join(format!("{prefix}{stamp}.db"));
        if !candidate.exists() {
            break candidate;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    })
}

/// Move the database at `db_path` into the backup folder under a backup's name,
/// with its `-wal` (which SQLite then reads with it) and its key file beside it;
/// the `-shm` is only an index and is removed. Nothing is deleted: `medfund demo
/// --force` sets an old file aside this way, whatever key it has.
pub fn set_aside(db_path: &Path) -> Result<PathBuf> {
    let target = new_backup_path(db_path)?;
    let with = |p: &Path, suffix: &str| {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    std::fs::rename(db_path, &target)?;
    if with(db_path, "-wal").exists() {
        std::fs::rename(with(db_path, "-wal"), with(&target, "-wal"))?;
    }
    match std::fs::remove_file(with(db_path, "-shm")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let keys = super::keyring::key_file_path(db_path);
    if keys.exists() {
        std::fs::rename(&keys, target.with_extension("keys"))?;
    }
    Ok(target)
}

/// Backups of `a.db` are named `a-<timestamp>.db`, so databases that share a
/// folder keep their backups apart.
fn backup_prefix(db_path: &Path) -> String {
    let stem = db_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("medfund");
    format!("{stem}-")
}

/// The backups of the database at `db_path`, oldest first.
pub fn list_backups(db_path: &Path) -> Result<Vec<PathBuf>> {
    let prefix = backup_prefix(db_path);
    // Exactly YYYYMMDD-HHMMSS-mmm.db after the prefix, so that the backups of
    // `ledger-2021.db` are not taken for those of `ledger.db`.
    let is_stamp = |rest: &str| {
        let b = rest.as_bytes();
        rest.len() == 22
            && rest.ends_with(".db")
            && b.iter().enumerate().take(19).all(|(i, c)| match i {
                8 | 15 => *c == b'-',
                _ => c.is_ascii_digit(),
            })
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(backup_dir(db_path)) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix(&prefix))
                    .is_some_and(is_stamp)
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    // The names embed a sortable timestamp.
    files.sort();
    Ok(files)
}
