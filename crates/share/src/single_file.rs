//! The player with nothing to fetch, for slides shown in rooms with no network. Browsers will not
//! fetch a `.wasm` (or import a module) beside a page opened from `file://`, so both forms here
//! carry everything in one classic script: wasm-bindgen's glue (its module syntax taken out),
//! the WebAssembly as base64, and the embed loader, which finds both already there.
//!
//! - [`script`] is `ordinal.offline.js`: any page, a reveal.js deck or a built mdBook opened
//!   from disk, includes it instead of `ordinal.js`.
//! - [`html`] is one page holding that script and a scenario, as the embed's own markup (a
//!   `<pre class="ordinal">` with `data-` options), so it behaves exactly like an embedded player.

use crate::base64;

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
fn escape(text: &str) -> String {
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

/// The player as one classic script (`ordinal.offline.js`). Fails only if the glue does not
/// look like wasm-bindgen's `--target web` output (a build problem).
pub fn script(parts: &Parts<'_>) -> Result<String, String> {
    let glue = classic(parts.glue)?;
    let wasm = base64::encode(parts.wasm);
    Ok(format!(
        "// Ordinal's player with its WebAssembly inside: include it instead of ordinal.js where\n\
         // nothing can be fetched (a page opened from disk). See ordinal.js for the options and API.\n\
         (() => {{\n'use strict';\n{glue}\n\
         globalThis.__ordinalGlue = {{ default: __wbg_init, initSync, render, wasm: '{wasm}' }};\n}})();\n{loader}",
        loader = parts.loader,
    ))
}

/// wasm-bindgen's ES module as statements for a function body: `export` keywords and the
/// closing export list go, and the unused default path (`import.meta.url`, which only a module
/// may name) becomes the document's address.
fn classic(glue: &str) -> Result<String, String> {
    for name in ["function __wbg_init", "function initSync", "function render"] {
        if !glue.contains(name) {
            return Err(format!("the WebAssembly glue has no `{name}`: was it built with wasm-bindgen --target web?"));
        }
    }
    let mut out = String::with_capacity(glue.len());
    for line in glue.lines() {
        let line = match line.strip_prefix("export ") {
            Some(list) if list.starts_with('{') && list.ends_with("};") => continue,
            Some(list) if list.starts_with('{') => {
                return Err(format!("the WebAssembly glue's export list is not on one line (`{line}`)"));
            }
            Some(declaration) => declaration,
            None => line,
        };
        if line.starts_with("import ") {
            return Err(format!("the WebAssembly glue imports another module (`{line}`): it cannot be inlined"));
        }
        out.push_str(&line.replace("import.meta.url", "document.baseURI"));
        out.push('\n');
    }
    Ok(out)
}

/// The whole page: the scenario as a player, and [`script`] inline.
pub fn html(parts: &Parts<'_>, page: &Page<'_>) -> Result<String, String> {
    let script = script(parts)?;
    let mut attrs = String::new();
    for (key, value) in page.options {
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            attrs.push_str(&format!(" data-{key}=\"{}\"", escape(value)));
        }
    }
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
<script>
{script}
</script>
</body>
</html>
"#,
        title = escape(page.title),
        text = escape(page.text),
        script = script_text(&script),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "export class Player {}\nexport function render(a) {}\nfunction initSync(m) {}\n\
        async function __wbg_init(m) { m = new URL('web_bg.wasm', import.meta.url); }\n\
        export { initSync, __wbg_init as default };\n";

    fn parts(loader: &str) -> Parts<'_> {
        Parts { glue: GLUE, loader, wasm: b"\0asm\x01\0\0\0" }
    }

    fn page(text: &str) -> String {
        let parts = parts("if (a </script> b) { '<!--' }");
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
        assert_eq!(out.matches("</script>").count(), 1, "only the real closing");
    }

    #[test]
    fn the_script_is_classic_and_carries_the_wasm() {
        let out = script(&parts("LOADER")).expect("builds");
        assert!(!out.contains("export"), "{out}");
        assert!(!out.contains("import.meta"), "{out}");
        assert!(out.contains("\nclass Player {}\nfunction render(a) {}\n"));
        assert!(out.contains("new URL('web_bg.wasm', document.baseURI)"));
        assert!(out.contains("render, wasm: 'AGFzbQEAAAA=' };\n})();\nLOADER"), "{out}");
    }

    #[test]
    fn glue_of_another_kind_is_refused() {
        let no_init = Parts { glue: "var wasm_bindgen;", loader: "", wasm: b"" };
        let err = script(&no_init).expect_err("refused");
        assert!(err.contains("__wbg_init"), "{err}");
        let importing = format!("import * as x from './snippets/a.js';\n{GLUE}");
        let err = script(&Parts { glue: &importing, loader: "", wasm: b"" }).expect_err("refused");
        assert!(err.contains("imports another module"), "{err}");
    }

    #[test]
    fn script_text_keeps_everything_else() {
        assert_eq!(script_text("a<b && c<</SCRIPT >"), r"a<b && c<<\/SCRIPT >");
        assert_eq!(script_text("<"), "<");
    }
}
