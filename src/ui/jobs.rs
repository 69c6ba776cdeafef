//! Long work off the UI thread, with progress and cancelling.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::io::roster_import::Progress;

/// What the worker thread sees: where to report progress and whether to stop.
pub struct JobHandle {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
    ctx: egui::Context,
}

impl JobHandle {
    /// Record progress and wake the UI.
    pub fn report(&self, done: usize, total: usize) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.ctx.request_repaint();
    }

    /// Run `f` with a [`Progress`] wired to this handle.
    pub fn with_progress<R>(&self, f: impl FnOnce(&Progress<'_>) -> R) -> R {
        let report = |d: usize, t: usize| self.report(d, t);
        f(&Progress {
            report: &report,
            cancel: &self.cancel,
        })
    }
}

/// A job whose worker died (panicked) before sending its result; its
/// transaction was rolled back, so nothing was written.
#[derive(Debug, thiserror::Error)]
#[error("后台任务意外中止，未写入任何数据")]
pub struct JobDied;

/// A running job whose result arrives once.
pub struct Job<T> {
    pub title: String,
    handle: Arc<JobHandle>,
    rx: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Start `work` on its own thread.
    pub fn spawn(
        title: impl Into<String>,
        ctx: &egui::Context,
        work: impl FnOnce(&JobHandle) -> T + Send + 'static,
    ) -> Self {
        let handle = Arc::new(JobHandle {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            cancel: AtomicBool::new(false),
            ctx: ctx.clone(),
        });
        let (tx, rx) = channel();
        let worker = Arc::clone(&handle);
        std::thread::spawn(move || {
            let out = work(&worker);
            // The receiver may be gone if the dialog was closed; nothing to do then.
            let _ = tx.send(out);
            worker.ctx.request_repaint();
        });
        Self {
            title: title.into(),
            handle,
            rx,
        }
    }
}

impl<T, E: From<JobDied>> Job<Result<T, E>> {
    /// Like [`Job::poll`] for a job that can fail: a worker that died is one more
    /// failure of the job's own error type.
    pub fn poll_result(&self) -> Option<Result<T, E>> {
        self.poll()
            .map(|outcome| outcome.map_err(E::from).and_then(|done| done))
    }
}

impl<T> Job<T> {
    /// The result once the job has finished; `Some(Err(JobDied))` if the worker
    /// died without one.
    pub fn poll(&self) -> Option<Result<T, JobDied>> {
        match self.rx.try_recv() {
            Ok(v) => Some(Ok(v)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(JobDied)),
        }
    }

    /// (done, total) so far.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.handle.done.load(Ordering::Relaxed),
            self.handle.total.load(Ordering::Relaxed),
        )
    }

    /// Ask the worker to stop; it rolls back whatever it started.
    pub fn cancel(&self) {
        self.handle.cancel.store(true, Ordering::Relaxed);
    }

    /// A progress bar reading 「{doing}… done / total{unit}」.
    pub fn progress_bar_ui(&self, ui: &mut egui::Ui, doing: &str, unit: &str) {
        let (done, total) = self.progress();
        let share = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        ui.add(
            egui::ProgressBar::new(share)
                .show_percentage()
                .text(format!("{doing}… {done} / {total}{unit}")),
        );
    }

    pub fn is_cancelling(&self) -> bool {
        self.handle.cancel.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::error::UiError;

    #[test]
    fn a_worker_that_dies_is_said_in_the_words_shown_before() {
        let ctx = egui::Context::default();
        let job: Job<Result<(), UiError>> =
            Job::spawn("test", &ctx, |_| panic!("worker dies on purpose"));
        let outcome = loop {
            if let Some(outcome) = job.poll_result() {
                break outcome;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        let Err(e) = outcome else {
            panic!("a dead worker gave a result");
        };
        assert!(matches!(e, UiError::JobDied(JobDied)));
        assert_eq!(e.to_string(), "后台任务意外中止，未写入任何数据");
    }
}
