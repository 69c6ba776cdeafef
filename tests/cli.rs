//! The headless commands as a user runs them: output, JSON and exit codes.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn medfund() -> Command {
    Command::new(env!("CARGO_BIN_EXE_medfund"))
}

/// `medfund import beneficiaries --program CODE [flags] --db DB FILE`.
fn import(program: &str, flags: &[&str], db: &Path, file: &Path) -> Output {
    medfund()
        .args(["import", "beneficiaries", "--program", program])
        .args(flags)
        .arg("--db")
        .arg(db)
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn demo_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let out = medfund().args(["demo", "--db"]).arg(&db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = medfund().args(["demo", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已存在且不为空"));
    let out = medfund()
        .args(["demo", "--force", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    // The replaced database was backed up first.
    assert!(String::from_utf8_lossy(&out.stderr).contains("原数据库已备份到"));
    assert_eq!(medfund::store::backup::list_backups(&db).unwrap().len(), 1);

    // A file that is not a database is never overwritten.
    let junk = dir.path().join("notes.db");
    std::fs::write(&junk, "not a database").unwrap();
    let out = medfund()
        .args(["demo", "--force", "--db"])
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&junk).unwrap(), "not a database");
}

#[test]
fn import_prints_counts_json_and_exit_codes() {
    let db = common::demo_db();
    let csv = common::write_utf8(db.dir.path(), "r.csv", &common::ten_rows("身份证号"));
    // Dry run: text output, exit 1 because of the bad rows, nothing written.
    let out = import("lixiu", &[], &db.path, &csv);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("新增 7，更新 0，无变化 0，错误 3"), "{text}");
    assert!(text.contains("第 9 行，列「身份证号」"), "{text}");

    // Commit with JSON.
    let out = import("lixiu", &["--commit", "--json"], &db.path, &csv);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["new"], 7);
    assert_eq!(v["errors"], 3);
    assert_eq!(v["error_rows"][0]["row"], 9);
    assert_eq!(v["error_rows"][0]["column"], "身份证号");
    assert!(
        v["error_rows"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("校验码错误")
    );

    // Again, as GBK: all 7 unchanged.
    let gbk = common::write_gbk(db.dir.path(), "g.csv", &common::ten_rows("公民身份号码"));
    let out = import("lixiu", &["--json"], &db.path, &gbk);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            v["new"].as_u64(),
            v["unchanged"].as_u64(),
            v["errors"].as_u64()
        ),
        (Some(0), Some(7), Some(3))
    );

    // A clean file exits 0.
    let clean: String = common::ten_rows("身份证号")
        .lines()
        .take(8)
        .map(|l| format!("{l}\n"))
        .collect();
    let clean = common::write_utf8(db.dir.path(), "c.csv", &clean);
    let out = import("lixiu", &[], &db.path, &clean);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn usage_file_and_database_errors_exit_2_in_chinese() {
    let db = common::demo_db();
    let out = medfund()
        .args(["import", "beneficiaries", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("参数错误：无法识别的参数"));

    let out = import("nope", &[], &db.path, Path::new("x.csv"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到项目代码「nope」"));

    let out = import("lixiu", &[], &db.path, &db.dir.path().join("missing.xlsx"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法打开文件"));

    let out = import(
        "lixiu",
        &[],
        &db.dir.path().join("none.db"),
        Path::new("x.csv"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("数据库文件"));
}

#[test]
fn the_demo_summary_reproduces_seed_000() {
    let db = common::demo_db();
    let out = medfund()
        .args(["summary", "--program", "lixiu", "--year", "2021", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["roster_persons"], 25);
    assert_eq!(v["reimbursed_persons"], 25);
    assert_eq!(v["inpatient_persons"], 25);
    assert_eq!(v["inpatient_stays"], 99);
    assert_eq!(v["inpatient_amount"], "886500.00");
    assert_eq!(v["outpatient_visits"], 1352);
    assert_eq!(v["outpatient_amount"], "663500.00");
    assert_eq!(v["person_times"], 1451);
    assert_eq!(v["claims_total"], 1451);
    assert_eq!(v["claims_audited"], 1451);
    assert_eq!(v["audit_rate"], "100.00");
    assert_eq!(v["late_reports"], 1);

    // 2022 is open with no claims.
    let out = medfund()
        .args(["summary", "--program", "lixiu", "--year", "2022", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claims_total"], 0);
    assert_eq!(v["audit_rate"], "0.00");

    let out = medfund()
        .args(["summary", "--program", "lixiu", "--year", "2019", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到2019年度"));
}
