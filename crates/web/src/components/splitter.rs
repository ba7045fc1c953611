//! The handle between the editor and the picture: dragged, or moved with the arrow keys, it
//! widens the editor (whose lines a 1440-px laptop cut at 35 characters) or the picture. The
//! width is the page's `--editor-w`, set on the `.app` grid directly (a drag re-renders nothing),
//! and kept in the browser's storage for the next visit; a double click gives the default back.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// The narrowest editor (line numbers and about 25 characters).
const MIN: i32 = 240;
/// What the picture keeps at the least, beside the widest editor.
const PICTURE_MIN: i32 = 380;
/// An arrow key's step; with Shift, four of them.
const STEP: i32 = 24;
const STORAGE_KEY: &str = "ordinal.editor-width";

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The `.app` grid whose first column this sizes.
    pub app: NodeRef,
}

/// The widths the editor may take in this window: at least [`MIN`], at most what leaves the
/// picture [`PICTURE_MIN`] beside the actions column.
fn bounds(app: &HtmlElement) -> (i32, i32) {
    let side = child_width(app, ".side");
    // The grid's padding (10 px a side) and its two gaps of 10 px; and at most half the grid,
    // as the style's `min(.., 50%)` has it.
    let inner = app.client_width() - 20;
    let max = (inner - 20 - side - PICTURE_MIN).min(inner / 2);
    (MIN, max.max(MIN))
}

fn child_width(app: &HtmlElement, selector: &str) -> i32 {
    app.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<HtmlElement>().ok()).map_or(0, |e| e.offset_width())
}

/// Sets the editor's width (clamped), says it to assistive technology, and remembers it.
fn set_width(app: &HtmlElement, handle: Option<&Element>, width: i32) {
    let (min, max) = bounds(app);
    let width = width.clamp(min, max);
    // The stored width may be wider than a smaller window later: the picture keeps half.
    let _ = app.style().set_property("--editor-w", &format!("min({width}px, 50%)"));
    if let Some(handle) = handle {
        let _ = handle.set_attribute("aria-valuenow", &width.to_string());
        let _ = handle.set_attribute("aria-valuemax", &max.to_string());
    }
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, &width.to_string());
    }
}

/// The browser's local storage, where a page may use it (not in some sandboxed frames).
fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

#[function_component(Splitter)]
pub fn splitter(props: &Props) -> Html {
    let app = props.app.clone();
    let handle = use_node_ref();
    // Where a drag started: the pointer's x and the editor's width then.
    let grab = use_mut_ref(|| None::<(i32, i32)>);
    let dragging = use_state(|| false);
    let app_el = {
        let app = app.clone();
        Rc::new(move || app.cast::<HtmlElement>())
    };

    {
        let (app_el, handle) = (app_el.clone(), handle.clone());
        use_effect_with((), move |_| {
            let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).and_then(|w| w.parse::<i32>().ok());
            if let (Some(app), Some(width)) = (app_el(), stored) {
                set_width(&app, handle.cast::<Element>().as_ref(), width);
            }
        });
    }

    let onpointerdown = {
        let (app_el, grab, dragging) = (app_el.clone(), grab.clone(), dragging.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            let Some(app) = app_el() else { return };
            if let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                let _ = target.set_pointer_capture(e.pointer_id());
            }
            e.prevent_default();
            *grab.borrow_mut() = Some((e.client_x(), child_width(&app, ".editor")));
            dragging.set(true);
        })
    };
    let onpointermove = {
        let (app_el, grab, handle) = (app_el.clone(), grab.clone(), handle.clone());
        Callback::from(move |e: PointerEvent| {
            let Some((x, width)) = *grab.borrow() else { return };
            let Some(app) = app_el() else { return };
            set_width(&app, handle.cast::<Element>().as_ref(), width + e.client_x() - x);
        })
    };
    let release = {
        let (grab, dragging) = (grab.clone(), dragging.clone());
        Callback::from(move |_: PointerEvent| {
            *grab.borrow_mut() = None;
            dragging.set(false);
        })
    };
    let ondblclick = {
        let (app_el, handle) = (app_el.clone(), handle.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(app) = app_el() else { return };
            let _ = app.style().remove_property("--editor-w");
            if let Some(storage) = storage() {
                let _ = storage.remove_item(STORAGE_KEY);
            }
            if let Some(handle) = handle.cast::<Element>() {
                let _ = handle.remove_attribute("aria-valuenow");
            }
        })
    };
    // The keys the page's own listener leaves to a separator (see `use_keyboard::owns_keys`).
    let onkeydown = {
        let (app_el, handle) = (app_el.clone(), handle.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(app) = app_el() else { return };
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
            set_width(&app, handle.cast::<Element>().as_ref(), to);
        })
    };

    html! {
        <div ref={handle} class={classes!("splitter", dragging.then_some("dragging"))} role="separator" tabindex="0"
            aria-orientation="vertical" aria-label="Editor width (arrow keys; double-click for the default)"
            aria-valuemin={MIN.to_string()} title="Drag to widen the editor or the picture; double-click for the default"
            {onpointerdown} {onpointermove} onpointerup={release.clone()} onpointercancel={release} {ondblclick} {onkeydown} />
    }
}
