//! 大写金额: an amount in Chinese financial capitals, as written on payment forms
//! (e.g. 1,550,000.00 → 壹佰伍拾伍万元整), following the 支付结算办法 rules: one 零
//! for a run of zeros, 整 after 元 or 角, nothing after 分.

use super::Money;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
/// Group units; amounts are capped below 1 万亿 (see [`super::money::MAX_YUAN`]).
const GROUPS: [&str; 3] = ["", "万", "亿"];

/// One group of up to four digits (0..=9999), without a group unit.
fn group_text(n: u64, out: &mut String) {
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut pending_zero = false;
    for (i, d) in digits.iter().enumerate() {
        if *d == 0 {
            pending_zero = !out.is_empty() || pending_zero;
            continue;
        }
        if pending_zero && !out.is_empty() {
            out.push('零');
        }
        pending_zero = false;
        out.push(DIGITS[*d as usize]);
        out.push_str(PLACES[3 - i]);
    }
}

/// The amount in capitals; negative amounts start with 负.
pub fn to_capital(amount: Money) -> String {
    let fen_total = amount.fen();
    let negative = fen_total < 0;
    let fen_total = fen_total.unsigned_abs();
    let yuan = fen_total / 100;
    let jiao = (fen_total / 10 % 10) as usize;
    let fen = (fen_total % 10) as usize;

    let mut out = String::new();
    if negative {
        out.push('负');
    }
    if yuan > 0 {
        // Groups of four digits, most significant first.
        let mut groups = Vec::new();
        let mut rest = yuan;
        while rest > 0 {
            groups.push(rest % 10_000);
            rest /= 10_000;
        }
        let mut text = String::new();
        let mut zero_gap = false;
        for (gi, g) in groups.iter().enumerate().rev() {
            if *g == 0 {
                zero_gap = !text.is_empty();
                continue;
            }
            // A lower group that does not fill its thousands place, or that follows
            // an all-zero group, is joined with one 零.
            if !text.is_empty() && (zero_gap || *g < 1000) {
                text.push('零');
            }
            zero_gap = false;
            let mut part = String::new();
            group_text(*g, &mut part);
            text.push_str(&part);
            text.push_str(GROUPS.get(gi).copied().unwrap_or("万亿"));
        }
        out.push_str(&text);
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => {
            if yuan == 0 {
                out.push_str("零元");
            }
            out.push('整');
        }
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push_str("角整");
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(text: &str) -> String {
        to_capital(Money::parse(text).unwrap())
    }

    #[test]
    fn the_issue_examples() {
        assert_eq!(cap("0.05"), "伍分");
        assert_eq!(cap("10.00"), "壹拾元整");
        assert_eq!(cap("1001.10"), "壹仟零壹元壹角整");
        assert_eq!(cap("1550000"), "壹佰伍拾伍万元整");
    }

    #[test]
    fn zeros_and_groups() {
        assert_eq!(cap("0"), "零元整");
        assert_eq!(cap("100.05"), "壹佰元零伍分");
        assert_eq!(cap("100000.01"), "壹拾万元零壹分");
        assert_eq!(cap("100001"), "壹拾万零壹元整");
        assert_eq!(cap("1010101"), "壹佰零壹万零壹佰零壹元整");
        assert_eq!(cap("886500"), "捌拾捌万陆仟伍佰元整");
        assert_eq!(cap("663500.00"), "陆拾陆万叁仟伍佰元整");
        assert_eq!(cap("20190000"), "贰仟零壹拾玖万元整");
        assert_eq!(cap("100000000"), "壹亿元整");
        assert_eq!(cap("100010000"), "壹亿零壹万元整");
        assert_eq!(cap("4743.6"), "肆仟柒佰肆拾叁元陆角整");
        assert_eq!(cap("0.5"), "伍角整");
        assert_eq!(cap("0.56"), "伍角陆分");
        assert_eq!(cap("-12.30"), "负壹拾贰元叁角整");
        assert_eq!(
            cap("999999999999.99"),
            "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
        );
    }
}
