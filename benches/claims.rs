//! Speed of the claims work on the large data set (100,000 people, 50 hospitals,
//! 1,000,000 claims over 10 years): generating it, opening a month and a
//! hospital-month, approving one, the year summary and the 支付汇总表.
//!
//! Run with `cargo bench --bench claims`. Set MEDFUND_LARGE_DB to a database made by
//! `medfund demo --scale large` to skip generating one. Prints figures only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use medfund::domain::claim::Month;
use medfund::store::Actor;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = common::large_db(dir.path());
    let t = Instant::now();
    let mut store = common::open(&path);
    println!("open the database: {:.1} ms", ms(t));
    let program = store.program_by_code("lixiu").expect("program");
    let dec = Month {
        year: 2021,
        month: 12,
    };

    let t = Instant::now();
    let rows = store.transfer_rows(program.id, dec).expect("rows");
    println!(
        "open 划拨审核 for 2021-12 ({} hospitals): {:.1} ms",
        rows.len(),
        ms(t)
    );

    let report = rows[0].report.id;
    let t = Instant::now();
    let claims = store.report_claims(report).expect("claims");
    println!(
        "open one hospital-month ({} claims): {:.1} ms",
        claims.len(),
        ms(t)
    );

    let leader = Actor {
        roles: medfund::domain::user::Role::Leader.into(),
        ..Actor::admin()
    };
    let t = Instant::now();
    store.approve_report(report, &leader).expect("approve");
    println!("approve it (and lock the month): {:.1} ms", ms(t));

    let t = Instant::now();
    let s = medfund::report::summary::build(&store, &program, 2021).expect("summary");
    println!(
        "year summary 2021 ({} claims): {:.1} ms",
        s.claims.claims_total,
        ms(t)
    );

    let t = Instant::now();
    let out = dir.path().join("zf.xlsx");
    let summary = medfund::export::payment_summary(
        &store,
        &medfund::store::Actor::admin(),
        &program,
        Month {
            year: 2021,
            month: 11,
        },
        &out,
    )
    .expect("export");
    println!(
        "支付汇总表 2021-11 ({} hospitals) built and written: {:.1} ms",
        summary.lines.len(),
        ms(t)
    );

    let t = Instant::now();
    let ids = store
        .search_roster(program.id, "韩", Default::default(), false)
        .expect("search");
    println!(
        "roster search 韩 over 100,000 ({} hits): {:.1} ms",
        ids.len(),
        ms(t)
    );
}
