//! 政策参数: the selected program-year's parameters. Per category the 离休 personal
//! quota, or the 医疗救助 premium and the deductible, rate and cap of 普通住院,
//! 重特大疾病 and 门诊; the 离休 统筹标准 and 目录外 share; and the other protection
//! layers a claim records. The clerk edits a copy; 保存 (Ctrl+S) writes it all in
//! one transaction through `Store::save_year_params`.

use std::collections::HashMap;

use egui::{RichText, TextEdit, Ui};

use super::app::{Command, PageCtx};
use super::jobs::Job;
use super::page::Page;
use super::style;
use super::widgets::read_error_ui;
use crate::domain::program::{
    CategoryDraft, KindDraft, LixiuDraft, ParamError, ParamField, ProgramKind, YearParams,
    YearParamsDraft,
};
use crate::domain::user::Action;

/// The page's state.
#[derive(Default)]
pub struct ParamsPage {
    /// The program-year being edited and the copy the page edits.
    draft: Option<(i64, YearParamsDraft)>,
    /// Persons per category on the program's roster, with the program they count.
    counts: Option<(i64, crate::store::Result<HashMap<String, i64>>)>,
    /// 重新计算 running off the UI thread (医疗救助).
    recompute: Option<Job<crate::store::Result<crate::store::assistance::Recomputed>>>,
    /// Whether the draft differed from the saved parameters when last shown.
    dirty: bool,
}

/// A structural edit asked for by a button this frame.
enum Edit {
    RemoveCategory(usize),
    AddLayer,
    RemoveLayer(usize),
    SwapLayers(usize, usize),
}

impl ParamsPage {}

impl ParamsPage {
    /// 重新计算: apply the saved parameters to every claim of the year, with a
    /// progress bar; open months change, locked months get adjustments.
    fn recompute_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PageCtx<'_>,
        program_id: i64,
        year: i32,
        dirty: bool,
    ) {
        if let Some(job) = &self.recompute {
            job.progress_bar_ui(ui, "正在重新计算", " 人");
            let failed = match job.poll() {
                None => return,
                Some(Ok(Ok(r))) => {
                    self.recompute = None;
                    ctx.toasts.success(format!(
                        "已按{year}年度参数重新计算 {} 人：{} 条报账金额改变，{} 条已批准报账记为调整",
                        r.persons, r.changed, r.adjustments
                    ));
                    return;
                }
                Some(Ok(Err(e))) => e.to_string(),
                Some(Err(died)) => died.to_string(),
            };
            self.recompute = None;
            ctx.toasts
                .error(format!("重新计算失败，未写入任何数据：{failed}"));
            return;
        }
        let button = ui
            .add_enabled(!dirty, egui::Button::new("按本年度参数重新计算救助金额"))
            .on_hover_text("已批准或已划拨月份的报账不改动，差额记为调整，随该医院下次划拨");
        if button.clicked() {
            let db = ctx.store.opener();
            let actor = ctx.actor.clone();
            self.recompute = Some(Job::spawn("重新计算", ui.ctx(), move |h| {
                db.open()?
                    .recompute_year(program_id, year, &actor, &|d, t| h.report(d, t))
            }));
        }
    }
}

/// Write the parameters; on success the page's copy takes their stored form.
fn save_params(
    ctx: &mut PageCtx<'_>,
    year_id: i64,
    params: &YearParams,
    draft: &mut YearParamsDraft,
) {
    match ctx.store.save_year_params(year_id, params, ctx.actor) {
        Ok(()) => {
            ctx.toasts.success("政策参数已保存");
            *draft = YearParamsDraft::from_params(params);
            // The selector holds the year's parameters that other pages read.
            ctx.commands.push(Command::ReloadPrograms);
        }
        Err(e) => ctx.toasts.error(format!("未保存：{e}")),
    }
}

/// The category table: a name and one field per parameter of the kind, each
/// field named for screen readers and tests as 「{类别} {参数}」.
fn categories_ui(
    ui: &mut Ui,
    kind: ProgramKind,
    draft: &mut YearParamsDraft,
    errors: &[ParamError],
    counts: Option<&HashMap<String, i64>>,
    may_edit: bool,
    edits: &mut Vec<Edit>,
) {
    // Only 医疗救助 categories are added or removed: 离休 ones follow from the work date.
    let changeable = may_edit && kind.categories_editable();
    let fields = ParamField::of_kind(kind);
    ui.horizontal(|ui| {
        ui.label(RichText::new("类别参数").strong().size(17.0));
        ui.label(
            RichText::new(match kind {
                ProgramKind::Lixiu => "金额单位：元/人/年。类别由参加工作时间确定。",
                ProgramKind::Jiuzhu => {
                    "金额单位：元；比例为百分数（70 即 70%）；起付线和限额按年度累计。"
                }
            })
            .color(style::MUTED),
        );
    });
    let grouped = fields.iter().any(|f| column_group(*f).is_some());
    egui::Grid::new("category_params")
        .striped(true)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            if grouped {
                // The group names over their first column.
                ui.label("");
                let mut last = None;
                for f in fields {
                    match column_group(*f) {
                        Some(g) if last != Some(g) => {
                            ui.strong(g);
                        }
                        _ => {
                            ui.label("");
                        }
                    }
                    last = column_group(*f);
                }
                ui.end_row();
            }
            ui.strong("类别");
            for f in fields {
                ui.strong(column_title(*f));
            }
            ui.strong("名册\n人数");
            ui.end_row();
            for (row, c) in draft.categories.iter_mut().enumerate() {
                let name = c.category.clone();
                // A grid cell offers only last frame's width: ask for the size.
                // 离休 categories follow from the work date: their names are fixed.
                if kind.categories_editable() {
                    ui.add_sized(
                        [140.0, 22.0],
                        TextEdit::singleline(&mut c.category).hint_text("类别名称"),
                    )
                    .accessible_name(format!("第 {} 个类别名称", row + 1));
                } else {
                    ui.allocate_ui_with_layout(
                        egui::vec2(140.0, 22.0),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| ui.label(&c.category),
                    );
                }
                for f in fields {
                    let bad = errors
                        .iter()
                        .any(|e| e.row == Some(row) && e.field == Some(*f));
                    let mut edit =
                        TextEdit::singleline(c.value_mut(*f)).align(egui::Align2::RIGHT_CENTER);
                    if bad {
                        edit = edit.background_color(egui::Color32::from_rgb(0xFD, 0xEC, 0xEA));
                    }
                    let width = match f {
                        _ if f.is_rate() => 52.0,
                        ParamField::Quota
                        | ParamField::InpatientCap
                        | ParamField::CatastrophicCap
                        | ParamField::OutpatientCap => 86.0,
                        _ => 72.0,
                    };
                    ui.add_sized([width, 22.0], edit).accessible_name(format!(
                        "{} {}",
                        name.trim(),
                        f.label()
                    ));
                }
                let n = counts
                    .and_then(|m| m.get(name.trim()))
                    .copied()
                    .unwrap_or(0);
                ui.label(RichText::new(n.to_string()).color(style::MUTED));
                if changeable
                    && ui
                        .small_button("删除")
                        .on_hover_text(format!("删除类别「{}」", name.trim()))
                        .clicked()
                {
                    edits.push(Edit::RemoveCategory(row));
                }
                ui.end_row();
            }
        });
    if changeable && ui.button("增加类别").clicked() {
        draft.categories.push(CategoryDraft::blank(kind));
    }
}

/// The group a column sits under (普通住院, 重特大疾病, 门诊), if any.
fn column_group(f: ParamField) -> Option<&'static str> {
    match f {
        ParamField::Quota | ParamField::Premium => None,
        ParamField::InpatientDeductible
        | ParamField::InpatientRateLocal
        | ParamField::InpatientRateAbove
        | ParamField::InpatientCap => Some("普通住院"),
        ParamField::CatastrophicDeductible
        | ParamField::CatastrophicRate
        | ParamField::CatastrophicCap => Some("重特大疾病"),
        ParamField::OutpatientDeductible
        | ParamField::OutpatientRate
        | ParamField::OutpatientCap => Some("门诊"),
    }
}

/// A column's title under its group, on two lines where it is long.
fn column_title(f: ParamField) -> &'static str {
    match f {
        ParamField::Quota => "个人医疗定额",
        ParamField::Premium => "资助参保\n金额",
        ParamField::InpatientDeductible
        | ParamField::CatastrophicDeductible
        | ParamField::OutpatientDeductible => "起付线",
        ParamField::InpatientRateLocal => "乡镇县级\n比例",
        ParamField::InpatientRateAbove => "县级以上\n比例",
        ParamField::CatastrophicRate | ParamField::OutpatientRate => "比例",
        ParamField::InpatientCap | ParamField::CatastrophicCap | ParamField::OutpatientCap => {
            "年度限额"
        }
    }
}

/// 统筹标准 and 目录外费用支付比例 (离休).
fn lixiu_scalars_ui(ui: &mut Ui, draft: &mut LixiuDraft) {
    egui::Grid::new("lixiu_scalars")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (label, value, hint) in [
                ("统筹标准（元/人/年）", &mut draft.pooling_standard, "8000"),
                (
                    "目录外费用支付比例（%）",
                    &mut draft.out_of_catalog_percent,
                    "0 到 100 的整数",
                ),
            ] {
                let l = ui.label(label);
                ui.add(
                    TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(120.0),
                )
                .labelled_by(l.id);
                ui.end_row();
            }
        });
}

/// The other protection layers in paying order, one field each.
fn layers_ui(ui: &mut Ui, layers: &mut [String], may_edit: bool, edits: &mut Vec<Edit>) {
    ui.label(RichText::new("其他保障层次").strong().size(17.0));
    ui.label(
        RichText::new("报账时逐项录入「某某支付」、计算时先行扣除的其他保障，按支付顺序排列，例如：基本医保、大病保险。离休项目通常不填。")
            .color(style::MUTED),
    );
    let n = layers.len();
    if n == 0 {
        ui.label(RichText::new("无其他保障层次。").color(style::MUTED));
    }
    egui::Grid::new("layer_params")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (i, layer) in layers.iter_mut().enumerate() {
                let l = ui.label(format!("第 {} 层", i + 1));
                ui.horizontal(|ui| {
                    ui.add(
                        TextEdit::singleline(layer)
                            .hint_text("名称，例如：基本医保")
                            .desired_width(200.0),
                    )
                    .labelled_by(l.id);
                    if !may_edit {
                        return;
                    }
                    if ui.add_enabled(i > 0, egui::Button::new("上移")).clicked() {
                        edits.push(Edit::SwapLayers(i, i - 1));
                    }
                    if ui
                        .add_enabled(i + 1 < n, egui::Button::new("下移"))
                        .clicked()
                    {
                        edits.push(Edit::SwapLayers(i, i + 1));
                    }
                    if ui.button("删除").clicked() {
                        edits.push(Edit::RemoveLayer(i));
                    }
                });
                ui.end_row();
            }
        });
    if may_edit && ui.button("增加保障层次").clicked() {
        edits.push(Edit::AddLayer);
    }
}

/// What stops a save, and categories that people hold but the parameters lost.
fn problems_ui(
    ui: &mut Ui,
    errors: &[ParamError],
    draft: &YearParamsDraft,
    counts: Option<&HashMap<String, i64>>,
) {
    for e in errors {
        ui.label(RichText::new(format!("· {}", e.message)).color(style::ERROR));
    }
    let mut orphaned: Vec<(&String, &i64)> = counts
        .into_iter()
        .flatten()
        .filter(|(name, n)| {
            **n > 0
                && !name.is_empty()
                && !draft.categories.iter().any(|c| c.category.trim() == *name)
        })
        .collect();
    orphaned.sort();
    for (name, n) in orphaned {
        ui.label(
            RichText::new(format!(
                "· 名册中有 {n} 人属于「{name}」，参数中已没有该类别：他们的报账将无法计算"
            ))
            .color(style::WARNING),
        );
    }
}

/// The navigation title.
pub const TITLE: &str = "政策参数";

impl Page for ParamsPage {
    fn title(&self) -> &'static str {
        TITLE
    }

    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>) {
        let (Some(program), Some(year)) = (ctx.program.cloned(), ctx.year.cloned()) else {
            ui.heading("政策参数");
            ui.label("请先选择项目和年度。");
            return;
        };
        let saved = YearParamsDraft::from_params(&year.params);
        if self.draft.as_ref().is_none_or(|(id, _)| *id != year.id) {
            self.draft = Some((year.id, saved.clone()));
        }
        if self.counts.as_ref().is_none_or(|(id, _)| *id != program.id) {
            let counts = ctx
                .store
                .category_counts(program.id)
                .map(|c| c.into_iter().collect());
            self.counts = Some((program.id, counts));
        }
        let Some((_, draft)) = &mut self.draft else {
            return;
        };
        let may_edit = ctx.actor.may(Action::ManageSettings);
        let dirty = *draft != saved;
        self.dirty = dirty;
        let parsed = draft.parse();
        let errors: &[ParamError] = parsed.as_ref().err().map_or(&[], Vec::as_slice);

        let mut save =
            may_edit && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
        let mut discard = false;
        ui.horizontal(|ui| {
            ui.heading(format!("政策参数 · {}年", year.year));
            ui.add_space(16.0);
            if may_edit {
                save |= ui
                    .add_enabled(dirty, egui::Button::new("保存"))
                    .on_hover_text("保存全部政策参数（Ctrl+S）")
                    .clicked();
                discard = ui
                    .add_enabled(dirty, egui::Button::new("放弃修改"))
                    .clicked();
                if dirty {
                    ui.label(RichText::new("有未保存的修改").color(style::WARNING));
                }
            } else {
                ui.label(
                    RichText::new(format!("{}只能查看", ctx.actor.roles.label()))
                        .color(style::MUTED),
                );
            }
        });
        ui.label(
            RichText::new(
                "保存后，此后录入或重新计算的报账按新参数计算；已录入的报账保留原金额，直到重新计算。",
            )
            .color(style::MUTED),
        );
        if program.kind.recomputes_claims() && ctx.actor.may(Action::AuditClaims) {
            self.recompute_ui(ui, ctx, program.id, year.year, dirty);
        }
        let Some((_, draft)) = &mut self.draft else {
            return;
        };
        let counts = match &self.counts {
            Some((_, Err(e))) => {
                read_error_ui(ui, "名册人数", e);
                None
            }
            Some((_, Ok(c))) => Some(c),
            None => None,
        };
        problems_ui(ui, errors, draft, counts);
        ui.add_space(6.0);
        let mut edits = Vec::new();
        egui::ScrollArea::both()
            .id_salt("params_scroll")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.add_enabled_ui(may_edit, |ui| {
                    categories_ui(
                        ui,
                        program.kind,
                        draft,
                        errors,
                        counts,
                        may_edit,
                        &mut edits,
                    );
                    match &mut draft.kind {
                        KindDraft::Lixiu(scalars) => {
                            ui.add_space(8.0);
                            lixiu_scalars_ui(ui, scalars);
                        }
                        KindDraft::Jiuzhu => {}
                    }
                    ui.add_space(12.0);
                    layers_ui(ui, &mut draft.layers, may_edit, &mut edits);
                });
            });
        for edit in edits {
            match edit {
                Edit::RemoveCategory(i) if i < draft.categories.len() => {
                    draft.categories.remove(i);
                }
                Edit::AddLayer => draft.layers.push(String::new()),
                Edit::RemoveLayer(i) if i < draft.layers.len() => {
                    draft.layers.remove(i);
                }
                Edit::SwapLayers(a, b) if a.max(b) < draft.layers.len() => draft.layers.swap(a, b),
                _ => {}
            }
        }
        if discard {
            *draft = saved;
        } else if save {
            match parsed {
                Err(errors) => {
                    let first = errors.first().map_or("", |e| e.message.as_str());
                    ctx.toasts.error(format!("未保存：{first}"));
                }
                Ok(params) => save_params(ctx, year.id, &params, draft),
            }
        }
    }

    /// Reload the roster counts on the next frame; edits not yet saved stay.
    fn data_changed(&mut self) {
        self.counts = None;
    }

    fn has_unsaved_edits(&self) -> bool {
        self.dirty
    }
}
