//! Speed of the roster at scale: a 100,000-row CSV import (preview + commit), search
//! as you type, and fetching table blocks as the user scrolls.
//!
//! Run with `cargo bench --bench roster`. Prints the figures; asserts nothing about
//! time (timed assertions are flaky on shared machines).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use medfund::demo::{demo_id_number, load_demo};
use medfund::io::roster_import::{self, Progress};
use medfund::store::Actor;
use medfund::store::beneficiaries::RosterSort;

const ROWS: usize = 100_000;

fn roster_csv() -> String {
    let surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
    let given = "德明桂兰振华秀英建国玉珍光荣淑芬永福凤英志刚树林文华国祥堃喆玥珺昇犇旻镕";
    let s: Vec<char> = surnames.chars().collect();
    let g: Vec<char> = given.chars().collect();
    let mut rng = fastrand::Rng::with_seed(20211231);
    let mut out = String::with_capacity(ROWS * 80);
    out.push_str("姓名,身份证号,参加工作时间,社保卡号,单位\n");
    let start = chrono::NaiveDate::from_ymd_opt(1920, 1, 1).unwrap();
    for i in 0..ROWS {
        // Unique (birth date, sequence) pairs: 100 sequences per day.
        let birth = start + chrono::Duration::days((i / 100) as i64);
        let seq = (i % 100) as u32 * 10 + 7;
        let id = demo_id_number(&birth.format("%Y%m%d").to_string(), seq);
        let name: String = [
            s[rng.usize(..s.len())],
            g[rng.usize(..g.len())],
            g[rng.usize(..g.len())],
        ]
        .iter()
        .collect();
        let work = format!("194{}-0{}-1{}", rng.u8(5..9), rng.u8(1..9), rng.u8(0..9));
        out.push_str(&format!(
            "{name},{id},{work},B{:09},丰都县第{}单位\n",
            i,
            i % 97
        ));
    }
    out
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.db");
    let mut store = medfund::demo::create_demo_store(&db).expect("create");
    load_demo(&mut store, &Actor::system()).expect("demo");
    drop(store);
    let db = common::plain_if_asked(&db, dir.path());
    let mut store = common::open(&db);
    let program = store.program_by_code("lixiu").expect("program");
    let csv = dir.path().join("roster-100k.csv");
    std::fs::write(&csv, roster_csv()).expect("write csv");

    let cancel = AtomicBool::new(false);
    let progress = Progress {
        report: &|_, _| {},
        cancel: &cancel,
    };
    let t = Instant::now();
    let preview = roster_import::preview_file(&store, &program, &csv, &progress).expect("preview");
    let t_preview = t.elapsed();
    let t = Instant::now();
    let counts =
        roster_import::commit(&mut store, &preview, &Actor::system(), &progress).expect("commit");
    let t_commit = t.elapsed();
    println!("import {ROWS} rows: {counts}");
    println!(
        "  preview (read + check every row): {:>8.1} ms",
        t_preview.as_secs_f64() * 1e3
    );
    println!(
        "  commit (one transaction + audit):  {:>8.1} ms",
        t_commit.as_secs_f64() * 1e3
    );
    println!(
        "  total:                             {:>8.1} ms",
        (t_preview + t_commit).as_secs_f64() * 1e3
    );

    let total = store.roster_count(program.id).expect("count");
    println!("roster now {total} persons");
    for (what, q) in [
        ("one character 韩", "韩"),
        ("partial ID 19351", "19351"),
        ("card B00005", "B00005"),
        ("empty (all rows)", ""),
        ("no match", "不存在的人"),
    ] {
        let runs = 20;
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..runs {
            n = store
                .search_roster(program.id, q, RosterSort::Name, false)
                .expect("search")
                .len();
        }
        let ms = t.elapsed().as_secs_f64() * 1e3 / runs as f64;
        println!("search {what:<18} {n:>7} hits  {ms:>7.2} ms");
    }
    let ids = store
        .search_roster(program.id, "", RosterSort::Age, true)
        .expect("search");
    let t = Instant::now();
    let mut fetched = 0;
    for start in (0..ids.len()).step_by(ids.len() / 50) {
        let end = (start + 64).min(ids.len());
        fetched += store.roster_rows(&ids[start..end]).expect("rows").len();
    }
    println!(
        "scroll: 50 blocks of 64 rows anywhere in the table: {:.2} ms per block ({fetched} rows)",
        t.elapsed().as_secs_f64() * 1e3 / 50.0
    );
    drop(store);
    frame_times(&db);
}

/// CPU time of one frame of the roster page over 100,000 people while the mouse wheel
/// scrolls through it (layout and tessellation, without the GPU).
fn frame_times(db: &std::path::Path) {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    let db = db.to_path_buf();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            medfund::ui::fonts::install(&cc.egui_ctx, medfund::ui::fonts::FontChoice::BundledOnly);
            medfund::ui::MedfundApp::new(db, cc.egui_ctx.clone())
        });
    // The clerk signs in (the database opens then) and lands on 受益对象.
    h.run_steps(2);
    h.get_by_label("用户名").type_text("jingban");
    h.get_by_label("密码")
        .type_text(medfund::demo::DEMO_PASSWORD);
    h.get_by_label("登录（Enter）").click();
    h.run_steps(5);
    while h.state().checking() {
        h.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run_steps(5);
    h.event(egui::Event::PointerMoved(egui::pos2(600.0, 400.0)));
    let frames = 300;
    let mut worst = 0.0_f64;
    let t = Instant::now();
    for _ in 0..frames {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -2400.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        let f = Instant::now();
        h.step();
        worst = worst.max(f.elapsed().as_secs_f64());
    }
    println!(
        "roster frame while wheel-scrolling 100,000 rows: {:.2} ms average, {:.2} ms worst ({frames} frames)",
        t.elapsed().as_secs_f64() * 1e3 / frames as f64,
        worst * 1e3
    );
}
