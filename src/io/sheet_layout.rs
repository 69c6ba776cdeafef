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

/// The 一级 and 二级 columns (1 and 2) of an indicator table, whose equal
/// neighbours print as one merged cell (a 二级 run never crosses a 一级 change).
pub(crate) struct IndicatorLevels<'a> {
    level1: Vec<&'a str>,
    level2: Vec<(&'a str, &'a str)>,
    runs1: Vec<(usize, usize)>,
    runs2: Vec<(usize, usize)>,
}

impl<'a> IndicatorLevels<'a> {
    /// The levels of the table's rows, in print order: (一级, 二级).
    pub(crate) fn new(rows: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let level2: Vec<(&str, &str)> = rows.collect();
        let level1: Vec<&str> = level2.iter().map(|(l1, _)| *l1).collect();
        let (runs1, runs2) = (runs(&level1), runs(&level2));
        Self {
            level1,
            level2,
            runs1,
            runs2,
        }
    }

    /// The level cells of row `i` that are not merged, and so must fit in the
    /// row itself: (text, column).
    pub(crate) fn alone(&self, i: usize) -> Vec<(&'a str, u16)> {
        let alone = |runs: &[(usize, usize)]| runs.iter().any(|&(a, b)| a == i && b == i);
        let mut out = Vec::new();
        if alone(&self.runs1) {
            out.push((self.level1[i], 1));
        }
        if alone(&self.runs2) {
            out.push((self.level2[i].1, 2));
        }
        out
    }

    /// Write the level cells, the table's first row at sheet row `first`.
    pub(crate) fn write(
        &self,
        ws: &mut Worksheet,
        first: u32,
        format: &Format,
    ) -> Result<(), XlsxError> {
        let merges = self
            .runs1
            .iter()
            .map(|&(a, b)| (a, b, 1, self.level1[a]))
            .chain(self.runs2.iter().map(|&(a, b)| (a, b, 2, self.level2[a].1)));
        for (a, b, col, text) in merges {
            put(
                ws,
                first + a as u32,
                col,
                first + b as u32,
                col,
                text,
                format,
            )?;
        }
        Ok(())
    }
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
