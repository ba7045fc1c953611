//! The cluster picture: the scene's items as SVG groups keyed by id, so a moved item glides
//! (a CSS transition on its transform) instead of being drawn anew. Items that leave fade out.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use order::Sorted;
use scene::{Item, Prim, Scene};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::hooks::use_box_size::use_box_size;
use crate::hooks::use_drag_pan::use_drag_pan;
use crate::hooks::use_keyboard::keyboard_focused;
use crate::hooks::use_reduced_motion::use_reduced_motion;
use crate::hooks::use_scene::Shown;
use crate::state::Action;

/// Past this many items (about 1,000 pods with their claims, volumes and edges) the picture
/// changes without motion, as under `prefers-reduced-motion`: thousands of boxes gliding and
/// fading in at once are no clearer than a jump, and Chromium took 17 s of a 22 s jump to the end
/// of 5,000 pods starting their animations.
const MOTION_MAX_ITEMS: usize = 3_000;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scene: Shown,
    /// The zoom buttons and the legend above the picture.
    #[prop_or(true)]
    pub chrome: bool,
    /// Told the width and height of the picture's box, in CSS pixels, when it is laid out and
    /// whenever it changes size (the picture is laid out for it).
    #[prop_or_default]
    pub on_size: Callback<(i32, i32)>,
    /// Whether items are chosen by click or keyboard (for an inspector beside it). A player has
    /// none: its items are pictures with titles, not tab stops.
    #[prop_or(true)]
    pub choose: bool,
}

fn prim(p: &Prim) -> Html {
    match p {
        Prim::Rect { x, y, w, h, rx, class } => html! {
            <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx={rx.to_string()} class={*class} />
        },
        Prim::Circle { cx, cy, r, class } => html! {
            <circle cx={cx.to_string()} cy={cy.to_string()} r={r.to_string()} class={*class} />
        },
        Prim::Text { x, y, text, class, anchor } => html! {
            <text x={x.to_string()} y={y.to_string()} class={*class} text-anchor={*anchor}>{text.clone()}</text>
        },
        Prim::Path { d, class } => {
            if class.contains("bound") {
                html! { <path d={d.clone()} class={*class} pathLength="100" /> }
            } else {
                html! { <path d={d.clone()} class={*class} /> }
            }
        }
    }
}

/// At Fit, the smallest scale a picture is drawn at to show it whole in the box: below it, the
/// picture keeps this scale and scrolls.
const FIT_MIN_SCALE: f32 = 0.8;

/// The zoom levels the buttons step through, as a browser's do.
const ZOOM_LEVELS: [f32; 11] = [0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0];

/// The next level above the scale shown (the scale shown if none is).
fn zoom_in(shown: f32) -> Option<f32> {
    Some(ZOOM_LEVELS.iter().copied().find(|&l| l > shown * 1.02).unwrap_or(shown))
}

/// The next level below the scale shown (the scale shown if none is).
fn zoom_out(shown: f32) -> Option<f32> {
    Some(ZOOM_LEVELS.iter().rev().copied().find(|&l| l < shown / 1.02).unwrap_or(shown))
}

fn transform(it: &Item) -> String {
    if it.scale != 1.0 {
        format!("transform:translate({}px,{}px) scale({})", it.x, it.y, it.scale)
    } else {
        format!("transform:translate({}px,{}px)", it.x, it.y)
    }
}

/// What keys an item's element: its id, and for a pod its uid too, so that a pod recreated
/// under the same name is a new element (the old one fades out, the new one appears) rather than
/// the same card changing.
fn incarnation(it: &Item) -> String {
    match it.data.iter().find(|(k, _)| *k == "uid") {
        Some((_, uid)) => format!("{}@{uid}", it.id),
        None => it.id.clone(),
    }
}

/// The incarnations of `items`, to look up.
fn incarnations(items: &[Item]) -> Sorted<String, ()> {
    items.iter().map(|i| (incarnation(i), ())).collect()
}

fn item(it: &Item, ghost: bool, choose: bool) -> Html {
    let mut class = scene::svg::group_class(it);
    if ghost {
        class.push_str(" ghost");
    }
    let key = if ghost { format!("ghost:{}", incarnation(it)) } else { incarnation(it) };
    let body = html! { <g class="body">{for it.prims.iter().map(prim)}</g> };
    if ghost || !it.interactive() {
        return html! { <g {key} class={class} style={transform(it)} aria-hidden="true">{body}</g> };
    }
    // Chosen by click or keyboard: a button that says whether it is chosen; else a picture.
    let pressed = choose.then_some(if it.class.contains("selected") { "true" } else { "false" });
    let mut tag = html! {
        <g {key} class={class} style={transform(it)} data-id={it.id.clone()} data-kind={it.target.kind()}
            tabindex={choose.then_some("0")} role={if choose { "button" } else { "img" }} aria-label={it.label.clone()}
            aria-pressed={pressed}>
            <title>{it.title.clone()}</title>
            {body}
        </g>
    };
    if let Html::VTag(t) = &mut tag {
        for (k, v) in &it.data {
            std::rc::Rc::make_mut(t).add_attribute(data_key(k), v.clone());
        }
    }
    tag
}

/// `data-*` attribute names for the scene's facts (attribute names must be static).
fn data_key(k: &str) -> &'static str {
    match k {
        "name" => "data-name",
        "status" => "data-status",
        "ready" => "data-ready",
        "node" => "data-node",
        "claims" => "data-claims",
        "restarts" => "data-restarts",
        "phase" => "data-phase",
        "volume" => "data-volume",
        "claim" => "data-claim",
        "taints" => "data-taints",
        "pods" => "data-pods",
        "replicas" => "data-replicas",
        "uid" => "data-uid",
        _ => "data-other",
    }
}

/// A live item of a scene, by its index: a component of its own, so that when the scene changes
/// only the items that changed are drawn again and compared with what is on the page (at 300
/// pods, drawing every item on every frame took longer than a frame).
#[derive(Properties)]
struct LiveProps {
    scene: Rc<Scene>,
    index: usize,
    choose: bool,
}

impl PartialEq for LiveProps {
    fn eq(&self, other: &LiveProps) -> bool {
        self.choose == other.choose && self.scene.items.get(self.index) == other.scene.items.get(other.index)
    }
}

#[function_component(Live)]
fn live(props: &LiveProps) -> Html {
    props.scene.items.get(props.index).map(|it| item(it, false, props.choose)).unwrap_or_default()
}

/// Focuses the picture's item of this id (an SVG element; `focus` is the same method there).
pub(crate) fn focus_item(id: &str) {
    let Ok(items) = gloo::utils::document().query_selector_all("svg.picture [data-id]") else { return };
    for i in 0..items.length() {
        let Some(el) = items.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        if el.get_attribute("data-id").as_deref() == Some(id) {
            let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
            return;
        }
    }
}

/// Focuses the chosen object's panel, where the page has one.
fn focus_chosen_panel() {
    if let Ok(Some(panel)) = gloo::utils::document().query_selector(".inspector.chosen") {
        let _ = panel.unchecked_ref::<web_sys::HtmlElement>().focus();
    }
}

/// The item (the element carrying `data-id`) an event happened in, if any.
pub(crate) fn item_at(e: &Event) -> Option<Element> {
    let el = e.target()?.dyn_into::<Element>().ok()?;
    el.closest("[data-id]").ok()?
}

/// The id of the item under an event, if any.
fn item_id(e: &Event) -> Option<String> {
    item_at(e)?.get_attribute("data-id")
}

#[function_component(Picture)]
pub fn picture(props: &Props) -> Html {
    let dispatch = use_context::<Callback<Action>>().unwrap_or_default();
    let reduced = use_reduced_motion();
    let zoom = use_state(|| None::<f32>);
    let ghosts = use_state(Vec::<Item>::new);
    let timer = use_mut_ref(|| None::<Timeout>);
    let scroller = use_node_ref();
    let pan = Rc::new(use_drag_pan(scroller.clone()));
    use_box_size(scroller.clone(), props.on_size.clone());

    // What left since the last scene fades out where it was, unless something of the same name now
    // stands in its place (a pod replaced where it was, seen across a jump): a ghost there would
    // cover the new one.
    {
        let ghosts = ghosts.clone();
        let previous = use_mut_ref(|| None::<Shown>);
        use_effect_with(props.scene.clone(), move |scene| {
            let before = previous.borrow_mut().replace(scene.clone());
            if let (Some(before), false) = (before, reduced) {
                let now = incarnations(&scene.items);
                let mut gone: Vec<Item> = before
                    .items
                    .iter()
                    .filter(|i| !now.contains_key(&incarnation(i)) && matches!(i.target.kind(), "pod" | "pvc" | "pv" | "edge"))
                    .take(400)
                    .cloned()
                    .collect();
                if !gone.is_empty() {
                    let places: Sorted<&str, (f32, f32)> = scene.items.iter().map(|i| (i.id.as_str(), (i.x, i.y))).collect();
                    gone.retain(|i| places.get(i.id.as_str()) != Some(&(i.x, i.y)));
                }
                if !gone.is_empty() {
                    ghosts.set(gone);
                    let clear = ghosts.clone();
                    *timer.borrow_mut() = Some(Timeout::new(600, move || clear.set(Vec::new())));
                }
            }
            || ()
        });
    }

    let select = {
        let dispatch = dispatch.clone();
        let scene = props.scene.clone();
        move |id: Option<String>| {
            let target = id.and_then(|id| scene.item(&id).map(|i| i.target.clone()));
            dispatch.emit(Action::Select(target));
        }
    };
    let onclick = {
        let (select, pan, choose) = (select.clone(), pan.clone(), props.choose);
        Callback::from(move |e: MouseEvent| {
            if choose && !pan.was_drag() {
                select(item_id(&e))
            }
        })
    };
    // Enter on a focused item chooses it, and so does Space if the keyboard brought the focus
    // there (after a click Space plays). Yew's listeners are passive, so this one is added by
    // hand, to keep Space from scrolling the page.
    let svg = use_node_ref();
    {
        let svg = svg.clone();
        use_effect_with(props.scene.clone(), move |_| {
            let listener = svg.cast::<Element>().map(|el| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&el, "keydown", options, move |e| {
                    let Some(k) = e.dyn_ref::<KeyboardEvent>() else { return };
                    let key = k.key();
                    let focused = || e.target().and_then(|t| t.dyn_into::<Element>().ok()).is_some_and(|el| keyboard_focused(&el));
                    if key == "Enter" || (key == " " && focused()) {
                        if let Some(id) = item_id(e) {
                            e.prevent_default();
                            select(Some(id));
                            // The keyboard goes on to the chosen object's panel, whose actions are
                            // then the next Tabs (past every other item of the picture before), as
                            // into a dialog; Escape brings it back here.
                            Timeout::new(0, focus_chosen_panel).forget();
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let s = &props.scene;
    let (w, h) = (s.width, s.height);
    // A picture of another size was laid out afresh (for the box's new shape, or a new text): its
    // items take their new places at once rather than gliding across the picture.
    let relaid = {
        let last = use_mut_ref(|| None::<(f32, f32)>);
        let before = last.borrow_mut().replace((w, h));
        before.is_some_and(|b| b != (w, h))
    };
    let mut svg_class = if s.detail == scene::Detail::Compact { "picture compact" } else { "picture" }.to_owned();
    if relaid {
        svg_class.push_str(" relaid");
    }
    if s.items.len() > MOTION_MAX_ITEMS {
        svg_class.push_str(" still");
    }
    // Fit: the full width, the height following from the viewBox, but no taller than the box
    // unless that would draw the picture below `FIT_MIN_SCALE` (a tall picture then scrolls):
    // a small cluster is shown whole, its storage chain included, rather than enlarged past the
    // bottom of the box. (The percentage resolves only where the box has a height of its own; a
    // player without one grows with its picture, as before.)
    let (width, height, style) = match *zoom {
        Some(z) => ((w * z).to_string(), Some((h * z).to_string()), None),
        None => ("100%".to_owned(), None, Some(format!("max-height:max(100%,{}px)", (h * FIT_MIN_SCALE).round()))),
    };
    // The buttons step from the scale the picture is shown at: at Fit, the one the box gives it
    // (a player told its height can fit a tall picture well below 100%).
    let set_zoom = |f: fn(f32) -> Option<f32>| {
        let (zoom, svg) = (zoom.clone(), svg.clone());
        Callback::from(move |_: MouseEvent| {
            let shown = zoom.or_else(|| {
                let svg = svg.cast::<Element>()?;
                let (px, py) = (svg.client_width() as f32, svg.client_height() as f32);
                // The viewBox meets the element's box: the smaller of the two scales.
                (px > 0.0 && py > 0.0 && w > 0.0 && h > 0.0).then(|| (px / w).min(py / h))
            });
            zoom.set(f(shown.unwrap_or(1.0)));
        })
    };
    let current = zoom.map(|z| format!("{:.0}%", z * 100.0)).unwrap_or_else(|| "Fit".into());
    // The name says what the button does and, zoomed, the scale it shows.
    let fit_label = if zoom.is_some() { format!("Fit, now {current}") } else { current.clone() };
    let ghost_items: Vec<&Item> = if ghosts.is_empty() {
        Vec::new()
    } else {
        let live = incarnations(&s.items);
        ghosts.iter().filter(|g| !live.contains_key(&incarnation(g))).collect()
    };

    html! {
        <section class="picture-panel" aria-label="Cluster picture">
            if props.chrome {
            <div class="zoom" role="group" aria-label="Zoom">
                <button class="small" onclick={set_zoom(zoom_out)} aria-label="Zoom out">{"−"}</button>
                <button class="small" onclick={set_zoom(|_| None)} aria-label={fit_label}>{current}</button>
                <button class="small" onclick={set_zoom(zoom_in)} aria-label="Zoom in">{"+"}</button>
                <span class="legend" aria-hidden="true">
                    { for scene::LEGEND.iter().map(|(tone, words)| html! {
                        <span class="key"><span class={classes!("sw", tone.as_str())}></span>{*words}</span>
                    }) }
                </span>
            </div>
            }
            <div class={if zoom.is_some() { "picture-scroll zoomed" } else { "picture-scroll" }}
                onpointerdown={pan.onpointerdown.clone()} onpointermove={pan.onpointermove.clone()}
                onpointerup={pan.onpointerup.clone()} onpointercancel={pan.onpointerup.clone()} {onclick} ref={scroller}>
                <svg class={svg_class}
                    viewBox={format!("0 0 {w} {h}")} width={width} height={height} {style}
                    role="group" aria-label={format!("The cluster at {}", scene::clock(s.t_ms))}
                    data-t={s.t_ms.to_string()} ref={svg}>
                    {for s.items.iter().enumerate().map(|(index, i)| html! {
                        <Live key={incarnation(i)} scene={props.scene.0.clone()} {index} choose={props.choose} />
                    })}
                    {for ghost_items.into_iter().map(|i| item(i, true, false))}
                </svg>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{zoom_in, zoom_out};

    #[test]
    fn zoom_steps_from_the_scale_shown() {
        // A picture fitted at 45% (a tall picture in a short player): + gives 50%, − 33%.
        assert_eq!(zoom_in(0.45), Some(0.5));
        assert_eq!(zoom_out(0.45), Some(0.33));
        // On a level, the next one; at the ends, the end.
        assert_eq!(zoom_in(1.0), Some(1.25));
        assert_eq!(zoom_out(1.0), Some(0.8));
        assert_eq!(zoom_in(4.0), Some(4.0));
        assert_eq!(zoom_out(0.25), Some(0.25));
        // Beyond the levels (300 pods fitted in a small player), a step never goes the wrong way.
        assert_eq!(zoom_out(0.1), Some(0.1));
        assert_eq!(zoom_in(5.0), Some(5.0));
        // Just off a level (rounding of a measured width) does not stay on it.
        assert_eq!(zoom_in(0.995), Some(1.25));
        assert_eq!(zoom_out(1.005), Some(0.8));
    }
}
