//! Tests of [`super`].

use super::*;

fn sept() -> Month {
    Month::parse("2021-09").unwrap()
}

fn outpatient() -> ClaimDraft {
    ClaimDraft {
        id_number: "50023019230315011x".into(),
        visit_type: "门诊".into(),
        visit_date: "2021-09-03".into(),
        total: "256.40".into(),
        bill_no: "MZ2021090001".into(),
        ..Default::default()
    }
}

#[test]
fn months() {
    assert_eq!(sept().code(), "2021-09");
    assert_eq!(sept().label(), "2021年9月");
    assert_eq!(Month::parse("2021年9月"), Some(sept()));
    assert_eq!(Month::parse("2021-13"), None);
    assert!(sept().contains(NaiveDate::from_ymd_opt(2021, 9, 30).unwrap()));
}

#[test]
fn a_good_outpatient_claim() {
    let c = outpatient().validate(sept()).unwrap();
    assert_eq!(c.visit_type, VisitType::Outpatient);
    assert_eq!(c.total.plain(), "256.40");
    assert_eq!(c.out_of_catalog, Money::ZERO);
    assert_eq!(c.id_number, "50023019230315011X");
}

#[test]
fn every_refusal_has_its_reason() {
    let check = |d: ClaimDraft| d.validate(sept()).unwrap_err();
    let e = check(ClaimDraft {
        visit_date: "2021-10-01".into(),
        ..outpatient()
    });
    assert_eq!(
        e[0].message,
        "就诊日期 2021-10-01 不在报账月份 2021年9月 内"
    );
    let e = check(ClaimDraft {
        total: "-5".into(),
        ..outpatient()
    });
    assert_eq!(e[0].message, "医疗总费用不能为负数");
    let e = check(ClaimDraft {
        total: "5.123".into(),
        ..outpatient()
    });
    assert_eq!(e[0].message, "医疗总费用最多保留 2 位小数");
    let e = check(ClaimDraft {
        out_of_catalog: "300".into(),
        ..outpatient()
    });
    assert_eq!(e[0].message, "目录外费用 300.00 大于医疗总费用 256.40");
    let e = check(ClaimDraft {
        visit_type: "住院".into(),
        visit_date: "2021-09-10".into(),
        discharge_date: "2021-09-08".into(),
        ..outpatient()
    });
    assert_eq!(e[0].message, "出院日期 2021-09-08 早于入院日期 2021-09-10");
    let e = check(ClaimDraft {
        visit_type: "住院".into(),
        ..outpatient()
    });
    assert_eq!(e[0].message, "住院必须填写出院日期");
    let e = check(ClaimDraft {
        visit_type: "急诊".into(),
        bill_no: " ".into(),
        ..outpatient()
    });
    let fields: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec![VISIT_TYPE, BILL_NO]);
}

#[test]
fn other_layers_are_checked_by_name() {
    let d = ClaimDraft {
        other_layers: vec![
            ("基本医疗保险".into(), "100.00".into()),
            ("大病保险".into(), "-1".into()),
        ],
        ..outpatient()
    };
    let e = d.validate(sept()).unwrap_err();
    assert_eq!(e[0].field, "大病保险支付");
    assert_eq!(e[0].message, "大病保险不能为负数");
    // Above the in-catalog part (256.40) but within the bill: accepted.
    let d = ClaimDraft {
        out_of_catalog: "56.40".into(),
        other_layers: vec![("基本医保".into(), "230".into())],
        ..outpatient()
    };
    assert!(d.validate(sept()).is_ok());
    let d = ClaimDraft {
        other_layers: vec![
            ("基本医保".into(), "200".into()),
            ("大病保险".into(), "".into()),
            ("其他保障".into(), "60".into()),
        ],
        ..outpatient()
    };
    let e = d.validate(sept()).unwrap_err();
    assert_eq!(e[0].field, "基本医保支付、其他保障支付");
    assert_eq!(e[0].value, "200.00、60.00");
    assert_eq!(
        e[0].message,
        "基本医保支付 200.00、其他保障支付 60.00 合计 260.00 大于医疗总费用 256.40"
    );
    let d = ClaimDraft {
        other_layers: vec![
            ("基本医疗保险".into(), "150".into()),
            ("大病保险".into(), "".into()),
        ],
        ..outpatient()
    };
    let c = d.validate(sept()).unwrap();
    assert_eq!(c.other_layers.len(), 2);
    assert_eq!(c.other_layers[1].amount, Money::ZERO);
}

#[test]
fn a_stay_admitted_last_month_belongs_to_its_discharge_month() {
    let c = ClaimDraft {
        visit_type: "住院".into(),
        visit_date: "2021-08-28".into(),
        discharge_date: "2021-09-04".into(),
        ..outpatient()
    }
    .validate(sept())
    .unwrap();
    assert_eq!(c.discharge_date, NaiveDate::from_ymd_opt(2021, 9, 4));
}

#[test]
fn audit_decisions() {
    let p = Money::from_yuan(1000);
    assert_eq!(AuditDecision::Pending.payable_after(p), Money::ZERO);
    assert_eq!(AuditDecision::Passed.payable_after(p), p);
    let cut = AuditDecision::Reduced {
        amount: Money::from_yuan(120),
        reason: "超标准收费".into(),
    };
    assert_eq!(cut.payable_after(p).plain(), "880.00");
    assert!(cut.check(p).is_ok());
    let too_much = AuditDecision::Reduced {
        amount: Money::from_yuan(1200),
        reason: "x".into(),
    };
    assert_eq!(
        too_much.check(p),
        Err("核减金额 1200.00 大于应付金额 1000.00".into())
    );
    assert_eq!(
        AuditDecision::Refused { reason: " ".into() }.check(p),
        Err("拒付必须填写原因".into())
    );
    assert_eq!(
        AuditDecision::Refused {
            reason: "非本人就诊".into()
        }
        .payable_after(p),
        Money::ZERO
    );
}

// Outlier warnings.

fn m(t: &str) -> Money {
    Money::parse(t).unwrap()
}

#[test]
fn medians_and_outliers() {
    assert_eq!(median(&[m("3"), m("1"), m("2")]), Some(m("2")));
    assert_eq!(median(&[m("1"), m("2"), m("3"), m("4")]), Some(m("2.50")));
    assert_eq!(median(&[]), None);
    let earlier = [m("100"), m("120"), m("90")];
    assert_eq!(outlier_warning(m("1000"), &earlier), None);
    assert_eq!(
        outlier_warning(m("1000.01"), &earlier).as_deref(),
        Some("医疗总费用 1000.01 超过该人以往报账中位数 100.00 的 10 倍，请核实")
    );
    assert_eq!(outlier_warning(m("99999"), &earlier[..2]), None);
}

// 抽查.

#[test]
fn picks_large_claims_and_a_share_of_the_rest() {
    let claims: Vec<(i64, Money)> = (1..=20).map(|i| (i, Money::from_yuan(i * 100))).collect();
    let p = spot_check(&claims, 10, Some(Money::from_yuan(1800)), 7);
    // 18, 19, 20 by amount, plus 10% of the other 17 rounded up: 2.
    assert_eq!(p.len(), 5);
    assert!(p.contains(&18) && p.contains(&19) && p.contains(&20));
    assert_eq!(
        p,
        spot_check(&claims, 10, Some(Money::from_yuan(1800)), 7),
        "repeatable"
    );
    assert!(spot_check(&claims, 0, None, 1).is_empty());
    assert_eq!(spot_check(&claims, 100, None, 1).len(), 20);
    assert_eq!(spot_check(&claims[..3], 5, None, 1).len(), 1);
}
