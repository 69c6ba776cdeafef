//! The large speed-test data set: 100,000 people, 50 hospitals and 1,000,000
//! claims over ten years.

use crate::domain::Money;
use crate::domain::beneficiary::BeneficiaryDraft;
use crate::domain::claim::{ClaimInput, Month, VisitType};
use crate::domain::hospital::{Hospital, HospitalLevel};
use crate::domain::program::{ProgramKind, YearParams};
use crate::store::programs::{self, NewProgram};
use crate::store::{
    Actor, Result, Store, StoreError, Transaction, beneficiaries, claims, evaluation, hospitals,
    posting,
};

use super::lixiu_indicators::indicators_2021;
use super::{Crew, LIXIU_CODE, NameMaker, checked, credit_code, demo_id_number};

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
    store.write(|tx| {
        load_large_tx(tx, actor, progress)?;
        super::add_demo_users_tx(tx, actor)
    })?;
    super::put_demo_slots(store)
}

fn load_large_tx(tx: &Transaction<'_>, actor: &Actor, progress: &dyn Fn(usize)) -> Result<()> {
    let crew = Crew::new();
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
                &crew.clerk,
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
            claims::bulk_insert_generated_claims_tx(
                tx,
                report.id,
                *hospital_id,
                &batch,
                (&crew.clerk, &crew.auditor),
            )?;
            written += n;
            // December 2021 waits for review; every other month is approved and paid.
            if mi + 1 < months.len() {
                claims::approve_report_tx(tx, report.id, &crew.leader)?;
                voucher += 1;
                posting::mark_paid_tx(
                    tx,
                    report.id,
                    &format!("记-{voucher:06}"),
                    deadline + chrono::Duration::days(10),
                    &crew.finance,
                )?;
            }
        }
        progress(written);
    }
    Ok(())
}
