//! `medfund import …` and `medfund audit`: preview a file, and with `--commit`
//! back the database up and write its valid rows.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Args, Subcommand};
use serde_json::json;

use super::{Db, OK, ROW_ERRORS, fail, find_hospital, parse_month};
use crate::io::import_preview::{AnyPreview, ImportTarget};
use crate::io::roster_import::Progress;
use crate::store::{Actor, Store};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// 导入受益对象名册（.xlsx / .xls / .csv）
    Beneficiaries(ImportArgs),
    /// 导入某医院某月的报账明细（.xlsx / .xls / .csv）
    Claims(ImportClaimsArgs),
    /// 导入某年度的资助参保名单（.xlsx / .xls / .csv；城乡医疗救助项目）
    Premiums(ImportPremiumsArgs),
    /// 导入定点医疗机构清单（.xlsx / .xls / .csv；各项目共用）
    Hospitals(ImportHospitalsArgs),
    /// 导入救助身份名单（民政、乡村振兴每月名单：身份证号、姓名、救助身份、认定日期、终止日期；城乡医疗救助项目）
    Identities(ImportArgs),
}

/// Run one `medfund import` command.
pub(super) fn run(db: &Db, command: &ImportCommand) -> ExitCode {
    match command {
        ImportCommand::Beneficiaries(args) => import_beneficiaries(db, args),
        ImportCommand::Claims(args) => import_claims(db, args),
        ImportCommand::Premiums(args) => import_premiums(db, args),
        ImportCommand::Hospitals(args) => import_hospitals(db, args),
        ImportCommand::Identities(args) => import_identities(db, args),
    }
}

#[derive(Debug, Args)]
pub struct ImportHospitalsArgs {
    /// 写入无错误的行（否则只预览）
    #[arg(long)]
    pub commit: bool,
    /// 以 JSON 输出结果
    #[arg(long)]
    pub json: bool,
    /// 要导入的文件
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportPremiumsArgs {
    /// 年度，例如 2019
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
    #[command(flatten)]
    pub import: ImportArgs,
}

#[derive(Debug, Args)]
pub struct ImportClaimsArgs {
    /// 定点医疗机构代码，例如 H50023000001
    #[arg(long, value_name = "CODE")]
    pub hospital: String,
    /// 报账月份，例如 2021-09
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    #[command(flatten)]
    pub import: ImportArgs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 项目代码，例如 lixiu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 写入无错误的行（否则只预览）
    #[arg(long)]
    pub commit: bool,
    /// 以 JSON 输出结果
    #[arg(long)]
    pub json: bool,
    /// 要导入的文件
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// 项目代码，例如 jiuzhu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 定点医疗机构代码，例如 H43090300001
    #[arg(long, value_name = "CODE")]
    pub hospital: String,
    /// 报账月份，例如 2019-12
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 通过该院该月其余仍待审、且未列在文件中的报账
    #[arg(long)]
    pub pass_rest: bool,
    /// 写入无错误的审核结论（否则只预览）
    #[arg(long)]
    pub commit: bool,
    /// 以 JSON 输出结果
    #[arg(long)]
    pub json: bool,
    /// 审核结论文件（.xlsx / .xls / .csv）：票据号、审核结论（通过/核减/拒付）、核减金额、审核意见
    pub file: Option<PathBuf>,
}

fn import_beneficiaries(db: &Db, args: &ImportArgs) -> ExitCode {
    match db.open_program(&args.program) {
        Ok((store, actor, program)) => {
            run_import(store, &actor, &ImportTarget::Roster { program }, args)
        }
        Err(code) => code,
    }
}

fn import_identities(db: &Db, args: &ImportArgs) -> ExitCode {
    match db.open_program(&args.program) {
        Ok((store, actor, program)) => {
            run_import(store, &actor, &ImportTarget::Identities { program }, args)
        }
        Err(code) => code,
    }
}

fn import_premiums(db: &Db, args: &ImportPremiumsArgs) -> ExitCode {
    match db.open_program(&args.import.program) {
        Ok((store, actor, program)) => {
            let target = ImportTarget::Premiums {
                program,
                year: args.year,
            };
            run_import(store, &actor, &target, &args.import)
        }
        Err(code) => code,
    }
}

fn import_hospitals(db: &Db, args: &ImportHospitalsArgs) -> ExitCode {
    match db.open() {
        Ok((store, actor)) => run_import_file(
            store,
            &actor,
            &ImportTarget::Hospitals,
            &args.file,
            args.commit,
            args.json,
        ),
        Err(code) => code,
    }
}

/// [`run_import_file`] with a program's import arguments.
fn run_import(store: Store, actor: &Actor, target: &ImportTarget, args: &ImportArgs) -> ExitCode {
    run_import_file(store, actor, target, &args.file, args.commit, args.json)
}

/// Preview `file` for `target`, then [`finish_import`].
fn run_import_file(
    store: Store,
    actor: &Actor,
    target: &ImportTarget,
    file: &Path,
    commit: bool,
    as_json: bool,
) -> ExitCode {
    let cancel = AtomicBool::new(false);
    let progress = Progress {
        report: &|_, _| {},
        cancel: &cancel,
    };
    match target.preview(&store, file, &progress) {
        Ok(preview) => finish_import(store, actor, &preview, commit, as_json),
        Err(e) => fail(e),
    }
}

/// With `commit`, write the preview's valid rows (after a backup) in one
/// transaction; then report.
fn finish_import(
    mut store: Store,
    actor: &Actor,
    preview: &AnyPreview,
    commit: bool,
    as_json: bool,
) -> ExitCode {
    let cancel = AtomicBool::new(false);
    let progress = Progress {
        report: &|_, _| {},
        cancel: &cancel,
    };
    if commit
        && preview.writes() > 0
        && let Err(e) = preview.commit(&mut store, actor, &progress)
    {
        return fail(e);
    }
    report_import(preview, as_json, commit)
}

/// Print an import's result as text or JSON; the exit code says whether rows failed
/// (warnings do not fail a row).
fn report_import(preview: &AnyPreview, as_json: bool, committed: bool) -> ExitCode {
    let counts = preview.counts();
    let errors = preview.errors();
    let warnings = preview.warnings();
    if as_json {
        out!(
            "{}",
            json!({
                "new": counts.new,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "errors": counts.errors,
                "error_rows": errors,
                "warning_rows": warnings,
                "encoding_note": preview.encoding_note(),
            })
        );
    } else {
        if let Some(note) = preview.encoding_note() {
            out!("{note}");
        }
        for e in &preview.listed_errors() {
            out!(
                "第 {} 行，列「{}」，值「{}」：{}",
                e.row,
                e.column,
                e.value,
                e.message
            );
        }
        for w in &warnings {
            out!(
                "提示：第 {} 行，列「{}」，值「{}」：{}（仍会写入）",
                w.row,
                w.column,
                w.value,
                w.message
            );
        }
        if let Some(left_out) = preview.errors_left_out() {
            out!("……{left_out}（加 --json 输出全部）");
        }
        if let Some(summary) = preview.summary() {
            out!("{summary}");
        }
        out!("{counts}");
        if !committed {
            out!("（预览，未写入；加 --commit 写入无错误的行）");
        }
    }
    ExitCode::from(if counts.errors > 0 { ROW_ERRORS } else { OK })
}

fn import_claims(db: &Db, args: &ImportClaimsArgs) -> ExitCode {
    let month = match parse_month(&args.month) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let (store, actor, program) = match db.open_program(&args.import.program) {
        Ok(signed_in) => signed_in,
        Err(code) => return code,
    };
    let hospital = match find_hospital(&store, &args.hospital) {
        Ok(h) => h,
        Err(code) => return code,
    };
    let target = ImportTarget::Claims {
        program,
        hospital_id: hospital.id,
        hospital_name: hospital.name,
        month,
    };
    run_import(store, &actor, &target, &args.import)
}

pub(super) fn audit(db: &Db, args: &AuditArgs) -> ExitCode {
    if args.file.is_none() && !args.pass_rest {
        return fail("请给出审核结论文件，或加 --pass-rest 通过全部待审报账");
    }
    let month = match parse_month(&args.month) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let (store, actor, program) = match db.open_program(&args.program) {
        Ok(signed_in) => signed_in,
        Err(code) => return code,
    };
    let hospital = match find_hospital(&store, &args.hospital) {
        Ok(h) => h,
        Err(code) => return code,
    };
    let cancel = AtomicBool::new(false);
    let progress = Progress {
        report: &|_, _| {},
        cancel: &cancel,
    };
    let preview = crate::io::audit_import::preview(
        &store,
        &program,
        hospital.id,
        month,
        args.file.as_deref(),
        args.pass_rest,
        &progress,
    );
    match preview {
        Ok(p) => finish_import(store, &actor, &AnyPreview::Audit(p), args.commit, args.json),
        Err(e) => fail(e),
    }
}
