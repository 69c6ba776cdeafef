//! Start-up backups with SQLite's online backup API, into `backups/` beside the
//! database, keeping the newest ones.

use std::path::{Path, PathBuf};

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
        let dir = backup_dir(self.path());
        std::fs::create_dir_all(&dir)?;
        let prefix = backup_prefix(self.path());
        // The name is the time to the millisecond, so that names sort by age; two
        // backups within one millisecond wait for the next.
        let target = loop {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S-%3f");
            let candidate = dir.join(format!("{prefix}{stamp}.db"));
            if !candidate.exists() {
                break candidate;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        };
        self.conn().backup(rusqlite::MAIN_DB, &target, None)?;
        let files = list_backups(self.path())?;
        if files.len() > KEEP {
            for old in &files[..files.len() - KEEP] {
                std::fs::remove_file(old)?;
            }
        }
        Ok(target)
    }
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
    let is_stamp = |rest: &str| rest.starts_with(|c: char| c.is_ascii_digit());
    let mut files: Vec<PathBuf> = match std::fs::read_dir(backup_dir(db_path)) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix(&prefix))
                    .is_some_and(|rest| is_stamp(rest) && rest.ends_with(".db"))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    // The names embed a sortable timestamp.
    files.sort();
    Ok(files)
}
