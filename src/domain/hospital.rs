//! 定点医疗机构 (designated hospitals): code, level and bank details, and the
//! check of what a clerk typed or a file row holds for one.

use super::beneficiary::{FieldChange, FieldError};
use super::credit_code::{CreditCodeCheck, check_credit_code};

/// 乡镇 / 县级 / 县级以上.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HospitalLevel {
    Township,
    County,
    AboveCounty,
}

impl HospitalLevel {
    pub const ALL: [HospitalLevel; 3] = [
        HospitalLevel::Township,
        HospitalLevel::County,
        HospitalLevel::AboveCounty,
    ];

    pub fn label(self) -> &'static str {
        match self {
            HospitalLevel::Township => "乡镇",
            HospitalLevel::County => "县级",
            HospitalLevel::AboveCounty => "县级以上",
        }
    }

    pub fn from_label(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.label() == text.trim())
    }
}

/// A hospital as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hospital {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub level: HospitalLevel,
    pub in_county: bool,
    pub credit_code: String,
    pub bank_name: String,
    pub bank_account: String,
    /// False once the hospital has left the scheme: its history stays, new monthly
    /// reports are refused.
    pub active: bool,
}

pub const CODE: &str = "机构代码";
pub const NAME: &str = "机构名称";
pub const LEVEL: &str = "级别";
pub const IN_COUNTY: &str = "县内";
pub const CREDIT_CODE: &str = "统一社会信用代码";
pub const BANK_NAME: &str = "开户行";
pub const BANK_ACCOUNT: &str = "账号";

impl Hospital {
    /// What differs from `old`, field by field, as the clerk reads it.
    pub fn changes_from(&self, old: &Hospital) -> Vec<FieldChange> {
        let yes_no = |b: bool| super::yes_no(b).to_owned();
        [
            (CODE, &old.code, &self.code),
            (NAME, &old.name, &self.name),
            (
                LEVEL,
                &old.level.label().to_owned(),
                &self.level.label().to_owned(),
            ),
            (IN_COUNTY, &yes_no(old.in_county), &yes_no(self.in_county)),
            (CREDIT_CODE, &old.credit_code, &self.credit_code),
            (BANK_NAME, &old.bank_name, &self.bank_name),
            (BANK_ACCOUNT, &old.bank_account, &self.bank_account),
        ]
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(label, old, new)| FieldChange {
            label,
            old: old.clone(),
            new: new.clone(),
        })
        .collect()
    }

    /// Whether the account money is paid into differs from `old`'s.
    pub fn bank_differs(&self, old: &Hospital) -> bool {
        self.bank_name != old.bank_name || self.bank_account != old.bank_account
    }
}

/// What a clerk typed for a hospital, or one imported row, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HospitalDraft {
    pub code: String,
    pub name: String,
    /// 乡镇 / 县级 / 县级以上.
    pub level: String,
    /// 是 / 否 (also 县内 / 县外); empty is 是.
    pub in_county: String,
    pub credit_code: String,
    pub bank_name: String,
    pub bank_account: String,
}

impl HospitalDraft {
    /// The draft of a stored hospital (the edit form starts from it).
    pub fn of(h: &Hospital) -> Self {
        Self {
            code: h.code.clone(),
            name: h.name.clone(),
            level: h.level.label().to_owned(),
            in_county: super::yes_no(h.in_county).to_owned(),
            credit_code: h.credit_code.clone(),
            bank_name: h.bank_name.clone(),
            bank_account: h.bank_account.clone(),
        }
    }

    /// Check every field; all problems are returned, not just the first. A failed
    /// credit-code check is not among them: see [`credit_code_warning`].
    pub fn validate(&self) -> Result<Hospital, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut error = |field: &'static str, value: &str, message: String| {
            errors.push(FieldError {
                field,
                value: value.to_owned(),
                message,
            });
        };
        let code = self.code.trim().to_uppercase();
        if let Err(e) = check_hospital_code(&code) {
            error(CODE, &self.code, e);
        }
        let name = self.name.trim();
        if name.is_empty() {
            error(NAME, &self.name, "机构名称不能为空".into());
        } else if name.chars().count() > 60 {
            error(NAME, &self.name, "机构名称过长（最多 60 个字）".into());
        }
        let level = HospitalLevel::from_label(&self.level);
        if level.is_none() {
            error(
                LEVEL,
                &self.level,
                "级别只能是 乡镇、县级 或 县级以上".into(),
            );
        }
        let in_county = match self.in_county.trim() {
            "" | "县内" => Some(true),
            "县外" => Some(false),
            other => super::parse_yes_no(other),
        };
        if in_county.is_none() {
            error(IN_COUNTY, &self.in_county, "县内只能填 是 或 否".into());
        }
        let account: String = self
            .bank_account
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !account.chars().all(|c| c.is_ascii_digit() || c == '-') {
            error(
                BANK_ACCOUNT,
                &self.bank_account,
                "账号只能包含数字和“-”".into(),
            );
        }
        match (level, in_county) {
            (Some(level), Some(in_county)) if errors.is_empty() => Ok(Hospital {
                id: 0,
                code,
                name: name.to_owned(),
                level,
                in_county,
                credit_code: self.credit_code.trim().to_uppercase(),
                bank_name: self.bank_name.trim().to_owned(),
                bank_account: account,
                active: true,
            }),
            _ => Err(errors),
        }
    }
}

/// Check a 定点医疗机构代码: `H` + 6-digit area + 5-digit sequence.
pub fn check_hospital_code(code: &str) -> Result<(), String> {
    let code = code.trim();
    let ok =
        code.len() == 12 && code.starts_with('H') && code[1..].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "定点医疗机构代码「{code}」应为 H + 6 位地区码 + 5 位顺序号，共 12 位"
        ))
    }
}

/// A warning for a hospital's credit code, if any.
pub fn credit_code_warning(code: &str) -> Option<String> {
    match check_credit_code(code) {
        CreditCodeCheck::Valid => None,
        CreditCodeCheck::Warning(w) => Some(w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hospital_codes() {
        assert!(check_hospital_code("H50023000001").is_ok());
        assert!(check_hospital_code("H35030200090").is_ok());
        assert!(check_hospital_code("50023000001").is_err());
        assert!(check_hospital_code("H5002300001A").is_err());
    }

    fn draft() -> HospitalDraft {
        HospitalDraft {
            code: " h50023000001 ".into(),
            name: "丰都县人民医院".into(),
            level: "县级".into(),
            in_county: "".into(),
            credit_code: "12500230009279538f".into(),
            bank_name: "中国农业银行丰都支行".into(),
            bank_account: "3112 0101 0400 0123".into(),
        }
    }

    #[test]
    fn a_draft_is_trimmed_and_defaults_to_in_county() {
        let h = draft().validate().unwrap();
        assert_eq!(h.code, "H50023000001");
        assert!(h.in_county && h.active);
        assert_eq!(h.credit_code, "12500230009279538F");
        assert_eq!(h.bank_account, "3112010104000123");
        let out = HospitalDraft {
            in_county: "县外".into(),
            ..draft()
        };
        assert!(!out.validate().unwrap().in_county);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = HospitalDraft {
            code: "H500230".into(),
            name: " ".into(),
            level: "三甲".into(),
            in_county: "也许".into(),
            bank_account: "62-ABC".into(),
            ..draft()
        };
        let errors = bad.validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [CODE, NAME, LEVEL, IN_COUNTY, BANK_ACCOUNT]);
        assert_eq!(errors[2].value, "三甲");
        assert!(errors[0].message.contains("H + 6 位地区码 + 5 位顺序号"));
    }

    #[test]
    fn changes_name_each_field_and_the_bank() {
        let old = draft().validate().unwrap();
        let new = Hospital {
            name: "丰都县人民医院（新院区）".into(),
            bank_account: "3112010104000999".into(),
            ..old.clone()
        };
        let changes = new.changes_from(&old);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].label, BANK_ACCOUNT);
        assert_eq!(changes[1].old, "3112010104000123");
        assert!(new.bank_differs(&old));
        assert!(!old.bank_differs(&old));
    }
}
