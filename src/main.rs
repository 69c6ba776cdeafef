//! The medfund executable: the GUI, or a headless command when one is given.

// A release build on Windows is a GUI program with no console window.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    attach_console();
    let cli = match medfund::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if let Some(code) = medfund::cli::run(&cli) {
        return code;
    }
    match medfund::ui::run(cli.db.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A double-clicked exe has no console: say it in a dialog as well.
            eprintln!("错误：{e}");
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title(medfund::ui::TITLE)
                .set_description(format!("程序无法启动：{e}"))
                .set_buttons(rfd::MessageButtons::Ok)
                .show();
            ExitCode::from(medfund::cli::FAILURE)
        }
    }
}

/// A GUI-subsystem program has no console; attach to the parent's so that the
/// headless commands can print when started from cmd.exe or PowerShell.
#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole has no preconditions; failure (no parent console) is harmless.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_console() {}
