//! The lists as a clerk and the public see them: the 公示 list of 医疗救助
//! recipients (XLSX and DOCX) and a month's claims detail (XLSX and CSV), written
//! by the CLI from a small 医疗救助 database and read back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Data, Reader, open_workbook_auto};
use common::{JIUZHU, JZ_COUNTY, JzClaim, add_jz_claim, jz_id};
use medfund::domain::claim::AuditDecision;

/// The header row of the public list, as printed.
const HEADER: &str = "序号|姓名|身份证号|救助类别|救助类型|救助金额";

/// `medfund export ARGS… --db DB --out OUT`, as 管理员.
fn medfund(db: &Path, args: &[&str], out: &Path) -> Output {
    common::medfund_as("admin")
        .arg("export")
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Run an export that must succeed; returns its stdout.
fn export_ok(db: &Path, args: &[&str], out: &Path) -> String {
    let run = medfund(db, args, out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

/// The rows of the first sheet, each cell as text, empty rows left out.
fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    c => c.to_string(),
                })
                .collect::<Vec<_>>()
        })
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect()
}

/// The rows of the DOCX's table, each cell's text.
fn docx_table(path: &Path) -> Vec<Vec<String>> {
    let xml = common::zip_part(path, "word/document.xml").unwrap();
    let table = &xml[xml.find("<w:tbl>").unwrap()..xml.find("</w:tbl>").unwrap()];
    table
        .split("</w:tr>")
        .filter(|r| r.contains("<w:tc>"))
        .map(|r| {
            r.split("</w:tc>")
                .filter(|c| c.contains("<w:p"))
                .map(common::runs_text)
                .collect()
        })
        .collect()
}

/// Whether `text` holds 18 characters in a row that make a whole ID number.
fn has_whole_id(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(18).any(|w| {
        w[..17].iter().all(|c| c.is_ascii_digit()) && (w[17].is_ascii_digit() || w[17] == 'X')
    })
}

/// Names, ID numbers and phones of the fixture that must never be published.
fn assert_nothing_personal(text: &str) {
    assert!(!has_whole_id(text), "a whole ID number is published");
    for [name, _, _, phone] in common::JZ_PEOPLE {
        assert!(!text.contains(name), "{name} is published unmasked");
        assert!(!text.contains(phone), "a phone number is published");
    }
    assert!(!text.contains("天子坟村"), "an address is published");
    assert!(!text.contains("1836010104"), "a bank account is published");
}

/// Export the fixture's 2019 public list (of `month`, else of the year) to
/// `file` in the database's folder; returns the file and what the CLI said.
fn public_list(db: &common::DemoDb, month: Option<&str>, file: &str) -> (PathBuf, String) {
    let out = db.dir.path().join(file);
    let mut args = vec!["public-list", "--program", JIUZHU, "--year", "2019"];
    args.extend(month.map(|m| ["--month", m]).into_iter().flatten());
    let said = export_ok(&db.path, &args, &out);
    (out, said)
}

/// Export the fixture's claims detail of `month` (and `more` arguments) to `file`.
fn claims(db: &common::DemoDb, month: &str, more: &[&str], file: &str) -> (PathBuf, String) {
    let out = db.dir.path().join(file);
    let mut args = vec!["claims", "--program", JIUZHU, "--month", month];
    args.extend(more);
    let said = export_ok(&db.path, &args, &out);
    (out, said)
}

fn masked(name: &str) -> String {
    medfund::domain::mask::mask_id_middle(&jz_id(name))
}

#[test]
fn the_month_list_in_xlsx_names_each_recipient_masked_once_per_kind() {
    let db = common::lists_db();
    let (out, said) = public_list(&db, Some("2019-11"), "公示.xlsx");
    assert!(
        said.contains("3 人、3 条，救助金额合计 8,500.00 元"),
        "{said}"
    );
    let rows = xlsx_rows(&out);
    assert_eq!(rows[0][0], "赫山区城乡医疗救助2019年11月救助对象公示名单");
    assert_eq!(rows[1][0], "公示单位：益阳市赫山区医疗保障局");
    assert!(rows[1][3].starts_with("公示日期："), "{:?}", rows[1]);
    assert_eq!(rows[2].join("|"), HEADER);
    // 普通住院, 重特大疾病, 门诊, each with its 小计; 李明's two visits are one
    // row; the refused and the pending claims are not there; no 资助参保 in a month.
    let body: Vec<&[String]> = rows[3..].iter().map(|r| &r[..6]).collect();
    let expect = [
        [
            "1",
            "张*静",
            &masked("张小静"),
            "低保",
            "普通住院救助",
            "2800",
        ],
        ["普通住院救助小计（1 人）", "", "", "", "", "2800"],
        [
            "2",
            "欧阳**",
            &masked("欧阳娜娜"),
            "建档立卡贫困人口",
            "重特大疾病救助",
            "5500",
        ],
        ["重特大疾病救助小计（1 人）", "", "", "", "", "5500"],
        ["3", "李*", &masked("李明"), "特困供养", "门诊救助", "200"],
        ["门诊救助小计（1 人）", "", "", "", "", "200"],
        ["合　计（3 人）", "", "", "", "", "8500"],
    ];
    for (got, want) in body.iter().zip(&expect) {
        assert_eq!(got.to_vec(), want.map(str::to_owned), "{body:?}");
    }
    let notes: Vec<&str> = rows[3 + expect.len()..]
        .iter()
        .map(|r| r[0].as_str())
        .collect();
    assert!(notes[3].starts_with("核验码 "), "{notes:?}");
    assert!(notes[3].contains("导出人 管理员"), "{notes:?}");
    assert_eq!(
        notes[..3],
        [
            "说明：1. 姓名、身份证号已按规定隐去部分信息。",
            "2. 救助金额为审核后金额（含重新计算的调整），单位：元；按医院报账月份统计。",
            "3. 如有异议，请在公示期内向益阳市赫山区医疗保障局反映。",
        ]
    );
    let all = rows.concat().join("|");
    assert!(all.contains("430903********"), "{all}");
    assert!(!all.contains("资助参保"), "a month list has no premiums");
    assert_nothing_personal(&all);
}

#[test]
fn the_year_list_in_docx_adds_the_premiums_and_the_whole_years_claims() {
    let db = common::lists_db();
    let (out, _) = public_list(&db, None, "公示.docx");
    let table = docx_table(&out);
    assert_eq!(table[0].join("|"), HEADER);
    let lines: Vec<String> = table[1..].iter().map(|r| r.join("|")).collect();
    let id = masked;
    assert_eq!(
        lines,
        [
            // 资助参保 by pinyin (li, ou, zhang); 王芳's premium of 0 is left out.
            format!("1|李*|{}|特困供养|资助参保|220.00", id("李明")),
            format!(
                "2|欧阳**|{}|建档立卡贫困人口|资助参保|150.00",
                id("欧阳娜娜")
            ),
            format!("3|张*静|{}|低保|资助参保|150.00", id("张小静")),
            "资助参保小计（3 人）|520.00".to_owned(),
            // October's claim after its 核减 of 100.
            format!("4|李*|{}|特困供养|普通住院救助|600.00", id("李明")),
            format!("5|张*静|{}|低保|普通住院救助|2,800.00", id("张小静")),
            "普通住院救助小计（2 人）|3,400.00".to_owned(),
            format!(
                "6|欧阳**|{}|建档立卡贫困人口|重特大疾病救助|5,500.00",
                id("欧阳娜娜")
            ),
            "重特大疾病救助小计（1 人）|5,500.00".to_owned(),
            format!("7|李*|{}|特困供养|门诊救助|200.00", id("李明")),
            "门诊救助小计（1 人）|200.00".to_owned(),
            "合　计（3 人）|9,620.00".to_owned(),
        ]
    );
    let xml = common::zip_part(&out, "word/document.xml").unwrap();
    let text = common::runs_text(&xml);
    assert!(
        text.starts_with("赫山区城乡医疗救助2019年度救助对象公示名单"),
        "{text}"
    );
    assert!(text.contains("公示单位：益阳市赫山区医疗保障局"));
    assert_nothing_personal(&text);
    // GB/T 9704 page: A4, its margins, the title in 2号 小标宋; the header row
    // repeats on every page.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
    assert!(xml.contains(r#"w:top="2098""#) && xml.contains(r#"w:left="1588""#));
    assert!(xml.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(xml.contains(r#"<w:sz w:val="44" />"#));
    assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
    let footer = common::zip_part(&out, "word/footer1.xml").unwrap();
    assert!(footer.contains("PAGE") && footer.contains("— "));
}

#[test]
fn the_year_list_in_xlsx_is_set_up_for_a4_printing() {
    let db = common::lists_db();
    let (out, _) = public_list(&db, None, "year.xlsx");
    let rows = xlsx_rows(&out);
    assert_eq!(rows[0][0], "赫山区城乡医疗救助2019年度救助对象公示名单");
    let total = rows.iter().find(|r| r[0] == "合　计（3 人）").unwrap();
    assert_eq!(total[5], "9620");
    assert_nothing_personal(&rows.concat().join("|"));
    // A4 portrait, fitted to the width, the header row repeated.
    let sheet = common::zip_part(&out, "xl/worksheets/sheet1.xml").unwrap();
    assert!(sheet.contains(r#"paperSize="9""#), "{sheet}");
    assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
    assert!(!sheet.contains("landscape"));
    let book = common::zip_part(&out, "xl/workbook.xml").unwrap();
    assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    assert!(book.contains("$3:$3"), "{book}");
}

#[test]
fn a_recomputed_claim_of_a_locked_month_shows_with_its_adjustment() {
    let db = common::lists_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code(JIUZHU).unwrap();
    // October is approved and locked with 李明's stay at 700 (600 after 核减).
    let october = store
        .transfer_rows(
            program.id,
            medfund::domain::claim::Month::parse("2019-10").unwrap(),
        )
        .unwrap()[0]
        .report
        .id;
    store.approve_report(october, &common::leader()).unwrap();
    // A stay admitted before October's and discharged in November takes 9800 of
    // the 10000 cap first: October's claim is recomputed to 200, an adjustment of
    // −500 carried by the hospital's next approved month.
    add_jz_claim(
        &mut store,
        JZ_COUNTY,
        "2019-11",
        &JzClaim {
            bill: "ZY201911003",
            name: "李明",
            visit: "住院",
            date: "2019-09-28",
            discharge: "2019-11-04",
            total: "15000",
            out_of_catalog: "1000",
            layers: ["0", "0", "0"],
            catastrophic: false,
        },
        AuditDecision::Passed,
    );
    drop(store);
    // 李明's 普通住院 in the year: 600 − 500 + 9800, the 10000 cap less the 100
    // 核减; in November's list, November's claim only.
    for (month, amount) in [(None, "9900"), (Some("2019-11"), "9800")] {
        let (out, _) = public_list(&db, month, "y.xlsx");
        let rows = xlsx_rows(&out);
        let li = rows
            .iter()
            .find(|r| r[1] == "李*" && r[4] == "普通住院救助")
            .unwrap();
        assert_eq!(li[5], amount, "{month:?}");
    }
}

#[test]
fn the_claims_detail_has_every_claim_with_the_whole_id_and_every_layer() {
    let db = common::lists_db();
    let (out, said) = claims(&db, "2019-11", &[], "明细.xlsx");
    assert!(said.contains("6 条报账"), "{said}");
    let rows = xlsx_rows(&out);
    assert_eq!(rows[0][0], "赫山区城乡医疗救助 2019年11月 报账明细");
    let head = &rows[1];
    assert_eq!(
        head.join("|"),
        "票据号|身份证号|姓名|医疗机构|就诊类型|重特大疾病|入院/就诊日期|出院日期|医疗总费用|目录外费用|基本医保支付|大病保险支付|其他保障支付|应付金额|审核状态|核减金额|审核意见|审核后应付|计算说明"
    );
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (body, stamp) = rows[2..].split_at(rows.len() - 3);
    assert_eq!(body.len(), 6);
    assert!(stamp[0][0].starts_with("核验码 "), "{stamp:?}");
    // By hospital code (the province's H430100… first), then entry order.
    let bills: Vec<&str> = body.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        bills,
        [
            "ZY201911002",
            "MZ201911004",
            "ZY201911001",
            "MZ201911001",
            "MZ201911002",
            "MZ201911003"
        ]
    );
    let big = &body[0];
    assert_eq!(big[col("身份证号")], jz_id("欧阳娜娜"));
    assert_eq!(big[col("姓名")], "欧阳娜娜");
    assert_eq!(big[col("医疗机构")], "湖南省人民医院");
    assert_eq!(big[col("重特大疾病")], "是");
    assert_eq!(big[col("入院/就诊日期")], "2019-11-02");
    assert_eq!(big[col("出院日期")], "2019-11-25");
    assert_eq!(big[col("医疗总费用")], "60000");
    assert_eq!(big[col("基本医保支付")], "30000");
    assert_eq!(big[col("大病保险支付")], "10000");
    assert_eq!(big[col("应付金额")], "5500");
    assert_eq!(big[col("审核状态")], "通过");
    assert_eq!(big[col("审核后应付")], "5500");
    assert!(big[col("计算说明")].contains("起付线 4000.00"), "{big:?}");
    let pending = &body[1];
    assert_eq!(pending[col("审核状态")], "待审");
    assert_eq!(pending[col("审核后应付")], "0");
    let refused = &body[5];
    assert_eq!(refused[col("审核状态")], "拒付");
    assert_eq!(refused[col("审核意见")], "重复收费");
    assert_eq!(refused[col("审核后应付")], "0");

    // One hospital only.
    let (county, _) = claims(&db, "2019-11", &["--hospital", JZ_COUNTY], "县.xlsx");
    let rows = xlsx_rows(&county);
    assert_eq!(
        rows[0][0],
        "赫山区城乡医疗救助 2019年11月 报账明细（赫山区人民医院）"
    );
    // Title, header, 4 claims, the 核验码.
    assert_eq!(rows.len() - 3, 4);
    assert!(rows[2..6].iter().all(|r| r[3] == "赫山区人民医院"));
}

#[test]
fn the_claims_detail_as_csv_opens_in_excel_and_reads_back() {
    let db = common::lists_db();
    let (out, _) = claims(&db, "2019-10", &[], "明细.csv");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(&bytes[3..]);
    let head: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(head[0], "票据号");
    assert_eq!(head.last().unwrap(), "计算说明");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // One claim, then the 核验码 in the last row's first cell.
    assert_eq!(rows.len(), 2);
    assert!(rows[1][0].starts_with("核验码 "), "{:?}", rows[1]);
    let row = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    // The ID number comes whole (behind a tab, so that Excel keeps it as text).
    assert_eq!(&row[col("身份证号")], jz_id("李明"));
    assert!(String::from_utf8_lossy(&bytes).contains(&format!("\t{}", jz_id("李明"))));
    assert_eq!(&row[col("姓名")], "李明");
    assert_eq!(&row[col("医疗总费用")], "2000.00");
    assert_eq!(&row[col("基本医保支付")], "1000.00");
    assert_eq!(&row[col("应付金额")], "700.00");
    assert_eq!(&row[col("审核状态")], "核减");
    assert_eq!(&row[col("核减金额")], "100.00");
    assert_eq!(&row[col("审核意见")], "超标准收费");
    assert_eq!(&row[col("审核后应付")], "600.00");
    // The explanation holds commas of its own and is quoted whole.
    assert!(row[col("计算说明")].contains("年度已救助 0.00，限额 10000.00"));
    assert_eq!(row.len(), head.len());
}

#[test]
fn the_claims_detail_of_a_lixiu_month_has_no_assistance_columns() {
    let db = common::demo_db();
    let out = db.dir.path().join("lixiu.csv");
    export_ok(
        &db.path,
        &["claims", "--program", "lixiu", "--month", "2021-09"],
        &out,
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let head = text.lines().next().unwrap();
    assert!(head.contains("票据号") && head.contains("审核后应付"));
    assert!(!head.contains("重特大疾病") && !head.contains("支付,应付金额"));
    assert!(text.lines().count() > 10, "the demo's September claims");
}

#[test]
fn bad_arguments_are_refused_in_chinese_and_write_nothing() {
    let db = common::lists_db();
    let dir = db.dir.path();
    let demo = common::demo_db();
    // (on the 离休 demo, arguments, output file, what stderr says)
    let cases = [
        (
            false,
            "public-list --program jiuzhu --year 2019",
            "out.pdf",
            "应以 .xlsx 或 .docx 结尾",
        ),
        (
            false,
            "public-list --program jiuzhu --year 2019 --month 2020-01",
            "out.xlsx",
            "月份 2020-01 不在 2019 年度内",
        ),
        (
            false,
            "public-list --program jiuzhu --year 2019 --month 2019-13",
            "out.xlsx",
            "月份「2019-13」无效",
        ),
        (
            false,
            "public-list --program nosuch --year 2019",
            "out.xlsx",
            "找不到项目代码「nosuch」",
        ),
        (
            false,
            "public-list --program jiuzhu --year 2030",
            "out.xlsx",
            "找不到2030年度",
        ),
        (
            false,
            "public-list --program jiuzhu --year 2019 --month 2019-03",
            "out.xlsx",
            "2019年3月没有可公示的救助对象",
        ),
        (
            false,
            "public-list --program jiuzhu --year 2019",
            "无此文件夹/out.docx",
            "不存在",
        ),
        (
            false,
            "claims --program jiuzhu --month 2019-11",
            "out.docx",
            "应以 .xlsx 或 .csv 结尾",
        ),
        (
            false,
            "claims --program jiuzhu --month 2019-11 --hospital H00000000000",
            "out.xlsx",
            "找不到定点医疗机构代码「H00000000000」",
        ),
        (
            false,
            "claims --program jiuzhu --month 2019-12",
            "out.xlsx",
            "2019年12月没有报账明细",
        ),
        // The 离休 program has no public list.
        (
            true,
            "public-list --program lixiu --year 2021",
            "out.xlsx",
            "不是医疗救助项目",
        ),
    ];
    for (on_demo, args, file, said) in cases {
        let out = dir.join(file);
        let args: Vec<&str> = args.split(' ').collect();
        let run = medfund(if on_demo { &demo.path } else { &db.path }, &args, &out);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("medfund-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_existing_file_is_replaced_only_by_a_complete_list() {
    let db = common::lists_db();
    let out = db.dir.path().join("公示.xlsx");
    std::fs::write(&out, b"old").unwrap();
    // A refused export leaves the old file as it was.
    let run = medfund(
        &db.path,
        &[
            "public-list",
            "--program",
            JIUZHU,
            "--year",
            "2019",
            "--month",
            "2019-02",
        ],
        &out,
    );
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
    public_list(&db, None, "公示.xlsx");
    assert_eq!(
        xlsx_rows(&out)[0][0],
        "赫山区城乡医疗救助2019年度救助对象公示名单"
    );
}
