//! Imports within bounds (issue 16, items 4–6): files past Excel's limits, too
//! large or badly encoded are refused quickly, at the cell that breaks the rule,
//! in Chinese; a preview lists the first 1,000 error rows; text that looks like a
//! formula comes back out as text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use calamine::{Data, Reader, open_workbook_auto};
use common::{assert_code, medfund_as, tiny_xlsx};
use medfund::io::import_preview::{AnyPreview, ImportTarget, LISTED_ERRORS};
use medfund::io::roster_import::Progress;

/// Preview `file` as the 离休 roster; the error's text when it is refused.
fn roster_preview(db: &Path, file: &Path) -> Result<AnyPreview, String> {
    let store = common::open(db);
    let program = store.program_by_code("lixiu").unwrap();
    let cancel = AtomicBool::new(false);
    let progress = Progress {
        report: &|_, _| {},
        cancel: &cancel,
    };
    ImportTarget::Roster { program }
        .preview(&store, file, &progress)
        .map_err(|e| e.to_string())
}

/// The refusal of `file`, which must come within a few seconds.
fn refused(db: &Path, file: &Path) -> String {
    let start = Instant::now();
    let message = match roster_preview(db, file) {
        Ok(_) => panic!("{} was not refused", file.display()),
        Err(message) => message,
    };
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    message
}

/// `medfund import beneficiaries --program lixiu FILE` (a dry run) as the clerk.
fn cli_import(db: &Path, file: &Path) -> std::process::Output {
    medfund_as("jingban")
        .args(["import", "beneficiaries", "--program", "lixiu", "--db"])
        .arg(db)
        .arg(file)
        .output()
        .unwrap()
}

/// An inline-string cell.
fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A header row 姓名 | 身份证号 as inline strings in row 1.
fn header_row() -> String {
    format!(
        r#"<row r="1">{}{}</row>"#,
        text_cell("A1", "姓名"),
        text_cell("B1", "身份证号")
    )
}

#[test]
fn a_tiny_xlsx_declaring_the_whole_sheet_is_refused_at_its_far_cell() {
    let db = common::demo_db();
    let path = db.dir.path().join("全表.xlsx");
    let cells = format!(
        r#"{}<row r="1048576">{}</row>"#,
        header_row(),
        text_cell("XFD1048576", "x")
    );
    tiny_xlsx(&path, "A1:XFD1048576", &cells, &[]);
    assert!(
        std::fs::metadata(&path).unwrap().len() < 4096,
        "a tiny file"
    );
    let message = refused(&db.path, &path);
    assert!(message.contains("表格范围过大"), "{message}");
    assert!(message.contains("单元格 XFD1048576"), "{message}");
    assert!(message.contains("1048576 行 × 16384 列"), "{message}");

    // The command line says the same and fails.
    let out = cli_import(&db.path, &path);
    assert_code(&out, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("单元格 XFD1048576"), "{stderr}");
}

#[test]
fn a_row_past_excels_last_row_is_refused_where_it_is() {
    let db = common::demo_db();
    let path = db.dir.path().join("三百万行.xlsx");
    let cells = format!(
        r#"{}<row r="2">{}</row><row r="3000000">{}</row>"#,
        header_row(),
        text_cell("A2", "张三"),
        text_cell("A3000000", "李四")
    );
    // Refused by the range the sheet declares, before a cell is read…
    tiny_xlsx(&path, "A1:B3000000", &cells, &[]);
    let message = refused(&db.path, &path);
    assert!(message.contains("单元格 B3000000"), "{message}");
    assert!(message.contains("最大行数 1048576 行"), "{message}");
    // …or, when the declared range lies, at the first cell past the last row.
    tiny_xlsx(&path, "A1:B2", &cells, &[]);
    let message = refused(&db.path, &path);
    assert!(
        message.contains("单元格 A3000000 在第 3000000 行"),
        "{message}"
    );
}

#[test]
fn a_column_past_xfd_is_refused_where_it_is() {
    let db = common::demo_db();
    let path = db.dir.path().join("宽.csv");
    let mut text = "姓名,身份证号\n张三".to_owned();
    text.push_str(&",".repeat(16_384));
    text.push_str("x\n");
    std::fs::write(&path, text).unwrap();
    let message = refused(&db.path, &path);
    assert!(message.contains("单元格 XFE2"), "{message}");
    assert!(message.contains("最大列数 16384 列"), "{message}");
}

#[test]
fn a_300_mb_file_is_refused_by_its_size_before_it_is_read() {
    let db = common::demo_db();
    for name in ["大.csv", "大.xlsx"] {
        let path = db.dir.path().join(name);
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(300 * 1024 * 1024).unwrap();
        drop(file);
        let message = refused(&db.path, &path);
        assert!(message.contains("有 300 MB"), "{message}");
        assert!(message.contains("上限 200 MB"), "{message}");
        assert!(message.contains(name), "{message}");
    }
}

#[test]
fn a_cell_of_40000_characters_is_refused_in_csv_and_xlsx() {
    let db = common::demo_db();
    let long = "长".repeat(40_000);
    let csv = common::write_utf8(
        db.dir.path(),
        "长.csv",
        &format!("姓名,身份证号\n张三,1\n{long},2\n"),
    );
    let message = refused(&db.path, &csv);
    assert!(message.contains("单元格 A3"), "{message}");
    assert!(message.contains("40000 个字符"), "{message}");
    assert!(message.contains("32767"), "{message}");

    let xlsx = db.dir.path().join("长.xlsx");
    let cells = format!(
        r#"{}<row r="2">{}{}</row>"#,
        header_row(),
        text_cell("A2", "张三"),
        text_cell("B2", &long)
    );
    tiny_xlsx(&xlsx, "A1:B2", &cells, &[]);
    let message = refused(&db.path, &xlsx);
    assert!(message.contains("单元格 B2"), "{message}");
    assert!(message.contains("40000 个字符"), "{message}");
}

#[test]
fn an_xlsx_that_inflates_past_1_gb_is_refused() {
    let db = common::demo_db();
    let path = db.dir.path().join("炸弹.xlsx");
    tiny_xlsx(&path, "A1:B1", &header_row(), &[]);
    // 1.1 GB of spaces added as one more part deflate to about a megabyte.
    let file = std::fs::File::options()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    let mut zip = zip::ZipWriter::new_append(file).unwrap();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/padding.xml", options).unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..1_100 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 8 * 1024 * 1024, "{size}");
    let message = refused(&db.path, &path);
    assert!(message.contains("解压后超过 1 GB"), "{message}");
}

/// A roster CSV of `n` rows, each with an ID number that is no ID number.
fn bad_rows(dir: &Path, n: usize) -> PathBuf {
    let mut text = "姓名,身份证号\n".to_owned();
    for i in 0..n {
        text += &format!("某人{i},12345{i}\n");
    }
    common::write_utf8(dir, "错.csv", &text)
}

#[test]
fn the_preview_lists_the_first_1000_error_rows_and_the_error_list_has_all() {
    let db = common::demo_db();
    let path = bad_rows(db.dir.path(), 1_200);
    let preview = roster_preview(&db.path, &path).unwrap();
    assert_eq!(preview.counts().errors, 1_200);
    assert_eq!(preview.shown_lines(true).len(), LISTED_ERRORS);
    assert_eq!(preview.shown_lines(false).len(), LISTED_ERRORS);
    let listed = preview.listed_errors();
    assert_eq!(listed.last().unwrap().row, LISTED_ERRORS + 1);
    assert_eq!(
        preview.errors_left_out().as_deref(),
        Some("共 1200 行有错误，只列出前 1000 行")
    );

    // The saved list has every row.
    let saved = db.dir.path().join("错-错误清单.xlsx");
    medfund::io::xlsx::write_error_list(&saved, "导入错误清单", &preview.errors()).unwrap();
    let mut wb = open_workbook_auto(&saved).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let errors = preview.errors();
    assert_eq!(range.height(), 2 + errors.len());
    assert_eq!(
        range.get_value((range.height() as u32 - 1, 0)),
        Some(&Data::Float(1_201.0)),
        "the last row's errors are there"
    );

    // The command line lists 1,000 and says how many there are.
    let out = cli_import(&db.path, &path);
    assert_code(&out, 1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Rows 2 to 1001 are the first 1,000 in error.
    assert!(stdout.contains("\n第 1001 行，"), "{stdout}");
    assert!(!stdout.contains("第 1002 行，"));
    assert!(
        stdout.contains("共 1200 行有错误，只列出前 1000 行"),
        "{stdout}"
    );

    // Fewer than the cap are all listed, with no such line.
    let few = bad_rows(db.dir.path(), 3);
    let preview = roster_preview(&db.path, &few).unwrap();
    assert_eq!(preview.shown_lines(true).len(), 3);
    assert_eq!(preview.errors_left_out(), None);
}

#[test]
fn bytes_that_are_no_text_are_refused_at_the_first_such_row() {
    let db = common::demo_db();
    let id = medfund::demo::demo_id_number("19280304", 401);
    // UTF-8 with its byte-order mark, and two bytes that are no UTF-8.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(format!("姓名,身份证号\n欧阳旻,{id}\n").as_bytes());
    bom.extend_from_slice("王".as_bytes());
    bom.extend_from_slice(b"\xFF\xFE,1\n");
    let path = db.dir.path().join("坏.csv");
    std::fs::write(&path, &bom).unwrap();
    let message = refused(&db.path, &path);
    assert!(message.contains("第 3 行第 1 列"), "{message}");
    assert!(message.contains("单元格 A3"), "{message}");
    assert!(message.contains("编码错误"), "{message}");

    // GBK with a byte that is no GBK either.
    let (gbk, _, _) = encoding_rs::GBK.encode("姓名,身份证号\n张三,1\n李四,2\n王");
    let mut bytes = gbk.into_owned();
    bytes.extend_from_slice(b"\xFF,3\n");
    std::fs::write(&path, &bytes).unwrap();
    let message = refused(&db.path, &path);
    assert!(message.contains("第 4 行第 1 列"), "{message}");

    let out = cli_import(&db.path, &path);
    assert_code(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("第 4 行第 1 列"));
}

#[test]
fn a_file_read_as_gbk_says_so_in_the_preview() {
    let db = common::demo_db();
    let gbk = common::write_gbk(db.dir.path(), "gbk.csv", &common::ten_rows("身份证号"));
    let preview = roster_preview(&db.path, &gbk).unwrap();
    assert!(preview.encoding_note().unwrap().contains("按 GBK 编码读取"));
    let out = cli_import(&db.path, &gbk);
    assert!(String::from_utf8_lossy(&out.stdout).contains("按 GBK 编码读取"));

    let utf8 = common::write_utf8(db.dir.path(), "utf8.csv", &common::ten_rows("身份证号"));
    assert_eq!(
        roster_preview(&db.path, &utf8).unwrap().encoding_note(),
        None
    );
    let out = cli_import(&db.path, &utf8);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("GBK"));
}

#[test]
fn a_bill_number_like_a_formula_is_exported_as_text() {
    let db = common::demo_db();
    let bill = r#"=HYPERLINK("http://x","y")"#;
    let han = medfund::demo::demo_id_number("19230315", 11);
    let csv = common::write_utf8(
        db.dir.path(),
        "claims.csv",
        &format!(
            "身份证号,姓名,就诊类型,就诊日期,医疗总费用,票据号\n{han},韩堃,门诊,2022-03-02,300.00,\"{}\"\n",
            bill.replace('"', "\"\"")
        ),
    );
    let out = medfund_as("jingban")
        .args(["import", "claims", "--program", "lixiu"])
        .args(["--hospital", "H50023000001", "--month", "2022-03"])
        .args(["--commit", "--db"])
        .arg(&db.path)
        .arg(&csv)
        .output()
        .unwrap();
    assert_code(&out, 0);

    let export = |file: &str| {
        let path = db.dir.path().join(file);
        let out = medfund_as("admin")
            .args([
                "export",
                "claims",
                "--program",
                "lixiu",
                "--month",
                "2022-03",
            ])
            .arg("--db")
            .arg(&db.path)
            .arg("--out")
            .arg(&path)
            .output()
            .unwrap();
        assert_code(&out, 0);
        path
    };
    let xlsx = export("明细.xlsx");
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    assert!(
        range
            .used_cells()
            .any(|(_, _, c)| *c == Data::String(bill.into())),
        "the 票据号 is a string cell, verbatim"
    );
    let formulas = wb.worksheet_formula(&sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );

    let csv_out = export("明细.csv");
    let text = std::fs::read_to_string(&csv_out).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[0], format!("'{bill}"), "behind an apostrophe");
}

#[test]
fn an_xls_with_a_cell_far_out_is_refused_before_calamine_reads_it() {
    let db = common::demo_db();
    let path = db.dir.path().join("远.xls");
    let mut file = cfb::create(&path).unwrap();
    let mut stream = file.create_stream("/Workbook").unwrap();
    let record = |kind: u16, data: &[u8]| -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    };
    // BOF of a worksheet, then a NUMBER at row 65,536, column XFD (0-based 16,383).
    let mut number = 65_535_u16.to_le_bytes().to_vec();
    number.extend(16_383_u16.to_le_bytes());
    number.extend([0_u8; 10]);
    stream
        .write_all(&record(0x0809, &[0, 6, 16, 0, 0, 0, 0, 0]))
        .unwrap();
    stream.write_all(&record(0x0203, &number)).unwrap();
    drop(stream);
    file.flush().unwrap();
    drop(file);
    let message = refused(&db.path, &path);
    assert!(message.contains("单元格 XFD65536"), "{message}");
    assert!(message.contains("表格范围过大"), "{message}");
}

#[test]
fn an_opendocument_spreadsheet_is_refused_whatever_its_name() {
    let db = common::demo_db();
    let path = db.dir.path().join("表.xlsx");
    tiny_xlsx(
        &path,
        "A1:B1",
        &header_row(),
        &[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )],
    );
    let message = refused(&db.path, &path);
    assert!(message.contains("OpenDocument"), "{message}");
    assert!(message.contains("另存为 .xlsx"), "{message}");
}
