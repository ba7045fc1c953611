//! Fields of a StatefulSet's pod template that a cluster acts on and Ordinal does not simulate:
//! each said once, where it is first written, so that a picture which differs from a cluster's
//! says why. (The API server accepts them; these are warnings, and the object is simulated.)

use crate::diagnostic::Severity;
use crate::tree::Tree;

use super::Finding;

/// Whether a value written at a path is one Ordinal does simulate (a default written out).
type Simulated = fn(&Tree) -> bool;

/// A path under `spec.template.spec` (`*`: each item of a list); the values there that Ordinal
/// does simulate, if any; and what it does instead.
const UNSIMULATED: &[(&[&str], Simulated, &str)] = &[
    (&["affinity"], none, "the pods are placed as if it were absent (a cluster follows it, and may keep a pod Pending)"),
    (&["topologySpreadConstraints"], none, "the pods are placed as if it were absent (a cluster follows it, and may keep a pod Pending)"),
    (&["nodeName"], none, "the pods are scheduled as if it were absent (a cluster runs them on that node, unscheduled)"),
    (&["schedulingGates"], none, "the pods are scheduled at once (a cluster keeps them SchedulingGated until the gates are removed)"),
    (
        &["schedulerName"],
        |t| is_text(t, "default-scheduler"),
        "Ordinal's scheduler places the pods (a cluster leaves them Pending until that scheduler runs)",
    ),
    // Limits too: a container's requests default to its limits.
    (&["containers", "*", "resources"], none, "Ordinal's nodes have no CPU or memory to run out of, so resources never keep a pod Pending"),
    (&["initContainers"], none, "the containers start without them (a cluster runs each to completion first: Init:0/1)"),
    (&["containers", "*", "startupProbe"], none, "readiness is probed from the start, without waiting for it"),
    (&["containers", "*", "livenessProbe"], none, "a failing liveness probe never restarts the container here"),
    (
        &["containers", "*", "readinessProbe", "successThreshold"],
        |t| matches!(t, Tree::Int(0 | 1)),
        "one passing probe makes the pod Ready (a cluster waits for this many in a row)",
    ),
    (&["readinessGates"], none, "the pods are Ready by their probes alone (a cluster also waits for each gate's condition)"),
    (
        &["containers", "*", "imagePullPolicy"],
        |t| is_text(t, "IfNotPresent"),
        "an image is pulled once per node and then found present, as IfNotPresent does (Always pulls at every container start, Never never pulls)",
    ),
];

/// No value is simulated.
fn none(_: &Tree) -> bool {
    false
}

fn is_text(tree: &Tree, text: &str) -> bool {
    matches!(tree, Tree::Str(s) if s == text)
}

/// The warnings for a document of `kind`.
pub(crate) fn unsimulated_fields(kind: &str, tree: &Tree) -> Vec<Finding> {
    if kind != "StatefulSet" {
        return Vec::new();
    }
    let Some(pod) = tree.get("spec").and_then(|s| s.get("template")).and_then(|t| t.get("spec")) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (path, simulated, instead) in UNSIMULATED {
        let mut at = vec!["spec".to_owned(), "template".to_owned(), "spec".to_owned()];
        let mut shown = "spec.template.spec".to_owned();
        if first(pod, path, *simulated, &mut at, &mut shown) {
            found.push(Finding { severity: Severity::Warning, at, message: format!("{shown}: not simulated: {instead}") });
        }
    }
    found
}

/// Whether `path` leads to a value that is set (not null, not empty) under `tree` and not
/// `simulated`, and if so where the first one is, in `at` and `shown`.
fn first(tree: &Tree, path: &[&str], simulated: Simulated, at: &mut Vec<String>, shown: &mut String) -> bool {
    let Some((&step, rest)) = path.split_first() else {
        return !simulated(tree)
            && match tree {
                Tree::Null => false,
                Tree::Map(entries) => !entries.is_empty(),
                Tree::Seq(items) => !items.is_empty(),
                _ => true,
            };
    };
    let (len, shown_len) = (at.len(), shown.len());
    if step == "*" {
        let Tree::Seq(items) = tree else { return false };
        for (i, item) in items.iter().enumerate() {
            at.push(i.to_string());
            shown.push_str(&format!("[{i}]"));
            if first(item, rest, simulated, at, shown) {
                return true;
            }
            at.truncate(len);
            shown.truncate(shown_len);
        }
        return false;
    }
    let Some(value) = tree.get(step) else { return false };
    at.push(step.to_owned());
    shown.push('.');
    shown.push_str(step);
    if first(value, rest, simulated, at, shown) {
        return true;
    }
    at.truncate(len);
    shown.truncate(shown_len);
    false
}

#[cfg(test)]
mod tests {
    use crate::{read, Input, Severity};

    #[test]
    fn each_unsimulated_field_is_named_once_where_first_written() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: web\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      initContainers: []\n      affinity:\n        podAntiAffinity: {}\n      containers:\n      - name: a\n        image: a\n        imagePullPolicy: IfNotPresent\n      - name: b\n        image: b\n        resources: {limits: {cpu: '1'}}\n        livenessProbe: {tcpSocket: {port: 80}}\n        imagePullPolicy: Always\n      - name: c\n        image: c\n        resources: {requests: {cpu: '2'}}\n      schedulerName: default-scheduler\n";
        let m = read(&[Input { file: "t.yaml", text }]);
        let warnings: Vec<String> = m
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && d.message.contains("not simulated"))
            .map(|d| format!("{}:{}: {}", d.source.line, d.source.column, d.message))
            .collect();
        assert_eq!(
            warnings,
            [
                "11:7: spec.template.spec.affinity: not simulated: the pods are placed as if it were absent (a cluster follows it, and may keep a pod Pending)",
                "19:9: spec.template.spec.containers[1].resources: not simulated: Ordinal's nodes have no CPU or memory to run out of, so resources never keep a pod Pending",
                "20:9: spec.template.spec.containers[1].livenessProbe: not simulated: a failing liveness probe never restarts the container here",
                "21:9: spec.template.spec.containers[1].imagePullPolicy: not simulated: an image is pulled once per node and then found present, as IfNotPresent does (Always pulls at every container start, Never never pulls)",
            ]
        );
        // Warnings only: the set is simulated.
        assert_eq!(m.objects.len(), 1);
    }
}
