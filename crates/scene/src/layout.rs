//! Where things go, decided once for a whole timeline so that nothing jumps.
//!
//! Nodes keep the order they first appeared in (or the order of the previous layout, across a
//! re-simulation). A pod takes the lowest free slot of its lane (its node, or the unscheduled
//! lane) when it enters the lane and keeps it until it leaves; the slot is remembered with its
//! time, so a seek in either direction finds the same place. Every box is sized for the most it
//! ever holds in the run, so it never grows mid-play. Claims take storage columns in order of
//! creation and keep them; a volume sits under the claim it was made for.

use std::collections::{BTreeMap, BTreeSet};

use engine::view::{ChangeType, Record, View};

/// A lane: a node's name, or `None` for pods that have no node yet.
pub(crate) type Lane = Option<String>;

/// Where a volume sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum VolumePlace {
    /// In the storage band, in this column (under its claim when it was made for one).
    Column(usize),
    /// Pinned to a node (a local volume): in that node's volume strip, in this slot.
    Local(String, usize),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Node names in column order.
    pub(crate) nodes: Vec<String>,
    /// The most pods each lane holds at once over the run.
    pub(crate) capacity: BTreeMap<Lane, usize>,
    /// Per pod (`namespace/name`): `(time, lane, slot)` each time it entered a lane, in order.
    pub(crate) pods: BTreeMap<String, Vec<(u64, Lane, usize)>>,
    /// Per claim (`namespace/name`): its storage column.
    pub(crate) claims: BTreeMap<String, usize>,
    pub(crate) volumes: BTreeMap<String, VolumePlace>,
    /// How many local-volume slots each node needs.
    pub(crate) local_slots: BTreeMap<String, usize>,
    /// Storage columns in use.
    pub(crate) columns: usize,
    /// StatefulSets and Services (`namespace/name`), in order of appearance.
    pub(crate) sets: Vec<String>,
    pub(crate) services: Vec<String>,
    /// Storage class names, in order of appearance.
    pub(crate) classes: Vec<String>,
    /// The most pods alive at once.
    pub(crate) max_pods: usize,
}

impl Layout {
    /// The layout of a run, from its records. With `previous` (the layout of the run before an
    /// edit), nodes, claims and the rest keep the places they had there.
    pub fn new(records: &[Record], previous: Option<&Layout>) -> Layout {
        let mut layout = Layout::default();
        // What the previous layout placed keeps its place if this run has it too.
        let mut seen_nodes = BTreeSet::new();
        let mut node_order: Vec<String> = Vec::new();
        let mut seen_claims = BTreeMap::new();
        let mut claim_order: Vec<String> = Vec::new();
        // The node where each claim's first pod ran: claims are placed under their node's side of
        // the picture so that the pod-to-claim edges cross as little as possible.
        let mut first_node: BTreeMap<String, String> = BTreeMap::new();
        for r in records {
            if let Record::Change(c) = r {
                match &*c.object {
                    View::Node(n) if seen_nodes.insert(n.name.to_string()) => node_order.push(n.name.to_string()),
                    View::PersistentVolumeClaim(p) => {
                        let key = format!("{}/{}", p.namespace, p.name);
                        if seen_claims.insert(key.clone(), ()).is_none() {
                            claim_order.push(key);
                        }
                    }
                    View::Pod(p) => {
                        if let Some(node) = &p.node {
                            for claim in p.claims.iter() {
                                first_node.entry(format!("{}/{}", p.namespace, claim)).or_insert_with(|| node.to_string());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(prev) = previous {
            layout.nodes = prev.nodes.iter().filter(|n| seen_nodes.contains(*n)).cloned().collect();
            // Claims keep their very columns (a claim that is gone leaves a gap rather than
            // shifting the others).
            for (k, col) in prev.claims.iter().filter(|(k, _)| seen_claims.contains_key(*k)) {
                layout.claims.insert(k.clone(), *col);
                layout.columns = layout.columns.max(col + 1);
            }
            layout.sets = prev.sets.clone();
            layout.services = prev.services.clone();
            layout.classes = prev.classes.clone();
        }
        // New claims: grouped by the node their first pod ran on (nodes in picture order), then in
        // the order they were made; claims no pod ever used come last.
        let node_rank = |claim: &String| {
            let node = first_node.get(claim);
            let known = layout.nodes.iter().chain(node_order.iter().filter(|n| !layout.nodes.contains(n)));
            node.and_then(|n| known.clone().position(|k| k == n)).unwrap_or(usize::MAX)
        };
        let mut new_claims: Vec<(usize, usize, &String)> = claim_order
            .iter()
            .enumerate()
            .filter(|(_, k)| !layout.claims.contains_key(*k))
            .map(|(i, k)| (node_rank(k), i, k))
            .collect();
        order::sort(&mut new_claims);
        for (_, _, key) in new_claims {
            layout.claims.insert(key.clone(), layout.columns);
            layout.columns += 1;
        }

        let mut current: BTreeMap<String, (Lane, usize)> = BTreeMap::new();
        let mut occupied: BTreeMap<Lane, BTreeSet<usize>> = BTreeMap::new();
        let mut column_has_volume: BTreeSet<usize> = BTreeSet::new();
        for record in records {
            let Record::Change(change) = record else { continue };
            match &*change.object {
                View::Node(n) => {
                    if !layout.nodes.iter().any(|known| *known == *n.name) {
                        layout.nodes.push(n.name.to_string());
                    }
                }
                View::Pod(p) => {
                    let key = format!("{}/{}", p.namespace, p.name);
                    let lane: Lane = p.node.as_deref().map(str::to_owned);
                    if change.change == ChangeType::Deleted {
                        if let Some((old, slot)) = current.remove(&key) {
                            occupied.entry(old).or_default().remove(&slot);
                        }
                        continue;
                    }
                    if current.get(&key).is_some_and(|(l, _)| *l == lane) {
                        continue;
                    }
                    if let Some((old, slot)) = current.remove(&key) {
                        occupied.entry(old).or_default().remove(&slot);
                    }
                    let used = occupied.entry(lane.clone()).or_default();
                    let slot = (0..).find(|s| !used.contains(s)).unwrap_or(0);
                    used.insert(slot);
                    let cap = layout.capacity.entry(lane.clone()).or_default();
                    *cap = (*cap).max(used.len()).max(slot + 1);
                    current.insert(key.clone(), (lane.clone(), slot));
                    layout.pods.entry(key).or_default().push((change.t_ms, lane, slot));
                    layout.max_pods = layout.max_pods.max(current.len());
                }
                View::PersistentVolumeClaim(p) => {
                    if let Some(class) = &p.storage_class {
                        if !layout.classes.iter().any(|known| *known == **class) {
                            layout.classes.push(class.to_string());
                        }
                    }
                }
                View::PersistentVolume(v) => {
                    if !v.storage_class.is_empty() && !layout.classes.iter().any(|known| *known == *v.storage_class) {
                        layout.classes.push(v.storage_class.to_string());
                    }
                    if layout.volumes.contains_key(&*v.name) {
                        continue;
                    }
                    let place = if let Some(node) = &v.node {
                        let n = layout.local_slots.entry(node.to_string()).or_default();
                        *n += 1;
                        VolumePlace::Local(node.to_string(), *n - 1)
                    } else {
                        let claim_col = v.claim.as_ref().and_then(|c| layout.claims.get(&**c).copied());
                        match claim_col {
                            Some(col) if !column_has_volume.contains(&col) => VolumePlace::Column(col),
                            _ => {
                                layout.columns += 1;
                                VolumePlace::Column(layout.columns - 1)
                            }
                        }
                    };
                    if let VolumePlace::Column(col) = place {
                        column_has_volume.insert(col);
                    }
                    layout.volumes.insert(v.name.to_string(), place);
                }
                View::StatefulSet(s) => {
                    let key = format!("{}/{}", s.namespace, s.name);
                    if !layout.sets.contains(&key) {
                        layout.sets.push(key);
                    }
                }
                View::Service(s) => {
                    let key = format!("{}/{}", s.namespace, s.name);
                    if s.headless && !layout.services.contains(&key) {
                        layout.services.push(key);
                    }
                }
                View::VolumeAttachment(_) => {}
            }
        }
        layout
    }

    /// Where a pod is at `t_ms`, if the layout placed it in `lane` by then.
    pub(crate) fn pod_slot(&self, key: &str, lane: &Lane, t_ms: u64) -> Option<usize> {
        let history = self.pods.get(key)?;
        let at = history.partition_point(|(t, _, _)| *t <= t_ms);
        let (_, l, slot) = history.get(at.checked_sub(1)?)?;
        (l == lane).then_some(*slot)
    }

    /// Node names in column order.
    pub fn nodes(&self) -> &[String] {
        &self.nodes
    }

    /// The most pods alive at once over the run.
    pub fn max_pods(&self) -> usize {
        self.max_pods
    }
}
