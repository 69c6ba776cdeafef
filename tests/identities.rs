//! 救助身份 (issue 17, item 1) in a real temp database: the roster's category is
//! the identity from the start (the migration fills it), the monthly list is
//! imported with a preview and verdicts (window and CLI alike), and each claim is
//! assisted under the identity valid on its date, by hand from the 2019
//! parameters; a claim dated when no identity is valid is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::AtomicBool;

use medfund::domain::Money;
use medfund::domain::claim::{ClaimDraft, Month};
use medfund::domain::identity::{IdentitySpan, NO_IDENTITY};
use medfund::io::import_preview::{AnyPreview, ImportTarget, Tone};
use medfund::io::roster_import::Progress;
use medfund::store::Store;
use medfund::store::claims::ClaimRecord;

const HEADERS: [&str; 5] = ["身份证号", "姓名", "救助身份", "认定日期", "终止日期"];

fn list(dir: &std::path::Path, name: &str, rows: &[[&str; 5]]) -> std::path::PathBuf {
    let mut all = vec![HEADERS.map(String::from).to_vec()];
    all.extend(rows.iter().map(|r| r.map(String::from).to_vec()));
    common::write_xlsx(dir, name, &all)
}

fn progress_none<R>(f: impl FnOnce(&Progress<'_>) -> R) -> R {
    let cancel = AtomicBool::new(false);
    f(&Progress {
        report: &|_, _| {},
        cancel: &cancel,
    })
}

fn preview(store: &Store, path: &std::path::Path) -> AnyPreview {
    let program = store.program_by_code(common::JIUZHU).unwrap();
    progress_none(|p| {
        ImportTarget::Identities { program }
            .preview(store, path, p)
            .unwrap()
    })
}

fn import(store: &mut Store, path: &std::path::Path) -> AnyPreview {
    let p = preview(store, path);
    progress_none(|progress| p.commit(store, &common::clerk(), progress).unwrap());
    p
}

fn person_id(store: &Store, i: usize) -> i64 {
    let program = store.program_by_code(common::JIUZHU).unwrap();
    store.claim_people(program.id).unwrap()[&common::jiuzhu_id_number(i)].id
}

fn spans(store: &Store, i: usize) -> Vec<IdentitySpan> {
    store
        .identities(person_id(store, i))
        .unwrap()
        .into_iter()
        .map(|r| r.span)
        .collect()
}

fn span(identity: &str, start: Option<&str>, end: Option<&str>) -> IdentitySpan {
    let day = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
    IdentitySpan {
        identity: identity.into(),
        start: start.map(day),
        end: end.map(day),
    }
}

/// A claim of person `i` at the county hospital (nothing paid by other layers,
/// so the base is the total): a 重特大疾病 stay, or a 门诊 visit.
fn claim(i: usize, bill: &str, date: &str, total: &str, catastrophic: bool) -> ClaimDraft {
    let layers = ["基本医保", "大病保险", "其他保障"];
    ClaimDraft {
        id_number: common::jiuzhu_id_number(i),
        visit_type: if catastrophic { "住院" } else { "门诊" }.into(),
        visit_date: date.into(),
        discharge_date: if catastrophic {
            date.into()
        } else {
            String::new()
        },
        total: total.into(),
        bill_no: bill.into(),
        other_layers: layers
            .iter()
            .map(|l| ((*l).into(), String::new()))
            .collect(),
        catastrophic: if catastrophic { "是" } else { "" }.into(),
        ..Default::default()
    }
}

fn add(store: &mut Store, draft: ClaimDraft) -> Result<ClaimRecord, String> {
    let month = Month::parse(&draft.visit_date[..7]).unwrap();
    let program = store.program_by_code(common::JIUZHU).unwrap();
    let hospital = common::hospital_id(store, common::JIUZHU_COUNTY_HOSPITAL);
    let report = store
        .open_report(program.id, hospital, month, None, &common::clerk())
        .unwrap();
    let input = draft.validate(month).unwrap();
    store
        .add_claim(report.id, &input, &common::clerk())
        .map_err(|e| e.to_string())
}

fn stored(store: &Store, id: i64) -> ClaimRecord {
    let program = store.program_by_code(common::JIUZHU).unwrap();
    let hospital = common::hospital_id(store, common::JIUZHU_COUNTY_HOSPITAL);
    (1..=12)
        .filter_map(|m| {
            store
                .find_report(
                    program.id,
                    hospital,
                    Month {
                        year: 2019,
                        month: m,
                    },
                )
                .unwrap()
        })
        .flat_map(|r| store.report_claims(r.id).unwrap())
        .find(|c| c.id == id)
        .unwrap()
}

fn yuan(text: &str) -> Money {
    Money::parse(text).unwrap()
}

#[test]
fn the_roster_category_is_the_identity_from_the_start_and_the_migration_fills_it() {
    let db = common::jiuzhu_db();
    let mut store = common::open(&db.path);
    assert_eq!(spans(&store, 1), [IdentitySpan::from_start("低保")]);
    let before = stored(&store, 1);
    // A changed roster category moves the row from the start with it.
    let id = person_id(&store, 2);
    let mut person = store.beneficiary(id).unwrap();
    person.fields.category = "低保".into();
    store
        .update_beneficiary(id, &person.fields, &common::clerk())
        .unwrap();
    assert_eq!(spans(&store, 2), [IdentitySpan::from_start("低保")]);
    drop(store);

    // A database from before identities (schema 15; identities.sql is migration
    // 16): the migration gives every person one row from the start with their
    // category.
    let raw = common::raw(&db.path);
    raw.execute_batch("DROP TABLE beneficiary_identities; PRAGMA user_version = 15;")
        .unwrap();
    drop(raw);
    let mut store = common::open(&db.path);
    assert_eq!(
        spans(&store, 0),
        [IdentitySpan::from_start("建档立卡贫困人口")]
    );
    assert_eq!(spans(&store, 1), [IdentitySpan::from_start("低保")]);
    assert_eq!(spans(&store, 2), [IdentitySpan::from_start("低保")]);
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
    // The year's amounts are as before: 王秀英's 门诊 300.00 × 50% = 150.00.
    let program = store.program_by_code(common::JIUZHU).unwrap();
    let done = store
        .recompute_year(program.id, 2019, &common::auditor(), &|_, _| {})
        .unwrap();
    assert_eq!(done.changed, 0);
    let after = stored(&store, 1);
    assert_eq!(after.payable, yuan("150.00"));
    assert_eq!(
        (after.payable, after.explanation),
        (before.payable, before.explanation)
    );
}

#[test]
fn a_change_of_identity_mid_year_changes_the_rate_and_the_deductible_by_hand() {
    let db = common::jiuzhu_db();
    let mut store = common::open(&db.path);
    // 李建国 is 建档立卡贫困人口 on the roster. Two 重特大疾病 stays before the list.
    // March: (5000 − 起付线 4000) × 50% = 500.
    let march = add(&mut store, claim(0, "ZY0301", "2019-03-01", "5000", true)).unwrap();
    assert_eq!(march.payable, yuan("500.00"));
    // July, still 建档立卡: the 起付线 is used up, 10000 × 50% = 5000.
    let july = add(&mut store, claim(0, "ZY0701", "2019-07-01", "10000", true)).unwrap();
    assert_eq!(july.payable, yuan("5000.00"));

    // The list: 建档立卡 ended on 31 May, 低保 from 1 June.
    let file = list(
        db.dir.path(),
        "身份.xlsx",
        &[
            [
                &common::jiuzhu_id_number(0),
                "李建国",
                "建档立卡贫困人口",
                "2019-01-01",
                "2019-05-31",
            ],
            [
                &common::jiuzhu_id_number(0),
                "李建国",
                "低保",
                "2019-06-01",
                "",
            ],
        ],
    );
    let p = import(&mut store, &file);
    let verdicts: Vec<_> = (0..p.len()).map(|i| p.line(i).unwrap().verdict).collect();
    assert_eq!(verdicts, ["更新", "新增"]);
    assert_eq!(
        spans(&store, 0),
        [
            span("建档立卡贫困人口", None, Some("2019-05-31")),
            span("低保", Some("2019-06-01"), None)
        ]
    );
    // Recomputed with the import. March keeps 500.00 under 建档立卡.
    let march = stored(&store, march.id);
    assert_eq!(march.payable, yuan("500.00"));
    assert_eq!(
        march.explanation,
        "按「建档立卡贫困人口」：自付 5000.00 − 起付线 4000.00 = 1000.00 × 50% = 500.00（年度已救助 0.00，限额 50000.00）"
    );
    // July under 低保: 起付线 0, 70 %: 10000 × 70% = 7000 (500 paid before).
    let july = stored(&store, july.id);
    assert_eq!(july.payable, yuan("7000.00"));
    assert_eq!(
        july.explanation,
        "按「低保」：自付 10000.00 × 70% = 7000.00（年度已救助 500.00，限额 50000.00）"
    );
    let log = store
        .audit_entries("beneficiary", person_id(&store, 0))
        .unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "identity").count(), 2);
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
}

#[test]
fn of_two_valid_identities_the_first_in_the_years_order_wins() {
    let db = common::jiuzhu_db();
    let mut store = common::open(&db.path);
    // 李建国: 建档立卡 all year (the roster), and 低保 in April only.
    let file = list(
        db.dir.path(),
        "身份.xlsx",
        &[[
            &common::jiuzhu_id_number(0),
            "李建国",
            "低保",
            "2019-04-01",
            "2019-04-30",
        ]],
    );
    import(&mut store, &file);
    // 15 April: both valid; 低保 comes before 建档立卡 in 2019's categories.
    // 5000 × 70% = 3500 (低保 has no 起付线).
    let april = add(&mut store, claim(0, "ZY0415", "2019-04-15", "5000", true)).unwrap();
    assert_eq!(april.payable, yuan("3500.00"));
    assert!(
        april
            .explanation
            .starts_with("按「低保」：自付 5000.00 × 70%")
    );
    // 2 May: 建档立卡 only, whose 起付线 4000 is untouched: (5000 − 4000) × 50% = 500.
    let may = add(&mut store, claim(0, "ZY0502", "2019-05-02", "5000", true)).unwrap();
    assert_eq!(may.payable, yuan("500.00"));
    assert_eq!(
        may.explanation,
        "按「建档立卡贫困人口」：自付 5000.00 − 起付线 4000.00 = 1000.00 × 50% = 500.00（年度已救助 3500.00，限额 50000.00）"
    );
}

#[test]
fn a_claim_on_a_day_without_an_identity_is_refused() {
    let db = common::jiuzhu_db();
    let mut store = common::open(&db.path);
    // 王秀英's 低保 ends on 31 May 2019 (her January 门诊 stays covered).
    let file = list(
        db.dir.path(),
        "身份.xlsx",
        &[[
            &common::jiuzhu_id_number(1),
            "王秀英",
            "低保",
            "2019-01-01",
            "2019-05-31",
        ]],
    );
    import(&mut store, &file);
    assert_eq!(spans(&store, 1), [span("低保", None, Some("2019-05-31"))]);
    let err = add(&mut store, claim(1, "MZ0701", "2019-07-01", "200", false)).unwrap_err();
    assert!(err.contains("王秀英"), "{err}");
    assert!(err.contains(NO_IDENTITY), "{err}");
    // Nothing was written.
    let program = store.program_by_code(common::JIUZHU).unwrap();
    let hospital = common::hospital_id(&store, common::JIUZHU_COUNTY_HOSPITAL);
    let july = Month {
        year: 2019,
        month: 7,
    };
    let report = store
        .find_report(program.id, hospital, july)
        .unwrap()
        .unwrap();
    assert!(store.report_claims(report.id).unwrap().is_empty());

    // The claims import names the row, the column and the date.
    let claims = common::write_xlsx(
        db.dir.path(),
        "7月.xlsx",
        &[
            [
                "身份证号",
                "姓名",
                "就诊类型",
                "就诊日期",
                "医疗总费用",
                "票据号",
            ]
            .map(String::from)
            .to_vec(),
            [
                &common::jiuzhu_id_number(1),
                "王秀英",
                "门诊",
                "2019-07-02",
                "200",
                "MZ0702",
            ]
            .map(String::from)
            .to_vec(),
        ],
    );
    let p = progress_none(|progress| {
        ImportTarget::Claims {
            program,
            hospital_id: hospital,
            hospital_name: "赫山区人民医院".into(),
            month: july,
        }
        .preview(&store, &claims, progress)
        .unwrap()
    });
    let errors = p.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (
            errors[0].row,
            errors[0].column.as_str(),
            errors[0].value.as_str()
        ),
        (2, "就诊日期", "2019-07-02")
    );
    assert_eq!(errors[0].message, format!("「王秀英」：{NO_IDENTITY}"));
}

#[test]
fn the_list_is_previewed_with_verdicts_and_written_only_on_commit() {
    let db = common::jiuzhu_db();
    let store = common::open(&db.path);
    let id = common::jiuzhu_id_number;
    let stranger = common::heshan_id_number("19700101", 99);
    let file = list(
        db.dir.path(),
        "2019年6月救助身份.xlsx",
        &[
            // 2: ends 李建国's open row from the start: 更新.
            [
                &id(0),
                "李建国",
                "建档立卡贫困人口",
                "2019-01-01",
                "2019-06-30",
            ],
            // 3: inside the period row 2 left: an overlapping duplicate, 无变化.
            [
                &id(0),
                "李建国",
                "建档立卡贫困人口",
                "2019-02-01",
                "2019-05-31",
            ],
            // 4: a new identity for 张桂兰: 新增; 5: the same again: 无变化.
            [&id(2), "张桂兰", "低保", "2019-03-01", ""],
            [&id(2), "张桂兰", "低保", "2019-03-01", ""],
            // 6: the end before the start.
            [&id(3), "刘明", "低保", "2019-05-01", "2019-04-30"],
            // 7: not on the roster; 8: not one of the year's categories.
            [&stranger, "赵六", "低保", "2019-05-01", ""],
            [&id(3), "刘明", "五保户", "2019-05-01", ""],
            // 9: the name differs from the roster.
            [&id(3), "刘 强", "低保", "2019-05-01", ""],
            // 10: would leave 王秀英's January claim without an identity.
            [&id(1), "王秀英", "低保", "2018-01-01", "2018-12-31"],
        ],
    );
    let p = preview(&store, &file);
    let lines: Vec<_> = (0..p.len()).map(|i| p.line(i).unwrap()).collect();
    let verdicts: Vec<_> = lines.iter().map(|l| (l.excel_row, l.verdict)).collect();
    assert_eq!(
        verdicts,
        [
            (2, "更新"),
            (3, "无变化"),
            (4, "新增"),
            (5, "无变化"),
            (6, "错误"),
            (7, "错误"),
            (8, "错误"),
            (9, "错误"),
            (10, "错误")
        ]
    );
    assert_eq!(
        lines[0].detail,
        "建档立卡贫困人口 2019-01-01 至 2019-06-30（终止日期：至今 → 2019-06-30）"
    );
    assert_eq!(lines[0].tone, Tone::Changed);
    assert_eq!(lines[2].detail, "低保 2019-03-01 至 至今");
    let errors = p.errors();
    let cells: Vec<_> = errors
        .iter()
        .map(|e| {
            (
                e.row,
                e.column.as_str(),
                e.value.as_str(),
                e.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            (
                6,
                "终止日期",
                "2019-04-30",
                "终止日期 2019-04-30 早于认定日期 2019-05-01"
            ),
            (7, "身份证号", stranger.as_str(), "不在本项目名册中"),
            (
                8,
                "救助身份",
                "五保户",
                "不是2019年度的救助类别（特困供养、低保、低收入、建档立卡贫困人口、其他特殊困难）"
            ),
            (9, "姓名", "刘强", "与名册中的姓名「刘明」不符"),
            (
                10,
                "终止日期",
                "2018-12-31",
                "「王秀英」2019-01-10 的报账将无有效救助身份，请先核对该笔报账"
            ),
        ]
    );
    let counts = p.counts();
    assert_eq!(
        (counts.new, counts.updated, counts.unchanged, counts.errors),
        (1, 1, 2, 5)
    );
    // A preview writes nothing.
    assert_eq!(
        spans(&store, 0),
        [IdentitySpan::from_start("建档立卡贫困人口")]
    );
    assert_eq!(spans(&store, 2), [IdentitySpan::from_start("特困供养")]);
    drop(store);

    // The command line: the same counts; exit 1 for the rows in error; nothing
    // written without --commit.
    let run = |commit: bool| {
        let mut cmd = common::medfund_as("jingban");
        cmd.args(["import", "identities", "--db"])
            .arg(&db.path)
            .args(["--program", "jiuzhu", "--json"])
            .arg(&file);
        if commit {
            cmd.arg("--commit");
        }
        cmd.output().unwrap()
    };
    let out = run(false);
    common::assert_code(&out, 1);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            &json["new"],
            &json["updated"],
            &json["unchanged"],
            &json["errors"]
        ),
        (&1.into(), &1.into(), &2.into(), &5.into())
    );
    assert_eq!(json["error_rows"][0]["column"], "终止日期");
    let store = common::open(&db.path);
    assert_eq!(spans(&store, 2), [IdentitySpan::from_start("特困供养")]);
    drop(store);
    common::assert_code(&run(true), 1);
    let store = common::open(&db.path);
    assert_eq!(
        spans(&store, 0),
        [span("建档立卡贫困人口", None, Some("2019-06-30"))]
    );
    assert_eq!(
        spans(&store, 2),
        [
            IdentitySpan::from_start("特困供养"),
            span("低保", Some("2019-03-01"), None)
        ]
    );
    assert_eq!(spans(&store, 1), [IdentitySpan::from_start("低保")]);
    // Importing the same list again changes nothing.
    let again = preview(&store, &file);
    let c = again.counts();
    assert_eq!((c.new, c.updated, c.unchanged), (0, 0, 4));
}

#[test]
fn an_identity_that_changes_an_approved_month_is_carried_as_an_adjustment() {
    let db = common::jiuzhu_db();
    let mut store = common::open(&db.path);
    // 李建国's January stay as 建档立卡: (12000 − 4000) × 50% = 4000, approved.
    let (january, report) = common::catastrophic_stay(
        &mut store,
        1,
        "2019-01-03",
        "2019-01-15",
        "12000.00",
        "ZY190101",
    );
    common::pass_all(&mut store, report);
    store.approve_report(report, &common::leader()).unwrap();
    assert_eq!(stored(&store, january).payable, yuan("4000.00"));
    // The list recognises him as 低保 from 1 January, which 2019 ranks first:
    // 12000 × 70% = 8400, so the locked claim keeps 4000 and 4400 waits.
    let file = list(
        db.dir.path(),
        "身份.xlsx",
        &[[
            &common::jiuzhu_id_number(0),
            "李建国",
            "低保",
            "2019-01-01",
            "",
        ]],
    );
    import(&mut store, &file);
    assert_eq!(stored(&store, january).payable, yuan("4000.00"));
    let adjustments = store.claim_adjustments(january).unwrap();
    assert_eq!(adjustments.len(), 1);
    assert_eq!(adjustments[0].amount, yuan("4400.00"));
    assert!(
        adjustments[0]
            .explanation
            .starts_with("重新计算：按「低保」：自付 12000.00 × 70% = 8400.00"),
        "{}",
        adjustments[0].explanation
    );
    assert!(store.check(&|_, _| {}).unwrap().is_empty());
}
