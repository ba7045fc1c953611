//! What an observer of the API sees: each object as `kubectl get -w` would report it, the watch
//! changes and Kubernetes Events. These are the timeline's records and the state's contents; the
//! controllers' private bookkeeping never appears here.
//!
//! Names and other texts are `Rc<str>` (lists `Rc<[_]>`) shared with the simulation's objects:
//! a run builds a view on every change, so a view costs one allocation, not one per field, and
//! thousands of records naming the same pod hold one copy of its name.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;

/// A pod as `kubectl get pods` reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodView {
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    /// Pending, Running, Succeeded, Failed or Unknown.
    pub phase: &'static str,
    /// kubectl's STATUS column: Pending, ContainerCreating, Running, Terminating, CrashLoopBackOff...
    pub status: &'static str,
    pub ready: bool,
    pub node: Option<Rc<str>>,
    pub restarts: u32,
    /// The PersistentVolumeClaims its volumes name.
    pub claims: Rc<[Rc<str>]>,
    pub ip: Option<Rc<str>>,
    /// The StatefulSet that controls it, if any.
    pub controlled_by: Option<Rc<str>>,
    /// `metadata.uid`: a pod recreated with the same name is a new pod, with a new uid.
    pub uid: Rc<str>,
    /// How many containers the pod has (kubectl's READY is `ready/containers`).
    #[serde(skip)]
    pub containers: u32,
    #[serde(skip)]
    pub labels: Rc<BTreeMap<String, String>>,
    #[serde(skip)]
    pub hostname: Rc<str>,
    #[serde(skip)]
    pub subdomain: Rc<str>,
    #[serde(skip)]
    pub terminating: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PvcView {
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    /// Pending, Bound or Lost.
    pub phase: &'static str,
    pub volume: Option<Rc<str>>,
    pub terminating: bool,
    pub storage_class: Option<Rc<str>>,
    /// The bound volume's capacity, as kubectl's CAPACITY column.
    pub capacity: Option<Rc<str>>,
    pub access_modes: Rc<[String]>,
    /// `volume.kubernetes.io/selected-node`, written by the scheduler for WaitForFirstConsumer.
    pub selected_node: Option<Rc<str>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PvView {
    pub namespace: Option<String>,
    pub name: Rc<str>,
    /// Pending, Available, Bound, Released or Failed.
    pub phase: &'static str,
    /// `namespace/name` of the claim it is bound to.
    pub claim: Option<Rc<str>>,
    pub storage_class: Rc<str>,
    pub reclaim_policy: Rc<str>,
    pub capacity: Rc<str>,
    pub access_modes: Rc<[String]>,
    /// The node its required node affinity pins it to (local volumes), if exactly one.
    pub node: Option<Rc<str>>,
    /// Its required node affinity, as `key in (values)` terms, if any.
    pub node_affinity: Option<Rc<str>>,
    pub terminating: bool,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetView {
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    /// `spec.replicas`: kubectl's READY column is `readyReplicas/specReplicas`.
    pub spec_replicas: u32,
    pub replicas: u32,
    pub ready_replicas: u32,
    pub available_replicas: u32,
    pub current_replicas: u32,
    pub updated_replicas: u32,
    pub current_revision: Rc<str>,
    pub update_revision: Rc<str>,
    pub service_name: Rc<str>,
    pub pod_management_policy: &'static str,
    pub ordinal_start: u32,
    /// The volumeClaimTemplates' names.
    pub claim_templates: Rc<[String]>,
    pub terminating: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceView {
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    pub headless: bool,
    pub selector: BTreeMap<String, String>,
    /// Named ports as `(name, port, protocol)`.
    pub ports: Vec<(String, i64, String)>,
    pub publish_not_ready_addresses: bool,
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind")]
pub enum View {
    Pod(PodView),
    PersistentVolumeClaim(PvcView),
    PersistentVolume(PvView),
    Node(NodeView),
    StatefulSet(StatefulSetView),
    Service(ServiceView),
    VolumeAttachment(VolumeAttachmentView),
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
            View::PersistentVolume(PvView { name, .. })
            | View::Node(NodeView { name, .. })
            | View::VolumeAttachment(VolumeAttachmentView { name, .. }) => (Rc::from(""), name),
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
    pub message: String,
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
