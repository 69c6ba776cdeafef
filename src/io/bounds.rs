//! The limits an imported file is held to, checked before memory is spent on it:
//! the file's size, what its zip entries inflate to, Excel's own sheet limits
//! (1,048,576 rows, 16,384 columns, 32,767 characters a cell), and how large the
//! grid of cells and their text may grow. [`Grid`] collects the cells of a sheet
//! as they stream in and refuses the first one past a limit, naming it.

use std::io::{Read, Seek};
use std::path::Path;

use super::FileError;
use super::table::Cell;

/// The largest file an import opens.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// What the entries of an .xlsx (a zip) may inflate to in all.
pub const MAX_UNZIPPED_BYTES: u64 = 1024 * 1024 * 1024;
/// Excel's last row.
pub const MAX_ROWS: usize = 1_048_576;
/// Excel's last column (XFD).
pub const MAX_COLS: usize = 16_384;
/// The most characters Excel keeps in a cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most cells the rectangle from A1 to the last row and column may hold
/// (2^24: a million rows of 16 columns); a stray cell far out is refused here
/// rather than padded out row by row.
pub const MAX_CELLS: usize = 1 << 24;
/// The most bytes of cell text kept for a file (a shared string repeated in every
/// cell would otherwise be copied into each).
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;

/// The column letters of a 0-based column: 0 is A, 16,383 is XFD.
pub fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

/// A cell's reference, e.g. XFD1048576, from its 1-based row and 0-based column.
pub fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{row}", column_name(col))
}

/// Refuse a file over [`MAX_FILE_BYTES`] before anything of it is read.
pub fn check_file_size(path: &Path, shown: &str) -> Result<(), FileError> {
    let meta = std::fs::metadata(path).map_err(|e| FileError::Open {
        path: shown.to_owned(),
        reason: e.to_string(),
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileError::TooBig {
            path: shown.to_owned(),
            mb: meta.len().div_ceil(1024 * 1024),
        });
    }
    Ok(())
}

/// Refuse a zip (an .xlsx, .xlsb or .ods) whose entries inflate past
/// [`MAX_UNZIPPED_BYTES`]: first by the sizes its directory declares, then by
/// inflating each entry and counting, so that a lying directory is caught too.
/// What is no zip at all is left for the workbook reader to refuse.
pub fn check_unzipped<R: Read + Seek>(reader: R, shown: &str) -> Result<(), FileError> {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return Ok(());
    };
    let too_big = || FileError::Unzipped(shown.to_owned());
    let declared = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|e| e.size()))
        .fold(0_u64, u64::saturating_add);
    if declared > MAX_UNZIPPED_BYTES {
        return Err(too_big());
    }
    let mut total = 0_u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let left = MAX_UNZIPPED_BYTES - total;
        // An entry that fails to inflate is the workbook reader's to report.
        let read = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink()).unwrap_or(0);
        total += read;
        if total > MAX_UNZIPPED_BYTES {
            return Err(too_big());
        }
    }
    Ok(())
}

/// Refuse an .xls whose cells reach past the bounds. calamine reads every sheet
/// of an .xls into a dense grid as it opens the file, from the rows and columns
/// its cell records name (a crafted record at column 65,535 would make it
/// allocate a hundred gigabytes), so those records are scanned first, sheet by
/// sheet. What is no compound file, or has no workbook stream, is left for the
/// workbook reader to refuse.
pub fn check_xls<R: Read + Seek>(reader: R, shown: &str) -> Result<(), FileError> {
    let Ok(mut file) = cfb::CompoundFile::open(reader) else {
        return Ok(());
    };
    let Some(stream) = ["/Workbook", "/Book"]
        .iter()
        .find_map(|name| file.open_stream(name).ok())
    else {
        return Ok(());
    };
    let mut stream = std::io::BufReader::new(stream);
    let mut grid = Grid::new(shown);
    let mut header = [0_u8; 4];
    let mut data = Vec::new();
    while stream.read_exact(&mut header).is_ok() {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        data.resize(len, 0);
        if stream.read_exact(&mut data).is_err() {
            break;
        }
        let u16_at = |i: usize| {
            data.get(i..i + 2)
                .map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        };
        match kind {
            // BOF: a new sheet, with a rectangle of its own.
            0x0809 => grid = Grid::new(shown),
            // FORMULA, NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST.
            0x0006 | 0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                grid.reach(u16_at(0) + 1, u16_at(2))?;
            }
            // MULRK: a run of cells, its last column at the end.
            0x00BD if len >= 6 => {
                let last = u16_at(len - 2).max(u16_at(2) + (len - 6) / 6);
                grid.reach(u16_at(0) + 1, last)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Refuse an OpenDocument spreadsheet (whatever its name says): calamine reads
/// its repeated rows and columns out into a dense grid as it opens it, with no
/// way to bound that first.
pub fn refuse_ods<R: Read + Seek>(reader: R, shown: &str) -> Result<(), FileError> {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return Ok(());
    };
    let mut mimetype = String::new();
    if let Ok(entry) = zip.by_name("mimetype") {
        // The type is a short line; more is no ODS type.
        let _ = entry.take(128).read_to_string(&mut mimetype);
    }
    if mimetype.trim() == "application/vnd.oasis.opendocument.spreadsheet" {
        return Err(FileError::Ods(shown.to_owned()));
    }
    Ok(())
}

/// The cells of one sheet as they are read, row by row, each checked against the
/// limits before it is kept. Empty cells are not kept; a row is as wide as its
/// last non-empty cell.
pub struct Grid<'p> {
    shown: &'p str,
    rows: Vec<(usize, Vec<Cell>)>,
    last_row: usize,
    width: usize,
    text_bytes: usize,
}

impl<'p> Grid<'p> {
    /// An empty grid for the file shown as `shown` in messages.
    pub fn new(shown: &'p str) -> Self {
        Self {
            shown,
            rows: Vec::new(),
            last_row: 0,
            width: 0,
            text_bytes: 0,
        }
    }

    /// Refuse a position past Excel's last row or column: of a cell, or of the
    /// end of the range a sheet declares (checked before its cells are read).
    pub fn check_position(&self, row: usize, col: usize) -> Result<(), FileError> {
        let path = || self.shown.to_owned();
        let at = || cell_ref(row, col);
        if row > MAX_ROWS {
            return Err(FileError::TooManyRows {
                path: path(),
                cell: at(),
                row,
            });
        }
        if col >= MAX_COLS {
            return Err(FileError::TooManyColumns {
                path: path(),
                cell: at(),
                col: col + 1,
            });
        }
        Ok(())
    }

    /// Grow the sheet's rectangle from A1 to take in 1-based `row` and 0-based
    /// `col`, or refuse the file: past Excel's limits, or the rectangle past
    /// [`MAX_CELLS`].
    pub fn reach(&mut self, row: usize, col: usize) -> Result<(), FileError> {
        self.check_position(row, col)?;
        let last_row = self.last_row.max(row);
        let width = self.width.max(col + 1);
        if last_row.saturating_mul(width) > MAX_CELLS {
            return Err(FileError::TooLarge {
                path: self.shown.to_owned(),
                cell: cell_ref(row, col),
                rows: last_row,
                cols: width,
            });
        }
        self.last_row = last_row;
        self.width = width;
        Ok(())
    }

    /// Keep `cell` at 1-based `row` and 0-based `col`, or refuse the file.
    pub fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<(), FileError> {
        if cell.is_empty() {
            return Ok(());
        }
        let path = || self.shown.to_owned();
        let at = || cell_ref(row, col);
        if let Cell::Text(t) = &cell {
            if t.len() > MAX_CELL_CHARS {
                let chars = t.chars().count();
                if chars > MAX_CELL_CHARS {
                    return Err(FileError::CellTooLong {
                        path: path(),
                        cell: at(),
                        chars,
                    });
                }
            }
            self.text_bytes += t.len();
            if self.text_bytes > MAX_TEXT_BYTES {
                return Err(FileError::TooMuchText {
                    path: path(),
                    cell: at(),
                });
            }
        }
        self.reach(row, col)?;
        let at_row = match self.rows.last() {
            Some((r, _)) if *r == row => self.rows.len() - 1,
            Some((r, _)) if *r > row => match self.rows.binary_search_by_key(&row, |(r, _)| *r) {
                Ok(i) => i,
                Err(i) => {
                    self.rows.insert(i, (row, Vec::new()));
                    i
                }
            },
            _ => {
                // Rows are mostly as wide as the widest so far: room for that
                // at once, not grown cell by cell to twice what is needed.
                self.rows.push((row, Vec::with_capacity(self.width)));
                self.rows.len() - 1
            }
        };
        let cells = &mut self.rows[at_row].1;
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = cell;
        Ok(())
    }

    /// The rows kept, in row order, with their 1-based row numbers.
    pub fn into_rows(self) -> Vec<(usize, Vec<Cell>)> {
        self.rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_run_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(MAX_COLS - 1), "XFD");
        assert_eq!(cell_ref(1_048_576, 16_383), "XFD1048576");
    }

    #[test]
    fn grid_keeps_cells_in_row_order_and_refuses_past_the_limits() {
        let mut g = Grid::new("x.xlsx");
        let text = |s: &str| Cell::Text(s.into());
        g.put(3, 1, text("b")).unwrap();
        g.put(1, 0, text("a")).unwrap();
        g.put(3, 0, text("c")).unwrap();
        g.put(2, 5, Cell::Empty).unwrap();
        assert_eq!(
            g.into_rows(),
            vec![(1, vec![text("a")]), (3, vec![text("c"), text("b")]),]
        );
        let mut g = Grid::new("x.xlsx");
        let far = g.put(MAX_ROWS, MAX_COLS - 1, text("x")).unwrap_err();
        assert!(far.to_string().contains("XFD1048576"), "{far}");
        assert!(matches!(
            g.put(MAX_ROWS + 1, 0, text("x")),
            Err(FileError::TooManyRows { .. })
        ));
        assert!(matches!(
            g.put(1, MAX_COLS, text("x")),
            Err(FileError::TooManyColumns { .. })
        ));
        let long = "长".repeat(MAX_CELL_CHARS + 1);
        assert!(matches!(
            g.put(1, 0, Cell::Text(long)),
            Err(FileError::CellTooLong { chars, .. }) if chars == MAX_CELL_CHARS + 1
        ));
        // Exactly at Excel's limit is kept.
        g.put(1, 0, Cell::Text("长".repeat(MAX_CELL_CHARS)))
            .unwrap();
    }
}
