//! 核验: what a printed document's 核验码 says about it. Each recorded export
//! keeps the [`Document`] it was (kind and parameters) and its figures; verifying
//! a code finds the record, checks that the record itself is as written (its MAC
//! gives the code), builds the same document again from today's data and compares
//! the figures. One [`Verification`] serves `medfund verify` and the window's 核验.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::figures::{DetailFigures, ListFigures};
use super::settlement::SettlementSheet;
use crate::domain::claim::Month;
use crate::domain::disclosure::ListScope;
use crate::domain::program::Program;
use crate::store::exports::{Figure, parse_code};
use crate::store::{Store, StoreError};

/// What is said of a code no export was recorded under.
pub const NOT_FOUND: &str = "未找到该核验码";

/// A printed document, as recorded with its export: enough to build it again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Document {
    /// A month's 支付汇总表 (`month` as `2021-03`).
    PaymentSummary { program: String, month: String },
    /// A 离休 year's 年终清算表.
    Settlement { program: String, year: i32 },
    /// The 自评表, dated (`YYYY-MM-DD`).
    Scoresheet {
        program: String,
        year: i32,
        date: String,
    },
    /// The 绩效自评报告, dated.
    Report {
        program: String,
        year: i32,
        date: String,
    },
    /// The 绩效目标申报表, dated.
    Declaration {
        program: String,
        year: i32,
        date: String,
    },
    /// The 公示名单 of a month or (without `month`) the year, dated.
    PublicList {
        program: String,
        year: i32,
        month: Option<String>,
        date: String,
    },
    /// A month's 报账明细, of every hospital or one (its 机构代码).
    ClaimsDetail {
        program: String,
        month: String,
        hospital: Option<String>,
    },
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn bad(what: &str) -> StoreError {
    StoreError::Corrupt(format!("导出记录的参数无法识别：{what}"))
}

fn month_of(text: &str) -> Result<Month, StoreError> {
    Month::parse(text).ok_or_else(|| bad(text))
}

fn date_of(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad(text))
}

impl Document {
    pub fn payment_summary(program: &Program, month: Month) -> Self {
        Document::PaymentSummary {
            program: program.code.clone(),
            month: month.code(),
        }
    }

    pub fn settlement(program: &Program, year: i32) -> Self {
        Document::Settlement {
            program: program.code.clone(),
            year,
        }
    }

    pub fn scoresheet(program: &Program, year: i32, date: NaiveDate) -> Self {
        Document::Scoresheet {
            program: program.code.clone(),
            year,
            date: day(date),
        }
    }

    pub fn report(program: &Program, year: i32, date: NaiveDate) -> Self {
        Document::Report {
            program: program.code.clone(),
            year,
            date: day(date),
        }
    }

    pub fn declaration(program: &Program, year: i32, date: NaiveDate) -> Self {
        Document::Declaration {
            program: program.code.clone(),
            year,
            date: day(date),
        }
    }

    pub fn public_list(program: &Program, scope: ListScope, date: NaiveDate) -> Self {
        Document::PublicList {
            program: program.code.clone(),
            year: scope.year(),
            month: match scope {
                ListScope::Month(m) => Some(m.code()),
                ListScope::Year(_) => None,
            },
            date: day(date),
        }
    }

    pub fn claims_detail(program: &Program, month: Month, hospital: Option<&str>) -> Self {
        Document::ClaimsDetail {
            program: program.code.clone(),
            month: month.code(),
            hospital: hospital.map(str::to_owned),
        }
    }

    /// The kind's code, stored beside the parameters.
    pub fn kind(&self) -> &'static str {
        match self {
            Document::PaymentSummary { .. } => "payment_summary",
            Document::Settlement { .. } => "settlement",
            Document::Scoresheet { .. } => "scoresheet",
            Document::Report { .. } => "report",
            Document::Declaration { .. } => "declaration",
            Document::PublicList { .. } => "public_list",
            Document::ClaimsDetail { .. } => "claims_detail",
        }
    }

    /// What the document is called.
    pub fn kind_label(&self) -> &'static str {
        match self {
            Document::PaymentSummary { .. } => "支付汇总表",
            Document::Settlement { .. } => "年终清算表",
            Document::Scoresheet { .. } => "绩效自评表",
            Document::Report { .. } => "绩效自评报告",
            Document::Declaration { .. } => "绩效目标申报表",
            Document::PublicList { .. } => "救助对象公示名单",
            Document::ClaimsDetail { .. } => "报账明细",
        }
    }

    fn program_code(&self) -> &str {
        match self {
            Document::PaymentSummary { program, .. }
            | Document::Settlement { program, .. }
            | Document::Scoresheet { program, .. }
            | Document::Report { program, .. }
            | Document::Declaration { program, .. }
            | Document::PublicList { program, .. }
            | Document::ClaimsDetail { program, .. } => program,
        }
    }

    /// The period it covers, as titles print it: 2021年3月, 2021年度.
    pub fn period(&self) -> Result<String, StoreError> {
        Ok(match self {
            Document::PaymentSummary { month, .. } | Document::ClaimsDetail { month, .. } => {
                month_of(month)?.label()
            }
            Document::PublicList {
                month: Some(month), ..
            } => month_of(month)?.label(),
            Document::Settlement { year, .. }
            | Document::Scoresheet { year, .. }
            | Document::Report { year, .. }
            | Document::Declaration { year, .. }
            | Document::PublicList { year, .. } => format!("{year}年度"),
        })
    }

    /// The figures the document gives when built from today's data.
    pub fn figures_now(&self, store: &Store) -> Result<Vec<Figure>, StoreError> {
        let program = store.program_by_code(self.program_code())?;
        let p = &program;
        Ok(match self {
            Document::PaymentSummary { month, .. } => {
                super::transfers::build(store, p, month_of(month)?)?.figures()
            }
            Document::Settlement { year, .. } => {
                SettlementSheet::new(p, store.settlement(p.id, *year)?).figures()
            }
            Document::Scoresheet { year, date, .. } => super::evaluation::load(store, p, *year)?
                .scoresheet(date_of(date)?)
                .figures(),
            Document::Report { year, date, .. } => super::evaluation::load(store, p, *year)?
                .report(date_of(date)?)
                .figures(),
            Document::Declaration { year, .. } => super::evaluation::load(store, p, *year)?
                .declaration_sheet()
                .figures(),
            Document::PublicList { year, month, .. } => {
                let month = month.as_deref().map(month_of).transpose()?;
                let scope = ListScope::new(*year, month).map_err(StoreError::Invalid)?;
                public_list_figures(store, p, scope)?
            }
            Document::ClaimsDetail {
                month, hospital, ..
            } => {
                let hospital_id = match hospital {
                    Some(code) => Some(
                        store
                            .hospitals()?
                            .into_iter()
                            .find(|h| &h.code == code)
                            .ok_or_else(|| StoreError::NotFound(format!("定点医疗机构 {code}")))?
                            .id,
                    ),
                    None => None,
                };
                claims_detail_figures(store, p, month_of(month)?, hospital_id)?
            }
        })
    }
}

/// The figures of `program`'s 公示名单 for `scope`, as its lines stream by.
pub fn public_list_figures(
    store: &Store,
    program: &Program,
    scope: ListScope,
) -> Result<Vec<Figure>, StoreError> {
    let mut figures = ListFigures::default();
    super::public_list::stream(store, program, scope, |line| {
        figures.add(&line);
        Ok::<_, StoreError>(())
    })?;
    Ok(figures.finish())
}

/// The figures of a month's 报账明细 (every hospital, or `hospital_id`'s).
pub fn claims_detail_figures(
    store: &Store,
    program: &Program,
    month: Month,
    hospital_id: Option<i64>,
) -> Result<Vec<Figure>, StoreError> {
    let layers = store.program_year(program.id, month.year)?.params.layers;
    let mut figures = DetailFigures::default();
    store.claim_details(program.id, month, hospital_id, &layers, |d| {
        figures.add(&d);
        Ok::<_, StoreError>(())
    })?;
    Ok(figures.finish())
}

/// One figure that is not what it was: changed, gone (`now` none) or new (`then`
/// none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub label: String,
    pub then: Option<String>,
    pub now: Option<String>,
}

impl Change {
    /// 「丰都县人民医院 应付金额：12000.00 → 11900.00」.
    pub fn line(&self) -> String {
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "（无）".to_owned());
        format!(
            "{}：{} → {}",
            self.label,
            or_none(&self.then),
            or_none(&self.now)
        )
    }
}

/// The figures of `now` that differ from `then`, in `then`'s order, the new ones
/// after. A label printed more than once is told apart by its place among its
/// namesakes.
pub fn diff(then: &[Figure], now: &[Figure]) -> Vec<Change> {
    let keyed = |figures: &[Figure]| -> Vec<((String, usize), String)> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        figures
            .iter()
            .map(|(label, value)| {
                let n = seen.entry(label.as_str()).or_default();
                *n += 1;
                ((label.clone(), *n), value.clone())
            })
            .collect()
    };
    let (then, now) = (keyed(then), keyed(now));
    let mut today: HashMap<&(String, usize), &String> = now.iter().map(|(k, v)| (k, v)).collect();
    let mut changes = Vec::new();
    for (key, value) in &then {
        match today.remove(key) {
            Some(v) if v == value => {}
            other => changes.push(Change {
                label: key.0.clone(),
                then: Some(value.clone()),
                now: other.cloned(),
            }),
        }
    }
    for (key, value) in &now {
        if today.contains_key(key) {
            changes.push(Change {
                label: key.0.clone(),
                then: None,
                now: Some(value.clone()),
            });
        }
    }
    changes
}

/// What today's data says of a recorded document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 一致: the same figures.
    Matches,
    /// 不一致: these figures differ.
    Differs(Vec<Change>),
    /// The export's record was changed outside the app: it no longer gives its
    /// code, so nothing can be said of the document from it.
    RecordChanged,
}

/// A code's document, who exported it and when, and the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    pub code: String,
    /// 支付汇总表, 年终清算表, …
    pub kind: &'static str,
    pub program: String,
    /// 2021年3月, 2021年度.
    pub period: String,
    pub file_name: String,
    /// 姓名（username）.
    pub exporter: String,
    pub at: String,
    /// The audit log's newest row at export time: 「第 1234 条」.
    pub audit_head: String,
    pub outcome: Outcome,
}

impl Verification {
    /// 一致, 不一致 or what became of the record, in a few words.
    pub fn verdict(&self) -> &'static str {
        match self.outcome {
            Outcome::Matches => "一致：数据库今天给出的数字与导出时相同",
            Outcome::Differs(_) => "不一致：数据库今天给出的数字与导出时不同",
            Outcome::RecordChanged => "导出记录已被改动（与核验码不符），不能据此核验",
        }
    }

    /// The labelled facts, in order, as both the CLI and the window show them.
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("核验码", self.code.clone()),
            ("文件", self.kind.to_owned()),
            ("项目", self.program.clone()),
            ("期间", self.period.clone()),
            ("文件名", self.file_name.clone()),
            ("导出人", self.exporter.clone()),
            ("导出时间", self.at.clone()),
            ("当时审计日志末条", self.audit_head.clone()),
            ("结论", self.verdict().to_owned()),
        ]
    }

    /// The differing figures, one line each (none unless 不一致).
    pub fn changes(&self) -> &[Change] {
        match &self.outcome {
            Outcome::Differs(c) => c,
            _ => &[],
        }
    }

    pub fn matches(&self) -> bool {
        self.outcome == Outcome::Matches
    }
}

/// Verify the code `typed` (as someone typed it): `None` when no export was
/// recorded under it. A mistyped code is refused with what is wrong. Anyone
/// signed in may verify.
pub fn verify(store: &Store, typed: &str) -> Result<Option<Verification>, StoreError> {
    let code = parse_code(typed).map_err(StoreError::Invalid)?;
    let Some(record) = store.find_export(&code)? else {
        return Ok(None);
    };
    let document: Option<Document> = serde_json::from_str(&record.params).ok();
    let (kind, program, period) = match &document {
        Some(d) => (
            d.kind_label(),
            store
                .program_by_code(d.program_code())
                .map(|p| p.name)
                .unwrap_or_else(|_| d.program_code().to_owned()),
            d.period().unwrap_or_default(),
        ),
        None => ("（无法识别）", String::new(), String::new()),
    };
    let outcome = match document {
        Some(d) if record.intact => {
            let changes = diff(&record.figures, &d.figures_now(store)?);
            if changes.is_empty() {
                Outcome::Matches
            } else {
                Outcome::Differs(changes)
            }
        }
        _ => Outcome::RecordChanged,
    };
    Ok(Some(Verification {
        code: record.code,
        kind,
        program,
        period,
        file_name: record.file_name,
        exporter: format!("{}（{}）", record.actor_name, record.actor),
        at: record.at,
        audit_head: record
            .audit_head_id
            .map(|id| format!("第 {id} 条"))
            .unwrap_or_else(|| "（日志为空）".to_owned()),
        outcome,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(label: &str, value: &str) -> Figure {
        (label.to_owned(), value.to_owned())
    }

    #[test]
    fn diff_names_changed_missing_and_new_figures() {
        let then = [
            f("甲 应付金额", "100.00"),
            f("乙 应付金额", "50.00"),
            f("合计", "150.00"),
        ];
        let now = [
            f("甲 应付金额", "90.00"),
            f("合计", "140.00"),
            f("丙 应付金额", "0.00"),
        ];
        let lines: Vec<String> = diff(&then, &now).iter().map(Change::line).collect();
        assert_eq!(
            lines,
            [
                "甲 应付金额：100.00 → 90.00",
                "乙 应付金额：50.00 → （无）",
                "合计：150.00 → 140.00",
                "丙 应付金额：（无） → 0.00",
            ]
        );
        assert!(diff(&then, &then).is_empty());
        // Namesakes are told apart by their place.
        let twice = [f("王*", "1"), f("王*", "2")];
        let swapped = [f("王*", "1"), f("王*", "3")];
        assert_eq!(diff(&twice, &swapped).len(), 1);
    }

    #[test]
    fn a_document_reads_back_from_its_parameters() {
        let d = Document::PublicList {
            program: "jiuzhu".into(),
            year: 2019,
            month: Some("2019-11".into()),
            date: "2019-12-05".into(),
        };
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains(r#""kind":"public_list""#), "{json}");
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), d);
        assert_eq!(d.period().unwrap(), "2019年11月");
    }
}
