//! StatefulSet validation (`pkg/apis/apps/validation/validation.go`, spec §I1-I4), plus the pod
//! template and claim template checks that real Kubernetes only makes when the controller creates
//! a pod or a claim: the StatefulSet is accepted, then every creation fails (`FailedCreate`).

use order::Sorted;

use super::field::{go_map, quote, Field, Finding};
use super::meta::{self, NameRule};
use super::{names, storage};
use crate::model::{
    Container, IntOrString, PodSpec, Probe, RollingUpdate, StatefulSet, StatefulSetSpec, Toleration,
};

/// Appended to findings the API server would only report when creating the set's pods or claims.
const FAILED_CREATE: &str =
    " (Kubernetes accepts the StatefulSet, but then fails to create its pods: FailedCreate)";

/// The API server's `ValidateStatefulSet`, plus the pod and claim checks it leaves to creation.
pub(crate) fn statefulset(s: &StatefulSet) -> Vec<Finding> {
    let mut out = meta::object_meta(&s.metadata, true, NameRule::Label);
    let spec = &s.spec;
    let f = Field::root("spec");
    out.extend(pod_management_policy(spec, &f));
    out.extend(update_strategy(spec, &f));
    out.extend(retention(spec, &f));
    for (name, value) in [
        ("replicas", spec.replicas),
        ("minReadySeconds", spec.min_ready_seconds),
    ] {
        out.extend(f.child(name).non_negative(value));
        out.extend(f.child(name).int32(value));
    }
    // Not the API server's limit (any int32): Ordinal's, which refuses the set where it is set.
    if let Some(n) = spec.replicas.filter(|n| (i64::from(crate::MAX_REPLICAS) + 1..=i64::from(i32::MAX)).contains(n)) {
        out.push(f.child("replicas").invalid(n, &format!("Ordinal simulates at most {} replicas per StatefulSet", crate::MAX_REPLICAS)));
    }
    let start = spec.ordinals.as_ref().and_then(|o| o.start);
    let start_field = f.child("ordinals").child("start");
    out.extend(start_field.non_negative(start));
    out.extend(start_field.int32(start));
    out.extend(f.child("revisionHistoryLimit").non_negative(spec.revision_history_limit));
    out.extend(f.child("revisionHistoryLimit").int32(spec.revision_history_limit));
    // The pods' subdomain: a DNS label, checked on the set itself since v1.33.
    if !spec.service_name.is_empty() {
        out.extend(f.child("serviceName").each_invalid(&spec.service_name, names::dns1123_label(&spec.service_name)));
    }
    out.extend(selector(spec, &f));
    out.extend(template(spec, &f));
    let late: Vec<Finding> = pod_spec(&spec.template.spec, spec, &f.child("template").child("spec"))
        .into_iter()
        .chain(claim_templates(spec, &f))
        .map(|mut finding| {
            // A warning is the API server's, given when the set is applied.
            if finding.severity == crate::Severity::Error {
                finding.message.push_str(FAILED_CREATE);
            }
            finding
        })
        .collect();
    out.extend(late);
    out
}

fn pod_management_policy(spec: &StatefulSetSpec, f: &Field) -> Option<Finding> {
    let policy = spec.pod_management_policy.as_deref().filter(|p| !p.is_empty())?;
    (!matches!(policy, "OrderedReady" | "Parallel")).then(|| {
        f.child("podManagementPolicy").invalid(quote(policy), "must be 'OrderedReady' or 'Parallel'")
    })
}

fn update_strategy(spec: &StatefulSetSpec, f: &Field) -> Vec<Finding> {
    let strategy = f.child("updateStrategy");
    let Some(us) = spec.update_strategy.as_ref() else { return Vec::new() };
    let rolling = us.rolling_update.as_ref();
    match us.r#type.as_deref().unwrap_or("") {
        "" | "RollingUpdate" => rolling.map(|r| rolling_update(r, &strategy.child("rollingUpdate"))).unwrap_or_default(),
        "OnDelete" => rolling
            .map(|r| {
                vec![strategy.child("rollingUpdate").invalid(
                    render_rolling(r),
                    "only allowed for updateStrategy 'RollingUpdate'",
                )]
            })
            .unwrap_or_default(),
        other => {
            let shown = format!(
                "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{}}}",
                quote(other),
                rolling.map_or("(*apps.RollingUpdateStatefulSetStrategy)(nil)".to_string(), |r| {
                    format!("&{}", render_rolling(r))
                })
            );
            let at = strategy.pointing(&["spec", "updateStrategy", "type"]);
            vec![at.invalid(shown, "must be 'RollingUpdate' or 'OnDelete'")]
        }
    }
}

/// (`maxUnavailable` is shown as nil: its feature gate, alpha in v1.34, is off, and the API server
/// drops the field before validating.)
fn render_rolling(r: &RollingUpdate) -> String {
    format!("apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:(*intstr.IntOrString)(nil)}}", r.partition.unwrap_or(0))
}

/// `partition`; `maxUnavailable` is dropped unchecked, its feature gate (MaxUnavailableStatefulSet,
/// alpha in v1.34) being off by default (`dropStatefulSetDisabledFields`).
fn rolling_update(r: &RollingUpdate, f: &Field) -> Vec<Finding> {
    let mut out = Vec::new();
    let partition = f.child("partition");
    out.extend(partition.non_negative(r.partition));
    out.extend(partition.int32(r.partition));
    out
}

fn retention(spec: &StatefulSetSpec, f: &Field) -> Vec<Finding> {
    let Some(policy) = spec.persistent_volume_claim_retention_policy.as_ref() else { return Vec::new() };
    let f = f.child("persistentVolumeClaimRetentionPolicy");
    [("whenDeleted", &policy.when_deleted), ("whenScaled", &policy.when_scaled)]
        .into_iter()
        .filter_map(|(name, value)| {
            let v = value.as_deref().filter(|v| !v.is_empty())?;
            (!matches!(v, "Retain" | "Delete")).then(|| f.child(name).not_supported(v, &["Retain", "Delete"]))
        })
        .collect()
}

fn selector(spec: &StatefulSetSpec, f: &Field) -> Vec<Finding> {
    let field = f.child("selector");
    match &spec.selector {
        None => vec![field.required("")],
        Some(sel) => {
            let mut out = meta::label_selector(sel, &field);
            if sel.is_empty() {
                out.push(field.invalid(
                    "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
                    "empty selector is invalid for statefulset",
                ));
            }
            out
        }
    }
}

/// `ValidatePodTemplateSpecForStatefulSet`: the selector must select the template's labels (a
/// missing selector selects nothing), and the template's labels must be well formed.
fn template(spec: &StatefulSetSpec, f: &Field) -> Vec<Finding> {
    let t = f.child("template");
    let labels = &spec.template.metadata.labels;
    let selects = match &spec.selector {
        None => false,
        Some(sel) if !meta::selector_operators_valid(sel) => true,
        Some(sel) => sel.is_empty() || sel.matches(labels),
    };
    let mut out = Vec::new();
    if !selects {
        out.push(
            t.child("metadata").child("labels").invalid(go_map(labels), "`selector` does not match template `labels`"),
        );
    }
    out.extend(meta::labels(labels, &t.child("metadata").child("labels").shown_as("spec.template.labels")));
    if let Some(policy) = spec.template.spec.restart_policy.as_deref().filter(|p| !p.is_empty()) {
        if policy != "Always" {
            out.push(t.child("spec").child("restartPolicy").not_supported(policy, &["Always"]));
        }
    }
    // `ValidateStatefulSetSpec`: a deadline would fail pods the controller keeps running.
    if spec.template.spec.active_deadline_seconds.is_some() {
        out.push(t.child("spec").child("activeDeadlineSeconds").forbidden("activeDeadlineSeconds in StatefulSet is not Supported"));
    }
    out
}

/// What pod validation would say about the template's pod spec when a pod is created from it.
fn pod_spec(pod: &PodSpec, set: &StatefulSetSpec, f: &Field) -> Vec<Finding> {
    let mut out = Vec::new();
    let volume_names: Vec<&str> = pod.volumes.iter().map(|v| v.name.as_str()).collect();
    let repeated = order::repeats(&volume_names);
    for (i, v) in pod.volumes.iter().enumerate() {
        let vf = f.child("volumes").index(i);
        if v.name.is_empty() {
            out.push(vf.child("name").required(""));
        } else {
            out.extend(vf.child("name").each_invalid(&v.name, names::dns1123_label(&v.name)));
            if repeated[i] {
                out.push(vf.child("name").duplicate(quote(&v.name)));
            }
        }
        if let Some(claim) = &v.persistent_volume_claim {
            if claim.claim_name.is_empty() {
                out.push(vf.child("persistentVolumeClaim").child("claimName").required(""));
            }
        }
    }
    // What a volume mount may name: the pod's volumes and the claim templates.
    let mountable: Sorted<&str, ()> =
        volume_names.into_iter().chain(set.volume_claim_templates.iter().map(|t| t.metadata.name.as_str())).map(|n| (n, ())).collect();
    let containers = f.child("containers");
    if pod.containers.is_empty() {
        out.push(containers.required(""));
    }
    let repeated = order::repeats(&pod.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>());
    // A port name used again in another container is only a warning (`warningsForPodSpecAndMeta`;
    // in one container, an error: `validateContainerPorts`).
    let mut named: Vec<(&str, usize, Field)> = Vec::new();
    for (i, c) in pod.containers.iter().enumerate() {
        for (j, name) in c.ports.iter().enumerate().filter_map(|(j, p)| Some((j, p.name.as_deref().filter(|n| !n.is_empty())?))) {
            let pf = containers.index(i).child("ports").index(j);
            match named.iter().find(|(n, _, _)| *n == name) {
                None => named.push((name, i, pf)),
                Some((_, first, other)) if *first != i => out.push(pf.warning(format!(
                    "duplicate port name {} with {}, services and probes that select ports by name will use {}",
                    quote(name),
                    other.shown(),
                    other.shown()
                ))),
                Some(_) => {}
            }
        }
    }
    for (i, c) in pod.containers.iter().enumerate() {
        let cf = containers.index(i);
        if c.name.is_empty() {
            out.push(cf.child("name").required(""));
        } else {
            out.extend(cf.child("name").each_invalid(&c.name, names::dns1123_label(&c.name)));
            if repeated[i] {
                out.push(cf.child("name").duplicate(quote(&c.name)));
            }
        }
        out.extend(container(c, &cf, &mountable));
    }
    for (i, t) in pod.tolerations.iter().enumerate() {
        out.extend(toleration(t, &f.child("tolerations").index(i)));
    }
    out
}

fn container(c: &Container, cf: &Field, mountable: &Sorted<&str, ()>) -> Vec<Finding> {
    let mut out = Vec::new();
    let image = cf.child("image");
    match c.image.as_deref() {
        None | Some("") => out.push(image.required("")),
        Some(img) if img.trim() != img => {
            out.push(image.invalid(quote(img), "must not have leading or trailing whitespace"))
        }
        Some(_) => {}
    }
    let port_repeats = order::repeats(&c.ports.iter().map(|p| p.name.as_deref().unwrap_or("")).collect::<Vec<_>>());
    for (j, p) in c.ports.iter().enumerate() {
        let pf = cf.child("ports").index(j);
        let repeated = port_repeats[j];
        let port = pf.child("containerPort");
        match p.container_port {
            0 => out.push(port.required("")),
            n => out.extend(port_num(n, &port)),
        }
        if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
            out.extend(pf.child("name").each_invalid(name, names::port_name(name)));
            if repeated {
                out.push(pf.child("name").duplicate(quote(name)));
            }
        }
        if let Some(proto) = p.protocol.as_deref().filter(|p| !matches!(*p, "TCP" | "UDP" | "SCTP")) {
            out.push(pf.child("protocol").not_supported(proto, &["SCTP", "TCP", "UDP"]));
        }
    }
    // `validateContainers`: liveness, readiness, startup, each through `validateProbe`.
    let probes = [("livenessProbe", &c.liveness_probe), ("readinessProbe", &c.readiness_probe), ("startupProbe", &c.startup_probe)];
    for (field, probe) in probes {
        let Some(probe) = probe else { continue };
        out.extend(validate_probe(probe, field, &cf.child(field)));
    }
    for (j, m) in c.volume_mounts.iter().enumerate() {
        let mf = cf.child("volumeMounts").index(j);
        if m.name.is_empty() {
            out.push(mf.child("name").required(""));
        } else if !mountable.contains_key(m.name.as_str()) {
            // Only a warning: the simulation shows the FailedCreate that follows (spec §I5).
            let mut finding = mf.child("name").not_found(quote(&m.name));
            finding.severity = crate::Severity::Warning;
            out.push(finding);
        }
        if m.mount_path.is_empty() {
            out.push(mf.child("mountPath").required(""));
        }
    }
    out
}

fn toleration(t: &Toleration, f: &Field) -> Vec<Finding> {
    let mut out = Vec::new();
    let key = t.key.as_deref().unwrap_or("");
    if !key.is_empty() {
        out.extend(f.child("key").each_invalid(key, names::label_key(key)));
    }
    match t.operator.as_deref().unwrap_or("") {
        "" | "Equal" => {
            if key.is_empty() {
                out.push(f.child("operator").invalid(
                    quote(t.operator.as_deref().unwrap_or("")),
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
                ));
            }
        }
        "Exists" => {
            if let Some(v) = t.value.as_deref().filter(|v| !v.is_empty()) {
                out.push(f.child("operator").invalid(quote(v), "value must be empty when `operator` is 'Exists'"));
            }
        }
        op => out.push(f.child("operator").not_supported(op, &["Equal", "Exists"])),
    }
    let effect = t.effect.as_deref().unwrap_or("");
    if !matches!(effect, "" | "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        out.push(f.child("effect").not_supported(effect, &["NoSchedule", "PreferNoSchedule", "NoExecute"]));
    }
    if t.toleration_seconds.is_some() && effect != "NoExecute" {
        out.push(f.child("effect").invalid(quote(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    out
}

/// Each claim template must make a valid claim (`<template>-<set>-<ordinal>`).
fn claim_templates(spec: &StatefulSetSpec, f: &Field) -> Vec<Finding> {
    let mut out = Vec::new();
    let repeated = order::repeats(&spec.volume_claim_templates.iter().map(|t| t.metadata.name.as_str()).collect::<Vec<_>>());
    for (i, t) in spec.volume_claim_templates.iter().enumerate() {
        let tf = f.child("volumeClaimTemplates").index(i);
        let name = tf.child("metadata").child("name");
        if t.metadata.name.is_empty() {
            out.push(name.required(""));
        } else {
            out.extend(name.each_invalid(&t.metadata.name, names::dns1123_subdomain(&t.metadata.name)));
            if repeated[i] {
                out.push(name.duplicate(quote(&t.metadata.name)));
            }
        }
        out.extend(storage::claim_spec(&t.spec, &tf.child("spec"), "StatefulSet"));
    }
    out
}

/// Checks an update of a StatefulSet as the API server does (§I4): after creation only
/// `replicas`, `ordinals`, `template`, `updateStrategy`, `revisionHistoryLimit`,
/// `persistentVolumeClaimRetentionPolicy` and `minReadySeconds` may change. Returns the API's
/// `spec: Forbidden: ...` message when another field changed, `None` when the update is allowed.
/// (Defaults are applied before comparing, so leaving out `podManagementPolicy` equals
/// `OrderedReady`.)
pub fn validate_statefulset_update(old: &StatefulSet, new: &StatefulSet) -> Option<String> {
    fn fixed(spec: &StatefulSetSpec) -> StatefulSetSpec {
        let mut s = spec.clone();
        s.replicas = None;
        s.ordinals = None;
        s.template = Default::default();
        s.update_strategy = None;
        s.revision_history_limit = None;
        s.persistent_volume_claim_retention_policy = None;
        s.min_ready_seconds = None;
        if s.pod_management_policy.as_deref().is_none_or(str::is_empty) {
            s.pod_management_policy = Some("OrderedReady".to_string());
        }
        s
    }
    (fixed(&old.spec) != fixed(&new.spec)).then(|| {
        "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden".to_string()
    })
}

/// `validateProbe` and the checks its kind adds, after the API's defaults (an unset or zero
/// `successThreshold` is 1, an unset `httpGet` path is `/` and scheme `HTTP`).
fn validate_probe(probe: &Probe, kind: &str, pf: &Field) -> Vec<Finding> {
    let mut out = Vec::new();
    // `validateHandler`: exactly one handler, the second and later refused where written.
    let mut handlers = probe.handlers();
    match handlers.next() {
        None => out.push(pf.required("must specify a handler type")),
        Some(_) => out.extend(handler(probe, pf)),
    }
    out.extend(handlers.map(|extra| pf.child(extra).forbidden("may not specify more than 1 handler type")));
    let numbers = [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ];
    for (name, value) in numbers {
        out.extend(pf.child(name).non_negative(value));
        out.extend(pf.child(name).int32(value));
    }
    let grace = probe.termination_grace_period_seconds;
    if let Some(g) = grace.filter(|g| *g <= 0) {
        out.push(pf.child("terminationGracePeriodSeconds").invalid(g, "must be greater than 0"));
    }
    match kind {
        "readinessProbe" => out.extend(grace.map(|g| pf.child("terminationGracePeriodSeconds").invalid(g, "must not be set for readinessProbes"))),
        _ => {
            let success = probe.success_threshold.filter(|s| *s != 0).unwrap_or(1);
            if success != 1 {
                out.push(pf.child("successThreshold").invalid(success, "must be 1"));
            }
        }
    }
    out
}

/// The first handler's own checks (`validateExecAction`, `validateHTTPGetAction`,
/// `validateTCPSocketAction`, `validateGRPCAction`).
fn handler(probe: &Probe, pf: &Field) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(exec) = &probe.exec {
        if exec.command.is_empty() {
            out.push(pf.child("exec").child("command").required(""));
        }
    } else if let Some(http) = &probe.http_get {
        let hf = pf.child("httpGet");
        out.extend(port_num_or_name(http.port.as_ref(), &hf.child("port")));
        if let Some(scheme) = http.scheme.as_deref().filter(|s| !s.is_empty() && !matches!(*s, "HTTP" | "HTTPS")) {
            out.push(hf.child("scheme").not_supported(scheme, &["HTTP", "HTTPS"]));
        }
    } else if let Some(tcp) = &probe.tcp_socket {
        out.extend(port_num_or_name(tcp.port.as_ref(), &pf.child("tcpSocket").child("port")));
    } else if let Some(grpc) = &probe.grpc {
        out.extend(port_num(grpc.port.unwrap_or(0), &pf.child("grpc").child("port")));
    }
    out
}

/// `ValidatePortNumOrName`: a number in 1..=65535 or an IANA service name; unset is 0. Also
/// a Service's `targetPort`.
pub(super) fn port_num_or_name(port: Option<&IntOrString>, f: &Field) -> Vec<Finding> {
    match port.unwrap_or(&IntOrString::Int(0)) {
        IntOrString::Int(n) => port_num(*n, f).into_iter().collect(),
        IntOrString::String(name) => f.each_invalid(name, names::port_name(name)),
    }
}

/// `IsValidPortNum`: 1..=65535.
pub(super) fn port_num(n: i64, f: &Field) -> Option<Finding> {
    (!(1..=65535).contains(&n)).then(|| f.invalid(n, "must be between 1 and 65535, inclusive"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContainerPort, LabelSelector, Map, ObjectMeta, PodTemplateSpec, UpdateStrategy};
    use crate::Severity;

    fn web() -> StatefulSet {
        let labels = Map::from([("app".to_string(), "nginx".to_string())]);
        StatefulSet {
            metadata: ObjectMeta { name: "web".into(), ..ObjectMeta::default() },
            spec: StatefulSetSpec {
                selector: Some(LabelSelector { match_labels: labels.clone(), ..LabelSelector::default() }),
                service_name: "nginx".into(),
                template: PodTemplateSpec {
                    metadata: ObjectMeta { labels, ..ObjectMeta::default() },
                    spec: PodSpec {
                        containers: vec![Container {
                            name: "nginx".into(),
                            image: Some("nginx:1.27".into()),
                            ..Container::default()
                        }],
                        ..PodSpec::default()
                    },
                },
                ..StatefulSetSpec::default()
            },
        }
    }

    fn messages(s: &StatefulSet) -> Vec<String> {
        statefulset(s).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn a_good_set_passes() {
        assert_eq!(messages(&web()), Vec::<String>::new());
    }

    #[test]
    fn probes_are_checked_after_the_api_defaults() {
        use crate::model::{ExecAction, GrpcAction, HttpGetAction, TcpSocketAction};
        let at = |rest: &str| format!("spec.template.spec.containers[0].{rest}{FAILED_CREATE}");
        let mut s = web();
        let c = &mut s.spec.template.spec.containers[0];
        // Good probes: a named port, a zero successThreshold (defaulted to 1), a liveness grace.
        c.readiness_probe = Some(Probe { http_get: Some(HttpGetAction { port: Some(IntOrString::String("http".into())), ..HttpGetAction::default() }), ..Probe::default() });
        c.liveness_probe = Some(Probe { tcp_socket: Some(TcpSocketAction { port: Some(IntOrString::Int(80)) }), success_threshold: Some(0), termination_grace_period_seconds: Some(5), ..Probe::default() });
        c.startup_probe = Some(Probe { grpc: Some(GrpcAction { port: Some(9090) }), ..Probe::default() });
        assert_eq!(messages(&s), Vec::<String>::new());

        let c = &mut s.spec.template.spec.containers[0];
        c.readiness_probe = Some(Probe { http_get: Some(HttpGetAction { scheme: Some("http".into()), ..HttpGetAction::default() }), termination_grace_period_seconds: Some(5), ..Probe::default() });
        c.liveness_probe = Some(Probe { exec: Some(ExecAction::default()), success_threshold: Some(2), period_seconds: Some(-1), ..Probe::default() });
        c.startup_probe = Some(Probe { tcp_socket: Some(TcpSocketAction { port: Some(IntOrString::String("80".into())) }), termination_grace_period_seconds: Some(0), ..Probe::default() });
        assert_eq!(
            messages(&s),
            [
                at("livenessProbe.exec.command: Required value"),
                at("livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0"),
                at("livenessProbe.successThreshold: Invalid value: 2: must be 1"),
                at("readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"),
                at("readinessProbe.httpGet.scheme: Unsupported value: \"http\": supported values: \"HTTP\", \"HTTPS\""),
                at("readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes"),
                at("startupProbe.tcpSocket.port: Invalid value: \"80\": must contain at least one letter (a-z)"),
                at("startupProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0"),
            ]
        );
    }

    #[test]
    fn selector_rules() {
        let mut s = web();
        s.spec.template.metadata.labels = Map::from([("app".to_string(), "other".to_string())]);
        assert_eq!(
            messages(&s),
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`"]
        );
        s.spec.selector = None;
        assert_eq!(messages(&s)[0], "spec.selector: Required value");
        s.spec.selector = Some(LabelSelector::default());
        assert!(messages(&s)[0].ends_with(": empty selector is invalid for statefulset"));
    }

    #[test]
    fn enumerations_and_numbers() {
        let mut s = web();
        s.spec.pod_management_policy = Some("Random".into());
        s.spec.update_strategy = Some(UpdateStrategy { r#type: Some("Sometimes".into()), rolling_update: None });
        s.spec.replicas = Some(-1);
        s.spec.template.spec.restart_policy = Some("Never".into());
        s.spec.template.spec.active_deadline_seconds = Some(600);
        let m = messages(&s);
        assert_eq!(m[0], "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'");
        assert_eq!(m[1], "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Sometimes\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'");
        assert_eq!(m[2], "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        assert_eq!(m[3], "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        assert_eq!(m[4], "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported");
    }

    #[test]
    fn more_replicas_than_ordinal_simulates_are_refused_at_the_field() {
        let mut s = web();
        s.spec.replicas = Some(i64::from(crate::MAX_REPLICAS));
        assert!(messages(&s).is_empty(), "{:?}", messages(&s));
        s.spec.replicas = Some(i64::from(crate::MAX_REPLICAS) + 1);
        assert_eq!(messages(&s), ["spec.replicas: Invalid value: 20001: Ordinal simulates at most 20000 replicas per StatefulSet"]);
    }

    #[test]
    fn service_name_history_and_an_ungated_max_unavailable() {
        let mut s = web();
        s.spec.service_name = "Nginx_Svc".into();
        s.spec.revision_history_limit = Some(-1);
        // MaxUnavailableStatefulSet is off in v1.34: the API server drops the field unread.
        s.spec.update_strategy = Some(UpdateStrategy {
            r#type: None,
            rolling_update: Some(RollingUpdate { partition: None, max_unavailable: Some(crate::model::IntOrString::Int(0)) }),
        });
        let m = messages(&s);
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(m[0], "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0");
        assert!(m[1].starts_with("spec.serviceName: Invalid value: \"Nginx_Svc\": a lowercase RFC 1123 label must consist of"), "{}", m[1]);
    }

    #[test]
    fn pod_problems_are_failed_create() {
        let mut s = web();
        s.spec.template.spec.containers[0].image = None;
        let m = messages(&s);
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("spec.template.spec.containers[0].image: Required value (Kubernetes accepts"));
    }

    #[test]
    fn a_port_name_is_unique_in_its_container_and_only_warned_about_across_containers() {
        let mut s = web();
        let port = |name: &str, n| ContainerPort { name: Some(name.into()), container_port: n, ..ContainerPort::default() };
        s.spec.template.spec.containers[0].ports = vec![port("web", 80), port("metrics", 8080)];
        let sidecar = Container { name: "exporter".into(), image: Some("exporter".into()), ports: vec![port("metrics", 9121)], ..Container::default() };
        s.spec.template.spec.containers.push(sidecar);
        let found = statefulset(&s);
        let said: Vec<(Severity, &str)> = found.iter().map(|f| (f.severity, f.message.as_str())).collect();
        assert_eq!(said, [(Severity::Warning, "spec.template.spec.containers[1].ports[0]: duplicate port name \"metrics\" with spec.template.spec.containers[0].ports[1], services and probes that select ports by name will use spec.template.spec.containers[0].ports[1]")]);
        s.spec.template.spec.containers[0].ports.push(port("web", 81));
        let m = messages(&s);
        assert!(m.iter().any(|m| m.starts_with("spec.template.spec.containers[0].ports[2].name: Duplicate value: \"web\"")), "{m:?}");
    }

    #[test]
    fn updates() {
        let old = web();
        let mut new = web();
        new.spec.replicas = Some(5);
        new.spec.template.spec.containers[0].image = Some("nginx:1.28".into());
        new.spec.pod_management_policy = Some("OrderedReady".into());
        assert_eq!(validate_statefulset_update(&old, &new), None);
        new.spec.service_name = "other".into();
        assert!(validate_statefulset_update(&old, &new).is_some_and(|m| m.starts_with("spec: Forbidden: updates to statefulset spec")));
    }
}
