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

/// What [`use_scene`] gives: the picture, the callback through which the picture's box reports
/// its size, and whether the box is narrow (its picture laid out narrow).
pub struct SceneFor {
    pub scene: Rc<Option<Shown>>,
    pub on_size: Callback<(i32, i32)>,
    pub narrow: bool,
}

/// The picture to show, and the callback through which the picture's box reports its size in
/// CSS pixels (when laid out and whenever it changes size), which the picture is then laid out
/// for: a narrow box gets the narrow layout; a wider box of fixed height (`fixed_height`: a
/// player told its height, which fits the whole picture in it) tells how much wider than high it
/// is, so a wide one gets the StatefulSets and Services beside the rest (a narrow layout, taller,
/// would only be drawn smaller there). A narrow box of fixed height gets the narrow layout too,
/// and scrolls: fitted whole into a documentation column, the picture's text was 3 to 5 px high.
#[hook]
pub fn use_scene(state: &AppState, fixed_height: bool) -> SceneFor {
    // Kept only for a narrow box, in steps of 20 px: resizing a wide window changes nothing,
    // and a narrow one lays the picture out again at most every 20 px. The shape of a box of
    // fixed height in tenths.
    let width = use_state_eq(|| None::<i32>);
    let shape = use_state_eq(|| None::<i32>);
    let on_size = {
        let (width, shape) = (width.setter(), shape.setter());
        Callback::from(move |(w, h): (i32, i32)| {
            let narrow = w > 0 && w < NARROW_BOX;
            width.set(narrow.then_some(w / 20 * 20));
            shape.set((fixed_height && !narrow && h > 0).then(|| w * 10 / h));
        })
    };
    let now = state.now();
    let frame = state.run.as_ref().map(|r| r.timeline.records().partition_point(|rec| rec.t_ms() <= now)).unwrap_or(0);
    let scene = use_memo((state.run.clone(), frame, state.selected.clone(), *width, *shape), move |(run, _, selected, width, shape)| {
        let max_width = width.map(|w| w as f32 / READABLE);
        let aspect = shape.map(|s| s as f32 / 10.0);
        run.as_ref().map(|run| Shown(Rc::new(run.picture(now, selected.clone(), max_width, aspect))))
    });
    SceneFor { scene, on_size, narrow: width.is_some() }
}
