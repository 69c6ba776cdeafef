//! Roster import from real .xlsx, .xls and .csv (UTF-8 and GBK) files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::AtomicBool;

use medfund::demo::demo_id_number;
use medfund::io::roster_import::{self, Progress, Verdict};

fn quiet(cancel: &AtomicBool) -> Progress<'_> {
    Progress {
        report: &|_, _| {},
        cancel,
    }
}

#[test]
fn csv_dry_run_then_commit_then_gbk_again() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    let csv = common::write_utf8(db.dir.path(), "roster.csv", &common::ten_rows("身份证号"));

    let preview = roster_import::preview_file(&store, &program, &csv, &quiet(&cancel)).unwrap();
    let counts = preview.counts();
    assert_eq!(
        (counts.new, counts.updated, counts.unchanged, counts.errors),
        (7, 0, 0, 3)
    );
    assert_eq!(counts.to_string(), "新增 7，更新 0，无变化 0，错误 3");
    let errors = preview.errors();
    let rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, vec![9, 10, 11], "{errors:#?}");
    assert!(
        errors[0].message.starts_with("校验码错误"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].column, "身份证号");
    assert!(errors[1].message.contains("不属于离休人员"));
    assert_eq!(errors[1].value, "1950-01-01");
    assert_eq!(errors[2].message, "与第 3 行的身份证号重复");
    // A dry run writes nothing.
    assert_eq!(store.roster_count(program.id).unwrap(), 25);

    roster_import::commit(&mut store, &preview, &common::clerk(), &quiet(&cancel)).unwrap();
    assert_eq!(store.roster_count(program.id).unwrap(), 32);
    let ids = store
        .search_roster(program.id, "欧阳旻", Default::default(), false)
        .unwrap();
    let row = &store.roster_rows(&ids).unwrap()[0];
    assert_eq!(row.fields.category, "解放战争时期");

    // The same file as GBK with the header 公民身份号码: nothing new, the same 3 errors.
    let gbk = common::write_gbk(
        db.dir.path(),
        "roster-gbk.csv",
        &common::ten_rows("公民身份号码"),
    );
    let again = roster_import::preview_file(&store, &program, &gbk, &quiet(&cancel)).unwrap();
    let c = again.counts();
    assert_eq!((c.new, c.updated, c.unchanged, c.errors), (0, 0, 7, 3));
}

#[test]
fn xlsx_with_date_cells_text_ids_and_updates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let existing = store.beneficiaries_by_id_number(program.id).unwrap();
    let han = existing
        .values()
        .find(|b| b.fields.name == "韩堃")
        .unwrap()
        .clone();

    let path = db.dir.path().join("roster.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in [
        "姓名",
        "证件号码",
        "参加工作时间",
        "单位",
        "状态",
        "状态日期",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // Row 2: a new person with an Excel date cell.
    ws.write_string(1, 0, "孔玥").unwrap();
    ws.write_string(1, 1, demo_id_number("19290315", 501))
        .unwrap();
    ws.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(1947, 3, 1).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 3, "丰都县文化馆").unwrap();
    // Row 3: an existing person, moved unit and died.
    ws.write_string(2, 0, "韩堃").unwrap();
    ws.write_string(2, 1, &han.fields.id_number).unwrap();
    ws.write_string(2, 2, "1940-05-01").unwrap();
    ws.write_string(2, 3, "丰都县老干部局").unwrap();
    ws.write_string(2, 4, "死亡").unwrap();
    ws.write_string(2, 5, "2022年6月15日").unwrap();
    // Row 4: an ID typed as a number, which Excel has already rounded.
    ws.write_string(3, 0, "祝犇").unwrap();
    ws.write_number(3, 1, 500230192901015000.0).unwrap();
    ws.write_string(3, 2, "1946-01-01").unwrap();
    // Row 5: 死亡 with no date.
    ws.write_string(4, 0, "鲁昇").unwrap();
    ws.write_string(4, 1, demo_id_number("19280808", 512))
        .unwrap();
    ws.write_string(4, 2, "1946-01-01").unwrap();
    ws.write_string(4, 4, "死亡").unwrap();
    wb.save(&path).unwrap();

    let cancel = AtomicBool::new(false);
    let preview = roster_import::preview_file(&store, &program, &path, &quiet(&cancel)).unwrap();
    assert_eq!(preview.rows[0].verdict, Verdict::New);
    let Verdict::Update(changes) = &preview.rows[1].verdict else {
        panic!("expected an update: {:?}", preview.rows[1].verdict);
    };
    let labels: Vec<_> = changes.iter().map(|c| c.label).collect();
    assert_eq!(labels, vec!["单位", "状态"]);
    assert_eq!(changes[1].new, "死亡（2022-06-15）");
    let Verdict::Error(e) = &preview.rows[2].verdict else {
        panic!()
    };
    assert_eq!(e[0].row, 4);
    assert!(e[0].message.contains("存成了数字"), "{}", e[0].message);
    let Verdict::Error(e) = &preview.rows[3].verdict else {
        panic!()
    };
    assert_eq!(e[0].message, "填写了状态「死亡」，必须同时填写状态日期");

    roster_import::commit(&mut store, &preview, &common::clerk(), &quiet(&cancel)).unwrap();

    // 在册 with no date: fine for someone 在册, an error for someone stored as 死亡;
    // a date with no status is an error too.
    let csv = common::write_utf8(
        db.dir.path(),
        "status.csv",
        &format!(
            "姓名,身份证号,参加工作时间,单位,状态,状态日期\n孔玥,{},1947-03-01,丰都县文化馆,在册,\n韩堃,{},1940-05-01,丰都县老干部局,在册,\n李喆,{},1944-03-15,丰都县财政局,,2022-01-01\n",
            demo_id_number("19290315", 501),
            han.fields.id_number,
            demo_id_number("19240822", 23),
        ),
    );
    let p = roster_import::preview_file(&store, &program, &csv, &quiet(&cancel)).unwrap();
    assert_eq!(p.rows[0].verdict, Verdict::Unchanged);
    let Verdict::Error(e) = &p.rows[1].verdict else {
        panic!("{:?}", p.rows[1].verdict)
    };
    assert_eq!(e[0].message, "填写了状态「在册」，必须同时填写状态日期");
    let Verdict::Error(e) = &p.rows[2].verdict else {
        panic!("{:?}", p.rows[2].verdict)
    };
    assert_eq!(
        e[0].message,
        "填写了状态日期「2022-01-01」，必须同时填写状态"
    );

    let han_now = store.beneficiary(han.id).unwrap();
    assert_eq!(han_now.fields.unit, "丰都县老干部局");
    assert_eq!(han_now.status.label(), "死亡");
    let kong = store
        .search_roster(program.id, "孔玥", Default::default(), false)
        .unwrap();
    let kong = store.beneficiary(kong[0]).unwrap();
    assert_eq!(kong.fields.work_date.unwrap().to_string(), "1947-03-01");
    assert_eq!(kong.fields.category, "解放战争时期");
}

#[test]
fn xls_fixture_made_by_libreoffice() {
    // tests/fixtures/roster.xls was written by LibreOffice from a 4-row CSV
    // (header 公民身份号码, one wrong check digit, a date column as date cells).
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster.xls");
    let cancel = AtomicBool::new(false);
    let preview = roster_import::preview_file(&store, &program, &path, &quiet(&cancel)).unwrap();
    let verdicts: Vec<&str> = preview.rows.iter().map(|r| r.verdict.label()).collect();
    assert_eq!(verdicts, vec!["新增", "新增", "错误", "新增"]);
    assert_eq!(preview.rows[0].name, "欧阳旻");
    let errors = preview.errors();
    assert_eq!(errors[0].row, 4);
    assert!(errors[0].message.starts_with("校验码错误"));
}

#[test]
fn missing_column_and_unknown_type_are_file_errors() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    let p = common::write_utf8(db.dir.path(), "bad.csv", "姓名,电话\n张三,1\n");
    let err = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "缺少必需的列「身份证号」（表头可写作：身份证号、公民身份号码、证件号码、身份证号码、身份证）"
    );
    let p = common::write_utf8(db.dir.path(), "x.doc", "姓名\n");
    let err = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap_err();
    assert!(err.to_string().contains("不支持的文件类型「doc」"), "{err}");
    // A text file renamed .xlsx (or .xls) is said to be no Excel file, in Chinese.
    for name in ["roster.xlsx", "roster.xls"] {
        let p = common::write_utf8(db.dir.path(), name, &common::ten_rows("身份证号"));
        let err = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "无法打开文件 {}：文件不是有效的 Excel 文件，可能已损坏或扩展名不对",
                p.display()
            )
        );
    }
}

#[test]
fn a_long_cell_is_quoted_cut_to_50_characters() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    // A 200-character phone number and a 200-character date: each message quotes
    // the first 50 characters and "…".
    let phone = "电话".repeat(100);
    let date = "九".repeat(200);
    let text = format!(
        "姓名,身份证号,参加工作时间,联系电话\n孔玥,{},{date},{phone}\n",
        demo_id_number("19290315", 501)
    );
    let p = common::write_utf8(db.dir.path(), "long.csv", &text);
    let preview = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap();
    let errors = preview.errors();
    let value = |column: &str| {
        errors
            .iter()
            .find(|e| e.column == column)
            .unwrap_or_else(|| panic!("{column}: {errors:#?}"))
            .value
            .clone()
    };
    assert_eq!(value("联系电话"), format!("{}…", "电话".repeat(25)));
    assert_eq!(value("参加工作时间"), format!("{}…", "九".repeat(50)));
    // A 医疗救助 category the year does not have is quoted in the message itself.
    let jiuzhu = store.program_by_code("jiuzhu").unwrap();
    let category = "特".repeat(200);
    let text = format!(
        "姓名,身份证号,类别\n孔玥,{},{category}\n",
        demo_id_number("19290315", 501)
    );
    let p = common::write_utf8(db.dir.path(), "category.csv", &text);
    let preview = roster_import::preview_file(&store, &jiuzhu, &p, &quiet(&cancel)).unwrap();
    let e = &preview.errors()[0];
    assert_eq!(e.column, "类别");
    assert_eq!(e.value, format!("{}…", "特".repeat(50)));
    assert_eq!(
        e.message,
        format!("类别「{}…」不在本项目的类别中", "特".repeat(50))
    );
}

#[test]
fn excels_unicode_text_is_read_like_a_csv() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    // Excel's 「Unicode 文本」: UTF-16 LE with a BOM, tab-separated, CRLF lines.
    let text = common::ten_rows("身份证号")
        .replace(',', "\t")
        .replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let p = db.dir.path().join("名册.txt");
    std::fs::write(&p, bytes).unwrap();
    let preview = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap();
    let c = preview.counts();
    assert_eq!((c.new, c.errors), (7, 3), "{:#?}", preview.rows);
    assert_eq!(preview.rows[0].name, "欧阳旻");
    roster_import::commit(&mut store, &preview, &common::clerk(), &quiet(&cancel)).unwrap();
    let ids = store
        .search_roster(program.id, "欧阳旻", Default::default(), false)
        .unwrap();
    let row = &store.roster_rows(&ids).unwrap()[0];
    assert_eq!(row.fields.unit, "丰都县档案馆");
    assert_eq!(row.fields.phone, "023-70602000");
}

#[test]
fn error_list_is_saved_as_xlsx_and_reads_back() {
    use calamine::{Reader, open_workbook_auto};
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    let csv = common::write_utf8(db.dir.path(), "roster.csv", &common::ten_rows("身份证号"));
    let preview = roster_import::preview_file(&store, &program, &csv, &quiet(&cancel)).unwrap();
    let out = db.dir.path().join("errors.xlsx");
    medfund::io::xlsx::write_error_list(&out, "错误清单", &preview.errors()).unwrap();
    let mut wb = open_workbook_auto(&out).unwrap();
    let range = wb.worksheet_range("错误清单").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[1], vec!["行号", "列", "值", "错误原因"]);
    assert_eq!(rows[2][0], "9");
    assert_eq!(rows[2][1], "身份证号");
    assert!(rows[2][3].starts_with("校验码错误"));
    assert_eq!(rows.len(), 5);
}

#[test]
fn a_title_row_above_the_header_is_skipped() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    let text = format!(
        "丰都县离休干部名册,,\n姓名,身份证号,参加工作时间\n孔玥,{},1947-03-01\n",
        demo_id_number("19290315", 501)
    );
    let p = common::write_utf8(db.dir.path(), "titled.csv", &text);
    let preview = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap();
    assert_eq!(preview.rows.len(), 1);
    assert_eq!(preview.rows[0].excel_row, 3);
    assert_eq!(preview.rows[0].verdict, Verdict::New);
}

#[test]
fn a_record_changed_after_the_preview_is_not_overwritten() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    let han = store.beneficiaries_by_id_number(program.id).unwrap();
    let han = han
        .values()
        .find(|b| b.fields.name == "韩堃")
        .unwrap()
        .clone();
    let text = format!(
        "姓名,身份证号,单位\n韩堃,{},丰都县老干部局\n",
        han.fields.id_number
    );
    let p = common::write_utf8(db.dir.path(), "u.csv", &text);
    let preview = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap();
    assert_eq!(preview.counts().updated, 1);
    // Someone edits the phone number before the import is committed.
    let mut edited = han.fields.clone();
    edited.phone = "13800000000".into();
    store
        .update_beneficiary(han.id, &edited, &common::clerk())
        .unwrap();
    let err =
        roster_import::commit(&mut store, &preview, &common::clerk(), &quiet(&cancel)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "「韩堃」的记录在预览之后被修改过，请重新预览后再导入"
    );
    let now = store.beneficiary(han.id).unwrap();
    assert_eq!(now.fields.phone, "13800000000");
    assert_eq!(now.fields.unit, han.fields.unit);
}

#[test]
fn names_padded_in_the_register_are_stored_without_the_padding() {
    let db = common::demo_db();
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    let people = [
        ("王\u{3000}五", "19280101", 601, "王五"),
        ("李 四", "19280202", 612, "李四"),
        ("赵\u{00A0}六", "19280303", 623, "赵六"),
        (" Ayi\u{3000}Guli ", "19280404", 634, "Ayi Guli"),
    ];
    let mut text = "姓名,身份证号,参加工作时间\n".to_owned();
    for (name, birth, seq, _) in people {
        text += &format!("{name},{},1946-01-01\n", demo_id_number(birth, seq));
    }
    let p = common::write_utf8(db.dir.path(), "padded.csv", &text);
    let preview = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap();
    assert_eq!(preview.counts().new, 4, "{:#?}", preview.rows);
    roster_import::commit(&mut store, &preview, &common::clerk(), &quiet(&cancel)).unwrap();
    let stored = store.beneficiaries_by_id_number(program.id).unwrap();
    for (_, birth, seq, name) in people {
        let id = demo_id_number(birth, seq);
        assert_eq!(stored[id.as_str()].fields.name, name, "{id}");
    }
    // Imported again with the padding: the same people, unchanged.
    let again = roster_import::preview_file(&store, &program, &p, &quiet(&cancel)).unwrap();
    assert_eq!(again.counts().unchanged, 4, "{:#?}", again.rows);
}

/// A roster whose line 6 has a wrong check digit, and the same claims file for
/// 2022-03 at H50023000001, as rows of cells (header first).
fn line_six_is_bad() -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let good = [
        ("韩堃", demo_id_number("19230315", 11)),
        ("王玥", demo_id_number("19260109", 32)),
        ("李喆", demo_id_number("19240822", 23)),
        ("张珺", demo_id_number("19270418", 44)),
    ];
    let mut bad = demo_id_number("19270202", 478);
    let last = bad.pop().unwrap();
    bad.push(if last == '1' { '2' } else { '1' });
    let people: Vec<(&str, String)> = good
        .iter()
        .cloned()
        .chain([("陶犇", bad), ("韩堃", good[0].1.clone())])
        .collect();
    let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut roster = vec![cells(&["姓名", "身份证号", "参加工作时间"])];
    let mut claims = vec![cells(&[
        "身份证号",
        "姓名",
        "就诊类型",
        "就诊日期",
        "医疗总费用",
        "票据号",
    ])];
    for (i, (name, id)) in people.iter().enumerate() {
        roster.push(cells(&[name, id, "1946-01-01"]));
        let bill = format!("MZ6{i}");
        claims.push(cells(&[id, name, "门诊", "2022-03-02", "50", &bill]));
    }
    (roster, claims)
}

fn write_xlsx(path: &std::path::Path, rows: &[Vec<String>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_bad_id_on_line_6_is_reported_as_row_6_by_every_import() {
    use medfund::domain::claim::Month;
    use medfund::io::claims_import;
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let hospital = store
        .hospitals()
        .unwrap()
        .into_iter()
        .find(|h| h.code == "H50023000001")
        .unwrap();
    let month = Month::parse("2022-03").unwrap();
    let cancel = AtomicBool::new(false);
    let (roster, claims) = line_six_is_bad();
    // As Excel and WPS save a CSV: CRLF line ends.
    let csv = |rows: &[Vec<String>]| {
        rows.iter()
            .map(|r| r.join(",") + "\r\n")
            .collect::<String>()
    };
    let dir = db.dir.path();
    let roster_files = [
        common::write_utf8(dir, "roster.csv", &csv(&roster)),
        common::write_gbk(dir, "roster-gbk.csv", &csv(&roster)),
        dir.join("roster.xlsx"),
    ];
    write_xlsx(&roster_files[2], &roster);
    let claims_files = [
        common::write_utf8(dir, "claims.csv", &csv(&claims)),
        dir.join("claims.xlsx"),
    ];
    write_xlsx(&claims_files[1], &claims);
    for path in &roster_files {
        let p = roster_import::preview_file(&store, &program, path, &quiet(&cancel)).unwrap();
        let errors = p.errors();
        let rows: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
        // Line 6 is the bad check digit; line 7 repeats line 2's person.
        assert_eq!(
            rows,
            [(6, "身份证号"), (7, "身份证号")],
            "{}",
            path.display()
        );
        assert_eq!(errors[1].message, "与第 2 行的身份证号重复");
        let excel_rows: Vec<usize> = p.rows.iter().map(|r| r.excel_row).collect();
        assert_eq!(excel_rows, [2, 3, 4, 5, 6, 7], "{}", path.display());
    }
    for path in &claims_files {
        let p = claims_import::preview_file(
            &store,
            &program,
            hospital.id,
            month,
            path,
            &quiet(&cancel),
        )
        .unwrap();
        let errors = p.errors();
        // The claims import knows the ID is on no roster (line 6, 陶犇).
        let rows: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
        assert_eq!(rows, [(6, "身份证号")], "{}", path.display());
        assert_eq!(errors[0].value, roster[5][1]);
    }
}
