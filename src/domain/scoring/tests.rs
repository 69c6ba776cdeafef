//! Tests of [`super`].

use super::*;

#[test]
fn typed_numbers_read_like_a_clerk_writes_them() {
    assert_eq!(
        parse_number(" 98% ", "实际完成值"),
        Ok(Some(Decimal::from(98)))
    );
    assert_eq!(
        parse_number("９８．５", "x"),
        Ok(Some(Decimal::new(985, 1)))
    );
    assert_eq!(parse_number("8,000", "x"), Ok(Some(Decimal::from(8000))));
    assert_eq!(parse_number("  ", "x"), Ok(None));
    assert_eq!(
        parse_number("九十八", "实际完成值"),
        Err("实际完成值「九十八」不是数字".to_owned())
    );
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn v(s: &str) -> Actual {
    Actual::Value(d(s))
}

#[test]
fn at_least_is_proportional_below_the_target() {
    let w = d("10");
    assert_eq!(
        score(Nature::AtLeast, Some(d("25")), w, &v("25")),
        d("10.00")
    );
    assert_eq!(
        score(Nature::AtLeast, Some(d("25")), w, &v("40")),
        d("10.00")
    );
    assert_eq!(
        score(Nature::AtLeast, Some(d("98")), w, &v("97")).to_string(),
        "9.90"
    );
    // 2 ÷ 3 × 10 = 6.666… → 6.67
    assert_eq!(
        score(Nature::AtLeast, Some(d("3")), w, &v("2")).to_string(),
        "6.67"
    );
    assert_eq!(
        score(Nature::AtLeast, Some(d("3")), w, &v("0")).to_string(),
        "0.00"
    );
}

#[test]
fn at_most_uses_the_reverse_formula_up_to_twice_the_target() {
    let w = d("10");
    let t = Some(d("30"));
    assert_eq!(score(Nature::AtMost, t, w, &v("20")).to_string(), "10.00");
    assert_eq!(score(Nature::AtMost, t, w, &v("30")).to_string(), "10.00");
    // 45: (1 − 15/30) × 10 = 5
    assert_eq!(score(Nature::AtMost, t, w, &v("45")).to_string(), "5.00");
    assert_eq!(score(Nature::AtMost, t, w, &v("59.99")).to_string(), "0.00");
    assert_eq!(score(Nature::AtMost, t, w, &v("60")).to_string(), "0.00");
    assert_eq!(score(Nature::AtMost, t, w, &v("90")).to_string(), "0.00");
}

#[test]
fn a_score_is_rounded_once_at_full_precision() {
    let t = Some(d("24"));
    let w = d("3");
    // ≥: 5 × 3 ÷ 24 = 15 ÷ 24 = 0.625 → 0.63 (5 ÷ 24 first is 0.208333…3, × 3
    // is 0.624999…9 → 0.62).
    assert_eq!(score(Nature::AtLeast, t, w, &v("5")).to_string(), "0.63");
    // ≤: (1 − (31 − 24) ÷ 24) × 3 = (24 − 7) × 3 ÷ 24 = 51 ÷ 24 = 2.125 → 2.13
    // (7 ÷ 24 first leaves 0.708333…3 × 3 = 2.124999…9 → 2.12).
    assert_eq!(score(Nature::AtMost, t, w, &v("31")).to_string(), "2.13");
    // 预算执行率: 79.05 × 10 ÷ 100 = 7.905 → 7.91.
    assert_eq!(
        budget_execution_score(d("79.05"), d("10")).to_string(),
        "7.91"
    );
    // A typed value too large to multiply first still scores: 4e28 ÷ 7e28 × 3
    // = 1.714… → 1.71.
    let e28 = |n: i128| Decimal::from_i128_with_scale(n * 10_i128.pow(28), 0);
    let (big, bigger) = (e28(4), e28(7));
    assert_eq!(
        score(Nature::AtLeast, Some(bigger), w, &Actual::Value(big)).to_string(),
        "1.71"
    );
}

#[test]
fn equal_scores_full_or_nothing() {
    let w = d("5");
    assert_eq!(
        score(Nature::Equal, Some(d("8000")), w, &v("8000")).to_string(),
        "5.00"
    );
    assert_eq!(
        score(Nature::Equal, Some(d("8000")), w, &v("7999.99")).to_string(),
        "0.00"
    );
}

#[test]
fn qualitative_scores_must_stay_within_their_tier() {
    let w = d("10");
    let judged = |tier, s: &str| Actual::Judged { tier, score: d(s) };
    // Each tier is closed at both ends: 8 of 10 is 达成 or 部分达成, 6 of 10 is
    // 部分达成 or 未达成.
    for (tier, inside, outside) in [
        (Tier::Achieved, ["8", "10"], ["7.99", "10.01"]),
        (Tier::Partial, ["6", "8"], ["5.99", "8.01"]),
        (Tier::Missed, ["0", "6"], ["6.01", "-0.01"]),
    ] {
        for s in inside {
            assert_eq!(
                score(Nature::Qualitative, None, w, &judged(tier, s)),
                round2(d(s))
            );
            assert!(tier.admits(d(s), w), "{tier:?} {s}");
        }
        for s in outside {
            assert!(!tier.admits(d(s), w), "{tier:?} {s}");
            assert_eq!(
                score(Nature::Qualitative, None, w, &judged(tier, s)),
                round2(Decimal::ZERO)
            );
        }
    }
    // 部分达成 with 8 of 10, 未达成 with 6 of 10 (both scored 0 while the
    // upper edge belonged to the higher tier only).
    assert_eq!(
        score(Nature::Qualitative, None, w, &judged(Tier::Partial, "8")).to_string(),
        "8.00"
    );
    assert_eq!(
        score(Nature::Qualitative, None, w, &judged(Tier::Missed, "6")).to_string(),
        "6.00"
    );
    // The 校验 panel agrees: no "outside its tier" problem at the shared edges.
    let lines = [
        line(
            "政策知晓率",
            Nature::Qualitative,
            None,
            "10",
            judged(Tier::Partial, "8"),
        ),
        line(
            "群众获得感",
            Nature::Qualitative,
            None,
            "10",
            judged(Tier::Missed, "6"),
        ),
    ];
    let e = evaluate(&lines, 130);
    assert_eq!(e.scores, vec![d("8.00"), d("6.00")]);
    assert!(
        e.problems.iter().all(|p| !p.contains("不在")),
        "{:#?}",
        e.problems
    );
    assert!(missed(
        Nature::Qualitative,
        None,
        &judged(Tier::Partial, "7")
    ));
    assert!(!missed(
        Nature::Qualitative,
        None,
        &judged(Tier::Achieved, "9")
    ));
}

#[test]
fn budget_execution_caps_at_100_percent() {
    let w = d("10");
    assert_eq!(budget_execution_score(d("100.00"), w).to_string(), "10.00");
    assert_eq!(budget_execution_score(d("120.00"), w).to_string(), "10.00");
    assert_eq!(budget_execution_score(d("88.65"), w).to_string(), "8.87");
    assert_eq!(budget_execution_score(d("0"), w).to_string(), "0.00");
}

#[test]
fn grades_at_their_boundaries() {
    for (total, grade) in [
        ("100", "优"),
        ("98", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ] {
        assert_eq!(Grade::of(d(total)).label(), grade, "{total}");
    }
}

fn line(
    name: &str,
    nature: Nature,
    target: Option<&str>,
    weight: &str,
    actual: Actual,
) -> IndicatorLine {
    IndicatorLine {
        level1: "产出".into(),
        level2: "数量".into(),
        name: name.into(),
        nature,
        target: target.map(d),
        target_text: "普遍知晓".into(),
        unit: "%".into(),
        weight: d(weight),
        metric: None,
        actual,
        actual_text: String::new(),
        reason: String::new(),
        budget_execution: false,
    }
}

#[test]
fn the_evaluation_lists_every_problem() {
    let mut lines = vec![
        line("费用审核率", Nature::AtLeast, Some("100"), "30", v("100")),
        line("满意度", Nature::AtLeast, Some("98"), "20", v("97")),
        line("覆盖人数", Nature::AtLeast, Some("20"), "20", v("30")),
        line(
            "政策知晓率",
            Nature::Qualitative,
            None,
            "10",
            Actual::Judged {
                tier: Tier::Partial,
                score: d("8.5"),
            },
        ),
        line(
            "次月拨付率",
            Nature::AtLeast,
            Some("100"),
            "10",
            Actual::Missing,
        ),
        IndicatorLine {
            budget_execution: true,
            ..line("预算执行率", Nature::AtLeast, Some("100"), "10", v("85"))
        },
    ];
    let e = evaluate(&lines, 130);
    assert_eq!(e.scores[1].to_string(), "19.80");
    assert_eq!(e.scores[3].to_string(), "0.00", "outside its tier");
    assert_eq!(e.scores[5].to_string(), "8.50");
    assert_eq!(e.total.to_string(), "78.30");
    assert_eq!(e.grade, Grade::Fair);
    assert_eq!(e.problems.len(), 6, "{:#?}", e.problems);
    assert!(e.problems[0].contains("「满意度」未完成年度指标值（≥98%）"));
    assert!(e.problems[1].contains("「覆盖人数」实际完成值达到年度指标值的 130% 以上"));
    assert!(e.problems[2].contains("「政策知晓率」得分 8.5 不在「部分达成」的范围内"));
    assert!(e.problems[3].contains("「政策知晓率」未完成年度指标值（普遍知晓）"));
    assert!(e.problems[4].contains("「次月拨付率」尚未填写实际完成值"));
    assert!(e.problems[5].contains("预算执行率 85% 低于 90%"));
    // Reasons clear the reason problems; a wrong weight total is named.
    for l in &mut lines {
        l.reason = "已说明".into();
    }
    lines[0].weight = d("25");
    let e = evaluate(&lines, 130);
    assert!(
        e.problems[0].contains("分值合计为 95，应为 100"),
        "{:?}",
        e.problems
    );
    assert_eq!(e.problems.len(), 3, "{:#?}", e.problems);
}

#[test]
fn misses_and_far_exceeded_targets_are_found() {
    assert!(missed(Nature::AtLeast, Some(d("98")), &v("97")));
    assert!(!missed(Nature::AtLeast, Some(d("98")), &v("98")));
    assert!(missed(Nature::AtMost, Some(d("30")), &v("31")));
    assert!(missed(Nature::Equal, Some(d("1")), &v("2")));
    assert!(!missed(Nature::AtLeast, Some(d("98")), &Actual::Missing));
    assert!(far_exceeded(
        Nature::AtLeast,
        Some(d("100")),
        &v("130"),
        130
    ));
    assert!(!far_exceeded(
        Nature::AtLeast,
        Some(d("100")),
        &v("129.99"),
        130
    ));
    assert!(!far_exceeded(
        Nature::AtMost,
        Some(d("100")),
        &v("200"),
        130
    ));
    assert_eq!(Nature::from_symbol(">="), Some(Nature::AtLeast));
    assert_eq!(Nature::from_symbol("定性"), Some(Nature::Qualitative));
    assert_eq!(Tier::from_label("部分达成"), Some(Tier::Partial));
}
