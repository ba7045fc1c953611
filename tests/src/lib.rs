//! Ordinal's integration tests: the tutorial's sequences, golden traces of the scenarios in
//! `tests/scenarios/`, the invariant checker over many random runs, determinism, and the CLI on
//! good and bad input. Every simulation here goes through [`simulate_checked`], so the checker
//! sees every step of every run.

use std::path::PathBuf;

use engine::view::{ChangeType, Record, View};
use engine::{Input, Timeline};

#[cfg(test)]
mod behaviour;
#[cfg(test)]
mod cli;
#[cfg(test)]
mod mutations;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod traces;
#[cfg(test)]
mod tutorial;

/// The repository's root folder.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

/// Reads manifests and a scenario; panics with the diagnostics if they have errors.
pub fn load(file: &str, text: &str, seed: u64) -> Input {
    let m = manifest::read(&[manifest::Input { file, text }]);
    assert!(!m.has_errors(), "{file} has errors:\n{}", m.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"));
    Input { objects: m.objects.into_iter().map(|p| p.object).collect(), scenario: m.scenario, seed, until: None }
}

/// Loads a file from `tests/scenarios/`.
pub fn scenario(name: &str, seed: u64) -> Input {
    let path = repo_root().join("tests/scenarios").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    load(name, &text, seed)
}

/// Simulates and checks every invariant; a violation panics with the seed to replay it.
pub fn simulate_checked(input: &Input) -> Timeline {
    let timeline = engine::simulate(input);
    if let Err(v) = engine::check::check(input, &timeline) {
        panic!("invariant broken {v} (seed {}); replay with this seed", input.seed);
    }
    timeline
}

/// The pod changes as `kubectl get pods -w` prints them: `web-0 0/1 Pending`, with `DELETED`
/// appended for deletions.
pub fn pod_lines(timeline: &Timeline) -> Vec<String> {
    timeline
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Change(c) => match &*c.object {
                View::Pod(p) => Some(format!(
                    "{} {}/{} {}{}",
                    p.name,
                    if p.ready { p.containers } else { 0 },
                    p.containers,
                    p.status,
                    if c.change == ChangeType::Deleted { " DELETED" } else { "" }
                )),
                _ => None,
            },
            Record::Event(_) => None,
        })
        .collect()
}

/// The Events with this reason, as `name: message`.
pub fn events(timeline: &Timeline, reason: &str) -> Vec<String> {
    timeline
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Event(e) if e.reason == reason => Some(format!("{}: {}", e.name, e.message)),
            _ => None,
        })
        .collect()
}

/// When a pod first had this status (and readiness).
pub fn first_time(timeline: &Timeline, pod: &str, status: &str, ready: bool) -> Option<u64> {
    timeline.records().iter().find_map(|r| match r {
        Record::Change(c) => match &*c.object {
            View::Pod(p) if *p.name == *pod && p.status == status && p.ready == ready => Some(c.t_ms),
            _ => None,
        },
        Record::Event(_) => None,
    })
}
