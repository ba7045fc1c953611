//! Time: play and pause, step between events, jump to either end, speed, and a scrub bar whose
//! marks show where the scenario's steps (violet), warnings (red) and changes (grey) fall.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::{Action, MarkKind, Run, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub now: u64,
    pub end: u64,
    pub playing: bool,
    pub speed: usize,
    pub run: Option<Rc<Run>>,
    /// Only play or pause, the scrub bar and the clock (an embedded player's `controls=minimal`).
    #[prop_or_default]
    pub minimal: bool,
}

#[derive(Properties, PartialEq)]
struct MarksProps {
    run: Rc<Run>,
}

/// The marks under the scrub bar, bucketed to 600 columns so a long run stays light.
#[function_component(Marks)]
fn marks(props: &MarksProps) -> Html {
    const COLUMNS: u64 = 600;
    let end = props.run.end_ms.max(1);
    let mut changes = vec![false; COLUMNS as usize + 1];
    let mut steps = Vec::new();
    let mut warnings = vec![false; COLUMNS as usize + 1];
    for (t, kind) in &props.run.marks {
        let col = (t.min(&end) * COLUMNS / end) as usize;
        match kind {
            MarkKind::Change => changes[col] = true,
            MarkKind::Warning => warnings[col] = true,
            MarkKind::Step => steps.push(col),
        }
    }
    let path = |cols: &[bool], y0: u32, y1: u32| -> String {
        cols.iter().enumerate().filter(|(_, on)| **on).map(|(i, _)| format!("M{i} {y0}V{y1}")).collect()
    };
    let step_path: String = steps.iter().map(|i| format!("M{i} 0V14")).collect();
    html! {
        <svg class="marks" viewBox={format!("0 0 {COLUMNS} 14")} preserveAspectRatio="none" aria-hidden="true">
            <path d={path(&changes, 8, 14)} class="m-change" />
            <path d={path(&warnings, 3, 14)} class="m-warn" />
            <path d={step_path} class="m-step" />
        </svg>
    }
}

/// A small icon drawn with paths (symbol fonts differ between systems).
fn icon(d: &'static str) -> Html {
    html! { <svg class="glyph" viewBox="0 0 16 16" aria-hidden="true"><path d={d} /></svg> }
}

const START: &str = "M3 3h2v10H3zM13 3v10L6 8z";
const PREV: &str = "M12 3v10L5 8z";
const PLAY: &str = "M4 2.5v11L13.5 8z";
const PAUSE: &str = "M4 3h3v10H4zM9 3h3v10H9z";
const NEXT: &str = "M4 3v10l7-5zM11 3h2v10h-2z";
const END: &str = "M3 3v10l7-5zM11 3h2v10h-2z";

#[function_component(Timebar)]
pub fn timebar(props: &Props) -> Html {
    let dispatch = use_context::<Callback<Action>>().unwrap_or_default();
    let send = |a: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(a.clone()))
    };
    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                dispatch.emit(Action::Pause);
                dispatch.emit(Action::Seek(t.value_as_number().max(0.0) as u64));
            }
        })
    };
    let onspeed = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) {
                dispatch.emit(Action::SetSpeed(s.selected_index().max(0) as usize));
            }
        })
    };
    let clock = scene::clock(props.now);
    html! {
        <div class="timebar" role="group" aria-label="Time">
            <div class="buttons">
                if !props.minimal {
                <button class="icon" onclick={send(Action::Start)} aria-label="Jump to start (Home)" title="Start (Home)">{icon(START)}</button>
                <button class="icon" onclick={send(Action::PrevEvent)} aria-label="Previous event (Left arrow)" title="Previous event (←)">{icon(PREV)}</button>
                }
                <button class="icon play" onclick={send(Action::TogglePlay)} data-testid="play"
                    aria-label={if props.playing { "Pause (Space)" } else { "Play (Space)" }} title={if props.playing { "Pause (Space)" } else { "Play (Space)" }}>
                    {icon(if props.playing { PAUSE } else { PLAY })}
                </button>
                if !props.minimal {
                <button class="icon" onclick={send(Action::NextEvent)} aria-label="Next event (Right arrow)" title="Next event (→)">{icon(NEXT)}</button>
                <button class="icon" onclick={send(Action::End)} aria-label="Jump to end (End)" title="End (End)">{icon(END)}</button>
                }
            </div>
            <div class="scrub">
                <input type="range" min="0" max={props.end.to_string()} step="100" value={props.now.to_string()}
                    aria-label="Simulated time" aria-valuetext={clock.clone()} data-testid="scrub" {oninput} />
                if let Some(run) = &props.run { <Marks run={run.clone()} /> }
            </div>
            <div class="time"><span class="now">{clock}</span><span class="end">{format!(" / {}", scene::clock(props.end))}</span></div>
            if !props.minimal {
            <label class="speed">{"Speed "}
                <select onchange={onspeed} aria-label="Playback speed" data-testid="speed">
                    {for SPEEDS.iter().enumerate().map(|(i, (_, label))| html! {
                        <option value={i.to_string()} selected={i == props.speed}>{*label}</option>
                    })}
                </select>
            </label>
            }
        </div>
    }
}
