//! How a host page reaches a player it embedded: commands in (play, seek, play a step...), the
//! player's position out, and a call when the current scenario step changes. The player component
//! attaches its reducer on mount; commands sent before that wait in a queue.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Callback;

use crate::state::Action;

/// Where a player stands, as a host reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub now: u64,
    pub end: u64,
    pub playing: bool,
    /// The distinct times of the scenario's steps.
    pub step_times: Vec<u64>,
    /// The last step at or before the playhead.
    pub step: Option<usize>,
    /// The text's errors, as `line:column: message` (a player with errors shows no picture).
    pub errors: Vec<String>,
}

/// The current step changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepChange {
    pub step: Option<usize>,
    pub count: usize,
    pub at_ms: Option<u64>,
    pub t_ms: u64,
}

#[derive(Default)]
struct Inner {
    dispatch: Option<Callback<Action>>,
    queued: Vec<Action>,
    on_step: Vec<Callback<StepChange>>,
    snapshot: Snapshot,
}

/// Shared by a player component and its handle; cheap to clone.
#[derive(Clone, Default)]
pub struct Remote(Rc<RefCell<Inner>>);

impl PartialEq for Remote {
    fn eq(&self, other: &Remote) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Remote {
    /// Sends a command to the player (or keeps it until the player is mounted).
    pub fn send(&self, action: Action) {
        let dispatch = self.0.borrow().dispatch.clone();
        match dispatch {
            Some(d) => d.emit(action),
            None => self.0.borrow_mut().queued.push(action),
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        self.0.borrow().snapshot.clone()
    }

    /// Calls `callback` each time the current step changes.
    pub fn on_step(&self, callback: Callback<StepChange>) {
        self.0.borrow_mut().on_step.push(callback);
    }

    pub(crate) fn attach(&self, dispatch: Callback<Action>) {
        let queued = {
            let mut inner = self.0.borrow_mut();
            inner.dispatch = Some(dispatch.clone());
            std::mem::take(&mut inner.queued)
        };
        for action in queued {
            dispatch.emit(action);
        }
    }

    pub(crate) fn detach(&self) {
        let mut inner = self.0.borrow_mut();
        inner.dispatch = None;
        inner.on_step.clear();
    }

    pub(crate) fn set_snapshot(&self, snapshot: Snapshot) {
        self.0.borrow_mut().snapshot = snapshot;
    }

    pub(crate) fn step_changed(&self, change: StepChange) {
        // Listeners may call back into the remote (a host that plays on): no borrow held.
        let listeners = self.0.borrow().on_step.clone();
        for l in listeners {
            l.emit(change);
        }
    }
}
