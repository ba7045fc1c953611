//! The keys: Space plays and pauses, arrows step between events, Home and End jump. The page
//! listens on the whole document; an embedded player only within itself, so that two players on
//! one page (and the page around them) keep their keys apart.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::state::Action;

/// Whether a key pressed in this element belongs to it (typing, a button, a slider...).
fn owns_keys(target: Option<Element>, key: &str) -> bool {
    let Some(el) = target else { return false };
    let tag = el.tag_name().to_ascii_lowercase();
    match tag.as_str() {
        "textarea" | "select" => true,
        "input" => {
            let kind = el.get_attribute("type").unwrap_or_default();
            kind != "range" || key != " "
        }
        "button" | "a" | "summary" => key == " " || key == "Enter",
        _ => el.closest("[data-id]").ok().flatten().is_some() && (key == " " || key == "Enter"),
    }
}

/// Listens for the keys on `scope`'s element, or on the document when there is none.
#[hook]
pub fn use_keyboard(dispatch: Callback<Action>, scope: Option<NodeRef>) {
    use_effect_with((), move |_| {
        let options = EventListenerOptions::enable_prevent_default();
        let target: web_sys::EventTarget = match scope.and_then(|s| s.cast::<Element>()) {
            Some(el) => el.into(),
            None => gloo::utils::document().into(),
        };
        let listener = EventListener::new_with_options(&target, "keydown", options, move |e| {
            let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            if owns_keys(target, &key) {
                return;
            }
            let action = match key.as_str() {
                " " => Action::TogglePlay,
                "ArrowRight" => Action::NextEvent,
                "ArrowLeft" => Action::PrevEvent,
                "Home" => Action::Start,
                "End" => Action::End,
                "Escape" => Action::Select(None),
                _ => return,
            };
            e.prevent_default();
            dispatch.emit(action);
        });
        move || drop(listener)
    });
}
