//! The picture benchmark: how long a scene takes to build from a state, at 300, 3,000 and
//! 20,000 pods (the most a run may have), each with its claim and volume, on 30 nodes (200 for
//! 20,000: a node runs at most 110 pods). The page
//! builds a scene for every frame it draws while time moves; a cost that grew faster than the
//! picture once froze it for minutes (a look over every attachment for each volume). Prints
//! numbers; asserts only that the scene holds what it claims.
//!
//! `cargo xtask bench` (or `cargo bench -p scene --bench build`).

use std::time::Instant;

include!("../../engine/benches/common/statefulset.rs");

struct Measured {
    /// The median build, ms.
    build_ms: f64,
    layout_ms: f64,
    items: usize,
}

/// 30 nodes, or as many as the pods need at the kubelet's 110 a node (with room to spare: 100).
fn nodes(replicas: u32) -> u32 {
    replicas.div_ceil(100).max(30)
}

/// Builds the scene at the end of the run (every pod Ready, its volume attached) `runs` times.
fn measure(replicas: u32, runs: usize) -> Measured {
    let text = manifest(replicas, "Parallel", nodes(replicas), "");
    let m = manifest::read(&[manifest::Input { file: "bench.yaml", text: &text }]);
    assert!(!m.has_errors(), "{:?}", m.diagnostics);
    let timeline = engine::simulate(&engine::Input {
        objects: m.objects.into_iter().map(|p| p.object).collect(),
        scenario: m.scenario,
        seed: 1,
        until: None,
    });
    let start = Instant::now();
    let layout = scene::Layout::new(timeline.records(), None);
    let layout_ms = start.elapsed().as_secs_f64() * 1e3;
    let state = timeline.state_at(timeline.end_ms());
    assert_eq!(state.pods().filter(|p| p.ready).count(), replicas as usize, "not all Ready at the end");
    assert_eq!(state.attachments().filter(|a| a.attached).count(), replicas as usize, "a volume not attached");
    let options = scene::Options::default();
    let mut times = Vec::with_capacity(runs);
    let mut items = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let scene = scene::build(&state, &layout, &options);
        times.push(start.elapsed().as_secs_f64() * 1e3);
        items = scene.items.len();
    }
    // Each pod, claim and volume is a box of its own.
    assert!(items >= 3 * replicas as usize, "{items} items for {replicas} replicas");
    times.sort_by(f64::total_cmp);
    Measured { build_ms: times[runs / 2], layout_ms, items }
}

fn main() {
    println!("Scene of a StatefulSet, a claim and a volume per pod, all Ready (median build)");
    println!("{:>8} {:>6} {:>8} {:>12} {:>12}", "pods", "nodes", "items", "build ms", "layout ms");
    let mut last: Option<(u32, f64)> = None;
    for (replicas, runs) in [(300, 21), (3_000, 7), (20_000, 3)] {
        let m = measure(replicas, runs);
        let growth = last.map(|(r, t)| format!("   x{:.1} the time for x{:.1} the pods", m.build_ms / t, f64::from(replicas) / f64::from(r)));
        println!("{replicas:>8} {:>6} {:>8} {:>12.2} {:>12.2}{}", nodes(replicas), m.items, m.build_ms, m.layout_ms, growth.unwrap_or_default());
        last = Some((replicas, m.build_ms));
    }
}
