//! Where things go, decided once for a whole timeline so that nothing jumps.
//!
//! Nodes keep the order they first appeared in (or the order of the previous layout, across a
//! re-simulation). A pod takes the lowest free slot of its lane (its node, or the unscheduled
//! lane) when it enters the lane and keeps it until it leaves; the slot is remembered with its
//! time, so a seek in either direction finds the same place. Every box is sized for the most it
//! ever holds in the run, so it never grows mid-play. Claims take storage columns in order of
//! creation and keep them; a volume sits under the claim it was made for.

use std::collections::BTreeMap;

use order::Sorted;

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
    pub(crate) capacity: Sorted<Lane, usize>,
    /// Per pod (`namespace/name`): `(time, lane, slot)` each time it entered a lane, in order.
    pub(crate) pods: Sorted<String, Vec<(u64, Lane, usize)>>,
    /// Per claim (`namespace/name`): its storage column.
    pub(crate) claims: Sorted<String, usize>,
    pub(crate) volumes: Sorted<String, VolumePlace>,
    /// How many local-volume slots each node needs.
    pub(crate) local_slots: Sorted<String, usize>,
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
        // What the previous layout placed keeps its place if this run has it too. Names map to
        // their place in the order of first appearance.
        let mut seen_nodes: BTreeMap<String, usize> = BTreeMap::new();
        let mut node_order: Vec<String> = Vec::new();
        let mut seen_claims: BTreeMap<String, usize> = BTreeMap::new();
        let mut claim_order: Vec<String> = Vec::new();
        // The node where each claim's first pod ran: claims are placed under their node's side of
        // the picture so that the pod-to-claim edges cross as little as possible.
        let mut first_node: BTreeMap<String, String> = BTreeMap::new();
        for r in records {
            if let Record::Change(c) = r {
                match &*c.object {
                    View::Node(n) => first_sight(&mut seen_nodes, &mut node_order, n.name.to_string()),
                    View::PersistentVolumeClaim(p) => {
                        first_sight(&mut seen_claims, &mut claim_order, format!("{}/{}", p.namespace, p.name))
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
        let mut kept: Vec<(String, usize)> = Vec::new();
        if let Some(prev) = previous {
            layout.nodes = prev.nodes.iter().filter(|n| seen_nodes.contains_key(*n)).cloned().collect();
            // Claims keep their very columns (a claim that is gone leaves a gap rather than
            // shifting the others).
            for (k, col) in prev.claims.iter().filter(|(k, _)| seen_claims.contains_key(*k)) {
                kept.push((k.clone(), *col));
                layout.columns = layout.columns.max(col + 1);
            }
            layout.sets = prev.sets.clone();
            layout.services = prev.services.clone();
            layout.classes = prev.classes.clone();
        }
        let kept: Sorted<String, usize> = kept.into_iter().collect();
        // New claims: grouped by the node their first pod ran on (nodes in picture order), then in
        // the order they were made; claims no pod ever used come last.
        // Nodes in picture order: those the picture already has, then those this text adds.
        let mut ranks = listed(&layout.nodes);
        for node in &node_order {
            if !ranks.contains_key(node) {
                ranks.insert(node.clone(), ranks.len());
            }
        }
        let node_rank = |claim: &String| first_node.get(claim).and_then(|n| ranks.get(n).copied()).unwrap_or(usize::MAX);
        let mut new_claims: Vec<(usize, usize, &String)> = claim_order
            .iter()
            .enumerate()
            .filter(|(_, k)| !kept.contains_key(*k))
            .map(|(i, k)| (node_rank(k), i, k))
            .collect();
        order::sort(&mut new_claims);
        // A new claim takes the first column no kept claim holds: the gap a claim that is gone
        // left (scaled down, then up again: www-web-3 comes back where it was), else a new one.
        let mut taken: Vec<bool> = vec![false; layout.columns];
        for (_, &col) in kept.iter() {
            taken[col] = true;
        }
        let mut free = taken.iter().enumerate().filter(|(_, t)| !**t).map(|(col, _)| col).collect::<Vec<_>>().into_iter();
        let mut claims: Vec<(String, usize)> = kept.into_iter().collect();
        for (_, _, key) in new_claims {
            let col = free.next().unwrap_or_else(|| {
                layout.columns += 1;
                layout.columns - 1
            });
            claims.push((key.clone(), col));
        }
        layout.claims = claims.into_iter().collect();

        // Pods by number (`pod_ids`): the lane and slot each holds now, and its history.
        let mut pod_ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut current: Vec<Option<(usize, usize)>> = Vec::new();
        let mut histories: Vec<Vec<(u64, Lane, usize)>> = Vec::new();
        let mut alive = 0;
        // Lanes by number (`lane_ids`): which slots are taken, and the most the lane needed.
        let mut lane_ids: Sorted<Lane, usize> = Sorted::default();
        let mut lanes: Vec<(Lane, Vec<bool>, usize)> = Vec::new();
        let mut volume_ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut volumes: Vec<(String, VolumePlace)> = Vec::new();
        let mut local_slots: Sorted<String, usize> = Sorted::default();
        let mut column_has_volume: Vec<bool> = Vec::new();
        // What the lists already hold, looked up rather than searched: a paste can hold thousands
        // of Services.
        let (mut listed_nodes, mut listed_sets, mut listed_services) = (listed(&layout.nodes), listed(&layout.sets), listed(&layout.services));
        for record in records {
            let Record::Change(change) = record else { continue };
            match &*change.object {
                View::Node(n) => first_sight(&mut listed_nodes, &mut layout.nodes, n.name.to_string()),
                View::Pod(p) => {
                    let key = format!("{}/{}", p.namespace, p.name);
                    let id = *pod_ids.entry(key).or_insert_with(|| {
                        current.push(None);
                        histories.push(Vec::new());
                        current.len() - 1
                    });
                    if change.change == ChangeType::Deleted {
                        if let Some((lane, slot)) = current[id].take() {
                            lanes[lane].1[slot] = false;
                            alive -= 1;
                        }
                        continue;
                    }
                    let lane: Lane = p.node.as_deref().map(str::to_owned);
                    if current[id].is_some_and(|(l, _)| lanes[l].0 == lane) {
                        continue;
                    }
                    if let Some((lane, slot)) = current[id].take() {
                        lanes[lane].1[slot] = false;
                        alive -= 1;
                    }
                    let lane_id = *lane_ids.get_or_insert_with(lane.clone(), || {
                        lanes.push((lane.clone(), Vec::new(), 0));
                        lanes.len() - 1
                    });
                    let (_, taken, need) = &mut lanes[lane_id];
                    // The lowest free slot. A lane needs at least as many slots as it holds pods,
                    // and each taken slot raised `need` past itself when it was taken.
                    let slot = taken.iter().position(|t| !t).unwrap_or(taken.len());
                    if slot == taken.len() {
                        taken.push(true);
                    } else {
                        taken[slot] = true;
                    }
                    *need = (*need).max(slot + 1);
                    current[id] = Some((lane_id, slot));
                    alive += 1;
                    histories[id].push((change.t_ms, lane, slot));
                    layout.max_pods = layout.max_pods.max(alive);
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
                    if volume_ids.contains_key(&*v.name) {
                        continue;
                    }
                    let place = if let Some(node) = &v.node {
                        let n = local_slots.get_or_insert_with(node.to_string(), || 0);
                        *n += 1;
                        VolumePlace::Local(node.to_string(), *n - 1)
                    } else {
                        let claim_col = v.claim.as_ref().and_then(|c| layout.claims.get(&**c).copied());
                        match claim_col {
                            Some(col) if !column_has_volume.get(col).copied().unwrap_or(false) => VolumePlace::Column(col),
                            _ => {
                                layout.columns += 1;
                                VolumePlace::Column(layout.columns - 1)
                            }
                        }
                    };
                    if let VolumePlace::Column(col) = place {
                        if column_has_volume.len() <= col {
                            column_has_volume.resize(col + 1, false);
                        }
                        column_has_volume[col] = true;
                    }
                    volume_ids.insert(v.name.to_string(), volumes.len());
                    volumes.push((v.name.to_string(), place));
                }
                View::StatefulSet(s) => first_sight(&mut listed_sets, &mut layout.sets, format!("{}/{}", s.namespace, s.name)),
                View::Service(s) if s.headless => {
                    first_sight(&mut listed_services, &mut layout.services, format!("{}/{}", s.namespace, s.name))
                }
                View::Service(_) => {}
                View::VolumeAttachment(_) => {}
            }
        }
        layout.capacity = lanes.into_iter().map(|(lane, _, need)| (lane, need)).collect();
        layout.pods = pod_ids.into_iter().map(|(key, id)| (key, std::mem::take(&mut histories[id]))).filter(|(_, h)| !h.is_empty()).collect();
        layout.volumes = volumes.into_iter().collect();
        layout.local_slots = local_slots;
        layout
    }

    /// Where a pod is at `t_ms`, if the layout placed it in `lane` by then.
    pub(crate) fn pod_slot(&self, key: &str, lane: &Lane, t_ms: u64) -> Option<usize> {
        let history = self.pods.get(key)?;
        let at = history.partition_point(|(t, _, _)| *t <= t_ms);
        let (_, l, slot) = history.get(at.checked_sub(1)?)?;
        (l == lane).then_some(*slot)
    }

    /// The storage column of a claim (`namespace/name`), if it has one.
    pub fn claim_column(&self, claim: &str) -> Option<usize> {
        self.claims.get(claim).copied()
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

/// Puts `name` at the end of `order` the first time it is seen.
/// Each name of `list` to its place (inserted one by one: the same code as [`first_sight`]'s).
pub(crate) fn listed(list: &[String]) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for (i, k) in list.iter().enumerate() {
        seen.insert(k.clone(), i);
    }
    seen
}

fn first_sight(seen: &mut BTreeMap<String, usize>, order: &mut Vec<String>, name: String) {
    if !seen.contains_key(&name) {
        seen.insert(name.clone(), order.len());
        order.push(name);
    }
}
