//! A whole run as one animated SVG, for slides and pages that cannot run the player: the scenes
//! at each moment something changed, shown one after the other on a loop, with the simulated
//! clock in a corner. SMIL animation (`<animate>`), so it plays in browsers and in anything that
//! shows SVG as an image, with no script.
//!
//! An item that stays the same over several frames is written once, with the times it shows:
//! the file grows with the changes, not with frames × items.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::svg::{self, num, STYLE};
use crate::Scene;

/// One moment and how long it stays on screen, in seconds.
pub struct Frame {
    pub scene: Scene,
    pub seconds: f32,
}

/// At most this many frames: a long run is sampled, keeping its first and last moments.
pub const MAX_FRAMES: usize = 400;
const MIN_SECONDS: f32 = 0.6;
const MAX_SECONDS: f32 = 2.5;
const LAST_SECONDS: f32 = 3.0;

/// When to take a frame and how long to show it: each moment something changed, for its
/// simulated time divided by `speed`, held at least long enough to read and at most a few seconds
/// (a quiet ten minutes need not take ten minutes). The last moment stays a little longer.
pub fn pacing(times: &[u64], speed: f64) -> Vec<(u64, f32)> {
    let mut kept: Vec<u64> = Vec::new();
    let mut distinct: Vec<u64> = std::iter::once(0).chain(times.iter().copied()).collect();
    order::sort(&mut distinct);
    distinct.dedup();
    // Sample evenly by count when there are too many moments.
    let stride = distinct.len().div_ceil(MAX_FRAMES).max(1);
    for (i, t) in distinct.iter().enumerate() {
        if i % stride == 0 || i + 1 == distinct.len() {
            kept.push(*t);
        }
    }
    let speed = if speed.is_finite() && speed > 0.0 { speed } else { 1.0 };
    kept.iter()
        .enumerate()
        .map(|(i, t)| {
            let seconds = match kept.get(i + 1) {
                Some(next) => (((next - t) as f64 / speed / 1000.0) as f32).clamp(MIN_SECONDS, MAX_SECONDS),
                None => LAST_SECONDS,
            };
            (*t, seconds)
        })
        .collect()
}

/// Where a piece of markup shows: from-to pairs in seconds.
type Showings = Vec<(f32, f32)>;

/// The frames as one looping animated SVG document.
pub fn render(frames: &[Frame]) -> String {
    let width = frames.iter().map(|f| f.scene.width).fold(200.0, f32::max);
    let height = frames.iter().map(|f| f.scene.height).fold(100.0, f32::max);
    let total: f32 = frames.iter().map(|f| f.seconds).sum::<f32>().max(0.1);
    // Under the picture: the clock, then the legend (the same in every frame).
    let footer = svg::Footer::new(width, height);
    // Each distinct piece of markup, in first-seen order, with its paint layer and when it shows.
    let mut seen: Vec<String> = Vec::new();
    let mut layers: Vec<u8> = Vec::new();
    let mut shows: Vec<Showings> = Vec::new();
    let mut place: BTreeMap<String, usize> = BTreeMap::new();
    let mut start = 0.0;
    for frame in frames {
        let end = start + frame.seconds;
        let mut pieces: Vec<(u8, String)> = frame
            .scene
            .items
            .iter()
            .map(|it| {
                let mut out = String::new();
                svg::item(&mut out, it);
                (crate::build::layer(&it.target), out)
            })
            .collect();
        pieces.push((u8::MAX, footer.clock(frame.scene.t_ms)));
        for (layer, piece) in pieces {
            let at = match place.get(&piece) {
                Some(at) => *at,
                None => {
                    place.insert(piece.clone(), seen.len());
                    seen.push(piece);
                    layers.push(layer);
                    shows.push(Vec::new());
                    seen.len() - 1
                }
            };
            match shows[at].last_mut() {
                Some(last) if last.1 == start => last.1 = end,
                _ => shows[at].push((start, end)),
            }
        }
        start = end;
    }
    let mut out = String::with_capacity(seen.iter().map(|p| p.len() + 160).sum::<usize>() + 2048);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="A Kubernetes cluster over time, {n} moments, looping"><style>{STYLE}</style><rect width="100%" height="100%" fill="white"/>"#,
        w = num(width),
        h = num(height + footer.height()),
        n = frames.len(),
    );
    // By layer, then first seen: a node box that changes later (its pod count) is written
    // after the pods first seen before it, and drawn over them, unless sorted back under.
    let mut painted: Vec<usize> = (0..seen.len()).collect();
    order::sort_by_key(&mut painted, |&i| layers[i]);
    for (piece, showings) in painted.into_iter().map(|i| (&seen[i], &shows[i])) {
        out.push_str(r#"<g display="none">"#);
        out.push_str(&visibility(showings, total));
        out.push_str(piece);
        out.push_str("</g>");
    }
    footer.legend(&mut out);
    out.push_str("</svg>");
    out
}

/// A discrete `<animate>` of `display` that shows its group during `showings` of each loop.
fn visibility(showings: &Showings, total: f32) -> String {
    if showings.len() == 1 && showings[0].0 <= 0.0 && showings[0].1 >= total {
        return r#"<set attributeName="display" to="inline"/>"#.into();
    }
    let mut values = Vec::new();
    let mut times = Vec::new();
    if showings.first().is_none_or(|s| s.0 > 0.0) {
        values.push("none");
        times.push(0.0);
    }
    for (from, to) in showings {
        values.push("inline");
        times.push(from / total);
        if *to < total {
            values.push("none");
            times.push(to / total);
        }
    }
    let key_times: Vec<String> = times.iter().map(|t| format!("{:.5}", t.clamp(0.0, 1.0))).collect();
    format!(
        r#"<animate attributeName="display" values="{}" keyTimes="{}" dur="{:.2}s" calcMode="discrete" repeatCount="indefinite"/>"#,
        values.join(";"),
        key_times.join(";"),
        total
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Detail, Item, Prim, Target, Tone};

    fn scene(t_ms: u64, names: &[&str]) -> Scene {
        let items = names
            .iter()
            .enumerate()
            .map(|(i, n)| Item {
                id: format!("pod/default/{n}"),
                target: Target::Pod { namespace: "default".into(), name: (*n).into() },
                x: 10.0 * i as f32,
                y: 0.0,
                w: 10.0,
                h: 10.0,
                scale: 1.0,
                tone: Tone::Ok,
                class: String::new(),
                title: String::new(),
                label: String::new(),
                prims: vec![Prim::Text { x: 0.0, y: 0.0, text: (*n).into(), class: "name", anchor: "start" }],
                data: Vec::new(),
            })
            .collect();
        Scene { width: 300.0, height: 200.0, t_ms, detail: Detail::Full, items }
    }

    #[test]
    fn pacing_follows_simulated_time_within_bounds() {
        let p = pacing(&[100, 100, 30_000, 600_000], 16.0);
        assert_eq!(p.iter().map(|f| f.0).collect::<Vec<_>>(), vec![0, 100, 30_000, 600_000]);
        assert_eq!(p[0].1, MIN_SECONDS, "0.1 s of simulated time is held long enough to see");
        assert!((p[1].1 - 29.9 / 16.0).abs() < 1e-3);
        assert_eq!(p[2].1, MAX_SECONDS, "a quiet stretch is shortened");
        assert_eq!(p[3].1, LAST_SECONDS);
    }

    #[test]
    fn long_runs_are_sampled_keeping_both_ends() {
        let times: Vec<u64> = (1..=5_000).map(|i| i * 100).collect();
        let p = pacing(&times, 1.0);
        assert!(p.len() <= MAX_FRAMES + 1, "{}", p.len());
        assert_eq!(p.first().map(|f| f.0), Some(0));
        assert_eq!(p.last().map(|f| f.0), Some(500_000));
    }

    #[test]
    fn a_node_drawn_anew_stays_under_its_pods() {
        // The node's box changes (its pod count) after its pods were first written: it is
        // written before them all the same, so it does not cover them.
        let pod = |t| scene(t, &["web-0"]);
        let node = |t, pods: &str| {
            let mut s = pod(t);
            let mut n = s.items[0].clone();
            n.id = "node/node-1".into();
            n.target = Target::Node("node-1".into());
            n.prims = vec![Prim::Text { x: 0.0, y: 0.0, text: pods.into(), class: "meta", anchor: "start" }];
            s.items.insert(0, n);
            s
        };
        let frames = [
            Frame { scene: node(0, "1 pod"), seconds: 1.0 },
            Frame { scene: node(1000, "2 pods"), seconds: 1.0 },
        ];
        let svg = render(&frames);
        let last_node = svg.rfind(r#"id="node/node-1""#).expect("a node");
        let first_pod = svg.find(r#"id="pod/default/web-0""#).expect("a pod");
        assert!(svg.contains("2 pods") && last_node < first_pod, "{svg}");
    }

    #[test]
    fn an_unchanged_item_is_written_once_with_all_its_time() {
        let frames = vec![
            Frame { scene: scene(0, &["web-0"]), seconds: 1.0 },
            Frame { scene: scene(1_000, &["web-0", "web-1"]), seconds: 1.0 },
            Frame { scene: scene(2_000, &["web-0"]), seconds: 2.0 },
        ];
        let out = render(&frames);
        assert_eq!(out.matches(">web-0</text>").count(), 1, "{out}");
        assert_eq!(out.matches(">web-1</text>").count(), 1);
        // web-0 shows the whole loop; web-1 from 1 s to 2 s of 4 s.
        assert!(out.contains(r#"<g display="none"><set attributeName="display" to="inline"/><g id="pod/default/web-0""#), "{out}");
        assert!(out.contains(r#"values="none;inline;none" keyTimes="0.00000;0.25000;0.50000" dur="4.00s""#), "{out}");
        assert!(out.contains(">t = 0:00.0</text>") && out.contains(">t = 0:02.0</text>"), "a clock per moment: {out}");
        assert!(out.starts_with("<svg") && out.ends_with("</svg>"));
    }

    #[test]
    fn text_stays_text() {
        let frames = vec![Frame { scene: scene(0, &["<script>alert(1)</script>"]), seconds: 1.0 }];
        let out = render(&frames);
        assert!(!out.contains("<script>"));
        assert!(out.contains("&lt;script&gt;"));
    }
}
