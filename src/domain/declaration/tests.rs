use super::*;
use crate::domain::scoring::Actual;

fn line(name: &str, target: i64) -> IndicatorLine {
    IndicatorLine {
        level1: "产出指标".into(),
        level2: "数量指标".into(),
        name: name.into(),
        nature: Nature::AtLeast,
        target: Some(Decimal::from(target)),
        target_text: String::new(),
        unit: "%".into(),
        weight: Decimal::from(10),
        metric: None,
        actual: Actual::Missing,
        actual_text: String::new(),
        reason: String::new(),
        budget_execution: false,
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_state_goes_draft_declared_approved_and_back_only_from_declared() {
    use DeclarationState::*;
    assert_eq!(Draft.after(Step::Declare), Ok(Declared));
    assert_eq!(Declared.after(Step::Withdraw), Ok(Draft));
    assert_eq!(Declared.after(Step::Approve), Ok(Approved));
    assert_eq!(Approved.after(Step::Adjust), Ok(Approved));
    assert_eq!(
        Draft.after(Step::Approve).unwrap_err(),
        "尚未申报，不能登记批复：请先申报"
    );
    assert_eq!(
        Approved.after(Step::Withdraw).unwrap_err(),
        "绩效目标已批复，不能撤回申报"
    );
    assert!(Draft.after(Step::Adjust).unwrap_err().contains("尚未批复"));
    assert!(
        Declared
            .after(Step::Declare)
            .unwrap_err()
            .contains("已申报")
    );
    for s in DeclarationState::ALL {
        assert_eq!(DeclarationState::from_code(s.code()), Some(s));
    }
    assert!(Draft.editable() && !Declared.editable() && !Approved.editable());
}

#[test]
fn approved_targets_are_locked_but_actuals_and_reasons_may_change() {
    let old = vec![line("费用审核率", 100), line("覆盖率", 98)];
    let mut typed = old.clone();
    typed[1].actual = Actual::Value(Decimal::from(97));
    typed[1].reason = "两人未办卡".into();
    assert_eq!(
        locked_change(DeclarationState::Approved, &old, &typed),
        None
    );
    let mut changed = old.clone();
    changed[1].target = Some(Decimal::from(95));
    assert_eq!(
        locked_change(DeclarationState::Approved, &old, &changed).as_deref(),
        Some(
            "绩效目标已批复，年度指标值只能通过“调整”修改（须写明原因和日期）：第 2 项「覆盖率」的年度指标值不能修改"
        )
    );
    let mut weight = old.clone();
    weight[0].weight = Decimal::from(5);
    assert!(
        locked_change(DeclarationState::Declared, &old, &weight)
            .unwrap()
            .starts_with(
                "绩效目标已申报，指标不能修改；如需修改，请先撤回申报：第 1 项「费用审核率」的分值"
            )
    );
    let fewer = vec![old[0].clone()];
    assert!(
        locked_change(DeclarationState::Approved, &old, &fewer)
            .unwrap()
            .contains("原有 2 项，现为 1 项")
    );
    // In 编制 anything goes.
    assert_eq!(locked_change(DeclarationState::Draft, &old, &fewer), None);
}

#[test]
fn the_form_shows_the_approved_target_and_the_adjusted_one() {
    let now = line("覆盖率", 95);
    let adjustments = vec![Adjustment {
        position: 1,
        indicator: "覆盖率".into(),
        before: Target {
            value: Some(Decimal::from(98)),
            text: String::new(),
        },
        after: Target {
            value: Some(Decimal::from(95)),
            text: String::new(),
        },
        date: d(2021, 9, 1),
        reason: "政策调整".into(),
        by: "陈晓梅".into(),
    }];
    assert_eq!(target_cell(&adjustments, 1, &now), "≥98%\n（调整为≥95%）");
    // Another line is as it was approved.
    assert_eq!(target_cell(&adjustments, 0, &line("审核率", 100)), "≥100%");
    let (approved, adjusted) = approved_and_adjusted(&adjustments, 1, &now);
    assert_eq!(approved.value, Some(Decimal::from(98)));
    assert_eq!(adjusted.unwrap().value, Some(Decimal::from(95)));
}

#[test]
fn money_by_source_adds_up_to_the_fiscal_share_and_the_total() {
    let mut f = SourceAmounts::default();
    f.set(FundSource::Central, Money::from_yuan(9_000_000));
    f.set(FundSource::Provincial, Money::from_yuan(5_000_000));
    f.add(FundSource::County, Money::from_yuan(6_000_000));
    f.add(FundSource::Other, Money::from_yuan(190_000));
    // 900 + 500 + 600 = 2000 万 of 财政拨款; with 19 万 其他, 2019 万.
    assert_eq!(f.fiscal(), Money::from_yuan(20_000_000));
    assert_eq!(f.total(), Money::from_yuan(20_190_000));
    for s in FundSource::ALL {
        assert_eq!(FundSource::from_code(s.code()), Some(s));
    }
}

#[test]
fn declaring_needs_the_names_money_goals_plan_and_targets() {
    let mut f = DeclarationFields::blank("离休", "医保局", "医保局", 2022);
    assert_eq!(f.term, "2022年1月—2022年12月");
    let missing = f.missing_for_declaring(&[]);
    assert!(
        missing.contains(&"总目标不能为空".to_owned()),
        "{missing:?}"
    );
    assert!(missing.iter().any(|m| m.starts_with("资金总额不能为 0")));
    assert!(missing.iter().any(|m| m.starts_with("还没有绩效指标")));
    f.overall_goal = "保障离休干部医疗待遇".into();
    f.annual_goal = "25 人医药费按时足额报销".into();
    f.funds.set(FundSource::County, Money::from_yuan(1_340_000));
    f.stages.push(Stage {
        task: "按月审核报销".into(),
        start: d(2022, 3, 1),
        end: d(2022, 1, 31),
    });
    let mut qualitative = line("方便程度", 0);
    qualitative.nature = Nature::Qualitative;
    qualitative.target = None;
    let missing = f.missing_for_declaring(&[line("审核率", 100), qualitative]);
    assert_eq!(
        missing,
        [
            "实施进度计划第 1 行：结束日期 2022-01-31 早于开始日期 2022-03-01",
            "「方便程度」没有年度指标值（定性指标请写明目标）",
        ]
    );
    assert_eq!(f.stages[0].period_label(), "2022.03.01—2022.01.31");
}
