//! The demo's 绩效目标申报: 离休 2021 (seed 000) and 医疗救助 2019 (seed 004), each
//! declared by the clerk and 已批复 with a 文号 and date chosen for the demo. The
//! targets are the indicator sets the self-evaluation scores, so the 自评 stays
//! 98 优 and 94.66 优.

use chrono::NaiveDate;

use crate::domain::Money;
use crate::domain::declaration::{Attribute, DeclarationFields, FundSource, SourceAmounts, Stage};
use crate::store::declaration::{approve_tx, declare_tx, save_fields_tx};
use crate::store::{Actor, Result, StoreError, Transaction};

/// (start, end, task) of a stage.
type DemoStage = (&'static str, &'static str, &'static str);

/// One demo declaration: its money by source in 元, goals, plan and 批复.
struct DemoDeclaration {
    funds: &'static [(FundSource, i64)],
    overall_goal: &'static str,
    annual_goal: &'static str,
    stages: &'static [DemoStage],
    approved: &'static str,
    doc_no: &'static str,
}

/// Seed 000: 年初预算 134 万元, all county money; the targets of its 绩效目标.
const LIXIU_2021: DemoDeclaration = DemoDeclaration {
    funds: &[(FundSource::County, 1_340_000)],
    overall_goal: "落实离休干部医药费保障机制和财政支持机制，离休干部医药费按规定及时足额报销，健全医疗保障制度体系，离休干部对报销服务满意。",
    annual_goal: "2021年纳入报账离休干部25人，统筹支付标准8000元/人/年；医药费非现金支付，费用审核率100%，当月费用次月报销拨付；县内一站式结算覆盖率100%，报销方便程度有所提高；报销对象满意度达98%，政策普遍知晓。",
    stages: &[
        (
            "2021-01-01",
            "2021-01-31",
            "核定年度报账名册，落实个人医疗定额和统筹标准",
        ),
        (
            "2021-02-01",
            "2021-12-31",
            "按月受理定点医院月报表（次月5日前），审核后次月报销拨付",
        ),
        (
            "2021-10-01",
            "2021-11-30",
            "统计超统筹标准费用，申请年底追加预算",
        ),
        (
            "2021-12-01",
            "2021-12-31",
            "年终清算个人定额节余并现金补足，开展满意度调查",
        ),
    ],
    approved: "2021-02-26",
    doc_no: "丰财绩〔2021〕8号",
};

/// Seed 004: 2019 万元 of 医疗救助资金, by the source of each quarter's money.
const JIUZHU_2019: DemoDeclaration = DemoDeclaration {
    funds: &[
        (FundSource::Central, 10_190_000),
        (FundSource::Provincial, 5_000_000),
        (FundSource::County, 5_000_000),
    ],
    overall_goal: "整合基本医疗保险、大病商业保险、扶贫特惠保、医疗救助、医院减免和财政兜底六重保障，织密困难群众医疗保障网，防止因病致贫、因病返贫。",
    annual_goal: "2019年资助困难群众参保，对城乡低保、特困供养、建档立卡贫困人口等实施直接救助，救助资金一站式结算、及时足额拨付；救助对象和资金使用情况公示接受监督，救助对象满意。",
    stages: &[
        (
            "2019-01-01",
            "2019-03-31",
            "审定救助对象，资助困难群众参加城乡居民医保",
        ),
        (
            "2019-01-01",
            "2019-12-31",
            "定点医疗机构一站式结算，按月审核拨付直接救助资金",
        ),
        (
            "2019-11-01",
            "2019-12-31",
            "公示救助对象和资金使用情况，开展绩效自评",
        ),
    ],
    approved: "2019-03-08",
    doc_no: "益财绩〔2019〕5号",
};

fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Invalid(format!("示例日期有误：{text}")))
}

/// Save, declare and approve `demo` for program-year `year_id` (of `year`), as
/// the clerk.
fn load(
    tx: &Transaction<'_>,
    year_id: i64,
    names: (&str, &str),
    demo: &DemoDeclaration,
    clerk: &Actor,
) -> Result<()> {
    let (project, unit) = names;
    let mut funds = SourceAmounts::default();
    for (source, yuan) in demo.funds {
        funds.set(*source, Money::from_yuan(*yuan));
    }
    let stages = demo
        .stages
        .iter()
        .map(|(start, end, task)| {
            Ok(Stage {
                task: (*task).into(),
                start: day(start)?,
                end: day(end)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let first = stages.first().map(|s| s.start).unwrap_or_default();
    let year = chrono::Datelike::year(&first);
    let fields = DeclarationFields {
        attribute: Attribute::Continuing,
        funds,
        overall_goal: demo.overall_goal.into(),
        annual_goal: demo.annual_goal.into(),
        stages,
        ..DeclarationFields::blank(project, unit, unit, year)
    };
    save_fields_tx(tx, year_id, &fields, clerk)?;
    declare_tx(tx, year_id, clerk)?;
    approve_tx(tx, year_id, day(demo.approved)?, demo.doc_no, clerk)
}

/// 离休 2021's declaration, 已批复.
pub(super) fn lixiu_2021(
    tx: &Transaction<'_>,
    year_id: i64,
    names: (&str, &str),
    clerk: &Actor,
) -> Result<()> {
    load(tx, year_id, names, &LIXIU_2021, clerk)
}

/// 医疗救助 2019's declaration, 已批复.
pub(super) fn jiuzhu_2019(
    tx: &Transaction<'_>,
    year_id: i64,
    names: (&str, &str),
    clerk: &Actor,
) -> Result<()> {
    load(tx, year_id, names, &JIUZHU_2019, clerk)
}
