//! The fund ledger, the year-end settlement and `check`, on real demo databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use medfund::demo::demo_id_number;
use medfund::domain::Money;
use medfund::domain::beneficiary::{Status, StatusEvent};
use medfund::domain::claim::Month;
use medfund::domain::fund::EntryKind;
use medfund::domain::user::Role;
use medfund::store::funds::NewEntry;
use medfund::store::{Actor, Store};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn finance() -> Actor {
    Actor {
        username: "caiwu".into(),
        display_name: "张丽".into(),
        roles: Role::Finance.into(),
    }
}

fn year_id(store: &Store, year: i32) -> i64 {
    let p = store.program_by_code("lixiu").unwrap();
    store.program_year(p.id, year).unwrap().id
}

fn appropriation(amount: &str) -> NewEntry {
    NewEntry {
        kind: EntryKind::Appropriation,
        date: d(2022, 4, 18),
        doc_no: "丰财社〔2022〕61号".into(),
        quarter: Some(2),
        amount: Money::parse(amount).unwrap(),
        id_number: None,
        counterparty: String::new(),
        note: "第二季度拨款".into(),
        source: None,
    }
}

#[test]
fn the_demo_2021_ledger_reproduces_seed_000_and_checks_clean() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let t = store.fund_totals(year_id(&store, 2021)).unwrap();
    assert_eq!(t.budget_initial.plain(), "1340000.00");
    assert_eq!(t.budget_full.plain(), "1550000.00");
    assert_eq!(t.received.plain(), "1550000.00");
    assert_eq!(t.paid.plain(), "1550000.00");
    assert_eq!(t.balance.plain(), "0.00");
    assert_eq!(t.execution_rate.to_string(), "100.00");
    assert!(t.warnings().is_empty());
    let entries = store.fund_entries(year_id(&store, 2021)).unwrap();
    let payments: Vec<_> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::HospitalPayment)
        .collect();
    // One payment per paid hospital-month, with its voucher and amount.
    let program = store.program_by_code("lixiu").unwrap();
    let mut paid_months = Vec::new();
    for month in 1..=12 {
        for row in store
            .transfer_rows(program.id, Month { year: 2021, month })
            .unwrap()
        {
            assert_eq!(row.report.status.label(), "已划拨");
            paid_months.push((row.voucher_no.clone().unwrap(), row.payable));
        }
    }
    let mut posted: Vec<(String, Money)> = payments
        .iter()
        .map(|p| (p.doc_no.clone(), p.amount))
        .collect();
    posted.sort();
    paid_months.sort();
    assert_eq!(posted, paid_months);
    assert!(payments[0].doc_no.starts_with("记-2021-02-"));
    assert_eq!(entries.last().unwrap().balance, Money::ZERO);
    assert_eq!(store.check(&|_, _| {}).unwrap(), Vec::<String>::new());
}

#[test]
fn an_appropriation_is_recorded_and_reversed_never_edited() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let y = year_id(&store, 2022);
    let before = store.fund_totals(y).unwrap();
    assert_eq!(before.received.plain(), "350000.00");

    // A clerk may not record money; a negative appropriation is refused.
    let clerk = Actor {
        roles: Role::Clerk.into(),
        ..finance()
    };
    let err = store
        .record_entry(y, &appropriation("100"), &clerk)
        .unwrap_err();
    assert_eq!(err.to_string(), "「经办人」无权登记资金收支");
    let err = store
        .record_entry(y, &appropriation("-100"), &finance())
        .unwrap_err();
    assert_eq!(err.to_string(), "财政拨款的金额不能为负数");

    let id = store
        .record_entry(y, &appropriation("350000"), &finance())
        .unwrap();
    let t = store.fund_totals(y).unwrap();
    assert_eq!(t.received.plain(), "700000.00");
    assert_eq!(t.balance.plain(), "700000.00");
    assert_eq!(t.arrival_rate.to_string(), "50.00", "700000 ÷ 1400000");

    // The mistake is reversed: a new row with the opposite amount.
    assert_eq!(
        store
            .reverse_entry(id, d(2022, 4, 19), " ", &finance())
            .unwrap_err()
            .to_string(),
        "冲销必须填写原因"
    );
    let rev = store
        .reverse_entry(id, d(2022, 4, 19), "文号录错", &finance())
        .unwrap();
    let original = store.fund_entry(id).unwrap();
    assert_eq!(original.amount.plain(), "350000.00", "the original stays");
    assert_eq!(original.reversed_by, Some(rev));
    let reversal = store.fund_entry(rev).unwrap();
    assert_eq!(reversal.amount.plain(), "-350000.00");
    assert_eq!(reversal.reverses_id, Some(id));
    assert!(reversal.note.contains("文号录错"));
    assert_eq!(store.fund_totals(y).unwrap(), before);
    // Neither can be reversed again.
    assert!(
        store
            .reverse_entry(id, d(2022, 4, 19), "再冲", &finance())
            .unwrap_err()
            .to_string()
            .contains("已被第")
    );
    assert!(
        store
            .reverse_entry(rev, d(2022, 4, 19), "再冲", &finance())
            .unwrap_err()
            .to_string()
            .contains("本身是冲销记录")
    );
    // Both rows are in the audit log.
    assert_eq!(store.audit_entries("fund_entry", rev).unwrap().len(), 1);
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
}

#[test]
fn paying_more_than_received_warns_with_the_gap() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let y = year_id(&store, 2022);
    let entry = NewEntry {
        kind: EntryKind::CashPayment,
        date: d(2022, 5, 6),
        doc_no: "记-2022-05-003".into(),
        quarter: None,
        amount: Money::parse("400000").unwrap(),
        id_number: Some(demo_id_number("19230315", 11)),
        counterparty: String::new(),
        note: "手工报销：重庆市外就医".into(),
        source: None,
    };
    let missing = NewEntry {
        id_number: Some("110101192301010011".into()),
        ..entry.clone()
    };
    assert!(
        store
            .record_entry(y, &missing, &finance())
            .unwrap_err()
            .to_string()
            .contains("不在本项目名册中")
    );
    store.record_entry(y, &entry, &finance()).unwrap();
    let t = store.fund_totals(y).unwrap();
    assert_eq!(t.balance.plain(), "-50000.00");
    assert_eq!(t.gap.plain(), "50000.00");
    let w = t.warnings();
    assert!(w[0].contains("资金缺口 50,000.00 元"), "{w:?}");
    let last = store.fund_entries(y).unwrap().pop().unwrap();
    assert_eq!(last.person_name.as_deref(), Some("韩堃"));
    assert_eq!(last.balance.plain(), "-50000.00");
}

#[test]
fn settlement_prorates_a_death_and_posts_cash_payments_undone_by_reversal() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let han = store
        .beneficiaries_by_id_number(program.id)
        .unwrap()
        .remove(&demo_id_number("19230315", 11))
        .unwrap();
    store
        .add_status(
            han.id,
            &StatusEvent {
                status: Status::Deceased,
                date: d(2022, 6, 15),
            },
            "病故",
            &common::clerk(),
        )
        .unwrap();
    // A claim of 256.40 in June 2022 is what the program paid for him.
    let report = common::audited_report(
        &db.path,
        Month {
            year: 2022,
            month: 6,
        },
        &[("MZ0601", "256.40")],
    );
    store.approve_report(report, &common::leader()).unwrap();

    let s = store.settlement(program.id, 2022).unwrap();
    assert_eq!(s.lines.len(), 25);
    let line = s.lines.iter().find(|l| l.name == "韩堃").unwrap();
    assert_eq!(line.quota.plain(), "5000.00");
    assert_eq!(line.months, 6);
    assert_eq!(line.prorated_quota.plain(), "2500.00");
    assert_eq!(line.used.plain(), "256.40");
    assert_eq!(line.top_up.plain(), "2243.60");
    let others: Money = s
        .lines
        .iter()
        .filter(|l| l.name != "韩堃")
        .map(|l| l.top_up)
        .sum();
    assert_eq!(s.total_top_up, others + line.top_up);
    assert_eq!(s.pooling_excess, Money::ZERO);

    // 2021: everyone used more than the quota.
    let s2021 = store.settlement(program.id, 2021).unwrap();
    assert_eq!(s2021.total_top_up, Money::ZERO);
    assert_eq!(
        s2021.pooling_excess.plain(),
        "1350000.00",
        "1,550,000 − 8000 × 25"
    );

    let y = year_id(&store, 2022);
    let paid_before = store.fund_totals(y).unwrap().paid;
    let (posted, _) = store
        .post_settlement(program.id, 2022, d(2023, 1, 10), false, &finance())
        .unwrap();
    assert_eq!(posted.total, s.total_top_up);
    let cash: Vec<_> = store
        .fund_entries(y)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EntryKind::CashPayment)
        .collect();
    assert_eq!(cash.len(), 25);
    let han_cash = cash
        .iter()
        .find(|e| e.person_name.as_deref() == Some("韩堃"))
        .unwrap();
    assert_eq!(han_cash.amount.plain(), "2243.60");
    assert_eq!(
        store.fund_totals(y).unwrap().paid,
        paid_before + s.total_top_up
    );
    assert!(
        store
            .post_settlement(program.id, 2022, d(2023, 1, 10), false, &finance())
            .unwrap_err()
            .to_string()
            .contains("已于")
    );

    store
        .reverse_settlement(posted.id, d(2023, 1, 11), "定额标准调整后重算", &finance())
        .unwrap();
    assert_eq!(store.fund_totals(y).unwrap().paid, paid_before);
    assert_eq!(store.posted_settlement(program.id, 2022).unwrap(), None);
    // It can be posted again after the reversal.
    store
        .post_settlement(program.id, 2022, d(2023, 1, 12), false, &finance())
        .unwrap();
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
}

#[test]
fn reversing_a_hospital_payment_reopens_payment_of_the_month() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let y = year_id(&store, 2021);
    let payment = store
        .fund_entries(y)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EntryKind::HospitalPayment)
        .unwrap();
    store
        .reverse_entry(payment.id, d(2021, 2, 20), "银行退票", &finance())
        .unwrap();
    let program = store.program_by_code("lixiu").unwrap();
    let rows = store
        .transfer_rows(
            program.id,
            Month {
                year: 2021,
                month: 1,
            },
        )
        .unwrap();
    let row = rows
        .iter()
        .find(|r| Some(&r.report.hospital_name) == payment.hospital_name.as_ref())
        .unwrap();
    assert_eq!(row.report.status.label(), "已批准");
    assert_eq!(store.fund_totals(y).unwrap().balance, payment.amount);
    // Paid again with a new voucher, the ledger and the month agree.
    store
        .mark_paid(row.report.id, "记-2021-02-099", d(2021, 2, 22), &finance())
        .unwrap();
    assert_eq!(store.fund_totals(y).unwrap().balance, Money::ZERO);
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
}

#[test]
fn the_next_year_copies_parameters_and_carries_the_balance() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let next = store
        .start_next_year(program.id, 2022, &Actor::admin())
        .unwrap();
    let y2023 = store.program_year(program.id, 2023).unwrap();
    assert_eq!(y2023.id, next);
    assert_eq!(
        y2023.params,
        store.program_year(program.id, 2022).unwrap().params
    );
    let t = store.fund_totals(next).unwrap();
    assert_eq!(t.carried.plain(), "350000.00");
    assert_eq!(t.balance.plain(), "350000.00");
    assert!(
        store
            .start_next_year(program.id, 2022, &Actor::admin())
            .unwrap_err()
            .to_string()
            .contains("2023年度已存在")
    );
    // The roster continues: the same 25 people are on it.
    assert_eq!(store.roster_count(program.id).unwrap(), 25);
    // The indicator set comes along once, targets and metrics kept, actuals cleared.
    let lines = store.indicators(next).unwrap();
    assert_eq!(lines.len(), 11);
    let survey = lines.iter().find(|l| l.name == "报销对象满意度").unwrap();
    assert_eq!(survey.target_label(), "≥98%");
    assert_eq!(survey.actual, medfund::domain::scoring::Actual::Missing);
    let roster = lines.iter().find(|l| l.name == "纳入报账人数").unwrap();
    assert_eq!(roster.metric.as_deref(), Some("roster_persons"));
    assert!(lines.iter().all(|l| l.reason.is_empty()));
}

/// Run `sql` on the database behind the app's back.
fn tamper(path: &std::path::Path, sql: &str) {
    let conn = common::raw(path);
    conn.execute_batch(sql).unwrap();
}

fn problems(path: &std::path::Path) -> Vec<String> {
    common::open(path).check(&|_, _| {}).unwrap()
}

#[test]
fn check_finds_every_invariant_broken_on_purpose() {
    // A claim amount edited in a paid month.
    let db = common::demo_db();
    tamper(
        &db.path,
        "UPDATE claims SET payable_fen = payable_fen + 100 WHERE bill_no = 'MZ20210100000';",
    );
    let p = problems(&db.path);
    assert!(
        p.iter()
            .any(|p| p.contains("已批准锁定") && p.contains("MZ20210100000")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|p| p.contains("已划拨") && p.contains("审核后应付合计")),
        "{p:?}"
    );

    // A claim deleted from a locked month.
    let db = common::demo_db();
    tamper(
        &db.path,
        "PRAGMA foreign_keys = OFF; DELETE FROM claims WHERE bill_no = 'MZ20210100000';",
    );
    let p = problems(&db.path);
    assert!(p.iter().any(|p| p.contains("在批准后被改动")), "{p:?}");

    // An audit row deleted from the middle, and the newest rows deleted.
    let db = common::demo_db();
    tamper(
        &db.path,
        &format!(
            "{} DELETE FROM audit_log WHERE id = 40;",
            common::DROP_APPEND_ONLY
        ),
    );
    let p = problems(&db.path);
    assert!(
        p.iter().any(|p| p.contains("审计日志第 41 条之前")),
        "{p:?}"
    );
    let db = common::demo_db();
    tamper(
        &db.path,
        &format!(
            "{} DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log);",
            common::DROP_APPEND_ONLY
        ),
    );
    let p = problems(&db.path);
    assert!(
        p.iter().any(|p| p.contains("末尾") && p.contains("被删除")),
        "{p:?}"
    );
    // An audit row's content edited.
    let db = common::demo_db();
    tamper(
        &db.path,
        &format!(
            "{} UPDATE audit_log SET actor = 'someone' WHERE id = 12;",
            common::DROP_APPEND_ONLY
        ),
    );
    let p = problems(&db.path);
    assert!(
        p.iter().any(|p| p.contains("第 12 条的内容被改动")),
        "{p:?}"
    );

    // A ledger amount edited.
    let db = common::demo_db();
    tamper(
        &db.path,
        "UPDATE fund_entries SET amount_fen = amount_fen + 1 WHERE kind = 'appropriation' AND quarter = 2 AND entry_date LIKE '2021%';",
    );
    let p = problems(&db.path);
    assert!(
        p.iter()
            .any(|p| p.contains("2021年度资金台账") && p.contains("不符")),
        "{p:?}"
    );
    // The database file itself is sound in every case above.
    assert!(!p.iter().any(|p| p.contains("数据库文件损坏")));
}
