//! A state and its run's layout become a scene: positions from the layout, looks from the state.

use order::Sorted;

use std::rc::Rc;

use engine::view::{NodeView, PodView, PvView, PvcView, StatefulSetView, REVISION_LABEL};
use engine::State;

use crate::layout::{Lane, Layout, VolumePlace};
use crate::{ellipsize, Detail, Item, Prim, Scene, Target, Tone};

/// What a StorageClass says, from the manifest (the state has no StorageClass objects).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClassInfo {
    pub name: String,
    pub provisioner: String,
    pub binding_mode: String,
    pub reclaim_policy: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Forces a level of detail; by default, chosen from the run's size.
    pub detail: Option<Detail>,
    /// The chosen item: marked, and in compact detail its edges are drawn.
    pub selected: Option<Target>,
    pub classes: Vec<ClassInfo>,
    /// The width a picture in full detail should keep within, in its own units: a narrow box (a
    /// phone, a column of a documentation page) gets fewer nodes per row, the Services under
    /// the StatefulSets and claims in fewer columns, so that it can be drawn at a readable
    /// scale. `None`: the level of detail's own width.
    pub max_width: Option<f32>,
    /// The width over the height of a box of fixed height that the whole picture must fit (a
    /// player told its height): in full detail, the StatefulSets and Services then go in a column
    /// left of the rest when that draws the picture clearly larger there ([`crate::beside`]).
    pub aspect: Option<f32>,
    /// Nodes whose machine the scenario has powered off by now (`failNode`, not yet
    /// `recoverNode`): the API may not know it yet, and the picture says both.
    pub powered_off: Vec<String>,
}

/// Sizes of one level of detail.
struct Metrics {
    margin: f32,
    gap: f32,
    pod_w: f32,
    pod_h: f32,
    node_pad: f32,
    node_head: f32,
    vol_w: f32,
    vol_h: f32,
    set_w: f32,
    set_h: f32,
    service_w: f32,
    class_w: f32,
    max_width: f32,
}

const FULL: Metrics = Metrics {
    margin: 16.0,
    gap: 10.0,
    pod_w: 132.0,
    pod_h: 60.0,
    node_pad: 12.0,
    node_head: 64.0,
    vol_w: 132.0,
    vol_h: 46.0,
    set_w: 220.0,
    set_h: 66.0,
    service_w: 350.0,
    class_w: 170.0,
    max_width: 1180.0,
};

const COMPACT: Metrics = Metrics {
    margin: 16.0,
    gap: 4.0,
    pod_w: 34.0,
    pod_h: 34.0,
    node_pad: 10.0,
    node_head: 44.0,
    vol_w: 30.0,
    vol_h: 16.0,
    set_w: 220.0,
    set_h: 66.0,
    service_w: 340.0,
    class_w: 170.0,
    max_width: 1240.0,
};

/// Claims (with their volumes) side by side in the storage band, however narrow the nodes above.
const MIN_STORAGE_PER_ROW: usize = 4;

/// The narrowest a picture is laid out for, margins left out: a Service card's width and a little.
const NARROWEST: f32 = 370.0;

/// Lines the Service card reserves in compact detail (the rest is counted).
const COMPACT_DNS_LINES: usize = 12;
const FULL_DNS_LINES: usize = 40;

fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

/// The ordinal at the end of a pod's name (`web-12` → `12`).
fn ordinal(name: &str) -> Option<&str> {
    let (_, digits) = name.rsplit_once('-')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Sorts names with their numbers read as numbers: `web-2` before `web-10`.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    let split = |s: &str| -> (String, u64) {
        match s.rsplit_once('-') {
            Some((head, tail)) if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) => {
                (head.to_owned(), tail.parse().unwrap_or(u64::MAX))
            }
            _ => (s.to_owned(), 0),
        }
    };
    split(a).cmp(&split(b)).then_with(|| a.cmp(b))
}

fn pod_tone(p: &PodView) -> Tone {
    if p.terminating || p.status == "Terminating" {
        return Tone::Muted;
    }
    match p.status {
        "Running" if p.ready => Tone::Ok,
        "Running" => Tone::Warn,
        "Pending" | "ContainerCreating" | "PodInitializing" => Tone::Progress,
        "Completed" | "Succeeded" => Tone::Muted,
        _ => Tone::Bad,
    }
}

fn node_tone(n: &NodeView) -> Tone {
    if n.ready != "True" {
        Tone::Bad
    } else if !n.taints.is_empty() || n.unschedulable {
        Tone::Warn
    } else {
        Tone::Ok
    }
}

fn claim_tone(c: &PvcView) -> Tone {
    if c.terminating {
        return Tone::Muted;
    }
    match c.phase {
        "Bound" => Tone::Ok,
        "Lost" => Tone::Bad,
        _ => Tone::Progress,
    }
}

fn volume_tone(v: &PvView) -> Tone {
    if v.terminating {
        return Tone::Muted;
    }
    match v.phase {
        "Bound" => Tone::Ok,
        "Released" => Tone::Warn,
        "Failed" => Tone::Bad,
        "Available" => Tone::Plain,
        _ => Tone::Progress,
    }
}

/// Where the attach/detach controller has each volume: `\nAttached to: node-2`, or
/// `\nAttaching to: node-1` while a VolumeAttachment waits (a single-node volume still attached
/// elsewhere is why a pod shows a Multi-Attach error), a line an attachment. Gathered once for
/// all volumes: looked for volume by volume, 20,000 volumes took minutes.
fn attachment_lines(state: &State) -> Sorted<&str, Vec<String>> {
    order::group(
        state
            .attachments()
            .map(|a| (&*a.volume, format!("\n{} to: {}", if a.attached { "Attached" } else { "Attaching" }, a.node))),
    )
}

fn node_status(n: &NodeView) -> &'static str {
    match n.ready {
        "True" => "Ready",
        "Unknown" => "Unknown",
        _ => "NotReady",
    }
}

/// `node.kubernetes.io/unreachable:NoSchedule` and `...:NoExecute` → `unreachable:NoSchedule/NoExecute`.
fn group_taints(taints: &[String]) -> Vec<String> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for t in taints {
        let (key, effect) = t.rsplit_once(':').unwrap_or((t, ""));
        let key = key.split('=').next().unwrap_or(key);
        let short = key.rsplit_once('/').map(|(_, k)| k).unwrap_or(key).to_owned();
        match groups.iter_mut().find(|(k, _)| *k == short) {
            Some((_, effects)) => effects.push(effect),
            None => groups.push((short, vec![effect])),
        }
    }
    groups.into_iter().map(|(k, e)| if e.iter().all(|e| e.is_empty()) { k } else { format!("{k}:{}", e.join("/")) }).collect()
}

fn text(x: f32, y: f32, s: impl Into<String>, class: &'static str) -> Prim {
    Prim::Text { x, y, text: s.into(), class, anchor: "start" }
}

fn text_end(x: f32, y: f32, s: impl Into<String>, class: &'static str) -> Prim {
    Prim::Text { x, y, text: s.into(), class, anchor: "end" }
}

fn text_mid(x: f32, y: f32, s: impl Into<String>, class: &'static str) -> Prim {
    Prim::Text { x, y, text: s.into(), class, anchor: "middle" }
}

fn rect(w: f32, h: f32, rx: f32, class: &'static str) -> Prim {
    Prim::Rect { x: 0.0, y: 0.0, w, h, rx, class }
}

/// Characters that fit in `width` pixels at about `px` pixels each.
/// Where a node's name starts, the width a character of it is given, and the room its condition
/// and dot take at the right (`NotReady` is the longest).
const NAME_X: f32 = 14.0;
const NAME_PX: f32 = 9.0;
const STATUS_W: f32 = 100.0;
/// A node's width for 24 characters of taints (11 px) and its margins.
const TAINT_LINE_W: f32 = 24.0 + 24.0 * 6.6;

fn fit(width: f32, px: f32) -> usize {
    ((width / px).floor() as usize).max(3)
}

/// Rounds to a tenth: short path data, and the same text for the same numbers.
pub(crate) fn r1(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

/// A smooth vertical curve from the bottom (or top) of `a` to the top (or bottom) of `b`.
fn edge_path(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) -> String {
    let (ax, ay, aw, ah) = a;
    let (bx, by, bw, bh) = b;
    let (x1, y1, x2, y2) = if ay + ah <= by { (ax + aw / 2.0, ay + ah, bx + bw / 2.0, by) } else { (ax + aw / 2.0, ay, bx + bw / 2.0, by + bh) };
    let dy = ((y2 - y1) / 2.0).abs().max(12.0) * if y2 >= y1 { 1.0 } else { -1.0 };
    format!("M{} {}C{} {} {} {} {} {}", r1(x1), r1(y1), r1(x1), r1(y1 + dy), r1(x2), r1(y2 - dy), r1(x2), r1(y2))
}

/// How a pod's edge reaches its claim when a curve straight down would cross other boxes.
struct Detour {
    /// Left or right of the nodes, whichever the pod is nearer.
    side: f32,
    /// A line between the nodes and the storage.
    bus: f32,
    /// Right of the nodes and of the storage: the way down to a claim below the first row of
    /// claims, entered from its right.
    right: f32,
    /// For a pod waiting in the top band, between the StatefulSets and the Services: the line
    /// under the band it first goes down to (in the full detail's 10-unit gap beside it), rather
    /// than out of its side across them.
    under: Option<f32>,
    /// How far over a claim below the first row the line runs to reach it from above, where the
    /// rows of claims stand far enough apart (full detail); else it enters the claim's side.
    above: Option<f32>,
}

/// The path from pod `a` to claim `b` along `way`: out of the pod's side (or down the gap beside
/// it, `under`), to the bus, then into the claim's top if it stands in the first row
/// (`first_row`), else down the right and into the claim from above (`above`) or its side.
fn detour(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32), way: &Detour, first_row: bool) -> String {
    let (ax, ay, aw, ah) = a;
    let (bx, by, bw, bh) = b;
    let x = way.side;
    let mut d = match way.under {
        // Down the gap left of the pod (half a gap; the lane's padding left of its first
        // column), clear of the pods below it in the lane.
        Some(under) => format!("M{} {}H{}V{}H{}V{}", r1(ax), r1(ay + ah / 2.0), r1(ax - 5.0), r1(under), r1(x), r1(way.bus)),
        None => format!("M{} {}H{}V{}", r1(if x < ax { ax } else { ax + aw }), r1(ay + ah / 2.0), r1(x), r1(way.bus)),
    };
    if first_row {
        d.push_str(&format!("H{}V{}", r1(bx + bw / 2.0), r1(by)));
    } else if let Some(above) = way.above {
        // Along the gap over the claim's row, into its top: from its side the line crossed
        // the claims right of it in that row.
        d.push_str(&format!("H{}V{}H{}V{}", r1(way.right), r1(by - above), r1(bx + bw / 2.0), r1(by)));
    } else {
        d.push_str(&format!("H{}V{}H{}", r1(way.right), r1(by + bh / 2.0), r1(bx + bw)));
    }
    d
}

/// Where an item is painted, bottom first: the order `build` lists them in (nodes, lanes and
/// labels; edges; StatefulSets, Services, claims, volumes and classes; pods). A drawing that
/// writes items in another order (an animation writes each once, in first-seen order) sorts by
/// this, so that a node drawn anew still lies under its pods.
pub(crate) fn layer(target: &Target) -> u8 {
    match target {
        Target::Node(_) | Target::Unscheduled | Target::Label => 0,
        Target::Edge => 1,
        Target::StatefulSet { .. } | Target::Service { .. } | Target::Claim { .. } | Target::Volume(_) | Target::Class(_) => 2,
        Target::Pod { .. } => 3,
    }
}

/// The scene of `state`, placed by `layout` (the layout of the run the state comes from).
pub fn build(state: &State, layout: &Layout, options: &Options) -> Scene {
    let max_cap = layout.capacity.iter().filter(|(l, _)| l.is_some()).map(|(_, c)| *c).max().unwrap_or(0);
    let detail = options.detail.unwrap_or(if layout.max_pods <= 24 && max_cap <= 8 && layout.nodes.len() <= 12 {
        Detail::Full
    } else {
        Detail::Compact
    });
    let m = if detail == Detail::Full { &FULL } else { &COMPACT };
    let full = detail == Detail::Full;

    // Pods by lane, with their slots; pods the layout does not know take free slots.
    let mut placed: Vec<(Lane, (usize, &PodView))> = Vec::new();
    let mut unplaced: Vec<&PodView> = Vec::new();
    for p in state.pods() {
        let lane: Lane = p.node.as_deref().map(str::to_owned);
        match layout.pod_slot(&key(&p.namespace, &p.name), &lane, state.t_ms) {
            Some(slot) => placed.push((lane, (slot, p))),
            None => unplaced.push(p),
        }
    }
    let mut lanes: Sorted<Lane, Vec<(usize, &PodView)>> = order::group(placed);
    for p in unplaced {
        let pods = lanes.get_or_insert_with(p.node.as_deref().map(str::to_owned), Vec::new);
        let slot = (0..).find(|s| !pods.iter().any(|(used, _)| used == s)).unwrap_or(0);
        pods.push((slot, p));
    }
    let lane_need = |lane: &Lane| -> usize {
        let cap = layout.capacity.get(lane).copied().unwrap_or(0);
        let now = lanes.get(lane).map(|v| v.iter().map(|(s, _)| s + 1).max().unwrap_or(0)).unwrap_or(0);
        cap.max(now)
    };

    // Nodes: the layout's order, then any the layout does not know.
    let nodes: Sorted<&str, &NodeView> = state.nodes().map(|n| (&*n.name, n)).collect();
    let node_order = known_then_new(&layout.nodes, nodes.keys().copied());
    let cap = node_order.iter().map(|n| lane_need(&Some(n.clone()))).max().unwrap_or(0).max(1);
    let pod_cols = if full {
        cap.min(2)
    } else {
        ((cap as f32).sqrt().ceil() as usize).max(3)
    };
    let pod_rows = cap.div_ceil(pod_cols);
    let local_max = layout.local_slots.values().copied().max().unwrap_or(0);
    let local_rows = local_max.div_ceil(pod_cols);
    let node_w = 2.0 * m.node_pad + pod_cols as f32 * m.pod_w + (pod_cols as f32 - 1.0) * m.gap;
    // A node is also wide enough for its name (up to 16 characters) beside its condition
    // (`NotReady` and its dot): with one pod column, `node-1` met `Unknown`, and 300 pods on 30
    // nodes read `node-…` twenty-one times. In full detail also for a taint line such as
    // `out-of-service:NoExecute`.
    let longest = node_order.iter().map(|n| n.chars().count()).max().unwrap_or(0).min(16) as f32;
    let node_w = node_w.max(NAME_X + longest * NAME_PX + STATUS_W);
    let node_w = if full { node_w.max(TAINT_LINE_W) } else { node_w };
    let local_band = if local_rows > 0 { 20.0 + local_rows as f32 * (m.vol_h + m.gap) } else { 0.0 };
    let node_h = m.node_head + pod_rows as f32 * (m.pod_h + m.gap) - m.gap + m.node_pad + local_band;
    // The width the picture's parts share, margins left out. A box's width narrows full detail
    // only: compact detail is the overview of hundreds of pods, drawn small on purpose.
    let width_cap = options.max_width.filter(|_| full);
    let room = width_cap.map_or(m.max_width, |w| (w - 2.0 * m.margin).clamp(NARROWEST, m.max_width));
    let grid_cols = (((room + m.gap) / (node_w + m.gap)).floor() as usize).clamp(1, node_order.len().max(1));
    let grid_w = grid_cols as f32 * (node_w + m.gap) - m.gap;

    let mut items: Vec<Item> = Vec::new();
    let mut edges: Vec<Item> = Vec::new();
    let mut pods_items: Vec<Item> = Vec::new();
    let mut cards: Vec<Item> = Vec::new();
    // Every box's rectangle by item id, for the edges drawn last.
    let mut rects: Vec<(String, (f32, f32, f32, f32))> = Vec::new();
    let selected = options.selected.as_ref();
    let mark = |t: &Target, class: &mut String| {
        if Some(t) == selected {
            if !class.is_empty() {
                class.push(' ');
            }
            class.push_str("selected");
        }
    };

    // Top band: StatefulSets.
    let top = m.margin;
    let sets: Sorted<String, &StatefulSetView> = state.stateful_sets().map(|s| (key(&s.namespace, &s.name), s)).collect();
    let set_order = known_then_new(&layout.sets, sets.keys().map(String::as_str));
    // In full detail the Services sit in the top band, right of the StatefulSets; in compact
    // detail, right of everything (their DNS lists are long).
    let services: Sorted<String, &engine::view::ServiceView> =
        state.services().filter(|s| s.headless).map(|s| (key(&s.namespace, &s.name), s)).collect();
    let service_order = known_then_new(&layout.services, services.keys().map(String::as_str));
    let service_count = service_order.len();
    // Without room for a StatefulSet beside the Services, the Services go under the StatefulSets.
    let stacked = service_count > 0 && width_cap.is_some() && room < m.set_w + 24.0 + m.service_w;
    let band_w = if stacked {
        room
    } else if full && service_count > 0 {
        (grid_w - m.service_w - 24.0).max(m.set_w)
    } else {
        grid_w.max(m.set_w)
    };
    let sets_per_row = (((band_w + m.gap) / (m.set_w + m.gap)).floor() as usize).max(1);
    let set_rows = set_order.len().div_ceil(sets_per_row).max(1);
    for (i, k) in set_order.iter().enumerate() {
        let Some(s) = sets.get(k) else { continue };
        let (x, y) = (m.margin + (i % sets_per_row) as f32 * (m.set_w + m.gap), top + (i / sets_per_row) as f32 * (m.set_h + m.gap));
        let target = Target::StatefulSet { namespace: s.namespace.to_string(), name: s.name.to_string() };
        let tone = if s.terminating {
            Tone::Muted
        } else if s.ready_replicas == s.spec_replicas {
            Tone::Ok
        } else {
            Tone::Progress
        };
        let mut class = if s.terminating { "terminating".to_owned() } else { String::new() };
        mark(&target, &mut class);
        let ready = format!("{}/{}", s.ready_replicas, s.spec_replicas);
        // Mid rolling update (the revisions differ): how far it got, as `kubectl rollout status`
        // says it ("waiting for statefulset rolling update to complete N pods at revision R").
        let updating = s.updating();
        let meta = if updating {
            format!("rolling update {}/{}", s.updated_replicas, s.spec_replicas)
        } else {
            format!("{} · svc {}", s.pod_management_policy, s.service_name)
        };
        let rollout = if updating {
            format!(
                "\nRolling update: {} of {} pods at revision {} (from {})",
                s.updated_replicas, s.spec_replicas, s.update_revision, s.current_revision
            )
        } else {
            String::new()
        };
        cards.push(Item {
            id: format!("sts/{k}"),
            target,
            x,
            y,
            w: m.set_w,
            h: m.set_h,
            scale: 1.0,
            data: vec![("name", s.name.to_string()), ("replicas", s.spec_replicas.to_string()), ("ready", s.ready_replicas.to_string())],
            tone,
            class,
            title: format!(
                "StatefulSet {k}\nReady: {ready}\nReplicas: {} (current {}, updated {}){rollout}\nPod management: {}\nService: {}\nClaim templates: {}",
                s.replicas,
                s.current_replicas,
                s.updated_replicas,
                s.pod_management_policy,
                s.service_name,
                if s.claim_templates.is_empty() { "none".to_owned() } else { s.claim_templates.join(", ") }
            ),
            label: format!("StatefulSet {}, {} of {} ready", s.name, s.ready_replicas, s.spec_replicas),
            prims: vec![
                rect(m.set_w, m.set_h, 10.0, "card"),
                Prim::Rect { x: 0.0, y: 0.0, w: 6.0, h: m.set_h, rx: 3.0, class: "stripe" },
                text(16.0, 20.0, "StatefulSet", "caption"),
                text(16.0, 42.0, ellipsize(&s.name, 16), "title"),
                text(16.0, 58.0, ellipsize(&meta, 26), if updating { "meta updating" } else { "meta" }),
                text_end(m.set_w - 14.0, 20.0, "READY", "caption"),
                text_end(m.set_w - 14.0, 48.0, ready, "big"),
            ],
        });
    }
    let reserved = if full { layout.max_pods.min(FULL_DNS_LINES) } else { layout.max_pods.min(COMPACT_DNS_LINES) + 1 };
    let line_h = 16.0;
    let svc_h = 56.0 + reserved.max(1) as f32 * line_h;
    let sets_h = set_rows as f32 * (m.set_h + m.gap);
    let band_h = if stacked {
        sets_h + service_count as f32 * (svc_h + m.gap)
    } else if full && service_count > 0 {
        (service_count as f32 * (svc_h + m.gap)).max(sets_h)
    } else {
        sets_h
    };
    // Pods without a node wait in a lane: in full detail beside the StatefulSets, where the top
    // band has room for two of them side by side (a row of the picture's height saved, and a
    // lane that is empty most of the time costs nothing), else in a band of its own.
    let unscheduled_need = lane_need(&None);
    let lane_scale = if full { 1.0 } else { 0.5 };
    let (pw, ph, pg) = (m.pod_w * lane_scale, m.pod_h * lane_scale, m.gap * lane_scale.max(0.75));
    let lane_head = if full { 30.0 } else { 26.0 };
    let lane_rows = |w: f32| {
        let per_row = (((w - 2.0 * m.node_pad + pg) / (pw + pg)).floor() as usize).max(1);
        (per_row, unscheduled_need.div_ceil(per_row))
    };
    let lane_h = |rows: usize| lane_head + rows as f32 * (ph + pg) - pg + m.node_pad;
    let sets_w = set_order.len().min(sets_per_row) as f32 * (m.set_w + m.gap);
    let beside_w = band_w - sets_w;
    let beside = full && !stacked && set_rows == 1 && unscheduled_need > 0 && beside_w >= 2.0 * m.node_pad + 2.0 * pw + pg;
    let band_h = if beside { band_h.max(lane_h(lane_rows(beside_w).1) + m.gap) } else { band_h };
    let mut y = top + band_h + 14.0;

    // A StatefulSet mid-update (or stopped in one, by a partition or `OnDelete`): the revision its
    // pods are updated to, by set. A pod of another revision is marked old.
    let updating: Sorted<String, Rc<str>> = sets
        .values()
        .filter(|s| s.updating())
        .map(|s| (key(&s.namespace, &s.name), s.update_revision.clone()))
        .collect();

    // Pods without a node.
    let pod_item = |p: &PodView, x: f32, y: f32| -> Item {
        let target = Target::Pod { namespace: p.namespace.to_string(), name: p.name.to_string() };
        let tone = pod_tone(p);
        let mut class = if p.terminating { "terminating".to_owned() } else { String::new() };
        mark(&target, &mut class);
        // kubectl's READY: the containers the kubelet last reported ready (on a silent node the
        // pod is not Ready, its ○, while its containers still read 1/1, as kubectl shows).
        let ready_text = format!("{}/{}", if p.containers_ready { p.containers } else { 0 }, p.containers);
        let unheard = if p.containers_ready && !p.ready {
            "\nNot Ready: the node controller marked it when its node stopped reporting (its containers' last report still says ready)"
        } else {
            ""
        };
        let dns = if !p.subdomain.is_empty() && !p.hostname.is_empty() {
            format!("\nDNS: {}.{}.{}.svc.cluster.local", p.hostname, p.subdomain, p.namespace)
        } else {
            String::new()
        };
        let own = p.labels.get(REVISION_LABEL);
        let update = p.controlled_by.as_ref().filter(|_| !updating.is_empty()).and_then(|s| updating.get(&key(&p.namespace, s)));
        let old = matches!((&own, update), (Some(own), Some(update)) if **own != **update);
        let rev_line = match (&own, update) {
            (Some(own), Some(update)) if old => format!("\nRevision: {own} (old: the set updates its pods to {update})"),
            (Some(own), Some(_)) => format!("\nRevision: {own} (updated)"),
            (Some(own), None) => format!("\nRevision: {own}"),
            (None, _) => String::new(),
        };
        let title = format!(
            "Pod {}/{}\nStatus: {} (phase {}), READY {}{unheard}\nNode: {}\nIP: {}\nRestarts: {}\nClaims: {}{}{}{rev_line}",
            p.namespace,
            p.name,
            p.status,
            p.phase,
            ready_text,
            p.node.as_deref().unwrap_or("none yet"),
            p.ip.as_deref().unwrap_or("none"),
            p.restarts,
            if p.claims.is_empty() { "none".to_owned() } else { p.claims.join(", ") },
            dns,
            p.controlled_by.as_ref().map(|s| format!("\nControlled by: StatefulSet {s}")).unwrap_or_default(),
        );
        let label = format!(
            "Pod {}, {}{}, {}{}{}",
            p.name,
            p.status,
            if old { ", old revision" } else { "" },
            if p.ready { "ready" } else { "not ready" },
            p.node.as_ref().map(|n| format!(", on {n}")).unwrap_or_default(),
            if p.restarts > 0 { format!(", {} restarts", p.restarts) } else { String::new() }
        );
        let ord = ordinal(&p.name).unwrap_or("");
        let prims = if full {
            let mut prims = vec![
                rect(m.pod_w, m.pod_h, 9.0, "card"),
                Prim::Rect { x: 0.0, y: 0.0, w: 40.0, h: m.pod_h, rx: 9.0, class: "ordinal-bg" },
                Prim::Rect { x: 30.0, y: 0.0, w: 10.0, h: m.pod_h, rx: 0.0, class: "ordinal-bg" },
                text_mid(20.0, 39.0, ellipsize(if ord.is_empty() { "·" } else { ord }, 3), "ordinal"),
                text(48.0, 19.0, ellipsize(&p.name, 11), "name"),
                // Not yet updated, in a StatefulSet's update: said after the status (the pods a
                // rolling update has not reached run on beside the new ones).
                text(48.0, 36.0, ellipsize(&if old { format!("{} · old", p.status) } else { p.status.to_owned() }, 14), "status"),
                // Readiness is the ✓ or ○ here and the card's colour: a dot in the corner as well
                // sat under names of ten letters and more (`postgres-0`).
                text(48.0, 52.0, format!("{} {ready_text}", if p.ready { "✓" } else { "○" }), "meta"),
            ];
            if p.restarts > 0 {
                prims.push(text_end(m.pod_w - 8.0, 52.0, format!("↻{}", p.restarts), "restarts"));
            }
            prims
        } else {
            let mut prims = vec![
                rect(m.pod_w, m.pod_h, 6.0, "tile"),
                text_mid(m.pod_w / 2.0, m.pod_h / 2.0 + 4.5, ellipsize(if ord.is_empty() { "·" } else { ord }, 4), "tile-text"),
            ];
            if p.ready {
                prims.push(Prim::Circle { cx: m.pod_w - 6.0, cy: 6.0, r: 3.0, class: "dot on" });
            }
            if p.restarts > 0 {
                prims.push(Prim::Circle { cx: 6.0, cy: m.pod_h - 6.0, r: 3.0, class: "dot restart" });
            }
            prims
        };
        Item {
            id: format!("pod/{}/{}", p.namespace, p.name),
            target,
            x,
            y,
            w: m.pod_w,
            h: m.pod_h,
            scale: 1.0,
            data: vec![
                ("name", p.name.to_string()),
                ("status", p.status.to_owned()),
                ("ready", p.ready.to_string()),
                ("node", p.node.as_deref().unwrap_or_default().to_owned()),
                ("claims", p.claims.join(" ")),
                ("restarts", p.restarts.to_string()),
                ("uid", p.uid.to_string()),
            ],
            tone,
            class,
            title,
            label,
            prims,
        }
    };

    if unscheduled_need > 0 {
        // Waiting pods are drawn at half size in compact detail: hundreds may wait at once.
        let (lane_x, lane_y, lane_w) = if beside { (m.margin + sets_w, top, beside_w) } else { (m.margin, y, grid_w) };
        let (per_row, rows) = lane_rows(lane_w);
        let (head, h) = (lane_head, lane_h(rows));
        let waiting = lanes.get(&None).map(Vec::len).unwrap_or(0);
        items.push(Item {
            id: "lane/unscheduled".into(),
            target: Target::Unscheduled,
            x: lane_x,
            y: lane_y,
            w: lane_w,
            h,
            scale: 1.0,
            data: Vec::new(),
            tone: Tone::Plain,
            class: "lane".into(),
            title: format!("Pods the scheduler has not placed on a node yet: {waiting}"),
            label: format!("Not scheduled yet: {}", crate::count(waiting, "pod")),
            prims: vec![
                Prim::Rect { x: 0.0, y: 0.0, w: lane_w, h, rx: 12.0, class: "lane-box" },
                text(14.0, 20.0, "Not scheduled yet", "caption"),
            ],
        });
        if let Some(pods) = lanes.get(&None) {
            for (slot, p) in pods {
                let (col, row) = (slot % per_row, slot / per_row);
                let px = lane_x + m.node_pad + col as f32 * (pw + pg);
                let py = lane_y + head + row as f32 * (ph + pg);
                let mut it = pod_item(p, px, py);
                it.scale = lane_scale;
                rects.push((it.id.clone(), (px, py, pw, ph)));
                pods_items.push(it);
            }
        }
        if !beside {
            y += h + 14.0;
        }
    }

    // Nodes, with their pods and local volumes.
    let grid_top = y;
    let mut node_pos: Vec<(String, (f32, f32))> = Vec::new();
    for (i, name) in node_order.iter().enumerate() {
        let (nx, ny) = (m.margin + (i % grid_cols) as f32 * (node_w + m.gap), grid_top + (i / grid_cols) as f32 * (node_h + m.gap));
        node_pos.push((name.clone(), (nx, ny)));
        let Some(n) = nodes.get(name.as_str()) else { continue };
        let target = Target::Node(name.clone());
        let mut class = "node".to_owned();
        mark(&target, &mut class);
        let off = options.powered_off.iter().any(|o| **o == *n.name);
        if off {
            class.push_str(" off");
        }
        let status = node_status(n);
        let mut taints = group_taints(&n.taints);
        if n.unschedulable {
            taints.insert(0, "SchedulingDisabled".into());
        }
        let on_node = lanes.get(&Some(name.clone())).map(Vec::len).unwrap_or(0);
        // At the kubelet's limit the scheduler places nothing more here: said, not left to a count.
        let full_node = on_node >= engine::MAX_PODS_PER_NODE as usize;
        let mut prims = vec![
            rect(node_w, node_h, 12.0, "node-box"),
            text(NAME_X, 22.0, ellipsize(&n.name, fit(node_w - NAME_X - STATUS_W, NAME_PX)), "node-name"),
            Prim::Circle { cx: node_w - 14.0, cy: 17.0, r: 5.0, class: "node-dot" },
            text_end(node_w - 24.0, 21.0, status, "node-status"),
        ];
        let second = if off && n.ready == "True" {
            // Off, and not yet noticed: the lesson of the node-monitor grace period.
            "powered off · API not told yet".to_owned()
        } else if taints.is_empty() {
            let mut s = crate::count(on_node, "pod");
            if full_node {
                s.push_str(" · full");
            }
            if let Some(z) = &n.zone {
                s.push_str(" · ");
                s.push_str(z);
            }
            s
        } else {
            taints.join(", ")
        };
        let line_chars = fit(node_w - 24.0, 6.6);
        // One taint key with two effects that does not fit on a line reads better as two taints
        // (`unreachable:NoSchedule`, `unreachable:NoExecute`) than cut short.
        if full && taints.len() == 1 && taints[0].chars().count() > line_chars && n.taints.len() > 1 {
            taints = n.taints.iter().map(|t| group_taints(std::slice::from_ref(t)).concat()).collect();
        }
        if full && taints.len() > 1 {
            prims.push(text(14.0, 40.0, ellipsize(&taints[0], line_chars), "taints"));
            prims.push(text(14.0, 54.0, ellipsize(&taints[1..].join(", "), line_chars), "taints"));
        } else {
            prims.push(text(14.0, 40.0, ellipsize(&second, line_chars), if taints.is_empty() { "meta" } else { "taints" }));
        }
        // The band is as tall on every node (the grid stays even); its caption only where
        // volumes stand.
        if layout.local_slots.get(name).is_some_and(|&n| n > 0) {
            prims.push(text(14.0, node_h - local_band + 10.0, "local volumes", "caption"));
        }
        items.push(Item {
            id: format!("node/{name}"),
            target,
            x: nx,
            y: ny,
            w: node_w,
            h: node_h,
            scale: 1.0,
            data: vec![("name", n.name.to_string()), ("ready", n.ready.to_owned()), ("taints", n.taints.join(" ")), ("pods", on_node.to_string())],
            tone: node_tone(n),
            class,
            title: format!(
                "Node {}\nReady condition: {}{}\nTaints: {}{}{}\nPods: {on_node}{}",
                n.name,
                n.ready,
                if off { "\nMachine: powered off by the scenario (the API learns it when the node-monitor grace period ends)" } else { "" },
                if n.taints.is_empty() { "none".to_owned() } else { n.taints.join(", ") },
                if n.unschedulable { "\nUnschedulable (cordoned)" } else { "" },
                n.zone.as_ref().map(|z| format!("\nZone: {z}")).unwrap_or_default(),
                if full_node { format!(" (full: a node runs at most {})", engine::MAX_PODS_PER_NODE) } else { String::new() },
            ),
            label: format!(
                "Node {}, {status}{}{}, {}",
                n.name,
                if off { ", powered off" } else { "" },
                if n.taints.is_empty() { String::new() } else { format!(", tainted {}", taints.join(" and ")) },
                crate::count(on_node, "pod"),
            ),
            prims,
        });
        if let Some(pods) = lanes.get(&Some(name.clone())) {
            for (slot, p) in pods {
                let (col, row) = (slot % pod_cols, slot / pod_cols);
                let px = nx + m.node_pad + col as f32 * (m.pod_w + m.gap);
                let py = ny + m.node_head + row as f32 * (m.pod_h + m.gap);
                let it = pod_item(p, px, py);
                rects.push((it.id.clone(), (px, py, m.pod_w, m.pod_h)));
                pods_items.push(it);
            }
        }
    }
    let node_rows = node_order.len().div_ceil(grid_cols);
    y = grid_top + node_rows as f32 * (node_h + m.gap) - m.gap + 30.0;

    // Storage: classes on the left, claims above their volumes in columns.
    let class_names: Vec<String> = {
        let mut v = layout.classes.clone();
        for c in &options.classes {
            if !v.contains(&c.name) {
                v.push(c.name.clone());
            }
        }
        for c in state.claims().filter_map(|c| c.storage_class.as_deref().map(str::to_owned)).chain(state.volumes().map(|v| v.storage_class.to_string())) {
            if !c.is_empty() && !v.contains(&c) {
                v.push(c);
            }
        }
        v
    };
    let storage_top = y;
    let class_h = 60.0;
    for (i, name) in class_names.iter().enumerate() {
        let info = options.classes.iter().find(|c| &c.name == name);
        let (x, cy) = (m.margin, storage_top + 22.0 + if full { m.vol_h + 34.0 } else { 0.0 } + i as f32 * (class_h + m.gap));
        let target = Target::Class(name.clone());
        let mut class = String::new();
        mark(&target, &mut class);
        // A class that claims name but nothing defines: they stay Pending (ProvisioningFailed).
        let meta = info.map_or_else(|| "not found".to_owned(), |c| c.binding_mode.clone());
        rects.push((format!("class/{name}"), (x, cy, m.class_w, class_h)));
        cards.push(Item {
            id: format!("class/{name}"),
            target,
            x,
            y: cy,
            w: m.class_w,
            h: class_h,
            scale: 1.0,
            data: Vec::new(),
            tone: Tone::Plain,
            class,
            title: match info {
                Some(c) => format!(
                    "StorageClass {}\nProvisioner: {}\nBinding mode: {}\nReclaim policy: {}",
                    c.name, c.provisioner, c.binding_mode, c.reclaim_policy
                ),
                None => format!("StorageClass {name}\nNot found: its claims stay Pending"),
            },
            label: format!("StorageClass {name}"),
            prims: vec![
                rect(m.class_w, class_h, 10.0, if info.is_some() { "card" } else { "card missing" }),
                text(14.0, 18.0, "StorageClass", "caption"),
                text(14.0, 37.0, ellipsize(name, 17), "title"),
                text(14.0, 52.0, ellipsize(&meta, 24), "meta"),
            ],
        });
    }
    let storage_left = m.margin + if class_names.is_empty() { 0.0 } else { m.class_w + 40.0 };
    let storage_w = (grid_w + m.margin - storage_left).max(m.vol_w);
    // Under a narrow grid (one or two nodes), a few claims still sit side by side in full
    // detail, widening the picture rather than stacking into a tall column that a player would
    // have to shrink to fit. (Compact detail keeps the grid's width: its Services sit right of it.)
    let min_per_row = if full { layout.columns.min(MIN_STORAGE_PER_ROW) } else { 1 };
    let mut per_row = (((storage_w + m.gap) / (m.vol_w + m.gap)).floor() as usize).max(min_per_row).max(1);
    if width_cap.is_some() {
        // No wider than the room: claims in fewer columns, more rows.
        per_row = per_row.min((((room + m.margin - storage_left + m.gap) / (m.vol_w + m.gap)).floor() as usize).max(1));
    }
    let storage_right = storage_left + per_row.min(layout.columns.max(1)) as f32 * (m.vol_w + m.gap) - m.gap;
    let pair_h = if full { m.vol_h * 2.0 + 34.0 } else { m.vol_h + 10.0 };
    // Rows of claims stand further apart than a claim from its volume (34), so that a volume
    // reads as its own claim's, not as the next row's.
    let row_gap = if full { 44.0 } else { m.gap };
    let col_pos = |col: usize| -> (f32, f32) {
        (storage_left + (col % per_row) as f32 * (m.vol_w + m.gap), storage_top + 22.0 + (col / per_row) as f32 * (pair_h + row_gap))
    };
    if layout.columns > 0 || state.claims().next().is_some() {
        items.push(Item {
            id: "label/storage".into(),
            target: Target::Label,
            x: m.margin,
            y: storage_top,
            w: 200.0,
            h: 16.0,
            scale: 1.0,
            data: Vec::new(),
            tone: Tone::Plain,
            class: String::new(),
            title: String::new(),
            label: String::new(),
            // The caption is about 380 units long; a narrow picture (nodes and storage under
            // 400 units) says it shorter.
            prims: vec![text(
                0.0,
                12.0,
                if grid_w.max(storage_right - m.margin) < 400.0 { "Storage: class → volume → claim → pod" } else { "Storage: StorageClass → PersistentVolume → claim → pod" },
                "caption",
            )],
        });
    }
    let mut extra_col = layout.columns;
    let claims: Vec<&PvcView> = state.claims().collect();
    for c in &claims {
        let k = key(&c.namespace, &c.name);
        let col = match layout.claims.get(&k) {
            Some(col) => *col,
            None => {
                extra_col += 1;
                extra_col - 1
            }
        };
        let (x, cy) = col_pos(col);
        let target = Target::Claim { namespace: c.namespace.to_string(), name: c.name.to_string() };
        let mut class = if c.terminating { "terminating".to_owned() } else { String::new() };
        mark(&target, &mut class);
        let phase = if c.terminating { "Terminating" } else { c.phase };
        let id = format!("pvc/{k}");
        rects.push((id.clone(), (x, cy, m.vol_w, m.vol_h)));
        let prims = if full {
            vec![
                rect(m.vol_w, m.vol_h, 8.0, "card"),
                Prim::Rect { x: 0.0, y: 0.0, w: 5.0, h: m.vol_h, rx: 2.5, class: "stripe" },
                text(12.0, 17.0, "PVC", "caption"),
                text_end(m.vol_w - 10.0, 17.0, phase, "status"),
                text(12.0, 36.0, ellipsize(&c.name, 15), "name"),
            ]
        } else {
            vec![rect(m.vol_w, m.vol_h, 4.0, "tile"), text_mid(m.vol_w / 2.0, m.vol_h / 2.0 + 3.5, ellipsize(ordinal(&c.name).unwrap_or(""), 4), "tile-text small")]
        };
        cards.push(Item {
            id,
            target,
            x,
            y: cy,
            w: m.vol_w,
            h: m.vol_h,
            scale: 1.0,
            data: vec![("name", c.name.to_string()), ("phase", phase.to_owned()), ("volume", c.volume.as_deref().unwrap_or_default().to_owned())],
            tone: claim_tone(c),
            class,
            title: format!(
                "PersistentVolumeClaim {k}\nStatus: {phase}\nVolume: {}\nCapacity: {}\nAccess modes: {}\nStorageClass: {}{}",
                c.volume.as_deref().unwrap_or("none yet"),
                c.capacity.as_deref().unwrap_or("-"),
                c.access_modes.join(", "),
                c.storage_class.as_deref().unwrap_or("none"),
                c.selected_node.as_ref().map(|n| format!("\nSelected node: {n}")).unwrap_or_default(),
            ),
            label: format!("Claim {}, {phase}{}", c.name, c.volume.as_ref().map(|v| format!(", bound to {v}")).unwrap_or_default()),
            prims,
        });
    }
    let node_pos: Sorted<String, (f32, f32)> = node_pos.into_iter().collect();
    let last_row = node_pos.values().map(|&(_, y)| y).fold(f32::MIN, f32::max);
    // Where the first row of claims stands (`col_pos` of the first column).
    let first_claims = storage_top + 22.0;
    let attachments = attachment_lines(state);
    for v in state.volumes() {
        let place = layout.volumes.get(&*v.name).cloned().unwrap_or_else(|| {
            extra_col += 1;
            VolumePlace::Column(extra_col - 1)
        });
        let (x, vy) = match &place {
            VolumePlace::Column(col) => {
                let (x, cy) = col_pos(*col);
                (x, cy + m.vol_h + if full { 34.0 } else { 2.0 })
            }
            VolumePlace::Local(node, slot) => {
                let (nx, ny) = node_pos.get(node).copied().unwrap_or((m.margin, storage_top));
                let (col, row) = (slot % pod_cols, slot / pod_cols);
                (nx + m.node_pad + col as f32 * (m.vol_w.max(m.pod_w) + m.gap), ny + node_h - local_band + 18.0 + row as f32 * (m.vol_h + m.gap))
            }
        };
        let target = Target::Volume(v.name.to_string());
        let mut class = if v.terminating { "terminating".to_owned() } else { String::new() };
        mark(&target, &mut class);
        let id = format!("pv/{}", v.name);
        let vol_h = if full || matches!(place, VolumePlace::Local(..)) { m.vol_h } else { 8.0 };
        rects.push((id.clone(), (x, vy, m.vol_w, vol_h)));
        let prims = if full {
            vec![
                rect(m.vol_w, m.vol_h, 8.0, "card"),
                Prim::Rect { x: 0.0, y: 0.0, w: 5.0, h: m.vol_h, rx: 2.5, class: "stripe" },
                text(12.0, 17.0, format!("PV · {}", v.capacity), "caption"),
                text_end(m.vol_w - 10.0, 17.0, v.phase, "status"),
                text(12.0, 36.0, ellipsize(&v.name, 15), "name"),
            ]
        } else {
            vec![rect(m.vol_w, 8.0, 3.0, "tile")]
        };
        cards.push(Item {
            id,
            target,
            x,
            y: vy,
            w: m.vol_w,
            h: vol_h,
            scale: 1.0,
            data: vec![("name", v.name.to_string()), ("phase", v.phase.to_owned()), ("claim", v.claim.as_deref().unwrap_or_default().to_owned())],
            tone: volume_tone(v),
            class,
            title: format!(
                "PersistentVolume {}\nStatus: {}\nClaim: {}\nCapacity: {}\nReclaim policy: {}\nStorageClass: {}{}{}",
                v.name,
                v.phase,
                v.claim.as_deref().unwrap_or("none"),
                v.capacity,
                v.reclaim_policy,
                v.storage_class,
                v.node_affinity.as_ref().map(|a| format!("\nNode affinity: {a}")).unwrap_or_default(),
                attachments.get(&*v.name).map(|lines| lines.concat()).unwrap_or_default(),
            ),
            label: format!("Volume {}, {}", v.name, v.phase),
            prims,
        });
    }

    // Edges: pod → claim, claim → volume when bound, class → volume.
    let show_all = full;
    let sel_id = |t: &Target| -> Option<String> {
        match t {
            Target::Pod { namespace, name } => Some(format!("pod/{namespace}/{name}")),
            Target::Claim { namespace, name } => Some(format!("pvc/{namespace}/{name}")),
            Target::Volume(n) => Some(format!("pv/{n}")),
            _ => None,
        }
    };
    let selected_id = selected.and_then(sel_id);
    let wants = |a: &str, b: &str| show_all || selected_id.as_deref() == Some(a) || selected_id.as_deref() == Some(b);
    let rects: Sorted<String, (f32, f32, f32, f32)> = rects.into_iter().collect();
    let claim_by_key: Sorted<String, &PvcView> = claims.iter().map(|c| (key(&c.namespace, &c.name), *c)).collect();
    for p in state.pods() {
        let pid = format!("pod/{}/{}", p.namespace, p.name);
        let Some(pr) = rects.get(&pid).copied() else { continue };
        for claim in p.claims.iter() {
            let ck = key(&p.namespace, claim);
            let cid = format!("pvc/{ck}");
            let (Some(cr), Some(c)) = (rects.get(&cid).copied(), claim_by_key.get(&ck)) else { continue };
            if !wants(&pid, &cid) {
                continue;
            }
            let bound = c.phase == "Bound";
            // A pod above other nodes (waiting for one, or on a node of an upper row) reaches
            // its claim around them, on the nearer side, not across them; a claim under the
            // first row of claims (a narrow picture stacks them) is reached from its right.
            let above = p.node.as_deref().is_none_or(|n| node_pos.get(n).is_some_and(|&(_, ny)| ny < last_row));
            let first_row = cr.1 <= first_claims + 0.5;
            let d = if above || !first_row {
                let left = pr.0 + pr.2 / 2.0 < m.margin + grid_w / 2.0;
                let side = if left { m.margin - 8.0 } else { m.margin + grid_w + 8.0 };
                let (bus, right) = (storage_top - 14.0, m.margin + grid_w.max(storage_right - m.margin) + 8.0);
                // A pod of the last row of nodes, its claim below the first row of claims: down
                // the gap beside it to the bus (out of its side it crossed the pods beside it).
                let under = if beside && p.node.is_none() {
                    Some(grid_top - 7.0)
                } else if !above && full {
                    Some(bus)
                } else {
                    None
                };
                let side = if !above && full { right } else { side };
                let way = Detour { side, bus, right, under, above: full.then_some(12.0) };
                detour(pr, cr, &way, first_row)
            } else {
                edge_path(pr, cr)
            };
            edges.push(edge(format!("edge/use/{}/{}/{claim}", p.namespace, p.name), d, if bound { "edge bound" } else { "edge waiting" }));
        }
    }
    let volume_claims: Sorted<&str, Option<&str>> = state.volumes().map(|v| (&*v.name, v.claim.as_deref())).collect();
    for c in &claims {
        let ck = key(&c.namespace, &c.name);
        let cid = format!("pvc/{ck}");
        let Some(vname) = &c.volume else { continue };
        let vid = format!("pv/{vname}");
        let (Some(cr), Some(vr)) = (rects.get(&cid).copied(), rects.get(&vid).copied()) else { continue };
        let bound = c.phase == "Bound" && volume_claims.get(&**vname).is_some_and(|claim| *claim == Some(ck.as_str()));
        if !bound || !wants(&cid, &vid) {
            continue;
        }
        edges.push(edge(format!("edge/bind/{ck}"), edge_path(cr, vr), "edge bound"));
    }
    if full {
        for v in state.volumes() {
            let (Some(vr), Some(cr)) = (rects.get(&format!("pv/{}", v.name)).copied(), rects.get(&format!("class/{}", v.storage_class)).copied()) else {
                continue;
            };
            if matches!(layout.volumes.get(&*v.name), Some(VolumePlace::Local(..))) {
                continue;
            }
            let bus = vr.1 + vr.3 + 8.0;
            let d = format!("M{} {}H{}V{}H{}V{}", r1(cr.0 + cr.2), r1(cr.1 + cr.3 / 2.0), r1(cr.0 + cr.2 + 14.0), r1(bus), r1(vr.0 + vr.2 / 2.0), r1(vr.1 + vr.3));
            edges.push(edge(format!("edge/class/{}", v.name), d, "edge class"));
        }
    }

    // The headless Services, on the right, with each pod's DNS name.
    let sets_w = set_order.len().min(sets_per_row) as f32 * (m.set_w + m.gap) - m.gap;
    let in_band = if stacked {
        sets_w.max(m.service_w)
    } else if full && service_count > 0 {
        sets_w.max(0.0) + 24.0 + m.service_w
    } else {
        sets_w
    };
    let content_right = m.margin + grid_w.max(in_band);
    let sx = if stacked {
        m.margin
    } else if full {
        content_right - m.service_w
    } else {
        content_right + 24.0
    };
    let dns = state.dns();
    let mut sy = if stacked { top + sets_h } else { top };
    for k in &service_order {
        let Some(s) = services.get(k) else { continue };
        let domain = format!("{}.{}.svc.cluster.local", s.name, s.namespace);
        let suffix = format!(".{domain}");
        let mut names: Vec<(&str, &str)> =
            dns.iter().filter(|r| r.record_type == "A" && r.name.ends_with(&suffix)).map(|r| (r.name.as_str(), r.data.as_str())).collect();
        order::sort_by(&mut names, |a, b| natural(a.0.strip_suffix(&suffix).unwrap_or(a.0), b.0.strip_suffix(&suffix).unwrap_or(b.0)));
        let target = Target::Service { namespace: s.namespace.to_string(), name: s.name.to_string() };
        let mut class = String::new();
        mark(&target, &mut class);
        let mut prims = vec![
            rect(m.service_w, svc_h, 10.0, "card"),
            text(14.0, 20.0, "Service · headless · DNS", "caption"),
            text(14.0, 40.0, ellipsize(&s.name, 30), "title"),
        ];
        let shown = if full { FULL_DNS_LINES } else { COMPACT_DNS_LINES };
        for (i, (name, ip)) in names.iter().take(shown).enumerate() {
            let ly = 60.0 + i as f32 * line_h;
            prims.push(text(14.0, ly, ellipsize(name, fit(m.service_w - 96.0, 6.2)), "dns"));
            prims.push(text_end(m.service_w - 12.0, ly, *ip, "dns-ip"));
        }
        if names.len() > shown {
            prims.push(text(14.0, 60.0 + shown as f32 * line_h, format!("and {} more", names.len() - shown), "meta"));
        }
        if names.is_empty() {
            prims.push(text(14.0, 60.0, "no ready endpoints", "meta"));
        }
        cards.push(Item {
            id: format!("svc/{k}"),
            target,
            x: sx,
            y: sy,
            w: m.service_w,
            h: svc_h,
            scale: 1.0,
            data: Vec::new(),
            tone: Tone::Plain,
            class,
            title: format!(
                "Service {k} (headless)\n{} of ready pods:\n{}",
                crate::count(names.len(), "DNS name"),
                names.iter().take(50).map(|(n, ip)| format!("{n} → {ip}")).collect::<Vec<_>>().join("\n")
            ),
            label: format!("Headless Service {}, {} pod DNS names", s.name, names.len()),
            prims,
        });
        sy += svc_h + m.gap;
    }

    let storage_rows = extra_col.max(1).div_ceil(per_row);
    // The last row is followed by the usual gap, not the wider one between rows.
    let storage_bottom = storage_top + 22.0 + storage_rows as f32 * (pair_h + row_gap) - row_gap + m.gap;
    let class_bottom = storage_top + 22.0 + if full { m.vol_h + 34.0 } else { 0.0 } + class_names.len() as f32 * (class_h + m.gap);
    let height = storage_bottom.max(class_bottom).max(sy) + m.margin;
    let width = if service_order.is_empty() || full { content_right.max(storage_right) + m.margin } else { sx + m.service_w + m.margin };

    // In paint order, as `layer` numbers it: nodes, lanes and labels under the edges, cards over
    // them, pods over their nodes.
    items.extend(edges);
    items.extend(cards);
    items.extend(pods_items);
    let scene = Scene { width: r1(width), height: r1(height), t_ms: state.t_ms, detail, items };
    match options.aspect {
        Some(aspect) if full && width_cap.is_none() && aspect > 0.0 => crate::beside::arrange(scene, aspect, m.margin, m.gap),
        _ => scene,
    }
}

/// The layout's names in its order, then those of `now` it does not know, in theirs (a set
/// lookup: a paste can hold thousands of Services).
fn known_then_new<'a>(known: &[String], now: impl Iterator<Item = &'a str>) -> Vec<String> {
    let seen = crate::layout::listed(known);
    let mut out = known.to_vec();
    out.extend(now.filter(|k| !seen.contains_key(*k)).map(str::to_owned));
    out
}

fn edge(id: String, d: String, class: &'static str) -> Item {
    Item {
        id,
        target: Target::Edge,
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
        scale: 1.0,
        data: Vec::new(),
        tone: Tone::Plain,
        class: String::new(),
        title: String::new(),
        label: String::new(),
        prims: vec![Prim::Path { d, class }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg;

    const EXAMPLE: &str = include_str!("../../../examples/web.yaml");

    fn run(yaml: &str) -> engine::Timeline {
        let m = manifest::read(&[manifest::Input { file: "test.yaml", text: yaml }]);
        assert!(!m.has_errors(), "{:?}", m.diagnostics);
        engine::simulate(&engine::Input {
            objects: m.objects.into_iter().map(|p| p.object).collect(),
            scenario: m.scenario,
            seed: 0,
            until: None,
        })
    }

    fn big(replicas: u32, nodes: u32) -> String {
        format!(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: db}}\nspec:\n  serviceName: db\n  replicas: {replicas}\n  podManagementPolicy: Parallel\n  selector: {{matchLabels: {{app: db}}}}\n  template:\n    metadata: {{labels: {{app: db}}}}\n    spec:\n      containers: [{{name: db, image: postgres}}]\n  volumeClaimTemplates:\n  - metadata: {{name: data}}\n    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}\n---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: standard\n  annotations: {{storageclass.kubernetes.io/is-default-class: \"true\"}}\nprovisioner: ebs.csi.aws.com\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: db}}\nspec: {{clusterIP: None, selector: {{app: db}}, ports: [{{port: 5432, name: pg}}]}}\n---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {{name: big}}\nspec:\n  nodes: {nodes}\n  steps:\n  - {{at: 2m, failNode: node-3}}\n"
        )
    }

    fn scenes(timeline: &engine::Timeline, layout: &Layout) -> Vec<Scene> {
        scenes_with(timeline, layout, &Options::default())
    }

    /// The picture at every moment something changed, and after the last.
    fn scenes_with(timeline: &engine::Timeline, layout: &Layout, options: &Options) -> Vec<Scene> {
        let mut times = timeline.change_times();
        times.push(timeline.end_ms() + 1);
        times.iter().map(|t| build(&timeline.state_at(*t), layout, options)).collect()
    }

    /// Every card and box inside the picture, none overlapping another unless one holds the other.
    fn assert_apart(picture: &Scene) {
        let cards: Vec<&Item> = picture.items.iter().filter(|i| i.target != Target::Edge && i.target != Target::Label).collect();
        for (i, a) in cards.iter().enumerate() {
            assert!(a.x >= 0.0 && a.x + a.w * a.scale <= picture.width, "{} outside the picture", a.id);
            for b in &cards[i + 1..] {
                let apart = a.x + a.w * a.scale <= b.x || b.x + b.w * b.scale <= a.x || a.y + a.h * a.scale <= b.y || b.y + b.h * b.scale <= a.y;
                assert!(apart || inside(a, b) || inside(b, a), "{} overlaps {} at {}", a.id, b.id, picture.t_ms);
            }
        }
    }

    fn inside(inner: &Item, outer: &Item) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w * inner.scale <= outer.x + outer.w
            && inner.y + inner.h * inner.scale <= outer.y + outer.h
    }

    /// Every item keeps its place from one moment to the next, except a pod that changed lanes.
    fn assert_stable(scenes: &[Scene]) {
        for pair in scenes.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert_eq!((a.width, a.height), (b.width, b.height), "the picture changed size at {}", b.t_ms);
            for item in &b.items {
                let Some(before) = a.item(&item.id) else { continue };
                if item.target == Target::Edge || item.target.kind() == "service" {
                    continue;
                }
                if (before.x, before.y) != (item.x, item.y) {
                    assert_eq!(item.target.kind(), "pod", "{} moved at {}", item.id, b.t_ms);
                    let node_of = |s: &Scene, it: &Item| {
                        s.items.iter().filter(|n| matches!(n.target, Target::Node(_) | Target::Unscheduled)).find(|n| inside(it, n)).map(|n| n.id.clone())
                    };
                    assert_ne!(node_of(a, before), node_of(b, item), "{} moved inside its node at {}", item.id, b.t_ms);
                }
            }
        }
    }

    #[test]
    fn the_example_is_stable_and_deterministic() {
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        assert_eq!(layout, Layout::new(run(EXAMPLE).records(), None));
        let all = scenes(&timeline, &layout);
        assert_eq!(all[all.len() - 1].detail, Detail::Full);
        assert_stable(&all);
        // The same moment gives the same picture, whatever was shown before.
        let t = timeline.change_times()[10];
        assert_eq!(build(&timeline.state_at(t), &layout, &Options::default()), all[10]);
    }

    #[test]
    fn a_narrow_box_gets_a_narrow_picture_that_stays_put() {
        // A phone's width: the nodes one under another, the Service under the StatefulSet, the
        // claims in one column; everything inside that width, nothing overlapping, and still
        // no item moving without cause over the whole run.
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        let all = scenes_with(&timeline, &layout, &Options { max_width: Some(420.0), ..Options::default() });
        assert_stable(&all);
        let last = &all[all.len() - 1];
        assert!(last.width <= 420.0 && last.height > last.width, "{} x {}", last.width, last.height);
        let (sts, svc) = (last.item("sts/default/web").expect("set"), last.item("svc/default/nginx").expect("service"));
        assert!(svc.y >= sts.y + sts.h, "the Service under the StatefulSet");
        all.iter().for_each(assert_apart);
        // Without a width, the picture is as before: as wide as its level of detail makes it.
        assert!(scenes(&timeline, &layout).last().is_some_and(|s| s.width > 420.0));
    }

    #[test]
    fn items_come_in_paint_order() {
        // `layer` numbers the order `build` lists items in; the animation sorts by it.
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        for scene in scenes(&timeline, &layout) {
            let layers: Vec<u8> = scene.items.iter().map(|i| layer(&i.target)).collect();
            assert!(layers.windows(2).all(|w| w[0] <= w[1]), "at {}: {layers:?}", scene.t_ms);
            assert!(layers.contains(&0) && layers.contains(&3));
        }
    }

    /// Three replicas on two nodes, one of them deleted and made again.
    fn two_nodes() -> (engine::Timeline, Layout) {
        let timeline = run(&big(3, 2).replace("failNode: node-3", "deletePod: db-1"));
        let layout = Layout::new(timeline.records(), None);
        (timeline, layout)
    }

    #[test]
    fn claims_under_a_narrow_grid_sit_side_by_side() {
        // Two nodes, three claims over the run: one row of claims, not a column of three, and
        // every card inside the picture without overlapping another.
        let (timeline, layout) = two_nodes();
        let all = scenes(&timeline, &layout);
        assert_stable(&all);
        let last_full = all.iter().rev().find(|s| s.items.iter().filter(|i| i.target.kind() == "pvc").count() == 3).expect("three claims");
        let claims: Vec<&Item> = last_full.items.iter().filter(|i| i.target.kind() == "pvc").collect();
        assert!(claims.iter().all(|c| c.y == claims[0].y), "claims in one row: {:?}", claims.iter().map(|c| (c.x, c.y)).collect::<Vec<_>>());
        assert_apart(last_full);
        assert!(last_full.width > last_full.height, "wider than tall: {} x {}", last_full.width, last_full.height);
    }

    #[test]
    fn a_wide_box_of_fixed_height_gets_the_sets_and_services_beside_the_rest() {
        // As the embed page's second player: two nodes, in a box 2.4 times as wide as high.
        let (timeline, layout) = two_nodes();
        let above = scenes(&timeline, &layout);
        let beside = scenes_with(&timeline, &layout, &Options { aspect: Some(2.4), ..Options::default() });
        assert_stable(&beside);
        let fit = |s: &Scene| (2.4 / s.width).min(1.0 / s.height);
        let column = |i: &&Item| matches!(i.target, Target::StatefulSet { .. } | Target::Service { .. });
        for (a, b) in above.iter().zip(&beside) {
            assert_apart(b);
            assert!(b.items.iter().filter(|i| i.target != Target::Edge).all(|i| i.y >= 0.0 && i.y + i.h * i.scale <= b.height), "inside at {}", b.t_ms);
            assert!(fit(b) >= 1.1 * fit(a), "drawn {:.3} rather than {:.3}", fit(b), fit(a));
            let column_right = b.items.iter().filter(column).map(|i| i.x + i.w).fold(0.0, f32::max);
            assert!(b.items.iter().filter(|i| !column(i) && i.target != Target::Edge).all(|i| i.x > column_right), "the rest right of the column");
            // Everything else moved as one, edges with it.
            let (node_a, node_b) = (a.item("node/node-1").expect("node-1"), b.item("node/node-1").expect("node-1"));
            let shift = (node_b.x - node_a.x, node_b.y - node_a.y);
            for item in a.items.iter().filter(|i| !column(i)) {
                let moved = b.item(&item.id).expect("the same items");
                assert_eq!((moved.x - item.x, moved.y - item.y), shift, "{} at {}", item.id, b.t_ms);
            }
            assert_eq!(a.items.len(), b.items.len());
        }
        // A box about as high as wide keeps the picture as it is.
        assert_eq!(scenes_with(&timeline, &layout, &Options { aspect: Some(0.8), ..Options::default() }), above);
    }

    #[test]
    fn pods_sit_inside_their_node_and_do_not_overlap() {
        for (yaml, detail) in [(EXAMPLE.to_owned(), Detail::Full), (big(300, 30), Detail::Compact)] {
            let timeline = run(&yaml);
            let layout = Layout::new(timeline.records(), None);
            for scene in scenes(&timeline, &layout).iter().step_by(7) {
                assert_eq!(scene.detail, detail);
                let state = timeline.state_at(scene.t_ms);
                let pods: Vec<&Item> = scene.items.iter().filter(|i| i.target.kind() == "pod").collect();
                assert_eq!(pods.len(), state.pods().count());
                for p in &pods {
                    let Target::Pod { namespace, name } = &p.target else { unreachable!() };
                    let view = state.pod(namespace, name).expect("pod in state");
                    let lane = match &view.node {
                        Some(n) => format!("node/{n}"),
                        None => "lane/unscheduled".into(),
                    };
                    let lane = scene.item(&lane).expect("lane drawn");
                    assert!(inside(p, lane), "{} outside {} at {}", p.id, lane.id, scene.t_ms);
                    assert!(p.x + p.w <= scene.width && p.y + p.h <= scene.height);
                }
                for (i, a) in pods.iter().enumerate() {
                    for b in &pods[i + 1..] {
                        let (aw, ah, bw, bh) = (a.w * a.scale, a.h * a.scale, b.w * b.scale, b.h * b.scale);
                        let apart = a.x + aw <= b.x || b.x + bw <= a.x || a.y + ah <= b.y || b.y + bh <= a.y;
                        assert!(apart, "{} overlaps {} at {}", a.id, b.id, scene.t_ms);
                    }
                }
            }
        }
    }

    #[test]
    fn three_hundred_pods_are_compact_and_stable() {
        let timeline = run(&big(300, 30));
        let layout = Layout::new(timeline.records(), None);
        let all = scenes(&timeline, &layout);
        assert_stable(&all);
        let last = build(&timeline.state_at(timeline.end_ms()), &layout, &Options::default());
        assert_eq!(last.detail, Detail::Compact);
        assert!(last.width < 1700.0 && last.height < 1800.0, "{} x {}", last.width, last.height);
        // Every node is named in full, `node-30` and the failed `node-3` (Unknown) too.
        let names: Vec<&str> = last
            .items
            .iter()
            .filter(|i| matches!(i.target, Target::Node(_)))
            .flat_map(|i| i.prims.iter().filter_map(|p| match p {
                Prim::Text { text, class: "node-name", .. } => Some(text.as_str()),
                _ => None,
            }))
            .collect();
        assert_eq!(names, (1..=30).map(|n| format!("node-{n}")).collect::<Vec<_>>());
        // No pod-to-claim edges in compact detail, unless one is chosen.
        assert!(!last.items.iter().any(|i| i.id.starts_with("edge/use/")));
        let chosen = Options { selected: Some(Target::Pod { namespace: "default".into(), name: "db-7".into() }), ..Options::default() };
        let with = build(&timeline.state_at(timeline.end_ms()), &layout, &chosen);
        assert!(with.item("edge/use/default/db-7/data-db-7").is_some());
        assert!(with.item("pod/default/db-7").is_some_and(|i| i.class.contains("selected")));
    }

    #[test]
    fn edges_appear_when_binding_happens() {
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        let at = |t| build(&timeline.state_at(t), &layout, &Options::default());
        let start = at(0);
        assert!(start.item("pvc/default/www-web-0").is_some());
        assert!(start.item("edge/bind/default/www-web-0").is_none(), "no volume yet");
        assert!(start.item("edge/use/default/web-0/www-web-0").is_some_and(|e| matches!(&e.prims[0], Prim::Path { class: "edge waiting", .. })));
        let later = at(30_000);
        assert!(later.item("edge/bind/default/www-web-0").is_some());
        assert!(later.item("edge/use/default/web-0/www-web-0").is_some_and(|e| matches!(&e.prims[0], Prim::Path { class: "edge bound", .. })));
        let sts = later.item("sts/default/web").expect("statefulset card");
        assert!(sts.prims.iter().any(|p| matches!(p, Prim::Text { text, .. } if text == "3/3")));
        let svc = later.item("svc/default/nginx").expect("service card");
        assert!(svc.prims.iter().any(|p| matches!(p, Prim::Text { text, .. } if text == "web-0.nginx.default.svc.cluster.local")));
    }

    /// Two local volumes, on node-1 and node-2, for three replicas: `db-2` never finds a node.
    const LOCAL: &str = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: local}\nprovisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-1}\nspec:\n  capacity: {storage: 10Gi}\n  accessModes: [ReadWriteOnce]\n  storageClassName: local\n  local: {path: /mnt/ssd}\n  nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-1]}]}]}}\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv-2}\nspec:\n  capacity: {storage: 10Gi}\n  accessModes: [ReadWriteOnce]\n  storageClassName: local\n  local: {path: /mnt/ssd}\n  nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-2]}]}]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  replicas: 3\n  podManagementPolicy: Parallel\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: postgres}]\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce], storageClassName: local, resources: {requests: {storage: 5Gi}}}\n";

    /// The corners of a path made of `M x y`, then `H x` and `V y` moves.
    fn corners(d: &str) -> Vec<(f32, f32)> {
        let mut at = (0.0, 0.0);
        let mut points = Vec::new();
        // Each command letter starts a part: `M16 40`, `H8`, `V300`...
        let starts: Vec<usize> = d.match_indices(|c: char| c.is_ascii_alphabetic()).map(|(i, _)| i).chain([d.len()]).collect();
        for w in starts.windows(2) {
            let (command, rest) = d[w[0]..w[1]].split_at(1);
            let numbers: Vec<f32> = rest.split_whitespace().map(|n| n.parse().expect("a number")).collect();
            at = match (command, &numbers[..]) {
                ("M", &[x, y]) => (x, y),
                ("H", &[x]) => (x, at.1),
                ("V", &[y]) => (at.0, y),
                other => panic!("not a corner path: {other:?}"),
            };
            points.push(at);
        }
        points
    }

    /// Every pod-to-claim edge that does not go straight down (a pod above other nodes, waiting
    /// for one or on an upper row; a claim below the first row of claims) goes around: no part
    /// of it crosses a box but the pod's own node, the pod and the claim. Every edge of a pod
    /// above other nodes does. Returns how many went around.
    fn assert_edges_around_nodes(scene: &Scene) -> usize {
        let nodes: Vec<&Item> = scene.items.iter().filter(|i| matches!(i.target, Target::Node(_))).collect();
        let last_row = nodes.iter().map(|n| n.y).fold(f32::MIN, f32::max);
        let boxes: Vec<&Item> = scene.items.iter().filter(|i| !matches!(i.target, Target::Edge | Target::Label | Target::Unscheduled)).collect();
        let mut around = 0;
        for edge in scene.items.iter().filter(|i| i.id.starts_with("edge/use/")) {
            let Prim::Path { d, .. } = &edge.prims[0] else { panic!("a path") };
            // `edge/use/NAMESPACE/POD/CLAIM`
            let parts: Vec<&str> = edge.id.split('/').collect();
            let pod = scene.item(&format!("pod/{}/{}", parts[2], parts[3])).expect("the pod");
            let claim = scene.item(&format!("pvc/{}/{}", parts[2], parts[4])).expect("the claim");
            let own = nodes.iter().find(|n| inside(pod, n));
            if d.contains('C') {
                assert!(own.is_some_and(|n| n.y == last_row), "{}: a pod above other nodes goes around at {}", edge.id, scene.t_ms);
                continue;
            }
            let points = corners(d);
            for seg in points.windows(2) {
                let ((x1, y1), (x2, y2)) = (seg[0], seg[1]);
                for b in boxes.iter().filter(|b| b.id != pod.id && b.id != claim.id && own.is_none_or(|o| o.id != b.id)) {
                    let (w, h) = (b.w * b.scale, b.h * b.scale);
                    let apart = x1.max(x2) <= b.x || x1.min(x2) >= b.x + w || y1.max(y2) <= b.y || y1.min(y2) >= b.y + h;
                    assert!(apart, "{}: {d} crosses {} at {}", edge.id, b.id, scene.t_ms);
                }
            }
            let (top, side) = ((r1(claim.x + claim.w / 2.0), r1(claim.y)), (r1(claim.x + claim.w), r1(claim.y + claim.h / 2.0)));
            assert!(points.last().is_some_and(|&p| p == top || p == side), "{} ends on its claim", edge.id);
            around += 1;
        }
        around
    }

    #[test]
    fn a_pod_waiting_above_the_nodes_reaches_its_claim_around_them() {
        let timeline = run(LOCAL);
        let layout = Layout::new(timeline.records(), None);
        let scene = build(&timeline.state_at(timeline.end_ms()), &layout, &Options::default());
        assert!(timeline.state_at(timeline.end_ms()).pod("default", "db-2").is_some_and(|p| p.node.is_none()), "db-2 waits");
        let edge = scene.item("edge/use/default/db-2/data-db-2").expect("db-2's claim edge");
        assert!(matches!(&edge.prims[0], Prim::Path { class: "edge waiting", .. }));
        assert_eq!(assert_edges_around_nodes(&scene), 1);
        // The band for local volumes is on every node; its caption only on those that have some.
        let captioned = |id: &str| scene.item(id).expect(id).prims.iter().any(|p| matches!(p, Prim::Text { text, .. } if text == "local volumes"));
        assert!(captioned("node/node-1") && captioned("node/node-2"));
        assert!(!captioned("node/node-3"), "node-3 has no local volume");
    }

    #[test]
    fn on_a_phone_pods_of_upper_nodes_reach_their_claims_around_the_nodes_below() {
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        let narrow = Options { max_width: Some(420.0), ..Options::default() };
        let around: usize = scenes_with(&timeline, &layout, &narrow).iter().map(assert_edges_around_nodes).sum();
        assert!(around > 0, "some pods stand above other nodes");
        // Claims stacked in rows: each volume stands nearer its own claim than any other.
        let last = build(&timeline.state_at(timeline.end_ms()), &layout, &narrow);
        let claims: Vec<&Item> = last.items.iter().filter(|i| i.id.starts_with("pvc/")).collect();
        // The storage caption fits (at 7 units a character, as Chromium draws it: 378 for 54), also
        // laid out for a 390 px phone's box (340 px) as the page does (its width / 0.7).
        for width in [420.0, 486.0] {
            let picture = build(&timeline.state_at(timeline.end_ms()), &layout, &Options { max_width: Some(width), ..Options::default() });
            let caption = picture.item("label/storage").expect("the storage caption");
            let Prim::Text { text, .. } = &caption.prims[0] else { panic!("a text") };
            assert!(caption.x + text.chars().count() as f32 * 7.0 <= picture.width, "{text:?} is cut at {}", picture.width);
        }
        for pv in last.items.iter().filter(|i| i.id.starts_with("pv/")) {
            let Some((_, own)) = pv.data.iter().find(|(k, _)| *k == "claim") else { continue };
            let gap = |c: &Item| if c.y > pv.y { c.y - (pv.y + pv.h) } else { pv.y - (c.y + c.h) };
            let mine = claims.iter().find(|c| c.id == format!("pvc/{own}")).map(|c| gap(c)).expect("its claim");
            for other in claims.iter().filter(|c| c.id != format!("pvc/{own}") && c.x == pv.x) {
                assert!(mine < gap(other), "{} is nearer {} than its own claim {own}", pv.id, other.id);
            }
        }
        let local = run(LOCAL);
        let local_layout = Layout::new(local.records(), None);
        scenes_with(&local, &local_layout, &narrow).iter().for_each(|s| _ = assert_edges_around_nodes(s));
        // Wide, the three nodes stand in one row: only the edges of pods waiting for a node go
        // around.
        for scene in scenes(&timeline, &layout) {
            let lane = scene.item("lane/unscheduled").expect("the waiting lane");
            let waiting = scene.items.iter().filter(|i| i.target.kind() == "pod" && inside(i, lane)).count();
            assert_eq!(assert_edges_around_nodes(&scene), waiting, "at {}", scene.t_ms);
        }
    }

    #[test]
    fn no_empty_band_at_the_bottom() {
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        for options in [Options::default(), Options { max_width: Some(420.0), ..Options::default() }] {
            // The picture keeps one size for the whole run: the lowest item of any moment.
            let all = scenes_with(&timeline, &layout, &options);
            let lowest = all.iter().flat_map(|s| &s.items).filter(|i| i.target != Target::Edge).map(|i| i.y + i.h * i.scale).fold(0.0, f32::max);
            let height = all[0].height;
            assert!(height <= lowest + FULL.gap + FULL.margin + 0.5, "{} under the lowest item", height - lowest);
        }
    }

    #[test]
    fn pods_wait_beside_the_statefulsets_when_the_top_band_has_room() {
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        let bottom = |i: &Item| i.y + i.h * i.scale;
        for (options, beside) in [(Options::default(), true), (Options { max_width: Some(420.0), ..Options::default() }, false)] {
            let scene = build(&timeline.state_at(60_050), &layout, &options);
            let (lane, set) = (scene.item("lane/unscheduled").expect("the lane"), scene.item("sts/default/web").expect("the set"));
            let waiting = scene.item("pod/default/web-3").expect("web-3 waits for a node");
            assert!(inside(waiting, lane), "web-3 is in the lane");
            let first_node = scene.items.iter().filter(|i| matches!(i.target, Target::Node(_))).map(|i| i.y).fold(f32::MAX, f32::min);
            if beside {
                assert_eq!(lane.y, set.y, "in the top band");
                assert!(lane.x >= set.x + set.w && bottom(lane) < first_node, "right of the set, above the nodes");
                let service = scene.items.iter().find(|i| matches!(i.target, Target::Service { .. })).expect("the Service");
                assert!(lane.x + lane.w <= service.x, "left of the Service");
            } else {
                assert!(lane.y > bottom(set) && bottom(lane) < first_node, "a band of its own on a phone");
            }
        }
    }

    #[test]
    fn edges_of_waiting_pods_and_to_a_second_row_of_claims_cross_no_other_box() {
        // Six pods wait at once, in two rows of the lane: each edge leaves its pod down the gap
        // beside it, not through the pod below.
        let text = include_str!("../../../tests/scenarios/parallel.yaml").replace("replicas: 4}", "replicas: 8}");
        let timeline = run(&text);
        let layout = Layout::new(timeline.records(), None);
        let mut waited = 0;
        for scene in scenes(&timeline, &layout) {
            // Eight claims take two rows: an edge to the second reaches it from above, clear of
            // the claims and volumes beside it, and of the pods beside its own.
            assert_edges_around_nodes(&scene);
            let storage: Vec<&Item> = scene.items.iter().filter(|i| matches!(i.target, Target::Claim { .. } | Target::Volume(_))).collect();
            for edge in scene.items.iter().filter(|i| i.id.starts_with("edge/use/")) {
                let Prim::Path { d, .. } = &edge.prims[0] else { panic!("a path") };
                let claim = format!("pvc/default/{}", edge.id.rsplit('/').next().unwrap_or_default());
                if d.contains('C') {
                    continue;
                }
                for seg in corners(d).windows(2) {
                    let ((x1, y1), (x2, y2)) = (seg[0], seg[1]);
                    for b in storage.iter().filter(|b| b.id != claim) {
                        let apart = x1.max(x2) <= b.x || x1.min(x2) >= b.x + b.w || y1.max(y2) <= b.y || y1.min(y2) >= b.y + b.h;
                        assert!(apart, "{}: {d} crosses {} at {}", edge.id, b.id, scene.t_ms);
                    }
                }
            }
            let lane = scene.item("lane/unscheduled").expect("the lane");
            let pods: Vec<&Item> = scene.items.iter().filter(|i| i.target.kind() == "pod").collect();
            let waiting: Vec<&&Item> = pods.iter().filter(|p| inside(p, lane)).collect();
            waited = waited.max(waiting.len());
            for pod in waiting {
                let Some(edge) = scene.items.iter().find(|i| i.id.starts_with(&format!("edge/use/default/{}/", pod.id.trim_start_matches("pod/default/")))) else { continue };
                let Prim::Path { d, .. } = &edge.prims[0] else { panic!("a path") };
                for seg in corners(d).windows(2) {
                    let ((x1, y1), (x2, y2)) = (seg[0], seg[1]);
                    for b in pods.iter().filter(|b| b.id != pod.id) {
                        let apart = x1.max(x2) <= b.x || x1.min(x2) >= b.x + b.w || y1.max(y2) <= b.y || y1.min(y2) >= b.y + b.h;
                        assert!(apart, "{}: {d} crosses {} at {}", edge.id, b.id, scene.t_ms);
                    }
                }
            }
        }
        assert!(waited > 4, "{waited} waited at most");
    }

    #[test]
    fn a_rolling_update_marks_the_pods_it_has_not_reached() {
        let timeline = run(include_str!("../../../tests/scenarios/rolling-update.yaml"));
        let layout = Layout::new(timeline.records(), None);
        let status = |scene: &Scene, pod: &str| -> String {
            let it = scene.item(&format!("pod/default/{pod}")).expect(pod);
            it.prims.iter().find_map(|p| match p { Prim::Text { text, class: "status", .. } => Some(text.clone()), _ => None }).expect("a status line")
        };
        // At 2:10 web-2 runs the new template, web-1 and web-0 the old one.
        let mid = build(&timeline.state_at(130_000), &layout, &Options::default());
        assert_eq!(status(&mid, "web-0"), "Running · old");
        assert!(!status(&mid, "web-2").contains("old"), "{}", status(&mid, "web-2"));
        let title = &mid.item("pod/default/web-0").expect("web-0").title;
        assert!(title.contains("\nRevision: web-") && title.contains("(old: the set updates its pods to web-"), "{title}");
        assert!(mid.item("pod/default/web-2").expect("web-2").title.contains("(updated)"));
        // The set's card says how far the update got: one of three pods.
        let set = mid.item("sts/default/web").expect("the set");
        assert!(set.prims.iter().any(|p| matches!(p, Prim::Text { text, .. } if text == "rolling update 1/3")));
        assert!(set.title.contains("\nRolling update: 1 of 3 pods at revision web-"), "{}", set.title);
        // Before and after the update nothing is old.
        for t in [60_000, timeline.end_ms()] {
            let scene = build(&timeline.state_at(t), &layout, &Options::default());
            assert!(scene.items.iter().all(|i| !i.title.contains("(old") && !i.title.contains("Rolling update")), "at {t}");
        }
    }

    #[test]
    fn a_failed_node_says_so_and_its_pods_stay() {
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        let scene = build(&timeline.state_at(10 * 60_000), &layout, &Options::default());
        let node = scene.item("node/node-2").expect("node-2");
        assert_eq!(node.tone, Tone::Bad);
        assert!(node.prims.iter().any(|p| matches!(p, Prim::Text { text, .. } if text == "Unknown")));
        assert!(node.prims.iter().any(|p| matches!(p, Prim::Text { text, .. } if text == "unreachable:NoSchedule/NoExecute")));
    }

    #[test]
    fn a_narrow_node_keeps_its_name_clear_of_its_condition() {
        // One pod column (one pod per node): the node is still wide enough for `node-1` and
        // `Unknown` side by side, and its two taints are written whole, one per line.
        let timeline = run(include_str!("../../../tests/scenarios/local-volume.yaml"));
        let layout = Layout::new(timeline.records(), None);
        let scene = build(&timeline.state_at(150_000), &layout, &Options::default());
        let node = scene.item("node/node-1").expect("node-1");
        assert_eq!(node.tone, Tone::Bad);
        let name = node.prims.iter().find_map(|p| match p {
            Prim::Text { text, class: "node-name", x, .. } => Some((text.clone(), *x)),
            _ => None,
        });
        let (name, x) = name.expect("the node's name");
        assert_eq!(name, "node-1");
        let status_end = node.prims.iter().find_map(|p| match p {
            Prim::Text { text, class: "node-status", x, .. } if text == "Unknown" => Some(*x),
            _ => None,
        });
        // The condition is anchored at its end; `NotReady`, the longest, gets STATUS_W less its dot.
        let status_start = status_end.expect("the node's condition") - (STATUS_W - 24.0);
        assert!(x + name.len() as f32 * NAME_PX <= status_start, "name ends past {status_start}");
        let taints: Vec<&str> = node
            .prims
            .iter()
            .filter_map(|p| match p {
                Prim::Text { text, class: "taints", .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(taints, ["unreachable:NoSchedule", "unreachable:NoExecute"]);
    }

    #[test]
    fn a_volume_says_which_node_it_is_attached_to() {
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        let state = timeline.state_at(30_000);
        let node = state.pod("default", "web-0").and_then(|p| p.node.clone()).expect("web-0 runs");
        let scene = build(&state, &layout, &Options::default());
        let pv = scene
            .items
            .iter()
            .find(|i| i.id.starts_with("pv/") && i.data.iter().any(|(k, v)| *k == "claim" && v == "default/www-web-0"))
            .expect("www-web-0's volume");
        assert!(pv.title.contains(&format!("\nAttached to: {node}")), "{}", pv.title);
        assert_eq!(pv.title.matches("Attached to:").count(), 1);
    }

    #[test]
    fn an_edit_keeps_the_previous_places() {
        let before = Layout::new(run(EXAMPLE).records(), None);
        let edited = EXAMPLE.replace("replicas: 5}", "replicas: 4}").replace("nodes: 3", "nodes: [node-3, node-1, node-2, node-4]");
        let after = Layout::new(run(&edited).records(), Some(&before));
        assert_eq!(&after.nodes()[..3], before.nodes());
        assert_eq!(after.nodes()[3], "node-4");
        assert_eq!(after.claims.get("default/www-web-0"), before.claims.get("default/www-web-0"));
    }

    #[test]
    fn claims_made_again_take_the_columns_their_gone_namesakes_left() {
        // Scaled to 5, the scale-up taken out (www-web-3 and -4 go, leaving gaps), then put back:
        // the claims come back into the gaps rather than onto a row of their own.
        let five = Layout::new(run(EXAMPLE).records(), None);
        // (Grouped by node, the later claims sit between the first ones.)
        assert!(five.claims.get("default/www-web-3").is_some_and(|&c| c < 3), "{:?}", five.claims);
        let three = Layout::new(run(&EXAMPLE.replace("replicas: 5}", "replicas: 3}")).records(), Some(&five));
        assert_eq!(three.claims.get("default/www-web-3"), None);
        let again = Layout::new(run(EXAMPLE).records(), Some(&three));
        assert_eq!(again.columns, five.columns);
        let mut columns: Vec<usize> = again.claims.iter().map(|(_, c)| *c).collect();
        columns.sort();
        assert_eq!(columns, (0..5).collect::<Vec<_>>());
        assert_eq!(again.claims.get("default/www-web-0"), five.claims.get("default/www-web-0"));
    }

    #[test]
    fn svg_is_well_formed_and_escapes_names() {
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        let mut scene = build(&timeline.state_at(60_000), &layout, &Options::default());
        scene.items[0].title = "<script>alert('x')</script> & \"q\"".into();
        let text = svg::render(&scene);
        assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(!text.contains("<script>"));
        assert!(text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
        assert_eq!(text.matches("<g ").count(), text.matches("</g>").count());
        assert_eq!(text.matches("<g id=").count(), scene.items.len());
        // Out of the page, the picture keeps its time and what its colours mean.
        assert!(text.contains(r#"class="clock">t = 1:00.0</text>"#), "{text}");
        for (tone, words) in crate::LEGEND {
            let swatch = format!(r#"<g class="tone-{}"><rect class="ordinal-bg""#, tone.as_str());
            assert!(text.contains(&swatch) && text.contains(&format!(">{}</text>", svg::escape(words))), "{words}");
        }
    }

    #[test]
    fn the_legend_under_a_narrow_picture_takes_more_lines_and_stays_inside_it() {
        assert_eq!(svg::Footer::new(1200.0, 0.0).lines(), 1);
        let narrow = svg::Footer::new(360.0, 0.0);
        assert_eq!(narrow.lines(), 2);
        let mut out = String::new();
        narrow.legend(&mut out);
        // Each label's x, in the legend's order.
        let xs: Vec<f32> = out.split("<text x=\"").skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect();
        assert_eq!(xs.len(), crate::LEGEND.len());
        for (x, (_, words)) in xs.iter().zip(crate::LEGEND) {
            assert!(x + words.len() as f32 * 6.2 <= 360.0 - 8.0, "{words} at {x}");
        }
    }

    #[test]
    fn a_full_node_says_it_is_full() {
        let set = |replicas: u32| format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: web}}\nspec:\n  serviceName: web\n  replicas: {replicas}\n  podManagementPolicy: Parallel\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\nspec:\n  nodes: 1\n");
        let words = |replicas: u32| {
            let timeline = run(&set(replicas));
            let layout = Layout::new(timeline.records(), None);
            let scene = build(&timeline.state_at(timeline.end_ms()), &layout, &Options::default());
            let node = scene.item("node/node-1").expect("the node").clone();
            let texts: Vec<String> = node.prims.iter().filter_map(|p| match p { Prim::Text { text, .. } => Some(text.clone()), _ => None }).collect();
            (texts, node.title)
        };
        let (texts, title) = words(111);
        assert!(texts.iter().any(|t| t == "110 pods · full"), "{texts:?}");
        assert!(title.ends_with("Pods: 110 (full: a node runs at most 110)"), "{title}");
        let (texts, title) = words(109);
        assert!(texts.iter().any(|t| t == "109 pods"), "{texts:?}");
        assert!(title.ends_with("Pods: 109"), "{title}");
    }

    #[test]
    fn a_powered_off_node_says_so_before_the_api_knows() {
        // The example fails node-2 at 4m; its Ready condition stays True for the grace period.
        let timeline = run(EXAMPLE);
        let layout = Layout::new(timeline.records(), None);
        let off = Options { powered_off: vec!["node-2".into()], ..Options::default() };
        let node = |t: u64, options: &Options| build(&timeline.state_at(t), &layout, options).item("node/node-2").expect("node-2").clone();
        let texts = |it: &Item| -> Vec<String> { it.prims.iter().filter_map(|p| match p { Prim::Text { text, .. } => Some(text.clone()), _ => None }).collect() };
        let unnoticed = node(4 * 60_000 + 10_000, &off);
        assert!(unnoticed.class.contains("off") && texts(&unnoticed).iter().any(|t| t == "powered off · API not told yet"), "{:?}", texts(&unnoticed));
        assert!(unnoticed.title.contains("Ready condition: True\nMachine: powered off"), "{}", unnoticed.title);
        // Noticed: the taints say the rest; the box stays marked.
        let noticed = node(4 * 60_000 + 41_000, &off);
        assert!(noticed.class.contains("off") && !texts(&noticed).iter().any(|t| t.starts_with("powered off")), "{:?}", texts(&noticed));
        let on = node(4 * 60_000 + 10_000, &Options::default());
        assert!(!on.class.contains("off") && !on.title.contains("Machine"));
    }

    #[test]
    fn ordinals_and_natural_order() {
        assert_eq!(ordinal("web-12"), Some("12"));
        assert_eq!(ordinal("web"), None);
        assert_eq!(ordinal("web-"), None);
        let mut v = vec!["web-10", "web-2", "web-1"];
        v.sort_by(|a, b| natural(a, b));
        assert_eq!(v, ["web-1", "web-2", "web-10"]);
    }
}
