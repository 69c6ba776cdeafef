//! Helpers shared by the integration tests: temp databases and import files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub mod gui;

use medfund::demo::{demo_id_number, load_demo};
use medfund::store::{Actor, Store};

/// The medfund executable with no sign-in, whatever the environment running the
/// tests holds.
pub fn medfund() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_medfund"));
    command
        .env_remove("MEDFUND_USER")
        .env_remove("MEDFUND_PASSWORD");
    command
}

/// The medfund executable signed in as `user`: `--user`, and the demo password in
/// `MEDFUND_PASSWORD`.
pub fn medfund_as(user: &str) -> Command {
    let mut command = medfund();
    command
        .args(["--user", user])
        .env("MEDFUND_PASSWORD", medfund::demo::DEMO_PASSWORD);
    command
}

/// The demo user `username` (one of [`medfund::demo::DEMO_USERS`]) as an actor.
fn demo_user(username: &str) -> Actor {
    let (username, name, role) = medfund::demo::DEMO_USERS
        .into_iter()
        .find(|u| u.0 == username)
        .unwrap();
    Actor {
        username: username.into(),
        display_name: name.into(),
        roles: role.into(),
    }
}

/// 经办人 jingban: keeps the roster and enters claims.
pub fn clerk() -> Actor {
    demo_user("jingban")
}

/// 审核员 shenhe: audits claims.
pub fn auditor() -> Actor {
    demo_user("shenhe")
}

/// 分管领导 lingdao: approves, returns and reopens months.
pub fn leader() -> Actor {
    demo_user("lingdao")
}

/// 财务 caiwu: pays months and keeps the fund ledger.
pub fn finance() -> Actor {
    demo_user("caiwu")
}

/// 安全审计员 shenji: reads the 操作日志.
pub fn security() -> Actor {
    demo_user("shenji")
}

/// The command ended with `code`; on failure both of its outputs are shown.
pub fn assert_code(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A date, for short.
pub fn date(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A temp folder holding a demo database.
pub struct DemoDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// A fresh copy of the demo database and its key file, in its own temp folder.
pub fn demo_db() -> DemoDb {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_db_at(&dir.path().join("demo.db"));
    DemoDb { dir, path }
}

/// A fresh copy of the demo database and its key file at `path`.
pub fn demo_db_at(path: &Path) -> PathBuf {
    static TEMPLATE: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    let (bytes, keys) = TEMPLATE.get_or_init(demo_template);
    std::fs::write(path, bytes).unwrap();
    std::fs::write(path.with_extension("keys"), keys).unwrap();
    path.to_path_buf()
}

/// A plain copy of the demo, as a database from before encryption was.
pub fn plain_demo_db() -> DemoDb {
    let db = demo_db();
    let plain = db.dir.path().join("plain.db");
    let conn = raw(&db.path);
    conn.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [plain.to_string_lossy().as_ref()],
    )
    .unwrap();
    conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
        .unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA plain.user_version = {version}; DETACH DATABASE plain;"
    ))
    .unwrap();
    drop(conn);
    std::fs::remove_file(&db.path).unwrap();
    std::fs::remove_file(db.path.with_extension("keys")).unwrap();
    std::fs::remove_dir_all(db.dir.path().join("backups")).ok();
    std::fs::rename(&plain, &db.path).unwrap();
    db
}

/// The key of every test database: the demo's recovery code's.
pub fn test_key() -> &'static medfund::store::keyring::MasterKey {
    static KEY: OnceLock<medfund::store::keyring::MasterKey> = OnceLock::new();
    KEY.get_or_init(|| medfund::demo::demo_key().unwrap())
}

/// Open the test database at `path`, creating it (encrypted with [`test_key`])
/// when there is none.
pub fn open(path: &Path) -> Store {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
        Store::open_with_key(path, test_key()).unwrap()
    } else {
        let code = medfund::demo::demo_recovery_code().unwrap();
        Store::create(path, &code, false).unwrap()
    }
}

/// What someone with the sqlite3 shell does first to edit or delete log rows:
/// drop the triggers that keep the audit log append-only.
pub const DROP_APPEND_ONLY: &str =
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

/// A raw SQLite connection to the test database at `path` (or a backup of it),
/// keyed: what someone with the sqlite3 shell and the key could change.
pub fn raw(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    let keying = medfund::store::open::keying_lock();
    conn.pragma_update(None, "key", test_key().pragma_value().as_str())
        .unwrap();
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap();
    drop(keying);
    conn
}

/// The demo database as one file's bytes. It is built once for each build of
/// medfund: the first test binary that needs it writes it to cargo's temp folder
/// for tests, named after the medfund executable's time and size (rebuilt with the
/// library); the other test binaries, and later runs, read it.
fn demo_template() -> (Vec<u8>, Vec<u8>) {
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let exe = std::fs::metadata(env!("CARGO_BIN_EXE_medfund")).unwrap();
    let built = exe.modified().unwrap();
    let stamp = built.duration_since(std::time::UNIX_EPOCH).unwrap();
    let name = format!("demo-{}-{}.db", stamp.as_nanos(), exe.len());
    let keys_name = name.replace(".db", ".keys");
    if let (Ok(bytes), Ok(keys)) = (
        std::fs::read(cache.join(&name)),
        std::fs::read(cache.join(&keys_name)),
    ) {
        return (bytes, keys);
    }
    let dir = tempfile::tempdir_in(cache).unwrap();
    let path = dir.path().join("demo.db");
    let mut store = medfund::demo::create_demo_store(&path).unwrap();
    load_demo(&mut store, &Actor::system()).unwrap();
    // Fold the write-ahead log into the file, so the file alone is the database.
    store.checkpoint().unwrap();
    drop(store);
    let bytes = std::fs::read(&path).unwrap();
    let keys = std::fs::read(path.with_extension("keys")).unwrap();
    // Publish them whole (a rename, the key file first), then drop the templates
    // of earlier builds.
    std::fs::rename(path.with_extension("keys"), cache.join(&keys_name)).unwrap();
    std::fs::rename(&path, cache.join(&name)).unwrap();
    for entry in std::fs::read_dir(cache).unwrap().flatten() {
        let other = entry.file_name().to_string_lossy().into_owned();
        if other.starts_with("demo-")
            && (other.ends_with(".db") || other.ends_with(".keys"))
            && other != name
            && other != keys_name
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    (bytes, keys)
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
    let mut store = open(db);
    let program = store.program_by_code("lixiu").unwrap();
    let hospital = hospital_id(&store, "H50023000001");
    let report = store
        .open_report(program.id, hospital, month, None, &clerk())
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
        ids.push(store.add_claim(report.id, &input, &clerk()).unwrap().id);
    }
    if audited {
        store
            .audit_claims(&ids, &AuditDecision::Passed, &auditor())
            .unwrap();
    }
    report.id
}

/// Pass every claim of `report`, as the administrator.
pub fn pass_all(store: &mut Store, report: i64) {
    let ids: Vec<i64> = store
        .report_claims(report)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    store
        .audit_claims(
            &ids,
            &medfund::domain::claim::AuditDecision::Passed,
            &auditor(),
        )
        .unwrap();
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

/// The text of the runs (`<w:t>`) in a piece of WordprocessingML, joined.
pub fn runs_text(xml: &str) -> String {
    let mut text = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some(start) = piece.find('>') else {
            continue;
        };
        let body = &piece[start + 1..];
        if let Some(end) = body.find("</w:t>") {
            text.push_str(&body[..end]);
        }
    }
    text
}

/// A 医疗救助 program `jiuzhu` named `name` (益阳市赫山区医疗保障局) with `year` on the
/// seed parameters; returns its id.
pub fn new_jiuzhu_program(store: &mut Store, name: &str, year: i32) -> i64 {
    use medfund::domain::program::{ProgramKind, YearParams};
    store
        .create_program_with_year(
            &medfund::store::programs::NewProgram {
                code: "jiuzhu".into(),
                name: name.into(),
                kind: ProgramKind::Jiuzhu,
                department: "益阳市赫山区医疗保障局".into(),
                unit: "益阳市赫山区医疗保障局".into(),
            },
            year,
            &YearParams::jiuzhu_seed(),
            &Actor::admin(),
        )
        .unwrap()
}

/// Add hospitals (code, name, level, in the county) that are not there yet, with a
/// bank account made from the code; returns their ids in order.
pub fn add_hospitals(
    store: &mut Store,
    hospitals: &[(&str, &str, medfund::domain::hospital::HospitalLevel, bool)],
) -> Vec<i64> {
    use medfund::domain::hospital::Hospital;
    hospitals
        .iter()
        .map(|(code, name, level, in_county)| {
            if let Some(h) = store.hospitals().unwrap().iter().find(|h| h.code == *code) {
                return h.id;
            }
            let hospital = Hospital {
                id: 0,
                code: (*code).into(),
                name: (*name).into(),
                level: *level,
                in_county: *in_county,
                credit_code: String::new(),
                bank_name: "中国农业银行益阳赫山支行".into(),
                bank_account: format!("1836010104000{}", &code[8..]),
                active: true,
            };
            store.add_hospital(&hospital, &Actor::admin()).unwrap()
        })
        .collect()
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

/// The 医疗救助 fixture's county hospital (县级, in the county).
pub const JIUZHU_COUNTY_HOSPITAL: &str = "H43090300001";
/// The fixture's out-of-county hospital (县级以上).
pub const JIUZHU_OUTSIDE_HOSPITAL: &str = "H43010000001";

/// A valid 赫山区 ID number born on `birth` (YYYYMMDD).
pub fn heshan_id_number(birth: &str, seq: u32) -> String {
    medfund::demo::id_number_in("430903", birth, seq)
}

/// The fixture's roster: (name, birth, sequence, category, 一类对象).
pub const JIUZHU_PEOPLE: [(&str, &str, u32, &str, bool); 4] = [
    ("李建国", "19580312", 11, "建档立卡贫困人口", false),
    ("王秀英", "19620705", 22, "低保", false),
    ("张桂兰", "19450918", 32, "特困供养", false),
    ("刘明", "19700101", 41, "建档立卡贫困人口", true),
];

/// The ID number of the `i`th person of [`JIUZHU_PEOPLE`].
pub fn jiuzhu_id_number(i: usize) -> String {
    let (_, birth, seq, _, _) = JIUZHU_PEOPLE[i];
    heshan_id_number(birth, seq)
}

/// Add a small 医疗救助 program (code `jiuzhu`, year 2019 with the seed
/// parameters) to `store`: two hospitals (unless there), the four people of
/// [`JIUZHU_PEOPLE`], and one 门诊 claim of 王秀英 (MZ190101, 300.00) at the county
/// hospital in January. Returns the program id.
pub fn add_jiuzhu(store: &mut Store) -> i64 {
    use medfund::domain::beneficiary::BeneficiaryDraft;
    use medfund::domain::claim::{ClaimDraft, Month};
    use medfund::domain::hospital::HospitalLevel;
    use medfund::domain::program::{ProgramKind, YearParams};
    let params = YearParams::jiuzhu_seed();
    let program = new_jiuzhu_program(store, "赫山区城乡医疗救助", 2019);
    add_hospitals(
        store,
        &[
            (
                JIUZHU_COUNTY_HOSPITAL,
                "赫山区人民医院",
                HospitalLevel::County,
                true,
            ),
            (
                JIUZHU_OUTSIDE_HOSPITAL,
                "湖南省人民医院",
                HospitalLevel::AboveCounty,
                false,
            ),
        ],
    );
    let categories = params.category_names();
    for (i, (name, _, _, category, class_one)) in JIUZHU_PEOPLE.iter().enumerate() {
        let fields = BeneficiaryDraft {
            name: (*name).into(),
            id_number: jiuzhu_id_number(i),
            category: (*category).into(),
            class_one: medfund::domain::yes_no(*class_one).into(),
            ..Default::default()
        }
        .validate(ProgramKind::Jiuzhu, &categories)
        .unwrap();
        store.add_beneficiary(program, &fields, &clerk()).unwrap();
    }
    let month = Month {
        year: 2019,
        month: 1,
    };
    let report = store
        .open_report(
            program,
            hospital_id(store, JIUZHU_COUNTY_HOSPITAL),
            month,
            None,
            &clerk(),
        )
        .unwrap();
    let claim = ClaimDraft {
        id_number: jiuzhu_id_number(1),
        visit_type: "门诊".into(),
        visit_date: "2019-01-10".into(),
        total: "300.00".into(),
        bill_no: "MZ190101".into(),
        other_layers: params
            .layers
            .iter()
            .map(|l| (l.clone(), String::new()))
            .collect(),
        ..Default::default()
    }
    .validate(month)
    .unwrap();
    store.add_claim(report.id, &claim, &clerk()).unwrap();
    program
}

/// A fresh database holding only the [`add_jiuzhu`] program, with the demo's
/// users (password [`medfund::demo::DEMO_PASSWORD`]).
pub fn jiuzhu_db() -> DemoDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jiuzhu.db");
    let mut store = open(&path);
    let password = medfund::demo::DEMO_PASSWORD;
    set_demo_admin_password(&mut store);
    for (username, name, role) in medfund::demo::DEMO_USERS {
        store
            .create_user(username, name, role, password, &Actor::admin())
            .unwrap();
    }
    add_jiuzhu(&mut store);
    DemoDb { dir, path }
}

/// A 重特大疾病 stay of 李建国 (the fixture's 建档立卡贫困人口 person) at the county
/// hospital, with nothing paid by other layers; returns (claim id, report id).
pub fn catastrophic_stay(
    store: &mut Store,
    month: u32,
    admitted: &str,
    discharged: &str,
    total: &str,
    bill: &str,
) -> (i64, i64) {
    use medfund::domain::claim::{ClaimDraft, Month};
    let program = store.program_by_code("jiuzhu").unwrap();
    let hospital = hospital_id(store, JIUZHU_COUNTY_HOSPITAL);
    let layers = store.program_year(program.id, 2019).unwrap().params.layers;
    let month = Month { year: 2019, month };
    let report = store
        .open_report(program.id, hospital, month, None, &clerk())
        .unwrap();
    let input = ClaimDraft {
        id_number: jiuzhu_id_number(0),
        visit_type: "住院".into(),
        visit_date: admitted.into(),
        discharge_date: discharged.into(),
        total: total.into(),
        bill_no: bill.into(),
        other_layers: layers.into_iter().map(|l| (l, String::new())).collect(),
        catastrophic: "是".into(),
        ..Default::default()
    }
    .validate(month)
    .unwrap();
    let id = store.add_claim(report.id, &input, &clerk()).unwrap().id;
    (id, report.id)
}

/// On the [`jiuzhu_db`]: 李建国's stay ZY190101 (自付 12000.00) in January, passed
/// and approved (locked); then a February stay ZY190201 admitted earlier
/// (2019-01-01, 自付 5000.00, passed: pays 500.00) takes the 起付线, so January's
/// claim is recomputed from 4000.00 to 6000.00 and the 2000.00 difference waits as
/// an adjustment for the hospital's next approved month. Returns (January's claim
/// id, February's report id).
pub fn locked_month_with_adjustment(db: &Path) -> (i64, i64) {
    use medfund::domain::claim::AuditDecision;
    let mut store = open(db);
    let (january, report) = catastrophic_stay(
        &mut store,
        1,
        "2019-01-03",
        "2019-01-15",
        "12000.00",
        "ZY190101",
    );
    pass_all(&mut store, report);
    store.approve_report(report, &leader()).unwrap();
    let (stay, february) = catastrophic_stay(
        &mut store,
        2,
        "2019-01-01",
        "2019-02-02",
        "5000.00",
        "ZY190201",
    );
    store
        .audit_claims(&[stay], &AuditDecision::Passed, &auditor())
        .unwrap();
    (january, february)
}

/// The persons of [`premium_db`]: (name, birth date, sequence, category, status row).
/// 孙国庆 died before 2019 and is on no 2019 list; 周丽 died during 2019 and is.
pub const PREMIUM_PEOPLE: [(&str, &str, u32, &str, Option<&str>); 9] = [
    ("张桂英", "19400312", 11, "特困供养", None),
    ("李建国", "19520708", 23, "特困供养", None),
    ("王秀兰", "19610215", 34, "低保", None),
    ("刘志强", "19750930", 45, "低保", None),
    ("陈玉梅", "19680521", 56, "低收入", None),
    ("杨德明", "19581103", 67, "建档立卡贫困人口", None),
    ("赵春华", "19830817", 78, "其他特殊困难", None),
    ("孙国庆", "19491001", 89, "低保", Some("2018-06-01")),
    (
        "周丽",
        "19900101",
        90,
        "建档立卡贫困人口",
        Some("2019-05-10"),
    ),
];

/// The ID number of the `i`-th person of [`PREMIUM_PEOPLE`].
pub fn premium_id(i: usize) -> String {
    let (_, birth, seq, _, _) = PREMIUM_PEOPLE[i];
    demo_id_number(birth, seq)
}

/// A temp folder holding a fresh 医疗救助 database: program `jiuzhu` (城乡医疗救助)
/// with 2019 on the seed parameters (资助参保 特困供养 220, 低保 150, 建档立卡 150,
/// 低收入 and 其他 0), the persons of [`PREMIUM_PEOPLE`], and the demo's users with
/// the demo password.
pub fn premium_db() -> DemoDb {
    use medfund::domain::beneficiary::{BeneficiaryDraft, Status, StatusEvent};
    use medfund::domain::program::{ProgramKind, YearParams};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("premium.db");
    let mut store = open(&path);
    let admin = Actor::admin();
    let params = YearParams::jiuzhu_seed();
    let program = new_jiuzhu_program(&mut store, "城乡医疗救助", 2019);
    for (i, (name, _, _, category, died)) in PREMIUM_PEOPLE.iter().enumerate() {
        let fields = BeneficiaryDraft {
            name: (*name).into(),
            id_number: premium_id(i),
            category: (*category).into(),
            ..Default::default()
        }
        .validate(ProgramKind::Jiuzhu, &params.category_names())
        .unwrap();
        let id = store.add_beneficiary(program, &fields, &clerk()).unwrap();
        if let Some(date) = died {
            let event = StatusEvent {
                status: Status::Deceased,
                date: medfund::domain::dates::parse_date(date).unwrap(),
            };
            store.add_status(id, &event, "", &clerk()).unwrap();
        }
    }
    set_demo_admin_password(&mut store);
    for (username, name, role) in medfund::demo::DEMO_USERS {
        store
            .create_user(username, name, role, medfund::demo::DEMO_PASSWORD, &admin)
            .unwrap();
    }
    drop(store);
    DemoDb { dir, path }
}

/// The 医疗救助 program of [`lists_db`].
pub const JIUZHU: &str = "jiuzhu";
/// Its county hospital (乡镇/县级 rate) and its provincial one (县级以上): those of
/// [`add_jiuzhu`].
pub const JZ_COUNTY: &str = JIUZHU_COUNTY_HOSPITAL;
pub const JZ_PROVINCE: &str = JIUZHU_OUTSIDE_HOSPITAL;

/// The fixture's people: name, then birth date and 3-digit sequence of the ID
/// number, category and phone.
pub const JZ_PEOPLE: [[&str; 4]; 4] = [
    ["张小静", "19850512-022", "低保", "13807370001"],
    [
        "欧阳娜娜",
        "19620303-042",
        "建档立卡贫困人口",
        "13807370002",
    ],
    ["李明", "19480909-013", "特困供养", "13807370003"],
    ["王芳", "19700101-064", "低收入", "13807370004"],
];

/// The ID number of the fixture's person `name`.
pub fn jz_id(name: &str) -> String {
    let person = JZ_PEOPLE.iter().find(|p| p[0] == name).unwrap();
    let (birth, seq) = person[1].split_once('-').unwrap();
    heshan_id_number(birth, seq.parse().unwrap())
}

/// A 医疗救助 claim of `name` in the fixture: (bill, name, visit type, dates,
/// total, out of catalog, [基本医保, 大病保险, 其他保障], 重特大疾病).
pub struct JzClaim<'a> {
    pub bill: &'a str,
    pub name: &'a str,
    pub visit: &'a str,
    pub date: &'a str,
    pub discharge: &'a str,
    pub total: &'a str,
    pub out_of_catalog: &'a str,
    pub layers: [&'a str; 3],
    pub catastrophic: bool,
}

/// Add `claim` to `hospital`'s `month` (opening the report) and record `decision`
/// unless pending; returns the claim's id.
pub fn add_jz_claim(
    store: &mut Store,
    hospital: &str,
    month: &str,
    claim: &JzClaim<'_>,
    decision: medfund::domain::claim::AuditDecision,
) -> i64 {
    use medfund::domain::claim::{AuditDecision, ClaimDraft, Month};
    let month = Month::parse(month).unwrap();
    let program = store.program_by_code(JIUZHU).unwrap();
    let hospital = hospital_id(store, hospital);
    let report = store
        .open_report(program.id, hospital, month, None, &clerk())
        .unwrap();
    let layers = medfund::domain::assistance::SEED_LAYERS
        .iter()
        .zip(claim.layers)
        .map(|(l, a)| ((*l).to_owned(), a.to_owned()))
        .collect();
    let input = ClaimDraft {
        id_number: jz_id(claim.name),
        visit_type: claim.visit.into(),
        visit_date: claim.date.into(),
        discharge_date: claim.discharge.into(),
        total: claim.total.into(),
        out_of_catalog: claim.out_of_catalog.into(),
        bill_no: claim.bill.into(),
        other_layers: layers,
        catastrophic: medfund::domain::yes_no(claim.catastrophic).into(),
    }
    .validate(month)
    .unwrap();
    let id = store.add_claim(report.id, &input, &clerk()).unwrap().id;
    if decision != AuditDecision::Pending {
        store.audit_claims(&[id], &decision, &auditor()).unwrap();
    }
    id
}

/// A small 医疗救助 database: 赫山区城乡医疗救助 2019 with the seed parameters, two
/// hospitals, four people and these claims (amounts by the real rule):
///
/// - 2019-10, county: 李明 住院 2000 (基本医保 1000) → 700, 核减 100 → 600.
/// - 2019-11, county: 张小静 住院 10000 (目录外 1000, 基本医保 5000) → 2800;
///   李明 门诊 300 (基本医保 100) twice → 100 + 100; 张小静 门诊 500, 拒付.
/// - 2019-11, province: 欧阳娜娜 重特大疾病住院 60000 (目录外 5000, 基本医保
///   30000, 大病保险 10000) → (15000 − 4000) × 50% = 5500; 欧阳娜娜 门诊 200, 待审.
/// - 资助参保 2019: 张小静 150, 欧阳娜娜 150, 李明 220, 王芳 0.
///
/// The administrator's password is the demo's.
pub fn lists_db() -> DemoDb {
    use medfund::domain::beneficiary::BeneficiaryDraft;
    use medfund::domain::claim::AuditDecision;
    use medfund::domain::hospital::HospitalLevel;
    use medfund::domain::program::{ProgramKind, YearParams};
    use medfund::store::assistance::NewPremium;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jiuzhu.db");
    let mut store = open(&path);
    let params = YearParams::jiuzhu_seed();
    let program_id = new_jiuzhu_program(&mut store, "赫山区城乡医疗救助", 2019);
    add_hospitals(
        &mut store,
        &[
            (JZ_COUNTY, "赫山区人民医院", HospitalLevel::County, true),
            (
                JZ_PROVINCE,
                "湖南省人民医院",
                HospitalLevel::AboveCounty,
                false,
            ),
        ],
    );
    let categories = params.category_names();
    let mut ids = std::collections::HashMap::new();
    for [name, _, category, phone] in JZ_PEOPLE {
        let fields = BeneficiaryDraft {
            name: name.into(),
            id_number: jz_id(name),
            category: category.into(),
            unit: "赫山区龙光桥街道天子坟村".into(),
            phone: phone.into(),
            ..Default::default()
        }
        .validate(ProgramKind::Jiuzhu, &categories)
        .unwrap();
        ids.insert(
            name,
            store
                .add_beneficiary(program_id, &fields, &clerk())
                .unwrap(),
        );
    }
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let premiums: Vec<NewPremium> = [
        ("张小静", 15_000),
        ("欧阳娜娜", 15_000),
        ("李明", 22_000),
        ("王芳", 0),
    ]
    .into_iter()
    .map(|(name, fen)| NewPremium {
        beneficiary_id: ids[name],
        category: JZ_PEOPLE.iter().find(|p| p[0] == name).unwrap()[2].into(),
        amount: medfund::domain::Money::from_fen(fen),
    })
    .collect();
    store
        .add_premiums(program_id, 2019, &premiums, &clerk(), &|_| {}, &cancel)
        .unwrap();

    let claim = |bill, name, visit, date, discharge, total, ooc, layers, catastrophic| JzClaim {
        bill,
        name,
        visit,
        date,
        discharge,
        total,
        out_of_catalog: ooc,
        layers,
        catastrophic,
    };
    let passed = || AuditDecision::Passed;
    let s = &mut store;
    add_jz_claim(
        s,
        JZ_COUNTY,
        "2019-10",
        &claim(
            "ZY201910001",
            "李明",
            "住院",
            "2019-10-05",
            "2019-10-12",
            "2000",
            "0",
            ["1000", "0", "0"],
            false,
        ),
        AuditDecision::Reduced {
            amount: medfund::domain::Money::from_yuan(100),
            reason: "超标准收费".into(),
        },
    );
    add_jz_claim(
        s,
        JZ_COUNTY,
        "2019-11",
        &claim(
            "ZY201911001",
            "张小静",
            "住院",
            "2019-11-01",
            "2019-11-10",
            "10000",
            "1000",
            ["5000", "0", "0"],
            false,
        ),
        passed(),
    );
    for (bill, date) in [("MZ201911001", "2019-11-03"), ("MZ201911002", "2019-11-20")] {
        add_jz_claim(
            s,
            JZ_COUNTY,
            "2019-11",
            &claim(
                bill,
                "李明",
                "门诊",
                date,
                "",
                "300",
                "0",
                ["100", "0", "0"],
                false,
            ),
            passed(),
        );
    }
    add_jz_claim(
        s,
        JZ_COUNTY,
        "2019-11",
        &claim(
            "MZ201911003",
            "张小静",
            "门诊",
            "2019-11-21",
            "",
            "500",
            "0",
            ["100", "0", "0"],
            false,
        ),
        AuditDecision::Refused {
            reason: "重复收费".into(),
        },
    );
    add_jz_claim(
        s,
        JZ_PROVINCE,
        "2019-11",
        &claim(
            "ZY201911002",
            "欧阳娜娜",
            "住院",
            "2019-11-02",
            "2019-11-25",
            "60000",
            "5000",
            ["30000", "10000", "0"],
            true,
        ),
        passed(),
    );
    add_jz_claim(
        s,
        JZ_PROVINCE,
        "2019-11",
        &claim(
            "MZ201911004",
            "欧阳娜娜",
            "门诊",
            "2019-11-26",
            "",
            "200",
            "0",
            ["50", "0", "0"],
            false,
        ),
        AuditDecision::Pending,
    );
    // The demo's password, so the GUI tests can log in as admin.
    set_demo_admin_password(&mut store);
    drop(store);
    DemoDb { dir, path }
}

/// Write `rows` as text cells into the first sheet of the .xlsx file `name`.
pub fn write_xlsx(dir: &Path, name: &str, rows: &[Vec<String>]) -> PathBuf {
    let path = dir.join(name);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, text).unwrap();
        }
    }
    wb.save(&path).unwrap();
    path
}

/// A valid 统一社会信用代码 on the 17 characters `stem`.
pub fn credit_code(stem: &str) -> String {
    format!(
        "{stem}{}",
        medfund::domain::credit_code::check_char(stem).unwrap()
    )
}

/// The same code with a wrong check character.
pub fn bad_credit_code(stem: &str) -> String {
    let good = medfund::domain::credit_code::check_char(stem).unwrap();
    format!("{stem}{}", if good == '1' { '2' } else { '1' })
}

/// The headers of the county's list of 定点医疗机构, as its bureau keeps it.
pub const HOSPITAL_LIST_HEADERS: [&str; 8] = [
    "序号",
    "定点医疗机构代码",
    "机构名称",
    "医院级别",
    "是否县内",
    "统一社会信用代码",
    "开户银行",
    "银行账号",
];

/// A row of that list.
pub fn hospital_row(n: usize, code: &str, name: &str, level: &str, credit: &str) -> Vec<String> {
    vec![
        n.to_string(),
        code.into(),
        name.into(),
        level.into(),
        "是".into(),
        credit.into(),
        "中国农业银行丰都支行".into(),
        format!("3112 0101 0400 {n:04}"),
    ]
}

/// 丰都县's list of 定点医疗机构 (xlsx, under a title row): in Excel rows 3–8,
/// 丰都县中医院 (new), 丰都县妇幼保健院 (new, its credit code fails the check), a
/// code one digit short, 妇幼保健院's code again, the unknown 级别 「三甲」, and
/// 高家镇中心卫生院 (乡镇, new).
pub fn hospital_list(dir: &Path) -> PathBuf {
    let mut rows = vec![
        vec!["丰都县定点医疗机构名单".to_owned()],
        HOSPITAL_LIST_HEADERS.map(str::to_owned).to_vec(),
    ];
    rows.push(hospital_row(
        1,
        "H50023000002",
        "丰都县中医院",
        "县级",
        &credit_code("12500230450000001"),
    ));
    rows.push(hospital_row(
        2,
        "H50023000003",
        "丰都县妇幼保健院",
        "县级",
        &bad_credit_code("12500230450000002"),
    ));
    rows.push(hospital_row(
        3,
        "H5002300004",
        "丰都县第三人民医院",
        "县级",
        "",
    ));
    rows.push(hospital_row(
        4,
        "H50023000003",
        "丰都县精神卫生中心",
        "县级",
        "",
    ));
    rows.push(hospital_row(
        5,
        "H50023000005",
        "丰都县第二人民医院",
        "三甲",
        "",
    ));
    rows.push(hospital_row(
        6,
        "H50023000105",
        "丰都县高家镇中心卫生院",
        "乡镇",
        "",
    ));
    write_xlsx(dir, "定点医疗机构.xlsx", &rows)
}

/// The sheet `name` of the .xlsx file at `path`.
pub fn read_sheet(path: &Path, name: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    calamine::open_workbook_auto(path)
        .unwrap()
        .worksheet_range(name)
        .unwrap()
}

/// The text of cell (`r`, `c`) of `range`, empty where there is none.
pub fn cell_text(range: &calamine::Range<calamine::Data>, r: u32, c: u32) -> String {
    range
        .get_value((r, c))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// Give admin the demo's password, as the demo does (a password chosen on a new
/// database must follow the rule, which demo1234 does not).
pub fn set_demo_admin_password(store: &mut Store) {
    store
        .set_password("admin", medfund::demo::DEMO_PASSWORD, &Actor::admin())
        .unwrap();
}

/// A hand-made .xlsx whose only sheet's `<sheetData>` is `cells` and whose
/// declared dimension is `dimension`: the few parts a reader needs, and whatever
/// `extra` parts are given.
pub fn tiny_xlsx(path: &Path, dimension: &str, cells: &str, extra: &[(&str, &[u8])]) {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
    );
    let parts: [(&str, &[u8]); 5] = [
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    for (name, bytes) in parts.iter().chain(extra) {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}
