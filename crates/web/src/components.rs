//! The page's parts. Each receives data and reaches the reducer through the `Callback<Action>`
//! context; none holds the state handle.

pub mod editor;
pub mod event_log;
pub mod inspector;
pub mod picture;
pub mod share_bar;
pub mod steps;
pub mod timebar;
