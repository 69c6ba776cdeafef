//! Programs (专项资金项目), their kinds, and year-versioned parameters.

use serde::{Deserialize, Serialize};

use super::Money;

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

/// One category's year-versioned parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryParams {
    pub category: String,
    /// 个人医疗定额 per year (离休).
    pub quota: Money,
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

    /// The names of the year's categories, in order.
    pub fn category_names(&self) -> Vec<String> {
        self.categories.iter().map(|c| c.category.clone()).collect()
    }

    /// The parameters seed 000 gives for 离休: 5000 / 3000 quotas, 8000 pooling standard.
    pub fn lixiu_seed() -> Self {
        Self {
            categories: vec![
                CategoryParams {
                    category: super::category::KANGRI.into(),
                    quota: Money::from_yuan(5000),
                },
                CategoryParams {
                    category: super::category::JIEFANG.into(),
                    quota: Money::from_yuan(3000),
                },
            ],
            pooling_standard: Money::from_yuan(8000),
            out_of_catalog_percent: 0,
            layers: Vec::new(),
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
