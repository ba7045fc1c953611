//! The JavaScript API, for hosts that embed players: `render(element, text, options)` makes a
//! player inside `element` (in a shadow root, so the host's styles and the player's stay apart)
//! and returns a [`Player`] handle: play, pause, seek, step, and a listener for step changes.
//! `www/ordinal.js` wraps this for pages: it loads the WebAssembly once and turns every
//! `<pre class="ordinal">` into a player as it scrolls into view.

use std::rc::Rc;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::{AppHandle, Callback};

use crate::options;
use crate::player::{Player as PlayerView, Props};
use crate::remote::{Remote, StepChange};
use crate::state::Action;

/// A player on the host's page.
#[wasm_bindgen]
pub struct Player {
    remote: Remote,
    host: Element,
    app: Option<AppHandle<PlayerView>>,
}

/// The options object as name and text pairs (`true`, `16`, `"30s"` all become text).
fn option_pairs(options: &JsValue) -> Vec<(String, String)> {
    let Some(object) = options.dyn_ref::<Object>() else { return Vec::new() };
    Object::entries(object)
        .iter()
        .filter_map(|entry| {
            let pair = entry.dyn_into::<Array>().ok()?;
            let name = pair.get(0).as_string()?;
            let value = pair.get(1);
            let text = if let Some(b) = value.as_bool() {
                b.to_string()
            } else if let Some(n) = value.as_f64() {
                n.to_string()
            } else {
                value.as_string().unwrap_or_default()
            };
            Some((name, text))
        })
        .collect()
}

/// The shadow root to draw in: the element's own, or a new one (on a child `div` when the element
/// cannot have one, a `<pre>` for instance).
fn shadow_of(element: &Element) -> Result<ShadowRoot, JsValue> {
    if let Some(root) = element.shadow_root() {
        root.set_inner_html("");
        return Ok(root);
    }
    let init = ShadowRootInit::new(ShadowRootMode::Open);
    match element.attach_shadow(&init) {
        Ok(root) => Ok(root),
        Err(_) => {
            let div = gloo::utils::document().create_element("div")?;
            element.append_child(&div)?;
            div.attach_shadow(&init)
        }
    }
}

fn step_detail(change: StepChange) -> JsValue {
    let detail = Object::new();
    let index = change.step.map(|i| i as f64).unwrap_or(-1.0);
    let _ = Reflect::set(&detail, &"index".into(), &index.into());
    let _ = Reflect::set(&detail, &"count".into(), &(change.count as f64).into());
    let _ = Reflect::set(&detail, &"atMs".into(), &change.at_ms.map(|t| JsValue::from(t as f64)).unwrap_or(JsValue::NULL));
    let _ = Reflect::set(&detail, &"timeMs".into(), &(change.t_ms as f64).into());
    detail.into()
}

/// Makes a player of `text` (manifests and a Scenario, as YAML) inside `element`.
#[wasm_bindgen]
pub fn render(element: Element, text: String, options: JsValue) -> Result<Player, JsValue> {
    let pairs = option_pairs(&options);
    let (options, warnings) = options::parse(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    for w in &warnings {
        web_sys::console::warn_1(&format!("Ordinal: {w}").into());
    }
    let root = shadow_of(&element)?;
    crate::add_style(&root)?;
    let mount = gloo::utils::document().create_element("div")?;
    mount.set_class_name("ordinal-mount");
    root.append_child(&mount)?;

    let remote = Remote::default();
    // Every step change is also a DOM event on the host, for pages that prefer listening there.
    let host = element.clone();
    remote.on_step(Callback::from(move |change: StepChange| {
        let init = CustomEventInit::new();
        init.set_detail(&step_detail(change));
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(event) = CustomEvent::new_with_event_init_dict("ordinal:step", &init) {
            let _ = host.dispatch_event(&event);
        }
    }));
    let props = Props { text: Rc::from(text), options: Rc::new(options), warnings: Rc::new(warnings), remote: remote.clone() };
    let app = yew::Renderer::<PlayerView>::with_root_and_props(mount, props).render();
    Ok(Player { remote, host: element, app: Some(app) })
}

#[wasm_bindgen]
impl Player {
    pub fn play(&self) {
        self.remote.send(Action::Play);
    }

    pub fn pause(&self) {
        self.remote.send(Action::Pause);
    }

    /// Moves the playhead to `ms` simulated milliseconds (and pauses).
    pub fn seek(&self, ms: f64) {
        self.remote.send(Action::Pause);
        self.remote.send(Action::Seek(ms.max(0.0) as u64));
    }

    /// To the next (`delta` > 0) or previous change in the cluster.
    pub fn step(&self, delta: i32) {
        let action = if delta < 0 { Action::PrevEvent } else { Action::NextEvent };
        for _ in 0..delta.unsigned_abs().max(1) {
            self.remote.send(action.clone());
        }
    }

    /// Plays scenario step `index` (0-based): from its time until just before the next step's
    /// (so the current step is still this one), then pauses. The last step plays to the end.
    #[wasm_bindgen(js_name = playStep)]
    pub fn play_step(&self, index: u32) {
        let s = self.remote.snapshot();
        let Some(from) = s.step_times.get(index as usize).copied() else { return };
        let to = s.step_times.get(index as usize + 1).map(|next| next.saturating_sub(1).max(from)).unwrap_or(s.end);
        self.remote.send(Action::PlaySpan { from, to });
    }

    /// Plays the step after the current one (the first, before any): what a slide's next
    /// fragment does.
    #[wasm_bindgen(js_name = nextStep)]
    pub fn next_step(&self) {
        let next = self.remote.snapshot().step.map(|i| i + 1).unwrap_or(0);
        self.play_step(next as u32);
    }

    /// The playhead, in simulated milliseconds.
    pub fn time(&self) -> f64 {
        self.remote.snapshot().now as f64
    }

    /// Where the playhead can go, in simulated milliseconds.
    pub fn duration(&self) -> f64 {
        self.remote.snapshot().end as f64
    }

    #[wasm_bindgen(getter)]
    pub fn playing(&self) -> bool {
        self.remote.snapshot().playing
    }

    /// The current scenario step (0-based), or -1 before the first.
    #[wasm_bindgen(js_name = currentStep)]
    pub fn current_step(&self) -> i32 {
        self.remote.snapshot().step.map(|i| i as i32).unwrap_or(-1)
    }

    /// The times of the scenario's steps, in simulated milliseconds.
    #[wasm_bindgen(js_name = stepTimes)]
    pub fn step_times(&self) -> Vec<f64> {
        self.remote.snapshot().step_times.iter().map(|t| *t as f64).collect()
    }

    /// The text's errors (`line L:C: message`); empty when it simulated.
    pub fn errors(&self) -> Vec<String> {
        self.remote.snapshot().errors
    }

    /// `on("step", f)`: calls `f({index, count, atMs, timeMs})` whenever the current step changes.
    pub fn on(&self, event: &str, listener: Function) -> Result<(), JsValue> {
        if event != "step" {
            return Err(JsValue::from_str(&format!("Ordinal: no event {:?} (there is \"step\")", scene::ellipsize(event, 40))));
        }
        self.remote.on_step(Callback::from(move |change: StepChange| {
            let _ = listener.call1(&JsValue::NULL, &step_detail(change));
        }));
        Ok(())
    }

    /// The element the player was rendered in.
    #[wasm_bindgen(getter)]
    pub fn element(&self) -> Element {
        self.host.clone()
    }

    /// Removes the player.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        if let Some(root) = self.host.shadow_root() {
            root.set_inner_html("");
        }
    }
}
