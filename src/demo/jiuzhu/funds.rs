//! The 医疗救助 demo's money: 2019's 资助参保 payment and 2018's budget and
//! quarterly appropriations.

use std::sync::atomic::AtomicBool;

use chrono::{Datelike, NaiveDate};

use super::{APPROPRIATIONS_2018, GenClaim, INSURER, Member, PREMIUM_VOUCHER, bad};
use crate::demo::Crew;
use crate::demo::DemoEntry;
use crate::domain::assistance::AssistanceParams;
use crate::domain::fund::EntryKind;
use crate::store::assistance::{NewPremium, add_premiums_tx};
use crate::store::posting::pay_premiums_tx;
use crate::store::{Result, Transaction};

/// 2019's 资助参保 list (each person at the category's premium) and its payment.
pub(super) fn pay_premiums(
    tx: &Transaction<'_>,
    year_id: i64,
    people: &[Member],
    params: &AssistanceParams,
    date: NaiveDate,
    crew: &Crew,
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
    add_premiums_tx(
        tx,
        year_id,
        &rows,
        &crew.clerk,
        &|_| {},
        &AtomicBool::new(false),
    )?;
    pay_premiums_tx(tx, year_id, date, PREMIUM_VOUCHER, INSURER, &crew.finance)?;
    Ok(())
}

/// 2018's budget and quarterly appropriations, each covering the transfers of its
/// quarter rounded up to 10 万元, by date.
pub(super) fn funds_2018(
    plan: &[GenClaim],
    schedule: &[(NaiveDate, NaiveDate)],
) -> Result<Vec<DemoEntry>> {
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
