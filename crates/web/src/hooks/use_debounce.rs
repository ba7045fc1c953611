//! Runs an action once the input has been quiet for a while (re-simulating as you type).

use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// Calls `fire` `delay_ms` after `deps` last changed, while `armed`; a change in between restarts
/// the wait (dropping the timer cancels it).
#[hook]
pub fn use_debounce<D>(deps: D, armed: bool, delay_ms: u32, fire: Callback<()>)
where
    D: PartialEq + 'static,
{
    use_effect_with((deps, armed), move |(_, armed)| {
        let timer = armed.then(|| Timeout::new(delay_ms, move || fire.emit(())));
        move || drop(timer)
    });
}
