//! Signing in on the command line: every command that opens an existing database
//! acts as a user who gave their name (`--user` or `MEDFUND_USER`) and password
//! (`MEDFUND_PASSWORD`, or a prompt that does not echo on a terminal), checked by
//! the same [`Store::login`] as the window. A temporary or expired password is
//! changed in the window first.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::fail;
use crate::domain::program::Program;
use crate::store::keyring::KeyFile;
use crate::store::open::FileKind;
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
    /// new database. An encrypted file opens with the user's password; a plain one
    /// from before encryption opens as before, until the 管理员 encrypts it.
    pub fn open(&self) -> Result<(Store, Actor), ExitCode> {
        self.open_with_password()
            .map(|(store, actor, _)| (store, actor))
    }

    /// [`Db::open`], keeping the password typed (`encrypt` makes it the user's
    /// key slot).
    pub fn open_with_password(&self) -> Result<(Store, Actor, String), ExitCode> {
        let kind = FileKind::of(&self.path).map_err(fail)?;
        if kind == FileKind::Missing {
            return Err(fail(format!("数据库文件 {} 不存在", self.path.display())));
        }
        let (user, password) = credentials(self.user)?;
        let (store, signed_in) = match kind {
            FileKind::Plain => {
                let store = Store::open_plain(&self.path).map_err(fail)?;
                if store.needs_first_password().map_err(fail)? {
                    return Err(fail("请先在窗口中设置管理员密码"));
                }
                let signed_in = store.login(user, &password).map_err(fail)?;
                (store, signed_in)
            }
            _ => {
                let keys = KeyFile::load(&self.path).map_err(fail)?;
                if keys.slots.is_empty() {
                    return Err(fail("请先在窗口中设置管理员密码"));
                }
                Store::sign_in(&self.path, user, &password).map_err(fail)?
            }
        };
        match signed_in.change {
            None => Ok((store, signed_in.actor, password)),
            Some(PasswordChange::Temporary) => Err(fail(
                "这是临时密码，请先在窗口中登录并修改密码，再使用命令行",
            )),
            Some(PasswordChange::Expired) => {
                Err(fail("密码已过期，请先在窗口中登录并修改密码，再使用命令行"))
            }
        }
    }

    /// [`Db::open`], and find a program in the database.
    pub fn open_program(&self, code: &str) -> Result<(Store, Actor, Program), ExitCode> {
        let (store, actor) = self.open()?;
        let program = store.program_by_code(code).map_err(fail)?;
        Ok((store, actor, program))
    }
}

/// The user name given and their password; nothing is opened before both are there.
fn credentials(user: Option<&str>) -> Result<(&str, String), ExitCode> {
    let Some(user) = user.map(str::trim).filter(|u| !u.is_empty()) else {
        return Err(fail("请用 --user 指定用户（或设置 MEDFUND_USER）"));
    };
    Ok((user, password(user)?))
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
