//! Where the database lives: `--db` wins, then `medfund.db` beside the executable
//! (portable mode), then the user's data folder under Local AppData
//! on Windows (`%LOCALAPPDATA%\medfund\medfund.db`: not Roaming, which may be
//! redirected to a share where WAL breaks, and whose default ACL lets only the
//! user read it), the XDG data dir elsewhere. A database an older version left under
//! Roaming AppData is still found there, so that no one's data goes missing.

use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "medfund.db";

/// Pick the database path. `exe_dir`, `data_dir` (Local) and `old_data_dir`
/// (Roaming, where versions before 2026-12 kept it) are passed in so that the rule
/// can be tested; [`default_db_path`] supplies the real ones.
pub fn resolve_db_path(
    cli: Option<&Path>,
    exe_dir: Option<&Path>,
    data_dir: Option<&Path>,
    old_data_dir: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(p) = cli {
        return Some(p.to_owned());
    }
    if let Some(dir) = exe_dir {
        let portable = dir.join(FILE_NAME);
        if portable.is_file() {
            return Some(portable);
        }
    }
    let new = data_dir.map(|d| d.join("medfund").join(FILE_NAME));
    if new.as_deref().is_some_and(Path::exists) {
        return new;
    }
    old_data_dir
        .map(|d| d.join("medfund").join(FILE_NAME))
        .filter(|old| old.is_file())
        .or(new)
}

/// The database path for this machine, given an optional `--db`.
pub fn default_db_path(cli: Option<&Path>) -> Option<PathBuf> {
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_owned));
    let dirs = directories::BaseDirs::new();
    resolve_db_path(
        cli,
        exe_dir.as_deref(),
        dirs.as_ref().map(directories::BaseDirs::data_local_dir),
        dirs.as_ref().map(directories::BaseDirs::data_dir),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let exe = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let old = tempfile::tempdir().unwrap();
        let (e, d, o) = (Some(exe.path()), Some(data.path()), Some(old.path()));
        let cli = Path::new("x/given.db");
        assert_eq!(resolve_db_path(Some(cli), e, d, o), Some(cli.to_owned()));
        let local = data.path().join("medfund").join(FILE_NAME);
        assert_eq!(resolve_db_path(None, e, d, o), Some(local.clone()));
        // A database an older version kept under Roaming is still found…
        let roaming = old.path().join("medfund").join(FILE_NAME);
        std::fs::create_dir_all(roaming.parent().unwrap()).unwrap();
        std::fs::write(&roaming, b"x").unwrap();
        assert_eq!(resolve_db_path(None, e, d, o), Some(roaming));
        // …until there is one under Local.
        std::fs::create_dir_all(local.parent().unwrap()).unwrap();
        std::fs::write(&local, b"x").unwrap();
        assert_eq!(resolve_db_path(None, e, d, o), Some(local));
        std::fs::write(exe.path().join(FILE_NAME), b"").unwrap();
        assert_eq!(
            resolve_db_path(None, e, d, o),
            Some(exe.path().join(FILE_NAME))
        );
    }
}
