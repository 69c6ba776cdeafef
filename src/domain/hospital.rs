//! 定点医疗机构 (designated hospitals): code, level and bank details.

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
}
