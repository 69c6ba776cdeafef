//! The 绩效自评报告 as DOCX in the GB/T 9704-2012 layout: A4 with the standard
//! margins, the title in 2号 小标宋 (a byline under it centered in 3号 楷体), the
//! body in 3号 仿宋 at a fixed 28 pt line, 一、 headings in 黑体 and （一） headings
//! in 楷体, the unit and date right-aligned, page numbers "— 1 —" in 4号 宋体
//! centered, and the 自评表 as 附件 on a landscape page of its own.

use std::io::Cursor;
use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType,
    PageMargin, PageOrientationType, PageSize, Paragraph, Run, RunFonts, Section,
    SpecialIndentType, Table, TableAlignmentType, TableCell, TableLayoutType, TableRow, VAlignType,
    VMergeType, WidthType,
};
use rust_decimal::Decimal;

use super::FileError;
use crate::report::scoresheet::{FUND_COLUMNS, INDICATOR_COLUMNS, ScoreSheet};
use crate::report::self_eval::{Block, ReportDoc};
use crate::store::exports::Stamp;

// Page geometry in twips (1 mm = 56.7 twips).
pub(super) const A4_SHORT: u32 = 11906;
pub(super) const A4_LONG: u32 = 16838;
/// 37 mm.
const MARGIN_TOP: i32 = 2098;
/// 35 mm.
const MARGIN_BOTTOM: i32 = 1985;
/// 28 mm.
const MARGIN_LEFT: i32 = 1588;
/// 26 mm.
const MARGIN_RIGHT: i32 = 1474;
/// The page number's baseline about 7 mm under the text block.
const FOOTER_DISTANCE: i32 = 1304;
/// The landscape 附件 page: 10 mm top and bottom, 15 mm left and right, so the
/// whole form fits one page (a 医疗救助 form has 13 indicators).
const APPENDIX_MARGIN_TB: i32 = 567;
const APPENDIX_MARGIN_LR: i32 = 851;
const APPENDIX_FOOTER_DISTANCE: i32 = 397;

// Fonts.
const XIAOBIAOSONG: &str = "方正小标宋简体";
pub(super) const FANGSONG: &str = "仿宋";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体";
const SONGTI: &str = "宋体";

// Sizes in half-points.
/// 2号, 22 pt.
const SIZE_2: usize = 44;
/// 小2号, 18 pt.
const SIZE_XIAO_2: usize = 36;
/// 3号, 16 pt.
pub(super) const SIZE_3: usize = 32;
/// 4号, 14 pt.
const SIZE_4: usize = 28;
/// 小4号, 12 pt.
pub(super) const SIZE_XIAO_4: usize = 24;
/// 5号, 10.5 pt.
const SIZE_5: usize = 21;
/// 小五: 9 pt.
const SIZE_XIAO_5: usize = 18;

/// The fixed body line, 28 pt.
pub(super) const LINE: i32 = 560;
/// The fixed line of the 附件 table, 12 pt.
const TABLE_LINE: i32 = 240;
/// The fixed title line, 35 pt.
const TITLE_LINE: i32 = 700;
/// Two characters of 3号.
const INDENT_2: i32 = 640;
/// Four characters of 3号: the right indent of the unit and date.
pub(super) const INDENT_4: i32 = 1280;

/// Column widths of the 附件 table in twips, A..I as in the XLSX; they fill the
/// landscape text width (16838 − 2 × 15 mm). A..C hold 4, 5 and 7 characters of
/// 5号 on one line.
const GRID: [usize; 9] = [1080, 1280, 1700, 2300, 1700, 1700, 650, 1100, 3626];

/// Write `doc` as a DOCX at `path`.
pub fn write_report(doc: &ReportDoc, path: &Path, stamp: &Stamp) -> Result<(), FileError> {
    save(doc, path, stamp).map_err(|e| FileError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

fn save(
    doc: &ReportDoc,
    path: &Path,
    stamp: &Stamp,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut xml = build(doc, stamp).build();
    xml.font_table = FONT_TABLE.as_bytes().to_vec();
    let mut buf = Cursor::new(Vec::new());
    xml.pack(&mut buf)?;
    std::fs::write(path, buf.into_inner())?;
    Ok(())
}

/// The font table: docx-rs writes a fixed one, so ours declares the Chinese
/// fonts, with 黑体 as the stand-in for 方正小标宋简体 where it is not installed.
pub(super) const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="楷体"><w:altName w:val="KaiTi"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    r#"</w:fonts>"#,
);

/// The GB/T 9704 margins of a portrait A4 page.
pub(super) fn official_margins() -> PageMargin {
    PageMargin::new()
        .top(MARGIN_TOP)
        .bottom(MARGIN_BOTTOM)
        .left(MARGIN_LEFT)
        .right(MARGIN_RIGHT)
        .header(851)
        .footer(FOOTER_DISTANCE)
        .gutter(0)
}

/// A line of a document's title: 2号 小标宋, centered.
pub(super) fn title_line(text: &str) -> Paragraph {
    line_of(text, XIAOBIAOSONG, SIZE_2, TITLE_LINE).align(AlignmentType::Center)
}

fn build(doc: &ReportDoc, stamp: &Stamp) -> Docx {
    let mut body = Section::new()
        .page_size(PageSize::new().size(A4_SHORT, A4_LONG))
        .page_margin(official_margins())
        // One footer only: docx-rs 0.4.22 keeps just the first footer given to a
        // Section, so odd/even (outer) page numbers cannot be set per section.
        .footer(page_footer(stamp));

    for line in &doc.title {
        body = body.add_paragraph(title_line(line));
    }
    for line in &doc.byline {
        body = body.add_paragraph(line_of(line, KAITI, SIZE_3, LINE).align(AlignmentType::Center));
    }
    body = body.add_paragraph(blank());
    for block in &doc.blocks {
        let (text, font) = match block {
            Block::Heading1(t) => (t, HEITI),
            Block::Heading2(t) => (t, KAITI),
            Block::Paragraph(t) => (t, FANGSONG),
        };
        for part in text.split('\n') {
            body = body.add_paragraph(
                line_of(part, font, SIZE_3, LINE)
                    .align(AlignmentType::Both)
                    .indent(
                        None,
                        Some(SpecialIndentType::FirstLine(INDENT_2)),
                        None,
                        None,
                    ),
            );
        }
    }
    if !doc.closing.is_empty() {
        body = body.add_paragraph(blank());
        for line in &doc.closing {
            body = body.add_paragraph(
                line_of(line, FANGSONG, SIZE_3, LINE)
                    .align(AlignmentType::Right)
                    .indent(None, None, Some(INDENT_4), None),
            );
        }
    }

    let sheet = &doc.appendix;
    let info = format!(
        "项目名称：{}　　主管部门：{}　　实施单位：{}",
        sheet.project, sheet.department, sheet.unit
    );
    let signers = "项目负责人：　　　　　　　　财务负责人：　　　　　　　　\
                   填表人：　　　　　　　　填报日期：　　　　年　　月　　日";
    Docx::new()
        // The defaults are the body's, so any paragraph docx-rs adds on its own
        // (the section break) sits on the 28 pt grid.
        .default_fonts(fonts(FANGSONG))
        .default_size(SIZE_3)
        .default_line_spacing(exact(LINE))
        .add_section(body)
        .add_paragraph(line_of("附件", HEITI, SIZE_3, LINE))
        .add_paragraph(
            line_of(&sheet.title(), XIAOBIAOSONG, SIZE_XIAO_2, LINE).align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&info, SONGTI, SIZE_XIAO_4))
                .fonts(fonts(SONGTI))
                .size(SIZE_XIAO_4)
                .line_spacing(single().after(60)),
        )
        .add_table(appendix_table(sheet))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(signers, SONGTI, SIZE_XIAO_4))
                .fonts(fonts(SONGTI))
                .size(SIZE_XIAO_4)
                .line_spacing(single().before(80)),
        )
        .page_size(A4_LONG, A4_SHORT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(APPENDIX_MARGIN_TB)
                .bottom(APPENDIX_MARGIN_TB)
                .left(APPENDIX_MARGIN_LR)
                .right(APPENDIX_MARGIN_LR)
                .header(567)
                .footer(APPENDIX_FOOTER_DISTANCE)
                .gutter(0),
        )
        .footer(page_footer(stamp))
}

/// `— 1 —` in 4号 宋体, centered, and under it the document's 核验码, who
/// exported it and when, in 小五.
pub(super) fn page_footer(stamp: &Stamp) -> Footer {
    let number = Run::new()
        .fonts(fonts(SONGTI))
        .size(SIZE_4)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let p = Paragraph::new()
        .add_run(run("— ", SONGTI, SIZE_4))
        .add_run(number)
        .add_run(run(" —", SONGTI, SIZE_4))
        .fonts(fonts(SONGTI))
        .size(SIZE_4)
        .line_spacing(single())
        .align(AlignmentType::Center);
    let code = Paragraph::new()
        .add_run(run(&stamp.line(), SONGTI, SIZE_XIAO_5))
        .fonts(fonts(SONGTI))
        .size(SIZE_XIAO_5)
        .line_spacing(single())
        .align(AlignmentType::Center);
    Footer::new().add_paragraph(p).add_paragraph(code)
}

pub(super) fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(name)
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
}

pub(super) fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

pub(super) fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line(line)
        .line_rule(LineSpacingType::Exact)
        .before(0)
        .after(0)
}

pub(super) fn single() -> LineSpacing {
    LineSpacing::new()
        .line(240)
        .line_rule(LineSpacingType::Auto)
        .before(0)
        .after(0)
}

/// One paragraph of `text` in `font` at `size`, on a fixed `line`.
pub(super) fn line_of(text: &str, font: &str, size: usize, line: i32) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, font, size))
        .fonts(fonts(font))
        .size(size)
        .line_spacing(exact(line))
}

/// An empty body line.
pub(super) fn blank() -> Paragraph {
    Paragraph::new()
        .fonts(fonts(FANGSONG))
        .size(SIZE_3)
        .line_spacing(exact(LINE))
}

/// A score as the form prints it: 98, 8.5.
fn score(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A rate in % with 2 decimals: 100.00%.
fn percent(d: Decimal) -> String {
    let mut r = d.round_dp(2);
    r.rescale(2);
    format!("{r}%")
}

/// How a table cell is drawn.
#[derive(Clone, Copy)]
enum Look {
    /// Bold and centered.
    Head,
    Center,
    Left,
    Right,
}

/// A cell of the 附件 table spanning `cols` grid columns from `first`.
fn cell(text: &str, first: usize, cols: usize, look: Look) -> TableCell {
    let (align, bold) = match look {
        Look::Head => (AlignmentType::Center, true),
        Look::Center => (AlignmentType::Center, false),
        Look::Left => (AlignmentType::Both, false),
        Look::Right => (AlignmentType::Right, false),
    };
    table_cell(text, &GRID[first..first + cols], align, bold)
}

/// A 5号 宋体 table cell over the grid columns of `widths` (twips), its lines
/// (split at `\n`) on a fixed 13 pt line.
pub(super) fn table_cell(
    text: &str,
    widths: &[usize],
    align: AlignmentType,
    bold: bool,
) -> TableCell {
    let mut c = TableCell::new()
        .width(widths.iter().sum(), WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    if widths.len() > 1 {
        c = c.grid_span(widths.len());
    }
    for part in text.split('\n') {
        let mut r = run(part, SONGTI, SIZE_5);
        if bold {
            r = r.bold();
        }
        c = c.add_paragraph(
            Paragraph::new()
                .add_run(r)
                .fonts(fonts(SONGTI))
                .size(SIZE_5)
                .line_spacing(exact(TABLE_LINE))
                .align(align),
        );
    }
    c
}

/// A cell that starts (`first == true`) or continues a vertical merge.
fn merged(text: &str, col: usize, first: bool, look: Look) -> TableCell {
    if first {
        cell(text, col, 1, look).vertical_merge(VMergeType::Restart)
    } else {
        cell("", col, 1, look).vertical_merge(VMergeType::Continue)
    }
}

fn row(cells: Vec<TableCell>) -> TableRow {
    TableRow::new(cells).row_height(260.0).cant_split()
}

/// The 自评表 as a table: the funds block, 年度总体目标, the indicator rows and 总分,
/// merged where the XLSX merges.
fn appendix_table(sheet: &ScoreSheet) -> Table {
    let mut rows = Vec::new();

    // Funds block.
    let mut head = vec![
        merged("项目资金\n（万元）", 0, true, Look::Head),
        cell("", 1, 2, Look::Head),
    ];
    for (i, h) in FUND_COLUMNS.into_iter().enumerate() {
        head.push(cell(h, 3 + i, 1, Look::Head));
    }
    rows.push(row(head));
    for (i, f) in sheet.funds.iter().enumerate() {
        let mut cells = vec![
            merged("", 0, false, Look::Head),
            cell(f.label, 1, 2, Look::Left),
            cell(&f.initial.wan_yuan(), 3, 1, Look::Right),
            cell(&f.full.wan_yuan(), 4, 1, Look::Right),
            cell(&f.executed.wan_yuan(), 5, 1, Look::Right),
        ];
        if i == 0 {
            cells.push(cell(&score(sheet.budget_weight), 6, 1, Look::Center));
            cells.push(cell(&percent(sheet.execution_rate), 7, 1, Look::Center));
            cells.push(cell(&score(sheet.budget_score), 8, 1, Look::Center));
        } else {
            for c in 6..=8 {
                cells.push(cell("—", c, 1, Look::Center));
            }
        }
        rows.push(row(cells));
    }

    // 年度总体目标.
    rows.push(row(vec![
        merged("年度总体\n目标", 0, true, Look::Head),
        cell("预期目标", 1, 4, Look::Head),
        cell("实际完成情况", 5, 4, Look::Head),
    ]));
    rows.push(row(vec![
        merged("", 0, false, Look::Head),
        cell(&sheet.goal_expected, 1, 4, Look::Left),
        cell(&sheet.goal_actual, 5, 4, Look::Left),
    ]));

    // Indicator rows.
    let mut head = vec![merged("绩效指标", 0, true, Look::Head)];
    for (i, h) in INDICATOR_COLUMNS.into_iter().enumerate() {
        head.push(cell(h, 1 + i, 1, Look::Head));
    }
    rows.push(row(head));
    for (i, r) in sheet.rows.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| &sheet.rows[p]);
        let new1 = prev.is_none_or(|p| p.level1 != r.level1);
        let new2 = new1 || prev.is_none_or(|p| p.level2 != r.level2);
        rows.push(row(vec![
            merged("", 0, false, Look::Head),
            merged(&r.level1, 1, new1, Look::Center),
            merged(&r.level2, 2, new2, Look::Center),
            cell(&r.name, 3, 1, Look::Left),
            cell(&r.target, 4, 1, Look::Center),
            cell(&r.actual, 5, 1, Look::Center),
            cell(&score(r.weight), 6, 1, Look::Center),
            cell(&score(r.score), 7, 1, Look::Center),
            cell(&r.reason, 8, 1, Look::Left),
        ]));
    }

    rows.push(row(vec![
        cell("总分", 0, 6, Look::Head),
        cell(&score(sheet.total_weight), 6, 1, Look::Head),
        cell(&score(sheet.total), 7, 1, Look::Head),
        cell(&format!("自评等级：{}", sheet.grade), 8, 1, Look::Head),
    ]));

    Table::new(rows)
        .set_grid(GRID.to_vec())
        .width(GRID.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::io::scoresheet::tests::sample_sheet;

    /// The 2021 report of seed 000, shortened.
    fn sample_report() -> ReportDoc {
        let p = |s: &str| Block::Paragraph(s.to_owned());
        let h1 = |s: &str| Block::Heading1(s.to_owned());
        let h2 = |s: &str| Block::Heading2(s.to_owned());
        ReportDoc {
            title: vec![
                "2021年度丰都县医疗保障局离休人员".to_owned(),
                "医药费县级补助项目绩效自评报告".to_owned(),
            ],
            byline: Vec::new(),
            blocks: vec![
                h1("一、项目基本概况"),
                h2("（一）项目背景、内容。"),
                p(
                    "依据2007年4月24日县政府专题会议纪要第二十三期《丰都县人民政府办公室研究离休干部医药费报销问题》会议精神，离休干部是中国革命和社会主义建设的功臣。建立离休干部医药费保障机制和财政支持机制是党中央、国务院对落实离休干部生活待遇的一项重要举措。",
                ),
                p(
                    "对离休干部个人医疗定额标准为：抗日战争时期参加革命工作的离休干部定额标准为5000元；解放战争时期参加革命工作的离休干部定额标准为3000元。全年住院和门诊医疗费用合计未超过以上标准，以现金补足。离休干部医药费统筹标准为8000元/人/年。",
                ),
                h2("（二）项目资金情况。"),
                p(
                    "2021年初预算离休人员医药费134万元，县财政局1-12月累计拨付离休干部药费155万元，医保局实际支付离休人员药费155万元，资金结余0万元。",
                ),
                h1("二、绩效目标完成情况分析"),
                h2("（一）总体绩效目标完成情况分析"),
                p(
                    "经统计，2021年离休人员住院25人，报销支出达到88.65万元；门诊就诊1352人次，报销支出达66.35万元。享受医疗报销待遇1451人次，实现了县级离休人员覆盖率达100%。",
                ),
                h2("（二）评价结果"),
                p("本项目自评分为98分，评价等级为优等级，达到预期绩效目标。"),
                h1("三、存在问题"),
                p("基本药品目录内的医药费用按100%报销，但仍有极少数离休人员对报销费用不满意。"),
                h1("四、下一步改进措施"),
                p(
                    "我局认真贯彻实施离休人员报销政策，严格程序，规范操作，建立与县财政、县委组织部等部门协作工作机制，制定切实可行的报销方式和报销政策。",
                ),
                h1("五、绩效自评结果拟应用和公开情况"),
                p("绩效自评结果将在丰都县人民政府公众信息网站上进行公开。"),
                h1("六、其他需要说明的问题"),
                p("无。"),
            ],
            closing: vec!["丰都县医疗保障局".to_owned(), "2022年3月15日".to_owned()],
            placeholders: Vec::new(),
            appendix: sample_sheet(),
        }
    }

    fn part(path: &Path, name: &str) -> String {
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut out = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn writes_the_official_layout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("自评报告.docx");
        write_report(&sample_report(), &path, &Stamp::example()).unwrap();
        let xml = part(&path, "word/document.xml");

        assert!(xml.contains("2021年度丰都县医疗保障局离休人员"));
        assert!(xml.contains("一、项目基本概况"));
        assert!(xml.contains("（一）项目背景、内容。"));
        assert!(xml.contains("资金结余0万元"));
        // Title, headings and body in their fonts and sizes.
        assert!(xml.contains(r#"w:eastAsia="方正小标宋简体""#));
        assert!(xml.contains(r#"w:eastAsia="黑体""#));
        assert!(xml.contains(r#"w:eastAsia="楷体""#));
        assert!(xml.contains(r#"w:eastAsia="仿宋""#));
        assert!(xml.contains(r#"<w:sz w:val="44" />"#));
        assert!(xml.contains(r#"<w:sz w:val="32" />"#));
        assert!(xml.contains(r#"w:line="560" w:lineRule="exact""#));
        assert!(xml.contains(r#"w:firstLine="640""#));
        // GB/T 9704 margins on the portrait body, then the landscape 附件.
        assert!(
            xml.contains(r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588""#)
        );
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
        assert!(xml.contains(r#"w:w="16838" w:h="11906" w:orient="landscape""#));

        // The 附件 follows the closing and carries the whole form.
        let closing = xml.find("2022年3月15日").unwrap();
        let appendix = xml.find(">附件<").unwrap();
        assert!(closing < appendix);
        let title = xml.find("2021年度项目支出绩效自评表").unwrap();
        let table_at = xml.find("<w:tbl>").unwrap();
        assert!(appendix < title && title < table_at);
        assert!(xml[appendix..table_at].contains("实施单位：丰都县医疗保障局"));
        let table = &xml[table_at..];
        for text in [
            "项目资金",
            "134.00",
            "155.00",
            "100.00%",
            "年度总体",
            "对健全医疗保障制度体系的作用",
            ">8.5<",
            ">98<",
            "自评等级：优",
        ] {
            assert!(table.contains(text), "the table lacks {text}");
        }
        assert!(table.contains(r#"<w:vMerge w:val="restart" />"#));
        assert!(table.contains(r#"<w:gridSpan w:val="6" />"#));

        // Page numbers "— 1 —" in the footers.
        let footer = part(&path, "word/footer1.xml");
        assert!(footer.contains("— "));
        assert!(footer.contains(" —"));
        assert!(footer.contains("PAGE"));
        assert!(footer.contains(r#"w:eastAsia="宋体""#));

        let font_table = part(&path, "word/fontTable.xml");
        assert!(
            font_table.contains(r#"<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"/>"#)
        );
    }

    #[test]
    fn scores_print_without_trailing_zeros() {
        assert_eq!(score(Decimal::new(9800, 2)), "98");
        assert_eq!(score(Decimal::new(850, 2)), "8.5");
        assert_eq!(percent(Decimal::new(9987, 2)), "99.87%");
        assert_eq!(percent(Decimal::from(100)), "100.00%");
    }

    #[test]
    fn an_unwritable_path_is_a_write_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("r.docx");
        match write_report(&sample_report(), &path, &Stamp::example()) {
            Err(FileError::Write { path: p, .. }) => assert!(p.ends_with("r.docx")),
            other => panic!("expected a write error, got {other:?}"),
        }
    }
}
