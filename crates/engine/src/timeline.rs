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
        for record in &self.records[checkpoint.records..end] {
            apply(&mut objects, record);
        }
        State { t_ms, objects }
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
