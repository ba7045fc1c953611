//! The page's Share and Export buttons. Share puts the text and the view in the address (and on
//! the clipboard); Export saves the picture (SVG, PNG), the whole run (animated SVG), the
//! scenario as one HTML file that plays offline, or the embed script for offline pages.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use scene::Target;
use share::link::{Shared, View};
use yew::prelude::*;

use crate::export;
use crate::hooks::use_scene::Shown;
use crate::state::{Action, Run};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    pub now: u64,
    pub speed: usize,
    pub selected: Option<Target>,
    pub scene: Option<Shown>,
    pub run: Option<Rc<Run>>,
}

/// The scenario's name, for a file's title.
fn title(text: &str) -> String {
    let name = text
        .split("kind: Scenario")
        .nth(1)
        .and_then(|rest| rest.lines().find_map(|l| l.split_once("name:").map(|(_, n)| n)))
        .map(|n| n.trim().trim_matches(['"', '\'', '}', '{', ' ']).to_owned())
        .filter(|n| !n.is_empty());
    match name {
        Some(n) => format!("{} — Ordinal", scene::ellipsize(&n, 60)),
        None => "Ordinal".to_owned(),
    }
}

#[function_component(ShareBar)]
pub fn share_bar(props: &Props) -> Html {
    let dispatch = use_context::<Callback<Action>>().unwrap_or_default();
    let link = use_state(|| None::<String>);
    let notify = {
        let dispatch = dispatch.clone();
        move |r: Result<String, String>| match r {
            Ok(done) => dispatch.emit(Action::Notice(done)),
            Err(e) => dispatch.emit(Action::Alert(Some(e))),
        }
    };

    let link_input = use_node_ref();
    let on_share = {
        let (link, notify, link_input) = (link.clone(), notify.clone(), link_input.clone());
        let selected = props.selected.as_ref().and_then(|t| props.scene.as_ref()?.items.iter().find(|i| i.target == *t)).map(|i| i.id.clone());
        let shared = Shared { text: props.text.to_string(), view: View { t_ms: props.now, speed: props.speed, selected } };
        Callback::from(move |_: MouseEvent| {
            let (link, notify, shared, link_input) = (link.clone(), notify.clone(), shared.clone(), link_input.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::link::make(&shared).await {
                    Ok(url) => {
                        let window = gloo::utils::window();
                        if let Ok(history) = window.history() {
                            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                        }
                        let copied = wasm_bindgen_futures::JsFuture::from(window.navigator().clipboard().write_text(&url)).await.is_ok();
                        let kb = url.len().div_ceil(1024);
                        notify(Ok(if copied { format!("Link copied ({kb} KB)") } else { format!("Link ready ({kb} KB): copy it from the box") }));
                        link.set(Some(url));
                        // The box takes the focus once drawn (the link selected, to copy by hand
                        // where the clipboard refused); closing gives it back to Share.
                        Timeout::new(0, move || {
                            if let Some(input) = link_input.cast::<web_sys::HtmlElement>() {
                                let _ = input.focus();
                            }
                        })
                        .forget();
                    }
                    Err(e) => notify(Err(e)),
                }
            });
        })
    };
    let share_button = use_node_ref();
    let close = {
        let (link, share_button) = (link.clone(), share_button.clone());
        move || {
            link.set(None);
            if let Some(button) = share_button.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let close_link = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close())
    };
    let link_keys = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            close();
        }
    });

    let scene = props.scene.clone();
    let on_svg = {
        let (scene, notify) = (scene.clone(), notify.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = &scene {
                notify(export::svg(s).map(|()| "Saved the picture as SVG".into()));
            }
        })
    };
    let on_png = {
        let (scene, notify) = (scene.clone(), notify.clone());
        Callback::from(move |_: MouseEvent| {
            let (scene, notify) = (scene.clone(), notify.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(s) = &scene {
                    notify(export::png(s).await.map(|()| "Saved the picture as PNG".into()));
                }
            });
        })
    };
    let on_animation = {
        let (run, speed, selected, notify) = (props.run.clone(), props.speed, props.selected.clone(), notify.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(run) = &run {
                notify(export::animated_svg(run, speed, selected.clone()).map(|()| "Saved the run as an animated SVG".into()));
            }
        })
    };
    let on_html = {
        let (text, notify) = (props.text.clone(), notify.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, notify) = (text.clone(), notify.clone());
            wasm_bindgen_futures::spawn_local(async move {
                notify(export::html(&text, &title(&text)).await.map(|()| "Saved the scenario as an HTML file that plays offline".into()));
            });
        })
    };
    let on_script = {
        let notify = notify.clone();
        Callback::from(move |_: MouseEvent| {
            let notify = notify.clone();
            wasm_bindgen_futures::spawn_local(async move {
                notify(export::offline_script().await.map(|()| "Saved ordinal.offline.js: include it instead of ordinal.js in a page opened from disk".into()));
            });
        })
    };
    let ready = props.scene.is_some();
    // Choosing an item closes the menu.
    let close_menu = Callback::from(|e: MouseEvent| {
        if let Some(menu) = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("details").ok().flatten()) {
            let _ = menu.remove_attribute("open");
        }
    });

    html! {
        <div class="share-bar">
            <button ref={share_button} class="small" onclick={on_share} data-testid="share" title="Put the text and this view in the address, and copy it">{"Share"}</button>
            <details class="menu">
                <summary class="small-button" data-testid="export">{"Export"}</summary>
                <div class="menu-items" role="group" aria-label="Export" onclick={close_menu}>
                    <button class="link" onclick={on_svg} disabled={!ready}>{"Picture as SVG"}</button>
                    <button class="link" onclick={on_png} disabled={!ready}>{"Picture as PNG"}</button>
                    <button class="link" onclick={on_animation} disabled={!ready}>{"Whole run as animated SVG"}</button>
                    <button class="link" onclick={on_html}>{"Scenario as offline HTML"}</button>
                    <button class="link" onclick={on_script} title="For slides or a book opened from disk">{"Embed script for offline pages"}</button>
                </div>
            </details>
            if let Some(url) = &*link {
                <div class="link-box" role="dialog" aria-label="Share link" onkeydown={link_keys}>
                    <input ref={link_input} readonly=true value={url.clone()} aria-label="Share link" data-testid="share-link"
                        onfocus={Callback::from(|e: FocusEvent| {
                            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() { i.select(); }
                        })} />
                    <button class="small" onclick={close_link} aria-label="Close">{"×"}</button>
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_the_scenarios_name() {
        assert_eq!(title("kind: Scenario\nmetadata:\n  name: failover\n"), "failover — Ordinal");
        assert_eq!(title("kind: Scenario\nmetadata: {name: quick}\n"), "quick — Ordinal");
        assert_eq!(title("kind: Service\n"), "Ordinal");
    }
}
