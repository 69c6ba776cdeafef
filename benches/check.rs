//! Speed of `medfund check` on the large data set (100,000 people, 1,000,000
//! claims), with the time each step took.
//!
//! Run with `cargo bench --bench check`. Set MEDFUND_LARGE_DB to a database made by
//! `medfund demo --scale large` to skip generating one, and MEDFUND_BENCH_PLAIN=1
//! for a plain copy of it. Prints figures only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::RefCell;
use std::time::Instant;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = common::large_db(dir.path());
    let store = common::open(&path);
    let start = Instant::now();
    let last = RefCell::new((Instant::now(), String::new()));
    let problems = store
        .check(&|_, what| {
            let mut last = last.borrow_mut();
            if last.1 != what {
                if !last.1.is_empty() {
                    println!(
                        "  {:<24} {:>8.1} ms",
                        last.1,
                        last.0.elapsed().as_secs_f64() * 1e3
                    );
                }
                *last = (Instant::now(), what.to_owned());
            }
        })
        .expect("check");
    println!(
        "check ({} problems): {:.2} s",
        problems.len(),
        start.elapsed().as_secs_f64()
    );
}
