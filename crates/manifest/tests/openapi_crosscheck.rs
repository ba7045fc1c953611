//! Reads every manifest the project ships (the fixtures here, `examples/` and `tests/scenarios/`)
//! with both our model (through `manifest::read`) and k8s-openapi's generated serde types, and checks that every
//! field our model reads comes out the same. Applied objects inside scenarios are checked too.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::storage::v1 as storage;
use k8s_openapi::apimachinery::pkg::apis::meta::v1 as meta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString as TheirIntOrString;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// Field name → value, as text, for comparing.
type View = BTreeMap<String, String>;

struct Out(View);

impl Out {
    fn put(&mut self, key: impl Into<String>, value: impl Debug) {
        self.0.insert(key.into(), format!("{value:?}"));
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// How the product reads one object: `manifest::read` of its YAML text.
fn ours(value: &Value, what: &str) -> manifest::Object {
    let text = serde_yaml::to_string(value).unwrap_or_else(|e| panic!("{what}: {e}"));
    let m = manifest::read(&[manifest::Input { file: what, text: &text }]);
    match m.objects.into_iter().next() {
        Some(parsed) => parsed.object,
        None => panic!("{what}: not read: {:?}", m.diagnostics),
    }
}

/// [`ours`], as the given kind.
macro_rules! ours {
    ($kind:ident, $value:expr, $what:expr) => {
        match ours($value, $what) {
            manifest::Object::$kind(o) => o,
            other => panic!("{}: read as a {}", $what, other.kind()),
        }
    };
}

fn typed<T: DeserializeOwned>(value: &Value, what: &str) -> T {
    match serde_yaml::from_value(value.clone()) {
        Ok(t) => t,
        Err(e) => panic!("{what}: {e}"),
    }
}

fn opt_i32(v: Option<i32>) -> Option<i64> {
    v.map(i64::from)
}

fn meta_ours(o: &mut Out, m: &manifest::ObjectMeta) {
    o.put("metadata.name", &m.name);
    o.put("metadata.namespace", &m.namespace);
    o.put("metadata.labels", &m.labels);
    o.put("metadata.annotations", &m.annotations);
}

fn meta_theirs(o: &mut Out, m: &meta::ObjectMeta) {
    o.put("metadata.name", m.name.clone().unwrap_or_default());
    o.put("metadata.namespace", &m.namespace);
    o.put("metadata.labels", m.labels.clone().unwrap_or_default());
    o.put("metadata.annotations", m.annotations.clone().unwrap_or_default());
}

fn selector_ours(o: &mut Out, at: &str, s: &manifest::LabelSelector) {
    o.put(format!("{at}.matchLabels"), &s.match_labels);
    let e: Vec<_> = s.match_expressions.iter().map(|r| (&r.key, &r.operator, &r.values)).collect();
    o.put(format!("{at}.matchExpressions"), e);
}

fn selector_theirs(o: &mut Out, at: &str, s: &meta::LabelSelector) {
    o.put(format!("{at}.matchLabels"), s.match_labels.clone().unwrap_or_default());
    let e: Vec<_> = s
        .match_expressions
        .iter()
        .flatten()
        .map(|r| (&r.key, &r.operator, r.values.clone().unwrap_or_default()))
        .collect();
    o.put(format!("{at}.matchExpressions"), e);
}

fn int_or_string_ours(v: &Option<manifest::IntOrString>) -> Option<String> {
    v.as_ref().map(|v| match v {
        manifest::IntOrString::Int(i) => i.to_string(),
        manifest::IntOrString::String(s) => s.clone(),
    })
}

fn int_or_string_theirs(v: &Option<TheirIntOrString>) -> Option<String> {
    v.as_ref().map(|v| match v {
        TheirIntOrString::Int(i) => i.to_string(),
        TheirIntOrString::String(s) => s.clone(),
    })
}

fn claim_ours(o: &mut Out, at: &str, s: &manifest::PersistentVolumeClaimSpec) {
    o.put(format!("{at}.accessModes"), &s.access_modes);
    let requests: BTreeMap<_, _> = s.resources.requests.iter().map(|(k, q)| (k.clone(), q.0.clone())).collect();
    o.put(format!("{at}.resources.requests"), requests);
    o.put(format!("{at}.storageClassName"), &s.storage_class_name);
    o.put(format!("{at}.volumeName"), &s.volume_name);
    o.put(format!("{at}.selector"), s.selector.is_some());
    if let Some(sel) = &s.selector {
        selector_ours(o, &format!("{at}.selector"), sel);
    }
}

fn claim_theirs(o: &mut Out, at: &str, s: &core::PersistentVolumeClaimSpec) {
    o.put(format!("{at}.accessModes"), s.access_modes.clone().unwrap_or_default());
    let requests: BTreeMap<_, _> = s
        .resources
        .as_ref()
        .and_then(|r| r.requests.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|(k, q)| (k, q.0))
        .collect();
    o.put(format!("{at}.resources.requests"), requests);
    o.put(format!("{at}.storageClassName"), &s.storage_class_name);
    o.put(format!("{at}.volumeName"), &s.volume_name);
    o.put(format!("{at}.selector"), s.selector.is_some());
    if let Some(sel) = &s.selector {
        selector_theirs(o, &format!("{at}.selector"), sel);
    }
}

fn statefulset_ours(o: &mut Out, s: &manifest::StatefulSet) {
    meta_ours(o, &s.metadata);
    let p = &s.spec;
    o.put("replicas", p.replicas);
    o.put("serviceName", &p.service_name);
    o.put("selector", p.selector.is_some());
    if let Some(sel) = &p.selector {
        selector_ours(o, "selector", sel);
    }
    o.put("podManagementPolicy", &p.pod_management_policy);
    o.put("minReadySeconds", p.min_ready_seconds);
    o.put("revisionHistoryLimit", p.revision_history_limit);
    o.put("ordinals.start", p.ordinals.as_ref().and_then(|x| x.start));
    let us = p.update_strategy.as_ref();
    o.put("updateStrategy.type", us.and_then(|u| u.r#type.clone()));
    let ru = us.and_then(|u| u.rolling_update.as_ref());
    o.put("updateStrategy.partition", ru.and_then(|r| r.partition));
    o.put("updateStrategy.maxUnavailable", int_or_string_ours(&ru.and_then(|r| r.max_unavailable.clone())));
    let rp = p.persistent_volume_claim_retention_policy.as_ref();
    o.put("retention", rp.map(|r| (r.when_deleted.clone(), r.when_scaled.clone())));
    o.put("template.labels", &p.template.metadata.labels);
    let pod = &p.template.spec;
    o.put("template.restartPolicy", &pod.restart_policy);
    o.put("template.terminationGracePeriodSeconds", pod.termination_grace_period_seconds);
    o.put("template.nodeSelector", &pod.node_selector);
    let tolerations: Vec<_> = pod
        .tolerations
        .iter()
        .map(|t| (&t.key, &t.operator, &t.value, &t.effect, t.toleration_seconds))
        .collect();
    o.put("template.tolerations", tolerations);
    let volumes: Vec<_> = pod
        .volumes
        .iter()
        .map(|v| (&v.name, v.persistent_volume_claim.as_ref().map(|c| &c.claim_name)))
        .collect();
    o.put("template.volumes", volumes);
    for (i, c) in pod.containers.iter().enumerate() {
        let at = format!("containers[{i}]");
        o.put(format!("{at}.name"), &c.name);
        o.put(format!("{at}.image"), &c.image);
        let ports: Vec<_> = c.ports.iter().map(|p| (p.container_port, &p.name, &p.protocol)).collect();
        o.put(format!("{at}.ports"), ports);
        for (name, probe) in [("readinessProbe", &c.readiness_probe), ("livenessProbe", &c.liveness_probe), ("startupProbe", &c.startup_probe)] {
            let probe = probe.as_ref().map(|r| {
                let numbers = [r.initial_delay_seconds, r.timeout_seconds, r.period_seconds, r.success_threshold, r.failure_threshold, r.termination_grace_period_seconds];
                let exec = r.exec.as_ref().map(|e| &e.command);
                let http = r.http_get.as_ref().map(|h| (&h.path, int_or_string_ours(&h.port), &h.scheme));
                let tcp = r.tcp_socket.as_ref().map(|t| int_or_string_ours(&t.port));
                let grpc = r.grpc.as_ref().map(|g| g.port);
                (numbers, r.handlers().collect::<Vec<_>>(), exec, http, tcp, grpc)
            });
            o.put(format!("{at}.{name}"), probe);
        }
        let mounts: Vec<_> = c.volume_mounts.iter().map(|m| (&m.name, &m.mount_path)).collect();
        o.put(format!("{at}.volumeMounts"), mounts);
    }
    o.put("containers", pod.containers.len());
    o.put("volumeClaimTemplates", p.volume_claim_templates.len());
    for (i, t) in p.volume_claim_templates.iter().enumerate() {
        o.put(format!("volumeClaimTemplates[{i}].name"), &t.metadata.name);
        claim_ours(o, &format!("volumeClaimTemplates[{i}]"), &t.spec);
    }
}

fn statefulset_theirs(o: &mut Out, s: &apps::StatefulSet) {
    meta_theirs(o, &s.metadata);
    let Some(p) = &s.spec else { return };
    o.put("replicas", opt_i32(p.replicas));
    o.put("serviceName", p.service_name.clone().unwrap_or_default());
    o.put("selector", true);
    selector_theirs(o, "selector", &p.selector);
    o.put("podManagementPolicy", &p.pod_management_policy);
    o.put("minReadySeconds", opt_i32(p.min_ready_seconds));
    o.put("revisionHistoryLimit", opt_i32(p.revision_history_limit));
    o.put("ordinals.start", p.ordinals.as_ref().and_then(|x| opt_i32(x.start)));
    let us = p.update_strategy.as_ref();
    o.put("updateStrategy.type", us.and_then(|u| u.type_.clone()));
    let ru = us.and_then(|u| u.rolling_update.as_ref());
    o.put("updateStrategy.partition", ru.and_then(|r| opt_i32(r.partition)));
    o.put("updateStrategy.maxUnavailable", int_or_string_theirs(&ru.and_then(|r| r.max_unavailable.clone())));
    let rp = p.persistent_volume_claim_retention_policy.as_ref();
    o.put("retention", rp.map(|r| (r.when_deleted.clone(), r.when_scaled.clone())));
    let labels = p.template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    o.put("template.labels", labels);
    let Some(pod) = &p.template.spec else { return };
    o.put("template.restartPolicy", &pod.restart_policy);
    o.put("template.terminationGracePeriodSeconds", pod.termination_grace_period_seconds);
    o.put("template.nodeSelector", pod.node_selector.clone().unwrap_or_default());
    let tolerations: Vec<_> = pod
        .tolerations
        .iter()
        .flatten()
        .map(|t| (&t.key, &t.operator, &t.value, &t.effect, t.toleration_seconds))
        .collect();
    o.put("template.tolerations", tolerations);
    let volumes: Vec<_> = pod
        .volumes
        .iter()
        .flatten()
        .map(|v| (&v.name, v.persistent_volume_claim.as_ref().map(|c| &c.claim_name)))
        .collect();
    o.put("template.volumes", volumes);
    for (i, c) in pod.containers.iter().enumerate() {
        let at = format!("containers[{i}]");
        o.put(format!("{at}.name"), &c.name);
        o.put(format!("{at}.image"), &c.image);
        let ports: Vec<_> =
            c.ports.iter().flatten().map(|p| (i64::from(p.container_port), &p.name, &p.protocol)).collect();
        o.put(format!("{at}.ports"), ports);
        for (name, probe) in [("readinessProbe", &c.readiness_probe), ("livenessProbe", &c.liveness_probe), ("startupProbe", &c.startup_probe)] {
            let probe = probe.as_ref().map(|r| {
                let given = [("exec", r.exec.is_some()), ("httpGet", r.http_get.is_some()), ("tcpSocket", r.tcp_socket.is_some()), ("grpc", r.grpc.is_some())];
                let handlers: Vec<&str> = given.into_iter().filter(|g| g.1).map(|g| g.0).collect();
                let numbers = [opt_i32(r.initial_delay_seconds), opt_i32(r.timeout_seconds), opt_i32(r.period_seconds), opt_i32(r.success_threshold), opt_i32(r.failure_threshold), r.termination_grace_period_seconds];
                let exec = r.exec.as_ref().map(|e| e.command.clone().unwrap_or_default());
                let http = r.http_get.as_ref().map(|h| (&h.path, int_or_string_theirs(&Some(h.port.clone())), &h.scheme));
                let tcp = r.tcp_socket.as_ref().map(|t| int_or_string_theirs(&Some(t.port.clone())));
                let grpc = r.grpc.as_ref().map(|g| Some(i64::from(g.port)));
                (numbers, handlers, exec, http, tcp, grpc)
            });
            o.put(format!("{at}.{name}"), probe);
        }
        let mounts: Vec<_> = c.volume_mounts.iter().flatten().map(|m| (&m.name, &m.mount_path)).collect();
        o.put(format!("{at}.volumeMounts"), mounts);
    }
    o.put("containers", pod.containers.len());
    let templates = p.volume_claim_templates.clone().unwrap_or_default();
    o.put("volumeClaimTemplates", templates.len());
    for (i, t) in templates.iter().enumerate() {
        o.put(format!("volumeClaimTemplates[{i}].name"), t.metadata.name.clone().unwrap_or_default());
        if let Some(spec) = &t.spec {
            claim_theirs(o, &format!("volumeClaimTemplates[{i}]"), spec);
        }
    }
}

/// Node selector terms as (key, operator, values) lists.
type Terms = Vec<Vec<(String, String, Vec<String>)>>;

fn node_selector_ours(s: &Option<manifest::NodeSelector>) -> Option<Terms> {
    s.as_ref().map(|s| {
        s.node_selector_terms
            .iter()
            .map(|t| t.match_expressions.iter().map(|r| (r.key.clone(), r.operator.clone(), r.values.clone())).collect())
            .collect()
    })
}

fn node_selector_theirs(s: &Option<core::NodeSelector>) -> Option<Terms> {
    s.as_ref().map(|s| {
        s.node_selector_terms
            .iter()
            .map(|t| {
                t.match_expressions
                    .iter()
                    .flatten()
                    .map(|r| (r.key.clone(), r.operator.clone(), r.values.clone().unwrap_or_default()))
                    .collect()
            })
            .collect()
    })
}

/// Both views of one object, or `None` for kinds we do not read.
fn views(kind: &str, v: &Value, what: &str) -> Option<(View, View)> {
    let mut ours = Out(View::new());
    let mut theirs = Out(View::new());
    let (o, t) = (&mut ours, &mut theirs);
    match kind {
        "StatefulSet" => {
            statefulset_ours(o, &ours!(StatefulSet, v, what));
            statefulset_theirs(t, &typed::<apps::StatefulSet>(v, what));
        }
        "PersistentVolume" => {
            let a = ours!(PersistentVolume, v, what);
            let b: core::PersistentVolume = typed(v, what);
            meta_ours(o, &a.metadata);
            meta_theirs(t, &b.metadata);
            let s = &a.spec;
            let q: BTreeMap<_, _> = s.capacity.iter().map(|(k, q)| (k.clone(), q.0.clone())).collect();
            o.put("capacity", q);
            o.put("accessModes", &s.access_modes);
            o.put("storageClassName", &s.storage_class_name);
            o.put("reclaimPolicy", &s.persistent_volume_reclaim_policy);
            o.put("nodeAffinity", node_selector_ours(&s.node_affinity.as_ref().and_then(|n| n.required.clone())));
            o.put("local", s.local.as_ref().map(|l| &l.path));
            o.put("hostPath", s.host_path.as_ref().map(|l| &l.path));
            o.put("claimRef", s.claim_ref.as_ref().map(|c| (c.namespace.clone(), c.name.clone())));
            let s = b.spec.unwrap_or_default();
            let q: BTreeMap<_, _> = s.capacity.unwrap_or_default().into_iter().map(|(k, q)| (k, q.0)).collect();
            t.put("capacity", q);
            t.put("accessModes", s.access_modes.unwrap_or_default());
            t.put("storageClassName", &s.storage_class_name);
            t.put("reclaimPolicy", &s.persistent_volume_reclaim_policy);
            t.put("nodeAffinity", node_selector_theirs(&s.node_affinity.as_ref().and_then(|n| n.required.clone())));
            t.put("local", s.local.as_ref().map(|l| &l.path));
            t.put("hostPath", s.host_path.as_ref().map(|l| &l.path));
            t.put("claimRef", s.claim_ref.as_ref().map(|c| (c.namespace.clone(), c.name.clone().unwrap_or_default())));
        }
        "PersistentVolumeClaim" => {
            let a = ours!(PersistentVolumeClaim, v, what);
            let b: core::PersistentVolumeClaim = typed(v, what);
            meta_ours(o, &a.metadata);
            meta_theirs(t, &b.metadata);
            claim_ours(o, "spec", &a.spec);
            claim_theirs(t, "spec", &b.spec.unwrap_or_default());
        }
        "StorageClass" => {
            let a = ours!(StorageClass, v, what);
            let b: storage::StorageClass = typed(v, what);
            meta_ours(o, &a.metadata);
            meta_theirs(t, &b.metadata);
            o.put("provisioner", a.provisioner.clone().unwrap_or_default());
            o.put("reclaimPolicy", &a.reclaim_policy);
            o.put("volumeBindingMode", &a.volume_binding_mode);
            let topo: Vec<Vec<_>> = a
                .allowed_topologies
                .iter()
                .map(|t| t.match_label_expressions.iter().map(|e| (e.key.clone(), e.values.clone())).collect())
                .collect();
            o.put("allowedTopologies", topo);
            t.put("provisioner", &b.provisioner);
            t.put("reclaimPolicy", &b.reclaim_policy);
            t.put("volumeBindingMode", &b.volume_binding_mode);
            let topo: Vec<Vec<_>> = b
                .allowed_topologies
                .iter()
                .flatten()
                .map(|t| t.match_label_expressions.iter().flatten().map(|e| (e.key.clone(), e.values.clone())).collect())
                .collect();
            t.put("allowedTopologies", topo);
        }
        "Service" => {
            let a = ours!(Service, v, what);
            let b: core::Service = typed(v, what);
            meta_ours(o, &a.metadata);
            meta_theirs(t, &b.metadata);
            o.put("clusterIP", &a.spec.cluster_ip);
            o.put("selector", &a.spec.selector);
            let ports: Vec<_> = a.spec.ports.iter().map(|p| (&p.name, p.port, &p.protocol)).collect();
            o.put("ports", ports);
            o.put("publishNotReadyAddresses", a.spec.publish_not_ready_addresses);
            let s = b.spec.unwrap_or_default();
            t.put("clusterIP", &s.cluster_ip);
            t.put("selector", &s.selector);
            let ports: Vec<_> = s.ports.iter().flatten().map(|p| (&p.name, i64::from(p.port), &p.protocol)).collect();
            t.put("ports", ports);
            t.put("publishNotReadyAddresses", s.publish_not_ready_addresses.unwrap_or(false));
        }
        "Node" => {
            let a = ours!(Node, v, what);
            let b: core::Node = typed(v, what);
            meta_ours(o, &a.metadata);
            meta_theirs(t, &b.metadata);
            let taints: Vec<_> = a.spec.taints.iter().map(|x| (x.key.clone(), x.value.clone(), x.effect.clone())).collect();
            o.put("taints", taints);
            o.put("unschedulable", a.spec.unschedulable);
            let s = b.spec.unwrap_or_default();
            let taints: Vec<_> = s
                .taints
                .iter()
                .flatten()
                .map(|x| (x.key.clone(), x.value.clone().unwrap_or_default(), x.effect.clone()))
                .collect();
            t.put("taints", taints);
            t.put("unschedulable", s.unschedulable.unwrap_or(false));
        }
        "Namespace" => {
            meta_ours(o, &ours!(Namespace, v, what).metadata);
            meta_theirs(t, &typed::<core::Namespace>(v, what).metadata);
        }
        _ => return None,
    }
    Some((ours.0, theirs.0))
}

/// The objects in one YAML document: itself, or a scenario's applied objects.
fn objects(doc: &Value) -> Vec<Value> {
    let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind != "Scenario" {
        return vec![doc.clone()];
    }
    let steps = doc.get("spec").and_then(|s| s.get("steps")).and_then(Value::as_sequence);
    steps.into_iter().flatten().filter_map(|s| s.get("apply").cloned()).collect()
}

#[test]
fn our_types_read_what_k8s_openapi_reads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "../../examples", "../../tests/scenarios"] {
        yaml_files(&root.join(dir), &mut files);
    }
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (i, de) in serde_yaml::Deserializer::from_str(&text).enumerate() {
            let Ok(doc) = <Value as serde::Deserialize>::deserialize(de) else { continue };
            for object in objects(&doc) {
                let kind = object.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
                let what = format!("{} document {} ({kind})", file.display(), i + 1);
                let Some((ours, theirs)) = views(&kind, &object, &what) else { continue };
                compared += 1;
                for (field, value) in &theirs {
                    if ours.get(field) != Some(value) {
                        mismatches.push(format!("{what}: {field}: ours {:?}, k8s-openapi {value}", ours.get(field)));
                    }
                }
                assert_eq!(ours.len(), theirs.len(), "{what}: compared different fields");
            }
        }
    }
    assert!(compared >= 10, "only {compared} objects compared: are the fixtures there?");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_fixtures_read_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let name = file.display().to_string();
        let m = manifest::read(&[manifest::Input { file: &name, text: &text }]);
        let shown: Vec<String> = m.diagnostics.iter().map(ToString::to_string).collect();
        assert!(shown.is_empty(), "{}", shown.join("\n"));
        assert!(!m.objects.is_empty(), "{name}: no objects");
    }
}
