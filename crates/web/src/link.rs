//! Share links in the browser: the payload ([`share::link`]) deflated by the browser's own
//! `CompressionStream`, in URL-safe base64, in the fragment; and back, with every failure (bad
//! base64, data that does not inflate, a payload too large) turned into a message.

use js_sys::{Array, Reflect, Uint8Array};
use share::link::{self, Shared, MAX_FRAGMENT, MAX_PAYLOAD, PREFIX};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair, WritableStream};

// The Compression Streams API is in every current browser, but web-sys still lists it as
// unstable (behind a cfg flag): these few bindings are all this file needs.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;
}

/// Pipes `bytes` through the browser's deflate (or inflate), stopping at `limit` bytes out.
async fn through(bytes: &[u8], compress: bool, limit: usize) -> Result<Vec<u8>, String> {
    let js = crate::export::message;
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(js)?;
    let pair = if compress {
        let s = CompressionStream::new("deflate-raw").map_err(js)?;
        ReadableWritablePair::new(&s.readable(), &s.writable())
    } else {
        let s = DecompressionStream::new("deflate-raw").map_err(js)?;
        ReadableWritablePair::new(&s.readable(), &s.writable())
    };
    let stream: ReadableStream = blob.stream().pipe_through(&pair);
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| format!("its data does not inflate ({})", js(e).trim_end().trim_end_matches('.')))?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let Ok(value) = Reflect::get(&chunk, &"value".into()).and_then(|v| v.dyn_into::<Uint8Array>()) else { break };
        if out.len() + value.length() as usize > limit {
            let _ = reader.cancel();
            return Err(format!("it holds more than {} MB of text", limit / (1024 * 1024)));
        }
        let at = out.len();
        out.resize(at + value.length() as usize, 0);
        value.copy_to(&mut out[at..]);
    }
    Ok(out)
}

/// The link for `shared`: this page's address with the data in its fragment.
pub async fn make(shared: &Shared) -> Result<String, String> {
    let packed = through(link::to_payload(shared).as_bytes(), true, usize::MAX).await?;
    let data = share::base64::encode_url(&packed);
    if data.len() > MAX_FRAGMENT {
        return Err(format!(
            "This is too large for a link: {} KB after compression (the limit is {} KB). Export it as an HTML file instead.",
            data.len() / 1024,
            MAX_FRAGMENT / 1024
        ));
    }
    let location = gloo::utils::window().location();
    let page = location.href().unwrap_or_default();
    let page = page.split('#').next().unwrap_or_default();
    Ok(format!("{page}#{PREFIX}{data}"))
}

/// Opens a link's fragment: `None` if it is not a share link, else what it holds or why not.
pub async fn open(hash: &str) -> Option<Result<Shared, String>> {
    let data = match link::fragment_data(hash)? {
        Ok(data) => data,
        Err(e) => return Some(Err(e)),
    };
    let result = async {
        let packed = share::base64::decode(data)?;
        let payload = through(&packed, false, MAX_PAYLOAD).await?;
        link::from_payload(&payload)
    }
    .await;
    Some(result.map_err(|why| link::damaged(&why)))
}
