//! Beneficiary categories. For 离休 the category follows from the date the person
//! joined revolutionary work (参加工作时间).

use chrono::NaiveDate;

use super::program::ProgramKind;

pub const KANGRI: &str = "抗日战争时期";
pub const JIEFANG: &str = "解放战争时期";

/// Why a category cannot be given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CategoryError {
    #[error("离休人员必须填写参加工作时间")]
    MissingWorkDate,
    #[error("参加工作时间 {0} 晚于 1949-09-30，不属于离休人员")]
    NotLixiu(String),
    #[error("类别「{0}」不在本项目的类别中")]
    Unknown(String),
    #[error("请选择类别")]
    Missing,
}

/// The 离休 category for a work-start date.
pub fn lixiu_category(work_date: NaiveDate) -> Result<&'static str, CategoryError> {
    let end_kangri = NaiveDate::from_ymd_opt(1945, 9, 2).unwrap_or(NaiveDate::MIN);
    let end_jiefang = NaiveDate::from_ymd_opt(1949, 9, 30).unwrap_or(NaiveDate::MIN);
    if work_date <= end_kangri {
        Ok(KANGRI)
    } else if work_date <= end_jiefang {
        Ok(JIEFANG)
    } else {
        Err(CategoryError::NotLixiu(super::dates::iso(work_date)))
    }
}

/// The category a person gets in a program: derived for 离休, chosen from the
/// program-year's list otherwise.
pub fn resolve_category(
    kind: ProgramKind,
    work_date: Option<NaiveDate>,
    given: &str,
    allowed: &[String],
) -> Result<String, CategoryError> {
    match kind {
        ProgramKind::Lixiu => {
            let date = work_date.ok_or(CategoryError::MissingWorkDate)?;
            Ok(lixiu_category(date)?.to_owned())
        }
        ProgramKind::Jiuzhu => {
            let given = given.trim();
            if given.is_empty() {
                Err(CategoryError::Missing)
            } else if allowed.iter().any(|a| a == given) {
                Ok(given.to_owned())
            } else {
                Err(CategoryError::Unknown(super::quoted(given)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn boundaries() {
        assert_eq!(lixiu_category(d(1945, 9, 2)), Ok(KANGRI));
        assert_eq!(lixiu_category(d(1945, 9, 3)), Ok(JIEFANG));
        assert_eq!(lixiu_category(d(1949, 9, 30)), Ok(JIEFANG));
        assert_eq!(
            lixiu_category(d(1949, 10, 1)),
            Err(CategoryError::NotLixiu("1949-10-01".into()))
        );
        assert_eq!(lixiu_category(d(1937, 7, 7)), Ok(KANGRI));
    }

    #[test]
    fn lixiu_ignores_given_category_and_requires_a_date() {
        assert_eq!(
            resolve_category(ProgramKind::Lixiu, Some(d(1940, 1, 1)), "解放战争时期", &[]),
            Ok(KANGRI.to_owned())
        );
        assert_eq!(
            resolve_category(ProgramKind::Lixiu, None, "", &[]),
            Err(CategoryError::MissingWorkDate)
        );
        let allowed = vec!["低保".to_owned()];
        assert_eq!(
            resolve_category(ProgramKind::Jiuzhu, None, "特困", &allowed),
            Err(CategoryError::Unknown("特困".into()))
        );
    }
}
