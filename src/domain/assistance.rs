//! 医疗救助: how much assistance each of a person's claims gets in a year.
//!
//! - A claim belongs to one of three groups: 普通住院, 重特大疾病住院 or 门诊. Each
//!   group has its own yearly deductible (起付线), rate and cap (年度限额) per
//!   category.
//! - base (政策范围内个人自付) = max(0, 总费用 − 目录外费用 − 基本医保支付 −
//!   大病保险支付 − 其他保障支付).
//! - Within a group the claims are taken by date (入院日期 or 就诊日期), then by
//!   entry sequence. Each claim uses what is left of the group's deductible, then
//!   pays (base − deductible) × rate, rounded half away from zero to 0.01, up to
//!   what is left of the group's cap.
//! - 一类对象 have no deductible.
//! - Each claim uses the 救助身份 valid on its date ([`assist_dated`], see
//!   [`super::identity`]); a group's 起付线 used and amount paid carry across a
//!   change of identity.
//! - A claim counts against the cap at what is paid after audit: its amount less
//!   the 核减 (a 拒付 claim is not in the list at all). The deductible a claim used
//!   stays as the rule computed it: a 核减 cuts the payment, not the bill.
//!
//! [`assist`] always takes all of one person's claims for the year, so deleting or
//! changing a claim is handled by calling it again: later claims get the
//! deductible and cap room back.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Money;
use super::dates::iso;
use super::identity::{IdentitySpan, NO_IDENTITY, identity_on};

/// 特困供养人员.
pub const TEKUN: &str = "特困供养";
/// 低保对象.
pub const DIBAO: &str = "低保";
/// 低收入家庭成员.
pub const DISHOURU: &str = "低收入";
/// 建档立卡贫困人口.
pub const JIANDANG: &str = "建档立卡贫困人口";
/// 其他特殊困难人员.
pub const QITA: &str = "其他特殊困难";

/// The categories of the demo parameters, in display order.
pub const CATEGORIES: [&str; 5] = [TEKUN, DIBAO, DISHOURU, JIANDANG, QITA];

/// The other protection layers of the demo parameters, in paying order. A claims
/// file has a column 「{layer}支付」 for each.
pub const SEED_LAYERS: [&str; 3] = ["基本医保", "大病保险", "其他保障"];

pub use super::program::CategoryParams;

/// Which yearly deductible and cap a claim counts against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// 普通住院.
    Inpatient,
    /// 重特大疾病住院 (重特大疾病 = 是).
    Catastrophic,
    /// 门诊.
    Outpatient,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Inpatient, Group::Catastrophic, Group::Outpatient];

    /// The name a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            Group::Inpatient => "普通住院",
            Group::Catastrophic => "重特大疾病住院",
            Group::Outpatient => "门诊",
        }
    }
}

impl Group {
    /// The yearly 起付线 and cap a claim of the group counts against. Today each
    /// group is its own; a pool of groups would answer here.
    pub fn ledger(self) -> Ledger {
        Ledger(self)
    }
}

/// What a person's claims share in a year: what they absorbed of the 起付线 and
/// what was paid toward the cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ledger(Group);

/// The level of the hospital; it sets the rate of an ordinary inpatient claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HospitalTier {
    /// 乡镇 or 县级 hospitals.
    TownshipOrCounty,
    /// 县级以上 or out-of-county hospitals.
    AboveCountyOrOutside,
}

impl HospitalTier {
    /// The name a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            HospitalTier::TownshipOrCounty => "乡镇/县级",
            HospitalTier::AboveCountyOrOutside => "县级以上/县外",
        }
    }
}

/// Deductible, rate and cap of one group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupParams {
    /// Yearly 起付线.
    pub deductible: Money,
    /// 救助比例 in percent, e.g. 70 for 70%.
    pub rate_percent: Decimal,
    /// Yearly 救助限额.
    pub cap: Money,
}

/// Ordinary inpatient parameters: the rate depends on the hospital tier.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InpatientParams {
    /// Yearly 起付线.
    pub deductible: Money,
    /// Rate in percent at 乡镇 / 县级 hospitals.
    pub rate_local_percent: Decimal,
    /// Rate in percent at 县级以上 / out-of-county hospitals.
    pub rate_above_percent: Decimal,
    /// Yearly 救助限额.
    pub cap: Money,
}

impl CategoryParams {
    /// The deductible, rate and cap that apply to a claim of `group` at `tier`.
    pub fn for_claim(&self, group: Group, tier: HospitalTier) -> GroupParams {
        match group {
            Group::Inpatient => GroupParams {
                deductible: self.inpatient.deductible,
                rate_percent: match tier {
                    HospitalTier::TownshipOrCounty => self.inpatient.rate_local_percent,
                    HospitalTier::AboveCountyOrOutside => self.inpatient.rate_above_percent,
                },
                cap: self.inpatient.cap,
            },
            Group::Catastrophic => self.catastrophic.clone(),
            Group::Outpatient => self.outpatient.clone(),
        }
    }
}

/// The assistance parameters of one year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssistanceParams {
    pub year: i32,
    pub categories: Vec<CategoryParams>,
}

impl AssistanceParams {
    /// The demo parameters of 2019.
    pub fn seed_2019() -> Self {
        let categories = CATEGORIES
            .iter()
            .map(|&category| {
                let (premium, catastrophic_deductible, catastrophic_rate) = match category {
                    TEKUN => (Money::from_yuan(220), Money::ZERO, 70),
                    DIBAO => (Money::from_yuan(150), Money::ZERO, 70),
                    DISHOURU => (Money::ZERO, Money::ZERO, 60),
                    JIANDANG => (Money::from_yuan(150), Money::from_yuan(4_000), 50),
                    _ => (Money::ZERO, Money::ZERO, 50),
                };
                CategoryParams {
                    category: category.to_owned(),
                    quota: Money::ZERO,
                    premium,
                    inpatient: InpatientParams {
                        deductible: Money::ZERO,
                        rate_local_percent: Decimal::from(70),
                        rate_above_percent: Decimal::from(50),
                        cap: Money::from_yuan(10_000),
                    },
                    catastrophic: GroupParams {
                        deductible: catastrophic_deductible,
                        rate_percent: Decimal::from(catastrophic_rate),
                        cap: Money::from_yuan(50_000),
                    },
                    outpatient: GroupParams {
                        deductible: Money::ZERO,
                        rate_percent: Decimal::from(50),
                        cap: Money::from_yuan(1_000),
                    },
                }
            })
            .collect();
        Self {
            year: 2019,
            categories,
        }
    }

    /// The parameters of a category, if it has any.
    pub fn category(&self, name: &str) -> Option<&CategoryParams> {
        self.categories.iter().find(|c| c.category == name)
    }
}

/// What the rule needs to know of a person with one 救助类别 for the whole year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub category: String,
    /// 一类对象: no deductible in any group.
    pub class_one: bool,
}

/// What the rule needs to know of a person whose identity may change in the year
/// (see [`super::identity`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedPerson {
    /// Every identity row of the person, in any order.
    pub identities: Vec<IdentitySpan>,
    /// 一类对象: no deductible in any group.
    pub class_one: bool,
}

impl From<&Person> for DatedPerson {
    fn from(p: &Person) -> Self {
        Self {
            identities: vec![IdentitySpan::from_start(&p.category)],
            class_one: p.class_one,
        }
    }
}

/// One 救助 claim (a hospital stay or an outpatient visit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssistanceClaim {
    pub id: i64,
    /// Entry order: breaks ties between claims of the same date.
    pub seq: i64,
    /// 入院日期 or 就诊日期.
    pub date: NaiveDate,
    pub group: Group,
    /// Only used by [`Group::Inpatient`].
    pub tier: HospitalTier,
    /// 总费用.
    pub total: Money,
    /// 目录外费用.
    pub out_of_catalog: Money,
    /// 基本医保支付.
    pub basic: Money,
    /// 大病保险支付.
    pub serious: Money,
    /// 其他保障支付.
    pub other: Money,
    /// 核减 taken off in audit (zero before audit or when passed).
    pub reduction: Money,
}

impl AssistanceClaim {
    /// 政策范围内个人自付: never negative.
    pub fn base(&self) -> Money {
        (self.total - self.out_of_catalog - self.basic - self.serious - self.other).max(Money::ZERO)
    }
}

/// The computed assistance of one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assisted {
    pub id: i64,
    /// 政策范围内个人自付.
    pub base: Money,
    /// The part of the group's 起付线 this claim used.
    pub deductible: Money,
    /// (base − deductible) × rate, rounded, before the cap.
    pub raw: Money,
    /// What the group had paid in the year before this claim, after audit.
    pub paid_before: Money,
    /// 救助金额: what is paid.
    pub pay: Money,
    /// How `pay` was reached, for the clerk.
    pub explanation: String,
}

/// Compute every claim of one person for one year. `claims` may come in any
/// order; the result follows the order of `claims`. Errors (in Chinese) for a
/// category without parameters or a repeated claim id.
pub fn assist(
    person: &Person,
    claims: &[AssistanceClaim],
    params: &AssistanceParams,
) -> Result<Vec<Assisted>, String> {
    assist_dated(&DatedPerson::from(person), claims, params)
}

/// [`assist`] for a person whose identity may change in the year: each claim uses
/// the identity valid on its date (the year's category order breaks a tie) and
/// that identity's 起付线, rate and cap. What a group has absorbed of its 起付线
/// and paid in the year counts across identities: a claim after a change uses
/// what is left of the new identity's 起付线 and cap after everything before it
/// (e.g. 1,000 of 起付线 used under a 3,000 one leaves 500 of a 1,500 one).
/// When the person holds more than one identity, each explanation names the one
/// used. Errors (in Chinese) for a claim dated when no identity is valid
/// ([`NO_IDENTITY`]), an identity without parameters, or a repeated claim id.
pub fn assist_dated(
    person: &DatedPerson,
    claims: &[AssistanceClaim],
    params: &AssistanceParams,
) -> Result<Vec<Assisted>, String> {
    let mut seen = HashSet::new();
    if let Some(c) = claims.iter().find(|c| !seen.insert(c.id)) {
        return Err(format!("救助记录编号 {} 重复", c.id));
    }
    let category_order: Vec<&str> = params
        .categories
        .iter()
        .map(|c| c.category.as_str())
        .collect();
    let distinct: HashSet<&str> = person
        .identities
        .iter()
        .map(|s| s.identity.as_str())
        .collect();
    let name_identity = distinct.len() > 1;

    let mut order: Vec<&AssistanceClaim> = claims.iter().collect();
    order.sort_by_key(|c| (c.date, c.seq, c.id));

    // Per ledger: deductible used so far and amount paid so far.
    let mut used: HashMap<Ledger, (Money, Money)> = HashMap::new();
    let mut results: HashMap<i64, Assisted> = HashMap::with_capacity(claims.len());
    for claim in order {
        let identity = identity_on(&person.identities, claim.date, &category_order)
            .ok_or_else(|| format!("{NO_IDENTITY}（就诊日期 {}）", iso(claim.date)))?;
        let category = params
            .category(identity)
            .ok_or_else(|| format!("救助类别「{identity}」没有 {} 年度的救助参数", params.year))?;
        let group = category.for_claim(claim.group, claim.tier);
        let deductible_total = if person.class_one {
            Money::ZERO
        } else {
            group.deductible
        };
        let (deductible_used, paid_before) = used.entry(claim.group.ledger()).or_default();
        let base = claim.base();
        let deductible = base.min((deductible_total - *deductible_used).max(Money::ZERO));
        let raw = (base - deductible).times_percent(group.rate_percent);
        let room = (group.cap - *paid_before).max(Money::ZERO);
        let pay = raw.min(room);
        let text = explain(
            base,
            deductible,
            group.rate_percent,
            raw,
            *paid_before,
            group.cap,
            pay,
        );
        let explanation = if name_identity {
            format!("按「{identity}」：{text}")
        } else {
            text
        };
        results.insert(
            claim.id,
            Assisted {
                id: claim.id,
                base,
                deductible,
                raw,
                paid_before: *paid_before,
                pay,
                explanation,
            },
        );
        *deductible_used = *deductible_used + deductible;
        *paid_before = *paid_before + (pay - claim.reduction).max(Money::ZERO);
    }
    Ok(claims
        .iter()
        .filter_map(|c| results.remove(&c.id))
        .collect())
}

/// E.g. `自付 12000.00 − 起付线 4000.00 = 8000.00 × 50% = 4000.00（年度已救助
/// 46000.00，限额 50000.00）`, with `，受限额控制实付 …` when the cap cut the amount.
fn explain(
    base: Money,
    deductible: Money,
    rate_percent: Decimal,
    raw: Money,
    paid_before: Money,
    cap: Money,
    pay: Money,
) -> String {
    let mut text = format!("自付 {}", base.plain());
    if !deductible.is_zero() {
        text.push_str(&format!(
            " − 起付线 {} = {}",
            deductible.plain(),
            (base - deductible).plain()
        ));
    }
    text.push_str(&format!(
        " × {}% = {}（年度已救助 {}，限额 {}）",
        rate_percent.normalize(),
        raw.plain(),
        paid_before.plain(),
        cap.plain()
    ));
    if pay < raw {
        text.push_str(&format!("，受限额控制实付 {}", pay.plain()));
    }
    text
}

#[cfg(test)]
mod tests;
