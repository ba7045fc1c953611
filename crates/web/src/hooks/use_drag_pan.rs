//! Dragging the picture pans it, where it is larger than its box (zoomed in, or taller than the
//! panel): from its background, and from an item once the pointer has moved a few pixels (a press
//! that stays put is a click on the item). The box takes the pointer when it pans, so a drag that
//! leaves it still pans, and its release is not a click on an item.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::{Element, PointerEvent};
use yew::prelude::*;

use crate::components::picture::item_at;

/// Where a drag started: the pointer, the scroll offsets then, and whether the box has taken the
/// pointer (at once on the background, on an item only once it is a drag).
#[derive(Clone, Copy)]
struct Grab {
    x: i32,
    y: i32,
    left: i32,
    top: i32,
    captured: bool,
}

/// How far (in CSS pixels) the pointer moves before a press is a drag rather than a click.
const SLOP: i32 = 4;

/// The scrolling box's pointer handlers, and whether the press that ends in a click was a drag
/// (so that the click is not taken as choosing or unselecting).
pub struct DragPan {
    pub onpointerdown: Callback<PointerEvent>,
    pub onpointermove: Callback<PointerEvent>,
    pub onpointerup: Callback<PointerEvent>,
    dragged: Rc<RefCell<bool>>,
}

impl DragPan {
    /// Whether the press that ends in this click moved the picture (then it chooses nothing).
    pub fn was_drag(&self) -> bool {
        std::mem::take(&mut *self.dragged.borrow_mut())
    }
}

/// `scroller` is the scrolling box the handlers are put on. (Yew delegates events to its root,
/// so an event's `currentTarget` is not the box.)
#[hook]
pub fn use_drag_pan(scroller: NodeRef) -> DragPan {
    let grab = use_mut_ref(|| None::<Grab>);
    let dragged = use_mut_ref(|| false);
    let boxed = move || scroller.cast::<Element>();
    let onpointerdown = {
        let (grab, dragged, boxed) = (grab.clone(), dragged.clone(), boxed.clone());
        Callback::from(move |e: PointerEvent| {
            *dragged.borrow_mut() = false;
            let Some(el) = boxed() else { return };
            // A touch scrolls the box itself. A press on an item may be a click on it: the box
            // takes the pointer from it only if it moves. (Where the picture fits, a drag scrolls
            // nothing and the release still unselects.)
            if e.button() != 0 || e.pointer_type() == "touch" {
                return;
            }
            let captured = item_at(&e).is_none();
            if captured {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            *grab.borrow_mut() = Some(Grab { x: e.client_x(), y: e.client_y(), left: el.scroll_left(), top: el.scroll_top(), captured });
        })
    };
    let onpointermove = {
        let (grab, dragged) = (grab.clone(), dragged.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(g) = *grab.borrow() else { return };
            let Some(el) = boxed() else { return };
            let (dx, dy) = (e.client_x() - g.x, e.client_y() - g.y);
            let mut moved = dragged.borrow_mut();
            if !*moved && dx.abs().max(dy.abs()) < SLOP {
                return;
            }
            *moved = true;
            if !g.captured {
                let _ = el.set_pointer_capture(e.pointer_id());
                *grab.borrow_mut() = Some(Grab { captured: true, ..g });
            }
            el.set_scroll_left(g.left - dx);
            el.set_scroll_top(g.top - dy);
        })
    };
    let onpointerup = Callback::from(move |_: PointerEvent| *grab.borrow_mut() = None);
    DragPan { onpointerdown, onpointermove, onpointerup, dragged }
}
