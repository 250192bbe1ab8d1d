//! The tabs, one module each behind `tui::tab::TabView`, and their list: the one place a new
//! tab is added (see `tui::tab` for the steps).

use super::tab::TabView;

/// Declares the tab modules, the `Tab` that names each, and `build`, all from one list.
macro_rules! tabs {
    ($($name:ident: $module:ident::$ty:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// The tabs, in the order of the tab bar.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Tab {
            $($name),*
        }

        impl Tab {
            pub const ALL: &'static [Tab] = &[$(Tab::$name),*];
        }

        /// Every tab as the program opens, in the order of `Tab::ALL`.
        pub fn build(year: i32) -> Vec<Box<dyn TabView>> {
            vec![$(Box::new(<$module::$ty as TabView>::create(year))),*]
        }
    };
}

tabs! {
    Dashboard: dashboard::DashboardTab,
    Members: members::MembersTab,
    Meetings: meetings::MeetingsTab,
    Study: study::StudyTab,
    Pledges: pledges::PledgesTab,
    Evaluation: evaluation::EvaluationTab,
    Dues: dues::DuesTab,
    Mobile: mobile::MobileTab,
}
