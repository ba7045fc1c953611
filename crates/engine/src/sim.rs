//! The world, the logical clock and the loop: wake-ups are taken in time order (ties in the order
//! they were scheduled), each is handed to the controller it belongs to, and then every controller
//! with pending work runs until nothing is left to do at that instant.
//!
//! Every change to an object goes through one of the `update_*` / `remove_*` methods here, which
//! publish the change to the timeline (only if what an observer sees changed) and keep the
//! controllers' indexes up to date.

use std::collections::{BTreeMap, BTreeSet};

use manifest::{Scenario, StorageClass};

use crate::name::Name;
use crate::claims::{ClaimId, Claims};
use crate::messages::Messages;
use crate::objects::{Node, NsName, Pod, PodFacts, Published, Set};
use crate::pods::Pods;
use crate::rng::Rng;
use crate::timing::Timing;
use crate::volume_slots::{VolumeId, Volumes};
use crate::wake_queue::WakeQueue;
use std::rc::Rc;

use crate::view::{Change, ChangeType, Event, EventMarker, Record, ServicePortView, ServiceView, TargetPort, View};
use crate::StepIssue;

/// Something a controller asked to be woken for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Wake {
    Step(usize),
    Schedule(u64),
    /// A claim's slot and uid: the slot keeps the wake-up small, and the uid tells whether the
    /// claim there is still the one the volume was made for.
    ProvisionDone(ClaimId, Rc<str>),
    VolumeDeleted(VolumeId),
    KubeletSync(u64),
    /// A volume's slot and a node. Nodes are named by their text: a `Name` is twice its size
    /// (and aligned to 16 bytes), and the queue holds a wake-up or more per pod.
    AttachDone(VolumeId, Rc<str>),
    DetachDone(VolumeId, Rc<str>),
    ImagePulled(u64),
    ContainerStarted(u64),
    Probe(u64, u64),
    Available(u64),
    ContainerStopped(u64),
    Crash(u64),
    CrashRestart(u64),
    NodeMonitor(Rc<str>, u64),
    NodeReport(Rc<str>, u64),
    TaintEviction(u64),
    PodGc,
    /// The PV controller's periodic look at every pending claim.
    ClaimResync,
}

/// No single instant may take more controller passes than this; a loop that would is a bug, and
/// the run stops with a message rather than hanging the page.
const MAX_PASSES_PER_INSTANT: usize = 1_000_000;

/// Checkpoints are at least this many records apart.
const MIN_CHECKPOINT_SPACING: usize = 512;

/// Where nothing happens for this long, a checkpoint is taken sooner (see `maybe_checkpoint`).
const QUIET_MS: u64 = 30_000;

pub(crate) struct Sim {
    pub(crate) now: u64,
    pub(crate) timing: Timing,
    pub(crate) rng: Rng,
    /// Pod UIDs come from a stream of their own, so adding them left every other choice as it was.
    pub(crate) pod_uids: Rng,
    pub(crate) scenario: Scenario,

    // Values are boxed so that maps with the same key share one copy of the B-tree code in the
    // page's WebAssembly (the code depends on the value's size, not its type).
    pub(crate) nodes: BTreeMap<Name, Box<Node>>,
    /// With the second each was created (`metadata.creationTimestamp`), which picks among
    /// several defaults.
    pub(crate) classes: BTreeMap<String, Box<(StorageClass, u64)>>,
    /// The volumes, with their attachments and the pods waiting for those.
    pub(crate) volumes: Volumes,
    pub(crate) claims: Claims,
    pub(crate) pods: Pods,
    pub(crate) sets: BTreeMap<NsName, Box<Set>>,
    pub(crate) services: BTreeMap<NsName, Box<(manifest::Service, Published)>>,
    pub(crate) namespaces: BTreeSet<String>,

    /// Volumes the scheduler may bind statically (phase Available).
    pub(crate) available_volumes: BTreeSet<Name>,
    /// Pods that could not be scheduled, waiting for a change in the cluster.
    pub(crate) unschedulable: BTreeSet<NsName>,
    /// Whether a pod could not be placed because nodes were full ([`MAX_PODS`]): a pod removed
    /// from a node then tries the waiting pods again (the scheduler's queue moves pods rejected
    /// by NodeResourcesFit back on an assigned pod's deletion).
    ///
    /// [`MAX_PODS`]: crate::scheduler::MAX_PODS
    pub(crate) room_wanted: bool,
    /// Pods waiting for their volumes to be bound before the scheduler binds them.
    /// Image pulls under way: `(node, image) -> when done`.
    pub(crate) pulls: BTreeMap<(Name, Name), u64>,
    /// The next node's index into the pod network.
    pub(crate) next_subnet: u32,
    /// Whether the pod garbage collector's next pass is due.
    pub(crate) gc_scheduled: bool,
    /// A [`Wake::ClaimResync`] is queued.
    pub(crate) claim_resync_scheduled: bool,
    /// No node of any zone is Ready: nothing is tainted for eviction (`handleDisruption`).
    pub(crate) master_disruption: bool,
    /// Nodes the pod garbage collector found missing, with when their quarantine ends.
    pub(crate) gc_quarantine: Vec<(Name, u64)>,

    pub(crate) dirty_sets: BTreeSet<NsName>,
    pub(crate) dirty_claims: BTreeSet<NsName>,

    queue: WakeQueue<Wake>,
    next_uid: u64,
    pub(crate) journal: Journal,
    pub(crate) messages: Messages,
    /// `(records so far, the index of the record that published each object as it then was)`,
    /// taken between instants.
    pub(crate) checkpoints: Vec<(usize, crate::timeline::Snapshot)>,
    pub(crate) issues: Vec<StepIssue>,
}

impl Sim {
    pub(crate) fn new(seed: u64, scenario: Scenario) -> Sim {
        Sim {
            now: 0,
            timing: Timing::with(&scenario.spec.timing),
            rng: Rng::new(seed),
            pod_uids: Rng::new(seed ^ 0x706f_6420_7569_6473),
            scenario,
            nodes: BTreeMap::new(),
            classes: BTreeMap::new(),
            volumes: Volumes::default(),
            claims: Claims::default(),
            pods: Pods::default(),
            sets: BTreeMap::new(),
            services: BTreeMap::new(),
            // The namespaces every cluster has (`kube-system` and the others made by the
            // system-namespaces controller).
            namespaces: ["default", "kube-node-lease", "kube-public", "kube-system"].map(str::to_owned).into(),
            available_volumes: BTreeSet::new(),
            unschedulable: BTreeSet::new(),
            room_wanted: false,
            pulls: BTreeMap::new(),
            next_subnet: 0,
            gc_scheduled: false,
            claim_resync_scheduled: false,
            gc_quarantine: Vec::new(),
            master_disruption: false,
            dirty_sets: BTreeSet::new(),
            dirty_claims: BTreeSet::new(),
            queue: WakeQueue::default(),
            next_uid: 1,
            journal: Journal::default(),
            messages: Messages::default(),
            checkpoints: vec![(0, Vec::new())],
            issues: Vec::new(),
        }
    }

    pub(crate) fn uid(&mut self) -> u64 {
        self.next_uid += 1;
        self.next_uid
    }

    pub(crate) fn wake_at(&mut self, t: u64, wake: Wake) {
        self.queue.push(t.max(self.now), wake);
    }

    pub(crate) fn wake_in(&mut self, delay: u64, wake: Wake) {
        self.wake_at(self.now.saturating_add(delay), wake);
    }

    /// Runs until nothing more is scheduled, or past `until`. A run that hits a limit stops there,
    /// with the reason recorded as an issue.
    pub(crate) fn run(&mut self, until: Option<u64>, max_records: usize) {
        self.settle();
        while let Some(t) = self.queue.next_time() {
            if until.is_some_and(|u| t > u) {
                break;
            }
            let Some((_, wake)) = self.queue.pop() else { break };
            self.now = t;
            self.journal.now = t;
            self.handle(wake);
            if !self.settle() {
                self.issues.push(StepIssue::internal(format!(
                    "the controllers did not settle at t={}ms; the run was stopped there",
                    self.now
                )));
                return;
            }
            let quiet = self.queue.next_time().is_none_or(|next| next.saturating_sub(t) >= QUIET_MS);
            self.maybe_checkpoint(quiet);
            if self.journal.records.len() > max_records {
                self.issues.push(StepIssue::internal(format!(
                    "the run produced more than {max_records} records and was stopped at t={}ms",
                    self.now
                )));
                return;
            }
        }
    }

    /// Takes a checkpoint once at least as many records as there are objects (and 512) were
    /// written since the last, so all checkpoints together stay proportional to the records;
    /// before a quiet time, once a quarter of that was (four times the checkpoints at most).
    ///
    /// Seeks land at times, not records: a seek replays the records from its checkpoint to its
    /// time, and every seek into a quiet time replays all of those before it. A StatefulSet that
    /// is all Ready waits quietly for the next step, often most of the run: 1,000 OrderedReady
    /// replicas, scaled down after 10,000 s, had 3,872 records to replay for 45 % of the times.
    fn maybe_checkpoint(&mut self, quiet: bool) {
        let objects = self.pods.len()
            + self.claims.len()
            + self.volumes.len()
            + self.nodes.len()
            + self.sets.len()
            + self.services.len()
            + self.volumes.attachment_count();
        let since = self.checkpoints.last().map_or(0, |c| c.0);
        let written = self.journal.records.len();
        let spacing = objects.max(MIN_CHECKPOINT_SPACING);
        if written - since < if quiet { spacing / 4 } else { spacing } {
            return;
        }
        // Each map iterates in key order and the kinds come in `Kind` order, so the entries arrive
        // sorted (attachments, named by hash, are sorted on their own, by the number their name
        // spells) and a seek builds the map from them in one pass.
        let entry = |p: &Published| p.record.map(|r| r as usize);
        // Sorted in place, with ties (one name, which a hash collision would give two
        // attachments) in `(volume, node)` order as before: at 10,000 replicas the index sort of
        // `order` made a third of a checkpoint's cache misses.
        let mut attachments: Vec<(u64, VolumeId, u32, u32)> = self.volumes.attachment_records().collect();
        let volumes = &self.volumes;
        attachments.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| volumes.name(a.1).cmp(&volumes.name(b.1)))
                .then_with(|| volumes.entry_node(a.1, a.2).cmp(&volumes.entry_node(b.1, b.2)))
        });
        // Sized once: the list is as long as there are objects.
        let mut snapshot = Vec::with_capacity(objects);
        snapshot.extend(
            self.nodes
                .values()
                .map(|o| &o.published)
                .chain(self.sets.values().map(|o| &o.published))
                .chain(self.services.values().map(|o| &o.1))
                .chain(self.pods.published())
                .chain(self.claims.published())
                .chain(self.volumes.published())
                .filter_map(entry),
        );
        snapshot.extend(attachments.into_iter().map(|(_, _, _, record)| record as usize));
        self.checkpoints.push((written, snapshot));
    }

    /// Whether a wake-up is still scheduled (the run was cut by `until`).
    pub(crate) fn pending(&self) -> bool {
        !self.queue.is_empty()
    }

    fn handle(&mut self, wake: Wake) {
        match wake {
            Wake::Step(i) => self.apply_step(i),
            Wake::Schedule(uid) => self.schedule(uid),
            Wake::ProvisionDone(id, uid) => self.provision_done(id, &uid),
            Wake::VolumeDeleted(volume) => self.volume_deleted(volume),
            Wake::KubeletSync(uid) => self.kubelet_sync(uid),
            Wake::AttachDone(volume, node) => self.attach_done(volume, &node.into()),
            Wake::DetachDone(volume, node) => self.detach_done(volume, &node.into()),
            Wake::ImagePulled(uid) => self.image_pulled(uid),
            Wake::ContainerStarted(uid) => self.container_started(uid),
            Wake::Probe(uid, epoch) => self.probe(uid, epoch),
            Wake::Available(uid) => self.pod_available(uid),
            Wake::ContainerStopped(uid) => self.container_stopped(uid),
            Wake::Crash(uid) => self.crash(uid),
            Wake::CrashRestart(uid) => self.crash_restart(uid),
            Wake::NodeMonitor(node, epoch) => self.node_monitor(&node.into(), epoch),
            Wake::NodeReport(node, epoch) => self.node_report(&node.into(), epoch),
            Wake::TaintEviction(uid) => self.taint_eviction(uid),
            Wake::PodGc => self.pod_gc(),
            Wake::ClaimResync => self.claim_resync(),
        }
    }

    /// Runs the level-triggered controllers until they have nothing left to do.
    fn settle(&mut self) -> bool {
        for _ in 0..MAX_PASSES_PER_INSTANT {
            if let Some(key) = self.dirty_claims.pop_first() {
                self.sync_claim(&key);
            } else if let Some(key) = self.dirty_sets.pop_first() {
                self.sync_set(&key);
            } else {
                return true;
            }
        }
        false
    }

    // -----------------------------------------------------------------------------------------
    // Publishing

    // -----------------------------------------------------------------------------------------
    /// Records a Kubernetes Event about an object.
    pub(crate) fn event(
        &mut self,
        kind: &'static str,
        namespace: Option<&Name>,
        name: &Name,
        reason: &'static str,
        message: impl Into<Rc<str>>,
    ) {
        self.record_event(kind, namespace, name, reason, message.into(), "Normal");
    }

    pub(crate) fn warning(
        &mut self,
        kind: &'static str,
        namespace: Option<&Name>,
        name: &Name,
        reason: &'static str,
        message: impl Into<Rc<str>>,
    ) {
        self.record_event(kind, namespace, name, reason, message.into(), "Warning");
    }

    fn record_event(
        &mut self,
        kind: &'static str,
        namespace: Option<&Name>,
        name: &Name,
        reason: &'static str,
        message: Rc<str>,
        event_type: &'static str,
    ) {
        self.journal.records.push(Record::Event(Box::new(Event {
            t_ms: self.now,
            record: EventMarker::Event,
            kind,
            namespace: namespace.map(Name::text),
            name: name.text(),
            reason,
            message,
            event_type,
        })));
    }

    pub(crate) fn pod_event(&mut self, key: &NsName, reason: &'static str, message: impl Into<Rc<str>>) {
        self.event("Pod", Some(&key.0), &key.1, reason, message);
    }

    pub(crate) fn pod_warning(&mut self, key: &NsName, reason: &'static str, message: impl Into<Rc<str>>) {
        self.warning("Pod", Some(&key.0), &key.1, reason, message);
    }

    // -----------------------------------------------------------------------------------------
    // Pods

    /// Adds a new pod.
    pub(crate) fn insert_pod(&mut self, mut pod: Pod) {
        let uid = pod.uid;
        pod.claim_ids = pod.claims().iter().map(|claim| self.claims.id(&pod.claim_key(claim))).collect();
        for &id in pod.claim_ids.iter() {
            self.claims.add_user(id, &pod.name, uid);
        }
        self.pods.insert(pod);
        self.pod_changed(uid, None);
    }

    /// Changes a pod through `f` and publishes the result. Returns `None` if there is no such pod.
    pub(crate) fn update_pod<R>(&mut self, uid: u64, f: impl FnOnce(&mut Pod) -> R) -> Option<R> {
        let pod = self.pods.get_mut(uid)?;
        let old_node = pod.placed_on().cloned();
        let r = f(pod);
        self.pod_changed(uid, old_node);
        Some(r)
    }

    /// Removes a pod from the API (its deletion is complete).
    pub(crate) fn remove_pod(&mut self, uid: u64) {
        let Some((pod, published)) = self.pods.remove(uid) else { return };
        for (claim, &id) in pod.claims().iter().zip(pod.claim_ids.iter()) {
            self.claims.remove_user(id, &pod.name);
            self.dirty_claims.insert(pod.claim_key(claim));
        }
        self.unschedulable.remove(&pod.key());
        if let Some(node) = pod.placed_on() {
            self.count_on_node(pod.set_owner().map(|o| o.1), node, -1);
            if std::mem::take(&mut self.room_wanted) {
                self.cluster_changed();
            }
        }
        self.journal.unpublish(published);
        if let Some((set_name, set_uid)) = pod.set_owner() {
            let set_key = (pod.namespace.clone(), set_name.clone());
            if let Some(set) = self.sets.get_mut(&set_key).filter(|s| s.uid == set_uid) {
                if let Some(ordinal) = set.ordinal_of(&pod.name) {
                    let range = set.range();
                    set.index.put(ordinal, None, range, (&set.current_revision, &set.update_revision));
                }
                self.dirty_sets.insert(set_key);
            }
        }
        self.pod_removed(&pod);
    }

    /// Counts a pod (owned by the StatefulSet with uid `set_uid`, if any) on or off a node.
    fn count_on_node(&mut self, set_uid: Option<u64>, node: &Name, delta: i32) {
        let Some(n) = self.nodes.get_mut(node) else { return };
        n.pods = n.pods.saturating_add_signed(delta);
        if let Some(uid) = set_uid {
            match n.set_pods.iter().position(|(set, _)| *set == uid) {
                Some(i) => {
                    let count = &mut n.set_pods[i].1;
                    *count = count.saturating_add_signed(delta);
                    if *count == 0 {
                        n.set_pods.swap_remove(i);
                    }
                }
                None if delta > 0 => n.set_pods.push((uid, delta.unsigned_abs())),
                None => {}
            }
        }
    }

    fn pod_changed(&mut self, uid: u64, old_node: Option<Name>) {
        let Some((pod, published)) = self.pods.get_mut_published(uid) else { return };
        let view = pod.view();
        self.journal.publish(published, Some(view));
        // Only the owning set's uid is needed to count the pod on nodes: no copy of the pod.
        let set_uid = pod.set_owner().map(|o| o.1);
        if old_node.as_ref() != pod.placed_on() {
            let new_node = pod.placed_on().cloned();
            if let Some(n) = &old_node {
                self.count_on_node(set_uid, n, -1);
            }
            if let Some(n) = &new_node {
                self.count_on_node(set_uid, n, 1);
            }
        }
        if let Some(set_uid) = set_uid {
            self.index_pod(uid, set_uid);
        }
    }

    /// Brings the index of the StatefulSet its owner names, if that set's uid is `set_uid`, up to
    /// date with this pod.
    pub(crate) fn index_pod(&mut self, uid: u64, set_uid: u64) {
        let now = self.now;
        let Some(pod) = self.pods.get(uid) else { return };
        let Some((set_name, _)) = pod.set_owner() else { return };
        let set_key = (pod.namespace.clone(), set_name.clone());
        let Some(set) = self.sets.get_mut(&set_key).filter(|s| s.uid == set_uid) else { return };
        let Some(ordinal) = set.ordinal_of(&pod.name) else { return };
        let min_ready = set.spec.min_ready_ms();
        let facts = PodFacts {
            uid,
            terminating: pod.terminating(),
            running_ready: pod.ready(),
            available: pod.ready() && pod.ready_since.is_some_and(|s| now >= s.saturating_add(min_ready)),
            pending: !pod.started,
            revision: pod.revision.clone(),
        };
        if set.index.pods.get(&ordinal) != Some(&facts) {
            let range = set.range();
            set.index.put(ordinal, Some(facts), range, (&set.current_revision, &set.update_revision));
            self.dirty_sets.insert(set_key);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Other kinds

    /// Publishes a claim's current state (its removal goes through [`Journal::unpublish`]).
    pub(crate) fn publish_claim(&mut self, key: &NsName) {
        if let Some(id) = self.claims.id_of(key) {
            self.publish_claim_in(id);
        }
    }

    /// [`Self::publish_claim`] for the claim in a slot.
    pub(crate) fn publish_claim_in(&mut self, id: ClaimId) {
        let Some((c, published)) = self.claims.published_mut(id) else { return };
        let name = c.volume.and_then(|v| self.volumes.name(v)).map(Name::text);
        let capacity = c.volume.and_then(|v| self.volumes.by_id(v)).map(|v| v.meta.capacity.clone());
        let view = c.view(name, capacity);
        self.journal.publish(published, Some(view));
    }

    pub(crate) fn publish_volume(&mut self, id: VolumeId) {
        let Some((v, published)) = self.volumes.published_mut(id) else { return };
        if v.phase == crate::objects::VolumePhase::Available && !v.deleting {
            self.available_volumes.insert(v.name.clone());
        } else {
            self.available_volumes.remove(&v.name);
        }
        let view = v.view();
        self.journal.publish(published, Some(view));
    }

    pub(crate) fn publish_node(&mut self, name: &Name) {
        let Some(n) = self.nodes.get_mut(name) else { return };
        let view = n.view();
        self.journal.publish(&mut n.published, Some(view));
    }

    pub(crate) fn publish_set(&mut self, key: &NsName) {
        let Some(s) = self.sets.get_mut(key) else { return };
        let view = s.view();
        self.journal.publish(&mut s.published, Some(view));
    }

    pub(crate) fn publish_service(&mut self, key: &NsName) {
        let Some((s, published)) = self.services.get_mut(key).map(|b| &mut **b) else { return };
        let view = View::Service(Box::new(ServiceView {
            namespace: key.0.text(),
            name: key.1.text(),
            headless: s.is_headless(),
            selector: s.spec.selector.clone().unwrap_or_default(),
            ports: s
                .spec
                .ports
                .iter()
                .filter_map(|p| {
                    let name = p.name.clone().filter(|n| !n.is_empty())?;
                    let target_port = match p.target() {
                        manifest::IntOrString::Int(n) => TargetPort::Number(n),
                        manifest::IntOrString::String(s) => TargetPort::Name(s),
                    };
                    Some(ServicePortView { name, port: p.port, protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()), target_port })
                })
                .collect(),
            publish_not_ready_addresses: s.spec.publish_not_ready_addresses,
        }));
        self.journal.publish(published, Some(view));
    }

    pub(crate) fn publish_attachment(&mut self, volume: VolumeId, node: &Name) {
        let Some(name) = self.volumes.name(volume).map(Name::text) else { return };
        let Some(a) = self.volumes.attachment_mut(volume, node) else { return };
        let view = View::VolumeAttachment(crate::view::VolumeAttachmentView {
            namespace: None,
            name: a.name.clone(),
            volume: name,
            node: node.text(),
            attached: a.attached,
        });
        self.journal.publish(&mut a.published, Some(view));
        self.volumes.note_published(volume, node);
    }

    /// Tells the scheduler that something it filters on changed: pods it could not place are
    /// tried again once their back-off (1 s, doubling to 10 s) has run from their last attempt:
    /// at once if it already has, as the scheduling queue moves them to its active queue, oldest
    /// first. (A pod waiting for room on full nodes takes the place a deleted pod leaves before the
    /// deleted pod's replacement, which comes after it.)
    pub(crate) fn cluster_changed(&mut self) {
        let mut pods: Vec<(u64, u64)> = std::mem::take(&mut self.unschedulable)
            .into_iter()
            .filter_map(|key| {
                let pod = self.pods.named(&key)?;
                let backoff = (1000u64 << pod.schedule_attempts.saturating_sub(1).min(4)).min(10_000);
                Some((pod.uid, pod.last_attempt_ms.saturating_add(backoff).max(self.now)))
            })
            .collect();
        // Uids are handed out in creation order: the order the queue received the pods.
        pods.sort_unstable();
        for (uid, at) in pods {
            self.wake_at(at, Wake::Schedule(uid));
        }
    }
}

/// The timeline being written: watch changes and Events, in order.
#[derive(Default)]
pub(crate) struct Journal {
    pub(crate) now: u64,
    pub(crate) records: Vec<Record>,
}

impl Journal {
    /// Records a change if what an observer sees changed: `view` is the object now, `None` once
    /// it is gone. `slot` is what was last published of it.
    pub(crate) fn publish(&mut self, slot: &mut Published, view: Option<View>) {
        let print = view.as_ref().map_or(0, View::print);
        let change = match (slot.record, &view) {
            (None, None) => return,
            (Some(old), Some(new)) if slot.print == print && self.view_at(old).is_some_and(|o| **o == *new) => return,
            (None, Some(_)) => ChangeType::Added,
            (Some(_), Some(_)) => ChangeType::Modified,
            (Some(_), None) => ChangeType::Deleted,
        };
        let object = match view {
            Some(v) => Rc::new(v),
            None => match slot.record.take().and_then(|old| self.view_at(old)) {
                Some(v) => v.clone(),
                None => return,
            },
        };
        // Made once per object and shared by its records: a name reused by a new object gets a
        // key of its own, which is equal, so states and seeks do not tell them apart.
        let key = slot.key.get_or_insert_with(|| Rc::new(object.key())).clone();
        if change != ChangeType::Deleted {
            slot.record = u32::try_from(self.records.len()).ok();
            slot.print = print;
        }
        self.records.push(Record::Change(Change { t_ms: self.now, change, object, key }));
    }

    /// The view a record published.
    fn view_at(&self, record: u32) -> Option<&Rc<View>> {
        match self.records.get(record as usize)? {
            Record::Change(c) => Some(&c.object),
            Record::Event(_) => None,
        }
    }

    /// Publishes the removal of an object that is no longer in its map.
    pub(crate) fn unpublish(&mut self, mut slot: Published) {
        self.publish(&mut slot, None);
    }
}
