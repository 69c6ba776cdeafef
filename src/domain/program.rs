//! Programs (专项资金项目), their kinds, and year-versioned parameters: the
//! parameters in `params`, the 政策参数 form that edits them in `form`.

use serde::{Deserialize, Serialize};

mod form;
mod params;

pub use form::{CategoryDraft, KindDraft, LixiuDraft, ParamError, ParamField, YearParamsDraft};
pub use params::{CategoryParams, KindParams, LixiuParams, ParamRows, YearParams};

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

    /// Whether a person's claims are assisted under the dated 救助身份 valid on
    /// their date, kept and imported beside the roster (医疗救助).
    pub fn has_identities(self) -> bool {
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

    /// The family of year figures the kind reports (its summary and the metrics its
    /// indicators may use).
    pub fn figures(self) -> Figures {
        match self {
            ProgramKind::Lixiu => Figures::Reimbursement,
            ProgramKind::Jiuzhu => Figures::Assistance,
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

/// A family of year figures, as a kind reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figures {
    /// 报销: claims reimbursed one by one against a quota (报销人次, 人均报销金额,
    /// the card coverage of one-stop settlement) (离休).
    Reimbursement,
    /// 救助: people assisted over the year (资助参保, 直接救助, 重特大疾病, 特困供养)
    /// (医疗救助).
    Assistance,
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

/// A program year, e.g. 2021 of `lixiu`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramYear {
    pub id: i64,
    pub program_id: i64,
    pub year: i32,
    pub params: YearParams,
}

#[cfg(test)]
mod tests;
