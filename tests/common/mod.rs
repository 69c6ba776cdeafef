//! Helpers shared by the integration tests: temp databases and import files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use medfund::demo::{demo_id_number, load_demo};
use medfund::store::{Actor, Store};

/// A temp folder holding a demo database.
pub struct DemoDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn demo_db() -> DemoDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path).unwrap();
    load_demo(&mut store, &Actor::system()).unwrap();
    DemoDb { dir, path }
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

/// The 医疗救助 fixture's county hospital (县级, in the county).
pub const JIUZHU_COUNTY_HOSPITAL: &str = "H43090300001";
/// The fixture's out-of-county hospital (县级以上).
pub const JIUZHU_OUTSIDE_HOSPITAL: &str = "H43010000001";

/// A valid 赫山区 ID number born on `birth` (YYYYMMDD).
pub fn heshan_id_number(birth: &str, seq: u32) -> String {
    let first17 = format!("430903{birth}{:03}", seq % 1000);
    let check = medfund::domain::id_number::check_char(&first17).unwrap();
    format!("{first17}{check}")
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
    use medfund::domain::hospital::{Hospital, HospitalLevel};
    use medfund::domain::program::{ProgramKind, YearParams};
    use medfund::store::programs::NewProgram;
    let admin = Actor::admin();
    let params = YearParams::jiuzhu_seed();
    let program = store
        .create_program_with_year(
            &NewProgram {
                code: "jiuzhu".into(),
                name: "赫山区城乡医疗救助".into(),
                kind: ProgramKind::Jiuzhu,
                department: "赫山区医疗保障局".into(),
                unit: "赫山区医疗保障事务中心".into(),
            },
            2019,
            &params,
            &admin,
        )
        .unwrap();
    for (code, name, level, in_county) in [
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
    ] {
        if store.hospitals().unwrap().iter().any(|h| h.code == code) {
            continue;
        }
        let hospital = Hospital {
            id: 0,
            code: code.into(),
            name: name.into(),
            level,
            in_county,
            credit_code: String::new(),
            bank_name: String::new(),
            bank_account: String::new(),
        };
        store.add_hospital(&hospital, &admin).unwrap();
    }
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
        store.add_beneficiary(program, &fields, &admin).unwrap();
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
            &admin,
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
    store.add_claim(report.id, &claim, &admin).unwrap();
    program
}

/// A fresh database holding only the [`add_jiuzhu`] program, with the demo's
/// users (password [`medfund::demo::DEMO_PASSWORD`]).
pub fn jiuzhu_db() -> DemoDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jiuzhu.db");
    let mut store = Store::open(&path).unwrap();
    let password = medfund::demo::DEMO_PASSWORD;
    store.set_first_admin_password(password).unwrap();
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
    let admin = Actor::admin();
    let program = store.program_by_code("jiuzhu").unwrap();
    let hospital = hospital_id(store, JIUZHU_COUNTY_HOSPITAL);
    let layers = store.program_year(program.id, 2019).unwrap().params.layers;
    let month = Month { year: 2019, month };
    let report = store
        .open_report(program.id, hospital, month, None, &admin)
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
    let id = store.add_claim(report.id, &input, &admin).unwrap().id;
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
    let mut store = Store::open(db).unwrap();
    let admin = Actor::admin();
    let (january, report) = catastrophic_stay(
        &mut store,
        1,
        "2019-01-03",
        "2019-01-15",
        "12000.00",
        "ZY190101",
    );
    let ids: Vec<i64> = store
        .report_claims(report)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    store
        .audit_claims(&ids, &AuditDecision::Passed, &admin)
        .unwrap();
    store.approve_report(report, &admin).unwrap();
    let (stay, february) = catastrophic_stay(
        &mut store,
        2,
        "2019-01-01",
        "2019-02-02",
        "5000.00",
        "ZY190201",
    );
    store
        .audit_claims(&[stay], &AuditDecision::Passed, &admin)
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
    use medfund::store::programs::NewProgram;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("premium.db");
    let mut store = Store::open(&path).unwrap();
    let admin = Actor::admin();
    let params = YearParams::jiuzhu_seed();
    let program = store
        .create_program_with_year(
            &NewProgram {
                code: "jiuzhu".into(),
                name: "城乡医疗救助".into(),
                kind: ProgramKind::Jiuzhu,
                department: "赫山区医疗保障局".into(),
                unit: "赫山区医疗保障事务中心".into(),
            },
            2019,
            &params,
            &admin,
        )
        .unwrap();
    for (i, (name, _, _, category, died)) in PREMIUM_PEOPLE.iter().enumerate() {
        let fields = BeneficiaryDraft {
            name: (*name).into(),
            id_number: premium_id(i),
            category: (*category).into(),
            ..Default::default()
        }
        .validate(ProgramKind::Jiuzhu, &params.category_names())
        .unwrap();
        let id = store.add_beneficiary(program, &fields, &admin).unwrap();
        if let Some(date) = died {
            let event = StatusEvent {
                status: Status::Deceased,
                date: medfund::domain::dates::parse_date(date).unwrap(),
            };
            store.add_status(id, &event, "", &admin).unwrap();
        }
    }
    store
        .set_first_admin_password(medfund::demo::DEMO_PASSWORD)
        .unwrap();
    for (username, name, role) in medfund::demo::DEMO_USERS {
        store
            .create_user(username, name, role, medfund::demo::DEMO_PASSWORD, &admin)
            .unwrap();
    }
    drop(store);
    DemoDb { dir, path }
}
