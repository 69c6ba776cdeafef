//! The 操作手册: its text (`docs/manual/manual.md`, a small Markdown subset) parsed
//! into sections of blocks, and its screenshots (`docs/manual/*.png`, written by
//! `tests/manual.rs` from the real pages). The window shows it (`ui::help`) and
//! `io::manual_docx` prints it.
//!
//! The subset: `# ` the title, `## ` a section, `### ` a subheading, `- ` an item,
//! `1. ` a step, `![caption](file.png)` a screenshot, `> ` a note; any other line
//! joins the paragraph it is in, and a blank line ends it.

/// The manual's source text.
pub const SOURCE: &str = include_str!("../../docs/manual/manual.md");

/// The screenshots, by file name, as the tests render them.
pub const SCREENSHOTS: &[(&str, &[u8])] = &[
    ("login.png", include_bytes!("../../docs/manual/login.png")),
    ("roster.png", include_bytes!("../../docs/manual/roster.png")),
    ("claims.png", include_bytes!("../../docs/manual/claims.png")),
    (
        "transfers.png",
        include_bytes!("../../docs/manual/transfers.png"),
    ),
    ("funds.png", include_bytes!("../../docs/manual/funds.png")),
    (
        "scoring.png",
        include_bytes!("../../docs/manual/scoring.png"),
    ),
    (
        "declaration.png",
        include_bytes!("../../docs/manual/declaration.png"),
    ),
    (
        "reports.png",
        include_bytes!("../../docs/manual/reports.png"),
    ),
    ("params.png", include_bytes!("../../docs/manual/params.png")),
    (
        "hospitals.png",
        include_bytes!("../../docs/manual/hospitals.png"),
    ),
    (
        "settings.png",
        include_bytes!("../../docs/manual/settings.png"),
    ),
    ("verify.png", include_bytes!("../../docs/manual/verify.png")),
    (
        "premiums.png",
        include_bytes!("../../docs/manual/premiums.png"),
    ),
];

/// One block of a section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Subheading(String),
    Paragraph(String),
    /// A bullet item.
    Item(String),
    /// A numbered step, with its number as written.
    Step(String, String),
    /// A note set apart (提示).
    Note(String),
    /// A screenshot: its file name and caption.
    Screenshot {
        file: String,
        caption: String,
    },
}

/// A section: a `## ` heading and what follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The whole manual.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manual {
    pub title: String,
    /// What comes before the first section.
    pub intro: Vec<Block>,
    pub sections: Vec<Section>,
}

/// The manual as shipped.
pub fn manual() -> Manual {
    parse(SOURCE)
}

/// The bytes of the screenshot `file`, if the manual ships it.
pub fn screenshot(file: &str) -> Option<&'static [u8]> {
    SCREENSHOTS.iter().find(|s| s.0 == file).map(|s| s.1)
}

/// Parse the subset (see the module's doc).
pub fn parse(text: &str) -> Manual {
    let mut manual = Manual {
        title: String::new(),
        intro: Vec::new(),
        sections: Vec::new(),
    };
    let mut paragraph = String::new();
    for line in text.lines().map(str::trim_end) {
        let block = line_block(line);
        if block.is_some() || line.trim().is_empty() || line.starts_with('#') {
            flush(&mut manual, &mut paragraph);
        }
        if let Some(title) = line.strip_prefix("## ") {
            manual.sections.push(Section {
                title: title.trim().to_owned(),
                blocks: Vec::new(),
            });
        } else if let Some(title) = line.strip_prefix("# ") {
            manual.title = title.trim().to_owned();
        } else if let Some(block) = block {
            push(&mut manual, block);
        } else if !line.trim().is_empty() {
            paragraph.push_str(line.trim());
        }
    }
    flush(&mut manual, &mut paragraph);
    manual
}

/// A line that is a block by itself.
fn line_block(line: &str) -> Option<Block> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("### ") {
        return Some(Block::Subheading(rest.trim().to_owned()));
    }
    if let Some(rest) = line.strip_prefix("- ") {
        return Some(Block::Item(rest.trim().to_owned()));
    }
    if let Some(rest) = line.strip_prefix("> ") {
        return Some(Block::Note(rest.trim().to_owned()));
    }
    if let Some(rest) = line.strip_prefix("![") {
        let (caption, rest) = rest.split_once("](")?;
        let file = rest.strip_suffix(')')?;
        return Some(Block::Screenshot {
            file: file.trim().to_owned(),
            caption: caption.trim().to_owned(),
        });
    }
    let (number, rest) = line.split_once(". ")?;
    (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
        .then(|| Block::Step(number.to_owned(), rest.trim().to_owned()))
}

fn push(manual: &mut Manual, block: Block) {
    match manual.sections.last_mut() {
        Some(section) => section.blocks.push(block),
        None => manual.intro.push(block),
    }
}

fn flush(manual: &mut Manual, paragraph: &mut String) {
    if !paragraph.is_empty() {
        push(manual, Block::Paragraph(std::mem::take(paragraph)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        let m = parse(
            "# 手册\n引言第一行\n引言第二行\n\n## 开年\n### 准备\n1. 第一步\n- 一项\n> 提示\n![图一](a.png)\n正文\n",
        );
        assert_eq!(m.title, "手册");
        assert_eq!(
            m.intro,
            vec![Block::Paragraph("引言第一行引言第二行".into())]
        );
        assert_eq!(m.sections.len(), 1);
        assert_eq!(
            m.sections[0].blocks,
            vec![
                Block::Subheading("准备".into()),
                Block::Step("1".into(), "第一步".into()),
                Block::Item("一项".into()),
                Block::Note("提示".into()),
                Block::Screenshot {
                    file: "a.png".into(),
                    caption: "图一".into()
                },
                Block::Paragraph("正文".into()),
            ]
        );
    }

    #[test]
    fn every_screenshot_the_manual_names_is_shipped_and_every_shipped_one_is_used() {
        let m = manual();
        let named: Vec<String> = m
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .chain(&m.intro)
            .filter_map(|b| match b {
                Block::Screenshot { file, .. } => Some(file.clone()),
                _ => None,
            })
            .collect();
        for file in &named {
            assert!(screenshot(file).is_some(), "{file}");
        }
        for (file, bytes) in SCREENSHOTS {
            assert!(named.contains(&(*file).to_owned()), "{file} is not used");
            assert!(bytes.starts_with(b"\x89PNG"), "{file}");
        }
    }

    #[test]
    fn has_a_section_per_page_and_per_yearly_task() {
        let m = manual();
        let titles: Vec<&str> = m.sections.iter().map(|s| s.title.as_str()).collect();
        for task in [
            "开年",
            "每月报账与审核",
            "划拨",
            "年终清算",
            "绩效自评与报告",
            "备份与恢复",
        ] {
            assert!(
                titles.iter().any(|t| t.contains(task)),
                "{task}: {titles:?}"
            );
        }
    }
}
