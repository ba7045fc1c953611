//! Bad inputs and what Ordinal must say about them.
//!
//! Every file in `tests/corpus/bad/` starts with `# expect: LINE:COL TEXT`: reading it must give
//! an error at that line and column whose message contains TEXT. The other tests feed hostile and
//! broken text and check that reading never panics and answers with a clear error.

use std::path::PathBuf;

use manifest::{read, Input, Manifest};

fn read_one(file: &str, text: &str) -> Manifest {
    read(&[Input { file, text }])
}

fn shown(m: &Manifest) -> String {
    m.diagnostics.iter().map(|d| format!("  {d}\n")).collect()
}

/// `# expect: 7:5 text` → (7, 5, "text").
fn expectation(text: &str) -> Option<(u32, u32, &str)> {
    let rest = text.lines().next()?.strip_prefix("# expect: ")?;
    let (at, message) = rest.split_once(' ')?;
    let (line, column) = at.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?, message))
}

#[test]
fn every_bad_file_gets_its_error() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "only {} corpus files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let Some((line, column, message)) = expectation(&text) else {
            failures.push(format!("{name}: no `# expect: LINE:COL TEXT` first line"));
            continue;
        };
        let m = read_one(&name, &text);
        let found = m.diagnostics.iter().any(|d| {
            d.is_error() && d.source.line == line && d.source.column == column && d.message.contains(message)
        });
        if !found {
            failures.push(format!("{name}: expected an error at {line}:{column} containing {message:?}; got\n{}", shown(&m)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ten_thousand_brackets_deep_is_an_error() {
    let deep = |n: usize| {
        format!("apiVersion: v1\nkind: Node\nmetadata: {{name: n}}\nx: {}{}\n", "[".repeat(n), "]".repeat(n))
    };
    let has = |m: &Manifest, text: &str| m.diagnostics.iter().any(|d| d.is_error() && d.source.line == 4 && d.message.contains(text));
    let m = read_one("deep.yaml", &deep(10_000));
    assert!(m.objects.is_empty());
    assert!(has(&m, "nested more than 200 levels deep"), "{}", shown(&m));
    // Between the reader's own limit and ours: the reader's recursion limit answers.
    let m = read_one("deep.yaml", &deep(150));
    assert!(has(&m, "recursion limit exceeded"), "{}", shown(&m));
    // Block nesting on one line: `- - - - ...`.
    let m = read_one("dashes.yaml", &format!("{}x\n", "- ".repeat(10_000)));
    assert!(m.diagnostics.iter().any(|d| d.is_error() && d.message.contains("recursion limit exceeded")), "{}", shown(&m));
    let m = read_one("open.yaml", &"{a: ".repeat(10_000));
    assert!(m.has_errors(), "{}", shown(&m));
}

#[test]
fn a_billion_laughs_is_refused_quickly() {
    let mut text = String::from("apiVersion: v1\nkind: Node\nmetadata: {name: n}\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..=12 {
        let p = i - 1;
        let refs = vec![format!("*l{p}"); 10].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    let started = std::time::Instant::now();
    let m = read_one("bomb.yaml", &text);
    assert!(m.objects.is_empty());
    assert!(m.diagnostics.iter().any(|d| d.is_error() && d.message.contains("through aliases")), "{}", shown(&m));
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn oversized_inputs_and_too_many_documents_are_cut() {
    let big = format!("# {}\n", "x".repeat(4 * 1024 * 1024));
    let good = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n";
    let m = read(&[Input { file: "big.yaml", text: &big }, Input { file: "good.yaml", text: good }]);
    assert_eq!(m.objects.len(), 1);
    assert_eq!(m.diagnostics.len(), 1);
    assert_eq!(m.diagnostics[0].to_string(), format!("big.yaml:1:1: error: the input is {} bytes, more than the 4194304 bytes (4 MiB) Ordinal reads: not read", big.len()));

    let many: String = (0..10_005).map(|i| format!("---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: ns-{i}}}\n")).collect();
    let m = read_one("many.yaml", &many);
    assert_eq!(m.objects.len(), 10_000);
    let errors: Vec<_> = m.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{}", shown(&m));
    assert_eq!(errors[0].source.line, 10_000 * 4 + 2);
    assert!(errors[0].message.starts_with("more than 10000 documents"));
}

const GOOD: &str = r#"# A small but complete run.
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector: {app: nginx}
  ports:
    - name: web
      port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web   # the tutorial's name: ünïcødé in a comment
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.24
          ports: [{containerPort: 80, name: web}]
          volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
    - metadata: {name: www}
      spec:
        accessModes: ["ReadWriteOnce"]
        resources: {requests: {storage: 1Gi}}
---
apiVersion: ordinal/v1alpha1
kind: Scenario
spec:
  nodes: 3
  steps:
    - at: 1m
      scale: {statefulset: web, replicas: 5}
    - at: 2m30s
      deletePod: web-1
    - at: 3m
      deleteStatefulSet: {name: web, cascade: orphan}
"#;

#[test]
fn the_good_file_reads_cleanly() {
    let m = read_one("good.yaml", GOOD);
    assert!(m.diagnostics.is_empty(), "{}", shown(&m));
    assert_eq!(m.objects.len(), 3);
    let steps = m.scenario.map(|s| s.spec.steps).unwrap_or_default();
    let at: Vec<(u32, u32)> = steps.iter().map(|s| (s.source.line, s.source.column)).collect();
    assert_eq!(at, [(50, 5), (52, 5), (54, 5)]);
}

#[test]
fn no_prefix_of_a_good_file_panics() {
    for (end, _) in GOOD.char_indices() {
        let _ = read_one("prefix.yaml", &GOOD[..end]);
    }
}

#[test]
fn no_byte_flip_panics() {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    const NOISE: &[u8] = b"-:[]{}&*!|>'\"#%@` \t\n\r,?0aZ\\";
    for _ in 0..600 {
        let mut bytes = GOOD.as_bytes().to_vec();
        for _ in 0..=(next() % 6) {
            let len = bytes.len() as u64;
            let at = (next() % len) as usize;
            let noise = NOISE[(next() % NOISE.len() as u64) as usize];
            match next() % 3 {
                0 => bytes[at] = noise,
                1 => bytes.insert(at, noise),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let m = read_one("flipped.yaml", &text);
        for d in &m.diagnostics {
            assert!(d.source.line >= 1 && d.source.column >= 1, "{d}");
        }
    }
}
