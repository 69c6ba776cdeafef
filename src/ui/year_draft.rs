//! What 绩效评分 and 报告导出 share: the program-year's self-evaluation loaded once
//! per change, and the page's editable copy of part of it (indicator lines or
//! narrative texts) beside the copy as saved. Reloading the same year keeps edits
//! not yet saved; another year starts from its own.

use egui::Ui;

use super::app::PageCtx;
use super::widgets::read_error_ui;
use crate::report::evaluation::{self, YearEvaluation};
use crate::store::StoreError;

pub struct YearDraft<T> {
    loaded: Option<YearEvaluation>,
    load_error: Option<StoreError>,
    /// The copy the page edits.
    pub drafts: Vec<T>,
    /// The same as last saved.
    pub saved: Vec<T>,
}

impl<T> Default for YearDraft<T> {
    fn default() -> Self {
        Self {
            loaded: None,
            load_error: None,
            drafts: Vec::new(),
            saved: Vec::new(),
        }
    }
}

impl<T: Clone + PartialEq> YearDraft<T> {
    /// Reload the figures on the next frame; edits not yet saved stay.
    pub fn invalidate(&mut self) {
        self.loaded = None;
        self.load_error = None;
    }

    /// Whether there are edits not yet saved.
    pub fn dirty(&self) -> bool {
        self.drafts != self.saved
    }

    /// The edits are saved now.
    pub fn mark_saved(&mut self) {
        self.saved = self.drafts.clone();
    }

    /// The selected program-year's evaluation for this frame, loading it when
    /// needed; `fresh` takes the page's stored copy from it. Shows why not (no year chosen,
    /// a read error) under `title` and returns `None`. Give it back with
    /// [`Self::put_back`] at the end of the frame.
    pub fn take_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &PageCtx<'_>,
        title: &str,
        fresh: impl Fn(&YearEvaluation) -> Vec<T>,
    ) -> Option<YearEvaluation> {
        let (Some(program), Some(year)) = (ctx.program, ctx.year) else {
            ui.heading(title);
            ui.label("请先选择项目和年度。");
            return None;
        };
        if self
            .loaded
            .as_ref()
            .is_some_and(|l| l.program_year.id != year.id)
        {
            self.drafts.clear();
            self.saved.clear();
            self.loaded = None;
        }
        if self.loaded.is_none() && self.load_error.is_none() {
            match evaluation::load(ctx.store, program, year.year) {
                Ok(ev) => {
                    let stored = fresh(&ev);
                    // Edits survive a reload of the same year (another page saved,
                    // the figures changed); a first load takes the stored copy.
                    if !self.dirty() {
                        self.drafts = stored.clone();
                    }
                    self.saved = stored;
                    self.loaded = Some(ev);
                }
                Err(e) => self.load_error = Some(e),
            }
        }
        if let Some(e) = &self.load_error {
            ui.heading(title);
            read_error_ui(ui, &format!("{title}数据"), e);
            return None;
        }
        self.loaded.take()
    }

    /// Hand back what [`Self::take_ui`] gave.
    pub fn put_back(&mut self, ev: YearEvaluation) {
        self.loaded = Some(ev);
    }
}
