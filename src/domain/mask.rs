//! Masking of personal data for tables and public lists (公示: masked name, ID
//! number first 6 + last 4; never the full ID, address, phone, bank account or
//! diagnosis).

use super::beneficiary::normalize_name;

/// ID number with the birth date and sequence hidden: first 6 and last 4 kept,
/// e.g. `430903********1234`. Shorter text is returned as is.
pub fn mask_id_middle(id: &str) -> String {
    let id = id.trim();
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return id.to_owned();
    }
    let mut out: String = chars[..6].iter().collect();
    out.extend(std::iter::repeat_n('*', chars.len() - 10));
    out.extend(&chars[chars.len() - 4..]);
    out
}

/// Compound surnames that keep both characters when a name is masked. Only the
/// unambiguous ones: 单于 or 万俟 would also read as 单 or 万 with a given name.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "西门", "南宫", "端木", "独孤", "百里", "呼延", "澹台", "钟离", "申屠",
    "太史", "闻人", "濮阳", "淳于", "赫连", "公冶", "宗政", "拓跋", "司空", "东郭", "左丘", "梁丘",
];

/// The separators of transliterated names (买买提·艾力): kept as they are.
const NAME_DOTS: &[char] = &['·', '•', '．', '.'];

/// Masked name for public lists: 张*, 张*静, 欧阳**.
///
/// The name is first read as [`normalize_name`] stores it, so a register's padding
/// (「王　五」) is no third character: 王*, never 王*五.
///
/// - One or two characters: the surname and one `*` (张 → 张*, 张三 → 张*).
/// - A compound surname (欧阳, 司马, 诸葛, 上官, …) with a given name: the surname
///   kept, every given-name character masked (欧阳娜娜 → 欧阳**, 欧阳锋 → 欧阳*).
/// - Three or more characters otherwise: first and last kept (张小静 → 张*静).
/// - A transliterated name with `·`: only its first character and the dots kept
///   (买买提·艾力 → 买**·**).
pub fn mask_name(name: &str) -> String {
    let name = normalize_name(name);
    let name = name.as_str();
    let chars: Vec<char> = name.chars().collect();
    if chars.iter().any(|c| NAME_DOTS.contains(c)) {
        return chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                if i == 0 || NAME_DOTS.contains(&c) {
                    c
                } else {
                    '*'
                }
            })
            .collect();
    }
    let compound = chars.len() > 2 && COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s));
    match chars.len() {
        0 => String::new(),
        1 | 2 => format!("{}*", chars[0]),
        n if compound => {
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
        for (id, masked) in [
            ("430903199001011234", "430903********1234"),
            ("43090319900101123X", "430903********123X"),
            // A 15-digit number of the first generation: first 6, last 4.
            ("430903900101123", "430903*****1123"),
            (" 430903199001011234 ", "430903********1234"),
            ("12345", "12345"),
        ] {
            assert_eq!(mask_id_middle(id), masked, "{id}");
        }
    }

    /// Each name with its mask.
    fn check(cases: &[(&str, &str)]) {
        for (name, masked) in cases {
            assert_eq!(mask_name(name), *masked, "{name}");
        }
    }

    #[test]
    fn masks_one_and_two_character_names() {
        // A compound surname alone is just a two-character name.
        check(&[
            ("张", "张*"),
            ("张三", "张*"),
            (" 李娜 ", "李*"),
            ("", ""),
            ("司马", "司*"),
        ]);
    }

    #[test]
    fn masks_three_character_names_keeping_first_and_last() {
        // Longer names keep the first and last character too.
        check(&[
            ("张小静", "张*静"),
            ("王建国", "王*国"),
            ("张小小静", "张**静"),
        ]);
    }

    #[test]
    fn compound_surnames_keep_the_surname_and_mask_the_given_name() {
        check(&[
            ("欧阳锋", "欧阳*"),
            ("欧阳娜娜", "欧阳**"),
            ("司马相如", "司马**"),
            ("诸葛亮", "诸葛*"),
            ("上官婉儿", "上官**"),
        ]);
    }

    #[test]
    fn transliterated_names_keep_only_the_first_character_and_the_dots() {
        check(&[("买买提·艾力", "买**·**"), ("阿依古丽•吐尔逊", "阿***•***")]);
    }

    #[test]
    fn no_masked_name_shows_the_given_name_of_a_two_character_name() {
        for name in ["张三", "欧阳", "王五"] {
            assert!(!mask_name(name).contains(name.chars().nth(1).unwrap()));
        }
    }

    #[test]
    fn a_padded_name_is_masked_as_the_name_itself() {
        // Padded with an ideographic space, a plain space, a no-break space.
        check(&[
            ("王　五", "王*"),
            ("王 五", "王*"),
            ("王\u{00A0}五", "王*"),
            (" 张 小 静 ", "张*静"),
            ("欧阳　娜娜", "欧阳**"),
        ]);
        for name in ["王　五", "王 五", "王\u{00A0}五", "王\u{3000}\u{3000}五"] {
            assert!(!mask_name(name).contains('五'), "{name:?}");
        }
    }
}
