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
//! Every claim's amount and explanation is what [`assist`] gives over the person's
//! whole year, as the store's recompute would. The direct-assistance total is made
//! exact by the last claims: fresh 低保 persons' ordinary stays at a district
//! hospital, each base chosen so that the rounded rate gives what is left. No claim
//! is left at 0.00 (each is one 救助人次): 建档立卡 catastrophic bases exceed the
//! 起付线, and the few people who reach a yearly cap do so on their last claim.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::{
    DemoEntry, DemoHospital, NameMaker, add_hospitals, checked_for, demo_date, id_number_in,
    record_demo_entry,
};
use crate::domain::Money;
use crate::domain::assistance::{
    AssistanceClaim, AssistanceParams, DIBAO, DISHOURU, Group, JIANDANG, Person, QITA, TEKUN,
    assist,
};
use crate::domain::beneficiary::{BeneficiaryDraft, Status, StatusEvent};
use crate::domain::claim::{ClaimInput, Month, VisitType};
use crate::domain::fund::EntryKind;
use crate::domain::hospital::HospitalLevel;
use crate::domain::program::{ProgramKind, YearParams};
use crate::domain::rules::{LayerPayment, Payable};
use crate::store::assistance::{NewPremium, add_premiums_tx, hospital_tier};
use crate::store::claims::{self, ClaimRule};
use crate::store::posting::{self, pay_premiums_tx};
use crate::store::programs::{self, NewProgram};
use crate::store::{Actor, Result, StoreError, Transaction, beneficiaries};

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

/// 2019's budget and 财政拨款.
const FUNDS_2019: [DemoEntry; 5] = [
    (
        2019,
        EntryKind::BudgetInitial,
        "2019-01-08",
        None,
        20_190_000,
        "益财社〔2019〕2号",
        "2019年城乡医疗救助资金年初预算",
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
pub(super) fn load_tx(tx: &Transaction<'_>, actor: &Actor) -> Result<()> {
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
                post_until(tx, year_id, premium_date, &mut entries, actor)?;
                pay_premiums(tx, year_id, &people, params, premium_date, actor)?;
                premiums_due = false;
            }
            post_until(tx, year_id, paid, &mut entries, actor)?;
            write_month(
                tx,
                (program_id, &hospital_ids),
                (month, received, paid),
                &mut voucher,
                &people,
                month_claims,
                &seed.layers,
                actor,
            )?;
        }
        post_until(tx, year_id, NaiveDate::MAX, &mut entries, actor)?;
    }
    // The 2019 self-evaluation's indicators; the report text is the template's.
    let y2019 = programs::program_year_id(tx, program_id, 2019)?;
    crate::store::evaluation::save_indicators_tx(
        tx,
        y2019,
        &super::jiuzhu_indicators::indicators_2019(),
        actor,
    )?;
    Ok(())
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
        record_demo_entry(tx, year_id, entry, actor)?;
        entries.pop();
    }
    Ok(())
}

/// The roster: every person checked as an import would check them; the 2018 deaths
/// get their 死亡 row.
fn load_roster(
    tx: &Transaction<'_>,
    program_id: i64,
    params: &YearParams,
    rng: &mut fastrand::Rng,
    actor: &Actor,
) -> Result<Vec<Member>> {
    let names = NameMaker::new();
    let categories = params.category_names();
    let mut used = HashSet::new();
    let mut people = Vec::new();
    for (category, count) in BLOCKS {
        for k in 0..count {
            let i = people.len();
            // The elderly make up 特困供养; the others are of every age.
            let (from, span) = if category == TEKUN {
                (date(1930, 1, 1)?, 35 * 365)
            } else {
                (date(1940, 1, 1)?, 72 * 365)
            };
            let id_number = loop {
                let birth = from + Duration::days(rng.i64(0..span));
                let candidate =
                    id_number_in(AREA, &birth.format("%Y%m%d").to_string(), rng.u32(0..1000));
                if used.insert(candidate.clone()) {
                    break candidate;
                }
            };
            let class_one = match category {
                TEKUN => k % 3 == 0,
                JIANDANG => k % 12 == 5,
                _ => false,
            };
            let fields = checked_for(
                BeneficiaryDraft {
                    name: names.make(rng),
                    id_number,
                    category: category.into(),
                    card_no: format!("HS{:08}", i + 1),
                    unit: TOWNS[i % TOWNS.len()].into(),
                    phone: if i % 3 == 0 {
                        format!("139{:08}", (i * 7919) % 100_000_000)
                    } else {
                        String::new()
                    },
                    class_one: if class_one { "是" } else { "否" }.into(),
                    ..Default::default()
                },
                ProgramKind::Jiuzhu,
                &categories,
            )?;
            let id = beneficiaries::add_beneficiary_tx(tx, program_id, &fields, actor)?;
            let died = (category == TEKUN && k % 63 == 0 && k / 63 < DIED_2018)
                .then(|| date(2018, 2 + (k / 63) as u32 % 11, 28))
                .transpose()?;
            if let Some(d) = died {
                beneficiaries::record_status_tx(
                    tx,
                    id,
                    &StatusEvent {
                        status: Status::Deceased,
                        date: d,
                    },
                    "民政部门通报死亡",
                    actor,
                )?;
            }
            people.push(Member {
                category,
                class_one,
                died,
                listed: died.is_none() && !(category == TEKUN && k >= count - TEKUN_UNLISTED),
                tuning: category == DIBAO && k >= count - TUNING,
                frequent: match category {
                    TEKUN if (1..=FREQUENT).contains(&k) => Some((Group::Inpatient, k - 1)),
                    JIANDANG if k < FREQUENT => Some((Group::Outpatient, k)),
                    _ => None,
                },
                id_number: fields.id_number,
                id,
            });
        }
    }
    Ok(people)
}

/// 2019's 资助参保 list (each person at the category's premium) and its payment.
fn pay_premiums(
    tx: &Transaction<'_>,
    year_id: i64,
    people: &[Member],
    params: &AssistanceParams,
    date: NaiveDate,
    actor: &Actor,
) -> Result<()> {
    let rows = people
        .iter()
        .filter(|p| p.listed)
        .map(|p| {
            let category = params
                .category(p.category)
                .ok_or_else(|| bad(format!("类别「{}」没有救助参数", p.category)))?;
            Ok(NewPremium {
                beneficiary_id: p.id,
                category: p.category.into(),
                amount: category.premium,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    add_premiums_tx(tx, year_id, &rows, actor, &|_| {}, &AtomicBool::new(false))?;
    pay_premiums_tx(tx, year_id, date, PREMIUM_VOUCHER, INSURER, actor)?;
    Ok(())
}

/// A hospital index for a claim: 特困供养 stay near home, catastrophic illness goes
/// up the levels.
fn pick_hospital(rng: &mut fastrand::Rng, group: Group, category: &str) -> usize {
    let roll = rng.u32(0..100);
    let (township, county) = match (group, category) {
        (Group::Outpatient, _) => (70, 30),
        (Group::Catastrophic, _) => (0, 35),
        (_, TEKUN) => (75, 20),
        (_, JIANDANG) => (65, 28),
        _ => (60, 30),
    };
    if roll < township {
        TOWNSHIP[rng.usize(..TOWNSHIP.len())]
    } else if roll < township + county {
        COUNTY[rng.usize(..COUNTY.len())]
    } else {
        ABOVE[rng.usize(..ABOVE.len())]
    }
}

/// `x` × a random factor between `lo` and `hi` per mille.
fn share(rng: &mut fastrand::Rng, x: i64, lo: i64, hi: i64) -> i64 {
    x * rng.i64(lo..=hi) / 1000
}

/// A claim's money in 分, built up from its 政策范围内个人自付 `base`: what basic
/// insurance, catastrophic insurance and the other layer paid on top of it, then
/// 2–8 % of the bill outside the catalogue. Returns (total, 目录外, layers).
fn bill(
    rng: &mut fastrand::Rng,
    base: i64,
    group: Group,
    hospital: usize,
    other: i64,
) -> (i64, i64, [i64; 3]) {
    let level = HOSPITALS[hospital].2;
    let (basic, serious) = match (group, level) {
        (Group::Outpatient, _) => (share(rng, base, 1000, 1500), 0),
        (Group::Catastrophic, _) => (share(rng, base, 1500, 2500), share(rng, base, 300, 800)),
        (_, HospitalLevel::Township) => (share(rng, base, 4500, 7000), 0),
        (_, HospitalLevel::County) => (share(rng, base, 2200, 3200), 0),
        (_, HospitalLevel::AboveCounty) => (share(rng, base, 1200, 1800), 0),
    };
    let in_catalog = base + basic + serious + other;
    let percent = rng.i64(2..=8);
    let out = in_catalog * percent / (100 - percent);
    (in_catalog + out, out, [basic, serious, other])
}

/// A random claim's base (and other layer) in 分. 建档立卡 ordinary stays are
/// partly paid by 其他保障 (扶贫特惠保) before assistance.
fn random_base(
    rng: &mut fastrand::Rng,
    group: Group,
    category: &str,
    hospital: usize,
) -> (i64, i64) {
    let yuan = |rng: &mut fastrand::Rng, lo: i64, hi: i64| rng.i64(lo * 100..=hi * 100);
    let drawn = match (group, HOSPITALS[hospital].2) {
        (Group::Outpatient, _) => yuan(rng, 30, 170),
        // Above the 起付线, so that every claim gets something.
        (Group::Catastrophic, _) if category == JIANDANG => yuan(rng, 4_100, 9_000),
        (Group::Catastrophic, _) => yuan(rng, 1_000, 5_300),
        (_, HospitalLevel::Township) => yuan(rng, 120, 480),
        (_, HospitalLevel::County) => yuan(rng, 500, 2_000),
        (_, HospitalLevel::AboveCounty) => yuan(rng, 1_500, 6_500),
    };
    match (group, category) {
        (Group::Inpatient, JIANDANG) => {
            let base = drawn * 38 / 100;
            (base, drawn - base)
        }
        (Group::Catastrophic, JIANDANG) => (drawn, share(rng, drawn, 200, 500)),
        _ => (drawn, 0),
    }
}

/// Admission (or visit) and discharge dates within a month, discharged by the 26th.
fn stay(
    rng: &mut fastrand::Rng,
    year: i32,
    month: u32,
    group: Group,
) -> Result<(NaiveDate, Option<NaiveDate>)> {
    if group == Group::Outpatient {
        return Ok((date(year, month, rng.u32(1..=26))?, None));
    }
    let admitted = rng.u32(1..=16);
    let days = rng.u32(1..=10);
    Ok((
        date(year, month, admitted)?,
        Some(date(year, month, admitted + days)?),
    ))
}

/// A year's claims, in the order they are written (by month, then hospital), each
/// with the amount the rule gives. 2019's are topped up to [`DIRECT_2019_FEN`].
fn plan_year(
    year: i32,
    people: &[Member],
    params: &AssistanceParams,
    rng: &mut fastrand::Rng,
) -> Result<Vec<GenClaim>> {
    let last_month = if year == 2019 { 11 } else { 12 };
    let mut out = Vec::new();
    let mut pools: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        let alive = p.died.is_none_or(|d| d.year() >= year);
        let has_claims = CLAIM_PLAN.iter().any(|c| c.0 == year && c.1 == p.category);
        match p.frequent {
            _ if !alive || p.tuning => {}
            Some((group, k)) if has_claims => frequent_claims(&mut out, rng, year, (i, k), group)?,
            _ => pools.entry(p.category).or_default().push(i),
        }
    }
    let plan = CLAIM_PLAN
        .iter()
        .filter(|c| c.0 == year)
        .flat_map(|(_, category, counts)| {
            Group::ALL.iter().zip(counts).map(move |g| (category, g))
        });
    for (category, (group, count)) in plan {
        let pool = pools
            .get(category)
            .ok_or_else(|| bad(format!("类别「{category}」没有人员")))?;
        let done = out
            .iter()
            .filter(|c| c.group == *group && people[c.person].category == *category)
            .count();
        for _ in done..*count {
            let person = pool[rng.usize(..pool.len())];
            let last = people[person].died.map_or(last_month, |d| d.month());
            let month = rng.u32(1..=last);
            let hospital = pick_hospital(rng, *group, category);
            let (base, other) = random_base(rng, *group, category, hospital);
            push_claim(
                &mut out,
                rng,
                (year, month),
                (person, hospital),
                *group,
                (base, other),
            )?;
        }
    }
    let tuning: Vec<usize> = (0..people.len()).filter(|&i| people[i].tuning).collect();
    if year == 2019 {
        for (k, &person) in tuning.iter().enumerate() {
            let month = 10 + (k % 2) as u32;
            let (admitted, discharged) = stay(rng, year, month, Group::Inpatient)?;
            out.push(GenClaim {
                person,
                month,
                hospital: COUNTY[k % COUNTY.len()],
                group: Group::Inpatient,
                admitted,
                discharged,
                total: 0,
                out_of_catalog: 0,
                layers: [0; 3],
                payable: Money::ZERO,
                explanation: String::new(),
            });
        }
    }
    // The order of writing is the order of entry, which breaks ties between a
    // person's claims of the same date.
    out.sort_by_key(|c| (c.month, c.hospital));
    let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in out.iter().enumerate() {
        if !people[c.person].tuning {
            by_person.entry(c.person).or_default().push(i);
        }
    }
    for (person, claims) in &by_person {
        compute(&mut out, claims, &people[*person], params)?;
    }
    if year == 2019 {
        top_up(&mut out, people, params, rng)?;
    }
    // Every claim is an assistance given (救助人次): none is left at 0.00.
    let unpaid = out.iter().filter(|c| c.payable.is_zero()).count();
    if unpaid > 0 {
        return Err(bad(format!("{year} 年有 {unpaid} 条报账救助金额为 0")));
    }
    Ok(out)
}

/// Add a claim whose base (and other layer) is given, with a bill built around it.
fn push_claim(
    out: &mut Vec<GenClaim>,
    rng: &mut fastrand::Rng,
    (year, month): (i32, u32),
    (person, hospital): (usize, usize),
    group: Group,
    (base, other): (i64, i64),
) -> Result<()> {
    let (total, out_of_catalog, layers) = bill(rng, base, group, hospital, other);
    let (admitted, discharged) = stay(rng, year, month, group)?;
    out.push(GenClaim {
        person,
        month,
        hospital,
        group,
        admitted,
        discharged,
        total,
        out_of_catalog,
        layers,
        payable: Money::ZERO,
        explanation: String::new(),
    });
    Ok(())
}

/// The claims of the k-th frequent person: see [`FREQUENT`].
fn frequent_claims(
    out: &mut Vec<GenClaim>,
    rng: &mut fastrand::Rng,
    year: i32,
    (person, k): (usize, usize),
    group: Group,
) -> Result<()> {
    let k = k as i64;
    let (schedule, hospital, extra): (&[(u32, i64)], usize, [i64; 2]) = match group {
        Group::Inpatient => (
            &FREQUENT_STAYS,
            ABOVE[k as usize % ABOVE.len()],
            [k * 10, 0],
        ),
        _ => (
            &FREQUENT_VISITS,
            TOWNSHIP[k as usize % TOWNSHIP.len()],
            [0, k * 20],
        ),
    };
    for (n, &(month, yuan)) in schedule.iter().enumerate() {
        let more = match n {
            0 => extra[0],
            _ if n + 1 == schedule.len() => extra[1],
            _ => 0,
        };
        push_claim(
            out,
            rng,
            (year, month),
            (person, hospital),
            group,
            ((yuan + more) * 100, 0),
        )?;
    }
    Ok(())
}

/// Run the rule over one person's claims of the year and store the results.
fn compute(
    out: &mut [GenClaim],
    claims: &[usize],
    person: &Member,
    params: &AssistanceParams,
) -> Result<()> {
    let input: Vec<AssistanceClaim> = claims
        .iter()
        .map(|&i| {
            let c = &out[i];
            let (_, _, level, in_county, ..) = HOSPITALS[c.hospital];
            AssistanceClaim {
                id: i as i64,
                seq: i as i64,
                date: c.admitted,
                group: c.group,
                tier: hospital_tier(level, in_county),
                total: Money::from_fen(c.total),
                out_of_catalog: Money::from_fen(c.out_of_catalog),
                basic: Money::from_fen(c.layers[0]),
                serious: Money::from_fen(c.layers[1]),
                other: Money::from_fen(c.layers[2]),
                reduction: Money::ZERO,
            }
        })
        .collect();
    let who = Person {
        category: person.category.into(),
        class_one: person.class_one,
    };
    for (r, &i) in assist(&who, &input, params)
        .map_err(bad)?
        .into_iter()
        .zip(claims)
    {
        out[i].payable = r.pay;
        out[i].explanation = r.explanation;
    }
    Ok(())
}

/// Give the tuning claims (one per fresh 低保 person, ordinary stays at a district
/// hospital) what is left of [`DIRECT_2019_FEN`], split evenly and each under the
/// yearly cap; then check the total.
fn top_up(
    out: &mut [GenClaim],
    people: &[Member],
    params: &AssistanceParams,
    rng: &mut fastrand::Rng,
) -> Result<()> {
    let rule = params
        .category(DIBAO)
        .ok_or_else(|| bad("低保没有救助参数".into()))?
        .inpatient
        .clone();
    let tuning: Vec<usize> = (0..out.len())
        .filter(|&i| people[out[i].person].tuning)
        .collect();
    let n = tuning.len() as i64;
    let generated: i64 = out.iter().map(|c| c.payable.fen()).sum();
    let left = DIRECT_2019_FEN - generated;
    if n == 0 || left < n || left > n * rule.cap.fen() {
        return Err(bad(format!(
            "随机生成的直接救助合计 {}，余额 {} 无法由 {n} 条住院凑足",
            Money::from_fen(generated).plain(),
            Money::from_fen(left).plain()
        )));
    }
    for (k, &i) in tuning.iter().enumerate() {
        let pay = if k + 1 == tuning.len() {
            left - (n - 1) * (left / n)
        } else {
            left / n
        };
        // The base whose rounded rate is `pay`: round(pay × 100 ÷ rate).
        let base = (Decimal::from(pay) * Decimal::from(100) / rule.rate_local_percent)
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        let base = i64::try_from(base).map_err(|_| bad("补足金额过大".into()))?;
        let c = &mut out[i];
        (c.total, c.out_of_catalog, c.layers) = bill(rng, base, Group::Inpatient, c.hospital, 0);
        compute(out, &[i], &people[out[i].person], params)?;
    }
    let total: i64 = out.iter().map(|c| c.payable.fen()).sum();
    if total != DIRECT_2019_FEN {
        return Err(bad(format!(
            "直接救助合计 {}，应为 {}",
            Money::from_fen(total).plain(),
            Money::from_fen(DIRECT_2019_FEN).plain()
        )));
    }
    Ok(())
}

/// 2018's budget and quarterly appropriations, each covering the transfers of its
/// quarter rounded up to 10 万元, by date.
fn funds_2018(plan: &[GenClaim], schedule: &[(NaiveDate, NaiveDate)]) -> Result<Vec<DemoEntry>> {
    let mut quarters = [0_i64; 4];
    for c in plan {
        let (_, paid) = schedule[c.month as usize - 1];
        quarters[(paid.month0() / 3) as usize] += c.payable.fen();
    }
    const STEP: i64 = 10_000_000;
    let yuan = quarters.map(|q| (q + STEP - 1) / STEP * STEP / 100);
    let mut out = vec![(
        2018,
        EntryKind::BudgetInitial,
        "2018-01-10",
        None,
        yuan.iter().sum(),
        "益财社〔2018〕3号",
        "2018年城乡医疗救助资金年初预算",
    )];
    for (q, ((date, doc, note), yuan)) in APPROPRIATIONS_2018.into_iter().zip(yuan).enumerate() {
        out.push((
            2018,
            EntryKind::Appropriation,
            date,
            Some(q as u32 + 1),
            yuan,
            doc,
            note,
        ));
    }
    Ok(out)
}

/// When each month's reports arrive and are transferred, by month: two days before
/// the deadline, transferred ten days after it. The program's last month of the
/// year (December 2018, November 2019) is settled early, before the books close.
fn schedule(tx: &Transaction<'_>, year: i32) -> Result<Vec<(NaiveDate, NaiveDate)>> {
    let calendar = crate::store::calendar::load_calendar(tx)?;
    (1..=12)
        .map(|month| match (year, month) {
            (2018, 12) => Ok((date(2018, 12, 27)?, date(2018, 12, 28)?)),
            (2019, 11) => Ok((date(2019, 11, 28)?, date(2019, 11, 29)?)),
            _ => {
                let deadline = calendar
                    .report_deadline(year, month)
                    .ok_or_else(|| bad(format!("月份 {year}-{month}")))?;
                Ok((deadline - Duration::days(2), deadline + Duration::days(10)))
            }
        })
        .collect()
}

/// Write one month: each hospital's report (received on time), its claims already
/// audited 通过, approved and transferred, one voucher a hospital.
#[allow(clippy::too_many_arguments)]
fn write_month(
    tx: &Transaction<'_>,
    (program_id, hospital_ids): (i64, &[i64]),
    (month, received, paid): (Month, NaiveDate, NaiveDate),
    voucher: &mut u32,
    people: &[Member],
    claims: &[GenClaim],
    layers: &[String],
    actor: &Actor,
) -> Result<()> {
    let mut bills = 0;
    for hospital_claims in claims.chunk_by(|a, b| a.hospital == b.hospital) {
        let h = hospital_claims[0].hospital;
        let report = claims::open_report_tx(
            tx,
            program_id,
            hospital_ids[h],
            month,
            Some(received),
            actor,
        )?;
        let mut batch = Vec::with_capacity(hospital_claims.len());
        for c in hospital_claims {
            bills += 1;
            let inpatient = c.group != Group::Outpatient;
            let person = &people[c.person];
            let input = ClaimInput {
                id_number: person.id_number.clone(),
                visit_type: if inpatient {
                    VisitType::Inpatient
                } else {
                    VisitType::Outpatient
                },
                visit_date: c.admitted,
                discharge_date: c.discharged,
                total: Money::from_fen(c.total),
                out_of_catalog: Money::from_fen(c.out_of_catalog),
                bill_no: format!(
                    "{}{}{:02}{bills:05}",
                    if inpatient { "ZY" } else { "MZ" },
                    month.year,
                    month.month
                ),
                other_layers: layers
                    .iter()
                    .zip(c.layers)
                    .map(|(layer, fen)| LayerPayment {
                        layer: layer.clone(),
                        amount: Money::from_fen(fen),
                    })
                    .collect(),
                catastrophic: c.group == Group::Catastrophic,
            };
            let payable = Payable {
                amount: c.payable,
                explanation: c.explanation.clone(),
            };
            batch.push((person.id, input, payable));
        }
        claims::bulk_insert_generated_claims_tx(tx, report.id, hospital_ids[h], &batch, actor)?;
        claims::approve_report_tx(tx, report.id, actor)?;
        *voucher += 1;
        posting::mark_paid_tx(
            tx,
            report.id,
            &format!("记-{}-{:03}", paid.format("%Y-%m"), *voucher),
            paid,
            actor,
        )?;
    }
    Ok(())
}
