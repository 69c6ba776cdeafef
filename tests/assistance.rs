//! 医疗救助 claims in a real temp database: each stored amount and explanation is
//! the rule's (checked by hand from the 2019 parameters), a person's later claims
//! are recomputed when an earlier one is refused, and a locked month's difference
//! is carried as an adjustment by the hospital's next transfer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use medfund::domain::Money;
use medfund::domain::beneficiary::BeneficiaryDraft;
use medfund::domain::claim::{AuditDecision, ClaimDraft, Month};
use medfund::domain::hospital::HospitalLevel;
use medfund::domain::id_number;
use medfund::domain::program::{ProgramKind, YearParams};
use medfund::store::{Actor, Store};

fn id_number(seq: u32) -> String {
    let first17 = format!("43090319650101{:03}", seq % 1000);
    let check = id_number::check_char(&first17).unwrap();
    format!("{first17}{check}")
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    program: i64,
    county: i64,
    city: i64,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::open(&dir.path().join("jiuzhu.db"));
    let program = common::new_jiuzhu_program(&mut store, "赫山区城乡医疗救助", 2019);
    let [county, city] = common::add_hospitals(
        &mut store,
        &[
            (
                "H43090300001",
                "益阳市赫山区人民医院",
                HospitalLevel::County,
                true,
            ),
            (
                "H43090000001",
                "益阳市中心医院",
                HospitalLevel::AboveCounty,
                false,
            ),
        ],
    )[..] else {
        unreachable!()
    };
    for (seq, name, category, class_one) in [
        (1, "李建国", "建档立卡贫困人口", "否"),
        (2, "王秀英", "建档立卡贫困人口", "是"),
        (3, "张桂兰", "低保", "否"),
    ] {
        let fields = BeneficiaryDraft {
            name: name.into(),
            id_number: id_number(seq),
            category: category.into(),
            class_one: class_one.into(),
            ..Default::default()
        }
        .validate(
            ProgramKind::Jiuzhu,
            &YearParams::jiuzhu_seed().category_names(),
        )
        .unwrap();
        store
            .add_beneficiary(program, &fields, &common::clerk())
            .unwrap();
    }
    Fixture {
        _dir: dir,
        store,
        program,
        county,
        city,
    }
}

/// An inpatient stay of person `seq` discharged in `month`: total, with 基本医保
/// and 大病保险 payments.
fn stay(seq: u32, bill: &str, admitted: &str, discharged: &str, amounts: [&str; 3]) -> ClaimDraft {
    ClaimDraft {
        id_number: id_number(seq),
        visit_type: "住院".into(),
        visit_date: admitted.into(),
        discharge_date: discharged.into(),
        total: amounts[0].into(),
        bill_no: bill.into(),
        other_layers: vec![
            ("基本医保".into(), amounts[1].into()),
            ("大病保险".into(), amounts[2].into()),
            ("其他保障".into(), String::new()),
        ],
        ..Default::default()
    }
}

/// 张桂兰's (低保) ordinary stay in March: 自付 10000 − 6000 − 1000 = 3000.
fn march_stay(bill: &str) -> ClaimDraft {
    stay(
        3,
        bill,
        "2019-03-01",
        "2019-03-10",
        ["10000", "6000", "1000"],
    )
}

impl Fixture {
    fn add(
        &mut self,
        hospital: i64,
        month: &str,
        draft: ClaimDraft,
    ) -> medfund::store::claims::ClaimRecord {
        let month = Month::parse(month).unwrap();
        let report = self
            .store
            .open_report(self.program, hospital, month, None, &common::clerk())
            .unwrap();
        let input = draft.validate(month).unwrap();
        self.store
            .add_claim(report.id, &input, &common::clerk())
            .unwrap()
    }

    fn claim(&self, report_id: i64, bill: &str) -> medfund::store::claims::ClaimRecord {
        self.store
            .report_claims(report_id)
            .unwrap()
            .into_iter()
            .find(|c| c.bill_no == bill)
            .unwrap()
    }
}

#[test]
fn amounts_follow_the_parameters_by_hand() {
    let mut f = fixture();
    // 普通住院 at a 县级 hospital in the county: 70 %.
    // base = 10000 − 6000 − 1000 = 3000; 3000 × 70% = 2100.
    let c = f.add(f.county, "2019-03", march_stay("ZY001"));
    assert_eq!(c.payable, Money::parse("2100.00").unwrap());
    assert_eq!(
        c.explanation,
        "自付 3000.00 × 70% = 2100.00（年度已救助 0.00，限额 10000.00）"
    );
    // The same person above county level: 50 %; 5000 × 50% = 2500.
    let c = f.add(
        f.city,
        "2019-04",
        stay(
            3,
            "ZY002",
            "2019-04-01",
            "2019-04-12",
            ["20000", "12000", "3000"],
        ),
    );
    assert_eq!(c.payable, Money::parse("2500.00").unwrap());
    assert_eq!(
        c.explanation,
        "自付 5000.00 × 50% = 2500.00（年度已救助 2100.00，限额 10000.00）"
    );
    // 重特大疾病 for 建档立卡: 起付线 4000, 50 %.
    let mut big = stay(
        1,
        "ZY003",
        "2019-05-02",
        "2019-05-20",
        ["60000", "36000", "12000"],
    );
    big.catastrophic = "是".into();
    let c = f.add(f.county, "2019-05", big);
    assert!(c.catastrophic);
    assert_eq!(c.payable, Money::parse("4000.00").unwrap());
    assert_eq!(
        c.explanation,
        "自付 12000.00 − 起付线 4000.00 = 8000.00 × 50% = 4000.00（年度已救助 0.00，限额 50000.00）"
    );
    // A 一类对象 has no 起付线.
    let mut big = stay(
        2,
        "ZY004",
        "2019-05-03",
        "2019-05-21",
        ["60000", "36000", "12000"],
    );
    big.catastrophic = "是".into();
    let c = f.add(f.county, "2019-05", big);
    assert_eq!(c.payable, Money::parse("6000.00").unwrap());
}

#[test]
fn refusing_an_earlier_claim_gives_its_deductible_back_to_later_ones() {
    let mut f = fixture();
    let mut first = stay(
        1,
        "ZY101",
        "2019-06-01",
        "2019-06-10",
        ["13000", "8000", "2000"],
    );
    first.catastrophic = "是".into();
    let first = f.add(f.county, "2019-06", first);
    // 3000 of the 4000 起付线 used, nothing paid.
    assert_eq!(first.payable, Money::ZERO);
    let mut second = stay(
        1,
        "ZY102",
        "2019-06-15",
        "2019-06-25",
        ["30000", "16000", "4000"],
    );
    second.catastrophic = "是".into();
    let second = f.add(f.county, "2019-06", second);
    // 10000 − 1000 left of 起付线 = 9000 × 50% = 4500.
    assert_eq!(second.payable, Money::parse("4500.00").unwrap());
    f.store
        .audit_claims(
            &[first.id],
            &AuditDecision::Refused {
                reason: "重复住院记录".into(),
            },
            &common::auditor(),
        )
        .unwrap();
    let second = f.claim(second.report_id, "ZY102");
    // Now the whole 4000 falls on it: (10000 − 4000) × 50% = 3000.
    assert_eq!(second.payable, Money::parse("3000.00").unwrap());
    assert_eq!(
        second.explanation,
        "自付 10000.00 − 起付线 4000.00 = 6000.00 × 50% = 3000.00（年度已救助 0.00，限额 50000.00）"
    );
}

#[test]
fn a_late_earlier_claim_adjusts_a_transferred_month_in_the_next_transfer_and_the_check_agrees() {
    let mut f = fixture();
    let mut june = stay(
        1,
        "ZY201",
        "2019-06-01",
        "2019-06-10",
        ["30000", "16000", "4000"],
    );
    june.catastrophic = "是".into();
    let june = f.add(f.county, "2019-06", june);
    // (10000 − 4000) × 50% = 3000, approved and paid.
    assert_eq!(june.payable, Money::parse("3000.00").unwrap());
    f.store
        .audit_claims(&[june.id], &AuditDecision::Passed, &common::auditor())
        .unwrap();
    f.store
        .approve_report(june.report_id, &common::leader())
        .unwrap();
    f.store
        .mark_paid(
            june.report_id,
            "记-0601",
            NaiveDate::from_ymd_opt(2019, 7, 8).unwrap(),
            &common::finance(),
        )
        .unwrap();
    // A stay from May reaches the July report: it takes the 起付线 first.
    let mut may = stay(
        1,
        "ZY202",
        "2019-05-01",
        "2019-07-02",
        ["13000", "8000", "2000"],
    );
    may.catastrophic = "是".into();
    let may = f.add(f.county, "2019-07", may);
    assert_eq!(may.payable, Money::ZERO);
    // June keeps what was paid; the difference waits for the next transfer.
    let june_now = f.claim(june.report_id, "ZY201");
    assert_eq!(june_now.payable, Money::parse("3000.00").unwrap());
    let adjustments = f.store.claim_adjustments(june.id).unwrap();
    assert_eq!(adjustments.len(), 1);
    // Now (10000 − 1000) × 50% = 4500: 1500 more.
    assert_eq!(adjustments[0].amount, Money::parse("1500.00").unwrap());
    assert!(
        adjustments[0]
            .explanation
            .contains("已核定 3000.00，调整 1500.00")
    );
    let july = Month::parse("2019-07").unwrap();
    let row = f.store.transfer_rows(f.program, july).unwrap().remove(0);
    assert_eq!(row.adjustment, Money::parse("1500.00").unwrap());
    // July is approved and paid: the ledger payment carries the adjustment.
    f.store
        .audit_claims(&[may.id], &AuditDecision::Passed, &common::auditor())
        .unwrap();
    f.store
        .approve_report(may.report_id, &common::leader())
        .unwrap();
    f.store
        .mark_paid(
            may.report_id,
            "记-0701",
            NaiveDate::from_ymd_opt(2019, 8, 6).unwrap(),
            &common::finance(),
        )
        .unwrap();
    let year = f.store.program_year(f.program, 2019).unwrap();
    let totals = f.store.fund_totals(year.id).unwrap();
    assert_eq!(totals.paid, Money::parse("4500.00").unwrap());
    assert_eq!(
        f.store.claim_adjustments(june.id).unwrap()[0].report_id,
        Some(may.report_id)
    );
    // The data check agrees: July's payment is its claims plus the adjustment.
    let problems = f.store.check(&|_, _| {}).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_new_rate_is_applied_by_recomputing_the_year() {
    let mut f = fixture();
    let c = f.add(f.county, "2019-03", march_stay("ZY301"));
    assert_eq!(c.payable, Money::parse("2100.00").unwrap());
    let year = f.store.program_year(f.program, 2019).unwrap();
    let mut params = year.params.clone();
    for cat in &mut params.categories {
        cat.inpatient.rate_local_percent = rust_decimal::Decimal::from(80);
    }
    f.store
        .save_year_params(year.id, &params, &Actor::admin())
        .unwrap();
    // Saved parameters alone change nothing already entered.
    assert_eq!(f.claim(c.report_id, "ZY301").payable, c.payable);
    let done = f
        .store
        .recompute_year(f.program, 2019, &common::auditor(), &|_, _| {})
        .unwrap();
    assert_eq!((done.persons, done.changed, done.adjustments), (1, 1, 0));
    let now = f.claim(c.report_id, "ZY301");
    assert_eq!(now.payable, Money::parse("2400.00").unwrap());
    assert_eq!(
        now.explanation,
        "自付 3000.00 × 80% = 2400.00（年度已救助 0.00，限额 10000.00）"
    );
}

#[test]
fn a_month_outweighed_by_its_adjustments_is_a_refund_and_reversing_it_unpays_the_month() {
    let mut f = fixture();
    let pay = |f: &mut Fixture, report: i64, voucher: &str| {
        let ids: Vec<i64> = f
            .store
            .report_claims(report)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        f.store
            .audit_claims(&ids, &AuditDecision::Passed, &common::auditor())
            .unwrap();
        f.store.approve_report(report, &common::leader()).unwrap();
        f.store
            .mark_paid(
                report,
                voucher,
                NaiveDate::from_ymd_opt(2019, 9, 5).unwrap(),
                &common::finance(),
            )
            .unwrap();
    };
    // June at the county hospital: (100000 − 4000) × 50% = 48000, paid.
    let mut june = stay(1, "ZY501", "2019-06-01", "2019-06-20", ["100000", "0", "0"]);
    june.catastrophic = "是".into();
    let june = f.add(f.county, "2019-06", june);
    assert_eq!(june.payable.plain(), "48000.00");
    pay(&mut f, june.report_id, "记-0601");
    // A May stay reaches the city hospital's July report: it takes the 起付线 and
    // 8000 of the cap, so June now pays only 42000: −6000 for the county hospital.
    let mut may = stay(1, "ZY502", "2019-05-01", "2019-07-02", ["20000", "0", "0"]);
    may.catastrophic = "是".into();
    let may = f.add(f.city, "2019-07", may);
    assert_eq!(may.payable.plain(), "8000.00");
    assert_eq!(
        f.store.claim_adjustments(june.id).unwrap()[0]
            .amount
            .plain(),
        "-6000.00"
    );
    // The county hospital's August month pays 1050 and carries the −6000.
    let august = f.add(
        f.county,
        "2019-08",
        stay(
            3,
            "ZY503",
            "2019-08-01",
            "2019-08-05",
            ["5000", "500", "3000"],
        ),
    );
    pay(&mut f, august.report_id, "记-0801");
    let year = f.store.program_year(f.program, 2019).unwrap();
    let refund = f
        .store
        .fund_entries(year.id)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == medfund::domain::fund::EntryKind::Refund)
        .unwrap();
    assert_eq!(refund.amount.plain(), "4950.00");
    assert!(f.store.check(&|_, _| {}).unwrap().is_empty());
    // Reversing that refund returns August to 已批准, and the data still agrees.
    f.store
        .reverse_entry(
            refund.id,
            NaiveDate::from_ymd_opt(2019, 9, 6).unwrap(),
            "凭证号有误",
            &common::finance(),
        )
        .unwrap();
    assert_eq!(
        f.store.report(august.report_id).unwrap().status,
        medfund::store::claims::ReportStatus::Approved
    );
    let problems = f.store.check(&|_, _| {}).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn a_tekun_person_who_died_on_new_years_day_is_not_on_that_years_roster() {
    use medfund::domain::beneficiary::{Status, StatusEvent};
    let mut f = fixture();
    for (seq, name, died) in [(11, "周秀英", (2019, 1, 1)), (12, "吴国华", (2019, 1, 2))] {
        let fields = BeneficiaryDraft {
            name: name.into(),
            id_number: id_number(seq),
            category: "特困供养".into(),
            ..Default::default()
        }
        .validate(
            ProgramKind::Jiuzhu,
            &YearParams::jiuzhu_seed().category_names(),
        )
        .unwrap();
        let person = f
            .store
            .add_beneficiary(f.program, &fields, &common::clerk())
            .unwrap();
        let event = StatusEvent {
            status: Status::Deceased,
            date: NaiveDate::from_ymd_opt(died.0, died.1, died.2).unwrap(),
        };
        f.store
            .add_status(person, &event, "", &common::clerk())
            .unwrap();
    }
    // A 死亡 row ends membership from its date (as 资助参保 and claims count it):
    // 周秀英 is not on the 2019 roster, 吴国华 was for a day.
    assert_eq!(f.store.tekun_year(f.program, 2019).unwrap().persons, 1);
    assert_eq!(f.store.tekun_year(f.program, 2018).unwrap().persons, 2);
}

/// A 重特大疾病 stay of 李建国 (建档立卡, 起付线 4000, 50 %, cap 50000) whose whole
/// total is 政策范围内个人自付.
fn catastrophic(bill: &str, admitted: &str, discharged: &str, base: &str) -> ClaimDraft {
    let mut c = stay(1, bill, admitted, discharged, [base, "", ""]);
    c.catastrophic = "是".into();
    c
}

/// Issue 12's worked example: a 核减 counts against the yearly cap at its audited
/// amount, for an open later month and, as an adjustment, for a paid one.
#[test]
fn a_reduction_gives_its_cap_room_back_to_later_claims() {
    let mut f = fixture();
    // A: (100000 − 4000) × 50 % = 48000.
    let a = f.add(
        f.county,
        "2019-03",
        catastrophic("ZY301", "2019-03-01", "2019-03-20", "100000"),
    );
    assert_eq!(a.payable, Money::parse("48000.00").unwrap());
    // B: 20000 × 50 % = 10000, but only 50000 − 48000 = 2000 of the cap is left
    // while A is counted at its rule amount.
    let b = f.add(
        f.county,
        "2019-05",
        catastrophic("ZY302", "2019-05-01", "2019-05-10", "20000"),
    );
    assert_eq!(b.payable, Money::parse("2000.00").unwrap());
    f.store
        .audit_claims(&[b.id], &AuditDecision::Passed, &common::auditor())
        .unwrap();
    f.store
        .approve_report(b.report_id, &common::leader())
        .unwrap();
    f.store
        .mark_paid(
            b.report_id,
            "记-0501",
            NaiveDate::from_ymd_opt(2019, 6, 5).unwrap(),
            &common::finance(),
        )
        .unwrap();
    // C, later, in an open month: cap left 0.
    let c = f.add(
        f.county,
        "2019-07",
        catastrophic("ZY303", "2019-07-01", "2019-07-08", "8000"),
    );
    assert_eq!(c.payable, Money::ZERO);

    // A is audited 核减 10000 → 38000 paid, so 12000 of the cap is left for B.
    f.store
        .audit_claims(
            &[a.id],
            &AuditDecision::Reduced {
                amount: Money::from_yuan(10_000),
                reason: "超标准收费".into(),
            },
            &common::auditor(),
        )
        .unwrap();
    let a_now = f.claim(a.report_id, "ZY301");
    assert_eq!(
        a_now.payable_after_audit(),
        Money::parse("38000.00").unwrap()
    );
    // B was paid 2000: it keeps that, and the 10000 − 2000 = 8000 it is now owed
    // waits as an adjustment for the hospital's next approved month.
    let b_now = f.claim(b.report_id, "ZY302");
    assert_eq!(b_now.payable, Money::parse("2000.00").unwrap());
    let adjustments = f.store.claim_adjustments(b.id).unwrap();
    assert_eq!(adjustments.len(), 1);
    assert_eq!(adjustments[0].amount, Money::parse("8000.00").unwrap());
    assert!(
        adjustments[0]
            .explanation
            .contains("自付 20000.00 × 50% = 10000.00（年度已救助 38000.00，限额 50000.00）"),
        "{}",
        adjustments[0].explanation
    );
    // C: 8000 × 50 % = 4000, cap left 50000 − 38000 − 10000 = 2000.
    let c_now = f.claim(c.report_id, "ZY303");
    assert_eq!(c_now.payable, Money::parse("2000.00").unwrap());
    assert_eq!(
        c_now.explanation,
        "自付 8000.00 × 50% = 4000.00（年度已救助 48000.00，限额 50000.00），受限额控制实付 2000.00"
    );

    // Undoing the 核减 (back to 待审) counts A at 48000 again: C pays 0, and B's
    // adjustment is taken back by a second one of −8000.
    f.store
        .audit_claims(&[a.id], &AuditDecision::Pending, &common::auditor())
        .unwrap();
    assert_eq!(f.claim(c.report_id, "ZY303").payable, Money::ZERO);
    let adjustments = f.store.claim_adjustments(b.id).unwrap();
    let total: Money = adjustments.iter().map(|a| a.amount).sum();
    assert_eq!(total, Money::ZERO);
    assert!(f.store.check(&|_, _| {}).unwrap().is_empty());
}
