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

#[hook]
pub fn use_scene(state: &AppState) -> Rc<Option<Shown>> {
    let now = state.now();
    let frame = state.run.as_ref().map(|r| r.timeline.records().partition_point(|rec| rec.t_ms() <= now)).unwrap_or(0);
    use_memo((state.run.clone(), frame, state.selected.clone()), move |(run, _, selected)| {
        run.as_ref().map(|run| Shown(Rc::new(run.picture(now, selected.clone()))))
    })
}
