//! Signing in on the command line: every command that opens an existing database
//! acts as a user who gave their name (`--user` or `MEDFUND_USER`) and password
//! (`MEDFUND_PASSWORD`, or a prompt that does not echo on a terminal), checked by
//! the same [`Store::login`] as the window. A temporary or expired password is
//! changed in the window first.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::fail;
use crate::domain::program::Program;
use crate::store::users::PasswordChange;
use crate::store::{Actor, Store};

/// The environment variable holding the password.
const PASSWORD_VAR: &str = "MEDFUND_PASSWORD";

/// The database a command works on and the user it signs in as.
#[derive(Debug)]
pub(super) struct Db<'a> {
    pub path: PathBuf,
    pub user: Option<&'a str>,
}

impl Db<'_> {
    /// Open the existing database and sign in; a missing file is an error, not a
    /// new database.
    pub fn open(&self) -> Result<(Store, Actor), ExitCode> {
        let store = open_existing(&self.path)?;
        let actor = sign_in(&store, self.user)?;
        Ok((store, actor))
    }

    /// [`Db::open`], and find a program in the database.
    pub fn open_program(&self, code: &str) -> Result<(Store, Actor, Program), ExitCode> {
        let (store, actor) = self.open()?;
        let program = store.program_by_code(code).map_err(fail)?;
        Ok((store, actor, program))
    }
}

fn open_existing(db: &Path) -> Result<Store, ExitCode> {
    if !db.is_file() {
        return Err(fail(format!("数据库文件 {} 不存在", db.display())));
    }
    Store::open(db).map_err(fail)
}

/// The signed-in user, or the refusal. Nothing but what [`Store::login`] logs is
/// written before this succeeds.
fn sign_in(store: &Store, user: Option<&str>) -> Result<Actor, ExitCode> {
    if store.needs_first_password().map_err(fail)? {
        return Err(fail("请先在窗口中设置管理员密码"));
    }
    let Some(user) = user.map(str::trim).filter(|u| !u.is_empty()) else {
        return Err(fail("请用 --user 指定用户（或设置 MEDFUND_USER）"));
    };
    let password = password(user)?;
    let signed_in = store.login(user, &password).map_err(fail)?;
    match signed_in.change {
        None => Ok(signed_in.actor),
        Some(PasswordChange::Temporary) => Err(fail(
            "这是临时密码，请先在窗口中登录并修改密码，再使用命令行",
        )),
        Some(PasswordChange::Expired) => {
            Err(fail("密码已过期，请先在窗口中登录并修改密码，再使用命令行"))
        }
    }
}

/// The password from the environment, else asked for on the terminal.
fn password(user: &str) -> Result<String, ExitCode> {
    if let Some(p) = std::env::var_os(PASSWORD_VAR) {
        return p
            .into_string()
            .map_err(|_| fail(format!("环境变量 {PASSWORD_VAR} 不是有效的文字")));
    }
    if !std::io::stdin().is_terminal() {
        return Err(fail(format!(
            "请设置环境变量 {PASSWORD_VAR}，或在终端中运行以输入密码"
        )));
    }
    rpassword::prompt_password(format!("用户 {user} 的密码："))
        .map_err(|e| fail(format!("无法读取密码：{e}")))
}
