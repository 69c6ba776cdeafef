//! One face for the two imports (roster and claims), so that one dialog previews and
//! commits either.

use std::path::Path;

use super::claims_import::{self, ClaimsPreview};
use super::roster_import::{self, Counts, ImportError, Progress, RosterPreview, RowError, Verdict};
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
        }
    }

    /// Which columns the file needs.
    pub fn columns_hint(&self) -> &'static str {
        match self {
            ImportTarget::Roster { .. } => {
                "必需的列：姓名、身份证号（也可写作 公民身份号码、证件号码）。可选：参加工作时间、类别、社保卡号、单位、联系电话、状态、状态日期。CSV 可为 UTF-8 或 GBK 编码。"
            }
            ImportTarget::Claims { .. } => {
                "必需的列：身份证号、就诊类型、就诊日期、医疗总费用、票据号。可选：姓名、出院日期、目录外费用。CSV 可为 UTF-8 或 GBK 编码。"
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

/// Either import's dry run.
#[derive(Clone, Debug)]
pub enum AnyPreview {
    Roster(RosterPreview),
    Claims(ClaimsPreview),
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
        }
    }

    pub fn errors(&self) -> Vec<RowError> {
        match self {
            AnyPreview::Roster(p) => p.errors(),
            AnyPreview::Claims(p) => p.errors(),
        }
    }

    /// How many rows a commit would write.
    pub fn writes(&self) -> usize {
        match self {
            AnyPreview::Roster(p) => p.changes.len(),
            AnyPreview::Claims(p) => p.new_claims.len(),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            AnyPreview::Roster(p) => p.rows.len(),
            AnyPreview::Claims(p) => p.rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        };
        let (tone, detail) = match verdict {
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
        };
        Some(PreviewLine {
            excel_row,
            name: name.clone(),
            key: key.clone(),
            verdict: verdict.label(),
            detail,
            tone,
        })
    }

    /// Write the valid rows in one transaction.
    pub fn commit(
        &self,
        store: &mut Store,
        actor: &Actor,
        progress: &Progress<'_>,
    ) -> Result<Counts, ImportError> {
        match self {
            AnyPreview::Roster(p) => roster_import::commit(store, p, actor, progress),
            AnyPreview::Claims(p) => claims_import::commit(store, p, actor, progress),
        }
    }
}
