//! Files the page hands out: the current picture as SVG or PNG, the whole run as an animated
//! SVG, the scenario as one self-contained HTML file (the player, its WebAssembly and the
//! text), and the embed script with the player inside, `ordinal.offline.js` (see
//! [`share::single_file`]).

use js_sys::{Array, Promise, Uint8Array};
use scene::animation::{self, Frame};
use scene::Scene;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement, Response, Url};

use crate::state::{Run, SPEEDS};

/// The text of a JavaScript error (its `message`, or the value itself if it is a string).
pub(crate) fn message(e: JsValue) -> String {
    e.as_string().or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok()?.as_string()).unwrap_or_else(|| "unknown error".into())
}

fn blob(parts: &JsValue, kind: &str) -> Result<Blob, String> {
    let options = BlobPropertyBag::new();
    options.set_type(kind);
    Blob::new_with_blob_sequence_and_options(parts, &options).map_err(message)
}

fn text_blob(text: &str, kind: &str) -> Result<Blob, String> {
    blob(&Array::of1(&JsValue::from_str(text)), kind)
}

/// Hands `blob` to the browser as a download named `name`.
fn download(blob: &Blob, name: &str) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(message)?;
    let a: HtmlAnchorElement = gloo::utils::document().create_element("a").map_err(message)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoked later: the download reads the URL after this returns.
    gloo::timers::callback::Timeout::new(60_000, move || drop(Url::revoke_object_url(&url))).forget();
    Ok(())
}

/// A name for files of this moment: `ordinal-1m30s`.
pub fn file_stem(t_ms: u64) -> String {
    let clock = scene::clock(t_ms).replace(':', "m").replace('.', "s");
    format!("ordinal-{clock}")
}

pub fn svg(scene: &Scene) -> Result<(), String> {
    download(&text_blob(&scene::svg::render(scene), "image/svg+xml")?, &format!("{}.svg", file_stem(scene.t_ms)))
}

/// The picture at twice its size, drawn by the browser from the same SVG.
pub async fn png(scene: &Scene) -> Result<(), String> {
    let svg = text_blob(&scene::svg::render(scene), "image/svg+xml")?;
    let url = Url::create_object_url_with_blob(&svg).map_err(message)?;
    let img = HtmlImageElement::new().map_err(message)?;
    let loaded = Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&url);
    let drawn = JsFuture::from(loaded).await;
    Url::revoke_object_url(&url).ok();
    drawn.map_err(|_| "the browser could not draw the picture".to_owned())?;
    let scale = 2.0;
    let canvas: HtmlCanvasElement = gloo::utils::document().create_element("canvas").map_err(message)?.unchecked_into();
    canvas.set_width((scene.width * scale) as u32);
    canvas.set_height((scene.height * scale) as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(message)?
        .ok_or("no 2D canvas in this browser")?
        .unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .map_err(message)?;
    let made = Promise::new(&mut |resolve, _| {
        let _ = canvas.to_blob(&resolve);
    });
    let png: Blob = JsFuture::from(made).await.map_err(message)?.dyn_into().map_err(|_| "the browser made no PNG".to_owned())?;
    download(&png, &format!("{}.png", file_stem(scene.t_ms)))
}

/// The whole run, looping, at the page's speed.
pub fn animated_svg(run: &Run, speed: usize, selected: Option<scene::Target>) -> Result<(), String> {
    let speed = SPEEDS[speed.min(SPEEDS.len() - 1)].0;
    let frames: Vec<Frame> = animation::pacing(&run.times, speed)
        .into_iter()
        .map(|(t, seconds)| Frame { scene: run.picture(t, selected.clone(), None, None), seconds })
        .collect();
    download(&text_blob(&animation::render(&frames), "image/svg+xml")?, "ordinal-animation.svg")
}

async fn fetch(path: &str) -> Result<Response, String> {
    let response: Response = JsFuture::from(gloo::utils::window().fetch_with_str(path))
        .await
        .map_err(|e| format!("could not read {path}: {}", message(e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("could not read {path}: HTTP {}", response.status()));
    }
    Ok(response)
}

async fn fetch_text(path: &str) -> Result<String, String> {
    let promise = fetch(path).await?.text().map_err(message)?;
    JsFuture::from(promise).await.map_err(message)?.as_string().ok_or_else(|| format!("{path} is not text"))
}

async fn fetch_bytes(path: &str) -> Result<Vec<u8>, String> {
    let promise = fetch(path).await?.array_buffer().map_err(message)?;
    Ok(Uint8Array::new(&JsFuture::from(promise).await.map_err(message)?).to_vec())
}

/// The player's files, read from beside this page (the build puts them there).
async fn player_files() -> Result<(String, String, Vec<u8>), String> {
    Ok((fetch_text("web.js").await?, fetch_text("ordinal.js").await?, fetch_bytes("web_bg.wasm").await?))
}

/// The scenario as one HTML file that plays offline.
pub async fn html(text: &str, title: &str) -> Result<(), String> {
    let (glue, loader, wasm) = player_files().await?;
    let parts = share::single_file::Parts { glue: &glue, loader: &loader, wasm: &wasm };
    let page = share::single_file::Page { title, text, options: &[("controls", "full"), ("height", "100%")] };
    let file = share::single_file::html(&parts, &page)?;
    download(&text_blob(&file, "text/html")?, "ordinal.html")
}

/// `ordinal.offline.js`: the embed script with the player inside, for a deck or a book that will
/// be opened from disk.
pub async fn offline_script() -> Result<(), String> {
    let (glue, loader, wasm) = player_files().await?;
    let script = share::single_file::script(&share::single_file::Parts { glue: &glue, loader: &loader, wasm: &wasm })?;
    download(&text_blob(&script, "text/javascript")?, "ordinal.offline.js")
}
