//! The chosen object: what it is now, and what can be done to it. Each button adds a step to
//! the scenario at the current time.


use engine::MAX_REPLICAS;
use scene::Target;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::picture::focus_item;
use crate::edit::Act;
use crate::hooks::use_scene::Shown;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scene: Option<Shown>,
    pub selected: Option<Target>,
    pub now: u64,
    /// For a pod that waits: for what (`Unschedulable`, `Not attached`), and why.
    #[prop_or_default]
    pub waiting: Option<crate::state::Waiting>,
    /// The text has errors: a step written into it now would not be simulated, and the picture
    /// (the last version that worked) would go.
    #[prop_or_default]
    pub stale: bool,
}

/// Why the actions are off while the text has errors.
const STALE: &str = "The text has errors: fix them before acting on the cluster";

/// `namespace/name`, or just `name` in the default namespace.
fn qualified(namespace: &str, name: &str) -> String {
    if namespace == "default" {
        name.to_owned()
    } else {
        format!("{namespace}/{name}")
    }
}

#[function_component(Inspector)]
pub fn inspector(props: &Props) -> Html {
    let dispatch = use_context::<Callback<Action>>().unwrap_or_default();
    // What was typed in a StatefulSet's Replicas field (for that set only).
    let typed = use_state(|| None::<(Target, String)>);
    let (Some(scene), Some(target)) = (&props.scene, &props.selected) else {
        return html! {
            <section class="inspector" aria-label="Chosen object">
                <div class="panel-head"><h2>{"Act on the cluster"}</h2></div>
                <p class="hint">{"Click (or Tab to and press Enter on) a pod, node, StatefulSet or claim."}</p>
            </section>
        };
    };
    let item = scene.items.iter().find(|i| &i.target == target);
    let fact = |k: &str| item.and_then(|i| i.data.iter().find(|(key, _)| *key == k)).map(|(_, v)| v.as_str()).unwrap_or("");
    let act_if = |a: Act, label: &str, class: &'static str, why_not: Option<&str>| {
        let why_not = if props.stale { Some(STALE) } else { why_not };
        let dispatch = dispatch.clone();
        let title = match why_not {
            Some(why) => why.to_owned(),
            None => format!("Add a step now: {}", a.describe()),
        };
        let onclick = Callback::from(move |_: MouseEvent| dispatch.emit(Action::Act(a.clone())));
        html! { <button class={class} {onclick} {title} disabled={why_not.is_some()}>{label.to_owned()}</button> }
    };
    let act = |a: Act, label: &str, class: &'static str| act_if(a, label, class, None);
    // A pod's probes and restarts are its node's kubelet's doing: on a node that stopped
    // answering nothing runs them, so those steps would change nothing.
    let mut note = None;
    let actions = match target {
        Target::Pod { namespace, name } if item.is_some() => {
            let pod = qualified(namespace, name);
            let ready = fact("ready") == "true";
            let node = fact("node");
            let silent = !node.is_empty()
                && scene.items.iter().any(|i| {
                    i.target == Target::Node(node.to_owned()) && i.data.iter().any(|(k, v)| *k == "ready" && v == "Unknown")
                });
            let why_not = if node.is_empty() {
                Some(format!("{name} is on no node yet: no kubelet runs its probes or its container"))
            } else {
                silent.then(|| format!("{node} stopped answering: no kubelet runs this pod's probes or restarts its container"))
            };
            note = why_not.clone();
            let why_not = why_not.as_deref();
            html! { <>
                {act(Act::DeletePod(pod.clone()), "Delete pod", "danger")}
                {act(Act::ForceDeletePod(pod.clone()), "Force delete", "danger")}
                if ready { {act_if(Act::SetReadiness { pod: pod.clone(), ready: false }, "Fail readiness", "", why_not)} }
                else { {act_if(Act::SetReadiness { pod: pod.clone(), ready: true }, "Pass readiness", "", why_not)} }
                {act_if(Act::CrashPod(pod), "Crash container", "", why_not)}
            </> }
        }
        Target::Node(name) if item.is_some() => {
            let ready = fact("ready") == "True";
            let oos = fact("taints").contains("out-of-service");
            html! { <>
                if ready { {act(Act::FailNode(name.clone()), "Fail node (power off)", "danger")} }
                else { {act(Act::RecoverNode(name.clone()), "Recover node", "")} }
                if oos { {act(Act::UntaintOutOfService(name.clone()), "Remove out-of-service taint", "")} }
                else { {act(Act::TaintOutOfService(name.clone()), "Taint out-of-service", "")} }
                {act(Act::DeleteNode(name.clone()), "Delete node", "danger")}
            </> }
        }
        Target::StatefulSet { namespace, name } if item.is_some() => {
            let set = qualified(namespace, name);
            let current: u32 = fact("replicas").parse().unwrap_or(0);
            let text = typed.as_ref().filter(|(t, _)| t == target).map(|(_, text)| text.clone());
            // A count the simulation runs, and not the one the set has (that step would do nothing).
            let wanted = text.as_deref().map_or(Some(current), |t| t.trim().parse::<u32>().ok().filter(|n| *n <= MAX_REPLICAS));
            let why_not = match wanted {
                None => Some(format!("Replicas: a whole number from 0 to {MAX_REPLICAS}")),
                Some(n) if n == current => Some(format!("{name} has {n} replicas already")),
                Some(_) => None,
            };
            if text.is_some() && wanted.is_none() {
                note = why_not.clone();
            }
            let oninput = {
                let (typed, target) = (typed.clone(), target.clone());
                Callback::from(move |e: InputEvent| {
                    if let Some(i) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                        typed.set(Some((target.clone(), i.value())));
                    }
                })
            };
            let scale_to = Act::Scale { set: set.clone(), replicas: wanted.unwrap_or(current) };
            // Enter in the field scales, as the button beside it does.
            let onkeydown = {
                let (dispatch, step) = (dispatch.clone(), why_not.is_none().then(|| scale_to.clone()));
                Callback::from(move |e: KeyboardEvent| {
                    if let (Some(step), "Enter") = (&step, e.key().as_str()) {
                        dispatch.emit(Action::Act(step.clone()));
                    }
                })
            };
            let shown = text.unwrap_or_else(|| current.to_string());
            html! { <>
                {act_if(Act::Scale { set: set.clone(), replicas: current.saturating_sub(1) }, "Scale −1", "", (current == 0).then_some("The set has no replicas to remove"))}
                {act(Act::Scale { set: set.clone(), replicas: current + 1 }, "Scale +1", "")}
                <span class="scale-to">
                    <input type="number" min="0" max={MAX_REPLICAS.to_string()} value={shown} {oninput} {onkeydown}
                        aria-label="Replicas" aria-invalid={wanted.is_none().then_some("true")} />
                    {act_if(scale_to, "Scale to", "", why_not.as_deref())}
                </span>
                {act(Act::DeleteStatefulSet(set), "Delete StatefulSet", "danger")}
            </> }
        }
        Target::Claim { namespace, name } if item.is_some() => {
            html! { {act(Act::DeleteClaim(qualified(namespace, name)), "Delete claim", "danger")} }
        }
        _ => html! {},
    };
    let close = {
        let dispatch = dispatch.clone();
        let id = item.map(|i| i.id.clone());
        Callback::from(move |_| {
            dispatch.emit(Action::Select(None));
            // Back to what the panel was about: the button goes with the panel, and the focus
            // with it to nowhere.
            if let Some(id) = &id {
                focus_item(id);
            }
        })
    };
    let title = item.map(|i| i.title.clone()).unwrap_or_else(|| "Not in the cluster at this time.".into());
    // A pod without a node: why, under its Node fact (which says `none yet`).
    let waiting = props.waiting.as_ref().filter(|(what, _)| matches!(target, Target::Pod { .. }) && (fact("node").is_empty() == (*what == "Unschedulable")));
    let mut lines = title.lines();
    let head = lines.next().unwrap_or_default().to_owned();
    html! {
        <section class="inspector chosen" aria-label="Chosen object" data-testid="inspector" tabindex="-1"
            data-item={item.map(|i| i.id.clone())}>
            <div class="panel-head">
                <h2>{head}</h2>
                <button class="icon small" onclick={close} aria-label="Close (Escape)">{"✕"}</button>
            </div>
            <dl class="facts">
                {for lines.map(|l| match l.split_once(": ") {
                    Some(("Node", v)) if waiting.is_some() => html! { <>
                        <dt>{"Node"}</dt><dd>{breakable(v)}</dd>
                        if let Some((what, why)) = waiting {
                            <dt>{*what}</dt><dd>{breakable(why)}</dd>
                        }
                    </> },
                    Some((k, v)) => html! { <><dt>{k.to_owned()}</dt><dd>{breakable(v)}</dd></> },
                    None => html! { <><dt></dt><dd>{breakable(l)}</dd></> },
                })}
            </dl>
            <div class="actions" role="group" aria-label={format!("Actions at {}", scene::clock(props.now))}>{actions}</div>
            if let Some(note) = if props.stale { Some(STALE.to_owned()) } else { note } { <p class="hint">{format!("{note}.")}</p> }
            <p class="hint">{format!("Actions are added as scenario steps at {}; what follows is simulated again.", scene::clock(props.now))}</p>
        </section>
    }
}

/// A value that may wrap after its punctuation (`node.kubernetes.io/` `unreachable:` `NoSchedule`,
/// `web-1.` `nginx.` ...) rather than inside a word.
fn breakable(text: &str) -> Html {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['/', ':', '.', ',']) {
        parts.push(html! { <>{rest[..=i].to_owned()}<wbr/></> });
        rest = &rest[i + 1..];
    }
    parts.push(html! { {rest.to_owned()} });
    html! { {for parts} }
}
