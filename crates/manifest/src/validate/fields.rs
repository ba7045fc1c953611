//! Misspelled fields. `kubectl apply` asks the API server for strict field validation, so a key
//! the type does not have refuses the whole object: `StatefulSet in version "v1" cannot be
//! handled as a StatefulSet: strict decoding error: unknown field "spec.replica"`. Ordinal reads
//! only the fields it simulates, so without this check `replica: 3` would run as one replica
//! without a word.
//!
//! The field lists are Kubernetes v1.34's API types, as k8s-openapi 0.29 (`v1_34`) spells them,
//! for the types a person writes in the kinds Ordinal reads; deeper types (affinity, env,
//! resources, security contexts, volume sources...) are not walked, and `status` is not.

use crate::diagnostic::Severity;
use crate::tree::Tree;

use super::Finding;

/// A type's fields, with the type of those that are walked into (a list's items for a list).
struct Fields(&'static [(&'static str, Option<&'static Fields>)]);

const META: Fields = Fields(&[
    ("annotations", None),
    ("creationTimestamp", None),
    ("deletionGracePeriodSeconds", None),
    ("deletionTimestamp", None),
    ("finalizers", None),
    ("generateName", None),
    ("generation", None),
    ("labels", None),
    ("managedFields", None),
    ("name", None),
    ("namespace", None),
    ("ownerReferences", None),
    ("resourceVersion", None),
    ("selfLink", None),
    ("uid", None),
]);

const SELECTOR: Fields = Fields(&[("matchExpressions", None), ("matchLabels", None)]);

/// `apiVersion`, `kind`, `metadata`, `spec` (of this type) and `status`.
macro_rules! object {
    ($spec:expr) => {
        Fields(&[("apiVersion", None), ("kind", None), ("metadata", Some(&META)), ("spec", Some(&$spec)), ("status", None)])
    };
}

const STATEFUL_SET: Fields = object!(STATEFUL_SET_SPEC);
const STATEFUL_SET_SPEC: Fields = Fields(&[
    ("minReadySeconds", None),
    ("ordinals", Some(&Fields(&[("start", None)]))),
    ("persistentVolumeClaimRetentionPolicy", Some(&Fields(&[("whenDeleted", None), ("whenScaled", None)]))),
    ("podManagementPolicy", None),
    ("replicas", None),
    ("revisionHistoryLimit", None),
    ("selector", Some(&SELECTOR)),
    ("serviceName", None),
    ("template", Some(&Fields(&[("metadata", Some(&META)), ("spec", Some(&POD_SPEC))]))),
    ("updateStrategy", Some(&Fields(&[("rollingUpdate", Some(&Fields(&[("maxUnavailable", None), ("partition", None)]))), ("type", None)]))),
    ("volumeClaimTemplates", Some(&CLAIM)),
]);

const POD_SPEC: Fields = Fields(&[
    ("activeDeadlineSeconds", None),
    ("affinity", None),
    ("automountServiceAccountToken", None),
    ("containers", Some(&CONTAINER)),
    ("dnsConfig", None),
    ("dnsPolicy", None),
    ("enableServiceLinks", None),
    ("ephemeralContainers", None),
    ("hostAliases", None),
    ("hostIPC", None),
    ("hostNetwork", None),
    ("hostPID", None),
    ("hostUsers", None),
    ("hostname", None),
    ("hostnameOverride", None),
    ("imagePullSecrets", None),
    ("initContainers", Some(&CONTAINER)),
    ("nodeName", None),
    ("nodeSelector", None),
    ("os", None),
    ("overhead", None),
    ("preemptionPolicy", None),
    ("priority", None),
    ("priorityClassName", None),
    ("readinessGates", None),
    ("resourceClaims", None),
    ("resources", None),
    ("restartPolicy", None),
    ("runtimeClassName", None),
    ("schedulerName", None),
    ("schedulingGates", None),
    ("securityContext", None),
    ("serviceAccount", None),
    ("serviceAccountName", None),
    ("setHostnameAsFQDN", None),
    ("shareProcessNamespace", None),
    ("subdomain", None),
    ("terminationGracePeriodSeconds", None),
    ("tolerations", None),
    ("topologySpreadConstraints", None),
    ("volumes", None),
]);

const PROBE: Fields = Fields(&[
    ("exec", None),
    ("failureThreshold", None),
    ("grpc", None),
    ("httpGet", None),
    ("initialDelaySeconds", None),
    ("periodSeconds", None),
    ("successThreshold", None),
    ("tcpSocket", None),
    ("terminationGracePeriodSeconds", None),
    ("timeoutSeconds", None),
]);

const CONTAINER: Fields = Fields(&[
    ("args", None),
    ("command", None),
    ("env", None),
    ("envFrom", None),
    ("image", None),
    ("imagePullPolicy", None),
    ("lifecycle", None),
    ("livenessProbe", Some(&PROBE)),
    ("name", None),
    ("ports", Some(&Fields(&[("containerPort", None), ("hostIP", None), ("hostPort", None), ("name", None), ("protocol", None)]))),
    ("readinessProbe", Some(&PROBE)),
    ("resizePolicy", None),
    ("resources", None),
    ("restartPolicy", None),
    ("restartPolicyRules", None),
    ("securityContext", None),
    ("startupProbe", Some(&PROBE)),
    ("stdin", None),
    ("stdinOnce", None),
    ("terminationMessagePath", None),
    ("terminationMessagePolicy", None),
    ("tty", None),
    ("volumeDevices", None),
    (
        "volumeMounts",
        Some(&Fields(&[
            ("mountPath", None),
            ("mountPropagation", None),
            ("name", None),
            ("readOnly", None),
            ("recursiveReadOnly", None),
            ("subPath", None),
            ("subPathExpr", None),
        ])),
    ),
    ("workingDir", None),
]);

const CLAIM: Fields = object!(CLAIM_SPEC);
const CLAIM_SPEC: Fields = Fields(&[
    ("accessModes", None),
    ("dataSource", None),
    ("dataSourceRef", None),
    ("resources", Some(&Fields(&[("limits", None), ("requests", None)]))),
    ("selector", Some(&SELECTOR)),
    ("storageClassName", None),
    ("volumeAttributesClassName", None),
    ("volumeMode", None),
    ("volumeName", None),
]);

const VOLUME: Fields = object!(VOLUME_SPEC);
const VOLUME_SPEC: Fields = Fields(&[
    ("accessModes", None),
    ("awsElasticBlockStore", None),
    ("azureDisk", None),
    ("azureFile", None),
    ("capacity", None),
    ("cephfs", None),
    ("cinder", None),
    ("claimRef", None),
    ("csi", None),
    ("fc", None),
    ("flexVolume", None),
    ("flocker", None),
    ("gcePersistentDisk", None),
    ("glusterfs", None),
    ("hostPath", None),
    ("iscsi", None),
    ("local", None),
    ("mountOptions", None),
    ("nfs", None),
    ("nodeAffinity", None),
    ("persistentVolumeReclaimPolicy", None),
    ("photonPersistentDisk", None),
    ("portworxVolume", None),
    ("quobyte", None),
    ("rbd", None),
    ("scaleIO", None),
    ("storageClassName", None),
    ("storageos", None),
    ("volumeAttributesClassName", None),
    ("volumeMode", None),
    ("vsphereVolume", None),
]);

const SERVICE: Fields = object!(SERVICE_SPEC);
const SERVICE_SPEC: Fields = Fields(&[
    ("allocateLoadBalancerNodePorts", None),
    ("clusterIP", None),
    ("clusterIPs", None),
    ("externalIPs", None),
    ("externalName", None),
    ("externalTrafficPolicy", None),
    ("healthCheckNodePort", None),
    ("internalTrafficPolicy", None),
    ("ipFamilies", None),
    ("ipFamilyPolicy", None),
    ("loadBalancerClass", None),
    ("loadBalancerIP", None),
    ("loadBalancerSourceRanges", None),
    ("ports", Some(&Fields(&[("appProtocol", None), ("name", None), ("nodePort", None), ("port", None), ("protocol", None), ("targetPort", None)]))),
    ("publishNotReadyAddresses", None),
    ("selector", None),
    ("sessionAffinity", None),
    ("sessionAffinityConfig", None),
    ("trafficDistribution", None),
    ("type", None),
]);

const NODE: Fields = object!(NODE_SPEC);
const NODE_SPEC: Fields = Fields(&[
    ("configSource", None),
    ("externalID", None),
    ("podCIDR", None),
    ("podCIDRs", None),
    ("providerID", None),
    ("taints", Some(&Fields(&[("effect", None), ("key", None), ("timeAdded", None), ("value", None)]))),
    ("unschedulable", None),
]);

const NAMESPACE: Fields = object!(Fields(&[("finalizers", None)]));

const STORAGE_CLASS: Fields = Fields(&[
    ("allowVolumeExpansion", None),
    ("allowedTopologies", None),
    ("apiVersion", None),
    ("kind", None),
    ("metadata", Some(&META)),
    ("mountOptions", None),
    ("parameters", None),
    ("provisioner", None),
    ("reclaimPolicy", None),
    ("volumeBindingMode", None),
]);

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
                match fields.0.iter().find(|(name, _)| name == key) {
                    None => out.push((at.clone(), shown.clone())),
                    Some((_, Some(inner))) => walk(value, inner, at, shown, out),
                    Some((_, None)) => {}
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
