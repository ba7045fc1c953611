//! An element's size, told whenever its box changes size: the window resized, or only the
//! column it stands in (a documentation sidebar folding, a slide deck laid out again, a player
//! shown after being hidden).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, ResizeObserver, ResizeObserverBoxOptions, ResizeObserverOptions};
use yew::prelude::*;

/// Tells `on_size` the element's `clientWidth` and `clientHeight` in CSS pixels when it is first
/// laid out and whenever its border box changes size. The border box, not the content box: a
/// scrollbar that appears because of what was laid out for the width must not report a new width.
#[hook]
pub fn use_box_size(node: NodeRef, on_size: Callback<(i32, i32)>) {
    use_effect_with((), move |_| {
        let observing = node.cast::<Element>().and_then(|el| {
            let measured = el.clone();
            // The entries it is called with are not needed: the width is read from the element.
            let changed = Closure::<dyn FnMut()>::new(move || on_size.emit((measured.client_width(), measured.client_height())));
            let observer = ResizeObserver::new(changed.as_ref().unchecked_ref()).ok()?;
            let options = ResizeObserverOptions::new();
            options.set_box(ResizeObserverBoxOptions::BorderBox);
            observer.observe_with_options(&el, &options);
            Some((observer, changed))
        });
        move || {
            if let Some((observer, _changed)) = observing {
                observer.disconnect();
            }
        }
    });
}
