//! Reading .xlsx, .xls and text tables into one plain table of cells with their
//! Excel row numbers. A text table is a .csv (UTF-8 with or without BOM, or GBK)
//! or a .txt / .tsv as Excel saves 「Unicode 文本」 (UTF-16 with BOM) or
//! 「文本文件(制表符分隔)」 (GBK), separated by tabs or commas.

use std::io::{Read, Seek};
use std::path::Path;

use calamine::{Data, Reader, Sheets, open_workbook_auto_from_rs};
use chrono::NaiveDate;

use super::FileError;
use super::bounds::{self, Grid};

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
    /// A text table that was not UTF-8 and was read as GBK: the preview says so.
    pub gbk: bool,
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
                return Err(FileError::DuplicateColumn(crate::domain::quoted(h)));
            }
        }
        let rows = iter
            .filter(|(_, cells)| !cells.iter().all(Cell::is_empty))
            .map(|(excel_row, cells)| TableRow { excel_row, cells })
            .collect();
        Ok(Self {
            headers,
            rows,
            gbk: false,
        })
    }
}

fn float_text(f: f64) -> String {
    // Shortest round-trip text; whole numbers lose the ".0".
    let s = format!("{f}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

fn cell_from_data(d: Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Float(f) => Cell::Number(float_text(f)),
        Data::Bool(b) => Cell::Text(if b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => Cell::Date(d.date()),
            None => Cell::Number(float_text(dt.as_f64())),
        },
        Data::DateTimeIso(s) => crate::domain::dates::parse_date(&s)
            .map(Cell::Date)
            .unwrap_or(Cell::Text(s)),
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Read the first sheet of an .xlsx/.xls file, or a text table (.csv, .txt, .tsv),
/// within the limits of [`bounds`]: a file too large is refused before it is
/// read, a sheet past Excel's limits at its first cell out of bounds.
pub fn read_table(path: &Path) -> Result<Table, FileError> {
    let shown = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let open_err = |e: std::io::Error| FileError::Open {
        path: shown.clone(),
        reason: e.to_string(),
    };
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            bounds::check_file_size(path, &shown)?;
            read_text_table(std::fs::read(path).map_err(open_err)?, &shown)
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" => {
            bounds::check_file_size(path, &shown)?;
            let bytes = std::fs::read(path).map_err(open_err)?;
            let cursor = || std::io::Cursor::new(bytes.as_slice());
            bounds::check_unzipped(cursor(), &shown)?;
            bounds::refuse_ods(cursor(), &shown)?;
            bounds::check_xls(cursor(), &shown)?;
            read_workbook(cursor(), &shown)
        }
        other => Err(FileError::UnsupportedType(crate::domain::quoted(other))),
    }
}

/// The first sheet of a workbook. An .xlsx or .xlsb is read cell by cell as its
/// XML streams in, so the sheet's declared dimension is never allocated; an .xls
/// as calamine reads it, once [`bounds::check_xls`] has bounded its cells.
fn read_workbook<RS: Read + Seek + Clone>(file: RS, shown: &str) -> Result<Table, FileError> {
    // The format is told from the content, so an .xls that is really an .xlsx
    // still opens; what is no workbook at all is said so in Chinese.
    fn not_excel<E>(shown: &str) -> impl Fn(E) -> FileError + '_ {
        move |_| FileError::NotExcel(shown.to_owned())
    }
    let mut wb = open_workbook_auto_from_rs(file).map_err(not_excel(shown))?;
    let first = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| FileError::Empty(shown.to_owned()))?;
    let mut grid = Grid::new(shown);
    match &mut wb {
        Sheets::Xlsx(x) => {
            let mut cells = x.worksheet_cells_reader(&first).map_err(not_excel(shown))?;
            let declared = cells.dimensions();
            stream_cells(&mut grid, declared, || {
                cells.next_cell().map_err(not_excel(shown))
            })?;
        }
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(&first).map_err(not_excel(shown))?;
            let declared = cells.dimensions();
            stream_cells(&mut grid, declared, || {
                cells.next_cell().map_err(not_excel(shown))
            })?;
        }
        other => {
            let range = other.worksheet_range(&first).map_err(not_excel(shown))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (row, col, value) in range.used_cells() {
                grid.put(
                    (r0 as usize) + row + 1,
                    (c0 as usize) + col,
                    cell_from_data(value.clone()),
                )?;
            }
        }
    }
    Table::from_grid(grid.into_rows(), shown)
}

/// Put the cells `next` streams into `grid`; a sheet that `declared` to reach
/// past Excel's limits is refused before its first cell is read.
fn stream_cells<'a>(
    grid: &mut Grid<'_>,
    declared: calamine::Dimensions,
    mut next: impl FnMut() -> Result<Option<calamine::Cell<calamine::DataRef<'a>>>, FileError>,
) -> Result<(), FileError> {
    let (last_row, last_col) = declared.end;
    grid.check_position(last_row as usize + 1, last_col as usize)?;
    while let Some(cell) = next()? {
        let (row, col) = cell.get_position();
        let value = cell_from_data(Data::from(cell.get_value().clone()));
        grid.put(row as usize + 1, col as usize, value)?;
    }
    Ok(())
}

/// What a text table's bytes were read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, or UTF-16 by its byte-order mark.
    Unicode,
    /// Not valid UTF-8, so read as GBK (GB18030).
    Gbk,
}

/// What the preview says of a file read as GBK.
pub const GBK_NOTE: &str =
    "注意：文件不是 UTF-8 编码，已按 GBK 编码读取。请核对姓名等文字是否显示正确。";

/// Decode a text table: by its byte-order mark (UTF-8, or UTF-16 LE / BE as
/// Excel's 「Unicode 文本」 writes it), else UTF-8 when valid, otherwise GBK
/// (GB18030). Bytes that fit none come out as U+FFFD, which the reader refuses.
pub fn decode_text(bytes: Vec<u8>) -> (String, TextEncoding) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        let rest = bytes.get(bom..).unwrap_or_default();
        let text = encoding.decode_without_bom_handling(rest).0.into_owned();
        return (text, TextEncoding::Unicode);
    }
    match String::from_utf8(bytes) {
        Ok(s) => (s, TextEncoding::Unicode),
        Err(e) => {
            let text = encoding_rs::GB18030.decode(e.as_bytes()).0.into_owned();
            (text, TextEncoding::Gbk)
        }
    }
}

/// The separator of a text table: a tab when its first line has more tabs than
/// commas (Excel's text exports), else a comma.
fn separator(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Counts the rows Excel and WPS show for the lines of a text table: one per line
/// break, except a break inside a quoted cell, which stays in its row.
///
/// csv's own `Position::line` is one short after a CRLF line end (it counts the
/// `\n` only when the next record is read) and after a blank line, so the row is
/// worked out from the record's byte offset instead.
struct RowCounter<'t> {
    text: &'t [u8],
    /// Bytes before this offset have been counted.
    counted_to: usize,
    /// Line breaks before `counted_to`.
    breaks: usize,
    /// Of those, the ones inside quoted cells of the records read so far.
    in_cells: usize,
}

impl<'t> RowCounter<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text: text.as_bytes(),
            counted_to: 0,
            breaks: 0,
            in_cells: 0,
        }
    }

    /// The row of `record`, which starts at or after its position's byte offset
    /// (after any line ends and blank lines there).
    fn row_of(&mut self, record: &csv::StringRecord) -> usize {
        let from = record.position().map_or(0, |p| p.byte() as usize);
        let mut start = from.clamp(self.counted_to, self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
        self.breaks += newlines(&self.text[self.counted_to..start]);
        self.counted_to = start;
        let row = self.breaks - self.in_cells + 1;
        self.in_cells += record.iter().map(|f| newlines(f.as_bytes())).sum::<usize>();
        row
    }
}

fn read_text_table(bytes: Vec<u8>, shown: &str) -> Result<Table, FileError> {
    let (text, encoding) = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let mut rows = RowCounter::new(&text);
    let mut grid = Grid::new(shown);
    for record in reader.records() {
        let record = record.map_err(|e| FileError::Open {
            path: shown.to_owned(),
            reason: e.to_string(),
        })?;
        let row = rows.row_of(&record);
        for (col, field) in record.iter().enumerate() {
            if field.contains(char::REPLACEMENT_CHARACTER) {
                return Err(FileError::BadEncoding {
                    path: shown.to_owned(),
                    row,
                    col: col + 1,
                    cell: bounds::cell_ref(row, col),
                });
            }
            grid.put(row, col, Cell::Text(field.to_owned()))?;
        }
    }
    let mut table = Table::from_grid(grid.into_rows(), shown)?;
    table.gbk = encoding == TextEncoding::Gbk;
    Ok(table)
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
            let t = read_text_table(bytes, "x.csv").unwrap();
            assert_eq!(t.headers, vec!["姓名", "身份证号"]);
            assert_eq!(t.rows[0].cells[0], Cell::Text("韩玥".into()));
            assert_eq!(t.rows[0].excel_row, 2);
        }
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        let rows = |text: &str| -> Vec<(usize, String)> {
            read_text_table(text.as_bytes().to_vec(), "x.csv")
                .unwrap()
                .rows
                .iter()
                .map(|r| (r.excel_row, r.cells[0].text()))
                .collect()
        };
        let expect = |v: &[(usize, &str)]| -> Vec<(usize, String)> {
            v.iter().map(|(r, t)| (*r, t.to_string())).collect()
        };
        // LF and CRLF alike; a blank line is a row of its own.
        for eol in ["\n", "\r\n"] {
            let text = ["姓名,x", "甲,1", "乙,2", "", "丙,3", "丁,4"].join(eol) + eol;
            assert_eq!(
                rows(&text),
                expect(&[(2, "甲"), (3, "乙"), (5, "丙"), (6, "丁")]),
                "{eol:?}"
            );
        }
        // A line break inside a quoted cell stays in the cell's row.
        for eol in ["\n", "\r\n"] {
            let text = format!("姓名,单位{eol}甲,\"县医保局{eol}费审科\"{eol}乙,1{eol}{eol}丙,2");
            assert_eq!(
                rows(&text),
                expect(&[(2, "甲"), (3, "乙"), (5, "丙")]),
                "{eol:?}"
            );
        }
    }

    #[test]
    fn unicode_text_in_either_byte_order_is_tab_separated() {
        let text = "姓名\t身份证号\r\n韩玥\t1\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [le, be] {
            let t = read_text_table(bytes, "x.txt").unwrap();
            assert_eq!(t.headers, vec!["姓名", "身份证号"]);
            assert_eq!(
                t.rows[0].cells,
                vec![Cell::Text("韩玥".into()), Cell::Text("1".into())]
            );
        }
        // A comma in a tab-separated file is part of its cell.
        let t = read_text_table("姓名\t单位\n韩玥\t县医保局,费审科\n".into(), "x.txt").unwrap();
        assert_eq!(t.rows[0].cells[1], Cell::Text("县医保局,费审科".into()));
    }

    #[test]
    fn headers_are_normalized_and_blank_rows_skipped() {
        let t = read_text_table("\n* 姓 名 ,身份证号\n,\n张三,2\n".into(), "x.csv").unwrap();
        assert_eq!(t.headers[0], "姓名");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].excel_row, 4);
        assert!(matches!(
            read_text_table("姓名,姓名\n".into(), "x.csv"),
            Err(FileError::DuplicateColumn(_))
        ));
    }
}
