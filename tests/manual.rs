//! 帮助 in the window, by its Chinese labels: 关于 (version, database, schema version,
//! licences) and the 操作手册 from the menu and from F1; the printed 操作手册 (DOCX,
//! and PDF where LibreOffice is installed); and the 操作手册's screenshots.
//!
//! The screenshots are the real pages on the demo, rendered by egui_kittest's
//! snapshots through wgpu (with no GPU, a software Vulkan such as Mesa's lavapipe,
//! Debian's `mesa-vulkan-drivers`). Each is compared with the one in
//! `docs/manual/`, which the window and the printed manual show, and the test fails
//! past the threshold: a page that changed needs its screenshot made again with
//! `UPDATE_SNAPSHOTS=1 cargo test --test manual`, then looked at before committing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::gui::{harness_logged_out, harness_logged_out_with, login, sign_in_as, wait_until};
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotOptions, SnapshotResults};
use medfund::demo::DEMO_PASSWORD;
use medfund::ui::MedfundApp;

fn open_menu_item(h: &mut Harness<'_, MedfundApp>, item: &str) {
    h.get_by_label("帮助").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

#[test]
fn about_shows_the_version_the_database_its_schema_and_the_licences() {
    let db = common::demo_db();
    let mut h = harness_logged_out(&db.path);
    open_menu_item(&mut h, "关于");
    let version = format!("版本：{}", env!("CARGO_PKG_VERSION"));
    assert!(h.query_by_label(&version).is_some());
    // The status line says the same path.
    let path = format!("数据库：{}", db.path.display());
    assert_eq!(h.query_all_by_label(&path).count(), 2);
    // The schema version is the number of migrations.
    let latest = medfund::store::Store::latest_schema_version();
    let before = format!("数据库结构版本：登录后显示（本程序为 {latest}）");
    assert!(h.query_by_label(&before).is_some());
    assert!(h.query_by_label_contains("Noto Sans SC").is_some());
    assert!(
        h.query_by_label_contains("SIL Open Font License 1.1")
            .is_some()
    );
    assert!(h.query_by_label_contains("Rust 组件").is_some());

    // The crate list filters as you type; rusqlite is MIT.
    common::gui::field(&h, "筛选组件").focus();
    common::gui::field(&h, "筛选组件").type_text("rusqlite");
    h.run();
    assert!(h.query_by_label("rusqlite").is_some());
    // rusqlite (MIT) and rusqlite_migration (Apache-2.0).
    assert!(h.query_by_label("MIT").is_some());
    assert!(h.query_by_label("rusqlite_migration").is_some());
    assert!(h.query_by_label("Apache-2.0").is_some());
    assert!(h.query_by_label("calamine").is_none());
    common::gui::field(&h, "筛选组件").type_text("无此组件");
    h.run();
    assert!(h.query_by_label("没有符合筛选的组件").is_some());

    // Signed in, the open file's schema version shows.
    login(&mut h, "jingban", DEMO_PASSWORD);
    let after = format!("数据库结构版本：{latest}（本程序为 {latest}）");
    assert!(h.query_by_label(&after).is_some());
}

/// Pick a section in the manual's list, scrolled into view first.
fn open_section(h: &mut Harness<'_, MedfundApp>, title: &str) {
    h.get_by_label(title).scroll_to_me();
    h.run();
    h.get_by_label(title).click();
    h.run();
}

#[test]
fn the_manual_opens_from_the_menu_and_from_f1_at_its_sections() {
    let db = common::demo_db();
    let mut h = harness_logged_out(&db.path);
    open_menu_item(&mut h, "操作手册（F1）");
    assert!(h.query_by_label("医保专项资金绩效台账 操作手册").is_some());
    assert!(h.query_by_label("导出打印版（Word 或 PDF）…").is_some());
    // The introduction shows first, with the log-in screenshot: its caption, and
    // the image named by it.
    assert_eq!(h.query_all_by_label_contains("登录界面").count(), 2);
    open_section(&mut h, "年度工作：年终清算");
    // The section's text.
    assert!(h.query_by_label_contains("定额节余补足").is_some());

    // F1 from a signed-in window.
    let mut h = harness_logged_out(&db.path);
    login(&mut h, "jingban", DEMO_PASSWORD);
    assert!(h.query_by_label("医保专项资金绩效台账 操作手册").is_none());
    h.key_press(egui::Key::F1);
    h.run();
    assert!(h.query_by_label("医保专项资金绩效台账 操作手册").is_some());
    open_section(&mut h, "年度工作：每月报账与审核");
    assert!(h.query_by_label_contains("逐条审核").is_some());
}

/// The titles of the manual's sections, as printed.
fn section_titles() -> Vec<String> {
    medfund::report::manual::manual()
        .sections
        .into_iter()
        .map(|s| s.title)
        .collect()
}

#[test]
fn the_printed_manual_has_every_section_and_screenshot() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("操作手册.docx");
    // No sign-in: the manual holds no data.
    let out = common::medfund()
        .args(["export", "manual", "--out"])
        .arg(&docx)
        .output()
        .unwrap();
    common::assert_code(&out, 0);
    let text = common::runs_text(&common::zip_part(&docx, "word/document.xml").unwrap());
    assert!(text.contains("医保专项资金绩效台账 操作手册"));
    for title in section_titles() {
        assert!(text.contains(&title), "{title}");
    }
    let images = medfund::report::manual::SCREENSHOTS.len();
    let file = std::fs::File::open(&docx).unwrap();
    let archive = zip::ZipArchive::new(file).unwrap();
    let media = archive
        .file_names()
        .filter(|n| {
            n.as_ref()
                .is_ok_and(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        })
        .count();
    assert_eq!(media, images);

    // Another extension is refused and nothing is written.
    let wrong = dir.path().join("操作手册.txt");
    let out = common::medfund()
        .args(["export", "manual", "--out"])
        .arg(&wrong)
        .output()
        .unwrap();
    common::assert_code(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains(".docx 或 .pdf"));
    assert!(!wrong.exists());

    if !has_soffice() {
        eprintln!("soffice not installed: the PDF of the manual not checked");
        return;
    }
    let pdf = dir.path().join("操作手册.pdf");
    let out = common::medfund()
        .args(["export", "manual", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    common::assert_code(&out, 0);
    // Each section starts a page: at least one page each, and the title's.
    let pages = pdf_pages(&pdf);
    assert!(pages > section_titles().len(), "{pages} pages");
}

fn has_soffice() -> bool {
    std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The pages of a PDF: its "/Type /Page" objects (the tree above them is /Pages).
fn pdf_pages(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes).replace("/Type /", "/Type/");
    text.match_indices("/Type/Page")
        .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
        .count()
}

/// The screenshots' folder and how near a page must stay to its screenshot: the
/// per-pixel tolerance is kittest's default; a few pixels of text antialiasing
/// may differ, never a changed word or widget.
fn snapshot_options() -> SnapshotOptions {
    SnapshotOptions::new()
        .output_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/manual"))
        .max_failed_pixels(20)
}

/// Let the toasts of signing in go, then take the screenshot `name`.
fn shoot(h: &mut Harness<'_, MedfundApp>, results: &mut SnapshotResults, name: &str) {
    wait_until(h, "the toasts to go", |h| {
        h.state().toasts.texts().is_empty()
    });
    h.run();
    results.add(h.try_snapshot_options(name, &snapshot_options()));
}

fn open_page(h: &mut Harness<'_, MedfundApp>, title: &str) {
    h.get_by_label(title).click();
    h.run();
}

#[test]
fn the_manuals_screenshots_are_the_pages_as_they_are() {
    // Ages and the calendar's year follow today's date: a fixed one in the demo's
    // open year. The status line shows the database's path: the same folder on
    // every run.
    medfund::ui::clock::fix_today(common::date(2022, 4, 15));
    let dir = std::env::temp_dir().join("medfund-manual");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = common::demo_db_at(&dir.join("medfund.db"));
    let mut h = harness_logged_out_with(&db, true);
    let mut results = SnapshotResults::new();
    h.run();
    shoot(&mut h, &mut results, "login");

    login(&mut h, "jingban", DEMO_PASSWORD);
    shoot(&mut h, &mut results, "roster");
    for (title, name) in [
        ("月度报账", "claims"),
        ("绩效评分", "scoring"),
        ("绩效目标申报", "declaration"),
        ("报告导出", "reports"),
        ("政策参数", "params"),
        ("文件核验", "verify"),
    ] {
        open_page(&mut h, title);
        shoot(&mut h, &mut results, name);
    }

    sign_in_as(&mut h, "lingdao");
    open_page(&mut h, "划拨审核");
    shoot(&mut h, &mut results, "transfers");

    sign_in_as(&mut h, "caiwu");
    open_page(&mut h, "资金台账");
    shoot(&mut h, &mut results, "funds");

    sign_in_as(&mut h, "admin");
    open_page(&mut h, "定点医疗机构");
    shoot(&mut h, &mut results, "hospitals");
    open_page(&mut h, "设置");
    shoot(&mut h, &mut results, "settings");

    // The 操作日志 has no screenshot: every row carries the time it was written.
    // 资助参保 serves the 医疗救助 program.
    sign_in_as(&mut h, "jingban");
    h.get_by_label("项目").click();
    h.run();
    h.get_by_label_contains("城乡医疗救助").click();
    h.run();
    open_page(&mut h, "资助参保");
    shoot(&mut h, &mut results, "premiums");
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}
