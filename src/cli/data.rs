//! The commands on the database as a whole: `demo` builds the example database,
//! `check` audits its integrity, `verify` checks a printed document's 核验码,
//! `encrypt` encrypts a plain one, `backup` backs it up (and sets the second backup
//! folder), `restore` brings a backup back.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Db, ROW_ERRORS, fail};
use crate::store::keyring::KeyFile;
use crate::store::open::FileKind;
use crate::store::{Actor, Store};

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

pub(super) fn demo(db: &Path, explicit_db: bool, args: &DemoArgs) -> ExitCode {
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
        // Only a medfund database is replaced: a plain one that opens, or an
        // encrypted one with its key file.
        let ours = match FileKind::of(db) {
            Ok(FileKind::Plain) => Store::open_plain(db).is_ok(),
            Ok(FileKind::Encrypted) => KeyFile::exists(db),
            _ => false,
        };
        if !ours {
            return fail(format!(
                "{} 不是 medfund 数据库（或缺少它的密钥文件），未覆盖",
                db.display()
            ));
        }
        // Nothing is lost: the old database (whatever its key) is moved into the
        // backup folder with its log and key file.
        match crate::store::backup::set_aside(db) {
            Ok(backup) => eprintln!("原数据库已移入备份：{}", backup.display()),
            Err(e) => {
                return fail(format!("{} 无法移入备份，未覆盖：{e}", db.display()));
            }
        }
    } else if let Err(e) = std::fs::remove_file(db)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        return fail(format!("无法删除空文件 {}：{e}", db.display()));
    }
    let mut store = match crate::demo::create_demo_store(db) {
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
            out!("示例数据已创建：{}（已加密）", db.display());
            out!(
                "用户 admin、jingban、shenhe、lingdao、caiwu、shenji 的密码均为 {}",
                crate::demo::DEMO_PASSWORD
            );
            out!("恢复密钥：{}", crate::demo::DEMO_RECOVERY_CODE);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

pub(super) fn check(db: &Db) -> ExitCode {
    let (store, _) = match db.open() {
        Ok(signed_in) => signed_in,
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

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// 文件页脚上的核验码，例如 ABCD-EFGH-JKMN（大小写、空格、短横线均可）
    #[arg(value_name = "核验码")]
    pub code: String,
}

/// `medfund verify CODE`: which document the code is, who exported it and when,
/// and whether today's data gives the same figures (the differing ones listed).
/// Exits 0 when they match; 1 when they differ, the record was changed or no
/// export has the code; 2 for a mistyped code or when it could not run.
pub(super) fn verify(db: &Db, args: &VerifyArgs) -> ExitCode {
    let (store, _) = match db.open() {
        Ok(signed_in) => signed_in,
        Err(code) => return code,
    };
    match crate::report::verify::verify(&store, &args.code) {
        Ok(None) => {
            out!("{}：{}", crate::report::verify::NOT_FOUND, args.code.trim());
            ExitCode::from(ROW_ERRORS)
        }
        Ok(Some(v)) => {
            for (label, value) in v.facts() {
                out!("{label}：{value}");
            }
            for change in v.changes() {
                out!("  {}", change.line());
            }
            if v.matches() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(ROW_ERRORS)
            }
        }
        Err(e) => fail(e),
    }
}

#[derive(Debug, Args)]
pub struct EncryptArgs {
    /// 加密后如何处理未加密的旧备份：encrypt 加密、delete 删除、keep 保留；不给时在终端中询问
    #[arg(long, value_enum)]
    pub old_backups: Option<OldBackups>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OldBackups {
    /// 用新密钥加密
    Encrypt,
    /// 删除
    Delete,
    /// 保留（仍未加密）
    Keep,
}

/// `medfund encrypt`: the 管理员 encrypts a plain database in place, then the
/// plain backups are encrypted, deleted or kept as asked.
pub(super) fn encrypt(db: &Db, args: &EncryptArgs) -> ExitCode {
    let (store, actor, password) = match db.open_with_password() {
        Ok(signed_in) => signed_in,
        Err(code) => return code,
    };
    if store.is_encrypted() {
        return fail("数据库已经加密");
    }
    let plain = match crate::store::encrypt::plain_backups(store.path()) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    // Asked before anything is changed, so that a refusal leaves all as it was.
    // The backup taken just before encrypting is plain too.
    let choice = match args.old_backups {
        Some(c) => c,
        None => match ask_old_backups(plain.len() + 1) {
            Ok(c) => c,
            Err(code) => return code,
        },
    };
    let (store, done) = match store.encrypt(&actor, &password) {
        Ok(done) => done,
        Err(e) => return fail(e),
    };
    out!("数据库已加密：{}", store.path().display());
    out!(
        "恢复密钥（只显示这一次，请抄写或打印后存放在保险柜中）：{}",
        done.code.grouped().as_str()
    );
    for (user, temporary) in &done.temporary {
        out!("用户 {user} 的临时密码：{temporary}（首次登录时须修改）");
    }
    let handled = match choice {
        OldBackups::Encrypt => store
            .encrypt_backups(&done.plain_backups)
            .map(|()| "已加密"),
        OldBackups::Delete => {
            crate::store::encrypt::remove_backups(&done.plain_backups).map(|()| "已删除")
        }
        OldBackups::Keep => Ok("仍保留，未加密"),
    };
    match handled {
        Ok(what) => {
            out!("{} 个未加密的旧备份{what}", done.plain_backups.len());
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("数据库已加密，但处理旧备份失败：{e}")),
    }
}

/// Ask on the terminal what to do with the plain backups.
fn ask_old_backups(count: usize) -> Result<OldBackups, ExitCode> {
    use std::io::{BufRead as _, IsTerminal as _, Write as _};
    if !std::io::stdin().is_terminal() {
        return Err(fail(format!(
            "有 {count} 个未加密的旧备份（含加密前的这一份）：请用 --old-backups encrypt、delete 或 keep 说明如何处理"
        )));
    }
    eprint!("加密后，{count} 个未加密的旧备份如何处理？加密 e / 删除 d / 保留 k：");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| fail(format!("无法读取回答：{e}")))?;
    match line.trim().to_lowercase().as_str() {
        "e" | "加密" => Ok(OldBackups::Encrypt),
        "d" | "删除" => Ok(OldBackups::Delete),
        "k" | "保留" => Ok(OldBackups::Keep),
        other => Err(fail(format!("无法识别的回答「{other}」，未做任何改动"))),
    }
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// 设置第二备份文件夹（U 盘或共享文件夹；管理员），之后每次备份也写入这里
    #[arg(long, value_name = "DIR", conflicts_with = "no_second_folder")]
    pub second_folder: Option<PathBuf>,
    /// 不再使用第二备份文件夹（管理员）
    #[arg(long)]
    pub no_second_folder: bool,
    /// 只列出备份，不新建
    #[arg(long)]
    pub list: bool,
}

/// `medfund backup`: set the second folder if asked, back up now (unless
/// `--list`), and list the backups of both folders.
pub(super) fn backup(db: &Db, args: &BackupArgs) -> ExitCode {
    let (mut store, actor) = match db.open() {
        Ok(signed_in) => signed_in,
        Err(code) => return code,
    };
    if args.second_folder.is_some() || args.no_second_folder {
        if let Err(e) = store.set_second_backup_folder(args.second_folder.as_deref(), &actor) {
            return fail(e);
        }
        match &args.second_folder {
            Some(dir) => out!("第二备份文件夹已设为 {}", dir.display()),
            None => out!("已不再使用第二备份文件夹"),
        }
    }
    if !args.list {
        match store.backup_and_rotate() {
            Ok(report) => {
                out!("已备份到 {}", report.path.display());
                if let Some(second) = &report.second {
                    out!("已备份到 {}", second.display());
                }
                for warning in &report.warnings {
                    eprintln!("提示：{warning}");
                }
            }
            Err(e) => return fail(e),
        }
    }
    match store.backups() {
        Ok(files) => {
            for f in files {
                out!(
                    "{}\t{}\t{}\t{} 字节\t{}",
                    f.taken.format("%Y-%m-%d %H:%M:%S"),
                    f.kind.label(),
                    f.folder.label(),
                    f.size,
                    f.path.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// 要恢复的备份文件（见 medfund backup --list）
    #[arg(value_name = "BACKUP")]
    pub backup: PathBuf,
}

/// `medfund restore BACKUP` (管理员): verify the copy, set the current file aside
/// and bring the copy in, as 设置's 恢复备份 does.
pub(super) fn restore(db: &Db, args: &RestoreArgs) -> ExitCode {
    let (mut store, actor) = match db.open() {
        Ok(signed_in) => signed_in,
        Err(code) => return code,
    };
    match store.restore(&args.backup, &actor) {
        Ok(restored) => {
            out!("已从备份 {} 恢复", restored.from.display());
            out!("原数据库已移入 {}", restored.set_aside.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
