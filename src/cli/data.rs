//! The commands on the database as a whole: `demo` builds the example database,
//! `check` audits its integrity.

use std::path::Path;
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
