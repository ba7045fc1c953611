//! The page's side effects, one hook each.

pub mod use_box_size;
pub mod use_debounce;
pub mod use_drag_pan;
pub mod use_keyboard;
pub mod use_playback;
pub mod use_reduced_motion;
pub mod use_scene;
pub mod use_splitter;
