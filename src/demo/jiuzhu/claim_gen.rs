//! The 医疗救助 demo's claims: each person's year planned, computed with the
//! assistance rule, and written month by month as audited, approved and
//! transferred hospital-months.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::{
    ABOVE, CLAIM_PLAN, COUNTY, DIRECT_2019_FEN, FREQUENT_STAYS, FREQUENT_VISITS, GenClaim,
    HOSPITALS, Member, TOWNSHIP, bad, date,
};
use crate::demo::Crew;
use crate::domain::Money;
use crate::domain::assistance::{
    AssistanceClaim, AssistanceParams, DIBAO, Group, JIANDANG, Person, TEKUN, assist,
};
use crate::domain::claim::{ClaimInput, Month, VisitType};
use crate::domain::hospital::HospitalLevel;
use crate::domain::rules::{LayerPayment, Payable};
use crate::store::assistance::hospital_tier;
use crate::store::claims::{self};
use crate::store::posting::{self};
use crate::store::{Result, Transaction};

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
pub(super) fn plan_year(
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

/// When each month's reports arrive and are transferred, by month: two days before
/// the deadline, transferred ten days after it. The program's last month of the
/// year (December 2018, November 2019) is settled early, before the books close.
pub(super) fn schedule(tx: &Transaction<'_>, year: i32) -> Result<Vec<(NaiveDate, NaiveDate)>> {
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
pub(super) fn write_month(
    tx: &Transaction<'_>,
    (program_id, hospital_ids): (i64, &[i64]),
    (month, received, paid): (Month, NaiveDate, NaiveDate),
    voucher: &mut u32,
    people: &[Member],
    claims: &[GenClaim],
    layers: &[String],
    crew: &Crew,
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
            &crew.clerk,
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
        claims::bulk_insert_generated_claims_tx(
            tx,
            report.id,
            hospital_ids[h],
            &batch,
            (&crew.clerk, &crew.auditor),
        )?;
        claims::approve_report_tx(tx, report.id, &crew.leader)?;
        *voucher += 1;
        posting::mark_paid_tx(
            tx,
            report.id,
            &format!("记-{}-{:03}", paid.format("%Y-%m"), *voucher),
            paid,
            &crew.finance,
        )?;
    }
    Ok(())
}
