//! The year figures of a 医疗救助 program in a small real database: every claim goes
//! through `Store::add_claim`, so the assistance rule computes it; the figures
//! reach `medfund summary`, the seed-004 report and 一键导出.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use calamine::{Reader, open_workbook_auto};
use chrono::NaiveDate;
use medfund::demo::demo_id_number;
use medfund::domain::Money;
use medfund::domain::assistance::{DIBAO, JIANDANG, TEKUN};
use medfund::domain::beneficiary::{BeneficiaryDraft, Status, StatusEvent};
use medfund::domain::claim::{AuditDecision, ClaimInput, Month, VisitType};
use medfund::domain::fund::EntryKind;
use medfund::domain::hospital::HospitalLevel;
use medfund::domain::program::{ProgramKind, YearParams};
use medfund::report::narrative::template;
use medfund::store::assistance::NewPremium;
use medfund::store::funds::NewEntry;
use medfund::store::{Actor, Store};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The county's two hospitals (one-stop) and the provincial one (by hand).
const COUNTY: &str = "H43090300001";
const TOWNSHIP: &str = "H43090300002";
const PROVINCE: &str = "H43010000001";

/// (name, birth, sequence, category)
const PEOPLE: [(&str, &str, u32, &str); 7] = [
    ("甲特困", "19400101", 11, TEKUN),
    ("乙特困", "19380202", 23, TEKUN),
    ("丙特困", "19450303", 35, TEKUN),
    ("丁建档", "19600404", 47, JIANDANG),
    ("戊低保", "19700505", 59, DIBAO),
    ("己建档", "19800606", 61, JIANDANG),
    ("庚特困", "19350707", 73, TEKUN),
];

fn id_of(name: &str) -> String {
    let (_, birth, seq, _) = PEOPLE.iter().find(|p| p.0 == name).unwrap();
    demo_id_number(birth, *seq)
}

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    program: i64,
}

impl Db {
    fn hospital(&self, code: &str) -> i64 {
        common::hospital_id(&self.store, code)
    }

    fn person(&self, name: &str) -> i64 {
        self.store.beneficiaries_by_id_number(self.program).unwrap()[&id_of(name)].id
    }

    /// Add the claims of `rows`, each to its hospital's report of its month (opened
    /// if needed); returns (report, claim) per row.
    fn claims(&mut self, rows: &[ClaimRow]) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        for &(bill, hospital, (year, month), who, visited, discharged, yuan, catastrophic) in rows {
            let day = |(m, day)| d(year, m, day);
            let input = ClaimInput {
                id_number: id_of(who),
                visit_type: match discharged {
                    Some(_) => VisitType::Inpatient,
                    None => VisitType::Outpatient,
                },
                visit_date: day(visited),
                discharge_date: discharged.map(day),
                total: Money::from_yuan(yuan),
                out_of_catalog: Money::ZERO,
                bill_no: bill.into(),
                other_layers: Vec::new(),
                catastrophic,
            };
            let report = self
                .store
                .open_report(
                    self.program,
                    self.hospital(hospital),
                    Month { year, month },
                    None,
                    &common::clerk(),
                )
                .unwrap()
                .id;
            let claim = self.store.add_claim(report, &input, &common::clerk());
            out.push((report, claim.unwrap().id));
        }
        out
    }

    fn pass(&mut self, ids: &[i64]) {
        self.store
            .audit_claims(ids, &AuditDecision::Passed, &common::auditor())
            .unwrap();
    }

    fn approve_and_pay(&mut self, report: i64, voucher: &str, paid: NaiveDate) {
        self.store
            .approve_report(report, &common::leader())
            .unwrap();
        self.store
            .mark_paid(report, voucher, paid, &common::finance())
            .unwrap();
    }
}

/// (票据号, hospital, report (year, month), person, admitted or visited (month, day),
/// discharged, 医疗总费用 元, 重特大疾病)
type ClaimRow = (
    &'static str,
    &'static str,
    (i32, u32),
    &'static str,
    (u32, u32),
    Option<(u32, u32)>,
    i64,
    bool,
);

/// 2018: five admissions of 特困供养 persons.
#[rustfmt::skip]
const CLAIMS_2018: [ClaimRow; 5] = [
    ("ZY2018-1", COUNTY, (2018, 3), "甲特困", (3, 2), Some((3, 9)), 1000, false),
    ("ZY2018-2", COUNTY, (2018, 9), "甲特困", (9, 2), Some((9, 9)), 1000, false),
    ("ZY2018-3", COUNTY, (2018, 2), "乙特困", (2, 2), Some((2, 9)), 1000, false),
    ("ZY2018-4", COUNTY, (2018, 5), "乙特困", (5, 2), Some((5, 9)), 1000, false),
    ("ZY2018-5", COUNTY, (2018, 11), "丙特困", (11, 2), Some((11, 9)), 1000, false),
];

/// 2019, claims 1–4 (see [`database`]).
#[rustfmt::skip]
const CLAIMS_2019_FIRST: [ClaimRow; 4] = [
    ("ZY001", COUNTY, (2019, 1), "甲特困", (1, 5), Some((1, 12)), 5000, false),
    ("MZ001", TOWNSHIP, (2019, 1), "甲特困", (1, 20), None, 400, false),
    ("ZY002", PROVINCE, (2019, 3), "丙特困", (3, 1), Some((3, 8)), 8000, false),
    ("ZY003", COUNTY, (2019, 2), "丁建档", (2, 10), Some((2, 20)), 10_000, true),
];

/// 2019, claims 5–10, after February is approved.
#[rustfmt::skip]
const CLAIMS_2019_THEN: [ClaimRow; 6] = [
    ("ZY004", COUNTY, (2019, 3), "丁建档", (1, 20), Some((3, 2)), 6000, true),
    ("ZY005", COUNTY, (2019, 3), "戊低保", (3, 10), Some((3, 15)), 2000, true),
    ("MZ002", COUNTY, (2019, 3), "戊低保", (3, 20), None, 300, false),
    ("MZ003", PROVINCE, (2019, 3), "己建档", (3, 5), None, 600, false),
    ("ZY006", TOWNSHIP, (2019, 4), "庚特困", (4, 2), Some((4, 6)), 1000, false),
    ("ZY007", TOWNSHIP, (2019, 5), "甲特困", (5, 3), Some((5, 9)), 3000, false),
];

/// A 赫山区-like program with 2018 and 2019, seven persons and claims of both
/// years:
///
/// 2019 (report month decides the year), after audit:
/// 1. 甲特困 住院 县医院 1月 5000 → 3500
/// 2. 甲特困 门诊 乡镇 1月 400 → 200
/// 3. 丙特困 住院 省医院 3月 8000 → 4000 (50% out of county)
/// 4. 丁建档 重特大 县医院 2月 10000 → 3000 (起付线 4000); the month is approved,
///    then claim 5 takes the deductible and 4 becomes 5000: +2000 carried by March
/// 5. 丁建档 重特大 县医院 3月 (admitted 1月20日) 6000 → 1000
/// 6. 戊低保 重特大 县医院 3月 2000 → 1400
/// 7. 戊低保 门诊 县医院 3月 300 → refused
/// 8. 己建档 门诊 省医院 3月 600 → 300
/// 9. 庚特困 住院 乡镇 4月 1000 → 700 (庚 died in 2017 and is 在册 again from 2019-03)
/// 10. 甲特困 住院 乡镇 5月 3000 → 2100
///
/// 2018: 甲 ×2, 乙 ×2, 丙 ×1 admissions; 乙 died 2018-06-10, 丙 moved out 2019-05-01.
fn database() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jiuzhu.db");
    let mut store = common::open(&path);
    // The administrator's password, so that `medfund summary` can sign in.
    common::set_demo_admin_password(&mut store);
    let admin = Actor::admin();
    let program = common::new_jiuzhu_program(&mut store, "赫山区城乡医疗救助", 2018);
    store
        .add_program_year(program, 2019, &YearParams::jiuzhu_seed(), &admin)
        .unwrap();
    common::add_hospitals(
        &mut store,
        &[
            (COUNTY, "赫山区人民医院", HospitalLevel::County, true),
            (
                TOWNSHIP,
                "赫山区龙光桥镇卫生院",
                HospitalLevel::Township,
                true,
            ),
            (
                PROVINCE,
                "湖南省人民医院",
                HospitalLevel::AboveCounty,
                false,
            ),
        ],
    );
    let categories = YearParams::jiuzhu_seed().category_names();
    for (name, birth, seq, category) in PEOPLE {
        let fields = BeneficiaryDraft {
            name: name.into(),
            id_number: demo_id_number(birth, seq),
            category: category.into(),
            unit: "赫山区".into(),
            ..Default::default()
        }
        .validate(ProgramKind::Jiuzhu, &categories)
        .unwrap();
        store
            .add_beneficiary(program, &fields, &common::clerk())
            .unwrap();
    }
    let mut db = Db {
        _dir: dir,
        path,
        store,
        program,
    };
    for (who, status, date) in [
        ("乙特困", Status::Deceased, d(2018, 6, 10)),
        ("丙特困", Status::MovedOut, d(2019, 5, 1)),
        ("庚特困", Status::Deceased, d(2017, 8, 1)),
        ("庚特困", Status::Active, d(2019, 3, 1)),
    ] {
        let id = db.person(who);
        db.store
            .add_status(id, &StatusEvent { status, date }, "", &common::clerk())
            .unwrap();
    }

    let ids: Vec<i64> = db.claims(&CLAIMS_2018).iter().map(|c| c.1).collect();
    db.pass(&ids);

    let first = db.claims(&CLAIMS_2019_FIRST);
    let ids: Vec<i64> = first.iter().map(|c| c.1).collect();
    db.pass(&ids);
    let feb = first[3].0;
    db.approve_and_pay(feb, "付2019-02", d(2019, 3, 8));
    let then = db.claims(&CLAIMS_2019_THEN);
    let refused = then[2].1;
    let ids: Vec<i64> = then.iter().map(|c| c.1).filter(|c| *c != refused).collect();
    db.pass(&ids);
    let no = AuditDecision::Refused {
        reason: "非救助范围".into(),
    };
    db.store
        .audit_claims(&[refused], &no, &common::auditor())
        .unwrap();
    let march = then[0].0;
    db.approve_and_pay(march, "付2019-03", d(2019, 4, 10));
    for (report, _) in &first[..3] {
        db.store.approve_report(*report, &common::leader()).unwrap();
    }

    // 资助参保: four persons, paid to the insurer in one payment.
    let premiums: Vec<NewPremium> = [
        ("甲特困", TEKUN, 220),
        ("丁建档", JIANDANG, 150),
        ("戊低保", DIBAO, 150),
        ("己建档", JIANDANG, 150),
    ]
    .iter()
    .map(|(who, category, yuan)| NewPremium {
        beneficiary_id: db.person(who),
        category: (*category).into(),
        amount: Money::from_yuan(*yuan),
    })
    .collect();
    db.store
        .add_premiums(
            program,
            2019,
            &premiums,
            &common::clerk(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    db.store
        .pay_premiums(
            program,
            2019,
            d(2019, 3, 15),
            "缴2019-01",
            "中国人寿益阳分公司",
            &common::finance(),
        )
        .unwrap();

    let year = db.store.program_year(program, 2019).unwrap().id;
    for (kind, date, yuan, doc_no) in [
        (
            EntryKind::BudgetInitial,
            d(2019, 1, 3),
            50_000,
            "益赫财社〔2019〕1号",
        ),
        (
            EntryKind::Appropriation,
            d(2019, 1, 15),
            40_000,
            "益赫财社〔2019〕8号",
        ),
    ] {
        db.store
            .record_entry(
                year,
                &NewEntry {
                    kind,
                    date,
                    doc_no: doc_no.into(),
                    quarter: (kind == EntryKind::Appropriation).then_some(1),
                    amount: Money::from_yuan(yuan),
                    id_number: None,
                    counterparty: String::new(),
                    note: String::new(),
                    source: None,
                },
                &common::finance(),
            )
            .unwrap();
    }
    db
}

#[test]
fn the_year_figures_count_what_the_rule_and_the_roster_say() {
    let db = database();
    let s = db.store.assistance_year_stats(db.program, 2019).unwrap();
    assert_eq!(s.premium_persons, 4);
    assert_eq!(s.premium_amount, Money::from_yuan(670));
    assert_eq!(s.direct_person_times, 9, "ten claims, one refused");
    assert_eq!(
        s.direct_amount,
        Money::from_yuan(18_200),
        "16,200 after audit + 2,000 carried by March"
    );
    assert_eq!(s.direct_poor_person_times, 3);
    assert_eq!(s.catastrophic_person_times, 3);
    assert_eq!(s.catastrophic_poor_person_times, 2);
    assert_eq!(
        s.one_stop_person_times, 7,
        "all but the provincial hospital's"
    );
    assert_eq!(s.person_times(), 13);
    assert_eq!(s.direct_poor_share().to_string(), "33.33");
    assert_eq!(s.catastrophic_poor_share().to_string(), "66.67");
    assert_eq!(s.one_stop_rate().to_string(), "77.78");
    // 甲, 丙 (moved out in May) and 庚 (back in March); 乙 died in 2018.
    assert_eq!(s.tekun.persons, 3);
    assert_eq!(s.tekun.admissions, 4, "甲 ×2, 丙, 庚");
    assert_eq!(s.tekun.admission_rate().to_string(), "133.33");
    // 2018: 甲, 乙 (died in June) and 丙; 庚 had died in 2017.
    assert_eq!(s.previous_tekun.persons, 3);
    assert_eq!(s.previous_tekun.admissions, 5);
    assert_eq!(s.previous_tekun.admission_rate().to_string(), "166.67");
    assert_eq!(s.paid_through, Some(d(2019, 4, 10)));
    assert_eq!(
        db.store.tekun_year(db.program, 2018).unwrap(),
        s.previous_tekun
    );
}

fn summary_json(db: &Path, program: &str, year: &str) -> serde_json::Value {
    let out = common::medfund_as("admin")
        .arg("summary")
        .args(["--program", program, "--year", year])
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn medfund_summary_prints_the_assistance_figures() {
    let db = database();
    let v = summary_json(&db.path, "jiuzhu", "2019");
    for (key, want) in [
        ("premium_persons", serde_json::json!(4)),
        ("premium_amount", "670.00".into()),
        ("direct_person_times", 9.into()),
        ("direct_amount", "18200.00".into()),
        ("direct_poor_person_times", 3.into()),
        ("direct_poor_share", "33.33".into()),
        ("catastrophic_person_times", 3.into()),
        ("catastrophic_poor_person_times", 2.into()),
        ("catastrophic_poor_share", "66.67".into()),
        ("tekun_persons", 3.into()),
        ("tekun_admissions", 4.into()),
        ("tekun_admission_rate", "133.33".into()),
        ("previous_tekun_persons", 3.into()),
        ("previous_tekun_admissions", 5.into()),
        ("previous_tekun_admission_rate", "166.67".into()),
        ("one_stop_rate", "77.78".into()),
        ("paid_through", "2019-04-10".into()),
        ("person_times", 13.into()),
        ("assisted_person_times", "13".into()),
        ("received", "40000.00".into()),
        ("paid", "8070.00".into()),
        ("execution_rate", "16.14".into()),
        ("claims_total", 10.into()),
    ] {
        assert_eq!(v[key], want, "{key}");
    }
    // 离休's own metrics are not offered to 医疗救助.
    assert!(v.get("coverage_rate").is_none());
    assert!(v.get("average_paid_per_person").is_none());

    // 2018 has its claims but no premiums and no payments.
    let v = summary_json(&db.path, "jiuzhu", "2018");
    assert_eq!(v["premium_persons"], 0);
    assert_eq!(v["direct_person_times"], 5);
    assert_eq!(v["tekun_admissions"], 5);
    assert_eq!(v["paid_through"], serde_json::Value::Null);
}

#[test]
fn the_lixiu_summary_and_template_know_nothing_of_assistance() {
    let demo = common::demo_db();
    let v = summary_json(&demo.path, "lixiu", "2021");
    for key in [
        "premium_persons",
        "tekun_persons",
        "one_stop_rate",
        "assisted_person_times",
    ] {
        assert!(v.get(key).is_none(), "{key} in the 离休 summary");
    }
    let store = common::open(&demo.path);
    let program = store.program_by_code("lixiu").unwrap();
    let ev = medfund::report::evaluation::load(&store, &program, 2021).unwrap();
    let today = d(2022, 1, 20);
    assert_eq!(ev.value("特困住院率", today), None);
    assert_eq!(ev.value("资助参保人数", today), None);
    assert_eq!(ev.value("上年", today).as_deref(), Some("2020"));
}

/// The text of a DOCX body, a line per paragraph.
fn docx_text(path: &Path) -> String {
    let xml = common::zip_part(path, "word/document.xml").unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.replace("</w:p>", "\n").chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn the_report_follows_seed_004_with_the_years_figures() {
    let db = database();
    let program = db.store.program_by_code("jiuzhu").unwrap();
    let ev = medfund::report::evaluation::load(&db.store, &program, 2019).unwrap();
    let today = d(2019, 11, 28);
    assert_eq!(ev.unknown_placeholders(today), Vec::new());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.docx");
    medfund::export::report(&db.store, &common::clerk(), &ev, &path, today).unwrap();
    let text = docx_text(&path);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines[0], "2019年度医疗救助专项资金绩效评价报告");
    assert_eq!(lines[1], "益阳市赫山区医疗保障局");
    assert_eq!(lines[2], "（2019年11月28日）");
    assert!(lines[3].starts_with("根据上级关于2019年财政专项扶贫资金绩效评价的要求"));
    // The seven chapters of the 医疗救助 template, in order.
    let chapters: Vec<&str> = template(ProgramKind::Jiuzhu)
        .iter()
        .map(|def| def.chapter)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(chapters.len(), 7);
    let at: Vec<usize> = chapters
        .iter()
        .map(|c| lines.iter().position(|l| l == c).expect(c))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    let figures = [
        "全区医疗救助资金收入总额4万元，截至2019年4月10日，已支出0.81万元，共计救助13人次",
        "其中资助参保0.07万元，参保人数4人，直接救助1.82万元，救助人次9人次",
        "其中救助建档立卡贫困人口3人次，占直接救助总人口的33%",
        "重特大疾病救助3人次，其中建档立卡贫困人口2人次，占比达67%",
        "2020年，根据我区群众日益增长的需求现状",
        "年度救助限额内按不低于70%的比例救助；县级以上或异地就医的按不低于50%的比例救助",
        "低保家庭成员按不低于70%的比例救助；低收入救助对象按不低于60%的比例救助",
        "其他特殊困难人员按不低于50%的比例救助",
        "起付线为4000元（社会救助兜底保障一类对象不设起付线），起付线以上部分救助50%，救助最高限额不超过5万元",
        "2018年特困供养人员有3人，住院人数达5人次，住院率达167%",
        "2019年特困供养人员有3人，住院人数已达4人次，住院率达133%",
        "（三）针对特困供养人员就医住院费用居高不下的情况",
    ];
    let missing: Vec<&str> = figures.into_iter().filter(|f| !text.contains(f)).collect();
    assert_eq!(missing, Vec::<&str>::new(), "figures not in the report");
    assert_eq!(text.find('{'), None, "a placeholder was left unfilled");
    // The byline is centered 楷体 under the title, and the 自评表 follows as 附件.
    let xml = common::zip_part(&path, "word/document.xml").unwrap();
    let byline = xml.find("益阳市赫山区医疗保障局").unwrap();
    assert!(xml[..byline].rfind(r#"w:eastAsia="楷体""#) > xml[..byline].rfind("绩效评价报告"));
    let appendix = text.find("附件").unwrap();
    assert!(text[appendix..].contains("2019年度项目支出绩效自评表"));
    assert!(text[appendix..].contains("共救助13人次：资助参保4人"));
}

#[test]
fn export_all_writes_the_assistance_folder() {
    let db = database();
    let program = db.store.program_by_code("jiuzhu").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = medfund::export::all(
        &db.store,
        &common::clerk(),
        &program,
        2019,
        dir.path(),
        d(2019, 11, 28),
        &|_, _| {},
    )
    .unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "2019年度绩效自评报告.docx",
            "2019年度绩效自评表.xlsx",
            "2019年度绩效目标申报表.xlsx",
            "2019年01月支付汇总表.xlsx",
            "2019年02月支付汇总表.xlsx",
            "2019年03月支付汇总表.xlsx",
            "2019年04月支付汇总表.xlsx",
            "2019年05月支付汇总表.xlsx",
            "救助对象名册.xlsx",
            "2019年度资金台账.xlsx",
        ],
        "no 年终清算表 for 医疗救助"
    );
    let cells = |name: &str| -> Vec<String> {
        let mut wb = open_workbook_auto(dir.path().join(name)).unwrap();
        let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
        sheet
            .cells()
            .map(|(_, _, c)| c.to_string())
            .filter(|t| !t.is_empty())
            .collect()
    };
    assert!(docx_text(&written[0]).contains("七、相关建议或请求"));
    // March: 1,000 + 1,400 after audit and the 2,000 carried for February's claim,
    // as the ledger paid it.
    let march = cells("2019年03月支付汇总表.xlsx");
    assert!(march.iter().any(|c| c == "4400"), "{march:?}");
    let roster = cells("救助对象名册.xlsx");
    assert!(roster.iter().any(|c| c == "一类对象"), "{roster:?}");
    assert!(!roster.iter().any(|c| c == "参加工作时间"));
    assert!(roster.iter().any(|c| c == "甲特困"));
    let ledger = cells("2019年度资金台账.xlsx");
    assert!(ledger.iter().any(|c| c == "资助参保缴费"), "{ledger:?}");
}
