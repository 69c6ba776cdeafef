//! Reading .xlsx, .xls and .csv (UTF-8 with or without BOM, or GBK) into one plain
//! table of cells with their Excel row numbers.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;

use super::FileError;

/// One cell as read, before any checking.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell, kept as its shortest decimal text (never used as a float).
    Number(String),
    /// An Excel date cell.
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text: dates as ISO, numbers as written.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) | Cell::Number(t) => t.trim().to_owned(),
            Cell::Date(d) => crate::domain::dates::iso(*d),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// A data row and the row number the clerk sees in Excel (1-based).
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    pub excel_row: usize,
    pub cells: Vec<Cell>,
}

impl TableRow {
    pub fn cell(&self, col: Option<usize>) -> &Cell {
        col.and_then(|c| self.cells.get(c)).unwrap_or(&Cell::Empty)
    }
}

/// The first sheet of a file: its header row and the data rows below it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// Normalize a header: drop spaces, line breaks and required-field stars.
pub fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .collect()
}

impl Table {
    /// When the first row is a title (e.g. a merged 「丰都县离休干部名册」 line),
    /// take the first of the next rows that has one of `aliases` as the header.
    pub fn find_header_row(&mut self, aliases: &[&str]) {
        if self.column(aliases).is_some() {
            return;
        }
        let found = self.rows.iter().take(10).position(|r| {
            r.cells
                .iter()
                .any(|c| aliases.contains(&normalize_header(&c.text()).as_str()))
        });
        if let Some(i) = found {
            let header = self.rows[i]
                .cells
                .iter()
                .map(|c| normalize_header(&c.text()))
                .collect();
            self.headers = header;
            self.rows.drain(..=i);
        }
    }

    /// The column whose header is one of `aliases`.
    pub fn column(&self, aliases: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| aliases.contains(&h.as_str()))
    }

    fn from_grid(grid: Vec<(usize, Vec<Cell>)>, path: &str) -> Result<Self, FileError> {
        let mut iter = grid
            .into_iter()
            .skip_while(|(_, cells)| cells.iter().all(Cell::is_empty));
        let (_, header_cells) = iter
            .next()
            .ok_or_else(|| FileError::Empty(path.to_owned()))?;
        let headers: Vec<String> = header_cells
            .iter()
            .map(|c| normalize_header(&c.text()))
            .collect();
        for (i, h) in headers.iter().enumerate() {
            if !h.is_empty() && headers[..i].contains(h) {
                return Err(FileError::DuplicateColumn(h.clone()));
            }
        }
        let rows = iter
            .filter(|(_, cells)| !cells.iter().all(Cell::is_empty))
            .map(|(excel_row, cells)| TableRow { excel_row, cells })
            .collect();
        Ok(Self { headers, rows })
    }
}

fn float_text(f: f64) -> String {
    // Shortest round-trip text; whole numbers lose the ".0".
    let s = format!("{f}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

fn cell_from_data(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Float(f) => Cell::Number(float_text(*f)),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => Cell::Date(d.date()),
            None => Cell::Number(float_text(dt.as_f64())),
        },
        Data::DateTimeIso(s) => crate::domain::dates::parse_date(s)
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Read the first sheet of an .xlsx/.xls file, or a .csv file.
pub fn read_table(path: &Path) -> Result<Table, FileError> {
    let shown = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => {
            let bytes = std::fs::read(path).map_err(|e| FileError::Open {
                path: shown.clone(),
                reason: e.to_string(),
            })?;
            read_csv_bytes(&bytes, &shown)
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            let open_err = |reason: String| FileError::Open {
                path: shown.clone(),
                reason,
            };
            let mut wb = open_workbook_auto(path).map_err(|e| open_err(e.to_string()))?;
            let range = wb
                .worksheet_range_at(0)
                .ok_or_else(|| FileError::Empty(shown.clone()))?
                .map_err(|e| open_err(e.to_string()))?;
            let (start_row, start_col) = range.start().unwrap_or((0, 0));
            let grid = range
                .rows()
                .enumerate()
                .map(|(i, row)| {
                    let mut cells = vec![Cell::Empty; start_col as usize];
                    cells.extend(row.iter().map(cell_from_data));
                    (start_row as usize + i + 1, cells)
                })
                .collect();
            Table::from_grid(grid, &shown)
        }
        other => Err(FileError::UnsupportedType(other.to_owned())),
    }
}

/// Decode CSV bytes: UTF-8 (BOM or not) when valid, otherwise GBK (GB18030).
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv_bytes(bytes: &[u8], shown: &str) -> Result<Table, FileError> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| FileError::Open {
            path: shown.to_owned(),
            reason: e.to_string(),
        })?;
        let line = record
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or(grid.len() + 1);
        let cells = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_owned())
                }
            })
            .collect();
        grid.push((line, cells));
    }
    Table::from_grid(grid, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_utf8_bom_and_gbk_decode_alike() {
        let text = "姓名,身份证号\n韩玥,1\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        for bytes in [text.as_bytes().to_vec(), bom, gbk.into_owned()] {
            let t = read_csv_bytes(&bytes, "x.csv").unwrap();
            assert_eq!(t.headers, vec!["姓名", "身份证号"]);
            assert_eq!(t.rows[0].cells[0], Cell::Text("韩玥".into()));
            assert_eq!(t.rows[0].excel_row, 2);
        }
    }

    #[test]
    fn headers_are_normalized_and_blank_rows_skipped() {
        let t = read_csv_bytes("\n* 姓 名 ,身份证号\n,\n张三,2\n".as_bytes(), "x.csv").unwrap();
        assert_eq!(t.headers[0], "姓名");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].excel_row, 4);
        assert!(matches!(
            read_csv_bytes("姓名,姓名\n".as_bytes(), "x.csv"),
            Err(FileError::DuplicateColumn(_))
        ));
    }
}
