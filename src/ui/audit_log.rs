//! 操作日志: the whole audit log for the 安全审计员 and the 管理员, newest first,
//! filtered by user, entity, action and date range. The table is virtualized: only
//! the rows scrolled into view are read from the store, a page at a time. The
//! chain's verification status stands above it, and 导出 XLSX writes every row
//! the filter matches.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::app::PageCtx;
use super::export_buttons::{file_export_running, file_export_ui, start_file_export};
use super::page::Page;
use super::style;
use super::widgets::{PagedRows, read_error_ui, with_header};
use crate::domain::audit_label::{action_label, entity_label, with_code};
use crate::domain::dates::{iso, parse_date};
use crate::domain::user::Action;
use crate::store::audit_log::{AuditChoices, AuditFilter, AuditRow};
use crate::store::{Actor, Store, StoreError};

pub const TITLE: &str = "操作日志";

/// Rows read from the store at a time.
const PAGE: usize = 200;
const ROW_HEIGHT: f32 = 24.0;
/// The export's id for its progress panel.
const EXPORT: &str = "audit_log_export";

/// The rows of one filter, fetched as they scroll into view.
struct View {
    filter: AuditFilter,
    count: usize,
    rows: PagedRows<AuditRow>,
    /// Why a page of rows could not be read; the table is not shown then.
    error: Option<StoreError>,
}

impl View {
    fn load(store: &Store, actor: &Actor, filter: AuditFilter) -> crate::store::Result<Self> {
        Ok(Self {
            count: store.audit_log_count(actor, &filter)?,
            filter,
            rows: PagedRows::new(PAGE),
            error: None,
        })
    }

    fn row(&mut self, store: &Store, actor: &Actor, index: usize) -> Option<&AuditRow> {
        let filter = &self.filter;
        match self.rows.get(index, |offset, limit| {
            store.audit_log_rows(actor, filter, offset, limit)
        }) {
            Ok(row) => row,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }
}

/// What the store answered once per opening: the filters' choices and the
/// chain's problems.
struct Facts {
    choices: AuditChoices,
    problems: Vec<String>,
}

/// The page's own state.
#[derive(Default)]
pub struct AuditLogPage {
    user: Option<String>,
    entity: Option<String>,
    action: Option<String>,
    from: String,
    to: String,
    facts: Option<crate::store::Result<Facts>>,
    view: Option<crate::store::Result<View>>,
}

/// A typed date: empty is none, anything else must be a date.
fn typed_date(text: &str, what: &str) -> Result<Option<chrono::NaiveDate>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_date(text).map(Some).ok_or_else(|| {
        format!(
            "{what}「{}」不是有效日期，请按 YYYY-MM-DD 填写",
            text.trim()
        )
    })
}

impl AuditLogPage {
    /// The filter as chosen and typed, or what is wrong with a date.
    fn filter(&self) -> Result<AuditFilter, String> {
        let from = typed_date(&self.from, "起始日期")?;
        let to = typed_date(&self.to, "结束日期")?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(format!("起始日期 {} 晚于结束日期 {}", iso(f), iso(t)));
        }
        Ok(AuditFilter {
            user: self.user.clone(),
            entity: self.entity.clone(),
            action: self.action.clone(),
            from,
            to,
        })
    }

    fn load_facts(store: &Store, actor: &Actor) -> crate::store::Result<Facts> {
        Ok(Facts {
            choices: store.audit_log_choices(actor)?,
            problems: store.audit_log_problems(actor)?,
        })
    }

    fn filters_ui(&mut self, ui: &mut Ui, choices: &AuditChoices) {
        ui.horizontal_wrapped(|ui| {
            let users: Vec<(String, String)> = choices
                .users
                .iter()
                .map(|(u, name)| {
                    let shown = if name.is_empty() {
                        u.clone()
                    } else {
                        format!("{u}（{name}）")
                    };
                    (u.clone(), shown)
                })
                .collect();
            choice_ui(ui, "用户", &mut self.user, &users);
            let labelled = |codes: &[String], label: fn(&str) -> &str| -> Vec<(String, String)> {
                codes
                    .iter()
                    .map(|c| (c.clone(), with_code(label(c), c)))
                    .collect()
            };
            choice_ui(
                ui,
                "对象",
                &mut self.entity,
                &labelled(&choices.entities, entity_label),
            );
            let actions = labelled(&choices.actions, action_label);
            choice_ui(ui, "操作", &mut self.action, &actions);
            date_ui(ui, "起始日期", &mut self.from);
            date_ui(ui, "结束日期", &mut self.to);
            if ui.button("清除筛选").clicked() {
                *self = Self {
                    facts: self.facts.take(),
                    view: self.view.take(),
                    ..Self::default()
                };
            }
        });
    }
}

/// A combo box labelled `label` offering 全部 and each (value, shown text).
fn choice_ui(ui: &mut Ui, label: &str, value: &mut Option<String>, options: &[(String, String)]) {
    let label = ui.label(label);
    let current = value
        .as_ref()
        .and_then(|v| options.iter().find(|(o, _)| o == v))
        .map_or("全部", |(_, shown)| shown.as_str())
        .to_owned();
    egui::ComboBox::from_id_salt(("audit_log_filter", label.id))
        .selected_text(current)
        .width(150.0)
        // Every code the log holds shows without scrolling.
        .height(520.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "全部");
            for (o, shown) in options {
                ui.selectable_value(value, Some(o.clone()), shown);
            }
        })
        .response
        .labelled_by(label.id);
    ui.add_space(8.0);
}

/// A date field labelled `label`.
fn date_ui(ui: &mut Ui, label: &str, text: &mut String) {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text("YYYY-MM-DD")
            .desired_width(96.0),
    )
    .labelled_by(label.id);
    ui.add_space(8.0);
}

/// 「日志链完整」 in green, or each problem in red.
fn chain_ui(ui: &mut Ui, problems: &[String]) {
    if problems.is_empty() {
        ui.label(RichText::new("日志链完整").color(style::SUCCESS));
    } else {
        for p in problems {
            ui.label(RichText::new(p).color(style::ERROR));
        }
    }
}

fn table_ui(ui: &mut Ui, view: &mut View, store: &Store, actor: &Actor) {
    with_header(
        TableBuilder::new(ui)
            .id_salt("audit_log_table")
            .striped(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
        28.0,
        &[
            (Column::exact(150.0), "时间"),
            (Column::exact(90.0), "用户"),
            (Column::exact(80.0), "姓名"),
            (Column::exact(100.0), "对象"),
            (Column::exact(56.0), "编号"),
            (Column::exact(110.0), "操作"),
            (Column::initial(260.0).clip(true), "原值"),
            (Column::remainder().at_least(160.0).clip(true), "新值"),
        ],
    )
    .body(|body| {
        body.rows(ROW_HEIGHT, view.count, |mut row| {
            let Some(r) = view.row(store, actor, row.index()) else {
                return;
            };
            for (i, text) in crate::io::audit_log::cells(r).into_iter().enumerate() {
                row.col(|ui| {
                    // The values can be long: the whole text on hover.
                    let label = ui.add(egui::Label::new(&text).truncate());
                    if i >= 6 && !text.is_empty() {
                        label.on_hover_text(&text);
                    }
                });
            }
        });
    });
}

impl Page for AuditLogPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn shown_to(&self, actor: &Actor) -> bool {
        actor.may(Action::ReadAuditLog)
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        file_export_ui(ui, EXPORT, ctx.toasts);
        let facts = self
            .facts
            .get_or_insert_with(|| Self::load_facts(ctx.store, ctx.actor));
        let (choices, problems) = match facts {
            Ok(f) => (f.choices.clone(), f.problems.clone()),
            Err(e) => {
                read_error_ui(ui, "操作日志", e);
                return;
            }
        };
        let filter = self.filter();
        ui.horizontal(|ui| {
            ui.heading(TITLE);
            ui.add_space(16.0);
            let count = self
                .view
                .as_ref()
                .and_then(|v| v.as_ref().ok())
                .map_or(0, |v| v.count);
            ui.label(RichText::new(format!("共 {count} 条")).color(style::MUTED));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let idle = !file_export_running(ui.ctx(), EXPORT);
                if ui
                    .add_enabled(idle && filter.is_ok(), egui::Button::new("导出 XLSX"))
                    .on_hover_text("把符合当前筛选条件的全部日志导出为 xlsx")
                    .clicked()
                    && let Ok(f) = &filter
                {
                    export(ui, ctx, f.clone());
                }
            });
        });
        chain_ui(ui, &problems);
        ui.add_space(4.0);
        self.filters_ui(ui, &choices);
        let filter = match self.filter() {
            Ok(f) => f,
            Err(message) => {
                ui.label(RichText::new(message).color(style::ERROR));
                return;
            }
        };
        let fresh = matches!(&self.view, Some(Ok(v)) if v.filter == filter);
        if !fresh {
            self.view = Some(View::load(ctx.store, ctx.actor, filter));
        }
        ui.add_space(6.0);
        match &mut self.view {
            Some(Ok(view)) => {
                if let Some(e) = &view.error {
                    read_error_ui(ui, "操作日志", e);
                } else if view.count == 0 {
                    ui.label("没有符合条件的日志。");
                } else {
                    table_ui(ui, view, ctx.store, ctx.actor);
                }
            }
            Some(Err(e)) => read_error_ui(ui, "操作日志", e),
            None => {}
        }
    }

    fn data_changed(&mut self) {
        self.facts = None;
        self.view = None;
    }
}

/// Ask where to save, then write the log off the UI thread.
fn export(ui: &Ui, ctx: &mut PageCtx<'_>, filter: AuditFilter) {
    let today = chrono::Local::now().date_naive();
    let Some(path) = rfd::FileDialog::new()
        .set_directory(crate::export::default_dir(ctx.store.path()))
        .set_file_name(crate::export::audit_log_file_name(today))
        .add_filter("Excel 工作簿", &["xlsx"])
        .save_file()
    else {
        return;
    };
    let db = ctx.store.opener();
    let actor = ctx.actor.clone();
    start_file_export(ui.ctx(), EXPORT, "导出操作日志", move || {
        let store = db.open()?;
        let n = crate::export::audit_log(&store, &actor, &filter, &path, &|_, _| {})?;
        Ok(format!("已导出操作日志 {n} 条：{}", path.display()))
    });
}
