//! The roster table: its columns for the program kind and the rows as they scroll
//! into view.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::domain::beneficiary::Status;
use crate::domain::dates::iso;
use crate::domain::id_number::age_on;
use crate::domain::program::{ProgramKind, ProgramYear};
use crate::store::Store;
use crate::store::beneficiaries::RosterSort;
use crate::ui::style;
use crate::ui::widgets::read_error_ui;

use super::detail::load_detail;
use super::{ROW_HEIGHT, RosterPage, today};

impl RosterPage {
    pub(super) fn table_ui(
        &mut self,
        ui: &mut Ui,
        store: &Store,
        kind: ProgramKind,
        year: Option<&ProgramYear>,
    ) {
        let Some(view) = &mut self.view else {
            return;
        };
        if let Some(e) = &view.error {
            read_error_ui(ui, "名册", e);
            return;
        }
        if view.ids.is_empty() {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                if view.query.is_empty() {
                    ui.label("名册为空。点击“新增”逐个录入，或“导入…”从 Excel 导入。");
                } else {
                    ui.label(format!("没有与“{}”相符的人员。", view.query));
                }
            });
            return;
        }
        let today = today();
        let class_one = kind.has_class_one();
        let columns = roster_columns(kind);
        let status_col = columns.iter().position(|c| c.0 == "状态");
        let mut clicked_sort = None;
        let mut clicked_row = None;
        let mut open_row = None;
        let current_sort = (view.sort, view.descending);
        let selected = self.selected;
        let mut table = TableBuilder::new(ui);
        if std::mem::take(&mut view.scroll_to_top) {
            table = table.vertical_scroll_offset(0.0);
        }
        table = table
            .id_salt("roster_table")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        for (_, _, column) in &columns {
            table = table.column(*column);
        }
        table
            .header(30.0, |mut header| {
                for (title, sort, _) in columns {
                    header.col(|ui| {
                        let arrow = match (sort, current_sort) {
                            (Some(s), (cur, desc)) if s == cur => {
                                if desc {
                                    " ▼"
                                } else {
                                    " ▲"
                                }
                            }
                            _ => "",
                        };
                        let r = ui.add(
                            egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                                .frame(false),
                        );
                        if r.clicked() {
                            clicked_sort = sort;
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, view.ids.len(), |mut row| {
                    let index = row.index();
                    let Some(person) = view.row(store, index).cloned() else {
                        return;
                    };
                    row.set_selected(selected == Some(person.id));
                    let r = &person.fields;
                    let masked = crate::domain::mask::mask_id_middle(&r.id_number);
                    let status = person.status.label().to_owned();
                    let mut cells = vec![
                        r.name.clone(),
                        masked,
                        r.gender.label().to_owned(),
                        age_on(r.birth_date, today).to_string(),
                        r.category.clone(),
                    ];
                    if class_one {
                        cells.push(crate::domain::yes_no(r.class_one).to_owned());
                    } else {
                        cells.push(r.work_date.map(iso).unwrap_or_default());
                        cells.push(
                            year.map(|y| y.params.quota_for(&r.category).grouped())
                                .unwrap_or_default(),
                        );
                    }
                    cells.push(status);
                    cells.push(r.unit.clone());
                    for (i, text) in cells.into_iter().enumerate() {
                        row.col(|ui| {
                            let mut t = RichText::new(text);
                            if Some(i) == status_col && person.status != Status::Active {
                                t = t.color(style::WARNING);
                            }
                            ui.add(egui::Label::new(t).selectable(false).truncate());
                        });
                    }
                    let resp = row.response();
                    if resp.clicked() {
                        clicked_row = Some(person.id);
                    }
                    if resp.double_clicked() {
                        open_row = Some(person.id);
                    }
                });
            });
        if let Some(sort) = clicked_sort {
            let descending = current_sort.0 == sort && !current_sort.1;
            self.sort = Some((sort, descending));
        }
        if let Some(id) = clicked_row.or(open_row) {
            self.selected = Some(id);
            self.detail = Some(load_detail(store, id));
        }
    }
}

/// The roster table's columns for a program of `kind`: title, sort and width.
fn roster_columns(kind: ProgramKind) -> Vec<(&'static str, Option<RosterSort>, Column)> {
    let mut columns = vec![
        (
            "姓名",
            Some(RosterSort::Name),
            Column::initial(84.0).at_least(60.0),
        ),
        (
            "身份证号",
            Some(RosterSort::IdNumber),
            Column::initial(170.0).at_least(120.0),
        ),
        ("性别", Some(RosterSort::Gender), Column::initial(44.0)),
        ("年龄", Some(RosterSort::Age), Column::initial(44.0)),
    ];
    match kind {
        ProgramKind::Lixiu => columns.extend([
            ("类别", Some(RosterSort::Category), Column::initial(104.0)),
            (
                "参加工作时间",
                Some(RosterSort::WorkDate),
                Column::initial(104.0),
            ),
            ("个人定额", Some(RosterSort::Quota), Column::initial(84.0)),
        ]),
        ProgramKind::Jiuzhu => columns.extend([
            (
                "救助类别",
                Some(RosterSort::Category),
                Column::initial(130.0),
            ),
            (
                "一类对象",
                Some(RosterSort::ClassOne),
                Column::initial(64.0),
            ),
        ]),
    }
    columns.extend([
        ("状态", Some(RosterSort::Status), Column::initial(52.0)),
        (
            "单位",
            Some(RosterSort::Unit),
            Column::remainder().at_least(140.0),
        ),
    ]);
    columns
}
