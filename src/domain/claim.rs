//! Claims (报账明细): one hospital bill of one beneficiary, checked before it is
//! stored, and the audit decision on it.

use chrono::{Datelike, NaiveDate};

use super::Money;
use super::dates::{iso, parse_date};
use super::money::MoneyError;
use super::rules::{AmountError, ClaimAmounts, LayerPayment};

/// 住院 / 门诊.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VisitType {
    Inpatient,
    Outpatient,
}

impl VisitType {
    pub fn label(self) -> &'static str {
        match self {
            VisitType::Inpatient => "住院",
            VisitType::Outpatient => "门诊",
        }
    }

    pub fn from_label(text: &str) -> Option<Self> {
        match text.trim() {
            "住院" => Some(VisitType::Inpatient),
            "门诊" | "门诊就诊" => Some(VisitType::Outpatient),
            _ => None,
        }
    }
}

/// A calendar month, e.g. 2021-09.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// Parse `YYYY-MM` (also `YYYY/MM`, `YYYY年M月`).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().trim_end_matches('月');
        let (y, m) = t.split_once(['-', '/', '年', '.'])?;
        let month = Month {
            year: y.trim().parse().ok()?,
            month: m.trim().parse().ok()?,
        };
        month.first_day().map(|_| month)
    }

    pub fn of(date: NaiveDate) -> Self {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Month::of(date) == self
    }

    /// `2021-09`, as stored.
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `2021年9月`, as shown.
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

/// Field labels, which are also the import columns.
pub const ID_NUMBER: &str = "身份证号";
pub const NAME: &str = "姓名";
pub const VISIT_TYPE: &str = "就诊类型";
pub const VISIT_DATE: &str = "就诊日期";
pub const DISCHARGE_DATE: &str = "出院日期";
pub const TOTAL: &str = "医疗总费用";
pub const OUT_OF_CATALOG: &str = "目录外费用";
pub const BILL_NO: &str = "票据号";
/// The field of an other layer's payment; messages name the layer itself.
pub const OTHER_LAYER: &str = "其他保障支付";
pub const CATASTROPHIC: &str = "重特大疾病";

/// Why a visit cannot be 重特大疾病: the group is for stays only.
pub const CATASTROPHIC_OUTPATIENT: &str = "门诊不能标为重特大疾病（只用于住院）";

/// The columns of a file of 审核结论 (`medfund audit`).
pub const AUDIT_CONCLUSION: &str = "审核结论";
pub const AUDIT_REDUCTION: &str = "核减金额";
pub const AUDIT_REASON: &str = "审核意见";

/// The field and file column of what another protection layer paid on a bill,
/// e.g. 「基本医保支付」: the same in the claim form, the claims import and the
/// claims detail export, so an exported file imports back.
pub fn layer_paid_header(layer: &str) -> String {
    format!("{layer}支付")
}

/// One problem with one field of a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimFieldError {
    /// The form field and import column, e.g. 「医疗总费用」 or 「基本医保支付」.
    pub field: String,
    pub value: String,
    pub message: String,
}

/// A claim as typed or imported, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimDraft {
    pub id_number: String,
    pub visit_type: String,
    pub visit_date: String,
    pub discharge_date: String,
    pub total: String,
    pub out_of_catalog: String,
    pub bill_no: String,
    /// (layer, amount as typed) for each of the program-year's other layers.
    pub other_layers: Vec<(String, String)>,
    /// 重特大疾病 as typed: 是 / 否 (empty is 否); 医疗救助 inpatient stays only.
    pub catastrophic: String,
}

/// A claim whose fields are each well-formed and fit the report's month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimInput {
    pub id_number: String,
    pub visit_type: VisitType,
    pub visit_date: NaiveDate,
    pub discharge_date: Option<NaiveDate>,
    pub total: Money,
    pub out_of_catalog: Money,
    pub bill_no: String,
    /// What the other protection layers paid, in the program's order.
    pub other_layers: Vec<LayerPayment>,
    /// 重特大疾病住院 (医疗救助).
    pub catastrophic: bool,
}

fn money_field(
    field: &'static str,
    text: &str,
    errors: &mut Vec<ClaimFieldError>,
) -> Option<Money> {
    let text = text.trim();
    let text = if text.is_empty() && field != TOTAL {
        "0"
    } else {
        text
    };
    match Money::parse_non_negative(text) {
        Ok(m) => Some(m),
        Err(e) => {
            let message = match e {
                MoneyError::NotANumber if text.is_empty() => format!("{field}不能为空"),
                MoneyError::Negative => format!("{field}不能为负数"),
                MoneyError::TooManyDecimals => format!("{field}最多保留 2 位小数"),
                other => format!("{field}{other}"),
            };
            errors.push(ClaimFieldError {
                field: field.into(),
                value: text.to_owned(),
                message,
            });
            None
        }
    }
}

impl ClaimDraft {
    /// Check every field against itself and the report's `month`; all problems are
    /// returned. Whether the person is 在册 and the bill number unused is the store's
    /// check, as it needs the records.
    pub fn validate(&self, month: Month) -> Result<ClaimInput, Vec<ClaimFieldError>> {
        let mut errors = Vec::new();
        let mut err = |field: &'static str, value: &str, message: String| {
            errors.push(ClaimFieldError {
                field: field.into(),
                value: value.to_owned(),
                message,
            })
        };
        let id_number = self.id_number.trim().to_uppercase();
        if id_number.is_empty() {
            err(ID_NUMBER, &self.id_number, "身份证号不能为空".into());
        }
        let visit_type = VisitType::from_label(&self.visit_type);
        if visit_type.is_none() {
            err(
                VISIT_TYPE,
                &self.visit_type,
                "就诊类型只能是 住院 或 门诊".into(),
            );
        }
        let visit_date = parse_date(&self.visit_date);
        match visit_date {
            None => err(VISIT_DATE, &self.visit_date, "不是有效日期".into()),
            Some(d) if visit_type == Some(VisitType::Outpatient) && !month.contains(d) => err(
                VISIT_DATE,
                &self.visit_date,
                format!("就诊日期 {} 不在报账月份 {} 内", iso(d), month.label()),
            ),
            _ => {}
        }
        let discharge_date = if self.discharge_date.trim().is_empty() {
            None
        } else {
            match parse_date(&self.discharge_date) {
                Some(d) => Some(d),
                None => {
                    err(DISCHARGE_DATE, &self.discharge_date, "不是有效日期".into());
                    None
                }
            }
        };
        if visit_type == Some(VisitType::Inpatient) {
            match (visit_date, discharge_date) {
                (_, None) if self.discharge_date.trim().is_empty() => {
                    err(DISCHARGE_DATE, "", "住院必须填写出院日期".into())
                }
                (Some(a), Some(d)) if d < a => err(
                    DISCHARGE_DATE,
                    &self.discharge_date,
                    format!("出院日期 {} 早于入院日期 {}", iso(d), iso(a)),
                ),
                // An inpatient stay belongs to the month of discharge.
                (_, Some(d)) if !month.contains(d) => err(
                    DISCHARGE_DATE,
                    &self.discharge_date,
                    format!("出院日期 {} 不在报账月份 {} 内", iso(d), month.label()),
                ),
                _ => {}
            }
        }
        let total = money_field(TOTAL, &self.total, &mut errors);
        let out_of_catalog = money_field(OUT_OF_CATALOG, &self.out_of_catalog, &mut errors);
        if let (Some(t), Some(o)) = (total, out_of_catalog)
            && o > t
        {
            errors.push(ClaimFieldError {
                field: OUT_OF_CATALOG.into(),
                value: self.out_of_catalog.trim().to_owned(),
                message: format!("目录外费用 {} 大于医疗总费用 {}", o.plain(), t.plain()),
            });
        }
        let mut other_layers = Vec::new();
        for (layer, text) in &self.other_layers {
            let before = errors.len();
            match money_field(OTHER_LAYER, text, &mut errors) {
                Some(amount) => other_layers.push(LayerPayment {
                    layer: layer.clone(),
                    amount,
                }),
                None => {
                    // Name the layer's field and column, not the generic one.
                    for e in &mut errors[before..] {
                        e.field = layer_paid_header(layer);
                        e.message = e.message.replacen(OTHER_LAYER, layer, 1);
                    }
                }
            }
        }
        if let (Some(t), Some(o)) = (total, out_of_catalog) {
            let amounts = ClaimAmounts {
                total: t,
                out_of_catalog: o,
                other_layers: other_layers.clone(),
            };
            if let Err(e @ AmountError::LayersAboveTotal { .. }) = amounts.check() {
                let (fields, values): (Vec<String>, Vec<String>) = amounts
                    .paying_layers()
                    .map(|l| (layer_paid_header(&l.layer), l.amount.plain()))
                    .unzip();
                errors.push(ClaimFieldError {
                    field: fields.join("、"),
                    value: values.join("、"),
                    message: e.to_string(),
                });
            }
        }
        let catastrophic = super::parse_yes_no(&self.catastrophic);
        match catastrophic {
            None => errors.push(ClaimFieldError {
                field: CATASTROPHIC.into(),
                value: self.catastrophic.clone(),
                message: "重特大疾病只能填 是 或 否".into(),
            }),
            Some(true) if visit_type == Some(VisitType::Outpatient) => {
                errors.push(ClaimFieldError {
                    field: CATASTROPHIC.into(),
                    value: self.catastrophic.clone(),
                    message: CATASTROPHIC_OUTPATIENT.into(),
                })
            }
            _ => {}
        }
        let bill_no = self.bill_no.trim().to_owned();
        if bill_no.is_empty() {
            errors.push(ClaimFieldError {
                field: BILL_NO.into(),
                value: String::new(),
                message: "票据号不能为空".into(),
            });
        }
        match (visit_type, visit_date, total, out_of_catalog) {
            (Some(visit_type), Some(visit_date), Some(total), Some(out_of_catalog))
                if errors.is_empty() =>
            {
                Ok(ClaimInput {
                    id_number,
                    visit_type,
                    visit_date,
                    discharge_date: if visit_type == VisitType::Inpatient {
                        discharge_date
                    } else {
                        None
                    },
                    total,
                    out_of_catalog,
                    bill_no,
                    other_layers,
                    catastrophic: catastrophic == Some(true),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The audit decision on a claim (费用审核).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditDecision {
    /// 待审.
    Pending,
    /// 通过.
    Passed,
    /// 核减: the amount taken off, and why.
    Reduced { amount: Money, reason: String },
    /// 拒付, and why.
    Refused { reason: String },
}

impl AuditDecision {
    pub fn label(&self) -> &'static str {
        match self {
            AuditDecision::Pending => "待审",
            AuditDecision::Passed => "通过",
            AuditDecision::Reduced { .. } => "核减",
            AuditDecision::Refused { .. } => "拒付",
        }
    }

    /// The amount payable after this decision, from the rule's `payable`; nothing is
    /// payable before audit.
    pub fn payable_after(&self, payable: Money) -> Money {
        match self {
            AuditDecision::Pending | AuditDecision::Refused { .. } => Money::ZERO,
            AuditDecision::Passed => payable,
            AuditDecision::Reduced { amount, .. } => (payable - *amount).max(Money::ZERO),
        }
    }

    /// A decision as a file of 审核结论 writes it: 审核结论 通过 / 核减 / 拒付, the
    /// 核减金额 (for 核减) and the 审核意见 (for 核减 and 拒付). The error names the
    /// field at fault, its value and why. Whether the amount fits the claim is
    /// [`AuditDecision::check`]'s.
    pub fn from_row(
        conclusion: &str,
        reduction: &str,
        reason: &str,
    ) -> Result<Self, ClaimFieldError> {
        let fault = |field: &str, value: &str, message: &str| ClaimFieldError {
            field: field.into(),
            value: value.trim().to_owned(),
            message: message.into(),
        };
        let reason = reason.trim().to_owned();
        match conclusion.trim() {
            "通过" => Ok(AuditDecision::Passed),
            "核减" => {
                let amount = Money::parse_non_negative(reduction.trim())
                    .ok()
                    .filter(|m| !m.is_zero())
                    .ok_or_else(|| {
                        fault(AUDIT_REDUCTION, reduction, "核减金额必须是大于 0 的金额")
                    })?;
                if reason.is_empty() {
                    return Err(fault(AUDIT_REASON, "", "核减必须填写审核意见"));
                }
                Ok(AuditDecision::Reduced { amount, reason })
            }
            "拒付" if reason.is_empty() => Err(fault(AUDIT_REASON, "", "拒付必须填写审核意见")),
            "拒付" => Ok(AuditDecision::Refused { reason }),
            other => Err(fault(
                AUDIT_CONCLUSION,
                other,
                "审核结论只能是 通过、核减 或 拒付",
            )),
        }
    }

    /// The 核减 taken off (zero unless reduced).
    pub fn reduction(&self) -> Money {
        match self {
            AuditDecision::Reduced { amount, .. } => *amount,
            _ => Money::ZERO,
        }
    }

    /// A reduction must be positive and not above the payable amount; 核减 and 拒付
    /// need a reason.
    pub fn check(&self, payable: Money) -> Result<(), String> {
        match self {
            AuditDecision::Reduced { amount, reason } => {
                if amount.is_negative() || amount.is_zero() {
                    Err("核减金额必须大于 0".into())
                } else if *amount > payable {
                    Err(format!(
                        "核减金额 {} 大于应付金额 {}",
                        amount.plain(),
                        payable.plain()
                    ))
                } else if reason.trim().is_empty() {
                    Err("核减必须填写原因".into())
                } else {
                    Ok(())
                }
            }
            AuditDecision::Refused { reason } if reason.trim().is_empty() => {
                Err("拒付必须填写原因".into())
            }
            _ => Ok(()),
        }
    }
}

/// The median of some amounts (the mean of the middle two for an even count).
pub fn median(amounts: &[Money]) -> Option<Money> {
    let mut v: Vec<i64> = amounts.iter().map(|m| m.fen()).collect();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(Money::from_fen(v[n / 2])),
        _ => Some(Money::from_fen((v[n / 2 - 1] + v[n / 2]) / 2)),
    }
}

/// How many times the person's median a claim may reach before it is flagged.
pub const OUTLIER_FACTOR: i64 = 10;

/// A warning (never a refusal) when a claim is over 10× the person's median claim;
/// at least three earlier claims are needed for a median worth comparing with.
pub fn outlier_warning(total: Money, earlier: &[Money]) -> Option<String> {
    if earlier.len() < 3 {
        return None;
    }
    let m = median(earlier)?;
    (total.fen() > m.fen().saturating_mul(OUTLIER_FACTOR)).then(|| {
        format!(
            "医疗总费用 {} 超过该人以往报账中位数 {} 的 {OUTLIER_FACTOR} 倍，请核实",
            total.plain(),
            m.plain()
        )
    })
}

/// 抽查: pick claims for individual review — every claim whose total is at least
/// `threshold`, plus a random `percent` of the rest (at least one when any remain
/// and `percent` > 0). `seed` makes the pick repeatable.
pub fn spot_check(
    claims: &[(i64, Money)],
    percent: u32,
    threshold: Option<Money>,
    seed: u64,
) -> Vec<i64> {
    let mut picked: Vec<i64> = claims
        .iter()
        .filter(|(_, total)| threshold.is_some_and(|t| *total >= t))
        .map(|(id, _)| *id)
        .collect();
    let mut rest: Vec<i64> = claims
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !picked.contains(id))
        .collect();
    let want = (rest.len() * percent.min(100) as usize).div_ceil(100);
    let mut rng = fastrand::Rng::with_seed(seed);
    rng.shuffle(&mut rest);
    picked.extend(rest.into_iter().take(want));
    picked.sort_unstable();
    picked
}

#[cfg(test)]
mod tests;
