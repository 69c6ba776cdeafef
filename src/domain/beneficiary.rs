//! Beneficiaries (受益对象), their status history, and the validation of what a
//! clerk types or imports.

use chrono::{Datelike, NaiveDate};

use super::category::resolve_category;
use super::dates::parse_date;
use super::id_number::{Gender, IdNumber};
use super::program::ProgramKind;

/// 在册 / 死亡 / 迁出.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Active,
    Deceased,
    MovedOut,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Active, Status::Deceased, Status::MovedOut];

    pub fn label(self) -> &'static str {
        match self {
            Status::Active => "在册",
            Status::Deceased => "死亡",
            Status::MovedOut => "迁出",
        }
    }

    pub fn from_label(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL.into_iter().find(|s| s.label() == t)
    }
}

/// One dated status row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusEvent {
    pub status: Status,
    pub date: NaiveDate,
}

/// Whether a person is 在册 on `on`, given their status rows in any order.
///
/// A person is 在册 from the start unless a row says otherwise; the latest row
/// dated on or before `on` decides. A 死亡 or 迁出 row ends membership from its date.
pub fn status_on(events: &[StatusEvent], on: NaiveDate) -> Status {
    events
        .iter()
        .filter(|e| e.date <= on)
        .max_by_key(|e| e.date)
        .map(|e| e.status)
        .unwrap_or(Status::Active)
}

/// Whether a person is 在册 on some day of the year `year`: on its first day, or
/// from a dated 在册 row inside it (a return). This is who a year's 资助参保 list
/// covers: a person who died or moved out during the year was insured for it.
pub fn active_in_year(events: &[StatusEvent], year: i32) -> bool {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return false;
    };
    status_on(events, first) == Status::Active
        || events
            .iter()
            .any(|e| e.status == Status::Active && e.date.year() == year)
}

/// A name as a person is named, whatever spacing a register padded it with.
///
/// Registers pad two-character names to line up (「王　五」 with an ideographic
/// space U+3000, 「王 五」, a no-break space U+00A0): white space of any kind
/// between Chinese characters is dropped (王五), and so is white space at either
/// end. A name written in Latin letters, such as a 少数民族 name in pinyin, keeps
/// one plain space between its parts (「Ayi　 Guli」 → Ayi Guli).
pub fn normalize_name(text: &str) -> String {
    fn latin(c: char) -> bool {
        c.is_ascii_alphabetic()
            || (c.is_alphabetic() && ('\u{00C0}'..='\u{024F}').contains(&c))
            || ('Ａ'..='Ｚ').contains(&c)
            || ('ａ'..='ｚ').contains(&c)
    }
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && latin(c) && out.chars().next_back().is_some_and(latin) {
            out.push(' ');
        }
        gap = false;
        out.push(c);
    }
    out
}

/// The key names sort by: the pinyin of each character with its tone number, so
/// that 韩堃 (han2 kun1) comes before 何凤英 (he2 …), as in a Chinese register.
/// Characters without a reading (Latin letters, digits) stand for themselves.
pub fn name_sort_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(name.len() * 3);
    for (c, py) in name.chars().zip(name.to_pinyin()) {
        if !key.is_empty() {
            key.push(' ');
        }
        match py {
            Some(p) => key.push_str(p.with_tone_num_end()),
            None => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// Why a status date cannot be right: before birth, or in the future.
pub fn check_status_date(
    date: NaiveDate,
    birth: NaiveDate,
    today: NaiveDate,
) -> Result<(), String> {
    if date < birth {
        Err(format!(
            "状态日期 {} 早于出生日期 {}",
            super::dates::iso(date),
            super::dates::iso(birth)
        ))
    } else if date > today {
        Err(format!(
            "状态日期 {} 晚于今天，不能预先登记",
            super::dates::iso(date)
        ))
    } else {
        Ok(())
    }
}

/// A beneficiary as read from the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beneficiary {
    pub id: i64,
    pub program_id: i64,
    pub fields: BeneficiaryFields,
    pub status: Status,
    pub status_date: Option<NaiveDate>,
}

/// The checked, storable fields of a beneficiary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BeneficiaryFields {
    pub name: String,
    pub id_number: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub category: String,
    pub work_date: Option<NaiveDate>,
    pub card_no: String,
    pub unit: String,
    pub phone: String,
    /// 社会救助兜底保障一类对象 (医疗救助): no deductible.
    pub class_one: bool,
}

impl BeneficiaryFields {
    /// The fields that differ from `other`, as (column label, old, new) for previews and the log.
    pub fn changes_from(&self, other: &BeneficiaryFields) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let mut cmp = |label: &'static str, old: String, new: String| {
            if old != new {
                out.push(FieldChange { label, old, new });
            }
        };
        cmp(NAME, other.name.clone(), self.name.clone());
        cmp(CATEGORY, other.category.clone(), self.category.clone());
        cmp(
            WORK_DATE,
            other.work_date.map(super::dates::iso).unwrap_or_default(),
            self.work_date.map(super::dates::iso).unwrap_or_default(),
        );
        cmp(CARD_NO, other.card_no.clone(), self.card_no.clone());
        cmp(UNIT, other.unit.clone(), self.unit.clone());
        cmp(PHONE, other.phone.clone(), self.phone.clone());
        cmp(
            CLASS_ONE,
            super::yes_no(other.class_one).to_owned(),
            super::yes_no(self.class_one).to_owned(),
        );
        out
    }
}

/// One changed field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub label: &'static str,
    pub old: String,
    pub new: String,
}

pub const NAME: &str = "姓名";
pub const ID_NUMBER: &str = "身份证号";
pub const WORK_DATE: &str = "参加工作时间";
pub const CATEGORY: &str = "类别";
pub const CARD_NO: &str = "社保卡号";
pub const UNIT: &str = "单位";
pub const PHONE: &str = "联系电话";
pub const CLASS_ONE: &str = "一类对象";
pub const STATUS: &str = "状态";
pub const STATUS_DATE: &str = "状态日期";

/// A problem with one field, in the clerk's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's Chinese label, which is also its import column.
    pub field: &'static str,
    /// The value as typed.
    pub value: String,
    pub message: String,
}

/// What a clerk typed, or one imported row, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BeneficiaryDraft {
    pub name: String,
    pub id_number: String,
    pub work_date: String,
    pub category: String,
    pub card_no: String,
    pub unit: String,
    pub phone: String,
    /// 一类对象 as typed: 是 / 否 (empty is 否).
    pub class_one: String,
}

impl BeneficiaryDraft {
    /// Check every field; all problems are returned, not just the first.
    pub fn validate(
        &self,
        kind: ProgramKind,
        categories: &[String],
    ) -> Result<BeneficiaryFields, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = normalize_name(&self.name);
        if name.is_empty() {
            errors.push(FieldError {
                field: NAME,
                value: self.name.clone(),
                message: "姓名不能为空".into(),
            });
        } else if name.chars().count() > 30 {
            errors.push(FieldError {
                field: NAME,
                value: self.name.clone(),
                message: "姓名过长（最多 30 个字）".into(),
            });
        }
        let id = match IdNumber::parse(&self.id_number) {
            Ok(id) => Some(id),
            Err(e) => {
                errors.push(FieldError {
                    field: ID_NUMBER,
                    value: self.id_number.clone(),
                    message: e.to_string(),
                });
                None
            }
        };
        let work_date = if self.work_date.trim().is_empty() {
            None
        } else {
            match parse_date(&self.work_date) {
                Some(d) => Some(d),
                None => {
                    errors.push(FieldError {
                        field: WORK_DATE,
                        value: self.work_date.clone(),
                        message: "不是有效日期（可写作 1945-09-02、1945/9/2 或 1945年9月2日）"
                            .into(),
                    });
                    None
                }
            }
        };
        let work_date_ok = self.work_date.trim().is_empty() || work_date.is_some();
        let category = if work_date_ok {
            match resolve_category(kind, work_date, &self.category, categories) {
                Ok(c) => Some(c),
                Err(e) => {
                    let (field, value) = match kind {
                        ProgramKind::Lixiu => (WORK_DATE, self.work_date.clone()),
                        ProgramKind::Jiuzhu => (CATEGORY, self.category.clone()),
                    };
                    errors.push(FieldError {
                        field,
                        value,
                        message: e.to_string(),
                    });
                    None
                }
            }
        } else {
            None
        };
        if let (Some(id), Some(work)) = (&id, work_date)
            && work <= id.birth_date()
        {
            errors.push(FieldError {
                field: WORK_DATE,
                value: self.work_date.clone(),
                message: "参加工作时间早于出生日期".into(),
            });
        }
        let phone = self.phone.trim().to_owned();
        if !phone.is_empty() && !phone.chars().all(|c| c.is_ascii_digit() || c == '-') {
            errors.push(FieldError {
                field: PHONE,
                value: self.phone.clone(),
                message: "联系电话只能包含数字和“-”".into(),
            });
        }
        let class_one = super::parse_yes_no(&self.class_one);
        if class_one.is_none() {
            errors.push(FieldError {
                field: CLASS_ONE,
                value: self.class_one.clone(),
                message: "一类对象只能填 是 或 否".into(),
            });
        } else if class_one == Some(true) && !kind.has_class_one() {
            errors.push(FieldError {
                field: CLASS_ONE,
                value: self.class_one.clone(),
                message: "一类对象只用于城乡医疗救助项目".into(),
            });
        }
        match (id, category) {
            (Some(id), Some(category)) if errors.is_empty() => Ok(BeneficiaryFields {
                name,
                gender: id.gender(),
                birth_date: id.birth_date(),
                id_number: id.as_str().to_owned(),
                category,
                work_date,
                card_no: self.card_no.trim().to_owned(),
                unit: self.unit.trim().to_owned(),
                phone,
                class_one: class_one == Some(true),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::{JIEFANG, KANGRI};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn names_sort_by_pinyin() {
        assert_eq!(name_sort_key("韩堃"), "han2 kun1");
        assert_eq!(name_sort_key("李喆"), "li3 zhe2");
        let mut names = vec!["赵镕", "何凤英", "韩堃", "艾玥", "Zhang"];
        names.sort_by_key(|n| name_sort_key(n));
        assert_eq!(names, vec!["艾玥", "韩堃", "何凤英", "Zhang", "赵镕"]);
    }

    #[test]
    fn status_dates_must_be_real() {
        let birth = d(1925, 1, 1);
        let today = d(2026, 11, 23);
        assert!(check_status_date(d(2022, 6, 15), birth, today).is_ok());
        assert_eq!(
            check_status_date(d(1924, 1, 1), birth, today),
            Err("状态日期 1924-01-01 早于出生日期 1925-01-01".into())
        );
        assert!(check_status_date(d(2026, 11, 24), birth, today).is_err());
    }

    #[test]
    fn membership_follows_dated_rows() {
        let events = vec![
            StatusEvent {
                status: Status::MovedOut,
                date: d(2021, 3, 1),
            },
            StatusEvent {
                status: Status::Active,
                date: d(2021, 9, 1),
            },
        ];
        assert_eq!(status_on(&events, d(2021, 2, 28)), Status::Active);
        assert_eq!(status_on(&events, d(2021, 3, 1)), Status::MovedOut);
        assert_eq!(status_on(&events, d(2021, 9, 1)), Status::Active);
        assert_eq!(status_on(&[], d(2000, 1, 1)), Status::Active);
    }

    #[test]
    fn a_year_counts_whoever_is_on_the_roster_on_any_day_of_it() {
        let ev = |status, date| StatusEvent { status, date };
        // Died during 2019: still covered for 2019, not for 2020.
        let died = [ev(Status::Deceased, d(2019, 3, 1))];
        assert!(active_in_year(&died, 2019));
        assert!(!active_in_year(&died, 2020));
        // Moved out in 2018 and back in 2019: covered for 2019 only.
        let back = [
            ev(Status::MovedOut, d(2018, 5, 1)),
            ev(Status::Active, d(2019, 10, 1)),
        ];
        assert!(active_in_year(&back, 2019));
        assert!(active_in_year(&back, 2018));
        assert!(active_in_year(&[], 2019));
        // Ended on 1 January: not on the roster on any day of the year.
        assert!(!active_in_year(
            &[ev(Status::MovedOut, d(2019, 1, 1))],
            2019
        ));
    }

    #[test]
    fn valid_draft_derives_gender_birth_and_category() {
        let draft = BeneficiaryDraft {
            name: "韩玥".into(),
            id_number: "11010519491231002x".into(),
            work_date: "1949年9月30日".into(),
            ..Default::default()
        };
        // Born 1949-12-31 but joined work in 1949: refused as before birth.
        let errs = draft.validate(ProgramKind::Lixiu, &[]).unwrap_err();
        assert_eq!(errs[0].message, "参加工作时间早于出生日期");

        let draft = BeneficiaryDraft {
            name: "韩玥".into(),
            id_number: "500230192501150011".into(),
            work_date: "1945/9/3".into(),
            ..Default::default()
        };
        let id = crate::domain::id_number::check_char("50023019250115001").unwrap();
        let draft = BeneficiaryDraft {
            id_number: format!("50023019250115001{id}"),
            ..draft
        };
        let f = draft.validate(ProgramKind::Lixiu, &[]).unwrap();
        assert_eq!(f.category, JIEFANG);
        assert_eq!(f.gender, Gender::Male);
        assert_eq!(f.birth_date, d(1925, 1, 15));
        let f2 = BeneficiaryDraft {
            work_date: "1945-09-02".into(),
            ..draft
        }
        .validate(ProgramKind::Lixiu, &[])
        .unwrap();
        assert_eq!(f2.category, KANGRI);
    }

    #[test]
    fn names_lose_the_padding_registers_give_them() {
        for (typed, stored) in [
            ("王　五", "王五"),       // U+3000 ideographic space
            ("王 五", "王五"),        // U+0020
            ("王\u{00A0}五", "王五"), // no-break space
            ("王\t五", "王五"),
            (" 欧阳　 娜娜 ", "欧阳娜娜"),
            ("买买提 · 艾力", "买买提·艾力"),
            ("　韩玥\u{00A0}", "韩玥"),
            // Latin letters keep one plain space between words.
            ("Ayi Guli", "Ayi Guli"),
            ("Ayi　\u{00A0} Guli", "Ayi Guli"),
            (" Ayi  Güli ", "Ayi Güli"),
            ("王 Ayi", "王Ayi"),
            ("", ""),
        ] {
            assert_eq!(normalize_name(typed), stored, "{typed:?}");
        }
        // The roster form and the roster import store the name so.
        let id = crate::domain::id_number::check_char("50023019250115001").unwrap();
        let f = BeneficiaryDraft {
            name: "王　五".into(),
            id_number: format!("50023019250115001{id}"),
            work_date: "1945-09-02".into(),
            ..Default::default()
        }
        .validate(ProgramKind::Lixiu, &[])
        .unwrap();
        assert_eq!(f.name, "王五");
    }

    #[test]
    fn every_problem_is_listed() {
        let errs = BeneficiaryDraft {
            name: " ".into(),
            id_number: "110105194912310021".into(),
            work_date: "1950-01-01".into(),
            phone: "电话".into(),
            ..Default::default()
        }
        .validate(ProgramKind::Lixiu, &[])
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![NAME, ID_NUMBER, WORK_DATE, PHONE]);
        assert!(errs[2].message.contains("不属于离休人员"));
    }
}
