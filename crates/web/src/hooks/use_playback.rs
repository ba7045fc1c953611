//! The playback clock: a requestAnimationFrame loop that runs only while playing and reports
//! the real time passed since the previous frame.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

fn schedule(slot: Rc<RefCell<Option<AnimationFrame>>>, last: Rc<RefCell<Option<f64>>>, tick: Callback<f64>) {
    let next = slot.clone();
    let frame = request_animation_frame(move |now| {
        let dt = last.borrow().map(|l| now - l).unwrap_or(0.0);
        *last.borrow_mut() = Some(now);
        tick.emit(dt);
        schedule(next, last, tick);
    });
    *slot.borrow_mut() = Some(frame);
}

/// While `playing`, calls `tick` once per displayed frame with the milliseconds since the last.
#[hook]
pub fn use_playback(playing: bool, tick: Callback<f64>) {
    use_effect_with(playing, move |playing| {
        let slot: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if *playing {
            schedule(slot.clone(), Rc::new(RefCell::new(None)), tick);
        }
        // Dropping the pending frame ends the loop.
        move || drop(slot.borrow_mut().take())
    });
}
