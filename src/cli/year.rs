//! The commands on a program-year's figures: `summary`, `settlement` (with its
//! sheet and posting) and `recompute`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Db, fail};
use crate::store::StoreError;

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

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// 项目代码，例如 lixiu
    #[arg(long, value_name = "CODE")]
    pub program: String,
    /// 年度，例如 2021
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
}

pub(super) fn summary(db: &Db, args: &SummaryArgs) -> ExitCode {
    let (store, _, program) = match db.open_program(&args.program) {
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

pub(super) fn recompute(db: &Db, args: &YearArgs) -> ExitCode {
    let (mut store, actor, program) = match db.open_program(&args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    match store.recompute_year(program.id, args.year, &actor, &|_, _| {}) {
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

pub(super) fn settlement(db: &Db, args: &SettlementArgs) -> ExitCode {
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
    let (mut store, actor, program) = match db.open_program(&args.program) {
        Ok(sp) => sp,
        Err(code) => return code,
    };
    let computed = if args.post {
        store
            .post_settlement(program.id, args.year, date, args.confirm_unapproved, &actor)
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
        && let Err(e) =
            crate::export::settlement_sheet(&store, &actor, &program, settlement.clone(), out)
    {
        return fail(e);
    }
    if args.out.is_some()
        && let Some(line) = super::export::code_line(&store, &actor)
    {
        // On stderr: stdout is the settlement's JSON.
        eprintln!("{line}");
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
