//! How each type of the model is read from a [`Tree`]: the fields Ordinal reads, by their API
//! names; other fields are ignored, as the API server keeps but Ordinal does not use them.
//! (The readers of Ordinal's own scenario steps are in `steps.rs`.)

use crate::model::*;
use crate::tree::{entries, field, required, unknown_field, Error, FromTree, Path, Tree};
use crate::units::{Duration, Quantity};

/// A struct read field by field, in the order the document writes them: each written key is read
/// into its field, a field marked `(required)` that is absent (or null) is serde's `missing
/// field`, and other keys are ignored, or refused when the struct is `strict`, as serde's
/// `deny_unknown_fields`. Absent fields keep the struct's `Default`.
macro_rules! struct_reader {
    ($ty:ident $(as $go:literal)? $(, $strict:ident)? $(; $rest:ident)? { $($key:literal => $field:ident $(($required:ident))?),* $(,)? }) => {
        impl FromTree for $ty {
            // Each struct once: inlined, a reader is copied into every struct that has one.
            #[inline(never)]
            fn read(tree: &Tree, path: &Path<'_>) -> Result<$ty, Error> {
                const KEYS: &[&str] = &[$($key),*];
                // The Go struct: the type's name, or the Go name given after `as` (the last).
                const GO: &[&str] = &[stringify!($ty) $(, $go)?];
                const GO_NAME: &str = GO[GO.len() - 1];
                let mut out = $ty::default();
                // Which of `KEYS` were read, a bit each.
                let mut read = 0u64;
                for (key, value) in entries(tree, path, concat!("struct ", stringify!($ty)))? {
                    match key.as_str() {
                        $($key => {
                            match field(value, path, $key) {
                                Ok(Some(v)) => {
                                    out.$field = v;
                                    read |= bit(KEYS, $key);
                                }
                                Ok(None) => {}
                                Err(e) => return Err($crate::typed::go_struct(e, GO_NAME, path, $key)),
                            }
                        })*
                        _ => {
                            $(
                                let _ = stringify!($strict);
                                return Err(unknown_field(path, &key, KEYS));
                            )?
                            // The keys not read, for a type that keeps them (`; field`).
                            $(out.$rest.push(key.to_string());)?
                        }
                    }
                }
                $($(
                    let _ = stringify!($required);
                    required((read & bit(KEYS, $key) != 0).then_some(()), path, $key)?;
                )?)*
                let _ = read;
                Ok(out)
            }
        }
    };
}
pub(crate) use struct_reader;

/// Names the Go struct of a field whose scalar has the wrong type (the innermost struct does, so
/// the first to see the error): `strukt` is the reader's Go name (empty where its type stands for
/// several). The fields that are Go's `int64` are told here.
pub(crate) fn go_struct(mut e: Error, strukt: &'static str, path: &Path<'_>, key: &str) -> Error {
    if let Some(go) = e.go.as_mut().filter(|g| g.strukt.is_none()) {
        go.strukt = Some(strukt);
        // Go's path ends at the struct's field: map keys under it are not in it.
        go.depth = path.segments().len() + 1;
        if go.ty == "int32" && matches!(key, "terminationGracePeriodSeconds" | "tolerationSeconds" | "activeDeadlineSeconds") {
            go.ty = "int64";
        }
    }
    e
}

/// The bit of `key` among a struct's `keys` (at most 64).
pub(crate) fn bit(keys: &[&str], key: &str) -> u64 {
    keys.iter().position(|k| *k == key).map_or(0, |i| 1 << i)
}

/// The type of a document of `kind`, read from its tree. A scalar of the wrong type is told as
/// the API server tells it (`StatefulSet in version "v1" cannot be handled as a StatefulSet:
/// json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type
/// int32`).
pub(crate) fn object(kind: &str, tree: &Tree) -> Result<Object, Error> {
    let path = &Path::Root;
    let read = || -> Result<Object, Error> {
        Ok(match kind {
            "StorageClass" => Object::StorageClass(FromTree::read(tree, path)?),
            "PersistentVolume" => Object::PersistentVolume(FromTree::read(tree, path)?),
            "PersistentVolumeClaim" => Object::PersistentVolumeClaim(FromTree::read(tree, path)?),
            "Service" => Object::Service(FromTree::read(tree, path)?),
            "StatefulSet" => Object::StatefulSet(FromTree::read(tree, path)?),
            "Node" => Object::Node(FromTree::read(tree, path)?),
            "Namespace" => Object::Namespace(FromTree::read(tree, path)?),
            other => return Err(Error::new(path, format!("unknown kind {other:?}"))),
        })
    };
    read().map_err(|e| e.in_api_server_words(kind))
}

struct_reader!(TypeMeta { "apiVersion" => api_version, "kind" => kind });
struct_reader!(ObjectMeta {
    "name" => name,
    "namespace" => namespace,
    "labels" => labels,
    "annotations" => annotations,
});

// Selectors
struct_reader!(LabelSelector { "matchLabels" => match_labels, "matchExpressions" => match_expressions });
struct_reader!(NodeSelector { "nodeSelectorTerms" => node_selector_terms });
struct_reader!(NodeSelectorTerm { "matchExpressions" => match_expressions });

struct_reader!(SelectorRequirement as "" {
    "key" => key (required),
    "operator" => operator (required),
    "values" => values,
});

// Storage
struct_reader!(StorageClass {
    "metadata" => metadata,
    "provisioner" => provisioner,
    "reclaimPolicy" => reclaim_policy,
    "volumeBindingMode" => volume_binding_mode,
    "allowedTopologies" => allowed_topologies,
});
struct_reader!(TopologySelectorTerm { "matchLabelExpressions" => match_label_expressions });

struct_reader!(TopologyRequirement as "TopologySelectorLabelRequirement" { "key" => key (required), "values" => values });

struct_reader!(PersistentVolume { "metadata" => metadata, "spec" => spec });
struct_reader!(PersistentVolumeSpec; unread {
    "capacity" => capacity,
    "accessModes" => access_modes,
    "persistentVolumeReclaimPolicy" => persistent_volume_reclaim_policy,
    "storageClassName" => storage_class_name,
    "nodeAffinity" => node_affinity,
    "claimRef" => claim_ref,
    "local" => local,
    "hostPath" => host_path,
});
struct_reader!(VolumeNodeAffinity { "required" => required });
struct_reader!(ClaimRef as "ObjectReference" { "namespace" => namespace, "name" => name, "uid" => uid });
struct_reader!(PathSource as "" { "path" => path });
struct_reader!(PersistentVolumeClaim { "metadata" => metadata, "spec" => spec });
struct_reader!(PersistentVolumeClaimSpec {
    "accessModes" => access_modes,
    "resources" => resources,
    "storageClassName" => storage_class_name,
    "selector" => selector,
    "volumeName" => volume_name,
});
struct_reader!(ResourceRequirements as "VolumeResourceRequirements" { "requests" => requests });

// Workloads
struct_reader!(Service { "metadata" => metadata, "spec" => spec });
struct_reader!(ServiceSpec {
    "type" => service_type,
    "clusterIP" => cluster_ip,
    "selector" => selector,
    "ports" => ports,
    "publishNotReadyAddresses" => publish_not_ready_addresses,
});

// An unset port is 0, which validation reports.
struct_reader!(ServicePort { "name" => name, "port" => port, "protocol" => protocol, "targetPort" => target_port });

struct_reader!(StatefulSet { "metadata" => metadata, "spec" => spec });
struct_reader!(StatefulSetSpec {
    "replicas" => replicas,
    "selector" => selector,
    "serviceName" => service_name,
    "template" => template,
    "volumeClaimTemplates" => volume_claim_templates,
    "podManagementPolicy" => pod_management_policy,
    "updateStrategy" => update_strategy,
    "minReadySeconds" => min_ready_seconds,
    "ordinals" => ordinals,
    "persistentVolumeClaimRetentionPolicy" => persistent_volume_claim_retention_policy,
    "revisionHistoryLimit" => revision_history_limit,
});
struct_reader!(UpdateStrategy as "StatefulSetUpdateStrategy" { "type" => r#type, "rollingUpdate" => rolling_update });
struct_reader!(RollingUpdate as "RollingUpdateStatefulSetStrategy" { "partition" => partition, "maxUnavailable" => max_unavailable });
struct_reader!(Ordinals as "StatefulSetOrdinals" { "start" => start });
struct_reader!(RetentionPolicy as "StatefulSetPersistentVolumeClaimRetentionPolicy" { "whenDeleted" => when_deleted, "whenScaled" => when_scaled });

/// `3` or `"50%"`.
impl FromTree for IntOrString {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<IntOrString, Error> {
        match tree {
            Tree::Str(s) => Ok(IntOrString::String(s.clone())),
            Tree::Int(_) => i64::read(tree, path).map(IntOrString::Int),
            _ => Err(Error::new(path, "data did not match any variant of untagged enum IntOrString")),
        }
    }
}

struct_reader!(PodTemplateSpec { "metadata" => metadata, "spec" => spec });
struct_reader!(PodSpec {
    "containers" => containers,
    "volumes" => volumes,
    "restartPolicy" => restart_policy,
    "terminationGracePeriodSeconds" => termination_grace_period_seconds,
    "activeDeadlineSeconds" => active_deadline_seconds,
    "nodeSelector" => node_selector,
    "tolerations" => tolerations,
});
struct_reader!(Container {
    "name" => name,
    "image" => image,
    "ports" => ports,
    "readinessProbe" => readiness_probe,
    "livenessProbe" => liveness_probe,
    "startupProbe" => startup_probe,
    "volumeMounts" => volume_mounts,
});

struct_reader!(ContainerPort {
    "name" => name,
    // Unset is 0, which validation reports (`Required value`), as the API server does.
    "containerPort" => container_port,
    "protocol" => protocol,
});

struct_reader!(Probe {
    "exec" => exec,
    "httpGet" => http_get,
    "tcpSocket" => tcp_socket,
    "grpc" => grpc,
    "initialDelaySeconds" => initial_delay_seconds,
    "timeoutSeconds" => timeout_seconds,
    "periodSeconds" => period_seconds,
    "failureThreshold" => failure_threshold,
    "successThreshold" => success_threshold,
    "terminationGracePeriodSeconds" => termination_grace_period_seconds,
});
struct_reader!(ExecAction { "command" => command });
struct_reader!(HttpGetAction as "HTTPGetAction" { "path" => path, "port" => port, "scheme" => scheme });
struct_reader!(TcpSocketAction as "TCPSocketAction" { "port" => port });
struct_reader!(GrpcAction as "GRPCAction" { "port" => port });
struct_reader!(VolumeMount { "name" => name, "mountPath" => mount_path });
struct_reader!(Volume { "name" => name, "persistentVolumeClaim" => persistent_volume_claim });
struct_reader!(ClaimVolumeSource as "PersistentVolumeClaimVolumeSource" { "claimName" => claim_name });
struct_reader!(Toleration {
    "key" => key,
    "operator" => operator,
    "value" => value,
    "effect" => effect,
    "tolerationSeconds" => toleration_seconds,
});

// Cluster
struct_reader!(Node { "metadata" => metadata, "spec" => spec });
struct_reader!(NodeSpec { "taints" => taints, "unschedulable" => unschedulable });

// A taint without an effect is the validation's `Required value`, not a decoding error.
struct_reader!(Taint { "key" => key (required), "value" => value, "effect" => effect });

struct_reader!(Namespace { "metadata" => metadata });

// Scenario (its steps are read in `steps.rs`)
struct_reader!(Scenario { "metadata" => metadata, "spec" => spec });
struct_reader!(ScenarioSpec { "nodes" => nodes, "timing" => timing, "steps" => steps });
struct_reader!(Timing, strict {
    "schedule" => schedule,
    "kubeletSync" => kubelet_sync,
    "provision" => provision,
    "attach" => attach,
    "detach" => detach,
    "imagePull" => image_pull,
    "containerStart" => container_start,
    "containerStop" => container_stop,
    "volumeDelete" => volume_delete,
    "nodeMonitorGrace" => node_monitor_grace,
    "nodeStatusUpdate" => node_status_update,
    "toleration" => toleration,
    "podGcPeriod" => pod_gc_period,
    "forceDetach" => force_detach,
    "crashBackoff" => crash_backoff,
    "crashBackoffMax" => crash_backoff_max,
});

/// `1500ms`, `90s`, `1h30m`, or a number of seconds.
impl FromTree for Duration {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<Duration, Error> {
        match tree {
            Tree::Int(s) if *s >= 0 => Duration::parse(&s.to_string()).map_err(|e| Error::new(path, e)),
            Tree::Str(text) => Duration::parse(text).map_err(|e| Error::new(path, e)),
            _ => Err(Error::new(path, "invalid duration: expected a number with a unit (e.g. 1500ms, 90s, 5m, 1h30m)")),
        }
    }
}

/// `1Gi`, or a plain number (`storage: 1000`), kept as written.
impl FromTree for Quantity {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<Quantity, Error> {
        match tree {
            Tree::Str(s) => Ok(Quantity(s.clone())),
            Tree::Int(i) => Ok(Quantity(i.to_string())),
            Tree::Float(f) => Ok(Quantity(f.to_string())),
            other => Err(Error::invalid_type(path, other, "a quantity (such as 1Gi)")),
        }
    }
}

/// `nodes: 3` or `nodes: [a, b]`.
impl FromTree for NodeList {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<NodeList, Error> {
        const EXPECTED: &str = "a number of nodes (such as 3) or a list of node names (such as [node-1, node-2])";
        match tree {
            Tree::Int(i) => match u32::try_from(*i) {
                Ok(n) => Ok(NodeList::Count(n)),
                Err(_) => Err(Error::new(path, format!("invalid value: integer `{i}`, expected {EXPECTED}"))),
            },
            Tree::Seq(_) => Vec::<String>::read(tree, path).map(NodeList::Names),
            other => Err(Error::invalid_type(path, other, EXPECTED)),
        }
    }
}
