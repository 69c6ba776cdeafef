//! The demo data set: seed 000's 离休 program for 丰都县, 2021, with a synthetic
//! 25-person roster and the county's hospitals; then seed 004's 医疗救助 program for
//! 赫山区, 2018 and 2019 ([`jiuzhu`]).

pub mod jiuzhu;

pub mod jiuzhu_indicators;

use crate::domain::Money;
use crate::domain::beneficiary::{BeneficiaryDraft, BeneficiaryFields};
use crate::domain::claim::{AuditDecision, ClaimInput, Month, VisitType};
use crate::domain::credit_code;
use crate::domain::fund::EntryKind;
use crate::domain::hospital::{Hospital, HospitalLevel};
use crate::domain::id_number;
use crate::domain::program::{ProgramKind, YearParams};
use crate::domain::scoring::{Actual, IndicatorLine, Nature, Tier};
use crate::domain::user::Role;
use crate::store::funds::{self, NewEntry};
use crate::store::programs::{self, NewProgram};
use crate::store::{
    Actor, Result, Store, StoreError, Transaction, beneficiaries, claims, evaluation, hospitals,
    posting, users,
};
use chrono::Datelike;
use rust_decimal::Decimal;

pub const LIXIU_CODE: &str = "lixiu";

/// (name, birth date YYYYMMDD, sequence, work date, unit)
const ROSTER: [(&str, &str, u32, &str, &str); 25] = [
    ("韩堃", "19230315", 11, "1940-05-01", "丰都县人民政府办公室"),
    ("李喆", "19240822", 23, "1944-03-15", "丰都县财政局"),
    ("王玥", "19260109", 32, "1945-09-02", "丰都县教育委员会"),
    ("张珺", "19270418", 44, "1946-07-01", "丰都县卫生健康委员会"),
    ("刘昇", "19251130", 51, "1945-09-03", "丰都县公安局"),
    ("陈犇", "19281205", 67, "1948-02-10", "丰都县供销合作社"),
    ("杨旻", "19290627", 75, "1949-09-30", "丰都县人民医院"),
    ("赵镕", "19220714", 81, "1938-11-20", "丰都县人民武装部"),
    (
        "黄德明",
        "19241002",
        93,
        "1943-06-01",
        "丰都县农业农村委员会",
    ),
    ("周桂兰", "19300211", 102, "1949-05-04", "丰都县妇女联合会"),
    ("吴振华", "19270925", 113, "1947-01-15", "丰都县交通局"),
    ("徐秀英", "19290316", 124, "1948-12-01", "丰都县商务委员会"),
    ("孙建国", "19260520", 135, "1944-08-01", "丰都县民政局"),
    (
        "胡玉珍",
        "19300808",
        146,
        "1949-07-01",
        "丰都县文化和旅游发展委员会",
    ),
    ("朱光荣", "19250101", 157, "1946-03-08", "丰都县水利局"),
    ("高淑芬", "19310412", 168, "1949-08-15", "丰都县教育委员会"),
    ("林永福", "19231117", 179, "1941-10-10", "丰都县粮食局"),
    ("何凤英", "19280629", 180, "1948-04-20", "丰都县人民法院"),
    ("郭志刚", "19270103", 191, "1946-11-11", "丰都县人民检察院"),
    ("马桂芳", "19291221", 202, "1949-01-25", "丰都县税务局"),
    ("罗树林", "19240605", 213, "1945-02-14", "丰都县林业局"),
    ("梁秀珍", "19300930", 224, "1949-06-18", "丰都县档案馆"),
    ("宋文华", "19261028", 235, "1947-09-09", "丰都县广播电视台"),
    ("郑玉兰", "19281114", 246, "1948-10-01", "丰都县总工会"),
    (
        "谢国祥",
        "19250219",
        257,
        "1947-05-05",
        "丰都县人民政府办公室",
    ),
];

/// A demo hospital: (code, name, level, in county, credit-code stem, bank).
type DemoHospital = (
    &'static str,
    &'static str,
    HospitalLevel,
    bool,
    &'static str,
    &'static str,
);

const HOSPITALS: [DemoHospital; 7] = [
    (
        "H50023000001",
        "丰都县人民医院",
        HospitalLevel::County,
        true,
        "12500230450001",
        "中国农业银行丰都支行",
    ),
    (
        "H50023000002",
        "丰都县中医院",
        HospitalLevel::County,
        true,
        "12500230450002",
        "中国建设银行丰都支行",
    ),
    (
        "H50023000003",
        "丰都县名山街道社区卫生服务中心",
        HospitalLevel::Township,
        true,
        "12500230450003",
        "重庆农村商业银行丰都支行",
    ),
    (
        "H50023000004",
        "丰都县高家镇中心卫生院",
        HospitalLevel::Township,
        true,
        "12500230450004",
        "重庆农村商业银行丰都支行",
    ),
    (
        "H50023000005",
        "丰都县社坛镇中心卫生院",
        HospitalLevel::Township,
        true,
        "12500230450005",
        "重庆农村商业银行丰都支行",
    ),
    (
        "H50023000006",
        "丰都县三合街道社区卫生服务中心",
        HospitalLevel::Township,
        true,
        "12500230450006",
        "中国邮政储蓄银行丰都支行",
    ),
    (
        "H50010300001",
        "重庆医科大学附属第一医院",
        HospitalLevel::AboveCounty,
        false,
        "12500000450001",
        "中国工商银行重庆渝中支行",
    ),
];

/// A valid ID number for area 500230 (丰都县) from a birth date and a 3-digit sequence.
pub fn demo_id_number(birth: &str, seq: u32) -> String {
    id_number_in("500230", birth, seq)
}

/// A valid ID number for a 6-digit `area` from a birth date (YYYYMMDD) and a 3-digit
/// sequence (odd for men).
pub fn id_number_in(area: &str, birth: &str, seq: u32) -> String {
    let first17 = format!("{area}{birth}{:03}", seq % 1000);
    let check = id_number::check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

fn credit_code(stem: &str) -> String {
    let first17 = format!("{stem}XY9");
    let check = credit_code::check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// Add demo hospitals, their bank accounts numbered after `bank_code`. Returns their ids.
fn add_hospitals(
    tx: &Transaction<'_>,
    list: &[DemoHospital],
    bank_code: &str,
    actor: &Actor,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(list.len());
    for (i, (code, name, level, in_county, stem, bank)) in list.iter().enumerate() {
        ids.push(hospitals::add_hospital_tx(
            tx,
            &Hospital {
                id: 0,
                code: (*code).into(),
                name: (*name).into(),
                level: *level,
                in_county: *in_county,
                credit_code: credit_code(stem),
                bank_name: (*bank).into(),
                bank_account: format!("{bank_code}{:04}0400{:08}", 2300 + i, 100_023 + i * 7919),
                active: true,
            },
            actor,
        )?);
    }
    Ok(ids)
}

/// Load the demo into an empty database, in one transaction.
pub fn load_demo(store: &mut Store, actor: &Actor) -> Result<()> {
    if !store.is_empty()? {
        return Err(StoreError::Invalid(
            "数据库中已有数据，示例数据只能载入空数据库".into(),
        ));
    }
    store.write(|tx| load_demo_tx(tx, actor))
}

fn load_demo_tx(tx: &Transaction<'_>, actor: &Actor) -> Result<()> {
    let program_id = programs::create_program_tx(
        tx,
        &NewProgram {
            code: LIXIU_CODE.into(),
            name: "丰都县离休人员医药费县级补助".into(),
            kind: ProgramKind::Lixiu,
            department: "丰都县医疗保障局".into(),
            unit: "丰都县医疗保障局".into(),
        },
        actor,
    )?;
    let params = YearParams::lixiu_seed();
    programs::add_year_tx(tx, program_id, 2021, &params, actor)?;
    programs::add_year_tx(tx, program_id, 2022, &params, actor)?;
    let hospital_ids = add_hospitals(tx, &HOSPITALS, "3101", actor)?;
    let mut id_numbers = Vec::new();
    for (i, (name, birth, seq, work, unit)) in ROSTER.iter().enumerate() {
        let fields = checked(BeneficiaryDraft {
            name: (*name).into(),
            id_number: demo_id_number(birth, *seq),
            work_date: (*work).into(),
            card_no: format!("A{:08}", 50_023_000 + i),
            unit: (*unit).into(),
            phone: format!("023-7060{:04}", 1001 + i * 37),
            ..Default::default()
        })?;
        beneficiaries::add_beneficiary_tx(tx, program_id, &fields, actor)?;
        id_numbers.push(fields.id_number);
    }
    load_funds(tx, program_id, actor)?;
    load_claims_2021(tx, program_id, &hospital_ids, &id_numbers, actor)?;
    let (y2021, y2022) = (
        programs::program_year_id(tx, program_id, 2021)?,
        programs::program_year_id(tx, program_id, 2022)?,
    );
    evaluation::save_indicators_tx(tx, y2021, &indicators_2021(), actor)?;
    evaluation::copy_evaluation_tx(tx, y2021, y2022, actor)?;
    for (username, name, role) in DEMO_USERS {
        users::create_user_tx(tx, username, name, role, DEMO_PASSWORD, actor)?;
    }
    users::set_password_tx(tx, "admin", DEMO_PASSWORD, actor)?;
    jiuzhu::load_tx(tx, actor)?;
    // The app opens on 离休 (programs list by code, which would put 医疗救助 first).
    crate::store::set_setting_tx(tx, crate::store::SETTING_PROGRAM, LIXIU_CODE)?;
    crate::store::set_setting_tx(tx, crate::store::SETTING_DEMO, "1")
}

/// A generated 离休 person's fields, checked as an import would check them.
fn checked(draft: BeneficiaryDraft) -> Result<BeneficiaryFields> {
    checked_for(draft, ProgramKind::Lixiu, &[])
}

/// A generated person's fields for a program of `kind` with its `categories`,
/// checked as an import would check them.
fn checked_for(
    draft: BeneficiaryDraft,
    kind: ProgramKind,
    categories: &[String],
) -> Result<BeneficiaryFields> {
    let name = draft.name.clone();
    draft.validate(kind, categories).map_err(|e| {
        StoreError::Invalid(format!(
            "示例数据有误：{name} {}",
            e.first().map(|e| e.message.as_str()).unwrap_or("")
        ))
    })
}

/// Seed 000's money: 年初预算 134 万元 and 追加 21 万元 (全年预算 155 万元), received as
/// four quarterly appropriations and the supplement. The 12 monthly transfers
/// (155 万元) are posted as each month is paid. 2022 has its budget and first quarter.
/// (year, kind, date, quarter, 元, 文号, 摘要).
type DemoEntry = (
    i32,
    EntryKind,
    &'static str,
    Option<u32>,
    i64,
    &'static str,
    &'static str,
);

const FUNDS: [DemoEntry; 9] = [
    (
        2021,
        EntryKind::BudgetInitial,
        "2021-01-05",
        None,
        1_340_000,
        "丰财社〔2021〕3号",
        "2021年离休人员医药费县级补助年初预算",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-01-20",
        Some(1),
        335_000,
        "丰财社〔2021〕12号",
        "第一季度拨款",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-04-15",
        Some(2),
        335_000,
        "丰财社〔2021〕58号",
        "第二季度拨款",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-07-14",
        Some(3),
        335_000,
        "丰财社〔2021〕102号",
        "第三季度拨款",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-10-15",
        Some(4),
        335_000,
        "丰财社〔2021〕147号",
        "第四季度拨款",
    ),
    (
        2021,
        EntryKind::BudgetAdjust,
        "2021-11-22",
        None,
        210_000,
        "丰财社〔2021〕186号",
        "年底追加：超统筹标准部分",
    ),
    (
        2021,
        EntryKind::Appropriation,
        "2021-12-08",
        Some(4),
        210_000,
        "丰财社〔2021〕193号",
        "年底追加拨款",
    ),
    (
        2022,
        EntryKind::BudgetInitial,
        "2022-01-06",
        None,
        1_400_000,
        "丰财社〔2022〕2号",
        "2022年离休人员医药费县级补助年初预算",
    ),
    (
        2022,
        EntryKind::Appropriation,
        "2022-01-19",
        Some(1),
        350_000,
        "丰财社〔2022〕10号",
        "第一季度拨款",
    ),
];

fn load_funds(tx: &Transaction<'_>, program_id: i64, actor: &Actor) -> Result<()> {
    for entry in &FUNDS {
        let year_id = programs::program_year_id(tx, program_id, entry.0)?;
        record_demo_entry(tx, year_id, entry, actor)?;
    }
    Ok(())
}

/// Record one budget or appropriation row of a demo ledger.
fn record_demo_entry(
    tx: &Transaction<'_>,
    year_id: i64,
    &(_, kind, date, quarter, yuan, doc_no, note): &DemoEntry,
    actor: &Actor,
) -> Result<()> {
    funds::record_entry_tx(
        tx,
        year_id,
        &NewEntry {
            kind,
            date: demo_date(date)?,
            doc_no: doc_no.into(),
            quarter,
            amount: Money::from_yuan(yuan),
            id_number: None,
            counterparty: String::new(),
            note: note.into(),
        },
        actor,
    )?;
    Ok(())
}

/// A date written in the demo's tables.
fn demo_date(text: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Invalid(format!("示例日期有误：{text}")))
}

/// One indicator of the demo's 自评表.
#[allow(clippy::too_many_arguments)]
fn indicator(
    level1: &str,
    level2: &str,
    name: &str,
    nature: Nature,
    target: Option<i64>,
    target_text: &str,
    unit: &str,
    weight: i64,
    metric: Option<&str>,
    actual: Actual,
    actual_text: &str,
    reason: &str,
) -> IndicatorLine {
    IndicatorLine {
        level1: level1.into(),
        level2: level2.into(),
        name: name.into(),
        nature,
        target: target.map(Decimal::from),
        target_text: target_text.into(),
        unit: unit.into(),
        weight: Decimal::from(weight),
        metric: metric.map(str::to_owned),
        actual,
        actual_text: actual_text.into(),
        reason: reason.into(),
        budget_execution: false,
    }
}

/// Seed 000's indicators for 2021: 产出 50, 效益 30, 满意度 10, 预算执行率 10. The
/// actuals come from the data where a metric exists; the only shortfall is the one
/// the seed names (极少数离休人员对报销费用不满意), scored 8 of 10 within 达成, which
/// makes 98 分, 优.
fn indicators_2021() -> Vec<IndicatorLine> {
    use Nature::{AtLeast, Equal, Qualitative};
    let judged = |score: i64| Actual::Judged {
        tier: Tier::Achieved,
        score: Decimal::from(score),
    };
    let typed = |v: i64| Actual::Value(Decimal::from(v));
    let (out, benefit, sat) = ("产出指标", "效益指标", "满意度指标");
    vec![
        indicator(
            out,
            "数量指标",
            "纳入报账人数",
            AtLeast,
            Some(25),
            "",
            "人",
            10,
            Some("roster_persons"),
            Actual::Missing,
            "",
            "",
        ),
        indicator(
            out,
            "数量指标",
            "统筹支付标准",
            Equal,
            Some(8000),
            "",
            "元/人/年",
            10,
            None,
            typed(8000),
            "",
            "",
        ),
        indicator(
            out,
            "质量指标",
            "医药费支付方式",
            Qualitative,
            None,
            "非现金支付",
            "",
            10,
            None,
            judged(10),
            "非现金支付",
            "",
        ),
        indicator(
            out,
            "质量指标",
            "费用审核率",
            Equal,
            Some(100),
            "",
            "%",
            10,
            Some("audit_rate"),
            Actual::Missing,
            "",
            "",
        ),
        indicator(
            out,
            "时效指标",
            "当月费用次月报销拨付率",
            AtLeast,
            Some(100),
            "",
            "%",
            10,
            Some("paid_by_next_month_rate"),
            Actual::Missing,
            "",
            "",
        ),
        indicator(
            benefit,
            "社会效益指标",
            "离休干部一站式结算覆盖率",
            AtLeast,
            Some(100),
            "",
            "%",
            10,
            Some("coverage_rate"),
            Actual::Missing,
            "",
            "",
        ),
        indicator(
            benefit,
            "社会效益指标",
            "离休干部报销方便程度",
            Qualitative,
            None,
            "有所提高",
            "",
            10,
            None,
            judged(8),
            "有所提高",
            "仍有极少数离休人员对报销费用不满意；将进一步完善报销政策，做好政策解释。",
        ),
        indicator(
            benefit,
            "可持续影响指标",
            "健全医疗保障制度体系",
            Qualitative,
            None,
            "卓有成效",
            "",
            10,
            None,
            judged(10),
            "卓有成效",
            "",
        ),
        indicator(
            sat,
            "服务对象满意度指标",
            "报销对象满意度",
            AtLeast,
            Some(98),
            "",
            "%",
            5,
            None,
            typed(98),
            "",
            "",
        ),
        indicator(
            sat,
            "服务对象满意度指标",
            "报销对象政策知晓率",
            Qualitative,
            None,
            "普遍知晓",
            "",
            5,
            None,
            judged(5),
            "普遍知晓",
            "",
        ),
        IndicatorLine {
            budget_execution: true,
            ..indicator(
                "预算执行率",
                "",
                "预算执行率",
                AtLeast,
                Some(100),
                "",
                "%",
                10,
                Some("execution_rate"),
                Actual::Missing,
                "",
                "",
            )
        },
    ]
}

/// The demo's password for every demo user (listed in the README).
pub const DEMO_PASSWORD: &str = "demo1234";

/// The demo's users, one per role besides 管理员 (`admin`).
pub const DEMO_USERS: [(&str, &str, Role); 4] = [
    ("jingban", "陈晓梅", Role::Clerk),
    ("shenhe", "刘建军", Role::Auditor),
    ("caiwu", "张丽", Role::Finance),
    ("lingdao", "周国强", Role::Leader),
];

/// Seed 000's 2021 output: inpatient 25 persons, 99 stays, 886,500.00 元; outpatient
/// 1,352 visits, 663,500.00 元. Split into 12 months of hospital reports, every claim
/// audited, every month approved and transferred; 丰都县中医院's September report
/// arrived late. Everyone's costs exceed their quota, so there are no top-ups.
const INPATIENT_STAYS: usize = 99;
const INPATIENT_FEN: i64 = 88_650_000;
const OUTPATIENT_VISITS: usize = 1352;
const OUTPATIENT_FEN: i64 = 66_350_000;

/// `total` 分 split into `n` uneven parts that add up exactly (integer arithmetic).
fn split_fen(total: i64, n: usize, rng: &mut fastrand::Rng) -> Vec<i64> {
    let weights: Vec<i64> = (0..n).map(|_| rng.i64(50..=150)).collect();
    let sum: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let rest = total - parts.iter().sum::<i64>();
    if let Some(last) = parts.last_mut() {
        *last += rest;
    }
    parts
}

struct DemoClaim {
    hospital: usize,
    month: u32,
    person: usize,
    inpatient: bool,
    day: u32,
    days: u32,
    payable_fen: i64,
    bill_no: String,
}

fn load_claims_2021(
    tx: &Transaction<'_>,
    program_id: i64,
    hospital_ids: &[i64],
    id_numbers: &[String],
    actor: &Actor,
) -> Result<()> {
    let mut rng = fastrand::Rng::with_seed(2021);
    let mut claims = Vec::new();
    let stays = split_fen(INPATIENT_FEN, INPATIENT_STAYS, &mut rng);
    for (k, fen) in stays.into_iter().enumerate() {
        let month = (k % 12) as u32 + 1;
        claims.push(DemoClaim {
            // Mostly the county hospital, then the TCM hospital, one in ten out of county.
            hospital: match k % 10 {
                0..=5 => 0,
                6..=8 => 1,
                _ => 6,
            },
            month,
            person: k % id_numbers.len(),
            inpatient: true,
            day: 1 + rng.u32(0..18),
            days: 3 + k as u32 % 8,
            payable_fen: fen,
            bill_no: format!("ZY2021{month:02}{k:04}"),
        });
    }
    let visits = split_fen(OUTPATIENT_FEN, OUTPATIENT_VISITS, &mut rng);
    for (v, fen) in visits.into_iter().enumerate() {
        let month = (v % 12) as u32 + 1;
        claims.push(DemoClaim {
            hospital: (v / 12) % 6,
            month,
            person: v % id_numbers.len(),
            inpatient: false,
            day: 1 + rng.u32(0..28),
            days: 0,
            payable_fen: fen,
            bill_no: format!("MZ2021{month:02}{v:05}"),
        });
    }
    let calendar = crate::store::calendar::load_calendar(tx)?;
    let mut voucher = 0;
    for month in 1..=12_u32 {
        for (h, hospital_id) in hospital_ids.iter().enumerate() {
            let mine: Vec<&DemoClaim> = claims
                .iter()
                .filter(|c| c.month == month && c.hospital == h)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let m = Month { year: 2021, month };
            let deadline = calendar
                .report_deadline(2021, month)
                .ok_or_else(|| StoreError::Invalid("示例数据月份有误".into()))?;
            let received = if h == 1 && month == 9 {
                deadline + chrono::Duration::days(3)
            } else {
                deadline - chrono::Duration::days(2)
            };
            let report =
                claims::open_report_tx(tx, program_id, *hospital_id, m, Some(received), actor)?;
            let mut ids = Vec::new();
            for (i, c) in mine.iter().enumerate() {
                let date = |day: u32| chrono::NaiveDate::from_ymd_opt(2021, month, day);
                let visit =
                    date(c.day).ok_or_else(|| StoreError::Invalid("示例日期有误".into()))?;
                // Every fourth bill has some 目录外 cost, which the program does not pay.
                let out_fen = if i % 4 == 3 {
                    c.payable_fen * 3 / 100
                } else {
                    0
                };
                let input = ClaimInput {
                    id_number: id_numbers[c.person].clone(),
                    visit_type: if c.inpatient {
                        VisitType::Inpatient
                    } else {
                        VisitType::Outpatient
                    },
                    visit_date: visit,
                    discharge_date: if c.inpatient {
                        date(c.day + c.days)
                    } else {
                        None
                    },
                    total: Money::from_fen(c.payable_fen + out_fen),
                    out_of_catalog: Money::from_fen(out_fen),
                    bill_no: c.bill_no.clone(),
                    other_layers: Vec::new(),
                    catastrophic: false,
                };
                ids.push(claims::add_claim_tx(tx, report.id, &input, actor)?.id);
            }
            claims::audit_claims_tx(tx, &ids, &AuditDecision::Passed, actor)?;
            claims::approve_report_tx(tx, report.id, actor)?;
            voucher += 1;
            let paid = chrono::NaiveDate::from_ymd_opt(2021, month, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.with_day(15))
                .ok_or_else(|| StoreError::Invalid("示例日期有误".into()))?;
            posting::mark_paid_tx(
                tx,
                report.id,
                &format!("记-{}-{voucher:03}", paid.format("%Y-%m")),
                paid,
                actor,
            )?;
        }
    }
    Ok(())
}

/// Generated Chinese names: a common surname and two given-name characters.
struct NameMaker {
    surnames: Vec<char>,
    given: Vec<char>,
}

impl NameMaker {
    fn new() -> Self {
        Self {
            surnames: "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
                .chars()
                .collect(),
            given: "德明桂兰振华秀英建国玉珍光荣淑芬永福凤英志刚树林文华国祥堃喆玥珺昇犇旻镕"
                .chars()
                .collect(),
        }
    }

    fn make(&self, rng: &mut fastrand::Rng) -> String {
        [
            self.surnames[rng.usize(..self.surnames.len())],
            self.given[rng.usize(..self.given.len())],
            self.given[rng.usize(..self.given.len())],
        ]
        .iter()
        .collect()
    }
}

/// The size of the large speed-test data set.
pub const LARGE_PERSONS: usize = 100_000;
pub const LARGE_HOSPITALS: usize = 50;
pub const LARGE_CLAIMS: usize = 1_000_000;
/// Its years: ten, ending with the seed's 2021.
pub const LARGE_YEARS: std::ops::RangeInclusive<i32> = 2012..=2021;

/// Load the deterministic large data set (100,000 people, 50 hospitals, 1,000,000
/// claims over 10 years) into an empty database in one transaction. Every month is
/// approved and transferred except December 2021, which waits for review. `progress`
/// is told the claims written so far.
pub fn load_large(store: &mut Store, actor: &Actor, progress: &dyn Fn(usize)) -> Result<()> {
    if !store.is_empty()? {
        return Err(StoreError::Invalid(
            "数据库中已有数据，示例数据只能载入空数据库".into(),
        ));
    }
    store.write(|tx| load_large_tx(tx, actor, progress))
}

fn load_large_tx(tx: &Transaction<'_>, actor: &Actor, progress: &dyn Fn(usize)) -> Result<()> {
    let mut rng = fastrand::Rng::with_seed(100_000);
    let program_id = programs::create_program_tx(
        tx,
        &NewProgram {
            code: LIXIU_CODE.into(),
            name: "丰都县离休人员医药费县级补助（大数据量测试）".into(),
            kind: ProgramKind::Lixiu,
            department: "丰都县医疗保障局".into(),
            unit: "丰都县医疗保障局".into(),
        },
        actor,
    )?;
    for year in LARGE_YEARS {
        let year_id =
            programs::add_year_tx(tx, program_id, year, &YearParams::lixiu_seed(), actor)?;
        evaluation::save_indicators_tx(tx, year_id, &indicators_2021(), actor)?;
    }
    let mut hospital_ids = Vec::with_capacity(LARGE_HOSPITALS);
    for i in 0..LARGE_HOSPITALS {
        let in_county = i < 45;
        let code = if in_county {
            format!("H500230{:05}", i + 1)
        } else {
            format!("H500103{:05}", i + 1)
        };
        let level = match i {
            0..=4 => HospitalLevel::County,
            5..=44 => HospitalLevel::Township,
            _ => HospitalLevel::AboveCounty,
        };
        hospital_ids.push(hospitals::add_hospital_tx(
            tx,
            &Hospital {
                id: 0,
                code,
                name: format!("测试医疗机构{:02}", i + 1),
                level,
                in_county,
                credit_code: credit_code(&format!("125002304{:05}", i + 1)),
                bank_name: "重庆农村商业银行丰都支行".into(),
                bank_account: format!("31012300{:012}", 400_000 + i),
                active: true,
            },
            actor,
        )?);
    }
    let names = NameMaker::new();
    let start = chrono::NaiveDate::from_ymd_opt(1920, 1, 1).unwrap_or_default();
    let mut person_ids = Vec::with_capacity(LARGE_PERSONS);
    for i in 0..LARGE_PERSONS {
        let birth = start + chrono::Duration::days((i / 100) as i64);
        let fields = checked(BeneficiaryDraft {
            name: names.make(&mut rng),
            id_number: demo_id_number(
                &birth.format("%Y%m%d").to_string(),
                (i % 100) as u32 * 10 + 7,
            ),
            work_date: format!("194{}-0{}-1{}", rng.u8(5..9), rng.u8(1..9), rng.u8(0..9)),
            card_no: format!("B{i:09}"),
            unit: format!("丰都县第{}单位", i % 97),
            ..Default::default()
        })?;
        person_ids.push(beneficiaries::add_beneficiary_tx(
            tx, program_id, &fields, actor,
        )?);
    }
    let calendar = crate::store::calendar::load_calendar(tx)?;
    let months: Vec<Month> = LARGE_YEARS
        .flat_map(|year| (1..=12).map(move |month| Month { year, month }))
        .collect();
    let reports = months.len() * LARGE_HOSPITALS;
    let mut written = 0;
    let mut voucher = 0;
    for (mi, month) in months.iter().enumerate() {
        let claims::ClaimRule::PerClaim(rule) = claims::claim_rule(tx, program_id, month.year)?
        else {
            return Err(StoreError::Invalid("测试数据只用于离休项目".into()));
        };
        let deadline = calendar
            .report_deadline(month.year, month.month)
            .ok_or_else(|| StoreError::Invalid("测试数据月份有误".into()))?;
        for (h, hospital_id) in hospital_ids.iter().enumerate() {
            let r = mi * LARGE_HOSPITALS + h;
            // Spread the claims evenly: report r gets every claim c with c % reports == r.
            let n = LARGE_CLAIMS / reports + usize::from(r < LARGE_CLAIMS % reports);
            let report = claims::open_report_tx(
                tx,
                program_id,
                *hospital_id,
                *month,
                Some(deadline - chrono::Duration::days(1)),
                actor,
            )?;
            let mut batch = Vec::with_capacity(n);
            for k in 0..n {
                let c = k * reports + r;
                let inpatient = c.is_multiple_of(15);
                let day = 1 + rng.u32(0..20);
                let date = |d: u32| chrono::NaiveDate::from_ymd_opt(month.year, month.month, d);
                let visit = date(day).ok_or_else(|| StoreError::Invalid("测试日期有误".into()))?;
                let total_fen = if inpatient {
                    rng.i64(300_000..3_000_000)
                } else {
                    rng.i64(5_000..500_000)
                };
                let out_fen = if c % 4 == 3 { total_fen / 25 } else { 0 };
                let input = ClaimInput {
                    id_number: String::new(),
                    visit_type: if inpatient {
                        VisitType::Inpatient
                    } else {
                        VisitType::Outpatient
                    },
                    visit_date: visit,
                    discharge_date: if inpatient {
                        date(day + 1 + rng.u32(0..8))
                    } else {
                        None
                    },
                    total: Money::from_fen(total_fen),
                    out_of_catalog: Money::from_fen(out_fen),
                    bill_no: format!("{}{:07}", if inpatient { "ZY" } else { "MZ" }, c),
                    other_layers: Vec::new(),
                    catastrophic: false,
                };
                let payable = claims::compute(&rule, &input)?;
                batch.push((person_ids[(c * 7919) % LARGE_PERSONS], input, payable));
            }
            claims::bulk_insert_generated_claims_tx(tx, report.id, *hospital_id, &batch, actor)?;
            written += n;
            // December 2021 waits for review; every other month is approved and paid.
            if mi + 1 < months.len() {
                claims::approve_report_tx(tx, report.id, actor)?;
                voucher += 1;
                posting::mark_paid_tx(
                    tx,
                    report.id,
                    &format!("记-{voucher:06}"),
                    deadline + chrono::Duration::days(10),
                    actor,
                )?;
            }
        }
        progress(written);
    }
    Ok(())
}
