//! 资助参保: the list imported from a file or generated from the roster, paid to the
//! insurer in one ledger payment, and unpaid again when that payment is reversed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use medfund::demo::demo_id_number;
use medfund::domain::Money;
use medfund::domain::fund::EntryKind;
use medfund::io::import_preview::AnyPreview;
use medfund::io::premium_import::{self, PremiumsPreview};
use medfund::io::roster_import::{Progress, RowError, Verdict};
use medfund::store::{Actor, Store, StoreError};

fn quiet(cancel: &AtomicBool) -> Progress<'_> {
    Progress {
        report: &|_, _| {},
        cancel,
    }
}

/// Write a preview as the import dialog and the CLI do.
fn commit(
    preview: &PremiumsPreview,
    store: &mut Store,
    actor: &Actor,
    progress: &Progress<'_>,
) -> Result<medfund::io::roster_import::Counts, medfund::io::roster_import::ImportError> {
    AnyPreview::Premiums(preview.clone()).commit(store, actor, progress)
}

fn yuan(n: i64) -> Money {
    Money::from_yuan(n)
}

/// The rows of the acceptance file: 3 good (one with its own amount), 8 bad.
fn premium_file() -> String {
    let id = common::premium_id;
    let stranger = demo_id_number("19700101", 5);
    let mut bad_check = id(1);
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '1' { '2' } else { '1' });
    let rows = [
        format!("张桂英,{},,", id(0)),
        format!("王秀兰,{},,180", id(2)),
        format!("杨得明,{},,", id(5)),
        format!("钱多多,{stranger},,"),
        format!(",{},,", id(0)),
        format!("陈玉梅,{},,", id(4)),
        format!("刘志强,{},低保户,", id(3)),
        format!("孙国庆,{},,", id(7)),
        format!("周丽,{},,", id(8)),
        format!("李建国,{},特困供养,abc", id(1)),
        format!("李建国,{bad_check},,"),
    ];
    format!("姓名,身份证号,救助类别,资助金额\n{}\n", rows.join("\n"))
}

fn open(db: &common::DemoDb) -> (Store, medfund::domain::program::Program) {
    let store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    (store, program)
}

fn preview_of(store: &Store, db: &common::DemoDb, text: &str) -> PremiumsPreview {
    let program = store.program_by_code("jiuzhu").unwrap();
    let csv = common::write_utf8(db.dir.path(), "premiums.csv", text);
    let cancel = AtomicBool::new(false);
    premium_import::preview_file(store, &program, 2019, &csv, &quiet(&cancel)).unwrap()
}

fn error(row: usize, column: &str, value: &str, message: &str) -> RowError {
    RowError::new(row, column, value, message)
}

#[test]
fn a_file_is_previewed_with_defaults_and_named_errors_then_committed() {
    let db = common::premium_db();
    let (mut store, program) = open(&db);
    let preview = preview_of(&store, &db, &premium_file());
    let c = preview.counts();
    assert_eq!(
        (c.new, c.unchanged, c.errors),
        (3, 0, 8),
        "{:#?}",
        preview.rows
    );

    // The category and amount default to the roster and the year's parameters; an
    // amount of its own is accepted and said.
    let line = |i: usize| (&preview.rows[i].listed, preview.rows[i].note.as_str());
    assert_eq!(line(0), (&Some(("特困供养".into(), yuan(220))), ""));
    assert_eq!(
        line(1),
        (
            &Some(("低保".into(), yuan(180))),
            "资助金额 180.00 与「低保」2019年度标准 150.00 不同"
        )
    );
    // 周丽 died in May 2019: insured for 2019.
    assert_eq!(preview.rows[8].verdict, Verdict::New);
    assert_eq!(line(8).0, &Some(("建档立卡贫困人口".into(), yuan(150))));
    assert_eq!(preview.new_amount(), yuan(550));
    assert_eq!(
        preview.summary(),
        "将列入2019年度资助参保名单 3 人，资助金额合计 550.00 元"
    );

    // Every error names its row, column and value.
    let id = common::premium_id;
    let categories = "特困供养、低保、低收入、建档立卡贫困人口、其他特殊困难";
    let errors = preview.errors();
    assert_eq!(
        errors[..7],
        [
            error(4, "姓名", "杨得明", "与名册中的姓名「杨德明」不符"),
            error(
                5,
                "身份证号",
                &demo_id_number("19700101", 5),
                "不在本项目名册中"
            ),
            error(6, "身份证号", &id(0), "与第 2 行的身份证号重复"),
            error(
                7,
                "资助金额",
                "",
                "「低收入」2019年度的资助金额为 0，请填写资助金额"
            ),
            error(
                8,
                "救助类别",
                "低保户",
                &format!("不是2019年度的救助类别（{categories}）")
            ),
            error(
                9,
                "身份证号",
                &id(7),
                "「孙国庆」2019年内不在册（已死亡或迁出）"
            ),
            error(11, "资助金额", "abc", "不是有效的金额"),
        ]
    );
    assert_eq!(errors[7].row, 12);
    assert_eq!(errors[7].column, "身份证号");
    assert!(errors[7].message.starts_with("校验码错误"), "{errors:#?}");
    // A dry run writes nothing.
    assert_eq!(store.premium_totals(program.id, 2019).unwrap().persons, 0);

    let cancel = AtomicBool::new(false);
    commit(&preview, &mut store, &common::clerk(), &quiet(&cancel)).unwrap();
    let t = store.premium_totals(program.id, 2019).unwrap();
    assert_eq!((t.persons, t.amount, t.paid_persons), (3, yuan(550), 0));
    assert_eq!(t.unpaid_amount(), yuan(550));
    let rows = store.search_premiums(program.id, 2019, "", 0, 10).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["王秀兰", "张桂英", "周丽"], "by pinyin");

    // Again: the three are 无变化; another amount for a listed person is an error.
    let again = preview_of(&store, &db, &premium_file());
    let c = again.counts();
    assert_eq!((c.new, c.unchanged, c.errors), (0, 3, 8));
    let changed = preview_of(&store, &db, &format!("身份证号,资助金额\n{},160\n", id(2)));
    assert_eq!(
        changed.errors(),
        [error(
            2,
            "资助金额",
            "160",
            "「王秀兰」已在2019年度名单中（低保，180.00 元）；如需更改金额，请先移出名单"
        )]
    );
}

#[test]
fn a_name_padded_in_the_file_matches_the_roster() {
    let db = common::premium_db();
    let (store, _) = open(&db);
    let id = common::premium_id;
    // 张桂英 and 王秀兰 padded with an ideographic and a no-break space; 杨得明 is
    // still not the roster's 杨德明 however it is spaced.
    let preview = preview_of(
        &store,
        &db,
        &format!(
            "姓名,身份证号\n张\u{3000}桂英,{}\n王\u{00A0}秀 兰,{}\n杨 得明,{}\n",
            id(0),
            id(2),
            id(5)
        ),
    );
    assert_eq!(
        preview.errors(),
        [error(4, "姓名", "杨得明", "与名册中的姓名「杨德明」不符")]
    );
    assert_eq!(preview.counts().new, 2);
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let db = common::premium_db();
    let (mut store, program) = open(&db);
    let preview = preview_of(&store, &db, &premium_file());
    let audit_before = store.audit_count().unwrap();
    let cancel = AtomicBool::new(true);
    let err = commit(&preview, &mut store, &common::clerk(), &quiet(&cancel)).unwrap_err();
    assert_eq!(err.to_string(), "操作已取消，未写入任何数据");
    assert_eq!(store.premium_totals(program.id, 2019).unwrap().persons, 0);
    assert_eq!(store.audit_count().unwrap(), audit_before);
    // The preview stops too.
    let csv = common::write_utf8(db.dir.path(), "p.csv", &premium_file());
    assert!(matches!(
        premium_import::preview_file(&store, &program, 2019, &csv, &quiet(&cancel)),
        Err(medfund::io::roster_import::ImportError::Store(
            StoreError::Cancelled
        ))
    ));
}

#[test]
fn the_list_is_generated_from_the_roster() {
    let db = common::premium_db();
    let (mut store, program) = open(&db);
    let cancel = AtomicBool::new(false);
    // 张桂英 is listed already, at an amount of her own.
    let first = preview_of(
        &store,
        &db,
        &format!("身份证号,资助金额\n{},200\n", common::premium_id(0)),
    );
    commit(&first, &mut store, &common::clerk(), &quiet(&cancel)).unwrap();

    let preview = premium_import::preview_roster(&store, &program, 2019, &quiet(&cancel)).unwrap();
    let names: Vec<&str> = preview.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["李建国", "王秀兰", "刘志强", "杨德明", "周丽"]);
    assert!(preview.rows.iter().all(|r| r.verdict == Verdict::New));
    assert_eq!(preview.new_amount(), yuan(220 + 150 * 4));
    assert_eq!(
        preview.summary(),
        "将列入2019年度资助参保名单 5 人，资助金额合计 820.00 元；未列入：已在名单中 1 人，类别本年度无资助金额 2 人，2019年内不在册 1 人"
    );
    assert_eq!(store.premium_totals(program.id, 2019).unwrap().persons, 1);

    commit(&preview, &mut store, &common::clerk(), &quiet(&cancel)).unwrap();
    let t = store.premium_totals(program.id, 2019).unwrap();
    assert_eq!((t.persons, t.amount), (6, yuan(1020)));
    let again = premium_import::preview_roster(&store, &program, 2019, &quiet(&cancel)).unwrap();
    assert!(again.rows.is_empty());
    assert_eq!(store.premium_count(program.id, 2019, "").unwrap(), 6);
    assert_eq!(store.premium_count(program.id, 2019, "王").unwrap(), 1);
    let by_id = &common::premium_id(5)[6..14];
    let found = store
        .search_premiums(program.id, 2019, by_id, 0, 10)
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "杨德明");

    // A 离休 program has no such list.
    let demo = common::demo_db();
    let lixiu_store = common::open(&demo.path);
    let lixiu = lixiu_store.program_by_code("lixiu").unwrap();
    let err =
        premium_import::preview_roster(&lixiu_store, &lixiu, 2021, &quiet(&cancel)).unwrap_err();
    assert!(err.to_string().contains("不是城乡医疗救助项目"), "{err}");
}

#[test]
fn paying_posts_one_ledger_entry_and_reversing_it_unpays_the_rows() {
    let db = common::premium_db();
    let (mut store, program) = open(&db);
    let cancel = AtomicBool::new(false);
    let preview = premium_import::preview_roster(&store, &program, 2019, &quiet(&cancel)).unwrap();
    commit(&preview, &mut store, &common::clerk(), &quiet(&cancel)).unwrap();
    let year_id = store.program_year(program.id, 2019).unwrap().id;
    let date = NaiveDate::from_ymd_opt(2019, 3, 20).unwrap();
    let finance = Actor {
        username: "caiwu".into(),
        display_name: "张丽".into(),
        roles: medfund::domain::user::Role::Finance.into(),
    };
    let clerk = Actor {
        roles: medfund::domain::user::Role::Clerk.into(),
        ..finance.clone()
    };
    // The clerk keeps the list; finance pays.
    assert!(matches!(
        store.pay_premiums(
            program.id,
            2019,
            date,
            "记-031",
            "城乡居民基本医疗保险基金",
            &clerk
        ),
        Err(StoreError::Forbidden { .. })
    ));
    let entry = store
        .pay_premiums(
            program.id,
            2019,
            date,
            "记-031",
            "城乡居民基本医疗保险基金",
            &finance,
        )
        .unwrap();
    let e = store.fund_entry(entry).unwrap();
    assert_eq!(e.kind, EntryKind::PremiumPayment);
    assert_eq!(e.amount, yuan(1040));
    assert_eq!(e.party(), "城乡居民基本医疗保险基金");
    assert_eq!(e.note, "资助参保 6 人");
    assert_eq!(e.doc_no, "记-031");
    let t = store.premium_totals(program.id, 2019).unwrap();
    assert_eq!(
        (t.paid_persons, t.paid_amount, t.unpaid_amount()),
        (6, yuan(1040), Money::ZERO)
    );
    let funds = store.fund_totals(year_id).unwrap();
    assert_eq!((funds.paid, funds.balance), (yuan(1040), -yuan(1040)));
    // The chart draws it as its own series.
    let chart = medfund::report::funds::build(&store, year_id).unwrap();
    assert_eq!(chart.series.len(), 1);
    assert_eq!(chart.series[0].name, "资助参保缴费");
    assert_eq!(chart.series[0].by_month[2], yuan(1040));
    assert_eq!(chart.charted_payments, yuan(1040));

    // Nothing is left to pay, and a paid person stays on the list.
    let err = store
        .pay_premiums(
            program.id,
            2019,
            date,
            "记-032",
            "城乡居民基本医疗保险基金",
            &finance,
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "资助参保名单中没有待缴费的金额");
    let paid_row = store.search_premiums(program.id, 2019, "", 0, 1).unwrap()[0].clone();
    assert_eq!(paid_row.fund_entry_id, Some(entry));
    let err = store
        .remove_premium(paid_row.id, &common::clerk())
        .unwrap_err();
    assert!(err.to_string().contains("请先冲销该笔缴费"), "{err}");

    // Reversed in 资金台账: every row is unpaid again and may be taken off.
    store
        .reverse_entry(entry, date, "金额有误", &finance)
        .unwrap();
    let t = store.premium_totals(program.id, 2019).unwrap();
    assert_eq!((t.paid_persons, t.unpaid_amount()), (0, yuan(1040)));
    assert_eq!(store.fund_totals(year_id).unwrap().paid, Money::ZERO);
    store.remove_premium(paid_row.id, &common::clerk()).unwrap();
    let t = store.premium_totals(program.id, 2019).unwrap();
    assert_eq!((t.persons, t.amount), (5, yuan(1040) - paid_row.amount));
    // The next payment takes the rest.
    let again = store
        .pay_premiums(
            program.id,
            2019,
            date,
            "记-033",
            "城乡居民基本医疗保险基金",
            &finance,
        )
        .unwrap();
    assert_eq!(
        store.fund_entry(again).unwrap().amount,
        yuan(1040) - paid_row.amount
    );
    assert_eq!(
        store.premium_totals(program.id, 2019).unwrap().paid_persons,
        5
    );
}
