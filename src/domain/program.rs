//! Programs (专项资金项目), their kinds, and year-versioned parameters.

use serde::{Deserialize, Serialize};

use super::Money;
use super::assistance::{GroupParams, InpatientParams};

/// The kind of a program decides its categories and rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProgramKind {
    /// 离休人员医药费补助.
    Lixiu,
    /// 城乡医疗救助.
    Jiuzhu,
}

impl ProgramKind {
    pub const ALL: [ProgramKind; 2] = [ProgramKind::Lixiu, ProgramKind::Jiuzhu];

    pub fn code(self) -> &'static str {
        match self {
            ProgramKind::Lixiu => "lixiu",
            ProgramKind::Jiuzhu => "jiuzhu",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgramKind::Lixiu => "离休人员医药费补助",
            ProgramKind::Jiuzhu => "城乡医疗救助",
        }
    }

    /// Whether the kind pays 资助参保 premiums for its people (医疗救助).
    pub fn has_premiums(self) -> bool {
        match self {
            ProgramKind::Lixiu => false,
            ProgramKind::Jiuzhu => true,
        }
    }

    /// Whether a year ends with the 年终清算 against the 统筹标准 (离休).
    pub fn has_settlement(self) -> bool {
        match self {
            ProgramKind::Lixiu => true,
            ProgramKind::Jiuzhu => false,
        }
    }

    /// Whether a person is marked 一类对象 (医疗救助).
    pub fn has_class_one(self) -> bool {
        match self {
            ProgramKind::Lixiu => false,
            ProgramKind::Jiuzhu => true,
        }
    }

    /// Whether an inpatient claim may be a 重特大疾病 stay (医疗救助).
    pub fn has_catastrophic(self) -> bool {
        match self {
            ProgramKind::Lixiu => false,
            ProgramKind::Jiuzhu => true,
        }
    }

    /// Whether the kind publishes a 救助对象公示名单 (医疗救助).
    pub fn has_public_list(self) -> bool {
        match self {
            ProgramKind::Lixiu => false,
            ProgramKind::Jiuzhu => true,
        }
    }

    /// Whether a clerk names the categories in 政策参数 (医疗救助). A 离休 person's
    /// category follows from the work date, so its categories are fixed.
    pub fn categories_editable(self) -> bool {
        match self {
            ProgramKind::Lixiu => false,
            ProgramKind::Jiuzhu => true,
        }
    }

    /// Whether a changed parameter reaches entered claims only through 重新计算, because
    /// a person's claims share a year's cap (医疗救助). 离休 claims pay against the
    /// quota at settlement.
    pub fn recomputes_claims(self) -> bool {
        match self {
            ProgramKind::Lixiu => false,
            ProgramKind::Jiuzhu => true,
        }
    }

    /// The file name of the year's roster register.
    pub fn register_file_name(self) -> &'static str {
        match self {
            ProgramKind::Lixiu => "报销对象名册.xlsx",
            ProgramKind::Jiuzhu => "救助对象名册.xlsx",
        }
    }
}

/// A program as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: ProgramKind,
    /// 主管部门.
    pub department: String,
    /// 实施单位.
    pub unit: String,
}

/// One category's year-versioned parameters. 离休 uses the quota; 医疗救助 uses the
/// premium and the three groups' deductible, rate and cap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryParams {
    pub category: String,
    /// 个人医疗定额 per year (离休).
    pub quota: Money,
    /// 资助参保: the premium paid for each person of the category (医疗救助).
    pub premium: Money,
    /// 普通住院 (医疗救助).
    pub inpatient: InpatientParams,
    /// 重特大疾病住院 (医疗救助).
    pub catastrophic: GroupParams,
    /// 门诊 (医疗救助).
    pub outpatient: GroupParams,
}

impl CategoryParams {
    /// A 离休 category: only a quota.
    pub fn lixiu(category: &str, quota: Money) -> Self {
        Self {
            category: category.to_owned(),
            quota,
            ..Default::default()
        }
    }
}

/// A program-year's parameters. Every rate, quota and cap is data, never a constant in code.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct YearParams {
    pub categories: Vec<CategoryParams>,
    /// 统筹标准 元/人/年 (离休).
    pub pooling_standard: Money,
    /// Share of 目录外 cost that is paid, in percent (离休; 0 in the demo).
    pub out_of_catalog_percent: u32,
    /// The other protection layers whose payments a claim records, in the order they
    /// pay (基本医疗保险, 大病保险, …); empty for 离休.
    pub layers: Vec<String>,
}

impl YearParams {
    /// The personal quota of a category, zero when the category has none.
    pub fn quota_for(&self, category: &str) -> Money {
        self.categories
            .iter()
            .find(|c| c.category == category)
            .map(|c| c.quota)
            .unwrap_or(Money::ZERO)
    }

    /// The 资助参保 premium of a category; `None` when the year has no such category.
    pub fn premium_for(&self, category: &str) -> Option<Money> {
        self.categories
            .iter()
            .find(|c| c.category == category)
            .map(|c| c.premium)
    }

    /// The names of the year's categories, in order.
    pub fn category_names(&self) -> Vec<String> {
        self.categories.iter().map(|c| c.category.clone()).collect()
    }

    /// The parameters seed 000 gives for 离休: 5000 / 3000 quotas, 8000 pooling standard.
    pub fn lixiu_seed() -> Self {
        Self {
            categories: vec![
                CategoryParams::lixiu(super::category::KANGRI, Money::from_yuan(5000)),
                CategoryParams::lixiu(super::category::JIEFANG, Money::from_yuan(3000)),
            ],
            pooling_standard: Money::from_yuan(8000),
            out_of_catalog_percent: 0,
            layers: Vec::new(),
        }
    }

    /// The 医疗救助 parameters seed 004 implies for 2019 (see
    /// [`super::assistance::AssistanceParams::seed_2019`]), with the layers
    /// 基本医保, 大病保险 and 其他保障.
    pub fn jiuzhu_seed() -> Self {
        Self {
            categories: super::assistance::AssistanceParams::seed_2019().categories,
            pooling_standard: Money::ZERO,
            out_of_catalog_percent: 0,
            layers: super::assistance::SEED_LAYERS
                .iter()
                .map(|l| (*l).to_owned())
                .collect(),
        }
    }

    /// The built-in parameters a new program of `kind` starts with.
    pub fn seed(kind: ProgramKind) -> Self {
        match kind {
            ProgramKind::Lixiu => Self::lixiu_seed(),
            ProgramKind::Jiuzhu => Self::jiuzhu_seed(),
        }
    }

    /// Check what a clerk typed in 政策参数: named, distinct categories; no negative
    /// amounts; rates from 0 to 100 %; named, distinct layers.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for c in &self.categories {
            let name = c.category.trim();
            if name.is_empty() {
                return Err("类别名称不能为空".into());
            }
            if !seen.insert(name) {
                return Err(format!("类别「{name}」重复"));
            }
            let amounts = [
                ("个人医疗定额", c.quota),
                ("资助参保金额", c.premium),
                ("普通住院起付线", c.inpatient.deductible),
                ("普通住院年度限额", c.inpatient.cap),
                ("重特大疾病起付线", c.catastrophic.deductible),
                ("重特大疾病年度限额", c.catastrophic.cap),
                ("门诊起付线", c.outpatient.deductible),
                ("门诊年度限额", c.outpatient.cap),
            ];
            if let Some((label, m)) = amounts.iter().find(|(_, m)| m.is_negative()) {
                return Err(format!("「{name}」的{label} {} 不能为负数", m.plain()));
            }
            let rates = [
                ("普通住院（乡镇/县级）比例", c.inpatient.rate_local_percent),
                (
                    "普通住院（县级以上/县外）比例",
                    c.inpatient.rate_above_percent,
                ),
                ("重特大疾病比例", c.catastrophic.rate_percent),
                ("门诊比例", c.outpatient.rate_percent),
            ];
            let hundred = rust_decimal::Decimal::from(100);
            if let Some((label, r)) = rates
                .iter()
                .find(|(_, r)| r.is_sign_negative() || *r > hundred)
            {
                return Err(format!("「{name}」的{label} {r}% 应在 0 到 100 之间"));
            }
        }
        let mut layers = std::collections::HashSet::new();
        for l in &self.layers {
            if l.trim().is_empty() {
                return Err("保障层次名称不能为空".into());
            }
            if !layers.insert(l.trim()) {
                return Err(format!("保障层次「{}」重复", l.trim()));
            }
        }
        if self.pooling_standard.is_negative() {
            return Err("统筹标准不能为负数".into());
        }
        if self.out_of_catalog_percent > 100 {
            return Err(format!(
                "目录外费用支付比例 {}% 应在 0 到 100 之间",
                self.out_of_catalog_percent
            ));
        }
        Ok(())
    }

    /// The 医疗救助 rule's view of these parameters.
    pub fn assistance(&self, year: i32) -> super::assistance::AssistanceParams {
        super::assistance::AssistanceParams {
            year,
            categories: self.categories.clone(),
        }
    }
}

/// A program year, e.g. 2021 of `lixiu`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramYear {
    pub id: i64,
    pub program_id: i64,
    pub year: i32,
    pub params: YearParams,
}

/// One amount or rate of a category, as 政策参数 shows and parses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamField {
    Quota,
    Premium,
    InpatientDeductible,
    InpatientRateLocal,
    InpatientRateAbove,
    InpatientCap,
    CatastrophicDeductible,
    CatastrophicRate,
    CatastrophicCap,
    OutpatientDeductible,
    OutpatientRate,
    OutpatientCap,
}

impl ParamField {
    pub const ALL: [ParamField; 12] = [
        ParamField::Quota,
        ParamField::Premium,
        ParamField::InpatientDeductible,
        ParamField::InpatientRateLocal,
        ParamField::InpatientRateAbove,
        ParamField::InpatientCap,
        ParamField::CatastrophicDeductible,
        ParamField::CatastrophicRate,
        ParamField::CatastrophicCap,
        ParamField::OutpatientDeductible,
        ParamField::OutpatientRate,
        ParamField::OutpatientCap,
    ];

    /// The fields a program of `kind` uses, in column order.
    pub fn of_kind(kind: ProgramKind) -> &'static [ParamField] {
        match kind {
            ProgramKind::Lixiu => &Self::ALL[..1],
            ProgramKind::Jiuzhu => &Self::ALL[1..],
        }
    }

    /// The full name, as messages use it.
    pub fn label(self) -> &'static str {
        match self {
            ParamField::Quota => "个人医疗定额",
            ParamField::Premium => "资助参保金额",
            ParamField::InpatientDeductible => "普通住院起付线",
            ParamField::InpatientRateLocal => "普通住院（乡镇/县级）比例",
            ParamField::InpatientRateAbove => "普通住院（县级以上/县外）比例",
            ParamField::InpatientCap => "普通住院年度限额",
            ParamField::CatastrophicDeductible => "重特大疾病起付线",
            ParamField::CatastrophicRate => "重特大疾病比例",
            ParamField::CatastrophicCap => "重特大疾病年度限额",
            ParamField::OutpatientDeductible => "门诊起付线",
            ParamField::OutpatientRate => "门诊比例",
            ParamField::OutpatientCap => "门诊年度限额",
        }
    }

    /// A rate in percent (else an amount in 元).
    pub fn is_rate(self) -> bool {
        matches!(
            self,
            ParamField::InpatientRateLocal
                | ParamField::InpatientRateAbove
                | ParamField::CatastrophicRate
                | ParamField::OutpatientRate
        )
    }

    fn money_mut(self, c: &mut CategoryParams) -> Option<&mut Money> {
        Some(match self {
            ParamField::Quota => &mut c.quota,
            ParamField::Premium => &mut c.premium,
            ParamField::InpatientDeductible => &mut c.inpatient.deductible,
            ParamField::InpatientCap => &mut c.inpatient.cap,
            ParamField::CatastrophicDeductible => &mut c.catastrophic.deductible,
            ParamField::CatastrophicCap => &mut c.catastrophic.cap,
            ParamField::OutpatientDeductible => &mut c.outpatient.deductible,
            ParamField::OutpatientCap => &mut c.outpatient.cap,
            _ => return None,
        })
    }

    fn rate_mut(self, c: &mut CategoryParams) -> Option<&mut rust_decimal::Decimal> {
        Some(match self {
            ParamField::InpatientRateLocal => &mut c.inpatient.rate_local_percent,
            ParamField::InpatientRateAbove => &mut c.inpatient.rate_above_percent,
            ParamField::CatastrophicRate => &mut c.catastrophic.rate_percent,
            ParamField::OutpatientRate => &mut c.outpatient.rate_percent,
            _ => return None,
        })
    }

    /// The field's value of `c`, as the form shows it (`4000.00`, `70`).
    fn text(self, c: &CategoryParams) -> String {
        let mut c = c.clone();
        if let Some(m) = self.money_mut(&mut c) {
            return m.plain();
        }
        self.rate_mut(&mut c)
            .map(|r| r.normalize().to_string())
            .unwrap_or_default()
    }
}

/// One category of 政策参数 as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryDraft {
    pub category: String,
    /// One text per [`ParamField::ALL`], in that order.
    values: [String; 12],
}

impl CategoryDraft {
    /// A new category of a program of `kind`: the fields the kind shows are
    /// empty (to be typed), the others zero.
    pub fn blank(kind: ProgramKind) -> Self {
        let mut d = Self::default();
        for f in ParamField::ALL {
            if !ParamField::of_kind(kind).contains(&f) {
                *d.value_mut(f) = "0".into();
            }
        }
        d
    }

    pub fn value(&self, field: ParamField) -> &str {
        &self.values[field as usize]
    }

    pub fn value_mut(&mut self, field: ParamField) -> &mut String {
        &mut self.values[field as usize]
    }

    fn from_params(c: &CategoryParams) -> Self {
        Self {
            category: c.category.clone(),
            values: ParamField::ALL.map(|f| f.text(c)),
        }
    }
}

/// A problem with what was typed in 政策参数, in the clerk's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The category row, when the problem is in one.
    pub row: Option<usize>,
    /// The field, when the problem is in one.
    pub field: Option<ParamField>,
    pub message: String,
}

/// A program-year's parameters as typed in 政策参数.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearParamsDraft {
    pub categories: Vec<CategoryDraft>,
    /// The other protection layers, in paying order; blank lines are dropped.
    pub layers: Vec<String>,
    /// 统筹标准 元/人/年 as typed (离休).
    pub pooling_standard: String,
    /// 目录外费用支付比例 % as typed (离休).
    pub out_of_catalog_percent: String,
}

/// Read a rate in percent: `70`, `70%`, `62.5`; from 0 to 100.
fn parse_percent(text: &str) -> Result<rust_decimal::Decimal, &'static str> {
    let t = text.trim().trim_end_matches(['%', '％']).trim();
    if t.is_empty() {
        return Err("不能为空");
    }
    let d: rust_decimal::Decimal = t.parse().map_err(|_| "不是数字")?;
    if d.is_sign_negative() || d > rust_decimal::Decimal::from(100) {
        return Err("应在 0 到 100 之间");
    }
    Ok(d)
}

/// Read an amount in 元: not empty, not negative, at most 2 decimals.
fn parse_amount(text: &str) -> Result<Money, &'static str> {
    if text.trim().is_empty() {
        return Err("不能为空");
    }
    Money::parse_non_negative(text).map_err(|e| match e {
        super::money::MoneyError::NotANumber => "不是有效的金额",
        super::money::MoneyError::TooManyDecimals => "最多保留 2 位小数",
        super::money::MoneyError::Negative => "不能为负数",
        super::money::MoneyError::OutOfRange => "超出范围",
    })
}

impl YearParamsDraft {
    /// The form of stored parameters.
    pub fn from_params(p: &YearParams) -> Self {
        Self {
            categories: p
                .categories
                .iter()
                .map(CategoryDraft::from_params)
                .collect(),
            pooling_standard: p.pooling_standard.plain(),
            out_of_catalog_percent: p.out_of_catalog_percent.to_string(),
            layers: p.layers.clone(),
        }
    }

    /// The parameters, or every problem: each field that does not read (naming
    /// the category, the field and the value), then — when all read — what
    /// [`YearParams::check`] refuses.
    pub fn parse(&self) -> Result<YearParams, Vec<ParamError>> {
        let mut errors = Vec::new();
        let mut categories = Vec::with_capacity(self.categories.len());
        for (row, d) in self.categories.iter().enumerate() {
            let name = d.category.trim();
            let who = if name.is_empty() {
                format!("第 {} 个类别", row + 1)
            } else {
                format!("「{name}」")
            };
            let mut c = CategoryParams {
                category: name.to_owned(),
                ..Default::default()
            };
            for f in ParamField::ALL {
                let text = d.value(f);
                let outcome = if let Some(slot) = f.rate_mut(&mut c) {
                    parse_percent(text).map(|r| *slot = r)
                } else if let Some(slot) = f.money_mut(&mut c) {
                    parse_amount(text).map(|m| *slot = m)
                } else {
                    Ok(())
                };
                if let Err(problem) = outcome {
                    let message = if text.trim().is_empty() {
                        format!("{who}的{}{problem}", f.label())
                    } else {
                        format!("{who}的{}「{}」{problem}", f.label(), text.trim())
                    };
                    errors.push(ParamError {
                        row: Some(row),
                        field: Some(f),
                        message,
                    });
                }
            }
            categories.push(c);
        }
        let pooling_standard = parse_amount(&self.pooling_standard).unwrap_or_else(|problem| {
            errors.push(ParamError {
                row: None,
                field: None,
                message: format!("统筹标准「{}」{problem}", self.pooling_standard.trim()),
            });
            Money::ZERO
        });
        let percent = self.out_of_catalog_percent.trim();
        let percent = percent.trim_end_matches(['%', '％']).trim();
        let out_of_catalog_percent = match percent.parse::<u32>() {
            Ok(p) if p <= 100 => p,
            _ => {
                errors.push(ParamError {
                    row: None,
                    field: None,
                    message: format!(
                        "目录外费用支付比例「{}」应为 0 到 100 之间的整数",
                        self.out_of_catalog_percent.trim()
                    ),
                });
                0
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let params = YearParams {
            categories,
            pooling_standard,
            out_of_catalog_percent,
            layers: self
                .layers
                .iter()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect(),
        };
        params.check().map_err(|message| {
            vec![ParamError {
                row: None,
                field: None,
                message,
            }]
        })?;
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jiuzhu() -> YearParamsDraft {
        YearParamsDraft::from_params(&YearParams::jiuzhu_seed())
    }

    #[test]
    fn the_form_of_the_seed_reads_back_unchanged() {
        for kind in ProgramKind::ALL {
            let seed = YearParams::seed(kind);
            let draft = YearParamsDraft::from_params(&seed);
            assert_eq!(draft.parse().unwrap(), seed);
        }
        let d = jiuzhu();
        let jd = &d.categories[3];
        assert_eq!(jd.category, "建档立卡贫困人口");
        assert_eq!(jd.value(ParamField::CatastrophicDeductible), "4000.00");
        assert_eq!(jd.value(ParamField::CatastrophicRate), "50");
        assert_eq!(d.pooling_standard, "0.00");
    }

    #[test]
    fn typed_values_are_read_with_a_percent_sign_and_grouping() {
        let mut d = jiuzhu();
        *d.categories[1].value_mut(ParamField::OutpatientRate) = " 62.5% ".into();
        *d.categories[1].value_mut(ParamField::OutpatientCap) = "1,500".into();
        d.layers.push("  ".into());
        let p = d.parse().unwrap();
        assert_eq!(p.categories[1].outpatient.rate_percent.to_string(), "62.5");
        assert_eq!(p.categories[1].outpatient.cap.plain(), "1500.00");
        assert_eq!(p.layers.len(), 3, "a blank layer line is dropped");
    }

    #[test]
    fn every_bad_field_is_named_with_its_category_and_value() {
        let mut d = jiuzhu();
        *d.categories[1].value_mut(ParamField::OutpatientRate) = "abc".into();
        *d.categories[2].value_mut(ParamField::CatastrophicRate) = "120".into();
        *d.categories[3].value_mut(ParamField::InpatientCap) = "-5".into();
        *d.categories[4].value_mut(ParamField::Premium) = "".into();
        let errors = d.parse().unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "「低保」的门诊比例「abc」不是数字",
                "「低收入」的重特大疾病比例「120」应在 0 到 100 之间",
                "「建档立卡贫困人口」的普通住院年度限额「-5」不能为负数",
                "「其他特殊困难」的资助参保金额不能为空",
            ]
        );
        assert_eq!(errors[0].row, Some(1));
        assert_eq!(errors[0].field, Some(ParamField::OutpatientRate));
    }

    #[test]
    fn a_new_category_needs_a_name_and_its_values() {
        let mut d = jiuzhu();
        d.categories.push(CategoryDraft::blank(ProgramKind::Jiuzhu));
        let errors = d.parse().unwrap_err();
        assert_eq!(errors.len(), 11);
        assert_eq!(errors[0].message, "第 6 个类别的资助参保金额不能为空");
        // Filled in but unnamed: the check names what is missing.
        for f in ParamField::of_kind(ProgramKind::Jiuzhu) {
            *d.categories[5].value_mut(*f) = "0".into();
        }
        let errors = d.parse().unwrap_err();
        assert_eq!(errors[0].message, "类别名称不能为空");
        d.categories[5].category = "低保".into();
        assert_eq!(d.parse().unwrap_err()[0].message, "类别「低保」重复");
    }

    #[test]
    fn lixiu_scalars_are_checked() {
        let mut d = YearParamsDraft::from_params(&YearParams::lixiu_seed());
        d.pooling_standard = "八千".into();
        d.out_of_catalog_percent = "101".into();
        let messages: Vec<String> = d
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(
            messages,
            [
                "统筹标准「八千」不是有效的金额",
                "目录外费用支付比例「101」应为 0 到 100 之间的整数",
            ]
        );
        let mut blank = CategoryDraft::blank(ProgramKind::Lixiu);
        assert_eq!(blank.value(ParamField::Quota), "");
        assert_eq!(blank.value(ParamField::CatastrophicRate), "0");
        *blank.value_mut(ParamField::Quota) = "4000".into();
        blank.category = "新类别".into();
        let mut d = YearParamsDraft::from_params(&YearParams::lixiu_seed());
        d.categories.push(blank);
        assert_eq!(d.parse().unwrap().quota_for("新类别").plain(), "4000.00");
    }
}
