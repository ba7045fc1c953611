//! Whether the person asked for less motion (`prefers-reduced-motion: reduce`).

use yew::prelude::*;

#[hook]
pub fn use_reduced_motion() -> bool {
    let reduced = use_state(|| {
        gloo::utils::window().match_media("(prefers-reduced-motion: reduce)").ok().flatten().map(|m| m.matches()).unwrap_or(false)
    });
    *reduced
}
