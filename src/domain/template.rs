//! Report text with live placeholders: `{年初预算万元}` in a narrative is replaced
//! by the figure of that name at export. The names are Chinese so that a clerk
//! reads and writes them in the text.

/// Fill every `{name}` in `text` with `value(name)`. A name `value` does not know
/// is kept as written and returned in the second list, so the page can point at
/// it.
pub fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find(['}', '{']) {
            Some(end) if after[end..].starts_with('}') => {
                let name = &after[..end];
                match value(name.trim()) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push_str(&rest[start..start + end + 2]);
                        if !unknown.iter().any(|u| u == name) {
                            unknown.push(name.to_owned());
                        }
                    }
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> Option<String> {
        match name {
            "年初预算万元" => Some("134".into()),
            "年度" => Some("2021".into()),
            _ => None,
        }
    }

    #[test]
    fn fills_known_names_and_reports_the_rest() {
        let (text, unknown) = fill(
            "{年度}年初预算离休人员医药费{年初预算万元}万元，{未知}。",
            known,
        );
        assert_eq!(text, "2021年初预算离休人员医药费134万元，{未知}。");
        assert_eq!(unknown, vec!["未知".to_owned()]);
    }

    #[test]
    fn stray_braces_stay_as_written() {
        assert_eq!(fill("a { b {年度} c }", known).0, "a { b 2021 c }");
        assert_eq!(fill("末尾{", known).0, "末尾{");
        assert_eq!(fill("{ 年度 }", known).0, "2021");
    }
}
