//! The GUI driven through its Chinese labels with egui_kittest, on real demo databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::gui::{field, harness_logged_out, login, secret, sign_in_as, wait_until};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use medfund::domain::program::YearParams;
use medfund::store::Store;
use medfund::store::open::FileKind;
use medfund::ui::MedfundApp;

/// The app on `db`, logged in as the demo's administrator.
fn harness(db: &Path) -> Harness<'static, MedfundApp> {
    harness_as(db, "admin")
}

/// The app on `db`, logged in as the demo user `user`.
fn harness_as(db: &Path, user: &str) -> Harness<'static, MedfundApp> {
    let mut h = harness_logged_out(db);
    login(&mut h, user, medfund::demo::DEMO_PASSWORD);
    h
}

/// Switch to 2022 (the open year) and open 月度报账.
fn open_claims_2022(h: &mut Harness<'_, MedfundApp>) {
    h.get_by_label("年度").click();
    h.run();
    h.get_by_label("2022年").click();
    h.run();
    h.get_by_label("月度报账").click();
    h.run();
}

fn roster_count(db: &Path) -> usize {
    let store = common::open(db);
    let program = store.program_by_code("lixiu").unwrap();
    store.roster_count(program.id).unwrap()
}

#[test]
fn search_narrows_the_roster_as_you_type() {
    let db = common::demo_db();
    let mut h = harness(&db.path);
    h.run();
    assert!(h.query_by_label("共 25 人").is_some());
    assert!(h.query_by_label("医保专项资金绩效台账").is_some());
    // Names sort by pinyin: 陈犇 (chen) first; 赵镕 (zhao) is below the fold and,
    // the table being virtualized, not laid out at all.
    assert!(h.query_by_label("陈犇").is_some());
    assert!(h.query_by_label("赵镕").is_none());

    field(&h, "搜索").focus();
    field(&h, "搜索").type_text("韩");
    h.run();
    assert!(h.query_by_label("共 1 人").is_some());
    assert!(h.query_by_label("韩堃").is_some());
    assert!(h.query_by_label("何凤英").is_none());
    // The ID is masked in the table.
    assert!(h.query_by_label_contains("500230********").is_some());
    assert!(h.query_by_label_contains("19230315").is_none());

    // A partial ID number: 王玥 was born 1926-01-09.
    h.get_by_label("清除").click();
    h.run();
    assert!(h.query_by_label("共 25 人").is_some());
    field(&h, "搜索").focus();
    field(&h, "搜索").type_text("19260109");
    h.run();
    assert!(h.query_by_label("共 1 人").is_some());
    assert!(h.query_by_label("王玥").is_some());
}

#[test]
fn open_a_person_and_change_their_status() {
    let db = common::demo_db();
    let mut h = harness_as(&db.path, "jingban");
    h.run();
    h.get_by_label("韩堃").click();
    h.run();
    // The detail view shows the full ID number.
    assert!(h.query_by_label_contains("50023019230315011").is_some());
    assert!(h.query_by_label("无（自始在册）").is_some());

    h.get_by_label("变更状态").click();
    h.run();
    assert!(h.query_by_label("变更状态：韩堃").is_some());
    h.get_by_label("死亡").click();
    let date = field(&h, "状态日期");
    date.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&h, "状态日期").type_text("2022年6月15日");
    field(&h, "备注").focus();
    field(&h, "备注").type_text("死亡证明 2022-031");
    h.run();
    h.get_by_label("保存状态").click();
    h.run();

    assert!(
        h.query_by_label("已将 韩堃 的状态变更为 死亡（2022-06-15）")
            .is_some()
    );
    assert!(h.query_by_label("死亡（2022-06-15）").is_some());
    assert!(
        h.query_by_label_contains("死亡：死亡证明 2022-031")
            .is_some()
    );
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let id = store
        .search_roster(program.id, "韩堃", Default::default(), false)
        .unwrap()[0];
    assert_eq!(store.beneficiary(id).unwrap().status.label(), "死亡");
}

#[test]
fn a_wrong_check_digit_shows_the_reason_and_saves_nothing() {
    let db = common::demo_db();
    let mut h = harness_as(&db.path, "jingban");
    // Counted after the sign-in, which the audit log records.
    let audit_before = common::open(&db.path).audit_count().unwrap();
    h.run();
    h.get_by_label("新增（Ctrl+N）").click();
    h.run();
    assert!(h.query_by_label("新增受益对象").is_some());
    // The name field has the focus when the form opens.
    assert!(field(&h, "姓名").is_focused());
    field(&h, "姓名").type_text("韩玥");
    field(&h, "身份证号").focus();
    field(&h, "身份证号").type_text("110105194912310021");
    field(&h, "参加工作时间").focus();
    field(&h, "参加工作时间").type_text("1946-01-01");
    h.run();
    assert!(
        h.query_by_label("校验码错误：最后一位应为 X，实际为 1")
            .is_some()
    );
    assert!(
        h.query_by_label("类别：解放战争时期，个人定额 3,000.00 元")
            .is_some()
    );
    h.get_by_label("保存（Enter）").click();
    h.run();
    assert!(
        h.query_by_label("请先改正上面标红的内容，未保存。")
            .is_some()
    );
    assert_eq!(roster_count(&db.path), 25);
    assert_eq!(common::open(&db.path).audit_count().unwrap(), audit_before);

    // Fixing the last digit and pressing Enter saves.
    field(&h, "身份证号").focus();
    h.run();
    h.key_press(egui::Key::Backspace);
    field(&h, "身份证号").type_text("X");
    h.run();
    assert!(h.query_by_label("女，1949-12-31 出生").is_some());
    h.key_press(egui::Key::Enter);
    h.run();
    // Born 1949-12-31 but joined work in 1946: refused, still nothing saved.
    assert!(h.query_by_label("参加工作时间早于出生日期").is_some());
    assert_eq!(roster_count(&db.path), 25);
}

#[test]
fn adding_a_valid_person_saves_and_selects_them() {
    let db = common::demo_db();
    let mut h = harness_as(&db.path, "jingban");
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.run();
    field(&h, "姓名").type_text("韦玥");
    field(&h, "身份证号").focus();
    field(&h, "身份证号").type_text(&medfund::demo::demo_id_number("19291111", 467));
    field(&h, "参加工作时间").focus();
    field(&h, "参加工作时间").type_text("1944年8月1日");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.query_by_label("已保存：韦玥").is_some());
    assert!(h.query_by_label("共 26 人").is_some());
    assert!(h.query_by_label("5,000.00 元（2021年）").is_some());
    assert_eq!(roster_count(&db.path), 26);
}

/// In the open import dialog, type `file` over what the 文件 field holds and
/// click 预览.
fn preview_import(h: &mut Harness<'_, MedfundApp>, file: &Path) {
    h.run();
    field(h, "文件").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(h, "文件").type_text(&file.display().to_string());
    h.run();
    h.get_by_label("预览").click();
}

#[test]
fn import_dialog_previews_then_commits_only_valid_rows() {
    let db = common::demo_db();
    let csv = common::write_utf8(db.dir.path(), "十行.csv", &common::ten_rows("身份证号"));
    let mut h = harness_as(&db.path, "jingban");
    h.run();
    h.get_by_label("导入…").click();
    preview_import(&mut h, &csv);
    wait_until(&mut h, "the preview", |h| {
        h.query_by_label("预览结果：新增 7，更新 0，无变化 0，错误 3")
            .is_some()
    });
    assert!(
        h.query_by_label_contains("与第 3 行的身份证号重复")
            .is_some()
    );
    assert_eq!(roster_count(&db.path), 25, "a preview writes nothing");
    h.get_by_label("保存错误清单（Excel）").click();
    h.run();
    let saved = db.dir.path().join("十行-错误清单.xlsx");
    assert!(
        h.query_by_label(&format!("错误清单已保存：{}", saved.display()))
            .is_some(),
        "{:?}",
        h.query_all_by_label_contains("错误清单")
            .map(|n| n.value())
            .collect::<Vec<_>>()
    );
    assert!(saved.is_file());

    h.get_by_label("提交 7 条有效记录").click();
    wait_until(&mut h, "the commit", |h| {
        // Shown in the dialog and in a toast.
        h.query_all_by_label("导入完成：新增 7，更新 0，无变化 0，错误 3")
            .next()
            .is_some()
    });
    h.get_by_label("关闭").click();
    h.run();
    assert!(h.query_by_label("共 32 人").is_some());
    assert_eq!(roster_count(&db.path), 32);
}

#[test]
fn the_import_dialog_refuses_an_oversized_sheet_and_says_gbk() {
    let db = common::demo_db();
    let xlsx = db.dir.path().join("全表.xlsx");
    common::tiny_xlsx(
        &xlsx,
        "A1:XFD1048576",
        r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
        &[],
    );
    let gbk = common::write_gbk(db.dir.path(), "gbk.csv", &common::ten_rows("身份证号"));
    let mut h = harness_as(&db.path, "jingban");
    h.run();
    h.get_by_label("导入…").click();
    preview_import(&mut h, &xlsx);
    wait_until(&mut h, "the refusal", |h| {
        h.query_by_label_contains("单元格 XFD1048576").is_some()
    });
    assert!(h.query_by_label_contains("表格范围过大").is_some());

    // The dialog is still there: the next file is previewed, read as GBK.
    preview_import(&mut h, &gbk);
    wait_until(&mut h, "the preview", |h| {
        h.query_by_label("预览结果：新增 7，更新 0，无变化 0，错误 3")
            .is_some()
    });
    assert!(h.query_by_label_contains("按 GBK 编码读取").is_some());
}

#[test]
fn first_start_offers_the_demo_then_asks_to_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut h = harness_logged_out(&path);
    h.run();
    assert!(h.query_by_label("欢迎使用医保专项资金绩效台账").is_some());
    h.get_by_label("载入示例数据").click();
    h.run();
    assert!(
        h.query_by_label("示例数据已载入：丰都县离休人员医药费县级补助、赫山区城乡医疗救助")
            .is_some()
    );
    assert!(h.query_by_label_contains("密码均为 demo1234").is_some());
    // A wrong password is refused with one message for either mistake.
    login(&mut h, "admin", "wrong-password");
    assert!(h.query_by_label("用户名或密码不正确").is_some());
    login(&mut h, "jingban", medfund::demo::DEMO_PASSWORD);
    assert!(h.query_by_label("当前用户：陈晓梅（经办人）").is_some());
    assert!(h.query_by_label("共 25 人").is_some());
    h.get_by_label("绩效评分").click();
    h.run();
    assert!(h.query_by_label_contains("自评得分").is_some());
}

#[test]
fn an_empty_start_sets_the_administrator_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    let mut h = harness_logged_out(&path);
    h.run();
    h.get_by_label("空白开始").click();
    h.run();
    assert!(h.query_by_label("设置管理员密码").is_some());
    secret(&h, "密码").focus();
    secret(&h, "密码").type_text("Secret99");
    secret(&h, "确认密码").focus();
    secret(&h, "确认密码").type_text("Secret98");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.query_by_label("两次输入的密码不一致").is_some());
    secret(&h, "密码").focus();
    secret(&h, "密码").type_text("Secret99");
    secret(&h, "确认密码").focus();
    secret(&h, "确认密码").type_text("Secret99");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    let code = keep_recovery_code(&mut h);
    assert!(h.query_by_label("当前用户：管理员（管理员）").is_some());
    assert!(h.query_by_label("新建项目").is_some());
    drop(h);
    // The file is encrypted: the password opens it, and so does the code shown.
    assert!(Store::sign_in(&path, "admin", "Secret99").is_ok());
    assert!(Store::sign_in(&path, "admin", "Secret98").is_err());
    let code = medfund::store::keyring::RecoveryCode::parse(&code).unwrap();
    assert!(Store::open_with_key(&path, &code.master_key().unwrap()).is_ok());
}

/// The 恢复密钥 a new database shows once: read it, say it is kept, go on.
fn keep_recovery_code(h: &mut Harness<'_, MedfundApp>) -> String {
    let shown = h.get_by_label_contains("恢复密钥：");
    let node = shown.accesskit_node();
    let code = node
        .label()
        .or_else(|| node.value())
        .unwrap()
        .trim_start_matches("恢复密钥：")
        .to_owned();
    assert!(
        h.get_by_label("继续").accesskit_node().is_disabled(),
        "继续 waits until the code is said to be kept"
    );
    h.get_by_label("我已打印或抄写恢复密钥并妥善保管").click();
    h.run();
    h.get_by_label("继续").click();
    h.run_steps(2);
    wait_until(h, "the start-up check", |h| !h.state().checking());
    code
}

#[test]
fn holiday_calendar_moves_the_report_deadline() {
    let db = common::demo_db();
    let mut h = harness(&db.path);
    h.run();
    h.get_by_label("设置").click();
    h.run();
    let this_year = chrono::Datelike::year(&chrono::Local::now().date_naive());
    for _ in 2021..this_year {
        h.get_by_label("‹ 上一年").click();
        h.run();
    }
    assert!(h.query_by_label("2021年").is_some());
    // National Day: the 5th is a holiday, so September's report is due 8 October.
    assert!(h.query_by_label("9月报：10月8日").is_some());
    assert!(h.query_by_label("10月1日至10月7日（7天）").is_some());

    field(&h, "日期").focus();
    field(&h, "日期").type_text("2021-10-08");
    field(&h, "名称").focus();
    field(&h, "名称").type_text("县内调休");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.query_by_label("已设置 2021-10-08 为休").is_some());
    // Saturday 9 October is a make-up working day.
    assert!(h.query_by_label("9月报：10月9日").is_some());
    assert!(h.query_by_label("县内调休").is_some());
}

#[test]
fn a_supervisor_reviews_and_approves_a_hospital_month() {
    use medfund::domain::claim::Month;
    let db = common::demo_db();
    // A September 2022 report with two audited claims, waiting for review.
    common::audited_report(
        &db.path,
        Month {
            year: 2022,
            month: 9,
        },
        &[("MZ1", "300.00"), ("MZ2", "120.50")],
    );
    let mut h = harness_logged_out(&db.path);
    login(&mut h, "lingdao", medfund::demo::DEMO_PASSWORD);
    h.get_by_label("划拨审核").click();
    h.run();
    assert!(h.query_by_label("2022年1月").is_some());
    for _ in 1..9 {
        h.get_by_label("下月 ›").click();
        h.run();
    }
    assert!(h.query_by_label("2022年9月").is_some());
    assert!(
        h.query_by_label("共 1 家医院，审核后应付合计 420.50 元")
            .is_some()
    );
    assert!(h.query_by_label("待复核").is_some());
    h.get_by_label("丰都县人民医院").click();
    h.run();
    assert!(
        h.query_by_label("2022年9月 丰都县人民医院 报账明细")
            .is_some()
    );
    assert!(h.query_by_label("MZ2").is_some());
    h.get_by_label("批准").click();
    h.run();
    assert!(
        h.query_by_label("已批准 2022年9月 丰都县人民医院，该月已锁定")
            .is_some()
    );
    assert!(h.query_by_label("已批准").is_some());
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let row = &store
        .transfer_rows(
            program.id,
            Month {
                year: 2022,
                month: 9,
            },
        )
        .unwrap()[0];
    assert!(row.report.locked);
}

#[test]
fn three_claims_entered_with_the_keyboard_only() {
    let db = common::demo_db();
    let mut h = harness_as(&db.path, "jingban");
    h.run();
    // 2021 is fully transferred; enter in the open year 2022.
    open_claims_2022(&mut h);
    for _ in 1..3 {
        h.get_by_label("下月 ›").click();
        h.run();
    }
    assert!(h.query_by_label("2022年3月").is_some());
    assert!(
        h.query_by_label("本月尚未登记月报表；登记收到日期或录入第一条报账时自动建立。")
            .is_some()
    );

    let rows = [
        (
            "韩堃",
            "门诊",
            "2022-03-02",
            "",
            "300.00",
            "12.50",
            "MZ220301",
        ),
        ("王玥", "门诊", "2022-03-09", "", "88.80", "", "MZ220302"),
        (
            "李喆",
            "住院",
            "2022-03-01",
            "2022-03-08",
            "9650.00",
            "150.00",
            "ZY220301",
        ),
    ];
    // The first field has the focus; Tab moves on, Enter saves and starts the next row.
    assert!(field(&h, "身份证号或姓名").is_focused());
    for (who, kind, date, discharge, total, out, bill) in rows {
        h.get_by_label("身份证号或姓名").type_text(who);
        h.run();
        for value in [kind, date, discharge, total, out, bill] {
            h.key_press(egui::Key::Tab);
            h.run();
            h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
            h.run();
            if !value.is_empty() {
                h.event(egui::Event::Text(value.to_owned()));
            } else {
                h.key_press(egui::Key::Backspace);
            }
            h.run();
        }
        h.key_press(egui::Key::Enter);
        h.run();
        h.run();
    }
    assert!(
        h.query_by_label(
            "本月 3 条，医疗总费用 10,038.80 元，应付 9,876.30 元，审核后应付 0.00 元"
        )
        .is_some(),
        "{:?}",
        h.query_all_by_label_contains("本月")
            .map(|n| n.value())
            .collect::<Vec<_>>()
    );
    assert!(h.query_by_label("ZY220301").is_some());
    assert!(
        h.query_by_label_contains("目录内 9650.00 − 150.00 = 9500.00")
            .is_some()
    );

    assert!(h.query_by_label("审核率 0.00%").is_some());
    // The clerk does not audit the claims they entered; the auditor does.
    assert!(h.query_by_label("全部通过（3 条待审）").is_none());
    h.get_by_label("ZY220301").click();
    h.run();
    assert!(h.query_by_label("确定审核").is_none());
    sign_in_as(&mut h, "shenhe");
    open_claims_2022(&mut h);
    for _ in 1..3 {
        h.get_by_label("下月 ›").click();
        h.run();
    }
    h.get_by_label("全部通过（3 条待审）").click();
    h.run();
    assert!(h.query_by_label("审核率 100.00%").is_some());
    assert!(
        h.query_by_label(
            "本月 3 条，医疗总费用 10,038.80 元，应付 9,876.30 元，审核后应付 9,876.30 元"
        )
        .is_some()
    );
}

#[test]
fn a_name_two_people_share_is_saved_only_for_the_one_the_clerk_picks() {
    use medfund::domain::beneficiary::BeneficiaryDraft;
    use medfund::domain::claim::Month;
    use medfund::domain::mask::mask_id_middle;
    use medfund::domain::program::ProgramKind;
    let db = common::demo_db();
    // A second 王玥 on the roster (the demo's is born 1926-01-09).
    let second = medfund::demo::demo_id_number("19280707", 612);
    let mut store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let fields = BeneficiaryDraft {
        name: "王玥".into(),
        id_number: second.clone(),
        work_date: "1946-01-01".into(),
        ..Default::default()
    }
    .validate(ProgramKind::Lixiu, &[])
    .unwrap();
    store
        .add_beneficiary(program.id, &fields, &common::clerk())
        .unwrap();
    let january = Month {
        year: 2022,
        month: 1,
    };
    let saved = |store: &Store| -> Vec<String> {
        store
            .transfer_rows(program.id, january)
            .unwrap()
            .iter()
            .flat_map(|r| store.report_claims(r.report.id).unwrap())
            .map(|c| c.id_number)
            .collect()
    };

    let mut h = harness_as(&db.path, "jingban");
    h.run();
    open_claims_2022(&mut h);
    h.get_by_label("身份证号或姓名").type_text("王玥");
    h.run();
    tab_through(&mut h, &["门诊", "2022-01-09", "", "88.80", "", "MZ220101"]);
    // Enter with two matches and none picked: nothing saved, the form kept.
    press(&mut h, egui::Key::Enter);
    h.run();
    h.get_by_label("「王玥」对应 2 人，请在列表中选择一人");
    assert!(saved(&store).is_empty());
    assert_eq!(field(&h, "票据号").value().as_deref(), Some("MZ220101"));
    assert_eq!(field(&h, "医疗总费用").value().as_deref(), Some("88.80"));

    // The clerk picks the second 王玥; Enter saves for that person.
    click(&mut h, &format!("王玥 {}", mask_id_middle(&second)));
    h.get_by_label(&format!("报账人：王玥 {}", mask_id_middle(&second)));
    assert!(h.query_by_label_contains("对应 2 人").is_none());
    field(&h, "票据号").focus();
    h.run();
    press(&mut h, egui::Key::Enter);
    h.run();
    assert_eq!(saved(&store), vec![second]);
}

#[test]
fn a_clerk_cannot_approve_a_hospital_month() {
    use medfund::domain::claim::Month;
    let db = common::demo_db();
    let report_id = common::audited_report(
        &db.path,
        Month {
            year: 2022,
            month: 1,
        },
        &[("MZ9", "100")],
    );
    let mut h = harness_logged_out(&db.path);
    login(&mut h, "jingban", medfund::demo::DEMO_PASSWORD);
    h.get_by_label("划拨审核").click();
    h.run();
    h.get_by_label("丰都县人民医院").click();
    h.run();
    assert!(
        h.query_by_label("2022年1月 丰都县人民医院 报账明细")
            .is_some()
    );
    // The clerk sees the month but no 批准 or 退回.
    assert!(h.query_by_label("批准").is_none());
    assert!(h.query_by_label("退回…").is_none());
    // And the store refuses it too.
    let mut store = common::open(&db.path);
    let clerk = store
        .login("jingban", medfund::demo::DEMO_PASSWORD)
        .unwrap()
        .actor;
    let err = store.approve_report(report_id, &clerk).unwrap_err();
    assert_eq!(err.to_string(), "「经办人」无权批准或退回划拨");
    let leader = store
        .login("lingdao", medfund::demo::DEMO_PASSWORD)
        .unwrap()
        .actor;
    store.approve_report(report_id, &leader).unwrap();
}

#[test]
fn claims_are_reduced_refused_or_passed_one_by_one_or_after_a_spot_check() {
    use medfund::domain::claim::Month;
    let db = common::demo_db();
    common::report_with_claims(
        &db.path,
        Month {
            year: 2022,
            month: 1,
        },
        &[("MZA", "300.00"), ("MZB", "120.00"), ("MZC", "80.00")],
        false,
    );
    let mut h = harness_logged_out(&db.path);
    login(&mut h, "shenhe", medfund::demo::DEMO_PASSWORD);
    open_claims_2022(&mut h);
    assert!(
        h.query_by_label("本月 3 条，医疗总费用 500.00 元，应付 500.00 元，审核后应付 0.00 元")
            .is_some()
    );

    // 核减 50.00 on MZA, with a reason.
    h.get_by_label("MZA").click();
    h.run();
    h.get_by_label("核减").click();
    h.run();
    field(&h, "核减金额").focus();
    field(&h, "核减金额").type_text("50");
    field(&h, "原因").focus();
    field(&h, "原因").type_text("超限价");
    h.run();
    h.get_by_label("确定审核").click();
    h.run();
    assert!(h.query_by_label("已核减 1 条").is_some());

    // A spot check of every claim ≥ 100 picks MZB; the rest pass in one go.
    field(&h, "抽查比例 %").focus();
    field(&h, "抽查比例 %").type_text("0");
    field(&h, "及金额 ≥").focus();
    field(&h, "及金额 ≥").type_text("100");
    h.run();
    h.get_by_label("抽查").click();
    h.run();
    assert!(h.query_by_label("已抽中 1 条，请逐条审核").is_some());
    assert!(h.query_by_label("待审（抽中）").is_some());
    h.get_by_label("通过未抽中的 1 条").click();
    h.run();
    // The sampled one is refused after review.
    h.get_by_label("MZB").click();
    h.run();
    h.get_by_label("拒付").click();
    h.run();
    field(&h, "原因").focus();
    field(&h, "原因").type_text("非本人就诊");
    h.run();
    h.get_by_label("确定审核").click();
    h.run();
    assert!(
        h.query_by_label("本月 3 条，医疗总费用 500.00 元，应付 500.00 元，审核后应付 330.00 元")
            .is_some()
    );
}

#[test]
fn a_month_of_claims_is_imported_through_the_preview() {
    let db = common::demo_db();
    let han = medfund::demo::demo_id_number("19230315", 11);
    let wang = medfund::demo::demo_id_number("19260109", 32);
    let csv = common::write_utf8(
        db.dir.path(),
        "一月报账.csv",
        &format!(
            "身份证号,姓名,就诊类型,就诊日期,医疗总费用,票据号\n{han},韩堃,门诊,2022-01-04,210.00,MZX1\n{wang},王玥,门诊,2022-01-05,99.50,MZX2\n{wang},王玥,门诊,2022-02-01,10.00,MZX3\n"
        ),
    );
    let mut h = harness_as(&db.path, "jingban");
    open_claims_2022(&mut h);
    h.get_by_label("从文件导入报账明细…").click();
    h.run();
    assert!(
        h.query_by_label("导入报账明细 — 丰都县人民医院 2022年1月")
            .is_some()
    );
    field(&h, "文件").focus();
    field(&h, "文件").type_text(&csv.display().to_string());
    h.run();
    h.get_by_label("预览").click();
    wait_until(&mut h, "the preview", |h| {
        h.query_by_label("预览结果：新增 2，更新 0，无变化 0，错误 1")
            .is_some()
    });
    assert!(
        h.query_by_label_contains("就诊日期 2022-02-01 不在报账月份 2022年1月 内")
            .is_some()
    );
    h.get_by_label("提交 2 条有效记录").click();
    wait_until(&mut h, "the commit", |h| {
        h.query_all_by_label("导入完成：新增 2，更新 0，无变化 0，错误 1")
            .next()
            .is_some()
    });
    h.get_by_label("关闭").click();
    h.run();
    assert!(
        h.query_by_label("本月 2 条，医疗总费用 309.50 元，应付 309.50 元，审核后应付 0.00 元")
            .is_some()
    );
}

/// Ctrl+S on 政策参数 with edits pending; they are saved.
fn save_policy_parameters(h: &mut Harness<'_, MedfundApp>) {
    h.get_by_label("有未保存的修改");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("政策参数已保存");
    h.run();
    assert!(h.query_by_label("有未保存的修改").is_none());
}

#[test]
fn other_protection_layers_are_configured_in_policy_parameters_and_entered_per_claim() {
    let db = common::demo_db();
    let mut h = harness(&db.path);
    h.get_by_label("年度").click();
    h.run();
    h.get_by_label("2022年").click();
    h.run();
    h.get_by_label("政策参数").click();
    h.run();
    h.get_by_label("政策参数 · 2022年");
    h.get_by_label("无其他保障层次。");
    h.get_by_label("增加保障层次").click();
    h.run();
    h.get_by_label("增加保障层次").click();
    h.run();
    for (label, name) in [("第 1 层", "基本医疗保险"), ("第 2 层", "大病保险")] {
        field(&h, label).focus();
        field(&h, label).type_text(name);
        h.run();
    }
    save_policy_parameters(&mut h);
    h.get_by_label("月度报账").click();
    h.run();
    // Named as the columns of a claims file.
    for name in ["基本医疗保险支付", "大病保险支付"] {
        assert!(
            h.query_by_role_and_label(egui::accesskit::Role::TextInput, name)
                .is_some()
        );
    }
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    assert_eq!(
        store.program_year(program.id, 2022).unwrap().params.layers,
        vec!["基本医疗保险", "大病保险"]
    );
    // 2021 keeps its own (empty) list.
    assert!(
        store
            .program_year(program.id, 2021)
            .unwrap()
            .params
            .layers
            .is_empty()
    );
}

/// 财务 (张丽) logged in, on 资金台账 for 2022.
fn funds_2022_as_finance(db: &Path) -> Harness<'static, MedfundApp> {
    let mut h = harness_logged_out(db);
    login(&mut h, "caiwu", medfund::demo::DEMO_PASSWORD);
    h.get_by_label("年度").click();
    h.run();
    h.get_by_label("2022年").click();
    h.run();
    h.get_by_label("资金台账").click();
    h.run();
    h
}

#[test]
fn finance_records_an_appropriation_and_sees_the_balance_and_chart_change() {
    let db = common::demo_db();
    let mut h = funds_2022_as_finance(&db.path);
    h.get_by_label("结余  350,000.00 元");
    h.get_by_label("到位率  25.00%");
    h.get_by_label("图表").click();
    h.run();
    h.get_by_label("累计到位 35.00 万元 · 全年预算 140.00 万元 · 已支付 0.00 万元");

    h.get_by_label("登记收支…").click();
    h.run();
    h.run();
    field(&h, "日期").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&h, "日期").type_text("2022-04-18");
    field(&h, "文号").focus();
    field(&h, "文号").type_text("丰财社〔2022〕61号");
    field(&h, "金额（元）").focus();
    field(&h, "金额（元）").type_text("10万");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    // A bad amount is named in the dialog and nothing is written.
    h.get_by_label_contains("金额「10万」");
    h.get_by_label("结余  350,000.00 元");
    field(&h, "金额（元）").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&h, "金额（元）").type_text("100000");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    h.get_by_label_contains("财政拨款 100,000.00 元");
    h.get_by_label("结余  450,000.00 元");
    h.get_by_label("到位率  32.14%");
    h.get_by_label("累计到位 45.00 万元 · 全年预算 140.00 万元 · 已支付 0.00 万元");

    // The new row is in the ledger, in the second quarter by its date.
    h.get_by_label("台账明细").click();
    h.run();
    h.get_by_label("丰财社〔2022〕61号（第2季度）");
}

#[test]
fn the_start_up_check_shows_problems_in_a_banner() {
    let db = common::demo_db();
    let conn = common::raw(&db.path);
    conn.execute_batch(&format!(
        "{} DELETE FROM audit_log WHERE id = 30;",
        common::DROP_APPEND_ONLY
    ))
    .unwrap();
    drop(conn);
    // The check runs once someone has opened the encrypted database.
    let mut h = harness(&db.path);
    h.run();
    h.get_by_label_contains("数据检查发现 1 个问题");
    h.get_by_label("· 审计日志第 31 条之前有记录被删除或篡改（哈希链断开）");
    h.get_by_label("知道了").click();
    h.run();
    assert!(h.query_by_label_contains("数据检查发现").is_none());
}

#[test]
fn the_year_end_settlement_is_confirmed_then_posted_into_the_ledger() {
    let db = common::demo_db();
    let mut h = funds_2022_as_finance(&db.path);
    h.get_by_label("全年执行数  0.00 元");
    h.get_by_label("年终清算…").click();
    // It is computed on another thread.
    wait_until(&mut h, "the settlement", |h| {
        h.query_by_label("尚未过账。").is_some()
    });
    // 2022 has no claims yet: every quota is topped up in full.
    h.get_by_label_contains("补足 91,000.00 元");
    h.get_by_label("尚未过账。");
    h.get_by_label("过账…").click();
    h.run();
    h.get_by_label("将向 25 人支付补足金额合计 91,000.00 元，记入资金台账。");
    h.get_by_label("确认过账").click();
    // The posted settlement is read again on another thread.
    wait_until(&mut h, "the posted settlement", |h| {
        h.query_by_label_contains("由 caiwu 过账，补足 91,000.00 元已记入资金台账")
            .is_some()
    });
    h.get_by_label("关闭").click();
    h.run();
    h.get_by_label("全年执行数  91,000.00 元");
    h.get_by_label("结余  259,000.00 元");
    // The ledger is virtualized: the rows in view are cash payments, and the store
    // holds one per person.
    assert!(h.query_all_by_label("个人支付").count() >= 10);
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let year = store.program_year(program.id, 2022).unwrap();
    let cash = store
        .fund_entries(year.id)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == medfund::domain::fund::EntryKind::CashPayment)
        .count();
    assert_eq!(cash, 25);
}

#[test]
fn a_settlement_over_pending_claims_is_refused_and_an_unapproved_month_is_confirmed() {
    use medfund::domain::claim::Month;
    let db = common::demo_db();
    // 韩堃's two 门诊 claims of March 2022, 待审: 300.00 + 934.00 = 1,234.00.
    let report = common::report_with_claims(
        &db.path,
        Month {
            year: 2022,
            month: 3,
        },
        &[("MZ220301", "300.00"), ("MZ220302", "934.00")],
        false,
    );
    let mut h = funds_2022_as_finance(&db.path);
    h.get_by_label("年终清算…").click();
    wait_for(&mut h, "尚未过账。");
    h.get_by_label("2022年度还有 2 条报账待审（应付 1,234.00 元），审核完毕后才能过账年终清算。");
    // Pending claims count nothing yet: the top-ups are the whole quotas.
    h.get_by_label_contains("补足 91,000.00 元");
    let post = h.get_by_label("过账…");
    assert!(post.accesskit_node().is_disabled());
    post.click();
    h.run();
    assert!(h.query_by_label("确认过账").is_none());
    click(&mut h, "关闭");

    // Audited but not approved: the warning names the month and posting needs a tick.
    let mut store = common::open(&db.path);
    common::pass_all(&mut store, report);
    h.get_by_label("年终清算…").click();
    wait_for(&mut h, "尚未过账。");
    assert!(h.query_by_label_contains("条报账待审").is_none());
    h.get_by_label(
        "2022年度还有 1 个医院月份尚未批准：丰都县人民医院 2022年3月（待复核）；\
         这些月份的报账仍可能变动，清算不会随之调整。",
    );
    // 91,000.00 − 1,234.00 that 韩堃 used = 89,766.00.
    h.get_by_label_contains("补足 89,766.00 元");
    click(&mut h, "过账…");
    assert!(h.get_by_label("确认过账").accesskit_node().is_disabled());
    click(&mut h, "已知悉未批准月份的报账仍可能变动，仍要过账");
    // Posting runs off the UI thread with a spinner: wait, do not settle.
    h.get_by_label("确认过账").click();
    wait_until(&mut h, "the posted settlement", |h| {
        h.query_by_label_contains("由 caiwu 过账，补足 89,766.00 元已记入资金台账")
            .is_some()
    });
    let program = store.program_by_code("lixiu").unwrap();
    assert_eq!(
        store
            .posted_settlement(program.id, 2022)
            .unwrap()
            .unwrap()
            .total
            .plain(),
        "89766.00"
    );
}

/// The app logged in as the clerk, on `page` for 2021.
fn page_2021_as_clerk(db: &Path, page: &str) -> Harness<'static, MedfundApp> {
    let mut h = harness_logged_out(db);
    login(&mut h, "jingban", medfund::demo::DEMO_PASSWORD);
    h.get_by_label("年度").click();
    h.run();
    h.get_by_label("2021年").click();
    h.run();
    h.get_by_label(page).click();
    h.run();
    h
}

/// On 绩效评分 of 2021, type `actual` as the 实际完成值 of 统筹支付标准, reached by the
/// keyboard: a click picks a row (which opens no editor), ↑ moves up: 费用审核率 →
/// 医药费支付方式 → 统筹支付标准.
fn type_pooling_standard_actual(h: &mut Harness<'_, MedfundApp>, actual: &str) {
    h.get_by_label("费用审核率").click();
    h.run();
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::TextInput, "实际完成值")
            .is_none()
    );
    h.key_press(egui::Key::ArrowUp);
    h.key_press(egui::Key::ArrowUp);
    h.run();
    field(h, "实际完成值").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(h, "实际完成值").type_text(actual);
    h.run();
}

#[test]
fn the_score_and_grade_follow_an_actual_as_it_is_typed() {
    let db = common::demo_db();
    let mut h = page_2021_as_clerk(&db.path, "绩效评分");
    h.get_by_label("98 分");
    h.get_by_label("优");
    h.get_by_label("没有发现问题");

    type_pooling_standard_actual(&mut h, "7000");
    // An = target missed scores 0: 98 − 10 = 88, 良.
    h.get_by_label("88 分");
    h.get_by_label("良");
    h.get_by_label(
        "· 「统筹支付标准」未完成年度指标值（8000元/人/年），须填写偏差原因分析及改进措施",
    );

    h.get_by_role_and_label(
        egui::accesskit::Role::MultilineTextInput,
        "偏差原因分析及改进措施",
    )
    .focus();
    h.get_by_role_and_label(
        egui::accesskit::Role::MultilineTextInput,
        "偏差原因分析及改进措施",
    )
    .type_text("年中调整统筹标准");
    h.run();
    h.get_by_label("没有发现问题");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("绩效指标已保存");

    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let year = store.program_year(program.id, 2021).unwrap();
    let ev = medfund::report::evaluation::load(&store, &program, 2021).unwrap();
    assert_eq!(ev.evaluation.total.to_string(), "88.00");
    let saved = store.indicators(year.id).unwrap();
    let line = saved.iter().find(|l| l.name == "统筹支付标准").unwrap();
    assert_eq!(line.reason, "年中调整统筹标准");
}

#[test]
fn signing_out_gives_the_next_user_fresh_pages() {
    let db = common::demo_db();
    let mut h = page_2021_as_clerk(&db.path, "绩效评分");
    h.get_by_label("98 分");
    // The clerk types an actual and leaves it unsaved.
    type_pooling_standard_actual(&mut h, "7000");
    h.get_by_label("88 分");
    h.get_by_label("有未保存的修改");
    // On another page the navigation says which page holds the draft.
    nav(&mut h, "受益对象");
    assert!(h.query_by_label("有未保存的修改").is_none());
    h.get_by_role_and_label(egui::accesskit::Role::Button, "绩效评分")
        .hover();
    h.run();
    h.get_by_label("有未保存的修改");

    h.get_by_label("退出登录").click();
    h.run();
    login(&mut h, "admin", medfund::demo::DEMO_PASSWORD);
    nav(&mut h, "绩效评分");
    // The administrator sees the year as saved, not the clerk's draft.
    h.get_by_label("98 分");
    assert!(h.query_by_label("88 分").is_none());
    assert!(h.query_by_label("有未保存的修改").is_none());
}

#[test]
fn a_failed_read_is_said_in_red_instead_of_an_empty_month() {
    let db = common::demo_db();
    let mut h = page_2021_as_clerk(&db.path, "月度报账");
    assert!(h.query_all_by_label_contains("本月 ").count() > 0);
    // The claims table goes away under the running app.
    let conn = common::raw(&db.path);
    conn.execute_batch("ALTER TABLE claims RENAME TO claims_gone")
        .unwrap();
    nav(&mut h, "受益对象");
    nav(&mut h, "月度报账");
    assert!(h.query_by_label_contains("读取报账记录失败").is_some());
    assert_eq!(h.query_all_by_label_contains("本月 ").count(), 0);
}

#[test]
fn the_scoring_page_shows_each_score_rounded_once_and_closed_tiers() {
    use medfund::domain::scoring::{Actual, Nature, Tier};
    use rust_decimal::Decimal;
    let db = common::demo_db();
    {
        // 2022's set, in 编制 (2021's is approved and locked).
        let mut store = common::open(&db.path);
        let program = store.program_by_code("lixiu").unwrap();
        let year = store.program_year(program.id, 2022).unwrap();
        let template = store.indicators(year.id).unwrap()[0].clone();
        let line = |name: &str, nature, target: Option<i64>, weight: i64, actual, text: &str| {
            medfund::domain::scoring::IndicatorLine {
                name: name.into(),
                nature,
                target: target.map(Decimal::from),
                target_text: "普遍知晓".into(),
                unit: "次".into(),
                weight: Decimal::from(weight),
                metric: None,
                actual,
                actual_text: text.into(),
                budget_execution: false,
                ..template.clone()
            }
        };
        let value = |v: i64| Actual::Value(Decimal::from(v));
        let judged = |tier, s: i64| Actual::Judged {
            tier,
            score: Decimal::from(s),
        };
        let lines = [
            line("随访次数", Nature::AtLeast, Some(24), 3, value(5), ""),
            line("投诉次数", Nature::AtMost, Some(24), 3, value(31), ""),
            line(
                "政策知晓",
                Nature::Qualitative,
                None,
                10,
                judged(Tier::Partial, 8),
                "部分知晓",
            ),
            line(
                "服务评价",
                Nature::Qualitative,
                None,
                10,
                judged(Tier::Missed, 6),
                "少数知晓",
            ),
        ];
        store
            .save_indicators(year.id, &lines, &medfund::store::Actor::system())
            .unwrap();
    }
    let h = page_as_clerk(&db.path, "2022年", "绩效评分");
    // ≥: 5 × 3 ÷ 24 = 0.625 → 0.63; ≤: (24 − 7) × 3 ÷ 24 = 2.125 → 2.13;
    // 部分达成 8 of 10 and 未达成 6 of 10 lie on their tiers' closed edges.
    for score in ["0.63", "2.13", "8", "6"] {
        h.get_by_label(score);
    }
    // 0.63 + 2.13 + 8 + 6 = 16.76.
    h.get_by_label("16.76 分");
    assert!(h.query_by_label_contains("不在「").is_none());
}

#[test]
fn the_report_page_previews_an_edit_and_exports_the_folder() {
    let db = common::demo_db();
    let mut h = page_2021_as_clerk(&db.path, "报告导出");
    h.get_by_label("（二）项目资金情况。").click();
    h.run();
    h.get_by_label(
        "2021年初预算离休人员医药费134万元，县财政局1-12月累计拨付离休干部药费155万元，医保局实际支付离休人员药费155万元，资金结余0万元。",
    );
    let editor = "正文（{…} 为数据占位符，导出时填入数据）";
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, editor)
        .focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, editor)
        .type_text("全年预算{全年预算万元}万元，已全部拨付到位。");
    h.run();
    h.get_by_label("全年预算155万元，已全部拨付到位。");

    let folder = db.dir.path().join("导出");
    field(&h, "导出到文件夹").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&h, "导出到文件夹").type_text(&folder.display().to_string());
    h.run();
    h.get_by_label("一键导出").click();
    wait_until(&mut h, "the export", |h| {
        h.query_by_label("导出完成").is_some()
    });
    h.get_by_label("已导出 18 个文件到：");

    let dir = medfund::ui::reports::export_folder(
        &folder,
        &common::open(&db.path).program_by_code("lixiu").unwrap(),
        2021,
    );
    let xml =
        common::zip_part(&dir.join("2021年度绩效自评报告.docx"), "word/document.xml").unwrap();
    assert!(
        xml.contains("全年预算155万元，已全部拨付到位。"),
        "the edit was saved and exported"
    );
}

// ---------------------------------------------------------------------------
// 医疗救助, on the small fixture of `common::add_jiuzhu`.

/// The 2019 parameters of the fixture's program.
fn jiuzhu_params(db: &Path) -> medfund::domain::program::YearParams {
    let store = common::open(db);
    let program = store.program_by_code("jiuzhu").unwrap();
    store.program_year(program.id, 2019).unwrap().params
}

#[test]
fn a_clerk_enters_a_catastrophic_stay_and_reads_its_explanation() {
    let db = common::jiuzhu_db();
    let mut h = harness_logged_out(&db.path);
    login(&mut h, "jingban", medfund::demo::DEMO_PASSWORD);
    nav(&mut h, "月度报账");
    h.get_by_label("2019年1月");
    h.get_by_value("赫山区人民医院");
    // A field per protection layer, named as the columns of a claims file; the
    // 重特大疾病 tick waits for a stay.
    for name in ["基本医保支付", "大病保险支付", "其他保障支付"] {
        field(&h, name);
    }
    let tick = || {
        h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "重特大疾病")
            .accesskit_node()
            .is_disabled()
    };
    assert!(tick());

    // 自付 = 20000 − 6000 (基本医保) − 2000 (大病保险) = 12000.
    assert!(field(&h, "身份证号或姓名").is_focused());
    h.get_by_label("身份证号或姓名").type_text("李建国");
    h.run();
    let tab_and_type = |h: &mut Harness<'_, MedfundApp>, value: &str| {
        h.key_press(egui::Key::Tab);
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run();
        h.event(egui::Event::Text(value.to_owned()));
        h.run();
    };
    for value in ["住院", "2019-01-03", "2019-01-15"] {
        tab_and_type(&mut h, value);
    }
    // Tab reaches the tick, Space ticks it.
    h.key_press(egui::Key::Tab);
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    for value in ["20000", "0", "6000", "2000", "0", "ZY190102"] {
        tab_and_type(&mut h, value);
    }
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    h.get_by_label("已保存：李建国 ZY190102 应付 4,000.00 元");
    h.get_by_label("住院（重特大）");

    // The selected claim shows its whole explanation.
    h.get_by_label("ZY190102").click();
    h.run();
    h.get_by_label("ZY190102 李建国 计算说明");
    let explanation = "自付 12000.00 − 起付线 4000.00 = 8000.00 × 50% = 4000.00（年度已救助 0.00，限额 50000.00）";
    assert!(h.query_all_by_label(explanation).next().is_some());

    let store = common::open(&db.path);
    let claim = store
        .report_claims(
            store
                .transfer_rows(
                    store.program_by_code("jiuzhu").unwrap().id,
                    medfund::domain::claim::Month {
                        year: 2019,
                        month: 1,
                    },
                )
                .unwrap()[0]
                .report
                .id,
        )
        .unwrap()
        .into_iter()
        .find(|c| c.bill_no == "ZY190102")
        .unwrap();
    assert!(claim.catastrophic);
    assert_eq!(claim.payable.plain(), "4000.00");
    assert_eq!(claim.explanation, explanation);

    // A clerk reads the policy parameters but cannot change them.
    nav(&mut h, "政策参数");
    h.get_by_label("经办人只能查看");
    assert!(h.query_by_label("保存").is_none());
    assert!(
        field(&h, "建档立卡贫困人口 重特大疾病比例")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn a_policy_rate_is_changed_and_saved_and_a_bad_one_is_named() {
    let db = common::jiuzhu_db();
    let mut h = harness(&db.path);
    nav(&mut h, "政策参数");
    h.get_by_label("政策参数 · 2019年");
    let rate = "建档立卡贫困人口 重特大疾病比例";
    assert_eq!(field(&h, rate).value().as_deref(), Some("50"));

    // A bad value is named with its category and shown; nothing is written.
    field(&h, "低保 门诊比例").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&h, "低保 门诊比例").type_text("abc");
    h.run();
    h.get_by_label("· 「低保」的门诊比例「abc」不是数字");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("未保存：「低保」的门诊比例「abc」不是数字");
    assert_eq!(jiuzhu_params(&db.path), YearParams::jiuzhu_seed());
    h.get_by_label("放弃修改").click();
    h.run();
    assert_eq!(field(&h, "低保 门诊比例").value().as_deref(), Some("50"));

    field(&h, rate).focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&h, rate).type_text("60");
    h.run();
    save_policy_parameters(&mut h);
    let saved = jiuzhu_params(&db.path);
    let poor = saved
        .categories
        .iter()
        .find(|c| c.category == "建档立卡贫困人口")
        .unwrap();
    assert_eq!(poor.catastrophic.rate_percent.to_string(), "60");
    let mut expected = YearParams::jiuzhu_seed();
    expected.categories[3].catastrophic.rate_percent = 60.into();
    assert_eq!(saved, expected, "nothing else changed");

    // A new 门诊 rate reaches the claim already entered (王秀英's 300.00 visit)
    // only when the year is recomputed.
    field(&h, "低保 门诊比例").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&h, "低保 门诊比例").type_text("60");
    h.run();
    save_policy_parameters(&mut h);
    let payable = || {
        let store = common::open(&db.path);
        let program = store.program_by_code("jiuzhu").unwrap();
        let month = medfund::domain::claim::Month::parse("2019-01").unwrap();
        let report = store.transfer_rows(program.id, month).unwrap()[0].report.id;
        store.report_claims(report).unwrap()[0].payable.plain()
    };
    assert_eq!(payable(), "150.00");
    sign_in_as(&mut h, "shenhe");
    nav(&mut h, "政策参数");
    h.get_by_label("按本年度参数重新计算救助金额").click();
    wait_until(&mut h, "the recompute", |h| {
        h.query_by_label("已按2019年度参数重新计算 1 人：1 条报账金额改变，0 条已批准报账记为调整")
            .is_some()
    });
    h.get_by_label("已按2019年度参数重新计算 1 人：1 条报账金额改变，0 条已批准报账记为调整");
    assert_eq!(payable(), "180.00");
}

/// Open a page from the navigation (the page's heading carries the same words).
fn nav(h: &mut Harness<'_, MedfundApp>, page: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::Button, page)
        .click();
    h.run();
}

/// Pick a program in the header's selector.
fn select_program(h: &mut Harness<'_, MedfundApp>, name: &str) {
    h.get_by_label("项目").click();
    h.run();
    h.get_by_label(name).click();
    h.run();
    h.run();
}

#[test]
fn switching_the_program_changes_every_page() {
    // The demo holds both programs: 离休 (2021) and 医疗救助 (2019).
    let db = common::demo_db();
    let mut h = harness(&db.path);
    // What each page shows of 医疗救助 (2019) and of 离休 (2021).
    let pages: [(&str, &str, &str); 7] = [
        ("受益对象", "共 28155 人", "共 25 人"),
        ("月度报账", "2019年1月", "2021年1月"),
        ("划拨审核", "2019年1月", "2021年1月"),
        ("资金台账", "资金台账 · 2019年", "资金台账 · 2021年"),
        ("绩效评分", "94.66 分", "98 分"),
        ("报告导出", "报告导出 · 2019年", "报告导出 · 2021年"),
        ("政策参数", "政策参数 · 2019年", "政策参数 · 2021年"),
    ];
    let visit = |h: &mut Harness<'_, MedfundApp>, jiuzhu: bool| {
        for (page, shown_jiuzhu, shown_lixiu) in pages {
            nav(h, page);
            let (shown, hidden) = if jiuzhu {
                (shown_jiuzhu, shown_lixiu)
            } else {
                (shown_lixiu, shown_jiuzhu)
            };
            assert!(
                h.query_all_by_label(shown).next().is_some(),
                "{page} shows {shown}"
            );
            assert!(
                h.query_all_by_label(hidden).next().is_none(),
                "{page} no longer shows {hidden}"
            );
        }
    };
    // The demo opens on 离休.
    h.get_by_value("丰都县离休人员医药费县级补助");
    visit(&mut h, false);
    nav(&mut h, "受益对象");
    h.get_by_label("参加工作时间");
    assert!(h.query_by_label("救助类别").is_none());
    select_program(&mut h, "赫山区城乡医疗救助");
    visit(&mut h, true);
    nav(&mut h, "受益对象");
    select_program(&mut h, "丰都县离休人员医药费县级补助");
    visit(&mut h, false);
}

#[test]
fn a_recomputed_locked_month_shows_its_adjustment_and_the_amount_to_transfer() {
    let db = common::jiuzhu_db();
    common::locked_month_with_adjustment(&db.path);
    let mut h = harness(&db.path);
    nav(&mut h, "月度报账");
    h.get_by_label("ZY190101").click();
    h.run();
    h.get_by_label_contains(
        "调整：重新计算：自付 12000.00 × 50% = 6000.00（年度已救助 500.00，限额 50000.00）；已核定 4000.00，调整 2000.00",
    );
    h.get_by_label_contains("待计入该院下一个批准的月份划拨");

    nav(&mut h, "划拨审核");
    // January has no adjustment: no such columns.
    assert!(h.query_by_label("调整").is_none());
    h.get_by_label("下月 ›").click();
    h.run();
    h.get_by_label("调整");
    h.get_by_label("应划拨");
    h.get_by_label("共 1 家医院，审核后应付合计 500.00 元，调整 2,000.00 元，应划拨 2,500.00 元");
    for amount in ["500.00", "2,000.00", "2,500.00"] {
        h.get_by_label(amount);
    }
    h.get_by_label("赫山区人民医院").click();
    h.run();
    h.get_by_label("审核后应付 500.00 元，调整 2,000.00 元，应划拨 2,500.00 元");
    let store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    let row = &store
        .transfer_rows(
            program.id,
            medfund::domain::claim::Month {
                year: 2019,
                month: 2,
            },
        )
        .unwrap()[0];
    assert_eq!(row.to_transfer.plain(), "2500.00");
}

#[test]
fn a_jiuzhu_person_gets_a_category_from_the_list_and_the_class_one_tick() {
    let db = common::jiuzhu_db();
    let mut h = harness_as(&db.path, "jingban");
    h.get_by_label("共 4 人");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.run();
    field(&h, "姓名").type_text("赵小红");
    field(&h, "身份证号").focus();
    field(&h, "身份证号").type_text(&common::heshan_id_number("19800808", 62));
    h.run();
    // No work date for 医疗救助; the category comes from the year's list.
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::TextInput, "参加工作时间")
            .is_none()
    );
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "救助类别")
        .click();
    h.run();
    h.get_by_label("低收入").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "一类对象")
        .click();
    h.run();
    h.get_by_label("保存（Enter）").click();
    h.run();
    h.get_by_label("已保存：赵小红");
    h.get_by_label("共 5 人");
    let store = common::open(&db.path);
    let program = store.program_by_code("jiuzhu").unwrap();
    let id = store
        .search_roster(program.id, "赵小红", Default::default(), false)
        .unwrap()[0];
    let person = store.beneficiary(id).unwrap();
    assert_eq!(person.fields.category, "低收入");
    assert!(person.fields.class_one);
    // 是 in the table for 刘明 and 赵小红, and in 赵小红's detail.
    assert_eq!(h.query_all_by_label("是").count(), 3);
}

/// 资助参保 of the 医疗救助 test database, logged in as `user`.
fn premiums_as(db: &Path, user: &str) -> Harness<'static, MedfundApp> {
    let mut h = harness_as(db, user);
    click(&mut h, "资助参保");
    h
}

/// Click what is labelled `label`, then let a frame run.
fn click(h: &mut Harness<'_, MedfundApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Press `key`, then let a frame run.
fn press(h: &mut Harness<'_, MedfundApp>, key: egui::Key) {
    h.key_press(key);
    h.run();
}

/// Tab to each next field of the claim form, select what it holds and type the
/// value over it (an empty value clears the field).
fn tab_through(h: &mut Harness<'_, MedfundApp>, values: &[&str]) {
    for value in values {
        press(h, egui::Key::Tab);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run();
        if value.is_empty() {
            press(h, egui::Key::Backspace);
        } else {
            h.event(egui::Event::Text((*value).to_owned()));
            h.run();
        }
    }
}

/// Type `text` into the field labelled `label`.
fn type_into(h: &mut Harness<'_, MedfundApp>, label: &str, text: &str) {
    field(h, label).focus();
    field(h, label).type_text(text);
    h.run();
}

/// Each of `labels` is on screen (once).
fn shows(h: &Harness<'_, MedfundApp>, labels: &[&str]) {
    for label in labels {
        h.get_by_label(label);
    }
}

/// Step until `label` is on screen (in a dialog, a toast, or both).
fn wait_for(h: &mut Harness<'_, MedfundApp>, label: &str) {
    wait_until(h, label, |h| h.query_all_by_label(label).next().is_some());
}

#[test]
fn premiums_are_generated_imported_and_paid_then_the_ledger_shows_the_payment() {
    let db = common::premium_db();
    let row = format!("{},陈玉梅,100", common::premium_id(4));
    let csv = common::write_utf8(
        db.dir.path(),
        "资助参保.csv",
        &format!("身份证号,姓名,资助金额\n{row}\n"),
    );
    let mut h = premiums_as(&db.path, "jingban");
    shows(&h, &["共 0 人", "未缴金额  0.00 元"]);

    // 从名册生成: the preview says who and how much before anything is written.
    h.get_by_label("从名册生成…").click();
    wait_for(&mut h, "预览结果：新增 6，更新 0，无变化 0，错误 0");
    h.get_by_label_contains("将列入2019年度资助参保名单 6 人，资助金额合计 1,040.00 元");
    assert_eq!(h.query_all_by_label("特困供养 · 220.00 元").count(), 2);
    h.run();
    h.get_by_label("提交 6 条有效记录").click();
    wait_for(&mut h, "生成完成：新增 6，更新 0，无变化 0，错误 0");
    click(&mut h, "关闭");
    let masked = medfund::domain::mask::mask_id_middle(&common::premium_id(0));
    shows(
        &h,
        &[
            "人数  6 人",
            "资助金额  1,040.00 元",
            "未缴金额  1,040.00 元",
            &masked,
        ],
    );
    assert_eq!(h.query_all_by_label("未缴").count(), 6);

    // 导入…: an amount of its own is accepted and said.
    click(&mut h, "导入…");
    type_into(&mut h, "文件", &csv.display().to_string());
    h.get_by_label("预览").click();
    wait_for(&mut h, "预览结果：新增 1，更新 0，无变化 0，错误 0");
    h.get_by_label("资助金额 100.00 与「低收入」2019年度标准 0.00 不同");
    h.get_by_label("提交 1 条有效记录").click();
    wait_for(&mut h, "导入完成：新增 1，更新 0，无变化 0，错误 0");
    click(&mut h, "关闭");
    h.get_by_label("人数  7 人");

    // Search by name, then 移出名单 with the keyboard: select, Delete, Enter.
    type_into(&mut h, "搜索", "陈玉");
    shows(&h, &["共 1 人", "100.00"]);
    click(&mut h, "陈玉梅");
    press(&mut h, egui::Key::Delete);
    h.get_by_label("移出名单");
    h.run();
    press(&mut h, egui::Key::Enter);
    shows(&h, &["已将 陈玉梅 移出2019年度名单", "共 0 人"]);
    click(&mut h, "清除");
    h.get_by_label("人数  6 人");
    sign_in_as(&mut h, "caiwu");
    click(&mut h, "资助参保");

    // 缴费: the voucher field has the focus; Enter pays every unpaid row.
    click(&mut h, "缴费…");
    h.run();
    h.get_by_label_contains("未缴的 6 人参保费，合计 1,040.00 元");
    assert!(field(&h, "凭证号").is_focused());
    field(&h, "凭证号").type_text("记-031");
    h.run();
    press(&mut h, egui::Key::Enter);
    h.run();
    shows(
        &h,
        &[
            "已缴费：6 人，1,040.00 元，付给城乡居民基本医疗保险基金（资金台账第 1 笔）",
            "已缴人数  6 人",
            "已缴金额  1,040.00 元",
            "未缴金额  0.00 元",
        ],
    );
    assert_eq!(h.query_all_by_label("已缴").count(), 6);
    let store = common::open(&db.path);
    let insurer = store.setting("premiums.insurer").unwrap();
    assert_eq!(insurer.as_deref(), Some("城乡居民基本医疗保险基金"));

    // 资金台账 lists the payment to the insurer.
    click(&mut h, "资金台账");
    shows(
        &h,
        &[
            "资助参保缴费",
            "城乡居民基本医疗保险基金 · 资助参保 6 人",
            "全年执行数  1,040.00 元",
        ],
    );
}

#[test]
fn premiums_are_read_only_for_a_supervisor_and_absent_for_lixiu() {
    let db = common::premium_db();
    let h = premiums_as(&db.path, "lingdao");
    h.get_by_label("资助参保 · 2019年");
    for button in ["导入…", "从名册生成…", "移出名单…", "缴费…"] {
        assert!(h.query_by_label(button).is_none(), "{button}");
    }
    // 财务 pays but does not keep the list.
    let h = premiums_as(&db.path, "caiwu");
    h.get_by_label("缴费…");
    assert!(h.query_by_label("导入…").is_none());

    let demo = common::demo_db();
    let mut h = harness(&demo.path);
    h.run();
    assert!(h.query_by_label("资助参保").is_none());
    h.get_by_label("资金台账");
}

/// Click each of `labels` in turn.
fn click_through(h: &mut Harness<'_, MedfundApp>, labels: &[&str]) {
    for label in labels {
        h.get_by_label(label).click();
        h.run();
    }
}

/// In the open export dialog: type `path` into 保存到, press 确定 and wait for
/// the export to finish.
fn save_list_to(h: &mut Harness<'_, MedfundApp>, path: &Path) {
    field(h, "保存到").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(h, "保存到").type_text(&path.display().to_string());
    h.run();
    h.get_by_label("确定").click();
    wait_until(h, "the export", |h| h.query_by_label("导出完成").is_some());
}

#[test]
fn the_public_list_and_the_claims_detail_are_exported_from_the_transfers_page() {
    let db = common::lists_db();
    let mut h = harness(&db.path);
    click_through(&mut h, &["划拨审核"]);
    click_through(&mut h, &["下月 ›"; 10]);
    assert!(h.query_by_label("2019年11月").is_some());

    // The whole year's 公示 list as DOCX.
    click_through(&mut h, &["导出公示名单…"]);
    assert!(h.query_by_label("导出救助对象公示名单").is_some());
    click_through(&mut h, &["全年（2019年度，含资助参保）", ".docx"]);
    let list = db.dir.path().join("公示名单.docx");
    save_list_to(&mut h, &list);
    assert!(
        h.query_by_label("已导出2019年度救助对象公示名单：3 人、7 条，合计 9,620.00 元，保存在：")
            .is_some()
    );
    assert!(h.query_by_label("打开文件夹").is_some());
    let xml = common::zip_part(&list, "word/document.xml").unwrap();
    assert!(xml.contains("张*静") && xml.contains("资助参保"));
    assert!(!xml.contains("张小静"));
    click_through(&mut h, &["关闭"]);

    // November's claims of the county hospital as CSV; the dialog offers the name.
    click_through(&mut h, &["导出报账明细…"]);
    assert!(h.query_by_label("导出报账明细").is_some());
    click_through(&mut h, &["医疗机构", "H43090300001 赫山区人民医院", ".csv"]);
    let offered = field(&h, "保存到").value().unwrap_or_default();
    assert!(
        offered.ends_with("赫山区城乡医疗救助2019年11月报账明细（赫山区人民医院）.csv"),
        "{offered}"
    );
    let detail = db.dir.path().join("明细.csv");
    save_list_to(&mut h, &detail);
    assert!(
        h.query_by_label("已导出2019年11月报账明细 4 条，保存在：")
            .is_some()
    );
    let text = std::fs::read_to_string(&detail).unwrap();
    // The header, 4 claims and the 核验码 row.
    assert_eq!(text.lines().count(), 6, "{text}");
    assert!(
        text.lines().last().unwrap().starts_with("核验码 "),
        "{text}"
    );
    assert!(text.contains("张小静"));
}

/// Pick `option` in the combo box labelled `label`.
fn choose(h: &mut Harness<'_, MedfundApp>, label: &str, option: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, label)
        .click();
    h.run();
    h.get_by_label(option).click();
    h.run();
}

/// Replace what the field labelled `label` holds with `text`.
fn retype(h: &mut Harness<'_, MedfundApp>, label: &str, text: &str) {
    field(h, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(h, label).type_text(text);
    h.run();
}

/// 设置 → 用户管理, as the 管理员: add `username` (姓名 `name`) with the roles
/// `roles` ticked, and return the temporary password shown once.
fn add_user_in_settings(
    h: &mut Harness<'_, MedfundApp>,
    username: &str,
    name: &str,
    roles: &[&str],
) -> String {
    retype(h, "新用户名", username);
    retype(h, "姓名", name);
    for role in roles {
        h.get_by_role_and_label(egui::accesskit::Role::CheckBox, role)
            .click();
        h.run();
    }
    h.get_by_role_and_label(egui::accesskit::Role::Button, "添加用户")
        .click();
    h.run();
    let shown = h
        .get_by_label_contains(&format!("用户 {username} 的临时密码："))
        .accesskit_node()
        .value()
        .unwrap();
    let temporary = shown.rsplit('：').next().unwrap().to_owned();
    assert_eq!(temporary.chars().count(), 10, "{shown}");
    h.get_by_label("我已记下").scroll_to_me();
    h.run();
    click(h, "我已记下");
    temporary
}

/// Sign out and sign in as `user` with their temporary password, which the
/// 修改密码 card makes them replace by `password` before anything else.
fn first_sign_in(h: &mut Harness<'_, MedfundApp>, user: &str, temporary: &str, password: &str) {
    click(h, "退出登录");
    login(h, user, temporary);
    h.get_by_label("这是临时密码，请先设置您自己的密码。");
    assert!(h.query_by_label_contains("当前用户").is_none());
    for label in ["新密码", "确认新密码"] {
        secret(h, label).focus();
        secret(h, label).type_text(password);
        h.run();
    }
    click(h, "修改并登录");
    h.run_steps(2);
    wait_until(h, "the start-up check", |h| !h.state().checking());
}

/// Sign out and sign in as `user` with `password`.
fn sign_in_with(h: &mut Harness<'_, MedfundApp>, user: &str, password: &str) {
    click(h, "退出登录");
    login(h, user, password);
}

/// The empty start, walked as a new bureau would, without the demo and without the
/// command line: from 空白开始 to a printed 支付汇总表 for the first month.
///
/// The 管理员 sets the county up and creates the accounts in 用户管理; each person
/// signs in with the temporary password, sets their own and does their step of
/// the month (the duty rules: one person may not do two).
#[test]
fn a_bureau_sets_itself_up_from_an_empty_database_to_its_first_transfer() {
    use calamine::Data;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut h = harness_logged_out(&db);

    // 空白开始 and the administrator's password.
    h.get_by_label_contains("赫山区城乡医疗救助：2018、2019 年");
    click(&mut h, "空白开始");
    for label in ["密码", "确认密码"] {
        secret(&h, label).focus();
        secret(&h, label).type_text("County2025");
        h.run();
    }
    press(&mut h, egui::Key::Enter);
    h.run();
    let code = keep_recovery_code(&mut h);
    let key = medfund::store::keyring::RecoveryCode::parse(&code)
        .unwrap()
        .master_key()
        .unwrap();
    h.get_by_label("当前用户：管理员（管理员）");
    h.get_by_label_contains("下一步：在“设置”中新建项目");

    // 新建项目: 主管部门 and 实施单位 are required; the kind is chosen.
    assert!(field(&h, "项目代码").is_focused());
    field(&h, "项目代码").type_text("lixiu");
    type_into(&mut h, "项目名称", "丰都县离休人员医药费县级补助");
    choose(&mut h, "项目类型", "城乡医疗救助");
    choose(&mut h, "项目类型", "离休人员医药费补助");
    retype(&mut h, "首个年度", "2025");
    click(&mut h, "创建项目");
    h.get_by_label("未创建：主管部门不能为空：它印在绩效自评表和自评报告的表头");
    type_into(&mut h, "主管部门", "丰都县医疗保障局");
    type_into(&mut h, "实施单位", "丰都县医疗保障局");
    press(&mut h, egui::Key::Enter);
    h.run();
    h.get_by_label("已创建项目：丰都县离休人员医药费县级补助");
    h.get_by_label("丰都县医疗保障局 / 丰都县医疗保障局");
    // Next comes 政策参数; the seed's are kept, so the guide moves on once the
    // hospitals are in.
    h.get_by_label_contains("下一步：按本地当年的文件核对“政策参数”");

    // One hospital by hand: a bad code is named, then it saves.
    nav(&mut h, "定点医疗机构");
    h.get_by_label("尚无定点医疗机构。请逐家新增，或导入本县的定点医疗机构清单（Excel）；录入月度报账前必须先登记医院。");
    click(&mut h, "新增定点医疗机构…");
    h.run();
    assert!(field(&h, "机构代码").is_focused());
    field(&h, "机构代码").type_text("H5002300001");
    type_into(&mut h, "机构名称", "丰都县人民医院");
    choose(&mut h, "级别", "县级");
    type_into(&mut h, "统一社会信用代码", "12500230009279538F");
    type_into(&mut h, "开户行", "中国农业银行丰都支行");
    type_into(&mut h, "账号", "3112 0101 0400 0123");
    click(&mut h, "确定");
    h.get_by_label("定点医疗机构代码「H5002300001」应为 H + 6 位地区码 + 5 位顺序号，共 12 位");
    retype(&mut h, "机构代码", "H50023000001");
    press(&mut h, egui::Key::Enter);
    h.run();
    h.get_by_label("已新增定点医疗机构：丰都县人民医院");
    h.get_by_label("中国农业银行丰都支行 3112010104000123");

    // One by import, through the shared preview.
    let list = common::write_xlsx(
        dir.path(),
        "定点医疗机构.xlsx",
        &[
            common::HOSPITAL_LIST_HEADERS.map(str::to_owned).to_vec(),
            common::hospital_row(
                2,
                "H50023000002",
                "丰都县中医院",
                "县级",
                &common::credit_code("12500230450000001"),
            ),
        ],
    );
    click(&mut h, "导入定点医疗机构…");
    type_into(&mut h, "文件", &list.display().to_string());
    h.get_by_label("预览").click();
    wait_for(&mut h, "预览结果：新增 1，更新 0，无变化 0，错误 0");
    h.get_by_label("提交 1 条有效记录").click();
    wait_for(&mut h, "导入完成：新增 1，更新 0，无变化 0，错误 0");
    click(&mut h, "关闭");
    h.get_by_label("丰都县中医院");
    // The people who do the business, one step each (the duty rules), get their
    // accounts in 设置 → 用户管理. 刘建军 both audits and approves in this small
    // bureau: he holds two roles.
    h.get_by_label_contains("下一步：在“设置”的“用户管理”中");
    nav(&mut h, "设置");
    click(&mut h, "用户管理");
    let temporary: Vec<String> = [
        ("jingban", "陈晓梅", &["经办人"][..]),
        ("shenhe", "刘建军", &["审核员", "分管领导"][..]),
        ("lingdao", "周国强", &["分管领导"][..]),
        ("caiwu", "张丽", &["财务"][..]),
    ]
    .into_iter()
    .map(|(username, name, roles)| add_user_in_settings(&mut h, username, name, roles))
    .collect();
    h.get_by_label_contains(
        "下一步：在“受益对象”中逐人新增，或导入现有的名册（Excel）；由经办人登录后办理",
    );

    // The roster: three people.
    let people = [
        ("张建华", "19260315", 12, "1944-03-01"),
        ("李秀英", "19290708", 24, "1947-05-01"),
        ("王德明", "19301120", 33, "1949-01-01"),
    ];
    let roster: String = people.iter().fold(
        "姓名,身份证号,参加工作时间\n".to_owned(),
        |text, (name, birth, seq, work)| {
            text + &format!(
                "{name},{},{work}\n",
                medfund::demo::demo_id_number(birth, *seq)
            )
        },
    );
    let roster = common::write_utf8(dir.path(), "名册.csv", &roster);
    // The guide's button leads there.
    click(&mut h, "前往受益对象");
    first_sign_in(&mut h, "jingban", &temporary[0], "Chen-Xm-2025");
    h.get_by_label("当前用户：陈晓梅（经办人）");
    nav(&mut h, "受益对象");
    click(&mut h, "导入…");
    type_into(&mut h, "文件", &roster.display().to_string());
    h.get_by_label("预览").click();
    wait_for(&mut h, "预览结果：新增 3，更新 0，无变化 0，错误 0");
    h.get_by_label("提交 3 条有效记录").click();
    wait_for(&mut h, "导入完成：新增 3，更新 0，无变化 0，错误 0");
    click(&mut h, "关闭");
    h.get_by_label("共 3 人");

    // The year's budget and a first appropriation.
    first_sign_in(&mut h, "caiwu", &temporary[3], "Zhang-L-2025");
    nav(&mut h, "资金台账");
    for (kind, date, doc, amount) in [
        ("年初预算", "2025-01-02", "丰财社〔2025〕1号", "50000"),
        ("财政拨款", "2025-01-10", "丰财社〔2025〕8号", "20000"),
    ] {
        click(&mut h, "登记收支…");
        h.run();
        choose(&mut h, "类型", kind);
        retype(&mut h, "日期", date);
        type_into(&mut h, "文号", doc);
        type_into(&mut h, "金额（元）", amount);
        press(&mut h, egui::Key::Enter);
        h.run();
    }
    h.get_by_label("结余  20,000.00 元");
    assert!(
        h.query_by_label_contains("下一步").is_none(),
        "every step is done"
    );

    // Three claims of January at 丰都县人民医院, with the keyboard.
    sign_in_with(&mut h, "jingban", "Chen-Xm-2025");
    nav(&mut h, "月度报账");
    h.get_by_label("2025年1月");
    h.get_by_value("丰都县人民医院");
    let claims = [
        (
            "张建华",
            "门诊",
            "2025-01-02",
            "",
            "300.00",
            "12.50",
            "MZ250101",
        ),
        ("李秀英", "门诊", "2025-01-09", "", "88.80", "", "MZ250102"),
        (
            "王德明",
            "住院",
            "2025-01-01",
            "2025-01-08",
            "9650.00",
            "150.00",
            "ZY250101",
        ),
    ];
    assert!(field(&h, "身份证号或姓名").is_focused());
    for (who, kind, date, discharge, total, out, bill) in claims {
        h.get_by_label("身份证号或姓名").type_text(who);
        h.run();
        tab_through(&mut h, &[kind, date, discharge, total, out, bill]);
        press(&mut h, egui::Key::Enter);
        h.run();
    }
    // 10,038.80 in all; less what is out of the catalogue, 12.50 + 150.00, the
    // program pays 9,876.30.
    h.get_by_label("本月 3 条，医疗总费用 10,038.80 元，应付 9,876.30 元，审核后应付 0.00 元");
    first_sign_in(&mut h, "shenhe", &temporary[1], "Liu-Jj-2025");
    h.get_by_label("当前用户：刘建军（审核员、分管领导）");
    nav(&mut h, "月度报账");
    click(&mut h, "全部通过（3 条待审）");
    h.get_by_label("审核率 100.00%");

    // 划拨审核: approve, mark paid, export the month's 支付汇总表. 刘建军 may
    // approve as 分管领导, but not a month he audited.
    nav(&mut h, "划拨审核");
    click(&mut h, "丰都县人民医院");
    click(&mut h, "批准");
    h.get_by_label("未批准：该月报账由 刘建军 审核，不能由同一人批准");
    first_sign_in(&mut h, "lingdao", &temporary[2], "Zhou-Gq-2025");
    nav(&mut h, "划拨审核");
    h.get_by_label("共 1 家医院，审核后应付合计 9,876.30 元");
    click(&mut h, "丰都县人民医院");
    click(&mut h, "批准");
    h.get_by_label("已批准 2025年1月 丰都县人民医院，该月已锁定");
    sign_in_with(&mut h, "caiwu", "Zhang-L-2025");
    nav(&mut h, "划拨审核");
    click(&mut h, "丰都县人民医院");
    click(&mut h, "标记已划拨…");
    h.run();
    assert!(field(&h, "凭证号").is_focused());
    field(&h, "凭证号").type_text("记-2025-02-001");
    retype(&mut h, "划拨日期", "2025-02-10");
    press(&mut h, egui::Key::Enter);
    h.run();
    h.get_by_label("已标记划拨，凭证号 记-2025-02-001");
    click(&mut h, "导出支付汇总表…");
    h.run();
    let offered = field(&h, "保存到").value().unwrap_or_default();
    assert!(
        offered.ends_with("medfund导出/lixiu-2025-01-支付汇总表.xlsx"),
        "{offered}"
    );
    let sheet = dir.path().join("支付汇总表.xlsx");
    retype(&mut h, "保存到", &sheet.display().to_string());
    h.key_press(egui::Key::Enter);
    wait_until(&mut h, "the 支付汇总表", |h| {
        h.query_by_label_contains("已导出支付汇总表").is_some()
    });
    h.get_by_label_contains("已导出支付汇总表");

    let range = common::read_sheet(&sheet, "支付汇总表");
    let text = |r: u32, c: u32| common::cell_text(&range, r, c);
    assert_eq!(
        text(0, 0),
        "丰都县离休人员医药费县级补助 2025年1月 支付汇总表"
    );
    let total_row = (3..range.height() as u32)
        .find(|r| text(*r, 0) == "合　计")
        .unwrap();
    assert_eq!(range.get_value((total_row, 6)), Some(&Data::Float(9876.3)));
    assert_eq!(
        text(total_row + 1, 0),
        "合计金额（大写）：人民币玖仟捌佰柒拾陆元叁角整"
    );
    let store = Store::open_with_key(&db, &key).unwrap();
    assert!(!store.is_demo().unwrap());
}

#[test]
fn a_new_bank_account_is_confirmed_old_against_new_and_a_hospital_is_disabled() {
    let db = common::demo_db();
    let mut h = harness(&db.path);
    nav(&mut h, "定点医疗机构");
    click(&mut h, "H50023000001");
    click(&mut h, "编辑所选…");
    let store = common::open(&db.path);
    let id = common::hospital_id(&store, "H50023000001");
    let old = store
        .hospitals()
        .unwrap()
        .into_iter()
        .find(|x| x.id == id)
        .unwrap();
    retype(&mut h, "账号", "6228 4800 0000 0000 017");
    press(&mut h, egui::Key::Enter);
    h.run();
    // Nothing is saved until the change of account is confirmed on its own.
    h.get_by_label("修改「丰都县人民医院」的收款账户");
    h.get_by_label(&old.bank_account);
    h.get_by_label("6228480000000000017");
    assert_eq!(
        store
            .hospitals()
            .unwrap()
            .into_iter()
            .find(|x| x.id == id)
            .unwrap(),
        old
    );
    click(&mut h, "确认修改收款账户");
    h.get_by_label("已保存：丰都县人民医院");
    assert_eq!(
        store.audit_entries("hospital", id).unwrap()[0].action,
        "update_bank"
    );

    click(&mut h, "停用所选…");
    h.get_by_label_contains("该院已有的报账、划拨和台账记录全部保留");
    click(&mut h, "确认停用");
    h.get_by_label("已停用：丰都县人民医院");
    h.get_by_label("恢复启用所选");
    assert_eq!(h.query_all_by_label("已停用").count(), 1);
    assert_eq!(
        store.audit_entries("hospital", id).unwrap()[0].action,
        "disable"
    );
}

/// Issue 12: a 核减 on a 建档立卡 person's 重特大疾病 stay gives its cap room back:
/// the later stay pays 10000.00 instead of 2000.00, and says why.
#[test]
fn a_reduction_in_audit_raises_the_later_claim_to_the_cap_left_after_audit() {
    let db = common::jiuzhu_db();
    let mut store = common::open(&db.path);
    // A: (100000 − 4000) × 50 % = 48000; B: 20000 × 50 % = 10000, 2000 left.
    common::catastrophic_stay(&mut store, 1, "2019-01-02", "2019-01-10", "100000", "ZYA");
    common::catastrophic_stay(&mut store, 1, "2019-01-12", "2019-01-20", "20000", "ZYB");
    drop(store);
    let mut h = harness_logged_out(&db.path);
    login(&mut h, "shenhe", medfund::demo::DEMO_PASSWORD);
    nav(&mut h, "月度报账");
    h.get_by_label("2019年1月");
    h.get_by_label("ZYB").click();
    h.run();
    let before = "自付 20000.00 × 50% = 10000.00（年度已救助 48000.00，限额 50000.00），受限额控制实付 2000.00";
    assert!(h.query_all_by_label(before).next().is_some());

    h.get_by_label("ZYA").click();
    h.run();
    h.get_by_label("核减").click();
    h.run();
    field(&h, "核减金额").focus();
    field(&h, "核减金额").type_text("10000");
    field(&h, "原因").focus();
    field(&h, "原因").type_text("超标准收费");
    h.run();
    h.get_by_label("确定审核").click();
    h.run();
    assert!(h.query_by_label("已核减 1 条").is_some());

    h.get_by_label("ZYB").click();
    h.run();
    h.get_by_label("ZYB 李建国 计算说明");
    let after = "自付 20000.00 × 50% = 10000.00（年度已救助 38000.00，限额 50000.00）";
    assert!(h.query_all_by_label(after).next().is_some());
    // A pays 38000 after audit (B and the fixture's 150.00 门诊 are still 待审);
    // the rule amounts are 48000 + 10000 + 150.
    assert!(
        h.query_by_label(
            "本月 3 条，医疗总费用 120,300.00 元，应付 58,150.00 元，审核后应付 38,000.00 元"
        )
        .is_some()
    );
}

#[test]
fn an_administrator_adds_a_user_who_changes_the_temporary_password_at_sign_in() {
    let db = common::demo_db();
    let mut h = harness(&db.path);
    h.get_by_label("设置").click();
    h.run();
    // 用户管理 is a tab at the top of 设置; each row's buttons name their user.
    h.get_by_label("用户管理").click();
    h.run();
    h.get_by_label("停用 jingban");
    h.get_by_label("重置密码 shenhe");
    // A user without a role is refused.
    retype(&mut h, "新用户名", "zhangsan");
    retype(&mut h, "姓名", "张三");
    click(&mut h, "添加用户");
    h.get_by_label("请至少选择一个角色");
    let temporary = add_user_in_settings(&mut h, "zhangsan", "张三", &["经办人"]);
    h.get_by_label("退出登录").click();
    h.run();
    login(&mut h, "zhangsan", &temporary);
    assert!(
        h.query_by_label("这是临时密码，请先设置您自己的密码。")
            .is_some()
    );
    assert!(h.query_by_label_contains("当前用户").is_none());
    secret(&h, "新密码").focus();
    secret(&h, "新密码").type_text("zhangsan1");
    secret(&h, "确认新密码").focus();
    secret(&h, "确认新密码").type_text("zhangsan1");
    h.run();
    h.get_by_label("修改并登录").click();
    h.run();
    assert!(h.query_by_label_contains("密码不符合要求").is_some());
    secret(&h, "新密码").focus();
    secret(&h, "新密码").type_text("Zhang-2026");
    secret(&h, "确认新密码").focus();
    secret(&h, "确认新密码").type_text("Zhang-2026");
    h.run();
    h.get_by_label("修改并登录").click();
    h.run();
    h.run();
    assert!(h.query_by_label("当前用户：张三（经办人）").is_some());
    let store = common::open(&db.path);
    assert!(store.login("zhangsan", "Zhang-2026").is_ok());
    assert!(store.login("zhangsan", &temporary).is_err());
}

/// The demo with the idle lock at ten minutes: the start-up check's wait at sign-in
/// (a quarter second of egui time a step) never reaches them on a slow machine.
fn idle_demo_db() -> common::DemoDb {
    let db = common::demo_db();
    common::open(&db.path)
        .set_setting(medfund::store::users::SETTING_IDLE_MINUTES, "10")
        .unwrap();
    db
}

/// Ten minutes and a second without input: the window locks over the page.
fn leave_idle(h: &mut Harness<'_, MedfundApp>) {
    let now = h.ctx.input(|i| i.time);
    h.input_mut().time = Some(now + 601.0);
    h.run();
    h.get_by_label("窗口已锁定");
}

#[test]
fn an_idle_window_locks_and_the_same_user_resumes_with_the_draft_kept() {
    let db = idle_demo_db();
    let mut h = harness(&db.path);
    h.get_by_label("设置").click();
    h.run();
    h.get_by_label("用户管理").click();
    h.run();
    field(&h, "新用户名").focus();
    field(&h, "新用户名").type_text("draft_user");
    h.run();
    leave_idle(&mut h);
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::TextInput, "新用户名")
            .is_none()
    );
    secret(&h, "密码").focus();
    secret(&h, "密码").type_text(medfund::demo::DEMO_PASSWORD);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert!(h.query_by_label("窗口已锁定").is_none());
    assert_eq!(field(&h, "新用户名").value().as_deref(), Some("draft_user"));
}

#[test]
fn an_idle_window_locked_then_signed_into_by_another_user_discards_the_drafts() {
    let db = idle_demo_db();
    let mut h = page_2021_as_clerk(&db.path, "绩效评分");
    // The clerk types an actual, leaves it unsaved and walks away.
    type_pooling_standard_actual(&mut h, "7000");
    h.get_by_label("88 分");
    h.get_by_label("有未保存的修改");
    leave_idle(&mut h);
    h.get_by_label_contains("以其他用户登录将放弃这些内容");
    assert!(h.query_by_label("88 分").is_none());

    // Another user signs in on the locked window.
    login(&mut h, "admin", medfund::demo::DEMO_PASSWORD);
    assert!(h.query_by_label("窗口已锁定").is_none());
    h.get_by_label("当前用户：管理员（管理员）");
    assert!(h.query_by_label("有未保存的修改").is_none());
    nav(&mut h, "绩效评分");
    // The year as saved, not the clerk's draft.
    h.get_by_label("98 分");
    assert!(h.query_by_label("88 分").is_none());
    assert!(h.query_by_label("有未保存的修改").is_none());
}

#[test]
fn the_administrator_encrypts_an_old_plain_database_and_everything_works_as_before() {
    let db = common::plain_demo_db();
    let mut h = harness_as(&db.path, "jingban");
    // Anyone sees what is exposed; only the 管理员 may encrypt.
    h.get_by_label_contains("数据库尚未加密");
    h.get_by_label("请管理员登录后加密。");
    assert!(h.query_by_label("加密数据库…").is_none());
    sign_in_as(&mut h, "admin");
    click(&mut h, "加密数据库…");
    secret(&h, "管理员密码").focus();
    secret(&h, "管理员密码").type_text("wrong-password");
    h.run();
    click(&mut h, "确定");
    h.get_by_label("管理员密码不正确");
    assert_eq!(FileKind::of(&db.path).unwrap(), FileKind::Plain);
    secret(&h, "管理员密码").focus();
    secret(&h, "管理员密码").type_text(medfund::demo::DEMO_PASSWORD);
    h.run();
    click(&mut h, "确定");
    h.get_by_label("数据库已加密");
    h.get_by_label_contains("个未加密的旧备份已加密");
    let code = keep_recovery_code(&mut h);
    assert_eq!(
        code,
        medfund::demo::DEMO_RECOVERY_CODE,
        "the demo keeps its code"
    );
    assert!(h.query_by_label_contains("数据库尚未加密").is_none());
    assert_eq!(FileKind::of(&db.path).unwrap(), FileKind::Encrypted);
    for backup in medfund::store::backup::list_backups(&db.path).unwrap() {
        assert_eq!(FileKind::of(&backup).unwrap(), FileKind::Encrypted);
    }
    // The pages read the encrypted file as before.
    nav(&mut h, "划拨审核");
    assert!(h.query_all_by_label_contains("2021年").count() > 0);
    assert!(h.query_by_label_contains("读取").is_none(), "no read error");
    sign_in_as(&mut h, "lingdao");
    h.get_by_label("当前用户：周国强（分管领导）");
}

#[test]
fn the_security_auditor_filters_the_audit_log_and_a_clerk_is_not_offered_it() {
    let db = common::demo_db();
    let mut h = harness_as(&db.path, "shenji");
    nav(&mut h, "操作日志");
    let store = common::open(&db.path);
    let count = |filter: &medfund::store::audit_log::AuditFilter| {
        store.audit_log_count(&common::security(), filter).unwrap()
    };
    let all = count(&Default::default());
    shows(&h, &["日志链完整", &format!("共 {all} 条")]);

    choose(&mut h, "操作", "登录（login）");
    let logins = medfund::store::audit_log::AuditFilter {
        action: Some("login".into()),
        ..Default::default()
    };
    let n = count(&logins);
    assert!(n >= 1 && n < all);
    shows(&h, &[&format!("共 {n} 条")]);
    assert_eq!(h.query_all_by_label("登录").count(), n);
    assert!(h.query_by_label("孙志远").is_some());

    choose(&mut h, "用户", "jingban（陈晓梅）");
    shows(&h, &["共 0 条", "没有符合条件的日志。"]);
    choose(&mut h, "操作", "全部");
    let jingban = medfund::store::audit_log::AuditFilter {
        user: Some("jingban".into()),
        ..Default::default()
    };
    shows(&h, &[&format!("共 {} 条", count(&jingban))]);

    type_into(&mut h, "起始日期", "2026-13-01");
    shows(
        &h,
        &["起始日期「2026-13-01」不是有效日期，请按 YYYY-MM-DD 填写"],
    );

    sign_in_as(&mut h, "jingban");
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::Button, "操作日志")
            .is_none()
    );
    assert!(h.query_by_label("月度报账").is_some());
}

#[test]
fn the_security_auditor_checks_a_printed_code_in_the_verify_box() {
    let db = common::demo_db();
    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let out = db.dir.path().join("zf.xlsx");
    medfund::export::payment_summary(
        &store,
        &common::finance(),
        &program,
        medfund::domain::claim::Month {
            year: 2021,
            month: 3,
        },
        &out,
    )
    .unwrap();
    drop(store);
    // The code as printed on the sheet.
    let sheet = common::read_sheet(&out, "支付汇总表");
    let code: String = sheet
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .find_map(|t| {
            t.split_once("核验码 ")
                .map(|(_, rest)| rest.chars().take(14).collect())
        })
        .unwrap();
    let mut h = harness_as(&db.path, "shenji");
    nav(&mut h, "文件核验");
    type_into(&mut h, "核验码", &code.to_lowercase());
    h.get_by_role_and_label(egui::accesskit::Role::Button, "核验")
        .click();
    h.run();
    shows(
        &h,
        &[
            "支付汇总表",
            "2021年3月",
            "张丽（caiwu）",
            "一致：数据库今天给出的数字与导出时相同",
        ],
    );

    field(&h, "核验码").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    type_into(&mut h, "核验码", "AAAA-BBBB-CCCC");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "核验")
        .click();
    h.run();
    shows(&h, &["未找到该核验码"]);
}

#[test]
fn the_administrator_restores_last_weeks_backup_from_settings_and_it_is_in_the_log() {
    let db = common::demo_db();
    let when = (chrono::Local::now().naive_local() - chrono::TimeDelta::days(6))
        .date()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    {
        let mut store = common::open(&db.path);
        store.backup_at(when).unwrap();
        // Something done after that backup, which the restore takes back.
        store
            .set_second_backup_folder(
                Some(&db.dir.path().join("usb")),
                &medfund::store::Actor::admin(),
            )
            .unwrap();
    }
    let mut h = harness(&db.path);
    nav(&mut h, "设置");
    click(&mut h, "备份与恢复");
    shows(&h, &["日期", "大小", "类别", "文件夹", "第二备份文件夹"]);
    h.get_by_label_contains("不存在或未连接");
    let label = format!("恢复 {}", when.format("%Y-%m-%d %H:%M:%S"));
    click(&mut h, &label);
    h.get_by_label("确认恢复");
    // A spinner turns while it runs, off the UI thread.
    h.get_by_label("确认恢复").click();
    h.run_steps(2);
    wait_until(&mut h, "the restore", |h| !h.state().restoring());
    h.get_by_label_contains("已恢复备份");
    // Signed out: the users and roles are now the backup's.
    field(&h, "用户名");
    let store = common::open(&db.path);
    assert_eq!(store.second_backup_folder().unwrap(), None);
    drop(store);

    login(&mut h, "shenji", medfund::demo::DEMO_PASSWORD);
    nav(&mut h, "操作日志");
    h.get_by_label("恢复备份");
}

#[test]
fn the_clerk_imports_a_list_of_identities_and_reads_the_history_on_the_roster() {
    let db = common::jiuzhu_db();
    let id = common::jiuzhu_id_number(0);
    let rows: Vec<Vec<String>> = [
        ["身份证号", "姓名", "救助身份", "认定日期", "终止日期"],
        [
            &id,
            "李建国",
            "建档立卡贫困人口",
            "2019-01-01",
            "2019-05-31",
        ],
        [&id, "李建国", "低保", "2019-06-01", ""],
    ]
    .iter()
    .map(|r| r.map(String::from).to_vec())
    .collect();
    let file = common::write_xlsx(db.dir.path(), "救助身份.xlsx", &rows);
    let mut h = harness_as(&db.path, "jingban");
    h.get_by_label("共 4 人");
    h.get_by_label("导入救助身份…").click();
    preview_import(&mut h, &file);
    wait_until(&mut h, "the preview", |h| {
        h.query_by_label("预览结果：新增 1，更新 1，无变化 0，错误 0")
            .is_some()
    });
    assert!(
        h.query_by_label_contains("终止日期：至今 → 2019-05-31")
            .is_some()
    );
    h.get_by_label("提交 2 条有效记录").click();
    wait_until(&mut h, "the commit", |h| {
        h.query_all_by_label("导入完成：新增 1，更新 1，无变化 0，错误 0")
            .next()
            .is_some()
    });
    h.get_by_label("关闭").click();
    h.run();
    h.get_by_label("李建国").click();
    h.run();
    // The person's 救助身份: the roster's row from the start, ended by the list,
    // and 低保 from June.
    assert!(h.query_by_label("救助身份").is_some());
    for text in ["自始", "2019-05-31", "2019-06-01", "至今"] {
        assert!(h.query_by_label(text).is_some(), "{text}");
    }
    // 低保 in the table (王秀英) and in 李建国's history.
    assert_eq!(h.query_all_by_label("低保").count(), 2);
}

/// The app logged in as the clerk, on `page` for `year` (「2022年」).
fn page_as_clerk(db: &Path, year: &str, page: &str) -> Harness<'static, MedfundApp> {
    let mut h = harness_logged_out(db);
    login(&mut h, "jingban", medfund::demo::DEMO_PASSWORD);
    h.get_by_label("年度").click();
    h.run();
    h.get_by_label(year).click();
    h.run();
    nav(&mut h, page);
    h
}

#[test]
fn the_clerk_declares_the_next_year_and_records_its_approval() {
    let db = common::demo_db();
    let mut h = page_as_clerk(&db.path, "2022年", "绩效目标申报");
    // 开启下一年度 left 2022 in 编制, copied from 2021.
    h.get_by_label("编制");
    assert_eq!(
        field(&h, "县级资金（元）").value().as_deref(),
        Some("1340000.00")
    );
    field(&h, "县级资金（元）").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(&h, "县级资金（元）").type_text("1400000");
    h.run();
    h.get_by_label("申报").click();
    h.run();
    h.get_by_label_contains("已申报：内容锁定");
    h.get_by_label("登记批复…").click();
    h.run();
    field(&h, "批复日期").focus();
    field(&h, "批复日期").type_text("2022-02-20");
    field(&h, "批复文号").focus();
    field(&h, "批复文号").type_text("丰财绩〔2022〕6号");
    h.run();
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label("已登记批复，年度指标值已锁定");
    h.get_by_label("已批复（丰财绩〔2022〕6号，2022年2月20日）");

    let store = common::open(&db.path);
    let program = store.program_by_code("lixiu").unwrap();
    let year = store.program_year(program.id, 2022).unwrap();
    let d = store.declaration(year.id).unwrap();
    assert_eq!(
        d.fields
            .funds
            .get(medfund::domain::declaration::FundSource::County)
            .plain(),
        "1400000.00"
    );
}

#[test]
fn an_approved_target_is_changed_only_by_an_adjustment_with_a_reason() {
    let db = common::demo_db();
    let mut h = page_as_clerk(&db.path, "2021年", "绩效评分");
    // 绩效评分 keeps the approved targets out of reach.
    h.get_by_label_contains("指标和年度指标值锁定");
    assert!(h.query_by_label("增加指标").is_none());

    nav(&mut h, "绩效目标申报");
    h.get_by_label("已批复（丰财绩〔2021〕8号，2021年2月26日）");
    assert!(h.query_by_label("申报").is_none());
    h.get_by_label("调整「报销对象满意度」").click();
    h.run();
    h.get_by_label("确定").click();
    h.run();
    // Without a number nothing is adjusted.
    h.get_by_label_contains("须是数字");
    field(&h, "调整后的年度指标值").focus();
    field(&h, "调整后的年度指标值").type_text("95");
    h.run();
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label("调整「报销对象满意度」的年度指标值须写明原因");
    field(&h, "调整原因").focus();
    field(&h, "调整原因").type_text("上级下调满意度目标");
    h.run();
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label("已调整年度指标值");
    h.get_by_label("≥98% （调整为≥95%）");
    h.get_by_label_contains("上级下调满意度目标");
}
