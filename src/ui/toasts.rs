//! Short messages in the bottom-right corner: confirmations and errors.

use std::time::Duration;

use egui::{Align2, Color32, RichText};

/// How a toast looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Warning,
    Error,
}

#[derive(Clone, Debug)]
struct Toast {
    kind: ToastKind,
    text: String,
    /// Seconds left; `None` until first shown.
    shown_at: Option<f64>,
}

/// The queue of toasts.
#[derive(Default)]
pub struct Toasts {
    items: Vec<Toast>,
}

impl Toasts {
    pub fn success(&mut self, text: impl Into<String>) {
        self.push(ToastKind::Success, text.into());
    }

    pub fn warning(&mut self, text: impl Into<String>) {
        self.push(ToastKind::Warning, text.into());
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into());
    }

    fn push(&mut self, kind: ToastKind, text: String) {
        self.items.push(Toast {
            kind,
            text,
            shown_at: None,
        });
    }

    /// The texts currently queued (for tests and the status bar).
    pub fn texts(&self) -> Vec<&str> {
        self.items.iter().map(|t| t.text.as_str()).collect()
    }

    /// Draw the toasts; errors stay longer than confirmations.
    pub fn show(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        self.items.retain(|t| {
            let ttl = match t.kind {
                ToastKind::Success => 4.0,
                ToastKind::Warning => 8.0,
                ToastKind::Error => 12.0,
            };
            t.shown_at.is_none_or(|at| now - at < ttl)
        });
        if self.items.is_empty() {
            return;
        }
        let mut close = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(Align2::RIGHT_BOTTOM, [-16.0, -40.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for (i, t) in self.items.iter_mut().enumerate() {
                    t.shown_at.get_or_insert(now);
                    let (fill, dot) = match t.kind {
                        ToastKind::Success => (
                            Color32::from_rgb(0xE7, 0xF4, 0xEA),
                            Color32::from_rgb(0x1E, 0x8E, 0x3E),
                        ),
                        ToastKind::Warning => (
                            Color32::from_rgb(0xFD, 0xF3, 0xDC),
                            Color32::from_rgb(0xB0, 0x6D, 0x00),
                        ),
                        ToastKind::Error => (
                            Color32::from_rgb(0xFB, 0xE4, 0xE4),
                            Color32::from_rgb(0xC0, 0x1C, 0x1C),
                        ),
                    };
                    egui::Frame::popup(ui.style()).fill(fill).show(ui, |ui| {
                        ui.set_max_width(420.0);
                        ui.horizontal(|ui| {
                            ui.label(RichText::new("●").color(dot));
                            ui.label(&t.text);
                            if ui.small_button("×").on_hover_text("关闭提示").clicked() {
                                close = Some(i);
                            }
                        });
                    });
                }
            });
        if let Some(i) = close {
            self.items.remove(i);
        }
        ctx.request_repaint_after(Duration::from_millis(500));
    }
}
