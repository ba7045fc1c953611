//! The `kubectl get pods -w` listings of the official StatefulSet tutorial (spec §J).

use crate::{pod_lines, scenario, simulate_checked};

fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// The four lines of one pod coming up.
fn coming_up(pod: &str) -> Vec<String> {
    lines(&[
        &format!("{pod} 0/1 Pending"),
        &format!("{pod} 0/1 Pending"),
        &format!("{pod} 0/1 ContainerCreating"),
        &format!("{pod} 1/1 Running"),
    ])
}

#[test]
fn j1_ordered_creation_shows_each_pod_in_turn() {
    let timeline = simulate_checked(&scenario("tutorial-create.yaml", 0));
    let expected: Vec<String> = [coming_up("web-0"), coming_up("web-1")].concat();
    assert_eq!(pod_lines(&timeline), expected);
}

#[test]
fn j3_j4_scale_up_in_order_and_down_in_reverse_keeping_claims() {
    let timeline = simulate_checked(&scenario("tutorial-scale.yaml", 0));
    let all = pod_lines(&timeline);
    // Up to 5: web-2, then web-3, then web-4, each all the way up before the next.
    let up: Vec<String> = all.iter().skip(8).take(12).cloned().collect();
    assert_eq!(up, [coming_up("web-2"), coming_up("web-3"), coming_up("web-4")].concat());
    // Down to 3: web-4 goes first and is gone before web-3 starts terminating.
    let down: Vec<String> = all.iter().skip(20).take(6).cloned().collect();
    assert_eq!(
        down,
        lines(&[
            "web-4 1/1 Terminating",
            "web-4 0/1 Terminating",
            "web-4 0/1 Terminating DELETED",
            "web-3 1/1 Terminating",
            "web-3 0/1 Terminating",
            "web-3 0/1 Terminating DELETED",
        ])
    );
    // The claims of web-3 and web-4 are still Bound after the scale-down (§D3) ...
    let at_4m = timeline.state_at(240_000);
    let bound: Vec<&str> = at_4m.claims().filter(|c| c.phase == "Bound").map(|c| &*c.name).collect();
    assert_eq!(bound, ["www-web-0", "www-web-1", "www-web-2", "www-web-3", "www-web-4"]);
    // ... and scaling back to 5 reattaches them: no new volume is provisioned.
    let volumes_at_4m: Vec<String> = at_4m.volumes().map(|v| v.name.to_string()).collect();
    let end = timeline.state_at(timeline.end_ms());
    let volumes_at_end: Vec<String> = end.volumes().map(|v| v.name.to_string()).collect();
    assert_eq!(volumes_at_4m, volumes_at_end);
    assert_eq!(end.pods().filter(|p| p.ready).count(), 5);
    for ordinal in 0..5 {
        let claim = end.claim("default", &format!("www-web-{ordinal}")).expect("claim");
        let pod = end.pod("default", &format!("web-{ordinal}")).expect("pod");
        assert_eq!(pod.claims, [claim.name.clone()].into());
    }
}

#[test]
fn j8_parallel_creation_interleaves() {
    let timeline = simulate_checked(&scenario("parallel.yaml", 0));
    let first: Vec<String> = pod_lines(&timeline).into_iter().take(8).collect();
    let mut sorted = first.clone();
    sorted.sort();
    let mut expected = [coming_up("web-0"), coming_up("web-1")].concat();
    expected.sort();
    assert_eq!(sorted, expected);
    // Both are created, and both wait for their containers, before either runs.
    let position = |line: &str| first.iter().position(|l| l == line).unwrap_or_else(|| panic!("{line} in {first:#?}"));
    assert!(position("web-1 0/1 ContainerCreating") < position("web-0 1/1 Running"), "{first:#?}");
    assert!(position("web-0 0/1 ContainerCreating") < position("web-1 1/1 Running"), "{first:#?}");
}
