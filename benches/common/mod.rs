//! What the benches on the large data set share: finding or generating it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use medfund::store::{Actor, Store};

/// The database named by MEDFUND_LARGE_DB, else one generated in `dir` (about
/// 30 s; the time is printed).
pub fn large_db(dir: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("MEDFUND_LARGE_DB") {
        return PathBuf::from(p);
    }
    let p = dir.join("large.db");
    let mut store = medfund::demo::create_demo_store(&p).expect("create");
    let t = Instant::now();
    medfund::demo::load_large(&mut store, &Actor::system(), &|_| {}).expect("generate");
    println!(
        "generate 100k people, 50 hospitals, 1M claims: {:.1} s",
        t.elapsed().as_secs_f64()
    );
    p
}

/// Open a bench database: every one is encrypted with the demo's key.
pub fn open(path: &Path) -> Store {
    Store::open_with_key(path, &medfund::demo::demo_key().expect("key")).expect("open")
}
