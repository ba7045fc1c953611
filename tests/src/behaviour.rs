//! The behaviours of the spec, one scenario each, asserted on the timeline and the state.

use engine::view::{ChangeType, Record, View};

use crate::{events, first_time, load, scenario, simulate_checked};

const MIN: u64 = 60_000;

/// The times a pod of this name was added.
fn added(timeline: &engine::Timeline, pod: &str) -> Vec<u64> {
    timeline
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Change(c) if c.change == ChangeType::Added && matches!(&*c.object, View::Pod(p) if *p.name == *pod) => Some(c.t_ms),
            _ => None,
        })
        .collect()
}

#[test]
fn a_deleted_pod_comes_back_with_its_name_claim_and_volume() {
    let timeline = simulate_checked(&scenario("failover.yaml", 0));
    let before = timeline.state_at(2 * MIN + 29_000);
    let old = before.pod("default", "web-1").expect("web-1 before").clone();
    let volume = before.claim("default", "www-web-1").and_then(|c| c.volume.clone()).expect("bound");

    let recreated: Vec<u64> = added(&timeline, "web-1").into_iter().filter(|t| *t < 4 * MIN).collect();
    assert_eq!(recreated.len(), 2, "web-1 created once and recreated once before the node failure: {recreated:?}");
    let back = first_time(&timeline, "web-1", "Running", true).into_iter().chain(
        timeline.records().iter().filter_map(|r| match r {
            Record::Change(c) if c.t_ms > recreated[1] && matches!(&*c.object, View::Pod(p) if &*p.name == "web-1" && p.ready) => Some(c.t_ms),
            _ => None,
        }),
    );
    let ready_again = back.last().expect("web-1 Ready again");
    let after = timeline.state_at(ready_again);
    let new = after.pod("default", "web-1").expect("web-1 after");
    assert_eq!(new.claims, ["www-web-1".into()].into());
    assert_ne!(new.uid, old.uid, "the same name, but a new pod");
    assert_eq!(after.claim("default", "www-web-1").and_then(|c| c.volume.clone()), Some(volume));
    assert!(new.ready && old.ready);
    // Its DNS name is the same; the record now answers with the new pod's IP.
    let name = "web-1.nginx.default.svc.cluster.local";
    let records: Vec<_> = after.dns().into_iter().filter(|r| r.name == name).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(Some(records[0].data.clone()), new.ip.as_deref().map(str::to_owned));
}

#[test]
fn a_lost_node_is_noticed_late_and_its_pods_are_not_replaced_until_declared_gone() {
    let timeline = simulate_checked(&scenario("failover.yaml", 0));
    let failed_at = 4 * MIN;
    let on_node_2: Vec<String> = timeline
        .state_at(failed_at)
        .pods()
        .filter(|p| p.node.as_deref() == Some("node-2"))
        .map(|p| p.name.to_string())
        .collect();
    assert!(!on_node_2.is_empty(), "the scheduler spreads pods, so node-2 has some");

    // For the grace period the API still believes the node is fine (§F3).
    let just_before = timeline.state_at(failed_at + 39_999);
    assert!(just_before.nodes().all(|n| n.ready == "True"));
    assert!(on_node_2.iter().all(|p| just_before.pod("default", p).is_some_and(|p| p.ready)));
    let noticed = timeline.state_at(failed_at + 40_000);
    let node = noticed.nodes().find(|n| &*n.name == "node-2").expect("node-2");
    assert_eq!(node.ready, "Unknown");
    assert!(node.taints.contains(&"node.kubernetes.io/unreachable:NoExecute".to_owned()), "{:?}", node.taints);
    for p in &on_node_2 {
        let pod = noticed.pod("default", p).expect("pod");
        assert!(!pod.ready, "{p} is marked not Ready");
        // Only the pod's condition: the containers' last report stands, and kubectl reads 1/1.
        assert!(pod.containers_ready, "{p}: the node controller does not touch container statuses");
        let fqdn = format!("{p}.nginx.default.svc.cluster.local");
        assert!(noticed.dns().iter().all(|r| r.name != fqdn), "{p} dropped out of DNS");
    }

    // After the 300 s toleration they are evicted and stay Terminating: no kubelet confirms (§F4).
    let evicted = timeline.state_at(failed_at + 40_000 + 300_000 + 1);
    for p in &on_node_2 {
        assert_eq!(evicted.pod("default", p).expect("still there").status, "Terminating");
    }
    let stuck_until = 11 * MIN;
    for p in &on_node_2 {
        let recreations = added(&timeline, p).into_iter().filter(|t| *t > failed_at && *t <= stuck_until).count();
        assert_eq!(recreations, 0, "{p} must not be replaced while the old one may still run");
    }
    // The out-of-service taint lets the pod GC force-delete them at its next run (every 20 s),
    // and the StatefulSet recreates them on the nodes that are left (§F6).
    // OrderedReady: the lowest comes back first, the next once it is Ready.
    let end = timeline.state_at(timeline.end_ms());
    let again: Vec<u64> = on_node_2
        .iter()
        .map(|p| added(&timeline, p).into_iter().find(|t| *t > stuck_until).expect("recreated"))
        .collect();
    assert!(again[0] <= stuck_until + 20_000, "{on_node_2:?} recreated at {again:?}");
    assert!(again.windows(2).all(|w| w[0] < w[1]), "{on_node_2:?} recreated at {again:?}");
    for p in &on_node_2 {
        let pod = end.pod("default", p).expect("running again");
        assert!(pod.ready && pod.node.as_deref() != Some("node-2"), "{pod:?}");
    }
}

#[test]
fn force_delete_frees_the_name_and_the_volume_waits_for_force_detach() {
    let timeline = simulate_checked(&scenario("force-delete.yaml", 0));
    let at_fail = timeline.state_at(MIN);
    let lost = at_fail.pods().find(|p| p.node.as_deref() == Some("beta")).expect("a pod on beta").name.to_string();
    assert_eq!(lost, "web-0", "web-1 is the pod on alpha, the node the scenario fails");
    let forced = 8 * MIN;
    let recreated = added(&timeline, "web-1").into_iter().find(|t| *t >= forced).expect("recreated");
    assert_eq!(recreated, forced, "the name is free at once (§F5)");
    let multi = events(&timeline, "FailedAttachVolume");
    assert!(multi.iter().any(|m| m.starts_with("web-1: Multi-Attach error for volume")), "{multi:?}");
    // Running only after the 6-minute force detach (§F7).
    let running = timeline
        .records()
        .iter()
        .find_map(|r| match r {
            Record::Change(c) if c.t_ms > forced && matches!(&*c.object, View::Pod(p) if &*p.name == "web-1" && p.status == "Running") => Some(c.t_ms),
            _ => None,
        })
        .expect("web-1 runs again");
    assert!(running >= forced + 6 * MIN, "running at {running}");
    assert!(running < forced + 6 * MIN + 10_000, "running at {running}");
    assert_eq!(timeline.state_at(running).pod("default", "web-1").and_then(|p| p.node.clone()).as_deref(), Some("beta"));
}

#[test]
fn a_local_volume_pins_its_pod_to_a_node() {
    let timeline = simulate_checked(&scenario("local-volume.yaml", 0));
    let first = timeline.state_at(MIN);
    assert_eq!(first.pod("default", "db-0").and_then(|p| p.node.clone()).as_deref(), Some("node-1"));
    assert_eq!(first.volumes().next().map(|v| v.node.as_deref().map(str::to_owned)), Some(Some("node-1".to_owned())));
    let failed = events(&timeline, "FailedScheduling");
    assert!(
        failed.iter().any(|m| m.contains("1 node(s) didn't match PersistentVolume's node affinity") && m.contains("1 node(s) had untolerated taint(s)")),
        "{failed:?}"
    );
    let end = timeline.state_at(timeline.end_ms());
    let pod = end.pod("default", "db-0").expect("db-0");
    assert!(pod.ready && pod.node.as_deref() == Some("node-1"), "{pod:?}");
    assert!(first_time(&timeline, "db-0", "Running", true).is_some());
}

#[test]
fn retention_delete_removes_claims_and_volumes_with_their_pods() {
    let timeline = simulate_checked(&scenario("retention-delete.yaml", 0));
    let up = timeline.state_at(MIN - 1);
    let pods: Vec<&str> = up.pods().map(|p| &*p.name).collect();
    assert_eq!(pods, ["cache-1", "cache-2", "cache-3"], "ordinals start at 1 (§A1)");
    let scaled = timeline.state_at(2 * MIN - 1);
    let claims: Vec<&str> = scaled.claims().map(|c| &*c.name).collect();
    assert_eq!(claims, ["data-cache-1", "data-cache-2"], "whenScaled: Delete");
    assert_eq!(scaled.volumes().count(), 2, "reclaimPolicy Delete removes the released volume");
    let end = timeline.state_at(timeline.end_ms());
    assert_eq!(end.claims().count(), 0, "whenDeleted: Delete");
    assert_eq!(end.volumes().count(), 0);
    assert_eq!(end.pods().count(), 0);
}

#[test]
fn rolling_update_goes_from_the_top_and_waits_for_min_ready_seconds() {
    let timeline = simulate_checked(&scenario("rolling-update.yaml", 0));
    let deletions: Vec<(u64, String)> = events(&timeline, "SuccessfulDelete")
        .into_iter()
        .zip(timeline.records().iter().filter_map(|r| match r {
            Record::Event(e) if e.reason == "SuccessfulDelete" => Some(e.t_ms),
            _ => None,
        }))
        .map(|(m, t)| (t, m))
        .collect();
    let order: Vec<&str> = deletions.iter().map(|(_, m)| m.split_whitespace().nth(3).unwrap_or("")).collect();
    assert_eq!(order, ["web-2", "web-1", "web-0"], "{deletions:?}");
    // Each next deletion waits for the previous replacement to be Ready for 10 s.
    for pair in deletions.windows(2) {
        let prev = pair[0].1.split_whitespace().nth(3).unwrap_or("");
        let ready = timeline
            .records()
            .iter()
            .find_map(|r| match r {
                Record::Change(c) if c.t_ms > pair[0].0 && matches!(&*c.object, View::Pod(p) if *p.name == *prev && p.ready) => Some(c.t_ms),
                _ => None,
            })
            .expect("replacement Ready");
        assert!(pair[1].0 >= ready + 10_000, "{deletions:?} ready {ready}");
    }
    let after = timeline.state_at(6 * MIN - 1);
    let set = after.stateful_sets().next().expect("web");
    assert_eq!(set.current_revision, set.update_revision);
    assert_eq!((set.updated_replicas, set.ready_replicas), (3, 3));
    // The rollout is complete in the sync that recreates its last pod: the status leaves out a
    // pod only just sent (`isCreated`), so every pod it counts is updated and Ready.
    let recreated = added(&timeline, "web-0")[1];
    let revisions = |t: u64| {
        let state = timeline.state_at(t);
        let set = state.stateful_sets().next().expect("web");
        set.current_revision == set.update_revision
    };
    assert!(!revisions(recreated - 1) && revisions(recreated), "complete at {recreated}");

    // A failing readiness probe (period 5 s, 3 failures) takes web-0 out after 15 s (§B2) ...
    let out = timeline.state_at(6 * MIN + 15_000);
    assert!(!out.pod("default", "web-0").expect("web-0").ready);
    assert!(timeline.state_at(6 * MIN + 14_999).pod("default", "web-0").expect("web-0").ready);
    assert!(out.dns().iter().all(|r| !r.name.starts_with("web-0.")));
    // ... and a passing one brings it back at the next period.
    assert!(timeline.state_at(8 * MIN + 5_000).pod("default", "web-0").expect("web-0").ready);

    // A crashing container restarts in place (§F2): the first exit at the kubelet's next sync
    // (no back-off yet), each later one after a back-off that doubles from 10 s.
    let end = timeline.state_at(timeline.end_ms());
    let web1 = end.pod("default", "web-1").expect("web-1");
    assert_eq!((web1.restarts, web1.ready), (3, true));
    assert!(first_time(&timeline, "web-1", "CrashLoopBackOff", false).is_some());
    assert_eq!(added(&timeline, "web-1").len(), 2, "restarted in place, not replaced");
    let backoffs = event_times(&timeline, "BackOff");
    assert_eq!(backoffs.len(), 2);
    let exits: Vec<u64> = timeline
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Change(c) if matches!(&*c.object, View::Pod(p) if &*p.name == "web-1" && p.status == "Error") => Some(c.t_ms),
            _ => None,
        })
        .collect();
    let restarts: Vec<u64> = timeline
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Change(c) if matches!(&*c.object, View::Pod(p) if &*p.name == "web-1" && p.status == "Running" && !p.ready && p.restarts > 0) => Some(c.t_ms),
            _ => None,
        })
        .collect();
    assert_eq!(exits.len(), 3);
    assert_eq!(restarts.len(), 3);
    assert_eq!(restarts[0] - exits[0], 500, "the first restart waits only for the kubelet's sync");
    assert_eq!(&backoffs[..], &exits[1..], "the later exits back off");
    let gaps: Vec<u64> = backoffs.iter().zip(&restarts[1..]).map(|(b, r)| r - b).collect();
    assert_eq!(gaps, [10_000, 20_000]);
}

#[test]
fn headless_service_dns_has_a_and_srv_records_for_ready_pods() {
    let timeline = simulate_checked(&scenario("tutorial-create.yaml", 0));
    let state = timeline.state_at(timeline.end_ms());
    let dns = state.dns();
    let names: Vec<(&str, &str)> = dns.iter().map(|r| (r.name.as_str(), r.record_type)).collect();
    assert_eq!(
        names,
        [
            ("_web._tcp.nginx.default.svc.cluster.local", "SRV"),
            ("_web._tcp.nginx.default.svc.cluster.local", "SRV"),
            ("nginx.default.svc.cluster.local", "A"),
            ("nginx.default.svc.cluster.local", "A"),
            ("web-0.nginx.default.svc.cluster.local", "A"),
            ("web-1.nginx.default.svc.cluster.local", "A"),
        ]
    );
    let srv: Vec<&str> = dns.iter().filter(|r| r.record_type == "SRV").map(|r| r.data.as_str()).collect();
    assert!(srv.contains(&"0 50 80 web-0.nginx.default.svc.cluster.local."), "{srv:?}");
    // Before web-0 is Ready, nothing answers (§H1).
    let ready_at = first_time(&timeline, "web-0", "Running", true).expect("ready");
    assert!(timeline.state_at(ready_at - 1).dns().is_empty());
}

const SET: &str = r#"
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 1
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers: [{name: nginx, image: nginx}]
"#;

/// [`SET`] and a Scenario with these step lines.
fn with_steps(steps: &str) -> String {
    format!("{SET}---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\nspec:\n  steps:\n{steps}")
}

/// [`with_steps`], the set having this many replicas.
fn replicas_with_steps(replicas: u32, steps: &str) -> String {
    with_steps(steps).replace("replicas: 1\n  selector", &format!("replicas: {replicas}\n  selector"))
}

/// When the Events of this reason were recorded.
fn event_times(timeline: &engine::Timeline, reason: &str) -> Vec<u64> {
    timeline
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Event(e) if e.reason == reason => Some(e.t_ms),
            _ => None,
        })
        .collect()
}

#[test]
fn steps_on_missing_objects_and_forbidden_updates_are_reported_not_applied() {
    let text = format!(
        "{SET}---
apiVersion: ordinal/v1alpha1
kind: Scenario
metadata: {{name: s}}
spec:
  steps:
  - {{at: 10s, deletePod: web-7}}
  - {{at: 20s, scale: {{statefulset: nope, replicas: 2}}}}
  - {{at: 30s, failNode: node-9}}
  - at: 40s
    apply:
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {{name: web}}
      spec:
        serviceName: other
        replicas: 1
        selector: {{matchLabels: {{app: nginx}}}}
        template:
          metadata: {{labels: {{app: nginx}}}}
          spec:
            containers: [{{name: nginx, image: nginx}}]
"
    );
    let input = load("steps.yaml", &text, 0);
    let timeline = simulate_checked(&input);
    let issues: Vec<(Option<usize>, &str)> = timeline.issues().iter().map(|i| (i.step, i.message.as_str())).collect();
    assert_eq!(issues.len(), 4, "{issues:?}");
    assert_eq!(issues[0], (Some(0), "pods \"web-7\" not found"));
    assert_eq!(issues[1], (Some(1), "statefulsets.apps \"nope\" not found"));
    assert_eq!(issues[2], (Some(2), "nodes \"node-9\" not found"));
    assert!(issues[3].1.contains("Forbidden: updates to statefulset spec for fields other than"), "{issues:?}");
    let end = timeline.state_at(timeline.end_ms());
    assert_eq!(end.stateful_sets().next().map(|s| &*s.service_name), Some("nginx"));
}

#[test]
fn an_unbound_immediate_claim_keeps_the_pod_pending_with_the_scheduler_message() {
    let text = format!(
        "{SET}  volumeClaimTemplates:
  - metadata: {{name: data}}
    spec: {{accessModes: [ReadWriteOnce], storageClassName: \"\", resources: {{requests: {{storage: 1Gi}}}}}}
"
    );
    let timeline = simulate_checked(&load("pending.yaml", &text, 0));
    let failed = events(&timeline, "FailedScheduling");
    assert_eq!(
        failed,
        ["web-0: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."]
    );
    let binding = events(&timeline, "FailedBinding");
    assert_eq!(binding, ["data-web-0: no persistent volumes available for this claim and no storage class is set"]);
    let end = timeline.state_at(timeline.end_ms());
    assert_eq!(end.pod("default", "web-0").map(|p| p.status), Some("Pending"));
}

#[test]
fn a_volume_mount_without_a_volume_is_accepted_and_then_fails_to_create_pods() {
    let text = SET.replace(
        "containers: [{name: nginx, image: nginx}]",
        "containers: [{name: nginx, image: nginx, volumeMounts: [{name: data, mountPath: /d}]}]",
    );
    let m = manifest::read(&[manifest::Input { file: "mount.yaml", text: &text }]);
    assert!(!m.has_errors(), "{:?}", m.diagnostics);
    assert!(m.diagnostics.iter().any(|d| d.message.contains("volumeMounts[0].name: Not found")), "{:?}", m.diagnostics);
    let timeline = simulate_checked(&load("mount.yaml", &text, 0));
    let failed = events(&timeline, "FailedCreate");
    assert_eq!(
        failed,
        ["web: create Pod web-0 in StatefulSet web failed error: Pod \"web-0\" is invalid: spec.containers[0].volumeMounts[0].name: Not found: \"data\""]
    );
    assert_eq!(timeline.state_at(timeline.end_ms()).pods().count(), 0);
}

#[test]
fn orphaned_pods_are_adopted_and_on_delete_updates_wait_for_a_deletion() {
    let timeline = simulate_checked(&scenario("orphan-adopt.yaml", 0));
    // Static binding picks the smallest fitting volume the selector admits (§E1).
    let start = timeline.state_at(MIN - 1);
    let bound: Vec<(String, Option<String>)> = start.claims().map(|c| (c.name.to_string(), c.volume.as_deref().map(str::to_owned))).collect();
    assert_eq!(
        bound,
        [("data-kv-0".to_owned(), Some("pv-b".to_owned())), ("data-kv-1".to_owned(), Some("pv-a".to_owned()))]
    );
    // Orphaned: the set is gone, its pods run on, controlled by nobody (§C5).
    let orphaned = timeline.state_at(MIN + 1);
    assert_eq!(orphaned.stateful_sets().count(), 0);
    assert!(orphaned.pods().all(|p| p.ready && p.controlled_by.is_none()));
    // Adopted by the new set, not replaced (OnDelete, §G5).
    let adopted = timeline.state_at(2 * MIN + 1);
    assert!(adopted.pods().all(|p| p.ready && p.controlled_by.as_deref() == Some("kv")));
    assert_eq!(added(&timeline, "kv-0").len(), 1);
    // A new set starts with currentRevision = updateRevision, its own; the adopted pods carry
    // the old one.
    let set = adopted.stateful_sets().next().expect("kv");
    assert_eq!(set.current_revision, set.update_revision);
    assert_eq!((set.updated_replicas, set.current_replicas), (0, 0));
    // A deleted pod comes back at the new revision.
    let after = timeline.state_at(3 * MIN + 30_000);
    assert_eq!(after.stateful_sets().next().map(|s| s.updated_replicas), Some(1));
    // Retain: the deleted claim's volume is Released and stays so; the recreated claim binds
    // the only other fitting volume, none (pv-c is "slow"), so it waits (§E6).
    let end = timeline.state_at(timeline.end_ms());
    let pv_a = end.volumes().find(|v| &*v.name == "pv-a").expect("pv-a");
    assert_eq!((pv_a.phase, pv_a.claim.as_deref()), ("Released", Some("default/data-kv-1")));
    let claim = end.claim("default", "data-kv-1").expect("recreated claim");
    assert_eq!((claim.phase, claim.volume.as_deref()), ("Pending", None));
    assert_eq!(end.pod("default", "kv-1").map(|p| p.status), Some("Pending"));
}

/// Two replicas of a StatefulSet that mount one claim of this access mode, by name.
fn shared_claim(mode: &str) -> String {
    r#"
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: standard, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: shared}
spec: {accessModes: [@MODE@], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx, volumeMounts: [{name: d, mountPath: /d}]}]
      volumes: [{name: d, persistentVolumeClaim: {claimName: shared}}]
"#
        .replace("@MODE@", mode)
}

#[test]
fn a_read_write_once_pod_claim_admits_one_pod_and_the_next_waits_for_it() {
    // Spec §E8: ReadWriteOncePod is one pod, whatever the node. Two replicas mount one such
    // claim: the scheduler places one and refuses the other on every node (VolumeRestrictions),
    // which is what preemption could resolve, and finds no pod of lower priority to evict.
    let text = shared_claim("ReadWriteOncePod");
    let text = text.as_str();
    let timeline = simulate_checked(&load("rwop.yaml", text, 0));
    assert_eq!(
        events(&timeline, "FailedScheduling"),
        ["web-1: 0/3 nodes are available: 3 node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."]
    );
    // Never two pods on nodes with the claim at once.
    for t in timeline.change_times() {
        let placed = timeline.state_at(t).pods().filter(|p| p.node.is_some()).count();
        assert!(placed <= 1, "two pods placed with one ReadWriteOncePod claim at {t}");
    }
    let end = timeline.state_at(timeline.end_ms());
    assert_eq!(end.pod("default", "web-0").map(|p| (p.status, p.ready)), Some(("Running", true)));
    assert_eq!(end.pod("default", "web-1").map(|p| (p.status, p.node.is_none())), Some(("Pending", true)));

    // With a control-plane node the pods do not tolerate, preemption could help on two nodes
    // and not on the third; the parts are sorted as text, counts included, as a real cluster
    // prints them.
    let nodes = ["cp", "worker-1", "worker-2"].map(|n| {
        let taints = if n == "cp" { "[{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]" } else { "[]" };
        format!("---\napiVersion: v1\nkind: Node\nmetadata: {{name: {n}}}\nspec: {{taints: {taints}}}\n")
    });
    let timeline = simulate_checked(&load("rwop-cp.yaml", &format!("{text}{}", nodes.concat()), 0));
    assert_eq!(
        events(&timeline, "FailedScheduling"),
        ["web-1: 0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod. no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."]
    );
}

#[test]
fn a_multi_attach_error_names_the_pods_that_hold_the_volume_elsewhere() {
    // Spec §E8: two replicas share one ReadWriteOnce claim. web-0, deleted, comes back on another
    // node than web-1, which still uses the volume: the attach/detach controller names web-1
    // (`reportMultiAttachError`). Without such a pod (a force-deleted one, §F7) it says the
    // volume is exclusively attached elsewhere.
    let text = format!("{}{}", shared_claim("ReadWriteOnce"), r#"---
apiVersion: ordinal/v1alpha1
kind: Scenario
metadata: {name: shared}
spec:
  steps:
  - {at: 1m, deletePod: web-0}
"#);
    let text = text.as_str();
    let timeline = simulate_checked(&load("shared.yaml", text, 0));
    let end = timeline.state_at(timeline.end_ms());
    let (web0, web1) = (end.pod("default", "web-0").expect("web-0"), end.pod("default", "web-1").expect("web-1"));
    assert_ne!(web0.node, web1.node, "the replacement is spread to another node");
    assert_eq!((web0.status, web1.status), ("ContainerCreating", "Running"));
    let volume = end.claim("default", "shared").and_then(|c| c.volume.clone()).expect("bound");
    assert_eq!(
        events(&timeline, "FailedAttachVolume"),
        [format!("web-0: Multi-Attach error for volume {volume:?} Volume is already used by pod(s) web-1")]
    );
}

#[test]
fn a_container_that_ran_long_enough_restarts_at_once_again() {
    // Spec §F2 with the kubelet's back-off (`flowcontrol.Backoff`): two exits in a row back off
    // once; an exit after ten minutes of running (twice the maximum back-off) is a first exit again.
    let text = with_steps(
        "  - {at: 1m, crashPod: {pod: web-0, times: 2}}
  - {at: 30m, crashPod: {pod: web-0}}
",
    );
    let timeline = simulate_checked(&load("crash.yaml", &text, 0));
    let backoffs = event_times(&timeline, "BackOff");
    assert_eq!(backoffs.len(), 1, "only the second of two exits in a row backs off: {backoffs:?}");
    let late_exit = timeline.state_at(30 * MIN).pod("default", "web-0").map(|p| p.status);
    assert_eq!(late_exit, Some("Error"));
    let restarted = timeline.state_at(30 * MIN + 500).pod("default", "web-0").map(|p| (p.status, p.restarts));
    assert_eq!(restarted, Some(("Running", 3)), "restarted at the kubelet's next sync");
}

#[test]
fn only_a_kubelet_that_answers_reports_a_failed_readiness_probe() {
    // The prober runs in the kubelet: on a powered-off node no probe fails, and no `Unhealthy`
    // Event is written, whatever the pod's application would say.
    let text = with_steps(
        "  - {at: 1m, setReadiness: {pod: web-0, ready: false}}
  - {at: 2m, failNode: node-1}
  - {at: 2m, failNode: node-2}
  - {at: 2m, failNode: node-3}
  - {at: 4m, setReadiness: {pod: web-0, ready: true}}
  - {at: 5m, setReadiness: {pod: web-0, ready: false}}
",
    );
    let timeline = simulate_checked(&load("silent.yaml", &text, 0));
    assert_eq!(event_times(&timeline, "Unhealthy"), vec![MIN], "one probe failure, reported while its node answered");
}

/// The pods at the end of a run, by name.
fn pods_at_end(timeline: &engine::Timeline) -> Vec<String> {
    timeline.state_at(timeline.end_ms()).pods().map(|p| p.name.to_string()).collect()
}

#[test]
fn ordered_scale_down_stops_at_an_unready_condemned_pod_above_the_first_unready_one() {
    // `processCondemned`: a condemned pod that is not Running and Ready blocks, unless it is the
    // lowest-numbered unhealthy one. web-3 (Ready) goes; web-2 (unready) waits for ever.
    let steps = "  - {at: 1m, setReadiness: {pod: web-1, ready: false}}
  - {at: 1m, setReadiness: {pod: web-2, ready: false}}
  - {at: 2m, scale: {statefulset: web, replicas: 1}}
";
    let text = replicas_with_steps(4, steps);
    let timeline = simulate_checked(&load("stall.yaml", &text, 0));
    assert_eq!(pods_at_end(&timeline), ["web-0", "web-1", "web-2"]);
    assert_eq!(events(&timeline, "SuccessfulDelete"), ["web: delete Pod web-3 in StatefulSet web successful"]);

    // With only the lowest condemned pod unready, scale-down goes on through it.
    let one = steps.replace("  - {at: 1m, setReadiness: {pod: web-2, ready: false}}\n", "");
    let text = replicas_with_steps(4, &one);
    let timeline = simulate_checked(&load("stall.yaml", &text, 0));
    assert_eq!(pods_at_end(&timeline), ["web-0"]);

    // Parallel deletes every condemned pod whatever its health (§C4).
    let text = text.replace("serviceName: nginx", "serviceName: nginx\n  podManagementPolicy: Parallel").replace("web-1, ready", "web-2, ready");
    let timeline = simulate_checked(&load("stall.yaml", &text, 0));
    assert_eq!(pods_at_end(&timeline), ["web-0"]);
}

/// A two-replica set with one claim template and this retention policy, as one flow mapping (so
/// it can also be a step's `apply`).
fn set_with_policy(policy: &str) -> String {
    format!(
        "{{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: web}}, spec: {{serviceName: nginx, replicas: 2, \
         persistentVolumeClaimRetentionPolicy: {policy}, selector: {{matchLabels: {{app: nginx}}}}, \
         template: {{metadata: {{labels: {{app: nginx}}}}, spec: {{containers: [{{name: nginx, image: nginx, \
         volumeMounts: [{{name: www, mountPath: /d}}]}}]}}}}, volumeClaimTemplates: [{{metadata: {{name: www}}, \
         spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}}}]}}}}"
    )
}

/// The claims left at the end of: the set made with `first`, given `then` at 1m, scaled to one
/// replica at 2m and deleted at 3m.
fn claims_left(first: &str, then: &str) -> Vec<String> {
    let text = format!(
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {{name: standard, annotations: {{storageclass.kubernetes.io/is-default-class: \"true\"}}}}\nprovisioner: ebs.csi.aws.com\n---\n{}\n---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\nspec:\n  steps:\n  - {{at: 1m, apply: {}}}\n  - {{at: 2m, scale: {{statefulset: web, replicas: 1}}}}\n  - {{at: 3m, deleteStatefulSet: web}}\n",
        set_with_policy(first),
        set_with_policy(then)
    );
    let timeline = simulate_checked(&load("retention.yaml", &text, 0));
    assert!(timeline.issues().is_empty(), "{:?}", timeline.issues());
    timeline.state_at(timeline.end_ms()).claims().map(|c| c.name.to_string()).collect()
}

#[test]
fn a_retention_policy_changed_on_a_running_set_reaches_the_claims_it_has() {
    // The StatefulSet controller matches every claim's owners to the policy on each sync
    // (`ClaimsMatchRetentionPolicy`), not only when it creates a claim.
    let delete = "{whenDeleted: Delete, whenScaled: Delete}";
    let retain = "{whenDeleted: Retain, whenScaled: Retain}";
    assert_eq!(claims_left(delete, delete), Vec::<String>::new());
    assert_eq!(claims_left(delete, retain), ["www-web-0", "www-web-1"]);
    assert_eq!(claims_left(retain, delete), Vec::<String>::new());
    // Only when deleted: scale-down keeps www-web-1, but the set still owns it and takes it along.
    assert_eq!(claims_left(retain, "{whenDeleted: Delete}"), Vec::<String>::new());
    // Only when scaled: www-web-1 goes with its pod, www-web-0 outlives the set.
    assert_eq!(claims_left(retain, "{whenScaled: Delete}"), ["www-web-0"]);
}

/// A StorageClass as one flow mapping.
fn class_doc(name: &str, default: bool, provisioner: &str) -> String {
    let annotations = if default { ", annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}" } else { "" };
    format!("{{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {{name: {name}{annotations}}}, provisioner: {provisioner}}}")
}

/// A claim of 1Gi that names no class, as one flow mapping.
fn claim_doc(name: &str) -> String {
    format!("{{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {{name: {name}}}, spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}}}")
}

/// Documents, then a Scenario of these steps.
fn docs_then_steps(docs: &[String], steps: &[String]) -> String {
    let steps: String = steps.iter().map(|s| format!("  - {s}\n")).collect();
    format!("{}\n---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\nspec:\n  steps:\n{steps}", docs.join("\n---\n"))
}

#[test]
fn claims_without_a_class_get_the_newest_default_and_of_a_paste_the_first_by_name() {
    // `GetDefaultClass`: newest creationTimestamp first, then name; a paste is created in one second.
    let text = docs_then_steps(
        &[class_doc("slow", true, "ebs.csi.aws.com"), class_doc("fast", true, "ebs.csi.aws.com"), claim_doc("first")],
        &[format!("{{at: 1m, apply: {}}}", class_doc("newer", true, "ebs.csi.aws.com")), format!("{{at: 2m, apply: {}}}", claim_doc("second"))],
    );
    let timeline = simulate_checked(&load("defaults.yaml", &text, 0));
    let end = timeline.state_at(timeline.end_ms());
    let class = |name: &str| end.claim("default", name).and_then(|c| c.storage_class.as_deref().map(str::to_owned));
    assert_eq!(class("first").as_deref(), Some("fast"));
    assert_eq!(class("second").as_deref(), Some("newer"));
}

#[test]
fn a_claim_made_before_any_default_class_gets_the_default_when_one_appears() {
    // Retroactive default StorageClass assignment (GA in v1.28): the PV controller gives it the class,
    // and it is provisioned. Until then it waits with a Normal FailedBinding event.
    let text = docs_then_steps(&[claim_doc("data")], &[format!("{{at: 1m, apply: {}}}", class_doc("standard", true, "ebs.csi.aws.com"))]);
    let timeline = simulate_checked(&load("late-default.yaml", &text, 0));
    let failed: Vec<bool> = timeline
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Event(e) if e.reason == "FailedBinding" => Some(e.event_type == "Warning"),
            _ => None,
        })
        .collect();
    assert_eq!(failed, [false], "one Normal FailedBinding");
    let before = timeline.state_at(59_000);
    assert_eq!(before.claim("default", "data").map(|c| (c.phase, c.storage_class.is_none())), Some(("Pending", true)));
    let end = timeline.state_at(timeline.end_ms());
    let claim = end.claim("default", "data").expect("the claim");
    assert_eq!((claim.phase, claim.storage_class.as_deref()), ("Bound", Some("standard")));
}

#[test]
fn an_immediate_claim_of_a_no_provisioner_class_reports_that_no_plugin_matches() {
    let docs = [class_doc("local", false, "kubernetes.io/no-provisioner"), claim_doc("data").replace("accessModes", "storageClassName: local, accessModes")];
    let timeline = simulate_checked(&load("no-provisioner.yaml", &docs_then_steps(&docs, &[]).replace("  steps:\n", "  steps: []\n"), 0));
    assert_eq!(events(&timeline, "ProvisioningFailed"), ["data: no volume plugin matched name: kubernetes.io/no-provisioner"]);
    assert!(events(&timeline, "ExternalProvisioning").is_empty());
}

/// A hand-made PersistentVolume of 1Gi (no class; ReadWriteOnce unless `extra`, which goes into
/// its spec, says otherwise), as one flow mapping.
fn volume_doc(name: &str, extra: &str) -> String {
    sized_volume_doc(name, "1Gi", extra)
}

/// [`volume_doc`] of another size. Its source is a CSI volume (attached to a node) unless
/// `extra` gives one.
fn sized_volume_doc(name: &str, size: &str, extra: &str) -> String {
    let modes = if extra.contains("accessModes") { "" } else { ", accessModes: [ReadWriteOnce]" };
    let given = ["local:", "hostPath:", "nfs:"].iter().any(|s| extra.contains(s));
    let source = if given { String::new() } else { format!(", csi: {{driver: disk.csi.example.com, volumeHandle: {name}}}") };
    format!("{{apiVersion: v1, kind: PersistentVolume, metadata: {{name: {name}}}, spec: {{capacity: {{storage: {size}}}{modes}{source}{extra}}}}}")
}

#[test]
fn a_claim_that_names_a_volume_binds_only_if_the_volume_satisfies_it() {
    // `checkVolumeSatisfyClaim`, checked in its order; a volume held by another claim is refused
    // too (claims are synced in name order here, so "early" gets "fits").
    let named = |claim: &str, spec: &str| format!("{{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {{name: {claim}}}, spec: {{{spec}}}}}");
    let docs = [
        volume_doc("small", ""),
        volume_doc("fits", ""),
        volume_doc("classy", ", storageClassName: gold"),
        volume_doc("shared", ", accessModes: [ReadOnlyMany]"),
        named("big", "volumeName: small, storageClassName: \"\", accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}"),
        named("plain", "volumeName: classy, storageClassName: \"\", accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}"),
        named("writer", "volumeName: shared, storageClassName: \"\", accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}"),
        named("early", "volumeName: fits, storageClassName: \"\", accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}"),
        named("late", "volumeName: fits, storageClassName: \"\", accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}"),
    ];
    let timeline = simulate_checked(&load("by-name.yaml", &docs_then_steps(&docs, &[]).replace("  steps:\n", "  steps: []\n"), 0));
    assert_eq!(
        events(&timeline, "VolumeMismatch"),
        [
            "big: Cannot bind to requested volume \"small\": requested PV is too small",
            "plain: Cannot bind to requested volume \"classy\": storageClassName does not match",
            "writer: Cannot bind to requested volume \"shared\": incompatible accessMode",
        ]
    );
    assert_eq!(events(&timeline, "FailedBinding"), ["late: volume \"fits\" already bound to a different claim."]);
    let end = timeline.state_at(timeline.end_ms());
    let phases: Vec<(&str, &str)> = end.claims().map(|c| (&*c.name, c.phase)).collect();
    assert_eq!(phases, [("big", "Pending"), ("early", "Bound"), ("late", "Pending"), ("plain", "Pending"), ("writer", "Pending")]);
}

#[test]
fn a_hand_made_volume_with_reclaim_delete_fails_when_no_deleter_can_remove_it() {
    // `findDeletablePlugin`: no in-tree plugin deletes a local or NFS volume, hostPath only under
    // /tmp/, and a volume that names an external provisioner is that provisioner's to delete.
    let docs = [
        volume_doc("local", ", persistentVolumeReclaimPolicy: Delete, local: {path: /mnt/disk}, nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-1]}]}]}}"),
        volume_doc("data", ", persistentVolumeReclaimPolicy: Delete, hostPath: {path: /data/x}"),
        volume_doc("scratch", ", persistentVolumeReclaimPolicy: Delete, hostPath: {path: /tmp/x}"),
        volume_doc("ebs", ", persistentVolumeReclaimPolicy: Delete").replace("metadata: {name: ebs}", "metadata: {name: ebs, annotations: {pv.kubernetes.io/provisioned-by: ebs.csi.aws.com}}"),
    ];
    let mut all = docs.to_vec();
    let mut steps = Vec::new();
    for (i, volume) in ["local", "data", "scratch", "ebs"].iter().enumerate() {
        all.push(format!("{{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {{name: c-{volume}}}, spec: {{volumeName: {volume}, storageClassName: \"\", accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}}}"));
        steps.push(format!("{{at: {}m, deletePersistentVolumeClaim: c-{volume}}}", i + 1));
    }
    let timeline = simulate_checked(&load("reclaim.yaml", &docs_then_steps(&all, &steps), 0));
    assert_eq!(
        events(&timeline, "VolumeFailedDelete"),
        [
            "local: error getting deleter volume plugin for volume \"local\": no deletable volume plugin matched",
            "data: host_path deleter only supports /tmp/.+ but received provided /data/x",
        ]
    );
    let end = timeline.state_at(timeline.end_ms());
    let volumes: Vec<(&str, &str)> = end.volumes().map(|v| (&*v.name, v.phase)).collect();
    assert_eq!(volumes, [("data", "Failed"), ("local", "Failed")]);
}

#[test]
fn pods_of_a_deleted_node_go_after_the_quarantine_and_their_volumes_after_the_force_detach() {
    // The failover scenario, with node-2 deleted 4 minutes after it stopped answering instead of
    // tainted out of service. `gcOrphaned`: pods bound to a missing node are marked Failed and
    // deleted once it has been missing 40 s (at a pod GC run, every 20 s); the volume stays
    // attached as the node's last status said until the 6-minute force detach (§F7).
    let text = std::fs::read_to_string(crate::repo_root().join("tests/scenarios/failover.yaml")).expect("failover.yaml");
    let text = text.replace("{at: 11m, taintOutOfService: node-2}", "{at: 8m, deleteNode: node-2}");
    let timeline = simulate_checked(&load("deleted-node.yaml", &text, 0));
    let deleted_at = 8 * MIN;
    let on_node_2: Vec<String> =
        timeline.state_at(deleted_at).pods().filter(|p| p.node.as_deref() == Some("node-2")).map(|p| p.name.to_string()).collect();
    assert!(!on_node_2.is_empty());
    for name in &on_node_2 {
        // Its last two records: marked Failed, then deleted, together.
        let last: Vec<(u64, ChangeType, &str)> = timeline
            .records()
            .iter()
            .filter_map(|r| match r {
                Record::Change(c) if c.t_ms >= deleted_at => match &*c.object {
                    View::Pod(p) if *p.name == **name && p.node.as_deref() == Some("node-2") => Some((c.t_ms, c.change, p.phase)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let [.., (failed_at, ChangeType::Modified, "Failed"), (gone_at, ChangeType::Deleted, "Failed")] = last[..] else {
            panic!("{name}: {last:?}")
        };
        assert_eq!(failed_at, gone_at);
        assert!((deleted_at + 40_000..=deleted_at + 60_000).contains(&gone_at), "{name} deleted at {gone_at}");
        // The replacement's volume attaches after the force detach, not before.
        let attached = timeline.records().iter().find_map(|r| match r {
            Record::Event(e) if e.t_ms > gone_at && *e.name == **name && e.reason == "SuccessfulAttachVolume" => Some(e.t_ms),
            _ => None,
        });
        assert!(attached.is_some_and(|t| t >= gone_at + 6 * MIN), "{name}: attached at {attached:?}, deleted at {gone_at}");
    }
}

#[test]
fn a_node_runs_at_most_110_pods_and_a_pod_that_leaves_makes_room() {
    // One node, 111 replicas without volumes: the 111th waits, in the scheduler's words.
    let set = SET.replace("replicas: 1\n", "replicas: 111\n  podManagementPolicy: Parallel\n");
    let scenario = |step: &str| format!("{set}---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\nspec:\n  nodes: 1\n  steps:\n  - {step}\n");
    let timeline = simulate_checked(&load("full.yaml", &scenario("{at: 2m, scale: {statefulset: web, replicas: 110}}"), 0));
    let failed = events(&timeline, "FailedScheduling");
    assert_eq!(
        failed,
        ["web-110: 0/1 nodes are available: 1 Too many pods. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."]
    );
    let before = timeline.state_at(2 * 60_000 - 1);
    assert_eq!(before.pods().filter(|p| p.node.is_some()).count(), 110);
    assert_eq!(before.pod("default", "web-110").map(|p| p.status), Some("Pending"));

    // Deleting a pod frees its place. The pod that has waited for one (its back-off long run out)
    // goes first in the scheduling queue and takes it at once; the deleted pod's replacement,
    // made after, finds the node full and waits in its turn.
    let timeline = simulate_checked(&load("room.yaml", &scenario("{at: 1m, forceDeletePod: web-3}"), 0));
    let end = timeline.state_at(timeline.end_ms());
    assert_eq!(end.pods().filter(|p| p.node.is_some()).count(), 110, "a node never runs more than 110");
    let scheduled = event_times(&timeline, "Scheduled");
    assert_eq!(scheduled.len(), 111, "110 at the start, then one at the deletion");
    assert_eq!(scheduled[110], 60_000, "{scheduled:?}");
    assert!(end.pod("default", "web-110").is_some_and(|p| p.node.is_some()));
    let waiting: Vec<&str> = end.pods().filter(|p| p.node.is_none()).map(|p| &*p.name).collect();
    assert_eq!(waiting, ["web-3"]);
    let failed = events(&timeline, "FailedScheduling");
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed[1].starts_with("web-3: 0/1 nodes are available: 1 Too many pods."), "{}", failed[1]);
}

#[test]
fn a_node_that_answers_again_cancels_the_eviction_and_a_new_outage_waits_its_own_toleration() {
    // `processPodOnNode`: once the NoExecute taints are gone the scheduled deletion is cancelled
    // (`cancelWorkWithEvent`); a second outage schedules a deletion 300 s after its own taint.
    let text = replicas_with_steps(
        3,
        "  - {at: 1m, failNode: node-1}
  - {at: 2m, recoverNode: node-1}
  - {at: 5m, failNode: node-1}
",
    );
    let timeline = simulate_checked(&load("again.yaml", &text, 0));
    let on_node_1: Vec<String> =
        timeline.state_at(MIN).pods().filter(|p| p.node.as_deref() == Some("node-1")).map(|p| p.name.to_string()).collect();
    let [pod] = &on_node_1[..] else { panic!("one pod a node: {on_node_1:?}") };
    assert_eq!(
        events(&timeline, "TaintManagerEviction"),
        [format!("{pod}: Cancelling deletion of Pod default/{pod}"), format!("{pod}: Marking for deletion Pod default/{pod}")]
    );
    let times = event_times(&timeline, "TaintManagerEviction");
    let ready_again = event_times(&timeline, "NodeReady");
    assert_eq!(times[0], ready_again[0], "cancelled as the taint goes");
    assert_eq!(times[1], 5 * MIN + 40_000 + 300_000, "300 s after the second outage's taint");
}

#[test]
fn when_no_node_is_ready_nothing_is_evicted_until_one_is_again() {
    // `handleDisruption`: with every node not Ready the controller suspects itself, removes the
    // unreachable NoExecute taints and stops tainting, so the pods stay Running, not Ready,
    // however long it lasts. When a node is Ready again, the others are tainted and their pods evicted
    // after the toleration.
    let text = replicas_with_steps(
        3,
        "  - {at: 1m, failNode: node-1}
  - {at: 1m, failNode: node-2}
  - {at: 1m, failNode: node-3}
  - {at: 30m, recoverNode: node-1}
",
    );
    let timeline = simulate_checked(&load("all-down.yaml", &text, 0));
    let before = timeline.state_at(30 * MIN);
    assert!(before.nodes().all(|n| n.ready == "Unknown" && n.taints == ["node.kubernetes.io/unreachable:NoSchedule"]), "{:?}", before.nodes().collect::<Vec<_>>());
    assert!(before.pods().all(|p| p.status == "Running" && !p.ready), "{:?}", before.pods().collect::<Vec<_>>());
    let evictions = event_times(&timeline, "TaintManagerEviction");
    let ready_again = event_times(&timeline, "NodeReady")[0];
    assert_eq!(evictions, [ready_again + 300_000; 2], "the two pods on the nodes still down");
    let after = timeline.state_at(ready_again);
    let tainted: Vec<&str> = after.nodes().filter(|n| n.taints.iter().any(|t| t.ends_with(":NoExecute"))).map(|n| &*n.name).collect();
    assert_eq!(tainted, ["node-2", "node-3"]);
}

/// A PersistentVolume of `size` with these access modes and class, and `extra` in its spec.
fn volume(name: &str, size: &str, modes: &str, class: &str, extra: &str) -> String {
    format!("---\n{}\n", sized_volume_doc(name, size, &format!(", accessModes: [{modes}], storageClassName: {class:?}{extra}")))
}

/// A claim of 1Gi, ReadWriteOnce, of this class.
fn claim(name: &str, class: &str) -> String {
    format!(
        "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: {class:?}\n  resources: {{requests: {{storage: 1Gi}}}}\n"
    )
}

/// Each claim and the volume it is bound to at the end.
fn bindings(text: &str) -> Vec<(String, Option<String>)> {
    let timeline = simulate_checked(&load("bind.yaml", text, 0));
    let end = timeline.state_at(timeline.end_ms());
    end.claims().map(|c| (c.meta.name.to_string(), c.volume.as_deref().map(str::to_owned))).collect()
}

#[test]
fn static_binding_takes_the_reserved_volume_then_the_fewest_access_modes_then_the_smallest() {
    // `FindMatchingVolume`: a volume whose claimRef names the claim is taken before any search
    // for the smallest, whatever its class; `findByClaim` searches the volumes with the fewest
    // access modes first, the smallest among them.
    let text = [
        volume("rwo-10g", "10Gi", "ReadWriteOnce", "", ""),
        volume("rwo-rox-5g", "5Gi", "ReadWriteOnce, ReadOnlyMany", "", ""),
        volume("reserved-20g", "20Gi", "ReadWriteOnce", "", ", claimRef: {namespace: default, name: c}"),
        volume("reserved-other-class", "1Gi", "ReadWriteOnce", "slow", ", claimRef: {namespace: default, name: d}"),
        volume("rwo-2g", "2Gi", "ReadWriteOnce", "", ""),
        claim("a", ""),
        claim("b", ""),
        claim("c", ""),
        claim("d", ""),
    ]
    .concat();
    let got = bindings(&text);
    let want = [("a", "rwo-2g"), ("b", "rwo-10g"), ("c", "reserved-20g"), ("d", "reserved-other-class")];
    assert_eq!(got, want.map(|(c, v)| (c.to_string(), Some(v.to_string()))));
}

#[test]
fn a_reserved_volume_binds_at_once_even_when_its_class_waits_for_a_consumer() {
    // "delayBinding ... prebound PVs are still returned as a match for the claim, but unbound
    // PVs are skipped": the PV controller binds it without waiting for a pod.
    let class = "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: manual}\nprovisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\n";
    let text = [
        class.to_string(),
        volume("reserved", "5Gi", "ReadWriteOnce", "manual", ", claimRef: {namespace: default, name: mine}"),
        volume("free", "1Gi", "ReadWriteOnce", "manual", ""),
        claim("mine", "manual"),
        claim("other", "manual"),
    ]
    .concat();
    assert_eq!(bindings(&text), [("mine".to_string(), Some("reserved".to_string())), ("other".to_string(), None)]);
}

#[test]
fn a_network_file_system_is_mounted_without_attaching_so_a_replacement_starts_at_once() {
    // `ProcessPodVolumes` skips a volume whose plugin has no attacher (NFS): no attach, so no
    // Multi-Attach error and no 6-minute force-detach when its node is lost (§E8 is for
    // attached volumes).
    let text = format!(
        "{}\n---\n{}",
        sized_volume_doc("pv-nfs", "1Gi", ", storageClassName: \"\", nfs: {server: 10.0.0.5, path: /exports/a}"),
        with_steps("  - {at: 1m, failNode: node-2}\n  - {at: 2m, forceDeletePod: web-0}\n")
            .replace("  steps:", "  nodes: 2\n  steps:")
            .replace("    spec:\n      containers: [{name: nginx, image: nginx}]", "    spec:\n      containers: [{name: nginx, image: nginx, volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]}]\n  volumeClaimTemplates:\n  - metadata: {name: www}\n    spec: {accessModes: [ReadWriteOnce], storageClassName: \"\", resources: {requests: {storage: 1Gi}}}")
    );
    let timeline = simulate_checked(&load("nfs.yaml", &text, 0));
    let first = timeline.state_at(MIN);
    assert_eq!(first.pod("default", "web-0").and_then(|p| p.node.as_deref().map(str::to_owned)).as_deref(), Some("node-2"), "the scenario fails web-0's node");
    assert_eq!(first.claims().map(|c| c.volume.as_deref().map(str::to_owned)).collect::<Vec<_>>(), [Some("pv-nfs".to_owned())]);
    assert!(event_times(&timeline, "SuccessfulAttachVolume").is_empty() && event_times(&timeline, "FailedAttachVolume").is_empty());
    let again = timeline.state_at(2 * MIN + 10_000);
    let pod = again.pod("default", "web-0").expect("replaced");
    assert!(pod.ready && pod.node.as_deref() == Some("node-1"), "{pod:?}");
}

#[test]
fn a_template_that_only_writes_out_the_api_defaults_is_the_same_revision() {
    // The API server stores a template defaulted (`SetDefaults_PodSpec`, `_ContainerPort`,
    // `_Probe`, `_HTTPGetAction`): applying it again with the defaults written out rolls nothing.
    let spelled = "      restartPolicy: Always\n      terminationGracePeriodSeconds: 30\n      containers:\n      - name: nginx\n        image: nginx\n        ports: [{containerPort: 80, protocol: TCP}]\n        readinessProbe: {httpGet: {path: /, port: 80, scheme: HTTP}, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3}";
    let first = "      containers:\n      - name: nginx\n        image: nginx\n        ports: [{containerPort: 80}]\n        readinessProbe: {httpGet: {port: 80}}";
    let apply = |template: &str| {
        let set = SET.replace("      containers: [{name: nginx, image: nginx}]", template).replace("replicas: 1", "replicas: 2");
        let step: String = set.trim().lines().map(|l| format!("      {l}\n")).collect();
        replicas_with_steps(2, &format!("  - at: 1m\n    apply:\n{step}")).replacen("      containers: [{name: nginx, image: nginx}]", first, 1)
    };
    let same = simulate_checked(&load("defaults.yaml", &apply(spelled), 0));
    assert!(event_times(&same, "SuccessfulDelete").is_empty(), "{:?}", events(&same, "SuccessfulDelete"));
    let state = same.state_at(same.end_ms());
    let set = state.stateful_sets().next().expect("web");
    assert_eq!(set.current_revision, set.update_revision);
    // A value other than the default is a new revision, and the pods roll.
    let changed = simulate_checked(&load("grace.yaml", &apply(&spelled.replace("Seconds: 30", "Seconds: 31")), 0));
    assert_eq!(event_times(&changed, "SuccessfulDelete").len(), 2);
}

#[test]
fn srv_records_give_the_port_each_pod_has_for_the_target_and_every_endpoint_has_a_name() {
    // `getEndpointPorts` resolves a Service port's targetPort in each pod (`FindPort`), leaving
    // out a pod that has no container port of that name; CoreDNS answers SRV with the
    // endpoint's port, and answers an endpoint without a hostname by its dashed IP.
    let metrics = "apiVersion: v1\nkind: Service\nmetadata: {name: metrics}\nspec:\n  clusterIP: None\n  selector: {app: nginx}\n  ports:\n  - {name: metrics, port: 9000, targetPort: 9100}\n  - {name: http, port: 80, targetPort: web}\n  - {name: admin, port: 81, targetPort: admin}\n---\n";
    let text = format!("{metrics}{}", with_steps("  - {at: 1m, scale: {statefulset: web, replicas: 1}}\n"))
        .replace("containers: [{name: nginx, image: nginx}]", "containers: [{name: nginx, image: nginx, ports: [{name: web, containerPort: 8080}]}]");
    let timeline = simulate_checked(&load("ports.yaml", &text, 0));
    let state = timeline.state_at(timeline.end_ms());
    let ip = state.pod("default", "web-0").and_then(|p| p.ip.as_deref().map(str::to_owned)).expect("an IP");
    let host = format!("{}.metrics.default.svc.cluster.local", ip.replace('.', "-"));
    let records: Vec<(String, &str, String)> =
        state.dns().into_iter().filter(|r| r.name.contains("metrics.")).map(|r| (r.name, r.record_type, r.data)).collect();
    assert_eq!(
        records,
        [
            (host.clone(), "A", ip.clone()),
            ("_http._tcp.metrics.default.svc.cluster.local".into(), "SRV", format!("0 100 8080 {host}.")),
            ("_metrics._tcp.metrics.default.svc.cluster.local".into(), "SRV", format!("0 100 9100 {host}.")),
            ("metrics.default.svc.cluster.local".into(), "A", ip),
        ]
    );
}

#[test]
fn the_beta_class_annotations_still_name_a_claims_class_and_the_default_class() {
    // `GetPersistentVolumeClaimClass` reads the beta annotation before `storageClassName`;
    // `IsDefaultAnnotation` takes either key. The system namespaces exist in every cluster.
    let class = |name: &str, annotations: &str| format!("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {{name: {name}, annotations: {{{annotations}}}}}\nprovisioner: ebs.csi.aws.com\n---\n");
    let claim = |name: &str, annotations: &str| format!("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}, namespace: kube-system, annotations: {{{annotations}}}}}\nspec: {{accessModes: [ReadWriteOnce], storageClassName: slow, resources: {{requests: {{storage: 1Gi}}}}}}\n---\n");
    let text = [
        class("slow", ""),
        class("fast", "storageclass.beta.kubernetes.io/is-default-class: \"true\""),
        claim("beta", "volume.beta.kubernetes.io/storage-class: fast"),
        claim("plain", ""),
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: defaulted}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n".to_string(),
    ]
    .concat();
    let timeline = simulate_checked(&load("beta.yaml", &text, 0));
    let state = timeline.state_at(timeline.end_ms());
    let classes: Vec<(String, Option<String>)> =
        state.claims().map(|c| (c.name.to_string(), c.storage_class.as_deref().map(str::to_owned))).collect();
    let named = |n: &str, c: &str| (n.to_string(), Some(c.to_string()));
    assert_eq!(classes, [named("defaulted", "fast"), named("beta", "fast"), named("plain", "slow")]);
}

#[test]
fn a_volume_bound_to_a_claim_by_uid_is_released_when_the_claim_is_made_again() {
    // An exported PV keeps its claimRef's uid; a claim made again under the name is another
    // object (another uid), so the PV controller releases the volume (`IsVolumeBoundToClaim`,
    // `syncVolume`) and the claim waits: the restore problem, fixed by clearing the uid.
    let docs = |claim_ref: &str| {
        format!(
            "{}\n---\n{}\n",
            volume_doc("pv-data", &format!(", storageClassName: \"\", persistentVolumeReclaimPolicy: Retain, claimRef: {{{claim_ref}}}")),
            claim_doc("data").replace("spec: {", "spec: {storageClassName: \"\", ")
        )
    };
    let exported = simulate_checked(&load("uid.yaml", &docs("namespace: default, name: data, uid: 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"), 0));
    let state = exported.state_at(exported.end_ms());
    let pv = state.volumes().next().expect("pv-data");
    assert_eq!(pv.phase, "Released");
    assert_eq!(state.claims().next().map(|c| (c.phase, c.volume.is_none())), Some(("Pending", true)));
    let cleared = simulate_checked(&load("no-uid.yaml", &docs("namespace: default, name: data"), 0));
    let state = cleared.state_at(cleared.end_ms());
    assert_eq!(state.volumes().next().map(|v| v.phase), Some("Bound"));
}

#[test]
fn a_claim_only_an_unscheduled_pod_names_is_deleted_at_once_and_made_again() {
    // `podUsesPVC` counts only pods with a node: the Pending pod does not hold the claim, and
    // the StatefulSet makes a missing claim again for its pending pod.
    let text = with_steps("  - {at: 30s, deletePersistentVolumeClaim: www-web-0}\n").replace(
        "    spec:\n      containers: [{name: nginx, image: nginx}]",
        "    spec:\n      containers: [{name: nginx, image: nginx, volumeMounts: [{name: www, mountPath: /d}]}]\n  volumeClaimTemplates:\n  - metadata: {name: www}\n    spec: {accessModes: [ReadWriteOnce], storageClassName: \"\", resources: {requests: {storage: 1Gi}}}",
    );
    let timeline = simulate_checked(&load("unscheduled.yaml", &text, 0));
    let claim_changes: Vec<(u64, ChangeType, bool)> = timeline
        .records()
        .iter()
        .filter_map(|r| match r {
            Record::Change(c) => match &*c.object {
                View::PersistentVolumeClaim(p) if c.t_ms >= 30_000 => Some((c.t_ms, c.change, p.terminating)),
                _ => None,
            },
            Record::Event(_) => None,
        })
        .collect();
    assert_eq!(
        claim_changes,
        [(30_000, ChangeType::Modified, true), (30_000, ChangeType::Deleted, true), (30_000, ChangeType::Added, false)]
    );
    assert!(timeline.state_at(timeline.end_ms()).pod("default", "web-0").is_some_and(|p| p.node.is_none()));
}

#[test]
fn a_volume_applied_later_binds_a_pending_claim_at_the_controllers_next_resync() {
    // The PV controller's informers queue the new volume alone; pending claims are looked at
    // again every 15 s (`resync`, `--pvclaimbinder-sync-period`), so a volume applied at 1:10
    // is bound at 1:15.
    let claim = claim_doc("data").replace("spec: {", "spec: {storageClassName: \"\", ");
    let step = format!("{{at: 70s, apply: {}}}", volume_doc("late", ", storageClassName: \"\""));
    let timeline = simulate_checked(&load("late.yaml", &docs_then_steps(&[claim], &[step]), 0));
    let bound = timeline.records().iter().find_map(|r| match r {
        Record::Change(c) => match &*c.object {
            View::PersistentVolumeClaim(p) if p.phase == "Bound" => Some(c.t_ms),
            _ => None,
        },
        Record::Event(_) => None,
    });
    assert_eq!(bound, Some(75_000));
}
