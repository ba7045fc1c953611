//! The handle between the editor and the picture: dragged, or moved with the arrow keys, it
//! widens the editor (whose lines a 1440-px laptop cut at 35 characters) or the picture. The
//! width is the page's `--editor-w`, set on the `.app` grid directly (a drag re-renders nothing),
//! and kept in the browser's storage for the next visit; a double click gives the default back.
//! The handle's listeners are the browser's own, not a component's: the same behaviour for a
//! quarter of the WebAssembly.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// The narrowest editor (line numbers and about 25 characters).
pub const MIN: i32 = 240;
/// What the picture keeps at the least, beside the widest editor.
const PICTURE_MIN: i32 = 380;
/// An arrow key's step; with Shift, four of them.
const STEP: i32 = 24;
const STORAGE_KEY: &str = "ordinal.editor-width";

/// The widths the editor may take in this window: at least [`MIN`], at most what leaves the
/// picture [`PICTURE_MIN`] beside the actions column, and half the grid (the style's
/// `min(.., 50%)`).
fn bounds(app: &HtmlElement) -> (i32, i32) {
    // The grid's padding (10 px a side) and its two gaps of 10 px.
    let inner = app.client_width() - 20;
    let max = (inner - 20 - child_width(app, ".side") - PICTURE_MIN).min(inner / 2);
    (MIN, max.max(MIN))
}

fn child_width(app: &HtmlElement, selector: &str) -> i32 {
    app.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok()).map_or(0, |e| e.offset_width())
}

/// Sets the editor's width (clamped), says it to assistive technology, and remembers it.
fn set_width(app: &HtmlElement, handle: &Element, width: i32) {
    let (min, max) = bounds(app);
    let width = width.clamp(min, max);
    // The stored width may be wider than a smaller window later: the picture keeps half.
    let _ = app.style().set_property("--editor-w", &format!("min({width}px, 50%)"));
    let _ = handle.set_attribute("aria-valuenow", &width.to_string());
    let _ = handle.set_attribute("aria-valuemax", &max.to_string());
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &width.to_string());
    }
}

/// The default width again, for this visit and the next.
fn reset(app: &HtmlElement, handle: &Element) {
    let _ = app.style().remove_property("--editor-w");
    let _ = handle.remove_attribute("aria-valuenow");
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// The browser's local storage, where a page may use it (not in some sandboxed frames).
fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// Makes `handle` (a `role="separator"` element) size the first column of the `app` grid.
#[hook]
pub fn use_splitter(app: NodeRef, handle: NodeRef) {
    use_effect_with((), move |_| {
        let listeners = app.cast::<HtmlElement>().zip(handle.cast::<Element>()).map(|(app, handle)| {
            let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).and_then(|w| w.parse().ok());
            if let Some(width) = stored {
                set_width(&app, &handle, width);
            }
            // Where a drag started: the pointer's x and the editor's width then.
            let grab = Rc::new(Cell::new(None::<(i32, i32)>));
            let on = |kind: &'static str, mut f: Box<dyn FnMut(&web_sys::Event)>| {
                EventListener::new_with_options(&handle, kind, EventListenerOptions::enable_prevent_default(), move |e| f(e))
            };
            let down = {
                let (app, handle, grab) = (app.clone(), handle.clone(), grab.clone());
                on("pointerdown", Box::new(move |e| {
                    let Some(e) = e.dyn_ref::<PointerEvent>().filter(|e| e.button() == 0) else { return };
                    e.prevent_default();
                    let _ = handle.set_pointer_capture(e.pointer_id());
                    let _ = handle.class_list().add_1("dragging");
                    grab.set(Some((e.client_x(), child_width(&app, ".editor"))));
                }))
            };
            let moved = {
                let (app, handle, grab) = (app.clone(), handle.clone(), grab.clone());
                on("pointermove", Box::new(move |e| {
                    if let (Some((x, width)), Some(e)) = (grab.get(), e.dyn_ref::<PointerEvent>()) {
                        set_width(&app, &handle, width + e.client_x() - x);
                    }
                }))
            };
            let release = |kind| {
                let (handle, grab) = (handle.clone(), grab.clone());
                on(kind, Box::new(move |_| {
                    grab.set(None);
                    let _ = handle.class_list().remove_1("dragging");
                }))
            };
            let double = {
                let (app, handle) = (app.clone(), handle.clone());
                on("dblclick", Box::new(move |_| reset(&app, &handle)))
            };
            // The keys the page's own listener leaves to a separator (`use_keyboard::owns_keys`).
            let keys = {
                let (app, handle) = (app.clone(), handle.clone());
                on("keydown", Box::new(move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    let width = child_width(&app, ".editor");
                    let step = if e.shift_key() { 4 * STEP } else { STEP };
                    let (min, max) = bounds(&app);
                    let to = match e.key().as_str() {
                        "ArrowLeft" => width - step,
                        "ArrowRight" => width + step,
                        "Home" => min,
                        "End" => max,
                        _ => return,
                    };
                    e.prevent_default();
                    set_width(&app, &handle, to);
                }))
            };
            [down, moved, release("pointerup"), release("pointercancel"), double, keys]
        });
        move || drop(listeners)
    });
}
