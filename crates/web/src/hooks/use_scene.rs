//! The picture of the state's run at the playhead. It is made anew only when the playhead passes
//! a record, the run changes or the selection does, not on every frame of playback.

use std::rc::Rc;

use scene::Scene;
use yew::prelude::*;

use crate::state::AppState;

/// A picture as components hold it: two are equal when they are the same picture (the same
/// `Rc`), so that comparing props on every frame of playback never compares a thousand items.
#[derive(Clone, Debug)]
pub struct Shown(pub Rc<Scene>);

impl PartialEq for Shown {
    fn eq(&self, other: &Shown) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Shown {
    type Target = Scene;

    fn deref(&self) -> &Scene {
        &self.0
    }
}

/// A box narrower than this (CSS pixels: a phone, a narrow column of documentation) gets a
/// picture laid out for it (fewer nodes per row, the Services under the StatefulSets), to be
/// drawn at `READABLE` or more at Fit, rather than the wide picture drawn small. Wider boxes
/// keep the wide layout, whose overview a laptop's page shows whole.
const NARROW_BOX: i32 = 600;
const READABLE: f32 = 0.7;

/// The picture to show, and the callback through which the picture's box reports its width in
/// CSS pixels (when laid out and whenever it changes size), which the picture is then laid out for.
#[hook]
pub fn use_scene(state: &AppState) -> (Rc<Option<Shown>>, Callback<i32>) {
    // Kept only for a narrow box, in steps of 20 px: resizing a wide window changes nothing,
    // and a narrow one lays the picture out again at most every 20 px.
    let width = use_state_eq(|| None::<i32>);
    let on_width = {
        let width = width.setter();
        Callback::from(move |w: i32| width.set((w > 0 && w < NARROW_BOX).then_some(w / 20 * 20)))
    };
    let now = state.now();
    let frame = state.run.as_ref().map(|r| r.timeline.records().partition_point(|rec| rec.t_ms() <= now)).unwrap_or(0);
    let scene = use_memo((state.run.clone(), frame, state.selected.clone(), *width), move |(run, _, selected, width)| {
        let max_width = width.map(|w| w as f32 / READABLE);
        run.as_ref().map(|run| Shown(Rc::new(run.picture(now, selected.clone(), max_width))))
    });
    (scene, on_width)
}
