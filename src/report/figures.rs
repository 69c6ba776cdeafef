//! Each printed document's figures, as its 核验码 covers them and `verify`
//! compares them: what a person reads on the page, named the way they would say
//! it (「丰都县人民医院 应付金额」), each with its value as text. Per row the
//! amounts (or a list's key figure), then the totals. Pure code: the lists'
//! figures are gathered as their rows stream by ([`ListFigures`], [`DetailFigures`]).

use crate::domain::Money;
use crate::domain::mask::mask_id_middle;
use crate::store::exports::Figure;
use crate::store::lists::ClaimDetail;

use super::public_list::ListLine;
use super::scoresheet::ScoreSheet;
use super::self_eval::ReportDoc;
use super::settlement::SettlementSheet;
use super::transfers::PaymentSummary;

fn fig(label: impl Into<String>, value: impl ToString) -> Figure {
    (label.into(), value.to_string())
}

impl PaymentSummary {
    /// Per hospital its bank, account, 报账笔数 and 应付金额; the totals; who did
    /// each step of the month.
    pub fn figures(&self) -> Vec<Figure> {
        let mut out = Vec::with_capacity(self.lines.len() * 4 + 3);
        for l in &self.lines {
            out.push(fig(format!("{} 开户银行", l.name), &l.bank));
            out.push(fig(format!("{} 银行账号", l.name), &l.account));
            out.push(fig(format!("{} 报账笔数", l.name), l.claims));
            out.push(fig(format!("{} 应付金额", l.name), l.payable.plain()));
        }
        out.push(fig("合计 报账笔数", self.total_claims));
        out.push(fig("合计 应付金额", self.total.plain()));
        out.push(fig("经办人员", self.doers_line()));
        out
    }
}

impl SettlementSheet {
    /// Per person (named as printed, the ID masked) the 应享定额, 已报销金额 and
    /// 补足金额; the totals and the pooling figures.
    pub fn figures(&self) -> Vec<Figure> {
        let s = &self.settlement;
        let mut out = Vec::with_capacity(s.lines.len() + 5);
        for l in &s.lines {
            out.push(fig(
                format!("{}（{}）", l.name, mask_id_middle(&l.id_number)),
                format!(
                    "应享定额 {} 已报销 {} 补足 {}",
                    l.prorated_quota.plain(),
                    l.used.plain(),
                    l.top_up.plain()
                ),
            ));
        }
        out.push(fig("合计 人数", s.lines.len()));
        out.push(fig("合计 已报销金额", s.total_used.plain()));
        out.push(fig("合计 补足金额", s.total_top_up.plain()));
        out.push(fig("统筹标准控制数", s.pooling_limit.plain()));
        out.push(fig("超统筹标准支出", s.pooling_excess.plain()));
        out
    }
}

impl ScoreSheet {
    /// The funds block, the 预算执行率 line, each indicator's 实际完成值 and 得分,
    /// the 总分 and the grade.
    pub fn figures(&self) -> Vec<Figure> {
        let mut out = Vec::new();
        for r in &self.funds {
            let label = r
                .label
                .trim_start_matches('　')
                .trim_start_matches("其中：");
            out.push(fig(format!("{label} 年初预算数"), r.initial.plain()));
            out.push(fig(format!("{label} 全年预算数"), r.full.plain()));
            out.push(fig(format!("{label} 全年执行数"), r.executed.plain()));
        }
        out.push(fig("预算执行率", format!("{}%", self.execution_rate)));
        out.push(fig("预算执行率 得分", self.budget_score));
        for r in &self.rows {
            if r.adjusted {
                out.push(fig(format!("{} 年度指标值", r.name), &r.target));
            }
            out.push(fig(format!("{} 实际完成值", r.name), &r.actual));
            out.push(fig(format!("{} 得分", r.name), r.score));
        }
        out.push(fig("总分", self.total));
        out.push(fig("评价等级", self.grade));
        out
    }
}

impl ReportDoc {
    /// The values the text quotes (each placeholder the report fills, as
    /// 「报告中 {年初预算万元}」) and the figures of its 附件, the 自评表.
    pub fn figures(&self) -> Vec<Figure> {
        let mut out: Vec<Figure> = self
            .placeholders
            .iter()
            .map(|(name, value)| fig(format!("报告中 {{{name}}}"), value))
            .collect();
        out.extend(
            self.appendix
                .figures()
                .into_iter()
                .map(|(label, value)| (format!("附件自评表 {label}"), value)),
        );
        out
    }
}

/// The 公示名单's figures as its lines stream by: each row's 救助金额 (序号, masked
/// name and kind), each 小计 and the 合计.
#[derive(Debug, Default)]
pub struct ListFigures(Vec<Figure>);

impl ListFigures {
    pub fn add(&mut self, line: &ListLine) {
        match line {
            ListLine::Row(r) => self.0.push(fig(
                format!("{} {} {} 救助金额", r.seq, r.name, r.aid.label()),
                r.amount.plain(),
            )),
            ListLine::Subtotal {
                aid,
                persons,
                amount,
            } => {
                self.0
                    .push(fig(format!("{}小计 人数", aid.label()), persons));
                self.0
                    .push(fig(format!("{}小计 金额", aid.label()), amount.plain()));
            }
            ListLine::Total { persons, amount } => {
                self.0.push(fig("合计 人数", persons));
                self.0.push(fig("合计 金额", amount.plain()));
            }
        }
    }

    pub fn finish(self) -> Vec<Figure> {
        self.0
    }
}

/// The 报账明细's figures as its claims stream by: each claim's 审核后应付 by its
/// 票据号, then the count and the totals.
#[derive(Debug, Default)]
pub struct DetailFigures {
    rows: Vec<Figure>,
    total: Money,
    payable: Money,
    approved: Money,
}

impl DetailFigures {
    pub fn add(&mut self, d: &ClaimDetail) {
        let c = &d.claim;
        self.rows.push(fig(
            format!("票据号 {} 审核后应付", c.bill_no),
            d.approved.plain(),
        ));
        self.total = self.total + c.total;
        self.payable = self.payable + c.payable;
        self.approved = self.approved + d.approved;
    }

    pub fn finish(mut self) -> Vec<Figure> {
        self.rows.push(fig("合计 报账笔数", self.rows.len()));
        self.rows.push(fig("合计 医疗总费用", self.total.plain()));
        self.rows.push(fig("合计 应付金额", self.payable.plain()));
        self.rows
            .push(fig("合计 审核后应付", self.approved.plain()));
        self.rows
    }
}
