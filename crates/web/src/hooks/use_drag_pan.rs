//! Dragging the picture's background pans it, where it is larger than its box (zoomed in, or
//! taller than the panel). Once the pointer has moved it is captured by the scrolling box, so the
//! release is not a click on the picture: a drag does not unselect what was chosen.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent};
use yew::prelude::*;

/// Where a drag started: the pointer, and the scroll offsets then.
#[derive(Clone, Copy)]
struct Grab {
    pointer: i32,
    x: i32,
    y: i32,
    left: i32,
    top: i32,
}

/// How far (in CSS pixels) the pointer moves before a press is a drag rather than a click.
const SLOP: i32 = 4;

/// Pans the scrolling element `scroller` by dragging its background (anything but an item).
#[hook]
pub fn use_drag_pan(scroller: NodeRef) {
    use_effect_with((), move |_| {
        let listeners = scroller.cast::<Element>().map(|el| {
            let grab = Rc::new(Cell::new(None::<Grab>));
            let dragged = Rc::new(Cell::new(false));
            let down = EventListener::new(&el, "pointerdown", {
                let (el, grab, dragged) = (el.clone(), grab.clone(), dragged.clone());
                move |e| {
                    let Some(e) = e.dyn_ref::<PointerEvent>() else { return };
                    let on_item = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest("[data-id]").ok().flatten());
                    let overflows = el.scroll_width() > el.client_width() || el.scroll_height() > el.client_height();
                    if e.button() != 0 || on_item.is_some() || !overflows {
                        return;
                    }
                    dragged.set(false);
                    grab.set(Some(Grab { pointer: e.pointer_id(), x: e.client_x(), y: e.client_y(), left: el.scroll_left(), top: el.scroll_top() }));
                }
            });
            // Moves and releases are heard on the whole document: a drag that leaves the picture
            // before it counts as one (and takes the pointer) still pans, and still ends.
            let document = gloo::utils::document();
            let moved = EventListener::new(&document, "pointermove", {
                let (el, grab, dragged) = (el.clone(), grab.clone(), dragged.clone());
                move |e| {
                    let (Some(e), Some(g)) = (e.dyn_ref::<PointerEvent>(), grab.get()) else { return };
                    let (dx, dy) = (e.client_x() - g.x, e.client_y() - g.y);
                    if !dragged.get() && dx.abs().max(dy.abs()) < SLOP {
                        return;
                    }
                    if !dragged.get() {
                        dragged.set(true);
                        // The drag keeps the pointer even if it leaves the picture.
                        let _ = el.set_pointer_capture(g.pointer);
                        let _ = el.class_list().add_1("panning");
                    }
                    el.set_scroll_left(g.left - dx);
                    el.set_scroll_top(g.top - dy);
                }
            });
            let end = |kind: &'static str| {
                let (el, grab) = (el.clone(), grab.clone());
                EventListener::new(&document, kind, move |_| {
                    grab.set(None);
                    let _ = el.class_list().remove_1("panning");
                })
            };
            [down, moved, end("pointerup"), end("pointercancel")]
        });
        move || drop(listeners)
    });
}
