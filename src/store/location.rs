//! Where the database lives: `--db` wins, then `medfund.db` beside the executable
//! (portable mode), then the user's data folder under Local AppData
//! on Windows (`%LOCALAPPDATA%\medfund\medfund.db`: not Roaming, which may be
//! redirected to a share where WAL breaks, and whose default ACL lets only the
//! user read it), the XDG data dir elsewhere.

use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "medfund.db";

/// Pick the database path. `exe_dir` and `data_dir` are passed in so that the rule
/// can be tested; [`default_db_path`] supplies the real ones.
pub fn resolve_db_path(
    cli: Option<&Path>,
    exe_dir: Option<&Path>,
    data_dir: Option<&Path>,
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
    data_dir.map(|d| d.join("medfund").join(FILE_NAME))
}

/// The database path for this machine, given an optional `--db`.
pub fn default_db_path(cli: Option<&Path>) -> Option<PathBuf> {
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_owned));
    let data_dir = directories::BaseDirs::new().map(|b| b.data_local_dir().to_owned());
    resolve_db_path(cli, exe_dir.as_deref(), data_dir.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let exe = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let cli = Path::new("x/given.db");
        assert_eq!(
            resolve_db_path(Some(cli), Some(exe.path()), Some(data.path())),
            Some(cli.to_owned())
        );
        assert_eq!(
            resolve_db_path(None, Some(exe.path()), Some(data.path())),
            Some(data.path().join("medfund").join(FILE_NAME))
        );
        std::fs::write(exe.path().join(FILE_NAME), b"").unwrap();
        assert_eq!(
            resolve_db_path(None, Some(exe.path()), Some(data.path())),
            Some(exe.path().join(FILE_NAME))
        );
    }
}
