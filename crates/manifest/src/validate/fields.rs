//! Misspelled fields. `kubectl apply` asks the API server for strict field validation, so a key
//! the type does not have refuses the whole object: `StatefulSet in version "v1" cannot be
//! handled as a StatefulSet: strict decoding error: unknown field "spec.replica"`. Ordinal reads
//! only the fields it simulates, so without this check `replica: 3` would run as one replica
//! without a word.
//!
//! The field lists are Kubernetes v1.34's API types, as k8s-openapi 0.29 (`v1_34`) spells them,
//! for the types a person writes in the kinds Ordinal reads, and a container's `env`, `envFrom`,
//! `resources` and security contexts (where beginners' misspellings are); deeper types
//! (affinity, volume sources...) are not walked, and `status` is not.

use crate::diagnostic::Severity;
use crate::tree::Tree;

use super::Finding;

/// A type: its fields' names, space-separated (one string rather than a table: the page carries
/// this), and the types of those that are walked into (a list's items for a list).
struct Fields {
    names: &'static str,
    inner: &'static [(&'static str, &'static Fields)],
}

impl Fields {
    fn has(&self, key: &str) -> bool {
        self.names.split(' ').any(|n| n == key)
    }

    fn inner(&self, key: &str) -> Option<&'static Fields> {
        self.inner.iter().find(|(n, _)| *n == key).map(|(_, f)| *f)
    }
}

/// A type none of whose fields is walked into.
macro_rules! leaf {
    ($names:literal) => {
        Fields { names: $names, inner: &[] }
    };
}

/// `apiVersion`, `kind`, `metadata`, `spec` (of this type) and `status`.
macro_rules! object {
    ($spec:expr) => {
        Fields { names: "apiVersion kind metadata spec status", inner: &[("metadata", &META), ("spec", &$spec)] }
    };
}

const META: Fields = leaf!(
    "annotations creationTimestamp deletionGracePeriodSeconds deletionTimestamp finalizers generateName generation labels managedFields name namespace ownerReferences resourceVersion selfLink uid"
);
const SELECTOR: Fields = leaf!("matchExpressions matchLabels");

const STATEFUL_SET: Fields = object!(STATEFUL_SET_SPEC);
const STATEFUL_SET_SPEC: Fields = Fields {
    names: "minReadySeconds ordinals persistentVolumeClaimRetentionPolicy podManagementPolicy replicas revisionHistoryLimit selector serviceName template updateStrategy volumeClaimTemplates",
    inner: &[
        ("ordinals", &leaf!("start")),
        ("persistentVolumeClaimRetentionPolicy", &leaf!("whenDeleted whenScaled")),
        ("selector", &SELECTOR),
        ("template", &Fields { names: "metadata spec", inner: &[("metadata", &META), ("spec", &POD_SPEC)] }),
        ("updateStrategy", &Fields { names: "rollingUpdate type", inner: &[("rollingUpdate", &leaf!("maxUnavailable partition"))] }),
        ("volumeClaimTemplates", &CLAIM),
    ],
};
const POD_SPEC: Fields = Fields {
    names: "activeDeadlineSeconds affinity automountServiceAccountToken containers dnsConfig dnsPolicy enableServiceLinks ephemeralContainers hostAliases hostIPC hostNetwork hostPID hostUsers hostname hostnameOverride imagePullSecrets initContainers nodeName nodeSelector os overhead preemptionPolicy priority priorityClassName readinessGates resourceClaims resources restartPolicy runtimeClassName schedulerName schedulingGates securityContext serviceAccount serviceAccountName setHostnameAsFQDN shareProcessNamespace subdomain terminationGracePeriodSeconds tolerations topologySpreadConstraints volumes",
    inner: &[("containers", &CONTAINER), ("initContainers", &CONTAINER), ("securityContext", &POD_SECURITY_CONTEXT)],
};
const POD_SECURITY_CONTEXT: Fields = leaf!(
    "appArmorProfile fsGroup fsGroupChangePolicy runAsGroup runAsNonRoot runAsUser seLinuxChangePolicy seLinuxOptions seccompProfile supplementalGroups supplementalGroupsPolicy sysctls windowsOptions"
);
const SECURITY_CONTEXT: Fields = leaf!(
    "allowPrivilegeEscalation appArmorProfile capabilities privileged procMount readOnlyRootFilesystem runAsGroup runAsNonRoot runAsUser seLinuxOptions seccompProfile windowsOptions"
);
/// `env` items, whose misspellings (`valueFrm`) are among the commonest.
const ENV_VAR: Fields = Fields {
    names: "name value valueFrom",
    inner: &[("valueFrom", &leaf!("configMapKeyRef fieldRef fileKeyRef resourceFieldRef secretKeyRef"))],
};
const PROBE: Fields = Fields {
    names: "exec failureThreshold grpc httpGet initialDelaySeconds periodSeconds successThreshold tcpSocket terminationGracePeriodSeconds timeoutSeconds",
    inner: &[("exec", &EXEC), ("grpc", &GRPC), ("httpGet", &HTTP_GET), ("tcpSocket", &TCP_SOCKET)],
};
const EXEC: Fields = leaf!("command");
const GRPC: Fields = leaf!("port service");
const HTTP_GET: Fields = Fields { names: "host httpHeaders path port scheme", inner: &[("httpHeaders", &HTTP_HEADER)] };
const HTTP_HEADER: Fields = leaf!("name value");
const TCP_SOCKET: Fields = leaf!("host port");
const CONTAINER: Fields = Fields {
    names: "args command env envFrom image imagePullPolicy lifecycle livenessProbe name ports readinessProbe resizePolicy resources restartPolicy restartPolicyRules securityContext startupProbe stdin stdinOnce terminationMessagePath terminationMessagePolicy tty volumeDevices volumeMounts workingDir",
    inner: &[
        ("env", &ENV_VAR),
        ("envFrom", &leaf!("configMapRef prefix secretRef")),
        ("livenessProbe", &PROBE),
        ("ports", &leaf!("containerPort hostIP hostPort name protocol")),
        ("readinessProbe", &PROBE),
        // `request:` for `requests:` is a beginner's classic.
        ("resources", &leaf!("claims limits requests")),
        ("securityContext", &SECURITY_CONTEXT),
        ("startupProbe", &PROBE),
        ("volumeMounts", &leaf!("mountPath mountPropagation name readOnly recursiveReadOnly subPath subPathExpr")),
    ],
};

const CLAIM: Fields = object!(CLAIM_SPEC);
const CLAIM_SPEC: Fields = Fields {
    names: "accessModes dataSource dataSourceRef resources selector storageClassName volumeAttributesClassName volumeMode volumeName",
    inner: &[("resources", &leaf!("limits requests")), ("selector", &SELECTOR)],
};

const VOLUME: Fields = object!(VOLUME_SPEC);
const VOLUME_SPEC: Fields = leaf!(
    "accessModes awsElasticBlockStore azureDisk azureFile capacity cephfs cinder claimRef csi fc flexVolume flocker gcePersistentDisk glusterfs hostPath iscsi local mountOptions nfs nodeAffinity persistentVolumeReclaimPolicy photonPersistentDisk portworxVolume quobyte rbd scaleIO storageClassName storageos volumeAttributesClassName volumeMode vsphereVolume"
);

const SERVICE: Fields = object!(SERVICE_SPEC);
const SERVICE_SPEC: Fields = Fields {
    names: "allocateLoadBalancerNodePorts clusterIP clusterIPs externalIPs externalName externalTrafficPolicy healthCheckNodePort internalTrafficPolicy ipFamilies ipFamilyPolicy loadBalancerClass loadBalancerIP loadBalancerSourceRanges ports publishNotReadyAddresses selector sessionAffinity sessionAffinityConfig trafficDistribution type",
    inner: &[("ports", &leaf!("appProtocol name nodePort port protocol targetPort"))],
};

const NODE: Fields = object!(NODE_SPEC);
const NODE_SPEC: Fields = Fields {
    names: "configSource externalID podCIDR podCIDRs providerID taints unschedulable",
    inner: &[("taints", &leaf!("effect key timeAdded value"))],
};

const NAMESPACE: Fields = object!(leaf!("finalizers"));

const STORAGE_CLASS: Fields = Fields {
    names: "allowVolumeExpansion allowedTopologies apiVersion kind metadata mountOptions parameters provisioner reclaimPolicy volumeBindingMode",
    inner: &[("metadata", &META)],
};

/// The API server's refusals of the keys a document of `kind` (at `api_version`) should not have.
pub(crate) fn unknown_fields(kind: &str, api_version: &str, tree: &Tree) -> Vec<Finding> {
    let fields: &Fields = match kind {
        "StatefulSet" => &STATEFUL_SET,
        "PersistentVolumeClaim" => &CLAIM,
        "PersistentVolume" => &VOLUME,
        "Service" => &SERVICE,
        "Node" => &NODE,
        "Namespace" => &NAMESPACE,
        "StorageClass" => &STORAGE_CLASS,
        _ => return Vec::new(),
    };
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    let mut unknown = Vec::new();
    walk(tree, fields, &mut Vec::new(), &mut String::new(), &mut unknown);
    unknown
        .into_iter()
        .map(|(at, shown)| Finding {
            severity: Severity::Error,
            at,
            message: format!(
                "{kind} in version {version:?} cannot be handled as a {kind}: strict decoding error: unknown field {shown:?}"
            ),
        })
        .collect()
}

/// Collects `(YAML path, path as the API writes it)` of every key outside `fields`.
fn walk(tree: &Tree, fields: &Fields, at: &mut Vec<String>, shown: &mut String, out: &mut Vec<(Vec<String>, String)>) {
    match tree {
        Tree::Map(entries) => {
            for (key, value) in entries {
                let (len, shown_len) = (at.len(), shown.len());
                at.push(key.clone());
                if !shown.is_empty() {
                    shown.push('.');
                }
                shown.push_str(key);
                if !fields.has(key) {
                    out.push((at.clone(), shown.clone()));
                } else if let Some(inner) = fields.inner(key) {
                    walk(value, inner, at, shown, out);
                }
                at.truncate(len);
                shown.truncate(shown_len);
            }
        }
        Tree::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let (len, shown_len) = (at.len(), shown.len());
                at.push(i.to_string());
                shown.push_str(&format!("[{i}]"));
                walk(item, fields, at, shown, out);
                at.truncate(len);
                shown.truncate(shown_len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field names a k8s-openapi type gives serde (`deserialize_struct`'s list), caught by a
    /// deserializer that reads nothing.
    fn openapi_fields<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
        use serde::de::{Error, Visitor};
        #[derive(Debug)]
        struct Caught(Vec<&'static str>);
        impl std::fmt::Display for Caught {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{:?}", self.0)
            }
        }
        impl std::error::Error for Caught {}
        impl Error for Caught {
            fn custom<M: std::fmt::Display>(_: M) -> Self {
                Caught(Vec::new())
            }
        }
        struct Catch;
        impl<'de> serde::Deserializer<'de> for Catch {
            type Error = Caught;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Caught> {
                Err(Caught(Vec::new()))
            }
            fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, fields: &'static [&'static str], _: V) -> Result<V::Value, Caught> {
                Err(Caught(fields.to_vec()))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
                unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
            }
        }
        match T::deserialize(Catch) {
            Err(Caught(fields)) => fields,
            Ok(_) => Vec::new(),
        }
    }

    /// Each list is the API type's fields, as Kubernetes v1.34 has them.
    #[test]
    fn the_field_lists_are_the_v1_34_api_types() {
        use k8s_openapi::api::{apps::v1 as apps, core::v1 as core, storage::v1 as storage};
        use k8s_openapi::apimachinery::pkg::apis::meta::v1 as meta;
        let sorted = |mut v: Vec<&'static str>| {
            v.sort_unstable();
            v
        };
        let ours = |f: &Fields| sorted(f.names.split(' ').collect());
        let pairs: Vec<(&str, &Fields, Vec<&'static str>)> = vec![
            ("ObjectMeta", &META, openapi_fields::<meta::ObjectMeta>()),
            ("LabelSelector", &SELECTOR, openapi_fields::<meta::LabelSelector>()),
            ("StatefulSet", &STATEFUL_SET, openapi_fields::<apps::StatefulSet>()),
            ("StatefulSetSpec", &STATEFUL_SET_SPEC, openapi_fields::<apps::StatefulSetSpec>()),
            ("PodSpec", &POD_SPEC, openapi_fields::<core::PodSpec>()),
            ("Probe", &PROBE, openapi_fields::<core::Probe>()),
            ("ExecAction", &EXEC, openapi_fields::<core::ExecAction>()),
            ("GRPCAction", &GRPC, openapi_fields::<core::GRPCAction>()),
            ("HTTPGetAction", &HTTP_GET, openapi_fields::<core::HTTPGetAction>()),
            ("HTTPHeader", &HTTP_HEADER, openapi_fields::<core::HTTPHeader>()),
            ("TCPSocketAction", &TCP_SOCKET, openapi_fields::<core::TCPSocketAction>()),
            ("Container", &CONTAINER, openapi_fields::<core::Container>()),
            ("PersistentVolumeClaim", &CLAIM, openapi_fields::<core::PersistentVolumeClaim>()),
            ("PersistentVolumeClaimSpec", &CLAIM_SPEC, openapi_fields::<core::PersistentVolumeClaimSpec>()),
            ("PersistentVolume", &VOLUME, openapi_fields::<core::PersistentVolume>()),
            ("PersistentVolumeSpec", &VOLUME_SPEC, openapi_fields::<core::PersistentVolumeSpec>()),
            ("Service", &SERVICE, openapi_fields::<core::Service>()),
            ("ServiceSpec", &SERVICE_SPEC, openapi_fields::<core::ServiceSpec>()),
            ("Node", &NODE, openapi_fields::<core::Node>()),
            ("NodeSpec", &NODE_SPEC, openapi_fields::<core::NodeSpec>()),
            ("Namespace", &NAMESPACE, openapi_fields::<core::Namespace>()),
            ("StorageClass", &STORAGE_CLASS, openapi_fields::<storage::StorageClass>()),
        ];
        for (name, fields, theirs) in pairs {
            assert!(!theirs.is_empty(), "{name}: no field list caught");
            assert_eq!(ours(fields), sorted(theirs), "{name}");
        }
        let inner = |outer: &Fields, key: &str| ours(outer.inner(key).expect(key));
        assert_eq!(inner(&STATEFUL_SET_SPEC, "template"), sorted(openapi_fields::<core::PodTemplateSpec>()));
        assert_eq!(inner(&STATEFUL_SET_SPEC, "updateStrategy"), sorted(openapi_fields::<apps::StatefulSetUpdateStrategy>()));
        assert_eq!(inner(&STATEFUL_SET_SPEC, "ordinals"), sorted(openapi_fields::<apps::StatefulSetOrdinals>()));
        assert_eq!(
            inner(&STATEFUL_SET_SPEC, "persistentVolumeClaimRetentionPolicy"),
            sorted(openapi_fields::<apps::StatefulSetPersistentVolumeClaimRetentionPolicy>())
        );
        let update = STATEFUL_SET_SPEC.inner("updateStrategy").expect("updateStrategy");
        assert_eq!(inner(update, "rollingUpdate"), sorted(openapi_fields::<apps::RollingUpdateStatefulSetStrategy>()));
        assert_eq!(inner(&CONTAINER, "ports"), sorted(openapi_fields::<core::ContainerPort>()));
        assert_eq!(inner(&CONTAINER, "env"), sorted(openapi_fields::<core::EnvVar>()));
        assert_eq!(inner(CONTAINER.inner("env").expect("env"), "valueFrom"), sorted(openapi_fields::<core::EnvVarSource>()));
        assert_eq!(inner(&CONTAINER, "envFrom"), sorted(openapi_fields::<core::EnvFromSource>()));
        assert_eq!(inner(&CONTAINER, "resources"), sorted(openapi_fields::<core::ResourceRequirements>()));
        assert_eq!(inner(&CONTAINER, "securityContext"), sorted(openapi_fields::<core::SecurityContext>()));
        assert_eq!(inner(&POD_SPEC, "securityContext"), sorted(openapi_fields::<core::PodSecurityContext>()));
        assert_eq!(inner(&CONTAINER, "volumeMounts"), sorted(openapi_fields::<core::VolumeMount>()));
        assert_eq!(inner(&CLAIM_SPEC, "resources"), sorted(openapi_fields::<core::VolumeResourceRequirements>()));
        assert_eq!(inner(&SERVICE_SPEC, "ports"), sorted(openapi_fields::<core::ServicePort>()));
        assert_eq!(inner(&NODE_SPEC, "taints"), sorted(openapi_fields::<core::Taint>()));
        assert_eq!(inner(&NAMESPACE, "spec"), sorted(openapi_fields::<core::NamespaceSpec>()));
    }

    fn map(entries: &[(&str, Tree)]) -> Tree {
        Tree::Map(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    #[test]
    fn misspelled_keys_are_refused_where_they_are_and_known_ones_are_not() {
        let container = map(&[("name", Tree::Str("c".into())), ("imagePullPolcy", Tree::Str("Always".into()))]);
        let tree = map(&[
            ("apiVersion", Tree::Str("apps/v1".into())),
            ("kind", Tree::Str("StatefulSet".into())),
            ("metadata", map(&[("name", Tree::Str("web".into())), ("label", map(&[]))])),
            (
                "spec",
                map(&[
                    ("replica", Tree::Int(3)),
                    ("template", map(&[("spec", map(&[("containers", Tree::Seq(vec![map(&[("name", Tree::Null)]), container]))]))])),
                    // Deeper types are not walked: anything goes inside them.
                    ("selector", map(&[("matchLabels", map(&[("whatever", Tree::Null)]))])),
                ]),
            ),
            ("status", map(&[("anything", Tree::Null)])),
        ]);
        let found = unknown_fields("StatefulSet", "apps/v1", &tree);
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"metadata.label\"",
                "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\"",
                "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.template.spec.containers[1].imagePullPolcy\"",
            ]
        );
        assert_eq!(found[2].at, ["spec", "template", "spec", "containers", "1", "imagePullPolcy"]);
        assert!(found.iter().all(|f| f.severity == Severity::Error));
    }
}
