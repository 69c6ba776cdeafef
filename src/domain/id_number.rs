//! 居民身份证号 (GB 11643-1999): 17 digits plus an ISO 7064 MOD 11-2 check character.

use chrono::{Datelike, NaiveDate};

use super::mask::mask_id_middle;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// 性别, derived from digit 17 of the ID number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// A checked 18-character ID number, upper-case `X`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdNumber {
    text: String,
    birth_date: NaiveDate,
    gender: Gender,
}

/// Why a text is not a valid ID number; each message is shown to the clerk as is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("身份证号不能为空")]
    Empty,
    #[error("身份证号应为 18 位，实际 {0} 位")]
    Length(usize),
    #[error("身份证号前 17 位只能是数字，最后一位是数字或 X")]
    Characters,
    #[error("出生日期 {0} 不是有效日期")]
    BirthDate(String),
    #[error("校验码错误：最后一位应为 {expected}，实际为 {actual}")]
    CheckDigit { expected: char, actual: char },
}

/// The check character for the first 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

impl IdNumber {
    /// Parse and check: length, characters, a real birth date, and the check character.
    pub fn parse(text: &str) -> Result<Self, IdNumberError> {
        // Full-width digits and Ｘ come from a Chinese IME in full-width mode.
        let text: String = text
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                'x' | 'ｘ' | 'Ｘ' => 'X',
                other => other,
            })
            .collect();
        if text.is_empty() {
            return Err(IdNumberError::Empty);
        }
        let len = text.chars().count();
        if len != 18 {
            return Err(IdNumberError::Length(len));
        }
        if !text.is_ascii() {
            return Err(IdNumberError::Characters);
        }
        let (first17, last) = text.split_at(17);
        let last = last.chars().next().ok_or(IdNumberError::Characters)?;
        if !first17.bytes().all(|b| b.is_ascii_digit()) || !(last.is_ascii_digit() || last == 'X') {
            return Err(IdNumberError::Characters);
        }
        let birth = &first17[6..14];
        let birth_date = NaiveDate::parse_from_str(birth, "%Y%m%d")
            .ok()
            .filter(|d| d.year() >= 1850)
            .ok_or_else(|| {
                IdNumberError::BirthDate(format!(
                    "{}-{}-{}",
                    &birth[..4],
                    &birth[4..6],
                    &birth[6..]
                ))
            })?;
        let expected = check_char(first17).ok_or(IdNumberError::Characters)?;
        if expected != last {
            return Err(IdNumberError::CheckDigit {
                expected,
                actual: last,
            });
        }
        let gender = if (first17.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        };
        Ok(Self {
            text,
            birth_date,
            gender,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    pub fn gender(&self) -> Gender {
        self.gender
    }

    /// 行政区划代码, the first 6 digits.
    pub fn area(&self) -> &str {
        &self.text[..6]
    }

    /// The number with the birth date and sequence masked, for tables.
    pub fn masked(&self) -> String {
        mask_id_middle(&self.text)
    }
}

/// Full years of age on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_numbers() {
        // GB 11643 worked example.
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.gender(), Gender::Female);
        let id = IdNumber::parse("440524188001010014").unwrap();
        assert_eq!(id.gender(), Gender::Male);
        // Lower-case x and spaces are accepted and normalized.
        assert_eq!(
            IdNumber::parse(" 11010519491231002x ").unwrap().as_str(),
            "11010519491231002X"
        );
    }

    #[test]
    fn wrong_check_digit_names_the_expected_one() {
        let err = IdNumber::parse("110105194912310021").unwrap_err();
        assert_eq!(
            err,
            IdNumberError::CheckDigit {
                expected: 'X',
                actual: '1'
            }
        );
        assert_eq!(err.to_string(), "校验码错误：最后一位应为 X，实际为 1");
    }

    #[test]
    fn invalid_dates_and_shapes() {
        // 1949-02-30 does not exist.
        let first17 = "50023019490230001";
        let id = format!("{first17}{}", check_char(first17).unwrap());
        assert_eq!(
            IdNumber::parse(&id),
            Err(IdNumberError::BirthDate("1949-02-30".into()))
        );
        assert_eq!(IdNumber::parse("1234"), Err(IdNumberError::Length(4)));
        assert_eq!(IdNumber::parse(""), Err(IdNumberError::Empty));
        assert_eq!(
            IdNumber::parse("5002301949013A0012"),
            Err(IdNumberError::Characters)
        );
        // Eighteen characters, some of them multi-byte: refused, not a panic.
        assert_eq!(
            IdNumber::parse("50023019490101001韩"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            IdNumber::parse("身份证号身份证号身份证号身份证号身份"),
            Err(IdNumberError::Characters)
        );
    }

    #[test]
    fn full_width_digits_are_accepted() {
        assert_eq!(
            IdNumber::parse("１１０１０５１９４９１２３１００２Ｘ")
                .unwrap()
                .as_str(),
            "11010519491231002X"
        );
    }

    #[test]
    fn age() {
        let b = NaiveDate::from_ymd_opt(1925, 6, 15).unwrap();
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2021, 6, 14).unwrap()), 95);
        assert_eq!(age_on(b, NaiveDate::from_ymd_opt(2021, 6, 15).unwrap()), 96);
    }
}
