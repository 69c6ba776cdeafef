//! Masking of personal data for tables and public lists.

/// ID number with the birth date and sequence hidden: first 6 and last 4 kept,
/// e.g. `500230********1234`. Shorter text is returned as is.
pub fn mask_id_middle(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return id.to_owned();
    }
    let mut out: String = chars[..6].iter().collect();
    out.extend(std::iter::repeat_n('*', chars.len() - 10));
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// Compound surnames that keep both characters when a name is masked.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "西门", "南宫", "端木", "独孤", "百里", "呼延", "澹台", "钟离", "申屠",
];

/// Masked name for public lists: 张*, 张*静, 欧阳**.
///
/// The surname is kept; a two-character name hides the given name; a longer name
/// keeps its last character, unless the surname is compound, which hides the rest.
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    let chars: Vec<char> = name.chars().collect();
    let surname_len = if COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)) && chars.len() > 2 {
        2
    } else {
        1
    };
    match chars.len() {
        0 => String::new(),
        1 => format!("{}*", chars[0]),
        2 => format!("{}*", chars[0]),
        n if surname_len == 2 => {
            let mut out: String = chars[..2].iter().collect();
            out.extend(std::iter::repeat_n('*', n - 2));
            out
        }
        n => {
            let mut out = chars[0].to_string();
            out.extend(std::iter::repeat_n('*', n - 2));
            out.push(chars[n - 1]);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_id_numbers() {
        assert_eq!(mask_id_middle("430903199001011234"), "430903********1234");
        assert_eq!(mask_id_middle("12345"), "12345");
    }

    #[test]
    fn masks_names() {
        assert_eq!(mask_name("张"), "张*");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张小静"), "张*静");
        assert_eq!(mask_name("欧阳娜娜"), "欧阳**");
        assert_eq!(mask_name("欧阳锋"), "欧阳*");
        assert_eq!(mask_name("司马"), "司*");
    }
}
