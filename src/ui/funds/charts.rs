//! 资金台账's charts tab: the monthly plot and the share plot.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Corner, HLine, HoverPosition, Legend, Line, Plot, PlotPoints};

use crate::report::funds::FundChart;
use crate::ui::style;

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
pub(super) fn charts_ui(ui: &mut Ui, chart: &FundChart, year: i32) {
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
