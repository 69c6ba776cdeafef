//! Speed of 一键导出 on the large data set (100,000 people, 1,000,000 claims): the
//! whole folder for 2021, with the time each step took.
//!
//! Run with `cargo bench --bench export`. Set MEDFUND_LARGE_DB to a database made by
//! `medfund demo --scale large` to skip generating one. Prints figures only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::RefCell;
use std::time::Instant;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = common::large_db(dir.path());
    let store = common::open(&path);
    let program = store.program_by_code("lixiu").expect("program");
    let out = dir.path().join("export");
    let today = chrono::Local::now().date_naive();
    let start = Instant::now();
    let last = RefCell::new((Instant::now(), String::new()));
    let files = medfund::export::all(
        &store,
        &medfund::store::Actor::admin(),
        &program,
        2021,
        &out,
        today,
        &|_, what| {
            let mut last = last.borrow_mut();
            if !last.1.is_empty() {
                println!(
                    "  {:<24} {:>7.1} ms",
                    last.1,
                    last.0.elapsed().as_secs_f64() * 1e3
                );
            }
            *last = (Instant::now(), what.to_owned());
        },
    )
    .expect("export");
    println!(
        "一键导出 2021 ({} files): {:.2} s",
        files.len(),
        start.elapsed().as_secs_f64()
    );
}
