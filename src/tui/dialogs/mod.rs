//! The app's own dialogs, over any tab: party groups and the branch settings.

pub mod groups;
pub mod settings;
