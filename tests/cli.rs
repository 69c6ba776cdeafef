//! The headless commands as a user runs them: output, JSON and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Output;

use common::{assert_code, medfund, medfund_as};
use medfund::domain::user::Role;
use medfund::store::Actor;

/// `medfund import beneficiaries --program CODE [flags] --db DB FILE`, as 经办人.
fn import(program: &str, flags: &[&str], db: &Path, file: &Path) -> Output {
    let what = ["beneficiaries", "--program", program];
    run_import("jingban", &what, flags, db, file)
}

/// `medfund summary` of a program-year, which must succeed, as JSON (as 分管领导).
fn summary(db: &Path, program: &str, year: &str) -> serde_json::Value {
    let out = medfund_as("lingdao")
        .args(["summary", "--program", program, "--year", year, "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `medfund import WHAT… [flags] --db DB FILE`, as `user`.
fn run_import(user: &str, what: &[&str], flags: &[&str], db: &Path, file: &Path) -> Output {
    medfund_as(user)
        .arg("import")
        .args(what)
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
    // The replaced database was moved into the backups, whole.
    assert!(String::from_utf8_lossy(&out.stderr).contains("原数据库已移入备份"));
    // Set aside under its own name, which rotation never deletes.
    let aside: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-aside.db"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");

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
    assert_code(&out, 0);
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

    // A text file renamed .xlsx: the Chinese reason, not the zip library's.
    let renamed = common::write_utf8(db.dir.path(), "r.xlsx", &common::ten_rows("身份证号"));
    for flags in [&[][..], &["--json"]] {
        let out = import("lixiu", flags, &db.path, &renamed);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("文件不是有效的 Excel 文件，可能已损坏或扩展名不对"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }

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
    let v = summary(&db.path, "lixiu", "2021");
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
    assert_eq!(v["budget_initial"], "1340000.00");
    assert_eq!(v["budget_full"], "1550000.00");
    assert_eq!(v["received"], "1550000.00");
    assert_eq!(v["paid"], "1550000.00");
    assert_eq!(v["balance"], "0.00");
    assert_eq!(v["execution_rate"], "100.00");
    assert_eq!(v["arrival_rate"], "100.00");
    // Metrics the indicators can take their actual values from.
    assert_eq!(v["coverage_rate"], "100.00");
    assert_eq!(v["paid_by_next_month_rate"], "100.00");
    assert_eq!(
        v["on_time_report_rate"], "98.72",
        "77 of 78 reports on time"
    );
    assert_eq!(v["average_paid_per_person"], "62000.00", "1,550,000 ÷ 25");

    // 2022 is open with no claims.
    let out = medfund_as("lingdao")
        .args(["summary", "--program", "lixiu", "--year", "2022", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claims_total"], 0);
    assert_eq!(v["audit_rate"], "0.00");

    let out = medfund_as("lingdao")
        .args(["summary", "--program", "lixiu", "--year", "2019", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到2019年度"));
}

#[test]
fn export_transfers_writes_a_payment_summary_that_reads_back() {
    use calamine::Data;
    let db = common::demo_db();
    let out_path = db.dir.path().join("支付汇总表-2021-09.xlsx");
    let out = medfund_as("lingdao")
        .args([
            "export",
            "transfers",
            "--program",
            "lixiu",
            "--month",
            "2021-09",
            "--out",
        ])
        .arg(&out_path)
        .arg("--db")
        .arg(&db.path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let range = common::read_sheet(&out_path, "支付汇总表");
    let text = |r: u32, c: u32| common::cell_text(&range, r, c);
    assert_eq!(
        text(0, 0),
        "丰都县离休人员医药费县级补助 2021年9月 支付汇总表"
    );
    assert_eq!(text(2, 2), "定点医疗机构");
    assert_eq!(text(3, 1), "H50023000001");
    assert_eq!(text(3, 2), "丰都县人民医院");
    // Find the 合计 row and check it against the lines above it.
    let total_row = (3..range.height() as u32)
        .find(|r| text(*r, 0) == "合　计")
        .unwrap();
    let sum: f64 = (3..total_row)
        .map(|r| match range.get_value((r, 6)) {
            Some(Data::Float(f)) => *f,
            other => panic!("{other:?}"),
        })
        .sum();
    let total = match range.get_value((total_row, 6)) {
        Some(Data::Float(f)) => *f,
        other => panic!("{other:?}"),
    };
    assert!((sum - total).abs() < 0.005, "{sum} vs {total}");
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    let capital = text(total_row + 1, 0);
    assert!(capital.starts_with("合计金额（大写）：人民币"), "{capital}");
    assert!(
        printed.contains(capital.trim_start_matches("合计金额（大写）：人民币")),
        "{printed}"
    );
    assert!(text(total_row + 3, 1).starts_with("经办人"));
    assert!(text(total_row + 3, 6).starts_with("分管领导"));

    // A month without reports is an error, not an empty form.
    let out = medfund_as("lingdao")
        .args([
            "export",
            "transfers",
            "--program",
            "lixiu",
            "--month",
            "2022-01",
            "--out",
        ])
        .arg(db.dir.path().join("x.xlsx"))
        .arg("--db")
        .arg(&db.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2022年1月 没有任何医院的报账"));
}

#[test]
fn import_claims_previews_every_reason_and_commits_only_valid_rows() {
    use medfund::demo::demo_id_number;
    let db = common::demo_db();
    let han = demo_id_number("19230315", 11);
    let wang = demo_id_number("19260109", 32);
    let li = demo_id_number("19240822", 23);
    let text = format!(
        "身份证号,姓名,就诊类型,就诊日期,出院日期,医疗总费用,目录外费用,票据号\n\
         {han},韩堃,门诊,2022-03-02,,300.00,12.50,MZ1\n\
         {wang},王\u{3000}玥,门诊,2022/3/9,,88.8,,MZ2\n\
         {li},李喆,住院,2022年3月1日,2022-03-08,9650,150,ZY1\n\
         110105194912310021,某人,门诊,2022-03-03,,50,,MZ3\n\
         {han},韩堃,门诊,2022-04-01,,50,,MZ4\n\
         {wang},王玥,门诊,2022-03-05,,50,60,MZ5\n\
         {wang},王玥,门诊,2022-03-06,,50,,MZ1\n\
         {li},李某,门诊,2022-03-06,,-5,,MZ6\n"
    );
    // 王玥 is padded with an ideographic space, as registers do: still 王玥.
    let csv = common::write_utf8(db.dir.path(), "claims.csv", &text);
    fn args(extra: &[&'static str]) -> Vec<&'static str> {
        let mut a = vec![
            "import",
            "claims",
            "--program",
            "lixiu",
            "--hospital",
            "H50023000001",
            "--month",
            "2022-03",
        ];
        a.extend_from_slice(extra);
        a
    }
    let out = medfund_as("jingban")
        .args(args(&["--json"]))
        .arg("--db")
        .arg(&db.path)
        .arg(&csv)
        .output()
        .unwrap();
    assert_code(&out, 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["new"].as_u64(), v["errors"].as_u64()),
        (Some(3), Some(5))
    );
    let messages: Vec<(u64, String, String)> = v["error_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expect = [
        (5, "身份证号", "不在本项目名册中"),
        (
            6,
            "就诊日期",
            "就诊日期 2022-04-01 不在报账月份 2022年3月 内",
        ),
        (7, "目录外费用", "目录外费用 60.00 大于医疗总费用 50.00"),
        (8, "票据号", "与第 2 行的票据号重复"),
        (9, "医疗总费用", "医疗总费用不能为负数"),
    ];
    for (row, column, message) in expect {
        assert!(
            messages
                .iter()
                .any(|(r, c, m)| *r == row && c == column && m == message),
            "missing row {row} {column} {message}: {messages:?}"
        );
    }
    // Commit, then the same file again: the 3 are unchanged now.
    let out = medfund_as("jingban")
        .args(args(&["--commit"]))
        .arg("--db")
        .arg(&db.path)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("新增 3，更新 0，无变化 0，错误 5"));
    let out = medfund_as("jingban")
        .args(args(&[]))
        .arg("--db")
        .arg(&db.path)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("新增 0，更新 0，无变化 3，错误 5"));
    let out = medfund_as("lingdao")
        .args(["summary", "--program", "lixiu", "--year", "2022", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["claims_total"], 3);
    assert_eq!(v["claims_audited"], 0);

    // An unknown hospital and a bad month are usage errors.
    let out = medfund_as("jingban")
        .args([
            "import",
            "claims",
            "--program",
            "lixiu",
            "--hospital",
            "H99999999999",
            "--month",
            "2022-03",
            "--db",
        ])
        .arg(&db.path)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("找不到定点医疗机构代码「H99999999999」")
    );
    let out = medfund_as("jingban")
        .args([
            "import",
            "claims",
            "--program",
            "lixiu",
            "--hospital",
            "H50023000001",
            "--month",
            "2022-13",
            "--db",
        ])
        .arg(&db.path)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("月份「2022-13」无效"));
}

#[test]
fn check_exits_0_when_clean_and_1_naming_each_problem() {
    let db = common::demo_db();
    let out = medfund_as("admin")
        .arg("check")
        .arg("--db")
        .arg(&db.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("检查通过"));

    let conn = common::raw(&db.path);
    conn.execute_batch(&format!(
        "UPDATE claims SET total_fen = total_fen + 5000 WHERE bill_no = 'MZ20210100000';
         {} DELETE FROM audit_log WHERE id = 25;",
        common::DROP_APPEND_ONLY
    ))
    .unwrap();
    drop(conn);
    let out = medfund_as("admin")
        .arg("check")
        .arg("--db")
        .arg(&db.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("发现 2 个问题"), "{text}");
    assert!(text.contains("票据号 MZ20210100000"), "{text}");
    assert!(text.contains("审计日志第 26 条之前有记录被删除"), "{text}");

    let missing = db.dir.path().join("none.db");
    let out = medfund_as("admin")
        .arg("check")
        .arg("--db")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不存在"));
}

/// `medfund settlement --program lixiu ARGS… --db DB`, as 财务.
fn settlement(db: &Path, args: &[&str]) -> Output {
    medfund_as("caiwu")
        .args(["settlement", "--program", "lixiu"])
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap()
}

#[test]
fn settlement_prints_json_and_posts_into_the_ledger() {
    let db = common::demo_db();
    let run = |args: &[&str]| settlement(&db.path, args);
    let out = run(&["--year", "2021"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let persons = v["persons"].as_array().unwrap();
    assert_eq!(persons.len(), 25);
    // Whole ID numbers, for machine use; every demo person used more than the quota.
    assert_eq!(persons[0]["id_number"].as_str().unwrap().len(), 18);
    assert!(
        persons
            .iter()
            .all(|p| p["top_up"] == "0.00" && p["months"] == 12)
    );
    assert_eq!(v["total_top_up"], "0.00");
    assert_eq!(v["pooling_excess"], "1350000.00");

    // 2022 has no claims yet: everyone's quota is topped up in full.
    let sheet = db.dir.path().join("清算表.xlsx");
    let out = run(&[
        "--year",
        "2022",
        "--post",
        "--date",
        "2023-01-10",
        "--out",
        sheet.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = v["total_top_up"].as_str().unwrap().to_owned();
    assert!(String::from_utf8_lossy(&out.stderr).contains("已过账：25 人"));
    let summary = medfund_as("lingdao")
        .args(["summary", "--program", "lixiu", "--year", "2022", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    let s: serde_json::Value = serde_json::from_slice(&summary.stdout).unwrap();
    assert_eq!(s["paid"].as_str().unwrap(), total);

    // The sheet reads back with masked IDs and the total.
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&sheet).unwrap();
    let range = wb.worksheet_range("年终清算表").unwrap();
    let cells: Vec<String> = range.rows().flatten().map(|c| c.to_string()).collect();
    assert!(cells.iter().any(|c| c.contains("2022年度年终清算表")));
    assert!(cells.iter().any(|c| c.contains("********")));
    let whole_id =
        |c: &String| c.len() == 18 && c.chars().all(|ch| ch.is_ascii_digit() || ch == 'X');
    assert!(
        !cells.iter().any(whole_id),
        "no whole ID number on the sheet"
    );
    assert!(cells.iter().any(|c| c.contains("合　计（25 人）")));

    // Posting twice is refused, and bad arguments are named.
    let out = run(&["--year", "2022", "--post"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已于"));
    let out = run(&["--year", "2022", "--post", "--date", "2022-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("过账日期「2022-13-01」无效"));
}

#[test]
fn settlement_json_shows_what_is_not_final_and_refuses_to_post_over_it() {
    let db = common::demo_db();
    // 韩堃's two 门诊 claims of March 2022, 待审: 300.00 + 934.00 = 1,234.00.
    let month = medfund::domain::claim::Month {
        year: 2022,
        month: 3,
    };
    common::report_with_claims(
        &db.path,
        month,
        &[("MZ220301", "300.00"), ("MZ220302", "934.00")],
        false,
    );
    let out = settlement(&db.path, &["--year", "2022"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["pending_claims"],
        serde_json::json!({"count": 2, "amount": "1234.00"})
    );
    assert_eq!(
        v["unapproved_months"],
        serde_json::json!([{"month": "2022-03", "hospital_code": "H50023000001",
                            "hospital": "丰都县人民医院", "status": "待复核"}])
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("注意：2022年度还有 2 条报账待审"),
        "{stderr}"
    );

    let refused = "2022年度还有 2 条报账待审（应付 1,234.00 元），审核完毕后才能过账年终清算";
    let post = ["--year", "2022", "--post", "--date", "2023-01-10"];
    let out = settlement(&db.path, &post);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(refused));
    assert!(out.stdout.is_empty());
    assert_eq!(summary(&db.path, "lixiu", "2022")["paid"], "0.00");

    // The month is audited headless: both claims pass. Previewing again counts
    // them: 91,000.00 of quotas − 1,234.00 that 韩堃 used = 89,766.00.
    let out = medfund_as("shenhe")
        .args(["audit", "--program", "lixiu", "--hospital", "H50023000001"])
        .args([
            "--month",
            "2022-03",
            "--pass-rest",
            "--commit",
            "--json",
            "--db",
        ])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out)["new"], 2);
    let out = settlement(&db.path, &["--year", "2022"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["pending_claims"]["count"], 0);
    assert_eq!(v["total_top_up"], "89766.00");
    // Audited but not approved: posting needs --confirm-unapproved.
    let out = settlement(&db.path, &post);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2022年度还有 1 个医院月份尚未批准：丰都县人民医院 2022年3月（待复核）")
            && stderr.contains("加 --confirm-unapproved 确认"),
        "{stderr}"
    );
    assert_eq!(summary(&db.path, "lixiu", "2022")["paid"], "0.00");
    let out = settlement(&db.path, &[&post[..], &["--confirm-unapproved"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // 91,000.00 of quotas − 1,234.00 that 韩堃 used = 89,766.00.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total_top_up"], "89766.00");
    assert_eq!(summary(&db.path, "lixiu", "2022")["paid"], "89766.00");
}

/// `medfund import premiums --program CODE --year YYYY [flags] --db DB FILE`, as 经办人.
fn import_premiums(program: &str, year: &str, flags: &[&str], db: &Path, file: &Path) -> Output {
    let what = ["premiums", "--program", program, "--year", year];
    run_import("jingban", &what, flags, db, file)
}

#[test]
fn import_premiums_previews_commits_and_exits_like_the_other_imports() {
    let db = common::premium_db();
    let id = common::premium_id;
    let text = format!(
        "身份证号,姓名,资助金额\n{},张桂英,\n{},王秀兰,\n{},杨得明,\n",
        id(0),
        id(2),
        id(5)
    );
    let csv = common::write_utf8(db.dir.path(), "p.csv", &text);
    // Preview: exit 1 for the bad row, which is named; nothing written.
    let out = import_premiums("jiuzhu", "2019", &[], &db.path, &csv);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("第 4 行，列「姓名」，值「杨得明」：与名册中的姓名「杨德明」不符"),
        "{stdout}"
    );
    assert!(
        stdout.contains("新增 2，更新 0，无变化 0，错误 1"),
        "{stdout}"
    );
    assert!(stdout.contains("（预览，未写入；加 --commit 写入无错误的行）"));
    let totals = |db: &Path| {
        let store = common::open(db);
        let program = store.program_by_code("jiuzhu").unwrap();
        store.premium_totals(program.id, 2019).unwrap()
    };
    assert_eq!(totals(&db.path).persons, 0);

    // Commit with JSON: the two valid rows are written.
    let out = import_premiums("jiuzhu", "2019", &["--commit", "--json"], &db.path, &csv);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["new"].as_u64(), v["errors"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(v["error_rows"][0]["column"], "姓名");
    let t = totals(&db.path);
    assert_eq!((t.persons, t.amount.plain()), (2, "370.00".to_owned()));

    // The clean rows again: 无变化, exit 0.
    let clean: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
    let clean = common::write_utf8(db.dir.path(), "clean.csv", &clean);
    let out = import_premiums("jiuzhu", "2019", &["--json"], &db.path, &clean);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unchanged"], 2);

    // Usage, program and year errors exit 2 in Chinese, writing nothing.
    let fails = |out: Output, words: &str| {
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{stderr}");
    };
    fails(
        import_premiums("jiuzhu", "2030", &[], &db.path, &clean),
        "找不到2030年度",
    );
    fails(
        import_premiums("jiuzhu", "二〇一九", &[], &db.path, &clean),
        "参数错误：参数值无效",
    );
    fails(
        import_premiums(
            "jiuzhu",
            "2019",
            &[],
            &db.path,
            &db.dir.path().join("none.csv"),
        ),
        "无法打开文件",
    );
    let no_id = common::write_utf8(db.dir.path(), "no-id.csv", "姓名\n张桂英\n");
    fails(
        import_premiums("jiuzhu", "2019", &[], &db.path, &no_id),
        "缺少必需的列「身份证号」",
    );
    let demo = common::demo_db();
    fails(
        import_premiums("lixiu", "2021", &[], &demo.path, &clean),
        "不是城乡医疗救助项目",
    );
    assert_eq!(totals(&db.path).persons, 2);
}

#[test]
fn the_demo_summary_reproduces_seed_004() {
    let db = common::demo_db();
    let v = summary(&db.path, "jiuzhu", "2019");
    // 2019 万元 received; 1596 万元 paid by 2019-11-29; 59982 人次.
    assert_eq!(v["received"], "20190000.00");
    assert_eq!(v["paid"], "15960000.00");
    assert_eq!(v["paid_through"], "2019-11-29");
    assert_eq!(v["person_times"], 59982);
    // 资助参保 437 万元, 28050 人; 直接救助 1159 万元, 31932 人次, 建档立卡 19514 (61%).
    assert_eq!(v["premium_persons"], 28050);
    assert_eq!(v["premium_amount"], "4370000.00");
    assert_eq!(v["direct_person_times"], 31932);
    assert_eq!(v["direct_amount"], "11590000.00");
    assert_eq!(v["direct_poor_person_times"], 19514);
    assert_eq!(v["direct_poor_share"], "61.11");
    // 重特大疾病 2578 人次, 建档立卡 1511 (59%).
    assert_eq!(v["catastrophic_person_times"], 2578);
    assert_eq!(v["catastrophic_poor_person_times"], 1511);
    assert_eq!(v["catastrophic_poor_share"], "58.61");
    // 特困供养: 2019 6279 人, 9336 人次 (149%); 2018 6380 人, 9247 人次 (145%).
    assert_eq!(v["tekun_persons"], 6279);
    assert_eq!(v["tekun_admissions"], 9336);
    assert_eq!(v["tekun_admission_rate"], "148.69");
    assert_eq!(v["previous_tekun_persons"], 6380);
    assert_eq!(v["previous_tekun_admissions"], 9247);
    assert_eq!(v["previous_tekun_admission_rate"], "144.94");
    assert_eq!(v["grade"], "优");
}

#[test]
fn a_month_of_assistance_claims_is_imported_and_each_amount_is_the_hand_calculation() {
    let db = common::jiuzhu_db();
    let id = common::jiuzhu_id_number;
    // 李建国 建档立卡, 王秀英 低保 (already 150.00 of 门诊 paid in January), 张桂兰
    // 特困供养, 刘明 建档立卡 and 一类对象; all at the county's 县级 hospital.
    let header = "身份证号,姓名,就诊类型,入院日期,出院日期,医疗总费用,目录外费用,基本医保支付,大病保险支付,其他保障支付,重特大疾病,票据号";
    let rows = [
        "ID,李建国,住院,2019-12-01,2019-12-10,30000,2000,15000,3000,1000,是,ZY1",
        "ID,李建国,住院,2019-12-15,2019-12-20,20000,0,12000,0,0,是,ZY2",
        "ID,张桂兰,住院,2019-12-03,2019-12-08,5000,500,3000,,,否,ZY3",
        "ID,刘明,住院,2019-12-05,2019-12-12,10000,0,6000,,,是,ZY4",
        "ID,王秀英,门诊,2019-12-06,,2000,0,200,,,,MZ5",
    ];
    let ids = [id(0), id(0), id(2), id(3), id(1)];
    let text = std::iter::once(header.to_owned())
        .chain(rows.iter().zip(&ids).map(|(r, i)| r.replacen("ID", i, 1)))
        .collect::<Vec<_>>()
        .join("\n");
    let file = common::write_utf8(db.dir.path(), "12月.csv", &text);
    let out = medfund_as("jingban")
        .args([
            "import",
            "claims",
            "--program",
            "jiuzhu",
            "--hospital",
            common::JIUZHU_COUNTY_HOSPITAL,
            "--month",
            "2019-12",
            "--commit",
            "--db",
        ])
        .arg(&db.path)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    let month = medfund::domain::claim::Month::parse("2019-12").unwrap();
    let report = store.transfer_rows(program.id, month).unwrap()[0].report.id;
    let claims = store.report_claims(report).unwrap();
    let by_bill = |bill: &str| claims.iter().find(|c| c.bill_no == bill).unwrap();
    let expected = [
        // 30000 − 2000 − 15000 − 3000 − 1000 = 9000; 起付线 4000; 5000 × 50%.
        (
            "ZY1",
            "2500.00",
            "自付 9000.00 − 起付线 4000.00 = 5000.00 × 50% = 2500.00（年度已救助 0.00，限额 50000.00）",
        ),
        // 20000 − 12000 = 8000; the 起付线 is used up.
        (
            "ZY2",
            "4000.00",
            "自付 8000.00 × 50% = 4000.00（年度已救助 2500.00，限额 50000.00）",
        ),
        // 普通住院 at a 县级 hospital: 5000 − 500 − 3000 = 1500 × 70%.
        (
            "ZY3",
            "1050.00",
            "自付 1500.00 × 70% = 1050.00（年度已救助 0.00，限额 10000.00）",
        ),
        // 一类对象: no 起付线; 4000 × 50%.
        (
            "ZY4",
            "2000.00",
            "自付 4000.00 × 50% = 2000.00（年度已救助 0.00，限额 50000.00）",
        ),
        // 门诊: 1800 × 50% = 900, but only 850 of the 1000 cap is left.
        (
            "MZ5",
            "850.00",
            "自付 1800.00 × 50% = 900.00（年度已救助 150.00，限额 1000.00），受限额控制实付 850.00",
        ),
    ];
    for (bill, payable, explanation) in expected {
        let c = by_bill(bill);
        assert_eq!(c.payable.plain(), payable, "{bill}");
        assert_eq!(c.explanation, explanation, "{bill}");
    }
    assert!(by_bill("ZY1").catastrophic && !by_bill("ZY3").catastrophic);
}

#[test]
fn an_assistance_roster_imports_its_category_and_class_one_columns() {
    let db = common::jiuzhu_db();
    let text = format!(
        "姓名,身份证号,救助类别,一类对象\n赵玥,{},特困供养,是\n钱珺,{},低收入,否\n孙旻,{},特困,否\n李犇,{},低保,可能\n",
        common::heshan_id_number("19500101", 501),
        common::heshan_id_number("19600202", 502),
        common::heshan_id_number("19700303", 503),
        common::heshan_id_number("19800404", 504),
    );
    let file = common::write_utf8(db.dir.path(), "名册.csv", &text);
    let out = import("jiuzhu", &["--commit"], &db.path, &file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("第 4 行，列「类别」，值「特困」：类别「特困」不在本项目的类别中"),
        "{stdout}"
    );
    assert!(
        stdout.contains("第 5 行，列「一类对象」，值「可能」：一类对象只能填 是 或 否"),
        "{stdout}"
    );
    let store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    let people = store.beneficiaries_by_id_number(program.id).unwrap();
    let zhao = &people[&common::heshan_id_number("19500101", 501)].fields;
    assert_eq!((zhao.category.as_str(), zhao.class_one), ("特困供养", true));
    let qian = &people[&common::heshan_id_number("19600202", 502)].fields;
    assert_eq!((qian.category.as_str(), qian.class_one), ("低收入", false));
    assert_eq!(
        people.len(),
        4 + 2,
        "the fixture's four and the two good rows"
    );
}

#[test]
fn output_to_a_reader_that_has_gone_is_not_a_panic() {
    // `medfund export all … | head -1`: the reader closes before the file list.
    let db = common::demo_db();
    let mut child = medfund_as("lingdao")
        .args([
            "export",
            "all",
            "--program",
            "lixiu",
            "--year",
            "2021",
            "--dir",
        ])
        .arg(db.dir.path().join("导出"))
        .arg("--db")
        .arg(&db.path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("已导出 18 个文件"), "{stderr}");
}

#[test]
fn import_hospitals_names_every_bad_row_and_warns_on_a_credit_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    drop(common::open(&db));
    let list = common::hospital_list(dir.path());
    // Nobody can sign in before the administrator's password is set in the window.
    let out = run_import("admin", &["hospitals"], &[], &db, &list);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("请先在窗口中设置管理员密码"));
    common::set_demo_admin_password(&mut common::open(&db));

    // Dry run: every bad row named by row, column and value; nothing written.
    let out = run_import("admin", &["hospitals"], &[], &db, &list);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "第 5 行，列「机构代码」，值「H5002300004」：定点医疗机构代码「H5002300004」应为 H + 6 位地区码 + 5 位顺序号，共 12 位",
        "第 6 行，列「机构代码」，值「H50023000003」：与第 4 行的机构代码重复",
        "第 7 行，列「级别」，值「三甲」：级别只能是 乡镇、县级 或 县级以上",
        "新增 3，更新 0，无变化 0，错误 3",
        "（预览，未写入；加 --commit 写入无错误的行）",
    ] {
        assert!(text.lines().any(|l| l == line), "{line}\n{text}");
    }
    let warning = text
        .lines()
        .find(|l| l.starts_with("提示：第 4 行，列「统一社会信用代码」"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(warning.contains("校验位应为"), "{warning}");
    assert!(warning.ends_with("（仍会写入）"), "{warning}");
    assert!(common::open(&db).hospitals().unwrap().is_empty());

    // Commit with JSON: the three good rows, the warned one among them.
    let out = run_import("admin", &["hospitals"], &["--commit", "--json"], &db, &list);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["new"].as_u64(), v["errors"].as_u64()),
        (Some(3), Some(3))
    );
    let rows: Vec<(u64, &str)> = v["error_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(5, "机构代码"), (6, "机构代码"), (7, "级别")]);
    assert_eq!(v["warning_rows"][0]["row"], 4);
    assert_eq!(v["warning_rows"][0]["column"], "统一社会信用代码");
    let store = common::open(&db);
    let hospitals = store.hospitals().unwrap();
    let shown: Vec<(&str, &str, &str, bool)> = hospitals
        .iter()
        .map(|h| {
            (
                h.code.as_str(),
                h.name.as_str(),
                h.level.label(),
                h.in_county,
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("H50023000002", "丰都县中医院", "县级", true),
            ("H50023000003", "丰都县妇幼保健院", "县级", true),
            ("H50023000105", "丰都县高家镇中心卫生院", "乡镇", true),
        ]
    );
    // The account as the bank prints it, spaces dropped; each insert audited.
    assert_eq!(hospitals[0].bank_account, "3112010104000001");
    let logged = store.audit_entries("hospital", hospitals[0].id).unwrap();
    assert_eq!(logged[0].action, "insert");
    assert!(
        logged[0]
            .new_value
            .as_deref()
            .unwrap()
            .contains("丰都县中医院")
    );
    drop(store);

    // The same list again: the good rows are unchanged.
    let out = run_import("admin", &["hospitals"], &["--json"], &db, &list);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["new"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(3))
    );

    // A list without 级别 cannot be read at all: exit 2, nothing written.
    let bad = common::write_xlsx(
        dir.path(),
        "无级别.xlsx",
        &[
            vec!["机构代码".into(), "名称".into()],
            vec!["H50023000009".into(), "丰都县某医院".into()],
        ],
    );
    let out = run_import("admin", &["hospitals"], &["--commit"], &db, &bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("缺少必需的列「级别」"));
    assert_eq!(common::open(&db).hospitals().unwrap().len(), 3);
}

/// `medfund audit --program jiuzhu --hospital <county> --month MONTH [args] --db DB`, as 审核员.
fn audit(db: &Path, month: &str, args: &[&str]) -> Output {
    audit_as("shenhe", db, month, args)
}

fn audit_as(user: &str, db: &Path, month: &str, args: &[&str]) -> Output {
    medfund_as(user)
        .args(["audit", "--program", "jiuzhu", "--hospital"])
        .arg(common::JIUZHU_COUNTY_HOSPITAL)
        .args(["--month", month])
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap()
}

/// The clerk imports `file` as the 2019-12 claims of the county hospital (医疗救助),
/// committing and answering in JSON.
fn import_december_claims(db: &Path, file: &Path) -> Output {
    medfund_as("jingban")
        .args(["import", "claims", "--program", "jiuzhu", "--hospital"])
        .arg(common::JIUZHU_COUNTY_HOSPITAL)
        .args(["--month", "2019-12", "--commit", "--json", "--db"])
        .arg(db)
        .arg(file)
        .output()
        .unwrap()
}

fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Issue 12's worked example through `medfund audit`: 李建国 (建档立卡, 重特大疾病,
/// 起付线 4000, 50 %, cap 50000) has A in March (48000.00) and B, C in May.
#[test]
fn audit_applies_a_file_of_decisions_and_a_cut_gives_cap_room_to_later_claims() {
    let db = common::jiuzhu_db();
    let mut store = common::open(&db.path);
    let (a, march_report) =
        common::catastrophic_stay(&mut store, 3, "2019-03-01", "2019-03-20", "100000", "ZYA");
    let (b, may) =
        common::catastrophic_stay(&mut store, 5, "2019-05-01", "2019-05-10", "20000", "ZYB");
    let (c, _) =
        common::catastrophic_stay(&mut store, 5, "2019-05-12", "2019-05-18", "8000", "ZYC");
    drop(store);
    let payable = |id: i64| {
        let store = common::open(&db.path);
        let claims = store.report_claims(may).unwrap();
        let march = store.report_claims(march_report).unwrap();
        claims
            .into_iter()
            .chain(march)
            .find(|x| x.id == id)
            .unwrap()
    };
    // Before audit A counts at 48000: B gets the 2000 left, C nothing.
    assert_eq!(payable(b).payable.plain(), "2000.00");
    assert_eq!(payable(c).payable.plain(), "0.00");

    let march = common::write_utf8(
        db.dir.path(),
        "3月审核.csv",
        "票据号,审核结论,核减金额,审核意见\nZYA,核减,10000,超标准收费\n",
    );
    // The dry run writes nothing.
    let out = audit(&db.path, "2019-03", &["--json", march.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(
        (v["new"].as_u64(), v["errors"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(payable(b).payable.plain(), "2000.00");

    let out = audit(&db.path, "2019-03", &["--commit", march.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("审核 1 条：通过 0 条，核减 1 条（核减 10,000.00 元），拒付 0 条"),
        "{text}"
    );
    assert_eq!(payable(a).payable_after_audit().plain(), "38000.00");
    // B: 20000 × 50 % = 10000 within the 12000 left; C: 4000, 2000 left.
    let b_now = payable(b);
    assert_eq!(b_now.payable.plain(), "10000.00");
    assert_eq!(
        b_now.explanation,
        "自付 20000.00 × 50% = 10000.00（年度已救助 38000.00，限额 50000.00）"
    );
    assert_eq!(payable(c).payable.plain(), "2000.00");

    // The same file again: 无变化.
    let out = audit(
        &db.path,
        "2019-03",
        &["--commit", "--json", march.to_str().unwrap()],
    );
    let v = json_of(&out);
    assert_eq!(
        (v["new"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    // A decided claim is not decided again by a file: its decision is named.
    let again = common::write_utf8(db.dir.path(), "3月复审.csv", "票据号,审核结论\nZYA,通过\n");
    let out = audit(&db.path, "2019-03", &["--json", again.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["error_rows"][0]["row"], 2);
    assert_eq!(v["error_rows"][0]["column"], "审核结论");
    assert!(
        v["error_rows"][0]["message"]
            .as_str()
            .unwrap()
            .contains("已审核为「核减 10000.00：超标准收费」"),
        "{v}"
    );

    // Every refusal names its row, column and value; nothing is written.
    let may_file = common::write_utf8(
        db.dir.path(),
        "5月审核.csv",
        "票据号,审核结论,核减金额,审核意见\nZYB,核减,10000.01,超标准收费\nZYC,拒付,,\nZY999,通过,,\nZYC,通过,,\nZYB,暂缓,,\n",
    );
    let out = audit(
        &db.path,
        "2019-05",
        &["--commit", "--json", may_file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["errors"], 5);
    let rows: Vec<(u64, &str, &str)> = v["error_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap(),
                e["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (2, "核减金额", "10000.01"),
            (3, "审核意见", ""),
            (4, "票据号", "ZY999"),
            (5, "票据号", "ZYC"),
            (6, "票据号", "ZYB"),
        ]
    );
    let messages: Vec<&str> = v["error_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages[0], "核减金额 10000.01 大于应付金额 10000.00");
    assert_eq!(messages[1], "拒付必须填写审核意见");
    assert_eq!(messages[2], "该医院 2019年5月 的报账中没有这个票据号");
    assert_eq!(messages[3], "与第 3 行的票据号重复");
    assert_eq!(payable(b).audit.label(), "待审");

    // --pass-rest without a file passes what is still 待审.
    let out = audit(&db.path, "2019-05", &["--pass-rest", "--commit", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out)["new"], 2);
    assert_eq!(payable(b).payable_after_audit().plain(), "10000.00");
    assert_eq!(payable(c).payable_after_audit().plain(), "2000.00");

    // An approved month is locked.
    let mut store = common::open(&db.path);
    store.approve_report(may, &common::leader()).unwrap();
    drop(store);
    let out = audit(&db.path, "2019-05", &["--pass-rest"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已批准锁定，不能再审核"));
    // Neither a file nor --pass-rest: nothing to do.
    let out = audit(&db.path, "2019-03", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--pass-rest"));
}

/// A 扶贫特惠保 or commercial layer may pay toward 目录外 costs: layers above the
/// in-catalog part import with base 0 and pay 0.00; only layers above the whole
/// bill are refused, naming each paying layer's column and value.
#[test]
fn layers_above_the_in_catalog_part_import_and_pay_nothing() {
    let db = common::jiuzhu_db();
    let id = common::jiuzhu_id_number(2);
    let text = format!(
        "身份证号,姓名,就诊类型,入院日期,出院日期,医疗总费用,目录外费用,基本医保支付,大病保险支付,其他保障支付,票据号\n\
         {id},张桂兰,住院,2019-12-03,2019-12-08,10000,3000,6000,,2000,ZY1\n\
         {id},张桂兰,住院,2019-12-10,2019-12-12,10000,3000,6000,,4000.50,ZY2\n"
    );
    let file = common::write_utf8(db.dir.path(), "12月.csv", &text);
    let out = import_december_claims(&db.path, &file);
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(
        (v["new"].as_u64(), v["errors"].as_u64()),
        (Some(1), Some(1))
    );
    let e = &v["error_rows"][0];
    assert_eq!(e["row"], 3);
    assert_eq!(e["column"], "基本医保支付、其他保障支付");
    assert_eq!(e["value"], "6000.00、4000.50");
    assert_eq!(
        e["message"],
        "基本医保支付 6000.00、其他保障支付 4000.50 合计 10000.50 大于医疗总费用 10000.00"
    );
    let store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    let month = medfund::domain::claim::Month::parse("2019-12").unwrap();
    let report = store.transfer_rows(program.id, month).unwrap()[0].report.id;
    let claims = store.report_claims(report).unwrap();
    // 10000 − 3000 − 6000 − 2000 < 0: base 0.
    assert_eq!(claims[0].payable.plain(), "0.00");
    assert_eq!(
        claims[0].explanation,
        "自付 0.00 × 70% = 0.00（年度已救助 0.00，限额 10000.00）"
    );
}

/// The number of audit log entries written by `actor`.
fn logged_by(db: &Path, actor: &str) -> i64 {
    let conn = common::raw(db);
    conn.query_row(
        "SELECT COUNT(*) FROM audit_log WHERE actor = ?1",
        [actor],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_command_without_a_sign_in_exits_2_and_writes_nothing() {
    let db = common::demo_db();
    let csv = common::write_utf8(db.dir.path(), "r.csv", &common::ten_rows("身份证号"));
    let import_args = ["import", "beneficiaries", "--program", "lixiu", "--commit"];
    let before = summary(&db.path, "lixiu", "2021");

    // No user at all.
    let out = medfund()
        .args(import_args)
        .arg("--db")
        .arg(&db.path)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("请用 --user 指定用户（或设置 MEDFUND_USER）"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    // A user but no password, and no terminal to ask on.
    let out = medfund()
        .args(["--user", "jingban"])
        .args(["summary", "--program", "lixiu", "--year", "2021", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("MEDFUND_PASSWORD"), "{stderr}");
    assert!(out.stdout.is_empty());

    // A wrong password, and an unknown user: the same message.
    for user in ["jingban", "nobody"] {
        let out = medfund()
            .args(["--user", user])
            .env("MEDFUND_PASSWORD", "wrong-password")
            .args(import_args)
            .arg("--db")
            .arg(&db.path)
            .arg(&csv)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{user}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("用户名或密码不正确"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    // Read-only commands need a sign-in too.
    let out = medfund()
        .arg("check")
        .arg("--db")
        .arg(&db.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    // Nothing was imported and nothing backed up.
    assert_eq!(summary(&db.path, "lixiu", "2021"), before);
    // Each refused password is in the audit log: counted in the key file while the
    // database could not be opened, written at the next sign-in (the summary's).
    let store = common::open(&db.path);
    let failed = medfund::store::audit_log::AuditFilter {
        action: Some("login_failed".into()),
        ..Default::default()
    };
    let rows = store
        .audit_log_rows(&common::security(), &failed, 0, 10)
        .unwrap();
    for user in ["jingban", "nobody"] {
        assert!(
            rows.iter().any(|r| r
                .entry
                .new_value
                .as_deref()
                .is_some_and(|v| v.contains(&format!("\"username\":\"{user}\"")))),
            "{user}: {rows:?}"
        );
    }
    assert!(
        medfund::store::backup::list_backups(&db.path)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_user_may_come_from_the_environment() {
    let db = common::demo_db();
    let out = medfund()
        .env("MEDFUND_USER", "caiwu")
        .env("MEDFUND_PASSWORD", medfund::demo::DEMO_PASSWORD)
        .args(["summary", "--program", "lixiu", "--year", "2021", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_code(&out, 0);
}

#[test]
fn claims_imported_by_the_clerk_are_audited_by_the_auditor_each_in_their_name() {
    let db = common::jiuzhu_db();
    let id = common::jiuzhu_id_number(2);
    let text = format!(
        "身份证号,姓名,就诊类型,入院日期,出院日期,医疗总费用,目录外费用,基本医保支付,票据号\n\
         {id},张桂兰,住院,2019-12-03,2019-12-08,10000,3000,6000,ZY1\n"
    );
    let file = common::write_utf8(db.dir.path(), "12月.csv", &text);
    let out = import_december_claims(&db.path, &file);
    assert_code(&out, 0);
    assert_eq!(json_of(&out)["new"], 1);
    assert!(logged_by(&db.path, "jingban") > 0);

    // The clerk may not audit the claim she entered; nothing is written.
    let before = summary(&db.path, "jiuzhu", "2019");
    let out = audit_as(
        "jingban",
        &db.path,
        "2019-12",
        &["--pass-rest", "--commit", "--json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("该笔报账由 陈晓梅 录入，不能由同一人审核"),
        "{stderr}"
    );
    assert_eq!(summary(&db.path, "jiuzhu", "2019"), before);

    let out = audit(&db.path, "2019-12", &["--pass-rest", "--commit", "--json"]);
    assert_code(&out, 0);
    assert_eq!(json_of(&out)["new"], 1);
    assert!(logged_by(&db.path, "shenhe") > 0);
    assert_eq!(logged_by(&db.path, "system"), 0);
}

#[test]
fn the_signed_in_users_role_applies() {
    let db = common::demo_db();
    let csv = common::write_utf8(db.dir.path(), "r.csv", &common::ten_rows("身份证号"));
    let before = summary(&db.path, "lixiu", "2021");
    let out = medfund_as("caiwu")
        .args(["import", "beneficiaries", "--program", "lixiu", "--commit"])
        .arg("--db")
        .arg(&db.path)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("「财务」无权修改受益对象名册"), "{stderr}");
    assert_eq!(summary(&db.path, "lixiu", "2021"), before);
}

#[test]
fn a_temporary_password_is_changed_in_the_window_before_the_command_line() {
    let db = common::demo_db();
    let temporary = common::open(&db.path)
        .add_user("zhaoyun", "赵云", Role::Clerk, &Actor::admin())
        .unwrap();
    let out = medfund()
        .args(["--user", "zhaoyun"])
        .env("MEDFUND_PASSWORD", &temporary)
        .args(["summary", "--program", "lixiu", "--year", "2021", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    assert_code(&out, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("这是临时密码，请先在窗口中登录并修改密码"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
