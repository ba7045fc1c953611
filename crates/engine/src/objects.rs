//! The simulated API objects, with the fields the controllers read and write, and how each is
//! projected into what an observer sees ([`crate::view`]).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use manifest::{LabelSelector, Map, NodeSelector, PodTemplateSpec, Taint};

use crate::claims::ClaimId;
use crate::name::Name;
use crate::volume_slots::VolumeId;
use crate::text::{join, Digits};
use crate::view::{
    NodeView, ObjectKey, PodMeta, PodView, PvMeta, PvView, PvcMeta, PvcView, StatefulSetMeta, StatefulSetView, View,
};

/// What was last published of an object: the timeline shares it, so an unchanged object costs
/// nothing and a changed one is built once.
#[derive(Clone, Debug, Default)]
pub(crate) struct Published {
    pub(crate) key: Option<Rc<ObjectKey>>,
    /// The index of the record that published the object as it is now (`None` before it is
    /// published and once it is deleted). The view is read from there only when needed: a
    /// checkpoint lists these indices, and a change whose print differs is told apart without
    /// reading the older view (at 10,000 replicas each read is a cache miss).
    pub(crate) record: Option<u32>,
    /// [`View::print`] of that view.
    pub(crate) print: u64,
}

/// `(namespace, name)`.
pub(crate) type NsName = (Name, Name);

/// An ownerReference (the StatefulSet controller and the garbage collector are the only users).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Owner {
    StatefulSet { name: Name, uid: u64 },
    Pod { name: Name, uid: u64 },
}

impl Owner {
    pub(crate) fn uid(&self) -> u64 {
        match self {
            Owner::StatefulSet { uid, .. } | Owner::Pod { uid, .. } => *uid,
        }
    }
}

/// What the kubelet has made of the pod's containers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Containers {
    /// No kubelet has reported on the pod yet.
    Unreported,
    /// Waiting: `ContainerCreating` (volumes, image, start).
    Creating,
    Running,
    /// Exited with an error, about to be restarted (`Error`).
    Crashed,
    /// Waiting for the restart back-off (`CrashLoopBackOff`).
    BackOff,
    /// Stopped on SIGTERM during graceful deletion.
    Stopped,
}

#[derive(Clone, Debug)]
pub(crate) struct Pod {
    pub(crate) uid: u64,
    pub(crate) namespace: Name,
    pub(crate) name: Name,
    /// What its views show that never changes (its `metadata.uid`, labels, claims...), shared
    /// with them; `controlled_by` follows the owner ([`Pod::set_owner_to`]).
    pub(crate) meta: Rc<PodMeta>,
    /// The `controller-revision-hash` label's value.
    pub(crate) revision: Rc<str>,
    /// Changed through [`Pod::set_owner_to`], which keeps `meta` in step.
    pub(crate) owner: Option<Owner>,
    pub(crate) template: Rc<PodTemplateSpec>,
    /// The slots of its claims, in the order it names them; filled in when the pod is added.
    pub(crate) claim_ids: Rc<[ClaimId]>,
    pub(crate) node: Option<Name>,
    /// The node the scheduler chose while it waits for volumes to be bound there.
    pub(crate) nominated: Option<Name>,
    pub(crate) containers: Containers,
    /// Whether the pod has ever run (phase Running rather than Pending).
    pub(crate) started: bool,
    /// The readiness probe's current verdict.
    pub(crate) probe_ready: bool,
    /// Set by the scenario's `setReadiness`: the probe will fail (`false`) or pass (`true`).
    pub(crate) probe_passes: bool,
    /// Bumped on every readiness change request, so stale probe wake-ups are ignored.
    pub(crate) probe_epoch: u64,
    /// The node controller set Ready=False because the node stopped reporting.
    pub(crate) node_lost: bool,
    /// When the taint eviction controller will delete it, if it has scheduled that.
    pub(crate) eviction_at: Option<u64>,
    pub(crate) ready_since: Option<u64>,
    pub(crate) restarts: u32,
    /// When the container exited last, and the exit before the running container started
    /// (its `lastState`, which kubectl's RESTARTS reads).
    pub(crate) exit_ms: u64,
    pub(crate) last_exit_ms: Option<u64>,
    pub(crate) ip: Option<Rc<str>>,
    /// When graceful deletion was requested.
    pub(crate) deleted_at: Option<u64>,
    /// Crashes still to come (scenario `crashPod`).
    pub(crate) crashes_left: u32,
    /// The kubelet's restart back-off for the container (0: none yet), and when it was last
    /// moved on (`flowcontrol.Backoff`'s `lastUpdate`).
    pub(crate) backoff: u64,
    pub(crate) backoff_updated: u64,
    pub(crate) schedule_attempts: u32,
    /// When the scheduler last failed to place it: its back-off runs from there.
    pub(crate) last_attempt_ms: u64,
    /// Placed by the scheduler, waiting in PreBind for its claims to be bound.
    pub(crate) waiting_binding: bool,
    pub(crate) unschedulable_message: Option<String>,
    /// Phase Failed, set by the pod garbage collector just before it deletes the pod
    /// (`markFailedAndDeletePodWithCondition`).
    pub(crate) failed: bool,
}

impl Pod {
    pub(crate) fn key(&self) -> NsName {
        (self.namespace.clone(), self.name.clone())
    }

    /// The key of one of its claims.
    pub(crate) fn claim_key(&self, claim: &Rc<str>) -> NsName {
        (self.namespace.clone(), claim.into())
    }

    pub(crate) fn ready(&self) -> bool {
        self.containers == Containers::Running && self.probe_ready && !self.node_lost && !self.failed
    }

    /// The node the pod is bound to, or that the scheduler chose and holds for it while its
    /// volumes are bound (the scheduler's "assumed" pod counts there when it scores nodes).
    pub(crate) fn placed_on(&self) -> Option<&Name> {
        self.node.as_ref().or(self.nominated.as_ref())
    }

    pub(crate) fn terminating(&self) -> bool {
        self.deleted_at.is_some()
    }

    pub(crate) fn set_owner(&self) -> Option<(&Name, u64)> {
        match &self.owner {
            Some(Owner::StatefulSet { name, uid }) => Some((name, *uid)),
            _ => None,
        }
    }

    /// Its containers' images, as the kubelet pulls them (a repeated image once).
    pub(crate) fn images(&self) -> Vec<String> {
        images(&self.template).into_iter().map(str::to_owned).collect()
    }



    /// kubectl's STATUS column, per `printPod` in `pkg/printers/internalversion/printers.go`.
    pub(crate) fn status(&self) -> &'static str {
        // A terminal phase is shown as it is, deleted or not.
        if self.failed {
            return "Failed";
        }
        if self.terminating() {
            return "Terminating";
        }
        match self.containers {
            Containers::Unreported => "Pending",
            Containers::Creating => "ContainerCreating",
            Containers::Running => "Running",
            Containers::Crashed => "Error",
            Containers::BackOff => "CrashLoopBackOff",
            Containers::Stopped => "Completed",
        }
    }

    pub(crate) fn phase(&self) -> &'static str {
        if self.failed {
            "Failed"
        } else if self.started {
            "Running"
        } else {
            "Pending"
        }
    }

    /// Its claims' names, as its volumes give them.
    pub(crate) fn claims(&self) -> &Rc<[Rc<str>]> {
        &self.meta.claims
    }

    /// Adoption and orphaning change the owner in place: the shared part of the views is made
    /// again if it names another controller.
    pub(crate) fn set_owner_to(&mut self, owner: Option<Owner>) {
        self.owner = owner;
        let controlled_by = self.set_owner().map(|(n, _)| n.text());
        if self.meta.controlled_by != controlled_by {
            Rc::make_mut(&mut self.meta).controlled_by = controlled_by;
        }
    }

    /// What an observer sees now.
    pub(crate) fn view(&self) -> View {
        View::Pod(PodView {
            meta: self.meta.clone(),
            phase: self.phase(),
            status: self.status(),
            ready: self.ready(),
            containers_ready: self.containers == Containers::Running && self.probe_ready,
            node: self.node.as_ref().map(Name::text),
            restarts: self.restarts,
            last_exit_ms: self.last_exit_ms,
            ip: self.ip.clone(),
            terminating: self.terminating(),
        })
    }
}

/// A pod template's container images, a repeated image once.
pub(crate) fn images(template: &PodTemplateSpec) -> Vec<&str> {
    let mut images: Vec<&str> = template.spec.containers.iter().map(|c| c.image.as_deref().unwrap_or_default()).collect();
    images.dedup();
    images
}

pub const REVISION_LABEL: &str = "controller-revision-hash";
pub(crate) const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub(crate) const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ClaimPhase {
    Pending,
    Bound,
}

#[derive(Clone, Debug)]
pub(crate) struct Claim {
    /// A UUID: dynamically provisioned volumes are named `pvc-<uid>`.
    pub(crate) uid: Rc<str>,
    pub(crate) namespace: Name,
    pub(crate) name: Name,
    /// After the default class was applied at creation; `None` or `""`: no class.
    pub(crate) class: Option<Rc<str>>,
    /// What its views show that never changes, shared with them.
    pub(crate) meta: Rc<PvcMeta>,
    pub(crate) request: u128,
    pub(crate) selector: Option<LabelSelector>,
    /// The slot of the volume it is bound to (or pre-bound to by `spec.volumeName`).
    pub(crate) volume: Option<VolumeId>,
    pub(crate) phase: ClaimPhase,
    pub(crate) selected_node: Option<Name>,
    pub(crate) deleting: bool,
    pub(crate) owners: Vec<Owner>,
    pub(crate) provisioning: bool,
    /// The last event the volume controller gave, so it is not repeated on every sync.
    pub(crate) last_reason: Option<&'static str>,
}

impl Claim {
    pub(crate) fn class_name(&self) -> &str {
        self.class.as_deref().unwrap_or("")
    }

    pub(crate) fn access_modes(&self) -> &[String] {
        &self.meta.access_modes
    }

    /// Its view, given its volume's name and capacity.
    pub(crate) fn view(&self, volume: Option<Rc<str>>, capacity: Option<Rc<str>>) -> View {
        View::PersistentVolumeClaim(PvcView {
            meta: self.meta.clone(),
            phase: match self.phase {
                ClaimPhase::Pending => "Pending",
                ClaimPhase::Bound => "Bound",
            },
            volume,
            terminating: self.deleting,
            capacity: if self.phase == ClaimPhase::Bound { capacity } else { None },
            selected_node: self.selected_node.as_ref().map(Name::text),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VolumePhase {
    Pending,
    Available,
    Bound,
    Released,
    /// Its reclaim failed (a `Delete` volume no deleter can remove).
    Failed,
}

#[derive(Clone, Debug)]
pub(crate) struct Volume {
    pub(crate) name: Name,
    pub(crate) labels: Map,
    pub(crate) capacity: u128,
    pub(crate) affinity: Option<NodeSelector>,
    /// What its views show that never changes (class, capacity, access modes, reclaim policy, node
    /// affinity as text), made with the volume and shared with its views.
    pub(crate) meta: Rc<PvMeta>,
    /// `(namespace, name, claim uid, the name's slot)`; the uid is empty for a claimRef written
    /// in a manifest.
    pub(crate) claim: Option<(Name, Name, Rc<str>, ClaimId)>,
    pub(crate) phase: VolumePhase,
    /// Whether its plugin attaches it to a node before the kubelet mounts it (not `local`,
    /// `hostPath` or a network file system such as `nfs`).
    pub(crate) attachable: bool,
    pub(crate) deleting: bool,
    /// Why reclaiming it by deletion fails, for a volume made by hand that no provisioner
    /// answers for; `None`: its provisioner deletes it.
    pub(crate) undeletable: Option<Rc<str>>,
}

impl Volume {
    /// The shared part of a volume's views: its affinity is written out once, not per change.
    pub(crate) fn meta(
        name: &Name,
        storage_class: Rc<str>,
        reclaim_policy: Rc<str>,
        capacity: Rc<str>,
        access_modes: Rc<[String]>,
        affinity: Option<&NodeSelector>,
    ) -> Rc<PvMeta> {
        let node_affinity = affinity.map(|a| -> Rc<str> {
            a.node_selector_terms
                .iter()
                .map(|t| {
                    t.match_expressions
                        .iter()
                        .map(|e| format!("{} {} ({})", e.key, e.operator, e.values.join(", ")))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect::<Vec<_>>()
                .join(" or ")
                .into()
        });
        let node = affinity.and_then(|a| match a.node_selector_terms.as_slice() {
            [t] => t
                .match_expressions
                .iter()
                .find(|e| e.key == HOSTNAME_LABEL && e.operator == "In" && e.values.len() == 1)
                .map(|e| e.values[0].as_str().into()),
            _ => None,
        });
        Rc::new(PvMeta {
            namespace: None,
            name: name.text(),
            storage_class,
            reclaim_policy,
            capacity,
            access_modes,
            node,
            node_affinity,
        })
    }

    pub(crate) fn class(&self) -> &str {
        &self.meta.storage_class
    }

    pub(crate) fn access_modes(&self) -> &[String] {
        &self.meta.access_modes
    }

    pub(crate) fn single_access(&self) -> bool {
        !self.access_modes().iter().any(|m| m == "ReadWriteMany" || m == "ReadOnlyMany")
    }

    pub(crate) fn fits_node(&self, labels: &Map) -> bool {
        self.affinity.as_ref().is_none_or(|a| a.matches(labels))
    }

    pub(crate) fn view(&self) -> View {
        View::PersistentVolume(PvView {
            meta: self.meta.clone(),
            phase: match self.phase {
                VolumePhase::Pending => "Pending",
                VolumePhase::Available => "Available",
                VolumePhase::Bound => "Bound",
                VolumePhase::Released => "Released",
                VolumePhase::Failed => "Failed",
            },
            claim: self.claim.as_ref().map(|(ns, n, _, _)| join(&[ns, "/", n])),
            terminating: self.deleting,
        })
    }
}

pub(crate) const HOSTNAME_LABEL: &str = "kubernetes.io/hostname";
pub(crate) const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
pub(crate) const UNREACHABLE_TAINT: &str = "node.kubernetes.io/unreachable";
pub(crate) const OUT_OF_SERVICE_TAINT: &str = "node.kubernetes.io/out-of-service";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NodeReady {
    True,
    Unknown,
}

#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) name: Name,
    pub(crate) labels: Map,
    pub(crate) taints: Vec<Taint>,
    pub(crate) unschedulable: bool,
    pub(crate) ready: NodeReady,
    /// Whether the machine is running and its kubelet reporting (the truth the API only sees late).
    pub(crate) up: bool,
    /// Bumped whenever `up` changes, so stale monitor wake-ups are ignored.
    pub(crate) epoch: u64,
    /// When the node monitor finds it silent (its grace period ends), while it is down.
    pub(crate) silent_at: Option<u64>,
    pub(crate) images: BTreeSet<String>,
    /// Index into the pod network: pods here get `10.<index+1>.x.y`.
    pub(crate) subnet: u32,
    pub(crate) next_ip: u32,
    /// Pods bound to it or held for it by the scheduler, in all and per StatefulSet uid.
    pub(crate) pods: u32,
    /// `(StatefulSet uid, pods)`, for the few sets with pods here (the scheduler spreads each).
    pub(crate) set_pods: Vec<(u64, u32)>,
    pub(crate) published: Published,
}

impl Node {
    /// How many pods of the StatefulSet with uid `set` are here.
    pub(crate) fn pods_of_set(&self, set: u64) -> u32 {
        self.set_pods.iter().find(|(s, _)| *s == set).map_or(0, |(_, pods)| *pods)
    }

    pub(crate) fn has_taint(&self, key: &str) -> bool {
        self.taints.iter().any(|t| t.key == key)
    }

    pub(crate) fn view(&self) -> View {
        View::Node(Box::new(NodeView {
            namespace: None,
            name: self.name.text(),
            ready: match self.ready {
                NodeReady::True => "True",
                NodeReady::Unknown => "Unknown",
            },
            taints: self
                .taints
                .iter()
                .map(|t| {
                    if t.value.is_empty() {
                        format!("{}:{}", t.key, t.effect)
                    } else {
                        format!("{}={}:{}", t.key, t.value, t.effect)
                    }
                })
                .collect(),
            unschedulable: self.unschedulable,
            zone: self.labels.get(ZONE_LABEL).cloned(),
        }))
    }
}

/// What the StatefulSet controller needs to know of one of its pods, kept up to date on every pod
/// change so a sync never has to walk all pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PodFacts {
    /// The pod's uid (a pod made again at the ordinal has another).
    pub(crate) uid: u64,
    pub(crate) terminating: bool,
    pub(crate) running_ready: bool,
    pub(crate) available: bool,
    pub(crate) pending: bool,
    pub(crate) revision: Rc<str>,
}

impl PodFacts {
    pub(crate) fn healthy(&self) -> bool {
        !self.terminating && self.running_ready && self.available
    }
}

/// The StatefulSet's pods by ordinal, with the sets and counters a sync reads.
#[derive(Clone, Debug, Default)]
pub(crate) struct SetIndex {
    pub(crate) pods: BTreeMap<u32, PodFacts>,
    /// Ordinals whose pod exists but is not healthy (terminating, not Running and Ready, or not
    /// yet Available).
    pub(crate) unhealthy: BTreeSet<u32>,
    /// Ordinals in `[start, start + replicas)` that have no pod.
    pub(crate) missing: BTreeSet<u32>,
    /// Ordinals whose pod is not terminating.
    pub(crate) alive: BTreeSet<u32>,
    pub(crate) ready: u32,
    pub(crate) available: u32,
    pub(crate) current: u32,
    pub(crate) updated: u32,
}

impl SetIndex {
    fn count(&mut self, facts: &PodFacts, revisions: (&str, &str), sign: i64) {
        let add = |n: &mut u32, yes: bool| {
            if yes {
                *n = (*n as i64 + sign).max(0) as u32;
            }
        };
        add(&mut self.ready, facts.running_ready);
        add(&mut self.available, facts.running_ready && facts.available);
        add(&mut self.current, !facts.terminating && *facts.revision == *revisions.0);
        add(&mut self.updated, !facts.terminating && *facts.revision == *revisions.1);
    }

    /// Records a pod's new facts (or its removal, `None`). The unhealthy and alive sets are
    /// touched only if the pod joins or leaves them (they hold exactly the ordinals whose facts
    /// say so): most changes, a pod turning Ready for one, move it in or out of one at most.
    pub(crate) fn put(
        &mut self,
        ordinal: u32,
        facts: Option<PodFacts>,
        range: (u32, u32),
        revisions: (&str, &str),
    ) {
        let old = self.pods.get(&ordinal).cloned();
        let flags = |f: &PodFacts| (!f.healthy(), !f.terminating);
        let (was_unhealthy, was_alive) = old.as_ref().map_or((false, false), flags);
        let (unhealthy, alive) = facts.as_ref().map_or((false, false), flags);
        if let Some(old) = &old {
            self.count(old, revisions, -1);
        }
        match facts {
            Some(f) => {
                self.count(&f, revisions, 1);
                self.missing.remove(&ordinal);
                self.pods.insert(ordinal, f);
            }
            None => {
                self.pods.remove(&ordinal);
                if (range.0..range.1).contains(&ordinal) {
                    self.missing.insert(ordinal);
                }
            }
        }
        for (set, was, is) in [(&mut self.unhealthy, was_unhealthy, unhealthy), (&mut self.alive, was_alive, alive)] {
            if was && !is {
                set.remove(&ordinal);
            } else if is && !was {
                set.insert(ordinal);
            }
        }
    }

    /// Recomputes what depends on the range or the revisions.
    pub(crate) fn reset(&mut self, range: (u32, u32), revisions: (&str, &str)) {
        let pods = std::mem::take(&mut self.pods);
        *self = SetIndex::default();
        self.missing = order::set((range.0..range.1).filter(|o| !pods.contains_key(o)));
        for (ordinal, facts) in pods {
            self.put(ordinal, Some(facts), range, revisions);
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Set {
    pub(crate) uid: u64,
    /// The key's names, shared with its pods and views.
    pub(crate) namespace: Name,
    pub(crate) name: Name,
    pub(crate) spec: manifest::StatefulSet,
    /// What the view shows of the spec, taken once per applied spec and shared with the views.
    pub(crate) meta: Rc<StatefulSetMeta>,
    pub(crate) current_revision: Rc<str>,
    pub(crate) update_revision: Rc<str>,
    /// Each revision's template (a handful: one per template the set has had).
    pub(crate) revisions: Vec<(Rc<str>, Rc<PodTemplateSpec>)>,
    /// Foreground deletion in progress: the set waits for its pods to go.
    pub(crate) deleting: bool,
    pub(crate) index: SetIndex,
    /// The last `FailedCreate` message, so a stuck creation is reported once.
    pub(crate) failed_create: Option<String>,
    /// A claim in the set's namespace was removed: pending pods may need theirs made again.
    pub(crate) claims_removed: bool,
    /// The ordinal from which the pods' claims may not have the owners the retention policy
    /// gives them (after a new policy or scale, or when the set adopts pods); `None` once they
    /// all do.
    pub(crate) retention_from: Option<u32>,
    /// The pods the sync under way created, all and at the update revision: the real
    /// controller's status does not count a pod it has only just sent (`isCreated`: the pod has
    /// no phase yet), so a rollout can complete in the sync that recreates its last pod.
    pub(crate) created_in_sync: (u32, u32),
    pub(crate) published: Published,
}

impl Set {
    /// A new set at its first revision.
    pub(crate) fn new(uid: u64, key: NsName, spec: manifest::StatefulSet, revision: Rc<str>) -> Set {
        let template = Rc::new(spec.spec.template.clone());
        Set {
            uid,
            meta: set_meta(&key.0, &key.1, &spec),
            namespace: key.0,
            name: key.1,
            spec,
            current_revision: revision.clone(),
            update_revision: revision.clone(),
            revisions: vec![(revision, template)],
            deleting: false,
            index: SetIndex::default(),
            failed_create: None,
            claims_removed: false,
            retention_from: None,
            created_in_sync: (0, 0),
            published: Published::default(),
        }
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Takes a new spec, and what the view shows of it.
    pub(crate) fn set_spec(&mut self, spec: manifest::StatefulSet) {
        // Another retention policy, or under `whenScaled: Delete` other pods condemned: every
        // claim is looked at again. (Under `whenScaled: Retain` a claim's owners do not depend
        // on whether its pod is condemned.)
        let policy = |s: &manifest::StatefulSet| s.retention_delete();
        let range = |s: &manifest::StatefulSet| (s.ordinal_start(), s.replicas());
        if policy(&spec) != policy(&self.spec) || (policy(&spec).1 && range(&spec) != range(&self.spec)) {
            self.retention_from = Some(0);
        }
        self.meta = set_meta(&self.namespace, &self.name, &spec);
        self.spec = spec;
    }
    /// `[start, start + replicas)`.
    pub(crate) fn range(&self) -> (u32, u32) {
        let start = self.spec.ordinal_start();
        (start, start.saturating_add(self.spec.replicas()))
    }
    /// The ordinal of a pod of this set, from its name (`<set>-<digits>`, §A2).
    pub(crate) fn ordinal_of(&self, pod_name: &Name) -> Option<u32> {
        pod_name.with_bytes(|name| {
            let rest = name.strip_prefix(self.name().as_bytes())?.strip_prefix(b"-")?;
            if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) || (rest.len() > 1 && rest[0] == b'0') {
                return None;
            }
            std::str::from_utf8(rest).ok()?.parse().ok()
        })
    }

    pub(crate) fn view(&self) -> View {
        View::StatefulSet(StatefulSetView {
            meta: self.meta.clone(),
            spec_replicas: self.spec.replicas(),
            replicas: self.index.pods.len() as u32,
            ready_replicas: self.index.ready,
            available_replicas: self.index.available,
            current_replicas: self.index.current,
            updated_replicas: self.index.updated,
            current_revision: self.current_revision.clone(),
            update_revision: self.update_revision.clone(),
            terminating: self.deleting,
        })
    }
}

fn set_meta(namespace: &Name, name: &Name, spec: &manifest::StatefulSet) -> Rc<StatefulSetMeta> {
    Rc::new(StatefulSetMeta {
        namespace: namespace.text(),
        name: name.text(),
        service_name: spec.spec.service_name.as_str().into(),
        pod_management_policy: if spec.parallel() { "Parallel" } else { "OrderedReady" },
        ordinal_start: spec.ordinal_start(),
        claim_templates: spec.spec.volume_claim_templates.iter().map(|t| t.metadata.name.clone()).collect(),
    })
}

/// A volume attached, or being attached, to a node.
#[derive(Clone, Debug)]
pub(crate) struct Attachment {
    /// VolumeAttachment names are `csi-<sha256 of volume, attacher and node>`; Ordinal uses a
    /// shorter, stable hash of the same inputs, `csi-<hash as 16 hex digits>`, so sorting by the
    /// hash sorts by name.
    pub(crate) hash: u64,
    pub(crate) name: Rc<str>,
    pub(crate) attached: bool,
    /// A detach is under way (normal or forced); the volume is still attached until it ends.
    pub(crate) detaching: bool,
    pub(crate) published: Published,
    /// Its entry in the volumes' list of attachments for checkpoints, given when attached.
    pub(crate) entry: u32,
}

impl Attachment {
    pub(crate) fn new(volume: &str, node: &str) -> Attachment {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in volume.bytes().chain([0]).chain(node.bytes()) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x100_0000_01b3);
        }
        let name = join(&["csi-", Digits::hex(hash, 16).as_str()]);
        Attachment { hash, name, attached: false, detaching: false, published: Published::default(), entry: 0 }
    }
}
