//! The demo data set: seed 000's 离休 program for 丰都县, 2021, with a synthetic
//! 25-person roster and the county's hospitals; then seed 004's 医疗救助 program for
//! 赫山区, 2018 and 2019 ([`jiuzhu`]).

mod declarations;
pub mod jiuzhu;
pub mod jiuzhu_indicators;
mod large;
mod lixiu_claims;
mod lixiu_funds;
mod lixiu_indicators;

use crate::domain::beneficiary::{BeneficiaryDraft, BeneficiaryFields};
use crate::domain::credit_code;
use crate::domain::hospital::{Hospital, HospitalLevel};
use crate::domain::id_number;
use crate::domain::program::{ProgramKind, YearParams};
use crate::domain::user::Role;
use crate::store::keyring::{MasterKey, RecoveryCode};
use crate::store::programs::{self, NewProgram};
use crate::store::{
    Actor, Result, Store, StoreError, Transaction, beneficiaries, evaluation, hospitals, users,
};

pub use large::{LARGE_CLAIMS, LARGE_HOSPITALS, LARGE_PERSONS, LARGE_YEARS, load_large};
use lixiu_claims::load_claims_2021;
use lixiu_funds::{DemoEntry, demo_date, load_funds, record_demo_entry};
use lixiu_indicators::indicators_2021;

pub const LIXIU_CODE: &str = "lixiu";

/// (name, birth date YYYYMMDD, sequence, work date, unit)
const ROSTER: [(&str, &str, u32, &str, &str); 25] = [
    ("韩堃", "19230315", 11, "1940-05-01", "丰都县人民政府办公室"),
    ("李喆", "19240822", 23, "1944-03-15", "丰都县财政局"),
    ("王玥", "19260109", 32, "1945-09-02", "丰都县教育委员会"),
    ("张珺", "19270418", 44, "1946-07-01", "丰都县卫生健康委员会"),
    ("刘昇", "19251130", 51, "1945-09-03", "丰都县公安局"),
    ("陈犇", "19281205", 67, "1948-02-10", "丰都县供销合作社"),
    ("杨旻", "19290627", 75, "1949-09-30", "丰都县人民医院"),
    ("赵镕", "19220714", 81, "1938-11-20", "丰都县人民武装部"),
    (
        "黄德明",
        "19241002",
        93,
        "1943-06-01",
        "丰都县农业农村委员会",
    ),
    ("周桂兰", "19300211", 102, "1949-05-04", "丰都县妇女联合会"),
    ("吴振华", "19270925", 113, "1947-01-15", "丰都县交通局"),
    ("徐秀英", "19290316", 124, "1948-12-01", "丰都县商务委员会"),
    ("孙建国", "19260520", 135, "1944-08-01", "丰都县民政局"),
    (
        "胡玉珍",
        "19300808",
        146,
        "1949-07-01",
        "丰都县文化和旅游发展委员会",
    ),
    ("朱光荣", "19250101", 157, "1946-03-08", "丰都县水利局"),
    ("高淑芬", "19310412", 168, "1949-08-15", "丰都县教育委员会"),
    ("林永福", "19231117", 179, "1941-10-10", "丰都县粮食局"),
    ("何凤英", "19280629", 180, "1948-04-20", "丰都县人民法院"),
    ("郭志刚", "19270103", 191, "1946-11-11", "丰都县人民检察院"),
    ("马桂芳", "19291221", 202, "1949-01-25", "丰都县税务局"),
    ("罗树林", "19240605", 213, "1945-02-14", "丰都县林业局"),
    ("梁秀珍", "19300930", 224, "1949-06-18", "丰都县档案馆"),
    ("宋文华", "19261028", 235, "1947-09-09", "丰都县广播电视台"),
    ("郑玉兰", "19281114", 246, "1948-10-01", "丰都县总工会"),
    (
        "谢国祥",
        "19250219",
        257,
        "1947-05-05",
        "丰都县人民政府办公室",
    ),
];

/// A demo hospital: (code, name, level, in county, credit-code stem, bank).
type DemoHospital = (
    &'static str,
    &'static str,
    HospitalLevel,
    bool,
    &'static str,
    &'static str,
);

const HOSPITALS: [DemoHospital; 7] = [
    (
        "H50023000001",
        "丰都县人民医院",
        HospitalLevel::County,
        true,
        "12500230450001",
        "中国农业银行丰都支行",
    ),
    (
        "H50023000002",
        "丰都县中医院",
        HospitalLevel::County,
        true,
        "12500230450002",
        "中国建设银行丰都支行",
    ),
    (
        "H50023000003",
        "丰都县名山街道社区卫生服务中心",
        HospitalLevel::Township,
        true,
        "12500230450003",
        "重庆农村商业银行丰都支行",
    ),
    (
        "H50023000004",
        "丰都县高家镇中心卫生院",
        HospitalLevel::Township,
        true,
        "12500230450004",
        "重庆农村商业银行丰都支行",
    ),
    (
        "H50023000005",
        "丰都县社坛镇中心卫生院",
        HospitalLevel::Township,
        true,
        "12500230450005",
        "重庆农村商业银行丰都支行",
    ),
    (
        "H50023000006",
        "丰都县三合街道社区卫生服务中心",
        HospitalLevel::Township,
        true,
        "12500230450006",
        "中国邮政储蓄银行丰都支行",
    ),
    (
        "H50010300001",
        "重庆医科大学附属第一医院",
        HospitalLevel::AboveCounty,
        false,
        "12500000450001",
        "中国工商银行重庆渝中支行",
    ),
];

/// A valid ID number for area 500230 (丰都县) from a birth date and a 3-digit sequence.
pub fn demo_id_number(birth: &str, seq: u32) -> String {
    id_number_in("500230", birth, seq)
}

/// A valid ID number for a 6-digit `area` from a birth date (YYYYMMDD) and a 3-digit
/// sequence (odd for men).
pub fn id_number_in(area: &str, birth: &str, seq: u32) -> String {
    let first17 = format!("{area}{birth}{:03}", seq % 1000);
    let check = id_number::check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

fn credit_code(stem: &str) -> String {
    let first17 = format!("{stem}XY9");
    let check = credit_code::check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

/// Add demo hospitals, their bank accounts numbered after `bank_code`. Returns their ids.
fn add_hospitals(
    tx: &Transaction<'_>,
    list: &[DemoHospital],
    bank_code: &str,
    actor: &Actor,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(list.len());
    for (i, (code, name, level, in_county, stem, bank)) in list.iter().enumerate() {
        ids.push(hospitals::add_hospital_tx(
            tx,
            &Hospital {
                id: 0,
                code: (*code).into(),
                name: (*name).into(),
                level: *level,
                in_county: *in_county,
                credit_code: credit_code(stem),
                bank_name: (*bank).into(),
                bank_account: format!("{bank_code}{:04}0400{:08}", 2300 + i, 100_023 + i * 7919),
                active: true,
            },
            actor,
        )?);
    }
    Ok(ids)
}

/// Load the demo into an empty database, in one transaction.
pub fn load_demo(store: &mut Store, actor: &Actor) -> Result<()> {
    if !store.is_empty()? {
        return Err(StoreError::Invalid(
            "数据库中已有数据，示例数据只能载入空数据库".into(),
        ));
    }
    store.write(|tx| load_demo_tx(tx, actor))?;
    put_demo_slots(store)
}

/// The demo's recovery code (printed by `medfund demo` and in the README): every
/// demo database is encrypted with the key it gives.
pub const DEMO_RECOVERY_CODE: &str = "MEDFD-DEM00-2026K-EY000-00000-00001";

/// [`DEMO_RECOVERY_CODE`] as a code.
pub fn demo_recovery_code() -> Result<RecoveryCode> {
    RecoveryCode::parse(DEMO_RECOVERY_CODE).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// The key every demo database is encrypted with (tests and benches open their
/// databases with it directly).
pub fn demo_key() -> Result<MasterKey> {
    demo_recovery_code()?
        .master_key()
        .map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Create the demo's encrypted database at `path` (which must not exist yet),
/// ready for [`load_demo`] or [`load_large`].
pub fn create_demo_store(path: &std::path::Path) -> Result<Store> {
    Store::create(path, &demo_recovery_code()?, true)
}

/// The demo users' passwords open the demo's key: one slot each.
fn put_demo_slots(store: &Store) -> Result<()> {
    for username in std::iter::once("admin").chain(DEMO_USERS.iter().map(|u| u.0)) {
        store.put_slot(username, DEMO_PASSWORD)?;
    }
    Ok(())
}

fn load_demo_tx(tx: &Transaction<'_>, actor: &Actor) -> Result<()> {
    let program_id = programs::create_program_tx(
        tx,
        &NewProgram {
            code: LIXIU_CODE.into(),
            name: "丰都县离休人员医药费县级补助".into(),
            kind: ProgramKind::Lixiu,
            department: "丰都县医疗保障局".into(),
            unit: "丰都县医疗保障局".into(),
        },
        actor,
    )?;
    let params = YearParams::lixiu_seed();
    programs::add_year_tx(tx, program_id, 2021, &params, actor)?;
    programs::add_year_tx(tx, program_id, 2022, &params, actor)?;
    let hospital_ids = add_hospitals(tx, &HOSPITALS, "3101", actor)?;
    let mut id_numbers = Vec::new();
    for (i, (name, birth, seq, work, unit)) in ROSTER.iter().enumerate() {
        let fields = checked(BeneficiaryDraft {
            name: (*name).into(),
            id_number: demo_id_number(birth, *seq),
            work_date: (*work).into(),
            card_no: format!("A{:08}", 50_023_000 + i),
            unit: (*unit).into(),
            phone: format!("023-7060{:04}", 1001 + i * 37),
            ..Default::default()
        })?;
        beneficiaries::add_beneficiary_tx(tx, program_id, &fields, actor)?;
        id_numbers.push(fields.id_number);
    }
    let crew = Crew::new();
    load_funds(tx, program_id, &crew.finance)?;
    load_claims_2021(tx, program_id, &hospital_ids, &id_numbers, &crew)?;
    let (y2021, y2022) = (
        programs::program_year_id(tx, program_id, 2021)?,
        programs::program_year_id(tx, program_id, 2022)?,
    );
    evaluation::save_indicators_tx(tx, y2021, &indicators_2021(), actor)?;
    declarations::lixiu_2021(
        tx,
        y2021,
        ("丰都县离休人员医药费县级补助", "丰都县医疗保障局"),
        &crew.clerk,
    )?;
    // 开启下一年度: 2022 starts from 2021's set, its declaration in 编制.
    evaluation::copy_evaluation_tx(tx, y2021, y2022, actor)?;
    crate::store::declaration::copy_declaration_tx(tx, y2021, y2022, actor)?;
    add_demo_users_tx(tx, actor)?;
    jiuzhu::load_tx(tx, actor, &crew)?;
    // The app opens on 离休 (programs list by code, which would put 医疗救助 first).
    crate::store::set_setting_tx(tx, crate::store::SETTING_PROGRAM, LIXIU_CODE)?;
    crate::store::set_setting_tx(tx, crate::store::SETTING_DEMO, "1")
}

/// The demo's users, with [`DEMO_PASSWORD`] (their key slots follow the commit).
fn add_demo_users_tx(tx: &Transaction<'_>, actor: &Actor) -> Result<()> {
    for (username, name, role) in DEMO_USERS {
        users::create_user_tx(tx, username, name, role.into(), DEMO_PASSWORD, actor)?;
    }
    users::set_password_tx(tx, "admin", DEMO_PASSWORD, actor)
}

/// A generated 离休 person's fields, checked as an import would check them.
fn checked(draft: BeneficiaryDraft) -> Result<BeneficiaryFields> {
    checked_for(draft, ProgramKind::Lixiu, &[])
}

/// A generated person's fields for a program of `kind` with its `categories`,
/// checked as an import would check them.
fn checked_for(
    draft: BeneficiaryDraft,
    kind: ProgramKind,
    categories: &[String],
) -> Result<BeneficiaryFields> {
    let name = draft.name.clone();
    draft.validate(kind, categories).map_err(|e| {
        StoreError::Invalid(format!(
            "示例数据有误：{name} {}",
            e.first().map(|e| e.message.as_str()).unwrap_or("")
        ))
    })
}

/// The demo's password for every demo user (listed in the README).
pub const DEMO_PASSWORD: &str = "demo1234";

/// A demo user: username, display name, role.
type DemoUser = (&'static str, &'static str, Role);

const CLERK: DemoUser = ("jingban", "陈晓梅", Role::Clerk);
const AUDITOR: DemoUser = ("shenhe", "刘建军", Role::Auditor);
const FINANCE: DemoUser = ("caiwu", "张丽", Role::Finance);
const LEADER: DemoUser = ("lingdao", "周国强", Role::Leader);

/// The demo's users, one per role besides 管理员 (`admin`).
pub const DEMO_USERS: [DemoUser; 5] = [
    CLERK,
    AUDITOR,
    FINANCE,
    LEADER,
    ("shenji", "孙志远", Role::Security),
];

/// The demo users who do the demo's business, each only their own step (the duty
/// rules): jingban enters the claims, shenhe audits them, lingdao approves the
/// months, caiwu pays them and keeps the fund ledger.
struct Crew {
    clerk: Actor,
    auditor: Actor,
    leader: Actor,
    finance: Actor,
}

impl Crew {
    fn new() -> Self {
        let actor = |(username, name, role): DemoUser| Actor {
            username: username.into(),
            display_name: name.into(),
            roles: role.into(),
        };
        Self {
            clerk: actor(CLERK),
            auditor: actor(AUDITOR),
            leader: actor(LEADER),
            finance: actor(FINANCE),
        }
    }
}

/// Generated Chinese names: a common surname and two given-name characters.
struct NameMaker {
    surnames: Vec<char>,
    given: Vec<char>,
}

impl NameMaker {
    pub(super) fn new() -> Self {
        Self {
            surnames: "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
                .chars()
                .collect(),
            given: "德明桂兰振华秀英建国玉珍光荣淑芬永福凤英志刚树林文华国祥堃喆玥珺昇犇旻镕"
                .chars()
                .collect(),
        }
    }

    pub(super) fn make(&self, rng: &mut fastrand::Rng) -> String {
        [
            self.surnames[rng.usize(..self.surnames.len())],
            self.given[rng.usize(..self.given.len())],
            self.given[rng.usize(..self.given.len())],
        ]
        .iter()
        .collect()
    }
}
