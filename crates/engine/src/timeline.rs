//! The result of a run: the ordered records, and the state at any time, found from the nearest
//! checkpoint and the records after it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;

use crate::dns::{dns_records, DnsRecord};
use crate::view::{
    ChangeType, NodeView, ObjectKey, PodView, PvView, PvcView, Record, ServiceView, StatefulSetView,
    View, VolumeAttachmentView,
};
use crate::StepIssue;

/// Everything a run produced. Immutable once made.
#[derive(Clone, Debug)]
pub struct Timeline {
    records: Vec<Record>,
    /// In order of the records they follow; the first is the empty state.
    checkpoints: Vec<Checkpoint>,
    issues: Vec<StepIssue>,
    end_ms: u64,
    cut: bool,
}

impl Timeline {
    pub(crate) fn new(
        records: Vec<Record>,
        checkpoints: Vec<(usize, Snapshot)>,
        issues: Vec<StepIssue>,
        end_ms: u64,
        cut: bool,
    ) -> Timeline {
        let checkpoints = checkpoints
            .into_iter()
            .map(|(records, snapshot)| Checkpoint { records, objects: RefCell::new(Base::Sorted(snapshot)) })
            .collect();
        Timeline { records, checkpoints, issues, end_ms, cut }
    }

    /// The watch changes and Events, in time order.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Steps that could not be carried out, and limits that stopped the run.
    pub fn issues(&self) -> &[StepIssue] {
        &self.issues
    }

    /// When the last thing happened (or the last step was due).
    pub fn end_ms(&self) -> u64 {
        self.end_ms
    }

    /// Whether the run was cut short by `until` with more still to happen.
    pub fn was_cut(&self) -> bool {
        self.cut
    }

    /// The distinct times at which something happened.
    pub fn change_times(&self) -> Vec<u64> {
        let mut times: Vec<u64> = self.records.iter().map(Record::t_ms).collect();
        times.dedup();
        times
    }

    /// The state after everything that happened at or before `t_ms`.
    pub fn state_at(&self, t_ms: u64) -> State {
        let end = self.records.partition_point(|r| r.t_ms() <= t_ms);
        let at = self.checkpoints.partition_point(|c| c.records <= end).saturating_sub(1);
        let checkpoint = &self.checkpoints[at];
        let mut objects = checkpoint.objects(&self.records);
        replay(&mut objects, &self.records[checkpoint.records..end]);
        State { t_ms, objects }
    }
}

/// Applies `records` as if one after another, but each object only at its last change: a seek
/// replays thousands of records that change a few hundred objects several times each, and a map
/// insert compares keys (texts) all the way down the tree.
fn replay(objects: &mut Objects, records: &[Record]) {
    // An object's records share its key, so the key's address tells the object: (address, index).
    let mut last: Vec<(usize, usize)> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Record::Change(c) => Some((Rc::as_ptr(&c.key) as usize, i)),
            Record::Event(_) => None,
        })
        .collect();
    // The latest of each object first, then in the records' order. (A name reused by a new
    // object has a key of its own; the old one's deletion comes first, as it did.)
    last.sort_unstable_by(|a, b| b.cmp(a));
    last.dedup_by_key(|&mut (key, _)| key);
    last.sort_unstable_by_key(|&(_, i)| i);
    for (_, i) in last {
        apply(objects, &records[i]);
    }
}

/// The objects at one moment: keys and views are shared with the records, so a copy is cheap.
pub type Objects = BTreeMap<Rc<ObjectKey>, Rc<View>>;

/// Every object at one moment, in key order, as the simulation lists them for a checkpoint: the
/// index of the record that published each one as it then was.
pub(crate) type Snapshot = Vec<usize>;

/// The state after the first `records` records, where seeks start replaying.
#[derive(Clone, Debug)]
struct Checkpoint {
    records: usize,
    objects: RefCell<Base>,
}

/// A checkpoint's objects: as the run listed them, until a seek first needs them as a map.
/// Building the map reads every key and view and compares each key with the next (pointer chases
/// and memcmps across the heap), which a run pays nothing for if no seek lands there, and a seek
/// pays once.
#[derive(Clone, Debug)]
enum Base {
    Sorted(Snapshot),
    Map(Objects),
}

impl Checkpoint {
    fn objects(&self, records: &[Record]) -> Objects {
        let mut base = self.objects.borrow_mut();
        if let Base::Sorted(snapshot) = &*base {
            let objects = snapshot
                .iter()
                .filter_map(|&i| match &records[i] {
                    Record::Change(c) => Some((c.key.clone(), c.object.clone())),
                    Record::Event(_) => None,
                })
                .collect();
            *base = Base::Map(objects);
        }
        match &*base {
            Base::Map(objects) => objects.clone(),
            Base::Sorted(_) => unreachable!("made a map above"),
        }
    }
}

pub(crate) fn apply(objects: &mut Objects, record: &Record) {
    if let Record::Change(c) = record {
        match c.change {
            ChangeType::Deleted => {
                objects.remove(&*c.key);
            }
            ChangeType::Added | ChangeType::Modified => {
                objects.insert(c.key.clone(), c.object.clone());
            }
        }
    }
}

/// The cluster at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub t_ms: u64,
    pub objects: Objects,
}

macro_rules! of_kind {
    ($fn:ident, $variant:ident, $ty:ty) => {
        pub fn $fn(&self) -> impl Iterator<Item = &$ty> + '_ {
            // The annotation lets a boxed kind's view be handed out as the view itself.
            self.objects.values().filter_map(|v| -> Option<&$ty> {
                match &**v {
                    View::$variant(x) => Some(x),
                    _ => None,
                }
            })
        }
    };
}

impl State {
    of_kind!(pods, Pod, PodView);
    of_kind!(claims, PersistentVolumeClaim, PvcView);
    of_kind!(volumes, PersistentVolume, PvView);
    of_kind!(nodes, Node, NodeView);
    of_kind!(stateful_sets, StatefulSet, StatefulSetView);
    of_kind!(services, Service, ServiceView);
    of_kind!(attachments, VolumeAttachment, VolumeAttachmentView);

    pub fn pod(&self, namespace: &str, name: &str) -> Option<&PodView> {
        match self.objects.get(&(crate::view::Kind::Pod, namespace.into(), name.into())).map(|v| &**v) {
            Some(View::Pod(p)) => Some(p),
            _ => None,
        }
    }

    pub fn claim(&self, namespace: &str, name: &str) -> Option<&PvcView> {
        match self.objects.get(&(crate::view::Kind::PersistentVolumeClaim, namespace.into(), name.into())).map(|v| &**v) {
            Some(View::PersistentVolumeClaim(c)) => Some(c),
            _ => None,
        }
    }

    /// What the cluster DNS answers for the headless Services (spec §H).
    pub fn dns(&self) -> Vec<DnsRecord> {
        dns_records(self)
    }

    /// The JSON shape of `ordinal state`.
    pub fn to_json_value(&self) -> StateJson<'_> {
        StateJson {
            t_ms: self.t_ms,
            pods: self.pods().collect(),
            persistent_volume_claims: self.claims().collect(),
            persistent_volumes: self.volumes().collect(),
            nodes: self.nodes().collect(),
            stateful_sets: self.stateful_sets().collect(),
            services: self.services().collect(),
            volume_attachments: self.attachments().collect(),
            dns: self.dns(),
        }
    }
}

/// `ordinal state`'s output.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateJson<'a> {
    #[serde(rename = "t_ms")]
    pub t_ms: u64,
    pub pods: Vec<&'a PodView>,
    pub persistent_volume_claims: Vec<&'a PvcView>,
    pub persistent_volumes: Vec<&'a PvView>,
    pub nodes: Vec<&'a NodeView>,
    pub stateful_sets: Vec<&'a StatefulSetView>,
    pub services: Vec<&'a ServiceView>,
    pub volume_attachments: Vec<&'a VolumeAttachmentView>,
    pub dns: Vec<DnsRecord>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The state at `t_ms` found the slow way: every record from the start, one by one.
    fn from_the_start(records: &[Record], t_ms: u64) -> Objects {
        let mut objects = Objects::new();
        for record in records.iter().take_while(|r| r.t_ms() <= t_ms) {
            apply(&mut objects, record);
        }
        objects
    }

    #[test]
    fn a_seek_finds_what_replaying_every_record_from_the_start_finds() {
        // Many checkpoints, quiet times between the steps, and names deleted and made again
        // (a new object with an old name has a key of its own).
        let text = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: s, annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}}\nprovisioner: p\nvolumeBindingMode: WaitForFirstConsumer\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: web\n  replicas: 60\n  podManagementPolicy: Parallel\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c, image: i, volumeMounts: [{name: d, mountPath: /d}]}]\n  volumeClaimTemplates:\n  - metadata: {name: d}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  steps:\n  - {at: 5m, deletePod: web-3}\n  - {at: 10m, scale: {statefulset: web, replicas: 20}}\n  - {at: 15m, forceDeletePod: web-7}\n  - {at: 20m, deletePersistentVolumeClaim: d-web-50}\n  - {at: 25m, scale: {statefulset: web, replicas: 60}}\n  - {at: 40m, failNode: node-2}\n";
        let m = manifest::read(&[manifest::Input { file: "t.yaml", text }]);
        assert!(!m.has_errors(), "{:?}", m.diagnostics);
        let input = crate::Input {
            objects: m.objects.into_iter().map(|p| p.object).collect(),
            scenario: m.scenario,
            seed: 3,
            until: None,
        };
        let timeline = crate::simulate(&input);
        assert!(timeline.checkpoints.len() > 4, "{} checkpoints", timeline.checkpoints.len());
        let changes = timeline.change_times();
        // Each moment something happened, just before it, and times in the quiet between.
        let mut times: Vec<u64> = changes.iter().flat_map(|&t| [t.saturating_sub(1), t, t + 30_000]).collect();
        times.push(timeline.end_ms() + 1);
        let step = (times.len() / 300).max(1);
        for &t in times.iter().step_by(step) {
            assert_eq!(timeline.state_at(t).objects, from_the_start(&timeline.records, t), "at {t} ms");
        }
    }
}
