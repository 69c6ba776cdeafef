//! The 项目支出绩效目标申报表 of a program-year as printed (DOMAIN.md §9): the
//! project's facts, 资金总额 by source in 万元, 总目标 and 年度目标, the
//! 实施进度计划, the indicator grid with 指标值 (the rows 绩效评分 scores; an
//! adjusted target shows what was approved and what it became), the state with
//! the 批复 文号 and date. `io::declaration` writes it as XLSX.

use crate::domain::Money;
use crate::domain::declaration::{Declaration, DeclarationFields, FundSource, target_cell};
use crate::store::exports::Figure;

use super::evaluation::YearEvaluation;

/// One indicator row of the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    /// 指标值 as printed, e.g. `≥98%`, `普遍知晓`, `≥98%\n（调整为≥95%）`.
    pub target: String,
}

/// The whole form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclarationSheet {
    pub year: i32,
    pub declaration: Declaration,
    pub rows: Vec<TargetRow>,
}

impl DeclarationSheet {
    /// `2022年度项目支出绩效目标申报表`.
    pub fn title(&self) -> String {
        format!("{}年度项目支出绩效目标申报表", self.year)
    }

    pub fn fields(&self) -> &DeclarationFields {
        &self.declaration.fields
    }

    /// The funds block as (label, amount) in print order: 资金总额, 财政拨款 (the
    /// four levels), then each source.
    pub fn fund_cells(&self) -> Vec<(&'static str, Money)> {
        let funds = &self.fields().funds;
        let mut out = vec![("资金总额", funds.total()), ("财政拨款", funds.fiscal())];
        out.extend(
            FundSource::ALL
                .into_iter()
                .map(|s| (s.funds_label(), funds.get(s))),
        );
        out
    }

    /// What the 核验码 covers: the state, each amount, each target.
    pub fn figures(&self) -> Vec<Figure> {
        let mut out: Vec<Figure> = vec![("状态".into(), self.declaration.state_line())];
        out.extend(
            self.fund_cells()
                .into_iter()
                .map(|(label, m)| (format!("{label}（元）"), m.plain())),
        );
        for r in &self.rows {
            out.push((format!("{} 指标值", r.name), r.target.replace('\n', "")));
        }
        out
    }
}

impl YearEvaluation {
    /// The 申报表 of this year. The 预算执行率 line is scored at year end and is
    /// not a declared target.
    pub fn declaration_sheet(&self) -> DeclarationSheet {
        let rows = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.budget_execution)
            .map(|(i, l)| TargetRow {
                level1: l.level1.clone(),
                level2: l.level2.clone(),
                name: l.name.clone(),
                target: target_cell(&self.adjustments, i, l),
            })
            .collect();
        DeclarationSheet {
            year: self.program_year.year,
            declaration: self.declaration.clone(),
            rows,
        }
    }
}
