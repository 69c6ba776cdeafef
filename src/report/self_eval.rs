//! The 绩效自评报告 of a program-year as a document model: the title (with the unit
//! and date under it, where the template puts them there), the sections of the
//! program kind's template with the clerk's narrative (placeholders filled from the
//! data), the unit and date at the end, and the 自评表 as its 附件.
//! `io::report_docx` renders it in the GB/T 9704 layout.

use super::scoresheet::ScoreSheet;

/// A piece of the report body, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `一、项目基本概况`: 黑体.
    Heading1(String),
    /// `（一）项目背景、内容。`: 楷体.
    Heading2(String),
    /// A body paragraph in 仿宋, first line indented two characters.
    Paragraph(String),
}

/// The report, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportDoc {
    /// The title, one entry per printed line.
    pub title: Vec<String>,
    /// Lines centered under the title (seed 004: the unit and the date).
    pub byline: Vec<String>,
    pub blocks: Vec<Block>,
    /// The unit and the date, right-aligned at the end.
    pub closing: Vec<String>,
    /// The 自评表, printed after the closing as 附件.
    pub appendix: ScoreSheet,
    /// Each placeholder the text fills and its value, in order of first use:
    /// the figures the report quotes.
    pub placeholders: Vec<(String, String)>,
}
