//! What the printed sheets share in laying out their cells: merged ranges that
//! are written as one cell when they are one, runs of equal 一级/二级 keys to
//! merge, and row heights that show wrapped text in full.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Points per printed line of 11 pt text, and the padding of a row.
const LINE_PT: f64 = 14.5;
const ROW_PAD_PT: f64 = 6.0;
/// The least height of a row, in points.
pub(crate) const MIN_ROW_PT: f64 = 22.0;

/// Write `text` into the range, merging only when it is more than one cell.
pub(crate) fn put(
    ws: &mut Worksheet,
    first_row: u32,
    first_col: u16,
    last_row: u32,
    last_col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if first_row == last_row && first_col == last_col {
        ws.write_string_with_format(first_row, first_col, text, format)?;
    } else {
        ws.merge_range(first_row, first_col, last_row, last_col, text, format)?;
    }
    Ok(())
}

/// A row height that shows every `(text, width)` cell wrapped in full.
pub(crate) fn fit_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| wrapped_lines(text, *width))
        .max()
        .unwrap_or(1);
    (lines as f64 * LINE_PT + ROW_PAD_PT).max(MIN_ROW_PT)
}

/// How many lines `text` takes in a cell `width` characters wide, erring on the
/// side of one line too many: an 11 pt CJK character is about 2.15 units of the
/// 7-pixel column width, anything else about 1.1.
fn wrapped_lines(text: &str, width: f64) -> usize {
    // Leave room for the cell padding.
    let usable = (width - 1.0).max(2.0);
    text.split('\n')
        .map(|line| {
            let units: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.15 })
                .sum();
            ((units / usable).ceil() as usize).max(1)
        })
        .sum()
}

/// Runs of equal consecutive keys, as inclusive index pairs.
pub(crate) fn runs<T: PartialEq>(keys: &[T]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=keys.len() {
        if i == keys.len() || keys[i] != keys[start] {
            if start < keys.len() {
                out.push((start, i - 1));
            }
            start = i;
        }
    }
    out
}
