//! Ordinal's picture as data.
//!
//! A [`Layout`] is computed once per timeline from its records: where every node, pod slot, claim
//! and volume goes, for the whole run. [`build`] turns the state at one moment into a [`Scene`]: a
//! flat list of [`Item`]s (a pod card, a node box, an edge...), each a group of primitive shapes in
//! its own coordinates, placed at a position. [`svg::render`] writes a scene as standalone SVG
//! text; the web page draws the same items as DOM elements, keyed by [`Item::id`], so that a moved
//! item glides instead of being redrawn.
//!
//! Invariant: this crate knows nothing of the browser. It is pure, deterministic and builds
//! natively and for wasm32; same timeline and state, same scene.

pub mod animation;
mod beside;
mod build;
mod layout;
pub mod svg;

pub use build::{build, ClassInfo, Options};
pub use layout::Layout;

/// How much each thing says: everything at a few pods, numbers and colours at hundreds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Full,
    Compact,
}

/// What an item stands for: what the page acts on when it is chosen.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Node(String),
    /// Pods waiting for a node.
    Unscheduled,
    Pod { namespace: String, name: String },
    StatefulSet { namespace: String, name: String },
    Service { namespace: String, name: String },
    Claim { namespace: String, name: String },
    Volume(String),
    Class(String),
    /// A line between two items: what binds them.
    Edge,
    /// A heading or caption.
    Label,
}

impl Target {
    /// The kind, as the page writes it in `data-kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Node(_) => "node",
            Target::Unscheduled => "lane",
            Target::Pod { .. } => "pod",
            Target::StatefulSet { .. } => "statefulset",
            Target::Service { .. } => "service",
            Target::Claim { .. } => "pvc",
            Target::Volume(_) => "pv",
            Target::Class(_) => "storageclass",
            Target::Edge => "edge",
            Target::Label => "label",
        }
    }
}

/// How a shape is coloured: the page's style sheet maps each to a colour in light and dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Running and Ready, Bound, Ready node.
    Ok,
    /// On its way: Pending, ContainerCreating, provisioning.
    Progress,
    /// Running but not Ready, Released.
    Warn,
    /// Failed, CrashLoopBackOff, Lost, node Unknown.
    Bad,
    /// Terminating, gone soon.
    Muted,
    /// No state to show.
    Plain,
}

/// What the colours of pods say, in the words of the page's legend and of exported pictures'.
pub const LEGEND: [(Tone, &str); 5] = [
    (Tone::Ok, "Running & Ready"),
    (Tone::Progress, "starting"),
    (Tone::Warn, "not ready"),
    (Tone::Bad, "failed"),
    (Tone::Muted, "terminating"),
];

impl Tone {
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Progress => "progress",
            Tone::Warn => "warn",
            Tone::Bad => "bad",
            Tone::Muted => "muted",
            Tone::Plain => "plain",
        }
    }
}

/// A primitive shape, in its item's coordinates. `class` names are the style sheet's.
#[derive(Clone, Debug, PartialEq)]
pub enum Prim {
    Rect { x: f32, y: f32, w: f32, h: f32, rx: f32, class: &'static str },
    Circle { cx: f32, cy: f32, r: f32, class: &'static str },
    /// Text at a baseline; `anchor` is `start`, `middle` or `end`. Never markup: writers escape it.
    Text { x: f32, y: f32, text: String, class: &'static str, anchor: &'static str },
    /// An SVG path (`d` is made here from numbers only, never from input text).
    Path { d: String, class: &'static str },
}

/// One thing in the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Stable across frames and runs: `pod/default/web-0`, `edge/pvc/default/www-web-0`...
    pub id: String,
    pub target: Target,
    /// The item's position; its shapes are drawn relative to it.
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// Drawn at this scale (about its top-left corner): a waiting pod is small in compact detail.
    pub scale: f32,
    pub tone: Tone,
    /// Extra classes for the group (`terminating`, `selected`...), space separated.
    pub class: String,
    /// The tooltip (SVG `<title>`): everything known about it, in words.
    pub title: String,
    /// What a screen reader says (`aria-label`); empty for decoration (edges, captions).
    pub label: String,
    pub prims: Vec<Prim>,
    /// Machine-readable facts (`status`, `node`, `ready`...): the page writes them as `data-*`
    /// attributes, for its actions and for tests.
    pub data: Vec<(&'static str, String)>,
}

impl Item {
    /// Whether a person can choose it (keyboard focus, click).
    pub fn interactive(&self) -> bool {
        !matches!(self.target, Target::Edge | Target::Label)
    }
}

/// The picture of one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub t_ms: u64,
    pub detail: Detail,
    /// In drawing order: boxes, then edges, then what sits on them.
    pub items: Vec<Item>,
}

impl Scene {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// Cuts `text` to at most `max` characters, ending with `…` when cut.
pub fn ellipsize(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `1 pod`, `3 pods`: a count and what it counts, in the plural but for one.
pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Simulated time as the CLI's time column shows it.
pub use engine::printer::clock;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsize_counts_characters() {
        assert_eq!(ellipsize("web-0", 8), "web-0");
        assert_eq!(ellipsize("ééééééé", 4), "ééé…");
    }
}
