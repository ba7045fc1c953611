//! One HTML file that holds everything: the player's JavaScript, its WebAssembly (base64) and a
//! scenario, for slides shown in rooms with no network. Browsers will not fetch a `.wasm` beside
//! a page opened from `file://`, so nothing here is fetched: the WebAssembly is read from the
//! page itself.
//!
//! The file is the embed's own markup, a `<pre class="ordinal">` with `data-` options, so it
//! behaves exactly like a player embedded in documentation.

use crate::base64;

/// The id of the element holding the WebAssembly; the loader looks for it first.
pub const WASM_ID: &str = "ordinal-wasm";

/// What the player is made of, as the build writes it.
pub struct Parts<'a> {
    /// wasm-bindgen's glue: an ES module (`--target web`) that defines `__wbg_init`, `initSync`
    /// and the exported `render`.
    pub glue: &'a str,
    /// The embed loader, `www/ordinal.js`.
    pub loader: &'a str,
    pub wasm: &'a [u8],
}

/// The scenario and how to show it.
pub struct Page<'a> {
    pub title: &'a str,
    /// The manifests and Scenario, as YAML.
    pub text: &'a str,
    /// `data-` options of the player, e.g. `("controls", "full")`.
    pub options: &'a [(&'a str, &'a str)],
}

/// Escapes text for HTML character data and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Script text made safe to sit inside `<script>`: no `</script` and no `<!--` can end or
/// confuse the element (both are rewritten with a backslash, which JavaScript reads the same in
/// strings, regular expressions and comments).
fn script_text(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let closes = tail.get(..8).is_some_and(|t| t.eq_ignore_ascii_case("</script"));
        if closes {
            out.push_str("<\\/");
            rest = &tail[2..];
        } else if let Some(after) = tail.strip_prefix("<!--") {
            out.push_str("<\\!--");
            rest = after;
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The whole file. Fails only if the glue does not look like wasm-bindgen's (a build problem).
pub fn html(parts: &Parts<'_>, page: &Page<'_>) -> Result<String, String> {
    for name in ["function __wbg_init", "function initSync", "function render"] {
        if !parts.glue.contains(name) {
            return Err(format!("the WebAssembly glue has no `{name}`: was it built with wasm-bindgen --target web?"));
        }
    }
    let mut attrs = String::new();
    for (key, value) in page.options {
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            attrs.push_str(&format!(" data-{key}=\"{}\"", escape(value)));
        }
    }
    let wasm = base64::encode(parts.wasm);
    Ok(format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="Ordinal">
<title>{title}</title>
<style>html,body{{margin:0;height:100%;background:Canvas;color:CanvasText}}body{{display:flex;flex-direction:column}}pre.ordinal{{margin:0;flex:1;overflow:auto;padding:12px}}.ordinal-embed{{flex:1;min-height:0}}</style>
</head>
<body>
<pre class="ordinal"{attrs}>{text}</pre>
<script type="application/wasm;base64" id="{WASM_ID}">{wasm}</script>
<script type="module">
{glue}
globalThis.__ordinalGlue = {{ default: __wbg_init, initSync, render }};
{loader}
</script>
</body>
</html>
"#,
        title = escape(page.title),
        text = escape(page.text),
        glue = script_text(parts.glue),
        loader = script_text(parts.loader),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "export function render(a) {}\nfunction initSync(m) {}\nasync function __wbg_init(m) {}\nexport default __wbg_init;";

    fn page(text: &str) -> String {
        let parts = Parts { glue: GLUE, loader: "if (a </script> b) { '<!--' }", wasm: b"\0asm\x01\0\0\0" };
        html(&parts, &Page { title: "web <1>", text, options: &[("controls", "full"), ("height", "100%\"><x"), ("BAD key", "x")] }).expect("builds")
    }

    #[test]
    fn the_text_and_options_stay_text() {
        let out = page("name: <img src=x onerror=alert(1)>\n");
        assert!(out.contains("name: &lt;img src=x onerror=alert(1)&gt;\n</pre>"));
        assert!(out.contains(r#"<pre class="ordinal" data-controls="full" data-height="100%&quot;&gt;&lt;x">"#));
        assert!(out.contains("<title>web &lt;1&gt;</title>"));
        assert!(!out.contains("BAD"));
    }

    #[test]
    fn scripts_cannot_be_closed_early() {
        let out = page("");
        assert!(out.contains(r"if (a <\/script> b) { '<\!--' }"));
        assert_eq!(out.matches("</script>").count(), 2, "only the two real closings");
        assert!(out.contains(r#"id="ordinal-wasm">AGFzbQEAAAA=</script>"#));
    }

    #[test]
    fn glue_of_another_kind_is_refused() {
        let parts = Parts { glue: "var wasm_bindgen;", loader: "", wasm: b"" };
        let err = html(&parts, &Page { title: "", text: "", options: &[] }).expect_err("refused");
        assert!(err.contains("__wbg_init"), "{err}");
    }

    #[test]
    fn script_text_keeps_everything_else() {
        assert_eq!(script_text("a<b && c<</SCRIPT >"), r"a<b && c<<\/SCRIPT >");
        assert_eq!(script_text("<"), "<");
    }
}
