//! The headless commands. Each calls the same functions as the GUI.
//!
//! Exit codes: 0 done; 1 done but some input rows had errors, or `check` found
//! problems; 2 a usage, file or database error (the message goes to stderr and
//! nothing is written).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

/// `println!` that stops quietly when the reader has gone (`medfund summary | head`)
/// instead of panicking on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;

use crate::domain::claim::Month;
use crate::domain::disclosure::ListScope;
use crate::domain::hospital::Hospital;
use crate::domain::program::Program;
use crate::io::import_preview::{AnyPreview, ImportTarget};
use crate::io::roster_import::Progress;
use crate::store::location::default_db_path;
use crate::store::{Actor, Store, StoreError};

/// medfund — 医保专项资金绩效台账. Without a command it opens the window.
#[derive(Debug, Parser)]
#[command(
    name = "medfund",
    version,
    about = "医保专项资金绩效台账（不带子命令时打开窗口）"
)]
pub struct Cli {
    /// 数据库文件路径（默认：程序旁的 medfund.db，否则用户数据目录）
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 创建示例数据库（丰都县离休人员医药费县级补助 2021）
    Demo(DemoArgs),
    /// 导入数据（先预览；加 --commit 才写入）
    #[command(subcommand)]
    Import(ImportCommand),
    /// 输出某项目某年度的汇总数据（JSON）
    Summary(SummaryArgs),
    /// 导出报表
    #[command(subcommand)]
    Export(ExportCommand),
    /// 离休年终清算：计算每人的定额节余补足（JSON）；加 --post 过账
    Settlement(SettlementArgs),
    /// 检查数据库完整性与账务一致性；有问题时逐条列出并以 1 退出
    Check,
    /// 城乡医疗救助：按年度现行政策参数重新计算全部救助金额（已批准月份记为调整）
    Recompute(YearArgs),
    /// 审核某医院某月的报账：按审核结论文件（票据号、审核结论、核减金额、审核意见），
    /// 加 --pass-rest 通过其余待审报账（先预览；加 --commit 才写入）
    Audit(AuditArgs),
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

#[derive(Debug, Args)]
pub struct YearArgs {
    /// 项目代码，例如 jiuzhu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 年度，例如 2019
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
}

#[derive(Debug, Args)]
pub struct SettlementArgs {
    /// 项目代码，例如 lixiu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 年度，例如 2022
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
    /// 将补足金额作为个人支付记入资金台账
    #[arg(long)]
    pub post: bool,
    /// 过账日期（默认今天；须在清算年度结束之后）
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// 确认在该年度仍有未批准的医院月份时过账（否则拒绝过账）
    #[arg(long, requires = "post")]
    pub confirm_unapproved: bool,
    /// 同时导出年终清算表（.xlsx）
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// 导出某月的支付汇总表（xlsx，A4 横向打印）
    Transfers(ExportTransfersArgs),
    /// 导出年度绩效自评报告（docx，公文格式，附自评表）
    Report(ExportFileArgs),
    /// 导出年度绩效自评表（xlsx，A4 横向一页）
    Scoresheet(ExportFileArgs),
    /// 一键导出：自评报告、自评表、各月支付汇总表、年终清算表、名册、资金台账
    All(ExportAllArgs),
    /// 导出医疗救助对象公示名单（.xlsx 或 .docx；姓名、身份证号已隐去部分信息）
    PublicList(ExportPublicListArgs),
    /// 导出某月报账明细（.xlsx 或 .csv；含完整身份证号，仅供内部工作使用）
    Claims(ExportClaimsArgs),
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

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// 项目代码，例如 lixiu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 年度，例如 2021
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// 覆盖已有的非空数据库文件
    #[arg(long)]
    pub force: bool,
    /// 数据规模
    #[arg(long, value_enum, default_value_t = Scale::Small)]
    pub scale: Scale,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    /// 种子报告中的数据
    Small,
    /// 性能测试数据：10 万人、50 家医院、100 万条报账（10 年）
    Large,
}

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

/// Exit code for success.
pub const OK: u8 = 0;
/// Exit code when some rows had errors.
pub const ROW_ERRORS: u8 = 1;
/// Exit code for a usage, file or database error.
pub const FAILURE: u8 = 2;

/// Parse the command line, with clap's errors introduced in Chinese.
pub fn parse() -> Result<Cli, ExitCode> {
    use clap::error::ErrorKind;
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            let _ = e.print();
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            let what = match e.kind() {
                ErrorKind::UnknownArgument => "无法识别的参数",
                ErrorKind::InvalidSubcommand => "无法识别的子命令",
                ErrorKind::MissingRequiredArgument => "缺少必需的参数",
                ErrorKind::MissingSubcommand => "缺少子命令",
                ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数值无效",
                ErrorKind::ArgumentConflict => "参数互相冲突",
                _ => "命令行参数错误",
            };
            eprintln!("参数错误：{what}。\n{}", e.render());
            Err(ExitCode::from(FAILURE))
        }
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("错误：{message}");
    ExitCode::from(FAILURE)
}

fn db_path(cli_db: Option<&Path>) -> Result<PathBuf, ExitCode> {
    default_db_path(cli_db).ok_or_else(|| fail("无法确定数据库位置，请用 --db 指定"))
}

/// Run a command; `None` means open the GUI instead.
pub fn run(cli: &Cli) -> Option<ExitCode> {
    let command = cli.command.as_ref()?;
    let db = match db_path(cli.db.as_deref()) {
        Ok(p) => p,
        Err(code) => return Some(code),
    };
    Some(match command {
        Command::Demo(args) => demo(&db, cli.db.is_some(), args),
        Command::Import(ImportCommand::Beneficiaries(args)) => import_beneficiaries(&db, args),
        Command::Import(ImportCommand::Claims(args)) => import_claims(&db, args),
        Command::Import(ImportCommand::Premiums(args)) => import_premiums(&db, args),
        Command::Import(ImportCommand::Hospitals(args)) => import_hospitals(&db, args),
        Command::Summary(args) => summary(&db, args),
        Command::Export(ExportCommand::Transfers(args)) => export_transfers(&db, args),
        Command::Export(ExportCommand::Report(args)) => export_file(&db, args, ExportFile::Report),
        Command::Export(ExportCommand::Scoresheet(args)) => {
            export_file(&db, args, ExportFile::Scoresheet)
        }
        Command::Export(ExportCommand::All(args)) => export_all(&db, args),
        Command::Export(ExportCommand::PublicList(args)) => export_public_list(&db, args),
        Command::Export(ExportCommand::Claims(args)) => export_claims(&db, args),
        Command::Settlement(args) => settlement(&db, args),
        Command::Check => check(&db),
        Command::Recompute(args) => recompute(&db, args),
        Command::Audit(args) => audit(&db, args),
    })
}

fn demo(db: &Path, explicit_db: bool, args: &DemoArgs) -> ExitCode {
    let non_empty = std::fs::metadata(db).map(|m| m.len() > 0).unwrap_or(false);
    if non_empty {
        if !args.force {
            return fail(format!(
                "数据库文件 {} 已存在且不为空；如确需覆盖，请加 --force",
                db.display()
            ));
        }
        if !explicit_db {
            return fail(format!(
                "为防止误删正在使用的数据库 {}，--force 必须与 --db 一起使用",
                db.display()
            ));
        }
        // Nothing is lost: the old database is backed up before it is replaced.
        match Store::open(db).and_then(|old| old.backup_and_rotate()) {
            Ok(backup) => eprintln!("原数据库已备份到 {}", backup.display()),
            Err(e) => {
                return fail(format!(
                    "{} 无法作为 medfund 数据库打开并备份，未覆盖：{e}",
                    db.display()
                ));
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            if let Err(e) = std::fs::remove_file(&p)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                return fail(format!("无法删除 {}：{e}", db.display()));
            }
        }
    }
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let loaded = match args.scale {
        Scale::Small => crate::demo::load_demo(&mut store, &Actor::system()),
        Scale::Large => crate::demo::load_large(&mut store, &Actor::system(), &|done| {
            eprintln!("已生成 {done} / {} 条报账", crate::demo::LARGE_CLAIMS);
        }),
    };
    match loaded {
        Ok(()) => {
            out!("示例数据已创建：{}", db.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// Open an existing database and find a program in it.
fn open_program(db: &Path, code: &str) -> Result<(Store, Program), ExitCode> {
    let store = open_existing(db)?;
    let program = store.program_by_code(code).map_err(fail)?;
    Ok((store, program))
}

/// Open an existing database; a missing file is an error, not a new database.
fn open_existing(db: &Path) -> Result<Store, ExitCode> {
    if !db.is_file() {
        return Err(fail(format!("数据库文件 {} 不存在", db.display())));
    }
    Store::open(db).map_err(fail)
}

fn summary(db: &Path, args: &SummaryArgs) -> ExitCode {
    let (store, program) = match open_program(db, &args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    match crate::report::evaluation::load(&store, &program, args.year) {
        Ok(ev) => {
            out!("{}", ev.summary_json());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExportFile {
    Report,
    Scoresheet,
}

fn export_file(db: &Path, args: &ExportFileArgs, what: ExportFile) -> ExitCode {
    let ext = match what {
        ExportFile::Report => "docx",
        ExportFile::Scoresheet => "xlsx",
    };
    if let Err(e) = crate::export::check_file_type(&args.out, &[ext]) {
        return fail(e);
    }
    let (store, program) = match open_program(db, &args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let ev = match crate::report::evaluation::load(&store, &program, args.year) {
        Ok(ev) => ev,
        Err(e) => return fail(e),
    };
    let today = chrono::Local::now().date_naive();
    let written = match what {
        ExportFile::Report => crate::export::report(&ev, &args.out, today),
        ExportFile::Scoresheet => crate::export::scoresheet(&ev, &args.out, today),
    };
    match written {
        Ok(()) => {
            out!(
                "已导出 {}：自评得分 {} 分，评价等级 {}",
                args.out.display(),
                ev.evaluation.total.normalize(),
                ev.evaluation.grade.label()
            );
            for p in &ev.evaluation.problems {
                eprintln!("校验提示：{p}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn export_all(db: &Path, args: &ExportAllArgs) -> ExitCode {
    let (store, program) = match open_program(db, &args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let today = chrono::Local::now().date_naive();
    match crate::export::all(&store, &program, args.year, &args.dir, today, &|_, _| {}) {
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

fn recompute(db: &Path, args: &YearArgs) -> ExitCode {
    let (mut store, program) = match open_program(db, &args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    match store.recompute_year(program.id, args.year, &Actor::system(), &|_, _| {}) {
        Ok(done) => {
            out!(
                "{}",
                serde_json::json!({
                    "persons": done.persons,
                    "changed": done.changed,
                    "adjustments": done.adjustments,
                })
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn settlement(db: &Path, args: &SettlementArgs) -> ExitCode {
    let date = match args.date.as_deref() {
        None => chrono::Local::now().date_naive(),
        Some(text) => match crate::domain::dates::parse_date(text) {
            Some(d) => d,
            None => {
                return fail(format!(
                    "过账日期「{text}」无效，应写作 YYYY-MM-DD，例如 2023-01-10"
                ));
            }
        },
    };
    let (mut store, program) = match open_program(db, &args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let computed = if args.post {
        store
            .post_settlement(
                program.id,
                args.year,
                date,
                args.confirm_unapproved,
                &Actor::system(),
            )
            .map(|(_, s)| s)
    } else {
        store.settlement(program.id, args.year)
    };
    let settlement = match computed {
        Ok(s) => s,
        Err(StoreError::NeedsConfirmation(warning)) => {
            return fail(format!("{warning}（加 --confirm-unapproved 确认）"));
        }
        Err(e) => return fail(e),
    };
    if let Some(out) = &args.out
        && let Err(e) = crate::io::xlsx::write_settlement_sheet(
            &crate::report::settlement::SettlementSheet::new(&program, settlement.clone()),
            out,
        )
    {
        return fail(e);
    }
    out!("{}", crate::report::settlement::to_json(&settlement));
    let nf = &settlement.not_final;
    for warning in [
        nf.pending_refusal(args.year),
        nf.unapproved_warning(args.year),
    ]
    .into_iter()
    .flatten()
    {
        eprintln!("注意：{warning}");
    }
    if args.post {
        eprintln!(
            "已过账：{} 人补足 {} 元，已记入资金台账",
            settlement
                .lines
                .iter()
                .filter(|l| !l.top_up.is_zero())
                .count(),
            settlement.total_top_up.grouped()
        );
    }
    ExitCode::SUCCESS
}

fn check(db: &Path) -> ExitCode {
    let store = match open_existing(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match store.check(&|_, _| {}) {
        Ok(problems) if problems.is_empty() => {
            out!("检查通过：数据库完整，账务一致，审计日志未被改动。");
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            out!("发现 {} 个问题：", problems.len());
            for (i, p) in problems.iter().enumerate() {
                out!("{}. {p}", i + 1);
            }
            ExitCode::from(ROW_ERRORS)
        }
        Err(e) => fail(e),
    }
}

/// A month argument, or the refusal.
fn parse_month(text: &str) -> Result<Month, ExitCode> {
    Month::parse(text)
        .ok_or_else(|| fail(format!("月份「{text}」无效，应写作 YYYY-MM，例如 2021-09")))
}

/// The hospital with `code`, or the refusal.
fn find_hospital(store: &Store, code: &str) -> Result<Hospital, ExitCode> {
    match store
        .hospitals()
        .map(|hs| hs.into_iter().find(|h| h.code == code))
    {
        Ok(Some(h)) => Ok(h),
        Ok(None) => Err(fail(format!("找不到定点医疗机构代码「{code}」"))),
        Err(e) => Err(fail(e)),
    }
}

fn export_public_list(db: &Path, args: &ExportPublicListArgs) -> ExitCode {
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
    let (store, program) = match open_program(db, &args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let today = chrono::Local::now().date_naive();
    match crate::export::public_list(&store, &program, scope, &args.out, today, &|_, _| {}) {
        Ok(t) => {
            out!(
                "已导出 {}：{} 人、{} 条，救助金额合计 {} 元",
                args.out.display(),
                t.persons,
                t.rows,
                t.amount.grouped()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn export_claims(db: &Path, args: &ExportClaimsArgs) -> ExitCode {
    if let Err(e) = crate::export::check_file_type(&args.out, &crate::export::CLAIMS_DETAIL_TYPES) {
        return fail(e);
    }
    let month = match parse_month(&args.month) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let (store, program) = match open_program(db, &args.program) {
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
        &program,
        month,
        hospital.as_ref(),
        &args.out,
        &|_, _| {},
    ) {
        Ok(n) => {
            out!("已导出 {}：{n} 条报账", args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn export_transfers(db: &Path, args: &ExportTransfersArgs) -> ExitCode {
    let month = match parse_month(&args.month) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let store = match open_existing(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let built = store
        .program_by_code(&args.program)
        .and_then(|p| crate::report::transfers::build(&store, &p, month));
    let summary = match built {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if summary.lines.is_empty() {
        return fail(format!("{} 没有任何医院的报账", month.label()));
    }
    match crate::io::xlsx::write_payment_summary(&args.out, &summary) {
        Ok(()) => {
            out!(
                "已导出 {}：{} 家医院，合计 {} 元（{}）",
                args.out.display(),
                summary.lines.len(),
                summary.total.grouped(),
                summary.total_capital
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn import_beneficiaries(db: &Path, args: &ImportArgs) -> ExitCode {
    match open_program(db, &args.program) {
        Ok((store, program)) => run_import(store, &ImportTarget::Roster { program }, args),
        Err(code) => code,
    }
}

fn import_premiums(db: &Path, args: &ImportPremiumsArgs) -> ExitCode {
    match open_program(db, &args.import.program) {
        Ok((store, program)) => {
            let target = ImportTarget::Premiums {
                program,
                year: args.year,
            };
            run_import(store, &target, &args.import)
        }
        Err(code) => code,
    }
}

fn import_hospitals(db: &Path, args: &ImportHospitalsArgs) -> ExitCode {
    match open_existing(db) {
        Ok(store) => run_import_file(
            store,
            &ImportTarget::Hospitals,
            &args.file,
            args.commit,
            args.json,
        ),
        Err(code) => code,
    }
}

/// [`run_import_file`] with a program's import arguments.
fn run_import(store: Store, target: &ImportTarget, args: &ImportArgs) -> ExitCode {
    run_import_file(store, target, &args.file, args.commit, args.json)
}

/// Preview `file` for `target`, then [`finish_import`].
fn run_import_file(
    store: Store,
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
        Ok(preview) => finish_import(store, &preview, commit, as_json),
        Err(e) => fail(e),
    }
}

/// With `commit`, back the database up and write the preview's valid rows in one
/// transaction; then report.
fn finish_import(mut store: Store, preview: &AnyPreview, commit: bool, as_json: bool) -> ExitCode {
    let cancel = AtomicBool::new(false);
    let progress = Progress {
        report: &|_, _| {},
        cancel: &cancel,
    };
    if commit && preview.writes() > 0 {
        if let Err(e) = store.backup_and_rotate() {
            return fail(e);
        }
        if let Err(e) = preview.commit(&mut store, &Actor::system(), &progress) {
            return fail(e);
        }
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
            })
        );
    } else {
        for e in &errors {
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

fn import_claims(db: &Path, args: &ImportClaimsArgs) -> ExitCode {
    let month = match parse_month(&args.month) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let store = match open_existing(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let program = match store.program_by_code(&args.import.program) {
        Ok(p) => p,
        Err(e) => return fail(e),
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
    run_import(store, &target, &args.import)
}

fn audit(db: &Path, args: &AuditArgs) -> ExitCode {
    if args.file.is_none() && !args.pass_rest {
        return fail("请给出审核结论文件，或加 --pass-rest 通过全部待审报账");
    }
    let month = match parse_month(&args.month) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let (store, program) = match open_program(db, &args.program) {
        Ok(sp) => sp,
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
        Ok(p) => finish_import(store, &AnyPreview::Audit(p), args.commit, args.json),
        Err(e) => fail(e),
    }
}
