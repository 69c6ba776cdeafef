//! Helpers shared by the integration tests: temp databases and import files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use medfund::demo::{demo_id_number, load_demo};
use medfund::store::{Actor, Store};

/// A date, for short.
pub fn date(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A temp folder holding a demo database.
pub struct DemoDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// A fresh copy of the demo database, in its own temp folder.
pub fn demo_db() -> DemoDb {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = TEMPLATE.get_or_init(demo_template);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    std::fs::write(&path, bytes).unwrap();
    DemoDb { dir, path }
}

/// The demo database as one file's bytes. It is built once for each build of
/// medfund: the first test binary that needs it writes it to cargo's temp folder
/// for tests, named after the medfund executable's time and size (rebuilt with the
/// library); the other test binaries, and later runs, read it.
fn demo_template() -> Vec<u8> {
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let exe = std::fs::metadata(env!("CARGO_BIN_EXE_medfund")).unwrap();
    let built = exe.modified().unwrap();
    let stamp = built.duration_since(std::time::UNIX_EPOCH).unwrap();
    let name = format!("demo-{}-{}.db", stamp.as_nanos(), exe.len());
    if let Ok(bytes) = std::fs::read(cache.join(&name)) {
        return bytes;
    }
    let dir = tempfile::tempdir_in(cache).unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path).unwrap();
    load_demo(&mut store, &Actor::system()).unwrap();
    drop(store);
    // Fold the write-ahead log into the file, so the file alone is the database.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(&path).unwrap();
    // Publish it whole (a rename), then drop the templates of earlier builds.
    std::fs::rename(&path, cache.join(&name)).unwrap();
    for entry in std::fs::read_dir(cache).unwrap().flatten() {
        let other = entry.file_name().to_string_lossy().into_owned();
        if other.starts_with("demo-") && other.ends_with(".db") && other != name {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    bytes
}

/// The ten-row roster file of the acceptance check: 7 good rows and 3 bad ones
/// (a wrong check digit, a work date after 1949-09-30, an ID repeated in the file).
pub fn ten_rows(id_header: &str) -> String {
    let mut out = format!("姓名,{id_header},参加工作时间,单位,联系电话\n");
    let good = [
        ("欧阳旻", "19280304", 401, "1946-04-01"),
        ("邓珺", "19270512", 412, "1944年8月1日"),
        ("钱犇", "19300101", 423, "1948/3/3"),
        ("冯镕", "19290909", 434, "1949-09-30"),
        ("蒋昇", "19260606", 445, "1945-09-02"),
        ("沈喆", "19281010", 456, "1947-07-07"),
        ("韦玥", "19291111", 467, "1948-08-08"),
    ];
    for (i, (name, birth, seq, work)) in good.iter().enumerate() {
        out += &format!(
            "{name},{},{work},丰都县档案馆,023-7060{:04}\n",
            demo_id_number(birth, *seq),
            2000 + i
        );
    }
    let good_id = demo_id_number("19270202", 478);
    let mut bad_check = good_id.clone();
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '1' { '2' } else { '1' });
    out += &format!("陶犇,{bad_check},1946-01-01,丰都县档案馆,\n");
    out += &format!(
        "姜旻,{},1950-01-01,丰都县档案馆,\n",
        demo_id_number("19300303", 489)
    );
    out += &format!(
        "邓珺二,{},1944-08-01,丰都县档案馆,\n",
        demo_id_number("19270512", 412)
    );
    out
}

pub fn write_utf8(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

pub fn write_gbk(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(text);
    assert!(!had_errors, "text must be encodable as GBK");
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Like [`report_with_claims`], with every claim passed.
pub fn audited_report(
    db: &Path,
    month: medfund::domain::claim::Month,
    bills: &[(&str, &str)],
) -> i64 {
    report_with_claims(db, month, bills, true)
}

/// Open 丰都县人民医院's report for `month` and add one 门诊 claim of 韩堃 per
/// (票据号, 医疗总费用) on the 6th, passed when `audited`; returns the report id.
pub fn report_with_claims(
    db: &Path,
    month: medfund::domain::claim::Month,
    bills: &[(&str, &str)],
    audited: bool,
) -> i64 {
    use medfund::domain::claim::{AuditDecision, ClaimDraft};
    let mut store = Store::open(db).unwrap();
    let program = store.program_by_code("lixiu").unwrap();
    let hospital = hospital_id(&store, "H50023000001");
    let report = store
        .open_report(program.id, hospital, month, None, &Actor::admin())
        .unwrap();
    let mut ids = Vec::new();
    for (bill, total) in bills {
        let input = ClaimDraft {
            id_number: demo_id_number("19230315", 11),
            visit_type: "门诊".into(),
            visit_date: format!("{}-{:02}-06", month.year, month.month),
            total: (*total).into(),
            bill_no: (*bill).into(),
            ..Default::default()
        }
        .validate(month)
        .unwrap();
        ids.push(
            store
                .add_claim(report.id, &input, &Actor::admin())
                .unwrap()
                .id,
        );
    }
    if audited {
        store
            .audit_claims(&ids, &AuditDecision::Passed, &Actor::admin())
            .unwrap();
    }
    report.id
}

/// The text of one part of a zip file (a DOCX's `word/document.xml`), if there.
pub fn zip_part(path: &Path, part: &str) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let mut text = String::new();
    zip.by_name(part).ok()?.read_to_string(&mut text).ok()?;
    Some(text)
}

/// The id of the demo hospital with `code`.
pub fn hospital_id(store: &Store, code: &str) -> i64 {
    store
        .hospitals()
        .unwrap()
        .into_iter()
        .find(|h| h.code == code)
        .unwrap()
        .id
}
