//! Files in and out: spreadsheet import with its dry-run preview, and the writers.

pub mod audit_import;
pub mod audit_log;
pub mod bounds;
pub mod claims_detail;
pub mod claims_import;
pub mod declaration;
pub mod hospital_import;
pub mod identity_import;
pub mod import_preview;
pub mod manual_docx;
pub mod premium_import;
pub mod public_list;
pub mod recovery_sheet;
pub mod registers;
pub mod report_docx;
pub mod roster_import;
pub mod scoresheet;
pub mod sheet_layout;
pub mod table;
pub mod xlsx;

/// A file that cannot be read as a table, in the clerk's words.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("无法打开文件 {path}：{reason}")]
    Open { path: String, reason: String },
    #[error("不支持的文件类型「{0}」，请使用 .xlsx、.xls、.csv 或 .txt（Unicode 文本）")]
    UnsupportedType(String),
    /// The file has a spreadsheet's extension but no spreadsheet inside.
    #[error("无法打开文件 {0}：文件不是有效的 Excel 文件，可能已损坏或扩展名不对")]
    NotExcel(String),
    #[error("文件 {0} 中没有数据")]
    Empty(String),
    #[error("缺少必需的列「{column}」（表头可写作：{aliases}）")]
    MissingColumn { column: String, aliases: String },
    #[error("表头中「{0}」出现了不止一次")]
    DuplicateColumn(String),
    #[error("无法写入文件 {path}：{reason}")]
    Write { path: String, reason: String },
    #[error(
        "文件 {path} 有 {mb} MB，超过导入文件的上限 200 MB，未读取。请拆分成几个较小的文件后再导入"
    )]
    TooBig { path: String, mb: u64 },
    #[error("文件 {0} 解压后超过 1 GB（内容过多或文件异常），未读取")]
    Unzipped(String),
    #[error("文件 {path} 的单元格 {cell} 在第 {row} 行，超出 Excel 的最大行数 1048576 行，未导入")]
    TooManyRows {
        path: String,
        cell: String,
        row: usize,
    },
    #[error(
        "文件 {path} 的单元格 {cell} 在第 {col} 列，超出 Excel 的最大列数 16384 列（XFD 列），未导入"
    )]
    TooManyColumns {
        path: String,
        cell: String,
        col: usize,
    },
    #[error(
        "文件 {path} 的表格范围过大：单元格 {cell} 使表格达到 {rows} 行 × {cols} 列，超过 1677 万个单元格，未导入。请删除表格右侧或下方多余的内容后再导入"
    )]
    TooLarge {
        path: String,
        cell: String,
        rows: usize,
        cols: usize,
    },
    #[error(
        "文件 {path} 的单元格 {cell} 有 {chars} 个字符，超过 Excel 单元格的上限 32767 个字符，未导入"
    )]
    CellTooLong {
        path: String,
        cell: String,
        chars: usize,
    },
    #[error("文件 {path} 的文字内容过多（到单元格 {cell} 已超过 256 MB），未导入")]
    TooMuchText { path: String, cell: String },
    #[error(
        "文件 {0} 是 OpenDocument 表格（.ods），不能导入。请在 WPS 或 Excel 中另存为 .xlsx 后再导入"
    )]
    Ods(String),
    /// Bytes that are neither UTF-8 nor GBK, decoded to U+FFFD.
    #[error(
        "文件 {path} 第 {row} 行第 {col} 列（单元格 {cell}）有无法识别的字符（编码错误），未导入。请在 Excel 或 WPS 中另存为「CSV UTF-8」后再导入"
    )]
    BadEncoding {
        path: String,
        row: usize,
        col: usize,
        cell: String,
    },
}
