//! The style sheet goes into the WebAssembly (see `STYLE` in src/lib.rs) without its comments
//! and runs of white space: a quarter of its bytes, which every page and player downloads.

use std::path::Path;

fn main() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/style.css");
    println!("cargo:rerun-if-changed={}", source.display());
    let css = std::fs::read_to_string(&source).expect("www/style.css");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("style.css");
    std::fs::write(out, minify(&css)).expect("write the style sheet");
}

/// Drops comments and makes each run of white space one space or none (see [`push_space`]).
/// Quoted strings are kept as written.
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                push_space(&mut out, &mut space, c);
                out.push(c);
                for q in chars.by_ref() {
                    out.push(q);
                    if q == c {
                        break;
                    }
                }
            }
            c => {
                push_space(&mut out, &mut space, c);
                out.push(c);
            }
        }
    }
    out
}

/// Writes the pending space before `next`, unless a brace, a semicolon or a `>` is beside it or a
/// colon before it (`a > b`, `color: red`: the same rules without). A comma keeps its space: a
/// custom property's value is kept as written, `light-dark(#fff, #000)` with it.
fn push_space(out: &mut String, space: &mut bool, next: char) {
    let tight = |c: char| matches!(c, '{' | '}' | ';' | '>');
    let after = |c: char| tight(c) || c == ':';
    if std::mem::take(space) && !out.is_empty() && !tight(next) && !out.ends_with(after) {
        out.push(' ');
    }
}
