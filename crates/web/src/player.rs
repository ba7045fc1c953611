//! The embeddable player: the picture with time controls (and the text, if asked), for a block
//! of YAML in a documentation page, a slide or a single offline file. The same state, reducer
//! and parts as the page; what differs is chosen by [`PlayerOptions`], and a host drives it
//! through a [`Remote`].

use std::rc::Rc;

use yew::prelude::*;

use crate::components::editor::Editor;
use crate::components::picture::Picture;
use crate::components::timebar::Timebar;
use crate::hooks::use_debounce::use_debounce;
use crate::hooks::use_keyboard::use_keyboard;
use crate::hooks::use_playback::use_playback;
use crate::hooks::use_scene::{use_scene, SceneFor};
use crate::options::{Controls, PlayerOptions};
use crate::remote::{Remote, Snapshot, StepChange};
use crate::state::{Action, AppState};
use crate::DEBOUNCE_MS;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    pub options: Rc<PlayerOptions>,
    /// Options that did not read, shown under the player.
    #[prop_or_default]
    pub warnings: Rc<Vec<String>>,
    #[prop_or_default]
    pub remote: Remote,
}

fn first_state(text: &str, o: &PlayerOptions) -> AppState {
    let mut s = AppState::new(text);
    s.t_ms = o.start_ms.min(s.end_ms()) as f64;
    s.loop_from = s.t_ms;
    s.speed = o.speed;
    s.looping = o.looping;
    s.playing = o.autoplay && s.run.is_some();
    s
}

/// The options' warnings, and a start the run never reaches (a docs page whose scenario was
/// shortened under its `data-start`): the player starts at the end, and says so.
fn warnings(given: &[String], o: &PlayerOptions, state: &AppState) -> Vec<String> {
    let mut all = given.to_vec();
    if state.run.is_some() && o.start_ms > state.end_ms() {
        all.push(format!(
            "option start={} is past the end of the run ({}); starting at the end",
            scene::clock(o.start_ms),
            scene::clock(state.end_ms())
        ));
    }
    all
}

/// What is wrong with the text, each at its line and column.
fn problems(state: &AppState) -> Vec<String> {
    state
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("line {}:{}: {}", d.source.line, d.source.column, d.message))
        .collect()
}

#[function_component(Player)]
pub fn player(props: &Props) -> Html {
    let o = props.options.clone();
    let state = {
        let (text, o) = (props.text.clone(), o.clone());
        use_reducer(move || first_state(&text, &o))
    };
    let dispatch = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    let root = use_node_ref();

    use_playback(state.playing, dispatch.reform(Action::Advance));
    use_debounce(state.text.clone(), state.dirty, DEBOUNCE_MS, dispatch.reform(|_| Action::Simulate));
    use_keyboard(dispatch.clone(), Some(root.clone()));
    {
        let (remote, dispatch) = (props.remote.clone(), dispatch.clone());
        use_effect_with((), move |_| {
            remote.attach(dispatch);
            move || remote.detach()
        });
    }

    let now = state.now();
    let step = state.current_step();
    let step_times = state.step_times();
    let problems = problems(&state);
    let warnings = warnings(&props.warnings, &o, &state);
    props.remote.set_snapshot(Snapshot {
        now,
        end: state.end_ms(),
        playing: state.playing,
        step_times: step_times.clone(),
        step,
        errors: problems.clone(),
    });
    {
        let remote = props.remote.clone();
        let change = StepChange { step, count: step_times.len(), at_ms: step.and_then(|i| step_times.get(i).copied()), t_ms: now };
        // Keyed on the step alone: the call happens when the step changes, not on every frame.
        use_effect_with(step, move |_| {
            remote.step_changed(change);
            || ()
        });
    }

    let SceneFor { scene, on_size, narrow } = use_scene(&state, o.height.is_some());

    let mut class = format!("ordinal-player {}", o.theme.class());
    if o.editor {
        class.push_str(" with-editor");
    }
    if narrow {
        class.push_str(" narrow");
    }
    let style = o.height.as_ref().map(|h| format!("height:{h}"));
    let controls = match o.controls {
        // Nothing to play while the text has errors.
        _ if state.run.is_none() => html! {},
        Controls::None => html! {},
        c => html! {
            <Timebar now={now} end={state.end_ms()} playing={state.playing} speed={state.speed}
                run={state.run.clone()} minimal={c == Controls::Minimal} />
        },
    };
    let label = match &state.run {
        Some(_) => format!("Ordinal player, at {}", scene::clock(now)),
        None => "Ordinal player: the text has errors".to_owned(),
    };

    html! {
        <ContextProvider<Callback<Action>> context={dispatch.clone()}>
        <div class={class} style={style} ref={root} role="region" aria-label={label} tabindex="0">
            if o.editor {
                <Editor text={state.text.clone()} diagnostics={state.diagnostics.clone()} stale={state.shows_last_good_run()}
                    can_undo={false} tools={false} />
            }
            <div class="player-stage">
                {
                    match &*scene {
                        // A player told its height fits the whole picture in it, laid out for its
                        // box's shape, unless the box is narrow (`use_scene`).
                        Some(scene) => html! { <Picture scene={scene.clone()} chrome={o.controls == Controls::Full}
                            on_size={on_size.clone()} choose={false} /> },
                        None => html! {
                            <div class="player-errors" role="alert">
                                <p>{"Ordinal cannot show this: the text has errors."}</p>
                                <ul>{for problems.iter().map(|p| html! { <li>{p.clone()}</li> })}</ul>
                            </div>
                        },
                    }
                }
                {controls}
            </div>
            if !warnings.is_empty() {
                <ul class="player-warnings" aria-label="Player options">
                    {for warnings.iter().map(|w| html! { <li>{w.clone()}</li> })}
                </ul>
            }
        </div>
        </ContextProvider<Callback<Action>>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::parse;

    #[test]
    fn a_start_past_the_end_starts_at_the_end_and_says_so() {
        let (o, given) = parse([("start", "90m")]);
        let state = first_state(crate::state::EXAMPLE, &o);
        assert_eq!(state.t_ms as u64, state.end_ms());
        let said = warnings(&given, &o, &state);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with("option start=1:30:00.0 is past the end of the run ("), "{}", said[0]);
        // A start inside the run says nothing.
        let (o, given) = parse([("start", "1m")]);
        let state = first_state(crate::state::EXAMPLE, &o);
        assert_eq!(state.t_ms, 60_000.0);
        assert!(warnings(&given, &o, &state).is_empty());
    }
}
