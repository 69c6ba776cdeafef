//! One face for the imports (roster, claims, the 资助参保 list from a file or from
//! the roster, the 定点医疗机构 list, a file of 审核结论, the 救助身份 list), so that one dialog or
//! command previews and commits any of them.

use std::path::Path;

use super::audit_import::{self, AuditPreview};
use super::claims_import::{self, ClaimsPreview};
use super::hospital_import::{self, HospitalsPreview};
use super::identity_import::{self, IdentitiesPreview};
use super::premium_import::{self, PremiumsPreview};
use super::roster_import::{self, Counts, ImportError, Progress, RosterPreview, RowError, Verdict};
use super::table::GBK_NOTE;
use crate::domain::claim::Month;
use crate::domain::program::Program;
use crate::store::{Actor, Store};

/// What is being imported, and where to.
#[derive(Clone, Debug)]
pub enum ImportTarget {
    Roster {
        program: Program,
    },
    Claims {
        program: Program,
        hospital_id: i64,
        hospital_name: String,
        month: Month,
    },
    /// A 资助参保 file for a year's list.
    Premiums {
        program: Program,
        year: i32,
    },
    /// 从名册生成: the year's list from the 在册 roster (no file).
    PremiumsFromRoster {
        program: Program,
        year: i32,
    },
    /// The 定点医疗机构 registry (shared by every program).
    Hospitals,
    /// The monthly 救助身份 list from 民政 / 乡村振兴.
    Identities {
        program: Program,
    },
}

impl ImportTarget {
    /// The dialog's title.
    pub fn title(&self) -> String {
        match self {
            ImportTarget::Roster { program } => format!("导入名册 — {}", program.name),
            ImportTarget::Claims {
                hospital_name,
                month,
                ..
            } => {
                format!("导入报账明细 — {hospital_name} {}", month.label())
            }
            ImportTarget::Premiums { year, .. } => format!("导入资助参保名单 — {year}年"),
            ImportTarget::PremiumsFromRoster { year, .. } => {
                format!("从名册生成资助参保名单 — {year}年")
            }
            ImportTarget::Hospitals => "导入定点医疗机构".into(),
            ImportTarget::Identities { program } => format!("导入救助身份 — {}", program.name),
        }
    }

    /// Whether the clerk chooses a file (从名册生成 reads the roster).
    pub fn needs_file(&self) -> bool {
        !matches!(self, ImportTarget::PremiumsFromRoster { .. })
    }

    /// What the dialog calls the work: 导入 or 生成.
    pub fn verb(&self) -> &'static str {
        if self.needs_file() {
            "导入"
        } else {
            "生成"
        }
    }

    /// Which columns the file needs.
    pub fn columns_hint(&self) -> &'static str {
        match self {
            ImportTarget::Roster { .. } => {
                "必需的列：姓名、身份证号（也可写作 公民身份号码、证件号码）。可选：参加工作时间、类别、社保卡号、单位、联系电话、状态、状态日期。CSV 可为 UTF-8 或 GBK 编码；也可用 Excel 另存的「Unicode 文本」(.txt)。"
            }
            ImportTarget::Claims { .. } => {
                "必需的列：身份证号、就诊类型、就诊日期、医疗总费用、票据号。可选：姓名、出院日期、目录外费用。CSV 可为 UTF-8 或 GBK 编码；也可用 Excel 另存的「Unicode 文本」(.txt)。"
            }
            ImportTarget::Premiums { .. } => {
                "必需的列：身份证号。可选：姓名（与名册核对）、救助类别（不填取名册中的类别）、资助金额（不填取本年度该类别的资助标准）。CSV 可为 UTF-8 或 GBK 编码；也可用 Excel 另存的「Unicode 文本」(.txt)。"
            }
            ImportTarget::PremiumsFromRoster { .. } => {
                "列入本年度内在册（年初在册，或年内恢复在册）、所属类别本年度资助金额大于 0、且尚未列入名单的人员；金额按类别的资助标准。"
            }
            ImportTarget::Identities { .. } => {
                "必需的列：身份证号、救助身份（本年度的救助类别之一）、认定日期。可选：姓名（与名册核对）、终止日期（身份有效的最后一天，不填为至今）。同一人同一身份的时段已登记的为无变化，与已登记时段重叠的合并（终止日期以名单为准）。CSV 可为 UTF-8 或 GBK 编码；也可用 Excel 另存的「Unicode 文本」(.txt)。"
            }
            ImportTarget::Hospitals => {
                "必需的列：机构代码（H + 6 位地区码 + 5 位顺序号）、机构名称、级别（乡镇、县级或县级以上）。可选：县内（是/否，不填为是）、统一社会信用代码、开户行、账号。已登记的机构代码按文件更新。CSV 可为 UTF-8 或 GBK 编码。"
            }
        }
    }

    /// Read `path` and preview it. Writes nothing.
    pub fn preview(
        &self,
        store: &Store,
        path: &Path,
        progress: &Progress<'_>,
    ) -> Result<AnyPreview, ImportError> {
        Ok(match self {
            ImportTarget::Roster { program } => {
                AnyPreview::Roster(roster_import::preview_file(store, program, path, progress)?)
            }
            ImportTarget::Claims {
                program,
                hospital_id,
                month,
                ..
            } => AnyPreview::Claims(claims_import::preview_file(
                store,
                program,
                *hospital_id,
                *month,
                path,
                progress,
            )?),
            ImportTarget::Premiums { program, year } => AnyPreview::Premiums(
                premium_import::preview_file(store, program, *year, path, progress)?,
            ),
            ImportTarget::PremiumsFromRoster { program, year } => AnyPreview::Premiums(
                premium_import::preview_roster(store, program, *year, progress)?,
            ),
            ImportTarget::Hospitals => {
                AnyPreview::Hospitals(hospital_import::preview_file(store, path, progress)?)
            }
            ImportTarget::Identities { program } => AnyPreview::Identities(
                identity_import::preview_file(store, program, path, progress)?,
            ),
        })
    }
}

/// How a preview line should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Quiet,
    Changed,
    Error,
}

/// One previewed row, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewLine {
    pub excel_row: usize,
    pub name: String,
    pub key: String,
    pub verdict: &'static str,
    pub detail: String,
    pub tone: Tone,
}

/// The most error rows a preview lists; every one is counted, and the saved
/// error list has them all.
pub const LISTED_ERRORS: usize = 1000;

/// Any import's dry run.
#[derive(Clone, Debug)]
pub enum AnyPreview {
    Roster(RosterPreview),
    Claims(ClaimsPreview),
    Premiums(PremiumsPreview),
    Audit(AuditPreview),
    Hospitals(HospitalsPreview),
    Identities(IdentitiesPreview),
}

fn error_detail(errors: &[RowError]) -> String {
    errors
        .iter()
        .map(|e| format!("列「{}」值「{}」：{}", e.column, e.value, e.message))
        .collect::<Vec<_>>()
        .join("；")
}

impl AnyPreview {
    pub fn counts(&self) -> Counts {
        match self {
            AnyPreview::Roster(p) => p.counts(),
            AnyPreview::Claims(p) => p.counts(),
            AnyPreview::Premiums(p) => p.counts(),
            AnyPreview::Audit(p) => p.counts(),
            AnyPreview::Hospitals(p) => p.counts(),
            AnyPreview::Identities(p) => p.counts(),
        }
    }

    pub fn errors(&self) -> Vec<RowError> {
        match self {
            AnyPreview::Roster(p) => p.errors(),
            AnyPreview::Claims(p) => p.errors(),
            AnyPreview::Premiums(p) => p.errors(),
            AnyPreview::Audit(p) => p.errors(),
            AnyPreview::Hospitals(p) => p.errors(),
            AnyPreview::Identities(p) => p.errors(),
        }
    }

    /// The errors of the first [`LISTED_ERRORS`] rows in error.
    pub fn listed_errors(&self) -> Vec<RowError> {
        let mut rows = 0;
        let mut last = None;
        self.errors()
            .into_iter()
            .take_while(|e| {
                if last != Some(e.row) {
                    last = Some(e.row);
                    rows += 1;
                }
                rows <= LISTED_ERRORS
            })
            .collect()
    }

    /// When more rows are in error than are listed, how many.
    pub fn errors_left_out(&self) -> Option<String> {
        let n = self.counts().errors;
        (n > LISTED_ERRORS).then(|| format!("共 {n} 行有错误，只列出前 {LISTED_ERRORS} 行"))
    }

    /// The rows to show, each once: every row, or with `errors_only` the rows in
    /// error; rows in error past the first [`LISTED_ERRORS`] are left out.
    pub fn shown_lines(&self, errors_only: bool) -> Vec<PreviewLine> {
        let mut errors = 0;
        (0..self.len())
            .filter_map(|i| self.line(i))
            .filter(|l| {
                if l.tone != Tone::Error {
                    return !errors_only;
                }
                errors += 1;
                errors <= LISTED_ERRORS
            })
            .collect()
    }

    /// 「按 GBK 编码读取」 when the file was not UTF-8.
    pub fn encoding_note(&self) -> Option<&'static str> {
        let gbk = match self {
            AnyPreview::Roster(p) => p.gbk,
            AnyPreview::Claims(p) => p.gbk,
            AnyPreview::Premiums(p) => p.gbk,
            AnyPreview::Audit(p) => p.gbk,
            AnyPreview::Hospitals(p) => p.gbk,
            AnyPreview::Identities(p) => p.gbk,
        };
        gbk.then_some(GBK_NOTE)
    }

    /// What the clerk should check on rows that are still written (a 统一社会信用代码
    /// failing its check).
    pub fn warnings(&self) -> Vec<RowError> {
        match self {
            AnyPreview::Hospitals(p) => p.warnings(),
            _ => Vec::new(),
        }
    }

    /// How many rows a commit would write.
    pub fn writes(&self) -> usize {
        match self {
            AnyPreview::Roster(p) => p.changes.len(),
            AnyPreview::Claims(p) => p.new_claims.len(),
            AnyPreview::Premiums(p) => p.new_premiums.len(),
            AnyPreview::Audit(p) => p.decisions.len(),
            AnyPreview::Hospitals(p) => p.changes.len(),
            AnyPreview::Identities(p) => p.changes.len(),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            AnyPreview::Roster(p) => p.rows.len(),
            AnyPreview::Claims(p) => p.rows.len(),
            AnyPreview::Premiums(p) => p.rows.len(),
            AnyPreview::Audit(p) => p.rows.len(),
            AnyPreview::Hospitals(p) => p.rows.len(),
            AnyPreview::Identities(p) => p.rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A line on what a commit would do, beyond the counts.
    pub fn summary(&self) -> Option<String> {
        match self {
            AnyPreview::Premiums(p) => Some(p.summary()),
            AnyPreview::Audit(p) => Some(p.summary()),
            _ => None,
        }
    }

    /// The title of the key column.
    pub fn key_title(&self) -> &'static str {
        match self {
            AnyPreview::Claims(_) | AnyPreview::Audit(_) => "票据号",
            AnyPreview::Hospitals(_) => "机构代码",
            _ => "身份证号",
        }
    }

    /// The title of the name column.
    pub fn name_title(&self) -> &'static str {
        match self {
            AnyPreview::Hospitals(_) => "机构名称",
            _ => "姓名",
        }
    }

    /// Row `i` as shown in the preview table.
    pub fn line(&self, i: usize) -> Option<PreviewLine> {
        let (excel_row, name, key, verdict) = match self {
            AnyPreview::Roster(p) => p
                .rows
                .get(i)
                .map(|r| (r.excel_row, &r.name, &r.id_number, &r.verdict))?,
            AnyPreview::Claims(p) => p
                .rows
                .get(i)
                .map(|r| (r.excel_row, &r.name, &r.bill_no, &r.verdict))?,
            AnyPreview::Premiums(p) => return premium_line(p, i),
            AnyPreview::Audit(p) => return audit_line(p, i),
            AnyPreview::Hospitals(p) => return hospital_line(p, i),
            AnyPreview::Identities(p) => return identity_line(p, i),
        };
        let (tone, detail) = verdict_detail(verdict);
        Some(PreviewLine {
            excel_row,
            name: name.clone(),
            key: key.clone(),
            verdict: verdict.label(),
            detail,
            tone,
        })
    }

    /// Back the database up, then write the valid rows in one transaction (the
    /// window's import and `medfund import --commit` alike).
    pub fn commit(
        &self,
        store: &mut Store,
        actor: &Actor,
        progress: &Progress<'_>,
    ) -> Result<Counts, ImportError> {
        store.backup_and_rotate()?;
        match self {
            AnyPreview::Roster(p) => roster_import::commit(store, p, actor, progress),
            AnyPreview::Claims(p) => claims_import::commit(store, p, actor, progress),
            AnyPreview::Audit(p) => audit_import::commit(store, p, actor),
            AnyPreview::Hospitals(p) => hospital_import::commit(store, p, actor, progress),
            AnyPreview::Identities(p) => identity_import::commit(store, p, actor, progress),
            AnyPreview::Premiums(p) => {
                let counter = progress.counting(p.new_premiums.len());
                let key = p.key;
                store.add_premiums(
                    key.program_id,
                    key.year,
                    &p.new_premiums,
                    actor,
                    &counter,
                    progress.cancel,
                )?;
                Ok(p.counts())
            }
        }
    }
}

/// How a verdict looks, and what it says beyond its label.
fn verdict_detail(verdict: &Verdict) -> (Tone, String) {
    match verdict {
        Verdict::New | Verdict::Unchanged => (Tone::Quiet, String::new()),
        Verdict::Update(changes) => (
            Tone::Changed,
            changes
                .iter()
                .map(|c| format!("{}：{} → {}", c.label, c.old, c.new))
                .collect::<Vec<_>>()
                .join("；"),
        ),
        Verdict::Error(errors) => (Tone::Error, error_detail(errors)),
    }
}

/// A hospital row: its verdict, a change of the account money goes to called out,
/// and a credit-code warning after it.
fn hospital_line(p: &HospitalsPreview, i: usize) -> Option<PreviewLine> {
    use crate::domain::hospital::{BANK_ACCOUNT, BANK_NAME};
    let r = p.rows.get(i)?;
    let (mut tone, mut detail) = verdict_detail(&r.verdict);
    if let Verdict::Update(changes) = &r.verdict
        && changes
            .iter()
            .any(|c| c.label == BANK_NAME || c.label == BANK_ACCOUNT)
    {
        detail = format!("【收款账户变更，请核对】{detail}");
    }
    if let Some(w) = &r.warning {
        if tone == Tone::Quiet {
            tone = Tone::Changed;
        }
        if !detail.is_empty() {
            detail.push('；');
        }
        detail.push_str(&format!("提示：{}", w.message));
    }
    Some(PreviewLine {
        excel_row: r.excel_row,
        name: r.name.clone(),
        key: r.code.clone(),
        verdict: r.verdict.label(),
        detail,
        tone,
    })
}

/// An identity row: the identity and period it gives, and what it changes.
fn identity_line(p: &IdentitiesPreview, i: usize) -> Option<PreviewLine> {
    let r = p.rows.get(i)?;
    let (tone, mut detail) = verdict_detail(&r.verdict);
    if let (Some(span), false) = (&r.span, tone == Tone::Error) {
        let changes = std::mem::take(&mut detail);
        detail = span.describe();
        if !changes.is_empty() {
            detail.push_str(&format!("（{changes}）"));
        }
    }
    Some(PreviewLine {
        excel_row: r.excel_row,
        name: r.name.clone(),
        key: r.id_number.clone(),
        verdict: r.verdict.label(),
        detail,
        tone,
    })
}

/// A 资助参保 row: its category and amount, or what differs from the standard.
fn premium_line(p: &PremiumsPreview, i: usize) -> Option<PreviewLine> {
    let r = p.rows.get(i)?;
    let (tone, detail) = match (&r.verdict, &r.listed) {
        (Verdict::Error(errors), _) => (Tone::Error, error_detail(errors)),
        _ if !r.note.is_empty() => (Tone::Changed, r.note.clone()),
        (_, Some((category, amount))) => {
            (Tone::Quiet, format!("{category} · {} 元", amount.grouped()))
        }
        (_, None) => (Tone::Quiet, String::new()),
    };
    Some(PreviewLine {
        excel_row: r.excel_row,
        name: r.name.clone(),
        key: r.id_number.clone(),
        verdict: r.verdict.label(),
        detail,
        tone,
    })
}

/// A decision of a file of 审核结论, or a claim passed as the rest.
fn audit_line(p: &AuditPreview, i: usize) -> Option<PreviewLine> {
    let r = p.rows.get(i)?;
    let (tone, detail) = match &r.verdict {
        Verdict::Error(errors) => (Tone::Error, error_detail(errors)),
        Verdict::New => (Tone::Changed, r.decision.clone()),
        _ => (Tone::Quiet, r.decision.clone()),
    };
    Some(PreviewLine {
        excel_row: r.excel_row,
        name: r.name.clone(),
        key: r.bill_no.clone(),
        verdict: r.verdict.label(),
        detail,
        tone,
    })
}
