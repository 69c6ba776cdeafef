//! Users' roles and what each role may do. The GUI hides what a role cannot do and
//! the store refuses it, so the rule lives here once. A user may hold several
//! roles ([`Roles`]) and may do what any of them may; the duty rules
//! (`domain::duty`) still apply per record, whatever the roles.

/// 经办人 / 审核员 / 财务 / 分管领导 / 管理员 / 安全审计员, and the system user of
/// migrations and the demo's build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Clerk,
    Auditor,
    Finance,
    Leader,
    Admin,
    Security,
    System,
}

impl Role {
    /// The roles a person can be given (the system user is not one).
    pub const ASSIGNABLE: [Role; 6] = [
        Role::Clerk,
        Role::Auditor,
        Role::Finance,
        Role::Leader,
        Role::Admin,
        Role::Security,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Clerk => "经办人",
            Role::Auditor => "审核员",
            Role::Finance => "财务",
            Role::Leader => "分管领导",
            Role::Admin => "管理员",
            Role::Security => "安全审计员",
            Role::System => "系统",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Auditor => "auditor",
            Role::Finance => "finance",
            Role::Leader => "leader",
            Role::Admin => "admin",
            Role::Security => "security",
            Role::System => "system",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::all().find(|r| r.code() == code)
    }

    /// Every role, the system user's last.
    fn all() -> impl Iterator<Item = Role> {
        Self::ASSIGNABLE.into_iter().chain([Role::System])
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The roles one user holds: a small set, listed in [`Role::ASSIGNABLE`]'s order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Roles(u8);

impl Roles {
    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// These roles with `role` added (`on`) or taken away.
    #[must_use]
    pub fn with(self, role: Role, on: bool) -> Self {
        if on {
            Self(self.0 | role.bit())
        } else {
            Self(self.0 & !role.bit())
        }
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::all().filter(move |r| self.contains(*r))
    }

    /// The labels joined, e.g. 「经办人、审核员」.
    pub fn label(self) -> String {
        self.iter().map(Role::label).collect::<Vec<_>>().join("、")
    }

    /// The codes as stored, one per role.
    pub fn codes(self) -> Vec<&'static str> {
        self.iter().map(Role::code).collect()
    }
}

impl From<Role> for Roles {
    fn from(role: Role) -> Self {
        Self(role.bit())
    }
}

impl FromIterator<Role> for Roles {
    fn from_iter<I: IntoIterator<Item = Role>>(roles: I) -> Self {
        roles
            .into_iter()
            .fold(Self::default(), |set, r| set.with(r, true))
    }
}

/// Things a role may or may not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Add, edit or import beneficiaries and their status.
    EditRoster,
    /// Enter or import claims and register reports.
    EnterClaims,
    /// 费用审核: pass, reduce or refuse claims.
    AuditClaims,
    /// Approve or return a hospital-month.
    ApproveTransfer,
    /// Mark an approved month 已划拨.
    MarkPaid,
    /// Reopen an approved month.
    ReopenMonth,
    /// Programs, holidays, hospitals and other settings.
    ManageSettings,
    /// A hospital's 开户行 or 账号: where its transfers are paid. Kept apart from
    /// the other settings so that it can be given to fewer people.
    ChangeHospitalBank,
    /// Budgets, appropriations, cash payments, refunds, reversals and the year-end
    /// settlement in the fund ledger.
    RecordFunds,
    /// The self-evaluation: indicators, their actuals and scores, and the report's
    /// narrative.
    EditEvaluation,
    /// Read the 操作日志: the whole audit log and its chain's status.
    ReadAuditLog,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::EditRoster => "修改受益对象名册",
            Action::EnterClaims => "录入报账",
            Action::AuditClaims => "审核报账",
            Action::ApproveTransfer => "批准或退回划拨",
            Action::MarkPaid => "登记划拨",
            Action::ReopenMonth => "重新打开已批准的月份",
            Action::ManageSettings => "修改设置",
            Action::ChangeHospitalBank => "修改定点医疗机构的开户行或账号",
            Action::RecordFunds => "登记资金收支",
            Action::EditEvaluation => "编辑绩效自评",
            Action::ReadAuditLog => "查看操作日志",
        }
    }
}

/// Whether any of `roles` may do `action`.
pub fn may_any(roles: Roles, action: Action) -> bool {
    roles.iter().any(|r| may(r, action))
}

/// Whether `role` may do `action`.
pub fn may(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::System => true,
        // 三员分立: the 管理员 administers and does no business (no entering,
        // auditing, approving, reopening or paying).
        Role::Admin => matches!(
            action,
            ManageSettings | ChangeHospitalBank | EditEvaluation | ReadAuditLog
        ),
        // The 安全审计员 reads (the audit log among the rest) and runs the data check,
        // which every user may; they change nothing.
        Role::Security => matches!(action, ReadAuditLog),
        // The 费审科 clerk keeps the roster, enters and audits claims (not their own:
        // the store's duty rules).
        Role::Clerk => matches!(
            action,
            EditRoster | EnterClaims | AuditClaims | EditEvaluation
        ),
        Role::Auditor => matches!(action, EnterClaims | AuditClaims),
        Role::Finance => matches!(action, MarkPaid | RecordFunds),
        Role::Leader => matches!(action, ApproveTransfer | ReopenMonth),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clerk_cannot_approve_and_a_leader_cannot_pay() {
        assert!(may(Role::Clerk, Action::EnterClaims));
        assert!(!may(Role::Clerk, Action::ApproveTransfer));
        assert!(may(Role::Leader, Action::ApproveTransfer));
        assert!(!may(Role::Leader, Action::MarkPaid));
        assert!(may(Role::Finance, Action::MarkPaid));
        assert!(may(Role::Finance, Action::RecordFunds));
        assert!(!may(Role::Clerk, Action::RecordFunds));
        assert!(!may(Role::Finance, Action::EditRoster));
        assert!(may(Role::Clerk, Action::EditEvaluation));
        assert!(!may(Role::Leader, Action::EditEvaluation));
        assert!(!may(Role::Admin, Action::ReopenMonth));
        assert!(may(Role::Admin, Action::ChangeHospitalBank));
        assert_eq!(Role::from_code("system"), Some(Role::System));
        assert!(!may(Role::Finance, Action::ChangeHospitalBank));
        assert_eq!(Role::from_code("leader"), Some(Role::Leader));
    }

    #[test]
    fn the_admin_administers_and_the_security_auditor_only_reads() {
        for business in [
            Action::EnterClaims,
            Action::AuditClaims,
            Action::ApproveTransfer,
            Action::MarkPaid,
            Action::RecordFunds,
            Action::EditRoster,
        ] {
            assert!(!may(Role::Admin, business), "{business:?}");
            assert!(!may(Role::Security, business), "{business:?}");
        }
        assert!(may(Role::Admin, Action::ManageSettings));
        assert!(!may(Role::Security, Action::ManageSettings));
        assert!(!may(Role::Security, Action::EditEvaluation));
        assert_eq!(Role::from_code("security"), Some(Role::Security));
        assert_eq!(Role::Security.label(), "安全审计员");
        assert!(may(Role::Security, Action::ReadAuditLog));
        assert!(may(Role::Admin, Action::ReadAuditLog));
        assert!(may(Role::System, Action::ReadAuditLog));
        for role in [Role::Clerk, Role::Auditor, Role::Finance, Role::Leader] {
            assert!(!may(role, Action::ReadAuditLog), "{role:?}");
        }
    }

    #[test]
    fn several_roles_may_what_any_of_them_may() {
        let both: Roles = [Role::Auditor, Role::Clerk].into_iter().collect();
        assert_eq!(both.label(), "经办人、审核员");
        assert_eq!(both.codes(), ["clerk", "auditor"]);
        assert!(both.contains(Role::Auditor) && !both.contains(Role::Leader));
        assert!(may_any(both, Action::EditRoster));
        assert!(!may_any(both, Action::ApproveTransfer));
        let leader = both.with(Role::Leader, true).with(Role::Clerk, false);
        assert_eq!(leader.label(), "审核员、分管领导");
        assert!(may_any(leader, Action::ApproveTransfer));
        assert!(!may_any(leader, Action::EditRoster));
        assert!(Roles::default().is_empty());
        assert!(!may_any(Roles::default(), Action::EnterClaims));
        assert_eq!(
            Roles::from(Role::System).iter().collect::<Vec<_>>(),
            [Role::System]
        );
    }
}
