//! The headless commands. Each calls the same functions as the GUI, as the user
//! who signed in (see [`sign_in`]); only `demo`, which builds a new file, and
//! `export manual`, which holds no data, need no sign-in.
//!
//! Exit codes: 0 done; 1 done but some input rows had errors, `check` found
//! problems, or `verify` found the document changed or unknown; 2 a usage, file, sign-in or database error (the message goes to
//! stderr and nothing is written).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `println!` that stops quietly when the reader has gone (`medfund summary | head`)
/// instead of panicking on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod data;
mod export;
mod import;
mod sign_in;
mod year;

use clap::{Parser, Subcommand};

pub use data::{DemoArgs, Scale, VerifyArgs};
pub use export::{
    ExportAllArgs, ExportClaimsArgs, ExportCommand, ExportFileArgs, ExportPublicListArgs,
    ExportTransfersArgs,
};
pub use import::{
    AuditArgs, ImportArgs, ImportClaimsArgs, ImportCommand, ImportHospitalsArgs, ImportPremiumsArgs,
};
pub use year::{SettlementArgs, SummaryArgs, YearArgs};

use crate::domain::claim::Month;
use crate::domain::hospital::Hospital;
use crate::store::Store;
use crate::store::location::default_db_path;
use sign_in::Db;

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

    /// 登录用户名（也可设置环境变量 MEDFUND_USER）；密码取自环境变量
    /// MEDFUND_PASSWORD，未设置时在终端中输入（不显示）
    #[arg(long, global = true, value_name = "NAME", env = "MEDFUND_USER")]
    pub user: Option<String>,

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
    /// 核验打印文件上的核验码：是哪份文件、谁何时导出、今天的数据是否仍给出相同的数字
    Verify(VerifyArgs),
    /// 加密未加密的旧数据库（管理员）：先备份，再原地加密，并显示恢复密钥
    Encrypt(data::EncryptArgs),
    /// 城乡医疗救助：按年度现行政策参数重新计算全部救助金额（已批准月份记为调整）
    Recompute(YearArgs),
    /// 审核某医院某月的报账：按审核结论文件（票据号、审核结论、核减金额、审核意见），
    /// 加 --pass-rest 通过其余待审报账（先预览；加 --commit 才写入）
    Audit(AuditArgs),
    /// 立即备份并列出备份；--second-folder 设置第二备份文件夹（管理员）
    Backup(data::BackupArgs),
    /// 恢复备份（管理员）：先核验备份，当前数据库移入备份文件夹，再换入备份
    Restore(data::RestoreArgs),
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
        Ok(path) => Db {
            path,
            user: cli.user.as_deref(),
        },
        Err(code) => return Some(code),
    };
    Some(match command {
        Command::Demo(args) => data::demo(&db.path, cli.db.is_some(), args),
        Command::Import(command) => import::run(&db, command),
        Command::Summary(args) => year::summary(&db, args),
        Command::Export(command) => export::run(&db, command),
        Command::Settlement(args) => year::settlement(&db, args),
        Command::Check => data::check(&db),
        Command::Verify(args) => data::verify(&db, args),
        Command::Encrypt(args) => data::encrypt(&db, args),
        Command::Recompute(args) => year::recompute(&db, args),
        Command::Audit(args) => import::audit(&db, args),
        Command::Backup(args) => data::backup(&db, args),
        Command::Restore(args) => data::restore(&db, args),
    })
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
