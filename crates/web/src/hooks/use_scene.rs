//! The picture of the state's run at the playhead. It is made anew only when the playhead passes
//! a record, the run changes or the selection does, not on every frame of playback.

use std::rc::Rc;

use scene::Scene;
use yew::prelude::*;

use crate::state::AppState;

#[hook]
pub fn use_scene(state: &AppState) -> Rc<Option<Rc<Scene>>> {
    let now = state.now();
    let frame = state.run.as_ref().map(|r| r.timeline.records().partition_point(|rec| rec.t_ms() <= now)).unwrap_or(0);
    use_memo((state.run.clone(), frame, state.selected.clone()), move |(run, _, selected)| {
        run.as_ref().map(|run| Rc::new(run.picture(now, selected.clone())))
    })
}
