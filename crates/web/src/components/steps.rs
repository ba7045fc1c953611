//! The scenario's steps: when, what, whether it could happen; each can be moved, removed or
//! jumped to, and the last change undone.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::edit;
use crate::state::{Action, Run};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Option<Rc<Run>>,
    pub can_undo: bool,
    /// The time of the last step at or before the playhead: its rows are the current step, the
    /// ones before it done.
    pub current: Option<u64>,
}

#[function_component(Steps)]
pub fn steps(props: &Props) -> Html {
    let dispatch = use_context::<Callback<Action>>().unwrap_or_default();
    // Undo and remove take their button away (the row goes, or Undo turns off, once the text is
    // simulated again) and the focus with it, to the page's body: it comes back to the list. Until
    // the run after the press has arrived (the run it was pressed in is remembered).
    let section = use_node_ref();
    let run_id = props.run.as_ref().map_or(0, |r| Rc::as_ptr(r) as usize);
    let refocus = use_mut_ref(|| None::<usize>);
    {
        let (section, refocus) = (section.clone(), refocus.clone());
        use_effect(move || {
            let Some(pressed_in) = *refocus.borrow() else { return };
            let document = gloo::utils::document();
            let active = document.active_element();
            // A button just turned off keeps the focus until the browser next draws.
            let lost = active.is_none()
                || active == document.body().map(Into::into)
                || active.is_some_and(|a| a.matches(":disabled").unwrap_or(false));
            if lost {
                if let Some(el) = section.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
            if lost || pressed_in != run_id {
                *refocus.borrow_mut() = None;
            }
        });
    }
    let steps = props.run.as_ref().map(|r| r.steps.clone()).unwrap_or_default();
    let rows = steps.into_iter().map(|s| {
        let line = s.line;
        let seek = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(Action::Seek(s.at_ms)))
        };
        let remove = {
            let (dispatch, refocus) = (dispatch.clone(), refocus.clone());
            Callback::from(move |_: MouseEvent| {
                *refocus.borrow_mut() = Some(run_id);
                dispatch.emit(Action::RemoveStep(line));
            })
        };
        let retime = {
            let dispatch = dispatch.clone();
            Callback::from(move |e: Event| {
                let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
                match manifest::Duration::parse(input.value().trim()) {
                    Ok(d) => {
                        input.set_custom_validity("");
                        dispatch.emit(Action::RetimeStep(line, d.ms()));
                    }
                    Err(msg) => {
                        input.set_custom_validity(&msg);
                        input.report_validity();
                    }
                }
            })
        };
        let when = match props.current {
            Some(at) if s.at_ms == at => Some("current"),
            Some(at) if s.at_ms < at => Some("done"),
            _ => None,
        };
        let mut class = String::from("step");
        for c in [s.issue.is_some().then_some("issue"), when].into_iter().flatten() {
            class.push(' ');
            class.push_str(c);
        }
        html! {
            <li {class} data-line={line.to_string()} aria-current={(when == Some("current")).then_some("step")}>
                <input class="at" value={edit::duration(s.at_ms)} disabled={!s.retimable} onchange={retime}
                    aria-label={format!("Time of step: {}", s.what)} title="When (e.g. 90s, 2m30s); Enter to apply" />
                <button class="link what" onclick={seek} title="Jump to this step">{s.what.clone()}</button>
                <button class="icon small" onclick={remove} aria-label={format!("Remove step: {}", s.what)} title="Remove">{"✕"}</button>
                if let Some(issue) = &s.issue { <div class="why">{issue.clone()}</div> }
            </li>
        }
    }).collect::<Vec<_>>();
    let undo = Callback::from(move |_| {
        *refocus.borrow_mut() = Some(run_id);
        dispatch.emit(Action::Undo);
    });
    html! {
        <section class="steps" aria-label="Scenario steps" tabindex="-1" ref={section}>
            <div class="panel-head">
                <h2>{"Scenario steps"}</h2>
                <button class="small" onclick={undo} disabled={!props.can_undo} data-testid="undo">{"Undo last"}</button>
            </div>
            <ol class="step-list">{for rows}</ol>
            <p class="hint">{"Choose a pod, node, StatefulSet or claim in the picture to act on it: the action becomes a step at the current time."}</p>
        </section>
    }
}
