//! Files in and out: spreadsheet import with its dry-run preview, and the writers.

pub mod audit_import;
pub mod audit_log;
pub mod claims_detail;
pub mod claims_import;
pub mod hospital_import;
pub mod import_preview;
pub mod premium_import;
pub mod public_list;
pub mod recovery_sheet;
pub mod registers;
pub mod report_docx;
pub mod roster_import;
pub mod scoresheet;
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
}
