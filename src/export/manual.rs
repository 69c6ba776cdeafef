//! The 操作手册 for printing: a Word file (`io::manual_docx`), or a PDF converted
//! from it by LibreOffice (`soffice`) where that is installed. Where it is not, the
//! Word file is printed, or saved as PDF, from WPS or Word.

use std::path::Path;
use std::process::Command;

use super::{ExportError, check_file_type, write_via_temp};
use crate::io::FileError;
use crate::io::manual_docx::write_manual;
use crate::report::manual::manual as shipped_manual;

/// The name offered for the Word file.
pub const MANUAL_FILE_NAME: &str = "医保专项资金绩效台账操作手册.docx";

/// The extensions [`manual`] writes.
pub const MANUAL_TYPES: &[&str] = &["docx", "pdf"];

/// Write the 操作手册 to `out`: `.docx`, or `.pdf` through LibreOffice.
pub fn manual(out: &Path) -> Result<(), ExportError> {
    let kind = check_file_type(out, MANUAL_TYPES)?;
    write_via_temp(out, |temp| {
        if kind == "pdf" {
            pdf(temp)
        } else {
            Ok(write_manual(&shipped_manual(), temp)?)
        }
    })
}

/// Write the Word file in a folder of its own and have LibreOffice convert it to
/// `out` (a PDF).
fn pdf(out: &Path) -> Result<(), ExportError> {
    let fail = |reason: String| {
        ExportError::File(FileError::Write {
            path: out.display().to_string(),
            reason,
        })
    };
    let dir = tempfile_dir(out).map_err(|e| fail(e.to_string()))?;
    let result = convert(&dir, out, &fail);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn convert(
    dir: &Path,
    out: &Path,
    fail: &dyn Fn(String) -> ExportError,
) -> Result<(), ExportError> {
    let docx = dir.join("manual.docx");
    write_manual(&shipped_manual(), &docx)?;
    // A profile of its own, so that a LibreOffice window already open does not
    // take the job (and the user's settings are not touched).
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let run = ["soffice", "libreoffice"].iter().find_map(|program| {
        Command::new(program)
            .arg(&profile)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir)
            .arg(&docx)
            .output()
            .ok()
    });
    let Some(run) = run else {
        return Err(fail(
            "未找到 LibreOffice，无法直接生成 PDF；请导出 Word 版（.docx），用 WPS 或 Word 打开后另存为 PDF"
                .into(),
        ));
    };
    let converted = dir.join("manual.pdf");
    if !run.status.success() || !converted.is_file() {
        return Err(fail(format!(
            "LibreOffice 转换 PDF 失败：{}",
            String::from_utf8_lossy(&run.stderr).trim()
        )));
    }
    std::fs::copy(&converted, out).map_err(|e| fail(e.to_string()))?;
    Ok(())
}

/// A new folder beside `out` for the conversion's files.
fn tempfile_dir(out: &Path) -> std::io::Result<std::path::PathBuf> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    let base = parent.map_or_else(|| Path::new(".").to_path_buf(), Path::to_path_buf);
    let dir = base.join(format!(".medfund-manual-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
