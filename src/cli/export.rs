//! `medfund export …`: each export's arguments, then the same function of
//! [`crate::export`] that the pages and 一键导出 call.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::{Db, fail, find_hospital, parse_month};
use crate::domain::disclosure::ListScope;
use crate::store::{Actor, Store};

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// 导出某月的支付汇总表（xlsx，A4 横向打印）
    Transfers(ExportTransfersArgs),
    /// 导出年度绩效自评报告（docx，公文格式，附自评表）
    Report(ExportFileArgs),
    /// 导出年度绩效自评表（xlsx，A4 横向一页）
    Scoresheet(ExportFileArgs),
    /// 导出年度绩效目标申报表（xlsx，A4 纵向，含审核意见与签字栏）
    Declaration(ExportFileArgs),
    /// 一键导出：自评报告、自评表、绩效目标申报表、各月支付汇总表、年终清算表、名册、资金台账
    All(ExportAllArgs),
    /// 导出医疗救助对象公示名单（.xlsx 或 .docx；姓名、身份证号已隐去部分信息）
    PublicList(ExportPublicListArgs),
    /// 导出某月报账明细（.xlsx 或 .csv；含完整身份证号，仅供内部工作使用）
    Claims(ExportClaimsArgs),
    /// 导出操作手册（.docx；.pdf 需安装 LibreOffice），无需登录
    Manual(ExportManualArgs),
}

/// Run one `medfund export` command.
pub(super) fn run(db: &Db, command: &ExportCommand) -> ExitCode {
    match command {
        ExportCommand::Transfers(args) => export_transfers(db, args),
        ExportCommand::Report(args) => export_file(db, args, ExportFile::Report),
        ExportCommand::Scoresheet(args) => export_file(db, args, ExportFile::Scoresheet),
        ExportCommand::Declaration(args) => export_file(db, args, ExportFile::Declaration),
        ExportCommand::All(args) => export_all(db, args),
        ExportCommand::PublicList(args) => export_public_list(db, args),
        ExportCommand::Claims(args) => export_claims(db, args),
        ExportCommand::Manual(args) => export_manual(args),
    }
}

#[derive(Debug, Args)]
pub struct ExportManualArgs {
    /// 输出文件（.docx 或 .pdf）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// The 操作手册 holds no data: it is written without signing in.
fn export_manual(args: &ExportManualArgs) -> ExitCode {
    match crate::export::manual(&args.out) {
        Ok(()) => {
            out!("{}", args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

#[derive(Debug, Args)]
pub struct ExportPublicListArgs {
    /// 项目代码，例如 jiuzhu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 年度，例如 2019（不带 --month 时导出全年，含资助参保）
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
    /// 只导出该报账月份，例如 2019-11（不含资助参保）
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// 输出文件（.xlsx 或 .docx）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportClaimsArgs {
    /// 项目代码，例如 jiuzhu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 报账月份，例如 2019-11
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 只导出该定点医疗机构，例如 H43090300001
    #[arg(long, value_name = "CODE")]
    pub hospital: Option<String>,
    /// 输出文件（.xlsx 或 .csv）
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportFileArgs {
    /// 项目代码，例如 lixiu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 年度，例如 2021
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
    /// 输出文件
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportAllArgs {
    /// 项目代码，例如 lixiu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 年度，例如 2021
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
    /// 输出文件夹（不存在时创建）
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportTransfersArgs {
    /// 项目代码，例如 lixiu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 月份，例如 2021-09
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// 输出文件（.xlsx）
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExportFile {
    Report,
    Scoresheet,
    Declaration,
}

fn export_file(db: &Db, args: &ExportFileArgs, what: ExportFile) -> ExitCode {
    let ext = match what {
        ExportFile::Report => "docx",
        ExportFile::Scoresheet | ExportFile::Declaration => "xlsx",
    };
    if let Err(e) = crate::export::check_file_type(&args.out, &[ext]) {
        return fail(e);
    }
    let (store, actor, program) = match db.open_program(&args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let ev = match crate::report::evaluation::load(&store, &program, args.year) {
        Ok(ev) => ev,
        Err(e) => return fail(e),
    };
    let today = chrono::Local::now().date_naive();
    let written = match what {
        ExportFile::Report => crate::export::report(&store, &actor, &ev, &args.out, today),
        ExportFile::Scoresheet => crate::export::scoresheet(&store, &actor, &ev, &args.out, today),
        ExportFile::Declaration => {
            crate::export::declaration(&store, &actor, &ev, &args.out, today)
        }
    };
    match written {
        Ok(()) if what == ExportFile::Declaration => {
            out!(
                "已导出 {}：绩效目标{}，{} 项指标",
                args.out.display(),
                ev.declaration.state_line(),
                ev.declaration_sheet().rows.len()
            );
            print_code(&store, &actor);
            ExitCode::SUCCESS
        }
        Ok(()) => {
            out!(
                "已导出 {}：自评得分 {} 分，评价等级 {}",
                args.out.display(),
                ev.evaluation.total.normalize(),
                ev.evaluation.grade.label()
            );
            print_code(&store, &actor);
            for p in &ev.evaluation.problems {
                eprintln!("校验提示：{p}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn export_all(db: &Db, args: &ExportAllArgs) -> ExitCode {
    let (store, actor, program) = match db.open_program(&args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let today = chrono::Local::now().date_naive();
    match crate::export::all(
        &store,
        &actor,
        &program,
        args.year,
        &args.dir,
        today,
        &|_, _| {},
    ) {
        Ok(files) => {
            for f in &files {
                out!("{}", f.display());
            }
            eprintln!("已导出 {} 个文件到 {}", files.len(), args.dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn export_public_list(db: &Db, args: &ExportPublicListArgs) -> ExitCode {
    if let Err(e) = crate::export::check_file_type(&args.out, &crate::export::PUBLIC_LIST_TYPES) {
        return fail(e);
    }
    let month = match args.month.as_deref().map(parse_month).transpose() {
        Ok(m) => m,
        Err(code) => return code,
    };
    let scope = match ListScope::new(args.year, month) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let (store, actor, program) = match db.open_program(&args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let today = chrono::Local::now().date_naive();
    match crate::export::public_list(
        &store,
        &actor,
        &program,
        scope,
        &args.out,
        today,
        &|_, _| {},
    ) {
        Ok(t) => {
            out!(
                "已导出 {}：{} 人、{} 条，救助金额合计 {} 元",
                args.out.display(),
                t.persons,
                t.rows,
                t.amount.grouped()
            );
            print_code(&store, &actor);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn export_claims(db: &Db, args: &ExportClaimsArgs) -> ExitCode {
    if let Err(e) = crate::export::check_file_type(&args.out, &crate::export::CLAIMS_DETAIL_TYPES) {
        return fail(e);
    }
    let month = match parse_month(&args.month) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let (store, actor, program) = match db.open_program(&args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let hospital = match args.hospital.as_deref().map(|c| find_hospital(&store, c)) {
        None => None,
        Some(Ok(h)) => Some(h),
        Some(Err(code)) => return code,
    };
    match crate::export::claims_detail(
        &store,
        &actor,
        &program,
        month,
        hospital.as_ref(),
        &args.out,
        &|_, _| {},
    ) {
        Ok(n) => {
            out!("已导出 {}：{n} 条报账", args.out.display());
            print_code(&store, &actor);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn export_transfers(db: &Db, args: &ExportTransfersArgs) -> ExitCode {
    let month = match parse_month(&args.month) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let (store, actor) = match db.open() {
        Ok(signed_in) => signed_in,
        Err(code) => return code,
    };
    let exported = store
        .program_by_code(&args.program)
        .map_err(crate::export::ExportError::from)
        .and_then(|p| crate::export::payment_summary(&store, &actor, &p, month, &args.out));
    match exported {
        Ok(summary) => {
            out!(
                "已导出 {}：{} 家医院，合计 {} 元（{}）",
                args.out.display(),
                summary.lines.len(),
                summary.total.grouped(),
                summary.total_capital
            );
            print_code(&store, &actor);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// The line that says the 核验码 the export just printed in the document's
/// footer (a failure to read it is said on stderr).
pub(super) fn code_line(store: &Store, actor: &Actor) -> Option<String> {
    match store.latest_export_code(&actor.username) {
        Ok(code) => code.map(|c| format!("核验码：{c}（已印在页脚，可用 medfund verify 核验）")),
        Err(e) => {
            eprintln!("读取核验码失败：{e}");
            None
        }
    }
}

/// Say the 核验码 of the export just written.
fn print_code(store: &Store, actor: &Actor) {
    if let Some(line) = code_line(store, actor) {
        out!("{line}");
    }
}
