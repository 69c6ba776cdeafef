//! Separation of duties: whether someone may do a step of a claim or a month,
//! given who did the earlier steps. The store loads who did what and asks here,
//! inside the transaction of the write.

/// Someone who did a step: the username that is compared, the name that is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doer {
    pub username: String,
    pub name: String,
}

/// A step that must be someone else's than the earlier steps it names. An earlier
/// step nobody is known to have done (a row from before the rule) is skipped.
#[derive(Clone, Copy, Debug)]
pub enum Step<'a> {
    /// 审核 a claim, given who entered it.
    Audit { entered: Option<&'a Doer> },
    /// 批准 a hospital-month, given who entered and who audited its claims.
    Approve {
        entered: &'a [Doer],
        audited: &'a [Doer],
    },
    /// 支付 (已划拨) a month, given who approved it.
    Pay { approved: Option<&'a Doer> },
}

/// Why `username` may not do `step`, naming who did the earlier step; `None` when
/// they may.
pub fn refusal(username: &str, step: Step<'_>) -> Option<String> {
    let same = |d: &&Doer| d.username == username;
    match step {
        Step::Audit { entered } => entered
            .filter(same)
            .map(|d| format!("该笔报账由 {} 录入，不能由同一人审核", d.name)),
        Step::Approve { entered, audited } => entered
            .iter()
            .find(same)
            .map(|d| format!("该月报账由 {} 录入，不能由同一人批准", d.name))
            .or_else(|| {
                audited
                    .iter()
                    .find(same)
                    .map(|d| format!("该月报账由 {} 审核，不能由同一人批准", d.name))
            }),
        Step::Pay { approved } => approved
            .filter(same)
            .map(|d| format!("该月由 {} 批准，不能由同一人支付", d.name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doer(username: &str, name: &str) -> Doer {
        Doer {
            username: username.into(),
            name: name.into(),
        }
    }

    #[test]
    fn nobody_audits_a_claim_they_entered() {
        let clerk = doer("jingban", "陈晓梅");
        let step = Step::Audit {
            entered: Some(&clerk),
        };
        assert_eq!(
            refusal("jingban", step).as_deref(),
            Some("该笔报账由 陈晓梅 录入，不能由同一人审核")
        );
        assert_eq!(refusal("shenhe", step), None);
        assert_eq!(refusal("jingban", Step::Audit { entered: None }), None);
    }

    #[test]
    fn nobody_approves_a_month_they_entered_or_audited() {
        let entered = [doer("jingban", "陈晓梅"), doer("shenhe", "刘建军")];
        let audited = [doer("lingdao", "周国强")];
        let step = Step::Approve {
            entered: &entered,
            audited: &audited,
        };
        assert_eq!(
            refusal("shenhe", step).as_deref(),
            Some("该月报账由 刘建军 录入，不能由同一人批准")
        );
        assert_eq!(
            refusal("lingdao", step).as_deref(),
            Some("该月报账由 周国强 审核，不能由同一人批准")
        );
        assert_eq!(refusal("caiwu", step), None);
        let unknown = Step::Approve {
            entered: &[],
            audited: &[],
        };
        assert_eq!(refusal("jingban", unknown), None);
    }

    #[test]
    fn nobody_pays_a_month_they_approved() {
        let leader = doer("lingdao", "周国强");
        let step = Step::Pay {
            approved: Some(&leader),
        };
        assert_eq!(
            refusal("lingdao", step).as_deref(),
            Some("该月由 周国强 批准，不能由同一人支付")
        );
        assert_eq!(refusal("caiwu", step), None);
        assert_eq!(refusal("lingdao", Step::Pay { approved: None }), None);
    }
}
