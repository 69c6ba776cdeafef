//! The 医疗救助 demo program: seed 004's 赫山区城乡医疗救助 for 2018 and 2019, with
//! generated people in area 430903, the district's hospitals and two above it. The
//! seed's figures come out exactly:
//!
//! - 2019: 财政拨款 2019 万元 (年初预算 the same). By 2019-11-29, 1596 万元 paid =
//!   资助参保 437 万元 (28,050 persons, one payment to the insurer) + 直接救助
//!   1159 万元 (31,932 claims from January to November, every hospital-month audited,
//!   approved and transferred, November's on 11-29; December not yet reported).
//!   Of the claims, 19,514 are 建档立卡贫困人口's; 2,578 are 重特大疾病 (1,511 of them
//!   建档立卡); 9,336 are admissions of 特困供养 persons.
//! - 特困供养 persons on the roster: 6,380 in 2018 (101 died that year), 6,279 in
//!   2019. 2018 holds their 9,247 admissions, paid within 2018 from quarterly
//!   appropriations that cover each quarter's transfers.
//!
//! Every claim's amount and explanation is what [`crate::domain::assistance::assist`] gives over the person's
//! whole year, as the store's recompute would. The direct-assistance total is made
//! exact by the last claims: fresh 低保 persons' ordinary stays at a district
//! hospital, each base chosen so that the rounded rate gives what is left. No claim
//! is left at 0.00 (each is one 救助人次): 建档立卡 catastrophic bases exceed the
//! 起付线, and the few people who reach a yearly cap do so on their last claim.

mod claim_gen;
mod funds;
mod roster;

use chrono::NaiveDate;

use super::{Crew, DemoEntry, DemoHospital, add_hospitals, demo_date, record_demo_entry};
use crate::domain::Money;
use crate::domain::assistance::{DIBAO, DISHOURU, Group, JIANDANG, QITA, TEKUN};
use crate::domain::claim::Month;
use crate::domain::declaration::FundSource;
use crate::domain::fund::EntryKind;
use crate::domain::hospital::HospitalLevel;
use crate::domain::program::{ProgramKind, YearParams};
use crate::store::claims::{self, ClaimRule};
use crate::store::programs::{self, NewProgram};
use crate::store::{Actor, Result, StoreError, Transaction};
use claim_gen::{plan_year, schedule, write_month};
use funds::{funds_2018, pay_premiums};
use roster::load_roster;

pub const JIUZHU_CODE: &str = "jiuzhu";

/// 赫山区.
const AREA: &str = "430903";

/// What 2019's direct assistance adds up to, in 分 (1159 万元).
const DIRECT_2019_FEN: i64 = 1_159_000_000;

/// The roster, in blocks by category. Of the 特困供养 persons, [`DIED_2018`] die in
/// 2018 and the last [`TEKUN_UNLISTED`] are not on the 2019 资助参保 list; everyone
/// else is: 6,275 × 220 + 19,930 × 150 + 1,845 × 0 = 4,370,000.00 for 28,050 persons.
const BLOCKS: [(&str, usize); 5] = [
    (TEKUN, 6_380),
    (JIANDANG, 11_520),
    (DIBAO, 8_410),
    (DISHOURU, 1_500),
    (QITA, 345),
];
const DIED_2018: usize = 101;
const TEKUN_UNLISTED: usize = 4;
/// People whose last claim of the year reaches the yearly cap: the 2nd to 13th
/// 特困供养 persons are in and out of 县级以上 hospitals (普通住院, 50 %), the first
/// 12 建档立卡 persons at the clinic for 透析 and the like (门诊, 50 %). The k-th of
/// them adds k × 10 元 to the first stay's base and k × 20 元 to the last visit's.
const FREQUENT: usize = 12;
/// (month, base 元): three stays pay just under 10,000.00, the fourth what is left.
const FREQUENT_STAYS: [(u32, i64); 4] = [(2, 6_000), (5, 6_500), (8, 6_200), (11, 5_000)];
/// (month, base 元): five visits pay 945.00, the sixth what is left of 1,000.00.
const FREQUENT_VISITS: [(u32, i64); 6] =
    [(1, 400), (3, 380), (5, 420), (7, 390), (9, 300), (11, 500)];
/// The 低保 persons kept free of claims for the exact total (the last of the block).
const TUNING: usize = 40;

/// Claims by year and category: [普通住院, 重特大疾病住院, 门诊] (the order of
/// [`Group::ALL`]), the [`FREQUENT`] people's included, the rest at random. The
/// [`TUNING`] claims come on top (2019, 低保, 普通住院).
const CLAIM_PLAN: [(i32, &str, [usize; 3]); 6] = [
    (2018, TEKUN, [9_007, 240, 0]),
    (2019, TEKUN, [9_069, 267, 300]),
    (2019, JIANDANG, [7_000, 1_511, 11_003]),
    (2019, DIBAO, [1_200 - TUNING, 500, 382]),
    (2019, DISHOURU, [300, 200, 0]),
    (2019, QITA, [100, 100, 0]),
];

const HOSPITALS: [DemoHospital; 8] = [
    (
        "H43090300001",
        "益阳市赫山区人民医院",
        HospitalLevel::County,
        true,
        "12430903445001",
        "中国农业银行益阳赫山支行",
    ),
    (
        "H43090300002",
        "赫山区龙光桥镇中心卫生院",
        HospitalLevel::Township,
        true,
        "12430903445002",
        "湖南赫山农村商业银行龙光桥支行",
    ),
    (
        "H43090300003",
        "赫山区兰溪镇中心卫生院",
        HospitalLevel::Township,
        true,
        "12430903445003",
        "湖南赫山农村商业银行兰溪支行",
    ),
    (
        "H43090300004",
        "赫山区泉交河镇中心卫生院",
        HospitalLevel::Township,
        true,
        "12430903445004",
        "湖南赫山农村商业银行泉交河支行",
    ),
    (
        "H43090300005",
        "赫山区岳家桥镇中心卫生院",
        HospitalLevel::Township,
        true,
        "12430903445005",
        "湖南赫山农村商业银行岳家桥支行",
    ),
    (
        "H43090300006",
        "益阳市赫山区中医医院",
        HospitalLevel::County,
        true,
        "12430903445006",
        "中国建设银行益阳赫山支行",
    ),
    (
        "H43090000001",
        "益阳市中心医院",
        HospitalLevel::AboveCounty,
        false,
        "12430900445001",
        "中国工商银行益阳分行",
    ),
    (
        "H43010500001",
        "中南大学湘雅医院",
        HospitalLevel::AboveCounty,
        false,
        "12430000445001",
        "中国银行长沙湘雅支行",
    ),
];
/// Indices into [`HOSPITALS`] by level.
const COUNTY: [usize; 2] = [0, 5];
const TOWNSHIP: [usize; 4] = [1, 2, 3, 4];
const ABOVE: [usize; 2] = [6, 7];

/// Where the people live (the roster's 单位 column).
const TOWNS: [&str; 12] = [
    "龙光桥街道",
    "会龙山街道",
    "金银山街道",
    "兰溪镇",
    "泉交河镇",
    "岳家桥镇",
    "沧水铺镇",
    "欧江岔镇",
    "新市渡镇",
    "衡龙桥镇",
    "八字哨镇",
    "笔架山乡",
];

/// 2019's budget and 财政拨款: 中央 1019 万元, 省级 500 万元, 区级 500 万元 (the
/// sources are in [`SOURCES_2019`]).
const FUNDS_2019: [DemoEntry; 7] = [
    (
        2019,
        EntryKind::BudgetInitial,
        "2019-01-08",
        None,
        10_190_000,
        "益财社〔2019〕2号",
        "2019年城乡医疗救助资金年初预算（中央补助）",
    ),
    (
        2019,
        EntryKind::BudgetInitial,
        "2019-01-08",
        None,
        5_000_000,
        "益财社〔2019〕2号",
        "2019年城乡医疗救助资金年初预算（省级补助）",
    ),
    (
        2019,
        EntryKind::BudgetInitial,
        "2019-01-08",
        None,
        5_000_000,
        "益财社〔2019〕2号",
        "2019年城乡医疗救助资金年初预算（区级资金）",
    ),
    (
        2019,
        EntryKind::Appropriation,
        "2019-01-22",
        Some(1),
        7_500_000,
        "益财社〔2019〕11号",
        "第一季度医疗救助资金",
    ),
    (
        2019,
        EntryKind::Appropriation,
        "2019-04-16",
        Some(2),
        5_000_000,
        "益财社〔2019〕47号",
        "第二季度医疗救助资金",
    ),
    (
        2019,
        EntryKind::Appropriation,
        "2019-07-15",
        Some(3),
        5_000_000,
        "益财社〔2019〕88号",
        "第三季度医疗救助资金",
    ),
    (
        2019,
        EntryKind::Appropriation,
        "2019-10-14",
        Some(4),
        2_690_000,
        "益财社〔2019〕131号",
        "第四季度医疗救助资金",
    ),
];

/// Where each of 2019's budgets and appropriations comes from, by its 摘要.
const SOURCES_2019: [(&str, FundSource); 7] = [
    (
        "2019年城乡医疗救助资金年初预算（中央补助）",
        FundSource::Central,
    ),
    (
        "2019年城乡医疗救助资金年初预算（省级补助）",
        FundSource::Provincial,
    ),
    (
        "2019年城乡医疗救助资金年初预算（区级资金）",
        FundSource::County,
    ),
    ("第一季度医疗救助资金", FundSource::Central),
    ("第二季度医疗救助资金", FundSource::Provincial),
    ("第三季度医疗救助资金", FundSource::County),
    ("第四季度医疗救助资金", FundSource::Central),
];

/// The source of a demo entry of 2019 (none for 2018's, which the seed does not
/// split).
fn source_of(entry: &DemoEntry) -> Option<FundSource> {
    (entry.0 == 2019)
        .then(|| SOURCES_2019.iter().find(|(note, _)| *note == entry.6))
        .flatten()
        .map(|(_, s)| *s)
}

/// When 2019's 资助参保 is paid, and to whom.
const PREMIUM_DATE: &str = "2019-03-20";
const PREMIUM_VOUCHER: &str = "记-2019-03-100";
const INSURER: &str = "益阳市赫山区城乡居民基本医疗保险基金";

/// 2018's appropriations are dated at the start of each quarter and cover the
/// quarter's transfers, rounded up to 10 万元: (date, 文号, 摘要).
const APPROPRIATIONS_2018: [(&str, &str, &str); 4] = [
    ("2018-01-22", "益财社〔2018〕9号", "第一季度医疗救助资金"),
    ("2018-04-12", "益财社〔2018〕45号", "第二季度医疗救助资金"),
    ("2018-07-12", "益财社〔2018〕86号", "第三季度医疗救助资金"),
    ("2018-10-12", "益财社〔2018〕128号", "第四季度医疗救助资金"),
];

/// One generated person.
struct Member {
    category: &'static str,
    class_one: bool,
    /// 死亡 in 2018.
    died: Option<NaiveDate>,
    /// On 2019's 资助参保 list.
    listed: bool,
    /// Kept for the tuning claims.
    tuning: bool,
    /// Claims up to a yearly cap: (group, the person's rank among them).
    frequent: Option<(Group, usize)>,
    id_number: String,
    id: i64,
}

/// One generated claim.
struct GenClaim {
    person: usize,
    month: u32,
    hospital: usize,
    group: Group,
    admitted: NaiveDate,
    discharged: Option<NaiveDate>,
    total: i64,
    out_of_catalog: i64,
    /// 基本医保, 大病保险, 其他保障.
    layers: [i64; 3],
    payable: Money,
    explanation: String,
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| bad(format!("日期 {y}-{m}-{d}")))
}

fn bad(what: String) -> StoreError {
    StoreError::Invalid(format!("医疗救助示例数据有误：{what}"))
}

/// Load the program into the demo's transaction.
pub(super) fn load_tx(tx: &Transaction<'_>, actor: &Actor, crew: &Crew) -> Result<()> {
    let program_id = programs::create_program_tx(
        tx,
        &NewProgram {
            code: JIUZHU_CODE.into(),
            name: "赫山区城乡医疗救助".into(),
            kind: ProgramKind::Jiuzhu,
            department: "赫山区医疗保障局".into(),
            unit: "赫山区医疗保障局".into(),
        },
        actor,
    )?;
    let seed = YearParams::jiuzhu_seed();
    for year in [2018, 2019] {
        programs::add_year_tx(tx, program_id, year, &seed, actor)?;
    }
    let hospital_ids = add_hospitals(tx, &HOSPITALS, "1905", actor)?;
    let mut rng = fastrand::Rng::with_seed(2019);
    let people = load_roster(tx, program_id, &seed, &mut rng, actor)?;
    let mut years = Vec::new();
    for year in [2018, 2019] {
        let ClaimRule::Assistance(params) = claims::claim_rule(tx, program_id, year)? else {
            return Err(bad("项目类型不是医疗救助".into()));
        };
        let plan = plan_year(year, &people, &params, &mut rng)?;
        years.push((year, params, plan));
    }
    // The ledger in date order: each month's transfers after the money that covers them.
    for (year, params, plan) in &years {
        let year_id = programs::program_year_id(tx, program_id, *year)?;
        let schedule = schedule(tx, *year)?;
        let mut entries = if *year == 2018 {
            funds_2018(plan, &schedule)?
        } else {
            FUNDS_2019.to_vec()
        };
        entries.reverse();
        let premium_date = demo_date(PREMIUM_DATE)?;
        let mut premiums_due = *year == 2019;
        let mut voucher = 0;
        for month_claims in plan.chunk_by(|a, b| a.month == b.month) {
            let month = Month {
                year: *year,
                month: month_claims[0].month,
            };
            let (received, paid) = schedule[month.month as usize - 1];
            if premiums_due && premium_date <= paid {
                post_until(tx, year_id, premium_date, &mut entries, &crew.finance)?;
                pay_premiums(tx, year_id, &people, params, premium_date, crew)?;
                premiums_due = false;
            }
            post_until(tx, year_id, paid, &mut entries, &crew.finance)?;
            write_month(
                tx,
                (program_id, &hospital_ids),
                (month, received, paid),
                &mut voucher,
                &people,
                month_claims,
                &seed.layers,
                crew,
            )?;
        }
        post_until(tx, year_id, NaiveDate::MAX, &mut entries, &crew.finance)?;
    }
    // The 2019 self-evaluation's indicators; the report text is the template's.
    let y2019 = programs::program_year_id(tx, program_id, 2019)?;
    crate::store::evaluation::save_indicators_tx(
        tx,
        y2019,
        &super::jiuzhu_indicators::indicators_2019(),
        actor,
    )?;
    super::declarations::jiuzhu_2019(
        tx,
        y2019,
        ("赫山区城乡医疗救助", "赫山区医疗保障局"),
        &crew.clerk,
    )
}

/// Post the ledger entries dated up to `until` (`entries` is latest first).
fn post_until(
    tx: &Transaction<'_>,
    year_id: i64,
    until: NaiveDate,
    entries: &mut Vec<DemoEntry>,
    actor: &Actor,
) -> Result<()> {
    while let Some(entry) = entries.last() {
        if demo_date(entry.2)? > until {
            break;
        }
        record_demo_entry(tx, year_id, entry, source_of(entry), actor)?;
        entries.pop();
    }
    Ok(())
}
