//! What the benches on the large data set share: finding or generating it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use medfund::store::{Actor, Store};

/// The database named by MEDFUND_LARGE_DB, else one generated in `dir` (about
/// 30 s; the time is printed).
pub fn large_db(dir: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("MEDFUND_LARGE_DB") {
        return plain_if_asked(&PathBuf::from(p), dir);
    }
    let p = dir.join("large.db");
    let mut store = medfund::demo::create_demo_store(&p).expect("create");
    let t = Instant::now();
    medfund::demo::load_large(&mut store, &Actor::system(), &|_| {}).expect("generate");
    println!(
        "generate 100k people, 50 hospitals, 1M claims: {:.1} s",
        t.elapsed().as_secs_f64()
    );
    plain_if_asked(&p, dir)
}

/// With MEDFUND_BENCH_PLAIN=1, a plain (unencrypted) copy of the encrypted database
/// at `path`, made in `dir`: the same data, for the figures before and after
/// encryption. Otherwise `path` itself.
pub fn plain_if_asked(path: &Path, dir: &Path) -> PathBuf {
    if std::env::var_os("MEDFUND_BENCH_PLAIN").is_none() {
        return path.to_path_buf();
    }
    let plain = dir.join("plain.db");
    let conn = rusqlite::Connection::open(path).expect("open");
    let key = medfund::demo::demo_key().expect("key");
    let keying = medfund::store::open::keying_lock();
    conn.pragma_update(None, "key", key.pragma_value().as_str())
        .expect("key");
    drop(keying);
    conn.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [plain.to_string_lossy().as_ref()],
    )
    .expect("attach");
    conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .expect("export");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    conn.execute_batch(&format!(
        "PRAGMA plain.user_version = {version}; DETACH DATABASE plain;"
    ))
    .expect("detach");
    drop(conn);
    // Its seals were made under the real key: seal it as a plain file is sealed.
    Store::open_plain(&plain)
        .expect("open plain")
        .reseal_everything()
        .expect("reseal");
    println!("(plain copy, not encrypted: MEDFUND_BENCH_PLAIN)");
    plain
}

/// Open a bench database: encrypted with the demo's key, or the plain copy.
pub fn open(path: &Path) -> Store {
    match medfund::store::open::FileKind::of(path).expect("read") {
        medfund::store::open::FileKind::Plain => Store::open_plain(path).expect("open"),
        _ => Store::open_with_key(path, &medfund::demo::demo_key().expect("key")).expect("open"),
    }
}
