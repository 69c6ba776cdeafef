//! Tests of [`super`]: the 政策参数 form and its parameters.

use super::*;
use crate::domain::Money;

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
    // 医疗救助 has no 统筹标准 to type.
    assert_eq!(d.kind, KindDraft::Jiuzhu);
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
    let KindDraft::Lixiu(scalars) = &mut d.kind else {
        panic!("a 离休 form has the 离休 scalars");
    };
    scalars.pooling_standard = "八千".into();
    scalars.out_of_catalog_percent = "101".into();
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

#[test]
fn the_stored_rows_read_back_as_each_kind() {
    for kind in ProgramKind::ALL {
        let seed = YearParams::seed(kind);
        let rows = ParamRows {
            categories: seed.categories.clone(),
            layers: seed.layers.clone(),
            scalars: seed
                .scalar_rows()
                .into_iter()
                .map(|(key, value)| (key.to_owned(), value))
                .collect(),
        };
        assert_eq!(YearParams::from_rows(kind, rows), seed);
    }
    assert!(YearParams::lixiu_seed().is_of(ProgramKind::Lixiu));
    assert!(!YearParams::lixiu_seed().is_of(ProgramKind::Jiuzhu));
    assert!(!YearParams::jiuzhu_seed().is_of(ProgramKind::Lixiu));
    assert!(YearParams::jiuzhu_seed().scalar_rows().is_empty());
    assert_eq!(YearParams::jiuzhu_seed().pooling_standard(), None);
    // A 离休 year stored without its scalars reads them as 0, as before.
    let bare = YearParams::from_rows(ProgramKind::Lixiu, ParamRows::default());
    assert_eq!(bare.pooling_standard(), Some(Money::ZERO));
}
