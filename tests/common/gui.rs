//! The window under egui_kittest: a harness on a database, signing in through the
//! log-in card, and waiting for work on other threads.

use std::path::Path;
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use medfund::ui::MedfundApp;
use medfund::ui::fonts::{FontChoice, install};

/// The window on `db` at 1280 × 800, light, with the bundled font only; rendered
/// through wgpu when `render` (for snapshots), else never drawn.
pub fn harness_logged_out_with(db: &Path, render: bool) -> Harness<'static, MedfundApp> {
    let db = db.to_path_buf();
    let mut builder = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_theme(egui::Theme::Light);
    if render {
        builder = builder.wgpu();
    }
    builder.build_eframe(move |cc| {
        install(&cc.egui_ctx, FontChoice::BundledOnly);
        MedfundApp::new(db, cc.egui_ctx.clone())
    })
}

/// The window on `db`, not signed in, never drawn.
pub fn harness_logged_out(db: &Path) -> Harness<'static, MedfundApp> {
    harness_logged_out_with(db, false)
}

/// Log in through the log-in card.
pub fn login(h: &mut Harness<'_, MedfundApp>, user: &str, password: &str) {
    h.run();
    field(h, "用户名").focus();
    h.run();
    // Replace whatever a failed attempt left in the field.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    field(h, "用户名").type_text(user);
    secret(h, "密码").focus();
    secret(h, "密码").type_text(password);
    h.run();
    h.key_press(egui::Key::Enter);
    // The start-up check runs on its own thread once the database is open (and
    // repaints while it runs); let it finish first.
    h.run_steps(2);
    wait_until(h, "the start-up check", |h| !h.state().checking());
}

/// Sign out and sign in as the demo user `user`.
pub fn sign_in_as(h: &mut Harness<'_, MedfundApp>, user: &str) {
    // The button: the 操作日志 lists 退出登录 too.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "退出登录")
        .click();
    h.run();
    login(h, user, medfund::demo::DEMO_PASSWORD);
}

/// Step the UI until `done` holds, for work that runs on another thread.
pub fn wait_until(
    h: &mut Harness<'_, MedfundApp>,
    what: &str,
    done: impl Fn(&Harness<'_, MedfundApp>) -> bool,
) {
    // 600 steps are 150 s of egui time; the real time waited grows after the
    // first two seconds, so that a loaded machine (the start-up check on a big
    // demo, other builds) gets about 100 s before the test gives up.
    for step in 0..600 {
        h.run_steps(1);
        if done(h) {
            // Let the layout settle before anything is clicked.
            h.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(if step < 100 { 20 } else { 200 }));
    }
    panic!("timed out waiting for {what}");
}

/// The text field tied to a label (a table header may carry the same words).
pub fn field<'h>(h: &'h Harness<'_, MedfundApp>, label: &'h str) -> egui_kittest::Node<'h> {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
}

/// A password field tied to its label.
pub fn secret<'h>(h: &'h Harness<'_, MedfundApp>, label: &'h str) -> egui_kittest::Node<'h> {
    h.get_by_role_and_label(egui::accesskit::Role::PasswordInput, label)
}
