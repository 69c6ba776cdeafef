//! The 医疗救助 demo's roster: every person checked as an import would check them.

use std::collections::HashSet;

use chrono::Duration;

use super::{AREA, BLOCKS, DIED_2018, FREQUENT, Member, TEKUN_UNLISTED, TOWNS, TUNING, date};
use crate::demo::{NameMaker, checked_for, id_number_in};
use crate::domain::assistance::{DIBAO, Group, JIANDANG, TEKUN};
use crate::domain::beneficiary::{BeneficiaryDraft, Status, StatusEvent};
use crate::domain::program::{ProgramKind, YearParams};
use crate::store::{Actor, Result, Transaction, beneficiaries};

/// The roster: every person checked as an import would check them; the 2018 deaths
/// get their 死亡 row.
pub(super) fn load_roster(
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
