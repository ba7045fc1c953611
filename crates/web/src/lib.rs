//! Ordinal's page: an editor for the manifests and scenario, the cluster picture, time controls,
//! actions on the cluster and the event log; and the player that documentation pages embed
//! ([`player`], driven from JavaScript through [`api`]).
//!
//! Invariant: this is the only crate that knows yew and the DOM. It simulates nothing itself: the
//! engine makes the timeline, `scene` makes the picture's data, and this crate draws it and turns
//! what the person does into [`state::Action`]s.

pub mod api;
pub mod components;
pub mod edit;
pub mod export;
pub mod hooks;
pub mod link;
pub mod log;
pub mod options;
pub mod player;
pub mod remote;
pub mod state;


use yew::prelude::*;

use components::editor::Editor;
use components::event_log::EventLog;
use components::inspector::Inspector;
use components::picture::Picture;
use components::share_bar::ShareBar;
use components::steps::Steps;
use components::timebar::Timebar;
use hooks::use_debounce::use_debounce;
use hooks::use_keyboard::use_keyboard;
use hooks::use_playback::use_playback;
use hooks::use_scene::{use_scene, SceneFor};
use hooks::use_splitter::use_splitter;
use state::{Action, AppState};

/// How long typing must pause before the text is read and simulated again.
pub(crate) const DEBOUNCE_MS: u32 = 350;

/// The style sheet of the page and of every player (inside its shadow root): one source, in the
/// WebAssembly, so an embed needs no second file (`www/style.css`, its comments dropped by build.rs).
pub const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

/// Adds the style sheet to a document's head or a player's shadow root.
pub(crate) fn add_style(parent: &web_sys::Node) -> Result<(), wasm_bindgen::JsValue> {
    let style = gloo::utils::document().create_element("style")?;
    style.set_text_content(Some(STYLE));
    parent.append_child(&style)?;
    Ok(())
}

/// A larger example: 300 pods on 30 nodes (`#example=large`), for looking at scale.
pub fn large_example() -> String {
    let set = include_str!("../../../examples/web.yaml");
    let manifests = set.split("\n---\napiVersion: ordinal/v1alpha1").next().unwrap_or(set);
    format!(
        "{}\n---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata:\n  name: large\nspec:\n  nodes: 30\n  steps:\n  - {{at: 10s, scale: {{statefulset: web, replicas: 300}}}}\n  - {{at: 30m, failNode: node-7}}\n  - {{at: 37m, taintOutOfService: node-7}}\n",
        manifests.replace("  replicas: 3\n", "  replicas: 3\n  podManagementPolicy: Parallel\n")
    )
}

fn initial_state() -> AppState {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    if hash.contains("example=large") {
        AppState::new(&large_example())
    } else if share::link::fragment_data(&hash).is_some() {
        AppState::opening_link()
    } else {
        AppState::default()
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let dispatcher = state.dispatcher();
    let dispatch = {
        let d = dispatcher.clone();
        Callback::from(move |a: Action| d.dispatch(a))
    };

    use_playback(state.playing, dispatch.reform(Action::Advance));
    use_debounce(state.text.clone(), state.dirty, DEBOUNCE_MS, dispatch.reform(|_| Action::Simulate));
    use_keyboard(dispatch.clone(), None);
    use_share_link(dispatch.clone());

    let app = use_node_ref();
    let splitter = use_node_ref();
    use_splitter(app.clone(), splitter.clone());
    let now = state.now();
    let SceneFor { scene, on_size, .. } = use_scene(&state, false);
    let log_index = state.run.as_ref().map(|r| r.log.partition_point(|l| l.t_ms <= now)).unwrap_or(0);
    let waiting = match (&state.run, &state.selected) {
        (Some(run), Some(scene::Target::Pod { namespace, name })) => run.waiting_reason(namespace, name, now),
        _ => None,
    };

    let status = if state.opening {
        html! { <span class="chip">{"Opening…"}</span> }
    } else if state.dirty {
        html! { <span class="chip">{"Reading…"}</span> }
    } else {
        let errors = state.diagnostics.iter().filter(|d| d.is_error()).count();
        if state.shows_last_good_run() {
            html! { <span class="chip bad">{format!("{} · showing the last good run", scene::count(errors, "error"))}</span> }
        } else if state.stale {
            html! { <span class="chip bad">{scene::count(errors, "error")}</span> }
        } else if errors > 0 {
            // Simulated without the objects the cluster refused.
            html! { <span class="chip warn">{format!("Simulated · {} refused", scene::count(errors, "object"))}</span> }
        } else {
            html! { <span class="chip ok">{"Simulated"}</span> }
        }
    };

    html! {
        <ContextProvider<Callback<Action>> context={dispatch.clone()}>
        <div class="app" ref={app}>
            <header class="top">
                <div class="brand"><span class="logo" aria-hidden="true">{"◆"}</span>{"Ordinal"}
                    <span class="tagline">{"StatefulSets, step by step"}</span></div>
                <div class="clock" aria-label="Simulated time" data-testid="clock">{scene::clock(now)}</div>
                {status}
                <div class="notice" role="status" aria-live="polite">{state.notice.clone()}</div>
                <ShareBar text={state.text.clone()} now={now} speed={state.speed} selected={state.selected.clone()}
                    scene={(*scene).clone()} run={state.run.clone()} />
            </header>
            if let Some(alert) = &state.alert {
                <div class="alert" role="alert" data-testid="alert">
                    <span>{alert.clone()}</span>
                    <button class="small" onclick={dispatch.reform(|_: MouseEvent| Action::Alert(None))} aria-label="Dismiss">{"×"}</button>
                </div>
            }
            <Editor text={state.text.clone()} diagnostics={state.diagnostics.clone()} stale={state.shows_last_good_run()}
                can_undo={!state.undo.is_empty()} />
            <div ref={splitter} class="splitter" role="separator" tabindex="0" aria-orientation="vertical"
                aria-label="Editor width (arrow keys; double-click for the default)" aria-valuemin={hooks::use_splitter::MIN.to_string()}
                title="Drag to widen the editor or the picture; double-click for the default" />
            <main class={if state.shows_last_good_run() { "stage old-run" } else { "stage" }}>
                <Timebar now={now} end={state.end_ms()} playing={state.playing} speed={state.speed}
                    run={state.run.clone()} />
                {
                    match &*scene {
                        _ if state.opening => html! { <div class="empty">{"Opening the shared link…"}</div> },
                        Some(scene) => html! { <>
                            if state.shows_last_good_run() {
                                <p class="stale-badge">{"The text has errors: this is the last version that worked"}</p>
                            }
                            <Picture scene={scene.clone()} on_size={on_size.clone()} />
                        </> },
                        None => html! { <div class="empty">{"Fix the errors in the text to see the cluster."}</div> },
                    }
                }
            </main>
            <aside class="side">
                <Inspector scene={(*scene).clone()} selected={state.selected.clone()} now={now} {waiting} stale={state.stale} />
                <Steps run={state.run.clone()} can_undo={!state.undo.is_empty()} current={state.current_step_at()} />
            </aside>
            <EventLog run={state.run.clone()} index={log_index} />
        </div>
        </ContextProvider<Callback<Action>>>
    }
}

/// Opens a share link in the address, on load and whenever the fragment changes (a link pasted
/// into the same tab).
#[hook]
fn use_share_link(dispatch: Callback<Action>) {
    use_effect_with((), move |_| {
        let open = move || {
            let hash = gloo::utils::window().location().hash().unwrap_or_default();
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match link::open(&hash).await {
                    Some(Ok(shared)) => dispatch.emit(Action::Restore(shared)),
                    Some(Err(why)) => dispatch.emit(Action::LinkFailed(why)),
                    None => {}
                }
            });
        };
        open();
        let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| open());
        move || drop(listener)
    });
}

/// Mounts the page, if this document is the page (`<body data-ordinal-page>`). The same
/// WebAssembly serves embedded players, whose hosts call [`api::render`] instead.
pub fn start() {
    let document = gloo::utils::document();
    let Some(body) = document.body().filter(|b| b.has_attribute("data-ordinal-page")) else { return };
    if let Some(head) = document.head() {
        let _ = add_style(&head);
    }
    yew::Renderer::<App>::with_root(body.into()).render();
}
