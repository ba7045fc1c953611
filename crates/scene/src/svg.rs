//! A scene as standalone SVG text: the same groups and classes the page draws, with a small
//! style sheet of its own, so an exported picture looks like the page (in its light theme).

use std::fmt::Write;

use crate::{Item, Prim, Scene, LEGEND};

/// Escapes text for SVG character data and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The style sheet of an exported picture (the page has its own, with a dark theme).
pub const STYLE: &str = "\
text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;fill:#1f2937;font-size:12px}\
.caption{font-size:10.5px;fill:#4b5563;letter-spacing:.04em}.title{font-size:15px;font-weight:600}\
.big{font-size:22px;font-weight:700}.meta,.dns,.dns-ip{font-size:11px;fill:#4b5563}.dns-ip{font-family:ui-monospace,monospace}\
.name{font-weight:600}.status{font-size:11.5px}.ordinal{font-size:22px;font-weight:700}\
.card,.tile{fill:#fff;stroke:#d1d5db}.card.missing{fill:none;stroke:#dc2626;stroke-dasharray:5 4}.node-box{fill:#f3f4f6;stroke:#9ca3af}.off .node-box{stroke:#dc2626;stroke-dasharray:2 4}.lane-box{fill:none;stroke:#9ca3af;stroke-dasharray:6 4}\
.node-name{font-size:14px;font-weight:700}.taints{fill:#b45309;font-size:11px}\
.edge{fill:none;stroke:#6b7280;stroke-width:1.6}.edge.waiting{stroke-dasharray:4 4}.edge.class{stroke:#c4b5fd}\
.dot{fill:none;stroke:#9ca3af}.dot.on{fill:#16a34a;stroke:#16a34a}.dot.restart{fill:#dc2626;stroke:none}\
.ordinal-bg{fill:#e5e7eb}.terminating{opacity:.55}.tile-text{font-size:12px;font-weight:700}.small{font-size:10px}\
.tone-ok .stripe,.tone-ok .ordinal-bg,.tone-ok .node-dot{fill:#16a34a}.tone-ok .tile{fill:#bbf7d0}\
.tone-progress .stripe,.tone-progress .ordinal-bg,.tone-progress .node-dot{fill:#2563eb}.tone-progress .tile{fill:#bfdbfe}\
.tone-warn .stripe,.tone-warn .ordinal-bg,.tone-warn .node-dot{fill:#d97706}.tone-warn .tile{fill:#fde68a}\
.tone-bad .stripe,.tone-bad .ordinal-bg,.tone-bad .node-dot{fill:#dc2626}.tone-bad .tile{fill:#fecaca}.tone-bad .node-box{stroke:#dc2626}\
.tone-muted .stripe,.tone-muted .ordinal-bg{fill:#9ca3af}\
.tone-ok .ordinal,.tone-progress .ordinal,.tone-warn .ordinal,.tone-bad .ordinal{fill:#fff}\
.selected>.card,.selected>.tile,.selected>.node-box{stroke:#7c3aed;stroke-width:2.5}\
.clock{font-size:14px;font-weight:600;fill:#4b5563;font-variant-numeric:tabular-nums}.key{font-size:11px;fill:#4b5563}";

/// A line of the footer under an exported picture.
const FOOTER_LINE: f32 = 22.0;

/// Where the legend starts on the footer's first line: after the widest clock (`t = 88:88.8`).
const LEGEND_X: f32 = 118.0;

/// The strip under an exported picture: the clock at the left of its first line, then the legend,
/// a swatch and its words for each colour, on as many lines as the width needs. A picture out of
/// its page keeps its time and what its colours mean (the page's legend is beside the picture,
/// not in it).
pub(crate) struct Footer {
    /// Each legend entry's x and line.
    places: [(f32, usize); LEGEND.len()],
    /// The first line's baseline.
    y: f32,
}

impl Footer {
    /// The footer under a picture `width` wide and `picture_height` tall.
    pub(crate) fn new(width: f32, picture_height: f32) -> Footer {
        // Text is not measured here: system-ui at 11 px averages under 6.2 px a character.
        let (mut x, mut line) = (LEGEND_X, 0);
        let places = LEGEND.map(|(_, words)| {
            let w = 10.0 + 5.0 + words.len() as f32 * 6.2;
            if x + w > width - 8.0 && x > 12.0 {
                (x, line) = (12.0, line + 1);
            }
            let place = (x, line);
            x += w + 14.0;
            place
        });
        Footer { places, y: picture_height + FOOTER_LINE - 4.0 }
    }

    /// How many lines the strip takes.
    pub(crate) fn lines(&self) -> usize {
        self.places.last().map_or(0, |p| p.1) + 1
    }

    /// How tall the strip is.
    pub(crate) fn height(&self) -> f32 {
        self.lines() as f32 * FOOTER_LINE + 10.0
    }

    /// The clock's text at `t_ms`.
    pub(crate) fn clock(&self, t_ms: u64) -> String {
        format!(r#"<text x="12" y="{}" class="clock">t = {}</text>"#, num(self.y), escape(&crate::clock(t_ms)))
    }

    pub(crate) fn legend(&self, out: &mut String) {
        out.push_str(r#"<g class="legend">"#);
        for ((tone, words), (x, line)) in LEGEND.iter().zip(self.places) {
            let base = self.y + line as f32 * FOOTER_LINE;
            let _ = write!(
                out,
                r#"<g class="tone-{}"><rect class="ordinal-bg" x="{}" y="{}" width="10" height="10" rx="2"/></g><text x="{}" y="{}" class="key">{}</text>"#,
                tone.as_str(),
                num(x),
                num(base - 9.5),
                num(x + 15.0),
                num(base),
                escape(words)
            );
        }
        out.push_str("</g>");
    }
}

pub(crate) fn num(v: f32) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The primitive's SVG element.
pub fn prim(out: &mut String, p: &Prim) {
    let _ = match p {
        Prim::Rect { x, y, w, h, rx, class } => {
            write!(out, r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" class="{class}"/>"#, num(*x), num(*y), num(*w), num(*h), num(*rx))
        }
        Prim::Circle { cx, cy, r, class } => write!(out, r#"<circle cx="{}" cy="{}" r="{}" class="{class}"/>"#, num(*cx), num(*cy), num(*r)),
        Prim::Text { x, y, text, class, anchor } => {
            let anchor = if *anchor == "start" { String::new() } else { format!(r#" text-anchor="{anchor}""#) };
            write!(out, r#"<text x="{}" y="{}" class="{class}"{anchor}>{}</text>"#, num(*x), num(*y), escape(text))
        }
        Prim::Path { d, class } => write!(out, r#"<path d="{}" class="{class}"/>"#, escape(d)),
    };
}

/// The classes of an item's group: `item`, its kind, its tone and its own.
pub fn group_class(item: &Item) -> String {
    let mut class = format!("item {} tone-{}", item.target.kind(), item.tone.as_str());
    if !item.class.is_empty() {
        class.push(' ');
        class.push_str(&item.class);
    }
    class
}

pub(crate) fn item(out: &mut String, it: &Item) {
    let _ = write!(out, r#"<g id="{}" class="{}""#, escape(&it.id), escape(&group_class(it)));
    if it.scale != 1.0 {
        let _ = write!(out, r#" transform="translate({} {}) scale({})""#, num(it.x), num(it.y), it.scale);
    } else if it.x != 0.0 || it.y != 0.0 {
        let _ = write!(out, r#" transform="translate({} {})""#, num(it.x), num(it.y));
    }
    if !it.label.is_empty() {
        let _ = write!(out, r#" role="img" aria-label="{}""#, escape(&it.label));
    }
    out.push('>');
    if !it.title.is_empty() {
        let _ = write!(out, "<title>{}</title>", escape(&it.title));
    }
    for p in &it.prims {
        prim(out, p);
    }
    out.push_str("</g>");
}

/// The scene as a standalone SVG document, with the time and the legend under it.
pub fn render(scene: &Scene) -> String {
    let mut out = String::with_capacity(1024 + scene.items.len() * 400);
    let footer = Footer::new(scene.width, scene.height);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="Cluster at {}"><style>{STYLE}</style>"#,
        escape(&crate::clock(scene.t_ms)),
        w = num(scene.width),
        h = num(scene.height + footer.height()),
    );
    for it in &scene.items {
        item(&mut out, it);
    }
    out.push_str(&footer.clock(scene.t_ms));
    footer.legend(&mut out);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#"<script>"a" & 'b'</script>"#), "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
        assert_eq!(escape("a\u{1}b"), "a\u{fffd}b");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-0.04), "0");
    }
}
