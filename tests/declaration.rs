//! 绩效目标申报 as the clerk lives it: the 2022 declaration (copied from 2021 by
//! 开启下一年度) filled in, declared, withdrawn, declared again and 批复; the lock
//! on approved targets; an 调整 shown on the 自评表; the 申报表 XLSX written by the
//! CLI, read back and (where LibreOffice is installed) printed on one page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use medfund::domain::Money;
use medfund::domain::declaration::{DeclarationState, FundSource, Target};
use medfund::domain::scoring::Actual;
use medfund::store::{Actor, Store};
use rust_decimal::Decimal;

/// The demo's 离休 program-year `year`.
fn lixiu_year(store: &Store, year: i32) -> i64 {
    let program = store.program_by_code("lixiu").unwrap();
    store.program_year(program.id, year).unwrap().id
}

fn err(result: medfund::store::Result<()>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn a_declaration_is_declared_withdrawn_declared_again_and_approved() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let y2022 = lixiu_year(&store, 2022);
    let clerk = common::clerk();

    // 开启下一年度 made 2022's declaration from 2021's, in 编制, a year later.
    let d = store.declaration(y2022).unwrap();
    assert_eq!(d.state, DeclarationState::Draft);
    assert_eq!(d.fields.term, "2022年1月—2022年12月");
    assert_eq!(
        d.fields.funds.get(FundSource::County),
        Money::from_yuan(1_340_000)
    );
    assert_eq!(d.fields.stages[0].start, common::date(2022, 1, 1));
    assert_eq!(d.fields.stages.len(), 4);

    // Only someone who may edit the evaluation writes it.
    assert_eq!(
        err(store.save_declaration(y2022, &d.fields, &common::finance())),
        "「财务」无权编辑绩效自评"
    );
    assert_eq!(
        err(store.approve_declaration(y2022, common::date(2022, 2, 1), "x", &clerk)),
        "尚未申报，不能登记批复：请先申报"
    );
    let mut fields = d.fields.clone();
    fields.annual_goal = "2022年纳入报账离休干部24人，费用审核率100%".into();
    fields
        .funds
        .set(FundSource::County, Money::from_yuan(1_400_000));
    store.save_declaration(y2022, &fields, &clerk).unwrap();

    store.declare(y2022, &clerk).unwrap();
    assert_eq!(
        store.declaration(y2022).unwrap().state,
        DeclarationState::Declared
    );
    assert_eq!(
        err(store.save_declaration(y2022, &fields, &clerk)),
        "绩效目标已是「已申报」，申报内容不能修改；如需修改，请先撤回申报"
    );
    let mut lines = store.indicators(y2022).unwrap();
    lines[0].target = Some(Decimal::from(24));
    assert_eq!(
        err(store.save_indicators(y2022, &lines, &clerk)),
        "绩效目标已申报，指标不能修改；如需修改，请先撤回申报：第 1 项「纳入报账人数」的年度指标值不能修改"
    );

    // Returned by the finance bureau: withdrawn, the target changed, declared again.
    store.withdraw_declaration(y2022, &clerk).unwrap();
    store.save_indicators(y2022, &lines, &clerk).unwrap();
    store.declare(y2022, &clerk).unwrap();
    assert_eq!(
        err(store.approve_declaration(y2022, common::date(2022, 2, 20), "  ", &clerk)),
        "请填写批复文号"
    );
    store
        .approve_declaration(
            y2022,
            common::date(2022, 2, 20),
            "丰财绩〔2022〕6号",
            &clerk,
        )
        .unwrap();
    let d = store.declaration(y2022).unwrap();
    assert_eq!(d.state_line(), "已批复（丰财绩〔2022〕6号，2022年2月20日）");
    assert_eq!(d.declared.unwrap().1, "陈晓梅");
    assert_eq!(d.approval.unwrap().recorded_by, "陈晓梅");

    // Approved: the targets are locked, the actuals are not.
    lines[0].target = Some(Decimal::from(25));
    assert_eq!(
        err(store.save_indicators(y2022, &lines, &clerk)),
        "绩效目标已批复，年度指标值只能通过“调整”修改（须写明原因和日期）：第 1 项「纳入报账人数」的年度指标值不能修改"
    );
    lines[0].target = Some(Decimal::from(24));
    lines[1].actual = Actual::Value(Decimal::from(8000));
    store.save_indicators(y2022, &lines, &clerk).unwrap();
    assert_eq!(
        err(store.withdraw_declaration(y2022, &clerk)),
        "绩效目标已批复，不能撤回申报"
    );

    // Every step is in the log, in order.
    let log: Vec<String> = store
        .audit_entries("declaration", y2022)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        log,
        [
            "approve_targets",
            "declare",
            "withdraw",
            "declare",
            "update",
            "insert"
        ]
    );
}

#[test]
fn an_adjustment_after_approval_is_scored_and_shown_on_the_scoresheet() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let y2021 = lixiu_year(&store, 2021);
    let clerk = common::clerk();
    let lines = store.indicators(y2021).unwrap();
    let survey = lines
        .iter()
        .position(|l| l.name == "报销对象满意度")
        .unwrap();
    let to = |v: i64| Target {
        value: Some(Decimal::from(v)),
        text: String::new(),
    };
    let day = common::date(2021, 9, 1);
    assert_eq!(
        err(store.adjust_target(y2021, survey, &to(99), day, " ", &clerk)),
        "调整「报销对象满意度」的年度指标值须写明原因"
    );
    assert_eq!(
        err(store.adjust_target(y2021, survey, &to(98), day, "无", &clerk)),
        "「报销对象满意度」的年度指标值已是 ≥98%，无需调整"
    );
    // 2022 is not approved: there is nothing to adjust yet.
    let y2022 = lixiu_year(&store, 2022);
    assert!(
        err(store.adjust_target(y2022, survey, &to(99), day, "x", &clerk)).contains("尚未批复")
    );

    store
        .adjust_target(
            y2021,
            survey,
            &to(99),
            day,
            "县政府要求提高服务满意度",
            &clerk,
        )
        .unwrap();
    let program = store.program_by_code("lixiu").unwrap();
    let ev = medfund::report::evaluation::load(&store, &program, 2021).unwrap();
    // Scored against the adjusted target: 98 × 5 ÷ 99 = 4.9494… → 4.95, so the
    // total is 98 − 5 + 4.95 = 97.95.
    assert_eq!(ev.evaluation.total.to_string(), "97.95");
    let sheet = ev.scoresheet(common::date(2022, 1, 20));
    let row = sheet
        .rows
        .iter()
        .find(|r| r.name == "报销对象满意度")
        .unwrap();
    assert_eq!(row.target, "≥98%\n（调整为≥99%）");
    let adjustments = store.target_adjustments(y2021).unwrap();
    assert_eq!(adjustments.len(), 1);
    assert_eq!(adjustments[0].by, "陈晓梅");
    assert_eq!(adjustments[0].reason, "县政府要求提高服务满意度");

    // The printed 自评表 shows both, as does the 申报表.
    drop(store);
    let out = db.dir.path().join("自评表.xlsx");
    export(&db.path, "scoresheet", "2021", &out);
    let cells = xlsx_cells(&out);
    assert!(
        cells.iter().any(|c| c == "≥98%\n（调整为≥99%）"),
        "{cells:?}"
    );
    let form = db.dir.path().join("申报表.xlsx");
    export(&db.path, "declaration", "2021", &form);
    assert!(
        xlsx_cells(&form)
            .iter()
            .any(|c| c == "≥98%\n（调整为≥99%）")
    );
    let store = common::open(&db.path);
    let log = store.audit_entries("declaration", y2021).unwrap();
    assert_eq!(log[0].action, "adjust_target");
    assert!(
        log[0]
            .new_value
            .as_deref()
            .unwrap()
            .contains("县政府要求提高服务满意度")
    );
}

/// `medfund export WHAT --program lixiu --year YEAR --out OUT` as the clerk; its
/// standard output.
fn export(db: &Path, what: &str, year: &str, out: &Path) -> String {
    let run = common::medfund_as("jingban")
        .args(["export", what, "--program", "lixiu", "--year", year, "--db"])
        .arg(db)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    common::assert_code(&run, 0);
    String::from_utf8_lossy(&run.stdout).into_owned()
}

fn xlsx_cells(path: &Path) -> Vec<String> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .flat_map(|r| r.iter())
        .filter(|c| !matches!(c, calamine::Data::Empty))
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn the_declaration_form_is_exported_with_its_code_and_reads_back() {
    let db = common::demo_db();
    let out = db.dir.path().join("申报表.xlsx");
    let said = export(&db.path, "declaration", "2021", &out);
    assert!(
        said.starts_with(&format!(
            "已导出 {}：绩效目标已批复（丰财绩〔2021〕8号，2021年2月26日），10 项指标",
            out.display()
        )),
        "{said}"
    );
    let code = said
        .lines()
        .find_map(|l| l.strip_prefix("核验码："))
        .and_then(|l| l.split('（').next())
        .unwrap()
        .to_owned();

    let range = common::read_sheet(&out, "绩效目标申报表");
    let cell = |r, c| common::cell_text(&range, r, c);
    assert_eq!(cell(0, 0), "2021年度项目支出绩效目标申报表");
    assert_eq!(cell(1, 0), "填报单位（盖章）：丰都县医疗保障局");
    assert_eq!(cell(1, 4), "金额单位：万元");
    assert_eq!(
        (cell(2, 0), cell(2, 2)),
        ("项目名称".into(), "丰都县离休人员医药费县级补助".into())
    );
    assert_eq!([cell(3, 0), cell(3, 2)], ["主管部门", "丰都县医疗保障局"]);
    assert_eq!([cell(4, 0), cell(4, 2)], ["实施单位", "丰都县医疗保障局"]);
    assert_eq!(
        [cell(5, 0), cell(5, 2), cell(5, 4), cell(5, 5)],
        ["项目期限", "2021年1月—2021年12月", "项目属性", "延续"]
    );
    // 资金总额 134 万元, all of it 县级 财政拨款.
    assert_eq!([cell(6, 1), cell(6, 3)], ["资金总额", "134"]);
    assert_eq!([cell(6, 4), cell(6, 5)], ["财政拨款", "134"]);
    assert_eq!([cell(8, 4), cell(8, 5)], ["县级资金", "134"]);
    assert_eq!(cell(6, 0), "项目资金\n（万元）");
    let cells = xlsx_cells(&out);
    for text in [
        "总目标",
        "年度目标",
        "实施进度\n计划",
        "2021.01.01—2021.01.31",
        "核定年度报账名册，落实个人医疗定额和统筹标准",
        "一级指标",
        "纳入报账人数",
        "≥25人",
        "8000元/人/年",
        "普遍知晓",
        "主管部门\n审核意见",
        "财政部门\n审核意见",
        "已批复。批复文号：丰财绩〔2021〕8号；批复日期：2021年2月26日",
        "单位负责人：",
        "财务负责人：",
        "填报人：",
    ] {
        assert!(cells.iter().any(|c| c == text), "missing {text}: {cells:?}");
    }
    // The 预算执行率 is scored at year end, not declared.
    assert!(!cells.iter().any(|c| c == "预算执行率"));

    // The code verifies against today's data.
    let store = common::open(&db.path);
    let v = medfund::report::verify::verify(&store, &code)
        .unwrap()
        .unwrap();
    assert_eq!(v.kind, "绩效目标申报表");
    assert!(v.matches(), "{:?}", v.outcome);

    // A wrong file type is refused and nothing is written.
    let csv = db.dir.path().join("申报表.csv");
    let run = common::medfund_as("jingban")
        .args([
            "export",
            "declaration",
            "--program",
            "lixiu",
            "--year",
            "2021",
        ])
        .arg("--db")
        .arg(&db.path)
        .arg("--out")
        .arg(&csv)
        .output()
        .unwrap();
    common::assert_code(&run, 2);
    assert!(String::from_utf8_lossy(&run.stderr).contains("应以 .xlsx 结尾"));
    assert!(!csv.exists());
}

#[test]
fn export_all_includes_the_declaration_and_the_next_year_starts_in_draft() {
    let db = common::demo_db();
    let dir = db.dir.path().join("全部");
    let run = common::medfund_as("jingban")
        .args([
            "export",
            "all",
            "--program",
            "jiuzhu",
            "--year",
            "2019",
            "--db",
        ])
        .arg(&db.path)
        .arg("--dir")
        .arg(&dir)
        .output()
        .unwrap();
    common::assert_code(&run, 0);
    let form = dir.join("2019年度绩效目标申报表.xlsx");
    assert!(form.exists());
    let cells = xlsx_cells(&form);
    // 1019 + 500 + 500 = 2019 万元.
    for text in ["2019", "1019", "500", "中央资金", "省级资金"] {
        assert!(cells.iter().any(|c| c == text), "missing {text}");
    }
    assert!(cells.iter().any(|c| c.contains("益财绩〔2019〕5号")));

    // 开启下一年度 copies the indicator set into 2020's declaration, in 编制.
    let mut store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    let y2019 = store.program_year(program.id, 2019).unwrap().id;
    let y2020 = store
        .start_next_year(program.id, 2019, &Actor::admin())
        .unwrap();
    let d = store.declaration(y2020).unwrap();
    assert_eq!(d.state, DeclarationState::Draft);
    assert_eq!(d.fields.funds.total(), Money::from_yuan(20_190_000));
    assert_eq!(d.fields.stages[0].start, common::date(2020, 1, 1));
    let (before, after) = (
        store.indicators(y2019).unwrap(),
        store.indicators(y2020).unwrap(),
    );
    assert_eq!(after.len(), before.len());
    assert!(before.iter().zip(&after).all(|(b, a)| b.target == a.target));
}

/// LibreOffice's `soffice`, when installed.
fn soffice() -> Option<PathBuf> {
    let found = Command::new("soffice").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("soffice"))
}

#[test]
fn the_declaration_form_prints_on_one_a4_page() {
    let Some(soffice) = soffice() else {
        eprintln!("soffice not installed: PDF conversion not checked");
        return;
    };
    let db = common::demo_db();
    let dir = db.dir.path().join("pdf");
    std::fs::create_dir_all(&dir).unwrap();
    for (program, year) in [("lixiu", "2021"), ("jiuzhu", "2019")] {
        let out = dir.join(format!("{program}.xlsx"));
        let run = common::medfund_as("jingban")
            .args([
                "export",
                "declaration",
                "--program",
                program,
                "--year",
                year,
            ])
            .arg("--db")
            .arg(&db.path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        common::assert_code(&run, 0);
        let profile = dir.join("lo-profile");
        let run = Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success());
        let pdf = std::fs::read(out.with_extension("pdf")).unwrap();
        let text = String::from_utf8_lossy(&pdf).replace("/Type /", "/Type/");
        let pages = text
            .match_indices("/Type/Page")
            .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
            .count();
        assert_eq!(pages, 1, "{program} {year} prints on one page");
    }
}

#[test]
fn fund_sources_split_the_scoresheets_funds_block() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    let ev = medfund::report::evaluation::load(&store, &program, 2019).unwrap();
    let sheet = ev.scoresheet(common::date(2019, 11, 28));
    let wan = |m: Money| m.in_wan().normalize().to_string();
    let rows: Vec<(String, String, String, String)> = sheet
        .funds
        .iter()
        .map(|r| {
            (
                r.label.to_owned(),
                wan(r.initial),
                wan(r.full),
                wan(r.executed),
            )
        })
        .collect();
    let row = |l: &str, a: &str, b: &str, c: &str| (l.into(), a.into(), b.into(), c.into());
    // 1596 万 paid by 11-29, counted against 中央 first (1019), then 省级 (500),
    // then 区级: 1596 − 1019 − 500 = 77.
    assert_eq!(
        rows,
        [
            row("年度资金总额", "2019", "2019", "1596"),
            row("其中：本年财政拨款", "2019", "2019", "1596"),
            row("　其中：中央补助", "1019", "1019", "1019"),
            row("　　　　省级补助", "500", "500", "500"),
            row("　　　　县级资金", "500", "500", "77"),
            row("上年结转资金", "0", "0", "0"),
            row("其他资金", "0", "0", "0"),
        ]
    );
    // The score does not move: 94.66 优.
    assert_eq!(ev.evaluation.total.to_string(), "94.66");
    assert_eq!(
        ev.value("资金来源", common::date(2019, 11, 28)).as_deref(),
        Some("中央1019万元、省级500万元、县级500万元")
    );

    // A payment has no source; an appropriation's is kept and counted.
    let y2019 = store.program_year(program.id, 2019).unwrap().id;
    let entry = medfund::store::funds::NewEntry {
        kind: medfund::domain::fund::EntryKind::Refund,
        date: common::date(2019, 12, 2),
        doc_no: "记-2019-12-01".into(),
        quarter: None,
        amount: Money::from_yuan(1_000),
        id_number: None,
        counterparty: "赫山区人民医院".into(),
        note: String::new(),
        source: Some(FundSource::Central),
    };
    assert_eq!(
        err(store
            .record_entry(y2019, &entry, &common::finance())
            .map(drop)),
        "「资金退回」不登记资金来源：只有预算和财政拨款登记中央、省级、市级、县级或其他资金"
    );
    let appropriation = medfund::store::funds::NewEntry {
        kind: medfund::domain::fund::EntryKind::Appropriation,
        quarter: Some(4),
        counterparty: String::new(),
        source: Some(FundSource::City),
        amount: Money::from_yuan(300_000),
        ..entry
    };
    let id = store
        .record_entry(y2019, &appropriation, &common::finance())
        .unwrap();
    assert_eq!(store.fund_entry(id).unwrap().source, Some(FundSource::City));
    let sums = store.fund_source_sums(y2019).unwrap();
    assert_eq!(
        sums.received_from(FundSource::City),
        Money::from_yuan(300_000)
    );
    assert_eq!(
        sums.received_from(FundSource::Central),
        Money::from_yuan(10_190_000)
    );

    // The printed 自评表 carries the 其中 lines; the total adds up the other rows.
    drop(store);
    let out = db.dir.path().join("自评表.xlsx");
    let run = common::medfund_as("jingban")
        .args([
            "export",
            "scoresheet",
            "--program",
            "jiuzhu",
            "--year",
            "2019",
        ])
        .arg("--db")
        .arg(&db.path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    common::assert_code(&run, 0);
    let range = common::read_sheet(&out, "绩效自评表");
    let label_row = (0..range.height() as u32)
        .find(|r| common::cell_text(&range, *r, 1) == "　其中：中央补助")
        .unwrap();
    // 1019 + 30 万 from the 市级 appropriation just recorded (not budgeted).
    assert_eq!(common::cell_text(&range, label_row, 3), "1019");
    assert_eq!(
        common::cell_text(&range, label_row + 2, 1),
        "　　　　市级补助"
    );
    assert_eq!(common::cell_text(&range, label_row + 2, 5), "30");
}
