//! 统一社会信用代码 (GB 32100-2015) check. A failure is a warning, never a block:
//! early pilot codes exist that do not pass.

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The result of checking a credit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreditCodeCheck {
    Valid,
    /// A problem worth a warning; the text is shown to the clerk.
    Warning(String),
}

fn value_of(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters of a code.
pub fn check_char(first17: &str) -> Option<char> {
    let values: Option<Vec<u32>> = first17.chars().map(value_of).collect();
    let values = values.filter(|v| v.len() == 17)?;
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    ALPHABET.chars().nth(((31 - sum % 31) % 31) as usize)
}

/// Check a code; empty text is valid (the field is optional).
pub fn check_credit_code(code: &str) -> CreditCodeCheck {
    let code = code.trim().to_uppercase();
    if code.is_empty() {
        return CreditCodeCheck::Valid;
    }
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return CreditCodeCheck::Warning(format!(
            "统一社会信用代码应为 18 位，实际 {} 位",
            chars.len()
        ));
    }
    let mut values = Vec::with_capacity(18);
    for c in &chars {
        match value_of(*c) {
            Some(v) => values.push(v),
            None => {
                return CreditCodeCheck::Warning(format!(
                    "统一社会信用代码含有不允许的字符「{c}」"
                ));
            }
        }
    }
    let first17: String = chars[..17].iter().collect();
    let expected = check_char(&first17).unwrap_or('0');
    if chars[17] == expected {
        CreditCodeCheck::Valid
    } else {
        CreditCodeCheck::Warning(format!(
            "统一社会信用代码校验位应为 {expected}，实际为 {}（请核对，试点期代码可能不符）",
            chars[17]
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes_pass() {
        // Public codes of real organisations.
        assert_eq!(
            check_credit_code("91350100M000100Y43"),
            CreditCodeCheck::Valid
        );
        assert_eq!(
            check_credit_code("12500230009279538F"),
            CreditCodeCheck::Valid
        );
        assert_eq!(check_credit_code(""), CreditCodeCheck::Valid);
    }

    #[test]
    fn bad_codes_warn() {
        let CreditCodeCheck::Warning(msg) = check_credit_code("91350100M000100Y44") else {
            panic!("expected a warning");
        };
        assert!(msg.contains("校验位应为 3"), "{msg}");
        assert!(matches!(
            check_credit_code("123"),
            CreditCodeCheck::Warning(_)
        ));
        assert!(matches!(
            check_credit_code("91350100M000100YI3"),
            CreditCodeCheck::Warning(m) if m.contains("「I」")
        ));
    }
}
