//! The keys: Space plays and pauses, arrows step between events, Home and End jump. The page
//! listens on the whole document; an embedded player only within itself, so that two players on
//! one page (and the page around them) keep their keys apart.

use std::cell::RefCell;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::components::picture::focus_item;
use crate::state::Action;

/// Whether a key pressed in this element belongs to it (typing, a button, a slider...).
///
/// Space presses a button or chooses a picture item only if the keyboard brought the focus there:
/// one clicked with the mouse keeps the focus, and a teacher who clicked "Delete pod" and then
/// pressed Space to play would delete again.
fn owns_keys(target: Option<Element>, key: &str) -> bool {
    let Some(el) = target else { return false };
    let tag = el.tag_name().to_ascii_lowercase();
    let activates = key == "Enter" || (key == " " && keyboard_focused(&el));
    match tag.as_str() {
        "textarea" | "select" => true,
        "input" => {
            let kind = el.get_attribute("type").unwrap_or_default();
            kind != "range" || key != " "
        }
        "button" | "a" | "summary" => activates,
        // The editor's width handle moves with the arrows and Home and End.
        _ if el.get_attribute("role").as_deref() == Some("separator") => key.starts_with("Arrow") || key == "Home" || key == "End",
        _ => el.closest("[data-id]").ok().flatten().is_some() && activates,
    }
}

thread_local! {
    /// The element a pointer pressed last, while it keeps the focus the press gave it. (The
    /// browser's own `:focus-visible` cannot tell: a key pressed on a clicked button makes it
    /// match before the key's handlers run.)
    static PRESSED: RefCell<Option<Element>> = const { RefCell::new(None) };
}

/// What a press focuses: the button, link or picture item around the element pressed.
fn focusable(target: Option<web_sys::EventTarget>) -> Option<Element> {
    target?.dyn_into::<Element>().ok()?.closest("button, a, summary, select, input, [tabindex]").ok()?
}

/// Whether the element has the focus from the keyboard rather than from a click or a tap.
pub(crate) fn keyboard_focused(el: &Element) -> bool {
    PRESSED.with(|p| p.borrow().as_ref() != Some(el))
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
        // A press remembers what it focuses; focus that moves anywhere else (Tab) forgets it.
        let pressed = EventListener::new(&target, "pointerdown", |e| {
            let _ = PRESSED.try_with(|p| *p.borrow_mut() = focusable(e.target()));
        });
        let focused = EventListener::new(&target, "focusin", |e| {
            let el = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            let _ = PRESSED.try_with(|p| {
                if p.borrow().as_ref() != el.as_ref() {
                    *p.borrow_mut() = None;
                }
            });
        });
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
            // Escape in the chosen object's panel gives the focus back to the object.
            let back_to = (key == "Escape")
                .then(|| gloo::utils::document().active_element()?.closest(".inspector.chosen").ok()??.get_attribute("data-item"))
                .flatten();
            dispatch.emit(action);
            if let Some(id) = back_to {
                focus_item(&id);
            }
        });
        move || drop((listener, pressed, focused))
    });
}
