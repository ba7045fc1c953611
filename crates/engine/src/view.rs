//! What an observer of the API sees: each object as `kubectl get -w` would report it, the watch
//! changes and Kubernetes Events. These are the timeline's records and the state's contents; the
//! controllers' private bookkeeping never appears here.
//!
//! Names and other texts are `Rc<str>` (lists `Rc<[_]>`) shared with the simulation's objects:
//! a run builds a view on every change, so a view costs one allocation, not one per field, and
//! thousands of records naming the same pod hold one copy of its name. The kinds that change
//! often keep what does not change in a `...Meta` shared by all the object's views.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;

use manifest::{Map, PodTemplateSpec};

use crate::objects::{POD_INDEX_LABEL, POD_NAME_LABEL};
/// The label a StatefulSet's pods carry their revision in (`controller-revision-hash`).
pub use crate::objects::REVISION_LABEL;

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// A pod as `kubectl get pods` reports it.
///
/// What never changes for a pod is in [`PodMeta`], behind one `Rc` that all its views share (and
/// that its fields read through, by `Deref`): a pod changes several times on its way to Ready, and
/// each change then costs a small view instead of a copy of every field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodView {
    pub meta: Rc<PodMeta>,
    /// Pending, Running, Succeeded, Failed or Unknown.
    pub phase: &'static str,
    /// kubectl's STATUS column: Pending, ContainerCreating, Running, Terminating, CrashLoopBackOff...
    pub status: &'static str,
    pub ready: bool,
    /// Whether its kubelet last reported the containers ready, which kubectl's READY column
    /// counts: the node controller only turns the pod's Ready condition off when the node falls
    /// silent (`MarkPodsNotReady`), so a pod there reads `1/1` while not Ready.
    pub containers_ready: bool,
    pub node: Option<Rc<str>>,
    pub restarts: u32,
    /// When its container last exited (its `lastState.terminated.finishedAt`), once it has
    /// restarted: kubectl's RESTARTS reads `2 (15s ago)`.
    pub last_exit_ms: Option<u64>,
    pub ip: Option<Rc<str>>,
    pub terminating: bool,
}

/// The part of a pod's view that stays the same from view to view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodMeta {
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    /// The PersistentVolumeClaims its volumes name.
    pub claims: Rc<[Rc<str>]>,
    /// The StatefulSet that controls it, if any.
    pub controlled_by: Option<Rc<str>>,
    /// `metadata.uid`: a pod recreated with the same name is a new pod, with a new uid.
    pub uid: Rc<str>,
    /// How many containers the pod has (kubectl's READY is `ready/containers`).
    pub containers: u32,
    pub labels: PodLabels,
    pub hostname: Rc<str>,
    pub subdomain: Rc<str>,
}

/// A pod's labels: its template's, shared by the pods of a revision, and the three the
/// StatefulSet controller gives each pod (which win over the template's). A map of its own per pod
/// was a tenth of a run's memory at 10,000 replicas.
#[derive(Clone, Debug)]
pub struct PodLabels {
    template: Rc<PodTemplateSpec>,
    pod_name: Rc<str>,
    index: u32,
    revision: Rc<str>,
}

impl PodLabels {
    pub(crate) fn new(template: Rc<PodTemplateSpec>, pod_name: Rc<str>, index: u32, revision: Rc<str>) -> PodLabels {
        PodLabels { template, pod_name, index, revision }
    }

    pub fn get(&self, key: &str) -> Option<Cow<'_, str>> {
        match key {
            POD_NAME_LABEL => Some(Cow::Borrowed(&self.pod_name)),
            POD_INDEX_LABEL => Some(Cow::Owned(self.index.to_string())),
            REVISION_LABEL => Some(Cow::Borrowed(&self.revision)),
            _ => self.template.metadata.labels.get(key).map(|v| Cow::Borrowed(v.as_str())),
        }
    }

    /// All of them, as a map.
    pub fn to_map(&self) -> Map {
        let mut labels = self.template.metadata.labels.clone();
        labels.insert(POD_NAME_LABEL.into(), self.pod_name.to_string());
        labels.insert(POD_INDEX_LABEL.into(), self.index.to_string());
        labels.insert(REVISION_LABEL.into(), self.revision.to_string());
        labels
    }
}

impl PodMeta {
    /// The port a Service port's target is in this pod (`FindPort`): a number is itself; a name
    /// is the number of the container port of that name and protocol, if a container has one.
    pub fn find_port(&self, target: &TargetPort, protocol: &str) -> Option<i64> {
        match target {
            TargetPort::Number(n) => Some(*n),
            TargetPort::Name(name) => self.labels.template.spec.containers.iter().flat_map(|c| &c.ports).find_map(|p| {
                let same = p.name.as_deref() == Some(name.as_str()) && p.protocol.as_deref().unwrap_or("TCP") == protocol;
                same.then_some(p.container_port)
            }),
        }
    }
}

impl PartialEq for PodLabels {
    fn eq(&self, other: &PodLabels) -> bool {
        (self.pod_name == other.pod_name && self.index == other.index && self.revision == other.revision)
            && (Rc::ptr_eq(&self.template, &other.template)
                || self.template.metadata.labels == other.template.metadata.labels)
            || self.to_map() == other.to_map()
    }
}

impl Eq for PodLabels {}

impl Deref for PodView {
    type Target = PodMeta;
    fn deref(&self) -> &PodMeta {
        &self.meta
    }
}

/// The fields in the order `kubectl`'s JSON has them (meta and changing fields interleave).
impl Serialize for PodView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("PodView", 11)?;
        s.serialize_field("namespace", &self.namespace)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("phase", self.phase)?;
        s.serialize_field("status", self.status)?;
        s.serialize_field("ready", &self.ready)?;
        s.serialize_field("node", &self.node)?;
        s.serialize_field("restarts", &self.restarts)?;
        s.serialize_field("claims", &self.claims)?;
        s.serialize_field("ip", &self.ip)?;
        s.serialize_field("controlledBy", &self.controlled_by)?;
        s.serialize_field("uid", &self.uid)?;
        s.end()
    }
}

/// A claim as `kubectl get pvc` reports it; what never changes is in [`PvcMeta`], shared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PvcView {
    pub meta: Rc<PvcMeta>,
    /// Pending, Bound or Lost.
    pub phase: &'static str,
    pub volume: Option<Rc<str>>,
    pub terminating: bool,
    /// The bound volume's capacity, as kubectl's CAPACITY column.
    pub capacity: Option<Rc<str>>,
    /// `volume.kubernetes.io/selected-node`, written by the scheduler for WaitForFirstConsumer.
    pub selected_node: Option<Rc<str>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PvcMeta {
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    pub storage_class: Option<Rc<str>>,
    pub access_modes: Rc<[String]>,
}

impl Deref for PvcView {
    type Target = PvcMeta;
    fn deref(&self) -> &PvcMeta {
        &self.meta
    }
}

impl Serialize for PvcView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("PvcView", 9)?;
        s.serialize_field("namespace", &self.namespace)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("phase", self.phase)?;
        s.serialize_field("volume", &self.volume)?;
        s.serialize_field("terminating", &self.terminating)?;
        s.serialize_field("storageClass", &self.storage_class)?;
        s.serialize_field("capacity", &self.capacity)?;
        s.serialize_field("accessModes", &self.access_modes)?;
        s.serialize_field("selectedNode", &self.selected_node)?;
        s.end()
    }
}

/// A volume as `kubectl get pv` reports it; what never changes is in [`PvMeta`], shared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PvView {
    pub meta: Rc<PvMeta>,
    /// Pending, Available, Bound, Released or Failed.
    pub phase: &'static str,
    /// `namespace/name` of the claim it is bound to.
    pub claim: Option<Rc<str>>,
    pub terminating: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PvMeta {
    pub namespace: Option<String>,
    pub name: Rc<str>,
    pub storage_class: Rc<str>,
    pub reclaim_policy: Rc<str>,
    pub capacity: Rc<str>,
    pub access_modes: Rc<[String]>,
    /// The node its required node affinity pins it to (local volumes), if exactly one.
    pub node: Option<Rc<str>>,
    /// Its required node affinity, as `key in (values)` terms, if any.
    pub node_affinity: Option<Rc<str>>,
}

impl Deref for PvView {
    type Target = PvMeta;
    fn deref(&self) -> &PvMeta {
        &self.meta
    }
}

impl Serialize for PvView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("PvView", 11)?;
        s.serialize_field("namespace", &self.namespace)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("phase", self.phase)?;
        s.serialize_field("claim", &self.claim)?;
        s.serialize_field("storageClass", &self.storage_class)?;
        s.serialize_field("reclaimPolicy", &self.reclaim_policy)?;
        s.serialize_field("capacity", &self.capacity)?;
        s.serialize_field("accessModes", &self.access_modes)?;
        s.serialize_field("node", &self.node)?;
        s.serialize_field("nodeAffinity", &self.node_affinity)?;
        s.serialize_field("terminating", &self.terminating)?;
        s.end()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    pub namespace: Option<String>,
    pub name: Rc<str>,
    /// The Ready condition: "True", "False" or "Unknown".
    pub ready: &'static str,
    /// As `kubectl taint` writes them: `key=value:Effect` or `key:Effect`.
    pub taints: Vec<String>,
    pub unschedulable: bool,
    /// `topology.kubernetes.io/zone`, if labelled.
    pub zone: Option<String>,
}

/// A StatefulSet as `kubectl get sts` reports it, with its status counters. It changes as its
/// pods do; what only its spec changes is in [`StatefulSetMeta`], shared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSetView {
    pub meta: Rc<StatefulSetMeta>,
    /// `spec.replicas`: kubectl's READY column is `readyReplicas/specReplicas`.
    pub spec_replicas: u32,
    pub replicas: u32,
    pub ready_replicas: u32,
    pub available_replicas: u32,
    pub current_replicas: u32,
    pub updated_replicas: u32,
    pub current_revision: Rc<str>,
    pub update_revision: Rc<str>,
    pub terminating: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSetMeta {
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    pub service_name: Rc<str>,
    pub pod_management_policy: &'static str,
    pub ordinal_start: u32,
    /// The volumeClaimTemplates' names.
    pub claim_templates: Rc<[String]>,
}

impl StatefulSetView {
    /// Mid rolling update (or stopped in one, by a partition or `OnDelete`): its pods are being
    /// updated to another revision than the current one.
    pub fn updating(&self) -> bool {
        self.current_revision != self.update_revision
    }
}

impl Deref for StatefulSetView {
    type Target = StatefulSetMeta;
    fn deref(&self) -> &StatefulSetMeta {
        &self.meta
    }
}

impl Serialize for StatefulSetView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("StatefulSetView", 15)?;
        s.serialize_field("namespace", &self.namespace)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("specReplicas", &self.spec_replicas)?;
        s.serialize_field("replicas", &self.replicas)?;
        s.serialize_field("readyReplicas", &self.ready_replicas)?;
        s.serialize_field("availableReplicas", &self.available_replicas)?;
        s.serialize_field("currentReplicas", &self.current_replicas)?;
        s.serialize_field("updatedReplicas", &self.updated_replicas)?;
        s.serialize_field("currentRevision", &self.current_revision)?;
        s.serialize_field("updateRevision", &self.update_revision)?;
        s.serialize_field("serviceName", &self.service_name)?;
        s.serialize_field("podManagementPolicy", self.pod_management_policy)?;
        s.serialize_field("ordinalStart", &self.ordinal_start)?;
        s.serialize_field("claimTemplates", &self.claim_templates)?;
        s.serialize_field("terminating", &self.terminating)?;
        s.end()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceView {
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    pub headless: bool,
    pub selector: BTreeMap<String, String>,
    /// The named ports (the ones DNS has SRV records for).
    pub ports: Vec<ServicePortView>,
    pub publish_not_ready_addresses: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePortView {
    pub name: String,
    pub port: i64,
    pub protocol: String,
    /// As defaulted: the port's number when unset.
    pub target_port: TargetPort,
}

/// A Service port's `targetPort`: a number, or the name of a container port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TargetPort {
    Number(i64),
    Name(String),
}

/// A volume attached (or being attached) to a node by the attach/detach controller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeAttachmentView {
    pub namespace: Option<String>,
    pub name: Rc<str>,
    pub volume: Rc<str>,
    pub node: Rc<str>,
    pub attached: bool,
}

/// Any object the timeline reports, tagged with its kind.
///
/// A run makes one on every change, so its size is what every change costs: the kinds that change
/// rarely and are large (nodes, Services) are boxed, to keep it that of the frequent ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind")]
pub enum View {
    Pod(PodView),
    PersistentVolumeClaim(PvcView),
    PersistentVolume(PvView),
    Node(Box<NodeView>),
    StatefulSet(StatefulSetView),
    Service(Box<ServiceView>),
    VolumeAttachment(VolumeAttachmentView),
}

impl View {
    /// A digest of the fields that change most often, taken from their contents: equal views
    /// have equal prints, so views whose prints differ differ, and telling so reads neither the
    /// older view nor the texts only the shared parts hold.
    pub(crate) fn print(&self) -> u64 {
        let mut h = Print(0xcbf2_9ce4_8422_2325);
        match self {
            View::Pod(v) => {
                h.text(Some(v.phase)).text(Some(v.status)).text(v.node.as_deref());
                h.number(u64::from(v.restarts)).number(u64::from(v.ready) | u64::from(v.terminating) << 1);
            }
            View::PersistentVolumeClaim(v) => {
                h.text(Some(v.phase)).text(v.volume.as_deref()).text(v.capacity.as_deref());
                h.text(v.selected_node.as_deref()).number(u64::from(v.terminating));
            }
            View::PersistentVolume(v) => {
                h.text(Some(v.phase)).text(v.claim.as_deref()).number(u64::from(v.terminating));
            }
            View::StatefulSet(v) => {
                for n in [v.spec_replicas, v.replicas, v.ready_replicas, v.available_replicas, v.current_replicas] {
                    h.number(u64::from(n));
                }
                h.number(u64::from(v.updated_replicas)).number(u64::from(v.terminating));
            }
            View::VolumeAttachment(v) => {
                h.number(u64::from(v.attached));
            }
            View::Node(_) | View::Service(_) => {}
        }
        h.0
    }
}

/// What [`View::print`] feeds: a text by its length and its first and last eight bytes (cheap,
/// and still the same for equal texts).
struct Print(u64);

impl Print {
    fn text(&mut self, text: Option<&str>) -> &mut Print {
        let Some(text) = text else { return self.number(u64::MAX) };
        let bytes = text.as_bytes();
        let n = bytes.len();
        let (first, last) = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(first), Some(last)) => (u64::from_le_bytes(*first), u64::from_le_bytes(*last)),
            _ => (bytes.iter().fold(0, |w, &b| w << 8 | u64::from(b)), 0),
        };
        self.number(n as u64).number(first).number(last)
    }

    fn number(&mut self, n: u64) -> &mut Print {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
        self
    }
}

/// The kinds, in the order a state lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Kind {
    Node,
    StatefulSet,
    Service,
    Pod,
    PersistentVolumeClaim,
    PersistentVolume,
    VolumeAttachment,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Node => "Node",
            Kind::StatefulSet => "StatefulSet",
            Kind::Service => "Service",
            Kind::Pod => "Pod",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::VolumeAttachment => "VolumeAttachment",
        }
    }
}

/// `(kind, namespace, name)`: what identifies an object. The namespace is `""` for
/// cluster-scoped kinds; the names are the view's own.
pub type ObjectKey = (Kind, Rc<str>, Rc<str>);

impl View {
    pub fn kind(&self) -> Kind {
        match self {
            View::Pod(_) => Kind::Pod,
            View::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            View::PersistentVolume(_) => Kind::PersistentVolume,
            View::Node(_) => Kind::Node,
            View::StatefulSet(_) => Kind::StatefulSet,
            View::Service(_) => Kind::Service,
            View::VolumeAttachment(_) => Kind::VolumeAttachment,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            View::Pod(v) => &v.name,
            View::PersistentVolumeClaim(v) => &v.name,
            View::PersistentVolume(v) => &v.name,
            View::Node(v) => &v.name,
            View::StatefulSet(v) => &v.name,
            View::Service(v) => &v.name,
            View::VolumeAttachment(v) => &v.name,
        }
    }

    /// The namespace, `""` for cluster-scoped kinds.
    pub fn namespace(&self) -> &str {
        match self {
            View::Pod(v) => &v.namespace,
            View::PersistentVolumeClaim(v) => &v.namespace,
            View::StatefulSet(v) => &v.namespace,
            View::Service(v) => &v.namespace,
            View::PersistentVolume(_) | View::Node(_) | View::VolumeAttachment(_) => "",
        }
    }

    pub fn key(&self) -> ObjectKey {
        let (namespace, name) = match self {
            View::Pod(v) => (v.namespace.clone(), &v.name),
            View::PersistentVolumeClaim(v) => (v.namespace.clone(), &v.name),
            View::StatefulSet(v) => (v.namespace.clone(), &v.name),
            View::Service(v) => (v.namespace.clone(), &v.name),
            View::PersistentVolume(v) => (Rc::from(""), &v.name),
            View::Node(v) => (Rc::from(""), &v.name),
            View::VolumeAttachment(v) => (Rc::from(""), &v.name),
        };
        (self.kind(), namespace, name.clone())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ChangeType {
    Added,
    Modified,
    Deleted,
}

/// One watch notification: the object as it is after the change (as it was, for `DELETED`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub t_ms: u64,
    #[serde(rename = "type")]
    pub change: ChangeType,
    /// Shared with the state: records are cheap to keep and to replay.
    #[serde(flatten)]
    pub object: Rc<View>,
    #[serde(skip)]
    pub key: Rc<ObjectKey>,
}

/// A Kubernetes Event (`kubectl get events`), about one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(rename = "t_ms")]
    pub t_ms: u64,
    /// Always `EVENT`, to tell events from changes in one stream.
    #[serde(rename = "type")]
    pub record: EventMarker,
    pub kind: &'static str,
    pub namespace: Option<Rc<str>>,
    pub name: Rc<str>,
    pub reason: &'static str,
    /// Shared by the Events that say the same thing (a container started, a claim waiting...).
    pub message: Rc<str>,
    /// `Normal` or `Warning`.
    pub event_type: &'static str,
}

/// Serializes as the string `EVENT`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum EventMarker {
    #[default]
    #[serde(rename = "EVENT")]
    Event,
}

/// One line of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Record {
    Change(Change),
    /// Boxed: an Event is four times the size of a Change, and a timeline holds hundreds of
    /// thousands of records side by side.
    Event(Box<Event>),
}

impl Record {
    pub fn t_ms(&self) -> u64 {
        match self {
            Record::Change(c) => c.t_ms,
            Record::Event(e) => e.t_ms,
        }
    }
}
