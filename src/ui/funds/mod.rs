//! 资金台账: a program-year's budget, the money received and paid, the running
//! balance and rates, the charts, the 离休 year-end settlement, and the start of
//! the next year. Entries are never edited: a mistake is reversed.
//!
//! This file holds the page, its state and toolbar; the ledger, charts, entry
//! form, dialogs and settlement live in the sibling modules.

mod charts;
mod dialogs;
mod entry;
mod ledger;
mod settlement;

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::app::PageCtx;
use super::error::UiError;
use super::page::Page;
use super::style;
use super::widgets::{FocusOnOpen, read_error_ui};
use crate::domain::dates::iso;
use crate::domain::program::Program;
use crate::domain::user::Action;
use crate::report::funds::FundChart;
use crate::store::funds::FundEntry;
use charts::charts_ui;
use entry::EntryForm;
pub(super) use ledger::cards_ui;
use ledger::{ledger_ui, totals_ui};
use settlement::{SETTLEMENT_SHEET, SettlementView, load_settlement};

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

enum Dialog {
    Entry(EntryForm),
    /// 年终清算 being computed off the UI thread (a large roster takes a moment).
    SettlementLoading(super::jobs::Job<Result<SettlementView, UiError>>),
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
}

/// Today, or the year's last day for a past year.
pub(super) fn default_date(year: i32) -> NaiveDate {
    let today = chrono::Local::now().date_naive();
    NaiveDate::from_ymd_opt(year, 12, 31).map_or(today, |end| end.min(today))
}

/// The navigation title.
pub const TITLE: &str = "资金台账";

impl Page for FundsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
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

    /// Forget what was loaded (after a program, year or data change).
    fn data_changed(&mut self) {
        self.loaded = None;
        self.load_error = None;
    }

    /// The entry or reversal form, when open.
    fn has_unsaved_edits(&self) -> bool {
        matches!(self.dialog, Some(Dialog::Entry(_) | Dialog::Reverse { .. }))
    }
}
