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
    /// Copy the database into `backups/medfund-YYYYMMDD-HHMMSS-mmm.db` and delete
    /// all but the newest [`KEEP`] backups. Returns the new file.
    pub fn backup_and_rotate(&self) -> Result<PathBuf> {
        let dir = backup_dir(self.path());
        std::fs::create_dir_all(&dir)?;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S-%3f");
        let mut target = dir.join(format!("medfund-{stamp}.db"));
        let mut n = 1;
        while target.exists() {
            target = dir.join(format!("medfund-{stamp}-{n}.db"));
            n += 1;
        }
        self.conn().backup(rusqlite::MAIN_DB, &target, None)?;
        rotate(&dir, KEEP)?;
        Ok(target)
    }
}

/// The backup files in `dir`, oldest first.
pub fn list_backups(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("medfund-") && n.ends_with(".db"))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    // The names embed a sortable timestamp.
    files.sort();
    Ok(files)
}

fn rotate(dir: &Path, keep: usize) -> Result<()> {
    let files = list_backups(dir)?;
    if files.len() > keep {
        for old in &files[..files.len() - keep] {
            std::fs::remove_file(old)?;
        }
    }
    Ok(())
}
