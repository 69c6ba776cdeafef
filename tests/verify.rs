//! 核验码: every printed document carries a code in its footer; verifying it
//! names the document and who exported it, and says whether today's data still
//! gives the same figures, and which differ. Real files, read back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use medfund::domain::claim::{AuditDecision, Month};
use medfund::domain::disclosure::ListScope;
use medfund::domain::fund::EntryKind;
use medfund::report::verify::{Outcome, Verification, verify};
use medfund::store::Store;

const MARCH: Month = Month {
    year: 2021,
    month: 3,
};

/// The 核验码 in `text` (after 「核验码 」), if any.
fn code_in(text: &str) -> Option<String> {
    let at = text.find("核验码 ")? + "核验码 ".len();
    Some(text[at..].chars().take(14).collect())
}

/// The code printed in an XLSX: in a cell of its last rows (calamine reads the
/// cells, not the print footer).
fn xlsx_code(path: &Path) -> String {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .find_map(|t| code_in(&t))
        .unwrap_or_else(|| panic!("no 核验码 in {}", path.display()))
}

/// The code in a DOCX's footer.
fn docx_code(path: &Path) -> String {
    let footer = common::zip_part(path, "word/footer1.xml").unwrap();
    code_in(&common::runs_text(&footer)).unwrap()
}

fn lixiu(store: &Store) -> medfund::domain::program::Program {
    store.program_by_code("lixiu").unwrap()
}

fn verified(store: &Store, code: &str) -> Verification {
    verify(store, code).unwrap().expect("a recorded code")
}

/// 丰都县人民医院's March is paid back, reopened and one claim reduced by 10.00:
/// a change through the app, after the sheet was printed.
fn reduce_a_march_claim(store: &mut Store) {
    let program = lixiu(store);
    let hospital = common::hospital_id(store, "H50023000001");
    let report = store
        .find_report(program.id, hospital, MARCH)
        .unwrap()
        .unwrap();
    let year = store.program_year(program.id, 2021).unwrap();
    let payment = store
        .fund_entries(year.id)
        .unwrap()
        .into_iter()
        .find(|e| {
            e.kind == EntryKind::HospitalPayment
                && e.report_month.as_deref() == Some("2021-03")
                && e.hospital_name.as_deref() == Some("丰都县人民医院")
        })
        .unwrap();
    store
        .reverse_entry(
            payment.id,
            common::date(2021, 12, 1),
            "核减一笔",
            &common::finance(),
        )
        .unwrap();
    store
        .reopen_report(report.id, "发现一笔应核减", &common::leader())
        .unwrap();
    let claim = store.report_claims(report.id).unwrap()[0].id;
    store
        .audit_claims(
            &[claim],
            &AuditDecision::Reduced {
                amount: medfund::domain::Money::from_fen(1000),
                reason: "超标准收费".into(),
            },
            &common::auditor(),
        )
        .unwrap();
}

#[test]
fn a_payment_summary_printed_in_march_is_checked_in_december() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = lixiu(&store);
    let out = db.dir.path().join("3月支付汇总表.xlsx");
    let summary =
        medfund::export::payment_summary(&store, &common::finance(), &program, MARCH, &out)
            .unwrap();
    let code = xlsx_code(&out);
    assert_eq!(code.len(), 14);
    assert_eq!(code.matches('-').count(), 2);

    // Typed back by hand, in lower case and with spaces.
    let v = verified(&store, &code.to_lowercase().replace('-', " "));
    assert_eq!(v.outcome, Outcome::Matches, "{:?}", v.changes());
    assert_eq!(v.code, code);
    assert_eq!(v.kind, "支付汇总表");
    assert_eq!(v.program, program.name);
    assert_eq!(v.period, "2021年3月");
    assert_eq!(v.file_name, "3月支付汇总表.xlsx");
    assert_eq!(v.exporter, "张丽（caiwu）");
    assert!(v.audit_head.starts_with("第 "), "{}", v.audit_head);
    assert!(v.verdict().starts_with("一致"));

    // The export is in the audit log, naming the kind and the code.
    let export_log: Vec<_> = store
        .audit_entries("export", 1)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "export")
        .collect();
    assert_eq!(export_log.len(), 1);
    let new = export_log[0].new_value.as_deref().unwrap();
    assert!(
        new.contains("payment_summary") && new.contains(&code),
        "{new}"
    );
    assert_eq!(export_log[0].actor, "caiwu");

    // In December a claim of that March is reduced through the app.
    let line = summary
        .lines
        .iter()
        .find(|l| l.name == "丰都县人民医院")
        .unwrap();
    reduce_a_march_claim(&mut store);
    let v = verified(&store, &code);
    assert!(v.verdict().starts_with("不一致"), "{}", v.verdict());
    let lines: Vec<String> = v.changes().iter().map(|c| c.line()).collect();
    let less = |m: medfund::domain::Money| (m - medfund::domain::Money::from_fen(1000)).plain();
    assert!(
        lines.contains(&format!(
            "丰都县人民医院 应付金额：{} → {}",
            line.payable.plain(),
            less(line.payable)
        )),
        "{lines:?}"
    );
    assert!(
        lines.contains(&format!(
            "合计 应付金额：{} → {}",
            summary.total.plain(),
            less(summary.total)
        )),
        "{lines:?}"
    );
    // Figures that did not change are not listed.
    assert!(!lines.iter().any(|l| l.contains("开户银行")), "{lines:?}");
}

#[test]
fn an_unknown_code_is_refused_and_a_changed_record_is_named() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    assert_eq!(verify(&store, "AAAA-BBBB-CCCC").unwrap(), None);
    assert_eq!(
        verify(&store, "ABC").unwrap_err().to_string(),
        "核验码应为 12 位字母或数字（如 ABCD-EFGH-JKMN），现为 3 位"
    );

    let out = db.dir.path().join("zf.xlsx");
    medfund::export::payment_summary(&store, &common::finance(), &lixiu(&store), MARCH, &out)
        .unwrap();
    let code = xlsx_code(&out);
    // Someone with the sqlite3 shell and the key rewrites the stored figures (or
    // the exporter) to match a forged page: the row no longer gives its code.
    let raw = common::raw(&db.path);
    raw.execute("UPDATE exports SET actor_name = '李四'", [])
        .unwrap();
    drop(raw);
    let v = verified(&store, &code);
    assert_eq!(v.outcome, Outcome::RecordChanged);
    assert!(v.verdict().contains("导出记录已被改动"), "{}", v.verdict());
}

#[test]
fn every_printed_document_carries_a_code_that_verifies() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = lixiu(&store);
    let dir = db.dir.path();
    let today = common::date(2022, 3, 15);
    let clerk = common::clerk();

    let settlement = store.settlement(program.id, 2021).unwrap();
    let path = dir.join("清算表.xlsx");
    medfund::export::settlement_sheet(&store, &common::finance(), &program, settlement, &path)
        .unwrap();
    let mut codes = vec![("年终清算表", xlsx_code(&path))];

    let ev = medfund::report::evaluation::load(&store, &program, 2021).unwrap();
    let path = dir.join("自评表.xlsx");
    medfund::export::scoresheet(&store, &clerk, &ev, &path, today).unwrap();
    codes.push(("绩效自评表", xlsx_code(&path)));
    let path = dir.join("报告.docx");
    medfund::export::report(&store, &clerk, &ev, &path, today).unwrap();
    codes.push(("绩效自评报告", docx_code(&path)));

    for (kind, code) in &codes {
        let v = verified(&store, code);
        assert_eq!(v.kind, *kind);
        assert_eq!(v.outcome, Outcome::Matches, "{kind}: {:?}", v.changes());
    }
    let v = verified(&store, &codes[2].1);
    assert_eq!(
        (v.period.as_str(), v.exporter.as_str()),
        ("2021年度", "陈晓梅（jingban）")
    );

    // The 医疗救助 lists: the 公示名单 (masked) and the 报账明细 of January 2019.
    let jz = common::jiuzhu_db();
    let mut store = common::open(&jz.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    let hospital = common::hospital_id(&store, common::JIUZHU_COUNTY_HOSPITAL);
    let jan = Month {
        year: 2019,
        month: 1,
    };
    let report = store
        .find_report(program.id, hospital, jan)
        .unwrap()
        .unwrap();
    common::pass_all(&mut store, report.id);
    let scope = ListScope::Month(jan);
    let mut codes = Vec::new();
    for ext in ["xlsx", "docx"] {
        let path = jz.dir.path().join(format!("公示名单.{ext}"));
        medfund::export::public_list(&store, &clerk, &program, scope, &path, today, &|_, _| {})
            .unwrap();
        let code = if ext == "xlsx" {
            xlsx_code(&path)
        } else {
            docx_code(&path)
        };
        codes.push(("救助对象公示名单", code));
    }
    for ext in ["xlsx", "csv"] {
        let path = jz.dir.path().join(format!("报账明细.{ext}"));
        medfund::export::claims_detail(&store, &clerk, &program, jan, None, &path, &|_, _| {})
            .unwrap();
        let code = if ext == "xlsx" {
            xlsx_code(&path)
        } else {
            // The CSV's last line.
            let text = std::fs::read_to_string(&path).unwrap();
            code_in(text.lines().last().unwrap()).unwrap()
        };
        codes.push(("报账明细", code));
    }
    for (kind, code) in &codes {
        let v = verified(&store, code);
        assert_eq!(v.kind, *kind);
        assert_eq!(v.period, "2019年1月");
        assert_eq!(v.outcome, Outcome::Matches, "{kind}: {:?}", v.changes());
    }
    // The 公示名单's figures are masked as the page is.
    let record = store.find_export(&codes[0].1).unwrap().unwrap();
    assert!(
        record.figures.iter().any(|(l, _)| l.contains('*')),
        "{:?}",
        record.figures
    );
    assert!(
        !record
            .figures
            .iter()
            .any(|(l, _)| l.contains(&common::jiuzhu_id_number(1)))
    );

    // Taking the audit back to 待审 changes both lists.
    let ids: Vec<i64> = store
        .report_claims(report.id)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    store
        .audit_claims(&ids, &AuditDecision::Pending, &common::auditor())
        .unwrap();
    for (kind, code) in &codes {
        let v = verified(&store, code);
        assert!(!v.matches(), "{kind}");
    }
}

#[test]
fn the_cli_verifies_a_code_and_exits_by_the_outcome() {
    let db = common::demo_db();
    let out = db.dir.path().join("zf.xlsx");
    let exported = common::medfund_as("caiwu")
        .args([
            "export",
            "transfers",
            "--program",
            "lixiu",
            "--month",
            "2021-03",
            "--out",
        ])
        .arg(&out)
        .arg("--db")
        .arg(&db.path)
        .output()
        .unwrap();
    common::assert_code(&exported, 0);
    let code = xlsx_code(&out);
    // The export says the code it printed.
    assert!(
        String::from_utf8_lossy(&exported.stdout).contains(&format!("核验码：{code}")),
        "{}",
        String::from_utf8_lossy(&exported.stdout)
    );
    let run = |code: &str| {
        common::medfund_as("shenji")
            .args(["verify", code, "--db"])
            .arg(&db.path)
            .output()
            .unwrap()
    };
    let matched = run(&code);
    common::assert_code(&matched, 0);
    let text = String::from_utf8_lossy(&matched.stdout);
    for expected in [
        format!("核验码：{code}"),
        "文件：支付汇总表".to_owned(),
        "期间：2021年3月".to_owned(),
        "文件名：zf.xlsx".to_owned(),
        "导出人：张丽（caiwu）".to_owned(),
        "结论：一致".to_owned(),
    ] {
        assert!(text.contains(&expected), "{expected} in {text}");
    }

    let mut store = common::open(&db.path);
    reduce_a_march_claim(&mut store);
    drop(store);
    let differs = run(&code);
    common::assert_code(&differs, 1);
    let text = String::from_utf8_lossy(&differs.stdout);
    assert!(text.contains("结论：不一致"), "{text}");
    assert!(text.contains("  丰都县人民医院 应付金额："), "{text}");

    let unknown = run("AAAA-BBBB-CCCC");
    common::assert_code(&unknown, 1);
    assert!(String::from_utf8_lossy(&unknown.stdout).contains("未找到该核验码"));
    let mistyped = run("ABC");
    common::assert_code(&mistyped, 2);
    assert!(String::from_utf8_lossy(&mistyped.stderr).contains("核验码应为 12 位"));
}
