//! Random scenarios over many seeds: whatever a person does to the cluster, in any order, the
//! checker's guarantees hold at every step and the run ends. A failure names the case's seed;
//! `ORDINAL_CASES=N` runs more cases.

use std::fmt::Write;

use crate::{load, simulate_checked};

/// A small deterministic generator for the cases (the engine has its own).
pub(crate) struct Gen(pub(crate) u64);

impl Gen {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub(crate) fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// A random cluster and story: storage binding mode, pod management, retention, nodes, and up to
/// twelve steps of every kind at random times.
fn case(seed: u64) -> String {
    let mut g = Gen(seed);
    let nodes = 1 + g.below(4);
    let replicas = g.below(5);
    let mode = g.pick(&["Immediate", "WaitForFirstConsumer"]);
    let policy = g.pick(&["OrderedReady", "Parallel"]);
    let scaled = g.pick(&["Retain", "Delete"]);
    let deleted = g.pick(&["Retain", "Delete"]);
    let provisioner = g.pick(&["ebs.csi.aws.com", "rancher.io/local-path", "kubernetes.io/no-provisioner"]);
    let start = g.below(3);
    let min_ready = g.pick(&["0", "0", "5"]);
    let grace = g.pick(&["0", "5", "30"]);
    // Sometimes every replica also mounts one claim by name, shared (§E8).
    let shared = if g.below(3) == 0 { Some(g.pick(&["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"])) } else { None };
    let (shared_mount, shared_volume) = match shared {
        Some(_) => (", {name: sh, mountPath: /sh}", "\n      volumes: [{name: sh, persistentVolumeClaim: {claimName: shared}}]"),
        None => ("", ""),
    };
    let mut text = format!(
        r#"apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {{name: sc, annotations: {{storageclass.kubernetes.io/is-default-class: "true"}}}}
provisioner: {provisioner}
volumeBindingMode: {mode}
---
apiVersion: v1
kind: Service
metadata: {{name: svc}}
spec: {{clusterIP: None, selector: {{app: a}}, ports: [{{name: p, port: 80}}]}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: s}}
spec:
  serviceName: svc
  replicas: {replicas}
  podManagementPolicy: {policy}
  minReadySeconds: {min_ready}
  ordinals: {{start: {start}}}
  persistentVolumeClaimRetentionPolicy: {{whenScaled: {scaled}, whenDeleted: {deleted}}}
  selector: {{matchLabels: {{app: a}}}}
  template:
    metadata: {{labels: {{app: a}}}}
    spec:
      terminationGracePeriodSeconds: {grace}
      containers:
      - name: c
        image: img
        readinessProbe: {{exec: {{command: [ready]}}, initialDelaySeconds: 1, periodSeconds: 2}}
        volumeMounts: [{{name: d, mountPath: /d}}{shared_mount}]{shared_volume}
  volumeClaimTemplates:
  - metadata: {{name: d}}
    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
---
apiVersion: ordinal/v1alpha1
kind: Scenario
metadata: {{name: random}}
spec:
  nodes: {nodes}
  timing: {{toleration: 60s, forceDetach: 90s}}
  steps:
"#
    );
    // Static local volumes, two per node: the only storage a no-provisioner class has, and
    // competition for the dynamic ones otherwise.
    let mut volumes = String::new();
    if provisioner == "kubernetes.io/no-provisioner" || g.below(4) == 0 {
        for n in 1..=nodes {
            for i in 0..2 {
                let _ = write!(
                    volumes,
                    r#"---
apiVersion: v1
kind: PersistentVolume
metadata: {{name: local-{n}-{i}}}
spec:
  capacity: {{storage: {size}Gi}}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: {reclaim}
  storageClassName: sc
  local: {{path: /mnt/disk{i}}}
  nodeAffinity: {{required: {{nodeSelectorTerms: [{{matchExpressions: [{{key: kubernetes.io/hostname, operator: In, values: [node-{n}]}}]}}]}}}}
"#,
                    size = 1 + g.below(2),
                    reclaim = g.pick(&["Retain", "Delete"]),
                );
            }
        }
    }
    if let Some(mode) = shared {
        let _ = write!(
            volumes,
            "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: shared}}\nspec: {{accessModes: [{mode}], resources: {{requests: {{storage: 1Gi}}}}}}\n"
        );
    }
    // Before the Scenario, whose steps follow.
    if let Some(i) = text.find("---\napiVersion: ordinal/v1alpha1") {
        text.insert_str(i, &volumes);
    }
    let mut at = 0;
    for _ in 0..g.below(13) {
        at += g.below(120_000);
        let pod = format!("s-{}", start + g.below(5));
        let node = format!("node-{}", 1 + g.below(nodes));
        let claim = format!("d-s-{}", start + g.below(5));
        let action = match g.below(12) {
            0 | 1 => format!("scale: {{statefulset: s, replicas: {}}}", g.below(6)),
            2 => format!("deletePod: {pod}"),
            3 => format!("forceDeletePod: {pod}"),
            4 => format!("failNode: {node}"),
            5 => format!("recoverNode: {node}"),
            6 => format!("taintOutOfService: {node}"),
            7 => format!("deletePersistentVolumeClaim: {claim}"),
            8 => format!("setReadiness: {{pod: {pod}, ready: {}}}", g.below(2) == 0),
            9 => format!("crashPod: {{pod: {pod}, times: {}}}", 1 + g.below(3)),
            10 => format!("deleteStatefulSet: {{name: s, cascade: {}}}", g.pick(&["background", "foreground", "orphan"])),
            _ => format!("untaintOutOfService: {node}"),
        };
        let _ = writeln!(text, "  - {{at: {at}ms, {action}}}");
    }
    text
}

#[test]
fn invariants_hold_for_random_scenarios() {
    let cases: u64 = std::env::var("ORDINAL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let mut static_bound = 0;
    for seed in 0..cases {
        let text = case(seed);
        let input = load(&format!("case-{seed}.yaml"), &text, seed);
        let timeline = engine::simulate(&input);
        if let Err(v) = engine::check::check(&input, &timeline) {
            panic!("case {seed}: invariant broken {v}\nreplay: save this as case.yaml and run `ordinal run --seed {seed} --check case.yaml`\n{text}");
        }
        // Every run ends: nothing is scheduled forever.
        assert!(!timeline.was_cut(), "case {seed} did not end");
        assert!(timeline.issues().iter().all(|i| i.step.is_some()), "case {seed}: {:?}", timeline.issues());
        // Every claim a live pod uses exists (no PVC removed under a running pod).
        let end = timeline.state_at(timeline.end_ms());
        if timeline.records().iter().any(|r| matches!(r, engine::view::Record::Change(c)
            if matches!(&*c.object, engine::view::View::PersistentVolume(v) if v.name.starts_with("local-") && v.phase == "Bound")))
        {
            static_bound += 1;
        }
        for pod in end.pods().filter(|p| p.status == "Running") {
            for claim in pod.claims.iter() {
                assert!(end.claim(&pod.namespace, claim).is_some(), "case {seed}: {} runs without {claim}\n{text}", pod.name);
            }
        }
    }
    // The cases do exercise static binding of local volumes, not only provisioning.
    assert!(cases < 100 || static_bound * 20 > cases, "only {static_bound} of {cases} cases bound a local volume");
}

#[test]
fn seeds_change_choices_but_not_guarantees() {
    let text = case(3);
    let a = engine::simulate(&load("a.yaml", &text, 1));
    let b = engine::simulate(&load("a.yaml", &text, 1));
    assert_eq!(a.records(), b.records());
    for seed in 0..20 {
        simulate_checked(&load("a.yaml", &text, seed));
    }
}

