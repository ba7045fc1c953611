//! Ordinal's simulation core: given Kubernetes objects and a scenario, what the cluster's
//! controllers do over simulated time.
//!
//! [`simulate`] runs a deterministic discrete-event simulation: a logical clock that jumps to the
//! next wake-up, controllers that react as the real ones do (each file names the Kubernetes source
//! and the spec sections it follows), and one seeded RNG for every choice. Its [`Timeline`] holds
//! the watch changes and Kubernetes Events in order, and the state at any time.
//!
//! Invariant: this crate is pure. No I/O, no wall clock, no unseeded randomness, nothing of the
//! browser; the same input and seed give the same timeline, byte for byte.

mod attach;
pub mod check;
mod claims;
mod dns;
mod garbage_collector;
mod kubelet;
mod messages;
mod name;
mod nodes;
mod objects;
mod pods;
pub mod printer;
mod rng;
mod scheduler;
mod sim;
mod statefulset;
mod steps;
mod text;
mod timeline;
pub mod timing;
pub mod view;
mod volume_slots;
mod volumes;
mod wake_queue;

pub use dns::DnsRecord;
pub use scheduler::MAX_PODS as MAX_PODS_PER_NODE;
pub use timeline::{Objects, State, StateJson, Timeline};
pub use timing::Timing;

use manifest::{NodeList, Object, Scenario};

/// What to simulate.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The objects, applied at t = 0.
    pub objects: Vec<Object>,
    /// The steps, nodes and timing; a default scenario (three nodes, no steps) if `None`.
    pub scenario: Option<Scenario>,
    pub seed: u64,
    /// Stop after this time (milliseconds) even if more would happen.
    pub until: Option<u64>,
}

/// The most records one run may produce before it is stopped with an issue (a runaway scenario
/// must not exhaust the page's memory).
pub const MAX_RECORDS: usize = 2_000_000;

/// The most replicas one StatefulSet may ask for, and the most nodes a scenario may ask for: far
/// beyond what a picture shows, well within what a browser tab holds.
pub const MAX_REPLICAS: u32 = manifest::MAX_REPLICAS;
pub const MAX_NODES: u32 = 5_000;

/// A step that could not be carried out, or a limit that stopped the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepIssue {
    /// The index of the step in the scenario, if the issue is about one.
    pub step: Option<usize>,
    /// The index in [`Input::objects`] of an object that could not be applied at t = 0.
    pub object: Option<usize>,
    pub t_ms: u64,
    pub message: String,
}

impl StepIssue {
    pub(crate) fn internal(message: String) -> StepIssue {
        StepIssue { step: None, object: None, t_ms: 0, message }
    }
}

/// The nodes a scenario asks for when the input has no Node objects: `node-1` ... `node-N`.
fn scenario_nodes(scenario: &Scenario) -> Vec<manifest::Node> {
    let limit = MAX_NODES as usize;
    let names: Vec<String> = match &scenario.spec.nodes {
        Some(NodeList::Names(names)) => names.iter().take(limit).cloned().collect(),
        Some(NodeList::Count(n)) => (1..=(*n).min(MAX_NODES)).map(|i| format!("node-{i}")).collect(),
        None => (1..=3).map(|i| format!("node-{i}")).collect(),
    };
    names
        .into_iter()
        .map(|name| manifest::Node {
            metadata: manifest::ObjectMeta { name, ..Default::default() },
            ..Default::default()
        })
        .collect()
}

/// Kinds other objects depend on are applied first, as a person would `kubectl apply` them.
fn apply_order(object: &Object) -> u8 {
    match object {
        Object::Namespace(_) => 0,
        Object::Node(_) => 1,
        Object::StorageClass(_) => 2,
        Object::PersistentVolume(_) => 3,
        _ => 4,
    }
}

/// Runs the simulation.
pub fn simulate(input: &Input) -> Timeline {
    let scenario = input.scenario.clone().unwrap_or_default();
    let mut sim = sim::Sim::new(input.seed, scenario.clone());

    let asked = match &scenario.spec.nodes {
        Some(NodeList::Names(names)) => names.len(),
        Some(NodeList::Count(n)) => *n as usize,
        None => 0,
    };
    if asked > MAX_NODES as usize {
        sim.issues.push(StepIssue::internal(format!(
            "the scenario asks for {asked} nodes; Ordinal simulates at most {MAX_NODES}, and made that many"
        )));
    }
    let mut objects: Vec<(Option<usize>, Object)> = input.objects.iter().cloned().enumerate().map(|(i, o)| (Some(i), o)).collect();
    if !objects.iter().any(|(_, o)| matches!(o, Object::Node(_))) {
        objects.extend(scenario_nodes(&scenario).into_iter().map(|n| (None, Object::Node(n))));
    }
    order::sort_by_key(&mut objects, |(_, o)| apply_order(o));
    for (index, object) in objects {
        if let Err(message) = sim.apply_object(object) {
            sim.issues.push(StepIssue { step: None, object: index, t_ms: 0, message });
        }
    }
    let mut last_step = 0;
    for (i, step) in scenario.spec.steps.iter().enumerate() {
        sim.wake_at(step.at.ms(), sim::Wake::Step(i));
        last_step = last_step.max(step.at.ms());
    }
    sim.run(input.until, MAX_RECORDS);

    let cut = sim.pending();
    let last_record = sim.journal.records.last().map_or(0, |r| r.t_ms());
    let end_ms = match input.until {
        Some(u) if cut => u,
        Some(u) => last_record.max(last_step).min(u),
        None => last_record.max(last_step),
    };
    Timeline::new(
        std::mem::take(&mut sim.journal.records),
        std::mem::take(&mut sim.checkpoints),
        std::mem::take(&mut sim.issues),
        end_ms,
        cut,
    )
}
