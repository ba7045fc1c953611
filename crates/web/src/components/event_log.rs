//! The event log: watch lines and Events up to the playhead, the latest one marked; a click
//! seeks there. Only a window around the playhead is drawn, so long runs stay light.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::state::{Action, Run};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Option<Rc<Run>>,
    /// How many lines are at or before the playhead.
    pub index: usize,
}

const BEFORE: usize = 200;
const AFTER: usize = 40;

#[function_component(EventLog)]
pub fn event_log(props: &Props) -> Html {
    let dispatch = use_context::<Callback<Action>>().unwrap_or_default();
    let scroller = use_node_ref();
    let current = use_node_ref();
    let filter_events = use_state(|| false);
    {
        let (scroller, current) = (scroller.clone(), current.clone());
        use_effect_with((props.index, props.run.clone(), *filter_events), move |_| {
            if let (Some(s), Some(c)) = (scroller.cast::<HtmlElement>(), current.cast::<HtmlElement>()) {
                // The current line low in the view, two lines under it, and never its top above
                // the view (it wraps to show its whole message).
                let line = 18;
                let target = (c.offset_top() + c.offset_height() + 2 * line - s.client_height()).min(c.offset_top() - line);
                s.set_scroll_top(target.max(0));
            }
        });
    }
    let Some(run) = &props.run else {
        return html! { <section class="log" aria-label="Event log"></section> };
    };
    let only_events = *filter_events;
    let from = props.index.saturating_sub(BEFORE);
    let to = (props.index + AFTER).min(run.log.len());
    let shown: Vec<usize> = (from..to).filter(|&i| !only_events || run.log[i].event == "EVENT").collect();
    // One tab stop for the whole log (the line at the playhead, else the first shown); the
    // arrow keys go from line to line.
    let tab_stop = shown.iter().rev().find(|&&i| i < props.index).or(shown.first()).copied();
    let rows = shown.into_iter().map(|i| {
        let l = &run.log[i];
        let t = l.t_ms;
        let onclick = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| {
                dispatch.emit(Action::Pause);
                dispatch.emit(Action::Seek(t));
            })
        };
        let mut class = String::from("row");
        if i >= props.index {
            class.push_str(" future");
        }
        if l.warning {
            class.push_str(" warning");
        }
        if l.event == "EVENT" {
            class.push_str(" event");
        }
        let is_current = i + 1 == props.index;
        if is_current {
            class.push_str(" current");
        }
        html! {
            <li class={class} ref={if is_current { current.clone() } else { NodeRef::default() }}>
                // The whole line as its tooltip: a long message runs past the panel's edge.
                <button {onclick} title={format!("{} {}\n(click to jump here)", l.object, l.details)}
                    tabindex={if Some(i) == tab_stop { "0" } else { "-1" }}>
                    <span class="t">{scene::clock(t)}</span>
                    <span class={format!("e e-{}", l.event.to_ascii_lowercase())}>{l.event}</span>
                    <span class="o">{l.object.clone()}</span>
                    <span class="d">{l.details.clone()}</span>
                </button>
            </li>
        }
    });
    let line_keys = Callback::from(|e: KeyboardEvent| {
        let step = match e.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        let row = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|el| el.closest("li.row").ok().flatten());
        let mut next = row.and_then(|r| if step > 0 { r.next_element_sibling() } else { r.previous_element_sibling() });
        while let Some(n) = next.as_ref().filter(|n| !n.class_list().contains("row")) {
            next = if step > 0 { n.next_element_sibling() } else { n.previous_element_sibling() };
        }
        if let Some(button) = next.and_then(|n| n.query_selector("button").ok().flatten()).and_then(|b| b.dyn_into::<HtmlElement>().ok()) {
            e.prevent_default();
            let _ = button.focus();
        }
    });
    let toggle = {
        let filter_events = filter_events.clone();
        Callback::from(move |_| filter_events.set(!*filter_events))
    };
    html! {
        <section class="log" aria-label="Event log">
            <div class="panel-head">
                <h2>{"Event log"}</h2>
                <span class="sub">{"kubectl get pods,pvc,pv,nodes,sts -w · Events"}</span>
                <label class="check"><input type="checkbox" checked={only_events} onchange={toggle} />{" Events only"}</label>
                <span class="sub">{format!("{} / {}", props.index, run.log.len())}</span>
            </div>
            <ol class="log-lines" ref={scroller} data-testid="log" onkeydown={line_keys}>
                if from > 0 { <li class="more">{format!("{from} earlier lines")}</li> }
                {for rows}
            </ol>
        </section>
    }
}
