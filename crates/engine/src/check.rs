//! The checker: replays a timeline as an observer would and asserts, after every instant, the
//! guarantees Kubernetes gives for StatefulSets and storage. Tests run it on every simulation.
//!
//! - At most one pod per identity: a pod name is never added while a pod of that name exists.
//! - A volume is bound to at most one claim, and a single-node volume attached to one node.
//! - A ReadWriteOncePod claim is used by at most one pod on a node.
//! - A claim disappears only after it was deleted, and it is only deleted by a user's step or
//!   by its StatefulSet's retention policy.
//! - OrderedReady: pod N+1 is created only while pods start..N exist, are Ready and not
//!   terminating.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::rc::Rc;

use manifest::{Action, Object, StatefulSet};

use crate::timeline::State;
use crate::view::{ChangeType, Kind, Record, View};
use crate::{Input, Timeline};

/// A broken guarantee, at the time it was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub t_ms: u64,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at t={}ms: {}", self.t_ms, self.message)
    }
}

pub fn check(input: &Input, timeline: &Timeline) -> Result<(), Violation> {
    let mut sets: BTreeMap<(String, String), StatefulSet> = BTreeMap::new();
    let mut remember = |o: &Object| {
        if let Object::StatefulSet(s) = o {
            sets.insert((s.metadata.namespace().to_owned(), s.metadata.name.clone()), s.clone());
        }
    };
    input.objects.iter().for_each(&mut remember);
    let mut claim_deletions: BTreeSet<(u64, String, String)> = BTreeSet::new();
    if let Some(scenario) = &input.scenario {
        for step in &scenario.spec.steps {
            match &step.action {
                Action::Apply(o) => remember(o),
                Action::DeletePersistentVolumeClaim(name) => {
                    let (ns, n) = name.split_once('/').unwrap_or(("default", name));
                    claim_deletions.insert((step.at.ms(), ns.to_owned(), n.to_owned()));
                }
                _ => {}
            }
        }
    }

    let mut state = State { t_ms: 0, objects: BTreeMap::new() };
    let mut terminating_claims: BTreeSet<(Rc<str>, Rc<str>)> = BTreeSet::new();
    let mut history = History::default();
    let records = timeline.records();
    let mut i = 0;
    while i < records.len() {
        let t = records[i].t_ms();
        state.t_ms = t;
        while let Some(record) = records.get(i).filter(|r| r.t_ms() == t) {
            i += 1;
            let Record::Change(change) = record else { continue };
            let key = (*change.key).clone();
            let fail = |message: String| Err(Violation { t_ms: t, message });
            history.observe(t, change);
            match change.change {
                ChangeType::Added => {
                    if state.objects.contains_key(&key) {
                        return fail(format!("{} {}/{} added while one of that name exists", key.0.as_str(), key.1, key.2));
                    }
                    if let View::Pod(pod) = &*change.object {
                        check_ordered_creation(&state, pod).or_else(fail)?;
                    }
                }
                ChangeType::Deleted => {
                    if key.0 == Kind::PersistentVolumeClaim && !terminating_claims.contains(&(key.1.clone(), key.2.clone())) {
                        return fail(format!("claim {}/{} removed without being deleted first", key.1, key.2));
                    }
                }
                ChangeType::Modified => {}
            }
            if let View::PersistentVolumeClaim(c) = &*change.object {
                let id = (c.namespace.clone(), c.name.clone());
                if c.terminating && !terminating_claims.contains(&id) {
                    let by_user = claim_deletions.contains(&(t, c.namespace.to_string(), c.name.to_string()));
                    if !by_user && !retention_allows(&state, &sets, &history, &c.namespace, &c.name) {
                        return fail(format!(
                            "claim {}/{} deleted though no step and no retention policy asked for it",
                            c.namespace, c.name
                        ));
                    }
                    terminating_claims.insert(id);
                }
            }
            crate::timeline::apply(&mut state.objects, record);
        }
        check_storage(&state).map_err(|message| Violation { t_ms: t, message })?;
    }
    Ok(())
}

/// OrderedReady: every lower ordinal exists, is Ready and is not terminating.
fn check_ordered_creation(state: &State, pod: &crate::view::PodView) -> Result<(), String> {
    let Some(set_name) = &pod.controlled_by else { return Ok(()) };
    let Some(set) = state.stateful_sets().find(|s| s.namespace == pod.namespace && s.name == *set_name) else {
        return Ok(());
    };
    if set.pod_management_policy != "OrderedReady" {
        return Ok(());
    }
    let Some(ordinal) = pod.name.strip_prefix(&format!("{set_name}-")).and_then(|o| o.parse::<u32>().ok()) else {
        return Ok(());
    };
    for lower in set.ordinal_start..ordinal {
        let name = format!("{set_name}-{lower}");
        match state.pod(&pod.namespace, &name) {
            Some(p) if p.ready && !p.terminating => {}
            _ => return Err(format!("{} created while {name} is not Running and Ready (OrderedReady)", pod.name)),
        }
    }
    Ok(())
}

/// `(t, ordinals.start, replicas)`: a StatefulSet's range from time `t` on.
type Range = (u64, u32, u32);

/// What the retention check needs from the past: each set's ranges over time and when each
/// claim was created.
#[derive(Default)]
struct History {
    /// `(namespace, set) -> ranges in time order`.
    ranges: BTreeMap<(Rc<str>, Rc<str>), Vec<Range>>,
    claims_added: BTreeMap<(Rc<str>, Rc<str>), u64>,
}

impl History {
    fn observe(&mut self, t: u64, change: &crate::view::Change) {
        match &*change.object {
            View::StatefulSet(s) => {
                let ranges = self.ranges.entry((s.namespace.clone(), s.name.clone())).or_default();
                if ranges.last().is_none_or(|r| (r.1, r.2) != (s.ordinal_start, s.spec_replicas)) {
                    ranges.push((t, s.ordinal_start, s.spec_replicas));
                }
            }
            View::PersistentVolumeClaim(c) if change.change == ChangeType::Added => {
                self.claims_added.insert((c.namespace.clone(), c.name.clone()), t);
            }
            _ => {}
        }
    }

    /// Whether the set's range left out this ordinal at some point since the claim was made: a
    /// scale-down that condemned its pod (and, with `whenScaled: Delete`, gave it the claim).
    fn scaled_out(&self, namespace: &str, set: &str, claim: &str, ordinal: u32) -> bool {
        let since = self.claims_added.get(&(namespace.into(), claim.into())).copied().unwrap_or(0);
        self.ranges.get(&(namespace.into(), set.into())).is_some_and(|ranges| {
            ranges.iter().any(|&(t, start, replicas)| t >= since && !(start..start.saturating_add(replicas)).contains(&ordinal))
        })
    }
}

/// Whether a StatefulSet's retention policy deletes this claim now (§D4): `whenDeleted` once the
/// set is gone or going, `whenScaled` once a scale-down condemned its pod (the claim then goes
/// with the pod, however late that is).
fn retention_allows(
    state: &State,
    sets: &BTreeMap<(String, String), StatefulSet>,
    history: &History,
    namespace: &str,
    claim: &str,
) -> bool {
    sets.values().filter(|s| s.metadata.namespace() == namespace).any(|s| {
        let name = &s.metadata.name;
        s.spec.volume_claim_templates.iter().any(|t| {
            let Some(ordinal) = claim
                .strip_prefix(&format!("{}-{name}-", t.metadata.name))
                .and_then(|o| o.parse::<u32>().ok())
            else {
                return false;
            };
            let (when_deleted, when_scaled) = s.retention_delete();
            let live = state.stateful_sets().find(|v| *v.namespace == *namespace && *v.name == **name);
            let set_going = live.is_none_or(|v| v.terminating);
            (when_deleted && set_going) || (when_scaled && history.scaled_out(namespace, name, claim, ordinal))
        })
    })
}

/// A volume bound to at most one claim; a ReadWriteOncePod claim used by one pod on a node at
/// most; a single-node volume attached to at most one node.
fn check_storage(state: &State) -> Result<(), String> {
    let mut bound: BTreeMap<&str, String> = BTreeMap::new();
    for c in state.claims().filter(|c| c.phase == "Bound") {
        let Some(v) = c.volume.as_deref() else { continue };
        let id = format!("{}/{}", c.namespace, c.name);
        if let Some(other) = bound.insert(v, id.clone()) {
            return Err(format!("volume {v} bound to both {other} and {id}"));
        }
    }
    for c in state.claims().filter(|c| c.access_modes.iter().any(|m| m == "ReadWriteOncePod")) {
        let mut users =
            state.pods().filter(|p| p.node.is_some() && p.namespace == c.namespace && p.claims.contains(&c.name)).map(|p| &p.name);
        if let (Some(a), Some(b)) = (users.next(), users.next()) {
            return Err(format!("ReadWriteOncePod claim {}/{} used by pods {a} and {b} on nodes", c.namespace, c.name));
        }
    }
    let mut attached: BTreeMap<&str, &str> = BTreeMap::new();
    for a in state.attachments().filter(|a| a.attached) {
        let single = state
            .volumes()
            .find(|v| v.name == a.volume)
            .is_some_and(|v| !v.access_modes.iter().any(|m| m == "ReadWriteMany" || m == "ReadOnlyMany"));
        if let Some(other) = attached.insert(&a.volume, &a.node) {
            if single {
                return Err(format!("single-node volume {} attached to both {other} and {}", a.volume, a.node));
            }
        }
    }
    Ok(())
}
