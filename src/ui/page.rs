//! What every navigation page is to the shell, and the one list of them.
//!
//! A new page is one new module with a type that implements [`Page`], plus one line
//! in [`all`]. The shell (`app.rs`) draws the navigation from that list, shows the
//! chosen page, tells every page when the program, the year or the data changed,
//! and builds the list afresh when someone signs out.

use egui::Ui;

use super::app::PageCtx;
use crate::domain::program::ProgramKind;
use crate::store::Actor;

/// A page of the navigation.
pub trait Page {
    /// The navigation label; also the page's name in [`super::app::Command::Navigate`].
    fn title(&self) -> &'static str;

    /// Whether the page serves the chosen program (of `kind`, if any).
    fn serves(&self, _kind: Option<ProgramKind>) -> bool {
        true
    }

    /// Whether the navigation offers the page to `actor` (a page for some roles
    /// only, as the 操作日志).
    fn shown_to(&self, _actor: &Actor) -> bool {
        true
    }

    /// Draw the page for one frame.
    fn ui(&mut self, ui: &mut Ui, ctx: &mut PageCtx<'_>);

    /// Another program or year was chosen.
    fn program_changed(&mut self) {
        self.data_changed();
    }

    /// The data may have changed (another page wrote, or the page is opened again):
    /// reload what is shown on the next frame.
    fn data_changed(&mut self);

    /// Whether the page holds edits that are not saved yet.
    fn has_unsaved_edits(&self) -> bool {
        false
    }
}

/// Every page, in navigation order, as a new user sees them. The first is where the
/// shell goes when the chosen page does not serve the program.
pub fn all() -> Vec<Box<dyn Page>> {
    vec![
        Box::new(super::roster::RosterPage::default()),
        Box::new(super::premiums::PremiumsPage::default()),
        Box::new(super::claims::ClaimsPage::default()),
        Box::new(super::transfers::TransfersPage::default()),
        Box::new(super::funds::FundsPage::default()),
        Box::new(super::declaration::DeclarationPage::default()),
        Box::new(super::scoring::ScoringPage::default()),
        Box::new(super::reports::ReportsPage::default()),
        Box::new(super::params::ParamsPage::default()),
        Box::new(super::hospitals::HospitalsPage::default()),
        Box::new(super::settings::SettingsPage::default()),
        Box::new(super::audit_log::AuditLogPage::default()),
        Box::new(super::verify::VerifyPage::default()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_titles_are_unique() {
        let titles: Vec<_> = all().iter().map(|p| p.title()).collect();
        let unique: std::collections::HashSet<_> = titles.iter().collect();
        assert_eq!(unique.len(), titles.len(), "{titles:?}");
    }

    #[test]
    fn fresh_pages_hold_no_unsaved_edits() {
        for page in all() {
            assert!(!page.has_unsaved_edits(), "{}", page.title());
        }
    }
}
