//! The 操作日志's codes in the reader's words: each entity and action the store
//! writes to the audit log has a Chinese label; a code without one is shown as it
//! is, so nothing in the log is hidden behind a label.

/// The Chinese name of an audit entity code (`user` → 用户), or the code itself.
pub fn entity_label(code: &str) -> &str {
    match code {
        "user" => "用户",
        "claim" => "报账",
        "claim_adjustment" => "报账调整",
        "beneficiary" => "受益对象",
        "monthly_report" => "医院月报",
        "premium_subsidy" => "资助参保",
        "fund_entry" => "资金收支",
        "settlement" => "年终清算",
        "program" => "项目",
        "program_year" => "项目年度",
        "hospital" => "定点医疗机构",
        "holiday" => "节假日",
        "setting" => "设置",
        "indicator" => "绩效指标",
        "narrative" => "自评报告",
        "declaration" => "绩效目标申报",
        "database" => "数据库",
        "export" => "导出文件",
        other => other,
    }
}

/// The Chinese name of an audit action code (`login` → 登录), or the code itself.
pub fn action_label(code: &str) -> &str {
    match code {
        "login" => "登录",
        "login_failed" => "登录失败",
        "login_locked" => "账号锁定中登录",
        "login_disabled" => "停用账号登录",
        "lock" => "锁定",
        "unlock" => "解锁",
        "logout" => "退出登录",
        "idle_lock" => "闲置锁定",
        "resume" => "解锁继续",
        "insert" => "新增",
        "update" => "修改",
        "delete" => "删除",
        "password" => "修改密码",
        "password_reset" => "重置密码",
        "role" => "修改角色",
        "active" => "停用或启用",
        "enable" => "启用",
        "disable" => "停用",
        "security" => "安全设置",
        "encrypt" => "加密",
        "seals_keyed" => "封签改用密钥",
        "recover" => "恢复密钥重设",
        "restore" => "恢复备份",
        "backup_failed" => "备份失败",
        "second_backup_folder" => "设置第二备份文件夹",
        "status" => "状态变更",
        "identity" => "救助身份变更",
        "audit" => "审核",
        "approve" => "批准",
        "return" => "退回",
        "reopen" => "重新打开",
        "paid" => "登记划拨",
        "unpaid" => "撤销划拨",
        "post" => "记账",
        "reverse" => "冲销",
        "recompute" => "重新计算",
        "params" => "修改参数",
        "adjustments" => "调整",
        "update_bank" => "修改开户行账号",
        "export" => "导出（核验码）",
        "declare" => "申报",
        "withdraw" => "撤回申报",
        "approve_targets" => "登记批复",
        "adjust_target" => "调整指标值",
        other => other,
    }
}

/// A code with its label for a choice list: 「登录（login）」, or the bare code
/// when it has no label.
pub fn with_code(label: &str, code: &str) -> String {
    if label == code {
        code.to_owned()
    } else {
        format!("{label}（{code}）")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_read_in_chinese_and_unknown_ones_stay_visible() {
        assert_eq!(action_label("login"), "登录");
        assert_eq!(action_label("login_failed"), "登录失败");
        assert_eq!(action_label("idle_lock"), "闲置锁定");
        assert_eq!(entity_label("user"), "用户");
        assert_eq!(entity_label("claim"), "报账");
        assert_eq!(action_label("frobnicate"), "frobnicate");
        assert_eq!(entity_label("widget"), "widget");
        assert_eq!(with_code("登录", "login"), "登录（login）");
        assert_eq!(with_code("widget", "widget"), "widget");
    }
}
