//! The `ordinal` command as docs and scripts use it: exit codes, formats, and every bad input in
//! `tests/corpus/bad/` answered with a positioned error and no panic.

use crate::repo_root;

fn run(args: &[&str], stdin: &str) -> (u8, String, String) {
    let argv: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ordinal::run(&argv, &mut stdin.as_bytes(), &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

fn example() -> String {
    std::fs::read_to_string(repo_root().join("examples/web.yaml")).expect("example")
}

#[test]
fn jsonl_lines_are_objects_in_time_order_with_the_documented_fields() {
    let (code, out, err) = run(&["run", "--format", "jsonl", "-"], &example());
    assert_eq!(code, 0, "{err}");
    let mut last = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        let t = v["t_ms"].as_u64().expect("t_ms");
        assert!(t >= last, "time order");
        last = t;
        let kind = v["kind"].as_str().expect("kind").to_owned();
        let ty = v["type"].as_str().expect("type");
        assert!(["ADDED", "MODIFIED", "DELETED", "EVENT"].contains(&ty), "{line}");
        if ty == "EVENT" {
            assert!(v["reason"].is_string() && v["message"].is_string(), "{line}");
            continue;
        }
        let fields: &[&str] = match kind.as_str() {
            "Pod" => &["namespace", "name", "phase", "status", "ready", "node", "restarts", "claims"],
            "PersistentVolumeClaim" => &["namespace", "name", "phase", "volume", "terminating"],
            "PersistentVolume" => &["name", "phase", "claim", "storageClass", "reclaimPolicy"],
            "Node" => &["name", "ready", "taints"],
            "StatefulSet" => &["replicas", "readyReplicas", "availableReplicas", "currentReplicas", "updatedReplicas"],
            _ => &["name"],
        };
        for f in fields {
            assert!(v.get(f).is_some(), "{kind} lacks {f}: {line}");
        }
        kinds.insert(kind);
    }
    for k in ["Pod", "PersistentVolumeClaim", "PersistentVolume", "Node", "StatefulSet"] {
        assert!(kinds.contains(k), "{k} missing");
    }
}

#[test]
fn until_stops_the_run_and_state_reports_that_moment() {
    let (code, out, _) = run(&["run", "--format", "jsonl", "--until", "90s", "-"], &example());
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| l.contains("\"t_ms\":") && serde_json::from_str::<serde_json::Value>(l).unwrap()["t_ms"].as_u64() <= Some(90_000)));
    let (code, out, err) = run(&["state", "--at", "1m30s", "-"], &example());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["t_ms"], 90_000);
    for key in ["pods", "persistentVolumeClaims", "persistentVolumes", "nodes", "statefulSets", "dns"] {
        assert!(v[key].is_array(), "{key}");
    }
    let pods = v["pods"].as_array().expect("pods");
    assert!(pods.iter().all(|p| p.get("ip").is_some()));
    assert!(v["dns"].as_array().expect("dns").iter().any(|r| r["name"] == "web-0.nginx.default.svc.cluster.local" && r["type"] == "A"));
}

#[test]
fn text_output_reads_like_kubectl_watch() {
    let (code, out, _) = run(&["run", "-"], &example());
    assert_eq!(code, 0);
    let header = out.lines().next().expect("header");
    assert!(header.starts_with("TIME") && header.contains("OBJECT"));
    assert!(out.lines().any(|l| l.contains("pod/web-0") && l.contains("1/1") && l.contains("Running")), "{out}");
    assert!(out.lines().any(|l| l.contains("persistentvolumeclaim/www-web-0") && l.contains("Bound")));
}

#[test]
fn usage_errors_exit_2_and_input_errors_exit_1() {
    assert_eq!(run(&[], "").0, 2);
    assert_eq!(run(&["run", "--format", "xml", "-"], "").0, 2);
    assert_eq!(run(&["state", "-"], "").0, 2);
    assert_eq!(run(&["--help"], "").0, 0);
    let (code, _, err) = run(&["run", "/nonexistent/file.yaml"], "");
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/file.yaml"), "{err}");
    let (code, out, err) = run(&["run", "-"], "kind: StatefulSet\napiVersion: apps/v1\nmetadata: {name: web}\nspec:\n  replicas: three\n");
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.starts_with("<stdin>:5:"), "{err}");
    assert!(err.contains(": error: "), "{err}");
    // Step problems are warnings: the run goes on.
    let (code, _, err) = run(&["run", "-"], "apiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  steps:\n  - {at: 1s, deletePod: ghost}\n");
    assert_eq!(code, 0);
    assert_eq!(err.trim(), "<stdin>:6:3: warning: at 1s: pods \"ghost\" not found");
}

#[test]
fn every_bad_input_gets_a_positioned_error_and_no_panic() {
    let dir = repo_root().join("tests/corpus/bad");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/corpus/bad") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let file = path.to_string_lossy().into_owned();
        let (code, out, err) = run(&["run", &file], "");
        assert_eq!(code, 1, "{file}: exit {code}\n{err}");
        assert!(out.is_empty(), "{file}");
        let prefix = format!("{file}:");
        assert!(
            err.lines().any(|l| l.starts_with(&prefix) && l.contains(": error: ")),
            "{file}: no FILE:LINE:COL: error: line in\n{err}"
        );
        count += 1;
    }
    assert!(count >= 20, "the corpus has only {count} files");
}
