//! The typed objects Ordinal reads: the fields of each Kubernetes kind that the simulation uses, with
//! the API's own names (camelCase on the wire), plus the `Scenario` kind of Ordinal's own.
//!
//! Enumerated fields (`podManagementPolicy`, `reclaimPolicy`, ...) stay strings here so that a wrong
//! value is answered by validation with the API server's message rather than by a type error.
//! Defaults are applied by accessor methods, never by mutating what was read. `typed.rs` reads
//! each type from YAML.

use std::collections::BTreeMap;

use crate::units::{Duration, Quantity};

/// Labels or annotations.
pub type Map = BTreeMap<String, String>;

/// Where a thing was read from. Lines and columns count from 1.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// One object read from the input, with where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub object: Object,
    pub source: Source,
}

/// The kinds Ordinal simulates.
// A StatefulSet is much larger than the other kinds; objects are few, so boxing is not worth
// the noise in every match.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    StorageClass(StorageClass),
    PersistentVolume(PersistentVolume),
    PersistentVolumeClaim(PersistentVolumeClaim),
    Service(Service),
    StatefulSet(StatefulSet),
    Node(Node),
    Namespace(Namespace),
}

impl Object {
    pub fn kind(&self) -> &'static str {
        match self {
            Object::StorageClass(_) => "StorageClass",
            Object::PersistentVolume(_) => "PersistentVolume",
            Object::PersistentVolumeClaim(_) => "PersistentVolumeClaim",
            Object::Service(_) => "Service",
            Object::StatefulSet(_) => "StatefulSet",
            Object::Node(_) => "Node",
            Object::Namespace(_) => "Namespace",
        }
    }

    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            Object::StorageClass(o) => &o.metadata,
            Object::PersistentVolume(o) => &o.metadata,
            Object::PersistentVolumeClaim(o) => &o.metadata,
            Object::Service(o) => &o.metadata,
            Object::StatefulSet(o) => &o.metadata,
            Object::Node(o) => &o.metadata,
            Object::Namespace(o) => &o.metadata,
        }
    }

    /// Whether objects of this kind live in a namespace.
    pub fn is_namespaced(&self) -> bool {
        matches!(
            self,
            Object::PersistentVolumeClaim(_) | Object::Service(_) | Object::StatefulSet(_)
        )
    }

    /// The namespace the object lives in (`default` when unset), or `""` for cluster-scoped kinds.
    pub fn namespace(&self) -> &str {
        if self.is_namespaced() {
            self.metadata().namespace()
        } else {
            ""
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct ObjectMeta {
    pub name: String,
    pub namespace: Option<String>,
    pub labels: Map,
    pub annotations: Map,
}

impl ObjectMeta {
    /// `metadata.namespace`, defaulting to `default`.
    pub fn namespace(&self) -> &str {
        match self.namespace.as_deref() {
            Some(ns) if !ns.is_empty() => ns,
            _ => "default",
        }
    }
}

/// The leading fields every document has, read first to pick the kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeMeta {
    pub api_version: Option<String>,
    pub kind: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Selectors

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelector {
    pub match_labels: Map,
    pub match_expressions: Vec<SelectorRequirement>,
}

/// `{key, operator, values}`, as in label selectors (`In`, `NotIn`, `Exists`, `DoesNotExist`) and
/// node selector terms (also `Gt`, `Lt`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SelectorRequirement {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

impl SelectorRequirement {
    pub fn matches(&self, labels: &Map) -> bool {
        let value = labels.get(&self.key);
        match self.operator.as_str() {
            "In" => value.is_some_and(|v| self.values.contains(v)),
            "NotIn" => value.is_none_or(|v| !self.values.contains(v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            "Gt" | "Lt" => {
                let (Some(v), Some(bound)) = (value, self.values.first()) else { return false };
                let (Ok(v), Ok(bound)) = (v.parse::<i64>(), bound.parse::<i64>()) else {
                    return false;
                };
                if self.operator == "Gt" {
                    v > bound
                } else {
                    v < bound
                }
            }
            _ => false,
        }
    }
}

impl LabelSelector {
    /// An empty selector matches everything (for PVC selectors); StatefulSet validation rejects it.
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    pub fn matches(&self, labels: &Map) -> bool {
        self.match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| r.matches(labels))
    }
}

/// `nodeSelectorTerms`: the terms are ORed, the expressions in a term ANDed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeSelector {
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeSelectorTerm {
    pub match_expressions: Vec<SelectorRequirement>,
}

impl NodeSelector {
    pub fn matches(&self, node_labels: &Map) -> bool {
        self.node_selector_terms
            .iter()
            .any(|t| t.match_expressions.iter().all(|r| r.matches(node_labels)))
    }
}

// ---------------------------------------------------------------------------------------------
// Storage

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageClass {
    pub metadata: ObjectMeta,
    pub provisioner: Option<String>,
    pub reclaim_policy: Option<String>,
    pub volume_binding_mode: Option<String>,
    pub allowed_topologies: Vec<TopologySelectorTerm>,
}

pub const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";
/// The annotation's older name, still honoured (`IsDefaultAnnotation`).
pub const BETA_DEFAULT_CLASS_ANNOTATION: &str = "storageclass.beta.kubernetes.io/is-default-class";
/// The class a claim or volume was given before `storageClassName` existed; where it is set it
/// wins over the field (`GetPersistentVolumeClaimClass`, `GetPersistentVolumeClass`).
pub const BETA_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";

impl StorageClass {
    pub fn reclaim_policy(&self) -> &str {
        self.reclaim_policy.as_deref().unwrap_or("Delete")
    }
    pub fn wait_for_first_consumer(&self) -> bool {
        self.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer")
    }
    pub fn is_default(&self) -> bool {
        let marked = |key| self.metadata.annotations.get(key).map(String::as_str) == Some("true");
        marked(DEFAULT_CLASS_ANNOTATION) || marked(BETA_DEFAULT_CLASS_ANNOTATION)
    }
    /// Whether a volume of this class may be provisioned for a node with these labels.
    pub fn allows(&self, node_labels: &Map) -> bool {
        self.allowed_topologies.is_empty()
            || self.allowed_topologies.iter().any(|t| {
                t.match_label_expressions
                    .iter()
                    .all(|e| node_labels.get(&e.key).is_some_and(|v| e.values.contains(v)))
            })
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopologySelectorTerm {
    pub match_label_expressions: Vec<TopologyRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopologyRequirement {
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolume {
    pub metadata: ObjectMeta,
    pub spec: PersistentVolumeSpec,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolumeSpec {
    pub capacity: BTreeMap<String, Quantity>,
    pub access_modes: Vec<String>,
    pub persistent_volume_reclaim_policy: Option<String>,
    pub storage_class_name: Option<String>,
    pub node_affinity: Option<VolumeNodeAffinity>,
    pub claim_ref: Option<ClaimRef>,
    pub local: Option<PathSource>,
    pub host_path: Option<PathSource>,
    /// The other fields written (such as the volume sources besides `local` and `hostPath`).
    pub unread: Vec<String>,
}

/// A PersistentVolume's sources, in the order `ValidatePersistentVolumeSpec` counts them.
const VOLUME_SOURCES: [&str; 22] = [
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs", "rbd", "quobyte", "cephfs", "iscsi",
    "cinder", "fc", "flexVolume", "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk",
    "scaleIO", "local", "storageos", "csi",
];

impl PersistentVolumeSpec {
    /// The volume sources written (the API requires exactly one), in the API's order.
    pub fn sources(&self) -> impl Iterator<Item = &'static str> + '_ {
        VOLUME_SOURCES.into_iter().filter(|s| match *s {
            "hostPath" => self.host_path.is_some(),
            "local" => self.local.is_some(),
            _ => self.unread.iter().any(|k| k == s),
        })
    }
}

impl PersistentVolume {
    /// Static PVs default to Retain (dynamically provisioned ones inherit the class's policy).
    pub fn reclaim_policy(&self) -> &str {
        self.spec.persistent_volume_reclaim_policy.as_deref().unwrap_or("Retain")
    }
    pub fn storage_class(&self) -> &str {
        class_of(&self.metadata, &self.spec.storage_class_name).unwrap_or("")
    }
    pub fn capacity_bytes(&self) -> u128 {
        self.spec.capacity.get("storage").and_then(Quantity::bytes).unwrap_or(0)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeNodeAffinity {
    pub required: Option<NodeSelector>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimRef {
    pub namespace: Option<String>,
    pub name: String,
    /// Set, it binds the volume to that claim object alone: a claim made again under the name
    /// has another uid, and the volume is Released (`IsVolumeBoundToClaim`).
    pub uid: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PathSource {
    pub path: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolumeClaim {
    pub metadata: ObjectMeta,
    pub spec: PersistentVolumeClaimSpec,
}

impl PersistentVolumeClaim {
    /// The class asked for: the beta annotation where it is set, else `storageClassName`; `None`
    /// (neither) gets the default class, `""` asks for none.
    pub fn class_name(&self) -> Option<&str> {
        class_of(&self.metadata, &self.spec.storage_class_name)
    }
}

/// A claim's or volume's class: its beta annotation where set, else its `storageClassName`.
fn class_of<'a>(meta: &'a ObjectMeta, field: &'a Option<String>) -> Option<&'a str> {
    meta.annotations.get(BETA_CLASS_ANNOTATION).or(field.as_ref()).map(String::as_str)
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolumeClaimSpec {
    pub access_modes: Vec<String>,
    pub resources: ResourceRequirements,
    /// `None`: the default class is given; `Some("")`: explicitly no class.
    pub storage_class_name: Option<String>,
    pub selector: Option<LabelSelector>,
    pub volume_name: Option<String>,
}

impl PersistentVolumeClaimSpec {
    pub fn request_bytes(&self) -> u128 {
        self.resources.requests.get("storage").and_then(Quantity::bytes).unwrap_or(0)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceRequirements {
    pub requests: BTreeMap<String, Quantity>,
}

/// A `volumeClaimTemplates` entry: a PVC without namespace.
pub type PersistentVolumeClaimTemplate = PersistentVolumeClaim;

// ---------------------------------------------------------------------------------------------
// Workloads

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub metadata: ObjectMeta,
    pub spec: ServiceSpec,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceSpec {
    /// `type`: ClusterIP (unset), NodePort, LoadBalancer or ExternalName.
    pub service_type: Option<String>,
    pub cluster_ip: Option<String>,
    pub selector: Option<Map>,
    pub ports: Vec<ServicePort>,
    pub publish_not_ready_addresses: bool,
}

impl Service {
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ip.as_deref() == Some("None")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub port: i64,
    pub protocol: Option<String>,
    /// Unset (or 0, or empty) is `port`, as the API server defaults it.
    pub target_port: Option<IntOrString>,
}

impl ServicePort {
    /// `targetPort` after the API server's defaults (`SetDefaults_Service`).
    pub fn target(&self) -> IntOrString {
        match &self.target_port {
            None | Some(IntOrString::Int(0)) => IntOrString::Int(self.port),
            Some(IntOrString::String(s)) if s.is_empty() => IntOrString::Int(self.port),
            Some(t) => t.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSet {
    pub metadata: ObjectMeta,
    pub spec: StatefulSetSpec,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetSpec {
    pub replicas: Option<i64>,
    pub selector: Option<LabelSelector>,
    pub service_name: String,
    pub template: PodTemplateSpec,
    pub volume_claim_templates: Vec<PersistentVolumeClaimTemplate>,
    pub pod_management_policy: Option<String>,
    pub update_strategy: Option<UpdateStrategy>,
    pub min_ready_seconds: Option<i64>,
    pub ordinals: Option<Ordinals>,
    pub persistent_volume_claim_retention_policy: Option<RetentionPolicy>,
    pub revision_history_limit: Option<i64>,
}

impl StatefulSet {
    /// `spec.replicas`, default 1 (§A5).
    pub fn replicas(&self) -> u32 {
        self.spec.replicas.map_or(1, |r| r.clamp(0, i64::from(u32::MAX)) as u32)
    }
    pub fn ordinal_start(&self) -> u32 {
        self.spec
            .ordinals
            .as_ref()
            .and_then(|o| o.start)
            .map_or(0, |s| s.clamp(0, i64::from(u32::MAX)) as u32)
    }
    pub fn parallel(&self) -> bool {
        self.spec.pod_management_policy.as_deref() == Some("Parallel")
    }
    pub fn min_ready_ms(&self) -> u64 {
        (self.spec.min_ready_seconds.unwrap_or(0).max(0) as u64).saturating_mul(1000)
    }
    pub fn on_delete_strategy(&self) -> bool {
        self.spec.update_strategy.as_ref().and_then(|u| u.r#type.as_deref()) == Some("OnDelete")
    }
    pub fn partition(&self) -> u32 {
        self.spec
            .update_strategy
            .as_ref()
            .and_then(|u| u.rolling_update.as_ref())
            .and_then(|r| r.partition)
            .map_or(0, |p| p.clamp(0, i64::from(u32::MAX)) as u32)
    }
    /// `whenDeleted` and `whenScaled` are `Delete`.
    pub fn retention_delete(&self) -> (bool, bool) {
        let p = self.spec.persistent_volume_claim_retention_policy.as_ref();
        let is_delete = |v: Option<&String>| v.map(String::as_str) == Some("Delete");
        (
            is_delete(p.and_then(|p| p.when_deleted.as_ref())),
            is_delete(p.and_then(|p| p.when_scaled.as_ref())),
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UpdateStrategy {
    pub r#type: Option<String>,
    pub rolling_update: Option<RollingUpdate>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RollingUpdate {
    pub partition: Option<i64>,
    pub max_unavailable: Option<IntOrString>,
}

/// `3` or `"50%"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ordinals {
    pub start: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RetentionPolicy {
    pub when_deleted: Option<String>,
    pub when_scaled: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

impl PodTemplateSpec {
    /// The template with every field that holds what the API server would default it to
    /// cleared, as if it were not written (`SetDefaults_PodSpec`, `SetDefaults_ContainerPort`,
    /// `SetDefaults_Probe`, `SetDefaults_HTTPGetAction` in `pkg/apis/core/v1/defaults.go`; an
    /// unset number in Go is 0). The API server stores a template defaulted, so two templates
    /// that differ only there are one revision: writing `restartPolicy: Always` or
    /// `terminationGracePeriodSeconds: 30` rolls no pod.
    pub fn without_defaults(&self) -> PodTemplateSpec {
        fn clear<T: PartialEq>(field: &mut Option<T>, defaults: &[T]) {
            if field.as_ref().is_some_and(|v| defaults.contains(v)) {
                *field = None;
            }
        }
        fn clear_text(field: &mut Option<String>, default: &str) {
            if field.as_deref().is_some_and(|v| v.is_empty() || v == default) {
                *field = None;
            }
        }
        let mut t = self.clone();
        clear_text(&mut t.spec.restart_policy, "Always");
        clear(&mut t.spec.termination_grace_period_seconds, &[30]);
        for c in &mut t.spec.containers {
            for port in &mut c.ports {
                clear_text(&mut port.protocol, "TCP");
            }
            for probe in [&mut c.readiness_probe, &mut c.liveness_probe, &mut c.startup_probe].into_iter().flatten() {
                clear(&mut probe.initial_delay_seconds, &[0]);
                clear(&mut probe.timeout_seconds, &[0, 1]);
                clear(&mut probe.period_seconds, &[0, 10]);
                clear(&mut probe.success_threshold, &[0, 1]);
                clear(&mut probe.failure_threshold, &[0, 3]);
                let unset_port = [IntOrString::Int(0)];
                if let Some(h) = &mut probe.http_get {
                    clear_text(&mut h.path, "/");
                    clear_text(&mut h.scheme, "HTTP");
                    clear(&mut h.port, &unset_port);
                }
                if let Some(h) = &mut probe.tcp_socket {
                    clear(&mut h.port, &unset_port);
                }
                if let Some(g) = &mut probe.grpc {
                    clear(&mut g.port, &[0]);
                }
            }
        }
        t
    }
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct PodSpec {
    pub containers: Vec<Container>,
    pub volumes: Vec<Volume>,
    pub restart_policy: Option<String>,
    pub termination_grace_period_seconds: Option<i64>,
    /// Read only to be refused in a StatefulSet's template, as the API server does.
    pub active_deadline_seconds: Option<i64>,
    pub node_selector: Map,
    pub tolerations: Vec<Toleration>,
}

impl PodSpec {
    /// `terminationGracePeriodSeconds`, default 30 (§A5).
    pub fn grace_ms(&self) -> u64 {
        (self.termination_grace_period_seconds.unwrap_or(30).max(0) as u64).saturating_mul(1000)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Container {
    pub name: String,
    pub image: Option<String>,
    pub ports: Vec<ContainerPort>,
    pub readiness_probe: Option<Probe>,
    /// Read to be validated as the API server does; Ordinal does not act on them.
    pub liveness_probe: Option<Probe>,
    pub startup_probe: Option<Probe>,
    pub volume_mounts: Vec<VolumeMount>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: i64,
    pub protocol: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Probe {
    /// The handlers written (the API requires exactly one); Ordinal's probes succeed or fail
    /// by the scenario, whatever they run, so a handler's fields are read to be validated.
    pub exec: Option<ExecAction>,
    pub http_get: Option<HttpGetAction>,
    pub tcp_socket: Option<TcpSocketAction>,
    pub grpc: Option<GrpcAction>,
    pub initial_delay_seconds: Option<i64>,
    pub timeout_seconds: Option<i64>,
    pub period_seconds: Option<i64>,
    pub failure_threshold: Option<i64>,
    pub success_threshold: Option<i64>,
    pub termination_grace_period_seconds: Option<i64>,
}

impl Probe {
    /// The names of the handlers written, in the order the API server checks them.
    pub fn handlers(&self) -> impl Iterator<Item = &'static str> + '_ {
        let given = [self.exec.is_some(), self.http_get.is_some(), self.tcp_socket.is_some(), self.grpc.is_some()];
        ["exec", "httpGet", "tcpSocket", "grpc"].into_iter().zip(given).filter_map(|(name, given)| given.then_some(name))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct ExecAction {
    pub command: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct HttpGetAction {
    pub path: Option<String>,
    /// Unset is the number 0, as in the Go type.
    pub port: Option<IntOrString>,
    pub scheme: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct TcpSocketAction {
    pub port: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct GrpcAction {
    pub port: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct VolumeMount {
    pub name: String,
    pub mount_path: String,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Volume {
    pub name: String,
    pub persistent_volume_claim: Option<ClaimVolumeSource>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct ClaimVolumeSource {
    pub claim_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Toleration {
    pub key: Option<String>,
    pub operator: Option<String>,
    pub value: Option<String>,
    pub effect: Option<String>,
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// Whether this toleration tolerates a taint (key, value, effect), as in
    /// `k8s.io/api/core/v1/toleration.go`.
    pub fn tolerates(&self, key: &str, value: &str, effect: &str) -> bool {
        if let Some(e) = self.effect.as_deref().filter(|e| !e.is_empty()) {
            if e != effect {
                return false;
            }
        }
        let own_key = self.key.as_deref().unwrap_or("");
        if !own_key.is_empty() && own_key != key {
            return false;
        }
        match self.operator.as_deref().unwrap_or("Equal") {
            "Exists" => true,
            "Equal" | "" => self.value.as_deref().unwrap_or("") == value && !own_key.is_empty(),
            _ => false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node {
    pub metadata: ObjectMeta,
    pub spec: NodeSpec,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeSpec {
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Namespace {
    pub metadata: ObjectMeta,
}

// ---------------------------------------------------------------------------------------------
// Scenario: Ordinal's own kind, `apiVersion: ordinal/v1alpha1`.

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    pub metadata: ObjectMeta,
    pub spec: ScenarioSpec,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioSpec {
    pub nodes: Option<NodeList>,
    pub timing: Timing,
    pub steps: Vec<Step>,
}

/// `nodes: 3` or `nodes: [a, b]`.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeList {
    Count(u32),
    Names(Vec<String>),
}

/// Overrides of the engine's documented timing defaults; `None` keeps the default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timing {
    pub schedule: Option<Duration>,
    pub kubelet_sync: Option<Duration>,
    pub provision: Option<Duration>,
    pub attach: Option<Duration>,
    pub detach: Option<Duration>,
    pub image_pull: Option<Duration>,
    pub container_start: Option<Duration>,
    pub container_stop: Option<Duration>,
    pub volume_delete: Option<Duration>,
    pub node_monitor_grace: Option<Duration>,
    pub node_status_update: Option<Duration>,
    pub toleration: Option<Duration>,
    pub pod_gc_period: Option<Duration>,
    pub force_detach: Option<Duration>,
    pub crash_backoff: Option<Duration>,
    pub crash_backoff_max: Option<Duration>,
}

/// One scripted action at a simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub at: Duration,
    pub action: Action,
    /// Where the step was written (filled in by the parser).
    pub source: Source,
}

/// What a step does. Names are `name` or `namespace/name`.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Scale(ScaleAction),
    DeletePod(String),
    ForceDeletePod(String),
    FailNode(String),
    RecoverNode(String),
    DeleteNode(String),
    TaintOutOfService(String),
    UntaintOutOfService(String),
    DeleteStatefulSet(DeleteStatefulSet),
    DeletePersistentVolumeClaim(String),
    SetReadiness(SetReadiness),
    CrashPod(CrashPod),
    /// Any manifest object, applied (created or updated) at that time.
    Apply(Box<Object>),
}

impl Action {
    /// The step's key as written in YAML.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Scale(_) => "scale",
            Action::DeletePod(_) => "deletePod",
            Action::ForceDeletePod(_) => "forceDeletePod",
            Action::FailNode(_) => "failNode",
            Action::RecoverNode(_) => "recoverNode",
            Action::DeleteNode(_) => "deleteNode",
            Action::TaintOutOfService(_) => "taintOutOfService",
            Action::UntaintOutOfService(_) => "untaintOutOfService",
            Action::DeleteStatefulSet(_) => "deleteStatefulSet",
            Action::DeletePersistentVolumeClaim(_) => "deletePersistentVolumeClaim",
            Action::SetReadiness(_) => "setReadiness",
            Action::CrashPod(_) => "crashPod",
            Action::Apply(_) => "apply",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScaleAction {
    pub statefulset: String,
    pub replicas: u32,
}

/// `deleteStatefulSet: web` or `{name: web, cascade: orphan}`.
#[derive(Clone, Debug, PartialEq)]
pub enum DeleteStatefulSet {
    Name(String),
    Options {
        name: String,
        /// `background` (kubectl's default), `foreground` or `orphan`.
        cascade: Option<String>,
    },
}

impl DeleteStatefulSet {
    pub fn target(&self) -> &str {
        match self {
            DeleteStatefulSet::Name(n) | DeleteStatefulSet::Options { name: n, .. } => n,
        }
    }
    pub fn cascade(&self) -> &str {
        match self {
            DeleteStatefulSet::Options { cascade: Some(c), .. } => c,
            _ => "background",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetReadiness {
    pub pod: String,
    pub ready: bool,
}

/// The pod's container exits with an error, `times` times in a row; each restart goes through
/// `CrashLoopBackOff` with the kubelet's back-off (§F2).
#[derive(Clone, Debug, PartialEq)]
pub struct CrashPod {
    pub pod: String,
    /// Default 1.
    pub times: u32,
}

impl Default for CrashPod {
    fn default() -> CrashPod {
        CrashPod { pod: String::new(), times: 1 }
    }
}
