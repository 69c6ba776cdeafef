//! 资金台账: a program-year's budget, the money received and paid, the running
//! balance and rates, the charts, the 离休 year-end settlement, and the start of
//! the next year. Entries are never edited: a mistake is reversed.

use chrono::{Datelike, NaiveDate};
use egui::text::LayoutJob;
use egui::{Color32, RichText, TextFormat, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Corner, HLine, HoverPosition, Legend, Line, Plot, PlotPoints};

use super::app::{Command, PageCtx};
use super::error::UiError;
use super::page::Page;
use super::style;
use super::widgets::{
    DialogAction, FocusOnOpen, enter_pressed, escape_pressed, form_dialog_ui, form_row_ui,
    read_error_ui, with_header,
};
use crate::domain::Money;
use crate::domain::dates::{iso, parse_date};
use crate::domain::fund::{EntryKind, FundTotals, Side, quarter_of, signed_amount};
use crate::domain::mask::mask_id_middle;
use crate::domain::program::Program;
use crate::domain::settlement::Settlement;
use crate::domain::user::Action;
use crate::report::funds::FundChart;
use crate::store::funds::{FundEntry, NewEntry};
use crate::store::settlement::PostedSettlement;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    Ledger,
    Charts,
}

/// What the page shows, loaded once per change (never per frame).
struct Loaded {
    year_id: i64,
    entries: Vec<FundEntry>,
    chart: FundChart,
    next_year_open: bool,
}

/// The form for a new entry.
struct EntryForm {
    kind: EntryKind,
    decrease: bool,
    date: String,
    doc_no: String,
    /// 0 = from the date.
    quarter: u32,
    amount: String,
    id_number: String,
    counterparty: String,
    note: String,
    error: Option<String>,
    focus: FocusOnOpen,
}

impl EntryForm {
    /// A blank form dated today, or the year's last day for a past year.
    fn new(year: i32) -> Self {
        Self {
            kind: EntryKind::Appropriation,
            decrease: false,
            date: iso(default_date(year)),
            doc_no: String::new(),
            quarter: 0,
            amount: String::new(),
            id_number: String::new(),
            counterparty: String::new(),
            note: String::new(),
            error: None,
            focus: FocusOnOpen::new(),
        }
    }
}

/// The settlement window's state.
struct SettlementView {
    settlement: Settlement,
    posted: Option<PostedSettlement>,
    path: String,
    date: String,
    reason: String,
    error: Option<String>,
    /// 过账 was pressed once; the next press posts.
    confirming: bool,
    /// The poster ticked that unapproved hospital-months may still change.
    confirm_unapproved: bool,
}

enum Dialog {
    Entry(EntryForm),
    /// 年终清算 being computed off the UI thread (a large roster takes a moment).
    SettlementLoading(super::jobs::Job<Result<SettlementView, String>>),
    Reverse {
        id: i64,
        reason: String,
        date: String,
        error: Option<String>,
        focus: FocusOnOpen,
    },
    NextYear {
        error: Option<String>,
    },
    Settlement(Box<SettlementView>),
}

/// The 年终清算表's export job, by its id.
const SETTLEMENT_SHEET: &str = "funds.settlement_sheet";

/// The page's own state.
#[derive(Default)]
pub struct FundsPage {
    loaded: Option<Loaded>,
    load_error: Option<crate::store::StoreError>,
    tab: Tab,
    selected: Option<i64>,
    dialog: Option<Dialog>,
}

impl FundsPage {
    /// Forget what was loaded (after a program, year or data change).
    pub fn invalidate(&mut self) {
        self.loaded = None;
        self.load_error = None;
    }

    fn load(&mut self, ctx: &PageCtx<'_>, year_id: i64, program_id: i64, year: i32) {
        let store = &*ctx.store;
        let loaded = (|| -> crate::store::Result<Loaded> {
            Ok(Loaded {
                year_id,
                entries: store.fund_entries(year_id)?,
                chart: crate::report::funds::build(store, year_id)?,
                next_year_open: store
                    .program_years(program_id)?
                    .iter()
                    .any(|y| y.year == year + 1),
            })
        })();
        match loaded {
            Ok(l) => {
                self.loaded = Some(l);
                self.load_error = None;
            }
            Err(e) => self.load_error = Some(e),
        }
    }

    pub fn page_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let (Some(program), Some(year)) = (ctx.program.cloned(), ctx.year.cloned()) else {
            ui.heading("资金台账");
            ui.label("请先选择项目和年度。");
            return;
        };
        if self.loaded.as_ref().is_none_or(|l| l.year_id != year.id) && self.load_error.is_none() {
            self.selected = None;
            self.load(ctx, year.id, program.id, year.year);
        }
        if let Some(e) = &self.load_error {
            ui.heading("资金台账");
            read_error_ui(ui, "资金台账", e);
            return;
        }
        let may_record = ctx.actor.may(Action::RecordFunds);
        if may_record
            && self.dialog.is_none()
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::N))
        {
            self.dialog = Some(Dialog::Entry(EntryForm::new(year.year)));
        }
        self.toolbar_ui(ui, ctx, &program, year.year);
        let Some(loaded) = &self.loaded else {
            return;
        };
        totals_ui(ui, &loaded.chart.totals);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, Tab::Ledger, "台账明细");
            ui.selectable_value(&mut self.tab, Tab::Charts, "图表");
        });
        ui.separator();
        match self.tab {
            Tab::Ledger => {
                if let Some(id) = ledger_ui(ui, &loaded.entries, self.selected) {
                    self.selected = Some(id);
                }
            }
            Tab::Charts => charts_ui(ui, &loaded.chart, year.year),
        }
        super::export_buttons::file_export_ui(ui, SETTLEMENT_SHEET, ctx.toasts);
        self.dialog_ui(ui, ctx, &program, year.year);
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, program: &Program, year: i32) {
        let may_record = ctx.actor.may(Action::RecordFunds);
        ui.horizontal(|ui| {
            ui.heading(format!("资金台账 · {year}年"));
            ui.add_space(16.0);
            if may_record
                && ui
                    .button("登记收支…")
                    .on_hover_text("年初预算、预算调整、财政拨款、个人支付、资金退回（Ctrl+N）")
                    .clicked()
            {
                self.dialog = Some(Dialog::Entry(EntryForm::new(year)));
            }
            let selected = self.selected.and_then(|id| {
                self.loaded
                    .as_ref()
                    .and_then(|l| l.entries.iter().find(|e| e.id == id))
            });
            let reversible =
                selected.is_some_and(|e| e.reverses_id.is_none() && e.reversed_by.is_none());
            if may_record
                && ui
                    .add_enabled(reversible, egui::Button::new("冲销所选…"))
                    .on_disabled_hover_text("先在台账中选中一笔未冲销的记录")
                    .clicked()
                && let Some(id) = self.selected
            {
                self.dialog = Some(Dialog::Reverse {
                    id,
                    reason: String::new(),
                    date: iso(default_date(year)),
                    error: None,
                    focus: FocusOnOpen::new(),
                });
            }
            if program.kind.has_settlement() && ui.button("年终清算…").clicked() {
                self.dialog = Some(load_settlement(ui.ctx(), ctx, program, year, None));
            }
            let next_open = self.loaded.as_ref().is_some_and(|l| l.next_year_open);
            if ctx.actor.may(Action::ManageSettings)
                && ui
                    .add_enabled(
                        !next_open,
                        egui::Button::new(format!("开启{}年度…", year + 1)),
                    )
                    .on_disabled_hover_text(format!("{}年度已开启", year + 1))
                    .clicked()
            {
                self.dialog = Some(Dialog::NextYear { error: None });
            }
        });
        if let Some(l) = &self.loaded {
            for w in l.chart.totals.warnings() {
                ui.label(
                    RichText::new(format!("！{w}"))
                        .color(style::WARNING)
                        .strong(),
                );
            }
        }
    }

    fn dialog_ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>, program: &Program, year: i32) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let Some(year_id) = self.loaded.as_ref().map(|l| l.year_id) else {
            return;
        };
        let escape = escape_pressed(ui.ctx());
        let mut close = false;
        // The dialog that replaces this one (the settlement recomputed after a post).
        let mut next = None;
        let mut changed = false;
        match dialog {
            Dialog::Entry(form) => match entry_dialog_ui(ui, form) {
                DialogAction::Submit => match submit_entry(ctx, year_id, form) {
                    Ok(message) => {
                        ctx.toasts.success(message);
                        close = true;
                        changed = true;
                    }
                    Err(e) => form.error = Some(e.to_string()),
                },
                DialogAction::Cancel => close = true,
                DialogAction::None => {}
            },
            Dialog::Reverse {
                id,
                reason,
                date,
                error,
                focus,
            } => {
                let intro = format!("冲销第 {id} 笔：系统将记一笔金额相反的冲销记录，原记录保留。");
                let action = form_dialog_ui(ui, 560.0, "冲销", Some(&intro), |ui, submit| {
                    let r = form_row_ui(
                        ui,
                        "冲销原因",
                        reason,
                        "将记入台账和审计日志",
                        error.as_deref(),
                        None,
                    );
                    focus.apply(&r);
                    *submit |= enter_pressed(ui, &r);
                    let r = form_row_ui(ui, "冲销日期", date, "YYYY-MM-DD", None, None);
                    *submit |= enter_pressed(ui, &r);
                });
                match action {
                    DialogAction::Submit => {
                        let result = match parse_date(date) {
                            None => Err(UiError::Invalid(format!(
                                "冲销日期「{}」无效，应写作 YYYY-MM-DD",
                                date.trim()
                            ))),
                            Some(d) => ctx
                                .store
                                .reverse_entry(*id, d, reason, ctx.actor)
                                .map_err(UiError::from),
                        };
                        match result {
                            Ok(new_id) => {
                                ctx.toasts.success(format!(
                                    "已冲销第 {id} 笔（冲销记录为第 {new_id} 笔）"
                                ));
                                close = true;
                                changed = true;
                            }
                            Err(e) => *error = Some(e.to_string()),
                        }
                    }
                    DialogAction::Cancel => close = true,
                    DialogAction::None => {}
                }
            }
            Dialog::NextYear { error } => {
                let balance = self
                    .loaded
                    .as_ref()
                    .map(|l| l.chart.totals.balance)
                    .unwrap_or_default();
                let intro = format!(
                    "将以{year}年度的政策参数开启{}年度，并把{year}年度结余 {} 元记为{}年度的上年结转。名册沿用，在册人员继续在册。",
                    year + 1,
                    balance.grouped(),
                    year + 1
                );
                let action = form_dialog_ui(
                    ui,
                    560.0,
                    &format!("开启{}年度", year + 1),
                    Some(&intro),
                    |ui, _| {
                        if let Some(e) = error.as_deref() {
                            ui.label(RichText::new(e).color(style::ERROR));
                            ui.end_row();
                        }
                    },
                );
                match action {
                    DialogAction::Submit => {
                        match ctx.store.start_next_year(program.id, year, ctx.actor) {
                            Ok(_) => {
                                ctx.toasts.success(format!(
                                    "已开启{}年度，结转 {} 元",
                                    year + 1,
                                    balance.grouped()
                                ));
                                ctx.commands.push(Command::ReloadPrograms);
                                ctx.commands.push(Command::SelectYear(year + 1));
                                close = true;
                                changed = true;
                            }
                            Err(e) => *error = Some(e.to_string()),
                        }
                    }
                    DialogAction::Cancel => close = true,
                    DialogAction::None => {}
                }
            }
            Dialog::SettlementLoading(job) => {
                egui::Modal::new(egui::Id::unique("settlement_loading")).show(ui.ctx(), |ui| {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("正在计算{year}年度年终清算…"));
                    });
                });
                match job.poll() {
                    None => {}
                    Some(Ok(Ok(view))) => {
                        self.dialog = Some(Dialog::Settlement(Box::new(view)));
                        return;
                    }
                    Some(Ok(Err(e)) | Err(e)) => {
                        ctx.toasts.error(format!("无法计算年终清算：{e}"));
                        close = true;
                    }
                }
            }
            Dialog::Settlement(view) => match settlement_dialog_ui(ui, ctx, program, year, view) {
                SettlementAction::None => {}
                SettlementAction::Close => close = true,
                SettlementAction::Changed => {
                    changed = true;
                    let path = std::mem::take(&mut view.path);
                    next = Some(load_settlement(ui.ctx(), ctx, program, year, Some(path)));
                }
            },
        }
        if escape || close {
            self.dialog = None;
        } else if next.is_some() {
            self.dialog = next;
        }
        if changed {
            self.invalidate();
        }
    }
}

/// The figures across the top: budget, money in and out, balance and rates.
fn totals_ui(ui: &mut Ui, t: &FundTotals) {
    let budget = [
        (
            "年初预算数",
            format!("{} 元", t.budget_initial.grouped()),
            None,
        ),
        (
            "全年预算数",
            format!("{} 元", t.budget_full.grouped()),
            None,
        ),
        ("上年结转", format!("{} 元", t.carried.grouped()), None),
        ("已到位资金", format!("{} 元", t.received.grouped()), None),
    ];
    let mut cards = vec![
        ("全年执行数", format!("{} 元", t.paid.grouped()), None),
        (
            "结余",
            format!("{} 元", t.balance.grouped()),
            t.balance.is_negative().then_some(style::ERROR),
        ),
        ("执行率", format!("{}%", t.execution_rate), None),
        ("到位率", format!("{}%", t.arrival_rate), None),
    ];
    if !t.gap.is_zero() {
        cards.push((
            "资金缺口",
            format!("{} 元", t.gap.grouped()),
            Some(style::ERROR),
        ));
    }
    cards_ui(ui, budget.to_vec());
    cards_ui(ui, cards);
}

/// A row of figure cards: (name, value, colour of the value).
pub(super) fn cards_ui(ui: &mut Ui, cards: Vec<(&str, String, Option<Color32>)>) {
    ui.horizontal(|ui| {
        for (name, value, color) in cards {
            egui::Frame::new()
                .fill(Color32::from_rgb(0xF4, 0xF7, 0xFB))
                .stroke(egui::Stroke::new(1.0, Color32::from_rgb(0xD8, 0xE0, 0xEA)))
                .corner_radius(4)
                .inner_margin(egui::Margin::symmetric(10, 6))
                .show(ui, |ui| {
                    let mut job = LayoutJob::default();
                    job.append(
                        &format!("{name}  "),
                        0.0,
                        TextFormat::simple(egui::FontId::proportional(13.0), style::MUTED),
                    );
                    job.append(
                        &value,
                        0.0,
                        TextFormat::simple(
                            egui::FontId::proportional(17.0),
                            color.unwrap_or(Color32::from_gray(0x20)),
                        ),
                    );
                    ui.label(job);
                });
        }
    });
}

/// The ledger table; returns the row clicked.
fn ledger_ui(ui: &mut Ui, entries: &[FundEntry], selected: Option<i64>) -> Option<i64> {
    if entries.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label("本年度还没有资金记录。点“登记收支…”（Ctrl+N）登记年初预算和财政拨款；医院月度划拨在“划拨审核”中标记已划拨后自动记入。");
        });
        return None;
    }
    let mut clicked = None;
    with_header(
        TableBuilder::new(ui)
            .id_salt("fund_ledger")
            .striped(true)
            .sense(egui::Sense::click())
            .stick_to_bottom(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
        28.0,
        &[
            (Column::exact(44.0), "序号"),
            (Column::exact(92.0), "日期"),
            (Column::exact(92.0), "类型"),
            (Column::initial(150.0).clip(true), "文号 / 凭证号"),
            (
                Column::remainder().at_least(140.0).clip(true),
                "对象 / 摘要",
            ),
            (Column::exact(100.0), "收入"),
            (Column::exact(100.0), "支出"),
            (Column::exact(100.0), "预算"),
            (Column::exact(110.0), "余额"),
            (Column::exact(120.0), "状态"),
        ],
    )
    .body(|body| {
        body.rows(26.0, entries.len(), |mut row| {
            let e = &entries[row.index()];
            row.set_selected(selected == Some(e.id));
            let amount = RichText::new(e.amount.grouped()).color(if e.amount.is_negative() {
                style::ERROR
            } else {
                Color32::from_gray(0x20)
            });
            let (income, outgo, budget) = match e.kind.side() {
                Side::Inflow => (Some(amount), None, None),
                Side::Outflow => (None, Some(amount), None),
                Side::Budget => (None, None, Some(amount)),
            };
            let summary = match (e.party(), e.note.as_str()) {
                (p, "") => p,
                (p, n) if p.is_empty() => n.to_owned(),
                (p, n) => format!("{p} · {n}"),
            };
            let quarter = e
                .quarter
                .map(|q| format!("（第{q}季度）"))
                .unwrap_or_default();
            for text in [
                RichText::new(e.id.to_string()),
                RichText::new(iso(e.date)),
                RichText::new(e.kind.label()),
                RichText::new(format!("{}{quarter}", e.doc_no)),
                RichText::new(summary),
            ] {
                row.col(|ui| {
                    ui.add(egui::Label::new(text).selectable(false).truncate());
                });
            }
            for cell in [income, outgo, budget] {
                row.col(|ui| {
                    if let Some(t) = cell {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.add(egui::Label::new(t).selectable(false));
                        });
                    }
                });
            }
            row.col(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let color = if e.balance.is_negative() {
                        style::ERROR
                    } else {
                        Color32::from_gray(0x20)
                    };
                    ui.add(
                        egui::Label::new(RichText::new(e.balance.grouped()).color(color))
                            .selectable(false),
                    );
                });
            });
            row.col(|ui| {
                let text = match (e.reverses_id, e.reversed_by) {
                    (Some(o), _) => RichText::new(format!("冲销第 {o} 笔")).color(style::WARNING),
                    (None, Some(by)) => {
                        RichText::new(format!("已被第 {by} 笔冲销")).color(style::MUTED)
                    }
                    _ => RichText::new("已入账").color(style::MUTED),
                };
                ui.add(egui::Label::new(text).selectable(false));
            });
            if row.response().clicked() {
                clicked = Some(e.id);
            }
        });
    });
    clicked
}

const SERIES_COLORS: [Color32; 8] = [
    Color32::from_rgb(0x1F, 0x4E, 0x8C),
    Color32::from_rgb(0x3C, 0x8D, 0x5A),
    Color32::from_rgb(0xD0, 0x7A, 0x1C),
    Color32::from_rgb(0x8E, 0x44, 0xAD),
    Color32::from_rgb(0x2A, 0x9D, 0xB8),
    Color32::from_rgb(0xB8, 0x3B, 0x3B),
    Color32::from_rgb(0x7A, 0x86, 0x2B),
    Color32::from_rgb(0x6D, 0x6D, 0x6D),
];

/// The two charts, with a caption of the figures they show.
fn charts_ui(ui: &mut Ui, chart: &FundChart, year: i32) {
    let t = &chart.totals;
    ui.label(
        RichText::new(format!(
            "累计到位 {} 万元 · 全年预算 {} 万元 · 已支付 {} 万元",
            chart
                .cumulative_received
                .last()
                .copied()
                .unwrap_or_default()
                .wan_yuan(),
            t.budget_full.wan_yuan(),
            chart.charted_payments.wan_yuan()
        ))
        .color(style::MUTED),
    );
    let height = (ui.available_height() - 8.0).max(220.0);
    let width = ui.available_width();
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.set_width(width * 0.62);
            ui.strong(format!(
                "{year}年各月支付（按医院堆叠）与累计到位资金、全年预算"
            ));
            monthly_plot_ui(ui, chart, height - 30.0);
        });
        ui.vertical(|ui| {
            ui.strong("各医院全年支付占比");
            share_plot_ui(ui, chart, height - 30.0);
        });
    });
}

fn monthly_plot_ui(ui: &mut Ui, chart: &FundChart, height: f32) {
    let mut stacked: Vec<BarChart> = Vec::new();
    for (i, s) in chart.series.iter().enumerate() {
        let name = s.name.clone();
        let color = SERIES_COLORS[i % SERIES_COLORS.len()];
        let bars = s
            .by_month
            .iter()
            .enumerate()
            .map(|(m, amount)| {
                Bar::new((m + 1) as f64, amount.chart_wan())
                    .name(format!("{}月 {name}：{} 万元", m + 1, amount.wan_yuan()))
                    .fill(color)
            })
            .collect();
        let below: Vec<&BarChart> = stacked.iter().collect();
        let bar_chart = BarChart::new(s.name.clone(), bars)
            .width(0.6)
            .color(color)
            .element_formatter(Box::new(|bar, _| bar.name.clone()))
            .stack_on(&below);
        stacked.push(bar_chart);
    }
    let received: PlotPoints = chart
        .cumulative_received
        .iter()
        .enumerate()
        .map(|(m, r)| [(m + 1) as f64, r.chart_wan()])
        .collect();
    let budget = chart.totals.budget_full;
    Plot::new("fund_monthly_plot")
        .height(height)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .text_style(egui::TextStyle::Small)
                .background_alpha(0.85),
        )
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(budget.chart_wan() * 1.5)
        .x_grid_spacer(|_| {
            (1..=12)
                .map(|m| egui_plot::GridMark {
                    value: f64::from(m),
                    // Wide enough that every month's label is drawn.
                    step_size: 12.0,
                })
                .collect()
        })
        .include_x(0.3)
        .include_x(12.7)
        .x_axis_formatter(|mark, _| {
            if mark.value.fract() == 0.0 && (1.0..=12.0).contains(&mark.value) {
                format!("{}月", mark.value as i64)
            } else {
                String::new()
            }
        })
        .y_axis_formatter(|mark, _| format!("{} 万", mark.value))
        .label_formatter(|pos| match pos {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!("{plot_name}：{:.2} 万元", position.y)),
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot_ui| {
            for b in stacked {
                plot_ui.bar_chart(b);
            }
            plot_ui.line(
                Line::new("累计到位资金", received)
                    .color(Color32::from_rgb(0x17, 0x9C, 0x52))
                    .width(2.5),
            );
            plot_ui.hline(
                HLine::new(
                    format!("全年预算 {} 万元", budget.wan_yuan()),
                    budget.chart_wan(),
                )
                .color(style::ERROR)
                .style(egui_plot::LineStyle::dashed_loose()),
            );
        });
}

fn share_plot_ui(ui: &mut Ui, chart: &FundChart, height: f32) {
    let n = chart.series.len();
    let bars: Vec<Bar> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Bar::new((n - i) as f64, s.total.chart_wan())
                .name(format!(
                    "{}：{} 万元，占 {}%",
                    s.name,
                    s.total.wan_yuan(),
                    s.share
                ))
                .fill(SERIES_COLORS[i % SERIES_COLORS.len()])
        })
        .collect();
    let names: Vec<String> = chart
        .series
        .iter()
        .map(|s| format!("{} {}%", s.name, s.share))
        .collect();
    Plot::new("fund_share_plot")
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .include_x(0.0)
        .y_grid_spacer(move |_| {
            (1..=n)
                .map(|i| egui_plot::GridMark {
                    value: i as f64,
                    step_size: 12.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round() as i64;
            if (mark.value - i as f64).abs() < 1e-6 && i >= 1 && (i as usize) <= names.len() {
                names[names.len() - i as usize].clone()
            } else {
                String::new()
            }
        })
        .x_axis_formatter(|mark, _| format!("{} 万", mark.value))
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("占比", bars)
                    .horizontal()
                    .width(0.6)
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        });
}

fn entry_dialog_ui(ui: &mut Ui, form: &mut EntryForm) -> DialogAction {
    form_dialog_ui(ui, 560.0, "登记收支", None, |ui, submit| {
        let label = ui.label("类型");
        egui::ComboBox::from_id_salt("fund_entry_kind")
            .selected_text(form.kind.label())
            .width(280.0)
            .show_ui(ui, |ui| {
                for k in EntryKind::MANUAL {
                    ui.selectable_value(&mut form.kind, k, k.label());
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        if form.kind == EntryKind::BudgetAdjust {
            ui.label("调整方向");
            ui.horizontal(|ui| {
                ui.radio_value(&mut form.decrease, false, "追加");
                ui.radio_value(&mut form.decrease, true, "调减");
            });
            ui.end_row();
        }
        let r = form_row_ui(ui, "日期", &mut form.date, "YYYY-MM-DD", None, None);
        *submit |= enter_pressed(ui, &r);
        let doc_label = match form.kind {
            EntryKind::CashPayment | EntryKind::Refund => "凭证号",
            _ => "文号",
        };
        let r = form_row_ui(
            ui,
            doc_label,
            &mut form.doc_no,
            "例如：丰财社〔2022〕10号",
            None,
            None,
        );
        *submit |= enter_pressed(ui, &r);
        if form.kind == EntryKind::Appropriation {
            let label = ui.label("季度");
            let text = |q: u32| {
                if q == 0 {
                    "按日期".to_owned()
                } else {
                    format!("第{q}季度")
                }
            };
            egui::ComboBox::from_id_salt("fund_entry_quarter")
                .selected_text(text(form.quarter))
                .width(280.0)
                .show_ui(ui, |ui| {
                    for q in 0..=4 {
                        ui.selectable_value(&mut form.quarter, q, text(q));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        }
        let r = form_row_ui(
            ui,
            "金额（元）",
            &mut form.amount,
            "例如：350000",
            form.error.as_deref(),
            None,
        );
        form.focus.apply(&r);
        *submit |= enter_pressed(ui, &r);
        if form.kind == EntryKind::CashPayment {
            let r = form_row_ui(
                ui,
                "收款人身份证号",
                &mut form.id_number,
                "须在本项目名册中",
                None,
                None,
            );
            *submit |= enter_pressed(ui, &r);
        }
        if form.kind == EntryKind::Refund {
            let r = form_row_ui(
                ui,
                "退款单位或个人",
                &mut form.counterparty,
                "例如：丰都县人民医院",
                None,
                None,
            );
            *submit |= enter_pressed(ui, &r);
        }
        let r = form_row_ui(ui, "摘要", &mut form.note, "可留空", None, None);
        *submit |= enter_pressed(ui, &r);
    })
}

fn submit_entry(ctx: &mut PageCtx<'_>, year_id: i64, form: &EntryForm) -> Result<String, UiError> {
    let date = parse_date(&form.date).ok_or_else(|| {
        UiError::Invalid(format!(
            "日期「{}」无效，应写作 YYYY-MM-DD",
            form.date.trim()
        ))
    })?;
    let typed = Money::parse_non_negative(&form.amount)
        .map_err(|e| UiError::Invalid(format!("金额「{}」：{e}", form.amount.trim())))?;
    let amount = signed_amount(form.kind, typed, form.decrease);
    let quarter = (form.kind == EntryKind::Appropriation).then(|| {
        if form.quarter == 0 {
            quarter_of(date.month())
        } else {
            form.quarter
        }
    });
    let entry = NewEntry {
        kind: form.kind,
        date,
        doc_no: form.doc_no.clone(),
        quarter,
        amount,
        id_number: Some(form.id_number.clone()),
        counterparty: form.counterparty.clone(),
        note: form.note.clone(),
    };
    let id = ctx.store.record_entry(year_id, &entry, ctx.actor)?;
    Ok(format!(
        "已登记第 {id} 笔：{} {} 元",
        form.kind.label(),
        amount.grouped()
    ))
}

/// Compute the settlement window on its own thread (a large roster takes a
/// moment), keeping the export path the clerk typed, if any.
fn load_settlement(
    egui_ctx: &egui::Context,
    ctx: &PageCtx<'_>,
    program: &Program,
    year: i32,
    path: Option<String>,
) -> Dialog {
    let db = ctx.store.path().to_path_buf();
    let program = program.clone();
    Dialog::SettlementLoading(super::jobs::Job::spawn(
        "年终清算",
        egui_ctx,
        move |_| {
            let store = crate::store::Store::open(&db).map_err(|e| e.to_string())?;
            let mut view = open_settlement(&store, &program, year)?;
            if let Some(path) = path {
                view.path = path;
            }
            Ok(view)
        },
    ))
}

/// The settlement window for a program-year, computed from `store`.
fn open_settlement(
    store: &crate::store::Store,
    program: &Program,
    year: i32,
) -> Result<SettlementView, String> {
    let settlement = store
        .settlement(program.id, year)
        .map_err(|e| e.to_string())?;
    let posted = store
        .posted_settlement(program.id, year)
        .map_err(|e| e.to_string())?;
    Ok(SettlementView {
        settlement,
        posted,
        path: crate::export::default_dir(store.path())
            .join(crate::export::settlement_file_name(
                crate::export::Place::Shared(program),
                year,
            ))
            .display()
            .to_string(),
        // Posted after the year ends: today (the store refuses a date inside it).
        date: iso(chrono::Local::now().date_naive()),
        reason: String::new(),
        error: None,
        confirming: false,
        confirm_unapproved: false,
    })
}

/// Start writing the 年终清算表 of `settlement` to `path` off the UI thread; its
/// outcome is shown when it is done.
fn export_sheet(
    egui_ctx: &egui::Context,
    program: &Program,
    settlement: Settlement,
    path: std::path::PathBuf,
) {
    let program = program.clone();
    super::export_buttons::start_file_export(
        egui_ctx,
        SETTLEMENT_SHEET,
        "导出年终清算表",
        move || {
            crate::export::settlement_sheet(&program, settlement, &path)
                .map(|()| format!("已导出年终清算表：{}", path.display()))
                .map_err(|e| e.to_string())
        },
    );
}

/// Today, or the year's last day for a past year.
pub(super) fn default_date(year: i32) -> NaiveDate {
    let today = chrono::Local::now().date_naive();
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(today, |end| end.min(today))
}

enum SettlementAction {
    None,
    Close,
    Changed,
}

fn settlement_dialog_ui(
    ui: &mut Ui,
    ctx: &mut PageCtx<'_>,
    program: &Program,
    year: i32,
    view: &mut SettlementView,
) -> SettlementAction {
    let mut action = SettlementAction::None;
    let may_post = ctx.actor.may(Action::RecordFunds);
    let s = &view.settlement;
    egui::Modal::new(egui::Id::unique("settlement_dialog")).show(ui.ctx(), |ui| {
        ui.set_width(980.0);
        ui.heading(format!("{year}年度年终清算"));
        ui.label(
            RichText::new(
                "补足金额 = 应享定额 − 已报销金额（不足 0 按 0 计）；已报销只计已审核的报账（核减后金额，拒付不计，待审不计）；年内死亡或迁出的，定额按在册月数（含状态变更当月）折算。",
            )
            .color(style::MUTED),
        );
        ui.add_space(4.0);
        settlement_table_ui(ui, s);
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "合计 {} 人：已报销 {} 元，补足 {} 元。统筹标准控制数 {} 元，超统筹标准支出（年底追加需求）{} 元。",
                s.lines.len(),
                s.total_used.grouped(),
                s.total_top_up.grouped(),
                s.pooling_limit.grouped(),
                s.pooling_excess.grouped()
            ))
            .strong(),
        );
        let pending = s.not_final.pending_refusal(year);
        let unapproved = s.not_final.unapproved_warning(year);
        if view.posted.is_none() {
            if let Some(why) = &pending {
                ui.label(RichText::new(format!("{why}。")).color(style::ERROR));
            }
            if let Some(warning) = &unapproved {
                ui.label(RichText::new(format!("{warning}。")).color(style::WARNING));
            }
        }
        match &view.posted {
            Some(p) => {
                ui.label(
                    RichText::new(format!(
                        "已于 {} 由 {} 过账，补足 {} 元已记入资金台账。",
                        p.posted_at,
                        p.posted_by,
                        p.total.grouped()
                    ))
                    .color(style::ACCENT),
                );
            }
            None => {
                ui.label(RichText::new("尚未过账。").color(style::WARNING));
            }
        }
        if let Some(e) = &view.error {
            ui.label(RichText::new(e).color(style::ERROR));
        }
        ui.add_space(6.0);
        egui::Grid::new("settlement_grid")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                form_row_ui(ui, "清算表保存到", &mut view.path, "xlsx 文件路径", None, Some("A4，身份证号已遮蔽，含合计和签字栏"));
                if may_post {
                    match &view.posted {
                        None => {
                            form_row_ui(ui, "过账日期", &mut view.date, "YYYY-MM-DD", None, None);
                        }
                        Some(_) => {
                            form_row_ui(ui, "冲销原因", &mut view.reason, "冲销后可重新清算过账", None, None);
                            form_row_ui(ui, "冲销日期", &mut view.date, "YYYY-MM-DD", None, None);
                        }
                    }
                }
            });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let idle = !super::export_buttons::file_export_running(ui.ctx(), SETTLEMENT_SHEET);
            if ui.add_enabled(idle, egui::Button::new("导出清算表")).clicked() {
                match super::export_buttons::export_path(&view.path) {
                    Ok(path) => export_sheet(ui.ctx(), program, s.clone(), path),
                    Err(e) => view.error = Some(e),
                }
            }
            if may_post {
                let date = parse_date(&view.date);
                match &view.posted {
                    None => {
                        if !view.confirming {
                            // The store refuses it too; the reason stays in view above.
                            let mut button = ui.add_enabled(pending.is_none(), egui::Button::new("过账…"));
                            if let Some(why) = &pending {
                                button = button.on_disabled_hover_text(why.as_str());
                            }
                            view.confirming = button.clicked();
                        } else {
                            let persons = s.lines.iter().filter(|l| !l.top_up.is_zero()).count();
                            ui.label(
                                RichText::new(format!(
                                    "将向 {persons} 人支付补足金额合计 {} 元，记入资金台账。",
                                    s.total_top_up.grouped()
                                ))
                                .color(style::WARNING),
                            );
                            if unapproved.is_some() {
                                ui.checkbox(&mut view.confirm_unapproved, "已知悉未批准月份的报账仍可能变动，仍要过账");
                            }
                            let ready = unapproved.is_none() || view.confirm_unapproved;
                            if ui.add_enabled(ready, egui::Button::new("确认过账")).clicked() {
                                match date {
                                    None => {
                                        view.error =
                                            Some(format!("过账日期「{}」无效", view.date.trim()))
                                    }
                                    Some(d) => {
                                        match ctx.store.post_settlement(program.id, year, d, view.confirm_unapproved, ctx.actor) {
                                            Ok((p, _)) => {
                                                ctx.toasts.success(format!(
                                                    "年终清算已过账，补足 {} 元",
                                                    p.total.grouped()
                                                ));
                                                action = SettlementAction::Changed;
                                            }
                                            Err(e) => view.error = Some(e.to_string()),
                                        }
                                    }
                                }
                            }
                            if ui.button("返回").clicked() {
                                view.confirming = false;
                                view.confirm_unapproved = false;
                            }
                        }
                    }
                    Some(p) => {
                        if ui.button("冲销清算").clicked() {
                            match date {
                                None => view.error = Some(format!("冲销日期「{}」无效", view.date.trim())),
                                Some(d) => match ctx.store.reverse_settlement(p.id, d, &view.reason, ctx.actor) {
                                    Ok(()) => {
                                        ctx.toasts.success("年终清算已冲销");
                                        action = SettlementAction::Changed;
                                    }
                                    Err(e) => view.error = Some(e.to_string()),
                                },
                            }
                        }
                    }
                }
            }
            if ui.button("关闭").clicked() {
                action = SettlementAction::Close;
            }
        });
    });
    action
}

fn settlement_table_ui(ui: &mut Ui, s: &Settlement) {
    with_header(
        TableBuilder::new(ui)
            .id_salt("settlement_lines")
            .striped(true)
            .max_scroll_height(360.0)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center)),
        26.0,
        &[
            (Column::initial(80.0), "姓名"),
            (Column::initial(190.0), "身份证号"),
            (Column::initial(110.0), "类别"),
            (Column::initial(90.0), "年度定额"),
            (Column::initial(70.0), "在册月数"),
            (Column::initial(100.0), "应享定额"),
            (Column::initial(110.0), "已报销"),
            (Column::remainder().at_least(100.0), "补足金额"),
        ],
    )
    .body(|body| {
        body.rows(24.0, s.lines.len(), |mut row| {
            let l = &s.lines[row.index()];
            for text in [
                l.name.clone(),
                mask_id_middle(&l.id_number),
                l.category.clone(),
                l.quota.grouped(),
                l.months.to_string(),
                l.prorated_quota.grouped(),
                l.used.grouped(),
                l.top_up.grouped(),
            ] {
                row.col(|ui| {
                    ui.add(egui::Label::new(text).selectable(false));
                });
            }
        });
    });
}

/// The navigation title.
pub const TITLE: &str = "资金台账";

impl Page for FundsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        self.page_ui(ui, ctx);
    }

    fn data_changed(&mut self) {
        self.invalidate();
    }

    /// The entry or reversal form, when open.
    fn has_unsaved_edits(&self) -> bool {
        matches!(self.dialog, Some(Dialog::Entry(_) | Dialog::Reverse { .. }))
    }
}
