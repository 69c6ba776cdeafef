//! The year-end export as a clerk and a reader see it: the 绩效自评报告 DOCX and the
//! 自评表 XLSX written from the demo, read back, and converted to PDF when
//! LibreOffice is installed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use medfund::domain::claim::Month;
use medfund::domain::scoring::Actual;
use medfund::store::Actor;
use rust_decimal::Decimal;

/// Run `medfund export …` on `db` as 分管领导, expecting success.
fn export(db: &Path, args: &[&str], out_flag: &str, out: &Path) {
    let run = common::medfund_as("lingdao")
        .arg("export")
        .args(args)
        .args(["--program", "lixiu", "--year", "2021", "--db"])
        .arg(db)
        .arg(out_flag)
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The paragraphs of a DOCX's body (or its footer), each the text of its runs.
fn docx_paragraphs(path: &Path, part: &str) -> Vec<String> {
    let xml = common::zip_part(path, part).expect(part);
    xml.split("</w:p>")
        .map(common::runs_text)
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// Every cell of the first sheet as text.
fn xlsx_cells(path: &Path) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .flat_map(|r| r.iter())
        .filter(|c| !matches!(c, Data::Empty))
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn the_report_carries_seed_000s_sections_and_figures() {
    let db = common::demo_db();
    let out = db.dir.path().join("报告.docx");
    export(&db.path, &["report"], "--out", &out);
    let paras = docx_paragraphs(&out, "word/document.xml");
    let text = paras.join("\n");
    assert_eq!(paras[0], "2021年度丰都县医疗保障局离休人员");
    assert_eq!(paras[1], "医药费县级补助项目绩效自评报告");
    for heading in [
        "一、项目基本概况",
        "（一）项目背景、内容。",
        "（二）项目资金情况。",
        "二、绩效目标完成情况分析",
        "（三）评价结果",
        "三、存在问题",
        "四、下一步改进措施",
        "五、绩效自评结果拟应用和公开情况",
        "六、其他需要说明的问题",
    ] {
        assert!(paras.iter().any(|p| p == heading), "missing {heading}");
    }
    for figure in [
        "2021年初预算离休人员医药费134万元，县财政局1-12月累计拨付离休干部药费155万元，医保局实际支付离休人员药费155万元，资金结余0万元。",
        "2021年离休人员住院25人，报销支出达到88.65万元；门诊就诊1352人次，报销支出达66.35万元。",
        "2021年享受医疗报销待遇1451人次，医疗费用报销支出155万元。",
        "本项目自评分为98分，评价等级为优等级",
        "受助离休人员满意率均达98%",
    ] {
        assert!(text.contains(figure), "missing {figure}");
    }
    assert!(!text.contains('{'), "a placeholder was left unfilled");
    // The 自评表 follows as 附件 with its total and grade.
    let appendix = paras.iter().position(|p| p == "附件").expect("附件");
    let tail = paras[appendix..].join("|");
    assert!(tail.contains("2021年度项目支出绩效自评表"), "{tail}");
    assert!(tail.contains("98"), "{tail}");
    assert!(tail.contains("优"), "{tail}");
    // GB/T 9704: A4, margins 37/28/35/26 mm, 仿宋 3号 at a fixed 28 pt, page
    // numbers as "— 1 —".
    let xml = common::zip_part(&out, "word/document.xml").unwrap();
    assert!(
        xml.contains(r#"w:w="11906""#) && xml.contains(r#"w:h="16838""#),
        "A4"
    );
    for margin in [r#"w:top="2098""#, r#"w:left="1588""#] {
        assert!(xml.contains(margin), "margin {margin}");
    }
    assert!(xml.contains("仿宋"), "仿宋 body");
    assert!(xml.contains(r#"w:line="560""#), "28 pt lines");
    let footers: String = (1..=3)
        .filter_map(|i| common::zip_part(&out, &format!("word/footer{i}.xml")))
        .collect();
    assert!(
        footers.contains('—') && footers.contains("PAGE"),
        "{footers}"
    );
}

#[test]
fn edited_text_and_changed_data_show_in_the_next_export() {
    let db = common::demo_db();
    let out = db.dir.path().join("r.docx");
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let year = store.program_year(program.id, 2021).unwrap();
    store
        .save_narratives(
            year.id,
            &[(
                "6".to_owned(),
                "经复核，{年度}年度资金结余{结余万元}万元，无其他需要说明的问题。".to_owned(),
            )],
            &Actor::admin(),
        )
        .unwrap();
    // The survey found 90 % satisfied instead of 98 %.
    let mut lines = store.indicators(year.id).unwrap();
    let survey = lines
        .iter_mut()
        .find(|l| l.name == "报销对象满意度")
        .unwrap();
    survey.actual = Actual::Value(Decimal::from(90));
    survey.reason = "个别离休人员对报销进度不满意，将加快审核。".into();
    store
        .save_indicators(year.id, &lines, &Actor::admin())
        .unwrap();
    drop(store);

    export(&db.path, &["report"], "--out", &out);
    let text = docx_paragraphs(&out, "word/document.xml").join("\n");
    assert!(
        text.contains("经复核，2021年度资金结余0万元，无其他需要说明的问题。"),
        "the edit shows"
    );
    // 90 ÷ 98 × 5 = 4.59: the total falls to 97.59, still 优.
    assert!(text.contains("本项目自评分为97.59分，评价等级为优等级"));
    assert!(text.contains("受助离休人员满意率均达90%"));

    let json = common::medfund_as("lingdao")
        .args(["summary", "--program", "lixiu", "--year", "2021", "--db"])
        .arg(&db.path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["score"].as_f64(), Some(97.59));
    assert_eq!(v["grade"], "优");
}

#[test]
fn the_scoresheet_reads_back_with_its_totals() {
    let db = common::demo_db();
    let out = db.dir.path().join("自评表.xlsx");
    export(&db.path, &["scoresheet"], "--out", &out);
    let cells = xlsx_cells(&out);
    let has = |s: &str| cells.iter().any(|c| c == s);
    assert!(has("2021年度项目支出绩效自评表"), "{cells:?}");
    assert!(has("丰都县离休人员医药费县级补助"));
    assert!(has("年初预算数") && has("全年执行数") && has("执行率"));
    assert!(has("134") && has("155"), "funds in 万元: {cells:?}");
    assert!(has("偏差原因分析及改进措施"));
    assert!(has("报销对象政策知晓率") && has("普遍知晓"));
    assert!(has("总分"));
    assert!(has("98"), "the total: {cells:?}");
    assert!(cells.iter().any(|c| c.contains("优")), "the grade");
    assert!(
        cells
            .iter()
            .any(|c| c.contains("极少数离休人员对报销费用不满意")),
        "the reason for the only shortfall"
    );
}

#[test]
fn export_all_writes_the_whole_folder() {
    let db = common::demo_db();
    let dir = db.dir.path().join("导出");
    export(&db.path, &["all"], "--dir", &dir);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for want in [
        "2021年度绩效自评报告.docx",
        "2021年度绩效自评表.xlsx",
        "2021年度绩效目标申报表.xlsx",
        "2021年01月支付汇总表.xlsx",
        "2021年12月支付汇总表.xlsx",
        "2021年度年终清算表.xlsx",
        "报销对象名册.xlsx",
        "2021年度资金台账.xlsx",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert_eq!(names.len(), 18, "{names:?}");

    // The roster has every person, no whole ID number and no phone.
    let roster = xlsx_cells(&dir.join("报销对象名册.xlsx"));
    assert!(roster.iter().any(|c| c == "韩堃"));
    assert!(roster.iter().any(|c| c.contains("********")));
    assert!(
        !roster
            .iter()
            .any(|c| c.len() == 18 && c.chars().take(17).all(|d| d.is_ascii_digit())),
        "a whole ID number"
    );
    assert!(
        !roster.iter().any(|c| c.starts_with("023-")),
        "a phone number"
    );

    // The ledger ends at the year's balance.
    let ledger = xlsx_cells(&dir.join("2021年度资金台账.xlsx"));
    assert!(
        ledger.iter().any(|c| c == "丰财社〔2021〕3号"),
        "{ledger:?}"
    );
    assert!(ledger.iter().any(|c| c == "1340000"), "{ledger:?}");
}

#[test]
fn a_bad_output_name_or_year_is_refused() {
    let db = common::demo_db();
    // Exit code 2 and the message on stderr.
    let refused = |what: &str, year: &str, out: &Path| {
        let run = common::medfund_as("lingdao")
            .args(["export", what, "--program", "lixiu", "--year", year, "--db"])
            .arg(&db.path)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
        String::from_utf8_lossy(&run.stderr).into_owned()
    };
    let pdf = db.dir.path().join("r.pdf");
    assert!(refused("report", "2021", &pdf).contains("应以 .docx 结尾"));
    let xlsx = db.dir.path().join("s.xlsx");
    assert!(refused("scoresheet", "2030", &xlsx).contains("2030年度"));
    assert!(!xlsx.exists() && !pdf.exists());
}

#[test]
fn a_sheet_replaces_the_file_there_only_when_it_is_complete() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let out = db.dir.path().join("支付汇总表.xlsx");
    std::fs::write(&out, "earlier").unwrap();

    // A month without claims is refused and the file already there is kept.
    let empty = Month {
        year: 2022,
        month: 1,
    };
    let refused =
        medfund::export::payment_summary(&store, &common::finance(), &program, empty, &out);
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("没有任何医院的报账")
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "earlier");

    // A month with claims replaces it, and no temporary file is left beside it.
    let summary = medfund::export::payment_summary(
        &store,
        &common::finance(),
        &program,
        Month {
            year: 2021,
            month: 9,
        },
        &out,
    )
    .unwrap();
    assert!(!summary.lines.is_empty());
    assert!(xlsx_cells(&out).iter().any(|c| c.contains("支付汇总表")));
    let names: Vec<String> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("medfund-tmp")),
        "{names:?}"
    );

    // A folder that is not there is named, and nothing is written.
    let missing = db.dir.path().join("无此文件夹").join("清算表.xlsx");
    let settlement = store.settlement(program.id, 2021).unwrap();
    let refused = medfund::export::settlement_sheet(
        &store,
        &common::finance(),
        &program,
        settlement,
        &missing,
    );
    assert!(refused.unwrap_err().to_string().contains("不存在"));
    assert!(!missing.exists());
}

/// LibreOffice's `soffice`, when installed (CI installs it).
fn soffice() -> Option<PathBuf> {
    let found = Command::new("soffice").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("soffice"))
}

/// Convert `file` to PDF in `dir` and return how many pages it has.
fn pdf_pages(soffice: &Path, file: &Path, dir: &Path) -> usize {
    let profile = dir.join("lo-profile");
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = dir.join(file.with_extension("pdf").file_name().unwrap());
    let bytes = std::fs::read(&pdf).unwrap();
    // Each page is an object of "/Type /Page" (the tree above them is /Pages).
    let text = String::from_utf8_lossy(&bytes).replace("/Type /", "/Type/");
    text.match_indices("/Type/Page")
        .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
        .count()
}

#[test]
fn both_files_convert_to_pdf_and_the_scoresheet_is_one_page() {
    let Some(soffice) = soffice() else {
        eprintln!("soffice not installed: PDF conversion not checked");
        return;
    };
    let db = common::demo_db();
    let dir = db.dir.path().join("pdf");
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("report.docx");
    let sheet = dir.join("sheet.xlsx");
    export(&db.path, &["report"], "--out", &report);
    export(&db.path, &["scoresheet"], "--out", &sheet);
    let report_pages = pdf_pages(&soffice, &report, &dir);
    assert!(report_pages >= 3, "the report has {report_pages} pages");
    assert_eq!(
        pdf_pages(&soffice, &sheet, &dir),
        1,
        "the 自评表 fits one page"
    );
}
