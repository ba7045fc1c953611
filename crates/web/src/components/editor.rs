//! The text: manifests and the Scenario, with line numbers and each diagnostic at its line.

use std::rc::Rc;

use manifest::Diagnostic;
use order::Sorted;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The picture shows the last version of the text that worked (not this one).
    pub stale: bool,
    pub can_undo: bool,
    /// The Undo and Example buttons (an embedded player's editor has neither).
    #[prop_or(true)]
    pub tools: bool,
}

/// The height of a line of the text, in CSS pixels (`.code`'s line-height), the padding above
/// the first, and the room below the last that the layers keep so that they scroll as far as the
/// text.
const LINE_PX: usize = 20;
const TOP_PX: usize = 8;
const BELOW_PX: usize = 40;

/// Where line `n` (1-based) starts, from the top of the text's box.
fn line_top(n: u32) -> String {
    format!("top: {}px", TOP_PX + (n.saturating_sub(1) as usize) * LINE_PX)
}

/// Puts the caret at the start of `line` (1-based) and scrolls there.
fn go_to_line(area: &HtmlTextAreaElement, line: u32) {
    let text = area.value();
    let offset: usize = text.split('\n').take(line.saturating_sub(1) as usize).map(|l| l.encode_utf16().count() + 1).sum();
    let _ = area.focus();
    let _ = area.set_selection_range(offset as u32, offset as u32);
    area.set_scroll_top(((line as f64 - 4.0) * LINE_PX as f64).max(0.0) as i32);
}

#[function_component(Editor)]
pub fn editor(props: &Props) -> Html {
    let dispatch = use_context::<Callback<Action>>().unwrap_or_default();
    let area = use_node_ref();
    let gutter = use_node_ref();
    let backdrop = use_node_ref();

    // After a paste, the first problem is brought into view once the text has been read (a long
    // paste leaves the view at its end, far from the line the message names). Typing clears it:
    // a message elsewhere while typing must not pull the view away.
    let pasted = use_mut_ref(|| false);
    let onpaste = {
        let pasted = pasted.clone();
        Callback::from(move |_: Event| *pasted.borrow_mut() = true)
    };
    let onkeydown = {
        let pasted = pasted.clone();
        Callback::from(move |_: KeyboardEvent| *pasted.borrow_mut() = false)
    };
    {
        let (area, pasted) = (area.clone(), pasted.clone());
        use_effect_with(props.diagnostics.clone(), move |diagnostics| {
            let first = diagnostics.iter().filter(|d| d.is_error()).map(|d| d.source.line).min()
                .or_else(|| diagnostics.iter().map(|d| d.source.line).min());
            if let (true, Some(line), Some(a)) = (*pasted.borrow(), first, area.cast::<HtmlTextAreaElement>()) {
                let top = (line.saturating_sub(1) as usize) * LINE_PX + TOP_PX;
                let (from, to) = (a.scroll_top().max(0) as usize, (a.scroll_top() + a.client_height()).max(0) as usize);
                if top < from || top + LINE_PX > to {
                    go_to_line(&a, line);
                }
            }
            *pasted.borrow_mut() = false;
        });
    }

    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                dispatch.emit(Action::Edit(t.value()));
            }
        })
    };
    // Line numbers and the diagnostics layer scroll with the text.
    let onscroll = {
        let (gutter, backdrop) = (gutter.clone(), backdrop.clone());
        Callback::from(move |e: Event| {
            let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else { return };
            if let Some(g) = gutter.cast::<HtmlElement>() {
                g.set_scroll_top(t.scroll_top());
            }
            if let Some(b) = backdrop.cast::<HtmlElement>() {
                b.set_scroll_top(t.scroll_top());
                b.set_scroll_left(t.scroll_left());
            }
        })
    };

    let at_line: Sorted<u32, Vec<&Diagnostic>> = order::group(props.diagnostics.iter().map(|d| (d.source.line, d)));
    let lines: Vec<&str> = props.text.split('\n').collect();
    let errors = props.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = props.diagnostics.len() - errors;

    // The line numbers are one text; a line with a problem gets a mark over its number, and the
    // diagnostics layer the line's text, invisible, then its message after it. Only those lines
    // are elements of their own, so a pasted text of 100,000 lines stays quick to type into.
    let numbers: String = (1..=lines.len()).map(|n| n.to_string()).collect::<Vec<_>>().join("\n");
    let height = format!("height: {}px", lines.len() * LINE_PX + 2 * TOP_PX + BELOW_PX);
    let marked: Vec<(u32, bool, &Vec<&Diagnostic>)> = at_line
        .iter()
        .filter(|(n, _)| **n >= 1 && (**n as usize) <= lines.len())
        .map(|(n, ds)| (*n, ds.iter().any(|d| d.is_error()), ds))
        .collect();
    let gutter_marks = marked.iter().map(|&(n, err, _)| {
        html! { <div class={if err { "ln err" } else { "ln warn" }} style={line_top(n)}>{n}</div> }
    });
    let backdrop_rows = marked.iter().map(|&(n, err, ds)| {
        let msg = ds.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join(" · ");
        html! {
            <div class={if err { "bl err" } else { "bl warn" }} style={line_top(n)}>
                <span class="ghost-text">{lines[n as usize - 1]}</span>
                <span class="lens" data-line={n.to_string()}>{format!("  ◂ {msg}")}</span>
            </div>
        }
    });
    let list = props.diagnostics.iter().map(|d| {
        let line = d.source.line;
        let onclick = {
            let area = area.clone();
            Callback::from(move |_| {
                if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                    go_to_line(&a, line);
                }
            })
        };
        let class = if d.is_error() { "diag err" } else { "diag warn" };
        html! {
            <li class={class}>
                <button class="link" {onclick} data-line={line.to_string()}>
                    <span class="where">{format!("line {}:{}", line, d.source.column)}</span>
                    <span class="sev">{if d.is_error() { "error" } else { "warning" }}</span>
                    <span class="msg">{d.message.clone()}</span>
                </button>
            </li>
        }
    }).collect::<Vec<_>>();
    let undo = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Undo))
    };
    let example = Callback::from(move |_| dispatch.emit(Action::LoadExample));

    html! {
        <section class="editor" aria-label="Manifests and scenario">
            <div class="panel-head">
                <h2>{"Manifests & scenario"}</h2>
                <span class="counts">
                    if errors > 0 { <span class="count err">{scene::count(errors, "error")}</span> }
                    if warnings > 0 { <span class="count warn">{scene::count(warnings, "warning")}</span> }
                </span>
                if props.tools {
                    <button class="small" onclick={undo} disabled={!props.can_undo} title="Undo the last change made from the page">{"Undo"}</button>
                    <button class="small" onclick={example} title="Replace the text with the built-in example">{"Example"}</button>
                }
            </div>
            if props.stale {
                <p class="stale" role="alert">{"The text has errors: the picture shows the last version that worked."}</p>
            }
            <div class="code">
                <div class="gutter" ref={gutter} aria-hidden="true">
                    <div class="numbers" style={height.clone()}>{numbers}</div>{for gutter_marks}
                </div>
                <div class="text-wrap">
                    <div class="backdrop" ref={backdrop} aria-hidden="true"><div style={height}></div>{for backdrop_rows}</div>
                    <textarea ref={area} class="text" spellcheck="false" wrap="off" autocapitalize="off" autocomplete="off"
                        aria-label="Manifests and scenario (YAML)" aria-invalid={if errors > 0 { "true" } else { "false" }}
                        value={props.text.to_string()} {oninput} {onscroll} {onpaste} {onkeydown} />
                </div>
            </div>
            if !props.diagnostics.is_empty() {
                <ul class="diagnostics" aria-label="Problems in the text">{for list}</ul>
            }
        </section>
    }
}
