//! Opening a database file: encrypted (SQLCipher, keyed with the master key) or,
//! for a file from before encryption, plain until the 管理员 encrypts it; and
//! the [`DbOpener`] that background jobs use for their second connection.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::keyring::{KeyFile, MasterKey, RecoveryCode};
use super::{MIGRATION_COUNT, Result, Store, StoreError, backup, migrations};

/// The page cache of each connection, in KiB as SQLite's negative `cache_size`
/// means: 32 MiB.
const PAGE_CACHE_KIB: i64 = -32_768;

/// What is at a database path before it is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: a first start.
    Missing,
    /// A plain SQLite file from before encryption.
    Plain,
    /// Anything else: an encrypted database (SQLCipher files start with random bytes).
    Encrypted,
}

impl FileKind {
    /// Look at the first bytes of the file at `path`.
    pub fn of(path: &Path) -> Result<Self> {
        use std::io::Read;
        let mut file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::Missing),
            Err(e) => return Err(e.into()),
        };
        let mut head = [0u8; 16];
        let mut read = 0;
        while read < head.len() {
            match file.read(&mut head[read..])? {
                0 => break,
                n => read += n,
            }
        }
        Ok(match read {
            0 => Self::Missing,
            _ if head.starts_with(b"SQLite format 3\0") => Self::Plain,
            _ => Self::Encrypted,
        })
    }
}

/// Open a connection with medfund's settings, keyed when `key` is given. A wrong
/// key is found here, on the first read, not later.
pub(crate) fn connect(path: &Path, key: Option<&MasterKey>) -> Result<Connection> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    // Readable by its owner only; SQLite gives the -wal and -shm the same mode.
    super::private_file::create(path)?;
    super::private_file::restrict_database(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| StoreError::Open {
        path: path.to_owned(),
        source,
    })?;
    let keying = match key {
        Some(key) => {
            let guard = keying_lock();
            conn.pragma_update(None, "key", key.pragma_value().as_str())?;
            Some(guard)
        }
        None => None,
    };
    // SQLCipher answers a wrong key with "file is not a database" on the first read.
    let first_read = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    drop(keying);
    if let Err(e) = first_read {
        return Err(match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::WrongKey,
            _ => e.into(),
        });
    }
    super::seal::function::register(&conn, key)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // SQLite's default page cache is 2 MiB. Every page read past the cache is
    // decrypted again (a plain file would come from the OS's cache instead), so a
    // search repeated as the clerk types, over a 100,000-person roster, would
    // decrypt the whole roster each time; 32 MiB holds the pages a search reads.
    conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

/// SQLCipher sets its crypto provider up with the first keyed connection of the
/// process and tears it down with the last; connections keyed at once on several
/// threads (the start-up check beside the window, parallel tests) raced there and
/// failed with "An error occurred with PRAGMA key". So keying is done one
/// connection at a time, and one keyed in-memory connection is held for the life of
/// the process so that the provider is set up once.
pub fn keying_lock() -> std::sync::MutexGuard<'static, Option<Connection>> {
    static KEYING: std::sync::Mutex<Option<Connection>> = std::sync::Mutex::new(None);
    let mut guard = KEYING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if guard.is_none()
        && let Ok(anchor) = Connection::open_in_memory()
        && anchor.pragma_update(None, "key", "medfund").is_ok()
        && anchor
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok()
    {
        *guard = Some(anchor);
    }
    guard
}

/// Where a database is and the key that opens it: enough for a background job to
/// open its own connection. The key is wiped when the last copy is dropped.
#[derive(Clone, Debug)]
pub struct DbOpener {
    path: PathBuf,
    key: Option<MasterKey>,
}

impl DbOpener {
    pub fn open(&self) -> Result<Store> {
        Store::open_as(&self.path, self.key.clone())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Store {
    /// Open (creating if needed) and migrate the encrypted database at `path`.
    /// Sign-in ([`Store::sign_in`]) and the recovery code give the key; tests and
    /// benches pass it directly.
    pub fn open_with_key(path: &Path, key: &MasterKey) -> Result<Self> {
        Self::open_as(path, Some(key.clone()))
    }

    /// Create a new encrypted database at `path` with the key of `code` and an
    /// empty key file (the administrator's password comes next, with
    /// [`Store::set_first_admin_password`]). An existing file is never replaced.
    pub fn create(path: &Path, code: &RecoveryCode, demo: bool) -> Result<Self> {
        if FileKind::of(path)? != FileKind::Missing {
            return Err(StoreError::Invalid(format!(
                "数据库 {} 已存在，不能再新建",
                path.display()
            )));
        }
        let key = code
            .master_key()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        KeyFile::new(demo).save(path)?;
        Self::open_as(path, Some(key))
    }

    /// Open a plain database from before encryption, to sign in and encrypt it.
    /// An encrypted file is refused, and so is a missing one: a new database is
    /// always encrypted.
    pub fn open_plain(path: &Path) -> Result<Self> {
        match FileKind::of(path)? {
            FileKind::Plain => Self::open_as(path, None),
            FileKind::Encrypted => Err(StoreError::WrongKey),
            FileKind::Missing => Err(StoreError::NotFound(format!("数据库 {}", path.display()))),
        }
    }

    pub(crate) fn open_as(path: &Path, key: Option<MasterKey>) -> Result<Self> {
        let mut conn = connect(path, key.as_ref())?;
        // An existing database that a migration is about to change is backed up first.
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let latest = i64::try_from(MIGRATION_COUNT).unwrap_or(i64::MAX);
        if version > 0 && version < latest {
            backup::backup_connection(
                &conn,
                path,
                key.as_ref(),
                chrono::Local::now().naive_local(),
            )?;
        }
        migrations().to_latest(&mut conn)?;
        if version < latest {
            // A migration may have added columns, which the row seals cover.
            let tx = conn.transaction()?;
            super::seal::rows::reseal_all(&tx)?;
            tx.commit()?;
        }
        let seals = super::seal::rows::Tracker::install(&conn)?;
        Ok(Self {
            conn,
            path: path.to_owned(),
            key,
            seals,
        })
    }

    /// Whether the file is encrypted (every new database is; a plain one waits for
    /// the 管理员 to encrypt it).
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// What a background job needs to open its own connection.
    pub fn opener(&self) -> DbOpener {
        DbOpener {
            path: self.path.clone(),
            key: self.key.clone(),
        }
    }

    pub(crate) fn master_key(&self) -> Option<&MasterKey> {
        self.key.as_ref()
    }
}

impl Store {
    /// The schema version of the open file (SQLite's `user_version`: how many
    /// migrations it has had), as 关于 shows it.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The schema version this program migrates a file to.
    pub fn latest_schema_version() -> i64 {
        i64::try_from(MIGRATION_COUNT).unwrap_or(i64::MAX)
    }

    /// Fold the write-ahead log into the file, so that the file alone is the
    /// database (before it is copied or encrypted).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}
